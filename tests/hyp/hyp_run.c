/*
 * hyp_run.c - the hypervisor tests' host driver: builds the machine as
 * `phonesim run` does, fills struct hyp_config (hyp/config.h) from its
 * options, writes it into the hypervisor's memory after the image, loads
 * the hypervisor and each VM's image, and starts core 0 at EL2 at the
 * hypervisor's entry with X0 = the configuration (semihosting from EL2
 * only). Its exit status is the run's. It stands in for `phonesim run
 * --hyp HYP.elf --vm ...` until the CLI has those options; its option
 * syntax is the one proposed for them (docs/hypervisor.md).
 *
 *   hyp_run --hyp HYP.elf [--cores N] [--ram-mib N] [--timing MODE]
 *           [--sched priority|static] [--timeslice-us N] [--set DEV.KEY=V]
 *           [--max-ns N] [--trace-port ADDR] [--bad-magic]
 *           --vm name=NAME,image=ELF,mem=BASE:SIZE[,vcpus=N][,prio=P]
 *                [,budget=BUDGET_NS:PERIOD_NS][,affinity=MASK[:MASK...]]
 *                [,dev=BASE:SIZE:INTID:pass|vpl011]...   (repeatable)
 *           [--shm BASE:SIZE:VMS:WRITABLE] [--queue SENDER:RECEIVER:MSG_SIZE:DEPTH:NE_INTID:NF_INTID]
 * Numbers take 0x and the suffixes K and M.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../hyp/config.h"
#include "elf.h"
#include "machine.h"
#include "platform.h"

#define HYP_BASE        PLAT_RAM_BASE
#define HYP_SIZE        (4ull << 20)

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "hyp_run: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

static uint64_t num(const char *s, char **end)
{
	char *e;
	uint64_t v = strtoull(s, &e, 0);

	if (e == s)
		die("not a number", s);
	if (*e == 'K')
		v <<= 10, e++;
	else if (*e == 'M')
		v <<= 20, e++;
	if (end)
		*end = e;
	else if (*e)
		die("not a number", s);
	return v;
}

/* Splits s at sep into at most n numbers. */
static unsigned nums(const char *s, char sep, uint64_t *out, unsigned n)
{
	unsigned i = 0;
	char *e;

	for (;;) {
		if (i == n)
			die("too many fields", s);
		out[i++] = num(s, &e);
		if (*e != sep)
			break;
		s = e + 1;
	}
	if (*e && *e != ',')
		die("bad field", s);
	return i;
}

static void parse_vm(struct hyp_config *c, char *spec, const char **image)
{
	struct hyp_vm_config *v = &c->vm[c->nvms];
	uint64_t f[8];

	if (c->nvms == HYP_MAX_VMS)
		die("too many --vm", spec);
	v->nvcpus = 1;
	for (unsigned i = 0; i < HYP_MAX_VCPUS; i++)
		v->vcpu[i].affinity = HYP_AFFINITY_ANY;
	for (char *kv = strtok(spec, ","); kv; kv = strtok(NULL, ",")) {
		char *val = strchr(kv, '=');

		if (!val)
			die("not KEY=VALUE", kv);
		*val++ = 0;
		if (!strcmp(kv, "name")) {
			snprintf(v->name, sizeof(v->name), "%s", val);
		} else if (!strcmp(kv, "image")) {
			*image = val;
		} else if (!strcmp(kv, "mem")) {
			nums(val, ':', f, 2);
			v->mem_base = f[0], v->mem_size = f[1];
		} else if (!strcmp(kv, "vcpus")) {
			v->nvcpus = (uint32_t)num(val, NULL);
		} else if (!strcmp(kv, "prio")) {
			v->priority = (uint32_t)num(val, NULL);
		} else if (!strcmp(kv, "budget")) {
			nums(val, ':', f, 2);
			v->budget_ns = f[0], v->period_ns = f[1];
		} else if (!strcmp(kv, "affinity")) {
			unsigned n = nums(val, ':', f, HYP_MAX_VCPUS);

			for (unsigned i = 0; i < HYP_MAX_VCPUS; i++)
				v->vcpu[i].affinity = (uint32_t)f[i < n ? i : n - 1];
		} else if (!strcmp(kv, "dev")) {
			struct hyp_device_config *d = &v->device[v->ndevices];
			char *mode = strrchr(val, ':');

			if (v->ndevices == HYP_MAX_VM_DEVICES || !mode)
				die("bad dev", val);
			*mode++ = 0;
			nums(val, ':', f, 3);
			d->base = f[0], d->size = f[1], d->intid = (uint32_t)f[2];
			d->mode = !strcmp(mode, "vpl011") ? HYP_DEV_VPL011 : HYP_DEV_PASSTHROUGH;
			v->ndevices++;
		} else {
			die("unknown --vm key", kv);
		}
	}
	if (!*image)
		die("--vm needs image=", NULL);
	c->nvms++;
}

static void ram_write(void *ctx, uint64_t pa, const void *src, size_t len)
{
	mem_write(ctx, pa, src, len);
}

static void ram_zero(void *ctx, uint64_t pa, size_t len)
{
	memset(mem_ram_ptr(ctx, pa), 0, len);
}

static uint64_t load(struct machine *m, const char *path, uint64_t base, uint64_t size,
		     uint64_t *end)
{
	struct elf_ram range = { base, size };
	struct elf_image img;
	char msg[256];
	uint64_t entry;

	if (elf_read(path, &range, 1, &img, msg, sizeof(msg)) != 0)
		die(msg, NULL);
	elf_load(&img, ram_write, ram_zero, &m->mem);
	entry = img.entry;
	if (end) {
		*end = base;
		for (unsigned i = 0; i < img.nsegments; i++)
			if (img.seg[i].paddr + img.seg[i].memsz > *end)
				*end = img.seg[i].paddr + img.seg[i].memsz;
	}
	elf_free(&img);
	return entry;
}

