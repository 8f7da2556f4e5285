/*
 * core.c - one simulated core: the run loop and everything the engine
 * reports (see core.h and docs/core.md).
 *
 * The loop: take a due asynchronous exception, bring the engine of the
 * current EL up to date (registers, the system registers it keeps a copy of,
 * its TLB), run it, save its state back, and handle why it stopped. Every
 * exception and exception return passes through here, which is where their
 * cost and their trace will be recorded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "exception.h"
#include "insn.h"
#include "ldst.h"
#include "machine.h"
#include "pagewalk.h"
#include "platform.h"
#include "semihost.h"
#include "syndrome.h"

uint64_t core_hcr(const struct core *c)
{
	return c->m->has_el2 ? c->sr[SR_HCR_EL2] : 0;
}

/* ------------------------------------------------------------ traps */

/*
 * Encodings the trap controls below name (ARM DDI 0487 C5, "The A64 System
 * Instruction Class"), all of ARMv8.0: an encoding this core does not
 * implement is UNDEFINED, not trapped (DC CVAP, say, of ARMv8.2).
 */
#define ENC_CTR_EL0     SYSREG_ENC(3, 3, 0, 0, 1)
#define ENC_REVIDR_EL1  SYSREG_ENC(3, 0, 0, 0, 6)
#define ENC_CCSIDR_EL1  SYSREG_ENC(3, 1, 0, 0, 0)
#define ENC_CLIDR_EL1   SYSREG_ENC(3, 1, 0, 0, 1)
#define ENC_AIDR_EL1    SYSREG_ENC(3, 1, 0, 0, 7)
#define ENC_DAIF        SYSREG_ENC(3, 3, 4, 2, 1)
#define ENC_MDRAR_EL1   SYSREG_ENC(2, 0, 1, 0, 0)
#define ENC_OSLAR_EL1   SYSREG_ENC(2, 0, 1, 0, 4)
#define ENC_OSLSR_EL1   SYSREG_ENC(2, 0, 1, 1, 4)
#define ENC_OSDLR_EL1   SYSREG_ENC(2, 0, 1, 3, 4)
#define ENC_DBGPRCR_EL1 SYSREG_ENC(2, 0, 1, 4, 4)
#define ENC_IC_IALLUIS  SYSREG_ENC(1, 0, 7, 1, 0)
#define ENC_IC_IALLU    SYSREG_ENC(1, 0, 7, 5, 0)
#define ENC_IC_IVAU     SYSREG_ENC(1, 3, 7, 5, 1)
#define ENC_DC_IVAC     SYSREG_ENC(1, 0, 7, 6, 1)
#define ENC_DC_ISW      SYSREG_ENC(1, 0, 7, 6, 2)
#define ENC_DC_CSW      SYSREG_ENC(1, 0, 7, 10, 2)
#define ENC_DC_CISW     SYSREG_ENC(1, 0, 7, 14, 2)
#define ENC_DC_ZVA      SYSREG_ENC(1, 3, 7, 4, 1)
#define ENC_DC_CVAC     SYSREG_ENC(1, 3, 7, 10, 1)
#define ENC_DC_CVAU     SYSREG_ENC(1, 3, 7, 11, 1)
#define ENC_DC_CIVAC    SYSREG_ENC(1, 3, 7, 14, 1)
#define ENC_ID_AA64DFR0 SYSREG_ENC(3, 0, 0, 5, 0)

/*
 * The lowest EL that may use an encoding, by the convention its op1 field
 * follows: 3 for EL0, 4 and 5 for EL2, 6 and 7 for EL3, the others for EL1.
 * Below that EL an access is UNDEFINED, whatever the trap controls say.
 */
static unsigned encoding_min_el(uint32_t enc)
{
	static const unsigned min_el[8] = { 1, 1, 1, 0, 2, 2, 3, 3 };

	return min_el[SYSREG_OP1(enc)];
}

/* MSR DAIFSet/DAIFClr, #imm (op0 0, op1 3, CRn 4, op2 6/7; CRm is the immediate). */
static bool is_msr_daif_imm(uint32_t enc)
{
	return SYSREG_OP0(enc) == 0 && SYSREG_OP1(enc) == 3 && SYSREG_CRN(enc) == 4 &&
	       (SYSREG_OP2(enc) == 6 || SYSREG_OP2(enc) == 7);
}

/*
 * SCTLR_EL1's controls of EL0: with UCT clear it traps CTR_EL0; with DZE
 * clear, DC ZVA; with UCI clear, cache maintenance by VA to the PoU or the
 * PoC; with UMA clear, DAIF and MSR DAIFSet/DAIFClr (ARM DDI 0487,
 * SCTLR_EL1). The trap is taken to EL1, or to EL2 under HCR_EL2.TGE, which
 * leaves these controls in force at EL0 (only {E2H, TGE} = {1, 1} would not).
 */
static bool el0_trapped(const struct core *c, uint32_t enc)
{
	uint64_t sctlr = c->sr[SR_SCTLR_EL1];

	if (c->el != 0)
		return false;
	if (is_msr_daif_imm(enc))
		return !(sctlr & SCTLR_UMA);
	switch (enc) {
	case ENC_CTR_EL0:
		return !(sctlr & SCTLR_UCT);
	case ENC_DC_ZVA:
		return !(sctlr & SCTLR_DZE);
	case ENC_DC_CVAU:
	case ENC_DC_CVAC:
	case ENC_DC_CIVAC:
	case ENC_IC_IVAU:
		return !(sctlr & SCTLR_UCI);
	case ENC_DAIF:
		return !(sctlr & SCTLR_UMA);
	}
	return false;
}

/*
 * Whether an op0 = 2 encoding is one of the ARMv8.0 debug registers of EL1
 * and EL0 (ARM DDI 0487, the AArch64 debug registers), breakpoints and
 * watchpoints up to the numbers ID_AA64DFR0_EL1 gives (BRPs, WRPs).
 */
