/*
 * generic_timer.h - the ARM generic timer of every core (ARM DDI 0487,
 * chapter D11): the system counter, and per core the EL1 physical, virtual
 * and EL2 physical timers, as system registers.
 *
 * The counter runs at a fixed platform frequency (CNTFRQ_EL0, 19.2 MHz by
 * default, as common in phones) from simulated time, never host time, so
 * reads are deterministic. A timer's condition is met when the counter
 * reaches its compare value; its interrupt output (to the GIC's PPIs 30, 27
 * and 26) is asserted exactly then, through an event in simulated time.
 *
 * Not here: the interrupt controller that the outputs feed (devices/gic*).
 */
#ifndef PHONESIM_GENERIC_TIMER_H
#define PHONESIM_GENERIC_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

struct machine;


/* The PPIs the timers drive (QEMU virt's numbering; docs/platform.md). */
#define GTIMER_PPI_HYP_PHYS     26
#define GTIMER_PPI_VIRT         27
#define GTIMER_PPI_PHYS         30

enum gtimer_kind { GTIMER_PHYS, GTIMER_VIRT, GTIMER_HYP, GTIMER_KINDS };

struct gtimer;

struct gtimer_timer {
	uint64_t ctl;           /* ENABLE, IMASK (ISTATUS is computed) */
	uint64_t cval;
	bool output;            /* the interrupt line as last driven */
	struct event deadline;  /* when the condition will be met */
	struct gtimer *g;       /* back to the whole, for the deadline event */
	unsigned cpu;
	enum gtimer_kind kind;
};

struct gtimer_cpu {
	uint64_t cntvoff;       /* CNTVOFF_EL2 */
	struct gtimer_timer t[GTIMER_KINDS];
};

/* Where the timer outputs go: the interrupt controller's PPI inputs. */
typedef void (*gtimer_output_fn)(void *opaque, unsigned cpu, unsigned intid, bool level);

/* The machine's timer (it is the device "generic_timer"). */
struct gtimer *gtimer_of(struct machine *m);

/* What a register handler's opaque points to: which register it serves. */
struct gtimer_binding {
	struct gtimer *g;
	int reg;
	enum gtimer_kind kind;
};

#define GTIMER_NREGS            13
#define GTIMER_MAX_CPUS         8

struct gtimer {
	struct machine *m;
	uint64_t freq_hz;
	/* machine_set_irq by default; a test may watch the outputs instead. */
	gtimer_output_fn output;
	void *output_opaque;
	struct gtimer_cpu cpu[GTIMER_MAX_CPUS];
	struct gtimer_binding binding[GTIMER_NREGS];
};

/* The physical count seen by a core now. */
uint64_t gtimer_count(const struct gtimer *g, unsigned cpu);

#endif
