/*
 * writer.c - the writer thread and its ring buffer (see writer.h).
 *
 * One producer (the simulation thread) and one consumer (the writer): head
 * and tail are C11 atomics, a slot is handed over by a release store and
 * taken with an acquire load, and neither side ever takes a lock. A side
 * that must wait (an empty or a full ring) sleeps briefly and looks again;
 * both waits are rare and short, and polling keeps the producer free of
 * system calls.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "writer.h"

/*
 * The ring holds about 60 ms of the worst case (a trap row every 2 us), so
 * the writer can sleep 5 ms at a time when idle without ever making the
 * simulation wait on a host CPU of its own.
 */
#define RING_SLOTS      32768u          /* a power of two */
#define BATCH           256u            /* rows between looks at the clock */
#define IDLE_SLEEP_NS   5000000L        /* the writer, when the ring is empty */
#define FULL_SLEEP_NS   20000L          /* the simulation, when it is full */

static const char *const insert_sql[] = {
	[ROW_TRAP] = "INSERT INTO traps (id, core, vm, vcpu, kind, class, from_el, to_el,"
		     " ec, esr, pc, elr, far, ipa, entry_cycle, entry_ns, return_cycle,"
		     " return_ns, return_el, insns, cycles)"
		     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ROW_IRQ] = "INSERT INTO irqs (id, intid, source, core, raised_cycle, raised_ns,"
		    " delivered_cycle, acknowledged_cycle, completed_cycle)"
		    " VALUES (?,?,?,?,?,?,?,?,?)",
	[ROW_DEADLINE] = "INSERT INTO deadlines (source, frame, release_ns, deadline_ns,"
			 " done_ns, missed) VALUES (?,?,?,?,?,?)",
	[ROW_SWITCH] = "INSERT INTO switches (core, cycle, ns, from_vcpu, to_vcpu, reason)"
		       " VALUES (?,?,?,?,?,?)",
	[ROW_CONSOLE] = "INSERT INTO console (vm, core, cycle, ns, text) VALUES (?,?,?,?,?)",
	[ROW_COUNTERS] = "INSERT INTO counters (core, ns, cycles, insns_el0, insns_el1,"
			 " insns_el2, cycles_el0, cycles_el1, cycles_el2, final, vm,"
			 " energy_fj_el0, energy_fj_el1, energy_fj_el2, l1d_misses, l2_misses,"
			 " dram_reads, tlb_misses, branches, mispredicts)"
			 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	/* A counters row but final (?10): the same binding. */
	[ROW_USAGE] = "INSERT INTO vm_usage (core, ns, cycles, insns_el0, insns_el1,"
		      " insns_el2, cycles_el0, cycles_el1, cycles_el2, vm,"
		      " energy_fj_el0, energy_fj_el1, energy_fj_el2, l1d_misses, l2_misses,"
		      " dram_reads, tlb_misses, branches, mispredicts, wait_cycles)"
		      " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
		      " ?21)",
	[ROW_VM] = "INSERT INTO vms (vm, name, devices) VALUES (?,?,?)",
	[ROW_VCPU] = "INSERT INTO vcpus (vcpu, vm, name) VALUES (?,?,?)",
	[ROW_METRIC] = "INSERT INTO metrics (vm, ns, workload, name, value, unit)"
		       " VALUES (?,?,?,?,?,?)",
};
#define NSTATEMENTS (sizeof(insert_sql) / sizeof(insert_sql[0]))

struct writer {
	sqlite3 *db;
	sqlite3_stmt *insert[NSTATEMENTS];
	pthread_t thread;
	struct trace_row *ring;
	/* One producer (the simulation) and one consumer (the thread), each
	 * index on a cache line of its own, so a row does not bounce a line
	 * shared by both; the producer keeps a copy of tail, refreshed only
	 * when the ring looks full. */
	_Alignas(64) _Atomic uint64_t head;     /* rows pushed */
	_Alignas(64) _Atomic uint64_t tail;     /* rows taken by the writer */
	_Alignas(64) uint64_t tail_seen;        /* the producer's copy */
	atomic_bool stopping;
	atomic_bool failed;
	char error[256];                /* written before failed is set */
};

