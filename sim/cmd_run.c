/*
 * cmd_run.c - `phonesim run`: load a program and run the SoC.
 *
 * Bare-metal runs (--bare IMAGE.elf) load an AArch64 ELF into RAM and start
 * core 0 at its entry point at EL2, as firmware hands over on a phone core,
 * or at EL1 on a machine without EL2 (--el 1). Hypervisor runs (--hyp
 * HYP.elf --vm SPEC...) load the hypervisor, its VMs and its configuration
 * (hyp_config.h, hyp_boot.h) and start the hypervisor at EL2. The exit
 * status is the program's (the hypervisor's) semihosting exit code. A
 * scenario file (`run SCENARIO.yaml`, scenario.h) gives either kind of run
 * and its options; options on the command line override the file's.
 * `phonesim validate` (cmd_validate.c) does all of a scenario run but run.
 *
 * With -o RUN.db the run is recorded in a trace database (traces/). SIGINT
 * and SIGTERM stop the run at the machine's next turn, so that the trace is
 * closed cleanly, marked incomplete; a second signal kills at once.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../hyp/abi.h"
#include "cli.h"
#include "diag.h"
#include "elf.h"
#include "hyp_boot.h"
#include "machine.h"
#include "platform.h"
#include "recorder.h"
#include "run_report.h"
#include "scenario.h"
#include "scenario_builtin.h"
#include "summary.h"
#include "schema.h"
#include "syndrome.h"

static const char usage[] =
	"Usage: phonesim run [OPTIONS]                (the built-in scenario phone-default)\n"
	"       phonesim run SCENARIO.yaml|NAME [OPTIONS]\n"
	"       phonesim run --bare IMAGE.elf [OPTIONS]\n"
	"       phonesim run --hyp HYP.elf --vm SPEC [--vm SPEC...] [OPTIONS]\n"
	"\n"
	"With no program, runs the built-in scenario phone-default (the baseband\n"
	"RTOS and the app OS under the hypervisor, 1 s of simulated time); NAME\n"
	"runs another built-in scenario ('phonesim scenarios' lists them). A\n"
	"built-in scenario is recorded in NAME.db (NAME-2.db, ... if that exists:\n"
	"never overwritten) unless -o or --trace-level off say otherwise. A recorded\n"
	"run ends with its summary: per VM, CPU time, the hypervisor's overhead,\n"
	"energy, deadlines and dropped frames, and the traps by class; on a terminal\n"
	"a progress line shows simulated time, speed and the time left.\n"
	"\n"
	"Runs an AArch64 bare-metal program (an ELF whose PT_LOAD segments lie in\n"
	"RAM at 0x40000000, as for qemu-system-aarch64 -M virt), or a hypervisor\n"
	"and its VMs, and exits with the status the program (the hypervisor)\n"
	"passes to semihosting SYS_EXIT.\n"
	"\n"
	"A scenario file (YAML, docs/scenarios.md), first after 'run', says what\n"
	"to run and how; the options below override its settings, --set adds to\n"
	"or replaces its device parameters, and --bare, --hyp, --vm, --shm and\n"
	"--queue are refused with it ('phonesim validate' checks a scenario).\n"
	"\n"
	"Options:\n"
	"  --bare IMAGE     the program to run\n"
	"  --hyp IMAGE      the hypervisor to run at EL2, in its memory at the start\n"
	"                   of RAM; X0 at its entry: the address of its configuration\n"
	"  --vm SPEC        a VM of the hypervisor (repeatable, at most 8):\n"
	"                   name=NAME,image=ELF[,mem=MiB][,base=ADDR][,vcpus=N]\n"
	"                   [,affinity=MASK|cpu=N][,prio=N][,budget_us=N,period_us=N]\n"
	"                   [,dev=pl011][,pass=modem|display|storage...][,dtb]\n"
	"  --shm SPEC       memory shared by VMs: base=ADDR,size=BYTES,vms=A+B\n"
	"                   [,writable=A]\n"
	"  --queue SPEC     a message queue: from=A,to=B,size=BYTES,depth=N,\n"
	"                   intids=NOT_EMPTY/NOT_FULL\n"
	"  --hyp-sched P    priority (default: fixed priorities, budgets) or static\n"
	"                   (each vCPU on a core of its own)\n"
	"  --hyp-timeslice-us N  round-robin slice within a priority (default 1000)\n"
	"  --hyp-mib N      the hypervisor's memory at the start of RAM (default 16)\n"
	"                   (docs/running.md: the specs, the memory layout)\n"
	"  --el 2|1         start at EL2 (default), or at EL1 on a machine with no EL2\n"
	"  --ram-mib N      RAM size in MiB (default 512)\n"
	"  --cores N        number of cores, 1-8 (default: the preset's, 1 for small,\n"
	"                   8 for phone); core 0 starts the program, the others\n"
	"                   wait for PSCI CPU_ON\n"
	"  --soc NAME       SoC preset: small (default: Cortex-A55 class at 1 GHz)\n"
	"                   or phone (4 LITTLE at 1.8 GHz + 4 big at 2.8 GHz)\n"
	"  --timing MODE    detailed (default: pipeline, caches, TLBs, branch\n"
	"                   prediction) or functional (one cycle per instruction)\n"
	"  --fast-forward N run the first N instructions functionally\n"
	"  --json           print the run's totals (and, when recorded, its summary)\n"
	"                   as one JSON object on stdout at the end\n"
	"  --quiet          print nothing but errors: no guest console, no progress,\n"
	"                   no summary (with --json: the JSON alone)\n"
	"  --max-insns N    stop the run, as failed, after N instructions\n"
	"                   (default 2000000000; 0: no limit)\n"
	"  --dtb            pass the machine's device tree to the program: placed\n"
	"                   after the image, its address in X0 (Linux boot protocol)\n"
	"  --dtb-out FILE   also write the device tree to FILE\n"
	"  --max-ns N       stop the run, as failed, at N ns of simulated time\n"
	"                   (default 100 s; 0: no limit)\n"
	"  --duration T     how long the workloads run (1ms to 4000s; a number with\n"
	"                   ns, us, ms or s): told to every guest in its device tree\n"
	"                   (/chosen phonesim,duration-us); the run ends when they do;\n"
	"                   unless limits are given, the limit is then 10 times it\n"
	"                   plus 10 s of simulated time, and no instruction limit\n"
	"  --set DEV.KEY=V  set a device parameter (e.g. generic_timer.freq_hz=19200000;\n"
	"                   repeatable; docs/platform.md lists them)\n"
	"  --stats          print instruction and exception counts on stderr\n"
	"  -o RUN.db        record the run in a trace database (docs/trace-schema.md;\n"
	"                   read it with 'phonesim trace RUN.db')\n"
	"  --trace-level L  what to record: off, summary, events or full\n"
	"                   (default: events with -o, off without)\n"
	"  --counter-period-us N  at full, sample counters every N us of simulated\n"
	"                   time (default 10)\n"
	"  --force          overwrite RUN.db and the --dtb-out file if they exist\n"
	"                   (regular files only)\n"
	"  --help           show this help\n";

struct run_options {
	const char *image;
	unsigned nparams;
	const char *params[MACHINE_MAX_PARAMS];
	int dtb;
	const char *dtb_out;
	const char *soc;
	int functional;
	uint64_t fast_forward;
	int json;
	int quiet;
	unsigned el;
	unsigned cores;
	uint64_t ram_mib;
	uint64_t max_insns;
	uint64_t max_ns;
	bool limits_given;              /* --max-insns or --max-ns, here or in the file */
	uint64_t duration_ns;
	int stats;
	const char *trace_path;
	int trace_level;                /* enum trace_level, or -1: not given */
	uint64_t counter_period_us;     /* 0: not given */
	int force;
	struct hyp_plan plan;
	const char *hyp_only;           /* the first option that needs --hyp */
	struct scenario *scenario;      /* the file's, or NULL */
};

