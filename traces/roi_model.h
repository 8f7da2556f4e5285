/*
 * roi_model.h - the return on a consolidation decision (docs/roi.md): the
 * business parameters of a scenario's roi: section combined with what a
 * virtualized run of the scenario and a native run of each of its VMs
 * measured, read from their trace databases.
 *
 * Money is exact (whole millionths of a dollar, as the scenario gives
 * them); what the runs measured is floating point. Everything comes from
 * the parameters and the databases: the same databases give the same
 * result, bit for bit.
 *
 * Not here: making the runs (sim/cmd_roi.c), printing the result
 * (roi_report.h).
 */
#ifndef PHONESIM_TRACES_ROI_MODEL_H
#define PHONESIM_TRACES_ROI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hyp_config.h"
#include "scenario.h"

#define ROI_MAX_METRICS         4       /* key metrics of one workload */
#define ROI_SOURCES             2       /* real-time devices: modem, display */

/*
 * The runs record counters every ROI_COUNTER_PERIOD_US (trace level full):
 * power is measured up to the last sample within the window.
 */
#define ROI_COUNTER_PERIOD_US   100

/* One run and its database. */
struct roi_run {
	char label[HYP_VM_NAME_LEN + 16];       /* "virtualized", "native baseband" */
	char db[PATH_MAX];
	double sim_ms;                  /* the whole run */
	int64_t first_metric_ns;        /* when a workload first reported: done; -1: never */
	double power_mw;                /* in the window: each core's energy over its time */
};

/* A workload's key metric (the guest's metric line), native against virtualized. */
struct roi_metric {
	const char *name;               /* "latency_mean" */
	char unit[16];
	bool higher_is_better;
	int64_t native, virtualized;
	double cost_pct;                /* how much worse virtualized: > 0 worse, < 0 better */
};

/* A real-time device's frames: those of the devices the VM was given. */
struct roi_deadlines {
	const char *source;             /* "modem", "display" */
	int64_t frames_native, missed_native;
	int64_t frames_virtualized, missed_virtualized;
};

struct roi_vm {
	char name[HYP_VM_NAME_LEN];
	char workload[32];              /* from its metric lines; "" if it printed none */
	double overhead_pct;            /* the hypervisor's share of its CPU time, virtualized */
	unsigned nmetrics;
	struct roi_metric metric[ROI_MAX_METRICS];
	unsigned nsources;
	struct roi_deadlines deadlines[ROI_SOURCES];
};

struct roi_result {
	const char *scenario;
	uint64_t duration_ns;           /* told to the guests; 0: none */
	struct scenario_roi params;
	unsigned nvms;
	struct roi_vm vm[HYP_MAX_VMS];
	struct roi_run virtualized;
	struct roi_run native[HYP_MAX_VMS];             /* one per VM, in vm[]'s order */
	/*
	 * Power is compared over [0, window_ns]: until the first workload of
	 * any run finished (printed its metric lines), when every workload in
	 * every run is still at work; the whole runs (INT64_MAX) when none reported.
	 */
	int64_t window_ns;
	/* power: the separate-processor design against the consolidated one */
	double separate_compute_mw;     /* the sum of the native runs' */
	double separate_mw;             /* + baseband_chip_mw + platform_mw */
	double consolidated_mw;         /* the virtualized run's + platform_mw */
	double power_change_pct;
	double hours_separate, hours_consolidated, hours_change;
	double days_separate, days_consolidated;        /* with usage_hours_per_day only */
	/* money, in millionths of a dollar */
	int64_t saving_per_unit;        /* bom_saved - hypervisor_cost */
	int64_t total_saving;           /* units x saving_per_unit - nre */
	bool breaks_even;               /* saving_per_unit > 0 */
	uint64_t break_even_units;      /* the fewest units whose saving covers the NRE */
	int64_t modem_missed;           /* modem deadlines missed virtualized, all VMs */
	bool viable;
	char verdict[512];
};

/*
 * Fills r from the databases r->virtualized.db and r->native[i].db (set by
 * the caller, with r->scenario, r->duration_ns, r->params, r->nvms and each
 * r->vm[i].name). 0, or -1 with a one-line reason in err.
 */
int roi_compute(struct roi_result *r, char *err, size_t len);

/* Millionths of a dollar as text: "$7.50", "-$0.125". Returns buf. */
const char *roi_usd(int64_t millionths, char *buf, size_t len);

#endif
