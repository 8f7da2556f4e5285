/*
 * burst - more virtual interrupts than list registers: VM 0 rings VM 1's
 * doorbell with 8 different INTIDs (64-71) at once; VM 1, interrupts
 * masked for its first 2 ms so that all 8 are pending together, must then
 * take each exactly once (4 list registers: the rest come through the
 * maintenance interrupt's refill).
 */
#include "guest.h"

#define FIRST           64
#define COUNT           8

static volatile unsigned seen[COUNT], others;

void irq_handler(unsigned intid)
{
	if (intid >= FIRST && intid < FIRST + COUNT)
		seen[intid - FIRST]++;
	else
		others++;
}

static int ringer(void)
{
	for (unsigned i = 0; i < COUNT; i++)
		check(hvc0(HYP_DOORBELL, 1, FIRST + i, 0) == HYP_OK, 2);
	return 0;
}

static int target(void)
{
	uint64_t end = wl_counter() + wl_counter_hz() / 500;
	unsigned all;

	while (wl_counter() < end)
		;
	irq_enable();
	do {
		all = 0;
		for (unsigned i = 0; i < COUNT; i++)
			all += seen[i] != 0;
	} while (all < COUNT);
	for (unsigned i = 0; i < COUNT; i++)
		check(seen[i] == 1, 3);
	check(others == 0, 4);
	wl_puts("took 8 doorbells, each once\n");
	return 0;
}

int main(void)
{
	return wl_hvc(HYP_VM_INFO, 0, 0, 0).x1 == 0 ? ringer() : target();
}
