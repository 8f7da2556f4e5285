/*
 * frame_test.h - what test_modem.c and test_display.c share, for testing a
 * real-time peripheral (devices/frame_clock.h) from the host:
 *
 *   - a machine built as `phonesim run` builds it, with device parameters
 *     ("modem.period_us=500"), and optionally a program from
 *     tests/unit/progs loaded and started at EL1;
 *   - 32-bit register accesses through the device's window, made as core 0
 *     makes them (the same callbacks, the core's clock as their time);
 *   - simulated time moved by the test: run_to(t) fires what is due before
 *     t and puts core 0's clock at t, so an access then is made at t and
 *     before the events of t, as in machine_run, where events fire once
 *     every core has reached them; run_through(t) fires those too, and
 *     fire(t) only fires them, wherever the core's clock is;
 *   - every deadline the devices trace (machine_trace_deadline is wrapped
 *     at link time: -Wl,--wrap=machine_trace_deadline) and every change of
 *     an interrupt line, with the time it happened, recorded; a line can be
 *     routed to core 0's IRQ input, standing in for the interrupt
 *     controller so that a program can wait for it with WFI.
 *
 * Included by exactly one file of each test program (it defines the
 * wrapper). Not a test itself.
 */
#ifndef PHONESIM_TESTS_UNIT_FRAME_TEST_H
#define PHONESIM_TESTS_UNIT_FRAME_TEST_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "frame_clock.h"
#include "machine.h"
#include "platform.h"
#include "progs/report.h"

#define NEVER           EVENT_NEVER     /* done_ns of a frame never completed */
#define US              1000ull
#define MS              1000000ull
#define FT_MAX_TRACES   256
#define FT_MAX_EDGES    256

static struct machine *m;

/* ------------------------------------------------------- recordings */

struct traced {
	const char *source;
	uint64_t frame, release, deadline, done;
	bool missed;
};

static struct traced traces[FT_MAX_TRACES];
static unsigned ntraces;

void __real_machine_trace_deadline(struct machine *m, const char *source, uint64_t frame,
				   uint64_t release_ns, uint64_t deadline_ns, uint64_t done_ns,
				   bool missed);

void __wrap_machine_trace_deadline(struct machine *mach, const char *source, uint64_t frame,
				   uint64_t release_ns, uint64_t deadline_ns, uint64_t done_ns,
				   bool missed)
{
	ck_assert_uint_lt(ntraces, FT_MAX_TRACES);
	traces[ntraces++] = (struct traced){ source, frame, release_ns, deadline_ns, done_ns, missed };
	__real_machine_trace_deadline(mach, source, frame, release_ns, deadline_ns, done_ns, missed);
}

/* Trace i is frame `frame` of source, with those times and outcome. */
static void expect_trace(unsigned i, const char *source, uint64_t frame, uint64_t release,
			 uint64_t deadline, uint64_t done, bool missed)
{
	const struct traced *t = &traces[i];

	ck_assert_msg(i < ntraces, "trace %u: only %u deadlines traced", i, ntraces);
	ck_assert_str_eq(t->source, source);
	ck_assert_msg(t->frame == frame && t->release == release && t->deadline == deadline &&
		      t->done == done && t->missed == missed,
		      "trace %u: frame %llu release %llu deadline %llu done %llu missed %d; "
		      "expected frame %llu release %llu deadline %llu done %llu missed %d", i,
		      (unsigned long long)t->frame, (unsigned long long)t->release,
		      (unsigned long long)t->deadline, (unsigned long long)t->done, t->missed,
		      (unsigned long long)frame, (unsigned long long)release,
		      (unsigned long long)deadline, (unsigned long long)done, missed);
}

/* A change of an interrupt line, and when (the machine's time then). */
struct edge {
	unsigned intid;
	bool level;
	uint64_t ns;
};

static struct edge edges[FT_MAX_EDGES];
static unsigned nedges;
static bool lines[PLAT_INTID_SPI(PLAT_NR_SPIS)];
static unsigned routed_intid;           /* to core 0's IRQ input; 0: none */

static void on_irq(void *opaque, unsigned cpu, unsigned intid, bool level)
{
	(void)opaque, (void)cpu;
	ck_assert_uint_lt(intid, PLAT_INTID_SPI(PLAT_NR_SPIS));
	ck_assert_msg(lines[intid] != level, "INTID %u driven to %d twice", intid, level);
	lines[intid] = level;
	if (nedges < FT_MAX_EDGES)
		edges[nedges++] = (struct edge){ intid, level, m->now_ns };
	if (intid == routed_intid)
		core_set_lines(&m->core[0], level ? CORE_LINE_IRQ : 0);
}

/* ------------------------------------------------------------ set-up */

static void teardown(void)
{
	if (m) {
		machine_destroy(m);
		free(m);
		m = NULL;
	}
}

