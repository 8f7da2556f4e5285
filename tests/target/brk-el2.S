/*
 * brk-el2: synchronous exceptions taken from EL2 to EL2.
 *
 *   1. BRK #0x4321 at EL2h: EC 0x3C, IL 1, ISS = imm16; taken at
 *      VBAR_EL2 + 0x200 (current EL, SP_ELx); ELR_EL2 = the BRK itself
 *      (a Breakpoint instruction exception returns to the BRK); SPSR_EL2 =
 *      the interrupted PSTATE (its NZCV, DAIF, EL2h).
 *   2. BRK #0x1 at EL2t (SPSel = 0): the same, at VBAR_EL2 + 0x000
 *      (current EL, SP_EL0), SPSR_EL2.M = EL2t.
 *   3. UDF at EL2: EC 0x00, ISS 0; ELR_EL2 = the UDF.
 *   4. MRS of SCR_EL3 at EL2 with no EL3: UNDEFINED, EC 0x00.
 *   5. HVC #0x2a at EL2: taken to EL2 itself, EC 0x16, ELR = after the HVC.
 * The handler records ESR/ELR/SPSR/vector and resumes at the next
 * instruction.
 */
#include "harness.h"

/* After exception number \n: codes \base + 0..4. */
.macro expect_el2 n, esr, elr, spsr, vec, base
	expect_exc record, \n, \esr, \elr, \spsr, \vec, \base, "exception taken to EL2"
.endm

	start_el2 vectors_el2, vectors_el1
	zero_quads record, EXC_REC_QUADS

	/* 1. BRK at EL2h. */
	msr	daifclr, #0xf
	msr	daifset, #0xc			/* D, A */
	li	x0, (PSR_N | PSR_V)
	msr	nzcv, x0
b1:	brk	#0x4321
	expect_el2 1, ESR(EC_BRK64, 0x4321), b1, (PSR_N | PSR_V | PSR_D | PSR_A | PSR_M_EL2h), (VEC_CUR_SPX + VEC_SYNC), 10

	/* 2. BRK at EL2t. */
	msr	daifset, #0xf
	msr	spsel, #0
	msr	nzcv, xzr
b2:	brk	#0x1
	msr	spsel, #1
	expect_el2 2, ESR(EC_BRK64, 0x1), b2, (PSR_DAIF | PSR_M_EL2t), (VEC_CUR_SP0 + VEC_SYNC), 20

	/* 3. UDF at EL2. */
	msr	nzcv, xzr
u3:	udf	#0xbeef
	expect_el2 3, ESR(EC_UNKNOWN, 0), u3, (PSR_DAIF | PSR_M_EL2h), (VEC_CUR_SPX + VEC_SYNC), 30

	/* 4. An EL3 register at EL2, no EL3. */
	msr	nzcv, xzr
u4:	mrs	x5, scr_el3
	expect_el2 4, ESR(EC_UNKNOWN, 0), u4, (PSR_DAIF | PSR_M_EL2h), (VEC_CUR_SPX + VEC_SYNC), 40

	/* 5. HVC at EL2. */
	msr	nzcv, xzr
	hvc	#0x2a
h5:	expect_el2 5, ESR(EC_HVC64, 0x2a), h5, (PSR_DAIF | PSR_M_EL2h), (VEC_CUR_SPX + VEC_SYNC), 50
	pass

/* Record; resume after the instruction (HVC: ELR is already past it). */
el2_sync:
	record_exc 2, record
	lsr	x1, x1, #26
	cmp	x1, #EC_HVC64
	b.eq	1f
	skip_insn 2
1:	eret

el1_unexpected:
	unexpected_exception 1, 100

	vector_table vectors_el2, 2, el2_sync
	vector_table vectors_el1, 1, el1_unexpected

	exc_records record
