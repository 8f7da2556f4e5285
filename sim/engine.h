/*
 * engine.h - the instruction-execution engine behind a simulated core.
 *
 * An engine executes AArch64 code at one fixed exception level for its whole
 * life: the core owns one engine per EL it runs (EL0, EL1, EL2) and moves the
 * architectural state between them at every exception and exception return
 * (see docs/core.md for why). The engine runs until something the core must
 * handle happens, and reports it as a struct engine_exit.
 *
 * This is the only interface to the execution library (Unicorn); engine_uc.c
 * is the only file that includes it. The engine knows nothing of exception
 * routing, syndromes or devices: it reports, the core decides.
 */
#ifndef PHONESIM_ENGINE_H
#define PHONESIM_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"

struct engine;

/* The state an engine changes as it executes: copied at every EL change. */
struct arch_regs {
	uint64_t x[31];
	uint64_t pc;
	uint64_t sp[3];         /* SP_EL0, SP_EL1, SP_EL2 */
	uint32_t pstate;        /* SPSR layout: NZCV, IL, DAIF, M[3:0] = EL << 2 | SPSel */
	uint32_t fpcr, fpsr;
	uint8_t v[32][16];      /* SIMD&FP registers */
};

/* PSTATE / SPSR fields (ARM DDI 0487, C5.2.18 SPSR_EL1). */
#define PSR_N           (1u << 31)
#define PSR_Z           (1u << 30)
#define PSR_C           (1u << 29)
#define PSR_V           (1u << 28)
#define PSR_NZCV        0xf0000000u
#define PSR_SS          (1u << 21)
#define PSR_IL          (1u << 20)
#define PSR_D           (1u << 9)
#define PSR_A           (1u << 8)
#define PSR_I           (1u << 7)
#define PSR_F           (1u << 6)
#define PSR_DAIF        (PSR_D | PSR_A | PSR_I | PSR_F)
#define PSR_M_AARCH32   (1u << 4)
#define PSR_SPSEL       1u
#define PSR_EL(p)       (((p) >> 2) & 3u)

enum engine_exit_kind {
	ENGINE_EXIT_YIELD,      /* the core asked to stop at a block boundary, or until was reached */
	ENGINE_EXIT_WFI,        /* a WFI the engine did not trap completed: PC is past it */
	ENGINE_EXIT_EXCEPTION,  /* synchronous exception: intno says which */
	ENGINE_EXIT_GATE,       /* an ERET reached the gate: perform the return */
	ENGINE_EXIT_FETCH_HOLE, /* instruction fetch from an address nothing backs */
	ENGINE_EXIT_ERROR,      /* the engine failed in a way it cannot explain */
};

/* The engine's own exception numbers (QEMU's EXCP_*), as reported. */
enum engine_excp {
	ENGINE_EXCP_UDEF = 1,       /* PC at the instruction */
	ENGINE_EXCP_SVC = 2,        /* PC after the instruction */
	ENGINE_EXCP_PREFETCH_ABORT = 3,
	ENGINE_EXCP_DATA_ABORT = 4,
	ENGINE_EXCP_BKPT = 7,
	ENGINE_EXCP_HVC = 11,       /* PC after the instruction */
	ENGINE_EXCP_HYP_TRAP = 12,  /* SMC trapped by HCR_EL2.TSC, PC at the SMC */
	ENGINE_EXCP_SMC = 13,       /* PC after the instruction */
};

struct engine_exit {
	enum engine_exit_kind kind;
	unsigned intno;
	uint64_t pc;            /* where execution stopped */
	uint64_t addr;          /* FETCH_HOLE: the address */
	const char *error;      /* ERROR: the engine's message */
};

/*
 * A system register access by the running code, seen before the access is
 * checked (so the core can own any register). enc is the op0:op1:CRn:CRm:op2
 * encoding (SYSREG_ENC in sysreg.h); op0 == 1 for SYS/SYSL instructions.
 */
struct engine_sysreg_access {
	uint32_t enc;
	bool read;
	unsigned rt;            /* 31: XZR */
	uint64_t value;         /* written value (read == false) */
};

/* What the engine calls back into the core with. */
struct engine_client {
	void *core;
	/*
	 * A basic block at pc of size bytes is about to execute. Return false to
	 * stop before it executes (the exit is then ENGINE_EXIT_YIELD at pc).
	 */
	bool (*block)(void *core, uint64_t pc, uint32_t size);
	/*
	 * Return true if the core performed the access (then a read's result is
	 * in acc->value); false lets the engine execute it, which includes its
	 * own checks and traps.
	 */
	bool (*sysreg)(void *core, struct engine_sysreg_access *acc);
	/* An access reached a hole in the physical map (see mem.h). */
	void (*bus_error)(void *core, uint64_t pa, bool write);
	/*
	 * Every data access by the guest (for the timing model), or NULL. Fixed
	 * at creation: watching costs the engine its fast path to RAM, and
	 * Unicorn cannot start watching without retranslating all code, which
	 * fills its whole code buffer.
	 */
	void (*data_access)(void *core, uint64_t va, unsigned size, bool write);
};

/*
 * Creates an engine parked at exception level el (0, 1 or 2) over the
 * physical memory m, for core number cpu. Returns NULL and an error message.
 */
struct engine *engine_create(unsigned el, unsigned cpu, struct phys_mem *m,
			     const struct engine_client *client, const char **error);
void engine_destroy(struct engine *e);

/*
 * Runs from pc until the core must act; the exit says why. With until != 0
 * the engine also stops (ENGINE_EXIT_YIELD) when it reaches that address;
 * code already translated past until must first be forgotten.
 */
void engine_run(struct engine *e, uint64_t pc, uint64_t until, struct engine_exit *exit);

/* Drops translated code for [pc, pc + len), e.g. to stop inside a block. */
void engine_forget_code(struct engine *e, uint64_t pc, uint64_t len);

void engine_save(struct engine *e, struct arch_regs *r);
/* PSTATE alone, cheaply (from the block hook). */
uint32_t engine_read_pstate(struct engine *e);
/* PC alone; in the sysreg callback, the address of the accessing instruction. */
uint64_t engine_read_pc(struct engine *e);
void engine_load(struct engine *e, const struct arch_regs *r);

/*
 * Whether the engine implements a system register itself. One it does not
 * is UNDEFINED when translated, so the core must not perform an access to
 * it in the sysreg callback (the engine would then run off the block): it
 * lets the engine stop there and performs the access on that path.
 */
bool engine_has_sysreg(struct engine *e, uint32_t enc);

/* The engine's own copy of a system register (enc as above). */
uint64_t engine_sysreg_read(struct engine *e, uint32_t enc);
void engine_sysreg_write(struct engine *e, uint32_t enc, uint64_t value);

/* Invalidates every cached translation of the engine (EL1&0 and EL2 regimes). */
void engine_flush_tlb(struct engine *e);

#endif
