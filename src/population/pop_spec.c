/* Population scenario files (JSON) -> cnsim_pop_spec. Strict like the
 * simulate scenarios (src/io/scenario_json.c): an unknown key is an error,
 * and every message names the JSON path, the value and what was expected.
 *
 *   { "name": "...", "note": "...",
 *     "model": "effect-tolerance" | "drug-chain",
 *     "theta": {"CL": 5.6, ...},                 typical values (THETA)
 *     "regimen": "0.5 mg q12h for 28 d",         effect-tolerance: one drug
 *     "drugs": [{"drug": "clonazepam", "regimen": "...", "formulation": "tablet"}],
 *     "until": "42d", "every": "1h",
 *     "outputs": ["c_ng_mL", "ce_ng_mL", "net_effect"],   reported (default all)
 *     "omega": {"CL": 0.0862, ...}               diagonal, or
 *              {"names": ["CL", "V"], "matrix": [[..], [..]]}  full block, or
 *              "published" (drug-chain default: data/95_population.sql),
 *     "sigma": {"c_ng_mL": {"proportional": 0.01, "additive": 0.0025}},
 *     "covariates": {"age": {"dist": "normal", "mean": 45, "sd": 12, "min": 18, "max": 80},
 *                    "weight": {"dist": "lognormal", "median": 75, "cv": 0.2},
 *                    "sex": {"female": 0.5, "male": 0.5}, "hepatic": {...},
 *                    "cyp2c19": {...}, "cyp2d6": {"ancestry": "european"}},
 *     "covariate_effects": [{"param": "CL", "covariate": "weight", "power": 0.75, "ref": 70},
 *                           {"param": "CL", "covariate": "age", "linear": -0.005, "ref": 40},
 *                           {"param": "CL", "covariate": "cyp2c19", "level": "poor", "factor": 0.7}],
 *     "subjects": "subjects.csv",
 *     "withdrawal_threshold": 0.2, "n": 1000, "seed": 1 } */
#include <errno.h>
#include <ctype.h>
#include <jansson.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "population/pop_impl.h"
#include "cnsim/units.h"
#include "core_impl.h"
#include "core_gsl.h"
#include "registry/registry_impl.h"

#define MAX_SPEC_BYTES ((size_t)4 * 1024 * 1024)
#define MAX_UNTIL_H (10.0 * 365.25 * 24.0)
#define MAX_TIMES 200000
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

const char *const cnsim__pop_cov_names[COV_N] = {"age", "weight", "sex", "hepatic", "cyp2c19", "cyp2d6"};

static const char *const levels_sex[] = {NULL, "female", "male"};
static const char *const levels_organ[] = {NULL, "none", "mild", "moderate", "severe"};
static const char *const levels_met[] = {NULL, "poor", "intermediate", "normal", "rapid", "ultrarapid"};

/* Level code of a categorical covariate value (1-based), 0 if unknown. */
int cnsim__pop_cov_level(int cov, const char *text);
int cnsim__pop_cov_level(int cov, const char *text)
{
    const char *const *lv = cov == COV_SEX ? levels_sex : cov == COV_HEPATIC ? levels_organ : levels_met;
    int n = cov == COV_SEX ? 3 : cov == COV_HEPATIC ? 5 : 6;
    for (int i = 1; i < n; i++)
        if (!strcasecmp(text, lv[i]))
            return i;
    return 0;
}

static const char *levels_text(int cov)
{
    return cov == COV_SEX ? "female, male"
         : cov == COV_HEPATIC ? "none, mild, moderate, severe"
                              : "poor, intermediate, normal, rapid, ultrarapid";
}

typedef struct ctx {
    const char *src;
    const char *base_dir;
} ctx;

