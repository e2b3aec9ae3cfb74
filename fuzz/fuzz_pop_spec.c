/* libFuzzer target: the population scenario reader (both models; the
 * registry is opened once for drug-chain scenarios). */
#include <stddef.h>
#include <stdint.h>

#include "cnsim/population.h"
#include "cnsim/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cnsim_registry *reg;
    if (!reg && cnsim_registry_open(NULL, &reg) != CNSIM_OK)
        reg = NULL;
    cnsim_pop_spec *s = NULL;
    if (cnsim_pop_spec_read_mem((const char *)data, size, "/nonexistent", reg, &s) == CNSIM_OK)
        cnsim_pop_spec_free(s);
    return 0;
}
