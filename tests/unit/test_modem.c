/*
 * test_modem.c - unit tests of the baseband modem (devices/modem.c) and
 * of the frame clock it shares with the display (devices/frame_clock.c),
 * against the contract in docs/modem.md.
 *
 * Most tests drive the modem from the host (frame_test.h): registers are
 * written as core 0 writes them, and simulated time moves exactly where a
 * test puts it, so frame starts, deadlines and latencies are asserted to
 * the nanosecond. One program (progs/modem-frames-el1.S) does the
 * baseband software's job on a simulated core, with the modem's interrupt
 * routed straight to the core's IRQ input (the GIC is not in the machine
 * yet): it checks what software sees, the test what the modem recorded.
 *
 * Expected payloads and CRCs come from reference implementations here of
 * SplitMix64 and CRC-32, themselves checked against their published test
 * values.
 */
#include "frame_test.h"
#include "modem.h"

#define MDM             PLAT_MODEM_BASE
#define RING            (PLAT_RAM_BASE + 0x100000)
#define UPLINK          (PLAT_RAM_BASE + 0x200000)
#define RAM_END         (PLAT_RAM_BASE + (64ull << 20))
#define HOLE            0x1000
#define IRQ_ALL         (FC_IRQ_FRAME | FC_IRQ_OVERRUN | FC_IRQ_ERROR | MODEM_IRQ_UPLINK)

/* ------------------------------------------------------- references */

static uint64_t ref_splitmix(uint64_t seed, uint64_t i)
{
	uint64_t z = seed + (i + 1) * 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t ref_crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = ~0u;

	for (size_t i = 0; i < len; i++)
		for (unsigned bit = 0; bit < 8; bit++) {
			bool one = (crc ^ (p[i] >> bit)) & 1;

			crc = (crc >> 1) ^ (one ? 0xedb88320u : 0);
		}
	return ~crc;
}

/*
 * The references give the published values: SplitMix64 seeded with 0
 * starts 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f; the
 * CRC-32 check value of "123456789" is 0xcbf43926.
 */
START_TEST(test_references)
{
	ck_assert_uint_eq(ref_splitmix(0, 0), 0xe220a8397b1dcdafull);
	ck_assert_uint_eq(ref_splitmix(0, 1), 0x6e789e6aa1b965f4ull);
	ck_assert_uint_eq(ref_splitmix(0, 2), 0x06c45d188009454full);
	ck_assert_uint_eq(ref_crc32((const uint8_t *)"123456789", 9), 0xcbf43926u);
}
END_TEST

/* ----------------------------------------------------------- helpers */

/* Frame n's start with the default parameters: frame 0 at 1 ms. */
static uint64_t start_of(uint64_t n)
{
	return (n + 1) * MS;
}

/* A ring of `slots` frames at RING, every interrupt enabled, enabled at t. */
static void enable_at(uint64_t t, unsigned slots)
{
	dev_write64(MDM, MODEM_RING_BASE_LO, RING);
	wr(MDM, MODEM_RING_SIZE, slots * rd(MDM, MODEM_PAYLOAD_BYTES));
	wr(MDM, FC_IRQ_ENABLE, IRQ_ALL);
	run_to(t);
	wr(MDM, FC_CTRL, FC_CTRL_EN);
	ck_assert_uint_eq(rd(MDM, FC_CTRL), FC_CTRL_EN);
	ck_assert_uint_eq(rd(MDM, FC_STATUS), FC_STATUS_ENABLED);
}

static void ack(uint32_t bits)
{
	wr(MDM, FC_IRQ_STATUS, bits);
}

static bool line(void)
{
	return lines[PLAT_INTID_MODEM];
}

/* ------------------------------------------------------ frame clock */

/*
 * Frames start every 1 ms exactly, the first at modem.start_us (default:
 * 1 ms), whatever the time of enabling; the interrupt rises exactly then,
 * not before, and falls when acknowledged; a doorbell 250 us into the
 * frame meets the deadline, which is the frame's end.
 */
