/*
 * scenario_schema.c - the scenario format's key tables and the checks of
 * form and type against them (see scenario_schema.h; the user's side is
 * docs/scenarios.md, which lists the same keys).
 *
 * Ranges given here are the command line's for the same option, from the
 * same constants. Where the value's owner checks it (hyp_config.c for a
 * VM, shared region or queue; a device for its parameter), the table says
 * so and leaves the range to it: one copy of each rule.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyp_config.h"
#include "machine.h"
#include "platform.h"
#include "power.h"
#include "scenario_schema.h"

#define HYP_CHECKS      "sim/hyp_config.c"
#define DEVICE_CHECKS   "the device"

static const char *const presets[] = { "small", "phone", NULL };
static const char *const timings[] = { "detailed", "functional", NULL };
static const char *const schedulers[] = { "priority", "static", NULL };
static const char *const levels[] = { "off", "summary", "events", "full", NULL };

/* ------------------------------------------------------------ tables */

#define INT(n, lo, hi)          { .name = n, .type = FIELD_INT, .min = lo, .max = hi }
#define DECIMAL(n, lo, hi)      { .name = n, .type = FIELD_DECIMAL, .min = lo, .max = hi }
#define BOOL(n)                 { .name = n, .type = FIELD_BOOL }
#define ENUM(n, c)              { .name = n, .type = FIELD_ENUM, .choices = c }
#define PATH(n)                 { .name = n, .type = FIELD_PATH }
#define TEXT(n, who)            { .name = n, .type = FIELD_TEXT, .owner = who }
#define SCALARS(n, s, who)      { .name = n, .type = FIELD_SCALARS, .sep = s, .owner = who }
#define MAP(n, s)               { .name = n, .type = FIELD_MAP, .sub = &s }

/* Overrides of the preset, passed on as soc.* parameters (sim/machine.c checks them). */
static const struct schema soc_cluster = { (const struct field[]){
	TEXT("mhz", DEVICE_CHECKS), { 0 } } };

static const struct schema soc_memory = { (const struct field[]){
	TEXT("l1i_kib", DEVICE_CHECKS), TEXT("l1d_kib", DEVICE_CHECKS),
	TEXT("l2_kib", DEVICE_CHECKS), TEXT("slc_kib", DEVICE_CHECKS),
	TEXT("dram_latency_ns", DEVICE_CHECKS), TEXT("dram_gbps", DEVICE_CHECKS), { 0 } } };

static const struct schema soc = { (const struct field[]){
	ENUM("preset", presets),
	INT("cores", 1, MACHINE_MAX_CORES),
	INT("ram_mib", 1, PLAT_RAM_SIZE_MAX >> 20),
	ENUM("timing", timings),
	INT("fast_forward", 0, UINT64_MAX),
	MAP("little", soc_cluster), MAP("big", soc_cluster), MAP("memory", soc_memory),
	{ 0 } } };

static const struct schema generic_timer = { (const struct field[]){
	TEXT("freq_hz", DEVICE_CHECKS), { 0 } } };

static const struct schema pl011 = { (const struct field[]){
	TEXT("clock_hz", DEVICE_CHECKS), BOOL("firmware_init"),
	{ .name = "rx", .type = FIELD_STRING, .sep = "" }, PATH("rx_file"),
	TEXT("rx_start_ns", DEVICE_CHECKS), { 0 } } };

static const struct schema modem = { (const struct field[]){
	TEXT("period_us", DEVICE_CHECKS), TEXT("deadline_us", DEVICE_CHECKS),
	TEXT("start_us", DEVICE_CHECKS), TEXT("payload_bytes", DEVICE_CHECKS),
	TEXT("seed", DEVICE_CHECKS), { 0 } } };

static const struct schema display = { (const struct field[]){
	TEXT("refresh_hz", DEVICE_CHECKS), { 0 } } };

static const struct schema storage = { (const struct field[]){
	TEXT("size_mib", DEVICE_CHECKS), PATH("image"), BOOL("writable"),
	TEXT("block_size", DEVICE_CHECKS),
	TEXT("read_latency_us", DEVICE_CHECKS), TEXT("write_latency_us", DEVICE_CHECKS),
	TEXT("read_mbps", DEVICE_CHECKS), TEXT("write_mbps", DEVICE_CHECKS),
#define NS(n) TEXT("ns" #n "_blocks", DEVICE_CHECKS)
	NS(1), NS(2), NS(3), NS(4), NS(5), NS(6), NS(7), NS(8), NS(9), NS(10), NS(11), NS(12),
	NS(13), NS(14),
#undef NS
	{ 0 } } };

