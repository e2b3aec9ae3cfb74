/* Validation checks against published figures (include/cnsim/validate.h).
 * Each check builds a model of its drugs and simulates its regimen through
 * the run API (PK summary, PD states, trials); nothing is read back from
 * the parameter tables. The file sits in the population layer because the
 * trial-response checks run virtual trials (src/population/trial_run.c). */
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnsim/model.h"
#include "cnsim/regimen.h"
#include "cnsim/trial.h"
#include "cnsim/validate.h"
#include "core_impl.h"
#include "registry/registry_impl.h"

cnsim_validate_opts cnsim_validate_opts_default(void)
{
    cnsim_validate_opts o = {.only = NULL, .n_threads = 0};
    return o;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *s, int i)
{
    cnsim__strlcpy(dst, cnsim__reg_text(s, i), n);
}

cnsim_status cnsim_validate_load(cnsim_registry *reg, cnsim_validate_check **checks, size_t *n)
{
    *checks = NULL, *n = 0;
    sqlite3_stmt *s;
    cnsim_status st = cnsim__reg_prepare(reg,
                                         "SELECT name, kind, drug, species, regimen, drug2, regimen2, metric, published, "
                                         "tolerance_kind, tolerance, units, source, note, window_h, patient FROM validation_checks "
                                         "ORDER BY rowid",
                                         &s);
    if (st != CNSIM_OK)
        return st;
    size_t cap = 0;
    cnsim_validate_check *v = NULL;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 64;
            cnsim_validate_check *t = realloc(v, nc * sizeof *t);
            if (!t) {
                free(v);
                sqlite3_finalize(s);
                return cnsim__fail(CNSIM_E_NOMEM, "validation checks: out of memory");
            }
            v = t, cap = nc;
        }
        cnsim_validate_check *c = &v[(*n)++];
        memset(c, 0, sizeof *c);
        copy_col(c->name, sizeof c->name, s, 0);
        copy_col(c->kind, sizeof c->kind, s, 1);
        copy_col(c->drug, sizeof c->drug, s, 2);
        copy_col(c->species, sizeof c->species, s, 3);
        copy_col(c->regimen, sizeof c->regimen, s, 4);
        copy_col(c->drug2, sizeof c->drug2, s, 5);
        copy_col(c->regimen2, sizeof c->regimen2, s, 6);
        copy_col(c->metric, sizeof c->metric, s, 7);
        c->published = sqlite3_column_double(s, 8);
        c->is_relative = !strcmp(cnsim__reg_text(s, 9), "relative");
        c->tolerance = sqlite3_column_double(s, 10);
        copy_col(c->units, sizeof c->units, s, 11);
        copy_col(c->source, sizeof c->source, s, 12);
        copy_col(c->note, sizeof c->note, s, 13);
        c->window_h = sqlite3_column_type(s, 14) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 14);
        copy_col(c->patient, sizeof c->patient, s, 15);
    }
    if ((st = cnsim__reg_finalize(s)) != CNSIM_OK) {
        free(v);
        *n = 0;
        return st;
    }
    *checks = v;
    return CNSIM_OK;
}

/* ---- pattern ---------------------------------------------------------- */

static void lower(char *dst, size_t n, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < n; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[i] = 0;
}

static int match_one(const char *text, const char *pat)
{
    char t[512], p[256];
    lower(t, sizeof t, text);
    lower(p, sizeof p, pat);
    if (strpbrk(p, "*?["))
        return fnmatch(p, t, 0) == 0;
    return strstr(t, p) != NULL;
}

int cnsim_validate_matches(const cnsim_validate_check *c, const char *pattern)
{
    if (!pattern || !*pattern)
        return 1;
    return match_one(c->name, pattern) || match_one(c->drug, pattern) || match_one(c->species, pattern) ||
           match_one(c->kind, pattern) || match_one(c->metric, pattern) || match_one(c->drug2, pattern);
}

/* ---- simulations ------------------------------------------------------ */

