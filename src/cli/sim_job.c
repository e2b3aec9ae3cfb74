/* Assembling and running a simulation job for the CLI. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_job.h"

const char job_disclaimer[] =
    "cnsim is a research and teaching simulator, not a prescribing tool.";

/* Output rows refused beyond this: a mistyped --every would otherwise fill
 * the disk before anyone notices. */
#define MAX_ROWS 20000000.0
#define DEFAULT_OPEN_HORIZON_H (28 * 24.0)

void job_init(sim_job *j)
{
    memset(j, 0, sizeof *j);
    j->until_h = j->every_h = NAN;
    j->opts = cnsim_solver_opts_default();
    j->seed = -1;
    j->default_tail_h = 5 * 24.0;
    cnsim_event_list_init(&j->raw);
    cnsim_event_list_init(&j->ev);
}

void job_free(sim_job *j)
{
    cnsim_event_list_free(&j->raw);
    cnsim_event_list_free(&j->ev);
    free(j->ids);
    free(j->t);
    free(j->out_names);
    free(j->out_is_met);
    free(j->out_drug);
    free(j->conc);
    free(j->summary);
    free(j->pd_drugs);
    free(j->pd);
    free(j->ce_unbound);
    free(j->exmap);
    free(j->net_rate);
    free(j->seizure_index);
    cnsim_registry_free(j->reg);
    memset(j, 0, sizeof *j);
}

void job_warn(sim_job *j, const char *code, const char *source, const char *fmt, ...)
{
    if (j->n_warnings == JOB_MAX_WARNINGS)
        return;
    job_warning *w = &j->warnings[j->n_warnings++];
    snprintf(w->code, sizeof w->code, "%s", code);
    snprintf(w->source, sizeof w->source, "%s", source ? source : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->message, sizeof w->message, fmt, ap);
    va_end(ap);
}

int job_add_drug(sim_job *j, const char *name)
{
    if (j->n_specs == JOB_MAX_DRUGS)
        return cli_bad_input("--drug: more than %d drugs; expected fewer", JOB_MAX_DRUGS);
    char canon[CNSIM_NAME_MAX];
    cnsim_status st = cnsim_registry_resolve(j->reg, name, canon);
    if (st != CNSIM_OK)
        return cli_report(st, "--drug");
    strcpy(j->spec_drug[j->n_specs], canon);
    j->spec_regimen[j->n_specs] = NULL;
    j->spec_form[j->n_specs][0] = '\0';
    j->n_specs++;
    return 0;
}

/* The formulation a drug's parameters are built for: the one asked for, or
 * the single oral form its dose records name. IV doses go to the central
 * compartment and do not depend on it. */
static int pick_form(sim_job *j, int d, char *form)
{
    form[0] = '\0';
    for (size_t s = 0; s < j->n_specs; s++)
        if (!strcmp(j->spec_drug[s], j->ev.drugs[d]) && j->spec_form[s][0])
            strcpy(form, j->spec_form[s]);
    for (size_t i = 0; i < j->ev.n; i++) {
        const cnsim_event *e = &j->ev.ev[i];
        if (e->drug != d || !e->form[0] || !strcmp(e->form, "iv"))
            continue;
        if (!form[0])
            strcpy(form, e->form);
        else if (strcmp(form, e->form))
            return cli_bad_input("%s: doses use two oral formulations ('%s' and '%s') in one run; expected one per drug",
                                 j->ev.drugs[d], form, e->form);
    }
    return 0;
}

/* Largest amount of a drug given within any 24 h window, per subject,
 * against the labelled maximum daily dose. */
static void check_label_max(sim_job *j)
{
    for (size_t d = 0; d < j->ev.n_drugs; d++) {
        double max_mg;
        char ind[200], src[300];
        if (cnsim_registry_max_daily_dose(j->reg, j->ev.drugs[d], &max_mg, ind, sizeof ind, src, sizeof src) != CNSIM_OK || !(max_mg > 0))
            continue;
        double worst = 0;
        int worst_id = 0;
        for (size_t a = 0; a < j->ev.n; a++) {
            const cnsim_event *ea = &j->ev.ev[a];
            if (ea->drug != (int)d || (ea->evid != CNSIM_EVID_DOSE && ea->evid != CNSIM_EVID_RESET_DOSE))
                continue;
            double sum = 0;
            for (size_t b = a; b < j->ev.n && j->ev.ev[b].id == ea->id && j->ev.ev[b].time_h < ea->time_h + 24 - 1e-9; b++) {
                const cnsim_event *eb = &j->ev.ev[b];
                if (eb->drug == (int)d && (eb->evid == CNSIM_EVID_DOSE || eb->evid == CNSIM_EVID_RESET_DOSE))
                    sum += eb->amt_mg;
            }
            if (sum > worst) {
                worst = sum;
                worst_id = ea->id;
            }
        }
        if (worst > max_mg * (1 + 1e-9))
            job_warn(j, "dose_above_label_max", src,
                     "%s: %g mg within 24 h (ID %d) exceeds the labelled maximum of %g mg/day (%s)",
                     j->ev.drugs[d], worst, worst_id, max_mg, ind);
    }
}

/* --patient: scales each drug's PK parameters by the profile's covariate
 * effects and adds the label precautions it triggers, each with a source. */
static int apply_patient(sim_job *j)
{
    cnsim_patient_finding f[JOB_MAX_WARNINGS];
    for (size_t d = 0; d < j->n_drugs; d++) {
        size_t n;
        cnsim_status st = cnsim_patient_check(j->reg, &j->patient, j->ev.drugs[d], f, JOB_MAX_WARNINGS, &n);
        if (st != CNSIM_OK)
            return cli_report(st, "--patient");
        for (size_t i = 0; i < n && i < JOB_MAX_WARNINGS; i++)
            job_warn(j, f[i].code, f[i].source, "%s", f[i].message);
        if ((st = cnsim_patient_apply(j->reg, &j->patient, &j->params[d], f, JOB_MAX_WARNINGS, &n)) != CNSIM_OK)
            return cli_report(st, "--patient");
        for (size_t i = 0; i < n && i < JOB_MAX_WARNINGS; i++)
            job_warn(j, f[i].code, f[i].source, "%s", f[i].message);
    }
    return 0;
}

