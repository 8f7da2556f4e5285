/*
 * s1-abort-el1: stage 1 translation faults taken at EL1 (no EL2 involved).
 *
 * Starts at EL1 (if started at EL2 it first drops to EL1 with HCR_EL2.RW).
 * Builds identity stage 1 tables for TTBR0_EL1 (4 KiB granule, 39-bit VA,
 * walk starts at level 1) and turns the MMU on:
 *   0x40000000-0x407fffff  four 2 MiB level 2 blocks, RW, executable (image)
 *   0x40800000-0x409fffff  level 3 table over the scratch area:
 *       +0x0000  page, RW, never executable      (data page: works)
 *       +0x1000  page, read-only (AP[2:1] = 10)  (store: permission fault)
 *       +0x2000  invalid                         (level 3 translation fault)
 *       +0x3000  page, PXN = 1                   (fetch: permission fault)
 *       +0x4000  page, executable                (fetch: works)
 *       +0x5000  page, AF = 0                    (access flag fault)
 *   0x40a00000-0x40bfffff  invalid level 2 entry  (level 2 translation fault)
 * Everything is VA == PA and inside RAM: only the tables decide.
 *
 * Each abort is taken at VBAR_EL1 + 0x200 (current EL, SP_ELx); the handler
 * records ESR/FAR/ELR_EL1, skips the faulting instruction and returns.
 * Expected syndromes (DDI 0487 ESR_EL1, "ISS encoding for an exception from
 * a Data Abort" / "... from an Instruction Abort"):
 *   data abort, same EL: EC 0x25, IL 1, WnR (bit 6) = 1 for stores,
 *     DFSC = 0b0001LL translation / 0b0010LL access flag / 0b0011LL
 *     permission fault at level LL. ISV (bit 24) is 0: "ISV is 0 for all
 *     faults reported in ESR_EL1 or ESR_EL3" (ISS[23:14] RES0). The
 *     instruction syndrome (SAS/SRT/SF) exists only for stage 2 aborts
 *     taken to EL2 (see s2-abort); so an LDP looks the same as an LDR here.
 *   instruction abort, same EL: EC 0x21, IL 1, IFSC as DFSC.
 *   FAR_EL1 = the faulting virtual address; ELR_EL1 = the faulting
 *   instruction (or, for a fetch, the address fetched).
 */
#include "harness.h"
#include "fault_pages.h"

/* Stage 1 descriptor bits (4 KiB granule, VMSAv8-64 translation table format). */
#define D_AF            (1 << 10)
#define D_SH_INNER      (3 << 8)
#define D_AP_RO         (1 << 7)        /* AP[2:1] = 10: read-only, EL1 only */
#define D_PXN           (1 << 53)
#define D_UXN           (1 << 54)
#define D_NORMAL        (D_AF | D_SH_INNER)     /* AttrIndx 0: MAIR Attr0 */

/*
 * TCR_EL1: T0SZ 25 (39-bit VA, walk from level 1), IRGN0/ORGN0 write-back,
 * SH0 inner, TG0 4 KiB; TTBR1 walks disabled (EPD1, with a valid T1SZ/TG1);
 * IPS 40 bits.
 */
#define TCR_VALUE       (25 | (1 << 8) | (1 << 10) | (3 << 12) | (25 << 16) | \
			 (1 << 23) | (2 << 30) | (2 << 32))
#define MAIR_VALUE      0xff

/*
 * After abort number \n: the handler ran n times in all, and recorded ESR,
 * FAR and ELR. Codes \base + 0..4 (count, ESR, FAR, ELR, vector offset).
 */
.macro expect_abort n, esr, far, elr, base
	expect_exc record, \n, \esr, \elr, , (VEC_CUR_SPX + VEC_SYNC), \base, "abort taken to EL1", \far
.endm

	entry_point
	enter_el1 vectors_el2, vectors_el1