START_TEST(test_frames_every_ms)
{
	boot(NULL, NULL);
	enable_at(100, 4);
	ck_assert_uint_eq(event_next(&m->events), start_of(0));
	for (uint64_t n = 0; n < 5; n++) {
		run_to(start_of(n));
		ck_assert(!line());
		ck_assert_uint_eq(rd(MDM, FC_FRAMES), n);
		run_through(start_of(n));
		ck_assert(line());
		ck_assert_uint_eq(edges[nedges - 1].ns, start_of(n));
		ck_assert_uint_eq(rd(MDM, FC_IRQ_STATUS), FC_IRQ_FRAME);
		ck_assert_uint_eq(rd(MDM, FC_FRAME), n);
		ck_assert_uint_eq(rd(MDM, FC_FRAMES), n + 1);
		ack(FC_IRQ_FRAME);
		ck_assert(!line());
		run_to(start_of(n) + 250 * US);
		wr(MDM, MODEM_DOORBELL, (uint32_t)n);
		ck_assert_uint_eq(ntraces, n + 1);
		expect_trace(n, "modem", n, start_of(n), start_of(n + 1), start_of(n) + 250 * US, false);
	}
	ck_assert_uint_eq(nedges, 10);
	ck_assert_uint_eq(rd(MDM, FC_MET), 5);
	ck_assert_uint_eq(rd(MDM, FC_MISSED), 0);
	ck_assert_uint_eq(rd(MDM, FC_OVERRUNS), 0);
	ck_assert_uint_eq(rd(MDM, FC_LAST_LATENCY), 250 * US);
	ck_assert_uint_eq(rd(MDM, FC_MAX_LATENCY), 250 * US);
	ck_assert_uint_eq(m->stats.deadlines, 5);
	ck_assert_uint_eq(m->stats.deadline_misses, 0);
}
END_TEST

/*
 * modem.period_us=125 and modem.start_us=0: frame n starts at n * 125 us,
 * so enabling at 1 ns makes frame 1 the first, at 125 us. Enabling again
 * after a pause resumes with the radio's numbering, not from 0.
 */
START_TEST(test_period_and_start)
{
	static const char *const params[] = { "modem.period_us=125", "modem.start_us=0", NULL };

	boot(NULL, params);
	ck_assert_uint_eq(rd(MDM, MODEM_PERIOD_US), 125);
	ck_assert_uint_eq(rd(MDM, MODEM_DEADLINE_US), 125);
	ck_assert_uint_eq(rd(MDM, MODEM_START_US), 0);
	enable_at(1, 2);
	ck_assert_uint_eq(event_next(&m->events), 125 * US);
	run_through(125 * US);
	ck_assert_uint_eq(rd(MDM, FC_FRAME), 1);
	run_through(250 * US);
	ck_assert_uint_eq(rd(MDM, FC_FRAME), 2);
	expect_trace(0, "modem", 1, 125 * US, 250 * US, NEVER, true);

	wr(MDM, FC_CTRL, 0);
	expect_trace(1, "modem", 2, 250 * US, 375 * US, NEVER, true);
	ck_assert_uint_eq(event_next(&m->events), EVENT_NEVER);
	run_to(1000 * US + 1);
	wr(MDM, FC_CTRL, FC_CTRL_EN);
	run_through(1125 * US);
	ck_assert_uint_eq(rd(MDM, FC_FRAME), 9);
	ck_assert_uint_eq(rd(MDM, FC_FRAMES), 3);
}
END_TEST

/* ---------------------------------------------------------- payload */

/*
 * modem.seed=0x0123456789abcdef, modem.payload_bytes=256, a ring of 3
 * slots: frame n is written to slot n mod 3, word k of it is SplitMix64
 * output n * 32 + k, MODEM_FRAME_CRC is its CRC-32; nothing outside the
 * ring is written.
 */
