/* Drug interactions: parsing, PK fold changes, respiratory surface, findings.
 * See include/cnsim/interact.h and docs/clinical.md. */
#include <ctype.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnsim/interact.h"
#include "cnsim/model.h"
#include "cnsim/pd.h"
#include "cnsim/pk.h"
#include "cnsim/regimen.h"
#include "cnsim/units.h"
#include "core_impl.h"
#include "registry/registry_impl.h"

/* 1 found, 0 no such key, -1 SQLite failed (message set; out of memory
 * is CNSIM_E_NOMEM, never a missing key). */
static int param(sqlite3 *db, const char *key, double *v, cnsim_status *st)
{
    sqlite3_stmt *s = NULL;
    int ok = 0, rc = sqlite3_prepare_v2(db, "SELECT value FROM pd_interaction_params WHERE key = ?",
                                        -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) { *v = sqlite3_column_double(s, 0); ok = 1; }
    int frc = sqlite3_finalize(s);
    rc = rc != SQLITE_OK ? rc : frc;
    if (rc != SQLITE_OK) {
        *st = cnsim__reg_error(db, rc);
        return -1;
    }
    return ok;
}

/* Named values of pd_interaction_params into their fields; a missing key
 * is CNSIM_E_DB naming it. */
typedef struct { const char *k; double *v; } named_param;

static cnsim_status load_params(cnsim_registry *reg, const named_param *t, size_t n)
{
    cnsim__clear_error();
    sqlite3 *db = cnsim_registry_db(reg);
    cnsim_status st = CNSIM_OK;
    for (size_t i = 0; i < n; i++) {
        int found = param(db, t[i].k, t[i].v, &st);
        if (found < 0)
            return st;
        if (!found)
            return cnsim__fail(CNSIM_E_DB, "pd_interaction_params: missing key '%s'", t[i].k);
    }
    return CNSIM_OK;
}

cnsim_status cnsim_interact_resp_params(cnsim_registry *reg, cnsim_resp_params *p)
{
    const named_param t[] = {
        {"gamma", &p->gamma}, {"c50_oxycodone_ng_mL", &p->c50_opioid_ng_mL},
        {"d50_bzd_drive", &p->d50_bzd}, {"c50_ethanol_g_L", &p->c50_ethanol_g_L},
        {"beta_opioid_bzd", &p->beta_opioid_bzd},
        {"beta_opioid_ethanol", &p->beta_opioid_ethanol},
        {"beta_bzd_ethanol", &p->beta_bzd_ethanol}};
    return load_params(reg, t, sizeof t / sizeof t[0]);
}

cnsim_status cnsim_interact_vent_params(cnsim_registry *reg, cnsim_vent_params *p)
{
    const named_param t[] = {
        {"vent_c50_oxycodone_ng_mL", &p->c50_opioid_ng_mL}, {"vent_gamma_opioid", &p->gamma_opioid},
        {"vent_k_ethanol_g_L", &p->k_ethanol_g_L},
        {"vent_b_bzd", &p->b_bzd}, {"vent_c50_ethanol_g_L", &p->c50_ethanol_g_L},
        {"vent_gamma_ethanol", &p->gamma_ethanol}};
    return load_params(reg, t, sizeof t / sizeof t[0]);
}

double cnsim_interact_ventilation(const cnsim_vent_params *p, double c_opioid, double bzd_drive, double bac_g_L)
{
    double e = bac_g_L > 0 ? bac_g_L : 0, b = bzd_drive > 0 ? bzd_drive : 0;
    double u = c_opioid > 0 ? c_opioid / p->c50_opioid_ng_mL * (1 + e / p->k_ethanol_g_L) * (1 + p->b_bzd * b) : 0;
    double uo = pow(u, p->gamma_opioid), x = pow(e / p->c50_ethanol_g_L, p->gamma_ethanol);
    return (1 - uo / (1 + uo)) * (1 - x / (1 + x));
}

