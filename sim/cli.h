/*
 * cli.h - the phonesim command line: one function per subcommand.
 *
 * Each returns the process exit status: 0 ok, 1 the run failed, 2 bad input
 * or usage (diag.h). Option parsing helpers shared by the subcommands live in
 * main.c.
 */
#ifndef PHONESIM_CLI_H
#define PHONESIM_CLI_H

#include <stdint.h>

int cmd_run(int argc, char **argv);
int cmd_trace(int argc, char **argv);

/* Parses a whole unsigned number for option opt in [min, max], or exits 2. */
uint64_t cli_number(const char *cmd, const char *opt, const char *text,
		    uint64_t min, uint64_t max);

/*
 * Reports what getopt_long (optstring starting with ':', opterr = 0)
 * refused as opt: a missing value, an unknown option, or a value given to
 * an option that takes none. Exits 2.
 */
_Noreturn void cli_bad_option(const char *cmd, int opt, char **argv);

#endif
