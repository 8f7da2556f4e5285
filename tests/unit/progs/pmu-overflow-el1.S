/*
 * pmu-overflow-el1: overflow flags and the PMU interrupt, PPI 23, through
 * the GIC to the core (test_pmu.c). At EL1; PPI 23 group 1, priority 0x80,
 * enabled. x20 counts the interrupts taken; the IRQ handler records
 * interrupt i at RESULT[8 + 8 * i]: ICC_IAR1_EL1, PMOVSCLR_EL0,
 * PMCCNTR_EL0, PMEVCNTR0_EL0, ELR_EL1; then clears the overflow flags it
 * read (which lowers the line) and writes ICC_EOIR1_EL1.
 *
 * 1. Cycle counter (PMCR_EL0.LC clear) from 2^32 - 512, its interrupt on:
 *    spin until interrupt 0.
 * 2. Event counter 0 counting INST_RETIRED from 2^32 - 300, its interrupt
 *    on (the cycle counter's off): spin until interrupt 1.
 * 3. No interrupt enabled, flags cleared; LC set, cycle counter from
 *    2^64 - 200; a loop of 300 cycles: RESULT[0] = PMOVSSET_EL0,
 *    RESULT[1] = PMCCNTR_EL0 (wrapped); IRQs unmasked, nothing comes.
 * 4. Counter 0's interrupt on, then PMOVSSET_EL0 = 1: interrupt 2, right
 *    after the MSR. RESULT[2] = the address after it, RESULT[3] = x20.
 */
#include "../../target/harness.h"
#include "../../target/gic.h"
#include "pmu-progs.h"

/* Spin with IRQs unmasked until x20 (interrupts taken) reaches \n, then mask them. */
.macro wait_irqs n
	msr	daifclr, #2
.Lwait\@:
	cmp	x20, #\n
	b.ne	.Lwait\@
	msr	daifset, #2
.endm

	start_el1 vectors_el2, vectors_el1
	pmu_clear
	gic_dist_enable
	gic_redist_wake 0
	gic_private 0, PMU_PPI, 0x80
	gic_cpu_enable
	mov	x20, #0

	/* 1 */
	mov	x0, #CCNT_BIT
	msr	pmintenset_el1, x0
	msr	pmcntenset_el0, x0
	li	x0, 0xfffffe00
	msr	pmccntr_el0, x0
	mov	x0, #PMCR_E
	msr	pmcr_el0, x0
	wait_irqs 1

	/* 2 */
	mov	x0, #CCNT_BIT
	msr	pmintenclr_el1, x0
	mov	x0, #EV_INST_RETIRED
	msr	pmevtyper0_el0, x0
	li	x0, 0xfffffed4
	msr	pmevcntr0_el0, x0
	mov	x0, #1
	msr	pmintenset_el1, x0
	msr	pmcntenset_el0, x0
	wait_irqs 2

	/* 3 */
	li	x0, (CCNT_BIT | 1)
	msr	pmintenclr_el1, x0
	msr	pmovsclr_el0, x0
	mov	x0, #(PMCR_E | PMCR_LC)
	msr	pmcr_el0, x0
	mov	x0, #-200
	msr	pmccntr_el0, x0
	mov	x1, #150
1:	subs	x1, x1, #1
	b.ne	1b
	mrs	x2, pmovsset_el0
	mrs	x3, pmccntr_el0
	result	0, x2
	result	1, x3
	msr	daifclr, #2
	.rept	20
	nop
	.endr

	/* 4 */
	mov	x0, #1
	msr	pmintenset_el1, x0
	msr	pmovsset_el0, x0
after_set:
	wait_irqs 3
	la	x0, after_set
	result	2, x0
	result	3, x20
	pass

irq:
	ldr	x0, =(PMU_RESULTS + 64)
	add	x0, x0, x20, lsl #6
	mrs	x1, ICC_IAR1_EL1
	mrs	x2, pmovsclr_el0
	mrs	x3, pmccntr_el0
	mrs	x4, pmevcntr0_el0
	mrs	x5, elr_el1
	stp	x1, x2, [x0]
	stp	x3, x4, [x0, #16]
	str	x5, [x0, #32]
	msr	pmovsclr_el0, x2
	msr	ICC_EOIR1_EL1, x1
	add	x20, x20, #1
	handler_return 1

el1_handler:
	cmp	x17, #(VEC_CUR_SPX + VEC_IRQ)
	b.eq	irq
	unexpected_exception 1, 2

	exit_vectors vectors_el2, 2, 3
	vector_table vectors_el1, 1, el1_handler
