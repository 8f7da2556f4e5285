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
#include "frames.h"

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

	entry_point
	el1_init vectors
	report_clear
	li	x20, MODEM
	dev_rd	FC_ID
	check	x0, MODEM_ID, 2, "FC_ID"
	dev_rd	MODEM_PAYLOAD_BYTES
	mov	x22, x0
	check	x22, 1024, 3, "MODEM_PAYLOAD_BYTES"
	dev_rd	MODEM_DEADLINE_US
	check	x0, 500, 4, "MODEM_DEADLINE_US"
	ldr	x25, [x20, #MODEM_SEED_LO]	/* the two halves of SEED */
	check	x25, SEED, 5, "MODEM_SEED"

	li	x21, RING
	str	x21, [x20, #MODEM_RING_BASE_LO]
	mov	x0, #SLOTS
	mul	x0, x0, x22
	dev_wr	MODEM_RING_SIZE, w0
	li	x0, UPLINK
	str	x0, [x20, #MODEM_UL_BASE_LO]
	fc_enable 6

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
	dev_wr	FC_IRQ_STATUS, w0
	bl	fill_uplink

	cmp	x24, #4
	b.ne	1f
	spin_us	600				/* frame 4: late */
1:	cmp	x24, #5
	b.eq	next				/* frame 5: never */
	cmp	x24, #6
	b.ne	1f
	sub	w0, w19, #1			/* frame 6: a doorbell for 5 first */
	dev_wr	MODEM_DOORBELL, w0
1:	cmp	x24, #7
	b.ne	1f
	dev_rd	MODEM_UL_CRC			/* frame 7: a corrupt uplink */
	eor	w0, w0, #1
	dev_wr	MODEM_UL_CRC, w0
1:	dev_wr	MODEM_DOORBELL, w19
next:
	add	x24, x24, #1
	cmp	x24, #8
	b.lo	frame

	fc_disable_and_count 8, 6, 2, 0, 8
	dev_rd	MODEM_DOORBELL_ERRORS
	check	x0, 1, 13, "MODEM_DOORBELL_ERRORS"
	dev_rd	MODEM_UL_ERRORS
	check	x0, 1, 14, "MODEM_UL_ERRORS"
	dev_rd	FC_IRQ_STATUS
	check	x0, MODEM_IRQ_UPLINK, 15, "FC_IRQ_STATUS: the uplink event"
	li	x1, 500 * 1000
	dev_rd	FC_MAX_LATENCY
	cmp	x0, x1
	b.hi	1f
	fail	16, "FC_MAX_LATENCY over 500 us (the late frame)"
1:	dev_rd	FC_LAST_LATENCY
	cmp	x0, x1
	b.lo	1f
	fail	17, "FC_LAST_LATENCY under 500 us (frame 7 was met)"
1:	pass

/* Waits for FC_IRQ_FRAME; x19 = FC_FRAME. Clobbers x0. */
wait_frame:
	fc_wait_frame 20, "FC_IRQ_STATUS: a frame, no overrun"
	dev_rd	FC_FRAME
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
	dev_rd	MODEM_FRAME_CRC
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
	dev_wr	MODEM_UL_CRC, w6
	mov	w0, #UPLINK_LEN
	dev_wr	MODEM_UL_LEN, w0
	ret

el1_handler:
	unexpected_exception 1, 30

	.ltorg
	vector_table vectors, 1, el1_handler
