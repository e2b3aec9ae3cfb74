/* Model-based summary of a regimen per output: steady-state Cmax, Tmax,
 * Cmin, AUC over a dosing interval, terminal half-life and time to 90% of
 * steady state, each computed from a simulation of the model (never typed
 * in). The summary is split in two so that a caller that simulates the
 * regimen anyway (cnsim_run_simulate) adds the summary's times to its own
 * samples and simulates once: a plan says which times to record, finish
 * turns what was recorded into the summary. */
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

/* Points per dosing interval (Tmax to tau/480: 1.5 min at 12 h) and
 * washout samples, as the summary took them before the model/run rework
 * (59d68a6), so its figures did not move. */
#define N_INTERVAL 480
#define N_WASH 2000

/* Slowest rate the output can show, for sizing the washout only: the
 * terminal rate of a mammillary model lies below CL/Vss and above it
 * scaled by the peripheral exchange, so CL/Vss/4 is a safe lower bound
 * (the half-life itself comes from the regression). Michaelis-Menten drugs
 * count their low-concentration clearance 1000 Vmax/Km. */
static double sizing_rate(const cnsim_pk_params *p)
{
    double cl = p->cl_L_per_h + (p->vmax_mg_per_h > 0 ? 1000.0 * p->vmax_mg_per_h / p->km_ng_mL : 0);
    double vss = p->v1_L + (p->n_cmt >= 2 ? p->v2_L : 0) + (p->n_cmt == 3 ? p->v3_L : 0);
    double k = fmin(cl / vss / 4, p->ka_per_h);
    if (p->has_metabolite)
        k = fmin(k, p->met_cl_L_per_h / p->met_v_L);
    for (int i = 0; i < p->n_more_metabolites; i++)
        k = fmin(k, p->more[i].cl_L_per_h / p->more[i].v_L);
    return k;
}

void cnsim_pk_summary_plan_free(cnsim_pk_summary_plan *plan)
{
    if (!plan)
        return;
    free(plan->t_h);
    free(plan->before_events);
    memset(plan, 0, sizeof *plan);
}

