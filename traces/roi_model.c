/*
 * roi_model.c - what a consolidation is worth (see roi_model.h and
 * docs/roi.md, which states the model and its limits).
 *
 * From the traces: each VM's CPU time (vm_usage: time held less WFI waits,
 * per core at its clock), the hypervisor's share of it (cycles at EL2 over
 * busy cycles), its workload's key metrics (metrics: the guests' own
 * figures), its devices' deadlines, and each run's average power (all
 * energy over simulated time). The separate-processor design is the sum of
 * the native runs' powers: each VM's workload on a processor of its own.
 * What is not simulated (the separate baseband chip's own static power,
 * the rest of the phone) enters as the scenario's parameters.
 *
 * Not here: the runs (sim/cmd_roi.c), the output (roi_report.c).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "roi_model.h"
#include "scenario_schema.h"
#include "schema.h"
#include "summary.h"

/* The figure each workload is judged by (workloads/README.md lists them all). */
static const struct {
	const char *workload, *name;
	bool higher_is_better;
} key_metrics[] = {
	{ "rtos", "latency_mean", false },
	{ "appos", "compute_iterations_per_s_milli", true },
	{ "appos", "ui_fps_milli", true },
	{ "appos", "storage_read_kib_per_s", true },
};

static const char *const sources[ROI_SOURCES] = { "modem", "display" };

/* One open database and the reason of its first failure. */
struct db {
	sqlite3 *db;
	const char *path;
	char *err;
	size_t len;
};

static int db_fail(struct db *d, const char *what)
{
	snprintf(d->err, d->len, "%s: %s: %s", d->path, what, sqlite3_errmsg(d->db));
	return -1;
}

/*
 * Runs sql with ?1 bound to vm (NULL when vm < 0: a native run's rows) and
 * ?2, ?3 to the texts a and b when given; its first row in *st, stepped.
 * SQLITE_ROW, SQLITE_DONE, or -1 with the reason.
 */
