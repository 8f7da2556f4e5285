/*
 * test_timer.c - unit tests for the ARM generic timer (devices/generic_timer.c)
 * as a core sees it and as the machine drives its outputs (sim/machine.c).
 * Section references are to ARM DDI 0487, chapter D11, and the register
 * descriptions of CNTFRQ_EL0, CNTPCT_EL0, CNTVCT_EL0, CNTVOFF_EL2,
 * CNTx_CTL/CVAL/TVAL, CNTKCTL_EL1 and CNTHCTL_EL2.
 *
 *  - counter: CNTFRQ_EL0, and CNTPCT_EL0 / CNTVCT_EL0 read by code, which
 *    must equal floor(t * CNTFRQ / 1 GHz) (less CNTVOFF_EL2) where t is the
 *    simulated time of the reading instruction. The core clock is 1 GHz and
 *    every instruction takes one cycle, so the instruction that has i
 *    instructions retired before it executes at t = i ns. The program ends
 *    with SYS_EXIT right after its reads, so the core's final instruction
 *    count tells the host each read's i.
 *  - registers: CTL/CVAL/TVAL of the three timers through their handlers,
 *    called by the host with the core's clock set to chosen cycles, so
 *    that every edge can be placed on the exact nanosecond.
 *  - outputs: the interrupt lines (gtimer.output), which must change when
 *    the count reaches CVAL, on the first nanosecond of that count, while
 *    machine_run runs, and at once when a register write changes them.
 *  - access: traps by CNTKCTL_EL1 (to EL1) and CNTHCTL_EL2 (to EL2) with
 *    their syndromes, UNDEFINED accesses (EC 0x00).
 *
 * The programs are in tests/unit/progs/ (report.h: how they report).
 */
#include "core.h"
#include "generic_timer.h"
#include "machine.h"
#include "machine_fixture.h"
#include "platform.h"
#include "sysreg.h"
#include "progs/report.h"

#include <check.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORE_HZ		1000000000ull	/* one cycle is one nanosecond */
#define COUNTER_HZ	19200000ull	/* CNTFRQ_EL0 (PLAT_COUNTER_HZ_DEFAULT) */
#define MAX_INSNS	20000000

/* ------------------------------------------- time, counts, registers */

/* The count at a nanosecond: floor(ns * CNTFRQ / 1 GHz). */
static uint64_t count_at(uint64_t ns)
{
	return (uint64_t)((unsigned __int128)ns * COUNTER_HZ / CORE_HZ);
}

/* The first nanosecond at which the count is count. */
static uint64_t first_ns(uint64_t count)
{
	return (uint64_t)(((unsigned __int128)count * CORE_HZ + COUNTER_HZ - 1) / COUNTER_HZ);
}

/* The timer registers, by op0, op1, CRn, CRm, op2 (the MRS/MSR encoding). */
struct reg {
	const char *name;
	unsigned op0, op1, crn, crm, op2;
};

static const struct reg CNTFRQ = { "CNTFRQ_EL0", 3, 3, 14, 0, 0 };
static const struct reg CNTPCT = { "CNTPCT_EL0", 3, 3, 14, 0, 1 };
static const struct reg CNTVCT = { "CNTVCT_EL0", 3, 3, 14, 0, 2 };
static const struct reg CNTVOFF = { "CNTVOFF_EL2", 3, 4, 14, 0, 3 };
static const struct reg CNTP_TVAL = { "CNTP_TVAL_EL0", 3, 3, 14, 2, 0 };
static const struct reg CNTP_CTL = { "CNTP_CTL_EL0", 3, 3, 14, 2, 1 };
static const struct reg CNTP_CVAL = { "CNTP_CVAL_EL0", 3, 3, 14, 2, 2 };
static const struct reg CNTV_TVAL = { "CNTV_TVAL_EL0", 3, 3, 14, 3, 0 };
static const struct reg CNTV_CTL = { "CNTV_CTL_EL0", 3, 3, 14, 3, 1 };
static const struct reg CNTV_CVAL = { "CNTV_CVAL_EL0", 3, 3, 14, 3, 2 };
static const struct reg CNTHP_TVAL = { "CNTHP_TVAL_EL2", 3, 4, 14, 2, 0 };
static const struct reg CNTHP_CTL = { "CNTHP_CTL_EL2", 3, 4, 14, 2, 1 };
static const struct reg CNTHP_CVAL = { "CNTHP_CVAL_EL2", 3, 4, 14, 2, 2 };

/* CNTx_CTL bits. */
#define CTL_ENABLE	1u
#define CTL_IMASK	2u
#define CTL_ISTATUS	4u

/* The three timers of a core and the PPIs their outputs drive (QEMU virt's). */
struct timer {
	const char *name;
	const struct reg *ctl, *cval, *tval;
	unsigned ppi;
	bool virt;              /* counts CNTVCT_EL0, i.e. less CNTVOFF_EL2 */
};

