/* The wall clock of the frequency words: when qd, bid, tid and qid dose
 * during the day. Every command that turns a frequency word into dose
 * times (regimen strings, the bridge and trial arms) asks here, so "bid"
 * means the same two clock times everywhere. */
#include <math.h>

#include "cnsim/regimen.h"
#include "core_impl.h"

/* The first administration of the day is at 08:00 and the others follow
 * at equal intervals (bid 08:00, 20:00; tid 08:00, 16:00, 00:00; qid
 * 08:00, 14:00, 20:00, 02:00). Equal intervals keep a frequency word's
 * dosing interval what its name says (tid is every 8 h), which the
 * steady-state summary and the published q8h/q6h studies rely on. */
#define FIRST_DOSE_CLOCK_H 8.0

cnsim_status cnsim_regimen_default_clock(int n_per_day, double *hours_out)
{
    cnsim__clear_error();
    if (n_per_day < 1 || n_per_day > CNSIM_REGIMEN_MAX_PER_DAY)
        return cnsim__fail(CNSIM_E_RANGE, "default clock: %d administrations a day; expected 1 (qd) to %d (qid)",
                           n_per_day, CNSIM_REGIMEN_MAX_PER_DAY);
    if (!hours_out)
        return cnsim__fail(CNSIM_E_ARG, "default clock: no room for the clock hours");
    for (int k = 0; k < n_per_day; k++)
        hours_out[k] = fmod(FIRST_DOSE_CLOCK_H + k * 24.0 / n_per_day, 24.0);
    return CNSIM_OK;
}
