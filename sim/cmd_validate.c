/*
 * cmd_validate.c - `phonesim validate SCENARIO.yaml`: checks a scenario
 * file as `phonesim run SCENARIO.yaml` would (cmd_run.c's run_validate:
 * the same loading, the same machine, the same checks), without running
 * it or writing anything.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"

static const char usage[] =
	"Usage: phonesim validate SCENARIO.yaml\n"
	"\n"
	"Checks a scenario file (docs/scenarios.md) as 'phonesim run SCENARIO.yaml'\n"
	"would before its first instruction: the YAML, every key and value, and\n"
	"the run it describes against the machine it describes (memory layout,\n"
	"cores, images, device parameters). Runs nothing and writes nothing.\n"
	"\n"
	"Prints 'SCENARIO.yaml: ok: ' and what the scenario runs, exit status 0;\n"
	"or one line on stderr, 'FILE:LINE:COLUMN: FIELD.PATH: what is wrong',\n"
	"exit status 2.\n"
	"\n"
	"Options:\n"
	"  --help     show this help\n";

int cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (opt != 'h')
			cli_bad_option("validate", opt, argv);
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (optind == argc)
		diag_bad_input("validate: no scenario file given (try 'phonesim validate --help')");
	if (optind + 1 < argc)
		diag_bad_input("validate: unexpected argument '%s' (one scenario at a time)",
			       argv[optind + 1]);
	return run_validate(argv[optind]);
}
