/*
 * memsys.c - the memory hierarchy (see memsys.h).
 *
 * An access walks down the levels until one hits; each level that missed
 * allocates the line (inclusive fills). The cost is the latency of the
 * level that hit, less the L1's (which the pipeline model already counts),
 * or, from DRAM, its latency plus any wait for it to be free, converted to
 * the core's cycles. Dirty victims are written to the next level and, from
 * the last cache level, occupy DRAM bandwidth (kept by bins of time, see
 * memsys.h).
 */
#include <string.h>

#include "memsys.h"

int memsys_init(struct memsys *ms, const struct memsys_config *cfg)
{
	memset(ms, 0, sizeof(*ms));
	if (cfg->ncores == 0 || cfg->ncores > MEMSYS_MAX_CORES || cfg->dram_bytes_per_ns == 0)
		return -1;
	ms->cfg = *cfg;
	for (unsigned i = 0; i < cfg->ncores; i++)
		if (cache_init(&ms->l1i[i], &cfg->l1i) || cache_init(&ms->l1d[i], &cfg->l1d) ||
		    (cfg->l2.size && cache_init(&ms->l2[i], &cfg->l2)))
			return -1;
	if (cfg->slc.size && cache_init(&ms->slc, &cfg->slc))
		return -1;
	return 0;
}

void memsys_free(struct memsys *ms)
{
	for (unsigned i = 0; i < ms->cfg.ncores; i++) {
		cache_free(&ms->l1i[i]);
		cache_free(&ms->l1d[i]);
		cache_free(&ms->l2[i]);
	}
	cache_free(&ms->slc);
}

/*
 * When DRAM is free for a request arriving at now_ns: once the transfers of
 * the requests that arrived in the same bin of time or the bins before are
 * done. Later requests, simulated already by a core ahead in the turn, do
 * not delay it, unless they are in its own bin (the bins' resolution).
 */
static uint64_t dram_free_at(const struct memsys *ms, uint64_t now_ns)
{
	uint64_t index = now_ns / MEMSYS_DRAM_BIN_NS, free_ns = now_ns;

	for (uint64_t k = 0; k < MEMSYS_DRAM_BINS && k <= index; k++) {
		const struct memsys_dram_bin *b = &ms->dram_bin[(index - k) % MEMSYS_DRAM_BINS];

		if (b->index == index - k && b->busy_ns > free_ns)
			free_ns = b->busy_ns;
	}
	return free_ns;
}

/*
 * Records DRAM busy until busy_ns for a request that arrived at now_ns. A
 * request older than the ring has no bin left (none in practice): it is
 * served without one.
 */
static void dram_occupy(struct memsys *ms, uint64_t now_ns, uint64_t busy_ns)
{
	uint64_t index = now_ns / MEMSYS_DRAM_BIN_NS;
	struct memsys_dram_bin *b = &ms->dram_bin[index % MEMSYS_DRAM_BINS];

	if (b->index > index)
		return;
	if (b->index < index)
		*b = (struct memsys_dram_bin){ .index = index };
	b->busy_ns = busy_ns;
}

/* A line transfer with DRAM at now_ns: returns when it completes. */
static uint64_t dram(struct memsys *ms, unsigned core, uint64_t now_ns, bool write)
{
	uint64_t start = dram_free_at(ms, now_ns);
	uint64_t busy = (ms->cfg.l1d.line + ms->cfg.dram_bytes_per_ns - 1) / ms->cfg.dram_bytes_per_ns;

	ms->stats[core].dram_wait_ns += start - now_ns;
	dram_occupy(ms, now_ns, start + busy);
	if (write) {
		ms->stats[core].dram_writes++;
		return start + busy;
	}
	ms->stats[core].dram_reads++;
	return start + ms->cfg.dram_latency_ns;
}

/* The levels below the L1s, in order, for core (absent ones skipped). */
static unsigned lower_levels(struct memsys *ms, unsigned core, struct cache **levels)
{
	unsigned n = 0;

	if (ms->cfg.l2.size)
		levels[n++] = &ms->l2[core];
	if (ms->cfg.slc.size)
		levels[n++] = &ms->slc;
	return n;
}

/* Writes a dirty victim back, level by level, to DRAM if it must. */
static void write_back(struct memsys *ms, unsigned core, struct cache **levels, unsigned n,
		       unsigned from, uint64_t pa, uint64_t now_ns)
{
	for (unsigned i = from; i < n; i++) {
		uint64_t victim;
		bool has_victim;

		if (cache_access(levels[i], pa, true, &victim, &has_victim) && !has_victim)
			return;
		if (!has_victim)
			return;
		pa = victim;
	}
	dram(ms, core, now_ns, true);
}

static void count(struct cache_stats *to, const struct cache_stats *before,
		  const struct cache *c)
{
	to->hits += c->stats.hits - before->hits;
	to->misses += c->stats.misses - before->misses;
	to->writebacks += c->stats.writebacks - before->writebacks;
}

uint32_t memsys_access(struct memsys *ms, unsigned core, uint64_t pa, enum memsys_access kind,
		       uint64_t now_ns, uint64_t freq_hz)
{
	struct cache *l1 = kind == MEMSYS_FETCH ? &ms->l1i[core] : &ms->l1d[core];
	struct cache *levels[2];
	unsigned n = lower_levels(ms, core, levels);
	struct cache_stats slc_before = ms->slc.stats;
	uint64_t victim, done_ns;
	bool has_victim;
	uint32_t cycles = 0;

	if (cache_access(l1, pa, kind == MEMSYS_WRITE, &victim, &has_victim))
		return 0;
	if (has_victim)
		write_back(ms, core, levels, n, 0, victim, now_ns);
	for (unsigned i = 0; i < n; i++) {
		bool hit = cache_access(levels[i], pa, false, &victim, &has_victim);

		if (has_victim)
			write_back(ms, core, levels, n, i + 1, victim, now_ns);
		if (hit) {
			cycles = levels[i]->cfg.latency - l1->cfg.latency;
			goto out;
		}
	}
	done_ns = dram(ms, core, now_ns, false);
	cycles = (uint32_t)((done_ns - now_ns) * freq_hz / 1000000000u);
	if (n)
		cycles += levels[n - 1]->cfg.latency - l1->cfg.latency;
out:
	count(&ms->stats[core].slc, &slc_before, &ms->slc);
	return cycles;
}
