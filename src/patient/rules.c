/* Evaluates the patient_rules and patient_covariates tables of the
 * registry (data/80_patient.sql) against a profile. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnsim/patient.h"
#include "cnsim/units.h"
#include "core_impl.h"
#include "registry/registry_impl.h"
#include "patient/patient_impl.h"

static const char *const organ_names[] = {"", "none", "mild", "moderate", "severe"};
static const char *const met_names[] = {"", "poor", "intermediate", "normal", "rapid", "ultrarapid"};

static int compare(double x, const char *op, double y)
{
    if (!strcmp(op, "<")) return x < y;
    if (!strcmp(op, "<=")) return x <= y;
    if (!strcmp(op, ">")) return x > y;
    if (!strcmp(op, ">=")) return x >= y;
    if (!strcmp(op, "=")) return x == y;
    return -1;
}

static int level_of(const char *const *names, int n, const char *v)
{
    for (int i = 1; i < n; i++)
        if (!strcmp(names[i], v))
            return i;
    return 0;
}

/* A creatinine-clearance comparison for a profile that gives only the
 * renal class: true when it holds for every clearance of the class's FDA
 * band (source fda-renal-2020), so "crcl<30" holds for renal=severe and
 * not for renal=moderate. */
static int crcl_band(cnsim_organ_impairment renal, const char *op, double y)
{
    static const double lo[] = {0, 90, 60, 30, 0}, hi[] = {0, INFINITY, 90, 60, 30};
    if (renal == CNSIM_ORGAN_UNKNOWN)
        return 0;
    if (!strcmp(op, "<") || !strcmp(op, "<="))
        return hi[renal] <= y;
    if (!strcmp(op, ">"))
        return lo[renal] > y;
    if (!strcmp(op, ">="))
        return lo[renal] >= y;
    return 0;
}

/* One atom: "pregnant", "age>=65", "hepatic>=moderate", "crcl<30",
 * "sex=female", "cyp2c19=poor", "any". 1 true, 0 false, -1 not
 * understood. */
static int atom(const cnsim_patient *p, const char *c)
{
    if (!strcmp(c, "any")) return 1;
    if (!strcmp(c, "pregnant")) return p->is_pregnant;
    if (!strcmp(c, "breastfeeding")) return p->is_breastfeeding;
    if (!strcmp(c, "copd")) return p->has_copd;
    if (!strcmp(c, "sleep-apnea")) return p->has_sleep_apnea;
    if (!strcmp(c, "substance-use")) return p->has_substance_use;
    if (!strcmp(c, "depression")) return p->has_depression;
    size_t k = strcspn(c, "<>=");
    if (k == 0 || !c[k] || k >= 16)
        return -1;
    char key[16], op[3] = {0};
    memcpy(key, c, k);
    key[k] = '\0';
    size_t o = strspn(c + k, "<>=");
    if (o > 2)
        return -1;
    memcpy(op, c + k, o);
    const char *v = c + k + o;
    if (!strcmp(key, "age") || !strcmp(key, "weight")) {
        double x = key[0] == 'a' ? p->age_y : p->weight_kg;
        double y;
        const char *end = cnsim_scan_number(v, &y);
        if (!end || *end || !isfinite(y))
            return -1;
        return isnan(x) ? 0 : compare(x, op, y);
    }
    if (!strcmp(key, "crcl")) {
        double y;
        const char *end = cnsim_scan_number(v, &y);
        if (!end || *end || !isfinite(y) || compare(0, op, 0) < 0)
            return -1;
        return isnan(p->crcl_mL_per_min) ? crcl_band(p->renal, op, y) : compare(p->crcl_mL_per_min, op, y);
    }
    if (!strcmp(key, "sex")) {
        int lv = !strcmp(v, "female") ? CNSIM_SEX_FEMALE : !strcmp(v, "male") ? CNSIM_SEX_MALE : 0;
        if (!lv || strcmp(op, "="))
            return -1;
        return (int)p->sex == lv;
    }
    if (!strcmp(key, "hepatic") || !strcmp(key, "renal")) {
        int lv = level_of(organ_names, 5, v);
        int x = key[0] == 'h' ? (int)p->hepatic : (int)p->renal;
        if (!lv)
            return -1;
        return x == CNSIM_ORGAN_UNKNOWN ? 0 : compare(x, op, lv);
    }
    if (!strcmp(key, "cyp2c19") || !strcmp(key, "cyp2d6")) {
        int lv = level_of(met_names, 6, v);
        if (!lv || strcmp(op, "="))
            return -1;
        return (int)(key[4] == 'c' ? p->cyp2c19 : p->cyp2d6) == lv;
    }
    return -1;
}

