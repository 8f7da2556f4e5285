/*
 * test_event.c - unit tests for the simulated-time event queue (sim/event.c),
 * on its own: no machine, no core.
 *
 * What the queue promises (event.h): events fire in order of time, events
 * at the same time in the order they were scheduled; an event is cancelled
 * or moved through its handle; the capacity is fixed and a full queue
 * refuses a new event; event_next is the earliest time, EVENT_NEVER when
 * empty; event_run_due fires every event due at or before now, including
 * those its callbacks schedule for a time already due; earliest_changed is
 * told when a scheduled event becomes the earliest. A randomized run
 * compares the heap with a plain sorted-array model.
 *
 * Every test event is a struct tagged: the event and a number, which the
 * callback appends to a log together with the now it was given.
 */
#include "event.h"

#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NTAGS		(EVENT_QUEUE_CAPACITY + 1)
#define LOG_MAX		4096

struct tagged {
	struct event ev;
	int id;
};

struct fired {
	int id;
	uint64_t now;
};

static struct event_queue q;
static struct tagged tag[NTAGS];
static struct fired fired[LOG_MAX];
static unsigned nfired;

/* Every event starts unqueued: event.h's "slot -1 when not queued". */
static void setup(void)
{
	event_queue_init(&q);
	for (int i = 0; i < NTAGS; i++)
		tag[i] = (struct tagged){ .ev.slot = -1, .id = i };
	nfired = 0;
}

static void log_fire(void *opaque, uint64_t now)
{
	struct tagged *t = opaque;

	if (nfired == LOG_MAX)
		ck_abort_msg("more than %d events fired", LOG_MAX);
	fired[nfired++] = (struct fired){ t->id, now };
}

static void sched(int id, uint64_t when)
{
	ck_assert_int_eq(event_schedule(&q, &tag[id].ev, when, log_fire, &tag[id]), 0);
	ck_assert(event_queued(&tag[id].ev));
}

/* The log holds exactly ids[0..n), in that order. */
static void expect_fired(const int *ids, unsigned n)
{
	ck_assert_msg(nfired == n, "%u events fired, expected %u", nfired, n);
	for (unsigned i = 0; i < n; i++)
		ck_assert_msg(fired[i].id == ids[i], "event %u fired was %d, expected %d",
			      i, fired[i].id, ids[i]);
}

#define EXPECT_FIRED(...) do { \
	const int ids_[] = { __VA_ARGS__ }; \
	expect_fired(ids_, sizeof(ids_) / sizeof(ids_[0])); \
} while (0)

/* ------------------------------------------------------------ order */

START_TEST(test_empty)
{
	ck_assert_uint_eq(event_next(&q), EVENT_NEVER);
	event_run_due(&q, UINT64_MAX);
	ck_assert_uint_eq(nfired, 0);

	/* Empty again once everything has fired. */
	sched(0, 5);
	ck_assert_uint_eq(event_next(&q), 5);
	event_run_due(&q, 5);
	EXPECT_FIRED(0);
	ck_assert(!event_queued(&tag[0].ev));
	ck_assert_uint_eq(event_next(&q), EVENT_NEVER);
}
END_TEST

START_TEST(test_order_by_time)
{
	static const uint64_t when[] = { 50, 10, 40, 0, 30, 20, 60 };

	for (int i = 0; i < 7; i++)
		sched(i, when[i]);
	ck_assert_uint_eq(event_next(&q), 0);
	event_run_due(&q, 1000);
	EXPECT_FIRED(3, 1, 5, 4, 2, 0, 6);
	for (unsigned i = 0; i < nfired; i++)
		ck_assert_uint_eq(fired[i].now, 1000);   /* the callback gets now */
	ck_assert_uint_eq(event_next(&q), EVENT_NEVER);
}
END_TEST

/* Ties fire in scheduling order, even when they reach the heap's root late. */
START_TEST(test_ties_in_scheduling_order)
{
	sched(0, 100);
	sched(1, 7);
	sched(2, 100);
	sched(3, 100);
	sched(4, 3);
	sched(5, 100);
	event_run_due(&q, 100);
	EXPECT_FIRED(4, 1, 0, 2, 3, 5);
}
END_TEST