/* A model of one or two drugs and its run. */
typedef struct sim {
    cnsim_model *m;
    cnsim_run *r;
} sim;

static void sim_free(sim *s)
{
    cnsim_run_free(s->r);
    cnsim_model_free(s->m);
    s->r = NULL, s->m = NULL;
}

static cnsim_status sim_create(cnsim_registry *reg, const cnsim_validate_check *c, const char *d2, sim *s)
{
    s->m = NULL, s->r = NULL;
    cnsim_model_drug md[2] = {{c->drug, NULL, NULL}, {d2, NULL, NULL}};
    cnsim_model_opts o = cnsim_model_opts_default();
    cnsim_patient pt;
    cnsim_status st = CNSIM_OK;
    if (*c->patient) {   /* the study's patients (a phenotype) */
        if ((st = cnsim_patient_parse(c->patient, &pt)) != CNSIM_OK)
            return st;
        o.patient = &pt;
    }
    st = cnsim_model_create(reg, md, d2 && *d2 ? 2 : 1, &o, &s->m);
    if (st == CNSIM_OK)
        st = cnsim_run_create(s->m, &s->r);
    if (st != CNSIM_OK)
        sim_free(s);
    return st;
}

/* The last dose of drug d among the run's records, and the interval
 * before it (NAN for a single dose). */
static void last_dose(const cnsim_run *r, size_t d, double *last_h, double *tau_h)
{
    const cnsim_event_list *ev = cnsim_run_events(r);
    double last = NAN, prev = NAN;
    for (size_t e = 0; e < ev->n; e++) {
        const cnsim_event *x = &ev->ev[e];
        if ((size_t)x->drug != d || !(x->evid == CNSIM_EVID_DOSE || x->evid == CNSIM_EVID_RESET_DOSE))
            continue;
        if (!isnan(last) && x->time_h > last)
            prev = last;
        if (isnan(last) || x->time_h > last)
            last = x->time_h;
    }
    *last_h = last;
    *tau_h = isnan(prev) ? NAN : last - prev;
}

static long species_index(const cnsim_model *m, const char *name)
{
    for (size_t k = 0; k < cnsim_model_n_species(m); k++)
        if (!strcasecmp(cnsim_model_species_name(m, k), name))   /* species names are lower case */
            return (long)k;
    return -1;
}

/* PK summary of `species` (of drug 0) under the regimens set on s. */
static cnsim_status summary_of(sim *s, const char *species, cnsim_pk_summary *out)
{
    long k = species_index(s->m, species);
    if (k < 0)
        return cnsim__fail(CNSIM_E_ARG, "species '%s' is not simulated by the model of %s", species,
                           cnsim_model_drug_name(s->m, 0));
    double t0 = 0;
    cnsim_status st;
    if ((st = cnsim_run_set_times(s->r, &t0, 1)) != CNSIM_OK ||
        (st = cnsim_run_set_outputs(s->r, CNSIM_RUN_SUMMARY)) != CNSIM_OK ||
        (st = cnsim_run_simulate(s->r)) != CNSIM_OK)
        return st;
    return cnsim_run_summary(s->r, (size_t)k, out);
}

/* Concentrations of `species` sampled every 0.05 h from the last dose to
 * window_h after it: the terminal half-life of those samples (NCA, as a
 * study with that sampling window reports it), or the zero-order fall
 * from 80% to 30% of their peak (mg/dL per hour; 1 mg/dL = 10000 ng/mL). */
