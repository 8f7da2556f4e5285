/*
 * recorder.h - records a run in a trace database (docs/trace-schema.md).
 *
 * The machine feeds every event to the recorder through its machine_trace_*
 * functions; the recorder turns events into rows: it pairs each exception
 * with the ERET that returns from it (a stack per core, so nested exceptions
 * pair correctly), follows each interrupt from raised to completed, counts
 * traps by class, and samples per-core counters. Rows go to the writer
 * thread (writer.h). Everything in a row comes from simulated state, so the
 * same program and options give the same rows; host time appears only in
 * run.host_start and run.host_end.
 *
 * Levels: summary writes the run, the cores, the final counters and the
 * per-class trap counts; events adds a row for every trap, switch,
 * interrupt, deadline and console line; full adds counters sampled every
 * counter_period_ns of simulated time.
 *
 * Not here: SQL for reading a trace (query.h), the machine's run loop.
 */
#ifndef PHONESIM_TRACES_RECORDER_H
#define PHONESIM_TRACES_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"

struct recorder;

enum trace_level { TRACE_OFF, TRACE_SUMMARY, TRACE_EVENTS, TRACE_FULL };

#define TRACE_COUNTER_PERIOD_NS_DEFAULT 10000ull

/* The level called name ("off", "summary", "events", "full"), or -1. */
int trace_level_parse(const char *name);
const char *trace_level_name(enum trace_level level);

/*
 * The rules of the trace options, which the command line and scenario
 * files share: LEVEL (-1 when not given) recorded into an output or not,
 * with a counter period given or not. A level not given is events with an
 * output, off without (trace_level_resolve).
 */
enum trace_options_error {
	TRACE_OPTIONS_OK,
	TRACE_OPTIONS_NEED_OUTPUT,      /* a level that records, and nowhere to write */
	TRACE_OPTIONS_OFF_WITH_OUTPUT,  /* an output that would record nothing */
	TRACE_OPTIONS_PERIOD_NOT_FULL,  /* a counter period, which only full samples */
};
enum trace_level trace_level_resolve(int level, bool output);
enum trace_options_error trace_options_check(int level, bool output, bool period);

struct recorder_config {
	enum trace_level level;         /* not TRACE_OFF */
	uint64_t counter_period_ns;     /* full: how often counters are sampled */
	const char *scenario;           /* what was run: the command line */
	const char *name;               /* the scenario's name or file; NULL: none */
	const char *image;
	uint64_t seed;                  /* the modem's (the only randomness) */
};

/* How a run ended, as run.outcome says. */
enum run_outcome { RUN_FINISHED, RUN_FAILED, RUN_INTERRUPTED };

/*
 * Creates the database at path, which must not exist, for machine m (built,
 * not yet run), writes the run's description and starts the writer. NULL
 * with a one-line reason in err on failure, leaving no file behind.
 */
struct recorder *recorder_create(const char *path, const struct recorder_config *cfg,
				 struct machine *m, char *err, size_t len);

/*
 * Ends the recording: exceptions still open keep NULL return columns,
 * counters are sampled a last time, the per-class counts and the run's
 * outcome are written (completed = 1 only for RUN_FINISHED), and the
 * database is closed as a single file. Frees r. 0, or -1 with err (the
 * database then holds what was committed, marked incomplete).
 */
int recorder_finish(struct recorder *r, enum run_outcome outcome, int exit_status,
		    char *err, size_t len);

/* ------------------------------------------------ the machine's feed */

/* Exception of kind from from_el to to_el (esr: sync and SError only). */
void recorder_exception(struct recorder *r, const struct core *c, enum exc_kind kind,
			unsigned from_el, unsigned to_el, uint32_t esr, uint64_t elr,
			bool far_valid, uint64_t far);
/* ERET at from_el, landing at to_el (from_el itself for an illegal return). */
void recorder_return(struct recorder *r, const struct core *c, unsigned from_el,
		     unsigned to_el);
/* Interrupt intid of core cpu went through ev. */
void recorder_irq(struct recorder *r, unsigned intid, unsigned cpu, enum irq_event ev);
void recorder_deadline(struct recorder *r, const char *source, uint64_t frame,
		       uint64_t release_ns, uint64_t deadline_ns, uint64_t done_ns, bool missed);
/* Console output of a VM (-1: none); rows are whole lines. */
void recorder_console(struct recorder *r, int vm, const char *text, size_t len);

/*
 * For the hypervisor's trace port (hyp/abi.h): a VM and its vCPUs (ids
 * unique across the machine, as TRACE_VCPU_ID makes them), and core cpu
 * switching from one vCPU to another (-1: none, idle) for a reason
 * ("preempted", "budget_exhausted", "yield", "blocked_wfi", "woken",
 * "vm_stopped"). Traps on a core are attributed to the vCPU it last
 * switched to, and that vCPU's VM.
 */
void recorder_vm(struct recorder *r, int vm, const char *name, const char *devices);
void recorder_vcpu(struct recorder *r, int vcpu, int vm, const char *name);
void recorder_switch(struct recorder *r, unsigned cpu, int from_vcpu, int to_vcpu,
		     const char *reason);

/*
 * Between the machine's turns: samples the counters when a period has
 * passed. False when the recording has failed (recorder_finish says why),
 * and the run should stop.
 */
bool recorder_turn(struct recorder *r);

/* The longest turn the machine may run without a sample falling due. */
uint64_t recorder_turn_limit_ns(const struct recorder *r, uint64_t turn_ns);

#endif
