/*
 * pmu.c - the Performance Monitors Extension (see pmu.h, docs/pmu.md).
 * References are to ARM DDI 0487 (issue K.a): chapter D11 and the PM*
 * register descriptions, whose "Accessing" pseudocode gives the traps.
 *
 * Counters are brought up to date, not counted per instruction: each keeps
 * its value and its event's count at the last update (its base), and an
 * update adds what the count moved since, if the counter was counting.
 * Every access of a core to a PMU register updates that core's counters
 * first, so counting costs nothing between accesses. Overflow interrupts
 * need the time a counter overflows: one event per core is scheduled at
 * the soonest time an interrupt-enabled counter can overflow (exact for
 * cycles, a bound for the other events) and updates the counters then.
 */
#include <stdlib.h>

#include "machine.h"
#include "pmu.h"

/* PMCR_EL0 */
#define PMCR_E          (1u << 0)
#define PMCR_P          (1u << 1)       /* write-only: reset the event counters */
#define PMCR_C          (1u << 2)       /* write-only: reset the cycle counter */
#define PMCR_D          (1u << 3)
#define PMCR_X          (1u << 4)
#define PMCR_DP         (1u << 5)
#define PMCR_LC         (1u << 6)
#define PMCR_RW         (PMCR_E | PMCR_D | PMCR_X | PMCR_DP | PMCR_LC)
#define PMCR_N_SHIFT    11
/* Cortex-A57 TRM, PMCR_EL0: IMP 0x41 (Arm), IDCODE 0x01 (Cortex-A57). */
#define PMCR_ID         (0x41u << 24 | 0x01u << 16)

/* PMUSERENR_EL0: what EL0 may access. */
#define USERENR_EN      (1u << 0)       /* every PMU register */
#define USERENR_SW      (1u << 1)       /* PMSWINC_EL0 writes */
#define USERENR_CR      (1u << 2)       /* PMCCNTR_EL0 reads */
#define USERENR_ER      (1u << 3)       /* event counter reads, PMSELR_EL0 */
#define USERENR_MASK    0xfu
#define EL0_ALWAYS      (1u << 4)       /* not a bit of it: EL0 needs no enable */

/* MDCR_EL2 */
#define MDCR_HPMN       0x1fu
#define MDCR_TPMCR      (1u << 5)
#define MDCR_TPM        (1u << 6)
#define MDCR_HPME       (1u << 7)

/* PMEVTYPER<n>_EL0 and PMCCFILTR_EL0: filters, and the event (10 bits in ARMv8.0). */
#define FILTER_P        (1u << 31)
#define FILTER_U        (1u << 30)
#define FILTER_NSK      (1u << 29)
#define FILTER_NSU      (1u << 28)
#define FILTER_NSH      (1u << 27)
#define FILTER_BITS     0xfc000000u     /* P, U, NSK, NSU, NSH, M */
#define EVTCOUNT        0x3ffu

/* The cycle counter's bit in PMCNTENSET_EL0 and the other bitmaps, and its slot. */
#define CYCLE           31
#define NCOUNTERS       (PMU_COUNTERS + 1)

/* The i-th counter: the event counters, then the cycle counter. */
static unsigned counter(unsigned i)
{
	return i < PMU_COUNTERS ? i : CYCLE;
}

/* How often a counter that cannot advance now is looked at, at most (cycles). */
#define IDLE_CHECK_CYCLES 10000

/* ------------------------------------------------------------ events */

/* What an event counts. The first four are kept by EL, so filters are exact. */
enum source {
	SRC_UNSUPPORTED,        /* counts nothing */
	SRC_SWINC,              /* only PMSWINC_EL0 writes increment it */
	SRC_CYCLES, SRC_INSNS, SRC_EXCEPTIONS, SRC_RETURNS,
	/* The timing model's, for the core as a whole: zero in functional timing. */
	SRC_L1I_REFILL, SRC_L1I_ACCESS, SRC_L1I_TLB_REFILL,
	SRC_L1D_REFILL, SRC_L1D_ACCESS, SRC_L1D_WB, SRC_L1D_TLB_REFILL,
	SRC_L2_ACCESS, SRC_L2_REFILL, SRC_L2_WB,
	SRC_MISPREDICTS, SRC_BRANCHES,
};

