/*
 * writer.h - the trace database's writer: a thread that inserts the rows the
 * recorder queues, in batched transactions, through prepared statements.
 *
 * The simulation thread only copies a row into a ring buffer (a few tens of
 * nanoseconds); SQLite's cost (about a microsecond a row) is paid on another
 * host CPU. The writer commits every WRITER_COMMIT_ROWS rows or
 * WRITER_COMMIT_MS of host time, whichever comes first, so a run that dies
 * leaves a valid database (WAL mode) with everything committed until then.
 * Rows are written in the order they were pushed, so their content never
 * depends on host timing.
 *
 * Not here: which rows to write (recorder.c), the schema (schema.c).
 */
#ifndef PHONESIM_TRACES_WRITER_H
#define PHONESIM_TRACES_WRITER_H

#include <stddef.h>
#include <sqlite3.h>

#include "rows.h"

#define WRITER_COMMIT_ROWS      8192
#define WRITER_COMMIT_MS        100

struct writer;

/*
 * Prepares the inserts on db (whose schema exists), begins a transaction
 * and starts the thread. db belongs to the writer until writer_stop.
 * NULL with err on failure.
 */
struct writer *writer_start(sqlite3 *db, char *err, size_t len);

/* The next free row, to fill then publish with writer_push; waits while the ring is full. */
struct trace_row *writer_next(struct writer *w);
void writer_push(struct writer *w);

/* The first error the thread met (the rows after it are dropped), or NULL. */
const char *writer_error(struct writer *w);

/*
 * Writes every row pushed, commits, joins the thread and frees the writer;
 * db is the caller's again. 0, or -1 with the first error in err.
 */
int writer_stop(struct writer *w, char *err, size_t len);

#endif
