/*
 * timing-progs.h - what the timing programs (tests/unit/progs/timing-*.S)
 * and test_timing.c share.
 *
 * A program pauses at every point where the host is to look: it executes
 * WFI with interrupts masked and nothing pending, so the core stops there.
 * The host reads the timing model's counters, wakes the core by raising
 * then dropping its IRQ line (WFI completes on an interrupt that PSTATE
 * masks, which is then not taken: ARM DDI 0487, "Wait for Interrupt") and
 * runs it to the next pause. What runs from one pause to the next is a
 * window; each program lists what its windows do.
 */
#ifndef PHONESIM_TESTS_UNIT_PROGS_TIMING_PROGS_H
#define PHONESIM_TESTS_UNIT_PROGS_TIMING_PROGS_H

/* timing-loop-el1: iterations of the counted loop in each window. */
#define LOOP_TRIPS      100

/* timing-chase-el1: a ring of pointers, one a line, larger than L1 and L2. */
#define CHASE_BASE      0x40900000
#define CHASE_LINES     4096            /* 256 KiB */
#define SWEEP_BASE      0x40a00000      /* what is read to push the ring out */
#define SWEEP_LINES     2560            /* 160 KiB: 32 KiB (L1), then 128 KiB (L2) */
#define STORE_BASE      0x40c00000      /* then stored to, a line at a time */
#define STORE_LINES     128             /* 8 KiB: 2 pages */

/*
 * timing-tlbi-el1, timing-s2: pages of the scratch area the windows load
 * from, mapped by level 3 tables; their entries are 8 to 11, the second
 * 64-byte line of a table (see timing-s2.S).
 */
#define DATA_PAGE(n)    (0x40808000 + (n) * 0x1000)
/* timing-s2: data in a 2 MiB block at both stages. */
#define BLOCK_DATA      0x40a00000

/* Table indices of an address (4 KiB granule). */
#define L2_INDEX(a)     (((a) >> 21) & 511)
#define L3_INDEX(a)     (((a) >> 12) & 511)

/* ASIDs (TTBR0_EL1[63:48]) and the VMID (VTTBR_EL2[55:48]) the programs use. */
#define ASID_A          1
#define ASID_B          2
#define VMID            1

#ifdef __ASSEMBLER__

/* A pause: WFI, with the interrupts masked and none pending. */
.macro pause
	wfi
.endm

#endif /* __ASSEMBLER__ */

#endif
