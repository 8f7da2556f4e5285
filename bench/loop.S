/*
 * loop.S - straight-line integer and load/store work in a counted loop, the
 * code the core-speed benchmark runs both on raw Unicorn and on phonesim.
 * x0 = iterations (set by the benchmark: phonesim through x0 at entry is
 * not possible, so the count is fixed here); exits through semihosting at
 * `done`, which sits at a fixed offset so the raw run can stop there.
 */
#include "bench.h"

	.section .text.boot, "ax"
	.global	_start
_start:
	ldr	x0, =20000000
	adr	x4, scratch
	mov	x1, #0
	mov	x2, #0
loop:
	mixed_int_ldst
	subs	x0, x0, #1
	b.ne	loop
	b	done

	.org	0x100
done:
	mov	x0, #0x18		/* SYS_EXIT */
	adr	x1, exit_block
	hlt	#0xf000

	.balign	8
exit_block:
	.quad	0x20026, 0		/* ADP_Stopped_ApplicationExit, status 0 */
scratch:
	.quad	0, 0
