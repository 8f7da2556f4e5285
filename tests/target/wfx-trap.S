/*
 * wfx-trap: WFI/WFE trapped by HCR_EL2.TWI/TWE and SCTLR_EL1.nTWI.
 *
 * ESR for a trapped WFx (EC 0x01, DDI 0487 ESR_EL2 "ISS encoding for an
 * exception from a WF* instruction", ARMv8.0 layout): IL = 1, CV = 1 and
 * COND = 0b1110 (always so for AArch64 state), TI (bit 0) = 0 for WFI,
 * 1 for WFE. ELR = the WFx instruction itself.
 *   1. EL1 WFI with HCR_EL2.TWI = 1: taken to EL2 (VBAR_EL2 + 0x400),
 *      SPSR_EL2 = EL1h.
 *   2. EL1 WFE with HCR_EL2.TWE = 1: if taken, to EL2 with TI = 1. The trap
 *      is not guaranteed: "since a WFE can complete at any time, even
 *      without a Wakeup event, the traps on WFE are not guaranteed to be
 *      taken" (DDI 0487 HCR_EL2.TWE), and QEMU never takes it (its WFE is
 *      a yield). So this case checks the syndrome only if trapped.
 *   3. EL0 WFI with SCTLR_EL1.nTWI = 1 and HCR_EL2.TWI = 1: taken to EL2,
 *      SPSR_EL2 = EL0t.
 *   4. EL0 WFI with SCTLR_EL1.nTWI = 0 and HCR_EL2.TWI = 1: the EL1 trap has
 *      priority (AArch64.CheckForWFxTrap checks SCTLR_EL1 first): taken to
 *      EL1 (VBAR_EL1 + 0x400) with the same syndrome in ESR_EL1.
 * No interrupt is pending (no GIC set up, all masked). The ARM ARM says the
 * same about WFI as about WFE, only guaranteeing the trap if the WFI would
 * otherwise never complete; this test requires the WFI traps, as QEMU takes
 * them and as a hypervisor needs them.
 */
#include "harness.h"

#define ESR_WFI         ESR(EC_WFX, (1 << 24) | (0xe << 20) | 0)
#define ESR_WFE         ESR(EC_WFX, (1 << 24) | (0xe << 20) | 1)

/* Codes \base + 0..4; ELR = the WFx itself. */
.macro expect_trap rec, n, esr, elr, spsr, vec, base
	expect_exc \rec, \n, \esr, \elr, \spsr, \vec, \base, "trapped WFx"
.endm

	start_el2 vectors_el2, vectors_el1
	zero_quads rec_el2, 2 * EXC_REC_QUADS	/* rec_el2, rec_el1 */
	li	x0, (HCR_RW | HCR_TWI | HCR_TWE)
	msr	hcr_el2, x0
	isb
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	/* 1. WFI at EL1. */
w1:	wfi
	expect_trap rec_el2, 1, ESR_WFI, w1, (PSR_DAIF | PSR_M_EL1h), (VEC_LOWER_A64 + VEC_SYNC), 10

	/* 2. WFE at EL1: the trap is allowed not to happen. */
w2:	wfe
	la	x0, rec_el2
	ldr	x2, [x0]
	cmp	x2, #1
	b.eq	3f
	expect_trap rec_el2, 2, ESR_WFE, w2, (PSR_DAIF | PSR_M_EL1h), (VEC_LOWER_A64 + VEC_SYNC), 20
	la	x0, rec_el2		/* count only the WFI traps below */
	mov	x1, #1
	str	x1, [x0]
3:
	/* 3. WFI at EL0, SCTLR_EL1.nTWI = 1: to EL2. */
	run_el0	el0_wfi
	expect_trap rec_el2, 2, ESR_WFI, w3, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 30
	expect_count rec_el1, 0, 35, "no WFx trap to EL1 yet"

	/* 4. WFI at EL0, SCTLR_EL1.nTWI = 0: to EL1 first. */
	li	x0, (SCTLR_EL1_BASE & ~(1 << 16))
	msr	sctlr_el1, x0
	isb
	run_el0	el0_wfi
	expect_trap rec_el1, 1, ESR_WFI, w3, PSR_M_EL0t, (VEC_LOWER_A64 + VEC_SYNC), 40
	expect_count rec_el2, 2, 45, "EL0 WFI trapped to EL1 did not also go to EL2"
	pass

el0_wfi:
w3:	wfi
	svc	#0
	b	.

/* EL1: SVC #0 from EL0 ends run_el0; WFx traps are recorded and skipped. */
el1_sync:
	cmp	x17, #(VEC_LOWER_A64 + VEC_SYNC)
	b.ne	el1_unexpected
	el0_svc_return
	record_and_skip 1, rec_el1
el1_unexpected:
	unexpected_exception 1, 100

/* EL2: record the trap and skip the instruction. */
el2_sync:
	record_and_skip 2, rec_el2

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync

	exc_records rec_el2, rec_el1
