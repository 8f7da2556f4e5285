/*
 * gicv3_redist.c - the GICv3 redistributors (see gicv3.h): one per core,
 * two 64 KiB frames each at PLAT_GICR_BASE + core * 0x20000: RD_base
 * (control, identification, power) and SGI_base (the SGIs' and PPIs'
 * per-interrupt registers).
 *
 * No LPIs (GICR_TYPER.PLPIS = 0), so the LPI registers (GICR_PROPBASER,
 * PENDBASER, SETLPIR ...) are RES0, and GICR_CTLR has nothing to enable.
 *
 * Not here: the per-interrupt registers themselves (gicv3_regs.c).
 * ARM IHI 0069 sections are cited by name, registers by their own name.
 */
#include "gicv3.h"

#define GICR_CTLR               0x0000
#define GICR_IIDR               0x0004
#define GICR_TYPER              0x0008          /* 64-bit */
#define GICR_STATUSR            0x0010
#define GICR_WAKER              0x0014
#define GICR_LPI_FIRST          0x0018          /* MPAMIDR .. SYNCR: no LPIs, no MPAM */
#define GICR_LPI_END            0x0100
#define GICR_NSACR              0x0e00          /* in SGI_base */

/* GICR_TYPER */
#define TYPER_LAST              (1u << 4)
#define TYPER_PROCESSOR_SHIFT   8
#define TYPER_AFFINITY_SHIFT    32

/* GICR_WAKER */
#define WAKER_PROCESSOR_SLEEP   (1u << 1)
#define WAKER_CHILDREN_ASLEEP   (1u << 2)

static uint64_t typer(const struct gic *g, unsigned cpu)
{
	/* The core's affinity is its MPIDR_EL1: Aff0 = core number. */
	return (uint64_t)cpu << TYPER_AFFINITY_SHIFT | cpu << TYPER_PROCESSOR_SHIFT |
	       (cpu == g->ncpus - 1 ? TYPER_LAST : 0);
}

/*
 * GICR_WAKER: software wakes the redistributor by clearing ProcessorSleep
 * and waits for ChildrenAsleep to read 0; the simulated interface is
 * quiescent or awake at once, so ChildrenAsleep follows ProcessorSleep.
 * While asleep, nothing is forwarded to the core's CPU interface (the
 * redistributor would assert WakeRequest instead).
 */
static uint32_t waker(const struct gic_redist *r)
{
	return r->sleep ? WAKER_PROCESSOR_SLEEP | WAKER_CHILDREN_ASLEEP : 0;
}

/* The RD_base frame: only 32-bit registers (GICR_TYPER in two halves). */
static bool rd_read(struct gic *g, unsigned rd, unsigned cpu, uint64_t offset, unsigned size,
		    uint64_t *value)
{
	*value = 0;
	if (size != 4)
		return false;
	switch (offset) {
	case GICR_CTLR:
	case GICR_STATUSR:
		return true;
	case GICR_IIDR:
		*value = GIC_IIDR;
		return true;
	case GICR_TYPER:
	case GICR_TYPER + 4:
		*value = (uint32_t)(typer(g, rd) >> (offset == GICR_TYPER ? 0 : 32));
		return true;
	case GICR_WAKER:
		*value = waker(&g->cpu[rd]);
		return true;
	case GIC_PIDR2_OFFSET:
		*value = GIC_PIDR2;
		return true;
	}
	if ((offset >= GICR_LPI_FIRST && offset < GICR_LPI_END) || offset >= GIC_ID_REGS)
		return true;
	gic_note_once(g, g->noted_redist, (unsigned)(offset / 4), cpu,
		      "read of reserved redistributor offset 0x%llx (RAZ)",
		      (unsigned long long)offset);
	return true;
}

