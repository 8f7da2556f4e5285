/*
 * test_ldst.c - unit tests for sim/ldst.c.
 *
 * Each case is one instruction word, assembled by clang
 * (--target=aarch64-none-elf) and checked with llvm-objdump, with every
 * decoded field, the address it accesses for a fixed register file and the
 * exact Data Abort ISS written out by hand from the ARM ARM. A second table
 * lists words that must not decode: prefetches, other system instructions,
 * non-memory instructions, post-ARMv8.0 memory instructions and unallocated
 * encodings.
 *
 * Not a test of how the core raises the abort.
 */
#include "ldst.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Data Abort ISS fields. */
#define ISV		(UINT32_C(1) << 24)
#define SAS(n)		((uint32_t)(n) << 22)
#define SSE		(UINT32_C(1) << 21)
#define SRT(n)		((uint32_t)(n) << 16)
#define SF		(UINT32_C(1) << 15)
#define AR		(UINT32_C(1) << 14)
#define CM		(UINT32_C(1) << 8)
#define WNR		(UINT32_C(1) << 6)

/*
 * The register file: bases x0-x20 hold X(n); x21-x27 are offsets chosen
 * to exercise each extend.
 */
#define X(n)		(UINT64_C(0x10000000) + (uint64_t)(n) * 0x100000)
#define SP		UINT64_C(0x7ff00000)
#define PC		UINT64_C(0x400000)

static uint64_t x[31];

static void setup(void)
{
	for (unsigned i = 0; i <= 20; i++)
		x[i] = X(i);
	x[21] = 0x40;
	x[22] = 3;
	x[23] = UINT64_C(0xfffffffffffffff0);
	x[24] = UINT64_C(0x12345678fffffffe);	/* Wm = -2 */
	x[25] = (uint64_t)-8;
	x[26] = 0x1000;
	x[27] = 0x2000;
}

#define PRE		.index = LDST_PRE_INDEX
#define POST		.index = LDST_POST_INDEX

