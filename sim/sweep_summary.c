/*
 * sweep_summary.c - the merged summary of a sweep's runs (see
 * sweep_summary.h).
 *
 * The plan and each run's figures go into an in-memory SQLite database,
 * so that one query lays out the table and traces/table.c prints it in
 * every format as `phonesim trace` prints its own. A run's VMs become
 * columns (NAME.cpu_ms, NAME.overhead_pct), in the order the runs first
 * name them, so that runs whose scenarios differ in VMs still line up.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "schema.h"
#include "summary.h"
#include "sweep_plan.h"
#include "output_file.h"
#include "sweep_summary.h"

/* plan.tsv: run, one column per axis, db, command. */
#define PLAN_FIELDS_MAX (SWEEP_MAX_AXES + 3)

struct summary {
	sqlite3 *mem;
	const char *dir;
	unsigned naxes, nruns;
	char *keys[SWEEP_MAX_AXES];
	int width[SWEEP_MAX_AXES];      /* of each axis column in the text table */
	char *err;
	size_t len;
};

static const char tables_sql[] =
	"CREATE TABLE runs(run INTEGER PRIMARY KEY, db TEXT, status INT, host_s REAL, note TEXT);"
	"CREATE TABLE axis_values(run INT, axis INT, value TEXT, PRIMARY KEY (run, axis));"
	"CREATE TABLE figures(run INTEGER PRIMARY KEY, exit_status INT, outcome TEXT,"
	" sim_ms REAL, instructions INT, modem_missed INT, display_dropped INT, host_s REAL);"
	"CREATE TABLE vm_figures(id INTEGER PRIMARY KEY, run INT, name TEXT, cpu_ms REAL,"
	" overhead_pct REAL);";

/* A run's own figures, from its trace. */
static const char trace_run_sql[] =
	"SELECT exit_status, outcome, sim_ns / 1e6, instructions,"
	" (SELECT SUM(missed) FROM deadlines WHERE source = 'modem'),"
	" (SELECT SUM(missed) FROM deadlines WHERE source = 'display'),"
	" ROUND((julianday(host_end) - julianday(host_start)) * 86400) FROM run";

static enum sweep_result sql_error(struct summary *s, sqlite3 *db)
{
	snprintf(s->err, s->len, "%s", sqlite3_errmsg(db));
	return SWEEP_ERROR;
}

static enum sweep_result bad_plan(struct summary *s, unsigned line, const char *what)
{
	snprintf(s->err, s->len, "%s/plan.tsv:%u: %s (not a plan 'phonesim sweep' wrote)",
		 s->dir, line, what);
	return SWEEP_BAD_PLAN;
}

/* Splits line at tabs (its newline dropped); the number of fields, or -1 above max. */
static int split_tabs(char *line, char **fields, int max)
{
	int n = 0;

	line[strcspn(line, "\n")] = 0;
	for (char *f = line;; f++) {
		if (n == max)
			return -1;
		fields[n++] = f;
		f += strcspn(f, "\t");
		if (!*f)
			return n;
		*f = 0;
	}
}

