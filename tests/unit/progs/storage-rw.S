/*
 * storage-rw: a guest's view of the block storage controller
 * (docs/storage.md), driven by polling STATUS as a driver without an
 * interrupt controller would. Run by test_storage.c on a machine with the
 * default storage parameters (64 MiB in memory, 4 KiB blocks), at EL2 with
 * the MMU off.
 *
 * Checks the identification registers, then WRITEs 8 blocks of a pattern at
 * LBA 100 from one buffer and READs them back into another, filled with a
 * canary: just after the READ is issued STATUS.BUSY is set and the canary
 * is still there (the DMA happens at completion); once BUSY clears, ERROR
 * is 0, INT_STATUS.DONE is set and clears when written back, and the second
 * buffer holds the pattern. Last, a READ past the end fails at once with
 * ERROR = out of range and DONE. The 64-bit registers (LBA, BUF, CAPACITY)
 * and the COUNT + CMD pair are accessed with 64-bit loads and stores, which
 * reach the device as two 32-bit halves, low address first.
 *
 * Exit 0 when every check held; otherwise the failed check's number.
 */
#include "../../target/harness.h"
#include "../../../devices/storage.h"

#define STORAGE_BASE	0x0c020000		/* PLAT_STORAGE_BASE */
#define BLOCK		4096			/* the default block size */
#define CAPACITY	((64 << 20) / BLOCK)	/* the default 64 MiB */
#define BLOCKS		8
#define LBA		100
#define WORDS		(BLOCKS * BLOCK / 8)
#define BUF_OUT		(SCRATCH_BASE + 0x100000)
#define BUF_IN		(SCRATCH_BASE + 0x200000)
#define CANARY		0xc0ffee00c0ffee00
#define PATTERN		0x9e3779b97f4a7c15	/* word i holds (i + 1) * PATTERN */

/* Issue \op on \count blocks at LBA x21 with the buffer at x22. */
.macro issue op, count
	str	x21, [x20, #STORAGE_LBA_LO]
	str	x22, [x20, #STORAGE_BUF_LO]
	li	x0, ((\op << 32) | \count)
	str	x0, [x20, #STORAGE_COUNT]	/* COUNT, then CMD */
.endm

	start_el2 vectors, vectors
	li	x20, STORAGE_BASE

	ldr	w0, [x20, #STORAGE_ID]
	check	x0, STORAGE_ID_VALUE, 2, "ID"
	ldr	w0, [x20, #STORAGE_VERSION]
	check	x0, STORAGE_VERSION_VALUE, 3, "VERSION"
	ldr	w0, [x20, #STORAGE_BLOCK_SIZE]
	check	x0, BLOCK, 4, "BLOCK_SIZE"
	ldr	x0, [x20, #STORAGE_CAPACITY_LO]
	check	x0, CAPACITY, 5, "CAPACITY"
	ldr	w0, [x20, #STORAGE_STATUS]
	check	x0, 0, 6, "STATUS at reset"

	/* BUF_OUT: the pattern; BUF_IN: the canary. */
	li	x1, BUF_OUT
	li	x2, BUF_IN
	li	x3, PATTERN
	li	x4, CANARY
	mov	x5, #0
1:	madd	x7, x5, x3, x3
	str	x7, [x1, x5, lsl #3]
	str	x4, [x2, x5, lsl #3]
	add	x5, x5, #1
	cmp	x5, #WORDS
	b.lo	1b

	li	x21, LBA
	li	x22, BUF_OUT
	issue	STORAGE_OP_WRITE, BLOCKS
	ldr	w0, [x20, #STORAGE_STATUS]
	check	x0, STORAGE_STATUS_BUSY, 7, "STATUS just after WRITE (busy)"
	bl	wait_idle
	check	x0, 0, 8, "STATUS after WRITE (idle, no error)"
	ldr	w0, [x20, #STORAGE_INT_STATUS]
	check	x0, STORAGE_INT_DONE, 9, "INT_STATUS after WRITE"
	mov	w0, #STORAGE_INT_DONE
	str	w0, [x20, #STORAGE_INT_STATUS]
	ldr	w0, [x20, #STORAGE_INT_STATUS]
	check	x0, 0, 10, "INT_STATUS after writing DONE back"

	li	x22, BUF_IN
	issue	STORAGE_OP_READ, BLOCKS
	ldr	w0, [x20, #STORAGE_STATUS]
	check	x0, STORAGE_STATUS_BUSY, 11, "STATUS just after READ (busy)"
	li	x2, BUF_IN
	ldr	x0, [x2]
	check	x0, CANARY, 12, "READ buffer before completion (canary)"
	bl	wait_idle
	check	x0, 0, 13, "STATUS after READ (idle, no error)"
	ldr	w0, [x20, #STORAGE_INT_STATUS]
	check	x0, STORAGE_INT_DONE, 14, "INT_STATUS after READ"
	str	w0, [x20, #STORAGE_INT_STATUS]

	li	x2, BUF_IN
	li	x3, PATTERN
	mov	x5, #0
2:	madd	x8, x5, x3, x3
	ldr	x7, [x2, x5, lsl #3]
	cmp	x7, x8
	b.ne	mismatch
	add	x5, x5, #1
	cmp	x5, #WORDS
	b.lo	2b

	li	x21, (CAPACITY - 1)
	issue	STORAGE_OP_READ, 2
	ldr	w0, [x20, #STORAGE_STATUS]
	check	x0, (STORAGE_ERR_RANGE << STORAGE_STATUS_ERROR_SHIFT), 15, "STATUS after a READ past the end"
	ldr	w0, [x20, #STORAGE_INT_STATUS]
	check	x0, STORAGE_INT_DONE, 16, "INT_STATUS after a READ past the end"
	pass

/* x2 = what was read, x3 = the pattern's word. */
mismatch:
	mov	x2, x7
	mov	x3, x8
	mov	x0, #17
	la	x1, mismatch_msg
	b	harness_fail

/* Polls STATUS until BUSY clears; returns STATUS in x0. */
wait_idle:
	ldr	w0, [x20, #STORAGE_STATUS]
	tbnz	w0, #0, wait_idle		/* STORAGE_STATUS_BUSY */
	ret

on_exception:
	unexpected_exception 2, 18

	vector_table vectors, 2, on_exception

	.section .rodata
mismatch_msg:
	.asciz	"word read back differs from the pattern written"
