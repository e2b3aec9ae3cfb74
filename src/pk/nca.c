/* Non-compartmental analysis of one concentration series: Cmax, Tmax,
 * Cmin, AUC by the linear-up/log-down trapezoid, and the terminal half-life
 * by log-linear regression on the terminal points chosen by adjusted R^2
 * (Gabrielsson & Weiner, Pharmacokinetic and Pharmacodynamic Data Analysis,
 * 5th ed. 2016, ch. 2; the 'best fit' rule of WinNonlin and PKNCA: the
 * largest number of points whose adjusted R^2 is within 1e-4 of the best). */
#include <math.h>
#include <stdlib.h>

#include "cnsim/pk.h"
#include "core_impl.h"

cnsim_status cnsim_nca_compute(const double *t_h, const double *c, size_t n,
                               double t_from, double t_to, cnsim_nca *out)
{
    cnsim__clear_error();
    out->cmax_ng_mL = out->tmax_h = out->cmin_ng_mL = NAN;
    out->auc_ng_h_mL = 0;
    out->half_life_h = out->lambda_z_per_h = out->r2_adj = NAN;
    out->n_lambda_z = 0;
    size_t i0 = n, i1 = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t_h[i]) || !isfinite(c[i]))
            return cnsim__fail(CNSIM_E_ARG, "NCA: sample %zu (t %g h, c %g) is not finite", i, t_h[i], c[i]);
        if (i > 0 && t_h[i] < t_h[i - 1])
            return cnsim__fail(CNSIM_E_ARG, "NCA: times go backwards at sample %zu (%g h after %g h)", i, t_h[i], t_h[i - 1]);
        if (t_h[i] >= t_from && t_h[i] <= t_to) {
            if (i0 == n)
                i0 = i;
            i1 = i;
        }
    }
    if (i0 == n)
        return cnsim__fail(CNSIM_E_ARG, "NCA: no samples between %g h and %g h", t_from, t_to);
    size_t imax = i0;
    for (size_t i = i0; i <= i1; i++) {
        if (c[i] > c[imax])
            imax = i;
        if (!(c[i] >= out->cmin_ng_mL))
            out->cmin_ng_mL = c[i];
    }
    out->cmax_ng_mL = c[imax];
    out->tmax_h = t_h[imax];
    for (size_t i = i0; i < i1; i++) {
        double dt = t_h[i + 1] - t_h[i], a = c[i], b = c[i + 1];
        if (b < a && b > 0 && a > 0)
            out->auc_ng_h_mL += dt * (a - b) / log(a / b);
        else
            out->auc_ng_h_mL += dt * (a + b) / 2;
    }
    /* Terminal phase: points after Cmax with c > 0, scanned from the end so
     * that running sums give every window's regression in O(n); a second
     * pass takes the widest window within 1e-4 of the best adjusted R^2. */
    size_t n_tail = i1 > imax ? i1 - imax : 0;
    double *r2s = n_tail ? malloc(n_tail * sizeof *r2s) : NULL;
    double *slopes = n_tail ? malloc(n_tail * sizeof *slopes) : NULL;
    if (n_tail && (!r2s || !slopes)) {
        free(r2s), free(slopes);
        return cnsim__fail(CNSIM_E_NOMEM, "NCA: out of memory");
    }
    double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, best = -INFINITY;
    int m = 0;
    for (size_t k = i1 + 1; k-- > imax + 1;) {
        if (!(c[k] > 0))
            break;
        double x = t_h[k], y = log(c[k]);
        sx += x, sy += y, sxx += x * x, sxy += x * y, syy += y * y;
        r2s[m] = -INFINITY;
        m++;
        if (m < 3)
            continue;
        double vx = sxx - sx * sx / m, vy = syy - sy * sy / m, cxy = sxy - sx * sy / m;
        if (!(vx > 0))
            continue;
        double slope = cxy / vx;
        if (!(slope < 0))
            continue;
        double r2 = vy > 0 ? cxy * cxy / (vx * vy) : 1.0;
        r2s[m - 1] = 1 - (1 - r2) * (m - 1) / (double)(m - 2);
        slopes[m - 1] = slope;
        if (r2s[m - 1] > best)
            best = r2s[m - 1];
    }
    for (int k = m; isfinite(best) && k-- > 2;)
        if (r2s[k] >= best - 1e-4) {
            out->lambda_z_per_h = -slopes[k];
            out->half_life_h = log(2.0) / out->lambda_z_per_h;
            out->r2_adj = r2s[k];
            out->n_lambda_z = k + 1;
            break;
        }
    free(r2s);
    free(slopes);
    return CNSIM_OK;
}