/* Due means at or before now: an event at now fires, one at now + 1 does not. */
START_TEST(test_run_due_fires_exactly_the_due)
{
	sched(0, 10);
	sched(1, 11);
	sched(2, 9);
	sched(3, 12);

	event_run_due(&q, 8);
	ck_assert_uint_eq(nfired, 0);
	event_run_due(&q, 10);
	EXPECT_FIRED(2, 0);
	ck_assert_uint_eq(fired[0].now, 10);
	ck_assert(event_queued(&tag[1].ev) && event_queued(&tag[3].ev));
	ck_assert_uint_eq(event_next(&q), 11);
	event_run_due(&q, 11);
	EXPECT_FIRED(2, 0, 1);
	ck_assert_uint_eq(event_next(&q), 12);
}
END_TEST

/* ----------------------------------------------------- cancel, move */

/*
 * The heap's shape, through the fields event.h makes public: every queued
 * event knows its slot, and none is earlier than its parent (by time, then
 * scheduling order). A removal that forgets to move an element up or down
 * breaks it even when the next few events still come out in order.
 */
static void check_heap(void)
{
	/* Plain tests, not ck_assert: each of those costs a system call. */
	for (unsigned i = 0; i < q.n; i++) {
		const struct event *e = q.heap[i], *parent;

		if (e->slot != (int)i)
			ck_abort_msg("the event in slot %u says slot %d", i, e->slot);
		if (i == 0)
			continue;
		parent = q.heap[(i - 1) / 2];
		if (!(parent->when < e->when || (parent->when == e->when && parent->seq < e->seq)))
			ck_abort_msg("slot %u is earlier than its parent", i);
	}
}

/*
 * Six events whose heap is, by slot, 10 100 20 110 120 30. Cancelling the
 * one in slot 3 (a middle one) moves the last (30) into its place, from
 * where it must go up past 100; then the head (120 goes down); then the
 * one left in the last slot (100). The rest fire in order.
 */
START_TEST(test_cancel)
{
	static const uint64_t when[] = { 10, 100, 20, 110, 120, 30 };

	for (int i = 0; i < 6; i++)
		sched(i, when[i]);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(tag[i].ev.slot, i);

	event_cancel(&q, &tag[3].ev);
	ck_assert(!event_queued(&tag[3].ev));
	ck_assert_int_eq(tag[5].ev.slot, 1);
	check_heap();
	event_cancel(&q, &tag[0].ev);
	ck_assert(!event_queued(&tag[0].ev));
	ck_assert_uint_eq(event_next(&q), 20);
	check_heap();
	ck_assert_int_eq(tag[1].ev.slot, (int)q.n - 1);
	event_cancel(&q, &tag[1].ev);
	ck_assert(!event_queued(&tag[1].ev));
	check_heap();
	/* Cancelling an event that is not queued changes nothing. */
	event_cancel(&q, &tag[1].ev);
	event_cancel(&q, &tag[7].ev);
	ck_assert_uint_eq(q.n, 3);

	event_run_due(&q, UINT64_MAX);
	EXPECT_FIRED(2, 5, 4);
}
END_TEST

START_TEST(test_reschedule_moves)
{
	sched(0, 10);
	sched(1, 20);
	sched(2, 30);

	sched(0, 25);           /* later: now between 1 and 2 */
	ck_assert_uint_eq(event_next(&q), 20);
	sched(2, 5);            /* earlier: now first */
	ck_assert_uint_eq(event_next(&q), 5);
	event_run_due(&q, 20);
	EXPECT_FIRED(2, 1);
	ck_assert(event_queued(&tag[0].ev));
	event_run_due(&q, 25);
	EXPECT_FIRED(2, 1, 0);
	ck_assert_uint_eq(event_next(&q), EVENT_NEVER);
}
END_TEST

/*
 * Moving an event to a time others already wait for puts it after them:
 * it was scheduled (again) last. Moving it once more, to the same time,
 * likewise.
 */
START_TEST(test_reschedule_to_a_tie)
{
	sched(0, 100);
	sched(1, 100);
	sched(2, 50);
	sched(2, 100);
	sched(0, 100);
	event_run_due(&q, 100);
	EXPECT_FIRED(1, 2, 0);
}
END_TEST

