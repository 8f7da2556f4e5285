/*
 * report_data.c - what each chart of `phonesim report` draws, asked of the
 * trace databases in SQL: the series written as NAME.csv, the key numbers
 * for the table under the chart, and the page's header (see report.h).
 *
 * Not here: the per-core timeline (report_timeline.c), gnuplot
 * (report_plot.c), HTML (report_html.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "summary.h"
#include "table.h"

/* --------------------------------------------------------------- helpers */

sqlite3_stmt *report_prepare(const struct report_run *r, const char *sql, char *err,
			     size_t len)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) == SQLITE_OK)
		return st;
	report_sql_failed(r, err, len);
	return NULL;
}

int report_sql_failed(const struct report_run *r, char *err, size_t len)
{
	snprintf(err, len, "%s: SQLite: %s", r->label, sqlite3_errmsg(r->db));
	return -1;
}

static char *copy_text(const char *s)
{
	char *c = strdup(s ? s : "-");

	if (!c)
		abort();
	return c;
}

void chart_table_add(struct chart_table *t, int n, const char *const *cells)
{
	int at;

	if (!t->cells) {                /* the header */
		t->ncols = n;
		t->nrows = -1;
	}
	at = (t->nrows + 1) * n;
	t->cells = realloc(t->cells, (size_t)(at + n) * sizeof(*t->cells));
	if (!t->cells)
		abort();
	for (int i = 0; i < n; i++)
		t->cells[at + i] = copy_text(cells[i]);
	t->nrows++;
}

void chart_table_free(struct chart_table *t)
{
	if (t->cells)
		for (int i = 0; i < (t->nrows + 1) * t->ncols; i++)
			free(t->cells[i]);
	free(t->cells);
	*t = (struct chart_table){ 0 };
}

static void report_csv_row(FILE *f, int n, const char *const *cells)
{
	for (int i = 0; i < n; i++) {
		table_csv_field(f, cells[i]);
		fputc(i == n - 1 ? '\n' : ',', f);
	}
}

static int add_to(struct chart_series *set, int *n, const char *title)
{
	if (*n == CHART_MAX_SERIES)
		return -1;
	set[*n] = (struct chart_series){ .column = 0 };
	snprintf(set[*n].title, sizeof(set[*n].title), "%s", title);
	return (*n)++;
}

int chart_add_series(struct chart *c, const char *title)
{
	return add_to(c->series, &c->nseries, title);
}

int chart_add_band(struct chart *c, const char *title)
{
	return add_to(c->bands, &c->nbands, title);
}

/* A filter for the rows of run r: the CSV's first column is its label. */
static void run_filter(char *out, size_t len, const struct report_run *r)
{
	char q[CHART_TEXT / 2 - 16];

	gp_string(q, sizeof(q), r->label);
	snprintf(out, len, "strcol(1) eq %s", q);
}

/* "label: what" when there are two runs to tell apart, else "what". */
static void run_title(char *out, size_t len, const struct report_run *r, int nruns,
		      const char *what)
{
	if (nruns > 1)
		snprintf(out, len, "%s: %s", r->label, what);
	else
		snprintf(out, len, "%s", what);
}

/*
 * Appends the rows of sql, asked of every run, to t: the columns sql
 * names, after a "run" column when there are two. The row count, or -1.
 */
static int table_from_sql(struct chart_table *t, const struct report_run *runs, int nruns,
			  const char *sql, char *err, size_t len)
{
	int rows = 0;

	for (int r = 0; r < nruns; r++) {
		sqlite3_stmt *st = report_prepare(&runs[r], sql, err, len);
		const char *cells[16];
		int n, lead = nruns > 1, rc;

		if (!st)
			return -1;
		n = sqlite3_column_count(st);
		if (n + lead > 16)
			abort();
		if (!t->cells) {
			cells[0] = "run";
			for (int i = 0; i < n; i++)
				cells[lead + i] = sqlite3_column_name(st, i);
			chart_table_add(t, n + lead, cells);
		}
		cells[0] = runs[r].label;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int i = 0; i < n; i++)
				cells[lead + i] = (const char *)sqlite3_column_text(st, i);
			chart_table_add(t, n + lead, cells);
			rows++;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return report_sql_failed(&runs[r], err, len);
	}
	return rows;
}

/*
 * Writes the rows of sql, asked of every run, to csv: a "run" column with
 * the run's label, then the columns sql names. The row count, or -1.
 */
