/*
 * bench_suite.h - what `phonesim bench` measures: its suites (which
 * built-in scenarios each runs, and for how long) and the figures a run
 * yields, read from the run's trace database by SQL.
 *
 * Not here: running them (spawn.h), the baseline and its verdicts
 * (bench_compare.h), the outputs (bench_report.h, bench_history.h).
 */
#ifndef PHONESIM_SIM_BENCH_SUITE_H
#define PHONESIM_SIM_BENCH_SUITE_H

#include <stdbool.h>
#include <stddef.h>

/* Which way a figure gets better; BENCH_INFO figures are recorded, never gated. */
enum bench_direction { BENCH_LOWER, BENCH_HIGHER, BENCH_INFO };

struct bench_run_spec {
	const char *scenario;           /* a built-in scenario; also the run's name */
	const char *duration;           /* its --duration, or NULL: the scenario's length */
};

struct bench_suite {
	const char *name;
	const char *description;        /* one line, for --help */
	const struct bench_run_spec *runs;
	unsigned nruns;
};

/* Ends with an entry whose name is NULL. */
extern const struct bench_suite bench_suites[];

/* The suite called name, or NULL. */
const struct bench_suite *bench_suite_find(const char *name);

struct bench_metric {
	char *name;
	char *unit;
	double value;
	enum bench_direction direction;
	bool host;                      /* measures the host, not the simulation: noisy */
};

/* One run of a suite and what came of it. */
struct bench_result {
	const struct bench_run_spec *spec;
	int status;                     /* phonesim's exit status */
	double host_seconds;            /* wall-clock time of the run */
	struct bench_metric *metrics;
	unsigned nmetrics;
	char why[256];                  /* when it failed: why, in one line */
};

/*
 * Reads the figures of the run recorded in db_path into r->metrics (in a
 * fixed order): its simulated work, per VM its CPU time and the
 * hypervisor's overhead, its deadlines, selected guest metrics, and the
 * simulator's speed from r->host_seconds. 0, or -1 with a one-line reason
 * in err.
 */
int bench_read_figures(const char *db_path, struct bench_result *r, char *err, size_t len);

/* Frees what bench_read_figures allocated. */
void bench_result_free(struct bench_result *r);

/* "lower", "higher", "info". */
const char *bench_direction_name(enum bench_direction d);

#endif
