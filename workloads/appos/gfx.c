/*
 * gfx.c - fill, blit and alpha blend (gfx.h). Rectangles are clipped to
 * the destination. Division by 255 is done as (v + 128 + ((v + 128) >> 8)) >> 8,
 * exact for every v = s * a + d * (255 - a) (Blinn, "Three Wrongs Make a
 * Right", 1995), as software compositors do.
 */
#include "gfx.h"

struct clip {
	int x0, y0, x1, y1;     /* destination rectangle after clipping */
	int sx, sy;             /* where it starts in the source */
};

static struct clip clip(const struct surface *dst, int x, int y, int w, int h)
{
	struct clip c = { x, y, x + w, y + h, 0, 0 };

	if (c.x0 < 0) {
		c.sx = -c.x0;
		c.x0 = 0;
	}
	if (c.y0 < 0) {
		c.sy = -c.y0;
		c.y0 = 0;
	}
	if (c.x1 > (int)dst->width)
		c.x1 = (int)dst->width;
	if (c.y1 > (int)dst->height)
		c.y1 = (int)dst->height;
	return c;
}

void gfx_fill(const struct surface *dst, int x, int y, int w, int h, uint32_t colour)
{
	struct clip c = clip(dst, x, y, w, h);
	uint64_t pair = (uint64_t)colour << 32 | colour;

	for (int row = c.y0; row < c.y1; row++) {
		uint32_t *p = dst->px + (uint32_t)row * dst->stride + c.x0;
		int n = c.x1 - c.x0;

		if ((uintptr_t)p & 7 && n > 0) {
			*p++ = colour;
			n--;
		}
		for (; n >= 2; n -= 2, p += 2)
			*(uint64_t *)p = pair;
		if (n > 0)
			*p = colour;
	}
}

void gfx_blit(const struct surface *dst, int x, int y, const struct surface *src)
{
	struct clip c = clip(dst, x, y, (int)src->width, (int)src->height);

	for (int row = c.y0; row < c.y1; row++) {
		const uint32_t *s = src->px + (uint32_t)(row - y) * src->stride + c.sx;
		uint32_t *d = dst->px + (uint32_t)row * dst->stride + c.x0;

		for (int n = c.x1 - c.x0; n > 0; n--)
			*d++ = *s++;
	}
}

uint32_t gfx_mix(uint32_t s, uint32_t d, uint32_t a)
{
	uint32_t v = s * a + d * (255 - a) + 128;

	return (v + (v >> 8)) >> 8;
}

void gfx_blend(const struct surface *dst, int x, int y, const struct surface *src, unsigned alpha)
{
	struct clip c = clip(dst, x, y, (int)src->width, (int)src->height);

	for (int row = c.y0; row < c.y1; row++) {
		const uint32_t *s = src->px + (uint32_t)(row - y) * src->stride + c.sx;
		uint32_t *d = dst->px + (uint32_t)row * dst->stride + c.x0;

		for (int n = c.x1 - c.x0; n > 0; n--, s++, d++) {
			uint32_t a = gfx_mix(*s >> 24, 0, alpha), out = 0xff000000u;

			for (unsigned shift = 0; shift < 24; shift += 8)
				out |= gfx_mix(*s >> shift & 0xff, *d >> shift & 0xff, a) << shift;
			*d = out;
		}
	}
}
