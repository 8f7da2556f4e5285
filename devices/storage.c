/*
 * storage.c - the phone's block storage controller, a UFS 3.1 class part
 * behind a single-command DMA interface. docs/storage.md is the contract
 * guests are written against; storage.h holds its register numbers.
 *
 * One command at a time: the guest fills LBA, BUF and COUNT and writes an
 * opcode to CMD. A command that fails its checks completes at once and
 * moves nothing; an accepted one completes, in simulated time, after the
 * part's latency plus its size over the part's bandwidth, and its data move
 * between the medium and RAM only then. Completion sets INT_STATUS.DONE,
 * which drives a level interrupt until the guest clears it.
 *
 * The medium is host memory, zeroed (storage.size_mib), or a mapping of an
 * image file (storage.image): read-only unless storage.writable=1, so a
 * guest can only ever write inside that file.
 *
 * Namespaces: frame 0 is the whole medium, frames 1-14 consecutive
 * partitions of it (storage.nsN_blocks), each with its own registers,
 * command slot and interrupt. Their commands share the one medium: they
 * are served one at a time in the order they were issued. Each namespace's
 * DMA is confined to a window of physical memory that the control frame
 * (15) sets, since there is no SMMU.
 *
 * Not here: a queue of commands per namespace, a model of the flash
 * itself (wear, caches, garbage collection).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine.h"
#include "platform.h"
#include "regs.h"
#include "storage.h"

/*
 * Defaults: a UFS 3.1 part (docs/storage.md, "Timing"). Bandwidths are
 * Samsung's 512 GB eUFS 3.1 (March 2020): 2100 MB/s read, 1200 MB/s write.
 * Read latency: the 50 us array read of the 5th-generation V-NAND it is
 * built on, plus about 10 us of UFS command and response. Write latency: a
 * write is acknowledged from the device's buffer, long before the 500 us
 * TLC program; 30 us is an estimate.
 */
#define DEF_READ_LATENCY_US     60
#define DEF_WRITE_LATENCY_US    30
#define DEF_READ_MBPS           2100
#define DEF_WRITE_MBPS          1200
#define DEF_SIZE_MIB            64
#define DEF_BLOCK_SIZE          4096
#define MAX_SIZE_MIB            65536
#define MAX_LATENCY_US          1000000
#define MAX_MBPS                1000000

_Static_assert(STORAGE_NAMESPACES <= DEVICE_MAX_INTIDS, "describe(): an INTID per namespace");

enum direction { DIR_READ, DIR_WRITE };

struct command {
	uint32_t op, count;
	uint64_t lba, buf;
};

/* What a guest can see and change in a namespace's frame; reset clears all of it. */
struct storage_regs {
	uint64_t lba, buf;
	uint32_t count, cmd;
	uint32_t error;                 /* STATUS.ERROR */
	bool busy;                      /* STATUS.BUSY: inflight is queued or being served */
	uint32_t int_status, int_enable;
	struct command inflight;
};

struct namespace {
	uint64_t first, blocks;         /* its range of the medium; blocks 0: none */
	uint64_t dma_base, dma_size;    /* the control frame's window for it */
	struct storage_regs r;
	bool line;                      /* its interrupt output, as driven */
};

struct storage {
	struct machine *m;
	uint8_t *medium;                /* NULL when the image could not be opened */
	uint64_t medium_bytes;
	uint32_t block_size;
	bool write_protected;
	uint64_t latency_ns[2];         /* by enum direction */
	uint64_t mbps[2];               /* MB/s: 10^6 bytes a second */
	struct namespace ns[STORAGE_NAMESPACES];
	/* The medium serves one command at a time; the others wait in issue order. */
	int serving;                    /* the namespace being served, or -1 */
	uint64_t serving_until;         /* its completion time, in ns */
	uint8_t waiting[STORAGE_NAMESPACES];
	unsigned nwaiting;
	struct event done;
	struct reg_window regs;         /* access rules, misuse noted */
	char error[256];
};

