/*
 * lock.h - spinlocks between the physical cores.
 *
 * Test-and-set with acquire/release ordering (compiled to LDAXR/STXR and
 * STLR on ARMv8.0). Hypervisor code runs with interrupts masked, so a lock
 * holder is never preempted; no lock is held while a guest runs. Order when
 * two are held: a queue's lock, then a core's lock; vm_lock and the
 * console's lock are leaves.
 */
#ifndef HYP_LOCK_H
#define HYP_LOCK_H

typedef struct {
	unsigned locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
