/*
 * harness.h - shared assembler support for the bare-metal AArch64 tests in
 * tests/target/. Included once, at the top of each NAME.S (which goes
 * through the C preprocessor); each program is that one .S file plus this
 * header, linked alone with link.ld. It contains GAS macros and a few
 * routines, which it emits into .text.harness of the including program.
 *
 * Constants: memory map, semihosting operations, EC values, ESR/SPSR/HCR
 * fields, vector offsets, safe SCTLR/CPTR values. ESR(ec, iss) builds a whole
 * syndrome with IL = 1 (every A64 instruction is 32 bits).
 *
 * Macros (codes are the exit status: 1..255, distinct per check; in every
 * program code 1 means "started at the wrong EL"):
 *   print "text"                  SYS_WRITE0 of a literal string
 *   print_val "text", Xn          print text and Xn in hex
 *   pass / exit CODE              semihosting exit (0 = pass)
 *   check Xn, VAL, CODE, "what"   Xn == VAL (any 64-bit constant expression,
 *                                 symbols included), else print
 *                                 "FAIL CODE: what (got .., expected ..)"
 *                                 and exit CODE
 *   check_ne Xn, VAL, CODE, "what"      Xn != VAL
 *   check_sysreg REG, VAL, CODE, "what" system register == VAL
 *   el0_check Xn, VAL, CODE, "what"     check, for EL0 code (see el0_reports)
 *   fail CODE, "what"             unconditional failure
 *   unexpected_exception EL, CODE for vectors that must not be taken
 *   expect_el N, CODE             CurrentEL == N
 *   el2_init / el1_init / enter_el1 / el1_regs   known starting state
 *   entry_point                                  _start, where programs begin
 *   start_el2 / start_el1 / start_either_el      entry_point and starting state
 *   set_sp SYM, eret_to EL, LABEL, SPSR, li, la  small helpers
 *   vector_table NAME, EL, HANDLER               16 recording entries
 *   gpr_fill SEED / gpr_check SEED, CODE         x0-x30 preservation
 *   save_frame EL / restore_frame / frame_check SEED, CODE
 *   zero_quads SYM, N                            clear N quads (records, tables)
 *   exc_records NAME, ...                        exception records in .data
 *   record_exc EL, REC / record_abort EL, REC    exception records (below)
 *   skip_insn EL / record_and_skip EL, REC       resume after the instruction
 *   expect_exc REC, N, ESR, ELR, SPSR, VEC, CODE, "what"[, FAR, HPFAR]
 *                                                check a record (blank: skip)
 *   expect_count REC, N, CODE, "what"            check a record's count
 *   expect_pstate NZCV, DAIF, EL, SPSEL, SP, CODE, "what"
 *                                                check PSTATE (blank: skip)
 *   run_el0 LABEL / el0_svc_return               EL0 code that ends with SVC #0
 *   exit_vectors NAME, EL, CODE                  vectors that all exit CODE
 *   firmware_call FID, A1, A2, A3                PSCI/SMCCC call, SMC or HVC
 *   spin_us US                                   wait on the physical counter
 *
 * Register conventions:
 *   - x16 and x17 (IP0/IP1) are the harness scratch registers: check uses
 *     x17 (x16 when checking x17), check_sysreg uses x16 and x17, the init
 *     macros use x16, and a vector entry overwrites x17 (see vector_table).
 *     Tests keep no live values in x16/x17 across these macros.
 *   - print, exit and the failure path clobber x0-x11 and never use the
 *     stack, so they work whatever SP holds. They need the image's .data to
 *     be readable and writable (semihosting parameter blocks live there).
 *   - check compares with CMP, so it clobbers NZCV: read NZCV (or set it)
 *     before an exception whose SPSR is checked.
 *
 * Semihosting ("Semihosting for AArch32 and AArch64", v2.0): HLT #0xF000,
 * operation in W0, parameter (block) address in X1, result in X0. It is only
 * used at EL1 and EL2 (QEMU and phonesim both refuse it at EL0).
 *
 * Section references are to the Arm ARM, DDI 0487, by name: numbering
 * changes between issues.
 */
#ifndef PHONESIM_TESTS_TARGET_HARNESS_H
#define PHONESIM_TESTS_TARGET_HARNESS_H

/* ------------------------------------------------------------ constants */

/*
 * Memory map (see link.ld, which asserts these): RAM base, and the 8 MiB
 * scratch area outside the image that tests may map, unmap and fault on.
 */
#define RAM_BASE        0x40000000
#define SCRATCH_BASE    0x40800000
#define SCRATCH_END     0x41000000

