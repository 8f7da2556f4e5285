/*
 * psci-off: the only core calls PSCI CPU_OFF at EL2. The call must not
 * return (exit 2 if it does).
 */
#include "../../target/harness.h"

#define PSCI_CPU_OFF            0x84000002

	.section .text.boot, "ax"
	.global	_start
_start:
	el2_init vectors, vectors
	li	x0, PSCI_CPU_OFF
	smc	#0
	exit	2

unexpected:
	exit	98

	vector_table vectors, 2, unexpected