/* ------------------------------------------------------------ medium */

static uint64_t capacity(const struct storage *s)
{
	return s->medium_bytes / s->block_size;
}

/* Composes a bad-input message in the device's own buffer. */
static const char *fail(struct storage *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->error, sizeof(s->error), fmt, ap);
	va_end(ap);
	return s->error;
}

/* Zeroed, so every run starts from the same medium; pages cost nothing until written. */
static bool map_memory(struct storage *s, uint64_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return false;
	s->medium = p;
	s->medium_bytes = bytes;
	return true;
}

/*
 * A read-only image is mapped privately and never written (the checks
 * refuse WRITE and TRIM); a writable one is shared, so the file receives
 * the guest's writes. Returns NULL, or a bad-input message.
 */
static const char *map_image(struct storage *s, const char *path, bool writable)
{
	int fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	const char *why = NULL;
	struct stat st;
	void *p;

	if (fd < 0)
		return fail(s, "storage.image: cannot open '%s'%s: %s", path,
			    writable ? " for writing" : "", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		why = fail(s, "storage.image: '%s' is not a regular file", path);
	else if (st.st_size == 0 || st.st_size % s->block_size)
		why = fail(s, "storage.image: '%s' is %jd bytes, not a whole number of %" PRIu32
			   "-byte blocks", path, (intmax_t)st.st_size, s->block_size);
	if (!why) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ | (writable ? PROT_WRITE : 0),
			 writable ? MAP_SHARED : MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			why = fail(s, "storage.image: cannot map '%s': %s", path, strerror(errno));
		} else {
			s->medium = p;
			s->medium_bytes = (uint64_t)st.st_size;
		}
	}
	close(fd);
	return why;
}

/* ------------------------------------------------------------ commands */

static uint64_t command_bytes(const struct storage *s, const struct command *c)
{
	return c->op == STORAGE_OP_READ || c->op == STORAGE_OP_WRITE ?
	       (uint64_t)c->count * s->block_size : 0;
}

/* [a, a + len) inside [base, base + size), with nothing that can wrap. */
static bool inside(uint64_t base, uint64_t size, uint64_t a, uint64_t len)
{
	return a >= base && a - base <= size && len <= size - (a - base);
}

/* The first error that applies, in the order docs/storage.md lists them. */
static uint32_t check(const struct storage *s, const struct namespace *ns,
		      const struct command *c)
{
	if (c->op < STORAGE_OP_READ || c->op > STORAGE_OP_TRIM)
		return STORAGE_ERR_BAD_OPCODE;
	if (c->op == STORAGE_OP_FLUSH)
		return STORAGE_ERR_NONE;
	if (c->count == 0)
		return STORAGE_ERR_BAD_COUNT;
	if (c->lba > ns->blocks || c->count > ns->blocks - c->lba)
		return STORAGE_ERR_RANGE;
	if (c->op != STORAGE_OP_READ && s->write_protected)
		return STORAGE_ERR_WP;
	if (command_bytes(s, c) && (!mem_is_ram(&s->m->mem, c->buf, command_bytes(s, c)) ||
				    !inside(ns->dma_base, ns->dma_size, c->buf, command_bytes(s, c))))
		return STORAGE_ERR_BAD_BUFFER;
	return STORAGE_ERR_NONE;
}

/* Latency, then the data at the part's bandwidth, rounded up: never early. */
static uint64_t duration_ns(const struct storage *s, const struct command *c)
{
	enum direction d = c->op == STORAGE_OP_READ ? DIR_READ : DIR_WRITE;
	uint64_t bytes = command_bytes(s, c);

	return s->latency_ns[d] + (bytes * 1000 + s->mbps[d] - 1) / s->mbps[d];
}

