/*
 * core_speed.c - how fast the simulated core runs, as ratios taken in one
 * run on this machine (never as a timed test):
 *
 *  1. straight-line code (bench/loop.elf) on raw Unicorn, with no hook at
 *     all, against the same code on phonesim's core in functional timing
 *     (the price of the block hook and the run loop) and in detailed timing
 *     (the price of the pipeline, cache, TLB and predictor models);
 *  2. the host time of an EL1 -> EL2 -> EL1 round trip (bench/hvc_roundtrip.elf:
 *     HVC, a handler that only ERETs): the price of the exception model the
 *     core supplies on top of Unicorn.
 *
 * This is the one file outside sim/ that calls Unicorn: the baseline is
 * Unicorn itself. Usage: core_speed BENCH_DIR (where the .elf files are).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicorn/unicorn.h>

#include "elf.h"
#include "machine.h"
#include "platform.h"

#define RAM_SIZE        (64ull << 20)
#define LOOP_DONE       (PLAT_RAM_BASE + 0x100)     /* `done` in loop.S */
#define HVC_ROUND_TRIPS 1000000.0                   /* in hvc_roundtrip.S */
#define REPEATS         3

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void load(const char *dir, const char *name, struct elf_image *img)
{
	struct elf_ram ram = { PLAT_RAM_BASE, RAM_SIZE };
	char path[4096], err[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (elf_read(path, &ram, 1, img, err, sizeof(err)) != 0) {
		fprintf(stderr, "core_speed: %s\n", err);
		exit(2);
	}
}

static void copy_to(void *ctx, uint64_t pa, const void *src, size_t len)
{
	memcpy((uint8_t *)ctx + (pa - PLAT_RAM_BASE), src, len);
}

static void zero_in(void *ctx, uint64_t pa, size_t len)
{
	memset((uint8_t *)ctx + (pa - PLAT_RAM_BASE), 0, len);
}

/* Seconds for raw Unicorn to run the loop from entry to `done`. */
static double run_raw(const struct elf_image *img)
{
	uint8_t *ram = calloc(1, RAM_SIZE);
	uc_engine *uc;
	double t;

	if (!ram || uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc) != UC_ERR_OK) {
		fprintf(stderr, "core_speed: cannot create a Unicorn engine\n");
		exit(1);
	}
	uc_ctl_set_cpu_model(uc, UC_CPU_ARM64_A57);
	elf_load(img, copy_to, zero_in, ram);
	uc_mem_map_ptr(uc, PLAT_RAM_BASE, RAM_SIZE, UC_PROT_ALL, ram);
	t = now();
	uc_emu_start(uc, img->entry, LOOP_DONE, 0, 0);
	t = now() - t;
	uc_close(uc);
	free(ram);
	return t;
}

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	mem_write(ctx, pa, src, len);
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

/* Seconds for phonesim to run the image to its exit; *insns retired. */
static double run_phonesim(const struct elf_image *img, enum timing_mode timing, uint64_t *insns)
{
	static struct machine m;
	struct machine_config cfg = {
		.ncores = 1, .ram_size = RAM_SIZE, .start_el = 2, .quantum_ns = 1000,
		.counter_hz = PLAT_COUNTER_HZ_DEFAULT, .console = stdout, .timing = timing,
	};
	const char *error;
	double t;
	int rc;

	if (machine_init(&m, &cfg, &error) != 0) {
		fprintf(stderr, "core_speed: %s\n", error);
		exit(1);
	}
	elf_load(img, ram_write, ram_zero, &m.mem);
	core_reset(&m.core[0], 2, img->entry);
	t = now();
	rc = machine_run(&m);
	t = now() - t;
	*insns = machine_instructions(&m);
	machine_destroy(&m);
	if (rc != 0) {
		fprintf(stderr, "core_speed: the benchmark program failed (%d)\n", rc);
		exit(1);
	}
	return t;
}

int main(int argc, char **argv)
{
	struct elf_image loop, hvc;
	double raw = 1e9, sim = 1e9, detailed = 1e9, trip = 1e9;
	uint64_t insns = 0, hvc_insns = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: core_speed BENCH_DIR\n");
		return 2;
	}
	load(argv[1], "loop.elf", &loop);
	load(argv[1], "hvc_roundtrip.elf", &hvc);

	/* Interleaved and best-of, so that both see the same machine load. */
	for (int i = 0; i < REPEATS; i++) {
		double r = run_raw(&loop), s = run_phonesim(&loop, TIMING_FUNCTIONAL, &insns);
		double d = run_phonesim(&loop, TIMING_DETAILED, &insns);
		double h = run_phonesim(&hvc, TIMING_FUNCTIONAL, &hvc_insns);

		raw = r < raw ? r : raw;
		sim = s < sim ? s : sim;
		detailed = d < detailed ? d : detailed;
		trip = h < trip ? h : trip;
	}
	printf("core_speed: loop, %" PRIu64 " instructions: raw Unicorn %.1f MIPS, "
	       "phonesim functional %.1f MIPS (ratio %.3f, target >= 0.80), "
	       "detailed %.1f MIPS (ratio %.3f; target >= 25 MIPS)\n",
	       insns, insns / raw / 1e6, insns / sim / 1e6, raw / sim,
	       insns / detailed / 1e6, raw / detailed);
	printf("core_speed: EL1 -> EL2 -> EL1 round trip (HVC + ERET): %.3f us "
	       "(target <= 5 us; %" PRIu64 " instructions in all)\n",
	       trip / HVC_ROUND_TRIPS * 1e6, hvc_insns);
	elf_free(&loop);
	elf_free(&hvc);
	return 0;
}
