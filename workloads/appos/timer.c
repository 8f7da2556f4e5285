/*
 * timer.c - the EL1 virtual timer (CNTV, PPI INTID 27) as the kernel's
 * one timer: it is set for the scheduler's next deadline (the end of a
 * slice, a sleep, a wait's timeout) and off when there is none, so an
 * idle OS takes no ticks. Natively and in a VM alike: the hypervisor
 * switches the virtual timer with the vCPU.
 */
#include "kernel.h"

static void timer_irq(unsigned intid)
{
	(void)intid;
	/* Off first: the output is a level, and sched_next() sets the next deadline. */
	wl_timer_stop();
	sched_timer(wl_counter());
}

void timer_init(void)
{
	wl_timer_stop();
	irq_register(WL_INTID_VTIMER, timer_irq);
}

void timer_rearm(void)
{
	uint64_t d = sched_next_deadline();

	if (d)
		wl_timer_at(d);
	else
		wl_timer_stop();
}
