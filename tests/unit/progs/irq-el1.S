/*
 * irq-el1: a physical IRQ at EL1 (machine without EL2).
 *
 * Starts at EL1 with DAIF masked, as reset leaves it. With the IRQ line
 * asserted by the host the program waits (step 1, wait_go 1) with PSTATE.I
 * set: nothing may be taken. Once the host sets GO, MSR DAIFClr unmasks IRQ
 * and the IRQ is taken at VBAR_EL1 + 0x280 with ELR_EL1 = irq_ret and
 * SPSR_EL1 = NZCV (Z, C) | D | A | F | EL1h. The handler records it and
 * returns with I set in SPSR (the line is still asserted); the program ends
 * with step 2 and exit 0.
 *
 * VALUE[0] = irq_ret.
 */
#include "../../target/harness.h"
#include "report.h"

	entry_point
	el1_init vectors
	report_clear
	report_label 0, irq_ret
	li	x0, (PSR_Z | PSR_C)
	msr	nzcv, x0
	step	1
	wait_go	1
	msr	daifclr, #2
irq_ret:
	step	2
	pass

el1_handler:
	record	1
	mrs	x17, spsr_el1
	orr	x17, x17, #PSR_I
	msr	spsr_el1, x17
	handler_return 1

	vector_table vectors, 1, el1_handler
