/*
 * test_semihost.c - unit tests for sim/semihost.c.
 *
 * A fake environment: guest RAM is a host byte array at RAM_BASE, plus a few
 * bytes at the very top of the address space to catch addresses that wrap
 * (anything else is not memory); the console is a buffer, the tick count a
 * variable.
 * Parameter blocks are written into the fake RAM as the guest would, in
 * little-endian 64-bit fields, and each test checks X0, the console, RAM and
 * SYS_ERRNO afterwards.
 *
 * Not a test of the trap itself (HLT #0xF000): tests/target/ covers that.
 */
#include "semihost.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x10000u
#define RAM_END (RAM_BASE + RAM_SIZE)
#define TOP_SIZE 16u                    /* memory also just below 2^64 */
#define TOP_BASE (0ull - TOP_SIZE)
#define BAD 0x1000ull                   /* not memory */
#define BLOCK (RAM_BASE + 0x100)        /* a parameter block */
#define BUF (RAM_BASE + 0x1000)         /* a guest buffer */
#define FAILED UINT64_MAX

enum {
	SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04,
	SYS_WRITE = 0x05, SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08,
	SYS_ISTTY = 0x09, SYS_SEEK = 0x0a, SYS_FLEN = 0x0c, SYS_CLOCK = 0x10,
	SYS_TIME = 0x11, SYS_ERRNO = 0x13, SYS_GET_CMDLINE = 0x15,
	SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20,
	SYS_ELAPSED = 0x30, SYS_TICKFREQ = 0x31,
};

#define APPLICATION_EXIT 0x20026u
#define RUNTIME_ERROR_UNKNOWN 0x20023u

struct fake {
	uint8_t ram[RAM_SIZE];
	uint8_t top[TOP_SIZE];
	char out[2 * RAM_SIZE];
	size_t out_len;
	const char *in;
	size_t in_len, in_pos;
	uint64_t ticks;
	size_t max_access;      /* the largest single guest access */
	uint64_t min_addr;      /* the lowest address asked for */
};

static struct fake *f;
static struct semihost_env env;

/* Where guest [addr, addr + len) is in the host, or NULL. */
static uint8_t *host(uint64_t addr, size_t len)
{
	if (addr < f->min_addr)
		f->min_addr = addr;
	if (len > f->max_access)
		f->max_access = len;
	if (addr >= RAM_BASE && addr - RAM_BASE <= RAM_SIZE && len <= RAM_SIZE - (addr - RAM_BASE))
		return f->ram + (addr - RAM_BASE);
	if (addr >= TOP_BASE && len <= TOP_SIZE - (addr - TOP_BASE))
		return f->top + (addr - TOP_BASE);
	return NULL;
}

static bool fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	uint8_t *p = host(addr, len);

	ck_assert_ptr_eq(ctx, f);
	if (p)
		memcpy(buf, p, len);
	return p;
}

static bool fake_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	uint8_t *p = host(addr, len);

	ck_assert_ptr_eq(ctx, f);
	if (p)
		memcpy(p, buf, len);
	return p;
}

static void console_write(void *ctx, const char *buf, size_t len)
{
	ck_assert_ptr_eq(ctx, f);
	ck_assert_uint_le(len, sizeof(f->out) - f->out_len);
	memcpy(f->out + f->out_len, buf, len);
	f->out_len += len;
}

static int console_read(void *ctx)
{
	ck_assert_ptr_eq(ctx, f);
	return f->in_pos < f->in_len ? (unsigned char)f->in[f->in_pos++] : -1;
}

static uint64_t ticks(void *ctx)
{
	ck_assert_ptr_eq(ctx, f);
	return f->ticks;
}

static void setup(void)
{
	f = calloc(1, sizeof(*f));
	ck_assert_ptr_nonnull(f);
	f->min_addr = UINT64_MAX;
	env = (struct semihost_env){
		.ctx = f,
		.read_mem = fake_read,
		.write_mem = fake_write,
		.console_write = console_write,
		.console_read = console_read,
		.ticks = ticks,
		.tick_hz = 1000,
		.heap_base = 0x40100000, .heap_limit = 0x48000000,
		.stack_base = 0x50000000, .stack_limit = 0x48000000,
		.cmdline = "prog -v input.txt",
	};
}

