/*
 * timing-tlbi-el1: TLB maintenance and ASIDs as the timing model's TLBs see
 * them, at EL1 (machine without EL2) with stage 1 on.
 *
 * Identity tables for TTBR0_EL1 (4 KiB granule, T0SZ 25: walks start at
 * level 1), as in tests/target/s1-abort-el1.S:
 *   0x40000000-0x407fffff  four 2 MiB level 2 blocks, not global (nG = 1):
 *                          code walks read 2 descriptors
 *   DATA_PAGE(0..2)        level 3 pages, not global: 3 descriptors
 *   DATA_PAGE(3)           a level 3 page, global (nG = 0)
 * TTBR0_EL1.ASID = ASID_A, then MMU on; the code of every window lies in
 * the same 4 KiB page as the pause before it. Windows (each ends in a pause):
 *    1  setup
 *    2  load DATA_PAGE(0), (1), (2)
 *    3  TLBI VAE1 DATA_PAGE(1), ASID_A
 *    4  TLBI VAE1 DATA_PAGE(0), ASID_B
 *    5  TLBI VAAE1 DATA_PAGE(0)
 *    6  load DATA_PAGE(0), (1), (2)
 *    7  TTBR0_EL1.ASID = ASID_B; load DATA_PAGE(0)
 *    8  TTBR0_EL1.ASID = ASID_A; load DATA_PAGE(0) + 64
 *    9  TLBI VMALLE1
 *   10  load DATA_PAGE(2)
 *   11  load DATA_PAGE(3)
 *   12  TTBR0_EL1.ASID = ASID_B; load DATA_PAGE(3) + 64
 *   13  load DATA_PAGE(1), twice
 *   14  TTBR0_EL1.ASID = ASID_A; load DATA_PAGE(1)
 * then exits 0. Each TLBI is followed by DSB ISH and ISB, each TTBR0_EL1
 * write by ISB. Windows 8 and 12 load another line than the one loaded
 * last, window 14 the same line.
 */
#include "../../target/harness.h"
#include "timing-progs.h"

#define PAGE            0x1000

/* Stage 1 descriptor bits (4 KiB granule). */
#define D_TABLE         0x3
#define D_BLOCK         0x1
#define D_PAGE          0x3
#define D_AF            (1 << 10)
#define D_NG            (1 << 11)
#define D_SH_INNER      (3 << 8)
#define D_PXN           (1 << 53)
#define D_UXN           (1 << 54)
#define D_NORMAL        (D_AF | D_SH_INNER)     /* AttrIndx 0: MAIR Attr0 */
#define D_DATA          (D_NORMAL | D_PXN | D_UXN | D_PAGE)

/* TCR_EL1: T0SZ 25, WB walks, inner shareable, TG0 4K; TTBR1 off; IPS 40 bits; A1 = 0. */
#define TCR_VALUE       (25 | (1 << 8) | (1 << 10) | (3 << 12) | (25 << 16) | \
			 (1 << 23) | (2 << 30) | (2 << 32))
#define MAIR_VALUE      0xff
#define ASID(a)         ((a) << 48)

	.section .text.boot, "ax"
	.global	_start
_start:
	el1_init vectors
	/* Clear L1 at __pt_start, L2 at +0x1000, L3 at +0x2000. */
	la	x0, __pt_start
	mov	x1, #(3 * PAGE / 16)
1:	stp	xzr, xzr, [x0], #16
	subs	x1, x1, #1
	b.ne	1b
	la	x20, __pt_start
	add	x21, x20, #PAGE
	add	x22, x20, #(2 * PAGE)
	orr	x0, x21, #D_TABLE		/* L1[1]: 0x40000000 -> L2 */
	str	x0, [x20, #8]
	li	x0, (0x40000000 | D_NORMAL | D_NG | D_BLOCK)
	mov	x1, #0
2:	str	x0, [x21, x1, lsl #3]		/* L2[0..3]: the image */
	add	x0, x0, #0x200000
	add	x1, x1, #1
	cmp	x1, #4
	b.lo	2b
	orr	x0, x22, #D_TABLE		/* the L2 entry of the data pages -> L3 */
	str	x0, [x21, #(L2_INDEX(DATA_PAGE(0)) * 8)]
	li	x0, (DATA_PAGE(0) | D_DATA | D_NG)
	str	x0, [x22, #(L3_INDEX(DATA_PAGE(0)) * 8)]
	li	x0, (DATA_PAGE(1) | D_DATA | D_NG)
	str	x0, [x22, #(L3_INDEX(DATA_PAGE(1)) * 8)]
	li	x0, (DATA_PAGE(2) | D_DATA | D_NG)
	str	x0, [x22, #(L3_INDEX(DATA_PAGE(2)) * 8)]
	li	x0, (DATA_PAGE(3) | D_DATA)
	str	x0, [x22, #(L3_INDEX(DATA_PAGE(3)) * 8)]
	dsb	ish

	/* What the windows use, kept in registers: they read no literal. */
	orr	x24, x20, #ASID(ASID_A)		/* TTBR0_EL1 values */
	orr	x25, x20, #ASID(ASID_B)
	li	x20, DATA_PAGE(0)
	li	x21, DATA_PAGE(1)
	li	x22, DATA_PAGE(2)
	li	x23, DATA_PAGE(3)
	li	x9, (ASID(ASID_A) | (DATA_PAGE(1) >> 12))	/* TLBI operands */
	li	x10, (ASID(ASID_B) | (DATA_PAGE(0) >> 12))
	li	x11, (DATA_PAGE(0) >> 12)

	li	x0, MAIR_VALUE
	msr	mair_el1, x0
	li	x0, TCR_VALUE
	msr	tcr_el1, x0
	msr	ttbr0_el1, x24
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	li	x0, (SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I)
	msr	sctlr_el1, x0
	isb
	b	windows

	.ltorg
	.balign	256
windows:
	pause					/* 1 */
	ldr	x0, [x20]
	ldr	x0, [x21]
	ldr	x0, [x22]
	pause					/* 2 */
	tlbi	vae1, x9
	dsb	ish
	isb
	pause					/* 3 */
	tlbi	vae1, x10
	dsb	ish
	isb
	pause					/* 4 */
	tlbi	vaae1, x11
	dsb	ish
	isb
	pause					/* 5 */
	ldr	x0, [x20]
	ldr	x0, [x21]
	ldr	x0, [x22]
	pause					/* 6 */
	msr	ttbr0_el1, x25
	isb
	ldr	x0, [x20]
	pause					/* 7 */
	msr	ttbr0_el1, x24
	isb
	ldr	x0, [x20, #64]
	pause					/* 8 */
	tlbi	vmalle1
	dsb	ish
	isb
	pause					/* 9 */
	ldr	x0, [x22]
	pause					/* 10 */
	ldr	x0, [x23]
	pause					/* 11 */
	msr	ttbr0_el1, x25
	isb
	ldr	x0, [x23, #64]
	pause					/* 12 */
	ldr	x0, [x21]
	ldr	x0, [x21]
	pause					/* 13 */
	msr	ttbr0_el1, x24
	isb
	ldr	x0, [x21]
	pause					/* 14 */
	pass

unexpected:
	unexpected_exception 1, 10

	vector_table vectors, 1, unexpected
