/* The run: one subject through the whole chain, once per simulate call
 * (include/cnsim/model.h).
 *
 * One pass of the pharmacokinetics records every time the rest of the
 * chain needs: the fine grid on which the effect sites drive the slow
 * pharmacodynamic states (every opts.pd.step_h hours up to the last output
 * time), the output times, the instants just before each dose, and the
 * times the PK summary asks for (first and last dosing interval, troughs,
 * washout; beyond the outputs only PK goes on). The pharmacodynamics then
 * integrates over the fine samples, the summary reads its samples, and the
 * outputs are picked from the same trajectory, so nothing is simulated
 * twice. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model_impl.h"
#include "core_impl.h"

/* Output rows refused beyond this: a mistyped --every would otherwise fill
 * the disk before anyone notices. */
#define MAX_ROWS 20000000.0
/* Samples of one pass (grid, outputs, summary): about 10 years on the
 * default 0.05 h grid, about 400 MB of concentrations for two drugs. */
#define MAX_SAMPLES 2.0e6

/* A time the pass must record, and who asked for it. */
typedef enum { REQ_OUTPUT, REQ_PLAN, REQ_DOSE } req_kind;
typedef struct request {
    double t;
    unsigned char before;
    req_kind kind;
    size_t a, b;              /* output index; plan species and point */
} request;

struct cnsim_run {
    const cnsim_model *m;
    /* inputs */
    char *regimen[MODEL_MAX_DRUGS];
    cnsim_event_list given;
    double until_h, every_h;
    double *t_user;
    size_t n_user;
    int has_user_times;
    cnsim_pk_params pk[MODEL_MAX_DRUGS];
    int pk_dirty;
    unsigned what;
    int prepared;

    /* prepared */
    cnsim_event_list ev;
    cnsim_horizon horizon;
    double *t;
    size_t n_t;
    double tau[MODEL_MAX_DRUGS];

    cnsim_pk_run *pk_run;

    /* one pass */
    request *req;
    size_t n_req, cap_req;
    size_t *req_sample;       /* per request: its sample */
    size_t cap_rs;
    size_t *bucket, *order;   /* sample building (grid buckets) */
    size_t cap_bucket, cap_order;
    double *wash_t, *wash_c;  /* one species' washout samples */
    size_t cap_wt, cap_wc;
    double *s_t;
    unsigned char *s_before;
    size_t n_s, cap_st, cap_sb;
    double *s_conc, *s_ce;    /* n_s x n_species */
    size_t cap_sc, cap_sce;
    cnsim_pd_drivers *drv;
    size_t *at;
    cnsim_pd_state *states;
    size_t cap_drv, cap_at, cap_states;
    cnsim_pk_summary_plan plan[MODEL_MAX_SPECIES];

    /* results */
    int has_pd, has_net, has_summary;
    double *conc, *ce;        /* n_t x n_species */
    cnsim_pd_state *pd;
    size_t cap_conc, cap_ce, cap_pdo;
    size_t n_cols;
    char (*col_name)[CNSIM_NAME_MAX + 24];
    double *table;            /* n_cols x n_t */
    size_t cap_table;
    cnsim_run_metrics metrics;
    cnsim_pk_summary summary[MODEL_MAX_SPECIES];
    cnsim_finding *findings;
    size_t n_findings, cap_findings;
    cnsim_run_stats stats;
};

/* The pharmacodynamic columns: names are a contract (issue 3). */
static const struct { const char *name; size_t off; } pd_cols[] = {
    {"gabaa_bzd_occupancy_frac", offsetof(cnsim_pd_state, bzd_occupancy)},
    {"gabaa_modulation_factor", offsetof(cnsim_pd_state, modulation_factor)},
    {"anxiolysis_index", offsetof(cnsim_pd_state, anxiolysis)},
    {"sedation_index", offsetof(cnsim_pd_state, sedation)},
    {"anticonvulsant_index", offsetof(cnsim_pd_state, anticonvulsant)},
    {"gabaa_adaptation_frac", offsetof(cnsim_pd_state, adaptation)},
    {"sert_occupancy_frac", offsetof(cnsim_pd_state, sert_occupancy)},
    {"serotonin_tone_index", offsetof(cnsim_pd_state, serotonin_tone)},
    {"autoreceptor_sensitivity_frac", offsetof(cnsim_pd_state, autoreceptor_sensitivity)},
    {"antidepressant_index", offsetof(cnsim_pd_state, antidepressant)},
    {"withdrawal_index", offsetof(cnsim_pd_state, withdrawal)},
    {"gabaa_effective_modulation", offsetof(cnsim_pd_state, effective_modulation)},
    {"tol_sedation_frac", offsetof(cnsim_pd_state, tol_sed)},
    {"tol_anxiolysis_frac", offsetof(cnsim_pd_state, tol_anx)},
    {"tol_anticonvulsant_frac", offsetof(cnsim_pd_state, tol_conv)},
    {"raphe_firing_index", offsetof(cnsim_pd_state, firing)},
};
#define N_PD_COLS (sizeof pd_cols / sizeof pd_cols[0])

static cnsim_status oom(const char *what) { return cnsim__fail(CNSIM_E_NOMEM, "run: out of memory for %s", what); }

