/*
 * bench_suite.c - the suites of `phonesim bench` and the figures of a run
 * (see bench_suite.h).
 *
 * Every figure but the simulator's speed is simulated, so the same build
 * gives the same figures on any host: that is what lets a CI gate compare
 * them to a committed baseline with a threshold of a few percent. Each
 * family of figures is one SQL query on the run's trace, returning rows
 * (name, value, unit, direction) in a fixed order; a NULL value (an
 * overhead with no CPU time) is no figure. The per-VM figures are the run
 * summary's own (summary_vm_sql), so bench and `phonesim trace RUN.db vms`
 * agree.
 *
 * Not here: running the suites (cmd_bench.c, spawn.h), judging the figures
 * (bench_compare.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "bench_suite.h"
#include "schema.h"
#include "summary.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Under 30 s of wall time on two cores: what tests and every CI job run.
 * Longest first, so that with -j 2 the micro-benchmarks run beside it.
 */
static const struct bench_run_spec quick_runs[] = {
	{ "phone-default", "100ms" },
	{ "microbench", NULL },
	{ "microbench-native", NULL },
};

/* Every built-in scenario, the timed ones shortened from their 1 s; longest first. */
static const struct bench_run_spec full_runs[] = {
	{ "dual-persona", "200ms" },
	{ "phone-default", "200ms" },
	{ "baseband-consolidation", "200ms" },
	{ "appos-native", "200ms" },
	{ "appos-work-native", "200ms" },
	{ "rtos-native", "200ms" },
	{ "microbench", NULL },
	{ "microbench-native", NULL },
};

const struct bench_suite bench_suites[] = {
	{ "quick", "the micro-benchmarks, virtualized and native, and 100 ms of phone-default",
	  quick_runs, NELEMS(quick_runs) },
	{ "full", "every built-in scenario, the phone ones for 200 ms",
	  full_runs, NELEMS(full_runs) },
	{ NULL, NULL, NULL, 0 },
};