static void teardown(void)
{
	free(f);
}

/* ------------------------------------------------------------ helpers */

static uint8_t *at(uint64_t addr)
{
	uint8_t *p = host(addr, 1);

	ck_assert_ptr_nonnull(p);
	return p;
}

static void put64(uint64_t addr, uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		at(addr)[i] = (uint8_t)v;
}

static uint64_t get64(uint64_t addr)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | at(addr)[i];
	return v;
}

/* A parameter block of n fields at BLOCK. */
static uint64_t block(unsigned n, const uint64_t *field)
{
	for (unsigned i = 0; i < n; i++)
		put64(BLOCK + 8 * i, field[i]);
	return BLOCK;
}

#define BLOCK_OF(...) block(sizeof((uint64_t[]){ __VA_ARGS__ }) / 8, (uint64_t[]){ __VA_ARGS__ })

static void put_str(uint64_t addr, const char *s)
{
	memcpy(at(addr), s, strlen(s) + 1);
}

/* X0 after a call that must not exit. */
static uint64_t call(uint32_t op, uint64_t param)
{
	uint64_t ret = 0x5a5a;
	int code = 0x5a;

	ck_assert_int_eq(semihost_call(&env, op, param, &ret, &code), SEMIHOST_CONTINUE);
	ck_assert_int_eq(code, 0x5a);
	return ret;
}

static uint64_t last_errno(void)
{
	return call(SYS_ERRNO, 0);
}

static void expect_out(const char *want, size_t len)
{
	ck_assert_uint_eq(f->out_len, len);
	ck_assert_mem_eq(f->out, want, len);
}

static uint64_t open_tt(uint64_t mode)
{
	put_str(BUF, ":tt");
	return call(SYS_OPEN, BLOCK_OF(BUF, mode, 3));
}

static void set_input(const char *s, size_t len)
{
	f->in = s;
	f->in_len = len;
	f->in_pos = 0;
}

/* ------------------------------------------------------------ files */

START_TEST(test_open_tt)
{
	uint64_t in = open_tt(0), out = open_tt(4);

	ck_assert_uint_ne(in, 0);
	ck_assert_uint_ne(out, 0);
	ck_assert_uint_ne(in, FAILED);
	ck_assert_uint_ne(out, FAILED);
	ck_assert_uint_ne(in, out);
	for (uint64_t mode = 0; mode < 4; mode++)
		ck_assert_uint_eq(open_tt(mode), in);
	for (uint64_t mode = 4; mode < 12; mode++)
		ck_assert_uint_eq(open_tt(mode), out);
	ck_assert_uint_eq(open_tt(12), FAILED);
	ck_assert_uint_eq(last_errno(), EINVAL);
}
END_TEST

START_TEST(test_open_other_names)
{
	static const char *const names[] = { "/etc/passwd", "img.elf", ":tx", ":semihosting-features" };

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		put_str(BUF, names[i]);
		ck_assert_uint_eq(call(SYS_OPEN, BLOCK_OF(BUF, 0, strlen(names[i]))), FAILED);
		ck_assert_uint_eq(last_errno(), ENOENT);
	}
	/* ":tt" followed by more characters is another name. */
	put_str(BUF, ":tt2");
	ck_assert_uint_eq(call(SYS_OPEN, BLOCK_OF(BUF, 0, 4)), FAILED);
	ck_assert_uint_eq(last_errno(), ENOENT);
	ck_assert_uint_eq(f->out_len, 0);
}
END_TEST

