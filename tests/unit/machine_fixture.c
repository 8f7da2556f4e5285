/*
 * machine_fixture.c - building and driving a machine from a unit test
 * (see machine_fixture.h).
 */
#include "machine_fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "platform.h"
#include "progs/report.h"

struct machine *m;

struct machine_config fixture_config(unsigned start_el, const char *const *params)
{
	struct machine_config cfg = {
		.ncores = 1, .ram_size = FIXTURE_RAM_SIZE, .start_el = start_el,
		.max_insns = FIXTURE_MAX_INSNS, .quantum_ns = 1000, .freq_hz = 1000000000ull,
		.counter_hz = PLAT_COUNTER_HZ_DEFAULT, .console = stdout,
	};

	for (; params && params[cfg.nparams]; cfg.nparams++)
		cfg.params[cfg.nparams] = params[cfg.nparams];
	return cfg;
}

int fixture_try_init(const struct machine_config *cfg, const char **error)
{
	fixture_destroy();
	m = calloc(1, sizeof(*m));
	ck_assert_ptr_nonnull(m);
	return machine_init(m, cfg, error);
}

void fixture_init(const struct machine_config *cfg)
{
	const char *error;

	ck_assert_msg(fixture_try_init(cfg, &error) == 0, "machine_init: %s", error);
}

void fixture_destroy(void)
{
	if (m) {
		machine_destroy(m);
		free(m);
		m = NULL;
	}
}

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	ck_assert(mem_write(ctx, pa, src, len));
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

void fixture_load(const char *path, unsigned cpu)
{
	struct elf_ram ram = { PLAT_RAM_BASE, m->cfg.ram_size };
	struct elf_image img;
	char msg[256];

	ck_assert_msg(elf_read(path, &ram, 1, &img, msg, sizeof(msg)) == 0, "%s", msg);
	elf_load(&img, ram_write, ram_zero, &m->mem);
	core_reset(&m->core[cpu], m->cfg.start_el, img.entry);
	if (cpu == 0) {
		m->boot_el = m->cfg.start_el;
		m->boot_entry = img.entry;
	}
	elf_free(&img);
}

void fixture_load_prog(const char *name, unsigned cpu)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.elf", UNIT_PROGS_DIR, name);
	fixture_load(path, cpu);
}

struct core *fixture_boot(const struct machine_config *cfg, const char *name, unsigned cpu)
{
	fixture_init(cfg);
	fixture_load_prog(name, cpu);
	return &m->core[cpu];
}

void run_to_exit(void)
{
	ck_assert_int_eq(machine_run(m), 0);
	ck_assert(m->finished);
}

/* ---------------------------------------------------------- registers */

static const struct mmio_window *window_at(uint64_t pa)
{
	for (unsigned i = 0; i < m->mem.nwindows; i++) {
		const struct mmio_window *w = &m->mem.window[i];

		if (pa >= w->base && pa - w->base < w->size)
			return w;
	}
	ck_abort_msg("no device window at 0x%llx", (unsigned long long)pa);
	return NULL;
}

uint64_t dev_read_by(unsigned cpu, uint64_t base, uint64_t offset, unsigned size)
{
	const struct mmio_window *w = window_at(base);

	return w->ops->read(w->opaque, cpu, base - w->base + offset, size);
}

void dev_write_by(unsigned cpu, uint64_t base, uint64_t offset, unsigned size, uint64_t value)
{
	const struct mmio_window *w = window_at(base);

	w->ops->write(w->opaque, cpu, base - w->base + offset, size, value);
}

uint64_t dev_read(uint64_t base, uint64_t offset, unsigned size)
{
	return dev_read_by(0, base, offset, size);
}

void dev_write(uint64_t base, uint64_t offset, unsigned size, uint64_t value)
{
	dev_write_by(0, base, offset, size, value);
}

uint64_t dev_read64(uint64_t base, uint64_t offset)
{
	uint64_t lo = (uint32_t)dev_read(base, offset, 4);

	return lo | (uint64_t)(uint32_t)dev_read(base, offset + 4, 4) << 32;
}

void dev_write64(uint64_t base, uint64_t offset, uint64_t value)
{
	dev_write(base, offset, 4, (uint32_t)value);
	dev_write(base, offset + 4, 4, (uint32_t)(value >> 32));
}

/* ------------------------------------------------- the report area */

uint64_t report(unsigned offset)
{
	uint64_t v;

	ck_assert(mem_read(&m->mem, REPORT_BASE + offset, &v, sizeof(v)));
	return v;
}

uint64_t report_value(unsigned slot)
{
	return report(REPORT_VALUE + 8 * slot);
}

void go(uint64_t n)
{
	ck_assert(mem_write(&m->mem, REPORT_BASE + REPORT_GO, &n, sizeof(n)));
}

void run_to_step(struct core *c, uint64_t n)
{
	uint64_t start = c->icount;

	while (report(REPORT_STEP) != n) {
		ck_assert_msg(c->status == CORE_RUNNING && !m->finished,
			      "core stopped before step %llu (status %d, exit %d, %s)",
			      (unsigned long long)n, c->status, m->exit_code,
			      c->stop_reason ? c->stop_reason : "-");
		ck_assert_msg(c->icount - start < FIXTURE_MAX_INSNS, "step %llu never reached",
			      (unsigned long long)n);
		core_run(c, c->cycles + 100, UINT64_MAX);
	}
}
