/*
 * timing_validate.c - the timing model against published figures: runs the
 * micro-benchmarks bench/timing-*.elf on the "phone" preset, on a
 * Cortex-A55 class core (core 0) and a Cortex-A78 class core (core 4), and
 * prints simulated, expected and their ratio (docs/timing.md gives the
 * sources; the band is +-20%).
 *
 * A benchmark, not a test: it always exits 0 when the programs ran, and
 * reports what is outside the band. Every figure is a difference of two
 * runs that differ only in their iteration count (or deadline), so set-up,
 * cold caches and the first iterations cancel out; all numbers are simulated (cycles,
 * simulated nanoseconds), so they are the same on every host.
 *
 * Usage: timing_validate BENCH_DIR [FILTER]   (FILTER: run only the rows
 * whose name contains it, e.g. "chase").
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "machine.h"
#include "platform.h"

/* Where the programs find their parameters (PARAMS in bench/timing-*.S). */
#define PARAMS          0x40f00000ull
#define RAM_SIZE        (256ull << 20)
/* Stage 1 and stage 2 tables, and the pages the TLB benchmark chases. */
#define S1_TABLES       0x41000000ull
#define S2_TABLES       0x41800000ull
#define TLB_DATA        0x42000000ull
#define TLB_PAGES       8192u                   /* 32 MiB of 4 KiB pages */
/* Buffers of the pointer chase and the streams. */
#define DATA_BASE       0x44000000ull
#define KIB             1024ull
#define MIB             (1024ull * 1024)

static const char *bench_dir;
static const char *filter;

/* A core class of the phone preset: cores 0-3 Cortex-A55, 4-7 Cortex-A78. */
struct cls {
	const char *name;
	unsigned ncores;        /* a machine big enough to have that core */
	unsigned core;
};

static const struct cls A55 = { "A55", 1, 0 }, A78 = { "A78", 5, 4 };

/* ------------------------------------------------------------ running */

struct result {
	uint64_t cycles;        /* of the core started */
	uint64_t mispredicts, walk_refs, l2tlb_misses;
	double freq_hz;
};

/* One run: a program, the machine around it, and what to do before and after. */
struct job {
	const char *prog;
	unsigned ncores;                /* cores of the machine */
	unsigned start;                 /* the core to start (a mask with one bit) */
	uint64_t params[8];             /* written at PARAMS */
	void (*setup)(struct machine *m, void *arg);    /* data and tables, before */
	void (*done)(struct machine *m, void *arg);     /* results in RAM, after */
	void *arg;
};

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	mem_write(ctx, pa, src, len);
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

static uint64_t *ram64(struct machine *m, uint64_t pa)
{
	if (!mem_is_ram(&m->mem, pa, 8)) {
		fprintf(stderr, "timing_validate: 0x%" PRIx64 " is not RAM\n", pa);
		exit(1);
	}
	return (uint64_t *)mem_ram_ptr(&m->mem, pa);
}

/*
 * Runs a job on the phone preset: the core of the start mask starts at the
 * program's entry at EL2 as `phonesim run` starts core 0 (the programs
 * start any other core with PSCI CPU_ON). Returns that core's counters.
 */
static struct result run(const struct job *j)
{
	struct machine_config cfg = {
		.ncores = j->ncores, .ram_size = RAM_SIZE, .start_el = 2, .quantum_ns = 1000,
		.counter_hz = PLAT_COUNTER_HZ_DEFAULT, .console = stdout, .soc = "phone",
		.timing = TIMING_DETAILED, .cmdline = j->prog,
	};
	struct elf_ram ram = { PLAT_RAM_BASE, RAM_SIZE };
	struct machine *m = calloc(1, sizeof(*m));
	struct elf_image img;
	struct result r = { 0 };
	char path[4096], err[256];
	const char *error;
	unsigned first = (unsigned)__builtin_ctz(j->start);

