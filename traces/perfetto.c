/*
 * perfetto.c - the trace-event JSON export (see perfetto.h). The format:
 * "Trace Event Format" (Google, the document Chrome's and Perfetto's JSON
 * importers follow): an object whose traceEvents array holds events with
 * ph (phase), ts (microseconds), pid, tid, name, and for complete events
 * ("X") a dur.
 *
 * Track numbers (tid): core N is N + 1, its vCPU track 101 + N, the k-th
 * deadline source (by name) 1001 + k. Unreturned exceptions last until the
 * end of the run.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "json.h"
#include "perfetto.h"

#define PID             1
#define CORE_TID        1
#define VCPU_TID        101
#define DEADLINE_TID    1001

struct exporter {
	sqlite3 *db;
	FILE *f;
	unsigned events;
};

/* Starts an event: the separator, then phase, pid, tid and name. */
static void event(struct exporter *x, const char *ph, int64_t tid, const char *name)
{
	fputs(x->events++ ? ",\n{" : "\n{", x->f);
	fprintf(x->f, "\"ph\":\"%s\",\"pid\":%d,\"tid\":%" PRId64 ",\"name\":", ph, PID, tid);
	json_string(x->f, name, strlen(name));
}

/* ",\"key\":" then a time in microseconds with nanosecond digits. */
static void time_field(struct exporter *x, const char *key, int64_t ns)
{
	if (ns < 0)
		ns = 0;
	fprintf(x->f, ",\"%s\":%" PRId64 ".%03d", key, ns / 1000, (int)(ns % 1000));
}

static const char *text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

static int64_t col(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

/* Runs sql, calling row() for each row; SQLite's code at the end. */
static int each_row(struct exporter *x, const char *sql,
		    void (*row)(struct exporter *x, sqlite3_stmt *st))
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(x->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row(x, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ------------------------------------------------------------- tracks */

static void name_track(struct exporter *x, int64_t tid, const char *name)
{
	event(x, "M", tid, "thread_name");
	fputs(",\"args\":{\"name\":", x->f);
	json_string(x->f, name, strlen(name));
	fputs("}}", x->f);
	event(x, "M", tid, "thread_sort_index");
	fprintf(x->f, ",\"args\":{\"sort_index\":%" PRId64 "}}", tid);
}

static void process_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[512];

	snprintf(name, sizeof(name), "phonesim: %s", text(st, 0));
	event(x, "M", 0, "process_name");
	fputs(",\"args\":{\"name\":", x->f);
	json_string(x->f, name, strlen(name));
	fputs("}}", x->f);
}

static void core_track_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[64];
	int64_t core = col(st, 0);

	snprintf(name, sizeof(name), "core %" PRId64, core);
	name_track(x, CORE_TID + core, name);
}

static void vcpu_track_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[64];
	int64_t core = col(st, 0);

	snprintf(name, sizeof(name), "core %" PRId64 " vCPUs", core);
	name_track(x, VCPU_TID + core, name);
}

static void deadline_track_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[128];

	snprintf(name, sizeof(name), "deadlines: %s", text(st, 1));
	name_track(x, DEADLINE_TID + col(st, 0), name);
}

/* ------------------------------------------------------------- events */

/* The end of the run, for what never ended: sim_ns, or the last entry of a run that died. */
#define RUN_END "COALESCE((SELECT sim_ns FROM run), (SELECT MAX(entry_ns) FROM traps))"

static void trap_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[128];
	const char *vm = (const char *)sqlite3_column_text(st, 1);

	snprintf(name, sizeof(name), "%s%s%s EL%d>EL%d", vm ? vm : "", vm ? ": " : "",
		 text(st, 2), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
	event(x, "X", CORE_TID + col(st, 0), name);
	fprintf(x->f, ",\"cat\":\"EL%d\"", sqlite3_column_int(st, 4));
	time_field(x, "ts", col(st, 5));
	time_field(x, "dur", col(st, 6) - col(st, 5));
	fprintf(x->f, ",\"args\":{\"id\":%" PRId64 ",\"esr\":\"0x%" PRIx64 "\",\"pc\":\"0x%"
		PRIx64 "\",\"returned\":%s,\"insns\":%" PRId64 ",\"cycles\":%" PRId64 "}}",
		col(st, 7), (uint64_t)col(st, 8),
		(uint64_t)col(st, 9),
		sqlite3_column_type(st, 10) == SQLITE_NULL ? "false" : "true",
		col(st, 11), col(st, 12));
}

static void vcpu_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[128];

	snprintf(name, sizeof(name), "%s vCPU %s", text(st, 1), text(st, 2));
	event(x, "X", VCPU_TID + col(st, 0), name);
	fputs(",\"cat\":\"guest\"", x->f);
	time_field(x, "ts", col(st, 3));
	time_field(x, "dur", col(st, 4) - col(st, 3));
	fputs("}", x->f);
}

