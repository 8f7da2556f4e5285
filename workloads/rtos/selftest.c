/*
 * selftest.c - the kernels' unit checks, run at start-up before the modem
 * is enabled: the CRC-32 check value, the FFT of known signals (a complex
 * tone lands in its one bin, an impulse spreads flat), the encoder's
 * impulse response (its generators), and Viterbi decoding of a block with
 * injected bit errors, all corrected. A failure is wl_check's FAIL line
 * and exit status 3.
 */
#include "baseband.h"
#include "wl.h"

#define TONE_BIN        37
#define TONE_AMPLITUDE  8192
#define FFT_TOLERANCE   8               /* Q15 steps of rounding over 8 stages */
#define VIT_TEST_BITS   512
#define VIT_ERROR_EVERY 40

static int32_t absv(int32_t v)
{
	return v < 0 ? -v : v;
}

static void test_crc(void)
{
	wl_check(wl_crc32(0, "123456789", 9) == 0xcbf43926, "CRC-32 check value");
}

static void test_fft(void)
{
	static struct cq15 x[FFT_MAX_N];

	/* exp(+2 pi i k0 n / N): after the scaled forward FFT, TONE_AMPLITUDE in bin k0 alone. */
	for (unsigned n = 0; n < FFT_MAX_N; n++) {
		struct cq15 w = fft_twiddle(TONE_BIN * n);

		x[n] = (struct cq15){ (int16_t)(w.re / 4), (int16_t)(-w.im / 4) };
	}
	fft_q15(x, FFT_MAX_LOG2, false, true);
	for (unsigned k = 0; k < FFT_MAX_N; k++) {
		int32_t want = k == TONE_BIN ? TONE_AMPLITUDE : 0;

		wl_check(absv(x[k].re - want) <= FFT_TOLERANCE && absv(x[k].im) <= FFT_TOLERANCE,
			 "FFT of a tone");
	}
	/* An impulse of height A: every bin A (unscaled). */
	for (unsigned n = 0; n < FFT_MAX_N; n++)
		x[n] = (struct cq15){ (int16_t)(n ? 0 : 1000), 0 };
	fft_q15(x, FFT_MAX_LOG2, false, false);
	for (unsigned k = 0; k < FFT_MAX_N; k++)
		wl_check(x[k].re == 1000 && x[k].im == 0, "FFT of an impulse");
	/* The twiddles: a quarter turn is -i, an eighth (1 - i) / sqrt 2. */
	wl_check(fft_twiddle(FFT_MAX_N / 4).re == 0 && fft_twiddle(FFT_MAX_N / 4).im == -32767,
		 "twiddle at pi/2");
	wl_check(fft_twiddle(FFT_MAX_N / 8).re == 23170 && fft_twiddle(FFT_MAX_N / 8).im == -23170,
		 "twiddle at pi/4");
}

static void test_viterbi(void)
{
	static uint8_t in[VIT_TEST_BITS / 8], out[VIT_TEST_BITS / 8];
	static uint8_t coded[VIT_CODED(VIT_TEST_BITS)];
	static int8_t soft[VIT_CODED(VIT_TEST_BITS)];
	static uint64_t decisions[VIT_TEST_BITS + VIT_TAIL];
	unsigned flipped = 0;

	/* A lone 1 bit: the output pairs are the generators' taps, newest first. */
	memset(in, 0, sizeof(in));
	in[0] = 1;
	vit_encode(in, 8, coded);
	for (unsigned k = 0; k < VIT_K; k++)
		wl_check(coded[2 * k] == (VIT_G0 >> (VIT_K - 1 - k) & 1) &&
			 coded[2 * k + 1] == (VIT_G1 >> (VIT_K - 1 - k) & 1), "encoder impulse response");
	/* A pseudo-random block, one coded bit in VIT_ERROR_EVERY received wrong. */
	for (unsigned i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 0x9d + 0x3b ^ i >> 2);
	vit_encode(in, VIT_TEST_BITS, coded);
	for (unsigned c = 0; c < VIT_CODED(VIT_TEST_BITS); c++) {
		bool flip = c % VIT_ERROR_EVERY == 7;

		soft[c] = (int8_t)((coded[c] ^ flip) ? -64 : 64);
		flipped += flip;
	}
	vit_decode(soft, VIT_TEST_BITS, out, decisions);
	wl_check(flipped > 20, "errors injected");
	wl_check(memcmp(in, out, sizeof(in)) == 0, "Viterbi corrects the injected errors");
}

void selftest_run(void)
{
	test_crc();
	test_fft();
	test_viterbi();
}
