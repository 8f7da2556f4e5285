/*
 * gic-lr: a virtual interrupt injected by EL2 through the list registers,
 * taken, acknowledged and completed at EL1 (ARM IHI 0069, "Virtual
 * Interrupt Handling and Prioritization").
 *
 * EL2 makes PPI 20 pending (GICR_ISPENDR0), acknowledges it with
 * ICC_IAR1_EL1 and, with ICC_CTLR_EL1.EOImode = 1, only drops its priority
 * (it stays active). It then fills two list registers: LR0 = vINTID 0x55,
 * priority 0xa0, HW = 1 with pINTID 20; LR1 = vINTID 0x66, priority 0xc0,
 * HW = 0 with EOI = 1 (ask for a maintenance interrupt on its
 * deactivation). With HCR_EL2.IMO/FMO set, EL1 takes the virtual IRQ at
 * VBAR_EL1 + 0x280 as soon as it unmasks, and its ICC_* accesses reach the
 * virtual interface:
 *   ICC_HPPIR1_EL1 = 0x55 (the higher priority of the two); ICC_IAR1_EL1 =
 *   0x55; ICC_RPR_EL1 = 0xa0; ICC_AP1R0_EL1 = bit 0xa0 >> 3; ICC_IAR1_EL1
 *   again = 1023 (0xc0 cannot preempt 0xa0); ICC_EOIR1_EL1 0x55 (EOImode
 *   0: drop and deactivate); then ICC_IAR1_EL1 = 0x66, ICC_EOIR1_EL1 0x66.
 * Back at EL2 (HVC): LR0 and LR1 read back as written with State = 0
 * (invalid); ICH_ELRSR_EL2 = 0b1101 (LR1 still holds its EOI request),
 * ICH_EISR_EL2 = 0b0010, ICH_MISR_EL2 = EOI; ICH_AP1R0_EL2 = 0;
 * EOIcount = 0; and PPI 20 is no longer active: the HW bit deactivated it.
 */
#include "harness.h"
#include "gic.h"