/* "cyp2c19=poor&age>=65": every atom true. */
static int conjunction(const cnsim_patient *p, char *alt)
{
    int all = 1;
    for (char *save = NULL, *t = strtok_r(alt, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
        int r = atom(p, t);
        if (r < 0)
            return -1;
        all &= r;
    }
    return all;
}

/* "copd|sleep-apnea": any alternative true; '&' binds tighter than '|'. */
static int condition(const cnsim_patient *p, const char *cond)
{
    char buf[128];
    if (cnsim__strlcpy(buf, cond, sizeof buf) != 0)
        return -1;
    int any = 0;
    for (char *save = NULL, *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        int r = conjunction(p, t);
        if (r < 0)
            return -1;
        any |= r;
    }
    return any;
}

/* 2 the drug itself, 1 a class above it, 0 '*', -1 not this drug. */
/* The classes of a drug, read once per call so that each rule row is
 * matched in memory rather than by a query. */
typedef struct {
    char names[32][CNSIM_NAME_MAX];
    int n;
} class_set;

static cnsim_status classes_of(cnsim_registry *reg, const char *drug, class_set *c)
{
    return cnsim__registry_classes(reg, drug, c->names, 32, &c->n);
}

static int applies(const class_set *c, const char *drug, const char *row_drug)
{
    if (!strcmp(row_drug, drug))
        return 2;
    if (!strcmp(row_drug, "*"))
        return 0;
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->names[i], row_drug))
            return 1;
    return -1;
}

static cnsim_status bad_row(const char *table, const char *drug, const char *cond)
{
    return cnsim__fail(CNSIM_E_DB, "%s: condition '%s' for %s is not understood", table, cond, drug);
}

cnsim_status cnsim_patient_check(cnsim_registry *reg, const cnsim_patient *p,
                                 const char *name,
                                 cnsim_patient_finding *out, size_t n_max,
                                 size_t *n_found)
{
    cnsim__clear_error();
    if (!reg || !p || !name || !n_found || (n_max && !out))
        return cnsim__fail(CNSIM_E_ARG, "cnsim_patient_check: NULL argument");
    *n_found = 0;
    char drug[CNSIM_NAME_MAX];
    cnsim_status rc = cnsim_registry_resolve(reg, name, drug);
    if (rc != CNSIM_OK)
        return rc;
    class_set cls;
    if ((rc = classes_of(reg, drug, &cls)) != CNSIM_OK)
        return rc;
    sqlite3_stmt *st;
    if ((rc = cnsim__reg_prepare(reg,
            "SELECT drug, condition, severity, code, message, source FROM patient_rules"
            " ORDER BY CASE severity WHEN 'contraindication' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,"
            " rowid", &st)) != CNSIM_OK)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *row_drug = cnsim__reg_text(st, 0), *cond = cnsim__reg_text(st, 1);
        if (applies(&cls, drug, row_drug) < 0)
            continue;
        int r = condition(p, cond);
        if (r < 0) {
            rc = bad_row("patient_rules", row_drug, cond);
            break;
        }
        if (!r)
            continue;
        if (*n_found < n_max) {
            cnsim_patient_finding *f = &out[*n_found];
            cnsim__strlcpy(f->code, cnsim__reg_text(st, 3), sizeof f->code);
            cnsim__strlcpy(f->severity, cnsim__reg_text(st, 2), sizeof f->severity);
            if (!strcmp(cond, "any"))
                snprintf(f->message, sizeof f->message, "%s (%s): %s", drug,
                         cnsim__reg_text(st, 2), cnsim__reg_text(st, 4));
            else
                snprintf(f->message, sizeof f->message, "%s (%s, %s): %s", drug,
                         cnsim__reg_text(st, 2), cond, cnsim__reg_text(st, 4));
            cnsim__strlcpy(f->source, cnsim__reg_text(st, 5), sizeof f->source);
        }
        (*n_found)++;
    }
    if (rc == CNSIM_OK && s != SQLITE_DONE)
        rc = cnsim__reg_error(reg->db, s);
    cnsim_status fs = cnsim__reg_finalize(st);
    return rc ? rc : fs;
}