/* The DMA, and TRIM's zeroing: all at completion. check() made it safe. */
static void perform(struct storage *s, const struct namespace *ns, const struct command *c)
{
	uint8_t *blocks = s->medium + (ns->first + c->lba) * s->block_size;
	uint64_t bytes = (uint64_t)c->count * s->block_size;

	switch (c->op) {
	case STORAGE_OP_READ:
		memcpy(mem_ram_ptr(&s->m->mem, c->buf), blocks, bytes);
		machine_ram_written(s->m, c->buf, bytes);
		break;
	case STORAGE_OP_WRITE:
		memcpy(blocks, mem_ram_ptr(&s->m->mem, c->buf), bytes);
		break;
	case STORAGE_OP_TRIM:
		memset(blocks, 0, bytes);
		break;
	}
}

static void update_line(struct storage *s, unsigned n)
{
	struct namespace *ns = &s->ns[n];
	bool level = ns->r.int_status & ns->r.int_enable;

	if (level != ns->line) {
		ns->line = level;
		machine_set_irq(s->m, 0, PLAT_INTID_STORAGE_NS(n), level);
	}
}

static void complete(struct storage *s, unsigned n, uint32_t error)
{
	struct namespace *ns = &s->ns[n];

	ns->r.busy = false;
	ns->r.error = error;
	ns->r.int_status |= STORAGE_INT_DONE;
	update_line(s, n);
}

static void on_done(void *opaque, uint64_t now_ns);

/*
 * Namespace n's command goes to the medium at start_ns. Returns false when
 * the simulator's event queue is full (never from on_done, whose event has
 * just left the queue).
 */
static bool serve(struct storage *s, unsigned n, uint64_t start_ns)
{
	s->serving = (int)n;
	s->serving_until = start_ns + duration_ns(s, &s->ns[n].r.inflight);
	return event_schedule(&s->m->events, &s->done, s->serving_until, on_done, s) == 0;
}

/* The command served completes; the next one waiting starts at that moment. */
static void on_done(void *opaque, uint64_t now_ns)
{
	struct storage *s = opaque;
	unsigned n = (unsigned)s->serving;

	(void)now_ns;
	perform(s, &s->ns[n], &s->ns[n].r.inflight);
	complete(s, n, STORAGE_ERR_NONE);
	s->serving = -1;
	if (s->nwaiting) {
		unsigned next = s->waiting[0];

		memmove(s->waiting, s->waiting + 1, --s->nwaiting);
		serve(s, next, s->serving_until);
	}
}

/* A write to namespace n's CMD: the command takes LBA, BUF and COUNT as they are now. */
static void submit(struct storage *s, unsigned n, unsigned cpu, uint32_t op)
{
	struct namespace *ns = &s->ns[n];
	struct command c = { .op = op, .count = ns->r.count, .lba = ns->r.lba, .buf = ns->r.buf };
	struct core *core = &s->m->core[cpu];
	uint32_t error;

	ns->r.cmd = op;
	if (ns->r.busy) {
		/* Dropped; the command in flight goes on and will set ERROR again. */
		ns->r.error = STORAGE_ERR_BUSY;
		return;
	}
	error = check(s, ns, &c);
	if (error != STORAGE_ERR_NONE) {
		complete(s, n, error);
		return;
	}
	ns->r.busy = true;
	ns->r.error = STORAGE_ERR_NONE;
	ns->r.inflight = c;
	/* At most one command per namespace is in flight: waiting has room. */
	if (s->serving >= 0)
		s->waiting[s->nwaiting++] = (uint8_t)n;
	else if (!serve(s, n, core_ns(core)))
		core_stop(core, "storage: the simulator's event queue is full");
}

/* ----------------------------------------------------------- registers */

static void set_half(uint64_t *reg, uint64_t offset, uint64_t value)
{
	unsigned shift = offset % 8 ? 32 : 0;

	*reg = (*reg & ~(0xffffffffull << shift)) | (value & 0xffffffffull) << shift;
}

