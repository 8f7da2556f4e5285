/*
 * scenario_builtin.h - the scenarios compiled into phonesim (`phonesim
 * scenarios` lists them; `phonesim run NAME` runs one). Their YAML is
 * scenarios/builtin/NAME.yaml, embedded at build time by
 * scripts/embed-scenarios.sh; their image paths are relative to the
 * directory of the phonesim binary, where make puts the workloads.
 */
#ifndef PHONESIM_SIM_SCENARIO_BUILTIN_H
#define PHONESIM_SIM_SCENARIO_BUILTIN_H

struct scenario_builtin {
	const char *name;
	const char *description;        /* one line */
	const char *yaml;
};

/* Ends with an entry whose name is NULL. */
extern const struct scenario_builtin scenario_builtins[];

#endif
