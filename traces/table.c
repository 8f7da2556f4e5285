/*
 * table.c - text, CSV and JSON output of query results (see table.h).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "json.h"
#include "table.h"

/* A value as text, in buf when it must be formatted; NULL for SQL NULL. */
static const char *value_text(sqlite3_stmt *st, int i, enum column_type type,
			      char *buf, size_t len)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	switch (type) {
	case COL_INT:
		snprintf(buf, len, "%lld", (long long)sqlite3_column_int64(st, i));
		return buf;
	case COL_HEX:
		snprintf(buf, len, "0x%" PRIx64, (uint64_t)sqlite3_column_int64(st, i));
		return buf;
	case COL_REAL:
		snprintf(buf, len, "%.2f", sqlite3_column_double(st, i));
		return buf;
	case COL_TEXT:
		break;
	}
	return (const char *)sqlite3_column_text(st, i);
}

void table_csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void json_value(FILE *f, const char *s, enum column_type type)
{
	if (!s)
		fputs("null", f);
	else if (type == COL_INT || type == COL_REAL)
		fputs(s, f);
	else
		json_string(f, s, strlen(s));
}

static void text_cell(FILE *f, const char *s, int width, bool last)
{
	if (!s)
		s = "-";
	if (last && width < 0)
		fputs(s, f);
	else
		fprintf(f, "%*s", width, s);
	fputs(last ? "\n" : "  ", f);
}

static void print_header(FILE *f, enum table_format fmt, const struct column *cols, int ncols)
{
	for (int i = 0; i < ncols; i++) {
		if (fmt == TABLE_TEXT) {
			text_cell(f, cols[i].name, cols[i].width, i == ncols - 1);
			continue;
		}
		table_csv_field(f, cols[i].name);
		fputs(i == ncols - 1 ? "\n" : ",", f);
	}
}

static void print_row(FILE *f, enum table_format fmt, const struct column *cols, int ncols,
		      sqlite3_stmt *st)
{
	char buf[32];

	if (fmt == TABLE_JSON)
		fputc('{', f);
	for (int i = 0; i < ncols; i++) {
		const char *v = value_text(st, i, cols[i].type, buf, sizeof(buf));

		switch (fmt) {
		case TABLE_TEXT:
			text_cell(f, v, cols[i].width, i == ncols - 1);
			break;
		case TABLE_CSV:
			table_csv_field(f, v);
			fputs(i == ncols - 1 ? "\n" : ",", f);
			break;
		case TABLE_JSON:
			json_string(f, cols[i].name, strlen(cols[i].name));
			fputc(':', f);
			json_value(f, v, cols[i].type);
			fputs(i == ncols - 1 ? "}" : ",", f);
			break;
		}
	}
}

int table_print(FILE *f, enum table_format fmt, const struct column *cols, int ncols,
		sqlite3_stmt *st)
{
	int rc, n = 0;

	if (fmt == TABLE_JSON)
		fputc('[', f);
	else
		print_header(f, fmt, cols, ncols);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fmt == TABLE_JSON)
			fputs(n++ ? ",\n" : "\n", f);
		print_row(f, fmt, cols, ncols, st);
	}
	if (fmt == TABLE_JSON)
		fputs(n ? "\n]" : "]", f);
	return rc;
}

int table_print_record(FILE *f, enum table_format fmt, const struct column *cols, int ncols,
		       sqlite3_stmt *st)
{
	char buf[32];
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW)
		return rc;
	if (fmt != TABLE_TEXT) {
		if (fmt == TABLE_CSV)
			print_header(f, fmt, cols, ncols);
		print_row(f, fmt, cols, ncols, st);
		return SQLITE_DONE;
	}
	for (int i = 0; i < ncols; i++) {
		const char *v = value_text(st, i, cols[i].type, buf, sizeof(buf));

		fprintf(f, "%-18s %s\n", cols[i].name, v ? v : "-");
	}
	return SQLITE_DONE;
}
