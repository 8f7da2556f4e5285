/*
 * power-dvfs: a guest changes its cluster's operating point and times a
 * fixed loop (LOOPS iterations of two instructions) with semihosting
 * SYS_ELAPSED (simulated nanoseconds, counted up to the instruction
 * before each call) at the boot OPP, after selecting OPP 0, and after
 * selecting the boot OPP again.
 *
 * VALUE[0..2] the three times; VALUE[3] the cluster's OPP register read
 * after the first change; VALUE[4] read after the second. Exit 0.
 */
#include "../../target/harness.h"
#include "../../../devices/power.h"
#include "report.h"

#define POWER_BASE      0x0c030000      /* PLAT_POWER_BASE */
#define OPP_REG         (POWER_BASE + POWER_CLUSTER(0) + POWER_CL_OPP)
#define LOOPS           5000

	entry_point
	el2_init vectors, vectors
	report_clear
	li	x23, OPP_REG
	ldr	w24, [x23]			/* the boot OPP */
	bl	measure
	report_value 0, x0
	str	wzr, [x23]			/* OPP 0 */
	b	1f				/* the change applies at the block's end */
1:	ldr	w1, [x23]
	report_value 3, x1
	bl	measure
	report_value 1, x0
	str	w24, [x23]
	b	2f
2:	ldr	w1, [x23]
	report_value 4, x1
	bl	measure
	report_value 2, x0
	pass

/* x0 = nanoseconds from one SYS_ELAPSED to the next, around the loop. */
measure:
	mov	x21, x30
	bl	elapsed
	mov	x22, x0
	li	x2, LOOPS
3:	subs	x2, x2, #1
	b.ne	3b
	bl	elapsed
	sub	x0, x0, x22
	ret	x21

/* x0 = SYS_ELAPSED's tick count (ns). */
elapsed:
	la	x1, ticks
	mov	w0, #SYS_ELAPSED
	hlt	#0xf000
	la	x1, ticks
	ldr	x0, [x1]
	ret

	exit_vectors vectors, 2, 98

	.data
	.balign	8
ticks:
	.quad	0