static cnsim_status window_value(sim *s, const char *species, const char *metric, double window_h, double *v)
{
    cnsim_status st = cnsim_run_prepare(s->r);
    if (st != CNSIM_OK)
        return st;
    double last, tau;
    last_dose(s->r, 0, &last, &tau);
    size_t n = (size_t)ceil(window_h / 0.05) + 1;
    double *t = malloc(n * sizeof *t);
    if (!t)
        return cnsim__fail(CNSIM_E_NOMEM, "validation: out of memory");
    for (size_t i = 0; i < n; i++)
        t[i] = last + window_h * (double)i / (double)(n - 1);
    char col[CNSIM_NAME_MAX + 8];
    snprintf(col, sizeof col, "%s_ng_mL", species);
    long j;
    if ((st = cnsim_run_set_times(s->r, t, n)) != CNSIM_OK || (st = cnsim_run_set_outputs(s->r, 0)) != CNSIM_OK ||
        (st = cnsim_run_simulate(s->r)) != CNSIM_OK)
        goto done;
    if ((j = cnsim_run_column_index(s->r, col)) < 0) {
        st = cnsim__fail(CNSIM_E_ARG, "no output %s", col);
        goto done;
    }
    const double *c = cnsim_run_column(s->r, (size_t)j);
    if (!strcmp(metric, "t_half_h")) {
        cnsim_nca nca;
        if ((st = cnsim_nca_compute(t, c, n, last, last + window_h, &nca)) == CNSIM_OK)
            *v = nca.half_life_h;
    } else {
        size_t k = 0;
        for (size_t i = 1; i < n; i++)
            if (c[i] > c[k])
                k = i;
        double cmax = c[k], t80 = NAN, t30 = NAN, c80 = NAN, c30 = NAN;
        for (size_t i = k; i < n; i++) {
            if (isnan(t80) && c[i] <= 0.8 * cmax)
                t80 = t[i], c80 = c[i];
            if (isnan(t30) && c[i] <= 0.3 * cmax)
                t30 = t[i], c30 = c[i];
        }
        *v = (c80 - c30) / (t30 - t80) / 10000;
    }
done:
    free(t);
    return st;
}

static cnsim_status nca_value(cnsim_registry *reg, const cnsim_validate_check *c, double *v)
{
    sim s;
    cnsim_status st = sim_create(reg, c, NULL, &s);
    if (st != CNSIM_OK)
        return st;
    const char *species = *c->species ? c->species : c->drug;
    cnsim_pk_summary x;
    if ((st = cnsim_run_set_regimen(s.r, 0, c->regimen)) != CNSIM_OK ||
        (st = summary_of(&s, species, &x)) != CNSIM_OK)
        goto done;
    int single = isnan(x.tau_h);
    const char *m = c->metric;
    if ((!strcmp(m, "t_half_h") && !isnan(c->window_h)) || !strcmp(m, "elim_rate_mg_dL_h")) {
        st = window_value(&s, species, m, isnan(c->window_h) ? 48 : c->window_h, v);
        goto done;
    }
    if (!strcmp(m, "cmax_ng_mL"))
        *v = x.cmax_ng_mL;
    else if (!strcmp(m, "tmax_h"))
        *v = x.tmax_h;
    else if (!strcmp(m, "cmin_ng_mL"))
        *v = x.cmin_ng_mL;
    else if (!strcmp(m, "cavg_ng_mL"))
        *v = x.cavg_ng_mL;
    else if (!strcmp(m, "auc_ng_h_mL"))
        *v = single ? x.auc_inf_ng_h_mL : x.auc_tau_ng_h_mL;
    else if (!strcmp(m, "t_half_h"))
        *v = x.half_life_h;
    else if (!strcmp(m, "accumulation_ratio"))
        *v = x.accumulation_ratio;
    else if (!strcmp(m, "ratio_to_parent")) {
        cnsim_pk_summary p;
        if ((st = cnsim_run_summary(s.r, 0, &p)) != CNSIM_OK)
            goto done;
        *v = x.cavg_ng_mL / p.cavg_ng_mL;
    } else if (!strcmp(m, "trough_ratio_to_parent")) {
        cnsim_pk_summary p;
        if ((st = cnsim_run_summary(s.r, 0, &p)) != CNSIM_OK)
            goto done;
        *v = x.cmin_ng_mL / p.cmin_ng_mL;
    } else
        st = cnsim__fail(CNSIM_E_ARG,
                         "metric '%s' is not an NCA metric; expected cmax_ng_mL, tmax_h, cmin_ng_mL, cavg_ng_mL, "
                         "auc_ng_h_mL, t_half_h, accumulation_ratio, ratio_to_parent or trough_ratio_to_parent",
                         m);
done:
    sim_free(&s);
    return st;
}

