/*
 * cache.c - a set-associative cache level (see cache.h).

 */
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "plru.h"

static bool pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static unsigned log2u(uint32_t v)
{
	unsigned n = 0;

	while (v >>= 1)
		n++;
	return n;
}

bool cache_config_valid(const struct cache_config *cfg)
{
	return pow2(cfg->size) && pow2(cfg->ways) && pow2(cfg->line) && cfg->line >= 16 &&
	       cfg->ways <= 32 && (uint64_t)cfg->ways * cfg->line <= cfg->size;
}

int cache_init(struct cache *c, const struct cache_config *cfg)
{
	memset(c, 0, sizeof(*c));
	if (!cache_config_valid(cfg))
		return -1;
	c->cfg = *cfg;
	c->sets = cfg->size / (cfg->ways * cfg->line);
	c->line_shift = log2u(cfg->line);
	c->set_bits = log2u(c->sets);
	c->tag = calloc((size_t)c->sets * cfg->ways, sizeof(*c->tag));
	c->dirty = calloc((size_t)c->sets * cfg->ways, sizeof(*c->dirty));
	c->plru = calloc(c->sets, sizeof(*c->plru));
	if (!c->tag || !c->dirty || !c->plru) {
		cache_free(c);
		return -1;
	}
	return 0;
}

void cache_free(struct cache *c)
{
	free(c->tag);
	free(c->dirty);
	free(c->plru);
	c->tag = NULL;
	c->dirty = NULL;
	c->plru = NULL;
}

bool cache_probe(const struct cache *c, uint64_t pa)
{
	uint64_t line = pa >> c->line_shift;
	const uint64_t *tags = &c->tag[(line & (c->sets - 1)) * c->cfg.ways];

	for (unsigned w = 0; w < c->cfg.ways; w++)
		if (tags[w] == line + 1)
			return true;
	return false;
}

bool cache_access(struct cache *c, uint64_t pa, bool write, uint64_t *victim, bool *has_victim)
{
	uint64_t line = pa >> c->line_shift;
	uint32_t set = (uint32_t)(line & (c->sets - 1));
	uint64_t *tags = &c->tag[(size_t)set * c->cfg.ways];
	uint8_t *dirty = &c->dirty[(size_t)set * c->cfg.ways];
	unsigned way;

	*has_victim = false;
	for (way = 0; way < c->cfg.ways; way++)
		if (tags[way] == line + 1) {
			dirty[way] |= write;
			plru_touch(&c->plru[set], c->cfg.ways, way);
			c->stats.hits++;
			return true;
		}
	c->stats.misses++;
	/* An invalid way if there is one, else the pseudo-LRU victim. */
	for (way = 0; way < c->cfg.ways && tags[way]; way++)
		;
	if (way == c->cfg.ways) {
		way = plru_victim(c->plru[set], c->cfg.ways);
		if (dirty[way]) {
			*victim = (tags[way] - 1) << c->line_shift;
			*has_victim = true;
			c->stats.writebacks++;
		}
	}
	tags[way] = line + 1;
	dirty[way] = write;
	plru_touch(&c->plru[set], c->cfg.ways, way);
	return false;
}

void cache_invalidate_all(struct cache *c)
{
	size_t n = (size_t)c->sets * c->cfg.ways;

	for (size_t i = 0; i < n; i++)
		c->stats.writebacks += c->tag[i] && c->dirty[i];
	memset(c->tag, 0, n * sizeof(*c->tag));
	memset(c->dirty, 0, n * sizeof(*c->dirty));
	memset(c->plru, 0, c->sets * sizeof(*c->plru));
}
