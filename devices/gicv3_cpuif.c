/*
 * gicv3_cpuif.c - the GICv3 CPU interface (see gicv3.h): the ICC_* system
 * registers of each core, and the logic they share with the virtual CPU
 * interface (ICV_*): priority masking, running priority and preemption
 * ("Interrupt prioritization"), acknowledge, priority drop and deactivation
 * with EOImode ("Interrupt lifecycle", "Priority drop and interrupt
 * deactivation"), SGI generation (ICC_SGI0R/SGI1R/ASGI1R_EL1).
 *
 * An EL1 access goes to the virtual interface (gicv3_virt.c's source)
 * when HCR_EL2.IMO/FMO say so; the register semantics are the same code.
 * System register access only: ICC_SRE_EL1.SRE, DFB and DIB are RAO/WI.
 * With one Security state and no EL3, group 0 is signalled as FIQ and
 * group 1 as IRQ ("Interrupt assignment to IRQ and FIQ signals"), and
 * ICC_*_EL3 do not exist.
 *
 * Not here: the list registers and ICH_* (gicv3_virt.c).
 * ARM IHI 0069 sections are cited by name, registers by their own name.
 */
#include "gicv3.h"

enum icc_reg {
	ICC_PMR, ICC_IAR0, ICC_EOIR0, ICC_HPPIR0, ICC_BPR0, ICC_AP0R0, ICC_AP1R0,
	ICC_DIR, ICC_RPR, ICC_SGI1R, ICC_ASGI1R, ICC_SGI0R,
	ICC_IAR1, ICC_EOIR1, ICC_HPPIR1, ICC_BPR1, ICC_CTLR, ICC_SRE, ICC_IGRPEN0, ICC_IGRPEN1,
	ICC_SRE_EL2,
};

/* ICC_SRE_ELx: SRE, DFB and DIB are RAO/WI; ICC_SRE_EL2.Enable (bit 3) is RW. */
#define SRE_FIXED               0x7u
#define SRE_EL2_ENABLE          (1u << 3)

/* ICC_CTLR_EL1 (and ICV_CTLR_EL1, from ICH_VTR_EL2: the same values). */
#define CTLR_CBPR               (1u << 0)
#define CTLR_EOIMODE            (1u << 1)
#define CTLR_PRIBITS            ((GIC_PRIO_BITS - 1u) << 8)
#define CTLR_A3V                (1u << 15)      /* IDbits = 0: 16 bits */

/* ICC_SGI0R/SGI1R/ASGI1R_EL1 fields. */
#define SGIR_TARGETS(v)         ((unsigned)((v) & 0xffff))
#define SGIR_AFF1(v)            (((v) >> 16) & 0xff)
#define SGIR_INTID(v)           ((unsigned)((v) >> 24) & 0xf)
#define SGIR_AFF2(v)            (((v) >> 32) & 0xff)
#define SGIR_IRM                (1ull << 40)
#define SGIR_AFF3(v)            (((v) >> 48) & 0xff)

#define INTID_MASK              0xffffffu       /* ICC_EOIRn, ICC_DIR: INTID, bits 23:0 */

/* ------------------------------------------------------- priority */

/*
 * The group priority, the part of a priority that preempts ("Priority
 * grouping"): for
 * group 0, bits above ICC_BPR0; for group 1, bits from ICC_BPR1 up (its
 * binary point is one lower), or as group 0 with ICC_CTLR_EL1.CBPR.
 */
static uint8_t group_priority(const struct gic_cpuif *ifc, unsigned group, uint8_t priority)
{
	unsigned shift = group && !ifc->cbpr ? ifc->bpr[1] : ifc->bpr[0] + 1u;

	return (uint8_t)(priority & (0xffu << shift));
}

