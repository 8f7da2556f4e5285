/*
 * test_trace_port.c - unit tests of the hypervisor's trace port
 * (devices/trace_port.c) against hyp/abi.h and docs/running.md: what each
 * event decodes to, what is dropped, and the counts of the run summary.
 *
 * The feed points are wrapped at link time (-Wl,--wrap=machine_trace_switch
 * and the others): every event the port records is kept here, with its
 * arguments, before it reaches the machine's counters. Most tests write the
 * registers from the host as core 0 does (machine_fixture.h), with core 0's
 * clock where the test puts it; one runs tests/unit/progs/trace-port.S,
 * which writes them with the stores a hypervisor makes.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../hyp/abi.h"
#include "../../hyp/config.h"
#include "machine.h"
#include "machine_fixture.h"
#include "platform.h"

#define PORT            PLAT_TRACE_PORT_BASE
#define MAX_EVENTS      64
#define EVENT(kind, core, arg)  ((kind) | (core) << 8 | (arg) << 16)

extern const struct device_type trace_port_device;

/* ------------------------------------------------------- recordings */

struct traced {
	unsigned kind, core;
	uint64_t cycle, ns;
	uint64_t a, b, c;               /* switch: from, to, reason; fault: vm, esr, far; budget: vcpu */
};

static struct traced events[MAX_EVENTS];
static unsigned nevents;

static void keep(struct traced e)
{
	ck_assert_uint_lt(nevents, MAX_EVENTS);
	events[nevents++] = e;
}

void __real_machine_trace_switch(struct machine *mach, unsigned core, uint64_t cycle,
				 uint64_t ns, unsigned from, unsigned to, unsigned reason);
void __real_machine_trace_vm_fault(struct machine *mach, unsigned core, uint64_t cycle,
				   uint64_t ns, unsigned vm, uint64_t esr, uint64_t far);
void __real_machine_trace_budget(struct machine *mach, unsigned core, uint64_t cycle,
				 uint64_t ns, unsigned vcpu);

void __wrap_machine_trace_switch(struct machine *mach, unsigned core, uint64_t cycle,
				 uint64_t ns, unsigned from, unsigned to, unsigned reason)
{
	keep((struct traced){ TRACE_EV_SWITCH, core, cycle, ns, from, to, reason });
	__real_machine_trace_switch(mach, core, cycle, ns, from, to, reason);
}

void __wrap_machine_trace_vm_fault(struct machine *mach, unsigned core, uint64_t cycle,
				   uint64_t ns, unsigned vm, uint64_t esr, uint64_t far)
{
	keep((struct traced){ TRACE_EV_VM_FAULT, core, cycle, ns, vm, esr, far });
	__real_machine_trace_vm_fault(mach, core, cycle, ns, vm, esr, far);
}

void __wrap_machine_trace_budget(struct machine *mach, unsigned core, uint64_t cycle,
				 uint64_t ns, unsigned vcpu)
{
	keep((struct traced){ TRACE_EV_BUDGET, core, cycle, ns, vcpu, 0, 0 });
	__real_machine_trace_budget(mach, core, cycle, ns, vcpu);
}

static void expect(unsigned i, unsigned kind, unsigned core, uint64_t cycle, uint64_t ns,
		   uint64_t a, uint64_t b, uint64_t c)
{
	const struct traced *e = &events[i];

	ck_assert_msg(i < nevents, "event %u: only %u recorded", i, nevents);
	ck_assert_msg(e->kind == kind && e->core == core && e->cycle == cycle && e->ns == ns &&
		      e->a == a && e->b == b && e->c == c,
		      "event %u: kind %u core %u cycle %llu ns %llu args 0x%llx 0x%llx 0x%llx; "
		      "expected kind %u core %u cycle %llu ns %llu args 0x%llx 0x%llx 0x%llx", i,
		      e->kind, e->core, (unsigned long long)e->cycle, (unsigned long long)e->ns,
		      (unsigned long long)e->a, (unsigned long long)e->b, (unsigned long long)e->c,
		      kind, core, (unsigned long long)cycle, (unsigned long long)ns,
		      (unsigned long long)a, (unsigned long long)b, (unsigned long long)c);
}

