/* The run: one subject through the whole chain, once per simulate call
 * (include/cnsim/model.h).
 *
 * One pass of the pharmacokinetics records every time the rest of the
 * chain needs: the output times, the instants just before and after each
 * record, the times the PK summary asks for (first and last dosing
 * interval, troughs, washout; beyond the outputs only PK goes on), and,
 * between them up to the last output, the nodes on which the effect sites
 * drive the slow pharmacodynamic states: dense after each dose while its
 * fast exponentials last, sparse where the drivers are smooth (pd.h,
 * cnsim_pd_opts). The pharmacodynamics then integrates over the nodes, the
 * summary reads its samples, and the outputs are picked from the same
 * trajectory, so nothing is simulated twice. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model_impl.h"
#include "core_impl.h"
#include "pk/pk_impl.h"

/* Output rows refused beyond this: a mistyped --every would otherwise fill
 * the disk before anyone notices. */
#define MAX_ROWS 20000000.0
/* Samples of one pass (nodes, outputs, summary): a sanity bound, about
 * 8 GB for two drugs (callers check memory first with
 * cnsim_run_memory_estimate; the command line does). */
#define MAX_SAMPLES 5.0e7

/* A time the pass must record, and who asked for it. */
typedef enum { REQ_OUTPUT, REQ_PLAN, REQ_EVENT } req_kind;
typedef struct request {
    double t;
    uint32_t a, b;            /* output index; plan species and point */
    unsigned char before, kind;
} request;

