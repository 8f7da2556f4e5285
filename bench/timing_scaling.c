/*
 * timing_scaling.c - how the simulator's cost grows with the number of
 * simulated cores, and its peak memory: bench/timing-scale.elf on the
 * "phone" preset with 1, 2, 4 and 8 cores (cores 0-3 are Cortex-A55
 * class, 4-7 Cortex-A78 class), each core running the same loop for the
 * same number of iterations, with the full timing model and functionally.
 *
 * Core 0 starts as `phonesim run` starts it and starts the others with
 * PSCI CPU_ON (bench/timing-scale.S). Every run
 * is a child process of its own, so that its peak resident set size
 * (getrusage) is that run's alone; runs are interleaved and each figure is
 * the best of three, as the host is shared and its timings noisy.
 *
 * Usage: timing_scaling BENCH_DIR [ITERATIONS_PER_CORE]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "elf.h"
#include "machine.h"
#include "platform.h"

#define PARAMS          0x40f00000ull   /* PARAMS in bench/timing-scale.S */
#define REPEATS         5

static const unsigned core_counts[] = { 1, 2, 4, 8 };
#define NCOUNTS (sizeof(core_counts) / sizeof(core_counts[0]))

struct sample {
	double seconds;
	uint64_t insns;
	long maxrss_kib;
	int ok;
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	mem_write(ctx, pa, src, len);
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

/* In the child: one run, as `phonesim run --soc phone --cores n` builds it. */
static struct sample run_child(const char *path, unsigned n, enum timing_mode mode,
			       uint64_t iterations)
{
	struct machine_config cfg = {
		.ncores = n, .ram_size = PLAT_RAM_SIZE_DEFAULT, .start_el = 2, .quantum_ns = 1000,
		.counter_hz = PLAT_COUNTER_HZ_DEFAULT, .console = stdout, .soc = "phone",
		.timing = mode, .cmdline = path,
	};
	struct elf_ram ram = { PLAT_RAM_BASE, cfg.ram_size };
	struct machine *m = calloc(1, sizeof(*m));
	struct sample s = { 0 };
	struct elf_image img;
	char err[256];
	const char *error;
	uint64_t params[2] = { iterations, n };
	double t;

	if (!m || elf_read(path, &ram, 1, &img, err, sizeof(err)) != 0 ||
	    machine_init(m, &cfg, &error) != 0)
		return s;
	elf_load(&img, ram_write, ram_zero, &m->mem);
	mem_write(&m->mem, PARAMS, params, sizeof(params));
	core_reset(&m->core[0], 2, img.entry);
	elf_free(&img);
	t = now();
	s.ok = machine_run(m) == 0;
	s.seconds = now() - t;
	s.insns = machine_instructions(m);
	machine_destroy(m);
	free(m);
	return s;
}

/* Forks a child for one run; its peak RSS comes from wait4. */
static struct sample run(const char *path, unsigned n, enum timing_mode mode, uint64_t iterations)
{
	struct sample s = { 0 };
	struct rusage ru;
	int fd[2], status;
	pid_t pid;

	fflush(stdout);
	if (pipe(fd) != 0 || (pid = fork()) < 0) {
		perror("timing_scaling");
		exit(1);
	}
	if (pid == 0) {
		close(fd[0]);
		s = run_child(path, n, mode, iterations);
		if (write(fd[1], &s, sizeof(s)) != sizeof(s))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], &s, sizeof(s)) != sizeof(s))
		s.ok = 0;
	close(fd[0]);
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		s.ok = 0;
	s.maxrss_kib = ru.ru_maxrss;
	return s;
}

int main(int argc, char **argv)
{
	struct sample best[2][NCOUNTS] = { { { 0 } } };
	uint64_t iterations = argc > 2 ? strtoull(argv[2], NULL, 0) : 1000000;
	char path[4096];

	if (argc < 2 || argc > 3 || !iterations) {
		fprintf(stderr, "usage: timing_scaling BENCH_DIR [ITERATIONS_PER_CORE]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/timing-scale.elf", argv[1]);
	for (int rep = 0; rep < REPEATS; rep++)
		for (unsigned i = 0; i < NCOUNTS; i++)
			for (int mode = 0; mode < 2; mode++) {
				struct sample s = run(path, core_counts[i],
						      mode ? TIMING_FUNCTIONAL : TIMING_DETAILED,
						      iterations);
				struct sample *b = &best[mode][i];

				if (!s.ok) {
					fprintf(stderr, "timing_scaling: the %u-core run failed\n",
						core_counts[i]);
					return 1;
				}
				if (!b->ok || s.seconds < b->seconds)
					*b = s;
				if (s.maxrss_kib > b->maxrss_kib)
					b->maxrss_kib = s.maxrss_kib;
			}
	printf("timing_scaling: phone preset, %" PRIu64 " iterations (12 instructions) per core, "
	       "best of %d\n\n", iterations, REPEATS);
	printf("| cores | timing | instructions | host s | MIPS (all cores) | MIPS per core "
	       "| host ns / instruction | vs 1 core | peak RSS MiB |\n");
	printf("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (int mode = 0; mode < 2; mode++)
		for (unsigned i = 0; i < NCOUNTS; i++) {
			const struct sample *s = &best[mode][i];
			double ns = s->seconds * 1e9 / (double)s->insns;
			double ns1 = best[mode][0].seconds * 1e9 / (double)best[mode][0].insns;

			printf("| %u | %s | %" PRIu64 " | %.2f | %.1f | %.1f | %.1f | %.2f | %.0f |\n",
			       core_counts[i], mode ? "functional" : "detailed", s->insns, s->seconds,
			       s->insns / s->seconds / 1e6, s->insns / s->seconds / 1e6 / core_counts[i],
			       ns, ns / ns1, s->maxrss_kib / 1024.0);
		}
	printf("\ntiming_scaling: detailed timing, 1 core: %.1f MIPS (target >= 25); "
	       "8 cores: peak RSS %.0f MiB (target <= 512)\n",
	       best[0][0].insns / best[0][0].seconds / 1e6, best[0][NCOUNTS - 1].maxrss_kib / 1024.0);
	return 0;
}