double cnsim_interact_resp_drive(const cnsim_resp_params *p, double c_opioid,
                                 double bzd_drive, double bac_g_L)
{
    double uo = c_opioid > 0 ? c_opioid / p->c50_opioid_ng_mL : 0;
    double ub = bzd_drive > 0 ? bzd_drive / p->d50_bzd : 0;
    double ue = bac_g_L > 0 ? bac_g_L / p->c50_ethanol_g_L : 0;
    double u = uo + ub + ue;
    if (u <= 0) return 1.0;
    double to = uo / u, tb = ub / u, te = ue / u;
    double u50 = 1 - p->beta_opioid_bzd * to * tb - p->beta_opioid_ethanol * to * te
                 - p->beta_bzd_ethanol * tb * te;
    if (u50 < 0.05) u50 = 0.05;
    double x = pow(u / u50, p->gamma);
    return 1 - x / (1 + x);
}

/* --- parsing --- */

static cnsim_status default_dose(cnsim_registry *reg, cnsim_interact_drug *d)
{
    sqlite3 *db = cnsim_registry_db(reg);
    sqlite3_stmt *s = NULL;
    cnsim_status st = CNSIM_E_ARG;
    const char *sql =
        "SELECT COALESCE(usual_min_mg_per_day, start_mg_per_day), indication, source "
        "FROM dose_limits WHERE drug = ? AND population LIKE 'adult%' "
        "AND COALESCE(usual_min_mg_per_day, start_mg_per_day) IS NOT NULL "
        "ORDER BY usual_min_mg_per_day IS NULL, rowid LIMIT 1";
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(s, 1, d->name, -1, SQLITE_STATIC);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(s);
        return cnsim__reg_error(db, rc);
    }
    if (sqlite3_step(s) == SQLITE_ROW) {
        d->dose_mg = sqlite3_column_double(s, 0);
        d->is_default_dose = 1;
        snprintf(d->dose_note, sizeof d->dose_note,
                 "no dose given: usual adult daily dose %g mg/day (%s; source %s), given as one dose",
                 d->dose_mg, cnsim__reg_text(s, 1), cnsim__reg_text(s, 2));
        st = CNSIM_OK;
    }
    if ((rc = sqlite3_finalize(s)) != SQLITE_OK)
        return cnsim__reg_error(db, rc);
    if (st != CNSIM_OK)
        return cnsim__fail(CNSIM_E_ARG, "%s: no dose given and the registry has no usual adult dose; give one as %s:AMOUNT",
                           d->name, d->name);
    return st;
}

/* Plausible amounts. A single oral dose of a drug may be up to
 * MAX_LABEL_MULTIPLE times its largest labelled adult daily amount in
 * dose_limits (the labelled maximum, else the usual maximum, else the
 * starting dose: oxycodone's label has no maximum), so overdose scenarios
 * stay in reach, and at least 1/MIN_LABEL_FRACTION of its smallest
 * labelled adult daily amount (starting dose or usual minimum). Both are
 * design bounds, not physiology: outside them the PK (validated in the
 * labelled range) and the PD calibrations (therapeutic concentrations)
 * have no support, and what lies there is almost always a unit slip
 * ("1e300mg", mg for ug). ABS_MAX_MG caps every drug whatever its label. */
#define MAX_LABEL_MULTIPLE 10.0
#define MIN_LABEL_FRACTION 100.0
#define ABS_MAX_MG 1e4
/* US standard drink: 14 g of ethanol (NIAAA, source niaaa-alcohol). */
#define ETHANOL_G_PER_DRINK 14.0
/* The potentially lethal single ingestion of ethanol in ethanol-naive
 * adults is 5-8 g/kg (Therapeutic Guidelines, Toxicology and Toxinology,
 * "Ethanol intoxication", after Vogel 1995; source etg-ethanol); the upper
 * end for the 70 kg reference adult, 560 g = 40 US drinks, is the largest
 * amount accepted. */
#define ETHANOL_MAX_G_PER_KG 8.0
#define REFERENCE_KG 70.0
#define ETHANOL_MAX_G (ETHANOL_MAX_G_PER_KG * REFERENCE_KG)
/* Blood ethanol held over the window: at most 6 g/L (above the 4-5 g/L at
 * which deaths are common; the respiratory surface is calibrated below). */
#define BAC_MAX_G_L 6.0

