/*
 * engine_uc.c - the execution engine on Unicorn 2.0.1 (see engine.h).
 *
 * Unicorn executes instructions but is not a system: it never delivers an
 * exception, and the exception level its translator uses is fixed when the
 * engine is entered (shared/probes/ demonstrates both). So each engine is
 * parked at one EL for life by a native ERET from EL3 at creation, and every
 * event Unicorn reports is handed to the core:
 *
 *  - UC_HOOK_INTR: a synchronous exception (QEMU's EXCP_* number).
 *  - UC_HOOK_BLOCK: the core's budget and pending-interrupt checks. A stop
 *    requested here takes effect before the block executes, because the hook
 *    runs ahead of the block's own exit-request check.
 *  - MRS/MSR/SYS hooks: run before the access check; the core may own the
 *    register. Returning 0 lets QEMU perform (and check, and trap) the access.
 *  - BRK at the ERET gate: a native ERET has landed (see park()).
 *  - Fetch faults: a fetch from a hole or a device window.
 *
 * The physical map is RAM (one host buffer shared by all engines), the device
 * windows, and "holes": everything else up to 2^64 - 4 KiB, mapped as MMIO so
 * that an access is checked by the MMU (precise translation and permission
 * faults) before it can reach nothing, and then reported as a bus error.
 *
 * Not here: anything architectural about what the events mean.
 */
#include <stdlib.h>
#include <string.h>

#include <unicorn/unicorn.h>

#include "engine.h"
#include "platform.h"
#include "sysreg.h"

/* The simulator's page, as 32-bit words. */
#define SIM_ERET        0               /* eret, used once to park the engine */
#define SIM_PARKED      1               /* where the parking ERET lands */
#define SIM_GATE        ((PLAT_SIM_GATE - PLAT_SIM_PAGE) / 4)
#define INSN_ERET       0xd69f03e0u
#define INSN_NOP        0xd503201fu
#define INSN_BRK_GATE   0xd42d4fc0u     /* brk #0x6a7e: stops the engine at the gate */

/* No AArch64 PC is odd, so emulation never "reaches" this until-address. */
#define RUN_FOREVER             0xfffffffffffffff1ULL

struct hole;

struct mmio_binding {
	struct engine *engine;
	const struct mmio_window *window;
};

struct engine {
	uc_engine *uc;
	unsigned el, cpu;
	struct phys_mem *mem;
	struct engine_client client;
	uint32_t *sim_page;             /* one host page mapped at PLAT_SIM_PAGE */
	struct engine_exit *exit;       /* the exit being filled by engine_run */
	bool parking;                   /* running the parking gadget, not guest code */
	bool sim_page_written;          /* a guest store reached sim_page: restore it */
	struct mmio_binding binding[MEM_MAX_DEVICES];
	struct hole *holes;             /* the bindings of the hole windows */
	unsigned sysreg_calls;          /* since the last block: a guard (on_sysreg) */
};

/*
 * No block executes anywhere near this many system register accesses: it
 * means Unicorn keeps replaying one (a hook answered for an access its
 * translator had made UNDEFINED), which would otherwise never end.
 */
#define SYSREG_CALLS_PER_BLOCK_MAX 4096

/* ------------------------------------------------------------ helpers */

static uc_arm64_cp_reg cp_of(uint32_t enc)
{
	uc_arm64_cp_reg cp = {
		.op0 = SYSREG_OP0(enc), .op1 = SYSREG_OP1(enc),
		.crn = SYSREG_CRN(enc), .crm = SYSREG_CRM(enc),
		.op2 = SYSREG_OP2(enc),
	};
	return cp;
}

/*
 * Registers the engine implements but cannot read from the host: write-only
 * and without state, Unicorn's raw read of them asserts (read_raw_cp_reg).
 * These are the AArch64 ones of its Cortex-A57.
 */
static const uint32_t write_only[] = {
	SYSREG_ENC(3, 3, 9, 12, 4),     /* PMSWINC_EL0 */
	SYSREG_ENC(2, 0, 1, 0, 4),      /* OSLAR_EL1 */
};

bool engine_has_sysreg(struct engine *e, uint32_t enc)
{
	uc_arm64_cp_reg cp = cp_of(enc);

	for (unsigned i = 0; i < sizeof(write_only) / sizeof(write_only[0]); i++)
		if (enc == write_only[i])
			return true;
	return uc_reg_read(e->uc, UC_ARM64_REG_CP_REG, &cp) == UC_ERR_OK;
}