/* Grows *p to hold n elements of size sz (capacity in *cap). */
static int grow(void *pp, size_t *cap, size_t n, size_t sz)
{
    void **p = pp;
    if (n <= *cap && *p)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < n)
        c *= 2;
    void *q = realloc(*p, c * sz);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static void invalidate(cnsim_run *r) { r->prepared = 0; }

void cnsim_run_free(cnsim_run *r)
{
    if (!r)
        return;
    for (size_t d = 0; d < MODEL_MAX_DRUGS; d++)
        free(r->regimen[d]);
    cnsim_event_list_free(&r->given);
    cnsim_event_list_free(&r->ev);
    free(r->t_user), free(r->t);
    cnsim_pk_run_free(r->pk_run);
    free(r->req), free(r->req_sample), free(r->s_t), free(r->s_before), free(r->s_conc), free(r->s_ce);
    free(r->bucket), free(r->order), free(r->wash_t), free(r->wash_c);
    free(r->drv), free(r->at), free(r->states);
    for (size_t k = 0; k < MODEL_MAX_SPECIES; k++)
        cnsim_pk_summary_plan_free(&r->plan[k]);
    free(r->conc), free(r->ce), free(r->pd), free(r->col_name), free(r->table), free(r->findings);
    free(r);
}

cnsim_status cnsim_run_create(const cnsim_model *m, cnsim_run **out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_run_create: out is NULL");
    *out = NULL;
    if (!m)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_run_create: model is NULL");
    cnsim_run *r = calloc(1, sizeof *r);
    if (!r)
        return oom("a run");
    r->m = m;
    r->until_h = r->every_h = NAN;
    r->what = CNSIM_RUN_ALL;
    cnsim_event_list_init(&r->given);
    cnsim_event_list_init(&r->ev);
    memcpy(r->pk, m->pk, m->n_drugs * sizeof *r->pk);
    cnsim_status st = cnsim_pk_run_create(m->pk, m->n_drugs, &m->opts.pk, &r->pk_run);
    if (st == CNSIM_OK) {
        double ke0[MODEL_MAX_SPECIES];
        for (size_t k = 0; k < m->n_species; k++)
            ke0[k] = m->pd[k].target != CNSIM_PD_TARGET_NONE ? m->pd[k].ke0_per_h : 0;
        st = cnsim_pk_run_set_effect_sites(r->pk_run, ke0);
    }
    if (st != CNSIM_OK) {
        cnsim_run_free(r);
        return st;
    }
    *out = r;
    return CNSIM_OK;
}

const cnsim_model *cnsim_run_model(const cnsim_run *r) { return r->m; }

cnsim_status cnsim_run_set_regimen(cnsim_run *r, size_t d, const char *text)
{
    cnsim__clear_error();
    if (d >= r->m->n_drugs)
        return cnsim__fail(CNSIM_E_ARG, "run: drug %zu; the model has %zu", d, r->m->n_drugs);
    char *copy = NULL;
    if (text && !(copy = cnsim__strdup(text)))
        return oom("a regimen");
    if (copy) {
        /* Read it now, so a malformed regimen is reported where it is set. */
        cnsim_regimen_info info;
        cnsim_status st = cnsim_regimen_describe(copy, &info);
        if (st != CNSIM_OK) {
            free(copy);
            return st;
        }
    }
    free(r->regimen[d]);
    r->regimen[d] = copy;
    invalidate(r);
    return CNSIM_OK;
}

cnsim_status cnsim_run_set_events(cnsim_run *r, const cnsim_event_list *ev, int id)
{
    cnsim__clear_error();
    cnsim_event_list_free(&r->given);
    invalidate(r);
    if (!ev)
        return CNSIM_OK;
    cnsim_status st = CNSIM_OK;
    for (size_t i = 0; i < ev->n && st == CNSIM_OK; i++) {
        cnsim_event e = ev->ev[i];
        if (e.id != id)
            continue;
        if (e.drug >= 0) {
            if ((size_t)e.drug >= ev->n_drugs)
                return cnsim__fail(CNSIM_E_ARG, "event record %ld: drug index %d; expected 0..%zu", e.line, e.drug,
                                   ev->n_drugs - 1);
            long d = cnsim_model_drug_index(r->m, ev->drugs[e.drug]);
            if (d < 0) {
                st = cnsim__fail(CNSIM_E_ARG, "event record %ld: drug '%s' is not in the model; expected one of its %zu drugs",
                                 e.line, ev->drugs[e.drug], r->m->n_drugs);
                break;
            }
            e.drug = (int)d;
        }
        st = cnsim_event_list_push(&r->given, &e);
    }
    if (st != CNSIM_OK)
        cnsim_event_list_free(&r->given);
    return st;
}

cnsim_status cnsim_run_set_grid(cnsim_run *r, double until_h, double every_h)
{
    cnsim__clear_error();
    if (!isnan(until_h) && !(until_h > 0 && isfinite(until_h)))
        return cnsim__fail(CNSIM_E_RANGE, "--until: %g h; expected a duration > 0", until_h);
    if (!isnan(every_h) && !(every_h > 0 && isfinite(every_h)))
        return cnsim__fail(CNSIM_E_RANGE, "--every: %g h; expected a duration > 0", every_h);
    r->until_h = until_h;
    r->every_h = every_h;
    r->has_user_times = 0;
    invalidate(r);
    return CNSIM_OK;
}