static void irq_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[64];

	snprintf(name, sizeof(name), "IRQ %" PRId64, col(st, 1));
	event(x, "i", CORE_TID + col(st, 0), name);
	fputs(",\"s\":\"t\"", x->f);
	time_field(x, "ts", col(st, 2));
	fputs(",\"args\":{\"source\":", x->f);
	json_string(x->f, text(st, 3), strlen(text(st, 3)));
	fprintf(x->f, ",\"latency_cycles\":%s}}",
		sqlite3_column_type(st, 4) == SQLITE_NULL ? "null" : text(st, 4));
}

static void deadline_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[64];
	bool missed = sqlite3_column_int(st, 2);

	snprintf(name, sizeof(name), "frame %" PRId64 "%s", col(st, 1),
		 missed ? " missed" : "");
	event(x, "X", DEADLINE_TID + col(st, 0), name);
	time_field(x, "ts", col(st, 3));
	time_field(x, "dur", col(st, 4) - col(st, 3));
	fputs(",\"args\":{\"deadline_ns\":", x->f);
	fputs(text(st, 5), x->f);
	fprintf(x->f, ",\"missed\":%s}}", missed ? "true" : "false");
}

static void counter_row(struct exporter *x, sqlite3_stmt *st)
{
	char name[64];

	snprintf(name, sizeof(name), "core %" PRId64 " insns/us", col(st, 0));
	event(x, "C", 0, name);
	time_field(x, "ts", col(st, 1));
	fprintf(x->f, ",\"args\":{\"EL0\":%.3f,\"EL1\":%.3f,\"EL2\":%.3f}}",
		sqlite3_column_double(st, 2), sqlite3_column_double(st, 3),
		sqlite3_column_double(st, 4));
}

static const struct {
	const char *sql;
	void (*row)(struct exporter *x, sqlite3_stmt *st);
} sections[] = {
	{ "SELECT image FROM run", process_row },
	{ "SELECT core FROM cpus ORDER BY core", core_track_row },
	{ "SELECT DISTINCT core FROM switches ORDER BY core", vcpu_track_row },
	{ "SELECT DENSE_RANK() OVER (ORDER BY source) - 1, source FROM"
	  " (SELECT DISTINCT source FROM deadlines)", deadline_track_row },
	{ "SELECT t.core, v.name, t.class, t.from_el, t.to_el, t.entry_ns,"
	  " COALESCE(t.return_ns, " RUN_END "), t.id, t.esr, t.pc, t.return_ns, t.insns, t.cycles"
	  " FROM traps t LEFT JOIN vms v ON v.vm = t.vm ORDER BY t.id", trap_row },
	{ "SELECT * FROM (SELECT s.core, COALESCE(m.name, 'vm ' || c.vm), COALESCE(c.name,"
	  " s.to_vcpu), s.ns, COALESCE(LEAD(s.ns) OVER (PARTITION BY s.core ORDER BY s.id),"
	  " " RUN_END "), s.to_vcpu FROM switches s LEFT JOIN vcpus c ON c.vcpu = s.to_vcpu"
	  " LEFT JOIN vms m ON m.vm = c.vm) WHERE to_vcpu IS NOT NULL", vcpu_row },
	{ "SELECT core, intid, raised_ns, COALESCE(source, ''), delivered_cycle - raised_cycle"
	  " FROM irqs ORDER BY id", irq_row },
	{ "SELECT r.k, d.frame, d.missed, d.release_ns, COALESCE(d.done_ns, d.deadline_ns),"
	  " d.deadline_ns FROM deadlines d JOIN (SELECT DENSE_RANK() OVER (ORDER BY source) - 1"
	  " AS k, source FROM (SELECT DISTINCT source FROM deadlines)) r ON r.source = d.source"
	  " ORDER BY d.id", deadline_row },
	{ "SELECT core, ns, 1000.0 * (insns_el0 - p0) / (ns - pns), 1000.0 * (insns_el1 - p1) /"
	  " (ns - pns), 1000.0 * (insns_el2 - p2) / (ns - pns) FROM (SELECT core, ns, insns_el0,"
	  " insns_el1, insns_el2, LAG(ns) OVER w AS pns, LAG(insns_el0) OVER w AS p0,"
	  " LAG(insns_el1) OVER w AS p1, LAG(insns_el2) OVER w AS p2 FROM counters"
	  " WINDOW w AS (PARTITION BY core ORDER BY id)) WHERE ns > pns ORDER BY ns, core",
	  counter_row },
};

int perfetto_export(sqlite3 *db, FILE *out, char *err, size_t len)
{
	struct exporter x = { .db = db, .f = out };

	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", out);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (each_row(&x, sections[i].sql, sections[i].row) != SQLITE_OK) {
			snprintf(err, len, "cannot read the trace: %s", sqlite3_errmsg(db));
			return -1;
		}
	fputs("\n]}\n", out);
	return 0;
}