	snprintf(path, sizeof(path), "%s/%s", bench_dir, j->prog);
	if (!m || elf_read(path, &ram, 1, &img, err, sizeof(err)) != 0) {
		fprintf(stderr, "timing_validate: %s\n", m ? err : "out of memory");
		exit(1);
	}
	if (machine_init(m, &cfg, &error) != 0) {
		fprintf(stderr, "timing_validate: %s\n", error);
		exit(1);
	}
	elf_load(&img, ram_write, ram_zero, &m->mem);
	for (unsigned i = 0; i < 8; i++)
		*ram64(m, PARAMS + 8 * i) = j->params[i];
	if (j->setup)
		j->setup(m, j->arg);
	core_reset(&m->core[first], 2, img.entry);
	elf_free(&img);
	if (machine_run(m) != 0) {
		fprintf(stderr, "timing_validate: %s failed\n", j->prog);
		exit(1);
	}
	r.cycles = m->core[first].cycles;
	r.freq_hz = (double)m->core[first].freq_hz;
	r.mispredicts = m->timing_core[first].counters.mispredicts;
	r.walk_refs = m->timing_core[first].counters.walk_refs;
	r.l2tlb_misses = m->timing_core[first].l2_tlb.stats.misses;
	if (j->done)
		j->done(m, j->arg);
	machine_destroy(m);
	free(m);
	return r;
}

/* The same job with another first parameter (the iteration count). */
static struct result run_with(struct job j, uint64_t param0)
{
	j.params[0] = param0;
	return run(&j);
}

/* -------------------------------------------------------------- table */

struct row {
	char name[48];
	const char *cls, *unit, *source;
	double sim, expected;   /* expected <= 0: for information */
};

#define MAX_ROWS 64
static struct row rows[MAX_ROWS];
static unsigned nrows;

static bool wanted(const char *name)
{
	return !filter || strstr(name, filter);
}

static void add(const char *name, const struct cls *k, double sim, double expected,
		const char *unit, const char *source)
{
	struct row *r;

	if (nrows == MAX_ROWS)
		return;
	r = &rows[nrows++];

	snprintf(r->name, sizeof(r->name), "%s", name);
	r->cls = k ? k->name : "SoC";
	r->sim = sim;
	r->expected = expected;
	r->unit = unit;
	r->source = source;
	if (expected > 0)
		printf("  %-30s %-4s %10.2f %10.2f %-7s ratio %.2f\n", name, r->cls, sim, expected,
		       unit, sim / expected);
	else
		printf("  %-30s %-4s %10.2f %10s %-7s (information)\n", name, r->cls, sim, "-", unit);
	fflush(stdout);
}

static void print_table(void)
{
	unsigned checked = 0, inside = 0;

	printf("\n| benchmark | core | simulated | expected | unit | ratio | within +-20%% | source |\n");
	printf("|---|---|---:|---:|---|---:|---|---|\n");
	for (unsigned i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];

		if (r->expected > 0) {
			double ratio = r->sim / r->expected;
			bool ok = ratio >= 0.8 - 1e-9 && ratio <= 1.2 + 1e-9;

			checked++;
			inside += ok;
			printf("| %s | %s | %.2f | %.2f | %s | %.2f | %s | %s |\n", r->name, r->cls,
			       r->sim, r->expected, r->unit, ratio, ok ? "yes" : "**NO**", r->source);
		} else {
			printf("| %s | %s | %.2f | - | %s | - | (information) | %s |\n", r->name,
			       r->cls, r->sim, r->unit, r->source);
		}
	}
	printf("\nSources (docs/timing.md has the details):\n"
	       "  SOG-A55   Arm Cortex-A55 Software Optimization Guide (ARM-EPM-128372)\n"
	       "  SOG-A78   Arm Cortex-A78 Core Software Optimization Guide (doc. 102160)\n"
	       "  TRM-A55/A78  Arm Cortex-A55 (100442) / Cortex-A78 (101430) TRMs, MMU chapters\n"
	       "  WikiChip A76  en.wikichip.org/wiki/arm_holdings/microarchitectures/cortex-a76\n"
	       "  AnandTech SD888  anandtech.com/show/16463 (Snapdragon 888 vs Exynos 2100), p. 3\n"
	       "  Arm ARM   DDI 0487, two-stage translation\n");
	printf("\ntiming_validate: %u of %u figures within +-20%% of the expected value\n",
	       inside, checked);
}

