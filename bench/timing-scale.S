/*
 * timing-scale.S - the work every core does in the scaling benchmark
 * (bench/timing_scaling.c): the integer and load/store loop of loop.S, on
 * a cache line of its own per core, for a fixed number of iterations.
 *
 * Core 0 starts the other cores with PSCI CPU_ON (SMC64, Arm DEN 0022D) at
 * this same entry point, then every core runs the loop; the last core to
 * finish ends the run, the others wait in WFI. Runs alone too:
 * `phonesim run --bare bench/timing-scale.elf --soc phone` uses every core
 * the machine has (core 0 counts them with PSCI AFFINITY_INFO).
 *
 * Parameters (the block at PARAMS, see timing-chain.S):
 *   PARAMS + 0   iterations per core (0: 1000000)
 *   PARAMS + 8   cores to run (0: all the machine has)
 *   PARAMS + 48  cores finished (a counter: zero at the start)
 * Starts at EL2 (or EL1), MMU off; exits 0.
 */
#include "../tests/target/harness.h"
#include "bench.h"

#define PARAMS                  0x40f00000
#define PSCI_CPU_ON64           0xc4000003
#define PSCI_AFFINITY_INFO64    0xc4000004
#define PSCI_INVALID_PARAMETERS -2

	.section .text.boot, "ax"
	.global	_start
_start:
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff		/* this core's number */
	ldr	x20, =PARAMS
	cbnz	x19, work
	/* Core 0: how many cores, then CPU_ON for each of the others. */
	ldr	x21, [x20, #8]
	cbnz	x21, 2f
	mov	x21, #1
1:	ldr	x0, =PSCI_AFFINITY_INFO64
	mov	x1, x21
	mov	x2, #0
	smc	#0
	cmn	x0, #-PSCI_INVALID_PARAMETERS
	b.eq	2f
	add	x21, x21, #1
	cmp	x21, #8
	b.lo	1b
2:	str	x21, [x20, #8]
	mov	x22, #1
3:	cmp	x22, x21
	b.hs	work
	ldr	x0, =PSCI_CPU_ON64
	mov	x1, x22			/* MPIDR: Aff0 = the core's number */
	adr	x2, _start
	mov	x3, #0
	smc	#0
	cbnz	x0, cpu_on_failed
	add	x22, x22, #1
	b	3b

work:
	ldr	x0, [x20]
	cbnz	x0, 4f
	ldr	x0, =1000000
4:	la	x4, scratch
	add	x4, x4, x19, lsl #6
	mov	x1, #0
	mov	x2, #0
	.balign	64
loop:
	mixed_int_ldst
	subs	x0, x0, #1
	b.ne	loop

/* The last core to get here ends the run; the others wait. */
finish:
	last_core_exits x20

	cpu_on_failed_exit

	.data
	.balign	64
scratch:
	.fill	8 * 64, 1, 0