/* ---------------------------------------------------------- capacity */

START_TEST(test_capacity)
{
	struct tagged *extra = &tag[EVENT_QUEUE_CAPACITY];

	for (int i = 0; i < EVENT_QUEUE_CAPACITY; i++)
		sched(i, (uint64_t)(EVENT_QUEUE_CAPACITY - i));
	ck_assert_int_eq(event_schedule(&q, &extra->ev, 0, log_fire, extra), -ENOSPC);
	ck_assert(!event_queued(&extra->ev));
	ck_assert_uint_eq(event_next(&q), 1);

	/* A full queue still moves an event it holds. */
	ck_assert_int_eq(event_schedule(&q, &tag[0].ev, 0, log_fire, &tag[0]), 0);
	ck_assert_uint_eq(event_next(&q), 0);

	/* One cancelled, one new fits. */
	event_cancel(&q, &tag[1].ev);
	ck_assert_int_eq(event_schedule(&q, &extra->ev, 1000, log_fire, extra), 0);

	event_run_due(&q, UINT64_MAX);
	ck_assert_uint_eq(nfired, EVENT_QUEUE_CAPACITY);
	ck_assert_int_eq(fired[0].id, 0);
	for (unsigned i = 1; i < EVENT_QUEUE_CAPACITY - 1; i++)
		ck_assert_int_eq(fired[i].id, EVENT_QUEUE_CAPACITY - i);
	ck_assert_int_eq(fired[EVENT_QUEUE_CAPACITY - 1].id, EVENT_QUEUE_CAPACITY);
}
END_TEST

/* ------------------------------------------------ from callbacks */

/*
 * Callbacks that act on the queue. Scheduling for a time that is already
 * due (at or before now) makes the event fire in the same event_run_due:
 * the machine calls it once per turn, and an event left behind would fire a
 * whole turn late. Among the due events the usual order holds: by time,
 * then by scheduling order.
 */
struct action {
	struct tagged *target;
	uint64_t when;          /* EVENT_NEVER: cancel target instead */
};

static struct action action[NTAGS];

static void act_fire(void *opaque, uint64_t now)
{
	struct tagged *t = opaque;
	struct action *a = &action[t->id];

	log_fire(opaque, now);
	if (!a->target)
		return;
	if (a->when == EVENT_NEVER)
		event_cancel(&q, &a->target->ev);
	else
		ck_assert_int_eq(event_schedule(&q, &a->target->ev, a->when, log_fire,
						a->target), 0);
}

static void sched_action(int id, uint64_t when, int target, uint64_t target_when)
{
	action[id] = (struct action){ &tag[target], target_when };
	ck_assert_int_eq(event_schedule(&q, &tag[id].ev, when, act_fire, &tag[id]), 0);
}

START_TEST(test_due_from_callback_fires_now)
{
	memset(action, 0, sizeof(action));
	sched_action(0, 10, 1, 15);     /* due (15 <= 20), before 2 at 20 */
	sched(2, 20);
	sched_action(3, 20, 4, 20);     /* due, tied with 2 and 3, scheduled last */
	sched_action(5, 12, 6, 3);      /* in the past: due at once, earliest */
	sched_action(7, 20, 8, 21);     /* not due */
	event_run_due(&q, 20);
	EXPECT_FIRED(0, 5, 6, 1, 2, 3, 7, 4);
	ck_assert(event_queued(&tag[8].ev));
	ck_assert_uint_eq(event_next(&q), 21);
	for (unsigned i = 0; i < nfired; i++)
		ck_assert_uint_eq(fired[i].now, 20);
}
END_TEST

/* A callback cancels a due event, and moves another out of the due range. */
START_TEST(test_cancel_from_callback)
{
	memset(action, 0, sizeof(action));
	sched_action(0, 10, 1, EVENT_NEVER);
	sched(1, 10);
	sched_action(2, 10, 3, 100);
	sched(3, 10);
	sched(4, 10);
	event_run_due(&q, 50);
	EXPECT_FIRED(0, 2, 4);
	ck_assert(!event_queued(&tag[1].ev));
	ck_assert_uint_eq(event_next(&q), 100);
}
END_TEST

/* A periodic event that reschedules itself catches up within one call. */
static unsigned ticks;

