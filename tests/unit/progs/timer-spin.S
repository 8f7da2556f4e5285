/*
 * timer-spin: lets time pass (test_timer.c programs the timers itself).
 *
 * EL2, step 1, then a branch to itself for ever: every block is one
 * instruction, so a core_run or machine_run turn ends on the exact cycle
 * it was given. Any exception exits 3.
 */
#include "../../target/harness.h"
#include "report.h"

	.section .text.boot, "ax"
	.global	_start
_start:
	el2_init vectors_el2, vectors_el2	/* EL1 is never entered */
	report_clear
	step	1
spin:
	b	spin

el2_handler:
	record	2
	exit	3

	vector_table vectors_el2, 2, el2_handler
