/*
 * lib.c - the two C library functions the compiler may call on its own
 * (struct copies and clears). Byte loops: the hypervisor copies little, and
 * -mgeneral-regs-only keeps SIMD out of hypervisor code.
 */
#include "hyp.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
