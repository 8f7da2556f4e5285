/*
 * virq: virtual IRQ, FIQ and SError injected by EL2 through HCR_EL2.
 *
 * With HCR_EL2.IMO = 1 and VI = 1 a virtual IRQ is pending for EL1. It is
 * masked by PSTATE.I at EL1 (nothing happens while I = 1) and taken as soon
 * as EL1 clears PSTATE.I (MSR DAIFClr), at VBAR_EL1 + 0x280 (current EL with
 * SP_ELx, IRQ), with ELR_EL1 = the instruction after the MSR and SPSR_EL1 =
 * the PSTATE with I = 0. The EL1 handler asks EL2 (HVC) to clear VI.
 * Likewise FMO + VF: virtual FIQ at +0x300; AMO + VSE: virtual SError at
 * +0x380 with ESR_EL1.EC = 0x2F, IL = 1 (without FEAT_RAS, as on
 * Cortex-A57, the ISS of an SError is IMPLEMENTATION DEFINED, so only EC
 * and IL are checked). Taking the virtual SError clears HCR_EL2.VSE
 * (DDI 0487 HCR_EL2.VSE: the bit is cleared when the virtual SError is
 * taken).
 * Virtual interrupts are never taken at EL2: with VI set and PSTATE.{A,I,F}
 * clear at EL2 nothing is taken.
 * No GIC is configured, so no physical interrupt can interfere.
 */
#include "harness.h"

/*
 * After interrupt number \n: codes \base + 0..3 (count, ELR = the
 * instruction after the unmasking MSR, SPSR_EL1, EL1 vector offset).
 */
.macro expect_int n, elr, spsr, vec, base
	expect_exc record, \n, , \elr, \spsr, \vec, \base, "virtual interrupt"
.endm

.macro expect_masked n, code
	expect_count record, \n, \code, "no virtual interrupt while masked"
.endm

/*
 * Virtual interrupt number \n, pending: still masked (code \masked) until
 * EL1 clears DAIF bit(s) \daifclr with NZCV = \nzcv, then taken at once:
 * expect_int with SPSR_EL1 \spsr and vector offset \vec (codes \base +
 * 0..3). Clobbers x0, x2, x17.
 */
.macro unmask_virtual n, daifclr, nzcv, spsr, vec, masked, base
	expect_masked (\n - 1), \masked
	li	x0, \nzcv			/* NZCV as the SPSR will record it */
	msr	nzcv, x0
	msr	daifclr, #\daifclr
.Lint_ret\@:
	nop
	expect_int \n, .Lint_ret\@, \spsr, \vec, \base
.endm

	start_el2 vectors_el2, vectors_el1
	zero_quads record, EXC_REC_QUADS
	li	x0, (HCR_RW | HCR_IMO | HCR_VI)
	msr	hcr_el2, x0
	isb
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	/* IRQ: pending but masked by PSTATE.I. */
	isb
	nop
	unmask_virtual 1, 2, PSR_N, (PSR_N | PSR_D | PSR_A | PSR_F | PSR_M_EL1h), (VEC_CUR_SPX + VEC_IRQ), 2, 10
	msr	daifset, #2			/* I */

	/* FIQ. */
	li	x0, (HCR_RW | HCR_FMO | HCR_VF)
	hvc	#1
	isb
	unmask_virtual 2, 1, PSR_Z, (PSR_Z | PSR_D | PSR_A | PSR_I | PSR_M_EL1h), (VEC_CUR_SPX + VEC_FIQ), 3, 20
	msr	daifset, #1			/* F */

	/* SError. */
	li	x0, (HCR_RW | HCR_AMO | HCR_VSE)
	hvc	#1
	isb
	unmask_virtual 3, 4, PSR_V, (PSR_V | PSR_D | PSR_I | PSR_F | PSR_M_EL1h), (VEC_CUR_SPX + VEC_SERROR), 4, 30
	la	x0, record
	ldr	x2, [x0, #REC_ESR]
	and	x2, x2, #0xfe000000
	check	x2, ESR(EC_SERROR, 0), 34, "ESR_EL1 EC and IL for the virtual SError"
	msr	daifset, #4			/* A */
	hvc	#2				/* EL2 checks that VSE was cleared */

	/* Virtual interrupts are not taken at EL2. */
	hvc	#3
	expect_masked 3, 5
	pass

/* EL1 IRQ/FIQ/SError: record; have EL2 drop the virtual IRQ/FIQ. */
el1_int:
	record_exc 1, record
	cmp	x17, #(VEC_CUR_SPX + VEC_SERROR)
	b.eq	1f
	li	x0, HCR_RW
	hvc	#1
1:	eret

el1_vec:
	cmp	x17, #(VEC_CUR_SPX + VEC_IRQ)
	b.lo	1f
	cmp	x17, #(VEC_CUR_SPX + VEC_SERROR)
	b.ls	el1_int
1:	unexpected_exception 1, 100

/* EL2: HVC #1 HCR_EL2 = x0; #2 check VSE cleared; #3 EL2 unmasked with VI. */
el2_sync:
	cmp	x17, #(VEC_LOWER_A64 + VEC_SYNC)
	b.ne	el2_unexpected
	mrs	x1, esr_el2
	li	x2, ESR(EC_HVC64, 1)
	cmp	x1, x2
	b.ne	1f
	msr	hcr_el2, x0
	isb
	eret
1:	li	x2, ESR(EC_HVC64, 2)
	cmp	x1, x2
	b.ne	2f
	check_sysreg hcr_el2, (HCR_RW | HCR_AMO), 101, "HCR_EL2.VSE cleared by taking the virtual SError"
	li	x0, HCR_RW
	msr	hcr_el2, x0
	isb
	eret
2:	check	x1, ESR(EC_HVC64, 3), 102, "ESR_EL2 for HVC #3"
	li	x0, (HCR_RW | HCR_IMO | HCR_FMO | HCR_AMO | HCR_VI | HCR_VF | HCR_VSE)
	msr	hcr_el2, x0
	isb
	msr	daifclr, #0xf
	isb
	nop
	nop
	msr	daifset, #0xf
	li	x0, HCR_RW
	msr	hcr_el2, x0
	isb
	eret

el2_unexpected:
	unexpected_exception 2, 110

	vector_table vectors_el1, 1, el1_vec
	vector_table vectors_el2, 2, el2_sync

	exc_records record
