/*
 * psci.c - the platform firmware: PSCI 1.1 (Arm DEN 0022D) and the Arm
 * Architecture Calls of SMCCC 1.1 (Arm DEN 0028), served by the simulator,
 * which plays EL3.
 *
 * The core hands every SMC (and HVC on a machine without EL2) to the
 * machine's firmware hook; this device installs it. A function it does not
 * know is left to the core, which answers NOT_SUPPORTED (-1). Function
 * identifiers are read from W0; an SMC32 function takes its arguments from
 * W1-W3 (SMCCC, "Argument passing"); results are written to X0,
 * sign-extended, and every other register is preserved (SMCCC 1.1).
 *
 * What each call does to the machine, and the choices the specification
 * leaves to the platform, are in docs/power.md. Not here: the power
 * controller's clocks and energy (power.c).
 */
#include <stdlib.h>

#include "machine.h"
#include "psci.h"

/* MPIDR_EL1 affinity fields: Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0]. */
#define MPIDR_AFF_MASK          0xff00ffffffull

/* Owning entities (function ID bits [29:24], SMCCC "Function Identifier"). */
#define OWNER(id)               (((id) >> 24) & 0x3f)
#define OWNER_ARCH              0
#define OWNER_STANDARD          4

/* Affinity levels of the topology: core, cluster, system (AFFINITY_INFO, CPU_SUSPEND). */
#define MAX_AFFINITY_LEVEL      2

struct psci {
	struct machine *m;
};

typedef int64_t (*psci_fn)(struct psci *p, struct core *c, const uint64_t arg[4]);

struct function {
	uint32_t id;
	psci_fn call;
	bool no_return;         /* the caller does not resume after the call */
};

static const struct function *lookup(uint32_t id);

/* ------------------------------------------------------------ cores */

/* The core whose MPIDR affinity fields are target, or NULL. */
static struct core *core_of(struct machine *m, uint64_t target)
{
	for (unsigned i = 0; i < m->ncores; i++)
		if ((m->core[i].sr[SR_MPIDR_EL1] & MPIDR_AFF_MASK) == target)
			return &m->core[i];
	return NULL;
}

/*
 * An entry point the core could fetch from: 4-byte aligned, in RAM. Any
 * other one is "known by the implementation to be invalid" (INVALID_ADDRESS,
 * PSCI 1.0 and later).
 */
static bool valid_entry(const struct machine *m, uint64_t entry)
{
	return !(entry & 3) && mem_is_ram(&m->mem, entry, 4);
}

/* ------------------------------------------------------ the functions */

static int64_t psci_version(struct psci *p, struct core *c, const uint64_t arg[4])
{
	(void)p, (void)c, (void)arg;
	return PSCI_VERSION_1_1;
}

/*
 * CPU_SUSPEND: every state, standby or powerdown, is entered as standby: the
 * core waits for an interrupt as in WFI and the call returns SUCCESS. PSCI
 * lets an implementation enter a shallower state than asked; a powerdown
 * that wakes there returns as a standby does, without its entry point.
 */
static int64_t cpu_suspend(struct psci *p, struct core *c, const uint64_t arg[4])
{
	uint64_t state = arg[1];
	unsigned level = (state & PSCI_POWER_STATE_LEVEL_MASK) >> PSCI_POWER_STATE_LEVEL_SHIFT;

	if ((state & ~(uint64_t)(PSCI_POWER_STATE_ID_MASK | PSCI_POWER_STATE_POWERDOWN |
				 PSCI_POWER_STATE_LEVEL_MASK)) || level > MAX_AFFINITY_LEVEL)
		return PSCI_INVALID_PARAMETERS;
	if ((state & PSCI_POWER_STATE_POWERDOWN) && !valid_entry(p->m, arg[2]))
		return PSCI_INVALID_ADDRESS;
	core_wait_for_interrupt(c);
	return PSCI_SUCCESS;
}

static int64_t cpu_off(struct psci *p, struct core *c, const uint64_t arg[4])
{
	(void)p, (void)arg;
	core_power_off(c);
	return PSCI_SUCCESS;
}

/* CPU_ON: the target starts at the caller's EL, at entry, with X0 = context ID. */
static int64_t cpu_on(struct psci *p, struct core *c, const uint64_t arg[4])
{
	struct core *target = (arg[1] & ~MPIDR_AFF_MASK) ? NULL : core_of(p->m, arg[1]);

	if (!target)
		return PSCI_INVALID_PARAMETERS;
	if (!valid_entry(p->m, arg[2]))
		return PSCI_INVALID_ADDRESS;
	if (!core_power_on(target, c->el, arg[2], arg[3], core_ns(c)))
		return PSCI_ALREADY_ON;
	return PSCI_SUCCESS;
}

/*
 * AFFINITY_INFO: a core at level 0; above it, the affinity instance that
 * holds the target (all cores agreeing with it in the higher affinity
 * fields), which is on while any of its cores is.
 */
