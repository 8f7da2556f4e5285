/*
 * cmd_sweep.c - `phonesim sweep SCENARIO --set KEY=V1,V2 ...`: a scenario
 * run once for every combination of the values given (sweep_plan.h), each
 * run its own `phonesim run` process (spawn.h) with its own trace in DIR,
 * several at once; then one table of their figures (sweep_summary.h).
 *
 * Every run is checked as `phonesim validate` checks it before any runs,
 * so that bad input stops the sweep before it has made anything. DIR
 * holds plan.tsv (each run's axis values and its command line, for making
 * the same runs elsewhere: `--print-commands`, docs/sweep.md), the runs'
 * traces and logs, and summary.csv; `--merge DIR` reads the summary back
 * from a DIR whose runs were made elsewhere.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "spawn.h"
#include "output_file.h"
#include "sweep_plan.h"
#include "sweep_summary.h"

static const char usage[] =
	"Usage: phonesim sweep SCENARIO.yaml|NAME --set KEY=V1,V2,... [--set ...] [OPTIONS]\n"
	"       phonesim sweep --merge DIR [--json|--csv]\n"
	"\n"
	"Runs the scenario (a file, or a built-in scenario's NAME) once for every\n"
	"combination of the values given: the cross product of the --set axes, at\n"
	"most 1000 runs. Each run is a 'phonesim run' process of its own recording\n"
	"DIR/run-NNN.db (its output in DIR/run-NNN.log), several at once; every run\n"
	"is checked first as 'phonesim validate' checks it, and bad input runs\n"
	"nothing. DIR/plan.tsv lists each run's values and its exact command line.\n"
	"At the end, one table: per run, the values, exit status, outcome, simulated\n"
	"ms, instructions, per VM CPU ms and the hypervisor's overhead (as 'phonesim\n"
	"trace RUN.db vms'), modem deadlines missed, display frames dropped and host\n"
	"seconds; on stdout and in DIR/summary.csv. docs/sweep.md: the same sweep\n"
	"on a cluster.\n"
	"\n"
	"KEY: a device parameter, DEVICE.KEY as 'phonesim run --set' takes it\n"
	"(modem.seed, modem.payload_bytes, display.refresh_hz, ...), or soc.cores,\n"
	"soc.preset, timing, duration, hypervisor.timeslice_us (the run options\n"
	"--cores, --soc, --timing, --duration, --hyp-timeslice-us). Values are\n"
	"comma-separated; START..END[:STEP] stands for whole numbers from START to\n"
	"END (modem.seed=1..8, hypervisor.timeslice_us=250..2000:250).\n"
	"\n"
	"Options:\n"
	"  --set KEY=V1,V2,...  an axis of the sweep (repeatable; the last one given\n"
	"                   varies fastest)\n"
	"  -j N             runs at once (default 2)\n"
	"  -o DIR           where the runs go (default NAME-sweep, NAME the\n"
	"                   scenario's); refused if it exists, unless --force\n"
	"  --force          use an existing DIR, replacing its plan, runs and summary\n"
	"  --duration T     every run's --duration (a number with ns, us, ms or s)\n"
	"  --json           the table as JSON on stdout (DIR/summary.csv is CSV)\n"
	"  --csv            the table as CSV on stdout\n"
	"  --print-commands write DIR/plan.tsv and print each run's command line, one\n"
	"                   a line, run N on line N; run nothing\n"
	"  --merge DIR      print the table of DIR (its plan.tsv and run-NNN.db),\n"
	"                   whose runs were made elsewhere; write nothing\n"
	"  --help           show this help\n"
	"\n"
	"Exit status: 0 when every run finished with exit status 0; 1 when one did\n"
	"not (the table marks it); 2 for bad input.\n";

struct sweep_options {
	struct sweep_plan plan;
	unsigned parallel;
	int force;
	int print_commands;
	enum table_format fmt;
	const char *merge;
};

/* DIR without trailing slashes ("/" stays). */
static char *dir_name(const char *dir)
{
	char *d = strdup(dir);
	size_t n = d ? strlen(d) : 0;

	if (!d)
		cli_out_of_memory("sweep");
	while (n > 1 && d[n - 1] == '/')
		d[--n] = 0;
	return d;
}

/* NAME-sweep: the scenario's file name without directory and .yaml, or its built-in name. */
static char *default_dir(const char *scenario)
{
	const char *base = strrchr(scenario, '/') ? strrchr(scenario, '/') + 1 : scenario;
	size_t n = strlen(base);
	char *d;

	if (n > 5 && !strcmp(base + n - 5, ".yaml"))
		n -= 5;
	else if (n > 4 && !strcmp(base + n - 4, ".yml"))
		n -= 4;
	d = malloc(n + sizeof("-sweep"));
	if (!d)
		cli_out_of_memory("sweep");
	sprintf(d, "%.*s-sweep", (int)n, base);
	return d;
}

