/*
 * test_pipeline.c - unit tests for the static block cost (sim/pipeline.c):
 * the class of each instruction and the cycles a block costs on the
 * in-order dual-issue model (Cortex-A55) and the out-of-order one
 * (Cortex-A78), and the branch that ends a block.
 *
 * The words were assembled with clang --target=aarch64-none-elf -c and
 * read back with llvm-objdump-14 -d; each is given with its mnemonic.
 * Latencies are the models' (pipeline.c): A55 ALU 1, MUL 3, DIV 12
 * (unpipelined for 12 cycles), load 3, FP 4, FP_DIV 13 (unit busy 10), one
 * memory port, two instructions a cycle; A78 ALU 1, MUL 2, DIV 12 (busy
 * 10), load 4, FP 3, width 4. An in-order block costs the cycle its last
 * instruction issues, plus one (the next block does not wait for results
 * still in flight); an out-of-order block costs its longest dependence
 * chain, or its instructions over the width when that is longer.
 */
#include "pipeline.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#define N(a)	(sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ classes */

struct classified {
	uint32_t word;
	const char *text;
	enum insn_class class;
};

static const struct classified classes[] = {
	{ 0x91000420, "add x0, x1, #1", IC_ALU },
	{ 0xaa0103e0, "mov x0, x1", IC_ALU },
	{ 0xd37be883, "lsl x3, x4, #5", IC_ALU },
	{ 0xd2824685, "mov x5, #0x1234", IC_ALU },
	{ 0x9a821020, "csel x0, x1, x2, ne", IC_ALU },
	{ 0xf1000421, "subs x1, x1, #1", IC_ALU },
	{ 0x10000002, "adr x2, .", IC_ALU },
	{ 0x9b027c20, "mul x0, x1, x2", IC_MUL },
	{ 0x1b020c20, "madd w0, w1, w2, w3", IC_MUL },
	{ 0x9ba20c20, "umaddl x0, w1, w2, x3", IC_MUL },
	{ 0x9b427c20, "smulh x0, x1, x2", IC_MUL },
	{ 0x9ac20c20, "sdiv x0, x1, x2", IC_DIV },
	{ 0x1ac50883, "udiv w3, w4, w5", IC_DIV },
	{ 0xf9400020, "ldr x0, [x1]", IC_LOAD },
	{ 0x39401c62, "ldrb w2, [x3, #7]", IC_LOAD },
	{ 0xb8627820, "ldr w0, [x1, x2, lsl #2]", IC_LOAD },
	{ 0xa94117e4, "ldp x4, x5, [sp, #16]", IC_LOAD },
	{ 0x3dc00020, "ldr q0, [x1]", IC_LOAD },
	{ 0x88dffce6, "ldar w6, [x7]", IC_LOAD },
	{ 0xc85f7d28, "ldxr x8, [x9]", IC_LOAD },
	{ 0x5800000a, "ldr x10, . (literal)", IC_LOAD },
	{ 0xf9000020, "str x0, [x1]", IC_STORE },
	{ 0xa9bf7bfd, "stp x29, x30, [sp, #-16]!", IC_STORE },
	{ 0x38001462, "strb w2, [x3], #1", IC_STORE },
	{ 0xfd000441, "str d1, [x2, #8]", IC_STORE },
	{ 0xc89ffca4, "stlr x4, [x5]", IC_STORE },
	{ 0xc8067d07, "stxr w6, x7, [x8]", IC_STORE },
	{ 0xd50b7420, "dc zva, x0 (writes the block)", IC_STORE },
	{ 0x14000000, "b .", IC_BRANCH },
	{ 0x94000000, "bl .", IC_BRANCH },
	{ 0x54000001, "b.ne .", IC_BRANCH },
	{ 0xb4000000, "cbz x0, .", IC_BRANCH },
	{ 0x37180001, "tbnz w1, #3, .", IC_BRANCH },
	{ 0xd61f0040, "br x2", IC_BRANCH },
	{ 0xd63f0060, "blr x3", IC_BRANCH },
	{ 0xd65f03c0, "ret", IC_BRANCH },
	{ 0x1e622820, "fadd d0, d1, d2", IC_FP },
	{ 0x1e250883, "fmul s3, s4, s5", IC_FP },
	{ 0x1f420c20, "fmadd d0, d1, d2, d3", IC_FP },
	{ 0x4ea28420, "add v0.4s, v1.4s, v2.4s", IC_FP },
	{ 0x9e660000, "fmov x0, d0", IC_FP },
	{ 0x9e620041, "scvtf d1, x2", IC_FP },
	{ 0x1e621820, "fdiv d0, d1, d2", IC_FP_DIV },
	{ 0x1e251883, "fdiv s3, s4, s5", IC_FP_DIV },
	{ 0x1e61c0e6, "fsqrt d6, d7", IC_FP_DIV },
	{ 0xd51bd040, "msr tpidr_el0, x0", IC_SYSTEM },
	{ 0xd5380001, "mrs x1, midr_el1", IC_SYSTEM },
	{ 0xd4000001, "svc #0", IC_SYSTEM },
	{ 0xd4000002, "hvc #0", IC_SYSTEM },
	{ 0xd45e0000, "hlt #0xf000", IC_SYSTEM },
	{ 0xd503201f, "nop", IC_SYSTEM },
	{ 0xd503207f, "wfi", IC_SYSTEM },
	{ 0xd508871f, "tlbi vmalle1", IC_SYSTEM },
	{ 0xd5033bbf, "dmb ish", IC_BARRIER },
	{ 0xd5033f9f, "dsb sy", IC_BARRIER },
	{ 0xd5033fdf, "isb", IC_BARRIER },
};

