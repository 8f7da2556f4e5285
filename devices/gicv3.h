/*
 * gicv3.h - the SoC's interrupt controller: an Arm GICv3 (ARM IHI 0069,
 * "GIC architecture version 3 and version 4"), shared by its parts.
 *
 * The GIC is split by concern, one file each:
 *   gicv3.c         the device: creation, reset, the interrupt inputs, the
 *                   state of an interrupt (pending, active), tracing, and
 *                   driving the cores' IRQ/FIQ/vIRQ/vFIQ lines
 *   gicv3_regs.c    the per-interrupt register blocks that the distributor
 *                   and the redistributors share (IGROUPR ... ICFGR)
 *   gicv3_dist.c    the distributor's frame and SPI routing (IROUTER)
 *   gicv3_redist.c  the redistributors' frames (RD_base, SGI_base)
 *   gicv3_cpuif.c   the CPU interface (ICC_* system registers): priority,
 *                   acknowledge, end of interrupt, SGI generation; the same
 *                   code serves the virtual CPU interface (ICV_*)
 *   gicv3_virt.c    the virtualization control (ICH_* registers): list
 *                   registers, the virtual interrupt source, maintenance
 *
 * What is modelled: one Security state (GICD_CTLR.DS = 1, as QEMU's virt
 * board without EL3), affinity routing always on (no legacy GICv2 mode),
 * SGIs, PPIs and PLAT_NR_SPIS SPIs, 5 bits of priority (32 levels), system
 * register access only (ICC_SRE_ELx.SRE = 1), 4 list registers. Not
 * modelled: LPIs, the ITS, message-based SPIs, GICv4 direct injection, the
 * memory-mapped CPU interface (GICC/GICV/GICH). docs/gic.md has the detail.
 *
 * This header is for the GIC's own files and its unit test; other devices
 * raise interrupts with machine_set_irq() and need none of it.
 */
#ifndef PHONESIM_GICV3_H
#define PHONESIM_GICV3_H

#include <stdbool.h>
#include <stdint.h>

#include "device.h"
#include "machine.h"
#include "platform.h"

#define GIC_NAME                "gicv3"
#define GIC_MAX_CPUS            MACHINE_MAX_CORES
#define GIC_NR_PRIVATE          32      /* SGIs 0-15, PPIs 16-31 */
#define GIC_NR_SGIS             16
#define GIC_NR_INTIDS           (GIC_NR_PRIVATE + PLAT_NR_SPIS)
#define GIC_SPURIOUS            1023u
#define GIC_FIRST_SPECIAL       1020u   /* 1020-1023: "Special INTIDs" */
#define GIC_DIST_SIZE           0x10000ull
#define GIC_REDIST_STRIDE       0x20000ull      /* RD_base + SGI_base frames */
#define GIC_SGI_FRAME           0x10000ull

/*
 * Priority: 5 bits implemented (the upper bits of the 8-bit field), so
 * 32 levels, all of which can preempt: one 32-bit active priorities
 * register per group (ICC_AP0R0/AP1R0; AP*R1-3 do not exist).
 */
#define GIC_PRIO_BITS           5
#define GIC_PRIO_MASK           0xf8u
#define GIC_PRIO_SHIFT          (8 - GIC_PRIO_BITS)
#define GIC_PRIO_IDLE           0xffu   /* running priority with nothing active */
#define GIC_MIN_BPR0            (7 - GIC_PRIO_BITS)     /* 2: all 5 bits preempt */
#define GIC_MIN_BPR1            (GIC_MIN_BPR0 + 1)

#define GIC_NR_LRS              4

/* The IIDR of the distributor and redistributors: Arm's JEP106 code, no
 * particular product (so no driver applies a product's errata). */
#define GIC_IIDR                0x0000043bu
/* GICD_PIDR2/GICR_PIDR2: ArchRev 3 (bits 7:4), JEDEC designer bits 0b011. */
#define GIC_PIDR2               0x3bu
#define GIC_PIDR2_OFFSET        0xffe8u
#define GIC_ID_REGS             0xffd0u         /* PIDR4 .. CIDR3 */

/* The state of one SGI, PPI or SPI. */
struct gic_irq {
	uint8_t priority;       /* upper GIC_PRIO_BITS bits */
	bool group1;            /* IGROUPR: group 1 (IRQ) or group 0 (FIQ) */
	bool enabled;
	bool edge;              /* ICFGR: edge-triggered, else level-sensitive */
	bool latch;             /* pending state held by an edge, a write or an SGI */
	bool level;             /* the input line, as last driven */
	bool active;
};

