/*
 * semihost-el1: the semihosting calls the tests and workloads rely on, at
 * EL1 ("Semihosting for AArch32 and AArch64", v2.0: HLT #0xF000, operation
 * in W0, parameter in X1, result in X0; other registers preserved).
 *   SYS_WRITE0 (0x04): prints a NUL-terminated string.
 *   SYS_WRITEC (0x03): prints the character X1 points to.
 *   SYS_TICKFREQ (0x31, X1 = 0): ticks per second, not 0 and not -1.
 *   SYS_ELAPSED (0x30): writes the 64-bit tick count at [X1], returns 0;
 *     a second call after some work returns a larger count.
 *   SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit: the exit status
 *     (harness_exit; every test relies on it).
 * The output lines are for a human to see; the checks are on results and
 * on X2-X30 surviving the calls.
 */
#include "harness.h"

#define SEED            0x0c0000000000c000

	start_el1 vectors_el2, vectors_el1

	print	"semihost-el1: SYS_WRITE0 works\n"

	/* SYS_WRITEC, one character at a time. */
	la	x19, text_writec
1:	ldrb	w0, [x19]
	cbz	w0, 2f
	mov	x1, x19
	mov	w0, #SYS_WRITEC
	hlt	#0xf000
	add	x19, x19, #1
	b	1b
2:
	/* SYS_TICKFREQ, with every other register checked afterwards. */
	gpr_fill SEED
	mov	x1, #0
	mov	w0, #SYS_TICKFREQ
	hlt	#0xf000
	ldr	x0, =SEED			/* x0: the result; x1: the argument */
	ldr	x1, =(SEED + 1 * GPR_STEP)
	gpr_check SEED, 2
	/* x0 held the result: call again to check the value. */
	mov	x1, #0
	mov	w0, #SYS_TICKFREQ
	hlt	#0xf000
	check_ne x0, 0, 3, "SYS_TICKFREQ returned 0"
	check_ne x0, -1, 4, "SYS_TICKFREQ returned -1 (unknown)"
	/* SYS_ELAPSED twice, with work in between. */
	la	x1, elapsed
	stp	xzr, xzr, [x1]
	mov	w0, #SYS_ELAPSED
	hlt	#0xf000
	check	x0, 0, 5, "SYS_ELAPSED result"
	la	x1, elapsed
	ldr	x20, [x1]
	mov	x2, #0x100000
6:	subs	x2, x2, #1
	b.ne	6b
	la	x1, elapsed
	mov	w0, #SYS_ELAPSED
	hlt	#0xf000
	check	x0, 0, 6, "second SYS_ELAPSED result"
	la	x1, elapsed
	ldr	x21, [x1]
	cmp	x21, x20
	b.hi	7f
	mov	x2, x21
	mov	x3, x20
	mov	x0, #7
	la	x1, text_elapsed
	b	harness_fail
7:	print	"semihost-el1: SYS_TICKFREQ and SYS_ELAPSED work\n"
	pass

el1_unexpected:
	unexpected_exception 1, 100
el2_unexpected:
	unexpected_exception 2, 101

	vector_table vectors_el1, 1, el1_unexpected
	vector_table vectors_el2, 2, el2_unexpected

	.section .rodata
text_writec:
	.asciz	"semihost-el1: SYS_WRITEC works\n"
text_elapsed:
	.asciz	"SYS_ELAPSED did not advance (got = second, expected > first)"

	.data
	.balign	16
elapsed:	.quad	0, 0
