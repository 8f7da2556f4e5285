/*
 * wfi-el2-imo0: WFI wakes on a physical interrupt whatever its routing
 * (ARM DDI 0487, "Wait for Interrupt": any physical IRQ the PE receives
 * is a WFI wake-up event, whether or not it is masked or would be taken at
 * the current EL; the pseudocode's InterruptPending()).
 *
 * EL2, HCR_EL2.IMO = 0 (physical IRQs go to EL1), DAIF masked: the virtual
 * timer's PPI 27 (group 1, priority 0x80) is set to fire 1/16384 s later,
 * and EL2 executes WFI. The IRQ is not taken at EL2 (IMO = 0: it is EL1's),
 * but it ends the WFI: CNTV_CTL_EL0.ISTATUS then reads 1. It is still
 * pending: ERET to EL1h with IRQs unmasked takes it at VBAR_EL1 + 0x280,
 * ICC_IAR1_EL1 = 27.
 */
#include "harness.h"
#include "gic.h"

	start_el2 vec2, vec1
	mov	x0, #ICC_SRE_EL2_ALL
	msr	ICC_SRE_EL2, x0
	isb
	gic_dist_enable
	gic_redist_wake 0
	gic_private 0, INTID_VTIMER, 0x80
	gic_cpu_enable
	mrs	x0, cntvct_el0
	mrs	x1, cntfrq_el0
	lsr	x1, x1, #14
	add	x0, x0, x1
	msr	cntv_cval_el0, x0
	mov	x1, #CNT_CTL_ENABLE
	msr	cntv_ctl_el0, x1
	isb
	wfi
	mrs	x0, cntv_ctl_el0
	check	x0, (CNT_CTL_ENABLE | CNT_CTL_ISTATUS), 2, "CNTV_CTL_EL0 after WFI (ISTATUS)"
	eret_to	2, el1, PSR_M_EL1h
el1:	b	el1

el1_irq:
	check	x17, (VEC_CUR_SPX + VEC_IRQ), 3, "vector of the IRQ at EL1"
	mrs	x0, ICC_IAR1_EL1
	check	x0, INTID_VTIMER, 4, "ICC_IAR1_EL1"
	mov	x1, #(CNT_CTL_ENABLE | CNT_CTL_IMASK)
	msr	cntv_ctl_el0, x1
	msr	ICC_EOIR1_EL1, x0
	pass
el2_unexpected:
	unexpected_exception 2, 5

	vector_table vec2, 2, el2_unexpected
	vector_table vec1, 1, el1_irq
