/*
 * vgic.c - interrupts: the physical ones that reach EL2 (HCR_EL2.IMO/FMO
 * route them all here) and the virtual ones the hypervisor gives vCPUs
 * through the GICv3 list registers (ARM IHI 0069, "Virtual Interrupt
 * Handling and Prioritization").
 *
 * Physical side: every interrupt is Group 1. EL2 acknowledges with
 * ICC_IAR1_EL1 and, with ICC_CTLR_EL1.EOImode = 1, only drops the priority
 * at once. The hypervisor's own (its timer PPI 26, the maintenance PPI 25,
 * the kick SGI 0, the console UART) it deactivates itself. A passthrough
 * device's SPI, routed to the core of its VM's vCPU 0, and the virtual
 * timer PPI 27 of the running vCPU stay active and are given to the vCPU in
 * a list register with HW = 1: the guest's EOI deactivates the physical
 * interrupt, so it cannot fire again before the guest has handled it. A
 * device's SPI may reach its VM as another virtual INTID (a storage
 * namespace's as the whole device's, 42): the list register's vINTID and
 * pINTID fields then differ (IHI 0069, "ICH_LR<n>_EL2").
 *
 * Virtual side: each vCPU has a set of pending virtual INTIDs (0-127, under
 * its core's lock) that any core may add to (doorbells, queues, SGIs from
 * another vCPU). Before entering a vCPU they move into free list registers;
 * when more are pending than the four list registers hold, ICH_HCR_EL2.UIE
 * asks for a maintenance interrupt when at most one is left in use, and the
 * rest follow. Every virtual interrupt is Group 1, priority 0xa0 (an SPI:
 * the priority its VM's distributor holds, vgicd.c).
 *
 * Not here: the timing of vCPU switches (sched.c), the guest-visible GIC
 * registers, which the hardware's virtual CPU interface (ICV_*) serves.
 */
#include "hyp.h"

#define VIRQ_PRIORITY   0xa0
#define IRQ_PRIORITY    0x80
#define ICC_SRE_ALL     0xful           /* SRE, DFB, DIB, Enable (EL1 may use ICC_SRE_EL1) */
#define ICC_CTLR_EOIMODE (1ul << 1)
#define WAKER_SLEEP     (1u << 1)
#define WAKER_ASLEEP    (1u << 2)
#define GICD_CTLR_ARE_G1 0x12u          /* ARE, EnableGrp1 (one Security state) */
#define NR_SPI_END      96

_Static_assert(NR_VIRQS == 128, "vgic_flush reads two pending words");

static uint8_t spi_owner[NR_SPI_END];   /* VM index + 1, 0: the hypervisor's or none */
static uint8_t spi_vintid[NR_SPI_END];  /* the virtual INTID its owner sees it as */
/* By VM and virtual INTID: the physical INTID behind a HW one when they differ, else 0. */
static uint8_t hw_pintid[HYP_MAX_VMS][NR_VIRQS];

static uint64_t rd_base(unsigned core)
{
	return GICR_BASE + core * GICR_STRIDE;
}

static uint64_t lr_read(unsigned i)
{
	switch (i) {
	case 0: return read_sysreg(ICH_LR0_EL2);
	case 1: return read_sysreg(ICH_LR1_EL2);
	case 2: return read_sysreg(ICH_LR2_EL2);
	default: return read_sysreg(ICH_LR3_EL2);
	}
}

static void lr_write(unsigned i, uint64_t v)
{
	switch (i) {
	case 0: write_sysreg(ICH_LR0_EL2, v); break;
	case 1: write_sysreg(ICH_LR1_EL2, v); break;
	case 2: write_sysreg(ICH_LR2_EL2, v); break;
	default: write_sysreg(ICH_LR3_EL2, v); break;
	}
}

