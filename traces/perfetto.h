/*
 * perfetto.h - exporting a trace to the Chrome trace-event JSON format,
 * which ui.perfetto.dev (and chrome://tracing) load.
 *
 * The machine is one process; each core is a thread whose track holds a
 * slice per exception (from entry to return, named by VM and trap class;
 * nested exceptions nest) and an instant per interrupt raised. Cores that
 * switch vCPUs get a second track with a slice per vCPU time slice (guest
 * time, named by VM); each deadline source gets a track of frames; the
 * counters become per-core counter tracks of instructions per simulated
 * microsecond at each EL. Timestamps are simulated time.
 *
 * Not here: the database (schema.h), option parsing (cmd_trace.c).
 */
#ifndef PHONESIM_TRACES_PERFETTO_H
#define PHONESIM_TRACES_PERFETTO_H

#include <stddef.h>
#include <stdio.h>
#include <sqlite3.h>

/* Writes the whole trace in db to out; 0, or -1 with a one-line err. */
int perfetto_export(sqlite3 *db, FILE *out, char *err, size_t len);

#endif