static void default_options(struct run_options *o)
{
	*o = (struct run_options){ .el = 2, .ram_mib = PLAT_RAM_SIZE_DEFAULT >> 20,
				   .max_insns = 2000000000ull, .max_ns = 100000000000ull,
				   .trace_level = -1 };
}

/* A refusal: on the scenario's node when it is about the file, else as the command line's. */
static _Noreturn void refuse(const struct run_options *o, const char *prefix, const char *msg)
{
	char line[PATH_MAX + 512];

	if (o->scenario && scenario_locate(o->scenario, msg, line, sizeof(line)))
		diag_bad_file("%s", line);
	diag_bad_input("%s%s", prefix, msg);
}

/* The file's settings, before the command line's options override them. */
static void apply_scenario(struct run_options *o, struct scenario *s)
{
	o->scenario = s;
	o->soc = s->soc;
	if (s->cores)
		o->cores = s->cores;
	if (s->ram_mib)
		o->ram_mib = s->ram_mib;
	if (s->functional >= 0)
		o->functional = s->functional;
	if (s->fast_forward_given)
		o->fast_forward = s->fast_forward;
	o->nparams = s->nparams;
	memcpy(o->params, s->params, sizeof(o->params));
	o->image = s->bare_image;
	if (s->el)
		o->el = s->el;
	o->dtb = s->dtb || s->dtb_out;
	o->dtb_out = s->dtb_out;
	if (s->hyp)
		o->plan = s->plan;
	if (s->max_ns_given)
		o->max_ns = s->max_ns;
	if (s->max_insns_given)
		o->max_insns = s->max_insns;
	o->limits_given = s->max_ns_given || s->max_insns_given;
	o->duration_ns = s->duration_ns;
	o->trace_level = s->trace_level;
	o->trace_path = s->output;
	o->counter_period_us = s->counter_period_us;
	o->stats = s->stats;
	o->json = s->json;
}

