/*
 * irq.c - interrupt dispatch: every pending INTID is acknowledged at the
 * GIC CPU interface (the virtual one in a VM), handled, and ended
 * (EOImode 0: priority drop and deactivation together, GICv3 IHI 0069
 * 4.1). The handler is expected to quiet its source first (level
 * interrupts). Not here: the GIC's set-up (workloads/lib/gic.c).
 */
#include "kernel.h"

#define NINTIDS         128             /* virtual INTIDs a VM may get */
#define IRQ_PRIORITY    0x80

static irq_handler handlers[NINTIDS];
uint64_t irq_count, irq_unexpected;

void irq_register(unsigned intid, irq_handler h)
{
	wl_check(intid < NINTIDS, "INTID out of range");
	handlers[intid] = h;
	wl_gic_enable(intid, IRQ_PRIORITY, 0);
}

void irq_dispatch(void)
{
	for (unsigned intid; (intid = wl_gic_ack()) < WL_INTID_SPURIOUS;) {
		irq_count++;
		if (intid < NINTIDS && handlers[intid])
			handlers[intid](intid);
		else
			irq_unexpected++;
		wl_gic_eoi(intid);
	}
}
