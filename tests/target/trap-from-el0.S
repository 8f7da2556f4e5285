/*
 * trap-from-el0: SCTLR_EL1's controls of EL0 (ARM DDI 0487, SCTLR_EL1):
 * with the bit clear, the EL0 access is trapped to EL1 with EC 0x18 (ISS:
 * the encoding, Rt, Direction; ELR_EL1 = the access), one case each
 * (trap_case.h):
 *
 *   UCT   MRS CTR_EL0
 *   DZE   DC ZVA
 *   UCI   DC CVAU, DC CVAC, DC CIVAC, IC IVAU
 *   UMA   MRS DAIF, MSR DAIF
 *
 * With the bit set, the same access is not trapped. These traps come
 * before EL2's: DC ZVA with DZE clear and HCR_EL2.TDZ set goes to EL1, DC
 * CVAU with UCI clear and HCR_EL2.TPU set too. With HCR_EL2.TGE set the
 * controls still apply at EL0 ({E2H, TGE} = {0, 1}), and the trap is taken
 * to EL2 (EC 0x18).
 *
 * MSR DAIFSet/DAIFClr under UMA is not checked: QEMU 7.2 swaps Op1 and Op2
 * in its syndrome (daif_check() passes them in the wrong order), see
 * README.md.
 */
#include "harness.h"
#include "trap_case.h"

#define EL0     PSR_M_EL0t
#define OPEN    SCTLR_EL0_OPEN
#define TGE     (HCR_RW | HCR_TGE)

	start_el2 trap_vec2, trap_vec1

	trap_case 10, "MRS CTR_EL0 (UCT)", s_ctr, EL0, HCR_RW, 1, SYS_ESR(3, 3, 0, 0, 1, 1, 1)
	trap_case 14, "DC ZVA (DZE)", s_dc_zva, EL0, HCR_RW, 1, SYS_ESR(1, 3, 7, 4, 1, 1, 0)
	trap_case 18, "DC CVAU (UCI)", s_dc_cvau, EL0, HCR_RW, 1, SYS_ESR(1, 3, 7, 11, 1, 1, 0)
	trap_case 22, "DC CVAC (UCI)", s_dc_cvac, EL0, HCR_RW, 1, SYS_ESR(1, 3, 7, 10, 1, 1, 0)
	trap_case 26, "DC CIVAC (UCI)", s_dc_civac, EL0, HCR_RW, 1, SYS_ESR(1, 3, 7, 14, 1, 1, 0)
	trap_case 30, "IC IVAU (UCI)", s_ic_ivau, EL0, HCR_RW, 1, SYS_ESR(1, 3, 7, 5, 1, 1, 0)
	trap_case 34, "MRS DAIF (UMA)", s_daif_r, EL0, HCR_RW, 1, SYS_ESR(3, 3, 4, 2, 1, 1, 1)
	trap_case 38, "MSR DAIF (UMA)", s_daif_w, EL0, HCR_RW, 1, SYS_ESR(3, 3, 4, 2, 1, 31, 0)

	trap_case 42, "MRS CTR_EL0 (UCT set)", s_ctr, EL0, HCR_RW, 0, , OPEN
	trap_case 46, "DC ZVA (DZE set)", s_dc_zva, EL0, HCR_RW, 0, , OPEN
	trap_case 50, "DC CVAU (UCI set)", s_dc_cvau, EL0, HCR_RW, 0, , OPEN
	trap_case 54, "DC CVAC (UCI set)", s_dc_cvac, EL0, HCR_RW, 0, , OPEN
	trap_case 58, "DC CIVAC (UCI set)", s_dc_civac, EL0, HCR_RW, 0, , OPEN
	trap_case 62, "IC IVAU (UCI set)", s_ic_ivau, EL0, HCR_RW, 0, , OPEN
	trap_case 66, "MRS DAIF (UMA set)", s_daif_r, EL0, HCR_RW, 0, , OPEN
	trap_case 70, "MSR DAIF (UMA set)", s_daif_w, EL0, HCR_RW, 0, , OPEN

	trap_case 74, "DC ZVA (DZE, TDZ)", s_dc_zva, EL0, (HCR_RW | HCR_TDZ), 1, SYS_ESR(1, 3, 7, 4, 1, 1, 0)
	trap_case 78, "DC CVAU (UCI, TPU)", s_dc_cvau, EL0, (HCR_RW | HCR_TPU), 1, SYS_ESR(1, 3, 7, 11, 1, 1, 0)

	trap_case 82, "MRS CTR_EL0 (UCT, TGE)", s_ctr, EL0, TGE, 2, SYS_ESR(3, 3, 0, 0, 1, 1, 1)
	trap_case 86, "DC ZVA (DZE, TGE)", s_dc_zva, EL0, TGE, 2, SYS_ESR(1, 3, 7, 4, 1, 1, 0)
	trap_case 90, "MRS DAIF (UMA, TGE)", s_daif_r, EL0, TGE, 2, SYS_ESR(3, 3, 4, 2, 1, 1, 1)
	trap_case 94, "MRS CTR_EL0 (UCT set, TGE)", s_ctr, EL0, TGE, 0, , OPEN
	pass

	snippet s_ctr, mrs x1, ctr_el0
	snippet s_dc_zva, dc zva, x1
	snippet s_dc_cvau, dc cvau, x1
	snippet s_dc_cvac, dc cvac, x1
	snippet s_dc_civac, dc civac, x1
	snippet s_ic_ivau, ic ivau, x1
	snippet s_daif_r, mrs x1, daif
	snippet s_daif_w, msr daif, xzr

	trap_vectors
