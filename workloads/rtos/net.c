/*
 * net.c - the control plane: the tasks that exchange packets (net.h) with
 * the application VMs.
 *
 *   net-rx  drains every peer's uplink queue (waiting on its not-empty
 *           interrupt when all are empty), drops and counts bad packets,
 *           acknowledges each NET_DATA and keeps it for a coming frame's
 *           uplink. When that pool is full it stops receiving, which
 *           leaves the packets in the hypervisor's queue: the app sees
 *           HYP_BUSY, back-pressure all the way to the sender.
 *   net-tx  sends the downlink: the ACKs, and a NET_DATA per frame built
 *           from the decoded block. On HYP_BUSY (a slow peer) it waits
 *           for the queue's not-full interrupt, at most TX_WAIT_US; then
 *           the packet is dropped and counted. The frame chain never
 *           waits for it: a full send queue drops its packet (counted).
 */
#include "baseband.h"
#include "wl.h"

#define TX_DEPTH        16
#define UL_POOL_DEPTH   8
#define TX_WAIT_US      2000
#define NET_HEADER      offsetof(struct net_packet, payload)

struct tx_item {
	uint64_t peer;
	struct net_packet pkt;
};

static struct tx_item tx_slots[TX_DEPTH];
static struct net_packet ul_slots[UL_POOL_DEPTH];
static struct rtos_queue txq, ul_pool;
static struct rtos_task rx_task, tx_task;
static uint8_t stacks[2][4096] __attribute__((aligned(16)));
static unsigned npeers;

bool net_packet_valid(const struct net_packet *p, uint64_t len)
{
	return len >= NET_HEADER && p->magic == NET_MAGIC && p->len <= NET_MTU &&
	       NET_HEADER + p->len <= len && (p->type == NET_DATA || p->type == NET_ACK) &&
	       p->crc == wl_crc32(0, p->payload, p->len);
}

void net_packet_seal(struct net_packet *p, uint16_t type, uint32_t seq, size_t len)
{
	p->magic = NET_MAGIC;
	p->type = type;
	p->len = (uint16_t)len;
	p->seq = seq;
	p->crc = wl_crc32(0, p->payload, len);
}

void net_send_data(const uint8_t *data, size_t len, uint32_t seq)
{
	static struct tx_item item;

	if (len > NET_MTU)
		len = NET_MTU;
	memcpy(item.pkt.payload, data, len);
	net_packet_seal(&item.pkt, NET_DATA, seq, len);
	for (unsigned p = 0; p < npeers; p++) {
		item.peer = p;
		if (rtos_queue_send(&txq, &item, 0) != RTOS_OK)
			bb.down_dropped++;
	}
}

unsigned net_take_uplink(struct net_packet *pkts, unsigned max)
{
	unsigned n = 0;

	while (n < max && rtos_queue_recv(&ul_pool, &pkts[n], 0) == RTOS_OK)
		n++;
	return n;
}

unsigned net_flush_uplink(void)
{
	static struct net_packet p;
	unsigned n = 0;

	while (rtos_queue_recv(&ul_pool, &p, 0) == RTOS_OK)
		n++;
	return n;
}

static void handle_uplink(unsigned peer, const struct net_packet *p, uint64_t len)
{
	static struct tx_item ack;

	if (!net_packet_valid(p, len)) {
		bb.pkt_errors++;
		return;
	}
	if (p->type == NET_ACK) {
		bb.acks_in++;
		return;
	}
	rtos_queue_send(&ul_pool, p, RTOS_FOREVER);
	ack.peer = peer;
	net_packet_seal(&ack.pkt, NET_ACK, p->seq, 0);
	rtos_queue_send(&txq, &ack, RTOS_FOREVER);
}

static void rx_loop(void *unused)
{
	static struct net_packet pkt;

	(void)unused;
	for (;;) {
		bool got = false;

		for (unsigned p = 0; p < npeers; p++) {
			uint64_t len;
			int64_t r = link_recv_up(p, &pkt, &len);

			if (r == HYP_OK) {
				got = true;
				handle_uplink(p, &pkt, len);
			} else if (r != HYP_BUSY) {
				bb.pkt_errors++;
			}
		}
		/* Every queue was empty: its next message raises not-empty. */
		if (!got)
			rtos_sem_take(&link_up_ready, RTOS_FOREVER);
	}
}

static void tx_loop(void *unused)
{
	static struct tx_item item;
	uint64_t wait = TX_WAIT_US * wl_counter_hz() / 1000000;

	(void)unused;
	for (;;) {
		rtos_queue_recv(&txq, &item, RTOS_FOREVER);
		for (;;) {
			int64_t r = link_send_down((unsigned)item.peer, &item.pkt);

			if (r == HYP_OK) {
				if (item.pkt.type == NET_DATA)
					bb.pkts_down++;
				else
					bb.acks_down++;
				break;
			}
			if (r != HYP_BUSY) {
				bb.pkt_errors++;
				break;
			}
			bb.busy_waits++;
			if (rtos_sem_take(&link_down_room[item.peer], wait) != RTOS_OK) {
				bb.tx_timeouts++;
				break;
			}
		}
	}
}

void net_init(unsigned peers)
{
	npeers = peers;
	bb.peers = peers;
	rtos_queue_init(&txq, tx_slots, sizeof(tx_slots[0]), TX_DEPTH);
	rtos_queue_init(&ul_pool, ul_slots, sizeof(ul_slots[0]), UL_POOL_DEPTH);
	if (!peers)
		return;
	rtos_task_create(&rx_task, "net-rx", PRIO_NET, rx_loop, NULL, stacks[0], sizeof(stacks[0]));
	rtos_task_create(&tx_task, "net-tx", PRIO_NET, tx_loop, NULL, stacks[1], sizeof(stacks[1]));
}
