/*
 * test_scenario.c - unit tests of scenario files (sim/scenario.c,
 * sim/scenario_schema.c) against docs/scenarios.md: valid files and what
 * they become (options, device parameters, the hypervisor plan), a table
 * of invalid ones with their exact one-line refusal, hostile inputs, and
 * the plan's own checks (hyp_config.c) put back on the file's nodes.
 *
 * Each case is written as s.yaml in a scratch directory, which is the
 * working directory, so messages start "s.yaml:" and the file's relative
 * paths resolve to "./NAME". g0.elf and g1.elf there link to the test
 * guests tests/hyp/hello-vm0.elf and -vm1.elf (bases 0x48000000 and
 * 0x49000000), hyp.elf to hyp/phonesim-hyp.elf.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hyp_config.h"
#include "platform.h"
#include "recorder.h"
#include "scenario.h"
#include "scenario_schema.h"

static char dir[64];
static char err[PATH_MAX + 512];

#define VM0     "  - name: a\n    image: g0.elf\n    base: 0x48000000\n    mem: 16\n"
#define VM1     "  - name: b\n    image: g1.elf\n    base: 0x49000000\n    mem: 16\n"
#define HYP     "hypervisor:\n  image: hyp.elf\n"
/* roi: with every required key but bom_saved_usd, which goes on line 6 */
#define ROI     "roi:\n  units: 1\n  hypervisor_cost_usd: 1\n  nre_usd: 0\n  battery_mwh: 1\n"

static void make_dir(void)
{
	const char *links[][2] = {
		{ "g0.elf", "tests/hyp/hello-vm0.elf" }, { "g1.elf", "tests/hyp/hello-vm1.elf" },
		{ "hyp.elf", "hyp/phonesim-hyp.elf" },
	};
	char target[PATH_MAX];

	strcpy(dir, "/tmp/test_scenario.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(target, sizeof(target), "%s/%s", SCENARIO_TEST_DIR, links[i][1]);
		ck_assert_int_eq(symlink(target, links[i][0]), 0);
	}
}

static void remove_dir(void)
{
	unlink("s.yaml");
	unlink("g0.elf");
	unlink("g1.elf");
	unlink("hyp.elf");
	ck_assert_int_eq(chdir("/"), 0);
	rmdir(dir);
}

