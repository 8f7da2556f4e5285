/*
 * timing-stream.S - streaming read bandwidth, one core or many at once.
 *
 * Each streaming core reads its own buffer from start to end, over and
 * over, with 128-bit load pairs (a 64-byte line per two LDP Q), and touches
 * nothing else. Every 16 KiB it reads the generic timer (CNTPCT_EL0, which
 * follows its own clock); at the deadline it stores the bytes it read and
 * stops. So every core streams for the whole time, whatever its speed. The
 * driver (bench/timing_validate.c) runs two deadlines and divides the extra
 * bytes (of all cores) by the extra time.
 *
 * Core 0 starts the cores of the mask with PSCI CPU_ON (SMC64, Arm DEN
 * 0022D) at this same entry point; it streams only if the mask has it.
 *
 * Parameters (the block at PARAMS, see timing-chain.S):
 *   PARAMS + 0   deadline, in counter ticks (0: one pass)
 *   PARAMS + 8   cores streaming (the last one to finish ends the run)
 *   PARAMS + 16  buffer of core 0
 *   PARAMS + 24  bytes per buffer (a multiple of 16 KiB)
 *   PARAMS + 32  distance between the buffers of consecutive cores
 *   PARAMS + 40  mask of the cores that stream (0: core 0 alone)
 *   PARAMS + 48  cores finished (a counter: zero at the start)
 *   PARAMS + 64 + 8 * core   bytes this core read (written at the end)
 * Starts at EL2, MMU off; exits 0.
 */
#include "../tests/target/harness.h"
#include "bench.h"

#define PARAMS          0x40f00000
#define CHUNK           16384
#define PSCI_CPU_ON64   0xc4000003

	.section .text.boot, "ax"
	.global	_start
_start:
	ldr	x16, =CPTR_EL2_BASE	/* FP/SIMD not trapped */
	msr	cptr_el2, x16
	isb
	mrs	x9, mpidr_el1
	and	x9, x9, #0xff		/* this core's number */
	ldr	x10, =PARAMS
	ldr	x20, [x10, #40]
	cbnz	x20, 1f
	mov	x20, #1
1:	cbnz	x9, stream
	/* Core 0: CPU_ON for the other cores of the mask. */
	mov	x21, #1
2:	lsr	x0, x20, x21
	tbz	x0, #0, 3f
	ldr	x0, =PSCI_CPU_ON64
	mov	x1, x21			/* MPIDR: Aff0 = the core's number */
	adr	x2, _start
	mov	x3, #0
	smc	#0
	cbnz	x0, cpu_on_failed
3:	add	x21, x21, #1
	cmp	x21, #8
	b.lo	2b
	tbnz	x20, #0, stream
	msr	daifset, #0xf		/* core 0 does not stream: it waits */
4:	wfi
	b	4b

stream:
	ldr	x10, =PARAMS
	ldr	x0, [x10]		/* deadline */
	ldr	x4, [x10, #16]
	ldr	x5, [x10, #24]
	ldr	x6, [x10, #32]
	madd	x4, x9, x6, x4		/* this core's buffer */
	add	x5, x4, x5		/* its end */
	mov	x1, #0			/* bytes read */
	cmp	x5, x4
	b.eq	finish
	mov	x7, x4
chunk:
	mov	x8, #CHUNK
	.balign	64
inner:
	ldp	q0, q1, [x7]
	ldp	q2, q3, [x7, #32]
	ldp	q4, q5, [x7, #64]
	ldp	q6, q7, [x7, #96]
	ldp	q16, q17, [x7, #128]
	ldp	q18, q19, [x7, #160]
	ldp	q20, q21, [x7, #192]
	ldp	q22, q23, [x7, #224]
	add	x7, x7, #256
	subs	x8, x8, #256
	b.ne	inner
	add	x1, x1, #CHUNK
	mrs	x2, cntpct_el0
	cmp	x7, x5
	b.lo	5f
	cbz	x0, finish		/* no deadline: one pass */
	mov	x7, x4
5:	cmp	x2, x0
	b.lo	chunk

/* The last core to get here ends the run; the others wait. */
finish:
	ldr	x10, =PARAMS
	add	x12, x10, #64
	str	x1, [x12, x9, lsl #3]
	last_core_exits x10

	cpu_on_failed_exit
