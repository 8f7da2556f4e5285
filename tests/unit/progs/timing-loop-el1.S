/*
 * timing-loop-el1: the same window again and again, for the timing model's
 * counters by EL and cause, and its branch prediction once warmed up.
 *
 * At EL1 (machine without EL2, MMU off): a loop of 32 trips, so that the
 * global branch history is 10 bits of "taken" and then a "not taken" (the
 * history every window starts from), then ERET to EL0 with DAIF masked.
 * EL0 pauses (see timing-progs.h), then each window is
 *	mov x1, #LOOP_TRIPS; bl spin		spin: subs; b.ne (LOOP_TRIPS times); ret
 *	svc #0					EL1: vector entry, handler_return
 *	b el0_loop				el0_loop: the next pause
 * and never ends. Nothing in a window touches data memory.
 */
#include "../../target/harness.h"
#include "report.h"
#include "timing-progs.h"

	.section .text.boot, "ax"
	.global	_start
_start:
	el1_init vectors
	mov	x1, #32
1:	subs	x1, x1, #1
	b.ne	1b
	eret_to	1, el0_loop, (PSR_DAIF | PSR_M_EL0t)

	.balign	64
el0_loop:
	pause
	mov	x1, #LOOP_TRIPS
	bl	spin
	svc	#0
	b	el0_loop

spin:
	subs	x1, x1, #1
	b.ne	spin
	ret

el1_svc:
	handler_return 1

	vector_table vectors, 1, el1_svc
