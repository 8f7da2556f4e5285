/*
 * el0-undef: UNDEFINED instructions at EL0, and HCR_EL2.TGE routing.
 *
 *   1. EL0 MRS X19, SCTLR_EL1 (an EL1 register): UNDEFINED, taken to EL1
 *      (VBAR_EL1 + 0x400) with EC 0x00 "unknown reason", IL 1, ISS 0:
 *      ESR_EL1 = 0x02000000. ELR_EL1 = the MRS; X19 is not written.
 *   2. EL0 UDF #0x1234: the same syndrome (the immediate is not reported).
 *   3. HCR_EL2.TGE = 1 (E2H = 0), EL2 ERETs straight to EL0: exceptions
 *      that would be routed to EL1 are routed to EL2 (DDI 0487 HCR_EL2.TGE):
 *      SVC #0x77 -> EL2, VBAR_EL2 + 0x400, ESR_EL2 = EC 0x15, ISS 0x77,
 *      ELR_EL2 = after the SVC, SPSR_EL2 = EL0t; and
 *   4. UDF -> EL2 with EC 0x00, ELR_EL2 = the UDF.
 */
#include "harness.h"

#define ESR_UNKNOWN     ESR(EC_UNKNOWN, 0)

	start_el2 vectors_el2, vectors_el1
	zero_quads rec_el1, 2 * EXC_REC_QUADS	/* rec_el1, rec_el2 */
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	run_el0	el0_part1
	check	x20, 0x3333, 10, "X19 not written by the UNDEFINED MRS"
	expect_count rec_el1, 2, 11, "two UNDEFINED exceptions at EL1"
	/* codes 12 (ESR), 13 (ELR = the MRS), 14 (vector) */
	expect_exc first_el1, , ESR_UNKNOWN, u1, , (VEC_LOWER_A64 + VEC_SYNC), 12, "MRS SCTLR_EL1 at EL0"
	expect_exc rec_el1, 2, ESR_UNKNOWN, u2, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 15, "UDF at EL0"
	hvc	#1				/* EL2 continues with TGE = 1 */
	fail	20, "HVC #1 returned"

/* EL0, cases 1 and 2; SVC #0 ends the part (back in el1_main). */
el0_part1:
	mov	x19, #0x3333
u1:	mrs	x19, sctlr_el1
	mov	x20, x19
	msr	nzcv, xzr
u2:	udf	#0x1234
	svc	#0
	b	.

/* EL0, cases 3 and 4, with HCR_EL2.TGE = 1. */
el0_part2:
	msr	nzcv, xzr
	svc	#0x77
s3:	msr	nzcv, xzr
u4:	udf	#0
	svc	#0x99
	b	.

/*
 * EL1: SVC #0 from EL0 ends part 1; everything else is recorded and
 * skipped. Uses x0-x6 only (EL0 keeps its values in x19/x20).
 */
el1_sync:
	el0_svc_return
	record_exc 1, rec_el1
	cmp	x2, #1
	b.ne	1f
	la	x4, first_el1			/* keep the first record */
	ldp	x5, x6, [x0]
	stp	x5, x6, [x4]
	ldp	x5, x6, [x0, #16]
	stp	x5, x6, [x4, #16]
	ldr	x5, [x0, #32]
	str	x5, [x4, #32]
1:	skip_insn 1
	eret

/* EL2: HVC #1 starts part 2; SVC #0x99 from EL0 ends the test. */
el2_sync:
	mrs	x1, esr_el2
	li	x2, ESR(EC_HVC64, 1)
	cmp	x1, x2
	b.ne	1f
	li	x0, (HCR_RW | HCR_TGE)
	msr	hcr_el2, x0
	isb
	eret_to	2, el0_part2, PSR_M_EL0t
1:	li	x2, ESR(EC_SVC64, 0x99)
	cmp	x1, x2
	b.eq	el2_done
	record_exc 2, rec_el2
	cmp	x2, #1
	b.ne	2f
	expect_exc rec_el2, 1, ESR(EC_SVC64, 0x77), s3, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 30, "SVC at EL0 with TGE = 1"
	eret					/* SVC: ELR is already past it */
2:	expect_exc rec_el2, 2, ESR_UNKNOWN, u4, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 40, "UDF at EL0 with TGE = 1"
	skip_insn 2
	eret

el2_done:
	expect_count rec_el2, 2, 50, "SVC and UDF at EL0 with TGE = 1 both taken to EL2"
	expect_count rec_el1, 2, 51, "nothing reached EL1 with TGE = 1"
	pass

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync

	exc_records rec_el1, rec_el2, first_el1
