/*
 * scenario.c - loading a scenario file (see scenario.h): YAML in, the
 * command line's options, device parameters and hypervisor plan out, and
 * refusals put back on the node they are about.
 *
 * Hostile files are cut short before libyaml builds a document: more than
 * SCENARIO_MAX_BYTES, nesting deeper than SCENARIO_MAX_DEPTH, and aliases
 * (*name: a few lines of them expand to billions of nodes for any walk
 * that follows them, and a run description has no use for them).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "recorder.h"
#include "scenario.h"
#include "scenario_builtin.h"
#include "scenario_schema.h"

struct loader {
	struct scenario *s;
	yaml_document_t *doc;
	struct schema_error e;
	char dir[PATH_MAX];
};

static yaml_node_t *node_of(const struct loader *l, int id)
{
	return yaml_document_get_node(l->doc, id);
}

static int id_of(const struct loader *l, const yaml_node_t *n)
{
	return (int)(n - l->doc->nodes.start) + 1;
}

/* Keeps str (taking it over) for the scenario's lifetime; NULL when out of memory. */
static const char *keep(struct scenario *s, char *str)
{
	char **grown = str ? realloc(s->strings, (s->nstrings + 1) * sizeof(*grown)) : NULL;

	if (!grown) {
		free(str);
		return NULL;
	}
	s->strings = grown;
	s->strings[s->nstrings++] = str;
	return str;
}

static const char *printed(struct loader *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *printed(struct loader *l, const char *fmt, ...)
{
	va_list ap;
	char *str;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(str = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(str, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return keep(l->s, str);
}

/* A path of the file, relative to its directory. */
static const char *resolve(struct loader *l, const yaml_node_t *n)
{
	const char *p = schema_text(n);

	return p[0] == '/' ? p : printed(l, "%s/%s", l->dir, p);
}

static void add_origin(struct loader *l, const char *what, const yaml_node_t *n, const char *path,
		       bool mapping, bool keep_what)
{
	struct scenario_origin *o;

	if (l->s->norigins == SCENARIO_MAX_ORIGINS)
		return;         /* the table is sized for every limit: never */
	o = &l->s->origin[l->s->norigins++];
	*o = (struct scenario_origin){ .what = what, .node = id_of(l, n), .mapping = mapping,
				       .keep = keep_what };
	snprintf(o->path, sizeof(o->path), "%s", path);
}

/* ------------------------------------------------------------ reading */

static int read_file(struct loader *l, const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f)
		return snprintf(l->e.buf, l->e.len, "%s: cannot open: %s", path, strerror(errno)), -1;
	buf = malloc(SCENARIO_MAX_BYTES + 1);
	*len = buf ? fread(buf, 1, SCENARIO_MAX_BYTES + 1, f) : 0;
	fclose(f);
	if (!buf || *len > SCENARIO_MAX_BYTES) {
		free(buf);
		return snprintf(l->e.buf, l->e.len, "%s: %s", path, buf ? "larger than 1 MiB: not "
				"a scenario" : "out of memory"), -1;
	}
	*text = buf;
	return 0;
}

static int yaml_fail(const struct loader *l, const yaml_parser_t *p)
{
	yaml_mark_t m = p->problem ? p->problem_mark : p->mark;

	snprintf(l->e.buf, l->e.len, "%s:%zu:%zu: %s%s%s", l->e.file, m.line + 1, m.column + 1,
		 p->problem ? p->problem : "malformed YAML", p->context ? " " : "",
		 p->context ? p->context : "");
	return -1;
}

static int mark_fail(const struct loader *l, yaml_mark_t m, const char *what)
{
	snprintf(l->e.buf, l->e.len, "%s:%zu:%zu: %s", l->e.file, m.line + 1, m.column + 1, what);
	return -1;
}

/* The event stream, before any document is built: depth, aliases, one document. */
static int screen(struct loader *l, const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	unsigned depth = 0, docs = 0;
	int rc = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (bool done = false; !done && rc == 0; yaml_event_delete(&ev)) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = yaml_fail(l, &p);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = mark_fail(l, ev.start_mark, "a second document: a scenario is one");
			break;
		case YAML_ALIAS_EVENT:
			rc = mark_fail(l, ev.start_mark, "an alias (*name): scenarios take none");
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (++depth > SCENARIO_MAX_DEPTH)
				rc = mark_fail(l, ev.start_mark, "nested too deep");
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
	}
	yaml_parser_delete(&p);
	if (rc == 0 && docs == 0)
		return mark_fail(l, (yaml_mark_t){ 0 }, "empty: no scenario");
	return rc;
}

static int parse(struct loader *l, const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_node_t *root;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, l->doc)) {
		yaml_fail(l, &p);
		yaml_parser_delete(&p);
		return -1;
	}
	yaml_parser_delete(&p);
	l->s->doc = l->doc;
	root = yaml_document_get_root_node(l->doc);
	if (!root)
		return mark_fail(l, (yaml_mark_t){ 0 }, "empty: no scenario");
	return schema_check(&l->e, l->doc, root, &scenario_root, "");
}

