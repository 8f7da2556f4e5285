/*
 * viterbi.h - the rate 1/2, constraint length 7 convolutional code of LTE's
 * and 802.11's lineage (generators 133 and 171 octal, free distance 10):
 * the encoder, and a soft-decision Viterbi decoder over 64 states with a
 * full-block traceback. Blocks end in VIT_TAIL zero bits, so the encoder
 * and decoder both end in state 0. Integer arithmetic only.
 *
 * Soft values: int8, positive for a coded 0, negative for a 1, magnitude
 * the confidence (0: erased).
 */
#ifndef VITERBI_H
#define VITERBI_H

#include <stddef.h>
#include <stdint.h>

#define VIT_K           7
#define VIT_TAIL        (VIT_K - 1)
#define VIT_STATES      (1u << (VIT_K - 1))
#define VIT_G0          0133
#define VIT_G1          0171

/* Coded bits of NBITS bits: 2 * (NBITS + VIT_TAIL) of them. */
#define VIT_CODED(nbits)        (2 * ((nbits) + VIT_TAIL))

/* Bit I of a packed block, least significant bit of each byte first. */
static inline unsigned vit_bit(const uint8_t *packed, size_t i)
{
	return packed[i / 8] >> (i % 8) & 1;
}

void vit_init(void);
/* IN: NBITS packed bits; CODED: VIT_CODED(NBITS) bytes, each 0 or 1. */
void vit_encode(const uint8_t *in, size_t nbits, uint8_t *coded);
/*
 * SOFT: VIT_CODED(NBITS) soft values; OUT: NBITS packed bits;
 * DECISIONS: scratch of NBITS + VIT_TAIL words.
 */
void vit_decode(const int8_t *soft, size_t nbits, uint8_t *out, uint64_t *decisions);

#endif
