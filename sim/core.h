/*
 * core.h - one simulated ARMv8-A core: EL0, EL1 and EL2 in AArch64.
 *
 * The core holds the architectural state (general registers, PSTATE, the
 * system registers it owns), runs code on the engine of its current EL, and
 * implements what the engine does not: exception entry and return, routing,
 * syndromes, asynchronous interrupts, WFI, semihosting and the firmware
 * (EL3) calls. docs/core.md explains the design.
 *
 * Interface for the rest of the simulator: create, run for a budget of
 * instructions, drive interrupt lines, read state. Nothing outside sim/
 * sees an engine.
 */
#ifndef PHONESIM_CORE_H
#define PHONESIM_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "pagewalk.h"
#include "sysreg.h"
#include "timing.h"

struct machine;

/* Interrupt lines into the core (from the interrupt controller). */
enum core_line {
	CORE_LINE_IRQ = 1u << 0,
	CORE_LINE_FIQ = 1u << 1,
	CORE_LINE_SERROR = 1u << 2,
	CORE_LINE_VIRQ = 1u << 3,       /* the GIC's virtual CPU interface */
	CORE_LINE_VFIQ = 1u << 4,
};

enum core_status {
	CORE_RUNNING,
	CORE_WFI,               /* waiting for an interrupt */
	CORE_OFF,               /* powered down (not yet started) */
	CORE_STOPPED,           /* the run is over for this core: see stop_reason */
};

enum exc_kind { EXC_SYNC = 0, EXC_IRQ = 1, EXC_FIQ = 2, EXC_SERROR = 3 };

/* The last exception taken, for reports. */
struct core_exception {
	bool valid;
	enum exc_kind kind;
	unsigned from_el, to_el;
	uint32_t esr;
	uint64_t elr;
};

struct fp_scan;

struct core {
	unsigned id;
	struct machine *m;
	unsigned el;
	enum core_status status;
	const char *stop_reason;        /* set when status is CORE_STOPPED */

	struct arch_regs r;             /* valid whenever the engine is not running */
	uint64_t sr[SR_COUNT];          /* the registers of sysreg.h */
	uint64_t sr_reset[SR_COUNT];    /* their values at power-on */

	struct engine *engine[3];
	uint64_t shadow[3][SR_COUNT];   /* what each engine's own copy holds */
	uint64_t tlb_epoch_seen[3];     /* machine TLB epoch each engine was flushed at */
	int par_in_engine;              /* an AT left PAR_EL1 in that engine, or -1 */

	unsigned lines;                 /* enum core_line, as driven */
	bool stop_requested;            /* stop at the next block boundary */
	bool bus_error;                 /* an access reached a hole: SError pending */
	uint64_t bus_error_pa;

	/* Accounting: instructions retired, by EL; the core's clock. */
	uint64_t icount, icount_el[3];
	/* Exceptions taken from, and exception returns executed at, each EL. */
	uint64_t exceptions_el[3], returns_el[3];
	uint64_t cycles;
	/* Of those, the cycles spent running and waiting for an interrupt, by EL (energy). */
	uint64_t run_cycles_el[3], wait_cycles_el[3];
	uint64_t freq_hz;               /* since clock_base: DVFS may change it */
	uint64_t ns_per_cycle_q32;      /* 1e9 / freq_hz, in 32.32 fixed point */
	struct timing_core *timing;     /* the timing model; NULL: functional mode */
	uint64_t clock_base_ns, clock_base_cycles;
	uint64_t budget_end;            /* stop at this cycle count */
	uint64_t icount_end;            /* or this instruction count */
	uint64_t fp_trap_at;            /* stop here: an FP/SIMD instruction that traps */
	struct fp_scan *fp_scans;       /* blocks already scanned for FP/SIMD (core.c) */
	uint64_t block_pc;              /* the block the engine last entered */
	uint32_t block_size;
	bool in_sysreg;                 /* the engine is in the MRS/MSR callback */
	uint64_t icount_at_last_exception;
	unsigned exceptions_without_progress;
	struct core_exception last_exception;
};