/* Semihosting operation numbers. */
#define SYS_WRITEC      0x03
#define SYS_WRITE0      0x04
#define SYS_EXIT        0x18
#define SYS_ELAPSED     0x30
#define SYS_TICKFREQ    0x31
#define ADP_Stopped_ApplicationExit 0x20026

/* ESR_ELx.EC values (DDI 0487, ESR_EL1/ESR_EL2, field EC). */
#define EC_UNKNOWN      0x00
#define EC_WFX          0x01
#define EC_FP           0x07
#define EC_ILLEGAL      0x0e
#define EC_SVC64        0x15
#define EC_HVC64        0x16
#define EC_SMC64        0x17
#define EC_SYS64        0x18
#define EC_IABT_LOW     0x20
#define EC_IABT_CUR     0x21
#define EC_DABT_LOW     0x24
#define EC_DABT_CUR     0x25
#define EC_SERROR       0x2f
#define EC_BRK64        0x3c

/* A whole ESR value: EC, IL = 1 (32-bit instruction) and ISS. */
#define ESR(ec, iss)    (((ec) << 26) | (1 << 25) | (iss))

/* Data/instruction abort ISS fields. */
#define ISS_ISV         (1 << 24)
#define ISS_SAS(n)      ((n) << 22)     /* 0 byte, 1 half, 2 word, 3 dword */
#define ISS_SRT(n)      ((n) << 16)
#define ISS_SF          (1 << 15)
#define ISS_WNR         (1 << 6)
#define FSC_TRANS(l)    (0x04 + (l))    /* translation fault, level l */
#define FSC_ACCESS(l)   (0x08 + (l))    /* access flag fault, level l */
#define FSC_PERM(l)     (0x0c + (l))    /* permission fault, level l */

/* PSTATE fields as laid out in SPSR_ELx (AArch64 state) and NZCV/DAIF. */
#define PSR_N           (1 << 31)
#define PSR_Z           (1 << 30)
#define PSR_C           (1 << 29)
#define PSR_V           (1 << 28)
#define PSR_IL          (1 << 20)
#define PSR_D           (1 << 9)
#define PSR_A           (1 << 8)
#define PSR_I           (1 << 7)
#define PSR_F           (1 << 6)
#define PSR_DAIF        (PSR_D | PSR_A | PSR_I | PSR_F)
#define PSR_M_EL0t      0x0
#define PSR_M_EL1t      0x4
#define PSR_M_EL1h      0x5
#define PSR_M_EL2t      0x8
#define PSR_M_EL2h      0x9

/* CurrentEL encodings. */
#define CURRENTEL(n)    ((n) << 2)

/* Vector table offsets ("Exception vectors"). */
#define VEC_CUR_SP0     0x000   /* current EL, SP_EL0 */
#define VEC_CUR_SPX     0x200   /* current EL, SP_ELx */
#define VEC_LOWER_A64   0x400   /* lower EL, AArch64 */
#define VEC_LOWER_A32   0x600   /* lower EL, AArch32 */
#define VEC_SYNC        0x000
#define VEC_IRQ         0x080
#define VEC_FIQ         0x100
#define VEC_SERROR      0x180

/* HCR_EL2 bits. */
#define HCR_VM          (1 << 0)
#define HCR_FMO         (1 << 3)
#define HCR_IMO         (1 << 4)
#define HCR_AMO         (1 << 5)
#define HCR_VF          (1 << 6)
#define HCR_VI          (1 << 7)
#define HCR_VSE         (1 << 8)
#define HCR_TWI         (1 << 13)
#define HCR_TWE         (1 << 14)
#define HCR_TID3        (1 << 18)
#define HCR_TSC         (1 << 19)
#define HCR_TVM         (1 << 26)
#define HCR_TGE         (1 << 27)
#define HCR_TRVM        (1 << 30)
#define HCR_RW          (1 << 31)

/*
 * System control registers with the MMU, caches and alignment checks off,
 * RES1 bits set (ARMv8.0, as on Cortex-A57). SCTLR_EL1 also sets nTWI and
 * nTWE so that EL0 WFI/WFE do not trap to EL1.
 */
#define SCTLR_EL1_RES1  0x30d00800
#define SCTLR_EL1_BASE  (SCTLR_EL1_RES1 | (1 << 16) | (1 << 18))
#define SCTLR_EL2_BASE  0x30c50830
#define SCTLR_M         (1 << 0)
#define SCTLR_C         (1 << 2)
#define SCTLR_I         (1 << 12)
#define CPTR_EL2_BASE   0x33ff          /* RES1 bits; TFP = 0: no trap */
#define CPTR_TFP        (1 << 10)
#define CPACR_FPEN      (3 << 20)

/* ------------------------------------------------------------ macros */

/* Load a 64-bit constant (any expression) into a register. */
.macro li reg, val
	ldr	\reg, =\val
.endm

