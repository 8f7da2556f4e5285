/*
 * bench_compare.c - the baseline of `phonesim bench` and the verdicts
 * against it (see bench_compare.h).
 *
 * The baseline is read with SQLite's JSON functions on an in-memory
 * database: phonesim links SQLite anyway, and this way the project has no
 * JSON parser of its own to get wrong. A figure regresses when it is worse
 * than its baseline by more than the threshold, in % of the baseline; a
 * baseline of 0 has no percentages, so any worsening of it (a first
 * deadline miss, a first dropped frame) regresses whatever the threshold.
 *
 * Not here: the format's writer (bench_report.c), which this must read.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "bench_compare.h"

/* Far more than a suite's results; a bigger file is not a baseline. */
#define BASELINE_MAX_BYTES      (16 << 20)

/* The file's text, NUL-terminated, or NULL with err. */
static char *read_text(const char *path, char *err, size_t len)
{
	FILE *f = fopen(path, "rb");
	char *text;
	size_t n;

	if (!f) {
		snprintf(err, len, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	text = malloc(BASELINE_MAX_BYTES + 1);
	if (!text) {
		fclose(f);
		snprintf(err, len, "out of memory");
		return NULL;
	}
	n = fread(text, 1, BASELINE_MAX_BYTES + 1, f);
	if (ferror(f) || n > BASELINE_MAX_BYTES) {
		snprintf(err, len, "%s: %s", path,
			 ferror(f) ? "cannot read it" : "too big for bench results");
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	text[n] = '\0';
	return text;
}

/* The checks on the document as a whole: one row, NULL when all is well, else the problem. */
static const char header_sql[] =
	"SELECT CASE"
	" WHEN NOT json_valid(?1) THEN 'not JSON'"
	" WHEN json_type(?1) <> 'object' OR json_extract(?1, '$.format') IS NOT 'phonesim-bench'"
	"  THEN 'not phonesim bench results (no \"format\": \"phonesim-bench\")'"
	" WHEN json_extract(?1, '$.format_version') IS NOT 1"
	"  THEN 'format_version is not 1'"
	" WHEN json_type(?1, '$.suite') IS NOT 'text' THEN 'no \"suite\"'"
	" WHEN json_type(?1, '$.runs') IS NOT 'array' THEN 'no \"runs\" array'"
	" END,"
	" CASE WHEN json_valid(?1) THEN json_extract(?1, '$.suite') END,"
	" CASE WHEN json_valid(?1) THEN json_extract(?1, '$.phonesim_version') END";

/*
 * Each run: an object with a name and an array of metrics; the first
 * problem. (The JSON functions fail on a value that is not JSON text, such
 * as a string element's: CASE keeps them to objects.)
 */
static const char runs_sql[] =
	"SELECT 'run ' || key || ': ' || CASE"
	" WHEN type <> 'object' THEN 'not an object'"
	" WHEN json_type(value, '$.name') IS NOT 'text' THEN 'no \"name\"'"
	" WHEN json_type(value, '$.metrics') IS NOT 'array' THEN 'no \"metrics\" array' END"
	" AS problem FROM json_each(?1, '$.runs')"
	" WHERE problem IS NOT NULL ORDER BY key LIMIT 1";

/* Every metric, in order; the checks on them are in load_values(). */
static const char values_sql[] =
	"SELECT json_extract(r.value, '$.name'), m.type = 'object',"
	"  CASE WHEN m.type = 'object' THEN json_type(m.value, '$.name') END,"
	"  CASE WHEN m.type = 'object' THEN json_extract(m.value, '$.name') END,"
	"  CASE WHEN m.type = 'object' THEN json_type(m.value, '$.value') END,"
	"  CASE WHEN m.type = 'object' THEN json_extract(m.value, '$.value') END"
	" FROM json_each(?1, '$.runs') r, json_each(r.value, '$.metrics') m"
	" ORDER BY r.key, m.key";

static char *dup_column(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	return strdup(s ? s : "");
}

static bool same_figure(const struct bench_baseline_value *v, const char *run,
			const char *metric)
{
	return !strcmp(v->run, run) && !strcmp(v->metric, metric);
}

static int load_values(sqlite3_stmt *st, struct bench_baseline *b, char *err, size_t len)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *run = (const char *)sqlite3_column_text(st, 0);
		const char *type = (const char *)sqlite3_column_text(st, 4);
		const char *name = (const char *)sqlite3_column_text(st, 3);
		const char *name_type = (const char *)sqlite3_column_text(st, 2);
		struct bench_baseline_value *v;

		if (!sqlite3_column_int(st, 1) || !name_type || strcmp(name_type, "text") != 0) {
			snprintf(err, len, "run %s: a metric with no \"name\"", run);
			return -1;
		}
		if (!type || (strcmp(type, "integer") != 0 && strcmp(type, "real") != 0)) {
			snprintf(err, len, "run %s: metric %s: \"value\" is not a number", run, name);
			return -1;
		}
		for (unsigned i = 0; i < b->nvalues; i++)
			if (same_figure(&b->values[i], run, name)) {
				snprintf(err, len, "run %s: metric %s appears twice", run, name);
				return -1;
			}
		v = realloc(b->values, (b->nvalues + 1) * sizeof(*v));
		if (!v) {
			snprintf(err, len, "out of memory");
			return -1;
		}
		b->values = v;
		v += b->nvalues++;
		v->run = dup_column(st, 0);
		v->metric = dup_column(st, 3);
		v->value = sqlite3_column_double(st, 5);
		if (!v->run || !v->metric) {
			snprintf(err, len, "out of memory");
			return -1;
		}
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, len, "cannot read it: %s", sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/* Steps st (text bound as ?1) once: its first column, a problem, is copied to err. */
static int first_problem(sqlite3_stmt *st, const char *text, char *err, size_t len)
{
	int rc;

	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(err, len, "cannot read it: %s", sqlite3_errstr(rc));
		return -1;
	}
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		snprintf(err, len, "%s", (const char *)sqlite3_column_text(st, 0));
		return -1;
	}
	return 0;
}

/* Everything but the file's reading; err without the path. */
static int parse(sqlite3 *db, const char *text, const char *suite, struct bench_baseline *b,
		 char *err, size_t len)
{
	const char *sql[] = { header_sql, runs_sql, values_sql };
	sqlite3_stmt *st[3] = { NULL, NULL, NULL };
	int rc = -1;

	for (int i = 0; i < 3; i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, &st[i], NULL) != SQLITE_OK) {
			snprintf(err, len, "cannot read it: %s", sqlite3_errmsg(db));
			goto out;
		}
	if (first_problem(st[0], text, err, len) != 0)
		goto out;
	b->suite = dup_column(st[0], 1);
	b->phonesim_version = dup_column(st[0], 2);
	if (!b->suite || !b->phonesim_version) {
		snprintf(err, len, "out of memory");
		goto out;
	}
	if (strcmp(b->suite, suite) != 0) {
		snprintf(err, len, "the results of suite %s, not %s", b->suite, suite);
		goto out;
	}
	if (first_problem(st[1], text, err, len) != 0)
		goto out;
	sqlite3_bind_text(st[2], 1, text, -1, SQLITE_STATIC);
	rc = load_values(st[2], b, err, len);
out:
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(st[i]);
	return rc;
}