/* The common events implemented, by number (D11, "Common event numbers"). */
static const uint8_t source_of_event[32] = {
	[0x00] = SRC_SWINC,             /* SW_INCR */
	[0x01] = SRC_L1I_REFILL,        /* L1I_CACHE_REFILL */
	[0x02] = SRC_L1I_TLB_REFILL,    /* L1I_TLB_REFILL */
	[0x03] = SRC_L1D_REFILL,        /* L1D_CACHE_REFILL */
	[0x04] = SRC_L1D_ACCESS,        /* L1D_CACHE */
	[0x05] = SRC_L1D_TLB_REFILL,    /* L1D_TLB_REFILL */
	[0x08] = SRC_INSNS,             /* INST_RETIRED */
	[0x09] = SRC_EXCEPTIONS,        /* EXC_TAKEN */
	[0x0a] = SRC_RETURNS,           /* EXC_RETURN */
	[0x10] = SRC_MISPREDICTS,       /* BR_MIS_PRED */
	[0x11] = SRC_CYCLES,            /* CPU_CYCLES */
	[0x12] = SRC_BRANCHES,          /* BR_PRED */
	[0x13] = SRC_L1D_ACCESS,        /* MEM_ACCESS: each L1D access stands for one */
	[0x14] = SRC_L1I_ACCESS,        /* L1I_CACHE */
	[0x15] = SRC_L1D_WB,            /* L1D_CACHE_WB */
	[0x16] = SRC_L2_ACCESS,         /* L2D_CACHE */
	[0x17] = SRC_L2_REFILL,         /* L2D_CACHE_REFILL */
	[0x18] = SRC_L2_WB,             /* L2D_CACHE_WB */
};

static bool by_el(enum source src)
{
	return src >= SRC_CYCLES && src <= SRC_RETURNS;
}

/*
 * Whether a filter (PMEVTYPER<n>_EL0, PMCCFILTR_EL0) lets the counter count
 * at el. The PE is always in Non-secure state, and EL3 is implemented
 * (ID_AA64PFR0_EL1.EL3: the simulator is the EL3 firmware), so EL0 counts
 * when U == NSU, EL1 when P == NSK, EL2 when NSH is set.
 */
static bool counts_at(uint32_t filter, unsigned el)
{
	switch (el) {
	case 0:
		return !(filter & FILTER_U) == !(filter & FILTER_NSU);
	case 1:
		return !(filter & FILTER_P) == !(filter & FILTER_NSK);
	default:
		return (filter & FILTER_NSH) != 0;
	}
}

/* A timing-model count of core cpu (the stats only grow). */
static uint64_t model_count(const struct machine *m, unsigned cpu, enum source src)
{
	const struct timing_core *t = m->timing_core ? &m->timing_core[cpu] : NULL;
	const struct cache_stats *l1i, *l1d, *l2;

	if (!t || !m->memsys)
		return 0;
	l1i = &m->memsys->l1i[cpu].stats;
	l1d = &m->memsys->l1d[cpu].stats;
	l2 = &m->memsys->l2[cpu].stats;        /* zero without an L2 */
	switch (src) {
	case SRC_L1I_REFILL: return l1i->misses;
	case SRC_L1I_ACCESS: return l1i->hits + l1i->misses;
	case SRC_L1I_TLB_REFILL: return t->l1i_tlb.stats.misses;
	case SRC_L1D_REFILL: return l1d->misses;
	case SRC_L1D_ACCESS: return l1d->hits + l1d->misses;
	case SRC_L1D_WB: return l1d->writebacks;
	case SRC_L1D_TLB_REFILL: return t->l1d_tlb.stats.misses;
	case SRC_L2_ACCESS: return l2->hits + l2->misses;
	case SRC_L2_REFILL: return l2->misses;
	case SRC_L2_WB: return l2->writebacks;
	case SRC_MISPREDICTS: return t->counters.mispredicts;
	case SRC_BRANCHES: return t->counters.branches;
	default: return 0;
	}
}

/* The count of src so far on core c, at the ELs filter allows where it is kept by EL. */
static uint64_t count_of(const struct core *c, const struct core_progress *now,
			 enum source src, uint32_t filter)
{
	const uint64_t *by;
	uint64_t n = 0;

	switch (src) {
	case SRC_CYCLES: by = now->cycles; break;
	case SRC_INSNS: by = now->insns; break;
	case SRC_EXCEPTIONS: by = now->exceptions; break;
	case SRC_RETURNS: by = now->returns; break;
	default: return model_count(c->m, c->id, src);
	}
	for (unsigned el = 0; el < 3; el++)
		if (counts_at(filter, el))
			n += by[el];
	return n;
}

