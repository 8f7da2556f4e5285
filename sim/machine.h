/*
 * machine.h - the simulated SoC: cores, physical memory, the system
 * register handlers devices install, and the loop that runs the cores.
 *
 * Cores advance in turn, in a fixed order, each up to a common horizon: the
 * next device event, or the end of a quantum of simulated time. Then the
 * events due fire. So a run is deterministic: the same image and options
 * give the same instruction counts and the same events, bit for bit.
 *
 * Not here: devices (devices/), the trace database (traces/, fed by the
 * machine_trace_* functions), the CLI.
 */
#ifndef PHONESIM_MACHINE_H
#define PHONESIM_MACHINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core.h"
#include "device.h"
#include "event.h"
#include "mem.h"
#include "memsys.h"
#include "semihost.h"
#include "sysreg.h"
#include "timing.h"

#define MACHINE_MAX_CORES       8
#define MACHINE_MAX_DEVICES     16
#define MACHINE_MAX_PARAMS      64
/* The run lengths guests may be told: from 1 ms to 32 bits of microseconds. */
#define MACHINE_DURATION_MIN_NS 1000000ull
#define MACHINE_DURATION_MAX_NS (4000ull * 1000000000ull)

struct machine_config {
	unsigned ncores;
	uint64_t ram_size;
	unsigned start_el;              /* 2, or 1 for a machine without EL2 */
	uint64_t max_insns;             /* run limit over all cores; 0: none */
	uint64_t max_ns;                /* run limit in simulated time; 0: none */
	/*
	 * How long the workloads should run, told to every guest in its device
	 * tree (dtb.c); 0: not told. A length the guests keep, not a limit.
	 */
	uint64_t duration_ns;
	uint64_t quantum_ns;            /* simulated time per turn when cores share the run */
	uint64_t freq_hz;               /* core clock override; 0: the preset's */
	const char *soc;                /* timing preset: "small" (NULL) or "phone" */
	enum timing_mode timing;        /* TIMING_FUNCTIONAL (0) or TIMING_DETAILED */
	uint64_t fast_forward;          /* detailed timing only after this many instructions */
	uint64_t counter_hz;            /* the generic timer's frequency (CNTFRQ_EL0) */
	const char *cmdline;            /* for SYS_GET_CMDLINE */
	/*
	 * The lowest EL whose HLT #0xF000 is a semihosting call (1 by default;
	 * 2 under a hypervisor, so that guests cannot reach the host: theirs is
	 * UNDEFINED, as HLT is without a debugger).
	 */
	unsigned semihosting_min_el;
	FILE *console;                  /* guest output (semihosting, UART); NULL: none */
	/* Device parameters, "device.key=value" (machine_param_u64). */
	unsigned nparams;
	const char *params[MACHINE_MAX_PARAMS];
};

/* Where interrupt lines go: the interrupt controller, once it exists. */
typedef void (*machine_irq_fn)(void *opaque, unsigned cpu, unsigned intid, bool level);

/* The platform firmware (EL3): SMC, and HVC on a machine without EL2.
 * Returns false for a function it does not implement. */
typedef bool (*machine_firmware_fn)(void *opaque, struct core *c);

/* Room for the hypervisor's switch reasons (hyp/abi.h SWITCH_*, from 1). */
#define MACHINE_SWITCH_REASONS  8
/* Their names, as the trace database and the run summary give them. */
extern const char *const machine_switch_reason[MACHINE_SWITCH_REASONS];

/* Counters the run summary reports. */
struct machine_stats {
	uint64_t exceptions[4];         /* by enum exc_kind */
	uint64_t exceptions_by_ec[64];  /* synchronous, by ESR.EC */
	uint64_t returns;
	uint64_t bus_errors;
	uint64_t irqs_raised, irqs_acknowledged, irqs_completed;
	uint64_t deadlines, deadline_misses;
	/* What the hypervisor reported through the trace port. */
	uint64_t switches[MACHINE_SWITCH_REASONS];      /* by reason */
	uint64_t vm_faults, budgets_exhausted;
};

/* The life of an interrupt, as the interrupt controller reports it. */
enum irq_event { IRQ_RAISED, IRQ_ACKNOWLEDGED, IRQ_COMPLETED };

struct recorder;

struct machine {
	struct machine_config cfg;
	bool has_el2;
	struct phys_mem mem;
	unsigned ncores;
	struct core core[MACHINE_MAX_CORES];
	struct sysreg_handlers sysreg_handlers;
	uint64_t tlb_epoch;             /* bumped by every TLB invalidation */
	struct semihost_env semihost;
	struct event_queue events;
	uint64_t now_ns;                /* every core has run up to here */
	uint64_t horizon_ns;            /* this turn runs every core up to here */
	struct core *running;           /* the core being run, or NULL */

	struct timing_config timing;    /* the preset, resolved */
	struct memsys *memsys;          /* NULL in functional mode */
	struct timing_core *timing_core;        /* one per core; NULL in functional mode */

	unsigned ndevices;
	void *device_state[MACHINE_MAX_DEVICES];
	machine_irq_fn irq;
	void *irq_opaque;
	machine_firmware_fn firmware;
	void *firmware_opaque;
	bool param_used[MACHINE_MAX_PARAMS];
	char error[192];                /* room for a composed error message */

	unsigned boot_el;               /* where core 0 started: for PSCI and reset */
	uint64_t boot_entry;

	struct recorder *recorder;      /* the trace database's, or NULL */
	/* Set (from a signal handler, say) to end the run at the next turn. */
	volatile sig_atomic_t stop;
	/* Set (by a timer, say) to have progress(m) called at the next turn. */
	volatile sig_atomic_t progress_due;
	void (*progress)(const struct machine *m);

