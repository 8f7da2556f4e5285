/*
 * report_html.c - the report's page, index.html, and the order of making
 * a report: each chart's data (report_data.c), its drawing
 * (report_plot.c), then the page that holds them all.
 *
 * The page stands alone, as a mail attachment must: CSS inline, the SVGs
 * inlined (their ids prefixed with the chart's name, since every gnuplot
 * SVG defines the same ones), no script, no link out of the page. The
 * files beside it (NAME.svg, .png, .csv, .gp) are named, not linked.
 *
 * Not here: choosing the directory and replacing an old report
 * (sim/cmd_report.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "markup.h"
#include "report.h"

static const char style[] =
	"body{font-family:sans-serif;max-width:64em;margin:1em auto;padding:0 1em;"
	"color:#222;line-height:1.4}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\n"
	"table{border-collapse:collapse;margin:0.5em 0;font-size:0.9em}\n"
	"th,td{border:1px solid #ccc;padding:0.15em 0.5em;text-align:left;vertical-align:top}\n"
	"th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.wide{max-width:40em;word-break:break-all;font-family:monospace;font-size:0.9em}\n"
	"svg{max-width:100%;height:auto;display:block}\n"
	".files{color:#666;font-size:0.85em}.empty{font-style:italic}\n";

/* A cell that is a number (or "-", no value) is right-aligned; a long text wraps. */
static const char *cell_class(const char *s)
{
	char *end;

	if (!strcmp(s, "-"))
		return " class=\"n\"";
	strtod(s, &end);
	if (end != s && (!*end || *end == '%' || !strcmp(end, " points")))
		return " class=\"n\"";
	return strlen(s) > 60 ? " class=\"wide\"" : "";
}