cnsim_status cnsim__cov_rules_load(cnsim_registry *reg, const char *drug, cnsim__cov_rules *out)
{
    memset(out, 0, sizeof *out);
    cnsim__strlcpy(out->drug, drug, sizeof out->drug);
    class_set cls;
    cnsim_status rc = classes_of(reg, drug, &cls);
    if (rc != CNSIM_OK)
        return rc;
    sqlite3_stmt *st;
    if ((rc = cnsim__reg_prepare(reg,
            "SELECT drug, condition, param, factor, exponent, basis, source, note, effect"
            " FROM patient_covariates ORDER BY rowid", &st)) != CNSIM_OK)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *row_drug = cnsim__reg_text(st, 0), *cond = cnsim__reg_text(st, 1);
        int rank = applies(&cls, drug, row_drug);
        if (rank < 0)
            continue;
        /* Conditions are checked here, once, so that applying the rules
         * to many profiles later cannot fail on a malformed row. */
        cnsim_patient probe;
        cnsim_patient_init(&probe);
        if (strcmp(cond, "weight") && condition(&probe, cond) < 0) {
            rc = bad_row("patient_covariates", row_drug, cond);
            break;
        }
        if (out->n == CNSIM__MAX_COV_RULES) {
            rc = cnsim__fail(CNSIM_E_DB, "patient_covariates: more than %d rows for %s", CNSIM__MAX_COV_RULES, drug);
            break;
        }
        cnsim__cov_rule *e = &out->r[out->n++];
        cnsim__strlcpy(e->cond, cond, sizeof e->cond);
        cnsim__strlcpy(e->param, cnsim__reg_text(st, 2), sizeof e->param);
        e->factor = sqlite3_column_double(st, 3);
        e->exponent = sqlite3_column_type(st, 4) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 4);
        cnsim__strlcpy(e->basis, cnsim__reg_text(st, 5), sizeof e->basis);
        cnsim__strlcpy(e->source, cnsim__reg_text(st, 6), sizeof e->source);
        cnsim__strlcpy(e->note, cnsim__reg_text(st, 7), sizeof e->note);
        e->is_none = !strcmp(cnsim__reg_text(st, 8), "none");
        e->rank = rank;
    }
    if (rc == CNSIM_OK && s != SQLITE_DONE)
        rc = cnsim__reg_error(reg->db, s);
    cnsim_status fs = cnsim__reg_finalize(st);
    return rc ? rc : fs;
}

/* The gene of a param "<gene>_activity" ("cyp2d6_activity"), else -1. */
static int activity_gene(const char *param)
{
    for (int g = 0; g < CNSIM_PK_N_GENES; g++) {
        const char *e = cnsim_pk_gene_enzyme((cnsim_pk_gene)g);
        size_t n = strlen(e);
        if (!strncasecmp(param, e, n) && !strcmp(param + n, "_activity"))
            return g;
    }
    return -1;
}

/* How a parameter reads in a note: "CL", "Vmax", "CYP2D6 activity". */
static const char *param_label(const char *param, char *buf, size_t n)
{
    int g = activity_gene(param);
    if (g >= 0)
        snprintf(buf, n, "%s activity in its enzyme pathways", cnsim_pk_gene_enzyme((cnsim_pk_gene)g));
    else
        cnsim__strlcpy(buf, !strcmp(param, "v") ? "V" : !strcmp(param, "q") ? "Q" : !strcmp(param, "vmax") ? "Vmax" : "CL",
                       n);
    return buf;
}