#define PPI             20
#define VID0            0x55
#define VID1            0x66
#define LR0_VALUE       (LR_HW | LR_GROUP1 | LR_PRIO(0xa0) | LR_PINTID(PPI) | VID0)
#define LR1_VALUE       (LR_GROUP1 | LR_PRIO(0xc0) | LR_EOI | VID1)

	start_el2 vectors_el2, vectors_el1
	la	x0, handled
	str	xzr, [x0]

	/* The physical interrupt: PPI 20 of core 0, group 1, priority 0x80. */
	mov	x16, #ICC_SRE_EL2_ALL
	msr	ICC_SRE_EL2, x16
	isb
	gic_dist_enable
	gic_redist_wake 0
	gic_private 0, PPI, 0x80
	gic_cpu_enable
	mov	x0, #ICC_CTLR_EOIMODE
	msr	ICC_CTLR_EL1, x0
	isb
	ldr	x1, =GICR_SGI(0)
	mov	w0, #(1 << PPI)
	str	w0, [x1, #GICR_ISPENDR0]
	dsb	sy
	isb
	mrs	x0, ICC_HPPIR1_EL1
	check	x0, PPI, 2, "ICC_HPPIR1_EL1 at EL2"
	mrs	x0, ICC_IAR1_EL1
	check	x0, PPI, 3, "ICC_IAR1_EL1 at EL2"
	mrs	x0, ICC_RPR_EL1
	check	x0, 0x80, 4, "running priority after acknowledging"
	mov	x0, #PPI
	msr	ICC_EOIR1_EL1, x0
	isb
	mrs	x0, ICC_RPR_EL1
	check	x0, 0xff, 5, "running priority after the priority drop"
	ldr	w0, [x1, #GICR_ISACTIVER0]
	check	x0, (1 << PPI), 6, "PPI 20 active after EOI with EOImode 1"

	/* The virtual interrupts, and EL1 sent to them. */
	ldr	x0, =(ICH_VMCR_VPMR(0xf8) | ICH_VMCR_VENG1)
	msr	ICH_VMCR_EL2, x0
	ldr	x0, =(LR0_VALUE | LR_PENDING)
	msr	ICH_LR0_EL2, x0
	ldr	x0, =(LR1_VALUE | LR_PENDING)
	msr	ICH_LR1_EL2, x0
	msr	ICH_LR2_EL2, xzr
	msr	ICH_LR3_EL2, xzr
	msr	ICH_AP0R0_EL2, xzr
	msr	ICH_AP1R0_EL2, xzr
	mov	x0, #ICH_HCR_EN
	msr	ICH_HCR_EL2, x0
	ldr	x0, =(HCR_RW | HCR_IMO | HCR_FMO)
	msr	hcr_el2, x0
	isb
	eret_to	2, el1_main, (PSR_D | PSR_A | PSR_F | PSR_M_EL1h)

el1_main:
	la	x0, handled
	mov	x2, #0x100000
1:	ldr	x1, [x0]
	cbnz	x1, 2f
	subs	x2, x2, #1
	b.ne	1b
	fail	7, "no virtual IRQ taken at EL1"
2:	hvc	#0

el1_handler:
	stp	x0, x1, [sp, #-32]!
	stp	x2, x3, [sp, #16]
	check	x17, (VEC_CUR_SPX + VEC_IRQ), 8, "vector of the virtual IRQ"
	mrs	x0, ICC_HPPIR1_EL1
	check	x0, VID0, 9, "ICV_HPPIR1_EL1"
	mrs	x0, ICC_IAR1_EL1
	check	x0, VID0, 10, "ICV_IAR1_EL1: the vINTID"
	mrs	x1, ICC_RPR_EL1
	check	x1, 0xa0, 11, "ICV_RPR_EL1"
	mrs	x1, ICC_AP1R0_EL1
	check	x1, (1 << (0xa0 >> 3)), 12, "ICV_AP1R0_EL1"
	mrs	x1, ICC_IAR1_EL1
	check	x1, INTID_SPURIOUS, 13, "ICV_IAR1_EL1 while 0xa0 is running"
	msr	ICC_EOIR1_EL1, x0
	isb
	mrs	x1, ICC_RPR_EL1
	check	x1, 0xff, 14, "ICV_RPR_EL1 after EOI"
	mrs	x0, ICC_IAR1_EL1
	check	x0, VID1, 15, "ICV_IAR1_EL1: the second vINTID"
	msr	ICC_EOIR1_EL1, x0
	isb
	la	x0, handled
	mov	x1, #1
	str	x1, [x0]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp], #32
	mrs	x17, tpidr_el1
	eret

el2_handler:
	check	x17, (VEC_LOWER_A64 + VEC_SYNC), 16, "HVC from EL1"
	check_sysreg esr_el2, ESR(EC_HVC64, 0), 17, "ESR_EL2 of the HVC"
	check_sysreg ICH_LR0_EL2, LR0_VALUE, 18, "LR0 invalid after EOI"
	check_sysreg ICH_LR1_EL2, LR1_VALUE, 19, "LR1 invalid after EOI"
	check_sysreg ICH_ELRSR_EL2, 0xd, 20, "ICH_ELRSR_EL2"
	check_sysreg ICH_EISR_EL2, 0x2, 21, "ICH_EISR_EL2"
	check_sysreg ICH_MISR_EL2, ICH_MISR_EOI, 22, "ICH_MISR_EL2"
	check_sysreg ICH_AP1R0_EL2, 0, 23, "ICH_AP1R0_EL2"
	check_sysreg ICH_HCR_EL2, ICH_HCR_EN, 24, "ICH_HCR_EL2 (EOIcount 0)"
	ldr	x1, =GICR_SGI(0)
	ldr	w0, [x1, #GICR_ISACTIVER0]
	check	x0, 0, 25, "PPI 20 deactivated through the HW list register"
	pass

unexpected_el1:
	unexpected_exception 1, 26

	.data
	.balign	8
handled:
	.quad	0

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_dispatch
	.text
el1_dispatch:
	cmp	x17, #(VEC_CUR_SPX + VEC_IRQ)
	b.eq	el1_handler
	b	unexpected_el1