static bool is_debug_reg(const struct core *c, uint32_t enc)
{
	uint64_t dfr0;
	unsigned crm = SYSREG_CRM(enc), op2 = SYSREG_OP2(enc);

	if (SYSREG_OP1(enc) == 3)               /* MDCCSR_EL0, DBGDTR_EL0, DBGDTRRX/TX_EL0 */
		return SYSREG_CRN(enc) == 0 && op2 == 0 && (crm == 1 || crm == 4 || crm == 5);
	if (SYSREG_OP1(enc) != 0)
		return false;
	switch (SYSREG_CRN(enc)) {
	case 0:
		if (op2 == 0)           /* MDCCINT_EL1 */
			return crm == 2;
		if (op2 == 2)           /* OSDTRRX_EL1, MDSCR_EL1, OSDTRTX_EL1, OSECCR_EL1 */
			return crm == 0 || crm == 2 || crm == 3 || crm == 6;
		if (op2 < 4)
			return false;
		dfr0 = engine_sysreg_read(c->engine[c->el], ENC_ID_AA64DFR0);
		if (op2 < 6)            /* DBGBVR<n>_EL1, DBGBCR<n>_EL1 */
			return crm <= ((dfr0 >> 12) & 15);
		return crm <= ((dfr0 >> 20) & 15);     /* DBGWVR<n>_EL1, DBGWCR<n>_EL1 */
	case 1:         /* MDRAR_EL1, OSLAR_EL1, OSLSR_EL1, OSDLR_EL1, DBGPRCR_EL1 */
		return (crm == 0 && (op2 == 0 || op2 == 4)) ||
		       (op2 == 4 && (crm == 1 || crm == 3 || crm == 4));
	case 7:         /* DBGCLAIMSET_EL1, DBGCLAIMCLR_EL1, DBGAUTHSTATUS_EL1 */
		return op2 == 6 && (crm == 8 || crm == 9 || crm == 14);
	}
	return false;
}

/*
 * The debug registers MDCR_EL2 traps from EL1 and EL0: MDRAR_EL1 by TDRA,
 * the OS lock and power-down registers by TDOSA, the others by TDA. TDE
 * implies all three, and HCR_EL2.TGE implies TDE (ARM DDI 0487, MDCR_EL2).
 */
static bool debug_trapped(const struct core *c, uint32_t enc)
{
	uint64_t mdcr = c->sr[SR_MDCR_EL2] | ((core_hcr(c) & HCR_TGE) ? MDCR_TDE : 0);

	if (!is_debug_reg(c, enc))
		return false;
	switch (enc) {
	case ENC_MDRAR_EL1:
		return mdcr & (MDCR_TDRA | MDCR_TDE);
	case ENC_OSLAR_EL1:
	case ENC_OSLSR_EL1:
	case ENC_OSDLR_EL1:
	case ENC_DBGPRCR_EL1:
		return mdcr & (MDCR_TDOSA | MDCR_TDE);
	}
	return mdcr & (MDCR_TDA | MDCR_TDE);
}

/* The ARMv8.0 TLBI operations of EL1 (C5.5): CRm 3 (Inner Shareable) or 7. */
static bool is_tlbi_el1(uint32_t enc)
{
	unsigned op2 = SYSREG_OP2(enc);

	return SYSREG_OP0(enc) == 1 && SYSREG_OP1(enc) == 0 && SYSREG_CRN(enc) == 8 &&
	       (SYSREG_CRM(enc) == 3 || SYSREG_CRM(enc) == 7) && op2 != 4 && op2 != 6;
}

/* ID group 3, which HCR_EL2.TID3 traps: op0 3, op1 0, CRn 0, CRm 1 to 7. */
static bool is_id_group3(uint32_t enc)
{
	return SYSREG_OP0(enc) == 3 && SYSREG_OP1(enc) == 0 && SYSREG_CRN(enc) == 0 &&
	       SYSREG_CRM(enc) >= 1 && SYSREG_CRM(enc) <= 7;
}

/*
 * The EL2 traps of EL1 and EL0 accesses (EC 0x18): HCR_EL2.TID1, TID2, TID3,
 * TACR, TSW, TPC, TPU, TTLB, TDZ, TVM and TRVM, CPTR_EL2.TCPAC and MDCR_EL2's
 * debug traps (ARM DDI 0487, HCR_EL2, CPTR_EL2, MDCR_EL2). Each traps an
 * access only where it is defined: from EL0, only an EL0 encoding (CTR_EL0
 * for TID2, DC CVAU and IC IVAU for TPU, ...); an EL1 one is UNDEFINED there.
 */
static bool el2_trapped(const struct core *c, uint32_t enc, bool read)
{
	uint64_t h = core_hcr(c);
	int id = sysreg_lookup(enc);

	if (!c->m->has_el2 || c->el > 1 || c->el < encoding_min_el(enc))
		return false;
	if (id == SR_CSSELR_EL1)
		return h & HCR_TID2;
	if (id == SR_ACTLR_EL1)
		return h & HCR_TACR;
	if (id == SR_CPACR_EL1)
		return c->sr[SR_CPTR_EL2] & CPTR_TCPAC;
	if (id >= 0 && (sysreg_desc[id].flags & SR_TVM))
		return h & (read ? HCR_TRVM : HCR_TVM);
	if (SYSREG_OP0(enc) == 2)
		return debug_trapped(c, enc);
	if (is_tlbi_el1(enc))
		return h & HCR_TTLB;
	if (is_id_group3(enc))
		return read && (h & HCR_TID3);
	switch (enc) {
	case ENC_CTR_EL0:
	case ENC_CCSIDR_EL1:
	case ENC_CLIDR_EL1:
		return read && (h & HCR_TID2);
	case ENC_REVIDR_EL1:
	case ENC_AIDR_EL1:
		return read && (h & HCR_TID1);
	case ENC_DC_ISW:
	case ENC_DC_CSW:
	case ENC_DC_CISW:
		return h & HCR_TSW;
	case ENC_DC_IVAC:
	case ENC_DC_CVAC:
	case ENC_DC_CIVAC:
		return h & HCR_TPC;
	case ENC_IC_IALLUIS:
	case ENC_IC_IALLU:
	case ENC_IC_IVAU:
	case ENC_DC_CVAU:
		return h & HCR_TPU;
	case ENC_DC_ZVA:
		return h & HCR_TDZ;
	}
	return false;
}