/* A benzodiazepine taken daily for two weeks or more and then cut by more
 * than 25% within two weeks (an abrupt stop is a 100% cut) is faster than
 * the 2025 ASAM joint guideline allows, and the label's boxed warning
 * says abrupt stops or rapid reductions can cause acute withdrawal,
 * including seizures. Checked on 24 h dose totals, per subject. */
static void check_taper_pace(sim_job *j)
{
    for (size_t d = 0; d < j->ev.n_drugs; d++) {
        cnsim_pd_drug_params pd;
        if (cnsim_registry_pd_params(j->reg, j->ev.drugs[d], &pd) != CNSIM_OK || pd.target != CNSIM_PD_TARGET_BZD)
            continue;
        size_t e0 = 0;
        while (e0 < j->ev.n) {
            int id = j->ev.ev[e0].id;
            size_t e1 = e0;
            double last = -1;
            while (e1 < j->ev.n && j->ev.ev[e1].id == id) {
                if (j->ev.ev[e1].drug == (int)d && j->ev.ev[e1].amt_mg > 0)
                    last = fmax(last, j->ev.ev[e1].time_h);
                e1++;
            }
            if (last >= 0) {
                size_t n_days = (size_t)(last / 24) + 2;
                double *day = calloc(n_days, sizeof *day);
                for (size_t e = e0; day && e < e1; e++)
                    if (j->ev.ev[e].drug == (int)d && j->ev.ev[e].time_h >= 0)
                        day[(size_t)(j->ev.ev[e].time_h / 24)] += j->ev.ev[e].amt_mg;
                /* The day after the last dose is the first day of the stop,
                 * unless the simulation ends before it. */
                int include_stop = j->until_h > (floor(last / 24) + 1) * 24;
                size_t end = include_stop ? n_days : n_days - 1;
                double worst = 0, course_max = 0;
                size_t worst_day = 0;
                int streak = 0;
                for (size_t t = 0; day && t < n_days; t++)
                    course_max = fmax(course_max, day[t]);
                for (size_t t = 0; day && t < end; t++) {
                    double prev_max = 0;
                    int used = 0;
                    for (size_t u = t >= 14 ? t - 14 : 0; u < t; u++) {
                        prev_max = fmax(prev_max, day[u]);
                        used += day[u] > 0;
                    }
                    /* The last step of a taper, from a quarter of the
                     * course's highest dose or less, is not an abrupt stop. */
                    int is_final_small_step = day[t] == 0 && prev_max <= 0.25 * course_max;
                    if (streak >= 14 && used == (int)(t >= 14 ? 14 : t) && prev_max > 0 && !is_final_small_step) {
                        double cut = 1 - day[t] / prev_max;
                        if (cut > 0.25 + 1e-9 && cut > worst) {
                            worst = cut;
                            worst_day = t;
                        }
                    }
                    streak = day[t] > 0 ? streak + 1 : 0;
                }
                if (worst > 0)
                    job_warn(j, "taper_faster_than_guideline", "asam2025; klonopin-label",
                             "%s (ID %d): dose cut by %.0f%% within 2 weeks on day %zu after 14+ days of daily use%s; "
                             "the guideline allows at most 25%% every 2 weeks, and the label warns that abrupt "
                             "stops or rapid reductions can cause acute withdrawal, including seizures",
                             j->ev.drugs[d], id, 100 * worst, worst_day, worst >= 1 - 1e-9 ? " (abrupt stop)" : "");
                free(day);
            }
            e0 = e1;
        }
    }
}

/* The interaction checks of `cnsim interact`, run on the drugs of this
 * simulation (each at its largest single dose) so that a CNS-depressant or
 * CYP combination is flagged here too, with its source. */
static void check_interactions(sim_job *j)
{
    if (j->n_drugs < 2)
        return;
    cnsim_interact_drug d[CNSIM_INTERACT_MAX_DRUGS];
    size_t n = 0;
    for (size_t k = 0; k < j->n_drugs && n < CNSIM_INTERACT_MAX_DRUGS; k++) {
        double dose = 0;
        for (size_t i = 0; i < j->ev.n; i++)
            if (j->ev.ev[i].drug == (int)k && j->ev.ev[i].amt_mg > dose)
                dose = j->ev.ev[i].amt_mg;
        memset(&d[n], 0, sizeof d[n]);
        snprintf(d[n].name, sizeof d[n].name, "%s", j->ev.drugs[k]);
        d[n].dose_mg = dose;
        n++;
    }
    cnsim_interact_result *r = malloc(sizeof *r);
    if (!r)
        return;
    if (cnsim_interact_analyze(j->reg, d, n, r) != CNSIM_OK)
        job_warn(j, "interaction_check_failed", "", "interaction check not run: %s", cnsim_last_error());
    else
        for (size_t i = 0; i < r->n_findings; i++) {
            const cnsim_interact_finding *f = &r->findings[i];
            char code[48];
            snprintf(code, sizeof code, "interaction_%s", f->severity);
            for (char *c = code; *c; c++)
                if (*c == '-')
                    *c = '_';
            job_warn(j, code, f->source, "%s + %s: %s. %s", f->drugs[0], f->drugs[1], f->mechanism, f->advice);
        }
    free(r);
}

int job_prepare(sim_job *j)
{
    cnsim_status st;
    double horizon = isnan(j->until_h) ? DEFAULT_OPEN_HORIZON_H : j->until_h;
    for (size_t s = 0; s < j->n_specs; s++) {
        int d;
        if ((st = cnsim_event_list_drug(&j->raw, j->spec_drug[s], &d)) != CNSIM_OK)
            return cli_report(st, "--drug");
        if (!j->spec_regimen[s])
            continue;
        if ((st = cnsim_regimen_parse(j->spec_regimen[s], 1, d, horizon, &j->raw)) != CNSIM_OK)
            return cli_report(st, "--regimen");
    }
    if (j->events_path) {
        if ((st = cnsim_events_read_csv(j->events_path, j->default_drug, j->reg, &j->raw)) != CNSIM_OK)
            return cli_report(st, "--events");
    }
    int any_dose = 0;
    for (size_t i = 0; i < j->raw.n; i++)
        any_dose |= j->raw.ev[i].evid == CNSIM_EVID_DOSE || j->raw.ev[i].evid == CNSIM_EVID_RESET_DOSE;
    if (!any_dose)
        return cli_bad_input("nothing to simulate: no dose records; expected --drug NAME --regimen \"...\", a scenario file or --events FILE");
    if ((st = cnsim_events_expand(&j->raw, &j->ev)) != CNSIM_OK)
        return cli_report(st, "events");
    j->n_drugs = j->ev.n_drugs;
    if (j->n_drugs > JOB_MAX_DRUGS)
        return cli_bad_input("more than %d drugs in one run", JOB_MAX_DRUGS);
    for (size_t d = 0; d < j->n_drugs; d++) {
        char form[CNSIM_FORM_MAX];
        int rc = pick_form(j, (int)d, form);
        if (rc)
            return rc;
        if ((st = cnsim_registry_pk_params(j->reg, j->ev.drugs[d], form, &j->params[d])) != CNSIM_OK)
            return cli_report(st, j->ev.drugs[d]);
    }
    if (j->has_patient) {
        int rc = apply_patient(j);
        if (rc)
            return rc;
    }
    /* Grid: --until defaults to 5 days after the last record. */
    double last = 0;
    for (size_t i = 0; i < j->ev.n; i++)
        last = fmax(last, j->ev.ev[i].time_h);
    if (isnan(j->until_h))
        j->until_h = last + j->default_tail_h;
    if (isnan(j->every_h))
        j->every_h = 1.0;
    if (!(j->until_h > 0))
        return cli_bad_input("--until: %g h; expected a duration > 0", j->until_h);
    if (!(j->every_h > 0))
        return cli_bad_input("--every: %g h; expected a duration > 0", j->every_h);
    double rows = floor(j->until_h / j->every_h + 1e-9) + 1;
    if (rows > MAX_ROWS)
        return cli_bad_input("--until %g h with --every %g h gives %.0f rows per subject; expected at most %.0f", j->until_h, j->every_h, rows, MAX_ROWS);
    j->n_t = (size_t)rows;
    j->t = malloc(j->n_t * sizeof *j->t);
    /* Subjects in order of first appearance after sorting. */
    j->ids = malloc((j->ev.n ? j->ev.n : 1) * sizeof *j->ids);
    if (!j->t || !j->ids)
        return cli_report(CNSIM_E_NOMEM, "simulate");
    for (size_t i = 0; i < j->n_t; i++)
        j->t[i] = i * j->every_h;
    for (size_t i = 0; i < j->ev.n; i++)
        if (j->n_ids == 0 || j->ids[j->n_ids - 1] != j->ev.ev[i].id)
            j->ids[j->n_ids++] = j->ev.ev[i].id;
    check_label_max(j);
    check_interactions(j);
    check_taper_pace(j);
    return 0;
}

/* Pharmacodynamics on a fine grid (the effect site and the occupancy
 * series need samples every 0.05 h or closer), sampled back onto the
 * output grid. */
#define PD_MAX_STEP_H 0.05

static int setup_pd(sim_job *j)
{
    j->pd_drugs = calloc(j->n_out, sizeof *j->pd_drugs);
    if (!j->pd_drugs)
        return cli_report(CNSIM_E_NOMEM, "pharmacodynamics");
    cnsim_status st;
    for (size_t k = 0; k < j->n_out; k++) {
        if ((st = cnsim_registry_pd_params(j->reg, j->out_names[k], &j->pd_drugs[k])) != CNSIM_OK)
            return cli_report(st, "pharmacodynamics");
        if (j->pd_drugs[k].target != CNSIM_PD_TARGET_NONE)
            j->pd_enabled = 1;
    }
    if (j->pd_enabled && (st = cnsim_registry_pd_system(j->reg, &j->pd_sys)) != CNSIM_OK)
        return cli_report(st, "pharmacodynamics");
    return 0;
}

/* With pharmacodynamics the concentrations come from the same fine-grid
 * simulation (sampled back to the output grid), so PK runs once. */
