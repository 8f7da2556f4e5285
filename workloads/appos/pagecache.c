/*
 * pagecache.c - the block cache between the tasks and the storage
 * driver: APPOS_CACHE_BLOCKS device blocks in the kernel's heap, least
 * recently used replaced, written back when replaced or on a sync (then a
 * FLUSH command). A hit is served in the system call; a miss queues the
 * task, which blocks until its request has gone through the device. One
 * request is worked on at a time, in arrival order, as a small state
 * machine driven by the completion interrupt:
 *
 *   read miss   [write back the victim if dirty] -> read into it -> copy out
 *   write miss  [write back the victim if dirty] -> copy in, dirty (a whole
 *               block: nothing to read first)
 *   sync        write back each dirty block -> FLUSH
 *
 * Not here: files (the storage app names blocks), read-ahead.
 */
#include "kernel.h"
#include "storage.h"

#define OP_SYNC         0xff

struct entry {
	uint64_t lba, last_use;
	bool valid, dirty;
	uint8_t *data;
};

static struct entry cache[APPOS_CACHE_BLOCKS];
static struct entry *busy;              /* under DMA: not to be used for hits */
static struct task *queue[APPOS_MAX_TASKS];
static unsigned queued;
static uint64_t use_clock;
static uint32_t bsize;
static struct appos_blk_stats stats;
static const char io_channel;

static void run(void);

void pagecache_init(uintptr_t heap)
{
	bsize = storage_block_bytes();
	for (unsigned i = 0; i < APPOS_CACHE_BLOCKS; i++)
		cache[i].data = (uint8_t *)(heap + (uintptr_t)i * 4096);
}

static struct entry *lookup(uint64_t lba)
{
	for (unsigned i = 0; i < APPOS_CACHE_BLOCKS; i++)
		if (cache[i].valid && cache[i].lba == lba && &cache[i] != busy)
			return &cache[i];
	return NULL;
}

static struct entry *victim(void)
{
	struct entry *v = &cache[0];

	for (unsigned i = 0; i < APPOS_CACHE_BLOCKS; i++) {
		if (!cache[i].valid)
			return &cache[i];
		if (cache[i].last_use < v->last_use)
			v = &cache[i];
	}
	return v;
}

/* A hit, or a block just brought in: the data moves between the cache and the task. */
static void serve(struct entry *e, unsigned op, uint64_t buf)
{
	e->last_use = ++use_clock;
	if (op == SYS_BLK_READ) {
		memcpy((void *)buf, e->data, bsize);
	} else {
		memcpy(e->data, (const void *)buf, bsize);
		e->dirty = true;
	}
}

static void complete(int64_t ret)
{
	struct task *t = queue[0];

	queued--;
	memmove(queue, queue + 1, queued * sizeof(queue[0]));
	sched_wake_task(t, ret, 0);
}

static void writeback_done(unsigned error)
{
	stats.device_writes++;
	if (error) {
		stats.errors++;
		busy = NULL;
		complete(-APPOS_EIO);
	} else {
		busy->dirty = false;
		busy = NULL;
	}
	run();
}

static void fill_done(unsigned error)
{
	struct task *t = queue[0];
	struct entry *e = busy;

	stats.device_reads++;
	busy = NULL;
	if (error) {
		stats.errors++;
		complete(-APPOS_EIO);
	} else {
		e->valid = true;
		serve(e, SYS_BLK_READ, t->io_buf);
		complete(0);
	}
	run();
}

static void flush_done(unsigned error)
{
	if (error)
		stats.errors++;
	complete(error ? -APPOS_EIO : 0);
	run();
}

static void write_back(struct entry *e)
{
	busy = e;
	stats.writebacks++;
	storage_submit(STORAGE_OP_WRITE, e->lba, (uintptr_t)e->data, 1, writeback_done);
}

/* Works on the queue's head until it needs the device (or the queue is empty). */
static void run(void)
{
	while (queued && !storage_busy()) {
		struct task *t = queue[0];
		struct entry *e;

		if (t->io_op == OP_SYNC) {
			for (unsigned i = 0; i < APPOS_CACHE_BLOCKS; i++) {
				if (cache[i].valid && cache[i].dirty) {
					write_back(&cache[i]);
					return;
				}
			}
			storage_submit(STORAGE_OP_FLUSH, 0, 0, 0, flush_done);
			return;
		}
		if ((e = lookup(t->io_lba))) {  /* brought in while it waited */
			serve(e, t->io_op, t->io_buf);
			complete(0);
			continue;
		}
		e = victim();
		if (e->valid && e->dirty) {
			write_back(e);
			return;
		}
		e->lba = t->io_lba;
		if (t->io_op == SYS_BLK_WRITE) {
			e->valid = true;
			serve(e, SYS_BLK_WRITE, t->io_buf);
			complete(0);
			continue;
		}
		e->valid = false;
		busy = e;
		storage_submit(STORAGE_OP_READ, e->lba, (uintptr_t)e->data, 1, fill_done);
		return;
	}
}

static void enqueue(struct task *t, unsigned op, uint64_t lba, uint64_t buf)
{
	t->io_op = op;
	t->io_lba = lba;
	t->io_buf = buf;
	queue[queued++] = t;
	sched_block(&io_channel, 0);
	run();
}

void pagecache_sys(struct task *t, struct trap_frame *f, unsigned nr)
{
	uint64_t lba = f->x[0], buf = f->x[1];
	struct entry *e;

	if (!storage_blocks()) {
		f->x[0] = (uint64_t)-APPOS_ENODEV;
		return;
	}
	f->x[0] = 0;
	switch (nr) {
	case SYS_BLK_INFO:
		f->x[0] = storage_blocks();
		f->x[1] = bsize;
		return;
	case SYS_BLK_READ:
	case SYS_BLK_WRITE:
		if (lba >= storage_blocks() || !(nr == SYS_BLK_READ ? user_can_write(t, buf, bsize) :
						 user_can_read(t, buf, bsize))) {
			f->x[0] = (uint64_t)-APPOS_EINVAL;
			return;
		}
		if ((e = lookup(lba))) {
			stats.hits++;
			serve(e, nr, buf);
			return;
		}
		stats.misses++;
		enqueue(t, nr, lba, buf);
		return;
	case SYS_BLK_SYNC:
		enqueue(t, OP_SYNC, 0, 0);
		return;
	case SYS_BLK_STATS:
		if (!user_can_write(t, lba, sizeof(stats)))    /* X0: where to */
			f->x[0] = (uint64_t)-APPOS_EFAULT;
		else
			memcpy((void *)lba, &stats, sizeof(stats));
		return;
	}
}
