/*
 * sweep_plan.c - the axes of a sweep, their cross product, and each run's
 * command line (see sweep_plan.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_plan.h"

/* The run options a sweep may vary, by the key that names them. */
static const struct { const char *key, *option; } run_options[] = {
	{ "soc.cores", "--cores" },
	{ "soc.preset", "--soc" },
	{ "timing", "--timing" },
	{ "soc.timing", "--timing" },
	{ "duration", "--duration" },
	{ "run.duration", "--duration" },
	{ "hypervisor.timeslice_us", "--hyp-timeslice-us" },
};

#define N_RUN_OPTIONS (sizeof(run_options) / sizeof(run_options[0]))

/* What a device parameter's name is made of (devices/device.h). */
static const char key_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.";

static const char *option_of(const char *key)
{
	for (size_t i = 0; i < N_RUN_OPTIONS; i++)
		if (!strcmp(run_options[i].key, key))
			return run_options[i].option;
	return NULL;
}

/* A whole unsigned decimal number, all of text; false otherwise. */
static bool parse_uint(const char *text, size_t n, uint64_t *v)
{
	char buf[24], *end;

	if (n == 0 || n >= sizeof(buf) || text[0] < '0' || text[0] > '9')
		return false;
	memcpy(buf, text, n);
	buf[n] = 0;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return !*end && errno == 0;
}

static int add_value(struct sweep_axis *ax, const char *text, size_t n, char *err, size_t len)
{
	char *v, **values;

	if (n == 0) {
		snprintf(err, len, "%s: an empty value", ax->key);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f) {
			snprintf(err, len, "%s: a value holds a control character", ax->key);
			return -1;
		}
	for (unsigned i = 0; i < ax->nvalues; i++)
		if (strlen(ax->values[i]) == n && !memcmp(ax->values[i], text, n)) {
			snprintf(err, len, "%s: value '%s' given twice", ax->key, ax->values[i]);
			return -1;
		}
	if (ax->nvalues == SWEEP_MAX_RUNS) {
		snprintf(err, len, "%s: more than %d values", ax->key, SWEEP_MAX_RUNS);
		return -1;
	}
	values = realloc(ax->values, (ax->nvalues + 1) * sizeof(*values));
	v = strndup(text, n);
	if (!values || !v) {
		free(v);
		if (values)
			ax->values = values;
		snprintf(err, len, "out of memory");
		return -1;
	}
	ax->values = values;
	ax->values[ax->nvalues++] = v;
	return 0;
}

/* START..END[:STEP], n characters at text: each value it stands for. */
static int add_range(struct sweep_axis *ax, const char *text, size_t n, char *err, size_t len)
{
	const char *dots = strstr(text, "..");
	const char *colon = memchr(text, ':', n);
	const char *end_of_end = colon ? colon : text + n;
	uint64_t start, end, step = 1;
	char num[24];

	if (dots >= end_of_end || !parse_uint(text, (size_t)(dots - text), &start) ||
	    !parse_uint(dots + 2, (size_t)(end_of_end - dots - 2), &end) ||
	    (colon && !parse_uint(colon + 1, (size_t)(text + n - colon - 1), &step)) ||
	    step == 0 || end < start) {
		snprintf(err, len, "%s: '%.*s' is not a range START..END[:STEP] (whole numbers, "
			 "START <= END, STEP > 0)", ax->key, (int)n, text);
		return -1;
	}
	if ((end - start) / step >= SWEEP_MAX_RUNS) {
		snprintf(err, len, "%s: range '%.*s' has more than %d values", ax->key, (int)n,
			 text, SWEEP_MAX_RUNS);
		return -1;
	}
	for (uint64_t v = start;; v += step) {
		int w = snprintf(num, sizeof(num), "%llu", (unsigned long long)v);

		if (add_value(ax, num, (size_t)w, err, len) < 0)
			return -1;
		if (end - v < step)
			return 0;
	}
}

int sweep_plan_add_axis(struct sweep_plan *p, const char *spec, char *err, size_t len)
{
	const char *eq = strchr(spec, '=');
	struct sweep_axis *ax;

	if (!p->nruns)
		p->nruns = 1;
	if (!eq || eq == spec) {
		snprintf(err, len, "--set: '%s' is not KEY=V1,V2,...", spec);
		return -1;
	}
	if (p->naxes == SWEEP_MAX_AXES) {
		snprintf(err, len, "--set: more than %d axes", SWEEP_MAX_AXES);
		return -1;
	}
	ax = &p->axis[p->naxes];
	*ax = (struct sweep_axis){ .key = strndup(spec, (size_t)(eq - spec)) };
	if (!ax->key) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	p->naxes++;
	ax->option = option_of(ax->key);
	if (!ax->option && (!strchr(ax->key, '.') || ax->key[0] == '.' ||
			    ax->key[strspn(ax->key, key_chars)])) {
		snprintf(err, len, "--set: unknown key '%s' (DEVICE.KEY as 'phonesim run --set' "
			 "takes it, or soc.cores, soc.preset, timing, duration, "
			 "hypervisor.timeslice_us)", ax->key);
		return -1;
	}
	for (unsigned a = 0; a + 1 < p->naxes; a++)
		if (!strcmp(p->axis[a].key, ax->key) ||
		    (ax->option && p->axis[a].option == ax->option)) {
			snprintf(err, len, "--set: '%s' is swept twice", ax->key);
			return -1;
		}
	for (const char *item = eq + 1;; item++) {
		size_t n = strcspn(item, ",");
		const char *dots = strstr(item, "..");
		int rc = dots && dots < item + n ? add_range(ax, item, n, err, len)
						 : add_value(ax, item, n, err, len);

		if (rc < 0)
			return -1;
		item += n;
		if (!*item)
			break;
	}
	if ((uint64_t)p->nruns * ax->nvalues > SWEEP_MAX_RUNS) {
		snprintf(err, len, "--set %s: %llu runs in all, more than %d", ax->key,
			 (unsigned long long)p->nruns * ax->nvalues, SWEEP_MAX_RUNS);
		return -1;
	}
	p->nruns *= ax->nvalues;
	return 0;
}

const char *sweep_plan_value(const struct sweep_plan *p, unsigned run, unsigned a)
{
	for (unsigned b = p->naxes - 1; b > a; b--)
		run /= p->axis[b].nvalues;
	return p->axis[a].values[run % p->axis[a].nvalues];
}

void sweep_plan_file(const struct sweep_plan *p, unsigned run, const char *what,
		     char *buf, size_t len)
{
	int width = snprintf(NULL, 0, "%u", p->nruns);

	snprintf(buf, len, "run-%0*u.%s", width < 3 ? 3 : width, run + 1, what);
}

/* a, sep and b as one allocated string; NULL when out of memory. */
static char *joined(const char *a, char sep, const char *b)
{
	char *s = malloc(strlen(a) + strlen(b) + 2);

	if (s)
		sprintf(s, "%s%c%s", a, sep, b);
	return s;
}

char **sweep_plan_argv(const struct sweep_plan *p, unsigned run, bool validate)
{
	/* command, scenario, --duration D, 2 per axis, -o DB, --quiet, NULL */
	unsigned max = 2 + 2 + 2 * p->naxes + 3, n = 0;
	char **argv = calloc(max + 1, sizeof(*argv));
	char db[32];
	bool ok = true;

	if (!argv)
		return NULL;
	argv[n++] = strdup(validate ? "validate" : "run");
	argv[n++] = strdup(p->scenario);
	if (p->duration) {
		argv[n++] = strdup("--duration");
		argv[n++] = strdup(p->duration);
	}
	for (unsigned a = 0; a < p->naxes; a++) {
		const struct sweep_axis *ax = &p->axis[a];
		const char *v = sweep_plan_value(p, run, a);

		argv[n++] = strdup(ax->option ? ax->option : "--set");
		argv[n++] = ax->option ? strdup(v) : joined(ax->key, '=', v);
	}
	if (!validate) {
		sweep_plan_file(p, run, "db", db, sizeof(db));
		argv[n++] = strdup("-o");
		argv[n++] = joined(p->dir, '/', db);
		argv[n++] = strdup("--quiet");
	}
	for (unsigned i = 0; i < n; i++)
		ok = ok && argv[i];
	if (ok)
		return argv;
	for (unsigned i = 0; i < n; i++)
		free(argv[i]);
	free(argv);
	return NULL;
}

void sweep_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

static void print_quoted(FILE *f, const char *s)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789_-./=:,+@%";

	if (s[0] && !s[strspn(s, plain)]) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (; *s; s++)
		fputs(*s == '\'' ? "'\\''" : (char[]){ *s, 0 }, f);
	fputc('\'', f);
}

void sweep_print_command(FILE *f, char *const *argv)
{
	fputs("phonesim", f);
	for (; *argv; argv++) {
		fputc(' ', f);
		print_quoted(f, *argv);
	}
	fputc('\n', f);
}

void sweep_plan_free(struct sweep_plan *p)
{
	for (unsigned a = 0; a < p->naxes; a++) {
		for (unsigned i = 0; i < p->axis[a].nvalues; i++)
			free(p->axis[a].values[i]);
		free(p->axis[a].values);
		free(p->axis[a].key);
	}
	p->naxes = 0;
}
