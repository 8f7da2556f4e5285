/*
 * roi_report.h - a consolidation's return (roi_model.h) for people and for
 * scripts: a text table, a JSON object, and a self-contained HTML page
 * whose charts gnuplot draws (the net saving against units shipped, with
 * the break-even point; each figure virtualized against native).
 *
 * Each output depends on the result alone: the same result, the same bytes
 * (no host time, no absolute paths). Not here: computing the result.
 */
#ifndef PHONESIM_TRACES_ROI_REPORT_H
#define PHONESIM_TRACES_ROI_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "roi_model.h"

void roi_print_text(const struct roi_result *r, FILE *out);
void roi_print_json(const struct roi_result *r, FILE *out);

/*
 * Writes the page to out, its charts drawn by gnuplot run in dir (where it
 * leaves nothing). 0, or -1 with a one-line reason in err when gnuplot
 * could not draw them.
 */
int roi_print_html(const struct roi_result *r, const char *dir, FILE *out, char *err,
		   size_t len);

#endif
