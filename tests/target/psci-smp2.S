/*
 * psci-smp2: PSCI as a two-core machine's firmware sees it, through SMC
 * from EL2 (QEMU virt with virtualization=on, -smp 2; phonesim --cores 2).
 * Values from Arm DEN 0022D (PSCI 1.1): function IDs, return codes
 * (SUCCESS 0, NOT_SUPPORTED -1, INVALID_PARAMETERS -2, ALREADY_ON -4),
 * AFFINITY_INFO states (ON 0, OFF 1), CPU_ON's entry conditions (the
 * target starts at the caller's EL, at the entry point, with the context
 * ID in X0).
 *
 * Checks: PSCI_VERSION = 1.1; MIGRATE_INFO_TYPE = 2; PSCI_FEATURES of an
 * implemented function (CPU_ON SMC64) = 0 and of MIGRATE = NOT_SUPPORTED;
 * unknown functions = NOT_SUPPORTED in all 64 bits; AFFINITY_INFO of
 * core 0 (ON) and core 1 (OFF); AFFINITY_INFO and CPU_ON of a core that
 * does not exist, or with MPIDR bit 31 set, = INVALID_PARAMETERS; CPU_ON of
 * core 1 = SUCCESS, and core 1 reports X0 = context ID, CurrentEL = EL2,
 * MPIDR_EL1 affinity = 1; then AFFINITY_INFO(1) = ON, CPU_ON of core 1
 * and of core 0 = ALREADY_ON; core 1 calls CPU_OFF and AFFINITY_INFO(1)
 * becomes OFF; a second CPU_ON (SMC32) starts it again with the new
 * context ID, and it goes off again.
 *
 * The target's power state changes asynchronously on QEMU (the other core
 * runs in its own thread), so the program polls, with bounds.
 */
#include "harness.h"

#define PSCI_VERSION            0x84000000
#define PSCI_CPU_OFF            0x84000002
#define PSCI_CPU_ON             0x84000003
#define PSCI_CPU_ON64           0xc4000003
#define PSCI_AFFINITY_INFO      0x84000004
#define PSCI_AFFINITY_INFO64    0xc4000004
#define PSCI_MIGRATE            0x84000005
#define PSCI_MIGRATE_INFO_TYPE  0x84000006
#define PSCI_FEATURES           0x8400000a
#define SUCCESS                 0
#define NOT_SUPPORTED           -1
#define INVALID_PARAMETERS      -2
#define ALREADY_ON              -4
#define AFF_ON                  0
#define AFF_OFF                 1

#define CONTEXT1                0x0123456789abcdef
#define CONTEXT2                0x5eed0002      /* SMC32: a 32-bit context ID */
#define POLLS                   20000000

/* What core 1 leaves in `shared` (offsets). */
#define SH_LIVES                0       /* times core 1 has started */
#define SH_CONTEXT              8       /* its X0 at entry */
#define SH_EL                   16      /* its CurrentEL */
#define SH_MPIDR                24      /* its MPIDR_EL1 */
#define SH_GO                   32      /* core 0 lets it call CPU_OFF */

/* X0 = psci(fid, a1, a2, a3) through SMC. Clobbers x0-x3. */
.macro psci fid, a1=0, a2=0, a3=0
	li	x0, \fid
	li	x1, \a1
	li	x2, \a2
	li	x3, \a3
	smc	#0
.endm

/* Polls until core 1 has started \lives times, else fails with \code. */
.macro wait_lives lives, code
	la	x19, shared
	li	x20, POLLS
.Lwait_lives\@:
	ldar	x21, [x19]			/* SH_LIVES */
	cmp	x21, #\lives
	b.eq	.Lwait_lives_done\@
	subs	x20, x20, #1
	b.ne	.Lwait_lives\@
	fail	\code, "core 1 did not start"
.Lwait_lives_done\@:
.endm

/* Polls AFFINITY_INFO(1) until OFF, else fails with \code. */
.macro wait_off code
	li	x20, POLLS
.Lwait_off\@:
	psci	PSCI_AFFINITY_INFO, 1, 0
	cmp	x0, #AFF_OFF
	b.eq	.Lwait_off_done\@
	subs	x20, x20, #1
	b.ne	.Lwait_off\@
	check	x0, AFF_OFF, \code, "AFFINITY_INFO(1) after CPU_OFF"
