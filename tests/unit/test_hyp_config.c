/*
 * test_hyp_config.c - unit tests of the hypervisor run's set-up: the
 * --vm/--shm/--queue spec parser and the validator and layout
 * (sim/hyp_config.c), and the loading into a machine (sim/hyp_boot.c),
 * against docs/running.md.
 *
 * The platform is a real machine's (hyp_platform_of: device windows and
 * INTIDs from the devices' describe()), built once; a case may narrow its
 * cores or RAM. Images are made by the test: "@ADDR" in a spec or an
 * expected message stands for a one-segment ELF (WFI; B .) linked at
 * 0xADDR, "@ADDR+SIZE" for one whose segment is SIZE (hex) bytes long.
 * The hypervisor's image is @40000000 unless a case gives --hyp=.
 *
 * Valid cases are compared through a one-line rendering of the struct
 * hyp_config built; invalid ones by their exact message.
 */
#include <check.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hyp_boot.h"
#include "machine.h"
#include "machine_fixture.h"
#include "platform.h"

#define MAX_OPTS        20
#define WFI             0xd503207fu

static struct hyp_platform platform;
static char dir[64];                    /* where the images are made */

/* ------------------------------------------------------------ images */

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * An ELF64 executable with one PT_LOAD segment (R+X) at addr: 8 bytes of
 * code (WFI; B .) and memsz bytes in all; its entry point is addr.
 */
static void write_image(const char *path, uint64_t addr, uint64_t memsz)
{
	uint8_t b[128] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	FILE *f = fopen(path, "wb");

	put(b + 16, 2, 2);              /* e_type ET_EXEC */
	put(b + 18, 183, 2);            /* e_machine EM_AARCH64 */
	put(b + 20, 1, 4);              /* e_version */
	put(b + 24, addr, 8);           /* e_entry */
	put(b + 32, 64, 8);             /* e_phoff */
	put(b + 52, 64, 2);             /* e_ehsize */
	put(b + 54, 56, 2);             /* e_phentsize */
	put(b + 56, 1, 2);              /* e_phnum */
	put(b + 64, 1, 4);              /* p_type PT_LOAD */
	put(b + 68, 5, 4);              /* p_flags R+X */
	put(b + 72, 120, 8);            /* p_offset */
	put(b + 80, addr, 8);           /* p_vaddr */
	put(b + 88, addr, 8);           /* p_paddr */
	put(b + 96, 8, 8);              /* p_filesz */
	put(b + 104, memsz, 8);         /* p_memsz */
	put(b + 120, WFI, 4);
	put(b + 124, 0x14000000, 4);    /* b . */
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b, 1, sizeof(b), f), sizeof(b));
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * text with every "@ADDR[+SIZE]" replaced by the path of such an image
 * (made on first use).
 */
static void expand(const char *text, char *out, size_t len)
{
	size_t n = 0;

	while (*text) {
		char *end;
		uint64_t addr, size = 8;
		char path[128];

		if (*text != '@') {
			ck_assert_uint_lt(n + 1, len);
			out[n++] = *text++;
			continue;
		}
		addr = strtoull(text + 1, &end, 16);
		if (*end == '+')
			size = strtoull(end + 1, &end, 16);
		snprintf(path, sizeof(path), "%s/%.*s.elf", dir, (int)(end - text - 1), text + 1);
		if (access(path, F_OK) != 0)
			write_image(path, addr, size);
		ck_assert_uint_lt(n + strlen(path), len);
		strcpy(out + n, path);
		n += strlen(path);
		text = end;
	}
	out[n] = '\0';
}

/* ------------------------------------------------------------- set-up */

/* The machine of a hypervisor run: 4 cores, 512 MiB of RAM, as `phonesim run` builds it. */
static void make_machine(void)
{
	struct machine_config cfg = fixture_config(2, NULL);

	cfg.ncores = 4;
	cfg.ram_size = PLAT_RAM_SIZE_DEFAULT;
	cfg.semihosting_min_el = 2;
	fixture_init(&cfg);
}

