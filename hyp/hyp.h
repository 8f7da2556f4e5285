/*
 * hyp.h - the hypervisor's state: physical cores, VMs, vCPUs, and the
 * interfaces between its parts (one concern per file, listed below).
 *
 * Everything is allocated statically from the limits of config.h: the
 * hypervisor has no heap. The configuration itself is read-only after boot.
 * Not here: architectural constants (arch.h), the guest-visible ABI (abi.h).
 */
#ifndef HYP_HYP_H
#define HYP_HYP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"
#include "config.h"
#include "arch.h"
#include "lock.h"

/* What the entry code saves on every exit from a guest (layout known to entry.S). */
struct guest_regs {
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t pc;                    /* ELR_EL2 */
	uint64_t pstate;                /* SPSR_EL2 */
};

/* FP/SIMD registers, saved lazily (fp.S). */
struct fp_regs {
	uint64_t q[64];                 /* V0-V31, 128 bits each */
	uint64_t fpcr, fpsr;
} __attribute__((aligned(16)));

/* The EL1 system registers a guest kernel uses (vcpu.c switches them). */
struct el1_regs {
	uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar;
	uint64_t contextidr, tpidr_el0, tpidr_el1, tpidrro, esr, far, afsr0, afsr1;
	uint64_t par, cntkctl, cntv_ctl, cntv_cval, sp_el1, elr, spsr, csselr;
};

/* A vCPU's virtual CPU interface (vgic.c). */
struct vgic_regs {
	uint64_t lr[NR_LRS];
	uint64_t vmcr, ap0r0, ap1r0;
	bool timer_active;              /* the physical PPI 27 was active for it */
};

enum vcpu_state {
	VCPU_OFF,                       /* not started, or PSCI CPU_OFF */
	VCPU_RUNNABLE,
	VCPU_BLOCKED,                   /* WFI: until a virtual interrupt */
	VCPU_STOPPED,                   /* its VM exited or was stopped */
};

struct vm;

struct vcpu {
	struct guest_regs regs;         /* first: entry.S addresses it */
	struct fp_regs fp;
	struct el1_regs el1;
	struct vgic_regs gic;
	struct vm *vm;
	unsigned idx;                   /* in its VM */
	unsigned core;                  /* the physical core it is placed on */
	uint32_t id;                    /* TRACE_VCPU_ID */

	/* Under the lock of its core (pcpu.lock). */
	enum vcpu_state state;
	uint64_t pending[NR_VIRQS / 64];        /* virtual INTIDs to deliver */
	uint64_t hw[NR_VIRQS / 64];             /* of those, backed by a physical one */
	uint64_t budget_left;           /* ticks of its reservation left in this period */
	uint64_t period_end;            /* tick at which the reservation is replenished */
	uint64_t rr_seq;                /* round robin: lowest runs first at equal rank */
};

enum vm_state { VM_RUNNING, VM_EXITED, VM_STOPPED };

/* A virtual PL011's transmit side: a line buffer printed with the VM's name. */
struct vm_console {
	char line[120];
	unsigned len;
};

struct vm {
	const struct hyp_vm_config *cfg;
	unsigned idx;
	uint64_t vttbr;                 /* stage 2 root | VMID */
	uint64_t cntvoff;               /* its virtual count starts at 0 at boot */
	uint64_t budget, period;        /* reservation in counter ticks; 0: none */
	enum vm_state state;            /* under vm_lock (vm.c) */
	int status;
	struct vm_console con;          /* under console_lock (console.c) */
	uint32_t vpl011_regs[16];       /* the emulated PL011's writable registers */
	struct vcpu vcpu[HYP_MAX_VCPUS];
};

/* One physical core. TPIDR_EL2 points here; entry.S uses the first two fields. */
struct pcpu {
	struct vcpu *cur;               /* the vCPU whose registers are loaded, or NULL */
	uint64_t stack_top;
	unsigned id;
	spinlock_t lock;                /* its run queue, and its vCPUs' scheduling state */
	struct vcpu *rq[HYP_MAX_VMS * HYP_MAX_VCPUS];   /* vCPUs placed here */
	unsigned nrq;
	unsigned resched;               /* a SWITCH_* reason: schedule before resuming; 0: none */
	uint64_t slice_end;             /* when cur's round-robin slice ends */
	uint64_t charged_at;            /* cur's time is charged up to here */
	uint64_t rr_counter;
	struct vcpu *fp_owner;          /* whose FP/SIMD registers the core holds */
};

