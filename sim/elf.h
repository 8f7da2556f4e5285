/*
 * elf.h - loading AArch64 ELF executables into simulated RAM.
 *
 * Validates the whole file before anything is copied, so a bad image leaves
 * memory untouched and yields one message saying what is wrong and where
 * (ELF32/ELF64 header field, program header index, address range).
 * Loads PT_LOAD segments at their physical address (p_paddr), as QEMU's
 * -kernel does; zero-fills p_memsz beyond p_filesz.
 *
 * Not a dynamic loader: no relocations, no interpreter, no symbols.
 */
#ifndef PHONESIM_ELF_H
#define PHONESIM_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16

struct elf_segment {
	uint64_t paddr;
	uint64_t filesz, memsz;
	uint64_t offset;        /* into the file */
	uint32_t flags;         /* PF_X/PF_W/PF_R */
};

struct elf_image {
	uint64_t entry;
	unsigned nsegments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	uint8_t *data;          /* the whole file, owned (elf_free) */
	size_t size;
};

/* A physical range segments may be loaded into: [base, base + size). */
struct elf_ram {
	uint64_t base, size;
};

/*
 * Reads and validates path. Every PT_LOAD segment must lie wholly inside one
 * of the nram ranges, and the entry point inside a loaded executable segment.
 * On failure returns -1 and writes one line (no trailing newline) such as
 * "kernel.elf: not an AArch64 ELF (e_machine 62)" into err; nothing is kept.
 */
int elf_read(const char *path, const struct elf_ram *ram, unsigned nram,
	     struct elf_image *img, char *err, size_t errlen);

/* Parses an image already in memory (the bytes are copied). Same checks. */
int elf_parse(const char *name, const void *bytes, size_t size,
	      const struct elf_ram *ram, unsigned nram,
	      struct elf_image *img, char *err, size_t errlen);

/*
 * Copies the segments into memory through write (which cannot fail for
 * ranges elf_read accepted): file bytes, then zeros up to memsz.
 */
typedef void (*elf_write_fn)(void *ctx, uint64_t pa, const void *src, size_t len);
typedef void (*elf_zero_fn)(void *ctx, uint64_t pa, size_t len);
void elf_load(const struct elf_image *img, elf_write_fn write, elf_zero_fn zero, void *ctx);

/* The end of the highest segment: where free memory after the image starts. */
uint64_t elf_end(const struct elf_image *img);

void elf_free(struct elf_image *img);

#endif
