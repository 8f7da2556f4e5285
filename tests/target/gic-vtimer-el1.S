/*
 * gic-vtimer-el1: the virtual timer's interrupt (PPI 27) through the GIC,
 * taken at EL1 when the virtual count reaches CNTV_CVAL_EL0 and not before
 * (ARM DDI 0487, "The AArch64 view of the Generic Timer": the condition is
 * met when the count has reached CompareValue; ARM IHI 0069: a
 * level-sensitive PPI is pending while its input is high).
 *
 * The GIC is set up for PPI 27 (group 1, priority 0x80, enabled); CVAL =
 * CNTVCT + CNTFRQ / 100 (10 ms, whatever the counter's frequency: 19.2
 * MHz on phonesim, 62.5 MHz on QEMU; QEMU's counter follows the host's
 * clock, so a shorter delay can pass before a busy host gets there). With IRQs unmasked the program spins
 * reading CNTVCT_EL0, keeping the last value it saw below CVAL. The IRQ
 * handler (VBAR_EL1 + 0x280) reads CNTVCT_EL0 first and checks:
 *   the count has reached CVAL (the interrupt did not come early);
 *   the spin saw the count below CVAL (the interrupt did not come at once,
 *   i.e. it was not pending before the count got there);
 *   ICC_IAR1_EL1 = 27, CNTV_CTL_EL0.ISTATUS = 1, ICC_RPR_EL1 = 0x80.
 * It then masks the timer (IMASK: its output goes low) and writes
 * ICC_EOIR1_EL1; afterwards PPI 27 is neither pending nor active, the
 * running priority is idle, and no second interrupt comes.
 * How late the interrupt may be depends on the platform (phonesim takes it
 * at the first block boundary: tests/unit/test_gic.c checks that exactly).
 */
#include "harness.h"
#include "gic.h"

	start_el1 vectors_el2, vectors_el1
	la	x0, state
	stp	xzr, xzr, [x0]
	stp	xzr, xzr, [x0, #16]

	gic_dist_enable
	gic_redist_wake 0
	gic_private 0, INTID_VTIMER, 0x80
	gic_cpu_enable

	mrs	x0, cntfrq_el0
	mov	x1, #100
	udiv	x0, x0, x1
	check_ne x0, 0, 2, "CNTFRQ_EL0 / 100"
	mrs	x1, cntvct_el0
	add	x20, x1, x0			/* x20 = CVAL for the whole program */
	msr	cntv_cval_el0, x20
	mov	x0, #CNT_CTL_ENABLE
	msr	cntv_ctl_el0, x0
	isb
	mrs	x0, cntv_ctl_el0
	check	x0, CNT_CTL_ENABLE, 3, "CNTV_CTL_EL0 before CVAL (ISTATUS 0)"

	la	x21, state
	ldr	x22, =100000000			/* spins before giving up */
	msr	daifclr, #2
spin:
	mrs	x1, cntvct_el0
	cmp	x1, x20
	b.hs	1f
	str	x1, [x21, #8]			/* the last count seen below CVAL */
1:	ldr	x2, [x21]
	cbnz	x2, done
	subs	x22, x22, #1
	b.ne	spin
	fail	4, "no timer interrupt"

done:
	msr	daifset, #2
	check	x2, 1, 5, "exactly one timer interrupt"
	ldr	x0, [x21, #16]
	cmp	x0, x20
	b.hs	1f
	print_val "count in the handler: ", x0
	fail	6, "interrupt taken before the count reached CVAL"
1:	ldr	x0, [x21, #8]
	check_ne x0, 0, 7, "the spin saw the count below CVAL"
	mrs	x0, ICC_RPR_EL1
	check	x0, 0xff, 8, "running priority idle after EOI"
	ldr	x1, =GICR_SGI(0)
	ldr	w0, [x1, #GICR_ISPENDR0]
	and	w0, w0, #(1 << INTID_VTIMER)
	check	x0, 0, 9, "PPI 27 not pending once masked"
	ldr	w0, [x1, #GICR_ISACTIVER0]
	and	w0, w0, #(1 << INTID_VTIMER)
	check	x0, 0, 10, "PPI 27 not active after EOI"
	pass

/* IRQ at EL1: x17 = vector offset; preserves x0-x3. */
irq_handler:
	stp	x0, x1, [sp, #-32]!
	stp	x2, x3, [sp, #16]
	mrs	x0, cntvct_el0
	str	x0, [x21, #16]
	check	x17, (VEC_CUR_SPX + VEC_IRQ), 11, "vector of the timer interrupt"
	mrs	x1, ICC_IAR1_EL1
	check	x1, INTID_VTIMER, 12, "ICC_IAR1_EL1"
	mrs	x2, ICC_RPR_EL1
	check	x2, 0x80, 13, "ICC_RPR_EL1 in the handler"
	mrs	x2, cntv_ctl_el0
	check	x2, (CNT_CTL_ENABLE | CNT_CTL_ISTATUS), 14, "CNTV_CTL_EL0.ISTATUS"
	mov	x2, #(CNT_CTL_ENABLE | CNT_CTL_IMASK)
	msr	cntv_ctl_el0, x2
	isb
	msr	ICC_EOIR1_EL1, x1
	isb
	ldr	x2, [x21]
	add	x2, x2, #1
	str	x2, [x21]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp], #32
	mrs	x17, tpidr_el1
	eret

el1_handler:
	cmp	x17, #(VEC_CUR_SPX + VEC_IRQ)
	b.eq	irq_handler
	unexpected_exception 1, 15

el2_handler:
	unexpected_exception 2, 16

	.data
	.balign	16
state:				/* interrupts taken, last count below CVAL, count in the handler */
	.quad	0, 0, 0, 0

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