cnsim_status cnsim_run_set_times(cnsim_run *r, const double *t_h, size_t n)
{
    cnsim__clear_error();
    if (n == 0)
        return cnsim__fail(CNSIM_E_ARG, "run: no output times");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t_h[i]) || t_h[i] < 0 || (i > 0 && t_h[i] < t_h[i - 1]))
            return cnsim__fail(CNSIM_E_ARG, "run: output time %zu (%g h); expected finite, >= 0 and non-decreasing", i,
                               t_h[i]);
    double *c = malloc(n * sizeof *c);
    if (!c)
        return oom("output times");
    memcpy(c, t_h, n * sizeof *c);
    free(r->t_user);
    r->t_user = c;
    r->n_user = n;
    r->has_user_times = 1;
    invalidate(r);
    return CNSIM_OK;
}

cnsim_status cnsim_run_set_pk_params(cnsim_run *r, size_t d, const cnsim_pk_params *p)
{
    cnsim__clear_error();
    if (d >= r->m->n_drugs)
        return cnsim__fail(CNSIM_E_ARG, "run: drug %zu; the model has %zu", d, r->m->n_drugs);
    const cnsim_pk_params *q = p ? p : &r->m->pk[d];
    cnsim_status st = cnsim_pk_run_set_params(r->pk_run, d, q);
    if (st == CNSIM_OK)
        r->pk[d] = *q;
    return st;
}

cnsim_status cnsim_run_set_outputs(cnsim_run *r, unsigned what)
{
    cnsim__clear_error();
    if (what & ~(unsigned)CNSIM_RUN_ALL)
        return cnsim__fail(CNSIM_E_ARG, "run: unknown outputs 0x%x", what);
    r->what = what;
    return CNSIM_OK;
}

/* ---- horizon and records ---------------------------------------------- */

static int is_dose(const cnsim_event *e) { return e->evid == CNSIM_EVID_DOSE || e->evid == CNSIM_EVID_RESET_DOSE; }

static void day_text(char *buf, size_t n, double h)
{
    if (h >= 72)
        snprintf(buf, n, "%.1f d", h / 24);
    else
        snprintf(buf, n, "%.3g h", h);
}

/* The automatic horizon (cnsim_run_set_grid with until NAN). */
static cnsim_status choose_horizon(cnsim_run *r, cnsim_horizon *h)
{
    const cnsim_model *m = r->m;
    double best = -1;
    int any = 0;
    char reason[400] = "";
    h->is_open_ended = 0;
    h->last_dose_h = NAN;
    for (size_t d = 0; d < m->n_drugs; d++) {
        const horizon_info *hi = &m->horizon[d];
        double last = -INFINITY, end;
        int open = 0;
        double open_start = NAN;
        if (r->regimen[d]) {
            cnsim_regimen_info info;
            cnsim_status st = cnsim_regimen_describe(r->regimen[d], &info);
            if (st != CNSIM_OK)
                return st;
            if (info.is_open_ended)
                open = 1, open_start = info.open_start_h;
            else
                last = info.last_dose_h;
        }
        for (size_t i = 0; i < r->given.n; i++) {
            const cnsim_event *e = &r->given.ev[i];
            if (e->drug != (int)d || !is_dose(e))
                continue;
            double t = e->time_h + (e->addl > 0 ? e->addl * e->ii_h : 0);
            if (e->rate_mg_per_h > 0)
                t += e->amt_mg / e->rate_mg_per_h;
            last = fmax(last, t);
        }
        char a[32], b[32], c[32];
        if (open) {
            end = open_start + 5 * hi->on_h;
            any = 1;
            if (end > best) {
                best = end;
                h->half_life_h = hi->on_h;
                h->is_open_ended = 1;
                day_text(a, sizeof a, open_start), day_text(b, sizeof b, hi->on_h), day_text(c, sizeof c, end);
                snprintf(reason, sizeof reason,
                         "the %s regimen repeats without 'for', so it runs to its steady state: its start (%s) + 5 x %s "
                         "(%s, the slowest process it drives) = %s; no stop is simulated",
                         m->drug[d], a, b, hi->on_what, c);
            }
        } else if (isfinite(last)) {
            end = last + 5 * hi->off_h;
            any = 1;
            if (end > best && !h->is_open_ended) {
                best = end;
                h->half_life_h = hi->off_h;
                h->last_dose_h = last;
                day_text(a, sizeof a, last), day_text(b, sizeof b, hi->off_h), day_text(c, sizeof c, end);
                snprintf(reason, sizeof reason,
                         "the last dose of %s (%s) + 5 x %s (%s, the slowest process to settle after it) = %s",
                         m->drug[d], a, b, hi->off_what, c);
            }
        }
    }
    if (!any)
        return cnsim__fail(CNSIM_E_ARG, "nothing to simulate: no dose records; expected a regimen (--drug NAME --regimen \"...\"), a scenario file or --events FILE");
    h->until_h = best > 0 ? best : 24;
    h->is_automatic = 1;
    cnsim__strlcpy(h->reason, reason, sizeof h->reason);
    return CNSIM_OK;
}