START_TEST(test_payload)
{
	static const char *const params[] = {
		"modem.seed=81985529216486895", "modem.payload_bytes=256", NULL,
	};
	const uint64_t seed = 0x0123456789abcdefull;
	uint8_t *ram;

	boot(NULL, params);
	ck_assert_uint_eq(rd(MDM, MODEM_PAYLOAD_BYTES), 256);
	ck_assert_uint_eq(dev_read64(MDM, MODEM_SEED_LO), seed);
	enable_at(1, 3);
	ram = mem_ram_ptr(&m->mem, RING);
	for (uint64_t n = 0; n < 7; n++) {
		uint64_t slot = RING + n % 3 * 256;
		const uint8_t *p = mem_ram_ptr(&m->mem, slot);

		run_through(start_of(n));
		ck_assert_uint_eq(dev_read64(MDM, MODEM_FRAME_ADDR_LO), slot);
		for (unsigned k = 0; k < 32; k++) {
			uint64_t word = 0;

			for (unsigned b = 0; b < 8; b++)
				word |= (uint64_t)p[8 * k + b] << (8 * b);
			ck_assert_msg(word == ref_splitmix(seed, n * 32 + k),
				      "frame %llu word %u: 0x%016llx", (unsigned long long)n, k,
				      (unsigned long long)word);
		}
		ck_assert_uint_eq(rd(MDM, MODEM_FRAME_CRC), ref_crc32(p, 256));
	}
	ck_assert_uint_eq(ram[-1], 0);
	ck_assert_uint_eq(ram[3 * 256], 0);
}
END_TEST

/* -------------------------------------------------------- deadlines */

/*
 * modem.deadline_us=500: a doorbell exactly 500 us after the start meets
 * the deadline; 1 ns later misses it, and is still recorded with its time
 * and latency.
 */
START_TEST(test_deadline_param)
{
	static const char *const params[] = { "modem.deadline_us=500", NULL };

	boot(NULL, params);
	ck_assert_uint_eq(rd(MDM, MODEM_DEADLINE_US), 500);
	enable_at(1, 2);
	run_through(start_of(0));
	run_to(start_of(0) + 500 * US);
	wr(MDM, MODEM_DOORBELL, 0);
	expect_trace(0, "modem", 0, start_of(0), start_of(0) + 500 * US, start_of(0) + 500 * US,
		     false);
	run_through(start_of(1));
	run_to(start_of(1) + 500 * US + 1);
	wr(MDM, MODEM_DOORBELL, 1);
	expect_trace(1, "modem", 1, start_of(1), start_of(1) + 500 * US,
		     start_of(1) + 500 * US + 1, true);
	ck_assert_uint_eq(rd(MDM, FC_MET), 1);
	ck_assert_uint_eq(rd(MDM, FC_MISSED), 1);
	ck_assert_uint_eq(rd(MDM, FC_LAST_LATENCY), 500 * US + 1);
	ck_assert_uint_eq(rd(MDM, FC_MAX_LATENCY), 500 * US + 1);
	ck_assert_uint_eq(m->stats.deadline_misses, 1);
}
END_TEST

/*
 * A doorbell from a block that began before the next frame's start, whose
 * core clock (charged for the whole block on entry) already reads 5 ns
 * past it, is made before that start is processed: it counts as at the
 * start, which is the deadline: met.
 */
START_TEST(test_doorbell_in_block_across_start)
{
	boot(NULL, NULL);
	enable_at(1, 2);
	run_through(start_of(0));
	run_to(start_of(1));
	m->core[0].cycles += 5;
	wr(MDM, MODEM_DOORBELL, 0);
	expect_trace(0, "modem", 0, start_of(0), start_of(1), start_of(1), false);
	ck_assert_uint_eq(rd(MDM, FC_LAST_LATENCY), MS);
}
END_TEST

/*
 * No doorbell before the next frame starts: the frame is missed, traced
 * then, once, with no completion time. A doorbell for it afterwards, or
 * for a frame not started, names no open frame: counted, nothing traced.
 */
START_TEST(test_never_done)
{
	boot(NULL, NULL);
	enable_at(1, 2);
	run_through(start_of(0));
	run_to(start_of(1));
	ck_assert_uint_eq(ntraces, 0);
	run_through(start_of(1));
	ck_assert_uint_eq(ntraces, 1);
	expect_trace(0, "modem", 0, start_of(0), start_of(1), NEVER, true);
	wr(MDM, MODEM_DOORBELL, 0);
	wr(MDM, MODEM_DOORBELL, 2);
	ck_assert_uint_eq(rd(MDM, MODEM_DOORBELL_ERRORS), 2);
	ck_assert_uint_eq(ntraces, 1);
	wr(MDM, MODEM_DOORBELL, 1);
	wr(MDM, MODEM_DOORBELL, 1);
	ck_assert_uint_eq(rd(MDM, MODEM_DOORBELL_ERRORS), 3);
	ck_assert_uint_eq(ntraces, 2);
	ck_assert_uint_eq(rd(MDM, FC_MET), 1);
	ck_assert_uint_eq(rd(MDM, FC_MISSED), 1);
	ck_assert_uint_eq(m->stats.deadlines, 2);
	ck_assert_uint_eq(m->stats.deadline_misses, 1);
}
END_TEST

