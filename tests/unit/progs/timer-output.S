/*
 * timer-output: the program drives the timers; the host watches their
 * outputs (test_timer.c).
 *
 * For each timer in turn: CVAL = its count + 1000 (reported), CTL = ENABLE,
 * poll CTL until ISTATUS is set, then CTL = ENABLE | IMASK (output falls),
 * CTL = ENABLE (rises again), CTL = 0 (falls). At EL1 the virtual timer
 * (VALUE[0] = its CVAL) and the EL1 physical timer (VALUE[1]); HVC #1 has
 * EL2 do the same with the EL2 physical timer (VALUE[2]). Last, the virtual
 * timer again with CVAL = CNTVCT + 1000 (VALUE[3]), then HVC #2, with
 * which EL2 sets CNTVOFF_EL2 to 500 (from 0): the virtual count falls by
 * 500 and the deadline moves 500 counts later; poll, CTL = 0, exit 0.
 * Any other exception exits 2 (at EL1) or 3 (at EL2).
 */
#include "../../target/harness.h"
#include "report.h"

#define CTL_ENABLE	1
#define CTL_IMASK	2
#define CTL_ISTATUS_BIT	2
#define LEAD		1000
#define VOFF		500

/* The cycle above for the timer with registers \ctl and \cval, counting \count. */
.macro timer_cycle ctl, cval, count, slot
	mrs	x0, \count
	add	x0, x0, #LEAD
	report_value \slot, x0
	msr	\cval, x0
	mov	x1, #CTL_ENABLE
	msr	\ctl, x1
	isb
.Lpoll\@:
	mrs	x1, \ctl
	tbz	x1, #CTL_ISTATUS_BIT, .Lpoll\@
	mov	x1, #(CTL_ENABLE | CTL_IMASK)
	msr	\ctl, x1
	isb
	mov	x1, #CTL_ENABLE
	msr	\ctl, x1
	isb
	msr	\ctl, xzr
	isb
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	el2_init vectors_el2, vectors_el1
	report_clear
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	timer_cycle cntv_ctl_el0, cntv_cval_el0, cntvct_el0, 0
	timer_cycle cntp_ctl_el0, cntp_cval_el0, cntpct_el0, 1
	hvc	#1

	mrs	x0, cntvct_el0
	add	x0, x0, #LEAD
	report_value 3, x0
	msr	cntv_cval_el0, x0
	mov	x1, #CTL_ENABLE
	msr	cntv_ctl_el0, x1
	isb
	hvc	#2
1:	mrs	x1, cntv_ctl_el0
	tbz	x1, #CTL_ISTATUS_BIT, 1b
	msr	cntv_ctl_el0, xzr
	pass

el1_handler:
	record	1
	exit	2

/* HVC #1 and #2; anything else exits. x17 is the vector offset for record. */
el2_handler:
	mrs	x16, esr_el2
	lsr	x16, x16, #26
	cmp	x16, #EC_HVC64
	b.ne	1f
	mrs	x16, esr_el2
	and	x16, x16, #0xffff
	cmp	x16, #1
	b.eq	el2_timer
	cmp	x16, #2
	b.eq	el2_voff
1:	record	2
	exit	3

el2_timer:
	timer_cycle cnthp_ctl_el2, cnthp_cval_el2, cntpct_el0, 2
	handler_return 2

el2_voff:
	mov	x0, #VOFF
	msr	cntvoff_el2, x0
	isb
	handler_return 2

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
