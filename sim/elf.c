/*
 * elf.c - validating and loading static AArch64 ELF64 executables.
 *
 * The ELF header and program headers are read by byte offset with explicit
 * little-endian loads (System V gABI, "ELF Header" and "Program Header", in
 * their ELF-64 layout), so neither the host's endianness nor any struct layout
 * matters. Every offset and size is checked against the file before it is
 * used, without arithmetic that can wrap, so a hostile file gets an error
 * message, never an out-of-bounds read; the only allocation is the file size.
 *
 * Not a general ELF reader: no section headers, symbols, relocations, dynamic
 * linking, ELF32 or big-endian images.
 */
#include "elf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Segment sizes become size_t lengths for elf_load: the host must be 64-bit. */
_Static_assert(SIZE_MAX >= UINT64_MAX, "a 64-bit host is required");

/*
 * gABI constants and ELF-64 field offsets. Spelled out here because, with
 * -Isim, #include <elf.h> would find this module's own header.
 */
enum {
	EI_CLASS = 4,
	EI_DATA = 5,
	ELFCLASS64 = 2,
	ELFDATA2LSB = 1,
	ET_EXEC = 2,
	ET_DYN = 3,
	EM_AARCH64 = 183,
	PN_XNUM = 0xffff,
	PT_LOAD = 1,
	PF_X = 1,

	EHDR_SIZE = 64,
	E_TYPE = 16,            /* Elf64_Half */
	E_MACHINE = 18,         /* Elf64_Half */
	E_ENTRY = 24,           /* Elf64_Addr */
	E_PHOFF = 32,           /* Elf64_Off */
	E_PHENTSIZE = 54,       /* Elf64_Half */
	E_PHNUM = 56,           /* Elf64_Half */

	PHDR_SIZE = 56,
	P_TYPE = 0,             /* Elf64_Word */
	P_FLAGS = 4,            /* Elf64_Word */
	P_OFFSET = 8,           /* Elf64_Off */
	P_VADDR = 16,           /* Elf64_Addr */
	P_PADDR = 24,           /* Elf64_Addr */
	P_FILESZ = 32,          /* Elf64_Xword */
	P_MEMSZ = 40,           /* Elf64_Xword */
};

static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };

/* The file being checked, where to report, and what validation found. */
struct check {
	const char *name;
	char *err;
	size_t errlen;
	const uint8_t *b;
	size_t size;
	const struct elf_ram *ram;
	unsigned nram;
	unsigned phidx[ELF_MAX_SEGMENTS];       /* program header of each segment */
	uint64_t vaddr[ELF_MAX_SEGMENTS];       /* p_vaddr, to translate e_entry */
};

