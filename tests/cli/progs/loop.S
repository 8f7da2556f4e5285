/*
 * loop: a guest that never finishes. Three NOPs, then `b .` at
 * RAM_BASE + 0xc (0x4000000c), so the runaway report must name that PC,
 * not the entry point. Touches nothing EL-specific: runs at EL2 or EL1.
 */
	.section .text.boot, "ax"
	.global	_start
_start:
	nop
	nop
	nop
loop:
	b	loop
