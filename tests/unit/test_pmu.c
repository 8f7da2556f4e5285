/*
 * test_pmu.c - tests of the Performance Monitors Extension (devices/pmu.c)
 * as guests see it: programs in tests/unit/progs/pmu-*.S program the PMU,
 * read it, take its traps and its interrupt; the host checks what they
 * read against what the core itself counted (sim/core.h, core_progress),
 * in windows between pauses (pmu-progs.h), and against ARM DDI 0487: the
 * PM* register descriptions and chapter D11.
 *
 * Functional timing (one cycle an instruction) where values must be exact,
 * detailed timing for determinism and the timing model's events.
 */
#include "core.h"
#include "machine.h"
#include "machine_fixture.h"
#include "sysreg.h"
#include "progs/pmu-progs.h"

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* More than any window of the programs takes. */
#define WINDOW_CYCLES   1000000

/* ESR_ELx for an MSR/MRS trapped with EC 0x18, ARMv8.0 ISS layout (IL = 1). */
#define EC_SYS64        0x18u
#define ESR_IL          (1u << 25)

static uint64_t esr_sysreg(uint32_t enc, unsigned rt, bool read)
{
	return (uint64_t)EC_SYS64 << 26 | ESR_IL | SYSREG_OP0(enc) << 20 | SYSREG_OP2(enc) << 17 |
	       SYSREG_OP1(enc) << 14 | SYSREG_CRN(enc) << 10 | rt << 5 | SYSREG_CRM(enc) << 1 |
	       (read ? 1u : 0u);
}

#define ESR_UNDEF       ((uint64_t)ESR_IL)      /* EC 0x00 */

/* The registers, by encoding (the test does not take the device's word for them). */
#define PMCR_EL0        SYSREG_ENC(3, 3, 9, 12, 0)
#define PMCNTENSET_EL0  SYSREG_ENC(3, 3, 9, 12, 1)
#define PMSWINC_EL0     SYSREG_ENC(3, 3, 9, 12, 4)
#define PMSELR_EL0      SYSREG_ENC(3, 3, 9, 12, 5)
#define PMCEID0_EL0     SYSREG_ENC(3, 3, 9, 12, 6)
#define PMCCNTR_EL0     SYSREG_ENC(3, 3, 9, 13, 0)
#define PMXEVTYPER_EL0  SYSREG_ENC(3, 3, 9, 13, 1)
#define PMUSERENR_EL0   SYSREG_ENC(3, 3, 9, 14, 0)
#define PMINTENSET_EL1  SYSREG_ENC(3, 0, 9, 14, 1)
#define PMEVCNTR(n)     SYSREG_ENC(3, 3, 14, 8 | (n) >> 3, (n) & 7)

/* ---------------------------------------------------------- machines */

static struct core *boot(const char *name, unsigned start_el, enum timing_mode timing)
{
	struct machine_config cfg = fixture_config(start_el, NULL);

	cfg.timing = timing;
	cfg.cmdline = name;
	return fixture_boot(&cfg, name, 0);
}

/*
 * Runs c to its next pause (a WFI with nothing pending), first waking it
 * from the one it is in with an IRQ that the WFI completes on but is never
 * taken (it is masked, and dropped before the core runs again). Returns
 * what the core had done by the pause, the WFI included.
 */
static struct core_progress to_pause(struct core *c)
{
	struct core_progress p;

	if (c->status == CORE_WFI) {
		core_set_lines(c, CORE_LINE_IRQ);
		ck_assert_int_eq(c->status, CORE_RUNNING);
		core_set_lines(c, 0);
	}
	core_run(c, c->cycles + WINDOW_CYCLES, UINT64_MAX);
	ck_assert_msg(c->status == CORE_WFI, "no pause (status %d, %s, pc 0x%llx)", c->status,
		      c->stop_reason ? c->stop_reason : "-", (unsigned long long)c->r.pc);
	core_progress(c, &p);
	return p;
}

/* Wakes c from its pause and runs the program to its exit, which must be 0. */
static void finish(struct core *c)
{
	core_set_lines(c, CORE_LINE_IRQ);
	core_set_lines(c, 0);
	run_to_exit();
}

static uint64_t result(unsigned slot)
{
	uint64_t v;

	ck_assert_uint_lt(slot, PMU_NRESULTS);
	ck_assert(mem_read(&m->mem, PMU_RESULTS + 8 * slot, &v, sizeof(v)));
	return v;
}

