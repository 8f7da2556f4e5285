/*
 * scenario.h - a run described in a YAML file (docs/scenarios.md): what
 * `phonesim run SCENARIO.yaml` and `phonesim validate` read.
 *
 * scenario_load reads the file, checks it against the schema
 * (scenario_schema.h) and turns it into what the command line would have
 * given: machine options, device parameters ("modem.seed=7") and, for a
 * hypervisor run, a struct hyp_plan built from spec strings by
 * hyp_config.c's own parsers, so that one set of rules checks both.
 * Checks that need the machine (RAM, cores, images) run later, in
 * cmd_run.c; scenario_locate then puts their one-line refusal back on the
 * YAML node it is about. Not here: running anything.
 */
#ifndef PHONESIM_SIM_SCENARIO_H
#define PHONESIM_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hyp_config.h"
#include "machine.h"

#define SCENARIO_MAX_BYTES      (1u << 20)      /* larger files are refused unread */
#define SCENARIO_MAX_DEPTH      16              /* mappings and lists within each other */
#define SCENARIO_MAX_ORIGINS    160

/* Where a name the simulator's checks use came from in the file. */
struct scenario_origin {
	const char *what;       /* "--vm modem", "--shm 'SPEC'", "parameter modem.seed" */
	int node;               /* the YAML node (libyaml's index) */
	char path[80];          /* its field path: "vms[0]", "devices.modem.seed" */
	bool mapping;           /* its keys are fields in turn (a VM, a region, a queue) */
	bool keep;              /* what stays in the message (an image's path) */
};

struct scenario_builtin;

/*
 * roi: what consolidating the VMs onto one SoC is worth (docs/roi.md), read
 * by `phonesim roi`, ignored by `run`. Decimals are in millionths
 * (SCHEMA_DECIMAL_ONE): of a dollar, an hour, a milliwatt.
 */
struct scenario_roi {
	bool given;
	uint64_t units;                 /* handsets shipped */
	uint64_t bom_saved_usd;         /* per unit: the parts consolidation removes */
	uint64_t hypervisor_cost_usd;   /* per unit: the hypervisor's licence */
	uint64_t nre_usd;               /* once: the engineering of the consolidation */
	uint64_t battery_mwh;
	uint64_t usage_hours_per_day;   /* 0: not given */
	uint64_t baseband_chip_mw;      /* the separate baseband chip's own power, not simulated */
	uint64_t platform_mw;           /* the rest of the phone, the same in both designs */
};

struct scenario {
	const char *file;               /* as given; a built-in scenario's name */
	const struct scenario_builtin *builtin;    /* or NULL: a file */
	/* soc: unset fields are NULL, 0 or -1 */
	const char *soc;
	unsigned cores;
	uint64_t ram_mib;
	int functional;                 /* timing: -1 not given, 0 detailed, 1 functional */
	bool fast_forward_given;
	uint64_t fast_forward;
	/* devices (and run.seed): "device.key=value" */
	unsigned nparams;
	const char *params[MACHINE_MAX_PARAMS];
	/* what runs: a bare-metal image, or a hypervisor and its plan */
	const char *bare_image;
	unsigned el;                    /* 0: not given */
	bool dtb;
	const char *dtb_out;
	bool hyp;
	struct hyp_plan plan;
	/* run */
	bool max_ns_given, max_insns_given, seed_given;
	uint64_t max_ns;                /* 0: no limit (max_time: none) */
	uint64_t duration_ns;           /* 0: not given, or none */
	uint64_t max_insns;
	uint64_t seed;
	int trace_level;                /* enum trace_level, or -1 */
	const char *output;
	uint64_t counter_period_us;     /* 0: not given */
	bool stats, json;
	struct scenario_roi roi;

	/* private to scenario.c */
	void *doc;
	unsigned norigins;
	struct scenario_origin origin[SCENARIO_MAX_ORIGINS];
	unsigned nstrings;
	char **strings;
};

/*
 * Reads and checks path into s. Returns 0, or -1 with one line in err,
 * "FILE:LINE:COLUMN: FIELD.PATH: what is wrong", and s freed.
 */
int scenario_load(struct scenario *s, const char *path, char *err, size_t errlen);

/* The built-in scenario called name (scenario_builtin.h), or NULL. */
const struct scenario_builtin *scenario_builtin_find(const char *name);

/* Loads a built-in scenario as scenario_load loads a file. */
int scenario_load_builtin(struct scenario *s, const struct scenario_builtin *b, char *err,
			  size_t errlen);
void scenario_free(struct scenario *s);

/*
 * Loads the scenario file path or, when there is no such file and path
 * has no '/', the built-in scenario of that name. 0; -1 with the file's
 * refusal in err; -2 when it is neither (err untouched).
 */
int scenario_open(struct scenario *s, const char *path, char *err, size_t errlen);

/*
 * Puts a message of the simulator's own checks (hyp_config.c's "--vm
 * modem: mem: ...", a device's "parameter modem.seed: ...") on the node it
 * is about, as scenario_load's errors are. Returns false, out untouched,
 * when the message is about nothing the file said.
 */
bool scenario_locate(const struct scenario *s, const char *msg, char *out, size_t outlen);

/* A device parameter given on the command line replaces the file's ("modem.seed"). */
void scenario_forget_param(struct scenario *s, const char *name, size_t len);

/* The hypervisor a file without hypervisor.image runs: hyp/ beside the phonesim binary. */
const char *scenario_default_hyp(void);

#endif