static cnsim_status amount_range(cnsim_registry *reg, const char *drug, double *lo_mg, double *hi_mg,
                                 char *basis, size_t n_basis)
{
    *lo_mg = 0;
    *hi_mg = ABS_MAX_MG;
    sqlite3 *db = cnsim_registry_db(reg);
    sqlite3_stmt *s = NULL;
    const char *sql =
        "SELECT MIN(COALESCE(start_mg_per_day, usual_min_mg_per_day)),"
        " MAX(COALESCE(max_mg_per_day, usual_max_mg_per_day, start_mg_per_day)),"
        " MAX(max_mg_per_day IS NOT NULL)"
        " FROM dose_limits WHERE drug = ? AND population LIKE 'adult%'";
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return cnsim__fail(CNSIM_E_DB, "dose_limits: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(s, 1, drug, -1, SQLITE_STATIC);
    snprintf(basis, n_basis, "no labelled adult dose in the registry; at most %g g", ABS_MAX_MG / 1e3);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 1) != SQLITE_NULL) {
        double top = sqlite3_column_double(s, 1);
        int is_max = sqlite3_column_int(s, 2);
        if (MAX_LABEL_MULTIPLE * top < ABS_MAX_MG) {
            *hi_mg = MAX_LABEL_MULTIPLE * top;
            snprintf(basis, n_basis, "%g x the labelled %s %g mg/day", MAX_LABEL_MULTIPLE,
                     is_max ? "maximum" : "largest adult dose", top);
        }
        if (sqlite3_column_type(s, 0) != SQLITE_NULL)
            *lo_mg = sqlite3_column_double(s, 0) / MIN_LABEL_FRACTION;
    }
    sqlite3_finalize(s);
    return CNSIM_OK;
}

