/*
 * fdt.h - writing a flattened device tree (the Devicetree Specification
 * v0.4, chapter 5, "Flattened Devicetree (DTB) Format").
 *
 * A small builder: begin/end nodes, add properties, finish into one blob.
 * Big-endian throughout, as the format requires. It writes trees; it does not
 * parse or edit them. What goes into the tree is machine_dtb()'s business.
 */
#ifndef PHONESIM_FDT_H
#define PHONESIM_FDT_H

#include <stddef.h>
#include <stdint.h>

struct fdt {
	uint8_t *structs;       /* the structure block being built */
	size_t nstructs, cap_structs;
	char *strings;          /* the strings block (property names) */
	size_t nstrings, cap_strings;
	int depth;
	int failed;             /* out of memory: every later call is a no-op */
};

void fdt_init(struct fdt *f);
void fdt_begin_node(struct fdt *f, const char *name);
void fdt_end_node(struct fdt *f);
void fdt_prop(struct fdt *f, const char *name, const void *value, size_t len);
void fdt_prop_u32(struct fdt *f, const char *name, uint32_t v);
void fdt_prop_u64(struct fdt *f, const char *name, uint64_t v);
void fdt_prop_str(struct fdt *f, const char *name, const char *s);
/* A property of n 32-bit cells. */
void fdt_prop_cells(struct fdt *f, const char *name, const uint32_t *cells, unsigned n);

/*
 * The finished blob (malloc'd; the caller frees it), or NULL when the tree
 * is unbalanced or memory ran out. Frees the builder's buffers.
 */
uint8_t *fdt_finish(struct fdt *f, size_t *size);

#endif
