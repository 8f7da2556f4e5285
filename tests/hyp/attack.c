/*
 * attack - a VM that reaches outside what it was given; ATTACK (set when
 * it is built) picks how:
 *   1 writes the victim VM's partition (its canary at 0x48800000),
 *   2 reads the hypervisor's memory (its image at 0x40000000),
 *   3 reads a device it was not given (the modem at 0x0C000000),
 *   4 writes a GIC redistributor (core 0's GICR_WAKER), the hypervisor's
 *     (the distributor is emulated: tests/hyp/vgicd.c),
 *   5 jumps outside its partition (a crash: instruction abort),
 *   6 writes the storage control frame (0x0C02F000: namespace 1's DMA
 *     window), the hypervisor's, while it was given namespace 2,
 *   7 reads namespace 1's frame (0x0C021000), while it was given namespace 2.
 * Each access must fault to the hypervisor, which stops this VM; reaching
 * the line after it is a failure (exit 1).
 */
#include "guest.h"

int main(void)
{
	wl_puts("attacking\n");
	switch (ATTACK) {
	case 1:
		*(volatile uint64_t *)0x48800000ul = 0xbad;
		break;
	case 2:
		(void)*(volatile uint64_t *)0x40000000ul;
		break;
	case 3:
		(void)*(volatile uint32_t *)0x0c000000ul;
		break;
	case 4:
		*(volatile uint32_t *)0x080a0014ul = 0;
		break;
	case 5:
		((void (*)(void))0x47f00000ul)();
		break;
	case 6:
		*(volatile uint32_t *)0x0c02f110ul = 0;
		break;
	case 7:
		(void)*(volatile uint32_t *)0x0c021000ul;
		break;
	}
	wl_puts("the access went through\n");
	return 1;
}