/* ---------------------------------------------------------- the state */

struct pmu_counter {
	uint64_t value;         /* PMEVCNTR<n>_EL0 (32 bits) or PMCCNTR_EL0 at the last update */
	uint64_t base;          /* its event's count then */
	uint32_t type;          /* PMEVTYPER<n>_EL0, or PMCCFILTR_EL0 */
};

struct pmu;

struct pmu_cpu {
	struct pmu_counter ctr[CYCLE + 1];      /* 0 .. PMU_COUNTERS - 1, and CYCLE (counter()) */
	uint32_t pmcr;                          /* its RW fields */
	uint32_t cnten, ovs, inten;             /* PMCNTENSET_EL0, PMOVSSET_EL0, PMINTENSET_EL1 */
	uint32_t selr, userenr;
	uint32_t prescale;                      /* cycles towards the next count with PMCR_EL0.D */
	bool irq;                               /* the interrupt line as last driven */
	struct event check;                     /* the next look for overflows */
	struct pmu *pmu;
	unsigned cpu;
};

enum reg {
	REG_PMCR, REG_CNTENSET, REG_CNTENCLR, REG_OVSCLR, REG_SWINC, REG_SELR,
	REG_CEID0, REG_CEID1, REG_CCNTR, REG_XEVTYPER, REG_XEVCNTR, REG_USERENR,
	REG_INTENSET, REG_INTENCLR, REG_OVSSET, REG_CCFILTR, REG_EVCNTR, REG_EVTYPER,
};

#define RD      1u
#define WR      2u

struct reg_def {
	uint32_t enc;           /* 0 for PMEVCNTR<n>/PMEVTYPER<n>: computed from n */
	uint8_t min_el;
	enum reg reg;
	uint8_t dirs;           /* RD, WR: the others are UNDEFINED */
	/* The PMUSERENR_EL0 bits that let EL0 read, write (0: UNDEFINED at EL0). */
	uint8_t el0_read, el0_write;
};

/* The registers and their access rules at EL0 (each one's "Accessing" pseudocode). */
static const struct reg_def regs[] = {
	{ SYSREG_ENC(3, 3, 9, 12, 0), 0, REG_PMCR, RD | WR, USERENR_EN, USERENR_EN },
	{ SYSREG_ENC(3, 3, 9, 12, 1), 0, REG_CNTENSET, RD | WR, USERENR_EN, USERENR_EN },
	{ SYSREG_ENC(3, 3, 9, 12, 2), 0, REG_CNTENCLR, RD | WR, USERENR_EN, USERENR_EN },
	{ SYSREG_ENC(3, 3, 9, 12, 3), 0, REG_OVSCLR, RD | WR, USERENR_EN, USERENR_EN },
	{ SYSREG_ENC(3, 3, 9, 12, 4), 0, REG_SWINC, WR, 0, USERENR_EN | USERENR_SW },
	{ SYSREG_ENC(3, 3, 9, 12, 5), 0, REG_SELR, RD | WR, USERENR_EN | USERENR_ER,
	  USERENR_EN | USERENR_ER },
	{ SYSREG_ENC(3, 3, 9, 12, 6), 0, REG_CEID0, RD, USERENR_EN, 0 },
	{ SYSREG_ENC(3, 3, 9, 12, 7), 0, REG_CEID1, RD, USERENR_EN, 0 },
	{ SYSREG_ENC(3, 3, 9, 13, 0), 0, REG_CCNTR, RD | WR, USERENR_EN | USERENR_CR, USERENR_EN },
	{ SYSREG_ENC(3, 3, 9, 13, 1), 0, REG_XEVTYPER, RD | WR, USERENR_EN, USERENR_EN },
	{ SYSREG_ENC(3, 3, 9, 13, 2), 0, REG_XEVCNTR, RD | WR, USERENR_EN | USERENR_ER, USERENR_EN },
	{ SYSREG_ENC(3, 3, 9, 14, 0), 0, REG_USERENR, RD | WR, EL0_ALWAYS, 0 },
	{ SYSREG_ENC(3, 0, 9, 14, 1), 1, REG_INTENSET, RD | WR, 0, 0 },
	{ SYSREG_ENC(3, 0, 9, 14, 2), 1, REG_INTENCLR, RD | WR, 0, 0 },
	{ SYSREG_ENC(3, 3, 9, 14, 3), 0, REG_OVSSET, RD | WR, USERENR_EN, USERENR_EN },
	{ SYSREG_ENC(3, 3, 14, 15, 7), 0, REG_CCFILTR, RD | WR, USERENR_EN, USERENR_EN },
};

