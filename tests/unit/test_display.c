/*
 * test_display.c - unit tests of the display controller (devices/display.c)
 * against the contract in docs/display.md.
 *
 * Most tests drive the display from the host (frame_test.h), so vsync
 * times, flip times and latencies are asserted to the nanosecond. One
 * program (progs/display-flips-el1.S) is a compositor on a simulated core,
 * with the display's interrupt routed straight to the core's IRQ input
 * (the GIC is not in the machine yet): it checks what software sees, the
 * test what the display recorded.
 *
 * At 60 Hz vsync n is at floor(n * 10^9 / 60) ns: 16666666, 33333333,
 * 50000000, ... (the frame clock keeps the exact rational period, so 60
 * vsyncs take exactly one second).
 */
#include "display.h"
#include "frame_test.h"

#define DSP             PLAT_DISPLAY_BASE
#define FB_A            (PLAT_RAM_BASE + 0x100000)
#define FB_B            (PLAT_RAM_BASE + 0x200000)
#define FB_C            (PLAT_RAM_BASE + 0x300000)
#define RAM_END         (PLAT_RAM_BASE + (64ull << 20))
#define HOLE            0x1000
#define PENDING         (FC_STATUS_ENABLED | DISPLAY_STATUS_FLIP_PENDING)

/* Vsync n at refresh_hz. */
static uint64_t vsync_at(uint64_t n, uint64_t refresh_hz)
{
	return n * 1000000000ull / refresh_hz;
}

/* At the default 60 Hz. */
static uint64_t vsync(uint64_t n)
{
	return vsync_at(n, 60);
}

/* 1080 x 2400 XRGB8888, stride 4352 (4320 rounded up to 64), at FB_A. */
static void program(uint64_t base)
{
	dev_write64(DSP, DISPLAY_FB_BASE_LO, base);
	wr(DSP, DISPLAY_STRIDE, 4352);
	wr(DSP, DISPLAY_WIDTH, 1080);
	wr(DSP, DISPLAY_HEIGHT, 2400);
	wr(DSP, DISPLAY_FORMAT, DISPLAY_FORMAT_XRGB8888);
	wr(DSP, FC_IRQ_ENABLE, FC_IRQ_ALL);
}

/* Programmed at FB_A and enabled at 1 ns: the first vsync is number 1. */
static void enabled(void)
{
	program(FB_A);
	run_to(1);
	wr(DSP, FC_CTRL, FC_CTRL_EN);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), FC_STATUS_ENABLED);
}

static void flip(uint64_t base)
{
	dev_write64(DSP, DISPLAY_FLIP_LO, base);
}

static uint64_t shown(void)
{
	return dev_read64(DSP, DISPLAY_FB_BASE_LO);
}

static bool line(void)
{
	return lines[PLAT_INTID_DISPLAY];
}

/* ------------------------------------------------------------ vsync */

/*
 * 60 Hz: the interrupt rises exactly at every vsync (not a nanosecond
 * before), falls when acknowledged, and vsync 60 is at exactly 1 s.
 */
START_TEST(test_vsync_period)
{
	boot(NULL, NULL);
	ck_assert_uint_eq(rd(DSP, DISPLAY_REFRESH_HZ), 60);
	enabled();
	ck_assert_uint_eq(event_next(&m->events), 16666666);
	for (uint64_t n = 1; n <= 60; n++) {
		run_to(vsync(n));
		ck_assert(!line());
		run_through(vsync(n));
		ck_assert(line());
		ck_assert_uint_eq(edges[nedges - 1].ns, vsync(n));
		ck_assert_uint_eq(rd(DSP, FC_FRAME), n);
		wr(DSP, FC_IRQ_STATUS, FC_IRQ_FRAME);
		ck_assert(!line());
	}
	ck_assert_uint_eq(vsync(60), 1000000000);
	ck_assert_uint_eq(rd(DSP, FC_FRAMES), 60);
	ck_assert_uint_eq(nedges, 120);
}
END_TEST

/* display.refresh_hz=120 and 90: the period follows, exactly. */
START_TEST(test_refresh_param)
{
	static const char *const at120[] = { "display.refresh_hz=120", NULL };
	static const char *const at90[] = { "display.refresh_hz=90", NULL };

	boot(NULL, at120);
	ck_assert_uint_eq(rd(DSP, DISPLAY_REFRESH_HZ), 120);
	enabled();
	run_through(8333333);
	ck_assert_uint_eq(rd(DSP, FC_FRAMES), 1);
	ck_assert_uint_eq(event_next(&m->events), 16666666);
	run_through(vsync_at(120, 120));
	ck_assert_uint_eq(rd(DSP, FC_FRAME), 120);
	ck_assert_uint_eq(rd(DSP, FC_FRAMES), 120);
	fixture_destroy();

	boot(NULL, at90);
	enabled();
	ck_assert_uint_eq(event_next(&m->events), 11111111);
	run_through(11111111);
	ck_assert_uint_eq(event_next(&m->events), 22222222);
}
END_TEST

