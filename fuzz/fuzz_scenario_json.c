/* libFuzzer target: the JSON scenario reader. */
#include <stddef.h>
#include <stdint.h>

#include "cnsim/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cnsim_scenario s;
    (void)cnsim_scenario_read_mem((const char *)data, size, "/fuzz", &s);
    cnsim_scenario_free(&s);
    return 0;
}
