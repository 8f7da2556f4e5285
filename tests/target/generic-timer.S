/*
 * generic-timer: what the generic timer does architecturally (DDI 0487,
 * chapter D11 and the CNT* register descriptions), its values aside: QEMU
 * virt counts at 62.5 MHz from host time, phonesim at 19.2 MHz from
 * simulated time, so no count is predicted, only relations between them.
 *   1. CNTFRQ_EL0 is not 0; CNTPCT_EL0 does not go backwards.
 *   2. CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 (modulo 2^64; CNTVOFF_EL2
 *      written at EL2, the counters read at EL1): between the physical
 *      counts read just before and after it, less the offset.
 *   3. Each timer (EL1 physical and virtual at EL1, EL2 physical at EL2),
 *      enabled: ISTATUS clear with CVAL far ahead, set with CVAL = 0, also
 *      with IMASK set (IMASK does not affect ISTATUS). A TVAL write of -100
 *      sets CVAL = count - 100 (TimerValue is signed 32-bit). TVAL reads
 *      (CVAL - count)[31:0] zero-extended: bits 63:32 are 0 with CVAL 2^32
 *      + 2^31 ahead (and the value at most 2^31) and with CVAL 16 behind
 *      (and the value near 2^32). CVAL = count + LEAD: ISTATUS is not set
 *      before the count has reached CVAL, and does become set. (QEMU sets
 *      ISTATUS when its host timer fires, a little after the count reached
 *      CVAL, so "clear once reached" is not checked; test_timer.c checks
 *      phonesim to the nanosecond.) The program first waits for a count of
 *      1000, so that count - 100 does not wrap around.
 *   4. EL0 with CNTKCTL_EL1 = 0: MRS CNTVCT_EL0, CNTPCT_EL0, CNTFRQ_EL0,
 *      CNTV_CTL_EL0 and MSR CNTP_CVAL_EL0 all trap to EL1 (the last one's
 *      syndrome checked): EC 0x18, ISS = Op0/Op2/Op1/CRn/Rt/CRm/Direction,
 *      ELR_EL1 = the access, vector offset 0x400. With EL0VCTEN | EL0VTEN,
 *      of CNTFRQ_EL0, CNTVCT_EL0, CNTV_CTL_EL0 and CNTP_CTL_EL0 only the
 *      last traps; with EL0PCTEN | EL0PTEN, of CNTFRQ_EL0, CNTPCT_EL0,
 *      CNTP_CTL_EL0 and CNTV_CTL_EL0 only the last; CNTFRQ_EL0 reads at EL0
 *      what it reads at EL1. With EL0PCTEN but CNTHCTL_EL2.EL1PCTEN = 0,
 *      MRS CNTPCT_EL0 at EL0 traps to EL2; with both clear, to EL1 (its
 *      trap comes first).
 *   5. EL1 with CNTHCTL_EL2 = 0: MRS CNTPCT_EL0, MRS CNTP_CTL_EL0 and MSR
 *      CNTP_TVAL_EL0 trap to EL2 (EC 0x18); CNTVCT_EL0 and CNTV_CTL_EL0 do
 *      not. With EL1PCTEN only CNTP_CTL_EL0 traps, with EL1PCEN only
 *      CNTPCT_EL0.
 *   6. EL1: MRS CNTHP_CTL_EL2, MSR CNTHP_CVAL_EL2, MRS CNTVOFF_EL2, MSR
 *      CNTFRQ_EL0 (writable only at the highest EL) and MSR CNTPCT_EL0
 *      (read-only) are UNDEFINED: EC 0x00 at EL1. (MSR CNTFRQ_EL0 at EL2
 *      is not checked: EL2 is the highest EL on QEMU virt, not on phonesim.)
 *   ISTATUS of a disabled timer is UNKNOWN and not checked.
 * EL1 asks EL2 for CNTHCTL_EL2 = x0 with HVC #1, CNTVOFF_EL2 = x0 with
 * HVC #2; EL0 returns to EL1 with SVC #0 (run_el0). Other exceptions are
 * recorded (harness.h's records: the last one's ESR, ELR and vector
 * offset, and a count per EL) and skipped; each is checked after it.
 */
#include "harness.h"

#define SYSREG_ISS(op0, op1, crn, crm, op2, rt, dir) \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | \
	 ((rt) << 5) | ((crm) << 1) | (dir))
#define SYS_TRAP(op1, crm, op2, rt, dir) \
	ESR(EC_SYS64, SYSREG_ISS(3, op1, 14, crm, op2, rt, dir))
#define ESR_UNDEF	ESR(EC_UNKNOWN, 0)
#define TO_LOWER	(VEC_LOWER_A64 + VEC_SYNC)	/* vector offsets */
#define AT_EL1		(VEC_CUR_SPX + VEC_SYNC)

