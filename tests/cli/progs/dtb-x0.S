/*
 * dtb-x0.S - checks that X0 at entry points to a flattened device tree:
 * exits 0 when the big-endian magic 0xd00dfeed and a plausible total size
 * are there, 1 otherwise. Run with `phonesim run --dtb`.
 */
#include "../../target/harness.h"

	entry_point
	ldr	w1, [x0]		/* magic, big-endian */
	rev	w1, w1
	ldr	w2, =0xd00dfeed
	cmp	w1, w2
	b.ne	bad
	ldr	w1, [x0, #4]		/* totalsize */
	rev	w1, w1
	cmp	w1, #64
	b.lo	bad
	exit	0
bad:
	exit	1
