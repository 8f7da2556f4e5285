/*
 * test_storage.c - unit tests for the block storage controller
 * (devices/storage.c) against its contract, docs/storage.md.
 *
 * Most tests drive the device's registers from the host, as core 0 would
 * (the window's callbacks with cpu 0), set core 0's clock to place a
 * submission in simulated time, and fire the machine's events up to a
 * chosen nanosecond; the interrupt line is watched through the machine's
 * interrupt hook. One test runs tests/unit/progs/storage-rw.S, a guest that
 * polls the device on its own.
 *
 * Expected times are worked out by hand from the documented formula:
 * latency + bytes / bandwidth, rounded up to a whole nanosecond.
 *
 * Not tested here: the device tree as dtc decodes it (tests/cli/dtb.sh
 * covers the mechanism for every device).
 */
#include "machine.h"
#include "machine_fixture.h"
#include "platform.h"
#include "storage.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const struct device_type storage_device;

#define RAM_END		(PLAT_RAM_BASE + FIXTURE_RAM_SIZE)
#define HOLE		0x1000ull	/* neither RAM nor a device */
#define BUF_A		(PLAT_RAM_BASE + 0x100000)
#define BUF_B		(PLAT_RAM_BASE + 0x200000)
#define BUF_C		(PLAT_RAM_BASE + 0x300000)
#define CANARY		0xa5
#define T0		7000ull		/* submissions happen at 7 us */
#define ERROR(e)	((uint32_t)(e) << STORAGE_STATUS_ERROR_SHIFT)
#define MAX_INSNS	50000000

/* ------------------------------------------------------------ machine */

static const char *error;
/*
 * A host image file: its path until the device has opened it (then the
 * test removes it, so that a failed check leaves nothing behind), and a
 * descriptor through which the test sees what the device wrote.
 */
static char image[64];
static int image_fd = -1;
static unsigned irq_changes;
static bool irq_level;
static bool ns_irq_level[STORAGE_NAMESPACES];   /* by namespace, from its INTID */
static unsigned other_irqs;                     /* changes of INTIDs not the storage's */

static void on_irq(void *opaque, unsigned cpu, unsigned intid, bool level)
{
	unsigned n;

	(void)opaque, (void)cpu;
	if (intid == PLAT_INTID_STORAGE) {
		irq_changes++;
		irq_level = level;
	}
	for (n = 0; n < STORAGE_NAMESPACES && intid != PLAT_INTID_STORAGE_NS(n); n++)
		;
	if (n < STORAGE_NAMESPACES)
		ns_irq_level[n] = level;
	else
		other_irqs++;
}

static void unlink_image(void)
{
	if (image[0])
		unlink(image);
	image[0] = 0;
}

static void teardown(void)
{
	fixture_destroy();
	unlink_image();
	if (image_fd >= 0)
		close(image_fd);
	image_fd = -1;
}

/* machine_init (at EL2) with device parameters (NULL-terminated); its status. */
static int try_build(const char *const *params)
{
	struct machine_config cfg = fixture_config(2, params);

	cfg.max_insns = MAX_INSNS;
	return fixture_try_init(&cfg, &error);
}

static void build(const char *const *params)
{
	ck_assert_msg(try_build(params) == 0, "machine_init: %s", error);
	m->irq = on_irq;
	irq_changes = 0;
	irq_level = false;
	memset(ns_irq_level, 0, sizeof(ns_irq_level));
	other_irqs = 0;
	m->core[0].cycles = T0;		/* 1 GHz: T0 ns */
}

/* A bad configuration: machine_init says bad input, naming what. */
static void refused(const char *const *params, const char *what)
{
	ck_assert_int_eq(try_build(params), -2);
	ck_assert_msg(strstr(error, what), "error '%s' does not mention '%s'", error, what);
	ck_assert_ptr_null(strchr(error, '\n'));
}

/*
 * The test data: byte i of a pattern. The (i >> 9) term makes every
 * 512-byte block differ, so a block read from the wrong place shows.
 */
static uint8_t pattern(size_t i, unsigned seed)
{
	return (uint8_t)(i * 31 + (i >> 9) * 101 + seed);
}

#define IMAGE_SEED	3

/* A host file of bytes bytes of pattern IMAGE_SEED: image, image_fd. */
static void make_image(size_t bytes)
{
	strcpy(image, "/tmp/test_storage.XXXXXX");
	image_fd = mkstemp(image);
	ck_assert_int_ge(image_fd, 0);
	for (size_t i = 0; i < bytes; i++) {
		uint8_t b = pattern(i, IMAGE_SEED);

		ck_assert_int_eq(write(image_fd, &b, 1), 1);
	}
}

/* The image file's bytes [off, off + len) as they are on the host now. */
static void read_image(off_t off, void *buf, size_t len)
{
	ck_assert_int_eq(pread(image_fd, buf, len, off), (ssize_t)len);
}

static off_t image_size(void)
{
	struct stat st;

	ck_assert_int_eq(fstat(image_fd, &st), 0);
	return st.st_size;
}

/* ---------------------------------------------------------- registers */

static uint32_t rd(uint64_t offset)
{
	return (uint32_t)dev_read(PLAT_STORAGE_BASE, offset, 4);
}

static void wr(uint64_t offset, uint32_t value)
{
	dev_write(PLAT_STORAGE_BASE, offset, 4, value);
}

/* A register of frame n. */
static uint32_t rdn(unsigned n, uint64_t offset)
{
	return rd(n * STORAGE_FRAME_SIZE + offset);
}

static void wrn(unsigned n, uint64_t offset, uint32_t value)
{
	wr(n * STORAGE_FRAME_SIZE + offset, value);
}