/*
 * Where an access from the current EL is trapped (EC 0x18), or -1: the EL0
 * controls of SCTLR_EL1 come first, then EL2's, as the pseudocode checks
 * them.
 */
static int access_trap(const struct core *c, uint32_t enc, bool read)
{
	if (el0_trapped(c, enc))
		return (int)exc_default_target(c);
	if (el2_trapped(c, enc, read))
		return 2;
	return -1;
}

/* ------------------------------------------------- system registers */

/* The value an engine must hold for register id (its copy, not the truth). */
static uint64_t pushed_value(const struct core *c, int id)
{
	uint64_t v = c->sr[id];

	if (id == SR_HCR_EL2) {
		/*
		 * The engines must not raise virtual interrupts themselves (the
		 * core delivers them at the right time), and EL1 is AArch64.
		 */
		v &= ~(HCR_VI | HCR_VF | HCR_VSE);
		v |= HCR_RW;
	}
	return v;
}

/* Brings engine el's copy of register id up to date; true if it changed. */
static bool push(struct core *c, unsigned el, int id)
{
	uint64_t v = pushed_value(c, id);

	if (c->shadow[el][id] == v)
		return false;
	engine_sysreg_write(c->engine[el], sysreg_desc[id].enc, v);
	c->shadow[el][id] = v;
	return true;
}

static void sync_engine(struct core *c, unsigned el)
{
	bool flush = c->tlb_epoch_seen[el] != c->m->tlb_epoch;

	for (int id = 0; id < SR_COUNT; id++)
		if ((sysreg_desc[id].push & (1u << el)) && push(c, el, id))
			flush |= (sysreg_desc[id].flags & SR_TLB) != 0;
	if (flush)
		engine_flush_tlb(c->engine[el]);
	c->tlb_epoch_seen[el] = c->m->tlb_epoch;
}

/*
 * AT S1E1*, S1E0* and S12E1* executed at EL2 translate in the EL1&0 regime,
 * with stage 2 for S12E1* (ARM DDI 0487, AT S1E1R, AT S12E1R): the EL2
 * engine, which performs them, gets those registers first. Its own
 * translation never reads them, so its TLB needs no flush.
 */
static void push_el10_regime(struct core *c)
{
	static const enum sysreg_id regime[] = {
		SR_SCTLR_EL1, SR_TCR_EL1, SR_TTBR0_EL1, SR_TTBR1_EL1, SR_MAIR_EL1,
		SR_HCR_EL2, SR_VTTBR_EL2, SR_VTCR_EL2,
	};

	for (unsigned i = 0; i < sizeof(regime) / sizeof(regime[0]); i++)
		push(c, 2, regime[i]);
}

static uint64_t read_owned(struct core *c, int id)
{
	/* With EL2, EL1 reads of MIDR_EL1/MPIDR_EL1 return VPIDR_EL2/VMPIDR_EL2
	 * (D13.2.86 MIDR_EL1, D13.2.89 MPIDR_EL1). */
	if (c->el == 1 && c->m->has_el2) {
		if (id == SR_MIDR_EL1)
			return c->sr[SR_VPIDR_EL2];
		if (id == SR_MPIDR_EL1)
			return c->sr[SR_VMPIDR_EL2];
	}
	if (id == SR_PAR_EL1 && c->par_in_engine >= 0) {
		c->sr[id] = engine_sysreg_read(c->engine[c->par_in_engine], sysreg_desc[id].enc);
		c->par_in_engine = -1;
	}
	return c->sr[id];
}

/*
 * What a register keeps of a value written to it, as QEMU keeps it: VBAR_ELx
 * drops bits [4:0] (bits [10:5] are RES0 as well, and exc_take ignores
 * them), CSSELR_EL1 keeps InD and Level (bits [3:0]).
 */
static uint64_t written_value(int id, uint64_t value)
{
	switch (id) {
	case SR_VBAR_EL1:
	case SR_VBAR_EL2:
		return value & ~0x1full;
	case SR_CSSELR_EL1:
		return value & 0xf;
	}
	return value;
}

static void write_owned(struct core *c, int id, uint64_t value)
{
	c->sr[id] = written_value(id, value);
	if (id == SR_PAR_EL1)
		c->par_in_engine = -1;
	/* A virtual interrupt may have become pending or been withdrawn. */
	if (id == SR_HCR_EL2)
		c->stop_requested = true;
}

static bool device_access(struct core *c, const struct sysreg_handler *h, bool read,
			  uint64_t *value)
{
	if (read)
		return h->read && h->read(h->opaque, c->id, c->el, value);
	return h->write && h->write(h->opaque, c->id, c->el, *value);
}

/*
 * SYS instructions: TLB maintenance and address translation (ARMv8.0: AT is
 * CRn 7, CRm 8) change state the core keeps, unless the engine refuses them.
 */
static bool on_sys_instruction(struct core *c, const struct engine_sysreg_access *a)
{
	unsigned crn = SYSREG_CRN(a->enc), crm = SYSREG_CRM(a->enc);

	if (c->el < encoding_min_el(a->enc) || access_trap(c, a->enc, a->read) >= 0)
		return false;
	if (crn == 8) {                 /* TLBI: every engine of every core drops its TLB */
		c->m->tlb_epoch++;
		if (c->timing)
			timing_tlbi(c, a->enc, a->value);
	} else if (crn == 7 && crm == 8) {      /* AT: PAR_EL1 is written there */
		if (c->el == 2)
			push_el10_regime(c);
		c->par_in_engine = (int)c->el;
	}
	return false;
}