/*
 * A frame that starts while FC_IRQ_FRAME is still set is an overrun:
 * FC_IRQ_OVERRUN, FC_OVERRUNS; the line stays high throughout.
 */
START_TEST(test_overrun)
{
	boot(NULL, NULL);
	enable_at(1, 2);
	run_through(start_of(0));
	run_through(start_of(1));
	ck_assert_uint_eq(rd(MDM, FC_IRQ_STATUS), FC_IRQ_FRAME | FC_IRQ_OVERRUN);
	ck_assert_uint_eq(rd(MDM, FC_OVERRUNS), 1);
	ck_assert_uint_eq(nedges, 1);
	ack(FC_IRQ_FRAME);
	ck_assert(line());
	ack(FC_IRQ_OVERRUN);
	ck_assert(!line());
	run_through(start_of(2));
	ck_assert_uint_eq(rd(MDM, FC_OVERRUNS), 1);
	ck_assert_uint_eq(rd(MDM, FC_IRQ_STATUS), FC_IRQ_FRAME);
}
END_TEST

/*
 * FC_IRQ_ENABLE gates the line, not FC_IRQ_STATUS: with it clear the
 * frame is still recorded, and enabling it raises the line at once.
 */
START_TEST(test_irq_enable)
{
	boot(NULL, NULL);
	enable_at(1, 2);
	wr(MDM, FC_IRQ_ENABLE, 0);
	run_through(start_of(0));
	ck_assert_uint_eq(rd(MDM, FC_IRQ_STATUS), FC_IRQ_FRAME);
	ck_assert(!line());
	wr(MDM, FC_IRQ_ENABLE, 0xffffffffu);
	ck_assert_uint_eq(rd(MDM, FC_IRQ_ENABLE), FC_IRQ_ALL);
	ck_assert(line());
}
END_TEST

/*
 * Disabling ends the open frame (missed, never done), stops the clock (no
 * event left), and leaves the interrupt state alone.
 */
START_TEST(test_disable)
{
	boot(NULL, NULL);
	enable_at(1, 2);
	run_through(start_of(0));
	run_to(start_of(0) + 100 * US);
	wr(MDM, FC_CTRL, 0);
	ck_assert_uint_eq(rd(MDM, FC_CTRL), 0);
	ck_assert_uint_eq(rd(MDM, FC_STATUS), 0);
	expect_trace(0, "modem", 0, start_of(0), start_of(1), NEVER, true);
	ck_assert_uint_eq(event_next(&m->events), EVENT_NEVER);
	ck_assert_uint_eq(rd(MDM, FC_IRQ_STATUS), FC_IRQ_FRAME);
	wr(MDM, MODEM_DOORBELL, 0);
	ck_assert_uint_eq(rd(MDM, MODEM_DOORBELL_ERRORS), 1);
	ck_assert_uint_eq(ntraces, 1);
}
END_TEST

/* ------------------------------------------------------ programming */

/* Ring programming that must be refused: enable does nothing but say why. */
static void expect_refused(uint64_t base, uint32_t size, uint32_t code)
{
	dev_write64(MDM, MODEM_RING_BASE_LO, base);
	wr(MDM, MODEM_RING_SIZE, size);
	wr(MDM, FC_CTRL, FC_CTRL_EN);
	ck_assert_uint_eq(rd(MDM, FC_CTRL), 0);
	ck_assert_uint_eq(rd(MDM, FC_STATUS), 0);
	ck_assert_uint_eq(rd(MDM, FC_IRQ_STATUS), FC_IRQ_ERROR);
	ck_assert_uint_eq(rd(MDM, FC_ERROR), code);
	ck_assert(line());
	ck_assert_uint_eq(event_next(&m->events), EVENT_NEVER);
	ack(FC_IRQ_ERROR);
	ck_assert_uint_eq(rd(MDM, FC_ERROR), 0);
	ck_assert(!line());
}

/*
 * Rings outside RAM, straddling its end, misaligned, or of a size that is
 * not a whole number of frames are refused at enable: no frame, no DMA.
 */
