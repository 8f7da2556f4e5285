/*
 * report_timeline.c - chart 3 of `phonesim report`: per core, what held it
 * over the run, as the fraction of each time bin spent running each VM,
 * handling a trap at EL2, or holding no vCPU.
 *
 * A second of a phone is ~10^5 switches and ~10^6 traps: far too many to
 * draw one by one, so time is cut into about TIMELINE_BINS bins and each
 * bin's shares are drawn stacked. Per core, the switches give who held the
 * core (a VM's vCPU, or none); inside a VM's holding, the traps taken to
 * EL2 (merged where they nest) are the hypervisor's. Holding no vCPU wins
 * over a trap: a vCPU blocked in WFI leaves its WFX trap open while the
 * core idles.
 *
 * Not here: the other charts (report_data.c), drawing (report_plot.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "table.h"

#define TIMELINE_BINS 200

struct slice {
	int64_t start, end;
	int cat;
};

struct core_slices {
	struct slice *s;
	int n, cap, cursor;
};

/* One run's bins: ns[(core * nbins + bin) * ncat + category]. */
struct bins {
	int64_t bin_ns, sim_ns;
	int nbins, ncat, cores;
	int64_t *ns;
};

/* The smallest 1, 2 or 5 times a power of ten ns that cuts span into at most TIMELINE_BINS. */
static int64_t bin_width(int64_t span)
{
	for (int64_t decade = 1;; decade *= 10)
		for (int m = 1; m <= 5; m += m == 2 ? 3 : 1)
			if (decade * m * TIMELINE_BINS >= span)
				return decade * m;
}

/* Adds sign * the part of [a, b) in each bin to category cat of core. */
static void add_span(struct bins *b, int core, int cat, int64_t a, int64_t e, int sign)
{
	if (e > b->sim_ns)
		e = b->sim_ns;
	while (a < e) {
		int64_t bin = a / b->bin_ns, end = (bin + 1) * b->bin_ns;

		if (end > e)
			end = e;
		b->ns[((int64_t)core * b->nbins + bin) * b->ncat + cat] += sign * (end - a);
		a = end;
	}
}

static int64_t one_value(const struct report_run *r, const char *sql, char *err, size_t len,
			 int *rc)
{
	sqlite3_stmt *st = report_prepare(r, sql, err, len);
	int64_t v = 0;

	if (!st || sqlite3_step(st) != SQLITE_ROW)
		*rc = st ? report_sql_failed(r, err, len) : -1;
	else
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int category(const struct chart *c, const char *title)
{
	for (int i = 0; i < c->nseries; i++)
		if (!strcmp(c->series[i].title, title))
			return i;
	return -1;
}

/* The categories: every VM's name, in order of the runs, then the two of the hypervisor. */
static int add_categories(struct chart *c, const struct report_run *runs, int nruns,
			  char *err, size_t len)
{
	static const char *const hyp[] = { "EL2 trap", "no vCPU" };

	for (int r = 0; r < nruns; r++) {
		sqlite3_stmt *st = report_prepare(&runs[r], "SELECT name FROM vms ORDER BY vm",
						  err, len);
		int rc;

		if (!st)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 0);

			/* The hypervisor's two categories always have a place. */
			if (category(c, name) < 0 && c->nseries < CHART_MAX_SERIES - 2)
				chart_add_series(c, name);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return report_sql_failed(&runs[r], err, len);
	}
	for (int i = 0; i < 2; i++)
		chart_add_series(c, hyp[i]);
	for (int i = 0; i < c->nseries; i++)
		c->series[i].column = 4 + i;
	return 0;
}

static void push_slice(struct core_slices *cs, int64_t start, int cat)
{
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? 2 * cs->cap : 64;
		cs->s = realloc(cs->s, (size_t)cs->cap * sizeof(*cs->s));
		if (!cs->s)
			abort();
	}
	cs->s[cs->n++] = (struct slice){ .start = start, .cat = cat };
}

/* Each core's holdings, from 0 (no vCPU until the first switch) to the end of the run. */
static int load_slices(const struct chart *c, const struct report_run *r, struct bins *b,
		       struct core_slices *cores, char *err, size_t len)
{
	sqlite3_stmt *st = report_prepare(r,
		"SELECT s.core, s.ns, m.name FROM switches s "
		"LEFT JOIN vcpus v ON v.vcpu = s.to_vcpu LEFT JOIN vms m ON m.vm = v.vm "
		"ORDER BY s.core, s.id", err, len);
	int idle = c->nseries - 1, rc;

