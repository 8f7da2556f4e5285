/*
 * guest_crt.S - start-up and exception vectors of the test guests: EL1,
 * MMU off (identity), one stack per vCPU, IRQs dispatched to guest_irq()
 * (guest.c), anything else reported by guest_fault() as a failure.
 *
 * vCPU 0 starts at _start (X0 = the configuration's dtb, unused); other
 * vCPUs started with PSCI CPU_ON / HYP_VCPU_ON at _start_secondary with
 * X0 = their index as context. Returning from main() or secondary_main()
 * exits the VM (HYP_VM_EXIT) with main's value; a secondary that returns
 * powers itself off (PSCI CPU_OFF).
 */
#define STACK_SIZE      0x2000

#include "entry.h"

.macro set_stack idx
	adrp	x9, __stacks
	add	x9, x9, :lo12:__stacks
	add	x10, \idx, #1
	mov	x11, #STACK_SIZE
	madd	x9, x10, x11, x9
	mov	sp, x9
	wl_set_vbar guest_vectors
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	mov	x19, #0
	set_stack x19
	bl	main
	mov	x1, x0
	ldr	x0, =0xc6000007		/* HYP_VM_EXIT */
	hvc	#0
	b	.

	.global	_start_secondary
_start_secondary:
	mov	x19, x0
	set_stack x19
	mov	x0, x19
	bl	secondary_main
	ldr	x0, =0x84000002		/* PSCI CPU_OFF */
	hvc	#0
	b	.

	.text
	.balign	0x800
guest_vectors:
	wl_ventry	sync_entry
	wl_ventry	irq_entry
	wl_ventry	sync_entry
	wl_ventry	sync_entry
	wl_ventry	sync_entry		/* current EL with SP_EL1 */
	wl_ventry	irq_entry
	wl_ventry	sync_entry
	wl_ventry	sync_entry
	.rept	8
	wl_ventry	sync_entry
	.endr

sync_entry:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	guest_fault
	b	.

/* Saves the caller-saved registers, handles, restores, returns. */
irq_entry:
	wl_push_caller_regs
	bl	guest_irq
	wl_pop_caller_regs
	eret
