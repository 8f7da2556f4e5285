/*
 * plru.h - tree pseudo-LRU replacement for one set of up to 32 ways: the
 * ways - 1 bits of a binary tree, each pointing away from the half used
 * most recently. Shared by the cache and TLB models.
 */
#ifndef PHONESIM_PLRU_H
#define PHONESIM_PLRU_H

#include <stdbool.h>
#include <stdint.h>

/* Marks way as the most recently used of ways (a power of two). */
static inline void plru_touch(uint32_t *bits, unsigned ways, unsigned way)
{
	unsigned node = 0;

	for (unsigned span = ways / 2; span; span /= 2) {
		bool right = way & span;

		*bits = right ? *bits & ~(1u << node) : *bits | (1u << node);
		node = 2 * node + 1 + right;
	}
}

/* The way the tree points to: the one to replace. */
static inline unsigned plru_victim(uint32_t bits, unsigned ways)
{
	unsigned node = 0, way = 0;

	for (unsigned span = ways / 2; span; span /= 2) {
		bool right = bits & (1u << node);

		way |= right ? span : 0;
		node = 2 * node + 1 + right;
	}
	return way;
}

#endif
