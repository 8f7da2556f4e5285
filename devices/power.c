/*
 * power.c - the power controller: DVFS of the core clusters and the energy
 * model (see power.h; docs/power.md has the registers, the parameters with
 * their sources, and the formula).
 *
 * Energy is kept per core as the energy of the operating-point epochs that
 * are over (closed at each change of the cluster's OPP) plus that of the
 * current epoch, computed on demand from how far the core's counters have
 * grown since the epoch began. Each term of an epoch's energy is worked out
 * exactly in 128-bit integers and rounded down to the femtojoule once, so
 * the result does not depend on when, or how often, it is read.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "platform.h"
#include "power.h"
#include "regs.h"

#define NS_PER_S        1000000000u
#define FJ_PER_PJ       1000u

/* An operating point. */
struct opp {
	uint32_t khz, mv;
};

struct cluster {
	uint64_t boot_hz;               /* the clock its cores boot at (the machine's) */
	unsigned nopps, opp, boot_opp;
	struct opp table[POWER_MAX_OPPS];
	uint32_t cores;                 /* bit n: core n */
	/* The energy model's coefficients (docs/power.md). */
	uint64_t insn_pj, vnom_mv, static_uw, idle_uw;
};

/* A core's counters, by EL: what the energy of an epoch depends on. */
struct counts {
	uint64_t insns[3], run[3], wait[3];
};

struct power_core {
	unsigned cluster;
	struct counts start;            /* the counters when the current epoch began */
	uint64_t closed_fj[3];          /* energy of the epochs before it, by EL */
};

/* A 64-bit counter read as two halves: the low half's read holds the high half. */
struct latch {
	bool valid;
	uint64_t offset, value;
};

struct power {
	struct machine *m;
	unsigned nclusters;
	struct cluster cluster[POWER_MAX_CLUSTERS];
	struct power_core core[MACHINE_MAX_CORES];
	struct latch latch[MACHINE_MAX_CORES];          /* by reading core */
	struct reg_window regs;                         /* access rules, misuse noted */
};

/* A cluster's defaults: its operating points and the energy model's coefficients. */
struct cluster_kind {
	unsigned nopps;
	struct opp table[6];
	uint64_t insn_pj, vnom_mv, static_uw, idle_uw;
};

/*
 * LITTLE, Cortex-A55 class: 0.5-1.8 GHz at 0.6-0.9 V; 57 pJ an instruction
 * at 0.9 V; 15 mW leakage, and 2 mW more while in WFI, at 0.9 V. BIG,
 * Cortex-A76/A78 class: 1.0-2.8 GHz at 0.575-0.95 V; 256 pJ at 0.95 V;
 * 60 mW and 6 mW. docs/power.md gives the sources.
 */
static const struct cluster_kind little = {
	6, { { 500000, 600 }, { 1000000, 700 }, { 1200000, 750 },
	     { 1400000, 800 }, { 1600000, 850 }, { 1800000, 900 } },
	57, 900, 15000, 2000,
};

static const struct cluster_kind big = {
	6, { { 1000000, 575 }, { 1400000, 625 }, { 1800000, 700 },
	     { 2200000, 800 }, { 2500000, 875 }, { 2800000, 950 } },
	256, 950, 60000, 6000,
};

/* A cluster is LITTLE unless its cores boot faster than the LITTLE table goes. */
static const struct cluster_kind *kind_of(const struct cluster *cl)
{
	return cl->boot_hz <= (uint64_t)little.table[little.nopps - 1].khz * 1000 ? &little : &big;
}

/* Bounds that keep each epoch's energy within 128-bit arithmetic. */
#define MAX_KHZ                 10000000u       /* 10 GHz */
#define MAX_MV                  2000u
#define MAX_INSN_PJ             1000000u
#define MAX_POWER_UW            10000000u       /* 10 W */

/* ------------------------------------------------------------ energy */

static struct counts counts_of(const struct core *c)
{
	struct counts n;

	memcpy(n.insns, c->icount_el, sizeof(n.insns));
	memcpy(n.run, c->run_cycles_el, sizeof(n.run));
	memcpy(n.wait, c->wait_cycles_el, sizeof(n.wait));
	return n;
}

/*
 * How much a counter grew. An OPP change takes effect at the end of the
 * block that made it (a block is counted when it starts); if an exception
 * then cuts that block short, the counters fall back below the epoch's
 * start, and the instructions not retired stay charged to the old epoch.
 */