static const struct timer timers[] = {
	{ "virtual", &CNTV_CTL, &CNTV_CVAL, &CNTV_TVAL, 27, true },
	{ "EL1 physical", &CNTP_CTL, &CNTP_CVAL, &CNTP_TVAL, 30, false },
	{ "EL2 physical", &CNTHP_CTL, &CNTHP_CVAL, &CNTHP_TVAL, 26, false },
};
#define NTIMERS		(sizeof(timers) / sizeof(timers[0]))

/* --------------------------------------------------------- machine */

/*
 * The fixture's machine (machine_fixture.h) in functional timing at 1 GHz,
 * with UNIT_PROGS_DIR/name.elf loaded and core 0 reset at start_el at its
 * entry point.
 */
static struct core *boot(const char *name, unsigned start_el)
{
	struct machine_config cfg = fixture_config(start_el, NULL);

	cfg.max_insns = MAX_INSNS;
	cfg.freq_hz = CORE_HZ;
	cfg.timing = TIMING_FUNCTIONAL;         /* one cycle an instruction */
	return fixture_boot(&cfg, name, 0);
}

static void teardown(void)
{
	fixture_destroy();
}

static void report_set(unsigned offset, uint64_t v)
{
	ck_assert(mem_write(&m->mem, REPORT_BASE + offset, &v, sizeof(v)));
}

/* ------------------------------------------------- host accesses */

static uint32_t enc(const struct reg *r)
{
	return SYSREG_ENC(r->op0, r->op1, r->crn, r->crm, r->op2);
}

/* The timer's handler for r, which EL2 (as the host acts) may use. */
static const struct sysreg_handler *handler(const struct reg *r, bool read)
{
	const struct sysreg_handler *h = sysreg_find_handler(&m->sysreg_handlers, enc(r));

	ck_assert_msg(h != NULL, "no handler for %s", r->name);
	ck_assert_msg(!h->trap || h->trap(h->opaque, 0, 2, read) < 0, "%s traps at EL2", r->name);
	return h;
}

static uint64_t host_read(const struct reg *r)
{
	const struct sysreg_handler *h = handler(r, true);
	uint64_t v;

	ck_assert_msg(h->read && h->read(h->opaque, 0, 2, &v), "%s: read refused", r->name);
	return v;
}

static void host_write(const struct reg *r, uint64_t v)
{
	const struct sysreg_handler *h = handler(r, false);

	ck_assert_msg(h->write && h->write(h->opaque, 0, 2, v), "%s: write refused", r->name);
}

/* Puts core 0's clock (and so its count) at ns; the core is not run. */
static void at_ns(uint64_t ns)
{
	m->core[0].cycles = ns;
}

/* ----------------------------------------------------------- counter */

/*
 * timer-count.S: parameters in VALUE[3..5] (loop iterations, CNTVOFF_EL2,
 * NOPs), results in VALUE[0..5]; the reads are instructions E - 109, E - 3
 * and E - 2 where E is the instruction count at the exit.
 */
struct count_run {
	uint64_t e;                     /* instructions retired at the exit */
	uint64_t frq_el2, frq_el1, voff;
	uint64_t early_pct, pct, vct;
};

static struct count_run run_count(uint64_t loops, uint64_t voff, uint64_t nops)
{
	struct core *c = boot("timer-count", 2);
	struct count_run r;

	report_set(REPORT_VALUE + 8 * 3, loops);
	report_set(REPORT_VALUE + 8 * 4, voff);
	report_set(REPORT_VALUE + 8 * 5, nops);
	run_to_exit();
	ck_assert_uint_eq(report(REPORT_COUNT), 0);
	r = (struct count_run){
		.e = c->icount, .frq_el2 = report_value(0), .frq_el1 = report_value(1),
		.pct = report_value(2), .vct = report_value(3), .early_pct = report_value(4), .voff = report_value(5),
	};
	teardown();
	return r;
}

START_TEST(test_frequency)
{
	struct count_run r = run_count(0, 0, 0);

	ck_assert_uint_eq(r.frq_el2, COUNTER_HZ);
	ck_assert_uint_eq(r.frq_el1, COUNTER_HZ);
}
END_TEST

/*
 * After 2 million instructions (2 ms, so that a rounded frequency, e.g.
 * 52 ns a count, would show): CNTPCT_EL0 at instruction E - 3 and
 * CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 at E - 2, with a CNTVOFF_EL2
 * (set at EL2, read at EL1) larger than the count, so the difference
 * wraps (it is modulo 2^64). The same run again gives the same values.
 */