static int run_pd(sim_job *j)
{
    cnsim_status st;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t sub = (size_t)ceil(j->every_h / PD_MAX_STEP_H - 1e-9);
    if (sub < 1)
        sub = 1;
    size_t n_f = (j->n_t - 1) * sub + 1;
    double *tf = malloc(n_f * sizeof *tf), *cf = malloc(n_f * j->n_out * sizeof *cf);
    double *ce = malloc(n_f * sizeof *ce), *cc = malloc(n_f * sizeof *cc);
    j->pd = malloc(j->n_ids * j->n_t * sizeof *j->pd);
    j->ce_unbound = calloc(j->n_ids * j->n_t * j->n_out, sizeof *j->ce_unbound);
    cnsim_pk_run *run = NULL;
    int rc = 0;
    if (!tf || !cf || !ce || !cc || !j->pd || !j->ce_unbound) {
        rc = cli_report(CNSIM_E_NOMEM, "pharmacodynamics: output too large for memory");
        goto done;
    }
    for (size_t i = 0; i < n_f; i++)
        tf[i] = (double)i * j->every_h / (double)sub;
    if ((st = cnsim_pk_run_create(j->params, j->n_drugs, &j->opts, &run)) != CNSIM_OK) {
        rc = cli_report(st, "pharmacodynamics");
        goto done;
    }
    size_t e0 = 0;
    for (size_t s = 0; s < j->n_ids && !rc; s++) {
        size_t e1 = e0;
        while (e1 < j->ev.n && j->ev.ev[e1].id == j->ids[s])
            e1++;
        if (s == 0)
            cnsim_pk_run_stats(run, &j->stats);
        if ((st = cnsim_pk_run_simulate(run, j->ev.ev + e0, e1 - e0, tf, n_f, cf, NULL)) != CNSIM_OK ||
            (st = cnsim_pd_run(&j->pd_sys, j->pd_drugs, j->n_out, tf, n_f, cf, j->t, j->n_t, j->pd + s * j->n_t)) != CNSIM_OK) {
            rc = cli_report(st, "pharmacodynamics");
            break;
        }
        for (size_t i = 0; i < j->n_t; i++)
            memcpy(j->conc + (s * j->n_t + i) * j->n_out, cf + i * sub * j->n_out, j->n_out * sizeof *cf);
        /* Effect-site unbound concentrations of the benzodiazepines. */
        for (size_t k = 0; k < j->n_out; k++) {
            const cnsim_pd_drug_params *d = &j->pd_drugs[k];
            if (d->target != CNSIM_PD_TARGET_BZD)
                continue;
            for (size_t i = 0; i < n_f; i++)
                cc[i] = cf[i * j->n_out + k];
            cnsim_pd_effect_site(tf, cc, n_f, d->ke0_per_h, cc[0], ce);
            for (size_t i = 0; i < j->n_t; i++)
                j->ce_unbound[(s * j->n_t + i) * j->n_out + k] = d->fu * ce[i * sub];
        }
        if (s == 0) {
            cnsim_pd_state *sf = j->pd;
            cnsim_pd_withdrawal_summarize(j->t, sf, j->n_t, j->pd_sys.withdrawal_threshold, &j->withdrawal);
            /* Onset: first dose to 50% of the first 12 h's peak anxiolysis. */
            j->pd_onset_h = NAN;
            double first = NAN, peak = 0;
            for (size_t e = e0; e < e1; e++)
                if (j->ev.ev[e].evid == CNSIM_EVID_DOSE || j->ev.ev[e].evid == CNSIM_EVID_RESET_DOSE) {
                    first = j->ev.ev[e].time_h;
                    break;
                }
            /* The onset needs a finer look than the output grid: the first
             * 12 h after the first dose again, every 0.05 h. */
            size_t n_on = 0;
            for (size_t i = 0; !isnan(first) && i < n_f && tf[i] <= first + 12; i++)
                if (tf[i] >= first)
                    n_on++;
            if (n_on > 1) {
                size_t i0 = (size_t)((first - tf[0]) / (tf[1] - tf[0]) + 0.5);
                cnsim_pd_state *on = malloc(n_on * sizeof *on);
                if (on && cnsim_pd_run(&j->pd_sys, j->pd_drugs, j->n_out, tf, n_f, cf, tf + i0, n_on, on) == CNSIM_OK) {
                    for (size_t i = 0; i < n_on; i++)
                        peak = fmax(peak, on[i].anxiolysis);
                    for (size_t i = 0; peak > 1e-6 && i < n_on; i++)
                        if (on[i].anxiolysis >= 0.5 * peak) {
                            j->pd_onset_h = tf[i0 + i] - first;
                            break;
                        }
                }
                free(on);
            }
            j->pd_ad_t50_h = NAN;
            double ad_end = sf[j->n_t - 1].antidepressant;
            for (size_t i = 0; ad_end > 1e-3 && i < j->n_t; i++)
                if (sf[i].antidepressant >= 0.5 * ad_end) {
                    j->pd_ad_t50_h = j->t[i];
                    break;
                }
        }
        e0 = e1;
    }
    /* Network rate and seizure susceptibility through the excitability
     * map, when the registry has one, at each output time. */
    if (!rc && j->pd_enabled &&
        cnsim_registry_excitability_map(j->reg, &j->exmap, &j->n_exmap) == CNSIM_OK) {
        size_t m = j->n_ids * j->n_t;
        j->net_rate = malloc(m * sizeof *j->net_rate);
        j->seizure_index = malloc(m * sizeof *j->seizure_index);
        if (!j->net_rate || !j->seizure_index)
            rc = cli_report(CNSIM_E_NOMEM, "excitability map");
        for (size_t i = 0; !rc && i < m; i++)
            cnsim_excitability_lookup(j->exmap, j->n_exmap, j->pd[i].effective_modulation,
                                      &j->net_rate[i], &j->seizure_index[i]);
    }
done:
    cnsim_pk_run_free(run);
    free(tf), free(cf), free(ce), free(cc);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    j->pd_wall_s = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    return rc;
}

