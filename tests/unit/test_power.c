/*
 * test_power.c - unit tests for the power controller (devices/power.c):
 * its registers and their misuse, DVFS (an operating point's frequency
 * becomes the cores' clock), the energy model against the formula of
 * docs/power.md, and its parameters.
 *
 * Machines are built as `phonesim run` builds them (core clock 1 GHz, in
 * functional timing: one instruction a cycle), with tests/unit/progs/
 * power-*.S loaded. Registers are reached as a core reaches them, through
 * the device's window (the test calls its callbacks as the engine would).
 * Expected energies are worked out in the tests from the formula and the
 * documented defaults, not taken from the device.
 */
#include "core.h"
#include "machine.h"
#include "machine_fixture.h"
#include "platform.h"
#include "power.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

extern const struct device_type power_device;

/*
 * The configuration of a machine with ncores cores of SoC preset soc (their
 * clocks), or of the default preset at 1 GHz when soc is NULL, and device
 * parameters (NULL-terminated).
 */
static struct machine_config config(unsigned ncores, const char *soc, const char *const *params)
{
	struct machine_config cfg = fixture_config(2, params);

	cfg.ncores = ncores;
	if (soc) {
		cfg.soc = soc;
		cfg.freq_hz = 0;
	}
	return cfg;
}

/* machine_init of such a machine: its status, with *error. */
static int try_init(unsigned ncores, const char *soc, const char *const *params,
		    const char **error)
{
	struct machine_config cfg = config(ncores, soc, params);

	return fixture_try_init(&cfg, error);
}

/* Such a machine, which must be built. */
static void init_ok(unsigned ncores, const char *soc, const char *const *params)
{
	struct machine_config cfg = config(ncores, soc, params);

	fixture_init(&cfg);
}

/* Such a machine with UNIT_PROGS_DIR/name.elf loaded and core 0 started at EL2. */
static struct core *boot(const char *name, unsigned ncores, const char *const *params)
{
	struct machine_config cfg = config(ncores, NULL, params);

	return fixture_boot(&cfg, name, 0);
}

/* ---------------------------------------------------- the registers */

/* A 32-bit read or write by core cpu, as the engine delivers it. */
static uint32_t rd(unsigned cpu, uint64_t off)
{
	return (uint32_t)dev_read_by(cpu, PLAT_POWER_BASE, off, 4);
}

static void wr(unsigned cpu, uint64_t off, uint32_t v)
{
	dev_write_by(cpu, PLAT_POWER_BASE, off, 4, v);
}

#define CL(k, reg)	(POWER_CLUSTER(k) + (reg))

/* The default table (docs/power.md): kHz and mV of OPPs 0-5. */
static const uint32_t default_khz[] = { 500000, 1000000, 1200000, 1400000, 1600000, 1800000 };
static const uint32_t default_mv[] = { 600, 700, 750, 800, 850, 900 };

START_TEST(test_default_registers)
{
	init_ok(1, NULL, NULL);
	ck_assert_uint_eq(rd(0, POWER_NCLUSTERS), 1);
	ck_assert_uint_eq(rd(0, POWER_NCORES), 1);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_NOPPS)), 6);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_OPP)), 1);      /* 1 GHz: the core clock */
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_CORES)), 0x1);
	for (unsigned i = 0; i < 6; i++) {
		ck_assert_uint_eq(rd(0, CL(0, POWER_CL_FREQ_KHZ(i))), default_khz[i]);
		ck_assert_uint_eq(rd(0, CL(0, POWER_CL_VOLT_MV(i))), default_mv[i]);
	}
	/* Beyond the table, cluster and cores: unassigned, read as zero. */
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_FREQ_KHZ(6))), 0);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_NOPPS)), 0);
	ck_assert_uint_eq(rd(0, POWER_CORE(1) + POWER_ENERGY_LO(0)), 0);
	ck_assert_uint_eq(rd(0, 0xfffc), 0);
	ck_assert(!m->core[0].bus_error);
}
END_TEST

/*
 * Two clusters: an OPP change of cluster 1 sets core 1's clock and leaves
 * core 0's alone; time already elapsed is kept.
 */
