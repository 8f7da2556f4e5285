/*
 * pmu-access: who may access the PMU registers (test_pmu.c). Starts at
 * EL2 (MDCR_EL2.HPMN = 6), runs EL1, which runs EL0 snippets with
 * run_el0 (each ends with SVC #0). Every trapped or UNDEFINED access is
 * logged by the handler of the EL that takes it and skipped (pmu-progs.h);
 * EL1 asks EL2 for MDCR_EL2 = x0 with HVC #1, and to go on at EL2 (x28)
 * with HVC #2. Every access uses x0. MDCR_EL2.TPM/TPMCR are only set
 * while EL1 itself touches no PMU register.
 *
 * Part 1, EL0, with PMUSERENR_EL0 =
 *   0:  MRS PMCR, PMCCNTR; MSR PMSWINC; MRS PMSELR, PMEVCNTR0, PMEVCNTR4,
 *       PMCEID0 (each trapped to EL1); MRS PMUSERENR (RESULT[0]);
 *       MSR PMUSERENR, MRS PMINTENSET_EL1 (UNDEFINED)
 *   CR: MRS PMCCNTR; MSR PMCCNTR, MRS PMCR (trapped)
 *   ER: MRS PMEVCNTR0, PMXEVCNTR; MSR PMSELR = 2; MRS PMSELR (RESULT[1]);
 *       MSR PMEVCNTR0, MRS PMXEVTYPER (trapped)
 *   SW: MSR PMSWINC = 1 (counter 0 counts SW_INCR); MRS PMCCNTR (trapped)
 *   EN: MRS PMCR (RESULT[3]); MSR PMCNTENSET; MRS PMXEVTYPER
 *   then EL1: RESULT[2] = PMEVCNTR0_EL0.
 * Part 2, EL0 again:
 *   PMUSERENR 0, MDCR_EL2.TPM: MRS PMCR (to EL1: PMUSERENR comes first)
 *   PMUSERENR EN, TPM: MRS PMCR, MSR PMSWINC, MRS PMEVCNTR4 (to EL2)
 *   PMUSERENR EN, TPMCR: MRS PMCR (to EL2); MRS PMCCNTR
 * Part 3, MDCR_EL2.HPMN = 2, HPME clear (EL2 first wrote PMEVCNTR1 =
 * 0x1111, PMEVCNTR3 = 0x5555). At EL1: RESULT[4] = PMCR_EL0;
 * PMCNTENSET_EL0 = all ones, RESULT[5] = PMCNTENSET_EL0; RESULT[6] =
 * PMEVCNTR3_EL0, then MSR PMEVCNTR3_EL0 = 0x1234; PMSELR = 3, RESULT[7] =
 * PMXEVCNTR_EL0; RESULT[8] = PMEVCNTR1_EL0; EL0: RESULT[9] = PMCR_EL0;
 * EL1: PMCR_EL0 = E|P. At EL2: RESULT[10] = PMEVCNTR3_EL0, RESULT[11] =
 * PMEVCNTR1_EL0, RESULT[12] = PMCR_EL0; counters 1 and 3 count SW_INCR
 * at EL2, both enabled, from 0: PMSWINC_EL0 = 0b1010, then with
 * MDCR_EL2.HPME set again: RESULT[13] = PMEVCNTR1_EL0, RESULT[14] =
 * PMEVCNTR3_EL0. Exit 0.
 */
#include "../../target/harness.h"
#include "pmu-progs.h"

.macro set_mdcr val
	li	x0, \val
	hvc	#1
.endm

.macro set_userenr val
	mov	x0, #\val
	msr	pmuserenr_el0, x0
