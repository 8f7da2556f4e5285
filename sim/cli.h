/*
 * cli.h - the phonesim command line: one function per subcommand.
 *
 * Each returns the process exit status: 0 ok, 1 the run failed, 2 bad input
 * or usage (diag.h). Option parsing helpers shared by the subcommands live in
 * main.c.
 */
#ifndef PHONESIM_CLI_H
#define PHONESIM_CLI_H

#include <stdbool.h>
#include <stdint.h>

int cmd_run(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_report(int argc, char **argv);

struct report_run;

/*
 * Whether dir holds an earlier report that force lets a new one replace;
 * false when there is nothing at dir. Anything else is refused (exit 2).
 */
bool report_check_output(const char *dir, bool force);

/*
 * The report of runs (traces/report.h) at dir, built beside it and renamed
 * into place; with force an earlier report there is replaced, anything
 * else refused (exit 2). EXIT_OK, or EXIT_RUN_FAILED with the reason on
 * stderr. cmd_report.c; roi draws its runs with it too.
 */
int report_make(const struct report_run *runs, int nruns, const char *dir, bool force);
int cmd_validate(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);
int cmd_roi(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/*
 * Everything `run SCENARIO [OPTIONS]` does but run (cmd_run.c), argv[1]
 * being the scenario: prints "FILE: ok: ...", or exits 2.
 */
int run_validate(int argc, char **argv);

/* Parses a whole unsigned number for option opt in [min, max], or exits 2. */
uint64_t cli_number(const char *cmd, const char *opt, const char *text,
		    uint64_t min, uint64_t max);

/* A simulated time for option opt: whole ns, or with a suffix us, ms or s; or exits 2. */
int64_t cli_time(const char *cmd, const char *opt, const char *text);

/* Says "CMD: out of memory" and exits 1: the command failed, the input was fine. */
_Noreturn void cli_out_of_memory(const char *cmd);

/*
 * Whether two paths name one file, existing or about to be made: their
 * directories resolved (links, ".", ".."), then compared.
 */
bool cli_same_path(const char *a, const char *b);

/* A run length for --duration (machine.h's range), or exits 2. */
uint64_t cli_duration(const char *cmd, const char *text);

/*
 * Reports what getopt_long (optstring starting with ':', opterr = 0)
 * refused as opt: a missing value, an unknown option, or a value given to
 * an option that takes none. Exits 2.
 */
_Noreturn void cli_bad_option(const char *cmd, int opt, char **argv);

/*
 * Checks that the command may create its output file at path (opt names
 * the option, for the message): nothing there, or, with force, a regular
 * file that is not the command's input (NULL: none). Anything else (an
 * existing file without force, a device node, a directory, the input
 * itself) is refused with one line, exit 2. The caller creates the file,
 * removing the old one with cli_remove_output first when forced.
 */
void cli_check_output(const char *cmd, const char *opt, const char *path, bool force,
		      const char *input);
void cli_remove_output(const char *cmd, const char *path);

#endif
