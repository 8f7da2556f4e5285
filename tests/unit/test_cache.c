/*
 * test_cache.c - unit tests for one cache level (sim/cache.c, with the tree
 * pseudo-LRU of sim/plru.h) and for the memory hierarchy built from such
 * levels (sim/memsys.c).
 *
 * Cache: the geometry it accepts, what it counts, the order in which the
 * tree pseudo-LRU replaces the ways of a 4-way set, write-allocate and the
 * victims it reports, cache_probe and cache_invalidate_all.
 * Memory hierarchy: what each level costs beyond an L1 hit, DRAM latency in
 * the core's cycles, DRAM contention between cores, dirty victims going down
 * to DRAM, and the system cache shared by the cores.
 *
 * Every expected value is worked out by hand in the test from the rules the
 * headers state; the tree's bits are spelled out where a victim is chosen.
 */
#include "cache.h"
#include "memsys.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* ------------------------------------------------------------ one level */

/* 1 KiB, 4 ways, 64-byte lines: 4 sets, so a set repeats every 256 bytes. */
#define LINE		64u
#define SETS		4u
static const struct cache_config small = { .size = 1024, .ways = 4, .line = LINE, .latency = 3 };

/* The address of line number tag (0, 1, ...) among those of set set. */
static uint64_t addr(unsigned set, unsigned tag)
{
	return ((uint64_t)tag * SETS + set) * LINE;
}

static struct cache c;

static void setup_small(void)
{
	ck_assert_int_eq(cache_init(&c, &small), 0);
}

static void teardown_small(void)
{
	cache_free(&c);
}

/* What one access did. */
struct outcome {
	bool hit;
	bool has_victim;
	uint64_t victim;
};

static struct outcome touch(uint64_t pa, bool write)
{
	struct outcome o = { .victim = UINT64_MAX };

	o.hit = cache_access(&c, pa, write, &o.victim, &o.has_victim);
	return o;
}

static void expect_stats(uint64_t hits, uint64_t misses, uint64_t writebacks)
{
	ck_assert_uint_eq(c.stats.hits, hits);
	ck_assert_uint_eq(c.stats.misses, misses);
	ck_assert_uint_eq(c.stats.writebacks, writebacks);
}

/* A write miss whose replaced line was dirty at victim. */
static void expect_evicts(uint64_t pa, uint64_t victim)
{
	struct outcome o = touch(pa, true);

	ck_assert(!o.hit);
	ck_assert_msg(o.has_victim, "access to 0x%llx: no dirty victim",
		      (unsigned long long)pa);
	ck_assert_msg(o.victim == victim, "access to 0x%llx evicted 0x%llx, expected 0x%llx",
		      (unsigned long long)pa, (unsigned long long)o.victim,
		      (unsigned long long)victim);
}

/* Lines A..D of set 0, written: they fill ways 0..3 in that order (invalid ways first). */
static void fill_set0_dirty(void)
{
	for (unsigned tag = 0; tag < 4; tag++)
		ck_assert(!touch(addr(0, tag), true).hit);
}

/*
 * Sizes, ways and lines must be powers of two, ways at most 32, lines at
 * least 16 bytes, and a set must fit in the cache.
 */
START_TEST(test_geometry)
{
	static const struct cache_config bad[] = {
		{ .size = 1000, .ways = 4, .line = 64 },        /* size not a power of two */
		{ .size = 0, .ways = 4, .line = 64 },
		{ .size = 1024, .ways = 3, .line = 64 },        /* ways not a power of two */
		{ .size = 1024, .ways = 0, .line = 64 },
		{ .size = 1 << 20, .ways = 64, .line = 64 },    /* more than 32 ways */
		{ .size = 1024, .ways = 4, .line = 8 },         /* line under 16 bytes */
		{ .size = 1024, .ways = 4, .line = 48 },        /* line not a power of two */
		{ .size = 128, .ways = 4, .line = 64 },         /* one set is larger than the cache */
	};
	static const struct cache_config limits[] = {
		{ .size = 2048, .ways = 32, .line = 64 },       /* 32 ways: one set */
		{ .size = 1024, .ways = 4, .line = 16 },        /* 16-byte lines */
	};
	struct cache k;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(cache_init(&k, &bad[i]) == -1, "geometry %u accepted", i);
		cache_free(&k);
	}
	for (unsigned i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		ck_assert_msg(cache_init(&k, &limits[i]) == 0, "geometry %u refused", i);
		cache_free(&k);
	}
	/* 1024 / (4 * 64) = 4 sets, indexed by address bits 6-7. */
	ck_assert_int_eq(cache_init(&k, &small), 0);
	ck_assert_uint_eq(k.sets, 4);
	ck_assert_uint_eq(k.line_shift, 6);
	ck_assert_uint_eq(k.set_bits, 2);
	cache_free(&k);
}
END_TEST

