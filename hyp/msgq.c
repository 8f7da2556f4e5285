/*
 * msgq.c - one-way message queues between VMs (hyp_queue_config), in the
 * manner of Gunyah's: the hypervisor owns the buffers, copies each message
 * in on send and out on receive, in order, and never drops one: a send to
 * a full queue or a receive from an empty one returns HYP_BUSY and changes
 * nothing. The receiver gets virtual INTID not_empty_intid when a message
 * arrives in an empty queue; the sender gets not_full_intid when a receive
 * makes room in a full one.
 *
 * Not here: checking the caller's buffer against its partition is done
 * here too, but the limits of the configuration are boot.c's.
 */
#include "hyp.h"

#define MSGQ_POOL_SIZE  (64u * 1024)

struct msgq {
	spinlock_t lock;
	uint8_t *slots;                 /* depth slots of msg_size bytes */
	uint32_t head, count;
	uint32_t len[256];              /* each slot's message length (depth <= 256) */
};

static struct msgq queues[HYP_MAX_QUEUES];
static uint8_t msgq_pool[MSGQ_POOL_SIZE] __attribute__((aligned(16)));

void msgq_init(void)
{
	uint32_t used = 0;

	for (unsigned i = 0; i < cfg->nqueues; i++) {
		uint32_t bytes = cfg->queue[i].msg_size * cfg->queue[i].depth;

		if (bytes > MSGQ_POOL_SIZE - used)
			boot_error("queues need more than %u bytes of buffers", MSGQ_POOL_SIZE);
		queues[i].slots = msgq_pool + used;
		used += (bytes + 15) & ~15u;
	}
}

int64_t msgq_send(struct vm *vm, uint64_t qi, uint64_t buf, uint64_t len)
{
	const struct hyp_queue_config *qc;
	struct msgq *q;
	bool was_empty;

	if (qi >= cfg->nqueues)
		return HYP_INVALID;
	qc = &cfg->queue[qi];
	q = &queues[qi];
	if (qc->sender != vm->idx)
		return HYP_DENIED;
	if (!len || len > qc->msg_size)
		return HYP_INVALID;
	if (!vm_owns_range(vm, buf, len))
		return HYP_DENIED;
	spin_lock(&q->lock);
	if (q->count == qc->depth) {
		spin_unlock(&q->lock);
		return HYP_BUSY;
	}
	{
		uint32_t slot = (q->head + q->count) % qc->depth;

		memcpy(q->slots + slot * qc->msg_size, (const void *)buf, len);
		q->len[slot] = (uint32_t)len;
	}
	was_empty = q->count++ == 0;
	spin_unlock(&q->lock);
	if (was_empty && qc->not_empty_intid && vms[qc->receiver].state == VM_RUNNING)
		vgic_inject(&vms[qc->receiver].vcpu[0], qc->not_empty_intid, false);
	return HYP_OK;
}

int64_t msgq_recv(struct vm *vm, uint64_t qi, uint64_t buf, uint64_t size, uint64_t *len)
{
	const struct hyp_queue_config *qc;
	struct msgq *q;
	bool was_full;

	if (qi >= cfg->nqueues)
		return HYP_INVALID;
	qc = &cfg->queue[qi];
	q = &queues[qi];
	if (qc->receiver != vm->idx)
		return HYP_DENIED;
	if (!size)
		return HYP_INVALID;
	if (!vm_owns_range(vm, buf, size))
		return HYP_DENIED;
	spin_lock(&q->lock);
	if (!q->count) {
		spin_unlock(&q->lock);
		return HYP_BUSY;
	}
	if (q->len[q->head] > size) {
		spin_unlock(&q->lock);
		return HYP_INVALID;     /* the message stays: retry with a larger buffer */
	}
	*len = q->len[q->head];
	memcpy((void *)buf, q->slots + q->head * qc->msg_size, *len);
	q->head = (q->head + 1) % qc->depth;
	was_full = q->count-- == qc->depth;
	spin_unlock(&q->lock);
	if (was_full && qc->not_full_intid && vms[qc->sender].state == VM_RUNNING)
		vgic_inject(&vms[qc->sender].vcpu[0], qc->not_full_intid, false);
	return HYP_OK;
}