cnsim_status cnsim_pk_summary_plan_create(const cnsim_pk_run *run, size_t k, const cnsim_event *ev,
                                          size_t n_ev, double tau_h, cnsim_pk_summary_plan *plan)
{
    cnsim__clear_error();
    memset(plan, 0, sizeof *plan);
    plan->output = k;
    plan->tau_h = NAN;
    if (k >= run->n_out)
        return cnsim__fail(CNSIM_E_ARG, "summary: output %zu; the model has %zu", k, run->n_out);
    int d = run->out_drug[k];
    size_t n_d = 0;
    for (size_t i = 0; i < n_ev; i++)
        n_d += ev[i].drug == d && (ev[i].evid == CNSIM_EVID_DOSE || ev[i].evid == CNSIM_EVID_RESET_DOSE);
    if (!n_d)
        return CNSIM_OK;
    double *times = malloc(n_d * sizeof *times);
    if (!times)
        return cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
    n_d = 0;
    for (size_t i = 0; i < n_ev; i++)
        if (ev[i].drug == d && (ev[i].evid == CNSIM_EVID_DOSE || ev[i].evid == CNSIM_EVID_RESET_DOSE)) {
            times[n_d++] = ev[i].time_h;
            plan->dose_mg = ev[i].amt_mg;
        }
    plan->n_doses = (int)n_d;
    plan->first_dose_h = times[0];
    plan->last_dose_h = times[n_d - 1];
    if (isfinite(tau_h) && tau_h > 0 && n_d >= 2)
        plan->tau_h = tau_h;
    else if (n_d >= 2) {
        /* No interval given (event records): the median one. */
        double *gaps = malloc((n_d - 1) * sizeof *gaps);
        if (!gaps) {
            free(times);
            return cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
        }
        for (size_t i = 0; i + 1 < n_d; i++)
            gaps[i] = times[i + 1] - times[i];
        qsort(gaps, n_d - 1, sizeof *gaps, cmp_double);
        plan->tau_h = gaps[(n_d - 1) / 2] > 0 ? gaps[(n_d - 1) / 2] : NAN;
        free(gaps);
    }
    /* The washout: from the end of the last interval over 10 half-lives
     * of the sizing rate (at most a year, at least two intervals). */
    double tau = isnan(plan->tau_h) ? 24.0 : plan->tau_h;
    double washout = fmin(fmax(10 * log(2.0) / sizing_rate(&run->p[d]), 2 * tau), 24.0 * 365);
    plan->wash_from_h = plan->last_dose_h + tau;
    plan->wash_to_h = plan->last_dose_h + washout;
    size_t cap = 2 * (N_INTERVAL + 1) + n_d + N_WASH;
    plan->t_h = malloc(cap * sizeof *plan->t_h);
    plan->before_events = calloc(cap, 1);
    if (!plan->t_h || !plan->before_events) {
        free(times);
        cnsim_pk_summary_plan_free(plan);
        return cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
    }
    size_t n = 0;
    plan->first0 = n;
    for (int i = 0; i <= N_INTERVAL; i++)
        plan->t_h[n++] = plan->first_dose_h + tau * i / N_INTERVAL;
    plan->n_first = n - plan->first0;
    /* Troughs: the state just before each later dose acts. */
    plan->trough0 = n;
    for (size_t i = 1; i < n_d; i++) {
        plan->t_h[n] = times[i];
        plan->before_events[n++] = 1;
    }
    plan->n_trough = n - plan->trough0;
    plan->last0 = n;
    for (int i = 0; i <= N_INTERVAL; i++)
        plan->t_h[n++] = plan->last_dose_h + tau * i / N_INTERVAL;
    plan->n_last = n - plan->last0;
    plan->wash0 = n;
    for (int i = 0; i < N_WASH; i++)
        plan->t_h[n++] = plan->wash_from_h + (plan->wash_to_h - plan->wash_from_h) * i / (N_WASH - 1);
    plan->n_wash = n - plan->wash0;
    plan->n = n;
    free(times);
    return CNSIM_OK;
}

