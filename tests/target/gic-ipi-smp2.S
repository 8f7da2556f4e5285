/*
 * gic-ipi-smp2: an inter-processor interrupt (SGI) from core 0 to core 1
 * (ARM IHI 0069: 3.x "Software Generated Interrupts", ICC_SGI1R_EL1).
 * Runs with two cores ("-smp2" in the name: run-phonesim.sh and
 * run-qemu.sh give it --cores 2 / -smp 2).
 *
 * Core 0 (EL2) enables the distributor and starts core 1 with PSCI CPU_ON
 * (SMC 0xC4000003, target MPIDR 1, context 0xC0FFEE), which must return
 * SUCCESS (0). Core 1 starts at EL2 with X0 = the context, routes IRQs to
 * EL2 (HCR_EL2.IMO), wakes its redistributor, enables SGI 1 (group 1,
 * priority 0x80) and its CPU interface, reports it is ready and waits in
 * WFI with IRQs unmasked.
 * Core 0 first sends SGI 2 to itself only (TargetList = core 0): it is
 * pending in core 0's redistributor and not in core 1's. Then it sends
 * SGI 1 to core 1 (TargetList bit 1, Aff3.Aff2.Aff1 = 0). Core 1 takes the
 * IRQ at VBAR_EL2 + 0x280, reads ICC_IAR1_EL1 = 1, ICC_RPR_EL1 = 0x80,
 * ICC_HPPIR1_EL1 = 1023, writes ICC_EOIR1_EL1, reads ICC_RPR_EL1 = 0xff,
 * and reports all that with its MPIDR_EL1.Aff0 and CurrentEL; core 0
 * checks the report, and that SGI 1 is then neither pending nor active.
 */
#include "harness.h"
#include "gic.h"

#define PSCI_CPU_ON     0xc4000003
#define CONTEXT         0xc0ffee

/* The report core 1 writes: 8-byte fields of `report`. */
#define R_READY         0       /* X0 at core 1's entry (the context) */
#define R_TAKEN         8       /* IRQs taken */
#define R_IAR           16
#define R_RPR           24
#define R_HPPIR         32
#define R_RPR_AFTER     40
#define R_AFF0          48
#define R_EL            56
#define R_VECTOR        64

/*
 * Polls field \field of the report (x19) until core 1 has written it:
 * x0 = its value, not 0; else fails with \code. Clobbers x0, x20.
 */
.macro await field, code, what
	ldr	x20, =100000000
