/*
 * display.c - the display controller (see display.h; the contract is
 * docs/display.md).
 *
 * Modelled: the refresh clock, the scan-out buffer and the flips that
 * replace it at a vsync, and the deadline each vsync sets the compositor.
 * Not modelled: the panel, pixels, scan-out bandwidth, several planes.
 */
#include <stdlib.h>

#include "display.h"
#include "machine.h"

struct display {
	struct frame_clock fc;
	uint32_t refresh_hz;            /* parameter */
	/* Registers. */
	uint64_t fb_base, flip;
	uint32_t stride, width, height, format;
	/* A flip accepted since the last vsync: shown from the next one. */
	bool pending;
	uint64_t pending_base;
};

static const char *const display_errors[] = {
	[DISPLAY_ERR_FORMAT] = "enable refused: unknown FORMAT",
	[DISPLAY_ERR_GEOMETRY] = "enable refused: WIDTH or HEIGHT not in 1..8192, or STRIDE "
				 "not a multiple of 64 holding a line",
	[DISPLAY_ERR_BUFFER] = "buffer refused: not 64-byte aligned, or STRIDE * HEIGHT bytes "
			       "from it not wholly in RAM",
	[DISPLAY_ERR_NOT_ENABLED] = "flip refused: the display is disabled",
};

/* ------------------------------------------------------------ frames */

static unsigned bytes_per_pixel(uint32_t format)
{
	switch (format) {
	case DISPLAY_FORMAT_XRGB8888:
	case DISPLAY_FORMAT_ARGB8888:
		return 4;
	case DISPLAY_FORMAT_RGB565:
		return 2;
	default:
		return 0;
	}
}

/* A buffer the controller could scan out at base: 0, or an error code. */
static uint32_t check_buffer(const struct display *d, uint64_t base)
{
	if (base % DISPLAY_ALIGN ||
	    !mem_is_ram(&d->fc.m->mem, base, (uint64_t)d->stride * d->height))
		return DISPLAY_ERR_BUFFER;
	return 0;
}

static uint32_t display_enable(void *dev)
{
	struct display *d = dev;
	unsigned bpp = bytes_per_pixel(d->format);

	if (!bpp)
		return DISPLAY_ERR_FORMAT;
	if (!d->width || d->width > DISPLAY_MAX_PIXELS || !d->height ||
	    d->height > DISPLAY_MAX_PIXELS || d->stride % DISPLAY_ALIGN ||
	    d->stride < d->width * bpp)
		return DISPLAY_ERR_GEOMETRY;
	d->pending = false;     /* a flip made before the display was disabled */
	return check_buffer(d, d->fb_base);
}

/* The vsync: a flip made since the last one is what the panel shows now. */
static void display_release(void *dev, uint64_t n, uint64_t now_ns)
{
	struct display *d = dev;

	(void)n, (void)now_ns;
	if (d->pending)
		d->fb_base = d->pending_base;
	d->pending = false;
}

/*
 * A flip prepares the frame after the next vsync, so it completes the
 * frame the last vsync opened (if that one is not completed already: a
 * second flip before the vsync only replaces the buffer).
 */
static void flip(struct display *d, unsigned cpu, uint64_t now_ns)
{
	uint32_t code = d->fc.enabled ? check_buffer(d, d->flip) : DISPLAY_ERR_NOT_ENABLED;

	if (code) {
		frame_clock_error(&d->fc, cpu, code);
		return;
	}
	d->pending = true;
	d->pending_base = d->flip;
	frame_clock_complete(&d->fc, now_ns);
}

static uint32_t display_status(const void *dev)
{
	const struct display *d = dev;

	/* A flip made before the display was disabled waits for nothing. */
	return d->fc.enabled && d->pending ? DISPLAY_STATUS_FLIP_PENDING : 0;
}

/* --------------------------------------------------------- registers */