START_TEST(test_bad_ring)
{
	boot(NULL, NULL);
	wr(MDM, FC_IRQ_ENABLE, IRQ_ALL);
	run_to(1);
	expect_refused(HOLE, 1024, MODEM_ERR_RING_RANGE);
	expect_refused(RAM_END - 1024, 2048, MODEM_ERR_RING_RANGE);
	expect_refused(RING + 32, 1024, MODEM_ERR_RING_LAYOUT);
	expect_refused(RING, 1000, MODEM_ERR_RING_LAYOUT);
	expect_refused(RING, 0, MODEM_ERR_RING_LAYOUT);
	run_through(start_of(3));
	ck_assert_uint_eq(rd(MDM, FC_FRAMES), 0);
	ck_assert_uint_eq(*(uint64_t *)mem_ram_ptr(&m->mem, RING), 0);
	/* At the end of RAM, exactly: accepted. */
	dev_write64(MDM, MODEM_RING_BASE_LO, RAM_END - 2048);
	wr(MDM, MODEM_RING_SIZE, 2048);
	wr(MDM, FC_CTRL, FC_CTRL_EN);
	ck_assert_uint_eq(rd(MDM, FC_CTRL), FC_CTRL_EN);
}
END_TEST

/*
 * The uplink named at the doorbell: checked against MODEM_UL_CRC; a wrong
 * CRC is MODEM_IRQ_UPLINK, one too long or outside RAM an error; either
 * way MODEM_UL_ERRORS counts it and the frame is done in time.
 */
START_TEST(test_uplink)
{
	uint8_t data[100];

	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	boot(NULL, NULL);
	ck_assert(mem_write(&m->mem, UPLINK, data, sizeof(data)));
	enable_at(1, 2);
	dev_write64(MDM, MODEM_UL_BASE_LO, UPLINK);
	wr(MDM, MODEM_UL_LEN, sizeof(data));
	wr(MDM, MODEM_UL_CRC, ref_crc32(data, sizeof(data)));
	ack(FC_IRQ_ALL);

	run_through(start_of(0));
	wr(MDM, MODEM_DOORBELL, 0);
	ck_assert_uint_eq(rd(MDM, MODEM_UL_ERRORS), 0);
	ck_assert_uint_eq(rd(MDM, FC_IRQ_STATUS), FC_IRQ_FRAME);

	run_through(start_of(1));
	wr(MDM, MODEM_UL_CRC, ref_crc32(data, sizeof(data)) ^ 0x80000000u);
	wr(MDM, MODEM_DOORBELL, 1);
	ck_assert_uint_eq(rd(MDM, MODEM_UL_ERRORS), 1);
	ck_assert_uint_eq(rd(MDM, FC_IRQ_STATUS), FC_IRQ_FRAME | FC_IRQ_OVERRUN | MODEM_IRQ_UPLINK);
	ack(FC_IRQ_ALL);

	run_through(start_of(2));
	wr(MDM, MODEM_UL_LEN, MODEM_UL_MAX + 1);
	wr(MDM, MODEM_DOORBELL, 2);
	ck_assert_uint_eq(rd(MDM, FC_ERROR), MODEM_ERR_UL_RANGE);

	run_through(start_of(3));
	dev_write64(MDM, MODEM_UL_BASE_LO, RAM_END - 50);
	wr(MDM, MODEM_UL_LEN, sizeof(data));
	wr(MDM, MODEM_DOORBELL, 3);
	ck_assert_uint_eq(rd(MDM, MODEM_UL_ERRORS), 3);

	run_through(start_of(4));
	wr(MDM, MODEM_UL_LEN, 0);
	wr(MDM, MODEM_DOORBELL, 4);
	ck_assert_uint_eq(rd(MDM, MODEM_UL_ERRORS), 3);
	ck_assert_uint_eq(rd(MDM, FC_MET), 5);
}
END_TEST

/* ------------------------------------------------------- parameters */

/* machine_init refuses the parameters with status -2, naming the culprit. */
static void expect_bad(const char *const *params, const char *says)
{
	const char *error = NULL;

	ck_assert_int_eq(init_status(params, &error), -2);
	ck_assert_msg(error && strstr(error, says), "error \"%s\" does not say \"%s\"",
		      error ? error : "(none)", says);
	fixture_destroy();
}