/* AUC of drug 0 (the victim) over its last dosing interval, with the
 * perpetrator's regimen and without it, in one two-drug model: the
 * coupling is whatever the model does with both drugs present. */
static cnsim_status ddi_value(cnsim_registry *reg, const cnsim_validate_check *c, double *v)
{
    if (strcmp(c->metric, "auc_ratio"))
        return cnsim__fail(CNSIM_E_ARG, "metric '%s' is not a ddi_auc_ratio metric; expected auc_ratio", c->metric);
    if (!*c->drug2 || !*c->regimen2)
        return cnsim__fail(CNSIM_E_ARG, "a ddi_auc_ratio check needs drug2 and regimen2 (the perpetrator)");
    sim s;
    cnsim_status st = sim_create(reg, c, c->drug2, &s);
    if (st != CNSIM_OK)
        return st;
    cnsim_pk_summary with, without;
    const char *victim = cnsim_model_drug_name(s.m, 0);
    if ((st = cnsim_run_set_regimen(s.r, 0, c->regimen)) != CNSIM_OK ||
        (st = cnsim_run_set_regimen(s.r, 1, c->regimen2)) != CNSIM_OK ||
        (st = summary_of(&s, victim, &with)) != CNSIM_OK ||
        (st = cnsim_run_set_regimen(s.r, 1, NULL)) != CNSIM_OK ||
        (st = summary_of(&s, victim, &without)) != CNSIM_OK)
        goto done;
    if (isnan(with.tau_h)) {
        double a = with.auc_inf_ng_h_mL, b = without.auc_inf_ng_h_mL;
        *v = a / b;
    } else
        *v = with.auc_tau_ng_h_mL / without.auc_tau_ng_h_mL;
done:
    sim_free(&s);
    return st;
}

/* Mean occupancy (%) over the last dosing interval. */
static cnsim_status occupancy_value(cnsim_registry *reg, const cnsim_validate_check *c, double *v)
{
    const char *col;
    if (!strcmp(c->metric, "sert_occupancy_pct"))
        col = "sert_occupancy_frac";
    else if (!strcmp(c->metric, "bzd_occupancy_pct"))
        col = "gabaa_bzd_occupancy_frac";
    else
        return cnsim__fail(CNSIM_E_ARG, "metric '%s' is not an occupancy metric; expected sert_occupancy_pct or "
                                        "bzd_occupancy_pct", c->metric);
    sim s;
    cnsim_status st = sim_create(reg, c, NULL, &s);
    if (st != CNSIM_OK)
        return st;
    double last, tau;
    enum { N = 97 };
    double t[N];
    if ((st = cnsim_run_set_regimen(s.r, 0, c->regimen)) != CNSIM_OK ||
        (st = cnsim_run_set_outputs(s.r, CNSIM_RUN_PD)) != CNSIM_OK || (st = cnsim_run_prepare(s.r)) != CNSIM_OK)
        goto done;
    last_dose(s.r, 0, &last, &tau);
    if (isnan(tau))
        tau = 24;
    for (int i = 0; i < N; i++)
        t[i] = last + tau * i / (N - 1);
    if ((st = cnsim_run_set_times(s.r, t, N)) != CNSIM_OK || (st = cnsim_run_simulate(s.r)) != CNSIM_OK)
        goto done;
    long j = cnsim_run_column_index(s.r, col);
    if (j < 0) {
        st = cnsim__fail(CNSIM_E_ARG, "%s has no %s output", c->drug, col);
        goto done;
    }
    const double *y = cnsim_run_column(s.r, (size_t)j);
    /* Trapezoids on the even grid: the time average. */
    double sum = 0;
    for (int i = 0; i + 1 < N; i++)
        sum += 0.5 * (y[i] + y[i + 1]);
    *v = 100 * sum / (N - 1);
done:
    sim_free(&s);
    return st;
}

