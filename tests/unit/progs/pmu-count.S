/*
 * pmu-count: what the PMU counts over windows the host measures
 * (test_pmu.c). Starts at EL2; HCR_EL2.IMO routes the host's wake-up IRQ
 * to EL2, so that the pauses at EL2 complete (it is never taken: every
 * window runs with its line low). MDCR_EL2.HPMN = 6: every counter is
 * EL1's. The counters, all enabled:
 *	PMCCNTR_EL0	cycles at every EL (PMCCFILTR_EL0.NSH)
 *	PMEVCNTR0_EL0	INST_RETIRED, every EL
 *	PMEVCNTR1_EL0	EXC_TAKEN, every EL
 *	PMEVCNTR2_EL0	EXC_RETURN, every EL
 *	PMEVCNTR3_EL0	CPU_CYCLES at EL0 only (P: not EL1; NSH clear: not EL2)
 *	PMEVCNTR4_EL0	INST_RETIRED at EL1 only (U: not EL0)
 *	PMEVCNTR5_EL0	INST_RETIRED at EL1 and EL2 (P == NSK: EL1 counts; U != NSU)
 *
 * Window 1 (pause 1 to 2): PMCR_EL0 = E|P|C first (every counter from 0),
 * ERET to EL1, a loop of LOOP_EL1 trips, ERET to EL0, a loop of LOOP_EL0
 * trips, SVC; EL1's handler HVCs; EL2's goes on at the reads: PMCCNTR_EL0
 * then PMEVCNTR0..5_EL0, one after the other, right before pause 2.
 * RESULT[0..6] = those reads.
 *
 * Window 2 (pause 3 to 4): PMCR_EL0 = E|C|D first, a loop of LOOP_DIV
 * trips at EL2, then PMCCNTR_EL0 (RESULT[7]) right before pause 4.
 *
 * Window 3 (pause 5 to the end, at EL2): PMCR_EL0 = E|C, NOPS_ON NOPs,
 * PMCNTENCLR_EL0 = C, NOPS_OFF NOPs, PMCNTENSET_EL0 = C, NOPS_ON NOPs,
 * then RESULT[8] = PMCCNTR_EL0; PMCR_EL0 = 0 (E clear), NOPS_OFF NOPs,
 * RESULT[9] = PMCCNTR_EL0, RESULT[10] = PMCNTENSET_EL0, RESULT[11] =
 * PMEVCNTR0_EL0; PMCR_EL0 = P: RESULT[12] = PMEVCNTR0_EL0, RESULT[13] =
 * PMCCNTR_EL0; PMCR_EL0 = C: RESULT[14] = PMCCNTR_EL0, RESULT[15] =
 * PMCR_EL0. Exit 0.
 */
#include "../../target/harness.h"
#include "pmu-progs.h"
#include "timing-progs.h"

	start_el2 vectors_el2, vectors_el1
	pmu_clear
	li	x0, (HCR_RW | HCR_IMO)
	msr	hcr_el2, x0
	li	x0, F_ALL_ELS
	msr	pmccfiltr_el0, x0
	li	x0, (EV_INST_RETIRED | F_ALL_ELS)
	msr	pmevtyper0_el0, x0
	li	x0, (EV_EXC_TAKEN | F_ALL_ELS)
	msr	pmevtyper1_el0, x0
	li	x0, (EV_EXC_RETURN | F_ALL_ELS)
	msr	pmevtyper2_el0, x0
	li	x0, (EV_CPU_CYCLES | F_EL0_ONLY)
	msr	pmevtyper3_el0, x0
	li	x0, (EV_INST_RETIRED | F_EL1_ONLY)
	msr	pmevtyper4_el0, x0
	li	x0, (EV_INST_RETIRED | F_EL1_EL2_NSK)
	msr	pmevtyper5_el0, x0
	li	x0, (CCNT_BIT | 0x3f)
	msr	pmcntenset_el0, x0
	mov	x9, #(PMCR_E | PMCR_P | PMCR_C)
	la	x28, reads
	isb
	pause

	/* Window 1 */
	msr	pmcr_el0, x9
	eret_to	2, el1_code, (PSR_DAIF | PSR_M_EL1h)
el1_code:
	mov	x1, #LOOP_EL1
1:	subs	x1, x1, #1
	b.ne	1b
	eret_to	1, el0_code, (PSR_DAIF | PSR_M_EL0t)
el0_code:
	mov	x1, #LOOP_EL0
1:	subs	x1, x1, #1
	b.ne	1b
	svc	#0
reads:
	read_counters
	mov	x9, #(PMCR_E | PMCR_C | PMCR_D)
	pause

	/* Window 2 */
	msr	pmcr_el0, x9
	mov	x1, #LOOP_DIV
1:	subs	x1, x1, #1
	b.ne	1b
	mrs	x0, pmccntr_el0
	pause
	result	7, x0
	mov	x9, #(PMCR_E | PMCR_C)
	mov	x10, #CCNT_BIT
	pause

	/* Window 3 */
	msr	pmcr_el0, x9
	.rept	NOPS_ON
	nop
	.endr
	msr	pmcntenclr_el0, x10
	.rept	NOPS_OFF
	nop
	.endr
	msr	pmcntenset_el0, x10
	.rept	NOPS_ON
	nop
	.endr
	mrs	x0, pmccntr_el0
	msr	pmcr_el0, xzr
	.rept	NOPS_OFF
	nop
	.endr
	mrs	x1, pmccntr_el0
	mrs	x2, pmcntenset_el0
	mrs	x3, pmevcntr0_el0
	mov	x4, #PMCR_P
	msr	pmcr_el0, x4
	mrs	x4, pmevcntr0_el0
	mrs	x5, pmccntr_el0
	mov	x6, #PMCR_C
	msr	pmcr_el0, x6
	mrs	x6, pmccntr_el0
	mrs	x7, pmcr_el0
	result	8, x0
	result	9, x1
	result	10, x2
	result	11, x3
	result	12, x4
	result	13, x5
	result	14, x6
	result	15, x7
	pass

/* EL0's SVC reaches EL1, which asks EL2 to go on at x28. */
el1_sync:
	hvc	#0
el2_sync:
	br	x28

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync
