/* Simulation of a taper plan through the chain (a model of the plan's
 * drugs and one run: PK with effect sites -> occupancy -> adaptation),
 * the abrupt-stop reference, and the greedy optimizer. PD reports hourly
 * from the taper start. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/plan.h"
#include "cnsim/pk.h"
#include "cnsim/pd.h"
#include "cnsim/regimen.h"
#include "cnsim/model.h"
#include "core_impl.h"
#include "taper_impl.h"

/* Daily doses of every plan drug from day -pre_days to the last dosing
 * day, each split over its administrations at fixed clock hours. */
static cnsim_status make_events(const cnsim_taper_plan *plan, const cnsim_taper_opts *o,
                                cnsim_event_list *out, double *last_day)
{
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    cnsim_status st = CNSIM_OK;
    int idx[2];
    for (size_t d = 0; d < plan->n_drugs && st == CNSIM_OK; d++)
        st = cnsim_event_list_drug(&raw, plan->drugs[d], &idx[d]);
    double end = plan->duration_days;
    *last_day = -1;
    long pre = lround(o->pre_days);
    for (long day = -pre; day <= (long)ceil(end) && st == CNSIM_OK; day++)
        for (size_t d = 0; d < plan->n_drugs && st == CNSIM_OK; d++) {
            /* The step in force that day (the starting regimen before 0). */
            const cnsim_taper_step *cur = NULL;
            for (size_t i = 0; i < plan->n_steps; i++)
                if (plan->steps[i].drug == (int)d && plan->steps[i].day <= day + 1e-9)
                    cur = &plan->steps[i];
            int n = cur ? cur->n_per_day : o->n_per_day;
            double clock[CNSIM_TAPER_MAX_ADMIN];
            taper__clock(o, n, clock);
            for (int a = 0; a < n && st == CNSIM_OK; a++) {
                double mg = cur ? cur->admin_mg[a] : (d == 0 ? o->from_dose_mg : 0);
                if (!(mg > 0))
                    continue;
                cnsim_event e = cnsim_event_default();
                e.id = 1, e.drug = idx[d], e.amt_mg = mg;
                e.time_h = (day + pre) * 24.0 + clock[a];
                st = cnsim_event_list_push(&raw, &e);
                *last_day = fmax(*last_day, (double)day);
            }
        }
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, out);
    cnsim_event_list_free(&raw);
    return st;
}

/* The model of a plan's drugs, and a run of it, for one planner call. */
typedef struct chain {
    cnsim_model *m;
    cnsim_run *r;
} chain;

/* Releases both and leaves them NULL, so a chain that failed half way and
 * was freed by chain_create can be freed again by its caller. */
static void chain_free(chain *c)
{
    cnsim_run_free(c->r);
    cnsim_model_free(c->m);
    c->r = NULL;
    c->m = NULL;
}

static cnsim_status chain_create(cnsim_registry *reg, const cnsim_taper_plan *plan, chain *c)
{
    memset(c, 0, sizeof *c);
    cnsim_model_drug d[2];
    for (size_t i = 0; i < plan->n_drugs; i++)
        d[i] = (cnsim_model_drug){plan->drugs[i], NULL, NULL};
    cnsim_status st = cnsim_model_create(reg, d, plan->n_drugs, NULL, &c->m);
    if (st == CNSIM_OK)
        st = cnsim_run_create(c->m, &c->r);
    if (st == CNSIM_OK)
        st = cnsim_run_set_outputs(c->r, CNSIM_RUN_PD | CNSIM_RUN_FINDINGS);
    if (st != CNSIM_OK)
        chain_free(c);
    return st;
}

/* Runs the plan to `horizon_days` after the taper start (NAN: the last
 * dose plus follow_days); fills plan->days and the peak. */