/*
 * Loads the scenario file, or the built-in scenario of that name when no
 * such file exists, or exits 2 with a one-line refusal.
 */
static void load_scenario(struct run_options *o, const char *path)
{
	static struct scenario s;
	char err[PATH_MAX + 512];

	switch (scenario_open(&s, path, err, sizeof(err))) {
	case -2:
		diag_bad_input("run: '%s' is neither a scenario file nor a built-in scenario "
			       "('phonesim scenarios' lists them)", path);
	case -1:
		diag_bad_file("%s", err);
	}
	apply_scenario(o, &s);
}

/*
 * A built-in scenario records into NAME.db, or the first of NAME-2.db,
 * NAME-3.db, ... that does not exist: a run never replaces another's trace.
 */
static const char *builtin_output(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s.db", name);
	for (unsigned n = 2; access(path, F_OK) == 0; n++) {
		if (n > 9999)
			diag_bad_input("run: %s.db to %s-9999.db all exist: give -o", name, name);
		snprintf(path, sizeof(path), "%s-%u.db", name, n);
	}
	return path;
}

/* What the file says already; options that would describe the run a second time. */
static void not_with_scenario(const struct run_options *o, const char *opt)
{
	if (o->scenario)
		diag_bad_input("run: %s: the scenario file says what runs (docs/scenarios.md)", opt);
}

/* --set DEV.KEY=V: replaces a parameter of the same name from the file. */
static void set_param(struct run_options *o, const char *param)
{
	size_t len = (size_t)(strchr(param, '=') - param);

	for (unsigned i = 0; i < o->nparams; i++)
		if (!strncmp(o->params[i], param, len + 1)) {
			if (o->scenario)
				scenario_forget_param(o->scenario, param, len);
			o->params[i] = param;
			return;
		}
	if (o->nparams == MACHINE_MAX_PARAMS)
		diag_bad_input("run: --set: more than %d parameters", MACHINE_MAX_PARAMS);
	o->params[o->nparams++] = param;
}

/*
 * The output options agree with each other, and (with files) name files
 * the run may create.
 */
static void check_trace_options(struct run_options *o, bool files)
{
	switch (trace_options_check(o->trace_level, o->trace_path, o->counter_period_us)) {
	case TRACE_OPTIONS_OK:
		break;
	case TRACE_OPTIONS_NEED_OUTPUT:
		diag_bad_input("run: --trace-level %s needs -o RUN.db",
			       trace_level_name(o->trace_level));
		break;
	case TRACE_OPTIONS_OFF_WITH_OUTPUT:
		diag_bad_input("run: --trace-level off records nothing: drop -o");
		break;
	case TRACE_OPTIONS_PERIOD_NOT_FULL:
		diag_bad_input("run: --counter-period-us applies to --trace-level full");
		break;
	}
	o->trace_level = trace_level_resolve(o->trace_level, o->trace_path);
	if (!o->trace_path && !o->dtb_out && o->force)
		diag_bad_input("run: --force applies to -o RUN.db and --dtb-out FILE");
	if (!files)
		return;
	if (o->trace_path)
		cli_check_output("run", "-o", o->trace_path, o->force, NULL);
	if (o->dtb_out)
		cli_check_output("run", "--dtb-out", o->dtb_out, o->force, NULL);
}

/* Remembers the first option only a hypervisor run takes, for a bare run to refuse. */
static void needs_hyp(struct run_options *o, const char *opt)
{
	if (!o->hyp_only)
		o->hyp_only = opt;
}

/* Parses a hypervisor spec option into the plan, or exits 2. */
static void add_spec(struct run_options *o, const char *opt,
		     int (*add)(struct hyp_plan *, const char *, char *, size_t), const char *spec)
{
	char msg[PATH_MAX + 256];

	not_with_scenario(o, opt);
	needs_hyp(o, opt);
	if (add(&o->plan, spec, msg, sizeof(msg)) < 0)
		diag_bad_input("run: %s", msg);
}

