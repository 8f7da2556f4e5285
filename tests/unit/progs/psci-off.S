/*
 * psci-off: the only core calls PSCI CPU_OFF at EL2. The call must not
 * return (exit 2 if it does).
 */
#include "../../target/harness.h"

#define PSCI_CPU_OFF            0x84000002

	entry_point
	el2_init vectors, vectors
	li	x0, PSCI_CPU_OFF
	smc	#0
	exit	2

	exit_vectors vectors, 2, 98