static uint64_t host_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static void nap(long ns)
{
	struct timespec t = { 0, ns };

	nanosleep(&t, NULL);
}

/* ------------------------------------------------------------ binding */

/* 64-bit values above INT64_MAX are stored as their two's complement. */
static void bind_u64(sqlite3_stmt *st, int col, uint64_t v)
{
	sqlite3_bind_int64(st, col, (sqlite3_int64)v);
}

static void bind_opt(sqlite3_stmt *st, int col, bool present, uint64_t v)
{
	if (present)
		bind_u64(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

static void bind_text(sqlite3_stmt *st, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

static void bind_trap(sqlite3_stmt *st, const struct trap_row *t)
{
	bool ret = t->flags & TRAP_RETURNED, esr = t->flags & TRAP_HAS_ESR;

	bind_u64(st, 1, t->id);
	bind_u64(st, 2, t->core);
	bind_opt(st, 3, t->vm != ROW_NONE, (uint64_t)t->vm);
	bind_opt(st, 4, t->vcpu != ROW_NONE, (uint64_t)t->vcpu);
	bind_text(st, 5, t->kind);
	bind_text(st, 6, t->class_name);
	bind_u64(st, 7, t->from_el);
	bind_u64(st, 8, t->to_el);
	bind_opt(st, 9, esr, t->ec);
	bind_opt(st, 10, esr, t->esr);
	bind_u64(st, 11, t->pc);
	bind_u64(st, 12, t->elr);
	bind_opt(st, 13, t->flags & TRAP_HAS_FAR, t->far);
	bind_opt(st, 14, t->flags & TRAP_HAS_IPA, t->ipa);
	bind_u64(st, 15, t->entry_cycle);
	bind_u64(st, 16, t->entry_ns);
	bind_opt(st, 17, ret, t->return_cycle);
	bind_opt(st, 18, ret, t->return_ns);
	bind_opt(st, 19, ret, t->return_el);
	bind_opt(st, 20, ret, t->insns);
	bind_opt(st, 21, ret, t->cycles);
}

static void bind_irq(sqlite3_stmt *st, const struct irq_row *q)
{
	bind_u64(st, 1, q->id);
	bind_u64(st, 2, q->intid);
	bind_text(st, 3, q->source);
	bind_u64(st, 4, q->core);
	bind_u64(st, 5, q->raised_cycle);
	bind_u64(st, 6, q->raised_ns);
	bind_opt(st, 7, q->flags & IRQ_HAS_DELIVERED, q->delivered_cycle);
	bind_opt(st, 8, q->flags & IRQ_HAS_ACKNOWLEDGED, q->acknowledged_cycle);
	bind_opt(st, 9, q->flags & IRQ_HAS_COMPLETED, q->completed_cycle);
}

static void bind_deadline(sqlite3_stmt *st, const struct deadline_row *d)
{
	bind_text(st, 1, d->source);
	bind_u64(st, 2, d->frame);
	bind_u64(st, 3, d->release_ns);
	bind_u64(st, 4, d->deadline_ns);
	bind_opt(st, 5, d->done, d->done_ns);
	bind_u64(st, 6, d->missed);
}

static void bind_switch(sqlite3_stmt *st, const struct switch_row *s)
{
	bind_u64(st, 1, s->core);
	bind_u64(st, 2, s->cycle);
	bind_u64(st, 3, s->ns);
	bind_opt(st, 4, s->from_vcpu != ROW_NONE, (uint64_t)s->from_vcpu);
	bind_opt(st, 5, s->to_vcpu != ROW_NONE, (uint64_t)s->to_vcpu);
	bind_text(st, 6, s->reason);
}

static void bind_console(sqlite3_stmt *st, const struct console_row *c)
{
	bind_opt(st, 1, c->vm != ROW_NONE, (uint64_t)c->vm);
	bind_opt(st, 2, c->core != ROW_NONE, (uint64_t)c->core);
	bind_opt(st, 3, c->core != ROW_NONE, c->cycle);
	bind_u64(st, 4, c->ns);
	sqlite3_bind_text(st, 5, c->text, (int)c->len, SQLITE_STATIC);
}

static void bind_counters(sqlite3_stmt *st, const struct counters_row *k)
{
	bind_u64(st, 1, k->core);
	bind_u64(st, 2, k->ns);
	bind_u64(st, 3, k->cycles);
	for (int el = 0; el < 3; el++) {
		bind_u64(st, 4 + el, k->insns_el[el]);
		bind_u64(st, 7 + el, k->cycles_el[el]);
	}
	bind_u64(st, 10, k->final);
	bind_opt(st, 11, k->vm != ROW_NONE, (uint64_t)k->vm);
	for (int el = 0; el < 3; el++)
		bind_opt(st, 12 + el, k->has_energy, k->energy_fj[el]);
	bind_opt(st, 15, k->timed, k->l1d_misses);
	bind_opt(st, 16, k->timed, k->l2_misses);
	bind_opt(st, 17, k->timed, k->dram_reads);
	bind_opt(st, 18, k->timed, k->tlb_misses);
	bind_opt(st, 19, k->timed, k->branches);
	bind_opt(st, 20, k->timed, k->mispredicts);
}

static void bind_vm(sqlite3_stmt *st, const struct vm_row *v)
{
	bind_u64(st, 1, (uint64_t)v->vm);
	bind_text(st, 2, v->name);
	bind_text(st, 3, v->devices);
}

static void bind_metric(sqlite3_stmt *st, const struct metric_row *k)
{
	bind_opt(st, 1, k->vm != ROW_NONE, (uint64_t)k->vm);
	bind_u64(st, 2, k->ns);
	bind_text(st, 3, k->workload);
	bind_text(st, 4, k->name);
	sqlite3_bind_int64(st, 5, k->value);
	bind_text(st, 6, k->unit);
}

static void bind_vcpu(sqlite3_stmt *st, const struct vm_row *v)
{
	bind_u64(st, 1, (uint64_t)v->vcpu);
	bind_u64(st, 2, (uint64_t)v->vm);
	bind_text(st, 3, v->name);
}

/* ------------------------------------------------------------ writing */

static void fail(struct writer *w, const char *what)
{
	if (atomic_load_explicit(&w->failed, memory_order_relaxed))
		return;
	snprintf(w->error, sizeof(w->error), "%s: %s", what, sqlite3_errmsg(w->db));
	atomic_store_explicit(&w->failed, true, memory_order_release);
}

static void write_row(struct writer *w, struct trace_row *r)
{
	sqlite3_stmt *st = w->insert[r->type];

	if (!atomic_load_explicit(&w->failed, memory_order_relaxed)) {
		switch (r->type) {
		case ROW_TRAP: bind_trap(st, &r->u.trap); break;
		case ROW_IRQ: bind_irq(st, &r->u.irq); break;
		case ROW_DEADLINE: bind_deadline(st, &r->u.deadline); break;
		case ROW_SWITCH: bind_switch(st, &r->u.sw); break;
		case ROW_CONSOLE: bind_console(st, &r->u.console); break;
		case ROW_COUNTERS: bind_counters(st, &r->u.counters); break;
		case ROW_USAGE:
			bind_counters(st, &r->u.counters);
			bind_u64(st, 21, r->u.counters.wait_cycles);
			break;
		case ROW_METRIC: bind_metric(st, &r->u.metric); break;
		case ROW_VM: bind_vm(st, &r->u.vm); break;
		case ROW_VCPU: bind_vcpu(st, &r->u.vm); break;
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			fail(w, "cannot insert a row");
		sqlite3_reset(st);
	}
	if (r->type == ROW_CONSOLE)
		free(r->u.console.text);
}

static void commit(struct writer *w)
{
	if (!atomic_load_explicit(&w->failed, memory_order_relaxed) &&
	    sqlite3_exec(w->db, "COMMIT; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		fail(w, "cannot commit");
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	uint64_t tail = 0, last_commit = host_ms();
	unsigned pending = 0;

	for (;;) {
		/* stopping first: once it reads true, head holds the last push. */
		bool stopping = atomic_load_explicit(&w->stopping, memory_order_acquire);
		uint64_t head = atomic_load_explicit(&w->head, memory_order_acquire);
		unsigned n;

		for (n = 0; tail != head && n < BATCH; n++)
			write_row(w, &w->ring[tail++ % RING_SLOTS]);
		atomic_store_explicit(&w->tail, tail, memory_order_release);
		pending += n;
		if (tail == head && stopping)
			break;
		if (pending && (pending >= WRITER_COMMIT_ROWS ||
				host_ms() - last_commit >= WRITER_COMMIT_MS)) {
			commit(w);
			pending = 0;
			last_commit = host_ms();
		}
		if (!n)
			nap(IDLE_SLEEP_NS);
	}
	if (!atomic_load_explicit(&w->failed, memory_order_relaxed) &&
	    sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		fail(w, "cannot commit");
	return NULL;
}

/* ---------------------------------------------------------- interface */

static void finalize_all(struct writer *w)
{
	for (size_t i = 0; i < NSTATEMENTS; i++)
		sqlite3_finalize(w->insert[i]);
}

struct writer *writer_start(sqlite3 *db, char *err, size_t len)
{
	/* sizeof is a multiple of its 64-byte alignment, as aligned_alloc wants. */
	struct writer *w = aligned_alloc(_Alignof(struct writer), sizeof(*w));

	if (w)
		memset(w, 0, sizeof(*w));
	if (!w || !(w->ring = calloc(RING_SLOTS, sizeof(*w->ring)))) {
		snprintf(err, len, "out of memory");
		free(w);
		return NULL;
	}
	w->db = db;
	for (size_t i = 0; i < NSTATEMENTS; i++)
		if (sqlite3_prepare_v2(db, insert_sql[i], -1, &w->insert[i], NULL) != SQLITE_OK) {
			snprintf(err, len, "cannot prepare an insert: %s", sqlite3_errmsg(db));
			goto fail;
		}
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, len, "cannot begin a transaction: %s", sqlite3_errmsg(db));
		goto fail;
	}
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		snprintf(err, len, "cannot start the writer thread");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto fail;
	}
	return w;
fail:
	finalize_all(w);
	free(w->ring);
	free(w);
	return NULL;
}

struct trace_row *writer_next(struct writer *w)
{
	uint64_t head = atomic_load_explicit(&w->head, memory_order_relaxed);

	while (head - w->tail_seen == RING_SLOTS) {
		w->tail_seen = atomic_load_explicit(&w->tail, memory_order_acquire);
		if (head - w->tail_seen == RING_SLOTS)
			nap(FULL_SLEEP_NS);
	}
	return &w->ring[head % RING_SLOTS];
}

/* The only writer of head: a plain store publishes the row. */
void writer_push(struct writer *w)
{
	uint64_t head = atomic_load_explicit(&w->head, memory_order_relaxed);

	atomic_store_explicit(&w->head, head + 1, memory_order_release);
}

const char *writer_error(struct writer *w)
{
	return atomic_load_explicit(&w->failed, memory_order_acquire) ? w->error : NULL;
}

int writer_stop(struct writer *w, char *err, size_t len)
{
	int rc = 0;

	atomic_store_explicit(&w->stopping, true, memory_order_release);
	pthread_join(w->thread, NULL);
	if (writer_error(w)) {
		snprintf(err, len, "%s", w->error);
		rc = -1;
	}
	finalize_all(w);
	free(w->ring);
	free(w);
	return rc;
}
