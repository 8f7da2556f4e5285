/*
 * test_syndrome.c - unit tests for sim/syndrome.c and sim/insn.c.
 *
 * Syndromes: every syn_* encoder against whole ESR_ELx values worked out by
 * hand from ARM DDI 0487 (ESR_EL1/ESR_EL2: EC in bits [31:26], IL in bit
 * [25], ISS in [24:0], with the ISS layout of each exception class). The
 * expected values are literals, their fields spelt out beside them, so that
 * a wrong shift or mask in the encoder cannot be repeated in the test.
 *
 * Instruction classification: insn_decode on instruction words assembled by
 * clang (--target=aarch64-none-elf -mcpu=cortex-a57) and checked with
 * llvm-objdump, each with the class and the fields it must yield.
 *
 * Not a test of which exception the core raises or where it goes: that is
 * test_core.c and tests/target/.
 */
#include "insn.h"
#include "syndrome.h"
#include "sysreg.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* ------------------------------------------------ exception classes */

START_TEST(test_no_iss)
{
	/* EC 0x00 (IL = 1 for "Unknown reason", as for every A64 instruction). */
	ck_assert_uint_eq(syn_uncategorized(), 0x02000000);
	/* EC 0x0E: 0b001110 << 26 = 0x38000000, IL. */
	ck_assert_uint_eq(syn_illegal_state(), 0x3a000000);
	/* EC 0x22: 0b100010 << 26 = 0x88000000, IL. */
	ck_assert_uint_eq(syn_pc_alignment(), 0x8a000000);
	/* EC 0x2F: 0b101111 << 26 = 0xbc000000, IL, ISS 0 (IMPLEMENTATION
	 * DEFINED without FEAT_RAS; the simulator gives 0, as QEMU does). */
	ck_assert_uint_eq(syn_serror(), 0xbe000000);
}
END_TEST

START_TEST(test_exception_generating)
{
	/* ISS[15:0] = imm16, ISS[24:16] RES0. */
	/* SVC: EC 0x15 -> 0x54000000. */
	ck_assert_uint_eq(syn_svc(0x0000), 0x56000000);
	ck_assert_uint_eq(syn_svc(0x1234), 0x56001234);
	ck_assert_uint_eq(syn_svc(0xffff), 0x5600ffff);
	/* HVC: EC 0x16 -> 0x58000000. */
	ck_assert_uint_eq(syn_hvc(0x5678), 0x5a005678);
	ck_assert_uint_eq(syn_hvc(0xffff), 0x5a00ffff);
	/* SMC: EC 0x17 -> 0x5c000000. */
	ck_assert_uint_eq(syn_smc(0x0001), 0x5e000001);
	ck_assert_uint_eq(syn_smc(0x0000), 0x5e000000);
	/* BRK: EC 0x3C -> 0xf0000000 (ISS[15:0] is the comment). */
	ck_assert_uint_eq(syn_brk(0xf00d), 0xf200f00d);
	ck_assert_uint_eq(syn_brk(0x0000), 0xf2000000);
}
END_TEST

START_TEST(test_wfx)
{
	/*
	 * EC 0x01 -> 0x04000000, IL; ISS: CV (bit 24) = 1, COND [23:20] =
	 * 0b1110 -> 0x01e00000; TI (bit 0): 0 WFI, 1 WFE.
	 */
	ck_assert_uint_eq(syn_wfx(false), 0x07e00000);
	ck_assert_uint_eq(syn_wfx(true), 0x07e00001);
}
END_TEST

START_TEST(test_fp_access)
{
	/* EC 0x07 -> 0x1c000000, IL; CV = 1, COND = 0xE, as QEMU reports it. */
	ck_assert_uint_eq(syn_fp_access(), 0x1fe00000);
}
END_TEST

/* --------------------------------------------------- MSR/MRS/SYS traps */

/*
 * EC 0x18 (0x60000000) | IL (0x02000000), ISS: Op0 [21:20], Op2 [19:17],
 * Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read).
 */
