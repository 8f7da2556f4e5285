/*
 * victim - keeps a canary in the middle of its partition (0x48800000,
 * outside its image), runs for 5 ms of virtual time while an attacker VM
 * shares the core, then checks that nothing touched the canary.
 */
#include "guest.h"

#define CANARY_AT       0x48800000ul
#define CANARY          0x5afe5afe5afe5afeul

int main(void)
{
	volatile uint64_t *canary = (volatile uint64_t *)CANARY_AT;
	uint64_t end = wl_counter() + wl_counter_hz() / 200;

	*canary = CANARY;
	while (wl_counter() < end)
		;
	check(*canary == CANARY, 1);
	wl_puts("canary intact\n");
	return 0;
}
