/*
 * eret-from-el2: the first exception return, EL2 -> EL1 (AArch64).
 *
 * EL2 sets HCR_EL2.RW (EL1 is AArch64), ELR_EL2 and SPSR_EL2 (EL1h, D and F
 * masked, N and C set) and executes ERET. At EL1 the program checks that
 * PSTATE was restored from SPSR_EL2 (DDI 0487 "Exception return",
 * AArch64.ExceptionReturn: PSTATE.{N,Z,C,V,D,A,I,F,EL,SP} := SPSR fields):
 * CurrentEL = 1, NZCV, DAIF, SPSel = 1 and SP = SP_EL1. It then returns to
 * EL2 with HVC and does a second ERET with the complementary bits (Z, V,
 * A, I; EL1t) so that every bit is seen both set and clear; with EL1t the
 * stack pointer is SP_EL0.
 */
#include "harness.h"

	start_el2 vectors_el2, vectors_el1
	eret_to	2, el1_first, (PSR_N | PSR_C | PSR_D | PSR_F | PSR_M_EL1h)

el1_first:		/* SP is SP_EL1 at EL1h */
	expect_pstate (PSR_N | PSR_C), (PSR_D | PSR_F), 1, 1, __stack_el1_top, 2, "after ERET to EL1h"
	hvc	#0			/* back to EL2: el2_handler */
	fail	7, "HVC returned to EL1"

el1_second:		/* SP is SP_EL0 at EL1t */
	expect_pstate (PSR_Z | PSR_V), (PSR_A | PSR_I), 1, 0, __stack_el0_top, 8, "after ERET to EL1t"
	pass

	.text
/* EL2: the HVC from el1_first arrives at VBAR_EL2 + 0x400 (lower EL, A64). */
el2_handler:
	mov	x9, x17
	check	x9, (VEC_LOWER_A64 + VEC_SYNC), 13, "EL2 vector offset"
	check_sysreg esr_el2, ESR(EC_HVC64, 0), 14, "ESR_EL2 for HVC #0"
	eret_to	2, el1_second, (PSR_Z | PSR_V | PSR_A | PSR_I | PSR_M_EL1t)

el1_unexpected:
	unexpected_exception 1, 15

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_unexpected