uint64_t engine_sysreg_read(struct engine *e, uint32_t enc)
{
	uc_arm64_cp_reg cp = cp_of(enc);

	if (uc_reg_read(e->uc, UC_ARM64_REG_CP_REG, &cp) != UC_ERR_OK)
		return 0;
	return cp.val;
}

void engine_sysreg_write(struct engine *e, uint32_t enc, uint64_t value)
{
	uc_arm64_cp_reg cp = cp_of(enc);

	cp.val = value;
	uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &cp);
}

static unsigned rt_of(uc_arm64_reg reg)
{
	if (reg >= UC_ARM64_REG_X0 && reg <= UC_ARM64_REG_X28)
		return reg - UC_ARM64_REG_X0;
	if (reg == UC_ARM64_REG_X29)
		return 29;
	if (reg == UC_ARM64_REG_X30)
		return 30;
	return 31;
}

/* -------------------------------------------------------------- hooks */

static void stop_with(struct engine *e, enum engine_exit_kind kind)
{
	e->exit->kind = kind;
	uc_emu_stop(e->uc);
}

static void on_block(uc_engine *uc, uint64_t pc, uint32_t size, void *opaque)
{
	struct engine *e = opaque;

	(void)uc;
	e->sysreg_calls = 0;
	/* This block may be translated from what the store left: see on_sim_page_write(). */
	if (e->sim_page_written) {
		stop_with(e, ENGINE_EXIT_YIELD);
		return;
	}
	/* The gate is the simulator's code, not the guest's: not a guest block. */
	if (e->parking || pc == PLAT_SIM_GATE)
		return;
	if (!e->client.block(e->client.core, pc, size))
		stop_with(e, ENGINE_EXIT_YIELD);
}

static void on_intr(uc_engine *uc, uint32_t intno, void *opaque)
{
	struct engine *e = opaque;
	uint64_t pc;

	e->exit->intno = intno;
	if (intno == ENGINE_EXCP_BKPT) {
		uc_reg_read(uc, UC_ARM64_REG_PC, &pc);
		if (pc == PLAT_SIM_GATE) {
			stop_with(e, ENGINE_EXIT_GATE);
			return;
		}
	}
	stop_with(e, ENGINE_EXIT_EXCEPTION);
}

static uint32_t on_sysreg(struct engine *e, uc_arm64_reg reg,
			  const uc_arm64_cp_reg *cp, bool read)
{
	struct engine_sysreg_access acc = {
		.enc = SYSREG_ENC(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2),
		.read = read,
		.rt = rt_of(reg),
		.value = cp->val,
	};

	if (++e->sysreg_calls > SYSREG_CALLS_PER_BLOCK_MAX) {
		e->exit->error = "internal error: a system register access repeats without end";
		stop_with(e, ENGINE_EXIT_ERROR);
		return 1;
	}
	if (e->parking || !e->client.sysreg(e->client.core, &acc))
		return 0;
	if (read && acc.rt != 31)
		uc_reg_write(e->uc, reg, &acc.value);
	return 1;
}

static uint32_t on_sysreg_read(uc_engine *uc, uc_arm64_reg reg,
			       const uc_arm64_cp_reg *cp, void *opaque)
{
	(void)uc;
	return on_sysreg(opaque, reg, cp, true);
}

static uint32_t on_sysreg_write(uc_engine *uc, uc_arm64_reg reg,
				const uc_arm64_cp_reg *cp, void *opaque)
{
	(void)uc;
	return on_sysreg(opaque, reg, cp, false);
}

static bool on_fetch_fault(uc_engine *uc, uc_mem_type type, uint64_t addr,
			   int size, int64_t value, void *opaque)
{
	struct engine *e = opaque;

	(void)uc, (void)type, (void)size, (void)value;
	e->exit->addr = addr;
	stop_with(e, ENGINE_EXIT_FETCH_HOLE);
	return false;
}

static void on_data_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
			   int64_t value, void *opaque)
{
	struct engine *e = opaque;

	(void)uc, (void)value;
	if (!e->parking)
		e->client.data_access(e->client.core, addr, (unsigned)size, type == UC_MEM_WRITE);
}

/*
 * A guest store to the simulator's page is an External abort (SError), and
 * leaves the page as it was. Refusing the store would make Unicorn end the
 * run with the PC anywhere in the block (at the store, or at the block's
 * start: executed again), so it is let through to the engine's own copy of
 * the page and undone before anything can run from it: the engine stops
 * before the next block (which may be translated from what was stored),
 * and engine_run() rewrites the page and drops its translations. (The
 * hook, as every Unicorn memory hook, sees the virtual address: a store
 * through another VA mapped to the page is not seen.)
 */