/* Load the address of a symbol (+-4 GiB, position independent). */
.macro la reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* Print a literal string with SYS_WRITE0. Clobbers x0, x1. */
.macro print str
	.pushsection .rodata.harness, "a"
.Lprint_str\@:
	.asciz	"\str"
	.popsection
	la	x1, .Lprint_str\@
	mov	w0, #SYS_WRITE0
	hlt	#0xf000
.endm

/*
 * Print "<str>0x<16 hex digits of reg>" and a newline (for debugging and
 * for information lines). Clobbers x0-x9 and x30.
 */
.macro print_val str, reg
	mov	x2, \reg
	print	"\str"
	bl	harness_print_hex
.endm

/* Exit through semihosting with a constant code (0 = pass). */
.macro exit code
	mov	x0, #\code
	b	harness_exit
.endm

.macro pass
	exit	0
.endm

/*
 * Fail unless \reg == \val. \val is any 64-bit constant expression. On failure
 * prints "FAIL code: what (got 0x..., expected 0x...)" and exits with \code
 * (1..255, distinct per check). Uses \tmp (x17 unless told) and NZCV.
 * At EL0 (no semihosting there) pass failto=harness_fail_el0: the failure is
 * then reported with SVC #SVC_REPORT_FAIL to an EL1 handler that uses
 * el0_reports (below). pass_if=ne: fail unless \reg != \val (check_ne).
 */
.macro check reg, val, code, what, tmp=x17, failto=harness_fail, pass_if=eq
	.ifc	\reg, \tmp		/* checking the scratch register: use x16 */
	check	\reg, \val, \code, "\what", x16, \failto, \pass_if
	.else
	ldr	\tmp, =\val
	cmp	\reg, \tmp
	b.\pass_if	.Lcheck_ok\@
	.pushsection .rodata.harness, "a"
.Lcheck_msg\@:
	.asciz	"\what"
	.popsection
	mov	x2, \reg
	mov	x3, \tmp
	mov	x0, #\code
	la	x1, .Lcheck_msg\@
	b	\failto
.Lcheck_ok\@:
	.endif
.endm

/* Fail if \reg == \val (same conventions as check; "expected" prints \val). */
.macro check_ne reg, val, code, what, tmp=x17
	check	\reg, \val, \code, "\what", \tmp, harness_fail, ne
.endm

/* Fail unless system register \sreg == \val. Uses x16, x17. */
.macro check_sysreg sreg, val, code, what
	mrs	x16, \sreg
	check	x16, \val, \code, "\what"
.endm

/* Unconditional failure: reaching this point is an error. */
.macro fail code, what
	.pushsection .rodata.harness, "a"
.Lfail_msg\@:
	.asciz	"\what"
	.popsection
	mov	x2, xzr
	mov	x3, xzr
	mov	x0, #\code
	la	x1, .Lfail_msg\@
	b	harness_fail
.endm

/*
 * For vectors that must never be taken: fails with \code, printing
 * ESR_EL<el> as "got" and the vector offset (x17) as "expected".
 */
.macro unexpected_exception el, code
	mov	x3, x17
	mrs	x2, esr_el\el
	mov	x0, #\code
	la	x1, harness_str_unexpected
	b	harness_fail
.endm

/* CurrentEL must be \el (the program was started at the wrong EL otherwise). */
.macro expect_el el, code
	mrs	x16, CurrentEL
	check	x16, CURRENTEL(\el), \code, "CurrentEL"
.endm

/* sp = address of \sym (a stack top from link.ld). Clobbers x16. */
.macro set_sp sym
	la	x16, \sym
	mov	sp, x16
.endm

/*
 * Exception return to \label in mode \spsr (a constant SPSR value) from the
 * current EL \el (1 or 2). Clobbers x16.
 */
.macro eret_to el, label, spsr
	la	x16, \label
	msr	elr_el\el, x16
	ldr	x16, =\spsr
	msr	spsr_el\el, x16
	isb
	eret
.endm

/* check, for EL0 code: failures are reported with SVC (see el0_reports). */
.macro el0_check reg, val, code, what
	check	\reg, \val, \code, "\what", x17, harness_fail_el0
.endm

/*
 * el2_init VBAR2, VBAR1: at EL2, a known configuration for everything the
 * tests touch: SP = top of the EL2 stack, SCTLR_EL2 (MMU, caches off),
 * HCR_EL2 = RW only (EL1 is AArch64; no traps, no stage 2, no virtual
 * interrupts), CPTR_EL2 and HSTR_EL2 trap nothing, MDCR_EL2 = HPMN only (no
 * debug or PMU traps), EL1 physical timer accessible, VBAR_EL2 = VBAR2, and
 * the EL1 state of el1_regs. Clobbers x16.
 */