/* The running priority: the highest active group priority, or idle (ICC_RPR_EL1). */
static uint8_t running_priority(const struct gic_cpuif *ifc)
{
	uint32_t active = ifc->apr[0] | ifc->apr[1];

	return active ? (uint8_t)(__builtin_ctz(active) << GIC_PRIO_SHIFT) : GIC_PRIO_IDLE;
}

/*
 * "Preemption": an interrupt is signalled when its priority is higher (lower in
 * value) than the priority mask and its group priority is higher than the
 * running priority, i.e. it can preempt.
 */
static bool can_signal(const struct gic_cpuif *ifc, const struct gic_pending *p)
{
	return p->intid != GIC_SPURIOUS && p->priority < ifc->pmr &&
	       group_priority(ifc, p->group, p->priority) < running_priority(ifc);
}

/*
 * Priority drop: the highest active priority is no longer active.
 * It must belong to the group of the EOIR written; otherwise the write is
 * UNPREDICTABLE and is ignored (false).
 */
static bool priority_drop(struct gic_cpuif *ifc, unsigned group)
{
	uint32_t active = ifc->apr[0] | ifc->apr[1];
	uint32_t highest = active & -active;
	unsigned owner = (ifc->apr[0] & highest) ? 0 : 1;

	if (!active || owner != group)
		return false;
	ifc->apr[group] &= ~highest;
	return true;
}

unsigned gic_cpuif_signal(struct gic *g, const struct gic_source *src, unsigned cpu)
{
	struct gic_pending p = src->highest(g, cpu);

	if (!can_signal(src->cpuif(g, cpu), &p))
		return 0;
	return p.group ? CORE_LINE_IRQ : CORE_LINE_FIQ;
}

uint8_t gic_bpr_clamp(unsigned group, uint64_t value)
{
	unsigned min = group ? GIC_MIN_BPR1 : GIC_MIN_BPR0;

	return (uint8_t)((value & 7) < min ? min : (value & 7));
}

/* ---------------------------------------- the physical interrupts */

static struct gic_cpuif *physical_cpuif(struct gic *g, unsigned cpu)
{
	return &g->cpu[cpu].cpuif;
}

/* A group is forwarded when enabled in GICD_CTLR and in ICC_IGRPENn_EL1. */
static bool forwarded(const struct gic *g, unsigned cpu, const struct gic_irq *irq)
{
	return irq->enabled && !irq->active && gic_irq_pending(irq) &&
	       g->enable_grp[irq->group1] && g->cpu[cpu].cpuif.enable[irq->group1];
}

/* Highest priority first; at equal priority the lowest INTID (IMPLEMENTATION DEFINED). */
static void consider(struct gic_pending *best, const struct gic_irq *irq, unsigned intid)
{
	if (best->intid == GIC_SPURIOUS || irq->priority < best->priority)
		*best = (struct gic_pending){ intid, irq->group1, irq->priority, -1 };
}

static struct gic_pending physical_highest(struct gic *g, unsigned cpu)
{
	struct gic_pending best = { GIC_SPURIOUS, 0, GIC_PRIO_IDLE, -1 };
	const struct gic_redist *r = &g->cpu[cpu];

	if (r->sleep)
		return best;
	for (unsigned i = 0; i < GIC_NR_PRIVATE; i++)
		if (forwarded(g, cpu, &r->irq[i]))
			consider(&best, &r->irq[i], i);
	for (unsigned i = 0; i < PLAT_NR_SPIS; i++)
		if (forwarded(g, cpu, &g->spi[i]) && gic_spi_target(g, i) == (int)cpu)
			consider(&best, &g->spi[i], GIC_NR_PRIVATE + i);
	return best;
}

static void physical_acknowledge(struct gic *g, unsigned cpu, const struct gic_pending *p)
{
	gic_activate(g, cpu, p->intid);
}

const struct gic_source gic_physical_source = {
	.cpuif = physical_cpuif,
	.highest = physical_highest,
	.acknowledge = physical_acknowledge,
	.deactivate = gic_deactivate,
};

/* ------------------------------------- the CPU interface registers */

