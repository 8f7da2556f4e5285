/*
 * storage.c - the block storage controller's driver (docs/storage.md),
 * frame 0 of the window: one command at a time by DMA, completion by
 * interrupt (INTID 42), the error from STATUS handed to whoever issued
 * the command. In a VM given a namespace of its own, the frame it sees at
 * the same address is that namespace's, with its own CAPACITY and LBAs
 * from 0. Not here: caching and queuing requests (pagecache.c).
 */
#include "kernel.h"
#include "storage.h"

#define STORAGE_INTID   42

static uintptr_t regs;
static uint64_t capacity;
static uint32_t block_bytes;
static void (*pending)(unsigned error);

static void storage_irq(unsigned intid)
{
	uint32_t status = wl_read32(regs + STORAGE_STATUS);
	void (*done)(unsigned) = pending;

	(void)intid;
	wl_write32(regs + STORAGE_INT_STATUS, STORAGE_INT_DONE);
	if (status & STORAGE_STATUS_BUSY || !done)
		return;         /* a DONE left from before, or none of ours */
	pending = NULL;
	done((status & STORAGE_STATUS_ERROR_MASK) >> STORAGE_STATUS_ERROR_SHIFT);
}

bool storage_init(uint64_t base)
{
	regs = base;
	if (wl_read32(regs + STORAGE_ID) != STORAGE_ID_VALUE ||
	    wl_read32(regs + STORAGE_FLAGS) & STORAGE_FLAG_WP) {
		regs = 0;
		return false;
	}
	block_bytes = wl_read32(regs + STORAGE_BLOCK_SIZE);
	capacity = wl_read64(regs + STORAGE_CAPACITY_LO);
	wl_write32(regs + STORAGE_INT_STATUS, STORAGE_INT_DONE);
	wl_write32(regs + STORAGE_INT_ENABLE, STORAGE_INT_DONE);
	irq_register(STORAGE_INTID, storage_irq);
	return true;
}

uint64_t storage_blocks(void)
{
	return regs ? capacity : 0;
}

bool storage_busy(void)
{
	return pending != NULL;
}

uint32_t storage_block_bytes(void)
{
	return block_bytes;
}

void storage_submit(unsigned op, uint64_t lba, uintptr_t buf, uint32_t count,
		    void (*done)(unsigned error))
{
	wl_check(!pending, "storage command issued while one is in flight");
	pending = done;
	wl_write64(regs + STORAGE_LBA_LO, lba);
	wl_write64(regs + STORAGE_BUF_LO, buf);
	/* The buffer's contents before the command that takes them (docs/storage.md). */
	__asm__ volatile("dsb st" ::: "memory");
	wl_write64(regs + STORAGE_COUNT, count | (uint64_t)op << 32);   /* COUNT, then CMD: issues */
}
