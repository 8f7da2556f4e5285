/*
 * spawn.c - phonesim running phonesim (see spawn.h): fork and exec of
 * /proc/self/exe, so the children are the same build as the parent
 * whatever PATH says, and a pool of at most `parallel` of them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* In the child: output to the job's log, then phonesim itself. Never returns. */
static _Noreturn void exec_job(const struct spawn_job *j)
{
	int fd = open(j->log ? j->log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0666);
	unsigned n = 0;
	char **argv;

	if (fd < 0)
		_exit(127);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	while (j->argv[n])
		n++;
	argv = calloc(n + 2, sizeof(*argv));
	if (!argv)
		_exit(127);
	argv[0] = "phonesim";
	memcpy(argv + 1, j->argv, n * sizeof(*argv));
	execv("/proc/self/exe", argv);
	_exit(127);
}

void spawn_last_line(const char *log, char *line, size_t len)
{
	FILE *f = fopen(log, "r");
	char *text = NULL;
	size_t size = 0;

	line[0] = '\0';
	while (f && getline(&text, &size, f) > 0) {
		text[strcspn(text, "\r\n")] = '\0';
		if (text[strspn(text, " \t")])
			snprintf(line, len, "%s", text);
	}
	free(text);
	if (f)
		fclose(f);
}

int spawn_all(struct spawn_job *jobs, unsigned n, unsigned parallel)
{
	pid_t *pid = calloc(n ? n : 1, sizeof(*pid));
	double *start = calloc(n ? n : 1, sizeof(*start));
	unsigned next = 0, running = 0;
	int rc = 0;

	if (!pid || !start) {
		free(pid);
		free(start);
		return -1;
	}
	if (!parallel)
		parallel = 1;
	while (next < n || running) {
		int status;
		pid_t done;

		if (next < n && running < parallel) {
			struct spawn_job *j = &jobs[next];

			fflush(NULL);
			start[next] = now_seconds();
			pid[next] = fork();
			if (pid[next] == 0)
				exec_job(j);
			if (pid[next] < 0) {
				j->status = 1;
				rc = -1;
			} else {
				running++;
			}
			next++;
			continue;
		}
		done = waitpid(-1, &status, 0);
		if (done < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (unsigned i = 0; i < next; i++) {
			if (pid[i] != done)
				continue;
			jobs[i].host_seconds = now_seconds() - start[i];
			jobs[i].status = WIFEXITED(status) ? WEXITSTATUS(status)
							   : 128 + WTERMSIG(status);
			pid[i] = 0;
			running--;
		}
	}
	free(pid);
	free(start);
	return rc;
}
