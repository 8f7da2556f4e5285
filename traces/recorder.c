/*
 * recorder.c - from the machine's events to trace rows (see recorder.h).
 *
 * Everything here runs on the simulation thread and costs little: a row is
 * built in place in the writer's ring. The state kept between events is
 * small and bounded: per core, the exceptions not yet returned from and
 * the interrupts not yet completed. Cycles at each EL are the core's own
 * count (running and waiting in WFI; not while the core is off).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "ec.h"
#include "json.h"
#include "memsys.h"
#include "power.h"
#include "recorder.h"
#include "schema.h"
#include "syndrome.h"
#include "writer.h"

/* Nested exceptions deeper than this drop the oldest (written unreturned). */
#define TRAP_STACK_DEPTH        32
/* Interrupts of one core between raised and completed. */
#define OPEN_IRQS               32
/* Trap classes counted: the 64 ECs (SError is EC 0x2f), then IRQ and FIQ. */
#define CLASS_IRQ               64
#define CLASS_FIQ               65
#define NCLASSES                66
/* vCPUs whose VM traps are attributed to (hyp/config.h: 8 VMs of 8). */
#define MAX_VCPUS               64
/* What a core can be running, for accounting: no vCPU (slot 0), or VM 0-7. */
#define MAX_VMS                 8
#define VM_SLOTS                (MAX_VMS + 1)
#define MAX_CONSOLES            8
#define CONSOLE_LINE_MAX        1024
#define MAX_SOURCES             (MACHINE_MAX_DEVICES * DEVICE_MAX_INTIDS)

struct open_trap {
	struct trap_row row;
	unsigned cls;                   /* class_index() */
	uint64_t insns0, cycles0;       /* the core's counts at to_el on entry */
};

struct core_log {
	struct open_trap stack[TRAP_STACK_DEPTH];
	unsigned depth;
	struct irq_row irq[OPEN_IRQS];  /* oldest first */
	unsigned nirqs;
	int vcpu, vm;                   /* what the core runs (its last switch) */
	struct counters_row since;      /* its counters at that switch */
	struct counters_row used[VM_SLOTS];     /* by what it ran, up to that switch */
};

struct class_count {
	uint64_t count, returned, insns, cycles;
};

/* A console line being assembled, for one VM. */
struct console_line {
	bool used;
	int vm;
	int core;
	uint64_t cycle, ns;
	size_t len;
	char text[CONSOLE_LINE_MAX];
};

struct recorder {
	struct machine *m;
	sqlite3 *db;
	struct writer *w;
	char *path;
	enum trace_level level;
	uint64_t period_ns, next_sample_ns;
	uint64_t next_trap_id, next_irq_id;
	struct core_log core[MACHINE_MAX_CORES];
	struct class_count count[MACHINE_MAX_CORES][VM_SLOTS][NCLASSES][3][3];
	unsigned nvcpus;
	struct { int vcpu, vm; } vcpu[MAX_VCPUS];
	char vm_name[MAX_VMS][ROW_NAME_MAX];
	struct console_line console[MAX_CONSOLES];
	unsigned nsources;
	struct { unsigned intid; const char *name; } source[MAX_SOURCES];
};

/* ------------------------------------------------------------- levels */

static const char *const level_names[] = { "off", "summary", "events", "full" };

int trace_level_parse(const char *name)
{
	for (int i = 0; i < (int)(sizeof(level_names) / sizeof(level_names[0])); i++)
		if (!strcmp(name, level_names[i]))
			return i;
	return -1;
}

const char *trace_level_name(enum trace_level level)
{
	return level_names[level];
}

enum trace_level trace_level_resolve(int level, bool output)
{
	if (level >= 0)
		return (enum trace_level)level;
	return output ? TRACE_EVENTS : TRACE_OFF;
}

enum trace_options_error trace_options_check(int level, bool output, bool period)
{
	enum trace_level resolved = trace_level_resolve(level, output);

	if (resolved != TRACE_OFF && !output)
		return TRACE_OPTIONS_NEED_OUTPUT;
	if (resolved == TRACE_OFF && output)
		return TRACE_OPTIONS_OFF_WITH_OUTPUT;
	if (period && resolved != TRACE_FULL)
		return TRACE_OPTIONS_PERIOD_NOT_FULL;
	return TRACE_OPTIONS_OK;
}

/* ------------------------------------------------------------ helpers */

static bool recording_events(const struct recorder *r)
{
	return r->level >= TRACE_EVENTS;
}

static struct trace_row *next_row(struct recorder *r, enum row_type type)
{
	struct trace_row *row = writer_next(r->w);

	row->type = type;
	return row;
}

static uint64_t cycles_at_el(const struct core *c, unsigned el)
{
	return c->run_cycles_el[el] + c->wait_cycles_el[el];
}

static unsigned class_index(enum exc_kind kind, unsigned ec)
{
	if (kind == EXC_IRQ)
		return CLASS_IRQ;
	if (kind == EXC_FIQ)
		return CLASS_FIQ;
	return ec;
}