/* ------------------------------------------------------------ set-up */

/* Two cores at EL2, 1 GHz (a cycle is a nanosecond), nothing recorded. */
static void setup(void)
{
	struct machine_config cfg = fixture_config(2, NULL);

	cfg.ncores = 2;
	fixture_init(&cfg);
	nevents = 0;
}

/* Core 0's clock at ns (it makes the accesses). */
static void at(uint64_t ns)
{
	m->core[0].cycles = core_cycles_at(&m->core[0], ns);
	ck_assert_uint_eq(core_ns(&m->core[0]), ns);
}

static void data(uint64_t d0, uint64_t d1)
{
	dev_write64(PORT, TRACE_PORT_DATA0, d0);
	dev_write64(PORT, TRACE_PORT_DATA1, d1);
}

static void event(uint32_t word)
{
	dev_write(PORT, TRACE_PORT_EVENT, 4, word);
}

/* What the device adds to the run summary. */
static void device_report(char *buf, size_t len)
{
	FILE *f;

	memset(buf, 0, len);            /* glibc writes nothing when nothing was */
	f = fmemopen(buf, len, "w");
	ck_assert_ptr_nonnull(f);
	trace_port_device.report(machine_device(m, &trace_port_device), f);
	ck_assert_int_eq(fclose(f), 0);
}

/* ------------------------------------------------------------- tests */

/*
 * A switch: the vCPUs staged in DATA0 and DATA1, the reason from the event
 * word, the core it names, the time of the write; counted by reason.
 */
START_TEST(test_switch)
{
	at(1500);
	data(TRACE_VCPU_IDLE, TRACE_VCPU_ID(1, 2));
	event(EVENT(TRACE_EV_SWITCH, 0, SWITCH_WOKEN));
	ck_assert_uint_eq(nevents, 1);
	expect(0, TRACE_EV_SWITCH, 0, 1500, 1500, TRACE_VCPU_IDLE, 0x102, SWITCH_WOKEN);
	ck_assert_uint_eq(m->stats.switches[SWITCH_WOKEN], 1);
}
END_TEST

/* Every reason, each counted apart: reason r written r times. */
START_TEST(test_switch_reasons)
{
	unsigned n = 0;

	data(TRACE_VCPU_ID(0, 0), TRACE_VCPU_ID(7, 7));
	for (unsigned r = SWITCH_PREEMPTED; r <= SWITCH_VM_STOPPED; r++)
		for (unsigned k = 0; k < r; k++) {
			at(100 * ++n);
			event(EVENT(TRACE_EV_SWITCH, 0, r));
			expect(n - 1, TRACE_EV_SWITCH, 0, 100 * n, 100 * n, 0, 0x707, r);
		}
	ck_assert_uint_eq(nevents, 21);
	ck_assert_uint_eq(m->stats.switches[0], 0);
	for (unsigned r = SWITCH_PREEMPTED; r <= SWITCH_VM_STOPPED; r++)
		ck_assert_uint_eq(m->stats.switches[r], r);
	ck_assert_uint_eq(m->stats.switches[7], 0);
}
END_TEST

/* A fault: ESR and FAR whole (64 bits), the VM from the event word. */
START_TEST(test_vm_fault)
{
	at(42);
	data(0x92000046, 0xffff000012345678);
	event(EVENT(TRACE_EV_VM_FAULT, 1, 7));
	expect(0, TRACE_EV_VM_FAULT, 1, 42, 42, 7, 0x92000046, 0xffff000012345678);
	ck_assert_uint_eq(m->stats.vm_faults, 1);
	ck_assert_uint_eq(m->stats.budgets_exhausted, 0);
}
END_TEST