#define NREGS_FIXED     (sizeof(regs) / sizeof(regs[0]))

/*
 * PMEVCNTR<n>_EL0 is S3_3_C14_C(8 + n / 8)_(n % 8), PMEVTYPER<n>_EL0
 * S3_3_C14_C(12 + n / 8)_(n % 8).
 */
static const struct reg_def evcntr = {
	0, 0, REG_EVCNTR, RD | WR, USERENR_EN | USERENR_ER, USERENR_EN,
};
static const struct reg_def evtyper = {
	0, 0, REG_EVTYPER, RD | WR, USERENR_EN, USERENR_EN,
};

#define NREGS           (NREGS_FIXED + 2 * PMU_COUNTERS)

/* What a register handler's opaque points to. */
struct pmu_binding {
	struct pmu *pmu;
	const struct reg_def *def;
	unsigned n;             /* PMEVCNTR<n>, PMEVTYPER<n> */
};

struct pmu {
	struct machine *m;
	uint64_t pmceid0;
	bool noted_event;
	struct pmu_cpu cpu[MACHINE_MAX_CORES];
	struct pmu_binding binding[NREGS];
};

/* ------------------------------------------------------------- ranges */

/*
 * MDCR_EL2.HPMN splits the event counters: [0, HPMN) is the first range,
 * which EL1 and EL0 see, and the rest the second, EL2's. Without EL2 all
 * are first range. HPMN = 0 or > N is CONSTRAINED UNPREDICTABLE in ARMv8.0
 * (no FEAT_HPMN0): this PMU takes it as N, which also stands for the reset
 * value N that the core's MDCR_EL2 (Unicorn's reset value, 0) lacks.
 */
static unsigned hpmn(const struct core *c)
{
	unsigned h = c->m->has_el2 ? c->sr[SR_MDCR_EL2] & MDCR_HPMN : 0;

	return h == 0 || h > PMU_COUNTERS ? PMU_COUNTERS : h;
}

/* The event counters el sees: PMCR_EL0.N reads so, and the bitmaps' other bits are RAZ/WI. */
static unsigned accessible(const struct core *c, unsigned el)
{
	return el <= 1 ? hpmn(c) : PMU_COUNTERS;
}

static uint32_t visible_bits(const struct core *c, unsigned el)
{
	return 1u << CYCLE | ((1u << accessible(c, el)) - 1);
}

/* PMCR_EL0.E governs the cycle counter and the first range, MDCR_EL2.HPME the second. */
static bool range_enabled(const struct pmu_cpu *p, const struct core *c, unsigned n)
{
	if (n == CYCLE || n < hpmn(c))
		return p->pmcr & PMCR_E;
	return c->sr[SR_MDCR_EL2] & MDCR_HPME;
}

static bool enabled(const struct pmu_cpu *p, const struct core *c, unsigned n)
{
	return range_enabled(p, c, n) && (p->cnten & (1u << n));
}

static enum source source_of(const struct pmu_cpu *p, unsigned n)
{
	unsigned event = p->ctr[n].type & EVTCOUNT;

	if (n == CYCLE)
		return SRC_CYCLES;
	return event < 32 ? source_of_event[event] : SRC_UNSUPPORTED;
}

/* ----------------------------------------------------------- counting */

/* PMCR_EL0.D divides the cycle counter's clock by 64, unless LC is set (PMCR_EL0, D). */
static bool divided(const struct pmu_cpu *p)
{
	return (p->pmcr & (PMCR_D | PMCR_LC)) == PMCR_D;
}

/*
 * Counter n counts delta more. Event counters are 32 bits; the cycle counter
 * is 64 bits, and its overflow is that of bits [31:0] unless PMCR_EL0.LC.
 * An overflow sets the counter's PMOVSSET_EL0 bit.
 */
