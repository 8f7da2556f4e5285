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
	} else if (((w >> 25) & 7) == 7 || ((w >> 25) & 7) == 6) {
		/* op0 x111: SIMD&FP data processing; x110 (bit 26 set): SIMD&FP load/store. */
		in.kind = INSN_FP;
	}
	return in;
}
