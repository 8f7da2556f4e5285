/*
 * dtb.c - the device tree the simulator hands to guests: what the machine
 * is (cores, RAM, PSCI, and every device's own description), in the
 * bindings Linux and most bare-metal code expect (Documentation/devicetree/
 * bindings: arm/cpus, arm/psci, interrupt-controller/arm,gic-v3, timer/
 * arm,arch_timer). The format itself is written by fdt.c. What goes in is
 * a view (dtb.h): the machine's, or a VM's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtb.h"
#include "fdt.h"
#include "platform.h"

#define GIC_PHANDLE     1

/* The arm,gic-v3 binding's interrupt specifier: type, number, flags. */
static void interrupt_cells(unsigned intid, uint32_t *cells)
{
	bool ppi = intid < 32;

	cells[0] = ppi ? 1 : 0;                 /* 1: PPI, 0: SPI */
	cells[1] = ppi ? intid - 16 : intid - 32;
	cells[2] = 4;                           /* level, active high */
}

/* A fixed-rate clock for AMBA peripherals (the common-clock binding). */
static void add_clock(struct fdt *f, uint32_t phandle, uint64_t hz)
{
	char node[32];

	snprintf(node, sizeof(node), "clock-%u", phandle);
	fdt_begin_node(f, node);
	fdt_prop_str(f, "compatible", "fixed-clock");
	fdt_prop_u32(f, "#clock-cells", 0);
	fdt_prop_u32(f, "clock-frequency", (uint32_t)hz);
	fdt_prop_u32(f, "phandle", phandle);
	fdt_end_node(f);
}

static void add_device(struct fdt *f, const char *name, const struct device_info *info,
		       uint32_t clock)
{
	char node[64];
	uint32_t cells[4 * DEVICE_MAX_REGIONS];

	if (info->nregions)
		snprintf(node, sizeof(node), "%s@%llx", name,
			 (unsigned long long)info->region[0].base);
	else
		snprintf(node, sizeof(node), "%s", name);
	fdt_begin_node(f, node);
	fdt_prop(f, "compatible", info->compatible,
		 info->compatible_len ? info->compatible_len : strlen(info->compatible) + 1);
	for (unsigned i = 0; i < info->nregions; i++) {
		cells[4 * i + 0] = (uint32_t)(info->region[i].base >> 32);
		cells[4 * i + 1] = (uint32_t)info->region[i].base;
		cells[4 * i + 2] = (uint32_t)(info->region[i].size >> 32);
		cells[4 * i + 3] = (uint32_t)info->region[i].size;
	}
	if (info->nregions)
		fdt_prop_cells(f, "reg", cells, 4 * info->nregions);
	for (unsigned i = 0; i < info->nintids; i++)
		interrupt_cells(info->intid[i], &cells[3 * i]);
	if (info->nintids)
		fdt_prop_cells(f, "interrupts", cells, 3 * info->nintids);
	if (info->clock_hz) {
		static const char names[] = "uartclk\0apb_pclk";
		uint32_t clocks[2] = { clock, clock };

		fdt_prop_cells(f, "clocks", clocks, 2);
		fdt_prop(f, "clock-names", names, sizeof(names));
	}
	if (info->interrupt_controller) {
		fdt_prop(f, "interrupt-controller", NULL, 0);
		fdt_prop_u32(f, "#interrupt-cells", 3);
		fdt_prop_u32(f, "#address-cells", 0);
		fdt_prop_u32(f, "phandle", GIC_PHANDLE);
	}
	fdt_end_node(f);
}

static void add_cpus(struct fdt *f, const struct dtb_view *v)
{
	fdt_begin_node(f, "cpus");
	fdt_prop_u32(f, "#address-cells", 1);
	fdt_prop_u32(f, "#size-cells", 0);
	for (unsigned i = 0; i < v->ncpus; i++) {
		char node[16];

		snprintf(node, sizeof(node), "cpu@%u", i);
		fdt_begin_node(f, node);
		fdt_prop_str(f, "device_type", "cpu");
		fdt_prop_str(f, "compatible", "arm,cortex-a57");
		fdt_prop_u32(f, "reg", i);              /* MPIDR_EL1.Aff0 */
		if (v->psci)
			fdt_prop_str(f, "enable-method", "psci");
		fdt_end_node(f);
	}
	fdt_end_node(f);
}

void dtb_machine_view(struct machine *m, struct dtb_view *v)
{
	*v = (struct dtb_view){
		.ram_base = m->mem.ram_base, .ram_size = m->mem.ram_size,
		.ncpus = m->ncores, .psci = m->firmware ? "smc" : NULL,
		.duration_ns = m->cfg.duration_ns,
	};
	for (unsigned i = 0; i < m->ndevices; i++) {
		if (!platform_devices[i]->describe)
			continue;
		v->device[v->ndevices].type = platform_devices[i];
		platform_devices[i]->describe(m->device_state[i], &v->device[v->ndevices].info);
		v->ndevices++;
	}
}

uint8_t *dtb_build(const struct dtb_view *v, size_t *size)
{
	static const char psci_compatible[] = "arm,psci-1.0\0arm,psci-0.2";
	uint32_t mem[4] = {
		(uint32_t)(v->ram_base >> 32), (uint32_t)v->ram_base,
		(uint32_t)(v->ram_size >> 32), (uint32_t)v->ram_size,
	};
	char node[32];
	struct fdt f;

	fdt_init(&f);
	fdt_begin_node(&f, "");
	fdt_prop_str(&f, "compatible", "phonesim,phone-soc");
	fdt_prop_str(&f, "model", "phonesim phone SoC");
	fdt_prop_u32(&f, "#address-cells", 2);
	fdt_prop_u32(&f, "#size-cells", 2);
	fdt_prop_u32(&f, "interrupt-parent", GIC_PHANDLE);
	snprintf(node, sizeof(node), "memory@%llx", (unsigned long long)v->ram_base);
	fdt_begin_node(&f, node);
	fdt_prop_str(&f, "device_type", "memory");
	fdt_prop_cells(&f, "reg", mem, 4);
	fdt_end_node(&f);
	/*
	 * The run length is phonesim's own property (a vendor prefix, as the
	 * devicetree specification asks of non-standard ones): workloads that
	 * find it run that long, so one image serves a 50 ms test and a 1 s
	 * scenario.
	 */
	if (v->duration_ns) {
		fdt_begin_node(&f, "chosen");
		fdt_prop_u32(&f, "phonesim,duration-us", (uint32_t)(v->duration_ns / 1000));
		fdt_end_node(&f);
	}
	add_cpus(&f, v);
	if (v->psci) {
		fdt_begin_node(&f, "psci");
		fdt_prop(&f, "compatible", psci_compatible, sizeof(psci_compatible));
		fdt_prop_str(&f, "method", v->psci);
		fdt_end_node(&f);
	}
	for (unsigned i = 0; i < v->ndevices; i++) {
		const struct device_info *info = &v->device[i].info;

		if (info->clock_hz)
			add_clock(&f, GIC_PHANDLE + 1 + i, info->clock_hz);
		add_device(&f, info->node ? info->node : v->device[i].type->name, info,
			   GIC_PHANDLE + 1 + i);
	}
	fdt_end_node(&f);
	return fdt_finish(&f, size);
}

uint8_t *machine_dtb(struct machine *m, size_t *size)
{
	struct dtb_view v;

	dtb_machine_view(m, &v);
	return dtb_build(&v, size);
}