static uint64_t le(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static unsigned le16(const uint8_t *p)
{
	return (unsigned)le(p, 2);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le(p, 4);
}

static uint64_t le64(const uint8_t *p)
{
	return le(p, 8);
}

/* Writes "name: <message>" into err; returns -1 for the caller to return. */
__attribute__((format(printf, 4, 5)))
static int report(char *err, size_t errlen, const char *name, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || !errlen)
		return -1;
	n = snprintf(err, errlen, "%s: ", name);
	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

#define reject(c, ...) report((c)->err, (c)->errlen, (c)->name, __VA_ARGS__)

/* a in [base, base + len), with no base + len that could wrap. */
static bool contains(uint64_t base, uint64_t len, uint64_t a)
{
	return a >= base && a - base < len;
}

/* [a, a + len) inside [base, base + size). */
static bool inside(uint64_t base, uint64_t size, uint64_t a, uint64_t len)
{
	return a >= base && a - base <= size && len <= size - (a - base);
}

static int check_ident(const struct check *c)
{
	if (c->size < sizeof(elf_magic) || memcmp(c->b, elf_magic, sizeof(elf_magic)))
		return reject(c, "not an ELF file");
	if (c->size < EHDR_SIZE)
		return reject(c, "truncated ELF header (%zu bytes, need %d)",
			      c->size, EHDR_SIZE);
	if (c->b[EI_CLASS] != ELFCLASS64)
		return reject(c, "not a 64-bit ELF (EI_CLASS %u)", c->b[EI_CLASS]);
	if (c->b[EI_DATA] != ELFDATA2LSB)
		return reject(c, "not a little-endian ELF (EI_DATA %u)", c->b[EI_DATA]);
	return 0;
}

static int check_header(const struct check *c)
{
	unsigned type = le16(c->b + E_TYPE);
	unsigned machine = le16(c->b + E_MACHINE);
	unsigned phentsize = le16(c->b + E_PHENTSIZE);
	unsigned phnum = le16(c->b + E_PHNUM);
	uint64_t phoff = le64(c->b + E_PHOFF);

	if (machine != EM_AARCH64)
		return reject(c, "not an AArch64 ELF (e_machine %u)", machine);
	/* Nothing here relocates, so an ET_DYN image could only run at 0. */
	if (type == ET_DYN)
		return reject(c, "position-independent ELF (e_type ET_DYN) not supported: link a static executable (ET_EXEC)");
	if (type != ET_EXEC)
		return reject(c, "not an executable ELF (e_type %u)", type);
	if (phentsize != PHDR_SIZE)
		return reject(c, "bad e_phentsize %u (need %d)", phentsize, PHDR_SIZE);
	if (phnum == 0)
		return reject(c, "no program headers (e_phnum 0)");
	/* gABI: PN_XNUM moves the real count into section header 0. */
	if (phnum == PN_XNUM)
		return reject(c, "bad e_phnum 0x%x (extended numbering not supported)", phnum);
	if (phoff > c->size || (uint64_t)phnum * PHDR_SIZE > c->size - phoff)
		return reject(c, "truncated program headers (e_phoff 0x%" PRIx64 ", e_phnum %u, file size %zu)",
			      phoff, phnum, c->size);
	return 0;
}

/* Checks one PT_LOAD program header on its own and records it. */
static int add_segment(struct check *c, struct elf_image *img, unsigned i, const uint8_t *ph)
{
	struct elf_segment s = {
		.paddr = le64(ph + P_PADDR),
		.filesz = le64(ph + P_FILESZ),
		.memsz = le64(ph + P_MEMSZ),
		.offset = le64(ph + P_OFFSET),
		.flags = le32(ph + P_FLAGS),
	};

	if (s.filesz > s.memsz)
		return reject(c, "segment %u: p_filesz 0x%" PRIx64 " exceeds p_memsz 0x%" PRIx64,
			      i, s.filesz, s.memsz);
	if (s.offset > c->size || s.filesz > c->size - s.offset)
		return reject(c, "segment %u: p_offset 0x%" PRIx64 " + p_filesz 0x%" PRIx64 " extends beyond the end of the file (%zu bytes)",
			      i, s.offset, s.filesz, c->size);
	/* An empty segment occupies nothing: it cannot be outside RAM or overlap. */
	if (s.memsz == 0)
		return 0;
	if (s.paddr > UINT64_MAX - s.memsz)
		return reject(c, "segment %u: p_paddr 0x%" PRIx64 " + p_memsz 0x%" PRIx64 " overflows the address space",
			      i, s.paddr, s.memsz);
	if (img->nsegments == ELF_MAX_SEGMENTS)
		return reject(c, "more than %d PT_LOAD segments", ELF_MAX_SEGMENTS);
	c->phidx[img->nsegments] = i;
	c->vaddr[img->nsegments] = le64(ph + P_VADDR);
	img->seg[img->nsegments++] = s;
	return 0;
}

static int collect_segments(struct check *c, struct elf_image *img)
{
	const uint8_t *ph = c->b + le64(c->b + E_PHOFF);
	unsigned phnum = le16(c->b + E_PHNUM);

	for (unsigned i = 0; i < phnum; i++, ph += PHDR_SIZE)
		if (le32(ph + P_TYPE) == PT_LOAD && add_segment(c, img, i, ph) < 0)
			return -1;
	if (img->nsegments == 0)
		return reject(c, "no PT_LOAD segment");
	return 0;
}

/* "[0x40000000, 0x80000000), [...)" for the message of a misplaced segment. */
static void format_ram(char *buf, size_t len, const struct elf_ram *ram, unsigned nram)
{
	size_t used = 0;
	int n;

	buf[0] = '\0';
	if (nram == 0)
		snprintf(buf, len, "(none)");
	for (unsigned i = 0; i < nram && used < len; i++, used += (size_t)n) {
		n = snprintf(buf + used, len - used, "%s[0x%" PRIx64 ", 0x%" PRIx64 ")",
			     i ? ", " : "", ram[i].base, ram[i].base + ram[i].size);
		if (n < 0)
			return;
	}
}

static int check_placement(const struct check *c, const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];
		bool ok = false;
		char ram[160];

		for (unsigned r = 0; r < c->nram && !ok; r++)
			ok = inside(c->ram[r].base, c->ram[r].size, s->paddr, s->memsz);
		if (ok)
			continue;
		format_ram(ram, sizeof(ram), c->ram, c->nram);
		return reject(c, "segment %u [0x%" PRIx64 ", 0x%" PRIx64 ") lies outside RAM %s",
			      c->phidx[i], s->paddr, s->paddr + s->memsz, ram);
	}
	return 0;
}

