/*
 * power.h - the SoC's power controller: dynamic voltage and frequency
 * scaling (DVFS) of the core clusters, and the energy model that charges
 * each core, by exception level, for what it ran, how long it was powered
 * and how long it waited for an interrupt.
 *
 * Each cluster has a table of operating points (frequency, voltage) and
 * runs at one of them; a guest selects another by writing its index to the
 * cluster's register, and the cores' clocks change at once (core_set_freq).
 * Energy is a function of the cores' own counters (instructions, cycles
 * run, cycles waited, by EL) and of the operating point in force while they
 * grew, so it is exact at any moment without sampling. The registers, the
 * parameters, their defaults and the formula are in docs/power.md.
 *
 * The register offsets are usable from assembly too (target test code).
 *
 * Not here: turning cores on and off (PSCI, psci.c), the cores' clocks
 * themselves (sim/core.c), instruction timing (sim/timing).
 */
#ifndef PHONESIM_POWER_H
#define PHONESIM_POWER_H

/* Register offsets in the window at PLAT_POWER_BASE (all 32-bit). */
#define POWER_NCLUSTERS         0x000   /* RO: number of clusters */
#define POWER_NCORES            0x004   /* RO: number of cores */
#define POWER_CLUSTER(k)        (0x100 + 0x100 * (k))
#define POWER_CL_OPP            0x00    /* RW: index of the operating point in force */
#define POWER_CL_NOPPS          0x04    /* RO: operating points in the table */
#define POWER_CL_CORES          0x08    /* RO: bit n set for core n in the cluster */
#define POWER_CL_FREQ_KHZ(i)    (0x10 + 8 * (i))        /* RO: OPP i's frequency */
#define POWER_CL_VOLT_MV(i)     (0x14 + 8 * (i))        /* RO: OPP i's voltage */
#define POWER_CORE(n)           (0x1000 + 0x20 * (n))
#define POWER_ENERGY_LO(e)      (8 * (e))       /* RO: energy in pJ; e = 0 all, 1 + EL */
#define POWER_ENERGY_HI(e)      (8 * (e) + 4)

#define POWER_MAX_CLUSTERS      4
#define POWER_MAX_OPPS          16

#ifndef __ASSEMBLER__
#include <stdint.h>

struct machine;
struct power;

/* The machine's power controller (the device "power"), or NULL. */
struct power *power_of(struct machine *m);

/* Energy core cpu has used at exception level el since the run began, in femtojoules. */
uint64_t power_energy_fj(const struct power *p, unsigned cpu, unsigned el);
#endif /* __ASSEMBLER__ */

#endif
