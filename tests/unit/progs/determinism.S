/*
 * determinism: a program that never ends, for comparing two runs.
 *
 * EL2 enters EL1, which loops for ever: a 64-bit LCG in x0, mixed into x1,
 * stored into a 2 KiB ring in the scratch area (beyond the report), a
 * counter in x2; every 64 iterations an SVC to EL1 (counted in x3), every
 * 256 an HVC to EL2 (counted in x4). Everything it computes depends only on
 * how far it got, so two runs for the same budget must agree exactly.
 */
#include "../../target/harness.h"
#include "report.h"

#define RING	(SCRATCH_BASE + 0x1000)

	entry_point
	el2_init vectors_el2, vectors_el1
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	li	x0, 0x0123456789abcdef
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	li	x5, 6364136223846793005
	li	x6, 1442695040888963407
	li	x7, RING
loop:
	madd	x0, x0, x5, x6
	eor	x1, x1, x0, ror #13
	and	x8, x2, #0xff
	str	x1, [x7, x8, lsl #3]
	add	x2, x2, #1
	tst	x2, #63
	b.ne	loop
	svc	#1
	tst	x2, #255
	b.ne	loop
	hvc	#1
	b	loop

el1_handler:
	add	x3, x3, #1
	handler_return 1

el2_handler:
	add	x4, x4, #1
	handler_return 2

	vector_table vectors_el1, 1, el1_handler
	vector_table vectors_el2, 2, el2_handler
