/*
 * timer-access: which generic timer accesses trap, and where (test_timer.c).
 *
 * The program runs phases; each ends with step N and waits for GO N, so
 * that the host checks the exceptions logged in that phase (and clears the
 * log) before the next. Trapped and UNDEFINED accesses are recorded and
 * skipped, so their Rt is left as it was. A fixed sequence of accesses is
 * run at each level, each sequence at an address reported in VALUE[0..3]:
 *
 *   el2_undefs (EL2; VALUE[2]):  MSR CNTFRQ_EL0, MSR CNTPCT_EL0
 *   el0_accesses (EL0; VALUE[0]): MRS x5 CNTFRQ, MRS x6 CNTPCT, MRS x7
 *	CNTVCT, MRS x8 CNTP_CTL, MSR CNTP_CVAL x9, MRS x10 CNTP_TVAL, MRS x11
 *	CNTV_CTL, MSR CNTV_CVAL x12, MSR CNTV_TVAL xzr, MRS x13 CNTV_CVAL; then
 *	x5 -> VALUE[4], x7 -> VALUE[5] and SVC #0 back to EL1
 *   el1_accesses (EL1; VALUE[1]): MRS x5 CNTPCT, MRS x6 CNTP_CTL, MSR
 *	CNTP_CVAL x7, MSR CNTP_TVAL x8, MRS x9 CNTVCT, MRS x10 CNTV_CTL, MRS
 *	x11 CNTFRQ; then x5 -> VALUE[4], x9 -> VALUE[5]
 *   el1_undefs (EL1; VALUE[3]): MRS x5 CNTHP_CTL_EL2, MSR CNTHP_CVAL_EL2
 *	x6, MRS x7 CNTHP_TVAL_EL2, MRS x8 CNTVOFF_EL2, MSR CNTVOFF_EL2 x9,
 *	MSR CNTFRQ_EL0 x10, MSR CNTPCT_EL0 x11
 *
 * Before each sequence x5-x13 = UNTOUCHED, x9 and x12 (written values)
 * excepted. The phases (CNTKCTL_EL1 / CNTHCTL_EL2 in hex):
 *
 *	1  el2_undefs			7  el1_accesses, 303 / 0
 *	2  el0_accesses, 0 / 3		8  el1_accesses, 303 / 1
 *	3  el0_accesses, 102 / 3	9  el1_accesses, 303 / 2
 *	4  el0_accesses, 201 / 3	10 el1_accesses, 303 / 3
 *	5  el0_accesses, 303 / 3	11 el1_undefs
 *	6  el0_accesses, 303 / 0	12 el0_accesses, 0 / 0
 *
 * After phase 12 the program exits 0. EL0 returns to EL1 with SVC #0
 * (harness.h's run_el0), and EL1 changes CNTHCTL_EL2 with HVC #1 (x0 = the
 * value); every other exception is logged and its instruction skipped.
 */
#include "../../target/harness.h"
#include "report.h"

#define UNTOUCHED	0x5e5e5e5e5e5e5e5e
#define CNTPCT_EL0	S3_3_C14_C0_1	/* the assembler refuses MSR to it by name */

/* x5-x13 = UNTOUCHED, except x9 and x12, which are written. */
.macro preset
	ldr	x5, =UNTOUCHED
	.irp	n, 6, 7, 8, 10, 11, 13
	mov	x\n, x5
	.endr
	mov	x9, #0x1234
	mov	x12, #0x5678
.endm

/* STEP = \n, then wait for GO = \n. */
.macro phase_end n
	step	\n
	wait_go	\n
.endm

/* CNTHCTL_EL2 = \val, through EL2. */
.macro set_cnthctl val
	mov	x0, #\val
	hvc	#1
.endm

/* Run el0_accesses at EL0 with CNTKCTL_EL1 = \kctl; back at EL1 after. */
.macro el0_phase kctl
	ldr	x0, =\kctl
	msr	cntkctl_el1, x0
	isb
	preset
	run_el0	el0_accesses
.endm

.macro run_el1
	preset
	bl	el1_accesses
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	el2_init vectors_el2, vectors_el1
	report_clear
	report_label 0, el0_accesses
	report_label 1, el1_accesses
	report_label 2, el2_undefs
	report_label 3, el1_undefs
	preset
el2_undefs:
	msr	cntfrq_el0, x5
	msr	CNTPCT_EL0, x6
	phase_end 1
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	el0_phase 0x000
	phase_end 2
	el0_phase 0x102
	phase_end 3
	el0_phase 0x201
	phase_end 4
	el0_phase 0x303
	phase_end 5
	set_cnthctl 0
	el0_phase 0x303
	phase_end 6

	run_el1
	phase_end 7
	set_cnthctl 1
	run_el1
	phase_end 8
	set_cnthctl 2
	run_el1
	phase_end 9
	set_cnthctl 3
	run_el1
	phase_end 10

	preset
el1_undefs:
	mrs	x5, cnthp_ctl_el2
	msr	cnthp_cval_el2, x6
	mrs	x7, cnthp_tval_el2
	mrs	x8, cntvoff_el2
	msr	cntvoff_el2, x9
	msr	cntfrq_el0, x10
	msr	CNTPCT_EL0, x11
	phase_end 11

	set_cnthctl 0
	el0_phase 0x000
	phase_end 12
	pass

el0_accesses:
	mrs	x5, cntfrq_el0
	mrs	x6, cntpct_el0
	mrs	x7, cntvct_el0
	mrs	x8, cntp_ctl_el0
	msr	cntp_cval_el0, x9
	mrs	x10, cntp_tval_el0
	mrs	x11, cntv_ctl_el0
	msr	cntv_cval_el0, x12
	msr	cntv_tval_el0, xzr
	mrs	x13, cntv_cval_el0
	report_value 4, x5
	report_value 5, x7
	svc	#0

el1_accesses:
	mrs	x5, cntpct_el0
	mrs	x6, cntp_ctl_el0
	msr	cntp_cval_el0, x7
	msr	cntp_tval_el0, x8
	mrs	x9, cntvct_el0
	mrs	x10, cntv_ctl_el0
	mrs	x11, cntfrq_el0
	report_value 4, x5
	report_value 5, x9
	ret

/*
 * SVC #0 from el0_accesses: back after run_el0 (harness.h). Anything else:
 * log, skip. x17 holds the vector offset for record, which
 * el0_svc_return leaves alone (it clobbers x0-x2, which no sequence uses).
 */
el1_handler:
	el0_svc_return
	record	1
	mrs	x17, elr_el1
	add	x17, x17, #4
	msr	elr_el1, x17
	handler_return 1

/* HVC: CNTHCTL_EL2 = x0. Anything else: log, skip. x17 is the vector offset. */
el2_handler:
	mrs	x16, esr_el2
	lsr	x16, x16, #26
	cmp	x16, #EC_HVC64
	b.eq	1f
	record	2
	mrs	x17, elr_el2
	add	x17, x17, #4
	msr	elr_el2, x17
	handler_return 2
1:	msr	cnthctl_el2, x0
	isb
	handler_return 2

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