static int csv_from_sql(FILE *csv, const struct report_run *runs, int nruns, const char *sql,
			char *err, size_t len)
{
	int rows = 0;

	for (int r = 0; r < nruns; r++) {
		sqlite3_stmt *st = report_prepare(&runs[r], sql, err, len);
		const char *cells[16];
		int n, rc;

		if (!st)
			return -1;
		n = sqlite3_column_count(st);
		if (n + 1 > 16)
			abort();
		if (r == 0) {
			cells[0] = "run";
			for (int i = 0; i < n; i++)
				cells[1 + i] = sqlite3_column_name(st, i);
			report_csv_row(csv, n + 1, cells);
		}
		cells[0] = runs[r].label;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int i = 0; i < n; i++)
				cells[1 + i] = (const char *)sqlite3_column_text(st, i);
			report_csv_row(csv, n + 1, cells);
			rows++;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return report_sql_failed(&runs[r], err, len);
	}
	return rows;
}

/* ------------------------------------------------------------- bar charts */

#define PIVOT_ROWS 64

/* Bars: one row a group of bars, one column a series; absent values are 0. */
struct pivot {
	int nrows, dropped;
	char rows[PIVOT_ROWS][CHART_TEXT];
	double v[PIVOT_ROWS][CHART_MAX_SERIES];
};

static void pivot_add(struct pivot *p, struct chart *c, const char *row, const char *series,
		      double v)
{
	int i, j;

	for (i = 0; i < p->nrows && strcmp(p->rows[i], row); i++)
		;
	for (j = 0; j < c->nseries && strcmp(c->series[j].title, series); j++)
		;
	if (i == p->nrows && p->nrows < PIVOT_ROWS)
		snprintf(p->rows[p->nrows++], CHART_TEXT, "%s", row);
	if (j == c->nseries && chart_add_series(c, series) >= 0)
		c->series[j].column = j + 2;
	if (i < p->nrows && j < c->nseries)
		p->v[i][j] += v;
	else
		p->dropped++;
}

/* Writes the bars as CSV (label, then a column per series) and notes any dropped. */
static void pivot_write(const struct pivot *p, const struct chart *c, const char *fmt,
			FILE *csv)
{
	fputs("label", csv);
	for (int j = 0; j < c->nseries; j++) {
		fputc(',', csv);
		table_csv_field(csv, c->series[j].title);
	}
	fputc('\n', csv);
	for (int i = 0; i < p->nrows; i++) {
		table_csv_field(csv, p->rows[i]);
		for (int j = 0; j < c->nseries; j++) {
			fputc(',', csv);
			fprintf(csv, fmt, p->v[i][j]);
		}
		fputc('\n', csv);
	}
}

static struct pivot *pivot_new(void)
{
	struct pivot *p = calloc(1, sizeof(*p));

	if (!p)
		abort();
	return p;
}

static void note_dropped(struct chart *c, const struct pivot *p)
{
	size_t n = strlen(c->about);

	if (p->dropped)
		snprintf(c->about + n, sizeof(c->about) - n,
			 " Only the first %d bars and %d series are drawn; the table has them all.",
			 PIVOT_ROWS, CHART_MAX_SERIES);
}

/*
 * Bars straight from sql: its first column labels a group (after the run's
 * label when there are two), its next nvalues columns are the series,
 * called titles[]; the table under the chart is every column of sql.
 */
static int bars_from_sql(struct chart *c, const struct report_run *runs, int nruns,
			 FILE *csv, const char *sql, const char *const *titles, int nvalues,
			 char *err, size_t len)
{
	struct pivot *p = pivot_new();
	int rc = 0;

	c->kind = CHART_BARS;
	if (table_from_sql(&c->table, runs, nruns, sql, err, len) < 0)
		rc = -1;
	for (int r = 0; r < nruns && rc == 0; r++) {
		sqlite3_stmt *st = report_prepare(&runs[r], sql, err, len);
		char row[CHART_TEXT];

		if (!st) {
			rc = -1;
			break;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			run_title(row, sizeof(row), &runs[r], nruns,
				  (const char *)sqlite3_column_text(st, 0));
			for (int i = 1; i <= nvalues; i++)
				pivot_add(p, c, row, titles[i - 1], sqlite3_column_double(st, i));
		}
		sqlite3_finalize(st);
		rc = rc == SQLITE_DONE ? 0 : report_sql_failed(&runs[r], err, len);
	}
	if (rc == 0 && p->nrows)
		pivot_write(p, c, "%.4f", csv);
	note_dropped(c, p);
	free(p);
	return rc;
}

/* ------------------------------------------------- 1. overhead by class */

/* All cycles of the run, every core at every EL: the share's denominator. */
#define ALL_CYCLES \
	"(SELECT SUM(cycles_el0 + cycles_el1 + cycles_el2) FROM counters WHERE final = 1)"
