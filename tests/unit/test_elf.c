/*
 * test_elf.c - unit tests for sim/elf.c.
 *
 * Images are built in memory from a small description (ELF64 header plus
 * program headers, written byte by byte in little-endian order), so each test
 * states exactly which field is wrong. Also a fuzz-style pass that truncates
 * and corrupts a valid image: elf_parse must accept or reject cleanly, and
 * whatever it accepts must be safe to load.
 *
 * Not a test of real toolchain output: tests/target/ runs linked programs.
 */
#include "elf.h"

#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* gABI values, written independently of sim/elf.c. */
enum {
	PT_LOAD = 1, PT_NOTE = 4,
	PF_X = 1, PF_W = 2, PF_R = 4,
	ET_REL = 1, ET_EXEC = 2, ET_DYN = 3,
	EM_X86_64 = 62, EM_AARCH64 = 183,
};

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x100000u
#define MAX_PH 20
#define TEXT_OFF 0x500u         /* after MAX_PH program headers */
#define TEXT_SIZE 0x20u
#define DATA_OFF (TEXT_OFF + TEXT_SIZE)
#define DATA_FILESZ 0x10u
#define DATA_MEMSZ 0x1000u
#define IMG_SIZE (DATA_OFF + DATA_FILESZ)
#define DATA_PADDR (RAM_BASE + 0x10000u)

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

struct desc {
	uint64_t entry;
	unsigned nph;
	struct phdr ph[MAX_PH];
};

static const struct elf_ram ram1[] = { { RAM_BASE, RAM_SIZE } };

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Text (R+X) at the start of RAM, a note, then data with bss (R+W). */
static struct desc default_desc(void)
{
	struct desc d = {
		.entry = RAM_BASE + 8,
		.nph = 3,
		.ph = {
			{ PT_LOAD, PF_R | PF_X, TEXT_OFF, RAM_BASE, RAM_BASE, TEXT_SIZE, TEXT_SIZE },
			{ PT_NOTE, PF_R, TEXT_OFF, 0, 0, 8, 8 },
			{ PT_LOAD, PF_R | PF_W, DATA_OFF, DATA_PADDR, DATA_PADDR, DATA_FILESZ, DATA_MEMSZ },
		},
	};
	return d;
}

/* Writes the image into buf (IMG_SIZE bytes); segment bytes are a pattern. */
static void build(const struct desc *d, uint8_t *buf)
{
	memset(buf, 0, IMG_SIZE);
	memcpy(buf, "\x7f" "ELF", 4);
	buf[4] = 2;                     /* ELFCLASS64 */
	buf[5] = 1;                     /* ELFDATA2LSB */
	buf[6] = 1;                     /* EV_CURRENT */
	put(buf + 16, ET_EXEC, 2);
	put(buf + 18, EM_AARCH64, 2);
	put(buf + 20, 1, 4);
	put(buf + 24, d->entry, 8);
	put(buf + 32, 64, 8);           /* e_phoff */
	put(buf + 52, 64, 2);           /* e_ehsize */
	put(buf + 54, 56, 2);           /* e_phentsize */
	put(buf + 56, d->nph, 2);
	for (unsigned i = 0; i < d->nph; i++) {
		uint8_t *p = buf + 64 + i * 56;

		put(p, d->ph[i].type, 4);
		put(p + 4, d->ph[i].flags, 4);
		put(p + 8, d->ph[i].offset, 8);
		put(p + 16, d->ph[i].vaddr, 8);
		put(p + 24, d->ph[i].paddr, 8);
		put(p + 32, d->ph[i].filesz, 8);
		put(p + 40, d->ph[i].memsz, 8);
	}
	for (unsigned i = TEXT_OFF; i < IMG_SIZE; i++)
		buf[i] = (uint8_t)(i * 7 + 3);
}

static int parse(const uint8_t *buf, size_t size, const struct elf_ram *ram, unsigned nram,
		 struct elf_image *img, char *err)
{
	return elf_parse("img.elf", buf, size, ram, nram, img, err, 256);
}