START_TEST(test_open_bad_pointers)
{
	ck_assert_uint_eq(call(SYS_OPEN, BAD), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	/* A block running off the end of RAM. */
	ck_assert_uint_eq(call(SYS_OPEN, RAM_END - 16), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_uint_eq(call(SYS_OPEN, BLOCK_OF(BAD, 0, 3)), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_uint_eq(call(SYS_OPEN, BLOCK_OF(RAM_END - 2, 0, 3)), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
}
END_TEST

START_TEST(test_close)
{
	uint64_t in = open_tt(0), out = open_tt(4);

	ck_assert_uint_eq(call(SYS_CLOSE, BLOCK_OF(in)), 0);
	ck_assert_uint_eq(call(SYS_CLOSE, BLOCK_OF(out)), 0);
	ck_assert_uint_eq(call(SYS_CLOSE, BLOCK_OF(7)), FAILED);
	ck_assert_uint_eq(last_errno(), EBADF);
	ck_assert_uint_eq(call(SYS_CLOSE, BAD), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	/* The console outlives its handles. */
	put_str(BUF, "still here");
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(out, BUF, 10)), 0);
	expect_out("still here", 10);
}
END_TEST

START_TEST(test_istty_seek_flen)
{
	uint64_t in = open_tt(0), out = open_tt(8);

	ck_assert_uint_eq(call(SYS_ISTTY, BLOCK_OF(in)), 1);
	ck_assert_uint_eq(call(SYS_ISTTY, BLOCK_OF(out)), 1);
	ck_assert_uint_eq(call(SYS_ISTTY, BLOCK_OF(0)), FAILED);
	ck_assert_uint_eq(last_errno(), EBADF);
	ck_assert_uint_eq(call(SYS_ISTTY, BAD), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);

	ck_assert_uint_eq(call(SYS_SEEK, BLOCK_OF(out, 0)), FAILED);
	ck_assert_uint_eq(last_errno(), ESPIPE);
	ck_assert_uint_eq(call(SYS_SEEK, BLOCK_OF(99, 0)), FAILED);
	ck_assert_uint_eq(last_errno(), EBADF);
	ck_assert_uint_eq(call(SYS_SEEK, RAM_END - 8), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);

	ck_assert_uint_eq(call(SYS_FLEN, BLOCK_OF(in)), FAILED);
	ck_assert_uint_eq(last_errno(), ESPIPE);
	ck_assert_uint_eq(call(SYS_FLEN, BLOCK_OF(99)), FAILED);
	ck_assert_uint_eq(last_errno(), EBADF);
}
END_TEST

START_TEST(test_iserror)
{
	ck_assert_uint_eq(call(SYS_ISERROR, BLOCK_OF(0)), 0);
	ck_assert_uint_eq(call(SYS_ISERROR, BLOCK_OF(42)), 0);
	ck_assert_uint_ne(call(SYS_ISERROR, BLOCK_OF(FAILED)), 0);
	ck_assert_uint_ne(call(SYS_ISERROR, BLOCK_OF(1ull << 63)), 0);
	ck_assert_uint_eq(call(SYS_ISERROR, BAD), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
}
END_TEST

/* ------------------------------------------------------------ console output */

START_TEST(test_writec)
{
	*at(BUF) = 'A';
	ck_assert_uint_eq(call(SYS_WRITEC, BUF), 0);
	*at(RAM_END - 1) = 'z';
	ck_assert_uint_eq(call(SYS_WRITEC, RAM_END - 1), 0);
	expect_out("Az", 2);
	ck_assert_uint_eq(call(SYS_WRITEC, BAD), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_uint_eq(call(SYS_WRITEC, RAM_END), FAILED);
	expect_out("Az", 2);
}
END_TEST

START_TEST(test_write0)
{
	put_str(BUF, "hello, world\n");
	ck_assert_uint_eq(call(SYS_WRITE0, BUF), 0);
	expect_out("hello, world\n", 13);
	put_str(BUF, "");
	ck_assert_uint_eq(call(SYS_WRITE0, BUF), 0);
	expect_out("hello, world\n", 13);
	ck_assert_uint_eq(call(SYS_WRITE0, BAD), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	expect_out("hello, world\n", 13);
}
END_TEST

START_TEST(test_write0_long_string)
{
	char want[10000];

	/* Longer than any buffer semihost.c may use, read in bounded pieces. */
	memset(want, 'q', sizeof(want));
	memcpy(at(BUF), want, sizeof(want));
	*at(BUF + sizeof(want)) = '\0';
	ck_assert_uint_eq(call(SYS_WRITE0, BUF), 0);
	expect_out(want, sizeof(want));
	ck_assert_uint_le(f->max_access, 4096);
}
END_TEST

START_TEST(test_write0_at_end_of_ram)
{
	/* Terminated by the very last byte of RAM. */
	memcpy(at(RAM_END - 4), "end", 4);
	ck_assert_uint_eq(call(SYS_WRITE0, RAM_END - 4), 0);
	expect_out("end", 3);
	/* Unterminated: what is there is printed, then the call fails. */
	memset(at(RAM_END - 6), 'x', 6);
	ck_assert_uint_eq(call(SYS_WRITE0, RAM_END - 6), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	expect_out("endxxxxxx", 9);
	/* All of RAM without a NUL. */
	memset(f->ram, 'r', RAM_SIZE);
	f->out_len = 0;
	ck_assert_uint_eq(call(SYS_WRITE0, RAM_BASE), FAILED);
	ck_assert_uint_eq(f->out_len, RAM_SIZE);
}
END_TEST

START_TEST(test_write0_top_of_address_space)
{
	memcpy(at(UINT64_MAX - 2), "ab", 3);
	ck_assert_uint_eq(call(SYS_WRITE0, UINT64_MAX - 2), 0);
	expect_out("ab", 2);
	/* Unterminated at 2^64: no access may wrap to address 0. */
	memcpy(at(UINT64_MAX - 2), "cde", 3);
	ck_assert_uint_eq(call(SYS_WRITE0, UINT64_MAX - 2), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	expect_out("abcde", 5);
	ck_assert_uint_ge(f->min_addr, UINT64_MAX - 2);
}
END_TEST

START_TEST(test_write)
{
	uint64_t out = open_tt(4), in = open_tt(0);

	put_str(BUF, "0123456789");
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(out, BUF, 10)), 0);
	expect_out("0123456789", 10);
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(out, BUF, 0)), 0);
	/* Binary data: a NUL does not stop SYS_WRITE. */
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(out, BUF + 8, 3)), 0);
	expect_out("012345678989", 13);
	/* Not an output handle: nothing written. */
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(in, BUF, 10)), 10);
	ck_assert_uint_eq(last_errno(), EBADF);
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(5, BUF, 10)), 10);
	ck_assert_uint_eq(call(SYS_WRITE, BAD), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	expect_out("012345678989", 13);
}
END_TEST

