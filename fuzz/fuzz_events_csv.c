/* libFuzzer target: the NONMEM event CSV reader, then ADDL expansion of
 * whatever it accepts. Run with scripts/run-fuzz.sh. */
#include <stddef.h>
#include <stdint.h>

#include "cnsim/io.h"
#include "cnsim/regimen.h"

/* Expansion cost grows with ADDL; a legal file may ask for millions of
 * doses, which only measures memory. Above this the target stops after
 * reading. */
#define MAX_EXPANDED 100000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cnsim_event_list in, out;
    cnsim_event_list_init(&in);
    cnsim_event_list_init(&out);
    if (cnsim_events_read_csv_mem((const char *)data, size, "clonazepam", NULL,
                                  &in) == CNSIM_OK) {
        size_t n = in.n;
        for (size_t i = 0; i < in.n && n <= MAX_EXPANDED; i++)
            n += (size_t)in.ev[i].addl;
        if (n <= MAX_EXPANDED)
            (void)cnsim_events_expand(&in, &out);
    }
    cnsim_event_list_free(&in);
    cnsim_event_list_free(&out);
    return 0;
}
