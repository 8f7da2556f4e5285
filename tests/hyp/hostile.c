/*
 * hostile - every hypercall with arguments a guest must not get away with:
 * null and out-of-partition buffers (the hypervisor's memory, another
 * VM's), huge and wrapping lengths, bad VM, vCPU, queue and interrupt
 * numbers, queues it is not an end of, unknown functions. Each must return
 * its error and change nothing; then the good calls must still work.
 * It runs as VM 0 in 0x48000000 + 16 MiB, the receiver of queue 0 (from
 * VM 1), with 2 vCPUs.
 */
#include "guest.h"

#define OWN             0x48100000ul
#define OWN_END         0x49000000ul
#define HYP_MEM         0x40000000ul
#define OTHER_VM        0x49000000ul
#define PSCI_VERSION    0x84000000ul
#define PSCI_CPU_ON64   0xc4000003ul

static unsigned line;

static void expect(int64_t got, int64_t want, unsigned at)
{
	if (got != want) {
		wl_puts("hostile call at line ");
		wl_put_u(at);
		wl_puts(" returned ");
		wl_put_x((uint64_t)got);
		wl_putc('\n');
		vm_exit(10);
	}
	line++;
}

#define EXPECT(call, want) expect(call, want, __LINE__)

static int64_t smc(uint64_t fn, uint64_t a1)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1) : : "memory", "x2", "x3");
	return (int64_t)x0;
}

int main(void)
{
	uint8_t buf[32] = { 0 };

	EXPECT(hvc0(HYP_CONSOLE_WRITE, 0, 10, 0), HYP_DENIED);
	EXPECT(hvc0(HYP_CONSOLE_WRITE, HYP_MEM, 16, 0), HYP_DENIED);
	EXPECT(hvc0(HYP_CONSOLE_WRITE, OTHER_VM, 16, 0), HYP_DENIED);
	EXPECT(hvc0(HYP_CONSOLE_WRITE, OWN_END - 8, 16, 0), HYP_DENIED);
	EXPECT(hvc0(HYP_CONSOLE_WRITE, OWN, 1ul << 62, 0), HYP_INVALID);
	EXPECT(hvc0(HYP_CONSOLE_WRITE, ~0ul - 8, 0x20, 0), HYP_DENIED);
	EXPECT(hvc0(HYP_DOORBELL, 99, 50, 0), HYP_INVALID);
	EXPECT(hvc0(HYP_DOORBELL, 1, 5, 0), HYP_INVALID);
	EXPECT(hvc0(HYP_DOORBELL, 1, 100000, 0), HYP_INVALID);
	EXPECT(hvc0(HYP_DOORBELL, ~0ul, ~0ul, 0), HYP_INVALID);
	EXPECT(hvc0(HYP_MSGQ_SEND, 99, (uint64_t)buf, 16), HYP_INVALID);
	EXPECT(hvc0(HYP_MSGQ_SEND, 0, (uint64_t)buf, 16), HYP_DENIED);       /* not its sender */
	EXPECT(hvc0(HYP_MSGQ_RECV, 99, (uint64_t)buf, 16), HYP_INVALID);
	EXPECT(hvc0(HYP_MSGQ_RECV, 0, 0, 16), HYP_DENIED);
	EXPECT(hvc0(HYP_MSGQ_RECV, 0, HYP_MEM, 16), HYP_DENIED);
	EXPECT(hvc0(HYP_MSGQ_RECV, 0, (uint64_t)buf, 0), HYP_INVALID);
	EXPECT(hvc0(HYP_MSGQ_RECV, 0, OWN_END - 8, ~0ul), HYP_DENIED);
	EXPECT(hvc0(HYP_MSGQ_RECV, 0, (uint64_t)buf, sizeof(buf)), HYP_BUSY);  /* empty */
	EXPECT(hvc0(HYP_VCPU_ON, 99, OWN, 0), HYP_INVALID);
	EXPECT(hvc0(HYP_VCPU_ON, 1, HYP_MEM, 0), HYP_DENIED);
	EXPECT(hvc0(HYP_VCPU_ON, 1, OWN + 2, 0), HYP_DENIED);
	EXPECT(hvc0(HYP_VCPU_ON, 0, OWN, 0), HYP_INVALID);                   /* itself: on */
	EXPECT(hvc0(HYP_CALL(0xff), 0, 0, 0), HYP_NOT_SUPPORTED);
	EXPECT(hvc0(0xdeadbeef, 0, 0, 0), HYP_NOT_SUPPORTED);
	EXPECT(hvc0(PSCI_CPU_ON64, 7, OWN, 0), -2);                          /* INVALID_PARAMETERS */
	EXPECT(hvc0(PSCI_CPU_ON64, 1, OTHER_VM, 0), -9);                     /* INVALID_ADDRESS */
	EXPECT(smc(PSCI_VERSION, 0), 0x10001);
	EXPECT(smc(0x84000009, 0), -1);                                     /* SYSTEM_RESET */
	EXPECT(smc(HYP_CONSOLE_WRITE, 0), -1);                              /* not through SMC */
	/* The good calls still work. */
	EXPECT(hvc0(HYP_CONSOLE_WRITE, (uint64_t)"hostile: all refused\n", 21, 0), HYP_OK);
	EXPECT(hvc0(HYP_VM_INFO, 0, 0, 0), HYP_OK);
	wl_puts("hostile calls checked: ");
	wl_put_u(line);
	wl_putc('\n');
	return 0;
}