/* -------------------------------------------------------------- values */

/* A checked value as the simulator's option text; joins lists with sep[0]. */
static const char *text_of(struct loader *l, const struct field *f, yaml_node_t *n)
{
	char *buf = NULL;
	size_t size;
	FILE *out;

	switch (f->type) {
	case FIELD_PATH:
		return resolve(l, n);
	case FIELD_BOOL:
		return schema_bool(n) ? "1" : "0";
	case FIELD_SCALARS:
		out = open_memstream(&buf, &size);
		if (!out)
			return NULL;
		for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++)
			fprintf(out, "%s%s", i == n->data.sequence.items.start ? "" : (char[2]){ f->sep[0] },
				schema_text(node_of(l, *i)));
		return fclose(out) == 0 ? keep(l->s, buf) : NULL;
	default:
		return schema_text(n);
	}
}

static int oom(struct loader *l)
{
	snprintf(l->e.buf, l->e.len, "%s: out of memory", l->e.file);
	return -1;
}

/* ------------------------------------------------------------- devices */

static int add_param(struct loader *l, yaml_node_t *at, const char *path, const char *name,
		     const char *value)
{
	struct scenario *s = l->s;
	const char *param = printed(l, "%s=%s", name, value);
	const char *what = printed(l, "parameter %s", name);

	if (!param || !what)
		return oom(l);
	if (s->nparams == MACHINE_MAX_PARAMS)
		return schema_fail(&l->e, at, path, "more than %d device parameters",
				   MACHINE_MAX_PARAMS);
	s->params[s->nparams++] = param;
	add_origin(l, what, at, path, false, false);
	return 0;
}

/* A device's mapping, "power.cluster0." within "power." and so on. */
static int add_params(struct loader *l, yaml_node_t *map, const struct schema *sch,
		      const char *prefix, const char *path)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const struct field *f = schema_field(sch, schema_text(node_of(l, p->key)));
		yaml_node_t *v = node_of(l, p->value);
		const char *name = printed(l, "%s%s", prefix, f->name);
		const char *at = printed(l, "%s.%s", path, f->name);
		const char *text;

		if (!name || !at)
			return oom(l);
		if (f->type == FIELD_MAP) {
			if (add_params(l, v, f->sub, printed(l, "%s.", name), at) < 0)
				return -1;
			continue;
		}
		if (!(text = text_of(l, f, v)) || add_param(l, v, at, name, text) < 0)
			return text ? -1 : oom(l);
	}
	return 0;
}

/* ---------------------------------------------------------- hypervisor */

/* One --vm, --shm or --queue spec from an item's keys, in the file's order. */
static const char *spec_of(struct loader *l, yaml_node_t *item, const struct schema *sch)
{
	char *buf = NULL;
	size_t size;
	FILE *out = open_memstream(&buf, &size);
	const char *sep = "";

	if (!out)
		return NULL;
	for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top; p++) {
		const struct field *f = schema_field(sch, schema_text(node_of(l, p->key)));
		yaml_node_t *v = node_of(l, p->value);

		if (!strcmp(f->name, "devices")) {
			/* The virtual console is dev=, the platform's devices are pass=. */
			for (yaml_node_item_t *i = v->data.sequence.items.start;
			     i < v->data.sequence.items.top; i++, sep = ",") {
				const char *d = schema_text(node_of(l, *i));

				fprintf(out, "%s%s=%s", sep, strcmp(d, "pl011") ? "pass" : "dev", d);
			}
		} else if (f->type == FIELD_BOOL) {
			if (schema_bool(v))
				fprintf(out, "%s%s", sep, f->name), sep = ",";
		} else {
			fprintf(out, "%s%s=%s", sep, f->name, text_of(l, f, v)), sep = ",";
		}
	}
	return fclose(out) == 0 ? keep(l->s, buf) : NULL;
}

