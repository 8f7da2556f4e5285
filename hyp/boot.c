/*
 * boot.c - from the entry on core 0 to the first guest instruction on every
 * core: the configuration checked field by field (any error: one line on
 * semihosting and exit status 2), the hypervisor's own MMU, the VMs, the
 * secondary cores started with PSCI CPU_ON, and each core's EL2 state.
 *
 * Not here: building the tables (mmu.c), the VMs (vm.c), the GIC (vgic.c).
 */
#include <stdarg.h>

#include "hyp.h"
#include "layout.h"

#define RAM_BASE        0x40000000ul
#define IPA_LIMIT       (1ul << 39)     /* the translation regimes' input range */
#define PAGE_MASK       0xffful
#define SYS_HEAPINFO    0x16
#define PSCI_CPU_ON     0xc4000003u
#define MSG_MAX         4096u           /* largest message of a queue */
#define DEPTH_MAX       256u

const struct hyp_config *cfg;
struct pcpu pcpus[HYP_MAX_CORES];
uint8_t hyp_stacks[HYP_MAX_CORES][HYP_STACK_SIZE] __attribute__((aligned(16)));
uint64_t ticks_per_us;

extern char __image_start[], __text_end[], __image_end[];
void secondary_entry(void);

_Static_assert(__builtin_offsetof(struct pcpu, cur) == PCPU_CUR, "entry.S: pcpu.cur");
_Static_assert(__builtin_offsetof(struct pcpu, stack_top) == PCPU_STACK_TOP, "entry.S: stack_top");
_Static_assert(__builtin_offsetof(struct guest_regs, sp_el0) == REGS_SP_EL0, "entry.S: sp_el0");
_Static_assert(__builtin_offsetof(struct guest_regs, pc) == REGS_PC, "entry.S: pc");
_Static_assert(__builtin_offsetof(struct vcpu, regs) == 0, "entry.S: vcpu.regs");

