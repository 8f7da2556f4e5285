/*
 * scenario_schema.h - what a scenario file may say: one table of keys per
 * YAML mapping (name, type, range, required), and the walk that checks a
 * loaded document against them.
 *
 * The schema checks the form: known keys, each once, of the right type,
 * numbers in range, required keys present. Values whose rules belong to
 * another part of the simulator (a VM's spec: sim/hyp_config.c; a device
 * parameter: the device) are typed here as "checked by OWNER" and passed on
 * as text; the owner's refusal is put back on the node (scenario.c).
 * Building the run from a checked document is scenario.c's job.
 */
#ifndef PHONESIM_SIM_SCENARIO_SCHEMA_H
#define PHONESIM_SIM_SCENARIO_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

enum field_type {
	FIELD_MAP,              /* a mapping: sub */
	FIELD_LIST,             /* a sequence of mappings, each sub; at least min */
	FIELD_INT,              /* a plain whole number in [min, max]: decimal or 0x hex */
	FIELD_DECIMAL,          /* a plain decimal number (9, 1.5) in [min, max] millionths */
	FIELD_BOOL,             /* true or false */
	FIELD_ENUM,             /* one of choices */
	FIELD_TIME,             /* simulated time: N with ns, us, ms or s, in [min, max] ns */
	FIELD_STRING,           /* a non-empty string, without any character of sep */
	FIELD_PATH,             /* a file name, relative to the scenario's directory */
	FIELD_TEXT,             /* a scalar passed as text to owner, which checks it */
	FIELD_SCALARS,          /* scalars passed to owner joined by sep[0]: [a, b] -> "a,b" */
};

struct schema;

struct field {
	const char *name;
	enum field_type type;
	bool required;
	uint64_t min, max;
	const char *const *choices;     /* FIELD_ENUM: NULL-terminated */
	const char *sep;                /* FIELD_STRING, FIELD_SCALARS: characters refused */
	const struct schema *sub;       /* FIELD_MAP, FIELD_LIST */
	const char *owner;              /* FIELD_TEXT, FIELD_SCALARS: who checks the value */
};

struct schema {
	const struct field *fields;     /* ended by a field without a name */
};

extern const struct schema scenario_root;

/* A check's refusal: where, and one line ("FILE:LINE:COLUMN: PATH: what"). */
struct schema_error {
	char *buf;
	size_t len;
	const char *file;
};

/*
 * Checks node (a mapping) of doc against s; path names it ("" at the
 * root). Returns 0, or -1 with the first problem in e.
 */
int schema_check(const struct schema_error *e, yaml_document_t *doc, yaml_node_t *node,
		 const struct schema *s, const char *path);

/* Formats a located error into e; returns -1. */
int schema_fail(const struct schema_error *e, const yaml_node_t *node, const char *path,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The field of s called name, or NULL. */
const struct field *schema_field(const struct schema *s, const char *name);

/* The value of key in mapping node (NULL when absent). */
yaml_node_t *schema_get(yaml_document_t *doc, yaml_node_t *map, const char *key);

/*
 * A decimal field's value is held in millionths, as a whole number: sums
 * and products of money stay exact. At most SCHEMA_DECIMAL_PLACES digits
 * after the point.
 */
#define SCHEMA_DECIMAL_ONE      1000000u
#define SCHEMA_DECIMAL_PLACES   6

/*
 * A checked FIELD_INT's value; a checked FIELD_DECIMAL's in millionths; a
 * checked FIELD_TIME's in ns (UINT64_MAX: none).
 */
uint64_t schema_int(const yaml_node_t *node);
uint64_t schema_decimal(const yaml_node_t *node);

/*
 * millionths as a decimal number in buf: its digits after the point up to
 * the last non-zero one, but at least min_places of them ("1000", "0.5";
 * "7.50" with min_places 2).
 */
void schema_decimal_format(int64_t millionths, unsigned min_places, char *buf, size_t len);
uint64_t schema_time(const yaml_node_t *node);
bool schema_bool(const yaml_node_t *node);
const char *schema_text(const yaml_node_t *node);

#endif