static const struct ldst_case {
	uint32_t insn;
	const char *text;	/* what llvm-objdump prints for insn */
	struct ldst_info info;
	uint64_t addr;
	uint32_t iss;
} cases[] = {
	/* Unsigned immediate offset. */
	{ 0xf9400441, "ldr x1, [x2, #8]",
	  { .size = 8, .dest64 = true, .rt = 1, .rn = 2, .imm = 8 },
	  X(2) + 8, ISV | SAS(3) | SRT(1) | SF },
	{ 0xb97fffe3, "ldr w3, [sp, #16380]",
	  { .size = 4, .rt = 3, .rn = 31, .imm = 16380 },
	  SP + 16380, ISV | SAS(2) | SRT(3) },
	{ 0x397ffca4, "ldrb w4, [x5, #4095]",
	  { .size = 1, .rt = 4, .rn = 5, .imm = 4095 },
	  X(5) + 4095, ISV | SAS(0) | SRT(4) },
	{ 0x794004e6, "ldrh w6, [x7, #2]",
	  { .size = 2, .rt = 6, .rn = 7, .imm = 2 },
	  X(7) + 2, ISV | SAS(1) | SRT(6) },
	{ 0x39000128, "strb w8, [x9]",
	  { .is_store = true, .size = 1, .rt = 8, .rn = 9 },
	  X(9), ISV | SAS(0) | SRT(8) | WNR },
	{ 0x79000d5f, "strh wzr, [x10, #6]",
	  { .is_store = true, .size = 2, .rt = 31, .rn = 10, .imm = 6 },
	  X(10) + 6, ISV | SAS(1) | SRT(31) | WNR },
	{ 0xf93ffd8b, "str x11, [x12, #32760]",
	  { .is_store = true, .size = 8, .dest64 = true, .rt = 11, .rn = 12,
	    .imm = 32760 },
	  X(12) + 32760, ISV | SAS(3) | SRT(11) | SF | WNR },
	{ 0x3980060f, "ldrsb x15, [x16, #1]",
	  { .size = 1, .sign_extend = true, .dest64 = true, .rt = 15,
	    .rn = 16, .imm = 1 },
	  X(16) + 1, ISV | SAS(0) | SSE | SRT(15) | SF },
	{ 0x39c00651, "ldrsb w17, [x18, #1]",
	  { .size = 1, .sign_extend = true, .rt = 17, .rn = 18, .imm = 1 },
	  X(18) + 1, ISV | SAS(0) | SSE | SRT(17) },
	{ 0x79800693, "ldrsh x19, [x20, #2]",
	  { .size = 2, .sign_extend = true, .dest64 = true, .rt = 19,
	    .rn = 20, .imm = 2 },
	  X(20) + 2, ISV | SAS(1) | SSE | SRT(19) | SF },
	{ 0x79c00415, "ldrsh w21, [x0, #2]",
	  { .size = 2, .sign_extend = true, .rt = 21, .rn = 0, .imm = 2 },
	  X(0) + 2, ISV | SAS(1) | SSE | SRT(21) },
	{ 0xb9800437, "ldrsw x23, [x1, #4]",
	  { .size = 4, .sign_extend = true, .dest64 = true, .rt = 23,
	    .rn = 1, .imm = 4 },
	  X(1) + 4, ISV | SAS(2) | SSE | SRT(23) | SF },
	{ 0x3d400420, "ldr b0, [x1, #1]",
	  { .simd = true, .size = 1, .rt = 0, .rn = 1, .imm = 1 },
	  X(1) + 1, 0 },
	{ 0x7d400462, "ldr h2, [x3, #2]",
	  { .simd = true, .size = 2, .rt = 2, .rn = 3, .imm = 2 },
	  X(3) + 2, 0 },
	{ 0xbd4004a4, "ldr s4, [x5, #4]",
	  { .simd = true, .size = 4, .rt = 4, .rn = 5, .imm = 4 },
	  X(5) + 4, 0 },
	{ 0xfd4004e6, "ldr d6, [x7, #8]",
	  { .simd = true, .size = 8, .rt = 6, .rn = 7, .imm = 8 },
	  X(7) + 8, 0 },
	{ 0x3dc00528, "ldr q8, [x9, #16]",
	  { .simd = true, .size = 16, .rt = 8, .rn = 9, .imm = 16 },
	  X(9) + 16, 0 },
	{ 0x3dbffd49, "str q9, [x10, #65520]",
	  { .simd = true, .is_store = true, .size = 16, .rt = 9, .rn = 10,
	    .imm = 65520 },
	  X(10) + 65520, WNR },

	/* Unscaled immediate. */
	{ 0xf85f8041, "ldur x1, [x2, #-8]",
	  { .size = 8, .dest64 = true, .rt = 1, .rn = 2, .imm = -8 },
	  X(2) - 8, ISV | SAS(3) | SRT(1) | SF },
	{ 0xb80ff083, "stur w3, [x4, #255]",
	  { .is_store = true, .size = 4, .rt = 3, .rn = 4, .imm = 255 },
	  X(4) + 255, ISV | SAS(2) | SRT(3) | WNR },
	{ 0x38d000c5, "ldursb w5, [x6, #-256]",
	  { .size = 1, .sign_extend = true, .rt = 5, .rn = 6, .imm = -256 },
	  X(6) - 256, ISV | SAS(0) | SSE | SRT(5) },
	{ 0x3c1ff1ac, "stur b12, [x13, #-1]",
	  { .simd = true, .is_store = true, .size = 1, .rt = 12, .rn = 13,
	    .imm = -1 },
	  X(13) - 1, WNR },

	/* Pre-index accesses base + imm, post-index the base: ISV 0. */
	{ 0xf85f0c41, "ldr x1, [x2, #-16]!",
	  { .size = 8, .dest64 = true, .rt = 1, .rn = 2, PRE, .imm = -16 },
	  X(2) - 16, 0 },
	{ 0xb800c483, "str w3, [x4], #12",
	  { .is_store = true, .size = 4, .rt = 3, .rn = 4, POST, .imm = 12 },
	  X(4), WNR },
	{ 0x789fecc5, "ldrsh x5, [x6, #-2]!",
	  { .size = 2, .sign_extend = true, .dest64 = true, .rt = 5, .rn = 6,
	    PRE, .imm = -2 },
	  X(6) - 2, 0 },
	{ 0x385ff507, "ldrb w7, [x8], #-1",
	  { .size = 1, .rt = 7, .rn = 8, POST, .imm = -1 },
	  X(8), 0 },
	{ 0x3c9f0d6a, "str q10, [x11, #-16]!",
	  { .simd = true, .is_store = true, .size = 16, .rt = 10, .rn = 11,
	    PRE, .imm = -16 },
	  X(11) - 16, WNR },

	/* Register offset: option 2 UXTW, 3 LSL, 6 SXTW, 7 SXTX. */
	{ 0xf8756841, "ldr x1, [x2, x21]",
	  { .size = 8, .dest64 = true, .rt = 1, .rn = 2, .reg_offset = true,
	    .rm = 21, .extend = 3 },
	  X(2) + 0x40, ISV | SAS(3) | SRT(1) | SF },
	{ 0xf8767841, "ldr x1, [x2, x22, lsl #3]",
	  { .size = 8, .dest64 = true, .rt = 1, .rn = 2, .reg_offset = true,
	    .rm = 22, .extend = 3, .shift = 3 },
	  X(2) + 24, ISV | SAS(3) | SRT(1) | SF },
	{ 0xb87748a4, "ldr w4, [x5, w23, uxtw]",
	  { .size = 4, .rt = 4, .rn = 5, .reg_offset = true, .rm = 23,
	    .extend = 2 },
	  X(5) + 0xfffffff0, ISV | SAS(2) | SRT(4) },
	{ 0xb87758a4, "ldr w4, [x5, w23, uxtw #2]",
	  { .size = 4, .rt = 4, .rn = 5, .reg_offset = true, .rm = 23,
	    .extend = 2, .shift = 2 },
	  X(5) + UINT64_C(0x3ffffffc0), ISV | SAS(2) | SRT(4) },
	{ 0x7838d907, "strh w7, [x8, w24, sxtw #1]",
	  { .is_store = true, .size = 2, .rt = 7, .rn = 8, .reg_offset = true,
	    .rm = 24, .extend = 6, .shift = 1 },
	  X(8) - 4, ISV | SAS(1) | SRT(7) | WNR },
	{ 0x38b9e96a, "ldrsb x10, [x11, x25, sxtx]",
	  { .size = 1, .sign_extend = true, .dest64 = true, .rt = 10,
	    .rn = 11, .reg_offset = true, .rm = 25, .extend = 7 },
	  X(11) - 8, ISV | SAS(0) | SSE | SRT(10) | SF },
	{ 0x387579cd, "ldrb w13, [x14, x21, lsl #0]",
	  { .size = 1, .rt = 13, .rn = 14, .reg_offset = true, .rm = 21,
	    .extend = 3 },
	  X(14) + 0x40, ISV | SAS(0) | SRT(13) },
	{ 0x3cf679ee, "ldr q14, [x15, x22, lsl #4]",
	  { .simd = true, .size = 16, .rt = 14, .rn = 15, .reg_offset = true,
	    .rm = 22, .extend = 3, .shift = 4 },
	  X(15) + 48, 0 },
	{ 0xfc38da51, "str d17, [x18, w24, sxtw #3]",
	  { .simd = true, .is_store = true, .size = 8, .rt = 17, .rn = 18,
	    .reg_offset = true, .rm = 24, .extend = 6, .shift = 3 },
	  X(18) - 16, WNR },
	{ 0xb87f6820, "ldr w0, [x1, xzr]",
	  { .size = 4, .rt = 0, .rn = 1, .reg_offset = true, .rm = 31,
	    .extend = 3 },
	  X(1), ISV | SAS(2) | SRT(0) },

	/* Unprivileged: checked as EL0, no writeback, so ISV 1. */
	{ 0xf8408841, "ldtr x1, [x2, #8]",
	  { .unprivileged = true, .size = 8, .dest64 = true, .rt = 1,
	    .rn = 2, .imm = 8 },
	  X(2) + 8, ISV | SAS(3) | SRT(1) | SF },
	{ 0x381ff883, "sttrb w3, [x4, #-1]",
	  { .unprivileged = true, .is_store = true, .size = 1, .rt = 3,
	    .rn = 4, .imm = -1 },
	  X(4) - 1, ISV | SAS(0) | SRT(3) | WNR },
	{ 0xb88008c5, "ldtrsw x5, [x6]",
	  { .unprivileged = true, .size = 4, .sign_extend = true,
	    .dest64 = true, .rt = 5, .rn = 6 },
	  X(6), ISV | SAS(2) | SSE | SRT(5) | SF },
	{ 0x78c02907, "ldtrsh w7, [x8, #2]",
	  { .unprivileged = true, .size = 2, .sign_extend = true, .rt = 7,
	    .rn = 8, .imm = 2 },
	  X(8) + 2, ISV | SAS(1) | SSE | SRT(7) },

	/* Literals: PC-relative. */
	{ 0x58000801, "ldr x1, .+0x100",
	  { .literal = true, .size = 8, .dest64 = true, .rt = 1,
	    .imm = 0x100 },
	  PC + 0x100, ISV | SAS(3) | SRT(1) | SF },
	{ 0x18ffffe2, "ldr w2, .-4",
	  { .literal = true, .size = 4, .rt = 2, .imm = -4 },
	  PC - 4, ISV | SAS(2) | SRT(2) },
	{ 0x98000043, "ldrsw x3, .+8",
	  { .literal = true, .size = 4, .sign_extend = true, .dest64 = true,
	    .rt = 3, .imm = 8 },
	  PC + 8, ISV | SAS(2) | SSE | SRT(3) | SF },
	{ 0x9c000084, "ldr q4, .+16",
	  { .literal = true, .simd = true, .size = 16, .rt = 4, .imm = 16 },
	  PC + 16, 0 },
	{ 0x5cffff86, "ldr d6, .-16",
	  { .literal = true, .simd = true, .size = 8, .rt = 6, .imm = -16 },
	  PC - 16, 0 },

	/* Pairs: never ISV. */
	{ 0xa9410861, "ldp x1, x2, [x3, #16]",
	  { .pair = true, .size = 8, .dest64 = true, .rt = 1, .rt2 = 2,
	    .rn = 3, .imm = 16 },
	  X(3) + 16, 0 },
	{ 0x293f17e4, "stp w4, w5, [sp, #-8]",
	  { .pair = true, .is_store = true, .size = 4, .rt = 4, .rt2 = 5,
	    .rn = 31, .imm = -8 },
	  SP - 8, WNR },
	{ 0xa9e01d06, "ldp x6, x7, [x8, #-512]!",
	  { .pair = true, .size = 8, .dest64 = true, .rt = 6, .rt2 = 7,
	    .rn = 8, PRE, .imm = -512 },
	  X(8) - 512, 0 },
	{ 0xa89fa969, "stp x9, x10, [x11], #504",
	  { .pair = true, .is_store = true, .size = 8, .dest64 = true,
	    .rt = 9, .rt2 = 10, .rn = 11, POST, .imm = 504 },
	  X(11), WNR },
	{ 0x694135cc, "ldpsw x12, x13, [x14, #8]",
	  { .pair = true, .size = 4, .sign_extend = true, .dest64 = true,
	    .rt = 12, .rt2 = 13, .rn = 14, .imm = 8 },
	  X(14) + 8, 0 },
	{ 0xa87f422f, "ldnp x15, x16, [x17, #-16]",
	  { .pair = true, .size = 8, .dest64 = true, .rt = 15, .rt2 = 16,
	    .rn = 17, .imm = -16 },
	  X(17) - 16, 0 },
	{ 0x2800ce92, "stnp w18, w19, [x20, #4]",
	  { .pair = true, .is_store = true, .size = 4, .rt = 18, .rt2 = 19,
	    .rn = 20, .imm = 4 },
	  X(20) + 4, WNR },
	{ 0xad410440, "ldp q0, q1, [x2, #32]",
	  { .pair = true, .simd = true, .size = 16, .rt = 0, .rt2 = 1,
	    .rn = 2, .imm = 32 },
	  X(2) + 32, 0 },
	{ 0x6cbf10a3, "stp d3, d4, [x5], #-16",
	  { .pair = true, .simd = true, .is_store = true, .size = 8, .rt = 3,
	    .rt2 = 4, .rn = 5, POST, .imm = -16 },
	  X(5), WNR },
	{ 0x2c411d06, "ldnp s6, s7, [x8, #8]",
	  { .pair = true, .simd = true, .size = 4, .rt = 6, .rt2 = 7,
	    .rn = 8, .imm = 8 },
	  X(8) + 8, 0 },

	/* Exclusives: never ISV; LDAR/STLR: ISV with AR. */
	{ 0xc85f7c41, "ldxr x1, [x2]",
	  { .exclusive = true, .size = 8, .dest64 = true, .rt = 1, .rn = 2 },
	  X(2), 0 },
	{ 0x085f7c83, "ldxrb w3, [x4]",
	  { .exclusive = true, .size = 1, .rt = 3, .rn = 4 },
	  X(4), 0 },
	{ 0xc8057ce6, "stxr w5, x6, [x7]",
	  { .exclusive = true, .is_store = true, .size = 8, .dest64 = true,
	    .rt = 6, .rn = 7 },
	  X(7), WNR },
	{ 0x48087d49, "stxrh w8, w9, [x10]",
	  { .exclusive = true, .is_store = true, .size = 2, .rt = 9,
	    .rn = 10 },
	  X(10), WNR },
	{ 0x885ffd8b, "ldaxr w11, [x12]",
	  { .exclusive = true, .acq_rel = true, .size = 4, .rt = 11,
	    .rn = 12 },
	  X(12), 0 },
	{ 0xc80dffee, "stlxr w13, x14, [sp]",
	  { .exclusive = true, .acq_rel = true, .is_store = true, .size = 8,
	    .dest64 = true, .rt = 14, .rn = 31 },
	  SP, WNR },
	{ 0xc87f422f, "ldxp x15, x16, [x17]",
	  { .exclusive = true, .pair = true, .size = 8, .dest64 = true,
	    .rt = 15, .rt2 = 16, .rn = 17 },
	  X(17), 0 },
	{ 0x88325013, "stxp w18, w19, w20, [x0]",
	  { .exclusive = true, .pair = true, .is_store = true, .size = 4,
	    .rt = 19, .rt2 = 20, .rn = 0 },
	  X(0), WNR },
	{ 0xc87f8861, "ldaxp x1, x2, [x3]",
	  { .exclusive = true, .pair = true, .acq_rel = true, .size = 8,
	    .dest64 = true, .rt = 1, .rt2 = 2, .rn = 3 },
	  X(3), 0 },
	{ 0xc82498e5, "stlxp w4, x5, x6, [x7]",
	  { .exclusive = true, .pair = true, .acq_rel = true,
	    .is_store = true, .size = 8, .dest64 = true, .rt = 5, .rt2 = 6,
	    .rn = 7 },
	  X(7), WNR },
	{ 0xc8dffd28, "ldar x8, [x9]",
	  { .acq_rel = true, .size = 8, .dest64 = true, .rt = 8, .rn = 9 },
	  X(9), ISV | SAS(3) | SRT(8) | SF | AR },
	{ 0x08dffd6a, "ldarb w10, [x11]",
	  { .acq_rel = true, .size = 1, .rt = 10, .rn = 11 },
	  X(11), ISV | SAS(0) | SRT(10) | AR },
	{ 0x889ffdac, "stlr w12, [x13]",
	  { .acq_rel = true, .is_store = true, .size = 4, .rt = 12,
	    .rn = 13 },
	  X(13), ISV | SAS(2) | SRT(12) | AR | WNR },
	{ 0x489ffdee, "stlrh w14, [x15]",
	  { .acq_rel = true, .is_store = true, .size = 2, .rt = 14,
	    .rn = 15 },
	  X(15), ISV | SAS(1) | SRT(14) | AR | WNR },
	{ 0xc89fffff, "stlr xzr, [sp]",
	  { .acq_rel = true, .is_store = true, .size = 8, .dest64 = true,
	    .rt = 31, .rn = 31 },
	  SP, ISV | SAS(3) | SRT(31) | SF | AR | WNR },

	/* SIMD structures: size is every byte moved. */
	{ 0x4c407020, "ld1 { v0.16b }, [x1]",
	  { .simd = true, .size = 16, .rt = 0, .rn = 1 },
	  X(1), 0 },
	{ 0x4cdf2820, "ld1 { v0.4s, v1.4s, v2.4s, v3.4s }, [x1], #64",
	  { .simd = true, .size = 64, .rt = 0, .rn = 1, POST, .imm = 64 },
	  X(1), 0 },
	{ 0x0c9aa082, "st1 { v2.8b, v3.8b }, [x4], x26",
	  { .simd = true, .is_store = true, .size = 16, .rt = 2, .rn = 4,
	    POST, .reg_offset = true, .rm = 26, .extend = 3 },
	  X(4), WNR },
	{ 0x0c400504, "ld4 { v4.4h, v5.4h, v6.4h, v7.4h }, [x8]",
	  { .simd = true, .size = 32, .rt = 4, .rn = 8 },
	  X(8), 0 },
	{ 0x4c008fe0, "st2 { v0.2d, v1.2d }, [sp]",
	  { .simd = true, .is_store = true, .size = 32, .rt = 0, .rn = 31 },
	  SP, WNR },
	{ 0x4cdf4460, "ld3 { v0.8h, v1.8h, v2.8h }, [x3], #48",
	  { .simd = true, .size = 48, .rt = 0, .rn = 3, POST, .imm = 48 },
	  X(3), 0 },
	{ 0x0c407c20, "ld1 { v0.1d }, [x1]",
	  { .simd = true, .size = 8, .rt = 0, .rn = 1 },
	  X(1), 0 },
	{ 0x4d409041, "ld1 { v1.s }[3], [x2]",
	  { .simd = true, .size = 4, .rt = 1, .rn = 2 },
	  X(2), 0 },
	{ 0x4d9f8441, "st1 { v1.d }[1], [x2], #8",
	  { .simd = true, .is_store = true, .size = 8, .rt = 1, .rn = 2,
	    POST, .imm = 8 },
	  X(2), WNR },
	{ 0x4dfb7841, "ld4 { v1.h, v2.h, v3.h, v4.h }[7], [x2], x27",
	  { .simd = true, .size = 8, .rt = 1, .rn = 2, POST,
	    .reg_offset = true, .rm = 27, .extend = 3 },
	  X(2), 0 },
	{ 0x4d40a441, "ld3 { v1.d, v2.d, v3.d }[1], [x2]",
	  { .simd = true, .size = 24, .rt = 1, .rn = 2 },
	  X(2), 0 },
	{ 0x4d40c820, "ld1r { v0.4s }, [x1]",
	  { .simd = true, .size = 4, .rt = 0, .rn = 1 },
	  X(1), 0 },
	{ 0x4dffec20, "ld4r { v0.2d, v1.2d, v2.2d, v3.2d }, [x1], #32",
	  { .simd = true, .size = 32, .rt = 0, .rn = 1, POST, .imm = 32 },
	  X(1), 0 },
	{ 0x4d003c20, "st3 { v0.b, v1.b, v2.b }[15], [x1]",
	  { .simd = true, .is_store = true, .size = 3, .rt = 0, .rn = 1 },
	  X(1), WNR },

	/*
	 * DC/IC by VA: WnR is 1 for all cache maintenance, CM for all but
	 * DC ZVA, which is a plain write. Xt 31 is XZR.
	 */
	{ 0xd50b7421, "dc zva, x1",
	  { .sys = true, .is_store = true, .rt = 1, .rn = 1 },
	  X(1), WNR },
	{ 0xd5087622, "dc ivac, x2",
	  { .sys = true, .is_store = true, .cm = true, .rt = 2, .rn = 2 },
	  X(2), CM | WNR },
	{ 0xd50b7a23, "dc cvac, x3",
	  { .sys = true, .cm = true, .rt = 3, .rn = 3 },
	  X(3), CM | WNR },
	{ 0xd50b7b24, "dc cvau, x4",
	  { .sys = true, .cm = true, .rt = 4, .rn = 4 },
	  X(4), CM | WNR },
	{ 0xd50b7e3f, "dc civac, xzr",
	  { .sys = true, .cm = true, .rt = 31, .rn = 31 },
	  0, CM | WNR },
	{ 0xd50b7525, "ic ivau, x5",
	  { .sys = true, .cm = true, .rt = 5, .rn = 5 },
	  X(5), CM | WNR },
};

