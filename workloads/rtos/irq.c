/*
 * irq.c - interrupts through the GIC CPU interface (ARM IHI 0069): a table
 * of handlers by INTID, run from the IRQ exception (crt.S) with IRQs
 * masked. Every pending interrupt is acknowledged and handled before the
 * scheduler decides who runs next, so a task readied by any of them runs
 * on the exception's return. Also the fatal-fault report.
 *
 * Not here: nesting (one handler at a time), priorities between handlers
 * (in a VM every virtual interrupt has priority 0xA0 anyway).
 */
#include "rtos.h"
#include "wl.h"

#define IRQ_MAX         128             /* virtual INTIDs in a VM go up to 127 */
#define IRQ_PRIO        0x80

static struct {
	void (*handler)(void *);
	void *arg;
} handlers[IRQ_MAX];
static uint64_t stray;

void rtos_irq_register(unsigned intid, void (*handler)(void *), void *arg)
{
	wl_check(intid < IRQ_MAX, "INTID out of range");
	handlers[intid].handler = handler;
	handlers[intid].arg = arg;
	wl_gic_enable(intid, IRQ_PRIO, 0);
}

void rtos_irq_dispatch(void)
{
	for (;;) {
		unsigned intid = wl_gic_ack();

		if (intid >= WL_INTID_SPURIOUS)
			return;
		if (intid < IRQ_MAX && handlers[intid].handler)
			handlers[intid].handler(handlers[intid].arg);
		else
			stray++;
		wl_gic_eoi(intid);
	}
}

uint64_t rtos_irq_stray(void)
{
	return stray;
}

_Noreturn void rtos_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	wl_report_exception("rtos", esr, elr, far);
	wl_exit(3);
}