/* Every access is a hit or a miss; only dirty victims are write-backs. */
START_TEST(test_counts)
{
	ck_assert(!touch(addr(0, 0), false).hit);               /* cold */
	ck_assert(touch(addr(0, 0) + 8, false).hit);            /* same line */
	ck_assert(touch(addr(0, 0) + LINE - 1, true).hit);      /* write hit: now dirty */
	ck_assert(!touch(addr(1, 0), false).hit);               /* another set */
	expect_stats(2, 2, 0);

	/* Three more lines fill set 0; a fifth replaces A (way 0: see test_plru_order). */
	for (unsigned tag = 1; tag < 4; tag++)
		ck_assert(!touch(addr(0, tag), false).hit);
	expect_stats(2, 5, 0);
	expect_evicts(addr(0, 4), addr(0, 0));
	expect_stats(2, 6, 1);

	/* The other ways were clean: replacing them is no write-back. */
	for (unsigned tag = 5; tag < 8; tag++) {
		struct outcome o = touch(addr(0, tag), false);

		ck_assert(!o.hit && !o.has_victim);
	}
	expect_stats(2, 9, 1);
}
END_TEST

/*
 * The tree of a 4-way set: bit 0 chooses between the halves {0, 1} and
 * {2, 3}, bit 1 within {0, 1}, bit 2 within {2, 3}; a set bit points right.
 * Using a way points every node on its path away from it.
 *
 *   fill A B C D (ways 0-3)     bits 000: points at way 0 (A)
 *   hit A                       b0 = 1, b1 = 1: right half, b2 = 0: way 2 (C)
 *   E replaces C (way 2)        b0 = 0, b2 = 1: left half, b1 = 1: way 1 (B)
 *   F replaces B (way 1)        b0 = 1, b1 = 0: right half, b2 = 1: way 3 (D)
 *   G replaces D (way 3)        b0 = 0, b2 = 0: left half, b1 = 0: way 0 (A)
 *   H replaces A
 *
 * True LRU would have replaced B, not C, after the hit on A: the tree only
 * approximates it.
 */
START_TEST(test_plru_order)
{
	const uint64_t a = addr(0, 0), b = addr(0, 1), cc = addr(0, 2), d = addr(0, 3);

	fill_set0_dirty();
	ck_assert(touch(a, false).hit);
	expect_evicts(addr(0, 4), cc);
	expect_evicts(addr(0, 5), b);
	expect_evicts(addr(0, 6), d);
	expect_evicts(addr(0, 7), a);
	/* The other sets were not touched. */
	ck_assert(!cache_probe(&c, addr(1, 0)));
}
END_TEST

/*
 * A write miss allocates the line, dirty; replacing it later reports the
 * line's address (not the address written) as the victim. A read miss
 * allocates a clean line, which a later write hit makes dirty.
 */
START_TEST(test_write_allocate)
{
	const uint64_t x = addr(2, 0), y = addr(2, 1);

	struct outcome o;

	ck_assert(!touch(x + 0x24, true).hit);
	ck_assert(cache_probe(&c, x));
	ck_assert(!touch(y, false).hit);
	ck_assert(touch(y + 4, true).hit);
	/* Two clean lines fill the set (ways 2, 3); the tree then points at x. */
	ck_assert(!touch(addr(2, 2), false).hit);
	ck_assert(!touch(addr(2, 3), false).hit);
	expect_evicts(addr(2, 4), x);
	/* Then at way 2 (clean: nothing to write back), then at y (way 1). */
	o = touch(addr(2, 5), false);
	ck_assert(!o.hit && !o.has_victim);
	expect_evicts(addr(2, 6), y);
	ck_assert(!cache_probe(&c, x));
	ck_assert_uint_eq(c.stats.writebacks, 2);
}
END_TEST

