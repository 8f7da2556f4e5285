/*
 * vm.c - the VMs: their creation from the configuration, and their end,
 * whether they exit (HYP_VM_EXIT, PSCI SYSTEM_OFF) or are stopped for a
 * fault. When every VM has ended the hypervisor ends the run with
 * semihosting SYS_EXIT: status 0 if every VM exited with 0, else the first
 * non-zero status in the order the VMs ended, a stopped VM counting as 3.
 *
 * Not here: the vCPUs' scheduling (sched.c) or registers (vcpu.c).
 */
#include "hyp.h"
#include "trace.h"

#define VM_FAULT_STATUS 3

struct vm vms[HYP_MAX_VMS];

static spinlock_t vm_lock;
static unsigned vms_ended;
static int run_status;

/* ns to counter ticks without overflow for any ns below 2^64 / 10^6 ms. */
static uint64_t ns_to_ticks(uint64_t ns)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	return ns / 1000000 * freq / 1000 + ns % 1000000 * freq / 1000000000;
}

void vm_init_all(void)
{
	uint64_t t0 = now_ticks();

	for (unsigned i = 0; i < cfg->nvms; i++) {
		struct vm *vm = &vms[i];
		const struct hyp_vm_config *vc = &cfg->vm[i];

		vm->cfg = vc;
		vm->idx = i;
		/* VMID i + 1: VMID 0 is left to no one (DDI 0487, VTTBR_EL2.VMID). */
		vm->vttbr = mmu_build_stage2(vc, i) | (uint64_t)(i + 1) << 48;
		vm->cntvoff = t0;
		vm->budget = ns_to_ticks(vc->budget_ns);
		vm->period = ns_to_ticks(vc->period_ns);
		vm->state = VM_RUNNING;
		vgicd_reset(vm);
		/* The virtual PL011 as firmware leaves a real one (docs/pl011.md). */
		vm->vpl011_regs[0x24 / 4] = 13;
		vm->vpl011_regs[0x28 / 4] = 1;
		vm->vpl011_regs[0x2c / 4] = 0x70;
		vm->vpl011_regs[0x30 / 4] = 0x301;
		/* No SMMU: the device itself keeps the VM's DMA in its partition. */
		for (unsigned d = 0; d < vc->ndevices; d++)
			if (vc->device[d].dma_window) {
				mmio_write64(vc->device[d].dma_window, vc->mem_base);
				mmio_write64(vc->device[d].dma_window + 8, vc->mem_size);
			}
		for (unsigned k = 0; k < vc->nvcpus; k++) {
			struct vcpu *v = &vm->vcpu[k];

			v->vm = vm;
			v->idx = k;
			v->id = TRACE_VCPU_ID(i, k);
			v->period_end = t0 + vm->period;
			v->budget_left = vm->budget;
			sched_place(v);
		}
		vcpu_reset(&vm->vcpu[0], vc->entry, vc->dtb);
		vm->vcpu[0].state = VCPU_RUNNABLE;
	}
	__asm__ volatile("dsb ishst\n\ttlbi alle1is\n\tdsb ish" ::: "memory");
}

bool vm_owns_range(const struct vm *vm, uint64_t base, uint64_t len)
{
	return range_inside(base, len, vm->cfg->mem_base, vm->cfg->mem_size);
}

/* The VM's vCPUs leave their run queues; their cores hear of it. */
static void stop_vcpus(struct vm *vm)
{
	struct pcpu *self = this_pcpu();

	for (unsigned k = 0; k < vm->cfg->nvcpus; k++) {
		struct vcpu *v = &vm->vcpu[k];
		struct pcpu *q = &pcpus[v->core];
		bool current;

		spin_lock(&q->lock);
		v->state = VCPU_STOPPED;
		current = q->cur == v;
		spin_unlock(&q->lock);
		if (q == self)
			self->resched = SWITCH_VM_STOPPED;
		else if (current)
			gic_kick(v->core);
	}
}

static void vm_end(struct vm *vm, enum vm_state how, int status)
{
	unsigned ended;

	spin_lock(&vm_lock);
	if (vm->state != VM_RUNNING) {
		spin_unlock(&vm_lock);
		return;
	}
	vm->state = how;
	vm->status = status;
	if (status && !run_status)
		run_status = status;
	ended = ++vms_ended;
	spin_unlock(&vm_lock);

	console_vm_flush(vm);
	gic_release_vm(vm);
	stop_vcpus(vm);
	if (ended == cfg->nvms) {
		sched_end(this_pcpu());
		hyp_printf("all VMs ended: exit status %d", run_status);
		console_drain_all();
		semihost_exit(run_status);
	}
}

void vm_exit(struct vm *vm, int status)
{
	hyp_printf("VM %s exited with status %d", vm->cfg->name, status);
	vm_end(vm, VM_EXITED, status);
}

/* Containment: the VM is stopped, reported, and the others run on. */
void vm_fault(struct vcpu *v, uint32_t esr, uint64_t far, const char *what)
{
	struct vm *vm = v->vm;

	hyp_printf("VM %s stopped: %s (vCPU %u, ESR 0x%x, FAR 0x%lx, PC 0x%lx)", vm->cfg->name, what,
		   v->idx, esr, far, v->regs.pc);
	trace_event(TRACE_EV_VM_FAULT, vm->idx, esr, far);
	vm_end(vm, VM_STOPPED, VM_FAULT_STATUS);
}

_Noreturn void hyp_panic(const char *what, uint64_t a, uint64_t b)
{
	hyp_printf("panic: %s (0x%lx, 0x%lx)", what, a, b);
	console_drain_all();
	semihost_exit(1);
}
