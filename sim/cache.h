/*
 * cache.h - one level of a set-associative, physically tagged cache:
 * write-back, write-allocate, tree pseudo-LRU replacement.
 *
 * A model of hits and misses, not of data: the bytes live in RAM. The
 * memory hierarchy (memsys.h) chains levels and charges their latencies.
 */
#ifndef PHONESIM_CACHE_H
#define PHONESIM_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct cache_config {
	uint32_t size;          /* bytes; a power of two */
	uint32_t ways;          /* a power of two, <= 32 */
	uint32_t line;          /* bytes; a power of two, >= 16 */
	uint32_t latency;       /* cycles for a hit at this level */
};

struct cache_stats {
	uint64_t hits, misses, writebacks;
};

struct cache {
	struct cache_config cfg;
	uint32_t sets;
	unsigned line_shift, set_bits;
	uint64_t *tag;          /* sets * ways: line address + 1 (0 = invalid) */
	uint8_t *dirty;         /* sets * ways */
	uint32_t *plru;         /* sets: tree pseudo-LRU bits */
	struct cache_stats stats;
};

/* Returns 0, or -1 when the geometry is not valid or memory runs out. */
int cache_init(struct cache *c, const struct cache_config *cfg);
/* A geometry cache_init takes: powers of two, lines of 16 bytes or more, at most 32 ways. */
bool cache_config_valid(const struct cache_config *cfg);
void cache_free(struct cache *c);

/*
 * Accesses the line holding pa. On a hit returns true. On a miss allocates
 * the line (a write marks it dirty), returns false, and when the line it
 * replaced was dirty sets *victim to its address and *has_victim.
 */
bool cache_access(struct cache *c, uint64_t pa, bool write, uint64_t *victim, bool *has_victim);

/* Whether pa is present, without touching replacement state. */
bool cache_probe(const struct cache *c, uint64_t pa);

/* Drops every line (dirty ones are counted as written back). */
void cache_invalidate_all(struct cache *c);

#endif
