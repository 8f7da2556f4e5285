/*
 * gic-timer-el1: how precisely the virtual timer's interrupt (PPI 27)
 * arrives through the GIC (test_gic.c: test_timer_taken_at_cval).
 *
 * At EL1: PPI 27 group 1, priority 0x80, enabled; CVAL = CNTVCT + 1000;
 * then, with IRQs unmasked, a one-block spin reads CNTVCT_EL0 and counts
 * the reads at or above CVAL (x23), keeping the last read below it (x24).
 * The IRQ handler reads CNTVCT_EL0 first, then ICC_IAR1_EL1, masks the
 * timer, writes ICC_EOIR1_EL1 and exits 0 having reported:
 *   VALUE[0] CVAL          VALUE[1] CNTVCT_EL0 in the handler
 *   VALUE[2] spin reads at or above CVAL before the interrupt
 *   VALUE[3] the last spin read below CVAL
 *   VALUE[4] ICC_IAR1_EL1  VALUE[5] ICC_RPR_EL1 in the handler
 */
#include "../../target/harness.h"
#include "../../target/gic.h"
#include "report.h"

	entry_point
	enter_el1 vectors_el2, vectors_el1
	report_clear
	gic_dist_enable
	gic_redist_wake 0
	gic_private 0, INTID_VTIMER, 0x80
	gic_cpu_enable
	mrs	x0, cntvct_el0
	add	x20, x0, #1000
	report_value 0, x20
	msr	cntv_cval_el0, x20
	mov	x0, #CNT_CTL_ENABLE
	msr	cntv_ctl_el0, x0
	mov	x23, #0
	mov	x24, #0
	isb
	msr	daifclr, #2
spin:
	mrs	x1, cntvct_el0
	cmp	x1, x20
	cinc	x23, x23, hs
	csel	x24, x1, x24, lo
	b	spin

irq:
	mrs	x0, cntvct_el0
	mrs	x1, ICC_IAR1_EL1
	mrs	x2, ICC_RPR_EL1
	report_value 1, x0
	report_value 2, x23
	report_value 3, x24
	report_value 4, x1
	report_value 5, x2
	mov	x3, #(CNT_CTL_ENABLE | CNT_CTL_IMASK)
	msr	cntv_ctl_el0, x3
	msr	ICC_EOIR1_EL1, x1
	pass

el1_handler:
	cmp	x17, #(VEC_CUR_SPX + VEC_IRQ)
	b.eq	irq
	unexpected_exception 1, 2
el2_handler:
	unexpected_exception 2, 3

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
