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
#include "cnsim/pd.h"
#include "cnsim/pk.h"
#include "cnsim/regimen.h"
#include "core_impl.h"

static int param(sqlite3 *db, const char *key, double *v)
{
    sqlite3_stmt *s = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(db, "SELECT value FROM pd_interaction_params WHERE key = ?",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW) { *v = sqlite3_column_double(s, 0); ok = 1; }
    }
    sqlite3_finalize(s);
    return ok;
}

cnsim_status cnsim_interact_resp_params(cnsim_registry *reg, cnsim_resp_params *p)
{
    sqlite3 *db = cnsim_registry_db(reg);
    struct { const char *k; double *v; } t[] = {
        {"gamma", &p->gamma}, {"c50_oxycodone_ng_mL", &p->c50_opioid_ng_mL},
        {"d50_bzd_drive", &p->d50_bzd}, {"c50_ethanol_g_L", &p->c50_ethanol_g_L},
        {"beta_opioid_bzd", &p->beta_opioid_bzd},
        {"beta_opioid_ethanol", &p->beta_opioid_ethanol},
        {"beta_bzd_ethanol", &p->beta_bzd_ethanol}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!param(db, t[i].k, t[i].v))
            return cnsim__fail(CNSIM_E_DB, "pd_interaction_params: missing key '%s'", t[i].k);
    return CNSIM_OK;
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
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        return cnsim__fail(CNSIM_E_DB, "dose_limits: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(s, 1, d->name, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        d->dose_mg = sqlite3_column_double(s, 0);
        d->is_default_dose = 1;
        snprintf(d->dose_note, sizeof d->dose_note,
                 "no dose given: usual adult daily dose %g mg/day (%s; source %s), given as one dose",
                 d->dose_mg, (const char *)sqlite3_column_text(s, 1),
                 (const char *)sqlite3_column_text(s, 2));
        st = CNSIM_OK;
    }
    sqlite3_finalize(s);
    if (st != CNSIM_OK)
        return cnsim__fail(CNSIM_E_ARG, "%s: no dose given and the registry has no usual adult dose; give one as %s:AMOUNT",
                           d->name, d->name);
    return st;
}

cnsim_status cnsim_interact_parse(cnsim_registry *reg, const char *arg,
                                  cnsim_interact_drug *out)
{
    memset(out, 0, sizeof *out);
    char name[CNSIM_NAME_MAX * 2];
    const char *colon = strchr(arg, ':');
    size_t ln = colon ? (size_t)(colon - arg) : strlen(arg);
    if (ln == 0 || ln >= sizeof name)
        return cnsim__fail(CNSIM_E_PARSE, "'%s': expected DRUG[:AMOUNT]", arg);
    memcpy(name, arg, ln);
    name[ln] = 0;
    cnsim_status st = cnsim_registry_resolve(reg, name, out->name);
    if (st != CNSIM_OK) return st;
    int is_eth = !strcmp(out->name, "ethanol");
    if (!colon || !colon[1]) {
        if (colon) return cnsim__fail(CNSIM_E_PARSE, "'%s': empty amount after ':'", arg);
        if (is_eth) {
            out->dose_mg = 2 * 14000.0;
            out->is_default_dose = 1;
            snprintf(out->dose_note, sizeof out->dose_note,
                     "no amount given: 2 US standard drinks (14 g ethanol each, source niaaa-alcohol)");
            return CNSIM_OK;
        }
        return default_dose(reg, out);
    }
    const char *a = colon + 1;
    char *end;
    double v = strtod(a, &end);
    if (end == a || !isfinite(v) || v <= 0)
        return cnsim__fail(CNSIM_E_PARSE, "'%s': amount '%s' is not a positive number with a unit (e.g. 1mg)", arg, a);
    while (*end == ' ') end++;
    if (!strcasecmp(end, "mg")) out->dose_mg = v;
    else if (!strcasecmp(end, "ug") || !strcasecmp(end, "mcg")) out->dose_mg = v / 1000;
    else if (!strcasecmp(end, "g")) out->dose_mg = v * 1000;
    else if (is_eth && !strcasecmp(end, "g/L")) out->bac_g_L = v;
    else if (is_eth && !strcasecmp(end, "mg/dL")) out->bac_g_L = v / 100;
    else if (is_eth && (!strcasecmp(end, "drinks") || !strcasecmp(end, "drink"))) {
        out->dose_mg = v * 14000.0;
        snprintf(out->dose_note, sizeof out->dose_note,
                 "%g US standard drinks = %g g ethanol (14 g per drink, source niaaa-alcohol)", v, v * 14);
    } else
        return cnsim__fail(CNSIM_E_PARSE, "'%s': unit '%s' unknown; expected mg, ug, g%s", arg, end,
                           is_eth ? ", g/L, mg/dL or drinks" : "");
    if (out->bac_g_L > 6)
        return cnsim__fail(CNSIM_E_RANGE, "'%s': blood ethanol %g g/L is above 6 g/L", arg, out->bac_g_L);
    if (out->bac_g_L > 0)
        snprintf(out->dose_note, sizeof out->dose_note,
                 "blood ethanol held at %g g/L over the window", out->bac_g_L);
    else if (!out->dose_note[0])
        snprintf(out->dose_note, sizeof out->dose_note, "%g mg single oral dose", out->dose_mg);
    return CNSIM_OK;
}

