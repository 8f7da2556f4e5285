/*
 * fpu_ops.S - FP/SIMD register helpers for the fpu guest (guest C is built
 * with -mgeneral-regs-only): fill V0-V31 and FPCR from a seed, and count
 * the registers that no longer hold what fpu_fill put there.
 */
	.arch_extension fp
	.arch_extension simd
	.text

/* fpu_fill(seed): Vn = {seed + n, ~(seed + n)}, FPCR.RMode = seed & 3. */
	.global	fpu_fill
fpu_fill:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	add	x1, x0, #\n
	mvn	x2, x1
	fmov	d\n, x1
	mov	v\n\().d[1], x2
	.endr
	and	x1, x0, #3
	lsl	x1, x1, #22
	msr	fpcr, x1
	ret

/* fpu_check(seed): how many of V0-V31 and FPCR differ from fpu_fill(seed). */
	.global	fpu_check
fpu_check:
	mov	x3, #0
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	add	x1, x0, #\n
	mvn	x2, x1
	fmov	x4, d\n
	mov	x5, v\n\().d[1]
	cmp	x4, x1
	ccmp	x5, x2, #0, eq
	cinc	x3, x3, ne
	.endr
	mrs	x4, fpcr
	and	x1, x0, #3
	lsl	x1, x1, #22
	cmp	x4, x1
	cinc	x3, x3, ne
	mov	x0, x3
	ret