extern const struct hyp_config *cfg;
extern struct vm vms[HYP_MAX_VMS];
extern struct pcpu pcpus[HYP_MAX_CORES];
extern uint64_t ticks_per_us;

static inline struct pcpu *this_pcpu(void)
{
	struct pcpu *p;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(p));
	return p;
}

/* [base, base + len) lies in [lo, lo + size): overflow-safe. */
static inline bool range_inside(uint64_t base, uint64_t len, uint64_t lo, uint64_t size)
{
	return base >= lo && len <= size && base - lo <= size - len;
}

/* lib.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* console.c: the physical console and the hypervisor's own messages. */
void console_init(void);
void console_vm_write(struct vm *vm, const char *s, uint64_t len);
void console_vm_flush(struct vm *vm);
void console_irq(void);
void hyp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
unsigned hyp_vformat(char *out, unsigned size, const char *fmt, va_list ap);
void console_drain_all(void);
unsigned console_intid(void);
void semihost_write0(const char *s);
_Noreturn void semihost_exit(int status);

/* mmu.c: the EL2 stage 1 and the VMs' stage 2 tables. */
void mmu_init_el2(uint64_t text_start, uint64_t text_end);
void mmu_enable_el2(void);
uint64_t mmu_build_stage2(const struct hyp_vm_config *v, unsigned vm_idx);

/* boot.c: a configuration error (one line, exit status 2). */
_Noreturn void boot_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* entry.S, fp.S */
_Noreturn void guest_enter(struct vcpu *v);
void fp_save(struct fp_regs *fp);
void fp_restore(const struct fp_regs *fp);
extern char hyp_vectors[];

/* vcpu.c: the world switch. */
void vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t x0);
void vcpu_load(struct pcpu *p, struct vcpu *v);
void vcpu_put(struct pcpu *p, struct vcpu *v);
void vcpu_fp_trap(struct pcpu *p, struct vcpu *v);

/* vgic.c: virtual interrupts and the physical ones the hypervisor receives. */
void gic_init_dist(void);
void gic_init_cpu(unsigned core);
void vgic_inject(struct vcpu *v, unsigned intid, bool hw);
void vgic_flush(struct pcpu *p, struct vcpu *v);
bool vgic_has_pending(struct vcpu *v);
void vgic_save(struct vcpu *v);
void vgic_restore(struct vcpu *v);
void vgic_sgi_trap(struct vcpu *v, uint64_t value);
void irq_handle(struct pcpu *p);
void gic_kick(unsigned core);
void gic_release_vm(struct vm *vm);

/* sched.c */
void sched_place(struct vcpu *v);
struct vcpu *sched_resume(struct pcpu *p);
_Noreturn void sched_start(struct pcpu *p);
bool sched_wake_locked(struct vcpu *v);
void sched_block(struct pcpu *p, struct vcpu *v);
void sched_yield(struct pcpu *p);
void sched_timer_expired(struct pcpu *p);
bool sched_vcpu_start(struct vcpu *v, uint64_t entry, uint64_t context);
void sched_vcpu_off(struct pcpu *p, struct vcpu *v);
void sched_end(struct pcpu *p);

/* trap.c: synchronous exceptions from guests. */
void trap_sync(struct pcpu *p, struct vcpu *v);

/* hypercall.c, psci.c, msgq.c, vpl011.c, vgicd.c */
void hypercall(struct pcpu *p, struct vcpu *v);
bool psci_call(struct pcpu *p, struct vcpu *v, uint32_t fn);
void msgq_init(void);
int64_t msgq_send(struct vm *vm, uint64_t q, uint64_t buf, uint64_t len);
int64_t msgq_recv(struct vm *vm, uint64_t q, uint64_t buf, uint64_t size, uint64_t *len);
bool vpl011_access(struct vcpu *v, uint64_t ipa, uint32_t esr);
void vgicd_reset(struct vm *vm);
bool vgicd_access(struct vcpu *v, uint64_t ipa, uint32_t esr);
bool vgicd_admit(struct vm *vm, unsigned intid);
uint8_t vgicd_priority(const struct vm *vm, unsigned intid);

/* vm.c: VMs, their ends, and the end of the run. */
void vm_init_all(void);
void vm_exit(struct vm *vm, int status);
void vm_fault(struct vcpu *v, uint32_t esr, uint64_t far, const char *what);
bool vm_owns_range(const struct vm *vm, uint64_t base, uint64_t len);
_Noreturn void hyp_panic(const char *what, uint64_t a, uint64_t b);

#endif
