/*
 * syndrome.h - ESR_ELx values, encoded as ARM DDI 0487 D17.2.37 (ESR_EL1)
 * defines them, for the exceptions the simulator delivers.
 *
 * Pure functions of their arguments. They encode; deciding which exception
 * happens and where it goes is exception.c's job.
 */
#ifndef PHONESIM_SYNDROME_H
#define PHONESIM_SYNDROME_H

#include <stdbool.h>
#include <stdint.h>

enum esr_ec {
	EC_UNKNOWN = 0x00,
	EC_WFX = 0x01,
	EC_FP_ACCESS = 0x07,
	EC_ILLEGAL_STATE = 0x0e,
	EC_SVC64 = 0x15,
	EC_HVC64 = 0x16,
	EC_SMC64 = 0x17,
	EC_SYSREG = 0x18,
	EC_IABT_LOWER = 0x20,
	EC_IABT_SAME = 0x21,
	EC_PC_ALIGN = 0x22,
	EC_DABT_LOWER = 0x24,
	EC_DABT_SAME = 0x25,
	EC_SERROR = 0x2f,
	EC_BRK64 = 0x3c,
};

#define ESR_IL          (1u << 25)
#define ESR_EC(esr)     (((esr) >> 26) & 0x3fu)
#define ESR_ISS(esr)    ((esr) & 0x1ffffffu)

/* Fault status codes (DFSC/IFSC) the simulator produces itself. */
#define FSC_SYNC_EXTERNAL       0x10
#define FSC_ALIGNMENT           0x21

/* Every A64 instruction is 32 bits, so IL is 1 throughout. */
static inline uint32_t esr_make(enum esr_ec ec, uint32_t iss)
{
	return (uint32_t)ec << 26 | ESR_IL | (iss & 0x1ffffffu);
}

uint32_t syn_uncategorized(void);
uint32_t syn_illegal_state(void);
uint32_t syn_svc(uint16_t imm);
uint32_t syn_hvc(uint16_t imm);
uint32_t syn_smc(uint16_t imm);
uint32_t syn_brk(uint16_t imm);
/* WFI (is_wfe false) or WFE trapped from AArch64: CV=1, COND=0b1110 (D17.2.44). */
uint32_t syn_wfx(bool is_wfe);
/* MSR/MRS/SYS trapped: enc as SYSREG_ENC, is_read is the Direction bit (D17.2.46). */
uint32_t syn_sysreg(uint32_t enc, unsigned rt, bool is_read);
uint32_t syn_fp_access(void);
uint32_t syn_pc_alignment(void);
/* Instruction abort (D17.2.39): same_el picks EC 0x21 over 0x20. */
uint32_t syn_insn_abort(bool same_el, unsigned fsc, bool s1ptw, bool ea);
/*
 * Data abort (D17.2.40): insn_iss carries ISV/SAS/SSE/SRT/SF/AR/CM/WnR
 * (ldst_abort_iss), to which the fault status, EA and S1PTW are added.
 */
uint32_t syn_data_abort(bool same_el, uint32_t insn_iss, unsigned fsc, bool s1ptw, bool ea);
uint32_t syn_serror(void);

#endif
