/*
 * hyp-config-dump.S - a TEST FIXTURE, not a hypervisor: what
 * `phonesim run --hyp` starts in place of one, so that hyp_args.sh can
 * check the hand-over without the real hypervisor (hyp/).
 *
 * Started at EL2 with X0 = the address of struct hyp_config (hyp/config.h),
 * it checks that X0 is the first page after its own image and that magic,
 * version and size are right, then prints the fields, one "name 0x..." line
 * each (VM names as text), with the first word of each VM's image and the
 * magic of each VM's device tree. Last, it drops to EL1 and tries
 * semihosting SYS_EXIT(7) there: under a hypervisor that HLT must be
 * UNDEFINED (only EL2 may end the run), which EL1 reports back with HVC.
 * Exits 0, or with the number of the failed check.
 */
#include "../../target/harness.h"

/*
 * struct hyp_config's layout (hyp/config.h, LP64): assembly cannot use
 * offsetof, so test_hyp_config.c asserts every number here.
 */
#define CFG_MAGIC       0
#define CFG_VERSION     4
#define CFG_SIZE        8
#define CFG_NCORES      12
#define CFG_SCHEDULER   16
#define CFG_TIMESLICE   20
#define CFG_HYP_BASE    24
#define CFG_HYP_SIZE    32
#define CFG_UART        40
#define CFG_TRACE_PORT  48
#define CFG_NVMS        56
#define CFG_NSHM        60
#define CFG_NQUEUES     64
#define CFG_VM          72
#define CFG_SHM         4296
#define CFG_QUEUE       4488
#define CFG_BYTES       4872
#define VM_MEM_BASE     16
#define VM_MEM_SIZE     24
#define VM_ENTRY        32
#define VM_DTB          40
#define VM_NVCPUS       48
#define VM_PRIORITY     52
#define VM_BUDGET       56
#define VM_PERIOD       64
#define VM_VCPU         72      /* 8 bytes each: affinity, reserved */
#define VM_NDEVICES     136
#define VM_DEVICE       144     /* 48 bytes each: base, size, ipa, dma_window, intid, vintid, mode */
#define VM_BYTES        528
#define SHM_BYTES       24      /* base, size, vms, writable */
#define QUEUE_BYTES     24      /* sender, receiver, msg_size, depth, intids */

#define HYP_CONFIG_MAGIC 0x47464348

