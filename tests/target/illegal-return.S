/*
 * illegal-return: illegal exception returns and the Illegal Execution state
 * exception (DDI 0487 "Illegal return events from AArch64 state",
 * pseudocode AArch64.ExceptionReturn, SetPSTATEFromPSR,
 * IllegalExceptionReturn).
 *
 * An ERET whose SPSR names a higher EL, a reserved mode, or a register width
 * the target EL is not configured for does not change EL, Execution state
 * or SP selection; it sets PSTATE.IL = 1, still restores NZCV and DAIF from
 * the SPSR and branches to ELR. The first instruction executed with
 * PSTATE.IL = 1 takes an Illegal Execution state exception (EC 0x0E, ISS 0,
 * IL 1) to the current EL, at the "current EL, SP_ELx" vector (+0x200),
 * with ELR = that instruction and SPSR.IL (bit 20) = 1.
 *   1. At EL2, HCR_EL2.RW = 1 (EL1 is AArch64): ERET with SPSR_EL2.M =
 *      0b10011 (AArch32 EL1, Supervisor): illegal. Stays at EL2h.
 *   2. At EL1: ERET with SPSR_EL1.M = EL2h (a higher EL): illegal.
 *   3. At EL1: ERET with SPSR_EL1.M = 0b00001 (EL0 with SP_ELx, not a
 *      valid mode): illegal.
 * The landing code is never executed: it fails if reached.
 */
#include "harness.h"

#define ESR_ILLEGAL     ESR(EC_ILLEGAL, 0)
#define SPSR_B          (PSR_N | PSR_V | PSR_A | PSR_I | PSR_F | 0x13)  /* AArch32 SVC */
#define SPSR_1          (PSR_N | PSR_C | PSR_A | PSR_I | PSR_M_EL2h)
#define SPSR_2          (PSR_Z | PSR_D | PSR_F | 0x1)

	start_el2 vectors_el2, vectors_el1
	la	x0, count
	str	xzr, [x0]

	/* 1. Illegal ERET at EL2: to AArch32 EL1 while HCR_EL2.RW = 1. */
	eret_to	2, land_el2, SPSR_B
land_el2:
	fail	2, "executed an instruction after an illegal ERET (EL2)"
after_el2:
	mrs	x0, CurrentEL
	check	x0, CURRENTEL(2), 3, "still at EL2"
	la	x0, count
	ldr	x0, [x0]
	check	x0, 1, 4, "illegal state exception taken at EL2"
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	expect_el 1, 5
	/* 2. Illegal ERET at EL1: to EL2. */
	eret_to	1, land_el1a, SPSR_1
land_el1a:
	fail	6, "executed an instruction after an illegal ERET (EL1 to EL2h)"
after_el1a:
	mrs	x0, CurrentEL
	check	x0, CURRENTEL(1), 7, "still at EL1"
	la	x0, count
	ldr	x0, [x0]
	check	x0, 2, 8, "illegal state exception taken at EL1"

	/* 3. Illegal ERET at EL1: to mode 0b00001. */
	eret_to	1, land_el1b, SPSR_2
land_el1b:
	fail	9, "executed an instruction after an illegal ERET (EL1 to M=0b00001)"
after_el1b:
	la	x0, count
	ldr	x0, [x0]
	check	x0, 3, 10, "second illegal state exception taken at EL1"
	mrs	x0, SPSel
	check	x0, 1, 11, "SP selection unchanged (EL1h)"
	pass

/* EL2: only case 1. */
el2_sync:
	mov	x9, x17
	check	x9, (VEC_CUR_SPX + VEC_SYNC), 20, "EL2 vector (current EL, SP_EL2)"
	check_sysreg esr_el2, ESR_ILLEGAL, 21, "ESR_EL2 for illegal execution state"
	mrs	x0, elr_el2
	check	x0, land_el2, 22, "ELR_EL2 = the first instruction after the illegal ERET"
	/* EL, nRW and SP kept (EL2h); NZCV, DAIF from SPSR_EL2[31:28], [9:6]. */
	check_sysreg spsr_el2, (PSR_N | PSR_V | PSR_A | PSR_I | PSR_F | PSR_IL | PSR_M_EL2h), 23, "SPSR_EL2 (IL set)"
	la	x0, count
	ldr	x1, [x0]
	add	x1, x1, #1
	str	x1, [x0]
	la	x0, after_el2
	msr	elr_el2, x0
	li	x0, (PSR_DAIF | PSR_M_EL2h)
	msr	spsr_el2, x0
	eret

/* EL1: cases 2 and 3. */
el1_sync:
	mov	x9, x17
	check	x9, (VEC_CUR_SPX + VEC_SYNC), 30, "EL1 vector (current EL, SP_EL1)"
	check_sysreg esr_el1, ESR_ILLEGAL, 31, "ESR_EL1 for illegal execution state"
	la	x0, count
	ldr	x1, [x0]
	add	x1, x1, #1
	str	x1, [x0]
	cmp	x1, #3
	b.eq	1f
	mrs	x0, elr_el1
	check	x0, land_el1a, 32, "ELR_EL1 (case 2)"
	check_sysreg spsr_el1, (PSR_N | PSR_C | PSR_A | PSR_I | PSR_IL | PSR_M_EL1h), 33, "SPSR_EL1 (case 2, IL set)"
	la	x0, after_el1a
	b	2f
1:	mrs	x0, elr_el1
	check	x0, land_el1b, 34, "ELR_EL1 (case 3)"
	check_sysreg spsr_el1, (PSR_Z | PSR_D | PSR_F | PSR_IL | PSR_M_EL1h), 35, "SPSR_EL1 (case 3, IL set)"
	la	x0, after_el1b
2:	msr	elr_el1, x0
	li	x0, (PSR_DAIF | PSR_M_EL1h)
	msr	spsr_el1, x0
	eret

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync

	.data
	.balign	8
count:	.quad	0
