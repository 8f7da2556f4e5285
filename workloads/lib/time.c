/*
 * time.c - the generic timer's virtual counter and timer, and the PMU's
 * cycle counter. Both behave the same natively and in a VM: the
 * hypervisor gives every VM the virtual timer and leaves the PMU to it.
 */
#include "wl.h"

#define PMCR_E                  (1u << 0)
#define PMCR_C                  (1u << 2)       /* reset the cycle counter */
#define PMCR_LC                 (1u << 6)       /* a 64-bit cycle counter */
#define PMCNTEN_C               (1u << 31)
#define PMCCFILTR_NSH           (1u << 27)      /* count at EL2 too (ARM DDI 0487 D13.4) */

uint64_t wl_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v));
	return v;
}

uint64_t wl_counter_hz(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

uint64_t wl_ns(void)
{
	uint64_t c = wl_counter(), hz = wl_counter_hz();

	return c / hz * 1000000000ul + c % hz * 1000000000ul / hz;
}

void wl_cycles_start(void)
{
	__asm__ volatile("msr pmccfiltr_el0, %0\n\t"
			 "msr pmcntenset_el0, %1\n\t"
			 "msr pmcr_el0, %2\n\tisb"
			 : : "r"((uint64_t)PMCCFILTR_NSH), "r"((uint64_t)PMCNTEN_C),
			   "r"((uint64_t)(PMCR_E | PMCR_C | PMCR_LC)) : "memory");
}

uint64_t wl_cycles(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(v));
	return v;
}

void wl_timer_at(uint64_t cval)
{
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
			 : : "r"(cval), "r"(1ul) : "memory");
}

void wl_timer_after(uint64_t ticks)
{
	__asm__ volatile("msr cntv_tval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
			 : : "r"(ticks), "r"(1ul) : "memory");
}

void wl_timer_stop(void)
{
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb" ::: "memory");
}

void wl_wfi(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}
