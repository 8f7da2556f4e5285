/*
 * gicv3_regs.c - the registers that hold one field per interrupt (see
 * gicv3.h): IGROUPR, ISENABLER/ICENABLER, ISPENDR/ICPENDR,
 * ISACTIVER/ICACTIVER, IPRIORITYR, ICFGR and IGRPMODR, which the
 * distributor (for SPIs) and each redistributor's SGI_base frame (for SGIs
 * and PPIs) lay out identically.
 *
 * Not here: the frames' other registers (gicv3_dist.c, gicv3_redist.c).
 * ARM IHI 0069 sections are cited by name, registers by their own name.
 */
#include "gicv3.h"

enum field {
	F_GROUP, F_SETENABLE, F_CLRENABLE, F_SETPEND, F_CLRPEND,
	F_SETACTIVE, F_CLRACTIVE, F_PRIORITY, F_CONFIG, F_GRPMOD,
};

/* A block of registers: [start, end) of the frame, bits per interrupt. */
static const struct block {
	uint16_t start, end;
	uint8_t bits;
	enum field field;
} blocks[] = {
	{ 0x0080, 0x0100, 1, F_GROUP },
	{ 0x0100, 0x0180, 1, F_SETENABLE },
	{ 0x0180, 0x0200, 1, F_CLRENABLE },
	{ 0x0200, 0x0280, 1, F_SETPEND },
	{ 0x0280, 0x0300, 1, F_CLRPEND },
	{ 0x0300, 0x0380, 1, F_SETACTIVE },
	{ 0x0380, 0x0400, 1, F_CLRACTIVE },
	{ 0x0400, 0x07fc, 8, F_PRIORITY },
	{ 0x0c00, 0x0d00, 2, F_CONFIG },
	{ 0x0d00, 0x0d80, 1, F_GRPMOD },
};

static const struct block *block_of(uint64_t offset)
{
	for (unsigned i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (offset >= blocks[i].start && offset < blocks[i].end)
			return &blocks[i];
	return NULL;
}

/*
 * The interrupt a frame holds: a redistributor holds its core's SGIs and
 * PPIs, the distributor the SPIs. With affinity routing the distributor's
 * fields for INTIDs 0-31 are RAZ/WI, as are the fields of INTIDs beyond
 * those implemented (each register: "for unimplemented interrupts ... RAZ/WI").
 */
static struct gic_irq *irq_of(struct gic *g, unsigned cpu, unsigned intid)
{
	if (cpu == GIC_DIST_FRAME)
		return intid >= GIC_NR_PRIVATE ? gic_irq_at(g, 0, intid) : NULL;
	return intid < GIC_NR_PRIVATE ? gic_irq_at(g, cpu, intid) : NULL;
}

/* Only IPRIORITYR is byte-accessible ("GIC memory-mapped register access"). */
static bool size_ok(const struct block *b, uint64_t offset, unsigned size)
{
	return (size == 4 || (size == 1 && b->field == F_PRIORITY)) && !(offset & (size - 1));
}

static unsigned field_read(const struct gic_irq *irq, unsigned intid, enum field f)
{
	switch (f) {
	case F_GROUP:
		return irq->group1;
	case F_SETENABLE:
	case F_CLRENABLE:
		return irq->enabled;
	case F_SETPEND:
	case F_CLRPEND:
		return gic_irq_pending(irq);
	case F_SETACTIVE:
	case F_CLRACTIVE:
		return irq->active;
	case F_PRIORITY:
		return irq->priority;
	case F_CONFIG:
		/* SGIs are always edge-triggered: Int_config reads 0b10 (GICR_ICFGR0). */
		return intid < GIC_NR_SGIS || irq->edge ? 2 : 0;
	case F_GRPMOD:
		break;
	}
	/* GICD_CTLR.DS = 1: GICD_IGRPMODR<n> and GICR_IGRPMODR0 are RAZ/WI. */
	return 0;
}

/* Writes of one interrupt's field; the set/clear registers act on ones. */
static void field_write(struct gic *g, unsigned cpu, struct gic_irq *irq, unsigned intid,
			enum field f, unsigned v)
{
	unsigned at = cpu == GIC_DIST_FRAME ? 0 : cpu;

	switch (f) {
	case F_GROUP:
		irq->group1 = v;
		break;
	case F_SETENABLE:
	case F_CLRENABLE:
		if (v)
			irq->enabled = f == F_SETENABLE;
		break;
	case F_SETPEND:
	case F_CLRPEND:
		/* A level-sensitive input that is high keeps it pending. */
		if (v)
			gic_set_latch(g, at, intid, f == F_SETPEND);
		break;
	case F_SETACTIVE:
		if (v)
			irq->active = true;
		break;
	case F_CLRACTIVE:
		if (v)
			gic_deactivate(g, at, intid);
		break;
	case F_PRIORITY:
		irq->priority = (uint8_t)(v & GIC_PRIO_MASK);
		break;
	case F_CONFIG:
		if (intid >= GIC_NR_SGIS)
			irq->edge = (v & 2) != 0;
		break;
	case F_GRPMOD:
		break;
	}
}

bool gic_irqregs_read(struct gic *g, unsigned cpu, uint64_t offset, unsigned size,
		      uint64_t *value, bool *ok)
{
	const struct block *b = block_of(offset);
	unsigned first, n;

	if (!b)
		return false;
	*ok = size_ok(b, offset, size);
	*value = 0;
	if (!*ok)
		return true;
	first = (unsigned)(offset - b->start) * 8 / b->bits;
	n = size * 8 / b->bits;
	for (unsigned i = 0; i < n; i++) {
		const struct gic_irq *irq = irq_of(g, cpu, first + i);

		if (irq)
			*value |= (uint64_t)field_read(irq, first + i, b->field) << (i * b->bits);
	}
	return true;
}

bool gic_irqregs_write(struct gic *g, unsigned cpu, uint64_t offset, unsigned size,
		       uint64_t value, bool *ok)
{
	const struct block *b = block_of(offset);
	unsigned first, n, mask;

	if (!b)
		return false;
	*ok = size_ok(b, offset, size);
	if (!*ok)
		return true;
	first = (unsigned)(offset - b->start) * 8 / b->bits;
	n = size * 8 / b->bits;
	mask = (1u << b->bits) - 1;
	for (unsigned i = 0; i < n; i++) {
		struct gic_irq *irq = irq_of(g, cpu, first + i);

		if (irq)
			field_write(g, cpu, irq, first + i, b->field,
				    (unsigned)(value >> (i * b->bits)) & mask);
	}
	gic_update(g);
	return true;
}
