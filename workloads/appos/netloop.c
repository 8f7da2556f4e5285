/*
 * netloop.c - the loopback peer: natively (and in a VM given no queues)
 * there is no baseband VM, so the stack hands its uplink packets here,
 * and this answers as the baseband does (workloads/lib/net.h): it checks
 * each packet (magic, length, CRC-32), answers it with a NET_ACK of the
 * same seq, and every DOWNLINK_EVERY packets sends a NET_DATA of its own,
 * built from downlink payload (here a pseudo-random stream, as the
 * modem's is). The work per packet is the baseband's, so native and
 * virtualized runs compare; what differs is the transport.
 */
#include "kernel.h"

#define DOWNLINK_EVERY  4
#define DOWNLINK_BYTES  128

static struct net_packet answer;
static uint32_t downlink_seq, lfsr = 0xace1u;
uint64_t netloop_bad;

static void downlink_payload(uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		lfsr = lfsr >> 1 ^ (-(lfsr & 1u) & 0xb400u);    /* 16-bit Galois LFSR */
		p[i] = (uint8_t)lfsr;
	}
}

bool netloop_send(const struct net_packet *p)
{
	bool downlink = p->seq % DOWNLINK_EVERY == DOWNLINK_EVERY - 1;

	if (!net_rx_room(1 + downlink))
		return false;   /* the peer's queue is full: back-pressure */
	if (!net_valid(p) || p->type != NET_DATA) {
		netloop_bad++;
		return true;
	}
	net_seal(&answer, NET_ACK, p->seq, 0);
	net_deliver(&answer);
	if (downlink) {
		downlink_payload(answer.payload, DOWNLINK_BYTES);
		net_seal(&answer, NET_DATA, downlink_seq++, DOWNLINK_BYTES);
		net_deliver(&answer);
	}
	return true;
}