static bool on_sim_page_write(uc_engine *uc, uc_mem_type type, uint64_t addr,
			      int size, int64_t value, void *opaque)
{
	struct engine *e = opaque;

	(void)uc, (void)type, (void)size, (void)value;
	e->client.bus_error(e->client.core, addr, true);
	e->sim_page_written = true;
	return true;
}

/* The simulator's page: NOPs, the parking ERET and the ERET gate's BRK. */
static void fill_sim_page(uint32_t *page)
{
	for (unsigned i = 0; i < 1024; i++)
		page[i] = INSN_NOP;
	page[SIM_ERET] = INSN_ERET;
	page[SIM_GATE] = INSN_BRK_GATE;
}

/* ------------------------------------------------------ physical map */

static uint64_t on_window_read(uc_engine *uc, uint64_t offset, unsigned size,
			       void *opaque)
{
	struct mmio_binding *b = opaque;

	(void)uc;
	return b->window->ops->read(b->window->opaque, b->engine->cpu, offset, size);
}

static void on_window_write(uc_engine *uc, uint64_t offset, unsigned size,
			    uint64_t value, void *opaque)
{
	struct mmio_binding *b = opaque;

	(void)uc;
	b->window->ops->write(b->window->opaque, b->engine->cpu, offset, size, value);
}

/* A hole's offset is relative to its own base, which the binding records. */
struct hole {
	struct engine *engine;
	uint64_t base;
};

static uint64_t on_hole_read(uc_engine *uc, uint64_t offset, unsigned size,
			     void *opaque)
{
	struct hole *h = opaque;

	(void)uc, (void)size;
	h->engine->client.bus_error(h->engine->client.core, h->base + offset, false);
	return 0;
}

static void on_hole_write(uc_engine *uc, uint64_t offset, unsigned size,
			  uint64_t value, void *opaque)
{
	struct hole *h = opaque;

	(void)uc, (void)size, (void)value;
	h->engine->client.bus_error(h->engine->client.core, h->base + offset, true);
}

struct range {
	uint64_t base, size;
};

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/*
 * Maps every address nothing else claims as a hole, up to the top of the
 * 64-bit space (a VA there is looked up in the physical map too: probe
 * finding 4).
 */
static uc_err map_holes(struct engine *e, struct hole *holes, unsigned *nholes)
{
	struct range used[MEM_MAX_DEVICES + 2];
	unsigned n = 0;

	used[n++] = (struct range){ e->mem->ram_base, e->mem->ram_size };
	used[n++] = (struct range){ PLAT_SIM_PAGE, 0x1000 };
	for (unsigned i = 0; i < e->mem->nwindows; i++)
		used[n++] = (struct range){ e->mem->window[i].base, e->mem->window[i].size };
	qsort(used, n, sizeof(used[0]), range_cmp);

	uint64_t next = 0;
	*nholes = 0;
	for (unsigned i = 0; i <= n; i++) {
		/* The last hole ends at 2^64: its size is 0 - next, modulo 2^64. */
		uint64_t size = (i < n ? used[i].base : 0) - next;

		if (i < n ? used[i].base > next : next != 0) {
			struct hole *h = &holes[(*nholes)++];
			uc_err err;

			h->engine = e;
			h->base = next;
			err = uc_mmio_map(e->uc, next, size, on_hole_read, h, on_hole_write, h);
			if (err != UC_ERR_OK)
				return err;
		}
		if (i < n)
			next = used[i].base + used[i].size;
	}
	return UC_ERR_OK;
}

/* ------------------------------------------------------------ parking */

/*
 * Leaves the engine at exception level el, its translation state rebuilt for
 * that level: a native ERET from EL3 does it (the probe's finding 2; the
 * translator takes ELR of the EL it translated for, EL1 at reset, and the
 * helper takes SPSR of the run-time EL, EL3).
 */