static void issue_ns(unsigned n, uint32_t op, uint64_t lba, uint32_t count, uint64_t buf)
{
	uint64_t frame = n * STORAGE_FRAME_SIZE;

	/* 64-bit stores: two halves, low address first (sim/mem.h). */
	dev_write64(PLAT_STORAGE_BASE, frame + STORAGE_LBA_LO, lba);
	dev_write64(PLAT_STORAGE_BASE, frame + STORAGE_BUF_LO, buf);
	wrn(n, STORAGE_COUNT, count);
	wrn(n, STORAGE_CMD, op);
}

static void issue(uint32_t op, uint64_t lba, uint32_t count, uint64_t buf)
{
	issue_ns(0, op, lba, count, buf);
}

/* Fires the machine's events due at or before ns. */
static void run_to(uint64_t ns)
{
	event_run_due(&m->events, ns);
}

/* Lets any command in flight complete, and clears DONE. */
static void settle(void)
{
	run_to(T0 + 100000000ull);
	ck_assert_uint_eq(rd(STORAGE_STATUS) & STORAGE_STATUS_BUSY, 0);
	wr(STORAGE_INT_STATUS, STORAGE_INT_DONE);
}

/* ---------------------------------------------------------------- RAM */

static uint8_t *ram(uint64_t pa)
{
	return mem_ram_ptr(&m->mem, pa);
}

/* RAM at pa: len bytes of the pattern seeded by seed. */
static void fill(uint64_t pa, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		ram(pa)[i] = pattern(i, seed);
}

static void expect_pattern(uint64_t pa, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		ck_assert_msg(ram(pa)[i] == pattern(i, seed),
			      "byte %zu at 0x%llx: 0x%02x, expected the pattern %u", i,
			      (unsigned long long)pa, ram(pa)[i], seed);
}

static void expect_bytes(uint64_t pa, size_t len, uint8_t value)
{
	for (size_t i = 0; i < len; i++)
		ck_assert_msg(ram(pa)[i] == value, "byte %zu at 0x%llx: 0x%02x, expected 0x%02x",
			      i, (unsigned long long)pa, ram(pa)[i], value);
}

/* ---------------------------------------------------------------- tests */

/* Identification at reset with the defaults: 64 MiB of 4 KiB blocks, writable. */
START_TEST(test_identity)
{
	struct device_info info = { 0 };

	build(NULL);
	ck_assert_uint_eq(rd(STORAGE_ID), 0x53544f52);
	ck_assert_uint_eq(rd(STORAGE_VERSION), 0x00010000);
	ck_assert_uint_eq(rd(STORAGE_BLOCK_SIZE), 4096);
	ck_assert_uint_eq(rd(STORAGE_FLAGS), 0);
	ck_assert_uint_eq(rd(STORAGE_CAPACITY_LO), 16384);
	ck_assert_uint_eq(rd(STORAGE_CAPACITY_HI), 0);
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), 0);
	ck_assert_uint_eq(rd(STORAGE_INT_ENABLE), 0);
	/* Namespace 1 does not exist: its frame's ID reads 0. */
	ck_assert_uint_eq(rd(STORAGE_FRAME_SIZE + STORAGE_ID), 0);

	storage_device.describe(machine_device(m, &storage_device), &info);
	ck_assert_str_eq(info.compatible, "phonesim,storage");
	ck_assert_uint_eq(info.nregions, 1);
	ck_assert_uint_eq(info.region[0].base, 0x0c020000);
	ck_assert_uint_eq(info.region[0].size, 0x10000);
	ck_assert_uint_eq(info.nintids, 1);
	ck_assert_uint_eq(info.intid[0], 42);	/* SPI 10 */
}
END_TEST

/* Data written come back; blocks never written read as zero. */
START_TEST(test_write_read_back)
{
	build(NULL);
	fill(BUF_A, 3 * 4096, 1);
	issue(STORAGE_OP_WRITE, 5, 3, BUF_A);
	settle();
	memset(ram(BUF_B), CANARY, 5 * 4096);
	issue(STORAGE_OP_READ, 4, 5, BUF_B);
	settle();
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	expect_bytes(BUF_B, 4096, 0);			/* LBA 4 */
	expect_pattern(BUF_B + 4096, 3 * 4096, 1);	/* LBA 5-7 */
	expect_bytes(BUF_B + 4 * 4096, 4096, 0);	/* LBA 8 */
}
END_TEST

/*
 * READ of 3 x 512 bytes, latency 50 us, 1000 MB/s: 50000 + 1536 ns after
 * T0. One nanosecond before: busy, buffer untouched, line low; at that
 * nanosecond: idle, data in RAM, DONE, line high.
 */
START_TEST(test_timing_exact)
{
	static const char *const params[] = {
		"storage.block_size=512", "storage.read_latency_us=50", "storage.read_mbps=1000", NULL,
	};
	const uint64_t done = T0 + 50000 + 1536;

	build(params);
	fill(BUF_A, 3 * 512, 2);
	issue(STORAGE_OP_WRITE, 9, 3, BUF_A);
	settle();
	wr(STORAGE_INT_ENABLE, STORAGE_INT_DONE);
	irq_changes = 0;
	memset(ram(BUF_B), CANARY, 3 * 512);
	issue(STORAGE_OP_READ, 9, 3, BUF_B);
	run_to(done - 1);
	ck_assert_uint_eq(rd(STORAGE_STATUS), STORAGE_STATUS_BUSY);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), 0);
	ck_assert_uint_eq(irq_changes, 0);
	expect_bytes(BUF_B, 3 * 512, CANARY);
	run_to(done);
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), STORAGE_INT_DONE);
	ck_assert_uint_eq(irq_changes, 1);
	ck_assert(irq_level);
	expect_pattern(BUF_B, 3 * 512, 2);
}
END_TEST

