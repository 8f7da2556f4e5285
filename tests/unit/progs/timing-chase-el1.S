/*
 * timing-chase-el1: a pointer chase over a ring larger than the L1 and L2
 * data caches, for the cost of misses that go to DRAM.
 *
 * At EL1 (machine without EL2, MMU off, no stack, no report area):
 * setup builds the ring (each 64-byte line of CHASE_BASE holds the address
 * of the next, the last that of the first), then reads SWEEP_LINES lines
 * at SWEEP_BASE so that the caches hold only clean lines of something
 * else: the first 32 KiB replace all 4 ways of every L1 set (its dirty
 * ring lines go down to the L2), the next 128 KiB all 4 ways of every L2
 * set. It pauses; window 2 follows the ring once round, CHASE_LINES
 * loads, each one line further, and pauses; window 3 stores zero to
 * STORE_LINES consecutive lines at STORE_BASE, never touched before, and
 * pauses. Then it exits 0. The windows' code is one 64-byte line, fetched
 * when the first pause ran.
 */
#include "../../target/harness.h"
#include "timing-progs.h"

	.section .text.boot, "ax"
	.global	_start
_start:
	el1_init vectors
	li	x0, CHASE_BASE
	mov	x1, x0
	li	x2, (CHASE_LINES - 1)
1:	add	x3, x1, #64
	str	x3, [x1]
	mov	x1, x3
	subs	x2, x2, #1
	b.ne	1b
	str	x0, [x1]
	li	x1, SWEEP_BASE
	li	x2, SWEEP_LINES
2:	ldr	x3, [x1], #64
	subs	x2, x2, #1
	b.ne	2b
	li	x1, CHASE_LINES
	li	x4, STORE_BASE
	b	window

	.balign	64
window:
	pause					/* 1 */
chase:
	ldr	x0, [x0]
	subs	x1, x1, #1
	b.ne	chase
	pause					/* 2 */
	mov	x5, #STORE_LINES
store:
	str	xzr, [x4], #64
	subs	x5, x5, #1
	b.ne	store
	pause					/* 3 */
	pass

unexpected:
	unexpected_exception 1, 10

	vector_table vectors, 1, unexpected