static cnsim_status fail_at(const ctx *c, cnsim_status st, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cnsim_status fail_at(const ctx *c, cnsim_status st, const char *path, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cnsim__fail(st, "%s: %s: %s", c->src, path, msg);
}

static const char *jtype(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static cnsim_status check_keys(const ctx *c, const char *path, const json_t *obj, const char *const *keys,
                               size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        size_t i = 0;
        while (i < n && strcmp(key, keys[i]))
            i++;
        if (i == n) {
            char list[512] = "";
            for (size_t k = 0; k < n; k++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", keys[k]);
            return fail_at(c, CNSIM_E_PARSE, path, "unknown key '%.60s'; expected one of %s", key, list);
        }
    }
    return CNSIM_OK;
}

static cnsim_status get_number(const ctx *c, const char *path, const json_t *v, double lo, double hi,
                               double *out)
{
    if (!json_is_number(v))
        return fail_at(c, CNSIM_E_PARSE, path, "%s; expected a number", jtype(v));
    double x = json_number_value(v);
    if (!isfinite(x) || x < lo || x > hi)
        return fail_at(c, CNSIM_E_RANGE, path, "%g; expected a number in [%g, %g]", x, lo, hi);
    *out = x;
    return CNSIM_OK;
}

static cnsim_status get_duration(const ctx *c, const char *path, const json_t *v, double *out_h)
{
    if (json_is_number(v))
        return get_number(c, path, v, 0, MAX_UNTIL_H, out_h);
    if (!json_is_string(v))
        return fail_at(c, CNSIM_E_PARSE, path, "%s; expected a duration such as \"42d\" or a number of hours",
                       jtype(v));
    /* The shared vocabulary and its message, which names the file and the
     * JSON path as the simulate scenarios do (src/io/scenario_json.c). */
    char field[256];
    snprintf(field, sizeof field, "%s: %s", c->src, path);
    cnsim_status st = cnsim_parse_duration_h(json_string_value(v), field, out_h);
    if (st != CNSIM_OK)
        return st;
    if (!(*out_h <= MAX_UNTIL_H))
        return fail_at(c, CNSIM_E_RANGE, path, "%g h; expected at most %g h (10 years)", *out_h, MAX_UNTIL_H);
    return CNSIM_OK;
}

int cnsim__pop_param_index(const cnsim_pop_spec *s, const char *name)
{
    for (size_t k = 0; k < s->n_par; k++)
        if (!strcasecmp(s->par[k], name))
            return (int)k;
    /* a single drug's parameters may be named without the drug */
    if (s->model == POP_MODEL_CHAIN && s->n_drugs == 1 && !strchr(name, '.')) {
        char full[2 * POP_NAME];
        snprintf(full, sizeof full, "%s.%s", s->pk[0].name, name);
        for (size_t k = 0; k < s->n_par; k++)
            if (!strcasecmp(s->par[k], full))
                return (int)k;
    }
    return -1;
}

static void param_list(const cnsim_pop_spec *s, char *buf, size_t n)
{
    buf[0] = 0;
    for (size_t k = 0; k < s->n_par; k++)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", k ? ", " : "", s->par[k]);
}

static int output_index(const cnsim_pop_spec *s, const char *name)
{
    for (size_t k = 0; k < s->n_model_out; k++)
        if (!strcmp(s->out[k], name))
            return (int)k;
    return -1;
}

/* ---- OMEGA ---------------------------------------------------------- */

/* Nearest positive-definite matrix (eigenvalues clipped to a small positive
 * floor) of the n x n block a, written as text for the message. */
static void nearest_pd_text(const double *a, size_t n, char *buf, size_t cap, double *min_eig)
{
    cnsim__gsl_init();
    gsl_matrix *m = cnsim__matrix_alloc(n, n), *v = cnsim__matrix_alloc(n, n), *r = cnsim__matrix_calloc(n, n);
    gsl_vector *e = gsl_vector_alloc(n);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(n);
    buf[0] = 0;
    *min_eig = NAN;
    if (m && v && r && e && w) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                gsl_matrix_set(m, i, j, a[i * n + j]);
        gsl_eigen_symmv(m, e, v, w);
        double emax = 0, emin = INFINITY;
        for (size_t i = 0; i < n; i++)
            emax = fmax(emax, gsl_vector_get(e, i)), emin = fmin(emin, gsl_vector_get(e, i));
        *min_eig = emin;
        double floor_ = fmax(1e-6, 1e-4 * emax);
        for (size_t k = 0; k < n; k++) {
            double l = fmax(gsl_vector_get(e, k), floor_);
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    gsl_matrix_set(r, i, j, gsl_matrix_get(r, i, j) + l * gsl_matrix_get(v, i, k) * gsl_matrix_get(v, j, k));
        }
        snprintf(buf, cap, "[");
        for (size_t i = 0; i < n; i++) {
            snprintf(buf + strlen(buf), cap - strlen(buf), "%s[", i ? ", " : "");
            for (size_t j = 0; j < n; j++)
                snprintf(buf + strlen(buf), cap - strlen(buf), "%s%.4g", j ? ", " : "", gsl_matrix_get(r, i, j));
            snprintf(buf + strlen(buf), cap - strlen(buf), "]");
        }
        snprintf(buf + strlen(buf), cap - strlen(buf), "]");
    }
    if (w)
        gsl_eigen_symmv_free(w);
    gsl_vector_free(e);
    gsl_matrix_free(m), gsl_matrix_free(v), gsl_matrix_free(r);
}

/* Cholesky factor of OMEGA over the parameters with a variance > 0 (rows of
 * parameters without variability must be zero). */
static cnsim_status omega_factor(const ctx *c, cnsim_pop_spec *s)
{
    size_t n = s->n_par, idx[POP_MAX_PARAMS], m = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double a = s->omega[i * POP_MAX_PARAMS + j], b = s->omega[j * POP_MAX_PARAMS + i];
            if (!isfinite(a) || fabs(a - b) > 1e-12 * fmax(1, fabs(a)))
                return fail_at(c, CNSIM_E_RANGE, "omega", "the matrix is not symmetric (%s,%s = %g but %s,%s = %g)",
                               s->par[i], s->par[j], a, s->par[j], s->par[i], b);
        }
        double d = s->omega[i * POP_MAX_PARAMS + i];
        if (d < 0)
            return fail_at(c, CNSIM_E_RANGE, "omega", "variance of %s is %g; expected >= 0", s->par[i], d);
        if (d > 0)
            idx[m++] = i;
        else
            for (size_t j = 0; j < n; j++)
                if (s->omega[i * POP_MAX_PARAMS + j] != 0)
                    return fail_at(c, CNSIM_E_RANGE, "omega",
                                   "%s has no variance but a covariance with %s (%g); give it a variance or drop the covariance",
                                   s->par[i], s->par[j], s->omega[i * POP_MAX_PARAMS + j]);
    }
    memset(s->chol, 0, sizeof s->chol);
    if (m == 0)
        return CNSIM_OK;
    double a[POP_MAX_PARAMS * POP_MAX_PARAMS];
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            a[i * m + j] = s->omega[idx[i] * POP_MAX_PARAMS + idx[j]];
    gsl_matrix_view v = gsl_matrix_view_array(a, m, m);
    double copy[POP_MAX_PARAMS * POP_MAX_PARAMS];
    memcpy(copy, a, m * m * sizeof *a);
    cnsim__gsl_init();
    int rc = gsl_linalg_cholesky_decomp1(&v.matrix);
    if (rc) {
        char names[512] = "", near[2048];
        for (size_t i = 0; i < m; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "", s->par[idx[i]]);
        double emin;
        nearest_pd_text(copy, m, near, sizeof near, &emin);
        return fail_at(c, CNSIM_E_RANGE, "omega",
                       "the OMEGA matrix over (%s) is not positive definite (smallest eigenvalue %.4g); "
                       "the nearest valid matrix (eigenvalues clipped) is %s",
                       names, emin, near);
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j <= i; j++)
            s->chol[idx[i] * POP_MAX_PARAMS + idx[j]] = a[i * m + j];
    return CNSIM_OK;
}

