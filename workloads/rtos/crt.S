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

#include "entry.h"

	.section .text.boot, "ax"
	.global	_start
_start:
	/* X0: the device tree (natively with --dtb, in a VM the spec's dtb). */
	wl_boot_stack xzr
	wl_set_vbar rtos_vectors
	bl	rtos_main
	b	.

	.text
.macro save_frame
	sub	sp, sp, #FRAME_BYTES
	stp	x0, x1, [sp, #0]
	wl_store_x2_x29 sp
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #240]
	str	x1, [sp, #256]
.endm

/* Runs HANDLER(frame) on the interrupt stack; it returns the frame to resume. */
.macro call_on_kernel_stack handler
	mov	x0, sp
	wl_boot_stack xzr
	bl	\handler
	mov	sp, x0
	b	restore_frame
.endm

	.balign	0x800
rtos_vectors:
	wl_ventry	fault_entry		/* current EL, SP_EL0: tasks never use SP_EL0 */
	wl_ventry	fault_entry
	wl_ventry	fault_entry
	wl_ventry	fault_entry
	wl_ventry	sync_entry		/* current EL, SP_EL1 */
	wl_ventry	irq_entry
	wl_ventry	fault_entry
	wl_ventry	fault_entry
	.rept	8			/* lower EL: there is none */
	wl_ventry	fault_entry
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
	wl_boot_stack xzr
	bl	rtos_fault
	b	.

restore_frame:
	ldp	x30, x0, [sp, #240]
	ldr	x1, [sp, #256]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
	wl_load_x2_x29 sp
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
