/* Pharmacodynamic parameters from the registry tables pd_params and
 * pd_system. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "registry_impl.h"
#include "core_impl.h"

cnsim_status cnsim_registry_pd_params(cnsim_registry *reg, const char *name,
                                      cnsim_pd_drug_params *p)
{
    cnsim__clear_error();
    char canon[CNSIM_NAME_MAX];
    cnsim_status st = cnsim_registry_resolve(reg, name, canon);
    if (st != CNSIM_OK)
        return st;
    memset(p, 0, sizeof *p);
    cnsim__strlcpy(p->name, canon, sizeof p->name);
    sqlite3_stmt *q;
    if ((st = cnsim__reg_prepare(reg,
             "SELECT p.target, p.ke0_per_h, p.ki_unbound_nM, p.efficacy, p.fu, d.mw_g_per_mol, "
             "p.sert_ec50_ng_mL, p.sert_emax_frac FROM pd_params p JOIN drugs d ON d.name = p.drug "
             "WHERE p.drug = ?1", &q)) != CNSIM_OK)
        return st;
    if ((st = cnsim__reg_bind(q, 1, canon)) != CNSIM_OK) {
        sqlite3_finalize(q);
        return st;
    }
    if (sqlite3_step(q) == SQLITE_ROW) {
        p->target = !strcmp(cnsim__reg_text(q, 0), "bzd") ? CNSIM_PD_TARGET_BZD : CNSIM_PD_TARGET_SERT;
        p->ke0_per_h = sqlite3_column_double(q, 1);
        p->ki_unbound_nM = sqlite3_column_double(q, 2);
        p->efficacy = sqlite3_column_double(q, 3);
        p->fu = sqlite3_column_double(q, 4);
        p->mw_g_per_mol = sqlite3_column_double(q, 5);
        p->sert_ec50_ng_mL = sqlite3_column_double(q, 6);
        p->sert_emax_frac = sqlite3_column_double(q, 7);
    }
    return cnsim__reg_finalize(q);
}

cnsim_status cnsim_registry_pd_system(cnsim_registry *reg,
                                      cnsim_pd_system_params *s)
{
    cnsim__clear_error();
    static const struct { const char *key; size_t off; } fields[] = {
#define F(k) {#k, offsetof(cnsim_pd_system_params, k)}
        F(gabaa_mmax), F(anx_ec50_occ), F(anx_hill), F(sed_ec50_occ), F(sed_hill),
        F(conv_ec50_occ), F(conv_hill), F(tol_drive_ec50_occ), F(tol_sed_t_half_h),
        F(tol_sed_max), F(tol_anx_t_half_h), F(tol_anx_max), F(tol_conv_t_half_h),
        F(tol_conv_max), F(dep_t_half_on_h), F(dep_t_half_off_h), F(dep_max),
        F(withdrawal_threshold), F(sert_nonsert_clearance), F(auto_gain), F(auto_t_half_h),
        F(auto_min), F(auto_e50), F(ad_ec50), F(ad_hill), F(dep_slow_t_half_on_h),
        F(dep_slow_t_half_off_h), F(ad_t_half_on_h), F(ad_t_half_off_h), F(ssri_adapt_t_half_on_h),
        F(ssri_adapt_t_half_off_h), F(ssri_disc_threshold),
#undef F
    };
    sqlite3_stmt *q;
    cnsim_status st = cnsim__reg_prepare(reg, "SELECT value FROM pd_system WHERE key = ?1", &q);
    if (st != CNSIM_OK)
        return st;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if ((st = cnsim__reg_bind(q, 1, fields[i].key)) != CNSIM_OK) {
            sqlite3_finalize(q);
            return st;
        }
        int found = sqlite3_step(q) == SQLITE_ROW;
        if (found)
            *(double *)((char *)s + fields[i].off) = sqlite3_column_double(q, 0);
        if ((st = cnsim__reg_reset(q)) != CNSIM_OK) {
            sqlite3_finalize(q);
            return st;
        }
        if (!found) {
            sqlite3_finalize(q);
            return cnsim__fail(CNSIM_E_DB, "registry: pd_system has no '%s'", fields[i].key);
        }
    }
    return cnsim__reg_finalize(q);
}

cnsim_status cnsim_registry_excitability_map(cnsim_registry *reg,
                                             cnsim_excitability_point **pts,
                                             size_t *n)
{
    cnsim__clear_error();
    *pts = NULL;
    *n = 0;
    sqlite3_stmt *q;
    cnsim_status st = cnsim__reg_prepare(reg,
        "SELECT gabaa_modulation, mean_rate_hz, rate_exc_hz, rate_inh_hz, synchrony, burst_fraction, "
        "seizure_like FROM excitability_map ORDER BY gabaa_modulation", &q);
    if (st != CNSIM_OK)
        return st;
    size_t cap = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            void *p = realloc(*pts, cap * sizeof **pts);
            if (!p) {
                sqlite3_finalize(q);
                free(*pts);
                *pts = NULL;
                return cnsim__fail(CNSIM_E_NOMEM, "registry: out of memory reading the excitability map");
            }
            *pts = p;
        }
        cnsim_excitability_point *e = &(*pts)[(*n)++];
        e->modulation = sqlite3_column_double(q, 0);
        e->rate_hz = sqlite3_column_double(q, 1);
        e->rate_exc_hz = sqlite3_column_double(q, 2);
        e->rate_inh_hz = sqlite3_column_double(q, 3);
        e->synchrony = sqlite3_column_double(q, 4);
        e->burst_fraction = sqlite3_column_double(q, 5);
        e->seizure_like = sqlite3_column_int(q, 6);
    }
    if ((st = cnsim__reg_finalize(q)) != CNSIM_OK) {
        free(*pts);
        *pts = NULL;
        *n = 0;
        return st;
    }
    if (*n == 0)
        return cnsim__fail(CNSIM_E_DB, "registry: the excitability map is empty");
    return CNSIM_OK;
}

void cnsim_excitability_map_free(cnsim_excitability_point *map) { free(map); }