cnsim_status cnsim__cov_rules_apply(const cnsim__cov_rules *rules, const cnsim_patient *p,
                                    cnsim_pk_params *params, cnsim_patient_finding *notes, size_t n_max,
                                    size_t *n_applied)
{
    *n_applied = 0;
    const char *drug = params->name;
    /* A child without a weight is not a 70 kg adult: the median weight
     * for the age drives the weight covariates. */
    int is_reference = 0;
    double weight_kg = cnsim__patient_pk_weight_kg(p, &is_reference);
    /* The most specific row per (condition, parameter) that holds for p. */
    const cnsim__cov_rule *eff[CNSIM__MAX_COV_RULES];
    size_t n_eff = 0;
    for (size_t i = 0; i < rules->n; i++) {
        const cnsim__cov_rule *r = &rules->r[i];
        int holds = !strcmp(r->cond, "weight") ? !isnan(weight_kg) : condition(p, r->cond) == 1;
        if (!holds)
            continue;
        size_t k;
        for (k = 0; k < n_eff; k++)
            if (!strcmp(eff[k]->cond, r->cond) && !strcmp(eff[k]->param, r->param))
                break;
        if (k < n_eff && eff[k]->rank >= r->rank)
            continue;
        if (k == n_eff)
            n_eff++;
        eff[k] = r;
    }
    for (size_t k = 0; k < n_eff; k++) {
        const cnsim__cov_rule *e = eff[k];
        double f = e->factor;
        char what[64];
        if (!strcmp(e->cond, "weight")) {
            f = pow(weight_kg / 70.0, isnan(e->exponent) ? 1.0 : e->exponent);
            snprintf(what, sizeof what, "%sweight %.3g kg", is_reference ? "reference " : "", weight_kg);
        } else {
            cnsim__strlcpy(what, e->cond, sizeof what);
        }
        if (!isfinite(f) || f < 0)
            return cnsim__fail(CNSIM_E_DB, "patient_covariates: factor %g for %s (%s) is invalid", f, drug, e->cond);
        if (e->is_none) {
            /* Said, not applied: the source states no effect or gives no
             * factor, and the reader should know the condition was seen. */
            if (*n_applied < n_max) {
                cnsim_patient_finding *n = &notes[*n_applied];
                cnsim__strlcpy(n->code, "covariate_none", sizeof n->code);
                cnsim__strlcpy(n->severity, "info", sizeof n->severity);
                char lab[64];
                snprintf(n->message, sizeof n->message, "%s: no %s change for %s (%s; %s)", drug,
                         param_label(e->param, lab, sizeof lab), what, e->basis, e->note);
                cnsim__strlcpy(n->source, e->source, sizeof n->source);
            }
            (*n_applied)++;
            continue;
        }
        if (!strcmp(e->param, "cl")) {
            params->cl_L_per_h *= f;
        } else if (!strcmp(e->param, "q")) {
            params->q2_L_per_h *= f;
            params->q3_L_per_h *= f;
        } else if (!strcmp(e->param, "v")) {
            params->v1_L *= f;
            params->v2_L *= f;
            params->v3_L *= f;
        } else if (!strcmp(e->param, "vmax")) {
            if (!(params->vmax_mg_per_h > 0))
                continue;
            params->vmax_mg_per_h *= f;
        } else if (activity_gene(e->param) >= 0) {
            double *a = &params->enzyme_activity_change[activity_gene(e->param)];
            *a = (1 + *a) * f - 1;
        }
        if (!strcmp(e->param, "q") && !(params->q2_L_per_h > 0))
            continue;  /* one-compartment model: nothing scaled */
        if (*n_applied < n_max) {
            cnsim_patient_finding *n = &notes[*n_applied];
            cnsim__strlcpy(n->code, "covariate_applied", sizeof n->code);
            cnsim__strlcpy(n->severity, "info", sizeof n->severity);
            char lab[64];
            snprintf(n->message, sizeof n->message, "%s: %s x %.3g for %s (%s; %s)", drug,
                     param_label(e->param, lab, sizeof lab), f, what, e->basis, e->note);
            cnsim__strlcpy(n->source, e->source, sizeof n->source);
        }
        (*n_applied)++;
    }
    if (is_reference) {
        if (*n_applied < n_max) {
            cnsim_patient_finding *n = &notes[*n_applied];
            cnsim__strlcpy(n->code, "patient_reference_weight", sizeof n->code);
            cnsim__strlcpy(n->severity, "info", sizeof n->severity);
            snprintf(n->message, sizeof n->message,
                     "%s: no weight given for a child of %g years: the median weight for the age%s, %.3g kg "
                     "(CDC 2000 growth charts), drives the weight covariates instead of the 70 kg adult; give "
                     "weight=KG for the child's own", drug, p->age_y,
                     p->sex == CNSIM_SEX_MALE ? " (boys)" : p->sex == CNSIM_SEX_FEMALE ? " (girls)" : " (boys and girls)",
                     weight_kg);
            cnsim__strlcpy(n->source, "cdc-growth-2000", sizeof n->source);
        }
        (*n_applied)++;
    }
    return CNSIM_OK;
}

