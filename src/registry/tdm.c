/* What individualisation reads from the registry (data/96_tdm.sql): the
 * residual error of each drug's population model, the therapeutic
 * reference ranges of TDM guidelines, and the withdrawal symptom scales
 * with the published figures their link to the model is calibrated on. */
#include <math.h>
#include <string.h>

#include "core_impl.h"
#include "registry_impl.h"

/* Column i as a finite number >= 0, NAN when NULL or unusable. */
static double number(sqlite3_stmt *st, int i)
{
    int t = sqlite3_column_type(st, i);
    if (t != SQLITE_INTEGER && t != SQLITE_FLOAT)
        return NAN;
    double v = sqlite3_column_double(st, i);
    return isfinite(v) && v >= 0 ? v : NAN;
}

static cnsim_status query(cnsim_registry *reg, const char *sql, const char *a, const char *b, sqlite3_stmt **q)
{
    cnsim_status st = cnsim__reg_prepare(reg, sql, q);
    if (st == CNSIM_OK && a)
        st = cnsim__reg_bind(*q, 1, a);
    if (st == CNSIM_OK && b)
        st = cnsim__reg_bind(*q, 2, b);
    if (st != CNSIM_OK && *q) {
        sqlite3_finalize(*q);
        *q = NULL;
    }
    return st;
}

cnsim_status cnsim_registry_residual_error(cnsim_registry *reg, const char *name, const char *species,
                                           cnsim_residual_error *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (!reg || !name)
        return cnsim__fail(CNSIM_E_ARG, "registry residual_error: reg and name are required");
    char canon[CNSIM_NAME_MAX];
    cnsim_status st = cnsim_registry_resolve(reg, name, canon);
    if (st != CNSIM_OK)
        return st;
    sqlite3_stmt *q = NULL;
    if ((st = query(reg, "SELECT sigma_prop, sigma_add_ng_mL, source, COALESCE(note, '') FROM residual_error "
                         "WHERE drug = ?1 AND species = ?2", canon, species ? species : "", &q)) != CNSIM_OK)
        return st;
    int found = sqlite3_step(q) == SQLITE_ROW;
    if (found) {
        out->sigma_prop = number(q, 0), out->sigma_add_ng_mL = number(q, 1);
        cnsim__strlcpy(out->source, cnsim__reg_text(q, 2), sizeof out->source);
        cnsim__strlcpy(out->note, cnsim__reg_text(q, 3), sizeof out->note);
    }
    if ((st = cnsim__reg_finalize(q)) != CNSIM_OK)
        return st;
    if (!found)
        return cnsim__fail(CNSIM_E_ARG, "registry: %s%s%s has no residual error (table residual_error); expected one "
                           "given with --error", canon, species && species[0] ? " " : "", species ? species : "");
    if (isnan(out->sigma_prop) || isnan(out->sigma_add_ng_mL) || (out->sigma_prop == 0 && out->sigma_add_ng_mL == 0))
        return cnsim__fail(CNSIM_E_DB, "registry: residual_error row of %s: sigma_prop and sigma_add_ng_mL must be "
                           "numbers >= 0, not both 0", canon);
    return CNSIM_OK;
}

