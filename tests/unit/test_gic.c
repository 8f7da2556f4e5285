/*
 * test_gic.c - unit tests for the GICv3 (devices/gicv3*.c).
 *
 * Most tests drive the GIC as the cores would, but from the host: the
 * distributor's and redistributors' MMIO callbacks, the system register
 * handlers the GIC installs (called with the core and EL an access comes
 * from), and the machine's interrupt router (machine_set_irq). They observe
 * the registers, the lines the GIC drives into each core (struct
 * core.lines) and the machine's interrupt counters (machine_trace_irq).
 * Two tests run small programs (tests/unit/progs/gic-*.S) to check what
 * only real execution shows: when the timer's interrupt is taken, and
 * nested interrupts in real handlers.
 *
 * Expected values come from ARM IHI 0069 (GICv3/v4): register layouts
 * from the register descriptions, behaviour from "Physical Interrupt
 * Handling and Prioritization" and "Virtual Interrupt Handling and
 * Prioritization", cited by name per test. The encodings of the
 * system registers are written out here from the specification rather than
 * taken from the implementation.
 */
#include "core.h"
#include "gicv3.h"
#include "machine.h"
#include "machine_fixture.h"
#include "platform.h"
#include "progs/report.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* ---------------------------------------------------- the registers */

#define ICC(crn, crm, op2)      SYSREG_ENC(3, 0, crn, crm, op2)
#define ICC_PMR         ICC(4, 6, 0)
#define ICC_IAR0        ICC(12, 8, 0)
#define ICC_EOIR0       ICC(12, 8, 1)
#define ICC_HPPIR0      ICC(12, 8, 2)
#define ICC_BPR0        ICC(12, 8, 3)
#define ICC_AP0R0       ICC(12, 8, 4)
#define ICC_AP0R1       ICC(12, 8, 5)
#define ICC_AP1R0       ICC(12, 9, 0)
#define ICC_DIR         ICC(12, 11, 1)
#define ICC_RPR         ICC(12, 11, 3)
#define ICC_SGI1R       ICC(12, 11, 5)
#define ICC_ASGI1R      ICC(12, 11, 6)
#define ICC_SGI0R       ICC(12, 11, 7)
#define ICC_IAR1        ICC(12, 12, 0)
#define ICC_EOIR1       ICC(12, 12, 1)
#define ICC_HPPIR1      ICC(12, 12, 2)
#define ICC_BPR1        ICC(12, 12, 3)
#define ICC_CTLR        ICC(12, 12, 4)
#define ICC_SRE         ICC(12, 12, 5)
#define ICC_IGRPEN0     ICC(12, 12, 6)
#define ICC_IGRPEN1     ICC(12, 12, 7)
#define ICC_SRE_EL2     SYSREG_ENC(3, 4, 12, 9, 5)
#define ICH(crm, op2)   SYSREG_ENC(3, 4, 12, crm, op2)
#define ICH_AP0R0       ICH(8, 0)
#define ICH_AP1R0       ICH(9, 0)
#define ICH_HCR         ICH(11, 0)
#define ICH_VTR         ICH(11, 1)
#define ICH_MISR        ICH(11, 2)
#define ICH_EISR        ICH(11, 3)
#define ICH_ELRSR       ICH(11, 5)
#define ICH_VMCR        ICH(11, 7)
#define ICH_LR(n)       ICH(12, n)
#define ICH_LR4         ICH(12, 4)

/* Distributor and redistributor offsets. */
#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IIDR       0x0008
#define GICD_TYPER2     0x000c
#define IGROUPR(n)      (0x0080 + 4 * (n))
#define ISENABLER(n)    (0x0100 + 4 * (n))
#define ICENABLER(n)    (0x0180 + 4 * (n))
#define ISPENDR(n)      (0x0200 + 4 * (n))
#define ICPENDR(n)      (0x0280 + 4 * (n))
#define ISACTIVER(n)    (0x0300 + 4 * (n))
#define ICACTIVER(n)    (0x0380 + 4 * (n))
#define IPRIORITYR(id)  (0x0400 + (id))
#define ICFGR(n)        (0x0c00 + 4 * (n))
#define IGRPMODR(n)     (0x0d00 + 4 * (n))
#define NSACR           0x0e00
#define IROUTER(id)     (0x6000 + 8 * (id))
#define PIDR2           0xffe8
#define GICR_CTLR       0x0000
#define GICR_IIDR       0x0004
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014

/* Field values. */
#define CTLR_ARE_DS     0x50u           /* GICD_CTLR.ARE (4), DS (6): RAO/WI */
#define IIDR_ARM        0x43bu
#define WAKER_ASLEEP    0x6u            /* ProcessorSleep, ChildrenAsleep */
#define IROUTER_IRM     (1u << 31)
#define SGIR_IRM        (1ull << 40)
#define SGIR(intid, targets)    ((uint64_t)(intid) << 24 | (targets))
#define HCR_EN          1u
#define HCR_UIE         (1u << 1)
#define HCR_LRENPIE     (1u << 2)
#define HCR_NPIE        (1u << 3)
#define HCR_VGRP1EIE    (1u << 6)
#define HCR_VGRP1DIE    (1u << 7)
#define HCR_TC          (1u << 10)
#define HCR_TALL0       (1u << 11)
#define HCR_TALL1       (1u << 12)
#define HCR_TDIR        (1u << 14)
#define EOICOUNT(n)     ((uint64_t)(n) << 27)
#define VMCR_VENG0      1u
#define VMCR_VENG1      2u
#define VMCR_VFIQEN     8u
#define VMCR_VEOIM      (1u << 9)
#define VMCR_VPMR(p)    ((uint64_t)(p) << 24)
#define MISR_EOI        1u
#define MISR_U          2u
#define MISR_LRENP      4u
#define MISR_NP         8u
#define MISR_VGRP1E     0x40u
#define MISR_VGRP1D     0x80u
#define LR_PENDING      (1ull << 62)
#define LR_ACTIVE       (2ull << 62)
#define LR_HW           (1ull << 61)
#define LR_G1           (1ull << 60)
#define LR_PRIO(p)      ((uint64_t)(p) << 48)
#define LR_PINTID(id)   ((uint64_t)(id) << 32)
#define LR_EOI          (1ull << 41)
#define SPURIOUS        1023u

/* ------------------------------------------------------- the machine */

/* A machine with ncores cores (off), EL2 present unless start_el is 1. */
static void make(unsigned ncores, unsigned start_el)
{
	struct machine_config cfg = fixture_config(start_el, NULL);

	cfg.ncores = ncores;
	fixture_init(&cfg);
	ck_assert_ptr_nonnull(machine_device(m, &gicv3_device));
}

/* A one-core machine without EL2 running UNIT_PROGS_DIR/name.elf at EL1. */
static struct core *boot_el1(const char *name)
{
	struct machine_config cfg = fixture_config(1, NULL);

	cfg.cmdline = name;
	return fixture_boot(&cfg, name, 0);
}

static unsigned lines(unsigned cpu)
{
	return m->core[cpu].lines;
}

/* --------------------------------------------------- MMIO, sysregs */

#define D(off)          (PLAT_GICD_BASE + (off))
#define RD(cpu, off)    (PLAT_GICR_BASE + (cpu) * 0x20000ull + (off))
#define SGI(cpu, off)   RD(cpu, 0x10000 + (off))

/* An access at pa (in a GIC frame) of size bytes, as core 0 makes it. */
static uint32_t mr(uint64_t pa, unsigned size)
{
	return (uint32_t)dev_read(pa, 0, size);
}

static void mw(uint64_t pa, unsigned size, uint32_t v)
{
	dev_write(pa, 0, size, v);
}

