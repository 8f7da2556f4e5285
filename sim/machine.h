/*
 * machine.h - the simulated SoC: cores, physical memory, the system
 * register handlers devices install, and the loop that runs the cores.
 *
 * Cores advance in turn, in a fixed order, each up to a common horizon: the
 * next device event, or the end of a quantum of simulated time. Then the
 * events due fire. So a run is deterministic: the same image and options
 * give the same instruction counts and the same events, bit for bit.
 *
 * Not here: devices (devices/), the trace database (traces/), the CLI.
 */
#ifndef PHONESIM_MACHINE_H
#define PHONESIM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core.h"
#include "event.h"
#include "generic_timer.h"
#include "mem.h"
#include "semihost.h"
#include "sysreg.h"

#define MACHINE_MAX_CORES       8

struct machine_config {
	unsigned ncores;
	uint64_t ram_size;
	unsigned start_el;              /* 2, or 1 for a machine without EL2 */
	uint64_t max_insns;             /* run limit over all cores; 0: none */
	uint64_t quantum_ns;            /* simulated time per turn when cores share the run */
	uint64_t freq_hz;               /* core clock: cycles to time */
	uint64_t counter_hz;            /* the generic timer's frequency (CNTFRQ_EL0) */
	const char *cmdline;            /* for SYS_GET_CMDLINE */
	FILE *console;                  /* guest output (semihosting) */
};

/* Counters the run summary reports. */
struct machine_stats {
	uint64_t exceptions[4];         /* by enum exc_kind */
	uint64_t exceptions_by_ec[64];  /* synchronous, by ESR.EC */
	uint64_t returns;
	uint64_t bus_errors;
};

struct machine {
	struct machine_config cfg;
	bool has_el2;
	struct phys_mem mem;
	unsigned ncores;
	struct core core[MACHINE_MAX_CORES];
	struct sysreg_handlers sysreg_handlers;
	uint64_t tlb_epoch;             /* bumped by every TLB invalidation */
	struct semihost_env semihost;
	struct event_queue events;
	uint64_t now_ns;                /* every core has run up to here */
	struct gtimer gtimer;

	bool finished;                  /* the guest asked to exit */
	int exit_code;
	struct core *failed;            /* the core whose stop ended the run */
	struct machine_stats stats;
};

/* Creates memory and cores (cores powered off; core 0 is started by the caller). */
int machine_init(struct machine *m, const struct machine_config *cfg, const char **error);
void machine_destroy(struct machine *m);

/*
 * Runs until the guest exits, a core fails, or the instruction limit is
 * reached. Returns the process exit status: the guest's (0-255), or 1.
 * Prints a one-line report on stderr when the run failed.
 */
int machine_run(struct machine *m);

uint64_t machine_instructions(const struct machine *m);

/* Simulated time of a core, in nanoseconds, and the cycle count at a time. */
uint64_t machine_core_ns(const struct machine *m, const struct core *c);
uint64_t machine_ns_to_cycles(const struct machine *m, uint64_t ns);

/* Called by the core at every exception and return (the trace recorder's feed). */
void machine_trace_exception(struct machine *m, struct core *c, enum exc_kind kind,
			     unsigned from_el, unsigned to_el, uint32_t esr, uint64_t elr);
void machine_trace_return(struct machine *m, struct core *c, unsigned from_el, uint64_t elr);

/* The guest ended the run through semihosting. */
void machine_exit(struct machine *m, int code);

#endif
