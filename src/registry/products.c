/* Dispensable products (table products): the tablets, liquids, drops,
 * compounded preparations and tapering strips a taper can be filled with,
 * each with the smallest amount its measuring device or score allows. */
#include <math.h>
#include <string.h>

#include "core_impl.h"
#include "registry_impl.h"

/* The form order is a CASE rather than alphabetical so that solid forms,
 * the usual starting point of a taper, come first and strips last. */
static const char products_sql[] =
    "SELECT drug, product, form, strength_mg, unit, is_scored, device, measure_step, "
    "beyond_use_days, availability, source, note, pouch_step_mg FROM products WHERE drug = ?1 "
    "ORDER BY CASE form WHEN 'tablet' THEN 0 WHEN 'odt' THEN 1 WHEN 'capsule' THEN 2 "
    "WHEN 'liquid' THEN 3 WHEN 'drops' THEN 4 WHEN 'compounded' THEN 5 "
    "WHEN 'strips' THEN 6 ELSE 7 END, strength_mg DESC, product";

/* Column i as a positive finite number, or NAN when it is NULL, text,
 * zero, negative or not finite: a damaged row, never a usable default. */
static double positive(sqlite3_stmt *st, int i)
{
    int t = sqlite3_column_type(st, i);
    if (t != SQLITE_INTEGER && t != SQLITE_FLOAT)
        return NAN;
    double v = sqlite3_column_double(st, i);
    return isfinite(v) && v > 0 ? v : NAN;
}

/* Fills *p from the current row of st; CNSIM_E_DB naming the row if its
 * strength or measure step is unusable. */
static cnsim_status read_row(sqlite3_stmt *st, cnsim_product *p)
{
    memset(p, 0, sizeof *p);
    cnsim__strlcpy(p->drug, cnsim__reg_text(st, 0), sizeof p->drug);
    cnsim__strlcpy(p->product, cnsim__reg_text(st, 1), sizeof p->product);
    cnsim__strlcpy(p->form, cnsim__reg_text(st, 2), sizeof p->form);
    p->strength_mg = positive(st, 3);
    cnsim__strlcpy(p->unit, cnsim__reg_text(st, 4), sizeof p->unit);
    p->is_scored = sqlite3_column_int(st, 5) != 0;
    cnsim__strlcpy(p->device, cnsim__reg_text(st, 6), sizeof p->device);
    p->measure_step = positive(st, 7);
    p->beyond_use_days = sqlite3_column_type(st, 8) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 8);
    cnsim__strlcpy(p->availability, cnsim__reg_text(st, 9), sizeof p->availability);
    cnsim__strlcpy(p->source, cnsim__reg_text(st, 10), sizeof p->source);
    cnsim__strlcpy(p->note, cnsim__reg_text(st, 11), sizeof p->note);
    p->pouch_step_mg = positive(st, 12);
    if (!strcmp(p->form, "strips") && isnan(p->pouch_step_mg))
        return cnsim__fail(CNSIM_E_DB, "registry: products row '%s' of %s: a strip needs pouch_step_mg, a positive number; got '%s'",
                           p->product, p->drug, cnsim__reg_text(st, 12));
    if (isnan(p->strength_mg))
        return cnsim__fail(CNSIM_E_DB, "registry: products row '%s' of %s: strength_mg '%s' is not a positive number",
                           p->product, p->drug, cnsim__reg_text(st, 3));
    if (isnan(p->measure_step))
        return cnsim__fail(CNSIM_E_DB, "registry: products row '%s' of %s: measure_step '%s' is not a positive number",
                           p->product, p->drug, cnsim__reg_text(st, 7));
    return CNSIM_OK;
}

cnsim_status cnsim_registry_products(cnsim_registry *reg, const char *name,
                                     cnsim_product *out, size_t n_max,
                                     size_t *n_found)
{
    cnsim__clear_error();
    if (n_found)
        *n_found = 0;
    if (!reg || !name || !n_found || (n_max > 0 && !out))
        return cnsim__fail(CNSIM_E_ARG, "registry products: reg, name, n_found and (when n_max > 0) out are required");
    char canon[CNSIM_NAME_MAX];
    cnsim_status st = cnsim_registry_resolve(reg, name, canon);
    if (st != CNSIM_OK)
        return st;
    sqlite3_stmt *q;
    if ((st = cnsim__reg_prepare(reg, products_sql, &q)) != CNSIM_OK)
        return st;
    if ((st = cnsim__reg_bind(q, 1, canon)) != CNSIM_OK) {
        sqlite3_finalize(q);
        return st;
    }
    /* Every row is checked, also those past n_max, so that counting with
     * n_max 0 reports a damaged row exactly as a full read does. */
    size_t n = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        cnsim_product row;
        if ((st = read_row(q, &row)) != CNSIM_OK) {
            /* A value SQLite could not allocate reads as NULL; the finalize
             * status tells that apart from a genuinely bad row. */
            cnsim_status fs = cnsim__reg_finalize(q);
            return fs != CNSIM_OK ? fs : st;
        }
        if (n < n_max)
            out[n] = row;
        n++;
    }
    if ((st = cnsim__reg_finalize(q)) != CNSIM_OK)
        return st;
    *n_found = n;
    return CNSIM_OK;
}

static const char devices_sql[] =
    "SELECT device, volume_mL, graduation_mL, source FROM measuring_devices "
    "ORDER BY volume_mL IS NULL, volume_mL, device";

cnsim_status cnsim_registry_devices(cnsim_registry *reg, cnsim_device *out, size_t n_max,
                                    size_t *n_found)
{
    cnsim__clear_error();
    if (n_found)
        *n_found = 0;
    if (!reg || !n_found || (n_max > 0 && !out))
        return cnsim__fail(CNSIM_E_ARG, "registry devices: reg, n_found and (when n_max > 0) out are required");
    sqlite3_stmt *q;
    cnsim_status st = cnsim__reg_prepare(reg, devices_sql, &q);
    if (st != CNSIM_OK)
        return st;
    size_t n = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        cnsim_device d;
        memset(&d, 0, sizeof d);
        cnsim__strlcpy(d.device, cnsim__reg_text(q, 0), sizeof d.device);
        d.volume_mL = positive(q, 1);
        d.graduation_mL = positive(q, 2);
        cnsim__strlcpy(d.source, cnsim__reg_text(q, 3), sizeof d.source);
        /* A syringe (a volume) must have a usable graduation, and a
         * graduation without a volume measures nothing. */
        int vol_null = sqlite3_column_type(q, 1) == SQLITE_NULL, grad_null = sqlite3_column_type(q, 2) == SQLITE_NULL;
        if ((!vol_null && isnan(d.volume_mL)) || (!grad_null && isnan(d.graduation_mL)) || vol_null != grad_null) {
            cnsim_status fs = cnsim__reg_finalize(q);
            return fs != CNSIM_OK ? fs : cnsim__fail(CNSIM_E_DB, "registry: measuring_devices row '%s': volume_mL and "
                                                     "graduation_mL must both be positive numbers or both NULL", d.device);
        }
        if (n < n_max)
            out[n] = d;
        n++;
    }
    if ((st = cnsim__reg_finalize(q)) != CNSIM_OK)
        return st;
    *n_found = n;
    return CNSIM_OK;
}
