/*
 * fdt.c - finding a device in the flattened device tree the workload was
 * started with (X0: natively `phonesim run --dtb`, in a VM the `dtb` of
 * its --vm spec, which shows only what the VM was given). Only the question
 * workloads ask: is there a node named NAME@..., and at what unit address.
 * Format: Devicetree Specification v0.4, chapter 5 (big-endian tokens).
 */
#include "wl.h"

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

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

bool wl_fdt_find(const void *dtb, const char *name, uint64_t *unit_address)
{
	const uint8_t *base = dtb;
	size_t name_len = strlen(name);

	if (!dtb || be32(base) != FDT_MAGIC)
		return false;
	uint32_t total = be32(base + 4), off = be32(base + 8), size = be32(base + 36);

	if (off >= total || size > total - off)
		return false;
	for (const uint8_t *p = base + off, *end = p + size; p + 4 <= end;) {
		uint32_t token = be32(p);

		p += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *node = (const char *)p;
			size_t len = strlen(node);

			if (len > name_len && !memcmp(node, name, name_len) && node[name_len] == '@') {
				if (unit_address)
					*unit_address = parse_hex(node + name_len + 1);
				return true;
			}
			p += (len + 4) & ~(size_t)3;
		} else if (token == FDT_PROP) {
			if (p + 8 > end)
				return false;
			p += 8 + ((be32(p) + 3) & ~3u);
		} else if (token == FDT_END) {
			return false;
		} else if (token != FDT_END_NODE && token != FDT_NOP) {
			return false;
		}
	}
	return false;
}