static cnsim_status parse_omega(const ctx *c, cnsim_pop_spec *s, const json_t *o)
{
    char list[1024];
    if (json_is_string(o)) {
        if (strcmp(json_string_value(o), "published"))
            return fail_at(c, CNSIM_E_PARSE, "omega", "'%.40s'; expected \"published\", an object of variances or {\"names\", \"matrix\"}",
                           json_string_value(o));
        if (s->model != POP_MODEL_CHAIN)
            return fail_at(c, CNSIM_E_ARG, "omega", "\"published\" needs a drug-chain model; give the variances");
        return CNSIM_OK;   /* already filled by the chain */
    }
    if (!json_is_object(o))
        return fail_at(c, CNSIM_E_PARSE, "omega", "%s; expected an object", jtype(o));
    memset(s->omega, 0, sizeof s->omega);
    for (size_t k = 0; k < s->n_par; k++)
        s->omega_src[k][0] = 0;
    json_t *names = json_object_get(o, "names"), *mat = json_object_get(o, "matrix");
    if (names || mat) {
        cnsim_status st = check_keys(c, "omega", o, (const char *const[]){"names", "matrix"}, 2);
        if (st != CNSIM_OK)
            return st;
        if (!json_is_array(names) || !json_is_array(mat) || json_array_size(names) != json_array_size(mat) ||
            json_array_size(names) == 0 || json_array_size(names) > s->n_par)
            return fail_at(c, CNSIM_E_PARSE, "omega", "expected \"names\" (k parameter names) and \"matrix\" (k rows of k numbers), 1 <= k <= %zu",
                           s->n_par);
        size_t k = json_array_size(names);
        int id[POP_MAX_PARAMS];
        for (size_t i = 0; i < k; i++) {
            json_t *nm = json_array_get(names, i);
            if (!json_is_string(nm) || (id[i] = cnsim__pop_param_index(s, json_string_value(nm))) < 0) {
                param_list(s, list, sizeof list);
                return fail_at(c, CNSIM_E_ARG, "omega.names", "'%.40s' is not a parameter; expected one of %s",
                               json_is_string(nm) ? json_string_value(nm) : jtype(nm), list);
            }
            for (size_t j = 0; j < i; j++)
                if (id[j] == id[i])
                    return fail_at(c, CNSIM_E_ARG, "omega.names", "'%s' appears twice", s->par[id[i]]);
        }
        for (size_t i = 0; i < k; i++) {
            json_t *row = json_array_get(mat, i);
            char path[64];
            snprintf(path, sizeof path, "omega.matrix[%zu]", i);
            if (!json_is_array(row) || json_array_size(row) != k)
                return fail_at(c, CNSIM_E_PARSE, path, "expected a row of %zu numbers", k);
            for (size_t j = 0; j < k; j++) {
                double x;
                char p2[112];
                snprintf(p2, sizeof p2, "%s[%zu]", path, j);
                cnsim_status st = get_number(c, p2, json_array_get(row, j), -100, 100, &x);
                if (st != CNSIM_OK)
                    return st;
                s->omega[id[i] * POP_MAX_PARAMS + id[j]] = x;
            }
        }
    } else {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)o, key, v) {
            int i = cnsim__pop_param_index(s, key);
            char path[96];
            snprintf(path, sizeof path, "omega.%.60s", key);
            if (i < 0) {
                param_list(s, list, sizeof list);
                return fail_at(c, CNSIM_E_ARG, path, "'%.40s' is not a parameter; expected one of %s", key, list);
            }
            double x;
            cnsim_status st = get_number(c, path, v, 0, 100, &x);
            if (st != CNSIM_OK)
                return st;
            s->omega[i * POP_MAX_PARAMS + i] = x;
        }
    }
    return CNSIM_OK;
}

/* ---- covariates ----------------------------------------------------- */

/* A phenotype distribution from the registry's frequencies for one
 * ancestry (data/85_phenotypes.sql), normalised to add up to 1: sources
 * round, and a set off by more than 2% is a registry error. */
static cnsim_status ancestry_levels(const ctx *c, const char *path, cnsim_registry *reg, int cv, const char *ancestry,
                                    pop_cov_dist *d)
{
    const char *gene = cnsim__pop_cov_names[cv];
    if (!reg)
        return fail_at(c, CNSIM_E_ARG, path, "\"ancestry\" needs the registry's phenotype frequencies; give the "
                       "probabilities of each level instead");
    sqlite3_stmt *st;
    cnsim_status rc = cnsim__reg_prepare(reg, "SELECT phenotype, frequency FROM phenotype_frequencies"
                                              " WHERE gene = ?1 AND ancestry = lower(?2)", &st);
    if (rc != CNSIM_OK)
        return rc;
    sqlite3_bind_text(st, 1, gene, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, ancestry, -1, SQLITE_TRANSIENT);
    double total = 0;
    int n = 0, r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int code = cnsim__pop_cov_level(cv, cnsim__reg_text(st, 0));
        if (code > 0) {
            d->p[code] = sqlite3_column_double(st, 1);
            total += d->p[code];
            n++;
        }
    }
    if (r != SQLITE_DONE)
        rc = cnsim__reg_error(reg->db, r);
    cnsim_status fs = cnsim__reg_finalize(st);
    if (rc != CNSIM_OK || fs != CNSIM_OK)
        return rc ? rc : fs;
    if (n == 0) {
        char list[256] = "";
        if (cnsim__reg_prepare(reg, "SELECT DISTINCT ancestry FROM phenotype_frequencies WHERE gene = ?1 ORDER BY 1",
                               &st) == CNSIM_OK) {
            sqlite3_bind_text(st, 1, gene, -1, SQLITE_TRANSIENT);
            while (sqlite3_step(st) == SQLITE_ROW)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "",
                         cnsim__reg_text(st, 0));
            cnsim__reg_finalize(st);
        }
        return fail_at(c, CNSIM_E_ARG, path, "ancestry '%.40s' has no %s phenotype frequencies; expected one of %s",
                       ancestry, gene, list);
    }
    if (fabs(total - 1) > 0.02)
        return fail_at(c, CNSIM_E_DB, path, "the registry's %s frequencies for '%.40s' add up to %g; expected 1",
                       gene, ancestry, total);
    for (int k = 1; k < 6; k++)
        d->p[k] /= total;
    return CNSIM_OK;
}