START_TEST(test_budget)
{
	at(7);
	data(TRACE_VCPU_ID(3, 1), 0);
	event(EVENT(TRACE_EV_BUDGET, 0, 0));
	expect(0, TRACE_EV_BUDGET, 0, 7, 7, 0x301, 0, 0);
	ck_assert_uint_eq(m->stats.budgets_exhausted, 1);
	ck_assert_uint_eq(m->stats.vm_faults, 0);
}
END_TEST

/*
 * An event about core 1 written by core 0: the time of the write, and the
 * cycle core 1's clock (2 GHz here) reaches then.
 */
START_TEST(test_other_core)
{
	core_set_freq(&m->core[1], 2000000000ull);
	at(1000);
	data(TRACE_VCPU_ID(0, 1), TRACE_VCPU_IDLE);
	event(EVENT(TRACE_EV_SWITCH, 1, SWITCH_BLOCKED_WFI));
	expect(0, TRACE_EV_SWITCH, 1, 2000, 1000, 0x1, TRACE_VCPU_IDLE, SWITCH_BLOCKED_WFI);
}
END_TEST

/*
 * The data registers: a write of a low half zero-extends, one of a high
 * half keeps the low; they stay staged across events; the event word's
 * high half and the other offsets record nothing; everything reads 0.
 */
START_TEST(test_registers)
{
	data(0xffffffffffffffff, 0xffffffffffffffff);
	dev_write(PORT, TRACE_PORT_DATA0, 4, TRACE_VCPU_ID(2, 0));
	dev_write(PORT, TRACE_PORT_DATA1, 4, 0x12345678);
	dev_write(PORT, TRACE_PORT_DATA1 + 4, 4, 0x9abcdef0);
	dev_write(PORT, TRACE_PORT_EVENT + 4, 4, EVENT(TRACE_EV_BUDGET, 0, 0));
	dev_write(PORT, 0x18, 4, EVENT(TRACE_EV_BUDGET, 0, 0));
	dev_write(PORT, 0xfffc, 4, EVENT(TRACE_EV_BUDGET, 0, 0));
	ck_assert_uint_eq(nevents, 0);
	event(EVENT(TRACE_EV_VM_FAULT, 0, 2));
	event(EVENT(TRACE_EV_BUDGET, 0, 0));
	expect(0, TRACE_EV_VM_FAULT, 0, 0, 0, 2, 0x200, 0x9abcdef012345678);
	expect(1, TRACE_EV_BUDGET, 0, 0, 0, 0x200, 0, 0);
	for (uint64_t off = 0; off <= TRACE_PORT_EVENT + 4; off += 4)
		ck_assert_uint_eq(dev_read(PORT, off, 4), 0);
}
END_TEST

/*
 * Events that cannot be: dropped, counted in the device's report, none
 * reaching a feed point or a counter; and a write that is not a 32-bit
 * one is a bus error, not an event.
 */