/* The image is rejected, leaving nothing, with a one-line message naming the file and each word. */
static void expect_reject_va(const uint8_t *buf, size_t size, const struct elf_ram *ram,
			     unsigned nram, va_list words)
{
	struct elf_image img;
	char err[256] = "";
	const char *word;

	memset(&img, 0x5a, sizeof(img));
	ck_assert_int_eq(parse(buf, size, ram, nram, &img, err), -1);
	ck_assert_msg(strncmp(err, "img.elf: ", 9) == 0, "message \"%s\" does not start with the name", err);
	ck_assert_msg(!strchr(err, '\n'), "message \"%s\" is not one line", err);
	ck_assert_ptr_null(img.data);
	ck_assert_uint_eq(img.nsegments, 0);
	while ((word = va_arg(words, const char *)))
		ck_assert_msg(strstr(err, word), "message \"%s\" lacks \"%s\"", err, word);
}

/* The words end with NULL. */
static void expect_reject_ram(const uint8_t *buf, size_t size, const struct elf_ram *ram,
			      unsigned nram, ...)
{
	va_list ap;

	va_start(ap, nram);
	expect_reject_va(buf, size, ram, nram, ap);
	va_end(ap);
}

#define expect_reject(buf, size, ...) expect_reject_ram(buf, size, ram1, 1, __VA_ARGS__, (const char *)NULL)

static void expect_message(const uint8_t *buf, size_t size, const struct elf_ram *ram,
			   unsigned nram, const char *want)
{
	struct elf_image img;
	char err[256] = "";

	ck_assert_int_eq(parse(buf, size, ram, nram, &img, err), -1);
	ck_assert_str_eq(err, want);
}

/* The image d describes is rejected; the words end with NULL. */
static void reject_desc(const struct desc *d, ...)
{
	uint8_t buf[IMG_SIZE];
	va_list ap;

	build(d, buf);
	va_start(ap, d);
	expect_reject_va(buf, IMG_SIZE, ram1, 1, ap);
	va_end(ap);
}

/* A valid image with one header field overwritten. */
static void reject_field(unsigned off, uint64_t v, unsigned bytes, const char *word)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];

	build(&d, buf);
	put(buf + off, v, bytes);
	expect_reject(buf, IMG_SIZE, word);
}

/* ------------------------------------------------------------ accepting */

START_TEST(test_valid_image)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	char err[256] = "";

	build(&d, buf);
	ck_assert_int_eq(parse(buf, IMG_SIZE, ram1, 1, &img, err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_uint_eq(img.entry, RAM_BASE + 8);
	ck_assert_uint_eq(img.nsegments, 2);
	ck_assert_uint_eq(img.seg[0].paddr, RAM_BASE);
	ck_assert_uint_eq(img.seg[0].filesz, TEXT_SIZE);
	ck_assert_uint_eq(img.seg[0].memsz, TEXT_SIZE);
	ck_assert_uint_eq(img.seg[0].offset, TEXT_OFF);
	ck_assert_uint_eq(img.seg[0].flags, PF_R | PF_X);
	ck_assert_uint_eq(img.seg[1].paddr, DATA_PADDR);
	ck_assert_uint_eq(img.seg[1].filesz, DATA_FILESZ);
	ck_assert_uint_eq(img.seg[1].memsz, DATA_MEMSZ);
	ck_assert_uint_eq(img.seg[1].offset, DATA_OFF);
	ck_assert_uint_eq(img.seg[1].flags, PF_R | PF_W);
	ck_assert_uint_eq(img.size, IMG_SIZE);
	/* A copy: the caller's buffer may go away. */
	ck_assert_ptr_ne(img.data, buf);
	ck_assert_mem_eq(img.data, buf, IMG_SIZE);
	elf_free(&img);
	ck_assert_ptr_null(img.data);
	ck_assert_uint_eq(img.nsegments, 0);
}
END_TEST

/* A physical RAM image, checking every access the loader makes. */
struct fake_ram {
	uint8_t mem[RAM_SIZE];
	unsigned writes, zeros;
	uint64_t last_zero_pa;
	size_t last_zero_len;
};

static void check_range(uint64_t pa, size_t len)
{
	ck_assert_msg(pa >= RAM_BASE && pa - RAM_BASE <= RAM_SIZE && len <= RAM_SIZE - (pa - RAM_BASE),
		      "access [0x%llx, +0x%zx) outside RAM", (unsigned long long)pa, len);
}

static void fake_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	struct fake_ram *r = ctx;

	check_range(pa, len);
	memcpy(r->mem + (pa - RAM_BASE), src, len);
	r->writes++;
}