static uint32_t get_half(uint64_t reg, uint64_t offset)
{
	return (uint32_t)(offset % 8 ? reg >> 32 : reg);
}

/*
 * The control frame: its ID and a DMA window per namespace, as LO/HI pairs.
 * offset is the window's (for the notes of misuse).
 */
static uint64_t *ctl_reg(struct storage *s, uint64_t offset)
{
	uint64_t reg = offset % STORAGE_FRAME_SIZE;
	unsigned n = (unsigned)(reg - STORAGE_CTL_DMA_BASE(0)) / 0x10;

	if (reg < STORAGE_CTL_DMA_BASE(0) || n >= STORAGE_NAMESPACES)
		return NULL;
	return reg % 0x10 < 8 ? &s->ns[n].dma_base : &s->ns[n].dma_size;
}

static uint64_t ctl_read(struct storage *s, unsigned cpu, uint64_t offset)
{
	uint64_t *reg = ctl_reg(s, offset);

	if (offset % STORAGE_FRAME_SIZE == STORAGE_CTL_ID)
		return STORAGE_CTL_ID_VALUE;
	if (reg)
		return get_half(*reg, offset);
	reg_note(&s->regs, cpu, offset, "read of a reserved register (RAZ)");
	return 0;
}

static void ctl_write(struct storage *s, unsigned cpu, uint64_t offset, uint64_t value)
{
	uint64_t *reg = ctl_reg(s, offset);

	if (reg)
		set_half(reg, offset, value);
	else
		reg_note(&s->regs, cpu, offset, "write to a read-only or reserved register (ignored)");
}

/*
 * Registers are 32 bits, accessed whole (64-bit accesses arrive as two
 * halves); anything else is refused as a bus error, as an AXI slave answers
 * SLVERR (reg_access_ok). offset is the window's; n the frame, reg the
 * offset inside it.
 */
static uint64_t mmio_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size)
{
	struct storage *s = opaque;
	unsigned n = (unsigned)(offset / STORAGE_FRAME_SIZE);
	uint64_t reg = offset % STORAGE_FRAME_SIZE;
	struct namespace *ns = &s->ns[n % STORAGE_NAMESPACES];

	if (!reg_access_ok(&s->regs, cpu, offset, size))
		return 0;
	if (n == STORAGE_CTL_FRAME)
		return ctl_read(s, cpu, offset);
	/* Reading a frame's ID is how software finds the namespaces: no misuse. */
	if (!ns->blocks) {
		if (reg != STORAGE_ID)
			reg_note(&s->regs, cpu, offset, "read of a namespace frame that does not exist");
		return 0;
	}
	switch (reg) {
	case STORAGE_ID:
		return STORAGE_ID_VALUE;
	case STORAGE_VERSION:
		return STORAGE_VERSION_VALUE;
	case STORAGE_BLOCK_SIZE:
		return s->block_size;
	case STORAGE_FLAGS:
		return s->write_protected ? STORAGE_FLAG_WP : 0;
	case STORAGE_CAPACITY_LO:
	case STORAGE_CAPACITY_HI:
		return get_half(ns->blocks, reg);
	case STORAGE_LBA_LO:
	case STORAGE_LBA_HI:
		return get_half(ns->r.lba, reg);
	case STORAGE_BUF_LO:
	case STORAGE_BUF_HI:
		return get_half(ns->r.buf, reg);
	case STORAGE_COUNT:
		return ns->r.count;
	case STORAGE_CMD:
		return ns->r.cmd;
	case STORAGE_STATUS:
		return (ns->r.busy ? STORAGE_STATUS_BUSY : 0) |
		       ns->r.error << STORAGE_STATUS_ERROR_SHIFT;
	case STORAGE_INT_STATUS:
		return ns->r.int_status;
	case STORAGE_INT_ENABLE:
		return ns->r.int_enable;
	}
	reg_note(&s->regs, cpu, offset, "read of a reserved register (RAZ)");
	return 0;
}

