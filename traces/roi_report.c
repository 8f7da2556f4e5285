/*
 * roi_report.c - printing a consolidation's return (see roi_report.h):
 * text on a terminal, JSON for scripts (roi.json), and an HTML page with
 * the same tables and a chart (roi.html).
 *
 * The chart is gnuplot's SVG, inlined in the page: one gnuplot process,
 * given a script in a file of the output directory and asked for the SVG
 * in another, both removed once read. Its data are written into the script
 * (datablocks), so gnuplot reads nothing else.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "markup.h"
#include "report.h"
#include "roi_report.h"
#include "scenario_schema.h"

#define CHART_SCRIPT    ".roi-chart.gp"
#define CHART_SVG       ".roi-chart.svg"

static const char *decimal(uint64_t millionths, char *buf, size_t len)
{
	schema_decimal_format((int64_t)millionths, 0, buf, len);
	return buf;
}

/* A percentage with its sign, or "-" when it has no meaning (a zero baseline). */
static const char *pct(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%+.2f%%", v);
	return buf;
}

/* ------------------------------------------------------------- text */

static void text_run(FILE *out, const struct roi_run *run)
{
	char done[32] = "-";

	if (run->first_metric_ns >= 0)
		snprintf(done, sizeof(done), "%.3f", (double)run->first_metric_ns / 1e6);
	fprintf(out, "%-28s %12.3f %12s %12.3f\n", run->label, run->sim_ms, done, run->power_mw);
}

void roi_print_text(const struct roi_result *r, FILE *out)
{
	const struct scenario_roi *p = &r->params;
	char a[48], b[48], c[48];

	fprintf(out, "Return on consolidation: %s (docs/roi.md)\n\n", r->scenario);
	fprintf(out, "%-28s %12s %12s %12s\n", "run", "simulated_ms", "done_ms", "power_mw");
	text_run(out, &r->virtualized);
	for (unsigned i = 0; i < r->nvms; i++)
		text_run(out, &r->native[i]);
	if (r->window_ns != INT64_MAX)
		fprintf(out, "(done: the first metric line; power over the first %.3f ms, before any "
			"workload was done)\n", (double)r->window_ns / 1e6);

	fprintf(out, "\nPerformance, per VM (cost > 0: worse virtualized)\n");
	fprintf(out, "%-14s %-40s %14s %14s %10s\n", "vm", "figure", "native", "virtualized",
		"cost");
	for (unsigned i = 0; i < r->nvms; i++) {
		const struct roi_vm *v = &r->vm[i];

		for (unsigned k = 0; k < v->nmetrics; k++) {
			const struct roi_metric *m = &v->metric[k];
			char name[64];

			snprintf(name, sizeof(name), "%s (%s)", m->name, m->unit);
			fprintf(out, "%-14s %-40s %14" PRId64 " %14" PRId64 " %10s\n", v->name, name,
				m->native, m->virtualized, pct(m->cost_pct, a, sizeof(a)));
		}
		for (unsigned k = 0; k < v->nsources; k++) {
			const struct roi_deadlines *d = &v->deadlines[k];
			char name[64];

			snprintf(name, sizeof(name), "%s deadlines missed", d->source);
			snprintf(b, sizeof(b), "%" PRId64 "/%" PRId64, d->missed_native, d->frames_native);
			snprintf(c, sizeof(c), "%" PRId64 "/%" PRId64, d->missed_virtualized,
				 d->frames_virtualized);
			fprintf(out, "%-14s %-40s %14s %14s\n", v->name, name, b, c);
		}
		fprintf(out, "%-14s %-40s %14s %13.2f%%\n", v->name, "hypervisor overhead", "-",
			v->overhead_pct);
	}

	fprintf(out, "\nPower and battery (separate processors against one SoC)\n");
	fprintf(out, "  separate:     %10.3f mW (compute %.3f + baseband chip %s + rest of phone %s)\n",
		r->separate_mw, r->separate_compute_mw, decimal(p->baseband_chip_mw, a, sizeof(a)),
		decimal(p->platform_mw, b, sizeof(b)));
	fprintf(out, "  consolidated: %10.3f mW (%s)\n", r->consolidated_mw,
		pct(r->power_change_pct, c, sizeof(c)));
	fprintf(out, "  battery %" PRIu64 " mWh: %.2f h separate, %.2f h consolidated (%+.2f h)\n",
		p->battery_mwh, r->hours_separate, r->hours_consolidated, r->hours_change);
	if (p->usage_hours_per_day)
		fprintf(out, "  at %s h a day: %.2f days separate, %.2f days consolidated\n",
			decimal(p->usage_hours_per_day, a, sizeof(a)), r->days_separate,
			r->days_consolidated);

	fprintf(out, "\nMoney\n");
	fprintf(out, "  saving per unit: %s (%s of parts saved - %s hypervisor)\n",
		roi_usd(r->saving_per_unit, a, sizeof(a)), roi_usd((int64_t)p->bom_saved_usd, b, sizeof(b)),
		roi_usd((int64_t)p->hypervisor_cost_usd, c, sizeof(c)));
	fprintf(out, "  total at %" PRIu64 " units: %s (after %s NRE)\n", p->units,
		roi_usd(r->total_saving, a, sizeof(a)), roi_usd((int64_t)p->nre_usd, b, sizeof(b)));
	if (r->breaks_even)
		fprintf(out, "  break-even: %" PRIu64 " units\n", r->break_even_units);
	else
		fprintf(out, "  break-even: none (no saving per unit)\n");
	fprintf(out, "\nVerdict: %s\n", r->verdict);
}