static const struct sysreg_handler *handler(uint32_t enc)
{
	const struct sysreg_handler *h = sysreg_find_handler(&m->sysreg_handlers, enc);

	ck_assert_msg(h != NULL, "no handler for encoding 0x%x", enc);
	return h;
}

/* Where an access from el traps (1, 2), or -1. */
static int trap_of(unsigned cpu, unsigned el, uint32_t enc)
{
	const struct sysreg_handler *h = handler(enc);

	return h->trap ? h->trap(h->opaque, cpu, el, true) : -1;
}

/* An MRS from core cpu at el, which must be neither UNDEFINED nor trapped. */
static uint64_t rd(unsigned cpu, unsigned el, uint32_t enc)
{
	const struct sysreg_handler *h = handler(enc);
	uint64_t v = 0;

	ck_assert_uint_ge(el, h->min_el);
	ck_assert_int_lt(trap_of(cpu, el, enc), 0);
	ck_assert_msg(h->read && h->read(h->opaque, cpu, el, &v), "MRS 0x%x UNDEFINED", enc);
	return v;
}

static void wr(unsigned cpu, unsigned el, uint32_t enc, uint64_t v)
{
	const struct sysreg_handler *h = handler(enc);

	ck_assert_uint_ge(el, h->min_el);
	ck_assert_int_lt(trap_of(cpu, el, enc), 0);
	ck_assert_msg(h->write && h->write(h->opaque, cpu, el, v), "MSR 0x%x UNDEFINED", enc);
}

/* The read or write is UNDEFINED (the handler refuses it). */
static bool undefined(unsigned cpu, unsigned el, uint32_t enc, bool read)
{
	const struct sysreg_handler *h = handler(enc);
	uint64_t v = 0;

	return read ? !h->read(h->opaque, cpu, el, &v) : !h->write(h->opaque, cpu, el, 0);
}

static void set_bit(uint64_t pa, unsigned bit)
{
	mw(pa, 4, mr(pa, 4) | 1u << bit);
}

/* ------------------------------------------------------------ set-up */

/* Both groups on in the distributor; core cpu awake, PMR open, groups enabled. */
static void enable(unsigned cpu)
{
	mw(D(GICD_CTLR), 4, 3);
	mw(RD(cpu, GICR_WAKER), 4, 0);
	wr(cpu, 2, ICC_PMR, 0xff);
	wr(cpu, 2, ICC_IGRPEN0, 1);
	wr(cpu, 2, ICC_IGRPEN1, 1);
}

/* SPI intid: group, priority, edge or level, enabled, routed to core cpu. */
static void spi(unsigned intid, bool group1, uint8_t prio, bool edge, unsigned cpu)
{
	if (group1)
		set_bit(D(IGROUPR(intid / 32)), intid % 32);
	mw(D(IPRIORITYR(intid)), 1, prio);
	if (edge)
		set_bit(D(ICFGR(intid / 16)), 2 * (intid % 16) + 1);
	mw(D(IROUTER(intid)), 4, cpu);
	mw(D(IROUTER(intid) + 4), 4, 0);
	mw(D(ISENABLER(intid / 32)), 4, 1u << (intid % 32));
}

/* SGI or PPI intid of core cpu: group, priority, enabled. */
static void private_irq(unsigned cpu, unsigned intid, bool group1, uint8_t prio)
{
	if (group1)
		set_bit(SGI(cpu, IGROUPR(0)), intid);
	mw(SGI(cpu, IPRIORITYR(intid)), 1, prio);
	mw(SGI(cpu, ISENABLER(0)), 4, 1u << intid);
}

static void pulse(unsigned cpu, unsigned intid)
{
	machine_set_irq(m, cpu, intid, true);
	machine_set_irq(m, cpu, intid, false);
}

static bool spi_bit(unsigned reg_base, unsigned intid)
{
	return mr(D(reg_base + 4 * (intid / 32)), 4) >> (intid % 32) & 1;
}

/* ------------------------------------------------------ distributor */

/*
 * GICD_TYPER for 2 cores and 64 SPIs: ITLinesNumber = 96 / 32 - 1 = 2,
 * CPUNumber = 1, SecurityExtn = 0, no LPIs or MBIS, IDbits = 15 (16-bit
 * INTIDs), A3V = 1, No1N = 0. GICD_CTLR resets to ARE | DS (both RAO/WI).
 */
START_TEST(test_distributor_identity)
{
	make(2, 2);
	ck_assert_uint_eq(mr(D(GICD_TYPER), 4), 0x01780022);
	ck_assert_uint_eq(mr(D(GICD_IIDR), 4), IIDR_ARM);
	ck_assert_uint_eq(mr(D(GICD_TYPER2), 4), 0);
	ck_assert_uint_eq(mr(D(PIDR2), 4), 0x3b);
	ck_assert_uint_eq(mr(D(PIDR2), 4) >> 4 & 0xf, 3);      /* ArchRev: GICv3 */
	ck_assert_uint_eq(mr(D(GICD_CTLR), 4), CTLR_ARE_DS);
	mw(D(GICD_CTLR), 4, 3);
	ck_assert_uint_eq(mr(D(GICD_CTLR), 4), CTLR_ARE_DS | 3);
	mw(D(GICD_CTLR), 4, 0);
	ck_assert_uint_eq(mr(D(GICD_CTLR), 4), CTLR_ARE_DS);
	mw(D(GICD_TYPER), 4, 0);
	ck_assert_uint_eq(mr(D(GICD_TYPER), 4), 0x01780022);
}
END_TEST

/*
 * Set-enable/clear-enable act on the ones written; pending and active
 * likewise. INTIDs 0-31 in the distributor are RAZ/WI with affinity
 * routing, as are INTIDs beyond ITLinesNumber.
 */
START_TEST(test_set_clear_registers)
{
	make(1, 2);
	mw(D(ISENABLER(1)), 4, 0xf0);
	ck_assert_uint_eq(mr(D(ISENABLER(1)), 4), 0xf0);
	ck_assert_uint_eq(mr(D(ICENABLER(1)), 4), 0xf0);
	mw(D(ICENABLER(1)), 4, 0x30);
	ck_assert_uint_eq(mr(D(ISENABLER(1)), 4), 0xc0);

	mw(D(ISENABLER(3)), 4, 0xffffffff);
	ck_assert_uint_eq(mr(D(ISENABLER(3)), 4), 0);
	mw(D(ISENABLER(0)), 4, 0xffffffff);
	ck_assert_uint_eq(mr(D(ISENABLER(0)), 4), 0);
	ck_assert_uint_eq(mr(SGI(0, ISENABLER(0)), 4), 0);

	mw(D(ISPENDR(2)), 4, 0x5);
	ck_assert_uint_eq(mr(D(ISPENDR(2)), 4), 0x5);
	ck_assert_uint_eq(m->stats.irqs_raised, 2);
	mw(D(ICPENDR(2)), 4, 0x1);
	ck_assert_uint_eq(mr(D(ICPENDR(2)), 4), 0x4);

	mw(D(ISACTIVER(1)), 4, 0x80000001);
	ck_assert_uint_eq(mr(D(ISACTIVER(1)), 4), 0x80000001);
	mw(D(ICACTIVER(1)), 4, 0x80000000);
	ck_assert_uint_eq(mr(D(ICACTIVER(1)), 4), 0x1);

	mw(D(IGROUPR(1)), 4, 0x12345678);
	ck_assert_uint_eq(mr(D(IGROUPR(1)), 4), 0x12345678);
	ck_assert_uint_eq(mr(D(IGROUPR(0)), 4), 0);
}
END_TEST

