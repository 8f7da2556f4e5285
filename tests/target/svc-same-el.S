/*
 * svc-same-el: SVC taken to the EL it was executed at (EL1 -> EL1), with
 * each stack pointer selection.
 *
 * 1. EL1h (SPSel = 1): SVC #0x11 is taken at VBAR_EL1 + 0x200 ("current EL
 *    with SP_ELx"). The handler runs on SP_EL1, which is the interrupted
 *    code's own stack pointer, so SP is unchanged on entry. SPSR_EL1.M =
 *    EL1h (0b0101), with the interrupted NZCV and DAIF.
 * 2. EL1t (SPSel = 0): SVC #0x22 is taken at VBAR_EL1 + 0x000 ("current EL
 *    with SP_EL0"). Exception entry selects SP_EL1 (PSTATE.SP = 1 in
 *    DDI 0487 AArch64.TakeException): the handler sees SPSel = 1 and
 *    SP = SP_EL1 while SP_EL0 keeps the interrupted code's value.
 *    SPSR_EL1.M = EL1t (0b0100).
 *    After ERET the code is back on SP_EL0 with SPSel = 0.
 * ESR_EL1 = EC 0x15, IL 1, ISS = imm16; ELR_EL1 = the instruction after SVC.
 */
#include "harness.h"

#define SP1_VALUE       (__stack_el1_top - 0x100)
#define SP0_VALUE       (__stack_el0_top - 0x80)

	start_el2 vectors_el2, vectors_el1
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	la	x0, step
	str	xzr, [x0]

	/* 1. SVC at EL1h. */
	ldr	x0, =SP1_VALUE
	mov	sp, x0
	msr	daifclr, #0xf
	msr	daifset, #0xa		/* D and I */
	ldr	x0, =(PSR_N | PSR_C)
	msr	nzcv, x0
	svc	#0x11
after_svc1:
	expect_pstate (PSR_N | PSR_C), (PSR_D | PSR_I), , 1, SP1_VALUE, 1, "after return from SVC at EL1h"
	la	x0, step
	ldr	x0, [x0]
	check	x0, 1, 5, "handler for SVC at EL1h ran"

	/* 2. SVC at EL1t. SP_EL1 keeps SP1_VALUE. */
	ldr	x0, =SP0_VALUE
	msr	sp_el0, x0
	msr	spsel, #0
	mov	x0, sp
	check	x0, SP0_VALUE, 6, "SP is SP_EL0 after MSR SPSel, #0"
	msr	daifclr, #0xf
	msr	daifset, #0x5		/* A and F */
	ldr	x0, =(PSR_Z | PSR_V)
	msr	nzcv, x0
	svc	#0x22
after_svc2:		/* SP is SP_EL0 */
	expect_pstate (PSR_Z | PSR_V), (PSR_A | PSR_F), , 0, SP0_VALUE, 7, "after return from SVC at EL1t"
	msr	spsel, #1
	mov	x0, sp
	check	x0, SP1_VALUE, 11, "SP_EL1 after the SVC from EL1t"
	la	x0, step
	ldr	x0, [x0]
	check	x0, 2, 12, "handler for SVC at EL1t ran"
	pass

/* EL1 synchronous exceptions, current EL (SP_ELx at +0x200, SP_EL0 at +0x000). */
el1_handler:
	mov	x9, x17			/* vector offset (check uses x17) */
	la	x0, step
	ldr	x1, [x0]
	cbnz	x1, handler2

	/* from EL1h */
	check	x9, (VEC_CUR_SPX + VEC_SYNC), 20, "vector for SVC at EL1h (VBAR_EL1 + 0x200)"
	mrs	x0, SPSel
	check	x0, 1, 21, "SPSel in handler"
	mov	x0, sp
	check	x0, SP1_VALUE, 22, "SP in handler (same SP_EL1)"
	check_sysreg esr_el1, ESR(EC_SVC64, 0x11), 23, "ESR_EL1 for SVC #0x11"
	mrs	x0, elr_el1
	check	x0, after_svc1, 24, "ELR_EL1 for SVC at EL1h"
	check_sysreg spsr_el1, (PSR_N | PSR_C | PSR_D | PSR_I | PSR_M_EL1h), 25, "SPSR_EL1 for SVC at EL1h"
	mrs	x0, daif
	check	x0, PSR_DAIF, 26, "DAIF masked in handler"
	la	x0, step
	mov	x1, #1
	str	x1, [x0]
	eret

handler2:	/* from EL1t */
	check	x1, 1, 30, "step before second SVC"
	check	x9, (VEC_CUR_SP0 + VEC_SYNC), 31, "vector for SVC at EL1t (VBAR_EL1 + 0x000)"
	mrs	x0, SPSel
	check	x0, 1, 32, "SPSel in handler (exception entry selects SP_EL1)"
	mov	x0, sp
	check	x0, SP1_VALUE, 33, "SP in handler is SP_EL1"
	check_sysreg sp_el0, SP0_VALUE, 34, "SP_EL0 in handler keeps the interrupted SP"
	check_sysreg esr_el1, ESR(EC_SVC64, 0x22), 35, "ESR_EL1 for SVC #0x22"
	mrs	x0, elr_el1
	check	x0, after_svc2, 36, "ELR_EL1 for SVC at EL1t"
	check_sysreg spsr_el1, (PSR_Z | PSR_V | PSR_A | PSR_F | PSR_M_EL1t), 37, "SPSR_EL1 for SVC at EL1t"
	/* Use the handler stack: must not disturb SP_EL0. */
	stp	x0, x1, [sp, #-16]!
	ldp	x0, x1, [sp], #16
	la	x0, step
	mov	x1, #2
	str	x1, [x0]
	eret

el2_unexpected:
	unexpected_exception 2, 40

	vector_table vectors_el1, 1, el1_handler
	vector_table vectors_el2, 2, el2_unexpected

	.data
	.balign	8
step:	.quad	0
