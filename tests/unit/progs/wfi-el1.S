/*
 * wfi-el1: WFI with nothing pending waits; an IRQ wakes it.
 *
 * At EL1 (machine without EL2), IRQ unmasked, NZCV = C, step 1, then WFI.
 * With no interrupt the core must stay in WFI; when the host asserts the
 * IRQ line the IRQ is taken at VBAR_EL1 + 0x280 with ELR_EL1 = after_wfi
 * (WFI has completed) and SPSR_EL1 = C | D | A | F | EL1h. The handler
 * records it and exits 0; falling through the WFI without the IRQ exits 2.
 *
 * VALUE[0] = after_wfi.
 */
#include "../../target/harness.h"
#include "report.h"

	entry_point
	el1_init vectors
	report_clear
	report_label 0, after_wfi
	li	x0, PSR_C
	msr	nzcv, x0
	msr	daifclr, #2
	step	1
	wfi
after_wfi:
	step	2
	exit	2

el1_handler:
	record	1
	pass

	vector_table vectors, 1, el1_handler
