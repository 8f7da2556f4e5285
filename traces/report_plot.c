/*
 * report_plot.c - drawing the charts of `phonesim report` with gnuplot: a
 * script NAME.gp per chart that reads NAME.csv and writes NAME.svg and
 * NAME.png, run as a child process (`gnuplot` on PATH) in the report's
 * directory. The scripts stay beside their data, so that a chart can be
 * drawn again, or restyled, with `gnuplot NAME.gp`.
 *
 * gnuplot is run with -d (no ~/.gnuplot): the same chart gives the same
 * files whoever runs it. Not here: what the charts hold (report_data.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"

#define WIDTH 900
#define HEIGHT 460

/* Series colours, cycled; the timeline's hypervisor and idle have their own. */
static const char *const palette[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
	"#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a",
};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))
#define MISS_COLOUR "#d62728"
#define HYP_COLOUR "#d62728"
#define IDLE_COLOUR "#e8e8e8"

void gp_string(char *out, size_t len, const char *s)
{
	size_t n = 0;

	if (len < 3)
		abort();
	out[n++] = '\'';
	for (; *s && n + 3 < len; s++) {
		if (*s == '\'')
			out[n++] = '\'';    /* '' is a quote inside '...' */
		out[n++] = *s;
	}
	out[n++] = '\'';
	out[n] = '\0';
}

static void setup(FILE *f, const struct chart *c)
{
	char q[CHART_TEXT];

	gp_string(q, sizeof(q), c->title);
	fprintf(f, "# %s.gp - \"%s\" of a phonesim report: draws %s.csv into %s.svg and %s.png\n"
		"# (gnuplot %s.gp). Written by phonesim report.\n",
		c->name, c->title, c->name, c->name, c->name, c->name);
	fputs("set datafile separator ','\n"
	      "set datafile columnheaders\n"
	      "set grid ytics lc rgb '#dddddd'\n"
	      "set border 3\n"
	      "set tics nomirror\n"
	      "set key outside right top noenhanced\n", f);
	gp_string(q, sizeof(q), c->xlabel);
	fprintf(f, "set xlabel %s noenhanced\n", q);
	gp_string(q, sizeof(q), c->ylabel);
	fprintf(f, "set ylabel %s noenhanced\n", q);
}

static void plot_bars(FILE *f, const struct chart *c)
{
	char q[CHART_TEXT];

	fprintf(f, "set style data histograms\n"
		"set style histogram %s\n"
		"set style fill solid 0.85 border -1\n"
		"set boxwidth 0.8\n"
		"set xtics rotate by -30 left noenhanced\n",
		c->stacked ? "rowstacked" : "clustered gap 1");
	fputs(c->logy ? "set logscale y\n" : "set yrange [0:*]\n", f);
	if (c->si_y)
		fprintf(f, "set format y '%%.%ds%%c'\n", c->logy ? 0 : 1);
	fputs("plot \\\n", f);
	for (int i = 0; i < c->nseries; i++) {
		gp_string(q, sizeof(q), c->series[i].title);
		fprintf(f, "  '%s.csv' using %d%s title %s lc rgb '%s'%s\n", c->name,
			c->series[i].column, i ? "" : ":xtic(1)", q, palette[i % NPALETTE],
			i + 1 < c->nseries ? ", \\" : "");
	}
}

static const char *line_style(const struct chart_series *s, int i, char *buf, size_t len)
{
	switch (s->style) {
	case STYLE_STEPS:
		snprintf(buf, len, "with steps lw 1.5 lc rgb '%s'", palette[i % NPALETTE]);
		break;
	case STYLE_POINTS:
		snprintf(buf, len, "with points pt 7 ps 0.5 lc rgb '%s'", palette[i % NPALETTE]);
		break;
	case STYLE_LATE:
		snprintf(buf, len, "with points pt 9 ps 1.2 lc rgb '%s'", MISS_COLOUR);
		break;
	case STYLE_NEVER:
		snprintf(buf, len, "with points pt 2 ps 1.2 lc rgb '%s'", MISS_COLOUR);
		break;
	case STYLE_LINE:
		snprintf(buf, len, "with lines dt 2 lw 1.5 lc rgb '%s'", palette[i % NPALETTE]);
		break;
	}
	return buf;
}

static void plot_lines(FILE *f, const struct chart *c)
{
	char q[CHART_TEXT], style[128];
	int colour = 0;

	if (c->logx)
		fputs("set logscale x\n"
		      "set yrange [0:1]\n"
		      "set mxtics 10\n", f);
	fputs("plot \\\n", f);
	for (int i = 0; i < c->nseries; i++) {
		const struct chart_series *s = &c->series[i];

		gp_string(q, sizeof(q), s->title);
		fprintf(f, "  '%s.csv' using (%s):((%s) ? (%s) : NaN) title %s %s%s\n", c->name, s->x,
			s->filter, s->y, q, line_style(s, colour, style, sizeof(style)),
			i + 1 < c->nseries ? ", \\" : "");
		if (s->style != STYLE_LATE && s->style != STYLE_NEVER)
			colour++;
	}
}

static const char *category_colour(const struct chart *c, int k)
{
	if (k == c->nseries - 1)
		return IDLE_COLOUR;
	if (k == c->nseries - 2)
		return HYP_COLOUR;
	return palette[k % NPALETTE];
}

/*
 * One band per core, 0.8 high, the first at the top; in it the
 * categories' fractions stacked, each a filled area between the sum of
 * the ones before it and that sum plus its own (the categories' columns
 * are side by side).
 */
static void plot_timeline(FILE *f, const struct chart *c)
{
	char q[CHART_TEXT];

	fprintf(f, "set yrange [0:%d]\n"
		"set autoscale xfix\n"
		"set style fill solid 1.0 noborder\n"
		"set grid noytics\n"
		"set ytics (",
		c->nbands);
	for (int b = 0; b < c->nbands; b++) {
		gp_string(q, sizeof(q), c->bands[b].title);
		fprintf(f, "%s%s %.1f", b ? ", " : "", q, c->nbands - 1 - b + 0.4);
	}
	fputs(") noenhanced\n", f);
	fputs("plot \\\n", f);
	for (int b = 0; b < c->nbands; b++) {
		int y0 = c->nbands - 1 - b;

		for (int k = 0; k < c->nseries; k++) {
			int col = c->series[k].column, first = c->series[0].column;
			bool last = b + 1 == c->nbands && k + 1 == c->nseries;

			gp_string(q, sizeof(q), c->series[k].title);
			fprintf(f, "  '%s.csv' using 3:((%s) ? %d+0.8*sum [i=%d:%d] column(i) : NaN):"
				"((%s) ? %d+0.8*sum [i=%d:%d] column(i) : NaN) with filledcurves "
				"lc rgb '%s' %s%s%s\n", c->name, c->bands[b].filter, y0, first, col - 1,
				c->bands[b].filter, y0, first, col, category_colour(c, k),
				b ? "notitle" : "title ", b ? "" : q, last ? "" : ", \\");
		}
	}
}

static int write_script(const struct chart *c, const char *path, char *err, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		snprintf(err, len, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	setup(f, c);
	fprintf(f, "set terminal svg size %d,%d noenhanced font 'sans,12' background '#ffffff'\n"
		"set output '%s.svg'\n", WIDTH, HEIGHT, c->name);
	switch (c->kind) {
	case CHART_BARS:
		plot_bars(f, c);
		break;
	case CHART_LINES:
		plot_lines(f, c);
		break;
	case CHART_TIMELINE:
		plot_timeline(f, c);
		break;
	}
	fprintf(f, "set terminal pngcairo size %d,%d noenhanced font 'sans,10' background '#ffffff'\n"
		"set output '%s.png'\n"
		"replot\n", WIDTH, HEIGHT, c->name);
	if (ferror(f) | (fclose(f) != 0)) {
		snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The last non-empty line of text: where gnuplot says what went wrong. */
static void last_line(char *out, size_t len, char *text)
{
	char *end = text + strlen(text), *start;

	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	start = strrchr(text, '\n');
	snprintf(out, len, "%s", start ? start + 1 : text);
}

static _Noreturn void exec_gnuplot(const char *dir, const char *script, int out, int status)
{
	int null = open("/dev/null", O_RDONLY);
	int e;

	if (chdir(dir) == 0 && null >= 0 && dup2(null, 0) == 0 && dup2(out, 1) == 1 &&
	    dup2(out, 2) == 2 && close(null) == 0)
		execlp("gnuplot", "gnuplot", "-d", script, (char *)NULL);
	e = errno;
	if (write(status, &e, sizeof(e)) != sizeof(e))
		_exit(126);
	_exit(127);
}

static int pipe_cloexec(int fd[2])
{
	if (pipe(fd) != 0)
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

int report_gnuplot(const char *dir, const char *script, char *err, size_t len)
{
	int out[2], status[2], wstatus, exec_errno = 0;
	char text[4096], line[512];
	size_t n = 0;
	pid_t pid;

	if (pipe_cloexec(out) != 0) {
		snprintf(err, len, "cannot run gnuplot: %s", strerror(errno));
		return -1;
	}
	if (pipe_cloexec(status) != 0) {
		snprintf(err, len, "cannot run gnuplot: %s", strerror(errno));
		close(out[0]);
		close(out[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0)
		exec_gnuplot(dir, script, out[1], status[1]);
	close(out[1]);
	close(status[1]);
	if (pid < 0) {
		close(out[0]);
		close(status[0]);
		snprintf(err, len, "cannot run gnuplot: %s", strerror(errno));
		return -1;
	}
	/* Read to the end, keeping the start, so that gnuplot never blocks on a full pipe. */
	for (;;) {
		bool keep = n + 1 < sizeof(text);
		ssize_t got = read(out[0], keep ? text + n : line,
				   keep ? sizeof(text) - 1 - n : sizeof(line));

		if (got == 0 || (got < 0 && errno != EINTR))
			break;
		if (got > 0 && keep)
			n += (size_t)got;
	}
	text[n] = '\0';
	if (read(status[0], &exec_errno, sizeof(exec_errno)) != sizeof(exec_errno))
		exec_errno = 0;
	close(out[0]);
	close(status[0]);
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, len, "gnuplot: %s", strerror(errno));
			return -1;
		}
	if (exec_errno) {
		snprintf(err, len, "cannot run gnuplot (%s); install gnuplot-nox or put it on PATH",
			 strerror(exec_errno));
		return -1;
	}
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
		last_line(line, sizeof(line), text);
		snprintf(err, len, "gnuplot failed on %s: %s", script,
			 line[0] ? line : "no message");
		return -1;
	}
	return 0;
}

int report_plot(const struct chart *c, const char *dir, char *err, size_t len)
{
	char path[4096], script[256];

	snprintf(script, sizeof(script), "%s.gp", c->name);
	snprintf(path, sizeof(path), "%s/%s", dir, script);
	if (write_script(c, path, err, len) != 0)
		return -1;
	return report_gnuplot(dir, script, err, len);
}
