/*
 * wfi: waits for an interrupt with nothing that could ever raise one (no
 * timer or GIC programmed, all of DAIF masked as at reset). The simulator
 * must report the run as failed instead of waiting for ever.
 */
	.section .text.boot, "ax"
	.global	_start
_start:
	wfi
	b	_start
