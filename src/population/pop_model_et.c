/* The "effect-tolerance" population model (workload P1, bench/): one
 * compartment with first-order absorption, an effect compartment and a
 * tolerance moderator (Porchet, Benowitz & Sheiner 1988 for the moderator
 * form; Sheiner et al. 1979 for the effect compartment):
 *   A0' = -KA A0                       (depot, a dose adds F * amount)
 *   A1' =  KA A0 - (CL/V) A1           (central, C = 1000 A1 / V ng/mL)
 *   Ce' =  KE0 (C - Ce)                (effect site, ng/mL)
 *   M'  =  KT (E - M),  E = EMAX Ce^HILL / (EC50^HILL + Ce^HILL)
 * with the net effect E - M. The linear part (A0, A1, Ce) is propagated
 * exactly (the matrix exponential of the lower-triangular system, written
 * with divided differences of exp so that nearly equal rate constants stay
 * accurate); M, linear in itself, by its exact exponential integrator with
 * the integral of E over each step of at most MAX_SUBSTEP_H by 5-point
 * Gauss-Lobatto quadrature, every evaluation of E using the exact Ce. The
 * arithmetic runs POP_LANES subjects at once (pop_model_et_simd.c); this
 * file names the parameters, outputs and metrics, checks each subject's
 * parameters and computes its metrics. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "population/pop_impl.h"
#include "core_impl.h"

enum { P_KA, P_CL, P_V, P_F, P_KE0, P_KT, P_EMAX, P_EC50, P_HILL, P_N };
static const char *const par_names[P_N] = {"KA", "CL", "V", "F", "KE0", "KT", "EMAX", "EC50", "HILL"};
static const char *const out_names[] = {"c_ng_mL", "ce_ng_mL", "effect", "tolerance", "net_effect"};
static const char *const metric_names[] = {"cmax_ng_mL", "tmax_h", "auc_ng_h_mL", "ce_max_ng_mL",
                                           "effect_max", "tolerance_max", "net_effect_min"};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_SUBSTEP_H 1.0   /* h: error below 2e-8 relative on the P1 check values */

void cnsim__pop_et_names(cnsim_pop_spec *s)
{
    s->n_par = P_N;
    for (size_t k = 0; k < P_N; k++) {
        cnsim__strlcpy(s->par[k], par_names[k], POP_NAME);
        s->eta_on_logit[k] = k == P_F;
    }
    s->n_model_out = N_OF(out_names);
    for (size_t k = 0; k < N_OF(out_names); k++)
        cnsim__strlcpy(s->out[k], out_names[k], POP_NAME);
    s->n_metrics = N_OF(metric_names);
    for (size_t k = 0; k < N_OF(metric_names); k++)
        cnsim__strlcpy(s->metric[k], metric_names[k], POP_NAME);
}

/* Checks one subject's parameters; 0 if usable, else writes the reason. */
static int invalid(const double *par, char *why, size_t n)
{
    for (size_t k = 0; k < P_N; k++)
        if (!isfinite(par[k]) || (k != P_EMAX && !(par[k] > 0)) || (k == P_F && par[k] > 1)) {
            snprintf(why, n, "%s = %g; expected %s", par_names[k], par[k],
                     k == P_F ? "0 < F <= 1" : k == P_EMAX ? "a finite number" : "a finite number > 0");
            return 1;
        }
    return 0;
}

static void metrics_of(const double *t_out, size_t nt, const double *out, double *metrics)
{
    const size_t no = 5;
    double cmax = -INFINITY, tmax = NAN, auc = 0, cemax = -INFINITY, emax = -INFINITY, mmax = -INFINITY,
           netmin = INFINITY;
    for (size_t i = 0; i < nt; i++) {
        const double *o = out + i * no;
        if (o[0] > cmax)
            cmax = o[0], tmax = t_out[i];
        if (i > 0)
            auc += 0.5 * (o[0] + o[-(long)no]) * (t_out[i] - t_out[i - 1]);
        cemax = o[1] > cemax ? o[1] : cemax, emax = o[2] > emax ? o[2] : emax;
        mmax = o[3] > mmax ? o[3] : mmax, netmin = o[4] < netmin ? o[4] : netmin;
    }
    metrics[0] = cmax, metrics[1] = tmax, metrics[2] = auc, metrics[3] = cemax;
    metrics[4] = emax, metrics[5] = mmax, metrics[6] = netmin;
}

cnsim_status cnsim__pop_et_simulate_lanes(const cnsim_pop_spec *s, size_t nb, const double *par, double *out,
                                          double *metrics, cnsim_status *st, char (*why)[256])
{
    double lp[POP_LANES * P_N];
    int first_ok = -1;
    for (size_t j = 0; j < nb; j++) {
        st[j] = invalid(par + j * P_N, why[j], sizeof why[j]) ? CNSIM_E_RANGE : CNSIM_OK;
        if (st[j] == CNSIM_OK && first_ok < 0)
            first_ok = (int)j;
    }
    if (first_ok < 0)
        return CNSIM_OK;
    /* unused and invalid lanes run a valid subject's parameters (discarded) */
    for (size_t j = 0; j < POP_LANES; j++)
        memcpy(lp + j * P_N, par + (j < nb && st[j] == CNSIM_OK ? j : (size_t)first_ok) * P_N, P_N * sizeof *lp);
    cnsim__pop_et_lanes(s->times, s->n_times, s->ev.ev, s->ev.n, MAX_SUBSTEP_H, lp, P_N, out);
    for (size_t j = 0; j < nb; j++)
        if (st[j] == CNSIM_OK)
            metrics_of(s->times, s->n_times, out + j * s->n_times * 5, metrics + j * s->n_metrics);
    return CNSIM_OK;
}