cnsim_status cnsim_interact_parse(cnsim_registry *reg, const char *arg,
                                  cnsim_interact_drug *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (!reg || !arg)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_interact_parse: NULL argument");
    char name[CNSIM_NAME_MAX * 2];
    const char *colon = strchr(arg, ':');
    size_t ln = colon ? (size_t)(colon - arg) : strlen(arg);
    if (ln == 0 || ln >= sizeof name)
        return cnsim__fail(CNSIM_E_PARSE, "%s: expected DRUG[:AMOUNT]", arg);
    memcpy(name, arg, ln);
    name[ln] = 0;
    cnsim_status st = cnsim_registry_resolve(reg, name, out->name);
    if (st != CNSIM_OK) return st;
    int is_eth = !strcmp(out->name, "ethanol");
    if (!colon || !colon[1]) {
        if (colon) return cnsim__fail(CNSIM_E_PARSE, "%s: empty amount after ':'", arg);
        if (is_eth) {
            out->dose_mg = 2 * ETHANOL_G_PER_DRINK * 1e3;
            out->is_default_dose = 1;
            snprintf(out->dose_note, sizeof out->dose_note,
                     "no amount given: 2 US standard drinks (14 g ethanol each, source niaaa-alcohol)");
            return CNSIM_OK;
        }
        return default_dose(reg, out);
    }
    const char *a = colon + 1;
    double v = NAN;
    /* The shared number grammar (cnsim/units.h): decimal with an optional
     * exponent; no hexadecimal, infinity or NaN. */
    const char *end = cnsim_scan_number(a, &v);
    if (!end || !isfinite(v) || v <= 0)
        return cnsim__fail(CNSIM_E_PARSE, "%s: amount '%.40s' is not a positive decimal number with a unit (e.g. 1mg)",
                           arg, a);
    while (*end == ' ') end++;
    double scale = cnsim_mass_unit_mg(end);
    if (scale > 0) out->dose_mg = v * scale;
    else if (is_eth && !strcasecmp(end, "g/L")) out->bac_g_L = v;
    else if (is_eth && !strcasecmp(end, "mg/dL")) out->bac_g_L = v / 100;
    else if (is_eth && (!strcasecmp(end, "drinks") || !strcasecmp(end, "drink"))) {
        out->dose_mg = v * ETHANOL_G_PER_DRINK * 1e3;
        if (v > ETHANOL_MAX_G / ETHANOL_G_PER_DRINK)
            return cnsim__fail(CNSIM_E_RANGE,
                               "%s: %g drinks (%g g ethanol) is more than %g drinks (%g g: %g g/kg for %g kg, the upper end "
                               "of the potentially lethal single dose, source etg-ethanol); expected up to %g drinks",
                               arg, v, v * ETHANOL_G_PER_DRINK, ETHANOL_MAX_G / ETHANOL_G_PER_DRINK, ETHANOL_MAX_G,
                               ETHANOL_MAX_G_PER_KG, REFERENCE_KG, ETHANOL_MAX_G / ETHANOL_G_PER_DRINK);
        snprintf(out->dose_note, sizeof out->dose_note,
                 "%g US standard drinks = %g g ethanol (14 g per drink, source niaaa-alcohol)", v, v * ETHANOL_G_PER_DRINK);
    } else
        return cnsim__fail(CNSIM_E_PARSE, "%s: unit '%.20s' unknown; expected g, mg, ug, mcg or ng%s", arg, end,
                           is_eth ? ", g/L, mg/dL or drinks" : "");
    if (out->bac_g_L > BAC_MAX_G_L)
        return cnsim__fail(CNSIM_E_RANGE, "%s: blood ethanol %g g/L is above %g g/L; expected 0 < level <= %g g/L "
                           "(%g mg/dL)", arg, out->bac_g_L, BAC_MAX_G_L, BAC_MAX_G_L, BAC_MAX_G_L * 100);
    if (out->dose_mg > 0 && is_eth && out->dose_mg > ETHANOL_MAX_G * 1e3)
        return cnsim__fail(CNSIM_E_RANGE,
                           "%s: %g g ethanol is more than %g g (%g g/kg for %g kg, the upper end of the potentially "
                           "lethal single dose, source etg-ethanol); expected up to %g g (%g drinks)",
                           arg, out->dose_mg / 1e3, ETHANOL_MAX_G, ETHANOL_MAX_G_PER_KG, REFERENCE_KG, ETHANOL_MAX_G,
                           ETHANOL_MAX_G / ETHANOL_G_PER_DRINK);
    if (out->dose_mg > 0 && !is_eth) {
        double lo, hi;
        char basis[160];
        if ((st = amount_range(reg, out->name, &lo, &hi, basis, sizeof basis)) != CNSIM_OK)
            return st;
        if (out->dose_mg > hi)
            return cnsim__fail(CNSIM_E_RANGE, "%s: %g mg of %s is above %g mg (%s); expected a single dose up to %g mg",
                               arg, out->dose_mg, out->name, hi, basis, hi);
        if (out->dose_mg < lo)
            return cnsim__fail(CNSIM_E_RANGE,
                               "%s: %g mg of %s is below %g mg (1/%g of its smallest labelled adult daily dose); "
                               "expected a single dose from %g mg",
                               arg, out->dose_mg, out->name, lo, MIN_LABEL_FRACTION, lo);
    }
    if (out->bac_g_L > 0)
        snprintf(out->dose_note, sizeof out->dose_note,
                 "blood ethanol held at %g g/L over the window", out->bac_g_L);
    else if (!out->dose_note[0])
        snprintf(out->dose_note, sizeof out->dose_note, "%g mg single oral dose", out->dose_mg);
    return CNSIM_OK;
}

/* --- classes (the model's, read once) --- */

enum { K_OPIOID = 1, K_BZD = 2, K_ETH = 4 };

static int kind_of(const cnsim_model *m, size_t d)
{
    return (cnsim_model_drug_is_a(m, d, "opioid agonist") ? K_OPIOID : 0) |
           (cnsim_model_drug_is_a(m, d, "benzodiazepine") ? K_BZD : 0) |
           (cnsim_model_drug_is_a(m, d, "alcohol") ? K_ETH : 0);
}

/* --- PK fold change --- */

/* Steady-state AUC over a 12 h interval of drug v at dose_mg q12h for
 * 21 days, alone (p < 0) or with drug p at p_dose_mg once a day for the
 * same 21 days: one run of the combination's model, whose coupled enzyme
 * kinetics (data/72_enzyme_kinetics.sql) make the difference, the same
 * engine as `simulate` with those regimens. */
