/*
 * query.c - the summary and the listings of a trace (see query.h).
 *
 * Filters become named SQL parameters (:vm, :core, ...), so that one value
 * can be used at several places of a query; each listing names the columns
 * its filters apply to, and a filter it has no column for is refused.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "query.h"
#include "summary.h"

struct listing {
	const char *name;
	const char *select;             /* SELECT ... FROM ..., then the filters' WHERE */
	const char *order;
	const char *vm, *core, *class_col, *ec, *time;  /* filtered columns, or NULL */
	const struct column *cols;
	int ncols;
};

static const struct column trap_cols[] = {
	{ "id", COL_INT, 6 }, { "core", COL_INT, 4 }, { "vm", COL_INT, 3 },
	{ "vcpu", COL_INT, 4 }, { "class", COL_TEXT, -11 }, { "from", COL_INT, 4 },
	{ "to", COL_INT, 2 }, { "esr", COL_HEX, -10 }, { "pc", COL_HEX, -12 },
	{ "far", COL_HEX, -12 }, { "entry_ns", COL_INT, 12 }, { "entry_cycle", COL_INT, 12 },
	{ "return_cycle", COL_INT, 12 }, { "insns", COL_INT, 8 }, { "cycles", COL_INT, 8 },
};

static const struct column switch_cols[] = {
	{ "id", COL_INT, 6 }, { "core", COL_INT, 4 }, { "ns", COL_INT, 12 },
	{ "cycle", COL_INT, 12 }, { "from_vcpu", COL_INT, 9 }, { "to_vcpu", COL_INT, 7 },
	{ "reason", COL_TEXT, -16 },
};

static const struct column irq_cols[] = {
	{ "id", COL_INT, 6 }, { "intid", COL_INT, 5 }, { "source", COL_TEXT, -14 },
	{ "core", COL_INT, 4 }, { "raised_ns", COL_INT, 12 }, { "raised_cycle", COL_INT, 12 },
	{ "delivered_cycle", COL_INT, 15 }, { "acknowledged_cycle", COL_INT, 18 },
	{ "completed_cycle", COL_INT, 15 },
};

static const struct column deadline_cols[] = {
	{ "id", COL_INT, 6 }, { "source", COL_TEXT, -14 }, { "frame", COL_INT, 8 },
	{ "release_ns", COL_INT, 12 }, { "deadline_ns", COL_INT, 12 },
	{ "done_ns", COL_INT, 12 }, { "missed", COL_INT, 6 },
};

#define COLS(a) a, (int)(sizeof(a) / sizeof(a[0]))

static const struct listing listings[] = {
	{ "traps", "SELECT id, core, vm, vcpu, class, from_el, to_el, esr, pc, far, entry_ns,"
		   " entry_cycle, return_cycle, insns, cycles FROM traps WHERE 1",
	  "id", "vm", "core", "class", "ec", "entry_ns", COLS(trap_cols) },
	/* --vm: the switches to a vCPU of that VM. */
	{ "switches", "SELECT id, core, ns, cycle, from_vcpu, to_vcpu, reason FROM switches"
		      " WHERE 1",
	  "id", "(SELECT vm FROM vcpus WHERE vcpus.vcpu = to_vcpu)", "core", NULL, NULL, "ns",
	  COLS(switch_cols) },
	{ "irqs", "SELECT id, intid, source, core, raised_ns, raised_cycle, delivered_cycle,"
		  " acknowledged_cycle, completed_cycle FROM irqs WHERE 1",
	  "id", NULL, "core", NULL, NULL, "raised_ns", COLS(irq_cols) },
	{ "deadlines", "SELECT id, source, frame, release_ns, deadline_ns, done_ns, missed"
		       " FROM deadlines WHERE 1",
	  "id", NULL, NULL, NULL, NULL, "release_ns", COLS(deadline_cols) },
};

#define NLISTINGS (sizeof(listings) / sizeof(listings[0]))

bool query_known(const char *what)
{
	if (!strcmp(what, "summary") || !strcmp(what, "vms"))
		return true;
	for (size_t i = 0; i < NLISTINGS; i++)
		if (!strcmp(what, listings[i].name))
			return true;
	return false;
}

/* ------------------------------------------------------------- filters */

/* Appends the WHERE terms of f for the columns l names; -1 if one has none. */
static int add_filters(char *sql, size_t len, const struct listing *l,
		       const struct trace_filter *f, char *err, size_t errlen)
{
	const struct { bool on; const char *col, *term, *option; } terms[] = {
		{ f->has_vm, l->vm, " AND %s = :vm", "--vm" },
		{ f->has_core, l->core, " AND %s = :core", "--core" },
		{ f->has_class && f->class_is_ec, l->ec, " AND %s = :ec", "--class" },
		{ f->has_class && !f->class_is_ec, l->class_col, " AND %s = upper(:class)",
		  "--class" },
		{ f->has_from, l->time, " AND %s >= :from", "--from" },
		{ f->has_to, l->time, " AND %s < :to", "--to" },
	};

	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
		size_t used = strlen(sql);

		if (!terms[i].on)
			continue;
		if (!terms[i].col) {
			snprintf(err, errlen, "%s does not apply to %s", terms[i].option, l->name);
			return -1;
		}
		snprintf(sql + used, len - used, terms[i].term, terms[i].col);
	}
	return 0;
}

static void bind_named(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i)
		sqlite3_bind_int64(st, i, v);
}

static void bind_filters(sqlite3_stmt *st, const struct trace_filter *f)
{
	int i = sqlite3_bind_parameter_index(st, ":class");

	bind_named(st, ":vm", f->vm);
	bind_named(st, ":core", f->core);
	bind_named(st, ":ec", f->ec);
	bind_named(st, ":from", f->from_ns);
	bind_named(st, ":to", f->to_ns);
	if (i)
		sqlite3_bind_text(st, i, f->class_name, -1, SQLITE_STATIC);
}

static enum query_status prepare(sqlite3 *db, const char *sql, const struct trace_filter *f,
				 sqlite3_stmt **st, char *err, size_t len)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		snprintf(err, len, "cannot query the trace: %s", sqlite3_errmsg(db));
		return QUERY_FAILED;
	}
	if (f)
		bind_filters(*st, f);
	return QUERY_OK;
}

enum query_status query_print_sql(sqlite3 *db, const char *sql, const struct trace_filter *f,
				  const struct column *cols, int ncols, bool record,
				  enum table_format fmt, FILE *out, char *err, size_t len)
{
	sqlite3_stmt *st;
	enum query_status qs = prepare(db, sql, f, &st, err, len);
	int rc;

	if (qs != QUERY_OK)
		return qs;
	rc = record ? table_print_record(out, fmt, cols, ncols, st)
		    : table_print(out, fmt, cols, ncols, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, len, "cannot query the trace: %s", sqlite3_errstr(rc));
		return QUERY_FAILED;
	}
	return QUERY_OK;
}

static enum query_status print_listing(sqlite3 *db, const struct listing *l,
				       const struct trace_filter *f, enum table_format fmt,
				       FILE *out, char *err, size_t len)
{
	char sql[2048];
	enum query_status qs;

	snprintf(sql, sizeof(sql), "%s", l->select);
	if (add_filters(sql, sizeof(sql), l, f, err, len) != 0)
		return QUERY_BAD_INPUT;
	snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), " ORDER BY %s", l->order);
	qs = query_print_sql(db, sql, f, l->cols, l->ncols, false, fmt, out, err, len);
	if (qs == QUERY_OK && fmt == TABLE_JSON)
		fputc('\n', out);
	return qs;
}

/* ------------------------------------------------------------- summary */

