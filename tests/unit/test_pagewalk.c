/*
 * test_pagewalk.c - unit tests for sim/pagewalk.c.
 *
 * Translation tables are written by hand into a fake physical memory (a host
 * array standing for PA 0 up to MEM_SIZE; reads elsewhere are external
 * aborts), and every test asserts the exact output address or the exact
 * fault: kind, level, stage, S1PTW, IPA and status code. Descriptor and
 * register bits are spelt out here from the ARM ARM, independently of
 * sim/pagewalk.c.
 *
 * Not a test of the core's use of the walk (syndromes, AT instructions).
 */
#include "pagewalk.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MEM_SIZE	0x400000u

/* Descriptor bits (VMSAv8-64 descriptor formats). */
#define D_TABLE		UINT64_C(0x3)
#define AF		(UINT64_C(1) << 10)
#define D_BLOCK		(UINT64_C(0x1) | AF)
#define D_PAGE		(UINT64_C(0x3) | AF)
#define AP_EL0		(UINT64_C(1) << 6)	/* AP[1] */
#define AP_RO		(UINT64_C(1) << 7)	/* AP[2] */
#define S2_R		(UINT64_C(1) << 6)	/* S2AP[0] */
#define S2_W		(UINT64_C(1) << 7)	/* S2AP[1] */
#define S2_RW		(S2_R | S2_W)
#define PXN		(UINT64_C(1) << 53)
#define UXN		(UINT64_C(1) << 54)	/* XN at EL2 and stage 2 */
#define T_PXN		(UINT64_C(1) << 59)
#define T_UXN		(UINT64_C(1) << 60)
#define T_NO_EL0	(UINT64_C(1) << 61)	/* APTable = 0b01 */
#define T_RO		(UINT64_C(1) << 62)	/* APTable = 0b10 */

/* Control registers. */
#define SCTLR_M		UINT64_C(1)
#define SCTLR_WXN	(UINT64_C(1) << 19)
#define T0SZ(n)		((uint64_t)(n))
#define T1SZ(n)		((uint64_t)(n) << 16)
#define TG0_4K		(UINT64_C(0) << 14)
#define TG0_64K		(UINT64_C(1) << 14)
#define TG0_16K		(UINT64_C(2) << 14)
#define TG1_4K		(UINT64_C(2) << 30)
#define EPD0		(UINT64_C(1) << 7)
#define EPD1		(UINT64_C(1) << 23)
#define IPS(n)		((uint64_t)(n) << 32)	/* 0: 32 bits ... 5: 48 bits */
#define TBI0		(UINT64_C(1) << 37)
#define EL2_PS(n)	((uint64_t)(n) << 16)
#define EL2_TBI		(UINT64_C(1) << 20)
#define EL2_RES1	((UINT64_C(1) << 31) | (UINT64_C(1) << 23))
#define SL0(n)		((uint64_t)(n) << 6)
#define VMID(n)		((uint64_t)(n) << 48)
#define ASID(n)		((uint64_t)(n) << 48)

#define TCR_4K_48	(T0SZ(16) | TG0_4K | T1SZ(16) | TG1_4K | IPS(5))

/*
 * The 4KB, 48-bit stage-1 chain most tests use: VA indexes L0[1], L1[2],
 * L2[3], L3[4] with page offset 0x567; each table is one page.
 */
#define L0		UINT64_C(0x10000)
#define L1		UINT64_C(0x11000)
#define L2		UINT64_C(0x12000)
#define L3		UINT64_C(0x13000)
#define VA		UINT64_C(0x0000008080604567)
#define PAGE_PA		UINT64_C(0x40604000)

static const uint64_t slot[4] = { L0 + 1 * 8, L1 + 2 * 8, L2 + 3 * 8,
				  L3 + 4 * 8 };

/* Stage 2: 4KB granule, 40-bit IPA, initial level 1 (two tables). */
#define S2_ROOT		UINT64_C(0x200000)
#define VTCR_4K_40	(T0SZ(24) | SL0(1) | TG0_4K | EL2_PS(2))

static uint64_t mem[MEM_SIZE / 8];
static struct walk_stage1 s1;
static struct walk_stage2 s2;
static struct walk_result res;
static unsigned pa_bits;

static bool read_mem(void *ctx, uint64_t pa, uint64_t *val)
{
	ck_assert_ptr_eq(ctx, mem);
	ck_assert_uint_eq(pa % 8, 0);
	if (pa >= MEM_SIZE)
		return false;
	*val = mem[pa / 8];
	return true;
}

static void put(uint64_t pa, uint64_t desc)
{
	ck_assert_uint_lt(pa, MEM_SIZE);
	mem[pa / 8] = desc;
}

static bool translate(uint64_t va, enum walk_access access, bool unpriv)
{
	struct walk_request req = { va, access, unpriv, pa_bits };

	return walk_translate(&s1, &s2, &req, read_mem, mem, &res);
}

#define ck_fault(f, lvl, stage2_, fsc)					\
	do {								\
		ck_assert_int_eq(res.fault, (f));			\
		ck_assert_int_eq(res.level, (lvl));			\
		ck_assert(res.stage2 == (stage2_));			\
		ck_assert_uint_eq(walk_fault_status_code(&res), (fsc));	\
	} while (0)

/* Builds the 4KB chain down to L3 and leaves the leaf to the test. */
static void setup(void)
{
	memset(mem, 0, sizeof(mem));
	memset(&s2, 0, sizeof(s2));
	s1 = (struct walk_stage1){ .sctlr = SCTLR_M, .tcr = TCR_4K_48,
				   .ttbr0 = L0 };
	pa_bits = 40;
	put(slot[0], L1 | D_TABLE);
	put(slot[1], L2 | D_TABLE);
	put(slot[2], L3 | D_TABLE);
}

/* ------------------------------------------------------------ stage 1 */

START_TEST(test_4k_page)
{
	put(slot[3], PAGE_PA | D_PAGE);
	s1.ttbr0 |= ASID(0x42);
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert_int_eq(res.fault, WALK_OK);
	ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
	ck_assert_uint_eq(res.ipa, PAGE_PA | 0x567);
	ck_assert(!res.stage2 && !res.s1ptw);
	ck_assert(res.s1_writable && !res.s1_user && !res.s1_xn);
}
END_TEST

START_TEST(test_4k_blocks)
{
	put(slot[2], UINT64_C(0x40200000) | D_BLOCK);
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x40204567);

	put(slot[1], UINT64_C(0x80000000) | D_BLOCK);
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x80604567);
}
END_TEST

/* An invalid descriptor at each level faults at that level. */
START_TEST(test_4k_translation_fault_level)
{
	put(slot[3], PAGE_PA | D_PAGE);
	put(slot[_i], 0);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, _i, false, 0x04u + (unsigned)_i);
}
END_TEST

START_TEST(test_4k_reserved_descriptors)
{
	/* No block at level 0 with 4KB pages. */
	put(slot[0], UINT64_C(0x8000000000) | D_BLOCK);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, false, 0x04);

	/* 0b10 is reserved, like an invalid entry. */
	put(slot[0], L1 | D_TABLE);
	put(slot[1], L2 | 0x2 | AF);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 1, false, 0x05);

	/* 0b01 at level 3 is reserved, not a block. */
	put(slot[1], L2 | D_TABLE);
	put(slot[3], PAGE_PA | D_BLOCK);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 3, false, 0x07);
}
END_TEST

