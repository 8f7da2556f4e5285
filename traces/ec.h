/*
 * ec.h - names of the exception classes a trace records.
 *
 * A trap's class is the name of its ESR_ELx.EC (ARM DDI 0487, D17.2.37) for
 * synchronous exceptions and SErrors ("SVC64", "DABT_LOW"), or "IRQ" / "FIQ"
 * for interrupts, which have no syndrome. One table serves the recorder (the
 * class column, the ec_names table) and the trace command (--class).
 *
 * Not here: building syndromes (sim/syndrome.h).
 */
#ifndef PHONESIM_TRACES_EC_H
#define PHONESIM_TRACES_EC_H

#include <stdbool.h>

#include "core.h"

struct ec_info {
	unsigned ec;
	const char *name;
	const char *description;
};

/* The classes phonesim can report, in EC order; ends with a NULL name. */
extern const struct ec_info ec_table[];

/* The class of an exception: an EC name, "IRQ", "FIQ", or "EC_0xNN". */
const char *ec_class(enum exc_kind kind, unsigned ec);

/* The text of a trap's kind column: "sync", "irq", "fiq", "serror". */
const char *ec_kind_name(enum exc_kind kind);

/* True when name (any case) is "IRQ", "FIQ" or an EC name of ec_table. */
bool ec_known_class(const char *name);

#endif
