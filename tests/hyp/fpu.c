/*
 * fpu - FP/SIMD state survives VM switches: two VMs on one core fill all
 * 32 V registers and FPCR with their own values, then yield to each other
 * 200 times, checking after every switch that nothing changed (the
 * hypervisor switches FP/SIMD lazily, on the first use after a switch).
 */
#include "guest.h"

void fpu_fill(uint64_t seed);
unsigned fpu_check(uint64_t seed);

int main(void)
{
	uint64_t seed = 0x1000 * (wl_hvc(HYP_VM_INFO, 0, 0, 0).x1 + 1) + 1;

	__asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(3ul << 20));   /* FPEN: no EL1 trap */
	fpu_fill(seed);
	for (unsigned i = 0; i < 200; i++) {
		wl_hvc(HYP_YIELD, 0, 0, 0);
		check(fpu_check(seed) == 0, 2);
		if (i % 50 == 0)
			fpu_fill(++seed);
	}
	wl_puts("FP/SIMD state intact across 200 switches\n");
	return 0;
}
