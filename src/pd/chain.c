/* The chain from dosing events to effects for one subject: registry
 * parameters, PK on a fine grid, PD at the requested times. Shared by the
 * taper planner, the bridge planner and anything else that needs effects
 * over a course of dosing. */
#include <math.h>
#include <stdlib.h>

#include "cnsim/pd.h"
#include "core_impl.h"
#include "pd/pd_chain_old.h"

#define MAX_OUTPUTS 16

cnsim_status cnsim_pd_chain_run(cnsim_registry *reg, const cnsim_event_list *ev,
                                double fine_h, const double *t_out, size_t n_out,
                                cnsim_pd_state *out, double *conc, size_t conc_cap,
                                size_t *n_conc)
{
    return cnsim_pd_chain_run_pk(reg, ev, NULL, fine_h, t_out, n_out, out, conc, conc_cap, n_conc);
}

cnsim_status cnsim_pd_chain_run_pk(cnsim_registry *reg, const cnsim_event_list *ev,
                                   const cnsim_pk_params *pk_given, double fine_h,
                                   const double *t_out, size_t n_out, cnsim_pd_state *out,
                                   double *conc, size_t conc_cap, size_t *n_conc)
{
    if (n_out == 0 || ev->n_drugs == 0)
        return cnsim__fail(CNSIM_E_ARG, "pharmacodynamic chain: no output times or no drugs");
    if (ev->n_drugs > MAX_OUTPUTS / 2)
        return cnsim__fail(CNSIM_E_ARG, "pharmacodynamic chain: %zu drugs; expected at most %d", ev->n_drugs, MAX_OUTPUTS / 2);
    if (!(fine_h > 0) || !(t_out[0] >= 0) || !isfinite(t_out[n_out - 1]))
        return cnsim__fail(CNSIM_E_ARG, "pharmacodynamic chain: step %g h or output times [%g, %g] h; expected a step > 0 and times >= 0",
                           fine_h, t_out[0], t_out[n_out - 1]);
    cnsim_pk_params pk[MAX_OUTPUTS / 2];
    cnsim_pd_drug_params pd[MAX_OUTPUTS];
    cnsim_pd_system_params sys;
    cnsim_pk_run *run = NULL;
    double *tf = NULL, *cf = NULL;
    cnsim_status st = CNSIM_OK;
    for (size_t d = 0; d < ev->n_drugs && st == CNSIM_OK; d++)
        if (pk_given)
            pk[d] = pk_given[d];
        else
            st = cnsim_registry_pk_params(reg, ev->drugs[d], NULL, &pk[d]);
    if (st == CNSIM_OK)
        st = cnsim_pk_run_create(pk, ev->n_drugs, NULL, &run);
    if (st != CNSIM_OK)
        goto done;
    size_t n_k = cnsim_pk_run_n_outputs(run);
    if (n_conc)
        *n_conc = n_k;
    if (conc && n_k > conc_cap) {
        st = cnsim__fail(CNSIM_E_ARG, "pharmacodynamic chain: %zu outputs; room for %zu", n_k, conc_cap);
        goto done;
    }
    for (size_t k = 0; k < n_k && st == CNSIM_OK; k++)
        st = cnsim_registry_pd_params(reg, cnsim_pk_run_output_name(run, k), &pd[k]);
    if (st == CNSIM_OK)
        st = cnsim_registry_pd_system(reg, &sys);
    if (st != CNSIM_OK)
        goto done;
    size_t n_f = (size_t)llround(t_out[n_out - 1] / fine_h) + 1;
    tf = malloc(n_f * sizeof *tf);
    cf = malloc(n_f * n_k * sizeof *cf);
    if (!tf || !cf) {
        st = cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamic chain: out of memory for %zu samples", n_f);
        goto done;
    }
    for (size_t i = 0; i < n_f; i++)
        tf[i] = i * fine_h;
    if ((st = cnsim_pk_run_simulate(run, ev->ev, ev->n, tf, n_f, cf, NULL)) != CNSIM_OK ||
        (st = cnsim_pd_run(&sys, pd, n_k, tf, n_f, cf, t_out, n_out, out)) != CNSIM_OK)
        goto done;
    /* Concentrations at the output times: the nearest fine sample (the
     * output times lie on the fine grid in every current use). */
    for (size_t i = 0; conc && i < n_out; i++) {
        size_t fi = (size_t)llround(t_out[i] / fine_h);
        if (fi >= n_f)
            fi = n_f - 1;
        for (size_t k = 0; k < n_k; k++)
            conc[i * conc_cap + k] = cf[fi * n_k + k];
    }
done:
    cnsim_pk_run_free(run);
    free(tf), free(cf);
    return st;
}
