/*
 * report.c - the end of a run: the metric lines the tasks recorded
 * (printed only now, as the console is slow and a task's output must not
 * disturb the others' measurements), the kernel's own counters, each task
 * killed by a fault, and the verdict: the first failed self-check as a
 * FAIL line and exit status 3, or status 0.
 */
#include "kernel.h"

#define MAX_METRICS     96
#define NAME_BYTES      40
#define UNIT_BYTES      16

struct metric {
	char name[NAME_BYTES], unit[UNIT_BYTES];
	uint64_t value;
};

static struct metric metrics[MAX_METRICS];
static unsigned nmetrics, metrics_lost;
extern uint64_t irq_count, irq_unexpected, netloop_bad;

static void copy_str(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

void report_metric(const char *name, uint64_t value, const char *unit)
{
	if (nmetrics == MAX_METRICS) {
		metrics_lost++;
		return;
	}
	copy_str(metrics[nmetrics].name, name, NAME_BYTES);
	copy_str(metrics[nmetrics].unit, unit, UNIT_BYTES);
	metrics[nmetrics++].value = value;
}

/* Hexadecimal without leading zeros: a kill line fits the hypervisor's 120-character lines. */
static void put_hex(uint64_t v)
{
	int s = 60;

	wl_puts("0x");
	while (s > 0 && !(v >> s & 15))
		s -= 4;
	for (; s >= 0; s -= 4)
		wl_putc("0123456789abcdef"[v >> s & 15]);
}

static void report_kill(const struct task *t)
{
	wl_puts("appos: task ");
	wl_puts(t->name);
	wl_puts(t->fail ? " killed: " : " killed as expected: ");
	wl_puts((t->fault_esr & 0x3c) == 0x0c ? "permission fault" : "fault");
	wl_puts(", ESR ");
	put_hex(t->fault_esr);
	wl_puts(" FAR ");
	put_hex(t->fault_far);
	wl_puts(" PC ");
	put_hex(t->frame.elr);
	wl_putc('\n');
}

_Noreturn void report_end(void)
{
	const struct task *failed = NULL;
	unsigned killed = 0;
	uint64_t hz = wl_counter_hz();

	wl_timer_stop();
	for (unsigned i = 0; i < nmetrics; i++)
		wl_metric("appos", metrics[i].name, metrics[i].value, metrics[i].unit);
	for (unsigned i = 0; i < ntasks; i++) {
		const struct task *t = &tasks[i];

		if (t->fault_esr) {
			report_kill(t);
			killed++;
		}
		if (t->fail && !failed)
			failed = t;
	}
	wl_metric("appos", "kernel_tasks_killed", killed, "tasks");
	wl_metric("appos", "kernel_context_switches", sched_switches, "switches");
	wl_metric("appos", "kernel_preemptions", sched_preemptions, "preemptions");
	wl_metric("appos", "kernel_interrupts", irq_count, "interrupts");
	wl_metric("appos", "kernel_loopback_dropped", netloop_bad, "packets");
	wl_metric("appos", "kernel_idle_us", sched_idle_ticks * 1000000 / hz, "us");
	wl_check(!irq_unexpected, "interrupts nobody registered for");
	wl_check(!metrics_lost, "more metrics than the report holds");
	if (failed) {
		wl_puts("FAIL appos: task ");
		wl_puts(failed->name);
		wl_puts(": ");
		wl_puts(failed->fail);
		wl_putc('\n');
		wl_exit(3);
	}
	wl_exit(0);
}
