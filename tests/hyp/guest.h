/*
 * guest.h - the small runtime of the hypervisor's test guests (guest.c,
 * guest_crt.S) on top of the workloads' (workloads/lib/wl.h: console,
 * hypercalls, counters, timer, SGIs): what only the test guests do - print
 * through HYP_CONSOLE_WRITE, turn interrupts on without the native GIC
 * set-up (they only ever run as VMs), dispatch every pending interrupt to
 * irq_handler(), and fail loudly with the line and a chosen exit code.
 * Guests are freestanding C at EL1, built like the hypervisor.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "abi.h"
#include "wl.h"

static inline int64_t hvc0(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return wl_hvc(fn, a1, a2, a3).x0;
}

void print(const char *s);              /* through HYP_CONSOLE_WRITE */
void irq_enable(void);                  /* GIC virtual interface on, DAIF.I clear */

/* Provided by each guest that takes interrupts (default: ignore). */
void irq_handler(unsigned intid);

/* A check that must hold: on failure print the line and exit the VM with code. */
#define check(cond, code) do { if (!(cond)) guest_fail(__LINE__, code); } while (0)
_Noreturn void guest_fail(unsigned line, int code);
_Noreturn void vm_exit(int status);

#endif
