/*
 * net.c - the network stack's lower half: packets (workloads/lib/net.h)
 * between the tasks and the baseband VM, over the hypervisor's message
 * queues, or natively (and in a VM given no queues) the loopback peer of
 * netloop.c. The stack seals what a task sends (magic, length, CRC-32)
 * and checks what arrives, dropping and counting bad packets, into a
 * receive ring that tasks read.
 *
 * Back-pressure both ways: a send to a full uplink queue (HYP_BUSY)
 * blocks the task, holding its packet, until the queue's NOT_FULL
 * interrupt; while the ring is full the downlink queue is left to fill,
 * so the baseband sees HYP_BUSY in turn, and is drained again as tasks
 * read. Every wait has a deadline: a peer that stops answering is a
 * timeout, not a hang.
 *
 * Peer discovery: for p = 0, 1, ..., a receive on downlink queue 2p
 * answers HYP_INVALID once past the last queue, HYP_DENIED on another
 * application VM's queue, HYP_OK or HYP_BUSY on ours.
 */
#include "kernel.h"

#define RX_RING         16
#define HEADER_BYTES    16              /* struct net_packet up to payload */
#define TX_TIMEOUT_HZ   10              /* 100 ms */
#define MAX_PEERS       8

static int peer = -1;                   /* our p, or -1: the loopback peer */
static struct net_packet ring[RX_RING], msg;
static unsigned ring_head, ring_count;
static struct appos_net_stats stats;
static const char rx_channel, tx_channel;

void net_seal(struct net_packet *p, uint16_t type, uint32_t seq, uint16_t len)
{
	p->magic = NET_MAGIC;
	p->type = type;
	p->len = len;
	p->seq = seq;
	p->crc = wl_crc32(0, p->payload, len);
}

bool net_valid(const struct net_packet *p)
{
	return p->magic == NET_MAGIC && p->len <= NET_MTU &&
	       p->crc == wl_crc32(0, p->payload, p->len);
}

bool net_rx_room(unsigned packets)
{
	return RX_RING - ring_count >= packets;
}

static void copy_out(uint64_t buf, const struct net_packet *p)
{
	memcpy((void *)buf, p, HEADER_BYTES + p->len);
}

/* False only when the ring is full: the packet stays with its sender. */
bool net_deliver(const struct net_packet *p)
{
	struct task *t;

	if (!net_valid(p)) {
		stats.dropped_bad++;
		return true;
	}
	if ((t = sched_waiter(&rx_channel))) {
		copy_out(t->io_buf, p);
		sched_wake_task(t, p->len, 0);
	} else if (ring_count < RX_RING) {
		ring[(ring_head + ring_count++) % RX_RING] = *p;
	} else {
		return false;
	}
	stats.received++;
	return true;
}

static int64_t hyp_recv(unsigned queue, struct net_packet *p)
{
	struct wl_hvc r = wl_hvc(HYP_MSGQ_RECV, queue, (uintptr_t)p, sizeof(*p));

	if (r.x0 == HYP_OK && (r.x1 < HEADER_BYTES || r.x1 < HEADER_BYTES + (uint64_t)p->len))
		p->magic = 0;   /* cut short: counted as bad */
	return r.x0;
}

/* Moves what the baseband sent into the ring, while it has room. */
static void drain(void)
{
	while (peer >= 0 && net_rx_room(1) && hyp_recv(NET_QUEUE_DOWN(peer), &msg) == HYP_OK)
		net_deliver(&msg);
}

static bool transmit(const struct net_packet *p)
{
	if (peer < 0)
		return netloop_send(p);
	return wl_hvc(HYP_MSGQ_SEND, NET_QUEUE_UP(peer), (uintptr_t)p,
		      HEADER_BYTES + p->len).x0 == HYP_OK;
}

/* Sends the packets back-pressure held, in task order, until one is refused again. */
static void retry_tx(void)
{
	for (struct task *t; (t = sched_waiter(&tx_channel));) {
		if (!transmit(&t->tx))
			return;
		stats.sent++;
		sched_wake_task(t, 0, 0);
	}
}

static void rx_irq(unsigned intid)
{
	(void)intid;
	drain();
}

static void tx_room_irq(unsigned intid)
{
	(void)intid;
	retry_tx();
}

void net_init(void)
{
	if (!wl_virtualized())
		return;
	for (unsigned p = 0; p < MAX_PEERS && peer < 0; p++) {
		int64_t r = hyp_recv(NET_QUEUE_DOWN(p), &msg);

		if (r == HYP_INVALID)
			break;
		if (r == HYP_DENIED)
			continue;
		peer = (int)p;
		if (r == HYP_OK)
			net_deliver(&msg);
	}
	if (peer >= 0) {
		irq_register(NET_INTID(peer, 0), rx_irq);
		irq_register(NET_INTID(peer, 3), tx_room_irq);
	}
}

static int64_t send(struct task *t, const struct trap_frame *f)
{
	uint64_t type = f->x[0], seq = f->x[1], payload = f->x[2], len = f->x[3];

	if (type != NET_DATA || len > NET_MTU)
		return -APPOS_EINVAL;
	if (!user_can_read(t, payload, len))
		return -APPOS_EFAULT;
	memcpy(t->tx.payload, (const void *)payload, len);
	net_seal(&t->tx, NET_DATA, (uint32_t)seq, (uint16_t)len);
	if (!sched_waiter(&tx_channel) && transmit(&t->tx)) {
		stats.sent++;
		return 0;
	}
	stats.tx_busy++;
	sched_block(&tx_channel, wl_counter() + wl_counter_hz() / TX_TIMEOUT_HZ);
	return 0;
}

static int64_t recv(struct task *t, const struct trap_frame *f)
{
	uint64_t buf = f->x[0], deadline = f->x[1];
	const struct net_packet *p;

	if (!user_can_write(t, buf, sizeof(struct net_packet)))
		return -APPOS_EFAULT;
	if (!ring_count) {
		if (deadline <= wl_counter())
			return -APPOS_ETIMEDOUT;
		t->io_buf = buf;
		sched_block(&rx_channel, deadline);
		return 0;
	}
	p = &ring[ring_head];
	copy_out(buf, p);
	ring_head = (ring_head + 1) % RX_RING;
	ring_count--;
	/* Room again: what waits upstream may come in. */
	drain();
	retry_tx();
	return ((const struct net_packet *)buf)->len;
}

void net_sys(struct task *t, struct trap_frame *f, unsigned nr)
{
	int64_t ret = 0;

	switch (nr) {
	case SYS_NET_INFO:
		ret = peer >= 0;
		break;
	case SYS_NET_SEND:
		ret = send(t, f);
		break;
	case SYS_NET_RECV:
		ret = recv(t, f);
		break;
	case SYS_NET_STATS:
		if (!user_can_write(t, f->x[0], sizeof(stats)))
			ret = -APPOS_EFAULT;
		else
			memcpy((void *)f->x[0], &stats, sizeof(stats));
		break;
	}
	f->x[0] = (uint64_t)ret;
}