static cnsim_status parse_covariates(const ctx *c, cnsim_pop_spec *s, const json_t *o, cnsim_registry *reg)
{
    if (!json_is_object(o))
        return fail_at(c, CNSIM_E_PARSE, "covariates", "%s; expected an object keyed by covariate", jtype(o));
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        int cv = -1;
        for (int i = 0; i < COV_N; i++)
            if (!strcmp(key, cnsim__pop_cov_names[i]))
                cv = i;
        char path[96];
        snprintf(path, sizeof path, "covariates.%.60s", key);
        if (cv < 0)
            return fail_at(c, CNSIM_E_ARG, path, "unknown covariate; expected age, weight, sex, hepatic, cyp2c19 or cyp2d6");
        if (!json_is_object(v))
            return fail_at(c, CNSIM_E_PARSE, path, "%s; expected an object", jtype(v));
        pop_cov_dist *d = &s->cov[cv];
        memset(d, 0, sizeof *d);
        d->given = 1;
        cnsim_status st;
        if (cv == COV_AGE || cv == COV_WEIGHT) {
            static const char *const keys[] = {"dist", "mean", "sd", "median", "cv", "min", "max", "value"};
            if ((st = check_keys(c, path, v, keys, N_OF(keys))) != CNSIM_OK)
                return st;
            double lim_lo = cv == COV_AGE ? 0 : 2, lim_hi = cv == COV_AGE ? 120 : 300;
            d->lo = lim_lo, d->hi = lim_hi;
            json_t *j;
            if ((j = json_object_get(v, "min")) && (st = get_number(c, path, j, lim_lo, lim_hi, &d->lo)) != CNSIM_OK)
                return st;
            if ((j = json_object_get(v, "max")) && (st = get_number(c, path, j, lim_lo, lim_hi, &d->hi)) != CNSIM_OK)
                return st;
            if (d->lo > d->hi)
                return fail_at(c, CNSIM_E_RANGE, path, "min %g is above max %g", d->lo, d->hi);
            if ((j = json_object_get(v, "value"))) {
                d->kind = 3;
                if ((st = get_number(c, path, j, lim_lo, lim_hi, &d->a)) != CNSIM_OK)
                    return st;
                continue;
            }
            const char *dist = json_string_value(json_object_get(v, "dist"));
            if (!dist)
                return fail_at(c, CNSIM_E_PARSE, path, "missing \"dist\" (normal, lognormal or uniform) or \"value\"");
            if (!strcmp(dist, "normal")) {
                d->kind = 0;
                if (!json_object_get(v, "mean") || !json_object_get(v, "sd"))
                    return fail_at(c, CNSIM_E_PARSE, path, "a normal distribution needs \"mean\" and \"sd\"");
                if ((st = get_number(c, path, json_object_get(v, "mean"), lim_lo, lim_hi, &d->a)) != CNSIM_OK ||
                    (st = get_number(c, path, json_object_get(v, "sd"), 0, lim_hi, &d->b)) != CNSIM_OK)
                    return st;
            } else if (!strcmp(dist, "lognormal")) {
                d->kind = 1;
                if (!json_object_get(v, "median") || !json_object_get(v, "cv"))
                    return fail_at(c, CNSIM_E_PARSE, path, "a lognormal distribution needs \"median\" and \"cv\"");
                if ((st = get_number(c, path, json_object_get(v, "median"), lim_lo, lim_hi, &d->a)) != CNSIM_OK ||
                    (st = get_number(c, path, json_object_get(v, "cv"), 0, 5, &d->b)) != CNSIM_OK)
                    return st;
            } else if (!strcmp(dist, "uniform")) {
                d->kind = 2;
                d->a = d->lo, d->b = d->hi;
            } else
                return fail_at(c, CNSIM_E_PARSE, path, "dist '%.30s'; expected normal, lognormal or uniform", dist);
            if (d->kind != 2 && (d->a < d->lo || d->a > d->hi))
                return fail_at(c, CNSIM_E_RANGE, path, "the centre %g lies outside [min %g, max %g]", d->a, d->lo, d->hi);
        } else if (json_object_get(v, "ancestry")) {
            d->kind = 4;
            const char *anc = json_string_value(json_object_get(v, "ancestry"));
            if (cv != COV_CYP2C19 && cv != COV_CYP2D6)
                return fail_at(c, CNSIM_E_ARG, path, "\"ancestry\" gives phenotype frequencies; expected it under "
                               "cyp2c19 or cyp2d6");
            if (!anc || json_object_size(v) != 1)
                return fail_at(c, CNSIM_E_PARSE, path, "expected {\"ancestry\": \"NAME\"} alone (a string)");
            if ((st = ancestry_levels(c, path, reg, cv, anc, d)) != CNSIM_OK)
                return st;
        } else {
            d->kind = 4;
            double total = 0;
            const char *lv;
            json_t *p;
            json_object_foreach(v, lv, p) {
                int code = cnsim__pop_cov_level(cv, lv);
                char p2[160];
                snprintf(p2, sizeof p2, "%s.%.40s", path, lv);
                if (!code)
                    return fail_at(c, CNSIM_E_ARG, p2, "unknown level; expected %s", levels_text(cv));
                if ((st = get_number(c, p2, p, 0, 1, &d->p[code])) != CNSIM_OK)
                    return st;
                total += d->p[code];
            }
            if (fabs(total - 1) > 1e-6)
                return fail_at(c, CNSIM_E_RANGE, path, "the probabilities add up to %g; expected 1", total);
        }
    }
    return CNSIM_OK;
}

