/*
 * cmd_trace.c - `phonesim trace RUN.db QUERY`: read a run's trace database.
 *
 * Checks that the file is a phonesim trace of this schema version before
 * anything else (bad input otherwise, exit 2), then prints a summary or a
 * listing (traces/query.h) or writes the Perfetto export
 * (traces/perfetto.h). The database is opened read-only.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "ec.h"
#include "perfetto.h"
#include "query.h"
#include "schema.h"

static const char usage[] =
	"Usage: phonesim trace RUN.db QUERY [FILTERS] [--csv | --json]\n"
	"       phonesim trace RUN.db export --format=perfetto -o FILE.json [--force]\n"
	"\n"
	"Reads a trace database written by 'phonesim run -o RUN.db'; its tables are\n"
	"documented in docs/trace-schema.md for direct SQL.\n"
	"\n"
	"Queries:\n"
	"  summary     the run, its cores, and traps by class with the cycles they\n"
	"              cost at the EL they were taken to\n"
	"  vms         the run summary 'phonesim run' prints: per VM, CPU time,\n"
	"              hypervisor overhead, energy, deadlines; traps by VM and class\n"
	"  traps       every exception taken: class, ELs, syndrome, entry and return\n"
	"  switches    every vCPU switch of the hypervisor\n"
	"  irqs        every interrupt: raised, delivered, acknowledged, completed\n"
	"  deadlines   every real-time deadline: release, due, done, missed\n"
	"  export      write the trace for ui.perfetto.dev (Chrome trace-event JSON)\n"
	"\n"
	"Filters (a filter a query has no column for is an error):\n"
	"  --vm N       only VM N\n"
	"  --core N     only core N\n"
	"  --class C    only exception class C: an EC name (SVC64, HVC64, DABT_LOW, ...),\n"
	"               IRQ, FIQ, or an EC number (22, 0x16)\n"
	"  --from T     only events at or after simulated time T\n"
	"  --to T       only events before simulated time T\n"
	"               T is simulated time in nanoseconds; a suffix us, ms or s scales\n"
	"               it (--from 15us); times are never cycles, which differ by core\n"
	"\n"
	"Output: aligned columns, or --csv (a header line, then one line a row), or\n"
	"--json. Export: --format=perfetto, -o FILE.json, --force to overwrite FILE.json.\n";

struct trace_options {
	const char *db, *query, *format, *out;
	int force;
	enum table_format table;
	struct trace_filter filter;
};

static void parse_class(struct trace_filter *f, const char *text)
{
	char *end;
	unsigned long v;

	f->has_class = true;
	errno = 0;
	v = strtoul(text, &end, 0);
	if (text[0] >= '0' && text[0] <= '9' && !*end && errno == 0) {
		if (v > 63)
			diag_bad_input("trace: --class: EC %s is out of range [0, 63]", text);
		f->class_is_ec = true;
		f->ec = (int64_t)v;
		return;
	}
	if (!ec_known_class(text))
		diag_bad_input("trace: --class: '%s' is not an exception class (an EC name such "
			       "as SVC64, HVC64 or DABT_LOW, IRQ, FIQ, or an EC number)", text);
	f->class_name = text;
}

static void parse(int argc, char **argv, struct trace_options *o)
{
	enum { OPT_VM = 256, OPT_CORE, OPT_CLASS, OPT_FROM, OPT_TO, OPT_CSV, OPT_JSON,
	       OPT_FORMAT, OPT_FORCE, OPT_HELP };
	static const struct option longopts[] = {
		{ "vm", required_argument, NULL, OPT_VM },
		{ "core", required_argument, NULL, OPT_CORE },
		{ "class", required_argument, NULL, OPT_CLASS },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	struct trace_filter *f = &o->filter;
	int opt, formats = 0;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_VM:
			f->has_vm = true;
			f->vm = (int64_t)cli_number("trace", "--vm", optarg, 0, INT64_MAX);
			break;
		case OPT_CORE:
			f->has_core = true;
			f->core = (int64_t)cli_number("trace", "--core", optarg, 0, INT64_MAX);
			break;
		case OPT_CLASS:
			parse_class(f, optarg);
			break;
		case OPT_FROM:
			f->has_from = true;
			f->from_ns = cli_time("trace", "--from", optarg);
			break;
		case OPT_TO:
			f->has_to = true;
			f->to_ns = cli_time("trace", "--to", optarg);
			break;
		case OPT_CSV:
		case OPT_JSON:
			formats++;
			o->table = opt == OPT_CSV ? TABLE_CSV : TABLE_JSON;
			break;
		case OPT_FORMAT:
			o->format = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case OPT_FORCE:
			o->force = 1;
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			exit(EXIT_OK);
		default:
			cli_bad_option("trace", opt, argv);
		}
	}
	if (optind + 2 != argc)
		diag_bad_input("trace: expected RUN.db and a query (try 'phonesim trace --help')");
	o->db = argv[optind];
	o->query = argv[optind + 1];
	if (formats > 1)
		diag_bad_input("trace: --csv and --json exclude each other");
}

/* The export takes only its own options; the queries never take them. */
static void check_options(const struct trace_options *o)
{
	const struct trace_filter *f = &o->filter;
	bool export = !strcmp(o->query, "export");

	if (!export && !query_known(o->query))
		diag_bad_input("trace: unknown query '%s' (try 'phonesim trace --help')", o->query);
	if (!export && (o->format || o->out || o->force))
		diag_bad_input("trace: --format, -o and --force are for export");
	if (!export)
		return;
	if (f->has_vm || f->has_core || f->has_class || f->has_from || f->has_to ||
	    o->table != TABLE_TEXT)
		diag_bad_input("trace: export takes no filters and no --csv or --json");
	if (!o->format || strcmp(o->format, "perfetto") != 0)
		diag_bad_input("trace: export needs --format=perfetto (the only format)");
	if (!o->out)
		diag_bad_input("trace: export needs -o FILE.json");
}

