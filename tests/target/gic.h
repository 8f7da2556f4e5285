/*
 * gic.h - GICv3 constants and set-up macros for the bare-metal test
 * programs (tests/target/gic-*.S, tests/unit/progs/gic-*.S). Included
 * after harness.h. The addresses are QEMU virt's, which phonesim shares
 * (docs/platform.md); register layouts are ARM IHI 0069's.
 *
 * Macros (x16 is their scratch register, as in harness.h):
 *   gic_dist_enable             GICD_CTLR: ARE, EnableGrp0, EnableGrp1
 *   gic_redist_wake CPU         clear GICR_WAKER.ProcessorSleep of core CPU,
 *                               wait for ChildrenAsleep to read 0; clobbers x15
 *   gic_private CPU, INTID, PRIO    group 1, priority PRIO, enabled: an SGI or
 *                               PPI of core CPU; clobbers x15
 *   gic_cpu_enable              this core's CPU interface: ICC_PMR_EL1 =
 *                               0xff, group 1 enabled (ICC_IGRPEN1_EL1)
 * Programs stay independent of the number of priority bits (QEMU and
 * phonesim both implement 5) by using priorities that are multiples of 8.
 */
#ifndef PHONESIM_TESTS_TARGET_GIC_H
#define PHONESIM_TESTS_TARGET_GIC_H

#define GICD_BASE               0x08000000
#define GICR_BASE               0x080a0000
#define GICR_STRIDE             0x20000

#define GICD_CTLR               0x0000
#define GICD_CTLR_ENABLE        0x13            /* ARE | EnableGrp1 | EnableGrp0 (DS = 1) */
#define GICD_ISENABLER(n)       (0x0100 + 4 * (n))
#define GICD_ISPENDR(n)         (0x0200 + 4 * (n))
#define GICD_IPRIORITYR(id)     (0x0400 + (id))
#define GICD_IROUTER(id)        (0x6000 + 8 * (id))

/* A core's redistributor: RD_base and SGI_base frames. */
#define GICR_RD(cpu)            (GICR_BASE + (cpu) * GICR_STRIDE)
#define GICR_SGI(cpu)           (GICR_RD(cpu) + 0x10000)
#define GICR_WAKER              0x0014          /* in RD_base */
#define GICR_WAKER_SLEEP        (1 << 1)
#define GICR_IGROUPR0           0x0080          /* in SGI_base */
#define GICR_ISENABLER0         0x0100
#define GICR_ISPENDR0           0x0200
#define GICR_ICPENDR0           0x0280
#define GICR_ISACTIVER0         0x0300
#define GICR_IPRIORITYR(id)     (0x0400 + (id))

#define INTID_SPURIOUS          1023
#define INTID_MAINT             25
#define INTID_VTIMER            27

/* ICC_SRE_EL2: SRE, DFB, DIB, Enable (EL1 may use ICC_SRE_EL1). */
#define ICC_SRE_EL2_ALL         0xf
#define ICC_CTLR_EOIMODE        (1 << 1)

/* ICH_HCR_EL2, ICH_VMCR_EL2, ICH_MISR_EL2 and ICH_LR<n>_EL2 fields. */
#define ICH_HCR_EN              (1 << 0)
#define ICH_HCR_UIE             (1 << 1)
#define ICH_VMCR_VENG1          (1 << 1)
#define ICH_VMCR_VPMR(p)        ((p) << 24)
#define ICH_MISR_EOI            (1 << 0)
#define LR_PENDING              (1 << 62)
#define LR_ACTIVE               (2 << 62)
#define LR_HW                   (1 << 61)
#define LR_GROUP1               (1 << 60)
#define LR_PRIO(p)              ((p) << 48)
#define LR_PINTID(id)           ((id) << 32)
#define LR_EOI                  (1 << 41)

/* ICC_SGI1R_EL1: INTID and the target list of cluster 0.0.0. */
#define SGI1R(intid, targets)   (((intid) << 24) | (targets))

/* CNTV_CTL_EL0 */
#define CNT_CTL_ENABLE          (1 << 0)
#define CNT_CTL_IMASK           (1 << 1)
#define CNT_CTL_ISTATUS         (1 << 2)

.macro gic_dist_enable
	ldr	x16, =GICD_BASE
	mov	w15, #GICD_CTLR_ENABLE
	str	w15, [x16, #GICD_CTLR]
.endm

.macro gic_redist_wake cpu
	ldr	x16, =GICR_RD(\cpu)
	ldr	w15, [x16, #GICR_WAKER]
	bic	w15, w15, #GICR_WAKER_SLEEP
	str	w15, [x16, #GICR_WAKER]
.Lgic_wake\@:
	ldr	w15, [x16, #GICR_WAKER]
	tbnz	w15, #2, .Lgic_wake\@		/* ChildrenAsleep */
.endm

.macro gic_private cpu, intid, prio
	ldr	x16, =GICR_SGI(\cpu)
	ldr	w15, [x16, #GICR_IGROUPR0]
	orr	w15, w15, #(1 << \intid)
	str	w15, [x16, #GICR_IGROUPR0]
	mov	w15, #\prio
	strb	w15, [x16, #GICR_IPRIORITYR(\intid)]
	mov	w15, #(1 << \intid)
	str	w15, [x16, #GICR_ISENABLER0]
.endm

.macro gic_cpu_enable
	mov	x16, #0xff
	msr	ICC_PMR_EL1, x16
	mov	x16, #1
	msr	ICC_IGRPEN1_EL1, x16
	isb
.endm

#endif
