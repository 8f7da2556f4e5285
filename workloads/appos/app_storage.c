/*
 * app_storage.c - the storage task: writes a file of APPOS_STORAGE_BLOCKS
 * blocks (three times the page cache, so the cache must write back to
 * make room), syncs it, reads it back and checks every word, then reads a
 * hot set again (now cache hits). It reports write and read throughput
 * (including the sync), latency per request, and the cache's hit rate.
 * The file is the blocks from 0 of whatever namespace the OS was given.
 */
#include "usys.h"
#include "wl.h"

#define HOT_BLOCKS      32
#define HOT_PASSES      4

static uint64_t word(uint64_t lba, unsigned i)
{
	return (lba + 1) * 0x9e3779b97f4a7c15ul ^ (uint64_t)i << 32 ^ i;
}

static void report(const char *name_mean, const char *name_p99, uint64_t *lat, size_t n, uint64_t hz)
{
	struct wl_summary s = wl_summarize(lat, n);

	u_metric(name_mean, u_ticks_to_us(s.mean, hz), "us");
	u_metric(name_p99, u_ticks_to_us(s.p99, hz), "us");
}

static uint64_t kib_per_s(uint64_t bytes, uint64_t ticks, uint64_t hz)
{
	return ticks ? bytes * hz / 1024 / ticks : 0;
}

void app_storage(struct arena *ar)
{
	struct usys_ret info = usys(SYS_BLK_INFO, 0, 0, 0, 0);
	uint64_t hz = u_hz(), blocks = APPOS_STORAGE_BLOCKS, bsize = info.x1;
	uint64_t *wlat = arena_alloc(ar, blocks * 8, 8), *rlat = arena_alloc(ar, blocks * 8, 8);
	uint64_t *hlat = arena_alloc(ar, HOT_BLOCKS * HOT_PASSES * 8, 8);
	uint64_t *buf, t0, t_write, t_read;
	unsigned words;
	struct appos_blk_stats st;

	u_check(info.x0 >= (int64_t)blocks, "storage smaller than the test file");
	buf = arena_alloc(ar, bsize, 64);
	words = (unsigned)(bsize / 8);

	t0 = u_time();
	for (uint64_t lba = 0; lba < blocks; lba++) {
		uint64_t t = u_time();

		for (unsigned i = 0; i < words; i++)
			buf[i] = word(lba, i);
		u_check(usys2(SYS_BLK_WRITE, lba, buf) == 0, "block write failed");
		wlat[lba] = u_time() - t;
	}
	u_check(usys0(SYS_BLK_SYNC) == 0, "sync failed");
	t_write = u_time() - t0;

	t0 = u_time();
	for (uint64_t lba = 0; lba < blocks; lba++) {
		uint64_t t = u_time();

		u_check(usys2(SYS_BLK_READ, lba, buf) == 0, "block read failed");
		rlat[lba] = u_time() - t;
		for (unsigned i = 0; i < words; i++)
			u_check(buf[i] == word(lba, i), "read-back differs from what was written");
	}
	t_read = u_time() - t0;

	for (unsigned p = 0; p < HOT_PASSES; p++)
		for (uint64_t lba = 0; lba < HOT_BLOCKS; lba++) {
			uint64_t t = u_time();

			u_check(usys2(SYS_BLK_READ, lba, buf) == 0, "block read failed");
			hlat[p * HOT_BLOCKS + lba] = u_time() - t;
			u_check(buf[words - 1] == word(lba, words - 1), "hot read differs");
		}

	u_check(usys1(SYS_BLK_STATS, &st) == 0, "no cache statistics");
	u_check(st.errors == 0, "device reported errors");
	u_check(st.device_writes >= blocks, "not every block reached the device");
	u_check(st.hits >= HOT_BLOCKS * (HOT_PASSES - 1), "hot set not served from the cache");
	u_metric("storage_block_bytes", bsize, "bytes");
	u_metric("storage_write_kib_per_s", kib_per_s(blocks * bsize, t_write, hz), "KiB/s");
	u_metric("storage_read_kib_per_s", kib_per_s(blocks * bsize, t_read, hz), "KiB/s");
	report("storage_write_us_mean", "storage_write_us_p99", wlat, blocks, hz);
	report("storage_read_us_mean", "storage_read_us_p99", rlat, blocks, hz);
	report("storage_hot_read_us_mean", "storage_hot_read_us_p99", hlat, HOT_BLOCKS * HOT_PASSES, hz);
	u_metric("storage_cache_hit_pct", st.hits * 100 / (st.hits + st.misses), "%");
	u_metric("storage_device_reads", st.device_reads, "blocks");
	u_metric("storage_device_writes", st.device_writes, "blocks");
}