/* Creates path for the export: never over an existing file unless forced. */
static FILE *create_output(const struct trace_options *o)
{
	FILE *f;

	cli_check_output("trace", "-o", o->out, o->force, o->db);
	cli_remove_output("trace", o->out);
	f = fopen(o->out, "wx");
	if (!f && errno == EEXIST)
		diag_bad_input("trace: %s exists (use --force to overwrite it)", o->out);
	if (!f)
		diag_bad_input("trace: cannot create %s: %s", o->out, strerror(errno));
	return f;
}

static int export(sqlite3 *db, const struct trace_options *o)
{
	FILE *f = create_output(o);
	char err[256];
	int rc = perfetto_export(db, f, err, sizeof(err));

	if (fclose(f) != 0 && rc == 0) {
		snprintf(err, sizeof(err), "cannot write %s: %s", o->out, strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		unlink(o->out);
		diag_error("trace: %s", err);
		return EXIT_RUN_FAILED;
	}
	return EXIT_OK;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_options o = { .table = TABLE_TEXT };
	char err[512];
	sqlite3 *db;
	int rc = EXIT_OK;

	parse(argc, argv, &o);
	check_options(&o);
	db = trace_db_open(o.db, err, sizeof(err));
	if (!db)
		diag_bad_input("trace: %s", err);
	if (!strcmp(o.query, "export")) {
		rc = export(db, &o);
	} else {
		switch (query_print(db, o.query, &o.filter, o.table, stdout, err, sizeof(err))) {
		case QUERY_OK:
			break;
		case QUERY_BAD_INPUT:
			sqlite3_close(db);
			diag_bad_input("trace: %s: %s", o.query, err);
		case QUERY_FAILED:
			diag_error("trace: %s", err);
			rc = EXIT_RUN_FAILED;
			break;
		}
	}
	sqlite3_close(db);
	return rc;
}