/*
 * One CPU interface's priority state: the physical one (ICC_*), or the
 * virtual one (ICV_*, kept in ICH_VMCR_EL2 and ICH_AP*R0_EL2).
 */
struct gic_cpuif {
	uint8_t pmr;
	uint8_t bpr[2];         /* ICC_BPR0, ICC_BPR1 */
	bool cbpr;              /* ICC_CTLR_EL1.CBPR: BPR0 for both groups */
	bool eoimode;           /* ICC_CTLR_EL1.EOImode: EOIR only drops priority */
	bool enable[2];         /* ICC_IGRPEN0, ICC_IGRPEN1 */
	uint32_t apr[2];        /* ICC_AP0R0, ICC_AP1R0: bit n = group priority n << 3 */
};

/* The virtualization control of one core (ICH_*_EL2). */
struct gic_virt {
	uint64_t hcr;                   /* ICH_HCR_EL2 */
	uint64_t lr[GIC_NR_LRS];        /* ICH_LR<n>_EL2 */
	struct gic_cpuif vcpuif;        /* ICH_VMCR_EL2 and ICH_AP0R0/AP1R0_EL2 */
};

/* A redistributor, with the CPU interface of the same core. */
struct gic_redist {
	struct gic_irq irq[GIC_NR_PRIVATE];
	bool sleep;                     /* GICR_WAKER.ProcessorSleep */
	struct gic_cpuif cpuif;
	bool sre_el2_enable;            /* ICC_SRE_EL2.Enable */
	struct gic_virt virt;
};

/* What a system register handler's opaque points to. */
struct gic_sysreg_binding {
	struct gic *g;
	const struct gic_sysreg_def *def;
};

#define GIC_MAX_SYSREGS         40

struct gic {
	struct machine *m;
	unsigned ncpus;
	bool enable_grp[2];             /* GICD_CTLR.EnableGrp0/1 */
	struct gic_irq spi[PLAT_NR_SPIS];
	uint64_t irouter[PLAT_NR_SPIS];
	struct gic_redist cpu[GIC_MAX_CPUS];

	unsigned nsysregs;
	struct gic_sysreg_binding sysreg[GIC_MAX_SYSREGS];

	/* What a guest has misused, so that each is reported once. */
	uint8_t noted_dist[GIC_DIST_SIZE / 4 / 8];
	uint8_t noted_redist[GIC_REDIST_STRIDE / 4 / 8];
	uint8_t noted_sysreg[(GIC_MAX_SYSREGS + 7) / 8];
	uint8_t noted_input[(GIC_SPURIOUS + 1) / 8];
};

extern const struct device_type gicv3_device;

/* ------------------------------------------------------------ gicv3.c */

/* The interrupt intid of core cpu (SGI, PPI) or of the distributor (SPI), or NULL. */
struct gic_irq *gic_irq_at(struct gic *g, unsigned cpu, unsigned intid);

/* Pending: held by the latch, or a level-sensitive input that is high. */
static inline bool gic_irq_pending(const struct gic_irq *irq)
{
	return irq->latch || (!irq->edge && irq->level);
}

/* Changes of an interrupt's state, traced as its life (machine_trace_irq). */
void gic_set_latch(struct gic *g, unsigned cpu, unsigned intid, bool latch);
void gic_set_level(struct gic *g, unsigned cpu, unsigned intid, bool level);
void gic_activate(struct gic *g, unsigned cpu, unsigned intid);
void gic_deactivate(struct gic *g, unsigned cpu, unsigned intid);

/*
 * Recomputes what every core is signalled (IRQ, FIQ, virtual IRQ and FIQ,
 * the maintenance interrupt) after a change of state.
 */
void gic_update(struct gic *g);

