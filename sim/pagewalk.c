/*
 * pagewalk.c - the VMSAv8-64 translation table walk, stage 1 and stage 2.
 *
 * Re-derives what the hardware would have done for one access, to build the
 * fault syndrome Unicorn does not give: ARMv8.0 as ARM DDI 0487 describes it
 * in chapter D8 ("The AArch64 Virtual Memory System Architecture"; D5 or D4
 * in older issues) and in the pseudocode of AArch64.TranslationTableWalk(),
 * AArch64.CheckPermission() and AArch64.CheckS2Permission(). Section names
 * below are those of the chapter, which move less between issues than their
 * numbers.
 *
 * It is not a TLB and keeps nothing between calls. It never writes a
 * descriptor (ARMv8.0 has no hardware Access flag or dirty state update), and
 * ignores what does not decide whether an access faults: memory attributes,
 * shareability, the Contiguous hint, the Secure state and NSTable. No
 * extension after ARMv8.0 is modelled (no 52-bit addresses, PAN, VHE,
 * hierarchical permission disables, or extended execute-never).
 */
#include "pagewalk.h"

#include <string.h>

#define BIT(n)		(UINT64_C(1) << (n))

#define SCTLR_M		BIT(0)
#define SCTLR_WXN	BIT(19)

#define TCR_EPD0	BIT(7)
#define TCR_EPD1	BIT(23)
#define TCR_TBI0	BIT(37)
#define TCR_TBI1	BIT(38)
#define TCR_EL2_TBI	BIT(20)

#define DESC_VALID	BIT(0)
#define DESC_TABLE	BIT(1)		/* table; page at level 3 */
#define DESC_AP1	BIT(6)		/* stage 1: EL0 has access */
#define DESC_AP2	BIT(7)		/* stage 1: read-only */
#define DESC_S2AP_R	BIT(6)		/* stage 2: S2AP[0], reads allowed */
#define DESC_S2AP_W	BIT(7)		/* stage 2: S2AP[1], writes allowed */
#define DESC_AF		BIT(10)
#define DESC_PXN	BIT(53)
#define DESC_XN		BIT(54)		/* UXN in the EL1&0 regime */

#define TABLE_PXN	BIT(59)
#define TABLE_XN	BIT(60)		/* UXNTable in the EL1&0 regime */
#define TABLE_AP0	BIT(61)		/* APTable[0]: no EL0 access below */
#define TABLE_AP1	BIT(62)		/* APTable[1]: read-only below */
#define TABLE_LIMITS	(TABLE_PXN | TABLE_XN | TABLE_AP0 | TABLE_AP1)

/* ARMv8.0 bounds on TxSZ: 16 to 39. */
#define INPUTSIZE_MIN	25
#define INPUTSIZE_MAX	48

/* What one walk needs besides the tables' own registers. */
struct walker {
	walk_read64_fn read;
	void *ctx;
	const struct walk_stage2 *s2;	/* NULL when stage 2 is off */
	unsigned pa_bits;
};

/* One set of translation tables, as its control registers configure it. */
struct regime {
	unsigned grain;		/* log2 of the granule: 12, 14 or 16 */
	unsigned inputsize;	/* significant bits of the input address */
	int level;		/* initial lookup level */
	int firstblock;		/* lowest level that may hold a block */
	unsigned outputsize;	/* output addresses must fit in this */
	uint64_t ttb;		/* TTBRn_ELx or VTTBR_EL2 */
	bool stage2;
};

/* The block or page descriptor a walk ended on. */
struct leaf {
	uint64_t desc;		/* stage-1 table limits already folded in */
	uint64_t oa;
	int level;
};

struct perms {
	bool r, w, xn, user;
};

static bool stage2(const struct walker *w, uint64_t ipa,
		   enum walk_access access, bool s1ptw, uint64_t *pa,
		   struct walk_result *res);

/* Bits hi..lo of v, shifted down; 0 when the range is empty. */
static uint64_t field(uint64_t v, unsigned hi, unsigned lo)
{
	if (lo > hi)
		return 0;
	v >>= lo;
	return hi - lo >= 63 ? v : v & (BIT(hi - lo + 1) - 1);
}