START_TEST(test_write_bad_buffer)
{
	uint64_t out = open_tt(4);

	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(out, BAD, 10)), 10);
	ck_assert_uint_eq(last_errno(), EFAULT);
	expect_out("", 0);
	/* Running off the end of RAM: the first 10 bytes go out, 6 do not. */
	memcpy(at(RAM_END - 10), "abcdefghij", 10);
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(out, RAM_END - 10, 16)), 6);
	ck_assert_uint_eq(last_errno(), EFAULT);
	expect_out("abcdefghij", 10);
	/* A wrapping buffer is refused whole, though its start is memory. */
	f->out_len = 0;
	f->min_addr = UINT64_MAX;
	memcpy(at(UINT64_MAX - 1), "!!", 2);
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(out, UINT64_MAX - 1, 4)), 4);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_uint_ge(f->min_addr, BLOCK);
	expect_out("", 0);
}
END_TEST

START_TEST(test_write_huge_length)
{
	uint64_t out = open_tt(4);

	/* Bounded by RAM, not by the length: all of RAM from BUF, then a fault. */
	ck_assert_uint_eq(call(SYS_WRITE, BLOCK_OF(out, BUF, UINT64_MAX - BUF)),
			  UINT64_MAX - BUF - (RAM_END - BUF));
	ck_assert_uint_eq(f->out_len, RAM_END - BUF);
	ck_assert_uint_le(f->max_access, 4096);
	ck_assert_uint_eq(last_errno(), EFAULT);
}
END_TEST

/* ------------------------------------------------------------ console input */

START_TEST(test_read_lines)
{
	uint64_t in = open_tt(0);

	set_input("abc\ndef", 7);
	memset(at(BUF), '.', 32);
	/* A read ends after a newline, as from a terminal. */
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, BUF, 16)), 12);
	ck_assert_mem_eq(at(BUF), "abc\n....", 8);
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, BUF, 2)), 0);
	ck_assert_mem_eq(at(BUF), "dec\n", 4);
	/* Then the rest and end of input. */
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, BUF, 16)), 15);
	ck_assert_mem_eq(at(BUF), "fec\n", 4);
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, BUF, 16)), 16);
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, BUF, 0)), 0);
}
END_TEST

