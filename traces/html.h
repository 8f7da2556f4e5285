/*
 * html.h - writing text into HTML: the one piece of HTML the report pages
 * (report_html.c, roi_report.c) need that printf does not give.
 *
 * Not an HTML library: callers write the markup themselves.
 */
#ifndef PHONESIM_TRACES_HTML_H
#define PHONESIM_TRACES_HTML_H

#include <stdio.h>

/* Writes s with &, <, > and " escaped: safe in text and in quoted attributes. */
void html_text(FILE *f, const char *s);

#endif