START_TEST(test_classes)
{
	const struct classified *c = &classes[_i];
	enum insn_class got = pipeline_class(c->word);

	ck_assert_msg(got == c->class, "%08x %s: %s, expected %s", c->word, c->text,
		      insn_class_name[got], insn_class_name[c->class]);
}
END_TEST

/*
 * SIMULATOR BUG (reported): vector FDIV and FSQRT are FDIV and FSQRT too
 * (pipeline.h: IC_FP_DIV is "FDIV, FSQRT"), and the Cortex-A55 and A78
 * optimization guides run them on the same unpipelined divider; but
 * is_fp_div() matches the scalar encodings only, so they are IC_FP: fully
 * pipelined, 4 cycles on the A55 where a 4S FDIV takes the divider for
 * tens of cycles.
 */
START_TEST(test_vector_fp_div)
{
	/* 6e22fc20 fdiv v0.4s, v1.4s, v2.4s; 6ee1f820 fsqrt v0.2d, v1.2d */
	ck_assert_str_eq(insn_class_name[pipeline_class(0x6e22fc20)], "fp_div");
	ck_assert_str_eq(insn_class_name[pipeline_class(0x6ee1f820)], "fp_div");
}
END_TEST

/*
 * SIMULATOR BUG (reported): ERET (d69f03e0) falls through every test in
 * pipeline_class() and is counted as IC_ALU ("integer arithmetic, logic,
 * moves, shifts"). It is the exception return, the counterpart of the
 * exception-generating instructions of IC_SYSTEM; its class is what the
 * per-class counters (timing_counters.count) and energy see.
 */
START_TEST(test_eret_class)
{
	ck_assert_str_eq(insn_class_name[pipeline_class(0xd69f03e0)], "system");
}
END_TEST

/* --------------------------------------------------------------- costs */

#define PC	0x40001000u

static struct block_cost cost_on(const struct pipeline_model *pm, const uint32_t *code,
				 unsigned n)
{
	struct block_cost bc;

	pipeline_block(pm, code, PC, n, &bc);
	return bc;
}

/* Cycles of the block on the A55 and on the A78. */
static void expect_cycles(const uint32_t *code, unsigned n, uint32_t a55, uint32_t a78)
{
	struct block_cost in = cost_on(&pipeline_a55, code, n);
	struct block_cost ooo = cost_on(&pipeline_a78, code, n);

	ck_assert_msg(in.cycles == a55, "%u instructions on the A55: %u cycles, expected %u",
		      n, in.cycles, a55);
	ck_assert_msg(ooo.cycles == a78, "%u instructions on the A78: %u cycles, expected %u",
		      n, ooo.cycles, a78);
	ck_assert_uint_eq(in.insns, n);
}

/* No instruction reads a register an earlier one writes. */
static const uint32_t independent_alu[] = {
	0x91000420,     /* add x0, x1, #1 */
	0x91000462,     /* add x2, x3, #1 */
	0x910004a4,     /* add x4, x5, #1 */
	0x910004e6,     /* add x6, x7, #1 */
	0x91000528,     /* add x8, x9, #1 */
	0x9100056a,     /* add x10, x11, #1 */
	0x910005ac,     /* add x12, x13, #1 */
	0x910005ee,     /* add x14, x15, #1 */
	0x91000630,     /* add x16, x17, #1 */
};

/*
 * Independent ALU instructions pair up on the A55: n of them take
 * ceil(n / 2) cycles. The A78 takes ceil(n / 4): its chains are 1 long.
 */
START_TEST(test_dual_issue)
{
	for (unsigned n = 1; n <= N(independent_alu); n++)
		expect_cycles(independent_alu, n, (n + 1) / 2, (n + 3) / 4);
	ck_assert_uint_eq(cost_on(&pipeline_a55, independent_alu, 9).count[IC_ALU], 9);
}
END_TEST

