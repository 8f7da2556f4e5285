/*
 * wl.h - the runtime every workload shares (workloads/lib/): console
 * output and metric lines, hypercalls and the test for a hypervisor
 * underneath, the counters, the GIC CPU interface (and, natively, the
 * distributor and redistributor set-up a hypervisor does for its VMs),
 * the virtual timer, sample statistics, and the C library functions the
 * compiler may call.
 *
 * Workloads run at EL1 either natively (`phonesim run --bare --el 1`, the
 * image alone on the machine) or as a VM of the hypervisor; the same image
 * does both and finds out which at run time (wl_init). What is not here:
 * start-up code and exception vectors, which each workload owns (an RTOS
 * and an OS with EL0 tasks want different ones).
 *
 * Freestanding C for aarch64-none-elf, general registers only.
 */
#ifndef WL_H
#define WL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"

#define WL_UART_BASE    0x09000000ul    /* the PL011 natively, the virtual one in a VM */
#define WL_GICD_BASE    0x08000000ul
#define WL_GICR_BASE    0x080a0000ul
#define WL_GICR_STRIDE  0x20000ul

#define WL_INTID_VTIMER 27
#define WL_INTID_SPURIOUS 1020          /* IAR values from here up mean "none" */

/* --- start-up ----------------------------------------------------------- */

/*
 * Finds out whether a hypervisor is underneath (a HYP_VM_INFO hypercall
 * succeeds; natively the simulator's PSCI answers NOT_SUPPORTED), and
 * starts the cycle counter. Call once on the boot core before anything else.
 */
void wl_init(void);
bool wl_virtualized(void);
unsigned wl_vm_index(void);             /* 0 natively */

/*
 * Whether the device tree DTB (the X0 the workload started with; NULL or
 * a blob that is not one gives false) has a node NAME@ADDR, and ADDR.
 * Natively pass --dtb, in a VM the spec's `dtb`, to get one.
 */
bool wl_fdt_find(const void *dtb, const char *name, uint64_t *unit_address);
/*
 * How long the run is to last, in microseconds: /chosen's
 * phonesim,duration-us (`phonesim run --duration`, scenario key
 * run.duration), or 0 when the tree has none (the workload's own default).
 */
uint32_t wl_duration_us(const void *dtb);

/* --- console ---------------------------------------------------------- */

void wl_putc(char c);
void wl_puts(const char *s);            /* no newline added */
void wl_put_u(uint64_t v);
void wl_put_x(uint64_t v);
void wl_put_fixed(uint64_t v, unsigned decimals);   /* v / 10^decimals */

/*
 * One measurement, one line: "metric WORKLOAD NAME VALUE UNIT". The tests
 * and the reports parse these lines; keep NAME and UNIT free of spaces.
 */
void wl_metric(const char *workload, const char *name, uint64_t value, const char *unit);

/* A check that must hold: otherwise "FAIL file:line what" and exit with status 3. */
#define wl_check(cond, what) \
	do { if (!(cond)) wl_fail(__FILE__, __LINE__, what); } while (0)
_Noreturn void wl_fail(const char *file, unsigned line, const char *what);

/*
 * An exception nobody expected, from a vector: "FAIL WHO: unexpected
 * exception: ESR ... ELR ... FAR ...". The caller then ends the run its
 * own way.
 */
void wl_report_exception(const char *who, uint64_t esr, uint64_t elr, uint64_t far);

/* Ends the workload: HYP_VM_EXIT in a VM, semihosting SYS_EXIT natively. */
_Noreturn void wl_exit(int status);

/* --- hypercalls (hyp/abi.h; natively every call returns HYP_NOT_SUPPORTED) --- */

struct wl_hvc {
	int64_t x0;
	uint64_t x1, x2, x3;
};
struct wl_hvc wl_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* PSCI CPU_ON through HVC (the hypervisor's, or natively the simulator's). */
int64_t wl_cpu_on(uint64_t target, uint64_t entry, uint64_t context);

