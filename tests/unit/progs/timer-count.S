/*
 * timer-count: the system counter as code reads it (test_timer.c).
 *
 * Parameters, written by the host into the report area before the run and
 * read before it is cleared: VALUE[3] = iterations of a delay loop (to let
 * time pass), VALUE[4] = the CNTVOFF_EL2 to set, VALUE[5] = the number of
 * NOPs (0..SLED) to execute before the timed reads, which lets the host
 * place them at any instruction count it likes.
 *
 * EL2: CNTFRQ_EL0 -> VALUE[0]; CNTVOFF_EL2 = VALUE[4], read back ->
 * VALUE[5]. ERET to EL1: CNTFRQ_EL0 -> VALUE[1], the loop, the NOPs, the
 * timed reads, one straight line that ends the program with SYS_EXIT 0.
 * With E = the instructions retired when SYS_EXIT's HLT is reached (the HLT
 * itself does not retire: the host reads E as the core's icount), the
 * reads are instructions number
 *	E - 109	CNTPCT_EL0 -> VALUE[4]
 *	E - 3	CNTPCT_EL0 -> VALUE[2]
 *	E - 2	CNTVCT_EL0 -> VALUE[3]
 * (counting from 0), with 105 instructions between the first two that
 * need not end a block. Any exception exits 2 (at EL1) or 3 (at EL2).
 */
#include "../../target/harness.h"
#include "report.h"

#define SLED		1024

	.section .text.boot, "ax"
	.global	_start
_start:
	ldr	x16, =REPORT_BASE
	ldr	x19, [x16, #(REPORT_VALUE + 8 * 3)]
	ldp	x20, x21, [x16, #(REPORT_VALUE + 8 * 4)]
	el2_init vectors_el2, vectors_el1
	report_clear
	mrs	x0, cntfrq_el0
	report_value 0, x0
	msr	cntvoff_el2, x20
	isb
	mrs	x0, cntvoff_el2
	report_value 5, x0
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	mrs	x0, cntfrq_el0
	report_value 1, x0
	cmp	x21, #SLED
	b.hi	bad_parameter
	cbz	x19, 2f
1:	subs	x19, x19, #1
	b.ne	1b
2:
	la	x1, exit_block
	mov	x0, #SYS_EXIT
	ldr	x16, =(REPORT_BASE + REPORT_VALUE)
	adr	x9, sled_end
	sub	x9, x9, x21, lsl #2
	br	x9
sled:
	.rept	SLED
	nop
	.endr
sled_end:
	mrs	x4, cntpct_el0
	str	x4, [x16, #(8 * 4)]
	.rept	104
	nop
	.endr
	mrs	x2, cntpct_el0
	mrs	x3, cntvct_el0
	stp	x2, x3, [x16, #(8 * 2)]
	hlt	#0xf000

bad_parameter:
	exit	4

el1_handler:
	record	1
	exit	2

el2_handler:
	record	2
	exit	3

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler

	.data
	.balign	8
exit_block:
	.quad	ADP_Stopped_ApplicationExit, 0
