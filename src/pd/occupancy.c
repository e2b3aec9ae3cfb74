/* Effect site and receptor occupancy: the algebraic and linear layers of
 * the pharmacodynamic chain. */
#include <math.h>

#include "cnsim/pd.h"
#include "core_impl.h"

cnsim_status cnsim_pd_drug_check(const cnsim_pd_drug_params *d)
{
    cnsim__clear_error();
#define NEED(cond, field, val, what)                                                   \
    if (!(cond))                                                                       \
        return cnsim__fail(CNSIM_E_RANGE, "PD parameters of %s: %s = %g; expected %s", \
                           d->name, field, (double)(val), what)
    if (d->target == CNSIM_PD_TARGET_NONE)
        return CNSIM_OK;
    NEED(isfinite(d->ke0_per_h) && d->ke0_per_h > 0, "ke0_per_h", d->ke0_per_h, "> 0");
    if (d->target == CNSIM_PD_TARGET_BZD) {
        NEED(isfinite(d->ki_unbound_nM) && d->ki_unbound_nM > 0, "ki_unbound_nM", d->ki_unbound_nM, "> 0");
        NEED(d->efficacy >= 0 && d->efficacy <= 1, "efficacy", d->efficacy, "between 0 and 1");
        NEED(d->fu > 0 && d->fu <= 1, "fu", d->fu, "0 < fu <= 1");
        NEED(isfinite(d->mw_g_per_mol) && d->mw_g_per_mol > 0, "mw_g_per_mol", d->mw_g_per_mol, "> 0");
    } else {
        NEED(isfinite(d->sert_ec50_ng_mL) && d->sert_ec50_ng_mL > 0, "sert_ec50_ng_mL", d->sert_ec50_ng_mL, "> 0");
        NEED(d->sert_emax_frac > 0 && d->sert_emax_frac <= 1, "sert_emax_frac", d->sert_emax_frac, "0 < Emax <= 1 (an occupancy)");
    }
#undef NEED
    return CNSIM_OK;
}

void cnsim_pd_effect_site(const double *t_h, const double *c, size_t n,
                          double ke0_per_h, double ce0, double *ce)
{
    if (n == 0)
        return;
    ce[0] = ce0;
    for (size_t i = 1; i < n; i++) {
        double h = t_h[i] - t_h[i - 1];
        if (!(h > 0)) {
            ce[i] = ce[i - 1];
            continue;
        }
        /* Exact for C(t) = c0 + m (t - t0): Ce(h) = Ce e^{-kh} + c0 (1 -
         * e^{-kh}) + m (h - (1 - e^{-kh})/k). expm1 keeps small kh exact. */
        double k = ke0_per_h, one_minus = -expm1(-k * h);
        double m = (c[i] - c[i - 1]) / h;
        ce[i] = ce[i - 1] * (1 - one_minus) + c[i - 1] * one_minus + m * (h - one_minus / k);
    }
}

double cnsim_pd_bzd_occupancy(const cnsim_pd_drug_params *d, size_t n,
                              const double *ce_ng_mL, double *occ)
{
    double sum_x = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i].target == CNSIM_PD_TARGET_BZD && ce_ng_mL[i] > 0)
            sum_x += d[i].fu * ce_ng_mL[i] * 1000.0 / d[i].mw_g_per_mol / d[i].ki_unbound_nM;
    double drive = 0;
    for (size_t i = 0; i < n; i++) {
        double o = 0;
        if (d[i].target == CNSIM_PD_TARGET_BZD && ce_ng_mL[i] > 0)
            o = d[i].fu * ce_ng_mL[i] * 1000.0 / d[i].mw_g_per_mol / d[i].ki_unbound_nM / (1 + sum_x);
        if (occ)
            occ[i] = o;
        drive += d[i].efficacy * o;
    }
    return drive;
}

double cnsim_pd_sert_occupancy(const cnsim_pd_drug_params *d, size_t n,
                               const double *ce_ng_mL)
{
    double sum_x = 0, num = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i].target == CNSIM_PD_TARGET_SERT && ce_ng_mL[i] > 0) {
            double x = ce_ng_mL[i] / d[i].sert_ec50_ng_mL;
            sum_x += x;
            num += d[i].sert_emax_frac * x;
        }
    return num / (1 + sum_x);
}

void cnsim_pd_drivers_at(const cnsim_pd_drug_params *d, size_t n, double t_h,
                         const double *ce, const double *dce, cnsim_pd_drivers *out)
{
    /* Gaddum competition: drive = sum e_i x_i / (1 + S), S = sum x_i, so
     * d drive/dt = sum (e_i - drive) x_i' / (1 + S); SERT likewise with
     * Emax_j. A concentration at or below zero (solver round-off) binds
     * nothing. */
    double sx = 0, ex = 0, sy = 0, ey = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(ce[i] > 0))
            continue;
        if (d[i].target == CNSIM_PD_TARGET_BZD) {
            double x = d[i].fu * ce[i] * 1000.0 / d[i].mw_g_per_mol / d[i].ki_unbound_nM;
            sx += x;
            ex += d[i].efficacy * x;
        } else if (d[i].target == CNSIM_PD_TARGET_SERT) {
            double y = ce[i] / d[i].sert_ec50_ng_mL;
            sy += y;
            ey += d[i].sert_emax_frac * y;
        }
    }
    out->t_h = t_h;
    out->drive = ex / (1 + sx);
    out->bzd_occupancy = sx / (1 + sx);
    out->sert = ey / (1 + sy);
    out->d_drive = out->d_sert = 0;
    for (size_t i = 0; dce && i < n; i++) {
        if (!(ce[i] > 0))
            continue;
        if (d[i].target == CNSIM_PD_TARGET_BZD) {
            double dx = d[i].fu * dce[i] * 1000.0 / d[i].mw_g_per_mol / d[i].ki_unbound_nM;
            out->d_drive += (d[i].efficacy - out->drive) * dx / (1 + sx);
        } else if (d[i].target == CNSIM_PD_TARGET_SERT) {
            double dy = dce[i] / d[i].sert_ec50_ng_mL;
            out->d_sert += (d[i].sert_emax_frac - out->sert) * dy / (1 + sy);
        }
    }
}
