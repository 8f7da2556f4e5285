/*
 * sysreg.h - the system registers the simulator owns.
 *
 * Every MRS/MSR/SYS executed on a simulated core is seen by the core before
 * the access is checked (engine.h). For the registers listed here the core
 * keeps the architectural value itself, in one register file per core, and
 * serves reads from it; that is what lets several engines (one per EL) share
 * one architectural state, and what keeps ELR/SPSR away from the engines'
 * own ERET (the gate, docs/core.md). Registers that an engine's translation
 * or trap logic reads are also pushed into that engine's copy before it runs.
 *
 * Devices (generic timer, GIC CPU interface) register handlers for the
 * registers they implement with sysreg_register_handler.
 *
 * Registers absent from both are executed by the engine as it implements
 * them (ID registers, NZCV, DAIF, SPSel, CurrentEL, FPCR, SP_ELx, ...).
 */
#ifndef PHONESIM_SYSREG_H
#define PHONESIM_SYSREG_H

#include <stdbool.h>
#include <stdint.h>

/* The op0:op1:CRn:CRm:op2 encoding, as in the MRS/MSR instruction (C5.3). */
#define SYSREG_ENC(op0, op1, crn, crm, op2) \
	((uint32_t)((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2)))
#define SYSREG_OP0(e)   (((e) >> 14) & 3u)
#define SYSREG_OP1(e)   (((e) >> 11) & 7u)
#define SYSREG_CRN(e)   (((e) >> 7) & 15u)
#define SYSREG_CRM(e)   (((e) >> 3) & 15u)
#define SYSREG_OP2(e)   ((e) & 7u)

/* Which engines need their own copy of a register (bit n: the ELn engine). */
#define PUSH_EL0        1u
#define PUSH_EL1        2u
#define PUSH_EL2        4u

/* Register flags. */
#define SR_TVM          1u      /* trapped by HCR_EL2.TVM (writes) and TRVM (reads) from EL1 */
#define SR_TLB          2u      /* affects translation: flush the engine's TLB after a push */
#define SR_RO           4u      /* read-only */
#define SR_EL0_RO       8u      /* read-only at EL0 (writable from EL1) */

/*
 * X(id, name, op0, op1, crn, crm, op2, lowest EL, push, flags)
 * The canonical register file holds exactly these registers.
 */