/*
 * A dependent chain issues one instruction per result: ADDs (latency 1)
 * cost their number on both. Three dependent MULs: the A55 issues them at
 * cycles 0, 3, 6, so 7 (the last one's result is not waited for); the A78
 * costs the whole chain, 2 + 2 + 2. A load and its use: 3 + 1 on the A55,
 * 4 + 1 on the A78.
 */
START_TEST(test_dependent_chain)
{
	static const uint32_t adds[] = {
		0x91000400, 0x91000400, 0x91000400, 0x91000400, 0x91000400, /* add x0, x0, #1 */
	};
	static const uint32_t muls[] = {
		0x9b017c00, 0x9b017c00, 0x9b017c00,     /* mul x0, x0, x1 */
	};
	static const uint32_t load_use[] = {
		0xf9400020,     /* ldr x0, [x1] */
		0x91000402,     /* add x2, x0, #1 */
	};
	/* A W register write feeds the X register that aliases it. */
	static const uint32_t w_then_x[] = {
		0x11000420,     /* add w0, w1, #1 */
		0x91000402,     /* add x2, x0, #1 */
	};
	static const uint32_t fp_chain[] = {
		0x1e612800, 0x1e612800,                 /* fadd d0, d0, d1 */
	};

	expect_cycles(adds, 4, 4, 4);
	expect_cycles(adds, 5, 5, 5);
	expect_cycles(muls, 3, 3 + 3 + 1, 2 + 2 + 2);
	expect_cycles(load_use, 2, 3 + 1, 4 + 1);
	expect_cycles(w_then_x, 2, 2, 2);
	expect_cycles(fp_chain, 2, 4 + 1, 3 + 3);
}
END_TEST

/*
 * The A55 has one load/store pipe: two loads (or stores) take a cycle
 * each, though a load pairs with an ALU instruction. The A78 has no such
 * limit in this model: its independent loads cost one load latency.
 */
START_TEST(test_memory_port)
{
	static const uint32_t loads[] = {
		0xf9400020,     /* ldr x0, [x1] */
		0xf9400062,     /* ldr x2, [x3] */
		0xf94000a4,     /* ldr x4, [x5] */
		0xf94000e6,     /* ldr x6, [x7] */
	};
	static const uint32_t stores[] = {
		0xf9000020,     /* str x0, [x1] */
		0xf9000062,     /* str x2, [x3] */
	};
	static const uint32_t load_alu[] = {
		0xf9400020,     /* ldr x0, [x1] */
		0x91000462,     /* add x2, x3, #1 */
	};
	static const uint32_t load_store[] = {
		0xf9400062,     /* ldr x2, [x3] */
		0xf9000020,     /* str x0, [x1] */
	};

	expect_cycles(loads, 2, 2, 4);
	expect_cycles(loads, 4, 4, 4);
	expect_cycles(stores, 2, 2, 1);
	expect_cycles(load_alu, 2, 1, 4);
	expect_cycles(load_store, 2, 2, 4);
}
END_TEST

/*
 * The divider is not pipelined: a second, independent SDIV waits for it
 * (W form, A55: busy 12 cycles, so issue at 12, cost 13; A78: busy 10,
 * issue at 10, result at 22; X form, the guides' worst case: A55 busy 20,
 * A78 busy 18 with latency 20), while an independent ADD pairs with the
 * SDIV on the A55. Two scalar FDIVs likewise (A55 divider busy 10, latency
 * 13).
 */
START_TEST(test_div_occupancy)
{
	static const uint32_t divs[] = {
		0x1ac20c20,     /* sdiv w0, w1, w2 */
		0x1ac50c83,     /* sdiv w3, w4, w5 */
	};
	static const uint32_t divs64[] = {
		0x9ac20c20,     /* sdiv x0, x1, x2 */
		0x9ac50c83,     /* sdiv x3, x4, x5 */
	};
	static const uint32_t div_add[] = {
		0x9ac20c20,     /* sdiv x0, x1, x2 */
		0x91000483,     /* add x3, x4, #1 */
	};
	static const uint32_t fdivs[] = {
		0x1e621820,     /* fdiv d0, d1, d2 */
		0x1e651883,     /* fdiv d3, d4, d5 */
	};

	expect_cycles(divs, 2, 12 + 1, 10 + 12);
	expect_cycles(divs64, 2, 20 + 1, 18 + 20);
	expect_cycles(div_add, 2, 1, 20);
	expect_cycles(fdivs, 2, 10 + 1, 7 + 10);
}
END_TEST

/*
 * The A78: the longer of the chain and n / 4. Eight independent ADDs: 2;
 * a chain of 5 ADDs: 5; the chain of 3 MULs (6) beside 9 independent ADDs
 * (12 instructions, 3 cycles of width): 6; a chain of 2 ADDs beside 9
 * independent ones (11 instructions): 3.
 */
