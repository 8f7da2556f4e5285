/*
 * el1-state: an EL1 register is one register whichever EL accesses it (a
 * hypervisor's world switch writes EL1's registers at EL2 and reads them
 * back), and keeps what the architecture (or, for RES0 bits, QEMU) keeps.
 *
 *   1. CSSELR_EL1 = 2 (Level 2, data) written at EL2 reads 2 at EL1;
 *      CCSIDR_EL1, which CSSELR_EL1 selects, reads the same at EL1 as at
 *      EL2 and differs from Level 1's; CSSELR_EL1 = 0 written at EL1 reads
 *      0 at EL2, and CCSIDR_EL1 at EL2 follows it.
 *   2. CSSELR_EL1 keeps InD and Level (bits [3:0]): 0xffffffff reads 0xf.
 *   3. MDSCR_EL1 = 0x8000 (MDE) written at EL2 reads 0x8000 at EL1;
 *      MDSCR_EL1 = 0x9000 (MDE, TDCC) written at EL1 reads 0x9000 at EL2.
 *   4. VBAR_EL1 and VBAR_EL2 drop bits [4:0] of a write (RES0; QEMU
 *      keeps bits [10:5], which are RES0 as well): base | 0x7ff reads
 *      base | 0x7e0.
 */
#include "harness.h"

/* Registers \a and \b hold the same value (\pass_if=ne: different ones). */
.macro check_same a, b, code, what, pass_if=eq
	cmp	\a, \b
	b.\pass_if	.Lsame_ok\@
	.pushsection .rodata.harness, "a"
.Lsame_msg\@:
	.asciz	"\what"
	.popsection
	mov	x2, \a
	mov	x3, \b
	mov	x0, #\code
	la	x1, .Lsame_msg\@
	b	harness_fail
.Lsame_ok\@:
.endm

	start_el2 vec2, vec1
	/* 1. */
	msr	csselr_el1, xzr
	isb
	mrs	x20, ccsidr_el1			/* Level 1 data, at EL2 */
	mov	x0, #2
	msr	csselr_el1, x0
	isb
	mrs	x21, ccsidr_el1			/* Level 2, at EL2 */
	check_same x21, x20, 10, "CCSIDR_EL1 of Level 2 differs from Level 1's", ne
	mov	x0, #0x8000
	msr	mdscr_el1, x0
	la	x27, 1f
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)
1:	mrs	x0, csselr_el1
	check	x0, 0, 11, "CSSELR_EL1 at EL2 as written at EL1"
	mrs	x0, ccsidr_el1
	check_same x0, x20, 12, "CCSIDR_EL1 at EL2 for CSSELR_EL1 written at EL1"
	/* 2. */
	mov	x0, #0xffffffff
	msr	csselr_el1, x0
	check_sysreg csselr_el1, 0xf, 13, "CSSELR_EL1 keeps bits [3:0]"
	msr	csselr_el1, xzr
	/* 3. */
	check_sysreg mdscr_el1, 0x9000, 14, "MDSCR_EL1 at EL2 as written at EL1"
	msr	mdscr_el1, xzr
	/* 4. */
	la	x20, vec1
	orr	x0, x20, #0x7ff
	msr	vbar_el1, x0
	mrs	x1, vbar_el1
	orr	x0, x20, #0x7e0
	check_same x1, x0, 15, "VBAR_EL1 drops bits [4:0]"
	la	x20, vec2
	orr	x0, x20, #0x7ff
	msr	vbar_el2, x0
	mrs	x1, vbar_el2
	orr	x0, x20, #0x7e0
	check_same x1, x0, 16, "VBAR_EL2 drops bits [4:0]"
	pass

el1_main:
	mrs	x0, csselr_el1
	check	x0, 2, 20, "CSSELR_EL1 at EL1 as written at EL2"
	mrs	x0, ccsidr_el1
	check_same x0, x21, 21, "CCSIDR_EL1 at EL1 for CSSELR_EL1 written at EL2"
	mrs	x0, mdscr_el1
	check	x0, 0x8000, 22, "MDSCR_EL1 at EL1 as written at EL2"
	msr	csselr_el1, xzr
	mov	x0, #0x9000
	msr	mdscr_el1, x0
	hvc	#0

el2_sync:
	mrs	x0, esr_el2
	check	x0, ESR(EC_HVC64, 0), 30, "ESR_EL2: HVC #0 only"
	br	x27
el1_unexpected:
	unexpected_exception 1, 31

	vector_table vec2, 2, el2_sync
	vector_table vec1, 1, el1_unexpected
