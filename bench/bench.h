/*
 * bench.h - GAS macros the benchmark programs of bench/ share: the
 * integer and load/store loop body whose speed core_speed and
 * timing_scaling measure, and the end of a multi-core benchmark (cores
 * started by PSCI CPU_ON count themselves out; the last one exits).
 *
 * Not here: the harness (tests/target/harness.h: exit, la, harness_fail),
 * which the multi-core programs include before this file.
 */
#ifndef PHONESIM_BENCH_H
#define PHONESIM_BENCH_H

/* The offset in a benchmark's parameter block of its "cores finished" counter. */
#define PARAMS_FINISHED         48

/*
 * One iteration of the straight-line loop, on the 16 bytes at x4: two
 * loads, two stores, integer work. Clobbers x1-x3, x5-x8 (x1, x2 carry).
 */
.macro mixed_int_ldst
	add	x1, x1, #1
	eor	x2, x2, x1
	ldr	x3, [x4]
	add	x3, x3, x2
	str	x3, [x4, #8]
	lsl	x5, x1, #3
	orr	x6, x5, x2
	ldr	x7, [x4, #8]
	sub	x8, x7, x6
	str	x8, [x4]
.endm

/*
 * The end of a core's work: counts it in [\params + PARAMS_FINISHED]; the
 * core that makes it [\params + 8] (the cores taking part) ends the run
 * with status 0, the others wait in WFI with interrupts masked. Clobbers
 * x11-x14.
 */
.macro last_core_exits params
	ldr	x11, [\params, #8]
	add	x12, \params, #PARAMS_FINISHED
.Lcount\@:
	ldxr	x13, [x12]
	add	x13, x13, #1
	stxr	w14, x13, [x12]
	cbnz	w14, .Lcount\@
	cmp	x13, x11
	b.hs	.Lexit\@
	msr	daifset, #0xf
.Lwait\@:
	wfi
	b	.Lwait\@
.Lexit\@:
	exit	0
.endm

/* cpu_on_failed: the run fails with PSCI CPU_ON's result (x0) as "got". */
.macro cpu_on_failed_exit
cpu_on_failed:
	mov	x2, x0
	mov	x3, xzr
	mov	x0, #2
	la	x1, .Lcpu_on_msg\@
	b	harness_fail
	.ltorg
	.pushsection .rodata
.Lcpu_on_msg\@:
	.asciz	"PSCI CPU_ON failed (got = its result)"
	.popsection
.endm

#endif