/* ------------------------------------------------------------- JSON */

static void json_text(FILE *f, const char *s)
{
	json_string(f, s, strlen(s));
}

static void json_real(FILE *f, double v)
{
	if (isnan(v) || isinf(v))
		fputs("null", f);
	else
		fprintf(f, "%.6f", v);
}

static void json_decimal(FILE *f, int64_t millionths)
{
	char buf[40];

	schema_decimal_format(millionths, SCHEMA_DECIMAL_PLACES, buf, sizeof(buf));
	fputs(buf, f);
}

/* A run's database by its name alone: the output directory is the reader's business. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void json_run(FILE *f, const struct roi_run *run, const char *vm)
{
	fputs("{\"run\": ", f);
	json_text(f, run->label);
	fputs(", \"vm\": ", f);
	if (vm)
		json_text(f, vm);
	else
		fputs("null", f);
	fputs(", \"db\": ", f);
	json_text(f, base_name(run->db));
	fputs(", \"sim_ms\": ", f);
	json_real(f, run->sim_ms);
	fputs(", \"first_metric_ms\": ", f);
	json_real(f, run->first_metric_ns < 0 ? NAN : (double)run->first_metric_ns / 1e6);
	fputs(", \"power_mw\": ", f);
	json_real(f, run->power_mw);
	fputs("}", f);
}

static void json_vm(FILE *f, const struct roi_vm *v)
{
	fputs("{\"vm\": ", f);
	json_text(f, v->name);
	fputs(", \"workload\": ", f);
	json_text(f, v->workload);
	fputs(", \"overhead_pct\": ", f);
	json_real(f, v->overhead_pct);
	fputs(",\n    \"metrics\": [", f);
	for (unsigned k = 0; k < v->nmetrics; k++) {
		const struct roi_metric *m = &v->metric[k];

		fprintf(f, "%s{\"name\": ", k ? ", " : "");
		json_text(f, m->name);
		fputs(", \"unit\": ", f);
		json_text(f, m->unit);
		fprintf(f, ", \"better\": \"%s\", \"native\": %" PRId64 ", \"virtualized\": %" PRId64
			", \"cost_pct\": ", m->higher_is_better ? "higher" : "lower", m->native,
			m->virtualized);
		json_real(f, m->cost_pct);
		fputs("}", f);
	}
	fputs("],\n    \"deadlines\": [", f);
	for (unsigned k = 0; k < v->nsources; k++) {
		const struct roi_deadlines *d = &v->deadlines[k];

		fprintf(f, "%s{\"source\": \"%s\", \"frames_native\": %" PRId64 ", \"missed_native\": %"
			PRId64 ", \"frames_virtualized\": %" PRId64 ", \"missed_virtualized\": %" PRId64
			"}", k ? ", " : "", d->source, d->frames_native, d->missed_native,
			d->frames_virtualized, d->missed_virtualized);
	}
	fputs("]}", f);
}

void roi_print_json(const struct roi_result *r, FILE *f)
{
	const struct scenario_roi *p = &r->params;

	fputs("{\"scenario\": ", f);
	json_text(f, r->scenario);
	fputs(", \"duration_ns\": ", f);
	if (r->duration_ns)
		fprintf(f, "%" PRIu64, r->duration_ns);
	else
		fputs("null", f);
	fprintf(f, ",\n\"parameters\": {\"units\": %" PRIu64 ", \"bom_saved_usd\": ", p->units);
	json_decimal(f, (int64_t)p->bom_saved_usd);
	fputs(", \"hypervisor_cost_usd\": ", f);
	json_decimal(f, (int64_t)p->hypervisor_cost_usd);
	fputs(", \"nre_usd\": ", f);
	json_decimal(f, (int64_t)p->nre_usd);
	fprintf(f, ", \"battery_mwh\": %" PRIu64 ", \"usage_hours_per_day\": ", p->battery_mwh);
	if (p->usage_hours_per_day)
		json_decimal(f, (int64_t)p->usage_hours_per_day);
	else
		fputs("null", f);
	fputs(", \"baseband_chip_mw\": ", f);
	json_decimal(f, (int64_t)p->baseband_chip_mw);
	fputs(", \"platform_mw\": ", f);
	json_decimal(f, (int64_t)p->platform_mw);
	fputs("},\n\"window_ms\": ", f);
	json_real(f, r->window_ns == INT64_MAX ? NAN : (double)r->window_ns / 1e6);
	fputs(",\n\"runs\": [\n  ", f);
	json_run(f, &r->virtualized, NULL);
	for (unsigned i = 0; i < r->nvms; i++) {
		fputs(",\n  ", f);
		json_run(f, &r->native[i], r->vm[i].name);
	}
	fputs("],\n\"vms\": [", f);
	for (unsigned i = 0; i < r->nvms; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		json_vm(f, &r->vm[i]);
	}
	fputs("],\n\"power\": {\"separate_compute_mw\": ", f);
	json_real(f, r->separate_compute_mw);
	fputs(", \"separate_mw\": ", f);
	json_real(f, r->separate_mw);
	fputs(", \"consolidated_mw\": ", f);
	json_real(f, r->consolidated_mw);
	fputs(", \"change_pct\": ", f);
	json_real(f, r->power_change_pct);
	fputs("},\n\"battery\": {\"hours_separate\": ", f);
	json_real(f, r->hours_separate);
	fputs(", \"hours_consolidated\": ", f);
	json_real(f, r->hours_consolidated);
	fputs(", \"hours_change\": ", f);
	json_real(f, r->hours_change);
	fputs(", \"days_separate\": ", f);
	json_real(f, p->usage_hours_per_day ? r->days_separate : NAN);
	fputs(", \"days_consolidated\": ", f);
	json_real(f, p->usage_hours_per_day ? r->days_consolidated : NAN);
	fputs("},\n\"money\": {\"saving_per_unit_usd\": ", f);
	json_decimal(f, r->saving_per_unit);
	fputs(", \"total_saving_usd\": ", f);
	json_decimal(f, r->total_saving);
	fputs(", \"break_even_units\": ", f);
	if (r->breaks_even)
		fprintf(f, "%" PRIu64, r->break_even_units);
	else
		fputs("null", f);
	fprintf(f, "},\n\"modem_deadlines_missed\": %" PRId64 ", \"viable\": %s, \"verdict\": ",
		r->modem_missed, r->viable ? "true" : "false");
	json_text(f, r->verdict);
	fputs("}\n", f);
}

/* ------------------------------------------------------------ chart */

