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
		timer_after(period);
	} else if (intid == 50) {
		doorbells++;
	} else {
		others++;
	}
}

int main(void)
{
	period = counter_hz() / 3333;
	irq_enable();
	timer_after(period);
	while (doorbells < 20)
		wfi();
	timer_stop();
	puts_uart("timer ticks ");
	put_u(ticks);
	puts_uart(", doorbells ");
	put_u(doorbells);
	puts_uart(", other interrupts ");
	put_u(others);
	putc_uart('\n');
	check(others == 0 && ticks > 20, 2);
	return 0;
}
