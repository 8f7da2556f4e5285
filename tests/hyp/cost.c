/*
 * cost - what the hypervisor costs a guest, from the guest's CNTVCT:
 * the round trip of a hypercall (HYP_VM_INFO, 20000 times), and, when
 * another VM on the same core yields too, of a switch to it and back
 * (HYP_YIELD, 5000 times: two VM switches each). Prints nanoseconds
 * per operation, to 0.1 ns.
 */
#include "guest.h"

#define CALLS           20000
#define YIELDS          5000

static void report(const char *what, uint64_t ticks, uint64_t n)
{
	uint64_t tenths = ticks * 10000000000ul / wl_counter_hz() / n;

	wl_puts(what);
	wl_put_u(tenths / 10);
	wl_putc('.');
	wl_put_u(tenths % 10);
	wl_puts(" ns\n");
}

int main(void)
{
	bool first = wl_hvc(HYP_VM_INFO, 0, 0, 0).x1 == 0;
	uint64_t t0, t1;

	if (first) {
		t0 = wl_counter();
		for (unsigned i = 0; i < CALLS; i++)
			wl_hvc(HYP_VM_INFO, 0, 0, 0);
		t1 = wl_counter();
		report("hypercall round trip ", t1 - t0, CALLS);
	}
	wl_hvc(HYP_YIELD, 0, 0, 0);        /* start the ping-pong together */
	t0 = wl_counter();
	for (unsigned i = 0; i < YIELDS; i++)
		wl_hvc(HYP_YIELD, 0, 0, 0);
	t1 = wl_counter();
	if (first)
		report("VM switch ", t1 - t0, 2 * YIELDS);
	return 0;
}