#define CNTPCT_EL0	S3_3_C14_C0_1	/* the assembler refuses MSR to it by name */
#define CNTKCTL_EL0PCTEN (1 << 0)
#define CNTKCTL_EL0VCTEN (1 << 1)
#define CNTKCTL_EL0VTEN	(1 << 8)
#define CNTKCTL_EL0PTEN	(1 << 9)
#define CNTHCTL_EL1PCTEN (1 << 0)
#define CNTHCTL_EL1PCEN	(1 << 1)
#define CTL_ENABLE	1
#define CTL_IMASK	2
#define CTL_ISTATUS	4
#define VOFF		0x0123456789abcdef
#define LEAD		200000		/* counts: 3.2 ms on QEMU, 10.4 ms on phonesim */
#define POLLS		100000000

/* \lo <= \reg <= \hi (registers, unsigned), else fail \code. */
.macro check_between reg, lo, hi, code, what
	cmp	\reg, \lo
	b.lo	.Lout\@
	cmp	\reg, \hi
	b.ls	.Lin\@
.Lout\@:
	fail	\code, "\what"
.Lin\@:
.endm

/* \reg (CNTFRQ_EL0 as EL0 read it) is CNTFRQ_EL0 as EL1 reads it. */
.macro same_frq reg, code
	mrs	x1, cntfrq_el0
	cmp	\reg, x1
	b.eq	.Lsame\@
	fail	\code, "CNTFRQ_EL0 read at EL0"
.Lsame\@:
.endm

/* Part 3 for the timer \ctl/\cval/\tval counting \count; codes from \base. */
.macro timer_checks ctl, cval, tval, count, base
	mov	x0, #CTL_ENABLE
	msr	\ctl, x0
	mrs	x1, \count
	mov	x2, #(1 << 40)
	add	x1, x1, x2
	msr	\cval, x1
	isb
	mrs	x0, \ctl
	check	x0, CTL_ENABLE, (\base + 0), "ISTATUS clear with CVAL far ahead"
	msr	\cval, xzr
	isb
	mrs	x0, \ctl
	check	x0, (CTL_ENABLE | CTL_ISTATUS), (\base + 1), "ISTATUS set with CVAL 0"
	mov	x0, #(CTL_ENABLE | CTL_IMASK)
	msr	\ctl, x0
	isb
	mrs	x0, \ctl
	check	x0, (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS), (\base + 2), "ISTATUS with IMASK"

	mov	x0, #CTL_ENABLE
	msr	\ctl, x0
	mrs	x3, \count
	mov	x0, #-100
	msr	\tval, x0
	isb
	mrs	x4, \count
	mrs	x5, \cval
	sub	x3, x3, #100
	sub	x4, x4, #100
	check_between x5, x3, x4, (\base + 3), "CVAL after TVAL = -100 (count - 100)"
	mrs	x0, \ctl
	check	x0, (CTL_ENABLE | CTL_ISTATUS), (\base + 4), "ISTATUS after TVAL = -100"

	mrs	x3, \count
	mov	x1, #0x180000000
	add	x1, x3, x1
	msr	\cval, x1
	isb
	mrs	x0, \tval
	lsr	x2, x0, #32
	check	x2, 0, (\base + 5), "TVAL[63:32], CVAL 2^32 + 2^31 ahead"
	mov	x1, #0x70000000
	mov	x2, #0x80000000
	check_between x0, x1, x2, (\base + 6), "TVAL, CVAL 2^32 + 2^31 ahead"
	mrs	x3, \count
	sub	x1, x3, #16
	msr	\cval, x1
	isb
	mrs	x0, \tval
	lsr	x2, x0, #32
	check	x2, 0, (\base + 7), "TVAL[63:32] (zero-extended), CVAL behind"
	mov	x1, #0xf0000000
	mov	x2, #0xfffffff0
	check_between x0, x1, x2, (\base + 8), "TVAL, CVAL 16 behind"

	mrs	x3, \count
	ldr	x1, =LEAD
	add	x6, x3, x1
	msr	\cval, x6
	isb
	ldr	x7, =POLLS
.Lpoll\@:
	mrs	x0, \ctl
	tbnz	x0, #2, .Lset\@
	subs	x7, x7, #1
	b.ne	.Lpoll\@
	fail	(\base + 10), "ISTATUS never set"
.Lset\@:
	mrs	x4, \count
	cmp	x4, x6
	b.hs	.Lset_ok\@
	fail	(\base + 11), "ISTATUS set before the count reached CVAL"
.Lset_ok\@:
	msr	\ctl, xzr
	isb
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	expect_el 2, 1
	el2_init vectors_el2, vectors_el1
	zero_quads rec_el1, 2 * EXC_REC_QUADS	/* rec_el1, rec_el2 */
	ldr	x1, =POLLS