static cnsim_status parse_effects(const ctx *c, cnsim_pop_spec *s, const json_t *a)
{
    if (!json_is_array(a) || json_array_size(a) > POP_MAX_COV_EFFECTS)
        return fail_at(c, CNSIM_E_PARSE, "covariate_effects", "expected an array of at most %d effects", POP_MAX_COV_EFFECTS);
    static const char *const keys[] = {"param", "covariate", "power", "linear", "factor", "ref", "level", "source"};
    char list[1024];
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *e = json_array_get(a, i);
        char path[64];
        snprintf(path, sizeof path, "covariate_effects[%zu]", i);
        if (!json_is_object(e))
            return fail_at(c, CNSIM_E_PARSE, path, "%s; expected an object", jtype(e));
        cnsim_status st = check_keys(c, path, e, keys, N_OF(keys));
        if (st != CNSIM_OK)
            return st;
        pop_cov_effect *f = &s->eff[s->n_eff];
        memset(f, 0, sizeof *f);
        const char *pn = json_string_value(json_object_get(e, "param"));
        const char *cn = json_string_value(json_object_get(e, "covariate"));
        if (!pn || (f->param = cnsim__pop_param_index(s, pn)) < 0) {
            param_list(s, list, sizeof list);
            return fail_at(c, CNSIM_E_ARG, path, "param '%.40s'; expected one of %s", pn ? pn : "(missing)", list);
        }
        f->cov = -1;
        for (int k = 0; cn && k < COV_N; k++)
            if (!strcmp(cn, cnsim__pop_cov_names[k]))
                f->cov = k;
        if (f->cov < 0)
            return fail_at(c, CNSIM_E_ARG, path, "covariate '%.40s'; expected age, weight, sex, hepatic, cyp2c19 or cyp2d6",
                           cn ? cn : "(missing)");
        json_t *pw = json_object_get(e, "power"), *li = json_object_get(e, "linear"), *fa = json_object_get(e, "factor");
        int n_kinds = !!pw + !!li + !!fa;
        if (n_kinds != 1)
            return fail_at(c, CNSIM_E_PARSE, path, "give exactly one of \"power\", \"linear\" or \"factor\"");
        if (f->cov == COV_AGE || f->cov == COV_WEIGHT) {
            if (fa)
                return fail_at(c, CNSIM_E_PARSE, path, "%s is continuous: use \"power\" or \"linear\" with \"ref\"", cn);
            if (!json_object_get(e, "ref"))
                return fail_at(c, CNSIM_E_PARSE, path, "\"ref\" (the reference %s) is missing", cn);
            if ((st = get_number(c, path, json_object_get(e, "ref"), 1e-3, 1000, &f->ref)) != CNSIM_OK)
                return st;
            f->kind = pw ? 0 : 1;
            if ((st = get_number(c, path, pw ? pw : li, -10, 10, &f->value)) != CNSIM_OK)
                return st;
        } else {
            const char *lv = json_string_value(json_object_get(e, "level"));
            if (!fa || !lv)
                return fail_at(c, CNSIM_E_PARSE, path, "%s is categorical: give \"level\" and \"factor\"", cn);
            if (!(f->level = cnsim__pop_cov_level(f->cov, lv)))
                return fail_at(c, CNSIM_E_ARG, path, "level '%.30s'; expected %s", lv, levels_text(f->cov));
            f->kind = 2;
            if ((st = get_number(c, path, fa, 1e-3, 1e3, &f->value)) != CNSIM_OK)
                return st;
        }
        s->n_eff++;
    }
    return CNSIM_OK;
}

/* ---- the file ------------------------------------------------------- */

