/*
 * rows.h - one row of the trace database as the recorder hands it to the
 * writer: a fixed-size record, so that rows travel through a ring buffer
 * without allocation (console text is the exception: it is malloc'd and the
 * writer frees it).
 *
 * Not here: what the columns mean (docs/trace-schema.md), or SQL (writer.c).
 */
#ifndef PHONESIM_TRACES_ROWS_H
#define PHONESIM_TRACES_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum row_type {
	ROW_TRAP, ROW_IRQ, ROW_DEADLINE, ROW_SWITCH, ROW_CONSOLE, ROW_COUNTERS, ROW_VM, ROW_VCPU,
	ROW_USAGE, ROW_METRIC,
};

/* No vCPU, VM or vCPU switch partner: stored as NULL. */
#define ROW_NONE        (-1)

#define ROW_NAME_MAX    32

/* Which nullable columns of a trap row hold a value. */
enum {
	TRAP_HAS_ESR = 1u << 0,         /* synchronous exceptions and SErrors */
	TRAP_HAS_FAR = 1u << 1,
	TRAP_HAS_IPA = 1u << 2,
	TRAP_RETURNED = 1u << 3,        /* the return_* columns, insns and cycles */
};

struct trap_row {
	uint64_t id;
	unsigned flags;
	unsigned core, from_el, to_el, return_el;
	const char *kind, *class_name;  /* static strings (ec.h) */
	int vm, vcpu;
	unsigned ec;
	uint32_t esr;
	uint64_t pc, elr, far, ipa;
	uint64_t entry_cycle, entry_ns, return_cycle, return_ns;
	uint64_t insns, cycles;         /* at to_el, from entry to return */
};

/* Which stages of an interrupt's life have been seen. */
enum { IRQ_HAS_DELIVERED = 1u << 0, IRQ_HAS_ACKNOWLEDGED = 1u << 1, IRQ_HAS_COMPLETED = 1u << 2 };

struct irq_row {
	uint64_t id;
	unsigned flags;
	unsigned intid, core;
	const char *source;             /* a device's name, or NULL */
	uint64_t raised_cycle, raised_ns;
	uint64_t delivered_cycle, acknowledged_cycle, completed_cycle;
};

struct deadline_row {
	char source[ROW_NAME_MAX];
	uint64_t frame, release_ns, deadline_ns, done_ns;
	bool done;                      /* done_ns holds a time */
	bool missed;
};

struct switch_row {
	unsigned core;
	uint64_t cycle, ns;
	int from_vcpu, to_vcpu;
	char reason[ROW_NAME_MAX];
};

struct console_row {
	int vm;
	int core;                       /* ROW_NONE: written between turns; no cycle */
	uint64_t cycle, ns;
	char *text;                     /* malloc'd, len bytes; the writer frees it */
	size_t len;
};

struct counters_row {
	unsigned core;
	int vm;                         /* the VM the core was running, or ROW_NONE */
	uint64_t ns, cycles;
	uint64_t insns_el[3], cycles_el[3];
	uint64_t wait_cycles;           /* of cycles_el, those waiting in WFI (vm_usage only) */
	bool has_energy;
	uint64_t energy_fj[3];          /* by EL */
	bool timed;                     /* the timing model's counters are present */
	uint64_t l1d_misses, l2_misses, dram_reads, tlb_misses, branches, mispredicts;
	bool final;
};

/* A row of vms (vcpu unused) or of vcpus (devices unused). */
struct vm_row {
	int vm, vcpu;
	char name[ROW_NAME_MAX];
	char devices[2 * ROW_NAME_MAX]; /* "pl011,modem" */
};

/* A guest's `metric WORKLOAD NAME VALUE UNIT` line. */
struct metric_row {
	int vm;
	uint64_t ns;
	int64_t value;
	char workload[ROW_NAME_MAX], name[2 * ROW_NAME_MAX], unit[ROW_NAME_MAX];
};

struct trace_row {
	enum row_type type;
	union {
		struct trap_row trap;
		struct irq_row irq;
		struct deadline_row deadline;
		struct switch_row sw;
		struct console_row console;
		struct counters_row counters;   /* also ROW_USAGE: ns is the time held */
		struct vm_row vm;
		struct metric_row metric;
	} u;
};

#endif
