/* The whole pharmacodynamic chain from plasma concentrations, and the
 * withdrawal summary. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/pd.h"
#include "core_impl.h"

cnsim_status cnsim_pd_run(const cnsim_pd_system_params *s,
                          const cnsim_pd_drug_params *drugs, size_t n_drugs,
                          const double *t_h, size_t n_t, const double *conc,
                          const double *t_out, size_t n_out,
                          cnsim_pd_state *out)
{
    cnsim_status st;
    for (size_t j = 0; j < n_drugs; j++)
        if ((st = cnsim_pd_drug_check(&drugs[j])) != CNSIM_OK)
            return st;
    if (n_t == 0)
        return CNSIM_OK;
    double *c = malloc(n_t * sizeof *c), *ce = malloc(n_t * n_drugs * sizeof *ce);
    double *drive = malloc(n_t * sizeof *drive), *sert = malloc(n_t * sizeof *sert);
    double *row = malloc((n_drugs ? n_drugs : 1) * sizeof *row), *occ_sum = malloc(n_t * sizeof *occ_sum);
    double *occ = malloc((n_drugs ? n_drugs : 1) * sizeof *occ);
    if (!c || !ce || !drive || !sert || !row || !occ || !occ_sum) {
        st = cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamics: out of memory for %zu samples", n_t);
        goto done;
    }
    for (size_t j = 0; j < n_drugs; j++) {
        if (drugs[j].target == CNSIM_PD_TARGET_NONE)
            continue;
        for (size_t i = 0; i < n_t; i++) {
            c[i] = conc[i * n_drugs + j];
            if (!isfinite(c[i]) || c[i] < -1e-9) {
                st = cnsim__fail(CNSIM_E_RANGE, "pharmacodynamics: %s concentration %g ng/mL at t = %g h; expected a finite value >= 0", drugs[j].name, c[i], t_h[i]);
                goto done;
            }
            if (c[i] < 0)
                c[i] = 0; /* solver round-off below zero */
        }
        cnsim_pd_effect_site(t_h, c, n_t, drugs[j].ke0_per_h, c[0], c);
        for (size_t i = 0; i < n_t; i++)
            ce[i * n_drugs + j] = c[i];
    }
    for (size_t i = 0; i < n_t; i++) {
        for (size_t j = 0; j < n_drugs; j++)
            row[j] = drugs[j].target == CNSIM_PD_TARGET_NONE ? 0 : ce[i * n_drugs + j];
        drive[i] = cnsim_pd_bzd_occupancy(drugs, n_drugs, row, occ);
        occ_sum[i] = 0;
        for (size_t j = 0; j < n_drugs; j++)
            occ_sum[i] += occ[j];
        sert[i] = cnsim_pd_sert_occupancy(drugs, n_drugs, row);
    }
    if ((st = cnsim_pd_adapt(s, t_h, n_t, drive, sert, t_out, n_out, out)) != CNSIM_OK)
        goto done;
    /* The occupancy sum at the output times (cnsim_pd_adapt fills the rest). */
    for (size_t k = 0, i = 0; k < n_out; k++) {
        while (i + 1 < n_t && t_h[i + 1] <= t_out[k])
            i++;
        double w = i + 1 < n_t && t_h[i + 1] > t_h[i] ? (t_out[k] - t_h[i]) / (t_h[i + 1] - t_h[i]) : 0;
        out[k].bzd_occupancy = i + 1 < n_t ? occ_sum[i] + w * (occ_sum[i + 1] - occ_sum[i]) : occ_sum[i];
    }
done:
    free(c), free(ce), free(drive), free(sert), free(row), free(occ), free(occ_sum);
    return st;
}

void cnsim_pd_withdrawal_summarize(const double *t_h, const cnsim_pd_state *st,
                                   size_t n, double threshold,
                                   cnsim_pd_withdrawal_summary *out)
{
    out->peak = 0;
    out->peak_time_h = NAN;
    out->hours_above = 0;
    out->threshold = threshold;
    out->onset_time_h = NAN;
    for (size_t i = 0; i < n; i++) {
        double w = st[i].withdrawal;
        if (w > out->peak) {
            out->peak = w;
            out->peak_time_h = t_h[i];
        }
        if (w > threshold && isnan(out->onset_time_h))
            out->onset_time_h = t_h[i];
        if (i > 0) {
            /* Time above the threshold, with linear crossings. */
            double a = st[i - 1].withdrawal - threshold, b = w - threshold, h = t_h[i] - t_h[i - 1];
            if (a > 0 && b > 0)
                out->hours_above += h;
            else if (a > 0 || b > 0)
                out->hours_above += h * (a > 0 ? a : b) / fabs(a - b);
        }
    }
}