int bench_baseline_load(const char *path, const char *suite, struct bench_baseline *b,
			char *err, size_t len)
{
	char *text = read_text(path, err, len);
	char why[256];
	sqlite3 *db = NULL;
	int rc = -1;

	memset(b, 0, sizeof(*b));
	if (!text)
		return -1;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		snprintf(err, len, "%s: cannot read it: out of memory", path);
		goto out;
	}
	rc = parse(db, text, suite, b, why, sizeof(why));
	if (rc != 0)
		snprintf(err, len, "%s: %s", path, why);
out:
	sqlite3_close(db);
	free(text);
	if (rc != 0)
		bench_baseline_free(b);
	return rc;
}

void bench_baseline_free(struct bench_baseline *b)
{
	for (unsigned i = 0; i < b->nvalues; i++) {
		free(b->values[i].run);
		free(b->values[i].metric);
	}
	free(b->values);
	free(b->suite);
	free(b->phonesim_version);
	memset(b, 0, sizeof(*b));
}

bool bench_verdict_fails(enum bench_verdict v)
{
	return v == VERDICT_REGRESSION || v == VERDICT_MISSING || v == VERDICT_RUN_FAILED;
}

const char *bench_verdict_name(enum bench_verdict v)
{
	static const char *const names[] = {
		[VERDICT_NONE] = "-", [VERDICT_NEW] = "new", [VERDICT_INFO] = "info",
		[VERDICT_OK] = "ok", [VERDICT_IMPROVED] = "improved",
		[VERDICT_REGRESSION] = "REGRESSION", [VERDICT_MISSING] = "MISSING",
		[VERDICT_RUN_FAILED] = "FAILED",
	};

	return names[v];
}