/* A refusal of hyp_config.c's parsers, put on the item. */
static int spec_fail(struct loader *l, const char *msg)
{
	char line[PATH_MAX + 512];

	if (!scenario_locate(l->s, msg, line, sizeof(line)))
		snprintf(line, sizeof(line), "%s:1:1: %s", l->e.file, msg);
	snprintf(l->e.buf, l->e.len, "%s", line);
	return -1;
}

typedef int (*spec_add_fn)(struct hyp_plan *, const char *, char *, size_t);

static int add_items(struct loader *l, yaml_node_t *list, const char *key, const char *opt,
		     spec_add_fn add)
{
	const struct schema *sch = schema_field(&scenario_root, key)->sub;
	char msg[PATH_MAX + 256];

	if (!list)
		return 0;
	for (yaml_node_item_t *i = list->data.sequence.items.start; i < list->data.sequence.items.top; i++) {
		yaml_node_t *item = node_of(l, *i);
		yaml_node_t *image = schema_get(l->doc, item, "image");
		yaml_node_t *name = schema_get(l->doc, item, "name");
		const char *spec = spec_of(l, item, sch);
		const char *path = printed(l, "%s[%td]", key, i - list->data.sequence.items.start);

		if (!spec || !path)
			return oom(l);
		add_origin(l, printed(l, "%s '%s'", opt, spec), item, path, true, false);
		if (name)
			add_origin(l, printed(l, "%s %s", opt, schema_text(name)), item, path, true, false);
		if (image)
			add_origin(l, resolve(l, image), image, printed(l, "%s.image", path), false, true);
		if (add(&l->s->plan, spec, msg, sizeof(msg)) < 0)
			return spec_fail(l, msg);
	}
	return 0;
}

