/*
 * summary.h - the run summary of a trace (summary.c): per VM, its CPU
 * time, the hypervisor's overhead on it, its energy and its devices'
 * deadlines; then the traps the hypervisor took, by VM and class.
 */
#ifndef PHONESIM_TRACES_SUMMARY_H
#define PHONESIM_TRACES_SUMMARY_H

#include <stdio.h>
#include <sqlite3.h>

#include "table.h"

/*
 * Prints the summary of the trace db (open, checked by trace_db_open) in
 * fmt: text, one JSON object {"run", "vms", "traps"}, or CSV (the VM table
 * alone). 0, or -1 with a one-line reason in err.
 */
int summary_print(sqlite3 *db, enum table_format fmt, FILE *out, char *err, size_t len);

#endif
