/*
 * psci-calls: the firmware's answers to every function it implements and to
 * some it does not, on a one-core machine. Runs at EL2, calling through SMC,
 * or at EL1 on a machine without EL2, calling through HVC (as QEMU virt's
 * firmware is reached without and with virtualization).
 *
 * Expected values are Arm DEN 0022D (PSCI 1.1) and DEN 0028 (SMCCC 1.1):
 * PSCI_VERSION and SMCCC_VERSION 1.1 (0x10001); PSCI_FEATURES 0 for every
 * function implemented (for CPU_SUSPEND: original power_state format,
 * platform-coordinated) and for SMCCC_VERSION, NOT_SUPPORTED (-1) for the
 * others; SMCCC_ARCH_FEATURES 0 for the two Arm Architecture Calls
 * implemented, -1 for anything else; MIGRATE_INFO_TYPE 2; -1 in all 64 bits
 * for unknown functions; X4-X15 preserved (SMCCC 1.1); SMC32 functions read
 * W1-W3; AFFINITY_INFO at levels 0-3 and its INVALID_PARAMETERS (-2) cases;
 * CPU_ON of the caller ALREADY_ON (-4), with an entry outside RAM
 * INVALID_ADDRESS (-9); CPU_SUSPEND with reserved bits or power level 3 -2.
 * Exit 0 when all hold, else the number of the failed check.
 */
#include "../../target/harness.h"

#define SMCCC_VERSION           0x80000000
#define SMCCC_ARCH_FEATURES     0x80000001
#define SMCCC_ARCH_WORKAROUND_1 0x80008000
#define PSCI_VERSION            0x84000000
#define PSCI_CPU_SUSPEND        0x84000001
#define PSCI_CPU_OFF            0x84000002
#define PSCI_CPU_ON             0x84000003
#define PSCI_AFFINITY_INFO      0x84000004
#define PSCI_MIGRATE            0x84000005
#define PSCI_MIGRATE_INFO_TYPE  0x84000006
#define PSCI_MIGRATE_INFO_UP_CPU 0x84000007
#define PSCI_SYSTEM_OFF         0x84000008
#define PSCI_SYSTEM_RESET       0x84000009
#define PSCI_FEATURES           0x8400000a
#define PSCI_SYSTEM_SUSPEND64   0xc400000e
#define SMC64                   0x40000000

#define SUCCESS                 0
#define NOT_SUPPORTED           -1
#define INVALID_PARAMETERS      -2
#define ALREADY_ON              -4
#define INVALID_ADDRESS         -9
#define AFF_ON                  0

/* The call must return \expect. */
.macro expect code, what, fid, a1=0, a2=0, a3=0, expect
	firmware_call \fid, \a1, \a2, \a3
	check	x0, \expect, \code, "\what"
