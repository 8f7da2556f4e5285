/*
 * frame_clock.c - the frame clock, deadlines, interrupt and common registers
 * of the real-time peripherals (see frame_clock.h; the contract is
 * docs/modem.md, "The frame block").
 *
 * Time of a register access: the accessing core's clock, but never later
 * than the next frame start still to be processed. A core is charged for a
 * whole block when it enters it, so an access inside a block that began
 * before a frame start may read a clock already past it; the machine fires
 * that start only once every core has reached it, so the access did happen
 * before it, and counts as no later than it.
 */
#include <stdio.h>

#include "frame_clock.h"
#include "machine.h"

/* ---------------------------------------------------------------- time */

uint64_t frame_clock_start_of(const struct frame_clock *fc, uint64_t n)
{
	return fc->cfg.start_ns +
	       (uint64_t)((unsigned __int128)n * fc->cfg.period_num / fc->cfg.period_den);
}

/* The first frame that starts strictly after t. */
static uint64_t first_frame_after(const struct frame_clock *fc, uint64_t t)
{
	unsigned __int128 d;

	if (t < fc->cfg.start_ns)
		return 0;
	/* start_of(n) > t  <=>  n * num / den >= t - start + 1 */
	d = (unsigned __int128)(t - fc->cfg.start_ns + 1) * fc->cfg.period_den;
	return (uint64_t)((d + fc->cfg.period_num - 1) / fc->cfg.period_num);
}

/* When core cpu's register access happens (see the top of this file). */
static uint64_t access_time(const struct frame_clock *fc, unsigned cpu)
{
	uint64_t t = core_ns(&fc->m->core[cpu]);

	return event_queued(&fc->tick) && t > fc->tick.when ? fc->tick.when : t;
}

/* ----------------------------------------------------------- interrupt */

static void update_line(struct frame_clock *fc)
{
	bool level = (fc->irq_status & fc->irq_enable) != 0;

	if (level != fc->line) {
		fc->line = level;
		/* An SPI: the core argument is only meaningful for SGIs and PPIs. */
		machine_set_irq(fc->m, 0, fc->cfg.intid, level);
	}
}

void frame_clock_raise(struct frame_clock *fc, uint32_t bits)
{
	fc->irq_status |= bits;
	update_line(fc);
}

/* ------------------------------------------------------------ frames */

/* The open frame's outcome is known: done at done_ns (EVENT_NEVER: not done). */
static void close_frame(struct frame_clock *fc, uint64_t done_ns)
{
	bool missed = done_ns > fc->deadline_ns;

	fc->open = false;
	if (missed)
		fc->stats.missed++;
	else
		fc->stats.met++;
	if (done_ns != EVENT_NEVER) {
		fc->stats.last_latency_ns = done_ns - fc->release_ns;
		if (fc->stats.last_latency_ns > fc->stats.max_latency_ns)
			fc->stats.max_latency_ns = fc->stats.last_latency_ns;
	}
	machine_trace_deadline(fc->m, fc->cfg.name, fc->frame, fc->release_ns, fc->deadline_ns,
			       done_ns, missed);
}

bool frame_clock_open_frame(const struct frame_clock *fc, uint64_t *n)
{
	*n = fc->frame;
	return fc->open;
}

void frame_clock_complete(struct frame_clock *fc, uint64_t now_ns)
{
	if (fc->open)
		close_frame(fc, now_ns);
}

/*
 * Frame n starts: the previous one, still open, was never done; the device
 * does its part; the frame is announced and its deadline runs.
 */
static void on_tick(void *opaque, uint64_t now_ns)
{
	struct frame_clock *fc = opaque;
	uint64_t n = fc->next;
	uint64_t next_start = frame_clock_start_of(fc, n + 1);
	uint64_t due = next_start - now_ns;

	if (fc->open)
		close_frame(fc, EVENT_NEVER);
	fc->cfg.ops->release(fc->cfg.dev, n, now_ns);
	fc->stats.frames++;
	if (fc->irq_status & FC_IRQ_FRAME) {
		fc->stats.overruns++;
		fc->irq_status |= FC_IRQ_OVERRUN;
	}
	fc->open = true;
	fc->frame = n;
	fc->release_ns = now_ns;
	fc->deadline_ns = now_ns + (fc->cfg.deadline_ns < due ? fc->cfg.deadline_ns : due);
	fc->next = n + 1;
	event_schedule(&fc->m->events, &fc->tick, next_start, on_tick, fc);
	frame_clock_raise(fc, FC_IRQ_FRAME);
}

void frame_clock_error(struct frame_clock *fc, unsigned cpu, uint32_t code)
{
	fc->error = code;
	frame_clock_raise(fc, FC_IRQ_ERROR);
	if (!(fc->errors_noted & (1u << code))) {
		fc->errors_noted |= 1u << code;
		machine_device_note(fc->m, cpu, fc->cfg.name, "%s", fc->cfg.errors[code]);
	}
}

/* CTRL.EN set at now_ns: the first frame is the first to start after it. */
static void enable(struct frame_clock *fc, unsigned cpu, uint64_t now_ns)
{
	uint32_t code = fc->cfg.ops->enable(fc->cfg.dev);

	if (code) {
		frame_clock_error(fc, cpu, code);
		return;
	}
	fc->enabled = true;
	fc->next = first_frame_after(fc, now_ns);
	event_schedule(&fc->m->events, &fc->tick, frame_clock_start_of(fc, fc->next), on_tick, fc);
}

/* CTRL.EN cleared: no more frames, and the open one will never be done. */
static void disable(struct frame_clock *fc)
{
	fc->enabled = false;
	event_cancel(&fc->m->events, &fc->tick);
	if (fc->open)
		close_frame(fc, EVENT_NEVER);
}

