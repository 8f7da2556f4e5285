/*
 * timing-tlb.S - TLB reach and the cost of a table walk, with one stage of
 * translation and with two (a guest under a hypervisor).
 *
 * The driver (bench/timing_validate.c) writes stage 1 and stage 2
 * translation tables and a pointer-chase ring with one node per 4 KiB page
 * over N pages; this program turns translation on as asked, drops to EL1
 * and chases the ring. While N pages fit in a TLB level, loads only pay that
 * level's latency; beyond the L2 TLB every load walks the tables. Run with
 * translation off (mode 0), the same chase gives the cost of the caches
 * alone, so the difference is the cost of translation.
 *
 * Parameters (the block at PARAMS, see timing-chain.S):
 *   PARAMS + 0   iterations (32 loads each)
 *   PARAMS + 16  the first node (a virtual address; the tables map VA = PA)
 *   PARAMS + 24  mode: 0 MMU off, 1 stage 1 (EL1&0, 4 KiB granule, 39-bit
 *                VA, walk from level 1), 2 stage 1 and stage 2 (4 KiB, 40-bit
 *                IPA, walk from level 1, VMID 1)
 *   PARAMS + 32  TTBR0_EL1 (the stage 1 level 1 table)
 *   PARAMS + 40  VTTBR_EL2 (the stage 2 level 1 table, VMID in bits 63:48)
 * Starts at EL2; exits 0 from EL1.
 */
#include "../tests/target/harness.h"

#define PARAMS  0x40f00000

/* As in s1-abort-el1.S: T0SZ 25, WB walks, inner shareable, 4 KiB, EPD1, IPS 40 bits. */
#define TCR_VALUE       (25 | (1 << 8) | (1 << 10) | (3 << 12) | (25 << 16) | \
			 (1 << 23) | (2 << 30) | (2 << 32))
#define MAIR_VALUE      0xff
/* As in s2-abort.S: T0SZ 25, SL0 1, WB walks, inner shareable, 4 KiB, PS 40 bits. */
#define VTCR_VALUE      ((1 << 31) | (2 << 16) | (3 << 12) | (1 << 10) | (1 << 8) | (1 << 6) | 25)

	.section .text.boot, "ax"
	.global	_start
_start:
	expect_el 2, 1
	el2_init vectors_el2, vectors_el1
	ldr	x9, =PARAMS
	ldr	x1, [x9]
	ldr	x0, [x9, #16]
	ldr	x2, [x9, #24]
	ldr	x3, [x9, #32]
	ldr	x4, [x9, #40]
	ldr	x5, =HCR_RW
	cbz	x2, 1f
	/* Stage 1 for EL1&0. */
	ldr	x6, =MAIR_VALUE
	msr	mair_el1, x6
	ldr	x6, =TCR_VALUE
	msr	tcr_el1, x6
	msr	ttbr0_el1, x3
	msr	ttbr1_el1, xzr
	ldr	x6, =(SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I)
	msr	sctlr_el1, x6
	cmp	x2, #2
	b.ne	1f
	/* Stage 2. */
	ldr	x6, =VTCR_VALUE
	msr	vtcr_el2, x6
	msr	vttbr_el2, x4
	orr	x5, x5, #HCR_VM
1:	msr	hcr_el2, x5
	isb
	tlbi	alle1
	dsb	ish
	isb
	eret_to	2, el1_chase, (PSR_DAIF | PSR_M_EL1h)

el1_chase:
	cbz	x1, out
	.balign	64
2:	.rept	32
	ldr	x0, [x0]
	.endr
	subs	x1, x1, #1
	b.ne	2b
out:
	exit	0
	.ltorg

el2_unexpected:
	unexpected_exception 2, 100
el1_unexpected:
	unexpected_exception 1, 101

	vector_table vectors_el2, 2, el2_unexpected
	vector_table vectors_el1, 1, el1_unexpected
