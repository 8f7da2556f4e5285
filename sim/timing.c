/*
 * timing.c - the cycle-level timing model (see timing.h): presets, the
 * per-block charge, data accesses through TLBs and caches, TLB maintenance.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "machine.h"
#include "pagewalk.h"
#include "platform.h"
#include "sysreg.h"
#include "timing.h"

const char *const stall_name[STALL_COUNT] = {
	[STALL_FETCH] = "fetch", [STALL_DATA] = "data", [STALL_TLB] = "tlb",
	[STALL_BRANCH] = "branch", [STALL_EXCEPTION] = "exception",
};

/* ------------------------------------------------------------ presets */

/*
 * Cortex-A55 and Cortex-A78 TRMs: 32/64 KiB 4-way L1s, 64-byte lines;
 * private L2 128 KiB (A55) / 512 KiB (A78); L1 TLBs 16 (A55) / 32-48 (A78)
 * entries fully associative, L2 TLB 1024 (A55) / 1280 (A78) entries.
 * docs/timing.md gives the sources and the latencies.
 */
static const struct timing_core_config little_core = {
	.pipeline = &pipeline_a55, .freq_hz = 1800000000ull,
	.l1i_tlb = { .entries = 16, .ways = 16, .latency = 0 },
	.l1d_tlb = { .entries = 16, .ways = 16, .latency = 0 },
	.l2_tlb = { .entries = 1024, .ways = 4, .latency = 3 },
	.walk_step_cycles = 2,
	.bpred = { .history_bits = 10, .btb_entries = 256, .btb_ways = 2, .ras_depth = 8 },
};

static const struct timing_core_config big_core = {
	.pipeline = &pipeline_a78, .freq_hz = 2800000000ull,
	.l1i_tlb = { .entries = 32, .ways = 32, .latency = 0 },
	.l1d_tlb = { .entries = 32, .ways = 32, .latency = 0 },
	.l2_tlb = { .entries = 1024, .ways = 4, .latency = 5 },
	.walk_step_cycles = 2,
	.bpred = { .history_bits = 14, .btb_entries = 4096, .btb_ways = 4, .ras_depth = 16 },
};

#define KIB 1024u

static const struct memsys_config little_mem = {
	.l1i = { .size = 32 * KIB, .ways = 4, .line = 64, .latency = 1 },
	.l1d = { .size = 32 * KIB, .ways = 4, .line = 64, .latency = 3 },
	.l2 = { .size = 128 * KIB, .ways = 4, .line = 64, .latency = 9 },
};

bool timing_preset_known(const char *name)
{
	return !strcmp(name, "small") || !strcmp(name, "phone");
}

unsigned timing_preset_cores(const char *name)
{
	return !strcmp(name, "phone") ? 8 : 1;
}

bool timing_core_is_big(const struct timing_config *t, unsigned i)
{
	return t->core[i].pipeline == &pipeline_a78;
}

/*
 * "small": every core a Cortex-A55 at 1 GHz with its L1s and L2, DRAM
 * behind (no system cache): small, quick, and easy to reason about in tests.
 * "phone": a big.LITTLE SoC, cores 0-3 Cortex-A55 at 1.8 GHz, 4-7
 * Cortex-A78 at 2.8 GHz (64 KiB L1s, 512 KiB L2), a 4 MiB system cache and
 * LPDDR5-class DRAM.
 */
int timing_preset(const char *name, unsigned ncores, struct timing_config *out)
{
	bool phone = !strcmp(name, "phone");

	if (!timing_preset_known(name) || ncores == 0 || ncores > MEMSYS_MAX_CORES)
		return -1;
	memset(out, 0, sizeof(*out));
	out->preset = phone ? "phone" : "small";
	out->mem = little_mem;
	out->mem.ncores = ncores;
	out->mem.dram_latency_ns = phone ? 110 : 90;
	out->mem.dram_bytes_per_ns = phone ? 51 : 12;   /* LPDDR5-6400 x64: 51.2 GB/s */
	if (phone)
		out->mem.slc = (struct cache_config){ .size = 4096 * KIB, .ways = 16, .line = 64,
						      .latency = 30 };
	for (unsigned i = 0; i < ncores; i++) {
		out->core[i] = (phone && i >= 4) ? big_core : little_core;
		if (!phone)
			out->core[i].freq_hz = 1000000000ull;
	}
	return 0;
}

/* --------------------------------------------------------- block cache */

#define BLOCK_CACHE_SIZE 4096           /* a power of two */

struct timing_block {
	uint64_t pc;
	uint32_t size;                  /* 0: empty slot */
	struct block_cost cost;
};

