/*
 * trap_case.h - one trapped (or not) system register access per case, for
 * the tests of the trap controls (trap-to-el2, trap-from-el0). Included
 * after harness.h, at EL2 (the programs start there).
 *
 * A case: EL2 sets HCR_EL2, CPTR_EL2, MDCR_EL2 and SCTLR_EL1, sets X1 to
 * the address of trap_buf (a 256-byte buffer, the operand of the cache
 * maintenance instructions), and ERETs to a snippet at EL1h or EL0t: the
 * access under test, then SVC #0. The access is taken to EL1 or EL2 (the
 * handler records it and returns after it), or not at all; the SVC, at
 * EL1 (or, under HCR_EL2.TGE, at EL2), ends the case: EL1 turns it into
 * HVC #0, and EL2 goes back to the program with X27. Each case then checks
 * where the access went, its ESR and ELR.
 *
 * The program provides: the vector tables trap_vec2 and trap_vec1 (with
 * trap_vectors, below), and its snippets.
 */
#ifndef PHONESIM_TESTS_TARGET_TRAP_CASE_H
#define PHONESIM_TESTS_TARGET_TRAP_CASE_H

/*
 * ISS of EC 0x18 (ESR_ELx, "ISS encoding for an exception from MSR, MRS,
 * or System instruction execution in AArch64 state"): Op0 [21:20], Op2
 * [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0]
 * (1: read).
 */
#define SYSREG_ISS(op0, op1, crn, crm, op2, rt, dir) \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | \
	 ((rt) << 5) | ((crm) << 1) | (dir))
#define SYS_ESR(op0, op1, crn, crm, op2, rt, dir) \
	ESR(EC_SYS64, SYSREG_ISS(op0, op1, crn, crm, op2, rt, dir))
#define UNDEF_ESR       ESR(EC_UNKNOWN, 0)

/* SCTLR_EL1's controls of EL0 (UMA, DZE, UCT, UCI): set, they allow. */
#define SCTLR_UMA       (1 << 9)
#define SCTLR_DZE       (1 << 14)
#define SCTLR_UCT       (1 << 15)
#define SCTLR_UCI       (1 << 26)
#define SCTLR_EL0_OPEN  (SCTLR_EL1_BASE | SCTLR_UMA | SCTLR_DZE | SCTLR_UCT | SCTLR_UCI)

/* The trap controls these tests use that harness.h does not name. */
#define HCR_TID1        (1 << 16)
#define HCR_TID2        (1 << 17)
#define HCR_TACR        (1 << 21)
#define HCR_TSW         (1 << 22)
#define HCR_TPC         (1 << 23)
#define HCR_TPU         (1 << 24)
#define HCR_TTLB        (1 << 25)
#define HCR_TDZ         (1 << 28)
#define CPTR_TCPAC      (1 << 31)
#define MDCR_TDE        (1 << 8)
#define MDCR_TDA        (1 << 9)
#define MDCR_TDOSA      (1 << 10)
#define MDCR_TDRA       (1 << 11)

/*
 * trap_case CODE, WHAT, SNIPPET, MODE, HCR, EL, ESR [, SCTLR, CPTR, MDCR]:
 * runs SNIPPET (its first instruction is the access) in MODE (PSR_M_EL1h
 * or PSR_M_EL0t, DAIF masked) with those controls (MDCR is OR-ed into
 * MDCR_EL2's HPMN), and checks that the access was taken to EL (1 or 2)
 * with ESR and ELR = SNIPPET, and nothing at the other EL; EL 0: that
 * nothing was taken. Codes CODE to CODE + 3; WHAT names the case.
 */
.macro trap_case code, what, snippet, mode, hcr, el, esr, sctlr=SCTLR_EL1_BASE, cptr=CPTR_EL2_BASE, mdcr=0
	zero_quads trap_rec1, (2 * EXC_REC_QUADS)
	li	x0, \hcr
	msr	hcr_el2, x0
	li	x0, \cptr
	msr	cptr_el2, x0
	mrs	x0, pmcr_el0
	ubfx	x0, x0, #11, #5			/* PMCR_EL0.N: MDCR_EL2.HPMN */
	li	x1, \mdcr
	orr	x0, x0, x1
	msr	mdcr_el2, x0
	li	x0, \sctlr
	msr	sctlr_el1, x0
	la	x1, trap_buf
	adr	x27, .Ltrap_case_back\@
	eret_to	2, \snippet, (PSR_DAIF | \mode)
.Ltrap_case_back\@:
	.if \el == 0
	expect_count trap_rec1, 0, \code, "\what: taken to EL1"
	expect_count trap_rec2, 0, (\code + 1), "\what: taken to EL2"
	.elseif \el == 1
	expect_exc trap_rec1, 1, \esr, \snippet, , , \code, "\what, to EL1"
	expect_count trap_rec2, 0, (\code + 3), "\what: taken to EL2"
	.else
	expect_exc trap_rec2, 1, \esr, \snippet, , , \code, "\what, to EL2"
	expect_count trap_rec1, 0, (\code + 3), "\what: taken to EL1"
	.endif
.endm

/* A snippet: \label: \insn, then SVC #0 (the end of the case). */
.macro snippet label, insn:vararg
\label:	\insn
	svc	#0
.endm

/*
 * The handlers and their vector tables (trap_vec2, trap_vec1), and the
 * records and buffer. An SVC ends the case (EL1 passes it on with HVC #0);
 * anything else is recorded and skipped.
 */
.macro trap_vectors
trap_el2:
	mrs	x0, esr_el2
	lsr	x0, x0, #26
	cmp	x0, #EC_HVC64
	b.eq	1f
	cmp	x0, #EC_SVC64
	b.eq	1f
	record_and_skip 2, trap_rec2
1:	br	x27
trap_el1:
	mrs	x0, esr_el1
	lsr	x0, x0, #26
	cmp	x0, #EC_SVC64
	b.ne	1f
	hvc	#0
1:	record_and_skip 1, trap_rec1
	vector_table trap_vec2, 2, trap_el2
	vector_table trap_vec1, 1, trap_el1
	exc_records trap_rec1, trap_rec2
	.balign	256
trap_buf:
	.fill	256, 1, 0
.endm

#endif
