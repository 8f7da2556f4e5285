/*
 * app_storage.c - the storage task: writes APPOS_STORAGE_BLOCKS blocks per
 * APPOS_RUN_MS of the run (u_scaled; at least the hot set; 192 in the
 * default run, three times the page cache, so the cache must write back
 * to make room) as a file from block 0 of whatever namespace the OS was
 * given, syncs it, reads it back and checks every word, then reads a hot
 * set again (now cache hits). A volume larger than the namespace is
 * written in rounds over the whole namespace (rounded up to whole rounds),
 * each synced and read back, every block's contents naming its place in
 * the volume. It reports write and read throughput (including the syncs),
 * latency per request, and the cache's hit rate.
 */
#include "usys.h"
#include "wl.h"

#define HOT_BLOCKS      32
#define HOT_PASSES      4

/* Word I of the volume's block B. */
static uint64_t word(uint64_t b, unsigned i)
{
	return (b + 1) * 0x9e3779b97f4a7c15ul ^ (uint64_t)i << 32 ^ i;
}

static void report(const char *name_mean, const char *name_p99, struct wl_samples *lat, uint64_t hz)
{
	struct wl_summary s = wl_samples_summary(lat);

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
	uint64_t hz = u_hz(), volume = u_scaled(APPOS_STORAGE_BLOCKS, HOT_BLOCKS), bsize = info.x1;
	uint64_t file = volume < (uint64_t)info.x0 ? volume : (uint64_t)info.x0;
	uint64_t rounds, last, *buf, t0, t_write = 0, t_read = 0;
	unsigned words;
	struct wl_samples wlat, rlat, hlat;
	struct appos_blk_stats st;

	u_check(info.x0 >= HOT_BLOCKS, "storage smaller than the hot set");
	u_samples_init(ar, &wlat);
	u_samples_init(ar, &rlat);
	u_samples_init(ar, &hlat);
	buf = arena_alloc(ar, bsize, 64);
	words = (unsigned)(bsize / 8);
	rounds = (volume + file - 1) / file;
	last = (rounds - 1) * file;     /* the block of the volume the last round starts with */

	for (uint64_t first = 0; first <= last; first += file) {
		t0 = u_time();
		for (uint64_t lba = 0; lba < file; lba++) {
			uint64_t t = u_time();

			for (unsigned i = 0; i < words; i++)
				buf[i] = word(first + lba, i);
			u_check(usys2(SYS_BLK_WRITE, lba, buf) == 0, "block write failed");
			wl_samples_add(&wlat, u_time() - t);
		}
		u_check(usys0(SYS_BLK_SYNC) == 0, "sync failed");
		t_write += u_time() - t0;

		t0 = u_time();
		for (uint64_t lba = 0; lba < file; lba++) {
			uint64_t t = u_time();

			u_check(usys2(SYS_BLK_READ, lba, buf) == 0, "block read failed");
			wl_samples_add(&rlat, u_time() - t);
			for (unsigned i = 0; i < words; i++)
				u_check(buf[i] == word(first + lba, i), "read-back differs from what was written");
		}
		t_read += u_time() - t0;
	}

	for (unsigned p = 0; p < HOT_PASSES; p++)
		for (uint64_t lba = 0; lba < HOT_BLOCKS; lba++) {
			uint64_t t = u_time();

			u_check(usys2(SYS_BLK_READ, lba, buf) == 0, "block read failed");
			wl_samples_add(&hlat, u_time() - t);
			u_check(buf[words - 1] == word(last + lba, words - 1), "hot read differs");
		}

	u_check(usys1(SYS_BLK_STATS, &st) == 0, "no cache statistics");
	u_check(st.errors == 0, "device reported errors");
	u_check(st.device_writes >= rounds * file, "not every block reached the device");
	u_check(st.hits >= HOT_BLOCKS * (HOT_PASSES - 1), "hot set not served from the cache");
	u_metric("storage_block_bytes", bsize, "bytes");
	u_metric("storage_write_kib_per_s", kib_per_s(rounds * file * bsize, t_write, hz), "KiB/s");
	u_metric("storage_read_kib_per_s", kib_per_s(rounds * file * bsize, t_read, hz), "KiB/s");
	report("storage_write_us_mean", "storage_write_us_p99", &wlat, hz);
	report("storage_read_us_mean", "storage_read_us_p99", &rlat, hz);
	report("storage_hot_read_us_mean", "storage_hot_read_us_p99", &hlat, hz);
	u_metric("storage_cache_hit_pct", st.hits * 100 / (st.hits + st.misses), "%");
	u_metric("storage_device_reads", st.device_reads, "blocks");
	u_metric("storage_device_writes", st.device_writes, "blocks");
}