/* A control register field: at most 6 bits wide. */
static unsigned reg_field(uint64_t reg, unsigned hi, unsigned lo)
{
	return (unsigned)field(reg, hi, lo);
}

/* Keeps bits 47..lo: where ARMv8.0 descriptors and TTBRs hold addresses. */
static uint64_t addr_bits(uint64_t v, unsigned lo)
{
	return v & (BIT(48) - BIT(lo));
}

static bool set_fault(struct walk_result *res, enum walk_fault fault,
		      int level, bool stage2)
{
	res->fault = fault;
	res->level = level;
	res->stage2 = stage2;
	return false;
}

/* log2 of the bytes one descriptor at this level maps. */
static unsigned level_shift(const struct regime *r, int level)
{
	return (unsigned)(3 - level) * (r->grain - 3) + r->grain;
}

/*
 * TG0 of TCR_ELx and VTCR_EL2. The reserved value 0b11 is read as 4KB, one
 * of the IMPLEMENTATION DEFINED choices the ARM ARM allows; so is 0b00 of
 * TG1, whose encoding differs.
 */
static unsigned tg0_grain(unsigned tg)
{
	static const unsigned grain[4] = { 12, 16, 14, 12 };

	return grain[tg];
}

static unsigned tg1_grain(unsigned tg)
{
	static const unsigned grain[4] = { 12, 14, 12, 16 };

	return grain[tg];
}

/*
 * IPS/PS: an output size larger than the implemented PA size acts as the PA
 * size ("Address size configuration"). The reserved encodings are read as
 * 48 bits, the largest ARMv8.0 size.
 */
static unsigned ps_bits(unsigned ps, unsigned pa_bits)
{
	static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };

	return bits[ps] < pa_bits ? bits[ps] : pa_bits;
}

static bool inputsize_ok(unsigned inputsize)
{
	return inputsize >= INPUTSIZE_MIN && inputsize <= INPUTSIZE_MAX;
}

/*
 * The top bit of the address proper (AddrTop()): 55 when the top byte is
 * ignored. In the EL1&0 regime bit 55 picks TBI0 or TBI1 even when tagged.
 */
static unsigned addr_top(const struct walk_stage1 *s1, uint64_t va)
{
	uint64_t tbi;

	if (s1->el2_regime)
		tbi = s1->tcr & TCR_EL2_TBI;
	else
		tbi = s1->tcr & (field(va, 55, 55) ? TCR_TBI1 : TCR_TBI0);
	return tbi ? 55 : 63;
}

/*
 * Selects the stage-1 tables for va. False means the level 0 Translation
 * fault of "Selection between TTBR0 and TTBR1": va is in neither range, or
 * its range has walks disabled (EPDn). A TxSZ outside 16..39 faults the same
 * way, one of the CONSTRAINED UNPREDICTABLE choices.
 */
static bool s1_regime(const struct walk_stage1 *s1, uint64_t va,
		      unsigned pa_bits, struct regime *r)
{
	unsigned top = addr_top(s1, va);
	bool upper = !s1->el2_regime && field(va, top, top);
	uint64_t tcr = s1->tcr;
	unsigned stride;
	bool epd;

	if (upper) {
		r->inputsize = 64 - reg_field(tcr, 21, 16);
		r->grain = tg1_grain(reg_field(tcr, 31, 30));
		r->ttb = s1->ttbr1;
		epd = tcr & TCR_EPD1;
	} else {
		r->inputsize = 64 - reg_field(tcr, 5, 0);
		r->grain = tg0_grain(reg_field(tcr, 15, 14));
		r->ttb = s1->ttbr0;
		epd = !s1->el2_regime && (tcr & TCR_EPD0);
	}
	if (!inputsize_ok(r->inputsize) || epd ||
	    field(upper ? ~va : va, top, r->inputsize))
		return false;
	/* As many levels as it takes to resolve inputsize bits. */
	stride = r->grain - 3;
	r->level = 4 - (int)((r->inputsize - r->grain + stride - 1) / stride);
	r->firstblock = r->grain == 12 ? 1 : 2;
	r->outputsize = ps_bits(s1->el2_regime ? reg_field(tcr, 18, 16) :
				reg_field(tcr, 34, 32), pa_bits);
	r->stage2 = false;
	return true;
}

