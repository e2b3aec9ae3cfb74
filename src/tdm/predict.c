/* What a fit says about the subject's future (include/cnsim/tdm.h):
 * concentrations over time with their 90% band over the posterior
 * draws, and the steady state of candidate regimens against a target
 * range (trough or receptor occupancy), the recommended one being the
 * most likely to be in range. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnsim/tdm.h"
#include "cnsim/pd.h"
#include "core_impl.h"
#include "tdm_impl.h"

void cnsim_tdm_band_free(cnsim_tdm_band *b)
{
    if (!b)
        return;
    free(b->t_h), free(b->pred), free(b->ipred), free(b->lo), free(b->hi);
    memset(b, 0, sizeof *b);
}

/* Concentrations (n_t x n_out) of the subject at eta. */
static cnsim_status conc_at(const cnsim_tdm_prior *pr, cnsim_pk_run *run, const double *eta, const cnsim_event *ev,
                            size_t n_ev, const double *t, size_t n_t, double *c)
{
    cnsim_pk_params p;
    cnsim_status st = cnsim_tdm_individual(pr, eta, &p);
    if (st == CNSIM_OK)
        st = cnsim_pk_run_set_params(run, 0, &p);
    if (st == CNSIM_OK)
        st = cnsim_pk_run_simulate(run, ev, n_ev, t, n_t, c, NULL);
    return st;
}

static cnsim_status check_draws(const cnsim_tdm_prior *pr, const cnsim_tdm_fit *fit, const cnsim_tdm_draws *d)
{
    if (!fit || fit->n_eta != pr->n_eta)
        return cnsim__fail(CNSIM_E_ARG, "tdm: the fit is not of this prior");
    if (!d || d->n_eta != pr->n_eta || d->n == 0 || !d->eta || !d->w)
        return cnsim__fail(CNSIM_E_ARG, "tdm: no posterior draws of this prior (cnsim_tdm_draw)");
    return CNSIM_OK;
}

cnsim_status cnsim_tdm_predict(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                               const cnsim_tdm_fit *fit, const cnsim_tdm_draws *d, const double *t_h, size_t n_t,
                               cnsim_tdm_band *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    cnsim_status st = check_draws(pr, fit, d);
    if (st != CNSIM_OK)
        return st;
    if (n_t == 0 || !t_h)
        return cnsim__fail(CNSIM_E_ARG, "tdm: no prediction times");
    for (size_t i = 0; i < n_t; i++)
        if (!isfinite(t_h[i]) || t_h[i] < 0 || (i && t_h[i] < t_h[i - 1]))
            return cnsim__fail(CNSIM_E_ARG, "tdm: prediction time %zu is %g h; expected sorted times >= 0", i + 1, t_h[i]);
    cnsim_pk_run *run = NULL;
    if ((st = cnsim_pk_run_create(&pr->pk, 1, NULL, &run)) != CNSIM_OK)
        return st;
    size_t n_out = cnsim_pk_run_n_outputs(run), m = n_t * n_out;
    out->n_t = n_t, out->n_out = n_out;
    out->t_h = malloc(n_t * sizeof *out->t_h);
    out->pred = malloc(m * sizeof *out->pred), out->ipred = malloc(m * sizeof *out->ipred);
    out->lo = malloc(m * sizeof *out->lo), out->hi = malloc(m * sizeof *out->hi);
    double *all = malloc(d->n * m * sizeof *all), *v = malloc(d->n * sizeof *v), *w = malloc(d->n * sizeof *w);
    if (!out->t_h || !out->pred || !out->ipred || !out->lo || !out->hi || !all || !v || !w)
        st = cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory for %zu draws x %zu times", d->n, n_t);
    if (st == CNSIM_OK) {
        memcpy(out->t_h, t_h, n_t * sizeof *t_h);
        double zero[CNSIM_TDM_MAX_ETA] = {0};
        st = conc_at(pr, run, zero, ev, n_ev, t_h, n_t, out->pred);
        if (st == CNSIM_OK)
            st = conc_at(pr, run, fit->eta, ev, n_ev, t_h, n_t, out->ipred);
    }
    for (size_t i = 0; st == CNSIM_OK && i < d->n; i++)
        st = conc_at(pr, run, d->eta + i * (size_t)d->n_eta, ev, n_ev, t_h, n_t, all + i * m);
    for (size_t k = 0; st == CNSIM_OK && k < m; k++) {
        for (size_t i = 0; i < d->n; i++)
            v[i] = all[i * m + k], w[i] = d->w[i];
        out->lo[k] = tdm_wquantile(v, w, d->n, 0.05);
        out->hi[k] = tdm_wquantile(v, w, d->n, 0.95);
    }
    free(all), free(v), free(w);
    cnsim_pk_run_free(run);
    if (st != CNSIM_OK)
        cnsim_tdm_band_free(out);
    return st;
}

cnsim_status cnsim_tdm_target_outputs(const cnsim_tdm_target *t, const cnsim_tdm_prior *pr, double *wt, size_t n_out)
{
    cnsim_pk_run *run = NULL;
    cnsim_status st = cnsim_pk_run_create(&pr->pk, 1, NULL, &run);
    if (st != CNSIM_OK)
        return st;
    size_t n = cnsim_pk_run_n_outputs(run);
    for (size_t k = 0; k < n_out; k++)
        wt[k] = 0;
    if (t->kind == CNSIM_TDM_TARGET_OCCUPANCY || !t->species[0]) {
        /* occupancy counts every output through its PD; a trough the parent */
        for (size_t k = 0; k < n_out && k < n; k++)
            wt[k] = t->kind == CNSIM_TDM_TARGET_OCCUPANCY || k == 0;
        cnsim_pk_run_free(run);
        return CNSIM_OK;
    }
    char names[CNSIM_TDM_SPECIES_MAX];
    cnsim__strlcpy(names, t->species, sizeof names);
    for (char *save = NULL, *s = strtok_r(names, "+", &save); s; s = strtok_r(NULL, "+", &save)) {
        size_t k = 0;
        while (k < n && strcasecmp(s, cnsim_pk_run_output_name(run, k)))
            k++;
        if (k == n || k >= n_out) {
            char have[256] = "";
            for (size_t i = 0; i < n; i++)
                snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s", i ? ", " : "",
                         cnsim_pk_run_output_name(run, i));
            cnsim_pk_run_free(run);
            return cnsim__fail(CNSIM_E_ARG, "--target: species '%s' is not an output of %s; expected one of %s", s,
                               pr->pk.name, have);
        }
        wt[k] = 1;
    }
    cnsim_pk_run_free(run);
    return CNSIM_OK;
}

/* The steady-state dosing day of r: SS = 1 for the first administration
 * (a reset), SS = 2 for the others, every 24 h. */
static cnsim_status ss_events(const cnsim_tdm_regimen *r, cnsim_event_list *out)
{
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    int d;
    cnsim_status st = cnsim_event_list_drug(&raw, "tdm", &d);
    for (int a = 0; st == CNSIM_OK && a < r->n_per_day; a++) {
        if (!(r->admin_mg[a] > 0))
            continue;
        cnsim_event e = cnsim_event_default();
        e.id = 1, e.drug = d, e.amt_mg = r->admin_mg[a], e.time_h = r->clock_h[a] - r->clock_h[0];
        e.ii_h = 24, e.ss = raw.n == 0 ? 1 : 2;
        st = cnsim_event_list_push(&raw, &e);
    }
    if (st == CNSIM_OK && raw.n == 0)
        st = cnsim__fail(CNSIM_E_ARG, "tdm: regimen '%s' has no dose", r->text);
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, out);
    cnsim_event_list_free(&raw);
    return st;
}