static void fake_zero(void *ctx, uint64_t pa, size_t len)
{
	struct fake_ram *r = ctx;

	check_range(pa, len);
	memset(r->mem + (pa - RAM_BASE), 0, len);
	r->zeros++;
	r->last_zero_pa = pa;
	r->last_zero_len = len;
}

static struct fake_ram *new_ram(void)
{
	struct fake_ram *r = calloc(1, sizeof(*r));

	ck_assert_ptr_nonnull(r);
	memset(r->mem, 0xaa, sizeof(r->mem));
	return r;
}

START_TEST(test_load_copies_and_zero_fills)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	struct fake_ram *r = new_ram();
	const uint8_t *data = r->mem + (DATA_PADDR - RAM_BASE);
	char err[256];

	build(&d, buf);
	ck_assert_int_eq(parse(buf, IMG_SIZE, ram1, 1, &img, err), 0);
	elf_load(&img, fake_write, fake_zero, r);
	ck_assert_mem_eq(r->mem, buf + TEXT_OFF, TEXT_SIZE);
	ck_assert_uint_eq(r->mem[TEXT_SIZE], 0xaa);
	ck_assert_mem_eq(data, buf + DATA_OFF, DATA_FILESZ);
	for (unsigned i = DATA_FILESZ; i < DATA_MEMSZ; i++)
		ck_assert_uint_eq(data[i], 0);
	ck_assert_uint_eq(data[-1], 0xaa);
	ck_assert_uint_eq(data[DATA_MEMSZ], 0xaa);
	/* Text has no bss, so one zero fill, just past the data file bytes. */
	ck_assert_uint_eq(r->writes, 2);
	ck_assert_uint_eq(r->zeros, 1);
	ck_assert_uint_eq(r->last_zero_pa, DATA_PADDR + DATA_FILESZ);
	ck_assert_uint_eq(r->last_zero_len, DATA_MEMSZ - DATA_FILESZ);
	elf_free(&img);
	free(r);
}
END_TEST

START_TEST(test_entry_translated_from_vaddr)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	char err[256];

	/* Linked at a high virtual address, loaded at RAM_BASE (p_paddr). */
	d.ph[0].vaddr = 0xffff000000080000ull;
	d.entry = 0xffff000000080010ull;
	build(&d, buf);
	ck_assert_int_eq(parse(buf, IMG_SIZE, ram1, 1, &img, err), 0);
	ck_assert_uint_eq(img.entry, RAM_BASE + 0x10);
	ck_assert_uint_eq(img.seg[0].paddr, RAM_BASE);
	elf_free(&img);
}
END_TEST

START_TEST(test_second_ram_range)
{
	static const struct elf_ram ram2[] = {
		{ RAM_BASE, RAM_SIZE }, { 0x80000000u, 0x10000u },
	};
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	char err[256];

	d.ph[2].paddr = 0x80000000u;
	build(&d, buf);
	ck_assert_int_eq(parse(buf, IMG_SIZE, ram2, 2, &img, err), 0);
	ck_assert_uint_eq(img.seg[1].paddr, 0x80000000u);
	elf_free(&img);
	/* Without the second range the same image does not fit. */
	expect_reject(buf, IMG_SIZE, "segment 2", "outside RAM");
}
END_TEST

START_TEST(test_segment_ending_at_ram_end)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	char err[256];

	d.ph[2].paddr = RAM_BASE + RAM_SIZE - DATA_MEMSZ;
	build(&d, buf);
	ck_assert_int_eq(parse(buf, IMG_SIZE, ram1, 1, &img, err), 0);
	elf_free(&img);
	/* One byte further is out. */
	d.ph[2].paddr++;
	reject_desc(&d, "segment 2", "lies outside RAM", (const char *)NULL);
}
END_TEST