/* IPRIORITYR is byte-accessible; 5 priority bits: the low 3 are RAZ/WI. */
START_TEST(test_priority_bytes)
{
	make(1, 2);
	mw(D(IPRIORITYR(33)), 1, 0xff);
	ck_assert_uint_eq(mr(D(IPRIORITYR(33)), 1), 0xf8);
	ck_assert_uint_eq(mr(D(IPRIORITYR(32)), 4), 0xf800);
	mw(D(IPRIORITYR(36)), 4, 0x12345678);
	ck_assert_uint_eq(mr(D(IPRIORITYR(36)), 4), 0x10305078);
	ck_assert_uint_eq(mr(D(IPRIORITYR(39)), 1), 0x10);
	mw(SGI(0, IPRIORITYR(27)), 1, 0xa7);
	ck_assert_uint_eq(mr(SGI(0, IPRIORITYR(24)), 4), 0xa0000000);
	ck_assert_uint_eq(mr(D(IPRIORITYR(27)), 1), 0);
}
END_TEST

/*
 * GICD_IROUTER<n>: Aff3 (39:32), IRM (31), Aff2.Aff1.Aff0; the rest RES0.
 * Aff0 names the core (MPIDR_EL1); IRM = 1 routes to one participating
 * core; an affinity no core has routes nowhere.
 */
START_TEST(test_irouter)
{
	make(2, 2);
	ck_assert_uint_eq(mr(D(IROUTER(50)), 4), 0);
	mw(D(IROUTER(50)), 4, 0xffffffff);
	mw(D(IROUTER(50) + 4), 4, 0xffffffff);
	ck_assert_uint_eq(mr(D(IROUTER(50)), 4), 0x80ffffff);
	ck_assert_uint_eq(mr(D(IROUTER(50) + 4), 4), 0xff);
	mw(D(IROUTER(96)), 4, 1);
	ck_assert_uint_eq(mr(D(IROUTER(96)), 4), 0);

	enable(0);
	enable(1);
	spi(50, true, 0x80, true, 1);
	pulse(0, 50);
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(lines(1), CORE_LINE_IRQ);
	mw(D(IROUTER(50)), 4, 0x100);           /* Aff1 = 1: no such core */
	ck_assert_uint_eq(lines(1), 0);
	ck_assert_uint_eq(rd(1, 1, ICC_HPPIR1), SPURIOUS);
	mw(D(IROUTER(50)), 4, IROUTER_IRM);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	mw(RD(0, GICR_WAKER), 4, 2);            /* core 0 asleep: core 1 takes it */
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(lines(1), CORE_LINE_IRQ);
	ck_assert_uint_eq(rd(1, 1, ICC_IAR1), 50);
}
END_TEST

/*
 * ICFGR: SGIs are always edge-triggered (Int_config reads 0b10, WI); PPIs
 * and SPIs programmable, level at reset. With DS = 1, IGRPMODR and NSACR
 * are RAZ/WI.
 */
START_TEST(test_config_registers)
{
	make(1, 2);
	ck_assert_uint_eq(mr(SGI(0, ICFGR(0)), 4), 0xaaaaaaaa);
	mw(SGI(0, ICFGR(0)), 4, 0);
	ck_assert_uint_eq(mr(SGI(0, ICFGR(0)), 4), 0xaaaaaaaa);
	ck_assert_uint_eq(mr(SGI(0, ICFGR(1)), 4), 0);
	mw(SGI(0, ICFGR(1)), 4, 0xffffffff);
	ck_assert_uint_eq(mr(SGI(0, ICFGR(1)), 4), 0xaaaaaaaa);
	ck_assert_uint_eq(mr(D(ICFGR(2)), 4), 0);
	mw(D(ICFGR(2)), 4, 0xffffffff);
	ck_assert_uint_eq(mr(D(ICFGR(2)), 4), 0xaaaaaaaa);
	mw(D(IGRPMODR(1)), 4, 0xffffffff);
	ck_assert_uint_eq(mr(D(IGRPMODR(1)), 4), 0);
	mw(SGI(0, IGRPMODR(0)), 4, 0xffffffff);
	ck_assert_uint_eq(mr(SGI(0, IGRPMODR(0)), 4), 0);
	mw(SGI(0, NSACR), 4, 0xffffffff);
	ck_assert_uint_eq(mr(SGI(0, NSACR), 4), 0);
}
END_TEST

/* --------------------------------------------------- redistributors */

/*
 * GICR_TYPER: Affinity_Value (63:32) = MPIDR affinity (Aff0 = core),
 * Processor_Number (23:8) = core, Last (4) on the last one only; no LPIs.
 * GICR_WAKER resets asleep; ChildrenAsleep follows ProcessorSleep.
 */
START_TEST(test_redistributor_identity)
{
	make(3, 2);
	for (unsigned cpu = 0; cpu < 3; cpu++) {
		ck_assert_uint_eq(mr(RD(cpu, GICR_TYPER), 4), cpu << 8 | (cpu == 2 ? 0x10 : 0));
		ck_assert_uint_eq(mr(RD(cpu, GICR_TYPER + 4), 4), cpu);
		ck_assert_uint_eq(mr(RD(cpu, GICR_IIDR), 4), IIDR_ARM);
		ck_assert_uint_eq(mr(RD(cpu, PIDR2), 4), 0x3b);
		ck_assert_uint_eq(mr(RD(cpu, GICR_CTLR), 4), 0);
		ck_assert_uint_eq(mr(RD(cpu, GICR_WAKER), 4), WAKER_ASLEEP);
	}
	mw(RD(1, GICR_WAKER), 4, 0);
	ck_assert_uint_eq(mr(RD(1, GICR_WAKER), 4), 0);
	ck_assert_uint_eq(mr(RD(0, GICR_WAKER), 4), WAKER_ASLEEP);
	mw(RD(1, GICR_WAKER), 4, 2);
	ck_assert_uint_eq(mr(RD(1, GICR_WAKER), 4), WAKER_ASLEEP);
}
END_TEST

/* A redistributor asleep forwards nothing to its CPU interface. */
START_TEST(test_asleep_forwards_nothing)
{
	make(1, 2);
	enable(0);
	spi(50, true, 0x80, true, 0);
	mw(RD(0, GICR_WAKER), 4, 2);
	pulse(0, 50);
	ck_assert(spi_bit(ISPENDR(0), 50));
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
	mw(RD(0, GICR_WAKER), 4, 0);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
}
END_TEST

/* --------------------------------------------------- edge and level */

/*
 * Level-sensitive: pending while the input is high; acknowledged while
 * still high it is active and pending; deactivated, pending again; the
 * input going low ends the pending state. A software-set pending state
 * (ISPENDR) is consumed by the acknowledge.
 */
START_TEST(test_level_sensitive)
{
	make(1, 2);
	enable(0);
	spi(50, true, 0x80, false, 0);
	machine_set_irq(m, 0, 50, true);
	ck_assert(spi_bit(ISPENDR(0), 50));
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	ck_assert_uint_eq(m->stats.irqs_raised, 1);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 50);
	ck_assert(spi_bit(ISPENDR(0), 50) && spi_bit(ISACTIVER(0), 50));
	ck_assert_uint_eq(lines(0), 0);
	wr(0, 1, ICC_EOIR1, 50);
	ck_assert(!spi_bit(ISACTIVER(0), 50));
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	machine_set_irq(m, 0, 50, false);
	ck_assert(!spi_bit(ISPENDR(0), 50));
	ck_assert_uint_eq(lines(0), 0);

	mw(D(ISPENDR(1)), 4, 1u << 18);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 50);
	ck_assert(!spi_bit(ISPENDR(0), 50));
	wr(0, 1, ICC_EOIR1, 50);
	ck_assert_uint_eq(m->stats.irqs_raised, 2);
	ck_assert_uint_eq(m->stats.irqs_acknowledged, 2);
	ck_assert_uint_eq(m->stats.irqs_completed, 2);
}
END_TEST

/*
 * Edge-triggered: a rising edge makes it pending until acknowledged; an
 * edge while active makes it active and pending, taken again once
 * deactivated; a high input makes no further edge.
 */
