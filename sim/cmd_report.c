/*
 * cmd_report.c - `phonesim report RUN.db` and `phonesim report --compare
 * A.db B.db`: the command line of the charts-and-HTML report.
 *
 * Checks the databases (traces/schema.h) and the output directory, then
 * builds the report (traces/report.h) in a temporary sibling directory and
 * renames it into place: a report that fails leaves nothing at DIR.
 * --force replaces only a directory that holds an earlier report's files,
 * never anything else.
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
#include "report.h"
#include "schema.h"

static const char usage[] =
	"Usage: phonesim report RUN.db [-o DIR] [--force]\n"
	"       phonesim report --compare A.db B.db [-o DIR] [--force]\n"
	"\n"
	"Draws a run's trace database ('phonesim run -o RUN.db') as charts: the\n"
	"overhead by trap class, trap latency, who ran on each core, the modem's\n"
	"deadline slack, the display's frame times, energy per VM, and cache, TLB\n"
	"and branch misses per VM. DIR gets index.html, one page with the charts\n"
	"inlined that opens anywhere (attached to a mail too), and per chart\n"
	"NAME.svg, NAME.png, its data NAME.csv and NAME.gp, the gnuplot script that\n"
	"draws it. gnuplot must be on PATH. docs/report.md says what each chart is.\n"
	"\n"
	"Options:\n"
	"  -o DIR      the report's directory (default: RUN-report, or A-vs-B-report,\n"
	"              in the current directory)\n"
	"  --compare   two runs side by side, A.db and B.db, with their headline\n"
	"              numbers compared\n"
	"  --force     replace DIR when it holds an earlier report\n"
	"  --help      show this help\n"
	"\n"
	"Exit status: 0 written; 1 gnuplot or SQLite failed; 2 bad input.\n";

struct report_options {
	const char *db[REPORT_MAX_RUNS];
	int nruns;
	const char *out;
	int force, compare;
};

static void parse(int argc, char **argv, struct report_options *o)
{
	enum { OPT_COMPARE = 256, OPT_FORCE, OPT_HELP };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "compare", no_argument, NULL, OPT_COMPARE },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			o->out = optarg;
			break;
		case OPT_COMPARE:
			o->compare = 1;
			break;
		case OPT_FORCE:
			o->force = 1;
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			exit(EXIT_OK);
		default:
			cli_bad_option("report", opt, argv);
		}
	}
	o->nruns = o->compare ? 2 : 1;
	if (argc - optind != o->nruns)
		diag_bad_input(o->compare ? "report: --compare expects two databases, A.db and B.db "
			       "(try 'phonesim report --help')" :
			       "report: expected one database, RUN.db (try 'phonesim report --help')");
	for (int r = 0; r < o->nruns; r++)
		o->db[r] = argv[optind + r];
	if (o->out && !o->out[0])
		diag_bad_input("report: -o: the directory name is empty");
}

/* A database's file name without its directory and without ".db". */
static void stem(char *out, size_t len, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 3 && !strcmp(base + n - 3, ".db"))
		n -= 3;
	snprintf(out, len, "%.*s", (int)n, base);
}

static const char *base_name(const char *path)
{
	const char *base = strrchr(path, '/');

	return base && base[1] ? base + 1 : path;
}

/* The files a report is made of: what --force may delete. */
static bool report_file(const char *name)
{
	static const char *const ends[] = { ".svg", ".png", ".csv", ".gp" };
	size_t n = strlen(name);

	if (!strcmp(name, "index.html"))
		return true;
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (n > strlen(ends[i]) && !strcmp(name + n - strlen(ends[i]), ends[i]))
			return true;
	return false;
}

/*
 * Checks that dir holds only a report's regular files (remove: and removes
 * them, and dir). 0, or -1 with the first file that is not a report's.
 */
static int report_dir(const char *dir, bool remove, char *bad, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	struct stat st;
	int rc = 0;

	if (!d) {
		snprintf(bad, len, "%s", strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!report_file(e->d_name) || lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			snprintf(bad, len, "it holds %s", e->d_name);
			rc = -1;
		} else if (remove && unlink(path) != 0) {
			snprintf(bad, len, "cannot remove %s: %s", e->d_name, strerror(errno));
			rc = -1;
		}
	}
	closedir(d);
	if (rc == 0 && remove && rmdir(dir) != 0) {
		snprintf(bad, len, "cannot remove %s: %s", dir, strerror(errno));
		rc = -1;
	}
	return rc;
}