/* One DVFS cluster of the power controller (docs/power.md). */
static const struct schema power_cluster = { (const struct field[]){
	SCALARS("opps", ",", DEVICE_CHECKS), TEXT("insn_pj", DEVICE_CHECKS),
	TEXT("vnom_mv", DEVICE_CHECKS), TEXT("static_uw", DEVICE_CHECKS),
	TEXT("idle_uw", DEVICE_CHECKS), { 0 } } };

_Static_assert(POWER_MAX_CLUSTERS == 4, "one power.clusterK table per cluster");

static const struct schema power = { (const struct field[]){
	SCALARS("core_clusters", ",", DEVICE_CHECKS),
	MAP("cluster0", power_cluster), MAP("cluster1", power_cluster),
	MAP("cluster2", power_cluster), MAP("cluster3", power_cluster), { 0 } } };

static const struct schema devices = { (const struct field[]){
	MAP("generic_timer", generic_timer), MAP("pl011", pl011), MAP("modem", modem),
	MAP("display", display), MAP("storage", storage), MAP("power", power), { 0 } } };

static const struct schema hypervisor = { (const struct field[]){
	PATH("image"), ENUM("scheduler", schedulers),
	INT("timeslice_us", 1, HYP_TIMESLICE_US_MAX),
	INT("mib", 1, PLAT_RAM_SIZE_MAX >> 20), { 0 } } };

/* A VM's keys are --vm's (docs/running.md): hyp_config.c checks the values. */
static const struct schema vm = { (const struct field[]){
	{ .name = "name", .type = FIELD_STRING, .required = true, .sep = ",+" },
	{ .name = "image", .type = FIELD_PATH, .required = true },
	TEXT("base", HYP_CHECKS), TEXT("mem", HYP_CHECKS), TEXT("vcpus", HYP_CHECKS),
	TEXT("affinity", HYP_CHECKS), TEXT("cpu", HYP_CHECKS), TEXT("prio", HYP_CHECKS),
	TEXT("budget_us", HYP_CHECKS), TEXT("period_us", HYP_CHECKS),
	SCALARS("devices", ",", HYP_CHECKS), BOOL("dtb"), { 0 } } };

static const struct schema shm = { (const struct field[]){
	{ .name = "base", .type = FIELD_TEXT, .required = true, .owner = HYP_CHECKS },
	{ .name = "size", .type = FIELD_TEXT, .required = true, .owner = HYP_CHECKS },
	{ .name = "vms", .type = FIELD_SCALARS, .required = true, .sep = "+,", .owner = HYP_CHECKS },
	SCALARS("writable", "+,", HYP_CHECKS), { 0 } } };

static const struct schema queue = { (const struct field[]){
	{ .name = "from", .type = FIELD_STRING, .required = true, .sep = ",+" },
	{ .name = "to", .type = FIELD_STRING, .required = true, .sep = ",+" },
	{ .name = "size", .type = FIELD_TEXT, .required = true, .owner = HYP_CHECKS },
	{ .name = "depth", .type = FIELD_TEXT, .required = true, .owner = HYP_CHECKS },
	{ .name = "intids", .type = FIELD_SCALARS, .required = true, .sep = "/,",
	  .owner = HYP_CHECKS },
	{ 0 } } };

static const struct schema bare = { (const struct field[]){
	{ .name = "image", .type = FIELD_PATH, .required = true },
	INT("el", 1, 2), BOOL("dtb"), PATH("dtb_out"), { 0 } } };

static const struct schema run = { (const struct field[]){
	{ .name = "max_time", .type = FIELD_TIME, .min = 1, .max = UINT64_MAX - 1 },
	{ .name = "duration", .type = FIELD_TIME, .min = MACHINE_DURATION_MIN_NS,
	  .max = MACHINE_DURATION_MAX_NS },
	INT("max_insns", 0, UINT64_MAX), INT("seed", 0, UINT64_MAX),
	ENUM("trace", levels), PATH("output"),
	INT("counter_period_us", 1, UINT64_MAX / 1000),
	BOOL("stats"), BOOL("json"), { 0 } } };

/*
 * What a consolidation is worth (docs/roi.md): `phonesim roi` reads it,
 * `run` ignores it. Decimals in millionths; the bounds keep units times a
 * price within 64 bits.
 */
