/*
 * rtos.h - the kernel of the baseband VM: a small preemptive RTOS at EL1,
 * one core, fixed priorities (0 is the most urgent, RTOS_PRIOS - 1 is the
 * idle task's), no round robin within a priority (tasks of one priority
 * run in the order they became ready, each until it blocks).
 *
 * Every switch goes through one exception frame: an interrupt, or an SVC
 * a task makes when it blocks or wakes a more urgent task (crt.S). Time
 * is the virtual counter (CNTVCT_EL0), and the virtual timer is programmed
 * for the next timeout only (tickless: timer.c). Kernel calls from tasks
 * mask IRQs for their critical sections; from interrupt handlers only the
 * non-blocking calls (sem_give, queue_send with timeout 0) may be used.
 *
 * Not here: memory protection (every task runs at EL1 with the MMU off,
 * as a DSP's RTOS does), dynamic creation and deletion of objects (all are
 * static, created before rtos_start), more than one core.
 */
#ifndef RTOS_H
#define RTOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTOS_PRIOS      9               /* 0 .. 8; 8 is the idle task's */
#define RTOS_FOREVER    UINT64_MAX      /* a timeout: wait without one */

enum rtos_status {
	RTOS_OK = 0,
	RTOS_TIMEOUT = 1,       /* the wait's time ran out (or timeout 0 and not available) */
};

/* A waiting list: tasks blocked on one object, most urgent first. */
struct rtos_waitq {
	struct rtos_task *head;
};

struct rtos_task {
	uint64_t sp;                    /* saved exception frame (crt.S); first: crt.S uses it */
	const char *name;
	unsigned prio;
	bool ready;
	struct rtos_task *next;         /* in a ready list or a waiting list */
	struct rtos_waitq *waiting_on;
	struct rtos_task *timer_next;   /* in the timeout list, by wake_at */
	bool timed;
	uint64_t wake_at;               /* counter value */
	int wait_status;
	void *xfer;                     /* a queue's message being handed over */
};

/* --- tasks and scheduling (sched.c) ---------------------------------- */

/*
 * Makes TASK ready to run ENTRY(ARG) at priority PRIO on its own stack
 * STACK[BYTES] (16-byte aligned). ENTRY must not return.
 */
void rtos_task_create(struct rtos_task *task, const char *name, unsigned prio,
		      void (*entry)(void *), void *arg, void *stack, size_t bytes);
/* Starts the most urgent task; the boot code's stack becomes the interrupt stack. */
_Noreturn void rtos_start(void);
struct rtos_task *rtos_current(void);

/* Sleeps until the counter reaches WHEN (returns at once if it has). */
void rtos_sleep_until(uint64_t when);
void rtos_sleep(uint64_t ticks);
uint64_t rtos_now(void);                /* the counter */
/* The counter value TIMEOUT ticks from now (RTOS_FOREVER for none). */
uint64_t rtos_deadline(uint64_t timeout);

/* Counter ticks the idle task spent waiting in WFI since start. */
uint64_t rtos_idle_ticks(void);

/* --- semaphores (sem.c) --------------------------------------------- */

struct rtos_sem {
	uint32_t count;
	struct rtos_waitq waiters;
};

void rtos_sem_init(struct rtos_sem *s, uint32_t count);
void rtos_sem_give(struct rtos_sem *s);                 /* tasks and handlers */
int rtos_sem_take(struct rtos_sem *s, uint64_t timeout); /* RTOS_OK or RTOS_TIMEOUT */

/* --- message queues (queue.c): fixed-size messages, copied --------- */

struct rtos_queue {
	uint8_t *buf;
	size_t msg_bytes;
	unsigned depth, head, count;
	struct rtos_waitq senders, receivers;
};

void rtos_queue_init(struct rtos_queue *q, void *buf, size_t msg_bytes, unsigned depth);
/* Timeout 0 never blocks (the form interrupt handlers use). */
int rtos_queue_send(struct rtos_queue *q, const void *msg, uint64_t timeout);
int rtos_queue_recv(struct rtos_queue *q, void *msg, uint64_t timeout);

/* --- interrupts (irq.c) --------------------------------------------- */

/*
 * Calls HANDLER(ARG) for INTID, with IRQs masked, on the interrupt stack.
 * Natively it also enables INTID at the distributor or redistributor (in
 * a VM the hypervisor has enabled what the VM was given).
 */
void rtos_irq_register(unsigned intid, void (*handler)(void *), void *arg);
/* Interrupts taken that no handler was registered for. */
uint64_t rtos_irq_stray(void);

/* --- the kernel's own interfaces between its files ------------------ */

uint64_t rtos_lock(void);               /* masks IRQs; returns the old DAIF */
void rtos_unlock(uint64_t daif);
/* Blocks the current task on WQ (may be NULL) until woken or the counter reaches UNTIL; call locked. */
int rtos_block(struct rtos_waitq *wq, uint64_t until);
/* Makes the most urgent waiter of WQ ready with STATUS; returns it, or NULL. Call locked. */
struct rtos_task *rtos_wake_one(struct rtos_waitq *wq, int status);
void rtos_wake(struct rtos_task *t, int status);
/* Lets a more urgent ready task run now (from a task), or at the interrupt's return. */
void rtos_preempt_check(void);
bool rtos_in_irq(void);
void rtos_irq_dispatch(void);           /* acknowledges and handles what is pending */

void rtos_timer_add(struct rtos_task *t, uint64_t when);
void rtos_timer_remove(struct rtos_task *t);
void rtos_timer_init(void);

#endif