const struct bench_suite *bench_suite_find(const char *name)
{
	for (const struct bench_suite *s = bench_suites; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* The run as a whole: how long it lasted and the work the cores did. */
static const char run_sql[] =
	"SELECT 'sim_ns', sim_ns, 'ns', 'lower', 1 FROM run"
	" UNION ALL SELECT 'sim_cycles', (SELECT SUM(cycles) FROM vm_usage), 'cycles', 'lower', 2"
	" UNION ALL SELECT 'busy_cycles', (SELECT SUM(cycles - wait_cycles) FROM vm_usage),"
	"  'cycles', 'lower', 3"
	" UNION ALL SELECT 'instructions', instructions, 'insns', 'info', 4 FROM run"
	" ORDER BY 5";

/*
 * Per VM: its CPU time and the hypervisor's overhead on it, from the run
 * summary's VM table (%s: summary_vm_sql; not its row of no VM).
 */
static const char vm_fmt[] =
	"WITH s AS (SELECT * FROM (%s) WHERE vm_index IS NOT NULL)"
	" SELECT vm || '.cpu_ms', ROUND(cpu_ms, 6), 'ms', 'lower' FROM s"
	" UNION ALL SELECT vm || '.overhead_pct', ROUND(overhead_pct, 4), '%%', 'lower' FROM s";

/* Per real-time source: its frames, and those missed (a display's: dropped). */
static const char deadline_sql[] =
	"SELECT source || '.frames', COUNT(*), 'frames', 'info', source, 1"
	"  FROM deadlines GROUP BY source"
	" UNION ALL SELECT source || CASE source WHEN 'display' THEN '.dropped' ELSE '.missed' END,"
	"  SUM(missed), 'frames', 'lower', source, 2"
	"  FROM deadlines GROUP BY source"
	" ORDER BY 5, 6";

/*
 * The guests' own results worth gating (workloads/README.md): the costs the
 * micro-benchmarks measure, the baseband's frame latency and misses, the
 * app OS's throughput and its UI's drops. A metric printed twice counts
 * once, as its last value.
 */
static const char guest_sql[] =
	"WITH sel(workload, name, direction) AS (VALUES"
	"  ('microbench', 'hypercall_mean', 'lower'),"
	"  ('microbench', 'ic_trap_mean', 'lower'),"
	"  ('microbench', 'ipi_mean', 'lower'),"
	"  ('microbench', 'irq_complete_mean', 'lower'),"
	"  ('microbench', 'vm_switch_mean', 'lower'),"
	"  ('microbench', 'io_out_mean', 'lower'),"
	"  ('microbench', 'io_in_mean', 'lower'),"
	"  ('microbench', 'timer_in_mean', 'lower'),"
	"  ('rtos', 'latency_mean', 'lower'),"
	"  ('rtos', 'latency_max', 'lower'),"
	"  ('rtos', 'load_mean', 'lower'),"
	"  ('rtos', 'missed', 'lower'),"
	"  ('appos', 'compute_iterations_per_s_milli', 'higher'),"
	"  ('appos', 'storage_read_kib_per_s', 'higher'),"
	"  ('appos', 'storage_write_kib_per_s', 'higher'),"
	"  ('appos', 'net_rtt_us_mean', 'lower'),"
	"  ('appos', 'ui_vsync_to_flip_us_mean', 'lower'),"
	"  ('appos', 'ui_frames_dropped', 'lower'))"
	" SELECT COALESCE(v.name || '.', '') || m.workload || '.' || m.name, m.value, m.unit,"
	"  s.direction"
	" FROM metrics m JOIN sel s ON s.workload = m.workload AND s.name = m.name"
	" LEFT JOIN vms v ON v.vm = m.vm"
	" WHERE m.id IN (SELECT MAX(id) FROM metrics GROUP BY vm, workload, name)"
	" ORDER BY m.vm IS NOT NULL, m.vm, m.workload, m.name";


const char *bench_direction_name(enum bench_direction d)
{
	return d == BENCH_LOWER ? "lower" : d == BENCH_HIGHER ? "higher" : "info";
}

static int add_metric(struct bench_result *r, const char *name, double value, const char *unit,
		      enum bench_direction direction, bool host)
{
	struct bench_metric *m = realloc(r->metrics, (r->nmetrics + 1) * sizeof(*m));

	if (!m)
		return -1;
	r->metrics = m;
	m += r->nmetrics;
	m->name = strdup(name);
	m->unit = strdup(unit);
	if (!m->name || !m->unit) {
		free(m->name);
		free(m->unit);
		return -1;
	}
	m->value = value;
	m->direction = direction;
	m->host = host;
	r->nmetrics++;
	return 0;
}

/* Adds the rows of one figure query; 0, or -1 with err. */
static int add_rows(sqlite3 *db, const char *sql, struct bench_result *r, char *err, size_t len)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, len, "cannot query the trace: %s", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *dir = (const char *)sqlite3_column_text(st, 3);
		enum bench_direction d = !strcmp(dir, "lower")  ? BENCH_LOWER
					 : !strcmp(dir, "higher") ? BENCH_HIGHER
								  : BENCH_INFO;

		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		if (add_metric(r, (const char *)sqlite3_column_text(st, 0),
			       sqlite3_column_double(st, 1), (const char *)sqlite3_column_text(st, 2),
			       d, false) != 0) {
			sqlite3_finalize(st);
			snprintf(err, len, "out of memory");
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, len, "cannot query the trace: %s", sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/* Millions of simulated instructions per host second, to 0.01. */
static int add_host_mips(struct bench_result *r, char *err, size_t len)
{
	for (unsigned i = 0; i < r->nmetrics; i++) {
		if (strcmp(r->metrics[i].name, "instructions") != 0 || r->host_seconds <= 0)
			continue;
		if (add_metric(r, "host_mips",
			       round(r->metrics[i].value / r->host_seconds / 1e4) / 100, "MIPS",
			       BENCH_HIGHER, true) != 0) {
			snprintf(err, len, "out of memory");
			return -1;
		}
		return 0;
	}
	return 0;
}

int bench_read_figures(const char *db_path, struct bench_result *r, char *err, size_t len)
{
	size_t n = sizeof(vm_fmt) + strlen(summary_vm_sql);
	char *vm_sql = malloc(n);
	const char *figure_sql[] = { run_sql, vm_sql, deadline_sql, guest_sql };
	sqlite3 *db;
	int rc = 0;

	if (!vm_sql) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	snprintf(vm_sql, n, vm_fmt, summary_vm_sql);
	db = trace_db_open(db_path, err, len);
	if (!db)
		rc = -1;
	for (size_t i = 0; i < NELEMS(figure_sql) && rc == 0; i++)
		rc = add_rows(db, figure_sql[i], r, err, len);
	sqlite3_close(db);
	free(vm_sql);
	return rc ? rc : add_host_mips(r, err, len);
}

void bench_result_free(struct bench_result *r)
{
	for (unsigned i = 0; i < r->nmetrics; i++) {
		free(r->metrics[i].name);
		free(r->metrics[i].unit);
	}
	free(r->metrics);
	r->metrics = NULL;
	r->nmetrics = 0;
}