.macro el2_init vbar2, vbar1
	set_sp	__stack_el2_top
	ldr	x16, =SCTLR_EL2_BASE
	msr	sctlr_el2, x16
	ldr	x16, =HCR_RW
	msr	hcr_el2, x16
	ldr	x16, =CPTR_EL2_BASE
	msr	cptr_el2, x16
	msr	hstr_el2, xzr
	mrs	x16, pmcr_el0
	ubfx	x16, x16, #11, #5	/* PMCR_EL0.N */
	msr	mdcr_el2, x16
	mov	x16, #3			/* CNTHCTL_EL2.EL1PCEN, EL1PCTEN */
	msr	cnthctl_el2, x16
	msr	cntvoff_el2, xzr
	msr	vttbr_el2, xzr
	la	x16, \vbar2
	msr	vbar_el2, x16
	la	x16, __stack_el1_top
	msr	sp_el1, x16
	el1_regs \vbar1
.endm

/*
 * el1_init VBAR1: at EL1 (programs started at EL1): SPSel = 1, SP = top of
 * the EL1 stack, then el1_regs. Clobbers x16.
 */
.macro el1_init vbar1
	msr	spsel, #1
	set_sp	__stack_el1_top
	el1_regs \vbar1
.endm

/*
 * enter_el1 VBAR2, VBAR1: start of the programs that run at EL1 (name
 * ending in -el1). Started at EL1 (no EL2): el1_init. Started at EL2:
 * el2_init (nothing trapped or virtualized), then ERET to EL1h (all of
 * DAIF masked) and el1_init. Clobbers x16.
 */
.macro enter_el1 vbar2, vbar1
	mrs	x16, CurrentEL
	cmp	x16, #CURRENTEL(2)
	b.ne	.Lat_el1\@
	el2_init \vbar2, \vbar1
	eret_to	2, .Lat_el1\@, (PSR_DAIF | PSR_M_EL1h)
.Lat_el1\@:
	el1_init \vbar1
.endm

/*
 * entry_point: the program's entry point, _start, at the start of
 * .text.boot (which link.ld puts first, at RAM's base). What follows is
 * the first code run.
 */
.macro entry_point
	.section .text.boot, "ax"
	.global	_start
_start:
.endm

/*
 * start_el2 VBAR2, VBAR1: the start of a program that runs from EL2:
 * entry_point, CurrentEL must be EL2 (code 1), el2_init. Clobbers x16, x17.
 */
.macro start_el2 vbar2, vbar1
	entry_point
	expect_el 2, 1
	el2_init \vbar2, \vbar1
.endm

/*
 * start_el1 VBAR2, VBAR1: the start of a program that runs at EL1 (name
 * ending in -el1): entry_point, enter_el1, and CurrentEL must then be EL1
 * (code 1). Clobbers x16, x17.
 */
.macro start_el1 vbar2, vbar1
	entry_point
	enter_el1 \vbar2, \vbar1
	expect_el 1, 1
.endm

/*
 * start_either_el VBAR2, VBAR1: the start of a program that runs at the EL
 * it is started at, EL2 or EL1 (a machine without EL2): entry_point, then
 * el2_init or el1_init. Clobbers x16.
 */
.macro start_either_el vbar2, vbar1
	entry_point
	mrs	x16, CurrentEL
	cmp	x16, #CURRENTEL(2)
	b.ne	.Lstart_el1\@
	el2_init \vbar2, \vbar1
	b	.Lstarted\@
.Lstart_el1\@:
	el1_init \vbar1
.Lstarted\@:
.endm

/*
 * el1_regs VBAR1 (at EL1 or EL2): SCTLR_EL1 (MMU, caches off; EL0 WFI/WFE
 * not trapped), CPACR_EL1 (FP/SIMD not trapped), VBAR_EL1 = VBAR1,
 * SP_EL0 = top of the EL0 stack. Clobbers x16.
 */
.macro el1_regs vbar1
	ldr	x16, =SCTLR_EL1_BASE
	msr	sctlr_el1, x16
	ldr	x16, =CPACR_FPEN
	msr	cpacr_el1, x16
	la	x16, \vbar1
	msr	vbar_el1, x16
	la	x16, __stack_el0_top
	msr	sp_el0, x16
	isb
.endm

/*
 * Vector table: 16 entries of 0x80 bytes, 2 KiB aligned ("Exception
 * vectors": VBAR_ELx[63:11]). Entry number i (offset i * 0x80) does:
 *	msr	tpidr_el<EL>, x17	// keep the interrupted x17
 *	mov	x17, #offset		// which entry was taken
 *	b	HANDLER
 * so HANDLER finds the vector offset in x17 and the original x17 in
 * TPIDR_EL<EL> (EL = the level whose VBAR points at this table). Nothing else
 * is touched: not the stack, not memory, not the flags.
 */
