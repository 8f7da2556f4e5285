/*
 * share - measures the CPU share this VM gets: over the window from 10 ms
 * to 110 ms of its virtual time (every VM's virtual count starts at 0 when
 * the hypervisor boots), the time it observed itself running, as the sum
 * of the steps of a tight CNTVCT loop shorter than 5 us (a longer step is
 * time another VM ran). Prints the share in basis points (1/10000).
 */
#include "guest.h"

int main(void)
{
	uint64_t hz = wl_counter_hz();
	uint64_t from = hz / 100, to = from + hz / 10, gap = hz / 200000;
	uint64_t last = wl_counter(), ran = 0;

	while (last < to) {
		uint64_t t = wl_counter();

		if (t - last < gap && t > from)
			ran += t - (last > from ? last : from);
		last = t;
	}
	wl_puts("share ");
	wl_put_u(ran * 10000 / (to - from));
	wl_puts(" bp\n");
	return 0;
}
