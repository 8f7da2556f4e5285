/*
 * task.c - EL0 tasks: creating one (its region, address space, first
 * frame), its end by exit or by a fault. Each task runs at EL0 on its own
 * stack at the top of its region, with interrupts unmasked; its entry
 * returns into user_exit (crt.S). Not here: when tasks run (sched.c).
 */
#include "kernel.h"

#define SPSR_EL0T       0ul             /* EL0, SP_EL0, DAIF clear */
#define EC_DATA_ABORT_LOWER     0x24
#define FSC_PERMISSION(fsc)     (((fsc) & 0x3c) == 0x0c)

struct task tasks[APPOS_MAX_TASKS];
unsigned ntasks;

extern char user_exit[];

struct task *task_create(const char *name, void (*entry)(void *), unsigned prio, bool expect_kill)
{
	wl_check(ntasks < APPOS_MAX_TASKS, "too many tasks");
	struct task *t = &tasks[ntasks];
	struct arena *arena;

	t->id = ntasks++;
	t->name = name;
	t->prio = prio;
	t->expect_kill = expect_kill;
	t->region = mmu_image_base + APPOS_REGION_OFFSET + t->id * APPOS_REGION_BYTES;
	t->region_end = t->region + APPOS_REGION_BYTES;
	t->ttbr0 = mmu_address_space(t->id + 1, t->region, t->region_end);
	arena = (struct arena *)t->region;
	arena->next = t->region + sizeof(*arena);
	arena->end = t->region_end - APPOS_STACK_BYTES;
	t->frame.x[0] = t->region;
	t->frame.x[30] = (uintptr_t)user_exit;
	t->frame.sp_el0 = t->region_end;
	t->frame.elr = (uintptr_t)entry;
	t->frame.spsr = SPSR_EL0T;
	sched_ready(t);
	return t;
}

void task_exit(struct task *t, int status)
{
	t->state = TASK_DEAD;
	t->status = status;
	if (t->expect_kill && !t->fail) {
		t->fail = "isolation probe reached memory it must not";
		t->status = 3;
	}
	display_release(t);
}

/*
 * A fault at EL0 ends the task, not the OS. An isolation probe is meant
 * to die of a permission fault on a data access (ESR_EL1 EC 0x24, DFSC
 * 0b0011xx: ARM DDI 0487 D17.2.40); anything else is a failure.
 */
void task_kill(struct task *t, uint64_t esr, uint64_t far, uint64_t elr)
{
	bool expected = t->expect_kill && esr >> 26 == EC_DATA_ABORT_LOWER &&
			FSC_PERMISSION(esr & 0x3f);

	t->fault_esr = esr;
	t->fault_far = far;
	t->frame.elr = elr;
	if (!expected)
		t->fail = t->expect_kill ? "isolation probe died of the wrong fault" :
			  "killed by a fault";
	t->expect_kill = false;
	task_exit(t, expected ? 0 : 3);
}
