/*
 * fp-trap: FP/Advanced SIMD access traps (EC 0x07).
 *
 * ESR for a trapped FP/SIMD access (DDI 0487 ESR_ELx, "ISS encoding for
 * an exception from an access to SVE, Advanced SIMD or floating-point
 * functionality"): IL = 1, CV = 1, COND = 0b1110 (from AArch64 state), the
 * rest 0: ESR = 0x1FE00000. ELR = the trapped instruction.
 *   1. CPACR_EL1.FPEN = 00: FMOV at EL1 traps to EL1 (VBAR_EL1 + 0x200).
 *   2. CPACR_EL1.FPEN = 01: FMOV at EL1 runs; at EL0 it traps to EL1
 *      (VBAR_EL1 + 0x400, SPSR_EL1 = EL0t).
 *   3. CPACR_EL1.FPEN = 11, CPTR_EL2.TFP = 1: FMOV at EL1 traps to EL2
 *      (VBAR_EL2 + 0x400).
 *   4. CPACR_EL1.FPEN = 00 and CPTR_EL2.TFP = 1: the EL1 trap has priority
 *      (AArch64.CheckFPAdvSIMDEnabled checks CPACR_EL1 first).
 */
#include "harness.h"

#define ESR_FP          ESR(EC_FP, (1 << 24) | (0xe << 20))

/* Codes \base + 0..4; ELR = the FP instruction. */
.macro expect_fp rec, n, elr, spsr, vec, base
	expect_exc \rec, \n, ESR_FP, \elr, \spsr, \vec, \base, "trapped FP instruction"
.endm

.macro set_cpacr val
	li	x0, \val
	msr	cpacr_el1, x0
	isb
.endm

	start_el2 vectors_el2, vectors_el1
	zero_quads rec_el1, 2 * EXC_REC_QUADS	/* rec_el1, rec_el2 */
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	/* 1. FPEN = 00: trapped at EL1. */
	set_cpacr 0
	mov	x1, #7
	msr	nzcv, xzr
f1:	fmov	d0, x1
	expect_fp rec_el1, 1, f1, (PSR_DAIF | PSR_M_EL1h), (VEC_CUR_SPX + VEC_SYNC), 10

	/* 2. FPEN = 01: EL1 may use FP, EL0 may not. */
	set_cpacr (1 << 20)
	mov	x1, #9
	fmov	d0, x1
	fmov	x2, d0
	check	x2, 9, 20, "FMOV at EL1 with CPACR_EL1.FPEN = 01"
	run_el0	el0_fp
	expect_fp rec_el1, 2, f2, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 30

	/* 3. FPEN = 11, CPTR_EL2.TFP = 1: trapped to EL2. */
	set_cpacr CPACR_FPEN
	li	x0, (CPTR_EL2_BASE | CPTR_TFP)
	hvc	#1
	msr	nzcv, xzr			/* flags as SPSR will record them */
f3:	fmov	d1, x1
	expect_fp rec_el2, 1, f3, (PSR_DAIF | PSR_M_EL1h), (VEC_LOWER_A64 + VEC_SYNC), 40

	/* 4. Both: the EL1 trap wins. */
	set_cpacr 0
	msr	nzcv, xzr
f4:	fmov	d2, x1
	expect_fp rec_el1, 3, f4, (PSR_DAIF | PSR_M_EL1h), (VEC_CUR_SPX + VEC_SYNC), 50
	expect_count rec_el2, 1, 55, "FP trap to EL1 did not also go to EL2"

	/* Everything enabled again: FP works. */
	set_cpacr CPACR_FPEN
	li	x0, CPTR_EL2_BASE
	hvc	#1
	mov	x1, #11
	fmov	d3, x1
	fmov	x2, d3
	check	x2, 11, 60, "FMOV with FP enabled everywhere"
	pass

el0_fp:
	mov	x1, #5
f2:	fmov	d0, x1
	svc	#0
	b	.

/* EL1: SVC #0 from EL0 ends run_el0; FP traps are recorded and skipped. */
el1_sync:
	el0_svc_return
	record_and_skip 1, rec_el1

/* EL2: HVC #1 sets CPTR_EL2 = x0; anything else is recorded and skipped. */
el2_sync:
	mrs	x1, esr_el2
	li	x2, ESR(EC_HVC64, 1)
	cmp	x1, x2
	b.ne	1f
	msr	cptr_el2, x0
	isb
	eret
1:	record_and_skip 2, rec_el2

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync

	exc_records rec_el1, rec_el2