static cnsim_status check_regimen(const cnsim_tdm_regimen *r)
{
    if (r->n_per_day < 1 || r->n_per_day > CNSIM_TDM_MAX_ADMIN)
        return cnsim__fail(CNSIM_E_ARG, "tdm: regimen '%s': %d administrations a day; expected 1 to %d", r->text,
                           r->n_per_day, CNSIM_TDM_MAX_ADMIN);
    for (int a = 0; a < r->n_per_day; a++)
        if (!(r->admin_mg[a] >= 0 && isfinite(r->admin_mg[a])) || !(r->clock_h[a] >= 0 && r->clock_h[a] < 24) ||
            (a && r->clock_h[a] <= r->clock_h[a - 1]))
            return cnsim__fail(CNSIM_E_ARG, "tdm: regimen '%s': administration %d of %g mg at %g h; expected doses >= 0 "
                               "at ascending clock hours within one day", r->text, a + 1, r->admin_mg[a], r->clock_h[a]);
    return CNSIM_OK;
}

/* The target quantity from the trough concentrations c (n_out). */
static double target_value(const cnsim_tdm_target *t, const cnsim_pd_drug_params *pd, const double *wt,
                           const double *c, size_t n_out)
{
    if (t->kind == CNSIM_TDM_TARGET_TROUGH) {
        double s = 0;
        for (size_t k = 0; k < n_out; k++)
            s += wt[k] * c[k];
        return s;
    }
    if (pd[0].target == CNSIM_PD_TARGET_SERT)
        return cnsim_pd_sert_occupancy(pd, n_out, c);
    double occ[16], s = 0;
    cnsim_pd_bzd_occupancy(pd, n_out, c, occ);
    for (size_t k = 0; k < n_out; k++)
        s += occ[k];
    return s;
}

/* full = 0: only at the mode and for the typical subject (a screen). */
static cnsim_status eval_regimen(const cnsim_tdm_prior *pr, const cnsim_tdm_fit *fit, const cnsim_tdm_draws *d,
                                 const cnsim_tdm_target *t, const cnsim_pd_drug_params *pd,
                                 const cnsim_tdm_regimen *r, cnsim_tdm_outcome *out, int full)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    cnsim_status st = check_draws(pr, fit, d);
    if (st == CNSIM_OK)
        st = check_regimen(r);
    if (st != CNSIM_OK)
        return st;
    if (!t || !(t->lo < t->hi))
        return cnsim__fail(CNSIM_E_ARG, "tdm: no target range");
    /* the steady state to 1e-7 (a nonlinear drug's is iterated interval
     * by interval; the default 1e-10 is for the concentration-time
     * reference, far below what a probability in range needs) */
    cnsim_solver_opts so = cnsim_solver_opts_default();
    so.ss_rtol = 1e-7, so.rtol = 1e-6;
    cnsim_pk_run *run = NULL;
    if ((st = cnsim_pk_run_create(&pr->pk, 1, &so, &run)) != CNSIM_OK)
        return st;
    size_t n_out = cnsim_pk_run_n_outputs(run);
    if (t->kind == CNSIM_TDM_TARGET_OCCUPANCY) {
        int ok = pd != NULL && n_out <= 16;
        for (size_t k = 0; ok && k < n_out; k++)
            ok = pd[k].target == CNSIM_PD_TARGET_NONE || pd[k].target == pd[0].target;
        if (!ok || pd[0].target == CNSIM_PD_TARGET_NONE) {
            cnsim_pk_run_free(run);
            return cnsim__fail(CNSIM_E_ARG, "--target: an occupancy target needs the receptor affinity of %s (a registry "
                               "drug acting on the benzodiazepine site or SERT); expected a trough target otherwise",
                               pr->pk.name);
        }
    }
    double wt[16];
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    double *v = malloc(d->n * sizeof *v), *w = malloc(d->n * sizeof *w), c[16];
    if (!v || !w)
        st = cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    if (st == CNSIM_OK && n_out > 16)
        st = cnsim__fail(CNSIM_E_ARG, "tdm: %zu outputs; at most 16", n_out);
    if (st == CNSIM_OK)
        st = cnsim_tdm_target_outputs(t, pr, wt, n_out);
    if (st == CNSIM_OK)
        st = ss_events(r, &ev);
    double t_trough = 24;   /* the next first administration */
    double zero[CNSIM_TDM_MAX_ETA] = {0};
    if (st == CNSIM_OK && (st = conc_at(pr, run, zero, ev.ev, ev.n, &t_trough, 1, c)) == CNSIM_OK)
        out->typical = target_value(t, pd, wt, c, n_out);
    if (st == CNSIM_OK && (st = conc_at(pr, run, fit->eta, ev.ev, ev.n, &t_trough, 1, c)) == CNSIM_OK)
        out->at_mode = target_value(t, pd, wt, c, n_out);
    double in = 0, tot = 0;
    out->probability_in_target = out->median = out->lo = out->hi = NAN;
    for (size_t i = 0; st == CNSIM_OK && full && i < d->n; i++) {
        st = conc_at(pr, run, d->eta + i * (size_t)d->n_eta, ev.ev, ev.n, &t_trough, 1, c);
        v[i] = st == CNSIM_OK ? target_value(t, pd, wt, c, n_out) : NAN;
        w[i] = d->w[i];
        tot += w[i];
        if (v[i] >= t->lo && v[i] <= t->hi)
            in += w[i];
    }
    out->evaluated = full && st == CNSIM_OK;
    if (st == CNSIM_OK && full) {
        out->probability_in_target = tot > 0 ? in / tot : 0;
        out->lo = tdm_wquantile(v, w, d->n, 0.05);
        out->median = tdm_wquantile(v, w, d->n, 0.5);
        out->hi = tdm_wquantile(v, w, d->n, 0.95);
    }
    free(v), free(w);
    cnsim_event_list_free(&ev);
    cnsim_pk_run_free(run);
    return st;
}

