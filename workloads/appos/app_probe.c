/*
 * app_probe.c - the isolation probes, EL0 tasks meant to die: one reads
 * the kernel's data, the other writes into another task's region (the ui's, which runs on). Each
 * access must be a permission fault that ends the probe and nothing else
 * (task.c checks the fault; a probe that lives on is a FAIL).
 */
#include "usys.h"

extern char __bss_start[];

void app_probe_kernel(struct arena *a)
{
	(void)a;
	/* The kernel's .bss: its task table, page tables, the page cache's state. */
	u_metric("probe_kernel_read", *(volatile uint8_t *)__bss_start, "byte");
}

void app_probe_task(struct arena *a)
{
	/* The first task's region (the ui's framebuffers), from the 64 MiB-aligned partition's base. */
	uintptr_t other = ((uintptr_t)a & ~((64ul << 20) - 1)) + APPOS_REGION_OFFSET;

	*(volatile uint64_t *)(other + APPOS_REGION_BYTES / 2) = 0xdeadbeef;
	u_metric("probe_task_wrote", 1, "bool");
}