static cnsim_status ss_auc(cnsim_run *run, size_t v, double dose_mg, long p, double p_dose_mg, double *auc)
{
    const cnsim_model *m = cnsim_run_model(run);
    char text[96], ptext[96];
    snprintf(text, sizeof text, "%.10g mg q12h for 21d", dose_mg);
    snprintf(ptext, sizeof ptext, "%.10g mg qd for 21d", p_dose_mg);
    cnsim_status st = CNSIM_OK;
    for (size_t d = 0; st == CNSIM_OK && d < cnsim_model_n_drugs(m); d++)
        st = cnsim_run_set_regimen(run, d, d == v ? text : (long)d == p ? ptext : NULL);
    cnsim_pk_summary s;
    if (st == CNSIM_OK && (st = cnsim_run_set_events(run, NULL, 1)) == CNSIM_OK &&
        (st = cnsim_run_set_grid(run, 21 * 24.0, 24)) == CNSIM_OK &&
        (st = cnsim_run_set_outputs(run, CNSIM_RUN_SUMMARY)) == CNSIM_OK && (st = cnsim_run_simulate(run)) == CNSIM_OK &&
        (st = cnsim_run_summary(run, v, &s)) == CNSIM_OK)
        *auc = s.auc_tau_ng_h_mL;
    return st;
}

static cnsim_status pk_effects(cnsim_run *run, const cnsim_interact_drug *d, size_t n, cnsim_interact_result *r)
{
    const cnsim_model *m = cnsim_run_model(run);
    for (size_t i = 0; i < cnsim_model_n_interactions(m); i++) {
        const cnsim_interaction *x = cnsim_model_interaction(m, i);
        if (!x->is_pk || r->n_pk >= sizeof r->pk / sizeof r->pk[0])
            continue;
        long v = cnsim_model_drug_index(m, x->drugs[1]), p = cnsim_model_drug_index(m, x->drugs[0]);
        cnsim_interact_pk *k = &r->pk[r->n_pk];
        memset(k, 0, sizeof *k);
        snprintf(k->perpetrator, CNSIM_NAME_MAX, "%s", x->drugs[0]);
        snprintf(k->victim, CNSIM_NAME_MAX, "%s", x->drugs[1]);
        k->published_cl_multiplier = x->cl_multiplier;
        k->is_assumed = x->is_assumed;
        snprintf(k->basis, sizeof k->basis, "%s", x->basis);
        snprintf(k->source, sizeof k->source, "%s", x->source);
        double dose = (size_t)v < n && d[v].dose_mg > 0 ? d[v].dose_mg : 1.0;
        double pdose = p >= 0 && (size_t)p < n && d[p].dose_mg > 0 ? d[p].dose_mg : 1.0;
        snprintf(k->regimens, sizeof k->regimens, "%s %.10g mg q12h with %s %.10g mg qd, both for 21 days",
                 x->drugs[1], dose, x->drugs[0], pdose);
        cnsim_status st = ss_auc(run, (size_t)v, dose, -1, 0, &k->auc_tau_without_ng_h_mL);
        if (st == CNSIM_OK)
            st = ss_auc(run, (size_t)v, dose, p, pdose, &k->auc_tau_with_ng_h_mL);
        if (st != CNSIM_OK)
            return st;
        k->auc_fold_change = k->auc_tau_with_ng_h_mL / k->auc_tau_without_ng_h_mL;
        /* The clearance change that gives this AUC change (AUC = F dose / CL). */
        k->cl_multiplier = 1 / k->auc_fold_change;
        r->n_pk++;
    }
    return CNSIM_OK;
}

/* --- respiratory drive over time --- */

#define DT_H CNSIM_FINE_STEP_H   /* the drive minimum to 3 min */

/* The drugs flagged in `use` given together at t = 0 as single doses
 * (with the PK multipliers in r applied when `with_pk`), one run of the
 * combination's model; writes the drive minimum, its time and the maximal
 * benzodiazepine sedation. */
