/*
 * display.c - the display controller's driver (docs/display.md): it sets
 * up scan-out of one task's framebuffer, wakes the tasks waiting for a
 * vsync (INTID 41) with the vsync's number and time, passes flips on, and
 * reads back the controller's own counters of presented and dropped
 * frames. The task that enabled the display owns it until it ends, when
 * the display is switched off. Not here: pixels (the apps render them).
 */
#include "kernel.h"
#include "display.h"

#define FB_WIDTH        360
#define FB_HEIGHT       640
#define FB_STRIDE       1472            /* 360 x 4 bytes, rounded up to 64 */
#define DISPLAY_INTID   41
#define VSYNC_TIMEOUT   4               /* refresh periods: a display that stopped */

static uintptr_t disp;
static struct task *owner;
static uint32_t refresh_hz, errors;
static const char vsync_channel;

static uint32_t rd(unsigned off) { return wl_read32(disp + off); }
static void wr(unsigned off, uint32_t v) { wl_write32(disp + off, v); }

static void display_irq(unsigned intid)
{
	uint32_t st = rd(FC_IRQ_STATUS);

	(void)intid;
	wr(FC_IRQ_STATUS, st);
	if (st & FC_IRQ_ERROR)
		errors++;
	if (st & FC_IRQ_FRAME)
		sched_wake(&vsync_channel, rd(FC_FRAME), wl_counter());
}

bool display_init(uint64_t base)
{
	disp = base;
	if (rd(FC_ID) != DISPLAY_ID) {
		disp = 0;
		return false;
	}
	refresh_hz = rd(DISPLAY_REFRESH_HZ);
	irq_register(DISPLAY_INTID, display_irq);
	return true;
}

static bool buffer_ok(const struct task *t, uint64_t buf)
{
	return buf % DISPLAY_ALIGN == 0 && user_can_write(t, buf, (uint64_t)FB_STRIDE * FB_HEIGHT);
}

static int64_t enable(struct task *t, uint64_t buf)
{
	if (owner)
		return -APPOS_EBUSY;
	if (!buffer_ok(t, buf))
		return -APPOS_EFAULT;
	wl_write64(disp + DISPLAY_FB_BASE_LO, buf);
	wr(DISPLAY_STRIDE, FB_STRIDE);
	wr(DISPLAY_WIDTH, FB_WIDTH);
	wr(DISPLAY_HEIGHT, FB_HEIGHT);
	wr(DISPLAY_FORMAT, DISPLAY_FORMAT_XRGB8888);
	wr(FC_IRQ_ENABLE, FC_IRQ_FRAME | FC_IRQ_ERROR);
	wr(FC_CTRL, FC_CTRL_EN);
	if (!(rd(FC_STATUS) & FC_STATUS_ENABLED))
		return -APPOS_EIO;
	owner = t;
	return 0;
}

static int64_t stats(const struct task *t, uint64_t addr)
{
	struct appos_fb_stats *s = (struct appos_fb_stats *)addr;

	if (!user_can_write(t, addr, sizeof(*s)))
		return -APPOS_EFAULT;
	s->frames = rd(FC_FRAMES);
	s->met = rd(FC_MET);
	s->missed = rd(FC_MISSED);
	s->overruns = rd(FC_OVERRUNS);
	s->last_latency_ns = rd(FC_LAST_LATENCY);
	s->max_latency_ns = rd(FC_MAX_LATENCY);
	s->errors = errors;
	return 0;
}

void display_sys(struct task *t, struct trap_frame *f, unsigned nr)
{
	int64_t ret = 0;

	if (!disp) {
		f->x[0] = (uint64_t)-APPOS_ENODEV;
		return;
	}
	if (nr != SYS_FB_INFO && nr != SYS_FB_ENABLE && owner != t) {
		f->x[0] = (uint64_t)-APPOS_EINVAL;
		return;
	}
	switch (nr) {
	case SYS_FB_INFO: {
		struct appos_fb_info *info = (struct appos_fb_info *)f->x[0];

		if (!user_can_write(t, f->x[0], sizeof(*info))) {
			ret = -APPOS_EFAULT;
			break;
		}
		*info = (struct appos_fb_info){ FB_WIDTH, FB_HEIGHT, FB_STRIDE, refresh_hz };
		break;
	}
	case SYS_FB_ENABLE:
		ret = enable(t, f->x[0]);
		break;
	case SYS_VSYNC_WAIT:
		sched_block(&vsync_channel,
			    wl_counter() + VSYNC_TIMEOUT * wl_counter_hz() / refresh_hz);
		break;
	case SYS_FB_FLIP:
		if (!buffer_ok(t, f->x[0]))
			ret = -APPOS_EFAULT;
		else
			wl_write64(disp + DISPLAY_FLIP_LO, f->x[0]);  /* LO then HI: the flip */
		break;
	case SYS_FB_STATS:
		ret = stats(t, f->x[0]);
		break;
	}
	f->x[0] = (uint64_t)ret;
}

void display_release(struct task *t)
{
	if (!disp || owner != t)
		return;
	wr(FC_CTRL, 0);
	wr(FC_IRQ_ENABLE, 0);
	wr(FC_IRQ_STATUS, FC_IRQ_ALL);
	owner = NULL;
}
