/*
 * semihost.c - the ARM semihosting operations for an AArch64 guest.
 *
 * Implements the 64-bit ABI of "Semihosting for AArch32 and AArch64", release
 * 2.0 (hereafter "the spec"): the parameter register X1 points to a block of
 * 64-bit little-endian fields, the result goes to X0. Each call becomes reads
 * and writes of guest memory and of the console through struct semihost_env;
 * guest data passes through a fixed-size buffer, so no guest pointer or length
 * can make the host crash or allocate.
 *
 * Not a host gateway: the only file is the console (":tt"); SYS_SYSTEM,
 * SYS_REMOVE, SYS_RENAME and SYS_TMPNAM are unknown operations, and time is the
 * simulated tick count, never the host clock, so that runs are reproducible.
 * The ":semihosting-features" file is not provided either, which the spec
 * defines as "no extensions": callers then use SYS_EXIT, which on AArch64
 * carries the exit status anyway.
 */
#include "semihost.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

enum {
	SYS_OPEN = 0x01,
	SYS_CLOSE = 0x02,
	SYS_WRITEC = 0x03,
	SYS_WRITE0 = 0x04,
	SYS_WRITE = 0x05,
	SYS_READ = 0x06,
	SYS_READC = 0x07,
	SYS_ISERROR = 0x08,
	SYS_ISTTY = 0x09,
	SYS_SEEK = 0x0a,
	SYS_FLEN = 0x0c,
	SYS_CLOCK = 0x10,
	SYS_TIME = 0x11,
	SYS_ERRNO = 0x13,
	SYS_GET_CMDLINE = 0x15,
	SYS_HEAPINFO = 0x16,
	SYS_EXIT = 0x18,
	SYS_EXIT_EXTENDED = 0x20,
	SYS_ELAPSED = 0x30,
	SYS_TICKFREQ = 0x31,
};

#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/*
 * The console's handles, fixed rather than allocated: the spec only asks for
 * nonzero handles, and C libraries open ":tt" once per standard stream.
 */
enum { TT_IN = 1, TT_OUT = 2 };

/* SYS_OPEN modes 0-3 are the fopen "r" family, 4-11 "w" and "a" (spec, SYS_OPEN). */
#define OPEN_MODES 12
#define OPEN_FIRST_WRITE_MODE 4

/*
 * Guest data moves through a buffer of this size, large enough that a usual
 * write reaches the console in one piece (the spec prefers single transfers).
 */
#define CHUNK 4096

#define FAILED UINT64_MAX       /* -1 in X0 */

static uint64_t fail(struct semihost_env *env, int err)
{
	env->last_errno = err;
	return FAILED;
}

static void console_out(struct semihost_env *env, const uint8_t *buf, size_t len)
{
	if (len)
		env->console_write(env->ctx, (const char *)buf, len);
}

static bool is_console(uint64_t handle)
{
	return handle == TT_IN || handle == TT_OUT;
}

/* [addr, addr + len) does not wrap past 2^64, so read_mem/write_mem need not care. */
static bool span_ok(uint64_t addr, size_t len)
{
	return len == 0 || addr <= UINT64_MAX - (len - 1);
}

static bool guest_read(struct semihost_env *env, uint64_t addr, void *buf, size_t len)
{
	return span_ok(addr, len) && env->read_mem(env->ctx, addr, buf, len);
}

static bool guest_write(struct semihost_env *env, uint64_t addr, const void *buf, size_t len)
{
	return span_ok(addr, len) && env->write_mem(env->ctx, addr, buf, len);
}

/*
 * Reads what it can of [addr, addr + len), len <= CHUNK, which must not wrap:
 * when the whole fails (it runs off the end of RAM), the readable bytes before
 * the bad address still count. Returns how many were read.
 */
static size_t guest_read_prefix(struct semihost_env *env, uint64_t addr, uint8_t *buf, size_t len)
{
	size_t n = 0;

	if (guest_read(env, addr, buf, len))
		return len;
	while (n < len && guest_read(env, addr + n, buf + n, 1))
		n++;
	return n;
}

/* The next piece of a transfer with left bytes to go. */
static size_t chunk(uint64_t left)
{
	return left < CHUNK ? (size_t)left : CHUNK;
}

