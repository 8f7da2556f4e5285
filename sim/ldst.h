/*
 * ldst.h - decoding of A64 load/store instructions for data-abort reporting.
 *
 * Unicorn reports a data abort without the address or the kind of access. The
 * core decodes the faulting instruction here to recompute the virtual address
 * (FAR_ELx), the direction (WnR) and the instruction syndrome (ISV, SAS, SSE,
 * SRT, SF, AR: ARM DDI 0487, D17.2.40 "ISS encoding for an exception from a
 * Data Abort"). It also recognises the cache maintenance instructions that can
 * abort (DC ZVA, DC CIVAC, ..., CM=1).
 *
 * Pure: no engine, no memory access, no state.
 */
#ifndef PHONESIM_LDST_H
#define PHONESIM_LDST_H

#include <stdbool.h>
#include <stdint.h>

enum ldst_index { LDST_OFFSET, LDST_PRE_INDEX, LDST_POST_INDEX };

struct ldst_info {
	bool is_store;        /* checked as a write: stores, DC ZVA and DC IVAC; other DC/IC ops are reads with cm */
	bool cm;              /* a cache maintenance instruction (DC ...) */
	bool pair;            /* LDP/STP/LDXP/...: two registers */
	bool exclusive;       /* LDXR/STXR/LDAXR/... family */
	bool acq_rel;         /* acquire/release semantics (ISS.AR) */
	bool simd;            /* a SIMD&FP register is transferred (ISV is then 0) */
	bool unprivileged;    /* LDTR/STTR family: the access is checked as EL0 */
	bool sys;             /* DC/IC: the address is Xt (rn == rt, and 31 is XZR, not SP) */
	bool sign_extend;     /* ISS.SSE */
	bool dest64;          /* ISS.SF: the register is 64-bit (Xt), not Wt */
	unsigned size;        /* bytes per register accessed (1..16); LD1-LD4/ST1-ST4: all bytes moved; DC/IC: 0 (block size not known here) */
	unsigned rt, rt2;     /* transfer registers (31 = XZR/WZR for GPRs) */
	unsigned rn;          /* base register, 31 = SP */
	bool literal;         /* PC-relative literal load: address = pc + imm */
	enum ldst_index index;
	int64_t imm;          /* byte offset (already scaled) */
	bool reg_offset;      /* address = base + extend/shift(Xm) */
	unsigned rm;          /* offset register */
	unsigned extend;      /* option field: 2=UXTW 3=LSL/UXTX 6=SXTW 7=SXTX */
	unsigned shift;       /* left shift applied to the extended offset */
};

/* Decodes insn. Returns false when it is not a load, store or DC instruction. */
bool ldst_decode(uint32_t insn, struct ldst_info *out);

/*
 * The virtual address the instruction accesses first. x[0..30] are the GPRs,
 * sp the stack pointer in use, pc the address of the instruction itself.
 */
uint64_t ldst_address(const struct ldst_info *info, const uint64_t x[31],
		      uint64_t sp, uint64_t pc);

/*
 * ISS bits [24:14] and WnR/CM (bits 6 and 8) of a data abort caused by this
 * instruction, per D17.2.40: ISV=1 with SAS/SSE/SRT/SF/AR only for single
 * general-purpose register loads and stores without writeback that are not
 * exclusive and not SIMD&FP; otherwise ISV=0 and those fields are 0.
 * The fault status code, EA, S1PTW and FnV are the caller's to add.
 */
uint32_t ldst_abort_iss(const struct ldst_info *info);

#endif
