/*
 * bench_history.c - the bench history database (see bench_history.h and
 * docs/bench.md).
 *
 * Like a trace, the history says what it is in a meta table (format,
 * schema_version), so that a trace or any other database given as
 * --history is refused rather than written into. Rows are only ever
 * appended; a bench's rows share its start time, which groups them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_history.h"
#include "config.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* Two CI jobs may append to one history: wait for the other's lock. */
#define HISTORY_BUSY_TIMEOUT_MS 10000

static const char schema_sql[] =
	"BEGIN;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"INSERT INTO meta VALUES ('format', '" BENCH_HISTORY_FORMAT "'),"
	" ('schema_version', '" STR(BENCH_HISTORY_VERSION) "');"
	"CREATE TABLE runs (id INTEGER PRIMARY KEY, time TEXT NOT NULL, label TEXT NOT NULL,"
	" suite TEXT NOT NULL, run TEXT NOT NULL, duration TEXT, status INTEGER NOT NULL,"
	" host_seconds REAL NOT NULL, phonesim_version TEXT NOT NULL);"
	"CREATE TABLE results (id INTEGER PRIMARY KEY, time TEXT NOT NULL, label TEXT NOT NULL,"
	" suite TEXT NOT NULL, run TEXT NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL,"
	" unit TEXT NOT NULL, direction TEXT NOT NULL, host INTEGER NOT NULL);"
	"CREATE INDEX results_by_figure ON results (suite, run, metric, time);"
	"COMMIT;";

/* 0 when db is a history of this version; otherwise -1 with err. */
static int check_history(sqlite3 *db, const char *path, char *err, size_t len)
{
	static const char sql[] =
		"SELECT (SELECT value FROM meta WHERE key = 'format'),"
		" (SELECT value FROM meta WHERE key = 'schema_version')";
	sqlite3_stmt *st;
	const char *format, *version;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, len, "%s is not a phonesim bench history (%s)", path,
			 sqlite3_errmsg(db));
		return -1;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, len, "%s: cannot read it: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	format = (const char *)sqlite3_column_text(st, 0);
	version = (const char *)sqlite3_column_text(st, 1);
	if (!format || strcmp(format, BENCH_HISTORY_FORMAT) != 0)
		snprintf(err, len, "%s is not a phonesim bench history (its format: %s)", path,
			 format ? format : "none");
	else if (!version || strcmp(version, STR(BENCH_HISTORY_VERSION)) != 0)
		snprintf(err, len, "%s is a bench history of version %s, not %d", path,
			 version ? version : "none", BENCH_HISTORY_VERSION);
	else
		rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

sqlite3 *bench_history_open(const char *path, char *err, size_t len)
{
	struct stat st;
	bool fresh = stat(path, &st) != 0 && errno == ENOENT;
	sqlite3 *db = NULL;

	if (!fresh && (stat(path, &st) != 0 || !S_ISREG(st.st_mode))) {
		snprintf(err, len, "%s is not a phonesim bench history (not a regular file)", path);
		return NULL;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, len, "cannot open %s: %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, HISTORY_BUSY_TIMEOUT_MS);
	if (fresh && sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, len, "cannot create %s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		remove(path);
		return NULL;
	}
	if (check_history(db, path, err, len) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static void bind_entry(sqlite3_stmt *st, const struct bench_history_entry *e,
		       const struct bench_result *r)
{
	sqlite3_bind_text(st, 1, e->time, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->suite, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->spec->scenario, -1, SQLITE_STATIC);
}

static int append(sqlite3 *db, sqlite3_stmt *run_st, sqlite3_stmt *fig_st,
		  const struct bench_history_entry *e, const struct bench_result *res, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct bench_result *r = &res[i];

		sqlite3_reset(run_st);
		bind_entry(run_st, e, r);
		sqlite3_bind_text(run_st, 5, r->spec->duration, -1, SQLITE_STATIC);
		sqlite3_bind_int(run_st, 6, r->status);
		sqlite3_bind_double(run_st, 7, r->host_seconds);
		if (sqlite3_step(run_st) != SQLITE_DONE)
			return -1;
		for (unsigned k = 0; k < r->nmetrics; k++) {
			const struct bench_metric *m = &r->metrics[k];

			sqlite3_reset(fig_st);
			bind_entry(fig_st, e, r);
			sqlite3_bind_text(fig_st, 5, m->name, -1, SQLITE_STATIC);
			sqlite3_bind_double(fig_st, 6, m->value);
			sqlite3_bind_text(fig_st, 7, m->unit, -1, SQLITE_STATIC);
			sqlite3_bind_text(fig_st, 8, bench_direction_name(m->direction), -1,
					  SQLITE_STATIC);
			sqlite3_bind_int(fig_st, 9, m->host);
			if (sqlite3_step(fig_st) != SQLITE_DONE)
				return -1;
		}
	}
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int bench_history_append(sqlite3 *db, const struct bench_history_entry *e,
			 const struct bench_result *res, unsigned n, char *err, size_t len)
{
	static const char run_sql[] =
		"INSERT INTO runs (time, label, suite, run, duration, status, host_seconds,"
		" phonesim_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '" PACKAGE_VERSION "')";
	static const char fig_sql[] =
		"INSERT INTO results (time, label, suite, run, metric, value, unit, direction, host)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	sqlite3_stmt *run_st = NULL, *fig_st = NULL;
	int rc = -1;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, run_sql, -1, &run_st, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, fig_sql, -1, &fig_st, NULL) == SQLITE_OK)
		rc = append(db, run_st, fig_st, e, res, n);
	if (rc != 0) {
		snprintf(err, len, "cannot append to the history: %s", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_finalize(run_st);
	sqlite3_finalize(fig_st);
	return rc;
}