static uint64_t load64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void store64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* The first n (at most 3) 64-bit fields of the parameter block at param. */
static bool read_args(struct semihost_env *env, uint64_t param, uint64_t *arg, unsigned n)
{
	uint8_t buf[3 * 8];

	if (!guest_read(env, param, buf, n * 8))
		return false;
	for (unsigned i = 0; i < n; i++)
		arg[i] = load64(buf + i * 8);
	return true;
}

static bool write_u64(struct semihost_env *env, uint64_t addr, uint64_t v)
{
	uint8_t buf[8];

	store64(buf, v);
	return guest_write(env, addr, buf, sizeof(buf));
}

/* (q * div + r) + x, kept as q * div + r with r < div; x < div too, so nothing wraps. */
static void add_mod(uint64_t *q, uint64_t *r, uint64_t x, uint64_t div)
{
	if (*r >= div - x) {
		*r -= div - x;
		++*q;
	} else {
		*r += x;
	}
}

/* n * mul / div, exact whenever the result fits in 64 bits. */
static uint64_t mul_div(uint64_t n, uint64_t mul, uint64_t div)
{
	uint64_t rem = n % div, q = 0, r = 0;

	/* rem * mul / div by shift-and-add over the bits of mul. */
	for (int bit = 63; bit >= 0; bit--) {
		q <<= 1;
		add_mod(&q, &r, r, div);
		if (mul >> bit & 1)
			add_mod(&q, &r, rem, div);
	}
	return n / div * mul + q;
}

static uint64_t sys_open(struct semihost_env *env, uint64_t param)
{
	uint64_t arg[3];        /* name, mode, length of name without its NUL */
	char name[3];

	if (!read_args(env, param, arg, 3))
		return fail(env, EFAULT);
	if (arg[1] >= OPEN_MODES)
		return fail(env, EINVAL);
	if (arg[2] != sizeof(name))
		return fail(env, ENOENT);
	if (!guest_read(env, arg[0], name, sizeof(name)))
		return fail(env, EFAULT);
	if (memcmp(name, ":tt", sizeof(name)))
		return fail(env, ENOENT);
	/* No SH_EXT_STDOUT_STDERR: "w" and "a" both mean the console output. */
	return arg[1] < OPEN_FIRST_WRITE_MODE ? TT_IN : TT_OUT;
}

/*
 * The handle in field 1 of an n-field block, or 0 (never a handle) with
 * last_errno set. Closing a console handle is allowed but changes nothing:
 * the console outlives its handles.
 */
static uint64_t console_arg(struct semihost_env *env, uint64_t param, unsigned n)
{
	uint64_t arg[2];

	if (!read_args(env, param, arg, n)) {
		env->last_errno = EFAULT;
		return 0;
	}
	if (!is_console(arg[0])) {
		env->last_errno = EBADF;
		return 0;
	}
	return arg[0];
}

static uint64_t sys_writec(struct semihost_env *env, uint64_t param)
{
	uint8_t c;

	if (!guest_read(env, param, &c, 1))
		return fail(env, EFAULT);
	console_out(env, &c, 1);
	return 0;
}

/* Up to the NUL, to the console; a string running into a bad address stops there. */
static uint64_t sys_write0(struct semihost_env *env, uint64_t addr)
{
	uint64_t room = UINT64_MAX - addr;      /* bytes after addr */
	uint8_t buf[CHUNK];

	for (;;) {
		size_t want = room < CHUNK - 1 ? (size_t)room + 1 : CHUNK;
		size_t got = guest_read_prefix(env, addr, buf, want);
		uint8_t *nul = memchr(buf, '\0', got);

		console_out(env, buf, nul ? (size_t)(nul - buf) : got);
		if (nul)
			return 0;
		if (got < want || want == room + 1)
			return fail(env, EFAULT);
		addr += want;
		room -= want;
	}
}

/* Copies guest [addr, addr + len) to the console; returns the bytes copied. */
static uint64_t copy_to_console(struct semihost_env *env, uint64_t addr, uint64_t len)
{
	uint8_t buf[CHUNK];
	uint64_t done = 0;

	while (done < len) {
		size_t want = chunk(len - done);
		size_t got = guest_read_prefix(env, addr + done, buf, want);

		console_out(env, buf, got);
		done += got;
		if (got < want) {
			env->last_errno = EFAULT;
			break;
		}
	}
	return done;
}