/* The combinations the two kinds of runs refuse. */
static void check_run_kind(const struct run_options *o)
{
	if (o->image && o->plan.hyp_image)
		diag_bad_input("run: --bare and --hyp exclude each other");
	if (!o->image && !o->plan.hyp_image)
		diag_bad_input("run: no program given: use --bare IMAGE.elf, --hyp HYP.elf "
			       "--vm SPEC or a scenario file");
	if (o->image && !o->image[0])
		diag_bad_input("run: --bare: the image name is empty");
	if (o->image && o->hyp_only)
		diag_bad_input("run: %s needs --hyp", o->hyp_only);
	if (o->image)
		return;
	if (!o->plan.hyp_image[0])
		diag_bad_input("run: --hyp: the image name is empty");
	if (o->el == 1)
		diag_bad_input("run: --el 1: a hypervisor runs at EL2");
	if (o->dtb)
		diag_bad_input("run: --dtb is for --bare runs (a VM gets its own device tree "
			       "with dtb in its --vm)");
}

/* Whether the options say what runs (or ask for help): else the default scenario runs. */
static bool has_program_option(int argc, char **argv)
{
	static const char *const says[] = { "--bare", "--hyp", "--vm", "--shm", "--queue", "--help" };

	for (int i = 1; i < argc; i++)
		for (size_t k = 0; k < sizeof(says) / sizeof(says[0]); k++) {
			size_t n = strlen(says[k]);

			if (!strncmp(argv[i], says[k], n) && (!argv[i][n] || argv[i][n] == '='))
				return true;
		}
	return false;
}

/*
 * files: the run is to be made, so the output files it names must be ones
 * it may create; false for `validate`, which writes nothing.
 */