static void make_platform(void)
{
	strcpy(dir, "/tmp/test_hyp_config.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	make_machine();
	hyp_platform_of(m, &platform);
	fixture_destroy();
}

static void remove_images(void)
{
	char cmd[sizeof(dir) + 8];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void set_storage_namespaces(struct hyp_platform *pf, uint32_t mask)
{
	for (unsigned d = 0; d < pf->ndevices; d++)
		if (!strcmp(pf->device[d].name, "storage"))
			pf->device[d].namespaces = mask;
}

/*
 * Builds a setup from options: "--vm=SPEC", "--shm=SPEC", "--queue=SPEC",
 * "--hyp=IMAGE", "--hyp-sched=static", "--hyp-timeslice-us=N",
 * "--hyp-mib=N", and for the platform "cores=N", "ram=MiB" and
 * "storage-ns=MASK" (the storage namespaces that exist, as storage.nsN_blocks
 * would make them). Returns 0, or -1 with the message in err.
 */
static int build(const char *const *opts, struct hyp_setup *s, char *err, size_t len)
{
	static struct hyp_plan p;
	static char text[MAX_OPTS][1024];
	static char hyp[256];
	struct hyp_platform pf = platform;

	memset(&p, 0, sizeof(p));
	expand("@40000000", hyp, sizeof(hyp));
	p.hyp_image = hyp;
	for (unsigned i = 0; opts[i]; i++) {
		const char *eq = strchr(opts[i], '=') + 1;
		int rc = 0;

		ck_assert_uint_lt(i, MAX_OPTS);
		expand(eq, text[i], sizeof(text[i]));
		if (!strncmp(opts[i], "--vm=", 5))
			rc = hyp_plan_add_vm(&p, text[i], err, len);
		else if (!strncmp(opts[i], "--shm=", 6))
			rc = hyp_plan_add_shm(&p, text[i], err, len);
		else if (!strncmp(opts[i], "--queue=", 8))
			rc = hyp_plan_add_queue(&p, text[i], err, len);
		else if (!strncmp(opts[i], "--hyp=", 6))
			p.hyp_image = text[i];
		else if (!strcmp(opts[i], "--hyp-sched=static"))
			p.scheduler = HYP_SCHED_STATIC;
		else if (!strncmp(opts[i], "--hyp-timeslice-us=", 19))
			p.timeslice_us = (uint32_t)atoi(eq);
		else if (!strncmp(opts[i], "--hyp-mib=", 10))
			p.hyp_mib = (uint64_t)atoi(eq);
		else if (!strncmp(opts[i], "cores=", 6))
			pf.ncores = (unsigned)atoi(eq);
		else if (!strncmp(opts[i], "ram=", 4))
			pf.ram_size = (uint64_t)atoi(eq) << 20;
		else if (!strncmp(opts[i], "storage-ns=", 11))
			set_storage_namespaces(&pf, (uint32_t)strtoul(eq, NULL, 0));
		else
			ck_abort_msg("test option '%s'", opts[i]);
		if (rc < 0)
			return -1;
	}
	return hyp_setup_build(s, &p, &pf, err, len);
}

/* ---------------------------------------------------------- rendering */

#define APPEND(...)     (n += snprintf(out + n, len - n, __VA_ARGS__))

/* The fields of cfg that the cases check, on one line. */
static void render(const struct hyp_setup *s, char *out, size_t len)
{
	const struct hyp_config *c = &s->cfg;
	size_t n = 0;

	APPEND("cores %u sched %u/%u hyp 0x%" PRIx64 "+%" PRIu64 "M config 0x%" PRIx64,
	       c->ncores, c->scheduler, c->timeslice_us, c->hyp_base, c->hyp_size >> 20,
	       s->config_addr);
	for (unsigned i = 0; i < c->nvms; i++) {
		const struct hyp_vm_config *v = &c->vm[i];

		APPEND("; %s 0x%" PRIx64 "+%" PRIu64 "M entry 0x%" PRIx64 " prio %u aff",
		       v->name, v->mem_base, v->mem_size >> 20, v->entry, v->priority);
		for (unsigned k = 0; k < v->nvcpus; k++)
			APPEND("%s%x", k ? "," : " ", v->vcpu[k].affinity);
		if (v->period_ns)
			APPEND(" budget %" PRIu64 "/%" PRIu64, v->budget_ns, v->period_ns);
		for (unsigned k = 0; k < v->ndevices; k++) {
			const struct hyp_device_config *d = &v->device[k];

			APPEND(" %s 0x%" PRIx64 "+0x%" PRIx64 "/%u",
			       d->mode == HYP_DEV_VPL011 ? "vpl011" : s->device_name[i][k],
			       d->base, d->size, d->intid);
			/* Only where the VM's view differs from the device's. */
			if (d->ipa != d->base || d->vintid != d->intid)
				APPEND(" as 0x%" PRIx64 "/%u", d->ipa, d->vintid);
			if (d->dma_window)
				APPEND(" dma 0x%" PRIx64, d->dma_window);
		}
		if (s->dtb[i])
			APPEND(" dtb");
	}
	for (unsigned i = 0; i < c->nshm; i++)
		APPEND("; shm 0x%" PRIx64 "+0x%" PRIx64 " vms %x w %x", c->shm[i].base,
		       c->shm[i].size, c->shm[i].vms, c->shm[i].writable);
	for (unsigned i = 0; i < c->nqueues; i++)
		APPEND("; queue %u>%u %ux%u intids %u/%u", c->queue[i].sender, c->queue[i].receiver,
		       c->queue[i].depth, c->queue[i].msg_size, c->queue[i].not_empty_intid,
		       c->queue[i].not_full_intid);
}

/* ------------------------------------------------------- valid specs */

#define OPTS(...)       { __VA_ARGS__, NULL }
#define HEAD            "cores 4 sched 0/1000 hyp 0x40000000+16M config 0x40001000"

static const struct valid {
	const char *what;
	const char *opts[MAX_OPTS];
	const char *expect;
} valid[] = {
	{ "one VM with every default",
	  OPTS("--vm=name=a,image=@41000000"),
	  HEAD "; a 0x41000000+64M entry 0x41000000 prio 1 aff ff" },
	{ "partitions in order after the hypervisor's memory, on 2 MiB boundaries",
	  OPTS("--vm=name=modem,image=@41000000,mem=3", "--vm=name=apps,image=@43000000,mem=0x20"),
	  HEAD "; modem 0x41000000+3M entry 0x41000000 prio 1 aff ff"
	  "; apps 0x41400000+32M entry 0x43000000 prio 1 aff ff" },
	{ "a partition without base= fills the gap before one with base=",
	  OPTS("--vm=name=a,image=@43000000,base=0x43000000,mem=16",
	       "--vm=name=b,image=@41000000,mem=32"),
	  HEAD "; a 0x43000000+16M entry 0x43000000 prio 1 aff ff"
	  "; b 0x41000000+32M entry 0x41000000 prio 1 aff ff" },
	{ "a partition skips a gap too small for it (base= in decimal)",
	  OPTS("--vm=name=a,image=@42000000,base=1107296256,mem=16",
	       "--vm=name=b,image=@43000000,mem=32"),
	  HEAD "; a 0x42000000+16M entry 0x42000000 prio 1 aff ff"
	  "; b 0x43000000+32M entry 0x43000000 prio 1 aff ff" },
	{ "partitions skip shared memory; every VM in vms may write by default",
	  OPTS("--shm=base=0x41000000,size=1M,vms=a+b", "--vm=name=a,image=@41200000",
	       "--vm=name=b,image=@45200000"),
	  HEAD "; a 0x41200000+64M entry 0x41200000 prio 1 aff ff"
	  "; b 0x45200000+64M entry 0x45200000 prio 1 aff ff; shm 0x41000000+0x100000 vms 3 w 3" },
	{ "devices: the virtual PL011 first (no interrupt), then passthrough in order, "
	  "from describe()",
	  OPTS("--vm=name=a,image=@41000000,pass=modem,dev=pl011,pass=storage,dtb",
	       "--vm=name=b,image=@45000000,pass=display,dev=pl011"),
	  HEAD "; a 0x41000000+64M entry 0x41000000 prio 1 aff ff vpl011 0x9000000+0x1000/0"
	  " modem 0xc000000+0x10000/40 storage 0xc020000+0x1000/42 dma 0xc02f100 dtb"
	  "; b 0x45000000+64M entry 0x45000000 prio 1 aff ff vpl011 0x9000000+0x1000/0"
	  " display 0xc010000+0x10000/41" },
	{ "storage namespaces: each VM sees its frame and interrupt as the whole device's, "
	  "its DMA window in the control frame",
	  OPTS("storage-ns=0x4006", "--vm=name=a,image=@41000000,pass=storage:14,pass=modem",
	       "--vm=name=b,image=@45000000,pass=storage:1,pass=display",
	       "--vm=name=c,image=@49000000,pass=storage:2"),
	  HEAD "; a 0x41000000+64M entry 0x41000000 prio 1 aff ff"
	  " storage 0xc02e000+0x1000/61 as 0xc020000/42 dma 0xc02f1e0 modem 0xc000000+0x10000/40"
	  "; b 0x45000000+64M entry 0x45000000 prio 1 aff ff"
	  " storage 0xc021000+0x1000/48 as 0xc020000/42 dma 0xc02f110 display 0xc010000+0x10000/41"
	  "; c 0x49000000+64M entry 0x49000000 prio 1 aff ff"
	  " storage 0xc022000+0x1000/49 as 0xc020000/42 dma 0xc02f120" },
	{ "vCPUs, affinity, cpu=, priority and a budget in ns",
	  OPTS("--vm=name=a,image=@41000000,vcpus=3,affinity=0x6,prio=0",
	       "--vm=name=b,image=@45000000,vcpus=2,cpu=3,prio=7,budget_us=200,period_us=1000",
	       "--vm=name=c,image=@49000000,affinity=any,budget_us=1000,period_us=1000"),
	  HEAD "; a 0x41000000+64M entry 0x41000000 prio 0 aff 6,6,6"
	  "; b 0x45000000+64M entry 0x45000000 prio 7 aff 8,8 budget 200000/1000000"
	  "; c 0x49000000+64M entry 0x49000000 prio 1 aff ff budget 1000000/1000000" },
	{ "static scheduling: each vCPU on the lowest free core it may use",
	  OPTS("--hyp-sched=static", "--vm=name=a,image=@41000000,vcpus=2",
	       "--vm=name=b,image=@45000000,cpu=3", "--vm=name=c,image=@49000000,affinity=0x6"),
	  "cores 4 sched 1/0 hyp 0x40000000+16M config 0x40001000"
	  "; a 0x41000000+64M entry 0x41000000 prio 1 aff 1,2"
	  "; b 0x45000000+64M entry 0x45000000 prio 1 aff 8"
	  "; c 0x49000000+64M entry 0x49000000 prio 1 aff 4" },
	{ "time slice, the hypervisor's memory and the config after a larger image",
	  OPTS("--hyp-timeslice-us=250", "--hyp-mib=32", "--hyp=@40000000+12345",
	       "--vm=name=a,image=@42000000"),
	  "cores 4 sched 0/250 hyp 0x40000000+32M config 0x40013000"
	  "; a 0x42000000+64M entry 0x42000000 prio 1 aff ff" },
	{ "shared memory with writers, queues both ways at the INTID limits",
	  OPTS("--vm=name=a,image=@41000000", "--vm=name=b,image=@45000000",
	       "--shm=base=0x50000000,size=0x2000,vms=b+a,writable=b",
	       "--shm=vms=a+b,size=4K,base=0x50002000",
	       "--queue=from=b,to=a,size=4K,depth=8,intids=127/32",
	       "--queue=from=b,to=a,size=8,depth=256,intids=33/34",
	       "--queue=from=a,to=b,size=1,depth=1,intids=40/40"),
	  HEAD "; a 0x41000000+64M entry 0x41000000 prio 1 aff ff"
	  "; b 0x45000000+64M entry 0x45000000 prio 1 aff ff"
	  "; shm 0x50000000+0x2000 vms 3 w 2; shm 0x50002000+0x1000 vms 3 w 3"
	  "; queue 1>0 8x4096 intids 127/32; queue 1>0 256x8 intids 33/34"
	  "; queue 0>1 1x1 intids 40/40" },
	{ "eight VMs, names of 15 characters",
	  OPTS("--vm=name=v0,image=@41000000,mem=1", "--vm=name=v1,image=@41200000,mem=1",
	       "--vm=name=v2,image=@41400000,mem=1", "--vm=name=v3,image=@41600000,mem=1",
	       "--vm=name=v4,image=@41800000,mem=1", "--vm=name=v5,image=@41a00000,mem=1",
	       "--vm=name=v6,image=@41c00000,mem=1",
	       "--vm=name=Abc-def_ghi-123,image=@41e00000,mem=1"),
	  HEAD "; v0 0x41000000+1M entry 0x41000000 prio 1 aff ff"
	  "; v1 0x41200000+1M entry 0x41200000 prio 1 aff ff"
	  "; v2 0x41400000+1M entry 0x41400000 prio 1 aff ff"
	  "; v3 0x41600000+1M entry 0x41600000 prio 1 aff ff"
	  "; v4 0x41800000+1M entry 0x41800000 prio 1 aff ff"
	  "; v5 0x41a00000+1M entry 0x41a00000 prio 1 aff ff"
	  "; v6 0x41c00000+1M entry 0x41c00000 prio 1 aff ff"
	  "; Abc-def_ghi-123 0x41e00000+1M entry 0x41e00000 prio 1 aff ff" },
};

START_TEST(test_valid)
{
	const struct valid *c = &valid[_i];
	static struct hyp_setup s;
	char err[1024], got[2048];

	ck_assert_msg(build(c->opts, &s, err, sizeof(err)) == 0, "%s: refused: %s", c->what, err);
	render(&s, got, sizeof(got));
	ck_assert_msg(!strcmp(got, c->expect), "%s:\n got      %s\n expected %s", c->what, got,
		      c->expect);
	ck_assert_uint_eq(s.cfg.magic, HYP_CONFIG_MAGIC);
	ck_assert_uint_eq(s.cfg.version, HYP_CONFIG_VERSION);
	ck_assert_uint_eq(s.cfg.size, sizeof(struct hyp_config));
	ck_assert_uint_eq(s.cfg.uart_base, PLAT_UART0_BASE);
	ck_assert_uint_eq(s.cfg.trace_port, PLAT_TRACE_PORT_BASE);
	hyp_setup_free(&s);
}
END_TEST

/* ----------------------------------------------------- invalid specs */

#define VM(rest)        "--vm=name=a,image=@41000000" rest
#define VM_B(rest)      "--vm=name=b,image=@45000000" rest
#define NINE_VMS \
	"--vm=name=v0,image=@41000000,mem=1", "--vm=name=v1,image=@41200000,mem=1", \
	"--vm=name=v2,image=@41400000,mem=1", "--vm=name=v3,image=@41600000,mem=1", \
	"--vm=name=v4,image=@41800000,mem=1", "--vm=name=v5,image=@41a00000,mem=1", \
	"--vm=name=v6,image=@41c00000,mem=1", "--vm=name=v7,image=@41e00000,mem=1", \
	"--vm=name=v8,image=@42000000,mem=1"
#define QUEUE(rest)     "--queue=from=a,to=b,size=64,depth=4" rest

static const struct invalid {
	const char *opts[MAX_OPTS];
	const char *message;
} invalid[] = {
	/* --vm, the spec alone */
	{ OPTS("--vm=image=@41000000"), "--vm 'image=@41000000': name= is required" },
	{ OPTS("--vm=name=a"), "--vm a: image= is required" },
	{ OPTS("--vm=name=a,image=@41000000,name=b"),
	  "--vm 'name=a,image=@41000000,name=b': name given twice" },
	{ OPTS("--vm=name=,image=@41000000"),
	  "--vm 'name=,image=@41000000': name needs a value (name=...)" },
	{ OPTS("--vm=name=sixteen-letters-,image=@41000000"),
	  "--vm 'name=sixteen-letters-,image=@41000000': name: 'sixteen-letters-' is longer "
	  "than 15 characters" },
	{ OPTS("--vm=name=a.b,image=@41000000"),
	  "--vm 'name=a.b,image=@41000000': name: 'a.b' has a character other than a letter, "
	  "a digit, '-' or '_'" },
	{ OPTS(VM(",,mem=4")), "--vm 'name=a,image=@41000000,,mem=4': empty item (a comma too many)" },
	{ OPTS(VM(",")), "--vm 'name=a,image=@41000000,': empty item (a comma too many)" },
	{ OPTS(VM(",colour=red")),
	  "--vm a: unknown key 'colour' (name, image, mem, base, vcpus, affinity, cpu, prio, "
	  "budget_us, period_us, dev, pass, dtb)" },
	{ OPTS(VM(",mem=64,mem=32")), "--vm a: mem given twice" },
	{ OPTS(VM(",mem=")), "--vm a: mem needs a value (mem=...)" },
	{ OPTS(VM(",mem")), "--vm a: mem needs a value (mem=...)" },
	{ OPTS(VM(",dtb=1")), "--vm a: dtb takes no value" },
	{ OPTS(VM(",dtb,dtb")), "--vm a: dtb given twice" },
	{ OPTS(VM(",mem=abc")), "--vm a: mem: 'abc' is not a number" },
	{ OPTS(VM(",mem=16M")), "--vm a: mem: '16M' is not a number" },
	{ OPTS(VM(",mem=0x")), "--vm a: mem: '0x' is not a number" },
	{ OPTS(VM(",mem=0")), "--vm a: mem: 0 is out of range [1, 65536]" },
	{ OPTS(VM(",mem=99999999999999999999")),
	  "--vm a: mem: 99999999999999999999 is out of range [1, 65536]" },
	{ OPTS(VM(",base=0x41100000")), "--vm a: base: 0x41100000 is not a multiple of 2 MiB" },
	{ OPTS(VM(",base=16E")), "--vm a: base: '16E' is not a number" },
	{ OPTS(VM(",vcpus=0")), "--vm a: vcpus: 0 is out of range [1, 8]" },
	{ OPTS(VM(",vcpus=9")), "--vm a: vcpus: 9 is out of range [1, 8]" },
	{ OPTS(VM(",prio=8")), "--vm a: prio: 8 is out of range [0, 7]" },
	{ OPTS(VM(",prio=-1")), "--vm a: prio: '-1' is not a number" },
	{ OPTS(VM(",prio=high")), "--vm a: prio: 'high' is not a number" },
	{ OPTS(VM(",affinity=0")), "--vm a: affinity: 0 is out of range [1, 255]" },
	{ OPTS(VM(",affinity=0x100")), "--vm a: affinity: 0x100 is out of range [1, 255]" },
	{ OPTS(VM(",affinity=1,cpu=0")), "--vm a: affinity and cpu exclude each other" },
	{ OPTS(VM(",cpu=8")), "--vm a: cpu: 8 is out of range [0, 7]" },
	{ OPTS(VM(",budget_us=100")), "--vm a: budget_us needs period_us" },
	{ OPTS(VM(",period_us=100")), "--vm a: period_us needs budget_us" },
	{ OPTS(VM(",budget_us=2000,period_us=1000")),
	  "--vm a: budget_us 2000 is more than period_us 1000" },
	{ OPTS(VM(",budget_us=0,period_us=1000")),
	  "--vm a: budget_us: 0 is out of range [1, 10000000]" },
	{ OPTS(VM(",budget_us=10,period_us=99")),
	  "--vm a: period_us: 99 is out of range [100, 10000000]" },
	{ OPTS(VM(",dev=uart")), "--vm a: dev: unknown virtual device 'uart' (pl011)" },
	{ OPTS(VM(",dev=pl011,dev=pl011")), "--vm a: dev given twice" },
	{ OPTS(NINE_VMS), "--vm 'name=v8,image=@42000000,mem=1': more than 8 VMs" },
	/* --vm, against the machine and the other VMs */
	{ OPTS("--hyp-mib=32"), "--hyp: no VM to run (give one with --vm)" },
	{ OPTS(VM(""), "--vm=name=a,image=@45000000"), "--vm a: two VMs have that name" },
	{ OPTS(VM(",pass=gpu")),
	  "--vm a: pass: unknown device 'gpu' (a VM may own storage, modem, display)" },
	{ OPTS(VM(",pass=trace_port")),
	  "--vm a: pass: unknown device 'trace_port' (a VM may own storage, modem, display)" },
	{ OPTS(VM(",pass=pl011")),
	  "--vm a: pass: unknown device 'pl011' (a VM may own storage, modem, display)" },
	{ OPTS(VM(",pass=gicv3")),
	  "--vm a: pass: unknown device 'gicv3' (a VM may own storage, modem, display)" },
	{ OPTS(VM(",pass=modem"), VM_B(",pass=display,pass=modem")),
	  "--vm b: pass: modem is already given to VM a" },
	{ OPTS(VM(",pass=modem,pass=modem")), "--vm a: pass: modem is already given to VM a" },
	{ OPTS(VM(",pass=storage:1")),
	  "--vm a: pass: storage namespace 1 does not exist (storage.ns1_blocks is 0)" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:3")),
	  "--vm a: pass: storage namespace 3 does not exist (storage.ns3_blocks is 0)" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:0")),
	  "--vm a: pass=storage:N: 0 is out of range [1, 14]" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:15")),
	  "--vm a: pass=storage:N: 15 is out of range [1, 14]" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:")),
	  "--vm a: pass=storage:N: '' is not a number" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:1x")),
	  "--vm a: pass=storage:N: '1x' is not a number" },
	{ OPTS("storage-ns=0x6", VM(",pass=modem:1")),
	  "--vm a: pass: modem has no namespaces ('modem:1')" },
	{ OPTS("storage-ns=0x6", VM(",pass=storag:1")),
	  "--vm a: pass: unknown device 'storag:1' (a VM may own storage, modem, display)" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage"), VM_B(",pass=storage:1")),
	  "--vm b: pass: storage:1: storage is already given to VM a" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:2"), VM_B(",pass=storage")),
	  "--vm b: pass: storage: storage:2 is already given to VM a" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:1"), VM_B(",pass=storage:1")),
	  "--vm b: pass: storage:1 is already given to VM a" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:1,pass=storage:2")),
	  "--vm a: pass: storage:2: the VM already has storage:1, seen at the same address" },
	{ OPTS("storage-ns=0x6", VM(",pass=storage:1,pass=storage")),
	  "--vm a: pass: storage: the VM already has storage:1, seen at the same address" },
	{ OPTS("ram=64", VM(",mem=128")), "--vm a: mem: 128 MiB is more than RAM (64 MiB)" },
	{ OPTS(VM(",base=0x80000000")),
	  "--vm a: its partition [0x80000000, 0x84000000) lies outside RAM "
	  "[0x40000000, 0x60000000)" },
	{ OPTS(VM(",base=0x5e000000")),
	  "--vm a: its partition [0x5e000000, 0x62000000) lies outside RAM "
	  "[0x40000000, 0x60000000)" },
	{ OPTS(VM(",base=0x40000000")),
	  "--vm a: its partition [0x40000000, 0x44000000) overlaps the hypervisor's memory "
	  "[0x40000000, 0x41000000)" },
	{ OPTS(VM(",base=0x42000000,mem=32"), VM_B(",base=0x43000000")),
	  "--vm b: its partition [0x43000000, 0x47000000) overlaps VM a's partition "
	  "[0x42000000, 0x44000000)" },
	{ OPTS("ram=128", VM(""), VM_B("")), "--vm b: no room left in RAM for its 64 MiB partition" },
	{ OPTS("--vm=name=a,image=@42000000,base=0x42000000,mem=16",
	       "--vm=name=b,image=@41000000,mem=48"),
	  "--vm b: @41000000: segment 0 [0x41000000, 0x41000008) lies outside RAM "
	  "[0x43000000, 0x46000000)" },
	{ OPTS("--vm=name=a,image=@43000000,mem=16"),
	  "--vm a: @43000000: segment 0 [0x43000000, 0x43000008) lies outside RAM "
	  "[0x41000000, 0x42000000)" },
	{ OPTS("--vm=name=a,image=@40fff000"),
	  "--vm a: @40fff000: segment 0 [0x40fff000, 0x40fff008) lies outside RAM "
	  "[0x41000000, 0x45000000)" },
	{ OPTS("--vm=name=a,image=/nonexistent/a.elf"),
	  "--vm a: /nonexistent/a.elf: cannot open: No such file or directory" },
	{ OPTS("cores=2", VM(",cpu=3")),
	  "--vm a: cpu: core 3 does not exist (the machine has 2 cores)" },
	{ OPTS("cores=1", VM(",affinity=0x5")),
	  "--vm a: affinity: 0x5 names a core that does not exist (the machine has 1 core)" },
	/* the hypervisor */
	{ OPTS("--hyp=@41000000", VM("")),
	  "--hyp: @41000000: segment 0 [0x41000000, 0x41000008) lies outside RAM "
	  "[0x40000000, 0x41000000)" },
	{ OPTS("--hyp-mib=1024", VM("")),
	  "--hyp: the hypervisor's 1024 MiB of memory are more than RAM (512 MiB)" },
	{ OPTS("--hyp=@40000000+fffff0", VM("")),
	  "--hyp: no room for the 4872-byte configuration between the image's end "
	  "(0x40fffff0) and the end of the hypervisor's memory (0x41000000)" },
	/* scheduling */
	{ OPTS("--hyp-sched=static", VM(",budget_us=10,period_us=100")),
	  "--vm a: budget_us: the static scheduler has no budgets" },
	{ OPTS("--hyp-sched=static", "--hyp-timeslice-us=100", VM("")),
	  "--hyp-timeslice-us: the static scheduler has no time slices" },
	{ OPTS("--hyp-sched=static", "cores=2", VM(",vcpus=3")),
	  "--hyp-sched static: no core of its own left for VM a's vCPU 2 (2 cores in all)" },
	{ OPTS("--hyp-sched=static", VM(",cpu=1"), VM_B(",affinity=0x2")),
	  "--hyp-sched static: no core of its own left for VM b's vCPU 0 (4 cores in all)" },
	/* --shm */
	{ OPTS("--shm=size=4K,vms=a+b"), "--shm 'size=4K,vms=a+b': base= is required" },
	{ OPTS("--shm=base=0x50000000,vms=a+b"), "--shm 'base=0x50000000,vms=a+b': size= is required" },
	{ OPTS("--shm=base=0x50000000,size=4K"), "--shm 'base=0x50000000,size=4K': vms= is required" },
	{ OPTS("--shm=base=0x50000000,size=4K,vms=a"),
	  "--shm 'base=0x50000000,size=4K,vms=a': vms: shared memory needs at least two VMs" },
	{ OPTS("--shm=base=0x50000000,size=4K,vms=a+a"),
	  "--shm 'base=0x50000000,size=4K,vms=a+a': vms: 'a' is listed twice" },
	{ OPTS("--shm=base=0x50000000,size=4K,vms=a++b"),
	  "--shm 'base=0x50000000,size=4K,vms=a++b': vms: an empty name in 'a++b'" },
	{ OPTS("--shm=base=0x50000800,size=4K,vms=a+b"),
	  "--shm 'base=0x50000800,size=4K,vms=a+b': base: 0x50000800 is not a multiple of 4 KiB" },
	{ OPTS("--shm=base=0x50000000,size=6000,vms=a+b"),
	  "--shm 'base=0x50000000,size=6000,vms=a+b': size: 0x1770 is not a multiple of 4 KiB" },
	{ OPTS("--shm=base=0x50000000,size=1,vms=a+b"),
	  "--shm 'base=0x50000000,size=1,vms=a+b': size: 1 is out of range "
	  "[0x1000, 0x1000000000]" },
	{ OPTS("--shm=base=0x50000000,size=4K,vms=a+b,owner=a"),
	  "--shm 'base=0x50000000,size=4K,vms=a+b,owner=a': unknown key 'owner' "
	  "(base, size, vms, writable)" },
	{ OPTS(VM(""), VM_B(""), "--shm=base=0x50000000,size=4K,vms=a+c"),
	  "--shm 'base=0x50000000,size=4K,vms=a+c': vms: no VM named 'c'" },
	{ OPTS(VM(""), VM_B(""), "--vm=name=c,image=@49000000",
	       "--shm=base=0x50000000,size=4K,vms=a+b,writable=c"),
	  "--shm 'base=0x50000000,size=4K,vms=a+b,writable=c': writable: c is not in vms" },
	{ OPTS(VM(""), VM_B(""), "--shm=base=0x60000000,size=4K,vms=a+b"),
	  "--shm 'base=0x60000000,size=4K,vms=a+b': the region [0x60000000, 0x60001000) lies "
	  "outside RAM [0x40000000, 0x60000000)" },
	{ OPTS(VM(""), VM_B(""), "--shm=base=0x40ff0000,size=64K,vms=a+b"),
	  "--shm 'base=0x40ff0000,size=64K,vms=a+b': the region [0x40ff0000, 0x41000000) overlaps "
	  "the hypervisor's memory [0x40000000, 0x41000000)" },
	{ OPTS(VM(",base=0x41000000"), VM_B(""), "--shm=base=0x44000000,size=64K,vms=a+b"),
	  "--shm 'base=0x44000000,size=64K,vms=a+b': the region [0x44000000, 0x44010000) "
	  "overlaps VM a's partition [0x41000000, 0x45000000)" },
	{ OPTS(VM(""), VM_B(""), "--shm=base=0x50000000,size=8K,vms=a+b",
	       "--shm=base=0x50001000,size=4K,vms=a+b"),
	  "--shm 'base=0x50001000,size=4K,vms=a+b': the region overlaps that of "
	  "--shm 'base=0x50000000,size=8K,vms=a+b'" },
	/* --queue */
	{ OPTS("--queue=from=a,to=b,size=64,depth=4"),
	  "--queue 'from=a,to=b,size=64,depth=4': intids= is required" },
	{ OPTS(QUEUE(",intids=64/65,from=b")),
	  "--queue 'from=a,to=b,size=64,depth=4,intids=64/65,from=b': from given twice" },
	{ OPTS("--queue=from=a,to=a,size=64,depth=4,intids=64/65"),
	  "--queue 'from=a,to=a,size=64,depth=4,intids=64/65': from and to are the same VM" },
	{ OPTS(QUEUE(",intids=64")),
	  "--queue 'from=a,to=b,size=64,depth=4,intids=64': intids: '64' is not N/M" },
	{ OPTS(QUEUE(",intids=31/64")),
	  "--queue 'from=a,to=b,size=64,depth=4,intids=31/64': intids: 31 is out of range [32, 127]" },
	{ OPTS(QUEUE(",intids=64/128")),
	  "--queue 'from=a,to=b,size=64,depth=4,intids=64/128': intids: 128 is out of range "
	  "[32, 127]" },
	{ OPTS("--queue=from=a,to=b,size=5000,depth=4,intids=64/65"),
	  "--queue 'from=a,to=b,size=5000,depth=4,intids=64/65': size: 5000 is out of range "
	  "[0x1, 0x1000]" },
	{ OPTS("--queue=from=a,to=b,size=64,depth=257,intids=64/65"),
	  "--queue 'from=a,to=b,size=64,depth=257,intids=64/65': depth: 257 is out of range "
	  "[1, 256]" },
	{ OPTS(VM(""), VM_B(""), "--queue=from=a,to=b,size=4K,depth=8,intids=64/65",
	       "--queue=from=b,to=a,size=4K,depth=8,intids=66/67",
	       "--queue=from=a,to=b,size=1,depth=1,intids=68/69"),
	  "--queue 'from=a,to=b,size=1,depth=1,intids=68/69': the queues' buffers come to 65537 "
	  "bytes, more than the hypervisor's 65536" },
	{ OPTS(VM(""), QUEUE(",intids=64/65")),
	  "--queue 'from=a,to=b,size=64,depth=4,intids=64/65': to: no VM named 'b'" },
	{ OPTS(VM(",pass=modem"), VM_B(""), QUEUE(",intids=64/40")),
	  "--queue 'from=a,to=b,size=64,depth=4,intids=64/40': INTID 40 is already in use in VM a" },
	{ OPTS(VM(""), VM_B(""), QUEUE(",intids=64/65"), QUEUE(",intids=64/66")),
	  "--queue 'from=a,to=b,size=64,depth=4,intids=64/66': INTID 64 is already in use in VM b" },
	{ OPTS(QUEUE(",intids=32/32"), QUEUE(",intids=33/33"), QUEUE(",intids=34/34"),
	       QUEUE(",intids=35/35"), QUEUE(",intids=36/36"), QUEUE(",intids=37/37"),
	       QUEUE(",intids=38/38"), QUEUE(",intids=39/39"), QUEUE(",intids=40/40"),
	       QUEUE(",intids=41/41"), QUEUE(",intids=42/42"), QUEUE(",intids=43/43"),
	       QUEUE(",intids=44/44"), QUEUE(",intids=45/45"), QUEUE(",intids=46/46"),
	       QUEUE(",intids=47/47"), QUEUE(",intids=48/48")),
	  "--queue 'from=a,to=b,size=64,depth=4,intids=48/48': more than 16 queues" },
};

START_TEST(test_invalid)
{
	const struct invalid *c = &invalid[_i];
	static struct hyp_setup s;
	char err[1024], expect[1024];

	expand(c->message, expect, sizeof(expect));
	memset(err, 0, sizeof(err));
	ck_assert_msg(build(c->opts, &s, err, sizeof(err)) == -1, "accepted, expected: %s", expect);
	ck_assert_msg(!strcmp(err, expect), "\n got      %s\n expected %s", err, expect);
}
END_TEST

/*
 * A spec refused leaves the plan as it was: a good spec after it is the
 * first VM, and a failed build keeps no image.
 */
START_TEST(test_refusal_keeps_nothing)
{
	static struct hyp_plan p;
	static struct hyp_setup s;
	char err[256], spec[256];

	memset(&p, 0, sizeof(p));
	expand("name=a,image=@41000000", spec, sizeof(spec));
	ck_assert_int_eq(hyp_plan_add_vm(&p, "name=a,image=x,vcpus=99", err, sizeof(err)), -1);
	ck_assert_uint_eq(p.nvms, 0);
	ck_assert_int_eq(hyp_plan_add_vm(&p, spec, err, sizeof(err)), 0);
	ck_assert_uint_eq(p.nvms, 1);
	ck_assert_str_eq(p.vm[0].name, "a");
	p.hyp_image = "/nonexistent/hyp.elf";
	ck_assert_int_eq(hyp_setup_build(&s, &p, &platform, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "--hyp: /nonexistent/hyp.elf: cannot open: No such file or directory");
	ck_assert_ptr_null(s.hyp.data);
	ck_assert_ptr_null(s.image[0].data);
}
END_TEST

/* ------------------------------------------------------------ layout */

/*
 * The offsets tests/cli/progs/hyp-config-dump.S reads struct hyp_config
 * with (assembly has no offsetof).
 */
START_TEST(test_fixture_offsets)
{
	ck_assert_uint_eq(offsetof(struct hyp_config, ncores), 12);
	ck_assert_uint_eq(offsetof(struct hyp_config, scheduler), 16);
	ck_assert_uint_eq(offsetof(struct hyp_config, timeslice_us), 20);
	ck_assert_uint_eq(offsetof(struct hyp_config, hyp_base), 24);
	ck_assert_uint_eq(offsetof(struct hyp_config, hyp_size), 32);
	ck_assert_uint_eq(offsetof(struct hyp_config, uart_base), 40);
	ck_assert_uint_eq(offsetof(struct hyp_config, trace_port), 48);
	ck_assert_uint_eq(offsetof(struct hyp_config, nvms), 56);
	ck_assert_uint_eq(offsetof(struct hyp_config, nshm), 60);
	ck_assert_uint_eq(offsetof(struct hyp_config, nqueues), 64);
	ck_assert_uint_eq(offsetof(struct hyp_config, vm), 72);
	ck_assert_uint_eq(offsetof(struct hyp_config, shm), 4296);
	ck_assert_uint_eq(offsetof(struct hyp_config, queue), 4488);
	ck_assert_uint_eq(sizeof(struct hyp_config), 4872);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, mem_base), 16);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, mem_size), 24);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, entry), 32);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, dtb), 40);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, nvcpus), 48);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, priority), 52);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, budget_ns), 56);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, period_ns), 64);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, vcpu), 72);
	ck_assert_uint_eq(sizeof(struct hyp_vcpu_config), 8);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, ndevices), 136);
	ck_assert_uint_eq(offsetof(struct hyp_vm_config, device), 144);
	ck_assert_uint_eq(sizeof(struct hyp_device_config), 48);
	ck_assert_uint_eq(offsetof(struct hyp_device_config, ipa), 16);
	ck_assert_uint_eq(offsetof(struct hyp_device_config, dma_window), 24);
	ck_assert_uint_eq(offsetof(struct hyp_device_config, intid), 32);
	ck_assert_uint_eq(offsetof(struct hyp_device_config, vintid), 36);
	ck_assert_uint_eq(offsetof(struct hyp_device_config, mode), 40);
	ck_assert_uint_eq(sizeof(struct hyp_vm_config), 528);
	ck_assert_uint_eq(sizeof(struct hyp_shm_config), 24);
	ck_assert_uint_eq(offsetof(struct hyp_shm_config, vms), 16);
	ck_assert_uint_eq(offsetof(struct hyp_shm_config, writable), 20);
	ck_assert_uint_eq(sizeof(struct hyp_queue_config), 24);
}
END_TEST