START_TEST(test_malformed)
{
	static const struct { uint64_t d0, d1; uint32_t word; } bad[] = {
		{ 0, 0, EVENT(9, 0, 0) },                                       /* kind */
		{ 0, 0, EVENT(0, 0, 0) },
		{ 0, 0, EVENT(TRACE_EV_SWITCH, 2, SWITCH_YIELD) },              /* core */
		{ 0, 0, EVENT(TRACE_EV_SWITCH, 0, 0) },                         /* reason */
		{ 0, 0, EVENT(TRACE_EV_SWITCH, 0, SWITCH_VM_STOPPED + 1) },
		{ 0x800, 0, EVENT(TRACE_EV_SWITCH, 0, SWITCH_YIELD) },          /* VM 8 */
		{ 0, 0x008, EVENT(TRACE_EV_SWITCH, 0, SWITCH_YIELD) },          /* vCPU 8 */
		{ 0x10000, 0, EVENT(TRACE_EV_SWITCH, 0, SWITCH_YIELD) },        /* > 16 bits */
		{ 0, 0, EVENT(TRACE_EV_VM_FAULT, 0, HYP_MAX_VMS) },             /* VM */
		{ TRACE_VCPU_IDLE, 0, EVENT(TRACE_EV_BUDGET, 0, 0) },           /* idle's budget */
		{ 0x1000000000000ull, 0, EVENT(TRACE_EV_BUDGET, 0, 0) },
	};
	char summary[128];

	device_report(summary, sizeof(summary));
	ck_assert_str_eq(summary, "");
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		data(bad[i].d0, bad[i].d1);
		event(bad[i].word);
	}
	dev_write(PORT, TRACE_PORT_EVENT, 2, EVENT(TRACE_EV_BUDGET, 0, 0));
	ck_assert_uint_eq(nevents, 0);
	for (unsigned r = 0; r < MACHINE_SWITCH_REASONS; r++)
		ck_assert_uint_eq(m->stats.switches[r], 0);
	ck_assert_uint_eq(m->stats.vm_faults, 0);
	ck_assert_uint_eq(m->stats.budgets_exhausted, 0);
	device_report(summary, sizeof(summary));
	ck_assert_str_eq(summary, "phonesim: trace port: 11 malformed events dropped\n");
}
END_TEST

/* The port is in the machine's device tree, without an interrupt. */
START_TEST(test_device_tree)
{
	static const char node[] = "trace-port@c040000";
	static const char compatible[] = "phonesim,trace-port";
	size_t size;
	uint8_t *dtb = machine_dtb(m, &size);
	bool found_node = false, found_compatible = false;

	ck_assert_ptr_nonnull(dtb);
	for (size_t i = 0; i + sizeof(compatible) <= size; i++) {
		found_node |= !memcmp(dtb + i, node, sizeof(node));
		found_compatible |= !memcmp(dtb + i, compatible, sizeof(compatible));
	}
	free(dtb);
	ck_assert(found_node && found_compatible);
}
END_TEST

/*
 * A program at EL2 writes the registers as a hypervisor does (STP, 64-bit
 * and 32-bit STR): three events, in order, on core 0, in time order
 * (functional timing at 1 GHz: cycle = ns; a block's accesses share a time).
 */
START_TEST(test_program)
{
	fixture_load_prog("trace-port", 0);
	run_to_exit();
	ck_assert_uint_eq(nevents, 3);
	expect(0, TRACE_EV_SWITCH, 0, events[0].ns, events[0].ns, TRACE_VCPU_IDLE, 0x100,
	       SWITCH_WOKEN);
	expect(1, TRACE_EV_VM_FAULT, 0, events[1].ns, events[1].ns, 1, 0x92000046,
	       0xffff000012345678);
	expect(2, TRACE_EV_BUDGET, 0, events[2].ns, events[2].ns, 0x100, 0, 0);
	ck_assert_uint_gt(events[0].ns, 0);
	ck_assert_uint_ge(events[1].ns, events[0].ns);
	ck_assert_uint_ge(events[2].ns, events[1].ns);
	ck_assert_uint_eq(m->stats.switches[SWITCH_WOKEN], 1);
	ck_assert_uint_eq(m->stats.vm_faults, 1);
	ck_assert_uint_eq(m->stats.budgets_exhausted, 1);
}
END_TEST

static Suite *trace_port_suite(void)
{
	Suite *s = suite_create("trace_port");
	TCase *tc = tcase_create("trace_port");

	tcase_add_checked_fixture(tc, setup, fixture_destroy);
	tcase_add_test(tc, test_switch);
	tcase_add_test(tc, test_switch_reasons);
	tcase_add_test(tc, test_vm_fault);
	tcase_add_test(tc, test_budget);
	tcase_add_test(tc, test_other_core);
	tcase_add_test(tc, test_registers);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_device_tree);
	tcase_add_test(tc, test_program);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(trace_port_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
