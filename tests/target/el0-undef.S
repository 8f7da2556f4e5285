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

/* \rec holds count, ESR, ELR, SPSR, vector. */
.macro expect_exc rec, n, esr, elr, spsr, vec, base
	la	x0, \rec
	ldr	x2, [x0]
	check	x2, \n, (\base + 0), "exceptions taken (count)"
	ldr	x2, [x0, #8]
	check	x2, \esr, (\base + 1), "ESR"
	ldr	x2, [x0, #16]
	check	x2, \elr, (\base + 2), "ELR"
	ldr	x2, [x0, #24]
	check	x2, \spsr, (\base + 3), "SPSR"
	ldr	x2, [x0, #32]
	check	x2, \vec, (\base + 4), "vector offset"
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	expect_el 2, 1
	el2_init vectors_el2, vectors_el1
	la	x0, rec_el1
	mov	x1, #10
1:	str	xzr, [x0], #8
	subs	x1, x1, #1
	b.ne	1b
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	eret_to	1, el0_part1, PSR_M_EL0t

/* EL0, cases 1 and 2; SVC #0 ends the part (back at el1_part1_done). */
el0_part1:
	mov	x19, #0x3333
u1:	mrs	x19, sctlr_el1
	mov	x20, x19
	msr	nzcv, xzr
u2:	udf	#0x1234
	svc	#0
	b	.

el1_part1_done:
	check	x20, 0x3333, 10, "X19 not written by the UNDEFINED MRS"
	la	x0, rec_el1
	ldr	x2, [x0]
	check	x2, 2, 11, "two UNDEFINED exceptions at EL1"
	la	x0, first_el1
	ldr	x2, [x0, #8]
	check	x2, ESR_UNKNOWN, 12, "ESR_EL1 for MRS SCTLR_EL1 at EL0"
	ldr	x2, [x0, #16]
	check	x2, u1, 13, "ELR_EL1 for MRS SCTLR_EL1 at EL0 (the MRS)"
	ldr	x2, [x0, #32]
	check	x2, (VEC_LOWER_A64 + VEC_SYNC), 14, "EL1 vector for UNDEFINED at EL0"
	expect_exc rec_el1, 2, ESR_UNKNOWN, u2, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 15
	hvc	#1				/* EL2 continues with TGE = 1 */
	fail	20, "HVC #1 returned"

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
	mrs	x1, esr_el1
	li	x2, ESR(EC_SVC64, 0)
	cmp	x1, x2
	b.ne	1f
	la	x0, el1_part1_done
	msr	elr_el1, x0
	li	x0, (PSR_DAIF | PSR_M_EL1h)
	msr	spsr_el1, x0
	eret
1:	la	x0, rec_el1
	ldr	x2, [x0]
	add	x2, x2, #1
	stp	x2, x1, [x0]
	mrs	x3, elr_el1
	mrs	x1, spsr_el1
	stp	x3, x1, [x0, #16]
	str	x17, [x0, #32]
	cmp	x2, #1
	b.ne	2f
	la	x4, first_el1			/* keep the first record */
	ldp	x5, x6, [x0]
	stp	x5, x6, [x4]
	ldp	x5, x6, [x0, #16]
	stp	x5, x6, [x4, #16]
	ldr	x5, [x0, #32]
	str	x5, [x4, #32]
2:	add	x3, x3, #4
	msr	elr_el1, x3
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
	la	x0, rec_el2
	ldr	x2, [x0]
	add	x2, x2, #1
	stp	x2, x1, [x0]
	mrs	x3, elr_el2
	mrs	x1, spsr_el2
	stp	x3, x1, [x0, #16]
	str	x17, [x0, #32]
	cmp	x2, #1
	b.ne	2f
	expect_exc rec_el2, 1, ESR(EC_SVC64, 0x77), s3, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 30
	eret					/* SVC: ELR is already past it */
2:	expect_exc rec_el2, 2, ESR_UNKNOWN, u4, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 40
	mrs	x3, elr_el2
	add	x3, x3, #4
	msr	elr_el2, x3
	eret

el2_done:
	la	x0, rec_el2
	ldr	x2, [x0]
	check	x2, 2, 50, "SVC and UDF at EL0 with TGE = 1 both taken to EL2"
	la	x0, rec_el1
	ldr	x2, [x0]
	check	x2, 2, 51, "nothing reached EL1 with TGE = 1"
	pass

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync

	.data
	.balign	8
rec_el1:	.quad	0, 0, 0, 0, 0
rec_el2:	.quad	0, 0, 0, 0, 0
first_el1:	.quad	0, 0, 0, 0, 0
