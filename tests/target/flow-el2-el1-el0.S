/*
 * flow-el2-el1-el0: the full round trip through the three exception levels.
 *
 *   EL2 --ERET--> EL1 --ERET--> EL0 --SVC #0x1234--> EL1 --HVC #0x5678--> EL2
 *   EL2 --ERET--> EL1 --ERET--> EL0 --SVC #SVC_REPORT_PASS--> EL1: exit 0
 *
 * On each exception entry the handler checks (DDI 0487 "Exception entry",
 * pseudocode AArch64.TakeException): the vector taken (VBAR_ELx + 0x400,
 * lower EL AArch64, synchronous), ESR (EC, IL = 1, ISS = the immediate),
 * ELR (the preferred return address: the instruction after SVC/HVC), SPSR (the
 * interrupted PSTATE: mode EL0t or EL1h, its NZCV and DAIF), PSTATE after
 * entry (DAIF all masked, SPSel = 1, SP = SP_ELx), SP_EL0 untouched, and
 * that all of x0-x30 arrive as the interrupted code left them. After each
 * return the interrupted code checks x0-x30 and NZCV again, and EL1 checks
 * that the trip through EL2 left ELR/SPSR/ESR_EL1 alone.
 *
 * Not checked: NZCV inside the handler. The ARM ARM leaves PSTATE.{N,Z,C,V}
 * unchanged on exception entry (AArch64.TakeException does not write them),
 * but QEMU 7.2 clears them (pstate_write(DAIF | mode)); no software depends
 * on it, so the tests do not assert either behaviour.
 */
#include "harness.h"

#define SEED_EL0        0x0a0000000000a000
#define SEED_EL1        0x0b0000000000b000
#define SVC_IMM         0x1234
#define HVC_IMM         0x5678
#define EL0_SP          (__stack_el0_top - 0x40)
#define PSR_EL0_FLAGS   (PSR_N | PSR_V)
#define PSR_EL1_FLAGS   (PSR_Z | PSR_C)

	start_el2 vectors_el2, vectors_el1
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	expect_el 1, 2
	la	x0, step
	str	xzr, [x0]
	eret_to	1, el0_main, PSR_M_EL0t

/* ---------------------------------------------------------------- EL0 */
el0_main:
	ldr	x0, =EL0_SP
	mov	sp, x0
	ldr	x0, =PSR_EL0_FLAGS
	msr	nzcv, x0
	gpr_fill SEED_EL0
	svc	#SVC_IMM
el0_after_svc:
	b.pl	el0_bad_nzcv		/* N, V set; Z, C clear */
	b.eq	el0_bad_nzcv
	b.cs	el0_bad_nzcv
	b.vc	el0_bad_nzcv
	gpr_check SEED_EL0, 3, harness_fail_el0
	mov	x0, sp
	el0_check x0, EL0_SP, 4, "SP at EL0 after the round trip"
	svc	#SVC_REPORT_PASS
	b	.
el0_bad_nzcv:
	mrs	x0, nzcv
	el0_check x0, PSR_EL0_FLAGS, 5, "NZCV at EL0 after ERET"