/* 64KB granule, 42-bit VA: the walk starts at level 2 (L2[5], L3[7]). */
START_TEST(test_64k_page_and_block)
{
	const uint64_t l2 = 0x100000, l3 = 0x110000;

	s1.tcr = T0SZ(22) | TG0_64K | IPS(5);
	s1.ttbr0 = l2;
	put(l2 + 5 * 8, l3 | D_TABLE);
	put(l3 + 7 * 8, UINT64_C(0x80010000) | D_PAGE);
	ck_assert(translate(UINT64_C(0xa0071234), WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x80011234);

	/* A level 2 block maps 512MB. */
	put(l2 + 6 * 8, UINT64_C(0x60000000) | D_BLOCK);
	ck_assert(translate(UINT64_C(0xc0123456), WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x60123456);
}
END_TEST

/* 64KB granule, 48-bit VA starts at level 1, where no block exists. */
START_TEST(test_64k_level1_block)
{
	const uint64_t l1 = 0x100000;

	s1.tcr = T0SZ(16) | TG0_64K | IPS(5);
	s1.ttbr0 = l1;
	put(l1 + 1 * 8, UINT64_C(0x40000000000) | D_BLOCK);
	ck_assert(!translate(UINT64_C(0x40000001000), WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 1, false, 0x05);
}
END_TEST

/* 16KB granule, 36-bit VA: starts at level 2 (L2[3], L3[5]). */
START_TEST(test_16k_page)
{
	const uint64_t l2 = 0x200000, l3 = 0x204000;

	s1.tcr = T0SZ(28) | TG0_16K | IPS(5);
	s1.ttbr0 = l2;
	put(l2 + 3 * 8, l3 | D_TABLE);
	put(l3 + 5 * 8, UINT64_C(0x80004000) | D_PAGE);
	ck_assert(translate(UINT64_C(0x6014123), WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x80004123);
}
END_TEST

START_TEST(test_access_flag)
{
	put(slot[3], PAGE_PA | 0x3);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_ACCESS_FLAG, 3, false, 0x0b);

	put(slot[2], UINT64_C(0x40200000) | 0x1);
	ck_assert(!translate(VA, WALK_WRITE, false));
	ck_fault(WALK_FAULT_ACCESS_FLAG, 2, false, 0x0a);
}
END_TEST

/* EL1&0 stage-1 permission rules, one case per line. */
static const struct perm_case {
	uint64_t attrs, sctlr;
	enum walk_access access;
	bool unpriv, ok;
} perm_cases[] = {
	/* AP[2:1] = 00: EL1 read/write, no EL0 data access. */
	{ 0, 0, WALK_READ, false, true },
	{ 0, 0, WALK_WRITE, false, true },
	{ 0, 0, WALK_READ, true, false },
	{ 0, 0, WALK_WRITE, true, false },
	/* ... but ARMv8.0 EL0 may execute it (execute-only). */
	{ 0, 0, WALK_FETCH, true, true },
	{ 0, 0, WALK_FETCH, false, true },
	/* 01: read/write at both. */
	{ AP_EL0, 0, WALK_WRITE, true, true },
	{ AP_EL0, 0, WALK_READ, false, true },
	/* EL0-writable memory is never executable at EL1. */
	{ AP_EL0, 0, WALK_FETCH, false, false },
	{ AP_EL0, 0, WALK_FETCH, true, true },
	/* 10: EL1 read-only. */
	{ AP_RO, 0, WALK_WRITE, false, false },
	{ AP_RO, 0, WALK_READ, false, true },
	{ AP_RO, 0, WALK_READ, true, false },
	/* 11: read-only at both. */
	{ AP_RO | AP_EL0, 0, WALK_WRITE, true, false },
	{ AP_RO | AP_EL0, 0, WALK_READ, true, true },
	{ AP_RO | AP_EL0, 0, WALK_FETCH, false, true },
	/* PXN and UXN each bind their own level only. */
	{ AP_RO | AP_EL0 | PXN, 0, WALK_FETCH, false, false },
	{ AP_RO | AP_EL0 | PXN, 0, WALK_FETCH, true, true },
	{ AP_RO | AP_EL0 | UXN, 0, WALK_FETCH, true, false },
	{ AP_RO | AP_EL0 | UXN, 0, WALK_FETCH, false, true },
	{ AP_RO | AP_EL0 | UXN, 0, WALK_READ, true, true },
	/* WXN: writable implies execute-never, at the level that writes. */
	{ 0, SCTLR_WXN, WALK_FETCH, false, false },
	{ 0, SCTLR_WXN, WALK_FETCH, true, true },
	{ AP_RO, SCTLR_WXN, WALK_FETCH, false, true },
	{ AP_EL0, SCTLR_WXN, WALK_FETCH, true, false },
	{ AP_RO | AP_EL0, SCTLR_WXN, WALK_FETCH, true, true },
	{ 0, SCTLR_WXN, WALK_WRITE, false, true },
};

START_TEST(test_s1_permissions)
{
	const struct perm_case *c = &perm_cases[_i];

	s1.sctlr |= c->sctlr;
	put(slot[3], PAGE_PA | D_PAGE | c->attrs);
	ck_assert_msg(translate(VA, c->access, c->unpriv) == c->ok,
		      "case %d", _i);
	if (c->ok) {
		ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
		ck_assert(!(c->access == WALK_FETCH && res.s1_xn));
	} else {
		ck_fault(WALK_FAULT_PERMISSION, 3, false, 0x0f);
	}
}
END_TEST

START_TEST(test_s1_reported_permissions)
{
	put(slot[3], PAGE_PA | D_PAGE | AP_EL0 | UXN);
	ck_assert(translate(VA, WALK_READ, true));
	ck_assert(res.s1_writable && res.s1_user && res.s1_xn);
	ck_assert(translate(VA, WALK_READ, false));
	/* Writable at EL0, so not executable at EL1 either. */
	ck_assert(res.s1_writable && res.s1_user && res.s1_xn);

	put(slot[3], PAGE_PA | D_PAGE | AP_RO);
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert(!res.s1_writable && !res.s1_user && !res.s1_xn);
}
END_TEST

/* Limits in table descriptors at any level apply to everything below. */
START_TEST(test_hierarchical_limits)
{
	put(slot[3], PAGE_PA | D_PAGE | AP_EL0);
	put(slot[1], L2 | D_TABLE | T_RO);
	ck_assert(translate(VA, WALK_READ, true));
	ck_assert(!translate(VA, WALK_WRITE, false));
	ck_fault(WALK_FAULT_PERMISSION, 3, false, 0x0f);
	ck_assert(!translate(VA, WALK_WRITE, true));

	put(slot[1], L2 | D_TABLE);
	put(slot[2], L3 | D_TABLE | T_NO_EL0);
	ck_assert(translate(VA, WALK_WRITE, false));
	ck_assert(!translate(VA, WALK_READ, true));
	ck_fault(WALK_FAULT_PERMISSION, 3, false, 0x0f);

	put(slot[2], L3 | D_TABLE);
	put(slot[3], PAGE_PA | D_PAGE | AP_EL0 | AP_RO);
	put(slot[0], L1 | D_TABLE | T_UXN);
	ck_assert(translate(VA, WALK_FETCH, false));
	ck_assert(!translate(VA, WALK_FETCH, true));
	ck_fault(WALK_FAULT_PERMISSION, 3, false, 0x0f);

	put(slot[0], L1 | D_TABLE | T_PXN);
	ck_assert(translate(VA, WALK_FETCH, true));
	ck_assert(!translate(VA, WALK_FETCH, false));
	ck_fault(WALK_FAULT_PERMISSION, 3, false, 0x0f);
}
END_TEST

START_TEST(test_ttbr1)
{
	const uint64_t l0 = 0x20000, l1 = 0x21000;

	/* TTBR1's tables: L0[0x100] -> L1[0], a 1GB block. */
	s1.ttbr1 = l0 | ASID(7);
	put(l0 + 0x100 * 8, l1 | D_TABLE);
	put(l1, UINT64_C(0x40000000) | D_BLOCK);
	ck_assert(translate(UINT64_C(0xffff800000201abc), WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x40201abc);

	s1.tcr |= EPD1;
	ck_assert(!translate(UINT64_C(0xffff800000201abc), WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, false, 0x04);
}
END_TEST

START_TEST(test_epd0)
{
	put(slot[3], PAGE_PA | D_PAGE);
	s1.tcr |= EPD0;
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, false, 0x04);
}
END_TEST

/* Addresses in neither range, with 48-bit and 39-bit ranges. */
static const struct { uint64_t tcr, va; } out_of_range[] = {
	{ TCR_4K_48, UINT64_C(0x0001000000000000) },
	{ TCR_4K_48, UINT64_C(0xfffe800000000000) },
	{ TCR_4K_48, UINT64_C(0x8000000000000000) },
	{ T0SZ(25) | T1SZ(25) | TG1_4K | IPS(5), UINT64_C(0x0000008000000000) },
	{ T0SZ(25) | T1SZ(25) | TG1_4K | IPS(5), UINT64_C(0xffffff0000000000) },
};

START_TEST(test_va_out_of_range)
{
	s1.tcr = out_of_range[_i].tcr;
	s1.ttbr1 = L0;
	put(slot[3], PAGE_PA | D_PAGE);
	ck_assert(!translate(out_of_range[_i].va, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, false, 0x04);
}
END_TEST

START_TEST(test_39bit_va_starts_at_level1)
{
	/* T0SZ 25: L1 is the root, indexed by VA[38:30]. */
	s1.tcr = T0SZ(25) | TG0_4K | IPS(5);
	s1.ttbr0 = L1;
	put(slot[3], PAGE_PA | D_PAGE);
	ck_assert(translate(VA & ~(UINT64_C(1) << 39), WALK_READ, false));
	ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
}
END_TEST

/* A 32-bit VA starts at level 1 with 4 entries: 32-byte aligned is enough. */
START_TEST(test_small_initial_table)
{
	const uint64_t root = L0 + 0x20;

	s1.tcr = T0SZ(32) | TG0_4K | IPS(5);
	s1.ttbr0 = root;
	put(root + 2 * 8, L2 | D_TABLE);
	put(slot[3], PAGE_PA | D_PAGE);
	ck_assert(translate(VA & UINT64_C(0xffffffff), WALK_READ, false));
	ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
}
END_TEST

START_TEST(test_tbi)
{
	const uint64_t tagged = VA | UINT64_C(0x5a) << 56;

	put(slot[3], PAGE_PA | D_PAGE);
	ck_assert(!translate(tagged, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, false, 0x04);

	s1.tcr |= TBI0;
	ck_assert(translate(tagged, WALK_READ, false));
	ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
}
END_TEST

START_TEST(test_address_size)
{
	/* IPS 32 bits: a page above 4GB. */
	s1.tcr = (TCR_4K_48 & ~IPS(7)) | IPS(0);
	put(slot[3], UINT64_C(0x100000000) | D_PAGE);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_ADDRESS_SIZE, 3, false, 0x03);

	/* ... a next-level table above 4GB. */
	put(slot[1], UINT64_C(0x100012000) | D_TABLE);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_ADDRESS_SIZE, 1, false, 0x01);

	/* ... the base register itself. */
	s1.ttbr0 = UINT64_C(0x100010000);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_ADDRESS_SIZE, 0, false, 0x00);
}
END_TEST

/* IPS larger than the PA size acts as the PA size. */
START_TEST(test_address_size_pa_bits)
{
	put(slot[3], (UINT64_C(1) << 40) | D_PAGE);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_ADDRESS_SIZE, 3, false, 0x03);

	pa_bits = 44;
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert_uint_eq(res.pa, (UINT64_C(1) << 40) | 0x567);
}
END_TEST

START_TEST(test_external_abort)
{
	put(slot[1], UINT64_C(0x80000000) | D_TABLE);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_EXTERNAL, 2, false, 0x16);
}
END_TEST

START_TEST(test_mmu_off)
{
	s1.sctlr = SCTLR_WXN;
	ck_assert(translate(UINT64_C(0x12345678), WALK_FETCH, false));
	ck_assert_uint_eq(res.pa, 0x12345678);
	ck_assert(translate(UINT64_C(0xffffffffff), WALK_WRITE, true));
	ck_assert_uint_eq(res.pa, 0xffffffffff);

	ck_assert(!translate(UINT64_C(1) << 40, WALK_READ, false));
	ck_fault(WALK_FAULT_ADDRESS_SIZE, 0, false, 0x00);

	/* The ignored top byte is dropped, not checked. */
	s1.tcr |= TBI0;
	ck_assert(translate(UINT64_C(0x7f00000012345678), WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x12345678);
}
END_TEST

/* ---------------------------------------------------------- EL2 regime */

static void setup_el2(void)
{
	setup();
	s1.el2_regime = true;
	s1.tcr = EL2_RES1 | T0SZ(16) | TG0_4K | EL2_PS(2);
}

START_TEST(test_el2_permissions)
{
	/* AP[1] is ignored: no EL0 in this regime, unprivileged or not. */
	put(slot[3], PAGE_PA | D_PAGE);
	ck_assert(translate(VA, WALK_WRITE, true));
	ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
	ck_assert(res.s1_writable && !res.s1_user);

	put(slot[3], PAGE_PA | D_PAGE | AP_RO);
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert(!translate(VA, WALK_WRITE, false));
	ck_fault(WALK_FAULT_PERMISSION, 3, false, 0x0f);

	/* XN is bit 54; bit 53 (PXN elsewhere) is RES0 and ignored. */
	put(slot[3], PAGE_PA | D_PAGE | PXN);
	ck_assert(translate(VA, WALK_FETCH, false));
	put(slot[3], PAGE_PA | D_PAGE | UXN);
	ck_assert(!translate(VA, WALK_FETCH, false));
	ck_fault(WALK_FAULT_PERMISSION, 3, false, 0x0f);

	/* WXN still applies to the one privilege level. */
	put(slot[3], PAGE_PA | D_PAGE);
	s1.sctlr |= SCTLR_WXN;
	ck_assert(!translate(VA, WALK_FETCH, false));
	put(slot[3], PAGE_PA | D_PAGE | AP_RO);
	ck_assert(translate(VA, WALK_FETCH, false));
}
END_TEST

START_TEST(test_el2_one_range)
{
	/* No TTBR1 in the EL2 regime, even with its tables in place. */
	s1.ttbr1 = L0;
	put(slot[3], PAGE_PA | D_PAGE);
	ck_assert(!translate(VA | UINT64_C(0xffff) << 48, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, false, 0x04);

	/* TBI is bit 20 of TCR_EL2; bit 7 (EPD0 in TCR_EL1) is RES0. */
	s1.tcr |= EL2_TBI | EPD0;
	ck_assert(translate(VA | UINT64_C(0xff) << 56, WALK_READ, false));
	ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
}
END_TEST

START_TEST(test_el2_ps_and_no_stage2)
{
	/* PS (bits 18:16) = 40 bits here, whatever bits 34:32 hold. */
	s1.tcr |= IPS(0);
	put(slot[3], (UINT64_C(1) << 36) | D_PAGE);
	ck_assert(translate(VA, WALK_READ, false));

	put(slot[3], (UINT64_C(1) << 40) | D_PAGE);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_ADDRESS_SIZE, 3, false, 0x03);

	/* Stage 2 does not apply to the EL2 regime. */
	put(slot[3], PAGE_PA | D_PAGE);
	s2 = (struct walk_stage2){ .enabled = true, .vtcr = VTCR_4K_40,
				   .vttbr = S2_ROOT };
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
}
END_TEST

/* ------------------------------------------------------------ stage 2 */

/*
 * Stage 2 maps IPA 0-1GB to the same PA (where the stage-1 tables are) and
 * IPA 1-2GB to PA 0xc0000000, both as level 1 blocks; the stage-1 page is at
 * IPA 0x40604000.
 */
#define S2_LOW		(S2_ROOT + 0 * 8)
#define S2_PAGE		(S2_ROOT + 1 * 8)

static void setup_s2(void)
{
	setup();
	put(slot[3], PAGE_PA | D_PAGE | AP_EL0);
	s2 = (struct walk_stage2){ .enabled = true, .vtcr = VTCR_4K_40,
				   .vttbr = S2_ROOT | VMID(5) };
	put(S2_LOW, 0 | D_BLOCK | S2_RW);
	put(S2_PAGE, UINT64_C(0xc0000000) | D_BLOCK | S2_RW);
}

START_TEST(test_s2_translation)
{
	ck_assert(translate(VA, WALK_WRITE, true));
	ck_assert_uint_eq(res.ipa, PAGE_PA | 0x567);
	ck_assert_uint_eq(res.pa, 0xc0604567);
	ck_assert(!res.stage2 && !res.s1ptw);
}
END_TEST

START_TEST(test_s2_translation_fault)
{
	put(S2_PAGE, 0);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 1, true, 0x05);
	ck_assert(!res.s1ptw);
	ck_assert_uint_eq(res.ipa, PAGE_PA | 0x567);
}
END_TEST

START_TEST(test_s2_permission_fault)
{
	put(S2_PAGE, UINT64_C(0xc0000000) | D_BLOCK | S2_R);
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert(!translate(VA, WALK_WRITE, false));
	ck_fault(WALK_FAULT_PERMISSION, 1, true, 0x0d);
	ck_assert(!res.s1ptw);
	ck_assert_uint_eq(res.ipa, PAGE_PA | 0x567);

	put(S2_PAGE, UINT64_C(0xc0000000) | D_BLOCK | S2_W);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_PERMISSION, 1, true, 0x0d);

	/* XN at stage 2, and stage 1 allows the fetch. */
	put(S2_PAGE, UINT64_C(0xc0000000) | D_BLOCK | S2_RW | UXN);
	ck_assert(!translate(VA, WALK_FETCH, true));
	ck_fault(WALK_FAULT_PERMISSION, 1, true, 0x0d);
}
END_TEST