START_TEST(test_bad_params)
{
	static const char *const cases[][3] = {
		{ "modem.period_us=124", NULL, "modem.period_us: '124' is not a whole number in [125, 100000]" },
		{ "modem.period_us=100001", NULL, "modem.period_us" },
		{ "modem.deadline_us=0", NULL, "modem.deadline_us: '0'" },
		{ "modem.deadline_us=1001", NULL, "modem.deadline_us: '1001' is not a whole number in [1, 1000]" },
		{ "modem.period_us=500", "modem.deadline_us=501", "[1, 500]" },
		{ "modem.start_us=-1", NULL, "modem.start_us" },
		{ "modem.payload_bytes=1000", NULL, "modem.payload_bytes: 1000 is not a multiple of 64" },
		{ "modem.payload_bytes=0", NULL, "modem.payload_bytes" },
		{ "modem.payload_bytes=65600", NULL, "modem.payload_bytes" },
		{ "modem.seed=0x10", NULL, "modem.seed" },
		{ "modem.period=1000", NULL, "unknown parameter 'modem.period=1000'" },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *params[3] = { cases[i][0], cases[i][1], NULL };

		expect_bad(params, cases[i][2]);
	}
}
END_TEST

/* ---------------------------------------------------- register access */

/*
 * Registers take aligned 32-bit accesses (a 64-bit one arrives as two):
 * anything else is an External abort at the register's address, and does
 * nothing. Offsets with no register read as zero and ignore writes; so do
 * writes to read-only registers, and to the ring while the modem runs.
 */
START_TEST(test_register_access)
{
	struct core *c;

	boot(NULL, NULL);
	c = &m->core[0];
	ck_assert_uint_eq(rd(MDM, FC_ID), MODEM_ID);
	ck_assert_uint_eq(rd(MDM, FC_VERSION), FC_VERSION_1);

	ck_assert_uint_eq(dev_read(MDM, FC_ID, 2), 0);
	ck_assert(c->bus_error);
	ck_assert_uint_eq(c->bus_error_pa, MDM + FC_ID);
	c->bus_error = false;
	dev_write(MDM, FC_IRQ_ENABLE, 1, 1);
	ck_assert(c->bus_error);
	ck_assert_uint_eq(c->bus_error_pa, MDM + FC_IRQ_ENABLE);
	ck_assert_uint_eq(rd(MDM, FC_IRQ_ENABLE), 0);
	c->bus_error = false;
	ck_assert_uint_eq(dev_read(MDM, FC_FRAME + 2, 4), 0);
	ck_assert(c->bus_error);
	c->bus_error = false;

	ck_assert_uint_eq(rd(MDM, 0x100), 0);
	wr(MDM, 0x100, 1);
	ck_assert_uint_eq(rd(MDM, 0x3c), 0);
	wr(MDM, FC_FRAMES, 7);
	ck_assert_uint_eq(rd(MDM, FC_FRAMES), 0);
	wr(MDM, MODEM_PAYLOAD_BYTES, 64);
	ck_assert_uint_eq(rd(MDM, MODEM_PAYLOAD_BYTES), 1024);
	ck_assert_uint_eq(rd(MDM, MODEM_DOORBELL), 0);
	ck_assert(!c->bus_error);

	enable_at(1, 2);
	dev_write64(MDM, MODEM_RING_BASE_LO, UPLINK);
	wr(MDM, MODEM_RING_SIZE, 4096);
	ck_assert_uint_eq(dev_read64(MDM, MODEM_RING_BASE_LO), RING);
	ck_assert_uint_eq(rd(MDM, MODEM_RING_SIZE), 2048);
	dev_write64(MDM, MODEM_UL_BASE_LO, 0x123456789abcdef0ull);
	ck_assert_uint_eq(dev_read64(MDM, MODEM_UL_BASE_LO), 0x123456789abcdef0ull);
}
END_TEST

/* --------------------------------------------------- with a program */

