/*
 * irq-after-eret: a physical IRQ routed to EL1 (HCR_EL2.IMO = 0) waits
 * while the core runs at EL2, even with EL2's PSTATE.I clear, and is taken
 * as soon as the core is back at EL1 with PSTATE.I clear.
 *
 * EL2 clears DAIF, reports step 1 and waits for GO = 1; the host asserts
 * the IRQ line meanwhile. Then EL2 returns to el1_entry with SPSR =
 * N | D | A | F | EL1h: the IRQ is taken before el1_entry executes, at
 * VBAR_EL1 + 0x280, with ELR_EL1 = el1_entry and SPSR_EL1 = that SPSR.
 * The EL1 handler records it and exits 0; reaching el1_entry's code exits
 * 2, an exception at EL2 exits 3.
 *
 * VALUE[0] = el1_entry.
 */
#include "../../target/harness.h"
#include "report.h"

	entry_point
	el2_init vectors_el2, vectors_el1
	report_clear
	report_label 0, el1_entry
	msr	daifclr, #0xf
	step	1
	wait_go	1
	eret_to	2, el1_entry, (PSR_N | PSR_D | PSR_A | PSR_F | PSR_M_EL1h)

el1_entry:
	step	2
	exit	2

el1_handler:
	record	1
	pass

el2_handler:
	record	2
	exit	3

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
