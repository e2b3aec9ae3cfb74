/* Model-based summary of a regimen per output: steady-state Cmax, Tmax,
 * Cmin, AUC over a dosing interval, terminal half-life and time to 90% of
 * steady state, each computed by simulating the model (never typed in). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run_impl.h"
#include "core_impl.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Slowest rate constant of a drug's linear model (1/h), from the
 * eigenvalues of its matrix, used only to size the simulated washout. For
 * Michaelis-Menten drugs the low-concentration limit Vmax/Km is added to
 * the linear clearance, which is the slowest the model can get. */
static double slowest_rate(const cnsim_pk_params *p)
{
    double cl = p->cl_L_per_h + (p->vmax_mg_per_h > 0 ? 1000.0 * p->vmax_mg_per_h / p->km_ng_mL : 0);
    double vss = p->v1_L + (p->n_cmt >= 2 ? p->v2_L : 0) + (p->n_cmt == 3 ? p->v3_L : 0);
    /* The terminal rate of a mammillary model is below CL/Vss and above
     * CL/Vss scaled by the peripheral exchange; CL/Vss / 4 is a safe lower
     * estimate for sizing (the exact value comes from the regression). */
    double k = cl / vss / 4;
    if (p->ka_per_h < k)
        k = p->ka_per_h;
    if (p->has_metabolite) {
        double km = p->met_cl_L_per_h / p->met_v_L;
        if (km < k)
            k = km;
    }
    return k;
}

static cnsim_status simulate(const cnsim_pk_params *drugs, size_t n_drugs,
                             const cnsim_solver_opts *opts, const cnsim_event *ev,
                             size_t n_ev, const double *t, size_t n_t,
                             double **conc, size_t *n_out)
{
    cnsim_pk_run *run;
    cnsim_status st = cnsim_pk_run_create(drugs, n_drugs, opts, &run);
    if (st != CNSIM_OK)
        return st;
    *n_out = cnsim_pk_run_n_outputs(run);
    *conc = malloc(n_t * *n_out * sizeof **conc);
    if (!*conc)
        st = cnsim__fail(CNSIM_E_NOMEM, "out of memory for the summary simulation");
    else
        st = cnsim_pk_run_simulate(run, ev, n_ev, t, n_t, *conc, NULL);
    cnsim_pk_run_free(run);
    return st;
}

