/*
 * generic_timer.c - the ARM generic timer (see generic_timer.h).
 * Section numbers are ARM DDI 0487 (issue K.a), chapter D11.
 */
#include <errno.h>
#include <stdlib.h>

#include "generic_timer.h"
#include "machine.h"

/* The registers, each served by one handler whose opaque names it. */
enum gtimer_reg {
	REG_FRQ, REG_PCT, REG_VCT, REG_VOFF,
	REG_CTL, REG_CVAL, REG_TVAL,
};


/* CNTKCTL_EL1 (D13.8.x) EL0 access enables, CNTHCTL_EL2 EL1 access enables. */
#define CNTKCTL_EL0PCTEN        (1u << 0)
#define CNTKCTL_EL0VCTEN        (1u << 1)
#define CNTKCTL_EL0VTEN         (1u << 8)
#define CNTKCTL_EL0PTEN         (1u << 9)
#define CNTHCTL_EL1PCTEN        (1u << 0)
#define CNTHCTL_EL1PCEN         (1u << 1)

#define CTL_ENABLE      1u
#define CTL_IMASK       2u
#define CTL_ISTATUS     4u

static const unsigned ppi_of[GTIMER_KINDS] = {
	[GTIMER_PHYS] = GTIMER_PPI_PHYS,
	[GTIMER_VIRT] = GTIMER_PPI_VIRT,
	[GTIMER_HYP] = GTIMER_PPI_HYP_PHYS,
};

/* ---------------------------------------------------------------- time */

static uint64_t ns_to_count(const struct gtimer *g, uint64_t ns)
{
	return (uint64_t)((unsigned __int128)ns * g->freq_hz / 1000000000u);
}

/* The first simulated nanosecond at which the count has reached count. */
static uint64_t count_to_ns(const struct gtimer *g, uint64_t count)
{
	unsigned __int128 ns = ((unsigned __int128)count * 1000000000u + g->freq_hz - 1) / g->freq_hz;

	return ns >= EVENT_NEVER ? EVENT_NEVER : (uint64_t)ns;
}

uint64_t gtimer_count(const struct gtimer *g, unsigned cpu)
{
	return ns_to_count(g, core_ns_now(&g->m->core[cpu]));
}

/* D11.2.4: the virtual count is the physical count less CNTVOFF_EL2. */
static uint64_t count_for(const struct gtimer *g, unsigned cpu, enum gtimer_kind kind)
{
	uint64_t count = gtimer_count(g, cpu);

	return kind == GTIMER_VIRT ? count - g->cpu[cpu].cntvoff : count;
}

/* --------------------------------------------------- condition, output */

/* D11.2.4: the condition is met when the count has reached CompareValue. */
static bool condition_met(const struct gtimer *g, unsigned cpu, enum gtimer_kind kind)
{
	const struct gtimer_timer *t = &g->cpu[cpu].t[kind];

	return (t->ctl & CTL_ENABLE) && count_for(g, cpu, kind) >= t->cval;
}

static void recalc(struct gtimer *g, unsigned cpu, enum gtimer_kind kind);

static void on_deadline(void *opaque, uint64_t now_ns)
{
	struct gtimer_timer *t = opaque;

	(void)now_ns;
	recalc(t->g, t->cpu, t->kind);
}

/*
 * Drives the output (ENABLE, ISTATUS and not IMASK) and, while the condition
 * is still to come, schedules the event at the moment it will be met.
 */
static void recalc(struct gtimer *g, unsigned cpu, enum gtimer_kind kind)
{
	struct gtimer_timer *t = &g->cpu[cpu].t[kind];
	bool met = condition_met(g, cpu, kind);
	bool output = met && !(t->ctl & CTL_IMASK);

	if (output != t->output) {
		t->output = output;
		g->output(g->output_opaque, cpu, ppi_of[kind], output);
	}
	if ((t->ctl & CTL_ENABLE) && !met) {
		/*
		 * Not met: the count is below CVAL. The physical count at which
		 * it will be met is now + (CVAL - count), computed so: CVAL plus
		 * CNTVOFF would wrap for a virtual timer set to "never".
		 */
		uint64_t phys = gtimer_count(g, cpu), distance = t->cval - count_for(g, cpu, kind);
		uint64_t when = phys + distance < phys ? EVENT_NEVER : count_to_ns(g, phys + distance);
		uint64_t now = core_ns_now(&g->m->core[cpu]);

		if (when != EVENT_NEVER) {
			/* Never at or before now: the condition was found unmet now. */
			event_schedule(&g->m->events, &t->deadline, when > now ? when : now + 1,
				       on_deadline, t);
			return;
		}
	}
	event_cancel(&g->m->events, &t->deadline);
}

/* ---------------------------------------------------------- registers */