/*
 * cache_probe answers without using the line: after A..D, probing A leaves
 * the tree pointing at A, so E replaces A (where a hit on A made it replace
 * C in test_plru_order). Probes count neither hits nor misses, and a probe
 * that misses allocates nothing.
 */
START_TEST(test_probe_keeps_replacement)
{
	fill_set0_dirty();
	ck_assert(cache_probe(&c, addr(0, 0)));
	ck_assert(!cache_probe(&c, addr(0, 4)));
	ck_assert(!cache_probe(&c, addr(0, 4)));
	expect_stats(0, 4, 0);
	expect_evicts(addr(0, 4), addr(0, 0));
	ck_assert(cache_probe(&c, addr(0, 2)));
}
END_TEST

/*
 * Invalidating everything counts the dirty lines as written back, and
 * leaves a cache where every access misses and fills way 0 first.
 */
START_TEST(test_invalidate_all)
{
	ck_assert(!touch(addr(0, 0), true).hit);
	ck_assert(!touch(addr(1, 0), false).hit);
	ck_assert(!touch(addr(2, 0), true).hit);
	ck_assert(!touch(addr(3, 0), false).hit);
	cache_invalidate_all(&c);
	expect_stats(0, 4, 2);
	for (unsigned set = 0; set < SETS; set++)
		ck_assert(!cache_probe(&c, addr(set, 0)));
	/* Every line misses again; refilling invalid ways writes nothing back. */
	fill_set0_dirty();
	expect_stats(0, 8, 2);
	expect_evicts(addr(0, 4), addr(0, 0));
	expect_stats(0, 9, 3);
}
END_TEST

/* ------------------------------------------------------ the hierarchy */

#define NS_1GHZ		1000000000ull

/*
 * Tiny levels, so that a few lines conflict: L1s of one set of 2 ways,
 * private L2s of 2 sets of 2 ways (set = line number & 1), DRAM 90 ns,
 * 12 bytes/ns, so one 64-byte line keeps it busy ceil(64 / 12) = 6 ns.
 * Latencies as in the "small" preset.
 */
static const struct memsys_config tiny = {
	.ncores = 2,
	.l1i = { .size = 128, .ways = 2, .line = 64, .latency = 1 },
	.l1d = { .size = 128, .ways = 2, .line = 64, .latency = 3 },
	.l2 = { .size = 256, .ways = 2, .line = 64, .latency = 9 },
	.dram_latency_ns = 90, .dram_bytes_per_ns = 12,
};

#define DRAM_NS		90u
#define DRAM_BUSY_NS	6u
#define L2_HIT_D	(9u - 3u)       /* beyond an L1D hit */
#define L2_HIT_I	(9u - 1u)       /* beyond an L1I hit */

static struct memsys ms;

static void setup_tiny(void)
{
	ck_assert_int_eq(memsys_init(&ms, &tiny), 0);
}

static void teardown_ms(void)
{
	memsys_free(&ms);
}

static uint32_t load(unsigned core, uint64_t pa, uint64_t now_ns)
{
	return memsys_access(&ms, core, pa, MEMSYS_READ, now_ns, NS_1GHZ);
}

START_TEST(test_memsys_init)
{
	struct memsys_config cfg = tiny;
	struct memsys bad;

	cfg.ncores = 0;
	ck_assert_int_eq(memsys_init(&bad, &cfg), -1);
	memsys_free(&bad);
	/* Not freed: memsys_free would walk ncores (9) entries of 8-entry arrays. */
	cfg.ncores = MEMSYS_MAX_CORES + 1;
	ck_assert_int_eq(memsys_init(&bad, &cfg), -1);
	cfg = tiny;
	cfg.dram_bytes_per_ns = 0;
	ck_assert_int_eq(memsys_init(&bad, &cfg), -1);
	memsys_free(&bad);
	cfg = tiny;
	cfg.l2.ways = 3;
	ck_assert_int_eq(memsys_init(&bad, &cfg), -1);
	memsys_free(&bad);
}
END_TEST

/*
 * What each level costs beyond an L1 hit: 0 for the L1, the L2's latency
 * less the L1's for an L2 hit, and from DRAM its latency in the core's
 * cycles plus the last cache level's latency less the L1's.
 */