bool report_check_output(const char *dir, bool force)
{
	struct stat st;
	char bad[512];

	if (lstat(dir, &st) != 0) {
		if (errno != ENOENT)
			diag_bad_input("report: cannot use %s: %s", dir, strerror(errno));
		return false;
	}
	if (!force)
		diag_bad_input("report: %s exists (use --force to replace it)", dir);
	if (!S_ISDIR(st.st_mode))
		diag_bad_input("report: %s is not a directory (--force replaces only an earlier "
			       "report)", dir);
	if (report_dir(dir, false, bad, sizeof(bad)) != 0)
		diag_bad_input("report: %s is not an earlier report (%s); --force replaces only "
			       "one", dir, bad);
	return true;
}

/* A new directory beside dir, named dir.what-XXXXXX; NULL (errno) if it cannot be made. */
static char *sibling(const char *dir, const char *what)
{
	size_t len = strlen(dir) + strlen(what) + 16;
	char *path = malloc(len);
	mode_t mask;

	if (!path)
		abort();
	snprintf(path, len, "%s.%s-XXXXXX", dir, what);
	if (!mkdtemp(path)) {
		free(path);
		return NULL;
	}
	/* mkdtemp's 0700 is for a directory being built; a report is as any other. */
	mask = umask(0);
	umask(mask);
	chmod(path, 0777 & ~mask);
	return path;
}

/* Puts the finished report at dir, moving an earlier one (old) out of the way first. */
static int install(const char *tmp, const char *dir, bool old)
{
	char *aside = old ? sibling(dir, "old") : NULL;
	char bad[512];
	int rc = EXIT_OK;

	/* rename() of a directory replaces an empty one: aside takes the old report. */
	if (old && !aside) {
		diag_error("report: cannot create a directory beside %s: %s", dir, strerror(errno));
		rc = EXIT_RUN_FAILED;
	} else if (aside && rename(dir, aside) != 0) {
		diag_error("report: cannot move %s aside: %s", dir, strerror(errno));
		rmdir(aside);
		rc = EXIT_RUN_FAILED;
	} else if (rename(tmp, dir) != 0) {
		diag_error("report: cannot rename %s to %s: %s", tmp, dir, strerror(errno));
		if (aside)
			rename(aside, dir);
		rc = EXIT_RUN_FAILED;
	} else if (aside && report_dir(aside, true, bad, sizeof(bad)) != 0) {
		diag_error("report: the earlier report is left in %s: %s", aside, bad);
	}
	free(aside);
	return rc;
}

/* The labels: file names, or the paths when those are the same. */
static void label_runs(const struct report_options *o, struct report_run *runs)
{
	for (int r = 0; r < o->nruns; r++)
		runs[r].label = base_name(o->db[r]);
	if (o->nruns == 2 && !strcmp(runs[0].label, runs[1].label)) {
		runs[0].label = o->db[0];
		runs[1].label = o->db[1];
	}
	if (o->nruns == 2 && cli_same_path(o->db[0], o->db[1]))
		diag_bad_input("report: --compare: A and B are the same file, %s", o->db[0]);
}

int report_make(const struct report_run *runs, int nruns, const char *dir, bool force)
{
	bool old = report_check_output(dir, force);
	char err[1024], *tmp = sibling(dir, "partial");
	int rc;

	if (!tmp)
		diag_bad_input("report: cannot create a directory beside %s: %s", dir,
			       strerror(errno));
	if (report_write(runs, nruns, tmp, err, sizeof(err)) != 0) {
		char bad[512];

		diag_error("report: %s", err);
		if (report_dir(tmp, true, bad, sizeof(bad)) != 0)
			diag_error("report: the partial report is left in %s: %s", tmp, bad);
		rc = EXIT_RUN_FAILED;
	} else {
		rc = install(tmp, dir, old);
		if (rc != EXIT_OK)
			report_dir(tmp, true, err, sizeof(err));
	}
	free(tmp);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct report_options o = { .nruns = 0 };
	struct report_run runs[REPORT_MAX_RUNS];
	char err[1024], name[2][256], dir[1024];
	int rc;

	parse(argc, argv, &o);
	label_runs(&o, runs);
	for (int r = 0; r < o.nruns; r++) {
		runs[r].db = trace_db_open(o.db[r], err, sizeof(err));
		if (!runs[r].db)
			diag_bad_input("report: %s", err);
		stem(name[r], sizeof(name[r]), o.db[r]);
	}
	if (o.out && strlen(o.out) >= sizeof(dir))
		diag_bad_input("report: -o: the directory name is too long");
	if (o.out)
		snprintf(dir, sizeof(dir), "%s", o.out);
	else if (o.compare)
		snprintf(dir, sizeof(dir), "%s-vs-%s-report", name[0], name[1]);
	else
		snprintf(dir, sizeof(dir), "%s-report", name[0]);
	for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = '\0';
	rc = report_make(runs, o.nruns, dir, o.force);
	for (int r = 0; r < o.nruns; r++)
		sqlite3_close(runs[r].db);
	return rc;
}