static const char *park(struct engine *e)
{
	static const uint32_t spsr_el3 = 0x3c0;         /* DAIF masked */
	uc_arm64_cp_reg scr = cp_of(SYSREG_SCR_EL3), spsr = cp_of(SYSREG_SPSR_EL3);
	uint64_t landing = PLAT_SIM_PAGE + 4 * SIM_PARKED;
	uint32_t pstate = 0x3cd;                        /* EL3h, DAIF masked */
	uint32_t mode = e->el << 2 | (e->el ? PSR_SPSEL : 0);

	/* SCR_EL3: non-secure, HVC enabled, lower ELs AArch64. */
	scr.val = 1u << 0 | 1u << 8 | 1u << 10;
	uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &scr);
	engine_sysreg_write(e, SYSREG(HCR_EL2), HCR_RW);
	spsr.val = spsr_el3 | mode;
	uc_reg_write(e->uc, UC_ARM64_REG_CP_REG, &spsr);
	uc_reg_write(e->uc, UC_ARM64_REG_ELR_EL1, &landing);
	uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &pstate);
	e->parking = true;
	uc_err err = uc_emu_start(e->uc, PLAT_SIM_PAGE + 4 * SIM_ERET, landing, 0, 0);
	e->parking = false;
	if (err != UC_ERR_OK)
		return uc_strerror(err);
	uc_reg_read(e->uc, UC_ARM64_REG_PSTATE, &pstate);
	if (PSR_EL(pstate) != e->el)
		return "the parking ERET did not reach its exception level";

	/*
	 * The ERET gate: the engine's own ELR and SPSR always hold the gate
	 * address and its own EL, whatever the code writes (the core serves
	 * those registers), so a native ERET never leaves this EL.
	 */
	if (e->el >= 1) {
		uint64_t gate = PLAT_SIM_GATE;

		uc_reg_write(e->uc, e->el == 2 ? UC_ARM64_REG_ELR_EL2 : UC_ARM64_REG_ELR_EL1, &gate);
		engine_sysreg_write(e, e->el == 2 ? SYSREG(SPSR_EL2) : SYSREG(SPSR_EL1),
				    spsr_el3 | mode);
	}
	return NULL;
}

/* ----------------------------------------------------------- lifecycle */

struct engine *engine_create(unsigned el, unsigned cpu, struct phys_mem *m,
			     const struct engine_client *client, const char **error)
{
	struct engine *e = calloc(1, sizeof(*e));
	struct hole *holes = calloc(MEM_MAX_DEVICES + 4, sizeof(*holes));
	struct engine_exit scratch;
	unsigned nholes;
	uc_hook h;

	*error = "out of memory";
	if (!e || !holes)
		goto fail;
	e->el = el;
	e->cpu = cpu;
	e->mem = m;
	e->client = *client;
	e->exit = &scratch;
	e->sim_page = aligned_alloc(4096, 4096);
	if (!e->sim_page)
		goto fail;
	fill_sim_page(e->sim_page);

	*error = "cannot create a Unicorn AArch64 engine";
	if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &e->uc) != UC_ERR_OK)
		goto fail;
	if (uc_ctl_set_cpu_model(e->uc, UC_CPU_ARM64_A57) != UC_ERR_OK)
		goto fail;
	*error = "cannot map the physical address space";
	if (uc_mem_map_ptr(e->uc, m->ram_base, m->ram_size, UC_PROT_ALL, m->ram) != UC_ERR_OK ||
	    uc_mem_map_ptr(e->uc, PLAT_SIM_PAGE, 4096, UC_PROT_READ | UC_PROT_EXEC,
			   e->sim_page) != UC_ERR_OK)
		goto fail;
	for (unsigned i = 0; i < m->nwindows; i++) {
		struct mmio_binding *b = &e->binding[i];

		b->engine = e;
		b->window = &m->window[i];
		if (uc_mmio_map(e->uc, b->window->base, b->window->size,
				on_window_read, b, on_window_write, b) != UC_ERR_OK)
			goto fail;
	}
	if (map_holes(e, holes, &nholes) != UC_ERR_OK)
		goto fail;

	*error = "cannot install Unicorn hooks";
	if (uc_hook_add(e->uc, &h, UC_HOOK_BLOCK, on_block, e, 1, 0) ||
	    uc_hook_add(e->uc, &h, UC_HOOK_INTR, on_intr, e, 1, 0) ||
	    uc_hook_add(e->uc, &h, UC_HOOK_INSN, on_sysreg_read, e, 1, 0, UC_ARM64_INS_MRS) ||
	    uc_hook_add(e->uc, &h, UC_HOOK_INSN, on_sysreg_write, e, 1, 0, UC_ARM64_INS_MSR) ||
	    uc_hook_add(e->uc, &h, UC_HOOK_INSN, on_sysreg_read, e, 1, 0, UC_ARM64_INS_SYSL) ||
	    uc_hook_add(e->uc, &h, UC_HOOK_INSN, on_sysreg_write, e, 1, 0, UC_ARM64_INS_SYS) ||
	    uc_hook_add(e->uc, &h, UC_HOOK_MEM_FETCH_UNMAPPED | UC_HOOK_MEM_FETCH_PROT,
			on_fetch_fault, e, 1, 0) ||
	    uc_hook_add(e->uc, &h, UC_HOOK_MEM_WRITE_PROT, on_sim_page_write, e,
			PLAT_SIM_PAGE, PLAT_SIM_PAGE + 4095))
		goto fail;
	if (client->data_access &&
	    uc_hook_add(e->uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, on_data_access, e, 1, 0))
		goto fail;

	*error = park(e);
	if (*error)
		goto fail;
	e->holes = holes;
	return e;
