/*
 * bench_history.h - the history of `phonesim bench`: an SQLite database
 * (bench-history.db by default) to which every bench appends its figures,
 * one row per run and per figure, so that trends can be queried and
 * charted across builds (docs/bench.md documents the tables).
 *
 * Not here: the figures (bench_suite.h), the gate (bench_compare.h).
 */
#ifndef PHONESIM_SIM_BENCH_HISTORY_H
#define PHONESIM_SIM_BENCH_HISTORY_H

#include <stddef.h>
#include <sqlite3.h>

#include "bench_suite.h"

#define BENCH_HISTORY_FORMAT    "phonesim-bench-history"
#define BENCH_HISTORY_VERSION   1

/*
 * Opens the history at path, creating it (and its tables) when there is
 * none. NULL with a one-line reason in err when it cannot be created or is
 * something else (not SQLite, another format or version): bad input.
 */
sqlite3 *bench_history_open(const char *path, char *err, size_t len);

/* Who made the rows appended: one bench. */
struct bench_history_entry {
	const char *time;               /* its start, UTC ISO 8601 */
	const char *label;              /* what was measured: a version, a commit */
	const char *suite;
};

/*
 * Appends, in one transaction, a row per result to runs and one per figure
 * to results. 0, or -1 with a one-line reason in err.
 */
int bench_history_append(sqlite3 *db, const struct bench_history_entry *e,
			 const struct bench_result *res, unsigned n, char *err, size_t len);

#endif
