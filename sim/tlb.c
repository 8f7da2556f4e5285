/*
 * tlb.c - a set-associative, tagged TLB (see tlb.h), tree pseudo-LRU.
 */
#include <stdlib.h>
#include <string.h>

#include "plru.h"
#include "tlb.h"

static bool pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

int tlb_init(struct tlb *t, const struct tlb_config *cfg)
{
	memset(t, 0, sizeof(*t));
	if (!pow2(cfg->entries) || !pow2(cfg->ways) || cfg->ways > cfg->entries || cfg->ways > 32)
		return -1;
	t->cfg = *cfg;
	t->sets = cfg->entries / cfg->ways;
	t->tag = calloc(cfg->entries, sizeof(*t->tag));
	t->valid = calloc(cfg->entries, sizeof(*t->valid));
	t->plru = calloc(t->sets, sizeof(*t->plru));
	if (!t->tag || !t->valid || !t->plru) {
		tlb_free(t);
		return -1;
	}
	return 0;
}

void tlb_free(struct tlb *t)
{
	free(t->tag);
	free(t->valid);
	free(t->plru);
	t->tag = NULL;
	t->valid = NULL;
	t->plru = NULL;
}

static bool matches(const struct tlb_tag *e, const struct tlb_tag *k)
{
	return e->page == k->page && e->regime == k->regime &&
	       (k->regime == TLB_EL2 || e->vmid == k->vmid) &&
	       (e->global || e->asid == k->asid);
}

static uint32_t set_of(const struct tlb *t, uint64_t page)
{
	return (uint32_t)(page & (t->sets - 1));
}

const struct tlb_tag *tlb_lookup(struct tlb *t, const struct tlb_tag *key)
{
	uint32_t set = set_of(t, key->page);

	/* Most lookups hit the entry that hit last: no need to search the set. */
	if (t->valid[t->last] && matches(&t->tag[t->last], key)) {
		plru_touch(&t->plru[t->last / t->cfg.ways], t->cfg.ways, t->last % t->cfg.ways);
		t->stats.hits++;
		return &t->tag[t->last];
	}
	for (unsigned w = 0; w < t->cfg.ways; w++) {
		size_t i = (size_t)set * t->cfg.ways + w;

		if (t->valid[i] && matches(&t->tag[i], key)) {
			plru_touch(&t->plru[set], t->cfg.ways, w);
			t->last = (uint32_t)i;
			t->stats.hits++;
			return &t->tag[i];
		}
	}
	t->stats.misses++;
	return NULL;
}

void tlb_fill(struct tlb *t, const struct tlb_tag *key)
{
	uint32_t set = set_of(t, key->page);
	unsigned w;

	for (w = 0; w < t->cfg.ways && t->valid[(size_t)set * t->cfg.ways + w]; w++)
		;
	if (w == t->cfg.ways)
		w = plru_victim(t->plru[set], t->cfg.ways);
	t->tag[(size_t)set * t->cfg.ways + w] = *key;
	t->valid[(size_t)set * t->cfg.ways + w] = true;
	plru_touch(&t->plru[set], t->cfg.ways, w);
}

/* Drops every entry for which drop(entry, ...) holds. */
static void flush_if(struct tlb *t, bool (*drop)(const struct tlb_tag *, const struct tlb_tag *),
		     const struct tlb_tag *scope)
{
	for (uint32_t i = 0; i < t->cfg.entries; i++)
		if (t->valid[i] && drop(&t->tag[i], scope))
			t->valid[i] = false;
}

static bool any(const struct tlb_tag *e, const struct tlb_tag *s)
{
	(void)e, (void)s;
	return true;
}

static bool same_regime(const struct tlb_tag *e, const struct tlb_tag *s)
{
	return e->regime == s->regime;
}

static bool same_vmid(const struct tlb_tag *e, const struct tlb_tag *s)
{
	return e->regime == TLB_EL10 && e->vmid == s->vmid;
}

static bool same_asid(const struct tlb_tag *e, const struct tlb_tag *s)
{
	return same_vmid(e, s) && !e->global && e->asid == s->asid;
}

/* s->global here means "whatever the ASID" (VAAE1, and EL2 forms). */
static bool same_va(const struct tlb_tag *e, const struct tlb_tag *s)
{
	return e->regime == s->regime && e->page == s->page &&
	       (s->regime == TLB_EL2 || e->vmid == s->vmid) &&
	       (s->global || e->global || e->asid == s->asid);
}

void tlb_flush_all(struct tlb *t)
{
	flush_if(t, any, NULL);
}

void tlb_flush_regime(struct tlb *t, enum tlb_regime regime)
{
	struct tlb_tag s = { .regime = regime };

	flush_if(t, same_regime, &s);
}

void tlb_flush_vmid(struct tlb *t, uint16_t vmid)
{
	struct tlb_tag s = { .vmid = vmid };

	flush_if(t, same_vmid, &s);
}

void tlb_flush_asid(struct tlb *t, uint16_t vmid, uint16_t asid)
{
	struct tlb_tag s = { .vmid = vmid, .asid = asid };

	flush_if(t, same_asid, &s);
}

void tlb_flush_va(struct tlb *t, enum tlb_regime regime, uint16_t vmid, uint64_t page,
		  bool match_asid, uint16_t asid)
{
	struct tlb_tag s = { .regime = regime, .vmid = vmid, .page = page, .asid = asid,
			     .global = !match_asid };

	flush_if(t, same_va, &s);
}
