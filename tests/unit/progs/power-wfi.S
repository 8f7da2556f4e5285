/*
 * power-wfi: a core that waits. At EL2, with IRQs routed to EL2 and masked, the
 * EL1 physical timer is set to fire 1 us (from CNTFRQ_EL0) ahead and the
 * core executes WFI, which completes once the timer's interrupt is pending
 * (the test routes it to the core's IRQ line); the timer is then disabled
 * and the program exits 0. An exception exits 98.
 */
#include "../../target/harness.h"

	entry_point
	el2_init vectors, vectors
	li	x0, HCR_RW | HCR_IMO		/* IRQs go to EL2, which masks them */
	msr	hcr_el2, x0
	mrs	x0, cntfrq_el0
	li	x1, 1000000
	udiv	x0, x0, x1			/* ticks per us */
	mrs	x1, cntpct_el0
	add	x1, x1, x0
	msr	cntp_cval_el0, x1
	mov	x0, #1				/* ENABLE, not IMASK */
	msr	cntp_ctl_el0, x0
	wfi
	msr	cntp_ctl_el0, xzr
	pass

	exit_vectors vectors, 2, 98
