/*
 * machine.c - the SoC's cores and memory, and the deterministic run loop
 * (see machine.h).
 */
#include <capstone/capstone.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../hyp/abi.h"
#include "diag.h"
#include "elf.h"
#include "machine.h"
#include "platform.h"
#include "recorder.h"
#include "syndrome.h"

/* ------------------------------------------------- semihosting glue */

/*
 * Semihosting addresses are the caller's virtual addresses: each page goes
 * through the caller's translation, stage 2 included, with its privilege,
 * so that a call reaches exactly what the caller itself could (a guest under
 * a hypervisor reaches nothing outside its partition).
 */
static bool sh_access(struct core *c, uint64_t va, uint8_t *buf, size_t len, bool write)
{
	while (len) {
		size_t chunk = 4096 - (va & 4095);
		struct walk_result res;

		if (chunk > len)
			chunk = len;
		if (!core_walk(c, va, write ? WALK_WRITE : WALK_READ, c->el == 0, mem_read_desc,
			       &c->m->mem, &res))
			return false;
		if (write ? !mem_write(&c->m->mem, res.pa, buf, chunk)
			  : !mem_read(&c->m->mem, res.pa, buf, chunk))
			return false;
		va += chunk;
		buf += chunk;
		len -= chunk;
	}
	return true;
}

static bool sh_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return sh_access(ctx, addr, buf, len, false);
}

static bool sh_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	return sh_access(ctx, addr, (uint8_t *)buf, len, true);
}

static void sh_console_write(void *ctx, const char *buf, size_t len)
{
	struct core *c = ctx;

	machine_trace_console(c->m, -1, buf, len);
}

static int sh_console_read(void *ctx)
{
	(void)ctx;
	return fgetc(stdin);
}

static uint64_t sh_ticks(void *ctx)
{
	struct core *c = ctx;

	return core_ns(c);
}

/* ----------------------------------------------------------- set-up */

/*
 * An event now comes before the end of this turn: the turn ends there, and
 * the core that is running (it scheduled the event) stops there.
 */
static void on_earliest_event(void *opaque, uint64_t when)
{
	struct machine *m = opaque;

	if (when >= m->horizon_ns)
		return;
	m->horizon_ns = when;
	if (m->running && core_cycles_at(m->running, when) < m->running->budget_end)
		m->running->budget_end = core_cycles_at(m->running, when);
}

/* Every parameter given must have been read by a device. */
static int check_params_used(struct machine *m, const char **error)
{
	for (unsigned i = 0; i < m->cfg.nparams; i++)
		if (!m->param_used[i]) {
			snprintf(m->error, sizeof(m->error), "unknown parameter '%s'", m->cfg.params[i]);
			*error = m->error;
			return -2;
		}
	return 0;
}

static int create_devices(struct machine *m, const char **error)
{
	for (unsigned i = 0; platform_devices[i]; i++) {
		const char *why = NULL;

		m->device_state[i] = platform_devices[i]->create(m, &why);
		m->ndevices = i + 1;
		if (!m->device_state[i]) {
			char what[128];

			/* why may already be m->error (machine_param_u64's message). */
			snprintf(what, sizeof(what), "%s", why ? why : "cannot be created");
			snprintf(m->error, sizeof(m->error), "%.48s: %s", platform_devices[i]->name, what);
			*error = m->error;
			return -1;
		}
		/* A malformed parameter is reported, though the device made do. */
		if (why) {
			*error = why;
			return -2;
		}
	}
	return check_params_used(m, error);
}

static void start_detailed_timing(struct machine *m)
{
	for (unsigned i = 0; i < m->ncores; i++)
		core_set_timing(&m->core[i], &m->timing_core[i]);
}

/*
 * The preset's memory system as the soc.memory.* parameters change it
 * (docs/scenarios.md): cache sizes in KiB, the system cache (0: none),
 * DRAM's latency and bandwidth.
 */
