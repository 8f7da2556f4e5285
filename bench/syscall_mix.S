/*
 * syscall_mix.S - a busy guest kernel in miniature, for trace_overhead:
 * EL1 code does about a thousand instructions of ALU and load/store work,
 * then an SVC that its own handler (EL1) returns from at once; every 16th
 * round an HVC to EL2 as well. 100000 rounds: about 10^8 instructions and
 * 106250 traps, one per thousand instructions or so (a heavy system-call
 * rate; a hypervisor's exits are rarer still).
 */
	.section .text.boot, "ax"
	.global	_start
_start:
	adr	x0, el2_vectors
	msr	vbar_el2, x0
	mov	x0, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64 */
	msr	hcr_el2, x0
	adr	x0, el1_vectors
	msr	vbar_el1, x0
	adr	x0, el1_main
	msr	elr_el2, x0
	mov	x0, #0x3c5		/* EL1h, DAIF masked */
	msr	spsr_el2, x0
	eret

el1_main:
	ldr	x0, =100000		/* rounds */
	adr	x4, scratch
round:
	mov	x1, #100		/* 100 iterations of 10 instructions */
work:
	add	x2, x2, x1
	eor	x3, x3, x2
	ldr	x5, [x4]
	add	x5, x5, x3
	str	x5, [x4, #8]
	lsl	x6, x2, #3
	orr	x7, x6, x3
	sub	x8, x7, x5
	subs	x1, x1, #1
	b.ne	work
	svc	#0
	tst	x0, #15
	b.ne	next
	hvc	#0
next:
	subs	x0, x0, #1
	b.ne	round
	mov	x0, #0x18		/* SYS_EXIT */
	adr	x1, exit_block
	hlt	#0xf000

	.balign	8
exit_block:
	.quad	0x20026, 0		/* ADP_Stopped_ApplicationExit, status 0 */
scratch:
	.quad	0, 0

	.balign	2048
el1_vectors:
	.skip	0x200
	eret				/* current EL with SP_ELx, synchronous: the SVC */

	.balign	2048
el2_vectors:
	.skip	0x400
	eret				/* lower EL, synchronous: the HVC */