/* ------------------------------------------------------------ counting */

/* ELs, as a set: which a counter counts at. */
#define AT(el)          (1u << (el))
#define EVERY_EL        (AT(0) | AT(1) | AT(2))

/* What the core counted at the ELs in els from a to b. */
static uint64_t counted(const uint64_t *a, const uint64_t *b, unsigned els)
{
	uint64_t n = 0;

	for (unsigned el = 0; el < 3; el++)
		if (els & AT(el))
			n += b[el] - a[el];
	return n;
}

/* p less the last n instructions it retired, at el (functional timing: and their cycles). */
static struct core_progress back(struct core_progress p, unsigned el, uint64_t n)
{
	p.insns[el] -= n;
	p.cycles[el] -= n;
	return p;
}

/*
 * pmu-count, window 1: each counter read what the core counted at the ELs
 * its filter allows, from the PMCR_EL0 write that reset it (the first
 * instruction after pause 1) to its own read: the k-th of the seven reads
 * before pause 2, so 8 - k instructions (the rest of the reads, the WFI)
 * before the pause. PMCCNTR_EL0 is the core's cycle count exactly. The
 * window takes two exceptions (SVC from EL0, HVC from EL1) and returns
 * twice (ERET at EL2, at EL1); EL0 runs a MOV, LOOP_EL0 trips of two
 * instructions and the SVC, a cycle each.
 */
START_TEST(test_counts_by_el)
{
	static const struct {
		const char *what;
		unsigned els;
		size_t field;           /* which count of struct core_progress */
	} ctr[7] = {
		{ "PMCCNTR_EL0", EVERY_EL, offsetof(struct core_progress, cycles) },
		{ "INST_RETIRED", EVERY_EL, offsetof(struct core_progress, insns) },
		{ "EXC_TAKEN", EVERY_EL, offsetof(struct core_progress, exceptions) },
		{ "EXC_RETURN", EVERY_EL, offsetof(struct core_progress, returns) },
		{ "CPU_CYCLES at EL0", AT(0), offsetof(struct core_progress, cycles) },
		{ "INST_RETIRED at EL1", AT(1), offsetof(struct core_progress, insns) },
		{ "INST_RETIRED at EL1, EL2 (NSK)", AT(1) | AT(2), offsetof(struct core_progress, insns) },
	};
	struct core *c = boot("pmu-count", 2, TIMING_FUNCTIONAL);
	struct core_progress s1 = to_pause(c), s2 = to_pause(c);

	to_pause(c);
	for (unsigned k = 0; k < 7; k++) {
		struct core_progress at = back(s2, 2, 8 - k);
		const uint64_t *a = (const uint64_t *)((const char *)&s1 + ctr[k].field);
		const uint64_t *b = (const uint64_t *)((const char *)&at + ctr[k].field);
		uint64_t expected = counted(a, b, ctr[k].els);

		ck_assert_msg(result(k) == expected, "%s: read %llu, the core counted %llu",
			      ctr[k].what, (unsigned long long)result(k),
			      (unsigned long long)expected);
	}
	/* What the program says the window does, independently of the core's counts. */
	ck_assert_uint_eq(result(2), 2);
	ck_assert_uint_eq(result(3), 2);
	ck_assert_uint_eq(result(4), 2 * LOOP_EL0 + 2);
	ck_assert_uint_eq(result(1), result(0) + 1);    /* one cycle an instruction */
	ck_assert_uint_eq(s2.exceptions[0] - s1.exceptions[0], 1);
	ck_assert_uint_eq(s2.exceptions[1] - s1.exceptions[1], 1);
	ck_assert_uint_eq(s2.returns[1] - s1.returns[1], 1);
	ck_assert_uint_eq(s2.returns[2] - s1.returns[2], 1);
}
END_TEST

/*
 * pmu-count, window 2: with PMCR_EL0.D (and LC clear) the cycle counter
 * counts once every 64 cycles (PMCR_EL0, D) from the PMCR_EL0 write that
 * reset it, whose prescaler starts at 0 too; the read is the last
 * instruction before pause 4.
 */
