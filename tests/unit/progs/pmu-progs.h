/*
 * pmu-progs.h - what the PMU programs (tests/unit/progs/pmu-*.S) and
 * test_pmu.c share: PMU register fields and event numbers (ARM DDI 0487,
 * the PM* register descriptions and D11's common events), where the
 * programs leave their results, and the trap log their handlers keep.
 *
 * Programs that the host measures pause (timing-progs.h: WFI with the
 * interrupts masked) at the edges of each window; the host reads the
 * core's own counts there and works out what the guest's counters must
 * have read.
 */
#ifndef PHONESIM_TESTS_UNIT_PROGS_PMU_PROGS_H
#define PHONESIM_TESTS_UNIT_PROGS_PMU_PROGS_H

#include "report.h"

/* PMCR_EL0 */
#define PMCR_E          (1 << 0)
#define PMCR_P          (1 << 1)
#define PMCR_C          (1 << 2)
#define PMCR_D          (1 << 3)
#define PMCR_LC         (1 << 6)
#define PMCR_N(pmcr)    (((pmcr) >> 11) & 0x1f)

/* PMUSERENR_EL0 */
#define USERENR_EN      (1 << 0)
#define USERENR_SW      (1 << 1)
#define USERENR_CR      (1 << 2)
#define USERENR_ER      (1 << 3)

/* MDCR_EL2 */
#define MDCR_TPMCR      (1 << 5)
#define MDCR_TPM        (1 << 6)
#define MDCR_HPME       (1 << 7)

/* PMEVTYPER<n>_EL0 and PMCCFILTR_EL0 filters (Non-secure: EL0 counts when
 * U == NSU, EL1 when P == NSK, EL2 when NSH is set). */
#define F_P             0x80000000
#define F_U             (1 << 30)
#define F_NSK           (1 << 29)
#define F_NSU           (1 << 28)
#define F_NSH           (1 << 27)
#define F_ALL_ELS       F_NSH
#define F_EL0_ONLY      F_P
#define F_EL1_ONLY      F_U
#define F_EL1_EL2_NSK   (F_P | F_NSK | F_U | F_NSH)

/* Common event numbers. */
#define EV_SW_INCR              0x00
#define EV_L1D_CACHE_REFILL     0x03
#define EV_L1D_CACHE            0x04
#define EV_INST_RETIRED         0x08
#define EV_EXC_TAKEN            0x09
#define EV_EXC_RETURN           0x0a
#define EV_BR_MIS_PRED          0x10
#define EV_CPU_CYCLES           0x11
#define EV_BR_PRED              0x12
#define EV_L2D_CACHE_REFILL     0x17

#define CCNT_BIT        0x80000000      /* the cycle counter in PMCNTENSET_EL0 & co. */
#define PMU_PPI         23

/* Results: PMU_NRESULTS quads after the report area. */
#define PMU_RESULTS     (REPORT_BASE + 0x800)
#define PMU_NRESULTS    64

/*
 * The trap log: a count, then one 32-byte entry per exception a program
 * logs (ESR, ELR, the EL it was taken to), at PMU_LOG + 32 * (i + 1).
 */
#define PMU_LOG         (REPORT_BASE + 0x1000)
#define PMU_LOG_MAX     48
#define PMU_LOG_ESR     0
#define PMU_LOG_ELR     8
#define PMU_LOG_EL      16

/* Loop trips of the windows (pmu-count). */
#define LOOP_EL1        20
#define LOOP_EL0        30
#define LOOP_DIV        700
#define NOPS_ON         40
#define NOPS_OFF        50

/* pmu-events-el1: loads, one a line, over a region larger than the L1D and the L2. */
#define EVENT_BASE      0x40900000
#define EVENT_LINES     4096            /* 256 KiB */

#ifdef __ASSEMBLER__

/* RESULT[\slot] = \reg (not x16). Clobbers x16. */
.macro result slot, reg
	ldr	x16, =PMU_RESULTS
	str	\reg, [x16, #(8 * \slot)]
.endm

/*
 * Read PMCCNTR_EL0 and the six event counters back to back, pause (the
 * host's window ends there: timing-progs.h), then leave them in RESULT[0]
 * (the cycle counter) to RESULT[6]. Clobbers x0-x6, x16.
 */
.macro read_counters
	mrs	x0, pmccntr_el0
	mrs	x1, pmevcntr0_el0
	mrs	x2, pmevcntr1_el0
	mrs	x3, pmevcntr2_el0
	mrs	x4, pmevcntr3_el0
	mrs	x5, pmevcntr4_el0
	mrs	x6, pmevcntr5_el0
	pause
	result	0, x0
	result	1, x1
	result	2, x2
	result	3, x3
	result	4, x4
	result	5, x5
	result	6, x6
.endm

/* Zero the results and the trap log. Clobbers x16, x17. */
.macro pmu_clear
	report_clear
	ldr	x16, =PMU_RESULTS
	mov	x17, #((PMU_LOG + 32 * (PMU_LOG_MAX + 1) - PMU_RESULTS) / 8)
.Lpmu_clear\@:
	str	xzr, [x16], #8
	sub	x17, x17, #1
	cbnz	x17, .Lpmu_clear\@
.endm

/*
 * In a synchronous exception handler at EL \el: log ESR, ELR and \el,
 * resume after the instruction. Keeps every register (the vector entry's
 * x17 is restored from TPIDR_EL<el>); uses 16 bytes of stack.
 */
.macro log_and_skip el
	stp	x0, x1, [sp, #-16]!
	ldr	x0, =PMU_LOG
	ldr	x1, [x0]
	add	x1, x1, #1
	str	x1, [x0]
	add	x0, x0, x1, lsl #5
	mrs	x1, esr_el\el
	str	x1, [x0, #PMU_LOG_ESR]
	mrs	x1, elr_el\el
	str	x1, [x0, #PMU_LOG_ELR]
	add	x1, x1, #4
	msr	elr_el\el, x1
	mov	x1, #\el
	str	x1, [x0, #PMU_LOG_EL]
	ldp	x0, x1, [sp], #16
	mrs	x17, tpidr_el\el
	eret
.endm

#endif /* __ASSEMBLER__ */

#endif