/* A refresh rate that is not a whole number in [1, 1000] is refused. */
START_TEST(test_bad_params)
{
	static const char *const cases[] = {
		"display.refresh_hz=0", "display.refresh_hz=1001", "display.refresh_hz=60Hz",
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *params[2] = { cases[i], NULL };
		const char *error = NULL;

		ck_assert_int_eq(init_status(params, &error), -2);
		ck_assert_msg(error && strstr(error, "display.refresh_hz") &&
			      strstr(error, "[1, 1000]"), "error: %s", error ? error : "(none)");
		fixture_destroy();
	}
}
END_TEST

/* ------------------------------------------------------------ flips */

/*
 * A flip 5 ms after vsync 1 is pending until vsync 2 (shown at it, not a
 * nanosecond before); it completes frame 1 in time with a 5 ms latency.
 */
START_TEST(test_flip_presented_at_next_vsync)
{
	boot(NULL, NULL);
	enabled();
	run_through(vsync(1));
	ck_assert_uint_eq(shown(), FB_A);
	run_to(vsync(1) + 5 * MS);
	flip(FB_B);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), PENDING);
	ck_assert_uint_eq(dev_read64(DSP, DISPLAY_FLIP_LO), FB_B);
	expect_trace(0, "display", 1, vsync(1), vsync(2), vsync(1) + 5 * MS, false);
	run_to(vsync(2));
	ck_assert_uint_eq(shown(), FB_A);
	run_through(vsync(2));
	ck_assert_uint_eq(shown(), FB_B);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), FC_STATUS_ENABLED);
	ck_assert_uint_eq(rd(DSP, FC_MET), 1);
	ck_assert_uint_eq(rd(DSP, FC_LAST_LATENCY), 5 * MS);
	ck_assert_uint_eq(ntraces, 1);
}
END_TEST

/*
 * No flip between vsyncs 1 and 2: frame 1 is dropped at vsync 2 (traced
 * then, with no flip time), the old buffer stays; a flip right after
 * vsync 2 is for the next frame.
 */
START_TEST(test_dropped)
{
	boot(NULL, NULL);
	enabled();
	run_through(vsync(1));
	run_to(vsync(2));
	ck_assert_uint_eq(ntraces, 0);
	run_through(vsync(2));
	expect_trace(0, "display", 1, vsync(1), vsync(2), NEVER, true);
	ck_assert_uint_eq(shown(), FB_A);
	ck_assert_uint_eq(rd(DSP, FC_MISSED), 1);
	run_to(vsync(2) + 1);
	flip(FB_B);
	expect_trace(1, "display", 2, vsync(2), vsync(3), vsync(2) + 1, false);
	run_through(vsync(3));
	ck_assert_uint_eq(shown(), FB_B);
	ck_assert_uint_eq(m->stats.deadlines, 2);
	ck_assert_uint_eq(m->stats.deadline_misses, 1);
}
END_TEST

/*
 * A flip from a block that began before vsync 2, whose core clock is
 * already 5 ns past it: it was made before the vsync was processed, so it
 * is shown at that vsync, and on time.
 */
START_TEST(test_flip_in_block_across_vsync)
{
	boot(NULL, NULL);
	enabled();
	run_through(vsync(1));
	run_to(vsync(2));
	m->core[0].cycles += 5;
	flip(FB_B);
	expect_trace(0, "display", 1, vsync(1), vsync(2), vsync(2), false);
	fire(vsync(2));
	ck_assert_uint_eq(shown(), FB_B);
}
END_TEST

/*
 * Two flips between vsyncs: the first completes the frame (its latency is
 * the one measured), the second replaces the buffer to show.
 */
START_TEST(test_second_flip_replaces)
{
	boot(NULL, NULL);
	enabled();
	run_through(vsync(1));
	run_to(vsync(1) + 2 * MS);
	flip(FB_B);
	run_to(vsync(1) + 3 * MS);
	flip(FB_C);
	ck_assert_uint_eq(ntraces, 1);
	expect_trace(0, "display", 1, vsync(1), vsync(2), vsync(1) + 2 * MS, false);
	run_through(vsync(2));
	ck_assert_uint_eq(shown(), FB_C);
	ck_assert_uint_eq(rd(DSP, FC_LAST_LATENCY), 2 * MS);
}
END_TEST