.Lawait\@:
	ldr	x0, [x19, #\field]
	cbnz	x0, .Lawaited\@
	subs	x20, x20, #1
	b.ne	.Lawait\@
	fail	\code, "\what"
.Lawaited\@:
.endm

	start_el2 vectors_el2, vectors_el1
	la	x19, report
	mov	x0, #0
1:	str	xzr, [x19, x0]
	add	x0, x0, #8
	cmp	x0, #(R_VECTOR + 8)
	b.lo	1b
	dsb	sy
	mov	x16, #ICC_SRE_EL2_ALL
	msr	ICC_SRE_EL2, x16
	gic_dist_enable

	ldr	x0, =PSCI_CPU_ON
	mov	x1, #1
	la	x2, secondary
	ldr	x3, =CONTEXT
	smc	#0
	check	x0, 0, 2, "PSCI CPU_ON of core 1"
	await	R_READY, 3, "core 1 never reported ready"
	check	x0, CONTEXT, 4, "X0 of core 1 at its entry (the context)"

	/* SGI 2 (group 1) to core 0 only: pending there, not at core 1. */
	ldr	x1, =GICR_SGI(0)
	mov	w0, #(1 << 2)
	str	w0, [x1, #GICR_IGROUPR0]
	ldr	x0, =SGI1R(2, 1 << 0)
	msr	ICC_SGI1R_EL1, x0
	isb
	ldr	x1, =GICR_SGI(0)
	ldr	w0, [x1, #GICR_ISPENDR0]
	check	x0, (1 << 2), 5, "SGI 2 pending at core 0's redistributor"
	mov	w0, #(1 << 2)
	str	w0, [x1, #GICR_ICPENDR0]
	ldr	x1, =GICR_SGI(1)
	ldr	w0, [x1, #GICR_ISPENDR0]
	check	x0, 0, 6, "nothing pending at core 1's redistributor"

	/* SGI 1 to core 1. */
	ldr	x0, =SGI1R(1, 1 << 1)
	msr	ICC_SGI1R_EL1, x0
	isb
	await	R_RPR_AFTER, 7, "core 1 never reported the SGI"
	ldr	x0, [x19, #R_TAKEN]
	check	x0, 1, 8, "IRQs core 1 took"
	ldr	x0, [x19, #R_VECTOR]
	check	x0, (VEC_CUR_SPX + VEC_IRQ), 9, "core 1's vector (EL2, IRQ)"
	ldr	x0, [x19, #R_AFF0]
	check	x0, 1, 10, "MPIDR_EL1.Aff0 of the core that took it"
	ldr	x0, [x19, #R_EL]
	check	x0, CURRENTEL(2), 11, "CurrentEL of core 1"
	ldr	x0, [x19, #R_IAR]
	check	x0, 1, 12, "ICC_IAR1_EL1 on core 1"
	ldr	x0, [x19, #R_RPR]
	check	x0, 0x80, 13, "ICC_RPR_EL1 on core 1 in its handler"
	ldr	x0, [x19, #R_HPPIR]
	check	x0, INTID_SPURIOUS, 14, "ICC_HPPIR1_EL1 on core 1 after IAR"
	ldr	x0, [x19, #R_RPR_AFTER]
	check	x0, 0xff, 15, "ICC_RPR_EL1 on core 1 after EOI"
	ldr	x1, =GICR_SGI(1)
	ldr	w0, [x1, #GICR_ISPENDR0]
	check	x0, 0, 16, "SGI 1 not pending after it was taken"
	ldr	w0, [x1, #GICR_ISACTIVER0]
	check	x0, 0, 17, "SGI 1 not active after EOI"
	pass

/* Core 1, from PSCI CPU_ON: no stack, no semihosting; x19 = report. */
secondary:
	la	x19, report
	mov	x20, x0
	la	x16, vectors_core1
	msr	vbar_el2, x16
	ldr	x16, =(HCR_RW | HCR_IMO)
	msr	hcr_el2, x16
	mov	x16, #ICC_SRE_EL2_ALL
	msr	ICC_SRE_EL2, x16
	isb
	gic_redist_wake 1
	gic_private 1, 1, 0x80
	gic_cpu_enable
	dsb	sy
	str	x20, [x19, #R_READY]
	msr	daifclr, #2
1:	wfi
	b	1b

core1_handler:
	str	x17, [x19, #R_VECTOR]
	mrs	x0, ICC_IAR1_EL1
	str	x0, [x19, #R_IAR]
	mrs	x1, ICC_RPR_EL1
	str	x1, [x19, #R_RPR]
	mrs	x1, ICC_HPPIR1_EL1
	str	x1, [x19, #R_HPPIR]
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff
	str	x1, [x19, #R_AFF0]
	mrs	x1, CurrentEL
	str	x1, [x19, #R_EL]
	ldr	x1, [x19, #R_TAKEN]
	add	x1, x1, #1
	str	x1, [x19, #R_TAKEN]
	msr	ICC_EOIR1_EL1, x0
	isb
	mrs	x1, ICC_RPR_EL1
	dsb	sy
	str	x1, [x19, #R_RPR_AFTER]
	mrs	x17, tpidr_el2
	eret

el2_handler:
	unexpected_exception 2, 18
el1_handler:
	unexpected_exception 1, 19

	.data
	.balign	16
report:
	.fill	(R_VECTOR + 8), 1, 0

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
	vector_table vectors_core1, 2, core1_handler