/* Runs sql with ?1..?n bound to the texts; for the few inserts the plan makes. */
static int exec_texts(sqlite3 *db, const char *sql, const char *const *texts, int n,
		      sqlite3_int64 first)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, first);
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 2, texts[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static enum sweep_result plan_header(struct summary *s, char **f, int nf)
{
	if (nf < 3 || strcmp(f[0], "run") || strcmp(f[nf - 2], "db") ||
	    strcmp(f[nf - 1], "command"))
		return bad_plan(s, 1, "the header is not 'run, KEY..., db, command'");
	s->naxes = (unsigned)nf - 3;
	for (unsigned a = 0; a < s->naxes; a++) {
		s->keys[a] = strdup(f[a + 1]);
		if (!s->keys[a]) {
			snprintf(s->err, s->len, "out of memory");
			return SWEEP_ERROR;
		}
		s->width[a] = (int)strlen(f[a + 1]);
	}
	return SWEEP_ALL_OK;
}

static enum sweep_result plan_row(struct summary *s, unsigned line, char **f, int nf)
{
	char *end;
	unsigned long run = strtoul(f[0], &end, 10);
	const char *db = f[nf - 2];
	size_t n = strlen(db);

	if ((unsigned)nf != s->naxes + 3)
		return bad_plan(s, line, "not as many fields as the header");
	if (*end || run != s->nruns + 1)
		return bad_plan(s, line, "the runs are not numbered 1, 2, ... in order");
	if (strchr(db, '/') || n < 4 || strcmp(db + n - 3, ".db"))
		return bad_plan(s, line, "the db is not a file name ending in .db");
	s->nruns++;
	if (exec_texts(s->mem, "INSERT INTO runs(run, db) VALUES (?1, ?2)",
		       (const char *const[]){ db }, 1, run) < 0)
		return sql_error(s, s->mem);
	for (unsigned a = 0; a < s->naxes; a++) {
		char axis[16];

		snprintf(axis, sizeof(axis), "%u", a);
		if (exec_texts(s->mem, "INSERT INTO axis_values VALUES (?1, ?2, ?3)",
			       (const char *const[]){ axis, f[a + 1] }, 2, run) < 0)
			return sql_error(s, s->mem);
		if ((int)strlen(f[a + 1]) > s->width[a])
			s->width[a] = (int)strlen(f[a + 1]);
	}
	return SWEEP_ALL_OK;
}

static enum sweep_result read_plan(struct summary *s)
{
	char path[4096], *line = NULL, *f[PLAN_FIELDS_MAX];
	size_t cap = 0;
	unsigned n = 0;
	enum sweep_result r = SWEEP_ALL_OK;
	FILE *in;

	snprintf(path, sizeof(path), "%s/plan.tsv", s->dir);
	in = fopen(path, "r");
	if (!in) {
		snprintf(s->err, s->len, "cannot read %s: %s", path, strerror(errno));
		return SWEEP_BAD_PLAN;
	}
	while (r == SWEEP_ALL_OK && getline(&line, &cap, in) > 0) {
		int nf = split_tabs(line, f, PLAN_FIELDS_MAX);

		if (nf < 0)
			r = bad_plan(s, n + 1, "too many fields");
		else
			r = n ? plan_row(s, n + 1, f, nf) : plan_header(s, f, nf);
		n++;
	}
	free(line);
	fclose(in);
	if (r == SWEEP_ALL_OK && !s->nruns)
		r = bad_plan(s, n + 1, "no runs");
	return r;
}

/*
 * Steps sql on db and inserts each row through insert: ?1 the run, then
 * columns cols[0..ncols) of the row.
 */
static int copy_rows(sqlite3 *db, const char *sql, sqlite3_stmt *insert, sqlite3_int64 run,
		     const int *cols, int ncols)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_bind_int64(insert, 1, run);
		for (int i = 0; i < ncols; i++)
			sqlite3_bind_value(insert, i + 2, sqlite3_column_value(st, cols[i]));
		rc = sqlite3_step(insert);
		sqlite3_reset(insert);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One run's trace into figures and vm_figures; a missing or unreadable one into its note. */
static enum sweep_result read_trace(struct summary *s, sqlite3_int64 run, const char *db,
				    sqlite3_stmt *ins_run, sqlite3_stmt *ins_vm,
				    sqlite3_stmt *note, const char *vm_sql)
{
	static const int run_cols[] = { 0, 1, 2, 3, 4, 5, 6 };
	static const int vm_cols[] = { 0, 1, 2 };    /* vm_fmt's: name, cpu_ms, overhead_pct */
	char path[4096], why[512];
	const char *what = NULL;
	sqlite3 *t;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", s->dir, db);
	if (access(path, F_OK) != 0) {
		what = "missing";
	} else if (!(t = trace_db_open(path, why, sizeof(why)))) {
		what = "unreadable";
		diag_error("sweep: run %lld: %s", (long long)run, why);
	}
	if (what) {
		sqlite3_bind_text(note, 1, what, -1, SQLITE_STATIC);
		sqlite3_bind_int64(note, 2, run);
		rc = sqlite3_step(note);
		sqlite3_reset(note);
		return rc == SQLITE_DONE ? SWEEP_ALL_OK : sql_error(s, s->mem);
	}
	rc = copy_rows(t, trace_run_sql, ins_run, run, run_cols, 7);
	rc = rc ? rc : copy_rows(t, vm_sql, ins_vm, run, vm_cols, 3);
	if (rc) {
		snprintf(s->err, s->len, "%s: %s", path, sqlite3_errmsg(t));
		sqlite3_close(t);
		return SWEEP_ERROR;
	}
	sqlite3_close(t);
	return SWEEP_ALL_OK;
}

static enum sweep_result read_traces(struct summary *s, const struct spawn_job *jobs)
{
	static const char vm_fmt[] = "SELECT vm, cpu_ms, overhead_pct FROM (%s)"
				     " WHERE vm_index IS NOT NULL";
	sqlite3_stmt *runs = NULL, *ins_run = NULL, *ins_vm = NULL, *note = NULL, *seen = NULL;
	enum sweep_result r = SWEEP_ALL_OK;
	size_t n = sizeof(vm_fmt) + strlen(summary_vm_sql);
	char *vm_sql = malloc(n);

	if (!vm_sql) {
		snprintf(s->err, s->len, "out of memory");
		return SWEEP_ERROR;
	}
	snprintf(vm_sql, n, vm_fmt, summary_vm_sql);
	if (sqlite3_prepare_v2(s->mem, "SELECT run, db FROM runs ORDER BY run", -1, &runs,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->mem, "INSERT INTO figures VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			       -1, &ins_run, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->mem, "INSERT INTO vm_figures(run, name, cpu_ms, overhead_pct)"
			       " VALUES (?1, ?2, ?3, ?4)", -1, &ins_vm, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->mem, "UPDATE runs SET note = ?1 WHERE run = ?2", -1, &note,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->mem, "UPDATE runs SET status = ?1, host_s = ?2 WHERE run = ?3",
			       -1, &seen, NULL) != SQLITE_OK)
		r = sql_error(s, s->mem);
	while (r == SWEEP_ALL_OK && sqlite3_step(runs) == SQLITE_ROW) {
		sqlite3_int64 run = sqlite3_column_int64(runs, 0);

		r = read_trace(s, run, (const char *)sqlite3_column_text(runs, 1), ins_run, ins_vm,
			       note, vm_sql);
		if (r != SWEEP_ALL_OK || !jobs)
			continue;
		sqlite3_bind_int(seen, 1, jobs[run - 1].status);
		sqlite3_bind_double(seen, 2, jobs[run - 1].host_seconds);
		sqlite3_bind_int64(seen, 3, run);
		if (sqlite3_step(seen) != SQLITE_DONE)
			r = sql_error(s, s->mem);
		sqlite3_reset(seen);
	}
	sqlite3_finalize(runs);
	sqlite3_finalize(ins_run);
	sqlite3_finalize(ins_vm);
	sqlite3_finalize(note);
	sqlite3_finalize(seen);
	free(vm_sql);
	return r;
}

/* The table's columns and its query, built for the plan's axes and the runs' VMs. */
struct layout {
	struct column *cols;
	int ncols;
	char **names;           /* the column names allocated here */
	int nnames;
	char *sql;
};

static void layout_free(struct layout *l)
{
	for (int i = 0; i < l->nnames; i++)
		free(l->names[i]);
	free(l->names);
	free(l->cols);
	free(l->sql);
}

/* Appends to the layout's SQL; false when out of memory. */
static bool __attribute__((format(printf, 3, 4)))
append(struct layout *l, size_t *cap, const char *fmt, ...)
{
	size_t used = l->sql ? strlen(l->sql) : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (used + (size_t)n + 1 > *cap) {
		char *sql = realloc(l->sql, 2 * (used + (size_t)n + 1));

		if (!sql)
			return false;
		l->sql = sql;
		*cap = 2 * (used + (size_t)n + 1);
	}
	va_start(ap, fmt);
	vsnprintf(l->sql + used, *cap - used, fmt, ap);
	va_end(ap);
	return true;
}

static bool add_column(struct layout *l, const char *name, enum column_type type, int width,
		       bool owned)
{
	if (owned) {
		if (!name)
			return false;
		l->names[l->nnames++] = (char *)name;
	}
	if ((int)strlen(name) > width)
		width = (int)strlen(name);
	l->cols[l->ncols++] = (struct column){ name, type, width };
	return true;
}

static char *column_name(const char *vm, const char *figure)
{
	char *s = malloc(strlen(vm) + strlen(figure) + 2);

	if (s)
		sprintf(s, "%s.%s", vm, figure);
	return s;
}

static enum sweep_result build_layout(struct summary *s, struct layout *l)
{
	sqlite3_stmt *vms;
	size_t cap = 0;
	int nvms = 0;
	bool ok = true;

	if (sqlite3_prepare_v2(s->mem, "SELECT name FROM vm_figures GROUP BY name"
			       " ORDER BY MIN(id)", -1, &vms, NULL) != SQLITE_OK)
		return sql_error(s, s->mem);
	while (sqlite3_step(vms) == SQLITE_ROW)
		nvms++;
	sqlite3_reset(vms);
	l->cols = calloc(s->naxes + 2 * (size_t)nvms + 8, sizeof(*l->cols));
	l->names = calloc(2 * (size_t)nvms + 1, sizeof(*l->names));
	ok = l->cols && l->names;
	ok = ok && add_column(l, "run", COL_INT, 4, false) && append(l, &cap, "SELECT r.run");
	for (unsigned a = 0; ok && a < s->naxes; a++)
		ok = add_column(l, s->keys[a], COL_TEXT, s->width[a], false) &&
		     append(l, &cap, ", (SELECT value FROM axis_values x WHERE x.run = r.run"
			    " AND x.axis = %u)", a);
	ok = ok && add_column(l, "status", COL_INT, 6, false) &&
	     add_column(l, "outcome", COL_TEXT, -11, false) &&
	     add_column(l, "sim_ms", COL_REAL, 10, false) &&
	     add_column(l, "instructions", COL_INT, 12, false) &&
	     append(l, &cap, ", COALESCE(r.status, f.exit_status), COALESCE(f.outcome, r.note),"
		    " f.sim_ms, f.instructions");
	for (int v = 1; ok && sqlite3_step(vms) == SQLITE_ROW; v++) {
		const char *vm = (const char *)sqlite3_column_text(vms, 0);

		/* ?v is the VM's name, bound when the query is prepared. */
		ok = add_column(l, column_name(vm, "cpu_ms"), COL_REAL, 10, true) &&
		     add_column(l, column_name(vm, "overhead_pct"), COL_REAL, 12, true) &&
		     append(l, &cap, ", (SELECT cpu_ms FROM vm_figures v WHERE v.run = r.run"
			    " AND v.name = ?%d)", v) &&
		     append(l, &cap, ", (SELECT overhead_pct FROM vm_figures v"
			    " WHERE v.run = r.run AND v.name = ?%d)", v);
	}
	sqlite3_finalize(vms);
	ok = ok && add_column(l, "modem_missed", COL_INT, 12, false) &&
	     add_column(l, "display_dropped", COL_INT, 15, false) &&
	     add_column(l, "host_s", COL_REAL, 7, false) &&
	     append(l, &cap, ", f.modem_missed, f.display_dropped, COALESCE(r.host_s, f.host_s)"
		    " FROM runs r LEFT JOIN figures f USING (run) ORDER BY r.run");
	if (!ok) {
		snprintf(s->err, s->len, "out of memory");
		return SWEEP_ERROR;
	}
	return SWEEP_ALL_OK;
}

/* The table's query, its VM names bound (in the order build_layout numbered them). */
static sqlite3_stmt *prepare_table(struct summary *s, const struct layout *l)
{
	sqlite3_stmt *st, *vms;
	int v = 1;

	if (sqlite3_prepare_v2(s->mem, l->sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_prepare_v2(s->mem, "SELECT name FROM vm_figures GROUP BY name"
			       " ORDER BY MIN(id)", -1, &vms, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	while (sqlite3_step(vms) == SQLITE_ROW)
		sqlite3_bind_text(st, v++, (const char *)sqlite3_column_text(vms, 0), -1,
				  SQLITE_TRANSIENT);
	sqlite3_finalize(vms);
	return st;
}

static enum sweep_result print_table(struct summary *s, const struct layout *l,
				     enum table_format fmt, FILE *out)
{
	sqlite3_stmt *st = prepare_table(s, l);
	int rc;

	if (!st)
		return sql_error(s, s->mem);
	rc = table_print(out, fmt, l->cols, l->ncols, st);
	sqlite3_finalize(st);
	if (fmt == TABLE_JSON)
		fputc('\n', out);
	return rc == SQLITE_DONE ? SWEEP_ALL_OK : sql_error(s, s->mem);
}

/* The CSV file, whole or not at all. */
static enum sweep_result write_csv(struct summary *s, const struct layout *l, const char *path)
{
	struct output_file out;
	enum sweep_result r;

	if (output_open(&out, path, s->err, s->len) != 0)
		return SWEEP_ERROR;
	r = print_table(s, l, TABLE_CSV, out.f);
	if (output_close(&out, r == SWEEP_ALL_OK, s->err, s->len) != 0)
		r = SWEEP_ERROR;
	return r;
}

static enum sweep_result count_failures(struct summary *s)
{
	sqlite3_stmt *st;
	int failed;

	if (sqlite3_prepare_v2(s->mem, "SELECT COUNT(*) FROM runs r LEFT JOIN figures f USING (run)"
			       " WHERE COALESCE(r.status, f.exit_status) IS NOT 0"
			       " OR COALESCE(f.outcome, r.note) IS NOT 'finished'", -1, &st,
			       NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return sql_error(s, s->mem);
	}
	failed = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return failed ? SWEEP_SOME_FAILED : SWEEP_ALL_OK;
}

enum sweep_result sweep_summary(const char *dir, const struct spawn_job *jobs, unsigned njobs,
				enum table_format fmt, FILE *out, const char *csv_path,
				char *err, size_t len)
{
	struct summary s = { .dir = dir, .err = err, .len = len };
	struct layout l = { 0 };
	enum sweep_result r;

	if (sqlite3_open(":memory:", &s.mem) != SQLITE_OK)
		r = sql_error(&s, s.mem);
	else if (sqlite3_exec(s.mem, tables_sql, NULL, NULL, NULL) != SQLITE_OK)
		r = sql_error(&s, s.mem);
	else
		r = read_plan(&s);
	if (r == SWEEP_ALL_OK && jobs && njobs != s.nruns) {
		snprintf(err, len, "%s/plan.tsv has %u runs, not the %u made", dir, s.nruns,
			 njobs);
		r = SWEEP_BAD_PLAN;
	}
	if (r == SWEEP_ALL_OK)
		r = read_traces(&s, jobs);
	if (r == SWEEP_ALL_OK)
		r = build_layout(&s, &l);
	if (r == SWEEP_ALL_OK && csv_path)
		r = write_csv(&s, &l, csv_path);
	if (r == SWEEP_ALL_OK)
		r = print_table(&s, &l, fmt, out);
	if (r == SWEEP_ALL_OK)
		r = count_failures(&s);
	layout_free(&l);
	for (unsigned a = 0; a < s.naxes; a++)
		free(s.keys[a]);
	sqlite3_close(s.mem);
	return r;
}
