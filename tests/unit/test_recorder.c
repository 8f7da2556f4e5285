/*
 * test_recorder.c - unit tests for the trace recorder (traces/recorder.c,
 * writer.c, schema.c).
 *
 * Most tests feed the recorder a scripted sequence of events on core 0 of
 * a real machine whose clock and instruction counts the test moves itself
 * (one instruction a cycle, 1 GHz: cycles and ns are equal), then read the
 * database back with SQL and compare whole rows with the values worked out
 * from the script. The others run programs from tests/unit/progs: periodic
 * counters at --trace-level full, and a run killed with SIGKILL whose
 * database must still be valid, with what was committed and marked
 * incomplete.
 *
 * Not here: the trace subcommand's output and end-to-end runs
 * (tests/cli/trace.sh).
 */
#include "core.h"
#include "elf.h"
#include "machine.h"
#include "platform.h"
#include "recorder.h"
#include "schema.h"
#include "syndrome.h"
#include "writer.h"

#include <check.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ESR_SVC(imm)    (EC_SVC64 << 26 | ESR_IL | (imm))
#define ESR_HVC(imm)    (EC_HVC64 << 26 | ESR_IL | (imm))
#define ESR_BRK(imm)    (EC_BRK64 << 26 | ESR_IL | (imm))

static char dir[64], path[128];
static struct machine *m;
static struct recorder *rec;
static struct core *c0;

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/phonesim-recorder-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/run.db", dir);
}

static void remove_all(void)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal", ".copy" };
	char name[160];

	for (unsigned i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		unlink(name);
	}
	rmdir(dir);
}

static void teardown(void)
{
	if (m) {
		machine_destroy(m);
		free(m);
		m = NULL;
	}
	remove_all();
}

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	ck_assert(mem_write(ctx, pa, src, len));
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

/*
 * A one-core machine configured as `phonesim run` builds it, with
 * UNIT_PROGS_DIR/prog.elf loaded and core 0 reset at EL2 at its entry, or
 * (prog NULL) with core 0 left off for scripted events.
 */
static void build(const char *prog, uint64_t max_insns)
{
	struct machine_config cfg = {
		.ncores = 1, .ram_size = 64ull << 20, .start_el = 2, .max_insns = max_insns,
		.quantum_ns = 1000, .freq_hz = 1000000000ull,
		.counter_hz = PLAT_COUNTER_HZ_DEFAULT, .console = stdout,
	};
	const char *error;

	m = calloc(1, sizeof(*m));
	ck_assert_ptr_nonnull(m);
	ck_assert_msg(machine_init(m, &cfg, &error) == 0, "machine_init: %s", error);
	c0 = &m->core[0];
	if (prog) {
		struct elf_ram ram = { PLAT_RAM_BASE, cfg.ram_size };
		struct elf_image img;
		char file[512], msg[256];

		snprintf(file, sizeof(file), "%s/%s.elf", UNIT_PROGS_DIR, prog);
		ck_assert_msg(elf_read(file, &ram, 1, &img, msg, sizeof(msg)) == 0, "%s", msg);
		elf_load(&img, ram_write, ram_zero, &m->mem);
		core_reset(c0, 2, img.entry);
		elf_free(&img);
	}
}

static void start(enum trace_level level)
{
	struct recorder_config cfg = {
		.level = level, .counter_period_ns = TRACE_COUNTER_PERIOD_NS_DEFAULT,
		.scenario = "test_recorder", .image = "none",
	};
	char err[256];

	rec = recorder_create(path, &cfg, m, err, sizeof(err));
	ck_assert_msg(rec != NULL, "recorder_create: %s", err);
	m->recorder = rec;
	m->running = c0;                /* run_at: core 0 is in its turn */
}

static void finish(enum run_outcome outcome)
{
	char err[256];

	ck_assert_msg(recorder_finish(rec, outcome, 0, err, sizeof(err)) == 0, "%s", err);
	m->recorder = rec = NULL;
}

/* ------------------------------------------------------ scripted events */

/* Core 0 runs n instructions at el, one a cycle (as core_charge counts them). */
static void run_at(unsigned el, uint64_t n)
{
	c0->el = el;
	c0->cycles += n;
	c0->run_cycles_el[el] += n;
	c0->icount += n;
	c0->icount_el[el] += n;
}

static void take(enum exc_kind kind, unsigned from, unsigned to, uint32_t esr, uint64_t elr)
{
	recorder_exception(rec, c0, kind, from, to, esr, elr, false, 0);
	c0->el = to;
}

