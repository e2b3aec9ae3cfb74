/* The safety rules of the chain, each written once: the interactions
 * between a model's drugs (label rules by class, the registry's PK
 * interactions), the labelled maximum daily dose, and the taper-pace rule.
 * `cnsim interact`, `simulate`, the taper planner, the bridge and trials
 * all take them from here. Sources: data/70_interactions.sql and the
 * drugs' labels; ASAM 2025 for the pace (include/cnsim/model.h). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "core_impl.h"
#include "registry/registry_impl.h"

/* ---- interactions ----------------------------------------------------- */

enum { K_OPIOID = 1, K_BZD = 2, K_ETH = 4, K_SSRI = 8 };

static int kind_of(const cnsim_model *m, size_t d)
{
    return (cnsim_model_drug_is_a(m, d, "opioid agonist") ? K_OPIOID : 0) |
           (cnsim_model_drug_is_a(m, d, "benzodiazepine") ? K_BZD : 0) |
           (cnsim_model_drug_is_a(m, d, "alcohol") ? K_ETH : 0) |
           (cnsim_model_drug_is_a(m, d, "SSRI") ? K_SSRI : 0);
}

/* The label a drug's rules cite: its first dose-limit source
 * ("fda-ddi-table" if it has none). */
static cnsim_status label_of(cnsim_registry *reg, const char *name, char *out, size_t n)
{
    sqlite3_stmt *s = NULL;
    snprintf(out, n, "fda-ddi-table");
    cnsim_status st = cnsim__reg_prepare(reg, "SELECT source FROM dose_limits WHERE drug = ? ORDER BY rowid LIMIT 1", &s);
    if (st != CNSIM_OK)
        return st;
    if ((st = cnsim__reg_bind(s, 1, name)) == CNSIM_OK && sqlite3_step(s) == SQLITE_ROW)
        snprintf(out, n, "%s", cnsim__reg_text(s, 0));
    cnsim_status fs = cnsim__reg_finalize(s);
    return st ? st : fs;
}

/* What the registry records about the pair's pharmacokinetics, for a
 * pharmacodynamic finding's advice, which must not contradict the PK
 * finding beside it (issue 13): the clearance change either way, else
 * that none is recorded (the clonazepam label's own statement for
 * fluoxetine). */
