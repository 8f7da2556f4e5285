/*
 * hyp_boot.h - a hypervisor run put into the machine: what the machine
 * offers a run (for hyp_setup_build, hyp_config.h), then the loading of
 * the run that was built. The memory layout is in docs/running.md.
 */
#ifndef PHONESIM_HYP_BOOT_H
#define PHONESIM_HYP_BOOT_H

#include <stddef.h>

#include "hyp_config.h"
#include "machine.h"

/*
 * RAM, cores, the console, the trace port, and the devices a VM may own
 * (modem, display, storage), each with the window and interrupt its
 * describe() gives.
 */
void hyp_platform_of(struct machine *m, struct hyp_platform *pf);

/*
 * Loads the hypervisor's image, each VM's image and, when asked for, its
 * device tree (in its partition, after its image, 4 KiB aligned: X0 of the
 * VM's vCPU 0, through hyp_vm_config.dtb), then the configuration at
 * s->config_addr; starts core 0 at the hypervisor's entry at EL2 with X0 =
 * s->config_addr. Returns 0, or -1 with one line in err when a VM's device
 * tree does not fit in its partition.
 */
int hyp_boot(struct machine *m, struct hyp_setup *s, char *err, size_t errlen);

#endif
