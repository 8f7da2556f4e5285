/*
 * cmd_validate.c - `phonesim validate SCENARIO.yaml [RUN OPTIONS]`: checks
 * a scenario file, and the options given with it, as `phonesim run
 * SCENARIO.yaml [RUN OPTIONS]` would (cmd_run.c's run_validate: the same
 * loading, the same machine, the same checks), without running it or
 * writing anything. `phonesim sweep` checks each of its runs so.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"

static const char usage[] =
	"Usage: phonesim validate SCENARIO.yaml [RUN OPTIONS]\n"
	"\n"
	"Checks a scenario file (docs/scenarios.md) as 'phonesim run SCENARIO.yaml'\n"
	"would before its first instruction: the YAML, every key and value, and\n"
	"the run it describes against the machine it describes (memory layout,\n"
	"cores, images, device parameters). Runs nothing and writes nothing.\n"
	"'phonesim run' options after the file (--set, --cores, --timing, ...; see\n"
	"'phonesim run --help') are checked with it, as that run would take them.\n"
	"\n"
	"Prints 'SCENARIO.yaml: ok: ' and what the scenario runs, exit status 0;\n"
	"or one line on stderr, 'FILE:LINE:COLUMN: FIELD.PATH: what is wrong',\n"
	"exit status 2.\n"
	"\n"
	"Options:\n"
	"  --help     show this help\n";

int cmd_validate(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	if (argc == 1 || argv[1][0] == '-')
		diag_bad_input("validate: no scenario file given first (try 'phonesim validate "
			       "--help')");
	return run_validate(argc, argv);
}
