/*
 * mmu.c - translation tables: the hypervisor's own (EL2 stage 1) and each
 * VM's stage 2. All are identity maps (VA = IPA = PA: the platform cannot
 * relocate, docs/platform.md) but for a device seen elsewhere than it is
 * (a storage namespace's frame, docs/storage.md); 4 KiB granule, 39-bit
 * input addresses, walks starting at level 1 (ARM DDI 0487, "VMSAv8-64
 * translation table format descriptors"); 1 GiB and 2 MiB blocks where alignment allows, pages
 * elsewhere. Tables come from a fixed pool, filled once by core 0 at boot
 * and never changed: stage 2 mappings are static partitions.
 *
 * Not here: deciding what a VM may map (boot.c validates the configuration).
 */
#include "hyp.h"

#define PAGE_SIZE       4096ul
#define PT_ENTRIES      512
#define PT_POOL_PAGES   96
#define DESC_VALID      1ul
#define DESC_TABLE      3ul             /* levels 1, 2: next-level table */
#define DESC_BLOCK      1ul             /* levels 1, 2 */
#define DESC_PAGE       3ul             /* level 3 */
#define DESC_ADDR       0x0000fffffffff000ul
#define DESC_AF         (1ul << 10)
#define DESC_SH_INNER   (3ul << 8)
#define DESC_XN         (1ul << 54)     /* stage 1 of EL2: XN; stage 2: XN[1] */

/* EL2 stage 1: AttrIndx (MAIR_EL2 index 0 device, 1 normal), AP[2:1]. */
#define S1_DEVICE       (0ul << 2)
#define S1_NORMAL       (1ul << 2 | DESC_SH_INNER)
#define S1_RW           (1ul << 6)      /* AP[1] is RES1 with one privilege level */
#define S1_RO           (3ul << 6)
#define MAIR_EL2_VALUE  0xff00ul        /* attr0 Device-nGnRnE, attr1 Normal WB RA WA */

/* Stage 2: MemAttr[3:0] (Normal WB / Device-nGnRnE), S2AP. */
#define S2_NORMAL       (0xful << 2 | DESC_SH_INNER)
#define S2_DEVICE       (0x0ul << 2)
#define S2_RO           (1ul << 6)
#define S2_RW           (3ul << 6)

/* TCR_EL2 / VTCR_EL2: T0SZ 25, inner/outer WB RA WA, inner shareable, 4 KiB, 40-bit PA. */
#define TCR_COMMON      (25ul | 1ul << 8 | 1ul << 10 | 3ul << 12 | 2ul << 16)
#define TCR_EL2_VALUE   (TCR_COMMON | 1ul << 23 | 1ul << 31)
#define VTCR_EL2_VALUE  (TCR_COMMON | 1ul << 6 | 1ul << 31)     /* SL0 = 1: start at level 1 */

static uint64_t pt_pool[PT_POOL_PAGES][PT_ENTRIES] __attribute__((aligned(4096)));
static unsigned pt_used;
static uint64_t *el2_root;

static uint64_t *pt_alloc(void)
{
	if (pt_used == PT_POOL_PAGES)
		hyp_panic("translation table pool exhausted", pt_used, 0);
	return pt_pool[pt_used++];      /* .bss: already zero */
}

/*
 * Maps [va, end) to [va + pa_off, ...) at this level of a table: a block or
 * page where the range covers a whole entry and both addresses are aligned
 * to it (levels 1-3), else a table one level down.
 */
static void map_level(uint64_t *table, unsigned level, uint64_t va, uint64_t end,
		      uint64_t pa_off, uint64_t attrs)
{
	unsigned shift = 39 - 9 * level;
	uint64_t span = 1ul << shift;

	while (va < end) {
		uint64_t *e = &table[(va >> shift) & (PT_ENTRIES - 1)];
		uint64_t next = (va | (span - 1)) + 1;

		if (next > end || next == 0)
			next = end;
		if (!((va | (va + pa_off)) & (span - 1)) && next - va == span && !(*e & DESC_VALID)) {
			*e = (va + pa_off) | attrs | DESC_AF | (level == 3 ? DESC_PAGE : DESC_BLOCK);
		} else {
			if (level == 3 || (*e & 3) == DESC_BLOCK)
				hyp_panic("overlapping mappings", va, level);
			if (!(*e & DESC_VALID))
				*e = (uint64_t)pt_alloc() | DESC_TABLE;
			map_level((uint64_t *)(*e & DESC_ADDR), level + 1, va, next, pa_off, attrs);
		}
		va = next;
	}
}