static void html_table(FILE *f, const struct chart_table *t, bool row_heads)
{
	fputs("<table>\n<tr>", f);
	for (int j = 0; j < t->ncols; j++) {
		fputs("<th>", f);
		markup_text(f, t->cells[j]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (int i = 1; i <= t->nrows; i++) {
		fputs("<tr>", f);
		for (int j = 0; j < t->ncols; j++) {
			const char *s = t->cells[i * t->ncols + j];
			bool head = row_heads && j == 0;

			fprintf(f, "<%s%s>", head ? "th" : "td", head ? "" : cell_class(s));
			markup_text(f, s);
			fputs(head ? "</th>" : "</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* Where an id is defined or referred to in gnuplot's SVG: the id follows these. */
static const char *const id_marks[] = { "id='", "id=\"", "href='#", "href=\"#", "url(#" };

/*
 * Copies an SVG from its <svg> element on, its ids made "name-id" so that
 * the page's SVGs keep their own definitions.
 */
static int inline_svg(FILE *f, const char *dir, const char *name, char *err, size_t len)
{
	char path[4096], *text = NULL, *p;
	size_t size = 0;
	FILE *svg;

	snprintf(path, sizeof(path), "%s/%s.svg", dir, name);
	svg = fopen(path, "r");
	if (!svg) {
		snprintf(err, len, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (getdelim(&text, &size, '\0', svg) < 0 || !(p = strstr(text, "<svg"))) {
		snprintf(err, len, "%s is not gnuplot's SVG", path);
		fclose(svg);
		free(text);
		return -1;
	}
	fclose(svg);
	while (*p) {
		size_t i, n = 0;

		for (i = 0; i < sizeof(id_marks) / sizeof(id_marks[0]); i++) {
			n = strlen(id_marks[i]);
			if (!strncmp(p, id_marks[i], n))
				break;
		}
		if (i == sizeof(id_marks) / sizeof(id_marks[0])) {
			fputc(*p++, f);
			continue;
		}
		fwrite(p, 1, n, f);
		fprintf(f, "%s-", name);
		p += n;
	}
	free(text);
	return 0;
}

static int write_chart(FILE *f, const struct chart *c, int number, const char *dir, char *err,
		       size_t len)
{
	fprintf(f, "<h2 id=\"%s\">%d. ", c->name, number);
	markup_text(f, c->title);
	fputs("</h2>\n", f);
	if (c->empty[0]) {
		fputs("<p class=\"empty\">Not drawn: ", f);
		markup_text(f, c->empty);
		fputs("</p>\n", f);
		return 0;
	}
	fputs("<p>", f);
	markup_text(f, c->about);
	fputs("</p>\n<figure>\n", f);
	if (inline_svg(f, dir, c->name, err, len) != 0)
		return -1;
	fprintf(f, "</figure>\n<p class=\"files\">Beside this page: %s.svg, %s.png, the data "
		"%s.csv, and %s.gp, the gnuplot script that draws it.</p>\n",
		c->name, c->name, c->name, c->name);
	html_table(f, &c->table, false);
	return 0;
}

static int write_page(const char *dir, const struct report_run *runs, int nruns,
		      const struct chart *charts, const struct chart_table *header,
		      const struct chart_table *vms, char *err, size_t len)
{
	char path[4096];
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/index.html", dir);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, len, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<title>phonesim report: ", f);
	for (int r = 0; r < nruns; r++) {
		fputs(r ? " vs " : "", f);
		markup_text(f, runs[r].label);
	}
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>phonesim report: ", style);
	for (int r = 0; r < nruns; r++) {
		fputs(r ? " vs " : "", f);
		markup_text(f, runs[r].label);
	}
	fputs("</h1>\n", f);
	html_table(f, header, true);
	fputs("<h2>Per VM</h2>\n<p>What <code>phonesim run</code> printed at the end "
	      "(<code>phonesim trace RUN.db vms</code>): the CPU time each VM used (the time it "
	      "held a core less the core's WFI waits), the time it held cores, the "
	      "hypervisor's overhead on it (the share of that CPU time at EL2), its energy, "
	      "and the deadlines of the devices it was given; then the time no VM held a "
	      "core.</p>\n", f);
	html_table(f, vms, false);
	fputs("<p>Every number on this page comes from the trace database", f);
	fputs(nruns > 1 ? "s; change is the second against the first.</p>\n<p>" : ".</p>\n<p>", f);
	for (int i = 0; i < report_nchart; i++) {
		fprintf(f, "%s<a href=\"#%s\">", i ? " &middot; " : "Charts: ", charts[i].name);
		markup_text(f, charts[i].title);
		fputs("</a>", f);
	}
	fputs("</p>\n", f);
	for (int i = 0; i < report_nchart && rc == 0; i++)
		rc = write_chart(f, &charts[i], i + 1, dir, err, len);
	fputs("</body>\n</html>\n", f);
	if ((ferror(f) | (fclose(f) != 0)) && rc == 0) {
		snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* Builds one chart: its CSV, and its drawing when it has data (else no file at all). */
static int make_chart(struct chart *c, const struct chart_def *def,
		      const struct report_run *runs, int nruns, const char *dir,
		      char *err, size_t len)
{
	char path[4096];
	FILE *csv;
	int rc;

	c->name = def->name;
	c->title = def->title;
	snprintf(path, sizeof(path), "%s/%s.csv", dir, c->name);
	csv = fopen(path, "w");
	if (!csv) {
		snprintf(err, len, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	rc = def->build(c, runs, nruns, csv, err, len);
	if ((ferror(csv) | (fclose(csv) != 0)) && rc == 0) {
		snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && c->empty[0]) {
		if (unlink(path) != 0) {
			snprintf(err, len, "cannot remove %s: %s", path, strerror(errno));
			rc = -1;
		}
		return rc;
	}
	return rc == 0 ? report_plot(c, dir, err, len) : -1;
}

int report_write(const struct report_run *runs, int nruns, const char *dir,
		 char *err, size_t len)
{
	struct chart *charts = calloc((size_t)report_nchart, sizeof(*charts));
	struct chart_table header = { 0 }, vms = { 0 };
	int rc = 0;

	if (!charts)
		abort();
	for (int i = 0; i < report_nchart && rc == 0; i++)
		rc = make_chart(&charts[i], &report_charts[i], runs, nruns, dir, err, len);
	if (rc == 0)
		rc = report_header(&header, runs, nruns, err, len);
	if (rc == 0)
		rc = report_vms(&vms, runs, nruns, err, len);
	if (rc == 0)
		rc = write_page(dir, runs, nruns, charts, &header, &vms, err, len);
	chart_table_free(&header);
	chart_table_free(&vms);
	for (int i = 0; i < report_nchart; i++)
		chart_table_free(&charts[i].table);
	free(charts);
	return rc;
}