/* An SPI: Group 1, priority, routed to core, enabled. */
static void spi_route(unsigned intid, unsigned core)
{
	uint32_t bit = 1u << (intid % 32);

	mmio_write32(GICD_BASE + GICD_IGROUPR + intid / 32 * 4,
		     mmio_read32(GICD_BASE + GICD_IGROUPR + intid / 32 * 4) | bit);
	*(volatile uint8_t *)(GICD_BASE + GICD_IPRIORITYR + intid) = IRQ_PRIORITY;
	mmio_write64(GICD_BASE + GICD_IROUTER + intid * 8, core);
	mmio_write32(GICD_BASE + GICD_ISENABLER + intid / 32 * 4, bit);
}

void gic_init_dist(void)
{
	for (unsigned i = 0; i < cfg->nvms; i++) {
		const struct hyp_vm_config *vc = &cfg->vm[i];

		for (unsigned d = 0; d < vc->ndevices; d++) {
			unsigned intid = vc->device[d].intid;

			if (vc->device[d].mode != HYP_DEV_PASSTHROUGH || !intid)
				continue;
			spi_owner[intid] = (uint8_t)(i + 1);
			spi_vintid[intid] = (uint8_t)vc->device[d].vintid;
			if (vc->device[d].vintid != intid)
				hw_pintid[i][vc->device[d].vintid] = (uint8_t)intid;
			spi_route(intid, vms[i].vcpu[0].core);
		}
	}
	if (console_intid())
		spi_route(console_intid(), 0);
	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE_G1);
}

/* This core's redistributor and CPU interface, and its private interrupts. */
void gic_init_cpu(unsigned core)
{
	uint64_t rd = rd_base(core), sgi = rd + GICR_SGI;
	uint32_t mine = 1u << INTID_KICK | 1u << INTID_MAINT | 1u << INTID_HYPTIMER |
			1u << INTID_VTIMER;

	write_sysreg(ICC_SRE_EL2, ICC_SRE_ALL);
	isb();
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~WAKER_SLEEP);
	while (mmio_read32(rd + GICR_WAKER) & WAKER_ASLEEP)
		;
	mmio_write32(sgi + GICR_IGROUPR0, mine);
	for (unsigned i = 0; i < 32; i++)
		if (mine & (1u << i))
			*(volatile uint8_t *)(sgi + GICR_IPRIORITYR + i) = IRQ_PRIORITY;
	mmio_write32(sgi + GICR_ISENABLER0, mine);
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_CTLR_EL1, ICC_CTLR_EOIMODE);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	write_sysreg(ICH_HCR_EL2, 0);
	isb();
}

/* Makes another core look at its run queue (SGI 0 to it, ICC_SGI1R_EL1 at EL2). */
void gic_kick(unsigned core)
{
	dsb(ish);
	write_sysreg(ICC_SGI1R_EL1, (uint64_t)INTID_KICK << 24 | 1ul << core);
	isb();
}

/* A VM that ended: its devices' interrupts disabled and deactivated. */
void gic_release_vm(struct vm *vm)
{
	for (unsigned intid = 32; intid < NR_SPI_END; intid++) {
		if (spi_owner[intid] != vm->idx + 1)
			continue;
		mmio_write32(GICD_BASE + GICD_ICENABLER + intid / 32 * 4, 1u << (intid % 32));
		mmio_write32(GICD_BASE + GICD_ICACTIVER + intid / 32 * 4, 1u << (intid % 32));
	}
}

/*
 * Makes a virtual interrupt pending for v, from any core; hw: it is backed
 * by a physical interrupt (of the same INTID, or the device's SPI that the
 * VM sees as intid), left active until the guest's EOI.
 * A vCPU in WFI wakes; its core is kicked if it is another one.
 */
