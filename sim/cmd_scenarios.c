/*
 * cmd_scenarios.c - `phonesim scenarios`: the built-in scenarios
 * (scenario_builtin.h), listed, or one of them printed as the YAML it is,
 * to read or to copy and edit.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "scenario.h"
#include "scenario_builtin.h"

static const char usage[] =
	"Usage: phonesim scenarios [NAME]\n"
	"\n"
	"Lists the scenarios built into phonesim, or prints scenario NAME as its\n"
	"YAML (docs/scenarios.md). Run one with 'phonesim run NAME'; 'phonesim run'\n"
	"alone runs phone-default. A built-in scenario's image paths are relative\n"
	"to the directory of the phonesim binary, where make builds the images: to\n"
	"edit one, save it there (or make its paths absolute) and run the file.\n"
	"\n"
	"Options:\n"
	"  --help  show this help\n";

int cmd_scenarios(int argc, char **argv)
{
	const struct scenario_builtin *b;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (argc > 1 && argv[1][0] == '-')
		diag_bad_input("scenarios: unknown option '%s' (try 'phonesim scenarios --help')",
			       argv[1]);
	if (argc > 2)
		diag_bad_input("scenarios: one NAME at most (try 'phonesim scenarios --help')");
	if (argc == 1) {
		for (b = scenario_builtins; b->name; b++)
			printf("%-24s %s\n", b->name, b->description);
		return EXIT_OK;
	}
	b = scenario_builtin_find(argv[1]);
	if (!b)
		diag_bad_input("scenarios: no built-in scenario '%s' ('phonesim scenarios' lists "
			       "them)", argv[1]);
	fputs(b->yaml, stdout);
	return EXIT_OK;
}
