/*
 * run_report.c - what `phonesim run` prints about a run when it ends: the
 * human summary on stderr (--stats) and the deterministic totals as JSON on
 * stdout (--json).
 *
 * Not here: the trace database (traces/), which records the run as it goes.
 */
#include <inttypes.h>
#include <stdio.h>

#include "../hyp/abi.h"
#include "machine.h"
#include "platform.h"
#include "run_report.h"

/* What the hypervisor reported through the trace port. */
static void print_hyp_stats(const struct machine *m)
{
	uint64_t total = 0;

	for (unsigned r = 0; r < MACHINE_SWITCH_REASONS; r++)
		total += m->stats.switches[r];
	fprintf(stderr, "phonesim: hypervisor: %" PRIu64 " switches (", total);
	for (unsigned r = SWITCH_PREEMPTED; r <= SWITCH_VM_STOPPED; r++)
		fprintf(stderr, "%s%s %" PRIu64, r == SWITCH_PREEMPTED ? "" : ", ",
			machine_switch_reason[r], m->stats.switches[r]);
	fprintf(stderr, "); %" PRIu64 " budgets exhausted; %" PRIu64 " VM faults\n",
		m->stats.budgets_exhausted, m->stats.vm_faults);
}

void run_report_stats(const struct machine *m, double seconds, bool hyp)
{
	uint64_t insns = machine_instructions(m);

	fprintf(stderr, "phonesim: %" PRIu64 " instructions, %.1f MIPS\n", insns,
		seconds > 0 ? insns / seconds / 1e6 : 0.0);
	for (unsigned i = 0; i < m->ncores; i++) {
		const struct core *c = &m->core[i];

		fprintf(stderr, "phonesim:   core %u: EL0 %" PRIu64 ", EL1 %" PRIu64 ", EL2 %" PRIu64
			" instructions, %" PRIu64 " ns\n", i, c->icount_el[0], c->icount_el[1],
			c->icount_el[2], core_ns(c));
	}
	fprintf(stderr, "phonesim: exceptions: %" PRIu64 " synchronous, %" PRIu64 " IRQ, %"
		PRIu64 " FIQ, %" PRIu64 " SError; %" PRIu64 " returns; %" PRIu64 " bus errors\n",
		m->stats.exceptions[EXC_SYNC], m->stats.exceptions[EXC_IRQ],
		m->stats.exceptions[EXC_FIQ], m->stats.exceptions[EXC_SERROR],
		m->stats.returns, m->stats.bus_errors);
	for (unsigned ec = 0; ec < 64; ec++)
		if (m->stats.exceptions_by_ec[ec])
			fprintf(stderr, "phonesim:   EC 0x%02x: %" PRIu64 "\n", ec,
				m->stats.exceptions_by_ec[ec]);
	fprintf(stderr, "phonesim: interrupts: %" PRIu64 " raised, %" PRIu64 " acknowledged, %"
		PRIu64 " completed; deadlines: %" PRIu64 ", %" PRIu64 " missed\n",
		m->stats.irqs_raised, m->stats.irqs_acknowledged, m->stats.irqs_completed,
		m->stats.deadlines, m->stats.deadline_misses);
	if (hyp)
		print_hyp_stats(m);
	for (unsigned i = 0; i < m->ndevices; i++)
		if (platform_devices[i]->report)
			platform_devices[i]->report(m->device_state[i], stderr);
}

/* The timing model's counters of one core, as JSON members. */
static void print_timing_json(const struct machine *m, const struct core *c)
{
	const struct timing_counters *t = &c->timing->counters;
	const struct memsys *ms = m->memsys;

	printf(", \"stalls\": {");
	for (unsigned s = 0; s < STALL_COUNT; s++)
		printf("%s\"%s\": %" PRIu64, s ? ", " : "", stall_name[s],
		       t->stall[0][s] + t->stall[1][s] + t->stall[2][s]);
	printf("}, \"classes\": {");
	for (unsigned k = 0; k < IC_COUNT; k++)
		printf("%s\"%s\": %" PRIu64, k ? ", " : "", insn_class_name[k],
		       t->count[0][k] + t->count[1][k] + t->count[2][k]);
	printf("}, \"branches\": %" PRIu64 ", \"mispredicts\": %" PRIu64
	       ", \"walk_refs\": %" PRIu64, t->branches, t->mispredicts, t->walk_refs);
	printf(", \"l1i_misses\": %" PRIu64 ", \"l1d_misses\": %" PRIu64
	       ", \"l2_misses\": %" PRIu64 ", \"dram_reads\": %" PRIu64
	       ", \"dtlb_misses\": %" PRIu64 ", \"l2tlb_misses\": %" PRIu64,
	       ms->l1i[c->id].stats.misses, ms->l1d[c->id].stats.misses,
	       ms->l2[c->id].stats.misses, ms->stats[c->id].dram_reads,
	       c->timing->l1d_tlb.stats.misses, c->timing->l2_tlb.stats.misses);
}

/*
 * The run's totals for scripts and CI: deterministic numbers only (no host
 * time), per core and in all.
 */
void run_report_json(const struct machine *m, int status, bool close)
{
	uint64_t cycles = 0;

	for (unsigned i = 0; i < m->ncores; i++)
		cycles += m->core[i].cycles;
	printf("{\"status\": %d, \"soc\": \"%s\", \"timing\": \"%s\", \"instructions\": %" PRIu64
	       ", \"cycles\": %" PRIu64 ", \"cores\": [", status, m->timing.preset,
	       m->timing_core ? "detailed" : "functional", machine_instructions(m), cycles);
	for (unsigned i = 0; i < m->ncores; i++) {
		const struct core *c = &m->core[i];

		printf("%s{\"core\": %u, \"instructions\": %" PRIu64 ", \"cycles\": %" PRIu64
		       ", \"ns\": %" PRIu64 ", \"freq_hz\": %" PRIu64
		       ", \"instructions_el\": [%" PRIu64 ", %" PRIu64 ", %" PRIu64 "]",
		       i ? ", " : "", i, c->icount, c->cycles, core_ns(c), c->freq_hz,
		       c->icount_el[0], c->icount_el[1], c->icount_el[2]);
		if (c->timing)
			print_timing_json(m, c);
		printf("}");
	}
	printf(close ? "]}\n" : "]");
}
