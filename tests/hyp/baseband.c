/*
 * baseband - drives the modem it was given (passthrough, INTID 40): the
 * ring in its partition, the frame interrupt enabled; for 20 frames it
 * acknowledges the interrupt, rings the modem's doorbell, and rings the
 * hypervisor doorbell of VM 1 (virtual INTID 50). Any other interrupt it
 * receives is a failure: it set no timer and nobody rings it.
 */
#include "guest.h"

#define MODEM           0x0c000000ul
#define CTRL            0x08
#define IRQ_STATUS      0x10
#define IRQ_ENABLE      0x14
#define FRAME           0x1c
#define RING_BASE_LO    0x40
#define RING_BASE_HI    0x44
#define RING_SIZE       0x48
#define PAYLOAD_BYTES   0x4c
#define DOORBELL        0x5c
#define INTID_MODEM     40
#define FRAMES          20

static volatile unsigned frames, others;
static uint8_t ring[8192] __attribute__((aligned(64)));

static uint32_t reg(unsigned off)
{
	return *(volatile uint32_t *)(MODEM + off);
}

static void set(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(MODEM + off) = v;
}

void irq_handler(unsigned intid)
{
	if (intid != INTID_MODEM) {
		others++;
		return;
	}
	set(IRQ_STATUS, reg(IRQ_STATUS));
	set(DOORBELL, reg(FRAME));
	frames++;
	wl_hvc(HYP_DOORBELL, 1, 50, 0);
}

int main(void)
{
	set(RING_BASE_LO, (uint32_t)(uint64_t)ring);
	set(RING_BASE_HI, (uint32_t)((uint64_t)ring >> 32));
	set(RING_SIZE, reg(PAYLOAD_BYTES) * (sizeof(ring) / reg(PAYLOAD_BYTES)));
	set(IRQ_ENABLE, 1);
	irq_enable();
	set(CTRL, 1);
	while (frames < FRAMES)
		wl_wfi();
	set(CTRL, 0);
	wl_puts("modem frames ");
	wl_put_u(frames);
	wl_puts(", other interrupts ");
	wl_put_u(others);
	wl_putc('\n');
	check(others == 0, 2);
	return 0;
}