static void parse(int argc, char **argv, struct run_options *o, bool files)
{
	enum { OPT_BARE = 256, OPT_EL, OPT_RAM, OPT_CORES, OPT_MAX, OPT_SET, OPT_DTB, OPT_DTB_OUT,
	       OPT_SOC, OPT_TIMING, OPT_FAST_FORWARD, OPT_JSON, OPT_MAX_NS, OPT_STATS, OPT_LEVEL,
	       OPT_PERIOD, OPT_FORCE, OPT_HELP, OPT_HYP, OPT_VM, OPT_SHM, OPT_QUEUE, OPT_HYP_SCHED,
	       OPT_HYP_SLICE, OPT_HYP_MIB, OPT_DURATION, OPT_QUIET };
	static const struct option longopts[] = {
		{ "bare", required_argument, NULL, OPT_BARE },
		{ "hyp", required_argument, NULL, OPT_HYP },
		{ "vm", required_argument, NULL, OPT_VM },
		{ "shm", required_argument, NULL, OPT_SHM },
		{ "queue", required_argument, NULL, OPT_QUEUE },
		{ "hyp-sched", required_argument, NULL, OPT_HYP_SCHED },
		{ "hyp-timeslice-us", required_argument, NULL, OPT_HYP_SLICE },
		{ "hyp-mib", required_argument, NULL, OPT_HYP_MIB },
		{ "el", required_argument, NULL, OPT_EL },
		{ "ram-mib", required_argument, NULL, OPT_RAM },
		{ "cores", required_argument, NULL, OPT_CORES },
		{ "max-insns", required_argument, NULL, OPT_MAX },
		{ "max-ns", required_argument, NULL, OPT_MAX_NS },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "set", required_argument, NULL, OPT_SET },
		{ "dtb", no_argument, NULL, OPT_DTB },
		{ "dtb-out", required_argument, NULL, OPT_DTB_OUT },
		{ "soc", required_argument, NULL, OPT_SOC },
		{ "timing", required_argument, NULL, OPT_TIMING },
		{ "fast-forward", required_argument, NULL, OPT_FAST_FORWARD },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "output", required_argument, NULL, 'o' },
		{ "trace-level", required_argument, NULL, OPT_LEVEL },
		{ "counter-period-us", required_argument, NULL, OPT_PERIOD },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	int opt;

	opterr = 0;
	/* The scenario comes first, so that the options after it override it. */
	if (argc > 1 && argv[1][0] != '-') {
		load_scenario(o, argv[1]);
		optind = 2;
	}
	/* No program at all: the default scenario (--help still gets help). */
	if (!o->scenario && !has_program_option(argc, argv))
		load_scenario(o, "phone-default");
	while ((opt = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_BARE:
			not_with_scenario(o, "--bare");
			o->image = optarg;
			break;
		case OPT_HYP:
			not_with_scenario(o, "--hyp");
			o->plan.hyp_image = optarg;
			break;
		case OPT_VM:
			add_spec(o, "--vm", hyp_plan_add_vm, optarg);
			break;
		case OPT_SHM:
			add_spec(o, "--shm", hyp_plan_add_shm, optarg);
			break;
		case OPT_QUEUE:
			add_spec(o, "--queue", hyp_plan_add_queue, optarg);
			break;
		case OPT_HYP_SCHED:
			if (strcmp(optarg, "priority") && strcmp(optarg, "static"))
				diag_bad_input("run: --hyp-sched: '%s' is not priority or static", optarg);
			o->plan.scheduler = strcmp(optarg, "static") ? HYP_SCHED_PRIORITY : HYP_SCHED_STATIC;
			needs_hyp(o, "--hyp-sched");
			break;
		case OPT_HYP_SLICE:
			o->plan.timeslice_us = (uint32_t)cli_number("run", "--hyp-timeslice-us", optarg,
								    1, HYP_TIMESLICE_US_MAX);
			needs_hyp(o, "--hyp-timeslice-us");
			break;
		case OPT_HYP_MIB:
			o->plan.hyp_mib = cli_number("run", "--hyp-mib", optarg, 1,
						     PLAT_RAM_SIZE_MAX >> 20);
			needs_hyp(o, "--hyp-mib");
			break;
		case OPT_EL:
			o->el = (unsigned)cli_number("run", "--el", optarg, 1, 2);
			break;
		case OPT_RAM:
			o->ram_mib = cli_number("run", "--ram-mib", optarg, 1,
						PLAT_RAM_SIZE_MAX >> 20);
			break;
		case OPT_MAX_NS:
			o->limits_given = true;
			o->max_ns = cli_number("run", "--max-ns", optarg, 0, UINT64_MAX);
			break;
		case OPT_DURATION:
			o->duration_ns = cli_duration("run", optarg);
			break;
		case OPT_CORES:
			o->cores = (unsigned)cli_number("run", "--cores", optarg, 1, MACHINE_MAX_CORES);
			break;
		case OPT_MAX:
			o->limits_given = true;
			o->max_insns = cli_number("run", "--max-insns", optarg, 0, UINT64_MAX);
			break;
		case OPT_SET:
			if (!strchr(optarg, '=') || optarg[0] == '=')
				diag_bad_input("run: --set: '%s' is not DEVICE.KEY=VALUE", optarg);
			set_param(o, optarg);
			break;
		case OPT_DTB:
			o->dtb = 1;
			break;
		case OPT_DTB_OUT:
			o->dtb = 1;
			o->dtb_out = optarg;
			break;
		case OPT_SOC:
			if (!timing_preset_known(optarg))
				diag_bad_input("run: --soc: unknown preset '%s' (small, phone)", optarg);
			o->soc = optarg;
			break;
		case OPT_TIMING:
			if (strcmp(optarg, "detailed") && strcmp(optarg, "functional"))
				diag_bad_input("run: --timing: '%s' is not detailed or functional", optarg);
			o->functional = !strcmp(optarg, "functional");
			break;
		case OPT_FAST_FORWARD:
			o->fast_forward = cli_number("run", "--fast-forward", optarg, 0, UINT64_MAX);
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case OPT_QUIET:
			o->quiet = 1;
			break;
		case OPT_STATS:
			o->stats = 1;
			break;
		case 'o':
			o->trace_path = optarg;
			break;
		case OPT_LEVEL:
			o->trace_level = trace_level_parse(optarg);
			if (o->trace_level < 0)
				diag_bad_input("run: --trace-level: '%s' is not off, summary, events "
					       "or full", optarg);
			break;
		case OPT_PERIOD:
			o->counter_period_us = cli_number("run", "--counter-period-us", optarg, 1,
							  UINT64_MAX / 1000);
			break;
		case OPT_FORCE:
			o->force = 1;
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			exit(EXIT_OK);
		default:
			cli_bad_option("run", opt, argv);
		}
	}
	if (optind < argc)
		diag_bad_input("run: unexpected argument '%s' (a scenario file comes right after "
			       "'run'; try 'phonesim run --help')", argv[optind]);
	if (files && o->scenario && o->scenario->builtin && !o->trace_path &&
	    o->trace_level != TRACE_OFF)
		o->trace_path = builtin_output(o->scenario->file);
	/*
	 * A run given a length is bounded by it, not by the default instruction
	 * count (2e9 is about 2 s of phone-default): the guests have ten times
	 * their duration, and 10 s more, before the run is called runaway.
	 */
	if (o->duration_ns && !o->limits_given) {
		o->max_insns = 0;
		o->max_ns = 10 * o->duration_ns + 10000000000ull;
	}
	check_run_kind(o);
	check_trace_options(o, files);
}

/* --dtb-out (checked by cli_check_output): the whole tree, or no file. */
static void write_dtb(const char *path, const uint8_t *dtb, size_t size)
{
	FILE *f;

	cli_remove_output("run", path);
	f = fopen(path, "wxb");
	if (!f)
		diag_bad_input("run: --dtb-out: cannot create %s: %s", path, strerror(errno));
	if (fwrite(dtb, 1, size, f) != size || fclose(f) != 0) {
		int err = errno;

		unlink(path);
		diag_bad_input("run: --dtb-out: cannot write %s: %s", path, strerror(err));
	}
}

