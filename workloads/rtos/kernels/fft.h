/*
 * fft.h - radix-2 decimation-in-time FFT in Q15 fixed point, as a DSP's
 * OFDM receiver runs it: complex 16-bit samples, 16x16->32-bit products
 * rounded back to Q15, optionally halving after every stage (1/N overall)
 * so that no stage can overflow. Sizes 2 .. FFT_MAX_N points.
 */
#ifndef FFT_H
#define FFT_H

#include <stdbool.h>
#include <stdint.h>

#define FFT_MAX_LOG2    8
#define FFT_MAX_N       (1u << FFT_MAX_LOG2)

struct cq15 {
	int16_t re, im;
};

/* Builds the twiddle table; call once before fft_q15. */
void fft_init(void);
/*
 * In place, over X[1 << LOG2N]: the forward DFT (exp(-2 pi i kn/N)), or
 * with INVERSE the inverse one without 1/N; with SCALE each stage halves,
 * dividing the result by N.
 */
void fft_q15(struct cq15 *x, unsigned log2n, bool inverse, bool scale);
/* exp(-2 pi i k / FFT_MAX_N) in Q15, for any k (taken modulo FFT_MAX_N). */
struct cq15 fft_twiddle(unsigned k);

#endif
