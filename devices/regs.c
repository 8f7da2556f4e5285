/*
 * regs.c - the register access rules the SoC's own peripherals share
 * (see regs.h).
 */
#include <inttypes.h>

#include "machine.h"
#include "regs.h"

void reg_window_init(struct reg_window *w, struct machine *m, const char *device,
		     uint64_t base)
{
	*w = (struct reg_window){ .m = m, .device = device, .base = base };
}

void reg_note(struct reg_window *w, unsigned cpu, uint64_t offset, const char *what)
{
	uint64_t reg = offset / 4, bit = 1ull << (reg % 64);

	if (w->noted[reg / 64] & bit)
		return;
	w->noted[reg / 64] |= bit;
	machine_device_note(w->m, cpu, w->device, "offset 0x%04" PRIx64 ": %s",
			    offset & ~(uint64_t)3, what);
}

bool reg_access_ok(struct reg_window *w, unsigned cpu, uint64_t offset, unsigned size)
{
	if (size == 4 && offset % 4 == 0)
		return true;
	reg_note(w, cpu, offset, "not an aligned 32-bit access: bus error (External abort)");
	core_external_abort(&w->m->core[cpu], w->base + offset);
	return false;
}
