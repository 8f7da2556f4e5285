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

.macro set_stack idx
	adrp	x9, __stacks
	add	x9, x9, :lo12:__stacks
	add	x10, \idx, #1
	mov	x11, #STACK_SIZE
	madd	x9, x10, x11, x9
	mov	sp, x9
	adrp	x9, guest_vectors
	add	x9, x9, :lo12:guest_vectors
	msr	vbar_el1, x9
	isb
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
.macro ventry handler
	.balign	0x80
	b	\handler
.endm

	.balign	0x800
guest_vectors:
	ventry	sync_entry
	ventry	irq_entry
	ventry	sync_entry
	ventry	sync_entry
	ventry	sync_entry		/* current EL with SP_EL1 */
	ventry	irq_entry
	ventry	sync_entry
	ventry	sync_entry
	.rept	8
	ventry	sync_entry
	.endr

sync_entry:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	guest_fault
	b	.

/* Saves the caller-saved registers, handles, restores, returns. */
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
	bl	guest_irq
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