int main(int argc, char **argv)
{
	static struct machine m;
	static struct hyp_config c = {
		.magic = HYP_CONFIG_MAGIC, .version = HYP_CONFIG_VERSION, .size = sizeof(c),
		.ncores = 1, .scheduler = HYP_SCHED_PRIORITY, .timeslice_us = 1000,
		.hyp_base = HYP_BASE, .hyp_size = HYP_SIZE, .uart_base = PLAT_UART0_BASE,
	};
	struct machine_config mc = {
		.ncores = 1, .ram_size = 512ull << 20, .start_el = 2, .quantum_ns = 1000,
		.counter_hz = PLAT_COUNTER_HZ_DEFAULT, .console = stdout, .max_insns = 0,
		.max_ns = 10000000000ull, .semihosting_min_el = 2, .timing = TIMING_FUNCTIONAL,
		.cmdline = "hyp_run",
	};
	const char *hyp = NULL, *images[HYP_MAX_VMS] = { 0 }, *error;
	enum { O_HYP = 256, O_CORES, O_RAM, O_TIMING, O_SCHED, O_SLICE, O_SET, O_MAXNS, O_VM,
	       O_SHM, O_QUEUE, O_TRACE, O_BAD_MAGIC };
	static const struct option opts[] = {
		{ "hyp", 1, NULL, O_HYP }, { "cores", 1, NULL, O_CORES }, { "ram-mib", 1, NULL, O_RAM },
		{ "timing", 1, NULL, O_TIMING }, { "sched", 1, NULL, O_SCHED },
		{ "timeslice-us", 1, NULL, O_SLICE }, { "set", 1, NULL, O_SET },
		{ "max-ns", 1, NULL, O_MAXNS }, { "vm", 1, NULL, O_VM }, { "shm", 1, NULL, O_SHM },
		{ "queue", 1, NULL, O_QUEUE }, { "trace-port", 1, NULL, O_TRACE },
		{ "bad-magic", 0, NULL, O_BAD_MAGIC }, { 0 },
	};
	uint64_t f[6], end, at, entry;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case O_HYP: hyp = optarg; break;
		case O_CORES: c.ncores = mc.ncores = (unsigned)num(optarg, NULL); break;
		case O_RAM: mc.ram_size = num(optarg, NULL) << 20; break;
		case O_TIMING:
			mc.timing = strcmp(optarg, "detailed") ? TIMING_FUNCTIONAL : TIMING_DETAILED;
			break;
		case O_SCHED:
			c.scheduler = strcmp(optarg, "static") ? HYP_SCHED_PRIORITY : HYP_SCHED_STATIC;
			break;
		case O_SLICE: c.timeslice_us = (uint32_t)num(optarg, NULL); break;
		case O_SET:
			if (mc.nparams == MACHINE_MAX_PARAMS)
				die("too many --set", NULL);
			mc.params[mc.nparams++] = optarg;
			break;
		case O_MAXNS: mc.max_ns = num(optarg, NULL); break;
		case O_VM: parse_vm(&c, optarg, &images[c.nvms]); break;
		case O_SHM:
			if (c.nshm == HYP_MAX_SHM)
				die("too many --shm", NULL);
			nums(optarg, ':', f, 4);
			c.shm[c.nshm++] = (struct hyp_shm_config){ f[0], f[1], (uint32_t)f[2], (uint32_t)f[3] };
			break;
		case O_QUEUE:
			if (c.nqueues == HYP_MAX_QUEUES || nums(optarg, ':', f, 6) != 6)
				die("bad --queue", optarg);
			c.queue[c.nqueues++] = (struct hyp_queue_config){
				(uint32_t)f[0], (uint32_t)f[1], (uint32_t)f[2], (uint32_t)f[3],
				(uint32_t)f[4], (uint32_t)f[5] };
			break;
		case O_TRACE: c.trace_port = num(optarg, NULL); break;
		case O_BAD_MAGIC: c.magic = ~HYP_CONFIG_MAGIC; break;
		default: die("unknown option", argv[optind - 1]);
		}
	}
	if (!hyp || !c.nvms)
		die("usage: hyp_run --hyp HYP.elf --vm SPEC...", NULL);
	rc = machine_init(&m, &mc, &error);
	if (rc)
		die("machine_init", error);
	entry = load(&m, hyp, HYP_BASE, HYP_SIZE, &end);
	for (unsigned i = 0; i < c.nvms; i++) {
		struct hyp_vm_config *v = &c.vm[i];

		v->entry = load(&m, images[i], v->mem_base, v->mem_size, NULL);
	}
	at = (end + 4095) & ~4095ull;
	if (!mem_write(&m.mem, at, &c, sizeof(c)))
		die("no room for the configuration", NULL);
	m.semihost.stack_base = m.mem.ram_base + m.mem.ram_size;
	m.semihost.stack_limit = m.semihost.stack_base - (1u << 20);
	m.semihost.heap_base = at + sizeof(c);
	m.semihost.heap_limit = m.semihost.stack_limit;
	m.boot_el = 2;
	m.boot_entry = entry;
	core_reset(&m.core[0], 2, entry);
	m.core[0].r.x[0] = at;
	rc = machine_run(&m);
	fflush(stdout);
	machine_destroy(&m);
	return rc;
}
