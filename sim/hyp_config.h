/*
 * hyp_config.h - a hypervisor run, from its specification to the struct
 * hyp_config the hypervisor reads (hyp/config.h).
 *
 * Two steps. hyp_plan_add_vm/shm/queue parse one spec each ("name=modem,
 * image=rtos.elf,mem=32,cpu=0,prio=0"), checking what the spec alone can
 * tell: keys, numbers, names. hyp_setup_build then checks the whole plan
 * against the machine (RAM, cores, devices), lays out the partitions, reads
 * every image and fills struct hyp_config. A refusal is one line for the
 * user (bad input); nothing is loaded until the whole plan has passed.
 * Putting the result into a machine is hyp_boot.h's job; docs/running.md
 * is the user's side of it.
 */
#ifndef PHONESIM_SIM_HYP_CONFIG_H
#define PHONESIM_SIM_HYP_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../hyp/config.h"
#include "elf.h"

#define HYP_MEM_MIB_DEFAULT     16              /* the hypervisor's memory, at RAM's start */
#define HYP_VM_MIB_DEFAULT      64
#define HYP_PRIORITY_DEFAULT    1
#define HYP_PRIORITIES          8               /* prio=0 (highest) to 7 */
#define HYP_TIMESLICE_US_DEFAULT 1000
#define HYP_TIMESLICE_US_MAX    1000000         /* --hyp-timeslice-us, a scenario's timeslice_us */
/* The limits the hypervisor checks at boot (docs/hypervisor.md), refused here first. */
#define HYP_PERIOD_US_MIN       100
#define HYP_PERIOD_US_MAX       10000000        /* 10 s */
#define HYP_MSG_SIZE_MAX        4096
#define HYP_QUEUE_DEPTH_MAX     256
#define HYP_QUEUE_BYTES_MAX     65536           /* of all queues' buffers together */
/* Partitions start on 2 MiB boundaries (one stage-2 level-2 block); shared memory on pages. */
#define HYP_PARTITION_ALIGN     (2ull << 20)
#define HYP_PAGE_SIZE           4096ull
#define HYP_DEVICE_NAME_LEN     16
#define HYP_PLATFORM_MAX_DEVICES 8

/* One VM as specified (--vm), before it meets the machine. */
struct hyp_vm_spec {
	char name[HYP_VM_NAME_LEN];
	char image[PATH_MAX];
	uint64_t mem_mib;
	bool base_given;
	uint64_t base;
	unsigned vcpus;
	uint32_t affinity;              /* affinity=, or HYP_AFFINITY_ANY */
	int cpu;                        /* cpu=N, or -1 */
	unsigned priority;
	uint64_t budget_us, period_us;  /* both 0: no reservation */
	bool vpl011;                    /* dev=pl011 */
	bool dtb;
	unsigned npass;
	char pass[HYP_MAX_VM_DEVICES - 1][HYP_DEVICE_NAME_LEN];     /* pass=, in order */
};

/* A list of VM names, "a+b". */
struct hyp_vm_names {
	unsigned n;
	char name[HYP_MAX_VMS][HYP_VM_NAME_LEN];
};

struct hyp_shm_spec {
	const char *spec;
	uint64_t base, size;
	struct hyp_vm_names vms;
	bool writable_given;
	struct hyp_vm_names writable;
};

struct hyp_queue_spec {
	const char *spec;
	char from[HYP_VM_NAME_LEN], to[HYP_VM_NAME_LEN];
	uint32_t msg_size, depth;
	uint32_t not_empty_intid, not_full_intid;
};

/* What the user asked for: the command line's hypervisor options. */
struct hyp_plan {
	const char *hyp_image;
	uint64_t hyp_mib;               /* 0: HYP_MEM_MIB_DEFAULT */
	uint32_t scheduler;             /* HYP_SCHED_* */
	uint32_t timeslice_us;          /* 0: HYP_TIMESLICE_US_DEFAULT */
	unsigned nvms, nshm, nqueues;
	struct hyp_vm_spec vm[HYP_MAX_VMS];
	struct hyp_shm_spec shm[HYP_MAX_SHM];
	struct hyp_queue_spec queue[HYP_MAX_QUEUES];
};

/* A device of the platform: its window and interrupt, from its describe(). */
struct hyp_platform_device {
	const char *name;               /* the device type's name: "modem" */
	uint64_t base, size;
	uint32_t intid;                 /* 0: none */
	uint32_t namespaces;            /* storage: bit n, namespace n >= 1 exists (pass=storage:n) */
};

/* What the machine offers the run (hyp_platform_of in hyp_boot.h fills it). */
struct hyp_platform {
	uint64_t ram_base, ram_size;
	unsigned ncores;
	uint64_t trace_port;
	struct hyp_platform_device uart;        /* the hypervisor's console; VMs get virtual ones */
	unsigned ndevices;              /* the devices a VM may own (pass=) */
	struct hyp_platform_device device[HYP_PLATFORM_MAX_DEVICES];
};

/* The run, laid out and checked, with every image read. */
struct hyp_setup {
	struct hyp_config cfg;
	uint64_t config_addr;           /* where cfg goes: after the hypervisor's image */
	struct elf_image hyp;
	struct elf_image image[HYP_MAX_VMS];
	bool dtb[HYP_MAX_VMS];          /* VM i gets a device tree */
	/* The device type behind each cfg.vm[i].device[k] ("pl011" for the virtual one). */
	const char *device_name[HYP_MAX_VMS][HYP_MAX_VM_DEVICES];
};

/*
 * Each parses one spec into the plan (which keeps a pointer to spec).
 * Returns 0, or -1 with one line in err ("--vm modem: vcpus: 9 is out of
 * range [1, 8]") and the plan unchanged.
 */
int hyp_plan_add_vm(struct hyp_plan *p, const char *spec, char *err, size_t errlen);
int hyp_plan_add_shm(struct hyp_plan *p, const char *spec, char *err, size_t errlen);
int hyp_plan_add_queue(struct hyp_plan *p, const char *spec, char *err, size_t errlen);

/*
 * Checks the plan against the platform, lays out the partitions (a VM
 * without base= goes to the lowest 2 MiB boundary after the hypervisor's
 * memory where it overlaps nothing), reads the hypervisor's and the VMs'
 * images and fills s. Returns 0, or -1 with one line in err and nothing
 * kept (hyp_setup_free is then not needed).
 */
int hyp_setup_build(struct hyp_setup *s, const struct hyp_plan *p,
		    const struct hyp_platform *pf, char *err, size_t errlen);
void hyp_setup_free(struct hyp_setup *s);

#endif
