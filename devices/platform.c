/*
 * platform.c - the devices of the simulated SoC, one line each, in the
 * order they are created (the interrupt controller first: the others raise
 * interrupts through it). Their addresses and interrupts are in
 * sim/platform.h and docs/platform.md.
 */
#include <stddef.h>

#include "device.h"

#define PLATFORM_DEVICES(X) \
	X(gicv3) \
	X(generic_timer) \
	X(pmu) \
	X(psci) \
	X(power) \
	X(pl011) \
	X(storage) \
	X(modem) \
	X(display) \
	X(trace_port)

#define DECLARE(name) extern const struct device_type name##_device;
#define ENTRY(name) &name##_device,

PLATFORM_DEVICES(DECLARE)

const struct device_type *const platform_devices[] = {
	PLATFORM_DEVICES(ENTRY)
	NULL,
};
