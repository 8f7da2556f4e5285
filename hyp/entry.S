/*
 * entry.S - where the hypervisor is entered: the boot entry of core 0 and
 * of the secondary cores, the EL2 exception vectors, and the two halves of
 * every guest exit (save the guest's general registers into its vCPU, then
 * restore a vCPU's and ERET).
 *
 * The general registers, SP_EL0, ELR_EL2 and SPSR_EL2 are saved here on
 * every exit; everything else a vCPU owns is switched in C (vcpu.c) only
 * when the core changes vCPU. Hypervisor code runs with DAIF masked on its
 * core's stack, which is empty at every guest exit (SP_EL2 is reset to the
 * top before each ERET). Not here: any decision (hyp_exit, in trap.c).
 */
#include "layout.h"

	.section .text.boot, "ax"
	.global	_start
_start:
	/* Core 0, EL2, MMU off, X0 = the configuration. */
	mov	x19, x0
	adrp	x1, hyp_stacks
	add	x1, x1, :lo12:hyp_stacks
	add	x1, x1, #HYP_STACK_SIZE
	mov	sp, x1
	mov	x0, x19
	bl	hyp_main
	b	.

	.global	secondary_entry
secondary_entry:
	/* PSCI CPU_ON: EL2, MMU off, X0 = the core number (the context id). */
	adrp	x1, hyp_stacks
	add	x1, x1, :lo12:hyp_stacks
	add	x2, x0, #1
	mov	x3, #HYP_STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	bl	hyp_secondary
	b	.

	/* First in the image (hyp.ld): VBAR_EL2 needs 2 KiB alignment, padding none. */
	.section .text.vectors, "ax"
/* A vector entry: 32 instructions of room, one used. */
.macro ventry target
	.balign	0x80
	b	\target
.endm

/* Save the guest's X0/X1 on the (empty) stack and go to the common exit. */
.macro guest_exit_stub name, kind
\name:
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\kind
	b	guest_exit
.endm

	.balign	0x800
	.global	hyp_vectors
hyp_vectors:
	ventry	el2_fault		/* current EL with SP_EL0 */
	ventry	el2_fault
	ventry	el2_fault
	ventry	el2_fault
	ventry	el2_fault		/* current EL with SP_EL2: a hypervisor bug */
	ventry	el2_fault
	ventry	el2_fault
	ventry	el2_fault
	ventry	guest_sync		/* lower EL, AArch64: the guests */
	ventry	guest_irq
	ventry	guest_irq		/* FIQ: nothing is Group 0; treated as IRQ */
	ventry	guest_serror
	ventry	el2_fault		/* lower EL, AArch32: never enabled */
	ventry	el2_fault
	ventry	el2_fault
	ventry	el2_fault

	guest_exit_stub guest_sync, 0
	guest_exit_stub guest_irq, 1
	guest_exit_stub guest_serror, 2

guest_exit:
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_CUR]
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
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0]
	mrs	x2, sp_el0
	mrs	x3, elr_el2
	mrs	x4, spsr_el2
	str	x2, [x0, #REGS_SP_EL0]
	stp	x3, x4, [x0, #REGS_PC]
	bl	hyp_exit		/* x0 = vCPU, x1 = kind: returns the vCPU to run */
	/* fall through */

/* guest_enter(vcpu): load its general registers and return to it. */
	.global	guest_enter
guest_enter:
	mrs	x1, tpidr_el2
	ldr	x1, [x1, #PCPU_STACK_TOP]
	mov	sp, x1
	ldr	x2, [x0, #REGS_SP_EL0]
	msr	sp_el0, x2
	ldp	x2, x3, [x0, #REGS_PC]
	msr	elr_el2, x2
	msr	spsr_el2, x3
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
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0]
	eret

/* An exception taken at EL2 itself: report it and end the run. */
el2_fault:
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	bl	hyp_el2_fault
	b	.

