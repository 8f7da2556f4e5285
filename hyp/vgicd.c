/*
 * vgicd.c - a virtual GIC distributor per VM, trapped and emulated (ARM
 * IHI 0069, "The Distributor" and "Distributor register descriptions"):
 * the GICD window is left out of every stage 2, so each access is a stage
 * 2 data abort whose syndrome (ISV = 1: SAS, SRT, WnR) says what to do.
 *
 * A VM sees a GICv3 with one Security state (GICD_CTLR.DS = 1) and
 * affinity routing (ARE = 1, RAO/WI), and SPIs 32-127, its own virtual
 * INTID space: its passthrough devices' INTIDs, which are backed by the
 * physical SPI, and the INTIDs its doorbells and queues raise, which are
 * virtual only. Every VM has the whole range, so nothing here names
 * another VM's interrupts: a VM disabling INTID 40 disables its own 40.
 *
 *   GICD_CTLR      EnableGrp1 (bit 1) RW; ARE, DS RAO; EnableGrp0 RAZ/WI
 *                  (virtual interrupts are Group 1 only); RWP 0
 *   GICD_TYPER     ITLinesNumber 3 (INTIDs up to 127), CPUNumber = vCPUs - 1,
 *                  IDbits 15, No1N 1 (no 1-of-N routing)
 *   GICD_IIDR      Arm (0x43B), product 'V'; GICD_PIDR2 0x3B (ArchRev 3)
 *   IS/ICENABLER   SPIs 32-127; all start enabled (the guests before this
 *                  file never enabled them)
 *   IPRIORITYR     SPIs 32-127, 5 bits (as the list registers), reset 0xa0;
 *                  the priority their list registers get
 *   IGROUPR        SPIs RAO/WI: Group 1, the only group delivered
 *   ICFGR          read-only (IMPLEMENTATION DEFINED for SPIs): level for
 *                  a passthrough device's INTID, edge for the virtual ones
 *   IROUTER        RAZ/WI: every SPI goes to vCPU 0 (affinity 0.0.0.0)
 *   the rest       RAZ/WI (the INTIDs 0-31 fields: affinity routing)
 *
 * Delivery: an SPI is delivered while it is enabled and EnableGrp1 is
 * set. A disabled passthrough SPI is masked at the physical distributor
 * (it stays pending at the device and the physical GIC; one the hypervisor
 * had already taken is delivered); a virtual one raised while disabled is
 * held, and delivered once enabled.
 *
 * Accesses ("GIC memory-mapped register access"): 32-bit to every
 * register, 8-bit to IPRIORITYR and ITARGETSR, 64-bit to IROUTER. Any
 * other size is UNPREDICTABLE there; here it is refused like one the
 * syndrome cannot describe: the VM is stopped, as for the External abort
 * the physical distributor gives.
 *
 * Not here: redistributors (a VM touching GICR is stopped), pending and
 * active state through the distributor, SPI routing to other vCPUs.
 */
#include "hyp.h"

#define GICD_TYPER      0x0004
#define GICD_IIDR       0x0008
#define GICD_ITARGETSR  0x0800
#define GICD_ICFGR      0x0c00
#define GICD_IROUTER_END 0x8000
#define GICD_PIDR2      0xffe8

#define CTLR_GRP1       (1u << 1)
#define CTLR_ARE_DS     (1u << 4 | 1u << 6)
#define TYPER_FIXED     ((NR_VIRQS / 32 - 1) | 15u << 19 | 1u << 25)
#define IIDR_VALUE      (0x56u << 24 | 0x43bu)
#define PIDR2_VALUE     0x3bu
#define PRIO_MASK       0xf8u           /* 5 priority bits, as ICH_VTR_EL2.PRIbits */
#define NR_WORDS        (NR_VIRQS / 32)

struct vgicd {
	spinlock_t lock;                /* a leaf: never held with another */
	bool grp1_off;
	uint32_t disabled[NR_WORDS];    /* bit per INTID; word 0 unused */
	uint32_t held[NR_WORDS];        /* virtual SPIs raised while not deliverable */
	uint8_t priority[NR_VIRQS];
};

static struct vgicd vgicd[HYP_MAX_VMS];

void vgicd_reset(struct vm *vm)
{
	memset(vgicd[vm->idx].priority, 0xa0, NR_VIRQS);
}

uint8_t vgicd_priority(const struct vm *vm, unsigned intid)
{
	return vgicd[vm->idx].priority[intid];
}

static bool passthrough(const struct vm *vm, unsigned intid)
{
	for (unsigned i = 0; i < vm->cfg->ndevices; i++)
		if (vm->cfg->device[i].mode == HYP_DEV_PASSTHROUGH &&
		    vm->cfg->device[i].intid == intid)
			return true;
	return false;
}

static bool deliverable(const struct vgicd *d, unsigned intid)
{
	return !d->grp1_off && !(d->disabled[intid / 32] & (1u << (intid % 32)));
}

/*
 * For vgic_inject: whether a virtual SPI may go to the VM now; if not it
 * is held until the VM enables it.
 */
bool vgicd_admit(struct vm *vm, unsigned intid)
{
	struct vgicd *d = &vgicd[vm->idx];
	bool ok;

	spin_lock(&d->lock);
	ok = deliverable(d, intid);
	if (!ok)
		d->held[intid / 32] |= 1u << (intid % 32);
	spin_unlock(&d->lock);
	return ok;
}