/*
 * The gnuplot script: two panels in one SVG (one set of ids in the page).
 * Above, the net saving against units shipped, a line from -NRE with the
 * break-even point and the scenario's volume marked; below, each figure
 * virtualized as a percentage of native.
 */
static void chart_script(const struct roi_result *r, FILE *f)
{
	const double one = SCHEMA_DECIMAL_ONE;
	double saving = (double)r->saving_per_unit / one, nre = (double)r->params.nre_usd / one;
	double units = (double)r->params.units;
	double xmax = 1.25 * (r->breaks_even && (double)r->break_even_units > units
			      ? (double)r->break_even_units : units);

	fputs("set terminal svg size 800,820 noenhanced font 'sans,11'\n"
	      "set output '" CHART_SVG "'\n"
	      "set multiplot layout 2,1\n", f);
	fprintf(f, "$volume << EOD\n%.0f %.6f\nEOD\n", units, units * saving - nre);
	if (r->breaks_even)
		fprintf(f, "$even << EOD\n%" PRIu64 " %.6f\nEOD\n", r->break_even_units,
			(double)r->break_even_units * saving - nre);
	fprintf(f, "set title 'Net saving against units shipped'\n"
		"set xlabel 'units shipped'\nset ylabel 'net saving (USD)'\n"
		"set format x '%%.1s%%c'\nset format y '%%.1s%%c'\n"
		"set grid\nset key top left\nset xzeroaxis lt -1\n"
		"set xrange [0:%.0f]\nset samples 2\n", xmax);
	fprintf(f, "plot %.6f * x - %.6f with lines lw 2 title 'units x saving per unit - NRE', "
		"$volume with points pt 7 ps 1.5 title 'this scenario'", saving, nre);
	if (r->breaks_even)
		fputs(", $even with points pt 5 ps 1.5 title 'break-even'", f);
	fputs("\n", f);

	fputs("$figures << EOD\n", f);
	for (unsigned i = 0; i < r->nvms; i++) {
		const struct roi_vm *v = &r->vm[i];

		for (unsigned k = 0; k < v->nmetrics; k++)
			if (v->metric[k].native)
				fprintf(f, "\"%s %s\" 100 %.6f\n", v->name, v->metric[k].name,
					100.0 * (double)v->metric[k].virtualized /
					(double)v->metric[k].native);
	}
	fprintf(f, "\"power\" 100 %.6f\nEOD\n", 100.0 * r->consolidated_mw / r->separate_mw);
	fputs("set title 'Virtualized as a percentage of native (native = 100)'\n"
	      "unset xlabel\nset ylabel '% of native'\nset format x '%g'\nset format y '%g'\n"
	      "unset xrange\nset yrange [0:*]\nset key top right\nset grid ytics\nunset grid\n"
	      "set style data histograms\nset style histogram clustered gap 1\n"
	      "set style fill solid 0.8 border -1\nset boxwidth 0.9\n"
	      "set xtics rotate by 30 right scale 0\nset bmargin 9\n"
	      "plot $figures using 2:xtic(1) title 'native', $figures using 3 title 'virtualized'\n"
	      "unset multiplot\n", f);
}