cnsim_status cnsim_run_prepare(cnsim_run *r)
{
    cnsim__clear_error();
    if (r->prepared)
        return CNSIM_OK;
    const cnsim_model *m = r->m;
    cnsim_status st = CNSIM_OK;
    cnsim_horizon *h = &r->horizon;
    memset(h, 0, sizeof *h);
    h->last_dose_h = h->half_life_h = NAN;
    double end = NAN;
    if (r->has_user_times) {
        end = r->t_user[r->n_user - 1];
        h->until_h = end;
        cnsim__strlcpy(h->reason, "the last output time asked for", sizeof h->reason);
    } else if (!isnan(r->until_h)) {
        end = h->until_h = r->until_h;
        cnsim__strlcpy(h->reason, "--until", sizeof h->reason);
    } else {
        if ((st = choose_horizon(r, h)) != CNSIM_OK)
            return st;
        end = h->until_h;
    }
    /* The records: regimens up to the horizon, then the given records;
     * drug indices are the model's. */
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    for (size_t d = 0; d < m->n_drugs && st == CNSIM_OK; d++) {
        int idx;
        st = cnsim_event_list_drug(&raw, m->drug[d], &idx);
    }
    for (size_t d = 0; d < m->n_drugs && st == CNSIM_OK; d++) {
        r->tau[d] = NAN;
        if (!r->regimen[d])
            continue;
        cnsim_regimen_info info;
        if ((st = cnsim_regimen_describe(r->regimen[d], &info)) == CNSIM_OK)
            st = cnsim_regimen_parse(r->regimen[d], r->given.n ? r->given.ev[0].id : 1, (int)d, end, &raw);
        r->tau[d] = info.tau_h;
    }
    for (size_t i = 0; i < r->given.n && st == CNSIM_OK; i++)
        st = cnsim_event_list_push(&raw, &r->given.ev[i]);
    int any_dose = 0;
    for (size_t i = 0; i < raw.n; i++)
        any_dose |= is_dose(&raw.ev[i]);
    if (st == CNSIM_OK && !any_dose)
        st = cnsim__fail(CNSIM_E_ARG, "nothing to simulate: no dose records; expected a regimen (--drug NAME --regimen \"...\"), a scenario file or --events FILE");
    cnsim_event_list_free(&r->ev);
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, &r->ev);
    cnsim_event_list_free(&raw);
    if (st != CNSIM_OK)
        return st;
    /* Output times. */
    if (r->has_user_times) {
        if (grow(&r->t, &r->n_t, r->n_user, sizeof *r->t))
            return oom("output times");
        memcpy(r->t, r->t_user, r->n_user * sizeof *r->t);
        r->n_t = r->n_user;
    } else {
        double every = isnan(r->every_h) ? 1.0 : r->every_h;
        double rows = floor(end / every + 1e-9) + 1;
        if (rows > MAX_ROWS)
            return cnsim__fail(CNSIM_E_RANGE, "--until %g h with --every %g h gives %.0f rows per subject; expected at most %.0f",
                               end, every, rows, MAX_ROWS);
        size_t cap = 0;
        free(r->t);
        r->t = NULL;
        if (grow(&r->t, &cap, (size_t)rows, sizeof *r->t))
            return oom("output times");
        r->n_t = (size_t)rows;
        for (size_t i = 0; i < r->n_t; i++)
            r->t[i] = (double)i * every;
    }
    r->prepared = 1;
    return CNSIM_OK;
}

const cnsim_event_list *cnsim_run_events(const cnsim_run *r) { return &r->ev; }

void cnsim_run_horizon(const cnsim_run *r, cnsim_horizon *out) { *out = r->horizon; }

/* ---- the pass --------------------------------------------------------- */

static int push_req(cnsim_run *r, double t, int before, req_kind kind, size_t a, size_t b)
{
    if (grow(&r->req, &r->cap_req, r->n_req + 1, sizeof *r->req))
        return -1;
    r->req[r->n_req++] = (request){t, (unsigned char)before, kind, a, b};
    return 0;
}

/* Washout samples per species for the summary's regression. */
#define N_WASH_RUN 2000

/* Loose requests (off the fine grid) in time order, a pre-dose sample
 * first at its time. */
typedef struct { double t; unsigned char before; size_t q; } loose_key;

static int cmp_loose(const void *pa, const void *pb)
{
    const loose_key *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->before != b->before)
        return a->before > b->before ? -1 : 1;
    return a->q < b->q ? -1 : (a->q > b->q);
}

/* Builds the samples of the pass: the fine grid up to t_pd (none when
 * t_pd is 0), the requests (snapped to the grid when within 1e-9 h of a
 * grid time, so that one time is one sample), and a coarse grid after
 * t_pd up to wash_end for the summary's washout (PK only, every dw hours,
 * a multiple of the step, so one propagator serves it). Requests on the
 * grid go into buckets; only the few off it are sorted. */