START_TEST(test_divider)
{
	struct core *c = boot("pmu-count", 2, TIMING_FUNCTIONAL);
	struct core_progress s3, s4;
	uint64_t cycles;

	for (unsigned i = 0; i < 3; i++)
		s3 = to_pause(c);
	s4 = back(to_pause(c), 2, 2);
	to_pause(c);
	cycles = counted(s3.cycles, s4.cycles, EVERY_EL);
	ck_assert_uint_eq(cycles, 2 + 2 * LOOP_DIV);
	ck_assert_uint_eq(result(7), cycles / 64);
}
END_TEST

/*
 * pmu-count, window 3: PMCNTENCLR/PMCNTENSET_EL0 stop and restart the
 * cycle counter (it counts the instructions from the PMCR_EL0 write to the
 * CLR, and from the SET to the read); PMCR_EL0.E = 0 stops it after the
 * next instruction; PMCR_EL0.P resets the event counters but not the cycle
 * counter, PMCR_EL0.C the cycle counter; P and C read as 0, and the rest
 * of PMCR_EL0 is the Cortex-A57's (IMP 0x41, IDCODE 0x01, N = 6).
 */
START_TEST(test_enable_and_reset)
{
	struct core *c = boot("pmu-count", 2, TIMING_FUNCTIONAL);

	for (unsigned i = 0; i < 5; i++)
		to_pause(c);
	finish(c);
	ck_assert_uint_eq(result(8), 2 * (NOPS_ON + 1));
	ck_assert_uint_eq(result(9), result(8) + 1);
	ck_assert_uint_eq(result(10), CCNT_BIT | 0x3f);
	ck_assert_uint_gt(result(11), 0);
	ck_assert_uint_eq(result(12), 0);
	ck_assert_uint_eq(result(13), result(9));
	ck_assert_uint_eq(result(14), 0);
	ck_assert_uint_eq(result(15), 0x41013000);
}
END_TEST

/* ------------------------------------------------------------ overflow */

/* What pmu-overflow-el1's IRQ handler recorded of interrupt i. */
struct irq_record {
	uint64_t iar, ovs, ccntr, evcntr0, elr;
};

static struct irq_record irq_record(unsigned i)
{
	unsigned s = 8 + 8 * i;

	return (struct irq_record){
		.iar = result(s), .ovs = result(s + 1), .ccntr = result(s + 2),
		.evcntr0 = result(s + 3), .elr = result(s + 4),
	};
}

/*
 * pmu-overflow-el1: an overflow sets the counter's PMOVSSET_EL0 bit and,
 * with its PMINTENSET_EL1 bit and PMCR_EL0.E, raises the PMU interrupt
 * (CheckForPMUOverflow), INTID 23 through the GIC: the handler sees the
 * counter already past its overflow, by little (the overflow is found by
 * an event at the cycle it happens: the core stops within a block of it).
 * The cycle counter overflows at 2^32 with PMCR_EL0.LC clear, and goes on
 * counting in its upper bits; an event counter wraps at 2^32; with LC set
 * the cycle counter overflows at 2^64, which sets the flag and, with no
 * interrupt enabled, raises nothing. Clearing the flag lowers the line
 * (one interrupt each); setting one through PMOVSSET_EL0 raises it at once
 * (ELR_EL1 = the instruction after the MSR).
 */
START_TEST(test_overflow_interrupts)
{
	struct irq_record r;

	boot("pmu-overflow-el1", 1, TIMING_FUNCTIONAL);
	run_to_exit();
	ck_assert_uint_eq(result(3), 3);
	ck_assert_uint_eq(m->stats.exceptions[EXC_IRQ], 3);

	r = irq_record(0);
	ck_assert_uint_eq(r.iar, PMU_PPI);
	ck_assert_uint_eq(r.ovs, CCNT_BIT);
	ck_assert_uint_ge(r.ccntr, 1ull << 32);
	ck_assert_uint_lt(r.ccntr, (1ull << 32) + 32);

	r = irq_record(1);
	ck_assert_uint_eq(r.iar, PMU_PPI);
	ck_assert_uint_eq(r.ovs, 1);
	ck_assert_uint_lt(r.evcntr0, 32);

	ck_assert_uint_eq(result(0), CCNT_BIT);
	ck_assert_uint_lt(result(1), 200);

	/* Step 3's flag is still set: only software clears the flags. */
	r = irq_record(2);
	ck_assert_uint_eq(r.iar, PMU_PPI);
	ck_assert_uint_eq(r.ovs, CCNT_BIT | 1);
	ck_assert_uint_eq(r.elr, result(2));
}
END_TEST

