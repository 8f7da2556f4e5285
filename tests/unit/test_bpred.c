/*
 * test_bpred.c - unit tests for the branch predictor model (sim/bpred.c):
 * gshare direction counters, the BTB, the return address stack.
 *
 * The predictor is the little core's ("small" and "phone" presets): 10 bits
 * of global history indexing 1024 two-bit counters, all weakly not taken at
 * first; a 256-entry, 2-way BTB (128 sets, set = (pc >> 2) & 127); an
 * 8-entry return stack. bpred_resolve returns true for a misprediction.
 *
 * Expected misprediction counts are worked out by hand in each test.
 */
#include "bpred.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

static const struct bpred_config little = {
	.history_bits = 10, .btb_entries = 256, .btb_ways = 2, .ras_depth = 8,
};

/* pc of a branch whose (pc >> 2) & 1023 is 0: the counter index is the history. */
#define LOOP_PC		0x1000u
#define BTB_SETS	128u

static struct bpred bp;

static void setup(void)
{
	ck_assert_int_eq(bpred_init(&bp, &little), 0);
}

static void teardown(void)
{
	bpred_free(&bp);
}

static bool miss(uint64_t pc, enum branch_kind kind, bool taken, uint64_t target)
{
	return bpred_resolve(&bp, pc, kind, taken, target);
}

/* A taken branch of kind at pc to target. */
static bool jump(uint64_t pc, enum branch_kind kind, uint64_t target)
{
	return miss(pc, kind, true, target);
}

START_TEST(test_init)
{
	static const struct bpred_config bad[] = {
		{ .history_bits = 0, .btb_entries = 256, .btb_ways = 2, .ras_depth = 8 },
		{ .history_bits = 21, .btb_entries = 256, .btb_ways = 2, .ras_depth = 8 },
		{ .history_bits = 10, .btb_entries = 256, .btb_ways = 0, .ras_depth = 8 },
		{ .history_bits = 10, .btb_entries = 256, .btb_ways = 64, .ras_depth = 8 },
		{ .history_bits = 10, .btb_entries = 250, .btb_ways = 4, .ras_depth = 8 },
		{ .history_bits = 10, .btb_entries = 48, .btb_ways = 4, .ras_depth = 8 },  /* 12 sets */
		{ .history_bits = 10, .btb_entries = 256, .btb_ways = 2, .ras_depth = 0 },
	};
	struct bpred k;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(bpred_init(&k, &bad[i]) == -1, "configuration %u accepted", i);
		bpred_free(&k);
	}
}
END_TEST

/*
 * A loop of 4 trips: its branch goes T T T N, again and again. The history
 * starts at 0 and every pattern of it is a counter of its own (the pc adds
 * nothing to the index), weakly not taken the first time: so an outcome is
 * mispredicted exactly when it is taken and its history is new.
 *   Outcomes 0-8: the history still holds the starting zeros, a new
 *   pattern each time: T T T N T T T N T, 7 taken.
 *   Outcomes 9-12: the history is 10 outcomes of the pattern; each of its
 *   4 phases is new once: T T N T, 3 taken. (Outcome 9 sees the starting
 *   zero in bit 9, where the pattern also has an N.)
 *   From outcome 13: every phase has been seen, always followed by the
 *   same outcome, and its counter has learnt it.
 * 10 mispredictions, all in the first 13 outcomes; the first taken one also
 * taught the BTB the target.
 */
START_TEST(test_loop_converges)
{
	const unsigned periods = 50;
	unsigned early = 0, late = 0;

	for (unsigned i = 0; i < 4 * periods; i++) {
		bool taken = i % 4 != 3;
		bool m = miss(LOOP_PC, BRANCH_COND, taken, taken ? LOOP_PC - 16 : LOOP_PC + 4);

		if (i < 13)
			early += m;
		else
			late += m;
	}
	ck_assert_uint_eq(early, 10);
	ck_assert_uint_eq(late, 0);
	ck_assert_uint_eq(bp.stats.branches, 4 * periods);
	ck_assert_uint_eq(bp.stats.mispredicts, 10);
}
END_TEST

/* A conditional branch that is never taken is predicted from the start. */
START_TEST(test_not_taken)
{
	for (unsigned i = 0; i < 20; i++)
		ck_assert(!miss(LOOP_PC, BRANCH_COND, false, LOOP_PC + 4));
	ck_assert_uint_eq(bp.stats.mispredicts, 0);
	/* A fall-through is no branch: neither counted nor mispredicted. */
	ck_assert(!miss(LOOP_PC + 8, BRANCH_NONE, false, LOOP_PC + 12));
	ck_assert_uint_eq(bp.stats.branches, 20);
}
END_TEST

/*
 * A taken branch needs its target from the BTB: unknown the first time,
 * then known, for B and BL (direct) as for BR (indirect).
 */
START_TEST(test_btb_learns)
{
	ck_assert(jump(0x1000, BRANCH_DIRECT, 0x1800));
	ck_assert(!jump(0x1000, BRANCH_DIRECT, 0x1800));
	ck_assert(jump(0x2000, BRANCH_CALL, 0x3000));
	ck_assert(!jump(0x2000, BRANCH_CALL, 0x3000));
	ck_assert(jump(0x2400, BRANCH_INDIRECT, 0x5000));
	ck_assert(!jump(0x2400, BRANCH_INDIRECT, 0x5000));
	ck_assert(jump(0x2800, BRANCH_CALL_INDIRECT, 0x6000));
	ck_assert(!jump(0x2800, BRANCH_CALL_INDIRECT, 0x6000));
	ck_assert_uint_eq(bp.stats.branches, 8);
	ck_assert_uint_eq(bp.stats.mispredicts, 4);
}
END_TEST

