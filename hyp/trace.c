/*
 * trace.c - writing an event to the trace port: DATA0, DATA1, then the
 * event word, which records the event at the simulated time of that write.
 * One lock for all cores: the port has one register pair, and an event's
 * three writes must not interleave with another core's.
 */
#include "hyp.h"
#include "trace.h"

#if HYP_TRACE
static spinlock_t trace_lock;

void trace_event(unsigned kind, unsigned arg, uint64_t data0, uint64_t data1)
{
	uint64_t port = cfg->trace_port;

	if (!port)
		return;
	spin_lock(&trace_lock);
	mmio_write64(port + TRACE_PORT_DATA0, data0);
	mmio_write64(port + TRACE_PORT_DATA1, data1);
	mmio_write64(port + TRACE_PORT_EVENT, kind | this_pcpu()->id << 8 | (arg & 0xff) << 16);
	spin_unlock(&trace_lock);
}
#endif
