/*
 * sched.c - which vCPU each core runs, and when it changes.
 *
 * Every vCPU is placed on one core at boot, within its affinity (the core
 * with the fewest vCPUs so far; HYP_SCHED_STATIC: a core of its own), and
 * stays there: per-core run queues, no migration. A core runs, among its
 * runnable vCPUs:
 *   1. vCPUs of VMs with a reservation and budget left in their current
 *      period, earliest period end first (EDF), so that reservations whose
 *      utilisations add up to at most 1 on a core are all met;
 *   2. otherwise the highest priority (0 highest), round robin within a
 *      priority, timeslice_us each.
 * A reservation is also a cap: a vCPU that used its budget waits for its
 * next period (throttled), whatever its priority.
 *
 * The EL2 physical timer (CNTHP, PPI 26) is programmed for the next point
 * a decision may change: the end of the slice when a vCPU of equal rank
 * waits, the running vCPU's budget running out, a reservation's period
 * ending, the virtual timer of a vCPU blocked in WFI. With nothing to run
 * a core waits in WFI at EL2. HYP_SCHED_STATIC never programs the timer:
 * the one vCPU of a core runs until its VM ends.
 *
 * Every switch is traced with its reason. Not here: saving and loading a
 * vCPU (vcpu.c), virtual interrupts (vgic.c).
 */
#include "hyp.h"
#include "trace.h"

#define CNT_ENABLE      1ul
#define CNT_IMASK       2ul

static bool reserved(const struct vcpu *v)
{
	return v->vm->budget != 0;
}

/* Reserved with budget left: runs before everything unreserved. */
static bool in_reservation(const struct vcpu *v)
{
	return reserved(v) && v->budget_left;
}

void sched_place(struct vcpu *v)
{
	unsigned allowed = v->vm->cfg->vcpu[v->idx].affinity & ((1u << cfg->ncores) - 1);
	uint64_t util = 0;
	struct pcpu *best = NULL;

	for (unsigned c = 0; c < cfg->ncores; c++)
		if ((allowed & (1u << c)) && (!best || pcpus[c].nrq < best->nrq))
			best = &pcpus[c];
	if (cfg->scheduler == HYP_SCHED_STATIC && best->nrq)
		boot_error("static scheduling: no free core for vm %u vcpu %u", v->vm->idx, v->idx);
	best->rq[best->nrq++] = v;
	v->core = best->id;
	/* Admission control: the reservations placed on a core must fit in it (per mille). */
	for (unsigned i = 0; i < best->nrq; i++)
		if (reserved(best->rq[i]))
			util += best->rq[i]->vm->budget * 1000 / best->rq[i]->vm->period;
	if (util > 1000)
		boot_error("core %u: reservations add up to %lu per mille", best->id, util);
}

/* A new period has started: the budget is whole again. Under the core's lock. */
static void replenish(struct vcpu *v, uint64_t now)
{
	uint64_t period = v->vm->period;

	if (!period || now < v->period_end)
		return;
	v->period_end += ((now - v->period_end) / period + 1) * period;
	v->budget_left = v->vm->budget;
}

/* a should run before b. */
static bool better(const struct vcpu *a, const struct vcpu *b)
{
	if (in_reservation(a) != in_reservation(b))
		return in_reservation(a);
	if (in_reservation(a) && a->period_end != b->period_end)
		return a->period_end < b->period_end;
	if (a->vm->cfg->priority != b->vm->cfg->priority)
		return a->vm->cfg->priority < b->vm->cfg->priority;
	return a->rr_seq < b->rr_seq;
}

/* Neither is in a reservation and both have one priority: they share by round robin. */
static bool same_rank(const struct vcpu *a, const struct vcpu *b)
{
	return !in_reservation(a) && !in_reservation(b) &&
	       a->vm->cfg->priority == b->vm->cfg->priority;
}

static bool eligible(const struct vcpu *v)
{
	return v->state == VCPU_RUNNABLE && (!reserved(v) || v->budget_left);
}

static struct vcpu *pick(struct pcpu *p, uint64_t now)
{
	struct vcpu *best = NULL;

	for (unsigned i = 0; i < p->nrq; i++) {
		struct vcpu *v = p->rq[i];

		replenish(v, now);
		if (eligible(v) && (!best || better(v, best)))
			best = v;
	}
	return best;
}

