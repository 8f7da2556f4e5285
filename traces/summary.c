/*
 * summary.c - the run summary: what `phonesim run` prints at the end of a
 * recorded run and `phonesim trace RUN.db vms` prints for any trace (see
 * summary.h).
 *
 * Everything comes from the database, so the summary of a run and of its
 * trace read later are the same text. Per VM it uses vm_usage, which the
 * recorder keeps exactly at every trace level: CPU time is the time a VM
 * held a core less the time the core waited in WFI; the hypervisor's
 * overhead on a VM is the share of that time the core spent at EL2 (its
 * traps, its switches, its console); energy is all three ELs. A VM's
 * deadlines are those of the real-time devices it was given (vms.devices):
 * the modem's frames, and the display's (a display frame missed is a frame
 * dropped). Traps are those taken to the hypervisor, from trap_summary; a
 * trapped WFI lasts until its vCPU runs again, so its cycles are a wait
 * (other vCPUs run meanwhile), not a cost of the VM's, and get no share.
 *
 * Not here: the trace's listings (query.c), charts (report).
 */
#include <stdbool.h>
#include <stdio.h>

#include "query.h"
#include "summary.h"
#include "table.h"

static const struct column run_cols[] = {
	{ "name", COL_TEXT, 0 }, { "outcome", COL_TEXT, 0 }, { "exit_status", COL_INT, 0 },
	{ "soc", COL_TEXT, 0 }, { "cores", COL_INT, 0 }, { "timing", COL_TEXT, 0 },
	{ "sim_ms", COL_REAL, 0 }, { "instructions", COL_INT, 0 }, { "seed", COL_INT, 0 },
	{ "duration_ms", COL_REAL, 0 }, { "energy_mj", COL_REAL, 0 },
};

static const char run_sql[] =
	"SELECT COALESCE(name, image), outcome, exit_status, soc, cores, timing,"
	" sim_ns / 1e6, instructions, seed, duration_ns / 1e6,"
	" (SELECT SUM(energy_fj_el0 + energy_fj_el1 + energy_fj_el2) / 1e12 FROM vm_usage)"
	" FROM run";

static const struct column vm_cols[] = {
	{ "vm", COL_TEXT, -14 }, { "cpu_ms", COL_REAL, 10 }, { "held_ms", COL_REAL, 10 },
	{ "overhead_pct", COL_REAL, 12 }, { "energy_mj", COL_REAL, 10 },
	{ "modem_frames", COL_INT, 12 }, { "modem_missed", COL_INT, 12 },
	{ "display_frames", COL_INT, 14 }, { "display_dropped", COL_INT, 15 },
};

/*
 * One row per VM, then the time no VM held a core: the hypervisor's own
 * (idle, or on a bare-metal run the program itself). A real-time device's
 * deadlines (own) are those of the VM it was given, or on bare metal the
 * run's.
 */
const char summary_vm_sql[] =
	"WITH u AS (SELECT vm, SUM(ns) AS ns, SUM(cycles - wait_cycles) AS busy,"
	"  SUM(cycles) AS cycles, SUM(cycles_el2) AS el2,"
	"  SUM(energy_fj_el0 + energy_fj_el1 + energy_fj_el2) AS fj"
	"  FROM vm_usage GROUP BY vm),"
	" bare AS (SELECT COUNT(*) = 0 AS yes FROM vms),"
	" rows AS (SELECT v.vm AS vm, v.name AS name, v.devices AS devices FROM vms v"
	"  UNION ALL SELECT NULL, CASE WHEN (SELECT yes FROM bare)"
	"   THEN '(bare metal)' ELSE '(hypervisor)' END, NULL),"
	" own AS (SELECT r.vm AS vm, d.source AS source, COUNT(*) AS frames,"
	"  SUM(d.missed) AS missed FROM rows r JOIN deadlines d"
	"  ON (SELECT yes FROM bare) OR instr(',' || r.devices || ',', ',' || d.source || ',') > 0"
	"  GROUP BY r.vm, d.source)"
	" SELECT r.name AS vm,"
	"  COALESCE(u.ns * 1.0 * u.busy / NULLIF(u.cycles, 0), 0) / 1e6 AS cpu_ms,"
	"  COALESCE(u.ns, 0) / 1e6 AS held_ms,"
	"  CASE WHEN r.vm IS NOT NULL THEN 100.0 * u.el2 / NULLIF(u.busy, 0) END AS overhead_pct,"
	"  COALESCE(u.fj, 0) / 1e12 AS energy_mj,"
	"  m.frames AS modem_frames, m.missed AS modem_missed,"
	"  p.frames AS display_frames, p.missed AS display_dropped, r.vm AS vm_index"
	" FROM rows r LEFT JOIN u ON u.vm IS r.vm"
	"  LEFT JOIN own m ON m.vm IS r.vm AND m.source = 'modem'"
	"  LEFT JOIN own p ON p.vm IS r.vm AND p.source = 'display'"
	" ORDER BY r.vm IS NULL, r.vm";

