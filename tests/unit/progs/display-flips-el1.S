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
#include "frames.h"

#define DISPLAY         0x0c010000      /* PLAT_DISPLAY_BASE (sim/platform.h) */
#define FB_A            (SCRATCH_BASE + 0x10000)
#define FB_B            (SCRATCH_BASE + 0x20000)
#define FB_C            (SCRATCH_BASE + 0x30000)
#define OUTSIDE_RAM     0x1000

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

	entry_point
	el1_init vectors
	report_clear
	mov	x24, #0				/* no vsync seen yet */
	li	x20, DISPLAY
	dev_rd	FC_ID
	check	x0, DISPLAY_ID, 2, "FC_ID"
	dev_rd	DISPLAY_REFRESH_HZ
	check	x0, 60, 3, "DISPLAY_REFRESH_HZ"

	li	x0, FB_A
	str	x0, [x20, #DISPLAY_FB_BASE_LO]
	mov	w0, #256
	dev_wr	DISPLAY_STRIDE, w0
	mov	w0, #64
	dev_wr	DISPLAY_WIDTH, w0
	mov	w0, #32
	dev_wr	DISPLAY_HEIGHT, w0
	mov	w0, #DISPLAY_FORMAT_XRGB8888
	dev_wr	DISPLAY_FORMAT, w0
	fc_enable 4

	/* vsync 0 */
	bl	wait_vsync
	report_value 0, x19
	shows	FB_A, 10
	flip_to	FB_B
	dev_rd	FC_STATUS
	check	x0, FC_STATUS_ENABLED | DISPLAY_STATUS_FLIP_PENDING, 11, "FC_STATUS: flip pending"

	/* vsync 1 */
	bl	wait_vsync
	shows	FB_B, 12
	dev_rd	FC_STATUS
	check	x0, FC_STATUS_ENABLED, 13, "FC_STATUS: flip done"
	flip_to	FB_C

	/* vsync 2 */
	bl	wait_vsync
	shows	FB_C, 14
	flip_to	OUTSIDE_RAM
	dev_rd	FC_IRQ_STATUS
	check	x0, FC_IRQ_ERROR, 15, "FC_IRQ_STATUS after a flip outside RAM"
	dev_rd	FC_ERROR
	check	x0, DISPLAY_ERR_BUFFER, 16, "FC_ERROR after a flip outside RAM"
	dev_rd	FC_STATUS
	check	x0, FC_STATUS_ENABLED, 17, "FC_STATUS: refused flip not pending"
	mov	w0, #FC_IRQ_ERROR
	dev_wr	FC_IRQ_STATUS, w0

	/* vsync 3 */
	bl	wait_vsync
	shows	FB_C, 18
	dev_rd	FC_MISSED
	check	x0, 1, 19, "FC_MISSED: the frame without a flip was dropped"
	flip_to	FB_A
	flip_to	FB_B

	/* vsync 4 */
	bl	wait_vsync
	shows	FB_B, 20
	spin_us	10000
	flip_to	FB_A

	/* vsync 5 */
	bl	wait_vsync
	shows	FB_A, 22
	fc_disable_and_count 6, 4, 2, 0, 23	/* vsyncs, presented, dropped */
	li	x1, 10 * 1000 * 1000
	dev_rd	FC_LAST_LATENCY
	cmp	x0, x1
	b.hs	1f
	fail	28, "FC_LAST_LATENCY of 10 ms or more"
1:	dev_rd	FC_MAX_LATENCY
	cmp	x0, x1
	b.hs	1f
	fail	29, "FC_MAX_LATENCY of 10 ms or more"
1:	pass

/*
 * Waits for a vsync and acknowledges it; x19 = FC_FRAME, which must follow
 * the previous one. Clobbers x0, x1.
 */
wait_vsync:
	fc_wait_frame 30, "FC_IRQ_STATUS: a vsync, no overrun"
	dev_wr	FC_IRQ_STATUS, w0
	dev_rd	FC_FRAME
	cbz	x24, 2f				/* the first: nothing to follow */
	add	x1, x19, #1
	cmp	x0, x1
	b.eq	2f
	fail	31, "FC_FRAME: consecutive vsyncs"
2:	mov	x19, x0
	mov	x24, #1
	ret

el1_handler:
	unexpected_exception 1, 40

	.ltorg
	vector_table vectors, 1, el1_handler