/* The running vCPU pays for the time since it was last charged. */
static void charge(struct pcpu *p, struct vcpu *v, uint64_t now)
{
	uint64_t used = now - p->charged_at;

	p->charged_at = now;
	if (reserved(v))
		v->budget_left = used >= v->budget_left ? 0 : v->budget_left - used;
}

/* A blocked vCPU's virtual timer, as a physical count: when it must wake. */
static uint64_t vtimer_deadline(const struct vcpu *v)
{
	if ((v->el1.cntv_ctl & (CNT_ENABLE | CNT_IMASK)) != CNT_ENABLE)
		return UINT64_MAX;
	return v->el1.cntv_cval + v->vm->cntvoff;
}

/* CNTHP for the next moment a decision may change (see the header). */
static void program_timer(struct pcpu *p, struct vcpu *next)
{
	uint64_t t = UINT64_MAX;

	for (unsigned i = 0; i < p->nrq; i++) {
		struct vcpu *v = p->rq[i];

		if (v == next)
			continue;
		if (v->state == VCPU_BLOCKED && vtimer_deadline(v) < t)
			t = vtimer_deadline(v);
		if (v->state != VCPU_RUNNABLE || !next)
			continue;
		if (reserved(v) && v->period_end < t)
			t = v->period_end;
		if (eligible(v) && same_rank(next, v) && p->slice_end < t)
			t = p->slice_end;
	}
	if (next && reserved(next)) {
		if (p->charged_at + next->budget_left < t)
			t = p->charged_at + next->budget_left;
		if (next->period_end < t)
			t = next->period_end;
	}
	if (t == UINT64_MAX) {
		write_sysreg(CNTHP_CTL_EL2, 0);
	} else {
		write_sysreg(CNTHP_CVAL_EL2, t);
		write_sysreg(CNTHP_CTL_EL2, CNT_ENABLE);
	}
}

static unsigned switch_reason(const struct vcpu *prev, unsigned reason)
{
	if (!prev)
		return SWITCH_WOKEN;
	switch (prev->state) {
	case VCPU_STOPPED:
		return SWITCH_VM_STOPPED;
	case VCPU_BLOCKED:
		return SWITCH_BLOCKED_WFI;
	case VCPU_OFF:
		return SWITCH_YIELD;
	default:
		return reserved(prev) && !prev->budget_left ? SWITCH_BUDGET_EXHAUSTED : reason;
	}
}

/*
 * The scheduling decision: charge the running vCPU, pick, switch, and
 * program the timer; with nothing to run, wait for an interrupt and decide
 * again. Returns the vCPU to enter.
 */
static struct vcpu *schedule(struct pcpu *p, unsigned reason)
{
	for (;;) {
		struct vcpu *prev = p->cur, *next;
		uint64_t now;

		spin_lock(&p->lock);
		now = now_ticks();
		if (prev) {
			charge(p, prev, now);
			if (now >= p->slice_end || reason == SWITCH_YIELD)
				prev->rr_seq = ++p->rr_counter;
		}
		p->charged_at = now;
		if (cfg->scheduler == HYP_SCHED_STATIC)
			next = p->nrq && p->rq[0]->state == VCPU_RUNNABLE ? p->rq[0] : NULL;
		else
			next = pick(p, now);
		if (next != prev) {
			unsigned why = switch_reason(prev, reason);

			if (why == SWITCH_BUDGET_EXHAUSTED)
				trace_event(TRACE_EV_BUDGET, 0, prev->id, 0);
			trace_event(TRACE_EV_SWITCH, why, prev ? prev->id : TRACE_VCPU_IDLE,
				    next ? next->id : TRACE_VCPU_IDLE);
			p->slice_end = now + cfg->timeslice_us * ticks_per_us;
			p->cur = next;
		} else if (now >= p->slice_end) {
			p->slice_end = now + cfg->timeslice_us * ticks_per_us;
		}
		if (cfg->scheduler == HYP_SCHED_PRIORITY)
			program_timer(p, next);
		spin_unlock(&p->lock);

		if (next != prev) {
			if (prev)
				vcpu_put(p, prev);
			if (next)
				vcpu_load(p, next);
		}
		p->resched = 0;
		if (next)
			return next;
		wfi();
		irq_handle(p);
		reason = SWITCH_WOKEN;
	}
}