static cnsim_status parse(const ctx *c, json_t *root, cnsim_registry *reg, cnsim_pop_spec *s)
{
    static const char *const top[] = {"name", "note", "source", "model", "theta", "regimen", "drugs", "until",
                                      "every", "outputs", "omega", "sigma", "covariates", "covariate_effects", "subjects",
                                      "withdrawal_threshold", "n", "seed", "interactions"};
    if (!json_is_object(root))
        return fail_at(c, CNSIM_E_PARSE, "(top)", "%s; expected an object", jtype(root));
    cnsim_status st = check_keys(c, "(top)", root, top, N_OF(top));
    if (st != CNSIM_OK)
        return st;
    json_t *j;
    if ((j = json_object_get(root, "name"))) {
        if (!json_is_string(j))
            return fail_at(c, CNSIM_E_PARSE, "name", "%s; expected a string", jtype(j));
        cnsim__strlcpy(s->name, json_string_value(j), sizeof s->name);
    }
    const char *model = json_string_value(json_object_get(root, "model"));
    if (!model)
        return fail_at(c, CNSIM_E_PARSE, "model", "missing; expected \"effect-tolerance\" or \"drug-chain\"");
    if (!strcmp(model, "effect-tolerance"))
        s->model = POP_MODEL_ET;
    else if (!strcmp(model, "drug-chain"))
        s->model = POP_MODEL_CHAIN;
    else
        return fail_at(c, CNSIM_E_ARG, "model", "'%.40s'; expected \"effect-tolerance\" or \"drug-chain\"", model);

    if ((j = json_object_get(root, "interactions"))) {
        if (!json_is_boolean(j))
            return fail_at(c, CNSIM_E_PARSE, "interactions", "%s; expected true or false", jtype(j));
        s->interactions_off = !json_is_true(j);
    }
    s->until_h = NAN, s->every_h = 1;
    if ((j = json_object_get(root, "until")) && (st = get_duration(c, "until", j, &s->until_h)) != CNSIM_OK)
        return st;
    if ((j = json_object_get(root, "every")) && (st = get_duration(c, "every", j, &s->every_h)) != CNSIM_OK)
        return st;
    if (!(s->every_h > 0))
        return fail_at(c, CNSIM_E_RANGE, "every", "%g h; expected > 0", s->every_h);

    /* dosing */
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    double horizon = isnan(s->until_h) ? 365.25 * 24 : s->until_h;
    if (s->model == POP_MODEL_ET) {
        if (json_object_get(root, "drugs"))
            return fail_at(c, CNSIM_E_PARSE, "drugs", "an effect-tolerance model takes one \"regimen\", not \"drugs\"");
        const char *reg_text = json_string_value(json_object_get(root, "regimen"));
        if (!reg_text)
            return fail_at(c, CNSIM_E_PARSE, "regimen", "missing; expected a regimen string such as \"0.5 mg q12h for 28 d\"");
        int d;
        if ((st = cnsim_event_list_drug(&raw, "drug", &d)) == CNSIM_OK)
            st = cnsim_regimen_parse(reg_text, 1, d, horizon, &raw);
        if (st != CNSIM_OK) {
            cnsim_event_list_free(&raw);
            return fail_at(c, st, "regimen", "%s", cnsim_last_error());
        }
        cnsim__pop_et_names(s);
    } else {
        if (!reg)
            return fail_at(c, CNSIM_E_ARG, "model", "a drug-chain model needs the registry");
        if (json_object_get(root, "regimen"))
            return fail_at(c, CNSIM_E_PARSE, "regimen", "a drug-chain model takes \"drugs\": [{\"drug\", \"regimen\"}]");
        json_t *drugs = json_object_get(root, "drugs");
        if (!json_is_array(drugs) || json_array_size(drugs) < 1 || json_array_size(drugs) > POP_MAX_DRUGS)
            return fail_at(c, CNSIM_E_PARSE, "drugs", "expected an array of 1 to %d {\"drug\", \"regimen\"} objects", POP_MAX_DRUGS);
        for (size_t i = 0; i < json_array_size(drugs); i++) {
            json_t *e = json_array_get(drugs, i);
            char path[48];
            snprintf(path, sizeof path, "drugs[%zu]", i);
            /* the doses of the drugs before this one are in raw: freed on
             * every way out */
            if (!json_is_object(e)) {
                cnsim_event_list_free(&raw);
                return fail_at(c, CNSIM_E_PARSE, path, "%s; expected an object", jtype(e));
            }
            if ((st = check_keys(c, path, e, (const char *const[]){"drug", "model_file", "regimen", "formulation"}, 4)) !=
                CNSIM_OK) {
                cnsim_event_list_free(&raw);
                return st;
            }
            const char *dn = json_string_value(json_object_get(e, "drug"));
            const char *mf = json_string_value(json_object_get(e, "model_file"));
            const char *rt = json_string_value(json_object_get(e, "regimen"));
            const char *fm = json_string_value(json_object_get(e, "formulation"));
            if ((!dn == !mf) || !rt) {
                cnsim_event_list_free(&raw);
                return fail_at(c, CNSIM_E_PARSE, path, "needs a \"regimen\" string and either \"drug\" (a registry name) or \"model_file\" (a PK model file, docs/models.md section 12)");
            }
            if (mf && fm) {
                cnsim_event_list_free(&raw);
                return fail_at(c, CNSIM_E_ARG, path, "\"formulation\" with \"model_file\": a model file's parameters are its formulation's; expected one of them");
            }
            char canon[CNSIM_NAME_MAX];
            cnsim_pk_model *model = NULL;
            if (mf) {
                /* a model file, relative to the scenario's directory */
                char file[4096];
                if (mf[0] == '/' || !c->base_dir)
                    cnsim__strlcpy(file, mf, sizeof file);
                else
                    snprintf(file, sizeof file, "%s/%s", c->base_dir, mf);
                if (!(model = malloc(sizeof *model)))
                    st = cnsim__fail(CNSIM_E_NOMEM, "population: out of memory for a model file");
                else
                    st = cnsim_pk_model_read(file, model);
                if (st != CNSIM_OK) {
                    free(model);
                    cnsim_event_list_free(&raw);
                    return fail_at(c, st, path, "%s", cnsim_last_error());
                }
                /* named like a registry drug (an exported one): that drug */
                if (cnsim_registry_resolve(reg, model->pk.name, canon) != CNSIM_OK) {
                    cnsim__clear_error();
                    cnsim__strlcpy(canon, model->pk.name, sizeof canon);
                }
            } else if ((st = cnsim_registry_resolve(reg, dn, canon)) != CNSIM_OK) {
                cnsim_event_list_free(&raw);
                return fail_at(c, st, path, "%s", cnsim_last_error());
            }
            size_t nd0 = raw.n_drugs;
            int d;
            if ((st = cnsim_event_list_drug(&raw, canon, &d)) == CNSIM_OK && (size_t)d < nd0 && model)
                st = cnsim__fail(CNSIM_E_ARG, "%s is given twice; expected each drug once", canon);
            if (st == CNSIM_OK && model && d < POP_MAX_DRUGS) {
                s->file_model[d] = model;
                cnsim__strlcpy(s->file_path[d], mf, sizeof s->file_path[d]);
                model = NULL;
            }
            free(model);   /* not kept: an error, or beyond the drugs a chain takes */
            if (st == CNSIM_OK)
                st = cnsim_regimen_parse(rt, 1, d, horizon, &raw);
            if (st == CNSIM_OK && fm && strlen(fm) >= CNSIM_FORM_MAX)
                st = cnsim__fail(CNSIM_E_PARSE, "formulation '%s' is too long", fm);
            if (st == CNSIM_OK && fm && d < POP_MAX_DRUGS)
                cnsim__strlcpy(s->form[d], fm, CNSIM_FORM_MAX);
            if (st != CNSIM_OK) {
                cnsim_event_list_free(&raw);
                return fail_at(c, st, path, "%s", cnsim_last_error());
            }
        }
    }
    st = cnsim_events_expand(&raw, &s->ev);
    cnsim_event_list_free(&raw);
    if (st != CNSIM_OK)
        return fail_at(c, st, "regimen", "%s", cnsim_last_error());
    if (isnan(s->until_h)) {
        double last = 0;
        for (size_t k = 0; k < s->ev.n; k++)
            last = fmax(last, s->ev.ev[k].time_h);
        s->until_h = last + 7 * 24;
    }
    double n_times = floor(s->until_h / s->every_h + 1e-9) + 1;
    if (!(n_times <= MAX_TIMES))
        return fail_at(c, CNSIM_E_RANGE, "every", "%.3g output times (until %g h every %g h); at most %d", n_times,
                       s->until_h, s->every_h, MAX_TIMES);
    size_t nt = (size_t)n_times;
    s->times = malloc(nt * sizeof *s->times);
    if (!s->times)
        return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory");
    for (size_t i = 0; i < nt; i++)
        s->times[i] = i * s->every_h;
    s->n_times = nt;

    if (s->model == POP_MODEL_CHAIN) {
        if ((j = json_object_get(root, "withdrawal_threshold")) &&
            (st = get_number(c, "withdrawal_threshold", j, 0, 1, &s->withdrawal_threshold)) != CNSIM_OK)
            return st;
        if ((st = cnsim__pop_chain_prepare(s, reg)) != CNSIM_OK)
            return fail_at(c, st, "drugs", "%s", cnsim_last_error());
    } else if (json_object_get(root, "withdrawal_threshold"))
        return fail_at(c, CNSIM_E_PARSE, "withdrawal_threshold", "only a drug-chain model has a withdrawal index");

    /* THETA */
    char list[1024];
    json_t *th = json_object_get(root, "theta");
    if (th) {
        if (!json_is_object(th))
            return fail_at(c, CNSIM_E_PARSE, "theta", "%s; expected an object of typical values", jtype(th));
        const char *key;
        json_t *v;
        json_object_foreach(th, key, v) {
            int i = cnsim__pop_param_index(s, key);
            char path[96];
            snprintf(path, sizeof path, "theta.%.60s", key);
            if (i < 0) {
                param_list(s, list, sizeof list);
                return fail_at(c, CNSIM_E_ARG, path, "'%.40s' is not a parameter; expected one of %s", key, list);
            }
            if ((st = get_number(c, path, v, -1e9, 1e9, &s->theta[i])) != CNSIM_OK)
                return st;
        }
    }
    if (s->model == POP_MODEL_ET)
        for (size_t k = 0; k < s->n_par; k++)
            if (!th || !json_object_get(th, s->par[k])) {
                param_list(s, list, sizeof list);
                return fail_at(c, CNSIM_E_PARSE, "theta", "missing %s; an effect-tolerance model needs all of %s",
                               s->par[k], list);
            }
    if ((j = json_object_get(root, "omega")) && (st = parse_omega(c, s, j)) != CNSIM_OK)
        return st;
    if ((st = omega_factor(c, s)) != CNSIM_OK)
        return st;

    /* reported columns: the chosen model outputs ("outputs", default all),
     * then one _dv column per SIGMA entry */
    char models[1024] = "";
    for (size_t k = 0; k < s->n_model_out; k++)
        snprintf(models + strlen(models), sizeof models - strlen(models), "%s%s", k ? ", " : "", s->out[k]);
    for (size_t k = 0; k < POP_MAX_OUTPUTS; k++)
        s->dv_of[k] = -1, s->col_src[k] = -1;
    s->n_out = 0;
    json_t *sel = json_object_get(root, "outputs");
    if (sel) {
        if (!json_is_array(sel) || json_array_size(sel) < 1 || json_array_size(sel) > s->n_model_out)
            return fail_at(c, CNSIM_E_PARSE, "outputs", "expected an array of 1 to %zu output names among %s",
                           s->n_model_out, models);
        for (size_t i = 0; i < json_array_size(sel); i++) {
            const char *nm = json_string_value(json_array_get(sel, i));
            int o = nm ? output_index(s, nm) : -1;
            if (o < 0)
                return fail_at(c, CNSIM_E_ARG, "outputs", "'%.40s' is not an output; expected one of %s",
                               nm ? nm : "(not a string)", models);
            for (size_t k = 0; k < s->n_out; k++)
                if (s->col_src[k] == o)
                    return fail_at(c, CNSIM_E_ARG, "outputs", "'%s' appears twice", nm);
            s->col_src[s->n_out] = o;
            cnsim__strlcpy(s->col[s->n_out++], nm, POP_NAME);
        }
    } else
        for (size_t k = 0; k < s->n_model_out; k++) {
            s->col_src[s->n_out] = (int)k;
            cnsim__strlcpy(s->col[s->n_out++], s->out[k], POP_NAME);
        }
    json_t *sg = json_object_get(root, "sigma");
    if (sg) {
        if (!json_is_object(sg))
            return fail_at(c, CNSIM_E_PARSE, "sigma", "%s; expected an object keyed by output", jtype(sg));
        const char *key;
        json_t *v;
        json_object_foreach(sg, key, v) {
            char path[96];
            snprintf(path, sizeof path, "sigma.%.60s", key);
            int o = output_index(s, key);
            if (o < 0)
                return fail_at(c, CNSIM_E_ARG, path, "'%.40s' is not an output; expected one of %s", key, models);
            if (!json_is_object(v))
                return fail_at(c, CNSIM_E_PARSE, path, "%s; expected {\"proportional\": variance, \"additive\": variance}", jtype(v));
            if ((st = check_keys(c, path, v, (const char *const[]){"proportional", "additive"}, 2)) != CNSIM_OK)
                return st;
            if (s->n_out >= POP_MAX_OUTPUTS)
                return fail_at(c, CNSIM_E_RANGE, path, "too many outputs");
            size_t k = s->n_out++;
            double pv = 0, av = 0;
            json_t *x;
            if ((x = json_object_get(v, "proportional")) && (st = get_number(c, path, x, 0, 10, &pv)) != CNSIM_OK)
                return st;
            if ((x = json_object_get(v, "additive")) && (st = get_number(c, path, x, 0, 1e6, &av)) != CNSIM_OK)
                return st;
            if (pv == 0 && av == 0)
                return fail_at(c, CNSIM_E_RANGE, path, "both variances are 0; give \"proportional\" and/or \"additive\" > 0");
            s->dv_of[k] = o, s->sigma_prop[k] = pv, s->sigma_add[k] = av;
            snprintf(s->col[k], POP_NAME, "%.40s_dv", key);
        }
    }
    /* A model file's SIGMA, unless the scenario gives one for that drug. */
    for (size_t d = 0; s->model == POP_MODEL_CHAIN && d < s->n_drugs; d++) {
        const cnsim_pk_model *m = s->file_model[d];
        char name[POP_NAME];
        snprintf(name, sizeof name, "%.36s_ng_mL", s->pk[d].name);
        int o = m && m->n_sigma ? output_index(s, name) : -1, have = 0;
        for (size_t k = 0; o >= 0 && k < s->n_out; k++)
            have |= s->dv_of[k] == o;
        if (o < 0 || have)
            continue;
        if (s->n_out >= POP_MAX_OUTPUTS)
            return fail_at(c, CNSIM_E_RANGE, "sigma", "too many outputs with %s's residual error", s->file_path[d]);
        size_t k = s->n_out++;
        s->dv_of[k] = o, s->sigma_prop[k] = s->sigma_add[k] = 0;
        for (int i = 0; i < m->n_sigma; i++)
            *(strcmp(m->sigma_name[i], "prop") ? &s->sigma_add[k] : &s->sigma_prop[k]) = m->sigma[i];
        snprintf(s->col[k], POP_NAME, "%.40s_dv", name);
    }
    s->is_identity = s->n_out == s->n_model_out;
    for (size_t k = 0; k < s->n_out && s->is_identity; k++)
        s->is_identity = s->col_src[k] == (int)k;
    if ((j = json_object_get(root, "covariates")) && (st = parse_covariates(c, s, j, reg)) != CNSIM_OK)
        return st;
    if ((j = json_object_get(root, "covariate_effects")) && (st = parse_effects(c, s, j)) != CNSIM_OK)
        return st;
    s->n_default = s->seed_default = -1;
    double x;
    if ((j = json_object_get(root, "n"))) {
        if ((st = get_number(c, "n", j, 1, 1e9, &x)) != CNSIM_OK)
            return st;
        if (x != floor(x))
            return fail_at(c, CNSIM_E_RANGE, "n", "%g; expected a whole number", x);
        s->n_default = (long)x;
    }
    if ((j = json_object_get(root, "seed"))) {
        if ((st = get_number(c, "seed", j, 0, 4294967295.0, &x)) != CNSIM_OK)
            return st;
        if (x != floor(x))
            return fail_at(c, CNSIM_E_RANGE, "seed", "%g; expected a whole number", x);
        s->seed_default = (long)x;
    }
    if ((j = json_object_get(root, "subjects"))) {
        if (!json_is_string(j))
            return fail_at(c, CNSIM_E_PARSE, "subjects", "%s; expected a CSV file name", jtype(j));
        char path[4096];
        const char *f = json_string_value(j);
        if (f[0] == '/' || !c->base_dir)
            cnsim__strlcpy(path, f, sizeof path);
        else
            snprintf(path, sizeof path, "%s/%s", c->base_dir, f);
        if ((st = cnsim_pop_spec_set_subjects_csv(s, path)) != CNSIM_OK)
            return fail_at(c, st, "subjects", "%s", cnsim_last_error());
    }
    return CNSIM_OK;
}