/* Reports a guest's misuse once per key of map (machine_device_note). */
void gic_note_once(struct gic *g, uint8_t *map, unsigned key, unsigned cpu,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * A frame refused an access of a size its register does not support (the
 * register at offset of the frame; pa for the report): an External abort.
 */
void gic_bad_access(struct gic *g, uint8_t *map, uint64_t offset, unsigned cpu, uint64_t pa,
		    unsigned size, bool write);

/* ------------------------------------------------------- gicv3_regs.c */

/*
 * The registers that hold one field per interrupt, at the same offsets in
 * the distributor and in a redistributor's SGI_base frame (IGROUPR,
 * ISENABLER .. ICACTIVER, IPRIORITYR, ICFGR, IGRPMODR). cpu names the
 * redistributor (INTIDs 0-31) or is GIC_DIST_FRAME (INTIDs 32 and up).
 * Returns false when offset is not one of them; *ok is false when the
 * access size is one the register does not accept.
 */
#define GIC_DIST_FRAME          (~0u)

bool gic_irqregs_read(struct gic *g, unsigned cpu, uint64_t offset, unsigned size,
		      uint64_t *value, bool *ok);
bool gic_irqregs_write(struct gic *g, unsigned cpu, uint64_t offset, unsigned size,
		       uint64_t value, bool *ok);

/* ------------------------------------------------------- gicv3_dist.c */

int gic_dist_attach(struct gic *g);

/* The core SPI spi (0-based) is routed to, or -1 (none can take it). */
int gic_spi_target(const struct gic *g, unsigned spi);

/* ----------------------------------------------------- gicv3_redist.c */

int gic_redist_attach(struct gic *g);

/* ------------------------------------------------------ gicv3_cpuif.c */

/* The highest priority pending interrupt a CPU interface sees. */
struct gic_pending {
	unsigned intid;         /* GIC_SPURIOUS: none */
	unsigned group;
	uint8_t priority;
	int lr;                 /* virtual: the list register holding it */
};

/*
 * Where a CPU interface's interrupts come from and go back to: the
 * redistributor and distributor (physical), or the list registers
 * (virtual). The CPU interface logic is the same for both: the ICV_*
 * registers are defined as the ICC_* ones, over the list registers.
 */
struct gic_source {
	struct gic_cpuif *(*cpuif)(struct gic *g, unsigned cpu);
	struct gic_pending (*highest)(struct gic *g, unsigned cpu);
	void (*acknowledge)(struct gic *g, unsigned cpu, const struct gic_pending *p);
	void (*deactivate)(struct gic *g, unsigned cpu, unsigned intid);
};

/* The redistributor and distributor, as a CPU interface's source. */
extern const struct gic_source gic_physical_source;

int gic_cpuif_attach(struct gic *g);
void gic_cpuif_reset(struct gic_cpuif *ifc);

/* The line (CORE_LINE_IRQ or CORE_LINE_FIQ, or 0) the source signals now. */
unsigned gic_cpuif_signal(struct gic *g, const struct gic_source *src, unsigned cpu);

/* Clamps a binary point write to the minimum (ICC_BPRn_EL1, "BinaryPoint"). */
uint8_t gic_bpr_clamp(unsigned group, uint64_t value);

/*
 * How an EL1 access to a CPU interface register is trapped to EL2 and
 * virtualized (the registers' access pseudocode; ICH_HCR_EL2).
 */
enum gic_sysreg_kind {
	GIC_KIND_G0,            /* group 0: TALL0 traps; ICV_* when HCR_EL2.FMO */
	GIC_KIND_G1,            /* group 1: TALL1 traps; ICV_* when HCR_EL2.IMO */
	GIC_KIND_COMMON,        /* TC traps; ICV_* when IMO or FMO */
	GIC_KIND_DIR,           /* TC or TDIR trap; ICV_DIR_EL1 when IMO or FMO */
	GIC_KIND_SGI,           /* TC, IMO or FMO trap (no virtual SGIs) */
	GIC_KIND_SRE,           /* ICC_SRE_EL1: trapped unless ICC_SRE_EL2.Enable */
	GIC_KIND_EL2,           /* ICC_SRE_EL2, ICH_*: EL2 only, never trapped */
};

/* A system register of the GIC. */
struct gic_sysreg_def {
	uint32_t enc;
	uint8_t min_el;
	uint8_t reg;            /* enum of the file that implements it */
	enum gic_sysreg_kind kind;
	const char *name;
};

/* Registers the handlers for defs (gicv3_cpuif.c and gicv3_virt.c). */
int gic_register_sysregs(struct gic *g, const struct gic_sysreg_def *defs, unsigned n,
			 bool (*read)(void *, unsigned, unsigned, uint64_t *),
			 bool (*write)(void *, unsigned, unsigned, uint64_t));

/* ------------------------------------------------------- gicv3_virt.c */

extern const struct gic_source gic_virtual_source;

int gic_virt_attach(struct gic *g);
void gic_virt_reset(struct gic_virt *v);

/* Drives the core's maintenance interrupt (PPI 25) from ICH_MISR_EL2. */
void gic_virt_maintenance(struct gic *g, unsigned cpu);

/* EL1 accesses to the CPU interface that ICH_HCR_EL2 traps to EL2. */
#define GIC_TRAP_G0     (1u << 0)       /* TALL0 */
#define GIC_TRAP_G1     (1u << 1)       /* TALL1 */
#define GIC_TRAP_COMMON (1u << 2)       /* TC */
#define GIC_TRAP_DIR    (1u << 3)       /* TDIR */
bool gic_virt_traps(const struct gic *g, unsigned cpu, unsigned which);

#endif
