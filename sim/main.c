/*
 * main.c - phonesim's entry point: global options and subcommand dispatch.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "machine.h"
#include "diag.h"

static const char usage[] =
	"Usage: phonesim COMMAND [OPTIONS]\n"
	"\n"
	"A cycle-level simulator of an AArch64 phone SoC with a hypervisor at EL2.\n"
	"\n"
	"Commands:\n"
	"  bench     the regression gate: a fixed suite of runs, judged against a\n"
	"            baseline (phonesim bench --help)\n"
	"  roi       what consolidating a scenario's VMs onto one SoC is worth, from\n"
	"            native and virtualized runs (phonesim roi --help)\n"
	"  run       run a scenario or a program on the simulated SoC; alone, the\n"
	"            built-in scenario phone-default (phonesim run --help)\n"
	"  scenarios list the built-in scenarios, or print one (phonesim scenarios --help)\n"
	"  sweep     run a scenario over the cross product of parameter values, in\n"
	"            parallel, with one summary table (phonesim sweep --help)\n"
	"  trace     query or export a run's trace database (phonesim trace --help)\n"
	"  report    charts and an HTML page of a run's trace database (phonesim report --help)\n"
	"  validate  check a scenario file without running it (phonesim validate --help)\n"
	"\n"
	"Options:\n"
	"  --help     show this help\n"
	"  --version  show the version\n"
	"\n"
	"Exit status: the guest's exit code for a run that finished; 1 when a run\n"
	"failed; 2 for bad input or usage.\n";

uint64_t cli_number(const char *cmd, const char *opt, const char *text,
		    uint64_t min, uint64_t max)
{
	char *end;
	uintmax_t v;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		diag_bad_input("%s: %s: '%s' is not a number", cmd, opt, text);
	v = strtoumax(text, &end, 10);
	if (*end)
		diag_bad_input("%s: %s: '%s' is not a number", cmd, opt, text);
	if (errno == ERANGE || v < min || v > max)
		diag_bad_input("%s: %s: %s is out of range [%" PRIu64 ", %" PRIu64 "]",
			       cmd, opt, text, min, max);
	return v;
}

int64_t cli_time(const char *cmd, const char *opt, const char *text)
{
	static const struct { const char *suffix; uint64_t ns; } units[] = {
		{ "", 1 }, { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
	};
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (text[0] >= '0' && text[0] <= '9' && errno == 0)
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strcmp(end, units[i].suffix) && v <= INT64_MAX / units[i].ns)
				return (int64_t)(v * units[i].ns);
	diag_bad_input("%s: %s: '%s' is not a time (ns, or a number with us, ms or s)",
		       cmd, opt, text);
}

/*
 * path with its directory resolved (symbolic links, ".", ".."), whether or
 * not the file itself exists yet; malloc'd, NULL when the directory cannot
 * be resolved.
 */
static char *canonical(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
	char *real = dir ? realpath(dir, NULL) : NULL, *out = NULL;
	const char *base = slash ? slash + 1 : path;
	size_t len = real ? strlen(real) + strlen(base) + 2 : 0;

	if (real && (out = malloc(len)))
		snprintf(out, len, "%s/%s", real, base);
	free(dir);
	free(real);
	return out;
}

_Noreturn void cli_out_of_memory(const char *cmd)
{
	diag_error("%s: out of memory", cmd);
	exit(EXIT_RUN_FAILED);
}

bool cli_same_path(const char *a, const char *b)
{
	char *ca = canonical(a), *cb = canonical(b);
	bool same = ca && cb ? !strcmp(ca, cb) : !strcmp(a, b);

	free(ca);
	free(cb);
	return same;
}

uint64_t cli_duration(const char *cmd, const char *text)
{
	uint64_t ns = (uint64_t)cli_time(cmd, "--duration", text);

	if (ns < MACHINE_DURATION_MIN_NS || ns > MACHINE_DURATION_MAX_NS)
		diag_bad_input("%s: --duration: %s is out of range [1ms, 4000s]", cmd, text);
	return ns;
}

void cli_check_output(const char *cmd, const char *opt, const char *path, bool force,
		      const char *input)
{
	struct stat out, in;

	if (!path[0])
		diag_bad_input("%s: %s: the file name is empty", cmd, opt);
	if (lstat(path, &out) != 0) {
		if (errno != ENOENT)
			diag_bad_input("%s: %s: cannot use %s: %s", cmd, opt, path, strerror(errno));
		return;
	}
	if (!force)
		diag_bad_input("%s: %s exists (use --force to overwrite it)", cmd, path);
	if (!S_ISREG(out.st_mode))
		diag_bad_input("%s: %s: %s is not a regular file (--force replaces files only)",
			       cmd, opt, path);
	if (input && stat(input, &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
		diag_bad_input("%s: %s: %s is the input", cmd, opt, path);
}

void cli_remove_output(const char *cmd, const char *path)
{
	if (unlink(path) != 0 && errno != ENOENT)
		diag_bad_input("%s: cannot remove %s: %s", cmd, path, strerror(errno));
}

_Noreturn void cli_bad_option(const char *cmd, int opt, char **argv)
{
	if (opt == ':')
		diag_bad_input("%s: option '%s' needs a value", cmd, argv[optind - 1]);
	/* optopt: an unknown short option's letter; 0 for an unknown long
	 * option; a long option's code when it took a value it does not
	 * accept (--stats=1). */
	if (optopt > 0 && optopt < 256)
		diag_bad_input("%s: unknown option '-%c' (try 'phonesim %s --help')", cmd, optopt,
			       cmd);
	if (optopt >= 256)
		diag_bad_input("%s: option '%s' takes no value", cmd, argv[optind - 1]);
	diag_bad_input("%s: unknown option '%s' (try 'phonesim %s --help')", cmd,
		       argv[optind - 1], cmd);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		diag_bad_input("no command (try 'phonesim --help')");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("phonesim %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(argv[1], "roi"))
		return cmd_roi(argc - 1, argv + 1);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "scenarios"))
		return cmd_scenarios(argc - 1, argv + 1);
	if (!strcmp(argv[1], "sweep"))
		return cmd_sweep(argc - 1, argv + 1);
	if (!strcmp(argv[1], "trace"))
		return cmd_trace(argc - 1, argv + 1);
	if (!strcmp(argv[1], "report"))
		return cmd_report(argc - 1, argv + 1);
	if (!strcmp(argv[1], "validate"))
		return cmd_validate(argc - 1, argv + 1);
	diag_bad_input("unknown command '%s' (try 'phonesim --help')", argv[1]);
}
