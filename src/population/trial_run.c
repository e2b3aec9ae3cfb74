/* Virtual clinical trials (docs/trial.md). Each arm's drug exposure runs
 * once through the chain (a model of the arm's drugs and one run, hourly
 * PD states, as the bridge does in src/clinical/course_bridge.c); every replicate then randomises fresh
 * virtual patients: patient j of replicate r has the symptom-model
 * parameters of cnsim_course_patient(mean, hash(seed, r), j) and its own
 * GSL stream, seeded from hash(seed, r, j), for dropout and the adverse-
 * event draws. Nothing depends on the thread that runs a replicate, and the
 * statistics are combined in replicate order, so any number of OpenMP
 * threads gives the same numbers bit for bit. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <omp.h>

#include "cnsim/course.h"
#include "cnsim/model.h"
#include "cnsim/pd.h"
#include "cnsim/regimen.h"
#include "cnsim/trial.h"
#include "core_impl.h"

#define WITHDRAWAL_WINDOW_H (14 * 24.0)   /* events counted up to 2 weeks after the last dose */
/* Remission on HAM-A: total score <= 7, the conventional cut-off for
 * remission of anxiety (Ballenger 1999, J Clin Psychiatry 60 Suppl 22:29;
 * used in GAD and panic trials; quoted from memory, verify). */
#define HAMA_REMISSION 7.0
/* Adverse event (sedation/somnolence), docs/trial.md "Endpoints": each
 * patient's sensitivity to the sedation index is log-normal with SD
 * AE_SENS_OMEGA (assumed); a background rate AE_BACKGROUND of somnolence
 * reports on placebo (Klonopin label, panic trials: somnolence 10% on
 * placebo vs 37% on clonazepam; from memory, verify). With the default
 * threshold 0.5 a 1 mg/day clonazepam arm reports about 37%. */
#define AE_SENS_OMEGA 0.8
#define AE_BACKGROUND 0.10


const char *cnsim_trial_endpoint_type_str(cnsim_trial_endpoint_type t)
{
    static const char *s[] = {"response", "remission", "withdrawal_event", "adverse_event"};
    return (unsigned)t < 4 ? s[t] : "?";
}

const char *cnsim_trial_scale_str(cnsim_trial_scale s)
{
    return s == CNSIM_TRIAL_HAMA ? "HAM-A" : "HAM-D";
}