struct cnsim_run {
    const cnsim_model *m;
    /* inputs */
    char *regimen[MODEL_MAX_DRUGS];
    double clock_h[CNSIM_REGIMEN_MAX_CLOCK];   /* the frequency words' clock */
    int n_clock;                               /* 0: the default clock */
    cnsim_event_list given;
    double until_h, every_h;
    double *t_user;
    unsigned char *b_user;    /* NULL, or per user time: before the records */
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
    uint32_t *req_sample;     /* per request: its sample */
    size_t cap_rs;
    struct req_key *key;      /* requests in time order */
    size_t cap_key;
    struct anchor *anchor;    /* records that start fast phases, in time order */
    size_t n_anchor, cap_anchor;
    double *sched;            /* per drug: steps after an anchor (see steps) */
    size_t n_sched[MODEL_MAX_DRUGS], cap_sched;
    double *s_t;
    unsigned char *s_before, *s_pd;   /* per sample: pre-record; a PD node */
    unsigned *s_need;         /* per sample: the drugs read there (bit mask) */
    size_t n_s, cap_st, cap_sb, cap_spd, cap_sneed;
    size_t *pd_of;            /* per sample: its PD node, or SIZE_MAX */
    size_t cap_pdof;
    double *s_conc, *s_ce;    /* n_s x n_species */
    size_t cap_sc, cap_sce;
    cnsim_pd_drivers *drv;
    size_t *at;
    cnsim_pd_state *states;
    size_t cap_drv, cap_at, cap_states;
    cnsim_pk_summary_plan plan[MODEL_MAX_SPECIES];
    size_t plan_of[MODEL_MAX_SPECIES];   /* the species whose samples serve k's plan */

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
    /* Issue 13, item 7: added after the contract's columns. */
    {"gabaa_adaptation_fast_frac", offsetof(cnsim_pd_state, adaptation_fast)},
    {"antidepressant_drive_index", offsetof(cnsim_pd_state, antidepressant_drive)},
    {"sert_adapted_occupancy_frac", offsetof(cnsim_pd_state, sert_adapted)},
    {"ssri_discontinuation_index", offsetof(cnsim_pd_state, ssri_discontinuation)},
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
    free(r->t_user), free(r->b_user), free(r->t);
    cnsim_pk_run_free(r->pk_run);
    free(r->req), free(r->req_sample), free(r->s_t), free(r->s_before), free(r->s_pd), free(r->s_need), free(r->s_conc), free(r->s_ce);
    free(r->key), free(r->anchor), free(r->sched), free(r->pd_of);
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
    cnsim_status st = cnsim_pk_run_create_ddi(m->pk, m->n_drugs, cnsim_model_ddi(m), &m->opts.pk, &r->pk_run);
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
        cnsim_status st = cnsim_regimen_describe_clock(copy, r->clock_h, r->n_clock, &info);
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

cnsim_status cnsim_run_set_clock(cnsim_run *r, const double *clock_h, size_t n_clock)
{
    cnsim__clear_error();
    if (n_clock > CNSIM_REGIMEN_MAX_CLOCK || (n_clock > 0 && !clock_h))
        return cnsim__fail(CNSIM_E_ARG, "run: a clock of %zu times%s; expected 0 (the default clock) to %d",
                           n_clock, n_clock > 0 && !clock_h ? " without hours" : "", CNSIM_REGIMEN_MAX_CLOCK);
    for (size_t k = 0; k < n_clock; k++) {
        if (!(clock_h[k] >= 0 && clock_h[k] < 24))
            return cnsim__fail(CNSIM_E_RANGE, "run: clock hour %g; expected 0 <= h < 24", clock_h[k]);
        for (size_t i = 0; i < k; i++)
            if (clock_h[i] == clock_h[k])
                return cnsim__fail(CNSIM_E_RANGE, "run: clock hour %g given twice; expected distinct hours",
                                   clock_h[k]);
    }
    /* Every regimen set so far must read with the new clock before it
     * replaces the old one. */
    for (size_t d = 0; d < r->m->n_drugs; d++) {
        cnsim_regimen_info info;
        cnsim_status st;
        if (r->regimen[d] &&
            (st = cnsim_regimen_describe_clock(r->regimen[d], clock_h, (int)n_clock, &info)) != CNSIM_OK)
            return st;
    }
    if (n_clock > 0)
        memcpy(r->clock_h, clock_h, n_clock * sizeof *clock_h);
    r->n_clock = (int)n_clock;
    invalidate(r);
    return CNSIM_OK;
}

cnsim_status cnsim_run_set_events(cnsim_run *r, const cnsim_event_list *ev, int id)
{
    int block = 0;
    for (size_t i = 0; ev && i < ev->n; i++)
        if (ev->ev[i].id == id) {
            block = ev->ev[i].block;
            break;
        }
    return cnsim_run_set_subject_events(r, ev, id, block);
}

cnsim_status cnsim_run_set_subject_events(cnsim_run *r, const cnsim_event_list *ev, int id, int block)
{
    cnsim__clear_error();
    cnsim_event_list_free(&r->given);
    invalidate(r);
    if (!ev)
        return CNSIM_OK;
    cnsim_status st = CNSIM_OK;
    for (size_t i = 0; i < ev->n && st == CNSIM_OK; i++) {
        cnsim_event e = ev->ev[i];
        if (e.id != id || e.block != block)
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
    return cnsim_run_set_times_before(r, t_h, NULL, n);
}

cnsim_status cnsim_run_set_times_before(cnsim_run *r, const double *t_h, const unsigned char *before, size_t n)
{
    cnsim__clear_error();
    if (n == 0)
        return cnsim__fail(CNSIM_E_ARG, "run: no output times");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t_h[i]) || t_h[i] < 0 || (i > 0 && t_h[i] < t_h[i - 1]))
            return cnsim__fail(CNSIM_E_ARG, "run: output time %zu (%g h); expected finite, >= 0 and non-decreasing", i,
                               t_h[i]);
    double *c = malloc(n * sizeof *c);
    unsigned char *b = before ? malloc(n) : NULL;
    if (!c || (before && !b)) {
        free(c), free(b);
        return oom("output times");
    }
    memcpy(c, t_h, n * sizeof *c);
    for (size_t i = 0; before && i < n; i++)
        b[i] = before[i] != 0;
    free(r->t_user);
    free(r->b_user);
    r->t_user = c;
    r->b_user = b;
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
    int any = 0, closed_best = 0;
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
            cnsim_status st = cnsim_regimen_describe_clock(r->regimen[d], r->clock_h, r->n_clock, &info);
            if (st != CNSIM_OK)
                return st;
            if (info.is_open_ended)
                open = 1, open_start = info.open_start_h;
            else
                last = info.last_dose_h;
        }
        for (size_t i = 0; i < r->given.n; i++) {
            const cnsim_event *e = &r->given.ev[i];
            if (e->drug != (int)d || !cnsim__is_dose(e))
                continue;
            double t = e->time_h + (e->addl > 0 ? e->addl * e->ii_h : 0);
            const cnsim_pk_params *pk = &m->pk[d];
            int central = e->cmt == CNSIM_CMT_CENTRAL;
            if (e->dur_h > 0)   /* how long the infusion runs (F = 1 is the longest) */
                t += e->dur_h;
            else if (e->rate_mg_per_h > 0)
                t += e->amt_mg / e->rate_mg_per_h;
            else if (e->rate_mg_per_h == -1 && (central ? pk->r2_mg_per_h : pk->r1_mg_per_h) > 0)
                t += e->amt_mg / (central ? pk->r2_mg_per_h : pk->r1_mg_per_h);
            else if (e->rate_mg_per_h == -2)
                t += central ? pk->d2_h : pk->d1_h;
            last = fmax(last, t);
        }
        char a[32], b[32], c[32];
        if (open) {
            end = open_start + 5 * hi->on_h;
            any = 1;
            h->is_open_ended = 1;
            if (end > best) {
                best = end;
                closed_best = 0;
                h->half_life_h = hi->on_h;
                h->last_dose_h = NAN;
                day_text(a, sizeof a, open_start), day_text(b, sizeof b, hi->on_h), day_text(c, sizeof c, end);
                if (snprintf(reason, sizeof reason,
                         "the %s regimen repeats without 'for', so it runs to its steady state: its start (%s) + 5 x %s "
                         "(%s, the slowest process it drives) = %s; no stop is simulated",
                         m->drug[d], a, b, hi->on_what, c) >= (int)sizeof reason)
                    reason[sizeof reason - 2] = '.';   /* cut short: still ends a sentence */
            }
        } else if (isfinite(last)) {
            end = last + 5 * hi->off_h;
            any = 1;
            if (end > best) {
                best = end;
                closed_best = 1;
                h->half_life_h = hi->off_h;
                h->last_dose_h = last;
                day_text(a, sizeof a, last), day_text(b, sizeof b, hi->off_h), day_text(c, sizeof c, end);
                if (snprintf(reason, sizeof reason,
                         "the last dose of %s (%s) + 5 x %s (%s, the slowest process to settle after it) = %s",
                         m->drug[d], a, b, hi->off_what, c) >= (int)sizeof reason)
                    reason[sizeof reason - 2] = '.';
            }
        }
    }
    if (!any) {
        /* Records without a dose (a subject with observations only, as
         * NONMEM allows): its predictions are 0 up to its last record. */
        double t_last = 0;
        for (size_t i = 0; i < r->given.n; i++)
            t_last = fmax(t_last, r->given.ev[i].time_h);
        if (!r->given.n)
            return cnsim__fail(CNSIM_E_ARG, "nothing to simulate: no dose records; expected a regimen (--drug NAME --regimen \"...\"), a scenario file or --events FILE");
        h->until_h = t_last > 0 ? t_last : 24;
        h->is_automatic = 1;
        cnsim__strlcpy(h->reason, "the subject's last record (it has no doses)", sizeof h->reason);
        return CNSIM_OK;
    }
    /* A course that ends later than another regimen settles sets the end;
     * the open-ended regimen simply goes on to it. */
    if (h->is_open_ended && closed_best) {
        size_t len = strlen(reason);
        snprintf(reason + len, sizeof reason - len, "; the open-ended regimens go on to the end (no stop is simulated)");
    }
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
        if ((st = cnsim_regimen_describe_clock(r->regimen[d], r->clock_h, r->n_clock, &info)) == CNSIM_OK)
            st = cnsim_regimen_parse_clock(r->regimen[d], r->clock_h, r->n_clock,
                                           r->given.n ? r->given.ev[0].id : 1, (int)d, end, &raw);
        r->tau[d] = info.tau_h;
    }
    for (size_t i = 0; i < r->given.n && st == CNSIM_OK; i++)
        st = cnsim_event_list_push(&raw, &r->given.ev[i]);
    int any_dose = 0;
    for (size_t i = 0; i < raw.n; i++)
        any_dose |= cnsim__is_dose(&raw.ev[i]);
    if (st == CNSIM_OK && !any_dose && !r->given.n)
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
    r->req[r->n_req++] = (request){t, (uint32_t)a, (uint32_t)b, (unsigned char)before, (unsigned char)kind};
    return 0;
}

