/*
 * sysreg-trap: system register accesses and SMC trapped to EL2 by HCR_EL2.
 *
 * ISS for EC 0x18 (DDI 0487 ESR_EL2, "ISS encoding for an exception from
 * MSR, MRS, or System instruction execution in AArch64 state", ARMv8.0
 * layout): Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5],
 * CRm [4:1], Direction [0] (0 = write, MSR; 1 = read, MRS). IL = 1.
 * ELR_EL2 = the trapped instruction.
 *   1. HCR_EL2.TVM: MSR SCTLR_EL1, X5 (3,0,c1,c0,0) traps; the write does
 *      not happen; reads are not trapped.
 *   2. HCR_EL2.TVM: MSR TTBR0_EL1, X6 (3,0,c2,c0,0) traps.
 *   3. HCR_EL2.TRVM: MRS X7, SCTLR_EL1 traps with Direction = 1; EL2
 *      emulates the read (writes a value into the saved X7).
 *   4. HCR_EL2.TID3: MRS X9, ID_AA64MMFR0_EL1 (3,0,c0,c7,0) traps.
 *   5. HCR_EL2.TSC: SMC #0x33 at EL1 traps with EC 0x17, ISS = imm16, and
 *      ELR_EL2 = the SMC itself (unlike an SMC that executes, whose
 *      preferred return address is the next instruction).
 *      This assumes what QEMU virt provides: SMC is a call to EL3 firmware
 *      (its built-in PSCI), as when EL3 is implemented. With no EL3 at all,
 *      ARMv8.0 makes SMC UNDEFINED and TSC ineffective (later issues of the
 *      ARM ARM allow either). The SMC is issued with X0 = 0, which is not a
 *      PSCI function, in case it is not trapped.
 * EL1 asks EL2 for each HCR_EL2 value with HVC #1 (x0 = new HCR_EL2).
 */
#include "harness.h"

#define SYSREG_ISS(op0, op1, crn, crm, op2, rt, dir) \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | \
	 ((rt) << 5) | ((crm) << 1) | (dir))
#define EMULATED(n)     (0xe0e0e0e000000000 + (n))

/* After trap number \n: codes \base + 0..2 (count, ESR_EL2, ELR_EL2). */
.macro expect_sys n, esr, elr, base
	expect_exc record, \n, \esr, \elr, , , \base, "trap to EL2"
.endm

.macro set_hcr val
	li	x0, \val
	hvc	#1
.endm

	start_el2 vectors_el2, vectors_el1
	zero_quads record, EXC_REC_QUADS
	li	x0, (HCR_RW | HCR_TVM)
	msr	hcr_el2, x0
	isb
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	/* 1. TVM: write to SCTLR_EL1. */
	li	x5, (SCTLR_EL1_BASE | SCTLR_I)
t1:	msr	sctlr_el1, x5
	expect_sys 1, ESR(EC_SYS64, SYSREG_ISS(3, 0, 1, 0, 0, 5, 0)), t1, 10
	mrs	x0, sctlr_el1			/* reads are not trapped by TVM */
	check	x0, SCTLR_EL1_BASE, 13, "SCTLR_EL1 not written by the trapped MSR"
	expect_count record, 1, 14, "MRS SCTLR_EL1 not trapped by TVM"

	/* 2. TVM: write to TTBR0_EL1. */
	li	x6, 0x40001000
t2:	msr	ttbr0_el1, x6
	expect_sys 2, ESR(EC_SYS64, SYSREG_ISS(3, 0, 2, 0, 0, 6, 0)), t2, 20

	/* 3. TRVM: read of SCTLR_EL1, emulated by EL2. */
	set_hcr	(HCR_RW | HCR_TRVM)
	mov	x7, #0
t3:	mrs	x7, sctlr_el1
	mov	x8, x7
	expect_sys 3, ESR(EC_SYS64, SYSREG_ISS(3, 0, 1, 0, 0, 7, 1)), t3, 30
	check	x8, EMULATED(3), 33, "X7 as emulated by EL2 (MRS SCTLR_EL1)"

	/* 4. TID3: read of ID_AA64MMFR0_EL1. */
	set_hcr	(HCR_RW | HCR_TID3)
t4:	mrs	x9, id_aa64mmfr0_el1
	mov	x8, x9
	expect_sys 4, ESR(EC_SYS64, SYSREG_ISS(3, 0, 0, 7, 0, 9, 1)), t4, 40
	check	x8, EMULATED(4), 43, "X9 as emulated by EL2 (MRS ID_AA64MMFR0_EL1)"

	/* 5. TSC: SMC at EL1. */
	set_hcr	(HCR_RW | HCR_TSC)
	mov	x0, #0
t5:	smc	#0x33
	expect_sys 5, ESR(EC_SMC64, 0x33), t5, 50

	/* No trap bits: the same accesses run at EL1. */
	set_hcr	HCR_RW
	mrs	x9, id_aa64mmfr0_el1
	mrs	x7, sctlr_el1
	check	x7, SCTLR_EL1_BASE, 60, "SCTLR_EL1 read without TRVM"
	expect_count record, 5, 61, "no more traps with HCR_EL2 trap bits clear"
	pass

/*
 * EL2. HVC #1: HCR_EL2 = x0. Anything else: record it; for an MRS (EC 0x18,
 * Direction 1) write EMULATED(count) into the saved Rt; resume after the
 * trapped instruction.
 */
el2_sync:
	save_frame 2
	ldr	x0, [sp, #FRAME_VECTOR]
	check	x0, (VEC_LOWER_A64 + VEC_SYNC), 100, "EL2 vector offset"
	mrs	x1, esr_el2
	lsr	x2, x1, #26
	cmp	x2, #EC_HVC64
	b.ne	1f
	check	x1, ESR(EC_HVC64, 1), 101, "ESR_EL2 for HVC #1"
	ldr	x0, [sp]
	msr	hcr_el2, x0
	isb
	b	9f
1:	mov	x17, x0				/* the vector offset, for the record */
	record_exc 2, record
	skip_insn 2
	lsr	x5, x1, #26
	cmp	x5, #EC_SYS64
	b.ne	9f
	tbz	x1, #0, 9f			/* Direction 0: a write */
	ubfx	x5, x1, #5, #5			/* Rt */
	li	x6, EMULATED(0)
	add	x6, x6, x2			/* the count */
	str	x6, [sp, x5, lsl #3]
9:	restore_frame
	eret

el1_unexpected:
	unexpected_exception 1, 110

	vector_table vectors_el1, 1, el1_unexpected
	vector_table vectors_el2, 2, el2_sync

	exc_records record
