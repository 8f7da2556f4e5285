/*
 * fft.c - the Q15 radix-2 FFT (fft.h). The twiddles are computed at start-
 * up without floating point: a rotation by 2 pi / FFT_MAX_N applied
 * repeatedly in Q30 (64-bit products), whose rounding error after the 128
 * steps stays far below one Q15 step, then rounded to Q15.
 */
#include "fft.h"

/* cos and sin of 2 pi / 256 in Q30 (round(x * 2^30)). */
#define ROT_COS_Q30     1073418433ll
#define ROT_SIN_Q30     26350943ll
#define Q30_ONE         (1ll << 30)

static struct cq15 twiddle[FFT_MAX_N / 2];

static int16_t q30_to_q15(int64_t v)
{
	v = (v + (1 << 14)) >> 15;
	return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

void fft_init(void)
{
	int64_t c = Q30_ONE, s = 0;

	for (unsigned k = 0; k < FFT_MAX_N / 2; k++) {
		int64_t nc, ns;

		twiddle[k] = (struct cq15){ q30_to_q15(c), (int16_t)-q30_to_q15(s) };
		nc = (c * ROT_COS_Q30 - s * ROT_SIN_Q30 + (1ll << 29)) >> 30;
		ns = (c * ROT_SIN_Q30 + s * ROT_COS_Q30 + (1ll << 29)) >> 30;
		c = nc;
		s = ns;
	}
}

struct cq15 fft_twiddle(unsigned k)
{
	struct cq15 w = twiddle[k % (FFT_MAX_N / 2)];

	if (k % FFT_MAX_N >= FFT_MAX_N / 2)
		w = (struct cq15){ (int16_t)-w.re, (int16_t)-w.im };
	return w;
}

static void bit_reverse(struct cq15 *x, unsigned log2n)
{
	unsigned n = 1u << log2n;

	for (unsigned i = 0, j = 0; i < n; i++) {
		if (i < j) {
			struct cq15 t = x[i];

			x[i] = x[j];
			x[j] = t;
		}
		unsigned bit = n >> 1;

		while (j & bit) {
			j ^= bit;
			bit >>= 1;
		}
		j |= bit;
	}
}

void fft_q15(struct cq15 *x, unsigned log2n, bool inverse, bool scale)
{
	unsigned n = 1u << log2n, shift = scale ? 1 : 0;

	bit_reverse(x, log2n);
	for (unsigned half = 1, stride = FFT_MAX_N / 2; half < n; half <<= 1, stride >>= 1) {
		for (unsigned k = 0; k < half; k++) {
			int32_t wr = twiddle[k * stride].re;
			int32_t wi = inverse ? -twiddle[k * stride].im : twiddle[k * stride].im;

			for (unsigned i = k; i < n; i += 2 * half) {
				struct cq15 *a = &x[i], *b = &x[i + half];
				int32_t tr = (b->re * wr - b->im * wi + (1 << 14)) >> 15;
				int32_t ti = (b->re * wi + b->im * wr + (1 << 14)) >> 15;
				int32_t ar = a->re, ai = a->im;

				a->re = (int16_t)((ar + tr) >> shift);
				a->im = (int16_t)((ai + ti) >> shift);
				b->re = (int16_t)((ar - tr) >> shift);
				b->im = (int16_t)((ai - ti) >> shift);
			}
		}
	}
}
