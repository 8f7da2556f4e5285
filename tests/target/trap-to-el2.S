/*
 * trap-to-el2: the EL2 trap controls of system register accesses and
 * System instructions (ARM DDI 0487, HCR_EL2, CPTR_EL2, MDCR_EL2), taken to
 * EL2 with EC 0x18 (ISS: the encoding, Rt, Direction; ELR_EL2 = the
 * access), one case each (trap_case.h):
 *
 *   CPTR_EL2.TCPAC   MRS/MSR CPACR_EL1 (not trapped with TCPAC clear)
 *   HCR_EL2.TACR     MRS ACTLR_EL1
 *   HCR_EL2.TSW      DC ISW, DC CSW, DC CISW
 *   HCR_EL2.TPC      DC IVAC, DC CVAC, DC CIVAC
 *   HCR_EL2.TPU      DC CVAU, IC IVAU, IC IALLU, IC IALLUIS (IC IALLU*:
 *                    no register, Rt = 31)
 *   HCR_EL2.TDZ      DC ZVA
 *   HCR_EL2.TTLB     TLBI VMALLE1
 *   HCR_EL2.TID1     MRS REVIDR_EL1, AIDR_EL1
 *   HCR_EL2.TID2     MRS CTR_EL0, CCSIDR_EL1, CLIDR_EL1, MRS/MSR CSSELR_EL1
 *   MDCR_EL2.TDA     MRS/MSR MDSCR_EL1, MRS DBGBVR0_EL1
 *   MDCR_EL2.TDRA    MRS MDRAR_EL1 (and not MDSCR_EL1)
 *   MDCR_EL2.TDOSA   MRS OSLSR_EL1
 *   MDCR_EL2.TDE     MRS MDSCR_EL1 (TDE implies TDA)
 *
 * all from EL1; from EL0 (SCTLR_EL1 allowing EL0 all it can: UCT, DZE,
 * UCI, UMA) the controls that name EL0 accesses trap too: TID2 (CTR_EL0),
 * TPU (DC CVAU, IC IVAU), TPC (DC CVAC, DC CIVAC), TDZ (DC ZVA). The others
 * trap EL1 accesses only: from EL0 those are UNDEFINED, EC 0x00 to EL1
 * (HCR_EL2.TID3: "Traps EL1 reads"; an EL0 read of an ID register, which
 * Linux emulates, goes to EL1), as are IC IALLU under TPU, MRS CSSELR_EL1
 * under TID2, MRS ACTLR_EL1 under TACR, MRS MDSCR_EL1 under TDA, MRS
 * REVIDR_EL1 under TID1, TLBI VMALLE1 under TTLB and DC ISW under TSW.
 * DC CVAP (ARMv8.2) under TPC is UNDEFINED on this ARMv8.0 core: EC 0x00.
 */
#include "harness.h"
#include "trap_case.h"

#define TRAPS   (HCR_RW | HCR_TID1 | HCR_TID2 | HCR_TID3 | HCR_TACR | HCR_TSW | \
		 HCR_TPC | HCR_TPU | HCR_TTLB | HCR_TDZ)