START_TEST(test_count_exact)
{
	const uint64_t voff = 0x0123456789abcdefull;
	struct count_run a = run_count(1000000, voff, 0), b;

	ck_assert_uint_gt(a.e, 2000000);
	ck_assert_uint_eq(a.voff, voff);
	ck_assert_uint_eq(a.pct, count_at(a.e - 3));
	ck_assert_uint_eq(a.vct, count_at(a.e - 2) - voff);

	b = run_count(1000000, voff, 0);
	ck_assert_uint_eq(b.e, a.e);
	ck_assert_uint_eq(b.pct, a.pct);
	ck_assert_uint_eq(b.vct, a.vct);
	ck_assert_uint_eq(b.early_pct, a.early_pct);
}
END_TEST

/*
 * The CNTPCT_EL0 read placed on the last nanosecond of count c - 1, then on
 * the first of count c: it reads c - 1, then c. A first run without NOPs
 * gives E0; with n NOPs the exit is at E0 + n (checked), so the read is
 * instruction E0 + n - 3, and the CNTVCT_EL0 read one later.
 * A read that saw its block's end instead (4 ns late here) would return c
 * on the last nanosecond of c - 1.
 */
START_TEST(test_count_tick_boundary)
{
	const uint64_t voff = 1000;
	uint64_t e0 = run_count(0, voff, 0).e, c = count_at(e0 - 3) + 2;

	for (uint64_t at = first_ns(c) - 1; at <= first_ns(c); at++) {
		uint64_t nops = at - (e0 - 3), want = at < first_ns(c) ? c - 1 : c;
		struct count_run r = run_count(0, voff, nops);

		ck_assert_uint_eq(r.e, e0 + nops);
		ck_assert_msg(r.pct == want, "CNTPCT_EL0 read at %llu ns: %llu, expected %llu",
			      (unsigned long long)at, (unsigned long long)r.pct,
			      (unsigned long long)want);
		ck_assert_uint_eq(r.vct, count_at(at + 1) - voff);
	}
}
END_TEST

/*
 * Two CNTPCT_EL0 reads 106 instructions apart (E - 109 and E - 3), which
 * the engine may well run as one block: each read sees its own time.
 * The core adds a whole block's instructions to its clock when the block
 * starts (core.c, on_block); a read that took that clock (not core_ns_now)
 * would see the block's end: both reads the same count, 2 more than the
 * first should be.
 */
START_TEST(test_count_within_a_block)
{
	struct count_run r = run_count(0, 0, 0);

	ck_assert_uint_eq(r.early_pct, count_at(r.e - 109));
	ck_assert_uint_eq(r.pct, count_at(r.e - 3));
}
END_TEST

/* --------------------------------------------------------- registers */

/*
 * With the core's clock set by the host, for each timer: ISTATUS is 0 on
 * the last nanosecond before the count reaches CVAL and 1 from the first
 * nanosecond of that count; and 0 again once CVAL is moved past the count
 * (the condition is a level, D11.2.4). The virtual timer counts
 * CNTPCT_EL0 - CNTVOFF_EL2, so its edge is CNTVOFF_EL2 counts later.
 */
START_TEST(test_istatus_from_compare_value)
{
	const uint64_t voff = 12345, cval = 50000;

	boot("timer-spin", 2);
	host_write(&CNTVOFF, voff);
	for (unsigned i = 0; i < NTIMERS; i++) {
		const struct timer *t = &timers[i];
		uint64_t edge = first_ns(cval + (t->virt ? voff : 0));

		at_ns(edge - 1);
		host_write(t->cval, cval);
		host_write(t->ctl, CTL_ENABLE);
		ck_assert_uint_eq(host_read(&CNTPCT), count_at(edge) - 1);
		ck_assert_msg(host_read(t->ctl) == CTL_ENABLE, "%s: ISTATUS set a count early", t->name);
		at_ns(edge);
		ck_assert_msg(host_read(t->ctl) == (CTL_ENABLE | CTL_ISTATUS),
			      "%s: ISTATUS clear at CVAL", t->name);
		at_ns(edge + 1000000);
		ck_assert_uint_eq(host_read(t->ctl), CTL_ENABLE | CTL_ISTATUS);
		host_write(t->cval, cval + 1000000);
		ck_assert_msg(host_read(t->ctl) == CTL_ENABLE, "%s: ISTATUS kept after CVAL moved on",
			      t->name);
		host_write(t->ctl, 0);
	}
}
END_TEST

/*
 * With the condition met: IMASK does not affect ISTATUS; a disabled timer
 * reads ISTATUS 0 (the ARM ARM makes it UNKNOWN; phonesim, like QEMU,
 * gives 0); ISTATUS is read-only (writing 1 does not set it) and the
 * other bits of CTL are RES0.
 */
