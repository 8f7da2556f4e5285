/*
 * exception.h - the AArch64 exception model: entry, return and routing.
 *
 * What ARM DDI 0487 chapter D1 ("The AArch64 Application/System Level
 * Programmers' Model ... Exceptions") specifies for taking an exception to
 * EL1 or EL2, returning from one with ERET (legal and illegal returns), and
 * routing asynchronous exceptions. Operates on the core's architectural state
 * only; the core moves that state between engines.
 *
 * Not here: deciding which synchronous exception an instruction caused
 * (core.c) and encoding its syndrome (syndrome.c).
 */
#ifndef PHONESIM_EXCEPTION_H
#define PHONESIM_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

/*
 * Takes an exception of kind to EL target. esr is written for synchronous
 * exceptions and SErrors; far when far_valid; ret is the preferred return
 * address (ELR).
 */
void exc_take(struct core *c, enum exc_kind kind, unsigned target, uint32_t esr,
	      bool far_valid, uint64_t far, uint64_t ret);

/* Synchronous exception to the EL that the architecture routes it to from the
 * current EL: EL1 from EL0 (EL2 when HCR_EL2.TGE), else the current EL. */
void exc_take_sync(struct core *c, uint32_t esr, bool far_valid, uint64_t far, uint64_t ret);
unsigned exc_default_target(const struct core *c);

/* ERET executed at the current EL (1 or 2). */
void exc_return(struct core *c);

/* The asynchronous exception that would be taken now with PSTATE pstate, or
 * -1; *target receives its EL. */
int exc_async_pending(const struct core *c, uint32_t pstate, unsigned *target);

/* Takes the asynchronous exception that is due, if any; true if one was. */
bool exc_take_async(struct core *c);

#endif
