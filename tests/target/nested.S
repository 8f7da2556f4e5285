/*
 * nested: an exception taken inside an exception handler at the same EL.
 *
 * EL1h code (NZCV = N|Z, DAIF = F) executes SVC #0x5a. The SVC handler
 * (VBAR_EL1 + 0x200) checks ESR/ELR/SPSR_EL1, saves ELR_EL1 and SPSR_EL1 on
 * its stack, sets NZCV = C|V, and executes BRK #0x77. The BRK is taken at
 * the same vector: ESR_EL1 = EC 0x3C, ISS = 0x77; ELR_EL1 = the BRK itself
 * (the preferred return address of a Breakpoint Instruction exception is
 * the BRK, DDI 0487 D2.x "Breakpoint instruction exceptions"); SPSR_EL1 =
 * the handler's PSTATE (C|V, DAIF all masked, EL1h), i.e. the first
 * exception's ELR/SPSR are overwritten. SP on entry is the handler's SP.
 * The BRK handler steps ELR past the BRK and returns; the SVC handler
 * checks that it resumed after the BRK with its own PSTATE, restores its
 * saved ELR/SPSR and returns to the original code, which checks its PC,
 * NZCV, DAIF and SP.
 */
#include "harness.h"

#define SP_MAIN         (__stack_el1_top - 0x200)

	start_el2 vectors_el2, vectors_el1
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	la	x0, depth
	str	xzr, [x0]
	ldr	x0, =SP_MAIN
	mov	sp, x0
	msr	daifclr, #0xf
	msr	daifset, #0x1		/* F */
	ldr	x0, =(PSR_N | PSR_Z)
	msr	nzcv, x0
	svc	#0x5a
after_svc:
	expect_pstate (PSR_N | PSR_Z), PSR_F, , , SP_MAIN, 1, "after unwinding both exceptions"
	la	x0, depth
	ldr	x0, [x0]
	check	x0, 0x21, 4, "both handlers ran and finished"
	pass

/* EL1 synchronous exceptions from the current EL with SP_EL1. */
el1_sync:
	mov	x9, x17
	check	x9, (VEC_CUR_SPX + VEC_SYNC), 5, "vector offset (VBAR_EL1 + 0x200)"
	mrs	x0, esr_el1
	lsr	x1, x0, #26
	cmp	x1, #EC_BRK64
	b.eq	brk_handler

svc_handler:
	check	x0, ESR(EC_SVC64, 0x5a), 10, "ESR_EL1 for SVC #0x5a"
	mrs	x0, elr_el1
	check	x0, after_svc, 11, "ELR_EL1 for SVC"
	check_sysreg spsr_el1, (PSR_N | PSR_Z | PSR_F | PSR_M_EL1h), 12, "SPSR_EL1 for SVC"
	mov	x0, sp
	check	x0, SP_MAIN, 13, "SP in SVC handler"
	la	x0, depth
	mov	x1, #1
	str	x1, [x0]
	/* Save what the nested exception will overwrite. */
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #-16]!
	ldr	x0, =(PSR_C | PSR_V)
	msr	nzcv, x0
brk_insn:
	brk	#0x77
after_brk:
	expect_pstate (PSR_C | PSR_V), PSR_DAIF, , , (SP_MAIN - 16), 14, "in SVC handler after the nested BRK"
	la	x0, depth
	ldr	x0, [x0]
	check	x0, 0x11, 17, "BRK handler ran (depth 2, then back to 1)"
	/*
	 * The nested exception overwrote ELR/SPSR_EL1 (ESR_EL1 too, but an
	 * exception return from EL1 makes ESR_EL1 UNKNOWN: not checked here).
	 */
	mrs	x0, elr_el1
	check	x0, after_brk, 18, "ELR_EL1 as the BRK handler left it"
	check_sysreg spsr_el1, (PSR_C | PSR_V | PSR_DAIF | PSR_M_EL1h), 19, "SPSR_EL1 from the nested BRK"
	ldp	x0, x1, [sp], #16
	msr	elr_el1, x0
	msr	spsr_el1, x1
	la	x0, depth
	mov	x1, #0x21
	str	x1, [x0]
	eret

brk_handler:
	check	x0, ESR(EC_BRK64, 0x77), 30, "ESR_EL1 for BRK #0x77"
	la	x0, depth
	ldr	x1, [x0]
	check	x1, 1, 31, "BRK taken inside the SVC handler"
	mov	x1, #2
	str	x1, [x0]
	mrs	x0, elr_el1
	check	x0, brk_insn, 32, "ELR_EL1 for BRK (the BRK itself)"
	check_sysreg spsr_el1, (PSR_C | PSR_V | PSR_DAIF | PSR_M_EL1h), 33, "SPSR_EL1 for BRK in a handler"
	mov	x0, sp
	check	x0, (SP_MAIN - 16), 34, "SP in BRK handler (the SVC handler's SP)"
	mrs	x0, elr_el1
	add	x0, x0, #4
	msr	elr_el1, x0
	la	x0, depth
	mov	x1, #0x11
	str	x1, [x0]
	eret

el2_unexpected:
	unexpected_exception 2, 40

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_unexpected

	.data
	.balign	8
depth:	.quad	0
