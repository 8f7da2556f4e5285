/*
 * hyp_config.c - from --vm, --shm and --queue specs to the hypervisor's
 * struct hyp_config (see hyp_config.h; the syntax is in docs/running.md).
 *
 * Every message is one line that names the option and the VM (or quotes
 * the spec when it has no name), then the key and the value at fault.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyp_config.h"
#include "platform.h"
#include "storage.h"

/* A virtual INTID a queue may raise: past the SGIs and PPIs, up to 127. */
#define QUEUE_INTID_MIN         PLAT_INTID_SPI(0)
#define QUEUE_INTID_MAX         127

_Static_assert(HYP_MAX_CORES <= 32 && HYP_MAX_VMS <= 32, "core and VM masks are 32 bits");
_Static_assert(QUEUE_INTID_MAX < 128, "a VM's INTIDs in use are a 128-bit set");

/* ---------------------------------------------------------- messages */

/* What a message is about: "--vm modem", or "--shm 'base=...'" without a name. */
struct report {
	char *err;
	size_t errlen;
	const char *opt;
	const char *name;               /* NULL: quote spec */
	const char *spec;
};

__attribute__((format(printf, 2, 3)))
static int fail(const struct report *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->name)
		n = snprintf(r->err, r->errlen, "%s %s: ", r->opt, r->name);
	else if (r->spec)
		n = snprintf(r->err, r->errlen, "%s '%s': ", r->opt, r->spec);
	else
		n = snprintf(r->err, r->errlen, "%s: ", r->opt);
	if (n >= 0 && (size_t)n < r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* "s" after a count other than one. */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* ------------------------------------------------------------ items */

/* Walks a spec's comma-separated items, "key=value" or a bare "key". */
struct cursor {
	const char *next;               /* NULL at the end */
	char buf[PATH_MAX + 32];
};

/* The next item: 1 (value NULL for a bare key), 0 at the end, -1 reported. */
static int next_item(struct cursor *c, const struct report *r, char **key, char **value)
{
	size_t len;
	char *eq;

	if (!c->next)
		return 0;
	len = strcspn(c->next, ",");
	if (len == 0)
		return fail(r, "empty item (a comma too many)");
	if (len >= sizeof(c->buf))
		return fail(r, "item '%.32s...' is too long", c->next);
	memcpy(c->buf, c->next, len);
	c->buf[len] = '\0';
	c->next = c->next[len] ? c->next + len + 1 : NULL;
	*key = c->buf;
	eq = strchr(c->buf, '=');
	*value = eq ? eq + 1 : NULL;
	if (eq)
		*eq = '\0';
	return 1;
}

/*
 * The index of key in keys (NULL-terminated), checking its value: the keys
 * in valueless take none, the others need one; a key is given once unless
 * repeatable (masks: a bit per index). -1 when reported.
 */
static int key_index(const struct report *r, const char *const *keys, uint32_t valueless,
		     uint32_t repeatable, uint32_t *seen, const char *key, const char *value)
{
	char list[160] = "";
	int i;

	for (i = 0; keys[i] && strcmp(keys[i], key); i++)
		;
	if (!keys[i]) {
		for (int k = 0; keys[k]; k++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 k ? ", " : "", keys[k]);
		return fail(r, "unknown key '%s' (%s)", key, list);
	}
	if ((*seen >> i & 1) && !(repeatable >> i & 1))
		return fail(r, "%s given twice", key);
	*seen |= 1u << i;
	if ((valueless >> i & 1) && value)
		return fail(r, "%s takes no value", key);
	if (!(valueless >> i & 1) && (!value || !*value))
		return fail(r, "%s needs a value (%s=...)", key, key);
	return i;
}

/*
 * A whole number in [min, max]: decimal or 0x hexadecimal; for bytes
 * (addresses, sizes) a K, M or G suffix multiplies it by 2^10, 2^20, 2^30.
 */
static int number(const struct report *r, const char *key, const char *text, bool bytes,
		  uint64_t min, uint64_t max, uint64_t *v)
{
	bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
	const char *digits = hex ? text + 2 : text;
	unsigned shift = 0;
	unsigned long long n;
	char *end;

	if (!(hex ? isxdigit((unsigned char)digits[0]) : isdigit((unsigned char)digits[0])))
		return fail(r, "%s: '%s' is not a number", key, text);
	errno = 0;
	n = strtoull(digits, &end, hex ? 16 : 10);
	if (bytes && *end && !end[1])
		shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
	if (*end && (!shift || end[1]))
		return fail(r, "%s: '%s' is not a number", key, text);
	if (errno == ERANGE || n > UINT64_MAX >> shift || n << shift < min || n << shift > max) {
		if (bytes)
			return fail(r, "%s: %s is out of range [0x%" PRIx64 ", 0x%" PRIx64 "]",
				    key, text, min, max);
		return fail(r, "%s: %s is out of range [%" PRIu64 ", %" PRIu64 "]", key, text, min, max);
	}
	*v = n << shift;
	return 0;
}

/* A VM name: 1-15 letters, digits, '-' or '_' (names are listed with '+'). */
static int check_name(const struct report *r, const char *key, const char *name)
{
	if (strlen(name) >= HYP_VM_NAME_LEN)
		return fail(r, "%s: '%s' is longer than %d characters", key, name,
			    HYP_VM_NAME_LEN - 1);
	for (const char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
			return fail(r, "%s: '%s' has a character other than a letter, a digit, "
				    "'-' or '_'", key, name);
	return 0;
}

/* "a+b": names, each once. */
static int name_list(const struct report *r, const char *key, const char *text,
		     struct hyp_vm_names *l)
{
	struct hyp_vm_names got = { 0 };

	for (const char *at = text; at; ) {
		size_t len = strcspn(at, "+");
		char name[sizeof(((struct cursor *)0)->buf)];

		if (len == 0)
			return fail(r, "%s: an empty name in '%s'", key, text);
		if (got.n == HYP_MAX_VMS)
			return fail(r, "%s: more than %d VMs", key, HYP_MAX_VMS);
		snprintf(name, sizeof(name), "%.*s", (int)len, at);
		if (check_name(r, key, name) < 0)
			return -1;
		for (unsigned i = 0; i < got.n; i++)
			if (!strcmp(got.name[i], name))
				return fail(r, "%s: '%s' is listed twice", key, name);
		strcpy(got.name[got.n++], name);
		at = at[len] ? at + len + 1 : NULL;
	}
	*l = got;
	return 0;
}

/* ---------------------------------------------------------------- --vm */

enum vm_key {
	VM_NAME, VM_IMAGE, VM_MEM, VM_BASE, VM_VCPUS, VM_AFFINITY, VM_CPU, VM_PRIO,
	VM_BUDGET, VM_PERIOD, VM_DEV, VM_PASS, VM_DTB,
};

static const char *const vm_keys[] = {
	"name", "image", "mem", "base", "vcpus", "affinity", "cpu", "prio",
	"budget_us", "period_us", "dev", "pass", "dtb", NULL,
};

/* The name comes first, so that every other message can say which VM. */
static int vm_name(struct report *r, const char *spec, struct hyp_vm_spec *vm)
{
	struct cursor c = { .next = spec };
	char *key, *value;
	bool named = false;
	int rc;

	while ((rc = next_item(&c, r, &key, &value)) > 0) {
		if (strcmp(key, "name"))
			continue;
		if (named)
			return fail(r, "name given twice");
		if (!value || !*value)
			return fail(r, "name needs a value (name=...)");
		if (check_name(r, "name", value) < 0)
			return -1;
		strcpy(vm->name, value);
		named = true;
	}
	if (rc < 0)
		return -1;
	if (!named)
		return fail(r, "name= is required");
	r->name = vm->name;
	return 0;
}

static int vm_item(const struct report *r, struct hyp_vm_spec *vm, enum vm_key k, const char *value)
{
	uint64_t v;

	switch (k) {
	case VM_NAME:
		return 0;
	case VM_IMAGE:
		if (strlen(value) >= sizeof(vm->image))
			return fail(r, "image: the path is longer than %zu bytes", sizeof(vm->image) - 1);
		strcpy(vm->image, value);
		return 0;
	case VM_MEM:
		return number(r, "mem", value, false, 1, PLAT_RAM_SIZE_MAX >> 20, &vm->mem_mib);
	case VM_BASE:
		if (number(r, "base", value, true, 0, UINT64_MAX, &vm->base) < 0)
			return -1;
		if (vm->base % HYP_PARTITION_ALIGN)
			return fail(r, "base: 0x%" PRIx64 " is not a multiple of 2 MiB", vm->base);
		vm->base_given = true;
		return 0;
	case VM_VCPUS:
		if (number(r, "vcpus", value, false, 1, HYP_MAX_VCPUS, &v) < 0)
			return -1;
		vm->vcpus = (unsigned)v;
		return 0;
	case VM_AFFINITY:
		if (!strcmp(value, "any"))
			return 0;
		if (number(r, "affinity", value, false, 1, HYP_AFFINITY_ANY, &v) < 0)
			return -1;
		vm->affinity = (uint32_t)v;
		return 0;
	case VM_CPU:
		if (number(r, "cpu", value, false, 0, HYP_MAX_CORES - 1, &v) < 0)
			return -1;
		vm->cpu = (int)v;
		vm->affinity = 1u << v;
		return 0;
	case VM_PRIO:
		if (number(r, "prio", value, false, 0, HYP_PRIORITIES - 1, &v) < 0)
			return -1;
		vm->priority = (unsigned)v;
		return 0;
	case VM_BUDGET:
		return number(r, "budget_us", value, false, 1, HYP_PERIOD_US_MAX, &vm->budget_us);
	case VM_PERIOD:
		return number(r, "period_us", value, false, HYP_PERIOD_US_MIN, HYP_PERIOD_US_MAX,
			      &vm->period_us);
	case VM_DEV:
		if (strcmp(value, "pl011"))
			return fail(r, "dev: unknown virtual device '%s' (pl011)", value);
		vm->vpl011 = true;
		return 0;
	case VM_PASS:
		if (vm->npass == HYP_MAX_VM_DEVICES - 1)
			return fail(r, "pass: more than %d devices", HYP_MAX_VM_DEVICES - 1);
		if (strlen(value) >= HYP_DEVICE_NAME_LEN)
			return fail(r, "pass: unknown device '%s'", value);
		strcpy(vm->pass[vm->npass++], value);
		return 0;
	case VM_DTB:
		vm->dtb = true;
		return 0;
	}
	return 0;
}

int hyp_plan_add_vm(struct hyp_plan *p, const char *spec, char *err, size_t errlen)
{
	struct report r = { err, errlen, "--vm", NULL, spec };
	struct hyp_vm_spec *vm = &p->vm[p->nvms];
	struct cursor c = { .next = spec };
	uint32_t seen = 0;
	char *key, *value;
	int rc;

	if (p->nvms == HYP_MAX_VMS)
		return fail(&r, "more than %d VMs", HYP_MAX_VMS);
	*vm = (struct hyp_vm_spec){
		.mem_mib = HYP_VM_MIB_DEFAULT, .vcpus = 1,
		.affinity = HYP_AFFINITY_ANY, .cpu = -1, .priority = HYP_PRIORITY_DEFAULT,
	};
	if (vm_name(&r, spec, vm) < 0)
		return -1;
	while ((rc = next_item(&c, &r, &key, &value)) > 0) {
		int k = key_index(&r, vm_keys, 1u << VM_DTB, 1u << VM_PASS, &seen, key, value);

		if (k < 0 || vm_item(&r, vm, (enum vm_key)k, value) < 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	if (!(seen >> VM_IMAGE & 1))
		return fail(&r, "image= is required");
	if ((seen >> VM_AFFINITY & 1) && (seen >> VM_CPU & 1))
		return fail(&r, "affinity and cpu exclude each other");
	if (!vm->budget_us != !vm->period_us)
		return fail(&r, "%s needs %s", vm->budget_us ? "budget_us" : "period_us",
			    vm->budget_us ? "period_us" : "budget_us");
	if (vm->budget_us > vm->period_us)
		return fail(&r, "budget_us %" PRIu64 " is more than period_us %" PRIu64,
			    vm->budget_us, vm->period_us);
	p->nvms++;
	return 0;
}

/* --------------------------------------------------------------- --shm */

enum shm_key { SHM_BASE, SHM_SIZE, SHM_VMS, SHM_WRITABLE };

static const char *const shm_keys[] = { "base", "size", "vms", "writable", NULL };

static int shm_item(const struct report *r, struct hyp_shm_spec *shm, enum shm_key k,
		    const char *value)
{
	switch (k) {
	case SHM_BASE:
		if (number(r, "base", value, true, 0, UINT64_MAX, &shm->base) < 0)
			return -1;
		if (shm->base % HYP_PAGE_SIZE)
			return fail(r, "base: 0x%" PRIx64 " is not a multiple of 4 KiB", shm->base);
		return 0;
	case SHM_SIZE:
		if (number(r, "size", value, true, HYP_PAGE_SIZE, PLAT_RAM_SIZE_MAX, &shm->size) < 0)
			return -1;
		if (shm->size % HYP_PAGE_SIZE)
			return fail(r, "size: 0x%" PRIx64 " is not a multiple of 4 KiB", shm->size);
		return 0;
	case SHM_VMS:
		return name_list(r, "vms", value, &shm->vms);
	case SHM_WRITABLE:
		shm->writable_given = true;
		return name_list(r, "writable", value, &shm->writable);
	}
	return 0;
}

int hyp_plan_add_shm(struct hyp_plan *p, const char *spec, char *err, size_t errlen)
{
	struct report r = { err, errlen, "--shm", NULL, spec };
	struct hyp_shm_spec *shm = &p->shm[p->nshm];
	struct cursor c = { .next = spec };
	uint32_t seen = 0;
	char *key, *value;
	int rc;

	if (p->nshm == HYP_MAX_SHM)
		return fail(&r, "more than %d shared memory regions", HYP_MAX_SHM);
	*shm = (struct hyp_shm_spec){ .spec = spec };
	while ((rc = next_item(&c, &r, &key, &value)) > 0) {
		int k = key_index(&r, shm_keys, 0, 0, &seen, key, value);

		if (k < 0 || shm_item(&r, shm, (enum shm_key)k, value) < 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	for (int k = SHM_BASE; k <= SHM_VMS; k++)
		if (!(seen >> k & 1))
			return fail(&r, "%s= is required", shm_keys[k]);
	if (shm->vms.n < 2)
		return fail(&r, "vms: shared memory needs at least two VMs");
	p->nshm++;
	return 0;
}

/* ------------------------------------------------------------- --queue */

enum queue_key { Q_FROM, Q_TO, Q_SIZE, Q_DEPTH, Q_INTIDS };

static const char *const queue_keys[] = { "from", "to", "size", "depth", "intids", NULL };

/* "N/M": the receiver's not-empty INTID, the sender's not-full INTID. */
static int intids(const struct report *r, const char *value, struct hyp_queue_spec *q)
{
	char text[64];
	char *slash;
	uint64_t n, m;

	snprintf(text, sizeof(text), "%s", value);
	slash = strchr(text, '/');
	if (!slash || strlen(value) >= sizeof(text))
		return fail(r, "intids: '%s' is not N/M", value);
	*slash = '\0';
	if (number(r, "intids", text, false, QUEUE_INTID_MIN, QUEUE_INTID_MAX, &n) < 0 ||
	    number(r, "intids", slash + 1, false, QUEUE_INTID_MIN, QUEUE_INTID_MAX, &m) < 0)
		return -1;
	q->not_empty_intid = (uint32_t)n;
	q->not_full_intid = (uint32_t)m;
	return 0;
}

static int queue_item(const struct report *r, struct hyp_queue_spec *q, enum queue_key k,
		      const char *value)
{
	uint64_t v;

	switch (k) {
	case Q_FROM:
	case Q_TO:
		if (check_name(r, queue_keys[k], value) < 0)
			return -1;
		strcpy(k == Q_FROM ? q->from : q->to, value);
		return 0;
	case Q_SIZE:
		if (number(r, "size", value, true, 1, HYP_MSG_SIZE_MAX, &v) < 0)
			return -1;
		q->msg_size = (uint32_t)v;
		return 0;
	case Q_DEPTH:
		if (number(r, "depth", value, false, 1, HYP_QUEUE_DEPTH_MAX, &v) < 0)
			return -1;
		q->depth = (uint32_t)v;
		return 0;
	case Q_INTIDS:
		return intids(r, value, q);
	}
	return 0;
}

int hyp_plan_add_queue(struct hyp_plan *p, const char *spec, char *err, size_t errlen)
{
	struct report r = { err, errlen, "--queue", NULL, spec };
	struct hyp_queue_spec *q = &p->queue[p->nqueues];
	struct cursor c = { .next = spec };
	uint32_t seen = 0;
	char *key, *value;
	int rc;

	if (p->nqueues == HYP_MAX_QUEUES)
		return fail(&r, "more than %d queues", HYP_MAX_QUEUES);
	*q = (struct hyp_queue_spec){ .spec = spec };
	while ((rc = next_item(&c, &r, &key, &value)) > 0) {
		int k = key_index(&r, queue_keys, 0, 0, &seen, key, value);

		if (k < 0 || queue_item(&r, q, (enum queue_key)k, value) < 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	for (int k = Q_FROM; k <= Q_INTIDS; k++)
		if (!(seen >> k & 1))
			return fail(&r, "%s= is required", queue_keys[k]);
	if (!strcmp(q->from, q->to))
		return fail(&r, "from and to are the same VM");
	p->nqueues++;
	return 0;
}

/* ------------------------------------------------------------ the build */

struct build {
	struct hyp_setup *s;
	const struct hyp_plan *p;
	const struct hyp_platform *pf;
	char *err;
	size_t errlen;
	bool placed[HYP_MAX_VMS];       /* the VM's partition is decided */
	uint64_t intids_used[HYP_MAX_VMS][2];   /* by VM: INTIDs its devices and queues raise */
};

static struct report about(const struct build *b, const char *opt, const char *name,
			   const char *spec)
{
	return (struct report){ b->err, b->errlen, opt, name, spec };
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* [a, a + len) inside [base, base + size), with nothing that can wrap. */
static bool inside(uint64_t base, uint64_t size, uint64_t a, uint64_t len)
{
	return a >= base && a - base <= size && len <= size - (a - base);
}

/* Both ranges lie in RAM, so their ends cannot wrap. */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static int vm_index(const struct build *b, const char *name)
{
	for (unsigned i = 0; i < b->p->nvms; i++)
		if (!strcmp(b->p->vm[i].name, name))
			return (int)i;
	return -1;
}

/* The names, as a mask of VM indices; -1 when one names no VM. */
static int64_t vm_mask(const struct build *b, const struct report *r, const char *key,
		       const struct hyp_vm_names *l)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < l->n; i++) {
		int vm = vm_index(b, l->name[i]);

		if (vm < 0)
			return fail(r, "%s: no VM named '%s'", key, l->name[i]);
		mask |= 1u << vm;
	}
	return mask;
}

/* Marks intid as raised in VM vm; -1 (reported) when it already is. */
static int use_intid(struct build *b, const struct report *r, unsigned vm, uint32_t intid)
{
	uint64_t *set = &b->intids_used[vm][intid / 64];
	uint64_t bit = 1ull << (intid % 64);

	if (*set & bit)
		return fail(r, "INTID %u is already in use in VM %s", intid, b->p->vm[vm].name);
	*set |= bit;
	return 0;
}

static int fill_header(struct build *b)
{
	const struct hyp_plan *p = b->p;
	struct hyp_config *cfg = &b->s->cfg;
	bool statik = p->scheduler == HYP_SCHED_STATIC;

	if (p->nvms == 0) {
		struct report r = about(b, "--hyp", NULL, NULL);

		return fail(&r, "no VM to run (give one with --vm)");
	}
	if (statik && p->timeslice_us) {
		struct report r = about(b, "--hyp-timeslice-us", NULL, NULL);

		return fail(&r, "the static scheduler has no time slices");
	}
	*cfg = (struct hyp_config){
		.magic = HYP_CONFIG_MAGIC, .version = HYP_CONFIG_VERSION,
		.size = sizeof(struct hyp_config), .ncores = b->pf->ncores,
		.scheduler = p->scheduler,
		.timeslice_us = statik ? 0 : p->timeslice_us ? p->timeslice_us
							    : HYP_TIMESLICE_US_DEFAULT,
		.hyp_base = b->pf->ram_base,
		.hyp_size = (p->hyp_mib ? p->hyp_mib : HYP_MEM_MIB_DEFAULT) << 20,
		.uart_base = b->pf->uart.base, .trace_port = b->pf->trace_port,
		.nvms = p->nvms, .nshm = p->nshm, .nqueues = p->nqueues,
	};
	return 0;
}

/* The hypervisor's image in its memory, and its configuration right after. */
static int read_hyp(struct build *b)
{
	struct hyp_setup *s = b->s;
	struct report r = about(b, "--hyp", NULL, NULL);
	struct elf_ram mem = { s->cfg.hyp_base, s->cfg.hyp_size };
	uint64_t end = s->cfg.hyp_base + s->cfg.hyp_size;
	char msg[256];

	if (s->cfg.hyp_size > b->pf->ram_size)
		return fail(&r, "the hypervisor's %" PRIu64 " MiB of memory are more than RAM (%"
			    PRIu64 " MiB)", s->cfg.hyp_size >> 20, b->pf->ram_size >> 20);
	if (elf_read(b->p->hyp_image, &mem, 1, &s->hyp, msg, sizeof(msg)) < 0)
		return fail(&r, "%s", msg);
	s->config_addr = align_up(elf_end(&s->hyp), HYP_PAGE_SIZE);
	if (!inside(s->cfg.hyp_base, s->cfg.hyp_size, s->config_addr, sizeof(s->cfg)))
		return fail(&r, "no room for the %zu-byte configuration between the image's end "
			    "(0x%" PRIx64 ") and the end of the hypervisor's memory (0x%" PRIx64 ")",
			    sizeof(s->cfg), elf_end(&s->hyp), end);
	return 0;
}

/* A device the VM owns: its window, its interrupt (raised in that VM only). */
static int add_device(struct build *b, const struct report *r, unsigned vm, const char *name,
		      struct hyp_device_config dev)
{
	struct hyp_vm_config *v = &b->s->cfg.vm[vm];

	b->s->device_name[vm][v->ndevices] = name;
	v->device[v->ndevices++] = dev;
	return dev.vintid ? use_intid(b, r, vm, dev.vintid) : 0;
}

/* The whole device d, at its own address with its own interrupt. */
static struct hyp_device_config whole(const struct hyp_platform_device *d, uint32_t mode)
{
	return (struct hyp_device_config){
		.base = d->base, .size = d->size, .ipa = d->base,
		.intid = d->intid, .vintid = d->intid, .mode = mode,
	};
}

/*
 * Storage namespace ns of d (0: the whole medium): its frame seen where
 * the whole device's frame 0 is, its interrupt as the whole device's, its
 * DMA window set in the control frame (devices/storage.h). A VM never gets
 * the control frame or another namespace's frame, which would let it
 * point DMA anywhere in RAM.
 */
static struct hyp_device_config storage_namespace(const struct hyp_platform_device *d,
						  unsigned ns)
{
	return (struct hyp_device_config){
		.base = d->base + ns * STORAGE_FRAME_SIZE, .size = STORAGE_FRAME_SIZE,
		.ipa = d->base,
		.dma_window = d->base + STORAGE_CTL_FRAME * STORAGE_FRAME_SIZE +
			      STORAGE_CTL_DMA_BASE(ns),
		.intid = PLAT_INTID_STORAGE_NS(ns), .vintid = d->intid,
		.mode = HYP_DEV_PASSTHROUGH,
	};
}

/* How an entry for device d is named in messages: "storage", or "storage:2" for a part. */
static void entry_label(const struct hyp_platform_device *d, const struct hyp_device_config *e,
			char *out, size_t len)
{
	if (e->base == d->base)
		snprintf(out, len, "%s", d->name);
	else
		snprintf(out, len, "%s:%" PRIu64, d->name, (e->base - d->base) / STORAGE_FRAME_SIZE);
}

/*
 * Passthrough: each device, or each storage namespace, to one VM at most;
 * the whole storage device excludes its namespaces. A VM has one storage
 * frame at most: each is seen at the same address.
 */
static int pass_device(struct build *b, const struct report *r, unsigned vm, const char *spec)
{
	const struct hyp_platform *pf = b->pf;
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	char list[96] = "", label[HYP_DEVICE_NAME_LEN + 24], other[sizeof(label)];
	uint64_t ns = 0;

	for (unsigned d = 0; d < pf->ndevices; d++) {
		const struct hyp_platform_device *dev = &pf->device[d];
		struct hyp_device_config e;

		if (strlen(dev->name) != len || strncmp(dev->name, spec, len))
			continue;
		if (colon && strcmp(dev->name, "storage"))
			return fail(r, "pass: %s has no namespaces ('%s')", dev->name, spec);
		if (colon && number(r, "pass=storage:N", colon + 1, false, 1,
				    STORAGE_NAMESPACES - 1, &ns) < 0)
			return -1;
		if (ns && !(dev->namespaces >> ns & 1))
			return fail(r, "pass: storage namespace %" PRIu64 " does not exist "
				    "(storage.ns%" PRIu64 "_blocks is 0)", ns, ns);
		e = strcmp(dev->name, "storage") ? whole(dev, HYP_DEV_PASSTHROUGH) :
						    storage_namespace(dev, (unsigned)ns);
		entry_label(dev, &e, label, sizeof(label));
		for (unsigned i = 0; i <= vm; i++)
			for (unsigned k = 0; k < b->s->cfg.vm[i].ndevices; k++) {
				const struct hyp_device_config *o = &b->s->cfg.vm[i].device[k];

				if (strcmp(b->s->device_name[i][k], dev->name))
					continue;
				entry_label(dev, o, other, sizeof(other));
				if (!strcmp(label, other))
					return fail(r, "pass: %s is already given to VM %s", label,
						    b->p->vm[i].name);
				if (i == vm)
					return fail(r, "pass: %s: the VM already has %s, seen at the "
						    "same address", label, other);
				if (!ns || o->base == dev->base)
					return fail(r, "pass: %s: %s is already given to VM %s", label,
						    other, b->p->vm[i].name);
			}
		return add_device(b, r, vm, dev->name, e);
	}
	for (unsigned d = 0; d < pf->ndevices; d++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 d ? ", " : "", pf->device[d].name);
	return fail(r, "pass: unknown device '%s' (a VM may own %s)", spec, list);
}

/* Everything of a VM but its partition and vCPU placement. */
static int fill_vm(struct build *b, unsigned i)
{
	const struct hyp_vm_spec *vm = &b->p->vm[i];
	struct hyp_vm_config *v = &b->s->cfg.vm[i];
	struct report r = about(b, "--vm", vm->name, NULL);
	uint32_t cores = (uint32_t)((1ull << b->pf->ncores) - 1);

	for (unsigned j = 0; j < i; j++)
		if (!strcmp(b->p->vm[j].name, vm->name))
			return fail(&r, "two VMs have that name");
	if (vm->mem_mib << 20 > b->pf->ram_size)
		return fail(&r, "mem: %" PRIu64 " MiB is more than RAM (%" PRIu64 " MiB)",
			    vm->mem_mib, b->pf->ram_size >> 20);
	if (vm->cpu >= (int)b->pf->ncores)
		return fail(&r, "cpu: core %d does not exist (the machine has %u core%s)",
			    vm->cpu, b->pf->ncores, plural(b->pf->ncores));
	if (vm->affinity != HYP_AFFINITY_ANY && (vm->affinity & ~cores))
		return fail(&r, "affinity: 0x%x names a core that does not exist (the machine "
			    "has %u core%s)", vm->affinity, b->pf->ncores, plural(b->pf->ncores));
	if (vm->budget_us && b->p->scheduler == HYP_SCHED_STATIC)
		return fail(&r, "budget_us: the static scheduler has no budgets");
	memcpy(v->name, vm->name, sizeof(v->name));
	v->mem_size = vm->mem_mib << 20;
	v->nvcpus = vm->vcpus;
	v->priority = vm->priority;
	v->budget_ns = vm->budget_us * 1000;
	v->period_ns = vm->period_us * 1000;
	b->s->dtb[i] = vm->dtb;
	/* The hypervisor emulates the console's registers, not its interrupt. */
	if (vm->vpl011) {
		struct hyp_device_config uart = whole(&b->pf->uart, HYP_DEV_VPL011);

		uart.intid = uart.vintid = 0;
		if (add_device(b, &r, i, b->pf->uart.name, uart) < 0)
			return -1;
	}
	for (unsigned k = 0; k < vm->npass; k++)
		if (pass_device(b, &r, i, vm->pass[k]) < 0)
			return -1;
	return 0;
}

/* Partition i, if placed, against [base, base + size): -1 reported when they meet. */
static int partition_clash(const struct build *b, const struct report *r, const char *what,
			   uint64_t base, uint64_t size)
{
	const struct hyp_config *cfg = &b->s->cfg;

	if (overlaps(base, size, cfg->hyp_base, cfg->hyp_size))
		return fail(r, "%s [0x%" PRIx64 ", 0x%" PRIx64 ") overlaps the hypervisor's memory "
			    "[0x%" PRIx64 ", 0x%" PRIx64 ")", what, base, base + size,
			    cfg->hyp_base, cfg->hyp_base + cfg->hyp_size);
	for (unsigned j = 0; j < cfg->nvms; j++) {
		const struct hyp_vm_config *v = &cfg->vm[j];

		if (b->placed[j] && overlaps(base, size, v->mem_base, v->mem_size))
			return fail(r, "%s [0x%" PRIx64 ", 0x%" PRIx64 ") overlaps VM %s's partition "
				    "[0x%" PRIx64 ", 0x%" PRIx64 ")", what, base, base + size,
				    v->name, v->mem_base, v->mem_base + v->mem_size);
	}
	return 0;
}

static int check_in_ram(const struct build *b, const struct report *r, const char *what,
			uint64_t base, uint64_t size)
{
	const struct hyp_platform *pf = b->pf;

	if (!inside(pf->ram_base, pf->ram_size, base, size))
		return fail(r, "%s [0x%" PRIx64 ", 0x%" PRIx64 ") lies outside RAM [0x%" PRIx64
			    ", 0x%" PRIx64 ")", what, base, base + size, pf->ram_base,
			    pf->ram_base + pf->ram_size);
	return 0;
}

/* The partitions given with base=, each in RAM and apart from the others. */
static int place_given(struct build *b)
{
	for (unsigned i = 0; i < b->p->nvms; i++) {
		const struct hyp_vm_spec *vm = &b->p->vm[i];
		struct hyp_vm_config *v = &b->s->cfg.vm[i];
		struct report r = about(b, "--vm", vm->name, NULL);

		if (!vm->base_given)
			continue;
		v->mem_base = vm->base;
		if (check_in_ram(b, &r, "its partition", v->mem_base, v->mem_size) < 0 ||
		    partition_clash(b, &r, "its partition", v->mem_base, v->mem_size) < 0)
			return -1;
		b->placed[i] = true;
	}
	return 0;
}

static int fill_shm(struct build *b)
{
	for (unsigned i = 0; i < b->p->nshm; i++) {
		const struct hyp_shm_spec *sp = &b->p->shm[i];
		struct hyp_shm_config *shm = &b->s->cfg.shm[i];
		struct report r = about(b, "--shm", NULL, sp->spec);
		int64_t vms = vm_mask(b, &r, "vms", &sp->vms);
		int64_t writable = sp->writable_given ? vm_mask(b, &r, "writable", &sp->writable) : vms;

		if (vms < 0 || writable < 0)
			return -1;
		for (unsigned k = 0; k < sp->writable.n; k++)
			if (!(vms >> vm_index(b, sp->writable.name[k]) & 1))
				return fail(&r, "writable: %s is not in vms", sp->writable.name[k]);
		if (check_in_ram(b, &r, "the region", sp->base, sp->size) < 0 ||
		    partition_clash(b, &r, "the region", sp->base, sp->size) < 0)
			return -1;
		for (unsigned j = 0; j < i; j++)
			if (overlaps(sp->base, sp->size, b->s->cfg.shm[j].base, b->s->cfg.shm[j].size))
				return fail(&r, "the region overlaps that of --shm '%s'", b->p->shm[j].spec);
		*shm = (struct hyp_shm_config){
			.base = sp->base, .size = sp->size,
			.vms = (uint32_t)vms, .writable = (uint32_t)writable,
		};
	}
	return 0;
}

/*
 * The lowest 2 MiB boundary after the hypervisor's memory where size bytes
 * meet no placed partition and no shared region; 0 when RAM has no room.
 */
static uint64_t first_fit(const struct build *b, uint64_t size)
{
	const struct hyp_config *cfg = &b->s->cfg;
	uint64_t at = align_up(cfg->hyp_base + cfg->hyp_size, HYP_PARTITION_ALIGN);
	bool moved = true;

	while (moved) {
		moved = false;
		if (!inside(b->pf->ram_base, b->pf->ram_size, at, size))
			return 0;
		for (unsigned j = 0; j < cfg->nvms; j++)
			if (b->placed[j] && overlaps(at, size, cfg->vm[j].mem_base, cfg->vm[j].mem_size)) {
				at = align_up(cfg->vm[j].mem_base + cfg->vm[j].mem_size, HYP_PARTITION_ALIGN);
				moved = true;
			}
		for (unsigned j = 0; j < cfg->nshm; j++)
			if (overlaps(at, size, cfg->shm[j].base, cfg->shm[j].size)) {
				at = align_up(cfg->shm[j].base + cfg->shm[j].size, HYP_PARTITION_ALIGN);
				moved = true;
			}
	}
	return at;
}

/* The partitions without base=, in order, then every VM's image in its own. */
static int place_rest(struct build *b)
{
	for (unsigned i = 0; i < b->p->nvms; i++) {
		struct hyp_vm_config *v = &b->s->cfg.vm[i];
		struct report r = about(b, "--vm", v->name, NULL);

		if (b->placed[i])
			continue;
		v->mem_base = first_fit(b, v->mem_size);
		if (!v->mem_base)
			return fail(&r, "no room left in RAM for its %" PRIu64 " MiB partition",
				    v->mem_size >> 20);
		b->placed[i] = true;
	}
	for (unsigned i = 0; i < b->p->nvms; i++) {
		struct hyp_vm_config *v = &b->s->cfg.vm[i];
		struct report r = about(b, "--vm", v->name, NULL);
		struct elf_ram part = { v->mem_base, v->mem_size };
		char msg[256];

		if (elf_read(b->p->vm[i].image, &part, 1, &b->s->image[i], msg, sizeof(msg)) < 0)
			return fail(&r, "%s", msg);
		v->entry = b->s->image[i].entry;
	}
	return 0;
}

/*
 * Each vCPU may run where its VM's affinity says; the static scheduler
 * also gives each its own core, the lowest free one it may use, in order.
 */
static int place_vcpus(struct build *b)
{
	uint32_t taken = 0;

	for (unsigned i = 0; i < b->p->nvms; i++) {
		const struct hyp_vm_spec *vm = &b->p->vm[i];
		struct hyp_vm_config *v = &b->s->cfg.vm[i];
		struct report r = about(b, "--hyp-sched static", NULL, NULL);

		for (unsigned k = 0; k < vm->vcpus; k++) {
			uint32_t free = vm->affinity & ~taken & ((1u << b->pf->ncores) - 1);

			v->vcpu[k].affinity = vm->affinity;
			if (b->p->scheduler != HYP_SCHED_STATIC)
				continue;
			if (!free)
				return fail(&r, "no core of its own left for VM %s's vCPU %u "
					    "(%u core%s in all)", vm->name, k, b->pf->ncores,
					    plural(b->pf->ncores));
			v->vcpu[k].affinity = free & -free;
			taken |= free & -free;
		}
	}
	return 0;
}

static int fill_queues(struct build *b)
{
	uint64_t bytes = 0;

	for (unsigned i = 0; i < b->p->nqueues; i++) {
		const struct hyp_queue_spec *q = &b->p->queue[i];
		struct report r = about(b, "--queue", NULL, q->spec);
		int from = vm_index(b, q->from), to = vm_index(b, q->to);

		if (from < 0 || to < 0)
			return fail(&r, "%s: no VM named '%s'", from < 0 ? "from" : "to",
				    from < 0 ? q->from : q->to);
		bytes += (uint64_t)q->msg_size * q->depth;
		if (bytes > HYP_QUEUE_BYTES_MAX)
			return fail(&r, "the queues' buffers come to %" PRIu64 " bytes, more than "
				    "the hypervisor's %d", bytes, HYP_QUEUE_BYTES_MAX);
		if (use_intid(b, &r, (unsigned)to, q->not_empty_intid) < 0 ||
		    use_intid(b, &r, (unsigned)from, q->not_full_intid) < 0)
			return -1;
		b->s->cfg.queue[i] = (struct hyp_queue_config){
			.sender = (uint32_t)from, .receiver = (uint32_t)to,
			.msg_size = q->msg_size, .depth = q->depth,
			.not_empty_intid = q->not_empty_intid, .not_full_intid = q->not_full_intid,
		};
	}
	return 0;
}

int hyp_setup_build(struct hyp_setup *s, const struct hyp_plan *p,
		    const struct hyp_platform *pf, char *err, size_t errlen)
{
	struct build b = { .s = s, .p = p, .pf = pf, .err = err, .errlen = errlen };
	int rc;

	memset(s, 0, sizeof(*s));
	rc = fill_header(&b);
	if (rc == 0)
		rc = read_hyp(&b);
	for (unsigned i = 0; rc == 0 && i < p->nvms; i++)
		rc = fill_vm(&b, i);
	if (rc == 0)
		rc = place_given(&b);
	if (rc == 0)
		rc = fill_shm(&b);
	if (rc == 0)
		rc = place_rest(&b);
	if (rc == 0)
		rc = place_vcpus(&b);
	if (rc == 0)
		rc = fill_queues(&b);
	if (rc != 0)
		hyp_setup_free(s);
	return rc;
}

void hyp_setup_free(struct hyp_setup *s)
{
	elf_free(&s->hyp);
	for (unsigned i = 0; i < HYP_MAX_VMS; i++)
		elf_free(&s->image[i]);
}