static bool sysreg_access(struct core *c, struct engine_sysreg_access *a)
{
	int id;

	if (SYSREG_OP0(a->enc) == 1)
		return on_sys_instruction(c, a);
	id = sysreg_lookup(a->enc);
	if (id < 0) {
		const struct sysreg_handler *h = sysreg_find_handler(&c->m->sysreg_handlers, a->enc);

		if (!h || c->el < h->min_el || (h->trap && h->trap(h->opaque, c->id, c->el, a->read) >= 0) ||
		    !engine_has_sysreg(c->engine[c->el], a->enc))
			return false;
		return device_access(c, h, a->read, &a->value);
	}

	const struct sysreg_desc *d = &sysreg_desc[id];

	/*
	 * Accesses that are UNDEFINED or trapped are left to the engine, whose
	 * checks are the same (it holds copies of the controls: HCR_EL2,
	 * CPTR_EL2, MDCR_EL2, SCTLR_EL1): it stops precisely at the instruction
	 * and on_sysreg_udef() takes the exception.
	 */
	if (c->el < d->min_el || (!c->m->has_el2 && d->min_el == 2) ||
	    access_trap(c, a->enc, a->read) >= 0)
		return false;
	/*
	 * Unicorn decides these at translation, so serving one here would make
	 * it run off the block; it raises them itself.
	 */
	if (!a->read && ((d->flags & SR_RO) || (c->el == 0 && (d->flags & SR_EL0_RO))))
		return false;
	if (a->read) {
		a->value = read_owned(c, id);
		return true;
	}
	write_owned(c, id, a->value);
	/* A new translation regime: the timing model's last line may not hit. */
	if ((d->flags & SR_TLB) && c->timing)
		c->timing->last_line = ~0ull;
	if (d->push & (1u << c->el)) {
		/* The engine writes its own copy too (with its side effects). */
		c->shadow[c->el][id] = pushed_value(c, id);
		return false;
	}
	return true;
}

/* Handlers called from here may ask core_progress, which then asks the engine where it is. */
static bool on_sysreg(void *opaque, struct engine_sysreg_access *a)
{
	struct core *c = opaque;
	bool done;

	c->in_sysreg = true;
	done = sysreg_access(c, a);
	c->in_sysreg = false;
	return done;
}

/* ------------------------------------------------------- block hook */

static int fp_trap_target(const struct core *c);

#define FPCR_ENC        SYSREG_ENC(3, 3, 4, 4, 0)
#define FPSR_ENC        SYSREG_ENC(3, 3, 4, 4, 1)

/*
 * What scanning a block for FP/SIMD accesses found, kept per core: a block
 * runs again and again while a trap applies (a guest that never enables
 * FP leaves CPACR_EL1.FPEN trapping), and rescanning every instruction of
 * every block each time cost the simulator a quarter of its time. Entries
 * are forgotten with the engine's translations when code changes
 * (core_forget_code).
 */
#define FP_SCANS        4096    /* a power of two */

struct fp_scan {
	uint64_t pc;
	uint32_t size;                  /* 0: an empty slot */
	int32_t at;                     /* byte offset of the first FP/SIMD access; -1: none */
};

static bool is_fp_access(uint32_t word)
{
	struct insn in = insn_decode(word);

	return in.kind == INSN_FP ||
	       (in.kind == INSN_SYSREG && (in.enc == FPCR_ENC || in.enc == FPSR_ENC));
}

/*
 * The engine never traps FP/SIMD accesses itself (Unicorn 2.0.1 does not
 * implement CPACR_EL1.FPEN or CPTR_EL2.TFP), so while a trap applies at the
 * current EL each block is scanned before it runs; the first FP/SIMD access
 * becomes the point where the core stops and takes the trap.
 */
static bool find_fp_access(struct core *c, uint64_t pc, uint32_t size)
{
	const struct phys_mem *m = &c->m->mem;
	struct fp_scan *s = &c->fp_scans[((pc >> 2) ^ size) & (FP_SCANS - 1)];

	if (fp_trap_target(c) < 0 || !mem_is_ram(m, pc, size))
		return false;
	if (s->pc != pc || s->size != size) {
		const uint32_t *w = mem_ram_ptr(m, pc);

		*s = (struct fp_scan){ .pc = pc, .size = size, .at = -1 };
		for (uint32_t off = 0; off < size; off += 4, w++)
			if (is_fp_access(*w)) {
				s->at = (int32_t)off;
				break;
			}
	}
	if (s->at < 0)
		return false;
	c->fp_trap_at = pc + (uint32_t)s->at;
	return true;
}

static bool on_block(void *opaque, uint64_t pc, uint32_t size)
{
	struct core *c = opaque;
	unsigned target;

	if (c->cycles >= c->budget_end || c->icount >= c->icount_end || c->stop_requested)
		return false;
	if ((c->lines || c->bus_error || (core_hcr(c) & (HCR_VI | HCR_VF | HCR_VSE))) &&
	    exc_async_pending(c, engine_read_pstate(c->engine[c->el]), &target) >= 0)
		return false;
	if (find_fp_access(c, pc, size))
		return false;
	c->block_pc = pc;
	c->block_size = size;
	c->icount += size / 4;
	c->icount_el[c->el] += size / 4;
	/* Functional mode: one cycle per instruction. */
	core_charge(c, c->timing ? timing_block(c, pc, size) : size / 4);
	return true;
}

/* The instructions of the block the engine entered last from pc to its end. */
static uint64_t block_rest(const struct core *c, uint64_t pc)
{
	uint64_t end = c->block_pc + c->block_size;

	return pc >= c->block_pc && pc < end ? (end - pc) / 4 : 0;
}

/*
 * The engine counted a whole block when it entered it; an exception inside
 * the block means the instructions from pc on did not retire.
 */
static void uncount_from(struct core *c, uint64_t pc)
{
	uint64_t n = block_rest(c, pc);

	if (n) {
		c->icount -= n;
		c->icount_el[c->el] -= n;
		/* The timing model charged the block as a whole; the trap's own
		 * cost stands for the work thrown away. */
		if (!c->timing) {
			c->cycles -= n;
			c->run_cycles_el[c->el] -= n;
		}
		/* A clock change made inside the block (DVFS) dates from its end. */
		if (c->clock_base_cycles > c->cycles)
			c->clock_base_cycles = c->cycles;
	}
}

/*
 * An instruction the engine stopped at (uncount_from took it back with the
 * rest of its block) and the core performed instead: it retires.
 */