/* -------------------------------------------------------------- access */

#define PMXEVCNTR_EL0   SYSREG_ENC(3, 3, 9, 13, 2)

/* An exception a program logged (pmu-progs.h). */
struct logged {
	uint64_t esr, elr, el;
};

static struct logged logged(unsigned i)
{
	uint64_t e = PMU_LOG + 32 * (i + 1);
	struct logged l;

	ck_assert(mem_read(&m->mem, e + PMU_LOG_ESR, &l.esr, sizeof(l.esr)));
	ck_assert(mem_read(&m->mem, e + PMU_LOG_ELR, &l.elr, sizeof(l.elr)));
	ck_assert(mem_read(&m->mem, e + PMU_LOG_EL, &l.el, sizeof(l.el)));
	return l;
}

static uint64_t log_count(void)
{
	uint64_t n;

	ck_assert(mem_read(&m->mem, PMU_LOG, &n, sizeof(n)));
	return n;
}

/* The MRS/MSR of enc with Rt = X0, as encoded (C6.2 MRS, MSR (register)). */
static uint32_t insn_sysreg(uint32_t enc, bool read)
{
	return 0xd5100000u | (read ? 1u << 21 : 0) | (uint32_t)(enc - (2u << 14)) << 5;
}

/*
 * Exception i was taken to el from the access to enc (read or written,
 * with X0): a trap (EC 0x18, its ISS naming the access) or, with undef,
 * UNDEFINED (EC 0x00); ELR is the instruction itself, the access named,
 * so the engine stopped precisely there.
 */
static void expect_logged(unsigned i, unsigned el, uint32_t enc, bool read, bool undef)
{
	struct logged l = logged(i);
	uint32_t word;

	ck_assert_msg(l.el == el, "exception %u: taken to EL%llu, expected EL%u", i,
		      (unsigned long long)l.el, el);
	ck_assert_msg(l.esr == (undef ? ESR_UNDEF : esr_sysreg(enc, 0, read)),
		      "exception %u: ESR 0x%llx, expected 0x%llx", i, (unsigned long long)l.esr,
		      (unsigned long long)(undef ? ESR_UNDEF : esr_sysreg(enc, 0, read)));
	ck_assert(mem_read(&m->mem, l.elr, &word, sizeof(word)));
	ck_assert_msg(word == insn_sysreg(enc, read), "exception %u: ELR 0x%llx holds 0x%08x, "
		      "expected 0x%08x", i, (unsigned long long)l.elr, word, insn_sysreg(enc, read));
}

/*
 * pmu-access, parts 1 and 2: the traps of each register's "Accessing"
 * pseudocode at EL0. PMUSERENR_EL0.EN allows everything; CR allows reading
 * PMCCNTR_EL0, ER reading the event counters and PMSELR_EL0, SW writing
 * PMSWINC_EL0; otherwise a trap to EL1 (EC 0x18). EL0 always reads
 * PMUSERENR_EL0, never writes it, never reaches PMINTENSET_EL1
 * (UNDEFINED). With the access allowed by PMUSERENR_EL0, MDCR_EL2.TPM
 * traps it to EL2, and MDCR_EL2.TPMCR PMCR_EL0 alone. Each trap is taken
 * precisely, at the instruction, PMEVCNTR4_EL0 (a register Unicorn lacks)
 * as well. An access allowed is performed: the SW_INCR write counted.
 */
