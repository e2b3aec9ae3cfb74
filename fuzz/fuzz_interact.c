/* libFuzzer target: the interact arguments DRUG[:AMOUNT] and drug names as
 * the registry resolves them (registry opened once). An accepted argument
 * must name a canonical drug with an amount inside the documented range
 * (a positive finite dose up to 10 g, ethanol up to 560 g, or a blood
 * ethanol level up to 6 g/L); a name that resolves must resolve to itself;
 * every refusal leaves a one-line message. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/interact.h"
#include "cnsim/registry.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

static void refused(cnsim_status st)
{
    check(st != CNSIM_OK && st != CNSIM_E_NOMEM);
    check(cnsim_last_error()[0] && !strchr(cnsim_last_error(), '\n'));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cnsim_registry *reg;
    static int tried;
    if (!tried) {
        tried = 1;
        if (cnsim_registry_create(NULL, &reg) != CNSIM_OK)
            reg = NULL;
    }
    if (!reg || size > 1024)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    cnsim_interact_drug d;
    cnsim_status st = cnsim_interact_parse(reg, text, &d);
    if (st == CNSIM_OK) {
        check(d.name[0] && memchr(d.name, '\0', sizeof d.name));
        if (d.bac_g_L > 0)
            check(isfinite(d.bac_g_L) && d.bac_g_L <= 6 && d.dose_mg == 0);
        else
            check(isfinite(d.dose_mg) && d.dose_mg > 0 &&
                  d.dose_mg <= (strcmp(d.name, "ethanol") ? 1e4 : 560e3 * (1 + 1e-12)));
        check(memchr(d.dose_note, '\0', sizeof d.dose_note) != NULL);
    } else {
        refused(st);
    }

    char canon[CNSIM_NAME_MAX], again[CNSIM_NAME_MAX];
    st = cnsim_registry_resolve(reg, text, canon);
    if (st == CNSIM_OK) {
        check(canon[0]);
        check(cnsim_registry_resolve(reg, canon, again) == CNSIM_OK && !strcmp(canon, again));
    } else {
        refused(st);
    }
    free(text);
    return 0;
}