static void override_memory(struct machine *m, const char **error)
{
	static const struct cache_config slc_geometry = { .ways = 16, .line = 64, .latency = 30 };
	struct memsys_config *mem = &m->timing.mem;
	const struct { const char *name; struct cache_config *cache; } caches[] = {
		{ "soc.memory.l1i_kib", &mem->l1i }, { "soc.memory.l1d_kib", &mem->l1d },
		{ "soc.memory.l2_kib", &mem->l2 }, { "soc.memory.slc_kib", &mem->slc },
	};

	for (size_t i = 0; i < sizeof(caches) / sizeof(caches[0]); i++) {
		struct cache_config *c = caches[i].cache;
		bool slc = c == &mem->slc;
		uint64_t kib = machine_param_u64(m, caches[i].name, c->size / 1024, slc ? 0 : 1,
						 1u << 20, error);

		if (slc && !c->size && kib)
			*c = slc_geometry;
		c->size = (uint32_t)kib * 1024;
		if (!*error && c->size && !cache_config_valid(c)) {
			snprintf(m->error, sizeof(m->error), "parameter %s: %" PRIu64 " KiB is not a power of "
				 "two of at least %u KiB (%u ways of %u bytes)", caches[i].name, kib,
				 (c->ways * c->line + 1023) / 1024, c->ways, c->line);
			*error = m->error;
		}
	}
	mem->dram_latency_ns = (uint32_t)machine_param_u64(m, "soc.memory.dram_latency_ns",
							    mem->dram_latency_ns, 1, 100000, error);
	/* GB/s is bytes per ns. */
	mem->dram_bytes_per_ns = (uint32_t)machine_param_u64(m, "soc.memory.dram_gbps",
							      mem->dram_bytes_per_ns, 1, 10000, error);
}

/*
 * A cluster's clock (soc.little.mhz, soc.big.mhz) on the cores the preset
 * makes of that kind: under DVFS (docs/power.md) it is the clock they boot
 * at, which the power controller's table for them must hold.
 */
static void override_clocks(struct machine *m, const char **error)
{
	static const char *const name[] = { "soc.little.mhz", "soc.big.mhz" };

	for (unsigned big = 0; big < 2; big++) {
		bool any = false;

		for (unsigned i = 0; i < m->ncores; i++)
			any |= timing_core_is_big(&m->timing, i) == big;
		if (!any) {
			if (machine_param_str(m, name[big], NULL) && !*error) {
				snprintf(m->error, sizeof(m->error), "parameter %s: the %s preset has no %s cores "
					 "among the %u of this run", name[big], m->timing.preset,
					 big ? "big" : "LITTLE", m->ncores);
				*error = m->error;
			}
			continue;
		}
		for (unsigned i = 0; i < m->ncores; i++) {
			struct timing_core_config *c = &m->timing.core[i];

			if (timing_core_is_big(&m->timing, i) == big)
				c->freq_hz = machine_param_u64(m, name[big], c->freq_hz / 1000000, 1,
							       10000, error) * 1000000;
		}
	}
}

/*
 * The timing preset and its overrides (the soc.* parameters), resolved
 * before the devices: they may need the cores' clocks.
 */
static int resolve_preset(struct machine *m, const char **error)
{
	const char *preset = m->cfg.soc ? m->cfg.soc : "small";

	if (timing_preset(preset, m->ncores, &m->timing) != 0) {
		snprintf(m->error, sizeof(m->error), "unknown SoC preset '%s'", preset);
		*error = m->error;
		return -2;
	}
	*error = NULL;
	override_memory(m, error);
	override_clocks(m, error);
	return *error ? -2 : 0;
}

uint64_t machine_core_hz(const struct machine *m, unsigned cpu)
{
	return m->cfg.freq_hz ? m->cfg.freq_hz : m->timing.core[cpu].freq_hz;
}

