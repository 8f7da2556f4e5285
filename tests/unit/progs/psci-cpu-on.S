/*
 * psci-cpu-on: CPU_ON and CPU_OFF on a two-core machine, at EL2 through
 * SMC or at EL1 without EL2 through HVC. Core 0 starts core 1 with a
 * context ID and waits, through AFFINITY_INFO, until core 1 has called
 * CPU_OFF. The test checks on the host what the cores' state shows.
 *
 * VALUE[0] CPU_ON(1) result, VALUE[1] AFFINITY_INFO(1) once core 1 is off
 * (or the last answer after the polls ran out), VALUE[2] AFFINITY_INFO(1)
 * before CPU_ON; written by core 1: VALUE[3] its X0 at entry, VALUE[4] its
 * CurrentEL, VALUE[5] its MPIDR_EL1. Step 1 once core 0 saw core 1 off;
 * exit 0. Before CPU_ON, AFFINITY_INFO of core 1 at level 1 (its cluster,
 * which holds core 0) must be ON (exit 3 if not). An exception exits 98
 * (EL2) or 99 (EL1).
 */
#include "../../target/harness.h"
#include "report.h"

#define PSCI_CPU_OFF            0x84000002
#define PSCI_CPU_ON64           0xc4000003
#define PSCI_AFFINITY_INFO      0x84000004
#define CONTEXT                 0xc0de0000cafe0001
#define POLLS                   100000

	start_either_el vectors2, vectors1
	report_clear
	firmware_call PSCI_AFFINITY_INFO, 1, 0
	report_value 2, x0
	firmware_call PSCI_AFFINITY_INFO, 1, 1	/* core 1's cluster: core 0 is on */
	check	x0, 0, 3, "AFFINITY_INFO(1, level 1)"
	firmware_call PSCI_CPU_ON64, 1, secondary, CONTEXT
	report_value 0, x0
	li	x19, POLLS
3:	firmware_call PSCI_AFFINITY_INFO, 1, 0
	cmp	x0, #1			/* OFF */
	b.eq	4f
	subs	x19, x19, #1
	b.ne	3b
4:	report_value 1, x0
	step	1
	pass

/* Core 1: reports what it started with, then powers itself off. */
secondary:
	report_value 3, x0
	mrs	x0, CurrentEL
	report_value 4, x0
	mrs	x0, mpidr_el1
	report_value 5, x0
	firmware_call PSCI_CPU_OFF
	b	.

	exit_vectors vectors2, 2, 98
	exit_vectors vectors1, 1, 99