/* Requests in sampling order: by time, a pre-record sample first. */
typedef struct req_key { double t; uint32_t q; unsigned char before; } req_key;

static int cmp_key(const void *pa, const void *pb)
{
    const req_key *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->before != b->before)
        return a->before > b->before ? -1 : 1;
    return (a->q > b->q) - (a->q < b->q);
}

/* Sorts the request keys. They arrive as a few sorted runs (the outputs,
 * the records, each block of each summary plan): a natural merge sort
 * merges neighbouring runs until one is left, O(n log runs). */
static int sort_keys(cnsim_run *r, size_t n)
{
    if (n < 2)
        return 0;
    size_t n_runs = 1;
    for (size_t i = 1; i < n; i++)
        n_runs += cmp_key(&r->key[i - 1], &r->key[i]) > 0;
    if (n_runs == 1)
        return 0;
    req_key *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return -1;
    req_key *src = r->key, *dst = tmp;
    while (n_runs > 1) {
        size_t i = 0, out = 0;
        n_runs = 0;
        while (i < n) {
            size_t a = i, a_end = a + 1;
            while (a_end < n && cmp_key(&src[a_end - 1], &src[a_end]) <= 0)
                a_end++;
            size_t b = a_end, b_end = b < n ? b + 1 : b;
            while (b_end < n && cmp_key(&src[b_end - 1], &src[b_end]) <= 0)
                b_end++;
            while (a < a_end && b < b_end)
                dst[out++] = cmp_key(&src[b], &src[a]) < 0 ? src[b++] : src[a++];
            while (a < a_end)
                dst[out++] = src[a++];
            while (b < b_end)
                dst[out++] = src[b++];
            i = b_end;
            n_runs++;
        }
        req_key *x = src;
        src = dst, dst = x;
    }
    if (src != r->key)
        memcpy(r->key, src, n * sizeof *r->key);
    free(tmp);
    return 0;
}

/* Times closer than this are one time (an output time and a dose time
 * that differ in the last bits of their arithmetic). */
static double same_time(double t) { return 1e-9 * fmax(1, fabs(t)); }

/* An input of drug d starts or stops at t: a fast phase begins. */
typedef struct anchor { double t; size_t d; } anchor;

static int cmp_anchor(const void *pa, const void *pb)
{
    const anchor *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return (a->d > b->d) - (a->d < b->d);
}

