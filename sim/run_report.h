/*
 * run_report.h - the end-of-run summaries of `phonesim run` (run_report.c).
 */
#ifndef PHONESIM_RUN_REPORT_H
#define PHONESIM_RUN_REPORT_H

#include <stdbool.h>

struct machine;

/* Instruction, exception, interrupt and device counts on stderr; seconds: host time. */
void run_report_stats(const struct machine *m, double seconds, bool hyp);

/*
 * The run's totals as one JSON object on stdout: simulated figures only, no
 * host time. Left open (no closing brace) for the caller to add members
 * unless close.
 */
void run_report_json(const struct machine *m, int status, bool close);

#endif