/* Issues op at T0 and checks it is busy 1 ns before T0 + ns and idle at T0 + ns. */
static void expect_duration(uint32_t op, uint64_t lba, uint32_t count, uint64_t buf, uint64_t ns)
{
	issue(op, lba, count, buf);
	run_to(T0 + ns - 1);
	ck_assert_msg(rd(STORAGE_STATUS) == STORAGE_STATUS_BUSY, "op %u done before %llu ns",
		      op, (unsigned long long)ns);
	run_to(T0 + ns);
	ck_assert_msg(rd(STORAGE_STATUS) == 0, "op %u not done after %llu ns",
		      op, (unsigned long long)ns);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), STORAGE_INT_DONE);
	wr(STORAGE_INT_STATUS, STORAGE_INT_DONE);
}

/*
 * The defaults (UFS 3.1 class), 8 blocks of 4 KiB = 32768 bytes:
 * WRITE 30 us + 32768 B / 1200 MB/s = 30000 + 27306.7 -> 57307 ns;
 * READ 60 us + 32768 B / 2100 MB/s = 60000 + 15603.8 -> 75604 ns;
 * FLUSH and TRIM: the write latency alone, 30000 ns.
 * The WRITE takes its data at completion: a buffer changed while the
 * command is in flight is what reaches the medium.
 */
START_TEST(test_timing_defaults)
{
	build(NULL);
	fill(BUF_A, 8 * 4096, 3);
	issue(STORAGE_OP_WRITE, 20, 8, BUF_A);
	fill(BUF_A, 8 * 4096, 4);			/* the device has not read it yet */
	run_to(T0 + 57307 - 1);
	ck_assert_uint_eq(rd(STORAGE_STATUS), STORAGE_STATUS_BUSY);
	run_to(T0 + 57307);
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	wr(STORAGE_INT_STATUS, STORAGE_INT_DONE);

	expect_duration(STORAGE_OP_READ, 20, 8, BUF_B, 75604);
	expect_pattern(BUF_B, 8 * 4096, 4);
	expect_duration(STORAGE_OP_FLUSH, 0, 0, HOLE, 30000);
	expect_duration(STORAGE_OP_TRIM, 20, 8, HOLE, 30000);
}
END_TEST

/*
 * INT_STATUS.DONE is set by every completion; the line is DONE and
 * INT_ENABLE.DONE, a level; writing 1 clears DONE, writing 0 does nothing.
 */
START_TEST(test_interrupt)
{
	build(NULL);
	issue(STORAGE_OP_FLUSH, 0, 0, 0);
	settle();
	ck_assert_uint_eq(irq_changes, 0);		/* DONE was set, but not enabled */

	issue(STORAGE_OP_FLUSH, 0, 0, 0);
	run_to(T0 + 30000);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), STORAGE_INT_DONE);
	ck_assert_uint_eq(irq_changes, 0);
	wr(STORAGE_INT_ENABLE, 0xffffffff);
	ck_assert_uint_eq(rd(STORAGE_INT_ENABLE), STORAGE_INT_DONE);
	ck_assert_uint_eq(irq_changes, 1);
	ck_assert(irq_level);
	wr(STORAGE_INT_STATUS, 0);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), STORAGE_INT_DONE);
	ck_assert(irq_level);
	wr(STORAGE_INT_STATUS, STORAGE_INT_DONE);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), 0);
	ck_assert_uint_eq(irq_changes, 2);
	ck_assert(!irq_level);

	/* A command refused at submission completes at once, and interrupts too. */
	issue(7, 0, 1, BUF_A);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), STORAGE_INT_DONE);
	ck_assert_uint_eq(irq_changes, 3);
	ck_assert(irq_level);
}
END_TEST

/* A command refused with error: completes at once, moves nothing, nothing follows. */
static void expect_refused(uint32_t op, uint64_t lba, uint32_t count, uint64_t buf, uint32_t err)
{
	issue(op, lba, count, buf);
	ck_assert_msg(rd(STORAGE_STATUS) == ERROR(err),
		      "op %u lba 0x%llx count %u buf 0x%llx: STATUS 0x%x, expected 0x%x", op,
		      (unsigned long long)lba, count, (unsigned long long)buf,
		      rd(STORAGE_STATUS), ERROR(err));
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), STORAGE_INT_DONE);
	wr(STORAGE_INT_STATUS, STORAGE_INT_DONE);
	run_to(T0 + 100000000ull);
	ck_assert_uint_eq(rd(STORAGE_STATUS), ERROR(err));
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), 0);
}