#define EL1     PSR_M_EL1h
#define EL0     PSR_M_EL0t

	start_el2 trap_vec2, trap_vec1

	/* EL1, each control alone. */
	trap_case 10, "MRS CPACR_EL1 (TCPAC)", s_cpacr_r, EL1, HCR_RW, 2, SYS_ESR(3, 0, 1, 0, 2, 1, 1), , (CPTR_EL2_BASE | CPTR_TCPAC)
	trap_case 14, "MSR CPACR_EL1 (TCPAC)", s_cpacr_w, EL1, HCR_RW, 2, SYS_ESR(3, 0, 1, 0, 2, 1, 0), , (CPTR_EL2_BASE | CPTR_TCPAC)
	trap_case 18, "MRS CPACR_EL1 (no TCPAC)", s_cpacr_r, EL1, HCR_RW, 0
	trap_case 22, "MRS ACTLR_EL1 (TACR)", s_actlr, EL1, (HCR_RW | HCR_TACR), 2, SYS_ESR(3, 0, 1, 0, 1, 1, 1)
	trap_case 26, "DC ISW (TSW)", s_dc_isw, EL1, (HCR_RW | HCR_TSW), 2, SYS_ESR(1, 0, 7, 6, 2, 1, 0)
	trap_case 30, "DC CSW (TSW)", s_dc_csw, EL1, (HCR_RW | HCR_TSW), 2, SYS_ESR(1, 0, 7, 10, 2, 1, 0)
	trap_case 34, "DC CISW (TSW)", s_dc_cisw, EL1, (HCR_RW | HCR_TSW), 2, SYS_ESR(1, 0, 7, 14, 2, 1, 0)
	trap_case 38, "DC IVAC (TPC)", s_dc_ivac, EL1, (HCR_RW | HCR_TPC), 2, SYS_ESR(1, 0, 7, 6, 1, 1, 0)
	trap_case 42, "DC CVAC (TPC)", s_dc_cvac, EL1, (HCR_RW | HCR_TPC), 2, SYS_ESR(1, 3, 7, 10, 1, 1, 0)
	trap_case 46, "DC CIVAC (TPC)", s_dc_civac, EL1, (HCR_RW | HCR_TPC), 2, SYS_ESR(1, 3, 7, 14, 1, 1, 0)
	trap_case 50, "DC CVAU (TPU)", s_dc_cvau, EL1, (HCR_RW | HCR_TPU), 2, SYS_ESR(1, 3, 7, 11, 1, 1, 0)
	trap_case 54, "IC IVAU (TPU)", s_ic_ivau, EL1, (HCR_RW | HCR_TPU), 2, SYS_ESR(1, 3, 7, 5, 1, 1, 0)
	trap_case 58, "IC IALLU (TPU)", s_ic_iallu, EL1, (HCR_RW | HCR_TPU), 2, SYS_ESR(1, 0, 7, 5, 0, 31, 0)
	trap_case 62, "IC IALLUIS (TPU)", s_ic_ialluis, EL1, (HCR_RW | HCR_TPU), 2, SYS_ESR(1, 0, 7, 1, 0, 31, 0)
	trap_case 66, "DC ZVA (TDZ)", s_dc_zva, EL1, (HCR_RW | HCR_TDZ), 2, SYS_ESR(1, 3, 7, 4, 1, 1, 0)
	trap_case 70, "TLBI VMALLE1 (TTLB)", s_tlbi, EL1, (HCR_RW | HCR_TTLB), 2, SYS_ESR(1, 0, 8, 7, 0, 31, 0)
	trap_case 74, "MRS REVIDR_EL1 (TID1)", s_revidr, EL1, (HCR_RW | HCR_TID1), 2, SYS_ESR(3, 0, 0, 0, 6, 1, 1)
	trap_case 78, "MRS AIDR_EL1 (TID1)", s_aidr, EL1, (HCR_RW | HCR_TID1), 2, SYS_ESR(3, 1, 0, 0, 7, 1, 1)
	trap_case 82, "MRS CTR_EL0 (TID2)", s_ctr, EL1, (HCR_RW | HCR_TID2), 2, SYS_ESR(3, 3, 0, 0, 1, 1, 1)
	trap_case 86, "MRS CCSIDR_EL1 (TID2)", s_ccsidr, EL1, (HCR_RW | HCR_TID2), 2, SYS_ESR(3, 1, 0, 0, 0, 1, 1)
	trap_case 90, "MRS CLIDR_EL1 (TID2)", s_clidr, EL1, (HCR_RW | HCR_TID2), 2, SYS_ESR(3, 1, 0, 0, 1, 1, 1)
	trap_case 94, "MRS CSSELR_EL1 (TID2)", s_csselr_r, EL1, (HCR_RW | HCR_TID2), 2, SYS_ESR(3, 2, 0, 0, 0, 1, 1)
	trap_case 98, "MSR CSSELR_EL1 (TID2)", s_csselr_w, EL1, (HCR_RW | HCR_TID2), 2, SYS_ESR(3, 2, 0, 0, 0, 1, 0)
	trap_case 102, "MRS MDSCR_EL1 (TDA)", s_mdscr_r, EL1, HCR_RW, 2, SYS_ESR(2, 0, 0, 2, 2, 1, 1), , , MDCR_TDA
	trap_case 106, "MSR MDSCR_EL1 (TDA)", s_mdscr_w, EL1, HCR_RW, 2, SYS_ESR(2, 0, 0, 2, 2, 1, 0), , , MDCR_TDA
	trap_case 110, "MRS DBGBVR0_EL1 (TDA)", s_dbgbvr0, EL1, HCR_RW, 2, SYS_ESR(2, 0, 0, 0, 4, 1, 1), , , MDCR_TDA
	trap_case 114, "MRS MDRAR_EL1 (TDRA)", s_mdrar, EL1, HCR_RW, 2, SYS_ESR(2, 0, 1, 0, 0, 1, 1), , , MDCR_TDRA
	trap_case 118, "MRS MDSCR_EL1 (TDRA only)", s_mdscr_r, EL1, HCR_RW, 0, , , , MDCR_TDRA
	trap_case 122, "MRS OSLSR_EL1 (TDOSA)", s_oslsr, EL1, HCR_RW, 2, SYS_ESR(2, 0, 1, 1, 4, 1, 1), , , MDCR_TDOSA
	trap_case 126, "MRS MDSCR_EL1 (TDE)", s_mdscr_r, EL1, HCR_RW, 2, SYS_ESR(2, 0, 0, 2, 2, 1, 1), , , MDCR_TDE
	trap_case 130, "DC CVAP (TPC)", s_dc_cvap, EL1, (HCR_RW | HCR_TPC), 1, UNDEF_ESR

	/* EL0, every control at once, SCTLR_EL1 allowing EL0 what it can. */
	trap_case 134, "EL0 MRS CTR_EL0 (TID2)", s_ctr, EL0, TRAPS, 2, SYS_ESR(3, 3, 0, 0, 1, 1, 1), SCTLR_EL0_OPEN
	trap_case 138, "EL0 DC CVAU (TPU)", s_dc_cvau, EL0, TRAPS, 2, SYS_ESR(1, 3, 7, 11, 1, 1, 0), SCTLR_EL0_OPEN
	trap_case 142, "EL0 IC IVAU (TPU)", s_ic_ivau, EL0, TRAPS, 2, SYS_ESR(1, 3, 7, 5, 1, 1, 0), SCTLR_EL0_OPEN
	trap_case 146, "EL0 DC CVAC (TPC)", s_dc_cvac, EL0, TRAPS, 2, SYS_ESR(1, 3, 7, 10, 1, 1, 0), SCTLR_EL0_OPEN
	trap_case 150, "EL0 DC CIVAC (TPC)", s_dc_civac, EL0, TRAPS, 2, SYS_ESR(1, 3, 7, 14, 1, 1, 0), SCTLR_EL0_OPEN
	trap_case 154, "EL0 DC ZVA (TDZ)", s_dc_zva, EL0, TRAPS, 2, SYS_ESR(1, 3, 7, 4, 1, 1, 0), SCTLR_EL0_OPEN
	trap_case 158, "EL0 MRS ID_AA64PFR0_EL1 (TID3)", s_pfr0, EL0, TRAPS, 1, UNDEF_ESR, SCTLR_EL0_OPEN
	trap_case 162, "EL0 MRS CSSELR_EL1 (TID2)", s_csselr_r, EL0, TRAPS, 1, UNDEF_ESR, SCTLR_EL0_OPEN
	trap_case 166, "EL0 IC IALLU (TPU)", s_ic_iallu, EL0, TRAPS, 1, UNDEF_ESR, SCTLR_EL0_OPEN
	trap_case 170, "EL0 MRS ACTLR_EL1 (TACR)", s_actlr, EL0, TRAPS, 1, UNDEF_ESR, SCTLR_EL0_OPEN
	trap_case 174, "EL0 MRS MDSCR_EL1 (TDA)", s_mdscr_r, EL0, TRAPS, 1, UNDEF_ESR, SCTLR_EL0_OPEN, , MDCR_TDA
	trap_case 178, "EL0 MRS REVIDR_EL1 (TID1)", s_revidr, EL0, TRAPS, 1, UNDEF_ESR, SCTLR_EL0_OPEN
	trap_case 182, "EL0 TLBI VMALLE1 (TTLB)", s_tlbi, EL0, TRAPS, 1, UNDEF_ESR, SCTLR_EL0_OPEN
	trap_case 186, "EL0 DC ISW (TSW)", s_dc_isw, EL0, TRAPS, 1, UNDEF_ESR, SCTLR_EL0_OPEN
	pass

	snippet s_cpacr_r, mrs x1, cpacr_el1
	snippet s_cpacr_w, msr cpacr_el1, x1
	snippet s_actlr, mrs x1, actlr_el1
	snippet s_dc_isw, dc isw, x1
	snippet s_dc_csw, dc csw, x1
	snippet s_dc_cisw, dc cisw, x1
	snippet s_dc_ivac, dc ivac, x1
	snippet s_dc_cvac, dc cvac, x1
	snippet s_dc_civac, dc civac, x1
	snippet s_dc_cvau, dc cvau, x1
	snippet s_ic_ivau, ic ivau, x1
	snippet s_ic_iallu, ic iallu
	snippet s_ic_ialluis, ic ialluis
	snippet s_dc_zva, dc zva, x1
	snippet s_dc_cvap, sys #3, c7, c12, #1, x1
	snippet s_tlbi, tlbi vmalle1
	snippet s_revidr, mrs x1, revidr_el1
	snippet s_aidr, mrs x1, aidr_el1
	snippet s_ctr, mrs x1, ctr_el0
	snippet s_ccsidr, mrs x1, ccsidr_el1
	snippet s_clidr, mrs x1, clidr_el1
	snippet s_csselr_r, mrs x1, csselr_el1
	snippet s_csselr_w, msr csselr_el1, x1
	snippet s_mdscr_r, mrs x1, mdscr_el1
	snippet s_mdscr_w, msr mdscr_el1, x1
	snippet s_dbgbvr0, mrs x1, dbgbvr0_el1
	snippet s_mdrar, mrs x1, mdrar_el1
	snippet s_oslsr, mrs x1, oslsr_el1
	snippet s_pfr0, mrs x1, id_aa64pfr0_el1

	trap_vectors