/* What modem-frames-el1 does with frames n0 .. n0 + 7 (see the program). */
static void expect_program_traces(void)
{
	uint64_t n0 = report_value(0);

	ck_assert_uint_eq(ntraces, 8);
	for (unsigned k = 0; k < 8; k++) {
		const struct traced *t = &traces[k];
		uint64_t release = start_of(n0 + k);

		ck_assert_str_eq(t->source, "modem");
		ck_assert_uint_eq(t->frame, n0 + k);
		ck_assert_uint_eq(t->release, release);
		ck_assert_uint_eq(t->deadline, release + 500 * US);
		ck_assert_uint_eq(t->missed, k == 4 || k == 5);
		if (k == 5) {
			ck_assert_uint_eq(t->done, NEVER);
		} else if (k == 4) {
			ck_assert_uint_gt(t->done, release + 600 * US);
			ck_assert_uint_lt(t->done, release + 700 * US);
		} else {
			ck_assert_uint_gt(t->done, release);
			ck_assert_uint_lt(t->done, release + 100 * US);
		}
	}
}

static const char *const program_params[] = {
	"modem.deadline_us=500", "modem.seed=81985529216486895", NULL,
};

/*
 * The program handles eight frames (met, late, never, refused doorbell,
 * bad uplink) and checks the payloads and counters itself; the modem
 * traced each frame once, with its exact start, deadline and outcome, and
 * its interrupt rose exactly at each start.
 */
START_TEST(test_program)
{
	boot("modem-frames-el1", program_params);
	routed_intid = PLAT_INTID_MODEM;
	run_to_exit();
	expect_program_traces();
	ck_assert_uint_eq(nedges, 16);
	for (unsigned k = 0; k < 8; k++) {
		ck_assert(edges[2 * k].level && !edges[2 * k + 1].level);
		ck_assert_uint_eq(edges[2 * k].ns, start_of(report_value(0) + k));
	}
	ck_assert_uint_eq(m->stats.deadlines, 8);
	ck_assert_uint_eq(m->stats.deadline_misses, 2);
}
END_TEST

/* The same program twice: the same deadlines, to the nanosecond. */
START_TEST(test_program_deterministic)
{
	struct traced first[8];

	boot("modem-frames-el1", program_params);
	routed_intid = PLAT_INTID_MODEM;
	run_to_exit();
	ck_assert_uint_eq(ntraces, 8);
	memcpy(first, traces, sizeof(first));
	fixture_destroy();

	boot("modem-frames-el1", program_params);
	routed_intid = PLAT_INTID_MODEM;
	run_to_exit();
	ck_assert_uint_eq(ntraces, 8);
	for (unsigned k = 0; k < 8; k++)
		ck_assert_msg(first[k].done == traces[k].done && first[k].frame == traces[k].frame,
			      "frame %u: done at %llu, then at %llu", k,
			      (unsigned long long)first[k].done, (unsigned long long)traces[k].done);
}
END_TEST

static Suite *modem_suite(void)
{
	Suite *s = suite_create("modem");
	TCase *clock = tcase_create("frame clock");
	TCase *data = tcase_create("data");
	TCase *setup = tcase_create("programming");
	TCase *prog = tcase_create("program");

	tcase_add_test(clock, test_references);
	tcase_add_checked_fixture(clock, NULL, fixture_destroy);
	tcase_add_test(clock, test_frames_every_ms);
	tcase_add_test(clock, test_period_and_start);
	tcase_add_test(clock, test_deadline_param);
	tcase_add_test(clock, test_doorbell_in_block_across_start);
	tcase_add_test(clock, test_never_done);
	tcase_add_test(clock, test_overrun);
	tcase_add_test(clock, test_irq_enable);
	tcase_add_test(clock, test_disable);
	suite_add_tcase(s, clock);

	tcase_add_checked_fixture(data, NULL, fixture_destroy);
	tcase_add_test(data, test_payload);
	tcase_add_test(data, test_uplink);
	suite_add_tcase(s, data);

	tcase_add_checked_fixture(setup, NULL, fixture_destroy);
	tcase_add_test(setup, test_bad_ring);
	tcase_add_test(setup, test_bad_params);
	tcase_add_test(setup, test_register_access);
	suite_add_tcase(s, setup);

	tcase_add_checked_fixture(prog, NULL, fixture_destroy);
	tcase_set_timeout(prog, 60);
	tcase_add_test(prog, test_program);
	tcase_add_test(prog, test_program_deterministic);
	suite_add_tcase(s, prog);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(modem_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