static uint64_t growth(uint64_t now, uint64_t start)
{
	return now > start ? now - start : 0;
}

/*
 * The energy, in fJ, of EL el's share of an epoch at cluster cl's current
 * OPP (docs/power.md, "Energy model"), each term rounded down:
 *   n e (V/Vn)^2  +  (t_run + t_wait) Ps (V/Vn)  +  t_wait Pi (V/Vn)^2
 * with t = cycles / f; pJ x 1000 = fJ, and uW x ns = fJ.
 */
static uint64_t epoch_fj(const struct cluster *cl, unsigned el, const struct counts *start,
			 const struct counts *now)
{
	typedef unsigned __int128 u128;
	const struct opp *o = &cl->table[cl->opp];
	u128 v = o->mv, vn = cl->vnom_mv, hz = (u128)o->khz * 1000;
	u128 n = growth(now->insns[el], start->insns[el]);
	u128 run = growth(now->run[el], start->run[el]);
	u128 wait = growth(now->wait[el], start->wait[el]);
	u128 dynamic = n * cl->insn_pj * FJ_PER_PJ * v * v / (vn * vn);
	u128 leakage = (run + wait) * NS_PER_S * cl->static_uw * v / (hz * vn);
	u128 idle = wait * NS_PER_S * cl->idle_uw * v * v / (hz * vn * vn);

	return (uint64_t)(dynamic + leakage + idle);
}

uint64_t power_energy_fj(const struct power *p, unsigned cpu, unsigned el)
{
	const struct power_core *pc = &p->core[cpu];
	struct counts now = counts_of(&p->m->core[cpu]);

	return pc->closed_fj[el] + epoch_fj(&p->cluster[pc->cluster], el, &pc->start, &now);
}

/* Counter e of core cpu in pJ: e = 0 all ELs, 1 + EL one of them. */
static uint64_t energy_pj(const struct power *p, unsigned cpu, unsigned e)
{
	uint64_t fj = 0;

	for (unsigned el = 0; el < 3; el++)
		if (e == 0 || e == 1 + el)
			fj += power_energy_fj(p, cpu, el);
	return fj / FJ_PER_PJ;
}

/* A new epoch starts where a counter is now, never before its last start (growth()). */
static void start_at(uint64_t *start, uint64_t now)
{
	if (now > *start)
		*start = now;
}

/*
 * Cluster k moves to OPP i: each of its cores closes its epoch at the old
 * voltage, then runs at the new frequency from its current cycle.
 */
static void set_opp(struct power *p, unsigned k, unsigned i)
{
	struct cluster *cl = &p->cluster[k];
	struct machine *m = p->m;

	for (unsigned cpu = 0; cpu < m->ncores; cpu++) {
		struct power_core *pc = &p->core[cpu];
		struct counts now = counts_of(&m->core[cpu]);

		if (pc->cluster != k)
			continue;
		for (unsigned el = 0; el < 3; el++) {
			pc->closed_fj[el] += epoch_fj(cl, el, &pc->start, &now);
			start_at(&pc->start.insns[el], now.insns[el]);
			start_at(&pc->start.run[el], now.run[el]);
			start_at(&pc->start.wait[el], now.wait[el]);
		}
	}
	cl->opp = i;
	for (unsigned cpu = 0; cpu < m->ncores; cpu++)
		if (p->core[cpu].cluster == k)
			core_set_freq(&m->core[cpu], (uint64_t)cl->table[i].khz * 1000);
}

/* --------------------------------------------------------- registers */

/* What a register offset names. */
enum reg_kind {
	REG_NONE, REG_NCLUSTERS, REG_NCORES, REG_OPP, REG_NOPPS, REG_CORES,
	REG_FREQ, REG_VOLT, REG_ENERGY_LO, REG_ENERGY_HI,
};

struct reg {
	enum reg_kind kind;
	unsigned unit;          /* cluster or core */
	unsigned index;         /* OPP, or energy counter */
};

static struct reg decode_cluster(const struct power *p, unsigned k, uint64_t off)
{
	struct reg r = { REG_NONE, k, 0 };

	if (k >= p->nclusters)
		return r;
	if (off == POWER_CL_OPP)
		r.kind = REG_OPP;
	else if (off == POWER_CL_NOPPS)
		r.kind = REG_NOPPS;
	else if (off == POWER_CL_CORES)
		r.kind = REG_CORES;
	else if (off >= POWER_CL_FREQ_KHZ(0) && off < POWER_CL_FREQ_KHZ(p->cluster[k].nopps)) {
		r.index = (unsigned)(off - POWER_CL_FREQ_KHZ(0)) / 8;
		r.kind = off & 4 ? REG_VOLT : REG_FREQ;
	}
	return r;
}

