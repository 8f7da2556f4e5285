/*
 * app_ui.c - the ui task: a compositor rendering one frame per vsync
 * into the back buffer of two (a background fill, blitted icons, a
 * translucent panel alpha-blended over them) and flipping to it. It
 * measures vsync-to-flip latency and reads the display's own counts of
 * frames presented and dropped. Each frame is checked: pixels of the
 * panel are recomputed by plain division, a path independent of
 * gfx_mix's. Without a display (the work persona) it renders offscreen
 * at 60 Hz by its own timer, and a frame finished after the next tick is
 * dropped. It renders for the run's length (SYS_RUN_US), one frame per
 * refresh, at least one.
 */
#include "gfx.h"
#include "usys.h"
#include "wl.h"

#define OFFSCREEN_HZ    60
#define ICON            48
#define ICONS           6
#define PANEL_W         300
#define PANEL_H         160
#define PANEL_ALPHA     200

static uint32_t background(unsigned frame)
{
	return 0xff000000u | (frame * 7 & 0xff) << 16 | 0x3000 | (255 - (frame * 3 & 0xff));
}

static void make_assets(struct surface *icon, struct surface *panel)
{
	for (uint32_t y = 0; y < icon->height; y++)
		for (uint32_t x = 0; x < icon->width; x++)
			icon->px[y * icon->stride + x] = 0xff000000u | (x * 5) << 16 | (y * 5) << 8 | 0x80;
	for (uint32_t y = 0; y < panel->height; y++)
		for (uint32_t x = 0; x < panel->width; x++)
			panel->px[y * panel->stride + x] = (0x80u + y / 2) << 24 | 0x202020u + x / 4;
}

static int panel_y(unsigned frame, uint32_t height)
{
	return (int)(frame * 5 % (height - PANEL_H / 2)) - PANEL_H / 4;
}

static int icon_x(unsigned frame, int i, uint32_t width)
{
	return (int)((frame * 3 + (unsigned)i * 61) % width) - ICON / 2;
}

static void render(const struct surface *fb, const struct surface *icon,
		   const struct surface *panel, unsigned frame)
{
	gfx_fill(fb, 0, 0, (int)fb->width, (int)fb->height, background(frame));
	for (int i = 0; i < ICONS; i++)
		gfx_blit(fb, icon_x(frame, i, fb->width), 40 + i * 90, icon);
	gfx_blend(fb, 30, panel_y(frame, fb->height), panel, PANEL_ALPHA);
}

/* The panel's top right pixel, blended by plain division over what lies under it. */
static void check_frame(const struct surface *fb, const struct surface *icon,
			const struct surface *panel, unsigned frame)
{
	int py = panel_y(frame, fb->height), row = py < 0 ? 0 : py, x = 30 + PANEL_W - 1;
	uint32_t s = panel->px[(uint32_t)(row - py) * panel->stride + PANEL_W - 1];
	uint32_t d = background(frame), a = ((s >> 24) * PANEL_ALPHA + 127) / 255, want = 0xff000000u;

	for (int i = 0; i < ICONS; i++) {
		int ix = icon_x(frame, i, fb->width), iy = 40 + i * 90;

		if (x >= ix && x < ix + ICON && row >= iy && row < iy + ICON)
			d = icon->px[(uint32_t)(row - iy) * icon->stride + (uint32_t)(x - ix)];
	}
	for (unsigned sh = 0; sh < 24; sh += 8)
		want |= (((s >> sh & 0xff) * a + (d >> sh & 0xff) * (255 - a)) * 2 + 255) / 510 << sh;
	u_check(fb->px[(uint32_t)row * fb->stride + (uint32_t)x] == want, "blended pixel wrong");
}

void app_ui(struct arena *ar)
{
	struct appos_fb_info info = { 360, 640, 1472, OFFSCREEN_HZ };
	bool display = usys1(SYS_FB_INFO, &info) == 0;
	uint64_t hz = u_hz(), period = hz / info.refresh_hz;
	uint64_t frames = u_run_us() * info.refresh_hz / 1000000;
	unsigned rendered = 0, late = 0, back = 1;
	struct wl_samples latency;
	struct surface fb[2], icon = { 0, ICON, ICON, ICON }, panel = { 0, PANEL_W, PANEL_H, PANEL_W };

	if (!frames)
		frames = 1;
	u_samples_init(ar, &latency);
	for (int i = 0; i < 2; i++)
		fb[i] = (struct surface){ arena_alloc(ar, (size_t)info.stride * info.height, 64),
					  info.width, info.height, info.stride / 4 };
	icon.px = arena_alloc(ar, ICON * ICON * 4, 64);
	panel.px = arena_alloc(ar, PANEL_W * PANEL_H * 4, 64);
	make_assets(&icon, &panel);
	render(&fb[0], &icon, &panel, 0);
	if (display)
		u_check(usys1(SYS_FB_ENABLE, fb[0].px) == 0, "display refused the framebuffer");

	uint64_t start = u_time();

	for (unsigned k = 1; k <= frames; k++, rendered++) {
		uint64_t vsync, took;

		if (display) {
			struct usys_ret r = usys(SYS_VSYNC_WAIT, 0, 0, 0, 0);

			u_check(r.x0 >= 0, "no vsync");
			vsync = r.x1;
		} else {
			vsync = start + k * period;
			u_sleep_until(vsync);
		}
		render(&fb[back], &icon, &panel, k);
		check_frame(&fb[back], &icon, &panel, k);
		if (display)
			u_check(usys1(SYS_FB_FLIP, fb[back].px) == 0, "flip refused");
		back ^= 1;
		took = u_time() - vsync;
		wl_samples_add(&latency, took);
		if (!display && took > period)
			late++;
	}
	uint64_t elapsed = u_time() - start;
	unsigned presented = rendered - late, dropped = late;

	if (display) {
		struct appos_fb_stats st;

		u_check(usys1(SYS_FB_STATS, &st) == 0, "no display counters");
		u_check(st.met > 0 && st.met <= rendered, "display presented no frame, or more than rendered");
		u_check(st.met + st.missed <= st.frames, "display counters inconsistent");
		u_check(st.errors == 0, "display reported an error");
		presented = st.met;
		dropped = st.missed;
		u_metric("ui_display_vsyncs", st.frames, "frames");
		u_metric("ui_display_max_latency_us", st.max_latency_ns / 1000, "us");
	}
	u_check(rendered > 0, "no frame rendered");
	struct wl_summary s = wl_samples_summary(&latency);

	u_metric("ui_offscreen", !display, "bool");
	u_metric("ui_frames_rendered", rendered, "frames");
	u_metric("ui_frames_presented", presented, "frames");
	u_metric("ui_frames_dropped", dropped, "frames");
	u_metric("ui_fps_milli", presented * hz / elapsed * 1000 + presented * hz % elapsed * 1000 / elapsed, "mfps");
	u_metric("ui_vsync_to_flip_us_mean", u_ticks_to_us(s.mean, hz), "us");
	u_metric("ui_vsync_to_flip_us_p99", u_ticks_to_us(s.p99, hz), "us");
}
