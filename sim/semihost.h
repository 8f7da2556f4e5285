/*
 * semihost.h - ARM semihosting (the "Semihosting for AArch32 and AArch64"
 * specification, version 2.0), as bare-metal programs built with standard
 * toolchains (newlib's rdimon, picolibc) use it to print, read and exit.
 *
 * The core recognises the trap (HLT #0xF000 at EL1 or above) and calls
 * semihost_call with W0 (the operation) and X1 (the parameter). Everything the
 * operation touches goes through struct semihost_env, so this file knows no
 * engine and no host file other than the console: a guest never reaches the
 * host's file system.
 *
 * Operations: SYS_OPEN (":tt" only), SYS_CLOSE, SYS_WRITEC, SYS_WRITE0,
 * SYS_WRITE, SYS_READ (console), SYS_READC, SYS_ISERROR, SYS_ISTTY, SYS_FLEN,
 * SYS_CLOCK, SYS_TIME, SYS_ERRNO, SYS_GET_CMDLINE, SYS_HEAPINFO, SYS_EXIT,
 * SYS_EXIT_EXTENDED, SYS_ELAPSED, SYS_TICKFREQ. Anything else returns -1.
 */
#ifndef PHONESIM_SEMIHOST_H
#define PHONESIM_SEMIHOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct semihost_env {
	void *ctx;
	/* Guest memory (addresses as the guest passed them). false: not RAM. */
	bool (*read_mem)(void *ctx, uint64_t addr, void *buf, size_t len);
	bool (*write_mem)(void *ctx, uint64_t addr, const void *buf, size_t len);
	/* Console: output bytes; input one byte, -1 at end of input. */
	void (*console_write)(void *ctx, const char *buf, size_t len);
	int (*console_read)(void *ctx);
	/* Simulated time since the start of the run, in ticks of tick_hz. */
	uint64_t (*ticks)(void *ctx);
	uint64_t tick_hz;
	/* For SYS_HEAPINFO: heap base/limit and stack base/limit. */
	uint64_t heap_base, heap_limit, stack_base, stack_limit;
	/* For SYS_GET_CMDLINE. */
	const char *cmdline;
	/* Per-run state: the last error (SYS_ERRNO). */
	int last_errno;
};

enum semihost_status {
	SEMIHOST_CONTINUE,      /* *ret holds the value for X0 */
	SEMIHOST_EXIT,          /* the program asked to stop: *exit_code is its status */
};

enum semihost_status semihost_call(struct semihost_env *env, uint32_t op,
				   uint64_t param, uint64_t *ret, int *exit_code);

#endif