START_TEST(test_istatus_enable_imask)
{
	boot("timer-spin", 2);
	at_ns(1000000);
	for (unsigned i = 0; i < NTIMERS; i++) {
		const struct timer *t = &timers[i];

		host_write(t->cval, 0);
		host_write(t->ctl, CTL_ENABLE | CTL_IMASK);
		ck_assert_msg(host_read(t->ctl) == (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS),
			      "%s: IMASK hides ISTATUS", t->name);
		host_write(t->ctl, CTL_IMASK);
		ck_assert_uint_eq(host_read(t->ctl), CTL_IMASK);
		host_write(t->ctl, 0);
		ck_assert_uint_eq(host_read(t->ctl), 0);
		host_write(t->ctl, UINT64_MAX);
		ck_assert_uint_eq(host_read(t->ctl), CTL_ENABLE | CTL_IMASK | CTL_ISTATUS);

		host_write(t->cval, UINT64_MAX);
		host_write(t->ctl, CTL_ENABLE | CTL_ISTATUS);
		ck_assert_uint_eq(host_read(t->ctl), CTL_ENABLE);
		host_write(t->ctl, 0);
	}
}
END_TEST

/* The count a timer compares with CVAL, at the core's current clock. */
static uint64_t timer_count(const struct timer *t, uint64_t voff)
{
	return count_at(m->core[0].cycles) - (t->virt ? voff : 0);
}

/*
 * TVAL reads (CVAL - count)[31:0], zero-extended (bits 63:32 are RES0):
 * for CVAL = count + 2^32 + 16, count - 5 and count + 2^31 - 1. Read with
 * the timer enabled (disabled, the value is UNKNOWN).
 */
START_TEST(test_tval_read)
{
	const uint64_t voff = 777;

	boot("timer-spin", 2);
	host_write(&CNTVOFF, voff);
	at_ns(first_ns(1000000) + 20);
	for (unsigned i = 0; i < NTIMERS; i++) {
		const struct timer *t = &timers[i];
		uint64_t count = timer_count(t, voff);

		host_write(t->ctl, CTL_ENABLE | CTL_IMASK);
		host_write(t->cval, count + (1ull << 32) + 16);
		ck_assert_msg(host_read(t->tval) == 16, "%s: TVAL 0x%llx", t->name,
			      (unsigned long long)host_read(t->tval));
		host_write(t->cval, count - 5);
		ck_assert_msg(host_read(t->tval) == 0xfffffffbull, "%s: TVAL 0x%llx", t->name,
			      (unsigned long long)host_read(t->tval));
		host_write(t->cval, count + 0x7fffffffull);
		ck_assert_uint_eq(host_read(t->tval), 0x7fffffffull);
		host_write(t->ctl, 0);
	}
}
END_TEST

/*
 * A TVAL write sets CVAL = count + SignExtend(value[31:0]), bits 63:32 of
 * the written value ignored: -100 (with garbage above bit 31) gives a CVAL
 * in the past, so ISTATUS is set at once; +100 one in the future;
 * 0x80000000 is -2^31, modulo 2^64.
 */
START_TEST(test_tval_write)
{
	const uint64_t voff = 777;

	boot("timer-spin", 2);
	host_write(&CNTVOFF, voff);
	at_ns(first_ns(1000000) + 20);
	for (unsigned i = 0; i < NTIMERS; i++) {
		const struct timer *t = &timers[i];
		uint64_t count = timer_count(t, voff);

		host_write(t->ctl, CTL_ENABLE);
		host_write(t->tval, 0xdeadbeefffffff9cull);     /* -100 */
		ck_assert_msg(host_read(t->cval) == count - 100, "%s: CVAL 0x%llx, count 0x%llx",
			      t->name, (unsigned long long)host_read(t->cval),
			      (unsigned long long)count);
		ck_assert_uint_eq(host_read(t->ctl), CTL_ENABLE | CTL_ISTATUS);
		ck_assert_uint_eq(host_read(t->tval), (uint32_t)-100);

		host_write(t->tval, 100);
		ck_assert_uint_eq(host_read(t->cval), count + 100);
		ck_assert_uint_eq(host_read(t->ctl), CTL_ENABLE);

		host_write(t->tval, 0x80000000ull);
		ck_assert_uint_eq(host_read(t->cval), count - 0x80000000ull);
		host_write(t->ctl, 0);
	}
}
END_TEST

/* ----------------------------------------------------------- outputs */

/* Every call of gtimer.output, with the times it came at. */
struct edge {
	unsigned cpu, intid;
	bool level;
	uint64_t now_ns;                /* the machine's time */
	uint64_t cycles;                /* the core's clock (1 GHz: its ns) */
};

#define MAX_EDGES	32
#define NO_STOP		UINT_MAX

static struct edge edges[MAX_EDGES];
static unsigned nedges;
static unsigned stop_after;             /* machine_exit once this edge is seen */

static void record_output(void *opaque, unsigned cpu, unsigned intid, bool level)
{
	unsigned n = nedges;

	ck_assert_ptr_eq(opaque, edges);
	ck_assert_msg(n < MAX_EDGES, "too many output changes");
	edges[nedges++] = (struct edge){ cpu, intid, level, m->now_ns, m->core[cpu].cycles };
	if (n == stop_after)
		machine_exit(m, 0);
}

