/*
 * big-bss: an image whose loaded size (a 1.5 MiB .bss) exceeds 1 MiB of
 * RAM, so `--ram-mib 1` must refuse it. With the default RAM it just exits 0.
 */
#include "../../target/harness.h"

	entry_point
	pass

	.bss
	.space	0x180000
