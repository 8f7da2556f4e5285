/*
 * frame_test.h - what test_modem.c and test_display.c share, for testing a
 * real-time peripheral (devices/frame_clock.h) from the host:
 *
 *   - a machine (machine_fixture.h) at EL1 without EL2, with device
 *     parameters ("modem.period_us=500"), and optionally a program from
 *     tests/unit/progs loaded and started at EL1;
 *   - 32-bit register accesses through the device's window, made as core 0
 *     makes them (machine_fixture.h: the core's clock is their time);
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

#include "frame_clock.h"
#include "machine.h"
#include "machine_fixture.h"
#include "platform.h"

#define NEVER           EVENT_NEVER     /* done_ns of a frame never completed */
#define US              1000ull
#define MS              1000000ull
#define FT_MAX_TRACES   256
#define FT_MAX_EDGES    256
#define FT_MAX_INSNS    200000000

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

/* machine_init's status and error for these parameters (for bad ones). */
static int init_status(const char *const *params, const char **error)
{
	struct machine_config cfg = fixture_config(1, params);

	cfg.max_insns = FT_MAX_INSNS;
	return fixture_try_init(&cfg, error);
}

/*
 * A machine (EL1, no EL2) with those parameters; with
 * UNIT_PROGS_DIR/prog.elf loaded and core 0 reset at its entry, or core 0
 * left off if prog is NULL. Lines are recorded, not delivered, unless
 * routed.
 */
static void boot(const char *prog, const char *const *params)
{
	const char *error;

	ntraces = nedges = routed_intid = 0;
	memset(lines, 0, sizeof(lines));
	ck_assert_msg(init_status(params, &error) == 0, "machine_init: %s", error);
	m->irq = on_irq;
	if (prog)
		fixture_load_prog(prog, 0);
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

/* 32-bit accesses as core 0 makes them (LO/HI pairs: dev_read64, dev_write64). */
static uint32_t rd(uint64_t base, uint64_t offset)
{
	return (uint32_t)dev_read(base, offset, 4);
}

static void wr(uint64_t base, uint64_t offset, uint32_t value)
{
	dev_write(base, offset, 4, value);
}

#endif
