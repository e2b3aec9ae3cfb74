/* libFuzzer target: the taper's starting dose (--from "1 mg bid", read by
 * cnsim_parse_dose_per_day) and the schedule built from it by every method
 * (no simulation: the build is the part that reads the dose). The first
 * byte picks the drug and the method, the rest is the dose text. An
 * accepted dose must be finite, positive and 1-4 times a day; a schedule
 * must start at or below the starting daily dose, never rise and end at 0;
 * every refusal leaves a one-line message. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/plan.h"
#include "cnsim/units.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cnsim_registry *reg;
    static cnsim_taper_plan plan;
    static int tried;
    if (!tried) {
        tried = 1;
        if (cnsim_registry_create(NULL, &reg) != CNSIM_OK)
            reg = NULL;
    }
    if (!reg || size < 1 || size > 512)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';

    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.drug = data[0] & 1 ? "diazepam" : "clonazepam";
    o.method = (cnsim_taper_method)((data[0] >> 1) % CNSIM_TAPER_OPTIMIZED);
    cnsim_status st = cnsim_parse_dose_per_day(text, "--from", &o.from_dose_mg, &o.n_per_day);
    if (st != CNSIM_OK) {
        check(st == CNSIM_E_PARSE || st == CNSIM_E_RANGE);
        check(!strncmp(cnsim_last_error(), "--from: ", 8) && !strchr(cnsim_last_error(), '\n'));
    } else {
        check(isfinite(o.from_dose_mg) && o.from_dose_mg > 0 && o.n_per_day >= 1 && o.n_per_day <= 4);
        st = cnsim_taper_build(reg, &o, &plan);
        if (st == CNSIM_OK) {
            double start = o.from_dose_mg * o.n_per_day;
            check(plan.n_steps >= 1 && plan.duration_days >= 0 && isfinite(plan.duration_days));
            if (plan.n_drugs == 1) {
                double prev = start * (1 + 1e-9);
                for (size_t i = 0; i < plan.n_steps; i++) {
                    check(plan.steps[i].daily_dose_mg <= prev + 1e-9 && plan.steps[i].daily_dose_mg >= 0);
                    prev = plan.steps[i].daily_dose_mg;
                }
                check(plan.steps[plan.n_steps - 1].daily_dose_mg == 0);
            }
        } else {
            check(st != CNSIM_E_NOMEM && cnsim_last_error()[0] && !strchr(cnsim_last_error(), '\n'));
        }
        cnsim_taper_plan_free(&plan);
    }
    free(text);
    return 0;
}