static struct reg decode(const struct power *p, uint64_t off)
{
	struct reg none = { REG_NONE, 0, 0 };

	if (off == POWER_NCLUSTERS)
		return (struct reg){ REG_NCLUSTERS, 0, 0 };
	if (off == POWER_NCORES)
		return (struct reg){ REG_NCORES, 0, 0 };
	if (off >= POWER_CLUSTER(0) && off < POWER_CLUSTER(POWER_MAX_CLUSTERS))
		return decode_cluster(p, (unsigned)(off - POWER_CLUSTER(0)) / 0x100,
				      (off - POWER_CLUSTER(0)) % 0x100);
	if (off >= POWER_CORE(0) && off < POWER_CORE(p->m->ncores)) {
		unsigned rel = (unsigned)(off - POWER_CORE(0)) % 0x20;

		return (struct reg){ rel & 4 ? REG_ENERGY_HI : REG_ENERGY_LO,
				     (unsigned)(off - POWER_CORE(0)) / 0x20, rel / 8 };
	}
	return none;
}

static uint64_t energy_half(struct power *p, unsigned cpu, uint64_t off, const struct reg *r)
{
	struct latch *l = &p->latch[cpu];

	if (r->kind == REG_ENERGY_LO) {
		*l = (struct latch){ true, off, energy_pj(p, r->unit, r->index) };
		return (uint32_t)l->value;
	}
	if (l->valid && l->offset == off - 4)
		return l->value >> 32;
	return energy_pj(p, r->unit, r->index) >> 32;
}

static uint64_t reg_read(void *opaque, unsigned cpu, uint64_t off, unsigned size)
{
	struct power *p = opaque;
	struct reg r = decode(p, off);

	if (!reg_access_ok(&p->regs, cpu, off, size))
		return 0;
	switch (r.kind) {
	case REG_NCLUSTERS: return p->nclusters;
	case REG_NCORES: return p->m->ncores;
	case REG_OPP: return p->cluster[r.unit].opp;
	case REG_NOPPS: return p->cluster[r.unit].nopps;
	case REG_CORES: return p->cluster[r.unit].cores;
	case REG_FREQ: return p->cluster[r.unit].table[r.index].khz;
	case REG_VOLT: return p->cluster[r.unit].table[r.index].mv;
	case REG_ENERGY_LO:
	case REG_ENERGY_HI:
		return energy_half(p, cpu, off, &r);
	case REG_NONE:
		break;
	}
	reg_note(&p->regs, cpu, off, "no register there: reads as zero");
	return 0;
}

static void reg_write(void *opaque, unsigned cpu, uint64_t off, unsigned size, uint64_t value)
{
	struct power *p = opaque;
	struct reg r = decode(p, off);

	if (!reg_access_ok(&p->regs, cpu, off, size))
		return;
	if (r.kind == REG_OPP && value < p->cluster[r.unit].nopps) {
		set_opp(p, r.unit, (unsigned)value);
	} else if (r.kind == REG_OPP) {
		char what[64];

		snprintf(what, sizeof(what), "cluster %u has no OPP %llu: write ignored", r.unit,
			 (unsigned long long)value);
		reg_note(&p->regs, cpu, off, what);
	} else {
		reg_note(&p->regs, cpu, off, r.kind == REG_NONE ? "no register there: write ignored" :
			 "read-only register: write ignored");
	}
}

static const struct mmio_ops ops = { .read = reg_read, .write = reg_write };

/* -------------------------------------------------------- parameters */

/* Sets *error to a message composed in the machine's buffer. */
static bool fail(struct machine *m, const char **error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct machine *m, const char **error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->error, sizeof(m->error), fmt, ap);
	va_end(ap);
	*error = m->error;
	return false;
}

/* A decimal number in [min, max] at *s, which moves past it. */
static bool parse_number(const char **s, uint64_t min, uint64_t max, uint64_t *v)
{
	char *end;

	if (**s < '0' || **s > '9')
		return false;
	errno = 0;
	*v = strtoull(*s, &end, 10);
	*s = end;
	return errno != ERANGE && *v >= min && *v <= max;
}

