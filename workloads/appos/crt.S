/*
 * crt.S - where the app OS starts: core 0 at EL1, MMU off, X0 = the
 * device tree (natively `--dtb`, in a VM the spec's `dtb`). It takes the
 * boot stack (workload.ld's, core 0's slot), which stays the kernel's
 * stack for the whole run, and enters kmain(dtb). Not here: the
 * exception vectors (vectors.S).
 *
 * Also the two things of the image the layout needs: the start of .data,
 * page-aligned (this object is linked first, so its .data comes first), so
 * that the MMU can keep code and read-only data (shared with EL0 tasks)
 * apart from the kernel's writable data; and user_exit, EL0 code a task's
 * entry returns to.
 */
#include "entry.h"

	.section .text.boot, "ax"
	.global	_start
_start:
	msr	daifset, #0xf
	msr	spsel, #1
	wl_boot_stack xzr
	wl_set_vbar vectors
	bl	kmain
	b	.

	.text
	.global	user_exit
user_exit:				/* EL0: a task's entry returned */
	mov	x0, #0
	mov	x8, #0			/* SYS_EXIT (appos.h) */
	svc	#0
	b	.

	.data
	.balign	4096
	.global	appos_data_start
appos_data_start:
