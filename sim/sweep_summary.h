/*
 * sweep_summary.h - the merged summary of a sweep: one row per run of
 * DIR/plan.tsv with its axis values and the figures of its trace
 * DIR/run-NNN.db (exit status, outcome, simulated ms, instructions, per VM
 * CPU ms and the hypervisor's overhead as traces/summary.c has them, modem
 * deadlines missed, display frames dropped, host seconds). What `phonesim
 * sweep` prints after its runs, and `phonesim sweep --merge DIR` for runs
 * made elsewhere.
 *
 * Not here: making the plan or the runs (sweep_plan.h, cmd_sweep.c).
 */
#ifndef PHONESIM_SIM_SWEEP_SUMMARY_H
#define PHONESIM_SIM_SWEEP_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "spawn.h"
#include "table.h"

enum sweep_result {
	SWEEP_ALL_OK,           /* every run finished with exit status 0 */
	SWEEP_SOME_FAILED,      /* the summary is out, marking the failures */
	SWEEP_BAD_PLAN,         /* no plan.tsv, or not one a sweep wrote */
	SWEEP_ERROR,            /* out of memory, an SQLite or file error */
};

/*
 * Prints the summary of the sweep in dir to out in fmt, and with csv_path
 * also writes it there as CSV (whole or not at all). jobs (the runs, in
 * plan order) give each run's exit status and host seconds; NULL for
 * --merge, when they come from the traces (run.exit_status; host seconds
 * whole, from run.host_start and run.host_end). err says what went wrong
 * in one line for SWEEP_BAD_PLAN and SWEEP_ERROR.
 */
enum sweep_result sweep_summary(const char *dir, const struct spawn_job *jobs, unsigned njobs,
				enum table_format fmt, FILE *out, const char *csv_path,
				char *err, size_t len);

#endif
