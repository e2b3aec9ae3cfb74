/* The patient's daily-dose limits against a subject's records: the label
 * ceilings a condition sets (citalopram 20 mg/day over 60) and the
 * pharmacogenetic guideline ceilings (DPWG 2022: escitalopram 10 mg/day in
 * CYP2C19 poor metabolisers). The limits are read with the model
 * (cnsim_patient_dose_limits, table patient_dose_limits); here only the
 * doses are compared. */
#include <math.h>

#include "model_impl.h"
#include "core_impl.h"

/* The largest amount of drug d given within any 24 h, mg: the same
 * window as the labelled-maximum check in safety.c. */
double cnsim__worst_24h_mg(const cnsim_event_list *ev, size_t d)
{
    double worst = 0;
    for (size_t a = 0; a < ev->n; a++) {
        const cnsim_event *ea = &ev->ev[a];
        if (ea->drug != (int)d || !cnsim__is_dose(ea))
            continue;
        double sum = 0;
        for (size_t b = a; b < ev->n && ev->ev[b].time_h < ea->time_h + 24 - 1e-9; b++)
            if (ev->ev[b].drug == (int)d && cnsim__is_dose(&ev->ev[b]))
                sum += ev->ev[b].amt_mg;
        worst = fmax(worst, sum);
    }
    return worst;
}

cnsim_status cnsim__patient_dose_findings(const cnsim_model *m, const cnsim_event_list *ev, cnsim_finding **arr,
                                          size_t *n, size_t *cap)
{
    for (size_t d = 0; m->has_patient && d < m->n_drugs; d++) {
        if (m->n_dose_lim[d] == 0)
            continue;
        /* Only the strictest limit speaks: a poor metaboliser of 70 on
         * 15 mg escitalopram hears of the 5 mg ceiling, not also of the
         * 10 mg one. Every source giving that same limit is named. */
        double lowest = m->dose_lim[d][0].max_mg_per_day;
        double worst = cnsim__worst_24h_mg(ev, d);
        if (!(worst > lowest * (1 + 1e-9)))
            continue;
        for (size_t k = 0; k < m->n_dose_lim[d]; k++) {
            const cnsim_patient_dose_limit *l = &m->dose_lim[d][k];
            if (l->max_mg_per_day > lowest * (1 + 1e-9))
                break;
            if (cnsim__finding_add(arr, n, cap, "patient_dose_above_limit", "warning", l->source,
                                   "%s: %g mg within 24 h exceeds %g mg/day for this patient (%s: %s)", m->drug[d],
                                   worst, l->max_mg_per_day, l->condition, l->note))
                return cnsim__fail(CNSIM_E_NOMEM, "out of memory for findings");
        }
    }
    return CNSIM_OK;
}
