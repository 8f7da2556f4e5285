/*
 * priority-el1: which of several pending physical interrupts is taken first.
 *
 * At EL1 (machine without EL2), DAIF masked from reset, NZCV = N | V.
 * Phase 1: step 1, wait for GO = 1 (the host asserts SError and IRQ), then
 * MSR DAIFClr unmasks A and I at once: the SError is taken first (+0x380,
 * ELR_EL1 = p1), then the IRQ (+0x280, ELR_EL1 = p1).
 * Phase 2: all masked again, step 2, wait for GO = 2 (the host asserts FIQ
 * and IRQ), then unmask I and F at once: FIQ first (+0x300), then IRQ, both
 * with ELR_EL1 = p2. Exit 0 after step 3.
 *
 * The handler records each interrupt and returns with the kind it took
 * masked in SPSR_EL1 (the lines stay asserted), so the next one is taken
 * on the way back; a synchronous exception exits 2.
 *
 * VALUE[0] = p1, VALUE[1] = p2.
 */
#include "../../target/harness.h"
#include "report.h"

	entry_point
	el1_init vectors
	report_clear
	report_label 0, p1
	report_label 1, p2
	li	x0, (PSR_N | PSR_V)
	msr	nzcv, x0
	step	1
	wait_go	1
	msr	daifclr, #6			/* A, I */
p1:	msr	daifset, #0xf
	step	2
	wait_go	2
	msr	daifclr, #3			/* I, F */
p2:	msr	daifset, #0xf
	step	3
	pass

el1_handler:
	record	1
	stp	x0, x1, [sp, #-16]!
	mov	x1, #PSR_A
	cmp	x17, #(VEC_CUR_SPX + VEC_SERROR)
	b.eq	1f
	mov	x1, #PSR_F
	cmp	x17, #(VEC_CUR_SPX + VEC_FIQ)
	b.eq	1f
	mov	x1, #PSR_I
	cmp	x17, #(VEC_CUR_SPX + VEC_IRQ)
	b.eq	1f
	exit	2
1:	mrs	x0, spsr_el1
	orr	x0, x0, x1
	msr	spsr_el1, x0
	ldp	x0, x1, [sp], #16
	handler_return 1

	vector_table vectors, 1, el1_handler