/* Stage 1 checks come first: its fault hides the stage-2 one. */
START_TEST(test_s1_fault_before_s2)
{
	put(S2_PAGE, 0);
	put(slot[3], PAGE_PA | D_PAGE | AP_RO);
	ck_assert(!translate(VA, WALK_WRITE, false));
	ck_fault(WALK_FAULT_PERMISSION, 3, false, 0x0f);
	ck_assert_uint_eq(res.ipa, 0);
}
END_TEST

START_TEST(test_s2_access_flag_and_address_size)
{
	put(S2_PAGE, UINT64_C(0xc0000000) | 0x1 | S2_RW);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_ACCESS_FLAG, 1, true, 0x09);
	ck_assert_uint_eq(res.ipa, PAGE_PA | 0x567);

	/* VTCR.PS says 40 bits. */
	pa_bits = 44;
	put(S2_PAGE, UINT64_C(0x10000000000) | D_BLOCK | S2_RW);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_ADDRESS_SIZE, 1, true, 0x01);
}
END_TEST

/* A stage-1 table IPA stage 2 does not map: S1PTW, IPA of the descriptor. */
START_TEST(test_s1ptw_translation_fault)
{
	put(S2_LOW, 0);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 1, true, 0x05);
	ck_assert(res.s1ptw);
	ck_assert_uint_eq(res.ipa, slot[0]);

	/* The same at a deeper stage-1 level: the L2 table moves to 1GB+. */
	put(S2_LOW, 0 | D_BLOCK | S2_RW);
	put(S2_PAGE, 0);
	put(slot[1], (UINT64_C(0x40000000) + L2) | D_TABLE);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 1, true, 0x05);
	ck_assert(res.s1ptw);
	ck_assert_uint_eq(res.ipa, UINT64_C(0x40000000) + slot[2]);
}
END_TEST