static void tick(void *opaque, uint64_t now)
{
	struct tagged *t = opaque;

	log_fire(opaque, now);
	if (++ticks < 5)
		ck_assert_int_eq(event_schedule(&q, &t->ev, t->ev.when + 10, tick, t), 0);
}

START_TEST(test_periodic_catches_up)
{
	ticks = 0;
	ck_assert_int_eq(event_schedule(&q, &tag[0].ev, 10, tick, &tag[0]), 0);
	event_run_due(&q, 35);
	EXPECT_FIRED(0, 0, 0);
	ck_assert_uint_eq(event_next(&q), 40);
	event_run_due(&q, 1000);
	EXPECT_FIRED(0, 0, 0, 0, 0);
	ck_assert_uint_eq(event_next(&q), EVENT_NEVER);
}
END_TEST

/*
 * earliest_changed (the machine ends its turn there) is told, with the
 * time, whenever event_schedule leaves the event it scheduled or moved at
 * the head: a first event, an earlier one, an event moved earlier, and not
 * an event that ties with the head (the head fires first), a later one, a
 * move of the head to a later time or a cancellation (the turn may end
 * early, but never late). Also from a callback in event_run_due.
 */
static uint64_t told[16];
static unsigned ntold;

static void tell(void *opaque, uint64_t when)
{
	ck_assert_ptr_eq(opaque, told);
	ck_assert_uint_lt(ntold, 16);
	told[ntold++] = when;
}

static void expect_told(const uint64_t *when, unsigned n)
{
	ck_assert_msg(ntold == n, "earliest_changed told %u times, expected %u", ntold, n);
	for (unsigned i = 0; i < n; i++)
		ck_assert_msg(told[i] == when[i], "call %u: told %llu, expected %llu", i,
			      (unsigned long long)told[i], (unsigned long long)when[i]);
}

#define EXPECT_TOLD(...) do { \
	const uint64_t when_[] = { __VA_ARGS__ }; \
	expect_told(when_, sizeof(when_) / sizeof(when_[0])); \
} while (0)

START_TEST(test_earliest_changed)
{
	ntold = 0;
	q.earliest_changed = tell;
	q.earliest_opaque = told;
	sched(0, 100);
	sched(1, 200);
	sched(2, 50);
	sched(3, 50);
	EXPECT_TOLD(100, 50);
	sched(1, 10);           /* moved earlier, to the head */
	sched(1, 300);          /* the head moved later: 2 (50) leads */
	event_cancel(&q, &tag[2].ev);
	EXPECT_TOLD(100, 50, 10);
	ck_assert_uint_eq(event_next(&q), 50);

	memset(action, 0, sizeof(action));
	sched_action(4, 60, 5, 70);     /* from a callback: 70 is then the earliest */
	event_run_due(&q, 65);
	EXPECT_TOLD(100, 50, 10, 70);
}
END_TEST

/* -------------------------------------------------------- randomized */

/*
 * The model: the queued events as (when, seq) pairs in an unsorted array;
 * the next to fire is the smallest pair. seq is the model's own count of
 * schedule calls, so it also checks the queue's tie order.
 */
struct model_ev {
	bool queued;
	uint64_t when, seq;
};

static struct model_ev model[NTAGS];
static uint64_t model_seq;

/* xorshift64: deterministic whatever the C library. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static int model_first(void)
{
	int best = -1;

	for (int i = 0; i < NTAGS; i++) {
		const struct model_ev *e = &model[i];

		if (e->queued && (best < 0 || e->when < model[best].when ||
				  (e->when == model[best].when && e->seq < model[best].seq)))
			best = i;
	}
	return best;
}

static unsigned model_count(void)
{
	unsigned n = 0;

	for (int i = 0; i < NTAGS; i++)
		n += model[i].queued;
	return n;
}

/* event_run_due against the model: the same events, in the same order. */
static unsigned check_run_due(uint64_t now)
{
	unsigned first = nfired, n;

	event_run_due(&q, now);
	for (unsigned i = first; i < nfired; i++) {
		int want = model_first();

		if (want < 0 || model[want].when > now)
			ck_abort_msg("event %d fired at %llu, nothing due", fired[i].id,
				     (unsigned long long)now);
		if (fired[i].id != want)
			ck_abort_msg("event %d fired, model says %d", fired[i].id, want);
		model[want].queued = false;
	}
	n = nfired - first;
	nfired = 0;
	if (model_first() >= 0 && model[model_first()].when <= now)
		ck_abort_msg("event %d due at %llu not fired", model_first(),
			     (unsigned long long)now);
	return n;
}

