/*
 * gic-preempt-el1: nested interrupts through the GIC at EL1 (test_gic.c:
 * test_preemption_in_code): preemption by a higher priority, none by an
 * equal one, running priority through it all, and a level-sensitive
 * interrupt that stays pending while its input is high.
 *
 * SPIs, all group 1, routed to core 0: 50 level-sensitive, priority 0x80;
 * 51 edge-triggered, 0x40; 52 edge-triggered, 0x80. The host drives them
 * with machine_set_irq. Steps (report.h):
 *   1  set up, IRQs unmasked, waiting for GO 4 in the main loop
 *   2  in the handler of 50: VALUE[0] = ICC_RPR_EL1; IRQs unmasked again
 *      (ELR/SPSR saved), waiting for GO 2
 *   -  51 preempts: VALUE[1] = ICC_RPR_EL1, VALUE[2] = ICC_AP1R0_EL1; EOI
 *   3  back in 50's handler: VALUE[3] = ICC_RPR_EL1; IRQs masked, GO 3
 *   -  50's EOI; VALUE[4] = ICC_RPR_EL1; return, which unmasks: 52 is taken
 *   4  in 52's handler: VALUE[5] = ICC_RPR_EL1; EOI; back to the main loop
 * GO 4 ends the program (exit 0). Every IRQ entry is logged (record 1).
 */
#include "../../target/harness.h"
#include "../../target/gic.h"
#include "report.h"

#define SPI_LEVEL       50
#define SPI_HIGH        51
#define SPI_EQUAL       52

/* Group 1, priority \prio, edge-triggered if \edge, enabled, to core 0. */
.macro spi intid, prio, edge
	ldr	x16, =GICD_BASE
	ldr	w15, [x16, #(0x80 + 4 * (\intid / 32))]
	orr	w15, w15, #(1 << (\intid % 32))
	str	w15, [x16, #(0x80 + 4 * (\intid / 32))]
	mov	w15, #\prio
	strb	w15, [x16, #GICD_IPRIORITYR(\intid)]
	ldr	w15, [x16, #(0xc00 + 4 * (\intid / 16))]
	.if \edge
	orr	w15, w15, #(2 << (2 * (\intid % 16)))
	.endif
	str	w15, [x16, #(0xc00 + 4 * (\intid / 16))]
	ldr	x15, =(GICD_BASE + GICD_IROUTER(\intid))
	str	xzr, [x15]
	mov	w15, #(1 << (\intid % 32))
	str	w15, [x16, #GICD_ISENABLER(\intid / 32)]
.endm

	entry_point
	enter_el1 vectors_el2, vectors_el1
	report_clear
	gic_dist_enable
	gic_redist_wake 0
	spi	SPI_LEVEL, 0x80, 0
	spi	SPI_HIGH, 0x40, 1
	spi	SPI_EQUAL, 0x80, 1
	gic_cpu_enable
	step	1
	msr	daifclr, #2
	wait_go	4
	pass

/*
 * The IRQ handler, re-entrant: a 64-byte frame keeps x0-x3, x16, the
 * interrupted x17 (from TPIDR_EL1, which a nested entry overwrites), and
 * ELR_EL1/SPSR_EL1.
 */
irq:
	record	1
	sub	sp, sp, #64
	stp	x0, x1, [sp]
	stp	x2, x3, [sp, #16]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #32]
	mrs	x0, tpidr_el1
	stp	x16, x0, [sp, #48]
	mrs	x0, ICC_IAR1_EL1
	cmp	x0, #SPI_LEVEL
	b.eq	outer
	cmp	x0, #SPI_HIGH
	b.eq	nested
	cmp	x0, #SPI_EQUAL
	b.eq	equal
	fail	2, "ICC_IAR1_EL1 returned an unexpected INTID"

outer:
	mrs	x1, ICC_RPR_EL1
	report_value 0, x1
	step	2
	msr	daifclr, #2
	wait_go	2
	mrs	x1, ICC_RPR_EL1
	report_value 3, x1
	step	3
	msr	daifset, #2
	wait_go	3
	msr	ICC_EOIR1_EL1, x0
	mrs	x1, ICC_RPR_EL1
	report_value 4, x1
	b	restore

nested:
	mrs	x1, ICC_RPR_EL1
	report_value 1, x1
	mrs	x1, ICC_AP1R0_EL1
	report_value 2, x1
	msr	ICC_EOIR1_EL1, x0
	b	restore

equal:
	mrs	x1, ICC_RPR_EL1
	report_value 5, x1
	msr	ICC_EOIR1_EL1, x0
	step	4

restore:
	ldp	x0, x1, [sp, #32]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x16, x17, [sp, #48]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp]
	add	sp, sp, #64
	eret

el1_handler:
	cmp	x17, #(VEC_CUR_SPX + VEC_IRQ)
	b.eq	irq
	unexpected_exception 1, 3
el2_handler:
	unexpected_exception 2, 4

	vector_table vectors_el2, 2, el2_handler
	vector_table vectors_el1, 1, el1_handler