START_TEST(test_edge_triggered)
{
	make(1, 2);
	enable(0);
	spi(51, true, 0x80, true, 0);
	pulse(0, 51);
	ck_assert(spi_bit(ISPENDR(0), 51));
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 51);
	ck_assert(!spi_bit(ISPENDR(0), 51));
	machine_set_irq(m, 0, 51, true);
	ck_assert(spi_bit(ISPENDR(0), 51) && spi_bit(ISACTIVER(0), 51));
	ck_assert_uint_eq(lines(0), 0);
	wr(0, 1, ICC_EOIR1, 51);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 51);
	wr(0, 1, ICC_EOIR1, 51);
	machine_set_irq(m, 0, 51, true);
	ck_assert(!spi_bit(ISPENDR(0), 51));
	ck_assert_uint_eq(lines(0), 0);
}
END_TEST

/* --------------------------------------------------------- priority */

/* ICC_PMR_EL1: signalled only above (strictly lower than) the mask. */
START_TEST(test_priority_mask)
{
	make(1, 2);
	enable(0);
	wr(0, 1, ICC_PMR, 0xff);
	ck_assert_uint_eq(rd(0, 1, ICC_PMR), 0xf8);
	spi(50, true, 0x80, true, 0);
	pulse(0, 50);
	wr(0, 1, ICC_PMR, 0x80);
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(rd(0, 1, ICC_HPPIR1), 50);    /* HPPIR ignores the mask */
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
	wr(0, 1, ICC_PMR, 0x88);
	ck_assert_uint_eq(rd(0, 1, ICC_PMR), 0x88);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 50);
}
END_TEST

/*
 * Running priority (ICC_RPR_EL1) is the highest active group priority;
 * ICC_AP1R0_EL1 bit n is group priority n << 3. A pending interrupt
 * preempts only with a higher group priority: equal does not.
 */
START_TEST(test_preemption)
{
	make(1, 2);
	enable(0);
	spi(50, true, 0x80, true, 0);
	spi(51, true, 0x40, true, 0);
	spi(52, true, 0x80, true, 0);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xff);
	pulse(0, 50);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 50);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0x80);
	ck_assert_uint_eq(rd(0, 1, ICC_AP1R0), 1u << 16);
	pulse(0, 52);
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(rd(0, 1, ICC_HPPIR1), 52);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
	pulse(0, 51);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 51);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0x40);
	ck_assert_uint_eq(rd(0, 1, ICC_AP1R0), 1u << 16 | 1u << 8);
	wr(0, 1, ICC_EOIR1, 51);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0x80);
	ck_assert_uint_eq(lines(0), 0);
	wr(0, 1, ICC_EOIR1, 50);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xff);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 52);
}
END_TEST

/*
 * Binary points ("Priority grouping"): minimum 2 for BPR0 and 3 for BPR1 with 5 bits
 * (writes below are the minimum). Group 1's group priority is the bits
 * from BPR1 up: with BPR1 = 6, 0x60 runs as 0x40 and 0x48 cannot preempt
 * it; with BPR1 = 3, 0x40 preempts 0x48. CBPR makes group 1 use BPR0, and
 * BPR1 read BPR0 + 1 and ignore writes.
 */
START_TEST(test_binary_point)
{
	make(1, 2);
	enable(0);
	ck_assert_uint_eq(rd(0, 1, ICC_BPR0), 2);
	ck_assert_uint_eq(rd(0, 1, ICC_BPR1), 3);
	wr(0, 1, ICC_BPR0, 0);
	wr(0, 1, ICC_BPR1, 0);
	ck_assert_uint_eq(rd(0, 1, ICC_BPR0), 2);
	ck_assert_uint_eq(rd(0, 1, ICC_BPR1), 3);
	spi(53, true, 0x60, true, 0);
	spi(56, true, 0x48, true, 0);
	spi(51, true, 0x40, true, 0);

	wr(0, 1, ICC_BPR1, 6);
	pulse(0, 53);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 53);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0x40);
	ck_assert_uint_eq(rd(0, 1, ICC_AP1R0), 1u << 8);
	pulse(0, 56);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
	wr(0, 1, ICC_EOIR1, 53);

	wr(0, 1, ICC_BPR1, 3);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 56);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0x48);
	pulse(0, 51);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 51);
	wr(0, 1, ICC_EOIR1, 51);
	wr(0, 1, ICC_EOIR1, 56);

	wr(0, 1, ICC_CTLR, 1);                  /* CBPR */
	ck_assert_uint_eq(rd(0, 1, ICC_BPR1), 3);
	wr(0, 1, ICC_BPR1, 6);
	ck_assert_uint_eq(rd(0, 1, ICC_BPR1), 3);
	wr(0, 1, ICC_BPR0, 5);
	ck_assert_uint_eq(rd(0, 1, ICC_BPR1), 6);
	pulse(0, 53);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 53);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0x40);
	pulse(0, 56);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
}
END_TEST

/*
 * ICC_CTLR_EL1: PRIbits = 4 (5 bits), IDbits = 0 (16), A3V. EOImode = 1
 * splits completion: EOIR drops the priority only, DIR deactivates. With
 * EOImode = 0 a DIR is ignored.
 */
START_TEST(test_eoimode)
{
	make(1, 2);
	enable(0);
	ck_assert_uint_eq(rd(0, 1, ICC_CTLR), 0x8400);
	wr(0, 1, ICC_CTLR, 2);
	ck_assert_uint_eq(rd(0, 1, ICC_CTLR), 0x8402);
	spi(50, true, 0x80, true, 0);
	pulse(0, 50);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 50);
	wr(0, 1, ICC_EOIR1, 50);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xff);
	ck_assert(spi_bit(ISACTIVER(0), 50));
	ck_assert_uint_eq(m->stats.irqs_completed, 0);
	wr(0, 1, ICC_DIR, 50);
	ck_assert(!spi_bit(ISACTIVER(0), 50));
	ck_assert_uint_eq(m->stats.irqs_completed, 1);

	wr(0, 1, ICC_CTLR, 0);
	pulse(0, 50);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 50);
	wr(0, 1, ICC_DIR, 50);
	ck_assert(spi_bit(ISACTIVER(0), 50));
	wr(0, 1, ICC_EOIR1, 50);
	ck_assert(!spi_bit(ISACTIVER(0), 50));
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xff);
}
END_TEST

/*
 * Groups: with one Security state group 0 is signalled as FIQ, group 1 as
 * IRQ; each needs its GICD_CTLR and ICC_IGRPENn enable. IAR1 and
 * HPPIR1 answer 1023 when the highest priority pending interrupt is group
 * 0. Group 0 at 0x80 preempts group 1 at 0xa0; an EOIR1 while the highest
 * active priority is group 0's is ignored (neither drop nor deactivation),
 * as is an EOIR of a special INTID.
 */
START_TEST(test_groups_and_spurious)
{
	make(1, 2);
	enable(0);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR0), SPURIOUS);
	ck_assert_uint_eq(rd(0, 1, ICC_HPPIR0), SPURIOUS);
	spi(54, false, 0x80, true, 0);
	spi(55, true, 0xa0, true, 0);
	pulse(0, 54);
	pulse(0, 55);
	ck_assert_uint_eq(lines(0), CORE_LINE_FIQ);
	ck_assert_uint_eq(rd(0, 1, ICC_HPPIR1), SPURIOUS);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
	mw(D(GICD_CTLR), 4, 2);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	mw(D(GICD_CTLR), 4, 3);
	wr(0, 1, ICC_IGRPEN0, 0);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 55);
	wr(0, 1, ICC_IGRPEN0, 1);
	ck_assert_uint_eq(lines(0), CORE_LINE_FIQ);
	ck_assert_uint_eq(rd(0, 1, ICC_HPPIR0), 54);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR0), 54);
	ck_assert_uint_eq(rd(0, 1, ICC_AP0R0), 1u << 16);
	ck_assert_uint_eq(rd(0, 1, ICC_AP1R0), 1u << 20);
	wr(0, 1, ICC_EOIR1, 55);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0x80);
	ck_assert(spi_bit(ISACTIVER(0), 55));
	wr(0, 1, ICC_EOIR0, 1023);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0x80);
	wr(0, 1, ICC_EOIR0, 54);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xa0);
	ck_assert(!spi_bit(ISACTIVER(0), 54));
	wr(0, 1, ICC_EOIR1, 55);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xff);
	ck_assert(!spi_bit(ISACTIVER(0), 55));
}
END_TEST

