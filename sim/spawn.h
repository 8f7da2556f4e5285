/*
 * spawn.h - runs of phonesim as child processes of phonesim: what `bench`,
 * `sweep` and `roi` use to run scenarios, one process per run, several at
 * once. A run in its own process cannot disturb another (the simulator
 * keeps its machine in static storage and a guest may take its process
 * down), and each writes its own trace database, which the parent reads.
 *
 * Not here: which runs to make, or what to read from their databases.
 */
#ifndef PHONESIM_SIM_SPAWN_H
#define PHONESIM_SIM_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

struct spawn_job {
	/* in */
	char **argv;            /* phonesim's arguments ("run", ...), NULL-terminated */
	const char *log;        /* the child's stdout and stderr go here; NULL: /dev/null */
	/* out */
	int status;             /* its exit status; 128 + N when killed by signal N */
	double host_seconds;    /* wall-clock time it took */
};

/*
 * Runs every job with this very phonesim binary, at most parallel at a
 * time, and waits for all. Returns 0, or -1 when a process could not be
 * started (that job's status is then 1; the others still run).
 */
int spawn_all(struct spawn_job *jobs, unsigned n, unsigned parallel);

/* The last line a job wrote to its log that is not blank (its refusal, its fault), or "". */
void spawn_last_line(const char *log, char *line, size_t len);

#endif
