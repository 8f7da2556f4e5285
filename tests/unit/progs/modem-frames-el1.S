/*
 * modem-frames-el1: baseband software handling eight modem frames, as
 * docs/modem.md tells it to, and checking what the modem gives it.
 *
 * Run with modem.deadline_us=500 and modem.seed=SEED (below), the modem's
 * interrupt routed to the core's IRQ input by the host (test_modem.c stands
 * in for the interrupt controller). At EL1 with DAIF masked, the program
 * waits for each frame with WFI (a masked IRQ still wakes it) and reads
 * FC_IRQ_STATUS. For every frame: FC_FRAME = the previous one + 1; the
 * payload at MODEM_FRAME_ADDR (= its slot of a 4-slot ring) is the
 * documented SplitMix64 sequence; its CRC-32 (computed with CRC32X) equals
 * MODEM_FRAME_CRC. Then it acknowledges FC_IRQ_FRAME, puts the first 64
 * bytes of the payload in the uplink buffer with their CRC-32, and rings
 * the doorbell with the frame number. Frames, counted from the first one
 * (n0):
 *
 *   0-3  done at once                                   met
 *   4    doorbell after waiting 600 us (CNTPCT)         missed (late)
 *   5    no doorbell                                    missed (never)
 *   6    doorbell naming frame 5 first (refused), then 6  met
 *   7    uplink CRC wrong                               met, uplink refused
 *
 * then disables the modem and checks the counters: 8 frames, 6 met, 2
 * missed, no overrun, 1 doorbell error, 1 uplink error, the largest
 * latency over 500 us. Exit 0 when everything held.
 *
 * VALUE[0] = n0.
 */
#include "../../target/harness.h"
#include "report.h"
#include "../../../devices/modem.h"

#define MODEM           0x0c000000      /* PLAT_MODEM_BASE (sim/platform.h) */
#define SEED            0x0123456789abcdef
#define RING            (SCRATCH_BASE + 0x10000)
#define SLOTS           4
#define UPLINK          (SCRATCH_BASE + 0x20000)
#define UPLINK_LEN      64

/* Fail with code unless \a == \b (registers). Clobbers x0-x3. */
.macro check_eq a, b, code, what
	cmp	\a, \b
	b.eq	.Lok\@
	mov	x2, \a
	mov	x3, \b
	.pushsection .rodata, "a"
.Lmsg\@:
	.asciz	"\what"
	.popsection
	mov	x0, #\code
	la	x1, .Lmsg\@
	b	harness_fail
.Lok\@:
.endm

