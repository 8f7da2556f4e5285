/*
 * modem.h - the baseband modem's registers (docs/modem.md is the contract).
 *
 * The modem follows the radio's frame clock (LTE subframes: 1 ms by
 * default). At the start of every frame it writes the frame's downlink
 * payload into a ring in guest RAM, raises its interrupt, and gives the
 * baseband software until the frame's deadline to ring the doorbell with
 * the frame's number, after filling the uplink buffer. Offsets 0x00-0x3F
 * are the frame block every real-time peripheral shares (frame_clock.h).
 *
 * Plain numbers only, so that target programs can include it. Not here:
 * the radio itself (the payload is a documented pseudo-random sequence).
 */
#ifndef PHONESIM_MODEM_H
#define PHONESIM_MODEM_H

#include "frame_clock.h"

#define MODEM_ID                0x4d444f4d      /* "MODM" in memory order */

#define MODEM_RING_BASE_LO      0x40    /* RW, locked while enabled */
#define MODEM_RING_BASE_HI      0x44
#define MODEM_RING_SIZE         0x48    /* RW, locked while enabled: bytes */
#define MODEM_PAYLOAD_BYTES     0x4c    /* RO: bytes of downlink per frame */
#define MODEM_FRAME_ADDR_LO     0x50    /* RO: where the last frame's payload went */
#define MODEM_FRAME_ADDR_HI     0x54
#define MODEM_FRAME_CRC         0x58    /* RO: CRC-32 of the last frame's payload */
#define MODEM_DOORBELL          0x5c    /* WO (reads 0): the number of the frame done */
#define MODEM_UL_BASE_LO        0x60    /* RW: uplink buffer of the frame being done */
#define MODEM_UL_BASE_HI        0x64
#define MODEM_UL_LEN            0x68    /* RW: bytes, 0 for no uplink, at most 64 KiB */
#define MODEM_UL_CRC            0x6c    /* RW: CRC-32 the software computed over it */
#define MODEM_UL_ERRORS         0x70    /* RO: doorbells whose uplink was refused */
#define MODEM_DOORBELL_ERRORS   0x74    /* RO: doorbells that named no open frame */
#define MODEM_PERIOD_US         0x78    /* RO: modem.period_us */
#define MODEM_DEADLINE_US       0x7c    /* RO: modem.deadline_us */
#define MODEM_SEED_LO           0x80    /* RO: modem.seed */
#define MODEM_SEED_HI           0x84
#define MODEM_START_US          0x88    /* RO: modem.start_us (frame 0 starts then) */

#define MODEM_IRQ_UPLINK        FC_IRQ_DEVICE   /* an uplink failed its CRC check */

/* FC_ERROR codes. */
#define MODEM_ERR_RING_LAYOUT   1       /* base not 64-byte aligned, size not n * PAYLOAD_BYTES */
#define MODEM_ERR_RING_RANGE    2       /* ring not wholly in RAM */
#define MODEM_ERR_UL_RANGE      3       /* uplink longer than 64 KiB or not wholly in RAM */

#define MODEM_RING_ALIGN        64
#define MODEM_UL_MAX            65536

/* The payload generator (SplitMix64) and its constants. */
#define MODEM_GOLDEN_GAMMA      0x9e3779b97f4a7c15
#define MODEM_MIX1              0xbf58476d1ce4e5b9
#define MODEM_MIX2              0x94d049bb133111eb

#endif
