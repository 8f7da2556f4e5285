/*
 * memsys.h - the memory hierarchy behind the cores: per core an L1
 * instruction cache, an L1 data cache and a private L2; a system cache
 * shared by all cores; and DRAM whose bandwidth all cores share (a request
 * that finds DRAM busy waits for it: contention).
 *
 * It answers one question per access: how many cycles beyond an L1 hit did
 * it cost this core. Write-backs of dirty victims go down the hierarchy and
 * occupy DRAM bandwidth but do not stall the core (write buffers).
 * Deterministic: cores reach it in the machine's fixed order. That order is
 * not simulated time's (each core runs its part of a turn in one go), so
 * DRAM keeps its occupancy by bins of time: a request waits only for those
 * that arrived in its bin or before.
 */
#ifndef PHONESIM_MEMSYS_H
#define PHONESIM_MEMSYS_H

#include <stdbool.h>
#include <stdint.h>

#include "cache.h"

#define MEMSYS_MAX_CORES        8

enum memsys_access { MEMSYS_FETCH, MEMSYS_READ, MEMSYS_WRITE };

struct memsys_config {
	unsigned ncores;
	struct cache_config l1i, l1d, l2;       /* per core (l2.size 0: none) */
	struct cache_config slc;                /* system-level cache, shared (size 0: none) */
	uint32_t dram_latency_ns;               /* idle DRAM: request to data */
	uint32_t dram_bytes_per_ns;             /* sustained bandwidth, all cores together */
};

/* Per core; its private caches keep their own (ms->l1d[core].stats, ...). */
struct memsys_core_stats {
	struct cache_stats slc;                 /* this core's share of the system cache */
	uint64_t dram_reads, dram_writes;
	uint64_t dram_wait_ns;                  /* time spent queueing for DRAM */
};

/*
 * DRAM's occupancy in one bin of simulated time, [index, index + 1) times
 * MEMSYS_DRAM_BIN_NS: busy until busy_ns with the requests that arrived
 * then. A ring of MEMSYS_DRAM_BINS of them spans 4 us, more than a turn of
 * the machine (1 us with several cores running), so what the cores that
 * run later in a turn need is still there.
 */
#define MEMSYS_DRAM_BIN_NS      64
#define MEMSYS_DRAM_BINS        64

struct memsys_dram_bin {
	uint64_t index;
	uint64_t busy_ns;
};

struct memsys {
	struct memsys_config cfg;
	struct cache l1i[MEMSYS_MAX_CORES], l1d[MEMSYS_MAX_CORES], l2[MEMSYS_MAX_CORES];
	struct cache slc;
	struct memsys_dram_bin dram_bin[MEMSYS_DRAM_BINS];     /* bin index % MEMSYS_DRAM_BINS */
	struct memsys_core_stats stats[MEMSYS_MAX_CORES];
};

int memsys_init(struct memsys *ms, const struct memsys_config *cfg);
void memsys_free(struct memsys *ms);

/*
 * Core core accesses the line holding pa at simulated time now_ns, its clock
 * running at freq_hz (to turn DRAM nanoseconds into its cycles). Returns the
 * cycles the access costs beyond an L1 hit (0 on an L1 hit).
 */
uint32_t memsys_access(struct memsys *ms, unsigned core, uint64_t pa, enum memsys_access kind,
		       uint64_t now_ns, uint64_t freq_hz);

#endif