static void name_copy(char *dst, const char *src)
{
	snprintf(dst, ROW_NAME_MAX, "%s", src ? src : "");
}

/* The accounting slot of a VM (ROW_NONE: the core held no vCPU). */
static unsigned vm_slot(int vm)
{
	return vm >= 0 && vm < MAX_VMS ? (unsigned)vm + 1 : 0;
}

/* ------------------------------------------------------------- traps */

static void emit_trap(struct recorder *r, const struct trap_row *t)
{
	if (recording_events(r)) {
		next_row(r, ROW_TRAP)->u.trap = *t;
		writer_push(r->w);
	}
}

/* SVC and HVC are the exceptions whose ELR is past the instruction. */
static uint64_t trap_pc(enum exc_kind kind, unsigned ec, uint64_t elr)
{
	if (kind == EXC_SYNC && (ec == EC_SVC64 || ec == EC_HVC64))
		return elr - 4;
	return elr;
}

/*
 * HPFAR_EL2 holds the faulting IPA for an abort taken to EL2 from below
 * with stage 2 in force (TGE clear): the core wrote it just before.
 */
static bool ipa_valid(const struct core *c, unsigned from_el, unsigned to_el, unsigned ec)
{
	return to_el == 2 && from_el < 2 && (ec == EC_IABT_LOWER || ec == EC_DABT_LOWER) &&
	       !(c->sr[SR_HCR_EL2] & HCR_TGE);
}

void recorder_exception(struct recorder *r, const struct core *c, enum exc_kind kind,
			unsigned from_el, unsigned to_el, uint32_t esr, uint64_t elr,
			bool far_valid, uint64_t far)
{
	struct core_log *k = &r->core[c->id];
	bool has_esr = kind == EXC_SYNC || kind == EXC_SERROR;
	unsigned ec = has_esr ? ESR_EC(esr) : 0, cls = class_index(kind, ec);
	struct open_trap *t;

	r->count[c->id][vm_slot(k->vm)][cls][from_el][to_el].count++;
	if ((kind == EXC_IRQ || kind == EXC_FIQ) && recording_events(r))
		for (unsigned i = 0; i < k->nirqs; i++)
			if (!(k->irq[i].flags & IRQ_HAS_DELIVERED)) {
				k->irq[i].flags |= IRQ_HAS_DELIVERED;
				k->irq[i].delivered_cycle = c->cycles;
			}
	if (k->depth == TRAP_STACK_DEPTH) {
		emit_trap(r, &k->stack[0].row);
		memmove(k->stack, k->stack + 1, (TRAP_STACK_DEPTH - 1) * sizeof(k->stack[0]));
		k->depth--;
	}
	t = &k->stack[k->depth++];
	t->row = (struct trap_row){
		.id = ++r->next_trap_id, .core = c->id, .from_el = from_el, .to_el = to_el,
		.kind = ec_kind_name(kind), .class_name = ec_class(kind, ec),
		.vcpu = k->vcpu, .vm = k->vm, .ec = ec, .esr = esr,
		.pc = trap_pc(kind, ec, elr), .elr = elr, .far = far,
		.entry_cycle = c->cycles, .entry_ns = core_ns(c),
		.flags = (has_esr ? TRAP_HAS_ESR : 0) | (far_valid ? TRAP_HAS_FAR : 0),
	};
	if (ipa_valid(c, from_el, to_el, ec)) {
		t->row.flags |= TRAP_HAS_IPA;
		t->row.ipa = (c->sr[SR_HPFAR_EL2] >> 4) << 12 | (far & 0xfff);
	}
	t->cls = cls;
	t->insns0 = c->icount_el[to_el];
	t->cycles0 = cycles_at_el(c, to_el);
}

/*
 * The ERET pairs with the newest open exception taken to from_el. Newer
 * ones, taken to another EL, were left without a return (a core reset by
 * PSCI, say): they are written unreturned. A return with no exception to
 * pair with (the ERETs a boot makes to go down) changes nothing.
 */
void recorder_return(struct recorder *r, const struct core *c, unsigned from_el,
		     unsigned to_el)
{
	struct core_log *k = &r->core[c->id];
	unsigned i = k->depth;
	struct open_trap *t;
	struct class_count *n;

	while (i > 0 && k->stack[i - 1].row.to_el != from_el)
		i--;
	if (i == 0)
		return;
	while (k->depth > i)
		emit_trap(r, &k->stack[--k->depth].row);
	t = &k->stack[--k->depth];
	t->row.flags |= TRAP_RETURNED;
	t->row.return_cycle = c->cycles;
	t->row.return_ns = core_ns(c);
	t->row.return_el = to_el;
	t->row.insns = c->icount_el[from_el] - t->insns0;
	t->row.cycles = cycles_at_el(c, from_el) - t->cycles0;
	n = &r->count[c->id][vm_slot(t->row.vm)][t->cls][t->row.from_el][from_el];
	n->returned++;
	n->insns += t->row.insns;
	n->cycles += t->row.cycles;
	emit_trap(r, &t->row);
}