/* The verdict on m, now against base. */
static enum bench_verdict judge(const struct bench_metric *m, struct bench_row *row,
				const struct bench_gate *g)
{
	bool worse;

	if (m->direction == BENCH_INFO || (m->host && !g->gate_host))
		return VERDICT_INFO;
	row->threshold_pct = m->host ? g->host_threshold_pct : g->threshold_pct;
	worse = m->direction == BENCH_LOWER ? row->now > row->base : row->now < row->base;
	if (!row->has_change)
		return worse ? VERDICT_REGRESSION : VERDICT_IMPROVED;
	if (fabs(row->change_pct) <= row->threshold_pct)
		return VERDICT_OK;
	return worse ? VERDICT_REGRESSION : VERDICT_IMPROVED;
}

struct row_list {
	struct bench_row *rows;
	unsigned n;
};

static struct bench_row *add_row(struct row_list *l, const char *run, const char *metric)
{
	struct bench_row *r = realloc(l->rows, (l->n + 1) * sizeof(*r));

	if (!r)
		return NULL;
	l->rows = r;
	r += l->n++;
	memset(r, 0, sizeof(*r));
	r->run = run;
	r->metric = metric;
	return r;
}

/* The row of a measured figure, against the baseline's value if any. */
static int add_figure(struct row_list *l, const char *run, const struct bench_metric *m,
		      const struct bench_baseline *b, bool *used, const struct bench_gate *g)
{
	struct bench_row *r = add_row(l, run, m->name);

	if (!r)
		return -1;
	r->unit = m->unit;
	r->has_now = true;
	r->now = m->value;
	r->verdict = b ? VERDICT_NEW : VERDICT_NONE;
	for (unsigned i = 0; b && i < b->nvalues; i++) {
		if (!same_figure(&b->values[i], run, m->name))
			continue;
		used[i] = true;
		r->has_base = true;
		r->base = b->values[i].value;
		r->has_change = r->base != 0 || r->now == 0;
		r->change_pct = r->base != 0 ? 100 * (r->now - r->base) / fabs(r->base) : 0;
		r->verdict = judge(m, r, g);
		break;
	}
	return 0;
}

/* Rows for the baseline's figures of run (all runs: NULL) that nothing measured. */
static int add_missing(struct row_list *l, const char *run, const struct bench_baseline *b,
		       bool *used)
{
	for (unsigned i = 0; b && i < b->nvalues; i++) {
		struct bench_row *r;

		if (used[i] || (run && strcmp(b->values[i].run, run) != 0))
			continue;
		used[i] = true;
		r = add_row(l, b->values[i].run, b->values[i].metric);
		if (!r)
			return -1;
		r->has_base = true;
		r->base = b->values[i].value;
		r->verdict = VERDICT_MISSING;
	}
	return 0;
}

/* A failed run's baseline figures are not missing: the failure says why. */
static void skip_run(const char *run, const struct bench_baseline *b, bool *used)
{
	for (unsigned i = 0; b && i < b->nvalues; i++)
		if (!strcmp(b->values[i].run, run))
			used[i] = true;
}

int bench_compare(const struct bench_result *res, unsigned nres, const struct bench_baseline *b,
		  const struct bench_gate *g, struct bench_row **rows, unsigned *nrows)
{
	bool *used = calloc(b && b->nvalues ? b->nvalues : 1, sizeof(*used));
	struct row_list l = { NULL, 0 };
	int rc = used ? 0 : -1;

	for (unsigned i = 0; i < nres && rc == 0; i++) {
		const char *run = res[i].spec->scenario;
		struct bench_row *r;

		if (res[i].status != 0) {
			r = add_row(&l, run, "exit_status");
			if (!r) {
				rc = -1;
				break;
			}
			r->has_now = true;
			r->now = res[i].status;
			r->verdict = VERDICT_RUN_FAILED;
			r->why = res[i].why;
			skip_run(run, b, used);
			continue;
		}
		for (unsigned k = 0; k < res[i].nmetrics && rc == 0; k++)
			rc = add_figure(&l, run, &res[i].metrics[k], b, used, g);
		if (rc == 0)
			rc = add_missing(&l, run, b, used);
	}
	if (rc == 0)
		rc = add_missing(&l, NULL, b, used);
	free(used);
	if (rc != 0) {
		free(l.rows);
		return -1;
	}
	*rows = l.rows;
	*nrows = l.n;
	return 0;
}