int job_run(sim_job *j)
{
    int rc_pd;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cnsim_pk_run *run;
    cnsim_status st = cnsim_pk_run_create(j->params, j->n_drugs, &j->opts, &run);
    if (st != CNSIM_OK)
        return cli_report(st, "simulate");
    j->solver = cnsim_pk_run_solver(run);
    j->n_out = cnsim_pk_run_n_outputs(run);
    j->out_names = malloc(j->n_out * sizeof *j->out_names);
    j->out_is_met = malloc(j->n_out * sizeof *j->out_is_met);
    j->out_drug = malloc(j->n_out * sizeof *j->out_drug);
    double cells = (double)j->n_ids * j->n_t * j->n_out;
    j->conc = cells * sizeof(double) < 8e9 ? malloc((size_t)cells * sizeof *j->conc) : NULL;
    j->summary = calloc(j->n_out, sizeof *j->summary);
    if (!j->out_names || !j->out_is_met || !j->out_drug || !j->conc || !j->summary) {
        cnsim_pk_run_free(run);
        return cli_report(cnsim_status_is_input_error(CNSIM_E_NOMEM) ? CNSIM_E_NOMEM : CNSIM_E_NOMEM, "simulate: output too large for memory");
    }
    for (size_t k = 0; k < j->n_out; k++) {
        snprintf(j->out_names[k], CNSIM_NAME_MAX, "%s", cnsim_pk_run_output_name(run, k));
        j->out_is_met[k] = 0;
        j->out_drug[k] = -1;
        for (size_t d = 0; d < j->n_drugs; d++) {
            if (!strcmp(j->params[d].name, j->out_names[k]))
                j->out_drug[k] = (int)d;
            else if (j->params[d].has_metabolite && !strcmp(j->params[d].metabolite, j->out_names[k])) {
                j->out_drug[k] = (int)d;
                j->out_is_met[k] = 1;
            }
        }
    }
    if ((rc_pd = setup_pd(j)) != 0) {
        cnsim_pk_run_free(run);
        return rc_pd;
    }
    size_t e0 = 0;
    for (size_t s = 0; !j->pd_enabled && s < j->n_ids && st == CNSIM_OK; s++) {
        size_t e1 = e0;
        while (e1 < j->ev.n && j->ev.ev[e1].id == j->ids[s])
            e1++;
        st = cnsim_pk_run_simulate(run, j->ev.ev + e0, e1 - e0, j->t, j->n_t,
                                   j->conc + s * j->n_t * j->n_out, NULL);
        if (s == 0)
            cnsim_pk_run_stats(run, &j->stats);
        e0 = e1;
    }
    cnsim_pk_run_free(run);
    if (st != CNSIM_OK)
        return cli_report(st, "simulate");
    if (j->pd_enabled && (rc_pd = run_pd(j)) != 0)
        return rc_pd;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    j->wall_s = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    if (j->skip_summary)
        return 0;
    /* Summary for the first subject. */
    size_t e1 = 0;
    while (e1 < j->ev.n && j->ev.ev[e1].id == j->ids[0])
        e1++;
    st = cnsim_pk_summarize(j->params, j->n_drugs, j->ev.ev, e1, &j->opts, j->summary, j->n_out);
    if (st != CNSIM_OK)
        return cli_report(st, "summary");
    return 0;
}

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

static void csv_num(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, "%.10g", v);
    else
        fputs("NA", fp);
}

void job_write_csv(const sim_job *j, FILE *fp)
{
    fputs("id,time_h", fp);
    for (size_t k = 0; k < j->n_out; k++)
        fprintf(fp, ",%s_ng_mL", j->out_names[k]);
    if (j->pd_enabled) {
        for (size_t k = 0; k < j->n_out; k++)
            if (j->pd_drugs[k].target == CNSIM_PD_TARGET_BZD)
                fprintf(fp, ",%s_ce_unbound_ng_mL", j->out_names[k]);
        for (size_t c = 0; c < N_PD_COLS; c++)
            fprintf(fp, ",%s", pd_cols[c].name);
        if (j->net_rate)
            fputs(",network_rate_hz,seizure_susceptibility_index", fp);
    }
    fputc('\n', fp);
    for (size_t s = 0; s < j->n_ids; s++)
        for (size_t i = 0; i < j->n_t; i++) {
            fprintf(fp, "%d,%.10g", j->ids[s], j->t[i]);
            const double *c = j->conc + (s * j->n_t + i) * j->n_out;
            for (size_t k = 0; k < j->n_out; k++) {
                fputc(',', fp);
                csv_num(fp, c[k]);
            }
            if (j->pd_enabled) {
                const double *cu = j->ce_unbound + (s * j->n_t + i) * j->n_out;
                for (size_t k = 0; k < j->n_out; k++)
                    if (j->pd_drugs[k].target == CNSIM_PD_TARGET_BZD) {
                        fputc(',', fp);
                        csv_num(fp, cu[k]);
                    }
                const cnsim_pd_state *ps = &j->pd[s * j->n_t + i];
                for (size_t c2 = 0; c2 < N_PD_COLS; c2++) {
                    fputc(',', fp);
                    csv_num(fp, *(const double *)((const char *)ps + pd_cols[c2].off));
                }
                if (j->net_rate) {
                    fputc(',', fp);
                    csv_num(fp, j->net_rate[s * j->n_t + i]);
                    fputc(',', fp);
                    csv_num(fp, j->seizure_index[s * j->n_t + i]);
                }
            }
            fputc('\n', fp);
        }
}

static json_t *num_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *summary_json(const cnsim_pk_summary *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(s->name));
    json_object_set_new(o, "is_metabolite", json_boolean(s->is_metabolite));
    json_object_set_new(o, "n_doses", json_integer(s->n_doses));
    json_object_set_new(o, "dose_mg", num_or_null(s->dose_mg));
    json_object_set_new(o, "tau_h", num_or_null(s->tau_h));
    json_object_set_new(o, "cmax_ng_mL", num_or_null(s->cmax_ng_mL));
    json_object_set_new(o, "tmax_h", num_or_null(s->tmax_h));
    json_object_set_new(o, "cmin_ng_mL", num_or_null(s->cmin_ng_mL));
    json_object_set_new(o, "auc_tau_ng_h_mL", num_or_null(s->auc_tau_ng_h_mL));
    json_object_set_new(o, "cavg_ng_mL", num_or_null(s->cavg_ng_mL));
    json_object_set_new(o, "auc_inf_ng_h_mL", num_or_null(s->auc_inf_ng_h_mL));
    json_object_set_new(o, "half_life_h", num_or_null(s->half_life_h));
    json_object_set_new(o, "half_life_r2_adj", num_or_null(s->r2_adj));
    json_object_set_new(o, "ss_trough_ng_mL", num_or_null(s->ss_trough_ng_mL));
    json_object_set_new(o, "time_to_90pct_ss_h", num_or_null(s->t90_ss_h));
    json_object_set_new(o, "accumulation_ratio", num_or_null(s->accumulation_ratio));
    return o;
}

