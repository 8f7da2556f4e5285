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
#define PLAT_RAM_BASE           0x40000000ULL
#define PLAT_RAM_SIZE_DEFAULT   (512ULL << 20)
#define PLAT_RAM_SIZE_MAX       (64ULL << 30)

/*
 * Physical address size of the modelled core (Cortex-A57 class:
 * ID_AA64MMFR0_EL1.PARange = 0b0100, 44 bits).
 */
#define PLAT_PA_BITS            44

/*
 * Two pages at the top of the PA space belong to the simulator, never to a
 * guest (see engine_uc.c): the ERET gate, never mapped, whose fetch fault
 * signals an exception return, and a code page used to make Unicorn rebuild
 * its cached translation flags. Neither lies in any guest's RAM or stage 2.
 */
#define PLAT_SIM_GATE           0x00000ffffffff000ULL
#define PLAT_SIM_GADGET         0x00000fffffffe000ULL

#endif
