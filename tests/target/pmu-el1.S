/*
 * pmu-el1: the Performance Monitors Extension (PMUv3) as EL1 and EL0 see
 * it, without EL2: what holds on any Cortex-A57-class PMU, never how many
 * cycles something takes (QEMU's cycle counter follows its virtual clock,
 * phonesim's the simulated cycles). Register fields are the PM* register
 * descriptions' (DDI 0487); the trap rules each one's "Accessing" text.
 *   1. ID_AA64DFR0_EL1.PMUVer = 1 (PMUv3); PMCR_EL0: IMP 0x41, IDCODE 0x01,
 *      N = 6; PMCEID0_EL0 has SW_INCR (bit 0) and CPU_CYCLES (bit 17).
 *   2. PMCCNTR_EL0 written while disabled reads back; counts with PMCR_EL0.E
 *      and PMCNTENSET_EL0.C; stands still with C clear, and with E clear;
 *      PMCR_EL0.C resets it (P and C read as 0).
 *   3. PMCCFILTR_EL0.P (and NSK clear): not counted at EL1, counted at EL0.
 *   4. SW_INCR on counter 0 (PMXEVTYPER/PMXEVCNTR_EL0 with PMSELR_EL0.SEL
 *      = 0): each PMSWINC_EL0 write counts one, only while enabled, and
 *      not with its filter's P set; SEL = 31 makes PMXEVTYPER_EL0 PMCCFILTR_EL0.
 *   5. Counter 0 at 0xFFFFFFFF: one SW_INCR wraps it to 0 and sets
 *      PMOVSSET_EL0 bit 0; PMOVSCLR_EL0 clears it. With PMINTENSET_EL1 bit
 *      0, the overflow raises the PMU interrupt (PPI 23) through the GIC:
 *      taken right after the PMSWINC_EL0 write, ICC_IAR1_EL1 = 23,
 *      PMOVSCLR_EL0 = 1 in the handler, which clears it.
 *   6. The cycle counter from 2^32 - 4096 with its interrupt enabled: the
 *      interrupt comes, with PMOVSCLR_EL0 = bit 31 and PMCCNTR_EL0 >= 2^32.
 *   7. EL0, PMUSERENR_EL0 = 0: MRS PMCCNTR_EL0 traps to EL1 (EC 0x18);
 *      CR: the read is allowed, the write traps; MSR PMUSERENR_EL0 is
 *      UNDEFINED (EC 0x00); ELR = the instruction each time.
 */
#include "harness.h"
#include "gic.h"

#define PMCR_E          (1 << 0)
#define PMCR_C          (1 << 2)
#define CCNT            0x80000000
#define F_P             0x80000000
#define PMU_INTID       23
#define SYSREG_ISS(op0, op1, crn, crm, op2, rt, dir) \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | \
	 ((rt) << 5) | ((crm) << 1) | (dir))
#define ISS_PMCCNTR(dir)        SYSREG_ISS(3, 3, 9, 13, 0, 0, dir)

/* x0 = PMCCNTR_EL0, then a loop of 100 trips, then x1 = PMCCNTR_EL0. */
.macro ccnt_around_loop
	mrs	x0, pmccntr_el0
	mov	x2, #100
.Lloop\@:
	subs	x2, x2, #1
	b.ne	.Lloop\@
	mrs	x1, pmccntr_el0
