/*
 * net.h - the packets the application VMs and the baseband VM exchange,
 * the contract between workloads/appos (the network app) and
 * workloads/rtos (its control-plane tasks).
 *
 * Transport: the hypervisor's message queues (hyp/abi.h HYP_MSGQ_SEND,
 * HYP_MSGQ_RECV), one pair per application VM, numbered by the order of
 * the --queue options. For peer p (0 for the first application VM, 1 for
 * the second):
 *
 *   queue 2p     baseband -> app p (downlink)  intids=NET_INTID(p, 0)/NET_INTID(p, 1)
 *   queue 2p+1   app p -> baseband (uplink)    intids=NET_INTID(p, 2)/NET_INTID(p, 3)
 *
 * each created with size=NET_MSG_BYTES and a depth of the scenario's
 * choosing. The baseband finds its peers by asking for queues until the
 * hypervisor answers HYP_INVALID. Natively there is no other VM: each
 * workload loops its packets back through a stand-in peer of its own,
 * doing the same work per packet, so native and virtualized runs compare.
 *
 * An app sends NET_DATA packets (uplink: they go out in the modem's uplink
 * of a coming frame); the baseband answers each with a NET_ACK carrying
 * the same seq, and sends NET_DATA of its own built from downlink payload.
 * Every packet's crc is the CRC-32 (wl_crc32) of its first len payload
 * bytes; a packet that fails it, or has a wrong magic or a len over
 * NET_MTU, is counted and dropped, as a network stack would.
 */
#ifndef WL_NET_H
#define WL_NET_H

#include <stdint.h>

#define NET_MAGIC       0x4e455450u     /* "PTEN" in memory order */
#define NET_MTU         240             /* payload bytes */
#define NET_MSG_BYTES   256             /* the header and the largest payload */

#define NET_DATA        1
#define NET_ACK         2

/* Virtual INTIDs of peer p's queues (k: 0 down not-empty, 1 down not-full, 2 up not-empty, 3 up not-full). */
#define NET_INTID(p, k) (64 + 4 * (p) + (k))
#define NET_QUEUE_DOWN(p)       (2 * (p))
#define NET_QUEUE_UP(p)         (2 * (p) + 1)

struct net_packet {
	uint32_t magic;
	uint16_t type;
	uint16_t len;
	uint32_t seq;
	uint32_t crc;
	uint8_t payload[NET_MTU];
};

_Static_assert(sizeof(struct net_packet) == NET_MSG_BYTES, "a packet is one queue message");

#endif