static int build_hyp(struct loader *l, yaml_node_t *root)
{
	struct scenario *s = l->s;
	yaml_node_t *h = schema_get(l->doc, root, "hypervisor");
	yaml_node_t *image = schema_get(l->doc, h, "image");
	yaml_node_t *sched = schema_get(l->doc, h, "scheduler");
	yaml_node_t *slice = schema_get(l->doc, h, "timeslice_us");
	yaml_node_t *mib = schema_get(l->doc, h, "mib");

	s->hyp = true;
	s->plan.hyp_image = image ? resolve(l, image) : scenario_default_hyp();
	if (!s->plan.hyp_image)
		return oom(l);
	add_origin(l, "--hyp", image ? image : h ? h : schema_get(l->doc, root, "vms"),
		   image ? "hypervisor.image" : h ? "hypervisor" : "vms", false, false);
	if (sched) {
		s->plan.scheduler = strcmp(schema_text(sched), "static") ? HYP_SCHED_PRIORITY
									  : HYP_SCHED_STATIC;
		add_origin(l, "--hyp-sched static", sched, "hypervisor.scheduler", false, false);
	}
	if (slice) {
		s->plan.timeslice_us = (uint32_t)schema_int(slice);
		add_origin(l, "--hyp-timeslice-us", slice, "hypervisor.timeslice_us", false, false);
	}
	if (mib)
		s->plan.hyp_mib = schema_int(mib);
	if (add_items(l, schema_get(l->doc, root, "vms"), "vms", "--vm", hyp_plan_add_vm) < 0 ||
	    add_items(l, schema_get(l->doc, root, "shared_memory"), "shared_memory", "--shm",
		      hyp_plan_add_shm) < 0 ||
	    add_items(l, schema_get(l->doc, root, "queues"), "queues", "--queue",
		      hyp_plan_add_queue) < 0)
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- build */

/* What one key alone cannot say: the kind of run, and the run's outputs. */
static int check_whole(struct loader *l, yaml_node_t *root)
{
	yaml_node_t *bare = schema_get(l->doc, root, "bare");
	yaml_node_t *vms = schema_get(l->doc, root, "vms");
	yaml_node_t *run = schema_get(l->doc, root, "run");
	yaml_node_t *trace = schema_get(l->doc, run, "trace");
	yaml_node_t *output = schema_get(l->doc, run, "output");
	yaml_node_t *period = schema_get(l->doc, run, "counter_period_us");
	yaml_node_t *modem = schema_get(l->doc, schema_get(l->doc, root, "devices"), "modem");
	static const char *const hyp_only[] = { "hypervisor", "shared_memory", "queues" };

	if (bare && vms)
		return schema_fail(&l->e, vms, "vms", "a bare-metal run (bare:) has no VMs");
	if (!bare && !vms)
		return schema_fail(&l->e, root, "", "nothing to run: give bare: (a program) or "
				   "vms: (a hypervisor run)");
	for (size_t i = 0; i < sizeof(hyp_only) / sizeof(hyp_only[0]); i++) {
		yaml_node_t *n = schema_get(l->doc, root, hyp_only[i]);

		if (n && !vms)
			return schema_fail(&l->e, n, hyp_only[i], "only a hypervisor run (vms:) has it");
	}
	switch (trace_options_check(trace ? trace_level_parse(schema_text(trace)) : -1,
				    output, period)) {
	case TRACE_OPTIONS_OK:
		break;
	case TRACE_OPTIONS_NEED_OUTPUT:
		return schema_fail(&l->e, trace, "run.trace", "'%s' needs run.output (the trace "
				   "database to write)", schema_text(trace));
	case TRACE_OPTIONS_OFF_WITH_OUTPUT:
		return schema_fail(&l->e, trace, "run.trace", "off records nothing: drop run.output");
	case TRACE_OPTIONS_PERIOD_NOT_FULL:
		return schema_fail(&l->e, period, "run.counter_period_us", "applies to trace: full");
	}
	if (schema_get(l->doc, run, "seed") && schema_get(l->doc, modem, "seed"))
		return schema_fail(&l->e, schema_get(l->doc, modem, "seed"), "devices.modem.seed",
				   "run.seed sets it already");
	return 0;
}

/* A key of roi: (0 when not given: the schema requires those that must be). */
static uint64_t roi_value(const struct loader *l, yaml_node_t *roi, const char *key)
{
	yaml_node_t *n = schema_get(l->doc, roi, key);

	if (!n)
		return 0;
	return schema_field(schema_field(&scenario_root, "roi")->sub, key)->type == FIELD_DECIMAL
	       ? schema_decimal(n) : schema_int(n);
}

static void build_roi(struct loader *l, yaml_node_t *roi)
{
	struct scenario_roi *r = &l->s->roi;

	r->given = roi != NULL;
	r->units = roi_value(l, roi, "units");
	r->bom_saved_usd = roi_value(l, roi, "bom_saved_usd");
	r->hypervisor_cost_usd = roi_value(l, roi, "hypervisor_cost_usd");
	r->nre_usd = roi_value(l, roi, "nre_usd");
	r->battery_mwh = roi_value(l, roi, "battery_mwh");
	r->usage_hours_per_day = roi_value(l, roi, "usage_hours_per_day");
	r->baseband_chip_mw = roi_value(l, roi, "baseband_chip_mw");
	r->platform_mw = roi_value(l, roi, "platform_mw");
}

static int build(struct loader *l, yaml_node_t *root)
{
	struct scenario *s = l->s;
	yaml_node_t *n, *soc = schema_get(l->doc, root, "soc");
	yaml_node_t *bare = schema_get(l->doc, root, "bare");
	yaml_node_t *run = schema_get(l->doc, root, "run");
	yaml_node_t *devices = schema_get(l->doc, root, "devices");

	if (check_whole(l, root) < 0)
		return -1;
	if ((n = schema_get(l->doc, soc, "preset")))
		s->soc = schema_text(n);
	if ((n = schema_get(l->doc, soc, "cores")))
		s->cores = (unsigned)schema_int(n);
	if ((n = schema_get(l->doc, soc, "ram_mib")))
		s->ram_mib = schema_int(n);
	if ((n = schema_get(l->doc, soc, "timing")))
		s->functional = !strcmp(schema_text(n), "functional");
	if ((s->fast_forward_given = (n = schema_get(l->doc, soc, "fast_forward"))))
		s->fast_forward = schema_int(n);
	for (const char *const *k = (const char *const[]){ "little", "big", "memory", NULL }; *k; k++)
		if ((n = schema_get(l->doc, soc, *k)) &&
		    add_params(l, n, schema_field(schema_field(&scenario_root, "soc")->sub, *k)->sub,
			       printed(l, "soc.%s.", *k), printed(l, "soc.%s", *k)) < 0)
			return -1;
	if (devices && add_params(l, devices, schema_field(&scenario_root, "devices")->sub, "",
				  "devices") < 0)
		return -1;
	if ((s->seed_given = (n = schema_get(l->doc, run, "seed")))) {
		s->seed = schema_int(n);
		if (add_param(l, n, "run.seed", "modem.seed", schema_text(n)) < 0)
			return -1;
	}
	if ((s->max_ns_given = (n = schema_get(l->doc, run, "max_time"))))
		s->max_ns = schema_time(n) == UINT64_MAX ? 0 : schema_time(n);
	if ((n = schema_get(l->doc, run, "duration")))
		s->duration_ns = schema_time(n) == UINT64_MAX ? 0 : schema_time(n);
	if ((s->max_insns_given = (n = schema_get(l->doc, run, "max_insns"))))
		s->max_insns = schema_int(n);
	if ((n = schema_get(l->doc, run, "trace")))
		s->trace_level = trace_level_parse(schema_text(n));
	if ((n = schema_get(l->doc, run, "output")))
		s->output = resolve(l, n);
	if ((n = schema_get(l->doc, run, "counter_period_us")))
		s->counter_period_us = schema_int(n);
	s->stats = (n = schema_get(l->doc, run, "stats")) && schema_bool(n);
	s->json = (n = schema_get(l->doc, run, "json")) && schema_bool(n);
	build_roi(l, schema_get(l->doc, root, "roi"));
	if (!bare)
		return build_hyp(l, root);
	n = schema_get(l->doc, bare, "image");
	s->bare_image = resolve(l, n);
	add_origin(l, s->bare_image, n, "bare.image", false, true);
	if ((n = schema_get(l->doc, bare, "el")))
		s->el = (unsigned)schema_int(n);
	s->dtb = (n = schema_get(l->doc, bare, "dtb")) && schema_bool(n);
	if ((n = schema_get(l->doc, bare, "dtb_out")))
		s->dtb_out = resolve(l, n);
	return 0;
}

/* The directory of the phonesim binary being run ("." if unknown), in dir. */
static void exe_dir(char *dir, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash = NULL;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
	}
	if (!slash)
		snprintf(dir, len, ".");
	else
		snprintf(dir, len, "%.*s", slash == exe ? 1 : (int)(slash - exe), exe);
}