#define SYSREG_TABLE(X) \
	X(SCTLR_EL1,      "SCTLR_EL1",      3, 0, 1, 0, 0, 1, PUSH_EL0 | PUSH_EL1, SR_TVM | SR_TLB) \
	X(ACTLR_EL1,      "ACTLR_EL1",      3, 0, 1, 0, 1, 1, 0, 0) \
	X(CPACR_EL1,      "CPACR_EL1",      3, 0, 1, 0, 2, 1, 0, 0) \
	X(CSSELR_EL1,     "CSSELR_EL1",     3, 2, 0, 0, 0, 1, PUSH_EL1 | PUSH_EL2, 0) \
	X(MDSCR_EL1,      "MDSCR_EL1",      2, 0, 0, 2, 2, 1, 0, 0) \
	X(TTBR0_EL1,      "TTBR0_EL1",      3, 0, 2, 0, 0, 1, PUSH_EL0 | PUSH_EL1, SR_TVM | SR_TLB) \
	X(TTBR1_EL1,      "TTBR1_EL1",      3, 0, 2, 0, 1, 1, PUSH_EL0 | PUSH_EL1, SR_TVM | SR_TLB) \
	X(TCR_EL1,        "TCR_EL1",        3, 0, 2, 0, 2, 1, PUSH_EL0 | PUSH_EL1, SR_TVM | SR_TLB) \
	X(SPSR_EL1,       "SPSR_EL1",       3, 0, 4, 0, 0, 1, 0, 0) \
	X(ELR_EL1,        "ELR_EL1",        3, 0, 4, 0, 1, 1, 0, 0) \
	X(AFSR0_EL1,      "AFSR0_EL1",      3, 0, 5, 1, 0, 1, 0, SR_TVM) \
	X(AFSR1_EL1,      "AFSR1_EL1",      3, 0, 5, 1, 1, 1, 0, SR_TVM) \
	X(ESR_EL1,        "ESR_EL1",        3, 0, 5, 2, 0, 1, 0, SR_TVM) \
	X(FAR_EL1,        "FAR_EL1",        3, 0, 6, 0, 0, 1, 0, SR_TVM) \
	X(PAR_EL1,        "PAR_EL1",        3, 0, 7, 4, 0, 1, 0, 0) \
	X(MAIR_EL1,       "MAIR_EL1",       3, 0, 10, 2, 0, 1, PUSH_EL0 | PUSH_EL1, SR_TVM | SR_TLB) \
	X(AMAIR_EL1,      "AMAIR_EL1",      3, 0, 10, 3, 0, 1, 0, SR_TVM) \
	X(VBAR_EL1,       "VBAR_EL1",       3, 0, 12, 0, 0, 1, 0, 0) \
	X(CONTEXTIDR_EL1, "CONTEXTIDR_EL1", 3, 0, 13, 0, 1, 1, 0, SR_TVM) \
	X(TPIDR_EL1,      "TPIDR_EL1",      3, 0, 13, 0, 4, 1, 0, 0) \
	X(TPIDR_EL0,      "TPIDR_EL0",      3, 3, 13, 0, 2, 0, 0, 0) \
	X(TPIDRRO_EL0,    "TPIDRRO_EL0",    3, 3, 13, 0, 3, 0, 0, SR_EL0_RO) \
	X(MIDR_EL1,       "MIDR_EL1",       3, 0, 0, 0, 0, 1, 0, SR_RO) \
	X(MPIDR_EL1,      "MPIDR_EL1",      3, 0, 0, 0, 5, 1, 0, SR_RO) \
	X(VPIDR_EL2,      "VPIDR_EL2",      3, 4, 0, 0, 0, 2, 0, 0) \
	X(VMPIDR_EL2,     "VMPIDR_EL2",     3, 4, 0, 0, 5, 2, 0, 0) \
	X(SCTLR_EL2,      "SCTLR_EL2",      3, 4, 1, 0, 0, 2, PUSH_EL2, SR_TLB) \
	X(ACTLR_EL2,      "ACTLR_EL2",      3, 4, 1, 0, 1, 2, 0, 0) \
	X(HCR_EL2,        "HCR_EL2",        3, 4, 1, 1, 0, 2, PUSH_EL0 | PUSH_EL1, SR_TLB) \
	X(MDCR_EL2,       "MDCR_EL2",       3, 4, 1, 1, 1, 2, PUSH_EL0 | PUSH_EL1, 0) \
	X(CPTR_EL2,       "CPTR_EL2",       3, 4, 1, 1, 2, 2, PUSH_EL1, 0) \
	X(HSTR_EL2,       "HSTR_EL2",       3, 4, 1, 1, 3, 2, 0, 0) \
	X(HACR_EL2,       "HACR_EL2",       3, 4, 1, 1, 7, 2, 0, 0) \
	X(TTBR0_EL2,      "TTBR0_EL2",      3, 4, 2, 0, 0, 2, PUSH_EL2, SR_TLB) \
	X(TCR_EL2,        "TCR_EL2",        3, 4, 2, 0, 2, 2, PUSH_EL2, SR_TLB) \
	X(VTTBR_EL2,      "VTTBR_EL2",      3, 4, 2, 1, 0, 2, PUSH_EL0 | PUSH_EL1, SR_TLB) \
	X(VTCR_EL2,       "VTCR_EL2",       3, 4, 2, 1, 2, 2, PUSH_EL0 | PUSH_EL1, SR_TLB) \
	X(SPSR_EL2,       "SPSR_EL2",       3, 4, 4, 0, 0, 2, 0, 0) \
	X(ELR_EL2,        "ELR_EL2",        3, 4, 4, 0, 1, 2, 0, 0) \
	X(AFSR0_EL2,      "AFSR0_EL2",      3, 4, 5, 1, 0, 2, 0, 0) \
	X(AFSR1_EL2,      "AFSR1_EL2",      3, 4, 5, 1, 1, 2, 0, 0) \
	X(ESR_EL2,        "ESR_EL2",        3, 4, 5, 2, 0, 2, 0, 0) \
	X(FAR_EL2,        "FAR_EL2",        3, 4, 6, 0, 0, 2, 0, 0) \
	X(HPFAR_EL2,      "HPFAR_EL2",      3, 4, 6, 0, 4, 2, 0, 0) \
	X(MAIR_EL2,       "MAIR_EL2",       3, 4, 10, 2, 0, 2, PUSH_EL2, SR_TLB) \
	X(AMAIR_EL2,      "AMAIR_EL2",      3, 4, 10, 3, 0, 2, 0, 0) \
	X(VBAR_EL2,       "VBAR_EL2",       3, 4, 12, 0, 0, 2, 0, 0) \
	X(TPIDR_EL2,      "TPIDR_EL2",      3, 4, 13, 0, 2, 2, 0, 0) \
	X(CNTKCTL_EL1,    "CNTKCTL_EL1",    3, 0, 14, 1, 0, 1, PUSH_EL0 | PUSH_EL1, 0) \
	X(CNTHCTL_EL2,    "CNTHCTL_EL2",    3, 4, 14, 1, 0, 2, PUSH_EL0 | PUSH_EL1, 0)

enum sysreg_id {
#define SYSREG_ID(id, ...) SR_##id,
	SYSREG_TABLE(SYSREG_ID)
#undef SYSREG_ID
	SR_COUNT
};