cnsim_status cnsim_pk_summary_finish(const cnsim_pk_summary_plan *plan, const char *name, int is_metabolite,
                                     const double *c, double ss_trough, cnsim_pk_summary *s)
{
    cnsim__clear_error();
    memset(s, 0, sizeof *s);
    cnsim__strlcpy(s->name, name, sizeof s->name);
    s->is_metabolite = is_metabolite;
    s->tau_h = s->auc_inf_ng_h_mL = s->t90_ss_h = s->half_life_h = NAN;
    s->ss_trough_ng_mL = s->accumulation_ratio = s->cavg_ng_mL = NAN;
    s->cmax_ng_mL = s->tmax_h = s->cmin_ng_mL = s->r2_adj = NAN;
    if (plan->n == 0)
        return CNSIM_OK;
    s->n_doses = plan->n_doses;
    s->first_dose_h = plan->first_dose_h;
    s->last_dose_h = plan->last_dose_h;
    s->dose_mg = plan->dose_mg;
    s->tau_h = plan->tau_h;
    const double *t = plan->t_h, *wash_t = t + plan->wash0, *wash_c = c + plan->wash0;
    size_t n_wash = plan->n_wash;
    cnsim_nca nca;
    cnsim_status st;
    if (isnan(s->tau_h)) {
        /* Single dose: Cmax/Tmax after it, AUC to infinity. */
        size_t n_sd = plan->n_first + n_wash;
        double *ts = malloc(n_sd * sizeof *ts), *cs = malloc(n_sd * sizeof *cs);
        if (!ts || !cs) {
            free(ts), free(cs);
            return cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
        }
        size_t m = 0;
        for (size_t i = plan->first0; i < plan->first0 + plan->n_first; i++)
            ts[m] = t[i], cs[m++] = c[i];
        for (size_t i = 0; i < n_wash; i++)
            if (wash_t[i] > ts[m - 1])
                ts[m] = wash_t[i], cs[m++] = wash_c[i];
        st = cnsim_nca_compute(ts, cs, m, s->first_dose_h, INFINITY, &nca);
        if (st == CNSIM_OK) {
            s->cmax_ng_mL = nca.cmax_ng_mL;
            s->tmax_h = nca.tmax_h - s->first_dose_h;
            s->half_life_h = nca.half_life_h;
            s->r2_adj = nca.r2_adj;
            s->auc_inf_ng_h_mL = nca.auc_ng_h_mL + (isnan(nca.lambda_z_per_h) ? NAN : cs[m - 1] / nca.lambda_z_per_h);
        }
        free(ts), free(cs);
        return st;
    }
    cnsim_nca first, w;
    if ((st = cnsim_nca_compute(t + plan->first0, c + plan->first0, plan->n_first, -INFINITY, INFINITY, &first)) !=
            CNSIM_OK ||
        (st = cnsim_nca_compute(t + plan->last0, c + plan->last0, plan->n_last, -INFINITY, INFINITY, &nca)) !=
            CNSIM_OK ||
        (st = n_wash ? cnsim_nca_compute(wash_t, wash_c, n_wash, -INFINITY, INFINITY, &w)
                     : cnsim__fail(CNSIM_E_ARG, "summary of %s: no washout samples", name)) != CNSIM_OK)
        return st;
    s->cmax_ng_mL = nca.cmax_ng_mL;
    s->tmax_h = nca.tmax_h - s->last_dose_h;
    s->cmin_ng_mL = nca.cmin_ng_mL;
    s->auc_tau_ng_h_mL = nca.auc_ng_h_mL;
    s->cavg_ng_mL = nca.auc_ng_h_mL / s->tau_h;
    s->accumulation_ratio = first.auc_ng_h_mL > 0 ? nca.auc_ng_h_mL / first.auc_ng_h_mL : NAN;
    s->half_life_h = w.half_life_h;
    s->r2_adj = w.r2_adj;
    s->ss_trough_ng_mL = ss_trough;
    for (size_t i = plan->trough0; isfinite(ss_trough) && i < plan->trough0 + plan->n_trough; i++)
        if (c[i] >= 0.9 * ss_trough) {
            s->t90_ss_h = t[i] - s->first_dose_h;
            break;
        }
    return CNSIM_OK;
}

cnsim_status cnsim_pk_run_ss_trough(cnsim_pk_run *run, const cnsim_event *e, double tau_h, double *conc)
{
    cnsim__clear_error();
    if (!(tau_h > 0) || !isfinite(tau_h))
        return cnsim__fail(CNSIM_E_ARG, "steady-state trough: interval %g h; expected > 0", tau_h);
    /* A drug coupled to another through an enzyme has no steady state of
     * its own regimen alone: NAN ("not computed"), not a wrong number. */
    if (e && e->drug >= 0 && cnsim_pk_run_drug_is_coupled(run, (size_t)e->drug)) {
        for (size_t k = 0; k < cnsim_pk_run_n_outputs(run); k++)
            conc[k] = NAN;
        return CNSIM_OK;
    }
    /* One SS = 1 record: the state just before a dose in the repeated
     * regimen, plus the record's own dose; tau later comes the trough. */
    cnsim_event x = *e;
    x.time_h = 0;
    x.ss = 1;
    x.ii_h = tau_h;
    x.addl = 0;
    x.evid = CNSIM_EVID_DOSE;
    cnsim_pk_samples s = {.t_h = &tau_h, .n = 1, .conc_ng_mL = conc};
    return cnsim_pk_run_sample(run, &x, 1, &s);
}

/* The plan's blocks overlap for short regimens: its times in sampling
 * order (by time, a pre-dose sample before the others at its time). */
typedef struct { double t; int before; size_t i; } plan_key;

static int cmp_plan(const void *a, const void *b)
{
    const plan_key *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->before != y->before)
        return x->before > y->before ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

