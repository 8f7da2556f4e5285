/*
 * bench_report.c - the verdict table, the JSON results and the JUnit XML
 * of `phonesim bench` (see bench_report.h).
 *
 * Numbers are written as the shortest text that reads back as the same
 * double, so a baseline written and read again compares equal, and the
 * same figures give byte-identical files. Only host_seconds, the host
 * figures (host_mips) and JUnit's time attribute depend on the host.
 *
 * Not here: the verdicts themselves (bench_compare.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_report.h"
#include "markup.h"
#include "output_file.h"
#include "config.h"
#include "json.h"

void bench_format_value(double v, char *buf, size_t len)
{
	snprintf(buf, len, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, len, "%.17g", v);
}

/* The change column: "+10.81%", "-", or "from 0" (a baseline of 0 has no %). */
static void format_change(const struct bench_row *r, char *buf, size_t len)
{
	if (r->has_change)
		snprintf(buf, len, "%+.2f%%", r->change_pct);
	else if (r->has_base && r->has_now)
		snprintf(buf, len, "from 0");
	else
		snprintf(buf, len, "-");
}

static void format_cell(bool has, double v, char *buf, size_t len)
{
	if (has)
		bench_format_value(v, buf, len);
	else
		snprintf(buf, len, "-");
}

static int widest(const struct bench_row *rows, unsigned n, bool metric, int least)
{
	int w = least;

	for (unsigned i = 0; i < n; i++) {
		int l = (int)strlen(metric ? rows[i].metric : rows[i].run);

		if (l > w)
			w = l;
	}
	return w;
}

void bench_print_table(FILE *f, const struct bench_row *rows, unsigned n)
{
	int wrun = widest(rows, n, false, 3), wmetric = widest(rows, n, true, 6);

	fprintf(f, "%-*s  %-*s  %16s  %16s  %-8s  %9s  %s\n", wrun, "run", wmetric, "metric",
		"baseline", "now", "unit", "change", "verdict");
	for (unsigned i = 0; i < n; i++) {
		const struct bench_row *r = &rows[i];
		char base[32], now[32], change[32];

		format_cell(r->has_base, r->base, base, sizeof(base));
		format_cell(r->has_now, r->now, now, sizeof(now));
		format_change(r, change, sizeof(change));
		fprintf(f, "%-*s  %-*s  %16s  %16s  %-8s  %9s  %s\n", wrun, r->run, wmetric,
			r->metric, base, now, r->unit ? r->unit : "-", change,
			bench_verdict_name(r->verdict));
	}
}

void bench_row_message(const struct bench_row *r, char *buf, size_t len)
{
	char base[32], now[32], change[32];

	format_cell(r->has_base, r->base, base, sizeof(base));
	format_cell(r->has_now, r->now, now, sizeof(now));
	format_change(r, change, sizeof(change));
	switch (r->verdict) {
	case VERDICT_RUN_FAILED:
		snprintf(buf, len, "the run exited with status %s: %s", now, r->why);
		break;
	case VERDICT_MISSING:
		snprintf(buf, len, "in the baseline (%s) but not measured", base);
		break;
	case VERDICT_REGRESSION:
		if (r->has_change)
			snprintf(buf, len, "%s %s against a baseline of %s (%s): worse by more than %g%%",
				 now, r->unit, base, change, r->threshold_pct);
		else
			snprintf(buf, len, "%s %s against a baseline of 0: any worsening of 0 regresses",
				 now, r->unit);
		break;
	default:
		snprintf(buf, len, "%s %s against a baseline of %s (%s): %s", now,
			 r->unit ? r->unit : "", base, change, bench_verdict_name(r->verdict));
	}
}

static void json_text(FILE *f, const char *s)
{
	json_string(f, s, strlen(s));
}

static void json_number(FILE *f, double v)
{
	char buf[32];

	if (!isfinite(v)) {
		fputs("null", f);
		return;
	}
	bench_format_value(v, buf, sizeof(buf));
	fputs(buf, f);
}