static uint64_t hppir(struct gic *g, const struct gic_source *src, unsigned cpu, unsigned group)
{
	struct gic_pending p = src->highest(g, cpu);

	return p.intid != GIC_SPURIOUS && p.group == group ? p.intid : GIC_SPURIOUS;
}

/*
 * ICC_IAR0/1_EL1: the highest priority pending interrupt, if it is
 * of the register's group and can be signalled, becomes active and its
 * group priority the running priority; otherwise 1023 (spurious).
 */
static uint64_t acknowledge(struct gic *g, const struct gic_source *src, unsigned cpu,
			    unsigned group)
{
	struct gic_cpuif *ifc = src->cpuif(g, cpu);
	struct gic_pending p = src->highest(g, cpu);

	if (p.group != group || !can_signal(ifc, &p))
		return GIC_SPURIOUS;
	ifc->apr[group] |= 1u << (group_priority(ifc, group, p.priority) >> GIC_PRIO_SHIFT);
	src->acknowledge(g, cpu, &p);
	gic_update(g);
	return p.intid;
}

static bool special(uint64_t intid)
{
	return intid >= GIC_FIRST_SPECIAL && intid <= GIC_SPURIOUS;
}

/*
 * ICC_EOIR0/1_EL1: priority drop, and with EOImode 0 deactivation too
 * ("Priority drop and interrupt deactivation"). Special INTIDs are ignored.
 */
static void end_of_interrupt(const struct gic_sysreg_binding *b, const struct gic_source *src,
			     unsigned cpu, unsigned group, uint64_t intid)
{
	struct gic *g = b->g;
	struct gic_cpuif *ifc = src->cpuif(g, cpu);

	if (special(intid))
		return;
	if (!priority_drop(ifc, group)) {
		gic_note_once(g, g->noted_sysreg, (unsigned)(b - g->sysreg), cpu,
			      "%s write (INTID %llu) with no active priority of its group: ignored",
			      b->def->name, (unsigned long long)intid);
		return;
	}
	if (!ifc->eoimode)
		src->deactivate(g, cpu, (unsigned)intid);
	gic_update(g);
}

/* ICC_DIR_EL1: deactivation alone, which is UNPREDICTABLE with EOImode 0 (ignored). */
static void deactivate(const struct gic_sysreg_binding *b, const struct gic_source *src,
		       unsigned cpu, uint64_t intid)
{
	struct gic *g = b->g;

	if (special(intid))
		return;
	if (!src->cpuif(g, cpu)->eoimode) {
		gic_note_once(g, g->noted_sysreg, (unsigned)(b - g->sysreg), cpu,
			      "%s write with EOImode 0: ignored", b->def->name);
		return;
	}
	src->deactivate(g, cpu, (unsigned)intid);
	gic_update(g);
}

/*
 * ICC_SGI0R/SGI1R/ASGI1R_EL1: IRM = 1 targets every core but this one;
 * otherwise the cores of affinity Aff3.Aff2.Aff1.<bit of TargetList>
 * (RS is RES0: ICC_CTLR_EL1.RSS = 0). "Forwarding an SGI to a target PE"
 * with DS = 1: SGI0R and ASGI1R (there is no other Security state) make
 * only group 0 SGIs pending; SGI1R makes the SGI pending whatever its
 * group.
 */
static void send_sgi(struct gic *g, unsigned self, uint64_t v, bool any_group)
{
	unsigned intid = SGIR_INTID(v);
	bool cluster0 = !SGIR_AFF1(v) && !SGIR_AFF2(v) && !SGIR_AFF3(v);

	for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
		bool target = (v & SGIR_IRM) ? cpu != self
					     : cluster0 && (SGIR_TARGETS(v) >> cpu & 1);

		if (target && (any_group || !g->cpu[cpu].irq[intid].group1))
			gic_set_latch(g, cpu, intid, true);
	}
	gic_update(g);
}