static const struct column trap_cols[] = {
	{ "vm", COL_TEXT, -14 }, { "class", COL_TEXT, -11 }, { "from", COL_INT, 4 },
	{ "to", COL_INT, 2 }, { "count", COL_INT, 10 }, { "mean_cycles", COL_REAL, 11 },
	{ "cycles", COL_INT, 12 }, { "pct_of_vm", COL_REAL, 9 },
};

/*
 * The traps the hypervisor took, per VM and class, and their cost as a
 * share of the VM's CPU time; on bare metal, every trap by class.
 */
static const char trap_sql[] =
	"WITH busy AS (SELECT vm, SUM(cycles - wait_cycles) AS c FROM vm_usage GROUP BY vm)"
	" SELECT COALESCE(v.name, CASE WHEN (SELECT COUNT(*) FROM vms) > 0"
	"  THEN '(hypervisor)' ELSE '(bare metal)' END),"
	"  t.class, t.from_el, t.to_el, SUM(t.count),"
	"  SUM(t.cycles) * 1.0 / NULLIF(SUM(t.returned), 0), SUM(t.cycles),"
	"  CASE WHEN t.class <> 'WFX' THEN"
	"   100.0 * SUM(t.cycles) / NULLIF((SELECT c FROM busy b WHERE b.vm IS t.vm), 0) END"
	" FROM trap_summary t LEFT JOIN vms v ON v.vm = t.vm"
	" WHERE t.to_el = 2 OR (SELECT COUNT(*) FROM vms) = 0"
	" GROUP BY t.vm, t.class, t.from_el, t.to_el"
	" ORDER BY t.vm IS NULL, t.vm, SUM(t.cycles) DESC, t.class";

#define COLS(a) a, (int)(sizeof(a) / sizeof(a[0]))

/* sql's rows in fmt (a record for the run); 0, or -1 with err. */
static int print_sql(sqlite3 *db, const char *sql, const struct column *cols, int ncols,
		     bool record, enum table_format fmt, FILE *out, char *err, size_t len)
{
	return query_print_sql(db, sql, NULL, cols, ncols, record, fmt, out, err, len) == QUERY_OK
	       ? 0 : -1;
}

int summary_print(sqlite3 *db, enum table_format fmt, FILE *out, char *err, size_t len)
{
	bool json = fmt == TABLE_JSON;

	if (fmt == TABLE_CSV)
		return print_sql(db, summary_vm_sql, COLS(vm_cols), false, fmt, out, err, len);
	fputs(json ? "{\"run\":" : "", out);
	if (print_sql(db, run_sql, COLS(run_cols), true, fmt, out, err, len) != 0)
		return -1;
	fputs(json ? ",\n\"vms\":" : "\n", out);
	if (print_sql(db, summary_vm_sql, COLS(vm_cols), false, fmt, out, err, len) != 0)
		return -1;
	fputs(json ? ",\n\"traps\":" : "\nTraps (to the hypervisor; on bare metal, all), by VM and class:\n",
	      out);
	if (print_sql(db, trap_sql, COLS(trap_cols), false, fmt, out, err, len) != 0)
		return -1;
	fputs(json ? "}\n" : "", out);
	return 0;
}