/* Longest schedule kept per drug; past it the last step goes on. */
#define SCHED_MAX 4096

/* The node steps after an anchor of each drug (pd.h, cnsim_pd_opts): for
 * Delta = 0, h0, h0 + h1, ..., the step h = min over the drug's rates r of
 * step (R/r) e^{r Delta/4}, R the fastest rate of the model, until it
 * reaches max_step. Stored as (Delta, h) pairs; drug d's start at
 * d * SCHED_MAX. */
static cnsim_status build_schedules(cnsim_run *r)
{
    const cnsim_model *m = r->m;
    double rate[MODEL_MAX_DRUGS][CNSIM_PK_MAX_RATES + 2], big = 0;
    size_t n_rate[MODEL_MAX_DRUGS];
    for (size_t d = 0; d < m->n_drugs; d++) {
        cnsim_status st = cnsim__pk_rates(&r->pk[d], rate[d], &n_rate[d]);
        if (st != CNSIM_OK)
            return st;
        for (size_t k = 0; k < m->n_species; k++)
            if (m->species_drug[k] == d && m->pd[k].target != CNSIM_PD_TARGET_NONE)
                rate[d][n_rate[d]++] = m->pd[k].ke0_per_h;
        for (size_t i = 0; i < n_rate[d]; i++)
            if (isfinite(rate[d][i]))
                big = fmax(big, rate[d][i]);
    }
    if (grow(&r->sched, &r->cap_sched, 2 * SCHED_MAX * m->n_drugs, sizeof *r->sched))
        return oom("the node schedule");
    double step = m->opts.pd.step_h, max_step = m->opts.pd.max_step_h;
    for (size_t d = 0; d < m->n_drugs; d++) {
        double *s = r->sched + 2 * SCHED_MAX * d, delta = 0;
        size_t n = 0;
        for (;;) {
            double h = max_step;
            for (size_t i = 0; i < n_rate[d]; i++) {
                double x = rate[d][i] * delta / 4;
                if (rate[d][i] > 0 && x < 50)
                    h = fmin(h, step * big / rate[d][i] * exp(x));
            }
            h = fmax(h, step);
            s[2 * n] = delta, s[2 * n + 1] = h;
            n++;
            if (h >= max_step || n == SCHED_MAX)
                break;
            delta += h;
        }
        r->n_sched[d] = n;
    }
    return CNSIM_OK;
}

/* Walks the schedules forward in time: the step at t is the smallest over
 * the drugs of their schedule's step at t - (their last anchor), and the
 * fine step over the onset window. */
typedef struct walker {
    const cnsim_run *r;
    size_t next;                       /* next anchor not yet passed */
    double last[MODEL_MAX_DRUGS];      /* last anchor per drug, NAN: none */
    size_t cur[MODEL_MAX_DRUGS];       /* schedule position per drug */
    double onset_from, onset_to;
} walker;

static double walker_step(walker *w, double t)
{
    const cnsim_run *r = w->r;
    const cnsim_model *m = r->m;
    while (w->next < r->n_anchor && r->anchor[w->next].t <= t + same_time(t)) {
        w->last[r->anchor[w->next].d] = r->anchor[w->next].t;
        w->cur[r->anchor[w->next].d] = 0;
        w->next++;
    }
    if (t >= w->onset_from - same_time(t) && t < w->onset_to)
        return m->opts.pd.step_h;
    double h = m->opts.pd.max_step_h;
    for (size_t d = 0; d < m->n_drugs; d++) {
        if (isnan(w->last[d]))
            continue;
        const double *s = r->sched + 2 * SCHED_MAX * d;
        double delta = t - w->last[d];
        size_t c = w->cur[d];
        while (c + 1 < r->n_sched[d] && s[2 * (c + 1)] <= delta)
            c++;
        w->cur[d] = c;
        h = fmin(h, s[2 * c + 1]);
    }
    return h;
}

/* Builds the samples of the pass: the requests in time order (one sample
 * per time and side of the records), and, between the pharmacodynamic
 * requests (outputs and records up to t_pd), the nodes the schedules ask
 * for. Every sample knows whether the pharmacodynamics uses it. */