static uint64_t ctlr(const struct gic_cpuif *ifc)
{
	return (ifc->cbpr ? CTLR_CBPR : 0) | (ifc->eoimode ? CTLR_EOIMODE : 0) |
	       CTLR_PRIBITS | CTLR_A3V;
}

/* With CBPR, ICC_BPR1_EL1 reads ICC_BPR0_EL1 + 1 (saturated) and ignores writes. */
static uint64_t bpr1(const struct gic_cpuif *ifc)
{
	return ifc->cbpr ? (ifc->bpr[0] < 7 ? ifc->bpr[0] + 1u : 7u) : ifc->bpr[1];
}

/* Which interface an access reaches: ICV_* at EL1 when HCR_EL2 routes its group. */
static const struct gic_source *view(const struct gic *g, unsigned cpu, unsigned el,
				     enum gic_sysreg_kind kind)
{
	uint64_t hcr = el == 1 && g->m->has_el2 ? g->m->core[cpu].sr[SR_HCR_EL2] : 0;
	uint64_t route = kind == GIC_KIND_G0 ? HCR_FMO :
			 kind == GIC_KIND_G1 ? HCR_IMO :
			 kind == GIC_KIND_COMMON || kind == GIC_KIND_DIR ? HCR_IMO | HCR_FMO : 0;

	return (hcr & route) ? &gic_virtual_source : &gic_physical_source;
}

static bool icc_read(void *opaque, unsigned cpu, unsigned el, uint64_t *value)
{
	const struct gic_sysreg_binding *b = opaque;
	struct gic *g = b->g;
	const struct gic_source *src = view(g, cpu, el, b->def->kind);
	const struct gic_cpuif *ifc = src->cpuif(g, cpu);

	switch ((enum icc_reg)b->def->reg) {
	case ICC_PMR: *value = ifc->pmr; break;
	case ICC_BPR0: *value = ifc->bpr[0]; break;
	case ICC_BPR1: *value = bpr1(ifc); break;
	case ICC_AP0R0: *value = ifc->apr[0]; break;
	case ICC_AP1R0: *value = ifc->apr[1]; break;
	case ICC_IGRPEN0: *value = ifc->enable[0]; break;
	case ICC_IGRPEN1: *value = ifc->enable[1]; break;
	case ICC_CTLR: *value = ctlr(ifc); break;
	case ICC_RPR: *value = running_priority(ifc); break;
	case ICC_HPPIR0: *value = hppir(g, src, cpu, 0); break;
	case ICC_HPPIR1: *value = hppir(g, src, cpu, 1); break;
	case ICC_IAR0: *value = acknowledge(g, src, cpu, 0); break;
	case ICC_IAR1: *value = acknowledge(g, src, cpu, 1); break;
	case ICC_SRE: *value = SRE_FIXED; break;
	case ICC_SRE_EL2:
		*value = SRE_FIXED | (g->cpu[cpu].sre_el2_enable ? SRE_EL2_ENABLE : 0);
		break;
	default:
		return false;   /* write-only: the read is UNDEFINED */
	}
	return true;
}