int timing_core_init(struct timing_core *t, const struct timing_core_config *cfg)
{
	memset(t, 0, sizeof(*t));
	t->cfg = *cfg;
	t->last_line = ~0ull;
	t->blocks = calloc(BLOCK_CACHE_SIZE, sizeof(*t->blocks));
	if (!t->blocks || tlb_init(&t->l1i_tlb, &cfg->l1i_tlb) || tlb_init(&t->l1d_tlb, &cfg->l1d_tlb) ||
	    tlb_init(&t->l2_tlb, &cfg->l2_tlb) || bpred_init(&t->bpred, &cfg->bpred))
		return -1;
	return 0;
}

void timing_core_free(struct timing_core *t)
{
	tlb_free(&t->l1i_tlb);
	tlb_free(&t->l1d_tlb);
	tlb_free(&t->l2_tlb);
	bpred_free(&t->bpred);
	free(t->blocks);
}

/*
 * The block's static cost, computed on its first execution from the code
 * at pc (identity maps: pc is where the code is; timing_forget_code drops
 * it when the code changes).
 */
static const struct timing_block *block_of(struct core *c, uint64_t pc, uint32_t size)
{
	struct timing_core *t = c->timing;
	struct timing_block *b = &t->blocks[((pc >> 2) ^ size) & (BLOCK_CACHE_SIZE - 1)];

	if (b->pc == pc && b->size == size)
		return b;
	b->pc = pc;
	b->size = size;
	if (mem_is_ram(&c->m->mem, pc, size))
		pipeline_block(t->cfg.pipeline, mem_ram_ptr(&c->m->mem, pc), pc, size / 4, &b->cost);
	else
		memset(&b->cost, 0, sizeof(b->cost));
	return b;
}

void timing_forget_code(struct timing_core *t, uint64_t pa, uint64_t len)
{
	for (unsigned i = 0; i < BLOCK_CACHE_SIZE; i++) {
		struct timing_block *b = &t->blocks[i];

		if (b->size && b->pc < pa + len && pa < b->pc + b->size)
			b->size = 0;
	}
}

/* ------------------------------------------------------------- TLBs */

/*
 * The VMID that tags EL1&0 translations: VTTBR_EL2's whenever EL2 is
 * implemented, whether or not stage 2 is on (D5.10.2), and the one TLBIs
 * name at EL2 too (VMALLS12E1 and IPAS2E1 act on the current VM).
 */
static uint16_t current_vmid(const struct core *c)
{
	return c->m->has_el2 ? (uint16_t)((c->sr[SR_VTTBR_EL2] >> 48) & 0xff) : 0;
}

/* The regime, ASID and VMID a translation of va at the current EL uses. */
static struct tlb_tag tag_of(const struct core *c, uint64_t va)
{
	struct tlb_tag tag = { .page = va >> 12 };

	if (c->el == 2) {
		tag.regime = TLB_EL2;
		tag.global = true;
		return tag;
	}
	tag.regime = TLB_EL10;
	/* TCR_EL1.A1 (bit 22) picks the TTBR holding the ASID (D13.2.131). */
	tag.asid = (uint16_t)(c->sr[(c->sr[SR_TCR_EL1] >> 22) & 1 ? SR_TTBR1_EL1 : SR_TTBR0_EL1] >> 48);
	tag.vmid = current_vmid(c);
	return tag;
}

struct walk_meter {
	struct core *c;
	uint64_t cycles, refs;
};

/* Every descriptor the walk reads goes through the caches. */
static bool metered_read(void *ctx, uint64_t pa, uint64_t *val)
{
	struct walk_meter *w = ctx;
	struct core *c = w->c;

	w->refs++;
	c->timing->last_line = ~0ull;   /* the walk may evict it from the L1D */
	w->cycles += c->timing->cfg.walk_step_cycles +
		     memsys_access(c->m->memsys, c->id, pa, MEMSYS_READ, core_ns(c), c->freq_hz);
	return mem_read(&c->m->mem, pa, val, sizeof(*val));
}

/* Whether the current regime translates at all (else no TLB is involved). */
static bool translation_on(const struct core *c)
{
	if (c->el == 2)
		return c->sr[SR_SCTLR_EL2] & SCTLR_M;
	if (core_hcr(c) & HCR_VM)
		return true;
	return (c->sr[SR_SCTLR_EL1] & SCTLR_M) && !(core_hcr(c) & HCR_TGE);
}

/* What the timing model's translation of an address found. */
struct xlat {
	uint64_t cycles;        /* beyond an L1 TLB hit */
	uint64_t pa;            /* the output address, unless fault */
	bool fault;             /* the access faults: it reaches no memory */
};

static uint64_t pa_of(const struct tlb_tag *entry, uint64_t va)
{
	return entry->pa_page << 12 | (va & 0xfff);
}

static struct xlat translate(struct core *c, struct tlb *l1, uint64_t va, enum walk_access acc)
{
	struct timing_core *t = c->timing;
	struct tlb_tag tag = tag_of(c, va);
	struct walk_meter meter = { .c = c };
	const struct tlb_tag *hit;
	struct walk_result res;
	struct xlat x = { .pa = va };

