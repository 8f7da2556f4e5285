/*
 * timing-chain.S - dependent chains of one instruction class: the result
 * latency of ALU, MUL and DIV as the core model charges it.
 *
 * Each loop iteration is 32 instructions, each using the result of the one
 * before (plus SUBS/B.NE, which overlap with the chain). The benchmark
 * driver (bench/timing_validate.c) runs it twice with different iteration
 * counts and divides the difference in core cycles by the difference in
 * chained instructions, so set-up and the first iterations cancel out.
 *
 * Parameters, read from the block at PARAMS (written by the driver before
 * the run; all zero when run alone with `phonesim run --bare`):
 *   PARAMS + 0   iterations (0: 100000)
 *   PARAMS + 16  kind: 0 ADD, 1 MUL (W form), 2 UDIV (W form), 3 UDIV (X form)
 * The divides divide all ones by one: the quotient has every bit set, the
 * slowest case of an early-terminating divider (the guides' upper bound).
 * Runs at the EL it starts at (EL2 or EL1), MMU off; exits with status 0.
 */
#include "../tests/target/harness.h"

#define PARAMS  0x40f00000      /* in the scratch area: see timing_validate.c */

.macro chain insn:vararg
	.balign	64
1:	.rept	32
	\insn
	.endr
	subs	x0, x0, #1
	b.ne	1b
	b	out
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	ldr	x9, =PARAMS
	ldr	x0, [x9]
	ldr	x2, [x9, #16]
	cbnz	x0, 2f
	ldr	x0, =100000
2:	mov	x1, #-1
	mov	x3, #1
	cmp	x2, #1
	b.eq	mul_chain
	cmp	x2, #2
	b.eq	divw_chain
	cmp	x2, #3
	b.eq	divx_chain
alu_chain:
	chain	add x1, x1, #1
mul_chain:
	chain	mul w1, w1, w3
divw_chain:
	chain	udiv w1, w1, w3
divx_chain:
	chain	udiv x1, x1, x3
out:
	exit	0
	.ltorg