static void eret(unsigned from, unsigned to)
{
	recorder_return(rec, c0, from, to);
	c0->el = to;
}

/* ----------------------------------------------------------- reading */

static sqlite3 *open_trace(void)
{
	char err[256];
	sqlite3 *db = trace_db_open(path, err, sizeof(err));

	ck_assert_msg(db != NULL, "trace_db_open: %s", err);
	return db;
}

/* Every row of sql, columns joined by '|', rows by '\n', NULL as "NULL". */
static char *rows(sqlite3 *db, const char *sql)
{
	static char buf[8192];
	sqlite3_stmt *st;
	size_t used = 0;
	int rc;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(db));
	buf[0] = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *v = sqlite3_column_text(st, i);

			used += snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? "|" : "",
					 v ? (const char *)v : "NULL");
		}
		used += snprintf(buf + used, sizeof(buf) - used, "\n");
		ck_assert_uint_lt(used, sizeof(buf));
	}
	ck_assert_msg(rc == SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return buf;
}

/* A macro, so that a failure names the test's line. */
#define expect_rows(db, sql, expected) ck_assert_str_eq(rows(db, sql), expected)

static long long count(sqlite3 *db, const char *sql)
{
	return atoll(rows(db, sql));
}

/* count(sql) on the trace, or -1 while it is not yet a readable trace. */
static long long poll_count(const char *sql)
{
	char err[256];
	sqlite3 *db = trace_db_open(path, err, sizeof(err));
	long long n;

	if (!db)
		return -1;
	n = count(db, sql);
	sqlite3_close(db);
	return n;
}

/* ------------------------------------------------------------- schema */

START_TEST(test_schema_version)
{
	char err[256], sql[512];
	sqlite3 *db;
	FILE *f;

	build(NULL, 0);
	start(TRACE_EVENTS);
	finish(RUN_FINISHED);
	db = open_trace();
	snprintf(sql, sizeof(sql), "%d\n", TRACE_SCHEMA_VERSION);
	expect_rows(db, "PRAGMA user_version", sql);
	expect_rows(db, "SELECT key, value FROM meta ORDER BY key",
		    "format|phonesim-trace\nschema_version|2\n");
	expect_rows(db, "SELECT completed, outcome, exit_status, trace_level, seed, cores,"
		    " counter_period_ns, soc, timing, freq_hz, params FROM run",
		    "1|finished|0|events|0|1|NULL|small|functional|1000000000|[]\n");
	expect_rows(db, "SELECT journal_mode FROM pragma_journal_mode", "delete\n");
	expect_rows(db, "SELECT core, mpidr, freq_hz FROM cpus", "0|2147483648|1000000000\n");
	expect_rows(db, "SELECT name FROM ec_names WHERE ec IN (21, 22, 60) ORDER BY ec",
		    "SVC64\nHVC64\nBRK64\n");
	sqlite3_close(db);

	/* Another version: refused, naming both. */
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 7", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_ptr_null(trace_db_open(path, err, sizeof(err)));
	snprintf(sql, sizeof(sql), "%s has trace schema version 7; this phonesim reads version %d",
		 path, TRACE_SCHEMA_VERSION);
	ck_assert_str_eq(err, sql);

	/* An SQLite database that is not a trace. */
	unlink(path);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	ck_assert_ptr_null(trace_db_open(path, err, sizeof(err)));
	snprintf(sql, sizeof(sql), "%s is not a phonesim trace (no phonesim meta table)", path);
	ck_assert_str_eq(err, sql);

	/* Not a database at all. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("phonesim\n", f);
	fclose(f);
	ck_assert_ptr_null(trace_db_open(path, err, sizeof(err)));
	snprintf(sql, sizeof(sql), "%s is not a phonesim trace (not an SQLite database)", path);
	ck_assert_str_eq(err, sql);
}
END_TEST

/* An existing file is never overwritten, and a failed create leaves nothing. */
START_TEST(test_create_refuses_existing)
{
	struct recorder_config cfg = { .level = TRACE_EVENTS, .scenario = "s", .image = "i" };
	char err[256], expected[256];
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs("keep me\n", f);
	fclose(f);
	build(NULL, 0);
	ck_assert_ptr_null(recorder_create(path, &cfg, m, err, sizeof(err)));
	snprintf(expected, sizeof(expected), "cannot create %s: File exists", path);
	ck_assert_str_eq(err, expected);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(err, sizeof(err), f));
	fclose(f);
	ck_assert_str_eq(err, "keep me\n");
}
END_TEST

