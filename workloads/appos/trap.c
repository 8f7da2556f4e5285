/*
 * trap.c - what the kernel does with an exception from EL0: a system
 * call (SVC, EC 0x15), an interrupt, or a fault, which ends the task that
 * made it and nothing else. Exceptions taken from EL1 are kernel bugs.
 * Each handler returns the frame to resume, chosen by the scheduler.
 */
#include "kernel.h"

#define EC_SVC64        0x15

static uint64_t read_esr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, esr_el1" : "=r"(v));
	return v;
}

static uint64_t read_far(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, far_el1" : "=r"(v));
	return v;
}

struct trap_frame *trap_sync(struct trap_frame *f)
{
	uint64_t esr = read_esr();

	if (esr >> 26 == EC_SVC64)
		syscall(current, f);
	else
		task_kill(current, esr, read_far(), f->elr);
	return sched_next();
}

struct trap_frame *trap_irq(struct trap_frame *f)
{
	(void)f;
	irq_dispatch();
	return sched_next();
}

_Noreturn void kernel_panic(uint64_t esr, uint64_t elr, uint64_t far);

_Noreturn void kernel_panic(uint64_t esr, uint64_t elr, uint64_t far)
{
	wl_report_exception("appos kernel", esr, elr, far);
	wl_exit(3);
}
