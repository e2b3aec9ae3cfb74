/* libFuzzer target: cnsim_format_g10 against snprintf("%.10g") on every
 * 8 bytes of the input read as a double (any bit pattern: subnormals,
 * NaN payloads, the rounding boundaries libFuzzer's comparisons steer
 * towards). A different text aborts. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i + 8 <= size; i += 8) {
        double v;
        memcpy(&v, data + i, sizeof v);
        char want[64], got[32];
        if (isfinite(v))
            snprintf(want, sizeof want, "%.10g", v);
        else
            strcpy(want, "NA");
        size_t n = cnsim_format_g10(v, got);
        if (strcmp(got, want) || n != strlen(want)) {
            fprintf(stderr, "%a: '%s', printf '%s'\n", v, got, want);
            abort();
        }
    }
    return 0;
}