/*
 * ARMv8.0 limits the stage-2 initial level by the PA size, and level 0 only
 * exists for the 4KB granule (AArch64.TranslationTableWalk()).
 */
static bool s2_level_ok(const struct regime *r, unsigned pa_bits)
{
	int lowest = r->grain == 12 ? 0 : 1;
	unsigned pa_needed = r->grain == 14 ? 40 : 42;

	return r->level >= lowest &&
	       (r->level > lowest || pa_bits > pa_needed);
}

/*
 * Stage-2 tables for ipa. The initial level comes from SL0 and may
 * concatenate 2 to 16 tables ("Concatenated translation tables for the
 * initial stage 2 lookup"); anything outside that, an IPA beyond T0SZ, or a
 * T0SZ larger than the PA size (CONSTRAINED UNPREDICTABLE, we fault) is a
 * level 0 Translation fault.
 */
static bool s2_regime(const struct walk_stage2 *s2, uint64_t ipa,
		      unsigned pa_bits, struct regime *r)
{
	uint64_t vtcr = s2->vtcr;
	int entries_log2;

	r->inputsize = 64 - reg_field(vtcr, 5, 0);
	r->grain = tg0_grain(reg_field(vtcr, 15, 14));
	r->level = (r->grain == 12 ? 2 : 3) - (int)reg_field(vtcr, 7, 6);
	r->firstblock = r->grain == 12 ? 1 : 2;
	r->outputsize = ps_bits(reg_field(vtcr, 18, 16), pa_bits);
	r->ttb = s2->vttbr;
	r->stage2 = true;
	if (!inputsize_ok(r->inputsize) || r->inputsize > pa_bits ||
	    !s2_level_ok(r, pa_bits))
		return false;
	/* From 2 entries up to 16 whole tables at the initial level. */
	entries_log2 = (int)r->inputsize - (int)level_shift(r, r->level);
	return entries_log2 >= 1 && entries_log2 <= (int)r->grain + 1 &&
	       field(ipa, 63, r->inputsize) == 0;
}

/*
 * Reads the descriptor at addr. Under stage 2 a stage-1 table address is an
 * IPA, translated as a read whatever the access; a fault there is stage 2's,
 * with S1PTW set (AArch64.SecondStageWalk()).
 */
static bool read_desc(const struct walker *w, const struct regime *r,
		      uint64_t addr, int level, uint64_t *desc,
		      struct walk_result *res)
{
	uint64_t pa = addr;

	if (!r->stage2 && w->s2 && !stage2(w, addr, WALK_READ, true, &pa, res))
		return false;
	if (!w->read(w->ctx, pa, desc)) {
		res->pa = pa;
		return set_fault(res, WALK_FAULT_EXTERNAL, level, r->stage2);
	}
	return true;
}

/*
 * Table limits only ever take permissions away ("Hierarchical control of
 * data access permissions", "... of instruction access permissions").
 */
static uint64_t apply_table_limits(uint64_t desc, uint64_t limits)
{
	if (limits & TABLE_AP1)
		desc |= DESC_AP2;
	if (limits & TABLE_AP0)
		desc &= ~DESC_AP1;
	if (limits & TABLE_XN)
		desc |= DESC_XN;
	if (limits & TABLE_PXN)
		desc |= DESC_PXN;
	return desc;
}

/*
 * Walks from the initial level to a block or page. The fault order is the
 * pseudocode's: Translation (invalid or reserved descriptor, block not
 * allowed at this level), then Address size, then Access flag.
 */