/* The chart as an <svg> element (the XML prologue dropped), or NULL with err. */
static char *draw_chart(const struct roi_result *r, const char *dir, char *err, size_t len)
{
	char script[PATH_MAX], svg[PATH_MAX];
	char *text = NULL, *start;
	size_t size = 0;
	bool written;
	FILE *f;

	snprintf(script, sizeof(script), "%s/%s", dir, CHART_SCRIPT);
	snprintf(svg, sizeof(svg), "%s/%s", dir, CHART_SVG);
	if (!(f = fopen(script, "w"))) {
		snprintf(err, len, "cannot write %s: %s", script, strerror(errno));
		return NULL;
	}
	chart_script(r, f);
	written = !ferror(f);
	written &= fclose(f) == 0;
	if (!written) {
		snprintf(err, len, "cannot write %s", script);
	} else if (report_gnuplot(dir, CHART_SCRIPT, err, len) == 0) {
		f = fopen(svg, "r");
		if (!f || getdelim(&text, &size, '\0', f) < 0 || !(start = strstr(text, "<svg"))) {
			snprintf(err, len, "gnuplot wrote no SVG in %s", svg);
			free(text);
			text = NULL;
		} else {
			memmove(text, start, strlen(start) + 1);
		}
		if (f)
			fclose(f);
	}
	unlink(script);
	unlink(svg);
	return text;
}