	if (!translation_on(c))
		return x;
	if ((hit = tlb_lookup(l1, &tag))) {
		x.pa = pa_of(hit, va);
		return x;
	}
	if ((hit = tlb_lookup(&t->l2_tlb, &tag))) {
		tlb_fill(l1, hit);      /* the entry as it was walked: global or not */
		x.cycles = t->cfg.l2_tlb.latency;
		x.pa = pa_of(hit, va);
		return x;
	}
	if (core_walk(c, va, acc, c->el == 0, metered_read, &meter, &res)) {
		tag.global = res.s1_global;
		tag.pa_page = res.pa >> 12;
		tlb_fill(&t->l2_tlb, &tag);
		tlb_fill(l1, &tag);
		x.pa = res.pa;
	} else {
		x.fault = true;
	}
	t->counters.walk_refs += meter.refs;
	x.cycles = t->cfg.l2_tlb.latency + meter.cycles;
	return x;
}

/* -------------------------------------------------------------- costs */

static uint64_t stall(struct core *c, enum stall why, uint64_t cycles)
{
	c->timing->counters.stall[c->el][why] += cycles;
	return cycles;
}

/* The previous block's branch, resolved now that we know where it went. */
static uint64_t resolve_branch(struct core *c, uint64_t pc)
{
	struct timing_core *t = c->timing;
	const struct timing_branch *prev = &t->prev;

	if (prev->kind == BRANCH_NONE)
		return 0;
	t->counters.branches++;
	if (!bpred_resolve(&t->bpred, prev->pc, prev->kind, pc != prev->pc + 4, pc))
		return 0;
	t->counters.mispredicts++;
	return stall(c, STALL_BRANCH, t->cfg.pipeline->mispredict_penalty);
}

/*
 * The block's instructions through the L1I TLB and cache: its (at most
 * two) pages are translated first, then its lines fetched.
 */
static uint64_t fetch(struct core *c, uint64_t pc, uint32_t size)
{
	struct memsys *ms = c->m->memsys;
	uint64_t line = ms->cfg.l1i.line, cycles = 0;
	uint64_t first_page = pc >> 12, last = pc + size - 1;
	struct xlat page[2];

	for (uint64_t p = first_page; p <= last >> 12; p++) {
		page[p - first_page] = translate(c, &c->timing->l1i_tlb, p << 12, WALK_FETCH);
		cycles += stall(c, STALL_TLB, page[p - first_page].cycles);
	}
	for (uint64_t a = pc & ~(line - 1);; a += line) {
		const struct xlat *x = &page[(a >> 12) - first_page];

		if (!x->fault)
			cycles += stall(c, STALL_FETCH,
					memsys_access(ms, c->id, x->pa | (a & 0xfff), MEMSYS_FETCH,
						      core_ns(c), c->freq_hz));
		if (a == (last & ~(line - 1)))
			break;
	}
	return cycles;
}

uint64_t timing_block(struct core *c, uint64_t pc, uint32_t size)
{
	struct timing_core *t = c->timing;
	/* First the branch into this block: block_of() may take its slot. */
	uint64_t cycles = resolve_branch(c, pc);
	const struct timing_block *b = block_of(c, pc, size);

	cycles += b->cost.cycles + fetch(c, pc, size);
	for (unsigned i = 0; i < IC_COUNT; i++)
		t->counters.count[c->el][i] += b->cost.count[i];
	t->prev = (struct timing_branch){ .kind = b->cost.branch, .pc = b->cost.branch_pc };
	t->counters.cycles[c->el] += cycles;
	return cycles;
}

/*
 * A load from a device waits for it; nothing caches device registers. The
 * interconnect round trip is an assumption, the same for every device:
 * 40 ns, in the range of a phone SoC's peripheral bus at 100-200 MHz.
 */
#define DEVICE_ACCESS_NS 40u

static uint64_t device_load(const struct core *c)
{
	return (DEVICE_ACCESS_NS * c->freq_hz + 999999999u) / 1000000000u;
}

/* The lines of a RAM access at pa through the caches: what a load waits for. */
static uint64_t cached_access(struct core *c, uint64_t pa, unsigned size, bool write)
{
	struct timing_core *t = c->timing;
	struct memsys *ms = c->m->memsys;
	uint64_t line = ms->cfg.l1d.line, last = (pa + size - 1) & ~(line - 1), data = 0;

	for (uint64_t a = pa & ~(line - 1);; a += line) {
		data += memsys_access(ms, c->id, a, write ? MEMSYS_WRITE : MEMSYS_READ,
				      core_ns(c), c->freq_hz);
		if (a == last)
			break;
	}
	if (write)
		return 0;
	return t->cfg.pipeline->out_of_order ? data / t->cfg.pipeline->mlp : data;
}

