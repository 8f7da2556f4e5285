/*
 * timing-chase.S - load-to-use latency by level: a pointer chase.
 *
 * The driver (bench/timing_validate.c) links a ring of 64-byte nodes over
 * a buffer of the footprint under test (16 KiB stays in the L1, 64-256 KiB
 * in the L2, 2 MiB in the system cache, 128 MiB goes to DRAM), in a random
 * order page by page or over the whole buffer; each node holds the address
 * of the next. Every load depends on the one before, so nothing overlaps:
 * cycles per load is the latency of the level the footprint lives in.
 * 32 loads per iteration.
 *
 * Parameters (the block at PARAMS, see timing-chain.S):
 *   PARAMS + 0   iterations (32 loads each)
 *   PARAMS + 16  the first node
 * Runs at EL2 with the MMU off (no translation tables to walk); exits 0.
 */
#include "../tests/target/harness.h"

#define PARAMS  0x40f00000

	.section .text.boot, "ax"
	.global	_start
_start:
	ldr	x9, =PARAMS
	ldr	x1, [x9]
	ldr	x0, [x9, #16]
	cbz	x1, out
	cbz	x0, out
	.balign	64
1:	.rept	32
	ldr	x0, [x0]
	.endr
	subs	x1, x1, #1
	b.ne	1b
out:
	exit	0
	.ltorg