/*
 * Console input into guest [addr, addr + len); returns the bytes stored. Like
 * a terminal, a read ends after a newline, so that an interactive program
 * gets its line (the spec expects partial reads from interactive devices).
 * Input is taken only for guest memory known to exist, so that a bad buffer
 * does not swallow it.
 */
static uint64_t copy_from_console(struct semihost_env *env, uint64_t addr, uint64_t len)
{
	uint8_t buf[CHUNK];
	uint64_t done = 0;

	while (done < len) {
		size_t want = chunk(len - done);
		size_t room = guest_read_prefix(env, addr + done, buf, want);
		size_t got = 0;
		bool line_end = false;
		int c;

		while (got < room && !line_end && (c = env->console_read(env->ctx)) >= 0) {
			buf[got++] = (uint8_t)c;
			line_end = c == '\n';
		}
		if (got && !guest_write(env, addr + done, buf, got)) {
			env->last_errno = EFAULT;
			break;
		}
		done += got;
		if (got < room || line_end)
			break;
		if (room < want) {
			env->last_errno = EFAULT;
			break;
		}
	}
	return done;
}

typedef uint64_t copy_fn(struct semihost_env *env, uint64_t addr, uint64_t len);

/*
 * SYS_WRITE and SYS_READ: {handle, buffer, length}. Both return the number of
 * bytes not transferred (spec, SYS_WRITE and SYS_READ): all of them on an
 * error, or at the end of input. A buffer wrapping past 2^64 is refused whole.
 */
static uint64_t sys_transfer(struct semihost_env *env, uint64_t param, uint64_t handle, copy_fn *copy)
{
	uint64_t arg[3];        /* handle, buffer, length */

	if (!read_args(env, param, arg, 3))
		return fail(env, EFAULT);
	if (arg[0] != handle) {
		env->last_errno = EBADF;
		return arg[2];
	}
	if (arg[2] && !span_ok(arg[1], arg[2])) {
		env->last_errno = EFAULT;
		return arg[2];
	}
	return arg[2] - copy(env, arg[1], arg[2]);
}

static uint64_t sys_readc(struct semihost_env *env)
{
	int c = env->console_read(env->ctx);

	return c < 0 ? FAILED : (uint64_t)c;
}

/* Negative results are errors: the sign bit of the status in field 1. */
static uint64_t sys_iserror(struct semihost_env *env, uint64_t param)
{
	uint64_t status;

	if (!read_args(env, param, &status, 1))
		return fail(env, EFAULT);
	return status >> 63;
}

/* Centiseconds since the run started. */
static uint64_t sys_clock(struct semihost_env *env)
{
	if (!env->tick_hz)
		return FAILED;
	return mul_div(env->ticks(env->ctx), 100, env->tick_hz);
}

/*
 * The spec asks for real-world seconds since 1970; simulated seconds since the
 * run started keep runs reproducible (the run starts at the epoch).
 */
static uint64_t sys_time(struct semihost_env *env)
{
	if (!env->tick_hz)
		return FAILED;
	return env->ticks(env->ctx) / env->tick_hz;
}

/* Fills the buffer in field 1, of the size in field 2; field 2 becomes the length. */
static uint64_t sys_get_cmdline(struct semihost_env *env, uint64_t param)
{
	const char *line = env->cmdline ? env->cmdline : "";
	size_t len = strlen(line);
	uint64_t arg[2];        /* buffer, size */

	if (!read_args(env, param, arg, 2))
		return fail(env, EFAULT);
	if (len >= arg[1])
		return fail(env, E2BIG);
	if (!guest_write(env, arg[0], line, len + 1) || !write_u64(env, param + 8, len))
		return fail(env, EFAULT);
	return 0;
}