START_TEST(test_errors)
{
	const uint64_t cap = 16384;

	build(NULL);
	memset(ram(BUF_B), CANARY, 2 * 4096);
	memset(ram(RAM_END - 4096), CANARY, 4096);
	fill(BUF_A, 2 * 4096, 5);

	expect_refused(0, 0, 1, BUF_B, STORAGE_ERR_BAD_OPCODE);
	expect_refused(5, 0, 1, BUF_B, STORAGE_ERR_BAD_OPCODE);
	expect_refused(STORAGE_OP_READ, 0, 0, BUF_B, STORAGE_ERR_BAD_COUNT);
	expect_refused(STORAGE_OP_TRIM, 0, 0, BUF_B, STORAGE_ERR_BAD_COUNT);
	expect_refused(STORAGE_OP_READ, cap - 1, 2, BUF_B, STORAGE_ERR_RANGE);
	expect_refused(STORAGE_OP_WRITE, cap, 1, BUF_A, STORAGE_ERR_RANGE);
	expect_refused(STORAGE_OP_TRIM, cap - 1, 2, 0, STORAGE_ERR_RANGE);
	expect_refused(STORAGE_OP_READ, UINT64_MAX, 2, BUF_B, STORAGE_ERR_RANGE);	/* no wrap */
	expect_refused(STORAGE_OP_READ, 0, UINT32_MAX, BUF_B, STORAGE_ERR_RANGE);
	expect_refused(STORAGE_OP_READ, cap, 1, HOLE, STORAGE_ERR_RANGE);	/* range first */
	expect_refused(STORAGE_OP_READ, 0, 1, HOLE, STORAGE_ERR_BAD_BUFFER);
	expect_refused(STORAGE_OP_WRITE, 0, 1, HOLE, STORAGE_ERR_BAD_BUFFER);
	expect_refused(STORAGE_OP_READ, 0, 1, PLAT_RAM_BASE - 8, STORAGE_ERR_BAD_BUFFER);
	expect_refused(STORAGE_OP_READ, 0, 1, RAM_END - 4096 + 8, STORAGE_ERR_BAD_BUFFER);
	expect_refused(STORAGE_OP_WRITE, 0, 2, RAM_END - 4096, STORAGE_ERR_BAD_BUFFER);
	expect_refused(STORAGE_OP_READ, 0, 1, UINT64_MAX - 7, STORAGE_ERR_BAD_BUFFER);
	expect_refused(STORAGE_OP_READ, 0, 1, PLAT_STORAGE_BASE, STORAGE_ERR_BAD_BUFFER);

	/* Nothing was transferred either way. */
	expect_bytes(BUF_B, 2 * 4096, CANARY);
	expect_bytes(RAM_END - 4096, 4096, CANARY);
	issue(STORAGE_OP_READ, cap - 2, 2, BUF_B);
	settle();
	expect_bytes(BUF_B, 2 * 4096, 0);
	issue(STORAGE_OP_READ, 0, 2, BUF_B);
	settle();
	expect_bytes(BUF_B, 2 * 4096, 0);

	/* The last block and the last byte of RAM are fine. */
	issue(STORAGE_OP_READ, cap - 1, 1, RAM_END - 4096);
	settle();
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	expect_bytes(RAM_END - 4096, 4096, 0);
}
END_TEST

/*
 * A command issued while one is in flight is dropped (ERROR = BUSY, no
 * DONE); the one in flight keeps the LBA, BUF and COUNT it was issued with
 * and completes normally.
 */
START_TEST(test_busy)
{
	build(NULL);
	fill(BUF_A, 4096, 6);
	issue(STORAGE_OP_WRITE, 3, 1, BUF_A);
	settle();

	memset(ram(BUF_B), CANARY, 4096);
	memset(ram(BUF_C), CANARY, 4096);
	issue(STORAGE_OP_READ, 3, 1, BUF_B);
	issue(STORAGE_OP_TRIM, 3, 1, BUF_C);
	ck_assert_uint_eq(rd(STORAGE_STATUS), STORAGE_STATUS_BUSY | ERROR(STORAGE_ERR_BUSY));
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), 0);
	ck_assert_uint_eq(rd(STORAGE_CMD), STORAGE_OP_TRIM);
	run_to(T0 + 60000 + 1951);	/* 4096 B at 2100 MB/s: 1950.5 -> 1951 ns */
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), STORAGE_INT_DONE);
	expect_pattern(BUF_B, 4096, 6);
	expect_bytes(BUF_C, 4096, CANARY);
	settle();

	/* The TRIM was not performed: LBA 3 still holds the data. */
	issue(STORAGE_OP_READ, 3, 1, BUF_C);
	settle();
	expect_pattern(BUF_C, 4096, 6);
}
END_TEST

/* TRIM: the blocks read as zero; those around keep their data. */
START_TEST(test_trim)
{
	build(NULL);
	fill(BUF_A, 4 * 4096, 7);
	issue(STORAGE_OP_WRITE, 10, 4, BUF_A);
	settle();
	issue(STORAGE_OP_TRIM, 11, 2, 0);
	settle();
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	memset(ram(BUF_B), CANARY, 4 * 4096);
	issue(STORAGE_OP_READ, 10, 4, BUF_B);
	settle();
	ck_assert_mem_eq(ram(BUF_B), ram(BUF_A), 4096);
	expect_bytes(BUF_B + 4096, 2 * 4096, 0);
	ck_assert_mem_eq(ram(BUF_B + 3 * 4096), ram(BUF_A + 3 * 4096), 4096);
}
END_TEST

/* An image opened read-only: its bytes read back; WRITE and TRIM refused. */
START_TEST(test_image_read_only)
{
	char param[96], before[4 * 512], after[4 * 512];
	const char *params[] = { param, "storage.block_size=512", NULL };

	make_image(4 * 512);
	snprintf(param, sizeof(param), "storage.image=%s", image);
	build(params);
	unlink_image();
	ck_assert_uint_eq(rd(STORAGE_CAPACITY_LO), 4);
	ck_assert_uint_eq(rd(STORAGE_BLOCK_SIZE), 512);
	ck_assert_uint_eq(rd(STORAGE_FLAGS), STORAGE_FLAG_WP);

	memset(ram(BUF_B), CANARY, 4 * 512);
	issue(STORAGE_OP_READ, 1, 3, BUF_B);
	settle();
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	for (size_t i = 0; i < 3 * 512; i++)
		ck_assert_uint_eq(ram(BUF_B)[i], pattern(512 + i, IMAGE_SEED));
	expect_bytes(BUF_B + 3 * 512, 512, CANARY);

	read_image(0, before, sizeof(before));
	fill(BUF_A, 512, 8);
	expect_refused(STORAGE_OP_WRITE, 0, 1, BUF_A, STORAGE_ERR_WP);
	expect_refused(STORAGE_OP_TRIM, 0, 4, 0, STORAGE_ERR_WP);
	issue(STORAGE_OP_FLUSH, 0, 0, 0);
	settle();
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	read_image(0, after, sizeof(after));
	ck_assert_mem_eq(before, after, sizeof(before));
	ck_assert_int_eq(image_size(), 4 * 512);
}
END_TEST

