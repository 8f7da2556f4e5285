/*
 * baseband.h - the baseband application on the RTOS: the modem driver
 * (modem.c), the frame chain of physical-layer tasks (phy.c), the control
 * plane to the application VMs (link.c, net.c, and natively peer.c), the
 * start-up self-tests (selftest.c) and the report (main.c).
 *
 * The run is duration / the modem's period frames when the device tree
 * gives a duration (/chosen phonesim,duration-us: `phonesim run
 * --duration`), at least one; nothing per frame is kept, so any number
 * fits (4000 s of 125 us frames is 32 million).
 *
 * Build-time parameters (make RTOS_CFLAGS="-DRTOS_FRAMES=N -DRTOS_BLOCK_DIV=D"):
 *   RTOS_FRAMES     frames to process before reporting when the tree gives
 *                   no duration (default 100)
 *   RTOS_BLOCK_DIV  the transport block that goes through the whole chain
 *                   (encoder, OFDM, Viterbi) is payload_bytes / RTOS_BLOCK_DIV
 *                   bytes (default 16: 512 bits of the default 1024-byte
 *                   payload, 38% of a LITTLE core); the CRC always covers
 *                   the whole payload. The work per frame therefore scales
 *                   with modem.payload_bytes and inversely with this.
 */
#ifndef BASEBAND_H
#define BASEBAND_H

#include <stdint.h>

#include "net.h"
#include "rtos.h"
#include "kernels/fft.h"
#include "kernels/viterbi.h"

#ifndef RTOS_FRAMES
#define RTOS_FRAMES     100
#endif
#ifndef RTOS_BLOCK_DIV
#define RTOS_BLOCK_DIV  16
#endif

#define WORKLOAD        "rtos"
#define TB_MAX_BYTES    2048            /* transport block: at most 16384 bits */
#define TB_MAX_BITS     (TB_MAX_BYTES * 8)
#define NJOBS           3               /* frames in flight in the chain */
#define MAX_PEERS       2

/* Task priorities: the chain's later stages first, so that the oldest frame finishes first. */
enum {
	PRIO_UL = 1, PRIO_FEC, PRIO_FFT, PRIO_CRC, PRIO_NET, PRIO_PEER, PRIO_MAIN,
};

/* One frame on its way through the chain. */
struct job {
	uint32_t frame, frame_crc;
	const uint8_t *payload;
	uint32_t crc_ok, fec_ok;
	uint32_t tb_crc;                /* CRC-32 of the decoded block */
	uint8_t tb[TB_MAX_BYTES];       /* the block, from the payload */
	uint8_t decoded[TB_MAX_BYTES];
	uint8_t coded[VIT_CODED(TB_MAX_BITS)];
	int8_t soft[VIT_CODED(TB_MAX_BITS)];
};

/* What the run measured; printed by main.c. */
struct bb_stats {
	uint64_t seen, dropped, abandoned, met, late, finished;
	uint64_t crc_errors, fec_errors, fft_bit_errors, injected;
	uint64_t lat_sum, lat_max;
	uint64_t fft_checksum, vit_checksum;
	uint64_t modem_errors;
	uint64_t pkts_up, pkts_unsent, pkts_down, acks_down, acks_in, pkt_errors, down_dropped, tx_timeouts;
	uint64_t busy_waits, peers;
};
extern struct bb_stats bb;

/* modem.c */
void modem_init(void);
void modem_enable(void);
uint32_t modem_payload_bytes(void);
uint32_t modem_reg(unsigned off);
bool modem_frame_open(uint32_t frame);
/* Rings the doorbell of FRAME with the uplink UL[LEN]; returns the latency (ns). */
uint32_t modem_finish(uint32_t frame, const void *ul, uint32_t len);
void modem_stop(void);
uint32_t modem_deadline_ns(void);
/* The load: busy time between two frame interrupts, basis points (mean and max are over every interval). */
struct wl_summary modem_load(void);
extern struct rtos_queue job_free, job_crc;

/* phy.c: the chain stops the modem and gives run_done when FRAMES frames are finished. */
void phy_init(uint64_t frames);
size_t phy_tb_bytes(void);
extern struct rtos_sem run_done;

/* link.c: the packet transport, hypervisor queues or (natively) local mailboxes */
unsigned link_init(void);               /* returns the number of peers */
int64_t link_send_down(unsigned peer, const struct net_packet *p);
int64_t link_recv_up(unsigned peer, struct net_packet *p, uint64_t *len);
int64_t link_peer_recv_down(struct net_packet *p, uint64_t *len);      /* native stand-in peer's ends */
int64_t link_peer_send_up(const struct net_packet *p);
extern struct rtos_sem link_up_ready, link_down_room[MAX_PEERS];
extern struct rtos_sem link_peer_down_ready, link_peer_up_room;

/* net.c */
void net_init(unsigned peers);
void net_send_data(const uint8_t *data, size_t len, uint32_t seq);   /* to every peer, never blocks */
/* Takes up to MAX uplink packets for the frame's uplink; returns how many. */
unsigned net_take_uplink(struct net_packet *pkts, unsigned max);
unsigned net_flush_uplink(void);        /* at the end: drops what no frame will carry */
bool net_packet_valid(const struct net_packet *p, uint64_t len);
void net_packet_seal(struct net_packet *p, uint16_t type, uint32_t seq, size_t len);

/* peer.c */
void peer_start(void);
void peer_stop(void);
extern uint64_t peer_bad_sent;

/* selftest.c */
void selftest_run(void);

#endif