static void retire(struct core *c)
{
	c->icount++;
	c->icount_el[c->el]++;
	if (!c->timing)
		core_charge(c, 1);
	c->r.pc += 4;
}

/*
 * The engine cannot stop precisely inside a device access, so an access
 * to nothing, or one a device refuses, is reported as an asynchronous
 * External abort (SError), which the architecture permits (D1.13.1), once
 * the instruction is done. One pending SError covers an access the engine
 * split in pieces (it issues wider than 4-byte device accesses as 4-byte ones).
 */
void core_external_abort(struct core *c, uint64_t pa)
{
	if (c->bus_error)
		return;
	c->bus_error = true;
	c->bus_error_pa = pa;
	c->stop_requested = true;
	c->m->stats.bus_errors++;
}

static void on_bus_error(void *opaque, uint64_t pa, bool write)
{
	(void)write;
	core_external_abort(opaque, pa);
}

static void on_data_access(void *opaque, uint64_t va, unsigned size, bool write)
{
	struct core *c = opaque;

	/* Fast-forwarding: watched, but not yet timed. */
	if (c->timing)
		core_charge(c, timing_data_access(c, va, size, write));
}

/* ------------------------------------------------ fault diagnosis */

bool core_walk(struct core *c, uint64_t va, enum walk_access acc, bool unprivileged,
	       walk_read64_fn read, void *ctx, struct walk_result *res)
{
	struct walk_stage1 s1;
	struct walk_stage2 s2 = { .enabled = false };
	struct walk_request req = {
		.va = va, .access = acc, .unprivileged = unprivileged, .pa_bits = PLAT_PA_BITS,
	};

	if (c->el == 2) {
		s1 = (struct walk_stage1){
			.el2_regime = true, .sctlr = c->sr[SR_SCTLR_EL2],
			.tcr = c->sr[SR_TCR_EL2], .ttbr0 = c->sr[SR_TTBR0_EL2],
		};
	} else {
		s1 = (struct walk_stage1){
			.sctlr = c->sr[SR_SCTLR_EL1], .tcr = c->sr[SR_TCR_EL1],
			.ttbr0 = c->sr[SR_TTBR0_EL1], .ttbr1 = c->sr[SR_TTBR1_EL1],
		};
		/* With TGE set, the EL1&0 stage 1 behaves as disabled for EL0. */
		if (core_hcr(c) & HCR_TGE)
			s1.sctlr &= ~SCTLR_M;
		s2 = (struct walk_stage2){
			.enabled = (core_hcr(c) & HCR_VM) != 0,
			.vttbr = c->sr[SR_VTTBR_EL2], .vtcr = c->sr[SR_VTCR_EL2],
		};
	}
	return walk_translate(&s1, &s2, &req, read, ctx, res);
}

/* Walks the translation regime of the current EL for va, to name a fault. */
static bool walk(struct core *c, uint64_t va, enum walk_access acc, bool unpriv,
		 struct walk_result *res)
{
	return core_walk(c, va, acc, unpriv, mem_read_desc, &c->m->mem, res);
}

/*
 * Delivers an abort found by the walk: a stage-2 fault goes to EL2 with
 * HPFAR_EL2; a stage-1 fault to the EL that owns the regime.
 */
static void take_abort(struct core *c, bool fetch, uint64_t va, uint32_t insn_iss,
		       const struct walk_result *res, bool external)
{
	unsigned fsc = external ? FSC_SYNC_EXTERNAL : walk_fault_status_code(res);
	bool s1ptw = !external && res->s1ptw;
	unsigned target = (!external && res->stage2) ? 2 : exc_default_target(c);
	bool same = target == c->el;
	uint32_t esr;

	/* As QEMU reports it: the instruction syndrome only for aborts taken
	 * to EL2, and never for a fault on a stage-1 table walk. */
	if (target != 2 || s1ptw)
		insn_iss &= ~((1u << 24) | (0x3ffu << 14));
	esr = fetch ? syn_insn_abort(same, fsc, s1ptw, false)
		    : syn_data_abort(same, insn_iss, fsc, s1ptw, external);
	if (!external && res->stage2)
		c->sr[SR_HPFAR_EL2] = (res->ipa >> 12) << 4;
	/*
	 * The engine's own walk read that descriptor from the hole too, which
	 * left an SError pending for it: this abort is the one report of it.
	 */
	if (!external && res->fault == WALK_FAULT_EXTERNAL && c->bus_error &&
	    (c->bus_error_pa & ~7ull) == res->pa)
		c->bus_error = false;
	exc_take(c, EXC_SYNC, target, esr, true, va, c->r.pc);
}

static bool fetch_insn(struct core *c, uint64_t pc, uint32_t *insn)
{
	return mem_read(&c->m->mem, pc, insn, sizeof(*insn));
}

static void on_prefetch_abort(struct core *c, uint64_t pc, bool hole)
{
	struct walk_result res;

	if (!walk(c, pc, WALK_FETCH, c->el == 0, &res)) {
		take_abort(c, true, pc, 0, &res, false);
		return;
	}
	if (hole) {
		take_abort(c, true, pc, 0, &res, true);
		return;
	}
	core_stop(c, "the engine reported an instruction abort the translation tables do not explain");
}

static void on_data_abort(struct core *c)
{
	struct ldst_info li;
	struct walk_result res;
	uint32_t insn;
	uint64_t va, sp = c->r.sp[(c->r.pstate & PSR_SPSEL) ? c->el : 0];

	if (!fetch_insn(c, c->r.pc, &insn) || !ldst_decode(insn, &li)) {
		core_stop(c, "the engine reported a data abort on an instruction that is not a load or store");
		return;
	}
	va = ldst_address(&li, c->r.x, sp, c->r.pc);
	if (!walk(c, va, li.is_store ? WALK_WRITE : WALK_READ,
		  c->el == 0 || li.unprivileged, &res)) {
		take_abort(c, false, va, ldst_abort_iss(&li), &res, false);
		return;
	}
	/* Translation allowed the access, so the engine faulted on alignment:
	 * exclusives and load-acquire/store-release must be aligned (B2.5.2). */
	if ((li.exclusive || li.acq_rel) && (va & (li.size - 1))) {
		uint32_t esr = syn_data_abort(exc_default_target(c) == c->el,
					      ldst_abort_iss(&li) & ~((1u << 24) | (0x3ffu << 14)),
					      FSC_ALIGNMENT, false, false);

		exc_take_sync(c, esr, true, va, c->r.pc);
		return;
	}
	core_stop(c, "the engine reported a data abort the translation tables do not explain");
}