.endm

	start_el1 vectors_el2, vectors_el1
	zero_quads record, EXC_REC_QUADS
	mov	x20, #0				/* interrupts taken */

	/* 1 */
	mrs	x0, id_aa64dfr0_el1
	ubfx	x0, x0, #8, #4
	check	x0, 1, 10, "ID_AA64DFR0_EL1.PMUVer"
	mrs	x0, pmcr_el0
	ubfx	x1, x0, #16, #16
	check	x1, 0x4101, 11, "PMCR_EL0.IMP, IDCODE"
	ubfx	x1, x0, #11, #5
	check	x1, 6, 12, "PMCR_EL0.N"
	mrs	x0, pmceid0_el0
	li	x1, ((1 << 0) | (1 << 17))
	and	x0, x0, x1
	check	x0, ((1 << 0) | (1 << 17)), 13, "PMCEID0_EL0: SW_INCR, CPU_CYCLES"

	/* 2 */
	msr	pmcr_el0, xzr
	msr	pmccfiltr_el0, xzr
	li	x0, 0x123456789
	msr	pmccntr_el0, x0
	mrs	x0, pmccntr_el0
	check	x0, 0x123456789, 20, "PMCCNTR_EL0 written while disabled"
	mov	x0, #CCNT
	msr	pmcntenset_el0, x0
	mov	x0, #PMCR_E
	msr	pmcr_el0, x0
	isb
	ccnt_around_loop
	cmp	x1, x0
	cset	x3, hi
	check	x3, 1, 21, "PMCCNTR_EL0 counts with E and PMCNTENSET_EL0.C"
	mov	x0, #CCNT
	msr	pmcntenclr_el0, x0
	isb
	ccnt_around_loop
	sub	x3, x1, x0
	check	x3, 0, 22, "PMCCNTR_EL0 stands still with PMCNTENSET_EL0.C clear"
	mov	x0, #CCNT
	msr	pmcntenset_el0, x0
	msr	pmcr_el0, xzr
	isb
	ccnt_around_loop
	sub	x3, x1, x0
	check	x3, 0, 23, "PMCCNTR_EL0 stands still with PMCR_EL0.E clear"
	mov	x0, #PMCR_C
	msr	pmcr_el0, x0
	mrs	x0, pmccntr_el0
	check	x0, 0, 24, "PMCCNTR_EL0 after PMCR_EL0.C"
	mrs	x0, pmcr_el0
	and	x0, x0, #0x7
	check	x0, 0, 25, "PMCR_EL0.{C,P,E} read after writing C"

	/* 3 */
	li	x0, F_P
	msr	pmccfiltr_el0, x0
	mov	x0, #PMCR_E
	msr	pmcr_el0, x0
	isb
	ccnt_around_loop
	sub	x3, x1, x0
	check	x3, 0, 30, "PMCCFILTR_EL0.P: no cycles counted at EL1"
	mov	x19, x1
	run_el0	el0_loop
	mrs	x1, pmccntr_el0
	cmp	x1, x19
	cset	x3, hi
	check	x3, 1, 31, "PMCCFILTR_EL0.P: cycles counted at EL0"
	msr	pmccfiltr_el0, xzr

	/* 4 */
	msr	pmselr_el0, xzr
	msr	pmxevtyper_el0, xzr		/* SW_INCR */
	msr	pmxevcntr_el0, xzr
	mov	x0, #1
	msr	pmcntenset_el0, x0
	msr	pmswinc_el0, x0
	msr	pmswinc_el0, x0
	msr	pmswinc_el0, x0
	mrs	x1, pmevcntr0_el0
	check	x1, 3, 40, "three SW_INCR"
	msr	pmcntenclr_el0, x0
	msr	pmswinc_el0, x0
	mrs	x1, pmxevcntr_el0
	check	x1, 3, 41, "SW_INCR while disabled"
	msr	pmcntenset_el0, x0
	li	x2, F_P
	msr	pmevtyper0_el0, x2
	msr	pmswinc_el0, x0
	mrs	x1, pmevcntr0_el0
	check	x1, 3, 42, "SW_INCR at EL1 with the filter's P set"
	mov	x2, #31
	msr	pmselr_el0, x2
	li	x2, F_P
	msr	pmccfiltr_el0, x2
	mrs	x1, pmxevtyper_el0
	check	x1, F_P, 43, "PMXEVTYPER_EL0 with PMSELR_EL0.SEL = 31"
	msr	pmccfiltr_el0, xzr

	/* 5 */
	msr	pmevtyper0_el0, xzr
	li	x1, 0xffffffff
	msr	pmevcntr0_el0, x1
	msr	pmswinc_el0, x0
	mrs	x1, pmevcntr0_el0
	check	x1, 0, 50, "counter 0 wrapped"
	mrs	x1, pmovsset_el0
	check	x1, 1, 51, "PMOVSSET_EL0 after the wrap"
	msr	pmovsclr_el0, x0
	mrs	x1, pmovsset_el0
	check	x1, 0, 52, "PMOVSSET_EL0 after PMOVSCLR_EL0"
	gic_dist_enable
	gic_redist_wake 0
	gic_private 0, PMU_INTID, 0x80
	gic_cpu_enable
	msr	pmintenset_el1, x0
	li	x1, 0xffffffff
	msr	pmevcntr0_el0, x1
	msr	daifclr, #2
	msr	pmswinc_el0, x0