static void map(uint64_t *root, uint64_t base, uint64_t size, uint64_t attrs)
{
	map_level(root, 1, base, base + size, 0, attrs);
}

/* The pages of the DMA windows the hypervisor sets, each once (namespaces share one). */
static void map_dma_windows(void)
{
	uint64_t pages[HYP_MAX_VMS * HYP_MAX_VM_DEVICES];
	unsigned n = 0;

	for (unsigned i = 0; i < cfg->nvms; i++)
		for (unsigned d = 0; d < cfg->vm[i].ndevices; d++) {
			uint64_t page = cfg->vm[i].device[d].dma_window & ~(PAGE_SIZE - 1);
			unsigned k;

			for (k = 0; k < n && pages[k] != page; k++)
				;
			if (!page || k < n)
				continue;
			pages[n++] = page;
			map(el2_root, page, PAGE_SIZE, S1_DEVICE | S1_RW | DESC_XN);
		}
}

/*
 * The hypervisor's map: its code read-only and executable, the rest of its
 * memory read-write and never executable (SCTLR_EL2.WXN enforces it), the
 * VMs' memory (to copy hypercall buffers) and the devices it drives,
 * among them the page of each DMA window it sets for a VM.
 */
void mmu_init_el2(uint64_t text_start, uint64_t text_end)
{
	uint64_t hyp_end = cfg->hyp_base + cfg->hyp_size;

	el2_root = pt_alloc();
	if (text_start > cfg->hyp_base)
		map(el2_root, cfg->hyp_base, text_start - cfg->hyp_base, S1_NORMAL | S1_RW | DESC_XN);
	map(el2_root, text_start, text_end - text_start, S1_NORMAL | S1_RO);
	map(el2_root, text_end, hyp_end - text_end, S1_NORMAL | S1_RW | DESC_XN);
	for (unsigned i = 0; i < cfg->nvms; i++)
		map(el2_root, cfg->vm[i].mem_base, cfg->vm[i].mem_size, S1_NORMAL | S1_RW | DESC_XN);
	map(el2_root, GICD_BASE, GICD_SIZE, S1_DEVICE | S1_RW | DESC_XN);
	map(el2_root, GICR_BASE, cfg->ncores * GICR_STRIDE, S1_DEVICE | S1_RW | DESC_XN);
	if (cfg->uart_base)
		map(el2_root, cfg->uart_base, PAGE_SIZE, S1_DEVICE | S1_RW | DESC_XN);
	if (cfg->trace_port)
		map(el2_root, cfg->trace_port, PAGE_SIZE, S1_DEVICE | S1_RW | DESC_XN);
	map_dma_windows();
}

/* On each core: the tables core 0 built, then the MMU and caches on. */
void mmu_enable_el2(void)
{
	dsb(ish);
	write_sysreg(mair_el2, MAIR_EL2_VALUE);
	write_sysreg(tcr_el2, TCR_EL2_VALUE);
	write_sysreg(ttbr0_el2, (uint64_t)el2_root);
	write_sysreg(vtcr_el2, VTCR_EL2_VALUE);
	isb();
	__asm__ volatile("tlbi alle2\n\tdsb ish" ::: "memory");
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_WXN);
	isb();
}

/*
 * A VM's stage 2: its partition (normal memory, executable), its
 * passthrough devices at their IPAs (device memory, never executable), and
 * the shared regions it is listed in (read-only unless it may write them).
 * Emulated devices and everything else stay unmapped: an access faults to
 * EL2.
 * Returns the root table's address for VTTBR_EL2.
 */
uint64_t mmu_build_stage2(const struct hyp_vm_config *v, unsigned vm_idx)
{
	uint64_t *root = pt_alloc();

	map(root, v->mem_base, v->mem_size, S2_NORMAL | S2_RW);
	for (unsigned i = 0; i < v->ndevices; i++)
		if (v->device[i].mode == HYP_DEV_PASSTHROUGH)
			map_level(root, 1, v->device[i].ipa, v->device[i].ipa + v->device[i].size,
				  v->device[i].base - v->device[i].ipa, S2_DEVICE | S2_RW | DESC_XN);
	for (unsigned i = 0; i < cfg->nshm; i++) {
		const struct hyp_shm_config *s = &cfg->shm[i];

		if (s->vms & (1u << vm_idx))
			map(root, s->base, s->size,
			    S2_NORMAL | DESC_XN | ((s->writable & (1u << vm_idx)) ? S2_RW : S2_RO));
	}
	return (uint64_t)root;
}
