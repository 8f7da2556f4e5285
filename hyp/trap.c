/*
 * trap.c - what happens when a guest exits to EL2: the dispatch of
 * synchronous exceptions by their class (ARM DDI 0487, "ESR_EL2"), and
 * the common path every exit takes before a vCPU is entered again.
 *
 * A guest reaches EL2 by HVC (hypercalls, PSCI), SMC (PSCI, trapped by
 * HCR_EL2.TSC), WFI (HCR_EL2.TWI), its first FP/SIMD instruction
 * (CPTR_EL2.TFP), a write of ICC_SGI1R_EL1 (HCR_EL2.IMO), or a stage 2
 * fault. Anything else, and any stage 2 fault that is not an emulated
 * device's, stops its VM. Not here: what each of them does.
 */
#include "hyp.h"

#define EXIT_SYNC       0
#define EXIT_IRQ        1
#define SYSREG_ISS_MASK 0x3ffc1eu       /* Op0, Op2, Op1, CRn, CRm of an EC 0x18 ISS */
#define ISS_SGI1R       0x3a3016u       /* ICC_SGI1R_EL1: 3, 0, C12, C11, 5 */
#define ISS_READ        1u

static void data_abort(struct vcpu *v, uint32_t esr)
{
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = (read_sysreg(hpfar_el2) >> 4) << 12 | (far & 0xfff);

	if (!(esr & ISS_S1PTW) && (vpl011_access(v, ipa, esr) || vgicd_access(v, ipa, esr)))
		v->regs.pc += 4;
	else
		vm_fault(v, esr, far, "stage 2 data abort");
}

static void sysreg_trap(struct vcpu *v, uint32_t esr)
{
	unsigned rt = (esr >> 5) & 31;

	if ((esr & SYSREG_ISS_MASK) == ISS_SGI1R && !(esr & ISS_READ)) {
		vgic_sgi_trap(v, rt == 31 ? 0 : v->regs.x[rt]);
		v->regs.pc += 4;
	} else {
		vm_fault(v, esr, 0, "trapped system register access");
	}
}

void trap_sync(struct pcpu *p, struct vcpu *v)
{
	uint32_t esr = (uint32_t)read_sysreg(esr_el2);

	switch (ESR_EC(esr)) {
	case EC_HVC64:
		hypercall(p, v);
		break;
	case EC_SMC64:
		/* ELR is the SMC itself when TSC traps it. */
		v->regs.pc += 4;
		if (!psci_call(p, v, (uint32_t)v->regs.x[0]))
			v->regs.x[0] = (uint64_t)(int64_t)HYP_NOT_SUPPORTED;
		break;
	case EC_WFX:
		v->regs.pc += 4;
		if (!(esr & 1))         /* TI = 0: WFI; WFE is not trapped */
			sched_block(p, v);
		break;
	case EC_FP:
		vcpu_fp_trap(p, v);
		break;
	case EC_SYS64:
		sysreg_trap(v, esr);
		break;
	case EC_DABT_LOW:
		data_abort(v, esr);
		break;
	case EC_IABT_LOW:
		vm_fault(v, esr, read_sysreg(far_el2), "stage 2 instruction abort");
		break;
	default:
		vm_fault(v, esr, read_sysreg(far_el2), "unexpected exception");
	}
}

/* Every exit from a guest ends here (entry.S): returns the vCPU to enter. */
struct vcpu *hyp_exit(struct vcpu *v, unsigned kind)
{
	struct pcpu *p = this_pcpu();

	if (kind == EXIT_SYNC)
		trap_sync(p, v);
	else if (kind == EXIT_IRQ)
		irq_handle(p);
	else
		vm_fault(v, (uint32_t)read_sysreg(esr_el2), 0, "SError");
	return sched_resume(p);
}