/*
 * The scenario in text, called file in messages, whose relative paths are
 * relative to dir; text is taken over (freed).
 */
static int load_text(struct scenario *s, const char *file, const char *dir, char *text,
		     size_t len, char *err, size_t errlen)
{
	yaml_document_t *doc = calloc(1, sizeof(*doc));
	struct loader l = { .s = s, .doc = doc, .e = { err, errlen, file } };
	int rc = doc ? 0 : oom(&l);

	snprintf(l.dir, sizeof(l.dir), "%s", dir);
	if (rc == 0)
		rc = screen(&l, text, len);
	if (rc == 0)
		rc = parse(&l, text, len);
	if (rc == 0)
		rc = build(&l, yaml_document_get_root_node(doc));
	free(text);
	if (!s->doc)
		free(doc);
	if (rc != 0)
		scenario_free(s);
	return rc;
}

int scenario_load(struct scenario *s, const char *path, char *err, size_t errlen)
{
	struct loader l = { .s = s, .e = { err, errlen, path } };
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], *text = NULL;
	size_t len;

	*s = (struct scenario){ .file = path, .functional = -1, .trace_level = -1 };
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (slash == path)
		strcpy(dir, "/");
	if (read_file(&l, path, &text, &len) < 0)
		return -1;
	return load_text(s, path, dir, text, len, err, errlen);
}

