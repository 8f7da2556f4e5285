/*
 * gicv3_dist.c - the GICv3 distributor (see gicv3.h): its 64 KiB frame at
 * PLAT_GICD_BASE, and the routing of SPIs to cores (GICD_IROUTER<n>).
 *
 * One Security state (GICD_CTLR.DS = 1) and affinity routing always on
 * (ARE RAO/WI): the registers that exist only for the other Security state
 * or for legacy operation (NSACR, ITARGETSR, SGIR, CPENDSGIR, SPENDSGIR,
 * IGRPMODR) are RAZ/WI, as their descriptions say for this configuration.
 *
 * Not here: the per-interrupt registers (gicv3_regs.c).
 * ARM IHI 0069 sections are cited by name, registers by their own name.
 */
#include "gicv3.h"

#define GICD_CTLR               0x0000
#define GICD_TYPER              0x0004
#define GICD_IIDR               0x0008
#define GICD_TYPER2             0x000c
#define GICD_STATUSR            0x0010
#define GICD_IROUTER            0x6000          /* + 8 * INTID */

/* GICD_CTLR when DS = 1: the only layout there is. */
#define CTLR_ENABLE_GRP0        (1u << 0)
#define CTLR_ENABLE_GRP1        (1u << 1)
#define CTLR_ARE                (1u << 4)
#define CTLR_DS                 (1u << 6)

/* GICD_TYPER */
#define TYPER_ITLINES           ((GIC_NR_INTIDS / 32) - 1)
#define TYPER_CPUNUMBER_SHIFT   5
#define TYPER_IDBITS            (15u << 19)     /* 16 bits of INTID */
#define TYPER_A3V               (1u << 24)      /* Aff3 may be non-zero */

/* GICD_IROUTER<n> */
#define IROUTER_IRM             (1ull << 31)
#define IROUTER_AFF0            0xffull
#define IROUTER_AFF123          (0xffull << 8 | 0xffull << 16 | 0xffull << 32)
#define IROUTER_WRITABLE        (IROUTER_AFF0 | IROUTER_AFF123 | IROUTER_IRM)

_Static_assert(GIC_NR_INTIDS % 32 == 0, "SPIs come in whole registers of 32");

/* ----------------------------------------------------------- routing */

/*
 * 1 of N (Interrupt_Routing_Mode = 1): the distributor may pick any core that
 * participates, i.e. whose redistributor is awake and whose CPU interface
 * has the interrupt's group enabled. The choice is IMPLEMENTATION DEFINED:
 * the lowest-numbered such core, so runs are deterministic.
 */
static int one_of_n(const struct gic *g, const struct gic_irq *irq)
{
	for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
		const struct gic_redist *r = &g->cpu[cpu];

		if (!r->sleep && r->cpuif.enable[irq->group1])
			return (int)cpu;
	}
	return -1;
}

int gic_spi_target(const struct gic *g, unsigned spi)
{
	uint64_t route = g->irouter[spi];

	if (route & IROUTER_IRM)
		return one_of_n(g, &g->spi[spi]);
	/* MPIDR_EL1 of core n: Aff0 = n, Aff1-3 = 0 (docs/platform.md). */
	if ((route & IROUTER_AFF123) || (route & IROUTER_AFF0) >= g->ncpus)
		return -1;
	return (int)(route & IROUTER_AFF0);
}

/* ------------------------------------------------------------ frame */

static uint32_t ctlr(const struct gic *g)
{
	return (g->enable_grp[0] ? CTLR_ENABLE_GRP0 : 0) |
	       (g->enable_grp[1] ? CTLR_ENABLE_GRP1 : 0) | CTLR_ARE | CTLR_DS;
}

static bool is_irouter(uint64_t offset)
{
	return offset >= GICD_IROUTER + 8 * GIC_NR_PRIVATE && offset < GICD_IROUTER + 8 * 1020;
}

/* Registers that are RAZ/WI in this configuration, and the ID block. */
static bool is_raz_wi(uint64_t offset)
{
	return offset == GICD_TYPER2 || offset == GICD_STATUSR ||
	       (offset >= 0x0800 && offset < 0x0c00) ||     /* ITARGETSR: legacy only */
	       (offset >= 0x0e00 && offset < 0x0f30) ||     /* NSACR; SGIR, C/SPENDSGIR: legacy */
	       offset >= GIC_ID_REGS;
}

