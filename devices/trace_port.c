/*
 * trace_port.c - the hypervisor's trace port: a register pair and an event
 * register through which the hypervisor reports its scheduling decisions
 * and the faults that stop a VM, in the spirit of the System Trace
 * Macrocell. The register layout and the events are hyp/abi.h's;
 * docs/running.md describes the port.
 *
 * 32-bit registers (regs.h: aligned 32-bit accesses only, RAZ/WI, misuse
 * noted once per register); writes only, every register reads as zero.
 * DATA0 and DATA1 are 64-bit: a write of the low half zero-extends, one of
 * the high half completes it (a 64-bit store arrives as the two halves, low
 * first). A write of the event word (TRACE_PORT_EVENT, bits [31:0]; the
 * high half is reserved) records the event with the data staged, at the
 * simulated time of the write, through machine_trace_switch, _vm_fault or
 * _budget. An event that does not decode (unknown kind, core, reason, vCPU
 * or VM) is counted in the run summary, noted, and dropped.
 *
 * The port belongs to the hypervisor alone: hyp_boot.c never gives it to a
 * VM, so the events are the hypervisor's word. It raises no interrupt.
 */
#include <stdlib.h>

#include "../hyp/abi.h"
#include "../hyp/config.h"
#include "machine.h"
#include "regs.h"

_Static_assert(SWITCH_VM_STOPPED < MACHINE_SWITCH_REASONS, "machine_stats.switches");

struct trace_port {
	struct machine *m;
	struct reg_window regs;
	uint64_t data[2];
	uint64_t malformed;             /* events dropped */
};

/* A vCPU id of an event: a VM and vCPU that can exist, or (idle_ok) the idle id. */
static bool vcpu_ok(uint64_t id, bool idle_ok)
{
	if (id == TRACE_VCPU_IDLE)
		return idle_ok;
	return id <= 0xffff && (id >> 8) < HYP_MAX_VMS && (id & 0xff) < HYP_MAX_VCPUS;
}

/* Why an event cannot be recorded, or NULL when it can. */
static const char *malformed(const struct trace_port *t, uint32_t word)
{
	unsigned kind = word & 0xff, core = word >> 8 & 0xff, arg = word >> 16 & 0xff;

	if (core >= t->m->ncores)
		return "event for a core that does not exist (dropped)";
	switch (kind) {
	case TRACE_EV_SWITCH:
		if (arg < SWITCH_PREEMPTED || arg > SWITCH_VM_STOPPED)
			return "switch with an unknown reason (dropped)";
		if (!vcpu_ok(t->data[0], true) || !vcpu_ok(t->data[1], true))
			return "switch with a vCPU id that cannot exist (dropped)";
		return NULL;
	case TRACE_EV_VM_FAULT:
		return arg < HYP_MAX_VMS ? NULL : "fault of a VM that cannot exist (dropped)";
	case TRACE_EV_BUDGET:
		return vcpu_ok(t->data[0], false) ? NULL
						  : "budget of a vCPU id that cannot exist (dropped)";
	}
	return "event of an unknown kind (dropped)";
}

static void record(struct trace_port *t, unsigned cpu, uint32_t word)
{
	struct machine *m = t->m;
	unsigned kind = word & 0xff, core = word >> 8 & 0xff, arg = word >> 16 & 0xff;
	const char *why = malformed(t, word);
	uint64_t ns = core_ns(&m->core[cpu]);
	uint64_t cycle;

	if (why) {
		t->malformed++;
		reg_note(&t->regs, cpu, TRACE_PORT_EVENT, why);
		return;
	}
	/* The cycle on the core the event is about, which another core may report. */
	cycle = core == cpu ? m->core[cpu].cycles : core_cycles_at(&m->core[core], ns);
	if (kind == TRACE_EV_SWITCH)
		machine_trace_switch(m, core, cycle, ns, (unsigned)t->data[0], (unsigned)t->data[1],
				     arg);
	else if (kind == TRACE_EV_VM_FAULT)
		machine_trace_vm_fault(m, core, cycle, ns, arg, t->data[0], t->data[1]);
	else
		machine_trace_budget(m, core, cycle, ns, (unsigned)t->data[0]);
}

static uint64_t port_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size)
{
	struct trace_port *t = opaque;

	reg_access_ok(&t->regs, cpu, offset, size);
	return 0;
}

static void port_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
	struct trace_port *t = opaque;

	if (!reg_access_ok(&t->regs, cpu, offset, size))
		return;
	switch (offset) {
	case TRACE_PORT_DATA0:
	case TRACE_PORT_DATA1:
		t->data[offset / 8] = (uint32_t)value;
		return;
	case TRACE_PORT_DATA0 + 4:
	case TRACE_PORT_DATA1 + 4:
		t->data[offset / 8] = (uint32_t)t->data[offset / 8] | value << 32;
		return;
	case TRACE_PORT_EVENT:
		record(t, cpu, (uint32_t)value);
		return;
	case TRACE_PORT_EVENT + 4:
		return;
	}
	reg_note(&t->regs, cpu, offset, "write to a reserved register (ignored)");
}

static const struct mmio_ops ops = { .read = port_read, .write = port_write };

static void reset(void *state)
{
	struct trace_port *t = state;

	t->data[0] = t->data[1] = 0;
}

static void *create(struct machine *m, const char **error)
{
	struct trace_port *t = calloc(1, sizeof(*t));
	struct mmio_window w = {
		.name = "trace_port", .base = PLAT_TRACE_PORT_BASE, .size = PLAT_DEVICE_SIZE,
		.ops = &ops, .opaque = t,
	};

	if (!t || machine_add_window(m, &w) != 0) {
		*error = "cannot claim its window of the physical map";
		free(t);
		return NULL;
	}
	t->m = m;
	reg_window_init(&t->regs, m, "trace_port", PLAT_TRACE_PORT_BASE);
	return t;
}

/* In the machine's device tree (for the hypervisor); never in a VM's (hyp_boot.c). */
static void describe(const void *state, struct device_info *info)
{
	(void)state;
	*info = (struct device_info){
		.node = "trace-port",
		.compatible = "phonesim,trace-port",
		.nregions = 1,
		.region = { { PLAT_TRACE_PORT_BASE, PLAT_DEVICE_SIZE } },
	};
}

static void report(const void *state, FILE *out)
{
	const struct trace_port *t = state;

	if (t->malformed)
		fprintf(out, "phonesim: trace port: %llu malformed events dropped\n",
			(unsigned long long)t->malformed);
}

const struct device_type trace_port_device = {
	.name = "trace_port",
	.summary = "hypervisor trace port: scheduling switches, VM faults, budget exhaustion",
	.create = create,
	.destroy = free,
	.reset = reset,
	.describe = describe,
	.report = report,
};
