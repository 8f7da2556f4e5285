/*
 * entry.h - assembler macros for the EL1 start-up and exception entry code
 * of the workloads and of the hypervisor's test guests: the parts every
 * vector table and register frame is made of. Each image keeps its own
 * vectors and frame layout (an RTOS switching tasks on its stacks, an OS
 * with EL0 tasks and a benchmark that only returns want different ones);
 * these are the pieces they share. Assembly only (included by .S files).
 *
 * Clobbers are named in each macro's comment.
 */
#ifndef WL_ENTRY_H
#define WL_ENTRY_H

/* One vector: each is 0x80 bytes apart (ARM DDI 0487 D1.10.2). */
.macro wl_ventry target
	.balign	0x80
	b	\target
.endm

/* SP = the top of core (or vCPU) IDX's boot stack in workload.ld's __wl_stacks; x9, x10. */
.macro wl_boot_stack idx
	adrp	x9, __wl_stacks
	add	x9, x9, :lo12:__wl_stacks
	ldr	x10, =__wl_stack_bytes
	madd	x9, \idx, x10, x9
	add	sp, x9, x10
.endm

/* VBAR_EL1 = LABEL; x9. */
.macro wl_set_vbar label
	adrp	x9, \label
	add	x9, x9, :lo12:\label
	msr	vbar_el1, x9
	isb
.endm

/* X2-X29 to / from [BASE + 16 ... BASE + 231]: a frame's middle, X0, X1 at BASE. */
.macro wl_store_x2_x29 base
	stp	x2, x3, [\base, #16]
	stp	x4, x5, [\base, #32]
	stp	x6, x7, [\base, #48]
	stp	x8, x9, [\base, #64]
	stp	x10, x11, [\base, #80]
	stp	x12, x13, [\base, #96]
	stp	x14, x15, [\base, #112]
	stp	x16, x17, [\base, #128]
	stp	x18, x19, [\base, #144]
	stp	x20, x21, [\base, #160]
	stp	x22, x23, [\base, #176]
	stp	x24, x25, [\base, #192]
	stp	x26, x27, [\base, #208]
	stp	x28, x29, [\base, #224]
.endm

.macro wl_load_x2_x29 base
	ldp	x2, x3, [\base, #16]
	ldp	x4, x5, [\base, #32]
	ldp	x6, x7, [\base, #48]
	ldp	x8, x9, [\base, #64]
	ldp	x10, x11, [\base, #80]
	ldp	x12, x13, [\base, #96]
	ldp	x14, x15, [\base, #112]
	ldp	x16, x17, [\base, #128]
	ldp	x18, x19, [\base, #144]
	ldp	x20, x21, [\base, #160]
	ldp	x22, x23, [\base, #176]
	ldp	x24, x25, [\base, #192]
	ldp	x26, x27, [\base, #208]
	ldp	x28, x29, [\base, #224]
.endm

/*
 * Around a C handler that returns to the interrupted code: the registers
 * the AAPCS64 lets it clobber (X0-X18, X30) and ELR/SPSR_EL1 (a nested
 * exception would change them), 176 bytes on the current stack.
 */
.macro wl_push_caller_regs
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
.endm

.macro wl_pop_caller_regs
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
.endm

#endif