static bool lookup(const struct walker *w, const struct regime *r,
		   uint64_t ia, struct leaf *leaf, struct walk_result *res)
{
	unsigned top = r->inputsize - 1, shift;
	uint64_t table, desc, limits = 0;
	int level = r->level;

	if (field(r->ttb, 47, r->outputsize))
		return set_fault(res, WALK_FAULT_ADDRESS_SIZE, 0, r->stage2);
	table = addr_bits(r->ttb, 3 + r->inputsize - level_shift(r, level));
	for (;;) {
		shift = level_shift(r, level);
		if (!read_desc(w, r, table | field(ia, top, shift) << 3, level,
			       &desc, res))
			return false;
		if (!(desc & DESC_VALID) ||
		    (level == 3 && !(desc & DESC_TABLE)))
			return set_fault(res, WALK_FAULT_TRANSLATION, level,
					 r->stage2);
		if (level == 3 || !(desc & DESC_TABLE))
			break;
		if (field(desc, 47, r->outputsize))
			return set_fault(res, WALK_FAULT_ADDRESS_SIZE, level,
					 r->stage2);
		table = addr_bits(desc, r->grain);
		limits |= desc & TABLE_LIMITS;
		top = shift - 1;
		level++;
	}
	if (level < r->firstblock)
		return set_fault(res, WALK_FAULT_TRANSLATION, level, r->stage2);
	if (field(desc, 47, r->outputsize))
		return set_fault(res, WALK_FAULT_ADDRESS_SIZE, level,
				 r->stage2);
	if (!(desc & DESC_AF))
		return set_fault(res, WALK_FAULT_ACCESS_FLAG, level, r->stage2);
	/* Stage 2 table descriptors have no limit bits: they are RES0. */
	leaf->desc = r->stage2 ? desc : apply_table_limits(desc, limits);
	leaf->oa = addr_bits(desc, shift) | field(ia, shift - 1, 0);
	leaf->level = level;
	return true;
}

/*
 * Stage-1 permissions at the privilege of the access
 * (AArch64.CheckPermission()). ARMv8.0 lets EL0 execute where it cannot
 * read (AP[2:1] = 0b00 with UXN = 0).
 */
static struct perms s1_perms(const struct walk_stage1 *s1, uint64_t desc,
			     bool unprivileged)
{
	bool wxn = s1->sctlr & SCTLR_WXN;
	bool ro = desc & DESC_AP2;
	struct perms p = { .r = true, .w = !ro };

	if (s1->el2_regime) {
		/* One privilege level: AP[1] is RES1 and PXN RES0. */
		p.xn = (desc & DESC_XN) || (p.w && wxn);
		return p;
	}
	p.user = desc & DESC_AP1;
	if (unprivileged) {
		p.r = p.user;
		p.w = p.user && !ro;
		p.xn = (desc & DESC_XN) || (p.w && wxn);
	} else {
		/*
		 * Memory EL0 can write is never executable at EL1, whatever
		 * PXN says ("Instruction access permissions").
		 */
		p.xn = (desc & DESC_PXN) || (p.w && wxn) || (p.user && !ro);
	}
	return p;
}

/*
 * Stage 2 has S2AP read and write bits and, in ARMv8.0, a single XN bit
 * (AArch64.CheckS2Permission()).
 */
static struct perms s2_perms(uint64_t desc)
{
	struct perms p = {
		.r = desc & DESC_S2AP_R,
		.w = desc & DESC_S2AP_W,
		.xn = desc & DESC_XN,
	};

	return p;
}

static bool allows(const struct perms *p, enum walk_access access)
{
	switch (access) {
	case WALK_FETCH:
		return !p->xn;
	case WALK_WRITE:
		return p->w;
	default:
		return p->r;
	}
}

static bool s2_lookup(const struct walker *w, uint64_t ipa,
		      enum walk_access access, struct leaf *leaf,
		      struct walk_result *res)
{
	struct regime r;
	struct perms p;

	if (!s2_regime(w->s2, ipa, w->pa_bits, &r))
		return set_fault(res, WALK_FAULT_TRANSLATION, 0, true);
	if (!lookup(w, &r, ipa, leaf, res))
		return false;
	p = s2_perms(leaf->desc);
	if (!allows(&p, access))
		return set_fault(res, WALK_FAULT_PERMISSION, leaf->level, true);
	return true;
}