START_TEST(test_adjacent_segments)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	char err[256];

	d.ph[2].paddr = RAM_BASE + TEXT_SIZE;
	build(&d, buf);
	ck_assert_int_eq(parse(buf, IMG_SIZE, ram1, 1, &img, err), 0);
	elf_free(&img);
}
END_TEST

START_TEST(test_empty_load_segment_ignored)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	char err[256];

	/* A PT_LOAD with nothing in it occupies no memory, wherever it claims to be. */
	d.ph[1] = (struct phdr){ PT_LOAD, PF_R, 0, 0, 0, 0, 0 };
	build(&d, buf);
	ck_assert_int_eq(parse(buf, IMG_SIZE, ram1, 1, &img, err), 0);
	ck_assert_uint_eq(img.nsegments, 2);
	elf_free(&img);
}
END_TEST

START_TEST(test_max_segments)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	char err[256];

	d.nph = ELF_MAX_SEGMENTS;
	for (unsigned i = 1; i < d.nph; i++)
		d.ph[i] = (struct phdr){ PT_LOAD, PF_R, DATA_OFF, 0, RAM_BASE + i * 0x1000, 4, 0x100 };
	build(&d, buf);
	ck_assert_int_eq(parse(buf, IMG_SIZE, ram1, 1, &img, err), 0);
	ck_assert_uint_eq(img.nsegments, ELF_MAX_SEGMENTS);
	elf_free(&img);
	d.ph[d.nph] = (struct phdr){ PT_LOAD, PF_R, DATA_OFF, 0, RAM_BASE + d.nph * 0x1000, 4, 0x100 };
	d.nph++;
	reject_desc(&d, "more than 16 PT_LOAD segments", (const char *)NULL);
}
END_TEST

/* ------------------------------------------------------------ rejecting */

START_TEST(test_reject_too_short)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];

	build(&d, buf);
	expect_reject(buf, 0, "not an ELF file");
	expect_reject(buf, 3, "not an ELF file");
	expect_message(buf, 40, ram1, 1, "img.elf: truncated ELF header (40 bytes, need 64)");
	expect_reject(buf, 63, "truncated ELF header");
}
END_TEST

START_TEST(test_reject_bad_magic)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];

	build(&d, buf);
	buf[1] = 'e';
	expect_message(buf, IMG_SIZE, ram1, 1, "img.elf: not an ELF file");
}
END_TEST

START_TEST(test_reject_elf32)
{
	reject_field(4, 1, 1, "not a 64-bit ELF (EI_CLASS 1)");
}
END_TEST

START_TEST(test_reject_big_endian)
{
	reject_field(5, 2, 1, "not a little-endian ELF (EI_DATA 2)");
}
END_TEST

START_TEST(test_reject_machine)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];

	build(&d, buf);
	put(buf + 18, EM_X86_64, 2);
	expect_message(buf, IMG_SIZE, ram1, 1, "img.elf: not an AArch64 ELF (e_machine 62)");
}
END_TEST

START_TEST(test_reject_type)
{
	reject_field(16, ET_DYN, 2, "ET_DYN");
	reject_field(16, ET_REL, 2, "not an executable ELF (e_type 1)");
}
END_TEST

START_TEST(test_reject_phentsize)
{
	reject_field(54, 32, 2, "e_phentsize 32");
}
END_TEST

START_TEST(test_reject_phnum)
{
	reject_field(56, 0, 2, "no program headers (e_phnum 0)");
	reject_field(56, 0xffff, 2, "e_phnum 0xffff");
}
END_TEST

START_TEST(test_reject_truncated_phdrs)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];

	build(&d, buf);
	expect_reject(buf, 64 + 2 * 56 + 10, "truncated program headers");
	/* e_phoff so large that e_phoff + size wraps. */
	reject_field(32, UINT64_MAX - 8, 8, "truncated program headers");
}
END_TEST

START_TEST(test_reject_truncated_segment)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];

	build(&d, buf);
	expect_message(buf, IMG_SIZE - 1, ram1, 1,
		       "img.elf: segment 2: p_offset 0x520 + p_filesz 0x10 extends beyond the end of the file (1327 bytes)");
	/* p_offset + p_filesz wraps. */
	d.ph[0].offset = UINT64_MAX - 4;
	reject_desc(&d, "segment 0", "beyond the end of the file", (const char *)NULL);
}
END_TEST