/*
 * 100000 random operations: schedule (a new event or a move), cancel, run
 * the due ones at a later now. Times cluster near now, so ties are common.
 * Every other phase of 5000 operations only schedules: the queue fills up,
 * refuses new events and keeps moving the ones it holds. After each
 * operation the queue must agree with the model.
 */
START_TEST(test_random_against_model)
{
	unsigned full = 0, fired_total = 0, max_n = 0;
	uint64_t now = 0;

	memset(model, 0, sizeof(model));
	model_seq = 0;
	for (unsigned step = 0; step < 100000; step++) {
		bool filling = (step / 5000) % 2;
		unsigned op = (unsigned)rnd(100);
		int id = (int)rnd(NTAGS);
		int first;

		if (filling || op < 55) {
			uint64_t when = now + rnd(64);
			bool fits = model[id].queued || model_count() < EVENT_QUEUE_CAPACITY;
			int ret = event_schedule(&q, &tag[id].ev, when, log_fire, &tag[id]);

			if (ret != (fits ? 0 : -ENOSPC))
				ck_abort_msg("step %u: event_schedule returned %d", step, ret);
			if (fits)
				model[id] = (struct model_ev){ true, when, model_seq++ };
			full += !fits;
		} else if (op < 75) {
			event_cancel(&q, &tag[id].ev);
			model[id].queued = false;
		} else {
			now += rnd(24);
			fired_total += check_run_due(now);
		}
		for (int i = 0; i < NTAGS; i++)
			if (event_queued(&tag[i].ev) != model[i].queued)
				ck_abort_msg("step %u: event %d queued %d, model %d", step, i,
					     event_queued(&tag[i].ev), model[i].queued);
		check_heap();
		first = model_first();
		if (event_next(&q) != (first < 0 ? EVENT_NEVER : model[first].when))
			ck_abort_msg("step %u: event_next %llu, model %llu", step,
				     (unsigned long long)event_next(&q),
				     (unsigned long long)(first < 0 ? EVENT_NEVER : model[first].when));
		max_n = q.n > max_n ? q.n : max_n;
	}
	fired_total += check_run_due(UINT64_MAX);
	ck_assert_uint_eq(event_next(&q), EVENT_NEVER);

	/* The run went where it was meant to. */
	ck_assert_uint_eq(max_n, EVENT_QUEUE_CAPACITY);
	ck_assert_uint_gt(full, 50);
	ck_assert_uint_gt(fired_total, 10000);
}
END_TEST

static Suite *event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *order = tcase_create("order");
	TCase *handle = tcase_create("handles");
	TCase *cb = tcase_create("callbacks");
	TCase *rand = tcase_create("random");

	tcase_add_checked_fixture(order, setup, NULL);
	tcase_add_test(order, test_empty);
	tcase_add_test(order, test_order_by_time);
	tcase_add_test(order, test_ties_in_scheduling_order);
	tcase_add_test(order, test_run_due_fires_exactly_the_due);
	suite_add_tcase(s, order);

	tcase_add_checked_fixture(handle, setup, NULL);
	tcase_add_test(handle, test_cancel);
	tcase_add_test(handle, test_reschedule_moves);
	tcase_add_test(handle, test_reschedule_to_a_tie);
	tcase_add_test(handle, test_capacity);
	suite_add_tcase(s, handle);

	tcase_add_checked_fixture(cb, setup, NULL);
	tcase_add_test(cb, test_due_from_callback_fires_now);
	tcase_add_test(cb, test_cancel_from_callback);
	tcase_add_test(cb, test_periodic_catches_up);
	tcase_add_test(cb, test_earliest_changed);
	suite_add_tcase(s, cb);

	tcase_add_checked_fixture(rand, setup, NULL);
	tcase_add_test(rand, test_random_against_model);
	suite_add_tcase(s, rand);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(event_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