/* --- time ----------------------------------------------------------------- */

uint64_t wl_counter(void);              /* CNTVCT_EL0, after an ISB */
uint64_t wl_counter_hz(void);           /* CNTFRQ_EL0 */
uint64_t wl_ns(void);                   /* the counter in nanoseconds */
/*
 * PMCCNTR_EL0: core cycles, counting EL0, EL1 and EL2 (PMCCFILTR_EL0.NSH),
 * so a cycle delta across a trap includes the hypervisor's work. Started
 * by wl_init on the boot core, by wl_cycles_start on the others.
 */
uint64_t wl_cycles(void);
void wl_cycles_start(void);

void wl_timer_at(uint64_t cval);        /* CNTV fires when CNTVCT reaches cval */
void wl_timer_after(uint64_t ticks);
void wl_timer_stop(void);
void wl_wfi(void);

/* --- interrupts ----------------------------------------------------------- */

/*
 * This core's CPU interface on (priority mask open, group 1 enabled).
 * Natively it also wakes the core's redistributor; in a VM the hypervisor
 * has done that, and the CPU interface is the virtual one.
 */
void wl_gic_cpu_init(unsigned core);
/*
 * Enables interrupt INTID for this core at priority PRIO (a multiple of 8,
 * lower is more urgent): natively in the redistributor (SGI, PPI) or the
 * distributor (SPI, routed to CORE); in a VM it does nothing, the
 * hypervisor having enabled what the VM owns.
 */
void wl_gic_enable(unsigned intid, unsigned prio, unsigned core);
unsigned wl_gic_ack(void);              /* ICC_IAR1_EL1: an INTID, >= 1020 if none */
void wl_gic_eoi(unsigned intid);        /* ICC_EOIR1_EL1 */
void wl_gic_sgi(unsigned intid, unsigned core_mask);   /* ICC_SGI1R_EL1, affinity 0.0.0 */
static inline void wl_irq_on(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void wl_irq_off(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* --- statistics ------------------------------------------------------------ */

struct wl_summary {
	uint64_t n, min, max, mean, p50, p99;
};
/* Sorts SAMPLES in place and summarizes them (nearest-rank percentiles). */
struct wl_summary wl_summarize(uint64_t *samples, size_t n);
/*
 * Samples of a run whose length is not known in advance: the count, sum,
 * minimum and maximum of all of them, and a buffer BUF[CAP] (CAP even, or
 * 0 for none) holding every STRIDE-th sample, STRIDE doubling whenever the
 * buffer fills, so that it keeps at most CAP samples spread evenly over
 * the run. The summary's n, mean, min and max are over every sample, p50
 * and p99 over those kept: while no more than CAP have come, exactly
 * wl_summarize's. Adding is O(1) but for the halving, O(CAP) once per
 * doubling.
 */
struct wl_samples {
	uint64_t *buf;
	size_t cap, kept;
	uint64_t n, sum, min, max, stride;
};
void wl_samples_init(struct wl_samples *s, uint64_t *buf, size_t cap);
void wl_samples_add(struct wl_samples *s, uint64_t v);
/* Sorts the kept samples in place (p50 and p99 are 0 when none are kept). */
struct wl_summary wl_samples_summary(struct wl_samples *s);
/* Prints the summary as metric lines NAME_mean, NAME_p50, NAME_p99, NAME_min, NAME_max. */
void wl_metric_summary(const char *workload, const char *name, const struct wl_summary *s,
		       const char *unit);

/* --- memory and MMIO ------------------------------------------------------- */

static inline uint32_t wl_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void wl_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint64_t wl_read64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void wl_write64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* The IEEE 802.3 CRC-32 (zlib's, the modem's), continued from CRC (0 to start). */
uint32_t wl_crc32(uint32_t crc, const void *buf, size_t n);

#endif