/*
 * A load waits for its data (an out-of-order core overlaps up to mlp
 * misses); a store retires into the store buffer, so only its TLB miss
 * stalls, while its line still moves through the caches. An access that
 * faults reaches no memory; one outside RAM is a device's (device_load).
 */
uint64_t timing_data_access(struct core *c, uint64_t va, unsigned size, bool write)
{
	struct timing_core *t = c->timing;
	struct memsys *ms = c->m->memsys;
	uint64_t first = va & ~(uint64_t)(ms->cfg.l1d.line - 1), tlb, data = 0;
	struct xlat x;

	/*
	 * The same line as the last access (and the same page, so the same
	 * translation): both L1s would hit and change nothing but their counts,
	 * unless a write must first make the line dirty.
	 */
	if (first == t->last_line && va + size <= first + ms->cfg.l1d.line &&
	    (!write || t->last_line_dirty)) {
		t->l1d_tlb.stats.hits++;
		ms->l1d[c->id].stats.hits++;
		return 0;
	}
	t->last_line = first;
	t->last_line_dirty = write;
	x = translate(c, &t->l1d_tlb, va, write ? WALK_WRITE : WALK_READ);
	if (!x.fault && mem_is_ram(&c->m->mem, x.pa, size)) {
		data = cached_access(c, x.pa, size, write);
	} else {
		t->last_line = ~0ull;
		if (!x.fault && !write)
			data = device_load(c);
	}
	tlb = stall(c, STALL_TLB, x.cycles);
	data = stall(c, STALL_DATA, data);
	t->counters.cycles[c->el] += tlb + data;
	return tlb + data;
}

uint64_t timing_exception(struct core *c)
{
	struct timing_core *t = c->timing;
	uint64_t cycles = stall(c, STALL_EXCEPTION, t->cfg.pipeline->exception_cost);

	t->prev.kind = BRANCH_NONE;     /* the block that trapped did not branch */
	t->last_line = ~0ull;           /* the translation regime may change */
	t->counters.cycles[c->el] += cycles;
	return cycles;
}

/* ----------------------------------------------------- TLB maintenance */

static void tlbi_one(struct timing_core *t, unsigned op1, unsigned crm, unsigned op2,
		     uint16_t vmid, uint64_t xt)
{
	struct tlb *tlbs[] = { &t->l1i_tlb, &t->l1d_tlb, &t->l2_tlb };
	uint64_t page = xt & ((1ull << 44) - 1);
	uint16_t asid = (uint16_t)(xt >> 48);

	t->last_line = ~0ull;

	for (unsigned i = 0; i < 3; i++) {
		struct tlb *tlb = tlbs[i];

		if (op1 == 4 && (crm == 0 || crm == 4)) {
			/* IPAS2E1, IPAS2LE1: stage 2 by IPA; every stage 1 over it too. */
			tlb_flush_vmid(tlb, vmid);
			continue;
		}
		if (op1 == 4) {                 /* EL2 forms (C5.5) */
			switch (op2) {
			case 0: tlb_flush_regime(tlb, TLB_EL2); break;         /* ALLE2 */
			case 1: case 5: tlb_flush_va(tlb, TLB_EL2, 0, page, false, 0); break;
			case 4: tlb_flush_regime(tlb, TLB_EL10); break;        /* ALLE1 */
			default: tlb_flush_vmid(tlb, vmid); break;             /* VMALLS12E1, IPAS2 */
			}
			continue;
		}
		switch (op2) {                  /* EL1 forms */
		case 0: tlb_flush_vmid(tlb, vmid); break;                      /* VMALLE1 */
		case 1: case 5: tlb_flush_va(tlb, TLB_EL10, vmid, page, true, asid); break;
		case 2: tlb_flush_asid(tlb, vmid, asid); break;                /* ASIDE1 */
		default: tlb_flush_va(tlb, TLB_EL10, vmid, page, false, 0); break; /* VAAE1 */
		}
	}
}

/*
 * TLBI (C5.5): the Inner Shareable forms (CRm = 3, and 0 for IPAS2E1IS)
 * reach every core's TLBs, the others only the issuing core's.
 */
void timing_tlbi(struct core *c, uint32_t enc, uint64_t xt)
{
	uint16_t vmid = current_vmid(c);
	unsigned op1 = SYSREG_OP1(enc), crm = SYSREG_CRM(enc), op2 = SYSREG_OP2(enc);

	if (crm != 3 && crm != 0) {
		tlbi_one(c->timing, op1, crm, op2, vmid, xt);
		return;
	}
	for (unsigned i = 0; i < c->m->ncores; i++)
		if (c->m->core[i].timing)
			tlbi_one(c->m->core[i].timing, op1, crm, op2, vmid, xt);
}