/* What a row's vm column names: a VM, no vCPU held, or a bare-metal run. */
#define VM_NAME(vm) \
	"CASE WHEN " vm " IS NOT NULL THEN COALESCE(m.name, 'VM ' || " vm ") " \
	"WHEN EXISTS (SELECT 1 FROM vms) THEN 'no vCPU' ELSE 'bare metal' END"

static const char overhead_sql[] =
	"SELECT t.class, t.to_el, " VM_NAME("t.vm") " AS vm, SUM(t.returned) AS returned, "
	"       SUM(t.cycles) AS cycles, ROUND(1.0 * SUM(t.cycles) / SUM(t.returned), 1) "
	"         AS mean_cycles, "
	"       ROUND(100.0 * SUM(t.cycles) / " ALL_CYCLES ", 3) AS pct_of_all "
	"FROM trap_summary t LEFT JOIN vms m ON m.vm = t.vm "
	"WHERE t.to_el = 2 OR NOT EXISTS (SELECT 1 FROM vms) "
	"GROUP BY t.class, t.to_el, t.vm HAVING SUM(t.returned) > 0 "
	"ORDER BY SUM(SUM(t.cycles)) OVER (PARTITION BY t.class, t.to_el) DESC, t.class, "
	"         t.to_el, t.vm IS NULL, t.vm";