.Lwait_off_done\@:
.endm

	start_el2 vectors, vectors

	psci	PSCI_VERSION
	check	x0, 0x10001, 2, "PSCI_VERSION"
	psci	PSCI_MIGRATE_INFO_TYPE
	check	x0, 2, 3, "MIGRATE_INFO_TYPE"
	psci	PSCI_FEATURES, PSCI_CPU_ON64
	check	x0, SUCCESS, 4, "PSCI_FEATURES(CPU_ON SMC64)"
	psci	PSCI_FEATURES, PSCI_MIGRATE
	check	x0, NOT_SUPPORTED, 5, "PSCI_FEATURES(MIGRATE)"
	psci	0xc7000001			/* an OEM service call */
	check	x0, NOT_SUPPORTED, 6, "unknown function 0xc7000001"
	psci	0x8400001f			/* reserved in the PSCI range */
	check	x0, NOT_SUPPORTED, 7, "unknown function 0x8400001f"

	psci	PSCI_AFFINITY_INFO, 0, 0
	check	x0, AFF_ON, 8, "AFFINITY_INFO(0)"
	psci	PSCI_AFFINITY_INFO, 1, 0
	check	x0, AFF_OFF, 9, "AFFINITY_INFO(1) before CPU_ON"
	psci	PSCI_AFFINITY_INFO64, 7, 0
	check	x0, INVALID_PARAMETERS, 10, "AFFINITY_INFO(7) of a 2-core machine"
	psci	PSCI_CPU_ON64, 0x80000001, secondary, CONTEXT1
	check	x0, INVALID_PARAMETERS, 11, "CPU_ON with MPIDR bit 31 in target_cpu"
	psci	PSCI_CPU_ON64, 7, secondary, CONTEXT1
	check	x0, INVALID_PARAMETERS, 12, "CPU_ON of core 7"

	psci	PSCI_CPU_ON64, 1, secondary, CONTEXT1
	check	x0, SUCCESS, 13, "CPU_ON(1)"
	wait_lives 1, 14
	ldr	x1, [x19, #SH_CONTEXT]
	check	x1, CONTEXT1, 15, "core 1's X0 at entry (context ID)"
	ldr	x1, [x19, #SH_EL]
	check	x1, CURRENTEL(2), 16, "core 1's CurrentEL (the caller's)"
	ldr	x1, [x19, #SH_MPIDR]
	li	x2, 0xff00ffffff		/* Aff3, Aff2, Aff1, Aff0 */
	and	x1, x1, x2
	check	x1, 1, 17, "core 1's MPIDR_EL1 affinity"
	psci	PSCI_AFFINITY_INFO, 1, 0
	check	x0, AFF_ON, 18, "AFFINITY_INFO(1) once on"
	psci	PSCI_CPU_ON64, 1, secondary, CONTEXT1
	check	x0, ALREADY_ON, 19, "CPU_ON(1) while on"
	psci	PSCI_CPU_ON64, 0, secondary, CONTEXT1
	check	x0, ALREADY_ON, 20, "CPU_ON(0) of the caller"

	la	x19, shared
	mov	x1, #1
	add	x2, x19, #SH_GO
	stlr	x1, [x2]
	wait_off 21

	psci	PSCI_CPU_ON, 1, secondary, CONTEXT2
	check	x0, SUCCESS, 22, "CPU_ON(1) again, SMC32"
	wait_lives 2, 23
	ldr	x1, [x19, #SH_CONTEXT]
	check	x1, CONTEXT2, 24, "core 1's X0 at its second entry"
	wait_off 25
	pass

/* Core 1: reports, waits for GO, calls CPU_OFF. Uses no stack. */
secondary:
	mrs	x1, CurrentEL
	mrs	x2, mpidr_el1
	la	x3, shared
	str	x0, [x3, #SH_CONTEXT]
	str	x1, [x3, #SH_EL]
	str	x2, [x3, #SH_MPIDR]
	ldr	x4, [x3, #SH_LIVES]
	add	x4, x4, #1
	stlr	x4, [x3]			/* SH_LIVES */
	add	x5, x3, #SH_GO
1:	ldar	x4, [x5]
	cbz	x4, 1b
	li	x0, PSCI_CPU_OFF
	smc	#0
	b	.				/* CPU_OFF returned: core 0 times out */

unexpected:
	unexpected_exception 2, 99

	vector_table vectors, 2, unexpected

	.data
	.balign	64
shared:
	.quad	0, 0, 0, 0, 0