static void parse(int argc, char **argv, struct sweep_options *o)
{
	enum { OPT_SET = 256, OPT_FORCE, OPT_DURATION, OPT_JSON, OPT_CSV, OPT_PRINT, OPT_MERGE,
	       OPT_HELP };
	static const struct option longopts[] = {
		{ "set", required_argument, NULL, OPT_SET },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "print-commands", no_argument, NULL, OPT_PRINT },
		{ "merge", required_argument, NULL, OPT_MERGE },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	const char *dir = NULL, *making = NULL;
	char err[512];
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":j:o:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_SET:
			if (sweep_plan_add_axis(&o->plan, optarg, err, sizeof(err)) < 0)
				diag_bad_input("sweep: %s", err);
			making = "--set";
			break;
		case 'j':
			o->parallel = (unsigned)cli_number("sweep", "-j", optarg, 1, 256);
			making = "-j";
			break;
		case 'o':
			dir = optarg;
			making = "-o";
			break;
		case OPT_FORCE:
			o->force = 1;
			making = "--force";
			break;
		case OPT_DURATION:
			cli_duration("sweep", optarg);
			o->plan.duration = optarg;
			making = "--duration";
			break;
		case OPT_JSON:
		case OPT_CSV:
			if (o->fmt != TABLE_TEXT)
				diag_bad_input("sweep: --json and --csv exclude each other");
			o->fmt = opt == OPT_JSON ? TABLE_JSON : TABLE_CSV;
			break;
		case OPT_PRINT:
			o->print_commands = 1;
			making = "--print-commands";
			break;
		case OPT_MERGE:
			o->merge = optarg;
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			exit(EXIT_OK);
		default:
			cli_bad_option("sweep", opt, argv);
		}
	}
	if (o->merge) {
		if (making)
			diag_bad_input("sweep: --merge reads a sweep made already: %s does not apply",
				       making);
		if (optind < argc)
			diag_bad_input("sweep: --merge: unexpected argument '%s'", argv[optind]);
		if (!o->merge[0])
			diag_bad_input("sweep: --merge: the directory name is empty");
		return;
	}
	if (optind == argc)
		diag_bad_input("sweep: no scenario given (try 'phonesim sweep --help')");
	if (optind + 1 < argc)
		diag_bad_input("sweep: unexpected argument '%s' (one scenario)", argv[optind + 1]);
	o->plan.scenario = argv[optind];
	if (!o->plan.naxes)
		diag_bad_input("sweep: no --set KEY=V1,V2,... given: nothing to sweep");
	for (unsigned a = 0; a < o->plan.naxes; a++)
		if (o->plan.duration && o->plan.axis[a].option &&
		    !strcmp(o->plan.axis[a].option, "--duration"))
			diag_bad_input("sweep: --duration and --set %s=... both set the duration",
				       o->plan.axis[a].key);
	if (dir && !dir[0])
		diag_bad_input("sweep: -o: the directory name is empty");
	o->plan.dir = dir ? dir_name(dir) : default_dir(o->plan.scenario);
}

/* dir/name, allocated. */
static char *path_in(const char *dir, const char *name)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);

	if (!path)
		cli_out_of_memory("sweep");
	sprintf(path, "%s/%s", dir, name);
	return path;
}

/* Drops prefix from the start of s if it is there; whether it was. */
static bool drop_prefix(char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n))
		return false;
	memmove(s, s + n, strlen(s + n) + 1);
	return true;
}

/*
 * The first line of a refusal in a child's log, without "phonesim: run: ";
 * false when it is a FILE:LINE:COLUMN line (no "phonesim: ").
 */