after_swinc:
	msr	daifset, #2
	check	x20, 1, 53, "interrupts taken after the overflow"
	check	x21, after_swinc, 54, "ELR_EL1 of the interrupt"
	check	x22, PMU_INTID, 55, "ICC_IAR1_EL1"
	check	x23, 1, 56, "PMOVSCLR_EL0 in the handler"

	/* 6 */
	msr	pmintenclr_el1, x0
	mov	x0, #CCNT
	msr	pmintenset_el1, x0
	li	x0, 0xfffff000
	msr	pmccntr_el0, x0
	li	x2, 100000000
	msr	daifclr, #2
1:	cmp	x20, #2
	b.eq	2f
	subs	x2, x2, #1
	b.ne	1b
2:	msr	daifset, #2
	check	x20, 2, 60, "interrupt of the cycle counter's overflow"
	check	x23, CCNT, 61, "PMOVSCLR_EL0 in the handler"
	lsr	x24, x24, #32
	check	x24, 1, 62, "PMCCNTR_EL0 in the handler, bits [63:32]"
	msr	pmcr_el0, xzr

	/* 7 */
	msr	pmuserenr_el0, xzr
	run_el0	el0_read_ccnt
	expect_exc record, 1, ESR(EC_SYS64, ISS_PMCCNTR(1)), el0_read_ccnt, , , 70, \
		"EL0 MRS PMCCNTR_EL0, PMUSERENR_EL0 = 0"
	mov	x0, #4				/* CR */
	msr	pmuserenr_el0, x0
	run_el0	el0_cr
	expect_exc record, 2, ESR(EC_SYS64, ISS_PMCCNTR(0)), el0_cr_write, , , 80, \
		"EL0 MSR PMCCNTR_EL0, PMUSERENR_EL0.CR"
	run_el0	el0_write_userenr
	expect_exc record, 3, ESR(EC_UNKNOWN, 0), el0_write_userenr, , , 90, \
		"EL0 MSR PMUSERENR_EL0"
	pass

el0_loop:
	mov	x2, #100
1:	subs	x2, x2, #1
	b.ne	1b
	svc	#0
el0_read_ccnt:
	mrs	x0, pmccntr_el0
	svc	#0
el0_cr:
	mrs	x0, pmccntr_el0
el0_cr_write:
	msr	pmccntr_el0, x0
	svc	#0
el0_write_userenr:
	msr	pmuserenr_el0, x0
	svc	#0

irq:
	mrs	x22, ICC_IAR1_EL1
	mrs	x23, pmovsclr_el0
	mrs	x24, pmccntr_el0
	mrs	x21, elr_el1
	msr	pmovsclr_el0, x23
	msr	ICC_EOIR1_EL1, x22
	add	x20, x20, #1
	mrs	x17, tpidr_el1
	eret

el1_sync:
	cmp	x17, #(VEC_CUR_SPX + VEC_IRQ)
	b.eq	irq
	cmp	x17, #(VEC_LOWER_A64 + VEC_SYNC)
	b.ne	el1_unexpected
	el0_svc_return
	record_and_skip 1, record
el1_unexpected:
	unexpected_exception 1, 100

	vector_table vectors_el1, 1, el1_sync
	exit_vectors vectors_el2, 2, 101

	.data
	.balign	8
record:	.fill	EXC_REC_QUADS, 8, 0
