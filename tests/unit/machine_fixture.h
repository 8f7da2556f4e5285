/*
 * machine_fixture.h - what the unit tests that drive a whole machine share
 * (test_core, test_gic, test_psci, test_power, test_pl011, test_storage,
 * and test_modem and test_display through frame_test.h):
 *
 *   - a machine built as `phonesim run` builds it: one 1 GHz core, 64 MiB
 *     of RAM, a 1 us quantum, the default counter frequency, guest output
 *     on stdout, device parameters ("modem.period_us=500"); a test changes
 *     what else it needs in the configuration before building;
 *   - a program (an ELF file, usually one of tests/unit/progs) loaded into
 *     RAM and a core reset at its entry, at the machine's start EL;
 *   - device registers read and written as a core makes the access (the
 *     window's callbacks, with that core's number: core 0 unless told);
 *   - the report area of the programs (progs/report.h), and running a core
 *     until its program reports a step.
 *
 * machine_fixture.c is compiled into each of those test programs. The
 * machine under test is `m`, NULL when there is none; tests destroy it in
 * their teardown with fixture_destroy.
 */
#ifndef PHONESIM_TESTS_UNIT_MACHINE_FIXTURE_H
#define PHONESIM_TESTS_UNIT_MACHINE_FIXTURE_H

#include <stdint.h>

#include "core.h"
#include "machine.h"

#define FIXTURE_RAM_SIZE        (64ull << 20)
#define FIXTURE_MAX_INSNS       10000000        /* plenty for most programs */

/* A NULL-ended list of device parameters, "device.key=value". */
#define PARAMS(...)     ((const char *const[]){ __VA_ARGS__, NULL })

extern struct machine *m;

/*
 * The configuration: as above, starting at start_el (2, or 1 for a machine
 * without EL2), running at most FIXTURE_MAX_INSNS instructions, with the
 * NULL-ended params (or none for NULL).
 */
struct machine_config fixture_config(unsigned start_el, const char *const *params);

/*
 * machine_init with cfg, into a new m (the machine before is destroyed);
 * its status, with *error as machine_init leaves it. A machine that failed
 * is still m, for the test to dispose of.
 */
int fixture_try_init(const struct machine_config *cfg, const char **error);

/* fixture_try_init, which must succeed. */
void fixture_init(const struct machine_config *cfg);

/* Destroys m, if there is one. */
void fixture_destroy(void);

/*
 * Loads the ELF file at path into m's RAM and resets core cpu at its entry
 * point, at the machine's start EL; for core 0 that is also where the
 * machine boots (m->boot_el, m->boot_entry: where a PSCI SYSTEM_RESET
 * restarts it), as `phonesim run` has it. fixture_load_prog:
 * UNIT_PROGS_DIR/name.elf.
 */
void fixture_load(const char *path, unsigned cpu);
void fixture_load_prog(const char *name, unsigned cpu);

/*
 * fixture_init with cfg, then fixture_load_prog(name, cpu): core cpu, about
 * to run the program (the other cores are off).
 */
struct core *fixture_boot(const struct machine_config *cfg, const char *name, unsigned cpu);

/* machine_run to the program's exit, which must be 0 (it passed its own checks). */
void run_to_exit(void);

/*
 * An access of size bytes at base + offset, as core cpu makes it (dev_read,
 * dev_write: core 0), in the device window that holds base (its base, or
 * any address in it: the window's callbacks get the offset in the window).
 */
uint64_t dev_read_by(unsigned cpu, uint64_t base, uint64_t offset, unsigned size);
void dev_write_by(unsigned cpu, uint64_t base, uint64_t offset, unsigned size, uint64_t value);
uint64_t dev_read(uint64_t base, uint64_t offset, unsigned size);
void dev_write(uint64_t base, uint64_t offset, unsigned size, uint64_t value);

/* A LO/HI pair of 32-bit registers, as a 64-bit access reaches a device: LO first. */
uint64_t dev_read64(uint64_t base, uint64_t offset);
void dev_write64(uint64_t base, uint64_t offset, uint64_t value);

/* The quad at offset of the programs' report area; its value slot. */
uint64_t report(unsigned offset);
uint64_t report_value(unsigned slot);

/* GO = n: a program waiting in wait_go n goes on. */
void go(uint64_t n);

/*
 * Runs core c alone, in slices of 100 cycles, until its program reports
 * step n; it must keep running, and get there within FIXTURE_MAX_INSNS
 * instructions.
 */
void run_to_step(struct core *c, uint64_t n);

#endif