/* Print "label 0x<value>" for the 64-bit field at [base, #off]. Clobbers x0-x9, x20. */
.macro show64 label, base, off
	ldr	x20, [\base, #\off]
	print_val "\label ", x20
.endm

.macro show32 label, base, off
	ldr	w20, [\base, #\off]
	print_val "\label ", x20
.endm

	start_el2 vectors_el2, vectors_el1      /* keeps X0 */
	mov	x19, x0

	/* X0: the configuration, on the first page after the image. */
	la	x20, __image_end
	add	x20, x20, #4095
	and	x20, x20, #~4095
	cmp	x19, x20
	b.eq	1f
	fail	2, "X0 is not the first page after the image"
1:	ldr	w20, [x19, #CFG_MAGIC]
	check	x20, HYP_CONFIG_MAGIC, 3, "magic"
	ldr	w20, [x19, #CFG_VERSION]
	check	x20, 2, 4, "version"
	ldr	w20, [x19, #CFG_SIZE]
	check	x20, CFG_BYTES, 5, "size"

	show32	ncores, x19, CFG_NCORES
	show32	scheduler, x19, CFG_SCHEDULER
	show32	timeslice_us, x19, CFG_TIMESLICE
	show64	hyp_base, x19, CFG_HYP_BASE
	show64	hyp_size, x19, CFG_HYP_SIZE
	show64	uart_base, x19, CFG_UART
	show64	trace_port, x19, CFG_TRACE_PORT

	/* VMs: x21 left, x22 the VM. */
	show32	nvms, x19, CFG_NVMS
	ldr	w21, [x19, #CFG_NVMS]
	add	x22, x19, #CFG_VM
vm_next:
	cbz	x21, vms_done
	print	"vm "
	mov	x1, x22
	bl	puts_line
	show64	mem_base, x22, VM_MEM_BASE
	show64	mem_size, x22, VM_MEM_SIZE
	show64	entry, x22, VM_ENTRY
	ldr	x20, [x22, #VM_ENTRY]
	ldr	w20, [x20]
	print_val "entry_word ", x20
	show64	dtb, x22, VM_DTB
	ldr	x20, [x22, #VM_DTB]
	cbz	x20, 1f
	ldr	w20, [x20]
	rev	w20, w20
	print_val "dtb_magic ", x20
1:	show32	nvcpus, x22, VM_NVCPUS
	show32	priority, x22, VM_PRIORITY
	show64	budget_ns, x22, VM_BUDGET
	show64	period_ns, x22, VM_PERIOD
	/* vCPUs: x23 left, x24 the vCPU. */
	ldr	w23, [x22, #VM_NVCPUS]
	add	x24, x22, #VM_VCPU
2:	cbz	x23, 3f
	show32	affinity, x24, 0
	add	x24, x24, #8
	sub	x23, x23, #1
	b	2b
3:	show32	ndevices, x22, VM_NDEVICES
	ldr	w23, [x22, #VM_NDEVICES]
	add	x24, x22, #VM_DEVICE
4:	cbz	x23, 5f
	show64	device_base, x24, 0
	show64	device_size, x24, 8
	show64	device_ipa, x24, 16
	show64	device_dma_window, x24, 24
	show32	device_intid, x24, 32
	show32	device_vintid, x24, 36
	show32	device_mode, x24, 40
	add	x24, x24, #48
	sub	x23, x23, #1
	b	4b
5:	add	x22, x22, #VM_BYTES
	sub	x21, x21, #1
	b	vm_next
vms_done:

	show32	nshm, x19, CFG_NSHM
	ldr	w21, [x19, #CFG_NSHM]
	mov	x22, #CFG_SHM		/* beyond an ADD immediate */
	add	x22, x19, x22
1:	cbz	x21, 2f
	show64	shm_base, x22, 0
	show64	shm_size, x22, 8
	show32	shm_vms, x22, 16
	show32	shm_writable, x22, 20
	add	x22, x22, #SHM_BYTES
	sub	x21, x21, #1
	b	1b
2:	show32	nqueues, x19, CFG_NQUEUES
	ldr	w21, [x19, #CFG_NQUEUES]
	mov	x22, #CFG_QUEUE
	add	x22, x19, x22
1:	cbz	x21, 2f
	show32	queue_sender, x22, 0
	show32	queue_receiver, x22, 4
	show32	queue_msg_size, x22, 8
	show32	queue_depth, x22, 12
	show32	queue_not_empty_intid, x22, 16
	show32	queue_not_full_intid, x22, 20
	add	x22, x22, #QUEUE_BYTES
	sub	x21, x21, #1
	b	1b
2:
	/* A guest's semihosting call: UNDEFINED at EL1, reported by el1_sync. */
	eret_to	2, guest, (PSR_DAIF | PSR_M_EL1h)
guest:
	la	x1, guest_exit_block
	mov	w0, #SYS_EXIT
	hlt	#0xf000
	fail	6, "a guest's HLT #0xF000 returned"

/* EL1: whatever was taken, hand its syndrome to EL2. */
el1_sync:
	mrs	x20, esr_el1
	hvc	#0

/* EL2: the guest's HVC, with the syndrome EL1 took. */
el2_sync:
	mrs	x21, esr_el2
	check	x21, ESR(EC_HVC64, 0), 7, "ESR_EL2 (the guest's HVC)"
	check	x20, ESR(EC_UNKNOWN, 0), 8, "ESR_EL1 of a guest's HLT #0xF000"
	la	x1, guest_refused
	bl	puts_line
	pass

/* Print the string at x1 and a newline. Clobbers x0, x1. */
puts_line:
	mov	w0, #SYS_WRITE0
	hlt	#0xf000
	la	x1, newline
	mov	w0, #SYS_WRITE0
	hlt	#0xf000
	ret

	vector_table vectors_el2, 2, el2_sync
	vector_table vectors_el1, 1, el1_sync

	.section .rodata
newline:
	.asciz	"\n"
guest_refused:
	.asciz	"guest HLT #0xf000: undefined"

	.data
	.balign	8
guest_exit_block:
	.quad	ADP_Stopped_ApplicationExit, 7
