/*
 * app - the VM next to the baseband: its virtual timer every 300 us, and
 * the doorbells the baseband rings (virtual INTID 50). It must see its own
 * timer and the 20 doorbells, and never the modem's interrupt (INTID 40).
 */
#include "guest.h"

static volatile unsigned ticks, doorbells, others;
static uint64_t period;

void irq_handler(unsigned intid)
{
	if (intid == 27) {
		ticks++;
		wl_timer_after(period);
	} else if (intid == 50) {
		doorbells++;
	} else {
		others++;
	}
}

int main(void)
{
	period = wl_counter_hz() / 3333;
	irq_enable();
	wl_timer_after(period);
	while (doorbells < 20)
		wl_wfi();
	wl_timer_stop();
	wl_puts("timer ticks ");
	wl_put_u(ticks);
	wl_puts(", doorbells ");
	wl_put_u(doorbells);
	wl_puts(", other interrupts ");
	wl_put_u(others);
	wl_putc('\n');
	check(others == 0 && ticks > 20, 2);
	return 0;
}
