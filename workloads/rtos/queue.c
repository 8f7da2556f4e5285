/*
 * queue.c - message queues of fixed-size messages, copied in and out, with
 * blocking send and receive and timeouts. A message for a waiting
 * receiver is copied straight into its buffer; a sender blocked on a full
 * queue has its message copied in by the receive that makes room, so
 * messages keep their order and nobody copies twice.
 */
#include "rtos.h"
#include "wl.h"

void rtos_queue_init(struct rtos_queue *q, void *buf, size_t msg_bytes, unsigned depth)
{
	*q = (struct rtos_queue){ .buf = buf, .msg_bytes = msg_bytes, .depth = depth };
}

static void *slot(struct rtos_queue *q, unsigned i)
{
	return q->buf + (size_t)(i % q->depth) * q->msg_bytes;
}

int rtos_queue_send(struct rtos_queue *q, const void *msg, uint64_t timeout)
{
	uint64_t daif = rtos_lock();
	struct rtos_task *t = q->receivers.head;
	int status = RTOS_OK;

	if (t) {
		memcpy(t->xfer, msg, q->msg_bytes);
		rtos_wake(t, RTOS_OK);
		rtos_preempt_check();
	} else if (q->count < q->depth) {
		memcpy(slot(q, q->head + q->count), msg, q->msg_bytes);
		q->count++;
	} else {
		rtos_current()->xfer = (void *)msg;
		status = rtos_block(&q->senders, rtos_deadline(timeout));
	}
	rtos_unlock(daif);
	return status;
}

int rtos_queue_recv(struct rtos_queue *q, void *msg, uint64_t timeout)
{
	uint64_t daif = rtos_lock();
	int status = RTOS_OK;

	if (q->count) {
		struct rtos_task *t = q->senders.head;

		memcpy(msg, slot(q, q->head), q->msg_bytes);
		q->head = (q->head + 1) % q->depth;
		q->count--;
		if (t) {
			memcpy(slot(q, q->head + q->count), t->xfer, q->msg_bytes);
			q->count++;
			rtos_wake(t, RTOS_OK);
			rtos_preempt_check();
		}
	} else {
		rtos_current()->xfer = msg;
		status = rtos_block(&q->receivers, rtos_deadline(timeout));
	}
	rtos_unlock(daif);
	return status;
}
