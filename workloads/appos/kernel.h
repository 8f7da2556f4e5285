/*
 * kernel.h - the app OS kernel's internal interfaces: tasks and the
 * scheduler, traps, the MMU, interrupts and the timer, the drivers.
 * The kernel runs at EL1 with interrupts masked, only on exceptions (and
 * at boot): it is not preemptible, so it needs no locks on its one core.
 * What EL0 tasks see is appos.h.
 */
#ifndef APPOS_KERNEL_H
#define APPOS_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "appos.h"
#include "net.h"
#include "wl.h"

/* --- tasks and the scheduler (task.c, sched.c) ---------------------------- */

/* What the exception entry saves (vectors.S: at TPIDR_EL1, the running task's). */
struct trap_frame {
	uint64_t x[31];
	uint64_t sp_el0, elr, spsr;
};

enum task_state { TASK_FREE, TASK_READY, TASK_RUNNING, TASK_BLOCKED, TASK_DEAD };

struct task {
	struct trap_frame frame;        /* first: vectors.S saves into it */
	const char *name;
	unsigned id, prio;              /* prio 0 is the most urgent */
	enum task_state state;
	const void *wait_channel;       /* what a blocked task waits for */
	uint64_t wake_at;               /* counter value ending the wait, 0: none */
	struct task *next;              /* in its run queue */
	uint64_t ttbr0;                 /* its address space, tagged with its ASID */
	uintptr_t region, region_end;   /* the memory it may write at EL0 */
	uint64_t run_start, cpu_ticks;
	int status;                     /* exit status */
	bool expect_kill;               /* an isolation probe: must die of a permission fault */
	const char *fail;               /* the self-check it failed, if any */
	uint64_t fault_esr, fault_far;
	unsigned io_op;                 /* storage, network: the request it waits on */
	uint64_t io_lba, io_buf;
	struct net_packet tx;           /* network: the packet back-pressure holds */
};

extern struct task tasks[APPOS_MAX_TASKS];
extern unsigned ntasks;
extern struct task *current;

struct task *task_create(const char *name, void (*entry)(void *), unsigned prio,
			 bool expect_kill);
void task_exit(struct task *t, int status);
void task_kill(struct task *t, uint64_t esr, uint64_t far, uint64_t elr);

void sched_ready(struct task *t);
/* Blocks the running task on CHANNEL until woken or until the counter reaches DEADLINE (0: none). */
void sched_block(const void *channel, uint64_t deadline);
/* Wakes every task blocked on CHANNEL; each returns RET (and RET1 in X1) from its system call. */
unsigned sched_wake(const void *channel, int64_t ret, uint64_t ret1);
void sched_wake_task(struct task *t, int64_t ret, uint64_t ret1);
/* The first task blocked on CHANNEL (lowest id), or NULL. */
struct task *sched_waiter(const void *channel);
/* Wakes the tasks whose deadline passed (they return -APPOS_ETIMEDOUT, or 0 from a sleep). */
void sched_expire(uint64_t now);
/* The frame to return to: the running task, or the next one (idling until there is one). */
struct trap_frame *sched_next(void);
_Noreturn void sched_start(void);
void sched_yield(void);
void sched_sleep_until(uint64_t when);
/* The virtual timer fired: expired waits end, and the running task's slice may be over. */
void sched_timer(uint64_t now);
uint64_t sched_next_deadline(void);     /* 0: none */
bool sched_all_done(void);
extern uint64_t sched_switches, sched_preemptions, sched_idle_ticks;

/* --- traps and system calls (trap.c, syscall.c) ---------------------------- */

struct trap_frame *trap_sync(struct trap_frame *f);
struct trap_frame *trap_irq(struct trap_frame *f);
void syscall(struct task *t, struct trap_frame *f);
/* Whether the running task may write (or only read) [addr, addr + len) at EL0. */
bool user_can_write(const struct task *t, uint64_t addr, uint64_t len);
bool user_can_read(const struct task *t, uint64_t addr, uint64_t len);

/* --- the run (main.c, report.c) ---------------------------------------------- */

extern uint64_t run_us;                 /* its length: the device tree's duration, else APPOS_RUN_MS */

void report_metric(const char *name, uint64_t value, const char *unit);
_Noreturn void report_end(void);

/* --- MMU (mmu.c) ------------------------------------------------------------- */

void mmu_init(void);
/* A new address space: the kernel's, plus [region, region_end) for EL0. */
uint64_t mmu_address_space(unsigned asid, uintptr_t region, uintptr_t region_end);
void mmu_switch(uint64_t ttbr0);
extern uintptr_t mmu_image_base, mmu_shared_end;

/* --- interrupts and the timer (irq.c, timer.c) ------------------------------- */

typedef void (*irq_handler)(unsigned intid);
void irq_register(unsigned intid, irq_handler h);
void irq_dispatch(void);                /* every pending interrupt */
void timer_init(void);
void timer_rearm(void);                 /* for the scheduler's next deadline */

/* --- drivers (display.c, storage.c, pagecache.c, net.c, netloop.c) ----------- */

bool display_init(uint64_t base);
void display_sys(struct task *t, struct trap_frame *f, unsigned nr);
void display_release(struct task *t);

bool storage_init(uint64_t base);
uint64_t storage_blocks(void);
uint32_t storage_block_bytes(void);
bool storage_busy(void);            /* a command is in flight */
/* Issues one command; DONE calls back with the error (0: none). */
void storage_submit(unsigned op, uint64_t lba, uintptr_t buf, uint32_t count,
		    void (*done)(unsigned error));

void pagecache_init(uintptr_t heap);
void pagecache_sys(struct task *t, struct trap_frame *f, unsigned nr);

void net_init(void);
void net_sys(struct task *t, struct trap_frame *f, unsigned nr);
/* A packet for the network's receive ring (from the baseband or the loopback peer). */
bool net_deliver(const struct net_packet *p);
bool net_rx_room(unsigned packets);
void net_seal(struct net_packet *p, uint16_t type, uint32_t seq, uint16_t len);
bool net_valid(const struct net_packet *p);
/* The loopback peer: answers an uplink packet as the baseband would; false: no room. */
bool netloop_send(const struct net_packet *p);

#endif