/* ------------------------------------------------------------ pairing */

#define TRAP_COLS "SELECT id, class, kind, from_el, to_el, ec, esr, pc, elr, entry_cycle," \
		  " entry_ns, return_cycle, return_ns, return_el, insns, cycles FROM traps" \
		  " ORDER BY id"

/*
 * EL0 SVC to EL1, whose handler makes an HVC to EL2; both return; a second
 * SVC never does. Insns and cycles of a trap count its target EL only: the
 * SVC's 70 are EL1's 50 before the HVC and 20 after it.
 */
START_TEST(test_nested_levels)
{
	sqlite3 *db;

	build(NULL, 0);
	start(TRACE_EVENTS);
	run_at(0, 100);
	take(EXC_SYNC, 0, 1, ESR_SVC(0x12), 0x40001004);
	run_at(1, 50);
	take(EXC_SYNC, 1, 2, ESR_HVC(0x34), 0x40002004);
	run_at(2, 30);
	eret(2, 1);
	run_at(1, 20);
	eret(1, 0);
	run_at(0, 10);
	take(EXC_SYNC, 0, 1, ESR_SVC(0x56), 0x40001010);
	run_at(1, 5);
	finish(RUN_INTERRUPTED);

	db = open_trace();
	expect_rows(db, TRAP_COLS,
		    "1|SVC64|sync|0|1|21|1442840594|1073745920|1073745924|100|100|200|200|0|70|70\n"
		    "2|HVC64|sync|1|2|22|1509949492|1073750016|1073750020|150|150|180|180|1|30|30\n"
		    "3|SVC64|sync|0|1|21|1442840662|1073745932|1073745936|210|210|NULL|NULL|NULL|"
		    "NULL|NULL\n");
	expect_rows(db, "SELECT core, kind, class, ec, from_el, to_el, count, returned, insns,"
		    " cycles FROM trap_summary ORDER BY class",
		    "0|sync|HVC64|22|1|2|1|1|30|30\n0|sync|SVC64|21|0|1|2|1|70|70\n");
	expect_rows(db, "SELECT core, ns, cycles, insns_el0, insns_el1, insns_el2, cycles_el0,"
		    " cycles_el1, cycles_el2, final FROM counters",
		    "0|215|215|110|75|30|110|75|30|1\n");
	expect_rows(db, "SELECT completed, outcome, vm IS NULL, vcpu IS NULL FROM run, traps"
		    " WHERE traps.id = 1", "0|interrupted|1|1\n");
	sqlite3_close(db);
}
END_TEST

/*
 * At one EL, ERETs pair last in, first out (the BRK inside the SVC handler
 * returns first, and the SVC's time includes it). A return with nothing to
 * pair (a boot's ERET) records nothing. An ERET from EL1 while an exception
 * to EL2 is still open (as after a core reset) pairs with the exception to
 * EL1 beneath it, and the one to EL2 is written unreturned.
 */
START_TEST(test_same_el_and_unmatched)
{
	sqlite3 *db;

	build(NULL, 0);
	start(TRACE_EVENTS);
	run_at(2, 10);
	eret(2, 1);
	run_at(1, 10);
	take(EXC_SYNC, 1, 1, ESR_SVC(1), 0x40000100);
	run_at(1, 10);
	take(EXC_SYNC, 1, 1, ESR_BRK(0x77), 0x40000200);
	run_at(1, 5);
	eret(1, 1);
	run_at(1, 7);
	eret(1, 1);
	eret(1, 0);
	run_at(0, 3);
	take(EXC_SYNC, 0, 1, ESR_SVC(2), 0x40000300);
	run_at(1, 2);
	take(EXC_SYNC, 1, 2, ESR_HVC(0), 0x40000400);
	run_at(2, 4);
	eret(1, 0);
	finish(RUN_FINISHED);

	db = open_trace();
	expect_rows(db, "SELECT id, class, pc, entry_cycle, return_cycle, return_el, insns"
		    " FROM traps ORDER BY id",
		    "1|SVC64|1073742076|20|42|1|22\n2|BRK64|1073742336|30|35|1|5\n"
		    "3|SVC64|1073742588|45|51|0|2\n4|HVC64|1073742844|47|NULL|NULL|NULL\n");
	sqlite3_close(db);
}
END_TEST

