/*
 * usys.h - the system calls as EL0 tasks make them (SVC #0, appos.h),
 * and the little a task needs around them: checks that end the task, a
 * bump allocator over its own region. Tasks have no .data or .bss of
 * their own (those pages are the kernel's): their state lives on their
 * stack and in their region.
 */
#ifndef APPOS_USYS_H
#define APPOS_USYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "appos.h"
#include "wl.h"

struct usys_ret {
	int64_t x0;
	uint64_t x1;
};

static inline struct usys_ret usys(uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x8 __asm__("x8") = n;
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : "r"(x8) : "memory");
	return (struct usys_ret){ (int64_t)x0, x1 };
}

#define usys0(n)                usys((n), 0, 0, 0, 0).x0
#define usys1(n, a)             usys((n), (uint64_t)(a), 0, 0, 0).x0
#define usys2(n, a, b)          usys((n), (uint64_t)(a), (uint64_t)(b), 0, 0).x0

static inline uint64_t u_time(void) { return (uint64_t)usys0(SYS_TIME); }
static inline uint64_t u_hz(void) { return usys(SYS_TIME, 0, 0, 0, 0).x1; }
static inline void u_sleep_until(uint64_t t) { usys1(SYS_SLEEP_UNTIL, t); }
static inline uint64_t u_run_us(void) { return (uint64_t)usys0(SYS_RUN_US); }

/* COUNT, an amount per APPOS_RUN_MS (appos.h), for this run's length; at least MIN. */
static inline uint64_t u_scaled(uint64_t count, uint64_t min)
{
	uint64_t n = count * u_run_us() / (APPOS_RUN_MS * 1000ull);

	return n < min ? min : n;
}

static inline void u_metric(const char *name, uint64_t value, const char *unit)
{
	usys(SYS_METRIC, (uint64_t)name, value, (uint64_t)unit, 0);
}

_Noreturn static inline void u_exit(int status)
{
	usys1(SYS_EXIT, status);
	__builtin_unreachable();
}

/* A self-check: FAIL (reported by the kernel at the end) and the task ends. */
#define u_check(cond, what) \
	do { if (!(cond)) { usys1(SYS_FAIL, what); __builtin_unreachable(); } } while (0)

/* Microseconds from counter ticks (HZ the counter's frequency). */
static inline uint64_t u_ticks_to_us(uint64_t ticks, uint64_t hz)
{
	return ticks / hz * 1000000 + ticks % hz * 1000000 / hz;
}

/* Memory from the task's region (appos.h struct arena), never freed. */
static inline void *arena_alloc(struct arena *a, size_t bytes, size_t align)
{
	uintptr_t p = (a->next + align - 1) & ~(uintptr_t)(align - 1);

	u_check(p + bytes <= a->end, "task region exhausted");
	a->next = p + bytes;
	return (void *)p;
}

/* A struct wl_samples with APPOS_SAMPLES kept, from the task's region. */
static inline void u_samples_init(struct arena *a, struct wl_samples *s)
{
	wl_samples_init(s, arena_alloc(a, APPOS_SAMPLES * sizeof(uint64_t), 8), APPOS_SAMPLES);
}

/* The apps: each an EL0 task entry, given its region's free memory. */
void app_ui(struct arena *a);
void app_compute(struct arena *a);
void app_storage(struct arena *a);
void app_net(struct arena *a);
void app_probe_kernel(struct arena *a);
void app_probe_task(struct arena *a);

#endif