#define ck_field(f)							\
	ck_assert_msg(got.f == want->f, "%s: " #f " is %lld, not %lld",	\
		      c->text, (long long)got.f, (long long)want->f)

START_TEST(test_decode)
{
	const struct ldst_case *c = &cases[_i];
	const struct ldst_info *want = &c->info;
	struct ldst_info got;

	/* Fields left over from a previous decode must not show through. */
	memset(&got, 0xa5, sizeof(got));
	ck_assert_msg(ldst_decode(c->insn, &got), "%s: not decoded", c->text);
	ck_field(is_store);
	ck_field(cm);
	ck_field(pair);
	ck_field(exclusive);
	ck_field(acq_rel);
	ck_field(simd);
	ck_field(unprivileged);
	ck_field(sys);
	ck_field(sign_extend);
	ck_field(dest64);
	ck_field(size);
	ck_field(rt);
	ck_field(rt2);
	ck_field(rn);
	ck_field(literal);
	ck_field(index);
	ck_field(imm);
	ck_field(reg_offset);
	ck_field(rm);
	ck_field(extend);
	ck_field(shift);
}
END_TEST

START_TEST(test_address)
{
	const struct ldst_case *c = &cases[_i];
	struct ldst_info info;

	ck_assert(ldst_decode(c->insn, &info));
	ck_assert_msg(ldst_address(&info, x, SP, PC) == c->addr,
		      "%s: address %#llx, not %#llx", c->text,
		      (unsigned long long)ldst_address(&info, x, SP, PC),
		      (unsigned long long)c->addr);
}
END_TEST