/*
 * An indirect branch whose target changes is mispredicted at each change:
 * the BTB holds the last target. Alternating targets always miss.
 */
START_TEST(test_indirect_changing_target)
{
	ck_assert(jump(0x2400, BRANCH_INDIRECT, 0x5000));
	ck_assert(!jump(0x2400, BRANCH_INDIRECT, 0x5000));
	ck_assert(jump(0x2400, BRANCH_INDIRECT, 0x6000));
	ck_assert(!jump(0x2400, BRANCH_INDIRECT, 0x6000));
	for (unsigned i = 0; i < 4; i++)
		ck_assert(jump(0x2400, BRANCH_INDIRECT, i % 2 ? 0x6000 : 0x5000));
	ck_assert_uint_eq(bp.stats.mispredicts, 6);
}
END_TEST

/*
 * Three branches in one BTB set of 2 ways (pcs 512 bytes apart): the
 * third replaces the one used least recently (P1), P2 still hits, P1 is
 * then unknown again.
 */
START_TEST(test_btb_conflict)
{
	const uint64_t p1 = 0x1000, p2 = p1 + 4 * BTB_SETS, p3 = p2 + 4 * BTB_SETS;

	ck_assert(jump(p1, BRANCH_DIRECT, 0x9000));
	ck_assert(jump(p2, BRANCH_DIRECT, 0x9100));
	ck_assert(jump(p3, BRANCH_DIRECT, 0x9200));
	ck_assert(!jump(p2, BRANCH_DIRECT, 0x9100));
	ck_assert(jump(p1, BRANCH_DIRECT, 0x9000));
	/* A branch in another set kept its target throughout. */
	ck_assert(jump(p1 + 4, BRANCH_DIRECT, 0x9300));
	ck_assert(!jump(p1 + 4, BRANCH_DIRECT, 0x9300));
}
END_TEST

/*
 * Nested calls: BL at 0x1000 into f (0x2000), BL at 0x2010 into g; g
 * returns to 0x2014 and f to 0x1004, each predicted by the return stack.
 * The calls themselves are BTB misses the first time only.
 */
START_TEST(test_return_stack_nested)
{
	for (unsigned round = 0; round < 2; round++) {
		ck_assert_uint_eq(jump(0x1000, BRANCH_CALL, 0x2000), round == 0);
		ck_assert_uint_eq(jump(0x2010, BRANCH_CALL, 0x3000), round == 0);
		ck_assert(!jump(0x3008, BRANCH_RETURN, 0x2014));
		ck_assert(!jump(0x2020, BRANCH_RETURN, 0x1004));
	}
	/* An indirect call pushes its return address too. */
	ck_assert(jump(0x1100, BRANCH_CALL_INDIRECT, 0x4000));
	ck_assert(!jump(0x4004, BRANCH_RETURN, 0x1104));
	/* With the stack empty a return is not predicted. */
	ck_assert(jump(0x4004, BRANCH_RETURN, 0x1104));
	ck_assert_uint_eq(bp.stats.mispredicts, 4);
}
END_TEST

/*
 * Nine nested calls on an 8-entry stack: the ninth push forgets the
 * oldest return address. The eight innermost returns are predicted, the
 * outermost is not.
 */
START_TEST(test_return_stack_overflow)
{
	const unsigned depth = 9;

	for (unsigned i = 0; i < depth; i++)
		jump(0x1000 + 0x100 * i, BRANCH_CALL, 0x1000 + 0x100 * (i + 1));
	for (unsigned i = depth; i-- > 1;)
		ck_assert_msg(!jump(0x1080 + 0x100 * i, BRANCH_RETURN, 0x1004 + 0x100 * i),
			      "return to 0x%x mispredicted", 0x1004 + 0x100 * i);
	ck_assert(jump(0x1080, BRANCH_RETURN, 0x1004));
}
END_TEST

/* A return that goes elsewhere (longjmp) is mispredicted and pops its entry. */
START_TEST(test_return_elsewhere)
{
	jump(0x1000, BRANCH_CALL, 0x2000);
	jump(0x2000, BRANCH_CALL, 0x3000);
	ck_assert(jump(0x3000, BRANCH_RETURN, 0x7000));
	ck_assert(!jump(0x7000, BRANCH_RETURN, 0x1004));
}
END_TEST

static Suite *bpred_suite(void)
{
	Suite *s = suite_create("bpred");
	TCase *dir = tcase_create("direction");
	TCase *tgt = tcase_create("targets");
	TCase *ras = tcase_create("returns");

	tcase_add_checked_fixture(dir, setup, teardown);
	tcase_add_test(dir, test_init);
	tcase_add_test(dir, test_loop_converges);
	tcase_add_test(dir, test_not_taken);
	suite_add_tcase(s, dir);

	tcase_add_checked_fixture(tgt, setup, teardown);
	tcase_add_test(tgt, test_btb_learns);
	tcase_add_test(tgt, test_indirect_changing_target);
	tcase_add_test(tgt, test_btb_conflict);
	suite_add_tcase(s, tgt);

	tcase_add_checked_fixture(ras, setup, teardown);
	tcase_add_test(ras, test_return_stack_nested);
	tcase_add_test(ras, test_return_stack_overflow);
	tcase_add_test(ras, test_return_elsewhere);
	suite_add_tcase(s, ras);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(bpred_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
