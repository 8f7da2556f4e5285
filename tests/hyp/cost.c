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
	uint64_t tenths = ticks * 10000000000ul / counter_hz() / n;

	puts_uart(what);
	put_u(tenths / 10);
	putc_uart('.');
	put_u(tenths % 10);
	puts_uart(" ns\n");
}

int main(void)
{
	bool first = hvc(HYP_VM_INFO, 0, 0, 0).x1 == 0;
	uint64_t t0, t1;

	if (first) {
		t0 = counter();
		for (unsigned i = 0; i < CALLS; i++)
			hvc(HYP_VM_INFO, 0, 0, 0);
		t1 = counter();
		report("hypercall round trip ", t1 - t0, CALLS);
	}
	hvc(HYP_YIELD, 0, 0, 0);        /* start the ping-pong together */
	t0 = counter();
	for (unsigned i = 0; i < YIELDS; i++)
		hvc(HYP_YIELD, 0, 0, 0);
	t1 = counter();
	if (first)
		report("VM switch ", t1 - t0, 2 * YIELDS);
	return 0;
}
