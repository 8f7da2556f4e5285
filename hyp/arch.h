/*
 * arch.h - AArch64 definitions the hypervisor uses: system register access,
 * barriers, and the bits of the EL2 control registers it sets or decodes.
 *
 * Section names are those of ARM DDI 0487 (the Arm ARM); GIC registers are
 * from ARM IHI 0069. Not here: the data structures (hyp.h).
 */
#ifndef HYP_ARCH_H
#define HYP_ARCH_H

#include <stdint.h>

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))
#define isb()           __asm__ volatile("isb" ::: "memory")
#define dsb(opt)        __asm__ volatile("dsb " #opt ::: "memory")
#define wfi()           __asm__ volatile("wfi" ::: "memory")

/* GICv3 CPU interface registers by encoding (the assembler knows no names). */
#define ICC_IAR1_EL1    S3_0_C12_C12_0
#define ICC_EOIR1_EL1   S3_0_C12_C12_1
#define ICC_DIR_EL1     S3_0_C12_C11_1
#define ICC_PMR_EL1     S3_0_C4_C6_0
#define ICC_CTLR_EL1    S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1   S3_0_C12_C11_5
#define ICC_SRE_EL2     S3_4_C12_C9_5
#define ICH_AP0R0_EL2   S3_4_C12_C8_0
#define ICH_AP1R0_EL2   S3_4_C12_C9_0
#define ICH_HCR_EL2     S3_4_C12_C11_0
#define ICH_ELRSR_EL2   S3_4_C12_C11_5
#define ICH_VMCR_EL2    S3_4_C12_C11_7
#define ICH_LR0_EL2     S3_4_C12_C12_0
#define ICH_LR1_EL2     S3_4_C12_C12_1
#define ICH_LR2_EL2     S3_4_C12_C12_2
#define ICH_LR3_EL2     S3_4_C12_C12_3
#define CNTHP_CTL_EL2   S3_4_C14_C2_1
#define CNTHP_CVAL_EL2  S3_4_C14_C2_2

/* HCR_EL2 ("HCR_EL2, Hypervisor Configuration Register"). */
#define HCR_VM          (1ul << 0)
#define HCR_FMO         (1ul << 3)
#define HCR_IMO         (1ul << 4)
#define HCR_AMO         (1ul << 5)
#define HCR_TWI         (1ul << 13)
#define HCR_TSC         (1ul << 19)
#define HCR_RW          (1ul << 31)

/* CPTR_EL2: RES1 bits of ARMv8.0 and TFP (trap FP/SIMD). */
#define CPTR_RES1       0x33fful
#define CPTR_TFP        (1ul << 10)

/* CNTHCTL_EL2: EL1 reads the physical count, its physical timer traps. */
#define CNTHCTL_EL1PCTEN (1ul << 0)

/* SCTLR_EL2: RES1 bits, M, C, I, WXN; SCTLR_EL1's reset value (MMU off). */
#define SCTLR_EL2_RES1  0x30c50830ul
#define SCTLR_M         (1ul << 0)
#define SCTLR_C         (1ul << 2)
#define SCTLR_I         (1ul << 12)
#define SCTLR_WXN       (1ul << 19)
#define SCTLR_EL1_RESET 0x30d00800ul

/* SPSR: EL1h with D, A, I, F masked (a vCPU's first state, as PSCI CPU_ON). */
#define SPSR_EL1H_DAIF  0x3c5ul

/* ESR_EL2 ("ESR_EL2, Exception Syndrome Register (EL2)"). */
#define ESR_EC(esr)     (((esr) >> 26) & 0x3f)
#define EC_WFX          0x01
#define EC_FP           0x07
#define EC_HVC64        0x16
#define EC_SMC64        0x17
#define EC_SYS64        0x18
#define EC_IABT_LOW     0x20
#define EC_DABT_LOW     0x24
#define ISS_ISV         (1u << 24)
#define ISS_SAS(esr)    (((esr) >> 22) & 3)
#define ISS_SRT(esr)    (((esr) >> 16) & 31)
#define ISS_WNR         (1u << 6)
#define ISS_S1PTW       (1u << 7)

/* GIC list registers (IHI 0069, ICH_LR<n>_EL2). */
#define LR_STATE_PENDING (1ul << 62)
#define LR_STATE_ACTIVE  (2ul << 62)
#define LR_STATE_MASK    (3ul << 62)
#define LR_HW           (1ul << 61)
#define LR_GROUP1       (1ul << 60)
#define LR_PRIO(p)      ((uint64_t)(p) << 48)
#define LR_PINTID(id)   ((uint64_t)(id) << 32)
#define LR_VINTID(lr)   ((unsigned)((lr) & 0xffff))
#define ICH_HCR_EN      (1ul << 0)
#define ICH_HCR_UIE     (1ul << 1)
#define NR_LRS          4

/* Interrupt IDs of the platform (docs/platform.md). */
#define INTID_KICK      0       /* SGI: another core changed this core's run queue */
#define INTID_MAINT     25
#define INTID_HYPTIMER  26
#define INTID_VTIMER    27
#define INTID_SPURIOUS  1020
#define NR_VIRQS        128     /* virtual INTIDs a vCPU can have pending: 0..127 */

/* GIC distributor and redistributors (docs/gic.md). */
#define GICD_BASE       0x08000000ul
#define GICD_SIZE       0x10000ul
#define GICR_BASE       0x080a0000ul
#define GICR_STRIDE     0x20000ul
#define GICD_CTLR       0x0000
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ICACTIVER  0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER    0x6000
#define GICR_WAKER      0x0014
#define GICR_SGI        0x10000         /* SGI_base frame, after RD_base */
#define GICR_IGROUPR0   0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ISACTIVER0 0x0300
#define GICR_ICACTIVER0 0x0380
#define GICR_IPRIORITYR 0x0400

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}

/* The physical count (CNTPCT_EL0): the hypervisor's time base. */
static inline uint64_t now_ticks(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

#endif