/* ------------------------------------------------------------- boot */

static bool has(const uint8_t *blob, size_t len, const void *what, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(blob + i, what, n))
			return true;
	return false;
}

static bool has_str(const uint8_t *blob, size_t len, const char *s)
{
	return has(blob, len, s, strlen(s) + 1);
}

/* A device tree's "reg" cells (two address, two size), as the blob holds them. */
static void reg_cells(uint8_t out[16], uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < 8; i++) {
		out[i] = (uint8_t)(base >> (56 - 8 * i));
		out[8 + i] = (uint8_t)(size >> (56 - 8 * i));
	}
}

/*
 * hyp_boot: the images where they belong, the configuration after the
 * hypervisor's image with its dtb fields filled, core 0 at the
 * hypervisor's entry at EL2 with X0 = the configuration; each device tree
 * asked for shows the VM's partition, vCPUs (PSCI through HVC: the
 * hypervisor's) and devices, and nothing of the others' or the hypervisor's.
 */
START_TEST(test_boot)
{
	static const char *const opts[] = {
		"--vm=name=modem,image=@41000000,mem=32,pass=modem,dtb",
		"--vm=name=apps,image=@43000000,vcpus=2,dev=pl011,pass=display,dtb",
		"--vm=name=other,image=@47000000", NULL,
	};
	static struct hyp_setup s;
	static struct hyp_config in_ram;
	const struct hyp_vm_config *modem = &s.cfg.vm[0], *apps = &s.cfg.vm[1];
	char err[512];
	uint8_t dtb[4096], cells[16];
	uint32_t word, magic_size[2];

	ck_assert_msg(build(opts, &s, err, sizeof(err)) == 0, "%s", err);
	make_machine();
	ck_assert_int_eq(hyp_boot(m, &s, err, sizeof(err)), 0);

	ck_assert_uint_eq(m->core[0].el, 2);
	ck_assert_uint_eq(m->core[0].r.pc, 0x40000000);
	ck_assert_uint_eq(m->core[0].r.x[0], 0x40001000);
	ck_assert_uint_eq(m->boot_entry, 0x40000000);
	ck_assert(mem_read(&m->mem, 0x40001000, &in_ram, sizeof(in_ram)));
	ck_assert(!memcmp(&in_ram, &s.cfg, sizeof(in_ram)));
	for (unsigned i = 0; i < 3; i++) {
		ck_assert(mem_read(&m->mem, s.cfg.vm[i].entry, &word, 4));
		ck_assert_uint_eq(word, WFI);
	}
	ck_assert_uint_eq(modem->dtb, 0x41001000);
	ck_assert_uint_eq(apps->dtb, 0x43001000);
	ck_assert_uint_eq(s.cfg.vm[2].dtb, 0);

	ck_assert(mem_read(&m->mem, modem->dtb, magic_size, sizeof(magic_size)));
	ck_assert_uint_eq(__builtin_bswap32(magic_size[0]), 0xd00dfeed);
	ck_assert_uint_le(__builtin_bswap32(magic_size[1]), sizeof(dtb));
	ck_assert(mem_read(&m->mem, modem->dtb, dtb, sizeof(dtb)));
	ck_assert(has_str(dtb, sizeof(dtb), "memory@41000000"));
	reg_cells(cells, 0x41000000, 32 << 20);
	ck_assert(has(dtb, sizeof(dtb), cells, sizeof(cells)));
	ck_assert(has_str(dtb, sizeof(dtb), "cpu@0"));
	ck_assert(!has_str(dtb, sizeof(dtb), "cpu@1"));
	ck_assert(has_str(dtb, sizeof(dtb), "interrupt-controller@8000000"));
	reg_cells(cells, PLAT_GICR_BASE, 0x20000);     /* one redistributor */
	ck_assert(has(dtb, sizeof(dtb), cells, sizeof(cells)));
	ck_assert(has_str(dtb, sizeof(dtb), "arm,armv8-timer"));
	ck_assert(has_str(dtb, sizeof(dtb), "modem@c000000"));
	ck_assert(!has_str(dtb, sizeof(dtb), "display@c010000"));
	ck_assert(!has_str(dtb, sizeof(dtb), "storage@c020000"));
	ck_assert(!has_str(dtb, sizeof(dtb), "pl011@9000000"));
	ck_assert(!has_str(dtb, sizeof(dtb), "trace-port@c040000"));
	ck_assert(!has_str(dtb, sizeof(dtb), "power@c030000"));
	ck_assert(has_str(dtb, sizeof(dtb), "psci"));  /* the hypervisor's, through HVC */
	ck_assert(has_str(dtb, sizeof(dtb), "hvc"));
	ck_assert(!has_str(dtb, sizeof(dtb), "smc"));

	ck_assert(mem_read(&m->mem, apps->dtb, dtb, sizeof(dtb)));
	ck_assert(has_str(dtb, sizeof(dtb), "memory@43000000"));
	ck_assert(has_str(dtb, sizeof(dtb), "cpu@1"));
	ck_assert(!has_str(dtb, sizeof(dtb), "cpu@2"));
	reg_cells(cells, PLAT_GICR_BASE, 0x40000);     /* two */
	ck_assert(has(dtb, sizeof(dtb), cells, sizeof(cells)));
	ck_assert(has_str(dtb, sizeof(dtb), "pl011@9000000"));
	ck_assert(has_str(dtb, sizeof(dtb), "display@c010000"));
	ck_assert(!has_str(dtb, sizeof(dtb), "modem@c000000"));
	hyp_setup_free(&s);
}
END_TEST