#define USD(n)  ((uint64_t)(n) * SCHEMA_DECIMAL_ONE)
static const struct schema roi = { (const struct field[]){
	{ .name = "units", .type = FIELD_INT, .required = true, .min = 1, .max = 1000000000 },
	{ .name = "bom_saved_usd", .type = FIELD_DECIMAL, .required = true, .max = USD(1000) },
	{ .name = "hypervisor_cost_usd", .type = FIELD_DECIMAL, .required = true, .max = USD(1000) },
	{ .name = "nre_usd", .type = FIELD_DECIMAL, .required = true, .max = USD(1000000000) },
	{ .name = "battery_mwh", .type = FIELD_INT, .required = true, .min = 1, .max = 1000000 },
	DECIMAL("usage_hours_per_day", 1, USD(24)),
	DECIMAL("baseband_chip_mw", 0, USD(100000)),
	DECIMAL("platform_mw", 0, USD(100000)),
	{ 0 } } };
#undef USD

const struct schema scenario_root = { (const struct field[]){
	MAP("soc", soc), MAP("devices", devices), MAP("hypervisor", hypervisor),
	{ .name = "vms", .type = FIELD_LIST, .sub = &vm, .min = 1 },
	{ .name = "shared_memory", .type = FIELD_LIST, .sub = &shm },
	{ .name = "queues", .type = FIELD_LIST, .sub = &queue },
	MAP("bare", bare), MAP("run", run), MAP("roi", roi), { 0 } } };

/* ---------------------------------------------------------- messages */

