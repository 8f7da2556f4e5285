/*
 * idle-display.S - enables the display (vsync events for ever) and waits in
 * WFI with nothing able to wake it: simulated time goes on while no
 * instruction runs, so only the simulated-time limit ends the run
 * (runaway.sh).
 */
#include "../../target/harness.h"
#include "../../../devices/display.h"

#define DISPLAY_BASE	0x0c010000	/* PLAT_DISPLAY_BASE (sim/platform.h) */

	entry_point
	li	x1, DISPLAY_BASE
	la	x2, framebuffer
	str	w2, [x1, #DISPLAY_FB_BASE_LO]
	lsr	x2, x2, #32
	str	w2, [x1, #DISPLAY_FB_BASE_HI]
	mov	w2, #64				/* 16 XRGB8888 pixels a line */
	str	w2, [x1, #DISPLAY_STRIDE]
	mov	w2, #16
	str	w2, [x1, #DISPLAY_WIDTH]
	str	w2, [x1, #DISPLAY_HEIGHT]
	mov	w2, #DISPLAY_FORMAT_XRGB8888
	str	w2, [x1, #DISPLAY_FORMAT]
	mov	w2, #FC_CTRL_EN
	str	w2, [x1, #FC_CTRL]
1:	wfi
	b	1b

	.bss
	.balign	64
framebuffer:
	.skip	16 * 64
