/*
 * bpred.c - the branch predictor model (see bpred.h).
 *
 * Direction: gshare, 2^history_bits two-bit saturating counters indexed by
 * PC xor the global history of conditional outcomes. Targets: a BTB of
 * taken branches' targets, pseudo-LRU within a set. Returns: a circular
 * return address stack (overflow forgets the oldest entry).
 */
#include <stdlib.h>
#include <string.h>

#include "bpred.h"
#include "plru.h"

int bpred_init(struct bpred *b, const struct bpred_config *cfg)
{
	unsigned sets;

	memset(b, 0, sizeof(*b));
	if (cfg->history_bits == 0 || cfg->history_bits > 20 || cfg->btb_ways == 0 ||
	    cfg->btb_ways > 32 || cfg->btb_entries % cfg->btb_ways || cfg->ras_depth == 0)
		return -1;
	sets = cfg->btb_entries / cfg->btb_ways;
	if (sets & (sets - 1))
		return -1;
	b->cfg = *cfg;
	b->counters = malloc((size_t)1 << cfg->history_bits);
	b->btb_pc = calloc(cfg->btb_entries, sizeof(*b->btb_pc));
	b->btb_target = calloc(cfg->btb_entries, sizeof(*b->btb_target));
	b->btb_plru = calloc(sets, sizeof(*b->btb_plru));
	b->ras = calloc(cfg->ras_depth, sizeof(*b->ras));
	if (!b->counters || !b->btb_pc || !b->btb_target || !b->btb_plru || !b->ras) {
		bpred_free(b);
		return -1;
	}
	/* Weakly not taken. */
	memset(b->counters, 1, (size_t)1 << cfg->history_bits);
	return 0;
}

void bpred_free(struct bpred *b)
{
	free(b->counters);
	free(b->btb_pc);
	free(b->btb_target);
	free(b->btb_plru);
	free(b->ras);
	memset(b, 0, sizeof(*b));
}

/* -------------------------------------------------------------- parts */

/* True when the counter predicted the outcome; trains it. */
static bool direction(struct bpred *b, uint64_t pc, bool taken)
{
	uint64_t mask = ((uint64_t)1 << b->cfg.history_bits) - 1;
	uint8_t *ctr = &b->counters[((pc >> 2) ^ b->history) & mask];
	bool predicted = *ctr >= 2;

	if (taken && *ctr < 3)
		(*ctr)++;
	else if (!taken && *ctr > 0)
		(*ctr)--;
	b->history = ((b->history << 1) | taken) & mask;
	return predicted == taken;
}

/* True when the BTB held target for pc; learns it either way. */
static bool btb(struct bpred *b, uint64_t pc, uint64_t target)
{
	unsigned ways = b->cfg.btb_ways, sets = b->cfg.btb_entries / ways;
	unsigned set = (unsigned)((pc >> 2) & (sets - 1)), way;
	uint64_t *pcs = &b->btb_pc[set * ways], *targets = &b->btb_target[set * ways];

	for (way = 0; way < ways; way++)
		if (pcs[way] == pc + 1) {
			bool hit = targets[way] == target;

			targets[way] = target;
			plru_touch(&b->btb_plru[set], ways, way);
			return hit;
		}
	for (way = 0; way < ways && pcs[way]; way++)
		;
	if (way == ways)
		way = plru_victim(b->btb_plru[set], ways);
	pcs[way] = pc + 1;
	targets[way] = target;
	plru_touch(&b->btb_plru[set], ways, way);
	return false;
}

static void ras_push(struct bpred *b, uint64_t ret)
{
	b->ras_top = (b->ras_top + 1) % b->cfg.ras_depth;
	b->ras[b->ras_top] = ret;
	if (b->ras_count < b->cfg.ras_depth)
		b->ras_count++;
}

/* True when the stack's top was target. */
static bool ras_pop(struct bpred *b, uint64_t target)
{
	uint64_t top;

	if (!b->ras_count)
		return false;
	top = b->ras[b->ras_top];
	b->ras_top = (b->ras_top + b->cfg.ras_depth - 1) % b->cfg.ras_depth;
	b->ras_count--;
	return top == target;
}

/* --------------------------------------------------------------- all */

bool bpred_resolve(struct bpred *b, uint64_t pc, enum branch_kind kind, bool taken,
		   uint64_t target)
{
	bool right = true;

	switch (kind) {
	case BRANCH_NONE:
		return false;
	case BRANCH_COND:
		right = direction(b, pc, taken);
		/* A taken branch also needs its target from the BTB. */
		if (taken)
			right &= btb(b, pc, target);
		break;
	case BRANCH_DIRECT:
	case BRANCH_INDIRECT:
		right = btb(b, pc, target);
		break;
	case BRANCH_CALL:
	case BRANCH_CALL_INDIRECT:
		right = btb(b, pc, target);
		ras_push(b, pc + 4);
		break;
	case BRANCH_RETURN:
		right = ras_pop(b, target);
		break;
	}
	b->stats.branches++;
	b->stats.mispredicts += !right;
	return !right;
}