/* ----------------------------------------------------------- interrupts */

static const char *irq_source(const struct recorder *r, unsigned intid)
{
	for (unsigned i = 0; i < r->nsources; i++)
		if (r->source[i].intid == intid)
			return r->source[i].name;
	return intid < 16 ? "sgi" : NULL;
}

static void close_irq(struct recorder *r, struct core_log *k, unsigned i)
{
	next_row(r, ROW_IRQ)->u.irq = k->irq[i];
	writer_push(r->w);
	memmove(k->irq + i, k->irq + i + 1, (k->nirqs - i - 1) * sizeof(k->irq[0]));
	k->nirqs--;
}

/* The oldest open interrupt intid with none of the stages in without, or -1. */
static int find_irq(const struct core_log *k, unsigned intid, unsigned without)
{
	for (unsigned i = 0; i < k->nirqs; i++)
		if (k->irq[i].intid == intid && !(k->irq[i].flags & without))
			return (int)i;
	return -1;
}

/*
 * An interrupt raised again while still pending is the same interrupt. One
 * acknowledged or completed with no matching raise (its raise came before
 * the stack of open ones overflowed) is not recorded.
 */
void recorder_irq(struct recorder *r, unsigned intid, unsigned cpu, enum irq_event ev)
{
	struct core_log *k;
	const struct core *c;
	uint64_t ns;
	int i;

	if (!recording_events(r) || cpu >= r->m->ncores)
		return;
	k = &r->core[cpu];
	c = &r->m->core[cpu];
	switch (ev) {
	case IRQ_RAISED:
		if (find_irq(k, intid, IRQ_HAS_ACKNOWLEDGED) >= 0)
			return;
		if (k->nirqs == OPEN_IRQS)
			close_irq(r, k, 0);
		/*
		 * Raised now: by the running core (an SGI, a device register it
		 * wrote), or by a device event between turns. The target core's
		 * own clock may stand anywhere in the turn.
		 */
		ns = r->m->running ? core_ns(r->m->running) : r->m->now_ns;
		k->irq[k->nirqs++] = (struct irq_row){
			.id = ++r->next_irq_id, .intid = intid, .core = cpu,
			.source = irq_source(r, intid),
			.raised_cycle = core_cycles_at(c, ns), .raised_ns = ns,
		};
		break;
	case IRQ_ACKNOWLEDGED:
		i = find_irq(k, intid, IRQ_HAS_ACKNOWLEDGED);
		if (i >= 0) {
			k->irq[i].flags |= IRQ_HAS_ACKNOWLEDGED;
			k->irq[i].acknowledged_cycle = c->cycles;
		}
		break;
	case IRQ_COMPLETED:
		i = find_irq(k, intid, IRQ_HAS_COMPLETED);
		if (i >= 0 && (k->irq[i].flags & IRQ_HAS_ACKNOWLEDGED)) {
			k->irq[i].flags |= IRQ_HAS_COMPLETED;
			k->irq[i].completed_cycle = c->cycles;
			close_irq(r, k, (unsigned)i);
		}
		break;
	}
}

/* ------------------------------------------------ deadlines, console */

void recorder_deadline(struct recorder *r, const char *source, uint64_t frame,
		       uint64_t release_ns, uint64_t deadline_ns, uint64_t done_ns, bool missed)
{
	struct deadline_row *d;

	if (!recording_events(r))
		return;
	d = &next_row(r, ROW_DEADLINE)->u.deadline;
	name_copy(d->source, source);
	d->frame = frame;
	d->release_ns = release_ns;
	d->deadline_ns = deadline_ns;
	d->done = done_ns != UINT64_MAX;
	d->done_ns = done_ns;
	d->missed = missed;
	writer_push(r->w);
}

/*
 * The VM a line of the hypervisor's console speaks for: it prefixes each
 * line a VM writes with "[NAME] " (hyp/console.c). ROW_NONE for its own.
 */
static int line_vm(const struct recorder *r, const char *text, size_t len, size_t *skip)
{
	for (int vm = 0; vm < MAX_VMS; vm++) {
		size_t n = strlen(r->vm_name[vm]);

		if (n && len > n + 2 && text[0] == '[' && !memcmp(text + 1, r->vm_name[vm], n) &&
		    text[n + 1] == ']' && text[n + 2] == ' ') {
			*skip = n + 3;
			return vm;
		}
	}
	*skip = 0;
	return ROW_NONE;
}

/* Copies the next space-separated word of *p into out (of size n); false if none or too long. */
static bool next_word(const char **p, const char *end, char *out, size_t n)
{
	const char *w = *p;
	size_t len;

	while (w < end && *w == ' ')
		w++;
	for (len = 0; w + len < end && w[len] != ' '; len++)
		;
	if (!len || len >= n)
		return false;
	memcpy(out, w, len);
	out[len] = '\0';
	*p = w + len;
	return true;
}