START_TEST(test_reject_no_load)
{
	struct desc d = default_desc();

	d.ph[0].type = PT_NOTE;
	d.ph[2].type = PT_NOTE;
	reject_desc(&d, "no PT_LOAD segment", (const char *)NULL);
}
END_TEST

START_TEST(test_reject_filesz_over_memsz)
{
	struct desc d = default_desc();

	d.ph[2].filesz = 0x20;
	d.ph[2].memsz = 0x10;
	reject_desc(&d, "segment 2: p_filesz 0x20 exceeds p_memsz 0x10", (const char *)NULL);
}
END_TEST

START_TEST(test_reject_address_overflow)
{
	struct desc d = default_desc();

	d.ph[2].paddr = UINT64_MAX - 0x800;
	reject_desc(&d, "segment 2", "overflows", (const char *)NULL);
}
END_TEST

START_TEST(test_reject_outside_ram)
{
	static const struct elf_ram low[] = { { 0x40000000u, 0x40000000u } };
	static const struct elf_ram split[] = {
		{ RAM_BASE, 0x10000u }, { RAM_BASE + 0x10000u, RAM_SIZE },
	};
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];

	d.ph[1] = (struct phdr){ PT_LOAD, PF_R | PF_W, DATA_OFF, 0x80000000u, 0x80000000u, 0x10, 0x1000 };
	d.nph = 2;
	build(&d, buf);
	expect_message(buf, IMG_SIZE, low, 1,
		       "img.elf: segment 1 [0x80000000, 0x80001000) lies outside RAM [0x40000000, 0x80000000)");
	/* Straddling two adjacent ranges is not "wholly inside one". */
	d = default_desc();
	d.ph[2].paddr = RAM_BASE + 0x10000u - 0x800;
	build(&d, buf);
	expect_message(buf, IMG_SIZE, split, 2,
		       "img.elf: segment 2 [0x4000f800, 0x40010800) lies outside RAM [0x40000000, 0x40010000), [0x40010000, 0x40110000)");
	/* Below RAM. */
	d = default_desc();
	d.ph[0].paddr = RAM_BASE - 0x10;
	reject_desc(&d, "segment 0 [0x3ffffff0, 0x40000010) lies outside RAM [0x40000000, 0x40100000)",
		    (const char *)NULL);
}
END_TEST

START_TEST(test_reject_overlap)
{
	struct desc d = default_desc();

	d.ph[2].paddr = RAM_BASE + TEXT_SIZE - 1;
	reject_desc(&d, "segments 0 [0x40000000, 0x40000020) and 2 [0x4000001f, 0x4000101f) overlap",
		    (const char *)NULL);
	/* The second segment wholly containing the first. */
	d.ph[2].paddr = RAM_BASE;
	d.ph[0].paddr = RAM_BASE + 0x100;
	reject_desc(&d, "segments 0", "and 2", "overlap", (const char *)NULL);
}
END_TEST

START_TEST(test_reject_entry)
{
	struct desc d = default_desc();

	/* In a loaded segment, but not an executable one. */
	d.entry = DATA_PADDR;
	reject_desc(&d, "entry point 0x40010000 is not inside an executable loaded segment",
		    (const char *)NULL);
	/* Just past the end of the text. */
	d.entry = RAM_BASE + TEXT_SIZE;
	reject_desc(&d, "entry point 0x40000020", (const char *)NULL);
	d.entry = 0;
	reject_desc(&d, "entry point 0x0 ", (const char *)NULL);
}
END_TEST

START_TEST(test_error_buffer_bounds)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	struct elf_image img;
	char err[16];

	build(&d, buf);
	put(buf + 18, EM_X86_64, 2);
	memset(err, '#', sizeof(err));
	ck_assert_int_eq(elf_parse("img.elf", buf, IMG_SIZE, ram1, 1, &img, err, 8), -1);
	ck_assert_str_eq(err, "img.elf");
	ck_assert_uint_eq(err[8], '#');
	ck_assert_int_eq(elf_parse("img.elf", buf, IMG_SIZE, ram1, 1, &img, NULL, 0), -1);
}
END_TEST

