/*
 * timing.h - where every cycle goes: the cycle-level timing model of a core.
 *
 * Each executed block is charged its static cost (pipeline.c, cached per
 * block) plus what happened dynamically: a mispredicted branch into it
 * (bpred.c), instruction fetch misses, every data access through the TLBs
 * (tlb.c; a miss walks the real translation tables, so the two-dimensional
 * walk under stage 2 costs each of its memory references) and the cache
 * hierarchy (memsys.c), exception entry and return.
 *
 * In functional mode nothing of this runs: one cycle per instruction, no
 * memory hook in the engine (for fast-forwarding).
 *
 * Not here: the engine (core.c feeds this from its hooks) or time itself
 * (core clocks, core.c).
 */
#ifndef PHONESIM_TIMING_H
#define PHONESIM_TIMING_H

#include <stdbool.h>
#include <stdint.h>

#include "bpred.h"
#include "memsys.h"
#include "pipeline.h"
#include "tlb.h"

struct core;

enum timing_mode { TIMING_FUNCTIONAL = 0, TIMING_DETAILED };

/* Per-core parameters of a preset (the memory system's are shared). */
struct timing_core_config {
	const struct pipeline_model *pipeline;
	uint64_t freq_hz;
	struct tlb_config l1i_tlb, l1d_tlb, l2_tlb;
	uint32_t walk_step_cycles;      /* per table walk reference, on top of its memory access */
	struct bpred_config bpred;
};

struct timing_config {
	const char *preset;
	struct timing_core_config core[MEMSYS_MAX_CORES];
	struct memsys_config mem;
};

/* Stall causes: cycles beyond the static cost, by reason. */
enum stall {
	STALL_FETCH, STALL_DATA, STALL_TLB, STALL_BRANCH, STALL_EXCEPTION, STALL_COUNT
};

extern const char *const stall_name[STALL_COUNT];

struct timing_counters {
	uint64_t cycles[3];                     /* by EL */
	uint64_t stall[3][STALL_COUNT];
	uint64_t count[3][IC_COUNT];            /* instructions by class */
	uint64_t walk_refs;                     /* page-walk memory references */
	uint64_t mispredicts, branches;
};

struct timing_block;

/* The branch that ended the block that ran last: the next block resolves it. */
struct timing_branch {
	enum branch_kind kind;                  /* BRANCH_NONE: nothing to resolve */
	uint64_t pc;
};

struct timing_core {
	struct timing_core_config cfg;
	struct tlb l1i_tlb, l1d_tlb, l2_tlb;
	struct bpred bpred;
	struct timing_block *blocks;            /* static costs, by block */
	struct timing_branch prev;
	/* The line the last data access touched, and whether it is now dirty. */
	uint64_t last_line;
	bool last_line_dirty;
	struct timing_counters counters;
};

/* Presets: "small" (tests: Cortex-A55 cores at 1 GHz) and "phone". */
int timing_preset(const char *name, unsigned ncores, struct timing_config *out);
bool timing_preset_known(const char *name);
/* The number of cores the preset's SoC has (what a run uses by default). */
unsigned timing_preset_cores(const char *name);
/* Whether the preset makes core i a big core (Cortex-A78 class), not a LITTLE one. */
bool timing_core_is_big(const struct timing_config *t, unsigned i);

int timing_core_init(struct timing_core *t, const struct timing_core_config *cfg);
void timing_core_free(struct timing_core *t);

/* Called by the core. Each returns the cycles to charge. */
uint64_t timing_block(struct core *c, uint64_t pc, uint32_t size);
uint64_t timing_data_access(struct core *c, uint64_t va, unsigned size, bool write);
uint64_t timing_exception(struct core *c);

/* TLB maintenance executed by the guest (a TLBI's encoding and Xt). */
void timing_tlbi(struct core *c, uint32_t enc, uint64_t xt);

/* Drops the static costs of the blocks in [pa, pa + len): their code changed. */
void timing_forget_code(struct timing_core *t, uint64_t pa, uint64_t len);

#endif