static void add(struct pmu_cpu *p, unsigned n, uint64_t delta)
{
	struct pmu_counter *k = &p->ctr[n];
	bool overflow;

	if (n != CYCLE) {
		overflow = delta > UINT32_MAX - k->value;
		k->value = (uint32_t)(k->value + delta);
	} else {
		if (divided(p)) {
			delta += p->prescale;
			p->prescale = delta % 64;
			delta /= 64;
		}
		overflow = p->pmcr & PMCR_LC ? delta > UINT64_MAX - k->value
					     : delta > UINT32_MAX - (uint32_t)k->value;
		k->value += delta;
	}
	if (overflow)
		p->ovs |= 1u << n;
}

/* Brings counter n up to now (the core's progress). */
static void update(struct pmu_cpu *p, const struct core *c, const struct core_progress *now,
		   unsigned n)
{
	struct pmu_counter *k = &p->ctr[n];
	enum source src = source_of(p, n);
	uint64_t count = count_of(c, now, src, k->type);
	uint64_t delta = count - k->base;

	k->base = count;
	/* A count the core keeps whole goes to the EL it is at now (docs/pmu.md). */
	if (delta && enabled(p, c, n) && (by_el(src) || counts_at(k->type, c->el)))
		add(p, n, delta);
}

static void update_all(struct pmu_cpu *p, const struct core *c, const struct core_progress *now)
{
	for (unsigned i = 0; i < NCOUNTERS; i++)
		update(p, c, now, counter(i));
}

/* A new event or filter: the counter goes on from its value, counting what it now names. */
static void set_type(struct pmu_cpu *p, const struct core *c, const struct core_progress *now,
		     unsigned n, uint64_t value)
{
	struct pmu_counter *k = &p->ctr[n];
	uint32_t mask = n == CYCLE ? FILTER_BITS : FILTER_BITS | EVTCOUNT;

	if (!c->m->has_el2)
		mask &= ~FILTER_NSH;            /* RES0 without EL2 */
	k->type = (uint32_t)value & mask;
	k->base = count_of(c, now, source_of(p, n), k->type);
	if (source_of(p, n) == SRC_UNSUPPORTED && !p->pmu->noted_event) {
		p->pmu->noted_event = true;
		machine_device_note(c->m, c->id, "pmu", "event 0x%03x is not implemented: "
				    "counter %u counts nothing", k->type & EVTCOUNT, n);
	}
}

/* PMSWINC_EL0: each enabled counter of bits that counts SW_INCR at this EL counts one. */
static void software_increment(struct pmu_cpu *p, const struct core *c, uint32_t bits)
{
	for (unsigned n = 0; n < PMU_COUNTERS; n++)
		if ((bits & (1u << n)) && source_of(p, n) == SRC_SWINC && enabled(p, c, n) &&
		    counts_at(p->ctr[n].type, c->el))
			add(p, n, 1);
}

/* ---------------------------------------------- interrupt and checks */

/* CheckForPMUOverflow(): an overflow with its interrupt enabled, of an enabled range. */
static void update_irq(struct pmu_cpu *p, const struct core *c)
{
	uint32_t pending = p->ovs & p->inten;
	bool level = false;

	for (unsigned i = 0; i < NCOUNTERS && !level; i++)
		level = (pending & (1u << counter(i))) && range_enabled(p, c, counter(i));
	if (level != p->irq) {
		p->irq = level;
		machine_set_irq(c->m, p->cpu, PMU_PPI, level);
	}
}

/*
 * The cycles before counter n can overflow: exact for cycles (it counts at
 * most one a cycle, or one every 64), and for the other events a bound of
 * one an instruction at the pipeline's issue width (1 in functional
 * timing). A counter that cannot advance now (its filter excludes the EL,
 * or no instruction runs) is looked at again after IDLE_CHECK_CYCLES at the
 * soonest, so that a core waiting long costs few events.
 */
static uint64_t cycles_to_overflow(const struct pmu_cpu *p, const struct core *c, unsigned n)
{
	const struct pmu_counter *k = &p->ctr[n];
	enum source src = source_of(p, n);
	uint64_t left, rate = 1, cycles;
	bool advances;

	if (n == CYCLE && (p->pmcr & PMCR_LC))
		left = k->value ? -k->value : UINT64_MAX;
	else
		left = (1ull << 32) - (uint32_t)k->value;
	if (n == CYCLE && divided(p))
		left = left * 64 - p->prescale;
	if (src != SRC_CYCLES && c->timing)
		rate = c->timing->cfg.pipeline->width;
	cycles = left / rate + (left % rate != 0);
	advances = counts_at(k->type, c->el) &&
		   (c->status == CORE_RUNNING || (src == SRC_CYCLES && c->status == CORE_WFI));
	return advances || cycles >= IDLE_CHECK_CYCLES ? cycles : IDLE_CHECK_CYCLES;
}

