/*
 * output_file.h - an output file written whole or not at all: the text goes
 * to a temporary file beside it, which is renamed into place once complete;
 * on failure nothing is left. What bench, roi and sweep write their
 * results with, so that a reader never sees half a file.
 *
 * Not here: whether the file may be replaced (cli_check_output, --force).
 */
#ifndef PHONESIM_SIM_OUTPUT_FILE_H
#define PHONESIM_SIM_OUTPUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct output_file {
	FILE *f;                /* write here */
	char *tmp;              /* its temporary name */
	const char *path;
};

/* Opens a temporary file beside path (a new file's usual mode); 0, or -1 with err. */
int output_open(struct output_file *o, const char *path, char *err, size_t len);

/*
 * Closes it: renamed to path when ok and every write succeeded, else
 * removed (ok false: the caller failed, and says why). 0, or -1 with err
 * when ok but the file could not be written (nothing at path changed).
 */
int output_close(struct output_file *o, bool ok, char *err, size_t len);

#endif
