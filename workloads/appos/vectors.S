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

.macro ventry label
	.balign	0x80
	b	\label
.endm

	.text
	.balign	0x800
	.global	vectors
vectors:
	ventry	el1_bad			/* current EL, SP_EL0 */
	ventry	el1_bad
	ventry	el1_bad
	ventry	el1_bad
	ventry	el1_bad			/* current EL, SP_ELx */
	ventry	el1_bad
	ventry	el1_bad
	ventry	el1_bad
	ventry	el0_sync		/* lower EL, AArch64 */
	ventry	el0_irq
	ventry	el1_bad
	ventry	el1_bad			/* SError: asynchronous, not the task's to answer for */
	.rept	4			/* lower EL, AArch32: not built */
	ventry	el1_bad
	.endr

.macro save_frame
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el1
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
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
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldp	x0, x1, [x0, #0]
	eret