const struct scenario_builtin *scenario_builtin_find(const char *name)
{
	for (const struct scenario_builtin *b = scenario_builtins; b->name; b++)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

int scenario_load_builtin(struct scenario *s, const struct scenario_builtin *b, char *err,
			  size_t errlen)
{
	char dir[PATH_MAX], *text = strdup(b->yaml);

	*s = (struct scenario){ .file = b->name, .builtin = b, .functional = -1,
				.trace_level = -1 };
	if (!text)
		return snprintf(err, errlen, "%s: out of memory", b->name), -1;
	exe_dir(dir, sizeof(dir));
	return load_text(s, b->name, dir, text, strlen(text), err, errlen);
}

int scenario_open(struct scenario *s, const char *path, char *err, size_t errlen)
{
	const struct scenario_builtin *b;

	if (access(path, F_OK) == 0 || strchr(path, '/'))
		return scenario_load(s, path, err, errlen);
	if (!(b = scenario_builtin_find(path)))
		return -2;
	return scenario_load_builtin(s, b, err, errlen);
}

void scenario_free(struct scenario *s)
{
	if (s->doc)
		yaml_document_delete(s->doc);
	free(s->doc);
	for (unsigned i = 0; i < s->nstrings; i++)
		free(s->strings[i]);
	free(s->strings);
	s->doc = NULL;
	s->strings = NULL;
	s->nstrings = 0;
}

/* ---------------------------------------------------------- locating */

/* The origin whose name starts msg (then ": "), the longest; or NULL. */
static const struct scenario_origin *named_by(const struct scenario *s, const char *msg,
					      const char *under)
{
	const struct scenario_origin *best = NULL;

	for (unsigned i = 0; i < s->norigins; i++) {
		const struct scenario_origin *o = &s->origin[i];
		size_t n = strlen(o->what);

		if (!n || strncmp(msg, o->what, n) || strncmp(msg + n, ": ", 2))
			continue;
		if (under && strncmp(o->path, under, strlen(under)))
			continue;
		if (!best || n > strlen(best->what))
			best = o;
	}
	return best;
}

/* A parameter named anywhere in msg ("... (power.core_clusters)"). */
static const struct scenario_origin *param_in(const struct scenario *s, const char *msg)
{
	for (unsigned i = 0; i < s->norigins; i++) {
		const char *name = s->origin[i].what;
		const char *at;

		if (strncmp(name, "parameter ", 10))
			continue;
		name += 10;
		for (at = strstr(msg, name); at; at = strstr(at + 1, name))
			if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_.", at[strlen(name)]))
				return &s->origin[i];
	}
	return NULL;
}

/* text with each "--shm 'SPEC'" and "--queue 'SPEC'" it quotes named by its field path. */
static void rename_items(const struct scenario *s, const char *text, char *out, size_t len)
{
	size_t used = 0;

	while (*text && used + 1 < len) {
		const struct scenario_origin *o = NULL;

		for (unsigned i = 0; i < s->norigins && !o; i++)
			if (s->origin[i].mapping && s->origin[i].what[0] == '-' &&
			    !strncmp(text, s->origin[i].what, strlen(s->origin[i].what)))
				o = &s->origin[i];
		if (o) {
			used += (size_t)snprintf(out + used, len - used, "%s", o->path);
			text += strlen(o->what);
		} else {
			out[used++] = *text++;
		}
	}
	out[used < len ? used : len - 1] = '\0';
}

bool scenario_locate(const struct scenario *s, const char *msg, char *out, size_t outlen)
{
	yaml_document_t *doc = s->doc;
	const struct scenario_origin *o = named_by(s, msg, NULL), *inner;
	const char *text = msg;
	char path[160], renamed[PATH_MAX + 256];
	yaml_node_t *node;

	if (!doc)
		return false;
	if (!o && !(o = param_in(s, msg)))
		return false;
	if (!strncmp(msg, o->what, strlen(o->what)) && !o->keep)
		text = msg + strlen(o->what) + 2;
	node = yaml_document_get_node(doc, o->node);
	snprintf(path, sizeof(path), "%s", o->path);
	if (o->mapping && (inner = named_by(s, text, o->path))) {
		/* "--vm modem: /x/rtos.elf: not an ELF file": the image's own node. */
		node = yaml_document_get_node(doc, inner->node);
		snprintf(path, sizeof(path), "%s", inner->path);
	} else if (o->mapping) {
		/* "--vm modem: mem: ...": the key's value, when the file gave it. */
		size_t klen = strcspn(text, ": ");
		char key[32];
		yaml_node_t *v;

		snprintf(key, sizeof(key), "%.*s", (int)klen, text);
		if (!strncmp(text + klen, ": ", 2) && (v = schema_get(doc, node, key))) {
			node = v;
			snprintf(path, sizeof(path), "%s.%s", o->path, key);
			text += klen + 2;
		}
	}
	rename_items(s, text, renamed, sizeof(renamed));
	snprintf(out, outlen, "%s:%zu:%zu: %s: %s", s->file, node->start_mark.line + 1,
		 node->start_mark.column + 1, path, renamed);
	return true;
}

void scenario_forget_param(struct scenario *s, const char *name, size_t len)
{
	for (unsigned i = 0; i < s->norigins; i++) {
		const char *what = s->origin[i].what;

		if (!strncmp(what, "parameter ", 10) && strlen(what + 10) == len &&
		    !strncmp(what + 10, name, len))
			s->origin[i].what = "";
	}
}

const char *scenario_default_hyp(void)
{
	static char path[PATH_MAX + 32];
	char dir[PATH_MAX];

	exe_dir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/hyp/phonesim-hyp.elf", dir);
	return path;
}