void vgic_inject(struct vcpu *v, unsigned intid, bool hw)
{
	struct pcpu *q = &pcpus[v->core];
	uint64_t bit = 1ul << (intid % 64);
	bool woken, running;

	/* A virtual SPI the VM's distributor holds back (vgicd.c). */
	if (intid >= 32 && !hw && !vgicd_admit(v->vm, intid))
		return;
	spin_lock(&q->lock);
	if (v->state == VCPU_STOPPED) {
		spin_unlock(&q->lock);
		return;
	}
	v->pending[intid / 64] |= bit;
	if (hw)
		v->hw[intid / 64] |= bit;
	woken = sched_wake_locked(v);
	running = q->cur == v;
	spin_unlock(&q->lock);
	if (q != this_pcpu()) {
		if (woken || running)
			gic_kick(v->core);
	} else if (woken && !q->resched) {
		q->resched = SWITCH_WOKEN;
	}
}

/* A virtual interrupt already in list register i: merge the new one into it. */
static void lr_merge(unsigned i, uint64_t lr)
{
	if ((lr & LR_STATE_MASK) == LR_STATE_ACTIVE && !(lr & LR_HW))
		lr_write(i, lr | LR_STATE_PENDING);
}

/*
 * vgic_flush's work when something is pending: kept out of line so that
 * the common case, on every entry to a guest, stays a leaf function that
 * saves no registers (a call here made it save all ten callee-saved ones:
 * 16 more instructions per hypercall). It sets ICH_HCR_EL2 itself, so the
 * call is a tail call.
 */
static __attribute__((noinline)) void flush_pending(struct pcpu *p, struct vcpu *v)
{
	uint64_t hcr = ICH_HCR_EN;

	spin_lock(&p->lock);
	for (unsigned w = 0; w < NR_VIRQS / 64; w++) {
		while (v->pending[w]) {
			unsigned intid = w * 64 + __builtin_ctzl(v->pending[w]);
			uint64_t bit = 1ul << (intid % 64), lr;
			int free = -1, same = -1;

			for (unsigned i = 0; i < NR_LRS; i++) {
				lr = lr_read(i);
				if (!(lr & LR_STATE_MASK))
					free = free < 0 ? (int)i : free;
				else if (LR_VINTID(lr) == intid)
					same = (int)i;
			}
			if (same >= 0) {
				lr_merge((unsigned)same, lr_read((unsigned)same));
			} else if (free >= 0) {
				lr = LR_STATE_PENDING | LR_GROUP1 | intid |
				     LR_PRIO(intid < 32 ? VIRQ_PRIORITY : vgicd_priority(v->vm, intid));
				if (v->hw[w] & bit) {
					unsigned pintid = hw_pintid[v->vm->idx][intid];

					lr |= LR_HW | LR_PINTID(pintid ? pintid : intid);
				}
				lr_write((unsigned)free, lr);
			} else {
				hcr |= ICH_HCR_UIE;     /* the rest when list registers free up */
				goto out;
			}
			v->pending[w] &= ~bit;
			v->hw[w] &= ~bit;
		}
	}
out:
	spin_unlock(&p->lock);
	write_sysreg(ICH_HCR_EL2, hcr);
}

/*
 * Before entering v (loaded on this core): pending virtual interrupts into
 * list registers. Nothing pending is the common case and needs no lock: a
 * core that adds one after this look sees v running here and kicks it.
 */
void vgic_flush(struct pcpu *p, struct vcpu *v)
{
	if (__atomic_load_n(&v->pending[0], __ATOMIC_RELAXED) ||
	    __atomic_load_n(&v->pending[1], __ATOMIC_RELAXED))
		flush_pending(p, v);
	else
		write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
}

/* For WFI: the loaded vCPU has a virtual interrupt to take. Under its core's lock. */
bool vgic_has_pending(struct vcpu *v)
{
	for (unsigned w = 0; w < NR_VIRQS / 64; w++)
		if (v->pending[w])
			return true;
	for (unsigned i = 0; i < NR_LRS; i++)
		if (lr_read(i) & LR_STATE_PENDING)
			return true;
	return false;
}