static int check_overlap(const struct check *c, const struct elf_image *img)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		for (unsigned j = i + 1; j < img->nsegments; j++) {
			const struct elf_segment *a = &img->seg[i], *b = &img->seg[j];

			if (contains(a->paddr, a->memsz, b->paddr) ||
			    contains(b->paddr, b->memsz, a->paddr))
				return reject(c, "segments %u [0x%" PRIx64 ", 0x%" PRIx64 ") and %u [0x%" PRIx64 ", 0x%" PRIx64 ") overlap",
					      c->phidx[i], a->paddr, a->paddr + a->memsz,
					      c->phidx[j], b->paddr, b->paddr + b->memsz);
		}
	}
	return 0;
}

/*
 * e_entry is a virtual address. As QEMU's ELF loader does, an entry inside an
 * executable segment whose p_vaddr differs from p_paddr is moved to where that
 * segment is loaded, since the core starts with the MMU off.
 */
static int check_entry(const struct check *c, struct elf_image *img)
{
	uint64_t entry = le64(c->b + E_ENTRY);

	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (!(s->flags & PF_X))
			continue;
		if (contains(c->vaddr[i], s->memsz, entry)) {
			img->entry = s->paddr + (entry - c->vaddr[i]);
			return 0;
		}
		if (contains(s->paddr, s->memsz, entry)) {
			img->entry = entry;
			return 0;
		}
	}
	return reject(c, "entry point 0x%" PRIx64 " is not inside an executable loaded segment", entry);
}

/* Fills img (all but data and size) from the file, or reports why it cannot. */
static int validate(const char *name, const uint8_t *bytes, size_t size,
		    const struct elf_ram *ram, unsigned nram,
		    struct elf_image *img, char *err, size_t errlen)
{
	struct check c = {
		.name = name, .err = err, .errlen = errlen,
		.b = bytes, .size = size, .ram = ram, .nram = nram,
	};

	memset(img, 0, sizeof(*img));
	if (check_ident(&c) < 0 || check_header(&c) < 0 ||
	    collect_segments(&c, img) < 0 || check_placement(&c, img) < 0 ||
	    check_overlap(&c, img) < 0 || check_entry(&c, img) < 0) {
		memset(img, 0, sizeof(*img));
		return -1;
	}
	return 0;
}

int elf_parse(const char *name, const void *bytes, size_t size,
	      const struct elf_ram *ram, unsigned nram,
	      struct elf_image *img, char *err, size_t errlen)
{
	if (validate(name, bytes, size, ram, nram, img, err, errlen) < 0)
		return -1;
	img->data = malloc(size);
	if (!img->data) {
		memset(img, 0, sizeof(*img));
		return report(err, errlen, name, "cannot allocate %zu bytes", size);
	}
	memcpy(img->data, bytes, size);
	img->size = size;
	return 0;
}

/* Reads the whole of a regular file; a directory or device has no size to trust. */
static int read_file(FILE *f, const char *path, uint8_t **data, size_t *size,
		     char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf;

	if (fstat(fileno(f), &st) < 0)
		return report(err, errlen, path, "cannot read: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return report(err, errlen, path, "not a regular file");
	*size = (size_t)st.st_size;
	/* malloc(0) may return NULL; an empty file is rejected later as not ELF. */
	buf = malloc(*size ? *size : 1);
	if (!buf)
		return report(err, errlen, path, "cannot allocate %zu bytes", *size);
	if (fread(buf, 1, *size, f) != *size) {
		free(buf);
		if (ferror(f))
			return report(err, errlen, path, "cannot read: %s", strerror(errno));
		return report(err, errlen, path, "cannot read: file shrank while reading");
	}
	*data = buf;
	return 0;
}

int elf_read(const char *path, const struct elf_ram *ram, unsigned nram,
	     struct elf_image *img, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t size = 0;
	int ret;

	memset(img, 0, sizeof(*img));
	if (!f)
		return report(err, errlen, path, "cannot open: %s", strerror(errno));
	ret = read_file(f, path, &data, &size, err, errlen);
	fclose(f);
	if (ret < 0)
		return -1;
	if (validate(path, data, size, ram, nram, img, err, errlen) < 0) {
		free(data);
		return -1;
	}
	img->data = data;
	img->size = size;
	return 0;
}

void elf_load(const struct elf_image *img, elf_write_fn write, elf_zero_fn zero, void *ctx)
{
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (s->filesz)
			write(ctx, s->paddr, img->data + s->offset, s->filesz);
		if (s->memsz > s->filesz)
			zero(ctx, s->paddr + s->filesz, s->memsz - s->filesz);
	}
}

uint64_t elf_end(const struct elf_image *img)
{
	uint64_t end = 0;

	for (unsigned i = 0; i < img->nsegments; i++)
		if (img->seg[i].paddr + img->seg[i].memsz > end)
			end = img->seg[i].paddr + img->seg[i].memsz;
	return end;
}

void elf_free(struct elf_image *img)
{
	free(img->data);
	memset(img, 0, sizeof(*img));
}