/* Days from the last dose to the withdrawal index's onset or peak, over
 * the automatic horizon (the last dose plus 5 recovery half-lives). */
static cnsim_status withdrawal_value(cnsim_registry *reg, const cnsim_validate_check *c, double *v)
{
    int onset = !strcmp(c->metric, "withdrawal_onset_day");
    if (!onset && strcmp(c->metric, "withdrawal_peak_day"))
        return cnsim__fail(CNSIM_E_ARG, "metric '%s' is not a withdrawal metric; expected withdrawal_onset_day or "
                                        "withdrawal_peak_day", c->metric);
    sim s;
    cnsim_status st = sim_create(reg, c, NULL, &s);
    if (st != CNSIM_OK)
        return st;
    double last, tau;
    if ((st = cnsim_run_set_regimen(s.r, 0, c->regimen)) != CNSIM_OK ||
        (st = cnsim_run_set_grid(s.r, NAN, 1)) != CNSIM_OK ||
        (st = cnsim_run_set_outputs(s.r, CNSIM_RUN_PD)) != CNSIM_OK || (st = cnsim_run_simulate(s.r)) != CNSIM_OK)
        goto done;
    last_dose(s.r, 0, &last, &tau);
    cnsim_run_metrics mt;
    cnsim_run_get_metrics(s.r, &mt);
    *v = ((onset ? mt.withdrawal.onset_time_h : mt.withdrawal.peak_time_h) - last) / 24;
done:
    sim_free(&s);
    return st;
}

/* "0.5 mg bid for 3 w": the amount per administration, administrations a
 * day and weeks, as a trial arm takes them. */
static cnsim_status arm_dose(const char *drug, const char *text, double *mg, int *n_per_day, double *weeks)
{
    cnsim_event_list raw, ev;
    cnsim_event_list_init(&raw);
    cnsim_event_list_init(&ev);
    int d;
    cnsim_status st = cnsim_event_list_drug(&raw, drug, &d);
    if (st == CNSIM_OK)
        st = cnsim_regimen_parse(text, 1, d, 24 * 365.0, &raw);
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, &ev);
    double first = NAN, last = NAN, amt = NAN;
    size_t n = 0;
    for (size_t e = 0; st == CNSIM_OK && e < ev.n; e++) {
        if (ev.ev[e].evid != CNSIM_EVID_DOSE)
            continue;
        if (isnan(first))
            first = ev.ev[e].time_h, amt = ev.ev[e].amt_mg;
        last = ev.ev[e].time_h;
        n++;
    }
    cnsim_event_list_free(&raw);
    cnsim_event_list_free(&ev);
    if (st != CNSIM_OK)
        return st;
    if (n == 0)
        return cnsim__fail(CNSIM_E_ARG, "regimen '%s' gives no dose", text);
    double days = (last - first) / 24 + 1;
    *mg = amt;
    *n_per_day = (int)lround(n / floor(days + 1e-9));
    *weeks = floor(days + 1e-9) / 7;
    if (*n_per_day < 1)
        *n_per_day = 1;
    return CNSIM_OK;
}

/* A three-arm trial (SSRI + benzodiazepine when drug2 is given, SSRI,
 * placebo) with HAM-D response at week N, 8 weeks, 20 replicates of 100
 * patients per arm, no dropout (the published rates are of completers
 * and intention-to-treat mixed; dropout is not what is checked). */