fail:
	if (e && e->uc)
		uc_close(e->uc);
	if (e)
		free(e->sim_page);
	free(holes);
	free(e);
	return NULL;
}

void engine_destroy(struct engine *e)
{
	if (!e)
		return;
	uc_close(e->uc);
	free(e->sim_page);
	free(e->holes);
	free(e);
}

/* ------------------------------------------------------------- running */

void engine_forget_code(struct engine *e, uint64_t pc, uint64_t len)
{
	uc_ctl_remove_cache(e->uc, pc, pc + len);
}

/*
 * Unicorn stops at an until-address by executing an imitation WFI there, so
 * for that run the guest's WFI traps (which would turn it into an exception)
 * are lifted. No guest WFI can run meanwhile: a WFI ends a block, and the
 * core only sets an until-address inside the block it is about to run.
 */
static uc_err run_until(struct engine *e, uint64_t pc, uint64_t until)
{
	uint64_t hcr = engine_sysreg_read(e, SYSREG(HCR_EL2));
	uint64_t sctlr = engine_sysreg_read(e, SYSREG(SCTLR_EL1));
	uc_err err;

	engine_sysreg_write(e, SYSREG(HCR_EL2), hcr & ~(HCR_TWI | HCR_TWE));
	engine_sysreg_write(e, SYSREG(SCTLR_EL1), sctlr | SCTLR_NTWI | SCTLR_NTWE);
	err = uc_emu_start(e->uc, pc, until, 0, 0);
	engine_sysreg_write(e, SYSREG(HCR_EL2), hcr);
	engine_sysreg_write(e, SYSREG(SCTLR_EL1), sctlr);
	return err;
}

void engine_run(struct engine *e, uint64_t pc, uint64_t until, struct engine_exit *exit)
{
	uc_err err;

	memset(exit, 0, sizeof(*exit));
	exit->kind = -1;                /* no hook has said why yet */
	e->exit = exit;
	err = until ? run_until(e, pc, until) : uc_emu_start(e->uc, pc, RUN_FOREVER, 0, 0);
	uc_reg_read(e->uc, UC_ARM64_REG_PC, &exit->pc);
	if (e->sim_page_written) {
		fill_sim_page(e->sim_page);
		engine_forget_code(e, PLAT_SIM_PAGE, 4096);
		e->sim_page_written = false;
	}
	switch ((int)exit->kind) {
	case ENGINE_EXIT_FETCH_HOLE:
		/* A fetch fault also makes uc_emu_start fail: the hook said why. */
		exit->pc = exit->addr;
		break;
	case ENGINE_EXIT_ERROR:
		break;
	case -1:
		if (err != UC_ERR_OK) {
			exit->kind = ENGINE_EXIT_ERROR;
			exit->error = uc_strerror(err);
		} else {
			/* Stopped on its own: the until-address, or a WFI that halted it. */
			exit->kind = until && exit->pc == until ? ENGINE_EXIT_YIELD : ENGINE_EXIT_WFI;
		}
		break;
	}
}

/* ---------------------------------------------------------------- state */

static const int gpr_ids[31] = {
	UC_ARM64_REG_X0, UC_ARM64_REG_X1, UC_ARM64_REG_X2, UC_ARM64_REG_X3,
	UC_ARM64_REG_X4, UC_ARM64_REG_X5, UC_ARM64_REG_X6, UC_ARM64_REG_X7,
	UC_ARM64_REG_X8, UC_ARM64_REG_X9, UC_ARM64_REG_X10, UC_ARM64_REG_X11,
	UC_ARM64_REG_X12, UC_ARM64_REG_X13, UC_ARM64_REG_X14, UC_ARM64_REG_X15,
	UC_ARM64_REG_X16, UC_ARM64_REG_X17, UC_ARM64_REG_X18, UC_ARM64_REG_X19,
	UC_ARM64_REG_X20, UC_ARM64_REG_X21, UC_ARM64_REG_X22, UC_ARM64_REG_X23,
	UC_ARM64_REG_X24, UC_ARM64_REG_X25, UC_ARM64_REG_X26, UC_ARM64_REG_X27,
	UC_ARM64_REG_X28, UC_ARM64_REG_X29, UC_ARM64_REG_X30,
};