/*
 * "metric WORKLOAD NAME VALUE UNIT" (workloads/README.md): a workload's
 * result, kept at every level as a row of metrics.
 */
static void note_metric(struct recorder *r, int vm, uint64_t ns, const char *text, size_t len)
{
	const char *p = text + 7, *end = text + len;
	struct metric_row k = { .vm = vm, .ns = ns };
	char value[24], *stop;

	if (len < 7 || memcmp(text, "metric ", 7) ||
	    !next_word(&p, end, k.workload, sizeof(k.workload)) ||
	    !next_word(&p, end, k.name, sizeof(k.name)) ||
	    !next_word(&p, end, value, sizeof(value)) ||
	    !next_word(&p, end, k.unit, sizeof(k.unit)) || p != end)
		return;
	errno = 0;
	k.value = strtoll(value, &stop, 10);
	if (*stop || errno)
		return;
	next_row(r, ROW_METRIC)->u.metric = k;
	writer_push(r->w);
}

static void flush_line(struct recorder *r, struct console_line *l)
{
	struct console_row *row;
	size_t skip = 0;
	int vm = l->vm != ROW_NONE ? l->vm : line_vm(r, l->text, l->len, &skip);
	char *text;

	note_metric(r, vm, l->ns, l->text + skip, l->len - skip);
	text = recording_events(r) ? malloc(l->len ? l->len : 1) : NULL;
	if (text) {
		memcpy(text, l->text, l->len);
		row = &next_row(r, ROW_CONSOLE)->u.console;
		*row = (struct console_row){
			.vm = vm, .core = l->core, .cycle = l->cycle, .ns = l->ns,
			.text = text, .len = l->len,
		};
		writer_push(r->w);
	}
	l->len = 0;
}

static struct console_line *console_of(struct recorder *r, int vm)
{
	struct console_line *free_line = NULL;

	for (unsigned i = 0; i < MAX_CONSOLES; i++) {
		if (r->console[i].used && r->console[i].vm == vm)
			return &r->console[i];
		if (!r->console[i].used && !free_line)
			free_line = &r->console[i];
	}
	if (!free_line) {
		free_line = &r->console[MAX_CONSOLES - 1];
		if (free_line->len)
			flush_line(r, free_line);
	}
	*free_line = (struct console_line){ .used = true, .vm = vm };
	return free_line;
}

/*
 * A line is stamped with the time of its first character: the running
 * core's, or the machine's between turns (a device's event wrote it).
 */
void recorder_console(struct recorder *r, int vm, const char *text, size_t len)
{
	const struct core *c = r->m->running;
	struct console_line *l = console_of(r, vm);

	for (size_t i = 0; i < len; i++) {
		if (!l->len) {
			l->core = c ? (int)c->id : ROW_NONE;
			l->cycle = c ? c->cycles : 0;
			l->ns = c ? core_ns(c) : r->m->now_ns;
		}
		if (text[i] == '\n') {
			flush_line(r, l);
			continue;
		}
		l->text[l->len++] = text[i];
		if (l->len == CONSOLE_LINE_MAX)
			flush_line(r, l);
	}
}

/* --------------------------------------------------- VMs and switches */

static void emit_vm_row(struct recorder *r, enum row_type type, int vm, int vcpu,
			const char *name, const char *devices)
{
	struct vm_row *v = &next_row(r, type)->u.vm;

	v->vm = vm;
	v->vcpu = vcpu;
	name_copy(v->name, name);
	snprintf(v->devices, sizeof(v->devices), "%s", devices ? devices : "");
	writer_push(r->w);
}

void recorder_vm(struct recorder *r, int vm, const char *name, const char *devices)
{
	if (vm >= 0 && vm < MAX_VMS)
		name_copy(r->vm_name[vm], name);
	emit_vm_row(r, ROW_VM, vm, ROW_NONE, name, devices);
}

void recorder_vcpu(struct recorder *r, int vcpu, int vm, const char *name)
{
	if (r->nvcpus < MAX_VCPUS) {
		r->vcpu[r->nvcpus].vcpu = vcpu;
		r->vcpu[r->nvcpus++].vm = vm;
	}
	emit_vm_row(r, ROW_VCPU, vm, vcpu, name, NULL);
}

/* The VM of a declared vCPU, or ROW_NONE. */
static int vm_of(const struct recorder *r, int vcpu)
{
	for (unsigned i = 0; i < r->nvcpus; i++)
		if (r->vcpu[i].vcpu == vcpu)
			return r->vcpu[i].vm;
	return ROW_NONE;
}

/* The timing model's counters of core c (detailed timing only). */
static void read_timing(const struct recorder *r, const struct core *c,
			struct counters_row *row)
{
	const struct memsys *ms = r->m->memsys;

	row->timed = true;
	row->l1d_misses = ms->l1d[c->id].stats.misses;
	row->l2_misses = ms->l2[c->id].stats.misses;
	row->dram_reads = ms->stats[c->id].dram_reads;
	row->tlb_misses = c->timing->l2_tlb.stats.misses;
	row->branches = c->timing->counters.branches;
	row->mispredicts = c->timing->counters.mispredicts;
}

