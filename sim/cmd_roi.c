/*
 * cmd_roi.c - `phonesim roi SCENARIO|NAME`: what consolidating a
 * scenario's VMs onto one SoC under the hypervisor is worth (docs/roi.md).
 *
 * Makes the runs, each a phonesim process of its own (spawn.h) recording
 * into its own database in the output directory: the scenario itself,
 * virtualized, and each VM's image alone at EL1 with the device tree on
 * the same SoC (its native counterpart, as workloads/configs.sh's *-native
 * configurations). Then reads them (traces/roi_model.c) and writes the
 * result: a table or JSON on stdout, DIR/roi.json and DIR/roi.html
 * (traces/roi_report.c).
 *
 * Not here: the model, or how it is printed.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "machine.h"
#include "output_file.h"
#include "roi_model.h"
#include "report.h"
#include "roi_report.h"
#include "scenario.h"
#include "schema.h"
#include "spawn.h"

static const char usage[] =
	"Usage: phonesim roi SCENARIO.yaml|NAME [OPTIONS]\n"
	"\n"
	"The return on consolidating a scenario's VMs onto one SoC under the\n"
	"hypervisor, against each VM's software on a processor of its own (a\n"
	"separate baseband processor, a second handset). Runs the scenario\n"
	"(virtualized) and each VM's image alone at EL1 on the same SoC (native),\n"
	"each into its own trace database in DIR, then combines what they measured\n"
	"(performance, CPU time, the hypervisor's overhead, deadlines, power) with\n"
	"the scenario's roi: section (units, parts saved and hypervisor cost per\n"
	"unit, NRE, battery): saving per unit and in total, break-even volume,\n"
	"battery life, and a verdict. NAME is a built-in scenario ('phonesim\n"
	"scenarios'); docs/roi.md has the model and the roi: keys.\n"
	"\n"
	"Writes a table on stdout, DIR/roi.json, and DIR/roi.html (the tables and a\n"
	"chart: net saving against units shipped, native against virtualized), which\n"
	"links the report of the virtualized run (DIR/report/) and, per VM, its\n"
	"native and virtualized runs side by side (DIR/compare-VM/: 'phonesim report\n"
	"--compare').\n"
	"\n"
	"Options:\n"
	"  --duration T   how long the workloads run (1ms to 4000s; ns, us, ms or s);\n"
	"                 default: the scenario's run.duration\n"
	"  -o DIR         the output directory (default: NAME-roi, NAME the scenario's\n"
	"                 name or file name without .yaml); it must not exist\n"
	"  --force        use DIR even if it exists, replacing its runs and results\n"
	"  -j N           at most N runs at once (default: the number of CPUs)\n"
	"  --json         print the result as JSON (roi.json's text) instead\n"
	"  --help         show this help\n"
	"\n"
	"Exit status: 0 done; 1 a run failed (its log is named) or the result\n"
	"could not be written; 2 bad input (no roi: section, an existing DIR).\n";

/* The output directory's name, at most: its files' names fit in PATH_MAX. */
#define DIR_MAX (PATH_MAX / 2)

struct roi_options {
	const char *scenario;
	const char *dir;
	uint64_t duration_ns;           /* 0: the scenario's */
	unsigned parallel;
	bool force, json;
};

static void parse(int argc, char **argv, struct roi_options *o)
{
	enum { OPT_DURATION = 256, OPT_FORCE, OPT_JSON, OPT_HELP };
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int opt;

	*o = (struct roi_options){ .parallel = cpus > 0 ? (unsigned)cpus : 1 };
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:j:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			o->dir = optarg;
			break;
		case 'j':
			o->parallel = (unsigned)cli_number("roi", "-j", optarg, 1, 64);
			break;
		case OPT_DURATION:
			o->duration_ns = cli_duration("roi", optarg);
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			exit(EXIT_OK);
		default:
			cli_bad_option("roi", opt, argv);
		}
	}
	if (optind == argc)
		diag_bad_input("roi: no scenario (try 'phonesim roi --help')");
	if (optind + 1 < argc)
		diag_bad_input("roi: '%s': one scenario at a time", argv[optind + 1]);
	o->scenario = argv[optind];
}