/* ----------------------------------------------------- trapped insns */

/*
 * The FP/SIMD access traps, CPACR_EL1.FPEN then CPTR_EL2.TFP (D13.2.30,
 * D13.2.31): returns the EL the access traps to, or -1.
 */
static int fp_trap_target(const struct core *c)
{
	unsigned fpen = (c->sr[SR_CPACR_EL1] >> CPACR_FPEN_SHIFT) & 3;

	if (c->el <= 1 && !(c->el == 0 && (core_hcr(c) & HCR_TGE))) {
		if (fpen == 0 || fpen == 2 || (fpen == 1 && c->el == 0))
			return 1;
	}
	if (c->m->has_el2 && (c->sr[SR_CPTR_EL2] & CPTR_TFP))
		return 2;
	return -1;
}

/*
 * A system register access or SYS instruction the engine refused: a
 * register of a device the engine does not know (performed here), a trap
 * (a device's own rule, else access_trap()), or UNDEFINED.
 */
static void on_sysreg_udef(struct core *c, const struct insn *in)
{
	const struct sysreg_handler *dev = sysreg_find_handler(&c->m->sysreg_handlers, in->enc);
	int dev_trap = dev && dev->trap && c->el >= dev->min_el ?
		       dev->trap(dev->opaque, c->id, c->el, in->read) : -1;
	int target;

	/* A device register the engine does not know: the access happens here. */
	if (dev && c->el >= dev->min_el && dev_trap < 0) {
		uint64_t value = in->rt == 31 ? 0 : c->r.x[in->rt];

		if (device_access(c, dev, in->read, &value)) {
			if (in->read && in->rt != 31)
				c->r.x[in->rt] = value;
			retire(c);
			return;
		}
	}
	/* A device's trap to EL1 becomes EL2's under HCR_EL2.TGE, as any. */
	if (dev_trap >= 0)
		target = dev_trap == 1 ? (int)exc_default_target(c) : dev_trap;
	else
		target = access_trap(c, in->enc, in->read);
	if (target < 0) {
		exc_take_sync(c, syn_uncategorized(), false, 0, c->r.pc);
		return;
	}
	exc_take(c, EXC_SYNC, (unsigned)target, syn_sysreg(in->enc, in->rt, in->read), false, 0,
		 c->r.pc);
}

/*
 * A WFI/WFE the engine trapped: to EL1 from EL0 (SCTLR_EL1.nTWx clear) or
 * to EL2 (HCR_EL2.TWx), as D1.16.2 orders them. A WFI the engine does not
 * trap halts it instead (ENGINE_EXIT_WFI); a WFE completes at once, which
 * the architecture allows (D1.16.1).
 */
static void on_wfx(struct core *c, bool is_wfe)
{
	uint64_t h = core_hcr(c);

	if (c->el == 0 && !(h & HCR_TGE) &&
	    !(c->sr[SR_SCTLR_EL1] & (is_wfe ? SCTLR_NTWE : SCTLR_NTWI))) {
		exc_take(c, EXC_SYNC, 1, syn_wfx(is_wfe), false, 0, c->r.pc);
		return;
	}
	if (c->el <= 1 && (h & (is_wfe ? HCR_TWE : HCR_TWI))) {
		exc_take(c, EXC_SYNC, 2, syn_wfx(is_wfe), false, 0, c->r.pc);
		return;
	}
	retire(c);
	/* WFE may complete at once (D1.16.1); WFI waits for an interrupt. */
	if (!is_wfe)
		core_wait_for_interrupt(c);
}

static void on_semihosting(struct core *c)
{
	uint64_t ret;
	int code;

	c->m->semihost.ctx = c;
	if (semihost_call(&c->m->semihost, (uint32_t)c->r.x[0], c->r.x[1], &ret, &code) ==
	    SEMIHOST_EXIT) {
		machine_exit(c->m, code);
		return;
	}
	c->r.x[0] = ret;
	retire(c);
}

static void on_udef(struct core *c)
{
	uint32_t word;
	struct insn in;

	if (c->r.pc & 3) {
		exc_take_sync(c, syn_pc_alignment(), true, c->r.pc, c->r.pc);
		return;
	}
	if (!fetch_insn(c, c->r.pc, &word)) {
		exc_take_sync(c, syn_uncategorized(), false, 0, c->r.pc);
		return;
	}
	in = insn_decode(word);
	switch (in.kind) {
	case INSN_WFI:
	case INSN_WFE:
		on_wfx(c, in.kind == INSN_WFE);
		return;
	case INSN_HLT:
		if (in.imm == SEMIHOSTING_HLT_IMM && c->el >= 1 &&
		    c->el >= c->m->cfg.semihosting_min_el) {
			on_semihosting(c);
			return;
		}
		break;
	case INSN_SYSREG:
		on_sysreg_udef(c, &in);
		return;
	default:
		break;
	}
	exc_take_sync(c, syn_uncategorized(), false, 0, c->r.pc);
}

/* The instruction before pc (SVC, HVC and SMC stop with pc past them). */
static uint16_t imm_before(struct core *c, uint64_t pc)
{
	uint32_t word = 0;

	fetch_insn(c, pc - 4, &word);
	return insn_decode(word).imm;
}

/*
 * SMC, and HVC on a machine without EL2, reach the platform firmware (EL3).
 * A function it does not implement returns SMCCC's NOT_SUPPORTED (-1).
 */
static void firmware_call(struct core *c)
{
	struct machine *m = c->m;

	if (!m->firmware || !m->firmware(m->firmware_opaque, c))
		c->r.x[0] = ~0ull;
}

static void on_gate(struct core *c);