/*
 * A flip after enabling, before the first vsync: shown at that vsync, but
 * no frame was open for it to complete (nothing traced).
 */
START_TEST(test_flip_before_first_vsync)
{
	boot(NULL, NULL);
	enabled();
	run_to(MS);
	flip(FB_B);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), PENDING);
	run_through(vsync(1));
	ck_assert_uint_eq(shown(), FB_B);
	ck_assert_uint_eq(ntraces, 0);
	ck_assert_uint_eq(rd(DSP, FC_MET) + rd(DSP, FC_MISSED), 0);
}
END_TEST

/*
 * Disabling drops the open frame (traced then, never flipped) and stops
 * vsyncs; a flip then is refused; enabling again starts with no flip
 * pending and the buffer in DISPLAY_FB_BASE.
 */
START_TEST(test_disable)
{
	boot(NULL, NULL);
	enabled();
	run_through(vsync(1));
	run_to(vsync(1) + MS);
	wr(DSP, FC_CTRL, 0);
	expect_trace(0, "display", 1, vsync(1), vsync(2), NEVER, true);
	ck_assert_uint_eq(event_next(&m->events), EVENT_NEVER);
	flip(FB_B);
	ck_assert_uint_eq(rd(DSP, FC_ERROR), DISPLAY_ERR_NOT_ENABLED);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), 0);
	wr(DSP, FC_IRQ_STATUS, FC_IRQ_ALL);

	wr(DSP, FC_CTRL, FC_CTRL_EN);
	run_to(vsync(1) + 2 * MS);
	flip(FB_B);
	wr(DSP, FC_CTRL, 0);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), 0);
	wr(DSP, FC_CTRL, FC_CTRL_EN);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), FC_STATUS_ENABLED);
	run_through(vsync(2));
	ck_assert_uint_eq(shown(), FB_A);
	ck_assert_uint_eq(ntraces, 1);
}
END_TEST

/* ------------------------------------------------------ programming */

/* Enabling with this programming is refused with code. */
static void expect_refused(uint32_t code)
{
	wr(DSP, FC_CTRL, FC_CTRL_EN);
	ck_assert_uint_eq(rd(DSP, FC_CTRL), 0);
	ck_assert_uint_eq(rd(DSP, FC_IRQ_STATUS), FC_IRQ_ERROR);
	ck_assert_uint_eq(rd(DSP, FC_ERROR), code);
	ck_assert(line());
	ck_assert_uint_eq(event_next(&m->events), EVENT_NEVER);
	wr(DSP, FC_IRQ_STATUS, FC_IRQ_ERROR);
	ck_assert(!line());
	program(FB_A);
}

/*
 * Every way to get the scan-out wrong is refused at enable: format,
 * width, height, stride (not a multiple of 64, or shorter than a line),
 * buffer misaligned or not wholly in RAM. RGB565 halves the line. Flips
 * are held to the same rules; a refused flip is not pending and completes
 * nothing. The scan-out registers are locked while enabled.
 */
