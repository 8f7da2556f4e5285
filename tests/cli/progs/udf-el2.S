/*
 * udf-el2: an undefined instruction at EL2 with VBAR_EL2 = 0. The vector
 * (0x200: current EL, SP_ELx) lies in a hole of the physical map, so its
 * fetch aborts to the same vector again, for ever: the simulator must stop
 * the run as failed ("exceptions recur"), not spin or crash. VBAR_EL2 is
 * written because its reset value is architecturally UNKNOWN.
 */
	.section .text.boot, "ax"
	.global	_start
_start:
	msr	vbar_el2, xzr
	isb
	udf	#0
