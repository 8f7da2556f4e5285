/*
 * gfx.h - software rendering into XRGB8888/ARGB8888 surfaces, as a
 * compositor's fallback path does it: fill, blit, and per-pixel alpha
 * blending in integer arithmetic. EL0 code (the ui task's); no state.
 */
#ifndef APPOS_GFX_H
#define APPOS_GFX_H

#include <stdint.h>

struct surface {
	uint32_t *px;
	uint32_t width, height, stride;         /* stride in pixels */
};

void gfx_fill(const struct surface *dst, int x, int y, int w, int h, uint32_t colour);
void gfx_blit(const struct surface *dst, int x, int y, const struct surface *src);
/* SRC's own alpha (bits 31:24) scaled by ALPHA (0-255), over DST. */
void gfx_blend(const struct surface *dst, int x, int y, const struct surface *src, unsigned alpha);
/* One channel of the blend: (s * a + d * (255 - a)) / 255, rounded, computed without division. */
uint32_t gfx_mix(uint32_t s, uint32_t d, uint32_t a);

#endif
