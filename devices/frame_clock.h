/*
 * frame_clock.h - what the SoC's real-time peripherals (the baseband modem,
 * the display controller) share: a clock that starts a frame at fixed
 * instants of simulated time, one deadline per frame, the counters of met
 * and missed deadlines, a level interrupt, and the block of registers that
 * exposes them at the start of each device's window (offsets 0x00-0x3F).
 *
 * The register contract is docs/modem.md ("The frame block") and
 * docs/display.md. The offsets and bits below are plain numbers so that
 * target programs (assembly) can include this header too.
 *
 * Not here: what a frame means to a device (the modem's DMA and doorbell,
 * the display's flips): devices/modem.c and devices/display.c supply that
 * through struct frame_clock_ops.
 */
#ifndef PHONESIM_FRAME_CLOCK_H
#define PHONESIM_FRAME_CLOCK_H

/* The frame block: every register is 32 bits wide. */
#define FC_ID                   0x00    /* RO: which device */
#define FC_VERSION              0x04    /* RO: FC_VERSION_1 */
#define FC_CTRL                 0x08    /* RW */
#define FC_STATUS               0x0c    /* RO */
#define FC_IRQ_STATUS           0x10    /* W1C: events; the line is STATUS & ENABLE */
#define FC_IRQ_ENABLE           0x14    /* RW */
#define FC_ERROR                0x18    /* RO: cause of the last FC_IRQ_ERROR */
#define FC_FRAME                0x1c    /* RO: number of the last frame started */
#define FC_FRAMES               0x20    /* RO: frames started */
#define FC_MET                  0x24    /* RO: deadlines met */
#define FC_MISSED               0x28    /* RO: deadlines missed */
#define FC_OVERRUNS             0x2c    /* RO: frames started with FC_IRQ_FRAME still set */
#define FC_LAST_LATENCY         0x30    /* RO: ns from start to completion, last frame completed */
#define FC_MAX_LATENCY          0x34    /* RO: the largest of those */
#define FC_DEVICE_REGS          0x40    /* the device's own registers start here */

#define FC_VERSION_1            0x00010000

#define FC_CTRL_EN              (1 << 0)
#define FC_STATUS_ENABLED       (1 << 0)

#define FC_IRQ_FRAME            (1 << 0)        /* a frame started */
#define FC_IRQ_OVERRUN          (1 << 1)        /* ... while FC_IRQ_FRAME was still set */
#define FC_IRQ_ERROR            (1 << 2)        /* programming refused: see FC_ERROR */
#define FC_IRQ_DEVICE           (1 << 3)        /* the device's own event */
#define FC_IRQ_ALL              0xf

/* The simulator's side: not for assembly, nor for freestanding target C. */
#if !defined(__ASSEMBLER__) && __STDC_HOSTED__

#include <stdbool.h>
#include <stdint.h>

#include "device.h"
#include "event.h"
#include "platform.h"
#include "regs.h"

struct machine;

/* What a write to a device register did; frame_clock notes the misuses. */
enum fc_write { FC_WRITE_OK, FC_WRITE_UNKNOWN, FC_WRITE_READ_ONLY, FC_WRITE_LOCKED };

/* What a frame means to the device. */
struct frame_clock_ops {
	/* CTRL.EN is being set: check and take the programming; 0 or an FC_ERROR code. */
	uint32_t (*enable)(void *dev);
	/* Frame n starts at now_ns (before its FC_IRQ_FRAME is raised). */
	void (*release)(void *dev, uint64_t n, uint64_t now_ns);
	/* The device's registers, FC_DEVICE_REGS and up: false if there is none at offset. */
	bool (*read)(void *dev, uint64_t offset, uint32_t *value);
	enum fc_write (*write)(void *dev, unsigned cpu, uint64_t offset, uint32_t value,
			       uint64_t now_ns);
	/* The device's own FC_STATUS bits, or NULL for none. */
	uint32_t (*status)(const void *dev);
};

struct frame_clock_config {
	const char *name;               /* window, notes, and source of the deadline traces */
	uint64_t base;                  /* of the window (PLAT_DEVICE_SIZE bytes) */
	unsigned intid;
	uint32_t id;                    /* FC_ID */
	/* Frame n starts at start_ns + floor(n * period_num / period_den) ns. */
	uint64_t start_ns, period_num, period_den;
	/* Each frame is due this long after its start, or at the next start if earlier. */
	uint64_t deadline_ns;
	const char *const *errors;      /* what each FC_ERROR code means ([0] unused) */
	const struct frame_clock_ops *ops;
	void *dev;
};

struct frame_stats {
	uint64_t frames, met, missed, overruns;
	uint64_t last_latency_ns, max_latency_ns;
};

struct frame_clock {
	struct machine *m;
	struct frame_clock_config cfg;
	struct event tick;              /* the start of frame `next` */
	uint64_t next;
	bool enabled;
	uint32_t irq_status, irq_enable, error;
	bool line;                      /* the interrupt output as last driven */
	/* The frame started last, while its outcome is not known. */
	bool open;
	uint64_t frame, release_ns, deadline_ns;
	struct frame_stats stats;
	struct reg_window regs;         /* access rules, misuse noted per register */
	uint32_t errors_noted;          /* FC_ERROR codes already noted, a bit each */
};

/* Claims the window and puts the clock in its reset state. */
int frame_clock_attach(struct frame_clock *fc, struct machine *m,
		       const struct frame_clock_config *cfg);

/* Disabled, registers and counters zero, interrupt low; no deadline is traced. */
void frame_clock_reset(struct frame_clock *fc);

/* The device's entry for the guests' device tree. */
void frame_clock_describe(const struct frame_clock *fc, const char *compatible,
			  struct device_info *info);

/* When frame n starts. */
uint64_t frame_clock_start_of(const struct frame_clock *fc, uint64_t n);

/* The frame whose outcome is still open, if any. */
bool frame_clock_open_frame(const struct frame_clock *fc, uint64_t *n);

/* The open frame is done at now_ns: met if that is no later than its deadline. */
void frame_clock_complete(struct frame_clock *fc, uint64_t now_ns);

/* Refuses a programming: FC_IRQ_ERROR, FC_ERROR = code, noted once per code. */
void frame_clock_error(struct frame_clock *fc, unsigned cpu, uint32_t code);

/* Sets device events (FC_IRQ_DEVICE) in FC_IRQ_STATUS. */
void frame_clock_raise(struct frame_clock *fc, uint32_t bits);

/* A write to the LO or HI register of a 64-bit register pair. */
static inline void frame_clock_set_half(uint64_t *reg, bool high, uint32_t value)
{
	unsigned shift = high ? 32 : 0;

	*reg = (*reg & ~(0xffffffffull << shift)) | (uint64_t)value << shift;
}

#endif /* __ASSEMBLER__ */

#endif