START_TEST(test_cluster_opp_sets_its_cores_clock)
{
	static const char *const params[] = {
		"power.core_clusters=0,1",
		"power.cluster1.opps=1000000:750,2000000:950", NULL,
	};

	init_ok(2, NULL, params);
	ck_assert_uint_eq(rd(0, POWER_NCLUSTERS), 2);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_CORES)), 0x1);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_CORES)), 0x2);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_NOPPS)), 2);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_OPP)), 0);
	m->core[1].cycles = 3000;                               /* 3 us at 1 GHz */
	wr(0, CL(1, POWER_CL_OPP), 1);
	ck_assert_uint_eq(rd(1, CL(1, POWER_CL_OPP)), 1);
	ck_assert_uint_eq(m->core[1].freq_hz, 2000000000ull);
	ck_assert_uint_eq(m->core[0].freq_hz, 1000000000ull);
	m->core[1].cycles += 4000;                              /* 2 us at 2 GHz */
	ck_assert_uint_eq(core_ns(&m->core[1]), 5000);
}
END_TEST

/*
 * Misuse: an OPP index out of range and writes to read-only or unassigned
 * registers are ignored; an access of another size than 32 bits is a bus
 * error (an SError pending on the core that made it).
 */
START_TEST(test_bad_accesses)
{
	init_ok(2, NULL, NULL);
	wr(0, CL(0, POWER_CL_OPP), 6);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_OPP)), 1);
	wr(0, CL(0, POWER_CL_NOPPS), 2);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_NOPPS)), 6);
	wr(0, CL(0, POWER_CL_FREQ_KHZ(0)), 1);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_FREQ_KHZ(0))), 500000);
	wr(0, 0x800, 1);
	ck_assert_uint_eq(rd(0, 0x800), 0);
	ck_assert(!m->core[0].bus_error && !m->core[1].bus_error);

	ck_assert_uint_eq(dev_read_by(1, PLAT_POWER_BASE, CL(0, POWER_CL_OPP), 1), 0);
	ck_assert(m->core[1].bus_error);
	ck_assert_uint_eq(m->core[1].bus_error_pa, PLAT_POWER_BASE + CL(0, POWER_CL_OPP));
	ck_assert(!m->core[0].bus_error);
	dev_write(PLAT_POWER_BASE, CL(0, POWER_CL_OPP), 2, 0);
	ck_assert(m->core[0].bus_error);
	ck_assert_uint_eq(rd(1, CL(0, POWER_CL_OPP)), 1);
}
END_TEST

/* ---------------------------------------------------------- energy */

/*
 * The documented formula (docs/power.md), for one EL of one epoch at
 * (f_khz, v_mv), in fJ: n e (V/Vn)^2 + (t_run + t_wait) Ps V/Vn
 * + t_wait Pi (V/Vn)^2, each term rounded down, t = cycles / f.
 */
struct model {
	uint64_t insn_pj, vnom_mv, static_uw, idle_uw;
};

static uint64_t formula_fj(const struct model *k, uint64_t f_khz, uint64_t v_mv, uint64_t insns,
			   uint64_t run, uint64_t wait)
{
	u128 v = v_mv, vn = k->vnom_mv, hz = (u128)f_khz * 1000;

	return (uint64_t)((u128)insns * k->insn_pj * 1000 * v * v / (vn * vn) +
			  (u128)(run + wait) * 1000000000u * k->static_uw * v / (hz * vn) +
			  (u128)wait * 1000000000u * k->idle_uw * v * v / (hz * vn * vn));
}

static const struct model defaults = { 57, 900, 15000, 2000 };  /* LITTLE */

/* A 64-bit energy counter of core cpu, read low half first as a guest must. */
static uint64_t counter_pj(unsigned cpu, unsigned e)
{
	uint64_t lo = rd(cpu, POWER_CORE(cpu) + POWER_ENERGY_LO(e));

	return lo | (uint64_t)rd(cpu, POWER_CORE(cpu) + POWER_ENERGY_HI(e)) << 32;
}

/*
 * With the defaults (boot OPP 1 GHz, 700 mV), a fixed program's energy at
 * each EL is the formula's for the instructions and cycles it ran there;
 * the counters give it in pJ, rounded down.
 */
