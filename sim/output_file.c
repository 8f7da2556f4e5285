/*
 * output_file.c - output files written whole or not at all (see
 * output_file.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output_file.h"

int output_open(struct output_file *o, const char *path, char *err, size_t len)
{
	size_t n = strlen(path);
	mode_t mask;
	int fd;

	*o = (struct output_file){ .path = path, .tmp = malloc(n + sizeof(".XXXXXX")) };
	if (!o->tmp) {
		snprintf(err, len, "cannot write %s: out of memory", path);
		return -1;
	}
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkstemp(o->tmp);
	/* mkstemp's 0600 is for secrets: the output gets a new file's usual mode. */
	mask = umask(0);
	umask(mask);
	if (fd < 0 || fchmod(fd, 0666 & ~mask) != 0 || !(o->f = fdopen(fd, "w"))) {
		snprintf(err, len, "cannot create %s: %s", o->tmp, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	return 0;
}

int output_close(struct output_file *o, bool ok, char *err, size_t len)
{
	bool written = !ferror(o->f);
	int rc = 0;

	written &= fclose(o->f) == 0;
	if (ok && (!written || rename(o->tmp, o->path) != 0)) {
		snprintf(err, len, "cannot write %s: %s", o->path,
			 written ? strerror(errno) : "a write failed");
		rc = -1;
	}
	if (!ok || rc)
		unlink(o->tmp);
	free(o->tmp);
	*o = (struct output_file){ 0 };
	return rc;
}