static void on_engine_exception(struct core *c, unsigned intno)
{
	uint64_t pc = c->r.pc;

	switch (intno) {
	case ENGINE_EXCP_UDEF:
		on_udef(c);
		return;
	case ENGINE_EXCP_SVC:
		exc_take_sync(c, syn_svc(imm_before(c, pc)), false, 0, pc);
		return;
	case ENGINE_EXCP_HVC:
		if (!c->m->has_el2) {
			firmware_call(c);
			return;
		}
		exc_take(c, EXC_SYNC, 2, syn_hvc(imm_before(c, pc)), false, 0, pc);
		return;
	case ENGINE_EXCP_SMC:
		firmware_call(c);
		return;
	case ENGINE_EXCP_HYP_TRAP: {
		uint32_t word = 0;

		fetch_insn(c, pc, &word);
		exc_take(c, EXC_SYNC, 2, syn_smc(insn_decode(word).imm), false, 0, pc);
		return;
	}
	case ENGINE_EXCP_BKPT: {
		uint32_t word = 0;

		fetch_insn(c, pc, &word);
		exc_take_sync(c, syn_brk(insn_decode(word).imm), false, 0, pc);
		return;
	}
	case ENGINE_EXCP_PREFETCH_ABORT:
		/* With the MMU on, the gate's fetch faults in translation first. */
		if (pc == PLAT_SIM_GATE)
			on_gate(c);
		else
			on_prefetch_abort(c, pc, false);
		return;
	case ENGINE_EXCP_DATA_ABORT:
		on_data_abort(c);
		return;
	default: {
		static char msg[80];

		snprintf(msg, sizeof(msg), "the engine raised exception %u, which the core does not model", intno);
		core_stop(c, msg);
	}
	}
}

/* An ERET reached the gate, unless code branched to the gate's address. */
static void on_gate(struct core *c)
{
	uint32_t last = 0;

	if (c->block_size)
		fetch_insn(c, c->block_pc + c->block_size - 4, &last);
	if (insn_decode(last).kind != INSN_ERET) {
		on_prefetch_abort(c, c->r.pc, true);
		return;
	}
	exc_return(c);
}

/* ---------------------------------------------------------- the loop */

/*
 * The block hook stopped before a block with an FP/SIMD access inside it:
 * run the instructions before the access, with the engine told to stop there.
 */
static void run_to_fp_access(struct core *c, struct engine_exit *ex)
{
	struct engine *e = c->engine[c->el];
	uint64_t start = ex->pc, at = c->fp_trap_at;

	engine_forget_code(e, start, at - start);
	engine_run(e, start, at, ex);
	engine_forget_code(e, start, at - start);
}

void core_run(struct core *c, uint64_t until_cycles, uint64_t until_icount)
{
	c->budget_end = until_cycles;
	c->icount_end = until_icount;
	while (c->status == CORE_RUNNING && !c->m->finished &&
	       c->cycles < c->budget_end && c->icount < c->icount_end) {
		struct engine_exit ex;

		c->stop_requested = false;
		c->fp_trap_at = 0;
		if (exc_take_async(c))
			continue;
		sync_engine(c, c->el);
		engine_load(c->engine[c->el], &c->r);
		engine_run(c->engine[c->el], c->r.pc, 0, &ex);
		if (ex.kind == ENGINE_EXIT_YIELD && c->fp_trap_at && c->fp_trap_at != ex.pc)
			run_to_fp_access(c, &ex);
		engine_save(c->engine[c->el], &c->r);
		c->r.pc = ex.pc;
		switch (ex.kind) {
		case ENGINE_EXIT_YIELD:
			if (c->fp_trap_at && c->fp_trap_at == ex.pc && fp_trap_target(c) >= 0)
				exc_take(c, EXC_SYNC, (unsigned)fp_trap_target(c), syn_fp_access(),
					 false, 0, ex.pc);
			break;
		case ENGINE_EXIT_EXCEPTION:
			uncount_from(c, ex.pc);
			on_engine_exception(c, ex.intno);
			break;
		case ENGINE_EXIT_WFI:
			core_wait_for_interrupt(c);
			break;
		case ENGINE_EXIT_GATE:
			on_gate(c);
			break;
		case ENGINE_EXIT_FETCH_HOLE:
			on_prefetch_abort(c, ex.pc, true);
			break;
		case ENGINE_EXIT_ERROR:
			core_stop(c, ex.error);
			break;
		}
	}
}

/* ------------------------------------------------------------ clock */

/*
 * In a system register handler: the instructions from the accessing one to
 * the end of its block, which the block hook counted but which have not
 * retired.
 */
static uint64_t insns_ahead(const struct core *c)
{
	return c->in_sysreg ? block_rest(c, engine_read_pc(c->engine[c->el])) : 0;
}

void core_progress(const struct core *c, struct core_progress *p)
{
	uint64_t ahead = insns_ahead(c);

	for (unsigned el = 0; el < 3; el++) {
		p->insns[el] = c->icount_el[el];
		p->cycles[el] = c->run_cycles_el[el] + c->wait_cycles_el[el];
		p->exceptions[el] = c->exceptions_el[el];
		p->returns[el] = c->returns_el[el];
	}
	p->insns[c->el] -= ahead;
	/* As uncount_from: the timing model charges a block as a whole. */
	if (!c->timing)
		p->cycles[c->el] -= ahead;
}

/*
 * Every data access asks the time, so no division here: cycles times a
 * fixed-point period, rounded up (core_set_freq) so that the time read at
 * core_cycles_at(t) is never before t: a device waiting for t sees it come.
 */
/*
 * cycles may lie before the clock's base: in a handler, the accessing
 * instruction (core_ns_now) precedes a frequency change made earlier in
 * the same block, which dates from the block's end.
 */
static uint64_t ns_at(const struct core *c, uint64_t cycles)
{
	if (cycles < c->clock_base_cycles)
		return c->clock_base_ns -
		       (uint64_t)(((unsigned __int128)(c->clock_base_cycles - cycles) *
				   c->ns_per_cycle_q32) >> 32);
	return c->clock_base_ns + (uint64_t)(((unsigned __int128)(cycles - c->clock_base_cycles) *
					      c->ns_per_cycle_q32) >> 32);
}

