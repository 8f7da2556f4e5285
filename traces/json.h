/*
 * json.h - writing JSON strings: the one piece of JSON the trace code needs
 * that printf does not give (run.params, --json output, the Perfetto export).
 *
 * Not a JSON library: callers write the structure themselves.
 */
#ifndef PHONESIM_TRACES_JSON_H
#define PHONESIM_TRACES_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Writes s (len bytes) as a quoted JSON string, escaping what RFC 8259 requires. */
void json_string(FILE *f, const char *s, size_t len);

#endif
