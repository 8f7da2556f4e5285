/*
 * report.h - `phonesim report`: charts and one self-contained HTML page
 * made from one run's trace database, or two side by side.
 *
 * The report is built in three steps, one file each: report_data.c asks
 * the databases for each chart's series and writes them as NAME.csv, with
 * the key numbers shown under the chart; report_plot.c writes a gnuplot
 * script NAME.gp per chart and runs gnuplot on it for NAME.svg and
 * NAME.png; report_html.c writes index.html with the SVGs inlined, and
 * drives the other two. Everything on the page comes from the databases:
 * the same databases give the same files, byte for byte.
 *
 * Not here: the command line, choosing and replacing the output directory
 * (sim/cmd_report.c), opening and checking a trace (schema.h).
 */
#ifndef PHONESIM_TRACES_REPORT_H
#define PHONESIM_TRACES_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sqlite3.h>

/* A database to report on; a compare report has two. */
struct report_run {
	const char *label;      /* how the page names it: its file name */
	sqlite3 *db;            /* open, checked (trace_db_open) */
};

#define REPORT_MAX_RUNS 2

/*
 * Writes the report of runs[0..nruns) into dir, an existing empty
 * directory. 0, or -1 with one line in err: SQLite failed, gnuplot is
 * missing or failed, a file could not be written. On failure dir holds
 * whatever was written so far; the caller removes it.
 */
int report_write(const struct report_run *runs, int nruns, const char *dir,
		 char *err, size_t len);

/* ------------------------------------------------ between the three parts */

enum chart_kind {
	CHART_BARS,             /* CSV: label, then one column per series */
	CHART_LINES,            /* CSV: one row a point; series pick their rows */
	CHART_TIMELINE,         /* CSV: run, core, bin start, one fraction per category */
};

/* How a LINES series is drawn: a CDF, points, late points, never-done points, a line. */
enum series_style { STYLE_STEPS, STYLE_POINTS, STYLE_LATE, STYLE_NEVER, STYLE_LINE };

#define CHART_MAX_SERIES 48
#define CHART_TEXT 256

/*
 * A line, a bar colour or a timeline band. filter is a gnuplot expression
 * true for the CSV rows that belong to it (LINES, and the TIMELINE's
 * bands); x and y are the gnuplot expressions a LINES series draws ("$4");
 * column is the CSV column, from 1, that a BARS series or a TIMELINE
 * category draws.
 */
struct chart_series {
	char title[CHART_TEXT];
	char filter[2 * CHART_TEXT];
	char x[CHART_TEXT / 4], y[CHART_TEXT / 4];
	int column;
	enum series_style style;
};

/* The key numbers under a chart: cells[0..ncols) is the header. */
struct chart_table {
	int ncols, nrows;
	char **cells;
};

struct chart {
	const char *name;               /* file stem: NAME.csv, NAME.svg, ... */
	const char *title;
	char about[4 * CHART_TEXT];     /* what it shows and how it is computed */
	char empty[2 * CHART_TEXT];     /* why it was left out; "" when drawn */
	enum chart_kind kind;
	char xlabel[CHART_TEXT / 4], ylabel[CHART_TEXT / 4];
	bool logx, logy, stacked;
	bool si_y;                      /* y tics with SI prefixes: 12M, not 1.2e+07 */
	int nseries, nbands;
	struct chart_series series[CHART_MAX_SERIES];
	struct chart_series bands[CHART_MAX_SERIES];
	struct chart_table table;
};

/* The charts in page order; each builder fills c and writes c->name.csv to csv. */
typedef int (*chart_builder)(struct chart *c, const struct report_run *runs, int nruns,
			     FILE *csv, char *err, size_t len);

struct chart_def {
	const char *name, *title;
	chart_builder build;
};

extern const struct chart_def report_charts[];
extern const int report_nchart;

/* The page's header: the runs and, for two, their headline numbers compared. */
int report_header(struct chart_table *t, const struct report_run *runs, int nruns,
		  char *err, size_t len);

/*
 * Per VM, the figures `phonesim run` ends with (summary_vm_sql of
 * traces/summary.c): CPU time, time held, overhead, energy, deadlines.
 */
int report_vms(struct chart_table *t, const struct report_run *runs, int nruns,
	       char *err, size_t len);

void chart_table_free(struct chart_table *t);

/* Helpers the chart builders share (report_data.c). */
sqlite3_stmt *report_prepare(const struct report_run *r, const char *sql, char *err,
			     size_t len);
int report_sql_failed(const struct report_run *r, char *err, size_t len);
/* Appends a row of n cells (copied) to t; the first row appended is the header. */
void chart_table_add(struct chart_table *t, int n, const char *const *cells);
int chart_add_series(struct chart *c, const char *title);
int chart_add_band(struct chart *c, const char *title);

/* Chart 3, the per-core timeline (report_timeline.c). */
int report_timeline(struct chart *c, const struct report_run *runs, int nruns, FILE *csv,
		    char *err, size_t len);

/* s as a gnuplot string literal, quotes included (report_plot.c). */
void gp_string(char *out, size_t len, const char *s);

/* Writes dir/NAME.gp for c, and runs gnuplot on it for NAME.svg and NAME.png. */
/*
 * Runs gnuplot -d (no ~/.gnuplot: a user's settings change nothing) on
 * script in dir; its output is kept only to say why it failed. 0, or -1
 * with one line in err: gnuplot missing, or its last message.
 */
int report_gnuplot(const char *dir, const char *script, char *err, size_t len);

int report_plot(const struct chart *c, const char *dir, char *err, size_t len);

#endif