/* storage.writable=1: a WRITE reaches the file at completion, in its block only. */
START_TEST(test_image_writable)
{
	char param[96], block[512];
	const char *params[] = { param, "storage.block_size=512", "storage.writable=1", NULL };

	make_image(4 * 512);
	snprintf(param, sizeof(param), "storage.image=%s", image);
	build(params);
	unlink_image();
	ck_assert_uint_eq(rd(STORAGE_FLAGS), 0);

	fill(BUF_A, 512, 9);
	issue(STORAGE_OP_WRITE, 2, 1, BUF_A);
	run_to(T0 + 30000 + 427 - 1);	/* 512 B at 1200 MB/s: 426.7 -> 427 ns */
	read_image(2 * 512, block, 512);
	for (size_t i = 0; i < 512; i++)
		ck_assert_uint_eq((uint8_t)block[i], pattern(2 * 512 + i, IMAGE_SEED));
	run_to(T0 + 30000 + 427);
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);

	read_image(2 * 512, block, 512);
	ck_assert_mem_eq(block, ram(BUF_A), 512);
	for (size_t b = 0; b < 4; b += 3) {
		read_image((off_t)b * 512, block, 512);
		for (size_t i = 0; i < 512; i++)
			ck_assert_uint_eq((uint8_t)block[i], pattern(b * 512 + i, IMAGE_SEED));
	}
	ck_assert_int_eq(image_size(), 4 * 512);
}
END_TEST

START_TEST(test_parameters)
{
	static const char *const ok[] = {
		"storage.size_mib=1", "storage.block_size=512", "storage.writable=0",
		"storage.read_latency_us=0", "storage.write_latency_us=1000000",
		"storage.read_mbps=1", "storage.write_mbps=1000000", NULL,
	};
	char param[96];
	const char *with_image[] = { param, NULL, NULL };

	build(ok);
	ck_assert_uint_eq(rd(STORAGE_CAPACITY_LO), 2048);
	ck_assert_uint_eq(rd(STORAGE_FLAGS), STORAGE_FLAG_WP);

	refused((const char *const[]){ "storage.block_size=1000", NULL }, "storage.block_size");
	refused((const char *const[]){ "storage.block_size=8192", NULL }, "storage.block_size");
	refused((const char *const[]){ "storage.size_mib=0", NULL }, "storage.size_mib");
	refused((const char *const[]){ "storage.size_mib=65537", NULL }, "storage.size_mib");
	refused((const char *const[]){ "storage.read_mbps=0", NULL }, "storage.read_mbps");
	refused((const char *const[]){ "storage.write_mbps=x", NULL }, "storage.write_mbps");
	refused((const char *const[]){ "storage.read_latency_us=-1", NULL },
		"storage.read_latency_us");
	refused((const char *const[]){ "storage.write_latency_us=1000001", NULL },
		"storage.write_latency_us");
	refused((const char *const[]){ "storage.writable=2", NULL }, "storage.writable");
	refused((const char *const[]){ "storage.colour=blue", NULL }, "storage.colour");
	refused((const char *const[]){ "storage.image=/nonexistent/phone.img", NULL },
		"cannot open '/nonexistent/phone.img': No such file or directory");
	refused((const char *const[]){ "storage.image=/tmp", NULL },
		"'/tmp' is not a regular file");

	make_image(1000);
	snprintf(param, sizeof(param), "storage.image=%s", image);
	refused(with_image, "is 1000 bytes, not a whole number of 4096-byte blocks");
	with_image[1] = "storage.block_size=512";
	refused(with_image, "not a whole number of 512-byte blocks");
	with_image[1] = "storage.size_mib=1";
	refused(with_image, "exclude each other");
	teardown();
	make_image(0);
	snprintf(param, sizeof(param), "storage.image=%s", image);
	refused((const char *const[]){ param, NULL }, "is 0 bytes");
}
END_TEST

/* Helper for test_misuse: the last access was refused with an SError at pa. */
static void expect_bus_error(uint64_t offset)
{
	struct core *c = &m->core[0];

	ck_assert(c->bus_error);
	ck_assert_uint_eq(c->bus_error_pa, PLAT_STORAGE_BASE + offset);
	c->bus_error = false;
}

/*
 * Accesses other than 32-bit aligned are bus errors (an SError) and change
 * nothing; reserved offsets and other frames are RAZ/WI; writes to
 * read-only registers are ignored.
 */
START_TEST(test_misuse)
{
	build(NULL);
	ck_assert_uint_eq(dev_read(PLAT_STORAGE_BASE, STORAGE_ID, 1), 0);
	expect_bus_error(STORAGE_ID);
	dev_write(PLAT_STORAGE_BASE, STORAGE_COUNT, 2, 0x1234);
	expect_bus_error(STORAGE_COUNT);
	ck_assert_uint_eq(rd(STORAGE_COUNT), 0);
	ck_assert_uint_eq(dev_read(PLAT_STORAGE_BASE, STORAGE_ID + 2, 4), 0);
	expect_bus_error(STORAGE_ID + 2);

	wr(0x100, 0xffffffff);
	ck_assert_uint_eq(rd(0x100), 0);
	wr(STORAGE_FRAME_SIZE + STORAGE_CMD, STORAGE_OP_FLUSH);
	ck_assert_uint_eq(rd(STORAGE_FRAME_SIZE + STORAGE_STATUS), 0);
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	wr(STORAGE_CAPACITY_LO, 1);
	wr(STORAGE_BLOCK_SIZE, 512);
	wr(STORAGE_STATUS, STORAGE_STATUS_BUSY);
	ck_assert_uint_eq(rd(STORAGE_CAPACITY_LO), 16384);
	ck_assert_uint_eq(rd(STORAGE_BLOCK_SIZE), 4096);
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	ck_assert(!m->core[0].bus_error);
	ck_assert_uint_eq(m->stats.bus_errors, 3);
}
END_TEST