/* The timer's outputs go to record_output instead of the interrupt lines. */
static void watch_outputs(unsigned stop)
{
	nedges = 0;
	stop_after = stop;
	gtimer_of(m)->output = record_output;
	gtimer_of(m)->output_opaque = edges;
}

/* Edge n drove PPI intid to level. */
static void expect_edge(unsigned n, unsigned intid, bool level)
{
	ck_assert_msg(n < nedges, "output change %u missing (%u seen)", n, nedges);
	ck_assert_msg(edges[n].cpu == 0 && edges[n].intid == intid && edges[n].level == level,
		      "output change %u: cpu %u PPI %u level %d, expected PPI %u level %d",
		      n, edges[n].cpu, edges[n].intid, edges[n].level, intid, level);
}

/*
 * Edge n is a rising edge of PPI intid when the physical count reached at:
 * the machine's time is that count's first nanosecond, and the core's
 * count at the call is at, not one earlier (nor later).
 */
static void expect_rise_at(unsigned n, unsigned intid, uint64_t at)
{
	expect_edge(n, intid, true);
	ck_assert_msg(edges[n].now_ns == first_ns(at),
		      "PPI %u rose at %llu ns, expected %llu (count %llu)", intid,
		      (unsigned long long)edges[n].now_ns, (unsigned long long)first_ns(at),
		      (unsigned long long)at);
	ck_assert_msg(count_at(edges[n].cycles) == at,
		      "PPI %u rose with the core's count at %llu, expected %llu", intid,
		      (unsigned long long)count_at(edges[n].cycles), (unsigned long long)at);
}

/*
 * The host programs the three timers before the run (CVAL 1000, 1500,
 * 2000 counts; the virtual one with CNTVOFF_EL2 = 0); machine_run raises
 * each output on the first nanosecond of its count. Then host writes:
 * IMASK lowers an asserted output, clearing it raises it again, ENABLE = 0
 * lowers it; writes that change nothing drive nothing.
 */
START_TEST(test_output_at_compare_value)
{
	boot("timer-spin", 2);
	watch_outputs(NTIMERS - 1);
	for (unsigned i = 0; i < NTIMERS; i++) {
		host_write(timers[i].cval, 1000 + 500 * i);
		host_write(timers[i].ctl, CTL_ENABLE);
	}
	ck_assert_uint_eq(nedges, 0);
	run_to_exit();
	ck_assert_uint_eq(nedges, NTIMERS);
	for (unsigned i = 0; i < NTIMERS; i++)
		expect_rise_at(i, timers[i].ppi, 1000 + 500 * i);

	for (unsigned i = 0; i < NTIMERS; i++) {
		const struct timer *t = &timers[i];
		unsigned n = nedges;

		host_write(t->ctl, CTL_ENABLE | CTL_IMASK);
		expect_edge(n, t->ppi, false);
		host_write(t->ctl, CTL_ENABLE | CTL_IMASK);
		host_write(t->ctl, CTL_ENABLE);
		expect_edge(n + 1, t->ppi, true);
		host_write(t->ctl, CTL_ENABLE);
		host_write(t->ctl, 0);
		expect_edge(n + 2, t->ppi, false);
		host_write(t->ctl, 0);
		ck_assert_uint_eq(nedges, n + 3);
	}
}
END_TEST

/* The host acting as a device: an event that writes CNTVOFF_EL2. */
struct voff_change {
	struct event ev;
	uint64_t voff;
};

static void change_cntvoff(void *opaque, uint64_t now_ns)
{
	struct voff_change *v = opaque;

	(void)now_ns;
	host_write(&CNTVOFF, v->voff);
}

static void change_cntvoff_at(struct voff_change *v, uint64_t ns, uint64_t voff)
{
	*v = (struct voff_change){ .ev.slot = -1, .voff = voff };
	ck_assert_int_eq(event_schedule(&m->events, &v->ev, ns, change_cntvoff, v), 0);
}

/*
 * The virtual timer's deadline is in physical counts CVAL + CNTVOFF_EL2.
 * CVAL = 1000 with CNTVOFF_EL2 = 0; at physical count 600 CNTVOFF_EL2 =
 * 500: the output rises at physical count 1500, not 1000. A nanosecond
 * later, as a hypervisor might, CNTVOFF_EL2 = 1000: the virtual count falls
 * to 500, below CVAL, so the output falls at once and rises again at 2000.
 * (CNTVOFF_EL2 stays below the physical count: the virtual count is their
 * difference modulo 2^64, and a larger offset would make it huge.)
 */
