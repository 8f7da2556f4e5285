/*
 * table.h - printing the rows of an SQLite query for people or for scripts:
 * aligned columns (the default), CSV (RFC 4180 quoting, LF line ends) or
 * JSON (an array of objects, one per row).
 *
 * Rows are streamed, never held: a column's width is fixed by its
 * description, and a longer value just pushes the line out. Hexadecimal
 * columns print as "0x..." text in every format, since JSON numbers cannot
 * carry 64-bit addresses exactly. NULL prints as "-", an empty CSV field,
 * or null.
 *
 * Not here: which queries to run (query.c).
 */
#ifndef PHONESIM_TRACES_TABLE_H
#define PHONESIM_TRACES_TABLE_H

#include <stdio.h>
#include <sqlite3.h>

enum table_format { TABLE_TEXT, TABLE_CSV, TABLE_JSON };

enum column_type { COL_INT, COL_HEX, COL_TEXT, COL_REAL };

struct column {
	const char *name;
	enum column_type type;
	int width;              /* text format; negative: left-aligned */
};

/*
 * Steps st to its end, printing its rows (column i described by cols[i]).
 * SQLITE_DONE when every row was printed, or SQLite's error code.
 */
int table_print(FILE *f, enum table_format fmt, const struct column *cols, int ncols,
		sqlite3_stmt *st);

/*
 * The first row of st as "name value" lines (text), a JSON object, or a
 * CSV header and row. SQLITE_DONE, or SQLite's error code.
 */
int table_print_record(FILE *f, enum table_format fmt, const struct column *cols, int ncols,
		       sqlite3_stmt *st);

/* Writes s as one CSV field (quoted when it must be); NULL writes nothing. */
void table_csv_field(FILE *f, const char *s);

#endif
