/*
 * fault_pages.h - the memory the translation-fault tests fault on
 * (s1-abort-el1: stage 1, at EL1; s2-abort: stage 2, taken to EL2), which
 * both map alike, VA == IPA == PA, with tables at __pt_start:
 *
 *   L1[1]   0x40000000-0x7fffffff -> L2
 *   L2[0-3] 0x40000000-0x407fffff  2 MiB blocks over the image
 *   L2[4]   0x40800000-0x409fffff -> L3, over the scratch area (SCR):
 *       +0 * PAGE  RW, not executable         (data: works)
 *       +1 * PAGE  read-only, a known quad     (store: permission fault)
 *       +2 * PAGE  invalid                     (level 3 translation fault)
 *       +3 * PAGE  not executable at EL1       (fetch: permission fault)
 *       +4 * PAGE  executable: "mov x0, #0x42; ret"  (fetch: works)
 *   L2[5]   UNMAPPED_L2: invalid               (level 2 translation fault)
 *
 * Each test gives the descriptors' attributes in its own format, and may
 * map more pages. Included after harness.h.
 */
#ifndef PHONESIM_TESTS_TARGET_FAULT_PAGES_H
#define PHONESIM_TESTS_TARGET_FAULT_PAGES_H

#define PAGE            0x1000
#define SCR             SCRATCH_BASE                    /* 0x40800000 */
#define UNMAPPED_L2     (SCRATCH_BASE + 0x200000)       /* 0x40a00000 */

/* Descriptor types, the same at both stages (4 KiB granule). */
#define D_TABLE         0x3
#define D_BLOCK         0x1
#define D_PAGE          0x3

/*
 * The tables but for the level 3 pages: three cleared tables, L1 at
 * __pt_start (x20), L2 (x21) and L3 (x22) after it; L1[1] -> L2; L2[0-3]
 * blocks over the image with the attributes \block; L2[4] -> L3; L2[5]
 * invalid. Clobbers x0, x1, NZCV.
 */
.macro fault_tables block
	zero_quads __pt_start, (3 * PAGE / 8)
	la	x20, __pt_start
	add	x21, x20, #PAGE
	add	x22, x20, #(2 * PAGE)
	orr	x0, x21, #D_TABLE
	str	x0, [x20, #8]
	li	x0, (0x40000000 | \block | D_BLOCK)
	mov	x1, #0
.Lfault_blocks\@:
	str	x0, [x21, x1, lsl #3]
	add	x0, x0, #0x200000
	add	x1, x1, #1
	cmp	x1, #4
	b.lo	.Lfault_blocks\@
	orr	x0, x22, #D_TABLE
	str	x0, [x21, #(4 * 8)]
.endm

/* L3[\n] (x22): scratch page \n with the attributes \attrs. Clobbers x0. */
.macro fault_page n, attrs
	li	x0, (SCR + \n * PAGE + \attrs + D_PAGE)
	str	x0, [x22, #(\n * 8)]
.endm

/*
 * The pages' contents: "mov x0, #0x42; ret" in the executable page,
 * \ro_value in the read-only one, both cleaned to the point of unification
 * and the executable page's line invalidated in the instruction cache.
 * Clobbers x0, x1.
 */
.macro fault_pages_fill ro_value
	li	x1, (SCR + 4 * PAGE)
	li	w0, 0xd2800840			/* mov x0, #0x42 */
	str	w0, [x1]
	li	w0, 0xd65f03c0			/* ret */
	str	w0, [x1, #4]
	dc	cvau, x1
	li	x1, (SCR + 1 * PAGE)
	li	x0, \ro_value
	str	x0, [x1]
	dc	cvau, x1
	dsb	ish
	li	x1, (SCR + 4 * PAGE)
	ic	ivau, x1
	dsb	ish
.endm

/*
 * What must work once the translation is in force: a quad stored in the
 * RW page reads back (code \code), the read-only page holds \ro_value
 * (\code + 1), a call into the executable page returns 0x42 (\code + 2).
 * \what names the translation in the messages. Clobbers x0-x2, x17, x30.
 */
.macro fault_pages_work ro_value, code, what
	li	x1, SCR
	li	x0, 0x5555
	str	x0, [x1]
	ldr	x2, [x1]
	check	x2, 0x5555, \code, "load from the \what RW page"
	li	x1, (SCR + 1 * PAGE)
	ldr	x2, [x1]
	check	x2, \ro_value, (\code + 1), "load from the \what read-only page"
	li	x1, (SCR + 4 * PAGE)
	blr	x1
	check	x0, 0x42, (\code + 2), "call into the \what executable page"
.endm

#endif