START_TEST(test_el0_access_rules)
{
	static const struct {
		unsigned el;
		uint32_t enc;
		bool read, undef;
	} expected[] = {
		/* PMUSERENR_EL0 = 0 */
		{ 1, PMCR_EL0, true, false }, { 1, PMCCNTR_EL0, true, false },
		{ 1, PMSWINC_EL0, false, false }, { 1, PMSELR_EL0, true, false },
		{ 1, PMEVCNTR(0), true, false }, { 1, PMEVCNTR(4), true, false },
		{ 1, PMCEID0_EL0, true, false },
		{ 1, PMUSERENR_EL0, false, true }, { 1, PMINTENSET_EL1, true, true },
		/* CR */
		{ 1, PMCCNTR_EL0, false, false }, { 1, PMCR_EL0, true, false },
		/* ER */
		{ 1, PMEVCNTR(0), false, false }, { 1, PMXEVTYPER_EL0, true, false },
		/* SW */
		{ 1, PMCCNTR_EL0, true, false },
		/* TPM, PMUSERENR_EL0 = 0; then EN */
		{ 1, PMCR_EL0, true, false },
		{ 2, PMCR_EL0, true, false }, { 2, PMSWINC_EL0, false, false },
		{ 2, PMEVCNTR(4), true, false },
		/* TPMCR */
		{ 2, PMCR_EL0, true, false },
	};
	const unsigned n = sizeof(expected) / sizeof(expected[0]);

	boot("pmu-access", 2, TIMING_FUNCTIONAL);
	run_to_exit();
	ck_assert_uint_eq(log_count(), n);
	for (unsigned i = 0; i < n; i++)
		expect_logged(i, expected[i].el, expected[i].enc, expected[i].read,
			      expected[i].undef);
	ck_assert_uint_eq(result(0), 0);                /* PMUSERENR_EL0 as EL0 reads it */
	ck_assert_uint_eq(result(1), 2);                /* PMSELR_EL0 written and read with ER */
	ck_assert_uint_eq(result(2), 1);                /* one SW_INCR: the allowed write */
	ck_assert_uint_eq(PMCR_N(result(3)), 6);
}
END_TEST

/*
 * pmu-access, part 3: MDCR_EL2.HPMN = 2 leaves counters 0 and 1 to EL1 and
 * EL0: PMCR_EL0.N reads 2 there (6 at EL2); the other counters' bits of
 * PMCNTENSET_EL0 are RAZ/WI; PMEVCNTR3_EL0, and PMXEVCNTR_EL0 with
 * PMSELR_EL0.SEL = 3, read 0 and ignore writes (CONSTRAINED
 * UNPREDICTABLE, made RAZ/WI); PMCR_EL0.P at EL1 resets counters 0 and 1
 * only. PMCR_EL0.E enables the first range, MDCR_EL2.HPME the second.
 */
START_TEST(test_hpmn)
{
	boot("pmu-access", 2, TIMING_FUNCTIONAL);
	run_to_exit();
	ck_assert_uint_eq(PMCR_N(result(4)), 2);
	ck_assert_uint_eq(result(5), CCNT_BIT | 3);
	ck_assert_uint_eq(result(6), 0);
	ck_assert_uint_eq(result(7), 0);
	ck_assert_uint_eq(result(8), 0x1111);
	ck_assert_uint_eq(PMCR_N(result(9)), 2);
	ck_assert_uint_eq(result(10), 0x5555);
	ck_assert_uint_eq(result(11), 0);
	ck_assert_uint_eq(PMCR_N(result(12)), 6);
	ck_assert_uint_eq(result(13), 2);
	ck_assert_uint_eq(result(14), 1);
}
END_TEST

/* ------------------------------------------------ timing-model events */

/* The timing model's counts of core 0 that pmu-events-el1's counters count. */
struct model_counts {
	uint64_t l1d_refill, l1d, l2_refill, mispredicts, branches;
};

static struct model_counts model_counts(void)
{
	const struct cache_stats *l1d = &m->memsys->l1d[0].stats, *l2 = &m->memsys->l2[0].stats;
	const struct timing_counters *t = &m->timing_core[0].counters;

	return (struct model_counts){
		.l1d_refill = l1d->misses, .l1d = l1d->hits + l1d->misses,
		.l2_refill = l2->misses, .mispredicts = t->mispredicts, .branches = t->branches,
	};
}

/* The events implemented, as PMCEID0_EL0 has them: 0x00-0x05, 0x08-0x0A, 0x10-0x18. */
#define PMCEID0_IMPLEMENTED     0x01ff073full

/*
 * pmu-events-el1, detailed timing: the counters of the timing model's
 * events read what the model counted in the window (its data accesses and
 * branches happen before the reads, which come last before the pause):
 * every load of the window missed the L1D and the L2 (each a new line of a
 * region larger than both), and the LFSR's branches were mispredicted
 * some of the time. INST_RETIRED is exact in detailed timing too.
 */