/*
 * Without power.core_clusters, cores that boot at the same clock share a
 * cluster, numbered in the order of their first core (every core in
 * cluster 0 when all boot alike).
 */
static unsigned cluster_by_clock(struct power *p, uint64_t hz)
{
	unsigned k;

	for (k = 0; k < p->nclusters; k++)
		if (p->cluster[k].boot_hz == hz)
			return k;
	return k;
}

/* Core cpu joins cluster k, whose cores must all boot at the same clock. */
static bool join(struct power *p, unsigned cpu, unsigned k, const char **error)
{
	uint64_t hz = machine_core_hz(p->m, cpu);
	struct cluster *cl;

	if (k >= POWER_MAX_CLUSTERS)
		return fail(p->m, error, "power: the cores boot at more than %d clocks: give "
			    "power.core_clusters", POWER_MAX_CLUSTERS);
	cl = &p->cluster[k];
	if (cl->cores && cl->boot_hz != hz)
		return fail(p->m, error, "power: core %u boots at another clock than the others "
			    "of cluster %u (power.core_clusters)", cpu, k);
	cl->boot_hz = hz;
	cl->cores |= 1u << cpu;
	p->core[cpu].cluster = k;
	if (k + 1 > p->nclusters)
		p->nclusters = k + 1;
	return true;
}

/* power.core_clusters: the cluster of each core, "0,0,1,1". */
static bool parse_clusters(struct power *p, const char **error)
{
	struct machine *m = p->m;
	const char *name = "power.core_clusters";
	const char *s = machine_param_str(m, name, NULL);

	for (unsigned cpu = 0; cpu < m->ncores; cpu++) {
		uint64_t k;

		if (!s)
			k = cluster_by_clock(p, machine_core_hz(m, cpu));
		else if (!parse_number(&s, 0, POWER_MAX_CLUSTERS - 1, &k) ||
			 *s++ != (cpu + 1 < m->ncores ? ',' : '\0'))
			return fail(m, error, "parameter %s: give the cluster (0-%d) of each "
				    "of the %u cores, separated by commas", name,
				    POWER_MAX_CLUSTERS - 1, m->ncores);
		if (!join(p, cpu, (unsigned)k, error))
			return false;
	}
	for (unsigned k = 0; k < p->nclusters; k++)
		if (!p->cluster[k].cores)
			return fail(m, error, "parameter %s: cluster %u has no core", name, k);
	return true;
}

/* power.clusterK.opps: "kHz:mV,..." in rising frequency, voltage never falling. */
static bool parse_opps(struct power *p, unsigned k, const char **error)
{
	struct cluster *cl = &p->cluster[k];
	char name[40];
	const char *s;

	snprintf(name, sizeof(name), "power.cluster%u.opps", k);
	s = machine_param_str(p->m, name, NULL);
	if (!s) {
		cl->nopps = kind_of(cl)->nopps;
		memcpy(cl->table, kind_of(cl)->table, sizeof(kind_of(cl)->table));
		return true;
	}
	for (cl->nopps = 0; cl->nopps < POWER_MAX_OPPS; s++) {
		uint64_t khz, mv;
		const struct opp *prev = cl->nopps ? &cl->table[cl->nopps - 1] : NULL;

		if (!parse_number(&s, 1000, MAX_KHZ, &khz) || *s++ != ':' ||
		    !parse_number(&s, 1, MAX_MV, &mv) || (*s && *s != ','))
			return fail(p->m, error, "parameter %s: '%s' is not a list of kHz:mV "
				    "(1000-%u kHz, 1-%u mV)", name, machine_param_str(p->m, name, ""),
				    MAX_KHZ, MAX_MV);
		if (prev && (khz <= prev->khz || mv < prev->mv))
			return fail(p->m, error, "parameter %s: operating points must rise in "
				    "frequency, and not fall in voltage", name);
		cl->table[cl->nopps++] = (struct opp){ (uint32_t)khz, (uint32_t)mv };
		if (!*s)
			return true;
	}
	return fail(p->m, error, "parameter %s: more than %d operating points", name,
		    POWER_MAX_OPPS);
}

static bool cluster_number(struct power *p, unsigned k, const char *key, uint64_t def,
			   uint64_t min, uint64_t max, uint64_t *v, const char **error)
{
	char name[40];
	const char *why = NULL;

	snprintf(name, sizeof(name), "power.cluster%u.%s", k, key);
	*v = machine_param_u64(p->m, name, def, min, max, &why);
	if (why)
		*error = why;
	return !why;
}

