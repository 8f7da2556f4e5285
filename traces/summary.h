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
 * The VM table's query: a row per VM in vms order, then one for the time
 * no VM held a core; its columns vm (the name), cpu_ms, held_ms,
 * overhead_pct, energy_mj, modem_frames, modem_missed, display_frames,
 * display_dropped, and vm_index (the VM's number; NULL on the last row).
 * For readers that lay the figures out their way (bench, sweep, roi, the
 * report): select the columns by name.
 */
extern const char summary_vm_sql[];

/*
 * Prints the summary of the trace db (open, checked by trace_db_open) in
 * fmt: text, one JSON object {"run", "vms", "traps"}, or CSV (the VM table
 * alone). 0, or -1 with a one-line reason in err.
 */
int summary_print(sqlite3 *db, enum table_format fmt, FILE *out, char *err, size_t len);

#endif