START_TEST(test_energy_is_the_formula)
{
	struct core *c = boot("power-loop", 1, NULL);
	struct power *p = power_of(m);
	uint64_t total = 0;

	run_to_exit();
	ck_assert_uint_eq(c->icount_el[0], 0);
	ck_assert_uint_gt(c->icount_el[1], 40000);             /* the loops: 2 x 20000 */
	ck_assert_uint_gt(c->icount_el[2], 20000);             /* 2 x 10000 */
	for (unsigned el = 0; el < 3; el++) {
		/* Functional timing: a cycle an instruction, no waiting. */
		ck_assert_uint_eq(c->run_cycles_el[el], c->icount_el[el]);
		ck_assert_uint_eq(c->wait_cycles_el[el], 0);
		uint64_t expect = formula_fj(&defaults, 1000000, 700, c->icount_el[el],
					     c->run_cycles_el[el], 0);

		ck_assert_uint_eq(power_energy_fj(p, 0, el), expect);
		ck_assert_uint_eq(counter_pj(0, 1 + el), expect / 1000);
		total += expect;
	}
	ck_assert_uint_eq(counter_pj(0, 0), total / 1000);
	/* 57 pJ x (0.7/0.9)^2 = 34.48 pJ an instruction, 15 mW x 0.7/0.9 for its 1 ns. */
	ck_assert_uint_eq(formula_fj(&defaults, 1000000, 700, 1, 1, 0), 34481 + 11666);
}
END_TEST

/* With only the dynamic term, at V = Vn: each instruction costs insn_pj. */
START_TEST(test_energy_dynamic_per_instruction)
{
	static const char *const params[] = {
		"power.cluster0.insn_pj=1000", "power.cluster0.vnom_mv=700",
		"power.cluster0.static_uw=0", "power.cluster0.idle_uw=0", NULL,
	};
	struct core *c = boot("power-loop", 1, params);

	run_to_exit();
	for (unsigned el = 0; el < 3; el++)
		ck_assert_uint_eq(counter_pj(0, 1 + el), c->icount_el[el] * 1000);
}
END_TEST

/* With only leakage, 1 mW at V = Vn: a powered core uses 1 pJ a nanosecond. */
START_TEST(test_energy_leakage_per_nanosecond)
{
	static const char *const params[] = {
		"power.cluster0.insn_pj=0", "power.cluster0.vnom_mv=700",
		"power.cluster0.static_uw=1000", "power.cluster0.idle_uw=0", NULL,
	};
	struct core *c = boot("power-loop", 2, params);

	run_to_exit();
	ck_assert_uint_eq(counter_pj(0, 0), core_ns(c));
	ck_assert_uint_eq(counter_pj(0, 0), c->cycles);
	ck_assert_uint_eq(counter_pj(1, 0), 0);                /* off all along */
}
END_TEST

/* The timer's output drives the core's IRQ line (the test's interrupt controller). */
static void timer_to_irq(void *opaque, unsigned cpu, unsigned intid, bool level)
{
	(void)opaque;
	if (intid == 30)
		core_set_lines(&m->core[cpu], level ? CORE_LINE_IRQ : 0);
}

/*
 * A core waiting in WFI is charged the idle power (and leakage) for the
 * time it waits, at the EL it waits at, and nothing for instructions.
 */
START_TEST(test_idle_energy_in_wfi)
{
	static const char *const params[] = {
		"power.cluster0.insn_pj=0", "power.cluster0.vnom_mv=700",
		"power.cluster0.static_uw=0", "power.cluster0.idle_uw=1000", NULL,
	};
	struct core *c = boot("power-wfi", 1, params);

	m->irq = timer_to_irq;
	run_to_exit();
	/* The timer fires 19 ticks of 19.2 MHz (990 ns) after it was set; a few
	 * instructions ran before the WFI. */
	ck_assert_uint_gt(c->wait_cycles_el[2], 900);
	ck_assert_uint_le(c->wait_cycles_el[2], 990);
	ck_assert_uint_eq(c->wait_cycles_el[0] + c->wait_cycles_el[1], 0);
	ck_assert_uint_eq(c->cycles, c->run_cycles_el[2] + c->wait_cycles_el[2]);
	ck_assert_uint_eq(counter_pj(0, 3), c->wait_cycles_el[2]);     /* 1 mW x 1 ns */
	ck_assert_uint_eq(counter_pj(0, 0), c->wait_cycles_el[2]);
}
END_TEST