/* The 33rd nested exception pushes the first out, unreturned. */
START_TEST(test_stack_overflow)
{
	sqlite3 *db;

	build(NULL, 0);
	start(TRACE_EVENTS);
	for (int i = 0; i < 33; i++) {
		run_at(1, 1);
		take(EXC_SYNC, 1, 1, ESR_SVC(i), 0x40000004);
	}
	for (int i = 0; i < 33; i++) {
		run_at(1, 1);
		eret(1, 1);
	}
	finish(RUN_FINISHED);

	db = open_trace();
	expect_rows(db, "SELECT COUNT(*), COUNT(return_cycle), MIN(id), MAX(id) FROM traps",
		    "33|32|1|33\n");
	expect_rows(db, "SELECT id FROM traps WHERE return_cycle IS NULL", "1\n");
	expect_rows(db, "SELECT count, returned FROM trap_summary", "33|32\n");
	sqlite3_close(db);
}
END_TEST

/* ------------------------------------------------- interrupts, console */

START_TEST(test_irq_life)
{
	sqlite3 *db;

	build(NULL, 0);
	start(TRACE_EVENTS);
	run_at(1, 100);
	recorder_irq(rec, 30, 0, IRQ_RAISED);
	run_at(1, 50);
	take(EXC_IRQ, 1, 1, 0, 0x40000400);
	run_at(1, 10);
	recorder_irq(rec, 30, 0, IRQ_ACKNOWLEDGED);
	run_at(1, 40);
	recorder_irq(rec, 30, 0, IRQ_COMPLETED);
	eret(1, 1);
	run_at(1, 100);
	recorder_irq(rec, 999, 0, IRQ_RAISED);
	run_at(1, 10);
	recorder_irq(rec, 999, 0, IRQ_RAISED);           /* still pending: the same one */
	/* Raised between turns by a device event: at the machine's time, not
	 * where the target core's clock stands. */
	m->running = NULL;
	m->now_ns = 250;
	recorder_irq(rec, 33, 0, IRQ_RAISED);          /* the UART's SPI */
	finish(RUN_FINISHED);

	db = open_trace();
	expect_rows(db, "SELECT id, intid, source, core, raised_cycle, raised_ns, delivered_cycle,"
		    " acknowledged_cycle, completed_cycle FROM irqs ORDER BY id",
		    "1|30|generic_timer|0|100|100|150|160|200\n2|999|NULL|0|300|300|NULL|NULL|NULL\n"
		    "3|33|pl011|0|250|250|NULL|NULL|NULL\n");
	expect_rows(db, "SELECT class, kind, ec, esr, pc, return_cycle FROM traps",
		    "IRQ|irq|NULL|NULL|1073742848|200\n");
	sqlite3_close(db);
}
END_TEST

/*
 * A vCPU switch attributes traps, and the core's time from then on
 * (vm_usage). Console rows are lines, stamped at their first byte with the
 * running core's time, or the machine's when a device wrote it between
 * turns; a line the hypervisor prefixes with a VM's name is that VM's, and
 * a well-formed metric line is also a metrics row.
 */
