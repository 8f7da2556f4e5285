/*
 * regs.h - the register access rules the SoC's own peripherals share
 * (storage, the power controller, and the frame-clock devices: the modem
 * and the display):
 *
 *   - registers are 32 bits wide and take aligned 32-bit accesses (a wider
 *     access reaches the device as 32-bit halves); any other access is
 *     refused as a bus error on a 32-bit peripheral bus would be: an
 *     External abort (an SError) for the core that made it, and nothing
 *     else happens;
 *   - offsets with no register read as zero and ignore writes (RAZ/WI);
 *   - a guest's misuse of a register is noted on stderr
 *     (machine_device_note) once per register, however often it repeats.
 *
 * A device keeps a struct reg_window, checks each access with
 * reg_access_ok and notes what its registers refuse with reg_note.
 *
 * Not for the PL011, which also takes 8- and 16-bit accesses as the TRM
 * and Linux's driver have it, and notes with its own keys (pl011.c).
 */
#ifndef PHONESIM_REGS_H
#define PHONESIM_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "platform.h"

struct machine;

/* A device's window of 32-bit registers, and the misuses noted there. */
struct reg_window {
	struct machine *m;
	const char *device;             /* names the notes */
	uint64_t base;                  /* of the window, PLAT_DEVICE_SIZE bytes */
	uint64_t noted[PLAT_DEVICE_SIZE / 4 / 64];      /* a bit per register */
};

/* Nothing noted yet. */
void reg_window_init(struct reg_window *w, struct machine *m, const char *device,
		     uint64_t base);

/*
 * Notes a misuse of the register holding offset, "offset 0x0040: what",
 * unless that register already had a note.
 */
void reg_note(struct reg_window *w, unsigned cpu, uint64_t offset, const char *what);

/*
 * True for an aligned 32-bit access. Anything else is noted and refused
 * with an External abort at base + offset for core cpu: false, and the
 * device does nothing (a read returns 0).
 */
bool reg_access_ok(struct reg_window *w, unsigned cpu, uint64_t offset, unsigned size);

#endif
