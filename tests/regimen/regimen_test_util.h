/* Shared helper for tests that read a simulation at times counted from
 * the first dose, as the studies they check do: qd and bid dose on the
 * wall clock from 08:00 (cnsim_regimen_default_clock), not at t = 0. */
#ifndef CNSIM_REGIMEN_TEST_UTIL_H
#define CNSIM_REGIMEN_TEST_UTIL_H

#include <math.h>
#include "cnsim/cnsim.h"

/* When the first dose of a regimen string falls (h after 00:00 of day 1);
 * NAN if the string gives no dose. */
static inline double first_dose_h(const char *regimen)
{
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    double t = NAN;
    if (cnsim_regimen_parse(regimen, 1, 0, 24 * 365.0, &l) == CNSIM_OK)
        for (size_t i = 0; i < l.n; i++)
            t = isnan(t) ? l.ev[i].time_h : fmin(t, l.ev[i].time_h);
    cnsim_event_list_free(&l);
    return t;
}

#endif
