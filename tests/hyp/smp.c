/*
 * smp - a VM with two vCPUs: vCPU 0 starts vCPU 1 with PSCI CPU_ON, sends
 * it SGI 3 (ICC_SGI1R_EL1, trapped and emulated), and waits for SGI 4 back.
 * Both print which physical core... they cannot know: they print their
 * MPIDR_EL1 (the vCPU index in Aff0).
 */
#include "guest.h"

void _start_secondary(void);
static volatile unsigned got3, got4, up;

void irq_handler(unsigned intid)
{
	if (intid == 3)
		got3++;
	else if (intid == 4)
		got4++;
}

static uint64_t mpidr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v;
}

int secondary_main(unsigned idx)
{
	irq_enable();
	up = 1;
	while (!got3)
		wl_wfi();
	wl_puts("vCPU ");
	wl_put_u(idx);
	wl_puts(" got SGI 3, MPIDR ");
	wl_put_x(mpidr());
	wl_putc('\n');
	wl_gic_sgi(4, 1u << 0);
	return 0;
}

int main(void)
{
	irq_enable();
	check(hvc0(0xc4000003, 1, (uint64_t)_start_secondary, 1) == 0, 2);
	check(hvc0(0xc4000003, 1, (uint64_t)_start_secondary, 1) == -4, 3);    /* ALREADY_ON */
	while (!up)
		;
	wl_gic_sgi(3, 1u << 1);
	while (!got4)
		wl_wfi();
	wl_puts("vCPU 0 got SGI 4, MPIDR ");
	wl_put_x(mpidr());
	wl_putc('\n');
	return 0;
}