/* The cores' clocks always; the timing models when timing is detailed. */
static int setup_timing(struct machine *m, const char **error)
{
	for (unsigned i = 0; i < m->ncores; i++)
		core_set_freq(&m->core[i], machine_core_hz(m, i));
	if (m->cfg.timing == TIMING_FUNCTIONAL)
		return 0;
	*error = "cannot allocate the timing model";
	m->memsys = calloc(1, sizeof(*m->memsys));
	m->timing_core = calloc(m->ncores, sizeof(*m->timing_core));
	if (!m->memsys || !m->timing_core || memsys_init(m->memsys, &m->timing.mem) != 0)
		return -1;
	for (unsigned i = 0; i < m->ncores; i++)
		if (timing_core_init(&m->timing_core[i], &m->timing.core[i]) != 0)
			return -1;
	if (!m->cfg.fast_forward)
		start_detailed_timing(m);
	return 0;
}

int machine_init(struct machine *m, const struct machine_config *cfg, const char **error)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->has_el2 = cfg->start_el == 2;
	m->ncores = cfg->ncores;
	*error = "cannot allocate guest RAM";
	if (mem_init(&m->mem, PLAT_RAM_BASE, cfg->ram_size) != 0)
		return -1;
	m->semihost = (struct semihost_env){
		.read_mem = sh_read, .write_mem = sh_write,
		.console_write = sh_console_write, .console_read = sh_console_read,
		.ticks = sh_ticks, .tick_hz = 1000000000ull,
		.cmdline = cfg->cmdline ? cfg->cmdline : "",
	};
	event_queue_init(&m->events);
	m->events.earliest_changed = on_earliest_event;
	m->events.earliest_opaque = m;
	m->horizon_ns = EVENT_NEVER;
	rc = resolve_preset(m, error);
	if (rc != 0)
		return rc;
	/* Devices first: the engines map the windows they claim. */
	rc = create_devices(m, error);
	if (rc != 0)
		return rc;
	for (unsigned i = 0; i < m->ncores; i++)
		if (core_init(&m->core[i], m, i, error) != 0)
			return -1;
	return setup_timing(m, error);
}

void machine_destroy(struct machine *m)
{
	for (unsigned i = 0; i < m->ncores; i++)
		core_destroy(&m->core[i]);
	if (m->timing_core)
		for (unsigned i = 0; i < m->ncores; i++)
			timing_core_free(&m->timing_core[i]);
	free(m->timing_core);
	if (m->memsys)
		memsys_free(m->memsys);
	free(m->memsys);
	for (unsigned i = 0; i < m->ndevices; i++)
		if (m->device_state[i] && platform_devices[i]->destroy)
			platform_devices[i]->destroy(m->device_state[i]);
	mem_free(&m->mem);
}

/* ------------------------------------------------------ for devices */

void machine_device_note(struct machine *m, unsigned cpu, const char *device,
			 const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	fprintf(stderr, "phonesim: note: %s: %s (core %u, in the block at 0x%" PRIx64 ")\n",
		device, what, cpu, m->core[cpu].block_pc);
}

void *machine_device(struct machine *m, const struct device_type *type)
{
	for (unsigned i = 0; i < m->ndevices; i++)
		if (platform_devices[i] == type)
			return m->device_state[i];
	return NULL;
}

void machine_ram_written(struct machine *m, uint64_t pa, uint64_t len)
{
	for (unsigned i = 0; i < m->ncores; i++)
		core_forget_code(&m->core[i], pa, len);
}

int machine_add_window(struct machine *m, const struct mmio_window *w)
{
	return mem_add_window(&m->mem, w);
}

void machine_core_woken(struct machine *m, struct core *c)
{
	struct core *r = m->running;
	uint64_t end, at;

	if (!r || r == c)
		return;
	/*
	 * The interrupt reached c when r raised it: c waited until then and
	 * runs from then on. Its clock is still where it started to wait or
	 * where the turn started (waiting cores catch up only at the turn's
	 * end, machine_run), so it neither resumes before the write that woke
	 * it nor sleeps past it.
	 */
	at = core_cycles_at(c, core_ns(r));
	if (c->cycles < at) {
		c->wait_cycles_el[c->el] += at - c->cycles;
		c->cycles = at;
	}
	end = core_ns(r) + m->cfg.quantum_ns;
	if (end < m->horizon_ns) {
		m->horizon_ns = end;
		if (core_cycles_at(r, end) < r->budget_end)
			r->budget_end = core_cycles_at(r, end);
	}
}

