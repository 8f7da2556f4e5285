/*
 * at-el2: address translation instructions executed at EL2 translate in
 * the EL1&0 regime (ARM DDI 0487, AT S1E1R: "stage 1 translation as
 * defined for the EL1&0 translation regime"; AT S12E1R: stages 1 and 2),
 * as a hypervisor does to find the IPA behind a guest's VA. PAR_EL1 holds
 * the result (64-bit format: PA [47:12], ATTR [63:56], NS [9], SH [8:7],
 * bit 11 RES1; on a fault F [0], FST [6:1], S [9], PTW [8]).
 *
 * EL1&0 stage 1: identity over 0x40000000-0x7fffffff (level 1 block, AF,
 * Inner Shareable, MAIR attribute 0 = 0xff), and VA 0xc0000000 to IPA
 * 0x80000000 (block). Stage 2: identity over 0x40000000-0x7fffffff (level
 * 1 block, S2AP read/write, MemAttr Normal Write-Back), nothing else.
 *
 *   1. AT S1E1R 0x40001000 at EL2, the registers written at EL2: PA
 *      0x40001000, ATTR 0xff, SH 0b11, NS.
 *   2. AT S1E1R 0x80000000: level 1 translation fault (FST 0b000101).
 *   3. AT S12E1R 0x40001000, HCR_EL2.VM set: PA 0x40001000.
 *   4. AT S12E1R 0xc0000000: stage 2 level 1 translation fault (S = 1).
 *   5. AT S1E1R 0xc0000000: stage 1 only, IPA 0x80000000.
 *   6. EL1 writes MAIR_EL1 (attribute 0 = 0x44, Normal Non-cacheable);
 *      AT S1E1R 0x40001000 at EL2 then gives ATTR 0x44.
 *   7. AT S1E1R at EL0 is UNDEFINED (EC 0x00 to EL1) and leaves PAR_EL1 as
 *      EL1 wrote it.
 */
#include "harness.h"

#define PT1     __pt_start                      /* stage 1, level 1 */
#define PT2     (__pt_start + 0x1000)           /* stage 2, level 1 */
#define S1_BLOCK        0x701                   /* block, AF, Inner Shareable, attr 0 */
#define S2_BLOCK        0x7fd                   /* block, AF, ISH, S2AP RW, MemAttr 0xf */
#define TCR_39          (25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))
#define VTCR_32         (0x80000020 | (1 << 6) | (1 << 8) | (1 << 10) | (3 << 12))
#define PAR_OK(pa)      (0xff00000000000b80 | (pa))     /* ATTR 0xff, bit 11, NS, SH ISH */
#define PAR_FAULT(fst)  (0x801 | ((fst) << 1))
#define PAR_S2          (1 << 9)

/* PAR_EL1 after \op of \va at EL2 must be \val (code \code). Clobbers x2, x3. */
.macro at_check op, va, val, code, what
	li	x2, \va
	at	\op, x2
	isb
	mrs	x3, par_el1
	check	x3, \val, \code, "\what"
.endm

	start_el2 vec2, vec1
	zero_quads PT1, (2 * 0x1000 / 8)
	la	x0, PT1
	li	x1, (0x40000000 | S1_BLOCK)
	str	x1, [x0, #8]
	li	x1, (0x80000000 | S1_BLOCK)
	str	x1, [x0, #24]
	la	x0, PT2
	li	x1, (0x40000000 | S2_BLOCK)
	str	x1, [x0, #8]
	dsb	sy
	la	x0, PT1
	msr	ttbr0_el1, x0
	li	x0, TCR_39
	msr	tcr_el1, x0
	mov	x0, #0xff
	msr	mair_el1, x0
	li	x0, (SCTLR_EL1_BASE | SCTLR_M)
	msr	sctlr_el1, x0
	la	x0, PT2
	msr	vttbr_el2, x0
	li	x0, VTCR_32
	msr	vtcr_el2, x0
	isb

	at_check s1e1r, 0x40001000, PAR_OK(0x40001000), 10, "1. AT S1E1R of a mapped VA"
	at_check s1e1r, 0x80000000, PAR_FAULT(0x05), 11, "2. AT S1E1R of an unmapped VA"
	li	x0, (HCR_RW | HCR_VM)
	msr	hcr_el2, x0
	isb
	at_check s12e1r, 0x40001000, PAR_OK(0x40001000), 12, "3. AT S12E1R of a mapped VA"
	at_check s12e1r, 0xc0000000, (PAR_FAULT(0x05) | PAR_S2), 13, "4. AT S12E1R, stage 2 fault"
	at_check s1e1r, 0xc0000000, PAR_OK(0x80000000), 14, "5. AT S1E1R under stage 2"

	/* 6. EL1 changes its memory attributes. */
	li	x0, HCR_RW
	msr	hcr_el2, x0
	la	x27, 1f
	eret_to	2, el1_mair, (PSR_DAIF | PSR_M_EL1h)
1:	at_check s1e1r, 0x40001000, 0x4400000040001b80, 15, "6. AT S1E1R after EL1's MSR MAIR_EL1"

	/* 7. EL0's AT: EL1 sets PAR_EL1 first. */
	li	x0, SCTLR_EL1_BASE
	msr	sctlr_el1, x0
	la	x27, 2f
	eret_to	2, el1_par, (PSR_DAIF | PSR_M_EL1h)
2:	pass

el1_mair:
	mov	x0, #0x44
	msr	mair_el1, x0
	isb
	hvc	#0
el1_par:
	li	x0, 0x12345000
	msr	par_el1, x0
	eret_to	1, el0_at, PSR_M_EL0t
el0_at:
	mov	x0, #0
	at	s1e1r, x0
	b	.

el1_sync:
	mrs	x0, esr_el1
	check	x0, ESR(EC_UNKNOWN, 0), 20, "7. ESR_EL1 of AT S1E1R at EL0"
	mrs	x0, par_el1
	check	x0, 0x12345000, 21, "7. PAR_EL1 after AT S1E1R at EL0"
	hvc	#0
el2_sync:
	mrs	x0, esr_el2
	check	x0, ESR(EC_HVC64, 0), 22, "ESR_EL2: HVC #0 only"
	br	x27

	vector_table vec2, 2, el2_sync
	vector_table vec1, 1, el1_sync
