/*
 * schema.c - the trace database's tables (see schema.h and
 * docs/trace-schema.md, which explains each column).
 *
 * Times: *_cycle columns count cycles of the core named in the row (cores
 * may run at different clocks); *_ns columns are simulated nanoseconds, one
 * timeline for the whole machine. No column holds host time except
 * run.host_start and run.host_end.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "schema.h"

#define STR_(x) #x
#define STR(x) STR_(x)

const char trace_schema_sql[] =
	"PRAGMA user_version = " STR(TRACE_SCHEMA_VERSION) ";"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"INSERT INTO meta VALUES ('format', '" TRACE_FORMAT "'),"
	" ('schema_version', '" STR(TRACE_SCHEMA_VERSION) "');"
	"CREATE TABLE run ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" scenario TEXT NOT NULL, image TEXT NOT NULL,"
	" cores INTEGER NOT NULL, ram_bytes INTEGER NOT NULL, start_el INTEGER NOT NULL,"
	" soc TEXT NOT NULL, timing TEXT NOT NULL, fast_forward INTEGER NOT NULL,"
	" freq_hz INTEGER, counter_hz INTEGER NOT NULL, quantum_ns INTEGER NOT NULL,"
	" max_insns INTEGER NOT NULL, max_ns INTEGER NOT NULL, params TEXT NOT NULL,"
	" seed INTEGER NOT NULL, name TEXT, duration_ns INTEGER,"
	" trace_level TEXT NOT NULL, counter_period_ns INTEGER,"
	" phonesim_version TEXT NOT NULL, unicorn_version TEXT NOT NULL,"
	" sqlite_version TEXT NOT NULL,"
	" host_start TEXT NOT NULL, host_end TEXT,"
	" completed INTEGER NOT NULL DEFAULT 0, outcome TEXT NOT NULL DEFAULT 'running',"
	" exit_status INTEGER, instructions INTEGER, sim_ns INTEGER);"
	"CREATE TABLE cpus (core INTEGER PRIMARY KEY, mpidr INTEGER NOT NULL,"
	" freq_hz INTEGER NOT NULL);"
	"CREATE TABLE vms (vm INTEGER PRIMARY KEY, name TEXT NOT NULL, devices TEXT NOT NULL);"
	"CREATE TABLE vcpus (vcpu INTEGER PRIMARY KEY, vm INTEGER NOT NULL REFERENCES vms,"
	" name TEXT NOT NULL);"
	"CREATE TABLE ec_names (ec INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	" description TEXT NOT NULL);"
	"CREATE TABLE traps (id INTEGER PRIMARY KEY, core INTEGER NOT NULL,"
	" vm INTEGER, vcpu INTEGER, kind TEXT NOT NULL, class TEXT NOT NULL,"
	" from_el INTEGER NOT NULL, to_el INTEGER NOT NULL, ec INTEGER, esr INTEGER,"
	" pc INTEGER NOT NULL, elr INTEGER NOT NULL, far INTEGER, ipa INTEGER,"
	" entry_cycle INTEGER NOT NULL, entry_ns INTEGER NOT NULL,"
	" return_cycle INTEGER, return_ns INTEGER, return_el INTEGER,"
	" insns INTEGER, cycles INTEGER);"
	"CREATE TABLE trap_summary (core INTEGER NOT NULL, vm INTEGER, kind TEXT NOT NULL,"
	" class TEXT NOT NULL, ec INTEGER, from_el INTEGER NOT NULL, to_el INTEGER NOT NULL,"
	" count INTEGER NOT NULL, returned INTEGER NOT NULL, insns INTEGER NOT NULL,"
	" cycles INTEGER NOT NULL);"
	"CREATE TABLE switches (id INTEGER PRIMARY KEY, core INTEGER NOT NULL,"
	" cycle INTEGER NOT NULL, ns INTEGER NOT NULL, from_vcpu INTEGER, to_vcpu INTEGER,"
	" reason TEXT NOT NULL);"
	"CREATE TABLE irqs (id INTEGER PRIMARY KEY, intid INTEGER NOT NULL, source TEXT,"
	" core INTEGER NOT NULL, raised_cycle INTEGER NOT NULL, raised_ns INTEGER NOT NULL,"
	" delivered_cycle INTEGER, acknowledged_cycle INTEGER, completed_cycle INTEGER);"
	"CREATE TABLE deadlines (id INTEGER PRIMARY KEY, source TEXT NOT NULL,"
	" frame INTEGER NOT NULL, release_ns INTEGER NOT NULL, deadline_ns INTEGER NOT NULL,"
	" done_ns INTEGER, missed INTEGER NOT NULL);"
	"CREATE TABLE counters (id INTEGER PRIMARY KEY, core INTEGER NOT NULL,"
	" ns INTEGER NOT NULL, cycles INTEGER NOT NULL,"
	" insns_el0 INTEGER NOT NULL, insns_el1 INTEGER NOT NULL, insns_el2 INTEGER NOT NULL,"
	" cycles_el0 INTEGER NOT NULL, cycles_el1 INTEGER NOT NULL, cycles_el2 INTEGER NOT NULL,"
	" final INTEGER NOT NULL, vm INTEGER,"
	" energy_fj_el0 INTEGER, energy_fj_el1 INTEGER, energy_fj_el2 INTEGER,"
	" l1d_misses INTEGER, l2_misses INTEGER, dram_reads INTEGER, tlb_misses INTEGER,"
	" branches INTEGER, mispredicts INTEGER);"
	"CREATE TABLE console (id INTEGER PRIMARY KEY, vm INTEGER, core INTEGER, cycle INTEGER,"
	" ns INTEGER NOT NULL, text TEXT NOT NULL);"
	"CREATE TABLE vm_usage (core INTEGER NOT NULL, vm INTEGER, ns INTEGER NOT NULL,"
	" cycles INTEGER NOT NULL,"
	" insns_el0 INTEGER NOT NULL, insns_el1 INTEGER NOT NULL, insns_el2 INTEGER NOT NULL,"
	" cycles_el0 INTEGER NOT NULL, cycles_el1 INTEGER NOT NULL, cycles_el2 INTEGER NOT NULL,"
	" wait_cycles INTEGER NOT NULL,"
	" energy_fj_el0 INTEGER, energy_fj_el1 INTEGER, energy_fj_el2 INTEGER,"
	" l1d_misses INTEGER, l2_misses INTEGER, dram_reads INTEGER, tlb_misses INTEGER,"
	" branches INTEGER, mispredicts INTEGER);"
	"CREATE TABLE metrics (id INTEGER PRIMARY KEY, vm INTEGER, ns INTEGER NOT NULL,"
	" workload TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL,"
	" unit TEXT NOT NULL);";

/* The first column of the first row of sql as text ("" for no row); an SQLite code. */
static int query_text(sqlite3 *db, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);

		snprintf(out, len, "%s", v ? (const char *)v : "");
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		out[0] = '\0';
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Checks the format and version of an open database; 0 or -1 with err. */
static int check_trace(sqlite3 *db, const char *path, char *err, size_t len)
{
	char version[32], format[64];
	int rc = query_text(db, "PRAGMA user_version", version, sizeof(version));

	if (rc == SQLITE_NOTADB) {
		snprintf(err, len, "%s is not a phonesim trace (not an SQLite database)", path);
		return -1;
	}
	if (rc != SQLITE_OK) {
		snprintf(err, len, "cannot read %s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	if (query_text(db, "SELECT value FROM meta WHERE key = 'format'", format,
		       sizeof(format)) != SQLITE_OK || strcmp(format, TRACE_FORMAT) != 0) {
		snprintf(err, len, "%s is not a phonesim trace (no phonesim meta table)", path);
		return -1;
	}
	if (strcmp(version, STR(TRACE_SCHEMA_VERSION)) != 0) {
		snprintf(err, len, "%s has trace schema version %s; this phonesim reads version %d",
			 path, version, TRACE_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

sqlite3 *trace_db_open(const char *path, char *err, size_t len)
{
	sqlite3 *db = NULL;
	struct stat st;

	/* SQLite's own message for these is only "unable to open database file". */
	if (stat(path, &st) != 0) {
		snprintf(err, len, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, len, "%s is not a phonesim trace (not a regular file)", path);
		return NULL;
	}

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(err, len, "cannot open %s: %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, TRACE_BUSY_TIMEOUT_MS);
	if (check_trace(db, path, err, len) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}