/* ------------------------------------------------------------- HTML */

/* A row of cells; each cell's text escaped. */
static void html_row(FILE *f, const char *tag, int n, const char *const *cells)
{
	fputs("<tr>", f);
	for (int i = 0; i < n; i++) {
		fprintf(f, "<%s>", tag);
		markup_text(f, cells[i]);
		fprintf(f, "</%s>", tag);
	}
	fputs("</tr>\n", f);
}

static void html_performance(const struct roi_result *r, FILE *f)
{
	static const char *const head[] = { "VM", "figure", "native", "virtualized", "cost" };
	char name[64], a[48], b[48], c[48];

	fputs("<h2>Performance, per VM</h2>\n<p>cost &gt; 0: worse virtualized.</p>\n<table>\n", f);
	html_row(f, "th", 5, head);
	for (unsigned i = 0; i < r->nvms; i++) {
		const struct roi_vm *v = &r->vm[i];

		for (unsigned k = 0; k < v->nmetrics; k++) {
			const struct roi_metric *m = &v->metric[k];

			snprintf(name, sizeof(name), "%s (%s)", m->name, m->unit);
			snprintf(a, sizeof(a), "%" PRId64, m->native);
			snprintf(b, sizeof(b), "%" PRId64, m->virtualized);
			html_row(f, "td", 5, (const char *const[]){ v->name, name, a, b,
				 pct(m->cost_pct, c, sizeof(c)) });
		}
		for (unsigned k = 0; k < v->nsources; k++) {
			const struct roi_deadlines *d = &v->deadlines[k];

			snprintf(name, sizeof(name), "%s deadlines missed", d->source);
			snprintf(a, sizeof(a), "%" PRId64 " of %" PRId64, d->missed_native,
				 d->frames_native);
			snprintf(b, sizeof(b), "%" PRId64 " of %" PRId64, d->missed_virtualized,
				 d->frames_virtualized);
			html_row(f, "td", 5, (const char *const[]){ v->name, name, a, b, "" });
		}
		snprintf(b, sizeof(b), "%.2f%%", v->overhead_pct);
		html_row(f, "td", 5, (const char *const[]){ v->name, "hypervisor overhead", "", b, "" });
	}
	fputs("</table>\n", f);
}

