/*
 * appos.h - the contract between the app OS's kernel and its EL0 tasks:
 * system call numbers, the structures they fill in, error codes, the
 * partition layout, and the build-time run parameters. Included by both
 * sides; the kernel's own interfaces are kernel.h, the tasks' syscall
 * stubs usys.h.
 */
#ifndef APPOS_H
#define APPOS_H

#include <stdint.h>

/*
 * --- run parameters (override with make APPOS_CONFIG='-DAPPOS_RUN_MS=...') ---
 * The run lasts the device tree's duration (/chosen phonesim,duration-us:
 * `phonesim run --duration`), else APPOS_RUN_MS (SYS_RUN_US tells the
 * tasks). The ui renders one frame per vsync for that long; the other
 * apps' amounts below are per APPOS_RUN_MS and scale with the run (usys.h
 * u_scaled), so that a run of APPOS_RUN_MS is the same with or without a
 * duration.
 */
#ifndef APPOS_RUN_MS
#define APPOS_RUN_MS            400     /* how long the ui renders, simulated ms */
#endif
#ifndef APPOS_COMPUTE_ITERS
#define APPOS_COMPUTE_ITERS     200
#endif
#ifndef APPOS_STORAGE_BLOCKS
#define APPOS_STORAGE_BLOCKS    192     /* the file the storage app writes: 3x the cache */
#endif
#ifndef APPOS_NET_PACKETS
#define APPOS_NET_PACKETS       200
#endif
/* Samples kept per measurement for its percentiles (wl.h struct wl_samples): 68 s of 60 Hz frames. */
#define APPOS_SAMPLES           4096
#ifndef APPOS_CACHE_BLOCKS
#define APPOS_CACHE_BLOCKS      64      /* page cache entries, one device block each */
#endif

/*
 * The partition (64 MiB, identity-mapped): the image and the DTB in the
 * first 2 MiB, the kernel's heap (page cache) in the next 2 MiB, then one
 * region of APPOS_REGION_BYTES per task, its stack at the top.
 */
#define APPOS_BLOCK_BYTES       0x200000ul
#define APPOS_HEAP_OFFSET       APPOS_BLOCK_BYTES
#define APPOS_REGION_OFFSET     0x800000ul
#define APPOS_REGION_BYTES      0x400000ul
#define APPOS_MAX_TASKS         8

/*
 * What a task's entry gets in X0, at the base of its region: the free
 * memory of the region below its stack.
 */
struct arena {
	uintptr_t next, end;
};
#define APPOS_STACK_BYTES       0x10000ul

/* --- system calls: SVC #0, number in X8, arguments X0-X3, result X0 (X1) --- */
enum appos_sys {
	SYS_EXIT,               /* status */
	SYS_YIELD,
	SYS_SLEEP_UNTIL,        /* counter value */
	SYS_TIME,               /* -> counter value; X1 counter Hz */
	SYS_CPU_TIME,           /* -> counter ticks this task has run */
	SYS_METRIC,             /* name, value, unit: a result line at the end of the run */
	SYS_FAIL,               /* what: a failed self-check; the task ends with status 3 */
	SYS_FB_INFO,            /* struct appos_fb_info * -> 0, or -APPOS_ENODEV */
	SYS_FB_ENABLE,          /* first buffer: scan-out starts */
	SYS_VSYNC_WAIT,         /* -> vsync number; X1 its counter time */
	SYS_FB_FLIP,            /* buffer: shown from the next vsync */
	SYS_FB_STATS,           /* struct appos_fb_stats * */
	SYS_BLK_INFO,           /* -> blocks; X1 block bytes (or -APPOS_ENODEV) */
	SYS_BLK_READ,           /* lba, buffer of one block */
	SYS_BLK_WRITE,          /* lba, buffer of one block */
	SYS_BLK_SYNC,           /* write back every dirty block, then FLUSH */
	SYS_BLK_STATS,          /* struct appos_blk_stats * */
	SYS_NET_INFO,           /* -> 0 loopback peer, 1 the baseband VM */
	SYS_NET_SEND,           /* type, seq, payload, len */
	SYS_NET_RECV,           /* struct net_packet *, deadline (counter) -> payload len */
	SYS_NET_STATS,          /* struct appos_net_stats * */
	SYS_RUN_US,             /* -> the run's length, microseconds */
	SYS_COUNT
};

/* Errors: system calls return -APPOS_E*. */
#define APPOS_EINVAL            1
#define APPOS_ENODEV            2
#define APPOS_ETIMEDOUT         3
#define APPOS_EFAULT            4
#define APPOS_EIO               5
#define APPOS_EBUSY             6

struct appos_fb_info {
	uint32_t width, height, stride, refresh_hz;
};

/* The display's own counters (docs/display.md, the frame block). */
struct appos_fb_stats {
	uint32_t frames, met, missed, overruns, last_latency_ns, max_latency_ns, errors;
};

struct appos_blk_stats {
	uint64_t hits, misses, writebacks, device_reads, device_writes, errors;
};

struct appos_net_stats {
	uint64_t sent, received, dropped_bad, tx_busy;
};

#endif