/*
 * A guest's OPP change: at OPP 0 (500 MHz) the same loop takes exactly
 * twice the simulated time it takes at the boot OPP (1 GHz), and back at
 * the boot OPP the same again.
 */
START_TEST(test_opp_change_scales_time)
{
	boot("power-dvfs", 1, NULL);
	run_to_exit();
	ck_assert_uint_eq(report_value(3), 0);
	ck_assert_uint_eq(report_value(4), 1);
	/* Between the two calls: 2 x 5000 loop instructions and 11 others (the
	 * first call's HLT, which retires, among them), 1 ns each. */
	ck_assert_uint_eq(report_value(0), 2 * 5000 + 11);
	ck_assert_uint_eq(report_value(1), 2 * report_value(0));
	ck_assert_uint_eq(report_value(2), report_value(0));
}
END_TEST

/*
 * Energy across an OPP change: each epoch at its own voltage and frequency.
 * OPP 1 (boot) is 1 GHz at Vn = 800 mV, OPP 0 500 MHz at 400 mV: after the change
 * an instruction costs a quarter, and leakage, half the power for twice
 * the time per cycle, the same per cycle.
 */
START_TEST(test_energy_across_opp_change)
{
	static const char *const params[] = {
		"power.cluster0.opps=500000:400,1000000:800", "power.cluster0.vnom_mv=800",
		"power.cluster0.insn_pj=1000", "power.cluster0.static_uw=1000",
		"power.cluster0.idle_uw=0", NULL,
	};
	const struct model k = { 1000, 800, 1000, 0 };
	struct core *c = boot("power-loop", 1, params);
	uint64_t n1, c1, t1, cycles1, expect[3];

	core_run(c, 5000, UINT64_MAX);                          /* into the EL2 loop */
	ck_assert_uint_eq(c->el, 2);
	n1 = c->icount_el[2];
	c1 = c->run_cycles_el[2];
	cycles1 = c->cycles;
	t1 = core_ns(c);
	wr(0, CL(0, POWER_CL_OPP), 0);
	run_to_exit();
	expect[0] = 0;
	expect[1] = formula_fj(&k, 500000, 400, c->icount_el[1], c->run_cycles_el[1], 0);
	expect[2] = formula_fj(&k, 1000000, 800, n1, c1, 0) +
		    formula_fj(&k, 500000, 400, c->icount_el[2] - n1, c->run_cycles_el[2] - c1, 0);
	for (unsigned el = 0; el < 3; el++)
		ck_assert_uint_eq(power_energy_fj(power_of(m), 0, el), expect[el]);
	ck_assert_uint_eq(expect[2], n1 * 1000000 + c1 * 1000 +
			  (c->icount_el[2] - n1) * 250000 + (c->run_cycles_el[2] - c1) * 1000);
	ck_assert_uint_eq(core_ns(c), t1 + 2 * (c->cycles - cycles1));
	ck_assert_uint_eq(c->freq_hz, 500000000);
}
END_TEST

/*
 * A 64-bit counter read as two 32-bit halves is consistent: the low half's
 * read holds the high half for the same core, even when the counter has
 * crossed 2^32 pJ in between; a high half read alone is the live value.
 */
START_TEST(test_counter_halves_latched)
{
	static const char *const params[] = {
		"power.cluster0.insn_pj=1000000", "power.cluster0.vnom_mv=700",
		"power.cluster0.static_uw=0", "power.cluster0.idle_uw=0", NULL,
	};
	struct core *c = boot("power-loop", 1, params);
	uint32_t lo;

	core_run(c, c->cycles + 1000, UINT64_MAX);             /* about 1 mJ: below 2^32 pJ */
	lo = rd(0, POWER_CORE(0) + POWER_ENERGY_LO(0));
	ck_assert_uint_eq(lo, c->icount * 1000000);
	core_run(c, c->cycles + 10000, UINT64_MAX);            /* now above */
	ck_assert_uint_ge(c->icount * 1000000, 1ull << 32);
	ck_assert_uint_eq(rd(0, POWER_CORE(0) + POWER_ENERGY_HI(0)), 0);
	ck_assert_uint_eq(rd(0, POWER_CORE(0) + POWER_ENERGY_HI(3)),
			  (c->icount_el[2] * 1000000) >> 32);
	ck_assert_uint_eq(counter_pj(0, 0), c->icount * 1000000);
}
END_TEST