/*
 * After an enable changed: passthrough SPIs follow at the physical
 * distributor, held virtual ones that may now go are injected.
 */
static void update(struct vm *vm)
{
	struct vgicd *d = &vgicd[vm->idx];
	uint32_t go[NR_WORDS];

	for (unsigned i = 0; i < vm->cfg->ndevices; i++) {
		unsigned intid = vm->cfg->device[i].intid;

		if (vm->cfg->device[i].mode != HYP_DEV_PASSTHROUGH || !intid)
			continue;
		mmio_write32(GICD_BASE + (deliverable(d, intid) ? GICD_ISENABLER : GICD_ICENABLER) +
			     intid / 32 * 4, 1u << (intid % 32));
	}
	spin_lock(&d->lock);
	for (unsigned w = 0; w < NR_WORDS; w++) {
		go[w] = d->grp1_off ? 0 : d->held[w] & ~d->disabled[w];
		d->held[w] &= ~go[w];
	}
	spin_unlock(&d->lock);
	for (unsigned w = 0; w < NR_WORDS; w++)
		for (; go[w]; go[w] &= go[w] - 1)
			vgic_inject(&vm->vcpu[0], w * 32 + __builtin_ctz(go[w]), false);
}

static uint32_t icfgr(const struct vm *vm, unsigned first)
{
	uint32_t v = 0;

	for (unsigned k = 0; k < 16; k++)
		if (first + k >= 32 && first + k < NR_VIRQS && !passthrough(vm, first + k))
			v |= 2u << (2 * k);     /* Int_config[1]: edge-triggered */
	return v;
}

/* The SPI word (1-3) of a bitmap register at OFF in [base, base + 0x80), or 0. */
static unsigned spi_word(uint64_t off, uint64_t base)
{
	unsigned word = (unsigned)(off - base) / 4;

	return off >= base && off < base + 0x80 && word < NR_WORDS ? word : 0;
}

static bool in_spi_bytes(uint64_t off, uint64_t base)
{
	return off >= base + 32 && off < base + NR_VIRQS;
}

static uint64_t dist_read(const struct vm *vm, uint64_t off, unsigned size)
{
	const struct vgicd *d = &vgicd[vm->idx];
	unsigned set = spi_word(off, GICD_ISENABLER), clear = spi_word(off, GICD_ICENABLER);

	if (off == GICD_CTLR)
		return CTLR_ARE_DS | (d->grp1_off ? 0 : CTLR_GRP1);
	if (off == GICD_TYPER)
		return TYPER_FIXED | (vm->cfg->nvcpus - 1) << 5;
	if (off == GICD_IIDR)
		return IIDR_VALUE;
	if (off == GICD_PIDR2)
		return PIDR2_VALUE;
	if (spi_word(off, GICD_IGROUPR))
		return 0xffffffffu;
	if (set || clear)
		return ~d->disabled[set | clear];
	if (in_spi_bytes(off, GICD_IPRIORITYR)) {
		uint32_t v = 0;

		memcpy(&v, &d->priority[off - GICD_IPRIORITYR], size);
		return v;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + NR_VIRQS / 4)
		return icfgr(vm, (unsigned)(off - GICD_ICFGR) * 4);
	return 0;               /* RAZ/WI, and the fields of INTIDs 0-31 (affinity routing) */
}

static void dist_write(struct vm *vm, uint64_t off, unsigned size, uint32_t value)
{
	struct vgicd *d = &vgicd[vm->idx];
	unsigned set = spi_word(off, GICD_ISENABLER), clear = spi_word(off, GICD_ICENABLER);

	if (in_spi_bytes(off, GICD_IPRIORITYR)) {
		for (unsigned i = 0; i < size; i++)
			d->priority[off - GICD_IPRIORITYR + i] = (uint8_t)(value >> (8 * i)) & PRIO_MASK;
		return;
	}
	if (off != GICD_CTLR && !set && !clear)
		return;
	spin_lock(&d->lock);
	if (off == GICD_CTLR)
		d->grp1_off = !(value & CTLR_GRP1);
	else if (set)
		d->disabled[set] &= ~value;
	else
		d->disabled[clear] |= value;
	spin_unlock(&d->lock);
	update(vm);
}

/* The sizes "GIC memory-mapped register access" allows at OFF. */
static bool size_allowed(uint64_t off, unsigned size)
{
	if (off & (size - 1))
		return false;
	if (size == 1)
		return off >= GICD_IPRIORITYR && off < GICD_ICFGR;     /* and ITARGETSR */
	if (size == 8)
		return off >= GICD_IROUTER && off < GICD_IROUTER_END;
	return size == 4;
}

/* False when the address is not the distributor's, or the access is refused. */
bool vgicd_access(struct vcpu *v, uint64_t ipa, uint32_t esr)
{
	uint64_t off = ipa - GICD_BASE;
	unsigned rt = ISS_SRT(esr), size = 1u << ISS_SAS(esr);

	if (!range_inside(ipa, 1, GICD_BASE, GICD_SIZE) || !(esr & ISS_ISV) ||
	    !size_allowed(off, size))
		return false;
	if (esr & ISS_WNR)
		dist_write(v->vm, off, size, rt == 31 ? 0 : (uint32_t)v->regs.x[rt]);
	else if (rt != 31)
		v->regs.x[rt] = dist_read(v->vm, off, size);
	return true;
}