/* ---------------------------------------------------------------- EL1 */
el1_sync:
	save_frame 1
	mrs	x20, daif
	ldr	x0, [sp, #FRAME_VECTOR]
	check	x0, (VEC_LOWER_A64 + VEC_SYNC), 11, "EL1 vector offset (only lower-EL sync expected)"
	el0_reports
	mrs	x0, esr_el1
	ldr	x1, =ESR(EC_SVC64, SVC_REPORT_PASS)
	cmp	x0, x1
	b.eq	el1_done
	check	x0, ESR(EC_SVC64, SVC_IMM), 10, "ESR_EL1 for SVC #0x1234 from EL0"
	check	x20, PSR_DAIF, 13, "DAIF masked on exception entry to EL1"
	mrs	x0, CurrentEL
	check	x0, CURRENTEL(1), 14, "CurrentEL in EL1 handler"
	mrs	x0, SPSel
	check	x0, 1, 15, "SPSel in EL1 handler"
	mov	x0, sp
	check	x0, (__stack_el1_top - FRAME_SIZE), 16, "SP is SP_EL1 in EL1 handler"
	check_sysreg sp_el0, EL0_SP, 17, "SP_EL0 in EL1 handler"
	mrs	x0, elr_el1
	check	x0, el0_after_svc, 18, "ELR_EL1 after SVC"
	check_sysreg spsr_el1, (PSR_EL0_FLAGS | PSR_M_EL0t), 19, "SPSR_EL1 after SVC from EL0"
	frame_check SEED_EL0, 20
	la	x0, step
	mov	x1, #1
	str	x1, [x0]

	/* Up to EL2 from inside the EL1 handler. */
	ldr	x0, =PSR_EL1_FLAGS
	msr	nzcv, x0
	gpr_fill SEED_EL1
	hvc	#HVC_IMM
el1_after_hvc:
	b.ne	el1_bad_nzcv		/* Z, C set; N, V clear */
	b.cc	el1_bad_nzcv
	b.mi	el1_bad_nzcv
	b.vs	el1_bad_nzcv
	gpr_check SEED_EL1, 21
	mrs	x0, daif
	check	x0, PSR_DAIF, 22, "DAIF at EL1 after ERET from EL2"
	mov	x0, sp
	check	x0, (__stack_el1_top - FRAME_SIZE), 23, "SP_EL1 after ERET from EL2"
	la	x0, step
	ldr	x0, [x0]
	check	x0, 2, 24, "EL2 handler ran"
	mrs	x0, elr_el1
	check	x0, el0_after_svc, 25, "ELR_EL1 kept across the trip to EL2"
	check_sysreg spsr_el1, (PSR_EL0_FLAGS | PSR_M_EL0t), 26, "SPSR_EL1 kept across the trip to EL2"
	check_sysreg esr_el1, ESR(EC_SVC64, SVC_IMM), 27, "ESR_EL1 kept across the trip to EL2"
	restore_frame
	eret
el1_bad_nzcv:
	mrs	x0, nzcv
	check	x0, PSR_EL1_FLAGS, 28, "NZCV at EL1 after ERET from EL2"

el1_done:
	la	x0, step
	ldr	x0, [x0]
	check	x0, 2, 29, "both handlers ran"
	pass

/* ---------------------------------------------------------------- EL2 */
el2_sync:
	save_frame 2
	mrs	x20, daif
	ldr	x0, [sp, #FRAME_VECTOR]
	check	x0, (VEC_LOWER_A64 + VEC_SYNC), 40, "EL2 vector offset (only lower-EL sync expected)"
	check_sysreg esr_el2, ESR(EC_HVC64, HVC_IMM), 41, "ESR_EL2 for HVC #0x5678"
	check	x20, PSR_DAIF, 43, "DAIF masked on exception entry to EL2"
	mrs	x0, CurrentEL
	check	x0, CURRENTEL(2), 44, "CurrentEL in EL2 handler"
	mov	x0, sp
	check	x0, (__stack_el2_top - FRAME_SIZE), 45, "SP is SP_EL2 in EL2 handler"
	mrs	x0, elr_el2
	check	x0, el1_after_hvc, 46, "ELR_EL2 after HVC"
	check_sysreg spsr_el2, (PSR_EL1_FLAGS | PSR_DAIF | PSR_M_EL1h), 47, "SPSR_EL2 after HVC from EL1h"
	frame_check SEED_EL1, 48
	la	x0, step
	ldr	x1, [x0]
	check	x1, 1, 49, "EL2 reached after the SVC"
	mov	x1, #2
	str	x1, [x0]
	restore_frame
	eret

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync

	.data
	.balign	8
step:	.quad	0