/* ------------------------------------------------------------- SGIs */

/*
 * ICC_SGI1R_EL1 from core 0: to the cores of the target list in cluster
 * 0.0.0 (Aff0 = core), to all but itself with IRM = 1, to nobody in
 * another cluster. With DS = 1 SGI1R makes the SGI pending whatever its
 * group; SGI0R and ASGI1R only group 0 SGIs. The SGI registers are
 * write-only.
 */
START_TEST(test_sgi)
{
	make(3, 2);
	for (unsigned cpu = 0; cpu < 3; cpu++) {
		enable(cpu);
		private_irq(cpu, 3, true, 0x80);
		private_irq(cpu, 5, true, 0x80);
		private_irq(cpu, 6, false, 0x80);
	}
	wr(0, 1, ICC_SGI1R, SGIR(3, 1u << 1));
	ck_assert_uint_eq(mr(SGI(1, ISPENDR(0)), 4), 1u << 3);
	ck_assert_uint_eq(mr(SGI(2, ISPENDR(0)), 4), 0);
	ck_assert_uint_eq(lines(1), CORE_LINE_IRQ);
	ck_assert_uint_eq(lines(0) | lines(2), 0);
	ck_assert_uint_eq(rd(1, 1, ICC_IAR1), 3);
	wr(1, 1, ICC_EOIR1, 3);

	wr(0, 1, ICC_SGI1R, SGIR(5, 0) | SGIR_IRM);
	ck_assert_uint_eq(mr(SGI(0, ISPENDR(0)), 4), 0);
	ck_assert_uint_eq(mr(SGI(1, ISPENDR(0)), 4), 1u << 5);
	ck_assert_uint_eq(mr(SGI(2, ISPENDR(0)), 4), 1u << 5);
	mw(SGI(1, ICPENDR(0)), 4, 0xffff);
	mw(SGI(2, ICPENDR(0)), 4, 0xffff);

	wr(0, 1, ICC_SGI1R, SGIR(3, 0x7) | 1u << 16);   /* Aff1 = 1 */
	wr(0, 1, ICC_SGI0R, SGIR(3, 0x7));              /* group 1 SGI */
	wr(0, 1, ICC_ASGI1R, SGIR(3, 0x7));
	for (unsigned cpu = 0; cpu < 3; cpu++)
		ck_assert_uint_eq(mr(SGI(cpu, ISPENDR(0)), 4), 0);
	wr(0, 1, ICC_SGI0R, SGIR(6, 1u << 2));
	ck_assert_uint_eq(mr(SGI(2, ISPENDR(0)), 4), 1u << 6);
	ck_assert_uint_eq(lines(2), CORE_LINE_FIQ);
	wr(0, 1, ICC_ASGI1R, SGIR(6, 1u << 1));
	wr(0, 1, ICC_SGI1R, SGIR(6, 1u << 0));
	ck_assert_uint_eq(mr(SGI(1, ISPENDR(0)), 4), 1u << 6);
	ck_assert_uint_eq(mr(SGI(0, ISPENDR(0)), 4), 1u << 6);
	ck_assert(undefined(0, 1, ICC_SGI1R, true));
	ck_assert(undefined(0, 1, ICC_IAR1, false));
}
END_TEST

/* ------------------------------------------------- the inputs, trace */

/*
 * The machine's interrupt router reaches the GIC: a PPI of core 1 (the
 * virtual timer's), raised once however long it is held, acknowledged and
 * completed once each. SGIs, unknown INTIDs and cores are not inputs.
 */
START_TEST(test_router_and_trace)
{
	make(2, 2);
	ck_assert_ptr_nonnull(m->irq);
	enable(1);
	private_irq(1, 27, true, 0x80);
	machine_set_irq(m, 1, 27, true);
	machine_set_irq(m, 1, 27, true);
	ck_assert_uint_eq(mr(SGI(1, ISPENDR(0)), 4), 1u << 27);
	ck_assert_uint_eq(mr(SGI(0, ISPENDR(0)), 4), 0);
	ck_assert_uint_eq(lines(1), CORE_LINE_IRQ);
	ck_assert_uint_eq(m->stats.irqs_raised, 1);
	ck_assert_uint_eq(rd(1, 1, ICC_IAR1), 27);
	machine_set_irq(m, 1, 27, false);
	wr(1, 1, ICC_EOIR1, 27);
	ck_assert_uint_eq(m->stats.irqs_acknowledged, 1);
	ck_assert_uint_eq(m->stats.irqs_completed, 1);

	machine_set_irq(m, 1, 2, true);
	machine_set_irq(m, 0, PLAT_INTID_SPI(PLAT_NR_SPIS), true);
	machine_set_irq(m, 5, 27, true);
	ck_assert_uint_eq(mr(SGI(1, ISPENDR(0)), 4), 0);
	ck_assert_uint_eq(m->stats.irqs_raised, 1);
}
END_TEST

/*
 * Accesses of a size a register does not support are refused with an
 * External abort (SError) on the accessing core; reserved offsets are RAZ/WI.
 */
START_TEST(test_bad_access)
{
	make(1, 2);
	ck_assert_uint_eq(mr(D(0x20), 4), 0);
	ck_assert(!m->core[0].bus_error);
	mr(D(GICD_CTLR), 2);
	ck_assert(m->core[0].bus_error);
	ck_assert_uint_eq(m->core[0].bus_error_pa, D(GICD_CTLR));
	m->core[0].bus_error = false;
	mw(SGI(0, ISENABLER(0)), 1, 1);
	ck_assert(m->core[0].bus_error);
	ck_assert_uint_eq(m->core[0].bus_error_pa, SGI(0, ISENABLER(0)));
	ck_assert_uint_eq(mr(SGI(0, ISENABLER(0)), 4), 0);
}
END_TEST

/* ------------------------------------------- system register access */

/*
 * ICC_SRE_EL1: SRE, DFB, DIB RAO/WI; ICC_SRE_EL2.Enable controls EL1's
 * access to it (trap to EL2). The CPU interface registers are EL1 and up;
 * ICC_SRE_EL2 and ICH_* EL2 only; AP*R1 and LR4 do not exist (5 priority
 * bits, 4 list registers).
 */
START_TEST(test_sre_and_access)
{
	make(1, 2);
	ck_assert_uint_eq(rd(0, 1, ICC_SRE), 7);
	wr(0, 1, ICC_SRE, 0);
	ck_assert_uint_eq(rd(0, 1, ICC_SRE), 7);
	ck_assert_uint_eq(rd(0, 2, ICC_SRE_EL2), 0xf);
	wr(0, 2, ICC_SRE_EL2, 0);
	ck_assert_uint_eq(rd(0, 2, ICC_SRE_EL2), 7);
	ck_assert_int_eq(trap_of(0, 1, ICC_SRE), 2);
	ck_assert_int_eq(trap_of(0, 2, ICC_SRE), -1);
	ck_assert_uint_eq(handler(ICC_IAR1)->min_el, 1);
	ck_assert_uint_eq(handler(ICC_SRE_EL2)->min_el, 2);
	ck_assert_uint_eq(handler(ICH_HCR)->min_el, 2);
	ck_assert_uint_eq(handler(ICH_LR(3))->min_el, 2);
	ck_assert_ptr_null(sysreg_find_handler(&m->sysreg_handlers, ICC_AP0R1));
	ck_assert_ptr_null(sysreg_find_handler(&m->sysreg_handlers, ICH_LR4));
}
END_TEST