/* A stage-2 fault reports the IPA that faulted: HPFAR_EL2 needs it. */
static bool stage2(const struct walker *w, uint64_t ipa,
		   enum walk_access access, bool s1ptw, uint64_t *pa,
		   struct walk_result *res)
{
	struct leaf leaf;

	if (!s2_lookup(w, ipa, access, &leaf, res)) {
		res->s1ptw = s1ptw;
		res->ipa = ipa;
		return false;
	}
	*pa = leaf.oa;
	return true;
}

/*
 * With stage 1 off the VA is the output once any ignored top byte is
 * dropped; bits at or above the PA size give a level 0 Address size fault.
 * No permission applies (AArch64.TranslateAddressS1Off()).
 */
static bool stage1_off(const struct walk_stage1 *s1,
		       const struct walk_request *req, uint64_t *ipa,
		       struct walk_result *res)
{
	if (field(req->va, addr_top(s1, req->va), req->pa_bits))
		return set_fault(res, WALK_FAULT_ADDRESS_SIZE, 0, false);
	*ipa = field(req->va, req->pa_bits - 1, 0);
	res->s1_writable = true;
	res->s1_user = !s1->el2_regime;
	res->s1_global = true;
	return true;
}

/*
 * The stage-1 permissions reported on success are those seen at the
 * privilege of the request, after table limits, WXN and the EL0-writable
 * rule; s1_user says whether EL0 has data access to the page at all.
 */
static bool stage1(const struct walker *w, const struct walk_stage1 *s1,
		   const struct walk_request *req, uint64_t *ipa,
		   struct walk_result *res)
{
	struct regime r;
	struct leaf leaf;
	struct perms p;

	if (!(s1->sctlr & SCTLR_M))
		return stage1_off(s1, req, ipa, res);
	if (!s1_regime(s1, req->va, req->pa_bits, &r))
		return set_fault(res, WALK_FAULT_TRANSLATION, 0, false);
	if (!lookup(w, &r, req->va, &leaf, res))
		return false;
	p = s1_perms(s1, leaf.desc, req->unprivileged);
	if (!allows(&p, req->access))
		return set_fault(res, WALK_FAULT_PERMISSION, leaf.level, false);
	res->s1_writable = p.w;
	res->s1_user = p.user;
	res->s1_xn = p.xn;
	/* nG (bit 11) exists in the EL1&0 regime only (D8.3.x). */
	res->s1_global = s1->el2_regime || !(leaf.desc & (1ull << 11));
	*ipa = leaf.oa;
	return true;
}

bool walk_translate(const struct walk_stage1 *s1, const struct walk_stage2 *s2,
		    const struct walk_request *req, walk_read64_fn read,
		    void *ctx, struct walk_result *res)
{
	/* Stage 2 belongs to the EL1&0 regime only. */
	bool s2_on = s2 && s2->enabled && !s1->el2_regime;
	struct walker w = { read, ctx, s2_on ? s2 : NULL, req->pa_bits };
	uint64_t ipa;

	memset(res, 0, sizeof(*res));
	if (!stage1(&w, s1, req, &ipa, res))
		return false;
	res->ipa = ipa;
	if (w.s2)
		return stage2(&w, ipa, req->access, false, &res->pa, res);
	res->pa = ipa;
	return true;
}

unsigned walk_fault_status_code(const struct walk_result *res)
{
	/* ARMv8.0 DFSC/IFSC: the fault kind in bits [5:2], the level below. */
	static const unsigned kind[] = {
		[WALK_FAULT_ADDRESS_SIZE] = 0x00,
		[WALK_FAULT_TRANSLATION] = 0x04,
		[WALK_FAULT_ACCESS_FLAG] = 0x08,
		[WALK_FAULT_PERMISSION] = 0x0c,
		[WALK_FAULT_EXTERNAL] = 0x14,
	};

	return kind[res->fault] | (unsigned)res->level;
}