cnsim_status cnsim_tdm_evaluate(const cnsim_tdm_prior *pr, const cnsim_tdm_fit *fit, const cnsim_tdm_draws *d,
                                const cnsim_tdm_target *t, const cnsim_pd_drug_params *pd,
                                const cnsim_tdm_regimen *r, cnsim_tdm_outcome *out)
{
    return eval_regimen(pr, fit, d, t, pd, r, out, 1);
}

static int same_doses(const cnsim_tdm_regimen *a, const cnsim_tdm_regimen *b)
{
    int same = a->n_per_day == b->n_per_day;
    for (int k = 0; same && k < a->n_per_day; k++)
        same = fabs(a->admin_mg[k] - b->admin_mg[k]) <= 1e-9 * fmax(1, b->admin_mg[k]);
    return same;
}

static int regimen_equal(const cnsim_tdm_regimen *r)
{
    for (int a = 1; a < r->n_per_day; a++)
        if (fabs(r->admin_mg[a] - r->admin_mg[0]) > 1e-9 * fmax(1, r->admin_mg[0]))
            return 0;
    return 1;
}

cnsim_status cnsim_tdm_recommend(const cnsim_tdm_prior *pr, const cnsim_tdm_fit *fit, const cnsim_tdm_draws *d,
                                 const cnsim_tdm_target *t, const cnsim_pd_drug_params *pd,
                                 const cnsim_tdm_regimen *cand, size_t n_cand, const cnsim_tdm_regimen *keep,
                                 size_t *best, cnsim_tdm_outcome *outcome, const cnsim_progress *progress)
{
    cnsim__clear_error();
    *best = 0;
    if (n_cand == 0 || !cand)
        return cnsim__fail(CNSIM_E_ARG, "tdm: no candidate regimen to recommend from");
    cnsim_tdm_outcome *o = outcome ? outcome : malloc(n_cand * sizeof *o);
    if (!o)
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    cnsim_status st = CNSIM_OK;
    double pmax = -1, centre0 = log(t->lo > 0 ? sqrt(t->lo * t->hi) : (t->lo + t->hi) / 2);
    /* A screen at the mode, then the posterior over the draws for the
     * TDM_FULL candidates nearest the target there (and the regimen
     * taken): far from the range the probability is nil, and a nonlinear
     * drug's steady state costs milliseconds per draw. */
    enum { TDM_FULL = 8 };
    /* progress in draw-sized units: a screen costs 2, a full evaluation n + 2 */
    double total = 2.0 * (double)n_cand + (TDM_FULL + 1.0) * (double)d->n, done = 0;
#define TDM_PROGRESS(x)                                          \
    do {                                                         \
        done += (x);                                             \
        if (progress && progress->fn)                            \
            progress->fn(progress->ctx, fmin(done, total), total); \
    } while (0)
    for (size_t i = 0; i < n_cand && st == CNSIM_OK; i++) {
        st = eval_regimen(pr, fit, d, t, pd, &cand[i], &o[i], 0);
        TDM_PROGRESS(2);
    }
    for (int pass = 0; pass < TDM_FULL && st == CNSIM_OK; pass++) {
        size_t pick = n_cand;
        double bd = INFINITY;
        for (size_t i = 0; i < n_cand; i++) {
            double dist = o[i].at_mode > 0 ? fabs(log(o[i].at_mode) - centre0) : INFINITY;
            if (!o[i].evaluated && (pick == n_cand || dist < bd))
                bd = dist, pick = i;
        }
        if (pick == n_cand)
            break;
        st = eval_regimen(pr, fit, d, t, pd, &cand[pick], &o[pick], 1);
        TDM_PROGRESS((double)d->n);
    }
    for (size_t i = 0; keep && i < n_cand && st == CNSIM_OK; i++)
        if (!o[i].evaluated && same_doses(&cand[i], keep))
            st = eval_regimen(pr, fit, d, t, pd, &cand[i], &o[i], 1);
    TDM_PROGRESS(total);
#undef TDM_PROGRESS
    for (size_t i = 0; i < n_cand && st == CNSIM_OK; i++)
        if (o[i].evaluated)
            pmax = fmax(pmax, o[i].probability_in_target);
    if (st == CNSIM_OK) {
        /* equal administrations when one of them is among the most likely */
        int equal_ok = 0;
        for (size_t i = 0; i < n_cand; i++)
            if (o[i].evaluated && o[i].probability_in_target >= pmax - 0.02 && regimen_equal(&cand[i]))
                equal_ok = 1;
        double centre = log(t->lo > 0 ? sqrt(t->lo * t->hi) : (t->lo + t->hi) / 2), bd = INFINITY;
        *best = n_cand;
        for (size_t i = 0; i < n_cand; i++) {
            if (!o[i].evaluated || o[i].probability_in_target < pmax - 0.02 || (equal_ok && !regimen_equal(&cand[i])))
                continue;
            if (*best == n_cand)
                *best = i;
            double dist = o[i].median > 0 ? fabs(log(o[i].median) - centre) : INFINITY;
            if (dist < bd - 1e-9 || (fabs(dist - bd) <= 1e-9 && cand[i].daily_mg < cand[*best].daily_mg))
                bd = dist, *best = i;
        }
        /* no change when the regimen taken is among the most likely */
        for (size_t i = 0; keep && i < n_cand; i++)
            if (o[i].evaluated && same_doses(&cand[i], keep) && o[i].probability_in_target >= pmax - 0.02)
                *best = i;
    }
    if (!outcome)
        free(o);
    return st;
}