.macro vector_entry el, handler, off
	.balign	0x80
	msr	tpidr_el\el, x17
	mov	x17, #\off
	b	\handler
.endm

.macro vector_table name, el, handler
	.pushsection .text.vectors, "ax"
	.balign	2048
	.global	\name
\name:
	vector_entry \el, \handler, 0x000
	vector_entry \el, \handler, 0x080
	vector_entry \el, \handler, 0x100
	vector_entry \el, \handler, 0x180
	vector_entry \el, \handler, 0x200
	vector_entry \el, \handler, 0x280
	vector_entry \el, \handler, 0x300
	vector_entry \el, \handler, 0x380
	vector_entry \el, \handler, 0x400
	vector_entry \el, \handler, 0x480
	vector_entry \el, \handler, 0x500
	vector_entry \el, \handler, 0x580
	vector_entry \el, \handler, 0x600
	vector_entry \el, \handler, 0x680
	vector_entry \el, \handler, 0x700
	vector_entry \el, \handler, 0x780
	.popsection
.endm

/*
 * Register-preservation helpers. gpr_fill sets x0..x30 to
 * \seed + i * 0x0101010101010101 (i = register number); gpr_check compares
 * them all, failing with \code (the "expected" value printed names the
 * register: its low byte is the seed's plus i). gpr_check parks x17 in
 * TPIDR_EL0 (usable at every EL) so that it can use x17 as scratch, and
 * leaves x16/x17 clobbered.
 */
#define GPR_STEP 0x0101010101010101

.macro gpr_fill_one n, seed
	ldr	x\n, =(\seed + \n * GPR_STEP)
.endm

.macro gpr_fill seed
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	gpr_fill_one \n, \seed
	.endr
.endm

.macro gpr_check seed, code, failto=harness_fail
	msr	tpidr_el0, x17
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,18,19,20,21,22,23,24,25,26,27,28,29,30
	check	x\n, (\seed + \n * GPR_STEP), \code, "x\n preserved", x17, \failto
	.endr
	mrs	x16, tpidr_el0
	check	x16, (\seed + 17 * GPR_STEP), \code, "x17 preserved", x17, \failto
.endm

/*
 * Exception frames. In a handler reached through vector_table, save_frame EL
 * pushes a 256-byte frame on SP_ELx: slot i (8 bytes at sp + 8 * i) holds
 * xi for i = 0..30 as interrupted (x17 recovered from TPIDR_EL<EL>), slot 31
 * the vector offset. restore_frame pops it (x0-x30 as they were).
 * frame_check SEED, CODE compares slots 0..30 with the gpr_fill pattern.
 */
#define FRAME_SIZE      256
#define FRAME_VECTOR    248

