/*
 * gicv3_virt.c - GICv3 virtualization (see gicv3.h; ARM IHI 0069 "Virtual
 * Interrupt Handling and Prioritization"): the ICH_* system registers of
 * EL2, the list registers as the source of the
 * virtual CPU interface that EL1 reaches as ICV_* (gicv3_cpuif.c runs its
 * logic), and the maintenance interrupt (PPI 25, "Maintenance interrupts").
 *
 * A hypervisor writes a virtual interrupt into a list register; the
 * highest priority pending one is signalled to EL1 as vIRQ (group 1) or
 * vFIQ (group 0) when it can preempt; ICV_IAR1_EL1 makes it active and
 * ICV_EOIR1_EL1 (or ICV_DIR_EL1 with VEOIM) deactivates it, and with HW = 1
 * deactivates the physical interrupt pINTID too.
 *
 * 4 list registers, 5 bits of virtual priority and preemption, 16-bit
 * INTIDs; no GICv4 direct injection (ICH_VTR_EL2.nV4 = 1).
 *
 * Not here: the ICV_* register semantics (gicv3_cpuif.c).
 * ARM IHI 0069 sections are cited by name, registers by their own name.
 */
#include "gicv3.h"

enum ich_reg {
	ICH_AP0R0, ICH_AP1R0, ICH_HCR, ICH_VTR, ICH_MISR, ICH_EISR, ICH_ELRSR, ICH_VMCR,
	ICH_LR0,        /* .. ICH_LR0 + GIC_NR_LRS - 1 */
};

/* ICH_HCR_EL2 */
#define HCR_EN                  (1ull << 0)
#define HCR_UIE                 (1ull << 1)
#define HCR_LRENPIE             (1ull << 2)
#define HCR_NPIE                (1ull << 3)
#define HCR_VGRP0EIE            (1ull << 4)
#define HCR_VGRP0DIE            (1ull << 5)
#define HCR_VGRP1EIE            (1ull << 6)
#define HCR_VGRP1DIE            (1ull << 7)
#define HCR_TC                  (1ull << 10)
#define HCR_TALL0               (1ull << 11)
#define HCR_TALL1               (1ull << 12)
#define HCR_TDIR                (1ull << 14)
#define HCR_EOICOUNT_SHIFT      27
#define HCR_EOICOUNT            (0x1full << HCR_EOICOUNT_SHIFT)
/* TSEI (bit 13) is RES0: no locally generated SErrors (VTR.SEIS = 0). */
#define HCR_WRITABLE            (0xffull | HCR_TC | HCR_TALL0 | HCR_TALL1 | HCR_TDIR | HCR_EOICOUNT)

/* ICH_VTR_EL2: ListRegs = n - 1, TDS, nV4, A3V, PREbits, PRIbits. */
#define VTR_VALUE               ((GIC_NR_LRS - 1ull) | 1ull << 19 | 1ull << 20 | 1ull << 21 | \
				 (GIC_PRIO_BITS - 1ull) << 26 | (GIC_PRIO_BITS - 1ull) << 29)

/* ICH_VMCR_EL2 */
#define VMCR_VENG0              (1ull << 0)
#define VMCR_VENG1              (1ull << 1)
#define VMCR_VFIQEN             (1ull << 3)     /* RES1 with system registers */
#define VMCR_VCBPR              (1ull << 4)
#define VMCR_VEOIM              (1ull << 9)
#define VMCR_VBPR1_SHIFT        18
#define VMCR_VBPR0_SHIFT        21
#define VMCR_VPMR_SHIFT         24

/* ICH_MISR_EL2 */
#define MISR_EOI                (1u << 0)
#define MISR_U                  (1u << 1)
#define MISR_LRENP              (1u << 2)
#define MISR_NP                 (1u << 3)
#define MISR_VGRP0E             (1u << 4)
#define MISR_VGRP0D             (1u << 5)
#define MISR_VGRP1E             (1u << 6)
#define MISR_VGRP1D             (1u << 7)

/* ICH_LR<n>_EL2 */
#define LR_VINTID               0xffffull       /* VTR.IDbits = 16 bits: 31:16 RES0 */
#define LR_PINTID_SHIFT         32
#define LR_PINTID               (0x3ffull << LR_PINTID_SHIFT)
#define LR_EOI                  (1ull << 41)    /* when HW = 0 */
#define LR_PRIORITY_SHIFT       48
#define LR_PRIORITY             ((uint64_t)GIC_PRIO_MASK << LR_PRIORITY_SHIFT)
#define LR_GROUP                (1ull << 60)
#define LR_HW                   (1ull << 61)
#define LR_STATE_SHIFT          62
#define LR_PENDING              1u
#define LR_ACTIVE               2u