cnsim_status cnsim_tdm_subject_data(const cnsim_event_list *l, int id, int block, cnsim_event_list *doses,
                                    cnsim_tdm_level **levels, size_t *n_levels)
{
    cnsim__clear_error();
    *levels = NULL, *n_levels = 0;
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    cnsim_status st = CNSIM_OK;
    size_t n_obs = 0;
    for (size_t i = 0; i < l->n; i++)
        n_obs += l->ev[i].id == id && l->ev[i].block == block && l->ev[i].evid == CNSIM_EVID_OBS;
    cnsim_tdm_level *lv = calloc(n_obs ? n_obs : 1, sizeof *lv);
    if (!lv)
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    size_t k = 0;
    for (size_t d = 0; d < l->n_drugs && st == CNSIM_OK; d++) {
        int idx;
        st = cnsim_event_list_drug(&raw, l->drugs[d], &idx);
    }
    for (size_t i = 0; i < l->n && st == CNSIM_OK; i++) {
        const cnsim_event *e = &l->ev[i];
        if (e->id != id || e->block != block)
            continue;
        if (e->evid != CNSIM_EVID_OBS) {
            st = cnsim_event_list_push(&raw, e);
            continue;
        }
        if (e->mdv && !e->blq)
            continue;
        if (!e->blq && !(e->dv >= 0 && isfinite(e->dv))) {
            st = cnsim__fail(CNSIM_E_RANGE, "line %ld: DV %g of an observation of ID %d; expected a concentration >= 0 "
                             "ng/mL (or MDV 1)", e->line, e->dv, id);
            break;
        }
        lv[k++] = (cnsim_tdm_level){.time_h = e->time_h, .value_ng_mL = e->blq ? 0 : e->dv,
                                    .output = e->cmt == CNSIM_CMT_METAB ? 1 : 0, .blq = e->blq,
                                    .lloq_ng_mL = e->blq ? e->lloq : 0};
    }
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, doses);
    cnsim_event_list_free(&raw);
    if (st != CNSIM_OK) {
        free(lv);
        return st;
    }
    *levels = lv, *n_levels = k;
    return CNSIM_OK;
}