static bool refusal(const char *log, char *buf, size_t len)
{
	FILE *f = fopen(log, "r");
	bool ours;

	buf[0] = 0;
	if (f && fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = 0;
	if (f)
		fclose(f);
	ours = drop_prefix(buf, "phonesim: ");
	if (!drop_prefix(buf, "run: "))
		drop_prefix(buf, "validate: ");
	if (!buf[0])
		snprintf(buf, len, "no reason given");
	return ours;
}

/* "modem.seed=1, timing=functional": run run's values, for messages. */
static void describe_run(const struct sweep_plan *p, unsigned run, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (unsigned a = 0; a < p->naxes && used < len; a++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s=%s", a ? ", " : "",
					 p->axis[a].key, sweep_plan_value(p, run, a));
}

/*
 * `phonesim validate` on the scenario, then on each run's options; exits 2
 * with the first refusal (the scenario's FILE:LINE:COLUMN line as it is).
 * Their output goes to logs in a directory of their own, removed after.
 */
static void validate(const struct sweep_options *o)
{
	const struct sweep_plan *p = &o->plan;
	const char *tmp = getenv("TMPDIR");
	char *tmpdir = path_in(tmp && tmp[0] ? tmp : "/tmp", "phonesim-sweep-XXXXXX");
	char line[1024], what[512], name[16];
	struct spawn_job *jobs = calloc(p->nruns + 1, sizeof(*jobs));
	char **logs = calloc(p->nruns + 1, sizeof(*logs));
	char *scenario_argv[] = { "validate", (char *)p->scenario, NULL };
	unsigned bad = p->nruns + 1, n;
	bool ours = true;

	if (!jobs || !logs)
		cli_out_of_memory("sweep");
	if (!mkdtemp(tmpdir)) {
		diag_error("sweep: cannot make %s for the checks: %s", tmpdir, strerror(errno));
		exit(EXIT_RUN_FAILED);
	}
	for (n = 0; n <= p->nruns; n++) {
		snprintf(name, sizeof(name), "%u.log", n);
		logs[n] = path_in(tmpdir, name);
		jobs[n].log = logs[n];
		jobs[n].argv = n ? sweep_plan_argv(p, n - 1, true) : scenario_argv;
		if (!jobs[n].argv)
			cli_out_of_memory("sweep");
	}
	/* The scenario alone first: its faults are every run's, and said best alone. */
	spawn_all(jobs, 1, 1);
	if (jobs[0].status == 0)
		spawn_all(jobs + 1, p->nruns, o->parallel);
	for (n = 0; n <= p->nruns && bad > p->nruns; n++)
		if (jobs[n].status)
			bad = n;
	if (bad <= p->nruns)
		ours = refusal(logs[bad], line, sizeof(line));
	for (n = 0; n <= p->nruns; n++) {
		unlink(logs[n]);
		free(logs[n]);
		if (n)
			sweep_argv_free(jobs[n].argv);
	}
	rmdir(tmpdir);
	free(tmpdir);
	free(logs);
	if (bad > p->nruns) {
		free(jobs);
		return;
	}
	if (jobs[bad].status != EXIT_BAD_INPUT) {
		diag_error("sweep: checking %s: exit status %d: %s", p->scenario,
			   jobs[bad].status, line);
		exit(EXIT_RUN_FAILED);
	}
	if (!ours)
		diag_bad_file("%s", line);      /* FILE:LINE:COLUMN: ... */
	if (bad == 0)
		diag_bad_input("sweep: %s", line);
	describe_run(p, bad - 1, what, sizeof(what));
	diag_bad_input("sweep: run %u (%s): %s", bad, what, line);
}

/* What a sweep writes in DIR: its plan, summary, and the runs' files. */
static bool sweep_file(const char *name)
{
	static const char *const suffixes[] = { ".db", ".db-wal", ".db-shm", ".db-journal",
						".log" };
	size_t n = strlen(name);

	if (!strcmp(name, "plan.tsv") || !strcmp(name, "summary.csv"))
		return true;
	if (strncmp(name, "run-", 4))
		return false;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t k = strlen(suffixes[i]);

		if (n > 4 + k && !strcmp(name + n - k, suffixes[i]) &&
		    strspn(name + 4, "0123456789") == n - 4 - k)
			return true;
	}
	return false;
}

/* DIR may be used: absent, or with --force a directory. */
static void check_dir(const struct sweep_options *o)
{
	struct stat st;

	if (lstat(o->plan.dir, &st) != 0) {
		if (errno != ENOENT)
			diag_bad_input("sweep: -o: cannot use %s: %s", o->plan.dir, strerror(errno));
		return;
	}
	if (!o->force)
		diag_bad_input("sweep: %s exists (use --force to replace the sweep in it)",
			       o->plan.dir);
	if (!S_ISDIR(st.st_mode))
		diag_bad_input("sweep: -o: %s is not a directory", o->plan.dir);
}

/* DIR made, or (--force) emptied of an earlier sweep's files; other files stay. */
static void make_dir(const char *dir)
{
	struct dirent *e;
	DIR *d;

	if (mkdir(dir, 0777) == 0)
		return;
	if (errno != EEXIST)
		diag_bad_input("sweep: cannot create %s: %s", dir, strerror(errno));
	d = opendir(dir);
	if (!d)
		diag_bad_input("sweep: cannot read %s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		char path[4096];

		if (!sweep_file(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) != 0)
			diag_bad_input("sweep: cannot remove %s: %s", path, strerror(errno));
	}
	closedir(d);
}