static json_t *manifest_json(const sim_job *j)
{
    json_t *m = json_object();
    json_object_set_new(m, "cnsim_version", json_string(cnsim_version()));
    json_object_set_new(m, "registry", json_string(cnsim_registry_location(j->reg)));
    json_object_set_new(m, "solver", json_string(cnsim_solver_name(j->solver)));
    json_object_set_new(m, "rtol", json_real(j->opts.rtol));
    json_object_set_new(m, "atol_mg", json_real(j->opts.atol_mg));
    json_object_set_new(m, "seed", j->seed >= 0 ? json_integer(j->seed) : json_null());
    json_object_set_new(m, "wall_s", json_real(j->wall_s));
    json_object_set_new(m, "n_subjects", json_integer((json_int_t)j->n_ids));
    json_object_set_new(m, "n_times", json_integer((json_int_t)j->n_t));
    json_object_set_new(m, "until_h", json_real(j->until_h));
    json_object_set_new(m, "every_h", json_real(j->every_h));
    json_object_set_new(m, "cvode_steps_first_subject", json_integer(j->stats.n_steps));
    json_object_set_new(m, "intervals_first_subject", json_integer(j->stats.n_intervals));
    time_t now = time(NULL);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    json_object_set_new(m, "created_utc", json_string(buf));
    return m;
}

static json_t *params_json(const cnsim_pk_params *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "n_cmt", json_integer(p->n_cmt));
    json_object_set_new(o, "f", json_real(p->f));
    json_object_set_new(o, "ka_per_h", json_real(p->ka_per_h));
    json_object_set_new(o, "tlag_h", json_real(p->tlag_h));
    json_object_set_new(o, "cl_L_per_h", json_real(p->cl_L_per_h));
    json_object_set_new(o, "v1_L", json_real(p->v1_L));
    if (p->n_cmt >= 2) {
        json_object_set_new(o, "q2_L_per_h", json_real(p->q2_L_per_h));
        json_object_set_new(o, "v2_L", json_real(p->v2_L));
    }
    if (p->n_cmt == 3) {
        json_object_set_new(o, "q3_L_per_h", json_real(p->q3_L_per_h));
        json_object_set_new(o, "v3_L", json_real(p->v3_L));
    }
    if (p->vmax_mg_per_h > 0) {
        json_object_set_new(o, "vmax_mg_per_h", json_real(p->vmax_mg_per_h));
        json_object_set_new(o, "km_ng_mL", json_real(p->km_ng_mL));
    }
    if (p->has_metabolite) {
        json_object_set_new(o, "metabolite", json_string(p->metabolite));
        json_object_set_new(o, "fm", json_real(p->fm));
        json_object_set_new(o, "met_cl_L_per_h", json_real(p->met_cl_L_per_h));
        json_object_set_new(o, "met_v_L", json_real(p->met_v_L));
    }
    return o;
}

void job_write_json(const sim_job *j, FILE *fp, int with_series)
{
    json_t *root = json_object();
    json_object_set_new(root, "disclaimer", json_string(job_disclaimer));
    json_object_set_new(root, "manifest", manifest_json(j));
    json_t *drugs = json_array();
    for (size_t d = 0; d < j->n_drugs; d++)
        json_array_append_new(drugs, params_json(&j->params[d]));
    json_object_set_new(root, "drugs", drugs);
    json_t *sum = json_array();
    for (size_t k = 0; k < j->n_out; k++)
        json_array_append_new(sum, summary_json(&j->summary[k]));
    json_object_set_new(root, "summary", sum);
    json_t *w = json_array();
    for (size_t i = 0; i < j->n_warnings; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(j->warnings[i].code));
        json_object_set_new(o, "message", json_string(j->warnings[i].message));
        json_object_set_new(o, "source", json_string(j->warnings[i].source));
        json_array_append_new(w, o);
    }
    json_object_set_new(root, "warnings", w);
    if (j->pd_enabled) {
        json_t *pd = json_object();
        json_object_set_new(pd, "onset_50pct_anxiolysis_h", num_or_null(j->pd_onset_h));
        json_object_set_new(pd, "antidepressant_50pct_of_final_h", num_or_null(j->pd_ad_t50_h));
        const cnsim_pd_state *last = &j->pd[j->n_t - 1];
        json_object_set_new(pd, "final_sert_occupancy_frac", json_real(last->sert_occupancy));
        json_object_set_new(pd, "final_gabaa_adaptation_frac", json_real(last->adaptation));
        json_t *wd = json_object();
        json_object_set_new(wd, "peak_withdrawal_index", json_real(j->withdrawal.peak));
        json_object_set_new(wd, "peak_day", num_or_null(j->withdrawal.peak_time_h / 24));
        json_object_set_new(wd, "days_above_threshold", json_real(j->withdrawal.hours_above / 24));
        json_object_set_new(wd, "threshold", json_real(j->withdrawal.threshold));
        json_object_set_new(wd, "onset_day", num_or_null(j->withdrawal.onset_time_h / 24));
        json_object_set_new(pd, "withdrawal", wd);
        json_object_set_new(pd, "wall_s", json_real(j->pd_wall_s));
        json_object_set_new(root, "pharmacodynamics", pd);
    }
    if (with_series) {
        json_t *cols = json_array();
        json_array_append_new(cols, json_string("id"));
        json_array_append_new(cols, json_string("time_h"));
        char name[CNSIM_NAME_MAX + 8];
        for (size_t k = 0; k < j->n_out; k++) {
            snprintf(name, sizeof name, "%s_ng_mL", j->out_names[k]);
            json_array_append_new(cols, json_string(name));
        }
        for (size_t c2 = 0; j->pd_enabled && c2 < N_PD_COLS; c2++)
            json_array_append_new(cols, json_string(pd_cols[c2].name));
        json_object_set_new(root, "columns", cols);
        json_t *subjects = json_array();
        for (size_t s = 0; s < j->n_ids; s++) {
            json_t *o = json_object();
            json_object_set_new(o, "id", json_integer(j->ids[s]));
            json_t *ts = json_array();
            for (size_t i = 0; i < j->n_t; i++)
                json_array_append_new(ts, json_real(j->t[i]));
            json_object_set_new(o, "time_h", ts);
            for (size_t k = 0; k < j->n_out; k++) {
                json_t *cs = json_array();
                for (size_t i = 0; i < j->n_t; i++)
                    json_array_append_new(cs, num_or_null(j->conc[(s * j->n_t + i) * j->n_out + k]));
                snprintf(name, sizeof name, "%s_ng_mL", j->out_names[k]);
                json_object_set_new(o, name, cs);
            }
            for (size_t q = 0; j->net_rate && q < 2; q++) {
                const double *src = q ? j->seizure_index : j->net_rate;
                json_t *cs = json_array();
                for (size_t i = 0; i < j->n_t; i++)
                    json_array_append_new(cs, num_or_null(src[s * j->n_t + i]));
                json_object_set_new(o, q ? "seizure_susceptibility_index" : "network_rate_hz", cs);
            }
            for (size_t c2 = 0; j->pd_enabled && c2 < N_PD_COLS; c2++) {
                json_t *cs = json_array();
                for (size_t i = 0; i < j->n_t; i++)
                    json_array_append_new(cs, num_or_null(*(const double *)((const char *)&j->pd[s * j->n_t + i] + pd_cols[c2].off)));
                json_object_set_new(o, pd_cols[c2].name, cs);
            }
            json_array_append_new(subjects, o);
        }
        json_object_set_new(root, "subjects", subjects);
    }
    json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    fputc('\n', fp);
    json_decref(root);
}

