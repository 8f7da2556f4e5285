/*
 * vbar-hole-el1: an exception whose vector lies in a hole cannot make
 * progress. VBAR_EL1 = 0x1000 (neither RAM nor a device), then UDF: the
 * Undefined Instruction exception goes to 0x1200, whose fetch aborts, whose
 * Instruction Abort goes to 0x1200 again, and so on. The core must stop.
 *
 * VALUE[0] = udf_at.
 */
#include "../../target/harness.h"
#include "report.h"

#define HOLE	0x1000

	entry_point
	msr	spsel, #1
	set_sp	__stack_el1_top
	report_clear
	report_label 0, udf_at
	mov	x0, #HOLE
	msr	vbar_el1, x0
	isb
udf_at:
	udf	#0
	exit	2
