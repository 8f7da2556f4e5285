/*
 * dtb.h - what a device tree shows: the whole machine (machine_dtb, for
 * `phonesim run --dtb`), or a part of it, such as one VM's view under the
 * hypervisor (hyp_boot.c). dtb.c writes either in the same bindings.
 */
#ifndef PHONESIM_DTB_H
#define PHONESIM_DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"

struct dtb_device {
	const struct device_type *type;
	struct device_info info;        /* its describe(), possibly narrowed */
};

struct dtb_view {
	uint64_t ram_base, ram_size;    /* one memory node */
	unsigned ncpus;                 /* cpu@0 .. cpu@(ncpus - 1) */
	const char *psci;               /* PSCI's conduit, "smc" or "hvc"; NULL: no PSCI */
	uint64_t duration_ns;           /* the run length in /chosen; 0: none */
	unsigned ndevices;              /* the interrupt controller among them */
	struct dtb_device device[MACHINE_MAX_DEVICES];
};

/* The whole machine: its cores, RAM, PSCI when firmware is present, every device. */
void dtb_machine_view(struct machine *m, struct dtb_view *v);

/* The flattened tree of a view: malloc'd; NULL when out of memory. */
uint8_t *dtb_build(const struct dtb_view *v, size_t *size);

#endif
