/*
 * report.h - how the programs in tests/unit/progs/ and test_core.c talk.
 *
 * Included by every program (after ../../target/harness.h) and by
 * test_core.c: the constants are shared, the GAS macros are for the
 * programs only.
 *
 * The report area is the start of the scratch area, outside the image, so
 * the host finds it at a fixed physical address without reading the ELF's
 * symbols. Each program clears it first. Layout (8-byte fields):
 *
 *   GO     written by the host: a program waiting in wait_go N goes on
 *          once GO == N, which lets the test change the core's inputs at a
 *          known point of the program
 *   STEP   written by the program (step N): how far it got
 *   VALUE  REPORT_NVALUES slots for the program's results and for the
 *          addresses of its labels (the host has no symbol table)
 *   COUNT  how many exceptions record has seen
 *   LOG    the first LOG_MAX of them, one LOG_SIZE entry each: vector
 *          offset, ESR, ELR, SPSR, FAR of the EL that took it, CurrentEL
 */
#ifndef PHONESIM_TESTS_UNIT_PROGS_REPORT_H
#define PHONESIM_TESTS_UNIT_PROGS_REPORT_H

#define REPORT_BASE     0x40800000      /* SCRATCH_BASE in harness.h */
#define REPORT_GO       0x00
#define REPORT_STEP     0x08
#define REPORT_VALUE    0x10
#define REPORT_NVALUES  6
#define REPORT_COUNT    0x40
#define REPORT_LOG      0x80
#define LOG_SIZE        0x40
#define LOG_MAX         16
#define REPORT_SIZE     (REPORT_LOG + LOG_MAX * LOG_SIZE)

/* Fields of a log entry. */
#define LOG_VECTOR      0x00
#define LOG_ESR         0x08
#define LOG_ELR         0x10
#define LOG_SPSR        0x18
#define LOG_FAR         0x20
#define LOG_EL          0x28

#ifdef __ASSEMBLER__

/* Zero the report area. Clobbers x16, x17; leaves NZCV alone. */
.macro report_clear
	ldr	x16, =REPORT_BASE
	mov	x17, #(REPORT_SIZE / 8)
.Lreport_clear\@:
	str	xzr, [x16], #8
	sub	x17, x17, #1
	cbnz	x17, .Lreport_clear\@
.endm

/* STEP = \n. Clobbers x16, x17. */
.macro step n
	ldr	x16, =REPORT_BASE
	mov	x17, #\n
	str	x17, [x16, #REPORT_STEP]
.endm

/* VALUE[\slot] = \reg (not x16). Clobbers x16. */
.macro report_value slot, reg
	ldr	x16, =REPORT_BASE
	str	\reg, [x16, #(REPORT_VALUE + 8 * \slot)]
.endm

/* VALUE[\slot] = address of \label. Clobbers x16, x17. */
.macro report_label slot, label
	adr	x17, \label
	report_value \slot, x17
.endm

/*
 * Spin until the host sets GO to \n. Clobbers x16, x17; leaves NZCV alone
 * (an interrupt taken here records it in SPSR).
 */
.macro wait_go n
	ldr	x16, =REPORT_BASE
.Lwait_go\@:
	ldr	x17, [x16, #REPORT_GO]
	sub	x17, x17, #\n
	cbnz	x17, .Lwait_go\@
.endm

/*
 * In a handler entered through harness.h's vector_table (x17 = vector
 * offset): append an entry to the log with the registers of EL \el.
 * Uses 32 bytes of stack; preserves every register and clobbers NZCV.
 */
.macro record el
	stp	x0, x1, [sp, #-32]!
	str	x2, [sp, #16]
	ldr	x0, =REPORT_BASE
	ldr	x1, [x0, #REPORT_COUNT]
	add	x2, x1, #1
	str	x2, [x0, #REPORT_COUNT]
	cmp	x1, #LOG_MAX
	b.hs	.Lrecord_full\@
	add	x0, x0, #REPORT_LOG
	add	x0, x0, x1, lsl #6		/* LOG_SIZE */
	mrs	x1, esr_el\el
	stp	x17, x1, [x0, #LOG_VECTOR]
	mrs	x1, elr_el\el
	mrs	x2, spsr_el\el
	stp	x1, x2, [x0, #LOG_ELR]
	mrs	x1, far_el\el
	mrs	x2, CurrentEL
	stp	x1, x2, [x0, #LOG_FAR]
.Lrecord_full\@:
	ldr	x2, [sp, #16]
	ldp	x0, x1, [sp], #32
.endm

/* Return from a handler entered through vector_table (x17 restored). */
.macro handler_return el
	mrs	x17, tpidr_el\el
	eret
.endm

#endif /* __ASSEMBLER__ */

#endif
