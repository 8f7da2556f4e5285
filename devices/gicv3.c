/*
 * gicv3.c - the GICv3 as a device of the SoC (see gicv3.h): creation and
 * reset, the interrupt inputs (the machine's interrupt router), the life of
 * an interrupt (pending, active, inactive) and its trace, and the lines the
 * GIC drives into each core.
 *
 * Not here: register frames and system registers (the other gicv3_*.c).
 * ARM IHI 0069 sections are cited by name (their numbers change between
 * issues), registers by their own name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "gicv3.h"

/* ------------------------------------------------- interrupt state */

struct gic_irq *gic_irq_at(struct gic *g, unsigned cpu, unsigned intid)
{
	if (intid < GIC_NR_PRIVATE)
		return cpu < g->ncpus ? &g->cpu[cpu].irq[intid] : NULL;
	if (intid < GIC_NR_INTIDS)
		return &g->spi[intid - GIC_NR_PRIVATE];
	return NULL;
}

/* The core an interrupt's life is traced for: cpu, or an SPI's target (0: none). */
static unsigned trace_cpu(const struct gic *g, unsigned cpu, unsigned intid)
{
	int target;

	if (intid < GIC_NR_PRIVATE)
		return cpu;
	target = gic_spi_target(g, intid - GIC_NR_PRIVATE);
	return target < 0 ? 0 : (unsigned)target;
}

/* Every change of pending state passes here: it is traced when it begins. */
static void pending_may_begin(struct gic *g, unsigned cpu, unsigned intid, bool was)
{
	if (!was && gic_irq_pending(gic_irq_at(g, cpu, intid)))
		machine_trace_irq(g->m, intid, trace_cpu(g, cpu, intid), IRQ_RAISED);
}

void gic_set_latch(struct gic *g, unsigned cpu, unsigned intid, bool latch)
{
	struct gic_irq *irq = gic_irq_at(g, cpu, intid);
	bool was = gic_irq_pending(irq);

	irq->latch = latch;
	pending_may_begin(g, cpu, intid, was);
}

/*
 * "Edge-triggered and level-sensitive interrupts": an edge-triggered
 * interrupt becomes pending on a rising edge and stays so until
 * acknowledged; a level-sensitive one is pending while its input is high.
 */
void gic_set_level(struct gic *g, unsigned cpu, unsigned intid, bool level)
{
	struct gic_irq *irq = gic_irq_at(g, cpu, intid);
	bool was = gic_irq_pending(irq);

	if (irq->edge && level && !irq->level)
		irq->latch = true;
	irq->level = level;
	pending_may_begin(g, cpu, intid, was);
}

/*
 * Acknowledging makes an interrupt active; the pending state a latch held
 * is consumed, while a level-sensitive input that is still high keeps it
 * pending (active and pending: "Interrupt lifecycle").
 */
void gic_activate(struct gic *g, unsigned cpu, unsigned intid)
{
	struct gic_irq *irq = gic_irq_at(g, cpu, intid);

	irq->active = true;
	irq->latch = false;
	machine_trace_irq(g->m, intid, trace_cpu(g, cpu, intid), IRQ_ACKNOWLEDGED);
}

void gic_deactivate(struct gic *g, unsigned cpu, unsigned intid)
{
	struct gic_irq *irq = gic_irq_at(g, cpu, intid);

	if (!irq || !irq->active)
		return;
	irq->active = false;
	machine_trace_irq(g->m, intid, trace_cpu(g, cpu, intid), IRQ_COMPLETED);
}

/* ------------------------------------------------------ the outputs */

#define GIC_LINES (CORE_LINE_IRQ | CORE_LINE_FIQ | CORE_LINE_VIRQ | CORE_LINE_VFIQ)

/* The virtual CPU interface signals on the core's vIRQ/vFIQ lines. */
static unsigned virtual_lines(unsigned physical)
{
	return (physical & CORE_LINE_IRQ ? CORE_LINE_VIRQ : 0) |
	       (physical & CORE_LINE_FIQ ? CORE_LINE_VFIQ : 0);
}

void gic_update(struct gic *g)
{
	/* The maintenance interrupts first: they are PPIs the cores may be signalled. */
	for (unsigned cpu = 0; cpu < g->ncpus; cpu++)
		gic_virt_maintenance(g, cpu);
	for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
		struct core *c = &g->m->core[cpu];
		unsigned lines = gic_cpuif_signal(g, &gic_physical_source, cpu) |
				 virtual_lines(gic_cpuif_signal(g, &gic_virtual_source, cpu));

		lines |= c->lines & ~GIC_LINES;
		/* core_set_lines makes the core stop to look: only on a change. */
		if (lines != c->lines)
			core_set_lines(c, lines);
	}
}