static const struct sysreg_case {
	const char *what;
	uint32_t enc;
	unsigned rt;
	bool read;
	uint32_t esr;
} sysreg_cases[] = {
	/* Op0 3 -> 0x300000, CRn 1 -> 0x400, Rt 3 -> 0x60, read -> 1 */
	{ "mrs x3, sctlr_el1", SYSREG_ENC(3, 0, 1, 0, 0), 3, true, 0x62300461 },
	/* Op0 3 -> 0x300000, CRn 2 -> 0x800, Rt 5 -> 0xa0, write */
	{ "msr ttbr0_el1, x5", SYSREG_ENC(3, 0, 2, 0, 0), 5, false, 0x623008a0 },
	/* CRm 7 -> 0xe, Rt 30 -> 0x3c0 */
	{ "mrs x30, id_aa64mmfr0_el1", SYSREG_ENC(3, 0, 0, 7, 0), 30, true, 0x623003cf },
	/* Op2 5 -> 0xa0000, Rt 1 -> 0x20 */
	{ "mrs x1, mpidr_el1", SYSREG_ENC(3, 0, 0, 0, 5), 1, true, 0x623a0021 },
	/* Op1 4 -> 0x10000, CRn 14 -> 0x3800, Rt 2 -> 0x40, CRm 1 -> 0x2 */
	{ "msr cnthctl_el2, x2", SYSREG_ENC(3, 4, 14, 1, 0), 2, false, 0x62313842 },
	/* Op1 1 -> 0x4000, CRn 15 -> 0x3c00, Rt 31 -> 0x3e0, CRm 2 -> 0x4 */
	{ "msr s3_1_c15_c2_0, xzr", SYSREG_ENC(3, 1, 15, 2, 0), 31, false, 0x62307fe4 },
	/* Op0 1 -> 0x100000, CRn 8 -> 0x2000, Rt 31 -> 0x3e0, CRm 3 -> 0x6 */
	{ "tlbi vmalle1is", SYSREG_ENC(1, 0, 8, 3, 0), 31, false, 0x621023e6 },
	/* Op0 1, Op2 5 -> 0xa0000, Op1 2 -> 0x8000, CRn 3 -> 0xc00,
	 * Rt 9 -> 0x120, CRm 4 -> 0x8, read */
	{ "sysl x9, #2, c3, c4, #5", SYSREG_ENC(1, 2, 3, 4, 5), 9, true, 0x621a8d29 },
	/* Every field at its maximum: no field overlaps another, ISS[24:22] = 0. */
	{ "mrs x30, s3_7_c15_c15_7", SYSREG_ENC(3, 7, 15, 15, 7), 30, true, 0x623fffdf },
};

START_TEST(test_sysreg)
{
	const struct sysreg_case *t = &sysreg_cases[_i];

	ck_assert_msg(syn_sysreg(t->enc, t->rt, t->read) == t->esr,
		      "%s: ESR 0x%08x, expected 0x%08x", t->what,
		      syn_sysreg(t->enc, t->rt, t->read), t->esr);
}
END_TEST

/* ------------------------------------------------------------ aborts */

/* Data/instruction abort ISS fields. */
#define ISV		(UINT32_C(1) << 24)
#define SAS(n)		((uint32_t)(n) << 22)
#define SSE		(UINT32_C(1) << 21)
#define SRT(n)		((uint32_t)(n) << 16)
#define SF		(UINT32_C(1) << 15)
#define AR		(UINT32_C(1) << 14)
#define CM		(UINT32_C(1) << 8)
#define WNR		(UINT32_C(1) << 6)

START_TEST(test_insn_abort)
{
	/* EC 0x21 (same EL) -> 0x84000000; EC 0x20 (lower) -> 0x80000000.
	 * ISS: EA bit 9, S1PTW bit 7, IFSC [5:0]. */
	/* Translation fault, level 3. */
	ck_assert_uint_eq(syn_insn_abort(true, 0x07, false, false), 0x86000007);
	/* Permission fault, level 3, from a lower EL. */
	ck_assert_uint_eq(syn_insn_abort(false, 0x0f, false, false), 0x8200000f);
	/* Stage 2 translation fault, level 2, on the stage 1 walk: S1PTW. */
	ck_assert_uint_eq(syn_insn_abort(false, 0x06, true, false), 0x82000086);
	/* Synchronous External abort with EA. */
	ck_assert_uint_eq(syn_insn_abort(true, 0x10, false, true), 0x86000210);
	/* External abort on the walk, level 0: S1PTW and EA. */
	ck_assert_uint_eq(syn_insn_abort(false, 0x14, true, true), 0x82000294);
}
END_TEST