/* splitmix64 finalizer: mixes (a, b) into 64 bits. */
static uint64_t mix(uint64_t a, uint64_t b)
{
    uint64_t z = a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int cnsim_trial_risk_ratio(size_t a, size_t n_a, size_t b, size_t n_b, double *rr, double *lo, double *hi)
{
    /* Katz et al. 1978 (Biometrics 34:469): log RR is approximately normal
     * with variance 1/a - 1/n_a + 1/b - 1/n_b. A zero cell makes it
     * infinite; the usual remedy adds 0.5 to each cell of the 2x2 table
     * (Haldane-Anscombe), so a -> a + 0.5 and n -> n + 1. */
    double x = (double)a, nx = (double)n_a, y = (double)b, ny = (double)n_b;
    if (a == 0 || b == 0)
        x += 0.5, y += 0.5, nx += 1, ny += 1;
    *rr = (x / nx) / (y / ny);
    double se = sqrt(fmax(0, 1 / x - 1 / nx + 1 / y - 1 / ny));
    *lo = exp(log(*rr) - 1.959963984540054 * se);
    *hi = exp(log(*rr) + 1.959963984540054 * se);
    return *lo > 1 || *hi < 1;
}

static cnsim_status check_drug(cnsim_registry *reg, const char *name, cnsim_pd_target want, const char *field,
                               char canon[CNSIM_NAME_MAX])
{
    cnsim_status st = cnsim_registry_resolve(reg, name, canon);
    if (st != CNSIM_OK) {
        char why[512];
        snprintf(why, sizeof why, "%s", cnsim_last_error());
        return cnsim__fail(CNSIM_E_ARG, "trial file: %s: %s", field, why);
    }
    cnsim_pd_drug_params pd;
    if ((st = cnsim_registry_pd_params(reg, canon, &pd)) != CNSIM_OK)
        return st;
    if (pd.target != want)
        return cnsim__fail(CNSIM_E_ARG, "trial file: %s: \"%s\" is not %s", field, canon,
                           want == CNSIM_PD_TARGET_SERT ? "an SSRI (no SERT target in the registry)"
                                                        : "a benzodiazepine (no GABA-A site target in the registry)");
    return CNSIM_OK;
}

/* Weekly benzodiazepine doses, as cnsim_bridge_run builds them: full for
 * ceil(bzd_weeks), then halved each week, rounded to 0.125 mg. */
static void schedule(const cnsim_trial_arm *a, cnsim_trial_arm_info *info)
{
    info->n_steps = cnsim_bridge_schedule(a->bzd_mg, a->bzd_weeks, a->taper_weeks, info->step_mg,
                                          sizeof info->step_mg / sizeof info->step_mg[0], &info->max_cut_per_2_weeks);
}

/* PD states of one arm at hours 0..n_h-1. A placebo arm has no drug: every
 * index is 0, which is what the symptom model reads as no drug effect. */
static cnsim_status arm_pd(cnsim_registry *reg, const cnsim_trial_arm *a, cnsim_trial_arm_info *info,
                           size_t n_days, const double *th, size_t n_h, cnsim_pd_state *ps)
{
    memset(ps, 0, n_h * sizeof *ps);
    if (!info->ssri[0] && !info->bzd[0])
        return CNSIM_OK;
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    cnsim_model_drug md[2];
    size_t n = 0;
    if (info->ssri[0])
        md[n++] = (cnsim_model_drug){info->ssri, NULL, NULL};
    if (info->bzd[0])
        md[n++] = (cnsim_model_drug){info->bzd, NULL, NULL};
    cnsim_model *m = NULL;
    cnsim_run *run = NULL;
    cnsim_status st = cnsim_bridge_events(info->ssri[0] ? info->ssri : NULL, a->ssri_mg,
                                          info->bzd[0] ? info->bzd : NULL, a->bzd_n_per_day, info->step_mg,
                                          info->n_steps, n_days, &ev);
    if (st == CNSIM_OK && (st = cnsim_model_create(reg, md, n, NULL, &m)) == CNSIM_OK &&
        (st = cnsim_run_create(m, &run)) == CNSIM_OK &&
        (st = cnsim_run_set_outputs(run, CNSIM_RUN_PD | CNSIM_RUN_FINDINGS)) == CNSIM_OK &&
        (st = cnsim_run_set_events(run, &ev, 1)) == CNSIM_OK && (st = cnsim_run_set_times(run, th, n_h)) == CNSIM_OK &&
        (st = cnsim_run_simulate(run)) == CNSIM_OK) {
        memcpy(ps, cnsim_run_pd(run), n_h * sizeof *ps);
        size_t nf = cnsim_run_n_findings(run), cap = sizeof info->findings / sizeof info->findings[0];
        for (info->n_findings = 0; info->n_findings < nf && info->n_findings < cap; info->n_findings++)
            info->findings[info->n_findings] = *cnsim_run_finding(run, info->n_findings);
    }
    cnsim_run_free(run);
    cnsim_model_free(m);
    cnsim_event_list_free(&ev);
    return st;
}

/* What one replicate needs to know about an endpoint row. */
typedef struct row_plan {
    size_t endpoint, week_h;
} row_plan;

/* Withdrawal window of an arm for an endpoint: pre-taper hour, last hour. */
typedef struct window {
    int has;
    size_t pre_h, end_h;
} window;

typedef struct run_ctx {
    const cnsim_trial_design *d;
    const cnsim_course_params *mean;
    size_t n_h, n_rows, n_total;
    const double *th;
    cnsim_pd_state *const *ps;                  /* per arm */
    const row_plan *rows;
    window win[CNSIM_TRIAL_MAX_ENDPOINTS][CNSIM_TRIAL_MAX_ARMS];
    size_t first_patient[CNSIM_TRIAL_MAX_ARMS];
    double drop_rate_per_h;                     /* exponential hazard */
} run_ctx;

/* One replicate: fills count[row * n_arms + arm] (patients with the
 * outcome) and rr/sig per row. hamd, hama: n_h scratch. */
static void replicate(const run_ctx *c, size_t r, gsl_rng *rng, double *hamd, double *hama, uint32_t *count,
                      double *rr, unsigned char *sig)
{
    const cnsim_trial_design *d = c->d;
    size_t n_arms = d->n_arms;
    memset(count, 0, c->n_rows * n_arms * sizeof *count);
    unsigned long seed_r = (unsigned long)(mix(d->seed, r) & 0xffffffffUL);
    for (size_t a = 0; a < n_arms; a++) {
        const cnsim_pd_state *ps = c->ps[a];
        for (size_t i = 0; i < d->arms[a].n_patients; i++) {
            size_t j = c->first_patient[a] + i;
            cnsim_course_params p;
            cnsim_course_patient(c->mean, seed_r, j, &p);
            cnsim_course_run(&p, c->th, ps, c->n_h, hamd, hama);
            /* The patient's own stream, in a fixed order: dropout,
             * sedation sensitivity, background adverse event and its time. */
            gsl_rng_set(rng, (unsigned long)(mix(mix(d->seed ^ 0x7472ULL, r), j) & 0xffffffffUL));
            double u = gsl_rng_uniform_pos(rng);
            double t_drop_h = c->drop_rate_per_h > 0 ? -log(u) / c->drop_rate_per_h : INFINITY;
            double sens = exp(AE_SENS_OMEGA * gsl_ran_gaussian(rng, 1.0));
            int ae_background = gsl_rng_uniform(rng) < AE_BACKGROUND;
            double ae_background_h = 168.0 * gsl_rng_uniform(rng);
            for (size_t k = 0; k < c->n_rows; k++) {
                const cnsim_trial_endpoint *e = &d->endpoints[c->rows[k].endpoint];
                size_t wh = c->rows[k].week_h;
                const double *s = e->scale == CNSIM_TRIAL_HAMA ? hama : hamd;
                int yes = 0;
                switch (e->type) {
                case CNSIM_TRIAL_RESPONSE:
                case CNSIM_TRIAL_REMISSION: {
                    /* non-responder imputation: a patient who dropped out
                     * before the visit counts as not responding */
                    double base = e->scale == CNSIM_TRIAL_HAMA ? p.hama_baseline : p.hamd_baseline;
                    double lim = e->type == CNSIM_TRIAL_RESPONSE ? base * (1 - p.response_frac)
                                 : e->scale == CNSIM_TRIAL_HAMA ? HAMA_REMISSION
                                                                 : p.remission_hamd;
                    yes = t_drop_h > (double)wh && s[wh] <= lim;
                    break;
                }
                case CNSIM_TRIAL_WITHDRAWAL_EVENT: {
                    const window *w = &c->win[c->rows[k].endpoint][a];
                    if (!w->has)
                        break;
                    size_t end = w->end_h < wh ? w->end_h : wh;
                    for (size_t h = w->pre_h + 1; h <= end && (double)h < t_drop_h; h++)
                        if (s[h] - s[w->pre_h] >= e->rise_points) {
                            yes = 1;
                            break;
                        }
                    break;
                }
                case CNSIM_TRIAL_ADVERSE_EVENT: {
                    yes = ae_background && ae_background_h < t_drop_h;
                    for (size_t h = 0; !yes && h <= 168 && h < c->n_h && (double)h < t_drop_h; h++)
                        if (sens * ps[h].sedation > e->sedation_threshold)
                            yes = 1;
                    break;
                }
                }
                count[k * n_arms + a] += (uint32_t)yes;
            }
        }
    }
    for (size_t k = 0; k < c->n_rows; k++) {
        const cnsim_trial_endpoint *e = &d->endpoints[c->rows[k].endpoint];
        size_t A = e->compare[0], B = e->compare[1];
        double lo, hi;
        sig[k] = (unsigned char)cnsim_trial_risk_ratio(count[k * n_arms + A], d->arms[A].n_patients,
                                                       count[k * n_arms + B], d->arms[B].n_patients, &rr[k], &lo, &hi);
    }
}

void cnsim_trial_result_free(cnsim_trial_result *r)
{
    if (!r)
        return;
    free(r->rows);
    r->rows = NULL, r->n_rows = 0;
}

cnsim_status cnsim_trial_run(cnsim_registry *reg, const cnsim_trial_design *d, cnsim_trial_result *r)
{
    cnsim__clear_error();
    memset(r, 0, sizeof *r);
    if (d->n_arms < 2 || d->n_arms > CNSIM_TRIAL_MAX_ARMS || d->n_endpoints < 1 ||
        d->n_endpoints > CNSIM_TRIAL_MAX_ENDPOINTS || d->weeks < 1 || d->weeks > CNSIM_TRIAL_MAX_WEEKS)
        return cnsim__fail(CNSIM_E_ARG, "trial: the design has %zu arms, %zu endpoints, %d weeks; expected 2-8, "
                           "1-16, 1-52", d->n_arms, d->n_endpoints, d->weeks);
    if (d->replicates < 1 || d->replicates > CNSIM_TRIAL_MAX_REPLICATES)
        return cnsim__fail(CNSIM_E_RANGE, "trial: replicates %zu; expected 1..%d", d->replicates,
                           CNSIM_TRIAL_MAX_REPLICATES);
    if (!(d->dropout_per_week >= 0 && d->dropout_per_week < 1))
        return cnsim__fail(CNSIM_E_RANGE, "trial: dropout.per_week %g; expected [0, 1)", d->dropout_per_week);
    size_t n_total = 0;
    for (size_t a = 0; a < d->n_arms; a++) {
        if (d->arms[a].n_patients < 1)
            return cnsim__fail(CNSIM_E_RANGE, "trial: arm \"%s\" has no patient", d->arms[a].name);
        n_total += d->arms[a].n_patients;
    }
    if (n_total > CNSIM_TRIAL_MAX_PATIENTS)
        return cnsim__fail(CNSIM_E_RANGE, "trial: %zu patients; expected at most %d", n_total,
                           CNSIM_TRIAL_MAX_PATIENTS);
    double courses = (double)d->replicates * (double)n_total;
    if (courses > CNSIM_TRIAL_MAX_COURSES)
        return cnsim__fail(CNSIM_E_RANGE,
                           "trial: %zu replicates x %zu patients = %.3g patient-courses, above the budget of %.0e "
                           "(estimate: about %.0f CPU-seconds at 60 us per 8-week course); lower --replicates "
                           "or the sample size", d->replicates, n_total, courses, CNSIM_TRIAL_MAX_COURSES,
                           courses * 60e-6 * d->weeks / 8.0);
    size_t n_rows = 0;
    for (size_t k = 0; k < d->n_endpoints; k++)
        n_rows += d->endpoints[k].n_weeks;

    cnsim_status st;
    for (size_t a = 0; a < d->n_arms; a++) {
        const cnsim_trial_arm *arm = &d->arms[a];
        char f[64];
        if (arm->ssri[0]) {
            snprintf(f, sizeof f, "arms[%zu].ssri", a);
            if ((st = check_drug(reg, arm->ssri, CNSIM_PD_TARGET_SERT, f, r->arms[a].ssri)) != CNSIM_OK)
                return st;
            if (!(arm->ssri_mg > 0))
                return cnsim__fail(CNSIM_E_RANGE, "trial: arms[%zu].ssri: the dose must be positive", a);
        }
        if (arm->bzd[0]) {
            snprintf(f, sizeof f, "arms[%zu].bzd", a);
            if ((st = check_drug(reg, arm->bzd, CNSIM_PD_TARGET_BZD, f, r->arms[a].bzd)) != CNSIM_OK)
                return st;
            if (!(arm->bzd_mg > 0) || arm->bzd_n_per_day < 1 || arm->bzd_n_per_day > 4 || !(arm->bzd_weeks > 0) ||
                arm->bzd_weeks > 26 || arm->taper_weeks < 0 || arm->taper_weeks > 12)
                return cnsim__fail(CNSIM_E_RANGE, "trial: arms[%zu].bzd: dose, frequency or weeks out of range", a);
            schedule(arm, &r->arms[a]);
        }
        double stop_h = r->arms[a].n_steps * 168.0;
        /* A stop at the last day of the follow-up is not observed: no stop week. */
        r->arms[a].stop_week = arm->bzd[0] && stop_h < d->weeks * 168.0 ? r->arms[a].n_steps : NAN;
    }
    cnsim_course_params mean;
    if ((st = cnsim_course_params_load(reg, &mean)) != CNSIM_OK)
        return st;

    /* PD of each arm, hourly over the follow-up. */
    size_t n_days = (size_t)d->weeks * 7, n_h = n_days * 24 + 1;
    double *th = malloc(n_h * sizeof *th);
    cnsim_pd_state *ps[CNSIM_TRIAL_MAX_ARMS] = {0};
    row_plan *rows = malloc(n_rows * sizeof *rows);
    double *rr = malloc(d->replicates * n_rows * sizeof *rr);
    unsigned char *sig = malloc(d->replicates * n_rows);
    uint64_t *sum = calloc(n_rows * d->n_arms, sizeof *sum);
    r->rows = calloc(n_rows, sizeof *r->rows);
    int ok = th && rows && rr && sig && sum && r->rows;
    for (size_t a = 0; a < d->n_arms && ok; a++)
        ok = (ps[a] = malloc(n_h * sizeof *ps[a])) != NULL;
    if (!ok) {
        st = cnsim__fail(CNSIM_E_NOMEM, "trial: out of memory for %zu replicates x %zu rows", d->replicates, n_rows);
        goto done;
    }
    for (size_t i = 0; i < n_h; i++)
        th[i] = (double)i;
    for (size_t a = 0; a < d->n_arms; a++) {
        if ((st = arm_pd(reg, &d->arms[a], &r->arms[a], n_days, th, n_h, ps[a])) != CNSIM_OK)
            goto done;
        double m = 0;
        for (size_t h = 0; h <= 168 && h < n_h; h++)
            m = fmax(m, ps[a][h].sedation);
        r->arms[a].sedation_week1_max = m;
    }

    run_ctx c;
    memset(&c, 0, sizeof c);
    c.d = d, c.mean = &mean, c.n_h = n_h, c.n_rows = n_rows, c.n_total = n_total, c.th = th, c.ps = ps;
    c.rows = rows;
    c.drop_rate_per_h = -log(1 - d->dropout_per_week) / 168.0;
    for (size_t a = 1; a < d->n_arms; a++)
        c.first_patient[a] = c.first_patient[a - 1] + d->arms[a - 1].n_patients;
    size_t k = 0;
    for (size_t e = 0; e < d->n_endpoints; e++) {
        const cnsim_trial_endpoint *ep = &d->endpoints[e];
        for (size_t w = 0; w < ep->n_weeks; w++, k++)
            rows[k].endpoint = e, rows[k].week_h = (size_t)ep->weeks[w] * 168;
        if (ep->type != CNSIM_TRIAL_WITHDRAWAL_EVENT)
            continue;
        /* An arm with a benzodiazepine has its own window (the hour its
         * taper starts to two weeks after its last dose); an arm without
         * one is observed over the window of the compared arm that has
         * one, so both arms are judged over the same calendar weeks. */
        size_t donor = d->arms[ep->compare[0]].bzd[0] ? ep->compare[0] : ep->compare[1];
        for (size_t a = 0; a < d->n_arms; a++) {
            size_t src = d->arms[a].bzd[0] ? a : donor;
            const cnsim_trial_arm_info *in = &r->arms[src];
            size_t pre = (size_t)ceil(d->arms[src].bzd_weeks) * 168;
            size_t end = (size_t)(in->n_steps * 168.0 + WITHDRAWAL_WINDOW_H);
            window *wn = &c.win[e][a];
            wn->has = pre < n_h - 1;
            wn->pre_h = pre, wn->end_h = end < n_h - 1 ? end : n_h - 1;
        }
    }

    int failed = 0;
    size_t n_done = 0;
#pragma omp parallel num_threads(d->n_threads > 0 ? d->n_threads : omp_get_max_threads())
    {
        double *hamd = malloc(n_h * sizeof *hamd), *hama = malloc(n_h * sizeof *hama);
        uint32_t *count = malloc(n_rows * d->n_arms * sizeof *count);
        uint64_t *mine = calloc(n_rows * d->n_arms, sizeof *mine);
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!hamd || !hama || !count || !mine || !rng) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic)
        for (size_t rep = 0; rep < d->replicates; rep++) {
            int f;
#pragma omp atomic read
            f = failed;
            if (f)
                continue;
            replicate(&c, rep, rng, hamd, hama, count, rr + rep * n_rows, sig + rep * n_rows);
            for (size_t i = 0; i < n_rows * d->n_arms; i++)
                mine[i] += count[i];
            size_t done;
#pragma omp atomic capture
            done = ++n_done;
            if (d->progress.fn && omp_get_thread_num() == 0)
                d->progress.fn(d->progress.ctx, (double)done, (double)d->replicates);
        }
        /* integer sums: the order in which threads add them does not matter */
#pragma omp critical(cnsim_trial_sum)
        if (mine)
            for (size_t i = 0; i < n_rows * d->n_arms; i++)
                sum[i] += mine[i];
        free(hamd), free(hama), free(count), free(mine);
        if (rng)
            gsl_rng_free(rng);
    }
    if (failed) {
        st = cnsim__fail(CNSIM_E_NOMEM, "trial: out of memory in a worker thread");
        goto done;
    }

    /* Statistics over replicates, in replicate order. */
    double *col = malloc(d->replicates * sizeof *col);
    if (!col) {
        st = cnsim__fail(CNSIM_E_NOMEM, "trial: out of memory");
        goto done;
    }
    for (k = 0; k < n_rows; k++) {
        cnsim_trial_row *row = &r->rows[k];
        row->endpoint = rows[k].endpoint;
        row->week = (int)(rows[k].week_h / 168);
        size_t n_sig = 0;
        for (size_t rep = 0; rep < d->replicates; rep++)
            col[rep] = rr[rep * n_rows + k], n_sig += sig[rep * n_rows + k];
        gsl_sort(col, 1, d->replicates);
        row->rr_median = gsl_stats_quantile_from_sorted_data(col, 1, d->replicates, 0.5);
        row->rr_p2_5 = gsl_stats_quantile_from_sorted_data(col, 1, d->replicates, 0.025);
        row->rr_p97_5 = gsl_stats_quantile_from_sorted_data(col, 1, d->replicates, 0.975);
        row->power = (double)n_sig / d->replicates;
        for (size_t a = 0; a < d->n_arms; a++)
            row->mean_pct[a] = 100.0 * sum[k * d->n_arms + a] / ((double)d->replicates * d->arms[a].n_patients);
    }
    free(col);
    r->n_rows = n_rows, r->replicates = d->replicates, r->seed = d->seed;
    st = CNSIM_OK;
done:
    free(th), free(rows), free(rr), free(sig), free(sum);
    for (size_t a = 0; a < d->n_arms; a++)
        free(ps[a]);
    if (st != CNSIM_OK)
        cnsim_trial_result_free(r);
    return st;
}