el1_main:
	expect_el 1, 2
	msr	daifset, #0xf
	fault_tables D_NORMAL
	fault_page 0, (D_NORMAL + D_PXN + D_UXN)
	fault_page 1, (D_NORMAL + D_AP_RO + D_PXN + D_UXN)
	fault_page 3, (D_NORMAL + D_PXN + D_UXN)
	fault_page 4, (D_NORMAL + D_UXN)
	fault_page 5, (D_SH_INNER + D_PXN + D_UXN)	/* AF = 0 */
	fault_pages_fill 0x0123456789abcdef

	/* Translation regime and MMU on. */
	li	x0, MAIR_VALUE
	msr	mair_el1, x0
	li	x0, TCR_VALUE
	msr	tcr_el1, x0
	msr	ttbr0_el1, x20
	msr	ttbr1_el1, xzr
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	li	x0, (SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I)
	msr	sctlr_el1, x0
	isb
	zero_quads record, ABORT_REC_QUADS

	fault_pages_work 0x0123456789abcdef, 3, "stage 1"
	expect_count record, 0, 6, "no abort yet"

	/* 1. Load, level 2 translation fault. */
	li	x1, (UNMAPPED_L2 + 0x10)
f1:	ldr	w3, [x1]
	expect_abort 1, ESR(EC_DABT_CUR, FSC_TRANS(2)), (UNMAPPED_L2 + 0x10), f1, 10
	/* 2. Load, level 3 translation fault. */
	li	x1, (SCR + 2 * PAGE + 8)
f2:	ldr	x5, [x1]
	expect_abort 2, ESR(EC_DABT_CUR, FSC_TRANS(3)), (SCR + 2 * PAGE + 8), f2, 20
	/* 3. Store, level 2 translation fault: WnR = 1. */
	li	x1, (UNMAPPED_L2 + 0x30)
f3:	str	w4, [x1]
	expect_abort 3, ESR(EC_DABT_CUR, ISS_WNR | FSC_TRANS(2)), (UNMAPPED_L2 + 0x30), f3, 30
	/* 4. Store to the read-only page: level 3 permission fault, WnR = 1. */
	li	x1, (SCR + 1 * PAGE + 4)
f4:	str	w4, [x1]
	expect_abort 4, ESR(EC_DABT_CUR, ISS_WNR | FSC_PERM(3)), (SCR + 1 * PAGE + 4), f4, 40
	/* 5. LDP from an unmapped address: same syndrome shape (ISV = 0). */
	li	x1, (UNMAPPED_L2 + 0x20)
f5:	ldp	x6, x7, [x1]
	expect_abort 5, ESR(EC_DABT_CUR, FSC_TRANS(2)), (UNMAPPED_L2 + 0x20), f5, 50
	/* 6. Load from the page with AF = 0: level 3 access flag fault. */
	li	x1, (SCR + 5 * PAGE + 0x18)
f6:	ldr	x5, [x1]
	expect_abort 6, ESR(EC_DABT_CUR, FSC_ACCESS(3)), (SCR + 5 * PAGE + 0x18), f6, 60
	/* 7. Fetch from the PXN page: instruction abort, permission fault. */
	li	x1, (SCR + 3 * PAGE)
	blr	x1
	expect_abort 7, ESR(EC_IABT_CUR, FSC_PERM(3)), (SCR + 3 * PAGE), (SCR + 3 * PAGE), 70
	/* 8. Fetch from an unmapped address: level 2 translation fault. */
	li	x1, (UNMAPPED_L2 + 0x40)
	blr	x1
	expect_abort 8, ESR(EC_IABT_CUR, FSC_TRANS(2)), (UNMAPPED_L2 + 0x40), (UNMAPPED_L2 + 0x40), 80
	/* The store to the read-only page did not happen. */
	li	x1, (SCR + 1 * PAGE)
	ldr	x2, [x1]
	check	x2, 0x0123456789abcdef, 90, "read-only page unchanged"
	pass

/*
 * Abort handler: record, then resume. Data aborts resume after the faulting
 * instruction; instruction aborts (reached with BLR) resume at x30.
 */
el1_sync:
	record_abort 1, record

el1_other:
	cmp	x17, #(VEC_CUR_SPX + VEC_SYNC)
	b.eq	el1_sync
	unexpected_exception 1, 100
el2_unexpected:
	unexpected_exception 2, 101

	vector_table vectors_el1, 1, el1_other
	vector_table vectors_el2, 2, el2_unexpected

	.data
	.balign	8
record:	.fill	ABORT_REC_QUADS, 8, 0