.macro save_frame el
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	mrs	x0, tpidr_el\el		/* the interrupted x17 */
	stp	x16, x0, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	stp	x30, x17, [sp, #240]	/* x17 = vector offset */
	ldr	x0, [sp, #0]
.endm

.macro restore_frame
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
.endm

/* Slots 0..30 of the frame at sp must hold the gpr_fill pattern. */
.macro frame_check seed, code
	mov	x4, sp
	mov	x5, #0
	ldr	x6, =\seed
	ldr	x7, =GPR_STEP
.Lframe_loop\@:
	ldr	x2, [x4, x5, lsl #3]
	madd	x3, x5, x7, x6
	cmp	x2, x3
	b.eq	.Lframe_next\@
	.pushsection .rodata.harness, "a"
.Lframe_msg\@:
	.asciz	"general register preserved (see expected value)"
	.popsection
	mov	x0, #\code
	la	x1, .Lframe_msg\@
	b	harness_fail
.Lframe_next\@:
	add	x5, x5, #1
	cmp	x5, #31
	b.lo	.Lframe_loop\@
.endm

/*
 * EL0 reports. EL0 cannot use semihosting, so EL0 code ends with
 * SVC #SVC_REPORT_PASS, and its failed checks (failto=harness_fail_el0)
 * execute SVC #SVC_REPORT_FAIL with x0-x3 as harness_fail takes them. An EL1
 * lower-EL sync handler does save_frame 1 then el0_reports, which forwards a
 * failure report to harness_fail (the pass report is the test's to handle).
 */
#define SVC_REPORT_FAIL 0xfa11
#define SVC_REPORT_PASS 0x600d

.macro el0_reports
	mrs	x0, esr_el1
	ldr	x1, =ESR(EC_SVC64, SVC_REPORT_FAIL)
	cmp	x0, x1
	b.ne	.Lno_report\@
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	b	harness_fail
.Lno_report\@:
.endm

/*
 * Exception records: what a handler saw, for the interrupted code to check
 * once it is back. A record is EXC_REC_QUADS quads: count, ESR, ELR, SPSR,
 * vector offset (REC_* below); an abort record (ABORT_REC_QUADS) adds FAR
 * and, for aborts taken to EL2, HPFAR. Records live in .data, zeroed with
 * zero_quads at the start of the program.
 */
#define REC_COUNT       0
#define REC_ESR         8
#define REC_ELR         16
#define REC_SPSR        24
#define REC_VECTOR      32
#define REC_FAR         40
#define REC_HPFAR       48
#define EXC_REC_QUADS   5
#define ABORT_REC_QUADS 7

/*
 * exc_records NAME, ...: in .data (where it leaves the program), an
 * exception record of EXC_REC_QUADS quads for each NAME, one after the
 * other (zero_quads FIRST, N * EXC_REC_QUADS clears N of them).
 */
.macro exc_records names:vararg
	.data
	.balign	8
	.irp name, \names
\name:	.fill	EXC_REC_QUADS, 8, 0
	.endr
.endm

/* Stores zero to \n quads from \sym on (n >= 1). Clobbers x0, x1, NZCV. */
.macro zero_quads sym, n
	la	x0, \sym
	mov	x1, #(\n)
.Lzero_quads\@:
	str	xzr, [x0], #8
	subs	x1, x1, #1
	b.ne	.Lzero_quads\@
.endm

/*
 * In a handler reached through vector_table at EL \el: count one more
 * exception in record \rec and save ESR_EL<el>, ELR_EL<el>, SPSR_EL<el> and
 * the vector offset (x17) there. Leaves x0 = \rec, x1 = ESR, x2 = the count,
 * x3 = ELR, x4 = SPSR; touches nothing else (no stack, no flags).
 */
.macro record_exc el, rec
	la	x0, \rec
	ldr	x2, [x0, #REC_COUNT]
	add	x2, x2, #1
	mrs	x1, esr_el\el
	stp	x2, x1, [x0, #REC_COUNT]
	mrs	x3, elr_el\el
	mrs	x4, spsr_el\el
	stp	x3, x4, [x0, #REC_ELR]
	str	x17, [x0, #REC_VECTOR]
.endm

/* ELR_EL<el> += 4: return after the instruction that took the exception. Uses x3. */
.macro skip_insn el
	mrs	x3, elr_el\el
	add	x3, x3, #4
	msr	elr_el\el, x3
.endm

/* A whole "record and skip" handler: record_exc, skip_insn, ERET. */
.macro record_and_skip el, rec
	record_exc \el, \rec
	skip_insn \el
	eret
.endm

/*
 * An abort handler, for tests that fault on purpose: record_exc, plus
 * FAR_EL<el> (and at EL2 HPFAR_EL2) in the abort record \rec, then resume:
 * after the load or store for a data abort; at x30 for an instruction abort
 * (EC 0x20 or 0x21: the tests reach the bad address with BLR). Clobbers
 * x0-x4.
 */
.macro record_abort el, rec
	record_exc \el, \rec
	mrs	x2, far_el\el
	str	x2, [x0, #REC_FAR]
	.if \el == 2
	mrs	x2, hpfar_el2
	str	x2, [x0, #REC_HPFAR]
	.endif
	lsr	x1, x1, #27			/* EC without bit 0 */
	cmp	x1, #(EC_IABT_LOW >> 1)
	b.eq	.Lfetch_abort\@
	skip_insn \el
	eret
.Lfetch_abort\@:
	msr	elr_el\el, x30
	eret
.endm

/*
 * After exception number \n: record \rec holds count \n and the values
 * given; a field left blank is not checked (nor is the count, if \n is
 * blank). The checks, in this order, take the codes \code, \code + 1, ...:
 * count, ESR, FAR, HPFAR, ELR, SPSR, vector offset. \what names the
 * exception in the failure messages. Clobbers x0, x2, x17, NZCV.
 */
.macro expect_exc rec, n, esr, elr, spsr, vec, code, what, far, hpfar
	.set	.Lharness_code, \code
	la	x0, \rec
	expect_field REC_COUNT, \n, "\what: count"
	expect_field REC_ESR, \esr, "\what: ESR"
	expect_field REC_FAR, \far, "\what: FAR"
	expect_field REC_HPFAR, \hpfar, "\what: HPFAR"
	expect_field REC_ELR, \elr, "\what: ELR"
	expect_field REC_SPSR, \spsr, "\what: SPSR"
	expect_field REC_VECTOR, \vec, "\what: vector offset"
.endm

/* For expect_exc: quad \off of the record at x0 is \val, if \val is given. */
.macro expect_field off, val, what
	.ifnb \val
	ldr	x2, [x0, #\off]
	expect_given x2, \val, "\what"
	.endif
.endm

/*
 * For expect_exc and expect_pstate: \reg is \val, if \val is given, with
 * code .Lharness_code, which then counts one more.
 */
.macro expect_given reg, val, what
	.ifnb \val
	check	\reg, \val, .Lharness_code, "\what"
	.set	.Lharness_code, .Lharness_code + 1
	.endif
.endm

/*
 * The PSTATE the code runs with: NZCV, DAIF, CurrentEL (\el: 1 or 2),
 * SPSel and SP hold the values given; a field left blank is not checked.
 * All are read first (check clobbers NZCV), then checked in that order
 * with the codes \code, \code + 1, ...; a failure names the field, then
 * \what ("NZCV after ERET to EL1h"). Clobbers x0-x4, x17, NZCV.
 */
.macro expect_pstate nzcv, daif, el, spsel, sp, code, what
	mrs	x0, nzcv
	mrs	x1, daif
	mrs	x2, CurrentEL
	mrs	x3, SPSel
	mov	x4, sp
	.set	.Lharness_code, \code
	expect_given x0, \nzcv, "NZCV \what"
	expect_given x1, \daif, "DAIF \what"
	.ifnb \el
	expect_given x2, CURRENTEL(\el), "CurrentEL \what"
	.endif
	expect_given x3, \spsel, "SPSel \what"
	expect_given x4, \sp, "SP \what"
.endm

/* Only the count: \rec has recorded \n exceptions (code \code). */
.macro expect_count rec, n, code, what
	expect_exc \rec, \n, , , , , \code, "\what"
.endm

/*
 * run_el0 LABEL, at EL1: runs EL0 code at LABEL (EL0t, DAIF clear); that
 * code ends with SVC #0, which the EL1 synchronous handler answers with
 * el0_svc_return: execution goes on after run_el0, at EL1h with DAIF
 * masked. Clobbers x0, x1, x16.
 */
.macro run_el0 label
	la	x0, harness_el0_return
	adr	x1, .Lback_from_el0\@
	str	x1, [x0]
	eret_to	1, \label, PSR_M_EL0t
.Lback_from_el0\@:
.endm

/*
 * At the start of an EL1 synchronous handler: returns to run_el0's caller
 * if ESR_EL1 is that of SVC #0; otherwise goes on with x1 = ESR_EL1.
 * Clobbers x0-x2 and NZCV.
 */
.macro el0_svc_return
	mrs	x1, esr_el1
	ldr	x2, =ESR(EC_SVC64, 0)
	cmp	x1, x2
	b.ne	.Lnot_el0_svc\@
	la	x0, harness_el0_return
	ldr	x0, [x0]
	msr	elr_el1, x0
	ldr	x0, =(PSR_DAIF | PSR_M_EL1h)
	msr	spsr_el1, x0
	eret
.Lnot_el0_svc\@:
.endm

/*
 * exit_vectors NAME, EL, CODE: vector table NAME for EL \el (as
 * vector_table) for exceptions a program never expects: every entry exits
 * with CODE, printing nothing.
 */
.macro exit_vectors name, el, code
.Lexit_vectors\@:
	exit	\code
	vector_table \name, \el, .Lexit_vectors\@
.endm

/*
 * firmware_call FID, A1, A2, A3: X0 = the platform firmware's answer (PSCI,
 * SMCCC) to function FID with arguments A1-A3 (constant expressions,
 * symbols included; 0 when left out), through the conduit of the EL the
 * caller runs at: SMC at EL2, HVC at EL1 (on a machine without EL2 the
 * firmware takes HVC, as QEMU virt's does without virtualization).
 * Clobbers x0-x3, x16, x30.
 */
.macro firmware_call fid, a1=0, a2=0, a3=0
	li	x0, \fid
	li	x1, \a1
	li	x2, \a2
	li	x3, \a3
	bl	harness_firmware
.endm

/*
 * spin_us US: spins until the physical count (CNTPCT_EL0) has advanced by
 * US microseconds, rounded down to whole ticks of CNTFRQ_EL0. Clobbers
 * x0-x2 and NZCV.
 */
.macro spin_us us
	mrs	x1, cntfrq_el0
	li	x2, \us
	mul	x1, x1, x2
	li	x2, 1000000
	udiv	x1, x1, x2
	mrs	x0, cntpct_el0
	add	x1, x1, x0
.Lspin_us\@:
	mrs	x0, cntpct_el0
	cmp	x0, x1
	b.lo	.Lspin_us\@
.endm

/* ------------------------------------------------------------ routines */

	.pushsection .text.harness, "ax"

/* harness_exit: x0 = exit code. SYS_EXIT with an ApplicationExit block. */
	.global	harness_exit
harness_exit:
	la	x1, harness_exit_block
	ldr	x2, =ADP_Stopped_ApplicationExit
	stp	x2, x0, [x1]
	mov	w0, #SYS_EXIT
	hlt	#0xf000
	b	.			/* semihosting absent: hang (the runner times out) */

/* harness_firmware: firmware_call's conduit, SMC at EL2, HVC at EL1. Uses x16. */
harness_firmware:
	mrs	x16, CurrentEL
	cmp	x16, #CURRENTEL(2)
	b.ne	.Lharness_hvc
	smc	#0
	ret
.Lharness_hvc:
	hvc	#0
	ret

/* harness_fail_el0: harness_fail for EL0 code (see el0_reports). */
	.global	harness_fail_el0
harness_fail_el0:
	svc	#SVC_REPORT_FAIL
	b	.

/* harness_print_hex: print "0x<x2 in hex>\n". Clobbers x0-x9. */
harness_print_hex:
	mov	x9, x30
	la	x4, harness_buf
	bl	harness_hex
	mov	w5, #'\n'
	strb	w5, [x4], #1
	strb	wzr, [x4]
	la	x1, harness_buf
	bl	harness_puts
	ret	x9

/* harness_puts: print the string at x1. Clobbers x0. */
harness_puts:
	mov	w0, #SYS_WRITE0
	hlt	#0xf000
	ret

/*
 * harness_hex: write "0x" and 16 hex digits of x2 at x4, NUL-terminate.
 * Clobbers x5, x6, x7; x4 ends on the NUL.
 */
harness_hex:
	mov	w5, #'0'
	strb	w5, [x4], #1
	mov	w5, #'x'
	strb	w5, [x4], #1
	mov	x6, #60
.Lharness_hex_loop:
	lsr	x5, x2, x6
	and	x5, x5, #0xf
	cmp	x5, #10
	add	x7, x5, #'0'
	add	x5, x5, #('a' - 10)
	csel	x5, x7, x5, lo
	strb	w5, [x4], #1
	subs	x6, x6, #4
	b.ge	.Lharness_hex_loop
	strb	wzr, [x4]
	ret

/*
 * harness_fail: x0 = code (0..255), x1 = message, x2 = value seen, x3 =
 * value expected. Prints "FAIL <code>: <message> (got 0x..., expected
 * 0x...)" and exits with the code. Uses no stack; x30 is lost.
 */
	.global	harness_fail
harness_fail:
	mov	x8, x0			/* code */
	mov	x9, x1			/* message */
	mov	x10, x2			/* got */
	mov	x11, x3			/* expected */
	la	x1, .Lharness_str_fail
	bl	harness_puts
	/* the code in decimal, then ": " */
	mov	x6, x8
	mov	x7, #0			/* digits, most significant in byte 0 */
	mov	x5, #10
.Lharness_dec_loop:
	udiv	x2, x6, x5
	msub	x3, x2, x5, x6
	add	x3, x3, #'0'
	orr	x7, x3, x7, lsl #8
	mov	x6, x2
	cbnz	x6, .Lharness_dec_loop
	la	x4, harness_buf
.Lharness_dec_put:
	strb	w7, [x4], #1
	lsr	x7, x7, #8
	cbnz	x7, .Lharness_dec_put
	mov	w5, #':'
	strb	w5, [x4], #1
	mov	w5, #' '
	strb	w5, [x4], #1
	strb	wzr, [x4]
	la	x1, harness_buf
	bl	harness_puts
	mov	x1, x9
	bl	harness_puts
	la	x1, .Lharness_str_got
	bl	harness_puts
	la	x4, harness_buf
	mov	x2, x10
	bl	harness_hex
	la	x1, harness_buf
	bl	harness_puts
	la	x1, .Lharness_str_expected
	bl	harness_puts
	la	x4, harness_buf
	mov	x2, x11
	bl	harness_hex
	la	x1, harness_buf
	bl	harness_puts
	la	x1, .Lharness_str_close
	bl	harness_puts
	mov	x0, x8
	b	harness_exit

	.ltorg
	.popsection

	.pushsection .rodata.harness, "a"
.Lharness_str_fail:
	.asciz	"FAIL "
.Lharness_str_got:
	.asciz	" (got "
.Lharness_str_expected:
	.asciz	", expected "
.Lharness_str_close:
	.asciz	")\n"
harness_str_unexpected:
	.asciz	"unexpected exception (got = ESR, expected = vector offset)"
	.popsection

	.pushsection .data.harness, "aw"
	.balign	16
harness_exit_block:
	.quad	0, 0
harness_el0_return:			/* run_el0 */
	.quad	0
harness_buf:
	.fill	64, 1, 0
	.popsection

#endif
