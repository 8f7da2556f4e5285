/*
 * trace.h - the hypervisor's events on the trace port (abi.h): scheduling
 * decisions, budget overruns, VM faults. Built with HYP_TRACE=0 the calls
 * compile to nothing; with a configuration whose trace_port is 0 they
 * return at once.
 */
#ifndef HYP_TRACE_H
#define HYP_TRACE_H

#include <stdint.h>

#ifndef HYP_TRACE
#define HYP_TRACE 1
#endif

#if HYP_TRACE
/* kind: TRACE_EV_*; arg: the event word's bits [23:16]. */
void trace_event(unsigned kind, unsigned arg, uint64_t data0, uint64_t data1);
#else
static inline void trace_event(unsigned kind, unsigned arg, uint64_t data0, uint64_t data1)
{
	(void)kind, (void)arg, (void)data0, (void)data1;
}
#endif

#endif