static cnsim_status build_samples(cnsim_run *r, double t_pd, double onset_from)
{
    const cnsim_model *m = r->m;
    if (grow(&r->key, &r->cap_key, r->n_req + 1, sizeof *r->key) ||
        grow(&r->req_sample, &r->cap_rs, r->n_req + 1, sizeof *r->req_sample))
        return oom("samples");
    size_t nk = r->n_req;
    for (size_t q = 0; q < nk; q++)
        r->key[q] = (req_key){r->req[q].t, (uint32_t)q, r->req[q].before};
    if (sort_keys(r, nk))
        return oom("samples");
    /* One time for times within same_time of the first of their run; the
     * run re-sorted so that pre-record samples come first. */
    for (size_t i = 0; i < nk;) {
        size_t j = i + 1;
        while (j < nk && r->key[j].t - r->key[i].t <= same_time(r->key[i].t))
            r->key[j++].t = r->key[i].t;
        if (j - i > 1)
            qsort(r->key + i, j - i, sizeof *r->key, cmp_key);
        i = j;
    }
    walker w = {.r = r, .onset_from = onset_from, .onset_to = onset_from + 12};
    for (size_t d = 0; d < MODEL_MAX_DRUGS; d++)
        w.last[d] = NAN;
    size_t n = 0;
    double t_node = NAN;     /* the last PD sample so far */
    /* Nodes go in as they are met: before each request the nodes between
     * the last PD sample and the next PD request are placed. */
    size_t next_pd = 0;      /* key index of the next PD request */
    for (size_t i = 0; i <= nk; i++) {
        int pd_req = 0;
        double tb = INFINITY;
        unsigned char bb = 0;
        if (i < nk) {
            const request *rq = &r->req[r->key[i].q];
            tb = r->key[i].t, bb = r->key[i].before;
            pd_req = r->has_pd && rq->kind != REQ_PLAN && tb <= t_pd;
        }
        /* Nodes strictly between t_node and the next PD request, emitted
         * while they come before this request. */
        if (r->has_pd && !isnan(t_node) && t_node < t_pd) {
            if (next_pd < i)
                next_pd = i;
            while (next_pd < nk && !(r->req[r->key[next_pd].q].kind != REQ_PLAN && r->key[next_pd].t <= t_pd))
                next_pd++;
            double lim = next_pd < nk ? r->key[next_pd].t : t_pd;
            for (;;) {
                double h = walker_step(&w, t_node), gap = lim - t_node;
                if (gap <= h * (1 + 1e-9))
                    break;
                /* On the lattice of the fine step, so that the steps
                 * between nodes are a few multiples of it: the closed-form
                 * PK caches one propagator per step length. */
                double want = gap < 2 * h ? gap / 2 : h, fine = m->opts.pd.step_h;
                double tn = fine * floor((t_node + want) / fine + 1e-9);
                if (tn <= t_node + same_time(t_node))
                    tn = t_node + want;
                if (tn >= tb)
                    break;   /* after this request: placed on a later turn */
                if ((double)n + (double)(nk - i) + 1 > MAX_SAMPLES)
                    return cnsim__fail(CNSIM_E_RANGE, "run: more than %.0f samples (%g h of pharmacodynamics); shorten the run or raise the PD steps",
                                       MAX_SAMPLES, t_pd);
                if (grow(&r->s_t, &r->cap_st, n + 1, sizeof *r->s_t) || grow(&r->s_before, &r->cap_sb, n + 1, 1) ||
                    grow(&r->s_pd, &r->cap_spd, n + 1, 1) || grow(&r->s_need, &r->cap_sneed, n + 1, sizeof *r->s_need))
                    return oom("samples");
                r->s_t[n] = tn, r->s_before[n] = 0, r->s_pd[n] = 1, r->s_need[n++] = ~0u;
                t_node = tn;
            }
        }
        if (i == nk)
            break;
        if (n == 0 || r->s_t[n - 1] != tb || r->s_before[n - 1] != bb) {
            if ((double)n + 1 > MAX_SAMPLES)
                return cnsim__fail(CNSIM_E_RANGE, "run: more than %.0f samples; shorten the run or coarsen --every",
                                   MAX_SAMPLES);
            if (grow(&r->s_t, &r->cap_st, n + 1, sizeof *r->s_t) || grow(&r->s_before, &r->cap_sb, n + 1, 1) ||
                grow(&r->s_pd, &r->cap_spd, n + 1, 1) || grow(&r->s_need, &r->cap_sneed, n + 1, sizeof *r->s_need))
                return oom("samples");
            r->s_t[n] = tb, r->s_before[n] = bb, r->s_pd[n] = 0, r->s_need[n++] = 0;
        }
        r->req_sample[r->key[i].q] = (uint32_t)(n - 1);
        {
            /* A summary sample reads its own drug; everything else all. */
            const request *rq = &r->req[r->key[i].q];
            r->s_need[n - 1] |= rq->kind == REQ_PLAN ? 1u << m->species_drug[rq->a] : ~0u;
        }
        if (pd_req) {
            r->s_pd[n - 1] = 1;
            t_node = tb;
        }
    }
    r->n_s = n;
    return CNSIM_OK;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* The pharmacodynamics over its nodes: drivers from the effect sites, the
 * slow states at the outputs and over the first 12 h after the first dose
 * (the onset). */
static cnsim_status run_pd(cnsim_run *r, double first)
{
    const cnsim_model *m = r->m;
    size_t ns = m->n_species, n_pd = 0;
    if (grow(&r->pd_of, &r->cap_pdof, r->n_s + 1, sizeof *r->pd_of))
        return oom("drivers");
    for (size_t i = 0; i < r->n_s; i++)
        r->pd_of[i] = r->s_pd[i] ? n_pd++ : SIZE_MAX;
    if (grow(&r->drv, &r->cap_drv, n_pd + 1, sizeof *r->drv) ||
        grow(&r->at, &r->cap_at, (n_pd > r->n_t ? n_pd : r->n_t) + 1, sizeof *r->at))
        return oom("drivers");
    unsigned char *want = calloc(n_pd + 1, 1);
    if (!want)
        return oom("drivers");
    double ce[MODEL_MAX_SPECIES], dce[MODEL_MAX_SPECIES];
    for (size_t i = 0; i < r->n_s; i++) {
        if (!r->s_pd[i])
            continue;
        const double *c = r->s_conc + i * ns, *e = r->s_ce + i * ns;
        for (size_t k = 0; k < ns; k++) {
            ce[k] = e[k];
            dce[k] = m->pd[k].target != CNSIM_PD_TARGET_NONE ? m->pd[k].ke0_per_h * (c[k] - e[k]) : 0;
        }
        size_t j = r->pd_of[i];
        cnsim_pd_drivers_at(m->pd, ns, r->s_t[i], ce, dce, &r->drv[j]);
        if (!r->s_before[i] && r->s_t[i] >= first && r->s_t[i] <= first + 12)
            want[j] |= 2;
    }
    /* The outputs, straight into their rows: output i is request i, and
     * its node index does not decrease with i (the times do not). */
    for (size_t i = 0; i < r->n_t; i++)
        r->at[i] = r->pd_of[r->req_sample[i]];
    cnsim_pd_stats ps;
    cnsim_status st = cnsim_pd_integrate(&m->sys, &m->opts.pd, r->drv, n_pd, r->at, r->n_t, r->pd, &ps);
    r->stats.pd = ps;
    /* The onset, first dose to 50% of the peak anxiolysis of the first
     * 12 h, on the fine nodes of that window: the same integration over
     * the nodes up to its end, read there. */
    size_t n_win = 0, n_on = 0;
    while (st == CNSIM_OK && n_win < n_pd && r->drv[n_win].t_h <= first + 12)
        n_win++;
    for (size_t j = 0; st == CNSIM_OK && j < n_win; j++)
        if (want[j] & 2)
            r->at[n_on++] = j;
    r->metrics.onset_h = NAN;
    if (st == CNSIM_OK && n_on > 1 && grow(&r->states, &r->cap_states, n_on, sizeof *r->states))
        st = oom("the onset");
    if (st == CNSIM_OK && n_on > 1 &&
        (st = cnsim_pd_integrate(&m->sys, &m->opts.pd, r->drv, n_win, r->at, n_on, r->states, NULL)) == CNSIM_OK) {
        double peak = 0;
        for (size_t j = 0; j < n_on; j++)
            peak = fmax(peak, r->states[j].anxiolysis);
        for (size_t j = 0; peak > 1e-6 && j < n_on; j++)
            if (r->states[j].anxiolysis >= 0.5 * peak) {
                r->metrics.onset_h = r->drv[r->at[j]].t_h - first;
                break;
            }
    }
    free(want);
    return st;
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
        snprintf(r->col_name[c], sizeof r->col_name[c], "%s_ng_mL", m->species_label[k]);
        for (size_t i = 0; i < n; i++)
            r->table[c * n + i] = r->conc[i * ns + k];
    }
    if (r->has_pd) {
        for (size_t k = 0; k < ns; k++) {
            if (m->pd[k].target != CNSIM_PD_TARGET_BZD)
                continue;
            snprintf(r->col_name[c], sizeof r->col_name[c], "%s_ce_unbound_ng_mL", m->species_label[k]);
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
    r->metrics.onset_h = r->metrics.antidepressant_t50_h = r->metrics.antidepressant_t50_peak_h = NAN;
    r->metrics.antidepressant_peak_time_h = NAN;
    r->metrics.final_sert_occupancy = r->metrics.final_adaptation = NAN;
    r->has_pd = (r->what & CNSIM_RUN_PD) && (m->has_bzd || m->has_sert);
    r->has_net = r->has_pd && (r->what & CNSIM_RUN_NETWORK) && m->n_exmap > 0;
    r->has_summary = (r->what & CNSIM_RUN_SUMMARY) != 0;
    double t_pd = r->has_pd ? r->t[n - 1] : -INFINITY;

    /* What the pass must record: the outputs, both sides of every record
     * and input edge the pharmacodynamics sees, the summary's plans. */
    r->n_req = 0;
    for (size_t i = 0; i < n; i++)
        if (push_req(r, r->t[i], r->has_user_times && r->b_user ? r->b_user[i] : 0, REQ_OUTPUT, i, 0))
            return oom("samples");
    double first = INFINITY;
    for (size_t i = 0; i < r->ev.n; i++)
        if (cnsim__is_dose(&r->ev.ev[i])) {
            first = r->ev.ev[i].time_h;
            break;
        }
    r->n_anchor = 0;
    if (r->has_pd) {
        for (size_t i = 0; i < r->ev.n; i++) {
            const cnsim_event *e = &r->ev.ev[i];
            if (e->evid != CNSIM_EVID_OBS && e->time_h <= t_pd &&
                (push_req(r, e->time_h, 1, REQ_EVENT, i, 0) || push_req(r, e->time_h, 0, REQ_EVENT, i, 0)))
                return oom("samples");
        }
        size_t n_in = cnsim_pk_run_input_times(r->pk_run, r->ev.ev, r->ev.n, NULL, NULL, 0);
        double *tin = malloc((n_in + 1) * sizeof *tin);
        int *din = malloc((n_in + 1) * sizeof *din);
        if (!tin || !din || grow(&r->anchor, &r->cap_anchor, n_in + 1, sizeof *r->anchor)) {
            free(tin), free(din);
            return oom("samples");
        }
        cnsim_pk_run_input_times(r->pk_run, r->ev.ev, r->ev.n, tin, din, n_in);
        for (size_t i = 0; i < n_in; i++) {
            r->anchor[r->n_anchor++] = (anchor){tin[i], (size_t)din[i]};
            if (tin[i] <= t_pd && (push_req(r, tin[i], 1, REQ_EVENT, 0, 0) || push_req(r, tin[i], 0, REQ_EVENT, 0, 0))) {
                free(tin), free(din);
                return oom("samples");
            }
        }
        free(tin), free(din);
        qsort(r->anchor, r->n_anchor, sizeof *r->anchor, cmp_anchor);
        if ((st = build_schedules(r)) != CNSIM_OK)
            return st;
    }
    for (size_t k = 0; k < ns; k++) {
        cnsim_pk_summary_plan_free(&r->plan[k]);
        if (!r->has_summary)
            continue;
        if ((st = cnsim_pk_summary_plan_create(r->pk_run, k, r->ev.ev, r->ev.n, r->tau[m->species_drug[k]],
                                               &r->plan[k])) != CNSIM_OK)
            return st;
        /* A metabolite's plan is its parent's (the same doses and
         * washout): its samples are asked for once. */
        r->plan_of[k] = k;
        for (size_t k2 = 0; k2 < k; k2++)
            if (m->species_drug[k2] == m->species_drug[k] && r->plan[k].n > 0 && r->plan[k2].n == r->plan[k].n &&
                !memcmp(r->plan[k2].t_h, r->plan[k].t_h, r->plan[k].n * sizeof *r->plan[k].t_h) &&
                !memcmp(r->plan[k2].before_events, r->plan[k].before_events, r->plan[k].n)) {
                r->plan_of[k] = k2;
                break;
            }
        for (size_t j = 0; r->plan_of[k] == k && j < r->plan[k].n; j++)
            if (push_req(r, r->plan[k].t_h[j], r->plan[k].before_events[j], REQ_PLAN, k, j))
                return oom("samples");
    }
    if ((st = build_samples(r, t_pd, first)) != CNSIM_OK)
        return st;
    if (grow(&r->s_conc, &r->cap_sc, r->n_s * ns, sizeof *r->s_conc) ||
        (r->has_pd && grow(&r->s_ce, &r->cap_sce, r->n_s * ns, sizeof *r->s_ce)))
        return oom("concentrations");

    /* PK, once. */
    struct timespec tpk;
    clock_gettime(CLOCK_MONOTONIC, &tpk);
    cnsim_pk_samples smp = {.t_h = r->s_t, .n = r->n_s, .before_events = r->s_before, .need_drugs = r->s_need,
                            .conc_ng_mL = r->s_conc,
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
        if ((st = run_pd(r, first)) != CNSIM_OK)
            return st;
        r->stats.pd_wall_s = seconds_since(&tpd);
        r->stats.pd_solver = m->opts.pd.kind;
        const cnsim_pd_state *last = &r->pd[n - 1];
        cnsim_pd_withdrawal_summarize(r->t, r->pd, n, m->sys.withdrawal_threshold, &r->metrics.withdrawal);
        cnsim_pd_discontinuation_summarize(r->t, r->pd, n, m->sys.ssri_disc_threshold,
                                           &r->metrics.ssri_discontinuation);
        r->metrics.final_sert_occupancy = last->sert_occupancy;
        r->metrics.final_adaptation = last->adaptation;
        double ad_end = last->antidepressant, ad_peak = 0, ad_peak_t = NAN, occ_peak = 0;
        for (size_t i = 0; i < n; i++) {
            if (r->pd[i].antidepressant > ad_peak)
                ad_peak = r->pd[i].antidepressant, ad_peak_t = r->t[i];
            occ_peak = fmax(occ_peak, r->pd[i].sert_occupancy);
        }
        r->metrics.antidepressant_peak = ad_peak;
        r->metrics.antidepressant_peak_time_h = ad_peak_t;
        r->metrics.sert_occupancy_peak = occ_peak;
        for (size_t i = 0; ad_end > 1e-3 && i < n; i++)
            if (r->pd[i].antidepressant >= 0.5 * ad_end) {
                r->metrics.antidepressant_t50_h = r->t[i];
                break;
            }
        for (size_t i = 0; ad_peak > 1e-3 && i < n; i++)
            if (r->pd[i].antidepressant >= 0.5 * ad_peak) {
                r->metrics.antidepressant_t50_peak_h = r->t[i];
                break;
            }
    } else {
        r->metrics.withdrawal.peak_time_h = r->metrics.withdrawal.onset_time_h = NAN;
        r->metrics.ssri_discontinuation.peak_time_h = r->metrics.ssri_discontinuation.onset_time_h = NAN;
    }

    /* The summary from the same trajectory: its planned samples. */
    for (size_t k = 0; r->has_summary && k < ns; k++) {
        const cnsim_pk_summary_plan *p = &r->plan[k];
        double *c = p->n ? malloc(p->n * sizeof *c) : NULL;
        if (p->n && !c)
            return oom("the summary");
        for (size_t q = 0; q < r->n_req; q++)
            if (r->req[q].kind == REQ_PLAN && r->req[q].a == r->plan_of[k])
                c[r->req[q].b] = r->s_conc[r->req_sample[q] * ns + k];
        double ss = NAN;
        if (p->n && !isnan(p->tau_h)) {
            const cnsim_event *lastdose = NULL;
            for (size_t i = 0; i < r->ev.n; i++)
                if (r->ev.ev[i].drug == (int)m->species_drug[k] && cnsim__is_dose(&r->ev.ev[i]))
                    lastdose = &r->ev.ev[i];
            double css[MODEL_MAX_SPECIES];
            if ((st = cnsim_pk_run_ss_trough(r->pk_run, lastdose, p->tau_h, css)) != CNSIM_OK) {
                free(c);
                return st;
            }
            ss = css[k];
        }
        st = cnsim_pk_summary_finish(p, m->species_label[k], m->species_is_met[k] != 0, c, ss, &r->summary[k]);
        free(c);
        if (st != CNSIM_OK)
            return st;
    }

    /* Findings: the model's, then this subject's. */
    r->n_findings = 0;
    if (grow(&r->findings, &r->cap_findings, m->n_findings + 1, sizeof *r->findings))
        return oom("findings");
    if (m->n_findings)
        memcpy(r->findings, m->findings, m->n_findings * sizeof *r->findings);
    r->n_findings = m->n_findings;
    if ((r->what & CNSIM_RUN_FINDINGS) &&
        (st = cnsim__dose_findings(m, &r->ev, r->horizon.until_h, r->has_pd ? &r->metrics.ssri_discontinuation : NULL,
                                   &r->findings, &r->n_findings, &r->cap_findings)) !=
            CNSIM_OK)
        return st;
    if ((r->what & CNSIM_RUN_FINDINGS) &&
        (st = cnsim__patient_dose_findings(m, &r->ev, &r->findings, &r->n_findings, &r->cap_findings)) != CNSIM_OK)
        return st;

    if ((st = build_table(r)) != CNSIM_OK)
        return st;
    r->stats.wall_s = seconds_since(&t0);
    return CNSIM_OK;
}

cnsim_status cnsim_run_memory_estimate(cnsim_run *r, double *bytes, size_t *n_rows, size_t *n_columns)
{
    *bytes = 0;
    cnsim_status st = cnsim_run_prepare(r);
    if (st != CNSIM_OK)
        return st;
    const cnsim_model *m = r->m;
    double ns = (double)m->n_species, rows = (double)r->n_t, n_ev = (double)r->ev.n;
    int pd = (r->what & CNSIM_RUN_PD) && (m->has_bzd || m->has_sert);
    double cols = ns + (pd ? ns + N_PD_COLS + 2 : 0);
    double t_end = r->n_t ? r->t[r->n_t - 1] : 0;
    /* Samples: the outputs, both sides of each record and input edge, the
     * summary's plans (about 3000 per species), and the PD nodes: at most
     * one per max_step, plus the dense stretch after each dose (bounded by
     * the fine step). */
    double nodes = 0;
    if (pd) {
        double dense = 0;
        for (size_t i = 0; i < r->ev.n; i++)
            dense += cnsim__is_dose(&r->ev.ev[i]);
        nodes = t_end / m->opts.pd.max_step_h + fmin(dense * 30, t_end / m->opts.pd.step_h) + 12 / m->opts.pd.step_h;
    }
    double plans = (r->what & CNSIM_RUN_SUMMARY) ? 3000 * ns : 0;
    double samples = rows + 4 * n_ev + plans + nodes;
    /* Per sample: its time, flags, mask, request and key, concentrations and
     * effect sites, node index and drivers. Per row: times, concentrations,
     * effect sites, PD state and the table. */
    double per_sample = 8 + 3 + 4 + 24 + 16 + 4 + 16 * ns + 8 + (pd ? 48 + 8 : 0);
    double per_row = 8 + 16 * ns + (pd ? sizeof(cnsim_pd_state) : 0) + 8 * cols;
    if (n_rows)
        *n_rows = r->n_t;
    if (n_columns)
        *n_columns = (size_t)cols;
    *bytes = samples * per_sample + rows * per_row + (double)r->ev.n * 2 * sizeof(cnsim_event);
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
const double *cnsim_run_table(const cnsim_run *r) { return r->table; }
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