/* The scenario's name for the default directory: "phone-default", "s" for dir/s.yaml. */
static const char *default_dir(const struct scenario *s)
{
	static char dir[PATH_MAX];
	const char *base = strrchr(s->file, '/') ? strrchr(s->file, '/') + 1 : s->file;
	size_t len = strlen(base);

	if (!s->builtin && len > 5 && !strcmp(base + len - 5, ".yaml"))
		len -= 5;
	else if (!s->builtin && len > 4 && !strcmp(base + len - 4, ".yml"))
		len -= 4;
	snprintf(dir, sizeof(dir), "%.*s-roi", (int)len, base);
	return dir;
}

/* The output directory: new, or an existing one with --force. */
static void make_dir(const struct roi_options *o)
{
	struct stat st;

	if (!o->dir[0] || strlen(o->dir) > DIR_MAX)
		diag_bad_input("roi: -o: the directory name is %s", o->dir[0] ? "too long" : "empty");
	if (lstat(o->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			diag_bad_input("roi: -o: %s exists and is not a directory", o->dir);
		if (!o->force)
			diag_bad_input("roi: %s exists (use --force to replace its runs and results)",
				       o->dir);
		return;
	}
	if (mkdir(o->dir, 0777) != 0)
		diag_bad_input("roi: -o: cannot create %s: %s", o->dir, strerror(errno));
}

/* ---------------------------------------------------------------- runs */

/* One run's arguments, kept for the life of the command. */
struct argv_builder {
	unsigned n;
	char *arg[96];
};

static void add(struct argv_builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct argv_builder *b, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0 && (s = malloc((size_t)n + 1))) {
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (!s || b->n + 1 >= sizeof(b->arg) / sizeof(b->arg[0])) {
		diag_error("roi: out of memory");
		exit(EXIT_RUN_FAILED);
	}
	b->arg[b->n++] = s;
	b->arg[b->n] = NULL;
}

/*
 * What every run shares: its database, with the counters sampled often
 * enough to measure power over a window (roi_model.h); quiet; the
 * duration; --force.
 */
static void add_outputs(struct argv_builder *b, const struct roi_options *o, uint64_t duration_ns,
			const char *db)
{
	add(b, "-o");
	add(b, "%s", db);
	add(b, "--trace-level=full");
	add(b, "--counter-period-us=%d", ROI_COUNTER_PERIOD_US);
	add(b, "--quiet");
	if (duration_ns)
		add(b, "--duration=%" PRIu64, duration_ns);
	if (o->force)
		add(b, "--force");
}

/* The scenario as it is. */
static void virtualized_args(struct argv_builder *b, const struct roi_options *o, const char *db)
{
	add(b, "run");
	add(b, "%s", o->scenario);
	add_outputs(b, o, o->duration_ns, db);
}

/* The VM's image alone at EL1 on the same SoC, devices and limits, a core per vCPU. */
static void native_args(struct argv_builder *b, const struct roi_options *o,
			const struct scenario *s, const struct hyp_vm_spec *vm, const char *db)
{
	add(b, "run");
	add(b, "--bare=%s", vm->image);
	add(b, "--el=1");
	if (vm->dtb)
		add(b, "--dtb");
	if (s->soc)
		add(b, "--soc=%s", s->soc);
	add(b, "--cores=%u", vm->vcpus);
	if (s->ram_mib)
		add(b, "--ram-mib=%" PRIu64, s->ram_mib);
	if (s->functional == 1)
		add(b, "--timing=functional");
	if (s->fast_forward_given)
		add(b, "--fast-forward=%" PRIu64, s->fast_forward);
	if (s->max_ns_given)
		add(b, "--max-ns=%" PRIu64, s->max_ns);
	if (s->max_insns_given)
		add(b, "--max-insns=%" PRIu64, s->max_insns);
	for (unsigned i = 0; i < s->nparams; i++)
		add(b, "--set=%s", s->params[i]);
	add_outputs(b, o, o->duration_ns ? o->duration_ns : s->duration_ns, db);
}

/* Makes the runs; exits 1 naming each that failed. */
static void run_all(const struct roi_options *o, const struct scenario *s, struct roi_result *r)
{
	static struct argv_builder args[HYP_MAX_VMS + 1];
	static char logs[HYP_MAX_VMS + 1][PATH_MAX];
	struct spawn_job jobs[HYP_MAX_VMS + 1] = { 0 };
	unsigned n = r->nvms + 1;
	bool failed = false;

	snprintf(r->virtualized.label, sizeof(r->virtualized.label), "virtualized");
	snprintf(r->virtualized.db, sizeof(r->virtualized.db), "%.*s/virtualized.db", DIR_MAX, o->dir);
	snprintf(logs[0], sizeof(logs[0]), "%.*s/virtualized.log", DIR_MAX, o->dir);
	virtualized_args(&args[0], o, r->virtualized.db);
	for (unsigned i = 0; i < r->nvms; i++) {
		struct roi_run *run = &r->native[i];

		snprintf(run->label, sizeof(run->label), "native %s", r->vm[i].name);
		snprintf(run->db, sizeof(run->db), "%.*s/native-%s.db", DIR_MAX, o->dir, r->vm[i].name);
		snprintf(logs[i + 1], sizeof(logs[i + 1]), "%.*s/native-%s.log", DIR_MAX, o->dir,
			 r->vm[i].name);
		native_args(&args[i + 1], o, s, &s->plan.vm[i], run->db);
	}
	for (unsigned i = 0; i < n; i++)
		jobs[i] = (struct spawn_job){ .argv = args[i].arg, .log = logs[i] };
	spawn_all(jobs, n, o->parallel);
	for (unsigned i = 0; i < n; i++) {
		char line[512];

		if (jobs[i].status == 0)
			continue;
		spawn_last_line(logs[i], line, sizeof(line));
		diag_error("roi: the %s run failed (exit status %d%s%s); its log: %s",
			   i ? r->native[i - 1].label : "virtualized", jobs[i].status,
			   line[0] ? ": " : "", line, logs[i]);
		failed = true;
	}
	if (failed)
		exit(EXIT_RUN_FAILED);
}

/* ------------------------------------------------------------- results */

/* Writes DIR/name whole or not at all. */
static int write_result(const struct roi_options *o, const struct roi_result *r, const char *name,
			bool html, char *err, size_t len)
{
	char path[PATH_MAX];
	struct output_file out;
	int rc = 0;

	snprintf(path, sizeof(path), "%.*s/%s", DIR_MAX, o->dir, name);
	if (output_open(&out, path, err, len) != 0)
		return -1;
	if (html)
		rc = roi_print_html(r, o->dir, out.f, err, len);
	else
		roi_print_json(r, out.f);
	return output_close(&out, rc == 0, err, len) != 0 ? -1 : rc;
}

/*
 * The runs in detail, linked from roi.html: DIR/report, the virtualized
 * run's report, and DIR/compare-VM, each VM's native run against it.
 */
static void report_dir(const struct roi_options *o, const char *vm, char *dir, size_t len)
{
	if (vm)
		snprintf(dir, len, "%.*s/compare-%s", DIR_MAX, o->dir, vm);
	else
		snprintf(dir, len, "%.*s/report", DIR_MAX, o->dir);
}

/* Before any run: each report directory new, or (--force) an earlier report. */
static void check_reports(const struct roi_options *o, const struct scenario *s)
{
	char dir[PATH_MAX];

	report_dir(o, NULL, dir, sizeof(dir));
	report_check_output(dir, o->force);
	for (unsigned i = 0; i < s->plan.nvms; i++) {
		report_dir(o, s->plan.vm[i].name, dir, sizeof(dir));
		report_check_output(dir, o->force);
	}
}

/* The report of run a (against run b, given one); report_make says why it failed. */
static int write_report(const struct roi_options *o, const char *vm, const struct roi_run *a,
			const struct roi_run *b)
{
	struct report_run runs[REPORT_MAX_RUNS] = { { a->label, NULL }, { b ? b->label : NULL, NULL } };
	int n = b ? 2 : 1, rc = EXIT_OK;
	char dir[PATH_MAX], err[PATH_MAX + 256];

	report_dir(o, vm, dir, sizeof(dir));
	for (int i = 0; i < n && rc == EXIT_OK; i++)
		if (!(runs[i].db = trace_db_open(i ? b->db : a->db, err, sizeof(err)))) {
			diag_error("roi: %s", err);
			rc = EXIT_RUN_FAILED;
		}
	if (rc == EXIT_OK)
		rc = report_make(runs, n, dir, o->force);
	for (int i = 0; i < n; i++)
		sqlite3_close(runs[i].db);
	return rc;
}

static int write_reports(const struct roi_options *o, const struct roi_result *r)
{
	int rc = write_report(o, NULL, &r->virtualized, NULL);

	for (unsigned i = 0; i < r->nvms && rc == EXIT_OK; i++)
		rc = write_report(o, r->vm[i].name, &r->native[i], &r->virtualized);
	return rc;
}

int cmd_roi(int argc, char **argv)
{
	static struct scenario s;
	static struct roi_result r;
	struct roi_options o;
	char err[PATH_MAX + 512];

	parse(argc, argv, &o);
	switch (scenario_open(&s, o.scenario, err, sizeof(err))) {
	case -2:
		diag_bad_input("roi: '%s' is neither a scenario file nor a built-in scenario "
			       "('phonesim scenarios' lists them)", o.scenario);
	case -1:
		diag_bad_file("%s", err);
	}
	if (!s.hyp)
		diag_bad_input("roi: %s is a bare-metal run: roi compares a hypervisor's VMs with "
			       "their native runs", s.file);
	if (!s.roi.given)
		diag_bad_input("roi: %s has no roi: section: add roi: with units, bom_saved_usd, "
			       "hypervisor_cost_usd, nre_usd and battery_mwh (docs/roi.md)", s.file);
	if (!o.dir)
		o.dir = default_dir(&s);
	make_dir(&o);
	check_reports(&o, &s);

	r = (struct roi_result){ .scenario = s.file, .params = s.roi, .nvms = s.plan.nvms,
				 .duration_ns = o.duration_ns ? o.duration_ns : s.duration_ns };
	for (unsigned i = 0; i < r.nvms; i++)
		snprintf(r.vm[i].name, sizeof(r.vm[i].name), "%s", s.plan.vm[i].name);
	run_all(&o, &s, &r);
	if (roi_compute(&r, err, sizeof(err)) != 0) {
		diag_error("roi: %s", err);
		return EXIT_RUN_FAILED;
	}
	/* roi.json last: present, it goes with the reports and the page beside it. */
	if (write_reports(&o, &r) != EXIT_OK)
		return EXIT_RUN_FAILED;
	if (write_result(&o, &r, "roi.html", true, err, sizeof(err)) != 0 ||
	    write_result(&o, &r, "roi.json", false, err, sizeof(err)) != 0) {
		diag_error("roi: %s", err);
		return EXIT_RUN_FAILED;
	}
	if (o.json)
		roi_print_json(&r, stdout);
	else
		roi_print_text(&r, stdout);
	scenario_free(&s);
	return EXIT_OK;
}
