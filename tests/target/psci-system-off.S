/*
 * psci-system-off: PSCI SYSTEM_OFF (Arm DEN 0022D) ends the machine: the
 * call does not return, and the run ends with status 0 (QEMU exits 0 on a
 * guest shutdown; phonesim's SYSTEM_OFF is machine_exit(0)). A return from
 * the call exits 2.
 */
#include "harness.h"

#define PSCI_SYSTEM_OFF         0x84000008

	start_el2 vectors, vectors
	li	x0, PSCI_SYSTEM_OFF
	smc	#0
	fail	2, "SYSTEM_OFF returned"

unexpected:
	unexpected_exception 2, 99

	vector_table vectors, 2, unexpected
