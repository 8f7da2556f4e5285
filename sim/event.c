/*
 * event.c - the simulated-time event queue (see event.h).
 */
#include <errno.h>
#include <stddef.h>

#include "event.h"

void event_queue_init(struct event_queue *q)
{
	q->n = 0;
	q->next_seq = 0;
	q->earliest_changed = NULL;
	q->earliest_opaque = NULL;
}

static bool earlier(const struct event *a, const struct event *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void place(struct event_queue *q, struct event *ev, unsigned i)
{
	q->heap[i] = ev;
	ev->slot = (int)i;
}

static void sift_up(struct event_queue *q, unsigned i)
{
	struct event *ev = q->heap[i];

	while (i > 0 && earlier(ev, q->heap[(i - 1) / 2])) {
		place(q, q->heap[(i - 1) / 2], i);
		i = (i - 1) / 2;
	}
	place(q, ev, i);
}

static void sift_down(struct event_queue *q, unsigned i)
{
	struct event *ev = q->heap[i];

	for (;;) {
		unsigned child = 2 * i + 1;

		if (child >= q->n)
			break;
		if (child + 1 < q->n && earlier(q->heap[child + 1], q->heap[child]))
			child++;
		if (!earlier(q->heap[child], ev))
			break;
		place(q, q->heap[child], i);
		i = child;
	}
	place(q, ev, i);
}

static void remove_at(struct event_queue *q, unsigned i)
{
	struct event *last = q->heap[--q->n];

	q->heap[i]->slot = -1;
	if (i == q->n)
		return;
	place(q, last, i);
	sift_down(q, i);
	sift_up(q, (unsigned)last->slot);
}

void event_cancel(struct event_queue *q, struct event *ev)
{
	if (event_queued(ev))
		remove_at(q, (unsigned)ev->slot);
}

int event_schedule(struct event_queue *q, struct event *ev, uint64_t when,
		   event_fn fn, void *opaque)
{
	event_cancel(q, ev);
	if (q->n == EVENT_QUEUE_CAPACITY)
		return -ENOSPC;
	ev->when = when;
	ev->seq = q->next_seq++;
	ev->fn = fn;
	ev->opaque = opaque;
	place(q, ev, q->n++);
	sift_up(q, q->n - 1);
	if (q->heap[0] == ev && q->earliest_changed)
		q->earliest_changed(q->earliest_opaque, when);
	return 0;
}

uint64_t event_next(const struct event_queue *q)
{
	return q->n ? q->heap[0]->when : EVENT_NEVER;
}

void event_run_due(struct event_queue *q, uint64_t now)
{
	while (q->n && q->heap[0]->when <= now) {
		struct event *ev = q->heap[0];

		remove_at(q, 0);
		ev->fn(ev->opaque, now);
	}
}