1:	mrs	x0, cntpct_el0
	cmp	x0, #1000
	b.hs	2f
	subs	x1, x1, #1
	b.ne	1b
	fail	2, "CNTPCT_EL0 does not reach 1000"
2:

	/* 3, EL2 physical timer. */
	timer_checks cnthp_ctl_el2, cnthp_cval_el2, cnthp_tval_el2, cntpct_el0, 60
	eret_to	2, el1_main, (PSR_DAIF | PSR_M_EL1h)

el1_main:
	/* 1. */
	mrs	x0, cntfrq_el0
	check_ne x0, 0, 10, "CNTFRQ_EL0"
	mrs	x1, cntpct_el0
	mrs	x2, cntpct_el0
	cmp	x2, x1
	b.hs	1f
	fail	11, "CNTPCT_EL0 went backwards"
1:
	/* 2. */
	li	x0, VOFF
	hvc	#2
	mrs	x1, cntpct_el0
	mrs	x3, cntvct_el0
	mrs	x2, cntpct_el0
	li	x0, VOFF
	sub	x1, x1, x0
	sub	x2, x2, x0
	check_between x3, x1, x2, 20, "CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2"
	mov	x0, #0
	hvc	#2

	/* 3, EL1 physical and virtual timers. */
	timer_checks cntp_ctl_el0, cntp_cval_el0, cntp_tval_el0, cntpct_el0, 30
	timer_checks cntv_ctl_el0, cntv_cval_el0, cntv_tval_el0, cntvct_el0, 45

	/* 4. CNTHCTL_EL2 = 3 (el2_init). */
	msr	cntkctl_el1, xzr
	isb
	run_el0	el0_all
	expect_exc rec_el1, 5, SYS_TRAP(3, 2, 2, 10, 0), t4_cval, , TO_LOWER, 80, \
		"MSR CNTP_CVAL_EL0, X10 at EL0 (the last of 5), CNTKCTL_EL1 = 0"
	mov	x0, #(CNTKCTL_EL0VCTEN | CNTKCTL_EL0VTEN)
	msr	cntkctl_el1, x0
	isb
	run_el0	el0_virt
	expect_exc rec_el1, 6, SYS_TRAP(3, 2, 1, 8, 1), t4_virt, , TO_LOWER, 84, \
		"MRS X8, CNTP_CTL_EL0 at EL0, CNTKCTL_EL1 = EL0VCTEN | EL0VTEN"
	same_frq x5, 88
	mov	x0, #(CNTKCTL_EL0PCTEN | CNTKCTL_EL0PTEN)
	msr	cntkctl_el1, x0
	isb
	run_el0	el0_phys
	expect_exc rec_el1, 7, SYS_TRAP(3, 3, 1, 8, 1), t4_phys, , TO_LOWER, 89, \
		"MRS X8, CNTV_CTL_EL0 at EL0, CNTKCTL_EL1 = EL0PCTEN | EL0PTEN"
	same_frq x5, 93
	mov	x0, #CNTKCTL_EL0PCTEN
	msr	cntkctl_el1, x0
	mov	x0, #0
	hvc	#1
	run_el0	el0_pct
	expect_exc rec_el2, 1, SYS_TRAP(3, 0, 1, 8, 1), t4_el2, , TO_LOWER, 94, \
		"MRS X8, CNTPCT_EL0 at EL0, CNTHCTL_EL2.EL1PCTEN = 0"
	expect_count rec_el1, 7, 98, "EL0 CNTPCT_EL0 trapped by CNTHCTL_EL2 taken to EL1"
	msr	cntkctl_el1, xzr	/* both traps apply: EL1's comes first */
	isb
	run_el0	el0_pct
	expect_exc rec_el1, 8, SYS_TRAP(3, 0, 1, 8, 1), t4_el2, , TO_LOWER, 99, \
		"MRS X8, CNTPCT_EL0 at EL0, CNTKCTL_EL1 and CNTHCTL_EL2 = 0"
	expect_count rec_el2, 1, 103, "EL0 CNTPCT_EL0 trapped by both taken to EL2"

	/* 5. CNTHCTL_EL2 is still 0. */
t5_pct:	mrs	x5, cntpct_el0
	expect_exc rec_el2, 2, SYS_TRAP(3, 0, 1, 5, 1), t5_pct, , TO_LOWER, 104, \
		"MRS X5, CNTPCT_EL0 at EL1, CNTHCTL_EL2 = 0"
t5_ctl:	mrs	x6, cntp_ctl_el0
	expect_exc rec_el2, 3, SYS_TRAP(3, 2, 1, 6, 1), t5_ctl, , TO_LOWER, 108, \
		"MRS X6, CNTP_CTL_EL0 at EL1, CNTHCTL_EL2 = 0"