cnsim_status cnsim_pop_spec_read_mem(const char *text, size_t n, const char *base_dir, cnsim_registry *reg,
                                     cnsim_pop_spec **out)
{
    cnsim__clear_error();
    *out = NULL;
    if (n > MAX_SPEC_BYTES)
        return cnsim__fail(CNSIM_E_PARSE, "population scenario: %zu bytes; at most %zu", n, MAX_SPEC_BYTES);
    json_error_t err;
    cnsim__json_watch();
    json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &err);
    ctx c = {base_dir ? base_dir : "population scenario", base_dir};
    c.src = "population scenario";
    if (cnsim__json_failed()) {
        json_decref(root);
        return cnsim__fail(CNSIM_E_NOMEM, "population scenario: out of memory reading the JSON");
    }
    if (!root)
        return cnsim__fail(CNSIM_E_PARSE, "population scenario: line %d, column %d: %s", err.line, err.column, err.text);
    cnsim_pop_spec *s = calloc(1, sizeof *s);
    if (!s) {
        json_decref(root);
        return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory");
    }
    cnsim_event_list_init(&s->ev);
    cnsim__strlcpy(s->name, "population", sizeof s->name);
    cnsim_status st = parse(&c, root, reg, s);
    json_decref(root);
    if (st != CNSIM_OK) {
        cnsim_pop_spec_free(s);
        return st;
    }
    *out = s;
    return CNSIM_OK;
}

