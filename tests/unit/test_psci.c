/*
 * test_psci.c - unit tests for the platform firmware (devices/psci.c):
 * PSCI 1.1 and SMCCC 1.1 as programs see them, and what only the host can
 * observe of the cores they power on, off and put to sleep.
 *
 * Each test builds a machine as `phonesim run` does, loads one program
 * from tests/unit/progs/psci-*.S and runs it. Most values are checked by the
 * programs themselves against Arm DEN 0022D and DEN 0028 (they exit with
 * the number of the failed check, and print what they got); the host
 * checks the cores' state: status, EL, registers, what report.h's area
 * holds. tests/target/psci-smp2.S checks the common part on QEMU too.
 */
#include "core.h"
#include "machine.h"
#include "machine_fixture.h"
#include "progs/report.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

/* PSCI values (DEN 0022D), independent of devices/psci.h. */
#define SUCCESS			0
#define INVALID_ADDRESS		((uint64_t)-9)
#define AFF_OFF			1

/* Where psci-reset.S counts its boots: its BOOTS, from the report area's base. */
#define BOOTS			0x2000

/*
 * A machine with ncores cores built as `phonesim run` builds it, with
 * UNIT_PROGS_DIR/name.elf loaded and core 0 started at its entry point at
 * start_el (2, or 1 for a machine without EL2), which is also where a
 * SYSTEM_RESET restarts it.
 */
static struct core *boot(const char *name, unsigned start_el, unsigned ncores)
{
	struct machine_config cfg = fixture_config(start_el, NULL);

	cfg.ncores = ncores;
	cfg.cmdline = name;
	return fixture_boot(&cfg, name, 0);
}

static uint64_t step(void)
{
	return report(REPORT_STEP);
}

/* Runs c alone until it waits for an interrupt, which it must do within 1000 cycles. */
static void run_to_wait(struct core *c)
{
	uint64_t start = c->cycles;

	while (c->status == CORE_RUNNING && c->cycles - start < 1000)
		core_run(c, c->cycles + 10, UINT64_MAX);
	ck_assert_int_eq(c->status, CORE_WFI);
}

/* ------------------------------------------------------------ tests */

/* Every function's answer, through SMC at EL2 (programs check the values). */
START_TEST(test_calls_smc_el2)
{
	boot("psci-calls", 2, 1);
	run_to_exit();
}
END_TEST

/* The same answers through HVC on a machine without EL2 (QEMU virt's conduit there). */
START_TEST(test_calls_hvc_el1)
{
	boot("psci-calls", 1, 1);
	run_to_exit();
}
END_TEST

/*
 * CPU_ON starts core 1 at the caller's EL, at the entry point, with X0 =
 * the context ID and MPIDR_EL1 = 0x80000001; CPU_OFF powers it off, which
 * AFFINITY_INFO then reports. start_el is 2 (SMC) or 1 (HVC, no EL2).
 */
static void check_cpu_on(unsigned start_el)
{
	boot("psci-cpu-on", start_el, 2);
	run_to_exit();
	ck_assert_uint_eq(step(), 1);
	ck_assert_uint_eq(report_value(2), AFF_OFF);                 /* before CPU_ON */
	ck_assert_uint_eq(report_value(0), SUCCESS);
	ck_assert_uint_eq(report_value(1), AFF_OFF);                 /* after CPU_OFF */
	ck_assert_uint_eq(report_value(3), 0xc0de0000cafe0001ull);   /* X0 = context ID */
	ck_assert_uint_eq(report_value(4), (uint64_t)start_el << 2); /* CurrentEL */
	ck_assert_uint_eq(report_value(5), 0x80000001ull);           /* MPIDR_EL1 */
	ck_assert_int_eq(m->core[1].status, CORE_OFF);
	ck_assert_uint_gt(m->core[1].icount_el[start_el], 0);
	ck_assert_uint_eq(m->core[1].icount, m->core[1].icount_el[start_el]);
}

START_TEST(test_cpu_on_off_el2)
{
	check_cpu_on(2);
}
END_TEST

START_TEST(test_cpu_on_off_el1)
{
	check_cpu_on(1);
}
END_TEST

/*
 * CPU_SUSPEND waits like WFI (the core leaves the run), wakes when an
 * interrupt is pending even though PSTATE masks it, and returns SUCCESS
 * after the SMC without taking an exception; a powerdown state is entered
 * as standby, so it returns there too, not at its entry point.
 */
START_TEST(test_cpu_suspend_waits_for_interrupt)
{
	struct core *c = boot("psci-suspend", 2, 1);
	uint64_t icount;

	for (unsigned n = 1; n <= 2; n++) {
		run_to_step(c, n);
		run_to_wait(c);
		icount = c->icount;
		core_run(c, c->cycles + 1000, UINT64_MAX);
		ck_assert_int_eq(c->status, CORE_WFI);
		ck_assert_uint_eq(c->icount, icount);
		core_set_lines(c, CORE_LINE_IRQ);
		ck_assert_int_eq(c->status, CORE_RUNNING);
		core_set_lines(c, 0);
	}
	run_to_exit();
	ck_assert_uint_eq(report_value(0), SUCCESS);
	/* Not the context ID (0x1234) that a start at the entry point would bring. */
	ck_assert_uint_eq(report_value(1), SUCCESS);
	ck_assert(!c->last_exception.valid);
	ck_assert_uint_eq(step(), 3);
}
END_TEST

/*
 * SYSTEM_RESET powers every core off, resets every device (the timer the
 * program enabled reads as disabled) and restarts core 0 at the boot EL and
 * entry with X0 = 0; SYSTEM_OFF then ends the run with status 0.
 */
START_TEST(test_system_reset_then_off)
{
	boot("psci-reset", 2, 2);
	run_to_exit();
	ck_assert_int_eq(m->exit_code, 0);
	ck_assert_uint_eq(report(BOOTS), 2);
	ck_assert_int_eq(m->core[1].status, CORE_OFF);
}
END_TEST

/*
 * CPU_OFF does not return; when the caller was the last core on, nothing is
 * left to run and the run fails (status 1), rather than waiting for ever.
 */
START_TEST(test_last_core_off_fails_the_run)
{
	boot("psci-off", 2, 1);
	ck_assert_int_eq(machine_run(m), 1);
	ck_assert(!m->finished);
	ck_assert_int_eq(m->core[0].status, CORE_OFF);
}
END_TEST

static Suite *psci_suite(void)
{
	Suite *s = suite_create("psci");
	TCase *calls = tcase_create("calls");
	TCase *cores = tcase_create("cores");
	TCase *system = tcase_create("system");

	tcase_add_checked_fixture(calls, NULL, fixture_destroy);
	tcase_add_test(calls, test_calls_smc_el2);
	tcase_add_test(calls, test_calls_hvc_el1);
	suite_add_tcase(s, calls);

	tcase_add_checked_fixture(cores, NULL, fixture_destroy);
	tcase_add_test(cores, test_cpu_on_off_el2);
	tcase_add_test(cores, test_cpu_on_off_el1);
	tcase_add_test(cores, test_cpu_suspend_waits_for_interrupt);
	suite_add_tcase(s, cores);

	tcase_add_checked_fixture(system, NULL, fixture_destroy);
	tcase_add_test(system, test_system_reset_then_off);
	tcase_add_test(system, test_last_core_off_fails_the_run);
	suite_add_tcase(s, system);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(psci_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
