/*
 * insn.c - classification of trapped A64 instructions (see insn.h).
 */
#include "insn.h"
#include "sysreg.h"

/* Exception generation (C4.1.66): 1101 0100 opc:3 imm16 op2:3 LL:2. */
static struct insn decode_exception(uint32_t w)
{
	struct insn in = { .kind = INSN_OTHER, .imm = (uint16_t)(w >> 5) };
	unsigned opc = (w >> 21) & 7, ll = w & 3;

	if ((w & 0x1c) != 0)
		return in;
	if (opc == 0 && ll == 1)
		in.kind = INSN_SVC;
	else if (opc == 0 && ll == 2)
		in.kind = INSN_HVC;
	else if (opc == 0 && ll == 3)
		in.kind = INSN_SMC;
	else if (opc == 1 && ll == 0)
		in.kind = INSN_BRK;
	else if (opc == 2 && ll == 0)
		in.kind = INSN_HLT;
	return in;
}

struct insn insn_decode(uint32_t w)
{
	struct insn in = { .kind = INSN_OTHER };

	if (w == 0xd503207f)
		in.kind = INSN_WFI;
	else if (w == 0xd503205f)
		in.kind = INSN_WFE;
	else if (w == 0xd69f03e0)
		in.kind = INSN_ERET;
	else if ((w & 0xff000000) == 0xd4000000)
		in = decode_exception(w);
	else if ((w & 0xffc00000) == 0xd5000000 && ((w >> 19) & 3) != 0) {
		/* System instructions with op0 != 0: MSR/MRS (register), SYS, SYSL. */
		in.kind = INSN_SYSREG;
		in.read = (w >> 21) & 1;
		in.rt = w & 31;
		in.enc = SYSREG_ENC((w >> 19) & 3, (w >> 16) & 7, (w >> 12) & 15,
				    (w >> 8) & 15, (w >> 5) & 7);
	} else if ((w & 0xfff8f01f) == 0xd500401f) {
		/* MSR (immediate): op0 0, CRn 4, the immediate in CRm, no Rt. */
		in.kind = INSN_SYSREG;
		in.rt = 31;
		in.enc = SYSREG_ENC(0, (w >> 16) & 7, 4, (w >> 8) & 15, (w >> 5) & 7);
	} else if (((w >> 25) & 7) == 7 || ((w >> 25) & 7) == 6) {
		/* op0 x111: SIMD&FP data processing; x110 (bit 26 set): SIMD&FP load/store. */
		in.kind = INSN_FP;
	}
	return in;
}

static int64_t sign_extend(uint64_t v, unsigned bits)
{
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* C4.1.65 "Branches, Exception Generating and System instructions". */
enum branch_kind insn_branch(uint32_t w, uint64_t pc, uint64_t *target)
{
	if ((w & 0x7c000000) == 0x14000000) {           /* B, BL: imm26 */
		*target = pc + (uint64_t)(sign_extend(w & 0x3ffffff, 26) * 4);
		return (w & 0x80000000) ? BRANCH_CALL : BRANCH_DIRECT;
	}
	if ((w & 0xff000010) == 0x54000000) {           /* B.cond: imm19 */
		*target = pc + (uint64_t)(sign_extend((w >> 5) & 0x7ffff, 19) * 4);
		return BRANCH_COND;
	}
	if ((w & 0x7e000000) == 0x34000000) {           /* CBZ, CBNZ: imm19 */
		*target = pc + (uint64_t)(sign_extend((w >> 5) & 0x7ffff, 19) * 4);
		return BRANCH_COND;
	}
	if ((w & 0x7e000000) == 0x36000000) {           /* TBZ, TBNZ: imm14 */
		*target = pc + (uint64_t)(sign_extend((w >> 5) & 0x3fff, 14) * 4);
		return BRANCH_COND;
	}
	/* Unconditional branch (register): opc in bits 24:21, Rn in 9:5. */
	switch (w & 0xfffffc1f) {
	case 0xd61f0000:
		return BRANCH_INDIRECT;                 /* BR */
	case 0xd63f0000:
		return BRANCH_CALL_INDIRECT;            /* BLR */
	case 0xd65f0000:
		return BRANCH_RETURN;                   /* RET */
	}
	return BRANCH_NONE;
}
