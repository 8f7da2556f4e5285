/*
 * vcpu.c - the world switch: a vCPU's EL1 state in and out of the core.
 *
 * entry.S saves and restores the general registers at every exit. The
 * rest is switched only when a core changes vCPU: the EL1 system registers
 * a guest kernel uses, its virtual timer (CNTV_CTL/CVAL, with CNTVOFF_EL2
 * per VM), its stage 2 (VTTBR_EL2 with the VM's VMID: no TLB invalidation
 * is needed, entries are tagged), its MPIDR (VMPIDR_EL2), its virtual GIC
 * (vgic.c) and, lazily, its FP/SIMD registers: CPTR_EL2.TFP traps the
 * first FP/SIMD instruction of a vCPU that does not own the core's
 * registers (ARM DDI 0487, "CPTR_EL2"), and only then are they switched.
 *
 * Not here: deciding which vCPU runs (sched.c).
 */
#include "hyp.h"

#define VMPIDR_U_RES1   0x80000000ul    /* MPIDR_EL1 bit 31 RES1, U = 0: multiprocessor */
#define ICH_VMCR_RESET  0x004c0008ul    /* VFIQEn, minimum binary points (docs/gic.md) */

/* A vCPU as PSCI CPU_ON leaves it: EL1h, interrupts masked, MMU off, X0 = context. */
void vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t x0)
{
	memset(&v->regs, 0, sizeof(v->regs));
	memset(&v->fp, 0, sizeof(v->fp));
	memset(&v->el1, 0, sizeof(v->el1));
	memset(&v->gic, 0, sizeof(v->gic));
	v->regs.x[0] = x0;
	v->regs.pc = entry;
	v->regs.pstate = SPSR_EL1H_DAIF;
	v->el1.sctlr = SCTLR_EL1_RESET;
	v->gic.vmcr = ICH_VMCR_RESET;
}

void vcpu_load(struct pcpu *p, struct vcpu *v)
{
	const struct el1_regs *r = &v->el1;

	write_sysreg(sctlr_el1, r->sctlr);
	write_sysreg(actlr_el1, r->actlr);
	write_sysreg(cpacr_el1, r->cpacr);
	write_sysreg(ttbr0_el1, r->ttbr0);
	write_sysreg(ttbr1_el1, r->ttbr1);
	write_sysreg(tcr_el1, r->tcr);
	write_sysreg(mair_el1, r->mair);
	write_sysreg(amair_el1, r->amair);
	write_sysreg(vbar_el1, r->vbar);
	write_sysreg(contextidr_el1, r->contextidr);
	write_sysreg(tpidr_el0, r->tpidr_el0);
	write_sysreg(tpidr_el1, r->tpidr_el1);
	write_sysreg(tpidrro_el0, r->tpidrro);
	write_sysreg(esr_el1, r->esr);
	write_sysreg(far_el1, r->far);
	write_sysreg(afsr0_el1, r->afsr0);
	write_sysreg(afsr1_el1, r->afsr1);
	write_sysreg(par_el1, r->par);
	write_sysreg(cntkctl_el1, r->cntkctl);
	write_sysreg(sp_el1, r->sp_el1);
	write_sysreg(elr_el1, r->elr);
	write_sysreg(spsr_el1, r->spsr);
	write_sysreg(vttbr_el2, v->vm->vttbr);
	write_sysreg(vmpidr_el2, VMPIDR_U_RES1 | v->idx);
	write_sysreg(cntvoff_el2, v->vm->cntvoff);
	write_sysreg(cntv_cval_el0, r->cntv_cval);
	write_sysreg(cntv_ctl_el0, r->cntv_ctl);
	write_sysreg(cptr_el2, CPTR_RES1 | (p->fp_owner == v ? 0 : CPTR_TFP));
	vgic_restore(v);
	isb();
}

void vcpu_put(struct pcpu *p, struct vcpu *v)
{
	struct el1_regs *r = &v->el1;

	(void)p;
	r->sctlr = read_sysreg(sctlr_el1);
	r->actlr = read_sysreg(actlr_el1);
	r->cpacr = read_sysreg(cpacr_el1);
	r->ttbr0 = read_sysreg(ttbr0_el1);
	r->ttbr1 = read_sysreg(ttbr1_el1);
	r->tcr = read_sysreg(tcr_el1);
	r->mair = read_sysreg(mair_el1);
	r->amair = read_sysreg(amair_el1);
	r->vbar = read_sysreg(vbar_el1);
	r->contextidr = read_sysreg(contextidr_el1);
	r->tpidr_el0 = read_sysreg(tpidr_el0);
	r->tpidr_el1 = read_sysreg(tpidr_el1);
	r->tpidrro = read_sysreg(tpidrro_el0);
	r->esr = read_sysreg(esr_el1);
	r->far = read_sysreg(far_el1);
	r->afsr0 = read_sysreg(afsr0_el1);
	r->afsr1 = read_sysreg(afsr1_el1);
	r->par = read_sysreg(par_el1);
	r->cntkctl = read_sysreg(cntkctl_el1);
	r->sp_el1 = read_sysreg(sp_el1);
	r->elr = read_sysreg(elr_el1);
	r->spsr = read_sysreg(spsr_el1);
	r->cntv_ctl = read_sysreg(cntv_ctl_el0);
	r->cntv_cval = read_sysreg(cntv_cval_el0);
	/* Its timer must not fire for the next vCPU: sched.c watches it while it waits. */
	write_sysreg(cntv_ctl_el0, 0);
	vgic_save(v);
}

/* EC 0x07: the vCPU's first FP/SIMD instruction since it was loaded. */
void vcpu_fp_trap(struct pcpu *p, struct vcpu *v)
{
	write_sysreg(cptr_el2, CPTR_RES1);      /* TFP traps EL2 too */
	isb();
	if (p->fp_owner)
		fp_save(&p->fp_owner->fp);
	fp_restore(&v->fp);
	p->fp_owner = v;
}
