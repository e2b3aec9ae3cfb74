/* libFuzzer target: one run of the whole chain (include/cnsim/model.h)
 * from fuzzed regimens. The input is up to three lines: a clonazepam
 * regimen, a sertraline regimen, and the horizon in hours; the model is
 * built once. Any input must give CNSIM_OK or an error status, never a
 * crash, a leak or a state outside its range. Horizons are capped at
 * 10 days to keep each run short. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cnsim_model *m;
    static int tried;
    if (!tried) {
        tried = 1;
        cnsim_registry *reg;
        cnsim_model_drug d[2] = {{.name = "clonazepam"}, {.name = "sertraline"}};
        if (cnsim_registry_create(NULL, &reg) == CNSIM_OK) {
            if (cnsim_model_create(reg, d, 2, NULL, &m) != CNSIM_OK)
                m = NULL;
            cnsim_registry_free(reg);
        }
    }
    if (!m || size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *line[3] = {NULL, NULL, NULL}, *p = text;
    for (int i = 0; i < 3 && p; i++) {
        line[i] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    cnsim_run *r;
    if (cnsim_run_create(m, &r) == CNSIM_OK) {
        double until = line[2] ? strtod(line[2], NULL) : NAN;
        if (!(until > 0 && until <= 240))
            until = 240;
        int ok = 1;
        for (size_t k = 0; k < 2 && ok; k++)
            if (line[k] && *line[k])
                ok = cnsim_run_set_regimen(r, k, line[k]) == CNSIM_OK;
        if (ok && cnsim_run_set_grid(r, until, 0.5) == CNSIM_OK && cnsim_run_simulate(r) == CNSIM_OK) {
            const cnsim_pd_state *pd = cnsim_run_pd(r);
            for (size_t i = 0; pd && i < cnsim_run_n_times(r); i++)
                if (!(pd[i].adaptation >= 0 && pd[i].adaptation <= 1 && pd[i].anxiolysis >= 0 && pd[i].anxiolysis <= 1))
                    abort();
        }
        cnsim_run_free(r);
    }
    free(text);
    return 0;
}