static void on_check(void *opaque, uint64_t now_ns);

/* Schedules the next check for the soonest overflow that would raise the interrupt. */
static void schedule_check(struct pmu_cpu *p, const struct core *c)
{
	struct event_queue *q = &c->m->events;
	uint64_t soonest = UINT64_MAX;
	unsigned __int128 ns;

	for (unsigned i = 0; i < NCOUNTERS; i++) {
		unsigned n = counter(i);
		uint32_t bit = 1u << n;

		/* A flag already set changes nothing; SW_INCR moves only when written. */
		if ((p->inten & bit) && !(p->ovs & bit) && enabled(p, c, n) &&
		    source_of(p, n) > SRC_SWINC) {
			uint64_t cycles = cycles_to_overflow(p, c, n);

			soonest = cycles < soonest ? cycles : soonest;
		}
	}
	ns = core_ns(c) + ((unsigned __int128)soonest * 1000000000u + c->freq_hz - 1) / c->freq_hz;
	if (soonest == UINT64_MAX || ns >= EVENT_NEVER)
		event_cancel(q, &p->check);
	else
		event_schedule(q, &p->check, (uint64_t)ns, on_check, p);
}

/* After any access: the interrupt line, and when to look again. */
static void settle(struct pmu_cpu *p, const struct core *c)
{
	update_irq(p, c);
	schedule_check(p, c);
}

static void on_check(void *opaque, uint64_t now_ns)
{
	struct pmu_cpu *p = opaque;
	const struct core *c = &p->pmu->m->core[p->cpu];
	struct core_progress now;

	(void)now_ns;
	core_progress(c, &now);
	update_all(p, c, &now);
	settle(p, c);
}

/* ---------------------------------------------------------- registers */

enum { ALLOWED = -1, UNDEFINED = 0 };   /* else the EL the access traps to */

/*
 * Each register's "Accessing" pseudocode for ARMv8.0 (no FEAT_FGT, no
 * MDCR_EL3 traps: the simulator's MDCR_EL3 is 0): UNDEFINED in the wrong
 * direction or at EL0 for the EL1-only ones; at EL0, a trap to EL1 unless
 * PMUSERENR_EL0 allows it (the core takes it to EL2 under HCR_EL2.TGE);
 * at EL0 and EL1, a trap to EL2 under MDCR_EL2.TPM, and for PMCR_EL0
 * under MDCR_EL2.TPMCR.
 */
static int check(const struct pmu_binding *b, const struct core *c, unsigned el, bool read)
{
	const struct reg_def *d = b->def;
	unsigned el0 = read ? d->el0_read : d->el0_write;
	uint64_t mdcr = c->m->has_el2 ? c->sr[SR_MDCR_EL2] : 0;

	if (!(d->dirs & (read ? RD : WR)) || (el == 0 && !el0))
		return UNDEFINED;
	if (el == 0 && !((b->pmu->cpu[c->id].userenr | EL0_ALWAYS) & el0))
		return 1;
	if (el <= 1 && ((mdcr & MDCR_TPM) || (d->reg == REG_PMCR && (mdcr & MDCR_TPMCR))))
		return 2;
	return ALLOWED;
}

/*
 * Whether the engine stops at an access the core leaves to it, which is how
 * a trap is taken precisely (sysreg.h). The engines' own PMUSERENR_EL0
 * stays 0 (this device serves every write), so Unicorn traps every EL0
 * access that checks it: all but PMUSERENR_EL0 itself. The core pushes
 * MDCR_EL2 to the EL0/EL1 engines, and Unicorn checks its TPM bit for the
 * PMU registers, but not TPMCR. A trap the engine would not take is not
 * reported, and the access is performed: docs/pmu.md, "Precision".
 */
static bool engine_stops(const struct core *c, const struct reg_def *d, unsigned el)
{
	uint64_t mdcr = c->m->has_el2 ? c->sr[SR_MDCR_EL2] : 0;

	return (el == 0 && d->reg != REG_USERENR) || (el <= 1 && (mdcr & MDCR_TPM));
}

static int trap(void *opaque, unsigned cpu, unsigned el, bool read)
{
	const struct pmu_binding *b = opaque;
	const struct core *c = &b->pmu->m->core[cpu];
	int t = check(b, c, el, read);

	return t > 0 && engine_stops(c, b->def, el) ? t : -1;
}