START_TEST(test_vcpu_and_console)
{
	sqlite3 *db;

	build(NULL, 0);
	start(TRACE_EVENTS);
	recorder_vm(rec, 1, "modem", "pl011,modem");
	recorder_vcpu(rec, 3, 1, "modem.0");
	run_at(2, 10);
	recorder_switch(rec, 0, -1, 3, "boot");
	run_at(1, 10);
	take(EXC_SYNC, 1, 2, ESR_HVC(0), 0x40000004);
	m->running = c0;
	run_at(2, 10);
	recorder_console(rec, 1, "hel", 3);
	run_at(2, 10);
	recorder_console(rec, 1, "lo\nwor", 6);
	run_at(2, 10);
	recorder_console(rec, 1, "ld", 2);
	m->running = NULL;
	m->now_ns = 55;
	recorder_console(rec, -1, "boot\n", 5);
	recorder_console(rec, -1, "[modem] metric rtos frames 100 frames\n", 38);
	recorder_console(rec, -1, "[modem] metric rtos frames many frames\n", 39);
	recorder_console(rec, -1, "[mode] metric rtos frames 7 frames\n", 35);    /* no such VM */
	/* The vCPU's core waits 7 cycles in WFI at EL2 before the end: the VM's account. */
	c0->cycles += 7;
	c0->wait_cycles_el[2] += 7;
	finish(RUN_FINISHED);

	db = open_trace();
	expect_rows(db, "SELECT vm, name, devices FROM vms", "1|modem|pl011,modem\n");
	expect_rows(db, "SELECT vm, workload, name, value, unit, ns FROM metrics",
		    "1|rtos|frames|100|frames|55\n");
	expect_rows(db, "SELECT vm, cycles, cycles_el1, cycles_el2, wait_cycles FROM vm_usage"
		    " ORDER BY vm", "NULL|10|0|10|0\n1|47|10|37|7\n");
	expect_rows(db, "SELECT vcpu, vm, name FROM vcpus", "3|1|modem.0\n");
	expect_rows(db, "SELECT core, cycle, ns, from_vcpu, to_vcpu, reason FROM switches",
		    "0|10|10|NULL|3|boot\n");
	expect_rows(db, "SELECT vm, vcpu FROM traps", "1|3\n");
	expect_rows(db, "SELECT vm, core, cycle, ns, text FROM console ORDER BY id",
		    "1|0|30|30|hello\nNULL|NULL|NULL|55|boot\n"
		    "1|NULL|NULL|55|[modem] metric rtos frames 100 frames\n"
		    "1|NULL|NULL|55|[modem] metric rtos frames many frames\n"
		    "NULL|NULL|NULL|55|[mode] metric rtos frames 7 frames\n"
		    "1|0|40|40|world\n");
	sqlite3_close(db);
}
END_TEST

/* summary: the counts and the run, no event rows. */
START_TEST(test_summary_level)
{
	sqlite3 *db;

	build(NULL, 0);
	start(TRACE_SUMMARY);
	run_at(0, 10);
	take(EXC_SYNC, 0, 1, ESR_SVC(0), 0x40000004);
	run_at(1, 10);
	eret(1, 0);
	recorder_irq(rec, 30, 0, IRQ_RAISED);
	recorder_console(rec, -1, "x\n", 2);
	recorder_console(rec, -1, "metric w n 3 u\n", 15);
	finish(RUN_FINISHED);

	db = open_trace();
	expect_rows(db, "SELECT (SELECT COUNT(*) FROM traps), (SELECT COUNT(*) FROM irqs),"
		    " (SELECT COUNT(*) FROM console), (SELECT COUNT(*) FROM counters),"
		    " (SELECT COUNT(*) FROM metrics), (SELECT COUNT(*) FROM vm_usage)",
		    "0|0|0|1|1|1\n");
	expect_rows(db, "SELECT class, count, returned, cycles FROM trap_summary", "SVC64|1|1|10\n");
	expect_rows(db, "SELECT trace_level, completed FROM run", "summary|1\n");
	sqlite3_close(db);
}
END_TEST

/* ------------------------------------------------------------- writing */

/*
 * Rows reach the database in transactions while the run goes on: a reader
 * sees every row pushed within a commit period, before the recording ends,
 * while the run is still marked incomplete.
 */
START_TEST(test_batches_visible_after_commit)
{
	const long long n = 3 * WRITER_COMMIT_ROWS + 5;
	struct timespec nap = { 0, 10000000 };
	sqlite3 *db;
	long long seen = 0;

	build(NULL, 0);
	start(TRACE_EVENTS);
	for (long long i = 0; i < n; i++) {
		run_at(0, 1);
		take(EXC_SYNC, 0, 1, ESR_SVC(0), 0x40000004);
		run_at(1, 1);
		eret(1, 0);
	}
	db = open_trace();
	for (int tries = 0; tries < 500 && seen < n; tries++) {
		nanosleep(&nap, NULL);
		seen = count(db, "SELECT COUNT(*) FROM traps");
	}
	ck_assert_int_eq(seen, n);
	expect_rows(db, "SELECT completed, outcome FROM run", "0|running\n");
	sqlite3_close(db);
	finish(RUN_FINISHED);
	db = open_trace();
	expect_rows(db, "SELECT completed, outcome, (SELECT COUNT(*) FROM traps) FROM run",
		    "1|finished|24581\n");
	sqlite3_close(db);
}
END_TEST

/*
 * full: counters every 10 us of simulated time, between the machine's
 * turns. determinism.elf runs for ever; the limit, 45000 instructions at
 * one a cycle, stops it 45 us in (a block late at most): samples at 10, 20,
 * 30 and 40 us (each at most a block late), then the final one, whose
 * counts per EL add up to the core's.
 */
