/*
 * sched.c - tasks and the scheduler: fixed priorities, one ready list per
 * priority (FIFO), the running task kept out of them. rtos_schedule() is
 * the one place a switch is decided, at the end of every IRQ and SVC
 * (crt.S): the most urgent ready task runs; a preempted task goes back to
 * the head of its list, so it resumes before others of its priority.
 * Also the idle task, which measures the time it waits in WFI.
 *
 * Not here: round robin within a priority (no time slices: the timer is
 * programmed only for timeouts, timer.c), priority inheritance.
 */
#include "rtos.h"
#include "wl.h"

#define FRAME_WORDS     34              /* crt.S: X0-X30, ELR, SPSR, pad */
#define FRAME_X30       30
#define FRAME_ELR       31
#define FRAME_SPSR      32
/* EL1h, D, A and F masked, IRQs unmasked (ARM DDI 0487 C5.2.18, SPSR_EL1). */
#define SPSR_TASK       0x345ul

void rtos_resume(uint64_t frame);
void rtos_switch_now(void);

static struct rtos_task *ready_head[RTOS_PRIOS], *ready_tail[RTOS_PRIOS];
static uint32_t ready_mask;             /* bit p: ready_head[p] is not empty */
static struct rtos_task *current;
static bool in_irq;

static struct rtos_task idle_task;
static uint8_t idle_stack[2048] __attribute__((aligned(16)));
static uint64_t idle_ticks;

static void ready_append(struct rtos_task *t)
{
	t->next = NULL;
	if (ready_tail[t->prio])
		ready_tail[t->prio]->next = t;
	else
		ready_head[t->prio] = t;
	ready_tail[t->prio] = t;
	ready_mask |= 1u << t->prio;
}

static void ready_prepend(struct rtos_task *t)
{
	t->next = ready_head[t->prio];
	if (!t->next)
		ready_tail[t->prio] = t;
	ready_head[t->prio] = t;
	ready_mask |= 1u << t->prio;
}

static struct rtos_task *ready_take_best(void)
{
	unsigned p = (unsigned)__builtin_ctz(ready_mask);
	struct rtos_task *t = ready_head[p];

	ready_head[p] = t->next;
	if (!ready_head[p]) {
		ready_tail[p] = NULL;
		ready_mask &= ~(1u << p);
	}
	return t;
}

static bool more_urgent_ready(void)
{
	return ready_mask && (unsigned)__builtin_ctz(ready_mask) < current->prio;
}

/* The switch point: FRAME is the interrupted task's; returns the frame to resume. */
uint64_t rtos_schedule(uint64_t frame)
{
	current->sp = frame;
	if (!current->ready) {
		current = ready_take_best();    /* the idle task is always ready */
	} else if (more_urgent_ready()) {
		ready_prepend(current);
		current = ready_take_best();
	}
	return current->sp;
}

uint64_t rtos_svc_entry(uint64_t frame)
{
	return rtos_schedule(frame);
}

uint64_t rtos_irq_entry(uint64_t frame)
{
	in_irq = true;
	rtos_irq_dispatch();
	in_irq = false;
	return rtos_schedule(frame);
}

bool rtos_in_irq(void)
{
	return in_irq;
}

uint64_t rtos_lock(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(daif) : : "memory");
	return daif;
}

void rtos_unlock(uint64_t daif)
{
	__asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
}

static _Noreturn void task_returned(void)
{
	wl_fail(__FILE__, __LINE__, "a task returned");
}

void rtos_task_create(struct rtos_task *task, const char *name, unsigned prio,
		      void (*entry)(void *), void *arg, void *stack, size_t bytes)
{
	uint64_t *frame = (uint64_t *)((uintptr_t)stack + bytes) - FRAME_WORDS;

	wl_check(prio < RTOS_PRIOS, "task priority out of range");
	memset(frame, 0, FRAME_WORDS * sizeof(*frame));
	frame[0] = (uint64_t)arg;
	frame[FRAME_X30] = (uint64_t)task_returned;
	frame[FRAME_ELR] = (uint64_t)entry;
	frame[FRAME_SPSR] = SPSR_TASK;
	*task = (struct rtos_task){ .sp = (uint64_t)frame, .name = name, .prio = prio,
				    .ready = true };
	ready_append(task);
}

struct rtos_task *rtos_current(void)
{
	return current;
}

/*
 * WFI with IRQs masked: an interrupt that became pending between the
 * unmask and the WFI still ends the wait (ARM DDI 0487 D1.6.2, "Wait for
 * Interrupt"), and the time spent waiting is counted before the handler
 * runs, so that a handler reading rtos_idle_ticks() sees it.
 */
static void idle(void *unused)
{
	(void)unused;
	for (;;) {
		uint64_t daif = rtos_lock(), t0 = wl_counter();

		wl_wfi();
		idle_ticks += wl_counter() - t0;
		rtos_unlock(daif);
	}
}

uint64_t rtos_idle_ticks(void)
{
	return idle_ticks;
}

_Noreturn void rtos_start(void)
{
	rtos_lock();
	rtos_task_create(&idle_task, "idle", RTOS_PRIOS - 1, idle, NULL, idle_stack,
			 sizeof(idle_stack));
	rtos_timer_init();
	current = ready_take_best();
	rtos_resume(current->sp);
	__builtin_unreachable();
}

void rtos_wake(struct rtos_task *t, int status)
{
	struct rtos_waitq *wq = t->waiting_on;

	if (wq) {
		struct rtos_task **pp = &wq->head;

		while (*pp != t)
			pp = &(*pp)->next;
		*pp = t->next;
		t->waiting_on = NULL;
	}
	if (t->timed)
		rtos_timer_remove(t);
	t->wait_status = status;
	t->ready = true;
	ready_append(t);
}

struct rtos_task *rtos_wake_one(struct rtos_waitq *wq, int status)
{
	struct rtos_task *t = wq->head;

	if (t)
		rtos_wake(t, status);
	return t;
}

int rtos_block(struct rtos_waitq *wq, uint64_t until)
{
	struct rtos_task *t = current;

	if (until != RTOS_FOREVER && until <= wl_counter())
		return RTOS_TIMEOUT;
	t->ready = false;
	t->wait_status = RTOS_TIMEOUT;
	t->waiting_on = wq;
	if (wq) {       /* most urgent first; FIFO within a priority */
		struct rtos_task **pp = &wq->head;

		while (*pp && (*pp)->prio <= t->prio)
			pp = &(*pp)->next;
		t->next = *pp;
		*pp = t;
	}
	if (until != RTOS_FOREVER)
		rtos_timer_add(t, until);
	rtos_switch_now();
	return t->wait_status;
}

void rtos_preempt_check(void)
{
	if (!in_irq && more_urgent_ready())
		rtos_switch_now();
}

uint64_t rtos_now(void)
{
	return wl_counter();
}

uint64_t rtos_deadline(uint64_t timeout)
{
	uint64_t now = wl_counter();

	if (timeout == RTOS_FOREVER || timeout > RTOS_FOREVER - 1 - now)
		return RTOS_FOREVER;
	return now + timeout;
}

void rtos_sleep_until(uint64_t when)
{
	uint64_t daif = rtos_lock();

	rtos_block(NULL, when);
	rtos_unlock(daif);
}

void rtos_sleep(uint64_t ticks)
{
	rtos_sleep_until(rtos_deadline(ticks));
}