static uint64_t core_sr(const struct gtimer *g, unsigned cpu, enum sysreg_id id)
{
	return g->m->core[cpu].sr[id];
}

/*
 * D11.2.2 and the CNTKCTL_EL1/CNTHCTL_EL2 descriptions: EL0 reaches the
 * counters and timers only where CNTKCTL_EL1 enables them (else a trap to
 * EL1); EL0 and EL1 reach the physical counter and timer only where
 * CNTHCTL_EL2 enables them (else a trap to EL2).
 */
static int trap(void *opaque, unsigned cpu, unsigned el, bool read)
{
	const struct gtimer_binding *b = opaque;
	uint64_t kctl = core_sr(b->g, cpu, SR_CNTKCTL_EL1);
	uint64_t hctl = b->g->m->has_el2 ? core_sr(b->g, cpu, SR_CNTHCTL_EL2)
					 : CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN;
	bool phys_counter = b->reg == REG_PCT;
	bool phys_timer = b->reg >= REG_CTL && b->kind == GTIMER_PHYS;

	(void)read;
	if (el == 0) {
		uint64_t need;

		switch (b->reg) {
		case REG_FRQ: need = CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN; break;
		case REG_PCT: need = CNTKCTL_EL0PCTEN; break;
		case REG_VCT: need = CNTKCTL_EL0VCTEN; break;
		default: need = b->kind == GTIMER_PHYS ? CNTKCTL_EL0PTEN : CNTKCTL_EL0VTEN; break;
		}
		if (!(kctl & need))
			return 1;
	}
	if (el <= 1 && ((phys_counter && !(hctl & CNTHCTL_EL1PCTEN)) ||
			(phys_timer && !(hctl & CNTHCTL_EL1PCEN))))
		return 2;
	return -1;
}

static bool reg_read(void *opaque, unsigned cpu, unsigned el, uint64_t *value)
{
	const struct gtimer_binding *b = opaque;
	struct gtimer *g = b->g;
	const struct gtimer_timer *t = &g->cpu[cpu].t[b->kind];

	(void)el;
	switch (b->reg) {
	case REG_FRQ:
		*value = g->freq_hz;
		break;
	case REG_PCT:
		*value = gtimer_count(g, cpu);
		break;
	case REG_VCT:
		*value = count_for(g, cpu, GTIMER_VIRT);
		break;
	case REG_VOFF:
		*value = g->cpu[cpu].cntvoff;
		break;
	case REG_CTL:
		*value = t->ctl | (condition_met(g, cpu, b->kind) ? CTL_ISTATUS : 0);
		break;
	case REG_CVAL:
		*value = t->cval;
		break;
	case REG_TVAL:
		/* D11.2.4: TimerValue reads (CompareValue - count)[31:0]. */
		*value = (uint32_t)(t->cval - count_for(g, cpu, b->kind));
		break;
	}
	return true;
}

static bool reg_write(void *opaque, unsigned cpu, unsigned el, uint64_t value)
{
	const struct gtimer_binding *b = opaque;
	struct gtimer *g = b->g;
	struct gtimer_timer *t = &g->cpu[cpu].t[b->kind];

	(void)el;
	switch (b->reg) {
	case REG_FRQ:
	case REG_PCT:
	case REG_VCT:
		return false;   /* read-only below EL3: UNDEFINED */
	case REG_VOFF:
		g->cpu[cpu].cntvoff = value;
		recalc(g, cpu, GTIMER_VIRT);
		return true;
	case REG_CTL:
		t->ctl = value & (CTL_ENABLE | CTL_IMASK);
		break;
	case REG_CVAL:
		t->cval = value;
		break;
	case REG_TVAL:
		/* D11.2.4: CompareValue = count + SignExtend(TimerValue[31:0]). */
		t->cval = count_for(g, cpu, b->kind) + (uint64_t)(int64_t)(int32_t)value;
		break;
	}
	recalc(g, cpu, b->kind);
	return true;
}

/* ------------------------------------------------------------ set-up */

struct reg_def {
	uint32_t enc;
	uint8_t min_el;
	enum gtimer_reg reg;
	enum gtimer_kind kind;
};