static const struct column run_cols[] = {
	{ "scenario", COL_TEXT, 0 }, { "image", COL_TEXT, 0 }, { "outcome", COL_TEXT, 0 },
	{ "completed", COL_INT, 0 }, { "exit_status", COL_INT, 0 },
	{ "trace_level", COL_TEXT, 0 }, { "cores", COL_INT, 0 }, { "ram_bytes", COL_INT, 0 },
	{ "start_el", COL_INT, 0 }, { "soc", COL_TEXT, 0 }, { "timing", COL_TEXT, 0 },
	{ "instructions", COL_INT, 0 },
	{ "sim_ns", COL_INT, 0 }, { "traps", COL_INT, 0 }, { "irqs", COL_INT, 0 },
	{ "deadlines", COL_INT, 0 }, { "deadline_misses", COL_INT, 0 },
	{ "phonesim_version", COL_TEXT, 0 }, { "unicorn_version", COL_TEXT, 0 },
	{ "sqlite_version", COL_TEXT, 0 }, { "host_start", COL_TEXT, 0 },
	{ "host_end", COL_TEXT, 0 },
};

static const char run_sql[] =
	"SELECT scenario, image, outcome, completed, exit_status, trace_level, cores,"
	" ram_bytes, start_el, soc, timing, instructions, sim_ns,"
	" (SELECT SUM(count) FROM trap_summary), (SELECT COUNT(*) FROM irqs),"
	" (SELECT COUNT(*) FROM deadlines), (SELECT COUNT(*) FROM deadlines WHERE missed),"
	" phonesim_version, unicorn_version, sqlite_version, host_start, host_end FROM run";

static const struct column core_cols[] = {
	{ "core", COL_INT, 4 }, { "freq_hz", COL_INT, 10 }, { "ns", COL_INT, 12 },
	{ "insns_el0", COL_INT, 12 }, { "insns_el1", COL_INT, 12 },
	{ "insns_el2", COL_INT, 12 }, { "cycles_el0", COL_INT, 12 },
	{ "cycles_el1", COL_INT, 12 }, { "cycles_el2", COL_INT, 12 },
};

static const struct listing cores = {
	"cores", "SELECT k.core, c.freq_hz, k.ns, k.insns_el0, k.insns_el1, k.insns_el2,"
		 " k.cycles_el0, k.cycles_el1, k.cycles_el2 FROM counters k"
		 " JOIN cpus c ON c.core = k.core WHERE k.final = 1",
	"k.core", NULL, "k.core", NULL, NULL, NULL, COLS(core_cols),
};

static const struct column class_cols[] = {
	{ "class", COL_TEXT, -11 }, { "kind", COL_TEXT, -6 }, { "from", COL_INT, 4 },
	{ "to", COL_INT, 2 }, { "count", COL_INT, 10 }, { "returned", COL_INT, 10 },
	{ "insns", COL_INT, 12 }, { "cycles", COL_INT, 12 }, { "mean_cycles", COL_REAL, 11 },
	{ "cycle_share_pct", COL_REAL, 15 },
};

/*
 * Traps by class: from trap_summary (every level writes it), or from the
 * traps themselves when a filter needs their VM or time. cycle_share_pct is
 * the class's cycles at its target EL over all cycles the cores counted
 * spent at any EL (not the time they were off).
 */
static const struct listing classes_from_summary = {
	"summary", "SELECT class, kind, from_el, to_el, SUM(count) AS n, SUM(returned) AS r,"
		   " SUM(insns) AS i, SUM(cycles) AS cyc FROM trap_summary WHERE 1",
	NULL, NULL, "core", "class", "ec", NULL, COLS(class_cols),
};

static const struct listing classes_from_traps = {
	"summary", "SELECT class, kind, from_el, to_el, COUNT(*) AS n, COUNT(return_cycle) AS r,"
		   " SUM(insns) AS i, SUM(cycles) AS cyc FROM traps WHERE 1",
	NULL, "vm", "core", "class", "ec", "entry_ns", COLS(class_cols),
};

