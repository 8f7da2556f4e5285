/*
 * markup.h - writing text into HTML and XML: the one piece of markup the
 * report pages (report_html.c, roi_report.c) and bench's JUnit XML need
 * that printf does not give.
 *
 * Not an HTML or XML library: callers write the markup themselves.
 */
#ifndef PHONESIM_TRACES_MARKUP_H
#define PHONESIM_TRACES_MARKUP_H

#include <stdio.h>

/*
 * Writes s as character data or a quoted attribute value: &, <, >, " and '
 * escaped; control characters other than tab, LF and CR, which XML 1.0
 * cannot carry even escaped (and HTML calls errors), become U+FFFD.
 */
void markup_text(FILE *f, const char *s);

#endif