/*
 * A storage namespace in a VM: the platform knows the namespaces from the
 * device's description; the VM's device tree shows storage@c020000 with
 * one frame and INTID 42 (SPI 10), as a driver for the whole device expects.
 */
START_TEST(test_boot_storage_namespace)
{
	static const char *const params[] = { "storage.ns1_blocks=16", "storage.ns3_blocks=8", NULL };
	static const char *const opts[] = {
		"storage-ns=0xa", "--vm=name=work,image=@41000000,pass=storage:3,dtb", NULL,
	};
	static const uint8_t spi10[12] = { 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 4 };
	struct machine_config mc = fixture_config(2, params);
	static struct hyp_setup s;
	struct hyp_platform pf;
	char err[512];
	uint8_t dtb[4096], cells[16];

	mc.ncores = 4;
	mc.ram_size = PLAT_RAM_SIZE_DEFAULT;
	mc.semihosting_min_el = 2;
	fixture_init(&mc);
	hyp_platform_of(m, &pf);
	for (unsigned d = 0; d < pf.ndevices; d++)
		ck_assert_uint_eq(pf.device[d].namespaces, strcmp(pf.device[d].name, "storage") ? 0 : 0xa);
	ck_assert_msg(build(opts, &s, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(hyp_boot(m, &s, err, sizeof(err)), 0);
	ck_assert(mem_read(&m->mem, s.cfg.vm[0].dtb, dtb, sizeof(dtb)));
	ck_assert(has_str(dtb, sizeof(dtb), "storage@c020000"));
	reg_cells(cells, PLAT_STORAGE_BASE, 0x1000);
	ck_assert(has(dtb, sizeof(dtb), cells, sizeof(cells)));
	ck_assert(has(dtb, sizeof(dtb), spi10, sizeof(spi10)));
	ck_assert(!has_str(dtb, sizeof(dtb), "storage@c023000"));
	hyp_setup_free(&s);
}
END_TEST

/* A device tree that does not fit after the image is refused, naming the VM. */
START_TEST(test_boot_dtb_no_room)
{
	static const char *const opts[] = {
		"--vm=name=tight,image=@41000000+fffff0,mem=16,dtb", NULL,
	};
	static struct hyp_setup s;
	char err[512];

	ck_assert_msg(build(opts, &s, err, sizeof(err)) == 0, "%s", err);
	make_machine();
	ck_assert_int_eq(hyp_boot(m, &s, err, sizeof(err)), -1);
	ck_assert_msg(!strncmp(err, "--vm tight: no room in its partition after the image for the ",
			       61) && strstr(err, "-byte device tree"), "%s", err);
	hyp_setup_free(&s);
}
END_TEST

/* ------------------------------------------------------------ suite */

static Suite *hyp_config_suite(void)
{
	Suite *s = suite_create("hyp_config");
	TCase *specs = tcase_create("specs");
	TCase *boot = tcase_create("boot");

	tcase_add_unchecked_fixture(specs, make_platform, remove_images);
	tcase_add_loop_test(specs, test_valid, 0, sizeof(valid) / sizeof(valid[0]));
	tcase_add_loop_test(specs, test_invalid, 0, sizeof(invalid) / sizeof(invalid[0]));
	tcase_add_test(specs, test_refusal_keeps_nothing);
	tcase_add_test(specs, test_fixture_offsets);
	suite_add_tcase(s, specs);
	tcase_add_unchecked_fixture(boot, make_platform, remove_images);
	tcase_add_checked_fixture(boot, NULL, fixture_destroy);
	tcase_add_test(boot, test_boot);
	tcase_add_test(boot, test_boot_dtb_no_room);
	tcase_add_test(boot, test_boot_storage_namespace);
	suite_add_tcase(s, boot);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hyp_config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