cnsim_status cnsim_pop_spec_read(const char *path, cnsim_registry *reg, cnsim_pop_spec **out)
{
    cnsim__clear_error();
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOMEM)   /* fopen's own allocation */
        return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory opening the population scenario", path);
    if (!f)
        return cnsim__fail(CNSIM_E_READ, "%s: cannot open the population scenario", path);
    char *buf = malloc(MAX_SPEC_BYTES + 1);
    size_t n = buf ? fread(buf, 1, MAX_SPEC_BYTES + 1, f) : 0;
    fclose(f);
    if (!buf)
        return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory");
    char dir[4096];
    cnsim__strlcpy(dir, path, sizeof dir);
    cnsim_status st = cnsim_pop_spec_read_mem(buf, n, dirname(dir), reg, out);
    free(buf);
    if (st != CNSIM_OK) {
        /* name the file instead of "population scenario" */
        char msg[1200];
        const char *m = cnsim_last_error();
        const char *p = strncmp(m, "population scenario: ", 21) ? m : m + 21;
        snprintf(msg, sizeof msg, "%s", p);
        return cnsim__fail(st, "%s: %s", path, msg);
    }
    return CNSIM_OK;
}

void cnsim_pop_spec_free(cnsim_pop_spec *s)
{
    if (!s)
        return;
    cnsim_event_list_free(&s->ev);
    cnsim_model_free(s->chain);
    for (size_t d = 0; d < POP_MAX_DRUGS; d++)
        free(s->file_model[d]);
    free(s->times), free(s->rows);
    free(s);
}

const char *cnsim_pop_spec_name(const cnsim_pop_spec *s) { return s->name; }
const char *cnsim_pop_spec_model(const cnsim_pop_spec *s)
{
    return s->model == POP_MODEL_ET ? "effect-tolerance" : "drug-chain";
}
long cnsim_pop_spec_default_n(const cnsim_pop_spec *s) { return s->n_default; }
long cnsim_pop_spec_default_seed(const cnsim_pop_spec *s) { return s->seed_default; }
size_t cnsim_pop_spec_n_params(const cnsim_pop_spec *s) { return s->n_par; }
const char *cnsim_pop_spec_param_name(const cnsim_pop_spec *s, size_t k) { return k < s->n_par ? s->par[k] : NULL; }
double cnsim_pop_spec_theta(const cnsim_pop_spec *s, size_t k) { return k < s->n_par ? s->theta[k] : NAN; }
double cnsim_pop_spec_omega(const cnsim_pop_spec *s, size_t i, size_t j)
{
    return i < s->n_par && j < s->n_par ? s->omega[i * POP_MAX_PARAMS + j] : NAN;
}
const char *cnsim_pop_spec_omega_source(const cnsim_pop_spec *s, size_t k) { return k < s->n_par ? s->omega_src[k] : ""; }
size_t cnsim_pop_spec_n_outputs(const cnsim_pop_spec *s) { return s->n_out; }
const char *cnsim_pop_spec_output_name(const cnsim_pop_spec *s, size_t k) { return k < s->n_out ? s->col[k] : NULL; }
size_t cnsim_pop_spec_n_times(const cnsim_pop_spec *s) { return s->n_times; }
const double *cnsim_pop_spec_times(const cnsim_pop_spec *s) { return s->times; }
size_t cnsim_pop_spec_n_metrics(const cnsim_pop_spec *s) { return s->n_metrics; }
const char *cnsim_pop_spec_metric_name(const cnsim_pop_spec *s, size_t k) { return k < s->n_metrics ? s->metric[k] : NULL; }
size_t cnsim_pop_spec_n_subject_rows(const cnsim_pop_spec *s) { return s->n_rows; }