/* Reset drops the command in flight (no DMA) and clears the registers, not the medium. */
START_TEST(test_reset)
{
	void *state;

	build(NULL);
	state = machine_device(m, &storage_device);
	fill(BUF_A, 4096, 10);
	issue(STORAGE_OP_WRITE, 1, 1, BUF_A);
	settle();
	wr(STORAGE_INT_ENABLE, STORAGE_INT_DONE);
	issue(9, 0, 1, BUF_A);				/* DONE: the line goes high */
	ck_assert(irq_level);

	memset(ram(BUF_B), CANARY, 4096);
	issue(STORAGE_OP_READ, 1, 1, BUF_B);
	storage_device.reset(state);
	ck_assert(!irq_level);
	ck_assert_uint_eq(rd(STORAGE_STATUS), 0);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), 0);
	ck_assert_uint_eq(rd(STORAGE_INT_ENABLE), 0);
	ck_assert_uint_eq(rd(STORAGE_LBA_LO), 0);
	ck_assert_uint_eq(rd(STORAGE_BUF_LO), 0);
	ck_assert_uint_eq(rd(STORAGE_COUNT), 0);
	ck_assert_uint_eq(rd(STORAGE_CMD), 0);
	run_to(T0 + 100000000ull);
	ck_assert_uint_eq(rd(STORAGE_INT_STATUS), 0);
	expect_bytes(BUF_B, 4096, CANARY);

	issue(STORAGE_OP_READ, 1, 1, BUF_B);
	settle();
	expect_pattern(BUF_B, 4096, 10);
}
END_TEST

/* ---------------------------------------------------------- namespaces */

/* Namespace 1: 100 blocks from block 0; 2: 50 blocks from 100; 3: none; 4: 10 from 150. */
static const char *const ns_params[] = {
	"storage.ns1_blocks=100", "storage.ns2_blocks=50", "storage.ns4_blocks=10", NULL,
};

#define CTL     (STORAGE_CTL_FRAME * STORAGE_FRAME_SIZE)

/*
 * Each namespace's frame: its own CAPACITY, LBAs from 0 mapped onto its
 * range of the medium, RANGE at its own end; a frame without a namespace
 * reads 0; describe() lists an interrupt for each namespace that exists.
 */
START_TEST(test_namespace_capacity_and_lba)
{
	struct device_info info = { 0 };

	build(ns_params);
	ck_assert_uint_eq(rdn(0, STORAGE_CAPACITY_LO), 16384);
	ck_assert_uint_eq(rdn(1, STORAGE_ID), STORAGE_ID_VALUE);
	ck_assert_uint_eq(rdn(1, STORAGE_CAPACITY_LO), 100);
	ck_assert_uint_eq(rdn(2, STORAGE_CAPACITY_LO), 50);
	ck_assert_uint_eq(rdn(2, STORAGE_BLOCK_SIZE), 4096);
	ck_assert_uint_eq(rdn(3, STORAGE_ID), 0);
	ck_assert_uint_eq(rdn(4, STORAGE_CAPACITY_LO), 10);
	ck_assert_uint_eq(rdn(5, STORAGE_ID), 0);
	ck_assert_uint_eq(rdn(14, STORAGE_ID), 0);
	ck_assert_uint_eq(rd(CTL + STORAGE_CTL_ID), STORAGE_CTL_ID_VALUE);

	/* Namespace 2's LBA 0 is the medium's block 100, its LBA 49 block 149. */
	fill(BUF_A, 2 * 4096, 11);
	issue_ns(2, STORAGE_OP_WRITE, 0, 1, BUF_A);
	settle();
	issue_ns(2, STORAGE_OP_WRITE, 49, 1, BUF_A + 4096);
	run_to(T0 + 100000000ull);
	ck_assert_uint_eq(rdn(2, STORAGE_STATUS), 0);
	issue(STORAGE_OP_READ, 100, 1, BUF_B);
	settle();
	expect_pattern(BUF_B, 4096, 11);
	issue(STORAGE_OP_READ, 149, 1, BUF_B);
	settle();
	for (size_t i = 0; i < 4096; i++)
		ck_assert_uint_eq(ram(BUF_B)[i], pattern(4096 + i, 11));
	/* Namespace 4 starts after 1 and 2 (3 takes no room): block 150. */
	fill(BUF_A, 4096, 12);
	issue(STORAGE_OP_WRITE, 150, 1, BUF_A);
	settle();
	issue_ns(4, STORAGE_OP_READ, 0, 1, BUF_C);
	run_to(T0 + 100000000ull);
	expect_pattern(BUF_C, 4096, 12);

	/* RANGE at each namespace's own end, nothing moved. */
	memset(ram(BUF_B), CANARY, 2 * 4096);
	issue_ns(1, STORAGE_OP_READ, 99, 2, BUF_B);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), ERROR(STORAGE_ERR_RANGE));
	issue_ns(2, STORAGE_OP_READ, 50, 1, BUF_B);
	ck_assert_uint_eq(rdn(2, STORAGE_STATUS), ERROR(STORAGE_ERR_RANGE));
	issue_ns(2, STORAGE_OP_TRIM, UINT64_MAX, 2, 0);
	ck_assert_uint_eq(rdn(2, STORAGE_STATUS), ERROR(STORAGE_ERR_RANGE));
	issue_ns(4, STORAGE_OP_WRITE, 10, 1, BUF_A);
	ck_assert_uint_eq(rdn(4, STORAGE_STATUS), ERROR(STORAGE_ERR_RANGE));
	run_to(T0 + 200000000ull);
	expect_bytes(BUF_B, 2 * 4096, CANARY);
	issue_ns(1, STORAGE_OP_READ, 99, 1, BUF_B);
	run_to(T0 + 300000000ull);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), 0);

	storage_device.describe(machine_device(m, &storage_device), &info);
	ck_assert_uint_eq(info.nintids, 4);
	ck_assert_uint_eq(info.intid[0], 42);
	ck_assert_uint_eq(info.intid[1], 48);
	ck_assert_uint_eq(info.intid[2], 49);
	ck_assert_uint_eq(info.intid[3], 51);
}
END_TEST

