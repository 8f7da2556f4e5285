/*
 * psci.c - PSCI (ARM DEN 0022) as the guests see it: their SMCs (trapped
 * by HCR_EL2.TSC) and HVCs with PSCI function IDs are emulated per vCPU,
 * never passed to the firmware, which manages the physical cores.
 * PSCI_VERSION, CPU_ON (32 and 64), CPU_OFF and SYSTEM_OFF (the VM exits
 * with status 0); every other function is NOT_SUPPORTED.
 *
 * Not here: the hypervisor's own use of the firmware (boot.c).
 */
#include "hyp.h"

#define PSCI_VERSION    0x84000000u
#define PSCI_CPU_OFF    0x84000002u
#define PSCI_CPU_ON32   0x84000003u
#define PSCI_CPU_ON64   0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_V1_1       0x10001
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)
#define PSCI_INVALID_ADDRESS (-9)

static int64_t cpu_on(struct vcpu *v, uint64_t target, uint64_t entry, uint64_t context)
{
	struct vm *vm = v->vm;

	/* vCPU n's MPIDR affinity is 0.0.0.n (VMPIDR_EL2). */
	if (target >= vm->cfg->nvcpus)
		return PSCI_INVALID_PARAMETERS;
	if (!vm_owns_range(vm, entry, 4) || (entry & 3))
		return PSCI_INVALID_ADDRESS;
	return sched_vcpu_start(&vm->vcpu[target], entry, context) ? 0 : PSCI_ALREADY_ON;
}

/* False for a function that is not PSCI's or not implemented (NOT_SUPPORTED). */
bool psci_call(struct pcpu *p, struct vcpu *v, uint32_t fn)
{
	uint64_t *x = v->regs.x;

	switch (fn) {
	case PSCI_VERSION:
		x[0] = PSCI_V1_1;
		return true;
	case PSCI_CPU_ON32:
		x[0] = (uint64_t)cpu_on(v, (uint32_t)x[1], (uint32_t)x[2], (uint32_t)x[3]);
		return true;
	case PSCI_CPU_ON64:
		x[0] = (uint64_t)cpu_on(v, x[1], x[2], x[3]);
		return true;
	case PSCI_CPU_OFF:
		sched_vcpu_off(p, v);
		return true;
	case PSCI_SYSTEM_OFF:
		vm_exit(v->vm, 0);
		return true;
	default:
		return false;
	}
}