/* Core i's counters now, cumulative since the start of the run. */
static void read_core(const struct recorder *r, unsigned i, struct counters_row *row)
{
	const struct power *pw = power_of(r->m);
	const struct core *c = &r->m->core[i];

	*row = (struct counters_row){
		.core = i, .vm = r->core[i].vm, .ns = core_ns(c), .cycles = c->cycles,
		.has_energy = pw != NULL,
	};
	for (unsigned el = 0; el < 3; el++) {
		row->insns_el[el] = c->icount_el[el];
		row->cycles_el[el] = cycles_at_el(c, el);
		row->wait_cycles += c->wait_cycles_el[el];
		if (pw)
			row->energy_fj[el] = power_energy_fj(pw, i, el);
	}
	if (c->timing && r->m->memsys)
		read_timing(r, c, row);
}

/*
 * What core i used since its last switch goes to what it was running:
 * vm_usage, exact at every level (counters rows attribute whole sample
 * intervals instead).
 */
static void charge_usage(struct recorder *r, unsigned i)
{
	struct core_log *k = &r->core[i];
	struct counters_row now, *u = &k->used[vm_slot(k->vm)];

	read_core(r, i, &now);
	u->ns += now.ns - k->since.ns;
	u->cycles += now.cycles - k->since.cycles;
	u->wait_cycles += now.wait_cycles - k->since.wait_cycles;
	for (unsigned el = 0; el < 3; el++) {
		u->insns_el[el] += now.insns_el[el] - k->since.insns_el[el];
		u->cycles_el[el] += now.cycles_el[el] - k->since.cycles_el[el];
		u->energy_fj[el] += now.energy_fj[el] - k->since.energy_fj[el];
	}
	u->l1d_misses += now.l1d_misses - k->since.l1d_misses;
	u->l2_misses += now.l2_misses - k->since.l2_misses;
	u->dram_reads += now.dram_reads - k->since.dram_reads;
	u->tlb_misses += now.tlb_misses - k->since.tlb_misses;
	u->branches += now.branches - k->since.branches;
	u->mispredicts += now.mispredicts - k->since.mispredicts;
	u->has_energy = now.has_energy;
	u->timed |= now.timed;
	k->since = now;
}

void recorder_switch(struct recorder *r, unsigned cpu, int from_vcpu, int to_vcpu,
		     const char *reason)
{
	const struct core *c;
	struct switch_row *s;

	if (cpu >= r->m->ncores)
		return;
	c = &r->m->core[cpu];
	charge_usage(r, cpu);
	r->core[cpu].vcpu = to_vcpu;
	r->core[cpu].vm = vm_of(r, to_vcpu);
	if (!recording_events(r))
		return;
	s = &next_row(r, ROW_SWITCH)->u.sw;
	s->core = cpu;
	s->cycle = c->cycles;
	s->ns = core_ns(c);
	s->from_vcpu = from_vcpu;
	s->to_vcpu = to_vcpu;
	name_copy(s->reason, reason);
	writer_push(r->w);
}

/* ------------------------------------------------------------ counters */

static void sample(struct recorder *r, bool final)
{
	for (unsigned i = 0; i < r->m->ncores; i++) {
		struct counters_row *row = &next_row(r, ROW_COUNTERS)->u.counters;

		read_core(r, i, row);
		row->final = final;
		writer_push(r->w);
	}
}

/* The vm_usage rows: each core's account closed, one row per what it ran. */
static void write_usage(struct recorder *r)
{
	for (unsigned i = 0; i < r->m->ncores; i++) {
		charge_usage(r, i);
		for (unsigned slot = 0; slot < VM_SLOTS; slot++) {
			struct counters_row *u = &r->core[i].used[slot];

			if (!u->ns && !u->cycles)
				continue;
			u->core = i;
			u->vm = slot ? (int)slot - 1 : ROW_NONE;
			next_row(r, ROW_USAGE)->u.counters = *u;
			writer_push(r->w);
		}
	}
}

bool recorder_turn(struct recorder *r)
{
	uint64_t now = r->m->now_ns;

	if (r->level == TRACE_FULL && now >= r->next_sample_ns) {
		sample(r, false);
		r->next_sample_ns = (now / r->period_ns + 1) * r->period_ns;
	}
	return writer_error(r->w) == NULL;
}

uint64_t recorder_turn_limit_ns(const struct recorder *r, uint64_t turn_ns)
{
	if (r->level == TRACE_FULL && r->period_ns < turn_ns)
		return r->period_ns;
	return turn_ns;
}

/* ------------------------------------------------------------- creating */

static int exec(sqlite3 *db, const char *sql, char *err, size_t len)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	snprintf(err, len, "%s", sqlite3_errmsg(db));
	return -1;
}