/* The cluster boots at the OPP of its cores' clock, the machine's (its SoC preset's). */
static bool find_boot_opp(struct power *p, unsigned k, const char **error)
{
	struct cluster *cl = &p->cluster[k];

	for (unsigned i = 0; i < cl->nopps; i++)
		if ((uint64_t)cl->table[i].khz * 1000 == cl->boot_hz) {
			cl->boot_opp = cl->opp = i;
			return true;
		}
	return fail(p->m, error, "parameter power.cluster%u.opps: no operating point at the "
		    "clock its cores boot at (%llu kHz)", k, (unsigned long long)(cl->boot_hz / 1000));
}

static bool configure_cluster(struct power *p, unsigned k, const char **error)
{
	struct cluster *cl = &p->cluster[k];
	const struct cluster_kind *d = kind_of(cl);

	return parse_opps(p, k, error) && find_boot_opp(p, k, error) &&
	       cluster_number(p, k, "insn_pj", d->insn_pj, 0, MAX_INSN_PJ, &cl->insn_pj, error) &&
	       cluster_number(p, k, "vnom_mv", d->vnom_mv, 1, MAX_MV, &cl->vnom_mv, error) &&
	       cluster_number(p, k, "static_uw", d->static_uw, 0, MAX_POWER_UW, &cl->static_uw,
			      error) &&
	       cluster_number(p, k, "idle_uw", d->idle_uw, 0, MAX_POWER_UW, &cl->idle_uw, error);
}

static bool configure(struct power *p, const char **error)
{
	if (!parse_clusters(p, error))
		return false;
	for (unsigned k = 0; k < p->nclusters; k++)
		if (!configure_cluster(p, k, error))
			return false;
	return true;
}

/* ------------------------------------------------------------ device */

/* Every cluster back at its boot OPP; the energy used so far is kept. */
static void reset(void *state)
{
	struct power *p = state;

	for (unsigned k = 0; k < p->nclusters; k++)
		set_opp(p, k, p->cluster[k].boot_opp);
	memset(p->latch, 0, sizeof(p->latch));
}

static void *create(struct machine *m, const char **error)
{
	struct power *p = calloc(1, sizeof(*p));
	struct mmio_window w = {
		.name = "power", .base = PLAT_POWER_BASE, .size = PLAT_DEVICE_SIZE,
		.ops = &ops, .opaque = p,
	};

	if (!p || machine_add_window(m, &w) != 0) {
		*error = "cannot claim the power controller's window";
		free(p);
		return NULL;
	}
	p->m = m;
	reg_window_init(&p->regs, m, "power", PLAT_POWER_BASE);
	/* With a bad parameter the device is returned anyway: machine_init reports it. */
	configure(p, error);
	return p;
}

static void describe(const void *state, struct device_info *info)
{
	(void)state;
	*info = (struct device_info){
		.compatible = "phonesim,power-controller",
		.nregions = 1,
		.region = { { PLAT_POWER_BASE, PLAT_DEVICE_SIZE } },
	};
}

/* The run summary: energy by core and EL, and where each cluster ended. */
static void report(const void *state, FILE *out)
{
	const struct power *p = state;

	fprintf(out, "phonesim: energy (power model):\n");
	for (unsigned cpu = 0; cpu < p->m->ncores; cpu++)
		fprintf(out, "phonesim:   core %u: %llu pJ (EL0 %llu, EL1 %llu, EL2 %llu)\n", cpu,
			(unsigned long long)energy_pj(p, cpu, 0), (unsigned long long)energy_pj(p, cpu, 1),
			(unsigned long long)energy_pj(p, cpu, 2), (unsigned long long)energy_pj(p, cpu, 3));
	for (unsigned k = 0; k < p->nclusters; k++) {
		const struct cluster *cl = &p->cluster[k];

		fprintf(out, "phonesim:   cluster %u: OPP %u, %u kHz, %u mV\n", k, cl->opp,
			cl->table[cl->opp].khz, cl->table[cl->opp].mv);
	}
}

const struct device_type power_device = {
	.name = "power",
	.summary = "power controller: DVFS of the core clusters, energy counters",
	.create = create,
	.destroy = free,
	.reset = reset,
	.describe = describe,
	.report = report,
};

struct power *power_of(struct machine *m)
{
	return machine_device(m, &power_device);
}