static void transfer_gprs_and_fp(struct engine *e, struct arch_regs *r, bool save)
{
	int ids[31 + 32];
	void *ptr[31 + 32];

	for (unsigned i = 0; i < 31; i++) {
		ids[i] = gpr_ids[i];
		ptr[i] = &r->x[i];
	}
	for (unsigned i = 0; i < 32; i++) {
		ids[31 + i] = UC_ARM64_REG_Q0 + i;
		ptr[31 + i] = r->v[i];
	}
	if (save)
		uc_reg_read_batch(e->uc, ids, ptr, 31 + 32);
	else
		uc_reg_write_batch(e->uc, ids, ptr, 31 + 32);
}

/*
 * QEMU keeps the stack pointer in use in SP and the others banked in
 * SP_ELn; PSTATE.SPSel says which is which. An engine at ELn can reach
 * SP_EL0..SP_ELn (SP_EL1 at EL2 through MSR/MRS), so those are transferred.
 */
static int live_sp_index(const struct engine *e, uint32_t pstate)
{
	return (pstate & PSR_SPSEL) ? (int)e->el : 0;
}

void engine_save(struct engine *e, struct arch_regs *r)
{
	uint32_t pstate;
	uint64_t live;

	transfer_gprs_and_fp(e, r, true);
	uc_reg_read(e->uc, UC_ARM64_REG_PC, &r->pc);
	uc_reg_read(e->uc, UC_ARM64_REG_PSTATE, &pstate);
	uc_reg_read(e->uc, UC_ARM64_REG_FPCR, &r->fpcr);
	uc_reg_read(e->uc, UC_ARM64_REG_FPSR, &r->fpsr);
	uc_reg_read(e->uc, UC_ARM64_REG_SP, &live);
	for (unsigned n = 0; n <= e->el; n++)
		if ((int)n != live_sp_index(e, pstate))
			uc_reg_read(e->uc, UC_ARM64_REG_SP_EL0 + n, &r->sp[n]);
	r->sp[live_sp_index(e, pstate)] = live;
	r->pstate = pstate & (PSR_NZCV | PSR_DAIF | 0xf);
}

uint32_t engine_read_pstate(struct engine *e)
{
	uint32_t pstate;

	uc_reg_read(e->uc, UC_ARM64_REG_PSTATE, &pstate);
	return pstate;
}

/* Unicorn writes PC back before it calls an MRS/MSR hook (its gen_hook_sys). */
uint64_t engine_read_pc(struct engine *e)
{
	uint64_t pc;

	uc_reg_read(e->uc, UC_ARM64_REG_PC, &pc);
	return pc;
}

void engine_load(struct engine *e, const struct arch_regs *r)
{
	uint32_t pstate = (r->pstate & (PSR_NZCV | PSR_DAIF | PSR_SPSEL)) | e->el << 2;

	transfer_gprs_and_fp(e, (struct arch_regs *)r, false);
	uc_reg_write(e->uc, UC_ARM64_REG_PSTATE, &pstate);
	uc_reg_write(e->uc, UC_ARM64_REG_FPCR, &r->fpcr);
	uc_reg_write(e->uc, UC_ARM64_REG_FPSR, &r->fpsr);
	for (unsigned n = 0; n <= e->el; n++)
		uc_reg_write(e->uc, UC_ARM64_REG_SP_EL0 + n, &r->sp[n]);
	uc_reg_write(e->uc, UC_ARM64_REG_SP, &r->sp[live_sp_index(e, pstate)]);
}

/* ------------------------------------------------- cached engine state */

void engine_flush_tlb(struct engine *e)
{
	/* TLBI ALLE1 and TLBI ALLE2, performed by their QEMU write functions. */
	engine_sysreg_write(e, SYSREG_ENC(1, 4, 8, 7, 4), 0);
	engine_sysreg_write(e, SYSREG_ENC(1, 4, 8, 7, 0), 0);
}