static bool rd_write(struct gic *g, unsigned rd, unsigned cpu, uint64_t offset, unsigned size,
		     uint64_t value)
{
	if (size != 4)
		return false;
	switch (offset) {
	case GICR_WAKER:
		g->cpu[rd].sleep = (value & WAKER_PROCESSOR_SLEEP) != 0;
		gic_update(g);
		return true;
	case GICR_CTLR:
	case GICR_STATUSR:
	case GICR_IIDR:
	case GICR_TYPER:
	case GICR_TYPER + 4:
	case GIC_PIDR2_OFFSET:
		return true;
	}
	if ((offset >= GICR_LPI_FIRST && offset < GICR_LPI_END) || offset >= GIC_ID_REGS)
		return true;
	gic_note_once(g, g->noted_redist, (unsigned)(offset / 4), cpu,
		      "write of reserved redistributor offset 0x%llx (ignored)",
		      (unsigned long long)offset);
	return true;
}

/* The SGI_base frame: the per-interrupt registers, and NSACR (RAZ/WI with DS = 1). */
static bool sgi_read(struct gic *g, unsigned rd, unsigned cpu, uint64_t offset, unsigned size,
		     uint64_t *value)
{
	bool ok = true;

	if (gic_irqregs_read(g, rd, offset, size, value, &ok))
		return ok;
	*value = 0;
	if (size != 4)
		return false;
	if (offset != GICR_NSACR)
		gic_note_once(g, g->noted_redist, (unsigned)((GIC_SGI_FRAME + offset) / 4), cpu,
			      "read of reserved SGI_base offset 0x%llx (RAZ)",
			      (unsigned long long)offset);
	return true;
}

static bool sgi_write(struct gic *g, unsigned rd, unsigned cpu, uint64_t offset, unsigned size,
		      uint64_t value)
{
	bool ok = true;

	if (gic_irqregs_write(g, rd, offset, size, value, &ok))
		return ok;
	if (size != 4)
		return false;
	if (offset != GICR_NSACR)
		gic_note_once(g, g->noted_redist, (unsigned)((GIC_SGI_FRAME + offset) / 4), cpu,
			      "write of reserved SGI_base offset 0x%llx (ignored)",
			      (unsigned long long)offset);
	return true;
}

/* Which redistributor (rd) and frame an offset into the window falls in. */
static uint64_t locate(uint64_t offset, unsigned *rd, bool *sgi)
{
	uint64_t in = offset % GIC_REDIST_STRIDE;

	*rd = (unsigned)(offset / GIC_REDIST_STRIDE);
	*sgi = in >= GIC_SGI_FRAME;
	return *sgi ? in - GIC_SGI_FRAME : in;
}

static uint64_t redist_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size)
{
	struct gic *g = opaque;
	unsigned rd;
	bool sgi;
	uint64_t in = locate(offset, &rd, &sgi), value;
	bool ok = sgi ? sgi_read(g, rd, cpu, in, size, &value)
		      : rd_read(g, rd, cpu, in, size, &value);

	if (!ok) {
		gic_bad_access(g, g->noted_redist, offset % GIC_REDIST_STRIDE, cpu,
			       PLAT_GICR_BASE + offset, size, false);
		return 0;
	}
	return value;
}

static void redist_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
	struct gic *g = opaque;
	unsigned rd;
	bool sgi;
	uint64_t in = locate(offset, &rd, &sgi);
	bool ok = sgi ? sgi_write(g, rd, cpu, in, size, value)
		      : rd_write(g, rd, cpu, in, size, value);

	if (!ok)
		gic_bad_access(g, g->noted_redist, offset % GIC_REDIST_STRIDE, cpu,
			       PLAT_GICR_BASE + offset, size, true);
}

static const struct mmio_ops redist_ops = {
	.read = redist_read,
	.write = redist_write,
};

int gic_redist_attach(struct gic *g)
{
	const struct mmio_window w = {
		.name = "GICv3 redistributors", .base = PLAT_GICR_BASE,
		.size = GIC_REDIST_STRIDE * g->ncpus, .ops = &redist_ops, .opaque = g,
	};

	return machine_add_window(g->m, &w);
}