static cnsim_status resp_run(cnsim_run *run, const cnsim_resp_params *rp, const cnsim_vent_params *vp,
                             const cnsim_interact_drug *d, size_t n, const int *use, int with_pk,
                             const cnsim_interact_result *r, double horizon_h, double *dmin, double *tmin,
                             double *sedmax, double *vmin, double *vtmin, double *drive_curve, double *vent_curve)
{
    const cnsim_model *m = cnsim_run_model(run);
    double bac = 0;
    int any = 0;
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    cnsim_status st = CNSIM_OK;
    for (size_t i = 0; i < n && st == CNSIM_OK; i++) {
        int di;
        st = cnsim_event_list_drug(&l, d[i].name, &di);
        if (st == CNSIM_OK) /* the model's parameters unless an interaction changes them */
            st = cnsim_run_set_pk_params(run, i, NULL);
        if (st != CNSIM_OK || !use[i])
            continue;
        if (d[i].bac_g_L > 0) {
            bac += d[i].bac_g_L;
            continue;
        }
        if (!(kind_of(m, i) & (K_OPIOID | K_BZD | K_ETH)))
            continue; /* no respiratory term */
        /* Metabolic interactions act inside the coupled run itself. */
        cnsim_event e = cnsim_event_default();
        e.id = 1, e.time_h = 0, e.drug = di, e.amt_mg = d[i].dose_mg;
        if (st == CNSIM_OK)
            st = cnsim_event_list_push(&l, &e);
        any = 1;
    }
    size_t nt = (size_t)(horizon_h / DT_H) + 1;
    double *t = malloc(nt * sizeof *t);
    if (!t && st == CNSIM_OK)
        st = cnsim__fail(CNSIM_E_NOMEM, "interact: out of memory");
    for (size_t i = 0; t && i < nt; i++)
        t[i] = i * DT_H;
    for (size_t dd = 0; st == CNSIM_OK && dd < n; dd++)
        st = cnsim_run_set_regimen(run, dd, NULL);
    if (st == CNSIM_OK && any) {
        if ((st = cnsim_run_set_events(run, &l, 1)) == CNSIM_OK && (st = cnsim_run_set_times(run, t, nt)) == CNSIM_OK &&
            (st = cnsim_run_set_outputs(run, CNSIM_RUN_PD)) == CNSIM_OK)
            st = cnsim_run_simulate(run);
    }
    *dmin = 1, *tmin = 0, *sedmax = 0, *vmin = 1, *vtmin = 0;
    size_t ns = cnsim_model_n_species(m);
    const double *conc = any && st == CNSIM_OK ? cnsim_run_conc(run) : NULL;
    const cnsim_pd_state *ps = any && st == CNSIM_OK ? cnsim_run_pd(run) : NULL;
    for (size_t i = 0; st == CNSIM_OK && i < nt; i++) {
        double co = 0, b = ps ? ps[i].bzd_drive : 0, e = bac;
        for (size_t k = 0; conc && k < ns; k++) {
            if (cnsim_model_species_is_metabolite(m, k))
                continue;
            int kk = kind_of(m, cnsim_model_species_drug(m, k));
            if (kk & K_OPIOID)
                co += conc[i * ns + k];
            if (kk & K_ETH)
                e += conc[i * ns + k] / 1e6; /* ng/mL -> g/L */
        }
        double dr = cnsim_interact_resp_drive(rp, co, b, e), ve = cnsim_interact_ventilation(vp, co, b, e);
        if (dr < *dmin)
            *dmin = dr, *tmin = t[i];
        if (ve < *vmin)
            *vmin = ve, *vtmin = t[i];
        if (ps && ps[i].sedation > *sedmax)
            *sedmax = ps[i].sedation;
        /* every CNSIM_INTERACT_CURVE_STEP_H, on the fine grid's points */
        double kc = t[i] / CNSIM_INTERACT_CURVE_STEP_H;
        size_t c = (size_t)(kc + 0.5);
        if (fabs(kc - (double)c) < 1e-9 && c < CNSIM_INTERACT_CURVE_MAX) {
            drive_curve[c] = dr;
            vent_curve[c] = ve;
        }
    }
    for (size_t i = 0; i < n && st == CNSIM_OK; i++)
        st = cnsim_run_set_pk_params(run, i, NULL);
    free(t);
    cnsim_event_list_free(&l);
    return st;
}

