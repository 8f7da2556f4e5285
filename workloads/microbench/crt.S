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

/*
 * SP = __wl_stacks + (index + 1) * a stack's size (workload.ld puts 8
 * between __wl_stacks and __wl_end); VBAR_EL1 = the vectors.
 */
.macro setup idx
	msr	spsel, #1		/* PSCI CPU_ON may start a core in EL1t */
	adrp	x9, __wl_stacks
	add	x9, x9, :lo12:__wl_stacks
	adrp	x11, __wl_end
	add	x11, x11, :lo12:__wl_end
	sub	x11, x11, x9
	lsr	x11, x11, #3
	add	x10, \idx, #1
	madd	x9, x10, x11, x9
	mov	sp, x9
	adrp	x9, mb_vectors
	add	x9, x9, :lo12:mb_vectors
	msr	vbar_el1, x9
	isb
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
.macro ventry handler
	.balign	0x80
	b	\handler
.endm

	.balign	0x800
mb_vectors:
	.rept	4			/* current EL with SP_EL0: unused */
	ventry	fault_entry
	.endr
	ventry	fault_entry		/* current EL with SP_ELx: sync */
	ventry	irq_entry		/* IRQ */
	ventry	fault_entry		/* FIQ */
	ventry	fault_entry		/* SError */
	.rept	8			/* lower ELs: there are none */
	ventry	fault_entry
	.endr

fault_entry:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	mb_fault
	b	.

/* The caller-saved registers and the return state around mb_irq(). */
irq_entry:
	sub	sp, sp, #176
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #160]
	bl	mb_irq
	ldp	x0, x1, [sp, #160]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #176
	eret