void machine_set_irq(struct machine *m, unsigned cpu, unsigned intid, bool level)
{
	if (m->irq)
		m->irq(m->irq_opaque, cpu, intid, level);
}

/* The index of parameter name in the configuration, or -1. */
static int find_param(const struct machine *m, const char *name)
{
	size_t len = strlen(name);

	for (unsigned i = 0; i < m->cfg.nparams; i++)
		if (!strncmp(m->cfg.params[i], name, len) && m->cfg.params[i][len] == '=')
			return (int)i;
	return -1;
}

const char *machine_param_str(struct machine *m, const char *name, const char *def)
{
	int i = find_param(m, name);

	if (i < 0)
		return def;
	m->param_used[i] = true;
	return strchr(m->cfg.params[i], '=') + 1;
}

uint64_t machine_param_u64(struct machine *m, const char *name, uint64_t def,
			   uint64_t min, uint64_t max, const char **error)
{
	const char *text = machine_param_str(m, name, NULL);
	unsigned long long v;
	char *end;

	if (!text)
		return def;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end || errno == ERANGE || v < min || v > max) {
		snprintf(m->error, sizeof(m->error),
			 "parameter %s: '%s' is not a whole number in [%" PRIu64 ", %" PRIu64 "]",
			 name, text, min, max);
		*error = m->error;
		return def;
	}
	return v;
}

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	mem_write(ctx, pa, src, len);
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

void machine_load(struct machine *m, const struct elf_image *img)
{
	elf_load(img, ram_write, ram_zero, &m->mem);
}

/* ------------------------------------------------------------ time */

uint64_t machine_instructions(const struct machine *m)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < m->ncores; i++)
		n += m->core[i].icount;
	return n;
}


/* ------------------------------------------------------------ events */

void machine_trace_exception(struct machine *m, struct core *c, enum exc_kind kind,
			     unsigned from_el, unsigned to_el, uint32_t esr, uint64_t elr,
			     bool far_valid, uint64_t far)
{
	m->stats.exceptions[kind]++;
	if (kind == EXC_SYNC)
		m->stats.exceptions_by_ec[ESR_EC(esr)]++;
	if (m->recorder)
		recorder_exception(m->recorder, c, kind, from_el, to_el, esr, elr, far_valid, far);
}

void machine_trace_return(struct machine *m, struct core *c, unsigned from_el, unsigned to_el)
{
	m->stats.returns++;
	if (m->recorder)
		recorder_return(m->recorder, c, from_el, to_el);
}

void machine_trace_irq(struct machine *m, unsigned intid, unsigned cpu, enum irq_event ev)
{
	if (m->recorder)
		recorder_irq(m->recorder, intid, cpu, ev);
	switch (ev) {
	case IRQ_RAISED: m->stats.irqs_raised++; break;
	case IRQ_ACKNOWLEDGED: m->stats.irqs_acknowledged++; break;
	case IRQ_COMPLETED: m->stats.irqs_completed++; break;
	}
}

void machine_trace_deadline(struct machine *m, const char *source, uint64_t frame,
			    uint64_t release_ns, uint64_t deadline_ns, uint64_t done_ns,
			    bool missed)
{
	m->stats.deadlines++;
	m->stats.deadline_misses += missed;
	if (m->recorder)
		recorder_deadline(m->recorder, source, frame, release_ns, deadline_ns, done_ns,
				  missed);
}

const char *const machine_switch_reason[MACHINE_SWITCH_REASONS] = {
	[SWITCH_PREEMPTED] = "preempted", [SWITCH_BUDGET_EXHAUSTED] = "budget_exhausted",
	[SWITCH_YIELD] = "yield", [SWITCH_BLOCKED_WFI] = "blocked_wfi",
	[SWITCH_WOKEN] = "woken", [SWITCH_VM_STOPPED] = "vm_stopped",
};

static int recorder_vcpu_of(unsigned vcpu)
{
	return vcpu == TRACE_VCPU_IDLE ? -1 : (int)vcpu;
}

