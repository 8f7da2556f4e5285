/*
 * display.h - the display controller's registers (docs/display.md is the
 * contract).
 *
 * The panel refreshes at a fixed rate (60 Hz by default); each refresh
 * starts with a vsync. Software renders into a framebuffer in RAM and flips
 * to it; a flip takes effect at the next vsync. Each vsync opens a frame
 * whose deadline is the next vsync: flipped by then, the new buffer is
 * presented; not, the frame is dropped (the panel shows the old one again).
 * Offsets 0x00-0x3F are the frame block every real-time peripheral shares
 * (frame_clock.h).
 *
 * Plain numbers only, so that target programs can include it. Not here:
 * pixels. The controller never reads the framebuffer (there is no panel to
 * show it on); it only checks where the buffer lies.
 */
#ifndef PHONESIM_DISPLAY_H
#define PHONESIM_DISPLAY_H

#include "frame_clock.h"

#define DISPLAY_ID              0x50534944      /* "DISP" in memory order */

#define DISPLAY_FB_BASE_LO      0x40    /* RW, locked while enabled: the buffer shown */
#define DISPLAY_FB_BASE_HI      0x44
#define DISPLAY_STRIDE          0x48    /* RW, locked while enabled: bytes per line */
#define DISPLAY_WIDTH           0x4c    /* RW, locked while enabled: pixels */
#define DISPLAY_HEIGHT          0x50    /* RW, locked while enabled: lines */
#define DISPLAY_FORMAT          0x54    /* RW, locked while enabled: DISPLAY_FORMAT_* */
#define DISPLAY_FLIP_LO         0x58    /* RW: the next buffer, low half */
#define DISPLAY_FLIP_HI         0x5c    /* RW: high half; writing it requests the flip */
#define DISPLAY_REFRESH_HZ      0x60    /* RO: display.refresh_hz */

#define DISPLAY_STATUS_FLIP_PENDING     (1 << 1)        /* a flip waits for the next vsync */

#define DISPLAY_FORMAT_XRGB8888 1       /* 4 bytes a pixel */
#define DISPLAY_FORMAT_ARGB8888 2       /* 4 bytes a pixel */
#define DISPLAY_FORMAT_RGB565   3       /* 2 bytes a pixel */

/* FC_ERROR codes. */
#define DISPLAY_ERR_FORMAT      1       /* FORMAT is none of the above */
#define DISPLAY_ERR_GEOMETRY    2       /* WIDTH or HEIGHT not in 1..8192, bad STRIDE */
#define DISPLAY_ERR_BUFFER      3       /* buffer not 64-byte aligned or not wholly in RAM */
#define DISPLAY_ERR_NOT_ENABLED 4       /* a flip while the display is disabled */

#define DISPLAY_MAX_PIXELS      8192    /* per line, and lines */
#define DISPLAY_ALIGN           64      /* of buffers and of the stride */

#endif
