/* Declarations shared inside the io layer (not public). */
#ifndef CNSIM_IO_IMPL_H
#define CNSIM_IO_IMPL_H

#include <stddef.h>
#include "cnsim/status.h"

/* Reads the whole file at `path` into a malloc'd buffer (NUL-terminated;
 * *n excludes the NUL). Files larger than max_bytes are refused with
 * CNSIM_E_RANGE naming `what` (e.g. "event data") and the limit. Unreadable
 * files give CNSIM_E_READ "cannot read <path>: <strerror>". The caller frees
 * *out; on failure *out is NULL. */
cnsim_status cnsim__read_file(const char *path, size_t max_bytes,
                              const char *what, char **out, size_t *n);

/* Directory part of `path` ("." when it has none), malloc'd; NULL on
 * allocation failure. */
char *cnsim__dirname(const char *path);

/* `rel` resolved against directory `base`: rel itself when it is absolute
 * or base is NULL/empty, else "base/rel". malloc'd; NULL when out of
 * memory. */
char *cnsim__path_join(const char *base, const char *rel);

/* Writes " (did you mean 'until'?)" into buf (size nbuf) when one of
 * keys[0..n-1] is close to the unknown `key` (case-insensitive edit
 * distance at most 2 and less than key's length), else "". */
void cnsim__suggest_key(const char *key, const char *const *keys, size_t n,
                        char *buf, size_t nbuf);

#endif