/*
 * The counter an event counter register names: n, or PMSELR_EL0.SEL for
 * the PMXEV* forms (31: PMCCFILTR_EL0 for PMXEVTYPER_EL0). One the EL does
 * not see (n >= MDCR_EL2.HPMN at EL1 and EL0, SEL = 31 for PMXEVCNTR_EL0)
 * is CONSTRAINED UNPREDICTABLE (PMEVCNTR<n>_EL0, "Accessing"): this PMU
 * makes it RAZ/WI, one of the permitted behaviours, which it can give
 * precisely. -1 then.
 */
static int named_counter(const struct pmu_binding *b, const struct pmu_cpu *p,
			 const struct core *c, unsigned el)
{
	enum reg reg = b->def->reg;
	unsigned n = reg == REG_XEVTYPER || reg == REG_XEVCNTR ? p->selr : b->n;

	if (n == CYCLE && reg == REG_XEVTYPER)
		return CYCLE;
	return n < accessible(c, el) ? (int)n : -1;
}

static uint64_t read_reg(const struct pmu_binding *b, const struct pmu_cpu *p,
			 const struct core *c, unsigned el)
{
	uint32_t visible = visible_bits(c, el);
	int n;

	switch (b->def->reg) {
	case REG_PMCR:
		return PMCR_ID | accessible(c, el) << PMCR_N_SHIFT | p->pmcr;
	case REG_CNTENSET:
	case REG_CNTENCLR:
		return p->cnten & visible;
	case REG_OVSSET:
	case REG_OVSCLR:
		return p->ovs & visible;
	case REG_INTENSET:
	case REG_INTENCLR:
		return p->inten & visible;
	case REG_SELR:
		return p->selr;
	case REG_CEID0:
		return b->pmu->pmceid0;
	case REG_CEID1:
		return 0;               /* no common event from 0x20 on */
	case REG_SWINC:
		return 0;               /* write-only: check() refused the read */
	case REG_CCNTR:
		return p->ctr[CYCLE].value;
	case REG_USERENR:
		return p->userenr;
	case REG_CCFILTR:
		return p->ctr[CYCLE].type;
	case REG_XEVTYPER:
	case REG_EVTYPER:
		n = named_counter(b, p, c, el);
		return n < 0 ? 0 : p->ctr[n].type;
	case REG_XEVCNTR:
	case REG_EVCNTR:
		n = named_counter(b, p, c, el);
		return n < 0 ? 0 : p->ctr[n].value;
	}
	return 0;
}

static void write_reg(const struct pmu_binding *b, struct pmu_cpu *p, const struct core *c,
		      unsigned el, const struct core_progress *now, uint64_t value)
{
	uint32_t visible = visible_bits(c, el), bits = (uint32_t)value & visible;
	int n;

	switch (b->def->reg) {
	case REG_PMCR:
		p->pmcr = (uint32_t)value & PMCR_RW;
		if (value & PMCR_C) {
			p->ctr[CYCLE].value = 0;
			p->prescale = 0;
		}
		/* P resets the counters el sees (at EL2, all). */
		for (unsigned i = 0; (value & PMCR_P) && i < accessible(c, el); i++)
			p->ctr[i].value = 0;
		break;
	case REG_CNTENSET: p->cnten |= bits; break;
	case REG_CNTENCLR: p->cnten &= ~bits; break;
	case REG_OVSSET: p->ovs |= bits; break;
	case REG_OVSCLR: p->ovs &= ~bits; break;
	case REG_INTENSET: p->inten |= bits; break;
	case REG_INTENCLR: p->inten &= ~bits; break;
	case REG_SWINC:
		software_increment(p, c, bits);
		break;
	case REG_SELR:
		p->selr = (uint32_t)value & 31;
		break;
	case REG_CCNTR:
		p->ctr[CYCLE].value = value;
		p->prescale = 0;
		break;
	case REG_USERENR:
		p->userenr = (uint32_t)value & USERENR_MASK;
		break;
	case REG_CCFILTR:
		set_type(p, c, now, CYCLE, value);
		break;
	case REG_XEVTYPER:
	case REG_EVTYPER:
		n = named_counter(b, p, c, el);
		if (n >= 0)
			set_type(p, c, now, (unsigned)n, value);
		break;
	case REG_XEVCNTR:
	case REG_EVCNTR:
		n = named_counter(b, p, c, el);
		if (n >= 0)
			p->ctr[n].value = (uint32_t)value;
		break;
	case REG_CEID0:
	case REG_CEID1:
		break;                  /* read-only: check() refused the write */
	}
}