START_TEST(test_ooo_width_or_chain)
{
	uint32_t code[12];
	unsigned n = 0;

	for (unsigned i = 0; i < 3; i++)
		code[n++] = 0x9b017c00;                 /* mul x0, x0, x1 */
	for (unsigned i = 0; i < 9; i++)
		code[n++] = independent_alu[i] | 1;     /* add x1, x1, #1 .. add x17, x17, #1 */
	ck_assert_uint_eq(cost_on(&pipeline_a78, code, 12).cycles, 6);
	ck_assert_uint_eq(cost_on(&pipeline_a78, independent_alu, 8).cycles, 2);

	n = 0;
	code[n++] = 0x91000400;                         /* add x0, x0, #1 */
	code[n++] = 0x91000400;
	for (unsigned i = 0; i < 9; i++)
		code[n++] = independent_alu[i] | 1;
	ck_assert_uint_eq(cost_on(&pipeline_a78, code, 11).cycles, 3);
}
END_TEST

/* ----------------------------------------------------------- branches */

struct block_end {
	uint32_t word;
	const char *text;
	enum branch_kind kind;
	int64_t offset;         /* target - branch pc, direct branches */
};

/* Each is the last of a block [add x1, x1, #1; <branch>] at PC. */
static const struct block_end ends[] = {
	{ 0x54ffffe1, "b.ne .-4", BRANCH_COND, -4 },
	{ 0xb4000040, "cbz x0, .+8", BRANCH_COND, 8 },
	{ 0x371fffc1, "tbnz w1, #3, .-8", BRANCH_COND, -8 },
	{ 0x14000400, "b .+0x1000", BRANCH_DIRECT, 0x1000 },
	{ 0x94000040, "bl .+0x100", BRANCH_CALL, 0x100 },
	{ 0xd61f0040, "br x2", BRANCH_INDIRECT, 0 },
	{ 0xd63f0060, "blr x3", BRANCH_CALL_INDIRECT, 0 },
	{ 0xd65f03c0, "ret", BRANCH_RETURN, 0 },
	{ 0x91000462, "add x2, x3, #1 (no branch)", BRANCH_NONE, 0 },
};

START_TEST(test_block_end)
{
	const struct block_end *e = &ends[_i];
	const uint32_t code[] = { 0x91000421 /* add x1, x1, #1 */, e->word };
	struct block_cost bc = cost_on(&pipeline_a55, code, 2);
	bool direct = e->kind == BRANCH_COND || e->kind == BRANCH_DIRECT ||
		      e->kind == BRANCH_CALL;

	ck_assert_msg(bc.branch == e->kind, "%s: kind %d, expected %d", e->text, bc.branch,
		      e->kind);
	ck_assert_uint_eq(bc.branch_pc, PC + 4);
	if (direct)
		ck_assert_msg(bc.branch_target == PC + 4 + (uint64_t)e->offset, "%s: target 0x%llx",
			      e->text, (unsigned long long)bc.branch_target);
	ck_assert_uint_eq(bc.count[IC_BRANCH], e->kind != BRANCH_NONE);
	ck_assert_uint_eq(bc.count[IC_ALU], 1 + (e->kind == BRANCH_NONE));
}
END_TEST

/*
 * B.NE reads the flags: after SUBS it issues a cycle later (2 cycles);
 * after an ADD that sets none it pairs with it (1 cycle).
 */
START_TEST(test_flags_dependence)
{
	static const uint32_t subs_bne[] = {
		0xf1000421,     /* subs x1, x1, #1 */
		0x54ffffe1,     /* b.ne .-4 */
	};
	static const uint32_t add_bne[] = {
		0x91000421,     /* add x1, x1, #1 */
		0x54ffffe1,     /* b.ne .-4 */
	};

	expect_cycles(subs_bne, 2, 2, 2);
	expect_cycles(add_bne, 2, 1, 1);
}
END_TEST

static Suite *pipeline_suite(void)
{
	Suite *s = suite_create("pipeline");
	TCase *cls = tcase_create("classes");
	TCase *cost = tcase_create("costs");
	TCase *br = tcase_create("branches");

	tcase_add_loop_test(cls, test_classes, 0, N(classes));
	tcase_add_test(cls, test_vector_fp_div);
	tcase_add_test(cls, test_eret_class);
	suite_add_tcase(s, cls);

	tcase_add_test(cost, test_dual_issue);
	tcase_add_test(cost, test_dependent_chain);
	tcase_add_test(cost, test_memory_port);
	tcase_add_test(cost, test_div_occupancy);
	tcase_add_test(cost, test_ooo_width_or_chain);
	suite_add_tcase(s, cost);

	tcase_add_loop_test(br, test_block_end, 0, N(ends));
	tcase_add_test(br, test_flags_dependence);
	suite_add_tcase(s, br);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pipeline_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
