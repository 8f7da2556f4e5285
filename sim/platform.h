/*
 * platform.h - the physical memory map of the simulated phone SoC.
 *
 * Matches QEMU's "virt" board where the two overlap, so that a bare-metal
 * program built for `qemu-system-aarch64 -M virt` runs unmodified. The full
 * map, with the interrupt assignments, is documented in docs/platform.md.
 *
 * This file only names addresses; devices and RAM are set up by machine.c.
 */
#ifndef PHONESIM_PLATFORM_H
#define PHONESIM_PLATFORM_H

#define PLAT_GICD_BASE          0x08000000ULL   /* GICv3 distributor, 64 KiB */
#define PLAT_GICR_BASE          0x080a0000ULL   /* GICv3 redistributors, 128 KiB per core */
#define PLAT_UART0_BASE         0x09000000ULL   /* PL011 */

/*
 * The phone's own peripherals, 64 KiB apart, where QEMU virt has its
 * platform bus (so nothing built for virt expects anything there).
 */
#define PLAT_MODEM_BASE         0x0c000000ULL   /* baseband modem */
#define PLAT_DISPLAY_BASE       0x0c010000ULL   /* display controller */
#define PLAT_STORAGE_BASE       0x0c020000ULL   /* block storage */
#define PLAT_POWER_BASE         0x0c030000ULL   /* DVFS and energy counters */
#define PLAT_TRACE_PORT_BASE    0x0c040000ULL   /* hypervisor trace port */
#define PLAT_DEVICE_SIZE        0x10000ULL

/* GIC interrupt IDs (INTIDs): SGIs 0-15, PPIs 16-31, SPIs 32 and up. */
#define PLAT_INTID_SPI(n)       (32 + (n))
#define PLAT_INTID_GIC_MAINT    25              /* PPI: GIC maintenance */
#define PLAT_INTID_UART0        PLAT_INTID_SPI(1)       /* as QEMU virt */
#define PLAT_INTID_MODEM        PLAT_INTID_SPI(8)
#define PLAT_INTID_DISPLAY      PLAT_INTID_SPI(9)
#define PLAT_INTID_STORAGE      PLAT_INTID_SPI(10)
#define PLAT_INTID_POWER        PLAT_INTID_SPI(11)
/* Storage namespaces 1-14 (devices/storage.h): SPIs 16-29, INTIDs 48-61; namespace 0 is 42. */
#define PLAT_INTID_STORAGE_NS(n) ((n) ? PLAT_INTID_SPI(15 + (n)) : PLAT_INTID_STORAGE)
#define PLAT_NR_SPIS            64
#define PLAT_RAM_BASE           0x40000000ULL
#define PLAT_RAM_SIZE_DEFAULT   (512ULL << 20)
#define PLAT_RAM_SIZE_MAX       (64ULL << 30)

/* The system counter's frequency (CNTFRQ_EL0): 19.2 MHz, as in many phones. */
#define PLAT_COUNTER_HZ_DEFAULT 19200000ull

/*
 * Physical address size of the modelled core (Cortex-A57 class:
 * ID_AA64MMFR0_EL1.PARange = 0b0100, 44 bits).
 */
#define PLAT_PA_BITS            44

/*
 * The last page of the PA space belongs to the simulator (engine_uc.c): the
 * code that parks an engine at its EL, and the ERET gate, where every native
 * exception return lands. Guests may read it; a write is dropped and is an
 * External abort (an SError, as for a hole in the map). It lies in no
 * guest's RAM and no hypervisor maps it for a guest.
 */
#define PLAT_SIM_PAGE           0x00000ffffffff000ULL
#define PLAT_SIM_GATE           (PLAT_SIM_PAGE + 0x10)

#endif