void bench_write_json(FILE *f, const struct bench_output *o)
{
	fprintf(f, "{\n  \"format\": \"%s\",\n  \"format_version\": %d,\n  \"suite\": ",
		BENCH_JSON_FORMAT, BENCH_JSON_VERSION);
	json_text(f, o->suite);
	fputs(",\n  \"phonesim_version\": ", f);
	json_text(f, PACKAGE_VERSION);
	fputs(",\n  \"runs\": [", f);
	for (unsigned i = 0; i < o->nresults; i++) {
		const struct bench_result *r = &o->results[i];

		fputs(i ? ",\n    {\n      \"name\": " : "\n    {\n      \"name\": ", f);
		json_text(f, r->spec->scenario);
		fputs(",\n      \"duration\": ", f);
		if (r->spec->duration)
			json_text(f, r->spec->duration);
		else
			fputs("null", f);
		fprintf(f, ",\n      \"status\": %d,\n      \"host_seconds\": ", r->status);
		json_number(f, round(r->host_seconds * 1000) / 1000);
		fputs(",\n      \"metrics\": [", f);
		for (unsigned k = 0; k < r->nmetrics; k++) {
			const struct bench_metric *m = &r->metrics[k];

			fputs(k ? ",\n        {\"name\": " : "\n        {\"name\": ", f);
			json_text(f, m->name);
			fputs(", \"value\": ", f);
			json_number(f, m->value);
			fputs(", \"unit\": ", f);
			json_text(f, m->unit);
			fprintf(f, ", \"direction\": \"%s\"%s}", bench_direction_name(m->direction),
				m->host ? ", \"host\": true" : "");
		}
		fputs(r->nmetrics ? "\n      ]\n    }" : "]\n    }", f);
	}
	fputs(o->nresults ? "\n  ]\n}\n" : "]\n}\n", f);
}

void bench_write_junit(FILE *f, const struct bench_output *o)
{
	unsigned failures = 0;
	char buf[512];

	for (unsigned i = 0; i < o->nrows; i++)
		failures += bench_verdict_fails(o->rows[i].verdict);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"phonesim-bench.", f);
	markup_text(f, o->suite);
	fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"0\" time=\"%.3f\">\n",
		o->nrows, failures, o->host_seconds);
	fputs("  <properties>\n    <property name=\"phonesim_version\" value=\"", f);
	markup_text(f, PACKAGE_VERSION);
	bench_format_value(o->gate->threshold_pct, buf, sizeof(buf));
	fprintf(f, "\"/>\n    <property name=\"threshold_pct\" value=\"%s\"/>\n  </properties>\n",
		buf);
	for (unsigned i = 0; i < o->nrows; i++) {
		const struct bench_row *r = &o->rows[i];

		fputs("  <testcase classname=\"", f);
		markup_text(f, o->suite);
		fputc('.', f);
		markup_text(f, r->run);
		fputs("\" name=\"", f);
		markup_text(f, r->metric);
		if (!bench_verdict_fails(r->verdict)) {
			fputs("\"/>\n", f);
			continue;
		}
		bench_row_message(r, buf, sizeof(buf));
		fprintf(f, "\">\n    <failure type=\"%s\" message=\"",
			r->verdict == VERDICT_REGRESSION ? "regression"
			: r->verdict == VERDICT_MISSING  ? "missing"
							 : "run-failed");
		markup_text(f, buf);
		fputs("\"/>\n  </testcase>\n", f);
	}
	fputs("</testsuite>\n", f);
}

int bench_write_file(const char *path, void (*write)(FILE *, const struct bench_output *),
		     const struct bench_output *o, char *err, size_t len)
{
	struct output_file out;

	if (output_open(&out, path, err, len) != 0)
		return -1;
	write(out.f, o);
	return output_close(&out, true, err, len);
}