/*
 * ICH_HCR_EL2 traps of EL1 accesses to EL2: TALL0 (group 0 registers),
 * TALL1 (group 1), TC (PMR, RPR, CTLR, DIR, SGI*R), TDIR (DIR); all three
 * SGI registers trap with HCR_EL2.IMO or FMO, either one (EL1 raising a
 * physical SGI of the other group would escape the hypervisor). Never at
 * EL2, nor on a machine without EL2.
 */
START_TEST(test_traps)
{
	make(1, 2);
	m->core[0].sr[SR_HCR_EL2] = 0;
	wr(0, 2, ICH_HCR, HCR_TALL1);
	ck_assert_int_eq(trap_of(0, 1, ICC_IAR1), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_IGRPEN1), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_IAR0), -1);
	ck_assert_int_eq(trap_of(0, 2, ICC_IAR1), -1);
	wr(0, 2, ICH_HCR, HCR_TALL0);
	ck_assert_int_eq(trap_of(0, 1, ICC_BPR0), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_BPR1), -1);
	wr(0, 2, ICH_HCR, HCR_TC);
	ck_assert_int_eq(trap_of(0, 1, ICC_PMR), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_RPR), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_CTLR), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_DIR), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_SGI0R), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_IAR1), -1);
	wr(0, 2, ICH_HCR, HCR_TDIR);
	ck_assert_int_eq(trap_of(0, 1, ICC_DIR), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_PMR), -1);
	wr(0, 2, ICH_HCR, 0);
	ck_assert_int_eq(trap_of(0, 1, ICC_SGI1R), -1);
	m->core[0].sr[SR_HCR_EL2] = HCR_IMO;
	ck_assert_int_eq(trap_of(0, 1, ICC_SGI1R), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_ASGI1R), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_SGI0R), 2);
	m->core[0].sr[SR_HCR_EL2] = HCR_FMO;
	ck_assert_int_eq(trap_of(0, 1, ICC_SGI0R), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_SGI1R), 2);
	ck_assert_int_eq(trap_of(0, 1, ICC_ASGI1R), 2);
	ck_assert_int_eq(trap_of(0, 2, ICC_SGI0R), -1);

	make(1, 1);
	m->core[0].sr[SR_HCR_EL2] = HCR_IMO | HCR_FMO;
	ck_assert_int_eq(trap_of(0, 1, ICC_SGI1R), -1);
	ck_assert_uint_eq(rd(0, 1, ICC_PMR), 0);        /* the physical interface */
}
END_TEST

/* ------------------------------------------ virtualization (ch. 6) */

/* Virtual interface enabled, group 1 on, priority mask open; EL1 virtualized. */
static void virt_on(unsigned cpu)
{
	m->core[cpu].sr[SR_HCR_EL2] = HCR_IMO | HCR_FMO;
	wr(cpu, 2, ICH_VMCR, VMCR_VPMR(0xf8) | VMCR_VENG1);
	wr(cpu, 2, ICH_HCR, HCR_EN);
}

/*
 * ICH_VTR_EL2: ListRegs = 3, TDS, nV4, A3V, IDbits 0, PREbits = PRIbits =
 * 4 (5 bits). ICH_VMCR_EL2 keeps what is implemented (VFIQEn RES1, binary
 * points at least their minimum, VPMR 5 bits); ICH_HCR_EL2 its fields
 * (not TSEI); a list register its fields (with HW = 0, of pINTID only
 * bit 41, EOI).
 */
START_TEST(test_ich_registers)
{
	make(1, 2);
	ck_assert_uint_eq(rd(0, 2, ICH_VTR), 0x90380003);
	ck_assert_uint_eq(rd(0, 2, ICH_VMCR), 0x004c0008);
	wr(0, 2, ICH_VMCR, ~0ull);
	ck_assert_uint_eq(rd(0, 2, ICH_VMCR), 0xf8fc021b);
	wr(0, 2, ICH_VMCR, 0);
	ck_assert_uint_eq(rd(0, 2, ICH_VMCR), 0x004c0008);
	wr(0, 2, ICH_HCR, ~0ull);
	ck_assert_uint_eq(rd(0, 2, ICH_HCR), 0xf8005cff);
	wr(0, 2, ICH_HCR, 0);
	wr(0, 2, ICH_LR(2), ~0ull);
	ck_assert_uint_eq(rd(0, 2, ICH_LR(2)), 0xf0f803ff0000ffffull);
	wr(0, 2, ICH_LR(2), ~LR_HW);
	ck_assert_uint_eq(rd(0, 2, ICH_LR(2)), 0xd0f802000000ffffull);
	ck_assert(undefined(0, 2, ICH_VTR, false));
	ck_assert(undefined(0, 2, ICH_MISR, false));
	ck_assert_uint_eq(rd(0, 2, ICH_ELRSR), 0xb);
	wr(0, 2, ICH_LR(3), LR_HW | LR_PINTID(0x3ff) | 5);     /* bit 41 is pINTID's */
	ck_assert_uint_eq(rd(0, 2, ICH_ELRSR), 0xb);
	ck_assert_uint_eq(rd(0, 2, ICH_EISR), 0);
}
END_TEST

/*
 * The list register flow: a pending LR is signalled as vIRQ (not
 * IRQ); at EL1 with HCR_EL2.IMO, ICC_IAR1_EL1 reads its vINTID and makes
 * it active, its group priority is the virtual running priority
 * (ICH_AP1R0_EL2), and ICC_EOIR1_EL1 drops it and, with VEOIM = 0,
 * returns the LR to invalid. The physical interface does not see it.
 */
START_TEST(test_list_register_flow)
{
	const uint64_t lr = LR_G1 | LR_PRIO(0xa0) | 52;

	make(1, 2);
	virt_on(0);
	wr(0, 2, ICH_LR(0), lr | LR_PENDING);
	ck_assert_uint_eq(lines(0), CORE_LINE_VIRQ);
	ck_assert_uint_eq(rd(0, 2, ICC_HPPIR1), SPURIOUS);
	ck_assert_uint_eq(rd(0, 1, ICC_HPPIR1), 52);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 52);
	ck_assert_uint_eq(rd(0, 2, ICH_LR(0)), lr | LR_ACTIVE);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xa0);
	ck_assert_uint_eq(rd(0, 2, ICH_AP1R0), 1u << 20);
	ck_assert_uint_eq(rd(0, 1, ICC_AP1R0), 1u << 20);
	ck_assert_uint_eq(rd(0, 2, ICC_RPR), 0xff);
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(rd(0, 2, ICH_ELRSR), 0xe);
	wr(0, 1, ICC_EOIR1, 52);
	ck_assert_uint_eq(rd(0, 2, ICH_LR(0)), lr);
	ck_assert_uint_eq(rd(0, 2, ICH_ELRSR), 0xf);
	ck_assert_uint_eq(rd(0, 2, ICH_AP1R0), 0);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xff);
	ck_assert_uint_eq(rd(0, 2, ICH_HCR), HCR_EN);   /* EOIcount 0 */
	ck_assert_uint_eq(m->stats.irqs_raised, 0);
}
END_TEST

/*
 * What gates a virtual interrupt: VPMR (the ICV_PMR_EL1 that EL1 writes),
 * VENG1 (ICV_IGRPEN1_EL1), ICH_HCR_EL2.En. A group 0 LR is a vFIQ and
 * reaches ICV_IAR0_EL1 with HCR_EL2.FMO. VEOIM (ICV_CTLR_EL1.EOImode)
 * leaves deactivation to ICV_DIR_EL1.
 */
