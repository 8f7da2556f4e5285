/*
 * sweep_plan.h - the runs of `phonesim sweep`: its axes (KEY=V1,V2,...,
 * with integer ranges START..END[:STEP]), their cross product, and the
 * `phonesim run` command line of each run.
 *
 * A KEY is a device parameter (DEVICE.KEY, what `run --set` takes) or one
 * of the run options worth sweeping (soc.cores: --cores, soc.preset: --soc,
 * timing: --timing, duration: --duration, hypervisor.timeslice_us:
 * --hyp-timeslice-us). Values are only split and expanded here: whether
 * the run takes them is `phonesim validate`'s to say.
 *
 * Not here: running the runs (spawn.h), reading their traces
 * (sweep_summary.h).
 */
#ifndef PHONESIM_SIM_SWEEP_PLAN_H
#define PHONESIM_SIM_SWEEP_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SWEEP_MAX_RUNS  1000
#define SWEEP_MAX_AXES  16

struct sweep_axis {
	char *key;
	const char *option;     /* the run option KEY stands for; NULL: --set KEY=VALUE */
	unsigned nvalues;
	char **values;
};

struct sweep_plan {
	const char *scenario;   /* a file or a built-in scenario's name, as given */
	const char *duration;   /* --duration of every run, or NULL */
	const char *dir;        /* where the runs write */
	unsigned naxes;
	struct sweep_axis axis[SWEEP_MAX_AXES];
	unsigned nruns;         /* the cross product's size, at most SWEEP_MAX_RUNS */
};

/*
 * Adds the axis "KEY=V1,V2,..." to the plan (which starts zeroed, nruns
 * 1). 0, or -1 with a one-line reason in err: no '=', an unknown run
 * option, a key given twice, an empty value, a malformed range, a value
 * given twice, or more runs than SWEEP_MAX_RUNS.
 */
int sweep_plan_add_axis(struct sweep_plan *p, const char *spec, char *err, size_t len);

/* Run run's (from 0) value on axis a: the last axis varies fastest. */
const char *sweep_plan_value(const struct sweep_plan *p, unsigned run, unsigned a);

/* "run-001.db" (or .log: what): the number as wide as the largest, 3 digits at least. */
void sweep_plan_file(const struct sweep_plan *p, unsigned run, const char *what,
		     char *buf, size_t len);

/*
 * phonesim's arguments for run run: "run SCENARIO OPTIONS -o DIR/run-NNN.db
 * --quiet", or with validate "validate SCENARIO OPTIONS" (what `phonesim
 * validate` checks). NULL-terminated, allocated; NULL when out of memory.
 */
char **sweep_plan_argv(const struct sweep_plan *p, unsigned run, bool validate);
void sweep_argv_free(char **argv);

/* "phonesim ARGS..." on one line, each argument quoted for a POSIX shell if it needs it. */
void sweep_print_command(FILE *f, char *const *argv);

void sweep_plan_free(struct sweep_plan *p);

#endif
