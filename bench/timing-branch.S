/*
 * timing-branch.S - the branch misprediction penalty.
 *
 * A loop draws a pseudo-random number (xorshift64) per iteration and
 * branches on (number & mask). With mask = 1 the branch goes either way at
 * random, so a predictor misses half of the time; with mask = 0 it never
 * goes, and is always predicted. Both directions run the same two
 * instructions (an ADD and a B), so the difference between the two runs is
 * the mispredictions alone: penalty = extra cycles / (iterations / 2).
 *
 * Parameters (the block at PARAMS, see timing-chain.S):
 *   PARAMS + 0   iterations (0: 100000)
 *   PARAMS + 16  mask (1: random, 0: never taken)
 * Runs at the EL it starts at, MMU off; exits with status 0.
 */
#include "../tests/target/harness.h"

#define PARAMS  0x40f00000

	.section .text.boot, "ax"
	.global	_start
_start:
	ldr	x9, =PARAMS
	ldr	x0, [x9]
	ldr	x1, [x9, #16]
	cbnz	x0, 1f
	ldr	x0, =100000
1:	ldr	x2, =0x9e3779b97f4a7c15
	mov	x6, #0
	mov	x7, #0
	.balign	64
loop:
	eor	x2, x2, x2, lsl #13
	eor	x2, x2, x2, lsr #7
	eor	x2, x2, x2, lsl #17
	tst	x2, x1
	b.ne	taken
	add	x6, x6, #1
	b	next
taken:
	add	x7, x7, #1
	b	next
next:
	subs	x0, x0, #1
	b.ne	loop
	exit	0
	.ltorg
