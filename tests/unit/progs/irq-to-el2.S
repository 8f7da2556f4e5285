/*
 * irq-to-el2: with HCR_EL2.IMO = 1 a physical IRQ is taken to EL2 from EL1
 * whatever EL1's PSTATE.I says.
 *
 * EL2 sets HCR_EL2 = RW | IMO and enters EL1h with DAIF masked. EL1 sets
 * NZCV = N, reports step 1 and spins at el1_spin. The host then asserts the
 * IRQ line: the IRQ goes to EL2, VBAR_EL2 + 0x480 (lower EL, AArch64,
 * IRQ), with ELR_EL2 = el1_spin and SPSR_EL2 = N | DAIF | EL1h. The EL2
 * handler records it and exits 0; EL1's vectors must not be reached.
 *
 * VALUE[0] = el1_spin.
 */
#include "../../target/harness.h"
#include "report.h"

	entry_point
	el2_init vectors_el2, vectors_el1
	report_clear
	report_label 0, el1_spin
	li	x0, (HCR_RW | HCR_IMO)
	msr	hcr_el2, x0
	isb
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	li	x0, PSR_N
	msr	nzcv, x0
	step	1
el1_spin:
	b	el1_spin

el2_handler:
	record	2
	pass

el1_handler:
	record	1
	exit	2

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