/* ---------------------------------------------------- list registers */

static unsigned lr_state(uint64_t lr)
{
	return (unsigned)(lr >> LR_STATE_SHIFT);
}

static uint64_t with_state(uint64_t lr, unsigned state)
{
	return (lr & ~(3ull << LR_STATE_SHIFT)) | (uint64_t)state << LR_STATE_SHIFT;
}

/* A write keeps the implemented fields: with HW = 0, bit 41 is EOI, not pINTID. */
static uint64_t lr_written(uint64_t v)
{
	uint64_t keep = LR_VINTID | LR_PRIORITY | LR_GROUP | LR_HW | 3ull << LR_STATE_SHIFT;

	return v & (keep | ((v & LR_HW) ? LR_PINTID : LR_EOI));
}

/* ICH_EISR_EL2: invalid LRs with HW = 0 that ask for an EOI maintenance interrupt. */
static unsigned eisr(const struct gic_virt *v)
{
	unsigned bits = 0;

	for (unsigned i = 0; i < GIC_NR_LRS; i++)
		if (lr_state(v->lr[i]) == 0 && (v->lr[i] & (LR_HW | LR_EOI)) == LR_EOI)
			bits |= 1u << i;
	return bits;
}

/* ICH_ELRSR_EL2: an LR that holds no interrupt and no EOI request. */
static unsigned elrsr(const struct gic_virt *v)
{
	unsigned bits = 0;

	for (unsigned i = 0; i < GIC_NR_LRS; i++)
		if (lr_state(v->lr[i]) == 0 && !(eisr(v) & (1u << i)))
			bits |= 1u << i;
	return bits;
}

/* How many LRs hold an interrupt (State not 00), or are pending (01) only. */
static unsigned count_lrs(const struct gic_virt *v, bool pending_only)
{
	unsigned n = 0;

	for (unsigned i = 0; i < GIC_NR_LRS; i++)
		n += pending_only ? lr_state(v->lr[i]) == LR_PENDING : lr_state(v->lr[i]) != 0;
	return n;
}

/*
 * ICH_MISR_EL2: the conditions for a maintenance interrupt, each enabled by
 * ICH_HCR_EL2. "No pending" looks for LRs in the pending state (01) only:
 * an active and pending LR cannot be signalled until it is deactivated.
 */
static unsigned misr(const struct gic_virt *v)
{
	uint64_t h = v->hcr;
	const bool *eng = v->vcpuif.enable;

	return (eisr(v) ? MISR_EOI : 0) |
	       ((h & HCR_UIE) && count_lrs(v, false) <= 1 ? MISR_U : 0) |
	       ((h & HCR_LRENPIE) && (h & HCR_EOICOUNT) ? MISR_LRENP : 0) |
	       ((h & HCR_NPIE) && !count_lrs(v, true) ? MISR_NP : 0) |
	       ((h & HCR_VGRP0EIE) && eng[0] ? MISR_VGRP0E : 0) |
	       ((h & HCR_VGRP0DIE) && !eng[0] ? MISR_VGRP0D : 0) |
	       ((h & HCR_VGRP1EIE) && eng[1] ? MISR_VGRP1E : 0) |
	       ((h & HCR_VGRP1DIE) && !eng[1] ? MISR_VGRP1D : 0);
}

/* The maintenance interrupt is asserted while En = 1 and a condition holds. */
void gic_virt_maintenance(struct gic *g, unsigned cpu)
{
	const struct gic_virt *v = &g->cpu[cpu].virt;
	bool level = (v->hcr & HCR_EN) && misr(v);

	if (level != g->cpu[cpu].irq[PLAT_INTID_GIC_MAINT].level)
		gic_set_level(g, cpu, PLAT_INTID_GIC_MAINT, level);
}

bool gic_virt_traps(const struct gic *g, unsigned cpu, unsigned which)
{
	uint64_t h = g->cpu[cpu].virt.hcr;

	return ((which & GIC_TRAP_G0) && (h & HCR_TALL0)) ||
	       ((which & GIC_TRAP_G1) && (h & HCR_TALL1)) ||
	       ((which & GIC_TRAP_COMMON) && (h & HCR_TC)) ||
	       ((which & GIC_TRAP_DIR) && (h & HCR_TDIR));
}

