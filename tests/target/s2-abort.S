/*
 * s2-abort: stage 2 faults from EL1, taken to EL2.
 *
 * EL2 builds an identity stage 2 (4 KiB granule, 39-bit IPA, walk starts at
 * level 1: VTCR_EL2.T0SZ = 25, SL0 = 1) and sets HCR_EL2.VM; EL1 runs with
 * its MMU off, so VA == IPA == PA:
 *   0x40000000-0x407fffff  four 2 MiB blocks, RW, executable (the image)
 *   0x40800000-0x409fffff  level 3 table over the scratch area:
 *       +0x0000  page, RW, XN          (data page: works)
 *       +0x1000  page, read-only (S2AP = 01)
 *       +0x2000  invalid               (level 3 translation fault)
 *       +0x3000  page, RW, XN          (fetch: permission fault)
 *       +0x4000  page, RW, executable  (fetch: works)
 *   0x40a00000-0x40bfffff  invalid level 2 entry (level 2 translation fault)
 *
 * Each fault is a Data Abort (EC 0x24) or Instruction Abort (EC 0x20) from
 * a lower EL, taken at VBAR_EL2 + 0x400. The EL2 handler records ESR_EL2,
 * FAR_EL2, HPFAR_EL2 and ELR_EL2, skips the instruction (ELR + 4; for a fetch
 * abort, returns to EL1's x30) and ERETs; EL1 checks the record.
 * DDI 0487 ESR_EL2, "ISS encoding for an exception from a Data Abort": for
 * stage 2 faults on a load/store of a single general-purpose register without
 * writeback, ISV = 1 and the instruction syndrome is valid: SAS (access
 * size), SSE (sign extension), SRT (register), SF (64-bit register), AR
 * (acquire/release); ISV = 0 (ISS[23:14] = 0) for LDP and for writeback
 * forms. WnR = 1 for a write; DFSC = 0b0001LL translation, 0b0011LL
 * permission fault at level LL. HPFAR_EL2.FIPA[43:4] = IPA[47:12]
 * (DDI 0487 HPFAR_EL2). IL = 1 throughout (32-bit instructions; also
 * IL = 1 when ISV = 0).
 */
#include "harness.h"
#include "fault_pages.h"

/* Stage 2 descriptor bits (4 KiB granule, VMSAv8-64 stage 2 format). */
#define S2_AF           (1 << 10)
#define S2_SH_INNER     (3 << 8)
#define S2AP_RO         (1 << 6)
#define S2AP_RW         (3 << 6)
#define S2_NORMAL_WB    (0xf << 2)      /* MemAttr: Normal, outer and inner WB */
#define S2_XN           (1 << 54)
#define S2_MEM          (S2_AF | S2_SH_INNER | S2_NORMAL_WB)

/* VTCR_EL2: T0SZ 25, SL0 1, IRGN0/ORGN0 WB, SH0 inner, TG0 4K, PS 40 bits. */
#define VTCR_VALUE      ((1 << 31) | (2 << 16) | (3 << 12) | (1 << 10) | (1 << 8) | (1 << 6) | 25)

#define HPFAR(ipa)      (((ipa) >> 12) << 4)

/*
 * After fault number \n: the EL2 handler ran n times in all and recorded
 * ESR, FAR, HPFAR, ELR and the vector offset. Codes \base + 0..5 (in that
 * order, count first).
 */
.macro expect_s2 n, esr, far, elr, base
	expect_exc record, \n, \esr, \elr, , (VEC_LOWER_A64 + VEC_SYNC), \base, "stage 2 fault taken to EL2", \far, HPFAR(\far)
.endm

	start_el2 vectors_el2, vectors_el1
	fault_tables (S2_MEM | S2AP_RW)
	fault_page 0, (S2_MEM + S2AP_RW + S2_XN)
	fault_page 1, (S2_MEM + S2AP_RO + S2_XN)
	fault_page 3, (S2_MEM + S2AP_RW + S2_XN)
	fault_page 4, (S2_MEM + S2AP_RW)
	fault_pages_fill 0xfedcba9876543210
	zero_quads record, ABORT_REC_QUADS
	dsb	ish
	li	x0, VTCR_VALUE
	msr	vtcr_el2, x0
	msr	vttbr_el2, x20			/* VMID 0 */
	isb
	tlbi	vmalls12e1
	dsb	ish
	isb
	li	x0, (HCR_RW | HCR_VM)
	msr	hcr_el2, x0
	isb
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	expect_el 1, 2
	fault_pages_work 0xfedcba9876543210, 3, "stage 2"
	expect_count record, 0, 6, "no stage 2 fault yet"

	/* 1. LDR W3: level 2 translation fault; ISV, SAS = word, SRT = 3. */
	li	x1, (UNMAPPED_L2 + 0x10)
