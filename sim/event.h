/*
 * event.h - the queue of things that happen at a simulated time.
 *
 * Devices schedule events (a timer reaching its compare value, a modem frame
 * starting); the machine runs every core up to the earliest one, then fires
 * it. Times are nanoseconds of simulated time. Events at the same time fire
 * in the order they were scheduled, so a run is deterministic.
 *
 * A binary heap of fixed capacity; an event is cancelled or moved through the
 * handle schedule returned. Not thread-safe: the machine is single-threaded.
 */
#ifndef PHONESIM_EVENT_H
#define PHONESIM_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#define EVENT_QUEUE_CAPACITY    256
#define EVENT_NEVER             UINT64_MAX

typedef void (*event_fn)(void *opaque, uint64_t now_ns);

struct event {
	uint64_t when;
	uint64_t seq;           /* order of scheduling, for ties */
	event_fn fn;
	void *opaque;
	int slot;               /* index in the heap, -1 when not queued */
};

struct event_queue {
	unsigned n;
	uint64_t next_seq;
	struct event *heap[EVENT_QUEUE_CAPACITY];
	/*
	 * Told when a newly scheduled event becomes the earliest: the machine
	 * may be running a core past that time, and must stop it there.
	 */
	void (*earliest_changed)(void *opaque, uint64_t when);
	void *earliest_opaque;
};

void event_queue_init(struct event_queue *q);

/* (Re)schedules ev at when; an event already queued is moved. */
int event_schedule(struct event_queue *q, struct event *ev, uint64_t when,
		   event_fn fn, void *opaque);
void event_cancel(struct event_queue *q, struct event *ev);

static inline bool event_queued(const struct event *ev)
{
	return ev->slot >= 0;
}

/* The time of the earliest event, or EVENT_NEVER. */
uint64_t event_next(const struct event_queue *q);

/* Fires, in order, every event due at or before now. */
void event_run_due(struct event_queue *q, uint64_t now);

#endif
