/*
 * sim-page-store-el1: a store to the simulator's page (PLAT_SIM_PAGE, the
 * last page of the PA space: the ERET gate lives there) is dropped and is
 * an External abort, an SError, as a store to a hole would be.
 *
 * At EL1 (machine without EL2, MMU off), DAIF masked from reset: STR XZR
 * to PLAT_SIM_PAGE + 0x10 (the gate), step 1, wait for GO = 1 (nothing may
 * be taken meanwhile), then MSR DAIFClr unmasks A: the SError is taken at
 * VBAR_EL1 + 0x380 with ESR_EL1.EC = 0x2F, ELR_EL1 = serr_ret. The handler
 * records it and returns with ERET, which lands on the gate (still intact);
 * exit 0 after step 2. Any other exception exits 2.
 *
 * VALUE[0] = serr_ret.
 */
#include "../../target/harness.h"
#include "report.h"

#define SIM_GATE	0x00000ffffffff010	/* PLAT_SIM_GATE */

	entry_point
	el1_init vectors
	report_clear
	report_label 0, serr_ret
	li	x1, SIM_GATE
	str	xzr, [x1]
	step	1
	wait_go	1
	msr	daifclr, #4			/* A */
serr_ret:
	step	2
	pass

el1_handler:
	record	1
	cmp	x17, #(VEC_CUR_SPX + VEC_SERROR)
	b.ne	1f
	handler_return 1
1:	exit	2

	vector_table vectors, 1, el1_handler
