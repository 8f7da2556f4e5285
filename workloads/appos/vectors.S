/*
 * vectors.S - the kernel's exception vectors (ARM DDI 0487 D1.10.2) and
 * the one way back to a task.
 *
 * Only EL0 traps are expected: the kernel runs with interrupts masked, so
 * anything taken from EL1 is a kernel bug, reported by kernel_panic().
 * An EL0 synchronous exception or IRQ saves the task's registers in the
 * frame TPIDR_EL1 points at (the running task's), calls trap_sync() or
 * trap_irq() on the kernel stack, and restores the frame they return,
 * which is another task's when the scheduler switched. SP_EL1 is the
 * kernel stack's top at every entry from EL0: the kernel keeps nothing on
 * it between traps.
 */
#define FRAME_SP_EL0    248
#define FRAME_ELR       256

#include "entry.h"

	.text
	.balign	0x800
	.global	vectors
vectors:
	wl_ventry	el1_bad			/* current EL, SP_EL0 */
	wl_ventry	el1_bad
	wl_ventry	el1_bad
	wl_ventry	el1_bad
	wl_ventry	el1_bad			/* current EL, SP_ELx */
	wl_ventry	el1_bad
	wl_ventry	el1_bad
	wl_ventry	el1_bad
	wl_ventry	el0_sync		/* lower EL, AArch64 */
	wl_ventry	el0_irq
	wl_ventry	el1_bad
	wl_ventry	el1_bad			/* SError: asynchronous, not the task's to answer for */
	.rept	4			/* lower EL, AArch32: not built */
	wl_ventry	el1_bad
	.endr

.macro save_frame
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el1
	wl_store_x2_x29 x0
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	mrs	x2, sp_el0
	stp	x30, x2, [x0, #240]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [x0, #FRAME_ELR]
.endm

el0_sync:
	save_frame
	bl	trap_sync
	b	frame_return

el0_irq:
	save_frame
	bl	trap_irq
	b	frame_return

el1_bad:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	kernel_panic
	b	.

/* frame_return(frame): into the task whose frame X0 is; it becomes the running one. */
	.global	frame_return
frame_return:
	msr	tpidr_el1, x0
	ldp	x2, x3, [x0, #FRAME_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x30, x2, [x0, #240]
	msr	sp_el0, x2
	wl_load_x2_x29 x0
	ldp	x0, x1, [x0, #0]
	eret