/* The namespaces' sizes must fit the medium; a bad one is named. */
START_TEST(test_namespace_parameters)
{
	build((const char *const[]){ "storage.size_mib=1", "storage.ns1_blocks=200",
				     "storage.ns14_blocks=56", NULL });
	ck_assert_uint_eq(rdn(14, STORAGE_CAPACITY_LO), 56);
	refused((const char *const[]){ "storage.size_mib=1", "storage.ns1_blocks=200",
				       "storage.ns2_blocks=57", NULL },
		"parameter storage.ns2_blocks: namespaces 1-2 come to more than the medium's "
		"256 blocks");
	refused((const char *const[]){ "storage.size_mib=1", "storage.ns3_blocks=257", NULL },
		"parameter storage.ns3_blocks: '257' is not a whole number in [0, 256]");
	refused((const char *const[]){ "storage.ns15_blocks=1", NULL }, "storage.ns15_blocks");
}
END_TEST

/*
 * The control frame's DMA windows: all of RAM at reset; a buffer not
 * wholly inside its namespace's window is BAD_BUFFER and nothing moves;
 * one namespace's window does not limit another.
 */
START_TEST(test_namespace_dma_window)
{
	build(ns_params);
	ck_assert_uint_eq(rd(CTL + STORAGE_CTL_DMA_BASE(1)), (uint32_t)PLAT_RAM_BASE);
	ck_assert_uint_eq(rd(CTL + STORAGE_CTL_DMA_SIZE(1)), (uint32_t)FIXTURE_RAM_SIZE);
	dev_write64(PLAT_STORAGE_BASE, CTL + STORAGE_CTL_DMA_BASE(1), BUF_A);
	dev_write64(PLAT_STORAGE_BASE, CTL + STORAGE_CTL_DMA_SIZE(1), 2 * 4096);
	ck_assert_uint_eq(rd(CTL + STORAGE_CTL_DMA_BASE(1)), (uint32_t)BUF_A);
	ck_assert_uint_eq(rd(CTL + STORAGE_CTL_DMA_SIZE(1) + 4), 0);
	ck_assert_uint_eq(rd(CTL + STORAGE_CTL_DMA_BASE(2)), (uint32_t)PLAT_RAM_BASE);

	fill(BUF_B, 4096, 13);
	issue(STORAGE_OP_WRITE, 0, 1, BUF_B);           /* namespace 0: all of RAM */
	settle();
	memset(ram(BUF_A), CANARY, 2 * 4096);
	memset(ram(BUF_C), CANARY, 4096);
	issue_ns(1, STORAGE_OP_READ, 0, 1, BUF_C);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), ERROR(STORAGE_ERR_BAD_BUFFER));
	issue_ns(1, STORAGE_OP_READ, 0, 3, BUF_A);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), ERROR(STORAGE_ERR_BAD_BUFFER));
	issue_ns(1, STORAGE_OP_READ, 0, 1, BUF_A - 8);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), ERROR(STORAGE_ERR_BAD_BUFFER));
	issue_ns(1, STORAGE_OP_WRITE, 0, 1, BUF_B);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), ERROR(STORAGE_ERR_BAD_BUFFER));
	issue_ns(1, STORAGE_OP_READ, 0, 1, UINT64_MAX - 4095);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), ERROR(STORAGE_ERR_BAD_BUFFER));
	run_to(T0 + 100000000ull);
	expect_bytes(BUF_C, 4096, CANARY);
	expect_bytes(BUF_A, 2 * 4096, CANARY);
	issue(STORAGE_OP_READ, 0, 1, BUF_C);            /* the refused WRITE left block 0 */
	settle();
	expect_pattern(BUF_C, 4096, 13);

	/* Inside the window: fine, up to its last byte. */
	issue_ns(1, STORAGE_OP_READ, 0, 2, BUF_A);
	run_to(T0 + 200000000ull);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), 0);
	expect_pattern(BUF_A, 4096, 13);
	/* A window reaching outside RAM does not make the outside reachable. */
	dev_write64(PLAT_STORAGE_BASE, CTL + STORAGE_CTL_DMA_BASE(2), 0);
	dev_write64(PLAT_STORAGE_BASE, CTL + STORAGE_CTL_DMA_SIZE(2), UINT64_MAX);
	issue_ns(2, STORAGE_OP_READ, 0, 1, HOLE);
	ck_assert_uint_eq(rdn(2, STORAGE_STATUS), ERROR(STORAGE_ERR_BAD_BUFFER));

	/* Reset restores all of RAM. */
	storage_device.reset(machine_device(m, &storage_device));
	ck_assert_uint_eq(rd(CTL + STORAGE_CTL_DMA_BASE(1)), (uint32_t)PLAT_RAM_BASE);
	ck_assert_uint_eq(rd(CTL + STORAGE_CTL_DMA_SIZE(1)), (uint32_t)FIXTURE_RAM_SIZE);
}
END_TEST

