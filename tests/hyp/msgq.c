/*
 * msgq - both ends of message queue 0 (16-byte messages, depth 4): VM 0
 * sends 1000 numbered messages as fast as it can, waiting for the
 * not-full interrupt (61) when the queue is full; VM 1 receives them
 * slowly (10 us of work each), waiting for the not-empty interrupt (60)
 * when it is empty, and checks that every one arrives, in order, intact.
 * WFI with interrupts masked: the interrupt that makes the retry worth it
 * may already be pending, and then WFI does not wait (ARM DDI 0487, "Wait
 * for Interrupt").
 */
#include "guest.h"

#define N               1000
#define Q               0

struct msg {
	uint64_t seq, check;
};

static void mask(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

static void unmask(void)
{
	__asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
}

static int sender(void)
{
	unsigned busy = 0;

	for (uint64_t i = 0; i < N; i++) {
		struct msg m = { i, ~i * 0x9e3779b97f4a7c15ul };

		mask();
		while (hvc0(HYP_MSGQ_SEND, Q, (uint64_t)&m, sizeof(m)) == HYP_BUSY) {
			busy++;
			wl_wfi();
			unmask();
			mask();
		}
		unmask();
	}
	wl_puts("sent ");
	wl_put_u(N);
	wl_puts(", queue full ");
	wl_put_u(busy);
	wl_puts(" times\n");
	check(busy > 0, 3);
	return 0;
}

static int receiver(void)
{
	uint64_t work = wl_counter_hz() / 100000;

	for (uint64_t i = 0; i < N; i++) {
		struct msg m;
		struct wl_hvc r;

		mask();
		while ((r = wl_hvc(HYP_MSGQ_RECV, Q, (uint64_t)&m, sizeof(m))).x0 == HYP_BUSY) {
			wl_wfi();
			unmask();
			mask();
		}
		unmask();
		check(r.x0 == HYP_OK && r.x1 == sizeof(m), 4);
		check(m.seq == i && m.check == ~i * 0x9e3779b97f4a7c15ul, 5);
		for (uint64_t end = wl_counter() + work; wl_counter() < end;)
			;
	}
	wl_puts("received ");
	wl_put_u(N);
	wl_puts(" in order\n");
	return 0;
}

int main(void)
{
	irq_enable();
	return wl_hvc(HYP_VM_INFO, 0, 0, 0).x1 == 0 ? sender() : receiver();
}