static int sort_plan(const cnsim_pk_summary_plan *p, size_t *order)
{
    plan_key *k = malloc(p->n * sizeof *k);
    if (!k)
        return -1;
    for (size_t i = 0; i < p->n; i++)
        k[i] = (plan_key){p->t_h[i], p->before_events[i], i};
    qsort(k, p->n, sizeof *k, cmp_plan);
    for (size_t i = 0; i < p->n; i++)
        order[i] = k[i].i;
    free(k);
    return 0;
}

cnsim_status cnsim_pk_summarize(const cnsim_pk_params *drugs, size_t n_drugs,
                                const cnsim_event *ev, size_t n_ev,
                                const cnsim_solver_opts *opts,
                                cnsim_pk_summary *out, size_t n_out)
{
    cnsim__clear_error();
    cnsim_pk_run *run;
    cnsim_status st = cnsim_pk_run_create(drugs, n_drugs, opts, &run);
    if (st != CNSIM_OK)
        return st;
    size_t no = run->n_out;
    if (n_out < no) {
        cnsim_pk_run_free(run);
        return cnsim__fail(CNSIM_E_ARG, "summary: room for %zu outputs, the model has %zu", n_out, no);
    }
    cnsim_pk_summary_plan *plan = calloc(no, sizeof *plan);
    double *ss = malloc(no * sizeof *ss), *tmp = malloc(no * sizeof *tmp);
    if (!plan || !ss || !tmp)
        st = cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
    for (size_t k = 0; st == CNSIM_OK && k < no; k++)
        st = cnsim_pk_summary_plan_create(run, k, ev, n_ev, NAN, &plan[k]);
    /* Each output's plan, one simulation per output. */
    for (size_t k = 0; st == CNSIM_OK && k < no; k++) {
        ss[k] = NAN;
        size_t n = plan[k].n;
        if (n == 0) {
            st = cnsim_pk_summary_finish(&plan[k], run->out_name[k], run->out_is_met[k] != 0, NULL, NAN, &out[k]);
            continue;
        }
        double *c = malloc(n * no * sizeof *c), *ck = malloc(n * sizeof *ck), *ts = malloc(n * sizeof *ts);
        size_t *order = malloc(n * sizeof *order);
        unsigned char *bs = malloc(n);
        if (!c || !ck || !order || !ts || !bs || sort_plan(&plan[k], order) != 0)
            st = cnsim__fail(CNSIM_E_NOMEM, "summary: out of memory");
        if (st == CNSIM_OK) {
            for (size_t i = 0; i < n; i++)
                ts[i] = plan[k].t_h[order[i]], bs[i] = plan[k].before_events[order[i]];
            cnsim_pk_samples smp = {.t_h = ts, .n = n, .before_events = bs, .conc_ng_mL = c};
            st = cnsim_pk_run_sample(run, ev, n_ev, &smp);
        }
        for (size_t i = 0; st == CNSIM_OK && i < n; i++)
            ck[order[i]] = c[i * no + k];
        if (st == CNSIM_OK && !isnan(plan[k].tau_h)) {
            const cnsim_event *last = NULL;
            for (size_t i = 0; i < n_ev; i++)
                if (ev[i].drug == run->out_drug[k] &&
                    (ev[i].evid == CNSIM_EVID_DOSE || ev[i].evid == CNSIM_EVID_RESET_DOSE))
                    last = &ev[i];
            if ((st = cnsim_pk_run_ss_trough(run, last, plan[k].tau_h, tmp)) == CNSIM_OK)
                ss[k] = tmp[k];
        }
        if (st == CNSIM_OK)
            st = cnsim_pk_summary_finish(&plan[k], run->out_name[k], run->out_is_met[k] != 0, ck, ss[k], &out[k]);
        free(c), free(ck), free(order), free(ts), free(bs);
    }
    for (size_t k = 0; plan && k < no; k++)
        cnsim_pk_summary_plan_free(&plan[k]);
    free(plan), free(ss), free(tmp);
    cnsim_pk_run_free(run);
    return st;
}
