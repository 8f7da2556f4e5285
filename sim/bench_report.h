/*
 * bench_report.h - what `phonesim bench` writes: the verdict table for
 * people, the results as JSON (which --baseline reads back) and the
 * verdicts as JUnit XML for CI systems; each output file written whole
 * under a temporary name, then renamed into place.
 *
 * Not here: the history database (bench_history.h).
 */
#ifndef PHONESIM_SIM_BENCH_REPORT_H
#define PHONESIM_SIM_BENCH_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "bench_compare.h"
#include "bench_suite.h"

/* The format of --json, which bench_baseline_load() reads. */
#define BENCH_JSON_FORMAT       "phonesim-bench"
#define BENCH_JSON_VERSION      1

/* v as the shortest decimal text that reads back as v ("1039506044", "0.4712"). */
void bench_format_value(double v, char *buf, size_t len);

/* The rows as an aligned table: run, metric, baseline, now, unit, change, verdict. */
void bench_print_table(FILE *f, const struct bench_row *rows, unsigned n);

/* Why r passes or fails, in one line: "16 frames against a baseline of 0: ...". */
void bench_row_message(const struct bench_row *r, char *buf, size_t len);

/* What an output file holds. */
struct bench_output {
	const char *suite;
	const struct bench_result *results;
	unsigned nresults;
	const struct bench_row *rows;
	unsigned nrows;
	const struct bench_gate *gate;
	double host_seconds;            /* the whole bench's wall-clock time */
};

/* The results: suite, phonesim version, per run its status and its figures. */
void bench_write_json(FILE *f, const struct bench_output *o);

/* One testsuite; a testcase per row, failing for the rows that fail the bench. */
void bench_write_junit(FILE *f, const struct bench_output *o);

/*
 * Writes path with write (o's output) through a temporary file in the same
 * directory, renamed over path at the end: a reader never sees half a file.
 * 0, or -1 with a one-line reason in err (and nothing left behind).
 */
int bench_write_file(const char *path, void (*write)(FILE *, const struct bench_output *),
		     const struct bench_output *o, char *err, size_t len);

#endif