START_TEST(test_read_long)
{
	static char input[6000];
	uint64_t in = open_tt(0);

	/* More than one buffer's worth in one call. */
	memset(input, 'i', sizeof(input));
	set_input(input, 5000);
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, BUF, 6000)), 1000);
	ck_assert_mem_eq(at(BUF), input, 5000);
	ck_assert_uint_le(f->max_access, 4096);
}
END_TEST

START_TEST(test_read_errors)
{
	uint64_t in = open_tt(0), out = open_tt(4);

	set_input("xyz", 3);
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(out, BUF, 8)), 8);
	ck_assert_uint_eq(last_errno(), EBADF);
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, BAD, 8)), 8);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_uint_eq(call(SYS_READ, BAD), FAILED);
	f->min_addr = UINT64_MAX;
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, UINT64_MAX - 3, 8)), 8);
	ck_assert_uint_ge(f->min_addr, BLOCK);
	ck_assert_mem_eq(at(UINT64_MAX - 3), "\0\0\0\0", 4);
	/* Refused reads left the input alone. */
	ck_assert_uint_eq(call(SYS_READC, 0), 'x');
	/* A buffer running off the end of RAM takes only what fits. */
	set_input("abcdefgh", 8);
	ck_assert_uint_eq(call(SYS_READ, BLOCK_OF(in, RAM_END - 3, 8)), 5);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_mem_eq(at(RAM_END - 3), "abc", 3);
	ck_assert_uint_eq(call(SYS_READC, 0), 'd');
}
END_TEST

START_TEST(test_readc)
{
	set_input("h\xff", 2);
	ck_assert_uint_eq(call(SYS_READC, 0), 'h');
	ck_assert_uint_eq(call(SYS_READC, 0), 0xff);
	ck_assert_uint_eq(call(SYS_READC, 0), FAILED);
}
END_TEST

/* ------------------------------------------------------------ time */

START_TEST(test_clock)
{
	f->ticks = 12345;
	ck_assert_uint_eq(call(SYS_CLOCK, 0), 1234);
	env.tick_hz = 1000000000;
	f->ticks = 2500000000u;
	ck_assert_uint_eq(call(SYS_CLOCK, 0), 250);
	/* ticks * 100 would overflow 64 bits. */
	f->ticks = UINT64_MAX;
	ck_assert_uint_eq(call(SYS_CLOCK, 0), UINT64_MAX / 10000000);
	/* So would the remainder times 100, with a huge frequency. */
	env.tick_hz = (1ull << 63) + 1;
	f->ticks = 1ull << 63;
	ck_assert_uint_eq(call(SYS_CLOCK, 0), 99);
	/* 2^64 - 1 = hz + (2^63 - 2): 100 + floor(100 * (2^63 - 2) / hz). */
	f->ticks = UINT64_MAX;
	ck_assert_uint_eq(call(SYS_CLOCK, 0), 199);
	env.tick_hz = 3;
	f->ticks = 10;
	ck_assert_uint_eq(call(SYS_CLOCK, 0), 333);
	env.tick_hz = 0;
	ck_assert_uint_eq(call(SYS_CLOCK, 0), FAILED);
}
END_TEST

START_TEST(test_clock_exhaustive_small)
{
	/* Against the plain formula wherever it cannot overflow. */
	for (uint64_t hz = 1; hz < 300; hz++) {
		env.tick_hz = hz;
		for (uint64_t t = 0; t < 1000; t += 7) {
			f->ticks = t * 1000003;
			ck_assert_uint_eq(call(SYS_CLOCK, 0), f->ticks * 100 / hz);
		}
	}
}
END_TEST

START_TEST(test_time)
{
	f->ticks = 5999;
	ck_assert_uint_eq(call(SYS_TIME, 0), 5);
	f->ticks = 6000;
	ck_assert_uint_eq(call(SYS_TIME, 0), 6);
	env.tick_hz = 0;
	ck_assert_uint_eq(call(SYS_TIME, 0), FAILED);
}
END_TEST