static cnsim_status build_samples(cnsim_run *r, double step, double t_pd, double wash_end, double dw)
{
    size_t n_grid = t_pd > 0 ? (size_t)floor(t_pd / step + 1e-9) + 1 : 0;
    size_t j0 = 0, j1 = 0;   /* coarse points j * dw, j0 <= j < j1 */
    if (wash_end > t_pd && dw > 0) {
        j0 = (size_t)floor(t_pd / dw + 1e-9) + 1;
        j1 = (size_t)ceil(wash_end / dw - 1e-9) + 1;
    }
    double cap_n = (double)n_grid + (double)r->n_req + (double)(j1 - j0);
    if (cap_n > MAX_SAMPLES)
        return cnsim__fail(CNSIM_E_RANGE, "run: %.0f samples (%g h on a %g h grid); expected at most %.0f: shorten the run or coarsen the PD step",
                           cap_n, t_pd, step, MAX_SAMPLES);
    size_t n_keys = 2 * n_grid;
    if (grow(&r->s_t, &r->cap_st, (size_t)cap_n, sizeof *r->s_t) || grow(&r->s_before, &r->cap_sb, (size_t)cap_n, 1) ||
        grow(&r->req_sample, &r->cap_rs, r->n_req + 1, sizeof *r->req_sample) ||
        grow(&r->bucket, &r->cap_bucket, n_keys + 1, sizeof *r->bucket) ||
        grow(&r->order, &r->cap_order, r->n_req + 1, sizeof *r->order))
        return oom("samples");
    /* Buckets: key 2g for a pre-dose request at grid time g, 2g + 1 for
     * the others; bucket[k + 1] counts key k, then (prefix sums) bucket[k]
     * is where key k starts. */
    memset(r->bucket, 0, (n_keys + 1) * sizeof *r->bucket);
    size_t n_loose = 0;
    for (size_t q = 0; q < r->n_req; q++) {
        request *rq = &r->req[q];
        double g = round(rq->t / step);
        if (n_grid && g < (double)n_grid && fabs(g * step - rq->t) <= 1e-9 * fmax(1, rq->t)) {
            rq->t = g * step;
            r->req_sample[q] = 2 * (size_t)g + !rq->before;   /* its key, for now */
            r->bucket[r->req_sample[q] + 1]++;
        } else {
            r->req_sample[q] = SIZE_MAX;
            n_loose++;
        }
    }
    for (size_t k = 1; k <= n_keys; k++)
        r->bucket[k] += r->bucket[k - 1];
    {
        size_t *next = r->bucket;   /* fill, then shift back */
        for (size_t q = 0; q < r->n_req; q++)
            if (r->req_sample[q] != SIZE_MAX)
                r->order[next[r->req_sample[q]]++] = q;
        /* next[k] now holds the end of key k = the start of key k + 1 */
        for (size_t k = n_keys; k >= 1; k--)
            r->bucket[k] = r->bucket[k - 1];
        r->bucket[0] = 0;
    }
    loose_key *lk = NULL;
    if (n_loose) {
        lk = malloc(n_loose * sizeof *lk);
        if (!lk)
            return oom("samples");
        size_t i = 0;
        for (size_t q = 0; q < r->n_req; q++)
            if (r->req_sample[q] == SIZE_MAX)
                lk[i++] = (loose_key){r->req[q].t, r->req[q].before, q};
        qsort(lk, n_loose, sizeof *lk, cmp_loose);
    }
    /* Merge the grid (with its buckets), the loose requests and the
     * coarse washout grid; at one time a pre-dose sample comes first. */
    size_t n = 0, key = 0, l = 0, j = j0;
    for (;;) {
        /* the grid's next slot: a pre-dose slot only if asked for */
        while (key < n_keys && !(key & 1) && r->bucket[key + 1] == r->bucket[key])
            key++;
        double tg = key < n_keys ? (double)(key / 2) * step : INFINITY, tl = INFINITY, tc = INFINITY;
        int bg = key < n_keys && !(key & 1), bl = 0;
        if (l < n_loose)
            tl = lk[l].t, bl = lk[l].before;
        if (j < j1)
            tc = (double)j * dw;
        int pick = 0;
        double tb = tg;
        int bb = bg;
        if (tl < tb || (tl == tb && bl > bb))
            pick = 1, tb = tl, bb = bl;
        if (tc < tb)
            pick = 2, tb = tc, bb = 0;
        if (!isfinite(tb))
            break;
        if (n == 0 || r->s_t[n - 1] != tb || r->s_before[n - 1] != bb) {
            r->s_t[n] = tb;
            r->s_before[n++] = (unsigned char)bb;
        }
        if (pick == 0) {
            for (size_t i = r->bucket[key]; i < r->bucket[key + 1]; i++)
                r->req_sample[r->order[i]] = n - 1;
            key++;
        } else if (pick == 1) {
            r->req_sample[lk[l++].q] = n - 1;
        } else {
            j++;
        }
    }
    free(lk);
    r->n_s = n;
    return CNSIM_OK;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* The pharmacodynamics over the samples up to t_pd: drivers from the
 * effect sites, the slow states at the outputs and over the first 12 h
 * after the first dose (the onset). */
static cnsim_status run_pd(cnsim_run *r, double t_pd)
{
    const cnsim_model *m = r->m;
    size_t ns = m->n_species, n_pd = 0;
    while (n_pd < r->n_s && r->s_t[n_pd] <= t_pd)
        n_pd++;
    if (grow(&r->drv, &r->cap_drv, n_pd, sizeof *r->drv) || grow(&r->at, &r->cap_at, n_pd, sizeof *r->at) ||
        grow(&r->states, &r->cap_states, n_pd, sizeof *r->states))
        return oom("drivers");
    double ce[MODEL_MAX_SPECIES], dce[MODEL_MAX_SPECIES];
    for (size_t i = 0; i < n_pd; i++) {
        const double *c = r->s_conc + i * ns, *e = r->s_ce + i * ns;
        for (size_t k = 0; k < ns; k++) {
            ce[k] = e[k];
            dce[k] = m->pd[k].target != CNSIM_PD_TARGET_NONE ? m->pd[k].ke0_per_h * (c[k] - e[k]) : 0;
        }
        cnsim_pd_drivers_at(m->pd, ns, r->s_t[i], ce, dce, &r->drv[i]);
    }
    /* Which samples to report: the outputs, and the fine samples of the
     * onset window. */
    double first = INFINITY;
    for (size_t i = 0; i < r->ev.n; i++)
        if (is_dose(&r->ev.ev[i])) {
            first = r->ev.ev[i].time_h;
            break;
        }
    unsigned char *want = calloc(n_pd ? n_pd : 1, 1);
    if (!want)
        return oom("drivers");
    for (size_t q = 0; q < r->n_req; q++)
        if (r->req[q].kind == REQ_OUTPUT && r->req_sample[q] < n_pd)
            want[r->req_sample[q]] |= 1;
    for (size_t i = 0; i < n_pd; i++)
        if (!r->s_before[i] && r->s_t[i] >= first && r->s_t[i] <= first + 12)
            want[i] |= 2;
    size_t n_at = 0;
    for (size_t i = 0; i < n_pd; i++)
        if (want[i])
            r->at[n_at++] = i;
    cnsim_pd_stats ps;
    cnsim_status st = cnsim_pd_integrate(&m->sys, &m->opts.pd, r->drv, n_pd, r->at, n_at, r->states, &ps);
    r->stats.pd = ps;
    if (st != CNSIM_OK) {
        free(want);
        return st;
    }
    /* Outputs, and the onset: first dose to 50% of the peak anxiolysis of
     * the first 12 h. */
    for (size_t q = 0; q < r->n_req; q++)
        if (r->req[q].kind == REQ_OUTPUT) {
            size_t s = r->req_sample[q], lo = 0, hi = n_at;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (r->at[mid] < s)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            r->pd[r->req[q].a] = r->states[lo];
        }
    double peak = 0;
    size_t n_on = 0;
    for (size_t j = 0; j < n_at; j++)
        if (want[r->at[j]] & 2)
            peak = fmax(peak, r->states[j].anxiolysis), n_on++;
    r->metrics.onset_h = NAN;
    for (size_t j = 0; n_on > 1 && peak > 1e-6 && j < n_at; j++)
        if ((want[r->at[j]] & 2) && r->states[j].anxiolysis >= 0.5 * peak) {
            r->metrics.onset_h = r->s_t[r->at[j]] - first;
            break;
        }
    free(want);
    return CNSIM_OK;
}

static cnsim_status build_table(cnsim_run *r)
{
    const cnsim_model *m = r->m;
    size_t ns = m->n_species, n = r->n_t;
    size_t n_cols = ns;
    if (r->has_pd) {
        for (size_t k = 0; k < ns; k++)
            n_cols += m->pd[k].target == CNSIM_PD_TARGET_BZD;
        n_cols += N_PD_COLS + (r->has_net ? 2 : 0);
    }
    size_t cap = 0;
    free(r->col_name);
    r->col_name = NULL;
    if (grow(&r->col_name, &cap, n_cols, sizeof *r->col_name) ||
        grow(&r->table, &r->cap_table, n_cols * (n ? n : 1), sizeof *r->table))
        return oom("the output table");
    size_t c = 0;
    for (size_t k = 0; k < ns; k++, c++) {
        snprintf(r->col_name[c], sizeof r->col_name[c], "%s_ng_mL", m->species[k]);
        for (size_t i = 0; i < n; i++)
            r->table[c * n + i] = r->conc[i * ns + k];
    }
    if (r->has_pd) {
        for (size_t k = 0; k < ns; k++) {
            if (m->pd[k].target != CNSIM_PD_TARGET_BZD)
                continue;
            snprintf(r->col_name[c], sizeof r->col_name[c], "%s_ce_unbound_ng_mL", m->species[k]);
            for (size_t i = 0; i < n; i++)
                r->table[c * n + i] = m->pd[k].fu * r->ce[i * ns + k];
            c++;
        }
        for (size_t j = 0; j < N_PD_COLS; j++, c++) {
            cnsim__strlcpy(r->col_name[c], pd_cols[j].name, sizeof r->col_name[c]);
            for (size_t i = 0; i < n; i++)
                r->table[c * n + i] = *(const double *)((const char *)&r->pd[i] + pd_cols[j].off);
        }
        if (r->has_net) {
            cnsim__strlcpy(r->col_name[c], "network_rate_hz", sizeof r->col_name[c]);
            cnsim__strlcpy(r->col_name[c + 1], "seizure_susceptibility_index", sizeof r->col_name[c + 1]);
            for (size_t i = 0; i < n; i++)
                cnsim_excitability_lookup(m->exmap, m->n_exmap, r->pd[i].effective_modulation,
                                          &r->table[c * n + i], &r->table[(c + 1) * n + i]);
            c += 2;
        }
    }
    r->n_cols = c;
    return CNSIM_OK;
}

cnsim_status cnsim_run_simulate(cnsim_run *r)
{
    cnsim__clear_error();
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cnsim_status st = cnsim_run_prepare(r);
    if (st != CNSIM_OK)
        return st;
    const cnsim_model *m = r->m;
    size_t ns = m->n_species, n = r->n_t;
    memset(&r->stats, 0, sizeof r->stats);
    memset(&r->metrics, 0, sizeof r->metrics);
    r->metrics.onset_h = r->metrics.antidepressant_t50_h = NAN;
    r->metrics.final_sert_occupancy = r->metrics.final_adaptation = NAN;
    r->has_pd = (r->what & CNSIM_RUN_PD) && (m->has_bzd || m->has_sert);
    r->has_net = r->has_pd && (r->what & CNSIM_RUN_NETWORK) && m->n_exmap > 0;
    r->has_summary = (r->what & CNSIM_RUN_SUMMARY) != 0;
    double step = m->opts.pd.step_h, t_pd = r->has_pd ? r->t[n - 1] : 0;

    /* What the pass must record. */
    r->n_req = 0;
    for (size_t i = 0; i < n; i++)
        if (push_req(r, r->t[i], 0, REQ_OUTPUT, i, 0))
            return oom("samples");
    for (size_t i = 0; r->has_pd && i < r->ev.n; i++)
        if (is_dose(&r->ev.ev[i]) && r->ev.ev[i].time_h <= t_pd &&
            (push_req(r, r->ev.ev[i].time_h, 1, REQ_DOSE, i, 0) || push_req(r, r->ev.ev[i].time_h, 0, REQ_DOSE, i, 0)))
            return oom("samples");
    for (size_t k = 0; k < ns; k++) {
        cnsim_pk_summary_plan_free(&r->plan[k]);
        if (!r->has_summary)
            continue;
        if ((st = cnsim_pk_summary_plan_create(r->pk_run, k, r->ev.ev, r->ev.n, r->tau[m->species_drug[k]], step,
                                               &r->plan[k])) != CNSIM_OK)
            return st;
        for (size_t j = 0; j < r->plan[k].n; j++)
            if (push_req(r, r->plan[k].t_h[j], r->plan[k].before_events[j], REQ_PLAN, k, j))
                return oom("samples");
    }
    /* The washouts of every species on one coarse grid after the outputs:
     * a multiple of the step spacing about N_WASH_RUN points over the
     * longest window. */
    double wash_from = INFINITY, wash_end = 0;
    for (size_t k = 0; k < ns; k++)
        if (r->plan[k].n) {
            wash_from = fmin(wash_from, r->plan[k].wash_from_h);
            wash_end = fmax(wash_end, r->plan[k].wash_to_h);
        }
    double dw = wash_end > wash_from ? step * fmax(1, ceil((wash_end - wash_from) / N_WASH_RUN / step)) : 0;
    if ((st = build_samples(r, step, t_pd, wash_end, dw)) != CNSIM_OK)
        return st;
    if (grow(&r->s_conc, &r->cap_sc, r->n_s * ns, sizeof *r->s_conc) ||
        (r->has_pd && grow(&r->s_ce, &r->cap_sce, r->n_s * ns, sizeof *r->s_ce)))
        return oom("concentrations");

    /* PK, once. */
    struct timespec tpk;
    clock_gettime(CLOCK_MONOTONIC, &tpk);
    cnsim_pk_samples smp = {.t_h = r->s_t, .n = r->n_s, .before_events = r->s_before, .conc_ng_mL = r->s_conc,
                            .ce_ng_mL = r->has_pd ? r->s_ce : NULL};
    if ((st = cnsim_pk_run_sample(r->pk_run, r->ev.ev, r->ev.n, &smp)) != CNSIM_OK)
        return st;
    cnsim_pk_run_stats(r->pk_run, &r->stats.pk);
    r->stats.pk_solver = cnsim_pk_run_solver(r->pk_run);
    r->stats.pk_wall_s = seconds_since(&tpk);
    r->stats.n_samples = r->n_s;

    if (grow(&r->conc, &r->cap_conc, n * ns, sizeof *r->conc) || grow(&r->ce, &r->cap_ce, n * ns, sizeof *r->ce) ||
        grow(&r->pd, &r->cap_pdo, n, sizeof *r->pd))
        return oom("outputs");
    for (size_t q = 0; q < r->n_req; q++)
        if (r->req[q].kind == REQ_OUTPUT) {
            memcpy(r->conc + r->req[q].a * ns, r->s_conc + r->req_sample[q] * ns, ns * sizeof *r->conc);
            if (r->has_pd)
                memcpy(r->ce + r->req[q].a * ns, r->s_ce + r->req_sample[q] * ns, ns * sizeof *r->ce);
        }

    /* PD over the same samples. */
    if (r->has_pd) {
        struct timespec tpd;
        clock_gettime(CLOCK_MONOTONIC, &tpd);
        if ((st = run_pd(r, t_pd)) != CNSIM_OK)
            return st;
        r->stats.pd_wall_s = seconds_since(&tpd);
        r->stats.pd_solver = m->opts.pd.kind;
        const cnsim_pd_state *last = &r->pd[n - 1];
        cnsim_pd_withdrawal_summarize(r->t, r->pd, n, m->sys.withdrawal_threshold, &r->metrics.withdrawal);
        r->metrics.final_sert_occupancy = last->sert_occupancy;
        r->metrics.final_adaptation = last->adaptation;
        double ad_end = last->antidepressant;
        for (size_t i = 0; ad_end > 1e-3 && i < n; i++)
            if (r->pd[i].antidepressant >= 0.5 * ad_end) {
                r->metrics.antidepressant_t50_h = r->t[i];
                break;
            }
    } else {
        r->metrics.withdrawal.peak_time_h = r->metrics.withdrawal.onset_time_h = NAN;
    }

    /* The summary from the same trajectory: its planned samples, and
     * about N_WASH_RUN samples of each washout window. */
    for (size_t k = 0; r->has_summary && k < ns; k++) {
        const cnsim_pk_summary_plan *p = &r->plan[k];
        size_t n_w = 0, i0 = 0;
        while (i0 < r->n_s && r->s_t[i0] < p->wash_from_h - 1e-9)
            i0++;
        size_t i1 = i0;
        while (i1 < r->n_s && r->s_t[i1] <= p->wash_to_h + 1e-9)
            i1++;
        size_t stride = i1 > i0 ? (i1 - i0 + N_WASH_RUN - 1) / N_WASH_RUN : 1;
        if (p->n && (grow(&r->wash_t, &r->cap_wt, (i1 - i0) / stride + 2, sizeof *r->wash_t) ||
                     grow(&r->wash_c, &r->cap_wc, (i1 - i0) / stride + 2, sizeof *r->wash_c)))
            return oom("the summary");
        for (size_t i = i0; p->n && i < i1; i++)
            if (!r->s_before[i] && (i - i0) % stride == 0) {
                r->wash_t[n_w] = r->s_t[i];
                r->wash_c[n_w++] = r->s_conc[i * ns + k];
            }
        double *c = p->n ? malloc(p->n * sizeof *c) : NULL;
        if (p->n && !c)
            return oom("the summary");
        for (size_t q = 0; q < r->n_req; q++)
            if (r->req[q].kind == REQ_PLAN && r->req[q].a == k)
                c[r->req[q].b] = r->s_conc[r->req_sample[q] * ns + k];
        double ss = NAN;
        if (p->n && !isnan(p->tau_h)) {
            const cnsim_event *lastdose = NULL;
            for (size_t i = 0; i < r->ev.n; i++)
                if (r->ev.ev[i].drug == (int)m->species_drug[k] && is_dose(&r->ev.ev[i]))
                    lastdose = &r->ev.ev[i];
            double css[MODEL_MAX_SPECIES];
            if ((st = cnsim_pk_run_ss_trough(r->pk_run, lastdose, p->tau_h, css)) != CNSIM_OK) {
                free(c);
                return st;
            }
            ss = css[k];
        }
        st = cnsim_pk_summary_finish(p, m->species[k], m->species_is_met[k], c, r->wash_t, r->wash_c, n_w, ss,
                                     &r->summary[k]);
        free(c);
        if (st != CNSIM_OK)
            return st;
    }

    /* Findings: the model's, then this subject's. */
    r->n_findings = 0;
    if (grow(&r->findings, &r->cap_findings, m->n_findings + 1, sizeof *r->findings))
        return oom("findings");
    memcpy(r->findings, m->findings, m->n_findings * sizeof *r->findings);
    r->n_findings = m->n_findings;
    if ((r->what & CNSIM_RUN_FINDINGS) &&
        (st = cnsim__dose_findings(m, &r->ev, r->horizon.until_h, &r->findings, &r->n_findings, &r->cap_findings)) !=
            CNSIM_OK)
        return st;

    if ((st = build_table(r)) != CNSIM_OK)
        return st;
    r->stats.wall_s = seconds_since(&t0);
    return CNSIM_OK;
}

/* ---- results ---------------------------------------------------------- */

size_t cnsim_run_n_times(const cnsim_run *r) { return r->n_t; }
const double *cnsim_run_times(const cnsim_run *r) { return r->t; }
size_t cnsim_run_n_columns(const cnsim_run *r) { return r->n_cols; }
const char *cnsim_run_column_name(const cnsim_run *r, size_t c) { return c < r->n_cols ? r->col_name[c] : NULL; }

long cnsim_run_column_index(const cnsim_run *r, const char *name)
{
    for (size_t c = 0; name && c < r->n_cols; c++)
        if (!strcmp(r->col_name[c], name))
            return (long)c;
    return -1;
}

const double *cnsim_run_column(const cnsim_run *r, size_t c) { return c < r->n_cols ? r->table + c * r->n_t : NULL; }
const double *cnsim_run_conc(const cnsim_run *r) { return r->conc; }
const double *cnsim_run_ce(const cnsim_run *r) { return r->has_pd ? r->ce : NULL; }
const cnsim_pd_state *cnsim_run_pd(const cnsim_run *r) { return r->has_pd ? r->pd : NULL; }
void cnsim_run_get_metrics(const cnsim_run *r, cnsim_run_metrics *out) { *out = r->metrics; }
void cnsim_run_get_stats(const cnsim_run *r, cnsim_run_stats *out) { *out = r->stats; }

cnsim_status cnsim_run_summary(const cnsim_run *r, size_t k, cnsim_pk_summary *out)
{
    cnsim__clear_error();
    if (!r->has_summary || k >= r->m->n_species)
        return cnsim__fail(CNSIM_E_ARG, "run: no summary of species %zu (ask for CNSIM_RUN_SUMMARY)", k);
    *out = r->summary[k];
    return CNSIM_OK;
}

size_t cnsim_run_n_findings(const cnsim_run *r) { return r->n_findings; }
const cnsim_finding *cnsim_run_finding(const cnsim_run *r, size_t i) { return i < r->n_findings ? &r->findings[i] : NULL; }