/*
 * The run ends on this core: the vCPU it ran stops here in the trace, so
 * that what follows (draining the console at the UART's pace) is the
 * hypervisor's own time, not the last VM's.
 */
void sched_end(struct pcpu *p)
{
	if (p->cur)
		trace_event(TRACE_EV_SWITCH, SWITCH_VM_STOPPED, p->cur->id, TRACE_VCPU_IDLE);
	p->cur = NULL;
}

/* After every exit: decide again if something asked for it, then deliver interrupts. */
struct vcpu *sched_resume(struct pcpu *p)
{
	struct vcpu *v = p->cur;

	if (p->resched || v->state != VCPU_RUNNABLE)
		v = schedule(p, p->resched ? p->resched : SWITCH_PREEMPTED);
	vgic_flush(p, v);
	return v;
}

_Noreturn void sched_start(struct pcpu *p)
{
	struct vcpu *v;

	p->slice_end = now_ticks();
	v = schedule(p, SWITCH_WOKEN);
	vgic_flush(p, v);
	guest_enter(v);
}

/* A virtual interrupt for a vCPU in WFI: runnable again. Under its core's lock. */
bool sched_wake_locked(struct vcpu *v)
{
	if (v->state != VCPU_BLOCKED)
		return false;
	v->state = VCPU_RUNNABLE;
	return true;
}

/*
 * Guest WFI (HCR_EL2.TWI): block unless a virtual interrupt is already there.
 * The decision that follows (program_timer) wakes a blocked vCPU by its
 * saved virtual timer, which vcpu_put saves only after it: the timer the
 * guest armed before its WFI is saved now, or the first one it arms would
 * never wake it and a re-armed one would be seen at its old deadline.
 */
void sched_block(struct pcpu *p, struct vcpu *v)
{
	uint64_t ctl = read_sysreg(cntv_ctl_el0), cval = read_sysreg(cntv_cval_el0);

	spin_lock(&p->lock);
	if (!vgic_has_pending(v)) {
		v->el1.cntv_ctl = ctl;
		v->el1.cntv_cval = cval;
		v->state = VCPU_BLOCKED;
		p->resched = SWITCH_BLOCKED_WFI;
	}
	spin_unlock(&p->lock);
}

void sched_yield(struct pcpu *p)
{
	p->resched = SWITCH_YIELD;
}

/* PPI 26: a timer this file programmed. Wake the vCPUs whose virtual timer fired. */
void sched_timer_expired(struct pcpu *p)
{
	uint64_t now = now_ticks();

	write_sysreg(CNTHP_CTL_EL2, 0);
	spin_lock(&p->lock);
	for (unsigned i = 0; i < p->nrq; i++)
		if (p->rq[i]->state == VCPU_BLOCKED && vtimer_deadline(p->rq[i]) <= now)
			p->rq[i]->state = VCPU_RUNNABLE;
	spin_unlock(&p->lock);
	if (!p->resched)
		p->resched = SWITCH_PREEMPTED;
}

/* PSCI CPU_ON, HYP_VCPU_ON: false if the vCPU is not off. */
bool sched_vcpu_start(struct vcpu *v, uint64_t entry, uint64_t context)
{
	struct pcpu *q = &pcpus[v->core];
	bool started = false;

	spin_lock(&q->lock);
	if (v->state == VCPU_OFF && v->vm->state == VM_RUNNING) {
		vcpu_reset(v, entry, context);
		if (q->fp_owner == v)   /* its old FP/SIMD values must not come back */
			q->fp_owner = NULL;
		v->state = VCPU_RUNNABLE;
		started = true;
	}
	spin_unlock(&q->lock);
	if (started && q != this_pcpu())
		gic_kick(v->core);
	else if (started && !q->resched)
		q->resched = SWITCH_WOKEN;
	return started;
}

/* PSCI CPU_OFF of the calling vCPU. */
void sched_vcpu_off(struct pcpu *p, struct vcpu *v)
{
	spin_lock(&p->lock);
	v->state = VCPU_OFF;
	spin_unlock(&p->lock);
	p->resched = SWITCH_YIELD;
}
