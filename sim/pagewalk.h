/*
 * pagewalk.h - the VMSAv8-64 translation table walk, stage 1 and stage 2.
 *
 * The simulator's own model of address translation (ARM DDI 0487, chapter D8).
 * Unicorn translates natively but never reports *why* an access faulted, so the
 * core re-walks the tables here to build the fault syndrome (DFSC/IFSC, level,
 * stage, S1PTW, IPA for HPFAR_EL2), and to implement AT instructions.
 *
 * This is not a TLB and it keeps no state: every call walks memory afresh
 * through the read callback. It does not know about engines or the core.
 */
#ifndef PHONESIM_PAGEWALK_H
#define PHONESIM_PAGEWALK_H

#include <stdbool.h>
#include <stdint.h>

/* Reads one naturally aligned 64-bit descriptor at physical address pa.
 * Returns false when nothing backs pa (the walk then reports an external abort). */
typedef bool (*walk_read64_fn)(void *ctx, uint64_t pa, uint64_t *val);

enum walk_access { WALK_READ, WALK_WRITE, WALK_FETCH };

/* Stage-1 regime: EL1&0 (two VA ranges, TTBR0/TTBR1) or EL2 (one range, TTBR0). */
struct walk_stage1 {
	bool el2_regime;        /* true: EL2 regime (TCR_EL2 format, no EL0, no TTBR1) */
	uint64_t sctlr;         /* SCTLR_EL1 or SCTLR_EL2: M (bit 0), WXN (bit 19) used */
	uint64_t tcr;           /* TCR_EL1 or TCR_EL2 */
	uint64_t ttbr0, ttbr1;  /* ttbr1 ignored for the EL2 regime */
};

/* Stage 2 (EL1&0 regime only). */
struct walk_stage2 {
	bool enabled;           /* HCR_EL2.VM */
	uint64_t vttbr;
	uint64_t vtcr;
};

enum walk_fault {
	WALK_OK = 0,
	WALK_FAULT_ADDRESS_SIZE,
	WALK_FAULT_TRANSLATION,
	WALK_FAULT_ACCESS_FLAG,
	WALK_FAULT_PERMISSION,
	WALK_FAULT_EXTERNAL,    /* synchronous external abort on a table walk */
};

struct walk_result {
	enum walk_fault fault;
	int level;              /* lookup level of the fault (0..3), as the FSC encodes it */
	bool stage2;            /* the fault was a stage-2 fault */
	bool s1ptw;             /* stage-2 fault taken on a stage-1 table walk access */
	uint64_t ipa;           /* the IPA when stage2 is set (for HPFAR_EL2), else output of stage 1 */
	uint64_t pa;            /* output address (WALK_OK); descriptor address (WALK_FAULT_EXTERNAL) */
	/* Stage-1 permissions of the final mapping when fault == WALK_OK (for PAR_EL1). */
	bool s1_writable, s1_user, s1_xn;
	/* The mapping is global (nG = 0, or stage 1 off): TLBs match it for any ASID. */
	bool s1_global;
};

struct walk_request {
	uint64_t va;
	enum walk_access access;
	bool unprivileged;      /* the access is made at EL0 (or is an LDTR/STTR) */
	unsigned pa_bits;       /* ID_AA64MMFR0_EL1.PARange decoded, e.g. 44 */
};

/*
 * Translates req->va through stage 1 (s1) and, when s2 is enabled, stage 2.
 * A disabled stage 1 (SCTLR.M == 0) is the identity for the VA, which must then
 * fit in pa_bits, else an address size fault at level 0.
 * Returns true when translation succeeded; on false, *res says which fault.
 */
bool walk_translate(const struct walk_stage1 *s1, const struct walk_stage2 *s2,
		    const struct walk_request *req, walk_read64_fn read,
		    void *ctx, struct walk_result *res);

/* Fault status code (DFSC/IFSC, ESR_ELx.ISS[5:0]) for a failed walk. */
unsigned walk_fault_status_code(const struct walk_result *res);

#endif
