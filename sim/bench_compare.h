/*
 * bench_compare.h - the gate of `phonesim bench`: a baseline (the JSON
 * results of an earlier bench, bench_report.h) and the verdict on each
 * figure of this bench against it.
 *
 * Not here: measuring (bench_suite.h), printing the verdicts
 * (bench_report.h).
 */
#ifndef PHONESIM_SIM_BENCH_COMPARE_H
#define PHONESIM_SIM_BENCH_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "bench_suite.h"

struct bench_baseline_value {
	char *run;
	char *metric;
	double value;
};

struct bench_baseline {
	char *suite;
	char *phonesim_version;
	struct bench_baseline_value *values;
	unsigned nvalues;
};

/*
 * Loads the baseline at path, which must be the results of suite. -1 with
 * a one-line reason in err when it cannot be read, is not such results
 * (malformed JSON, a value that is not a number, a figure given twice) or
 * is of another suite: bad input.
 */
int bench_baseline_load(const char *path, const char *suite, struct bench_baseline *b,
			char *err, size_t len);
void bench_baseline_free(struct bench_baseline *b);

struct bench_gate {
	double threshold_pct;           /* how much worse a figure may get */
	double host_threshold_pct;      /* the same for host figures, when gated */
	bool gate_host;                 /* gate the host figures (noisy) at all */
};

enum bench_verdict {
	VERDICT_NONE,           /* no baseline given */
	VERDICT_NEW,            /* not in the baseline */
	VERDICT_INFO,           /* not gated */
	VERDICT_OK,
	VERDICT_IMPROVED,       /* better by more than the threshold: time to refresh */
	VERDICT_REGRESSION,
	VERDICT_MISSING,        /* in the baseline, not measured */
	VERDICT_RUN_FAILED,     /* the run's exit status was not 0 (row "exit_status") */
};

/* A figure of a run (or a failed run), against its baseline. */
struct bench_row {
	const char *run;
	const char *metric;
	const char *unit;               /* NULL when not measured */
	bool has_base, has_now, has_change;
	double base, now, change_pct;   /* change_pct: (now - base) / |base|, in % */
	double threshold_pct;           /* the threshold it was judged by */
	enum bench_verdict verdict;
	const char *why;                /* a failed run's reason */
};

/*
 * The verdicts on nres results against b (NULL: no baseline): per run, a
 * row per figure then one per baseline figure it lacks (or the one row of
 * its failure), then the baseline's figures of runs that were not made.
 * The rows point into res and b. 0, or -1 when out of memory.
 */
int bench_compare(const struct bench_result *res, unsigned nres, const struct bench_baseline *b,
		  const struct bench_gate *g, struct bench_row **rows, unsigned *nrows);

/* True for the verdicts that fail the bench. */
bool bench_verdict_fails(enum bench_verdict v);
/* "-", "new", "info", "ok", "improved", "REGRESSION", "MISSING", "FAILED". */
const char *bench_verdict_name(enum bench_verdict v);

#endif
