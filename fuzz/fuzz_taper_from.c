/* libFuzzer target: the taper's starting dose (--from "1 mg bid", read by
 * cnsim_parse_dose_per_day) and the schedule built from it by every method
 * and formulation (no simulation: the build is the part that reads the
 * dose). The first byte picks the drug and the method, the second the
 * formulation, the rest is the dose text. An accepted dose must be finite,
 * positive and 1-4 times a day; a schedule must start at or below the
 * starting daily dose, never rise, end at 0 and be made of doses that add
 * up to each day's; every refusal leaves a one-line message. A fixed
 * dose-effect curve per drug is handed in (opts.curve), so the fuzzer
 * spends its time in the planner. */
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
    static const struct { const char *drug; double mg; int n; } drugs[] = {
        {"clonazepam", 1, 2}, {"diazepam", 5, 2}, {"sertraline", 50, 1}, {"escitalopram", 10, 1},
        {"citalopram", 20, 1}, {"paroxetine", 20, 1}, {"fluoxetine", 20, 1}};
    enum { N_DRUGS = sizeof drugs / sizeof drugs[0] };
    static cnsim_registry *reg;
    static cnsim_taper_plan plan;
    static cnsim_taper_curve curves[N_DRUGS];
    static int tried;
    if (!tried) {
        tried = 1;
        if (cnsim_registry_create(NULL, &reg) != CNSIM_OK)
            reg = NULL;
        /* A saturating curve with its half-effect at the usual daily dose
         * stands in for the simulated one (seconds per drug under the
         * fuzzer's instrumentation); the planner's logic is what is
         * fuzzed, not the pharmacology. */
        for (int k = 0; k < N_DRUGS; k++) {
            cnsim_taper_curve *cv = &curves[k];
            double c50 = drugs[k].mg * drugs[k].n;
            cv->n = 1;
            for (int i = 0; i < 40; i++, cv->n++) {
                cv->dose_mg[cv->n] = 200 * c50 * pow(1e-6, (39.0 - i) / 39);
                cv->effect_value[cv->n] = cv->dose_mg[cv->n] / (cv->dose_mg[cv->n] + c50);
            }
        }
    }
    if (!reg || size < 2 || size > 512)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 2, size - 2);
    text[size - 2] = '\0';

    cnsim_taper_opts o = cnsim_taper_opts_default();
    int k = data[0] % N_DRUGS;
    o.drug = drugs[k].drug;
    o.curve = curves[k].n ? &curves[k] : NULL;
    o.method = (cnsim_taper_method)((data[0] / N_DRUGS) % CNSIM_TAPER_OPTIMIZED);
    o.formulation = (cnsim_taper_formulation)(data[1] % CNSIM_TAPER_FORM_N);
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
            for (size_t i = 0; i < plan.n_steps; i++) {
                double sum = 0;
                for (int d = 0; d < plan.steps[i].n_doses; d++)
                    sum += plan.steps[i].doses[d].amount_mg;
                check(fabs(sum - plan.steps[i].daily_dose_mg) <= 1e-9 * fmax(1, sum));
            }
        } else {
            check(st != CNSIM_E_NOMEM && cnsim_last_error()[0] && !strchr(cnsim_last_error(), '\n'));
        }
        cnsim_taper_plan_free(&plan);
    }
    free(text);
    return 0;
}
