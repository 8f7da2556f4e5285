/*
 * walk-hole: a translation table walk that reads from nothing is one
 * synchronous External abort on the walk (ARM DDI 0487, "External abort on
 * a translation table walk"), and nothing else.
 *
 * EL2 points VTTBR_EL2 at 0x20000000, where no memory is, turns stage 2 on
 * and enters EL1. EL1's first fetch walks the stage 2 tables there: an
 * instruction abort taken to EL2 (EC 0x20; the IFSC depends on what the
 * platform answers at that address: phonesim gives Synchronous External
 * abort on a walk, level 1, QEMU virt has PCIe there, reading as all ones,
 * and gives an Address size fault: not checked). EL2 turns stage 2 off and
 * returns to EL1 with SError unmasked, which spins a while and calls HVC:
 * no second exception (an SError for the same read) may come.
 */
#include "harness.h"

#define VTCR_32         (0x80000020 | (1 << 6) | (1 << 8) | (1 << 10) | (3 << 12))
#define HOLE            0x20000000

	start_el2 vec2, vec1
	zero_quads record, (2 * EXC_REC_QUADS)
	li	x0, VTCR_32
	msr	vtcr_el2, x0
	li	x0, HOLE
	msr	vttbr_el2, x0
	li	x0, (HCR_RW | HCR_VM)
	msr	hcr_el2, x0
	isb
	eret_to	2, el1, (PSR_DAIF | PSR_M_EL1h)
el1:	nop
back:	msr	daifclr, #4			/* SError */
	isb
	mov	x1, #1000
1:	subs	x1, x1, #1
	b.ne	1b
	hvc	#0

done:	expect_exc record, 1, , el1, , (VEC_LOWER_A64 + VEC_SYNC), 10, "the walk's abort"
	la	x0, record
	ldr	x1, [x0, #REC_ESR]
	lsr	x1, x1, #26
	check	x1, EC_IABT_LOW, 15, "EC of the walk's abort"
	expect_count el1_record, 0, 16, "exceptions at EL1"
	pass

el2_sync:
	mrs	x0, esr_el2
	ldr	x1, =ESR(EC_HVC64, 0)
	cmp	x0, x1
	b.eq	done
	record_exc 2, record
	li	x0, HCR_RW
	msr	hcr_el2, x0
	eret_to	2, back, (PSR_DAIF | PSR_M_EL1h)
el1_any:
	record_exc 1, el1_record
	hvc	#0

	vector_table vec2, 2, el2_sync
	vector_table vec1, 1, el1_any
	exc_records record, el1_record
