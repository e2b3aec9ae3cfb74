/* "Did you mean" for the JSON readers' unknown keys. */
#include <stdio.h>
#include <string.h>

#include "core_impl.h"
#include "io/io_impl.h"

void cnsim__suggest_key(const char *key, const char *const *keys, size_t n,
                        char *buf, size_t nbuf)
{
    size_t best = (size_t)-1;
    const char *best_key = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t d = cnsim__edit_distance(key, keys[i]);
        if (d < best) {
            best = d;
            best_key = keys[i];
        }
    }
    buf[0] = '\0';
    if (best_key && best <= 2 && best < strlen(key))
        snprintf(buf, nbuf, " (did you mean '%s'?)", best_key);
}
