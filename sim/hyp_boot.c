/*
 * hyp_boot.c - a hypervisor run put into the machine (see hyp_boot.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtb.h"
#include "gicv3.h"
#include "hyp_boot.h"
#include "platform.h"
#include "storage.h"

/*
 * The devices a VM may own (pass=). Not the others: the GIC and the
 * generic timer are the hypervisor's to virtualize, PSCI and the power
 * controller belong to the platform, the PL011 is the hypervisor's console
 * (a VM gets a virtual one with dev=pl011), and the trace port is the
 * hypervisor's alone.
 */
static const char *const vm_devices[] = { "modem", "display", "storage" };

_Static_assert(sizeof(vm_devices) / sizeof(vm_devices[0]) <= HYP_PLATFORM_MAX_DEVICES,
	       "hyp_platform.device");

/*
 * A device's first window and interrupt; for storage, the namespaces that
 * exist, each known by its interrupt (describe() lists one per namespace).
 */
static struct hyp_platform_device platform_device(const struct dtb_device *d)
{
	struct hyp_platform_device pd = {
		.name = d->type->name,
		.base = d->info.region[0].base, .size = d->info.region[0].size,
		.intid = d->info.nintids ? d->info.intid[0] : 0,
	};

	for (unsigned k = 1; k < d->info.nintids && !strcmp(pd.name, "storage"); k++)
		for (unsigned n = 1; n < STORAGE_NAMESPACES; n++)
			if (d->info.intid[k] == PLAT_INTID_STORAGE_NS(n))
				pd.namespaces |= 1u << n;
	return pd;
}

void hyp_platform_of(struct machine *m, struct hyp_platform *pf)
{
	struct dtb_view all;

	dtb_machine_view(m, &all);
	*pf = (struct hyp_platform){
		.ram_base = m->mem.ram_base, .ram_size = m->mem.ram_size, .ncores = m->ncores,
	};
	for (unsigned d = 0; d < all.ndevices; d++) {
		const char *name = all.device[d].type->name;

		if (!strcmp(name, "pl011"))
			pf->uart = platform_device(&all.device[d]);
		if (!strcmp(name, "trace_port"))
			pf->trace_port = all.device[d].info.region[0].base;
		for (unsigned k = 0; k < sizeof(vm_devices) / sizeof(vm_devices[0]); k++)
			if (!strcmp(name, vm_devices[k]))
				pf->device[pf->ndevices++] = platform_device(&all.device[d]);
	}
}

/*
 * VM i's view: its partition; its vCPUs, with PSCI through HVC (the
 * hypervisor emulates it); the GIC with one redistributor per vCPU and
 * without the maintenance interrupt (the hypervisor's); the timer; its
 * devices where and as the VM sees them (a storage namespace as the whole
 * device's frame 0 with its interrupt), a virtual PL011 without an
 * interrupt (the hypervisor raises none for it).
 */
static void vm_view(struct machine *m, const struct hyp_setup *s, unsigned i, struct dtb_view *v)
{
	const struct hyp_vm_config *vm = &s->cfg.vm[i];
	struct dtb_view all;

	dtb_machine_view(m, &all);
	*v = (struct dtb_view){ .ram_base = vm->mem_base, .ram_size = vm->mem_size,
				.ncpus = vm->nvcpus, .psci = "hvc", .duration_ns = all.duration_ns };
	for (unsigned d = 0; d < all.ndevices; d++) {
		struct device_info *info = &v->device[v->ndevices].info;
		const char *name = all.device[d].type->name;
		bool gic = !strcmp(name, GIC_NAME);
		bool shown = gic || !strcmp(name, "generic_timer");
		const struct hyp_device_config *dev = NULL;

		for (unsigned k = 0; k < vm->ndevices; k++)
			if (!strcmp(s->device_name[i][k], name))
				dev = &vm->device[k];
		if (!shown && !dev)
			continue;
		v->device[v->ndevices++] = all.device[d];
		if (gic) {
			info->region[1].size = GIC_REDIST_STRIDE * vm->nvcpus;
			info->nintids = 0;
		}
		if (dev) {
			info->nregions = 1;
			info->region[0].base = dev->ipa;
			info->region[0].size = dev->size;
			info->nintids = dev->vintid ? 1 : 0;
			info->intid[0] = dev->vintid;
		}
	}
}

static int place_vm_dtb(struct machine *m, struct hyp_setup *s, unsigned i,
			char *err, size_t errlen)
{
	struct hyp_vm_config *vm = &s->cfg.vm[i];
	/* The partition's end is page aligned: at is inside it, or its end. */
	uint64_t at = (elf_end(&s->image[i]) + HYP_PAGE_SIZE - 1) & ~(HYP_PAGE_SIZE - 1);
	struct dtb_view v;
	uint8_t *dtb;
	size_t size;

	vm_view(m, s, i, &v);
	dtb = dtb_build(&v, &size);
	if (!dtb) {
		snprintf(err, errlen, "--vm %s: cannot build its device tree", vm->name);
		return -1;
	}
	if (size > vm->mem_base + vm->mem_size - at) {
		snprintf(err, errlen, "--vm %s: no room in its partition after the image for "
			 "the %zu-byte device tree", vm->name, size);
		free(dtb);
		return -1;
	}
	mem_write(&m->mem, at, dtb, size);
	free(dtb);
	vm->dtb = at;
	return 0;
}

int hyp_boot(struct machine *m, struct hyp_setup *s, char *err, size_t errlen)
{
	machine_load(m, &s->hyp);
	for (unsigned i = 0; i < s->cfg.nvms; i++) {
		machine_load(m, &s->image[i]);
		if (s->dtb[i] && place_vm_dtb(m, s, i, err, errlen) < 0)
			return -1;
	}
	mem_write(&m->mem, s->config_addr, &s->cfg, sizeof(s->cfg));
	m->boot_el = 2;
	m->boot_entry = s->hyp.entry;
	core_reset(&m->core[0], 2, s->hyp.entry);
	m->core[0].r.x[0] = s->config_addr;
	return 0;
}
