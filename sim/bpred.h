/*
 * bpred.h - a branch predictor: direction for conditional branches (a
 * gshare-style table of 2-bit counters indexed by PC and global history),
 * targets for taken branches (a set-associative BTB), and returns (a
 * return address stack). The core charges a misprediction penalty.
 *
 * It sees branches after the fact, as the simulator does: each call gives
 * the branch, what it did, and asks whether the predictor would have known.
 */
#ifndef PHONESIM_BPRED_H
#define PHONESIM_BPRED_H

#include <stdbool.h>
#include <stdint.h>

enum branch_kind {
	BRANCH_NONE,            /* the block ended without a branch (fall-through) */
	BRANCH_DIRECT,          /* B: always taken, target in the instruction */
	BRANCH_COND,            /* B.cond, CBZ/CBNZ, TBZ/TBNZ */
	BRANCH_CALL,            /* BL (pushes the return stack) */
	BRANCH_INDIRECT,        /* BR */
	BRANCH_CALL_INDIRECT,   /* BLR */
	BRANCH_RETURN,          /* RET */
};

struct bpred_config {
	unsigned history_bits;  /* global history length, and log2 of the counter table */
	unsigned btb_entries;   /* a power of two */
	unsigned btb_ways;
	unsigned ras_depth;
};

struct bpred_stats {
	uint64_t branches, mispredicts;
};

struct bpred {
	struct bpred_config cfg;
	uint8_t *counters;
	uint64_t history;
	uint64_t *btb_pc, *btb_target;
	uint32_t *btb_plru;
	uint64_t *ras;
	unsigned ras_top, ras_count;
	struct bpred_stats stats;
};

int bpred_init(struct bpred *b, const struct bpred_config *cfg);
void bpred_free(struct bpred *b);

/*
 * The branch at pc of kind went to target (taken) or fell through to
 * pc + 4. Returns true when the predictor would have mispredicted (wrong
 * direction, or a taken branch whose target it did not predict), and
 * updates its state either way.
 */
bool bpred_resolve(struct bpred *b, uint64_t pc, enum branch_kind kind, bool taken,
		   uint64_t target);

#endif
