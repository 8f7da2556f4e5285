/*
 * ldst.c - decoding of A64 load/store instructions for data-abort reporting.
 *
 * Covers the ARMv8.0 "Loads and Stores" encoding group of ARM DDI 0487
 * (C4.1, "A64 instruction set encoding"): single registers with every
 * addressing form, literals, pairs, exclusives and load-acquire/store-release,
 * SIMD&FP registers and structures; plus the system instructions that access
 * memory by VA and can take a Data Abort (DC ZVA, DC IVAC/CVAC/CVAU/CIVAC,
 * IC IVAU). The syndrome follows "ISS encoding for an exception from a Data
 * Abort" in the ESR_ELx description.
 *
 * It is not a disassembler or an emulator: it extracts what the fault
 * syndrome and the faulting address need and no more (no Rs status register
 * of store-exclusives, no element indexes). Prefetches (PRFM, PRFUM) never
 * abort, so ldst_decode rejects them, as it does everything added after
 * ARMv8.0 (atomics, LORegions, LDAPR, pointer authentication, ...).
 */
#include "ldst.h"

#include <string.h>

#define BIT(n)		(UINT32_C(1) << (n))

/* ISS fields of a Data Abort (ESR_ELx.ISS). */
#define ISS_ISV		BIT(24)
#define ISS_SAS_SHIFT	22
#define ISS_SSE		BIT(21)
#define ISS_SRT_SHIFT	16
#define ISS_SF		BIT(15)
#define ISS_AR		BIT(14)
#define ISS_CM		BIT(8)
#define ISS_WNR		BIT(6)

/* Option field of the register-offset forms. */
#define EXTEND_UXTW	2
#define EXTEND_LSL	3
#define EXTEND_SXTW	6

static unsigned bits(uint32_t insn, unsigned hi, unsigned lo)
{
	return insn >> lo & ((UINT32_C(2) << (hi - lo)) - 1);
}

static bool bit(uint32_t insn, unsigned n)
{
	return insn >> n & 1;
}

static int64_t sign_extend(unsigned v, unsigned width)
{
	int64_t m = INT64_C(1) << (width - 1);

	return ((int64_t)v ^ m) - m;
}

static unsigned log2u(unsigned v)
{
	unsigned n = 0;

	while (v >>= 1)
		n++;
	return n;
}

/*
 * size:V:opc of the single-register forms: which register, how wide, which
 * direction. False for unallocated combinations and for PRFM, which shares
 * this space (size 0b11, opc 0b10).
 */
static bool decode_register_kind(uint32_t insn, struct ldst_info *out)
{
	unsigned size = bits(insn, 31, 30), opc = bits(insn, 23, 22);

	out->size = 1u << size;
	if (bit(insn, 26)) {
		/* opc<1> selects the 128-bit Q register, encoded as size 0 */
		if (opc & 2) {
			if (size)
				return false;
			out->size = 16;
		}
		out->simd = true;
		out->is_store = !(opc & 1);
		return true;
	}
	if (opc < 2) {
		out->is_store = opc == 0;
		out->dest64 = size == 3;
		return true;
	}
	/* Sign-extending loads: opc 0b10 into Xt, 0b11 into Wt. */
	if (size == 3 || (size == 2 && opc == 3))
		return false;
	out->sign_extend = true;
	out->dest64 = opc == 2;
	return true;
}

/* LDR/STR (unsigned immediate): imm12 scaled by the access size. */
static bool decode_unsigned_offset(uint32_t insn, struct ldst_info *out)
{
	if (!decode_register_kind(insn, out))
		return false;
	out->imm = (int64_t)bits(insn, 21, 10) << log2u(out->size);
	return true;
}

/* LDUR/STUR, pre- and post-index, LDTR/STTR: all with an unscaled imm9. */
static bool decode_imm9(uint32_t insn, struct ldst_info *out)
{
	static const enum ldst_index index[4] = {
		LDST_OFFSET, LDST_POST_INDEX, LDST_OFFSET, LDST_PRE_INDEX,
	};
	unsigned form = bits(insn, 11, 10);

	if (!decode_register_kind(insn, out))
		return false;
	/* form 0b10 is the unprivileged LDTR/STTR family: GPRs only */
	if (form == 2) {
		if (out->simd)
			return false;
		out->unprivileged = true;
	}
	out->index = index[form];
	out->imm = sign_extend(bits(insn, 20, 12), 9);
	return true;
}

/* LDR/STR (register): Xm or Wm extended, optionally scaled by the size. */
static bool decode_register_offset(uint32_t insn, struct ldst_info *out)
{
	unsigned option = bits(insn, 15, 13);

	/* option<1> == 0 would be a 32-bit base-sized extend: unallocated */
	if (!(option & 2) || !decode_register_kind(insn, out))
		return false;
	out->reg_offset = true;
	out->rm = bits(insn, 20, 16);
	out->extend = option;
	out->shift = bit(insn, 12) ? log2u(out->size) : 0;
	return true;
}