cnsim_status cnsim_registry_therapeutic_ranges(cnsim_registry *reg, const char *name, cnsim_therapeutic_range *out,
                                               size_t n_max, size_t *n_found)
{
    cnsim__clear_error();
    if (n_found)
        *n_found = 0;
    if (!reg || !name || !n_found || (n_max > 0 && !out))
        return cnsim__fail(CNSIM_E_ARG, "registry therapeutic_range: reg, name, n_found and out are required");
    char canon[CNSIM_NAME_MAX];
    cnsim_status st = cnsim_registry_resolve(reg, name, canon);
    if (st != CNSIM_OK)
        return st;
    sqlite3_stmt *q = NULL;
    if ((st = query(reg, "SELECT species, kind, low_ng_mL, high_ng_mL, alert_ng_mL, source, COALESCE(note, '') "
                         "FROM therapeutic_range WHERE drug = ?1 ORDER BY source = 'hiemke2018' DESC, species, kind",
                    canon, NULL, &q)) != CNSIM_OK)
        return st;
    size_t n = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        cnsim_therapeutic_range r;
        memset(&r, 0, sizeof r);
        cnsim__strlcpy(r.drug, canon, sizeof r.drug);
        cnsim__strlcpy(r.species, cnsim__reg_text(q, 0), sizeof r.species);
        cnsim__strlcpy(r.kind, cnsim__reg_text(q, 1), sizeof r.kind);
        r.low_ng_mL = number(q, 2), r.high_ng_mL = number(q, 3), r.alert_ng_mL = number(q, 4);
        cnsim__strlcpy(r.source, cnsim__reg_text(q, 5), sizeof r.source);
        cnsim__strlcpy(r.note, cnsim__reg_text(q, 6), sizeof r.note);
        if (isnan(r.low_ng_mL) || isnan(r.high_ng_mL) || !(r.low_ng_mL < r.high_ng_mL)) {
            cnsim_status fs = cnsim__reg_finalize(q);
            return fs != CNSIM_OK ? fs
                                  : cnsim__fail(CNSIM_E_DB, "registry: therapeutic_range row of %s (%s): low %g and high %g "
                                                "ng/mL; expected 0 <= low < high", canon, r.source, r.low_ng_mL,
                                                r.high_ng_mL);
        }
        if (n < n_max)
            out[n] = r;
        n++;
    }
    if ((st = cnsim__reg_finalize(q)) != CNSIM_OK)
        return st;
    *n_found = n;
    return CNSIM_OK;
}

cnsim_status cnsim_registry_symptom_scale(cnsim_registry *reg, const char *scale, cnsim_symptom_scale *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (!reg || !scale)
        return cnsim__fail(CNSIM_E_ARG, "registry symptom_scale: reg and scale are required");
    sqlite3_stmt *q = NULL;
    cnsim_status st = query(reg, "SELECT scale, min_score, max_score, baseline_mean, withdrawal_peak_mean, "
                                 "withdrawal_peak_sd, taper_peak_mean, mild_max, moderate_max, residual_sd, source, "
                                 "COALESCE(note, '') FROM symptom_scale WHERE scale = ?1 COLLATE NOCASE", scale, NULL, &q);
    if (st != CNSIM_OK)
        return st;
    int found = sqlite3_step(q) == SQLITE_ROW;
    if (found) {
        cnsim__strlcpy(out->scale, cnsim__reg_text(q, 0), sizeof out->scale);
        out->min_score = number(q, 1), out->max_score = number(q, 2), out->baseline_mean = number(q, 3);
        out->withdrawal_peak_mean = number(q, 4), out->withdrawal_peak_sd = number(q, 5);
        out->taper_peak_mean = number(q, 6), out->mild_max = number(q, 7), out->moderate_max = number(q, 8);
        out->residual_sd = number(q, 9);
        cnsim__strlcpy(out->source, cnsim__reg_text(q, 10), sizeof out->source);
        cnsim__strlcpy(out->note, cnsim__reg_text(q, 11), sizeof out->note);
    }
    if ((st = cnsim__reg_finalize(q)) != CNSIM_OK)
        return st;
    if (!found)
        return cnsim__fail(CNSIM_E_ARG, "registry: no symptom scale '%s'; expected ciwa_b or bwsq", scale);
    return CNSIM_OK;
}

cnsim_status cnsim_registry_withdrawal_link(cnsim_registry *reg, const char *scale, const char *param, double *value,
                                            char *source, size_t n_source)
{
    cnsim__clear_error();
    *value = NAN;
    if (source && n_source)
        source[0] = '\0';
    if (!reg || !scale || !param)
        return cnsim__fail(CNSIM_E_ARG, "registry withdrawal_link: reg, scale and param are required");
    sqlite3_stmt *q = NULL;
    cnsim_status st = query(reg, "SELECT value, source FROM withdrawal_link WHERE param = ?2 AND scale IN (?1, 'any') "
                                 "ORDER BY scale = 'any' LIMIT 1", scale, param, &q);
    if (st != CNSIM_OK)
        return st;
    int found = sqlite3_step(q) == SQLITE_ROW;
    if (found) {
        *value = number(q, 0);
        if (source && n_source)
            cnsim__strlcpy(source, cnsim__reg_text(q, 1), n_source);
    }
    if ((st = cnsim__reg_finalize(q)) != CNSIM_OK)
        return st;
    if (!found || isnan(*value))
        return cnsim__fail(CNSIM_E_DB, "registry: withdrawal_link has no usable %s for %s", param, scale);
    return CNSIM_OK;
}