START_TEST(test_data_abort)
{
	/* EC 0x25 (same EL) -> 0x94000000; EC 0x24 (lower) -> 0x90000000.
	 * ISS: ISV 24, SAS 23:22, SSE 21, SRT 20:16, SF 15, AR 14, EA 9,
	 * CM 8, S1PTW 7, WnR 6, DFSC 5:0. */

	/* LDR w2, stage 2 translation fault level 2: ISV, SAS 2, SRT 2. */
	ck_assert_uint_eq(syn_data_abort(false, ISV | SAS(2) | SRT(2), 0x06, false, false),
			  0x93820006);
	/* STR x5, permission fault level 3: ISV, SAS 3, SRT 5, SF, WnR. */
	ck_assert_uint_eq(syn_data_abort(false, ISV | SAS(3) | SRT(5) | SF | WNR, 0x0f,
					 false, false), 0x93c5804f);
	/* LDRSB w2, translation level 3: ISV, SAS 0, SSE, SRT 2. */
	ck_assert_uint_eq(syn_data_abort(false, ISV | SSE | SRT(2), 0x07, false, false),
			  0x93220007);
	/* LDAR x7, translation level 1: ISV, SAS 3, SRT 7, SF, AR. */
	ck_assert_uint_eq(syn_data_abort(false, ISV | SAS(3) | SRT(7) | SF | AR, 0x05,
					 false, false), 0x93c7c005);
	/* Same EL, no instruction syndrome: a load, and a store (WnR). */
	ck_assert_uint_eq(syn_data_abort(true, 0, 0x07, false, false), 0x96000007);
	ck_assert_uint_eq(syn_data_abort(true, WNR, 0x07, false, false), 0x96000047);
	/* Cache maintenance (DC IVAC): CM and WnR. */
	ck_assert_uint_eq(syn_data_abort(true, CM | WNR, 0x07, false, false), 0x96000147);
	/* Stage 2 fault on the stage 1 walk: S1PTW. */
	ck_assert_uint_eq(syn_data_abort(false, 0, 0x05, true, false), 0x92000085);
	/* Synchronous External abort: EA. */
	ck_assert_uint_eq(syn_data_abort(true, 0, 0x10, false, true), 0x96000210);
	/* External abort on the walk, level 1, with a syndrome: all of it. */
	ck_assert_uint_eq(syn_data_abort(false, ISV | SAS(1) | SRT(30) | WNR, 0x15,
					 true, true), 0x935e02d5);
	/* Alignment fault. */
	ck_assert_uint_eq(syn_data_abort(true, 0, FSC_ALIGNMENT, false, false), 0x96000021);
}
END_TEST

/* --------------------------------------------------- insn_decode */

