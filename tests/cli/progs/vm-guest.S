/*
 * vm-guest.S - a TEST FIXTURE: the smallest VM image, for the hypervisor
 * runs of hyp_args.sh. progs.mk links it at the base of each partition
 * those runs lay out (vm-guest-ADDRESS.elf). The stand-in hypervisor
 * (hyp-config-dump.S) never starts it: it only reads its first word, WFI
 * (0xd503207f), to see that the image was loaded.
 */
	.section .text.boot, "ax"
	.global	_start
_start:
	wfi
	b	_start
