/*
 * psci-reset: SYSTEM_RESET then SYSTEM_OFF on a two-core machine started
 * at EL2. The boot count lives in RAM outside the image (reset keeps RAM).
 *
 * First boot: starts core 1 (it waits in WFI), enables the EL1 physical
 * timer (a device with state to lose), calls SYSTEM_RESET. Second boot:
 * checks X0 = 0 at entry (code 2), CurrentEL = EL2 (code 3),
 * AFFINITY_INFO(1) = OFF (code 4), CNTP_CTL_EL0 = 0: the timer was reset
 * (code 5); then SYSTEM_OFF. A return from SYSTEM_RESET exits 6, from
 * SYSTEM_OFF 7; an exception 98. BOOTS (below) counts the boots.
 */
#include "../../target/harness.h"

#define PSCI_CPU_ON64           0xc4000003
#define PSCI_AFFINITY_INFO      0x84000004
#define PSCI_SYSTEM_OFF         0x84000008
#define PSCI_SYSTEM_RESET       0x84000009
#define BOOTS                   (SCRATCH_BASE + 0x2000) /* also in test_psci.c */

	entry_point
	mov	x19, x0				/* X0 at entry */
	el2_init vectors, vectors
	li	x20, BOOTS
	ldr	x21, [x20]
	add	x22, x21, #1
	str	x22, [x20]
	cbnz	x21, second_boot

	li	x0, PSCI_CPU_ON64
	mov	x1, #1
	adr	x2, parked
	mov	x3, #0
	smc	#0
	mov	x0, #1				/* CNTP_CTL_EL0.ENABLE, compare value far away */
	li	x1, 0xffffffffffffffff
	msr	cntp_cval_el0, x1
	msr	cntp_ctl_el0, x0
	li	x0, PSCI_SYSTEM_RESET
	smc	#0
	exit	6

second_boot:
	check	x19, 0, 2, "X0 at entry after SYSTEM_RESET"
	expect_el 2, 3
	li	x0, PSCI_AFFINITY_INFO
	mov	x1, #1
	mov	x2, #0
	smc	#0
	check	x0, 1, 4, "AFFINITY_INFO(1) after SYSTEM_RESET (OFF)"
	mrs	x0, cntp_ctl_el0
	check	x0, 0, 5, "CNTP_CTL_EL0 after SYSTEM_RESET"
	li	x0, PSCI_SYSTEM_OFF
	smc	#0
	exit	7

parked:
	wfi
	b	parked

	exit_vectors vectors, 2, 98
