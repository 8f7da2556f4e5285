/*
 * sysreg-handler: IMPLEMENTATION DEFINED system registers served by handlers
 * the host registers (test_core.c): IMPDEF_A = S3_0_C15_C0_0 with
 * min_el 1, IMPDEF_B = S3_1_C15_C2_0 with min_el 2. Each handler keeps
 * the last value written and reads it back.
 *
 * EL2: MSR IMPDEF_B, VAL_B; MRS IMPDEF_B -> VALUE[0]. Then EL1:
 * MRS IMPDEF_A -> VALUE[3]; MSR IMPDEF_A, VAL_A; MRS IMPDEF_B at undef_el1
 * (below min_el: UNDEFINED, EC 0x00 at EL1, Rt unchanged -> VALUE[4]).
 * Then EL0: MRS IMPDEF_A at undef_el0 (UNDEFINED, taken to EL1 from the
 * lower EL; Rt unchanged -> VALUE[5]); SVC #0 ends the program (exit 0).
 * The EL1 handler records every exception and skips UNDEFINED
 * instructions; an exception at EL2 exits 3.
 *
 * VALUE[1] = undef_el1, VALUE[2] = undef_el0.
 */
#include "../../target/harness.h"
#include "report.h"

#define IMPDEF_A	S3_0_C15_C0_0
#define IMPDEF_B	S3_1_C15_C2_0
#define VAL_A		0x1111222233334444
#define VAL_B		0x5555666677778888
#define UNTOUCHED	0x5e5e5e5e5e5e5e5e

	entry_point
	el2_init vectors_el2, vectors_el1
	report_clear
	li	x0, VAL_B
	msr	IMPDEF_B, x0
	mrs	x1, IMPDEF_B
	report_value 0, x1
	report_label 1, undef_el1
	report_label 2, undef_el0
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	mrs	x2, IMPDEF_A
	report_value 3, x2
	li	x3, VAL_A
	msr	IMPDEF_A, x3
	li	x4, UNTOUCHED
undef_el1:
	mrs	x4, IMPDEF_B
	report_value 4, x4
	eret_to	1, el0_main, PSR_M_EL0t

el0_main:
	li	x5, UNTOUCHED
undef_el0:
	mrs	x5, IMPDEF_A
	report_value 5, x5
	svc	#0

el1_handler:
	record	1
	mrs	x17, esr_el1
	lsr	x17, x17, #26
	cmp	x17, #EC_SVC64
	b.ne	1f
	pass
1:	mrs	x17, elr_el1
	add	x17, x17, #4
	msr	elr_el1, x17
	handler_return 1

el2_handler:
	record	2
	exit	3

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