/* True when the trace was recorded at --trace-level summary: it has no traps rows. */
static bool summary_only(sqlite3 *db)
{
	sqlite3_stmt *st;
	bool yes = false;

	if (sqlite3_prepare_v2(db, "SELECT trace_level = 'summary' FROM run", -1, &st,
			       NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		yes = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return yes;
}

/* The query for traps by class under filter f, in sql; QUERY_BAD_INPUT with err. */
static enum query_status classes_sql(sqlite3 *db, const struct trace_filter *f, char *sql,
				     size_t sqllen, char *err, size_t len)
{
	const struct listing *l = f->has_vm || f->has_from || f->has_to ? &classes_from_traps
									 : &classes_from_summary;
	char inner[1024];

	if (l == &classes_from_traps && summary_only(db)) {
		snprintf(err, len, "--vm, --from and --to need a trace recorded at --trace-level "
			 "events or full; this one is a summary");
		return QUERY_BAD_INPUT;
	}
	snprintf(inner, sizeof(inner), "%s", l->select);
	if (add_filters(inner, sizeof(inner), l, f, err, len) != 0)
		return QUERY_BAD_INPUT;
	snprintf(sql, sqllen,
		 "SELECT class, kind, from_el, to_el, n, r, i, cyc, cyc * 1.0 / NULLIF(r, 0),"
		 " 100.0 * cyc / (SELECT NULLIF(SUM(cycles_el0 + cycles_el1 + cycles_el2), 0)"
		 " FROM counters WHERE final = 1%s)"
		 " FROM (%s GROUP BY class, kind, from_el, to_el)"
		 " ORDER BY cyc DESC, n DESC, class, from_el, to_el",
		 f->has_core ? " AND core = :core" : "", inner);
	return QUERY_OK;
}

/* Text and JSON: the run, its cores, then traps by class; CSV: the classes only. */
static enum query_status print_summary(sqlite3 *db, const struct trace_filter *f,
				       enum table_format fmt, FILE *out, char *err, size_t len)
{
	/* The cores section narrows to --core; the other filters are about traps. */
	struct trace_filter core_only = { .has_core = f->has_core, .core = f->core };
	char classes[2048];
	enum query_status qs = classes_sql(db, f, classes, sizeof(classes), err, len);

	if (qs != QUERY_OK)
		return qs;
	if (fmt == TABLE_CSV)
		return query_print_sql(db, classes, f, COLS(class_cols), false, fmt, out, err, len);
	fputs(fmt == TABLE_JSON ? "{\"run\":" : "", out);
	qs = query_print_sql(db, run_sql, NULL, COLS(run_cols), true, fmt, out, err, len);
	if (qs == QUERY_OK) {
		fputs(fmt == TABLE_JSON ? ",\n\"cores\":" : "\n", out);
		qs = print_listing(db, &cores, &core_only, fmt, out, err, len);
	}
	if (qs == QUERY_OK) {
		fputs(fmt == TABLE_JSON ? ",\n\"classes\":" : "\n", out);
		qs = query_print_sql(db, classes, f, COLS(class_cols), false, fmt, out, err, len);
	}
	if (qs == QUERY_OK && fmt == TABLE_JSON)
		fputs("}\n", out);
	return qs;
}

enum query_status query_print(sqlite3 *db, const char *what, const struct trace_filter *f,
			      enum table_format fmt, FILE *out, char *err, size_t len)
{
	if (!strcmp(what, "summary"))
		return print_summary(db, f, fmt, out, err, len);
	if (!strcmp(what, "vms")) {
		if (f->has_vm || f->has_core || f->has_class || f->has_from || f->has_to) {
			snprintf(err, len, "takes no filters");
			return QUERY_BAD_INPUT;
		}
		return summary_print(db, fmt, out, err, len) ? QUERY_FAILED : QUERY_OK;
	}
	for (size_t i = 0; i < NLISTINGS; i++)
		if (!strcmp(what, listings[i].name))
			return print_listing(db, &listings[i], f, fmt, out, err, len);
	snprintf(err, len, "unknown query '%s'", what);
	return QUERY_BAD_INPUT;
}
