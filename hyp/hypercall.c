/*
 * hypercall.c - the para-virtual interface of abi.h: HVC #0 from EL1, the
 * function ID in W0, arguments in X1-X5, results in X0 (0 or a negative
 * HYP_* error) and X1-X3 (ARM DEN 0028, SMC Calling Convention). HVCs with
 * PSCI function IDs go to psci.c.
 *
 * Every argument is checked before use: indices against the configuration,
 * lengths against fixed limits, buffers (intermediate physical addresses,
 * which the identity maps make the guest's own addresses) against the
 * caller's partition. Nothing a guest passes can reach outside it.
 *
 * Not here: message queue semantics (msgq.c).
 */
#include "hyp.h"

#define CONSOLE_WRITE_MAX 4096u

static int64_t console_write(struct vm *vm, uint64_t buf, uint64_t len, uint64_t *written)
{
	if (len > CONSOLE_WRITE_MAX)
		return HYP_INVALID;
	if (!vm_owns_range(vm, buf, len))
		return HYP_DENIED;
	console_vm_write(vm, (const char *)buf, len);
	*written = len;
	return HYP_OK;
}

/* A doorbell: virtual INTID 32-127 raised in vCPU 0 of a running VM. */
static int64_t doorbell(uint64_t target, uint64_t intid)
{
	if (target >= cfg->nvms || intid < 32 || intid >= NR_VIRQS)
		return HYP_INVALID;
	if (vms[target].state != VM_RUNNING)
		return HYP_INVALID;
	vgic_inject(&vms[target].vcpu[0], (unsigned)intid, false);
	return HYP_OK;
}

static int64_t vcpu_on(struct vm *vm, uint64_t idx, uint64_t entry, uint64_t context)
{
	if (idx >= vm->cfg->nvcpus)
		return HYP_INVALID;
	if (!vm_owns_range(vm, entry, 4) || (entry & 3))
		return HYP_DENIED;
	return sched_vcpu_start(&vm->vcpu[idx], entry, context) ? HYP_OK : HYP_INVALID;
}

void hypercall(struct pcpu *p, struct vcpu *v)
{
	uint64_t *x = v->regs.x;
	struct vm *vm = v->vm;
	uint32_t fn = (uint32_t)x[0];
	int64_t rc;

	switch (fn) {
	case HYP_CONSOLE_WRITE:
		rc = console_write(vm, x[1], x[2], &x[1]);
		break;
	case HYP_YIELD:
		sched_yield(p);
		rc = HYP_OK;
		break;
	case HYP_VM_INFO:
		x[1] = vm->idx;
		x[2] = v->idx;
		x[3] = vm->cfg->nvcpus;
		rc = HYP_OK;
		break;
	case HYP_DOORBELL:
		rc = doorbell(x[1], x[2]);
		break;
	case HYP_MSGQ_SEND:
		rc = msgq_send(vm, x[1], x[2], x[3]);
		break;
	case HYP_MSGQ_RECV:
		rc = msgq_recv(vm, x[1], x[2], x[3], &x[1]);
		break;
	case HYP_VCPU_ON:
		rc = vcpu_on(vm, x[1], x[2], x[3]);
		break;
	case HYP_VM_EXIT:
		vm_exit(vm, (int)x[1]);
		return;
	default:
		rc = psci_call(p, v, fn) ? (int64_t)x[0] : HYP_NOT_SUPPORTED;
	}
	x[0] = (uint64_t)rc;
}