cnsim_status cnsim_tdm_current_regimen(const cnsim_event *ev, size_t n_ev, cnsim_tdm_regimen *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    double last = -INFINITY;
    for (size_t i = 0; i < n_ev; i++)
        if (ev[i].evid == CNSIM_EVID_DOSE || ev[i].evid == CNSIM_EVID_RESET_DOSE)
            last = fmax(last, ev[i].time_h);
    if (!isfinite(last))
        return cnsim__fail(CNSIM_E_ARG, "tdm: no dose in the history; expected the doses taken before the levels");
    /* the doses of the last 24 h of dosing, by clock hour */
    for (size_t i = 0; i < n_ev; i++) {
        const cnsim_event *e = &ev[i];
        if ((e->evid != CNSIM_EVID_DOSE && e->evid != CNSIM_EVID_RESET_DOSE) || e->time_h <= last - 24 + 1e-9)
            continue;
        double h = fmod(e->time_h, 24);
        int a = 0;
        while (a < out->n_per_day && fabs(out->clock_h[a] - h) > 1e-6)
            a++;
        if (a == out->n_per_day) {
            if (a == CNSIM_TDM_MAX_ADMIN)
                return cnsim__fail(CNSIM_E_ARG, "tdm: more than %d doses in the last day of the history; expected a "
                                   "regimen of 1 to %d administrations a day to recommend from", CNSIM_TDM_MAX_ADMIN,
                                   CNSIM_TDM_MAX_ADMIN);
            out->clock_h[a] = h, out->n_per_day++;
        }
        out->admin_mg[a] += e->amt_mg;
    }
    /* ascending clock hours, the first administration of the day first */
    for (int i = 1; i < out->n_per_day; i++)
        for (int j = i; j > 0 && out->clock_h[j] < out->clock_h[j - 1]; j--) {
            double t = out->clock_h[j];
            out->clock_h[j] = out->clock_h[j - 1], out->clock_h[j - 1] = t;
            t = out->admin_mg[j];
            out->admin_mg[j] = out->admin_mg[j - 1], out->admin_mg[j - 1] = t;
        }
    for (int a = 0; a < out->n_per_day; a++)
        out->daily_mg += out->admin_mg[a];
    static const char *const words[] = {"", "qd", "bid", "tid", "qid"};
    int equal = 1;
    for (int a = 1; a < out->n_per_day; a++)
        equal = equal && fabs(out->admin_mg[a] - out->admin_mg[0]) < 1e-9;
    if (equal)
        snprintf(out->text, sizeof out->text, "%g mg %s", out->admin_mg[0], words[out->n_per_day]);
    else {
        size_t w = 0;
        for (int a = 0; a < out->n_per_day && w < sizeof out->text; a++)
            w += (size_t)snprintf(out->text + w, sizeof out->text - w, "%s%g mg at %02d:%02d", a ? " + " : "",
                                  out->admin_mg[a], (int)out->clock_h[a], (int)lround(fmod(out->clock_h[a], 1) * 60) % 60);
    }
    return CNSIM_OK;
}
