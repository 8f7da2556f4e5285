/*
 * syscall.c - the system calls (appos.h): number in X8, arguments in
 * X0-X3, result in X0 (and X1). Every pointer a task passes is checked
 * against what that task may touch at EL0 before the kernel, which may
 * touch everything, uses it. The device calls go to their drivers.
 */
#include "kernel.h"

#define STR_MAX         40

_Static_assert(SYS_EXIT == 0, "crt.S's user_exit uses SYS_EXIT = 0");

static bool within(uint64_t addr, uint64_t len, uintptr_t lo, uintptr_t hi)
{
	return addr >= lo && addr <= hi && len <= hi - addr;
}

bool user_can_write(const struct task *t, uint64_t addr, uint64_t len)
{
	return within(addr, len, t->region, t->region_end);
}

bool user_can_read(const struct task *t, uint64_t addr, uint64_t len)
{
	return user_can_write(t, addr, len) || within(addr, len, mmu_image_base, mmu_shared_end);
}

/* Copies the task's NUL-terminated string at ADDR (at most SIZE - 1 characters) into BUF. */
static bool user_string(const struct task *t, uint64_t addr, char *buf, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		if (!user_can_read(t, addr + i, 1))
			return false;
		buf[i] = *(const char *)(addr + i);
		if (!buf[i])
			return true;
	}
	return false;
}

static int64_t sys_metric(const struct task *t, const struct trap_frame *f)
{
	char name[STR_MAX], unit[STR_MAX];

	if (!user_string(t, f->x[0], name, sizeof(name)) ||
	    !user_string(t, f->x[2], unit, sizeof(unit)))
		return -APPOS_EFAULT;
	report_metric(name, f->x[1], unit);
	return 0;
}

static void sys_fail(struct task *t, const struct trap_frame *f)
{
	static char what[APPOS_MAX_TASKS][STR_MAX];

	if (!user_string(t, f->x[0], what[t->id], STR_MAX))
		memcpy(what[t->id], "(unreadable reason)", 20);
	t->fail = what[t->id];
	task_exit(t, 3);
}

void syscall(struct task *t, struct trap_frame *f)
{
	unsigned nr = (unsigned)f->x[8];
	uint64_t now = wl_counter();

	switch (nr) {
	case SYS_EXIT:
		task_exit(t, (int)f->x[0]);
		return;
	case SYS_YIELD:
		sched_yield();
		f->x[0] = 0;
		return;
	case SYS_SLEEP_UNTIL:
		sched_sleep_until(f->x[0]);
		f->x[0] = 0;
		return;
	case SYS_TIME:
		f->x[0] = now;
		f->x[1] = wl_counter_hz();
		return;
	case SYS_CPU_TIME:
		f->x[0] = t->cpu_ticks + (now - t->run_start);
		return;
	case SYS_RUN_US:
		f->x[0] = run_us;
		return;
	case SYS_METRIC:
		f->x[0] = (uint64_t)sys_metric(t, f);
		return;
	case SYS_FAIL:
		sys_fail(t, f);
		return;
	case SYS_FB_INFO:
	case SYS_FB_ENABLE:
	case SYS_VSYNC_WAIT:
	case SYS_FB_FLIP:
	case SYS_FB_STATS:
		display_sys(t, f, nr);
		return;
	case SYS_BLK_INFO:
	case SYS_BLK_READ:
	case SYS_BLK_WRITE:
	case SYS_BLK_SYNC:
	case SYS_BLK_STATS:
		pagecache_sys(t, f, nr);
		return;
	case SYS_NET_INFO:
	case SYS_NET_SEND:
	case SYS_NET_RECV:
	case SYS_NET_STATS:
		net_sys(t, f, nr);
		return;
	default:
		f->x[0] = (uint64_t)-APPOS_EINVAL;
	}
}