START_TEST(test_elapsed_tickfreq)
{
	f->ticks = 0x123456789abcdef0ull;
	put64(BUF, 0);
	ck_assert_uint_eq(call(SYS_ELAPSED, BUF), 0);
	ck_assert_uint_eq(get64(BUF), 0x123456789abcdef0ull);
	ck_assert_uint_eq(*at(BUF), 0xf0);
	ck_assert_uint_eq(call(SYS_ELAPSED, BAD), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_uint_eq(call(SYS_ELAPSED, RAM_END - 4), FAILED);
	ck_assert_uint_eq(call(SYS_TICKFREQ, 0), 1000);
	env.tick_hz = 62500000;
	ck_assert_uint_eq(call(SYS_TICKFREQ, 0), 62500000);
	env.tick_hz = 0;
	ck_assert_uint_eq(call(SYS_TICKFREQ, 0), FAILED);
}
END_TEST

/* ------------------------------------------------------------ the run */

START_TEST(test_errno)
{
	ck_assert_uint_eq(last_errno(), 0);
	ck_assert_uint_eq(call(SYS_CLOSE, BLOCK_OF(9)), FAILED);
	ck_assert_uint_eq(last_errno(), EBADF);
	ck_assert_int_eq(env.last_errno, EBADF);
	/* Success leaves it, as C's errno. */
	ck_assert_uint_eq(call(SYS_CLOSE, BLOCK_OF(open_tt(0))), 0);
	ck_assert_uint_eq(last_errno(), EBADF);
}
END_TEST

START_TEST(test_get_cmdline)
{
	const size_t len = strlen(env.cmdline);

	memset(at(BUF), '.', 64);
	ck_assert_uint_eq(call(SYS_GET_CMDLINE, BLOCK_OF(BUF, 64)), 0);
	ck_assert_str_eq((char *)at(BUF), "prog -v input.txt");
	ck_assert_uint_eq(get64(BLOCK), BUF);
	ck_assert_uint_eq(get64(BLOCK + 8), len);
	/* Exactly enough room for the NUL. */
	ck_assert_uint_eq(call(SYS_GET_CMDLINE, BLOCK_OF(BUF, len + 1)), 0);
	env.cmdline = NULL;
	ck_assert_uint_eq(call(SYS_GET_CMDLINE, BLOCK_OF(BUF, 1)), 0);
	ck_assert_uint_eq(*at(BUF), '\0');
	ck_assert_uint_eq(get64(BLOCK + 8), 0);
}
END_TEST

START_TEST(test_get_cmdline_too_small)
{
	const size_t len = strlen(env.cmdline);

	memset(at(BUF), '.', 64);
	ck_assert_uint_eq(call(SYS_GET_CMDLINE, BLOCK_OF(BUF, len)), FAILED);
	ck_assert_uint_eq(last_errno(), E2BIG);
	ck_assert_uint_eq(*at(BUF), '.');
	ck_assert_uint_eq(get64(BLOCK + 8), len);
	ck_assert_uint_eq(call(SYS_GET_CMDLINE, BLOCK_OF(BUF, 0)), FAILED);
	ck_assert_uint_eq(call(SYS_GET_CMDLINE, BLOCK_OF(BAD, 64)), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_uint_eq(call(SYS_GET_CMDLINE, BLOCK_OF(RAM_END - 4, 64)), FAILED);
	ck_assert_uint_eq(call(SYS_GET_CMDLINE, RAM_END - 8), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
}
END_TEST

START_TEST(test_heapinfo)
{
	/* X1 points to a word that points to the block. */
	put64(BLOCK, BUF);
	ck_assert_uint_eq(call(SYS_HEAPINFO, BLOCK), 0);
	ck_assert_uint_eq(get64(BUF), 0x40100000);
	ck_assert_uint_eq(get64(BUF + 8), 0x48000000);
	ck_assert_uint_eq(get64(BUF + 16), 0x50000000);
	ck_assert_uint_eq(get64(BUF + 24), 0x48000000);
	ck_assert_uint_eq(get64(BLOCK), BUF);
	put64(BLOCK, RAM_END - 16);
	ck_assert_uint_eq(call(SYS_HEAPINFO, BLOCK), FAILED);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_uint_eq(call(SYS_HEAPINFO, BAD), FAILED);
}
END_TEST

/* The status of an exit call, which must stop the program. */
static int exit_code(uint32_t op, uint64_t reason, uint64_t subcode)
{
	uint64_t ret = 0x5a5a;
	int code = 0x5a;

	ck_assert_int_eq(semihost_call(&env, op, BLOCK_OF(reason, subcode), &ret, &code), SEMIHOST_EXIT);
	return code;
}

START_TEST(test_exit)
{
	static const uint32_t ops[] = { SYS_EXIT, SYS_EXIT_EXTENDED };

	for (unsigned i = 0; i < 2; i++) {
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT, 0), 0);
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT, 3), 3);
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT, 255), 255);
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT, 256), 256);
		/* exit(-1): the low 32 bits as a signed status, 255 once truncated. */
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT, FAILED), -1);
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT, FAILED) & 0xff, 255);
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT, 0x100000005ull), 5);
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT, 0x80000000u), -2147483647 - 1);
		/* Any other reason is a failure, whatever the subcode. */
		ck_assert_int_eq(exit_code(ops[i], RUNTIME_ERROR_UNKNOWN, 0), 1);
		ck_assert_int_eq(exit_code(ops[i], 0, 0), 1);
		ck_assert_int_eq(exit_code(ops[i], APPLICATION_EXIT | 1ull << 32, 0), 1);
	}
	expect_out("", 0);
}
END_TEST

