/*
 * pipeline.h - the static cost of a basic block on a core's pipeline:
 * what its instructions cost when every load hits the L1 and every branch
 * is predicted, from their classes, the register dependences between them
 * and the issue width. Computed once per block and cached by the caller.
 *
 * Two models (docs/timing.md gives the numbers and their sources): an
 * in-order dual-issue pipeline (Cortex-A55 class), where an instruction
 * issues when its operands are ready and a slot of its kind is free; and an
 * out-of-order approximation (Cortex-A78 class), where a block costs the
 * longer of its dependence chain and its instruction count over the width.
 *
 * Dynamic costs (cache and TLB misses, mispredictions) are added by timing.c.
 */
#ifndef PHONESIM_PIPELINE_H
#define PHONESIM_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "bpred.h"

enum insn_class {
	IC_ALU,         /* integer arithmetic, logic, moves, shifts */
	IC_MUL,
	IC_DIV,
	IC_LOAD,
	IC_STORE,
	IC_BRANCH,
	IC_FP,          /* FP and SIMD data processing */
	IC_FP_DIV,      /* FDIV, FSQRT */
	IC_SYSTEM,      /* MSR/MRS/SYS, exception generation, hints */
	IC_BARRIER,     /* DMB, DSB, ISB */
	IC_COUNT
};

extern const char *const insn_class_name[IC_COUNT];

struct pipeline_model {
	const char *name;               /* "cortex-a55", "cortex-a78" */
	bool out_of_order;
	unsigned width;                 /* instructions issued per cycle */
	unsigned mem_ports;             /* loads/stores per cycle (in-order) */
	uint8_t latency[IC_COUNT];      /* result latency, cycles (loads: L1 hit) */
	uint8_t occupancy[IC_COUNT];    /* cycles an unpipelined unit stays busy (DIV), else 0 */
	/* The 64-bit (X) forms of SDIV/UDIV: the worst case of their
	 * data-dependent latency, as the optimization guides give it. */
	uint8_t div64_latency, div64_occupancy;
	unsigned mispredict_penalty;    /* cycles */
	unsigned exception_cost;        /* cycles to take or return from an exception */
	unsigned mlp;                   /* misses the core overlaps (out-of-order) */
};

extern const struct pipeline_model pipeline_a55, pipeline_a78;

struct block_cost {
	uint32_t cycles;
	uint16_t insns;
	uint16_t count[IC_COUNT];
	enum branch_kind branch;        /* how the block ends */
	uint64_t branch_pc;             /* its last instruction */
	uint64_t branch_target;         /* for direct branches */
};

/* Analyses n instructions at pc (code[] as fetched). */
void pipeline_block(const struct pipeline_model *pm, const uint32_t *code, uint64_t pc,
		    unsigned n, struct block_cost *out);

/* The class of one instruction (for energy per class, and tests). */
enum insn_class pipeline_class(uint32_t word);

#endif