static void write_file(const char *text, size_t len)
{
	FILE *f = fopen("s.yaml", "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static int load(struct scenario *s, const char *text)
{
	write_file(text, strlen(text));
	err[0] = '\0';
	return scenario_load(s, "s.yaml", err, sizeof(err));
}

/* ------------------------------------------------------------- valid */

START_TEST(test_hyp_scenario)
{
	static struct scenario s;
	const struct hyp_plan *p = &s.plan;

	ck_assert_msg(load(&s, "soc:\n  preset: phone\n  cores: 2\n  timing: functional\n"
			   "devices:\n  modem:\n    period_us: 500\n"
			   "  power:\n    core_clusters: [0, 1]\n    cluster1:\n      idle_uw: 7\n"
			   HYP "  scheduler: priority\n  timeslice_us: 250\n  mib: 32\n"
			   "vms:\n" VM0 "    prio: 0\n    devices: [pl011, modem]\n    dtb: true\n"
			   VM1 "    vcpus: 2\n    affinity: 3\n    dtb: false\n"
			   "shared_memory:\n  - base: 0x4a000000\n    size: 64K\n    vms: [a, b]\n"
			   "    writable: [a]\n"
			   "queues:\n  - from: a\n    to: b\n    size: 64\n    depth: 4\n"
			   "    intids: [48, 49]\n"
			   "run:\n  max_time: 2ms\n  seed: 9\n  trace: full\n  output: out.db\n"
			   "  counter_period_us: 50\n  stats: true\n") == 0, "%s", err);
	ck_assert_str_eq(s.soc, "phone");
	ck_assert_uint_eq(s.cores, 2);
	ck_assert_int_eq(s.functional, 1);
	ck_assert_uint_eq(s.nparams, 4);
	ck_assert_str_eq(s.params[0], "modem.period_us=500");
	ck_assert_str_eq(s.params[1], "power.core_clusters=0,1");
	ck_assert_str_eq(s.params[2], "power.cluster1.idle_uw=7");
	ck_assert_str_eq(s.params[3], "modem.seed=9");
	ck_assert(s.hyp);
	ck_assert_str_eq(p->hyp_image, "./hyp.elf");
	ck_assert_uint_eq(p->scheduler, HYP_SCHED_PRIORITY);
	ck_assert_uint_eq(p->timeslice_us, 250);
	ck_assert_uint_eq(p->hyp_mib, 32);
	ck_assert_uint_eq(p->nvms, 2);
	ck_assert_str_eq(p->vm[0].image, "./g0.elf");
	ck_assert_uint_eq(p->vm[0].base, 0x48000000);
	ck_assert_uint_eq(p->vm[0].mem_mib, 16);
	ck_assert_uint_eq(p->vm[0].priority, 0);
	ck_assert(p->vm[0].vpl011 && p->vm[0].dtb && !p->vm[1].dtb);
	ck_assert_uint_eq(p->vm[0].npass, 1);
	ck_assert_str_eq(p->vm[0].pass[0], "modem");
	ck_assert_uint_eq(p->vm[1].vcpus, 2);
	ck_assert_uint_eq(p->vm[1].affinity, 3);
	ck_assert_uint_eq(p->nshm, 1);
	ck_assert_uint_eq(p->shm[0].size, 64 << 10);
	ck_assert_uint_eq(p->shm[0].vms.n, 2);
	ck_assert_uint_eq(p->shm[0].writable.n, 1);
	ck_assert_uint_eq(p->nqueues, 1);
	ck_assert_uint_eq(p->queue[0].not_empty_intid, 48);
	ck_assert_uint_eq(p->queue[0].not_full_intid, 49);
	ck_assert(s.max_ns_given);
	ck_assert_uint_eq(s.max_ns, 2000000);
	ck_assert_uint_eq(s.seed, 9);
	ck_assert_int_eq(s.trace_level, TRACE_FULL);
	ck_assert_str_eq(s.output, "./out.db");
	ck_assert_uint_eq(s.counter_period_us, 50);
	ck_assert(s.stats && !s.json);
	ck_assert_ptr_null(s.bare_image);
	scenario_free(&s);
}
END_TEST

START_TEST(test_bare_scenario)
{
	static struct scenario s;

	ck_assert_msg(load(&s, "# a comment\nbare:\n  image: g0.elf\n  el: 1\n  dtb_out: t.dtb\n"
			   "run:\n  max_time: none\n  max_insns: 0x100\n") == 0, "%s", err);
	ck_assert_str_eq(s.bare_image, "./g0.elf");
	ck_assert_uint_eq(s.el, 1);
	ck_assert_str_eq(s.dtb_out, "./t.dtb");
	ck_assert(!s.dtb);
	ck_assert(!s.hyp);
	ck_assert(s.max_ns_given);
	ck_assert_uint_eq(s.max_ns, 0);
	ck_assert_uint_eq(s.max_insns, 256);
	ck_assert_int_eq(s.trace_level, -1);
	ck_assert_int_eq(s.functional, -1);
	ck_assert_uint_eq(s.nparams, 0);
	scenario_free(&s);
}
END_TEST

/* The SoC's overrides become soc.* parameters, checked by the machine. */
START_TEST(test_soc_overrides)
{
	static struct scenario s;

	ck_assert_msg(load(&s, "soc:\n  preset: phone\n  big: {mhz: 2400}\n"
			   "  memory:\n    l2_kib: 256\n    dram_gbps: 25\n"
			   "bare:\n  image: g0.elf\n") == 0, "%s", err);
	ck_assert_uint_eq(s.nparams, 3);
	ck_assert_str_eq(s.params[0], "soc.big.mhz=2400");
	ck_assert_str_eq(s.params[1], "soc.memory.l2_kib=256");
	ck_assert_str_eq(s.params[2], "soc.memory.dram_gbps=25");
	scenario_free(&s);
}
END_TEST

/* roi: is read into millionths; run ignores it. */
START_TEST(test_roi)
{
	static struct scenario s;

	ck_assert_msg(load(&s, "vms:\n" VM0 "roi:\n  units: 1000000000\n  bom_saved_usd: 9\n"
			   "  hypervisor_cost_usd: 1.5\n  nre_usd: 0.000001\n  battery_mwh: 4500\n"
			   "  usage_hours_per_day: 24\n  platform_mw: 300.25\n") == 0, "%s", err);
	ck_assert(s.roi.given);
	ck_assert_uint_eq(s.roi.units, 1000000000);
	ck_assert_uint_eq(s.roi.bom_saved_usd, 9000000);
	ck_assert_uint_eq(s.roi.hypervisor_cost_usd, 1500000);
	ck_assert_uint_eq(s.roi.nre_usd, 1);
	ck_assert_uint_eq(s.roi.battery_mwh, 4500);
	ck_assert_uint_eq(s.roi.usage_hours_per_day, 24000000);
	ck_assert_uint_eq(s.roi.baseband_chip_mw, 0);
	ck_assert_uint_eq(s.roi.platform_mw, 300250000);
	scenario_free(&s);
	ck_assert_msg(load(&s, "vms:\n" VM0) == 0, "%s", err);
	ck_assert(!s.roi.given);
	scenario_free(&s);
}
END_TEST

START_TEST(test_decimal_format)
{
	static const struct { int64_t v; unsigned places; const char *text; } cases[] = {
		{ 0, 0, "0" }, { 0, 2, "0.00" }, { 1500000, 0, "1.5" }, { 1500000, 2, "1.50" },
		{ -125000, 2, "-0.125" }, { 7, 0, "0.000007" }, { 1000000000, 0, "1000" },
		{ -5500000000000, 2, "-5500000.00" }, { 123456789, 6, "123.456789" },
	};
	char buf[40];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		schema_decimal_format(cases[i].v, cases[i].places, buf, sizeof(buf));
		ck_assert_str_eq(buf, cases[i].text);
	}
}
END_TEST

/* ----------------------------------------------------------- invalid */

static const struct { const char *yaml, *msg; } invalid[] = {
	/* the YAML itself */
	{ "soc: [\n", "s.yaml:2:1: did not find expected node content while parsing a flow node" },
	{ "soc:\n\tcores: 1\n", "s.yaml:2:1: found character that cannot start any token "
	  "while scanning for the next token" },
	{ "", "s.yaml:1:1: empty: no scenario" },
	{ "- 1\n", "s.yaml:1:1: expected a mapping (KEY: VALUE lines), got a list" },
	{ "a: 1\n---\nb: 2\n", "s.yaml:2:1: a second document: a scenario is one" },
	{ "\x7f" "ELF\x02\x01\x01\x00\x00", "s.yaml:1:1: control characters are not allowed" },
	{ "soc: {cores: 1}\nsoc: {cores: 2}\n",
	  "s.yaml:2:1: soc: given twice (first at line 1)" },
	{ "soc:\n  cores: 1\n  cores: 2\n", "s.yaml:3:3: soc.cores: given twice (first at line 2)" },
	{ "a: [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]\n", "s.yaml:1:19: nested too deep" },
	/* keys and types */
	{ "sco:\n  cores: 1\n", "s.yaml:1:1: unknown key 'sco' (soc, devices, hypervisor, vms, "
	  "shared_memory, queues, bare, run, roi)" },
	{ "soc:\n  presett: phone\n", "s.yaml:2:3: soc: unknown key 'presett' (preset, cores, "
	  "ram_mib, timing, fast_forward, little, big, memory)" },
	{ "soc:\n  memory: {l3_kib: 4}\n", "s.yaml:2:12: soc.memory: unknown key 'l3_kib' "
	  "(l1i_kib, l1d_kib, l2_kib, slc_kib, dram_latency_ns, dram_gbps)" },
	{ "[a]: 1\n", "s.yaml:1:1: a key must be a name, not a list (soc, devices, hypervisor, vms, "
	  "shared_memory, queues, bare, run, roi)" },
	{ "soc: phone\n", "s.yaml:1:6: soc: expected a mapping (KEY: VALUE lines), got a scalar" },
	{ "soc:\n  cores: [1]\n", "s.yaml:2:10: soc.cores: expected a number, got a list" },
	{ "soc:\n  cores: \"2\"\n", "s.yaml:2:10: soc.cores: expected a number, got a quoted string" },
	{ "soc:\n  cores:\n", "s.yaml:2:9: soc.cores: expected a number, got nothing" },
	{ "soc:\n  cores: two\n", "s.yaml:2:10: soc.cores: 'two' is not a whole number" },
	{ "soc:\n  cores: 9\n", "s.yaml:2:10: soc.cores: 9 is out of range [1, 8]" },
	{ "soc:\n  cores: -1\n", "s.yaml:2:10: soc.cores: -1 is out of range [1, 8]" },
	{ "soc:\n  ram_mib: 184467440737095516160\n",
	  "s.yaml:2:12: soc.ram_mib: 184467440737095516160 is out of range [1, 65536]" },
	{ "soc:\n  preset: tablet\n", "s.yaml:2:11: soc.preset: 'tablet' is not one of small, phone" },
	{ "bare:\n  image: g0.elf\n  dtb: yes\n", "s.yaml:3:8: bare.dtb: 'yes' is not true or false" },
	{ "bare:\n  el: 1\n", "s.yaml:2:3: bare: image is required" },
	{ "run:\n  max_time: 5\n", "s.yaml:2:13: run.max_time: '5' is not a time: a whole number "
	  "with ns, us, ms or s (500ms), or none" },
	{ "run:\n  max_time: 99999999999999999999s\n",
	  "s.yaml:2:13: run.max_time: 99999999999999999999s is out of range" },
	{ "run:\n  max_time: 18446744073709551615s\n",
	  "s.yaml:2:13: run.max_time: 18446744073709551615s is out of range" },
	{ "vms: []\n", "s.yaml:1:6: vms: an empty list" },
	{ "vms:\n  - name: a\n", "s.yaml:2:5: vms[0]: image is required" },
	{ "vms:\n  - name: a,b\n    image: g0.elf\n", "s.yaml:2:11: vms[0].name: 'a,b' has a ','" },
	{ "vms:\n  - name: a\n    image: g0.elf\n    mem: 1,2\n", "s.yaml:4:10: vms[0].mem: '1,2' has a ','" },
	{ "vms:\n  - name: a\n    image: g0.elf\n    devices: pl011\n",
	  "s.yaml:4:14: vms[0].devices: expected a list, got a scalar" },
	{ "devices:\n  modem:\n    seed: [1]\n",
	  "s.yaml:3:11: devices.modem.seed: expected a value, got a list" },
	{ "devices:\n  gpu:\n    x: 1\n", "s.yaml:2:3: devices: unknown key 'gpu' (generic_timer, "
	  "pl011, modem, display, storage, power)" },
	/* roi: decimals (millionths) and the required keys */
	{ "roi:\n  units: 1\n", "s.yaml:2:3: roi: bom_saved_usd is required" },
	{ ROI "  bom_saved_usd: 1.1234567\n",
	  "s.yaml:6:18: roi.bom_saved_usd: '1.1234567' has more than 6 decimals" },
	{ ROI "  bom_saved_usd: 1e3\n",
	  "s.yaml:6:18: roi.bom_saved_usd: '1e3' is not a decimal number (9, 1.5)" },
	{ ROI "  bom_saved_usd: .5\n",
	  "s.yaml:6:18: roi.bom_saved_usd: '.5' is not a decimal number (9, 1.5)" },
	{ ROI "  bom_saved_usd: 5.\n",
	  "s.yaml:6:18: roi.bom_saved_usd: '5.' is not a decimal number (9, 1.5)" },
	{ ROI "  bom_saved_usd: 1.5.0\n",
	  "s.yaml:6:18: roi.bom_saved_usd: '1.5.0' is not a decimal number (9, 1.5)" },
	{ ROI "  bom_saved_usd: -1\n",
	  "s.yaml:6:18: roi.bom_saved_usd: -1 is out of range [0, 1000]" },
	{ ROI "  bom_saved_usd: 1000.000001\n",
	  "s.yaml:6:18: roi.bom_saved_usd: 1000.000001 is out of range [0, 1000]" },
	{ ROI "  bom_saved_usd: 99999999999999999999\n",
	  "s.yaml:6:18: roi.bom_saved_usd: 99999999999999999999 is out of range [0, 1000]" },
	{ ROI "  bom_saved_usd: \"9\"\n",
	  "s.yaml:6:18: roi.bom_saved_usd: expected a number, got a quoted string" },
	{ ROI "  bom_saved_usd: [9]\n",
	  "s.yaml:6:18: roi.bom_saved_usd: expected a number, got a list" },
	{ ROI "  bom_saved_usd: 9\n  usage_hours_per_day: 0\n",
	  "s.yaml:7:24: roi.usage_hours_per_day: 0 is out of range [0.000001, 24]" },
	{ ROI "  bom_saved_usd: 9\n  units: 0\n",
	  "s.yaml:7:3: roi.units: given twice (first at line 2)" },
	/* the whole */
	{ "soc:\n  cores: 1\n", "s.yaml:1:1: nothing to run: give bare: (a program) or vms: "
	  "(a hypervisor run)" },
	{ "bare:\n  image: g0.elf\nvms:\n" VM0, "s.yaml:4:3: vms: a bare-metal run (bare:) has no VMs" },
	{ "bare:\n  image: g0.elf\nqueues: []\n",
	  "s.yaml:3:9: queues: only a hypervisor run (vms:) has it" },
	{ "run:\n  trace: events\nvms:\n" VM0,
	  "s.yaml:2:10: run.trace: 'events' needs run.output (the trace database to write)" },
	{ "run:\n  trace: off\n  output: x.db\nvms:\n" VM0,
	  "s.yaml:2:10: run.trace: off records nothing: drop run.output" },
	{ "run:\n  counter_period_us: 5\nvms:\n" VM0,
	  "s.yaml:2:22: run.counter_period_us: applies to trace: full" },
	{ "run:\n  seed: 1\ndevices:\n  modem:\n    seed: 2\nvms:\n" VM0,
	  "s.yaml:5:11: devices.modem.seed: run.seed sets it already" },
	/* hyp_config.c's spec checks, on the node */
	{ "vms:\n" VM0 "    prio: 8\n", "s.yaml:6:11: vms[0].prio: 8 is out of range [0, 7]" },
	{ "vms:\n" VM0 "    vcpus: -2\n", "s.yaml:6:12: vms[0].vcpus: '-2' is not a number" },
	{ "vms:\n  - name: a\n    image: g0.elf\n    base: 0x48100000\n",
	  "s.yaml:4:11: vms[0].base: 0x48100000 is not a multiple of 2 MiB" },
	{ "vms:\n" VM0 "    cpu: 0\n    affinity: 1\n",
	  "s.yaml:2:5: vms[0]: affinity and cpu exclude each other" },
	{ "vms:\n  - name: a b\n    image: g0.elf\n", "s.yaml:2:11: vms[0].name: 'a b' has a "
	  "character other than a letter, a digit, '-' or '_'" },
	{ "vms:\n" VM0 VM1 "queues:\n  - from: a\n    to: a\n    size: 8\n    depth: 1\n"
	  "    intids: [40, 41]\n", "s.yaml:11:5: queues[0]: from and to are the same VM" },
	{ "vms:\n" VM0 "shared_memory:\n  - base: 0x4a000000\n    size: 100\n    vms: [a]\n",
	  "s.yaml:8:11: shared_memory[0].size: 100 is out of range [0x1000, 0x1000000000]" },
};

START_TEST(test_invalid)
{
	static struct scenario s;
	const char *want = invalid[_i].msg;

	ck_assert_msg(load(&s, invalid[_i].yaml) < 0, "case %d loaded", _i);
	ck_assert_str_eq(err, want);
	ck_assert_ptr_null(s.doc);
	ck_assert_uint_eq(s.nstrings, 0);
}
END_TEST

/* ----------------------------------------------------------- hostile */

/* Billion laughs: nine levels of ten aliases each; refused at the first alias. */
START_TEST(test_alias_bomb)
{
	static struct scenario s;
	char yaml[4096] = "a: &a [\"lol\"]\n";
	clock_t t0 = clock();

	for (char c = 'b'; c <= 'j'; c++)
		snprintf(yaml + strlen(yaml), sizeof(yaml) - strlen(yaml),
			 "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c, c - 1, c - 1,
			 c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
	ck_assert_int_lt(load(&s, yaml), 0);
	ck_assert_str_eq(err, "s.yaml:2:8: an alias (*name): scenarios take none");
	ck_assert_int_lt(clock() - t0, CLOCKS_PER_SEC / 10);
}
END_TEST

/* A megabyte of brackets, of nulls, and a file one byte too large. */
START_TEST(test_large_inputs)
{
	static struct scenario s;
	char *buf = malloc(SCENARIO_MAX_BYTES + 1);

	ck_assert_ptr_nonnull(buf);
	memset(buf, '[', SCENARIO_MAX_BYTES);
	write_file(buf, SCENARIO_MAX_BYTES);
	ck_assert_int_lt(scenario_load(&s, "s.yaml", err, sizeof(err)), 0);
	ck_assert_str_eq(err, "s.yaml:1:17: nested too deep");
	memset(buf, 0, SCENARIO_MAX_BYTES);
	write_file(buf, SCENARIO_MAX_BYTES);
	ck_assert_int_lt(scenario_load(&s, "s.yaml", err, sizeof(err)), 0);
	ck_assert_str_eq(err, "s.yaml:1:1: control characters are not allowed");
	memset(buf, 'a', SCENARIO_MAX_BYTES + 1);
	write_file(buf, SCENARIO_MAX_BYTES + 1);
	ck_assert_int_lt(scenario_load(&s, "s.yaml", err, sizeof(err)), 0);
	ck_assert_str_eq(err, "s.yaml: larger than 1 MiB: not a scenario");
	ck_assert_int_lt(scenario_load(&s, "missing.yaml", err, sizeof(err)), 0);
	ck_assert_str_eq(err, "missing.yaml: cannot open: No such file or directory");
	free(buf);
}
END_TEST

/* --------------------------------------------------------- locating */

/* The machine's checks (hyp_setup_build, a device), reported on the file's nodes. */
START_TEST(test_locate)
{
	static struct scenario s;
	static struct hyp_setup setup;
	struct hyp_platform pf = { .ram_base = PLAT_RAM_BASE, .ram_size = 512 << 20, .ncores = 2,
				   .uart = { "pl011", 0x09000000, 0x1000, 33 } };
	char msg[PATH_MAX + 256], line[PATH_MAX + 512];

	ck_assert_msg(load(&s, HYP "vms:\n" VM0 VM1 "    cpu: 1\n"
			   "shared_memory:\n  - base: 0x4a000000\n    size: 4K\n    vms: [a, b]\n"
			   "  - base: 0x4a000000\n    size: 4K\n    vms: [b, a]\n"
			   "devices:\n  modem:\n    period_us: 5\n") == 0, "%s", err);
	/* Two regions on the same page: the second one's node, the first by its path. */
	ck_assert_int_lt(hyp_setup_build(&setup, &s.plan, &pf, msg, sizeof(msg)), 0);
	ck_assert(scenario_locate(&s, msg, line, sizeof(line)));
	ck_assert_str_eq(line, "s.yaml:17:5: shared_memory[1]: the region overlaps that of "
			 "shared_memory[0]");
	/* One core fewer: vms[1].cpu. */
	pf.ncores = 1;
	s.plan.nshm = 1;
	ck_assert_int_lt(hyp_setup_build(&setup, &s.plan, &pf, msg, sizeof(msg)), 0);
	ck_assert(scenario_locate(&s, msg, line, sizeof(line)));
	ck_assert_str_eq(line, "s.yaml:12:10: vms[1].cpu: core 1 does not exist (the machine has "
			 "1 core)");
	/* Too little RAM: the first VM. */
	pf.ncores = 2;
	pf.ram_size = 8 << 20;
	ck_assert_int_lt(hyp_setup_build(&setup, &s.plan, &pf, msg, sizeof(msg)), 0);
	ck_assert(scenario_locate(&s, msg, line, sizeof(line)));
	ck_assert_str_eq(line, "s.yaml:2:10: hypervisor.image: the hypervisor's 16 MiB of memory "
			 "are more than RAM (8 MiB)");
	/* A device's refusal; and one the file did not cause. */
	ck_assert(scenario_locate(&s, "parameter modem.period_us: '5' is not a whole number",
				  line, sizeof(line)));
	ck_assert_str_eq(line, "s.yaml:22:16: devices.modem.period_us: '5' is not a whole number");
	scenario_forget_param(&s, "modem.period_us", 15);
	ck_assert(!scenario_locate(&s, "parameter modem.period_us: '5' is not a whole number",
				   line, sizeof(line)));
	ck_assert(!scenario_locate(&s, "cannot build the device tree", line, sizeof(line)));
	scenario_free(&s);
}
END_TEST

static Suite *scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("scenario");

	tcase_add_checked_fixture(tc, make_dir, remove_dir);
	tcase_add_test(tc, test_hyp_scenario);
	tcase_add_test(tc, test_bare_scenario);
	tcase_add_test(tc, test_soc_overrides);
	tcase_add_test(tc, test_roi);
	tcase_add_test(tc, test_decimal_format);
	tcase_add_loop_test(tc, test_invalid, 0, sizeof(invalid) / sizeof(invalid[0]));
	tcase_add_test(tc, test_alias_bomb);
	tcase_add_test(tc, test_large_inputs);
	tcase_add_test(tc, test_locate);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(scenario_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
