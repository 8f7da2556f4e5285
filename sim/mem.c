/*
 * mem.c - RAM allocation and the device window table (see mem.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "mem.h"

int mem_init(struct phys_mem *m, uint64_t ram_base, uint64_t ram_size)
{
	memset(m, 0, sizeof(*m));
	/* mmap rather than calloc: untouched guest RAM costs the host nothing. */
	void *p = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	m->ram = p;
	m->ram_base = ram_base;
	m->ram_size = ram_size;
	return 0;
}

void mem_free(struct phys_mem *m)
{
	if (m->ram)
		munmap(m->ram, m->ram_size);
	m->ram = NULL;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

int mem_add_window(struct phys_mem *m, const struct mmio_window *w)
{
	if (m->nwindows == MEM_MAX_DEVICES || w->size == 0)
		return -EINVAL;
	if (overlaps(w->base, w->size, m->ram_base, m->ram_size))
		return -EEXIST;
	for (unsigned i = 0; i < m->nwindows; i++)
		if (overlaps(w->base, w->size, m->window[i].base, m->window[i].size))
			return -EEXIST;
	m->window[m->nwindows++] = *w;
	return 0;
}

bool mem_read(const struct phys_mem *m, uint64_t pa, void *buf, size_t len)
{
	if (!mem_is_ram(m, pa, len))
		return false;
	memcpy(buf, mem_ram_ptr(m, pa), len);
	return true;
}

bool mem_write(struct phys_mem *m, uint64_t pa, const void *buf, size_t len)
{
	if (!mem_is_ram(m, pa, len))
		return false;
	memcpy(mem_ram_ptr(m, pa), buf, len);
	return true;
}

bool mem_read_desc(void *mem, uint64_t pa, uint64_t *val)
{
	return mem_read(mem, pa, val, sizeof(*val));
}
