/*
 * sem.c - counting semaphores: what interrupt handlers use to wake tasks
 * (give never blocks), and what tasks wait on, with a timeout. A give
 * with a waiter hands the count straight to the most urgent one.
 */
#include "rtos.h"

void rtos_sem_init(struct rtos_sem *s, uint32_t count)
{
	s->count = count;
	s->waiters.head = NULL;
}

void rtos_sem_give(struct rtos_sem *s)
{
	uint64_t daif = rtos_lock();

	if (rtos_wake_one(&s->waiters, RTOS_OK))
		rtos_preempt_check();
	else
		s->count++;
	rtos_unlock(daif);
}

int rtos_sem_take(struct rtos_sem *s, uint64_t timeout)
{
	uint64_t daif = rtos_lock();
	int status = RTOS_OK;

	if (s->count)
		s->count--;
	else
		status = rtos_block(&s->waiters, rtos_deadline(timeout));
	rtos_unlock(daif);
	return status;
}
