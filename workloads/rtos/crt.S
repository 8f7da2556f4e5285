/*
 * crt.S - start-up, the EL1 exception vectors and the context switch of
 * the RTOS.
 *
 * Tasks run at EL1h (SP_EL1, their own stacks). Both ways into the kernel
 * that may switch tasks - an IRQ, and the SVC a task makes when it blocks
 * or readies a more urgent task - push the same frame on the interrupted
 * task's stack (X0-X30, ELR_EL1, SPSR_EL1), run the C handler on the
 * interrupt stack (the boot stack, reused), which returns the frame to
 * resume (the same task's or another's), and ERET from it. So a task
 * switch is a stack switch between two frames, and a new task starts from
 * a frame rtos_task_create built. Handlers never nest: the exception
 * masks IRQs (PSTATE.I, ARM DDI 0487 D1.10) until the ERET.
 *
 * Not here: FP/SIMD state (workloads use general registers only), EL0,
 * SError recovery (any exception other than SVC and IRQ is a fatal fault).
 */
#define FRAME_BYTES     272     /* X0-X30, ELR, SPSR, padding to 16 bytes */
#define ESR_EC_SHIFT    26
#define EC_SVC64        0x15

	.section .text.boot, "ax"
	.global	_start
_start:
	/* X0: the device tree (natively with --dtb, in a VM the spec's dtb). */
	adrp	x9, __wl_stacks
	add	x9, x9, :lo12:__wl_stacks
	ldr	x10, =__wl_stack_bytes
	add	sp, x9, x10
	adrp	x9, rtos_vectors
	add	x9, x9, :lo12:rtos_vectors
	msr	vbar_el1, x9
	isb
	bl	rtos_main
	b	.

	.text
.macro save_frame
	sub	sp, sp, #FRAME_BYTES
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #240]
	str	x1, [sp, #256]
.endm

/* Runs HANDLER(frame) on the interrupt stack; it returns the frame to resume. */
.macro call_on_kernel_stack handler
	mov	x0, sp
	adrp	x9, __wl_stacks
	add	x9, x9, :lo12:__wl_stacks
	ldr	x10, =__wl_stack_bytes
	add	sp, x9, x10
	bl	\handler
	mov	sp, x0
	b	restore_frame
.endm

.macro ventry target
	.balign	0x80
	b	\target
.endm

	.balign	0x800
rtos_vectors:
	ventry	fault_entry		/* current EL, SP_EL0: tasks never use SP_EL0 */
	ventry	fault_entry
	ventry	fault_entry
	ventry	fault_entry
	ventry	sync_entry		/* current EL, SP_EL1 */
	ventry	irq_entry
	ventry	fault_entry
	ventry	fault_entry
	.rept	8			/* lower EL: there is none */
	ventry	fault_entry
	.endr

sync_entry:
	save_frame
	mrs	x0, esr_el1
	lsr	x0, x0, #ESR_EC_SHIFT
	cmp	x0, #EC_SVC64
	b.ne	fault_entry
	call_on_kernel_stack rtos_svc_entry

irq_entry:
	save_frame
	call_on_kernel_stack rtos_irq_entry

fault_entry:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	adrp	x9, __wl_stacks
	add	x9, x9, :lo12:__wl_stacks
	ldr	x10, =__wl_stack_bytes
	add	sp, x9, x10
	bl	rtos_fault
	b	.

restore_frame:
	ldp	x30, x0, [sp, #240]
	ldr	x1, [sp, #256]
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
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	add	sp, sp, #FRAME_BYTES
	eret

/* rtos_resume(frame): resumes the task whose saved frame is FRAME (the first one). */
	.global	rtos_resume
rtos_resume:
	mov	sp, x0
	b	restore_frame

/* rtos_switch_now(): an SVC, so that the kernel may run another task. */
	.global	rtos_switch_now
rtos_switch_now:
	svc	#0
	ret