.endm

	start_either_el vectors2, vectors1
	expect	2, "PSCI_VERSION", PSCI_VERSION, expect=0x10001
	expect	3, "SMCCC_VERSION", SMCCC_VERSION, expect=0x10001
	expect	4, "MIGRATE_INFO_TYPE", PSCI_MIGRATE_INFO_TYPE, expect=2

	expect	10, "PSCI_FEATURES(PSCI_VERSION)", PSCI_FEATURES, PSCI_VERSION, expect=SUCCESS
	expect	11, "PSCI_FEATURES(CPU_SUSPEND)", PSCI_FEATURES, PSCI_CPU_SUSPEND, expect=SUCCESS
	expect	12, "PSCI_FEATURES(CPU_SUSPEND SMC64)", PSCI_FEATURES, PSCI_CPU_SUSPEND | SMC64, expect=SUCCESS
	expect	13, "PSCI_FEATURES(CPU_OFF)", PSCI_FEATURES, PSCI_CPU_OFF, expect=SUCCESS
	expect	14, "PSCI_FEATURES(CPU_ON)", PSCI_FEATURES, PSCI_CPU_ON, expect=SUCCESS
	expect	15, "PSCI_FEATURES(CPU_ON SMC64)", PSCI_FEATURES, PSCI_CPU_ON | SMC64, expect=SUCCESS
	expect	16, "PSCI_FEATURES(AFFINITY_INFO)", PSCI_FEATURES, PSCI_AFFINITY_INFO, expect=SUCCESS
	expect	17, "PSCI_FEATURES(AFFINITY_INFO SMC64)", PSCI_FEATURES, PSCI_AFFINITY_INFO | SMC64, expect=SUCCESS
	expect	18, "PSCI_FEATURES(MIGRATE_INFO_TYPE)", PSCI_FEATURES, PSCI_MIGRATE_INFO_TYPE, expect=SUCCESS
	expect	19, "PSCI_FEATURES(SYSTEM_OFF)", PSCI_FEATURES, PSCI_SYSTEM_OFF, expect=SUCCESS
	expect	20, "PSCI_FEATURES(SYSTEM_RESET)", PSCI_FEATURES, PSCI_SYSTEM_RESET, expect=SUCCESS
	expect	21, "PSCI_FEATURES(PSCI_FEATURES)", PSCI_FEATURES, PSCI_FEATURES, expect=SUCCESS
	expect	22, "PSCI_FEATURES(SMCCC_VERSION)", PSCI_FEATURES, SMCCC_VERSION, expect=SUCCESS
	expect	23, "PSCI_FEATURES(MIGRATE)", PSCI_FEATURES, PSCI_MIGRATE, expect=NOT_SUPPORTED
	expect	24, "PSCI_FEATURES(MIGRATE_INFO_UP_CPU)", PSCI_FEATURES, PSCI_MIGRATE_INFO_UP_CPU, expect=NOT_SUPPORTED
	expect	25, "PSCI_FEATURES(SYSTEM_SUSPEND SMC64)", PSCI_FEATURES, PSCI_SYSTEM_SUSPEND64, expect=NOT_SUPPORTED
	expect	26, "PSCI_FEATURES(SMCCC_ARCH_FEATURES)", PSCI_FEATURES, SMCCC_ARCH_FEATURES, expect=NOT_SUPPORTED
	expect	27, "PSCI_FEATURES(CPU_OFF as SMC64)", PSCI_FEATURES, PSCI_CPU_OFF | SMC64, expect=NOT_SUPPORTED

	expect	30, "SMCCC_ARCH_FEATURES(SMCCC_VERSION)", SMCCC_ARCH_FEATURES, SMCCC_VERSION, expect=SUCCESS
	expect	31, "SMCCC_ARCH_FEATURES(SMCCC_ARCH_FEATURES)", SMCCC_ARCH_FEATURES, SMCCC_ARCH_FEATURES, expect=SUCCESS
	expect	32, "SMCCC_ARCH_FEATURES(SMCCC_ARCH_WORKAROUND_1)", SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, expect=NOT_SUPPORTED
	expect	33, "SMCCC_ARCH_FEATURES(PSCI_VERSION)", SMCCC_ARCH_FEATURES, PSCI_VERSION, expect=NOT_SUPPORTED

	expect	40, "unknown: an OEM call", 0xc7000001, expect=NOT_SUPPORTED
	expect	41, "unknown: reserved PSCI 0x8400001f", 0x8400001f, expect=NOT_SUPPORTED
	expect	42, "unknown: MIGRATE", PSCI_MIGRATE, expect=NOT_SUPPORTED
	expect	43, "unknown: MIGRATE SMC64", PSCI_MIGRATE | SMC64, expect=NOT_SUPPORTED
	expect	44, "unknown: SYSTEM_SUSPEND SMC64", PSCI_SYSTEM_SUSPEND64, expect=NOT_SUPPORTED
	expect	45, "unknown: a yielding call", 0x04000000, expect=NOT_SUPPORTED
	expect	46, "unknown: SMCCC_ARCH_WORKAROUND_1", SMCCC_ARCH_WORKAROUND_1, expect=NOT_SUPPORTED
	expect	47, "function ID from W0 (upper half of X0 ignored)", 0xffffffff00000000 | PSCI_VERSION, expect=0x10001

	/* SMCCC 1.1: X4-X17 are preserved (the harness keeps x16/x17 for itself). */
	.irp n, 4,5,6,7,8,9,10,11,12,13,14,15
	li	x\n, (0x1111111111111111 * \n)
	.endr
	firmware_call PSCI_VERSION
	.irp n, 4,5,6,7,8,9,10,11,12,13,14,15
	check	x\n, (0x1111111111111111 * \n), 50, "X4-X15 preserved across a call"
	.endr

	expect	60, "AFFINITY_INFO(0, level 0)", PSCI_AFFINITY_INFO, 0, 0, expect=AFF_ON
	expect	61, "AFFINITY_INFO(0, level 1)", PSCI_AFFINITY_INFO, 0, 1, expect=AFF_ON
	expect	62, "AFFINITY_INFO(0, level 2)", PSCI_AFFINITY_INFO, 0, 2, expect=AFF_ON
	expect	63, "AFFINITY_INFO(0, level 3)", PSCI_AFFINITY_INFO, 0, 3, expect=AFF_ON
	expect	64, "AFFINITY_INFO(0, level 4)", PSCI_AFFINITY_INFO, 0, 4, expect=INVALID_PARAMETERS
	expect	65, "AFFINITY_INFO(1) of a one-core machine", PSCI_AFFINITY_INFO, 1, 0, expect=INVALID_PARAMETERS
	expect	66, "AFFINITY_INFO with MPIDR bit 31", PSCI_AFFINITY_INFO, 0x80000000, 0, expect=INVALID_PARAMETERS
	expect	67, "AFFINITY_INFO of cluster Aff1 = 1", PSCI_AFFINITY_INFO, 0x100, 1, expect=INVALID_PARAMETERS
	expect	68, "AFFINITY_INFO SMC32 reads W1", PSCI_AFFINITY_INFO, 0xffffffff00000000, 0, expect=AFF_ON
	expect	69, "AFFINITY_INFO SMC64 reads X1", PSCI_AFFINITY_INFO | SMC64, 0xffffffff00000000, 0, expect=INVALID_PARAMETERS
	expect	70, "AFFINITY_INFO SMC32 reads W2", PSCI_AFFINITY_INFO, 0, 0x100000000, expect=AFF_ON

	expect	80, "CPU_ON of the caller", PSCI_CPU_ON | SMC64, 0, _start, 0, expect=ALREADY_ON
	expect	81, "CPU_ON with an entry outside RAM", PSCI_CPU_ON | SMC64, 0, 0x1000, 0, expect=INVALID_ADDRESS
	expect	82, "CPU_ON with a misaligned entry", PSCI_CPU_ON | SMC64, 0, _start + 2, 0, expect=INVALID_ADDRESS
	expect	83, "CPU_ON SMC32 with an entry above 4 GiB truncated", PSCI_CPU_ON, 0, 0x1000 + 0x100000000, 0, expect=INVALID_ADDRESS
	expect	84, "CPU_ON of core 8", PSCI_CPU_ON | SMC64, 8, _start, 0, expect=INVALID_PARAMETERS

	expect	90, "CPU_SUSPEND with a reserved bit", PSCI_CPU_SUSPEND, 0x40000000, expect=INVALID_PARAMETERS
	expect	91, "CPU_SUSPEND at power level 3", PSCI_CPU_SUSPEND, 0x03000000, expect=INVALID_PARAMETERS
	expect	92, "CPU_SUSPEND powerdown, entry outside RAM", PSCI_CPU_SUSPEND | SMC64, 0x00010000, 0x1000, expect=INVALID_ADDRESS
	pass

unexpected2:
	unexpected_exception 2, 98
unexpected1:
	unexpected_exception 1, 99

	vector_table vectors2, 2, unexpected2
	vector_table vectors1, 1, unexpected1