START_TEST(test_memsys_latencies)
{
	const uint64_t x = 0x1000;              /* line 0x40: L2 set 0 */
	const uint64_t y = 0x2040, z = 0x3040;  /* L2 set 1 */

	ck_assert_uint_eq(load(0, x, 0), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(0, x + 8, 100), 0);
	/* The L2 holds instructions and data: a fetch of x hits it. */
	ck_assert_uint_eq(memsys_access(&ms, 0, x, MEMSYS_FETCH, 200, NS_1GHZ), L2_HIT_I);
	/* y and z take both ways of the L1D (x was used last before y: z replaces x). */
	ck_assert_uint_eq(load(0, y, 1000), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(0, z, 2000), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(0, x, 3000), L2_HIT_D);
	ck_assert_uint_eq(ms.l1d[0].stats.misses, 4);
	ck_assert_uint_eq(ms.l2[0].stats.hits, 2);
	ck_assert_uint_eq(ms.stats[0].dram_reads, 3);

	/* DRAM's 90 ns are 135 cycles at 1.5 GHz and 252 at 2.8 GHz. */
	ck_assert_uint_eq(memsys_access(&ms, 0, 0x8000, MEMSYS_READ, 4000, 1500000000ull),
			  135 + L2_HIT_D);
	ck_assert_uint_eq(memsys_access(&ms, 0, 0x9000, MEMSYS_READ, 5000, 2800000000ull),
			  252 + L2_HIT_D);
	/* The other core's caches are its own. */
	ck_assert_uint_eq(load(1, x, 6000), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(ms.stats[0].dram_wait_ns + ms.stats[1].dram_wait_ns, 0);
}
END_TEST

/*
 * DRAM serves one line at a time, for all cores: three misses at the same
 * instant (two cores) start 0, 6 and 12 ns late; later, with DRAM idle
 * again, a miss costs the bare latency.
 */
START_TEST(test_memsys_contention)
{
	const uint64_t t = 5000;

	ck_assert_uint_eq(load(0, 0x1000, t), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(1, 0x2000, t), DRAM_BUSY_NS + DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(0, 0x3000, t), 2 * DRAM_BUSY_NS + DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(ms.stats[0].dram_wait_ns, 2 * DRAM_BUSY_NS);
	ck_assert_uint_eq(ms.stats[1].dram_wait_ns, DRAM_BUSY_NS);
	/* DRAM is free again from t + 18. */
	ck_assert_uint_eq(load(1, 0x4000, t + 3 * DRAM_BUSY_NS), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(ms.stats[1].dram_wait_ns, DRAM_BUSY_NS);
	ck_assert_uint_eq(ms.stats[0].dram_reads, 2);
	ck_assert_uint_eq(ms.stats[1].dram_reads, 2);
}
END_TEST

/*
 * The cores run one after another through a turn of the machine, so DRAM
 * may see a request after requests that arrive later in simulated time.
 * It waits only for those of its own 64 ns bin of time or earlier ones:
 * core 0's two misses at t + 1000 queue (0 and 6 ns), core 1's at t, run
 * afterwards, finds DRAM idle (a single "busy until" clock made it wait for
 * the later two); core 1's at t + 1000 queues behind core 0's two; and a
 * backlog goes on into the bins after it: five misses at t + 2030 (7030,
 * in the bin from 6976) keep DRAM busy until t + 2060, so one at t + 2045,
 * in the next bin, waits 15 ns.
 */
START_TEST(test_memsys_fair_order)
{
	const uint64_t t = 5000;

	ck_assert_uint_eq(load(0, 0x1000, t + 1000), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(0, 0x2000, t + 1000), DRAM_BUSY_NS + DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(1, 0x3000, t), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(ms.stats[1].dram_wait_ns, 0);
	ck_assert_uint_eq(load(1, 0x4000, t + 1000), 2 * DRAM_BUSY_NS + DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(ms.stats[1].dram_wait_ns, 2 * DRAM_BUSY_NS);

	for (unsigned i = 0; i < 5; i++)
		load(0, 0x10000 + 0x1000 * i, t + 2030);
	ck_assert_uint_eq(load(1, 0x20000, t + 2045), 15 + DRAM_NS + L2_HIT_D);
}
END_TEST

/*
 * A dirty line goes down one level when it is replaced, and from the last
 * level to DRAM, where it takes DRAM's time without stalling the core: the
 * miss behind it waits. A, B, C, D are lines 0, 2, 4, 6: all in L2 set 0.
 *
 *   write A          L1 {A*, -}, L2 {A, -}                        DRAM read
 *   read B           L1 {A*, B}, L2 {A, B}                        DRAM read
 *   read C           L1 victim A (dirty) -> L2 hit, A* in L2;
 *                    L2 last used A: replaces B (clean)          DRAM read
 *                    L1 {C, B}, L2 {A*, C}
 *   read D           L1 replaces B (clean); L2 last used C: replaces A*,
 *                    written to DRAM at t (busy until t + 6), then
 *                    D's read starts at t + 6                    102 cycles
 */
START_TEST(test_memsys_writeback)
{
	const uint64_t a = 0x000, b = 0x080, cc = 0x100, d = 0x180;

	/* A store's line moves as a load's (the store buffer is timing.c's). */
	ck_assert_uint_eq(memsys_access(&ms, 0, a, MEMSYS_WRITE, 0, NS_1GHZ), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(0, b, 1000), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(load(0, cc, 2000), DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(ms.l1d[0].stats.writebacks, 1);
	ck_assert_uint_eq(ms.l2[0].stats.writebacks, 0);
	ck_assert_uint_eq(ms.stats[0].dram_writes, 0);

	ck_assert_uint_eq(load(0, d, 3000), DRAM_BUSY_NS + DRAM_NS + L2_HIT_D);
	ck_assert_uint_eq(ms.l1d[0].stats.writebacks, 1);
	ck_assert_uint_eq(ms.l2[0].stats.writebacks, 1);
	ck_assert_uint_eq(ms.stats[0].dram_writes, 1);
	ck_assert_uint_eq(ms.stats[0].dram_reads, 4);
	ck_assert_uint_eq(ms.stats[0].dram_wait_ns, DRAM_BUSY_NS);
	ck_assert(!cache_probe(&ms.l2[0], a));
}
END_TEST

/*
 * With a system cache (latency 30), a line core 0 brought from DRAM hits
 * there for core 1, whose own L1 and L2 miss: 30 - 3 cycles, no DRAM read.
 * Each core's share of the SLC's hits and misses is its own.
 */
START_TEST(test_memsys_slc_shared)
{
	struct memsys_config cfg = tiny;
	const uint64_t x = 0x1000;

	memsys_free(&ms);
	cfg.slc = (struct cache_config){ .size = 1024, .ways = 4, .line = 64, .latency = 30 };
	ck_assert_int_eq(memsys_init(&ms, &cfg), 0);

	ck_assert_uint_eq(load(0, x, 0), DRAM_NS + 30 - 3);
	ck_assert_uint_eq(load(1, x, 1000), 30 - 3);
	ck_assert_uint_eq(ms.l2[1].stats.misses, 1);
	ck_assert_uint_eq(ms.stats[0].slc.misses, 1);
	ck_assert_uint_eq(ms.stats[0].slc.hits, 0);
	ck_assert_uint_eq(ms.stats[1].slc.hits, 1);
	ck_assert_uint_eq(ms.stats[1].slc.misses, 0);
	ck_assert_uint_eq(ms.stats[0].dram_reads, 1);
	ck_assert_uint_eq(ms.stats[1].dram_reads, 0);
	/* Core 0's private L2 still serves core 0 before the SLC is asked. */
	ck_assert_uint_eq(memsys_access(&ms, 0, x, MEMSYS_FETCH, 2000, NS_1GHZ), L2_HIT_I);
	ck_assert_uint_eq(ms.stats[0].slc.hits, 0);
}
END_TEST

static Suite *cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *level = tcase_create("level");
	TCase *hier = tcase_create("memsys");

	tcase_add_checked_fixture(level, setup_small, teardown_small);
	tcase_add_test(level, test_geometry);
	tcase_add_test(level, test_counts);
	tcase_add_test(level, test_plru_order);
	tcase_add_test(level, test_write_allocate);
	tcase_add_test(level, test_probe_keeps_replacement);
	tcase_add_test(level, test_invalidate_all);
	suite_add_tcase(s, level);

	tcase_add_checked_fixture(hier, setup_tiny, teardown_ms);
	tcase_add_test(hier, test_memsys_init);
	tcase_add_test(hier, test_memsys_latencies);
	tcase_add_test(hier, test_memsys_contention);
	tcase_add_test(hier, test_memsys_fair_order);
	tcase_add_test(hier, test_memsys_writeback);
	tcase_add_test(hier, test_memsys_slc_shared);
	suite_add_tcase(s, hier);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cache_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