START_TEST(test_output_cntvoff_moves_deadline)
{
	struct voff_change first, second;

	boot("timer-spin", 2);
	watch_outputs(2);
	host_write(&CNTV_CVAL, 1000);
	host_write(&CNTV_CTL, CTL_ENABLE);
	change_cntvoff_at(&first, first_ns(600), 500);
	change_cntvoff_at(&second, first_ns(1500) + 1, 1000);
	run_to_exit();
	ck_assert_uint_eq(nedges, 3);
	expect_rise_at(0, 27, 1500);
	expect_edge(1, 27, false);
	ck_assert_uint_eq(edges[1].now_ns, first_ns(1500) + 1);
	expect_rise_at(2, 27, 2000);
}
END_TEST

/*
 * timer-output.S programs the timers itself, polls ISTATUS, then masks,
 * unmasks and disables each. Each output must rise when the count reaches
 * the CVAL the program chose (reported in VALUE[0..2]), on that count's
 * first nanosecond (the polling loop is two instructions a block, so the
 * core's clock is at most one past), and follow IMASK and ENABLE. Last,
 * the virtual timer with EL2 moving CNTVOFF_EL2 from 0 to 500 after the
 * program enabled it (CVAL in VALUE[3]): it rises 500 counts later.
 *
 * The deadline events are scheduled while the core runs, inside a turn of
 * machine_run whose horizon was fixed before (1 ms ahead): the turn must
 * end at the deadline (event.h's earliest_changed), or the edge comes at
 * the turn's end, after the program has already masked the timer.
 */
START_TEST(test_output_from_program)
{
	static const struct { unsigned ppi, slot; } rise[] = {
		{ 27, 0 }, { 30, 1 }, { 26, 2 },
	};
	unsigned n;

	boot("timer-output", 2);
	watch_outputs(NO_STOP);
	run_to_exit();
	for (n = 0; n < 12; n += 4) {
		unsigned ppi = rise[n / 4].ppi;
		uint64_t cval = report_value(rise[n / 4].slot);

		expect_edge(n, ppi, true);
		ck_assert_msg(edges[n].now_ns == first_ns(cval),
			      "PPI %u rose at %llu ns, expected %llu (CVAL %llu)", ppi,
			      (unsigned long long)edges[n].now_ns,
			      (unsigned long long)first_ns(cval), (unsigned long long)cval);
		ck_assert_uint_eq(count_at(edges[n].cycles), cval);
		expect_edge(n + 1, ppi, false);         /* IMASK */
		expect_edge(n + 2, ppi, true);          /* IMASK cleared */
		expect_edge(n + 3, ppi, false);         /* ENABLE = 0 */
	}
	expect_edge(12, 27, true);
	ck_assert_uint_eq(edges[12].now_ns, first_ns(report_value(3) + 500));
	ck_assert_uint_eq(count_at(edges[12].cycles), report_value(3) + 500);
	expect_edge(13, 27, false);
	ck_assert_uint_eq(nedges, 14);
}
END_TEST

/* ------------------------------------------------------------ access */

/* An access in one of timer-access.S's sequences: register, Rt, direction. */
struct access {
	const struct reg *reg;
	unsigned rt;
	bool read;
};

static const struct access el0_seq[] = {
	{ &CNTFRQ, 5, true }, { &CNTPCT, 6, true }, { &CNTVCT, 7, true },
	{ &CNTP_CTL, 8, true }, { &CNTP_CVAL, 9, false }, { &CNTP_TVAL, 10, true },
	{ &CNTV_CTL, 11, true }, { &CNTV_CVAL, 12, false }, { &CNTV_TVAL, 31, false },
	{ &CNTV_CVAL, 13, true },
};

static const struct access el1_seq[] = {
	{ &CNTPCT, 5, true }, { &CNTP_CTL, 6, true }, { &CNTP_CVAL, 7, false },
	{ &CNTP_TVAL, 8, false }, { &CNTVCT, 9, true }, { &CNTV_CTL, 10, true },
	{ &CNTFRQ, 11, true },
};

static const struct access el1_undef_seq[] = {
	{ &CNTHP_CTL, 5, true }, { &CNTHP_CVAL, 6, false }, { &CNTHP_TVAL, 7, true },
	{ &CNTVOFF, 8, true }, { &CNTVOFF, 9, false }, { &CNTFRQ, 10, false },
	{ &CNTPCT, 11, false },
};

static const struct access el2_undef_seq[] = {
	{ &CNTFRQ, 5, false }, { &CNTPCT, 6, false },
};

/*
 * ESR_ELx for a trapped MSR/MRS (EC 0x18, IL = 1), ISS as the ESR_EL2
 * description lays it out: Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1: read).
 */
static uint64_t esr_sysreg(const struct access *a)
{
	const struct reg *r = a->reg;

	return 0x18u << 26 | 1u << 25 | r->op0 << 20 | r->op2 << 17 | r->op1 << 14 |
	       r->crn << 10 | a->rt << 5 | r->crm << 1 | (a->read ? 1u : 0u);
}

