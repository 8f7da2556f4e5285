/*
 * pmu.h - the Performance Monitors Extension of every core (PMUv3 as in
 * ARMv8.0, ARM DDI 0487 chapter D11 and the PM* register descriptions), a
 * Cortex-A57-class PMU: the cycle counter PMCCNTR_EL0 and PMU_COUNTERS
 * event counters, as system registers.
 *
 * Everything counts from simulated state, never host time: a counter's
 * value is the core's own count of the event (cycles, instructions,
 * exceptions by EL; the timing model's cache, TLB and branch counts) since
 * it was last written or reset, while it is enabled and its filter allows
 * the EL. An overflow sets its flag and, where enabled, raises the PMU
 * interrupt (PPI PMU_PPI, as on QEMU's virt board) through the GIC.
 *
 * docs/pmu.md describes the events, the access rules and what is not exact.
 */
#ifndef PHONESIM_PMU_H
#define PHONESIM_PMU_H

/* Event counters implemented (PMCR_EL0.N), as the Cortex-A57. */
#define PMU_COUNTERS    6

/* The overflow interrupt: INTID 23 (PPI 7), QEMU virt's. */
#define PMU_PPI         23

#endif
