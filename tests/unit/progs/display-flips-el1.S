/*
 * display-flips-el1: a compositor flipping among three framebuffers, as
 * docs/display.md tells it to, and checking what the display shows.
 *
 * Run with the display's interrupt routed to the core's IRQ input by the
 * host (test_display.c stands in for the interrupt controller). At EL1
 * with DAIF masked, the program waits for each vsync with WFI (a masked
 * IRQ still wakes it) and reads FC_IRQ_STATUS. 64 x 32 XRGB8888 buffers
 * A, B, C (stride 256). Vsyncs, counted from the first one (v0), and what
 * the program does after each, having checked the buffer shown
 * (DISPLAY_FB_BASE):
 *
 *   0  shows A; flips to B (one 64-bit store), FLIP_PENDING       met
 *   1  shows B, no flip pending; flips to C                      met
 *   2  shows C; flips to a buffer outside RAM: refused           dropped
 *      (FC_IRQ_ERROR, FC_ERROR = DISPLAY_ERR_BUFFER, not pending)
 *   3  shows C again; flips to A, then B (which replaces A)       met
 *   4  shows B; waits 10 ms (CNTPCT), then flips to A             met
 *   5  shows A; disables the display                             dropped
 *
 * then checks the counters: 6 vsyncs, 4 presented, 2 dropped, no overrun,
 * the last and largest latency 10 ms or more. Exit 0 when everything held.
 *
 * VALUE[0] = v0.
 */
#include "../../target/harness.h"
#include "report.h"
#include "../../../devices/display.h"

#define DISPLAY         0x0c010000      /* PLAT_DISPLAY_BASE (sim/platform.h) */
#define FB_A            (SCRATCH_BASE + 0x10000)
#define FB_B            (SCRATCH_BASE + 0x20000)
#define FB_C            (SCRATCH_BASE + 0x30000)
#define OUTSIDE_RAM     0x1000