t5_tval: msr	cntp_tval_el0, x7
	expect_exc rec_el2, 4, SYS_TRAP(3, 2, 0, 7, 0), t5_tval, , TO_LOWER, 112, \
		"MSR CNTP_TVAL_EL0, X7 at EL1, CNTHCTL_EL2 = 0"
	mrs	x8, cntvct_el0
	mrs	x9, cntv_ctl_el0
	expect_count rec_el2, 4, 116, "virtual counter and timer at EL1, CNTHCTL_EL2 = 0"
	mov	x0, #CNTHCTL_EL1PCTEN
	hvc	#1
	mrs	x5, cntpct_el0
t5_timer: mrs	x6, cntp_ctl_el0
	expect_exc rec_el2, 5, SYS_TRAP(3, 2, 1, 6, 1), t5_timer, , TO_LOWER, 117, \
		"MRS X6, CNTP_CTL_EL0 at EL1, CNTHCTL_EL2 = EL1PCTEN"
	mov	x0, #CNTHCTL_EL1PCEN
	hvc	#1
t5_counter: mrs	x5, cntpct_el0
	mrs	x6, cntp_ctl_el0
	expect_exc rec_el2, 6, SYS_TRAP(3, 0, 1, 5, 1), t5_counter, , TO_LOWER, 121, \
		"MRS X5, CNTPCT_EL0 at EL1, CNTHCTL_EL2 = EL1PCEN"
	mov	x0, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	hvc	#1
	mrs	x5, cntpct_el0
	mrs	x6, cntp_ctl_el0
	expect_count rec_el2, 6, 125, "EL1 physical accesses with CNTHCTL_EL2 = 3"

	/* 6. */
t6_0:	mrs	x5, cnthp_ctl_el2
	expect_exc rec_el1, 9, ESR_UNDEF, t6_0, , AT_EL1, 130, "MRS CNTHP_CTL_EL2 at EL1"
t6_1:	msr	cnthp_cval_el2, x6
	expect_exc rec_el1, 10, ESR_UNDEF, t6_1, , AT_EL1, 134, "MSR CNTHP_CVAL_EL2 at EL1"
t6_2:	mrs	x7, cntvoff_el2
	expect_exc rec_el1, 11, ESR_UNDEF, t6_2, , AT_EL1, 138, "MRS CNTVOFF_EL2 at EL1"
t6_3:	msr	cntfrq_el0, x8
	expect_exc rec_el1, 12, ESR_UNDEF, t6_3, , AT_EL1, 142, "MSR CNTFRQ_EL0 at EL1"
t6_4:	msr	CNTPCT_EL0, x9
	expect_exc rec_el1, 13, ESR_UNDEF, t6_4, , AT_EL1, 146, "MSR CNTPCT_EL0 at EL1"
	expect_count rec_el2, 6, 150, "nothing more taken to EL2"
	pass

/*
 * Part 4 at EL0, each back to EL1 with SVC #0 (run_el0). el0_virt and
 * el0_phys: only their last access traps.
 */
el0_all:
	mrs	x5, cntvct_el0
	mrs	x6, cntpct_el0
	mrs	x7, cntfrq_el0
	mrs	x9, cntv_ctl_el0
t4_cval: msr	cntp_cval_el0, x10
	svc	#0
el0_virt:
	mrs	x5, cntfrq_el0
	mrs	x6, cntvct_el0
	mrs	x7, cntv_ctl_el0
t4_virt: mrs	x8, cntp_ctl_el0
	svc	#0
el0_phys:
	mrs	x5, cntfrq_el0
	mrs	x6, cntpct_el0
	mrs	x7, cntp_ctl_el0
t4_phys: mrs	x8, cntv_ctl_el0
	svc	#0
el0_pct:
t4_el2:	mrs	x8, cntpct_el0
	svc	#0

/* SVC #0 from EL0: back to run_el0's caller. Anything else: record, skip. */
el1_sync:
	el0_svc_return
	record_and_skip 1, rec_el1

/* HVC #1: CNTHCTL_EL2 = x0; HVC #2: CNTVOFF_EL2 = x0. Else record, skip. */
el2_sync:
	mrs	x16, esr_el2
	lsr	x16, x16, #26
	cmp	x16, #EC_HVC64
	b.eq	1f
	record_and_skip 2, rec_el2
1:	mrs	x16, esr_el2
	and	x16, x16, #0xffff
	cmp	x16, #1
	b.ne	2f
	msr	cnthctl_el2, x0
	isb
	eret
2:	msr	cntvoff_el2, x0
	isb
	eret

	vector_table vectors_el1, 1, el1_sync
	vector_table vectors_el2, 2, el2_sync

	.data
	.balign	8
rec_el1:	.fill	EXC_REC_QUADS, 8, 0
rec_el2:	.fill	EXC_REC_QUADS, 8, 0
