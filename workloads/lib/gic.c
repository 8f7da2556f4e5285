/*
 * gic.c - the GICv3 as a workload sees it (ARM IHI 0069). The CPU
 * interface is reached through the ICC_* system registers, which in a VM
 * are the virtual interface's (HCR_EL2.IMO). Natively the workload is the
 * only software on the machine, so it also wakes its redistributor and
 * enables, prioritizes and routes its interrupts; in a VM the hypervisor
 * owns the distributor and redistributors and has done that for the
 * interrupts it gave the VM (docs/hypervisor.md).
 *
 * Priorities are multiples of 8 so that they mean the same with the 5
 * priority bits phonesim and QEMU implement.
 */
#include "wl.h"

#define GICD_CTLR               0x0000
#define GICD_CTLR_ENABLE        0x13    /* ARE | EnableGrp1 | EnableGrp0, DS = 1 */
#define GICD_IGROUPR(n)         (0x0080 + 4 * (n))
#define GICD_ISENABLER(n)       (0x0100 + 4 * (n))
#define GICD_IPRIORITYR(id)     (0x0400 + (id))
#define GICD_IROUTER(id)        (0x6000 + 8 * (id))
#define GICR_RD(core)           (WL_GICR_BASE + (core) * WL_GICR_STRIDE)
#define GICR_SGI(core)          (GICR_RD(core) + 0x10000)
#define GICR_WAKER              0x0014
#define GICR_WAKER_SLEEP        (1u << 1)
#define GICR_WAKER_ASLEEP       (1u << 2)
#define GICR_IGROUPR0           0x0080
#define GICR_ISENABLER0         0x0100
#define GICR_IPRIORITYR(id)     (0x0400 + (id))

void wl_gic_cpu_init(unsigned core)
{
	if (!wl_virtualized()) {
		/* The distributor is enabled by whichever core comes first; enabling twice is harmless. */
		wl_write32(WL_GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE);
		uintptr_t rd = GICR_RD(core);

		wl_write32(rd + GICR_WAKER, wl_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
		while (wl_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP)
			;
	}
	__asm__ volatile("msr S3_0_C4_C6_0, %0\n\t"     /* ICC_PMR_EL1 */
			 "msr S3_0_C12_C12_7, %1\n\tisb"  /* ICC_IGRPEN1_EL1 */
			 : : "r"(0xfful), "r"(1ul) : "memory");
}

void wl_gic_enable(unsigned intid, unsigned prio, unsigned core)
{
	if (wl_virtualized())
		return;
	if (intid < 32) {
		uintptr_t sgi = GICR_SGI(core);

		wl_write32(sgi + GICR_IGROUPR0, wl_read32(sgi + GICR_IGROUPR0) | 1u << intid);
		*(volatile uint8_t *)(sgi + GICR_IPRIORITYR(intid)) = (uint8_t)prio;
		wl_write32(sgi + GICR_ISENABLER0, 1u << intid);
	} else {
		uintptr_t d = WL_GICD_BASE;

		wl_write32(d + GICD_IGROUPR(intid / 32),
			   wl_read32(d + GICD_IGROUPR(intid / 32)) | 1u << (intid % 32));
		*(volatile uint8_t *)(d + GICD_IPRIORITYR(intid)) = (uint8_t)prio;
		wl_write64(d + GICD_IROUTER(intid), core);      /* Aff0 = core, cluster 0.0 */
		wl_write32(d + GICD_ISENABLER(intid / 32), 1u << (intid % 32));
	}
}

unsigned wl_gic_ack(void)
{
	uint64_t intid;

	__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(intid) : : "memory");  /* ICC_IAR1_EL1 */
	return (unsigned)(intid & 0xffffff);
}

void wl_gic_eoi(unsigned intid)
{
	__asm__ volatile("msr S3_0_C12_C12_1, %0\n\tisb" : : "r"((uint64_t)intid) : "memory");
}

void wl_gic_sgi(unsigned intid, unsigned core_mask)
{
	__asm__ volatile("msr S3_0_C12_C11_5, %0\n\tisb"        /* ICC_SGI1R_EL1 */
			 : : "r"((uint64_t)intid << 24 | core_mask) : "memory");
}