static int query(struct db *d, sqlite3_stmt **st, const char *sql, int64_t vm, const char *a,
		 const char *b)
{
	int rc;

	if (sqlite3_prepare_v2(d->db, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(d, "cannot query");
	if (vm >= 0)
		sqlite3_bind_int64(*st, 1, vm);
	if (a)
		sqlite3_bind_text(*st, 2, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(*st, 3, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(*st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(d, "cannot query");
		sqlite3_finalize(*st);
		return -1;
	}
	return rc;
}

/* The run's length, and when a workload first reported (its work done). */
static int read_run(struct db *d, struct roi_run *run)
{
	sqlite3_stmt *st;
	int64_t sim_ns;

	if (query(d, &st, "SELECT sim_ns, (SELECT MIN(ns) FROM metrics) FROM run", -1, NULL,
		  NULL) != SQLITE_ROW) {
		snprintf(d->err, d->len, "%s: no run row: not a finished run", d->path);
		return -1;
	}
	sim_ns = sqlite3_column_int64(st, 0);
	run->first_metric_ns = sqlite3_column_type(st, 1) == SQLITE_NULL
			       ? -1 : sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (sim_ns <= 0) {
		snprintf(d->err, d->len, "%s: the run simulated no time", d->path);
		return -1;
	}
	run->sim_ms = (double)sim_ns / 1e6;
	return 0;
}

/*
 * The run's power over [0, window]: per core, its energy at its last
 * counter sample within the window over that sample's time (fJ/ns is uW).
 */
static int read_power(struct db *d, int64_t window_ns, struct roi_run *run)
{
	sqlite3_stmt *st;
	int rc;

	rc = query(d, &st, "SELECT TOTAL(fj * 1.0 / ns) / 1e3, COUNT(*) FROM"
		   " (SELECT ns, energy_fj_el0 + energy_fj_el1 + energy_fj_el2 AS fj,"
		   "  ROW_NUMBER() OVER (PARTITION BY core ORDER BY ns DESC, id DESC) AS k"
		   "  FROM counters WHERE ns > 0 AND ns <= ?1) WHERE k = 1",
		   window_ns, NULL, NULL);
	if (rc < 0)
		return -1;
	run->power_mw = sqlite3_column_double(st, 0);
	rc = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (!rc) {
		snprintf(d->err, d->len, "%s: no counter sample in the first %.3f ms: record at "
			 "trace level full", d->path, (double)window_ns / 1e6);
		return -1;
	}
	return 0;
}

/*
 * A row of the run summary (summary_vm_sql), the VM called name or a
 * bare-metal run's: the hypervisor's share of its CPU time (0 for none),
 * and the frames and misses of each real-time device it was given
 * (frames 0: not given, or no frame).
 */
struct summary_row {
	double overhead_pct;
	int64_t frames[ROI_SOURCES], missed[ROI_SOURCES];
};

static int read_summary(struct db *d, const char *name, struct summary_row *row)
{
	static char sql[8192];
	sqlite3_stmt *st;
	int rc;

	_Static_assert(ROI_SOURCES == 2, "the summary's columns: modem, display");
	snprintf(sql, sizeof(sql), "SELECT COALESCE(overhead_pct, 0), modem_frames, modem_missed,"
		 " display_frames, display_dropped FROM (%s) WHERE vm = ?2", summary_vm_sql);
	rc = query(d, &st, sql, -1, name, NULL);
	if (rc < 0)
		return -1;
	*row = (struct summary_row){ 0 };
	if (rc == SQLITE_ROW) {
		row->overhead_pct = sqlite3_column_double(st, 0);
		for (unsigned i = 0; i < ROI_SOURCES; i++) {
			row->frames[i] = sqlite3_column_int64(st, 1 + 2 * i);
			row->missed[i] = sqlite3_column_int64(st, 2 + 2 * i);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* The last value of a metric the guest printed; false when it printed none. */
static int read_metric(struct db *d, int64_t vm, const char *workload, const char *name,
		       int64_t *value, char *unit, size_t unit_len)
{
	sqlite3_stmt *st;
	int rc = query(d, &st, "SELECT value, unit FROM metrics WHERE vm IS ?1 AND workload = ?2"
		       " AND name = ?3 ORDER BY id DESC LIMIT 1", vm, workload, name);

	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int64(st, 0);
		snprintf(unit, unit_len, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	if (rc >= 0)
		sqlite3_finalize(st);
	return rc < 0 ? -1 : rc == SQLITE_ROW;
}

static double change_pct(double from, double to)
{
	return from != 0 ? 100.0 * (to - from) / from : NAN;
}

/* The VM's number in the virtualized run. */
static int find_vm(struct db *d, const char *name, int64_t *vm)
{
	sqlite3_stmt *st;
	int rc = query(d, &st, "SELECT vm FROM vms WHERE name = ?2", -1, name, NULL);

	if (rc < 0)
		return -1;
	if (rc == SQLITE_ROW)
		*vm = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		snprintf(d->err, d->len, "%s: no VM called %s: the run did not start it", d->path,
			 name);
		return -1;
	}
	return 0;
}

/* One VM: the virtualized run's figures against its native run's. */
static int compare_vm(struct db *virt, struct db *native, struct roi_vm *v)
{
	struct summary_row sv, sn;
	int64_t vm, value;
	char unit[16];
	int rc;

	if (find_vm(virt, v->name, &vm) < 0 || read_summary(virt, v->name, &sv) < 0 ||
	    read_summary(native, "(bare metal)", &sn) < 0)
		return -1;
	v->overhead_pct = sv.overhead_pct;
	for (size_t i = 0; i < sizeof(key_metrics) / sizeof(key_metrics[0]); i++) {
		struct roi_metric *m = &v->metric[v->nmetrics];

		if ((rc = read_metric(virt, vm, key_metrics[i].workload, key_metrics[i].name,
				      &m->virtualized, m->unit, sizeof(m->unit))) < 0)
			return -1;
		if (!rc)
			continue;
		if ((rc = read_metric(native, -1, key_metrics[i].workload, key_metrics[i].name,
				      &value, unit, sizeof(unit))) < 0)
			return -1;
		if (!rc)
			continue;
		snprintf(v->workload, sizeof(v->workload), "%s", key_metrics[i].workload);
		m->name = key_metrics[i].name;
		m->higher_is_better = key_metrics[i].higher_is_better;
		m->native = value;
		m->cost_pct = change_pct((double)value, (double)m->virtualized);
		if (m->higher_is_better)
			m->cost_pct = -m->cost_pct;
		if (++v->nmetrics == ROI_MAX_METRICS)
			break;
	}
	for (unsigned i = 0; i < ROI_SOURCES; i++) {
		struct roi_deadlines *dl = &v->deadlines[v->nsources];

		if (!sv.frames[i])
			continue;
		*dl = (struct roi_deadlines){
			.source = sources[i],
			.frames_virtualized = sv.frames[i], .missed_virtualized = sv.missed[i],
			.frames_native = sn.frames[i], .missed_native = sn.missed[i],
		};
		v->nsources++;
	}
	return 0;
}

static int open_db(struct db *d, const char *path, char *err, size_t len)
{
	char why[PATH_MAX + 256];

	*d = (struct db){ .path = path, .err = err, .len = len };
	d->db = trace_db_open(path, why, sizeof(why));
	if (!d->db) {
		snprintf(err, len, "%s", why);
		return -1;
	}
	return 0;
}

/* What the measurements mean in power and battery life. */
static void power_and_battery(struct roi_result *r)
{
	const double one = SCHEMA_DECIMAL_ONE;
	double platform = (double)r->params.platform_mw / one;
	double battery = (double)r->params.battery_mwh;
	double usage = (double)r->params.usage_hours_per_day / one;

	r->separate_compute_mw = 0;
	for (unsigned i = 0; i < r->nvms; i++)
		r->separate_compute_mw += r->native[i].power_mw;
	r->separate_mw = r->separate_compute_mw + (double)r->params.baseband_chip_mw / one + platform;
	r->consolidated_mw = r->virtualized.power_mw + platform;
	r->power_change_pct = change_pct(r->separate_mw, r->consolidated_mw);
	r->hours_separate = battery / r->separate_mw;
	r->hours_consolidated = battery / r->consolidated_mw;
	r->hours_change = r->hours_consolidated - r->hours_separate;
	r->days_separate = usage > 0 ? r->hours_separate / usage : 0;
	r->days_consolidated = usage > 0 ? r->hours_consolidated / usage : 0;
}

static void money(struct roi_result *r)
{
	const struct scenario_roi *p = &r->params;

	/* The schema's bounds keep every product here within 64 bits. */
	r->saving_per_unit = (int64_t)p->bom_saved_usd - (int64_t)p->hypervisor_cost_usd;
	r->total_saving = (int64_t)p->units * r->saving_per_unit - (int64_t)p->nre_usd;
	r->breaks_even = r->saving_per_unit > 0;
	r->break_even_units = r->breaks_even ? (p->nre_usd + (uint64_t)r->saving_per_unit - 1) /
					       (uint64_t)r->saving_per_unit : 0;
}

const char *roi_usd(int64_t millionths, char *buf, size_t len)
{
	char digits[40];

	schema_decimal_format(millionths, 2, digits, sizeof(digits));
	snprintf(buf, len, "%s$%s", digits[0] == '-' ? "-" : "", digits + (digits[0] == '-'));
	return buf;
}

/* One sentence: whether to consolidate, and the first reason not to. */
static void verdict(struct roi_result *r)
{
	char per_unit[48], total[48], bom[48], hyp[48], nre[48], tail[256] = "";
	size_t n = sizeof(r->verdict);

	roi_usd(r->saving_per_unit, per_unit, sizeof(per_unit));
	roi_usd(r->total_saving, total, sizeof(total));
	roi_usd((int64_t)r->params.bom_saved_usd, bom, sizeof(bom));
	roi_usd((int64_t)r->params.hypervisor_cost_usd, hyp, sizeof(hyp));
	roi_usd((int64_t)r->params.nre_usd, nre, sizeof(nre));
	r->modem_missed = 0;
	for (unsigned i = 0; i < r->nvms; i++)
		for (unsigned k = 0; k < r->vm[i].nsources; k++) {
			const struct roi_deadlines *d = &r->vm[i].deadlines[k];

			if (!strcmp(d->source, "modem"))
				r->modem_missed += d->missed_virtualized;
			else if (d->missed_virtualized)
				snprintf(tail + strlen(tail), sizeof(tail) - strlen(tail),
					 "; %s missed %" PRId64 " of %" PRId64 " %s frames",
					 r->vm[i].name, d->missed_virtualized,
					 d->frames_virtualized, d->source);
		}
	r->viable = false;
	if (r->modem_missed)
		snprintf(r->verdict, n, "not viable: the baseband missed %" PRId64 " modem "
			 "deadline%s virtualized", r->modem_missed, r->modem_missed == 1 ? "" : "s");
	else if (!r->breaks_even)
		snprintf(r->verdict, n, "not viable: the hypervisor (%s per unit) costs at least "
			 "what consolidation saves (%s): no volume breaks even", hyp, bom);
	else if (r->total_saving < 0)
		snprintf(r->verdict, n, "not viable at %" PRIu64 " units: %s in total; break-even "
			 "at %" PRIu64 " units", r->params.units, total, r->break_even_units);
	else
		r->viable = true;
	if (r->viable)
		snprintf(r->verdict, n, "viable: %s per unit, %s in total at %" PRIu64 " units after "
			 "%s NRE (break-even at %" PRIu64 " units); every modem deadline met%s",
			 per_unit, total, r->params.units, nre, r->break_even_units, tail);
	else
		snprintf(r->verdict + strlen(r->verdict), n - strlen(r->verdict), "%s", tail);
}

/* The earliest report of any run; INT64_MAX (the whole runs) when none reported. */
static int64_t window_of(const struct roi_result *r)
{
	int64_t w = INT64_MAX;

	if (r->virtualized.first_metric_ns >= 0)
		w = r->virtualized.first_metric_ns;
	for (unsigned i = 0; i < r->nvms; i++)
		if (r->native[i].first_metric_ns >= 0 && r->native[i].first_metric_ns < w)
			w = r->native[i].first_metric_ns;
	return w;
}

/* Each native database in turn with the virtualized one: read, then compared. */
static int each_native(struct roi_result *r, struct db *virt, bool compare, char *err, size_t len)
{
	struct db native;
	int rc = 0;

	for (unsigned i = 0; rc == 0 && i < r->nvms; i++) {
		if (open_db(&native, r->native[i].db, err, len) < 0)
			return -1;
		if (!compare)
			rc = read_run(&native, &r->native[i]);
		else if ((rc = read_power(&native, r->window_ns, &r->native[i])) == 0)
			rc = compare_vm(virt, &native, &r->vm[i]);
		sqlite3_close(native.db);
	}
	return rc;
}

int roi_compute(struct roi_result *r, char *err, size_t len)
{
	struct db virt;
	int rc;

	if (open_db(&virt, r->virtualized.db, err, len) < 0)
		return -1;
	rc = read_run(&virt, &r->virtualized);
	if (rc == 0)
		rc = each_native(r, &virt, false, err, len);
	if (rc == 0) {
		r->window_ns = window_of(r);
		rc = read_power(&virt, r->window_ns, &r->virtualized);
	}
	if (rc == 0)
		rc = each_native(r, &virt, true, err, len);
	sqlite3_close(virt.db);
	if (rc < 0)
		return -1;
	power_and_battery(r);
	money(r);
	verdict(r);
	return 0;
}