static void fmt_h(char *buf, size_t n, double h)
{
    if (!isfinite(h))
        snprintf(buf, n, "-");
    else if (h >= 72)
        snprintf(buf, n, "%.1f d", h / 24);
    else
        snprintf(buf, n, "%.2f h", h);
}

static void fmt_v(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.3g", v);
}

void job_write_summary(const sim_job *j, FILE *fp)
{
    fprintf(fp, "%s\n\n", job_disclaimer);
    if (j->n_ids > 1)
        fprintf(fp, "Summary for ID %d (of %zu subjects):\n", j->ids[0], j->n_ids);
    fprintf(fp, "%-20s %9s %8s %9s %9s %12s %10s %10s %8s\n", "", "dose", "every", "Cmax", "Cmin",
            "AUCtau", "Tmax", "t1/2", "90% SS");
    fprintf(fp, "%-20s %9s %8s %9s %9s %12s %10s %10s %8s\n", "", "(mg)", "(h)", "(ng/mL)", "(ng/mL)",
            "(ng*h/mL)", "", "(terminal)", "after");
    for (size_t k = 0; k < j->n_out; k++) {
        const cnsim_pk_summary *s = &j->summary[k];
        char dose[16], tau[16], cmax[16], cmin[16], auc[16], tmax[16], th[16], t90[16];
        if (s->is_metabolite)
            snprintf(dose, sizeof dose, "(metab.)");
        else
            fmt_v(dose, sizeof dose, s->dose_mg);
        fmt_v(tau, sizeof tau, s->tau_h);
        fmt_v(cmax, sizeof cmax, s->cmax_ng_mL);
        fmt_v(cmin, sizeof cmin, s->cmin_ng_mL);
        fmt_v(auc, sizeof auc, isnan(s->tau_h) ? s->auc_inf_ng_h_mL : s->auc_tau_ng_h_mL);
        fmt_h(tmax, sizeof tmax, s->tmax_h);
        fmt_h(th, sizeof th, s->half_life_h);
        fmt_h(t90, sizeof t90, s->t90_ss_h);
        fprintf(fp, "%-20s %9s %8s %9s %9s %12s %10s %10s %8s\n", s->name, dose, tau, cmax, cmin, auc, tmax, th, t90);
    }
    fprintf(fp, "\nCmax, Cmin, Tmax (after the dose) and AUC are over the dosing interval after the\n"
                "last dose (steady state when the regimen is long enough; AUC to infinity for a single\n"
                "dose); t1/2 by log-linear regression on the simulated washout; '90%% SS after' is the\n"
                "time from the first dose until the pre-dose trough reaches 90%% of the steady-state trough.\n");
    fprintf(fp, "Solver: %s; %zu subject(s), %zu times, %.3f s.\n", cnsim_solver_name(j->solver), j->n_ids, j->n_t, j->wall_s);
    if (j->pd_enabled) {
        const cnsim_pd_state *last = &j->pd[j->n_t - 1];
        fprintf(fp, "\nPharmacodynamics (first subject; docs/models.md):\n");
        if (!isnan(j->pd_onset_h))
            fprintf(fp, "  anxiolysis reaches 50%% of its first-dose peak %.0f min after the first dose\n", 60 * j->pd_onset_h);
        if (last->sert_occupancy > 0)
            fprintf(fp, "  SERT occupancy at the end: %.0f%%; antidepressant index %.2f, half of it reached on day %.1f\n",
                    100 * last->sert_occupancy, last->antidepressant, j->pd_ad_t50_h / 24);
        int has_bzd = 0;
        for (size_t k = 0; k < j->n_out; k++)
            has_bzd |= j->pd_drugs[k].target == CNSIM_PD_TARGET_BZD;
        if (has_bzd)
            fprintf(fp, "  GABA-A adaptation at the end: %.2f\n", last->adaptation);
        if (!has_bzd)
            ;
        else if (j->withdrawal.peak > 0)
            fprintf(fp, "  withdrawal index: peak %.3f on day %.1f, %.1f days above %.2f\n", j->withdrawal.peak,
                    j->withdrawal.peak_time_h / 24, j->withdrawal.hours_above / 24, j->withdrawal.threshold);
        else
            fprintf(fp, "  withdrawal index: 0 throughout (stop or taper beyond the horizon to see it)\n");
    }
    for (size_t i = 0; i < j->n_warnings; i++)
        fprintf(fp, "WARNING [%s] %s (source: %s)\n", j->warnings[i].code, j->warnings[i].message, j->warnings[i].source);
}

