/*
 * power-loop: a fixed amount of work at two exception levels, for the
 * energy model. At EL2: 10000 iterations of a two-instruction loop, then
 * ERET to EL1h; at EL1: 20000 iterations; exit 0 through semihosting.
 * Step 1 is reported at EL2 before the loop (the host may change the
 * operating point there). An exception exits 98 (EL2) or 99 (EL1).
 */
#include "../../target/harness.h"
#include "report.h"

	entry_point
	el2_init vectors2, vectors1
	report_clear
	step	1
	li	x0, 10000
1:	subs	x0, x0, #1
	b.ne	1b
	eret_to	2, at_el1, (PSR_DAIF | PSR_M_EL1h)
at_el1:
	li	x0, 20000
2:	subs	x0, x0, #1
	b.ne	2b
	pass

	exit_vectors vectors2, 2, 98
	exit_vectors vectors1, 1, 99