/* --- classes --- */

enum { K_OPIOID = 1, K_BZD = 2, K_ETH = 4, K_SSRI = 8 };

static int kind_of(cnsim_registry *reg, const char *name)
{
    int k = 0;
    if (cnsim_registry_is_a(reg, name, "opioid agonist") == 1) k |= K_OPIOID;
    if (cnsim_registry_is_a(reg, name, "benzodiazepine") == 1) k |= K_BZD;
    if (cnsim_registry_is_a(reg, name, "alcohol") == 1) k |= K_ETH;
    if (cnsim_registry_is_a(reg, name, "SSRI") == 1) k |= K_SSRI;
    return k;
}

static void label_of(cnsim_registry *reg, const char *name, char *out, size_t n)
{
    sqlite3 *db = cnsim_registry_db(reg);
    sqlite3_stmt *s = NULL;
    snprintf(out, n, "fda-ddi-table");
    if (sqlite3_prepare_v2(db, "SELECT source FROM dose_limits WHERE drug = ? ORDER BY rowid LIMIT 1",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW) snprintf(out, n, "%s", (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
}

static void add(cnsim_interact_result *r, const char *sev, const char *a, const char *b,
                const char *mech, const char *adv, const char *src)
{
    if (r->n_findings >= CNSIM_INTERACT_MAX_FINDINGS) return;
    cnsim_interact_finding *f = &r->findings[r->n_findings++];
    snprintf(f->severity, sizeof f->severity, "%s", sev);
    snprintf(f->drugs[0], CNSIM_NAME_MAX, "%s", a);
    snprintf(f->drugs[1], CNSIM_NAME_MAX, "%s", b);
    snprintf(f->mechanism, sizeof f->mechanism, "%s", mech);
    snprintf(f->advice, sizeof f->advice, "%s", adv);
    snprintf(f->source, sizeof f->source, "%s", src);
}

static void pair_findings(cnsim_registry *reg, const char *a, int ka, const char *b, int kb,
                          cnsim_interact_result *r)
{
    const char *bzd = (ka & K_BZD) ? a : (kb & K_BZD) ? b : NULL;
    const char *opi = (ka & K_OPIOID) ? a : (kb & K_OPIOID) ? b : NULL;
    const char *eth = (ka & K_ETH) ? a : (kb & K_ETH) ? b : NULL;
    char src[CNSIM_NAME_MAX];
    if (bzd && opi && bzd != opi) {
        label_of(reg, bzd, src, sizeof src);
        add(r, "boxed-warning", bzd, opi,
            "Additive and supra-additive CNS and respiratory depression (GABA-A potentiation plus mu-opioid depression of respiratory drive)",
            "Boxed warning: profound sedation, respiratory depression, coma and death; co-prescribe only without adequate alternatives, at the lowest doses for the shortest time, and monitor for sedation and breathing",
            src);
    }
    if (bzd && eth && bzd != eth) {
        label_of(reg, bzd, src, sizeof src);
        add(r, "boxed-warning", bzd, eth,
            "Additive CNS and respiratory depression (both potentiate GABA-A receptors)",
            "Boxed warning (abuse/misuse: overdose and death often involve alcohol); avoid alcohol while taking the benzodiazepine",
            src);
    }
    if (opi && eth && opi != eth)
        add(r, "boxed-warning", opi, eth,
            "Additive and supra-additive CNS and respiratory depression",
            "Opioid boxed warning (concomitant CNS depressants including alcohol): avoid alcohol; monitor sedation and breathing",
            "roxicodone-label");
    if ((ka & K_SSRI) && (kb & K_SSRI)) {
        label_of(reg, a, src, sizeof src);
        add(r, "major", a, b,
            "Two serotonin reuptake inhibitors: serotonin syndrome risk (and duplicate therapy)",
            "Avoid combining SSRIs; when switching, follow the label washout; watch for agitation, tremor, hyperthermia, clonus",
            src);
    }
    const char *ssri = (ka & K_SSRI) ? a : (kb & K_SSRI) ? b : NULL;
    const char *other = ssri == a ? b : a;
    int ko = ssri == a ? kb : ka;
    if (ssri && (ko & K_OPIOID))
        add(r, "moderate", ssri, other,
            "Serotonergic opioid activity plus SERT blockade: serotonin syndrome risk; CYP2D6-inhibiting SSRIs also change opioid metabolism, and paroxetine deepened oxycodone respiratory depression (Florian 2022)",
            "Monitor for serotonin syndrome (agitation, hyperthermia, clonus) and for sedation and breathing, especially after dose changes",
            "roxicodone-label");
    if (ssri && (ko & K_BZD))
        add(r, "moderate", other, ssri,
            "Additive sedation and psychomotor impairment (CNS depressants potentiate benzodiazepines)",
            "Expect more drowsiness, especially at the start; avoid driving until the effect is known; no PK change is expected (the label reports none with fluoxetine)",
            "klonopin-label");
    if ((ka & K_BZD) && (kb & K_BZD))
        add(r, "major", a, b,
            "Two benzodiazepines: additive sedation and respiratory depression (duplicate therapy)",
            "Avoid duplicate benzodiazepines except during a planned crossover taper",
            "klonopin-label");
}

/* --- PK fold change --- */

static cnsim_status ss_auc(cnsim_registry *reg, const char *victim, double dose_mg,
                           double clmul, double *auc)
{
    cnsim_pk_params p;
    cnsim_status st = cnsim_registry_pk_params(reg, victim, NULL, &p);
    if (st != CNSIM_OK) return st;
    p.cl_L_per_h *= clmul;
    p.vmax_mg_per_h *= clmul;
    cnsim_event_list l, ex;
    cnsim_event_list_init(&l);
    cnsim_event_list_init(&ex);
    int di;
    char reg_text[96];
    snprintf(reg_text, sizeof reg_text, "%.10g mg q12h for 21d", dose_mg);
    st = cnsim_event_list_drug(&l, victim, &di);
    if (st == CNSIM_OK) st = cnsim_regimen_parse(reg_text, 1, di, 21 * 24.0, &l);
    if (st == CNSIM_OK) st = cnsim_events_expand(&l, &ex);
    cnsim_pk_summary sum[2];
    cnsim_solver_opts o = cnsim_solver_opts_default();
    if (st == CNSIM_OK) st = cnsim_pk_summarize(&p, 1, ex.ev, ex.n, &o, sum, 1 + (p.has_metabolite ? 1 : 0));
    if (st == CNSIM_OK) *auc = sum[0].auc_tau_ng_h_mL;
    cnsim_event_list_free(&l);
    cnsim_event_list_free(&ex);
    return st;
}

static cnsim_status pk_effects(cnsim_registry *reg, const cnsim_interact_drug *d, size_t n,
                               cnsim_interact_result *r)
{
    sqlite3 *db = cnsim_registry_db(reg);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j || r->n_pk >= sizeof r->pk / sizeof r->pk[0]) continue;
            sqlite3_stmt *s = NULL;
            if (sqlite3_prepare_v2(db,
                    "SELECT cl_multiplier, severity, mechanism, advice, basis, is_assumed, source "
                    "FROM pk_interactions WHERE perpetrator = ? AND victim = ?", -1, &s, NULL) != SQLITE_OK)
                return cnsim__fail(CNSIM_E_DB, "pk_interactions: %s", sqlite3_errmsg(db));
            sqlite3_bind_text(s, 1, d[i].name, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, d[j].name, -1, SQLITE_STATIC);
            if (sqlite3_step(s) == SQLITE_ROW) {
                cnsim_interact_pk *k = &r->pk[r->n_pk];
                memset(k, 0, sizeof *k);
                snprintf(k->perpetrator, CNSIM_NAME_MAX, "%s", d[i].name);
                snprintf(k->victim, CNSIM_NAME_MAX, "%s", d[j].name);
                k->cl_multiplier = sqlite3_column_double(s, 0);
                k->is_assumed = sqlite3_column_int(s, 5);
                snprintf(k->basis, sizeof k->basis, "%s", (const char *)sqlite3_column_text(s, 4));
                snprintf(k->source, sizeof k->source, "%s", (const char *)sqlite3_column_text(s, 6));
                add(r, (const char *)sqlite3_column_text(s, 1), d[i].name, d[j].name,
                    (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
                    k->source);
                double dose = d[j].dose_mg > 0 ? d[j].dose_mg : 1.0;
                cnsim_status st = ss_auc(reg, d[j].name, dose, 1.0, &k->auc_tau_without_ng_h_mL);
                if (st == CNSIM_OK)
                    st = ss_auc(reg, d[j].name, dose, k->cl_multiplier, &k->auc_tau_with_ng_h_mL);
                if (st != CNSIM_OK) { sqlite3_finalize(s); return st; }
                k->auc_fold_change = k->auc_tau_with_ng_h_mL / k->auc_tau_without_ng_h_mL;
                r->n_pk++;
            }
            sqlite3_finalize(s);
        }
    return CNSIM_OK;
}

/* --- respiratory drive over time --- */

#define DT_H 0.05

/* Simulates the drugs flagged in `use` given together at t = 0 (with the
 * PK multipliers in r applied when `with_pk`); writes the drive minimum,
 * its time and the maximal benzodiazepine sedation. */
static cnsim_status resp_run(cnsim_registry *reg, const cnsim_resp_params *rp,
                             const cnsim_interact_drug *d, size_t n, const int *use,
                             int with_pk, const cnsim_interact_result *r, double horizon_h,
                             double *dmin, double *tmin, double *sedmax)
{
    cnsim_pk_params pk[CNSIM_INTERACT_MAX_DRUGS];
    size_t np = 0;
    double bac = 0;
    int is_opioid[CNSIM_INTERACT_MAX_DRUGS * 2] = {0};
    cnsim_event_list l, ex;
    cnsim_event_list_init(&l);
    cnsim_event_list_init(&ex);
    cnsim_status st = CNSIM_OK;
    for (size_t i = 0; i < n && st == CNSIM_OK; i++) {
        if (!use[i]) continue;
        if (d[i].bac_g_L > 0) { bac += d[i].bac_g_L; continue; }
        int k = kind_of(reg, d[i].name);
        if (!(k & (K_OPIOID | K_BZD | K_ETH))) continue; /* no respiratory term */
        st = cnsim_registry_pk_params(reg, d[i].name, NULL, &pk[np]);
        if (st != CNSIM_OK) break;
        if (with_pk)
            for (size_t m = 0; m < r->n_pk; m++)
                if (!strcmp(r->pk[m].victim, d[i].name)) {
                    int perp_used = 0;
                    for (size_t q = 0; q < n; q++)
                        if (use[q] && !strcmp(d[q].name, r->pk[m].perpetrator)) perp_used = 1;
                    if (perp_used) {
                        pk[np].cl_L_per_h *= r->pk[m].cl_multiplier;
                        pk[np].vmax_mg_per_h *= r->pk[m].cl_multiplier;
                    }
                }
        int di;
        st = cnsim_event_list_drug(&l, d[i].name, &di);
        if (st != CNSIM_OK) break;
        cnsim_event e = cnsim_event_default();
        e.id = 1; e.time_h = 0; e.drug = di; e.amt_mg = d[i].dose_mg;
        st = cnsim_event_list_push(&l, &e);
        np++;
    }
    size_t nt = (size_t)(horizon_h / DT_H) + 1;
    double *t = NULL, *conc = NULL, *c2 = NULL;
    cnsim_pd_state *ps = NULL;
    cnsim_pk_run *run = NULL;
    size_t no = 0;
    cnsim_pd_drug_params pdp[CNSIM_INTERACT_MAX_DRUGS * 2];
    int eth_out = -1;
    t = malloc(nt * sizeof *t);
    if (!t) st = CNSIM_E_NOMEM;
    for (size_t i = 0; t && i < nt; i++) t[i] = i * DT_H;
    if (st == CNSIM_OK && np > 0) {
        st = cnsim_events_expand(&l, &ex);
        if (st == CNSIM_OK) st = cnsim_pk_run_create(pk, np, NULL, &run);
        if (st == CNSIM_OK) {
            no = cnsim_pk_run_n_outputs(run);
            conc = malloc(nt * no * sizeof *conc);
            ps = malloc(nt * sizeof *ps);
            if (!conc || !ps) st = CNSIM_E_NOMEM;
        }
        if (st == CNSIM_OK) st = cnsim_pk_run_simulate(run, ex.ev, ex.n, t, nt, conc, NULL);
        for (size_t j = 0; st == CNSIM_OK && j < no; j++) {
            const char *on = cnsim_pk_run_output_name(run, j);
            st = cnsim_registry_pd_params(reg, on, &pdp[j]);
            if (kind_of(reg, on) & K_OPIOID) is_opioid[j] = 1;
            if (!strcmp(on, "ethanol")) eth_out = (int)j;
        }
        cnsim_pd_system_params sys;
        if (st == CNSIM_OK) st = cnsim_registry_pd_system(reg, &sys);
        if (st == CNSIM_OK) st = cnsim_pd_run(&sys, pdp, no, t, nt, conc, t, nt, ps);
    }
    *dmin = 1; *tmin = 0; *sedmax = 0;
    for (size_t i = 0; st == CNSIM_OK && i < nt; i++) {
        double co = 0, b = ps ? ps[i].bzd_drive : 0, e = bac;
        for (size_t j = 0; j < no; j++) if (is_opioid[j]) co += conc[i * no + j];
        if (eth_out >= 0) e += conc[i * no + eth_out] / 1e6; /* ng/mL -> g/L */
        double dr = cnsim_interact_resp_drive(rp, co, b, e);
        if (dr < *dmin) { *dmin = dr; *tmin = t[i]; }
        if (ps && ps[i].sedation > *sedmax) *sedmax = ps[i].sedation;
    }
    cnsim_pk_run_free(run);
    free(t); free(conc); free(c2); free(ps);
    cnsim_event_list_free(&l);
    cnsim_event_list_free(&ex);
    return st;
}

cnsim_status cnsim_interact_analyze(cnsim_registry *reg, const cnsim_interact_drug *d,
                                    size_t n, cnsim_interact_result *r)
{
    memset(r, 0, sizeof *r);
    if (n < 2 || n > CNSIM_INTERACT_MAX_DRUGS)
        return cnsim__fail(CNSIM_E_ARG, "interactions need 2 to %d drugs (got %zu)",
                           CNSIM_INTERACT_MAX_DRUGS, n);
    int k[CNSIM_INTERACT_MAX_DRUGS];
    for (size_t i = 0; i < n; i++) k[i] = kind_of(reg, d[i].name);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            pair_findings(reg, d[i].name, k[i], d[j].name, k[j], r);
    cnsim_status st = pk_effects(reg, d, n, r);
    if (st != CNSIM_OK) return st;
    int n_resp = 0;
    for (size_t i = 0; i < n; i++)
        if (k[i] & (K_OPIOID | K_BZD | K_ETH)) n_resp++;
    r->horizon_h = 24;
    if (n_resp >= 2) {
        cnsim_resp_params rp;
        st = cnsim_interact_resp_params(reg, &rp);
        if (st != CNSIM_OK) return st;
        r->has_respiratory = 1;
        int use[CNSIM_INTERACT_MAX_DRUGS];
        for (size_t i = 0; i < n; i++) use[i] = 1;
        st = resp_run(reg, &rp, d, n, use, 1, r, r->horizon_h, &r->resp_min_combined,
                      &r->resp_min_time_h, &r->sedation_max_combined);
        for (size_t i = 0; st == CNSIM_OK && i < n; i++) {
            double sed;
            for (size_t q = 0; q < n; q++) use[q] = q == i;
            st = resp_run(reg, &rp, d, n, use, 0, r, r->horizon_h, &r->resp_min_alone[i],
                          &r->resp_min_alone_time_h[i], &sed);
        }
    }
    return st;
}
