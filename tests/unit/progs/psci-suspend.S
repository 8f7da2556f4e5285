/*
 * psci-suspend: CPU_SUSPEND at EL2, with every interrupt masked. The test
 * wakes the core from the host by driving its IRQ line: a standby state
 * and a powerdown state (entered as standby) both return SUCCESS after the
 * SMC, like a WFI, and no exception is taken (PSTATE masks the IRQ;
 * waking does not need it unmasked).
 *
 * Step 1 then CPU_SUSPEND(standby); VALUE[0] its result, step 2 then
 * CPU_SUSPEND(powerdown, entry, context ID 0x1234); VALUE[1] its result,
 * step 3; exit 0. An exception exits 98.
 */
#include "../../target/harness.h"
#include "report.h"

#define PSCI_CPU_SUSPEND64      0xc4000001
#define STANDBY                 0x00000001      /* StateID 1, standby, level 0 */
#define POWERDOWN               0x00010002      /* StateID 2, powerdown, level 0 */

	entry_point
	el2_init vectors, vectors
	li	x0, HCR_RW | HCR_IMO		/* IRQs go to EL2, which masks them */
	msr	hcr_el2, x0
	report_clear
	step	1
	li	x0, PSCI_CPU_SUSPEND64
	li	x1, STANDBY
	smc	#0
	report_value 0, x0
	step	2
	li	x0, PSCI_CPU_SUSPEND64
	li	x1, POWERDOWN
	adr	x2, _start
	li	x3, 0x1234
	smc	#0
	report_value 1, x0
	step	3
	pass

	exit_vectors vectors, 2, 98