/* Stage-1 table reads need stage-2 read permission, whatever the access. */
START_TEST(test_s1ptw_permission)
{
	put(S2_LOW, 0 | D_BLOCK | S2_W);
	ck_assert(!translate(VA, WALK_WRITE, false));
	ck_fault(WALK_FAULT_PERMISSION, 1, true, 0x0d);
	ck_assert(res.s1ptw);
	ck_assert_uint_eq(res.ipa, slot[0]);

	/* ... and only read permission: stage-2 XN does not stop the walk. */
	put(S2_LOW, 0 | D_BLOCK | S2_R | UXN);
	ck_assert(translate(VA, WALK_FETCH, true));
	ck_assert_uint_eq(res.pa, 0xc0604567);
}
END_TEST

/* A stage-1 table access that stage 2 translates to nothing is stage 1's. */
START_TEST(test_s1_external_abort_under_s2)
{
	put(S2_LOW, UINT64_C(0x80000000) | D_BLOCK | S2_RW);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_EXTERNAL, 0, false, 0x14);
	ck_assert(!res.s1ptw);
}
END_TEST

START_TEST(test_s2_external_abort)
{
	put(S2_PAGE, UINT64_C(0x80000000) | D_TABLE);
	ck_assert(!translate(VA, WALK_READ, false));
	ck_fault(WALK_FAULT_EXTERNAL, 2, true, 0x16);
	ck_assert(!res.s1ptw);
	ck_assert_uint_eq(res.ipa, PAGE_PA | 0x567);
}
END_TEST