static cnsim_status pk_note(cnsim_registry *reg, const char *a, const char *b, char *out, size_t n)
{
    sqlite3_stmt *s = NULL;
    cnsim_status st = cnsim__reg_prepare(reg,
                                         "SELECT perpetrator, victim FROM pk_interactions"
                                         " WHERE (perpetrator = ?1 AND victim = ?2) OR (perpetrator = ?2 AND victim = ?1)"
                                         " ORDER BY rowid LIMIT 1", &s);
    if (st != CNSIM_OK)
        return st;
    if ((st = cnsim__reg_bind(s, 1, a)) == CNSIM_OK && (st = cnsim__reg_bind(s, 2, b)) == CNSIM_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        snprintf(out, n, "%s also changes %s clearance (simulated through the enzyme kinetics; `cnsim interact` gives the AUC change)",
                 cnsim__reg_text(s, 0), cnsim__reg_text(s, 1));
    else if ((!strcmp(a, "fluoxetine") && !strcmp(b, "clonazepam")) || (!strcmp(b, "fluoxetine") && !strcmp(a, "clonazepam")))
        snprintf(out, n, "the clonazepam label reports no PK change with fluoxetine (the simulation gives a small rise through norfluoxetine's CYP3A4 inhibition)");
    else
        snprintf(out, n, "no PK interaction is recorded for this pair");
    cnsim_status fs = cnsim__reg_finalize(s);
    return st ? st : fs;
}

static cnsim_interaction *add(cnsim_model *m, const char *sev, const char *a, const char *b, const char *mech,
                              const char *adv, const char *src)
{
    if (m->n_interactions == m->cap_interactions) {
        size_t c = m->cap_interactions ? 2 * m->cap_interactions : 8;
        cnsim_interaction *p = realloc(m->interactions, c * sizeof *p);
        if (!p)
            return NULL;
        m->interactions = p, m->cap_interactions = c;
    }
    cnsim_interaction *x = &m->interactions[m->n_interactions++];
    memset(x, 0, sizeof *x);
    cnsim__strlcpy(x->severity, sev, sizeof x->severity);
    cnsim__strlcpy(x->drugs[0], a, sizeof x->drugs[0]);
    cnsim__strlcpy(x->drugs[1], b, sizeof x->drugs[1]);
    cnsim__strlcpy(x->mechanism, mech, sizeof x->mechanism);
    cnsim__strlcpy(x->advice, adv, sizeof x->advice);
    cnsim__strlcpy(x->source, src, sizeof x->source);
    return x;
}

#define ADD(...)                               \
    do {                                       \
        if (!add(m, __VA_ARGS__))              \
            return cnsim__fail(CNSIM_E_NOMEM,  \
                "out of memory listing interactions"); \
    } while (0)

static cnsim_status pair_rules(cnsim_model *m, cnsim_registry *reg, size_t i, size_t j)
{
    const char *a = m->drug[i], *b = m->drug[j];
    int ka = kind_of(m, i), kb = kind_of(m, j);
    const char *bzd = (ka & K_BZD) ? a : (kb & K_BZD) ? b : NULL;
    const char *opi = (ka & K_OPIOID) ? a : (kb & K_OPIOID) ? b : NULL;
    const char *eth = (ka & K_ETH) ? a : (kb & K_ETH) ? b : NULL;
    char src[CNSIM_NAME_MAX];
    cnsim_status st;
    if (bzd && opi && bzd != opi) {
        if ((st = label_of(reg, bzd, src, sizeof src)) != CNSIM_OK)
            return st;
        ADD("boxed-warning", bzd, opi,
            "Additive and supra-additive CNS and respiratory depression (GABA-A potentiation plus mu-opioid depression of respiratory drive)",
            "Boxed warning: profound sedation, respiratory depression, coma and death; co-prescribe only without adequate alternatives, at the lowest doses for the shortest time, and monitor for sedation and breathing",
            src);
    }
    if (bzd && eth && bzd != eth) {
        if ((st = label_of(reg, bzd, src, sizeof src)) != CNSIM_OK)
            return st;
        ADD("boxed-warning", bzd, eth, "Additive CNS and respiratory depression (both potentiate GABA-A receptors)",
            "Boxed warning (abuse/misuse: overdose and death often involve alcohol); avoid alcohol while taking the benzodiazepine",
            src);
    }
    if (opi && eth && opi != eth)
        ADD("boxed-warning", opi, eth, "Additive and supra-additive CNS and respiratory depression",
            "Opioid boxed warning (concomitant CNS depressants including alcohol): avoid alcohol; monitor sedation and breathing",
            "roxicodone-label");
    if ((ka & K_SSRI) && (kb & K_SSRI)) {
        if ((st = label_of(reg, a, src, sizeof src)) != CNSIM_OK)
            return st;
        ADD("major", a, b, "Two serotonin reuptake inhibitors: serotonin syndrome risk (and duplicate therapy)",
            "Avoid combining SSRIs; when switching, follow the label washout; watch for agitation, tremor, hyperthermia, clonus",
            src);
    }
    const char *ssri = (ka & K_SSRI) ? a : (kb & K_SSRI) ? b : NULL;
    const char *other = ssri == a ? b : a;
    int ko = ssri == a ? kb : ka;
    if (ssri && (ko & K_OPIOID))
        ADD("moderate", ssri, other,
            "Serotonergic opioid activity plus SERT blockade: serotonin syndrome risk; CYP2D6-inhibiting SSRIs also change opioid metabolism, and paroxetine deepened oxycodone respiratory depression (Florian 2022)",
            "Monitor for serotonin syndrome (agitation, hyperthermia, clonus) and for sedation and breathing, especially after dose changes",
            "roxicodone-label");
    if (ssri && (ko & K_BZD)) {
        char note[160], adv[400];
        if ((st = pk_note(reg, ssri, other, note, sizeof note)) != CNSIM_OK)
            return st;
        snprintf(adv, sizeof adv, "Expect more drowsiness, especially at the start; avoid driving until the effect is known; %s",
                 note);
        ADD("moderate", other, ssri,
            "Additive sedation and psychomotor impairment (CNS depressants potentiate benzodiazepines)", adv,
            "klonopin-label");
    }
    if ((ka & K_BZD) && (kb & K_BZD))
        ADD("major", a, b, "Two benzodiazepines: additive sedation and respiratory depression (duplicate therapy)",
            "Avoid duplicate benzodiazepines except during a planned crossover taper", "klonopin-label");
    return CNSIM_OK;
}

cnsim_status cnsim__model_interactions(cnsim_model *m, cnsim_registry *reg)
{
    cnsim_status st = CNSIM_OK;
    for (size_t i = 0; i < m->n_drugs && st == CNSIM_OK; i++)
        for (size_t j = i + 1; j < m->n_drugs && st == CNSIM_OK; j++)
            st = pair_rules(m, reg, i, j);
    if (st != CNSIM_OK)
        return st;
    sqlite3_stmt *s = NULL;
    if (m->n_drugs > 1 &&
        (st = cnsim__reg_prepare(reg,
                                 "SELECT cl_multiplier, severity, mechanism, advice, basis, is_assumed, source "
                                 "FROM pk_interactions WHERE perpetrator = ? AND victim = ?", &s)) != CNSIM_OK)
        return st;
    for (size_t i = 0; s && i < m->n_drugs && st == CNSIM_OK; i++)
        for (size_t j = 0; j < m->n_drugs && st == CNSIM_OK; j++) {
            if (i == j)
                continue;
            if ((st = cnsim__reg_bind(s, 1, m->drug[i])) || (st = cnsim__reg_bind(s, 2, m->drug[j])))
                break;
            if (sqlite3_step(s) == SQLITE_ROW) {
                cnsim_interaction *x = add(m, cnsim__reg_text(s, 1), m->drug[i], m->drug[j], cnsim__reg_text(s, 2),
                                           cnsim__reg_text(s, 3), cnsim__reg_text(s, 6));
                if (!x) {
                    st = cnsim__fail(CNSIM_E_NOMEM, "out of memory listing interactions");
                    break;
                }
                x->is_pk = 1;
                x->cl_multiplier = sqlite3_column_double(s, 0);
                x->is_assumed = sqlite3_column_int(s, 5);
                cnsim__strlcpy(x->basis, cnsim__reg_text(s, 4), sizeof x->basis);
            }
            if ((st = cnsim__reg_reset(s)) != CNSIM_OK)
                break;
        }
    cnsim_status fs = cnsim__reg_finalize(s);
    return st ? st : fs;
}

/* ---- the taper-pace rule ---------------------------------------------- */

void cnsim_pace_check(const double *daily, size_t n_days, cnsim_pace_report *out)
{
    memset(out, 0, sizeof *out);
    double course_max = 0, worst = -1;
    for (size_t t = 0; t < n_days; t++)
        course_max = fmax(course_max, daily[t]);
    size_t streak = 0;   /* consecutive days of use before day t */
    for (size_t t = 0; t < n_days; t++) {
        size_t w0 = t >= CNSIM_PACE_WINDOW_DAYS ? t - CNSIM_PACE_WINDOW_DAYS : 0;
        double prev_max = 0;
        for (size_t u = w0; u < t; u++)
            prev_max = fmax(prev_max, daily[u]);
        if (streak >= CNSIM_PACE_WINDOW_DAYS && prev_max > 0 &&
            daily[t] < (1 - CNSIM_PACE_MAX_CUT) * prev_max * (1 - 1e-9)) {
            cnsim_pace_cut c = {.day = t, .cut_frac = 1 - daily[t] / prev_max, .use_days = (double)streak};
            int is_stop = daily[t] <= 0;
            if (is_stop && prev_max <= CNSIM_PACE_MAX_CUT * course_max * (1 + 1e-9))
                c.kind = CNSIM_PACE_FINAL_STEP, out->n_final_steps++;
            else if (streak >= CNSIM_PACE_LONG_TERM_DAYS)
                c.kind = CNSIM_PACE_FAST, out->n_fast++;
            else if (is_stop)
                c.kind = CNSIM_PACE_ABRUPT_STOP, out->n_abrupt++;
            else
                c.kind = CNSIM_PACE_FAST_SHORT_USE, out->n_fast_short_use++;
            /* Count every cut, keep the first ones and the worst of them. */
            if (out->n_cuts < CNSIM_PACE_MAX_CUTS) {
                out->cuts[out->n_cuts] = c;
                if (c.kind != CNSIM_PACE_FINAL_STEP && c.cut_frac > worst) {
                    worst = c.cut_frac;
                    out->worst = out->n_cuts;
                }
            }
            out->n_cuts++;
        }
        streak = daily[t] > 0 ? streak + 1 : 0;
    }
}

int cnsim_pace_finding(const char *drug, const cnsim_pace_report *r, cnsim_finding *f)
{
    if (r->n_fast + r->n_abrupt + r->n_fast_short_use == 0)
        return 0;
    const cnsim_pace_cut *c = &r->cuts[r->worst < r->n_cuts ? r->worst : 0];
    memset(f, 0, sizeof *f);
    cnsim__strlcpy(f->code, "taper_faster_than_guideline", sizeof f->code);
    cnsim__strlcpy(f->source, "asam2025; klonopin-label", sizeof f->source);
    int warn = r->n_fast + r->n_abrupt > 0;
    cnsim__strlcpy(f->severity, warn ? "warning" : "info", sizeof f->severity);
    const char *what = c->kind == CNSIM_PACE_ABRUPT_STOP ? " (abrupt stop)" : c->cut_frac >= 1 - 1e-9 ? " (stop)" : "";
    if (warn)
        snprintf(f->message, sizeof f->message,
                 "%s: dose cut by %.0f%% within 2 weeks on day %zu after %.0f days of daily use%s; the guideline allows at "
                 "most 25%% every 2 weeks (faster only after short use, and never an abrupt stop when dependence is "
                 "likely), and the label warns that abrupt stops or rapid reductions can cause acute withdrawal, "
                 "including seizures",
                 drug, 100 * c->cut_frac, c->day, c->use_days, what);
    else
        snprintf(f->message, sizeof f->message,
                 "%s: dose cut by %.0f%% within 2 weeks on day %zu after %.0f days of daily use: faster than 25%% every "
                 "2 weeks, which the guideline allows after short use (under 3 months) under supervision; watch for "
                 "rebound anxiety, insomnia and tremor",
                 drug, 100 * c->cut_frac, c->day, c->use_days);
    return 1;
}

/* ---- findings of one subject's records -------------------------------- */


/* An SSRI stopped without a taper (issue 13, item 7): every SSRI label
 * recommends "a gradual reduction in the dose rather than abrupt
 * cessation" (Discontinuation of treatment). Flagged when the simulation
 * runs past the stop, after at least SSRI_STOP_MIN_DAYS of daily use
 * (assumed: a course, not a few doses), and the last daily dose is more
 * than SSRI_STOP_LOW of the course's largest (no taper to a low dose).
 * Fluoxetine's own label notes its slow fall after stopping, which may
 * minimise the risk: info rather than a warning, unless the simulated SSRI
 * discontinuation index (docs/models.md section 7a) crosses its threshold
 * after all. With PD the message quotes that index: its peak and when it
 * comes after the last dose (paroxetine highest, fluoxetine below the
 * threshold: Rosenbaum 1998, Michelson 2000). */
#define SSRI_STOP_MIN_DAYS 14
#define SSRI_STOP_LOW 0.25

static cnsim_status ssri_stop_finding(const cnsim_model *m, size_t d, const cnsim_event_list *ev, double until_h,
                                      const cnsim_pd_withdrawal_summary *disc, cnsim_finding **arr, size_t *n,
                                      size_t *cap)
{
    double last = -1;
    for (size_t i = 0; i < ev->n; i++)
        if (ev->ev[i].drug == (int)d && cnsim__is_dose(&ev->ev[i]) && ev->ev[i].amt_mg > 0 && ev->ev[i].time_h >= 0)
            last = fmax(last, ev->ev[i].time_h);
    size_t last_day = last >= 0 ? (size_t)(last / 24) : 0;
    if (last < 0 || until_h <= (last_day + 1) * 24.0)
        return CNSIM_OK;   /* no dose, or the simulation ends before the stop */
    double *day = calloc(last_day + 1, sizeof *day);
    if (!day)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for findings");
    for (size_t i = 0; i < ev->n; i++)
        if (ev->ev[i].drug == (int)d && cnsim__is_dose(&ev->ev[i]) && ev->ev[i].time_h >= 0 && ev->ev[i].time_h <= last)
            day[(size_t)(ev->ev[i].time_h / 24)] += ev->ev[i].amt_mg;
    double course_max = 0;
    size_t streak = 0;
    for (size_t t = 0; t <= last_day; t++) {
        course_max = fmax(course_max, day[t]);
        streak = day[t] > 0 ? streak + 1 : 0;
    }
    double final = day[last_day];
    free(day);
    if (streak < SSRI_STOP_MIN_DAYS || final <= SSRI_STOP_LOW * course_max)
        return CNSIM_OK;
    int above = disc && disc->peak > disc->threshold;
    int slow = !strcmp(m->drug[d], "fluoxetine") && !above;
    char index[160] = "";
    if (disc && disc->peak > 0 && !isnan(disc->peak_time_h))
        snprintf(index, sizeof index, "; simulated discontinuation index: peak %.2f %.1f days after the last dose, %s",
                 disc->peak, (disc->peak_time_h - last) / 24,
                 above ? "above its threshold" : "below its threshold");
    char src[320];
    snprintf(src, sizeof src, "%.250s; rosenbaum1998",
             m->label_src[d][0] ? m->label_src[d] : "fda-ddi-table");
    if (cnsim__finding_add(arr, n, cap, "ssri_abrupt_stop", slow ? "info" : "warning", src,
                           "%s: stopped from %g mg/day on day %zu after %zu days of daily use, without a taper; the label "
                           "recommends a gradual reduction: discontinuation symptoms (dizziness, sensory disturbances, "
                           "anxiety, irritability, insomnia) can follow within days%s%s",
                           m->drug[d], final, last_day + 1, streak,
                           slow ? " (fluoxetine's long half-life makes its levels fall slowly, which its label says "
                                  "may minimise the risk)" : "", index))
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for findings");
    return CNSIM_OK;
}

cnsim_status cnsim__dose_findings(const cnsim_model *m, const cnsim_event_list *ev, double until_h,
                                  const cnsim_pd_withdrawal_summary *disc, cnsim_finding **arr, size_t *n,
                                  size_t *cap)
{
    for (size_t d = 0; d < m->n_drugs; d++) {
        /* The largest amount given within any 24 h, against the label. */
        if (m->label_max[d] > 0) {
            double worst = cnsim__worst_24h_mg(ev, d);
            if (worst > m->label_max[d] * (1 + 1e-9) &&
                cnsim__finding_add(arr, n, cap, "dose_above_label_max", "warning", m->label_src[d],
                                   "%s: %g mg within 24 h exceeds the labelled maximum of %g mg/day (%s)", m->drug[d],
                                   worst, m->label_max[d], m->label_ind[d]))
                return cnsim__fail(CNSIM_E_NOMEM, "out of memory for findings");
        }
        /* The taper pace, on daily totals of a benzodiazepine. The day
         * after the last dose is the first day of the stop, unless the
         * simulation ends before it: a regimen that runs to the end of
         * the simulation has not stopped. */
        if (cnsim_model_drug_is_a(m, d, "SSRI")) {
            cnsim_status st = ssri_stop_finding(m, d, ev, until_h, disc, arr, n, cap);
            if (st != CNSIM_OK)
                return st;
            continue;
        }
        if (!cnsim_model_drug_is_a(m, d, "benzodiazepine"))
            continue;
        double last = -1;
        for (size_t i = 0; i < ev->n; i++)
            if (ev->ev[i].drug == (int)d && cnsim__is_dose(&ev->ev[i]) && ev->ev[i].amt_mg > 0)
                last = fmax(last, ev->ev[i].time_h);
        if (last < 0)
            continue;
        size_t n_days = (size_t)(last / 24) + 2;
        double *day = calloc(n_days, sizeof *day);
        if (!day)
            return cnsim__fail(CNSIM_E_NOMEM, "out of memory for findings");
        for (size_t i = 0; i < ev->n; i++)
            if (ev->ev[i].drug == (int)d && cnsim__is_dose(&ev->ev[i]) && ev->ev[i].time_h >= 0)
                day[(size_t)(ev->ev[i].time_h / 24)] += ev->ev[i].amt_mg;
        int include_stop = until_h > (floor(last / 24) + 1) * 24;
        cnsim_pace_report r;
        cnsim_pace_check(day, include_stop ? n_days : n_days - 1, &r);
        free(day);
        if (*n == *cap) {
            size_t c = *cap ? 2 * *cap : 16;
            cnsim_finding *p = realloc(*arr, c * sizeof *p);
            if (!p)
                return cnsim__fail(CNSIM_E_NOMEM, "out of memory for findings");
            *arr = p, *cap = c;
        }
        if (cnsim_pace_finding(m->drug[d], &r, &(*arr)[*n]))
            (*n)++;
    }
    return CNSIM_OK;
}