static void mmio_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
	struct storage *s = opaque;
	unsigned n = (unsigned)(offset / STORAGE_FRAME_SIZE);
	uint64_t reg = offset % STORAGE_FRAME_SIZE;
	struct namespace *ns = &s->ns[n % STORAGE_NAMESPACES];

	if (!reg_access_ok(&s->regs, cpu, offset, size))
		return;
	if (n == STORAGE_CTL_FRAME) {
		ctl_write(s, cpu, offset, value);
		return;
	}
	if (!ns->blocks) {
		reg_note(&s->regs, cpu, offset, "write to a namespace frame that does not exist");
		return;
	}
	switch (reg) {
	case STORAGE_LBA_LO:
	case STORAGE_LBA_HI:
		set_half(&ns->r.lba, reg, value);
		return;
	case STORAGE_BUF_LO:
	case STORAGE_BUF_HI:
		set_half(&ns->r.buf, reg, value);
		return;
	case STORAGE_COUNT:
		ns->r.count = (uint32_t)value;
		return;
	case STORAGE_CMD:
		submit(s, n, cpu, (uint32_t)value);
		return;
	case STORAGE_INT_STATUS:
		ns->r.int_status &= ~(uint32_t)value;
		update_line(s, n);
		return;
	case STORAGE_INT_ENABLE:
		ns->r.int_enable = (uint32_t)value & STORAGE_INT_DONE;
		update_line(s, n);
		return;
	case STORAGE_ID:
	case STORAGE_VERSION:
	case STORAGE_BLOCK_SIZE:
	case STORAGE_FLAGS:
	case STORAGE_CAPACITY_LO:
	case STORAGE_CAPACITY_HI:
	case STORAGE_STATUS:
		reg_note(&s->regs, cpu, offset, "write to a read-only register (ignored)");
		return;
	}
	reg_note(&s->regs, cpu, offset, "write to a reserved register (ignored)");
}

static const struct mmio_ops storage_ops = { .read = mmio_read, .write = mmio_write };

/* ------------------------------------------------------------ set-up */

/*
 * No command in flight, registers zero, interrupts low, every DMA window
 * all of RAM (so that software unaware of namespaces keeps working); the
 * medium keeps its data.
 */
static void reset(void *state)
{
	struct storage *s = state;

	event_cancel(&s->m->events, &s->done);
	s->serving = -1;
	s->nwaiting = 0;
	for (unsigned n = 0; n < STORAGE_NAMESPACES; n++) {
		s->ns[n].r = (struct storage_regs){ 0 };
		s->ns[n].dma_base = s->m->mem.ram_base;
		s->ns[n].dma_size = s->m->mem.ram_size;
		update_line(s, n);
	}
}

static void destroy(void *state)
{
	struct storage *s = state;

	if (s->medium)
		munmap(s->medium, s->medium_bytes);
	free(s);
}

static void read_timing(struct storage *s, const char **error)
{
	struct machine *m = s->m;

	s->latency_ns[DIR_READ] = 1000 * machine_param_u64(m, "storage.read_latency_us",
				DEF_READ_LATENCY_US, 0, MAX_LATENCY_US, error);
	s->latency_ns[DIR_WRITE] = 1000 * machine_param_u64(m, "storage.write_latency_us",
				DEF_WRITE_LATENCY_US, 0, MAX_LATENCY_US, error);
	s->mbps[DIR_READ] = machine_param_u64(m, "storage.read_mbps", DEF_READ_MBPS,
					      1, MAX_MBPS, error);
	s->mbps[DIR_WRITE] = machine_param_u64(m, "storage.write_mbps", DEF_WRITE_MBPS,
					       1, MAX_MBPS, error);
}

/*
 * Sets up the medium from the parameters. Returns false only when host
 * memory is short; bad parameters set *error and leave no medium (capacity
 * 0), which the machine reports as bad input.
 */
