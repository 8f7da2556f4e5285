/*
 * tlb.h - a set-associative TLB caching translations of 4 KiB pages (larger
 * mappings are cached as the 4 KiB page used), tagged with the translation
 * regime, ASID and VMID, so that a switch of ASID or VMID does not flush it
 * and TLBI can drop exactly what the architecture says (ARM DDI 0487 D8.13
 * "Translation Lookaside Buffers", D8.14 "TLB maintenance").
 *
 * A model of hits, misses and what a miss costs the walker; an entry also
 * keeps the output page, which the timing model gives the caches (they are
 * physically addressed) and uses to tell RAM from devices.
 */
#ifndef PHONESIM_TLB_H
#define PHONESIM_TLB_H

#include <stdbool.h>
#include <stdint.h>

enum tlb_regime { TLB_EL10 = 0, TLB_EL2 = 1 };

struct tlb_tag {
	uint64_t page;          /* VA >> 12 */
	uint16_t asid;          /* EL1&0 non-global entries */
	uint16_t vmid;          /* EL1&0 under stage 2 */
	bool global;            /* nG = 0: matches any ASID */
	enum tlb_regime regime;
	uint64_t pa_page;       /* the output address >> 12: kept, not matched */
};

struct tlb_config {
	uint32_t entries;       /* a power of two */
	uint32_t ways;          /* a power of two; entries for fully associative */
	uint32_t latency;       /* cycles added by a hit at this level (0 for L1) */
};

struct tlb_stats {
	uint64_t hits, misses;
};

struct tlb {
	struct tlb_config cfg;
	uint32_t sets;
	struct tlb_tag *tag;
	bool *valid;
	uint32_t *plru;
	uint32_t last;          /* the entry that hit last: most lookups hit it again */
	struct tlb_stats stats;
};

int tlb_init(struct tlb *t, const struct tlb_config *cfg);
void tlb_free(struct tlb *t);

/* The entry that hits (counted), or NULL: nothing is filled, see tlb_fill. */
const struct tlb_tag *tlb_lookup(struct tlb *t, const struct tlb_tag *key);
void tlb_fill(struct tlb *t, const struct tlb_tag *key);

/* TLB maintenance, as the TLBI operations define their scope. */
void tlb_flush_all(struct tlb *t);
void tlb_flush_regime(struct tlb *t, enum tlb_regime regime);
void tlb_flush_vmid(struct tlb *t, uint16_t vmid);                     /* VMALLS12E1 */
void tlb_flush_asid(struct tlb *t, uint16_t vmid, uint16_t asid);      /* ASIDE1 */
void tlb_flush_va(struct tlb *t, enum tlb_regime regime, uint16_t vmid, uint64_t page,
		  bool match_asid, uint16_t asid);                      /* VAE1, VALE1, VAAE1, VAE2 */

#endif