START_TEST(test_exit_bad_block)
{
	uint64_t ret = 0;
	int code = 0x5a;

	ck_assert_int_eq(semihost_call(&env, SYS_EXIT, BAD, &ret, &code), SEMIHOST_CONTINUE);
	ck_assert_uint_eq(ret, FAILED);
	ck_assert_int_eq(code, 0x5a);
	ck_assert_uint_eq(last_errno(), EFAULT);
	ck_assert_int_eq(semihost_call(&env, SYS_EXIT_EXTENDED, RAM_END - 8, &ret, &code),
			 SEMIHOST_CONTINUE);
	ck_assert_uint_eq(ret, FAILED);
}
END_TEST

START_TEST(test_unknown_ops)
{
	/* TMPNAM, REMOVE, RENAME, SYSTEM, the reserved 0x17 and 0x19, beyond. */
	static const uint32_t ops[] = { 0x00, 0x0b, 0x0d, 0x0e, 0x0f, 0x12, 0x14, 0x17, 0x19, 0x32, 0x100, 0xffffffff };

	put_str(BUF, "/tmp/x");
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		ck_assert_uint_eq(call(ops[i], BLOCK_OF(BUF, 6, BUF, 6)), FAILED);
	ck_assert_uint_eq(last_errno(), ENOSYS);
	expect_out("", 0);
}
END_TEST

static Suite *semihost_suite(void)
{
	Suite *s = suite_create("semihost");
	TCase *files = tcase_create("files");
	TCase *out = tcase_create("console output");
	TCase *in = tcase_create("console input");
	TCase *time = tcase_create("time");
	TCase *run = tcase_create("run");
	TCase *all[] = { files, out, in, time, run };

	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		tcase_add_checked_fixture(all[i], setup, teardown);
		suite_add_tcase(s, all[i]);
	}
	tcase_add_test(files, test_open_tt);
	tcase_add_test(files, test_open_other_names);
	tcase_add_test(files, test_open_bad_pointers);
	tcase_add_test(files, test_close);
	tcase_add_test(files, test_istty_seek_flen);
	tcase_add_test(files, test_iserror);

	tcase_add_test(out, test_writec);
	tcase_add_test(out, test_write0);
	tcase_add_test(out, test_write0_long_string);
	tcase_add_test(out, test_write0_at_end_of_ram);
	tcase_add_test(out, test_write0_top_of_address_space);
	tcase_add_test(out, test_write);
	tcase_add_test(out, test_write_bad_buffer);
	tcase_add_test(out, test_write_huge_length);

	tcase_add_test(in, test_read_lines);
	tcase_add_test(in, test_read_long);
	tcase_add_test(in, test_read_errors);
	tcase_add_test(in, test_readc);

	tcase_add_test(time, test_clock);
	tcase_add_test(time, test_clock_exhaustive_small);
	tcase_add_test(time, test_time);
	tcase_add_test(time, test_elapsed_tickfreq);

	tcase_add_test(run, test_errno);
	tcase_add_test(run, test_get_cmdline);
	tcase_add_test(run, test_get_cmdline_too_small);
	tcase_add_test(run, test_heapinfo);
	tcase_add_test(run, test_exit);
	tcase_add_test(run, test_exit_bad_block);
	tcase_add_test(run, test_unknown_ops);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(semihost_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
