/*
 * hvc-firmware-el1: on a machine without EL2, HVC (and SMC) reach the
 * platform firmware, which implements no service: X0 = -1 (SMCCC
 * NOT_SUPPORTED), every other register kept, execution goes on after the
 * instruction, and no exception is taken at EL1.
 *
 * X0 after HVC -> VALUE[0], X1 (kept) -> VALUE[1], X0 after SMC ->
 * VALUE[2]; step 1, exit 0. Any exception at EL1 exits 2.
 */
#include "../../target/harness.h"
#include "report.h"

/* A fast SMC64 call of an owning entity the SMCCC reserves (0x07). */
#define FUNCTION_ID	0xc7000001
#define KEPT		0x0123456789abcdef

	entry_point
	el1_init vectors
	report_clear
	li	x0, FUNCTION_ID
	li	x1, KEPT
	hvc	#0
	report_value 0, x0
	report_value 1, x1
	li	x0, FUNCTION_ID
	smc	#0
	report_value 2, x0
	step	1
	pass

el1_handler:
	record	1
	exit	2

	vector_table vectors, 1, el1_handler