/*
 * A 40-bit IPA from level 1 needs 1024 entries: two concatenated tables.
 * IPA 0x8040001234 uses entry 513, in the second one; stage 1 is off so
 * the VA is that IPA.
 */
START_TEST(test_s2_concatenated)
{
	const uint64_t ipa = UINT64_C(0x8040001234);

	s1.sctlr = 0;
	put(S2_ROOT + 513 * 8, UINT64_C(0x100000000) | D_BLOCK | S2_RW);
	ck_assert(translate(ipa, WALK_FETCH, false));
	ck_assert_uint_eq(res.ipa, ipa);
	ck_assert_uint_eq(res.pa, 0x100001234);

	put(S2_ROOT + 513 * 8, 0);
	ck_assert(!translate(ipa, WALK_FETCH, false));
	ck_fault(WALK_FAULT_TRANSLATION, 1, true, 0x05);
	ck_assert_uint_eq(res.ipa, ipa);
}
END_TEST

/* Stage-2 walk through table and page descriptors to level 3. */
START_TEST(test_s2_page)
{
	const uint64_t l2 = 0x300000, l3 = 0x301000;

	put(S2_PAGE, l2 | D_TABLE);
	put(l2 + 3 * 8, l3 | D_TABLE);
	put(l3 + 4 * 8, UINT64_C(0x7654000) | D_PAGE | S2_R);
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x7654567);

	ck_assert(!translate(VA, WALK_WRITE, false));
	ck_fault(WALK_FAULT_PERMISSION, 3, true, 0x0f);
	ck_assert_uint_eq(res.ipa, PAGE_PA | 0x567);
}
END_TEST