/* A reset (PSCI SYSTEM_RESET) puts every cluster back at its boot OPP; energy is kept. */
START_TEST(test_reset_restores_boot_opp)
{
	struct core *c = boot("power-loop", 1, NULL);
	uint64_t before;

	core_run(c, c->cycles + 1000, UINT64_MAX);
	wr(0, CL(0, POWER_CL_OPP), 5);
	ck_assert_uint_eq(c->freq_hz, 1800000000ull);
	before = counter_pj(0, 0);
	power_device.reset(power_of(m));
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_OPP)), 1);
	ck_assert_uint_eq(c->freq_hz, 1000000000ull);
	ck_assert_uint_eq(counter_pj(0, 0), before);
}
END_TEST

/* The run summary's lines. */
START_TEST(test_report)
{
	static const char *const params[] = {
		"power.cluster0.insn_pj=1000", "power.cluster0.vnom_mv=700",
		"power.cluster0.static_uw=0", "power.cluster0.idle_uw=0", NULL,
	};
	struct core *c = boot("power-loop", 2, params);
	char expect[512], *text;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	run_to_exit();
	power_device.report(power_of(m), f);
	fclose(f);
	snprintf(expect, sizeof(expect),
		 "phonesim: energy (power model):\n"
		 "phonesim:   core 0: %llu pJ (EL0 0, EL1 %llu, EL2 %llu)\n"
		 "phonesim:   core 1: 0 pJ (EL0 0, EL1 0, EL2 0)\n"
		 "phonesim:   cluster 0: OPP 1, 1000000 kHz, 700 mV\n",
		 (unsigned long long)c->icount * 1000, (unsigned long long)c->icount_el[1] * 1000,
		 (unsigned long long)c->icount_el[2] * 1000);
	ck_assert_str_eq(text, expect);
	free(text);
}
END_TEST

/* ------------------------------------------------------ parameters */

struct bad_param {
	unsigned ncores;
	const char *param;
	const char *says;       /* part of the error message */
};

static const struct bad_param bad_params[] = {
	{ 1, "power.core_clusters=0,1", "give the cluster (0-3) of each of the 1 cores" },
	{ 2, "power.core_clusters=0", "give the cluster" },
	{ 2, "power.core_clusters=0,4", "give the cluster" },
	{ 2, "power.core_clusters=0,x", "give the cluster" },
	{ 1, "power.core_clusters=1", "cluster 0 has no core" },
	{ 1, "power.cluster0.opps=1000000:700,900000:800", "must rise in frequency" },
	{ 1, "power.cluster0.opps=1000000:700,1100000:650", "not fall in voltage" },
	{ 1, "power.cluster0.opps=500000:600", "no operating point at the clock its cores boot at (1000000 kHz)" },
	{ 1, "power.cluster0.opps=1000000", "is not a list of kHz:mV" },
	{ 1, "power.cluster0.opps=1000000:0", "is not a list of kHz:mV" },
	{ 1, "power.cluster0.opps=1000000:700,", "is not a list of kHz:mV" },
	{ 1, "power.cluster0.opps=999:700", "is not a list of kHz:mV" },
	{ 1, "power.cluster0.opps=1000:1,2000:1,3000:1,4000:1,5000:1,6000:1,7000:1,8000:1,"
	     "9000:1,10000:1,11000:1,12000:1,13000:1,14000:1,15000:1,16000:1,1000000:1",
	  "more than 16 operating points" },
	{ 1, "power.cluster0.vnom_mv=0", "parameter power.cluster0.vnom_mv: '0' is not a whole number" },
	{ 1, "power.cluster0.insn_pj=x", "parameter power.cluster0.insn_pj: 'x'" },
	{ 1, "power.cluster0.static_uw=10000001", "static_uw" },
	{ 1, "power.cluster1.opps=1000000:700", "unknown parameter 'power.cluster1.opps" },
};

/*
 * The phone preset's cores boot at two clocks (1.8 GHz, 2.8 GHz): by default
 * they form two clusters, LITTLE and BIG, each at the OPP of its clock.
 */