/* X1 holds the address of a pointer to the four-field block (spec, SYS_HEAPINFO). */
static uint64_t sys_heapinfo(struct semihost_env *env, uint64_t param)
{
	uint64_t block;
	uint8_t buf[4 * 8];

	if (!read_args(env, param, &block, 1))
		return fail(env, EFAULT);
	store64(buf, env->heap_base);
	store64(buf + 8, env->heap_limit);
	store64(buf + 16, env->stack_base);
	store64(buf + 24, env->stack_limit);
	if (!guest_write(env, block, buf, sizeof(buf)))
		return fail(env, EFAULT);
	return 0;
}

/* The 64-bit tick count into the field at X1. */
static uint64_t sys_elapsed(struct semihost_env *env, uint64_t param)
{
	if (!write_u64(env, param, env->ticks(env->ctx)))
		return fail(env, EFAULT);
	return 0;
}

static uint64_t sys_tickfreq(struct semihost_env *env)
{
	/* The spec's -1: "the target does not know the value of one tick". */
	return env->tick_hz ? env->tick_hz : FAILED;
}

/* The low 32 bits of the subcode as a signed int, so that exit(-1) gives -1. */
static int exit_status(uint64_t subcode)
{
	uint32_t v = (uint32_t)subcode;

	return v <= INT_MAX ? (int)v : (int)(v - INT_MAX - 1) - INT_MAX - 1;
}

/*
 * SYS_EXIT and SYS_EXIT_EXTENDED are the same on AArch64 (spec,
 * SYS_EXIT_EXTENDED): X1 points to {reason, subcode}. As in QEMU 7.2
 * (semihosting/arm-compat-semi.c), ADP_Stopped_ApplicationExit exits with the
 * subcode, truncated to 32 bits; any other reason exits with 1; an unreadable
 * block is an ordinary failure (-1, EFAULT) and the program goes on.
 */
static enum semihost_status sys_exit(struct semihost_env *env, uint64_t param,
				     uint64_t *ret, int *exit_code)
{
	uint64_t arg[2];

	if (!read_args(env, param, arg, 2)) {
		*ret = fail(env, EFAULT);
		return SEMIHOST_CONTINUE;
	}
	*exit_code = arg[0] == ADP_STOPPED_APPLICATION_EXIT ? exit_status(arg[1]) : 1;
	return SEMIHOST_EXIT;
}

static uint64_t dispatch(struct semihost_env *env, uint32_t op, uint64_t param)
{
	switch (op) {
	case SYS_OPEN:
		return sys_open(env, param);
	case SYS_CLOSE:
		return console_arg(env, param, 1) ? 0 : FAILED;
	case SYS_WRITEC:
		return sys_writec(env, param);
	case SYS_WRITE0:
		return sys_write0(env, param);
	case SYS_WRITE:
		return sys_transfer(env, param, TT_OUT, copy_to_console);
	case SYS_READ:
		return sys_transfer(env, param, TT_IN, copy_from_console);
	case SYS_READC:
		return sys_readc(env);
	case SYS_ISERROR:
		return sys_iserror(env, param);
	case SYS_ISTTY:
		return console_arg(env, param, 1) ? 1 : FAILED;
	case SYS_SEEK:
		/* The console is a stream: no position, no length. */
		return console_arg(env, param, 2) ? fail(env, ESPIPE) : FAILED;
	case SYS_FLEN:
		return console_arg(env, param, 1) ? fail(env, ESPIPE) : FAILED;
	case SYS_CLOCK:
		return sys_clock(env);
	case SYS_TIME:
		return sys_time(env);
	case SYS_ERRNO:
		return (uint64_t)env->last_errno;
	case SYS_GET_CMDLINE:
		return sys_get_cmdline(env, param);
	case SYS_HEAPINFO:
		return sys_heapinfo(env, param);
	case SYS_ELAPSED:
		return sys_elapsed(env, param);
	case SYS_TICKFREQ:
		return sys_tickfreq(env);
	default:
		return fail(env, ENOSYS);
	}
}

enum semihost_status semihost_call(struct semihost_env *env, uint32_t op,
				   uint64_t param, uint64_t *ret, int *exit_code)
{
	if (op == SYS_EXIT || op == SYS_EXIT_EXTENDED)
		return sys_exit(env, param, ret, exit_code);
	*ret = dispatch(env, op, param);
	return SEMIHOST_CONTINUE;
}