static cnsim_status run(chain *c, const cnsim_taper_opts *o, cnsim_taper_plan *plan, double horizon_days)
{
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    double last_day;
    double *th = NULL;
    cnsim_status st = make_events(plan, o, &ev, &last_day);
    if (st != CNSIM_OK)
        goto done;
    double t0 = o->pre_days * 24;
    if (isnan(horizon_days))
        horizon_days = fmax(last_day + 1, plan->duration_days) + o->follow_days;
    horizon_days = ceil(horizon_days);
    size_t n_h = (size_t)horizon_days * 24 + 1;
    th = malloc(n_h * sizeof *th);
    free(plan->days);
    plan->n_days = (size_t)horizon_days;
    plan->days = calloc(plan->n_days, sizeof *plan->days);
    if (!th || !plan->days) {
        st = cnsim__fail(CNSIM_E_NOMEM, "taper: out of memory for a %g-day simulation", horizon_days);
        goto done;
    }
    /* Hourly outputs from the taper start, after the pre-taper period. */
    for (size_t i = 0; i < n_h; i++)
        th[i] = t0 + (double)i;
    if ((st = cnsim_run_set_events(c->r, &ev, 1)) != CNSIM_OK || (st = cnsim_run_set_times(c->r, th, n_h)) != CNSIM_OK ||
        (st = cnsim_run_simulate(c->r)) != CNSIM_OK)
        goto done;
    const double *conc = cnsim_run_conc(c->r);
    const cnsim_pd_state *ps = cnsim_run_pd(c->r);
    size_t ns = cnsim_model_n_species(c->m);
    plan->peak_withdrawal_index = 0, plan->peak_day = 0;
    plan->peak_discontinuation_index = 0, plan->peak_discontinuation_day = 0;
    for (size_t dd = 0; dd < plan->n_days; dd++) {
        cnsim_taper_day *D = &plan->days[dd];
        D->day = (int)dd;
        for (size_t d = 0; d < plan->n_drugs && d < 2; d++)
            D->daily_dose_mg[d] = taper__daily(plan, o, (int)d, (double)dd);
        double cs = 0, os = 0, wmax = 0, ss = 0, dmax = 0;
        for (size_t h = 0; h < 24; h++) {
            size_t ih = dd * 24 + h;
            cs += conc[ih * ns + 0];
            os += ps[ih].bzd_occupancy;
            ss += ps[ih].sert_occupancy;
            wmax = fmax(wmax, fmax(ps[ih].withdrawal, ps[ih + 1].withdrawal));
            dmax = fmax(dmax, fmax(ps[ih].ssri_discontinuation, ps[ih + 1].ssri_discontinuation));
        }
        D->conc_ng_mL = cs / 24, D->occupancy = os / 24, D->withdrawal = wmax;
        D->sert_occupancy = ss / 24, D->discontinuation = dmax;
        if (wmax > plan->peak_withdrawal_index)
            plan->peak_withdrawal_index = wmax, plan->peak_day = (double)dd;
        if (dmax > plan->peak_discontinuation_index)
            plan->peak_discontinuation_index = dmax, plan->peak_discontinuation_day = (double)dd;
    }
done:
    cnsim_event_list_free(&ev);
    free(th);
    return st;
}

