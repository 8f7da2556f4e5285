/*
 * fdt.c - the flattened device tree writer (see fdt.h). Section numbers are
 * the Devicetree Specification v0.4.
 */
#include <stdlib.h>
#include <string.h>

#include "fdt.h"

/* 5.4.1: structure block tokens. */
#define FDT_BEGIN_NODE  1u
#define FDT_END_NODE    2u
#define FDT_PROP        3u
#define FDT_END         9u

#define FDT_MAGIC       0xd00dfeedu
#define FDT_VERSION     17u
#define FDT_LAST_COMP   16u
#define HEADER_SIZE     40u
#define RESERVE_SIZE    16u     /* the memory reservation map: its terminator only */

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Grows a buffer to hold need bytes; false (and f->failed) when it cannot. */
static int reserve(struct fdt *f, void **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 256;
	void *p;

	if (f->failed)
		return 0;
	if (need <= *cap)
		return 1;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n);
	if (!p) {
		f->failed = 1;
		return 0;
	}
	*buf = p;
	*cap = n;
	return 1;
}

/* Appends bytes to the structure block, padded to 4 bytes (5.4.2). */
static void emit(struct fdt *f, const void *bytes, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;

	if (!reserve(f, (void **)&f->structs, &f->cap_structs, f->nstructs + padded))
		return;
	memcpy(f->structs + f->nstructs, bytes, len);
	memset(f->structs + f->nstructs + len, 0, padded - len);
	f->nstructs += padded;
}

static void emit_u32(struct fdt *f, uint32_t v)
{
	uint8_t be[4];

	put_be32(be, v);
	emit(f, be, 4);
}

/* The offset of name in the strings block, adding it once (5.5). */
static uint32_t string_offset(struct fdt *f, const char *name)
{
	size_t len = strlen(name) + 1;

	for (size_t off = 0; off < f->nstrings; off += strlen(f->strings + off) + 1)
		if (!strcmp(f->strings + off, name))
			return (uint32_t)off;
	if (!reserve(f, (void **)&f->strings, &f->cap_strings, f->nstrings + len))
		return 0;
	memcpy(f->strings + f->nstrings, name, len);
	f->nstrings += len;
	return (uint32_t)(f->nstrings - len);
}

void fdt_init(struct fdt *f)
{
	memset(f, 0, sizeof(*f));
}

void fdt_begin_node(struct fdt *f, const char *name)
{
	emit_u32(f, FDT_BEGIN_NODE);
	emit(f, name, strlen(name) + 1);
	f->depth++;
}

void fdt_end_node(struct fdt *f)
{
	emit_u32(f, FDT_END_NODE);
	f->depth--;
}

void fdt_prop(struct fdt *f, const char *name, const void *value, size_t len)
{
	uint32_t off = string_offset(f, name);

	emit_u32(f, FDT_PROP);
	emit_u32(f, (uint32_t)len);
	emit_u32(f, off);
	emit(f, value, len);
}

void fdt_prop_cells(struct fdt *f, const char *name, const uint32_t *cells, unsigned n)
{
	uint8_t be[4 * 16];

	if (n > 16) {
		f->failed = 1;
		return;
	}
	for (unsigned i = 0; i < n; i++)
		put_be32(be + 4 * i, cells[i]);
	fdt_prop(f, name, be, 4 * (size_t)n);
}

void fdt_prop_u32(struct fdt *f, const char *name, uint32_t v)
{
	fdt_prop_cells(f, name, &v, 1);
}

void fdt_prop_u64(struct fdt *f, const char *name, uint64_t v)
{
	uint32_t cells[2] = { (uint32_t)(v >> 32), (uint32_t)v };

	fdt_prop_cells(f, name, cells, 2);
}

void fdt_prop_str(struct fdt *f, const char *name, const char *s)
{
	fdt_prop(f, name, s, strlen(s) + 1);
}

/* 5.2: header, memory reservation map, structure block, strings block. */
uint8_t *fdt_finish(struct fdt *f, size_t *size)
{
	uint8_t *blob = NULL;
	size_t off_struct = HEADER_SIZE + RESERVE_SIZE;
	size_t off_strings, total;

	emit_u32(f, FDT_END);
	if (f->failed || f->depth != 0)
		goto out;
	off_strings = off_struct + f->nstructs;
	total = off_strings + f->nstrings;
	blob = calloc(1, total);
	if (!blob)
		goto out;
	put_be32(blob + 0, FDT_MAGIC);
	put_be32(blob + 4, (uint32_t)total);
	put_be32(blob + 8, (uint32_t)off_struct);
	put_be32(blob + 12, (uint32_t)off_strings);
	put_be32(blob + 16, HEADER_SIZE);               /* off_mem_rsvmap */
	put_be32(blob + 20, FDT_VERSION);
	put_be32(blob + 24, FDT_LAST_COMP);
	put_be32(blob + 28, 0);                         /* boot_cpuid_phys */
	put_be32(blob + 32, (uint32_t)f->nstrings);
	put_be32(blob + 36, (uint32_t)f->nstructs);
	memcpy(blob + off_struct, f->structs, f->nstructs);
	memcpy(blob + off_strings, f->strings, f->nstrings);
	*size = total;
out:
	free(f->structs);
	free(f->strings);
	fdt_init(f);
	return blob;
}
