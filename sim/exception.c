/*
 * exception.c - exception entry, return and asynchronous routing
 * (see exception.h). Section numbers are ARM DDI 0487 (issue K.a).
 */
#include "exception.h"
#include "machine.h"
#include "syndrome.h"

/* A guest that takes this many exceptions without retiring an instruction
 * is not making progress (its vector table is not mapped, say). */
#define MAX_EXCEPTIONS_WITHOUT_PROGRESS 16

/* ELR/SPSR/ESR/FAR/VBAR of EL1 and EL2, indexed by EL. */
static const enum sysreg_id elr_of[3] = { 0, SR_ELR_EL1, SR_ELR_EL2 };
static const enum sysreg_id spsr_of[3] = { 0, SR_SPSR_EL1, SR_SPSR_EL2 };
static const enum sysreg_id esr_of[3] = { 0, SR_ESR_EL1, SR_ESR_EL2 };
static const enum sysreg_id far_of[3] = { 0, SR_FAR_EL1, SR_FAR_EL2 };
static const enum sysreg_id vbar_of[3] = { 0, SR_VBAR_EL1, SR_VBAR_EL2 };

/*
 * D1.10.2 "Exception vectors": the offset of the table section is chosen by
 * where the exception comes from; the entry within it by its kind.
 */
static uint64_t vector_offset(unsigned from_el, uint32_t from_pstate,
			      unsigned target, enum exc_kind kind)
{
	uint64_t section;

	if (from_el == target)
		section = (from_pstate & PSR_SPSEL) ? 0x200 : 0x000;
	else
		section = 0x400;        /* lower EL using AArch64 */
	return section + 0x80 * (uint64_t)kind;
}

void exc_take(struct core *c, enum exc_kind kind, unsigned target, uint32_t esr,
	      bool far_valid, uint64_t far, uint64_t ret)
{
	uint32_t spsr = (c->r.pstate & (PSR_NZCV | PSR_DAIF | PSR_IL | PSR_SPSEL)) |
			c->el << 2;

	c->sr[elr_of[target]] = ret;
	c->sr[spsr_of[target]] = spsr;
	if (kind == EXC_SYNC || kind == EXC_SERROR)
		c->sr[esr_of[target]] = esr;
	if (far_valid)
		c->sr[far_of[target]] = far;
	/* The vector base is VBAR_ELx[63:11] (D1.10.2); bits [10:0] are RES0. */
	c->r.pc = (c->sr[vbar_of[target]] & ~0x7ffull) +
		  vector_offset(c->el, c->r.pstate, target, kind);
	/*
	 * D1.10.1: PSTATE.{D,A,I,F} are all set, SPSel selects SP_ELx, IL and
	 * SS are cleared. NZCV are cleared as QEMU does (our reference).
	 */
	c->r.pstate = PSR_DAIF | target << 2 | PSR_SPSEL;

	c->last_exception = (struct core_exception){
		.valid = true, .kind = kind, .from_el = c->el, .to_el = target,
		.esr = esr, .elr = ret,
	};
	machine_trace_exception(c->m, c, kind, c->el, target, esr, ret, far_valid, far);
	c->exceptions_el[c->el]++;
	if (c->timing)
		core_charge(c, timing_exception(c));
	c->el = target;

	if (c->icount != c->icount_at_last_exception) {
		c->icount_at_last_exception = c->icount;
		c->exceptions_without_progress = 0;
	} else if (++c->exceptions_without_progress == MAX_EXCEPTIONS_WITHOUT_PROGRESS) {
		core_stop(c, "exceptions recur without any instruction completing "
			  "(is the vector table mapped?)");
	}
}

unsigned exc_default_target(const struct core *c)
{
	if (c->el == 0)
		return (core_hcr(c) & HCR_TGE) ? 2 : 1;
	return c->el;
}

void exc_take_sync(struct core *c, uint32_t esr, bool far_valid, uint64_t far, uint64_t ret)
{
	exc_take(c, EXC_SYNC, exc_default_target(c), esr, far_valid, far, ret);
}

/*
 * D1.11.4 "Illegal return events from AArch64 state": the return is illegal
 * when SPSR names a higher EL, a reserved mode, EL0 with SP_ELx, AArch32 for
 * an EL that is AArch64 (every EL here: HCR_EL2.RW is RES1 in this model's
 * EL1 and EL0 is AArch64-only), or EL1 while HCR_EL2.TGE is set.
 */
static bool return_is_illegal(const struct core *c, uint32_t spsr)
{
	unsigned target = PSR_EL(spsr);

	if (spsr & PSR_M_AARCH32)
		return true;
	if (target > c->el || target == 3)
		return true;
	if (spsr & 2u)                          /* M[1] is reserved */
		return true;
	if (target == 0 && (spsr & PSR_SPSEL))
		return true;
	if (target == 1 && (core_hcr(c) & HCR_TGE))
		return true;
	return false;
}