static void host_time(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The --set parameters as a JSON array of "device.key=value" strings. */
static char *params_json(const struct machine_config *cfg)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		return NULL;
	fputc('[', f);
	for (unsigned i = 0; i < cfg->nparams; i++) {
		if (i)
			fputc(',', f);
		json_string(f, cfg->params[i], strlen(cfg->params[i]));
	}
	fputc(']', f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

enum run_col {
	RC_SCENARIO = 1, RC_IMAGE, RC_CORES, RC_RAM, RC_EL, RC_SOC, RC_TIMING, RC_FAST_FORWARD,
	RC_FREQ, RC_COUNTER_HZ, RC_QUANTUM, RC_MAX_INSNS, RC_MAX_NS, RC_PARAMS, RC_SEED,
	RC_LEVEL, RC_PERIOD, RC_PHONESIM, RC_UNICORN, RC_SQLITE, RC_HOST_START, RC_NAME,
	RC_DURATION,
};

static int insert_run(struct recorder *r, const struct recorder_config *cfg, char *err,
		      size_t len)
{
	const struct machine_config *mc = &r->m->cfg;
	char *params = params_json(mc), start[32];
	sqlite3_stmt *st = NULL;
	int rc = -1;

	host_time(start, sizeof(start));
	if (!params) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	if (sqlite3_prepare_v2(r->db, "INSERT INTO run (id, scenario, image, cores, ram_bytes,"
			       " start_el, soc, timing, fast_forward, freq_hz, counter_hz, quantum_ns,"
			       " max_insns, max_ns, params, seed, trace_level, counter_period_ns,"
			       " phonesim_version, unicorn_version, sqlite_version, host_start,"
			       " name, duration_ns)"
			       " VALUES (1, ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, RC_SCENARIO, cfg->scenario, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, RC_IMAGE, cfg->image, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, RC_CORES, mc->ncores);
		sqlite3_bind_int64(st, RC_RAM, (sqlite3_int64)mc->ram_size);
		sqlite3_bind_int64(st, RC_EL, mc->start_el);
		sqlite3_bind_text(st, RC_SOC, mc->soc ? mc->soc : "small", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, RC_TIMING, mc->timing == TIMING_FUNCTIONAL ? "functional"
						 : "detailed", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, RC_FAST_FORWARD, (sqlite3_int64)mc->fast_forward);
		if (mc->freq_hz)
			sqlite3_bind_int64(st, RC_FREQ, (sqlite3_int64)mc->freq_hz);
		sqlite3_bind_int64(st, RC_COUNTER_HZ, (sqlite3_int64)mc->counter_hz);
		sqlite3_bind_int64(st, RC_QUANTUM, (sqlite3_int64)mc->quantum_ns);
		sqlite3_bind_int64(st, RC_MAX_INSNS, (sqlite3_int64)mc->max_insns);
		sqlite3_bind_int64(st, RC_MAX_NS, (sqlite3_int64)mc->max_ns);
		sqlite3_bind_text(st, RC_PARAMS, params, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, RC_SEED, (sqlite3_int64)cfg->seed);
		sqlite3_bind_text(st, RC_LEVEL, trace_level_name(cfg->level), -1, SQLITE_STATIC);
		if (cfg->level == TRACE_FULL)
			sqlite3_bind_int64(st, RC_PERIOD, (sqlite3_int64)cfg->counter_period_ns);
		sqlite3_bind_text(st, RC_PHONESIM, PACKAGE_VERSION, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, RC_UNICORN, UNICORN_VERSION, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, RC_SQLITE, sqlite3_libversion(), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, RC_HOST_START, start, -1, SQLITE_STATIC);
		if (cfg->name)
			sqlite3_bind_text(st, RC_NAME, cfg->name, -1, SQLITE_STATIC);
		if (mc->duration_ns)
			sqlite3_bind_int64(st, RC_DURATION, (sqlite3_int64)mc->duration_ns);
		if (sqlite3_step(st) == SQLITE_DONE)
			rc = 0;
	}
	if (rc)
		snprintf(err, len, "%s", sqlite3_errmsg(r->db));
	sqlite3_finalize(st);
	free(params);
	return rc;
}

/* Runs sql for each i below n for which bind(i) binds a row and returns true. */
static int insert_each(struct recorder *r, const char *sql, unsigned n,
		       bool (*bind)(struct recorder *r, sqlite3_stmt *st, unsigned i),
		       char *err, size_t len)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, len, "%s", sqlite3_errmsg(r->db));
		return -1;
	}
	for (unsigned i = 0; i < n && !rc; i++) {
		if (!bind(r, st, i))
			continue;
		if (sqlite3_step(st) != SQLITE_DONE) {
			snprintf(err, len, "%s", sqlite3_errmsg(r->db));
			rc = -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static bool bind_cpu(struct recorder *r, sqlite3_stmt *st, unsigned i)
{
	const struct core *c = &r->m->core[i];

	sqlite3_bind_int64(st, 1, i);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)c->sr[SR_MPIDR_EL1]);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)c->freq_hz);
	return true;
}