START_TEST(test_virtual_gates)
{
	make(1, 2);
	virt_on(0);
	wr(0, 2, ICH_LR(1), LR_PENDING | LR_G1 | LR_PRIO(0xa0) | 50);
	wr(0, 1, ICC_PMR, 0xa0);
	ck_assert_uint_eq(rd(0, 2, ICH_VMCR), VMCR_VPMR(0xa0) | VMCR_VENG1 | 0x004c0008);
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
	wr(0, 1, ICC_PMR, 0xa8);
	ck_assert_uint_eq(lines(0), CORE_LINE_VIRQ);
	wr(0, 1, ICC_IGRPEN1, 0);
	ck_assert_uint_eq(rd(0, 2, ICH_VMCR) & VMCR_VENG1, 0);
	ck_assert_uint_eq(lines(0), 0);
	wr(0, 1, ICC_IGRPEN1, 1);
	wr(0, 2, ICH_HCR, 0);
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), SPURIOUS);
	wr(0, 2, ICH_HCR, HCR_EN);

	wr(0, 2, ICH_LR(1), LR_PENDING | LR_PRIO(0xa0) | 51);
	ck_assert_uint_eq(lines(0), 0);                 /* VENG0 off */
	wr(0, 1, ICC_IGRPEN0, 1);
	ck_assert_uint_eq(rd(0, 2, ICH_VMCR) & VMCR_VENG0, VMCR_VENG0);
	ck_assert_uint_eq(lines(0), CORE_LINE_VFIQ);
	wr(0, 1, ICC_CTLR, 2);
	ck_assert_uint_eq(rd(0, 2, ICH_VMCR) & VMCR_VEOIM, VMCR_VEOIM);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR0), 51);
	wr(0, 1, ICC_EOIR0, 51);
	ck_assert_uint_eq(rd(0, 2, ICH_LR(1)), LR_ACTIVE | LR_PRIO(0xa0) | 51);
	ck_assert_uint_eq(rd(0, 1, ICC_RPR), 0xff);
	wr(0, 1, ICC_DIR, 51);
	ck_assert_uint_eq(rd(0, 2, ICH_LR(1)), LR_PRIO(0xa0) | 51);
}
END_TEST

/*
 * HW = 1: the hypervisor acknowledged physical PPI 20 and dropped
 * its priority (EOImode = 1); the guest's EOI of the virtual interrupt
 * deactivates pINTID 20 in the redistributor.
 */
START_TEST(test_hw_deactivates_physical)
{
	make(1, 2);
	enable(0);
	private_irq(0, 20, true, 0x80);
	wr(0, 2, ICC_CTLR, 2);
	mw(SGI(0, ISPENDR(0)), 4, 1u << 20);
	ck_assert_uint_eq(rd(0, 2, ICC_IAR1), 20);
	wr(0, 2, ICC_EOIR1, 20);
	ck_assert_uint_eq(mr(SGI(0, ISACTIVER(0)), 4), 1u << 20);
	virt_on(0);
	wr(0, 2, ICH_LR(0), LR_PENDING | LR_HW | LR_G1 | LR_PRIO(0x80) | LR_PINTID(20) | 33);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 33);
	ck_assert_uint_eq(mr(SGI(0, ISACTIVER(0)), 4), 1u << 20);
	wr(0, 1, ICC_EOIR1, 33);
	ck_assert_uint_eq(mr(SGI(0, ISACTIVER(0)), 4), 0);
	ck_assert_uint_eq(m->stats.irqs_completed, 1);
	ck_assert_uint_eq(rd(0, 2, ICH_ELRSR), 0xf);
}
END_TEST

/*
 * The maintenance interrupt, PPI 25 ("Maintenance interrupts"): asserted while En = 1 and
 * ICH_MISR_EL2 is not zero. EOI: an LR with HW = 0 and EOI = 1 was
 * deactivated (ICH_EISR_EL2); the hypervisor clearing the LR ends it.
 */
START_TEST(test_maintenance_eoi)
{
	make(1, 2);
	enable(0);
	private_irq(0, PLAT_INTID_GIC_MAINT, true, 0x00);
	virt_on(0);
	wr(0, 2, ICH_LR(0), LR_PENDING | LR_G1 | LR_EOI | LR_PRIO(0x80) | 60);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), 0);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 60);
	wr(0, 1, ICC_EOIR1, 60);
	ck_assert_uint_eq(rd(0, 2, ICH_EISR), 1);
	ck_assert_uint_eq(rd(0, 2, ICH_ELRSR), 0xe);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), MISR_EOI);
	ck_assert_uint_eq(mr(SGI(0, ISPENDR(0)), 4), 1u << PLAT_INTID_GIC_MAINT);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ);
	ck_assert_uint_eq(rd(0, 2, ICC_IAR1), PLAT_INTID_GIC_MAINT);
	wr(0, 2, ICH_LR(0), 0);
	wr(0, 2, ICC_EOIR1, PLAT_INTID_GIC_MAINT);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), 0);
	ck_assert_uint_eq(mr(SGI(0, ISPENDR(0)), 4), 0);
	ck_assert_uint_eq(lines(0), 0);
}
END_TEST

/*
 * The other maintenance conditions: U (UIE, at most one valid LR), LRENP
 * (LRENPIE, EOIcount not zero: a deactivation matched no LR), NP (NPIE,
 * no LR pending), VGrp1E/VGrp1D (VENG1 set or clear); none asserts the
 * interrupt while En = 0.
 */
START_TEST(test_maintenance_conditions)
{
	make(1, 2);
	virt_on(0);
	wr(0, 2, ICH_LR(0), LR_PENDING | LR_G1 | LR_PRIO(0x80) | 70);
	wr(0, 2, ICH_LR(1), LR_PENDING | LR_G1 | LR_PRIO(0x80) | 71);
	wr(0, 2, ICH_HCR, HCR_EN | HCR_UIE);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), 0);
	wr(0, 2, ICH_LR(1), 0);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), MISR_U);
	ck_assert_uint_eq(mr(SGI(0, ISPENDR(0)), 4), 1u << PLAT_INTID_GIC_MAINT);

	wr(0, 2, ICH_HCR, HCR_EN | HCR_LRENPIE);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), 0);
	wr(0, 1, ICC_CTLR, 2);                          /* VEOIM */
	wr(0, 1, ICC_DIR, 77);
	ck_assert_uint_eq(rd(0, 2, ICH_HCR), HCR_EN | HCR_LRENPIE | EOICOUNT(1));
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), MISR_LRENP);
	wr(0, 2, ICH_HCR, HCR_EN | HCR_NPIE);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), 0);
	ck_assert_uint_eq(rd(0, 1, ICC_IAR1), 70);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), MISR_NP);
	wr(0, 2, ICH_HCR, HCR_EN | HCR_VGRP1EIE | HCR_VGRP1DIE);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), MISR_VGRP1E);
	wr(0, 1, ICC_IGRPEN1, 0);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), MISR_VGRP1D);
	ck_assert_uint_eq(mr(SGI(0, ISPENDR(0)), 4), 1u << PLAT_INTID_GIC_MAINT);
	wr(0, 2, ICH_HCR, HCR_VGRP1DIE);
	ck_assert_uint_eq(rd(0, 2, ICH_MISR), MISR_VGRP1D);
	ck_assert_uint_eq(mr(SGI(0, ISPENDR(0)), 4), 0);
}
END_TEST

/* ------------------------------------------------ device framework */

