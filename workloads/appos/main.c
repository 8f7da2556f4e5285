/*
 * main.c - the app OS's boot: what the device tree says the machine (or
 * the VM) has, the MMU, interrupts and drivers, then the tasks its devices
 * allow, and the scheduler. The same image runs natively and as a VM,
 * and as either persona (linked at its partition's base). The run lasts
 * the device tree's duration if it gives one (appos.h).
 *
 * Tasks, by priority: ui (0: it has a deadline every vsync), network,
 * storage and the two isolation probes (1), compute (2: background, it
 * takes what the others leave).
 */
#include "kernel.h"
#include "usys.h"

typedef void (*task_entry)(void *);

void kmain(const void *dtb);

uint64_t run_us;

void kmain(const void *dtb)
{
	uint64_t display_at = 0, storage_at = 0;
	bool have_display, have_storage;

	wl_init();
	/* Before the MMU: the DTB lies after the image, wherever the loader put it. */
	have_display = wl_fdt_find(dtb, "display", &display_at);
	have_storage = wl_fdt_find(dtb, "storage", &storage_at);
	run_us = wl_duration_us(dtb);
	if (!run_us)
		run_us = APPOS_RUN_MS * 1000ull;

	mmu_init();
	wl_gic_cpu_init(0);
	timer_init();
	have_display = have_display && display_init(display_at);
	have_storage = have_storage && storage_init(storage_at);
	if (have_storage)
		pagecache_init(mmu_image_base + APPOS_HEAP_OFFSET);
	net_init();
	report_metric("display_present", have_display, "bool");
	report_metric("storage_present", have_storage, "bool");

	task_create("ui", (task_entry)app_ui, 0, false);
	task_create("net", (task_entry)app_net, 1, false);
	if (have_storage)
		task_create("storage", (task_entry)app_storage, 1, false);
	task_create("probe-kernel", (task_entry)app_probe_kernel, 1, true);
	task_create("probe-task", (task_entry)app_probe_task, 1, true);
	task_create("compute", (task_entry)app_compute, 2, false);
	sched_start();
}