.endm

	start_el2 vectors_el2, vectors_el1
	pmu_clear
	mov	x0, #0x1111
	msr	pmevcntr1_el0, x0
	mov	x0, #0x5555
	msr	pmevcntr3_el0, x0
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	/* Counter 0 counts SW_INCR at EL0 and EL1. */
	msr	pmevtyper0_el0, xzr
	mov	x0, #1
	msr	pmcntenset_el0, x0
	mov	x0, #PMCR_E
	msr	pmcr_el0, x0

	/* Part 1 */
	set_userenr 0
	run_el0	el0_none
	set_userenr USERENR_CR
	run_el0	el0_cr
	set_userenr USERENR_ER
	run_el0	el0_er
	set_userenr USERENR_SW
	run_el0	el0_sw
	set_userenr USERENR_EN
	run_el0	el0_en
	mrs	x0, pmevcntr0_el0
	result	2, x0

	/* Part 2 */
	set_userenr 0
	set_mdcr (6 | MDCR_TPM)
	run_el0	el0_pmcr
	set_mdcr 6
	set_userenr USERENR_EN
	set_mdcr (6 | MDCR_TPM)
	run_el0	el0_tpm
	set_mdcr (6 | MDCR_TPMCR)
	run_el0	el0_tpmcr

	/* Part 3 */
	set_mdcr 2
	mrs	x0, pmcr_el0
	result	4, x0
	mov	x0, #-1
	msr	pmcntenset_el0, x0
	mrs	x0, pmcntenset_el0
	result	5, x0
	mrs	x0, pmevcntr3_el0
	result	6, x0
	mov	x0, #0x1234
	msr	pmevcntr3_el0, x0
	mov	x0, #3
	msr	pmselr_el0, x0
	mrs	x0, pmxevcntr_el0
	result	7, x0
	mrs	x0, pmevcntr1_el0
	result	8, x0
	run_el0	el0_pmcr
	mov	x0, #(PMCR_E | PMCR_P)
	msr	pmcr_el0, x0
	la	x28, el2_part3
	hvc	#2

el2_part3:
	mrs	x0, pmevcntr3_el0
	result	10, x0
	mrs	x0, pmevcntr1_el0
	result	11, x0
	mrs	x0, pmcr_el0
	result	12, x0
	li	x0, (EV_SW_INCR | F_NSH)
	msr	pmevtyper1_el0, x0
	msr	pmevtyper3_el0, x0
	msr	pmevcntr1_el0, xzr
	msr	pmevcntr3_el0, xzr
	mov	x0, #0xa
	msr	pmcntenset_el0, x0
	msr	pmswinc_el0, x0
	mov	x1, #(2 | MDCR_HPME)
	msr	mdcr_el2, x1
	msr	pmswinc_el0, x0
	mrs	x0, pmevcntr1_el0
	result	13, x0
	mrs	x0, pmevcntr3_el0
	result	14, x0
	pass

/* ------------------------------------------------------------- EL0 */

el0_none:
	mrs	x0, pmcr_el0
	mrs	x0, pmccntr_el0
	msr	pmswinc_el0, x0
	mrs	x0, pmselr_el0
	mrs	x0, pmevcntr0_el0
	mrs	x0, pmevcntr4_el0
	mrs	x0, pmceid0_el0
	mrs	x0, pmuserenr_el0
	result	0, x0
	msr	pmuserenr_el0, x0
	mrs	x0, pmintenset_el1
	svc	#0

el0_cr:
	mrs	x0, pmccntr_el0
	msr	pmccntr_el0, x0
	mrs	x0, pmcr_el0
	svc	#0

el0_er:
	mrs	x0, pmevcntr0_el0
	mrs	x0, pmxevcntr_el0
	mov	x0, #2
	msr	pmselr_el0, x0
	mrs	x0, pmselr_el0
	result	1, x0
	msr	pmevcntr0_el0, x0
	mrs	x0, pmxevtyper_el0
	svc	#0

el0_sw:
	mov	x0, #1
	msr	pmswinc_el0, x0
	mrs	x0, pmccntr_el0
	svc	#0

el0_en:
	mrs	x0, pmcr_el0
	result	3, x0
	mov	x0, #1
	msr	pmcntenset_el0, x0
	mrs	x0, pmxevtyper_el0
	svc	#0

el0_pmcr:
	mrs	x0, pmcr_el0
	result	9, x0
	svc	#0

el0_tpm:
	mrs	x0, pmcr_el0
	mov	x0, #1
	msr	pmswinc_el0, x0
	mrs	x0, pmevcntr4_el0
	svc	#0

el0_tpmcr:
	mrs	x0, pmcr_el0
	mrs	x0, pmccntr_el0
	svc	#0

/* ------------------------------------------------------------ vectors */

el1_sync:
	el0_svc_return
	log_and_skip 1

/* HVC #1: MDCR_EL2 = x0; HVC #2: go on at x28, at EL2. Anything else is logged. */
el2_sync:
	mrs	x16, esr_el2
	lsr	x17, x16, #26
	cmp	x17, #EC_HVC64
	b.ne	1f
	and	x16, x16, #0xffff
	cmp	x16, #2
	b.eq	2f
	msr	mdcr_el2, x0
	isb
	mrs	x17, tpidr_el2
	eret
2:	br	x28
1:	log_and_skip 2

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync
