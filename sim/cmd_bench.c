/*
 * cmd_bench.c - `phonesim bench`: the regression gate. Runs a suite of
 * built-in scenarios (bench_suite.h), each in a phonesim process of its own
 * (spawn.h) recording a trace in a scratch directory, reads their figures,
 * judges them against a baseline (bench_compare.h), and writes the verdict
 * table, JSON, JUnit XML (bench_report.h) and the history (bench_history.h).
 *
 * Everything the user got wrong is found before the first run starts: a
 * bench takes a while, and should not end in "bad option" after it.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_compare.h"
#include "bench_history.h"
#include "bench_report.h"
#include "bench_suite.h"
#include "cli.h"
#include "config.h"
#include "diag.h"
#include "spawn.h"

static const char usage[] =
	"Usage: phonesim bench [--suite NAME] [--baseline FILE] [--threshold PCT]\n"
	"                      [--json FILE] [--junit FILE] [OPTIONS]\n"
	"\n"
	"The regression gate: runs a fixed suite of built-in scenarios, each in a\n"
	"phonesim process of its own, and reads from each run's trace its figures:\n"
	"simulated ns and cycles, per VM CPU time and the hypervisor's overhead,\n"
	"deadlines missed and frames dropped, the guests' own results (the\n"
	"micro-benchmarks' costs, the baseband's latency, the app OS's throughput),\n"
	"and the simulator's speed on this host (MIPS). All but the speed are\n"
	"simulated, hence the same on any host. With a baseline (the --json of an\n"
	"earlier bench), prints per figure its baseline, its value now, the change\n"
	"and a verdict; a figure worse than its baseline by more than the threshold\n"
	"is a regression, and so is any worsening of a baseline of 0 (a first\n"
	"deadline miss) and a figure of the baseline not measured. docs/bench.md.\n"
	"\n"
	"Options:\n"
	"  --suite NAME        the suite (default quick; listed below)\n"
	"  --baseline FILE     judge the figures against FILE (JSON, from --json)\n"
	"  --threshold PCT     how much worse than the baseline a figure may get, in %\n"
	"                      of it (default 2)\n"
	"  --gate-host         also gate the host's speed (host_mips), which is noisy:\n"
	"                      otherwise it is recorded only\n"
	"  --host-threshold PCT  the threshold for it (default 20)\n"
	"  --json FILE         write the results as JSON: a baseline for later benches\n"
	"  --junit FILE        write the verdicts as JUnit XML, a testcase per figure\n"
	"  --history FILE      append the figures to this SQLite history (default\n"
	"                      bench-history.db in the current directory)\n"
	"  --no-history        do not append to a history\n"
	"  --label TEXT        what the history rows measure (default: the version)\n"
	"  -j, --jobs N        runs at once (default 2)\n"
	"  --keep DIR          keep each run's trace (RUN.db) and output (RUN.log) in\n"
	"                      DIR, created if need be; by default they go to a\n"
	"                      temporary directory, removed at the end\n"
	"  --force             overwrite existing output files\n"
	"  --help              show this help\n"
	"\n"
	"Exit status: 0 when every run finished and no figure regressed; 1 on a\n"
	"regression, a missing figure or a failed run; 2 for bad input.\n"
	"\n"
	"Suites:\n";

struct bench_options {
	const struct bench_suite *suite;
	const char *baseline, *json, *junit, *history, *label, *keep;
	struct bench_gate gate;
	unsigned jobs;
	bool no_history, force;
};

static void print_usage(void)
{
	fputs(usage, stdout);
	for (const struct bench_suite *s = bench_suites; s->name; s++)
		printf("  %-8s %s\n", s->name, s->description);
}

/* A percentage: a plain non-negative decimal ("2", "0.5"), at most 1000000. */
static double parse_percent(const char *opt, const char *text)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (!text[0] || strspn(text, "0123456789.") != strlen(text) || *end || errno)
		diag_bad_input("bench: %s: '%s' is not a percentage (a number such as 2 or 0.5)",
			       opt, text);
	if (v > 1e6)
		diag_bad_input("bench: %s: %s is out of range [0, 1000000]", opt, text);
	return v;
}

static void parse(int argc, char **argv, struct bench_options *o)
{
	enum { OPT_SUITE = 256, OPT_BASELINE, OPT_THRESHOLD, OPT_HOST_THRESHOLD, OPT_GATE_HOST,
	       OPT_JSON, OPT_JUNIT, OPT_HISTORY, OPT_NO_HISTORY, OPT_LABEL, OPT_KEEP, OPT_FORCE,
	       OPT_HELP };
	static const struct option longopts[] = {
		{ "suite", required_argument, NULL, OPT_SUITE },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "host-threshold", required_argument, NULL, OPT_HOST_THRESHOLD },
		{ "gate-host", no_argument, NULL, OPT_GATE_HOST },
		{ "json", required_argument, NULL, OPT_JSON },
		{ "junit", required_argument, NULL, OPT_JUNIT },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "no-history", no_argument, NULL, OPT_NO_HISTORY },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "jobs", required_argument, NULL, 'j' },
		{ "keep", required_argument, NULL, OPT_KEEP },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	const char *suite = "quick";
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":j:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_SUITE: suite = optarg; break;
		case OPT_BASELINE: o->baseline = optarg; break;
		case OPT_THRESHOLD:
			o->gate.threshold_pct = parse_percent("--threshold", optarg);
			break;
		case OPT_HOST_THRESHOLD:
			o->gate.host_threshold_pct = parse_percent("--host-threshold", optarg);
			break;
		case OPT_GATE_HOST: o->gate.gate_host = true; break;
		case OPT_JSON: o->json = optarg; break;
		case OPT_JUNIT: o->junit = optarg; break;
		case OPT_HISTORY: o->history = optarg; break;
		case OPT_NO_HISTORY: o->no_history = true; break;
		case OPT_LABEL: o->label = optarg; break;
		case 'j': o->jobs = (unsigned)cli_number("bench", "--jobs", optarg, 1, 64); break;
		case OPT_KEEP: o->keep = optarg; break;
		case OPT_FORCE: o->force = true; break;
		case OPT_HELP:
			print_usage();
			exit(EXIT_OK);
		default:
			cli_bad_option("bench", opt, argv);
		}
	}
	if (optind != argc)
		diag_bad_input("bench: unexpected argument '%s' (try 'phonesim bench --help')",
			       argv[optind]);
	o->suite = bench_suite_find(suite);
	if (!o->suite)
		diag_bad_input("bench: --suite: no suite '%s' (quick or full; 'phonesim bench "
			       "--help' describes them)", suite);
	if (o->history && o->no_history)
		diag_bad_input("bench: --history and --no-history exclude each other");
	if (!o->history)
		o->history = "bench-history.db";
	if (!o->label)
		o->label = PACKAGE_VERSION;
	if (o->label[0] == '\0')
		diag_bad_input("bench: --label: the label is empty");
	if (o->json && o->junit && cli_same_path(o->json, o->junit))
		diag_bad_input("bench: --json and --junit name the same file %s", o->json);
	if (!o->no_history && o->json && cli_same_path(o->json, o->history))
		diag_bad_input("bench: --json and --history name the same file %s", o->json);
	if (!o->no_history && o->junit && cli_same_path(o->junit, o->history))
		diag_bad_input("bench: --junit and --history name the same file %s", o->junit);
}

/* dir/name followed by ext, allocated. */
static char *join(const char *dir, const char *name, const char *ext)
{
	size_t len = strlen(dir) + strlen(name) + strlen(ext) + 2;
	char *path = malloc(len);

	if (!path)
		cli_out_of_memory("bench");
	snprintf(path, len, "%s/%s%s", dir, name, ext);
	return path;
}

/* --keep DIR: a directory or nothing yet, without the runs' files unless forced. */
static void check_keep(const struct bench_options *o)
{
	struct stat st;

	if (stat(o->keep, &st) != 0) {
		if (errno != ENOENT)
			diag_bad_input("bench: --keep: cannot use %s: %s", o->keep, strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode))
		diag_bad_input("bench: --keep: %s is not a directory", o->keep);
	for (unsigned i = 0; i < o->suite->nruns; i++) {
		for (int k = 0; k < 2; k++) {
			char *path = join(o->keep, o->suite->runs[i].scenario, k ? ".log" : ".db");

			cli_check_output("bench", "--keep", path, o->force, NULL);
			free(path);
		}
	}
}

/* The directory the runs write in: --keep DIR (made if need be), or a new temporary one. */
static char *make_workdir(const struct bench_options *o)
{
	const char *tmpdir = getenv("TMPDIR");
	char *dir;

	if (o->keep) {
		if (mkdir(o->keep, 0777) != 0 && errno != EEXIST)
			diag_bad_input("bench: --keep: cannot create %s: %s", o->keep,
				       strerror(errno));
		dir = strdup(o->keep);
		if (!dir)
			cli_out_of_memory("bench");
		return dir;
	}
	if (!tmpdir || !tmpdir[0])
		tmpdir = "/tmp";
	dir = join(tmpdir, "phonesim-bench-XXXXXX", "");
	if (!mkdtemp(dir))
		diag_bad_input("bench: cannot create a directory in %s: %s", tmpdir,
			       strerror(errno));
	return dir;
}

/* Removes the temporary directory and all the runs left in it. */
static void remove_workdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *path;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		path = join(dir, e->d_name, "");
		unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
	if (rmdir(dir) != 0)
		diag_error("bench: cannot remove %s: %s", dir, strerror(errno));
}

struct bench_job {
	char *db, *log;
	char *argv[10];
};

static void make_jobs(const struct bench_options *o, const char *dir, struct bench_job *jobs,
		      struct spawn_job *spawn)
{
	for (unsigned i = 0; i < o->suite->nruns; i++) {
		const struct bench_run_spec *r = &o->suite->runs[i];
		struct bench_job *j = &jobs[i];
		unsigned n = 0;

		j->db = join(dir, r->scenario, ".db");
		j->log = join(dir, r->scenario, ".log");
		j->argv[n++] = "run";
		j->argv[n++] = (char *)r->scenario;
		if (r->duration) {
			j->argv[n++] = "--duration";
			j->argv[n++] = (char *)r->duration;
		}
		j->argv[n++] = "-o";
		j->argv[n++] = j->db;
		j->argv[n++] = "--quiet";
		if (o->force)
			j->argv[n++] = "--force";
		j->argv[n] = NULL;
		spawn[i] = (struct spawn_job){ .argv = j->argv, .log = j->log };
	}
}


/* Runs the suite and reads each run's figures; a run whose figures cannot be read failed. */
static void run_suite(const struct bench_options *o, const char *dir,
		      struct bench_result *res)
{
	unsigned n = o->suite->nruns;
	struct bench_job *jobs = calloc(n, sizeof(*jobs));
	struct spawn_job *spawn = calloc(n, sizeof(*spawn));

	if (!jobs || !spawn)
		cli_out_of_memory("bench");
	make_jobs(o, dir, jobs, spawn);
	if (spawn_all(spawn, n, o->jobs) != 0)
		diag_error("bench: could not start every run");
	for (unsigned i = 0; i < n; i++) {
		res[i].spec = &o->suite->runs[i];
		res[i].status = spawn[i].status;
		res[i].host_seconds = spawn[i].host_seconds;
		if (res[i].status != 0) {
			spawn_last_line(jobs[i].log, res[i].why, sizeof(res[i].why));
			if (!res[i].why[0])
				snprintf(res[i].why, sizeof(res[i].why), "no output");
			diag_error("bench: %s failed (exit status %d): %s", res[i].spec->scenario,
				   res[i].status, res[i].why);
		} else if (bench_read_figures(jobs[i].db, &res[i], res[i].why,
					      sizeof(res[i].why)) != 0) {
			diag_error("bench: %s: %s", res[i].spec->scenario, res[i].why);
			bench_result_free(&res[i]);
			res[i].status = EXIT_RUN_FAILED;
		}
		free(jobs[i].db);
		free(jobs[i].log);
	}
	free(jobs);
	free(spawn);
}

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* Prints the failures, one line each, and the verdict; the exit status. */
static int conclude(const struct bench_options *o, const struct bench_row *rows,
		    unsigned nrows, double seconds)
{
	unsigned count[VERDICT_RUN_FAILED + 1] = { 0 }, failures = 0;
	char why[512];

	for (unsigned i = 0; i < nrows; i++) {
		const struct bench_row *r = &rows[i];

		count[r->verdict]++;
		if (!bench_verdict_fails(r->verdict))
			continue;
		if (!failures++)
			putchar('\n');
		bench_row_message(r, why, sizeof(why));
		printf("%s: %s %s: %s\n", bench_verdict_name(r->verdict), r->run, r->metric, why);
	}
	printf("\nbench: suite %s: %u runs, %u failed", o->suite->name, o->suite->nruns,
	       count[VERDICT_RUN_FAILED]);
	if (o->baseline)
		printf("; against %s: %u figures judged (threshold %g%%), %u regressed, "
		       "%u missing, %u improved", o->baseline,
		       count[VERDICT_OK] + count[VERDICT_IMPROVED] + count[VERDICT_REGRESSION],
		       o->gate.threshold_pct, count[VERDICT_REGRESSION], count[VERDICT_MISSING],
		       count[VERDICT_IMPROVED]);
	else
		printf("; no baseline");
	printf("; %.1f s\n", seconds);
	return failures ? EXIT_RUN_FAILED : EXIT_OK;
}

/* --json and --junit; 0, or -1 having said why. */
static int write_outputs(const struct bench_options *o, const struct bench_output *out)
{
	char err[512];
	int rc = 0;

	if (o->json && bench_write_file(o->json, bench_write_json, out, err, sizeof(err)) != 0) {
		diag_error("bench: --json: %s", err);
		rc = -1;
	}
	if (o->junit &&
	    bench_write_file(o->junit, bench_write_junit, out, err, sizeof(err)) != 0) {
		diag_error("bench: --junit: %s", err);
		rc = -1;
	}
	return rc;
}

static void utc_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cmd_bench(int argc, char **argv)
{
	struct bench_options o = {
		.gate = { .threshold_pct = 2.0, .host_threshold_pct = 20.0 },
		.jobs = 2,
	};
	struct bench_baseline baseline;
	struct bench_output out;
	struct bench_result *res;
	struct bench_row *rows;
	unsigned nrows;
	sqlite3 *history = NULL;
	char err[512], started[32];
	double t0 = now_seconds();
	char *dir;
	int status;

	parse(argc, argv, &o);
	if (o.baseline && bench_baseline_load(o.baseline, o.suite->name, &baseline, err,
					      sizeof(err)) != 0)
		diag_bad_input("bench: --baseline: %s", err);
	if (o.json)
		cli_check_output("bench", "--json", o.json, o.force, o.baseline);
	if (o.junit)
		cli_check_output("bench", "--junit", o.junit, o.force, o.baseline);
	if (o.keep)
		check_keep(&o);
	/* Every refusal before the history is opened: opening creates it. */
	dir = make_workdir(&o);
	if (!o.no_history && !(history = bench_history_open(o.history, err, sizeof(err)))) {
		if (!o.keep)
			remove_workdir(dir);
		diag_bad_input("bench: --history: %s", err);
	}
	res = calloc(o.suite->nruns, sizeof(*res));
	if (!res)
		cli_out_of_memory("bench");
	utc_now(started, sizeof(started));

	printf("bench: suite %s: %u runs, %u at a time (phonesim %s)\n", o.suite->name,
	       o.suite->nruns, o.jobs, PACKAGE_VERSION);
	run_suite(&o, dir, res);
	if (!o.keep)
		remove_workdir(dir);
	free(dir);

	if (bench_compare(res, o.suite->nruns, o.baseline ? &baseline : NULL, &o.gate, &rows,
			  &nrows) != 0) {
		diag_error("bench: out of memory");
		return EXIT_RUN_FAILED;
	}
	putchar('\n');
	bench_print_table(stdout, rows, nrows);
	status = conclude(&o, rows, nrows, now_seconds() - t0);

	out = (struct bench_output){
		.suite = o.suite->name, .results = res, .nresults = o.suite->nruns,
		.rows = rows, .nrows = nrows, .gate = &o.gate, .host_seconds = now_seconds() - t0,
	};
	if (write_outputs(&o, &out) != 0)
		status = EXIT_RUN_FAILED;
	if (history) {
		struct bench_history_entry e = { started, o.label, o.suite->name };

		if (bench_history_append(history, &e, res, o.suite->nruns, err, sizeof(err)) != 0) {
			diag_error("bench: --history: %s", err);
			status = EXIT_RUN_FAILED;
		}
		sqlite3_close(history);
	}
	free(rows);
	for (unsigned i = 0; i < o.suite->nruns; i++)
		bench_result_free(&res[i]);
	free(res);
	if (o.baseline)
		bench_baseline_free(&baseline);
	return status;
}