static bool open_medium(struct storage *s, const char **error)
{
	struct machine *m = s->m;
	const char *image = machine_param_str(m, "storage.image", NULL);
	bool sized = machine_param_str(m, "storage.size_mib", NULL) != NULL;
	uint64_t mib = machine_param_u64(m, "storage.size_mib", DEF_SIZE_MIB, 1, MAX_SIZE_MIB, error);
	bool writable = machine_param_u64(m, "storage.writable", image ? 0 : 1, 0, 1, error);
	uint64_t block = machine_param_u64(m, "storage.block_size", DEF_BLOCK_SIZE, 512, 4096, error);

	s->block_size = (uint32_t)block;
	s->write_protected = !writable;
	if (block != 512 && block != 4096) {
		*error = fail(s, "parameter storage.block_size: '%" PRIu64 "' is neither 512 nor 4096",
			      block);
		return true;
	}
	if (image && sized) {
		*error = fail(s, "storage.image and storage.size_mib exclude each other: "
			      "an image has its own size");
		return true;
	}
	if (image) {
		const char *why = map_image(s, image, writable);

		if (why)
			*error = why;
		return true;
	}
	return map_memory(s, mib << 20);
}

/*
 * Namespace 0 is the whole medium; 1-14 follow each other from block 0, as
 * long as storage.nsN_blocks says (0: no namespace N, and no room taken).
 */
static void lay_out_namespaces(struct storage *s, const char **error)
{
	uint64_t at = 0, cap = capacity(s);
	char name[32];

	s->ns[0].blocks = cap;
	for (unsigned n = 1; n < STORAGE_NAMESPACES; n++) {
		snprintf(name, sizeof(name), "storage.ns%u_blocks", n);
		s->ns[n].blocks = machine_param_u64(s->m, name, 0, 0, cap, error);
		s->ns[n].first = at;
		if (s->ns[n].blocks > cap - at) {
			*error = fail(s, "parameter %s: namespaces 1-%u come to more than the "
				      "medium's %" PRIu64 " blocks", name, n, cap);
			s->ns[n].blocks = 0;
		}
		at += s->ns[n].blocks;
	}
}

static void *create(struct machine *m, const char **error)
{
	struct storage *s = calloc(1, sizeof(*s));
	struct mmio_window w = {
		.name = "storage", .base = PLAT_STORAGE_BASE, .size = PLAT_DEVICE_SIZE,
		.ops = &storage_ops, .opaque = s,
	};

	if (!s) {
		*error = "cannot allocate its state";
		return NULL;
	}
	s->m = m;
	s->done.slot = -1;
	s->serving = -1;
	reg_window_init(&s->regs, m, "storage", PLAT_STORAGE_BASE);
	read_timing(s, error);
	if (!open_medium(s, error)) {
		*error = "cannot allocate the medium in host memory";
		destroy(s);
		return NULL;
	}
	lay_out_namespaces(s, error);
	reset(s);
	if (machine_add_window(m, &w) != 0) {
		*error = "cannot claim its window of the physical map";
		destroy(s);
		return NULL;
	}
	return s;
}

/* Interrupts: namespace 0's, then those of the namespaces that exist, in order. */
static void describe(const void *state, struct device_info *info)
{
	const struct storage *s = state;

	*info = (struct device_info){
		.compatible = "phonesim,storage",
		.nregions = 1,
		.region = { { PLAT_STORAGE_BASE, PLAT_DEVICE_SIZE } },
		.nintids = 1,
		.intid = { PLAT_INTID_STORAGE },
	};
	for (unsigned n = 1; n < STORAGE_NAMESPACES; n++)
		if (s->ns[n].blocks)
			info->intid[info->nintids++] = PLAT_INTID_STORAGE_NS(n);
}

const struct device_type storage_device = {
	.name = "storage",
	.summary = "block storage: UFS 3.1 class timing, one DMA command at a time",
	.create = create,
	.destroy = destroy,
	.reset = reset,
	.describe = describe,
};