START_TEST(test_full_samples_counters)
{
	sqlite3 *db;

	build("determinism", 45000);
	start(TRACE_FULL);
	ck_assert_int_eq(machine_run(m), 1);
	finish(RUN_FAILED);

	db = open_trace();
	expect_rows(db, "SELECT final, ns / 10000, ns % 10000 < 100 FROM counters ORDER BY id",
		    "0|1|1\n0|2|1\n0|3|1\n0|4|1\n1|4|0\n");
	expect_rows(db, "SELECT cycles BETWEEN 45000 AND 45099, cycles = insns_el0 + insns_el1"
		    " + insns_el2, cycles = cycles_el0 + cycles_el1 + cycles_el2 FROM counters"
		    " WHERE final", "1|1|1\n");
	/* Energy grows with every sample; bare metal under functional timing
	 * has no VM and no cache, TLB or predictor counters. */
	expect_rows(db, "SELECT COUNT(*) FROM (SELECT energy_fj_el0 + energy_fj_el1 +"
		    " energy_fj_el2 - COALESCE(LAG(energy_fj_el0 + energy_fj_el1 + energy_fj_el2)"
		    " OVER (ORDER BY id), 0) AS d FROM counters) WHERE d > 0", "5\n");
	expect_rows(db, "SELECT COUNT(*) FROM counters WHERE vm IS NULL AND l1d_misses IS NULL"
		    " AND l2_misses IS NULL AND dram_reads IS NULL AND tlb_misses IS NULL"
		    " AND branches IS NULL AND mispredicts IS NULL", "5\n");
	expect_rows(db, "SELECT counter_period_ns, completed, outcome FROM run",
		    "10000|0|failed\n");
	sqlite3_close(db);
}
END_TEST

/*
 * A run killed with SIGKILL leaves a valid database with every row
 * committed before the kill, and the run marked incomplete.
 */
START_TEST(test_crash_consistency)
{
	struct timespec nap = { 0, 20000000 };
	long long before = 0;
	sqlite3 *db;
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		build("determinism", 0);
		start(TRACE_FULL);
		machine_run(m);
		_exit(3);                       /* never: the program has no end */
	}
	for (int tries = 0; tries < 1000 && before < 1000; tries++) {
		nanosleep(&nap, NULL);
		before = poll_count("SELECT COUNT(*) FROM traps");
	}
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	ck_assert_int_ge(before, 1000);

	db = open_trace();
	expect_rows(db, "PRAGMA integrity_check", "ok\n");
	expect_rows(db, "SELECT completed, outcome, host_end FROM run", "0|running|NULL\n");
	ck_assert_int_ge(count(db, "SELECT COUNT(*) FROM traps"), before);
	ck_assert_int_ge(count(db, "SELECT COUNT(*) FROM counters"), 1);
	/* Whole rows only: the program's SVCs and HVCs, each returned. */
	expect_rows(db, "SELECT COUNT(*) FROM traps WHERE class NOT IN ('SVC64', 'HVC64')"
		    " OR return_cycle IS NULL OR return_cycle <= entry_cycle", "0\n");
	sqlite3_close(db);
}
END_TEST

static Suite *recorder_suite(void)
{
	Suite *s = suite_create("recorder");
	TCase *schema = tcase_create("schema");
	TCase *pairing = tcase_create("pairing");
	TCase *writing = tcase_create("writing");

	tcase_add_checked_fixture(schema, setup, teardown);
	tcase_add_test(schema, test_schema_version);
	tcase_add_test(schema, test_create_refuses_existing);
	suite_add_tcase(s, schema);

	tcase_add_checked_fixture(pairing, setup, teardown);
	tcase_add_test(pairing, test_nested_levels);
	tcase_add_test(pairing, test_same_el_and_unmatched);
	tcase_add_test(pairing, test_stack_overflow);
	tcase_add_test(pairing, test_irq_life);
	tcase_add_test(pairing, test_vcpu_and_console);
	tcase_add_test(pairing, test_summary_level);
	suite_add_tcase(s, pairing);

	tcase_add_checked_fixture(writing, setup, teardown);
	tcase_set_timeout(writing, 60);
	tcase_add_test(writing, test_batches_visible_after_commit);
	tcase_add_test(writing, test_full_samples_counters);
	tcase_add_test(writing, test_crash_consistency);
	suite_add_tcase(s, writing);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(recorder_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