uint64_t core_ns(const struct core *c)
{
	return ns_at(c, c->cycles);
}

/*
 * Functional timing charges one cycle an instruction, so the time of the
 * accessing instruction is exact; the timing model charges a block as a
 * whole when it starts, so there a handler sees the block's end.
 */
uint64_t core_ns_now(const struct core *c)
{
	return c->timing ? core_ns(c) : ns_at(c, c->cycles - insns_ahead(c));
}

/* The first cycle count at or after ns. */
uint64_t core_cycles_at(const struct core *c, uint64_t ns)
{
	if (ns <= c->clock_base_ns)
		return c->clock_base_cycles;
	return c->clock_base_cycles +
	       (uint64_t)(((unsigned __int128)(ns - c->clock_base_ns) * c->freq_hz + 999999999u) /
			  1000000000u);
}

/* A new frequency applies from now: time so far is kept. */
void core_set_freq(struct core *c, uint64_t hz)
{
	c->clock_base_ns = core_ns(c);
	c->clock_base_cycles = c->cycles;
	c->freq_hz = hz;
	c->ns_per_cycle_q32 = (uint64_t)((((unsigned __int128)1000000000u << 32) + hz - 1) / hz);
}

/* ----------------------------------------------------------- set-up */

void core_set_lines(struct core *c, unsigned lines)
{
	c->lines = lines;
	c->stop_requested = true;
	if (c->status == CORE_WFI && core_interrupt_pending(c)) {
		c->status = CORE_RUNNING;
		machine_core_woken(c->m, c);
	}
}

/*
 * D1.16.2 and InterruptPending(): WFI completes when any physical IRQ, FIQ
 * or SError is pending, whatever its routing and PSTATE's masks (one for
 * EL1 wakes EL2 too), or a virtual one that would be taken if PSTATE did
 * not mask it.
 */
bool core_interrupt_pending(const struct core *c)
{
	unsigned target;

	if (c->bus_error || (c->lines & (CORE_LINE_IRQ | CORE_LINE_FIQ | CORE_LINE_SERROR)))
		return true;
	return exc_async_pending(c, c->r.pstate & ~PSR_DAIF, &target) >= 0;
}

void core_wait_for_interrupt(struct core *c)
{
	if (!core_interrupt_pending(c))
		c->status = CORE_WFI;
}

void core_stop(struct core *c, const char *reason)
{
	c->status = CORE_STOPPED;
	c->stop_reason = reason;
}

void core_reset(struct core *c, unsigned el, uint64_t pc)
{
	memset(&c->r, 0, sizeof(c->r));
	c->el = el;
	c->r.pc = pc;
	c->r.pstate = PSR_DAIF | el << 2 | (el ? PSR_SPSEL : 0);
	c->status = CORE_RUNNING;
}

bool core_power_on(struct core *c, unsigned el, uint64_t entry, uint64_t context,
		   uint64_t now_ns)
{
	if (c->status != CORE_OFF)
		return false;
	core_reset(c, el, entry);
	memcpy(c->sr, c->sr_reset, sizeof(c->sr));
	c->par_in_engine = -1;
	c->bus_error = false;           /* what the core was doing before is gone */
	c->icount_at_last_exception = c->icount;
	c->exceptions_without_progress = 0;
	c->r.x[0] = context;
	if (core_ns(c) < now_ns)
		c->cycles = core_cycles_at(c, now_ns);
	return true;
}

void core_power_off(struct core *c)
{
	c->status = CORE_OFF;
	c->stop_requested = true;
}

static const struct engine_client client_template = {
	.block = on_block,
	.sysreg = on_sysreg,
	.bus_error = on_bus_error,
};

void core_forget_code(struct core *c, uint64_t pa, uint64_t len)
{
	for (unsigned el = 0; el < 3; el++)
		engine_forget_code(c->engine[el], pa, len);
	for (unsigned i = 0; i < FP_SCANS; i++) {
		struct fp_scan *s = &c->fp_scans[i];

		if (s->size && s->pc < pa + len && pa < s->pc + s->size)
			s->size = 0;
	}
	if (c->timing)
		timing_forget_code(c->timing, pa, len);
}

void core_set_timing(struct core *c, struct timing_core *timing)
{
	c->timing = timing;
}

int core_init(struct core *c, struct machine *m, unsigned id, const char **error)
{
	struct engine_client client = client_template;

	memset(c, 0, sizeof(*c));
	c->id = id;
	c->m = m;
	c->status = CORE_OFF;
	c->par_in_engine = -1;
	client.core = c;
	c->fp_scans = calloc(FP_SCANS, sizeof(*c->fp_scans));
	if (!c->fp_scans) {
		*error = "out of memory";
		return -1;
	}
	if (m->cfg.timing == TIMING_DETAILED)
		client.data_access = on_data_access;
	for (unsigned el = 0; el < 3; el++) {
		c->engine[el] = engine_create(el, id, &m->mem, &client, error);
		if (!c->engine[el])
			return -1;
	}
	/* Reset values are the engine's (QEMU's Cortex-A57), except identity. */
	for (int id_ = 0; id_ < SR_COUNT; id_++) {
		c->sr[id_] = engine_sysreg_read(c->engine[2], sysreg_desc[id_].enc);
		for (unsigned el = 0; el < 3; el++)
			c->shadow[el][id_] = engine_sysreg_read(c->engine[el], sysreg_desc[id_].enc);
	}
	c->sr[SR_MPIDR_EL1] = 1ull << 31 | id;          /* Aff0 = core number */
	c->sr[SR_VMPIDR_EL2] = c->sr[SR_MPIDR_EL1];
	c->sr[SR_VPIDR_EL2] = c->sr[SR_MIDR_EL1];
	c->sr[SR_HCR_EL2] = 0;
	memcpy(c->sr_reset, c->sr, sizeof(c->sr));
	return 0;
}

void core_destroy(struct core *c)
{
	for (unsigned el = 0; el < 3; el++)
		engine_destroy(c->engine[el]);
	free(c->fp_scans);
}