START_TEST(test_bad_programming)
{
	boot(NULL, NULL);
	program(FB_A);
	run_to(1);
	wr(DSP, DISPLAY_FORMAT, 0);
	expect_refused(DISPLAY_ERR_FORMAT);
	wr(DSP, DISPLAY_FORMAT, 4);
	expect_refused(DISPLAY_ERR_FORMAT);
	wr(DSP, DISPLAY_WIDTH, 0);
	expect_refused(DISPLAY_ERR_GEOMETRY);
	wr(DSP, DISPLAY_WIDTH, 8193);
	expect_refused(DISPLAY_ERR_GEOMETRY);
	wr(DSP, DISPLAY_HEIGHT, 0);
	expect_refused(DISPLAY_ERR_GEOMETRY);
	wr(DSP, DISPLAY_HEIGHT, 8193);
	expect_refused(DISPLAY_ERR_GEOMETRY);
	wr(DSP, DISPLAY_STRIDE, 4320);
	expect_refused(DISPLAY_ERR_GEOMETRY);
	wr(DSP, DISPLAY_STRIDE, 4288);
	expect_refused(DISPLAY_ERR_GEOMETRY);
	dev_write64(DSP, DISPLAY_FB_BASE_LO, FB_A + 32);
	expect_refused(DISPLAY_ERR_BUFFER);
	dev_write64(DSP, DISPLAY_FB_BASE_LO, HOLE);
	expect_refused(DISPLAY_ERR_BUFFER);
	dev_write64(DSP, DISPLAY_FB_BASE_LO, RAM_END - 4352ull * 2400 + 64);
	expect_refused(DISPLAY_ERR_BUFFER);

	/* RGB565: 2160 bytes a line, so a stride of 2176 will do; at RAM's very end. */
	wr(DSP, DISPLAY_FORMAT, DISPLAY_FORMAT_RGB565);
	wr(DSP, DISPLAY_STRIDE, 2176);
	dev_write64(DSP, DISPLAY_FB_BASE_LO, RAM_END - 2176ull * 2400);
	wr(DSP, FC_CTRL, FC_CTRL_EN);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), FC_STATUS_ENABLED);

	run_through(vsync(1));
	flip(FB_B + 8);
	ck_assert_uint_eq(rd(DSP, FC_ERROR), DISPLAY_ERR_BUFFER);
	flip(RAM_END - 2176ull * 2400 + 64);
	ck_assert_uint_eq(rd(DSP, FC_ERROR), DISPLAY_ERR_BUFFER);
	ck_assert_uint_eq(rd(DSP, FC_STATUS), FC_STATUS_ENABLED);
	ck_assert_uint_eq(ntraces, 0);

	wr(DSP, DISPLAY_WIDTH, 64);
	wr(DSP, DISPLAY_FORMAT, DISPLAY_FORMAT_ARGB8888);
	dev_write64(DSP, DISPLAY_FB_BASE_LO, FB_C);
	ck_assert_uint_eq(rd(DSP, DISPLAY_WIDTH), 1080);
	ck_assert_uint_eq(rd(DSP, DISPLAY_FORMAT), DISPLAY_FORMAT_RGB565);
	ck_assert_uint_eq(shown(), RAM_END - 2176ull * 2400);
	wr(DSP, DISPLAY_REFRESH_HZ, 30);
	ck_assert_uint_eq(rd(DSP, DISPLAY_REFRESH_HZ), 60);
	ck_assert_uint_eq(rd(DSP, FC_ID), DISPLAY_ID);
}
END_TEST

/* --------------------------------------------------- with a program */

/*
 * The compositor flips, drops a frame, makes a refused flip, replaces a
 * flip, flips late in a frame, and checks what is shown and counted; the
 * display traced each vsync once, at its exact time, due at the next.
 */
START_TEST(test_program)
{
	static const bool dropped[6] = { false, false, true, false, false, true };
	uint64_t v0;

	boot("display-flips-el1", NULL);
	routed_intid = PLAT_INTID_DISPLAY;
	run_to_exit();
	v0 = report_value(0);
	ck_assert_uint_eq(ntraces, 6);
	for (unsigned k = 0; k < 6; k++) {
		const struct traced *t = &traces[k];

		ck_assert_str_eq(t->source, "display");
		ck_assert_uint_eq(t->frame, v0 + k);
		ck_assert_uint_eq(t->release, vsync(v0 + k));
		ck_assert_uint_eq(t->deadline, vsync(v0 + k + 1));
		ck_assert_uint_eq(t->missed, dropped[k]);
		if (dropped[k])
			ck_assert_uint_eq(t->done, NEVER);
		else if (k == 4)
			ck_assert_uint_ge(t->done, t->release + 10 * MS);
		else
			ck_assert_uint_lt(t->done, t->release + 100 * US);
	}
	for (unsigned k = 0; k < 6; k++)
		ck_assert_uint_eq(edges[2 * k].ns, vsync(v0 + k));
	ck_assert_uint_eq(m->stats.deadline_misses, 2);
}
END_TEST

static Suite *display_suite(void)
{
	Suite *s = suite_create("display");
	TCase *clock = tcase_create("vsync");
	TCase *flips = tcase_create("flips");
	TCase *prog = tcase_create("program");

	tcase_add_checked_fixture(clock, NULL, fixture_destroy);
	tcase_add_test(clock, test_vsync_period);
	tcase_add_test(clock, test_refresh_param);
	tcase_add_test(clock, test_bad_params);
	suite_add_tcase(s, clock);

	tcase_add_checked_fixture(flips, NULL, fixture_destroy);
	tcase_add_test(flips, test_flip_presented_at_next_vsync);
	tcase_add_test(flips, test_dropped);
	tcase_add_test(flips, test_flip_in_block_across_vsync);
	tcase_add_test(flips, test_second_flip_replaces);
	tcase_add_test(flips, test_flip_before_first_vsync);
	tcase_add_test(flips, test_disable);
	tcase_add_test(flips, test_bad_programming);
	suite_add_tcase(s, flips);

	tcase_add_checked_fixture(prog, NULL, fixture_destroy);
	tcase_set_timeout(prog, 60);
	tcase_add_test(prog, test_program);
	suite_add_tcase(s, prog);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(display_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