int core_init(struct core *c, struct machine *m, unsigned id, const char **error);
void core_destroy(struct core *c);

/* Puts the core at el with pc; the other state is as at reset. */
void core_reset(struct core *c, unsigned el, uint64_t pc);

/*
 * Powers a core on at el, entry, with X0 = context (PSCI CPU_ON): registers
 * at their reset values (so its MMU is off, as PSCI promises), its clock at
 * now_ns if it was behind. Returns false if it is not off.
 */
bool core_power_on(struct core *c, unsigned el, uint64_t entry, uint64_t context,
		   uint64_t now_ns);

/* Powers a core off (PSCI CPU_OFF): it stops at its next block boundary. */
void core_power_off(struct core *c);

/*
 * Runs until the core's clock reaches until_cycles, icount reaches
 * until_icount, or the core leaves CORE_RUNNING. A block that has started
 * completes, so the clock may pass until_cycles by less than a block.
 */
void core_run(struct core *c, uint64_t until_cycles, uint64_t until_icount);

void core_set_lines(struct core *c, unsigned lines);

/* The core's simulated time; the cycle count it reaches at ns; its clock. */
uint64_t core_ns(const struct core *c);
/*
 * core_ns, at the instruction being executed: what a device handler serving
 * a system register (the generic timer's counter) must read, in the middle
 * of a block the block hook has counted as a whole.
 */
uint64_t core_ns_now(const struct core *c);
uint64_t core_cycles_at(const struct core *c, uint64_t ns);
void core_set_freq(struct core *c, uint64_t hz);

/*
 * True when an interrupt that ends a WFI is pending: any physical one,
 * whatever its routing and masks, or a virtual one the core would take if
 * PSTATE did not mask it (D1.16.2, InterruptPending()).
 */
bool core_interrupt_pending(const struct core *c);

/* HCR_EL2 as it applies to the core: 0 on a machine without EL2. */
uint64_t core_hcr(const struct core *c);

/*
 * An External abort on a device access at physical address pa, delivered
 * as an SError (devices refusing an access, and holes in the map, use it).
 */
void core_external_abort(struct core *c, uint64_t pa);

/*
 * Translates va in the regime of the current EL (stage 1, and stage 2 when
 * on), reading descriptors through read; true when it succeeded.
 */
bool core_walk(struct core *c, uint64_t va, enum walk_access acc, bool unprivileged,
	       walk_read64_fn read, void *ctx, struct walk_result *res);

/*
 * Switches the core between the timing model and functional mode (a core
 * created for functional timing has no data-access hook: it stays so).
 */
void core_set_timing(struct core *c, struct timing_core *timing);

/* Drops translated code and block costs for [pa, pa + len) (after DMA into RAM). */
void core_forget_code(struct core *c, uint64_t pa, uint64_t len);

/*
 * What the core has done at each EL, exact at the instruction being
 * executed (a system register handler asks in the middle of a block, which
 * the block hook counted as a whole before it ran).
 */
struct core_progress {
	uint64_t insns[3];              /* instructions retired */
	uint64_t cycles[3];             /* cycles spent running or waiting (not while off) */
	uint64_t exceptions[3];         /* exceptions taken from the EL */
	uint64_t returns[3];            /* exception returns executed at the EL */
};

void core_progress(const struct core *c, struct core_progress *p);

/* A running core spends n cycles at its current EL: its clock, and the count by EL. */
static inline void core_charge(struct core *c, uint64_t n)
{
	c->cycles += n;
	c->run_cycles_el[c->el] += n;
}

/*
 * The core waits for an interrupt, as WFI does (D1.16.2): unless one it
 * would take if PSTATE did not mask it is pending, it leaves the run until
 * one is (core_set_lines). PSCI CPU_SUSPEND uses it too.
 */
void core_wait_for_interrupt(struct core *c);

/* Stops the core for good with a reason (a report names it). */
void core_stop(struct core *c, const char *reason);

#endif