static int chart_overhead(struct chart *c, const struct report_run *runs, int nruns,
			  FILE *csv, char *err, size_t len)
{
	struct pivot *p = pivot_new();
	int rows = table_from_sql(&c->table, runs, nruns, overhead_sql, err, len);

	c->kind = CHART_BARS;
	c->logy = true;
	c->si_y = nruns == 1;
	snprintf(c->about, sizeof(c->about), "%s",
		 "The cycles the hypervisor spent handling each class of trap taken to EL2 "
		 "(trap_summary.cycles: at EL2, over the traps that returned), per VM it "
		 "trapped from; for a bare-metal run, every trap at the EL it was taken to. The "
		 "share is of all cycles of all cores (the final counters). The scale is "
		 "logarithmic. A WFX trap's cycles include the time the core then waited for "
		 "an interrupt: a blocked vCPU's idle time, not the hypervisor's work.");
	snprintf(c->xlabel, sizeof(c->xlabel), "trap class and the EL it was taken to");
	snprintf(c->ylabel, sizeof(c->ylabel), "%s", nruns > 1 ? "% of all cycles" : "cycles");
	for (int r = 0; r < nruns && rows > 0; r++) {
		sqlite3_stmt *st = report_prepare(&runs[r], overhead_sql, err, len);
		char row[CHART_TEXT];
		int rc;

		if (!st) {
			rows = -1;
			break;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			snprintf(row, sizeof(row), "%s EL%d", sqlite3_column_text(st, 0),
				 sqlite3_column_int(st, 1));
			if (nruns > 1)
				pivot_add(p, c, row, runs[r].label, sqlite3_column_double(st, 6));
			else
				pivot_add(p, c, row, (const char *)sqlite3_column_text(st, 2),
					  sqlite3_column_double(st, 4));
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			rows = report_sql_failed(&runs[r], err, len);
	}
	if (rows == 0)
		snprintf(c->empty, sizeof(c->empty), "%s", "No trap returned in the run.");
	if (rows > 0)
		pivot_write(p, c, nruns > 1 ? "%.4f" : "%.0f", csv);
	note_dropped(c, p);
	free(p);
	return rows < 0 ? -1 : 0;
}

/* ---------------------------------------------- 2. trap-latency CDF */

/* How finely the CDF is kept: a point per this step of the fraction or of log(cycles). */
#define CDF_FRACTION_STEP       0.002
#define CDF_CYCLES_RATIO        1.05

struct cdf_class {
	char class[32];
	int el;
	int64_t n, k, max, p50, p90, p99;
	double sum, last_fraction;
	int64_t last_cycles;    /* the last point written; 0: none yet */
};

static void cdf_point(FILE *csv, const struct report_run *r, struct cdf_class *g,
		      int64_t cycles, bool last)
{
	double fraction = (double)g->k / (double)g->n;

	if (!last && g->last_cycles && fraction - g->last_fraction < CDF_FRACTION_STEP &&
	    (double)cycles < (double)g->last_cycles * CDF_CYCLES_RATIO)
		return;
	table_csv_field(csv, r->label);
	fprintf(csv, ",%s,%d,%lld,%.6f\n", g->class, g->el, (long long)cycles, fraction);
	g->last_cycles = cycles > 0 ? cycles : 1;
	g->last_fraction = fraction;
}

/* The nearest-rank percentile p% is the first value at rank k >= p% of n. */
static void cdf_rank(struct cdf_class *g, int64_t cycles)
{
	if (!g->p50 && g->k * 100 >= 50 * g->n)
		g->p50 = cycles;
	if (!g->p90 && g->k * 100 >= 90 * g->n)
		g->p90 = cycles;
	if (!g->p99 && g->k * 100 >= 99 * g->n)
		g->p99 = cycles;
}

static void cdf_finish(struct chart *c, const struct report_run *r, int nruns,
		       const struct cdf_class *g)
{
	char el[8], n[24], mean[32], p50[24], p90[24], p99[24], max[24];
	char name[64], quoted[64], title[CHART_TEXT], filter[CHART_TEXT / 2];
	const char *cells[] = { r->label, g->class, el, n, mean, p50, p90, p99, max };
	int lead = nruns > 1 ? 0 : 1, s;

	snprintf(el, sizeof(el), "%d", g->el);
	snprintf(n, sizeof(n), "%lld", (long long)g->n);
	snprintf(mean, sizeof(mean), "%.1f", g->sum / (double)g->n);
	snprintf(p50, sizeof(p50), "%lld", (long long)g->p50);
	snprintf(p90, sizeof(p90), "%lld", (long long)g->p90);
	snprintf(p99, sizeof(p99), "%lld", (long long)g->p99);
	snprintf(max, sizeof(max), "%lld", (long long)g->max);
	chart_table_add(&c->table, 9 - lead, cells + lead);

	snprintf(name, sizeof(name), "%s EL%d", g->class, g->el);
	run_title(title, sizeof(title), r, nruns, name);
	s = chart_add_series(c, title);
	if (s < 0)
		return;
	run_filter(filter, sizeof(filter), r);
	gp_string(quoted, sizeof(quoted), g->class);
	snprintf(c->series[s].filter, sizeof(c->series[s].filter),
		 "%s && strcol(2) eq %s && $3 == %d", filter, quoted, g->el);
	snprintf(c->series[s].x, sizeof(c->series[s].x), "$4");
	snprintf(c->series[s].y, sizeof(c->series[s].y), "$5");
	c->series[s].style = STYLE_STEPS;
}

static int cdf_run(struct chart *c, const struct report_run *r, int nruns, FILE *csv,
		   char *err, size_t len)
{
	sqlite3_stmt *st = report_prepare(r,
		"SELECT class, to_el, cycles, COUNT(*) OVER (PARTITION BY class, to_el) "
		"FROM traps WHERE return_cycle IS NOT NULL "
		"ORDER BY to_el DESC, class, cycles", err, len);
	struct cdf_class g = { .n = 0 };
	int64_t pending = -1;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *class = (const char *)sqlite3_column_text(st, 0);
		int el = sqlite3_column_int(st, 1);
		int64_t cycles = sqlite3_column_int64(st, 2);

		if (g.n && (strcmp(class, g.class) || el != g.el)) {
			cdf_point(csv, r, &g, pending, true);
			cdf_finish(c, r, nruns, &g);
			g = (struct cdf_class){ .n = 0 };
			pending = -1;
		}
		if (!g.n) {
			snprintf(g.class, sizeof(g.class), "%s", class);
			g.el = el;
			g.n = sqlite3_column_int64(st, 3);
		}
		/* A point at the last rank of each value: the CDF's top there. */
		if (pending >= 0 && cycles != pending)
			cdf_point(csv, r, &g, pending, false);
		g.k++;
		g.sum += (double)cycles;
		g.max = cycles;
		cdf_rank(&g, cycles);
		pending = cycles;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return report_sql_failed(r, err, len);
	if (g.n) {
		cdf_point(csv, r, &g, pending, true);
		cdf_finish(c, r, nruns, &g);
	}
	return 0;
}

static int chart_latency(struct chart *c, const struct report_run *runs, int nruns,
			 FILE *csv, char *err, size_t len)
{
	static const char *const header[] = {
		"run", "class", "to_el", "returned", "mean", "p50", "p90", "p99", "max",
	};
	int lead = nruns > 1 ? 0 : 1;

	c->kind = CHART_LINES;
	c->logx = true;
	snprintf(c->about, sizeof(c->about), "%s",
		 "For each class of trap and the EL it was taken to, the fraction of the traps "
		 "that returned within a number of cycles (traps.cycles: the cycles spent at "
		 "that EL from the exception to its ERET). The table: nearest-rank percentiles, "
		 "in cycles.");
	snprintf(c->xlabel, sizeof(c->xlabel), "cycles from the exception to its return");
	snprintf(c->ylabel, sizeof(c->ylabel), "fraction of the traps");
	chart_table_add(&c->table, 9 - lead, header + lead);
	fputs("run,class,to_el,cycles,fraction\n", csv);
	for (int r = 0; r < nruns; r++)
		if (cdf_run(c, &runs[r], nruns, csv, err, len) != 0)
			return -1;
	if (!c->table.nrows)
		snprintf(c->empty, sizeof(c->empty), "%s",
			 "No trap returned in the run (or it was recorded at --trace-level "
			 "summary, which keeps no traps).");
	return 0;
}

/* ------------------------------------------- 4, 5. deadlines: modem, display */

/*
 * Adds, for each run, the series of a deadline chart that have frames:
 * on time, late, and never done (drawn at 0). ycol is the CSV column
 * drawn, missed and never the columns of those flags.
 */
static int deadline_series(struct chart *c, const struct report_run *runs, int nruns,
			   const char *count_sql, int ycol, int missed, int never,
			   char *err, size_t len)
{
	static const struct { const char *what; enum series_style style; } kinds[] = {
		{ "on time", STYLE_POINTS }, { "late", STYLE_LATE }, { "never done", STYLE_NEVER },
	};

	for (int r = 0; r < nruns; r++) {
		sqlite3_stmt *st = report_prepare(&runs[r], count_sql, err, len);

		if (!st)
			return -1;
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return report_sql_failed(&runs[r], err, len);
		}
		for (int k = 0; k < 3; k++) {
			char title[CHART_TEXT], filter[CHART_TEXT / 2];
			int s;

			if (sqlite3_column_int64(st, k) == 0)
				continue;
			run_title(title, sizeof(title), &runs[r], nruns, kinds[k].what);
			s = chart_add_series(c, title);
			if (s < 0)
				break;
			run_filter(filter, sizeof(filter), &runs[r]);
			snprintf(c->series[s].filter, sizeof(c->series[s].filter),
				 k == 0 ? "%s && $%d == 0" : k == 1 ? "%s && $%d == 1 && $%d == 0" :
				 "%s && $%d + $%d == 2", filter, missed, never);
			snprintf(c->series[s].x, sizeof(c->series[s].x), "$2");
			snprintf(c->series[s].y, sizeof(c->series[s].y),
				 k == 2 ? "0" : "$%d", ycol);
			c->series[s].style = kinds[k].style;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* The frames of a source on time, late, and never done. */
#define DEADLINE_COUNTS(source) \
	"SELECT COALESCE(SUM(missed = 0), 0), " \
	"       COALESCE(SUM(missed = 1 AND done_ns IS NOT NULL), 0), " \
	"       COALESCE(SUM(done_ns IS NULL), 0) " \
	"FROM deadlines WHERE source = '" source "'"

static const char modem_sql[] =
	"SELECT frame, ROUND(release_ns / 1e6, 6) AS release_ms, "
	"       ROUND((deadline_ns - done_ns) / 1e3, 3) AS slack_us, missed, "
	"       done_ns IS NULL AS never_done "
	"FROM deadlines WHERE source = 'modem' ORDER BY frame";

static const char modem_table_sql[] =
	"SELECT COUNT(*) AS frames, SUM(missed) AS missed, SUM(done_ns IS NULL) AS never_done, "
	"       ROUND(MIN(deadline_ns - done_ns) / 1e3, 1) AS min_slack_us, "
	"       ROUND(AVG(deadline_ns - done_ns) / 1e3, 1) AS mean_slack_us, "
	"       ROUND(MAX(deadline_ns - done_ns) / 1e3, 1) AS max_slack_us "
	"FROM deadlines WHERE source = 'modem' HAVING COUNT(*) > 0";

static int chart_modem(struct chart *c, const struct report_run *runs, int nruns, FILE *csv,
		       char *err, size_t len)
{
	int rows = csv_from_sql(csv, runs, nruns, modem_sql, err, len);

	if (rows < 0 || table_from_sql(&c->table, runs, nruns, modem_table_sql, err, len) < 0)
		return -1;
	c->kind = CHART_LINES;
	snprintf(c->about, sizeof(c->about), "%s",
		 "The modem's slack on each frame: its deadline minus when the baseband "
		 "finished it (deadlines where source = 'modem', deadline_ns - done_ns, in "
		 "microseconds). Below 0 the frame was late; a frame never done is drawn at 0.");
	snprintf(c->xlabel, sizeof(c->xlabel), "modem frame");
	snprintf(c->ylabel, sizeof(c->ylabel), "slack (us)");
	if (deadline_series(c, runs, nruns, DEADLINE_COUNTS("modem"), 4, 5, 6, err, len) != 0)
		return -1;
	if (!rows)
		snprintf(c->empty, sizeof(c->empty), "%s",
			 "The run has no modem deadlines (no modem, or no VM passed it).");
	return 0;
}

static const char display_sql[] =
	"SELECT frame, ROUND(done_ns / 1e6, 6) AS done_ms, "
	"       ROUND((done_ns - LAG(done_ns) OVER (ORDER BY frame)) / 1e6, 4) AS frame_time_ms, "
	"       ROUND((deadline_ns - release_ns) / 1e6, 4) AS period_ms, missed, "
	"       done_ns IS NULL AS never_done "
	"FROM deadlines WHERE source = 'display' ORDER BY frame";

static const char display_table_sql[] =
	"SELECT COUNT(*) AS frames, SUM(missed) AS missed, SUM(done_ns IS NULL) AS never_done, "
	"       ROUND(AVG(t), 3) AS mean_frame_time_ms, ROUND(MIN(t), 3) AS min_ms, "
	"       ROUND(MAX(t), 3) AS max_ms, ROUND(AVG(period), 3) AS period_ms "
	"FROM (SELECT missed, done_ns, (deadline_ns - release_ns) / 1e6 AS period, "
	"             (done_ns - LAG(done_ns) OVER (ORDER BY frame)) / 1e6 AS t "
	"      FROM deadlines WHERE source = 'display') "
	"HAVING COUNT(*) > 0";

static int chart_display(struct chart *c, const struct report_run *runs, int nruns,
			 FILE *csv, char *err, size_t len)
{
	int rows = csv_from_sql(csv, runs, nruns, display_sql, err, len);

	if (rows < 0 || table_from_sql(&c->table, runs, nruns, display_table_sql, err, len) < 0)
		return -1;
	c->kind = CHART_LINES;
	snprintf(c->about, sizeof(c->about), "%s",
		 "The display's frame times: the interval between one frame done and the next "
		 "(deadlines where source = 'display', successive done_ns, in ms), and the frame "
		 "period (deadline_ns - release_ns) as a line. A late frame is marked; a frame "
		 "never done is drawn at 0.");
	snprintf(c->xlabel, sizeof(c->xlabel), "display frame");
	snprintf(c->ylabel, sizeof(c->ylabel), "ms since the previous frame");
	for (int r = 0; r < nruns; r++) {
		char title[CHART_TEXT];
		int s;

		run_title(title, sizeof(title), &runs[r], nruns, "frame period");
		s = chart_add_series(c, title);
		if (s < 0)
			break;
		run_filter(c->series[s].filter, sizeof(c->series[s].filter), &runs[r]);
		snprintf(c->series[s].x, sizeof(c->series[s].x), "$2");
		snprintf(c->series[s].y, sizeof(c->series[s].y), "$5");
		c->series[s].style = STYLE_LINE;
	}
	if (deadline_series(c, runs, nruns, DEADLINE_COUNTS("display"), 4, 6, 7, err,
			    len) != 0)
		return -1;
	if (!rows)
		snprintf(c->empty, sizeof(c->empty), "%s",
			 "The run has no display deadlines (no display, or no VM passed it).");
	return 0;
}

/* ----------------------------------------------- 6, 7. per-VM usage */

#define VM_USAGE_FROM "FROM vm_usage u LEFT JOIN vms m ON m.vm = u.vm "

static const char energy_sql[] =
	"SELECT " VM_NAME("u.vm") " AS vm, "
	"       ROUND(SUM(u.energy_fj_el0 + u.energy_fj_el1) / 1e9, 3) AS guest_uj, "
	"       ROUND(SUM(u.energy_fj_el2) / 1e9, 3) AS hypervisor_uj, "
	"       ROUND(SUM(u.energy_fj_el0 + u.energy_fj_el1 + u.energy_fj_el2) / 1e9, 3) "
	"         AS total_uj, "
	"       ROUND(100.0 * SUM(u.energy_fj_el0 + u.energy_fj_el1 + u.energy_fj_el2) / "
	"             (SELECT SUM(energy_fj_el0 + energy_fj_el1 + energy_fj_el2) "
	"              FROM vm_usage), 2) AS pct_of_all "
	VM_USAGE_FROM
	"GROUP BY u.vm HAVING SUM(u.energy_fj_el0 + u.energy_fj_el1 + u.energy_fj_el2) > 0 "
	"ORDER BY u.vm IS NULL, u.vm";

static int chart_energy(struct chart *c, const struct report_run *runs, int nruns,
			FILE *csv, char *err, size_t len)
{
	static const char *const titles[] = { "EL0 and EL1: the guest", "EL2: the hypervisor" };

	c->stacked = true;
	snprintf(c->about, sizeof(c->about), "%s",
		 "The energy each VM used (vm_usage, from the power model, in microjoules): at "
		 "EL0 and EL1, its own code; at EL2, the hypervisor's while the core held the "
		 "VM's vCPU. 'no vCPU': what the cores used holding none (the hypervisor idle "
		 "or on its own work); 'bare metal': a run without a hypervisor.");
	snprintf(c->xlabel, sizeof(c->xlabel), "VM");
	snprintf(c->ylabel, sizeof(c->ylabel), "energy (uJ)");
	if (bars_from_sql(c, runs, nruns, csv, energy_sql, titles, 2, err, len) != 0)
		return -1;
	if (!c->table.nrows)
		snprintf(c->empty, sizeof(c->empty), "%s", "The run used no energy the power "
			 "model counted (no instruction ran).");
	return 0;
}

#define MPKI(col) "ROUND(1000.0 * SUM(u." col ") / SUM(u.insns_el0 + u.insns_el1 + u.insns_el2), 3)"

static const char mpki_sql[] =
	"SELECT " VM_NAME("u.vm") " AS vm, "
	"       " MPKI("l1d_misses") " AS l1d_mpki, " MPKI("l2_misses") " AS l2_mpki, "
	"       " MPKI("tlb_misses") " AS tlb_mpki, " MPKI("mispredicts") " AS mispredict_mpki, "
	"       SUM(u.insns_el0 + u.insns_el1 + u.insns_el2) AS insns "
	VM_USAGE_FROM
	"GROUP BY u.vm "
	"HAVING SUM(u.insns_el0 + u.insns_el1 + u.insns_el2) > 0 AND SUM(u.l1d_misses) IS NOT NULL "
	"ORDER BY u.vm IS NULL, u.vm";

static int chart_mpki(struct chart *c, const struct report_run *runs, int nruns, FILE *csv,
		      char *err, size_t len)
{
	static const char *const titles[] = { "L1D", "L2", "TLB", "branch mispredicts" };

	snprintf(c->about, sizeof(c->about), "%s",
		 "Misses per 1000 instructions retired (MPKI), per VM and its hypervisor time "
		 "(vm_usage, instructions at EL0, EL1 and EL2): L1 data cache, L2 cache, L2 TLB "
		 "(page walks), and branch mispredicts. With two runs, each VM of each, named "
		 "by its run.");
	snprintf(c->xlabel, sizeof(c->xlabel), "VM");
	snprintf(c->ylabel, sizeof(c->ylabel), "misses per 1000 instructions");
	if (bars_from_sql(c, runs, nruns, csv, mpki_sql, titles, 4, err, len) != 0)
		return -1;
	if (!c->table.nrows)
		snprintf(c->empty, sizeof(c->empty), "%s",
			 "The run has no cache, TLB or branch counts: --timing functional models "
			 "none, or no instruction ran.");
	return 0;
}

const struct chart_def report_charts[] = {
	{ "overhead", "Overhead by trap class", chart_overhead },
	{ "latency", "Trap latency", chart_latency },
	{ "timeline", "Who ran on each core", report_timeline },
	{ "modem", "Modem deadline slack", chart_modem },
	{ "display", "Display frame times", chart_display },
	{ "energy", "Energy per VM", chart_energy },
	{ "mpki", "Cache, TLB and branch misses per VM", chart_mpki },
};
const int report_nchart = sizeof(report_charts) / sizeof(report_charts[0]);

/* ------------------------------------------------------------ the header */

int report_vms(struct chart_table *t, const struct report_run *runs, int nruns,
	       char *err, size_t len)
{
	static char sql[8192];

	snprintf(sql, sizeof(sql), "SELECT vm, ROUND(cpu_ms, 3) AS cpu_ms,"
		 " ROUND(held_ms, 3) AS held_ms, ROUND(overhead_pct, 3) AS overhead_pct,"
		 " ROUND(energy_mj, 3) AS energy_mj, modem_frames, modem_missed, display_frames,"
		 " display_dropped FROM (%s)", summary_vm_sql);
	return table_from_sql(t, runs, nruns, sql, err, len) < 0 ? -1 : 0;
}

enum header_kind { HEADER_TEXT, HEADER_COUNT, HEADER_PERCENT };

static const struct {
	const char *what;
	enum header_kind kind;
	const char *sql;        /* one value */
} header_rows[] = {
	{ "scenario", HEADER_TEXT, "SELECT COALESCE(name, '-') FROM run" },
	{ "command line", HEADER_TEXT, "SELECT scenario FROM run" },
	{ "VMs", HEADER_TEXT,
	  "SELECT COALESCE(GROUP_CONCAT(name, ', '), 'none: bare metal') "
	  "FROM (SELECT name FROM vms ORDER BY vm)" },
	{ "SoC", HEADER_TEXT, "SELECT soc FROM run" },
	{ "cores", HEADER_TEXT, "SELECT cores FROM run" },
	{ "timing", HEADER_TEXT, "SELECT timing FROM run" },
	{ "outcome", HEADER_TEXT,
	  "SELECT outcome || ' (exit status ' || COALESCE(exit_status, '-') || ')' FROM run" },
	{ "duration told the guests (ms)", HEADER_COUNT,
	  "SELECT ROUND(duration_ns / 1e6, 3) FROM run" },
	{ "simulated time (ms)", HEADER_COUNT, "SELECT ROUND(sim_ns / 1e6, 3) FROM run" },
	{ "instructions", HEADER_COUNT, "SELECT instructions FROM run" },
	{ "cycles, all cores", HEADER_COUNT,
	  "SELECT SUM(cycles_el0 + cycles_el1 + cycles_el2) FROM counters WHERE final = 1" },
	{ "cores busy (%)", HEADER_PERCENT,
	  "SELECT ROUND(100.0 * SUM(cycles - wait_cycles) / SUM(cycles), 3) FROM vm_usage" },
	{ "cycles at EL2, WFI waits included (%)", HEADER_PERCENT,
	  "SELECT ROUND(100.0 * SUM(cycles_el2) / SUM(cycles_el0 + cycles_el1 + cycles_el2), 3) "
	  "FROM counters WHERE final = 1" },
	{ "traps taken", HEADER_COUNT, "SELECT COALESCE(SUM(count), 0) FROM trap_summary" },
	{ "traps to EL2", HEADER_COUNT,
	  "SELECT COALESCE(SUM(count), 0) FROM trap_summary WHERE to_el = 2" },
	{ "energy (uJ)", HEADER_COUNT,
	  "SELECT ROUND(SUM(energy_fj_el0 + energy_fj_el1 + energy_fj_el2) / 1e9, 3) "
	  "FROM counters WHERE final = 1" },
	{ "modem frames missed", HEADER_COUNT,
	  "SELECT SUM(missed) FROM deadlines WHERE source = 'modem'" },
	{ "display frames missed", HEADER_COUNT,
	  "SELECT SUM(missed) FROM deadlines WHERE source = 'display'" },
	{ "trace level", HEADER_TEXT, "SELECT trace_level FROM run" },
	{ "phonesim version", HEADER_TEXT, "SELECT phonesim_version FROM run" },
	{ "recorded (host time)", HEADER_TEXT,
	  "SELECT COALESCE(host_start, '-') || ' to ' || COALESCE(host_end, '-') FROM run" },
};

/* One header value of a run: its text and, when it is one, its number. */
struct header_value {
	char *text;
	bool number;
	double v;
};

static int header_value(const struct report_run *r, const char *sql, struct header_value *hv,
			char *err, size_t len)
{
	sqlite3_stmt *st = report_prepare(r, sql, err, len);
	int type;

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return report_sql_failed(r, err, len);
	}
	type = sqlite3_column_type(st, 0);
	hv->text = copy_text((const char *)sqlite3_column_text(st, 0));
	hv->number = type == SQLITE_INTEGER || type == SQLITE_FLOAT;
	hv->v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* B against A: relative for counts, in points for percentages; "-" when not a number. */
static void header_change(char *out, size_t len, enum header_kind kind,
			  const struct header_value *a, const struct header_value *b)
{
	snprintf(out, len, "-");
	if (kind == HEADER_TEXT || !a->number || !b->number)
		return;
	if (kind == HEADER_PERCENT)
		snprintf(out, len, "%+.3f points", b->v - a->v);
	else if (a->v != 0)
		snprintf(out, len, "%+.1f%%", 100.0 * (b->v - a->v) / a->v);
}

int report_header(struct chart_table *t, const struct report_run *runs, int nruns,
		  char *err, size_t len)
{
	const char *cells[2 + REPORT_MAX_RUNS] = { "" };
	int ncells = nruns > 1 ? 2 + nruns : 2;
	char change[64];

	for (int r = 0; r < nruns; r++)
		cells[1 + r] = runs[r].label;
	cells[1 + nruns] = "change";
	chart_table_add(t, ncells, cells);
	for (size_t i = 0; i < sizeof(header_rows) / sizeof(header_rows[0]); i++) {
		struct header_value v[REPORT_MAX_RUNS] = { { NULL } };
		int rc = 0;

		cells[0] = header_rows[i].what;
		for (int r = 0; r < nruns && rc == 0; r++) {
			rc = header_value(&runs[r], header_rows[i].sql, &v[r], err, len);
			cells[1 + r] = v[r].text;
		}
		if (rc == 0 && nruns > 1) {
			header_change(change, sizeof(change), header_rows[i].kind, &v[0], &v[1]);
			cells[1 + nruns] = change;
		}
		if (rc == 0)
			chart_table_add(t, ncells, cells);
		for (int r = 0; r < nruns; r++)
			free(v[r].text);
		if (rc != 0)
			return -1;
	}
	return 0;
}