cnsim_status cnsim_taper_simulate(cnsim_registry *reg, const cnsim_taper_opts *o, cnsim_taper_plan *plan)
{
    cnsim__clear_error();
    chain c;
    cnsim_status st = chain_create(reg, plan, &c);
    if (st == CNSIM_OK)
        st = run(&c, o, plan, NAN);
    /* Every warning simulate would raise on the same doses (labelled
     * maxima, interactions, the patient, stops) applies to the plan; the
     * pace is judged by the planner itself (its end-of-taper rule), and a
     * crossover's two benzodiazepines are the plan, not an interaction. */
    for (size_t i = 0; st == CNSIM_OK && i < cnsim_run_n_findings(c.r); i++) {
        const cnsim_finding *f = cnsim_run_finding(c.r, i);
        if (!cnsim_finding_is_warning(f) || !strcmp(f->code, "taper_faster_than_guideline"))
            continue;
        /* the crossover's two benzodiazepines are the plan itself */
        if (plan->method == CNSIM_TAPER_DIAZEPAM_CROSSOVER && !strncmp(f->code, "interaction_", 12))
            continue;
        taper__warn(plan, f->code, f->source, "%s", f->message);
    }
    chain_free(&c);
    cnsim_pd_system_params sys;
    if (st == CNSIM_OK && plan->is_ssri && (st = cnsim_registry_pd_system(reg, &sys)) == CNSIM_OK &&
        plan->peak_discontinuation_index > sys.ssri_disc_threshold) {
        int n_above = 0;
        for (size_t d = 0; d < plan->n_days; d++)
            n_above += plan->days[d].discontinuation > sys.ssri_disc_threshold;
        taper__warn(plan, "discontinuation_symptoms_likely", "rosenbaum1998",
                    "the simulated discontinuation index exceeds %g (symptomatic) on %d day(s), peak %.3f on day %g; "
                    "a slower pace or smaller final steps would keep it lower",
                    sys.ssri_disc_threshold, n_above, plan->peak_discontinuation_index, plan->peak_discontinuation_day);
    }
    return st;
}

cnsim_status cnsim_taper_abrupt_peak(cnsim_registry *reg, const cnsim_taper_opts *o, double *peak)
{
    cnsim__clear_error();
    *peak = NAN;
    cnsim_taper_plan *p = malloc(sizeof *p);
    taper_ctx *x = malloc(sizeof *x);
    if (!p || !x) {
        free(p), free(x);
        return cnsim__fail(CNSIM_E_NOMEM, "taper: out of memory");
    }
    chain c = {0};
    cnsim_status st = taper__init(x, reg, o, p);
    if (st == CNSIM_OK) {
        /* one step: nothing from day 0 on */
        cnsim_taper_step *s = &p->steps[p->n_steps++];
        memset(s, 0, sizeof *s);
        s->n_per_day = o->n_per_day;
        st = chain_create(reg, p, &c);
    }
    if (st == CNSIM_OK)
        st = run(&c, o, p, o->follow_days);
    chain_free(&c);
    if (st == CNSIM_OK)
        *peak = p->is_ssri ? p->peak_discontinuation_index : p->peak_withdrawal_index;
    cnsim_taper_plan_free(p);
    free(p), free(x);
    return st;
}

/* Greedy: at each step day the largest cut (from a fixed ladder of
 * fractions, rounded to products) whose simulation, holding the new dose
 * for four weeks, keeps the withdrawal index below the threshold. When no
 * cut passes, the dose is held one interval (the adaptation recovers) and
 * the smallest cut tried again; after four holds the smallest cut is taken
 * and a warning says so. */
