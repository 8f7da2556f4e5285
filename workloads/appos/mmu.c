/*
 * mmu.c - the kernel's stage 1 translation (EL1&0 regime, TTBR0 only):
 * 4 KiB granule, 39-bit addresses, walks from level 1 (ARM DDI 0487
 * D5.2), identity-mapped as the partition is. One address space per task,
 * tagged with its ASID, and one for the kernel alone (ASID 0):
 *
 *   the image's first 2 MiB   level 3 pages, shared: code and read-only
 *                             data EL1 and EL0 read-only and executable
 *                             (the tasks' code is in the image), the rest
 *                             (kernel .data, .bss, stacks, the DTB) EL1 only
 *   the rest of the partition 2 MiB blocks, EL1 only, except the task's own
 *                             region, EL0 read-write, never executable
 *   GIC, UART, SoC devices    Device-nGnRnE, EL1 only
 *
 * So a task reaches neither the kernel's data nor another task's region:
 * the access is a permission fault, taken to EL1 (trap.c kills the task).
 * EL1 reaches everything, as the kernel copies to and from tasks. The
 * blocks whose access differs between address spaces are non-global
 * (nG): a TLB entry of one task's is never used for another's.
 * Not here: demand paging, anything outside the partition (a VM sees no
 * more; natively the image keeps to the same 64 MiB).
 */
#include "kernel.h"

#define PARTITION_BYTES (64ul << 20)

#define DESC_VALID      (1ul << 0)
#define DESC_TABLE      (1ul << 1)      /* a table (levels 1, 2) or a page (level 3) */
#define DESC_DEVICE     (0ul << 2)      /* MAIR_EL1 attribute 0 */
#define DESC_NORMAL     (1ul << 2)      /* attribute 1 */
#define DESC_AP_EL1     (0ul << 6)      /* EL1 read-write, EL0 none */
#define DESC_AP_RW      (1ul << 6)      /* EL1 and EL0 read-write */
#define DESC_AP_RO      (3ul << 6)      /* EL1 and EL0 read-only */
#define DESC_SH_INNER   (3ul << 8)
#define DESC_AF         (1ul << 10)
#define DESC_NG         (1ul << 11)
#define DESC_PXN        (1ul << 53)
#define DESC_UXN        (1ul << 54)
#define DESC_XN         (DESC_PXN | DESC_UXN)

#define MAIR_VALUE      0xff00ul        /* 0: Device-nGnRnE, 1: Normal write-back */
#define TCR_VALUE       (25ul | 1ul << 8 | 1ul << 10 | 3ul << 12 | 25ul << 16 | 1ul << 23 | 2ul << 32)
#define SCTLR_RES1      0x30d00800ul    /* ARMv8.0's RES1 bits of SCTLR_EL1 */
#define SCTLR_ON        (SCTLR_RES1 | 1ul << 0 | 1ul << 2 | 1ul << 3 | 1ul << 4 | 1ul << 12)

#define GIB(a)          ((a) >> 30)
#define L2_INDEX(a)     (((a) >> 21) & 511)

typedef uint64_t table[512] __attribute__((aligned(4096)));

static table device_l2, image_l3;
static table l1[APPOS_MAX_TASKS + 1], l2[APPOS_MAX_TASKS + 1];

extern char _start[], appos_data_start[];
uintptr_t mmu_image_base, mmu_shared_end;

static const uintptr_t device_blocks[] = {
	WL_GICD_BASE,           /* distributor and redistributors */
	WL_UART_BASE,
	0x0c000000,             /* modem, display, storage windows */
};

uint64_t mmu_address_space(unsigned asid, uintptr_t region, uintptr_t region_end)
{
	uint64_t *t1 = l1[asid], *t2 = l2[asid];

	t1[0] = (uintptr_t)device_l2 | DESC_TABLE | DESC_VALID;
	t1[GIB(mmu_image_base)] = (uintptr_t)t2 | DESC_TABLE | DESC_VALID;
	t2[L2_INDEX(mmu_image_base)] = (uintptr_t)image_l3 | DESC_TABLE | DESC_VALID;
	for (uintptr_t a = mmu_image_base + APPOS_BLOCK_BYTES; a < mmu_image_base + PARTITION_BYTES;
	     a += APPOS_BLOCK_BYTES) {
		uint64_t ap = a >= region && a < region_end ? DESC_AP_RW : DESC_AP_EL1;

		t2[L2_INDEX(a)] = a | ap | DESC_XN | DESC_NG | DESC_AF | DESC_SH_INNER |
				  DESC_NORMAL | DESC_VALID;
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	return (uintptr_t)t1 | (uint64_t)asid << 48;
}

void mmu_switch(uint64_t ttbr0)
{
	__asm__ volatile("msr ttbr0_el1, %0\n\tisb" : : "r"(ttbr0) : "memory");
}

void mmu_init(void)
{
	mmu_image_base = (uintptr_t)_start;
	mmu_shared_end = (uintptr_t)appos_data_start;
	wl_check(mmu_image_base % APPOS_BLOCK_BYTES == 0, "image not linked on a 2 MiB boundary");
	wl_check(GIB(mmu_image_base) == GIB(mmu_image_base + PARTITION_BYTES - 1),
		 "partition crosses a 1 GiB boundary");
	wl_check(mmu_shared_end % 4096 == 0, ".data not page-aligned (crt.S is not linked first)");

	for (unsigned i = 0; i < sizeof(device_blocks) / sizeof(device_blocks[0]); i++)
		device_l2[L2_INDEX(device_blocks[i])] = device_blocks[i] | DESC_AP_EL1 | DESC_XN |
							DESC_AF | DESC_DEVICE | DESC_VALID;
	for (unsigned i = 0; i < 512; i++) {
		uintptr_t a = mmu_image_base + i * 4096ul;
		uint64_t perm = a < mmu_shared_end ? DESC_AP_RO : DESC_AP_EL1 | DESC_XN;

		image_l3[i] = a | perm | DESC_AF | DESC_SH_INNER | DESC_NORMAL | DESC_TABLE |
			      DESC_VALID;
	}
	mmu_switch(mmu_address_space(0, 0, 0));
	__asm__ volatile("msr mair_el1, %0\n\t"
			 "msr tcr_el1, %1\n\t"
			 "isb\n\t"
			 "tlbi vmalle1\n\t"
			 "dsb nsh\n\t"
			 "isb\n\t"
			 "msr sctlr_el1, %2\n\t"
			 "isb"
			 : : "r"(MAIR_VALUE), "r"(TCR_VALUE), "r"(SCTLR_ON) : "memory");
}