f1:	ldr	w3, [x1]
	expect_s2 1, ESR(EC_DABT_LOW, ISS_ISV | ISS_SAS(2) | ISS_SRT(3) | FSC_TRANS(2)), (UNMAPPED_L2 + 0x10), f1, 10
	/* 2. LDR X5: level 3 translation fault; SAS = dword, SF = 1. */
	li	x1, (SCR + 2 * PAGE + 8)
f2:	ldr	x5, [x1]
	expect_s2 2, ESR(EC_DABT_LOW, ISS_ISV | ISS_SAS(3) | ISS_SRT(5) | ISS_SF | FSC_TRANS(3)), (SCR + 2 * PAGE + 8), f2, 20
	/* 3. LDRSB X6: SAS = byte, SSE = 1, SF = 1. */
	li	x1, (UNMAPPED_L2 + 0x123)
f3:	ldrsb	x6, [x1]
	expect_s2 3, ESR(EC_DABT_LOW, ISS_ISV | ISS_SAS(0) | (1 << 21) | ISS_SRT(6) | ISS_SF | FSC_TRANS(2)), (UNMAPPED_L2 + 0x123), f3, 30
	/* 4. STRH W4 to the read-only page: permission fault, WnR = 1. */
	li	x1, (SCR + 1 * PAGE + 6)
f4:	strh	w4, [x1]
	expect_s2 4, ESR(EC_DABT_LOW, ISS_ISV | ISS_SAS(1) | ISS_SRT(4) | ISS_WNR | FSC_PERM(3)), (SCR + 1 * PAGE + 6), f4, 40
	/* 5. STR XZR to the read-only page: SRT = 31. */
	li	x1, (SCR + 1 * PAGE + 0x10)
f5:	str	xzr, [x1]
	expect_s2 5, ESR(EC_DABT_LOW, ISS_ISV | ISS_SAS(3) | ISS_SRT(31) | ISS_SF | ISS_WNR | FSC_PERM(3)), (SCR + 1 * PAGE + 0x10), f5, 50
	/* 6. LDAR W7: acquire, AR = 1. */
	li	x1, (UNMAPPED_L2 + 0x40)
f6:	ldar	w7, [x1]
	expect_s2 6, ESR(EC_DABT_LOW, ISS_ISV | ISS_SAS(2) | ISS_SRT(7) | (1 << 14) | FSC_TRANS(2)), (UNMAPPED_L2 + 0x40), f6, 60
	/* 7. LDP: no instruction syndrome (ISV = 0). */
	li	x1, (UNMAPPED_L2 + 0x20)
f7:	ldp	x6, x7, [x1]
	expect_s2 7, ESR(EC_DABT_LOW, FSC_TRANS(2)), (UNMAPPED_L2 + 0x20), f7, 70
	/* 8. STR with post-index writeback: ISV = 0, WnR = 1. */
	li	x1, (SCR + 1 * PAGE + 0x20)
f8:	str	x4, [x1], #8
	expect_s2 8, ESR(EC_DABT_LOW, ISS_WNR | FSC_PERM(3)), (SCR + 1 * PAGE + 0x20), f8, 80
	/* 9. Fetch from the stage 2 XN page: instruction abort, EC 0x20. */
	li	x1, (SCR + 3 * PAGE)
	blr	x1
	expect_s2 9, ESR(EC_IABT_LOW, FSC_PERM(3)), (SCR + 3 * PAGE), (SCR + 3 * PAGE), 90
	/* 10. Fetch from an address stage 2 does not map. */
	li	x1, (UNMAPPED_L2 + 0x100)
	blr	x1
	expect_s2 10, ESR(EC_IABT_LOW, FSC_TRANS(2)), (UNMAPPED_L2 + 0x100), (UNMAPPED_L2 + 0x100), 100
	/* Nothing was written through the read-only mapping. */
	li	x1, (SCR + 1 * PAGE)
	ldr	x2, [x1]
	check	x2, 0xfedcba9876543210, 110, "stage 2 read-only page unchanged"
	ldr	x2, [x1, #0x10]
	check	x2, 0, 111, "no store through the read-only page"
	pass

/* EL2: record the fault and resume EL1. */
el2_sync:
	cmp	x17, #(VEC_LOWER_A64 + VEC_SYNC)
	b.ne	el2_unexpected
	record_abort 2, record			/* fetch aborts: back to EL1's x30 */

el2_unexpected:
	unexpected_exception 2, 120
el1_unexpected:
	unexpected_exception 1, 121

	vector_table vectors_el2, 2, el2_sync
	vector_table vectors_el1, 1, el1_unexpected

	.data
	.balign	16
record:	.fill	ABORT_REC_QUADS, 8, 0