/* ------------------------------------------------- the virtual source */

static struct gic_cpuif *virtual_cpuif(struct gic *g, unsigned cpu)
{
	return &g->cpu[cpu].virt.vcpuif;
}

/*
 * The highest priority pending virtual interrupt: an LR in the
 * pending state whose group ICH_VMCR_EL2 enables; nothing while En = 0.
 * At equal priority the lowest LR (IMPLEMENTATION DEFINED).
 */
static struct gic_pending virtual_highest(struct gic *g, unsigned cpu)
{
	const struct gic_virt *v = &g->cpu[cpu].virt;
	struct gic_pending best = { GIC_SPURIOUS, 0, GIC_PRIO_IDLE, -1 };

	if (!(v->hcr & HCR_EN))
		return best;
	for (unsigned i = 0; i < GIC_NR_LRS; i++) {
		uint64_t lr = v->lr[i];
		unsigned group = (lr & LR_GROUP) != 0;
		uint8_t priority = (uint8_t)(lr >> LR_PRIORITY_SHIFT);

		if (lr_state(lr) != LR_PENDING || !v->vcpuif.enable[group])
			continue;
		if (best.intid == GIC_SPURIOUS || priority < best.priority)
			best = (struct gic_pending){ (unsigned)(lr & LR_VINTID), group,
						     priority, (int)i };
	}
	return best;
}

static void virtual_acknowledge(struct gic *g, unsigned cpu, const struct gic_pending *p)
{
	uint64_t *lr = &g->cpu[cpu].virt.lr[p->lr];

	*lr = with_state(*lr, LR_ACTIVE);
}

/*
 * Virtual deactivation: the active LR holding vINTID leaves the
 * active state, and with HW = 1 the physical interrupt pINTID is
 * deactivated. With no such LR, ICH_HCR_EL2.EOIcount counts the EOI, so
 * that a hypervisor can deactivate what it kept outside the LRs.
 */
static void virtual_deactivate(struct gic *g, unsigned cpu, unsigned intid)
{
	struct gic_virt *v = &g->cpu[cpu].virt;

	for (unsigned i = 0; i < GIC_NR_LRS; i++) {
		uint64_t lr = v->lr[i];
		unsigned pintid = (unsigned)((lr & LR_PINTID) >> LR_PINTID_SHIFT);

		if (!(lr_state(lr) & LR_ACTIVE) || (lr & LR_VINTID) != intid)
			continue;
		v->lr[i] = with_state(lr, lr_state(lr) & ~LR_ACTIVE);
		if ((lr & LR_HW) && pintid < GIC_FIRST_SPECIAL)
			gic_deactivate(g, cpu, pintid);
		return;
	}
	v->hcr = (v->hcr & ~HCR_EOICOUNT) |
		 ((v->hcr + (1ull << HCR_EOICOUNT_SHIFT)) & HCR_EOICOUNT);
}

const struct gic_source gic_virtual_source = {
	.cpuif = virtual_cpuif,
	.highest = virtual_highest,
	.acknowledge = virtual_acknowledge,
	.deactivate = virtual_deactivate,
};

/* ------------------------------------------------------ ICH registers */

static uint64_t vmcr(const struct gic_cpuif *ifc)
{
	return (ifc->enable[0] ? VMCR_VENG0 : 0) | (ifc->enable[1] ? VMCR_VENG1 : 0) |
	       VMCR_VFIQEN | (ifc->cbpr ? VMCR_VCBPR : 0) | (ifc->eoimode ? VMCR_VEOIM : 0) |
	       (uint64_t)ifc->bpr[1] << VMCR_VBPR1_SHIFT |
	       (uint64_t)ifc->bpr[0] << VMCR_VBPR0_SHIFT |
	       (uint64_t)ifc->pmr << VMCR_VPMR_SHIFT;
}

static void set_vmcr(struct gic_cpuif *ifc, uint64_t v)
{
	ifc->enable[0] = (v & VMCR_VENG0) != 0;
	ifc->enable[1] = (v & VMCR_VENG1) != 0;
	ifc->cbpr = (v & VMCR_VCBPR) != 0;
	ifc->eoimode = (v & VMCR_VEOIM) != 0;
	ifc->bpr[1] = gic_bpr_clamp(1, v >> VMCR_VBPR1_SHIFT);
	ifc->bpr[0] = gic_bpr_clamp(0, v >> VMCR_VBPR0_SHIFT);
	ifc->pmr = (uint8_t)((v >> VMCR_VPMR_SHIFT) & GIC_PRIO_MASK);
}