static bool bind_ec(struct recorder *r, sqlite3_stmt *st, unsigned i)
{
	(void)r;
	sqlite3_bind_int64(st, 1, ec_table[i].ec);
	sqlite3_bind_text(st, 2, ec_table[i].name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ec_table[i].description, -1, SQLITE_STATIC);
	return true;
}

static unsigned ec_count(void)
{
	unsigned n = 0;

	while (ec_table[n].name)
		n++;
	return n;
}

static int write_header(struct recorder *r, const struct recorder_config *cfg, char *err,
			size_t len)
{
	if (exec(r->db, "BEGIN", err, len) != 0)
		return -1;
	if (exec(r->db, trace_schema_sql, err, len) != 0 ||
	    insert_run(r, cfg, err, len) != 0 ||
	    insert_each(r, "INSERT INTO cpus (core, mpidr, freq_hz) VALUES (?,?,?)",
			r->m->ncores, bind_cpu, err, len) != 0 ||
	    insert_each(r, "INSERT INTO ec_names (ec, name, description) VALUES (?,?,?)",
			ec_count(), bind_ec, err, len) != 0) {
		sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return exec(r->db, "COMMIT", err, len);
}

/* Which device raises each interrupt, as the devices describe themselves. */
static void find_sources(struct recorder *r)
{
	for (unsigned i = 0; i < r->m->ndevices; i++) {
		struct device_info info = { 0 };

		if (!platform_devices[i]->describe)
			continue;
		platform_devices[i]->describe(r->m->device_state[i], &info);
		for (unsigned j = 0; j < info.nintids && r->nsources < MAX_SOURCES; j++) {
			r->source[r->nsources].intid = info.intid[j];
			r->source[r->nsources++].name = platform_devices[i]->name;
		}
	}
}

/* WAL: readers see every commit while the run goes on, and a crash loses none. */
static int open_db(struct recorder *r, char *err, size_t len)
{
	sqlite3_stmt *st;
	bool wal = false;

	if (sqlite3_open_v2(r->path, &r->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, len, "%s", r->db ? sqlite3_errmsg(r->db) : "out of memory");
		return -1;
	}
	/*
	 * A reader of the live trace (phonesim trace, sqlite3) holds a lock for
	 * the length of its query; switching the journal mode, here and at the
	 * end, needs the database to itself. Wait for the reader, not fail.
	 */
	sqlite3_busy_timeout(r->db, TRACE_BUSY_TIMEOUT_MS);
	if (sqlite3_prepare_v2(r->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) == SQLITE_OK) {
		wal = sqlite3_step(st) == SQLITE_ROW &&
		      !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
	}
	if (!wal) {
		snprintf(err, len, "cannot use WAL mode: %s", sqlite3_errmsg(r->db));
		return -1;
	}
	return exec(r->db, "PRAGMA synchronous = NORMAL", err, len);
}

/*
 * A WAL left by an earlier database of the same name would be replayed into
 * the new one: the side files go with the name.
 */
static void remove_side_files(const char *path)
{
	static const char *const suffix[] = { "-wal", "-shm", "-journal" };
	size_t n = strlen(path) + 9;
	char *side = malloc(n);

	for (unsigned i = 0; side && i < 3; i++) {
		snprintf(side, n, "%s%s", path, suffix[i]);
		unlink(side);
	}
	free(side);
}

static void destroy(struct recorder *r)
{
	sqlite3_close(r->db);
	free(r->path);
	free(r);
}

struct recorder *recorder_create(const char *path, const struct recorder_config *cfg,
				 struct machine *m, char *err, size_t len)
{
	struct recorder *r = calloc(1, sizeof(*r));
	char why[200];
	int fd;

	if (!r || !(r->path = strdup(path))) {
		snprintf(err, len, "cannot create %s: out of memory", path);
		free(r);
		return NULL;
	}
	/* O_EXCL: never overwrite a file that appeared since the caller looked. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		snprintf(err, len, "cannot create %s: %s", path, strerror(errno));
		destroy(r);
		return NULL;
	}
	close(fd);
	remove_side_files(path);
	r->m = m;
	r->level = cfg->level;
	r->period_ns = cfg->counter_period_ns;
	r->next_sample_ns = cfg->counter_period_ns;
	for (unsigned i = 0; i < MACHINE_MAX_CORES; i++)
		r->core[i].vcpu = r->core[i].vm = ROW_NONE;
	for (unsigned i = 0; i < m->ncores; i++)
		read_core(r, i, &r->core[i].since);
	find_sources(r);
	if (open_db(r, why, sizeof(why)) != 0 || write_header(r, cfg, why, sizeof(why)) != 0 ||
	    !(r->w = writer_start(r->db, why, sizeof(why)))) {
		snprintf(err, len, "cannot create %s: %s", path, why);
		sqlite3_close(r->db);
		r->db = NULL;
		unlink(path);
		remove_side_files(path);
		destroy(r);
		return NULL;
	}
	return r;
}

/* ------------------------------------------------------------ finishing */

/* Exceptions, interrupts and lines still open are written as they stand. */
static void flush_open(struct recorder *r)
{
	for (unsigned i = 0; i < r->m->ncores; i++) {
		struct core_log *k = &r->core[i];

		for (unsigned d = 0; d < k->depth; d++)
			emit_trap(r, &k->stack[d].row);
		k->depth = 0;
		if (recording_events(r))
			while (k->nirqs)
				close_irq(r, k, 0);
	}
	for (unsigned i = 0; i < MAX_CONSOLES; i++)
		if (r->console[i].used && r->console[i].len)
			flush_line(r, &r->console[i]);
}

static enum exc_kind class_exc_kind(unsigned cls)
{
	if (cls == CLASS_IRQ)
		return EXC_IRQ;
	if (cls == CLASS_FIQ)
		return EXC_FIQ;
	return cls == EC_SERROR ? EXC_SERROR : EXC_SYNC;
}

/* Row i of trap_summary: r->count flattened, core by core; empty ones skipped. */
static bool bind_class_count(struct recorder *r, sqlite3_stmt *st, unsigned i)
{
	unsigned to = i % 3, from = i / 3 % 3, cls = i / 9 % NCLASSES;
	unsigned slot = i / 9 / NCLASSES % VM_SLOTS, core = i / 9 / NCLASSES / VM_SLOTS;
	const struct class_count *n = &r->count[core][slot][cls][from][to];
	enum exc_kind kind = class_exc_kind(cls);

	if (!n->count)
		return false;
	sqlite3_bind_int64(st, 1, core);
	if (slot)
		sqlite3_bind_int64(st, 2, slot - 1);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, ec_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ec_class(kind, cls), -1, SQLITE_STATIC);
	if (cls < CLASS_IRQ)
		sqlite3_bind_int64(st, 5, cls);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, from);
	sqlite3_bind_int64(st, 7, to);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)n->count);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)n->returned);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)n->insns);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)n->cycles);
	return true;
}

