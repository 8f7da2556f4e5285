/*
 * psci.h - the function identifiers and return codes of the platform
 * firmware's services: the Power State Coordination Interface (PSCI 1.1,
 * Arm DEN 0022D) and the Arm Architecture Calls of the SMC Calling
 * Convention (SMCCC 1.1, Arm DEN 0028).
 *
 * Constants only, so that C and assembly on either side of the call (the
 * simulator's firmware in psci.c, target code calling it) can use them.
 * Not here: the behaviour of each function (psci.c, docs/power.md).
 */
#ifndef PHONESIM_PSCI_H
#define PHONESIM_PSCI_H

/* SMCCC function identifiers: bit 30 set for the SMC64 form of a call. */
#define SMCCC_64                        0x40000000

/* Arm Architecture Calls (SMCCC 1.1, "Arm Architecture Calls"). */
#define SMCCC_VERSION                   0x80000000
#define SMCCC_ARCH_FEATURES             0x80000001
#define SMCCC_VERSION_1_1               0x10001

/* PSCI functions (DEN 0022D, "PSCI functions"); an SMC64 form adds SMCCC_64. */
#define PSCI_VERSION                    0x84000000
#define PSCI_CPU_SUSPEND                0x84000001
#define PSCI_CPU_OFF                    0x84000002
#define PSCI_CPU_ON                     0x84000003
#define PSCI_AFFINITY_INFO              0x84000004
#define PSCI_MIGRATE_INFO_TYPE          0x84000006
#define PSCI_SYSTEM_OFF                 0x84000008
#define PSCI_SYSTEM_RESET               0x84000009
#define PSCI_FEATURES                   0x8400000a
#define PSCI_VERSION_1_1                0x10001

/* Return codes (DEN 0022D, "Return error codes"), sign-extended in X0. */
#define PSCI_SUCCESS                    0
#define PSCI_NOT_SUPPORTED              (-1)
#define PSCI_INVALID_PARAMETERS         (-2)
#define PSCI_ALREADY_ON                 (-4)
#define PSCI_INVALID_ADDRESS            (-9)

/* AFFINITY_INFO results (ON_PENDING, 2, never occurs here: CPU_ON completes at once). */
#define PSCI_AFFINITY_ON                0
#define PSCI_AFFINITY_OFF               1

/* MIGRATE_INFO_TYPE: no Trusted OS, or one that needs no migration. */
#define PSCI_TOS_NOT_PRESENT_MP         2

/* CPU_SUSPEND power_state in the original format ("power_state parameter"). */
#define PSCI_POWER_STATE_ID_MASK        0x0000ffff
#define PSCI_POWER_STATE_POWERDOWN      0x00010000
#define PSCI_POWER_STATE_LEVEL_SHIFT    24
#define PSCI_POWER_STATE_LEVEL_MASK     0x03000000

#endif
