/*
 * timer.c - timeouts on the virtual timer (CNTV, PPI 27), tickless: the
 * sleeping and timed-waiting tasks are kept in one list ordered by their
 * wake-up counter value, and CNTV_CVAL_EL0 holds the first one's (or the
 * timer is off when the list is empty). The choice over a periodic tick:
 * the baseband's work is driven by the modem's frame interrupt, not by
 * time, so a tick would only cost interrupts (and, in a VM, exits to the
 * hypervisor) for nothing; timeouts keep counter precision (52 ns at
 * 19.2 MHz) instead of a tick's; and an idle VM is never woken.
 *
 * CNTV's interrupt is level-sensitive while CNTVCT >= CVAL (ARM DDI 0487
 * D11.2.4), so the handler moves CVAL on (or turns the timer off) before
 * the end of interrupt. Not here: timer callbacks (only tasks wait).
 */
#include "rtos.h"
#include "wl.h"

static struct rtos_task *timed_head;

static void program(void)
{
	if (timed_head)
		wl_timer_at(timed_head->wake_at);
	else
		wl_timer_stop();
}

void rtos_timer_add(struct rtos_task *t, uint64_t when)
{
	struct rtos_task **pp = &timed_head;

	while (*pp && (*pp)->wake_at <= when)
		pp = &(*pp)->timer_next;
	t->wake_at = when;
	t->timer_next = *pp;
	t->timed = true;
	*pp = t;
	if (timed_head == t)
		program();
}

void rtos_timer_remove(struct rtos_task *t)
{
	struct rtos_task **pp = &timed_head;
	bool first = timed_head == t;

	while (*pp != t)
		pp = &(*pp)->timer_next;
	*pp = t->timer_next;
	t->timed = false;
	if (first)
		program();
}

static void timer_irq(void *unused)
{
	uint64_t now = wl_counter();

	(void)unused;
	while (timed_head && timed_head->wake_at <= now)
		rtos_wake(timed_head, RTOS_TIMEOUT);    /* removes it, reprograms */
	program();
}

void rtos_timer_init(void)
{
	wl_timer_stop();
	rtos_irq_register(WL_INTID_VTIMER, timer_irq, NULL);
}
