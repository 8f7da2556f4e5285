/*
 * diag.h - how the simulator reports problems to its user.
 *
 * One line per problem, prefixed with the program name, on stderr. Bad input
 * (a usage error, an unreadable image, a malformed scenario) exits with
 * status 2; a run that fails (a guest that runs away, a simulator error)
 * exits with status 1. Nothing here knows what is being simulated.
 */
#ifndef PHONESIM_DIAG_H
#define PHONESIM_DIAG_H

#include <stdarg.h>

enum {
	EXIT_OK = 0,
	EXIT_RUN_FAILED = 1,
	EXIT_BAD_INPUT = 2,
};

void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void diag_bad_input(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Bad input in a file the user wrote: the line starts FILE:LINE:COLUMN, as compilers' do. */
_Noreturn void diag_bad_file(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