/*
 * Both directions: the counters are brought up to date first (an access
 * may read them, or change what they count from now on), the interrupt
 * line and the next check after.
 */
static bool access(void *opaque, unsigned cpu, unsigned el, bool read, uint64_t *value)
{
	const struct pmu_binding *b = opaque;
	struct pmu_cpu *p = &b->pmu->cpu[cpu];
	const struct core *c = &b->pmu->m->core[cpu];
	struct core_progress now;

	if (check(b, c, el, read) == UNDEFINED)
		return false;
	core_progress(c, &now);
	update_all(p, c, &now);
	if (read)
		*value = read_reg(b, p, c, el);
	else
		write_reg(b, p, c, el, &now, *value);
	settle(p, c);
	return true;
}

static bool reg_read(void *opaque, unsigned cpu, unsigned el, uint64_t *value)
{
	return access(opaque, cpu, el, true, value);
}

static bool reg_write(void *opaque, unsigned cpu, unsigned el, uint64_t value)
{
	return access(opaque, cpu, el, false, &value);
}

/* ------------------------------------------------------------ set-up */

/*
 * Reset values: the Cortex-A57's PMCR_EL0 (0x41013000: E, D, LC clear);
 * what the architecture leaves UNKNOWN is 0, so runs are deterministic.
 */
static void reset(void *state)
{
	struct pmu *pmu = state;

	for (unsigned cpu = 0; cpu < pmu->m->ncores; cpu++) {
		struct pmu_cpu *p = &pmu->cpu[cpu];

		if (p->pmu) {
			event_cancel(&pmu->m->events, &p->check);
			if (p->irq)             /* the line falls with the reset */
				machine_set_irq(pmu->m, cpu, PMU_PPI, false);
		}
		*p = (struct pmu_cpu){ .check.slot = -1, .pmu = pmu, .cpu = cpu };
	}
}

static int attach(struct pmu *pmu, struct machine *m)
{
	*pmu = (struct pmu){ .m = m };
	for (unsigned e = 0; e < 32; e++)
		if (source_of_event[e] != SRC_UNSUPPORTED)
			pmu->pmceid0 |= 1ull << e;
	reset(pmu);
	for (unsigned i = 0; i < NREGS; i++) {
		struct pmu_binding *b = &pmu->binding[i];
		unsigned n = i < NREGS_FIXED ? 0 : (i - NREGS_FIXED) % PMU_COUNTERS;
		struct sysreg_handler h = {
			.trap = trap, .read = reg_read, .write = reg_write, .opaque = b,
		};

		if (i < NREGS_FIXED) {
			*b = (struct pmu_binding){ pmu, &regs[i], 0 };
			h.enc = regs[i].enc;
		} else if (i < NREGS_FIXED + PMU_COUNTERS) {
			*b = (struct pmu_binding){ pmu, &evcntr, n };
			h.enc = SYSREG_ENC(3, 3, 14, 8 | n >> 3, n & 7);
		} else {
			*b = (struct pmu_binding){ pmu, &evtyper, n };
			h.enc = SYSREG_ENC(3, 3, 14, 12 | n >> 3, n & 7);
		}
		h.min_el = b->def->min_el;
		if (sysreg_register_handler(&m->sysreg_handlers, &h) != 0)
			return -1;
	}
	return 0;
}

static void *create(struct machine *m, const char **error)
{
	struct pmu *pmu = malloc(sizeof(*pmu));

	if (!pmu || attach(pmu, m) != 0) {
		*error = "cannot register the PMU's system registers";
		free(pmu);
		return NULL;
	}
	return pmu;
}

static void describe(const void *state, struct device_info *info)
{
	(void)state;
	*info = (struct device_info){
		.node = "pmu",
		DEVICE_COMPATIBLE("arm,cortex-a57-pmu\0arm,armv8-pmuv3"),
		.nintids = 1,
		.intid = { PMU_PPI },
	};
}

const struct device_type pmu_device = {
	.name = "pmu",
	.summary = "Performance Monitors (PMUv3): cycle counter and 6 event counters per core",
	.create = create,
	.destroy = free,
	.reset = reset,
	.describe = describe,
};