int schema_fail(const struct schema_error *e, const yaml_node_t *node, const char *path,
		const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(e->buf, e->len, "%s:%zu:%zu: %s%s", e->file, node->start_mark.line + 1,
		     node->start_mark.column + 1, path, *path ? ": " : "");
	if (n >= 0 && (size_t)n < e->len) {
		va_start(ap, fmt);
		vsnprintf(e->buf + n, e->len - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const char *kind(const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return "a quoted string";
	return n->data.scalar.length ? "a scalar" : "nothing";
}

/* ------------------------------------------------------------- values */

const char *schema_text(const yaml_node_t *node)
{
	return (const char *)node->data.scalar.value;
}

static bool plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* A whole number, decimal or 0x hexadecimal, into *v; false if malformed or too large. */
static bool whole(const char *text, const char **end, uint64_t *v)
{
	bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	const char *digits = hex ? text + 2 : text;
	char *stop;

	if (!(hex ? strchr("0123456789abcdefABCDEF", digits[0]) : strchr("0123456789", digits[0]))
	    || !digits[0])
		return false;
	errno = 0;
	*v = strtoull(digits, &stop, hex ? 16 : 10);
	*end = stop;
	return errno != ERANGE;
}

uint64_t schema_int(const yaml_node_t *node)
{
	const char *end;
	uint64_t v = 0;

	whole(schema_text(node), &end, &v);
	return v;
}

bool schema_bool(const yaml_node_t *node)
{
	return !strcmp(schema_text(node), "true");
}

static const struct { const char *unit; uint64_t ns; } units[] = {
	{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
};

/*
 * "500ms" into *ns (UINT64_MAX for "none"): 1, or 0 when malformed, -1
 * when too long to count in ns.
 */
static int parse_time(const char *text, uint64_t *ns)
{
	const char *end;
	uint64_t v;

	*ns = UINT64_MAX;
	if (!strcmp(text, "none"))
		return 1;
	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
		return 0;
	if (!whole(text, &end, &v))
		return strspn(text, "0123456789") ? -1 : 0;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (v > (UINT64_MAX - 1) / units[i].ns)
			return -1;
		*ns = v * units[i].ns;
		return 1;
	}
	return 0;
}

uint64_t schema_time(const yaml_node_t *node)
{
	uint64_t ns;

	parse_time(schema_text(node), &ns);
	return ns;
}

/*
 * "1.25" into *v in millionths: 1, or 0 when not a plain decimal number
 * (digits, then a point and digits, nothing else: no sign, no exponent),
 * -1 with more than SCHEMA_DECIMAL_PLACES decimals, -2 when too large.
 */
static int parse_decimal(const char *text, uint64_t *v)
{
	size_t whole_digits = strspn(text, "0123456789");
	const char *point = text + whole_digits;
	size_t places = *point == '.' ? strspn(point + 1, "0123456789") : 0;
	uint64_t frac = 0;
	const char *end;

	if (!whole_digits || (*point && (*point != '.' || !places || point[1 + places])))
		return 0;
	if (places > SCHEMA_DECIMAL_PLACES)
		return -1;
	if (!whole(text, &end, v) || *v > UINT64_MAX / SCHEMA_DECIMAL_ONE)
		return -2;
	for (size_t i = 0; i < SCHEMA_DECIMAL_PLACES; i++)
		frac = frac * 10 + (i < places ? (uint64_t)(point[1 + i] - '0') : 0);
	if (*v * SCHEMA_DECIMAL_ONE > UINT64_MAX - frac)
		return -2;
	*v = *v * SCHEMA_DECIMAL_ONE + frac;
	return 1;
}

uint64_t schema_decimal(const yaml_node_t *node)
{
	uint64_t v = 0;

	parse_decimal(schema_text(node), &v);
	return v;
}

void schema_decimal_format(int64_t millionths, unsigned min_places, char *buf, size_t len)
{
	uint64_t mag = millionths < 0 ? -(uint64_t)millionths : (uint64_t)millionths;
	unsigned frac = (unsigned)(mag % SCHEMA_DECIMAL_ONE), places = SCHEMA_DECIMAL_PLACES;
	int n;

	for (; places > min_places && frac % 10 == 0; places--)
		frac /= 10;
	n = snprintf(buf, len, "%s%" PRIu64, millionths < 0 ? "-" : "", mag / SCHEMA_DECIMAL_ONE);
	if (places && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ".%0*u", (int)places, frac);
}

/* ------------------------------------------------------------- checks */

static int check_scalar(const struct schema_error *e, const yaml_node_t *n, const char *path,
			const struct field *f)
{
	const char *text;
	const char *end;
	uint64_t v;

	if (n->type != YAML_SCALAR_NODE || !n->data.scalar.length)
		return schema_fail(e, n, path, "expected %s, got %s",
				   f->type == FIELD_INT || f->type == FIELD_TIME ||
				   f->type == FIELD_DECIMAL ? "a number"
				   : f->type == FIELD_BOOL ? "true or false" : "a value", kind(n));
	text = schema_text(n);
	if (strlen(text) != n->data.scalar.length)
		return schema_fail(e, n, path, "a NUL character in the value");
	switch (f->type) {
	case FIELD_INT:
		if (!plain(n))
			return schema_fail(e, n, path, "expected a number, got %s", kind(n));
		if (text[0] == '-' && strspn(text + 1, "0123456789") == strlen(text + 1) && text[1])
			return schema_fail(e, n, path, "%s is out of range [%" PRIu64 ", %" PRIu64 "]",
					   text, f->min, f->max);
		if (!whole(text, &end, &v)) {
			if (strspn(text, "0123456789") == strlen(text))
				return schema_fail(e, n, path, "%s is out of range [%" PRIu64 ", %"
						   PRIu64 "]", text, f->min, f->max);
			return schema_fail(e, n, path, "'%s' is not a whole number", text);
		}
		if (*end)
			return schema_fail(e, n, path, "'%s' is not a whole number", text);
		if (v < f->min || v > f->max)
			return schema_fail(e, n, path, "%s is out of range [%" PRIu64 ", %" PRIu64 "]",
					   text, f->min, f->max);
		return 0;
	case FIELD_DECIMAL: {
		char lo[32], hi[32];
		bool negative = text[0] == '-';
		int rc = parse_decimal(text + negative, &v);

		if (!plain(n))
			return schema_fail(e, n, path, "expected a number, got %s", kind(n));
		if (rc == 0)
			return schema_fail(e, n, path, "'%s' is not a decimal number (9, 1.5)", text);
		if (rc == -1)
			return schema_fail(e, n, path, "'%s' has more than %d decimals", text,
					   SCHEMA_DECIMAL_PLACES);
		schema_decimal_format((int64_t)f->min, 0, lo, sizeof(lo));
		schema_decimal_format((int64_t)f->max, 0, hi, sizeof(hi));
		if (rc < 0 || negative || v < f->min || v > f->max)
			return schema_fail(e, n, path, "%s is out of range [%s, %s]", text, lo, hi);
		return 0;
	}
	case FIELD_BOOL:
		if (!plain(n) || (strcmp(text, "true") && strcmp(text, "false")))
			return schema_fail(e, n, path, "'%s' is not true or false", text);
		return 0;
	case FIELD_ENUM: {
		char list[96] = "";

		for (int i = 0; f->choices[i]; i++) {
			if (!strcmp(text, f->choices[i]))
				return 0;
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", f->choices[i]);
		}
		return schema_fail(e, n, path, "'%s' is not one of %s", text, list);
	}
	case FIELD_TIME: {
		int rc = plain(n) ? parse_time(text, &v) : 0;

		if (rc == 0)
			return schema_fail(e, n, path, "'%s' is not a time: a whole number with ns, "
					   "us, ms or s (500ms), or none", text);
		if (rc < 0 || (v != UINT64_MAX && (v < f->min || v > f->max)))
			return schema_fail(e, n, path, "%s is out of range", text);
		return 0;
	}
	case FIELD_STRING:
		if (f->sep[0] && text[strcspn(text, f->sep)])
			return schema_fail(e, n, path, "'%s' has a '%c'", text,
					   text[strcspn(text, f->sep)]);
		return 0;
	case FIELD_PATH:
		if (strlen(text) >= PATH_MAX / 2)
			return schema_fail(e, n, path, "the file name is too long");
		return 0;
	case FIELD_TEXT:
		if (strchr(text, ','))
			return schema_fail(e, n, path, "'%s' has a ','", text);
		return 0;
	default:
		return 0;
	}
}

/* FIELD_SCALARS: a list of scalars, each without a separator of its own. */
static int check_scalars(const struct schema_error *e, yaml_document_t *doc, yaml_node_t *n,
			 const char *path, const struct field *f)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return schema_fail(e, n, path, "expected a list, got %s", kind(n));
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		yaml_node_t *item = yaml_document_get_node(doc, *i);
		struct field one = { .name = f->name, .type = FIELD_STRING, .sep = f->sep };
		char at[256];

		if (snprintf(at, sizeof(at), "%s[%td]", path, i - n->data.sequence.items.start) >=
		    (int)sizeof(at) || check_scalar(e, item, at, &one) < 0)
			return -1;
	}
	return 0;
}

static int check_value(const struct schema_error *e, yaml_document_t *doc, yaml_node_t *n,
		       const char *path, const struct field *f)
{
	switch (f->type) {
	case FIELD_MAP:
		return schema_check(e, doc, n, f->sub, path);
	case FIELD_LIST: {
		yaml_node_item_t *start;

		if (n->type != YAML_SEQUENCE_NODE)
			return schema_fail(e, n, path, "expected a list, got %s", kind(n));
		start = n->data.sequence.items.start;
		if ((uint64_t)(n->data.sequence.items.top - start) < f->min)
			return schema_fail(e, n, path, "an empty list");
		for (yaml_node_item_t *i = start; i < n->data.sequence.items.top; i++) {
			char at[256];

			if (snprintf(at, sizeof(at), "%s[%td]", path, i - start) >= (int)sizeof(at) ||
			    schema_check(e, doc, yaml_document_get_node(doc, *i), f->sub, at) < 0)
				return -1;
		}
		return 0;
	}
	case FIELD_SCALARS:
		return check_scalars(e, doc, n, path, f);
	default:
		return check_scalar(e, n, path, f);
	}
}

const struct field *schema_field(const struct schema *s, const char *name)
{
	for (const struct field *f = s->fields; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

yaml_node_t *schema_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (!map)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);

		if (k->type == YAML_SCALAR_NODE && !strcmp(schema_text(k), key))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

int schema_check(const struct schema_error *e, yaml_document_t *doc, yaml_node_t *node,
		 const struct schema *s, const char *path)
{
	yaml_node_pair_t *start;

	if (node->type != YAML_MAPPING_NODE)
		return schema_fail(e, node, path, "expected a mapping (KEY: VALUE lines), got %s",
				   kind(node));
	start = node->data.mapping.pairs.start;
	for (yaml_node_pair_t *p = start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		const struct field *f = k->type == YAML_SCALAR_NODE ? schema_field(s, schema_text(k))
								     : NULL;
		char at[256], list[256] = "";

		if (!f) {
			for (const struct field *g = s->fields; g->name; g++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 g == s->fields ? "" : ", ", g->name);
			if (k->type != YAML_SCALAR_NODE)
				return schema_fail(e, k, path, "a key must be a name, not %s (%s)",
						   kind(k), list);
			return schema_fail(e, k, path, "unknown key '%.64s' (%s)", schema_text(k), list);
		}
		snprintf(at, sizeof(at), "%s%s%s", path, *path ? "." : "", f->name);
		/* Keys before p are known, so this is bounded by the table's size. */
		for (yaml_node_pair_t *q = start; q < p; q++)
			if (!strcmp(schema_text(yaml_document_get_node(doc, q->key)), f->name))
				return schema_fail(e, k, at, "given twice (first at line %zu)",
						   yaml_document_get_node(doc, q->key)->start_mark.line + 1);
		if (check_value(e, doc, yaml_document_get_node(doc, p->value), at, f) < 0)
			return -1;
	}
	for (const struct field *f = s->fields; f->name; f++)
		if (f->required && !schema_get(doc, node, f->name))
			return schema_fail(e, node, path, "%s is required", f->name);
	return 0;
}