/*
 * The device tree goes right after the image (4 KiB aligned); its address
 * is X0 at entry, as the Linux arm64 boot protocol has it. Returns the end
 * of what it occupies, or exits 2 when RAM cannot hold it.
 */
static uint64_t place_dtb(struct machine *m, const struct run_options *o, uint64_t end)
{
	size_t size;
	uint8_t *dtb = machine_dtb(m, &size);
	uint64_t at = (end + 4095) & ~4095ull;

	if (!dtb)
		diag_bad_input("run: cannot build the device tree");
	if (!mem_write(&m->mem, at, dtb, size))
		diag_bad_input("run: --dtb: no room in RAM after the image for the %zu-byte device tree",
			       size);
	if (o->dtb_out)
		write_dtb(o->dtb_out, dtb, size);
	free(dtb);
	m->core[0].r.x[0] = at;
	return at + size;
}

/*
 * SYS_HEAPINFO: the heap runs from end (the image, and the device tree or
 * the hypervisor's configuration if any) to 1 MiB below the top of RAM; the
 * stack takes that last MiB. (A hypervisor learns RAM's extent from it.)
 */
static void set_heap(struct machine *m, uint64_t end)
{
	uint64_t top = m->mem.ram_base + m->mem.ram_size;

	m->semihost.heap_base = (end + 15) & ~15ull;
	m->semihost.heap_limit = top - (1u << 20);
	m->semihost.stack_base = top;
	m->semihost.stack_limit = top - (1u << 20);
}

/* ---------------------------------------------------------- stopping */

static struct machine *stoppable;
static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
	caught_signal = sig;
	stoppable->stop = 1;
}

/* SA_RESETHAND: a second signal, if the first seems not to work, kills. */
static void catch_signals(struct machine *m, void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESETHAND };

	stoppable = m;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* ---------------------------------------------------------- progress */

/*
 * On a terminal, twice a second: simulated time (of the duration, when the
 * guests were told one), the simulator's speed and the time left.
 */
#define PROGRESS_PERIOD_US      500000

static struct timespec progress_start;
static const char *progress_name;
static bool progress_shown;

static double host_seconds(const struct timespec *from)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - from->tv_sec) + (now.tv_nsec - from->tv_nsec) * 1e-9;
}

static void show_progress(const struct machine *m)
{
	double host = host_seconds(&progress_start);
	uint64_t duration = m->cfg.duration_ns, now = m->now_ns;

	fprintf(stderr, "\r%s: %.1f ms", progress_name, (double)now / 1e6);
	if (duration)
		fprintf(stderr, " of %.0f ms", (double)duration / 1e6);
	fprintf(stderr, " simulated, %.1f MIPS", (double)machine_instructions(m) / 1e6 / host);
	if (duration && now && now < duration)
		fprintf(stderr, ", about %.0f s left", host * (double)(duration - now) / (double)now);
	fputs("\033[K", stderr);
	progress_shown = true;
}

static void on_progress_tick(int sig)
{
	(void)sig;
	stoppable->progress_due = 1;
}

/* Starts (period_us > 0) or stops (0) the progress line's timer. */
static void progress_timer(long period_us)
{
	struct itimerval t = { { 0, period_us }, { 0, period_us } };
	struct sigaction sa = { .sa_handler = on_progress_tick, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	if (period_us)
		sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &t, NULL);
	if (!period_us && progress_shown)
		fputs("\r\033[K", stderr);
}

/* --------------------------------------------------------- recording */

/* The command line, quoted for a POSIX shell where it must be. */
static char *command_line(int argc, char **argv)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		return NULL;
	fputs("phonesim", f);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] && !a[strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "0123456789_-+=.,:/@%")]) {
			fprintf(f, " %s", a);
			continue;
		}
		fputs(" '", f);
		for (; *a; a++)
			if (*a == '\'')
				fputs("'\\''", f);
			else
				fputc(*a, f);
		fputc('\'', f);
	}
	return fclose(f) == 0 ? buf : NULL;
}

static struct recorder *start_recording(struct machine *m, const struct run_options *o,
					int argc, char **argv)
{
	struct recorder_config rc = {
		.level = (enum trace_level)o->trace_level,
		.counter_period_ns = o->counter_period_us ? o->counter_period_us * 1000
							  : TRACE_COUNTER_PERIOD_NS_DEFAULT,
		.image = o->image ? o->image : o->plan.hyp_image,
		.name = o->scenario ? o->scenario->file : NULL,
		.seed = machine_param_u64(m, "modem.seed", 0, 0, UINT64_MAX, NULL),
	};
	struct recorder *r;
	char err[512];

	if (!(rc.scenario = command_line(argc, argv)))
		cli_out_of_memory("run");
	cli_remove_output("run", o->trace_path);
	r = recorder_create(o->trace_path, &rc, m, err, sizeof(err));
	free((char *)rc.scenario);
	if (!r)
		diag_bad_input("run: %s", err);
	return r;
}