static bool ich_read(void *opaque, unsigned cpu, unsigned el, uint64_t *value)
{
	const struct gic_sysreg_binding *b = opaque;
	const struct gic_virt *v = &b->g->cpu[cpu].virt;
	unsigned reg = b->def->reg;

	(void)el;
	switch (reg) {
	case ICH_AP0R0: *value = v->vcpuif.apr[0]; break;
	case ICH_AP1R0: *value = v->vcpuif.apr[1]; break;
	case ICH_HCR: *value = v->hcr; break;
	case ICH_VTR: *value = VTR_VALUE; break;
	case ICH_MISR: *value = misr(v); break;
	case ICH_EISR: *value = eisr(v); break;
	case ICH_ELRSR: *value = elrsr(v); break;
	case ICH_VMCR: *value = vmcr(&v->vcpuif); break;
	default: *value = v->lr[reg - ICH_LR0]; break;
	}
	return true;
}

static bool ich_write(void *opaque, unsigned cpu, unsigned el, uint64_t value)
{
	const struct gic_sysreg_binding *b = opaque;
	struct gic_virt *v = &b->g->cpu[cpu].virt;
	unsigned reg = b->def->reg;

	(void)el;
	switch (reg) {
	case ICH_AP0R0: v->vcpuif.apr[0] = (uint32_t)value; break;
	case ICH_AP1R0: v->vcpuif.apr[1] = (uint32_t)value; break;
	case ICH_HCR: v->hcr = value & HCR_WRITABLE; break;
	case ICH_VTR:
	case ICH_MISR:
	case ICH_EISR:
	case ICH_ELRSR:
		return false;   /* read-only: the write is UNDEFINED */
	case ICH_VMCR: set_vmcr(&v->vcpuif, value); break;
	default: v->lr[reg - ICH_LR0] = lr_written(value); break;
	}
	gic_update(b->g);
	return true;
}

#define ICH(crm, op2)           SYSREG_ENC(3, 4, 12, crm, op2)

static const struct gic_sysreg_def ich_regs[] = {
	{ ICH(8, 0), 2, ICH_AP0R0, GIC_KIND_EL2, "ICH_AP0R0_EL2" },
	{ ICH(9, 0), 2, ICH_AP1R0, GIC_KIND_EL2, "ICH_AP1R0_EL2" },
	{ ICH(11, 0), 2, ICH_HCR, GIC_KIND_EL2, "ICH_HCR_EL2" },
	{ ICH(11, 1), 2, ICH_VTR, GIC_KIND_EL2, "ICH_VTR_EL2" },
	{ ICH(11, 2), 2, ICH_MISR, GIC_KIND_EL2, "ICH_MISR_EL2" },
	{ ICH(11, 3), 2, ICH_EISR, GIC_KIND_EL2, "ICH_EISR_EL2" },
	{ ICH(11, 5), 2, ICH_ELRSR, GIC_KIND_EL2, "ICH_ELRSR_EL2" },
	{ ICH(11, 7), 2, ICH_VMCR, GIC_KIND_EL2, "ICH_VMCR_EL2" },
	{ ICH(12, 0), 2, ICH_LR0 + 0, GIC_KIND_EL2, "ICH_LR0_EL2" },
	{ ICH(12, 1), 2, ICH_LR0 + 1, GIC_KIND_EL2, "ICH_LR1_EL2" },
	{ ICH(12, 2), 2, ICH_LR0 + 2, GIC_KIND_EL2, "ICH_LR2_EL2" },
	{ ICH(12, 3), 2, ICH_LR0 + 3, GIC_KIND_EL2, "ICH_LR3_EL2" },
};

_Static_assert(sizeof(ich_regs) / sizeof(ich_regs[0]) == ICH_LR0 + GIC_NR_LRS,
	       "one ICH_LR<n>_EL2 per list register");

int gic_virt_attach(struct gic *g)
{
	return gic_register_sysregs(g, ich_regs, sizeof(ich_regs) / sizeof(ich_regs[0]),
				    ich_read, ich_write);
}

/*
 * Reset: the virtual CPU interface disabled, list registers invalid, the
 * virtual binary points at their minimum (values the specification leaves
 * UNKNOWN are those of the physical interface's reset).
 */
void gic_virt_reset(struct gic_virt *v)
{
	*v = (struct gic_virt){ .hcr = 0 };
	gic_cpuif_reset(&v->vcpuif);
}