#define ESR_UNKNOWN	0x02000000u     /* EC 0x00, IL = 1, ISS 0 */
#define UNTOUCHED	0x5e5e5e5e5e5e5e5eull

/* Where each sequence is (VALUE[n]), and the levels the program uses. */
enum { SEQ_EL0, SEQ_EL1, SEQ_EL2_UNDEF, SEQ_EL1_UNDEF };

/*
 * The program has reached the end of phase `phase`, in which the
 * sequence seq (at VALUE[where], run from EL from_el) made exactly the
 * exceptions listed: accesses at[0..n), each taken to to_el with an EC
 * 0x18 syndrome, or EC 0x00 if undef. Clears the log and lets it go on.
 */
static void expect_phase(struct core *c, unsigned phase, const struct access *seq,
			 unsigned where, unsigned from_el, const unsigned *at, unsigned n,
			 unsigned to_el, bool undef)
{
	run_to_step(c, phase);
	ck_assert_msg(report(REPORT_COUNT) == n, "phase %u: %llu exceptions, expected %u",
		      phase, (unsigned long long)report(REPORT_COUNT), n);
	for (unsigned i = 0; i < n; i++) {
		const struct access *a = &seq[at[i]];
		unsigned e = REPORT_LOG + i * LOG_SIZE;
		uint64_t vector = to_el == from_el ? 0x200 : 0x400;
		uint64_t esr = undef ? ESR_UNKNOWN : esr_sysreg(a);
		uint64_t spsr_m = from_el << 2 | (from_el ? 1 : 0);

		ck_assert_msg(report(e + LOG_EL) == to_el << 2,
			      "phase %u, %s: taken to CurrentEL 0x%llx, expected EL%u", phase,
			      a->reg->name, (unsigned long long)report(e + LOG_EL), to_el);
		ck_assert_msg(report(e + LOG_VECTOR) == vector,
			      "phase %u, %s: vector 0x%llx, expected 0x%llx", phase, a->reg->name,
			      (unsigned long long)report(e + LOG_VECTOR), (unsigned long long)vector);
		ck_assert_msg(report(e + LOG_ESR) == esr,
			      "phase %u, %s (Rt %u, %s): ESR 0x%llx, expected 0x%llx", phase,
			      a->reg->name, a->rt, a->read ? "read" : "write",
			      (unsigned long long)report(e + LOG_ESR), (unsigned long long)esr);
		ck_assert_msg(report(e + LOG_ELR) == report_value(where) + 4 * at[i],
			      "phase %u, %s: ELR 0x%llx, expected 0x%llx", phase, a->reg->name,
			      (unsigned long long)report(e + LOG_ELR),
			      (unsigned long long)(report_value(where) + 4 * at[i]));
		ck_assert_uint_eq(report(e + LOG_SPSR) & 0xf, spsr_m);
	}
	report_set(REPORT_COUNT, 0);
	report_set(REPORT_GO, phase);
}

/* Lets the program through phases first..last without checking them. */
static void skip_phases(struct core *c, unsigned first, unsigned last)
{
	for (unsigned phase = first; phase <= last; phase++) {
		run_to_step(c, phase);
		report_set(REPORT_COUNT, 0);
		report_set(REPORT_GO, phase);
	}
}

#define AT(...)		(const unsigned[]){ __VA_ARGS__ }, \
			sizeof((const unsigned[]){ __VA_ARGS__ }) / sizeof(unsigned)
#define NONE		NULL, 0

/* A read of the counter that worked: a count the core has reached. */
static void expect_count_read(struct core *c, uint64_t v)
{
	ck_assert_uint_gt(v, 0);
	ck_assert_uint_le(v, count_at(c->cycles));
}

/*
 * MSR CNTFRQ_EL0 and CNTPCT_EL0 at EL2 are UNDEFINED: CNTFRQ_EL0 is
 * writable only at the highest EL, which is EL3 (the simulator's
 * firmware), and CNTPCT_EL0 is read-only. Likewise at EL1, where also
 * the EL2 timer and CNTVOFF_EL2 are UNDEFINED (phase 11).
 */
START_TEST(test_undefined)
{
	struct core *c = boot("timer-access", 2);

	expect_phase(c, 1, el2_undef_seq, SEQ_EL2_UNDEF, 2, AT(0, 1), 2, true);
	skip_phases(c, 2, 10);
	expect_phase(c, 11, el1_undef_seq, SEQ_EL1_UNDEF, 1, AT(0, 1, 2, 3, 4, 5, 6), 1, true);
}
END_TEST

/*
 * EL0, CNTHCTL_EL2 = EL1PCTEN | EL1PCEN. CNTKCTL_EL1 = 0: every access
 * traps to EL1 (CNTFRQ_EL0 too: it needs EL0PCTEN or EL0VCTEN), Rt
 * unchanged. EL0VCTEN | EL0VTEN: the physical counter and timer trap.
 * EL0PCTEN | EL0PTEN: the virtual ones. All four: nothing traps.
 */
