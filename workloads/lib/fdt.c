/*
 * fdt.c - what workloads read from the flattened device tree they were
 * started with (X0: natively `phonesim run --dtb`, in a VM the `dtb` of
 * its --vm spec, which shows only what the VM was given): whether there
 * is a node named NAME@... and at what unit address, and the run length
 * phonesim puts in /chosen. Not a general parser: no phandles, no paths
 * below the root's children, no property other than those.
 * Format: Devicetree Specification v0.4, chapter 5 (big-endian tokens).
 */
#include "wl.h"

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

#define DURATION_PROP   "phonesim,duration-us"

/* A walk over the structure block, token by token. */
struct fdt_walk {
	const uint8_t *p, *end;
	const char *strings;
	uint32_t strings_size;
	const char *name;               /* the last node's or property's name */
	const uint8_t *value;           /* the last property's value, LEN bytes */
	uint32_t len;
};

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t parse_hex(const char *s)
{
	uint64_t v = 0;

	for (;; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else
			return v;
		v = v << 4 | d;
	}
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The header (section 5.2): false for NULL, a bad magic or blocks outside the blob. */
static bool walk_start(struct fdt_walk *w, const void *dtb)
{
	const uint8_t *base = dtb;

	if (!dtb || be32(base) != FDT_MAGIC)
		return false;
	uint32_t total = be32(base + 4), off = be32(base + 8), size = be32(base + 36);
	uint32_t str_off = be32(base + 12), str_size = be32(base + 32);

	if (off >= total || size > total - off || str_off > total || str_size > total - str_off)
		return false;
	*w = (struct fdt_walk){ .p = base + off, .end = base + off + size,
				.strings = (const char *)base + str_off, .strings_size = str_size };
	return true;
}

/* The next token other than NOP; FDT_END also for a malformed block. */
static uint32_t walk_next(struct fdt_walk *w)
{
	while (w->p + 4 <= w->end) {
		uint32_t token = be32(w->p);

		w->p += 4;
		if (token == FDT_BEGIN_NODE) {
			size_t len = strlen((const char *)w->p);

			w->name = (const char *)w->p;
			w->p += (len + 4) & ~(size_t)3;
			return token;
		}
		if (token == FDT_PROP) {
			if (w->p + 8 > w->end)
				return FDT_END;
			uint32_t len = be32(w->p), name = be32(w->p + 4);

			if (len > (size_t)(w->end - w->p) - 8 || name >= w->strings_size)
				return FDT_END;
			w->name = w->strings + name;
			w->value = w->p + 8;
			w->len = len;
			w->p += 8 + ((len + 3) & ~3u);
			return token;
		}
		if (token == FDT_END_NODE)
			return token;
		if (token != FDT_NOP)
			return FDT_END;
	}
	return FDT_END;
}

bool wl_fdt_find(const void *dtb, const char *name, uint64_t *unit_address)
{
	struct fdt_walk w;
	size_t name_len = strlen(name);
	uint32_t token;

	if (!walk_start(&w, dtb))
		return false;
	while ((token = walk_next(&w)) != FDT_END) {
		if (token == FDT_BEGIN_NODE && strlen(w.name) > name_len &&
		    !memcmp(w.name, name, name_len) && w.name[name_len] == '@') {
			if (unit_address)
				*unit_address = parse_hex(w.name + name_len + 1);
			return true;
		}
	}
	return false;
}

uint32_t wl_duration_us(const void *dtb)
{
	struct fdt_walk w;
	unsigned depth = 0;             /* 1: in the root node, 2: in one of its children */
	bool in_chosen = false;
	uint32_t token;

	if (!walk_start(&w, dtb))
		return 0;
	while ((token = walk_next(&w)) != FDT_END) {
		if (token == FDT_BEGIN_NODE) {
			if (++depth == 2)
				in_chosen = streq(w.name, "chosen");
		} else if (token == FDT_END_NODE) {
			if (depth-- == 2)
				in_chosen = false;
		} else if (in_chosen && depth == 2 && w.len == 4 &&
			   streq(w.name, DURATION_PROP)) {
			return be32(w.value);
		}
	}
	return 0;
}
