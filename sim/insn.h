/*
 * insn.h - classifies the A64 instructions the engine stops on.
 *
 * When the engine reports an undefined-instruction exception, the core must
 * know which instruction it was to decide what the architecture does: a WFI
 * that traps or idles, a semihosting call, a trapped system register access,
 * an FP/SIMD access trap, or a genuinely undefined instruction. Encodings are
 * from ARM DDI 0487, C4 ("A64 Instruction Set Encoding").
 *
 * Pure decoding: no state, no policy.
 */
#ifndef PHONESIM_INSN_H
#define PHONESIM_INSN_H

#include <stdbool.h>
#include <stdint.h>

#include "bpred.h"

enum insn_kind {
	INSN_OTHER,
	INSN_WFI,
	INSN_WFE,
	INSN_HLT,       /* imm16 in imm */
	INSN_SYSREG,    /* MRS/MSR (register)/SYS/SYSL, MSR (immediate): enc, rt, read */
	INSN_ERET,
	INSN_FP,        /* an FP/SIMD data-processing or load/store instruction */
	INSN_SVC,
	INSN_HVC,
	INSN_SMC,
	INSN_BRK,
};

struct insn {
	enum insn_kind kind;
	uint16_t imm;
	uint32_t enc;
	unsigned rt;
	bool read;
};

struct insn insn_decode(uint32_t word);

/*
 * The branch an instruction at pc is, if any (enum branch_kind, bpred.h),
 * and for direct branches its target. Returns BRANCH_NONE for the others.
 */
enum branch_kind insn_branch(uint32_t word, uint64_t pc, uint64_t *target);

/* The HLT immediate that means a semihosting call (semihosting spec 2.0). */
#define SEMIHOSTING_HLT_IMM     0xf000

#endif
