/*
 * mem.h - the physical address space of the SoC: RAM and device windows.
 *
 * RAM is one host buffer shared by every execution engine of every core, so
 * a store on one core is seen by all. Devices claim windows and receive
 * accesses through callbacks that say which core made them. Every physical
 * address that is neither RAM nor a device is a hole: an access that reaches
 * one is a bus error (an external abort).
 *
 * Not a cache or a TLB: timing belongs to sim/timing.
 */
#ifndef PHONESIM_MEM_H
#define PHONESIM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEM_MAX_DEVICES 32

/*
 * A device window's callbacks: offset is from the window base. The engine
 * delivers accesses of 1, 2 or 4 bytes; a wider one (LDR X, STP) arrives as
 * 4-byte pieces in ascending order (Unicorn 2.0.1 fixes that limit), which
 * devices with 64-bit registers accept as the two halves.
 */
struct mmio_ops {
	uint64_t (*read)(void *opaque, unsigned cpu, uint64_t offset, unsigned size);
	void (*write)(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value);
};

struct mmio_window {
	const char *name;
	uint64_t base, size;
	const struct mmio_ops *ops;
	void *opaque;
};

struct phys_mem {
	uint8_t *ram;
	uint64_t ram_base, ram_size;
	unsigned nwindows;
	struct mmio_window window[MEM_MAX_DEVICES];
};

/* Allocates zeroed RAM (pages are committed by the host on first touch). */
int mem_init(struct phys_mem *m, uint64_t ram_base, uint64_t ram_size);
void mem_free(struct phys_mem *m);

/* Claims a device window; windows may not overlap RAM or each other. */
int mem_add_window(struct phys_mem *m, const struct mmio_window *w);

/* True when [pa, pa + len) lies wholly in RAM. */
static inline bool mem_is_ram(const struct phys_mem *m, uint64_t pa, uint64_t len)
{
	return pa >= m->ram_base && len <= m->ram_size &&
	       pa - m->ram_base <= m->ram_size - len;
}

/* Host pointer to RAM at pa; the caller has checked mem_is_ram. */
static inline void *mem_ram_ptr(const struct phys_mem *m, uint64_t pa)
{
	return m->ram + (pa - m->ram_base);
}

/* One 64-bit translation table descriptor (a walk_read64_fn over RAM). */
bool mem_read_desc(void *mem, uint64_t pa, uint64_t *val);

/* Bounded copies between RAM and host buffers; false outside RAM. */
bool mem_read(const struct phys_mem *m, uint64_t pa, void *buf, size_t len);
bool mem_write(struct phys_mem *m, uint64_t pa, const void *buf, size_t len);

#endif