/*
 * The recorder times a switch by the core's own clock, which is where the
 * core stands when it wrote the event: the same instant as cycle and ns.
 */
void machine_trace_switch(struct machine *m, unsigned core, uint64_t cycle, uint64_t ns,
			  unsigned from, unsigned to, unsigned reason)
{
	(void)cycle, (void)ns;
	m->stats.switches[reason]++;
	if (m->recorder)
		recorder_switch(m->recorder, core, recorder_vcpu_of(from), recorder_vcpu_of(to),
				machine_switch_reason[reason]);
}

void machine_trace_vm_fault(struct machine *m, unsigned core, uint64_t cycle, uint64_t ns,
			    unsigned vm, uint64_t esr, uint64_t far)
{
	(void)core, (void)cycle, (void)ns, (void)vm, (void)esr, (void)far;
	m->stats.vm_faults++;
}

void machine_trace_budget(struct machine *m, unsigned core, uint64_t cycle, uint64_t ns,
			  unsigned vcpu)
{
	(void)core, (void)cycle, (void)ns, (void)vcpu;
	m->stats.budgets_exhausted++;
}

void machine_trace_console(struct machine *m, int vm, const char *text, size_t len)
{
	if (m->recorder)
		recorder_console(m->recorder, vm, text, len);
	if (!m->cfg.console)
		return;
	fwrite(text, 1, len, m->cfg.console);
	fflush(m->cfg.console);
}

void machine_exit(struct machine *m, int code)
{
	m->finished = true;
	m->exit_code = code;
}

/* ----------------------------------------------------------- report */

static void describe_insn(const struct machine *m, uint64_t pc, char *buf, size_t len)
{
	uint32_t word;
	csh cs;
	cs_insn *insn;

	snprintf(buf, len, "not in RAM");
	if (!mem_read(&m->mem, pc, &word, sizeof(word)))
		return;
	snprintf(buf, len, ".word 0x%08x", word);
	if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) != CS_ERR_OK)
		return;
	if (cs_disasm(cs, (const uint8_t *)&word, sizeof(word), pc, 1, &insn) == 1) {
		snprintf(buf, len, "%s %s", insn->mnemonic, insn->op_str);
		cs_free(insn, 1);
	}
	cs_close(&cs);
}

/* One line: which core, where, why, and what happened last. */
static void report_failure(const struct machine *m, const struct core *c, const char *why)
{
	char insn[256], last[256] = "none";

	describe_insn(m, c->r.pc, insn, sizeof(insn));
	if (c->last_exception.valid)
		snprintf(last, sizeof(last), "EC 0x%02x from EL%u to EL%u (ESR 0x%08x, ELR 0x%" PRIx64 ")",
			 ESR_EC(c->last_exception.esr), c->last_exception.from_el,
			 c->last_exception.to_el, c->last_exception.esr, c->last_exception.elr);
	diag_error("run failed: %s; core %u at EL%u, PC 0x%" PRIx64 " (%s); "
		   "last exception: %s; %" PRIu64 " instructions",
		   why, c->id, c->el, c->r.pc, insn, last, machine_instructions(m));
}

/* --------------------------------------------------------- the loop */

/* A run with one core has nobody to interleave with: long turns are cheaper. */
#define SOLO_TURN_NS    1000000ull

/* How far every core runs in this turn: to the next event or quantum's end. */
static uint64_t next_horizon(const struct machine *m)
{
	unsigned running = 0;

	for (unsigned i = 0; i < m->ncores; i++)
		running += m->core[i].status == CORE_RUNNING;
	uint64_t turn = running > 1 ? m->cfg.quantum_ns : SOLO_TURN_NS;
	uint64_t next = event_next(&m->events);

	/* Periodic counters are sampled between turns. */
	if (m->recorder)
		turn = recorder_turn_limit_ns(m->recorder, turn);

	if (!running)
		return next;
	return next < m->now_ns + turn ? next : m->now_ns + turn;
}