static const struct decode_case {
	uint32_t word;
	const char *text;       /* what llvm-objdump prints for word */
	enum insn_kind kind;
	uint16_t imm;           /* HLT/SVC/HVC/SMC/BRK */
	uint32_t enc;           /* INSN_SYSREG */
	unsigned rt;
	bool read;
} decode_cases[] = {
#define CASE(w, t, k)	.word = (w), .text = (t), .kind = (k)
	{ CASE(0xd503207f, "wfi", INSN_WFI) },
	{ CASE(0xd503205f, "wfe", INSN_WFE) },
	{ CASE(0xd45e0000, "hlt #0xf000", INSN_HLT), .imm = 0xf000 },
	{ CASE(0xd4400000, "hlt #0", INSN_HLT), .imm = 0 },
	{ CASE(0xd5381003, "mrs x3, SCTLR_EL1", INSN_SYSREG),
	  .enc = SYSREG_ENC(3, 0, 1, 0, 0), .rt = 3, .read = true },
	{ CASE(0xd5182005, "msr TTBR0_EL1, x5", INSN_SYSREG),
	  .enc = SYSREG_ENC(3, 0, 2, 0, 0), .rt = 5, .read = false },
	{ CASE(0xd519f21f, "msr S3_1_C15_C2_0, xzr", INSN_SYSREG),
	  .enc = SYSREG_ENC(3, 1, 15, 2, 0), .rt = 31, .read = false },
	{ CASE(0xd51ce102, "msr CNTHCTL_EL2, x2", INSN_SYSREG),
	  .enc = SYSREG_ENC(3, 4, 14, 1, 0), .rt = 2, .read = false },
	{ CASE(0xd53b4400, "mrs x0, FPCR", INSN_SYSREG),
	  .enc = SYSREG_ENC(3, 3, 4, 4, 0), .rt = 0, .read = true },
	{ CASE(0xd53b4200, "mrs x0, NZCV", INSN_SYSREG),
	  .enc = SYSREG_ENC(3, 3, 4, 2, 0), .rt = 0, .read = true },
	{ CASE(0xd508831f, "tlbi vmalle1is", INSN_SYSREG),
	  .enc = SYSREG_ENC(1, 0, 8, 3, 0), .rt = 31, .read = false },
	{ CASE(0xd50b7e27, "dc civac, x7", INSN_SYSREG),
	  .enc = SYSREG_ENC(1, 3, 7, 14, 1), .rt = 7, .read = false },
	{ CASE(0xd5087801, "at s1e1r, x1", INSN_SYSREG),
	  .enc = SYSREG_ENC(1, 0, 7, 8, 0), .rt = 1, .read = false },
	{ CASE(0xd52a34a9, "sysl x9, #2, c3, c4, #5", INSN_SYSREG),
	  .enc = SYSREG_ENC(1, 2, 3, 4, 5), .rt = 9, .read = true },
	/*
	 * Op0 = 0: MSR (immediate) is classified as an access (SCTLR_EL1.UMA
	 * traps MSR DAIFSet/DAIFClr at EL0 with EC 0x18); hints are not.
	 */
	{ CASE(0xd50342ff, "msr DAIFClr, #2", INSN_SYSREG),
	  .enc = SYSREG_ENC(0, 3, 4, 2, 7), .rt = 31, .read = false },
	{ CASE(0xd503201f, "nop", INSN_OTHER) },
	{ CASE(0xd5033fdf, "isb", INSN_OTHER) },
	{ CASE(0xd69f03e0, "eret", INSN_ERET) },
	/* SIMD&FP data processing. */
	{ CASE(0x1e622820, "fadd d0, d1, d2", INSN_FP) },
	{ CASE(0x1e270020, "fmov s0, w1", INSN_FP) },
	{ CASE(0x4ea28420, "add v0.4s, v1.4s, v2.4s", INSN_FP) },
	{ CASE(0x9e620083, "scvtf d3, x4", INSN_FP) },
	/* SIMD&FP loads and stores. */
	{ CASE(0x3dc00020, "ldr q0, [x1]", INSN_FP) },
	{ CASE(0x4c407000, "ld1 { v0.16b }, [x0]", INSN_FP) },
	{ CASE(0x6d4007e0, "ldp d0, d1, [sp]", INSN_FP) },
	{ CASE(0xbd000443, "str s3, [x2, #4]", INSN_FP) },
	{ CASE(0x5c000005, "ldr d5, <literal>", INSN_FP) },
	/* Exception generation, with their immediates. */
	{ CASE(0xd4024681, "svc #0x1234", INSN_SVC), .imm = 0x1234 },
	{ CASE(0xd40acf02, "hvc #0x5678", INSN_HVC), .imm = 0x5678 },
	{ CASE(0xd4000023, "smc #0x1", INSN_SMC), .imm = 0x1 },
	{ CASE(0xd43e01a0, "brk #0xf00d", INSN_BRK), .imm = 0xf00d },
	{ CASE(0xd4a00001, "dcps1", INSN_OTHER) },
	/* Ordinary instructions. */
	{ CASE(0x00000000, "udf #0", INSN_OTHER) },
	{ CASE(0x8b020020, "add x0, x1, x2", INSN_OTHER) },
	{ CASE(0xf9400020, "ldr x0, [x1]", INSN_OTHER) },
#undef CASE
};

START_TEST(test_decode)
{
	const struct decode_case *t = &decode_cases[_i];
	struct insn in = insn_decode(t->word);

	ck_assert_msg(in.kind == t->kind, "%08x %s: kind %d, expected %d",
		      t->word, t->text, in.kind, t->kind);
	switch (t->kind) {
	case INSN_HLT:
	case INSN_SVC:
	case INSN_HVC:
	case INSN_SMC:
	case INSN_BRK:
		ck_assert_msg(in.imm == t->imm, "%08x %s: imm 0x%x, expected 0x%x",
			      t->word, t->text, in.imm, t->imm);
		break;
	case INSN_SYSREG:
		ck_assert_msg(in.enc == t->enc && in.rt == t->rt && in.read == t->read,
			      "%08x %s: enc 0x%x rt %u read %d, expected 0x%x %u %d",
			      t->word, t->text, in.enc, in.rt, in.read,
			      t->enc, t->rt, t->read);
		break;
	default:
		break;
	}
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *syndrome_suite(void)
{
	Suite *s = suite_create("syndrome");
	TCase *syn = tcase_create("syndromes");
	TCase *dec = tcase_create("insn_decode");

	tcase_add_test(syn, test_no_iss);
	tcase_add_test(syn, test_exception_generating);
	tcase_add_test(syn, test_wfx);
	tcase_add_test(syn, test_fp_access);
	tcase_add_loop_test(syn, test_sysreg, 0, N(sysreg_cases));
	tcase_add_test(syn, test_insn_abort);
	tcase_add_test(syn, test_data_abort);
	suite_add_tcase(s, syn);
	tcase_add_loop_test(dec, test_decode, 0, N(decode_cases));
	suite_add_tcase(s, dec);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(syndrome_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
