/*
 * trace_overhead.c - what recording a trace costs a run, as ratios taken
 * in one go on this machine (never a timed test).
 *
 * Each program runs as `phonesim run` runs it by default (the small SoC,
 * detailed timing) at --trace-level off, summary, events and full,
 * interleaved (off, summary, events, full, off, ...) so that a change in
 * the machine's load hits every level alike; each level keeps its best of
 * REPEATS runs, and the ratios are to off. Three times are taken, from
 * the start of the recording to its last commit:
 *
 *   wall        the run's elapsed time, what a user waits;
 *   sim thread  CPU time of the simulation thread: the recorder's cost to
 *               the run when the writer thread has a host CPU of its own;
 *   all CPU     CPU time of both threads: its cost when it has none.
 *
 * Programs: syscall_mix.elf (a trap every thousand instructions or so, a
 * busy kernel), hvc_roundtrip.elf (a trap every four instructions: the
 * worst case) and loop.elf (no traps: only the counters).
 *
 * Usage: trace_overhead BENCH_DIR (where the .elf files are; the databases
 * go to a temporary directory and are removed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "elf.h"
#include "machine.h"
#include "platform.h"
#include "recorder.h"

#define RAM_SIZE        (64ull << 20)
#define REPEATS         3
#define NLEVELS         4

struct times {
	double wall, sim, all;
};

static double clock_s(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static struct times now(void)
{
	return (struct times){ clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_THREAD_CPUTIME_ID),
			       clock_s(CLOCK_PROCESS_CPUTIME_ID) };
}

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	mem_write(ctx, pa, src, len);
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "trace_overhead: %s: %s\n", what, why);
	exit(1);
}

/* One run of img at level, recorded (unless off) in db; its times. */
static struct times run_once(const struct elf_image *img, enum trace_level level,
			     const char *db)
{
	static struct machine m;
	struct machine_config cfg = {
		.ncores = 1, .ram_size = RAM_SIZE, .start_el = 2, .quantum_ns = 1000,
		.timing = TIMING_DETAILED, .counter_hz = PLAT_COUNTER_HZ_DEFAULT, .console = stdout,
	};
	struct recorder_config rc = {
		.level = level, .counter_period_ns = TRACE_COUNTER_PERIOD_NS_DEFAULT,
		.scenario = "trace_overhead", .image = "bench",
	};
	struct times t0, t1;
	const char *error;
	char err[512];
	int status;

	if (machine_init(&m, &cfg, &error) != 0)
		die("machine", error);
	elf_load(img, ram_write, ram_zero, &m.mem);
	core_reset(&m.core[0], 2, img->entry);
	unlink(db);
	t0 = now();
	if (level != TRACE_OFF && !(m.recorder = recorder_create(db, &rc, &m, err, sizeof(err))))
		die("recorder", err);
	status = machine_run(&m);
	if (m.recorder && recorder_finish(m.recorder, RUN_FINISHED, status, err, sizeof(err)))
		die("recorder", err);
	t1 = now();
	if (status != 0)
		die("run", "the benchmark program failed");
	machine_destroy(&m);
	return (struct times){ t1.wall - t0.wall, t1.sim - t0.sim, t1.all - t0.all };
}

static void keep_best(struct times *best, struct times t)
{
	if (!best->wall || t.wall < best->wall)
		best->wall = t.wall;
	if (!best->sim || t.sim < best->sim)
		best->sim = t.sim;
	if (!best->all || t.all < best->all)
		best->all = t.all;
}

static void bench(const char *dir, const char *name, const char *db)
{
	struct times best[NLEVELS] = { { 0 } };
	struct elf_ram ram = { PLAT_RAM_BASE, RAM_SIZE };
	struct elf_image img;
	char path[4096], err[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (elf_read(path, &ram, 1, &img, err, sizeof(err)) != 0)
		die(path, err);
	for (int i = 0; i < REPEATS; i++)
		for (int level = TRACE_OFF; level <= TRACE_FULL; level++)
			keep_best(&best[level], run_once(&img, (enum trace_level)level, db));
	elf_free(&img);
	printf("trace_overhead: %s, best of %d (ratio to off)\n", name, REPEATS);
	printf("  %-8s %18s %18s %18s\n", "level", "wall", "sim thread", "all CPU");
	for (int level = TRACE_OFF; level <= TRACE_FULL; level++)
		printf("  %-8s %9.3f s x%.3f %9.3f s x%.3f %9.3f s x%.3f\n",
		       trace_level_name((enum trace_level)level),
		       best[level].wall, best[level].wall / best[TRACE_OFF].wall,
		       best[level].sim, best[level].sim / best[TRACE_OFF].sim,
		       best[level].all, best[level].all / best[TRACE_OFF].all);
}

int main(int argc, char **argv)
{
	static const char *const programs[] = {
		"syscall_mix.elf", "hvc_roundtrip.elf", "loop.elf",
	};
	char dir[] = "/tmp/trace_overhead-XXXXXX", db[64];

	if (argc != 2) {
		fprintf(stderr, "usage: trace_overhead BENCH_DIR\n");
		return 2;
	}
	if (!mkdtemp(dir))
		die("mkdtemp", "cannot create a temporary directory");
	snprintf(db, sizeof(db), "%s/run.db", dir);
	for (size_t i = 0; i < sizeof(programs) / sizeof(programs[0]); i++)
		bench(argv[1], programs[i], db);
	unlink(db);
	rmdir(dir);
	return 0;
}