START_TEST(test_timing_events)
{
	struct core *c = boot("pmu-events-el1", 1, TIMING_DETAILED);
	struct core_progress s1 = to_pause(c), s2;
	struct model_counts a = model_counts(), b;

	s2 = back(to_pause(c), 1, 2);
	b = model_counts();
	finish(c);
	ck_assert_uint_eq(result(1), b.l1d_refill - a.l1d_refill);
	ck_assert_uint_eq(result(2), b.l1d - a.l1d);
	ck_assert_uint_eq(result(3), b.l2_refill - a.l2_refill);
	ck_assert_uint_eq(result(4), b.mispredicts - a.mispredicts);
	ck_assert_uint_eq(result(5), b.branches - a.branches);
	ck_assert_uint_eq(result(6), counted(s1.insns, s2.insns, EVERY_EL));
	ck_assert_uint_ge(result(1), EVENT_LINES);
	ck_assert_uint_ge(result(3), EVENT_LINES);
	ck_assert_uint_gt(result(4), 0);
	ck_assert_uint_ge(result(5), 2 * EVENT_LINES - result(4));
	ck_assert_uint_gt(result(0), 0);
	ck_assert_uint_eq(result(7), PMCEID0_IMPLEMENTED);
}
END_TEST

/* The same in functional timing: no timing model, so its events count 0 (docs/pmu.md). */
START_TEST(test_timing_events_functional)
{
	struct core *c = boot("pmu-events-el1", 1, TIMING_FUNCTIONAL);
	struct core_progress s1 = to_pause(c), s2 = back(to_pause(c), 1, 2);

	finish(c);
	for (unsigned k = 1; k <= 5; k++)
		ck_assert_uint_eq(result(k), 0);
	ck_assert_uint_eq(result(6), counted(s1.insns, s2.insns, EVERY_EL));
	ck_assert_uint_eq(result(0), result(6) - 6);    /* a cycle an instruction, 6 reads apart */
}
END_TEST

/* --------------------------------------------------------- determinism */

/* The results of a program that runs to its exit, and then again. */
static void run_twice(const char *name, unsigned start_el, enum timing_mode timing, unsigned pauses,
		      uint64_t *first, uint64_t *second, unsigned n)
{
	for (unsigned run = 0; run < 2; run++) {
		struct core *c = boot(name, start_el, timing);
		uint64_t *out = run ? second : first;

		for (unsigned i = 0; i < pauses; i++)
			to_pause(c);
		if (pauses)
			finish(c);
		else
			run_to_exit();
		for (unsigned i = 0; i < n; i++)
			out[i] = result(i);
		fixture_destroy();
	}
}

/*
 * The same program reads the same values from the PMU in two runs, in
 * detailed timing (cycles that depend on caches and the predictor), the
 * cycle counter included (from simulated time: Unicorn's own PMCCNTR_EL0
 * follows the host's clock); and so do the overflow interrupts.
 */
START_TEST(test_determinism)
{
	uint64_t a[24], b[24];

	run_twice("pmu-events-el1", 1, TIMING_DETAILED, 2, a, b, 8);
	ck_assert_uint_gt(a[0], 0);
	ck_assert_mem_eq(a, b, 8 * sizeof(a[0]));
	run_twice("pmu-overflow-el1", 1, TIMING_DETAILED, 0, a, b, 24);
	ck_assert_uint_eq(a[3], 3);
	ck_assert_mem_eq(a, b, 24 * sizeof(a[0]));
}
END_TEST

static Suite *pmu_suite(void)
{
	Suite *s = suite_create("pmu");
	TCase *count = tcase_create("counting");
	TCase *ovf = tcase_create("overflow");
	TCase *acc = tcase_create("access");
	TCase *model = tcase_create("timing model");

	tcase_add_checked_fixture(count, NULL, fixture_destroy);
	tcase_add_test(count, test_counts_by_el);
	tcase_add_test(count, test_divider);
	tcase_add_test(count, test_enable_and_reset);
	suite_add_tcase(s, count);

	tcase_add_checked_fixture(model, NULL, fixture_destroy);
	tcase_add_test(model, test_timing_events);
	tcase_add_test(model, test_timing_events_functional);
	tcase_add_test(model, test_determinism);
	suite_add_tcase(s, model);

	tcase_add_checked_fixture(acc, NULL, fixture_destroy);
	tcase_add_test(acc, test_el0_access_rules);
	tcase_add_test(acc, test_hpmn);
	suite_add_tcase(s, acc);

	tcase_add_checked_fixture(ovf, NULL, fixture_destroy);
	tcase_add_test(ovf, test_overflow_interrupts);
	suite_add_tcase(s, ovf);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pmu_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