	if (!st)
		return -1;
	for (int core = 0; core < b->cores; core++)
		push_slice(&cores[core], 0, idle);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int core = sqlite3_column_int(st, 0);
		const char *vm = (const char *)sqlite3_column_text(st, 2);
		int cat = vm ? category(c, vm) : idle;

		if (core < 0 || core >= b->cores) {
			sqlite3_finalize(st);
			snprintf(err, len, "%s: a switch on core %d of a run with %d cores",
				 r->label, core, b->cores);
			return -1;
		}
		push_slice(&cores[core], sqlite3_column_int64(st, 1), cat < 0 ? idle : cat);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return report_sql_failed(r, err, len);
	for (int core = 0; core < b->cores; core++) {
		struct core_slices *cs = &cores[core];

		for (int i = 0; i < cs->n; i++) {
			cs->s[i].end = i + 1 < cs->n ? cs->s[i + 1].start : b->sim_ns;
			if (cs->s[i].end < cs->s[i].start)
				cs->s[i].end = cs->s[i].start;
			add_span(b, core, cs->s[i].cat, cs->s[i].start, cs->s[i].end, 1);
		}
	}
	return 0;
}

/* Moves what [a, e) overlaps of a VM's holding of core to the hypervisor. */
static void hyp_interval(struct bins *b, struct core_slices *cs, int core, int hyp, int idle,
			 int64_t a, int64_t e)
{
	while (cs->cursor < cs->n && cs->s[cs->cursor].end <= a)
		cs->cursor++;
	for (int i = cs->cursor; i < cs->n && cs->s[i].start < e; i++) {
		int64_t from = a > cs->s[i].start ? a : cs->s[i].start;
		int64_t to = e < cs->s[i].end ? e : cs->s[i].end;

		if (cs->s[i].cat == idle || from >= to)
			continue;
		add_span(b, core, cs->s[i].cat, from, to, -1);
		add_span(b, core, hyp, from, to, 1);
	}
}

static int load_traps(const struct chart *c, const struct report_run *r, struct bins *b,
		      struct core_slices *cores, char *err, size_t len)
{
	sqlite3_stmt *st = report_prepare(r,
		"SELECT core, entry_ns, COALESCE(return_ns, (SELECT sim_ns FROM run)) "
		"FROM traps WHERE to_el = 2 ORDER BY core, entry_ns, id", err, len);
	int hyp = c->nseries - 2, idle = c->nseries - 1, core = -1, rc;
	int64_t a = 0, e = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int next = sqlite3_column_int(st, 0);
		int64_t entry = sqlite3_column_int64(st, 1), ret = sqlite3_column_int64(st, 2);

		if (next == core && entry <= e) {
			if (ret > e)
				e = ret;
			continue;
		}
		if (core >= 0)
			hyp_interval(b, &cores[core], core, hyp, idle, a, e);
		if (next < 0 || next >= b->cores) {
			sqlite3_finalize(st);
			snprintf(err, len, "%s: a trap on core %d of a run with %d cores", r->label,
				 next, b->cores);
			return -1;
		}
		core = next, a = entry, e = ret;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return report_sql_failed(r, err, len);
	if (core >= 0)
		hyp_interval(b, &cores[core], core, hyp, idle, a, e);
	return 0;
}

/* The bins as CSV rows, the whole run's shares as table rows, and a band per core. */
static void write_run(struct chart *c, const struct report_run *r, int nruns,
		      const struct bins *b, FILE *csv)
{
	for (int core = 0; core < b->cores; core++) {
		const char *cells[2 + CHART_MAX_SERIES];
		char text[2 + CHART_MAX_SERIES][32], title[CHART_TEXT];
		int64_t total[CHART_MAX_SERIES] = { 0 };
		int lead = nruns > 1 ? 1 : 0, s;

		for (int bin = 0; bin < b->nbins; bin++) {
			const int64_t *ns = &b->ns[((int64_t)core * b->nbins + bin) * b->ncat];
			int64_t start = bin * b->bin_ns, end = start + b->bin_ns;

			if (end > b->sim_ns)
				end = b->sim_ns;
			table_csv_field(csv, r->label);
			fprintf(csv, ",%d,%.6f", core, start / 1e6);
			for (int k = 0; k < b->ncat; k++) {
				fprintf(csv, ",%.4f", (double)ns[k] / (double)(end - start));
				total[k] += ns[k];
			}
			fputc('\n', csv);
		}
		cells[0] = r->label;
		snprintf(text[0], sizeof(text[0]), "%d", core);
		cells[lead] = text[0];
		for (int k = 0; k < b->ncat; k++) {
			snprintf(text[1 + k], sizeof(text[1 + k]), "%.2f",
				 100.0 * (double)total[k] / (double)b->sim_ns);
			cells[lead + 1 + k] = text[1 + k];
		}
		chart_table_add(&c->table, lead + 1 + b->ncat, cells);

		if (nruns > 1)
			snprintf(title, sizeof(title), "%s core %d", r->label, core);
		else
			snprintf(title, sizeof(title), "core %d", core);
		s = chart_add_band(c, title);
		if (s < 0)
			continue;
		gp_string(title, sizeof(title), r->label);
		snprintf(c->bands[s].filter, sizeof(c->bands[s].filter),
			 "strcol(1) eq %s && $2 == %d", title, core);
	}
}