START_TEST(test_phone_preset_clusters)
{
	static const uint32_t big_khz[] = { 1000000, 1400000, 1800000, 2200000, 2500000, 2800000 };
	static const uint32_t big_mv[] = { 575, 625, 700, 800, 875, 950 };

	init_ok(8, "phone", NULL);
	ck_assert_uint_eq(rd(0, POWER_NCLUSTERS), 2);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_CORES)), 0x0f);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_CORES)), 0xf0);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_OPP)), 5);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_FREQ_KHZ(5))), 1800000);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_OPP)), 5);
	for (unsigned i = 0; i < 6; i++) {
		ck_assert_uint_eq(rd(0, CL(1, POWER_CL_FREQ_KHZ(i))), big_khz[i]);
		ck_assert_uint_eq(rd(0, CL(1, POWER_CL_VOLT_MV(i))), big_mv[i]);
	}
	ck_assert_uint_eq(m->core[4].freq_hz, 2800000000ull);
}
END_TEST

/* Cores that boot at different clocks cannot share a cluster. */
START_TEST(test_phone_preset_one_cluster_refused)
{
	static const char *const params[] = { "power.core_clusters=0,0,0,0,0,0,0,0", NULL };
	const char *error = NULL;

	ck_assert_int_eq(try_init(8, "phone", params, &error), -2);
	ck_assert_str_eq(error, "power: core 4 boots at another clock than the others of "
			 "cluster 0 (power.core_clusters)");
}
END_TEST

START_TEST(test_bad_parameters)
{
	const struct bad_param *b = &bad_params[_i];
	const char *params[] = { b->param, NULL };
	const char *error = NULL;

	ck_assert_int_eq(try_init(b->ncores, NULL, params, &error), -2);
	ck_assert_msg(strstr(error, b->says), "%s: error '%s' does not say '%s'", b->param,
		      error, b->says);
}
END_TEST

/* The largest table allowed, and a cluster's own coefficients, are accepted. */
START_TEST(test_good_parameters)
{
	static const char *const params[] = {
		"power.core_clusters=1,0",
		"power.cluster1.opps=1000:1,2000:1,3000:1,4000:1,5000:1,6000:1,7000:1,8000:1,"
		"9000:1,10000:1,11000:1,12000:1,13000:1,14000:1,15000:1,1000000:2",
		"power.cluster1.insn_pj=0", "power.cluster0.idle_uw=0", NULL,
	};

	init_ok(2, NULL, params);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_NOPPS)), 16);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_OPP)), 15);
	ck_assert_uint_eq(rd(0, CL(1, POWER_CL_CORES)), 0x1);
	ck_assert_uint_eq(rd(0, CL(0, POWER_CL_CORES)), 0x2);
}
END_TEST

static Suite *power_suite(void)
{
	Suite *s = suite_create("power");
	TCase *regs = tcase_create("registers");
	TCase *energy = tcase_create("energy");
	TCase *params = tcase_create("parameters");

	tcase_add_checked_fixture(regs, NULL, fixture_destroy);
	tcase_add_test(regs, test_default_registers);
	tcase_add_test(regs, test_cluster_opp_sets_its_cores_clock);
	tcase_add_test(regs, test_bad_accesses);
	tcase_add_test(regs, test_counter_halves_latched);
	tcase_add_test(regs, test_reset_restores_boot_opp);
	suite_add_tcase(s, regs);

	tcase_add_checked_fixture(energy, NULL, fixture_destroy);
	tcase_add_test(energy, test_energy_is_the_formula);
	tcase_add_test(energy, test_energy_dynamic_per_instruction);
	tcase_add_test(energy, test_energy_leakage_per_nanosecond);
	tcase_add_test(energy, test_idle_energy_in_wfi);
	tcase_add_test(energy, test_opp_change_scales_time);
	tcase_add_test(energy, test_energy_across_opp_change);
	tcase_add_test(energy, test_report);
	suite_add_tcase(s, energy);

	tcase_add_checked_fixture(params, NULL, fixture_destroy);
	tcase_add_loop_test(params, test_bad_parameters, 0,
			    (int)(sizeof(bad_params) / sizeof(bad_params[0])));
	tcase_add_test(params, test_good_parameters);
	tcase_add_test(params, test_phone_preset_clusters);
	tcase_add_test(params, test_phone_preset_one_cluster_refused);
	suite_add_tcase(s, params);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(power_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
