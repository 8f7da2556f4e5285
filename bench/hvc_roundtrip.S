/*
 * hvc_roundtrip.S - EL1 issues HVC #0 in a loop; the EL2 handler returns at
 * once. Each iteration is one EL1 -> EL2 -> EL1 round trip, the cheapest
 * hypercall there is: what the core's exception entry and return cost.
 */
	.section .text.boot, "ax"
	.global	_start
_start:
	adr	x0, el2_vectors
	msr	vbar_el2, x0
	mov	x0, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64 */
	msr	hcr_el2, x0
	adr	x0, el1_main
	msr	elr_el2, x0
	mov	x0, #0x3c5		/* EL1h, DAIF masked */
	msr	spsr_el2, x0
	eret

el1_main:
	ldr	x0, =1000000
1:	hvc	#0
	subs	x0, x0, #1
	b.ne	1b
	mov	x0, #0x18		/* SYS_EXIT */
	adr	x1, exit_block
	hlt	#0xf000

	.balign	8
exit_block:
	.quad	0x20026, 0

	.balign	2048
el2_vectors:
	.skip	0x400
	eret				/* lower EL, synchronous: the HVC */
