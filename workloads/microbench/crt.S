/*
 * crt.S - start-up and exception vectors of the micro-benchmarks: EL1,
 * MMU off (identity), one stack per core or vCPU from workload.ld's
 * __wl_stacks, IRQs dispatched to mb_irq() (microbench.c), any
 * synchronous exception or SError reported by mb_fault() as a failure.
 *
 * The boot core (vCPU 0) starts at _start with X0 = the device tree; the
 * other one at mb_secondary_entry through wl_cpu_on (PSCI CPU_ON), with
 * X0 = its index as context. Not here: anything a benchmark measures.
 */

#include "entry.h"

/* This core's (vCPU's) boot stack and the vectors. */
.macro setup idx
	msr	spsel, #1		/* PSCI CPU_ON may start a core in EL1t */
	wl_boot_stack \idx
	wl_set_vbar mb_vectors
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	mov	x19, x0
	mov	x20, #0
	setup	x20
	mov	x0, x19
	bl	mb_main
	bl	wl_exit

	.global	mb_secondary_entry
mb_secondary_entry:
	mov	x19, x0
	setup	x19
	mov	x0, x19
	bl	mb_secondary
	b	.

	.text
	.balign	0x800
mb_vectors:
	.rept	4			/* current EL with SP_EL0: unused */
	wl_ventry	fault_entry
	.endr
	wl_ventry	fault_entry		/* current EL with SP_ELx: sync */
	wl_ventry	irq_entry		/* IRQ */
	wl_ventry	fault_entry		/* FIQ */
	wl_ventry	fault_entry		/* SError */
	.rept	8			/* lower ELs: there are none */
	wl_ventry	fault_entry
	.endr

fault_entry:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	mb_fault
	b	.

/* The caller-saved registers and the return state around mb_irq(). */
irq_entry:
	wl_push_caller_regs
	bl	mb_irq
	wl_pop_caller_regs
	eret
