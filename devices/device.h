/*
 * device.h - what a device of the SoC is to the simulator.
 *
 * A device type is a name, a create function and a description. create()
 * attaches the device: it claims windows of the physical map
 * (machine_add_window), registers the system registers it implements
 * (sysreg_register_handler), reads its parameters (machine_param_*), and
 * schedules its events (sim/event.h). At run time it raises and lowers
 * interrupt lines with machine_set_irq and reads simulated time with
 * core_ns or the event's time.
 *
 * Adding a device is one file and one line in devices/platform.c.
 */
#ifndef PHONESIM_DEVICE_H
#define PHONESIM_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;

#define DEVICE_MAX_REGIONS      4
#define DEVICE_MAX_INTIDS       16      /* storage: one per namespace */

/* What a device tells the documentation and the guests' device tree. */
struct device_info {
	const char *node;               /* device tree node name; NULL: the type's name */
	/*
	 * One compatible string, or several as a device tree string list with
	 * its size in compatible_len (DEVICE_COMPATIBLE("a,b\0c,d") sets both).
	 */
	const char *compatible;
	size_t compatible_len;
	uint64_t clock_hz;              /* AMBA peripherals: their clock (uartclk, apb_pclk) */
	bool interrupt_controller;      /* interrupts of the others refer to it */
	unsigned nregions;
	struct { uint64_t base, size; } region[DEVICE_MAX_REGIONS];
	unsigned nintids;
	unsigned intid[DEVICE_MAX_INTIDS];      /* GIC INTIDs: 16-31 PPI, 32+ SPI */
};

#define DEVICE_COMPATIBLE(list) .compatible = (list), .compatible_len = sizeof(list)

struct device_type {
	const char *name;       /* also the prefix of its parameters: "modem.period_us" */
	const char *summary;    /* one line */
	/*
	 * Attaches the device and returns its state. Bad input (a malformed
	 * parameter, a missing image file) is reported by setting *error while
	 * still returning a state: the run is then refused with exit status 2.
	 * NULL (with *error) is for failures of the host (memory).
	 */
	void *(*create)(struct machine *m, const char **error);
	void (*destroy)(void *state);
	/* Puts the device in its reset state (power-on, PSCI SYSTEM_RESET). */
	void (*reset)(void *state);
	void (*describe)(const void *state, struct device_info *info);
	/* Adds the device's lines to the run summary (phonesim run --stats). */
	void (*report)(const void *state, FILE *out);
};

/* The platform's devices, in creation order (devices/platform.c). */
extern const struct device_type *const platform_devices[];

#endif