static cnsim_status trial_value(cnsim_registry *reg, const cnsim_validate_check *c, const cnsim_validate_opts *o,
                                double *v)
{
    int week = 0, kind = -1;
    static const char *const prefixes[] = {"ssri_response_pct_w", "placebo_response_pct_w", "rr_ssri_placebo_w",
                                           "rr_bzd_ssri_w"};
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(prefixes[i]);
        if (!strncmp(c->metric, prefixes[i], n) && sscanf(c->metric + n, "%d", &week) == 1)
            kind = i;
    }
    if (kind < 0 || week < 1 || week > 8)
        return cnsim__fail(CNSIM_E_ARG, "metric '%s' is not a trial metric; expected ssri_response_pct_wN, "
                                        "placebo_response_pct_wN, rr_ssri_placebo_wN or rr_bzd_ssri_wN (N 1-8)",
                           c->metric);
    int has_bzd = *c->drug2 != 0;
    if (kind == 3 && !has_bzd)
        return cnsim__fail(CNSIM_E_ARG, "metric %s needs drug2 (the benzodiazepine) and regimen2", c->metric);
    cnsim_trial_design *d = calloc(1, sizeof *d);
    if (!d)
        return cnsim__fail(CNSIM_E_NOMEM, "trial: out of memory");
    cnsim_status st = CNSIM_OK;
    double ssri_mg, weeks;
    int per_day;
    if ((st = arm_dose(c->drug, c->regimen, &ssri_mg, &per_day, &weeks)) != CNSIM_OK)
        goto done;
    ssri_mg *= per_day;
    snprintf(d->name, sizeof d->name, "validation: %.100s", c->name);
    d->indication = CNSIM_TRIAL_DEPRESSION;
    d->weeks = 8;
    d->replicates = 20;
    d->seed = 1;
    d->n_threads = o ? o->n_threads : 0;
    size_t a = 0;
    int i_bzd = -1, i_ssri, i_pl;
    if (has_bzd) {
        cnsim_trial_arm *x = &d->arms[a];
        snprintf(x->name, sizeof x->name, "%.60s + %.60s", c->drug, c->drug2);
        cnsim__strlcpy(x->ssri, c->drug, sizeof x->ssri);
        x->ssri_mg = ssri_mg;
        cnsim__strlcpy(x->bzd, c->drug2, sizeof x->bzd);
        if ((st = arm_dose(c->drug2, c->regimen2, &x->bzd_mg, &x->bzd_n_per_day, &x->bzd_weeks)) != CNSIM_OK)
            goto done;
        x->taper_weeks = 2;
        x->n_patients = 100;
        i_bzd = (int)a++;
    }
    cnsim_trial_arm *y = &d->arms[a];
    snprintf(y->name, sizeof y->name, "%s", c->drug);
    cnsim__strlcpy(y->ssri, c->drug, sizeof y->ssri);
    y->ssri_mg = ssri_mg;
    y->n_patients = 100;
    i_ssri = (int)a++;
    snprintf(d->arms[a].name, sizeof d->arms[a].name, "placebo");
    d->arms[a].n_patients = 100;
    i_pl = (int)a++;
    d->n_arms = a;
    cnsim_trial_endpoint *e = &d->endpoints[0];
    snprintf(e->name, sizeof e->name, "HAM-D response");
    e->type = CNSIM_TRIAL_RESPONSE;
    e->scale = CNSIM_TRIAL_HAMD;
    e->n_weeks = 1;
    e->weeks[0] = week;
    e->compare[0] = (size_t)(kind == 3 ? i_bzd : i_ssri);
    e->compare[1] = (size_t)(kind == 3 ? i_ssri : i_pl);
    d->n_endpoints = 1;
    cnsim_trial_result r;
    if ((st = cnsim_trial_run(reg, d, &r)) != CNSIM_OK)
        goto done;
    const cnsim_trial_row *row = &r.rows[0];
    switch (kind) {
    case 0: *v = row->mean_pct[i_ssri]; break;
    case 1: *v = row->mean_pct[i_pl]; break;
    default: *v = row->mean_pct[e->compare[0]] / row->mean_pct[e->compare[1]]; break;
    }
    cnsim_trial_result_free(&r);