/* One run into the chart; a run without switches (bare metal) has no bands. */
static int timeline_run(struct chart *c, const struct report_run *r, int nruns,
			int64_t bin_ns, FILE *csv, char *err, size_t len)
{
	struct bins b = { .bin_ns = bin_ns, .ncat = c->nseries };
	struct core_slices *cores;
	int rc = 0;

	b.sim_ns = one_value(r, "SELECT sim_ns FROM run", err, len, &rc);
	b.cores = (int)one_value(r, "SELECT cores FROM run", err, len, &rc);
	if (rc != 0 || one_value(r, "SELECT COUNT(*) FROM switches", err, len, &rc) == 0 ||
	    b.sim_ns <= 0 || b.cores <= 0)
		return rc;
	b.nbins = (int)((b.sim_ns + bin_ns - 1) / bin_ns);
	b.ns = calloc((size_t)b.cores * (size_t)b.nbins * (size_t)b.ncat, sizeof(*b.ns));
	cores = calloc((size_t)b.cores, sizeof(*cores));
	if (!b.ns || !cores)
		abort();
	rc = load_slices(c, r, &b, cores, err, len);
	if (rc == 0)
		rc = load_traps(c, r, &b, cores, err, len);
	if (rc == 0)
		write_run(c, r, nruns, &b, csv);
	for (int core = 0; core < b.cores; core++)
		free(cores[core].s);
	free(cores);
	free(b.ns);
	return rc;
}

static void table_header(struct chart *c, int nruns)
{
	const char *cells[2 + CHART_MAX_SERIES] = { "run", "core" };
	char text[CHART_MAX_SERIES][CHART_TEXT];
	int lead = nruns > 1 ? 0 : 1;

	for (int k = 0; k < c->nseries; k++) {
		snprintf(text[k], sizeof(text[k]), "%% %s", c->series[k].title);
		cells[2 + k] = text[k];
	}
	chart_table_add(&c->table, 2 + c->nseries - lead, cells + lead);
}

int report_timeline(struct chart *c, const struct report_run *runs, int nruns, FILE *csv,
		    char *err, size_t len)
{
	int64_t span = 0, bin_ns;
	int rc = 0;

	c->kind = CHART_TIMELINE;
	snprintf(c->xlabel, sizeof(c->xlabel), "simulated time (ms)");
	if (add_categories(c, runs, nruns, err, len) != 0)
		return -1;
	for (int r = 0; r < nruns; r++) {
		int64_t sim_ns = one_value(&runs[r], "SELECT sim_ns FROM run", err, len, &rc);

		if (rc != 0)
			return -1;
		if (sim_ns > span)
			span = sim_ns;
	}
	bin_ns = bin_width(span);
	snprintf(c->about, sizeof(c->about),
		 "Per core, the share of each %.3f ms bin it spent running a VM's vCPU (from "
		 "the switches), handling a trap of that vCPU at EL2 (traps with to_el = 2, "
		 "nested ones merged), or holding no vCPU (before its first switch, idle, or "
		 "the hypervisor on its own work). The table: the shares over the whole run, in %%.",
		 bin_ns / 1e6);
	table_header(c, nruns);
	fputs("run,core,start_ms", csv);
	for (int k = 0; k < c->nseries; k++) {
		fputc(',', csv);
		table_csv_field(csv, c->series[k].title);
	}
	fputc('\n', csv);
	for (int r = 0; r < nruns; r++) {
		int bands = c->nbands;
		size_t n = strlen(c->about);

		if (timeline_run(c, &runs[r], nruns, bin_ns, csv, err, len) != 0)
			return -1;
		if (nruns > 1 && bands == c->nbands)
			snprintf(c->about + n, sizeof(c->about) - n,
				 " %s has no vCPU switches (a bare-metal run): no band for it.",
				 runs[r].label);
	}
	if (!c->nbands)
		snprintf(c->empty, sizeof(c->empty), "%s",
			 "No vCPU switches: a bare-metal run, where one program held each core "
			 "throughout (or a run recorded at --trace-level summary).");
	return 0;
}