START_TEST(test_el0_cntkctl)
{
	struct core *c = boot("timer-access", 2);

	skip_phases(c, 1, 1);
	expect_phase(c, 2, el0_seq, SEQ_EL0, 0, AT(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 1, false);
	ck_assert_uint_eq(report_value(4), UNTOUCHED);
	ck_assert_uint_eq(report_value(5), UNTOUCHED);
	expect_phase(c, 3, el0_seq, SEQ_EL0, 0, AT(1, 3, 4, 5), 1, false);
	ck_assert_uint_eq(report_value(4), COUNTER_HZ);
	expect_count_read(c, report_value(5));
	expect_phase(c, 4, el0_seq, SEQ_EL0, 0, AT(2, 6, 7, 8, 9), 1, false);
	ck_assert_uint_eq(report_value(4), COUNTER_HZ);
	ck_assert_uint_eq(report_value(5), UNTOUCHED);
	expect_phase(c, 5, el0_seq, SEQ_EL0, 0, NONE, 1, false);
	ck_assert_uint_eq(report_value(4), COUNTER_HZ);
	expect_count_read(c, report_value(5));
}
END_TEST

/*
 * CNTHCTL_EL2 = 0: EL0's physical counter and timer accesses, enabled by
 * CNTKCTL_EL1, trap to EL2 (phase 6). With CNTKCTL_EL1 = 0 as well, every
 * EL0 access traps to EL1: the EL1 trap comes first (phase 12).
 */
START_TEST(test_el0_cnthctl)
{
	struct core *c = boot("timer-access", 2);

	skip_phases(c, 1, 5);
	expect_phase(c, 6, el0_seq, SEQ_EL0, 0, AT(1, 3, 4, 5), 2, false);
	ck_assert_uint_eq(report_value(4), COUNTER_HZ);
	expect_count_read(c, report_value(5));
	skip_phases(c, 7, 11);
	expect_phase(c, 12, el0_seq, SEQ_EL0, 0, AT(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 1, false);
	run_to_exit();
}
END_TEST

/*
 * EL1: CNTHCTL_EL2 = 0: CNTPCT_EL0 and the CNTP_* registers trap to EL2,
 * the virtual counter and timer and CNTFRQ_EL0 do not. EL1PCTEN alone:
 * only the timer traps; EL1PCEN alone: only the counter; both: nothing.
 */
START_TEST(test_el1_cnthctl)
{
	struct core *c = boot("timer-access", 2);

	skip_phases(c, 1, 6);
	expect_phase(c, 7, el1_seq, SEQ_EL1, 1, AT(0, 1, 2, 3), 2, false);
	ck_assert_uint_eq(report_value(4), UNTOUCHED);
	expect_count_read(c, report_value(5));
	expect_phase(c, 8, el1_seq, SEQ_EL1, 1, AT(1, 2, 3), 2, false);
	expect_count_read(c, report_value(4));
	expect_phase(c, 9, el1_seq, SEQ_EL1, 1, AT(0), 2, false);
	ck_assert_uint_eq(report_value(4), UNTOUCHED);
	expect_phase(c, 10, el1_seq, SEQ_EL1, 1, NONE, 2, false);
	expect_count_read(c, report_value(4));
	expect_count_read(c, report_value(5));
}
END_TEST

static Suite *timer_suite(void)
{
	Suite *s = suite_create("generic_timer");
	TCase *counter = tcase_create("counter");
	TCase *regs = tcase_create("registers");
	TCase *out = tcase_create("outputs");
	TCase *access = tcase_create("access");

	tcase_add_checked_fixture(counter, NULL, teardown);
	tcase_add_test(counter, test_frequency);
	tcase_add_test(counter, test_count_exact);
	tcase_add_test(counter, test_count_tick_boundary);
	tcase_add_test(counter, test_count_within_a_block);
	suite_add_tcase(s, counter);

	tcase_add_checked_fixture(regs, NULL, teardown);
	tcase_add_test(regs, test_istatus_from_compare_value);
	tcase_add_test(regs, test_istatus_enable_imask);
	tcase_add_test(regs, test_tval_read);
	tcase_add_test(regs, test_tval_write);
	suite_add_tcase(s, regs);

	tcase_add_checked_fixture(out, NULL, teardown);
	tcase_add_test(out, test_output_at_compare_value);
	tcase_add_test(out, test_output_cntvoff_moves_deadline);
	tcase_add_test(out, test_output_from_program);
	suite_add_tcase(s, out);

	tcase_add_checked_fixture(access, NULL, teardown);
	tcase_add_test(access, test_undefined);
	tcase_add_test(access, test_el0_cntkctl);
	tcase_add_test(access, test_el0_cnthctl);
	tcase_add_test(access, test_el1_cnthctl);
	suite_add_tcase(s, access);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(timer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
