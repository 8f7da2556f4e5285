/*
 * pmu-events-el1: the events the timing model counts (test_pmu.c). At EL1
 * (no EL2), MMU off. Counters, counting at EL0 and EL1 (filter 0):
 *	PMEVCNTR0_EL0	L1D_CACHE_REFILL	PMEVCNTR3_EL0	BR_MIS_PRED
 *	PMEVCNTR1_EL0	L1D_CACHE		PMEVCNTR4_EL0	BR_PRED
 *	PMEVCNTR2_EL0	L2D_CACHE_REFILL	PMEVCNTR5_EL0	INST_RETIRED
 * Window (pause 1 to 2): PMCR_EL0 = E|P|C first; EVENT_LINES loads, one a
 * line, over a region larger than the L1D and the L2; as many branches
 * taken or not by a pseudo-random bit (an LFSR); then PMCCNTR_EL0 and the
 * six counters, read one after the other right before pause 2.
 * RESULT[0..6] = those reads (PMCCNTR_EL0 first), RESULT[7] =
 * PMCEID0_EL0. Exit 0.
 */
#include "../../target/harness.h"
#include "pmu-progs.h"
#include "timing-progs.h"

	start_el1 vectors_el2, vectors
	pmu_clear
	mov	x0, #EV_L1D_CACHE_REFILL
	msr	pmevtyper0_el0, x0
	mov	x0, #EV_L1D_CACHE
	msr	pmevtyper1_el0, x0
	mov	x0, #EV_L2D_CACHE_REFILL
	msr	pmevtyper2_el0, x0
	mov	x0, #EV_BR_MIS_PRED
	msr	pmevtyper3_el0, x0
	mov	x0, #EV_BR_PRED
	msr	pmevtyper4_el0, x0
	mov	x0, #EV_INST_RETIRED
	msr	pmevtyper5_el0, x0
	li	x0, (CCNT_BIT | 0x3f)
	msr	pmcntenset_el0, x0
	mov	x9, #(PMCR_E | PMCR_P | PMCR_C)
	li	x1, EVENT_BASE
	mov	x2, #EVENT_LINES
	mov	x3, #0xace1             /* LFSR state */
	mov	x4, #0
	pause

	msr	pmcr_el0, x9
1:	ldr	x5, [x1], #64
	/* A 16-bit Galois LFSR (taps 0xB400): the branch below follows its low bit. */
	and	x6, x3, #1
	lsr	x3, x3, #1
	cbz	x6, 2f
	mov	x7, #0xb400
	eor	x3, x3, x7
	add	x4, x4, #1
2:	subs	x2, x2, #1
	b.ne	1b
	read_counters
	mrs	x0, pmceid0_el0
	result	7, x0
	pass

el1_unexpected:
	unexpected_exception 1, 2

	vector_table vectors, 1, el1_unexpected
	exit_vectors vectors_el2, 2, 3