static void html_summary(const struct roi_result *r, FILE *f)
{
	const struct scenario_roi *p = &r->params;
	char a[192], b[48], c[48], d[64];

	fputs("<h2>Money, power, battery</h2>\n<table>\n", f);
	html_row(f, "td", 2, (const char *const[]){ "units shipped",
		 (snprintf(a, sizeof(a), "%" PRIu64, p->units), a) });
	html_row(f, "td", 2, (const char *const[]){ "parts saved per unit",
		 roi_usd((int64_t)p->bom_saved_usd, a, sizeof(a)) });
	html_row(f, "td", 2, (const char *const[]){ "hypervisor per unit",
		 roi_usd((int64_t)p->hypervisor_cost_usd, a, sizeof(a)) });
	html_row(f, "td", 2, (const char *const[]){ "NRE", roi_usd((int64_t)p->nre_usd, a, sizeof(a)) });
	html_row(f, "td", 2, (const char *const[]){ "saving per unit",
		 roi_usd(r->saving_per_unit, a, sizeof(a)) });
	html_row(f, "td", 2, (const char *const[]){ "total saving", roi_usd(r->total_saving, a, sizeof(a)) });
	if (r->breaks_even)
		snprintf(a, sizeof(a), "%" PRIu64 " units", r->break_even_units);
	html_row(f, "td", 2, (const char *const[]){ "break-even",
		 r->breaks_even ? a : "none (no saving per unit)" });
	snprintf(a, sizeof(a), "%.3f mW (compute %.3f + baseband chip %s + rest of phone %s)",
		 r->separate_mw, r->separate_compute_mw, decimal(p->baseband_chip_mw, b, sizeof(b)),
		 decimal(p->platform_mw, c, sizeof(c)));
	html_row(f, "td", 2, (const char *const[]){ "power, separate processors", a });
	snprintf(a, sizeof(a), "%.3f mW (%s)", r->consolidated_mw,
		 pct(r->power_change_pct, b, sizeof(b)));
	html_row(f, "td", 2, (const char *const[]){ "power, consolidated", a });
	snprintf(a, sizeof(a), "%.2f h separate, %.2f h consolidated (%+.2f h)", r->hours_separate,
		 r->hours_consolidated, r->hours_change);
	snprintf(d, sizeof(d), "battery life (%" PRIu64 " mWh)", p->battery_mwh);
	html_row(f, "td", 2, (const char *const[]){ d, a });
	if (p->usage_hours_per_day) {
		snprintf(a, sizeof(a), "%.2f separate, %.2f consolidated", r->days_separate,
			 r->days_consolidated);
		snprintf(d, sizeof(d), "days at %s h a day",
			 decimal(p->usage_hours_per_day, b, sizeof(b)));
		html_row(f, "td", 2, (const char *const[]){ d, a });
	}
	fputs("</table>\n", f);
}

int roi_print_html(const struct roi_result *r, const char *dir, FILE *f, char *err, size_t len)
{
	char *svg = draw_chart(r, dir, err, len);
	char ms[32];

	if (!svg)
		return -1;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	markup_text(f, r->scenario);
	fputs(": return on consolidation</title>\n<style>\n"
	      "body { font-family: sans-serif; max-width: 60em; margin: 2em auto; }\n"
	      "table { border-collapse: collapse; margin-bottom: 1em; }\n"
	      "td, th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }\n"
	      ".viable { color: #060; } .not-viable { color: #a00; }\n"
	      "</style>\n</head>\n<body>\n<h1>", f);
	markup_text(f, r->scenario);
	fprintf(f, ": return on consolidation</h1>\n<p class=\"%s\"><strong>", r->viable ? "viable"
										   : "not-viable");
	markup_text(f, r->verdict);
	fputs("</strong></p>\n<p>From a virtualized run of the scenario and a native run of "
	      "each VM's image", f);
	if (r->duration_ns) {
		snprintf(ms, sizeof(ms), "%.3f", (double)r->duration_ns / 1e6);
		fprintf(f, " (duration %s ms)", ms);
	}
	fputs("; the model and what it leaves out: docs/roi.md.</p>\n", f);
	html_summary(r, f);
	html_performance(r, f);
	fputs("<h2>Charts</h2>\n", f);
	fputs(svg, f);
	/* cmd_roi.c writes these reports beside the page. */
	fputs("\n<h2>The runs in detail</h2>\n<ul>\n"
	      "<li><a href=\"report/index.html\">the virtualized run</a> (phonesim report)</li>\n",
	      f);
	for (unsigned i = 0; i < r->nvms; i++) {
		fputs("<li><a href=\"compare-", f);
		markup_text(f, r->vm[i].name);
		fputs("/index.html\">", f);
		markup_text(f, r->vm[i].name);
		fputs(" native against virtualized</a>: overhead, latency, energy and cache and "
		      "TLB miss rates side by side</li>\n", f);
	}
	fputs("</ul>", f);
	fputs("\n</body>\n</html>\n", f);
	free(svg);
	return 0;
}