static struct machine_config config(const char *const *params)
{
	struct machine_config cfg = {
		.ncores = 1, .ram_size = 64ull << 20, .start_el = 1,
		.max_insns = 200000000, .quantum_ns = 1000, .freq_hz = 1000000000ull,
		.counter_hz = PLAT_COUNTER_HZ_DEFAULT, .cmdline = "", .console = stdout,
	};

	for (; params && params[cfg.nparams]; cfg.nparams++)
		cfg.params[cfg.nparams] = params[cfg.nparams];
	return cfg;
}

/* machine_init's status and error for these parameters (for bad ones). */
static int init_status(const char *const *params, const char **error)
{
	struct machine_config cfg = config(params);

	m = calloc(1, sizeof(*m));
	ck_assert_ptr_nonnull(m);
	return machine_init(m, &cfg, error);
}

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	ck_assert(mem_write(ctx, pa, src, len));
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

/*
 * A machine (EL1, no EL2, 64 MiB of RAM, 1 GHz core) with those
 * parameters; with UNIT_PROGS_DIR/prog.elf loaded and core 0 reset at its
 * entry, or core 0 left off if prog is NULL. Lines are recorded, not
 * delivered, unless routed.
 */
static void boot(const char *prog, const char *const *params)
{
	const char *error;

	ntraces = nedges = routed_intid = 0;
	memset(lines, 0, sizeof(lines));
	ck_assert_msg(init_status(params, &error) == 0, "machine_init: %s", error);
	m->irq = on_irq;
	if (prog) {
		struct elf_ram ram = { PLAT_RAM_BASE, m->cfg.ram_size };
		struct elf_image img;
		char path[512], msg[256];

		snprintf(path, sizeof(path), "%s/%s.elf", UNIT_PROGS_DIR, prog);
		ck_assert_msg(elf_read(path, &ram, 1, &img, msg, sizeof(msg)) == 0, "%s", msg);
		elf_load(&img, ram_write, ram_zero, &m->mem);
		core_reset(&m->core[0], 1, img.entry);
		elf_free(&img);
	}
}

/* machine_run to the program's exit, which must be 0 (it passed its own checks). */
static void run_to_exit(void)
{
	ck_assert_int_eq(machine_run(m), 0);
	ck_assert(m->finished);
}

/* ------------------------------------------------------------- time */

/* Fires the events due at or before t, each at its time; clocks stay. */
static void fire(uint64_t t)
{
	while (event_next(&m->events) <= t) {
		m->now_ns = event_next(&m->events);
		event_run_due(&m->events, m->now_ns);
	}
}

/* Fires the events before t; core 0's clock is then t. */
static void run_to(uint64_t t)
{
	struct core *c = &m->core[0];

	ck_assert_uint_ge(t, core_ns(c));
	if (t)
		fire(t - 1);
	c->cycles = core_cycles_at(c, t);
	ck_assert_uint_eq(core_ns(c), t);
}

/* run_to(t), then the events due at t. */
static void run_through(uint64_t t)
{
	run_to(t);
	fire(t);
}

/* -------------------------------------------------------- registers */

static const struct mmio_window *window_at(uint64_t base)
{
	for (unsigned i = 0; i < m->mem.nwindows; i++)
		if (m->mem.window[i].base == base)
			return &m->mem.window[i];
	ck_abort_msg("no device window at 0x%llx", (unsigned long long)base);
	return NULL;
}

/* An access of size bytes as core 0 makes it. */
static uint64_t mmio_read(uint64_t base, uint64_t offset, unsigned size)
{
	const struct mmio_window *w = window_at(base);

	return w->ops->read(w->opaque, 0, offset, size);
}

static void mmio_write(uint64_t base, uint64_t offset, unsigned size, uint64_t value)
{
	const struct mmio_window *w = window_at(base);

	w->ops->write(w->opaque, 0, offset, size, value);
}

static uint32_t rd(uint64_t base, uint64_t offset)
{
	return (uint32_t)mmio_read(base, offset, 4);
}

static void wr(uint64_t base, uint64_t offset, uint32_t value)
{
	mmio_write(base, offset, 4, value);
}

/* A 64-bit register pair, LO then HI, as a 64-bit store arrives. */
static void wr64(uint64_t base, uint64_t offset, uint64_t value)
{
	wr(base, offset, (uint32_t)value);
	wr(base, offset + 4, (uint32_t)(value >> 32));
}

static uint64_t rd64(uint64_t base, uint64_t offset)
{
	return rd(base, offset) | (uint64_t)rd(base, offset + 4) << 32;
}

/* ------------------------------------------ the programs' report area */

static uint64_t report_value(unsigned slot)
{
	uint64_t v;

	ck_assert(mem_read(&m->mem, REPORT_BASE + REPORT_VALUE + 8 * slot, &v, sizeof(v)));
	return v;
}

#endif
