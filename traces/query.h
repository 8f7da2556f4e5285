/*
 * query.h - the questions `phonesim trace RUN.db ...` answers: a summary of
 * the run (its cores and its traps by class, with what they cost) and
 * listings of traps, switches, interrupts and deadlines, each narrowed by
 * filters.
 *
 * Not here: opening the database (schema.h), option parsing (cmd_trace.c).
 */
#ifndef PHONESIM_TRACES_QUERY_H
#define PHONESIM_TRACES_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

#include "table.h"

/* What to keep; times are simulated ns, from inclusive, to exclusive. */
struct trace_filter {
	bool has_vm, has_core, has_class, has_from, has_to;
	int64_t vm;
	int64_t core;
	bool class_is_ec;
	int64_t ec;                     /* when class_is_ec */
	const char *class_name;         /* otherwise: "HVC64", "IRQ" (any case) */
	int64_t from_ns, to_ns;
};

enum query_status { QUERY_OK, QUERY_BAD_INPUT, QUERY_FAILED };

/*
 * Prints the listing called what ("traps", "switches", "irqs",
 * "deadlines") or the "summary". QUERY_BAD_INPUT when what is unknown or a
 * filter does not apply to it, QUERY_FAILED when SQLite fails; err says
 * which in one line.
 */
enum query_status query_print(sqlite3 *db, const char *what, const struct trace_filter *f,
			      enum table_format fmt, FILE *out, char *err, size_t len);

/*
 * Prints the rows of sql (with f's filters bound to its :vm, :core, ...
 * parameters; f NULL: none) described by cols, or with record its first
 * row only. QUERY_FAILED with err when SQLite fails.
 */
enum query_status query_print_sql(sqlite3 *db, const char *sql, const struct trace_filter *f,
				  const struct column *cols, int ncols, bool record,
				  enum table_format fmt, FILE *out, char *err, size_t len);

/* True for the names query_print knows. */
bool query_known(const char *what);

#endif
