/*
 * sched.c - which task runs: fixed priorities (0 most urgent), round
 * robin within one, preemption when a more urgent task wakes and when
 * the running task's slice ends while another of its priority waits (the
 * virtual timer, timer.c). Blocking and waking on channels (any address
 * naming what is waited for), with an optional deadline. When nothing is
 * runnable the kernel waits for an interrupt itself, with interrupts
 * masked (WFI still wakes: ARM DDI 0487 D1.16.2), and when every task has
 * ended it reports and ends the run. Not here: creating tasks (task.c).
 */
#include "kernel.h"

#define NPRIO           4
#define SLICE_HZ        1000            /* 1 ms slices */

struct task *current;
uint64_t sched_switches, sched_preemptions, sched_idle_ticks;

static struct task *head[NPRIO], *tail[NPRIO];
static bool need_resched;
static uint64_t slice_end;
static const char sleep_channel;

void sched_ready(struct task *t)
{
	t->state = TASK_READY;
	t->next = NULL;
	if (tail[t->prio])
		tail[t->prio]->next = t;
	else
		head[t->prio] = t;
	tail[t->prio] = t;
	if (current && current->state == TASK_RUNNING && t->prio < current->prio)
		need_resched = true;
}

static struct task *dequeue(void)
{
	for (unsigned p = 0; p < NPRIO; p++) {
		struct task *t = head[p];

		if (t) {
			head[p] = t->next;
			if (!head[p])
				tail[p] = NULL;
			return t;
		}
	}
	return NULL;
}

void sched_block(const void *channel, uint64_t deadline)
{
	current->state = TASK_BLOCKED;
	current->wait_channel = channel;
	current->wake_at = deadline;
}

void sched_wake_task(struct task *t, int64_t ret, uint64_t ret1)
{
	t->frame.x[0] = (uint64_t)ret;
	t->frame.x[1] = ret1;
	t->wait_channel = NULL;
	t->wake_at = 0;
	sched_ready(t);
}

struct task *sched_waiter(const void *channel)
{
	for (unsigned i = 0; i < ntasks; i++)
		if (tasks[i].state == TASK_BLOCKED && tasks[i].wait_channel == channel)
			return &tasks[i];
	return NULL;
}

unsigned sched_wake(const void *channel, int64_t ret, uint64_t ret1)
{
	unsigned n = 0;

	for (struct task *t; (t = sched_waiter(channel)); n++)
		sched_wake_task(t, ret, ret1);
	return n;
}

void sched_sleep_until(uint64_t when)
{
	if (when > wl_counter())
		sched_block(&sleep_channel, when);
}

void sched_expire(uint64_t now)
{
	for (unsigned i = 0; i < ntasks; i++) {
		struct task *t = &tasks[i];

		if (t->state == TASK_BLOCKED && t->wake_at && t->wake_at <= now)
			sched_wake_task(t, t->wait_channel == &sleep_channel ? 0 : -APPOS_ETIMEDOUT, 0);
	}
}

void sched_yield(void)
{
	need_resched = true;
}

void sched_timer(uint64_t now)
{
	sched_expire(now);
	if (current && now >= slice_end)
		need_resched = true;
}

/* The slice matters only while another task of the running one's priority waits. */
uint64_t sched_next_deadline(void)
{
	uint64_t d = current && current->state == TASK_RUNNING && head[current->prio] ? slice_end : 0;

	for (unsigned i = 0; i < ntasks; i++) {
		const struct task *t = &tasks[i];

		if (t->state == TASK_BLOCKED && t->wake_at && (!d || t->wake_at < d))
			d = t->wake_at;
	}
	return d;
}

bool sched_all_done(void)
{
	for (unsigned i = 0; i < ntasks; i++)
		if (tasks[i].state != TASK_DEAD)
			return false;
	return true;
}

static bool more_urgent_ready(unsigned prio)
{
	for (unsigned p = 0; p < prio; p++)
		if (head[p])
			return true;
	return false;
}

static struct task *idle_until_ready(void)
{
	struct task *next;

	while (!(next = dequeue())) {
		if (sched_all_done())
			report_end();
		uint64_t t0 = wl_counter();

		timer_rearm();
		wl_wfi();
		irq_dispatch();
		sched_idle_ticks += wl_counter() - t0;
	}
	return next;
}

struct trap_frame *sched_next(void)
{
	struct task *prev = current, *next;
	uint64_t now = wl_counter();

	if (prev && prev->state == TASK_RUNNING && !need_resched && !more_urgent_ready(prev->prio)) {
		timer_rearm();
		return &prev->frame;
	}
	need_resched = false;
	if (prev) {
		prev->cpu_ticks += now - prev->run_start;
		if (prev->state == TASK_RUNNING)
			sched_ready(prev);
	}
	current = NULL;
	next = idle_until_ready();
	if (next != prev) {
		sched_switches++;
		if (prev && prev->state == TASK_READY)
			sched_preemptions++;
		mmu_switch(next->ttbr0);
	}
	current = next;
	next->state = TASK_RUNNING;
	next->run_start = wl_counter();
	slice_end = next->run_start + wl_counter_hz() / SLICE_HZ;
	timer_rearm();
	return &next->frame;
}

void frame_return(struct trap_frame *f);

_Noreturn void sched_start(void)
{
	frame_return(sched_next());
	__builtin_unreachable();
}