_Noreturn void boot_error(const char *fmt, ...)
{
	char line[160];
	unsigned len;
	va_list ap;

	va_start(ap, fmt);
	len = hyp_vformat(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	line[len] = '\n';
	line[len + 1] = 0;
	semihost_write0("hyp: bad configuration: ");
	semihost_write0(line);
	semihost_exit(2);
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* A page-aligned, non-empty range below the IPA limit that does not wrap. */
static bool good_range(uint64_t base, uint64_t size)
{
	return size && !(base & PAGE_MASK) && !(size & PAGE_MASK) &&
	       base < IPA_LIMIT && size <= IPA_LIMIT - base;
}

/* RAM's top, from SYS_HEAPINFO (the stack base is the top of RAM); 0: unknown. */
static uint64_t ram_top(void)
{
	uint64_t info[4] = { 0 };
	uint64_t block = (uint64_t)info;
	register uint64_t x0 __asm__("x0") = SYS_HEAPINFO;
	register uint64_t x1 __asm__("x1") = (uint64_t)&block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return info[2];
}

static bool in_ram(uint64_t base, uint64_t size, uint64_t top)
{
	return base >= RAM_BASE && (!top || range_inside(base, size, RAM_BASE, top - RAM_BASE));
}

/* No passthrough window of any VM covers the page of a DMA window the hypervisor sets. */
static void check_dma_window(const struct hyp_config *c, unsigned vi, unsigned di)
{
	uint64_t w = c->vm[vi].device[di].dma_window;

	if (!w)
		return;
	if ((w & 7) || w >= IPA_LIMIT || in_ram(w, 1, 0))
		boot_error("vm %u device %u: DMA window registers 0x%lx are not a device's", vi, di, w);
	for (unsigned vj = 0; vj < c->nvms; vj++)
		for (unsigned dj = 0; dj < c->vm[vj].ndevices; dj++) {
			const struct hyp_device_config *e = &c->vm[vj].device[dj];

			if (e->mode == HYP_DEV_PASSTHROUGH && overlaps(w & ~PAGE_MASK, PAGE_MASK + 1,
								       e->base, e->size))
				boot_error("vm %u device %u: its DMA window registers are in vm %u's "
					   "device %u", vi, di, vj, dj);
		}
}

static void check_device(const struct hyp_config *c, unsigned vi, unsigned di)
{
	const struct hyp_device_config *d = &c->vm[vi].device[di];

	if (!good_range(d->base, d->size) || in_ram(d->base, 1, 0) ||
	    !good_range(d->ipa, d->size) || in_ram(d->ipa, 1, 0))
		boot_error("vm %u device %u: window 0x%lx+0x%lx at IPA 0x%lx is not a page-aligned "
			   "device range", vi, di, d->base, d->size, d->ipa);
	if (d->mode > HYP_DEV_VPL011)
		boot_error("vm %u device %u: unknown mode %u", vi, di, d->mode);
	if (d->mode == HYP_DEV_VPL011)
		return;
	if (d->intid && (d->intid < 32 || d->intid >= 96 || d->vintid < 32 || d->vintid >= 96))
		boot_error("vm %u device %u: INTID %u / virtual %u is not an SPI (32-95)", vi, di,
			   d->intid, d->vintid);
	check_dma_window(c, vi, di);
	if (overlaps(d->base, d->size, GICD_BASE, GICR_BASE + HYP_MAX_CORES * GICR_STRIDE - GICD_BASE) ||
	    (c->uart_base && overlaps(d->base, d->size, c->uart_base, 0x1000)) ||
	    (c->trace_port && overlaps(d->base, d->size, c->trace_port, 0x1000)))
		boot_error("vm %u device %u: 0x%lx belongs to the hypervisor", vi, di, d->base);
	for (unsigned vj = 0; vj <= vi; vj++)
		for (unsigned dj = 0; dj < c->vm[vj].ndevices && (vj < vi || dj < di); dj++) {
			const struct hyp_device_config *e = &c->vm[vj].device[dj];

			if (e->mode != HYP_DEV_PASSTHROUGH)
				continue;
			if (overlaps(d->base, d->size, e->base, e->size) || (d->intid && d->intid == e->intid) ||
			    (vj == vi && overlaps(d->ipa, d->size, e->ipa, e->size)))
				boot_error("vm %u device %u: already given to vm %u", vi, di, vj);
		}
}

static void check_vm(const struct hyp_config *c, unsigned i, uint64_t top)
{
	const struct hyp_vm_config *v = &c->vm[i];
	unsigned cores = (1u << c->ncores) - 1;
	unsigned n;

	for (n = 0; n < HYP_VM_NAME_LEN && v->name[n]; n++)
		;
	if (!n || n == HYP_VM_NAME_LEN)
		boot_error("vm %u: the name must be 1-%u characters", i, HYP_VM_NAME_LEN - 1);
	if (!good_range(v->mem_base, v->mem_size) || !in_ram(v->mem_base, v->mem_size, top))
		boot_error("vm %u: partition 0x%lx+0x%lx is not page-aligned RAM", i, v->mem_base,
			   v->mem_size);
	if (overlaps(v->mem_base, v->mem_size, c->hyp_base, c->hyp_size))
		boot_error("vm %u: partition overlaps the hypervisor's memory", i);
	for (unsigned j = 0; j < i; j++)
		if (overlaps(v->mem_base, v->mem_size, c->vm[j].mem_base, c->vm[j].mem_size))
			boot_error("vm %u: partition overlaps vm %u's", i, j);
	if (!range_inside(v->entry, 4, v->mem_base, v->mem_size) || (v->entry & 3))
		boot_error("vm %u: entry 0x%lx is not in its partition", i, v->entry);
	if (v->dtb && !range_inside(v->dtb, 8, v->mem_base, v->mem_size))
		boot_error("vm %u: dtb 0x%lx is not in its partition", i, v->dtb);
	if (v->nvcpus < 1 || v->nvcpus > HYP_MAX_VCPUS)
		boot_error("vm %u: nvcpus %u is not 1-%u", i, v->nvcpus, HYP_MAX_VCPUS);
	if (!v->budget_ns != !v->period_ns || v->budget_ns > v->period_ns ||
	    (v->period_ns && v->period_ns < 100000))
		boot_error("vm %u: a reservation needs 0 < budget_ns <= period_ns, period >= 100 us", i);
	for (unsigned k = 0; k < v->nvcpus; k++)
		if (!(v->vcpu[k].affinity & cores))
			boot_error("vm %u vcpu %u: affinity 0x%x names no core", i, k,
				   v->vcpu[k].affinity);
	if (v->ndevices > HYP_MAX_VM_DEVICES)
		boot_error("vm %u: ndevices %u", i, v->ndevices);
	for (unsigned d = 0; d < v->ndevices; d++)
		check_device(c, i, d);
}

static void check_shared(const struct hyp_config *c, uint64_t top)
{
	unsigned all = (1u << c->nvms) - 1;

	for (unsigned i = 0; i < c->nshm; i++) {
		const struct hyp_shm_config *s = &c->shm[i];

		if (!good_range(s->base, s->size) || !in_ram(s->base, s->size, top) ||
		    overlaps(s->base, s->size, c->hyp_base, c->hyp_size))
			boot_error("shm %u: 0x%lx+0x%lx is not page-aligned RAM outside the hypervisor",
				   i, s->base, s->size);
		for (unsigned j = 0; j < c->nvms; j++)
			if (overlaps(s->base, s->size, c->vm[j].mem_base, c->vm[j].mem_size))
				boot_error("shm %u: overlaps vm %u's partition", i, j);
		for (unsigned j = 0; j < i; j++)
			if (overlaps(s->base, s->size, c->shm[j].base, c->shm[j].size))
				boot_error("shm %u: overlaps shm %u", i, j);
		if (!s->vms || (s->vms & ~all) || (s->writable & ~s->vms))
			boot_error("shm %u: vms 0x%x / writable 0x%x name VMs that do not exist", i,
				   s->vms, s->writable);
	}
	for (unsigned i = 0; i < c->nqueues; i++) {
		const struct hyp_queue_config *q = &c->queue[i];

		if (q->sender >= c->nvms || q->receiver >= c->nvms)
			boot_error("queue %u: sender/receiver are not VMs", i);
		if (!q->msg_size || q->msg_size > MSG_MAX || !q->depth || q->depth > DEPTH_MAX)
			boot_error("queue %u: msg_size 1-%u, depth 1-%u", i, MSG_MAX, DEPTH_MAX);
		if ((q->not_empty_intid && (q->not_empty_intid < 32 || q->not_empty_intid >= NR_VIRQS)) ||
		    (q->not_full_intid && (q->not_full_intid < 32 || q->not_full_intid >= NR_VIRQS)))
			boot_error("queue %u: virtual INTIDs must be 32-%u", i, NR_VIRQS - 1);
	}
}

static const struct hyp_config *validate(uint64_t addr)
{
	const struct hyp_config *c = (const void *)addr;
	uint64_t img = (uint64_t)__image_start, img_end = (uint64_t)__image_end;
	uint64_t top;

	if (addr < RAM_BASE || (addr & 7))
		boot_error("X0 = 0x%lx is not a configuration in RAM", addr);
	if (c->magic != HYP_CONFIG_MAGIC || c->version != HYP_CONFIG_VERSION ||
	    c->size != sizeof(*c))
		boot_error("magic 0x%x, version %u, size %u (expected 0x%x, %u, %lu)",
			   c->magic, c->version, c->size,
			   HYP_CONFIG_MAGIC, HYP_CONFIG_VERSION,
			   sizeof(*c));
	top = ram_top();
	if (!good_range(c->hyp_base, c->hyp_size) || !in_ram(c->hyp_base, c->hyp_size, top) ||
	    !range_inside(img, img_end - img, c->hyp_base, c->hyp_size))
		boot_error("hyp memory 0x%lx+0x%lx must be page-aligned RAM holding the image 0x%lx-0x%lx",
			   c->hyp_base, c->hyp_size, img, img_end);
	if (!range_inside(addr, sizeof(*c), c->hyp_base, c->hyp_size) ||
	    overlaps(addr, sizeof(*c), img, img_end - img))
		boot_error("the configuration must lie in hyp memory, after the image");
	if (c->ncores < 1 || c->ncores > HYP_MAX_CORES)
		boot_error("ncores %u is not 1-%u", c->ncores, HYP_MAX_CORES);
	if (c->scheduler > HYP_SCHED_STATIC || (c->scheduler == HYP_SCHED_PRIORITY && !c->timeslice_us))
		boot_error("scheduler %u / timeslice_us %u", c->scheduler,
			   c->timeslice_us);
	if ((c->uart_base && (c->uart_base & PAGE_MASK || c->uart_base >= RAM_BASE)) ||
	    (c->trace_port && (c->trace_port & PAGE_MASK || c->trace_port >= IPA_LIMIT ||
			       in_ram(c->trace_port, 1, 0))) ||
	    (c->uart_base && c->uart_base == c->trace_port) ||
	    overlaps(c->uart_base, 1, GICD_BASE, GICR_BASE + HYP_MAX_CORES * GICR_STRIDE - GICD_BASE) ||
	    overlaps(c->trace_port, 1, GICD_BASE, GICR_BASE + HYP_MAX_CORES * GICR_STRIDE - GICD_BASE))
		boot_error("uart_base 0x%lx / trace_port 0x%lx: page-aligned device addresses",
			   c->uart_base, c->trace_port);
	if (c->nvms < 1 || c->nvms > HYP_MAX_VMS || c->nshm > HYP_MAX_SHM ||
	    c->nqueues > HYP_MAX_QUEUES)
		boot_error("nvms %u (1-%u), nshm %u (0-%u), nqueues %u (0-%u)",
			   c->nvms, HYP_MAX_VMS, c->nshm, HYP_MAX_SHM,
			   c->nqueues, HYP_MAX_QUEUES);
	for (unsigned i = 0; i < c->nvms; i++)
		check_vm(c, i, top);
	check_shared(c, top);
	return c;
}

/* Everything a core needs at EL2 before it runs a guest. */
static void core_init(unsigned id)
{
	struct pcpu *p = &pcpus[id];
	uint64_t hcr = HCR_VM | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC | HCR_RW;

	/* Static partitioning lets a guest's WFI wait on the core itself. */
	if (cfg->scheduler == HYP_SCHED_PRIORITY)
		hcr |= HCR_TWI;
	write_sysreg(tpidr_el2, p);
	write_sysreg(vbar_el2, hyp_vectors);
	write_sysreg(hcr_el2, hcr);
	write_sysreg(cptr_el2, CPTR_RES1 | CPTR_TFP);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN);
	write_sysreg(CNTHP_CTL_EL2, 0);
	isb();
	gic_init_cpu(id);
}

_Noreturn void hyp_secondary(unsigned id)
{
	mmu_enable_el2();
	core_init(id);
	sched_start(&pcpus[id]);
}

static int64_t psci_cpu_on(uint64_t target, uint64_t entry, uint64_t context)
{
	register uint64_t x0 __asm__("x0") = PSCI_CPU_ON;
	register uint64_t x1 __asm__("x1") = target;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = context;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

_Noreturn void hyp_main(uint64_t config_addr)
{
	uint64_t freq;

	cfg = validate(config_addr);
	freq = read_sysreg(cntfrq_el0);
	ticks_per_us = freq / 1000000 ? freq / 1000000 : 1;
	for (unsigned i = 0; i < cfg->ncores; i++) {
		pcpus[i].id = i;
		pcpus[i].stack_top = (uint64_t)hyp_stacks[i] + HYP_STACK_SIZE;
	}
	mmu_init_el2((uint64_t)__image_start, (uint64_t)__text_end);
	mmu_enable_el2();
	console_init();
	vm_init_all();
	msgq_init();
	gic_init_dist();
	core_init(0);
	for (unsigned i = 1; i < cfg->ncores; i++) {
		int64_t rc = psci_cpu_on(i, (uint64_t)secondary_entry, i);

		if (rc)
			boot_error("PSCI CPU_ON of core %u failed: %d", i, (int)rc);
	}
	sched_start(&pcpus[0]);
}

/* An exception taken at EL2 itself: a hypervisor bug, never a guest's doing. */
_Noreturn void hyp_el2_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	hyp_printf("exception at EL2: ESR 0x%lx ELR 0x%lx FAR 0x%lx", esr, elr, far);
	hyp_panic("EL2 exception", esr, elr);
}