START_TEST(test_iss)
{
	const struct ldst_case *c = &cases[_i];
	struct ldst_info info;

	ck_assert(ldst_decode(c->insn, &info));
	ck_assert_msg(ldst_abort_iss(&info) == c->iss,
		      "%s: ISS %#x, not %#x", c->text, ldst_abort_iss(&info),
		      c->iss);
}
END_TEST

/* Words that are no load, store or abortable DC/IC in ARMv8.0. */
static const struct {
	uint32_t insn;
	const char *text;
} rejected[] = {
	{ 0xf9800400, "prfm pldl1keep, [x0, #8]" },
	{ 0xf89ff000, "prfum pldl1keep, [x0, #-1]" },
	{ 0xf8a16800, "prfm pldl1keep, [x0, x1]" },
	{ 0xd8000040, "prfm pldl1keep, .+8" },
	{ 0xd5087646, "dc isw, x6" },
	{ 0xd5087e47, "dc cisw, x7" },
	{ 0xd508751f, "ic iallu" },
	{ 0xd5087800, "at s1e1r, x0" },
	{ 0x8b020020, "add x0, x1, x2" },
	{ 0x14000002, "b .+8" },
	{ 0xd5381000, "mrs x0, sctlr_el1" },
	/* Later extensions. */
	{ 0xc8a07c41, "cas x0, x1, [x2] (v8.1)" },
	{ 0xc8e0fc41, "casal x0, x1, [x2] (v8.1)" },
	{ 0x48207c82, "casp x0, x1, x2, x3, [x4] (v8.1)" },
	{ 0xc8df7c20, "ldlar x0, [x1] (v8.1)" },
	{ 0xc89f7c20, "stllr x0, [x1] (v8.1)" },
	{ 0xf8200041, "ldadd x0, x1, [x2] (v8.1)" },
	{ 0xf8208041, "swp x0, x1, [x2] (v8.1)" },
	{ 0xf8205041, "ldsmin x0, x1, [x2] (v8.1)" },
	{ 0xb8206041, "ldumax w0, w1, [x2] (v8.1)" },
	{ 0xd50b7c20, "dc cvap, x0 (v8.2)" },
	{ 0xf8bfc020, "ldapr x0, [x1] (v8.3)" },
	{ 0xf8200420, "ldraa x0, [x1] (v8.3)" },
	{ 0xf8a01c20, "ldrab x0, [x1, #8]! (v8.3)" },
	{ 0xd9400020, "ldapur x0, [x1] (v8.4)" },
	/* Unallocated, made by editing fields of the words above. */
	{ 0xe9410861, "ldp x1, x2, [x3, #16] with opc 0b11" },
	{ 0x690135cc, "ldpsw x12, x13, [x14, #8] as a store" },
	{ 0x684135cc, "ldpsw x12, x13, [x14, #8] as non-temporal" },
	{ 0xdc000084, "ldr q4, .+16 with opc 0b11" },
	{ 0xfc408841, "ldtr x1, [x2, #8] with V = 1" },
	{ 0x7dc00528, "ldr q8, [x9, #16] with size 0b01" },
	{ 0xb9c00437, "ldrsw x23, [x1, #4] with opc 0b11" },
	{ 0xf8752841, "ldr x1, [x2, x21] with option 0b001" },
	{ 0x0c008fe0, "st2 { v0.2d, v1.2d }, [sp] with Q = 0" },
	{ 0x4d9f9441, "st1 { v1.d }[1], [x2], #8 with S = 1" },
	{ 0x4d00c820, "ld1r { v0.4s }, [x1] as a store" },
	{ 0x4c417020, "ld1 { v0.16b }, [x1] with Rm = 1, no post-index" },
	{ 0x4c607020, "ld1 { v0.16b }, [x1] with bit 21 set" },
	{ 0xcc407020, "ld1 { v0.16b }, [x1] with bit 31 set" },
	{ 0x4d40d820, "ld1r { v0.4s }, [x1] with S = 1" },
	{ 0x4d404441, "ld1 { v1.h }[2], [x2] with size<0> = 1" },
	{ 0x4d408841, "ld1 { v1.s }[3], [x2] with size 0b10" },
};

START_TEST(test_rejected)
{
	struct ldst_info info;

	ck_assert_msg(!ldst_decode(rejected[_i].insn, &info), "%s decoded",
		      rejected[_i].text);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *ldst_suite(void)
{
	Suite *s = suite_create("ldst");
	TCase *tc = tcase_create("decode");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_decode, 0, N(cases));
	tcase_add_loop_test(tc, test_address, 0, N(cases));
	tcase_add_loop_test(tc, test_iss, 0, N(cases));
	tcase_add_loop_test(tc, test_rejected, 0, N(rejected));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ldst_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
