/*
 * hole-el1: at EL1, MMU off, with a working vector table, branch to
 * 0x0b000000: a hole in the physical map, in phonesim's and in QEMU virt's
 * (whose 0x10000000 is the PCIe MMIO window, not a hole). Nothing answers
 * the fetch, so it is an Instruction Abort taken from EL1 to EL1
 * (VBAR_EL1 + 0x200: current EL, SP_ELx) reporting a synchronous External
 * abort: ESR_EL1 = EC 0x21, IL 1, IFSC 0x10 = 0x86000010; FAR_EL1 and
 * ELR_EL1 = the branch target; SPSR_EL1 = the PSTATE at the branch
 * (N and V set here, DAIF masked, EL1h) = 0x900003c5.
 *
 * The handler prints what it got, one "NAME 0x<16 hex digits>" line each,
 * and exits 0: tests/cli/runaway.sh compares the lines with those values.
 * Runs with --el 1, or from EL2 (enter_el1 drops to EL1 first).
 */
#include "../../target/harness.h"

#define HOLE            0x0b000000

	entry_point
	enter_el1 vectors_el2, vectors_el1
	expect_el 1, 1
	li	x0, (PSR_N | PSR_V)	/* flags the SPSR must record */
	msr	nzcv, x0
	li	x0, HOLE
	br	x0
	fail	2, "the branch to the hole returned"

/* Every EL1 vector: report what was taken, then stop. */
on_exception_el1:
	mov	x19, x17			/* vector offset */
	mrs	x20, esr_el1
	mrs	x21, far_el1
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	print_val "vector ", x19
	print_val "ESR_EL1 ", x20
	print_val "FAR_EL1 ", x21
	print_val "ELR_EL1 ", x22
	print_val "SPSR_EL1 ", x23
	pass

/* Nothing may reach EL2. */
on_exception_el2:
	unexpected_exception 2, 3

	vector_table vectors_el1, 1, on_exception_el1
	vector_table vectors_el2, 2, on_exception_el2
	.ltorg