static bool icc_write(void *opaque, unsigned cpu, unsigned el, uint64_t value)
{
	const struct gic_sysreg_binding *b = opaque;
	struct gic *g = b->g;
	const struct gic_source *src = view(g, cpu, el, b->def->kind);
	struct gic_cpuif *ifc = src->cpuif(g, cpu);

	switch ((enum icc_reg)b->def->reg) {
	case ICC_PMR: ifc->pmr = (uint8_t)(value & GIC_PRIO_MASK); break;
	case ICC_BPR0: ifc->bpr[0] = gic_bpr_clamp(0, value); break;
	case ICC_BPR1:
		if (!ifc->cbpr)
			ifc->bpr[1] = gic_bpr_clamp(1, value);
		break;
	case ICC_AP0R0: ifc->apr[0] = (uint32_t)value; break;
	case ICC_AP1R0: ifc->apr[1] = (uint32_t)value; break;
	case ICC_IGRPEN0: ifc->enable[0] = value & 1; break;
	case ICC_IGRPEN1: ifc->enable[1] = value & 1; break;
	case ICC_CTLR:
		ifc->cbpr = (value & CTLR_CBPR) != 0;
		ifc->eoimode = (value & CTLR_EOIMODE) != 0;
		break;
	case ICC_EOIR0: end_of_interrupt(b, src, cpu, 0, value & INTID_MASK); return true;
	case ICC_EOIR1: end_of_interrupt(b, src, cpu, 1, value & INTID_MASK); return true;
	case ICC_DIR: deactivate(b, src, cpu, value & INTID_MASK); return true;
	case ICC_SGI0R:
	case ICC_ASGI1R: send_sgi(g, cpu, value, false); return true;
	case ICC_SGI1R: send_sgi(g, cpu, value, true); return true;
	case ICC_SRE: return true;
	case ICC_SRE_EL2: g->cpu[cpu].sre_el2_enable = (value & SRE_EL2_ENABLE) != 0; return true;
	default:
		return false;   /* read-only: the write is UNDEFINED */
	}
	gic_update(g);
	return true;
}

/*
 * EL1 accesses that ICH_HCR_EL2 traps to EL2 (TALL0, TALL1, TC, TDIR), the
 * SGI registers that HCR_EL2.IMO/FMO trap (there are no virtual SGI
 * registers), and ICC_SRE_EL1 while ICC_SRE_EL2.Enable is 0. The order is
 * that of the registers' access pseudocode.
 */
static int icc_trap(void *opaque, unsigned cpu, unsigned el, bool read)
{
	const struct gic_sysreg_binding *b = opaque;
	const struct gic *g = b->g;
	uint64_t hcr;
	bool trapped = false;

	(void)read;
	if (el != 1 || !g->m->has_el2)
		return -1;
	hcr = g->m->core[cpu].sr[SR_HCR_EL2];
	switch (b->def->kind) {
	case GIC_KIND_G0: trapped = gic_virt_traps(g, cpu, GIC_TRAP_G0); break;
	case GIC_KIND_G1: trapped = gic_virt_traps(g, cpu, GIC_TRAP_G1); break;
	case GIC_KIND_COMMON: trapped = gic_virt_traps(g, cpu, GIC_TRAP_COMMON); break;
	case GIC_KIND_DIR: trapped = gic_virt_traps(g, cpu, GIC_TRAP_COMMON | GIC_TRAP_DIR); break;
	case GIC_KIND_SGI:
		/* Either routing bit traps all three SGI registers: EL1 must not
		 * raise physical SGIs of any group while EL2 virtualises its
		 * interrupts (the registers' access pseudocode; QEMU's too). */
		trapped = gic_virt_traps(g, cpu, GIC_TRAP_COMMON) || (hcr & (HCR_IMO | HCR_FMO));
		break;
	case GIC_KIND_SRE: trapped = !g->cpu[cpu].sre_el2_enable; break;
	case GIC_KIND_EL2: break;
	}
	return trapped ? 2 : -1;
}

#define ICC(crn, crm, op2)      SYSREG_ENC(3, 0, crn, crm, op2)