/* ------------------------------------------------- guests' mistakes */

void gic_note_once(struct gic *g, uint8_t *map, unsigned key, unsigned cpu,
		   const char *fmt, ...)
{
	char what[128];
	va_list ap;

	if (map[key / 8] & (1u << (key % 8)))
		return;
	map[key / 8] |= (uint8_t)(1u << (key % 8));
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	machine_device_note(g->m, cpu, GIC_NAME, "%s", what);
}

/*
 * "GIC memory-mapped register access": only 32-bit accesses (and byte
 * accesses to the registers that say so) are supported; any other is
 * CONSTRAINED UNPREDICTABLE, and the simulator refuses it with an External
 * abort, which a guest can see.
 */
void gic_bad_access(struct gic *g, uint8_t *map, uint64_t offset, unsigned cpu, uint64_t pa,
		    unsigned size, bool write)
{
	gic_note_once(g, map, (unsigned)(offset / 4), cpu,
		      "%u-byte %s at 0x%llx, which the register does not support",
		      size, write ? "write" : "read", (unsigned long long)pa);
	core_external_abort(&g->m->core[cpu], pa);
}

/* --------------------------------------------------------- the inputs */

/*
 * The machine's interrupt router: devices drive SPIs, and PPIs of one core
 * (cpu). SGIs are not wires: they come from ICC_SGI*R writes.
 */
static void input(void *opaque, unsigned cpu, unsigned intid, bool level)
{
	struct gic *g = opaque;

	if (intid < GIC_NR_SGIS || !gic_irq_at(g, cpu, intid)) {
		gic_note_once(g, g->noted_input, intid <= GIC_SPURIOUS ? intid : GIC_SPURIOUS,
			      cpu < g->ncpus ? cpu : 0,
			      "a device drove INTID %u of core %u, which is not an input",
			      intid, cpu);
		return;
	}
	gic_set_level(g, cpu, intid, level);
	gic_update(g);
}

/* ------------------------------------------------------------ device */

/*
 * Reset values (each register's description): everything disabled, group
 * 0, priority 0, inactive, level-sensitive; SGIs are edge-triggered.
 * Redistributors asleep (GICR_WAKER.ProcessorSleep = 1). Values the
 * specification leaves UNKNOWN are QEMU's, so that runs are deterministic.
 * Input lines are wires: they stay as the devices drive them.
 */
static void reset_state(struct gic *g)
{
	g->enable_grp[0] = g->enable_grp[1] = false;
	for (unsigned i = 0; i < PLAT_NR_SPIS; i++) {
		g->spi[i] = (struct gic_irq){ .level = g->spi[i].level };
		g->irouter[i] = 0;
	}
	for (unsigned cpu = 0; cpu < g->ncpus; cpu++) {
		struct gic_redist *r = &g->cpu[cpu];

		for (unsigned i = 0; i < GIC_NR_PRIVATE; i++)
			r->irq[i] = (struct gic_irq){ .level = r->irq[i].level,
						      .edge = i < GIC_NR_SGIS };
		r->sleep = true;
		gic_cpuif_reset(&r->cpuif);
		r->sre_el2_enable = true;
		gic_virt_reset(&r->virt);
	}
}

static void reset(void *state)
{
	reset_state(state);
	gic_update(state);
}

static void *create(struct machine *m, const char **error)
{
	struct gic *g = calloc(1, sizeof(*g));

	if (!g) {
		*error = "out of memory";
		return NULL;
	}
	g->m = m;
	g->ncpus = m->ncores;
	reset_state(g);
	if (gic_dist_attach(g) || gic_redist_attach(g)) {
		*error = "cannot claim the distributor's and redistributors' windows";
		free(g);
		return NULL;
	}
	if (gic_cpuif_attach(g) || gic_virt_attach(g)) {
		*error = "cannot register the CPU interface's system registers";
		free(g);
		return NULL;
	}
	m->irq = input;
	m->irq_opaque = g;
	return g;
}

static void describe(const void *state, struct device_info *info)
{
	const struct gic *g = state;

	*info = (struct device_info){
		.node = "interrupt-controller",
		.compatible = "arm,gic-v3",
		.interrupt_controller = true,
		.nregions = 2,
		.region = {
			{ PLAT_GICD_BASE, GIC_DIST_SIZE },
			{ PLAT_GICR_BASE, GIC_REDIST_STRIDE * g->ncpus },
		},
		.nintids = 1,
		.intid = { PLAT_INTID_GIC_MAINT },
	};
}

const struct device_type gicv3_device = {
	.name = GIC_NAME,
	.summary = "Arm GICv3: distributor, redistributors, CPU interface and its virtualization",
	.create = create,
	.destroy = free,
	.reset = reset,
	.describe = describe,
};