/* reset() restores the reset state; describe() names the frames and PPI 25. */
START_TEST(test_reset_and_describe)
{
	struct device_info info;
	void *g;

	make(2, 2);
	g = machine_device(m, &gicv3_device);
	enable(0);
	spi(50, true, 0x80, true, 0);
	pulse(0, 50);
	virt_on(0);
	wr(0, 2, ICH_LR(0), LR_PENDING | LR_G1 | 52);
	ck_assert_uint_eq(lines(0), CORE_LINE_IRQ | CORE_LINE_VIRQ);
	gicv3_device.reset(g);
	ck_assert_uint_eq(lines(0), 0);
	ck_assert_uint_eq(mr(D(GICD_CTLR), 4), CTLR_ARE_DS);
	ck_assert_uint_eq(mr(D(ISPENDR(1)), 4), 0);
	ck_assert_uint_eq(mr(D(IPRIORITYR(50)), 1), 0);
	ck_assert_uint_eq(mr(RD(0, GICR_WAKER), 4), WAKER_ASLEEP);
	ck_assert_uint_eq(rd(0, 2, ICC_PMR), 0);
	ck_assert_uint_eq(rd(0, 2, ICH_LR(0)), 0);
	ck_assert_uint_eq(rd(0, 2, ICH_HCR), 0);

	gicv3_device.describe(g, &info);
	ck_assert_str_eq(info.compatible, "arm,gic-v3");
	ck_assert(info.interrupt_controller);
	ck_assert_uint_eq(info.nregions, 2);
	ck_assert_uint_eq(info.region[0].base, PLAT_GICD_BASE);
	ck_assert_uint_eq(info.region[0].size, 0x10000);
	ck_assert_uint_eq(info.region[1].base, PLAT_GICR_BASE);
	ck_assert_uint_eq(info.region[1].size, 2 * 0x20000);
	ck_assert_uint_eq(info.nintids, 1);
	ck_assert_uint_eq(info.intid[0], PLAT_INTID_GIC_MAINT);
}
END_TEST

/* ------------------------------------------- programs (progs/gic-*) */

/*
 * The virtual timer's interrupt is taken at the first block boundary after
 * the count reaches CVAL (the generic timer's event, then the GIC, then
 * the core at its next block): the spin read CVAL - 1 last below it, and
 * at most one read at CVAL (each read sees its own instruction's time, so
 * only a read late in the block that reaches CVAL can); the handler's
 * first read is CVAL itself, under one count (52 ns) later.
 */
START_TEST(test_timer_taken_at_cval)
{
	boot_el1("gic-timer-el1");
	run_to_exit();
	ck_assert_uint_eq(report_value(4), 27);
	ck_assert_uint_eq(report_value(5), 0x80);
	ck_assert_uint_eq(report_value(1), report_value(0));
	ck_assert_uint_le(report_value(2), 1);
	ck_assert_uint_eq(report_value(3), report_value(0) - 1);
	ck_assert_uint_eq(m->stats.irqs_raised, 1);
	ck_assert_uint_eq(m->stats.irqs_acknowledged, 1);
	ck_assert_uint_eq(m->stats.irqs_completed, 1);
}
END_TEST

#define VEC_IRQ_SPX     0x280

/*
 * Nested interrupts in real handlers (gic-preempt-el1.S): 50 (level, 0x80)
 * is taken; in its handler with IRQs unmasked, 52 (0x80) does not preempt
 * and 51 (0x40) does; 50 stays pending while its input is high; after 50's
 * EOI, 52 is taken on the way out. Running priorities 0x80, 0x40, 0x80,
 * idle, 0x80; ICC_AP1R0_EL1 in the nested handler has both priorities.
 */
START_TEST(test_preemption_in_code)
{
	struct core *c = boot_el1("gic-preempt-el1");

	run_to_step(c, 1);
	machine_set_irq(m, 0, 50, true);
	run_to_step(c, 2);
	ck_assert_uint_eq(report_value(0), 0x80);
	ck_assert_uint_eq(report(REPORT_COUNT), 1);

	pulse(0, 52);
	core_run(c, c->cycles + 5000, UINT64_MAX);
	ck_assert_uint_eq(report(REPORT_STEP), 2);
	ck_assert_uint_eq(report(REPORT_COUNT), 1);
	ck_assert(spi_bit(ISPENDR(0), 52));
	pulse(0, 51);
	go(2);
	run_to_step(c, 3);
	ck_assert_uint_eq(report(REPORT_COUNT), 2);
	ck_assert_uint_eq(report(REPORT_LOG + LOG_SIZE + LOG_VECTOR), VEC_IRQ_SPX);
	ck_assert_uint_eq(report_value(1), 0x40);
	ck_assert_uint_eq(report_value(2), 1u << 16 | 1u << 8);
	ck_assert_uint_eq(report_value(3), 0x80);
	ck_assert(spi_bit(ISPENDR(0), 50) && spi_bit(ISACTIVER(0), 50));

	machine_set_irq(m, 0, 50, false);
	go(3);
	run_to_step(c, 4);
	ck_assert_uint_eq(report_value(4), 0xff);
	ck_assert_uint_eq(report_value(5), 0x80);
	ck_assert_uint_eq(report(REPORT_COUNT), 3);
	go(4);
	run_to_exit();
	ck_assert_uint_eq(m->stats.irqs_raised, 3);
	ck_assert_uint_eq(m->stats.irqs_acknowledged, 3);
	ck_assert_uint_eq(m->stats.irqs_completed, 3);
	ck_assert_uint_eq(mr(D(ISACTIVER(1)), 4), 0);
}
END_TEST

static Suite *gic_suite(void)
{
	Suite *s = suite_create("gicv3");
	TCase *dist = tcase_create("distributor and redistributors");
	TCase *cpuif = tcase_create("CPU interface");
	TCase *virt = tcase_create("virtualization");
	TCase *progs = tcase_create("programs");

	tcase_add_checked_fixture(dist, NULL, fixture_destroy);
	tcase_add_test(dist, test_distributor_identity);
	tcase_add_test(dist, test_set_clear_registers);
	tcase_add_test(dist, test_priority_bytes);
	tcase_add_test(dist, test_irouter);
	tcase_add_test(dist, test_config_registers);
	tcase_add_test(dist, test_redistributor_identity);
	tcase_add_test(dist, test_asleep_forwards_nothing);
	tcase_add_test(dist, test_level_sensitive);
	tcase_add_test(dist, test_edge_triggered);
	tcase_add_test(dist, test_router_and_trace);
	tcase_add_test(dist, test_bad_access);
	tcase_add_test(dist, test_reset_and_describe);
	suite_add_tcase(s, dist);

	tcase_add_checked_fixture(cpuif, NULL, fixture_destroy);
	tcase_add_test(cpuif, test_priority_mask);
	tcase_add_test(cpuif, test_preemption);
	tcase_add_test(cpuif, test_binary_point);
	tcase_add_test(cpuif, test_eoimode);
	tcase_add_test(cpuif, test_groups_and_spurious);
	tcase_add_test(cpuif, test_sgi);
	tcase_add_test(cpuif, test_sre_and_access);
	tcase_add_test(cpuif, test_traps);
	suite_add_tcase(s, cpuif);

	tcase_add_checked_fixture(virt, NULL, fixture_destroy);
	tcase_add_test(virt, test_ich_registers);
	tcase_add_test(virt, test_list_register_flow);
	tcase_add_test(virt, test_virtual_gates);
	tcase_add_test(virt, test_hw_deactivates_physical);
	tcase_add_test(virt, test_maintenance_eoi);
	tcase_add_test(virt, test_maintenance_conditions);
	suite_add_tcase(s, virt);

	tcase_add_checked_fixture(progs, NULL, fixture_destroy);
	tcase_add_test(progs, test_timer_taken_at_cval);
	tcase_add_test(progs, test_preemption_in_code);
	suite_add_tcase(s, progs);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(gic_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