struct sysreg_desc {
	const char *name;
	uint32_t enc;
	uint8_t min_el;
	uint8_t push;
	uint8_t flags;
};

extern const struct sysreg_desc sysreg_desc[SR_COUNT];

/* The table entry for an encoding, or -1. */
int sysreg_lookup(uint32_t enc);

/* The encoding of a table register, by name. */
#define SYSREG(id)              (sysreg_desc[SR_##id].enc)

/* EL3 registers: the simulator is the EL3 firmware; no guest reaches them. */
#define SYSREG_SCR_EL3          SYSREG_ENC(3, 6, 1, 1, 0)
#define SYSREG_SPSR_EL3         SYSREG_ENC(3, 6, 4, 0, 0)

/* HCR_EL2 (D13.2.46) */
#define HCR_VM          (1ull << 0)
#define HCR_SWIO        (1ull << 1)
#define HCR_PTW         (1ull << 2)
#define HCR_FMO         (1ull << 3)
#define HCR_IMO         (1ull << 4)
#define HCR_AMO         (1ull << 5)
#define HCR_VF          (1ull << 6)
#define HCR_VI          (1ull << 7)
#define HCR_VSE         (1ull << 8)
#define HCR_TWI         (1ull << 13)
#define HCR_TWE         (1ull << 14)
#define HCR_TID1        (1ull << 16)
#define HCR_TID2        (1ull << 17)
#define HCR_TID3        (1ull << 18)
#define HCR_TSC         (1ull << 19)
#define HCR_TACR        (1ull << 21)
#define HCR_TSW         (1ull << 22)
#define HCR_TPC         (1ull << 23)
#define HCR_TPU         (1ull << 24)
#define HCR_TTLB        (1ull << 25)
#define HCR_TVM         (1ull << 26)
#define HCR_TGE         (1ull << 27)
#define HCR_TDZ         (1ull << 28)
#define HCR_HCD         (1ull << 29)
#define HCR_TRVM        (1ull << 30)
#define HCR_RW          (1ull << 31)

/* SCTLR_ELx; UMA, DZE, UCT and UCI are SCTLR_EL1's controls of EL0 */
#define SCTLR_M         (1ull << 0)
#define SCTLR_UMA       (1ull << 9)
#define SCTLR_DZE       (1ull << 14)
#define SCTLR_UCT       (1ull << 15)
#define SCTLR_NTWI      (1ull << 16)
#define SCTLR_NTWE      (1ull << 18)
#define SCTLR_UCI       (1ull << 26)

/* CPACR_EL1.FPEN (bits 21:20); CPTR_EL2.TFP (bit 10) and TCPAC (bit 31) */
#define CPACR_FPEN_SHIFT 20
#define CPTR_TFP        (1ull << 10)
#define CPTR_TCPAC      (1ull << 31)

/* MDCR_EL2: its traps of the debug registers (ARM DDI 0487, MDCR_EL2) */
#define MDCR_TDE        (1ull << 8)
#define MDCR_TDA        (1ull << 9)
#define MDCR_TDOSA      (1ull << 10)
#define MDCR_TDRA       (1ull << 11)

/*
 * A device's handler for registers it implements (timer, GIC CPU interface).
 *
 * trap (optional) says where an access from el is trapped: the EL the trap
 * is taken to (1 or 2, EC 0x18), or -1 when it is allowed. A trapped access
 * is left to the engine, whose own check must agree (the engines hold the
 * control registers, e.g. CNTKCTL_EL1, CNTHCTL_EL2), because only the engine
 * can stop precisely at the instruction; the core then asks trap() again to
 * build the exception.
 *
 * read and write (either may be NULL: that direction is UNDEFINED) return
 * false for an access that is UNDEFINED, which the engine then makes so.
 */
struct sysreg_handler {
	uint32_t enc;
	uint8_t min_el;
	int (*trap)(void *opaque, unsigned cpu, unsigned el, bool read);
	bool (*read)(void *opaque, unsigned cpu, unsigned el, uint64_t *value);
	bool (*write)(void *opaque, unsigned cpu, unsigned el, uint64_t value);
	void *opaque;
};

#define SYSREG_MAX_HANDLERS 128

struct sysreg_handlers {
	unsigned n;
	struct sysreg_handler h[SYSREG_MAX_HANDLERS];
	/* By encoding, 1 + the handler's index (0: none): every MRS/MSR of a
	 * register the core does not own looks here. Zeroed with the table. */
	uint8_t slot_of[1 << 16];
};
_Static_assert(SYSREG_MAX_HANDLERS < 256, "slot_of holds 1 + a handler's index");

int sysreg_register_handler(struct sysreg_handlers *t, const struct sysreg_handler *h);
const struct sysreg_handler *sysreg_find_handler(const struct sysreg_handlers *t, uint32_t enc);

#endif
