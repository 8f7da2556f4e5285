/*
 * viterbi.c - the K = 7 rate 1/2 encoder and soft Viterbi decoder
 * (viterbi.h). The state is the last six input bits, the newest in bit 5;
 * an input bit U moves state S to (U << 5) | (S >> 1). Both generators tap
 * the input (bit 6 of the register), so the two branches into states J
 * and J + 32 from one predecessor carry complementary symbols: the decoder
 * works in butterflies of those pairs, with correlation branch metrics
 * (the larger path metric wins), one 64-bit word of decisions per step.
 * Path metrics are 32-bit: a step adds at most 2 * 128, so no
 * renormalization is needed for blocks under 2^23 bits.
 */
#include "viterbi.h"

/* sym[j][b]: the symbol (G0 bit << 1 | G1 bit) of the branch into J from 2J + B. */
static uint8_t sym[VIT_STATES / 2][2];

static unsigned parity(unsigned v)
{
	return (unsigned)__builtin_parity(v);
}

static unsigned symbol(unsigned reg)
{
	return parity(reg & VIT_G0) << 1 | parity(reg & VIT_G1);
}

void vit_init(void)
{
	for (unsigned j = 0; j < VIT_STATES / 2; j++)
		for (unsigned b = 0; b < 2; b++)
			sym[j][b] = (uint8_t)symbol(2 * j + b);   /* input 0: register = state */
}

void vit_encode(const uint8_t *in, size_t nbits, uint8_t *coded)
{
	unsigned state = 0;

	for (size_t i = 0; i < nbits + VIT_TAIL; i++) {
		unsigned u = i < nbits ? vit_bit(in, i) : 0;
		unsigned s = symbol(u << 6 | state);

		coded[2 * i] = (uint8_t)(s >> 1);
		coded[2 * i + 1] = (uint8_t)(s & 1);
		state = u << 5 | state >> 1;
	}
}

void vit_decode(const int8_t *soft, size_t nbits, uint8_t *out, uint64_t *decisions)
{
	int32_t metric[2][VIT_STATES];
	int32_t *pm = metric[0], *npm = metric[1];
	size_t steps = nbits + VIT_TAIL;

	/* Start in state 0: every other state far behind. */
	for (unsigned s = 0; s < VIT_STATES; s++)
		pm[s] = s ? -(1 << 24) : 0;
	for (size_t t = 0; t < steps; t++) {
		int32_t s0 = soft[2 * t], s1 = soft[2 * t + 1];
		/* bm[sym]: correlation of the received pair with symbol SYM (bit 1 = -1). */
		int32_t bm[4] = { s0 + s1, s0 - s1, -s0 + s1, -s0 - s1 };
		uint64_t dec = 0;

		for (unsigned j = 0; j < VIT_STATES / 2; j++) {
			int32_t a = pm[2 * j], b = pm[2 * j + 1];
			int32_t ma = bm[sym[j][0]], mb = bm[sym[j][1]];
			int32_t lo0 = a + ma, lo1 = b + mb;     /* into J, input 0 */
			int32_t hi0 = a - ma, hi1 = b - mb;     /* into J + 32, input 1 */

			if (lo1 > lo0) {
				npm[j] = lo1;
				dec |= 1ull << j;
			} else {
				npm[j] = lo0;
			}
			if (hi1 > hi0) {
				npm[j + VIT_STATES / 2] = hi1;
				dec |= 1ull << (j + VIT_STATES / 2);
			} else {
				npm[j + VIT_STATES / 2] = hi0;
			}
		}
		decisions[t] = dec;
		int32_t *swap = pm;

		pm = npm;
		npm = swap;
	}
	/* The tail brought the encoder back to state 0: trace back from there. */
	for (size_t i = 0; i < (nbits + 7) / 8; i++)
		out[i] = 0;
	unsigned state = 0;

	for (size_t t = steps; t-- > 0;) {
		unsigned pred_low = decisions[t] >> state & 1;

		if (t < nbits)
			out[t / 8] |= (uint8_t)((state >> 5) << (t % 8));
		state = ((state << 1) & (VIT_STATES - 1)) | pred_low;
	}
}