/*
 * Commands of several namespaces share the medium: each waits for the one
 * issued before it. Namespace 0 writes block 100, then namespace 2 reads
 * its LBA 0 (block 100) and must see that data; namespace 1's write,
 * issued last, starts only after both. Each completion raises only its
 * own namespace's interrupt.
 */
START_TEST(test_namespace_order_and_interrupts)
{
	const uint64_t w = 30000 + 3414;        /* 4096 B at 1200 MB/s: 3413.3 -> 3414 ns */
	const uint64_t r = 60000 + 1951;        /* 4096 B at 2100 MB/s */

	build(ns_params);
	for (unsigned n = 0; n < 3; n++)
		wrn(n, STORAGE_INT_ENABLE, STORAGE_INT_DONE);
	fill(BUF_A, 4096, 14);
	fill(BUF_C, 4096, 15);
	memset(ram(BUF_B), CANARY, 4096);
	issue_ns(0, STORAGE_OP_WRITE, 100, 1, BUF_A);
	issue_ns(2, STORAGE_OP_READ, 0, 1, BUF_B);
	issue_ns(1, STORAGE_OP_WRITE, 7, 1, BUF_C);
	for (unsigned n = 0; n < 3; n++)
		ck_assert_uint_eq(rdn(n, STORAGE_STATUS), STORAGE_STATUS_BUSY);
	/* Busy is per namespace: a second command of namespace 2 is dropped. */
	issue_ns(2, STORAGE_OP_FLUSH, 0, 0, 0);
	ck_assert_uint_eq(rdn(2, STORAGE_STATUS), STORAGE_STATUS_BUSY | ERROR(STORAGE_ERR_BUSY));

	run_to(T0 + w - 1);
	ck_assert_uint_eq(rdn(0, STORAGE_STATUS) & STORAGE_STATUS_BUSY, 1);
	run_to(T0 + w);
	ck_assert_uint_eq(rdn(0, STORAGE_STATUS), 0);
	ck_assert(ns_irq_level[0] && !ns_irq_level[1] && !ns_irq_level[2]);
	expect_bytes(BUF_B, 4096, CANARY);
	run_to(T0 + w + r - 1);
	ck_assert_uint_eq(rdn(2, STORAGE_STATUS) & STORAGE_STATUS_BUSY, 1);
	ck_assert(!ns_irq_level[2]);
	run_to(T0 + w + r);
	ck_assert_uint_eq(rdn(2, STORAGE_STATUS), 0);
	expect_pattern(BUF_B, 4096, 14);
	ck_assert(ns_irq_level[2] && !ns_irq_level[1]);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), STORAGE_STATUS_BUSY);
	run_to(T0 + w + r + w - 1);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), STORAGE_STATUS_BUSY);
	run_to(T0 + w + r + w);
	ck_assert_uint_eq(rdn(1, STORAGE_STATUS), 0);
	ck_assert(ns_irq_level[1]);

	/* Clearing one namespace's DONE lowers its line only. */
	wrn(2, STORAGE_INT_STATUS, STORAGE_INT_DONE);
	ck_assert(ns_irq_level[0] && ns_irq_level[1] && !ns_irq_level[2]);
	wrn(0, STORAGE_INT_STATUS, STORAGE_INT_DONE);
	ck_assert(!ns_irq_level[0] && ns_irq_level[1]);
	ck_assert_uint_eq(other_irqs, 0);
	ck_assert_uint_eq(rdn(1, STORAGE_INT_STATUS), STORAGE_INT_DONE);
	issue(STORAGE_OP_READ, 7, 1, BUF_B);
	settle();
	expect_pattern(BUF_B, 4096, 15);
}
END_TEST

/* The guest's own checks (storage-rw.S) pass: exit status 0. */
START_TEST(test_guest_program)
{
	build(NULL);
	m->core[0].cycles = 0;
	fixture_load_prog("storage-rw", 0);
	run_to_exit();
	ck_assert_uint_eq(m->stats.bus_errors, 0);
}
END_TEST

static Suite *storage_suite(void)
{
	Suite *s = suite_create("storage");
	TCase *regs = tcase_create("registers");
	TCase *media = tcase_create("media");
	TCase *guest = tcase_create("guest");

	tcase_add_checked_fixture(regs, NULL, teardown);
	tcase_add_test(regs, test_identity);
	tcase_add_test(regs, test_write_read_back);
	tcase_add_test(regs, test_timing_exact);
	tcase_add_test(regs, test_timing_defaults);
	tcase_add_test(regs, test_interrupt);
	tcase_add_test(regs, test_errors);
	tcase_add_test(regs, test_busy);
	tcase_add_test(regs, test_trim);
	tcase_add_test(regs, test_misuse);
	tcase_add_test(regs, test_reset);
	suite_add_tcase(s, regs);

	tcase_add_checked_fixture(media, NULL, teardown);
	tcase_add_test(media, test_image_read_only);
	tcase_add_test(media, test_image_writable);
	tcase_add_test(media, test_parameters);
	tcase_add_test(media, test_namespace_capacity_and_lba);
	tcase_add_test(media, test_namespace_parameters);
	tcase_add_test(media, test_namespace_dma_window);
	tcase_add_test(media, test_namespace_order_and_interrupts);
	suite_add_tcase(s, media);

	tcase_add_checked_fixture(guest, NULL, teardown);
	tcase_add_test(guest, test_guest_program);
	suite_add_tcase(s, guest);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(storage_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