static int64_t affinity_info(struct psci *p, struct core *c, const uint64_t arg[4])
{
	static const uint64_t level_mask[] = {
		MPIDR_AFF_MASK, 0xff00ffff00ull, 0xff00ff0000ull, 0xff00000000ull,
	};
	uint64_t target = arg[1], level = arg[2];
	struct machine *m = p->m;
	bool found = false, on = false;

	(void)c;
	if ((target & ~MPIDR_AFF_MASK) || level > 3)
		return PSCI_INVALID_PARAMETERS;
	for (unsigned i = 0; i < m->ncores; i++) {
		uint64_t mpidr = m->core[i].sr[SR_MPIDR_EL1];

		if ((mpidr & level_mask[level]) != (target & level_mask[level]))
			continue;
		found = true;
		on |= m->core[i].status != CORE_OFF;
	}
	if (!found)
		return PSCI_INVALID_PARAMETERS;
	return on ? PSCI_AFFINITY_ON : PSCI_AFFINITY_OFF;
}

static int64_t migrate_info_type(struct psci *p, struct core *c, const uint64_t arg[4])
{
	(void)p, (void)c, (void)arg;
	return PSCI_TOS_NOT_PRESENT_MP;
}

/* SYSTEM_OFF: the run ends, with exit status 0. */
static int64_t system_off(struct psci *p, struct core *c, const uint64_t arg[4])
{
	(void)c, (void)arg;
	machine_exit(p->m, 0);
	return PSCI_SUCCESS;
}

/*
 * SYSTEM_RESET: every core off, every device in its reset state, then core
 * 0 restarts where the run started (boot EL and entry). RAM is kept as it
 * is: the image is not reloaded (docs/power.md says why).
 */
static int64_t system_reset(struct psci *p, struct core *c, const uint64_t arg[4])
{
	struct machine *m = p->m;

	(void)c, (void)arg;
	for (unsigned i = 0; i < m->ncores; i++)
		core_power_off(&m->core[i]);
	for (unsigned i = 0; i < m->ndevices; i++)
		if (platform_devices[i]->reset)
			platform_devices[i]->reset(m->device_state[i]);
	core_power_on(&m->core[0], m->boot_el, m->boot_entry, 0, m->now_ns);
	return PSCI_SUCCESS;
}

/*
 * PSCI_FEATURES: SUCCESS (0) for every PSCI function implemented and for
 * SMCCC_VERSION (how SMCCC 1.1 is discovered). For CPU_SUSPEND the value
 * is its feature flags, also 0: the original power_state format, and
 * platform-coordinated mode only.
 */
static int64_t psci_features(struct psci *p, struct core *c, const uint64_t arg[4])
{
	uint32_t id = (uint32_t)arg[1];

	(void)p, (void)c;
	if (id == SMCCC_VERSION || (lookup(id) && OWNER(id) == OWNER_STANDARD))
		return PSCI_SUCCESS;
	return PSCI_NOT_SUPPORTED;
}

static int64_t smccc_version(struct psci *p, struct core *c, const uint64_t arg[4])
{
	(void)p, (void)c, (void)arg;
	return SMCCC_VERSION_1_1;
}

/* SMCCC_ARCH_FEATURES: which Arm Architecture Calls are implemented. */
static int64_t smccc_arch_features(struct psci *p, struct core *c, const uint64_t arg[4])
{
	uint32_t id = (uint32_t)arg[1];

	(void)p, (void)c;
	return lookup(id) && OWNER(id) == OWNER_ARCH ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
}

static const struct function functions[] = {
	{ SMCCC_VERSION, smccc_version, false },
	{ SMCCC_ARCH_FEATURES, smccc_arch_features, false },
	{ PSCI_VERSION, psci_version, false },
	{ PSCI_CPU_SUSPEND, cpu_suspend, false },
	{ PSCI_CPU_SUSPEND | SMCCC_64, cpu_suspend, false },
	{ PSCI_CPU_OFF, cpu_off, true },
	{ PSCI_CPU_ON, cpu_on, false },
	{ PSCI_CPU_ON | SMCCC_64, cpu_on, false },
	{ PSCI_AFFINITY_INFO, affinity_info, false },
	{ PSCI_AFFINITY_INFO | SMCCC_64, affinity_info, false },
	{ PSCI_MIGRATE_INFO_TYPE, migrate_info_type, false },
	{ PSCI_SYSTEM_OFF, system_off, true },
	{ PSCI_SYSTEM_RESET, system_reset, true },
	{ PSCI_FEATURES, psci_features, false },
};

static const struct function *lookup(uint32_t id)
{
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if (functions[i].id == id)
			return &functions[i];
	return NULL;
}

/* ---------------------------------------------------------- the hook */

static bool call(void *opaque, struct core *c)
{
	uint32_t id = (uint32_t)c->r.x[0];
	const struct function *f = lookup(id);
	uint64_t arg[4];

	if (!f)
		return false;
	for (unsigned i = 0; i < 4; i++)
		arg[i] = (id & SMCCC_64) ? c->r.x[i] : (uint32_t)c->r.x[i];
	int64_t ret = f->call(opaque, c, arg);

	if (!f->no_return)
		c->r.x[0] = (uint64_t)ret;
	return true;
}

static void *create(struct machine *m, const char **error)
{
	struct psci *p;

	if (m->firmware) {
		*error = "another platform firmware is installed";
		return NULL;
	}
	p = malloc(sizeof(*p));
	if (!p) {
		*error = "out of memory";
		return NULL;
	}
	p->m = m;
	m->firmware = call;
	m->firmware_opaque = p;
	return p;
}

/* The device tree's /psci node comes from the machine (sim/dtb.c). */
const struct device_type psci_device = {
	.name = "psci",
	.summary = "platform firmware: PSCI 1.1 and SMCCC 1.1 over SMC (and HVC without EL2)",
	.create = create,
	.destroy = free,
};