/* --------------------------------------------------------- registers */

static bool common_read(const struct frame_clock *fc, uint64_t offset, uint32_t *value)
{
	const struct frame_stats *s = &fc->stats;

	switch (offset) {
	case FC_ID: *value = fc->cfg.id; break;
	case FC_VERSION: *value = FC_VERSION_1; break;
	case FC_CTRL: *value = fc->enabled ? FC_CTRL_EN : 0; break;
	case FC_STATUS:
		*value = (fc->enabled ? FC_STATUS_ENABLED : 0) |
			 (fc->cfg.ops->status ? fc->cfg.ops->status(fc->cfg.dev) : 0);
		break;
	case FC_IRQ_STATUS: *value = fc->irq_status; break;
	case FC_IRQ_ENABLE: *value = fc->irq_enable; break;
	case FC_ERROR: *value = fc->error; break;
	case FC_FRAME: *value = (uint32_t)fc->frame; break;
	case FC_FRAMES: *value = (uint32_t)s->frames; break;
	case FC_MET: *value = (uint32_t)s->met; break;
	case FC_MISSED: *value = (uint32_t)s->missed; break;
	case FC_OVERRUNS: *value = (uint32_t)s->overruns; break;
	case FC_LAST_LATENCY: *value = (uint32_t)s->last_latency_ns; break;
	case FC_MAX_LATENCY: *value = (uint32_t)s->max_latency_ns; break;
	default: return false;
	}
	return true;
}

static enum fc_write common_write(struct frame_clock *fc, unsigned cpu, uint64_t offset,
				  uint32_t value, uint64_t now_ns)
{
	switch (offset) {
	case FC_CTRL:
		if ((value & FC_CTRL_EN) && !fc->enabled)
			enable(fc, cpu, now_ns);
		else if (!(value & FC_CTRL_EN) && fc->enabled)
			disable(fc);
		return FC_WRITE_OK;
	case FC_IRQ_STATUS:
		fc->irq_status &= ~value;
		if (value & FC_IRQ_ERROR)
			fc->error = 0;
		update_line(fc);
		return FC_WRITE_OK;
	case FC_IRQ_ENABLE:
		fc->irq_enable = value & FC_IRQ_ALL;
		update_line(fc);
		return FC_WRITE_OK;
	default:
		return offset < FC_MAX_LATENCY + 4 ? FC_WRITE_READ_ONLY : FC_WRITE_UNKNOWN;
	}
}

/*
 * Registers take aligned 32-bit accesses (wider ones reach the device as
 * 32-bit halves); anything else is refused as a bus error would be on a
 * 32-bit peripheral bus: an External abort (docs/modem.md, reg_access_ok).
 */
static uint64_t mmio_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size)
{
	struct frame_clock *fc = opaque;
	uint32_t value = 0;
	bool known;

	if (!reg_access_ok(&fc->regs, cpu, offset, size))
		return 0;
	known = offset < FC_DEVICE_REGS ? common_read(fc, offset, &value)
					: fc->cfg.ops->read(fc->cfg.dev, offset, &value);
	if (!known)
		reg_note(&fc->regs, cpu, offset, "no register there: reads as zero");
	return value;
}

static void mmio_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
	static const char *const misuse[] = {
		[FC_WRITE_UNKNOWN] = "no register there: write ignored",
		[FC_WRITE_READ_ONLY] = "read-only register: write ignored",
		[FC_WRITE_LOCKED] = "register locked while enabled: write ignored",
	};
	struct frame_clock *fc = opaque;
	uint64_t now_ns;
	enum fc_write r;

	if (!reg_access_ok(&fc->regs, cpu, offset, size))
		return;
	now_ns = access_time(fc, cpu);
	r = offset < FC_DEVICE_REGS ? common_write(fc, cpu, offset, (uint32_t)value, now_ns)
				    : fc->cfg.ops->write(fc->cfg.dev, cpu, offset, (uint32_t)value, now_ns);
	if (r != FC_WRITE_OK)
		reg_note(&fc->regs, cpu, offset, misuse[r]);
}

static const struct mmio_ops frame_clock_mmio = { .read = mmio_read, .write = mmio_write };

/* ------------------------------------------------------------ set-up */

void frame_clock_reset(struct frame_clock *fc)
{
	event_cancel(&fc->m->events, &fc->tick);
	fc->enabled = false;
	fc->open = false;
	fc->next = fc->frame = 0;
	fc->irq_status = fc->irq_enable = fc->error = 0;
	fc->stats = (struct frame_stats){ 0 };
	update_line(fc);
}

int frame_clock_attach(struct frame_clock *fc, struct machine *m,
		       const struct frame_clock_config *cfg)
{
	struct mmio_window w = {
		.name = cfg->name, .base = cfg->base, .size = PLAT_DEVICE_SIZE,
		.ops = &frame_clock_mmio, .opaque = fc,
	};

	*fc = (struct frame_clock){ .m = m, .cfg = *cfg, .tick.slot = -1 };
	reg_window_init(&fc->regs, m, cfg->name, cfg->base);
	frame_clock_reset(fc);
	return machine_add_window(m, &w);
}

void frame_clock_describe(const struct frame_clock *fc, const char *compatible,
			  struct device_info *info)
{
	*info = (struct device_info){
		.compatible = compatible,
		.nregions = 1,
		.region = { { fc->cfg.base, PLAT_DEVICE_SIZE } },
		.nintids = 1,
		.intid = { fc->cfg.intid },
	};
}