/* The byte-accessible ones among them ("GIC memory-mapped register access"). */
static bool bytes_ok(uint64_t offset)
{
	return (offset >= 0x0800 && offset < 0x0c00) || (offset >= 0x0f10 && offset < 0x0f30);
}

/* An IROUTER register as two 32-bit halves (64-bit registers accept
 * 32-bit accesses to each half: "GIC memory-mapped register access"). */
static uint64_t *irouter_of(struct gic *g, uint64_t offset, unsigned *shift)
{
	unsigned intid = (unsigned)((offset - GICD_IROUTER) / 8);

	*shift = (offset & 4) ? 32 : 0;
	return intid < GIC_NR_INTIDS ? &g->irouter[intid - GIC_NR_PRIVATE] : NULL;
}

static bool read_reg(struct gic *g, unsigned cpu, uint64_t offset, unsigned size, uint64_t *value)
{
	unsigned shift;
	const uint64_t *route;
	bool ok = true;

	if (gic_irqregs_read(g, GIC_DIST_FRAME, offset, size, value, &ok))
		return ok;
	*value = 0;
	if (is_raz_wi(offset)) {
		if (offset == GIC_PIDR2_OFFSET)
			*value = GIC_PIDR2;
		return size == 4 || (size == 1 && bytes_ok(offset));
	}
	if (size != 4)
		return false;
	switch (offset) {
	case GICD_CTLR:
		*value = ctlr(g);
		return true;
	case GICD_TYPER:
		*value = TYPER_ITLINES | (g->ncpus - 1) << TYPER_CPUNUMBER_SHIFT |
			 TYPER_IDBITS | TYPER_A3V;
		return true;
	case GICD_IIDR:
		*value = GIC_IIDR;
		return true;
	}
	if (is_irouter(offset)) {
		route = irouter_of(g, offset, &shift);
		*value = route ? (uint32_t)(*route >> shift) : 0;
		return true;
	}
	gic_note_once(g, g->noted_dist, (unsigned)(offset / 4), cpu,
		      "read of reserved distributor offset 0x%llx (RAZ)",
		      (unsigned long long)offset);
	return true;
}

static bool write_reg(struct gic *g, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
	unsigned shift;
	uint64_t *route;
	bool ok = true;

	if (gic_irqregs_write(g, GIC_DIST_FRAME, offset, size, value, &ok))
		return ok;
	if (is_raz_wi(offset))
		return size == 4 || (size == 1 && bytes_ok(offset));
	if (size != 4)
		return false;
	switch (offset) {
	case GICD_CTLR:
		g->enable_grp[0] = (value & CTLR_ENABLE_GRP0) != 0;
		g->enable_grp[1] = (value & CTLR_ENABLE_GRP1) != 0;
		gic_update(g);
		return true;
	case GICD_TYPER:
	case GICD_IIDR:
		return true;    /* read-only: writes ignored */
	}
	if (is_irouter(offset)) {
		route = irouter_of(g, offset, &shift);
		if (route) {
			*route = (*route & ~(0xffffffffull << shift)) |
				 ((value << shift) & (IROUTER_WRITABLE & 0xffffffffull << shift));
			gic_update(g);
		}
		return true;
	}
	gic_note_once(g, g->noted_dist, (unsigned)(offset / 4), cpu,
		      "write of reserved distributor offset 0x%llx (ignored)",
		      (unsigned long long)offset);
	return true;
}

static uint64_t dist_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size)
{
	struct gic *g = opaque;
	uint64_t value;

	if (!read_reg(g, cpu, offset, size, &value)) {
		gic_bad_access(g, g->noted_dist, offset, cpu, PLAT_GICD_BASE + offset, size, false);
		return 0;
	}
	return value;
}

static void dist_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
	struct gic *g = opaque;

	if (!write_reg(g, cpu, offset, size, value))
		gic_bad_access(g, g->noted_dist, offset, cpu, PLAT_GICD_BASE + offset, size, true);
}

static const struct mmio_ops dist_ops = {
	.read = dist_read,
	.write = dist_write,
};

int gic_dist_attach(struct gic *g)
{
	const struct mmio_window w = {
		.name = "GICv3 distributor", .base = PLAT_GICD_BASE, .size = GIC_DIST_SIZE,
		.ops = &dist_ops, .opaque = g,
	};

	return machine_add_window(g->m, &w);
}
