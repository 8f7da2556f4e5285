/*
 * syndrome.c - ESR_ELx encoders (see syndrome.h).
 */
#include "syndrome.h"
#include "sysreg.h"

uint32_t syn_uncategorized(void)
{
	return esr_make(EC_UNKNOWN, 0);
}

uint32_t syn_illegal_state(void)
{
	return esr_make(EC_ILLEGAL_STATE, 0);
}

uint32_t syn_svc(uint16_t imm)
{
	return esr_make(EC_SVC64, imm);
}

uint32_t syn_hvc(uint16_t imm)
{
	return esr_make(EC_HVC64, imm);
}

uint32_t syn_smc(uint16_t imm)
{
	return esr_make(EC_SMC64, imm);
}

uint32_t syn_brk(uint16_t imm)
{
	return esr_make(EC_BRK64, imm);
}

/* Condition fields of traps from AArch64: CV=1, COND=0b1110 ("always"). */
#define ISS_CV_ALWAYS   (1u << 24 | 0xeu << 20)

uint32_t syn_wfx(bool is_wfe)
{
	return esr_make(EC_WFX, ISS_CV_ALWAYS | (is_wfe ? 1u : 0u));
}

uint32_t syn_sysreg(uint32_t enc, unsigned rt, bool is_read)
{
	uint32_t iss = SYSREG_OP0(enc) << 20 | SYSREG_OP2(enc) << 17 |
		       SYSREG_OP1(enc) << 14 | SYSREG_CRN(enc) << 10 |
		       (rt & 31u) << 5 | SYSREG_CRM(enc) << 1 | (is_read ? 1u : 0u);

	return esr_make(EC_SYSREG, iss);
}

/* As QEMU reports it for AArch64 (CV/COND set as for the WFx trap). */
uint32_t syn_fp_access(void)
{
	return esr_make(EC_FP_ACCESS, ISS_CV_ALWAYS);
}

uint32_t syn_pc_alignment(void)
{
	return esr_make(EC_PC_ALIGN, 0);
}

#define ISS_EA          (1u << 9)
#define ISS_S1PTW       (1u << 7)

uint32_t syn_insn_abort(bool same_el, unsigned fsc, bool s1ptw, bool ea)
{
	uint32_t iss = (fsc & 0x3fu) | (s1ptw ? ISS_S1PTW : 0) | (ea ? ISS_EA : 0);

	return esr_make(same_el ? EC_IABT_SAME : EC_IABT_LOWER, iss);
}

uint32_t syn_data_abort(bool same_el, uint32_t insn_iss, unsigned fsc, bool s1ptw, bool ea)
{
	uint32_t iss = (insn_iss & ~0x3fu) | (fsc & 0x3fu) |
		       (s1ptw ? ISS_S1PTW : 0) | (ea ? ISS_EA : 0);

	return esr_make(same_el ? EC_DABT_SAME : EC_DABT_LOWER, iss);
}

uint32_t syn_serror(void)
{
	return esr_make(EC_SERROR, 0);
}
