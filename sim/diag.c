/*
 * diag.c - one-line error reports (see diag.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"

static void vreport(const char *fmt, va_list ap)
{
	fputs("phonesim: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void diag_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

void diag_bad_input(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	exit(EXIT_BAD_INPUT);
}

void diag_bad_file(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_BAD_INPUT);
}