/* DIR/plan.tsv: run, the axes' values, db, command; whole or not at all. */
static void write_plan(const struct sweep_plan *p)
{
	char *path = path_in(p->dir, "plan.tsv"), db[32], err[PATH_MAX + 64];
	struct output_file out;
	FILE *f;

	if (output_open(&out, path, err, sizeof(err)) != 0)
		diag_bad_input("sweep: %s", err);
	f = out.f;
	fputs("run", f);
	for (unsigned a = 0; a < p->naxes; a++)
		fprintf(f, "\t%s", p->axis[a].key);
	fputs("\tdb\tcommand\n", f);
	for (unsigned run = 0; run < p->nruns; run++) {
		char **argv = sweep_plan_argv(p, run, false);

		if (!argv)
			cli_out_of_memory("sweep");
		fprintf(f, "%u", run + 1);
		for (unsigned a = 0; a < p->naxes; a++)
			fprintf(f, "\t%s", sweep_plan_value(p, run, a));
		sweep_plan_file(p, run, "db", db, sizeof(db));
		fprintf(f, "\t%s\t", db);
		sweep_print_command(f, argv);
		sweep_argv_free(argv);
	}
	if (output_close(&out, true, err, sizeof(err)) != 0)
		diag_bad_input("sweep: %s", err);
	free(path);
}

static int print_commands(const struct sweep_plan *p)
{
	for (unsigned run = 0; run < p->nruns; run++) {
		char **argv = sweep_plan_argv(p, run, false);

		if (!argv)
			cli_out_of_memory("sweep");
		sweep_print_command(stdout, argv);
		sweep_argv_free(argv);
	}
	return EXIT_OK;
}

/* The exit status for the summary's result, the failures said on stderr. */
static int summary_status(enum sweep_result r, const char *dir)
{
	if (r == SWEEP_ALL_OK)
		return EXIT_OK;
	diag_error("sweep: not every run finished with status 0: the table's status and outcome "
		   "say which, %s/run-NNN.log why", dir);
	return EXIT_RUN_FAILED;
}

/* Every run, -j at a time; then the table. */
static int run_all(const struct sweep_options *o)
{
	const struct sweep_plan *p = &o->plan;
	struct spawn_job *jobs = calloc(p->nruns, sizeof(*jobs));
	char err[1024], log[32];
	char *csv = path_in(p->dir, "summary.csv");
	enum sweep_result r;

	if (!jobs)
		cli_out_of_memory("sweep");
	for (unsigned run = 0; run < p->nruns; run++) {
		sweep_plan_file(p, run, "log", log, sizeof(log));
		jobs[run].log = path_in(p->dir, log);
		jobs[run].argv = sweep_plan_argv(p, run, false);
		if (!jobs[run].argv)
			cli_out_of_memory("sweep");
	}
	if (spawn_all(jobs, p->nruns, o->parallel) != 0)
		diag_error("sweep: some runs could not be started (counted as failed)");
	r = sweep_summary(p->dir, jobs, p->nruns, o->fmt, stdout, csv, err, sizeof(err));
	for (unsigned run = 0; run < p->nruns; run++) {
		sweep_argv_free(jobs[run].argv);
		free((char *)jobs[run].log);
	}
	free(jobs);
	free(csv);
	if (r == SWEEP_BAD_PLAN || r == SWEEP_ERROR) {
		diag_error("sweep: %s", err);
		return EXIT_RUN_FAILED;
	}
	return summary_status(r, p->dir);
}

static int merge(const struct sweep_options *o)
{
	char err[1024];
	char *dir = dir_name(o->merge);
	enum sweep_result r = sweep_summary(dir, NULL, 0, o->fmt, stdout, NULL, err, sizeof(err));
	int rc;

	if (r == SWEEP_BAD_PLAN)
		diag_bad_input("sweep: --merge: %s", err);
	if (r == SWEEP_ERROR)
		diag_error("sweep: --merge: %s", err);
	rc = r == SWEEP_ERROR ? EXIT_RUN_FAILED : summary_status(r, dir);
	free(dir);
	return rc;
}

int cmd_sweep(int argc, char **argv)
{
	static struct sweep_options o = { .parallel = 2 };
	int rc;

	parse(argc, argv, &o);
	if (o.merge)
		return merge(&o);
	check_dir(&o);
	validate(&o);
	make_dir(o.plan.dir);
	write_plan(&o.plan);
	rc = o.print_commands ? print_commands(&o.plan) : run_all(&o);
	sweep_plan_free(&o.plan);
	free((char *)o.plan.dir);
	return rc;
}