/*
 * Switching v out: its list registers and virtual interface state, and
 * whether the core's virtual timer PPI was active for it (a HW list
 * register awaiting the guest's EOI): that active state belongs to the
 * vCPU, not the core, and must not block the next vCPU's timer.
 */
void vgic_save(struct vcpu *v)
{
	uint64_t sgi = rd_base(this_pcpu()->id) + GICR_SGI;

	for (unsigned i = 0; i < NR_LRS; i++) {
		v->gic.lr[i] = lr_read(i);
		lr_write(i, 0);
	}
	v->gic.vmcr = read_sysreg(ICH_VMCR_EL2);
	v->gic.ap0r0 = read_sysreg(ICH_AP0R0_EL2);
	v->gic.ap1r0 = read_sysreg(ICH_AP1R0_EL2);
	write_sysreg(ICH_HCR_EL2, 0);
	v->gic.timer_active = mmio_read32(sgi + GICR_ISACTIVER0) & (1u << INTID_VTIMER);
	if (v->gic.timer_active)
		mmio_write32(sgi + GICR_ICACTIVER0, 1u << INTID_VTIMER);
}

void vgic_restore(struct vcpu *v)
{
	uint64_t sgi = rd_base(this_pcpu()->id) + GICR_SGI;

	for (unsigned i = 0; i < NR_LRS; i++)
		lr_write(i, v->gic.lr[i]);
	write_sysreg(ICH_VMCR_EL2, v->gic.vmcr);
	write_sysreg(ICH_AP0R0_EL2, v->gic.ap0r0);
	write_sysreg(ICH_AP1R0_EL2, v->gic.ap1r0);
	if (v->gic.timer_active)
		mmio_write32(sgi + GICR_ISACTIVER0, 1u << INTID_VTIMER);
}

/*
 * A guest's ICC_SGI1R_EL1 write (trapped by HCR_EL2.IMO, EC 0x18): SGI
 * INTID [27:24] to the vCPUs of its VM named by IRM [40] (all but itself)
 * or Aff3.Aff2.Aff1 [55:48, 39:32, 23:16] = 0 and TargetList [15:0] (vCPU
 * n has MPIDR Aff0 = n).
 */
void vgic_sgi_trap(struct vcpu *v, uint64_t value)
{
	unsigned intid = (value >> 24) & 0xf;
	bool all = (value >> 40) & 1;
	bool cluster0 = !(value & 0xff00ff00ff0000ul);

	for (unsigned i = 0; i < v->vm->cfg->nvcpus; i++)
		if (all ? i != v->idx : cluster0 && (value & (1u << i)))
			vgic_inject(&v->vm->vcpu[i], intid, false);
}

/*
 * Physical interrupts, until none is left: after a guest exit for an IRQ,
 * and in the idle loop. Each has its priority dropped at once.
 */
void irq_handle(struct pcpu *p)
{
	for (;;) {
		unsigned intid = (unsigned)read_sysreg(ICC_IAR1_EL1) & 0xffffff;
		unsigned owner;

		if (intid >= INTID_SPURIOUS)
			return;
		write_sysreg(ICC_EOIR1_EL1, intid);
		owner = intid >= 32 && intid < NR_SPI_END ? spi_owner[intid] : 0;
		if (intid == INTID_VTIMER && p->cur) {
			vgic_inject(p->cur, intid, true);
			continue;
		}
		if (owner && vms[owner - 1].state == VM_RUNNING) {
			vgic_inject(&vms[owner - 1].vcpu[0], spi_vintid[intid], true);
			continue;
		}
		if (intid == INTID_HYPTIMER) {
			sched_timer_expired(p);
		} else if (intid == INTID_KICK) {
			if (!p->resched)
				p->resched = SWITCH_WOKEN;
		} else if (intid == INTID_MAINT) {
			/* Level while UIE holds: vgic_flush sets it again if still needed. */
			write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
		} else if (intid == console_intid()) {
			console_irq();
		}
		write_sysreg(ICC_DIR_EL1, intid);
	}
}