cnsim_status cnsim_taper_optimize(cnsim_registry *reg, const cnsim_taper_opts *o, cnsim_taper_plan *plan)
{
    cnsim__clear_error();
    static const double cuts[] = {1.0, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05};
    cnsim_taper_opts q = *o;
    q.method = CNSIM_TAPER_OPTIMIZED;
    taper_ctx *x = malloc(sizeof *x);
    if (!x)
        return cnsim__fail(CNSIM_E_NOMEM, "taper: out of memory");
    cnsim_status st = taper__init(x, reg, &q, plan);
    if (st == CNSIM_OK && plan->is_ssri)
        st = cnsim__fail(CNSIM_E_ARG, "--optimize: searches against the benzodiazepine withdrawal index; for %s expected "
                         "--method hyperbolic or proportional", o->drug);
    double thr = o->threshold;
    if (st == CNSIM_OK && isnan(thr)) {
        cnsim_pd_system_params sys;
        if ((st = cnsim_registry_pd_system(reg, &sys)) == CNSIM_OK)
            thr = sys.withdrawal_threshold;
    }
    if (st == CNSIM_OK && (!(thr > 0) || !(o->min_interval_days >= 1)))
        st = cnsim__fail(CNSIM_E_RANGE, "--optimize: threshold %g and --min-interval-days %g; expected both > 0 (interval >= 1 day)",
                         thr, o->min_interval_days);
    /* The products: those asked for, else the first of ODT, tablets and a
     * liquid that makes the starting dose. */
    if (st == CNSIM_OK) {
        static const cnsim_taper_formulation order[] = {CNSIM_TAPER_FORM_ODT, CNSIM_TAPER_FORM_TABLETS,
                                                        CNSIM_TAPER_FORM_LIQUID};
        double daily = o->from_dose_mg * o->n_per_day;
        st = CNSIM_E_ARG;
        for (size_t k = 0; k < 3 && st != CNSIM_OK; k++) {
            cnsim_taper_formulation f = o->formulation != CNSIM_TAPER_FORM_AUTO ? o->formulation : order[k];
            plan->n_products = 0;
            st = taper__fill_setup(x, 0, f);
            plan->formulation = f;
            if (st == CNSIM_OK && fabs(taper__round_daily(x, 0, daily, o->n_per_day, NULL) - daily) > 1e-6 * daily)
                st = cnsim__fail(CNSIM_E_RANGE, "--from: %g mg/day of %s cannot be made of its %s products", daily, o->drug,
                                 cnsim_taper_formulation_name(f));
            if (o->formulation != CNSIM_TAPER_FORM_AUTO)
                break;
        }
    }
    if (st != CNSIM_OK) {
        free(x);
        return st;
    }
    chain ch;
    if ((st = chain_create(reg, plan, &ch)) != CNSIM_OK) {
        free(x);
        return st;
    }
    double cur = o->from_dose_mg * o->n_per_day, day = 0;
    int holds = 0, forced = 0;
    q.follow_days = 28;
    while (cur > 0 && st == CNSIM_OK) {
        double tried = -1, chosen = -1, r;
        for (size_t k = 0; k < sizeof cuts / sizeof *cuts && chosen < 0 && st == CNSIM_OK; k++) {
            double v = taper__round_daily(x, 0, cur * (1 - cuts[k]), o->n_per_day, &r);
            if (v >= cur - 1e-9)
                v = taper__round_daily(x, 0, cur - r, o->n_per_day, &r);
            if (fabs(v - tried) < 1e-12)
                continue;
            tried = v;
            if ((st = taper__add(x, day, 0, v, o->n_per_day)) != CNSIM_OK)
                break;
            /* Hold the candidate dose through the evaluation window: the
             * events stop at duration_days, and stopping at `day` would
             * judge every candidate as an abrupt stop. */
            plan->duration_days = day + q.follow_days;
            if ((st = run(&ch, &q, plan, day + q.follow_days)) != CNSIM_OK)
                break;
            if (plan->peak_withdrawal_index < thr)
                chosen = v;
            else
                plan->n_steps--;
        }
        if (st != CNSIM_OK)
            break;
        if (chosen < 0 && holds < 4) {
            holds++;
            day += o->min_interval_days;
            continue;
        }
        if (chosen < 0) {
            taper__round_daily(x, 0, cur, o->n_per_day, &r);
            chosen = fmax(0, taper__round_daily(x, 0, cur - r, o->n_per_day, NULL));
            forced++;
            if ((st = taper__add(x, day, 0, chosen, o->n_per_day)) != CNSIM_OK)
                break;
        }
        holds = 0;
        cur = chosen;
        if (cur > 0)
            day += o->min_interval_days;
        if (day > 3650)
            st = cnsim__fail(CNSIM_E_RANGE, "--optimize: no schedule under threshold %g within 10 years", thr);
    }
    chain_free(&ch);
    if (st == CNSIM_OK)
        st = taper__finish(x);
    free(x);
    if (st != CNSIM_OK)
        return st;
    if (forced)
        taper__warn(plan, "threshold_not_reachable", "asam2025",
                    "%d step(s) could not keep the withdrawal index below %g even after holding the dose; "
                    "the smallest product step was taken", forced, thr);
    return cnsim_taper_simulate(reg, o, plan);
}