cnsim_status cnsim_patient_apply(cnsim_registry *reg, const cnsim_patient *p,
                                 cnsim_pk_params *params,
                                 cnsim_patient_finding *notes, size_t n_max,
                                 size_t *n_applied)
{
    cnsim__clear_error();
    if (!reg || !p || !params || !n_applied || (n_max && !notes))
        return cnsim__fail(CNSIM_E_ARG, "cnsim_patient_apply: NULL argument");
    *n_applied = 0;
    cnsim__cov_rules *rules = malloc(sizeof *rules);
    if (!rules)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for covariate rules");
    cnsim_status st = cnsim__cov_rules_load(reg, params->name, rules);
    if (st == CNSIM_OK)
        st = cnsim__cov_rules_apply(rules, p, params, notes, n_max, n_applied);
    free(rules);
    return st;
}

cnsim_status cnsim_patient_dose_limits(cnsim_registry *reg, const cnsim_patient *p, const char *name,
                                       cnsim_patient_dose_limit *out, size_t n_max, size_t *n_found)
{
    cnsim__clear_error();
    if (!reg || !p || !name || !n_found || (n_max && !out))
        return cnsim__fail(CNSIM_E_ARG, "cnsim_patient_dose_limits: NULL argument");
    *n_found = 0;
    char drug[CNSIM_NAME_MAX];
    cnsim_status rc = cnsim_registry_resolve(reg, name, drug);
    if (rc != CNSIM_OK)
        return rc;
    sqlite3_stmt *st;
    if ((rc = cnsim__reg_prepare(reg,
            "SELECT condition, max_mg_per_day, source, note FROM patient_dose_limits WHERE drug = ?1"
            " ORDER BY max_mg_per_day, rowid", &st)) != CNSIM_OK)
        return rc;
    sqlite3_bind_text(st, 1, drug, -1, SQLITE_TRANSIENT);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *cond = cnsim__reg_text(st, 0);
        int r = condition(p, cond);
        if (r < 0) {
            rc = bad_row("patient_dose_limits", drug, cond);
            break;
        }
        if (!r)
            continue;
        if (*n_found < n_max) {
            cnsim_patient_dose_limit *l = &out[*n_found];
            l->max_mg_per_day = sqlite3_column_double(st, 1);
            cnsim__strlcpy(l->condition, cond, sizeof l->condition);
            cnsim__strlcpy(l->source, cnsim__reg_text(st, 2), sizeof l->source);
            cnsim__strlcpy(l->note, cnsim__reg_text(st, 3), sizeof l->note);
        }
        (*n_found)++;
    }
    if (rc == CNSIM_OK && s != SQLITE_DONE)
        rc = cnsim__reg_error(reg->db, s);
    cnsim_status fs = cnsim__reg_finalize(st);
    return rc ? rc : fs;
}