/* LDR (literal), LDRSW (literal), and the SIMD&FP S/D/Q forms. */
static bool decode_literal(uint32_t insn, struct ldst_info *out)
{
	unsigned opc = bits(insn, 31, 30);

	/* 0b11 is PRFM (literal) for GPRs and unallocated for SIMD&FP */
	if (opc == 3)
		return false;
	if (bit(insn, 26)) {
		out->simd = true;
		out->size = 4u << opc;
	} else {
		out->size = opc == 1 ? 8 : 4;
		out->dest64 = opc != 0;
		out->sign_extend = opc == 2;
	}
	out->literal = true;
	out->rn = 0;		/* no base register: imm19 covers its field */
	out->imm = sign_extend(bits(insn, 23, 5), 19) * 4;
	return true;
}

/* LDP/STP in all four forms (non-temporal, post, offset, pre), LDPSW. */
static bool decode_pair(uint32_t insn, struct ldst_info *out)
{
	static const enum ldst_index index[4] = {
		LDST_OFFSET, LDST_POST_INDEX, LDST_OFFSET, LDST_PRE_INDEX,
	};
	unsigned opc = bits(insn, 31, 30), form = bits(insn, 24, 23);
	bool load = bit(insn, 22);

	if (opc == 3)
		return false;
	if (bit(insn, 26)) {
		out->simd = true;
		out->size = 4u << opc;
	} else {
		/* LDPSW has no store and no non-temporal form */
		if (opc == 1 && (!load || form == 0))
			return false;
		out->size = opc == 2 ? 8 : 4;
		out->dest64 = opc != 0;
		out->sign_extend = opc == 1;
	}
	out->pair = true;
	out->is_store = !load;
	out->rt2 = bits(insn, 14, 10);
	out->index = index[form];
	out->imm = sign_extend(bits(insn, 21, 15), 7) * out->size;
	return true;
}

/*
 * Exclusives and load-acquire/store-release. o2:o1:o0 picks the kind; of
 * o2 = 1, ARMv8.0 allocates only LDAR/STLR (o1 = 0, o0 = 1): the others are
 * the later LDLAR/STLLR and CAS. A pair (o1 = 1) needs 32- or 64-bit
 * registers: size 0b0x there is the later CASP.
 */
static bool decode_exclusive(uint32_t insn, struct ldst_info *out)
{
	unsigned size = bits(insn, 31, 30);
	bool o2 = bit(insn, 23), o1 = bit(insn, 21), o0 = bit(insn, 15);

	if (o2 ? o1 || !o0 : o1 && size < 2)
		return false;
	out->is_store = !bit(insn, 22);
	out->exclusive = !o2;
	out->acq_rel = o0;
	out->pair = o1;
	out->size = 1u << size;
	out->dest64 = size == 3;
	if (o1)
		out->rt2 = bits(insn, 14, 10);
	return true;
}

/* Bytes moved by LD1-LD4/ST1-ST4 (multiple structures); 0: unallocated. */
static unsigned multiple_structure_bytes(uint32_t insn)
{
	/* opcode -> registers; LD1/ST1 are 0b0010, 0b0110, 0b0111, 0b1010 */
	static const unsigned char regs[16] = {
		[0x0] = 4, [0x2] = 4, [0x4] = 3, [0x6] = 3,
		[0x7] = 1, [0x8] = 2, [0xa] = 2,
	};
	unsigned opcode = bits(insn, 15, 12);
	bool q = bit(insn, 30);

	if (bit(insn, 21))
		return 0;
	/* LD2-LD4 cannot interleave one 64-bit element per register */
	if (!q && bits(insn, 11, 10) == 3 && !(opcode & 2))
		return 0;
	return regs[opcode] * (q ? 16u : 8u);
}

/* Bytes moved by the single-structure and replicate forms; 0: unallocated. */
static unsigned single_structure_bytes(uint32_t insn)
{
	unsigned opcode = bits(insn, 15, 13), size = bits(insn, 11, 10);
	unsigned selem = ((opcode & 1) << 1 | bit(insn, 21)) + 1;
	unsigned scale = opcode >> 1;
	bool s = bit(insn, 12);

	switch (scale) {
	case 1:
		if (size & 1)
			return 0;
		break;
	case 2:
		if (size & 2 || (size == 1 && s))
			return 0;
		scale += size;
		break;
	case 3:
		/* LD1R-LD4R: loads only, element size from size */
		if (!bit(insn, 22) || s)
			return 0;
		scale = size;
		break;
	}
	return selem << scale;
}

/*
 * Advanced SIMD structure loads and stores. Post-index by immediate (Rm 31)
 * steps by the bytes moved, otherwise by Xm.
 */