cnsim_status cnsim_pk_summarize(const cnsim_pk_params *drugs, size_t n_drugs,
                                const cnsim_event *ev, size_t n_ev,
                                const cnsim_solver_opts *opts,
                                cnsim_pk_summary *out, size_t n_out)
{
    cnsim_status st = CNSIM_OK;
    cnsim_pk_run *names;
    if ((st = cnsim_pk_run_create(drugs, n_drugs, opts, &names)) != CNSIM_OK)
        return st;
    size_t n_outputs = cnsim_pk_run_n_outputs(names);
    if (n_out < n_outputs) {
        cnsim_pk_run_free(names);
        return cnsim__fail(CNSIM_E_ARG, "summary: room for %zu outputs, the model has %zu", n_out, n_outputs);
    }
    for (size_t j = 0; j < n_outputs && st == CNSIM_OK; j++) {
        cnsim_pk_summary *s = &out[j];
        memset(s, 0, sizeof *s);
        cnsim__strlcpy(s->name, cnsim_pk_run_output_name(names, j), sizeof s->name);
        int d = names->out_drug[j];
        s->is_metabolite = names->out_is_met[j];
        s->tau_h = s->auc_inf_ng_h_mL = s->t90_ss_h = s->half_life_h = NAN;
        s->ss_trough_ng_mL = s->accumulation_ratio = s->cavg_ng_mL = NAN;

        /* This drug's doses. */
        size_t n_d = 0;
        double *times = malloc((n_ev ? n_ev : 1) * sizeof *times);
        if (!times) {
            st = cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
            break;
        }
        const cnsim_event *last = NULL;
        for (size_t i = 0; i < n_ev; i++)
            if (ev[i].drug == d && (ev[i].evid == CNSIM_EVID_DOSE || ev[i].evid == CNSIM_EVID_RESET_DOSE)) {
                times[n_d++] = ev[i].time_h;
                last = &ev[i];
            }
        if (!n_d) {
            free(times);
            continue;
        }
        s->n_doses = (int)n_d;
        s->first_dose_h = times[0];
        s->last_dose_h = times[n_d - 1];
        s->dose_mg = last->amt_mg;
        if (n_d >= 2) {
            double *gaps = malloc((n_d - 1) * sizeof *gaps);
            if (!gaps) {
                free(times);
                st = cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
                break;
            }
            for (size_t i = 0; i + 1 < n_d; i++)
                gaps[i] = times[i + 1] - times[i];
            qsort(gaps, n_d - 1, sizeof *gaps, cmp_double);
            s->tau_h = gaps[(n_d - 1) / 2];
            free(gaps);
            if (!(s->tau_h > 0))
                s->tau_h = NAN;
        }

        /* One simulation on a grid that covers: the first interval, each
         * trough, the last interval finely, and the washout. */
        double k_slow = slowest_rate(&drugs[d]);
        double washout = fmin(10 * log(2.0) / k_slow, 24.0 * 365);
        int fine = 480;
        double tau = isnan(s->tau_h) ? fmax(24.0, 0) : s->tau_h;
        size_t n_wash = 2000;
        size_t cap = 2 * (size_t)fine + n_d + n_wash + 4;
        double *t = malloc(cap * sizeof *t);
        if (!t) {
            free(times);
            st = cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
            break;
        }
        size_t n_t = 0;
        size_t first0 = n_t;
        for (int i = 0; i <= fine; i++)
            t[n_t++] = s->first_dose_h + tau * i / fine;
        size_t troughs0 = n_t;
        /* Troughs just before each dose; tiny offset keeps IV boluses out. */
        for (size_t i = 1; i < n_d; i++)
            t[n_t++] = times[i] - 1e-7;
        size_t last0 = n_t;
        for (int i = 0; i < fine; i++)
            t[n_t++] = s->last_dose_h + tau * i / fine;
        size_t wash0 = n_t;
        for (size_t i = 0; i <= n_wash - 1; i++)
            t[n_t++] = s->last_dose_h + tau + (washout - tau) * (double)i / (n_wash - 1);
        /* The segments overlap for short regimens: sort (indices into the
         * blocks are recovered by searching times afterwards). */
        double *tsorted = malloc(n_t * sizeof *tsorted);
        size_t *perm = malloc(n_t * sizeof *perm);
        if (!tsorted || !perm) {
            free(times), free(t), free(tsorted), free(perm);
            st = cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
            break;
        }
        memcpy(tsorted, t, n_t * sizeof *t);
        qsort(tsorted, n_t, sizeof *tsorted, cmp_double);
        double *conc = NULL;
        size_t n_o = 0;
        st = simulate(drugs, n_drugs, opts, ev, n_ev, tsorted, n_t, &conc, &n_o);
        if (st == CNSIM_OK) {
            /* Map each requested time to its sorted position (binary search). */
            double *c = malloc(n_t * sizeof *c);
            if (!c)
                st = cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
            for (size_t i = 0; c && i < n_t; i++) {
                size_t lo = 0, hi = n_t - 1;
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    if (tsorted[mid] < t[i])
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                c[i] = conc[lo * n_o + j];
            }
            if (c) {
                cnsim_nca nca;
                if (isnan(s->tau_h)) {
                    /* Single dose: Cmax/Tmax after it, AUC to infinity. */
                    size_t n_sd = wash0 + n_wash - first0;
                    double *ts = malloc(n_sd * sizeof *ts), *cs = malloc(n_sd * sizeof *cs);
                    size_t m = 0;
                    if (ts && cs) {
                        for (size_t i = first0; i < troughs0; i++)
                            ts[m] = t[i], cs[m++] = c[i];
                        for (size_t i = wash0; i < wash0 + n_wash; i++)
                            if (t[i] > ts[m - 1])
                                ts[m] = t[i], cs[m++] = c[i];
                        st = cnsim_nca_compute(ts, cs, m, s->first_dose_h, INFINITY, &nca);
                        if (st == CNSIM_OK) {
                            s->cmax_ng_mL = nca.cmax_ng_mL;
                            s->tmax_h = nca.tmax_h - s->first_dose_h;
                            s->cmin_ng_mL = NAN;
                            s->half_life_h = nca.half_life_h;
                            s->r2_adj = nca.r2_adj;
                            s->auc_inf_ng_h_mL = nca.auc_ng_h_mL + (isnan(nca.lambda_z_per_h) ? NAN : cs[m - 1] / nca.lambda_z_per_h);
                        }
                    } else
                        st = cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
                    free(ts), free(cs);
                } else {
                    cnsim_nca first;
                    st = cnsim_nca_compute(t + first0, c + first0, fine + 1, -INFINITY, INFINITY, &first);
                    /* The last interval, closed at last + tau by the first
                     * washout sample. */
                    double tl[481 + 1], cl[481 + 1];
                    for (int i = 0; i < fine; i++)
                        tl[i] = t[last0 + i], cl[i] = c[last0 + i];
                    tl[fine] = t[wash0], cl[fine] = c[wash0];
                    if (st == CNSIM_OK)
                        st = cnsim_nca_compute(tl, cl, fine + 1, -INFINITY, INFINITY, &nca);
                    if (st == CNSIM_OK) {
                        s->cmax_ng_mL = nca.cmax_ng_mL;
                        s->tmax_h = nca.tmax_h - s->last_dose_h;
                        s->cmin_ng_mL = nca.cmin_ng_mL;
                        s->auc_tau_ng_h_mL = nca.auc_ng_h_mL;
                        s->cavg_ng_mL = nca.auc_ng_h_mL / s->tau_h;
                        s->accumulation_ratio = first.auc_ng_h_mL > 0 ? nca.auc_ng_h_mL / first.auc_ng_h_mL : NAN;
                        /* Terminal half-life from the washout. */
                        cnsim_nca w;
                        st = cnsim_nca_compute(t + wash0, c + wash0, n_wash, -INFINITY, INFINITY, &w);
                        if (st == CNSIM_OK) {
                            s->half_life_h = w.half_life_h;
                            s->r2_adj = w.r2_adj;
                        }
                    }
                }
                /* Exact steady-state trough: SS = 1 dose, then II later. */
                if (st == CNSIM_OK && !isnan(s->tau_h)) {
                    cnsim_event e = *last;
                    e.time_h = 0;
                    e.ss = 1;
                    e.ii_h = s->tau_h;
                    e.addl = 0;
                    e.evid = CNSIM_EVID_DOSE;
                    double tt = s->tau_h - 1e-7, *cs = NULL;
                    size_t no;
                    st = simulate(drugs, n_drugs, opts, &e, 1, &tt, 1, &cs, &no);
                    if (st == CNSIM_OK) {
                        s->ss_trough_ng_mL = cs[j];
                        for (size_t i = troughs0; i < last0; i++)
                            if (c[i] >= 0.9 * s->ss_trough_ng_mL) {
                                s->t90_ss_h = t[i] + 1e-7 - s->first_dose_h;
                                break;
                            }
                    }
                    free(cs);
                }
                free(c);
            }
        }
        free(conc);
        free(times), free(t), free(tsorted), free(perm);
    }
    cnsim_pk_run_free(names);
    return st;
}