static int update_run(struct recorder *r, bool completed, enum run_outcome outcome,
		      int exit_status, char *err, size_t len)
{
	static const char *const outcomes[] = { "finished", "failed", "interrupted" };
	uint64_t sim_ns = 0;
	sqlite3_stmt *st;
	char end[32];
	int rc = -1;

	for (unsigned i = 0; i < r->m->ncores; i++)
		if (core_ns(&r->m->core[i]) > sim_ns)
			sim_ns = core_ns(&r->m->core[i]);
	host_time(end, sizeof(end));
	if (sqlite3_prepare_v2(r->db, "UPDATE run SET host_end = ?, completed = ?, outcome = ?,"
			       " exit_status = ?, instructions = ?, sim_ns = ? WHERE id = 1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, end, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, completed);
		sqlite3_bind_text(st, 3, outcomes[outcome], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, exit_status);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)machine_instructions(r->m));
		sqlite3_bind_int64(st, 6, (sqlite3_int64)sim_ns);
		if (sqlite3_step(st) == SQLITE_DONE)
			rc = 0;
		sqlite3_finalize(st);
	}
	if (rc)
		snprintf(err, len, "%s", sqlite3_errmsg(r->db));
	return rc;
}

/*
 * The end of the run, written in one transaction after the writer's last
 * commit; a database whose writer failed is still marked, if it can be,
 * but never as completed.
 */
static int write_footer(struct recorder *r, bool completed, enum run_outcome outcome,
			int exit_status, char *err, size_t len)
{
	if (exec(r->db, "BEGIN", err, len) != 0)
		return -1;
	if (insert_each(r, "INSERT INTO trap_summary (core, vm, kind, class, ec, from_el, to_el,"
			" count, returned, insns, cycles) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
			r->m->ncores * VM_SLOTS * NCLASSES * 9, bind_class_count, err, len) != 0 ||
	    update_run(r, completed, outcome, exit_status, err, len) != 0) {
		sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (exec(r->db, "COMMIT", err, len) != 0)
		return -1;
	/* One file again: the WAL is folded into the database and removed. */
	return exec(r->db, "PRAGMA journal_mode = DELETE", err, len);
}

int recorder_finish(struct recorder *r, enum run_outcome outcome, int exit_status,
		    char *err, size_t len)
{
	char why[256], footer[256];
	int rc;

	flush_open(r);
	sample(r, true);
	write_usage(r);
	rc = writer_stop(r->w, why, sizeof(why));
	if (write_footer(r, rc == 0 && outcome == RUN_FINISHED, outcome, exit_status,
			 footer, sizeof(footer)) != 0 && rc == 0) {
		snprintf(why, sizeof(why), "%s", footer);
		rc = -1;
	}
	if (sqlite3_close(r->db) != SQLITE_OK && rc == 0) {
		snprintf(why, sizeof(why), "%s", sqlite3_errmsg(r->db));
		rc = -1;
	}
	r->db = NULL;
	if (rc)
		snprintf(err, len, "cannot write %s: %s", r->path, why);
	destroy(r);
	return rc;
}
