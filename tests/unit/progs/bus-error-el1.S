/*
 * bus-error-el1: a load from a hole in the physical map (0x1000: neither
 * RAM nor a device) with the MMU off becomes an SError, taken once
 * PSTATE.A is clear.
 *
 * At EL1 (machine without EL2), DAIF masked from reset: LDR from 0x1000,
 * step 1, wait for GO = 1 (nothing may be taken meanwhile), NZCV = Z, then
 * MSR DAIFClr unmasks A: the SError is taken at VBAR_EL1 + 0x380 with
 * ESR_EL1.EC = 0x2F, ELR_EL1 = serr_ret and SPSR_EL1 = Z | D | I | F |
 * EL1h. The handler records it and returns; exit 0 after step 2. Any other
 * exception exits 2.
 *
 * VALUE[0] = serr_ret.
 */
#include "../../target/harness.h"
#include "report.h"

#define HOLE	0x1000

	entry_point
	el1_init vectors
	report_clear
	report_label 0, serr_ret
	mov	x1, #HOLE
	ldr	x0, [x1]
	step	1
	wait_go	1
	li	x0, PSR_Z
	msr	nzcv, x0
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