static const struct gic_sysreg_def icc_regs[] = {
	{ ICC(4, 6, 0), 1, ICC_PMR, GIC_KIND_COMMON, "ICC_PMR_EL1" },
	{ ICC(12, 8, 0), 1, ICC_IAR0, GIC_KIND_G0, "ICC_IAR0_EL1" },
	{ ICC(12, 8, 1), 1, ICC_EOIR0, GIC_KIND_G0, "ICC_EOIR0_EL1" },
	{ ICC(12, 8, 2), 1, ICC_HPPIR0, GIC_KIND_G0, "ICC_HPPIR0_EL1" },
	{ ICC(12, 8, 3), 1, ICC_BPR0, GIC_KIND_G0, "ICC_BPR0_EL1" },
	{ ICC(12, 8, 4), 1, ICC_AP0R0, GIC_KIND_G0, "ICC_AP0R0_EL1" },
	{ ICC(12, 9, 0), 1, ICC_AP1R0, GIC_KIND_G1, "ICC_AP1R0_EL1" },
	{ ICC(12, 11, 1), 1, ICC_DIR, GIC_KIND_DIR, "ICC_DIR_EL1" },
	{ ICC(12, 11, 3), 1, ICC_RPR, GIC_KIND_COMMON, "ICC_RPR_EL1" },
	{ ICC(12, 11, 5), 1, ICC_SGI1R, GIC_KIND_SGI, "ICC_SGI1R_EL1" },
	{ ICC(12, 11, 6), 1, ICC_ASGI1R, GIC_KIND_SGI, "ICC_ASGI1R_EL1" },
	{ ICC(12, 11, 7), 1, ICC_SGI0R, GIC_KIND_SGI, "ICC_SGI0R_EL1" },
	{ ICC(12, 12, 0), 1, ICC_IAR1, GIC_KIND_G1, "ICC_IAR1_EL1" },
	{ ICC(12, 12, 1), 1, ICC_EOIR1, GIC_KIND_G1, "ICC_EOIR1_EL1" },
	{ ICC(12, 12, 2), 1, ICC_HPPIR1, GIC_KIND_G1, "ICC_HPPIR1_EL1" },
	{ ICC(12, 12, 3), 1, ICC_BPR1, GIC_KIND_G1, "ICC_BPR1_EL1" },
	{ ICC(12, 12, 4), 1, ICC_CTLR, GIC_KIND_COMMON, "ICC_CTLR_EL1" },
	{ ICC(12, 12, 5), 1, ICC_SRE, GIC_KIND_SRE, "ICC_SRE_EL1" },
	{ ICC(12, 12, 6), 1, ICC_IGRPEN0, GIC_KIND_G0, "ICC_IGRPEN0_EL1" },
	{ ICC(12, 12, 7), 1, ICC_IGRPEN1, GIC_KIND_G1, "ICC_IGRPEN1_EL1" },
	{ SYSREG_ENC(3, 4, 12, 9, 5), 2, ICC_SRE_EL2, GIC_KIND_EL2, "ICC_SRE_EL2" },
};

int gic_register_sysregs(struct gic *g, const struct gic_sysreg_def *defs, unsigned n,
			 bool (*read)(void *, unsigned, unsigned, uint64_t *),
			 bool (*write)(void *, unsigned, unsigned, uint64_t))
{
	for (unsigned i = 0; i < n; i++) {
		struct gic_sysreg_binding *b = &g->sysreg[g->nsysregs];
		struct sysreg_handler h = {
			.enc = defs[i].enc, .min_el = defs[i].min_el,
			.trap = icc_trap, .read = read, .write = write, .opaque = b,
		};

		if (g->nsysregs == GIC_MAX_SYSREGS)
			return -1;
		*b = (struct gic_sysreg_binding){ g, &defs[i] };
		if (sysreg_register_handler(&g->m->sysreg_handlers, &h) != 0)
			return -1;
		g->nsysregs++;
	}
	return 0;
}

int gic_cpuif_attach(struct gic *g)
{
	return gic_register_sysregs(g, icc_regs, sizeof(icc_regs) / sizeof(icc_regs[0]),
				    icc_read, icc_write);
}

/*
 * Reset (ICC_* descriptions): priority mask 0 (everything masked), binary
 * points at their minimum, EOImode 0, groups disabled, nothing active.
 */
void gic_cpuif_reset(struct gic_cpuif *ifc)
{
	*ifc = (struct gic_cpuif){ .bpr = { GIC_MIN_BPR0, GIC_MIN_BPR1 } };
}
