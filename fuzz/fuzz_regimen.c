/* libFuzzer target: the regimen-string parser, then ADDL expansion of the
 * doses it produces (12 weeks horizon, one subject, drug 0), and
 * cnsim_regimen_describe on the same string. The two share one reader,
 * so they must agree: a string describe refuses, parse refuses with the
 * same message (or earlier, on the horizon); a closed regimen describe accepts, parse accepts (it does
 * not depend on the horizon), and its last dose is describe's; the same
 * with a clock of two times for the frequency words. Anything else
 * aborts. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/regimen.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

static int near(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1, fmax(fabs(a), fabs(b)));
}

/* When the last dose of a list ends (an infusion at its end), NAN if none. */
static double last_dose_end(const cnsim_event_list *list)
{
    double last = NAN;
    for (size_t k = 0; k < list->n; k++) {
        const cnsim_event *e = &list->ev[k];
        double t = e->time_h + (e->rate_mg_per_h > 0 ? e->amt_mg / e->rate_mg_per_h : 0);
        if (isnan(last) || t > last)
            last = t;
    }
    return last;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    cnsim_regimen_info info;
    cnsim_status st_describe = cnsim_regimen_describe(text, &info);
    char msg_describe[1024];
    snprintf(msg_describe, sizeof msg_describe, "%s", cnsim_last_error());

    cnsim_event_list list, out;
    cnsim_event_list_init(&list);
    cnsim_event_list_init(&out);
    int drug;
    cnsim_status st = cnsim_event_list_drug(&list, "clonazepam", &drug);
    if (st == CNSIM_OK) {
        st = cnsim_regimen_parse(text, 1, drug, 24.0 * 84, &list);
        if (st_describe != CNSIM_OK)
            /* Parse places each segment as it reads it, so an open-ended one
             * can fail on the horizon before a later mistake is reached. */
            check((st == st_describe && !strcmp(cnsim_last_error(), msg_describe)) ||
                  (st == CNSIM_E_RANGE && (strstr(cnsim_last_error(), "needs a simulation end") ||
                                           strstr(cnsim_last_error(), " doses"))));
        else if (!info.is_open_ended) {
            check(st == CNSIM_OK && isnan(info.open_start_h) && isfinite(info.end_h));
            double last = last_dose_end(&list);
            check((isnan(last) && isnan(info.last_dose_h)) || near(last, info.last_dose_h));
        } else
            check(isfinite(info.open_start_h) && isnan(info.end_h) && isnan(info.last_dose_h) &&
                  info.tau_h > 0);
        if (st == CNSIM_OK)
            (void)cnsim_events_expand(&list, &out);
    }
    cnsim_event_list_free(&list);
    cnsim_event_list_free(&out);

    /* With another clock for the frequency words (cnsim_regimen_parse_clock):
     * the two still agree, and a closed regimen's doses fall where
     * describe says. */
    static const double clock_h[] = {19, 7};
    cnsim_status sd = cnsim_regimen_describe_clock(text, clock_h, 2, &info);
    cnsim_event_list_init(&list);
    st = cnsim_event_list_drug(&list, "clonazepam", &drug);
    if (st == CNSIM_OK) {
        st = cnsim_regimen_parse_clock(text, clock_h, 2, 1, drug, 24.0 * 84, &list);
        if (sd != CNSIM_OK)
            check(st != CNSIM_OK);
        else if (!info.is_open_ended) {
            check(st == CNSIM_OK);
            double last = last_dose_end(&list);
            check((isnan(last) && isnan(info.last_dose_h)) || near(last, info.last_dose_h));
        }
    }
    cnsim_event_list_free(&list);
    free(text);
    return 0;
}