done:
    free(d);
    return st;
}

cnsim_status cnsim_validate_check_run(cnsim_registry *reg, const cnsim_validate_check *c,
                                      const cnsim_validate_opts *opts, cnsim_validate_result *out)
{
    memset(out, 0, sizeof *out);
    out->check = *c;
    out->simulated = NAN;
    double tol = c->is_relative ? c->tolerance * fabs(c->published) : c->tolerance;
    out->lo = c->published - tol, out->hi = c->published + tol;
    cnsim_status st = cnsim_registry_cite(reg, c->source, out->citation, sizeof out->citation);
    if (st == CNSIM_E_NOMEM) {   /* not an unknown source: it could not be read */
        cnsim__strlcpy(out->error, cnsim_last_error(), sizeof out->error);
        return st;
    }
    if (st != CNSIM_OK)
        snprintf(out->citation, sizeof out->citation, "(unknown source '%s')", c->source);
    double v = NAN;
    if (!(c->tolerance >= 0) || !isfinite(c->published))
        st = cnsim__fail(CNSIM_E_RANGE, "check '%s': tolerance %g or published value %g is not usable", c->name,
                         c->tolerance, c->published);
    else if (!strcmp(c->kind, "nca"))
        st = nca_value(reg, c, &v);
    else if (!strcmp(c->kind, "ddi_auc_ratio"))
        st = ddi_value(reg, c, &v);
    else if (!strcmp(c->kind, "occupancy"))
        st = occupancy_value(reg, c, &v);
    else if (!strcmp(c->kind, "withdrawal"))
        st = withdrawal_value(reg, c, &v);
    else if (!strcmp(c->kind, "trial_response"))
        st = trial_value(reg, c, opts, &v);
    else
        st = cnsim__fail(CNSIM_E_ARG,
                         "check '%s': kind '%s' is unknown; expected nca, ddi_auc_ratio, occupancy, withdrawal or "
                         "trial_response",
                         c->name, c->kind);
    if (st != CNSIM_OK) {
        cnsim__strlcpy(out->error, cnsim_last_error(), sizeof out->error);
        return st;
    }
    out->simulated = v;
    out->pass = isfinite(v) && fabs(v - c->published) <= tol * (1 + 1e-12);
    if (!isfinite(v))
        snprintf(out->error, sizeof out->error, "the simulation gives no value for %s", c->metric);
    return CNSIM_OK;
}

cnsim_status cnsim_validate_run(cnsim_registry *reg, const cnsim_validate_opts *opts, cnsim_validate_report *out)
{
    memset(out, 0, sizeof *out);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cnsim_validate_check *c;
    size_t n;
    cnsim_status st = cnsim_validate_load(reg, &c, &n);
    if (st != CNSIM_OK)
        return st;
    const char *only = opts ? opts->only : NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += cnsim_validate_matches(&c[i], only);
    if (m == 0) {
        free(c);
        return cnsim__fail(CNSIM_E_ARG, "--only: '%s' matches none of the %zu checks", only ? only : "", n);
    }
    out->rows = calloc(m, sizeof *out->rows);
    if (!out->rows) {
        free(c);
        return cnsim__fail(CNSIM_E_NOMEM, "validation report: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (!cnsim_validate_matches(&c[i], only))
            continue;
        cnsim_validate_result *r = &out->rows[out->n++];
        st = cnsim_validate_check_run(reg, &c[i], opts, r);
        if (st == CNSIM_E_NOMEM) {
            free(c);
            cnsim_validate_report_free(out);
            return st;
        }
        out->n_pass += r->pass != 0;
    }
    free(c);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->wall_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    cnsim__clear_error();
    return CNSIM_OK;
}

void cnsim_validate_report_free(cnsim_validate_report *r)
{
    if (!r)
        return;
    free(r->rows);
    r->rows = NULL;
    r->n = r->n_pass = 0;
}