static int report_limit(const struct machine *m, const struct core *c)
{
	char why[64];

	snprintf(why, sizeof(why), "instruction limit (%" PRIu64 ") reached", m->cfg.max_insns);
	report_failure(m, c, why);
	return EXIT_RUN_FAILED;
}

/*
 * Simulated time ran out. Devices keep time going while every core waits,
 * so this is also what ends a run whose cores wait for ever.
 */
static int report_time_limit(const struct machine *m)
{
	const struct core *c = &m->core[0];
	char why[96];

	for (unsigned i = 0; i < m->ncores; i++)
		if (m->core[i].status == CORE_RUNNING) {
			c = &m->core[i];
			break;
		}
	snprintf(why, sizeof(why), "simulated time limit (%" PRIu64 " ns) reached%s",
		 m->cfg.max_ns, c->status == CORE_WFI ? " with every core waiting" : "");
	report_failure(m, c, why);
	return EXIT_RUN_FAILED;
}

/* Nothing runs and no event is coming: a core in WFI would wait for ever. */
static int report_stall(const struct machine *m)
{
	for (unsigned i = 0; i < m->ncores; i++)
		if (m->core[i].status == CORE_WFI) {
			report_failure(m, &m->core[i],
				       "waiting in WFI for an interrupt nothing will raise");
			return EXIT_RUN_FAILED;
		}
	diag_error("run failed: no core is running");
	return EXIT_RUN_FAILED;
}

int machine_run(struct machine *m)
{
	for (;;) {
		if (m->stop)
			return EXIT_RUN_FAILED;
		m->horizon_ns = next_horizon(m);
		if (m->horizon_ns == EVENT_NEVER)
			return report_stall(m);
		if (m->cfg.max_ns && m->horizon_ns > m->cfg.max_ns) {
			if (m->now_ns >= m->cfg.max_ns)
				return report_time_limit(m);
			m->horizon_ns = m->cfg.max_ns;
		}
		for (unsigned i = 0; i < m->ncores; i++) {
			struct core *c = &m->core[i];

			if (c->status == CORE_RUNNING) {
				uint64_t done = machine_instructions(m);
				uint64_t left = m->cfg.max_insns ? m->cfg.max_insns - done : UINT64_MAX;

				m->running = c;
				core_run(c, core_cycles_at(c, m->horizon_ns),
					 left == UINT64_MAX ? UINT64_MAX : c->icount + left);
				m->running = NULL;
			}
			if (m->finished)
				return m->exit_code & 0xff;
			if (c->status == CORE_STOPPED) {
				report_failure(m, c, c->stop_reason);
				return EXIT_RUN_FAILED;
			}
			if (m->cfg.max_insns && machine_instructions(m) >= m->cfg.max_insns)
				return report_limit(m, c);
		}
		/*
		 * A core that waits or is off lets time pass, once every core has
		 * had its turn: a core after it in the order may wake it (an SGI,
		 * a device it drives), and it must then resume at that moment
		 * (machine_core_woken), not at the horizon. Moving its clock first
		 * would hold a lower-numbered core's wake-up to the end of the
		 * turn, up to SOLO_TURN_NS when one other core runs.
		 */
		for (unsigned i = 0; i < m->ncores; i++) {
			struct core *c = &m->core[i];
			uint64_t end = core_cycles_at(c, m->horizon_ns);

			if (c->status != CORE_RUNNING && c->cycles < end) {
				if (c->status == CORE_WFI)
					c->wait_cycles_el[c->el] += end - c->cycles;
				c->cycles = end;
			}
		}
		m->now_ns = m->horizon_ns;
		m->horizon_ns = EVENT_NEVER;    /* events fired now are not inside a turn */
		event_run_due(&m->events, m->now_ns);
		if (m->cfg.fast_forward && m->timing_core && !m->core[0].timing &&
		    machine_instructions(m) >= m->cfg.fast_forward)
			start_detailed_timing(m);
		if (m->recorder && !recorder_turn(m->recorder))
			m->stop = 1;
		if (m->progress_due) {
			m->progress_due = 0;
			m->progress(m);
		}
	}
}
