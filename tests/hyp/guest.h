/*
 * guest.h - the small runtime of the test guests (guest.c, guest_crt.S):
 * hypercalls (abi.h), output through the virtual PL011 at 0x09000000,
 * the virtual timer and GIC CPU interface, and a way to fail loudly.
 * Guests are freestanding C at EL1, built like the hypervisor.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "abi.h"

#define UART_BASE       0x09000000ul

struct hvc_result {
	int64_t x0;
	uint64_t x1, x2, x3;
};

struct hvc_result hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
static inline int64_t hvc0(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return hvc(fn, a1, a2, a3).x0;
}

void putc_uart(char c);
void puts_uart(const char *s);           /* no newline added */
void put_u(uint64_t v);
void put_x(uint64_t v);
void print(const char *s);              /* through HYP_CONSOLE_WRITE */

uint64_t counter(void);                 /* CNTVCT_EL0 */
uint64_t counter_hz(void);              /* CNTFRQ_EL0 */
void irq_enable(void);                  /* GIC virtual interface on, DAIF.I clear */
void timer_after(uint64_t ticks);       /* CNTV fires after ticks */
void timer_stop(void);
void wfi(void);
void sgi_send(unsigned intid, unsigned vcpu_mask);

/* Provided by each guest that takes interrupts (default: ignore). */
void irq_handler(unsigned intid);

/* A check that must hold: on failure print the line and exit the VM with code. */
#define check(cond, code) do { if (!(cond)) guest_fail(__LINE__, code); } while (0)
_Noreturn void guest_fail(unsigned line, int code);
_Noreturn void vm_exit(int status);

#endif