/* w0 = display register \reg. */
.macro disp_rd reg
	ldr	w0, [x20, #\reg]
.endm

/* display register \reg = \wval (a w register). */
.macro disp_wr reg, wval
	str	\wval, [x20, #\reg]
.endm

/* Flips to \buf: the 64-bit store writes FLIP_LO, then FLIP_HI. Clobbers x0. */
.macro flip_to buf
	li	x0, \buf
	str	x0, [x20, #DISPLAY_FLIP_LO]
.endm

/* The buffer shown is \buf. Clobbers x0. */
.macro shows buf, code
	ldr	x0, [x20, #DISPLAY_FB_BASE_LO]
	check	x0, \buf, \code, "DISPLAY_FB_BASE: the buffer shown"
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	el1_init vectors
	report_clear
	mov	x24, #0				/* no vsync seen yet */
	li	x20, DISPLAY
	disp_rd	FC_ID
	check	x0, DISPLAY_ID, 2, "FC_ID"
	disp_rd	DISPLAY_REFRESH_HZ
	check	x0, 60, 3, "DISPLAY_REFRESH_HZ"

	li	x0, FB_A
	str	x0, [x20, #DISPLAY_FB_BASE_LO]
	mov	w0, #256
	disp_wr	DISPLAY_STRIDE, w0
	mov	w0, #64
	disp_wr	DISPLAY_WIDTH, w0
	mov	w0, #32
	disp_wr	DISPLAY_HEIGHT, w0
	mov	w0, #DISPLAY_FORMAT_XRGB8888
	disp_wr	DISPLAY_FORMAT, w0
	mov	w0, #FC_IRQ_FRAME
	disp_wr	FC_IRQ_ENABLE, w0
	mov	w0, #FC_CTRL_EN
	disp_wr	FC_CTRL, w0
	disp_rd	FC_STATUS
	check	x0, FC_STATUS_ENABLED, 4, "FC_STATUS after enabling"

	/* vsync 0 */
	bl	wait_vsync
	report_value 0, x19
	shows	FB_A, 10
	flip_to	FB_B
	disp_rd	FC_STATUS
	check	x0, FC_STATUS_ENABLED | DISPLAY_STATUS_FLIP_PENDING, 11, "FC_STATUS: flip pending"

	/* vsync 1 */
	bl	wait_vsync
	shows	FB_B, 12
	disp_rd	FC_STATUS
	check	x0, FC_STATUS_ENABLED, 13, "FC_STATUS: flip done"
	flip_to	FB_C

	/* vsync 2 */
	bl	wait_vsync
	shows	FB_C, 14
	flip_to	OUTSIDE_RAM
	disp_rd	FC_IRQ_STATUS
	check	x0, FC_IRQ_ERROR, 15, "FC_IRQ_STATUS after a flip outside RAM"
	disp_rd	FC_ERROR
	check	x0, DISPLAY_ERR_BUFFER, 16, "FC_ERROR after a flip outside RAM"
	disp_rd	FC_STATUS
	check	x0, FC_STATUS_ENABLED, 17, "FC_STATUS: refused flip not pending"
	mov	w0, #FC_IRQ_ERROR
	disp_wr	FC_IRQ_STATUS, w0

	/* vsync 3 */
	bl	wait_vsync
	shows	FB_C, 18
	disp_rd	FC_MISSED
	check	x0, 1, 19, "FC_MISSED: the frame without a flip was dropped"
	flip_to	FB_A
	flip_to	FB_B

	/* vsync 4 */
	bl	wait_vsync
	shows	FB_B, 20
	bl	wait_10ms
	flip_to	FB_A

	/* vsync 5 */
	bl	wait_vsync
	shows	FB_A, 22
	disp_wr	FC_CTRL, wzr
	disp_rd	FC_STATUS
	check	x0, 0, 23, "FC_STATUS after disabling"

	disp_rd	FC_FRAMES
	check	x0, 6, 24, "FC_FRAMES: vsyncs"
	disp_rd	FC_MET
	check	x0, 4, 25, "FC_MET: frames presented"
	disp_rd	FC_MISSED
	check	x0, 2, 26, "FC_MISSED: frames dropped"
	disp_rd	FC_OVERRUNS
	check	x0, 0, 27, "FC_OVERRUNS"
	li	x1, 10 * 1000 * 1000
	disp_rd	FC_LAST_LATENCY
	cmp	x0, x1
	b.hs	1f
	fail	28, "FC_LAST_LATENCY of 10 ms or more"
1:	disp_rd	FC_MAX_LATENCY
	cmp	x0, x1
	b.hs	1f
	fail	29, "FC_MAX_LATENCY of 10 ms or more"
1:	pass

/*
 * Waits for a vsync and acknowledges it; x19 = FC_FRAME, which must follow
 * the previous one. Clobbers x0, x1.
 */
wait_vsync:
	disp_rd	FC_IRQ_STATUS
	tbnz	w0, #0, 1f			/* FC_IRQ_FRAME */
	wfi
	b	wait_vsync
1:	check	x0, FC_IRQ_FRAME, 30, "FC_IRQ_STATUS: a vsync, no overrun"
	disp_wr	FC_IRQ_STATUS, w0
	disp_rd	FC_FRAME
	cbz	x24, 2f				/* the first: nothing to follow */
	add	x1, x19, #1
	cmp	x0, x1
	b.eq	2f
	fail	31, "FC_FRAME: consecutive vsyncs"
2:	mov	x19, x0
	mov	x24, #1
	ret

/* Spins until CNTPCT_EL0 has advanced by 10 ms. Clobbers x0-x2. */
wait_10ms:
	mrs	x1, cntfrq_el0
	mov	x2, #100
	udiv	x1, x1, x2
	mrs	x0, cntpct_el0
	add	x1, x1, x0
1:	mrs	x0, cntpct_el0
	cmp	x0, x1
	b.lo	1b
	ret

el1_handler:
	unexpected_exception 1, 40

	.ltorg
	vector_table vectors, 1, el1_handler
