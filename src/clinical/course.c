/* Symptom-course model: HAM-D (split into a core part and an anxiety/
 * insomnia part, Londborg et al. 2000) and HAM-A, each an indirect-response
 * model with inhibition of symptom production (Dayneka, Garg & Jusko 1993):
 *   dS/dt = kout (S0 (1 - P(t)) (1 - Iad AD) (1 - Ianx ANX) (1 + gw W) - S)
 * with a placebo response P(t) that approaches its maximum exponentially.
 * AD is the antidepressant index, ANX the anxiolysis index, W the
 * withdrawal index; the core part of HAM-D sees only P and AD. Parameters:
 * data/90_course.sql. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "cnsim/course.h"
#include "core_impl.h"
#include "registry/registry_impl.h"

cnsim_status cnsim_course_params_load(cnsim_registry *reg, cnsim_course_params *p)
{
    cnsim__clear_error();
    static const struct { const char *key; size_t off; } keys[] = {
#define K(f) { #f, offsetof(cnsim_course_params, f) }
        K(hamd_baseline), K(hamd_anx_insomnia_frac), K(hama_baseline),
        K(placebo_max_frac), K(placebo_tau_weeks), K(kout_per_week),
        K(ad_imax), K(anx_imax_hamd), K(anx_imax_hama), K(withdrawal_gain),
        K(response_frac), K(remission_hamd),
        K(hamd_baseline_sd), K(placebo_omega), K(ad_imax_omega), K(anx_imax_omega), K(kout_omega),
#undef K
    };
    sqlite3_stmt *q = NULL;
    cnsim_status st = cnsim__reg_prepare(reg, "SELECT value FROM course_params WHERE key = ?", &q);
    if (st != CNSIM_OK)
        return st;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && st == CNSIM_OK; i++) {
        if ((st = cnsim__reg_bind(q, 1, keys[i].key)) != CNSIM_OK)
            break;
        int found = sqlite3_step(q) == SQLITE_ROW;
        if (found)
            *(double *)((char *)p + keys[i].off) = sqlite3_column_double(q, 0);
        if ((st = cnsim__reg_reset(q)) == CNSIM_OK && !found)
            st = cnsim__fail(CNSIM_E_DB, "course_params: no row for key '%s'", keys[i].key);
    }
    sqlite3_finalize(q);
    return st;
}

void cnsim_course_run(const cnsim_course_params *p, const double *t_h,
                      const cnsim_pd_state *pd, size_t n, double *hamd, double *hama)
{
    double d_anx0 = p->hamd_baseline * p->hamd_anx_insomnia_frac;
    double d_core0 = p->hamd_baseline - d_anx0, a0 = p->hama_baseline;
    double core = d_core0, anx = d_anx0, ha = a0;
    double kout_per_h = p->kout_per_week / 168.0, tau_h = p->placebo_tau_weeks * 168.0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            const cnsim_pd_state *s = &pd[i - 1];
            double dt = t_h[i] - t_h[i - 1], decay = 1 - exp(-kout_per_h * dt);
            double placebo = 1 - p->placebo_max_frac * (1 - exp(-t_h[i - 1] / tau_h));
            double ad = 1 - p->ad_imax * s->antidepressant;
            double w = 1 + p->withdrawal_gain * s->withdrawal;
            double core_ss = d_core0 * placebo * ad;
            double anx_ss = d_anx0 * placebo * ad * (1 - p->anx_imax_hamd * s->anxiolysis) * w;
            double ha_ss = a0 * placebo * ad * (1 - p->anx_imax_hama * s->anxiolysis) * w;
            core += (core_ss - core) * decay;
            anx += (anx_ss - anx) * decay;
            ha += (ha_ss - ha) * decay;
        }
        hamd[i] = core + anx;
        hama[i] = ha;
    }
}
