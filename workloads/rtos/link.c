/*
 * link.c - the packet transport to the application VMs (workloads/lib/net.h).
 * In a VM: the hypervisor's message queues; peers are found at start-up by
 * probing queue pairs until one does not exist (HYP_INVALID), without side
 * effects: a receive on a queue we send on, and an empty send on one we
 * receive on, both answer HYP_DENIED when the queue exists. Their
 * interrupts give semaphores: up-not-empty wakes the receiving task,
 * down-not-full the sending one.
 *
 * Natively there is no other VM: one pair of local mailboxes with the
 * hypervisor's semantics (the same depth limit, HYP_BUSY, and the same
 * signals on empty -> not empty and full -> not full) connects the
 * baseband to the stand-in peer (peer.c), so the control plane's code and
 * work are the same in both cases.
 */
#include "baseband.h"
#include "wl.h"

#define NATIVE_DEPTH    8
#define NET_HEADER      offsetof(struct net_packet, payload)

struct mbox {
	struct net_packet slot[NATIVE_DEPTH];
	uint64_t len[NATIVE_DEPTH];
	unsigned head, count;
	struct rtos_sem *not_empty, *not_full;
};

static struct mbox native_down, native_up;
struct rtos_sem link_up_ready, link_down_room[MAX_PEERS];
struct rtos_sem link_peer_down_ready, link_peer_up_room;

static int64_t mbox_send(struct mbox *m, const struct net_packet *p, uint64_t len)
{
	uint64_t daif = rtos_lock();
	int64_t r = HYP_BUSY;

	if (m->count < NATIVE_DEPTH) {
		unsigned i = (m->head + m->count) % NATIVE_DEPTH;

		memcpy(&m->slot[i], p, len);
		m->len[i] = len;
		if (m->count++ == 0)
			rtos_sem_give(m->not_empty);
		r = HYP_OK;
	}
	rtos_unlock(daif);
	return r;
}

static int64_t mbox_recv(struct mbox *m, struct net_packet *p, uint64_t *len)
{
	uint64_t daif = rtos_lock();
	int64_t r = HYP_BUSY;

	if (m->count) {
		*len = m->len[m->head];
		memcpy(p, &m->slot[m->head], *len);
		m->head = (m->head + 1) % NATIVE_DEPTH;
		if (m->count-- == NATIVE_DEPTH)
			rtos_sem_give(m->not_full);
		r = HYP_OK;
	}
	rtos_unlock(daif);
	return r;
}

static uint64_t packet_bytes(const struct net_packet *p)
{
	return NET_HEADER + p->len;
}

int64_t link_send_down(unsigned peer, const struct net_packet *p)
{
	if (!wl_virtualized())
		return mbox_send(&native_down, p, packet_bytes(p));
	return wl_hvc(HYP_MSGQ_SEND, NET_QUEUE_DOWN(peer), (uint64_t)p, packet_bytes(p)).x0;
}

int64_t link_recv_up(unsigned peer, struct net_packet *p, uint64_t *len)
{
	struct wl_hvc r;

	if (!wl_virtualized())
		return mbox_recv(&native_up, p, len);
	r = wl_hvc(HYP_MSGQ_RECV, NET_QUEUE_UP(peer), (uint64_t)p, sizeof(*p));
	*len = r.x1;
	return r.x0;
}

int64_t link_peer_recv_down(struct net_packet *p, uint64_t *len)
{
	return mbox_recv(&native_down, p, len);
}

int64_t link_peer_send_up(const struct net_packet *p)
{
	return mbox_send(&native_up, p, packet_bytes(p));
}

static void give_irq(void *sem)
{
	rtos_sem_give(sem);
}

unsigned link_init(void)
{
	static struct net_packet probe;
	unsigned p;

	rtos_sem_init(&link_up_ready, 0);
	rtos_sem_init(&link_peer_down_ready, 0);
	rtos_sem_init(&link_peer_up_room, 0);
	for (p = 0; p < MAX_PEERS; p++)
		rtos_sem_init(&link_down_room[p], 0);
	if (!wl_virtualized()) {
		native_down.not_empty = &link_peer_down_ready;
		native_down.not_full = &link_down_room[0];
		native_up.not_empty = &link_up_ready;
		native_up.not_full = &link_peer_up_room;
		return 1;
	}
	for (p = 0; p < MAX_PEERS; p++) {
		int64_t down = wl_hvc(HYP_MSGQ_RECV, NET_QUEUE_DOWN(p), (uint64_t)&probe,
				      sizeof(probe)).x0;
		int64_t up = wl_hvc(HYP_MSGQ_SEND, NET_QUEUE_UP(p), (uint64_t)&probe, 0).x0;

		if (down != HYP_DENIED || up != HYP_DENIED)
			break;
		rtos_irq_register(NET_INTID(p, 1), give_irq, &link_down_room[p]);
		rtos_irq_register(NET_INTID(p, 2), give_irq, &link_up_ready);
	}
	return p;
}
