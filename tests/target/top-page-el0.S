/*
 * top-page-el0: loads from the last bytes of the 64-bit address space (a
 * "NULL - 16" pointer) fault as the translation regime says, and nothing
 * else happens to the run.
 *
 *   1. EL1, MMU off: LDR from 0xfffffffffffffff0. The address is above
 *      the PA size: Address size fault, level 0 (ARM DDI 0487,
 *      AArch64.TranslateAddressS1Off()): EC 0x25, DFSC 0b000000, FAR_EL1 =
 *      the address.
 *   2. EL1 turns its MMU on (identity map of the image, a 2 MiB block;
 *      TCR_EL1.EPD1 = 1: no TTBR1 walks) and EL0 loads from the same
 *      address: TTBR1's range, disabled, so a level 0 Translation fault
 *      (EC 0x24, DFSC 0b000100), FAR_EL1 = the address.
 */
#include "harness.h"

#define TOP             0xfffffffffffffff0
#define TCR_39_EPD1     (25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))

	start_el2 vec2, vec1
	eret_to	2, el1, (PSR_DAIF | PSR_M_EL1h)
el1:	zero_quads record, ABORT_REC_QUADS
	li	x2, TOP
t1:	ldr	x4, [x2]
	expect_exc record, 1, ESR(EC_DABT_CUR, 0x00), t1, , , 10, "1. EL1 load, MMU off", TOP

	zero_quads __pt_start, (2 * 0x1000 / 8)
	la	x0, __pt_start
	add	x2, x0, #0x1000			/* L2 table */
	orr	x1, x2, #3
	str	x1, [x0, #8]			/* L1[1] -> L2 */
	li	x1, (0x40000000 | 0x701)	/* image: block, AF, ISH, EL1 RW, EL0 executes */
	str	x1, [x2]
	dsb	sy
	msr	ttbr0_el1, x0
	li	x1, TCR_39_EPD1
	msr	tcr_el1, x1
	mov	x1, #0xff
	msr	mair_el1, x1
	li	x1, (SCTLR_EL1_BASE | SCTLR_M)
	msr	sctlr_el1, x1
	isb
	zero_quads record, ABORT_REC_QUADS
	eret_to	1, el0, PSR_M_EL0t
el0:	mov	x2, #-16			/* TOP: EL0 cannot read a literal pool here */
t2:	ldr	x4, [x2]
	svc	#0

el1_sync:
	mrs	x0, esr_el1
	lsr	x0, x0, #26
	cmp	x0, #EC_SVC64
	b.eq	done
	record_abort 1, record
done:	expect_exc record, 1, ESR(EC_DABT_LOW, 0x04), t2, , , 20, "2. EL0 load, TTBR1 disabled", TOP
	pass
el2_unexpected:
	unexpected_exception 2, 30

	vector_table vec2, 2, el2_unexpected
	vector_table vec1, 1, el1_sync
	.data
	.balign	8
record:	.fill	ABORT_REC_QUADS, 8, 0
