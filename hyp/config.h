/*
 * config.h - the hypervisor's configuration, as the simulator hands it over.
 *
 * One source of truth for the host build (the simulator fills it from the
 * scenario or the command line) and the target build (the hypervisor reads
 * it at boot): fixed-width fields only, no pointers, explicit padding, so
 * the layout is the same for both compilers. The simulator places it in the
 * hypervisor's memory and passes its address in X0 at the hypervisor's
 * entry on core 0 (as a device tree's address is passed to Linux).
 *
 * docs/hypervisor.md documents every field. Not here: the hypercall ABI
 * (abi.h) or anything the hypervisor computes at run time.
 */
#ifndef PHONESIM_HYP_CONFIG_H
#define PHONESIM_HYP_CONFIG_H

#include <stdint.h>

#define HYP_CONFIG_MAGIC        0x47464348u     /* "HCFG" */
#define HYP_CONFIG_VERSION      2u

#define HYP_MAX_CORES           8
#define HYP_MAX_VMS             8
#define HYP_MAX_VCPUS           8       /* per VM */
#define HYP_MAX_VM_DEVICES      8       /* per VM */
#define HYP_MAX_SHM             8
#define HYP_MAX_QUEUES          16
#define HYP_VM_NAME_LEN         16

/* Scheduling policies (hyp_config.scheduler). */
#define HYP_SCHED_PRIORITY      0u      /* fixed priority, round robin within one, budgets */
#define HYP_SCHED_STATIC        1u      /* 1:1 vCPU to core, no scheduler on the hot path */

/* How a VM reaches a device (hyp_device_config.mode). */
#define HYP_DEV_PASSTHROUGH     0u      /* mapped in stage 2, its interrupt routed to the VM */
#define HYP_DEV_VPL011          1u      /* trapped and emulated: a virtual PL011 console */

/* A vCPU may run on any core whose bit is set in affinity. */
#define HYP_AFFINITY_ANY        0xffu

struct hyp_vcpu_config {
	uint32_t affinity;              /* bit n: may run on core n (pinned: one bit) */
	uint32_t reserved;
};

/*
 * A device window: physical [base, base + size), seen by the VM at ipa (a
 * storage namespace's frame is seen where the whole device would be, so
 * that the guest's driver is the same natively and in a VM). Its physical
 * interrupt intid reaches the VM as vintid. A device whose DMA the
 * hypervisor confines to the VM's partition (there is no SMMU) names its
 * window registers: two 64-bit registers, base then size, at dma_window.
 */
struct hyp_device_config {
	uint64_t base, size;            /* physical */
	uint64_t ipa;                   /* where the VM sees base */
	uint64_t dma_window;            /* physical address of its DMA window registers, or 0 */
	uint32_t intid;                 /* the physical interrupt (0: none) */
	uint32_t vintid;                /* the INTID the VM sees it as (0: none) */
	uint32_t mode;                  /* HYP_DEV_* */
	uint32_t reserved;
};

struct hyp_vm_config {
	char name[HYP_VM_NAME_LEN];     /* NUL-terminated */
	uint64_t mem_base, mem_size;    /* the VM's RAM partition, identity in stage 2 */
	uint64_t entry;                 /* where vCPU 0 starts, at EL1, inside the partition */
	uint64_t dtb;                   /* its device tree in the partition, or 0 (X0 at entry) */
	uint32_t nvcpus;
	uint32_t priority;              /* 0 highest */
	uint64_t budget_ns, period_ns;  /* a reservation of budget per period; 0: none */
	struct hyp_vcpu_config vcpu[HYP_MAX_VCPUS];
	uint32_t ndevices;
	uint32_t reserved;
	struct hyp_device_config device[HYP_MAX_VM_DEVICES];
};

/* Memory shared between VMs: mapped in the stage 2 of each VM in vms. */
struct hyp_shm_config {
	uint64_t base, size;
	uint32_t vms;                   /* bit n: VM n maps it */
	uint32_t writable;              /* bit n: VM n may write it */
};

/*
 * A one-way message queue between two VMs through hypervisor-owned buffers:
 * depth messages of msg_size bytes; the receiver gets virtual interrupt
 * not_empty_intid when a message arrives, the sender not_full_intid when
 * room appears after the queue was full (as Gunyah's message queues).
 */
struct hyp_queue_config {
	uint32_t sender, receiver;      /* VM indices */
	uint32_t msg_size, depth;
	uint32_t not_empty_intid, not_full_intid;
};

struct hyp_config {
	uint32_t magic;                 /* HYP_CONFIG_MAGIC */
	uint32_t version;               /* HYP_CONFIG_VERSION */
	uint32_t size;                  /* sizeof(struct hyp_config) */
	uint32_t ncores;
	uint32_t scheduler;             /* HYP_SCHED_* */
	uint32_t timeslice_us;          /* round-robin slice within a priority */
	uint64_t hyp_base, hyp_size;    /* the hypervisor's own memory (image, heap, tables) */
	uint64_t uart_base;             /* the physical console the hypervisor may print to */
	uint64_t trace_port;            /* the trace port's MMIO base, or 0 */
	uint32_t nvms, nshm, nqueues;
	uint32_t reserved;
	struct hyp_vm_config vm[HYP_MAX_VMS];
	struct hyp_shm_config shm[HYP_MAX_SHM];
	struct hyp_queue_config queue[HYP_MAX_QUEUES];
};

#endif