/* ------------------------------------------------------------ elf_read */

static void write_file(const char *path, const uint8_t *buf, size_t size)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, size, f), size);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_read_file)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	char path[] = "/tmp/test_elf_XXXXXX";
	struct elf_image img;
	char err[256] = "";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	build(&d, buf);
	write_file(path, buf, IMG_SIZE);
	ck_assert_int_eq(elf_read(path, ram1, 1, &img, err, sizeof(err)), 0);
	ck_assert_uint_eq(img.entry, RAM_BASE + 8);
	ck_assert_uint_eq(img.nsegments, 2);
	ck_assert_uint_eq(img.size, IMG_SIZE);
	ck_assert_mem_eq(img.data, buf, IMG_SIZE);
	elf_free(&img);

	/* The same checks as elf_parse, named by the path. */
	put(buf + 18, EM_X86_64, 2);
	write_file(path, buf, IMG_SIZE);
	ck_assert_int_eq(elf_read(path, ram1, 1, &img, err, sizeof(err)), -1);
	ck_assert_ptr_null(img.data);
	ck_assert_str_eq(err + strlen(path), ": not an AArch64 ELF (e_machine 62)");
	ck_assert_int_eq(strncmp(err, path, strlen(path)), 0);

	write_file(path, buf, 0);
	ck_assert_int_eq(elf_read(path, ram1, 1, &img, err, sizeof(err)), -1);
	ck_assert_str_eq(err + strlen(path), ": not an ELF file");
	unlink(path);
}
END_TEST

START_TEST(test_read_errors)
{
	struct elf_image img;
	char err[256] = "", want[256];

	snprintf(want, sizeof(want), "/nonexistent/img.elf: cannot open: %s", strerror(ENOENT));
	ck_assert_int_eq(elf_read("/nonexistent/img.elf", ram1, 1, &img, err, sizeof(err)), -1);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(strerror(ENOENT), "No such file or directory");
	ck_assert_ptr_null(img.data);
	ck_assert_int_eq(elf_read("/tmp", ram1, 1, &img, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "/tmp: not a regular file");
}
END_TEST

/* ------------------------------------------------------------ fuzzing */

/* Whatever elf_parse accepts must honour every promise of elf.h. */
static void check_accepted(const struct elf_image *img, size_t size)
{
	bool entry_ok = false;
	struct fake_ram *r = new_ram();

	ck_assert_uint_ge(img->nsegments, 1);
	ck_assert_uint_le(img->nsegments, ELF_MAX_SEGMENTS);
	ck_assert_uint_eq(img->size, size);
	for (unsigned i = 0; i < img->nsegments; i++) {
		const struct elf_segment *s = &img->seg[i];

		ck_assert_uint_le(s->filesz, s->memsz);
		ck_assert_uint_le(s->offset, size);
		ck_assert_uint_le(s->filesz, size - s->offset);
		check_range(s->paddr, s->memsz);
		if (s->flags & PF_X && img->entry >= s->paddr && img->entry - s->paddr < s->memsz)
			entry_ok = true;
		for (unsigned j = 0; j < i; j++)
			ck_assert(s->paddr >= img->seg[j].paddr + img->seg[j].memsz ||
				  img->seg[j].paddr >= s->paddr + s->memsz);
	}
	ck_assert(entry_ok);
	elf_load(img, fake_write, fake_zero, r);
	free(r);
}

/* Parses an exactly sized heap copy, so that valgrind sees any overread. */
static int parse_copy(const uint8_t *buf, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	struct elf_image img;
	char err[256] = "";
	int ret;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, buf, size);
	ret = parse(copy, size, ram1, 1, &img, err);
	free(copy);
	if (ret == 0) {
		check_accepted(&img, size);
		elf_free(&img);
	} else {
		ck_assert_int_eq(ret, -1);
		ck_assert_msg(strncmp(err, "img.elf: ", 9) == 0 && !strchr(err, '\n'), "bad message \"%s\"", err);
		ck_assert_ptr_null(img.data);
	}
	return ret;
}