START_TEST(test_s2_64k)
{
	/* 64KB granule, 40-bit IPA, SL0 1: level 2 with 2048 entries. */
	const uint64_t root = 0x310000;

	s1.sctlr = 0;
	s2.vtcr = T0SZ(24) | SL0(1) | TG0_64K | EL2_PS(2);
	s2.vttbr = root;
	put(root + 2 * 8, UINT64_C(0xe0000000) | D_BLOCK | S2_RW);
	ck_assert(translate(UINT64_C(0x40001234), WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0xe0001234);
}
END_TEST

/* IPAs beyond T0SZ and impossible initial levels: level 0 faults. */
START_TEST(test_s2_bad_ipa_and_start)
{
	s1.sctlr = 0;
	pa_bits = 44;
	ck_assert(!translate(UINT64_C(1) << 41, WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, true, 0x04);
	ck_assert_uint_eq(res.ipa, UINT64_C(1) << 41);

	/* Starting at level 2 would need 512 concatenated tables. */
	s2.vtcr = T0SZ(24) | SL0(0) | TG0_4K | EL2_PS(2);
	ck_assert(!translate(UINT64_C(0x1000), WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, true, 0x04);

	/* Level 0 with 4KB pages needs more than 42 PA bits. */
	s2.vtcr = T0SZ(24) | SL0(2) | TG0_4K | EL2_PS(2);
	s2.vttbr = 0x320000;
	put(0x320000, 0x321000 | D_TABLE);
	put(0x321000, UINT64_C(0x80000000) | D_BLOCK | S2_RW);
	ck_assert(translate(UINT64_C(0x1000), WALK_READ, false));
	ck_assert_uint_eq(res.pa, 0x80001000);
	pa_bits = 42;
	ck_assert(!translate(UINT64_C(0x1000), WALK_READ, false));
	ck_fault(WALK_FAULT_TRANSLATION, 0, true, 0x04);
}
END_TEST

START_TEST(test_s2_disabled)
{
	s2.enabled = false;
	ck_assert(translate(VA, WALK_READ, false));
	ck_assert_uint_eq(res.pa, PAGE_PA | 0x567);
}
END_TEST

/* ---------------------------------------------------- status codes */

static const struct { enum walk_fault fault; int level; unsigned fsc; }
fsc_cases[] = {
	{ WALK_FAULT_ADDRESS_SIZE, 0, 0x00 },
	{ WALK_FAULT_ADDRESS_SIZE, 3, 0x03 },
	{ WALK_FAULT_TRANSLATION, 0, 0x04 },
	{ WALK_FAULT_TRANSLATION, 2, 0x06 },
	{ WALK_FAULT_ACCESS_FLAG, 1, 0x09 },
	{ WALK_FAULT_ACCESS_FLAG, 3, 0x0b },
	{ WALK_FAULT_PERMISSION, 1, 0x0d },
	{ WALK_FAULT_PERMISSION, 2, 0x0e },
	{ WALK_FAULT_EXTERNAL, 0, 0x14 },
	{ WALK_FAULT_EXTERNAL, 3, 0x17 },
};

START_TEST(test_fault_status_code)
{
	struct walk_result r = { .fault = fsc_cases[_i].fault,
				 .level = fsc_cases[_i].level };

	ck_assert_uint_eq(walk_fault_status_code(&r), fsc_cases[_i].fsc);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *pagewalk_suite(void)
{
	Suite *s = suite_create("pagewalk");
	TCase *st1 = tcase_create("stage1");
	TCase *el2 = tcase_create("el2");
	TCase *st2 = tcase_create("stage2");
	TCase *fsc = tcase_create("fsc");

	tcase_add_checked_fixture(st1, setup, NULL);
	tcase_add_test(st1, test_4k_page);
	tcase_add_test(st1, test_4k_blocks);
	tcase_add_loop_test(st1, test_4k_translation_fault_level, 0, 4);
	tcase_add_test(st1, test_4k_reserved_descriptors);
	tcase_add_test(st1, test_64k_page_and_block);
	tcase_add_test(st1, test_64k_level1_block);
	tcase_add_test(st1, test_16k_page);
	tcase_add_test(st1, test_access_flag);
	tcase_add_loop_test(st1, test_s1_permissions, 0, N(perm_cases));
	tcase_add_test(st1, test_s1_reported_permissions);
	tcase_add_test(st1, test_hierarchical_limits);
	tcase_add_test(st1, test_ttbr1);
	tcase_add_test(st1, test_epd0);
	tcase_add_loop_test(st1, test_va_out_of_range, 0, N(out_of_range));
	tcase_add_test(st1, test_39bit_va_starts_at_level1);
	tcase_add_test(st1, test_small_initial_table);
	tcase_add_test(st1, test_tbi);
	tcase_add_test(st1, test_address_size);
	tcase_add_test(st1, test_address_size_pa_bits);
	tcase_add_test(st1, test_external_abort);
	tcase_add_test(st1, test_mmu_off);
	suite_add_tcase(s, st1);

	tcase_add_checked_fixture(el2, setup_el2, NULL);
	tcase_add_test(el2, test_el2_permissions);
	tcase_add_test(el2, test_el2_one_range);
	tcase_add_test(el2, test_el2_ps_and_no_stage2);
	suite_add_tcase(s, el2);

	tcase_add_checked_fixture(st2, setup_s2, NULL);
	tcase_add_test(st2, test_s2_translation);
	tcase_add_test(st2, test_s2_translation_fault);
	tcase_add_test(st2, test_s2_permission_fault);
	tcase_add_test(st2, test_s1_fault_before_s2);
	tcase_add_test(st2, test_s2_access_flag_and_address_size);
	tcase_add_test(st2, test_s1ptw_translation_fault);
	tcase_add_test(st2, test_s1ptw_permission);
	tcase_add_test(st2, test_s1_external_abort_under_s2);
	tcase_add_test(st2, test_s2_external_abort);
	tcase_add_test(st2, test_s2_concatenated);
	tcase_add_test(st2, test_s2_page);
	tcase_add_test(st2, test_s2_64k);
	tcase_add_test(st2, test_s2_bad_ipa_and_start);
	tcase_add_test(st2, test_s2_disabled);
	suite_add_tcase(s, st2);

	tcase_add_loop_test(fsc, test_fault_status_code, 0, N(fsc_cases));
	suite_add_tcase(s, fsc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pagewalk_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
