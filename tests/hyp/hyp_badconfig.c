/*
 * hyp_badconfig.c - boots the hypervisor with a corrupt configuration, to
 * test the hypervisor's own checks (hyp/boot.c validate(), hyp/sched.c):
 * defence in depth against configurations `phonesim run --hyp` would
 * refuse before boot.
 *
 *   hyp_badconfig CASE HYP.elf VM0.elf VM1.elf
 *
 * It builds a valid run with the simulator's own code (hyp_config.h,
 * hyp_boot.h, as sim/cmd_run.c does): VMs "a" (VM0.elf, partition
 * 0x48000000, 16 MiB, a virtual PL011 and the modem) and "b" (VM1.elf,
 * 0x49000000), one core, functional timing. Then it corrupts one item of
 * the struct hyp_config before it is loaded, by CASE:
 *   magic      a wrong magic number
 *   over-hyp   VM a's partition made 0x40000000 + 256 MiB (over the hypervisor)
 *   overlap    VM b's partition moved to 0x48800000 (into VM a's)
 *   ppi        the modem given to VM a with INTID 20 (a PPI)
 *   static     the static scheduler, with two vCPUs for one core
 *   none       nothing: the control, a valid run that exits 0
 * and runs the machine; its exit status is the run's (the hypervisor's).
 * It is not a second loader and takes no other options: every scenario
 * with a valid configuration runs through `phonesim run --hyp` (hyp.sh).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "hyp_boot.h"
#include "platform.h"

static int corrupt(struct hyp_config *c, const char *what)
{
	struct hyp_vm_config *a = &c->vm[0];

	if (!strcmp(what, "magic")) {
		c->magic = ~HYP_CONFIG_MAGIC;
	} else if (!strcmp(what, "over-hyp")) {
		a->mem_base = c->hyp_base;
		a->mem_size = 256u << 20;
	} else if (!strcmp(what, "overlap")) {
		c->vm[1].mem_base = a->mem_base + (8u << 20);
	} else if (!strcmp(what, "ppi")) {
		for (unsigned d = 0; d < a->ndevices; d++)
			if (a->device[d].mode == HYP_DEV_PASSTHROUGH)
				a->device[d].intid = 20;
	} else if (!strcmp(what, "static")) {
		c->scheduler = HYP_SCHED_STATIC;
		c->timeslice_us = 0;
	} else if (strcmp(what, "none")) {
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct machine m;
	static struct hyp_plan plan = { .scheduler = HYP_SCHED_PRIORITY };
	static struct hyp_setup s;
	struct machine_config mc = {
		.ncores = 1, .ram_size = PLAT_RAM_SIZE_DEFAULT, .start_el = 2, .quantum_ns = 1000,
		.counter_hz = PLAT_COUNTER_HZ_DEFAULT, .console = stdout,
		.timing = TIMING_FUNCTIONAL, .max_insns = 2000000000ull,
		.max_ns = 10000000000ull, .semihosting_min_el = 2, .cmdline = "hyp_badconfig",
	};
	struct hyp_platform pf;
	char spec[2][PATH_MAX + 64], msg[PATH_MAX + 256];
	const char *error;
	uint64_t top;
	int rc;

	if (argc != 5) {
		fprintf(stderr, "usage: hyp_badconfig magic|over-hyp|overlap|ppi|static|none "
			"HYP.elf VM0.elf VM1.elf\n");
		return 2;
	}
	plan.hyp_image = argv[2];
	snprintf(spec[0], sizeof(spec[0]), "name=a,image=%s,base=0x48000000,mem=16,dev=pl011,"
		 "pass=modem", argv[3]);
	snprintf(spec[1], sizeof(spec[1]), "name=b,image=%s,base=0x49000000,mem=16,dev=pl011",
		 argv[4]);
	if (hyp_plan_add_vm(&plan, spec[0], msg, sizeof(msg)) < 0 ||
	    hyp_plan_add_vm(&plan, spec[1], msg, sizeof(msg)) < 0)
		goto refused;
	if (machine_init(&m, &mc, &error) != 0) {
		fprintf(stderr, "hyp_badconfig: machine_init: %s\n", error);
		return 2;
	}
	hyp_platform_of(&m, &pf);
	if (hyp_setup_build(&s, &plan, &pf, msg, sizeof(msg)) < 0)
		goto refused;
	if (corrupt(&s.cfg, argv[1]) < 0) {
		fprintf(stderr, "hyp_badconfig: unknown case '%s'\n", argv[1]);
		return 2;
	}
	if (hyp_boot(&m, &s, msg, sizeof(msg)) < 0)
		goto refused;
	/* SYS_HEAPINFO as `phonesim run` sets it: the hypervisor learns RAM's top from it. */
	top = m.mem.ram_base + m.mem.ram_size;
	m.semihost.heap_base = (s.config_addr + sizeof(s.cfg) + 15) & ~15ull;
	m.semihost.heap_limit = m.semihost.stack_limit = top - (1u << 20);
	m.semihost.stack_base = top;
	hyp_setup_free(&s);
	rc = machine_run(&m);
	fflush(stdout);
	machine_destroy(&m);
	return rc;
refused:
	/* The valid setup was refused: the test itself is broken, not the hypervisor. */
	fprintf(stderr, "hyp_badconfig: %s\n", msg);
	return 99;
}