START_TEST(test_fuzz_truncate)
{
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];

	build(&d, buf);
	/* The data segment ends the file: only the whole image is acceptable. */
	for (size_t len = 0; len < IMG_SIZE; len++)
		ck_assert_int_eq(parse_copy(buf, len), -1);
	ck_assert_int_eq(parse_copy(buf, IMG_SIZE), 0);
}
END_TEST

START_TEST(test_fuzz_flip_bytes)
{
	static const uint8_t masks[] = { 0x01, 0x02, 0x10, 0x80, 0xff };
	struct desc d = default_desc();
	uint8_t buf[IMG_SIZE];
	unsigned accepted = 0, rejected = 0;

	build(&d, buf);
	for (size_t i = 0; i < IMG_SIZE; i++) {
		for (unsigned m = 0; m < sizeof(masks); m++) {
			buf[i] ^= masks[m];
			if (parse_copy(buf, IMG_SIZE) == 0)
				accepted++;
			else
				rejected++;
			buf[i] ^= masks[m];
		}
	}
	/* Flips in padding and segment bytes are harmless, in key fields fatal. */
	ck_assert_uint_gt(accepted, 0);
	ck_assert_uint_gt(rejected, 0);
}
END_TEST

START_TEST(test_fuzz_random)
{
	struct desc d = default_desc();
	uint8_t orig[IMG_SIZE], buf[IMG_SIZE];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned rejected = 0;

	build(&d, orig);
	for (unsigned iter = 0; iter < 20000; iter++) {
		memcpy(buf, orig, IMG_SIZE);
		/* A few random bytes within the headers, where they matter most. */
		for (unsigned k = 0; k < 1 + iter % 6; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[x % (64 + 3 * 56)] = (uint8_t)(x >> 32);
		}
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		if (parse_copy(buf, iter % 2 ? IMG_SIZE : x % (IMG_SIZE + 1)) < 0)
			rejected++;
	}
	ck_assert_uint_gt(rejected, 0);
}
END_TEST

static Suite *elf_suite(void)
{
	Suite *s = suite_create("elf");
	TCase *ok = tcase_create("accept");
	TCase *bad = tcase_create("reject");
	TCase *file = tcase_create("file");
	TCase *fuzz = tcase_create("fuzz");

	tcase_add_test(ok, test_valid_image);
	tcase_add_test(ok, test_load_copies_and_zero_fills);
	tcase_add_test(ok, test_entry_translated_from_vaddr);
	tcase_add_test(ok, test_second_ram_range);
	tcase_add_test(ok, test_segment_ending_at_ram_end);
	tcase_add_test(ok, test_adjacent_segments);
	tcase_add_test(ok, test_empty_load_segment_ignored);
	tcase_add_test(ok, test_max_segments);
	suite_add_tcase(s, ok);

	tcase_add_test(bad, test_reject_too_short);
	tcase_add_test(bad, test_reject_bad_magic);
	tcase_add_test(bad, test_reject_elf32);
	tcase_add_test(bad, test_reject_big_endian);
	tcase_add_test(bad, test_reject_machine);
	tcase_add_test(bad, test_reject_type);
	tcase_add_test(bad, test_reject_phentsize);
	tcase_add_test(bad, test_reject_phnum);
	tcase_add_test(bad, test_reject_truncated_phdrs);
	tcase_add_test(bad, test_reject_truncated_segment);
	tcase_add_test(bad, test_reject_no_load);
	tcase_add_test(bad, test_reject_filesz_over_memsz);
	tcase_add_test(bad, test_reject_address_overflow);
	tcase_add_test(bad, test_reject_outside_ram);
	tcase_add_test(bad, test_reject_overlap);
	tcase_add_test(bad, test_reject_entry);
	tcase_add_test(bad, test_error_buffer_bounds);
	suite_add_tcase(s, bad);

	tcase_add_test(file, test_read_file);
	tcase_add_test(file, test_read_errors);
	suite_add_tcase(s, file);

	tcase_add_test(fuzz, test_fuzz_truncate);
	tcase_add_test(fuzz, test_fuzz_flip_bytes);
	tcase_add_test(fuzz, test_fuzz_random);
	tcase_set_timeout(fuzz, 120);
	suite_add_tcase(s, fuzz);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(elf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
