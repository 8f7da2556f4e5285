/*
 * schema.h - the layout of a phonesim trace database, and opening one.
 *
 * The schema is versioned twice over: PRAGMA user_version and the meta table
 * both hold TRACE_SCHEMA_VERSION, and meta's "format" row says the file is a
 * phonesim trace at all. docs/trace-schema.md documents every table for the
 * people who query it; a change to a table is a new version.
 *
 * Not here: writing rows (recorder.h, writer.h) or reading them (query.h).
 */
#ifndef PHONESIM_TRACES_SCHEMA_H
#define PHONESIM_TRACES_SCHEMA_H

#include <stddef.h>
#include <sqlite3.h>

#define TRACE_SCHEMA_VERSION    2
#define TRACE_FORMAT            "phonesim-trace"
/* How long a connection waits for another's lock (a live run and its readers). */
#define TRACE_BUSY_TIMEOUT_MS   10000

/* CREATE statements for every table, and the meta rows; run in one transaction. */
extern const char trace_schema_sql[];

/*
 * Opens the trace at path read-only and checks that it is a phonesim trace
 * of this schema version. On failure returns NULL with a one-line reason in
 * err (no such file, not an SQLite database, not a phonesim trace, another
 * version).
 */
sqlite3 *trace_db_open(const char *path, char *err, size_t len);

#endif