void job_print_events(const sim_job *j, FILE *fp)
{
    fputs("ID,TIME,EVID,DRUG,CMT,AMT,RATE,II,ADDL,SS,FORM\n", fp);
    for (size_t i = 0; i < j->ev.n; i++) {
        const cnsim_event *e = &j->ev.ev[i];
        fprintf(fp, "%d,%.10g,%d,%s,%d,%.10g,%.10g,%.10g,%d,%d,%s\n", e->id, e->time_h, e->evid,
                e->drug >= 0 ? j->ev.drugs[e->drug] : ".", e->cmt ? e->cmt : CNSIM_CMT_DEPOT, e->amt_mg,
                e->rate_mg_per_h, e->ii_h, e->addl, e->ss, e->form[0] ? e->form : ".");
    }
}

/* Effect curves drawn in the pharmacodynamic panels. */
static const struct { const char *label; size_t off; int bzd, color; } pd_plot[] = {
    {"anxiolysis", offsetof(cnsim_pd_state, anxiolysis), 1, 4},
    {"sedation", offsetof(cnsim_pd_state, sedation), 1, 5},
    {"withdrawal index", offsetof(cnsim_pd_state, withdrawal), 1, 1},
    {"SERT occupancy", offsetof(cnsim_pd_state, sert_occupancy), 0, 7},
    {"antidepressant", offsetof(cnsim_pd_state, antidepressant), 0, 0},
};
#define N_PD_PLOT (sizeof pd_plot / sizeof pd_plot[0])

int job_plot(const sim_job *j, const char *path, const char *title)
{
    /* One panel per drug (its metabolite dashed in the same panel), first
     * subject solid, further subjects unlabelled; with pharmacodynamics a
     * last panel with the effect indices of the first subject. */
    int has[2] = {0, 0};
    for (size_t k = 0; j->pd_enabled && k < j->n_out; k++) {
        has[1] |= j->pd_drugs[k].target == CNSIM_PD_TARGET_BZD;
        has[0] |= j->pd_drugs[k].target == CNSIM_PD_TARGET_SERT;
    }
    size_t n_pd = 0;
    for (size_t c = 0; c < N_PD_PLOT; c++)
        n_pd += has[pd_plot[c].bzd];
    size_t n_panels = j->n_drugs + (n_pd > 0);
    size_t n_series = j->n_out * j->n_ids + n_pd;
    cnsim_plot_series *ser = calloc(n_series, sizeof *ser);
    cnsim_plot_marks *marks = calloc(j->n_drugs, sizeof *marks);
    double *ys = malloc(n_series * j->n_t * sizeof *ys);
    double *dose_t = malloc((j->ev.n ? j->ev.n : 1) * sizeof *dose_t);
    const char **titles = calloc(n_panels, sizeof *titles), **ylabels = calloc(n_panels, sizeof *ylabels);
    char (*labels)[CNSIM_NAME_MAX + 16] = calloc(j->n_out + j->n_drugs, sizeof *labels);
    if (!ser || !marks || !ys || !dose_t || !titles || !ylabels || !labels) {
        free(ser), free(marks), free(ys), free(dose_t), free(titles), free(ylabels), free(labels);
        return cli_report(CNSIM_E_NOMEM, "--plot");
    }
    size_t ns = 0;
    for (size_t s = 0; s < j->n_ids; s++)
        for (size_t k = 0; k < j->n_out; k++) {
            double *y = ys + ns * j->n_t;
            for (size_t i = 0; i < j->n_t; i++)
                y[i] = j->conc[(s * j->n_t + i) * j->n_out + k];
            snprintf(labels[k], sizeof labels[k], "%s", j->out_names[k]);
            ser[ns] = (cnsim_plot_series){.label = s == 0 ? labels[k] : "", .t_h = j->t, .y = y,
                                          .n = j->n_t, .panel = j->out_drug[k],
                                          .color = j->out_drug[k] * 2 + j->out_is_met[k],
                                          .dashed = j->out_is_met[k]};
            ns++;
        }
    for (size_t c = 0; c < N_PD_PLOT; c++) {
        if (!has[pd_plot[c].bzd])
            continue;
        double *y = ys + ns * j->n_t;
        for (size_t i = 0; i < j->n_t; i++)
            y[i] = *(const double *)((const char *)&j->pd[i] + pd_plot[c].off);
        ser[ns++] = (cnsim_plot_series){.label = pd_plot[c].label, .t_h = j->t, .y = y, .n = j->n_t,
                                        .panel = (int)j->n_drugs, .color = pd_plot[c].color,
                                        .dashed = c == 2};
    }
    size_t nd = 0;
    for (size_t d = 0; d < j->n_drugs; d++) {
        size_t start = nd;
        for (size_t i = 0; i < j->ev.n; i++)
            if (j->ev.ev[i].id == j->ids[0] && j->ev.ev[i].drug == (int)d &&
                (j->ev.ev[i].evid == CNSIM_EVID_DOSE || j->ev.ev[i].evid == CNSIM_EVID_RESET_DOSE))
                dose_t[nd++] = j->ev.ev[i].time_h;
        snprintf(labels[j->n_out + d], sizeof labels[0], "%s doses", j->params[d].name);
        marks[d] = (cnsim_plot_marks){.label = labels[j->n_out + d], .t_h = dose_t + start,
                                      .n = nd - start, .panel = (int)d, .color = (int)d * 2};
        titles[d] = j->params[d].name;
        ylabels[d] = "plasma conc. (ng/mL)";
    }
    if (n_pd) {
        titles[j->n_drugs] = "effects (0-1; docs/models.md)";
        ylabels[j->n_drugs] = "index or fraction";
    }
    cnsim_plot_spec spec = {.title = title, .y_label = "plasma conc. (ng/mL)",
                            .n_panels = n_panels, .panel_titles = titles, .panel_y_labels = ylabels,
                            .series = ser, .n_series = ns, .marks = marks, .n_marks = j->n_drugs,
                            .footnote = job_disclaimer};
    cnsim_status st = cnsim_plot_write(path, &spec);
    free(ser), free(marks), free(ys), free(dose_t), free(titles), free(ylabels), free(labels);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot");
}