	bool finished;                  /* the guest asked to exit */
	int exit_code;
	struct core *failed;            /* the core whose stop ended the run */
	struct machine_stats stats;
};

/*
 * Creates memory, the platform's devices and the cores (powered off; core 0
 * is started by the caller). On failure returns -1 with a one-line error;
 * a bad parameter (unknown, malformed) makes it return -2.
 */
int machine_init(struct machine *m, const struct machine_config *cfg, const char **error);
void machine_destroy(struct machine *m);

/*
 * Runs until the guest exits, a core fails, a limit is reached, or stop is
 * set. Returns the process exit status: the guest's (0-255), or 1. Prints a
 * one-line report on stderr when the run failed, except after a stop:
 * whoever set it knows why.
 */
int machine_run(struct machine *m);

uint64_t machine_instructions(const struct machine *m);

struct elf_image;

/* Copies an image's segments into RAM (elf_read has checked they fit). */
void machine_load(struct machine *m, const struct elf_image *img);


/* ------------------------------------------------------ for devices */

/*
 * A device reports a guest's misuse (an unimplemented register, a wrong
 * access size): one line on stderr naming the device, the core and the
 * block it was executing. Devices say it once per register.
 */
void machine_device_note(struct machine *m, unsigned cpu, const char *device,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The state of the machine's device of that type, or NULL. */
void *machine_device(struct machine *m, const struct device_type *type);

/*
 * A device wrote guest RAM behind the cores' backs (DMA): code translated
 * from those bytes is dropped, so a guest that loads code runs it.
 */
void machine_ram_written(struct machine *m, uint64_t pa, uint64_t len);

/* The clock core cpu boots at (Hz): the configured one, or its preset's. */
uint64_t machine_core_hz(const struct machine *m, unsigned cpu);

/* Claims a window of the physical map (only while devices are created). */
int machine_add_window(struct machine *m, const struct mmio_window *w);

/*
 * A waiting core was woken (by another core's IPI, a device): during
 * another core's turn, it resumes at that core's time, and a turn that
 * another core runs alone is cut to a quantum, so the woken one is not kept
 * waiting for the rest of it.
 */
void machine_core_woken(struct machine *m, struct core *c);

/* Drives interrupt line intid (of core cpu, for SGIs and PPIs). */
void machine_set_irq(struct machine *m, unsigned cpu, unsigned intid, bool level);

/*
 * The value of parameter "name" (e.g. "modem.period_us"), or def when it is
 * not given. A value that is not a whole number in [min, max] makes *error
 * point to a message and returns def.
 */
uint64_t machine_param_u64(struct machine *m, const char *name, uint64_t def,
			   uint64_t min, uint64_t max, const char **error);
/* The string value of a parameter, or def. */
const char *machine_param_str(struct machine *m, const char *name, const char *def);

/*
 * Called by the core at every exception and return (the trace recorder's
 * feed): esr for synchronous exceptions and SErrors, far when far_valid,
 * elr the preferred return address; an ERET goes from from_el to to_el
 * (the same EL for an illegal return).
 */
void machine_trace_exception(struct machine *m, struct core *c, enum exc_kind kind,
			     unsigned from_el, unsigned to_el, uint32_t esr, uint64_t elr,
			     bool far_valid, uint64_t far);
void machine_trace_return(struct machine *m, struct core *c, unsigned from_el, unsigned to_el);

/* The interrupt controller: interrupt intid went through ev for core cpu. */
void machine_trace_irq(struct machine *m, unsigned intid, unsigned cpu, enum irq_event ev);

/*
 * A real-time deadline (a modem frame, a display vsync): released at
 * release_ns, due at deadline_ns, completed at done_ns — UINT64_MAX when it
 * never was — and missed or not.
 */
void machine_trace_deadline(struct machine *m, const char *source, uint64_t frame,
			    uint64_t release_ns, uint64_t deadline_ns, uint64_t done_ns,
			    bool missed);

/*
 * The hypervisor's scheduling and faults, as it reports them through the
 * trace port (devices/trace_port.c; the encoding is hyp/abi.h). Each event
 * is about core `core`, at simulated time ns, which is cycle `cycle` of
 * that core. A vCPU is TRACE_VCPU_ID(vm, vcpu): VM index in bits [15:8],
 * vCPU index in [7:0]; TRACE_VCPU_IDLE (0xffff) is the core running no vCPU.
 *
 * switch: the core went from vCPU `from` to vCPU `to` for `reason`
 * (SWITCH_PREEMPTED .. SWITCH_VM_STOPPED, 1-6).
 */
void machine_trace_switch(struct machine *m, unsigned core, uint64_t cycle, uint64_t ns,
			  unsigned from, unsigned to, unsigned reason);
/* VM `vm` (its index in hyp_config) was stopped for a fault: its ESR and FAR. */
void machine_trace_vm_fault(struct machine *m, unsigned core, uint64_t cycle, uint64_t ns,
			    unsigned vm, uint64_t esr, uint64_t far);
/* vCPU `vcpu` used up its budget for the current period. */
void machine_trace_budget(struct machine *m, unsigned core, uint64_t cycle, uint64_t ns,
			  unsigned vcpu);

/* Text a guest wrote to a console device (vm -1: no hypervisor). */
void machine_trace_console(struct machine *m, int vm, const char *text, size_t len);

/*
 * The machine's flattened device tree (dtb.c): cores, RAM, PSCI and every
 * device's description. malloc'd; NULL when out of memory.
 */
uint8_t *machine_dtb(struct machine *m, size_t *size);

/* The guest ended the run through semihosting. */
void machine_exit(struct machine *m, int code);

#endif