static const struct reg_def regs[] = {
	{ SYSREG_ENC(3, 3, 14, 0, 0), 0, REG_FRQ, 0 },          /* CNTFRQ_EL0 */
	{ SYSREG_ENC(3, 3, 14, 0, 1), 0, REG_PCT, 0 },          /* CNTPCT_EL0 */
	{ SYSREG_ENC(3, 3, 14, 0, 2), 0, REG_VCT, 0 },          /* CNTVCT_EL0 */
	{ SYSREG_ENC(3, 4, 14, 0, 3), 2, REG_VOFF, 0 },         /* CNTVOFF_EL2 */
	{ SYSREG_ENC(3, 3, 14, 2, 0), 0, REG_TVAL, GTIMER_PHYS },       /* CNTP_TVAL_EL0 */
	{ SYSREG_ENC(3, 3, 14, 2, 1), 0, REG_CTL, GTIMER_PHYS },        /* CNTP_CTL_EL0 */
	{ SYSREG_ENC(3, 3, 14, 2, 2), 0, REG_CVAL, GTIMER_PHYS },       /* CNTP_CVAL_EL0 */
	{ SYSREG_ENC(3, 3, 14, 3, 0), 0, REG_TVAL, GTIMER_VIRT },       /* CNTV_TVAL_EL0 */
	{ SYSREG_ENC(3, 3, 14, 3, 1), 0, REG_CTL, GTIMER_VIRT },        /* CNTV_CTL_EL0 */
	{ SYSREG_ENC(3, 3, 14, 3, 2), 0, REG_CVAL, GTIMER_VIRT },       /* CNTV_CVAL_EL0 */
	{ SYSREG_ENC(3, 4, 14, 2, 0), 2, REG_TVAL, GTIMER_HYP },        /* CNTHP_TVAL_EL2 */
	{ SYSREG_ENC(3, 4, 14, 2, 1), 2, REG_CTL, GTIMER_HYP },         /* CNTHP_CTL_EL2 */
	{ SYSREG_ENC(3, 4, 14, 2, 2), 2, REG_CVAL, GTIMER_HYP },        /* CNTHP_CVAL_EL2 */
};

_Static_assert(sizeof(regs) / sizeof(regs[0]) == GTIMER_NREGS, "GTIMER_NREGS");

static void to_irq_line(void *opaque, unsigned cpu, unsigned intid, bool level)
{
	machine_set_irq(opaque, cpu, intid, level);
}

/* Timers disabled, compare values and offsets zero, outputs low. */
static void reset(void *state)
{
	struct gtimer *g = state;

	for (unsigned cpu = 0; cpu < g->m->ncores; cpu++) {
		for (unsigned k = 0; k < GTIMER_KINDS; k++) {
			struct gtimer_timer *t = &g->cpu[cpu].t[k];

			if (t->g) {
				event_cancel(&g->m->events, &t->deadline);
				if (t->output)          /* the line falls with the reset */
					g->output(g->output_opaque, cpu, ppi_of[k], false);
			}
			*t = (struct gtimer_timer){ .deadline.slot = -1, .g = g, .cpu = cpu, .kind = k };
		}
		g->cpu[cpu].cntvoff = 0;
	}
}

static int attach(struct gtimer *g, struct machine *m, uint64_t freq_hz)
{
	*g = (struct gtimer){ .m = m, .freq_hz = freq_hz, .output = to_irq_line, .output_opaque = m };
	reset(g);
	for (unsigned i = 0; i < GTIMER_NREGS; i++) {
		struct sysreg_handler h = {
			.enc = regs[i].enc, .min_el = regs[i].min_el,
			.trap = trap, .read = reg_read, .write = reg_write,
			.opaque = &g->binding[i],
		};

		g->binding[i] = (struct gtimer_binding){ g, regs[i].reg, regs[i].kind };
		if (sysreg_register_handler(&m->sysreg_handlers, &h) != 0)
			return -EEXIST;
	}
	return 0;
}

static void *create(struct machine *m, const char **error)
{
	struct gtimer *g = malloc(sizeof(*g));
	uint64_t freq = machine_param_u64(m, "generic_timer.freq_hz", m->cfg.counter_hz,
					  1000, 1000000000, error);

	if (!g || attach(g, m, freq) != 0) {
		*error = "cannot register the timer's system registers";
		free(g);
		return NULL;
	}
	return g;
}

static void describe(const void *state, struct device_info *info)
{
	(void)state;
	/*
	 * In the order the arm,armv8-timer binding lists them: secure physical
	 * (PPI 29, never raised: this SoC has one security state), non-secure
	 * physical, virtual, hypervisor physical.
	 */
	*info = (struct device_info){
		.node = "timer",
		.compatible = "arm,armv8-timer",
		.nintids = 4,
		.intid = { 29, GTIMER_PPI_PHYS, GTIMER_PPI_VIRT, GTIMER_PPI_HYP_PHYS },
	};
}

const struct device_type generic_timer_device = {
	.name = "generic_timer",
	.summary = "ARM generic timer: system counter, EL1 physical, virtual and EL2 physical timers",
	.create = create,
	.destroy = free,
	.reset = reset,
	.describe = describe,
};

struct gtimer *gtimer_of(struct machine *m)
{
	return machine_device(m, &generic_timer_device);
}