/* Names the hypervisor's VMs, their devices and vCPUs in the trace, by their trace port ids. */
static void record_vms(struct recorder *r, const struct hyp_plan *p)
{
	char name[HYP_VM_NAME_LEN + 8], devices[HYP_MAX_VM_DEVICES * (HYP_DEVICE_NAME_LEN + 1)];

	for (unsigned vm = 0; vm < p->nvms; vm++) {
		const struct hyp_vm_spec *s = &p->vm[vm];
		size_t n = 0;

		devices[0] = '\0';
		if (s->vpl011)
			n += (size_t)snprintf(devices, sizeof(devices), "pl011");
		for (unsigned d = 0; d < s->npass && n < sizeof(devices); d++)
			n += (size_t)snprintf(devices + n, sizeof(devices) - n, "%s%s", n ? "," : "",
					      s->pass[d]);
		recorder_vm(r, (int)vm, s->name, devices);
		for (unsigned v = 0; v < p->vm[vm].vcpus; v++) {
			snprintf(name, sizeof(name), "%s.%u", p->vm[vm].name, v);
			recorder_vcpu(r, TRACE_VCPU_ID(vm, v), (int)vm, name);
		}
	}
}

/* Closes the trace; a trace that cannot be written fails the run. */
static int stop_recording(struct machine *m, int rc)
{
	enum run_outcome outcome = m->finished ? RUN_FINISHED :
				   caught_signal ? RUN_INTERRUPTED : RUN_FAILED;
	char err[512];

	if (recorder_finish(m->recorder, outcome, rc, err, sizeof(err)) != 0) {
		diag_error("trace: %s", err);
		rc = EXIT_RUN_FAILED;
	}
	m->recorder = NULL;
	return rc;
}

/* ------------------------------------------------------- starting */

/* A bare-metal run: the image (read before the machine was built) at core 0's entry. */
static void start_bare(struct machine *m, const struct run_options *o, struct elf_image *img)
{
	machine_load(m, img);
	m->boot_el = o->el;
	m->boot_entry = img->entry;
	core_reset(&m->core[0], o->el, img->entry);
	set_heap(m, o->dtb ? place_dtb(m, o, elf_end(img)) : elf_end(img));
	elf_free(img);
}

/* A hypervisor run: the plan is checked against the machine built for it, then loaded. */
static void start_hyp(struct machine *m, const struct run_options *o)
{
	static struct hyp_setup s;
	struct hyp_platform pf;
	char msg[PATH_MAX + 256];

	hyp_platform_of(m, &pf);
	if (hyp_setup_build(&s, &o->plan, &pf, msg, sizeof(msg)) < 0 ||
	    hyp_boot(m, &s, msg, sizeof(msg)) < 0)
		refuse(o, "run: ", msg);
	set_heap(m, s.config_addr + sizeof(s.cfg));
	hyp_setup_free(&s);
}

/*
 * Builds the machine and loads the program into it: everything before the
 * first instruction, and every check. Exits 2 on bad input, 1 when the
 * machine cannot be built.
 */
static void prepare(struct machine *m, const struct run_options *o)
{
	struct machine_config cfg = { .ncores = 1, .quantum_ns = 1000,
				      .counter_hz = PLAT_COUNTER_HZ_DEFAULT,
				      .console = o->quiet ? NULL : stdout };
	struct elf_image img;
	struct elf_ram ram;
	const char *error;
	char msg[PATH_MAX + 256];
	int rc;

	cfg.ram_size = o->ram_mib << 20;
	cfg.ncores = o->cores ? o->cores : timing_preset_cores(o->soc ? o->soc : "small");
	cfg.soc = o->soc;
	cfg.timing = o->functional ? TIMING_FUNCTIONAL : TIMING_DETAILED;
	cfg.fast_forward = o->fast_forward;
	cfg.start_el = o->el;
	cfg.max_insns = o->max_insns;
	cfg.max_ns = o->max_ns;
	cfg.duration_ns = o->duration_ns;
	cfg.cmdline = o->image ? o->image : o->plan.hyp_image;
	/* Under a hypervisor only it may end the run: a guest's HLT is UNDEFINED. */
	cfg.semihosting_min_el = o->image ? 1 : 2;
	cfg.nparams = o->nparams;
	memcpy(cfg.params, o->params, sizeof(o->params));
	ram = (struct elf_ram){ PLAT_RAM_BASE, cfg.ram_size };
	if (o->image && elf_read(o->image, &ram, 1, &img, msg, sizeof(msg)) != 0)
		refuse(o, "", msg);
	rc = machine_init(m, &cfg, &error);
	if (rc == -2)
		refuse(o, "run: ", error);
	if (rc != 0) {
		diag_error("cannot build the machine: %s", error);
		exit(EXIT_RUN_FAILED);
	}
	if (o->image)
		start_bare(m, o, &img);
	else
		start_hyp(m, o);
}

