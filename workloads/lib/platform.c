/*
 * platform.c - what differs between running natively and under the
 * hypervisor, decided once at start-up: hypercalls, PSCI, ending the run.
 * Natively an HVC at EL1 (a machine without EL2) reaches the simulator's
 * PSCI, which answers NOT_SUPPORTED (SMCCC: -1) to the hypervisor's
 * function IDs; that is how wl_init tells the two apart.
 */
#include "wl.h"

#define PSCI_CPU_ON_64          0xc4000003
#define SEMIHOST_SYS_EXIT       0x18
#define ADP_STOPPED_APP_EXIT    0x20026

static bool virtualized;
static unsigned vm_index;

struct wl_hvc wl_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory",
			 "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			 "x15", "x16", "x17");
	return (struct wl_hvc){ (int64_t)x0, x1, x2, x3 };
}

int64_t wl_cpu_on(uint64_t target, uint64_t entry, uint64_t context)
{
	return wl_hvc(PSCI_CPU_ON_64, target, entry, context).x0;
}

void wl_init(void)
{
	struct wl_hvc r = wl_hvc(HYP_VM_INFO, 0, 0, 0);

	virtualized = r.x0 == HYP_OK;
	vm_index = virtualized ? (unsigned)r.x1 : 0;
	wl_cycles_start();
}

bool wl_virtualized(void)
{
	return virtualized;
}

unsigned wl_vm_index(void)
{
	return vm_index;
}

/*
 * Natively the exit is semihosting's SYS_EXIT with the extended
 * (reason, subcode) block; in a VM semihosting is the hypervisor's alone,
 * so the VM asks it to stop the VM.
 */
_Noreturn void wl_exit(int status)
{
	if (virtualized) {
		wl_hvc(HYP_VM_EXIT, (uint64_t)status, 0, 0);
	} else {
		static uint64_t block[2];
		register uint64_t w0 __asm__("x0") = SEMIHOST_SYS_EXIT;
		register uint64_t x1 __asm__("x1") = (uint64_t)block;

		block[0] = ADP_STOPPED_APP_EXIT;
		block[1] = (uint64_t)status;
		__asm__ volatile("hlt #0xf000" : : "r"(w0), "r"(x1) : "memory");
	}
	for (;;)
		wl_wfi();
}