/* ------------------------------------------------------- random rings */

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void shuffle(uint32_t *v, uint64_t n)
{
	for (uint64_t i = n - 1; i > 0 && n > 1; i--) {
		uint64_t j = next_random() % (i + 1);
		uint32_t t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}

/*
 * Links n nodes, node i at addr(i), into one ring in a random order; each
 * holds the address of the next. With group > 1 the order visits groups of
 * group consecutive nodes (a 4 KiB page of 64-byte nodes) in a random
 * order, and the nodes of each group in a random order: as random for the
 * caches, but one TLB miss per page instead of one per load, so that a
 * cache latency does not include the TLB's. Returns the first node's
 * address.
 */
static uint64_t ring(struct machine *m, uint64_t n, uint64_t (*addr)(uint64_t i), uint64_t group)
{
	uint64_t groups = (n + group - 1) / group, k = 0, first;
	uint32_t *order = malloc(n * sizeof(*order)), *g = malloc(groups * sizeof(*g));

	if (!order || !g) {
		fprintf(stderr, "timing_validate: out of memory\n");
		exit(1);
	}
	rng = 0x2545f4914f6cdd1dull;
	for (uint64_t i = 0; i < groups; i++)
		g[i] = (uint32_t)i;
	shuffle(g, groups);
	for (uint64_t i = 0; i < groups; i++) {
		uint64_t start = k;

		for (uint64_t j = (uint64_t)g[i] * group; j < ((uint64_t)g[i] + 1) * group && j < n; j++)
			order[k++] = (uint32_t)j;
		shuffle(order + start, k - start);
	}
	for (uint64_t i = 0; i < n; i++)
		*ram64(m, addr(order[i])) = addr(order[(i + 1) % n]);
	first = addr(order[0]);
	free(order);
	free(g);
	return first;
}

/* ------------------------------------------------------------ chains */

static void chains(const struct cls *k)
{
	static const struct {
		const char *name;
		double a55, a78;
		const char *source;
	} kinds[] = {
		{ "chain ADD (cycles/insn)", 1, 1, "SOG-A55 / SOG-A78: integer ALU" },
		{ "chain MUL W (cycles/insn)", 3, 2, "SOG-A55 / SOG-A78: MUL, W form" },
		{ "chain UDIV W (cycles/insn)", 12, 12, "SOG-A55 / SOG-A78: UDIV W, upper bound" },
		{ "chain UDIV X (cycles/insn)", 20, 20, "SOG-A55 / SOG-A78: UDIV X, upper bound" },
	};
	const uint64_t n1 = 1000, n2 = 11000;

	for (unsigned kind = 0; kind < 4; kind++) {
		struct job j = { .prog = "timing-chain.elf", .ncores = k->ncores,
				 .start = 1u << k->core, .params = { 0, 0, kind } };
		struct result r1, r2;

		if (!wanted(kinds[kind].name))
			continue;
		r1 = run_with(j, n1);
		r2 = run_with(j, n2);
		add(kinds[kind].name, k, (double)(r2.cycles - r1.cycles) / ((n2 - n1) * 32.0),
		    k == &A55 ? kinds[kind].a55 : kinds[kind].a78, "cycles", kinds[kind].source);
	}
}

/* ------------------------------------------------------------ branch */

static void branch(const struct cls *k, double expected)
{
	const uint64_t n1 = 10000, n2 = 110000;
	struct job random = { .prog = "timing-branch.elf", .ncores = k->ncores,
			      .start = 1u << k->core, .params = { 0, 0, 1 } };
	struct job never = random;
	struct result r1, r2, s1, s2;
	double extra, rate;

	if (!wanted("branch mispredict"))
		return;
	never.params[2] = 0;
	r1 = run_with(random, n1);
	r2 = run_with(random, n2);
	s1 = run_with(never, n1);
	s2 = run_with(never, n2);
	extra = (double)(r2.cycles - r1.cycles) - (double)(s2.cycles - s1.cycles);
	rate = (double)(r2.mispredicts - r1.mispredicts) / (double)(n2 - n1);
	add("branch mispredict penalty", k, extra / ((n2 - n1) / 2.0), expected, "cycles",
	    k == &A55 ? "SOG-A55 (LLVM A55 model: 8)" : "SOG-A78");
	printf("    (random branch: the model mispredicted %.1f%% of them; penalty per counted "
	       "mispredict %.2f cycles)\n", 100 * rate,
	       extra / (double)((r2.mispredicts - r1.mispredicts) - (s2.mispredicts - s1.mispredicts)));
}

/* ------------------------------------------------------------- chase */

static uint64_t chase_node(uint64_t i)
{
	return DATA_BASE + i * 64;
}

struct chase_arg {
	uint64_t n;
	uint64_t group;         /* nodes per group (see ring) */
};

static void chase_setup(struct machine *m, void *arg)
{
	struct chase_arg *a = arg;

	*ram64(m, PARAMS + 16) = ring(m, a->n, chase_node, a->group);
}

static uint64_t clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Cycles (and nanoseconds) per dependent load over a footprint of bytes:
 * in a random order page by page (paged), or over the whole footprint.
 */
struct latency {
	double cycles, ns;
};

static struct latency chase(const struct cls *k, uint64_t bytes, bool paged)
{
	struct chase_arg a = { .n = bytes / 64, .group = paged ? 64 : 1 };
	uint64_t it1 = clamp(2 * a.n / 32, 64, 4096);
	uint64_t it2 = it1 + clamp(2 * a.n / 32, 1024, 8192);
	struct job j = { .prog = "timing-chase.elf", .ncores = k->ncores, .start = 1u << k->core,
			 .setup = chase_setup, .arg = &a };
	struct result r1 = run_with(j, it1), r2 = run_with(j, it2);
	double cycles = (double)(r2.cycles - r1.cycles) / ((it2 - it1) * 32.0);

	return (struct latency){ cycles, cycles * 1e9 / r2.freq_hz };
}

static void chases(const struct cls *k)
{
	bool a55 = k == &A55;

	if (wanted("chase L1"))
		add("chase L1, 16 KiB", k, chase(k, 16 * KIB, true).cycles, a55 ? 3 : 4, "cycles",
		    a55 ? "SOG-A55: load-to-use" : "SOG-A78: load-to-use");
	if (wanted("chase L2")) {
		if (a55)
			add("chase L2, 64 KiB", k, chase(k, 64 * KIB, true).cycles, 0, "cycles",
			    "no public figure found");
		else
			add("chase L2, 256 KiB", k, chase(k, 256 * KIB, true).cycles, 9, "cycles",
			    "WikiChip A76: L2 load-to-use 9");
	}
	if (wanted("chase L3"))
		add("chase L3/system cache, 2 MiB", k, chase(k, 2 * MIB, true).cycles, a55 ? 0 : 28.5,
		    "cycles", a55 ? "no public figure found" : "WikiChip A76: DSU L3 26-31");
	if (wanted("chase DRAM"))
		add("chase DRAM, 128 MiB", k, chase(k, 128 * MIB, false).ns, 114, "ns",
		    "AnandTech SD888: 114 ns full random");
}

/* ------------------------------------------------------------ stream */

/* Bytes the streaming cores read (PARAMS + 64 + 8 * core), in all. */
static uint64_t streamed;

static void stream_bytes(struct machine *m, void *arg)
{
	unsigned mask = *(unsigned *)arg;

	streamed = 0;
	for (unsigned i = 0; i < 8; i++)
		if (mask & (1u << i))
			streamed += *ram64(m, PARAMS + 64 + 8 * i);
}

/*
 * Read bandwidth in GB/s (bytes per simulated ns) of the cores in mask
 * streaming at once (core 0 starts them with PSCI CPU_ON): every core
 * streams until the deadline, so the extra bytes between a 1 ms and a 3 ms
 * deadline are read in 2 ms by all of them.
 */
static double stream(unsigned ncores, unsigned mask, uint64_t bytes)
{
	unsigned running = (unsigned)__builtin_popcount(mask);
	uint64_t hz = PLAT_COUNTER_HZ_DEFAULT, t1 = hz / 1000, t2 = 3 * hz / 1000;
	struct job j = { .prog = "timing-stream.elf", .ncores = ncores, .start = 1,
			 .params = { 0, running, DATA_BASE, bytes, bytes, mask },
			 .done = stream_bytes, .arg = &mask };
	uint64_t b1, b2;

	run_with(j, t1);
	b1 = streamed;
	run_with(j, t2);
	b2 = streamed;
	return (double)(b2 - b1) / ((t2 - t1) * 1e9 / (double)hz);
}

static void streams(void)
{
	if (wanted("stream 1 core A55"))
		add("stream 1 core A55, 32 MiB", &A55, stream(1, 1, 32 * MIB), 0, "GB/s",
		    "no public single-core figure found");
	if (wanted("stream 1 core A78"))
		add("stream 1 core A78, 32 MiB", &A78, stream(5, 1u << 4, 32 * MIB), 0, "GB/s",
		    "no public single-core figure found");
	if (wanted("stream 8 cores"))
		add("stream 8 cores, 8x8 MiB", NULL, stream(8, 0xff, 8 * MIB), 51.2, "GB/s",
		    "LPDDR5-6400 x64 peak (AnandTech SD888)");
	if (wanted("stream 4 cores A78"))
		add("stream 4 cores A78, 4x8 MiB", NULL, stream(8, 0xf0, 8 * MIB), 0, "GB/s",
		    "no public figure found");
}

/* --------------------------------------------------------------- TLB */

/* Descriptor bits (VMSAv8-64, 4 KiB granule). */
#define D_TABLE         3ull
#define D_BLOCK         1ull
#define D_PAGE          3ull
/* Stage 1: AF, inner shareable, AttrIndx 0 (MAIR: normal write-back), EL1 read/write. */
#define S1_ATTR         ((1ull << 10) | (3ull << 8))
/* Stage 2: AF, inner shareable, S2AP read/write, MemAttr normal write-back. */
#define S2_ATTR         ((1ull << 10) | (3ull << 8) | (3ull << 6) | (0xfull << 2))
#define VMID            1ull

/*
 * Identity tables. Stage 1 (TTBR0_EL1 = S1_TABLES): 2 MiB blocks over
 * 0x40000000-0x41ffffff, 4 KiB pages over TLB_DATA (32 MiB). Stage 2
 * (VTTBR_EL2 = S2_TABLES): 2 MiB blocks over RAM but 4 KiB pages over the
 * 2 MiB holding the stage 1 tables and over TLB_DATA, so that every access
 * of a nested walk is itself a 3-level walk: (3 + 1) * (3 + 1) - 1 = 15.
 */
static void tables(struct machine *m)
{
	uint64_t s1_l1 = S1_TABLES, s1_l2 = S1_TABLES + 0x1000, s1_l3 = S1_TABLES + 0x2000;
	uint64_t s2_l1 = S2_TABLES, s2_l2 = S2_TABLES + 0x1000, s2_l3t = S2_TABLES + 0x2000;
	uint64_t s2_l3 = S2_TABLES + 0x3000;
	unsigned data_l2 = (unsigned)((TLB_DATA - PLAT_RAM_BASE) >> 21);       /* 16 */
	unsigned tables_l2 = (unsigned)((S1_TABLES - PLAT_RAM_BASE) >> 21);    /* 8 */

	memset(mem_ram_ptr(&m->mem, S1_TABLES), 0, 0x12000);
	memset(mem_ram_ptr(&m->mem, S2_TABLES), 0, 0x13000);
	*ram64(m, s1_l1 + 8) = s1_l2 | D_TABLE;
	for (unsigned i = 0; i < data_l2; i++)
		*ram64(m, s1_l2 + 8 * i) = (PLAT_RAM_BASE + ((uint64_t)i << 21)) | S1_ATTR | D_BLOCK;
	for (unsigned t = 0; t < TLB_PAGES / 512; t++) {
		*ram64(m, s1_l2 + 8 * (data_l2 + t)) = (s1_l3 + 0x1000ull * t) | D_TABLE;
		for (unsigned j = 0; j < 512; j++)
			*ram64(m, s1_l3 + 0x1000ull * t + 8 * j) =
				(TLB_DATA + ((uint64_t)(t * 512 + j) << 12)) | S1_ATTR | D_PAGE;
	}
	*ram64(m, s2_l1 + 8) = s2_l2 | D_TABLE;
	for (unsigned i = 0; i < (RAM_SIZE >> 21); i++)
		*ram64(m, s2_l2 + 8 * i) = (PLAT_RAM_BASE + ((uint64_t)i << 21)) | S2_ATTR | D_BLOCK;
	*ram64(m, s2_l2 + 8 * tables_l2) = s2_l3t | D_TABLE;
	for (unsigned j = 0; j < 512; j++)
		*ram64(m, s2_l3t + 8 * j) = (S1_TABLES + ((uint64_t)j << 12)) | S2_ATTR | D_PAGE;
	for (unsigned t = 0; t < TLB_PAGES / 512; t++) {
		*ram64(m, s2_l2 + 8 * (data_l2 + t)) = (s2_l3 + 0x1000ull * t) | D_TABLE;
		for (unsigned j = 0; j < 512; j++)
			*ram64(m, s2_l3 + 0x1000ull * t + 8 * j) =
				(TLB_DATA + ((uint64_t)(t * 512 + j) << 12)) | S2_ATTR | D_PAGE;
	}
}

/*
 * One node per page, at a line offset that changes every 8 pages: the
 * nodes of consecutive pages fall in different cache sets, so up to 512
 * pages' nodes fit the L1 and 2048 the L2, and the cache cost stays flat.
 */
static uint64_t tlb_node(uint64_t p)
{
	return TLB_DATA + (p << 12) + (((p >> 3) & 63) << 6);
}

struct tlb_arg {
	uint64_t pages;
};

static void tlb_setup(struct machine *m, void *arg)
{
	struct tlb_arg *a = arg;

	tables(m);
	*ram64(m, PARAMS + 16) = ring(m, a->pages, tlb_node, 1);
}

struct tlb_point {
	double cycles;          /* per load */
	double refs_per_walk, walks_per_load;
};

static struct tlb_point tlb_chase(const struct cls *k, uint64_t pages, unsigned mode)
{
	struct tlb_arg a = { .pages = pages };
	uint64_t pass = (pages + 31) / 32;
	uint64_t it1 = clamp(2 * pass, 64, 4096), it2 = it1 + clamp(4 * pass, 512, 8192);
	struct job j = { "timing-tlb.elf", k->ncores, 1u << k->core,
			 { 0, 0, 0, mode, S1_TABLES, S2_TABLES | (VMID << 48) }, tlb_setup, NULL, &a };
	struct result r1 = run_with(j, it1), r2 = run_with(j, it2);
	double loads = (it2 - it1) * 32.0, walks = (double)(r2.l2tlb_misses - r1.l2tlb_misses);

	return (struct tlb_point){
		.cycles = (double)(r2.cycles - r1.cycles) / loads,
		.refs_per_walk = walks > 0 ? (double)(r2.walk_refs - r1.walk_refs) / walks : 0,
		.walks_per_load = walks / loads,
	};
}

static void tlbs(const struct cls *k)
{
	static const uint64_t l1_sweep[] = { 4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64 };
	static const uint64_t l2_sweep[] = { 512, 640, 768, 896, 1024, 1152, 1280, 1408,
					     1536, 1792, 2048 };
	bool a55 = k == &A55;

	if (wanted("TLB L1 reach")) {
		double base = 0;
		uint64_t reach = 0;
		bool broken = false;

		printf("    L1 TLB sweep (%s, stage 1): pages: cycles/load\n     ", k->name);
		for (unsigned i = 0; i < sizeof(l1_sweep) / sizeof(l1_sweep[0]); i++) {
			double c = tlb_chase(k, l1_sweep[i], 1).cycles;

			if (i == 0)
				base = c;
			if (c - base >= 0.5)
				broken = true;
			if (!broken)
				reach = l1_sweep[i];
			printf(" %" PRIu64 ": %.2f", l1_sweep[i], c);
		}
		printf("\n");
		add("TLB L1 reach", k, (double)reach * 4, a55 ? 64 : 128, "KiB",
		    a55 ? "TRM-A55: 16-entry L1 DTLB" : "TRM-A78: 32-entry L1 DTLB");
	}
	if (wanted("TLB L2 reach")) {
		uint64_t reach = 0;
		bool broken = false;
		double base = 0;

		printf("    L2 TLB sweep (%s): pages: walk cycles/load (stage 1 - MMU off,"
		       " less the same at %" PRIu64 " pages)\n     ", k->name, l2_sweep[0]);
		for (unsigned i = 0; i < sizeof(l2_sweep) / sizeof(l2_sweep[0]); i++) {
			double d = tlb_chase(k, l2_sweep[i], 1).cycles -
				   tlb_chase(k, l2_sweep[i], 0).cycles;

			/* The first size hits the L2 TLB every time: walks start after. */
			if (i == 0)
				base = d;
			if (d - base >= 1.0)
				broken = true;
			if (!broken)
				reach = l2_sweep[i];
			printf(" %" PRIu64 ": %.2f", l2_sweep[i], d - base);
		}
		printf("\n");
		add("TLB L2 reach", k, (double)reach * 4 / 1024, a55 ? 4 : 5, "MiB",
		    a55 ? "TRM-A55: 1024-entry L2 TLB" : "TRM-A78: 1280-entry L2 TLB");
	}
	if (wanted("walk")) {
		struct tlb_point off = tlb_chase(k, TLB_PAGES, 0);
		struct tlb_point s1 = tlb_chase(k, TLB_PAGES, 1);
		struct tlb_point s2 = tlb_chase(k, TLB_PAGES, 2);

		printf("    %u pages: %.2f cycles/load with the MMU off, %.2f stage 1, %.2f stages 1+2;"
		       " walks per load %.2f, %.2f\n", TLB_PAGES, off.cycles, s1.cycles, s2.cycles,
		       s1.walks_per_load, s2.walks_per_load);
		add("walk refs, stage 1", k, s1.refs_per_walk, 3, "refs", "Arm ARM: 3-level walk");
		add("walk refs, stage 1+2", k, s2.refs_per_walk, 15, "refs",
		    "Arm ARM: (3+1)(3+1)-1");
		add("walk cost, stage 1", k, (s1.cycles - off.cycles) / s1.walks_per_load, 0,
		    "cycles", "per walk (model)");
		add("walk cost, stage 1+2", k, (s2.cycles - off.cycles) / s2.walks_per_load, 0,
		    "cycles", "per walk (model)");
	}
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: timing_validate BENCH_DIR [FILTER]\n");
		return 2;
	}
	bench_dir = argv[1];
	filter = argc == 3 ? argv[2] : NULL;
	printf("timing_validate: phone preset; A55 = core 0 at 1.8 GHz, A78 = core 4 at 2.8 GHz\n");
	chains(&A55);
	chains(&A78);
	branch(&A55, 8);
	branch(&A78, 11);
	chases(&A55);
	chases(&A78);
	streams();
	tlbs(&A55);
	tlbs(&A78);
	print_table();
	return 0;
}