/* w0 = modem register \reg. */
.macro modem_rd reg
	ldr	w0, [x20, #\reg]
.endm

/* modem register \reg = \wval (a w register). */
.macro modem_wr reg, wval
	str	\wval, [x20, #\reg]
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	el1_init vectors
	report_clear
	li	x20, MODEM
	modem_rd FC_ID
	check	x0, MODEM_ID, 2, "FC_ID"
	modem_rd MODEM_PAYLOAD_BYTES
	mov	x22, x0
	check	x22, 1024, 3, "MODEM_PAYLOAD_BYTES"
	modem_rd MODEM_DEADLINE_US
	check	x0, 500, 4, "MODEM_DEADLINE_US"
	ldr	x25, [x20, #MODEM_SEED_LO]	/* the two halves of SEED */
	check	x25, SEED, 5, "MODEM_SEED"

	li	x21, RING
	str	x21, [x20, #MODEM_RING_BASE_LO]
	mov	x0, #SLOTS
	mul	x0, x0, x22
	modem_wr MODEM_RING_SIZE, w0
	li	x0, UPLINK
	str	x0, [x20, #MODEM_UL_BASE_LO]
	mov	w0, #FC_IRQ_FRAME
	modem_wr FC_IRQ_ENABLE, w0
	mov	w0, #FC_CTRL_EN
	modem_wr FC_CTRL, w0
	modem_rd FC_STATUS
	check	x0, FC_STATUS_ENABLED, 6, "FC_STATUS after enabling"

	mov	x24, #0				/* k: frames handled */
frame:
	bl	wait_frame			/* x19 = frame number */
	cbnz	x24, 1f
	mov	x23, x19			/* n0 */
	report_value 0, x23
1:	add	x0, x23, x24
	check_eq x19, x0, 7, "FC_FRAME: consecutive frames"
	bl	verify_payload
	mov	w0, #FC_IRQ_FRAME
	modem_wr FC_IRQ_STATUS, w0
	bl	fill_uplink

	cmp	x24, #4
	b.ne	1f
	bl	wait_600us			/* frame 4: late */
1:	cmp	x24, #5
	b.eq	next				/* frame 5: never */
	cmp	x24, #6
	b.ne	1f
	sub	w0, w19, #1			/* frame 6: a doorbell for 5 first */
	modem_wr MODEM_DOORBELL, w0
1:	cmp	x24, #7
	b.ne	1f
	modem_rd MODEM_UL_CRC			/* frame 7: a corrupt uplink */
	eor	w0, w0, #1
	modem_wr MODEM_UL_CRC, w0
1:	modem_wr MODEM_DOORBELL, w19
next:
	add	x24, x24, #1
	cmp	x24, #8
	b.lo	frame

	modem_wr FC_CTRL, wzr
	modem_rd FC_STATUS
	check	x0, 0, 8, "FC_STATUS after disabling"
	modem_rd FC_FRAMES
	check	x0, 8, 9, "FC_FRAMES"
	modem_rd FC_MET
	check	x0, 6, 10, "FC_MET"
	modem_rd FC_MISSED
	check	x0, 2, 11, "FC_MISSED"
	modem_rd FC_OVERRUNS
	check	x0, 0, 12, "FC_OVERRUNS"
	modem_rd MODEM_DOORBELL_ERRORS
	check	x0, 1, 13, "MODEM_DOORBELL_ERRORS"
	modem_rd MODEM_UL_ERRORS
	check	x0, 1, 14, "MODEM_UL_ERRORS"
	modem_rd FC_IRQ_STATUS
	check	x0, MODEM_IRQ_UPLINK, 15, "FC_IRQ_STATUS: the uplink event"
	li	x1, 500 * 1000
	modem_rd FC_MAX_LATENCY
	cmp	x0, x1
	b.hi	1f
	fail	16, "FC_MAX_LATENCY over 500 us (the late frame)"
1:	modem_rd FC_LAST_LATENCY
	cmp	x0, x1
	b.lo	1f
	fail	17, "FC_LAST_LATENCY under 500 us (frame 7 was met)"
1:	pass

/* Waits for FC_IRQ_FRAME; x19 = FC_FRAME. Clobbers x0. */
wait_frame:
	modem_rd FC_IRQ_STATUS
	tbnz	w0, #0, 1f			/* FC_IRQ_FRAME */
	wfi
	b	wait_frame
1:	check	x0, FC_IRQ_FRAME, 20, "FC_IRQ_STATUS: a frame, no overrun"
	modem_rd FC_FRAME
	mov	x19, x0
	ret

/*
 * The payload of frame x19 at its slot: word k is SplitMix64 output number
 * x19 * W + k, W = PAYLOAD_BYTES / 8 (docs/modem.md); its CRC-32 is
 * MODEM_FRAME_CRC. Clobbers x0-x12.
 */
verify_payload:
	and	x0, x19, #(SLOTS - 1)
	madd	x8, x0, x22, x21		/* the slot */
	ldr	x0, [x20, #MODEM_FRAME_ADDR_LO]
	check_eq x0, x8, 21, "MODEM_FRAME_ADDR: slot n mod 4"
	li	x9, MODEM_GOLDEN_GAMMA
	li	x10, MODEM_MIX1
	li	x11, MODEM_MIX2
	lsr	x7, x22, #3			/* W */
	mul	x4, x19, x7
	add	x4, x4, #1
	madd	x5, x4, x9, x25			/* state of output x19 * W */
	mov	w6, #-1				/* CRC */
1:	eor	x4, x5, x5, lsr #30
	mul	x4, x4, x10
	eor	x4, x4, x4, lsr #27
	mul	x4, x4, x11
	eor	x4, x4, x4, lsr #31
	ldr	x12, [x8], #8
	check_eq x12, x4, 22, "payload word (got = RAM, expected = SplitMix64)"
	crc32x	w6, w6, x12
	add	x5, x5, x9
	subs	x7, x7, #1
	b.ne	1b
	mvn	w6, w6
	modem_rd MODEM_FRAME_CRC
	check_eq x0, x6, 23, "MODEM_FRAME_CRC (expected = CRC32X)"
	ret

/* The uplink: the payload's first 64 bytes, their CRC-32 in MODEM_UL_CRC. */
fill_uplink:
	ldr	x1, [x20, #MODEM_FRAME_ADDR_LO]
	li	x2, UPLINK
	mov	x3, #(UPLINK_LEN / 8)
	mov	w6, #-1
1:	ldr	x4, [x1], #8
	str	x4, [x2], #8
	crc32x	w6, w6, x4
	subs	x3, x3, #1
	b.ne	1b
	mvn	w6, w6
	modem_wr MODEM_UL_CRC, w6
	mov	w0, #UPLINK_LEN
	modem_wr MODEM_UL_LEN, w0
	ret

/* Spins until CNTPCT_EL0 has advanced by 600 us. Clobbers x0-x2. */
wait_600us:
	mrs	x1, cntfrq_el0
	mov	x2, #600
	mul	x1, x1, x2
	li	x2, 1000000
	udiv	x1, x1, x2
	mrs	x0, cntpct_el0
	add	x1, x1, x0
1:	mrs	x0, cntpct_el0
	cmp	x0, x1
	b.lo	1b
	ret

el1_handler:
	unexpected_exception 1, 30

	.ltorg
	vector_table vectors, 1, el1_handler