/* "FILE: ok: ...": what validate found the scenario describes. */
static void describe(const struct machine *m, const struct run_options *o)
{
	const struct hyp_plan *p = &o->plan;

	printf("%s: ok: ", o->scenario->file);
	if (o->image) {
		printf("bare-metal run of %s at EL%u", o->image, o->el);
	} else {
		printf("hypervisor run, %u VM%s (", p->nvms, p->nvms == 1 ? "" : "s");
		for (unsigned i = 0; i < p->nvms; i++)
			printf("%s%s", i ? ", " : "", p->vm[i].name);
		printf("), %u shared region%s, %u queue%s", p->nshm, p->nshm == 1 ? "" : "s",
		       p->nqueues, p->nqueues == 1 ? "" : "s");
	}
	printf("; %s SoC, %u core%s, %" PRIu64 " MiB RAM, %s timing\n", m->timing.preset,
	       m->ncores, m->ncores == 1 ? "" : "s", o->ram_mib,
	       o->functional ? "functional" : "detailed");
}

int run_validate(int argc, char **argv)
{
	static struct run_options o;
	static struct machine m;

	default_options(&o);
	parse(argc, argv, &o, false);
	prepare(&m, &o);
	describe(&m, &o);
	machine_destroy(&m);
	scenario_free(o.scenario);
	return EXIT_OK;
}

/*
 * The end of a recorded run: its summary (traces/summary.c) from the
 * database just closed, with the host's figures, which the database does
 * not hold; or, with --json, the summary as the last member of the
 * totals' object (run_report_json left open).
 */
static void print_summary(const struct run_options *o, uint64_t sim_ns, uint64_t insns,
			  double host)
{
	char err[512];
	sqlite3 *db = trace_db_open(o->trace_path, err, sizeof(err));

	if (!db) {
		diag_error("summary: %s", err);
		if (o->json)
			puts("}");
		return;
	}
	if (o->json)
		fputs(", \"summary\": ", stdout);
	else
		printf("\n== %s: %.1f ms simulated in %.1f s (%.1f MIPS)\n",
		       o->scenario ? o->scenario->file : o->trace_path, (double)sim_ns / 1e6, host,
		       (double)insns / 1e6 / host);
	if (summary_print(db, o->json ? TABLE_JSON : TABLE_TEXT, stdout, err, sizeof(err)) != 0)
		diag_error("summary: %s", err);
	if (o->json)
		puts("}");
	else
		printf("\nTrace: %s ('phonesim report %s' draws it; 'phonesim trace %s --help'"
		       " queries it)\n", o->trace_path, o->trace_path, o->trace_path);
	sqlite3_close(db);
}

int cmd_run(int argc, char **argv)
{
	static struct run_options o;
	static struct machine m;
	struct timespec t0;
	bool progress, summary;
	uint64_t sim_ns, insns;
	double host;
	int rc;

	default_options(&o);
	parse(argc, argv, &o, true);
	prepare(&m, &o);
	if (o.trace_path) {
		m.recorder = start_recording(&m, &o, argc, argv);
		record_vms(m.recorder, &o.plan);
	}

	catch_signals(&m, on_signal);
	progress = !o.quiet && isatty(STDERR_FILENO);
	m.progress = show_progress;
	progress_name = o.scenario ? o.scenario->file : "run";
	clock_gettime(CLOCK_MONOTONIC, &t0);
	progress_start = t0;
	if (progress)
		progress_timer(PROGRESS_PERIOD_US);
	rc = machine_run(&m);
	host = host_seconds(&t0);
	if (progress)
		progress_timer(0);
	catch_signals(&m, SIG_DFL);
	if (caught_signal)
		diag_error("run interrupted by %s after %" PRIu64 " instructions%s",
			   caught_signal == SIGINT ? "SIGINT" : "SIGTERM", machine_instructions(&m),
			   o.trace_path ? "; the trace is marked incomplete" : "");
	if (m.recorder)
		rc = stop_recording(&m, rc);
	if (o.stats)
		run_report_stats(&m, host, !o.image);
	summary = o.trace_path && (!o.quiet || o.json);
	if (o.json)
		run_report_json(&m, rc, !summary);
	sim_ns = m.now_ns;
	insns = machine_instructions(&m);
	machine_destroy(&m);    /* the console's last characters come out */
	if (summary)
		print_summary(&o, sim_ns, insns, host);
	return rc;
}