static bool display_read(void *dev, uint64_t offset, uint32_t *value)
{
	const struct display *d = dev;

	switch (offset) {
	case DISPLAY_FB_BASE_LO: *value = (uint32_t)d->fb_base; break;
	case DISPLAY_FB_BASE_HI: *value = (uint32_t)(d->fb_base >> 32); break;
	case DISPLAY_STRIDE: *value = d->stride; break;
	case DISPLAY_WIDTH: *value = d->width; break;
	case DISPLAY_HEIGHT: *value = d->height; break;
	case DISPLAY_FORMAT: *value = d->format; break;
	case DISPLAY_FLIP_LO: *value = (uint32_t)d->flip; break;
	case DISPLAY_FLIP_HI: *value = (uint32_t)(d->flip >> 32); break;
	case DISPLAY_REFRESH_HZ: *value = d->refresh_hz; break;
	default: return false;
	}
	return true;
}

/* The scan-out registers, which only change while the display is disabled. */
static uint32_t *geometry_reg(struct display *d, uint64_t offset)
{
	switch (offset) {
	case DISPLAY_STRIDE: return &d->stride;
	case DISPLAY_WIDTH: return &d->width;
	case DISPLAY_HEIGHT: return &d->height;
	case DISPLAY_FORMAT: return &d->format;
	default: return NULL;
	}
}

static enum fc_write display_write(void *dev, unsigned cpu, uint64_t offset, uint32_t value,
				   uint64_t now_ns)
{
	struct display *d = dev;
	uint32_t *geometry = geometry_reg(d, offset);

	if (offset == DISPLAY_FB_BASE_LO || offset == DISPLAY_FB_BASE_HI || geometry) {
		if (d->fc.enabled)
			return FC_WRITE_LOCKED;
		if (geometry)
			*geometry = value;
		else
			frame_clock_set_half(&d->fb_base, offset == DISPLAY_FB_BASE_HI, value);
		return FC_WRITE_OK;
	}
	switch (offset) {
	case DISPLAY_FLIP_LO:
		frame_clock_set_half(&d->flip, false, value);
		return FC_WRITE_OK;
	case DISPLAY_FLIP_HI:
		frame_clock_set_half(&d->flip, true, value);
		flip(d, cpu, now_ns);
		return FC_WRITE_OK;
	case DISPLAY_REFRESH_HZ:
		return FC_WRITE_READ_ONLY;
	default:
		return FC_WRITE_UNKNOWN;
	}
}

static const struct frame_clock_ops display_ops = {
	.enable = display_enable,
	.release = display_release,
	.read = display_read,
	.write = display_write,
	.status = display_status,
};

/* ------------------------------------------------------------ set-up */

static void display_reset(void *state)
{
	struct display *d = state;

	frame_clock_reset(&d->fc);
	d->fb_base = d->flip = d->pending_base = 0;
	d->stride = d->width = d->height = d->format = 0;
	d->pending = false;
}

/* Vsync n at floor(n * 10^9 / refresh_hz) ns; each frame is due at the next. */
static int attach(struct display *d, struct machine *m)
{
	const struct frame_clock_config cfg = {
		.name = "display", .base = PLAT_DISPLAY_BASE, .intid = PLAT_INTID_DISPLAY,
		.id = DISPLAY_ID,
		.start_ns = 0, .period_num = 1000000000ull, .period_den = d->refresh_hz,
		.deadline_ns = UINT64_MAX,
		.errors = display_errors,
		.ops = &display_ops, .dev = d,
	};

	return frame_clock_attach(&d->fc, m, &cfg);
}

static void *display_create(struct machine *m, const char **error)
{
	struct display *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->refresh_hz = (uint32_t)machine_param_u64(m, "display.refresh_hz", 60, 1, 1000, error);
	if (attach(d, m) != 0) {
		*error = "cannot claim its window";
		free(d);
		return NULL;
	}
	return d;
}

static void display_describe(const void *state, struct device_info *info)
{
	const struct display *d = state;

	frame_clock_describe(&d->fc, "phonesim,display-1.0", info);
}

const struct device_type display_device = {
	.name = "display",
	.summary = "display controller: vsync clock, framebuffer flips, dropped frames",
	.create = display_create,
	.destroy = free,
	.reset = display_reset,
	.describe = display_describe,
};