cnsim_status cnsim_interact_analyze(cnsim_registry *reg, const cnsim_interact_drug *d, size_t n,
                                    cnsim_interact_result *r)
{
    cnsim__clear_error();
    memset(r, 0, sizeof *r);
    if (n < 2 || n > CNSIM_INTERACT_MAX_DRUGS)
        return cnsim__fail(CNSIM_E_ARG, "interactions need 2 to %d drugs (got %zu)",
                           CNSIM_INTERACT_MAX_DRUGS, n);
    /* The same drug twice is one drug at two doses, not a combination;
     * duplicate therapy is two different drugs of one class, which the
     * model's rules report. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(d[i].name, d[j].name))
                return cnsim__fail(CNSIM_E_ARG,
                                   "%s is given twice (drugs %zu and %zu); expected each drug once with one amount "
                                   "(duplicate therapy is two different drugs of one class)", d[i].name, j + 1, i + 1);
    /* One model of the combination: its interaction rules give the
     * findings, its runs the PK changes and the respiratory drive. */
    cnsim_model_drug md[CNSIM_INTERACT_MAX_DRUGS];
    for (size_t i = 0; i < n; i++)
        md[i] = (cnsim_model_drug){d[i].name, NULL, NULL};
    cnsim_model *m = NULL;
    cnsim_run *run = NULL;
    cnsim_status st = cnsim_model_create(reg, md, n, NULL, &m);
    if (st == CNSIM_OK)
        st = cnsim_run_create(m, &run);
    for (size_t i = 0; st == CNSIM_OK && i < cnsim_model_n_interactions(m); i++) {
        const cnsim_interaction *x = cnsim_model_interaction(m, i);
        if (r->n_findings == CNSIM_INTERACT_MAX_FINDINGS)
            break;
        cnsim_interact_finding *f = &r->findings[r->n_findings++];
        snprintf(f->severity, sizeof f->severity, "%s", x->severity);
        snprintf(f->drugs[0], CNSIM_NAME_MAX, "%s", x->drugs[0]);
        snprintf(f->drugs[1], CNSIM_NAME_MAX, "%s", x->drugs[1]);
        snprintf(f->mechanism, sizeof f->mechanism, "%s", x->mechanism);
        snprintf(f->advice, sizeof f->advice, "%s", x->advice);
        snprintf(f->source, sizeof f->source, "%s", x->source);
    }
    if (st == CNSIM_OK)
        st = pk_effects(run, d, n, r);
    int n_resp = 0;
    for (size_t i = 0; st == CNSIM_OK && i < n; i++)
        if (kind_of(m, i) & (K_OPIOID | K_BZD | K_ETH))
            n_resp++;
    r->horizon_h = 24;
    if (st == CNSIM_OK && n_resp >= 2) {
        cnsim_resp_params rp;
        cnsim_vent_params vp;
        if ((st = cnsim_interact_resp_params(reg, &rp)) == CNSIM_OK &&
            (st = cnsim_interact_vent_params(reg, &vp)) == CNSIM_OK) {
            r->has_respiratory = 1;
            int use[CNSIM_INTERACT_MAX_DRUGS];
            for (size_t i = 0; i < n; i++)
                use[i] = 1;
            r->n_curve = (size_t)(r->horizon_h / CNSIM_INTERACT_CURVE_STEP_H + 0.5) + 1;
            if (r->n_curve > CNSIM_INTERACT_CURVE_MAX)
                r->n_curve = CNSIM_INTERACT_CURVE_MAX;
            for (size_t c = 0; c < r->n_curve; c++)
                r->curve_time_h[c] = c * CNSIM_INTERACT_CURVE_STEP_H;
            st = resp_run(run, &rp, &vp, d, n, use, 1, r, r->horizon_h, &r->resp_min_combined, &r->resp_min_time_h,
                          &r->sedation_max_combined, &r->vent_min_combined, &r->vent_min_time_h, r->drive_combined,
                          r->vent_combined);
            for (size_t i = 0; st == CNSIM_OK && i < n; i++) {
                double sed, vt;
                for (size_t q = 0; q < n; q++)
                    use[q] = q == i;
                st = resp_run(run, &rp, &vp, d, n, use, 0, r, r->horizon_h, &r->resp_min_alone[i],
                              &r->resp_min_alone_time_h[i], &sed, &r->vent_min_alone[i], &vt, r->drive_alone[i],
                              r->vent_alone[i]);
            }
        }
    }
    cnsim_run_free(run);
    cnsim_model_free(m);
    return st;
}