void exc_return(struct core *c)
{
	uint32_t spsr = (uint32_t)c->sr[spsr_of[c->el]];
	uint64_t elr = c->sr[elr_of[c->el]];
	bool illegal = return_is_illegal(c, spsr);

	machine_trace_return(c->m, c, c->el, illegal ? c->el : PSR_EL(spsr));
	c->returns_el[c->el]++;
	if (c->timing)
		core_charge(c, timing_exception(c));
	if (illegal) {
		/*
		 * PSTATE.{EL, SP} are unchanged, IL is set, the rest comes from
		 * SPSR; the instruction at ELR then takes an Illegal Execution
		 * state exception (EC 0x0E) at the current EL, reporting IL in SPSR.
		 */
		c->r.pstate = (spsr & (PSR_NZCV | PSR_DAIF)) |
			      (c->r.pstate & PSR_SPSEL) | PSR_IL;
		c->r.pc = elr;
		exc_take_sync(c, syn_illegal_state(), false, 0, elr);
		return;
	}
	c->el = PSR_EL(spsr);
	c->r.pstate = spsr & (PSR_NZCV | PSR_DAIF | PSR_IL | 0xf);
	c->r.pc = elr;
	/* A legal return that restores IL=1 faults at the first instruction too. */
	if (c->r.pstate & PSR_IL)
		exc_take_sync(c, syn_illegal_state(), false, 0, elr);
}

/* ---------------------------------------------------- asynchronous */

struct async_source {
	unsigned line;          /* physical line, or a virtual one */
	uint64_t hcr_pending;   /* HCR_EL2 bit that makes the virtual one pending */
	uint64_t hcr_route;     /* IMO/FMO/AMO */
	uint32_t mask;          /* PSTATE bit */
	enum exc_kind kind;
	bool is_virtual;
};

/*
 * Priority, highest first: physical SError, FIQ, IRQ, then the virtual IRQ,
 * FIQ and SError. The architecture leaves the order IMPLEMENTATION DEFINED
 * (D1.13.4); this is QEMU's order for the interrupts both model.
 */
static const struct async_source sources[] = {
	{ CORE_LINE_SERROR, 0, HCR_AMO, PSR_A, EXC_SERROR, false },
	{ CORE_LINE_FIQ, 0, HCR_FMO, PSR_F, EXC_FIQ, false },
	{ CORE_LINE_IRQ, 0, HCR_IMO, PSR_I, EXC_IRQ, false },
	{ CORE_LINE_VIRQ, HCR_VI, HCR_IMO, PSR_I, EXC_IRQ, true },
	{ CORE_LINE_VFIQ, HCR_VF, HCR_FMO, PSR_F, EXC_FIQ, true },
	{ 0, HCR_VSE, HCR_AMO, PSR_A, EXC_SERROR, true },
};

static unsigned lines_now(const struct core *c)
{
	return c->lines | (c->bus_error ? CORE_LINE_SERROR : 0);
}

/*
 * D1.13.2 "Asynchronous exception routing" and D1.13.3 masking: a physical
 * exception goes to EL2 when TGE or its HCR routing bit is set, else to EL1;
 * one going to EL2 from below cannot be masked, otherwise PSTATE masks it.
 * A virtual exception exists only when its routing bit is set and TGE is
 * clear, and is taken at EL1 or EL0 when unmasked.
 */
int exc_async_pending(const struct core *c, uint32_t pstate, unsigned *target)
{
	uint64_t hcr = core_hcr(c);
	unsigned lines = lines_now(c);

	for (unsigned i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		const struct async_source *s = &sources[i];

		if (s->is_virtual) {
			bool asserted = (s->line && (lines & s->line)) || (hcr & s->hcr_pending);

			if (!asserted || !(hcr & s->hcr_route) || (hcr & HCR_TGE) ||
			    c->el > 1 || (pstate & s->mask))
				continue;
			*target = 1;
			return (int)i;
		}
		if (!(lines & s->line))
			continue;
		*target = (hcr & (HCR_TGE | s->hcr_route)) ? 2 : 1;
		if (*target < c->el)
			continue;
		/* PSTATE masks what goes to the current EL, and EL0's to EL1. */
		if ((*target == c->el || *target == 1) && (pstate & s->mask))
			continue;
		return (int)i;
	}
	return -1;
}

bool exc_take_async(struct core *c)
{
	unsigned target;
	int i = exc_async_pending(c, c->r.pstate, &target);

	if (i < 0)
		return false;
	if (sources[i].kind == EXC_SERROR && !sources[i].is_virtual)
		c->bus_error = false;   /* the SError is delivered: no longer pending */
	exc_take(c, sources[i].kind, target, syn_serror(), false, 0, c->r.pc);
	if (sources[i].is_virtual && sources[i].kind == EXC_SERROR)
		c->sr[SR_HCR_EL2] &= ~HCR_VSE;  /* D13.2.46: VSE clears when taken */
	return true;
}