static bool decode_structures(uint32_t insn, struct ldst_info *out)
{
	bool post = bit(insn, 23);
	unsigned rm = bits(insn, 20, 16);

	out->size = bit(insn, 24) ? single_structure_bytes(insn) :
				    multiple_structure_bytes(insn);
	if (!out->size || (!post && rm))
		return false;
	out->simd = true;
	out->is_store = !bit(insn, 22);
	if (!post)
		return true;
	out->index = LDST_POST_INDEX;
	if (rm == 31) {
		out->imm = out->size;
	} else {
		out->reg_offset = true;
		out->rm = rm;
		out->extend = EXTEND_LSL;
	}
	return true;
}

/*
 * System instructions that access memory by VA (SYS with Xt). DC IVAC needs
 * write permission ("This instruction requires write access permission to
 * the VA"), the rest only read or none; DC ZVA is a store, and the only one
 * the ISS does not count as cache maintenance (CM).
 */
static bool decode_cache_op(uint32_t insn, struct ldst_info *out)
{
	switch (insn & ~UINT32_C(31)) {
	case 0xd50b7420:	/* DC ZVA */
		out->is_store = true;
		break;
	case 0xd5087620:	/* DC IVAC */
		out->is_store = true;
		out->cm = true;
		break;
	case 0xd50b7a20:	/* DC CVAC */
	case 0xd50b7b20:	/* DC CVAU */
	case 0xd50b7e20:	/* DC CIVAC */
	case 0xd50b7520:	/* IC IVAU */
		out->cm = true;
		break;
	default:
		return false;
	}
	out->sys = true;
	out->rn = out->rt;
	return true;
}

bool ldst_decode(uint32_t insn, struct ldst_info *out)
{
	memset(out, 0, sizeof(*out));
	out->rt = bits(insn, 4, 0);
	out->rn = bits(insn, 9, 5);

	/* Loads and stores: op0 = x1x0 (bits 27 and 25). */
	if ((insn & 0x0a000000) != 0x08000000)
		return decode_cache_op(insn, out);
	if ((insn & 0x3f000000) == 0x08000000)
		return decode_exclusive(insn, out);
	if ((insn & 0x3b000000) == 0x18000000)
		return decode_literal(insn, out);
	if ((insn & 0x3a000000) == 0x28000000)
		return decode_pair(insn, out);
	if ((insn & 0x3b000000) == 0x39000000)
		return decode_unsigned_offset(insn, out);
	if ((insn & 0x3b200000) == 0x38000000)
		return decode_imm9(insn, out);
	if ((insn & 0x3b200c00) == 0x38200800)
		return decode_register_offset(insn, out);
	if ((insn & 0xbe000000) == 0x0c000000)
		return decode_structures(insn, out);
	return false;
}

static uint64_t extend_offset(uint64_t v, unsigned option, unsigned shift)
{
	switch (option) {
	case EXTEND_UXTW:
		v = (uint32_t)v;
		break;
	case EXTEND_SXTW:
		v = (uint64_t)(int64_t)(int32_t)(uint32_t)v;
		break;
	}
	return v << shift;
}

/*
 * For DC ZVA this is Xt as given, not the start of the block it zeroes: the
 * block size (DCZID_EL0) is the caller's.
 */
uint64_t ldst_address(const struct ldst_info *info, const uint64_t x[31],
		      uint64_t sp, uint64_t pc)
{
	uint64_t base;

	if (info->literal)
		return pc + (uint64_t)info->imm;
	if (info->rn == 31)
		base = info->sys ? 0 : sp;
	else
		base = x[info->rn];
	/* Post-index writes back after the access: it uses the base as is. */
	if (info->index == LDST_POST_INDEX)
		return base;
	if (info->reg_offset)
		return base + extend_offset(info->rm == 31 ? 0 : x[info->rm],
					    info->extend, info->shift);
	return base + (uint64_t)info->imm;
}

/*
 * ISV is set only for "loads and stores of a single general-purpose
 * register (including the register specified with 0b11111, including those
 * with Acquire/Release semantics, but excluding Load Exclusive or Store
 * Exclusive and excluding those with writeback)". WnR is 1 for every fault
 * on a cache maintenance instruction; DC ZVA is not one (CM = 0) but writes.
 */
uint32_t ldst_abort_iss(const struct ldst_info *info)
{
	uint32_t iss = 0;

	if (info->is_store || info->cm)
		iss |= ISS_WNR;
	if (info->cm)
		iss |= ISS_CM;
	if (info->sys || info->pair || info->exclusive || info->simd ||
	    info->index != LDST_OFFSET)
		return iss;
	iss |= ISS_ISV | log2u(info->size) << ISS_SAS_SHIFT |
	       info->rt << ISS_SRT_SHIFT;
	if (info->sign_extend)
		iss |= ISS_SSE;
	if (info->dest64)
		iss |= ISS_SF;
	if (info->acq_rel)
		iss |= ISS_AR;
	return iss;
}
