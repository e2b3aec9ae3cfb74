/* The slow states from sampled occupancies or concentrations: the layer's
 * entry points for callers that have series rather than the chain's exact
 * effect sites (tests, benchmarks, the cell-scale tools). They build
 * driver samples with slopes and call cnsim_pd_integrate. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/pd.h"
#include "core_impl.h"

/* Slope of series y at sample i for a monotone cubic interpolation
 * (Fritsch & Carlson 1980, SIAM J Numer Anal 17:238): the harmonic mean
 * of the neighbouring secants where they agree in sign, 0 at extrema and
 * plateaus, so sampled steps are not turned into overshoots. */
static double slope(const double *t, const double *y, size_t n, size_t i)
{
    if (n < 2 || !y)
        return 0;
    double s0 = i > 0 && t[i] > t[i - 1] ? (y[i] - y[i - 1]) / (t[i] - t[i - 1]) : NAN;
    double s1 = i + 1 < n && t[i + 1] > t[i] ? (y[i + 1] - y[i]) / (t[i + 1] - t[i]) : NAN;
    if (isnan(s0))
        return isnan(s1) ? 0 : s1;
    if (isnan(s1))
        return s0;
    if (s0 * s1 <= 0)
        return 0;
    return 2 * s0 * s1 / (s0 + s1);
}

/* Drivers at the sample times merged with the output times (an output
 * between samples gets drivers interpolated with the cubic Hermite
 * polynomial of its interval, and the total occupancy linearly); at[k] is
 * where t_out[k] landed. */
static cnsim_status merge(const cnsim_pd_drivers *ds, size_t n, const double *t_out, size_t n_out,
                          cnsim_pd_drivers **merged, size_t *n_merged, size_t **at)
{
    *merged = malloc((n + n_out) * sizeof **merged);
    *at = malloc((n_out ? n_out : 1) * sizeof **at);
    if (!*merged || !*at) {
        free(*merged), free(*at);
        *merged = NULL, *at = NULL;   /* the caller frees them too */
        return cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamics: out of memory for %zu samples", n + n_out);
    }
    size_t m = 0, i = 0;
    for (size_t k = 0; k < n_out; k++) {
        if (!(t_out[k] >= ds[0].t_h && t_out[k] <= ds[n - 1].t_h) || (k > 0 && t_out[k] < t_out[k - 1])) {
            free(*merged), free(*at);
            *merged = NULL, *at = NULL;
            return cnsim__fail(CNSIM_E_ARG, "pharmacodynamics: output time %g h is outside the driver series [%g, %g] h or goes backwards",
                               t_out[k], ds[0].t_h, ds[n - 1].t_h);
        }
        while (i < n && ds[i].t_h < t_out[k])
            (*merged)[m++] = ds[i++];
        if (i < n && ds[i].t_h == t_out[k]) {
            /* on a sample: that sample */
            (*merged)[m] = ds[i++];
            (*at)[k] = m++;
            /* later outputs at the same time reuse it */
            while (k + 1 < n_out && t_out[k + 1] == t_out[k])
                (*at)[++k] = m - 1;
            continue;
        }
        if (m > 0 && (*merged)[m - 1].t_h == t_out[k]) {
            (*at)[k] = m - 1;
            continue;
        }
        const cnsim_pd_drivers *a = &ds[i - 1], *b = &ds[i];
        double h = b->t_h - a->t_h, u = (t_out[k] - a->t_h) / h, u2 = u * u, u3 = u2 * u;
        double h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u, h01 = -2 * u3 + 3 * u2, h11 = u3 - u2;
        double d00 = (6 * u2 - 6 * u) / h, d10 = 3 * u2 - 4 * u + 1, d01 = (-6 * u2 + 6 * u) / h, d11 = 3 * u2 - 2 * u;
        cnsim_pd_drivers x = {.t_h = t_out[k]};
        x.drive = fmin(fmax(h00 * a->drive + h * h10 * a->d_drive + h01 * b->drive + h * h11 * b->d_drive, 0), 1);
        x.sert = fmin(fmax(h00 * a->sert + h * h10 * a->d_sert + h01 * b->sert + h * h11 * b->d_sert, 0), 1);
        x.d_drive = d00 * a->drive + d10 * a->d_drive + d01 * b->drive + d11 * b->d_drive;
        x.d_sert = d00 * a->sert + d10 * a->d_sert + d01 * b->sert + d11 * b->d_sert;
        x.bzd_occupancy = a->bzd_occupancy + u * (b->bzd_occupancy - a->bzd_occupancy);
        (*at)[k] = m;
        (*merged)[m++] = x;
    }
    while (i < n)
        (*merged)[m++] = ds[i++];
    *n_merged = m;
    return CNSIM_OK;
}

static cnsim_status integrate_at_times(const cnsim_pd_system_params *s, const cnsim_pd_drivers *ds, size_t n,
                                       const double *t_out, size_t n_out, cnsim_pd_state *out)
{
    cnsim_pd_drivers *m = NULL;
    size_t n_m = 0, *at = NULL;
    cnsim_status st = merge(ds, n, t_out, n_out, &m, &n_m, &at);
    if (st == CNSIM_OK)
        st = cnsim_pd_integrate(s, NULL, m, n_m, at, n_out, out, NULL);
    free(m), free(at);
    return st;
}

cnsim_status cnsim_pd_adapt(const cnsim_pd_system_params *s, const double *t_h,
                            size_t n, const double *drive, const double *sert,
                            const double *t_out, size_t n_out,
                            cnsim_pd_state *out)
{
    cnsim__clear_error();
    cnsim_status st = cnsim_pd_system_check(s);
    if (st != CNSIM_OK || n == 0 || n_out == 0)
        return st;
    cnsim_pd_drivers *ds = malloc(n * sizeof *ds);
    if (!ds)
        return cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamics: out of memory for %zu samples", n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t_h[i]) || (i > 0 && t_h[i] < t_h[i - 1])) {
            free(ds);
            return cnsim__fail(CNSIM_E_ARG, "pharmacodynamics: time %zu (%g h) is not finite or goes backwards", i, t_h[i]);
        }
        ds[i] = (cnsim_pd_drivers){.t_h = t_h[i], .drive = drive ? drive[i] : 0, .sert = sert ? sert[i] : 0,
                                   .d_drive = slope(t_h, drive, n, i), .d_sert = slope(t_h, sert, n, i)};
    }
    st = integrate_at_times(s, ds, n, t_out, n_out, out);
    free(ds);
    return st;
}

cnsim_status cnsim_pd_run(const cnsim_pd_system_params *s,
                          const cnsim_pd_drug_params *drugs, size_t n_drugs,
                          const double *t_h, size_t n_t, const double *conc,
                          const double *t_out, size_t n_out,
                          cnsim_pd_state *out)
{
    cnsim__clear_error();
    cnsim_status st;
    for (size_t j = 0; j < n_drugs; j++)
        if ((st = cnsim_pd_drug_check(&drugs[j])) != CNSIM_OK)
            return st;
    if (n_t == 0 || n_out == 0)
        return CNSIM_OK;
    double *c = malloc(n_t * sizeof *c), *ce = calloc(n_t * n_drugs, sizeof *ce);
    double *dce = calloc(n_t * n_drugs, sizeof *dce);
    cnsim_pd_drivers *ds = malloc(n_t * sizeof *ds);
    if (!c || !ce || !dce || !ds) {
        st = cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamics: out of memory for %zu samples", n_t);
        goto done;
    }
    for (size_t j = 0; j < n_drugs; j++) {
        if (drugs[j].target == CNSIM_PD_TARGET_NONE)
            continue;
        for (size_t i = 0; i < n_t; i++) {
            c[i] = conc[i * n_drugs + j];
            if (!isfinite(c[i]) || c[i] < -1e-9) {
                st = cnsim__fail(CNSIM_E_RANGE, "pharmacodynamics: %s concentration %g ng/mL at t = %g h; expected a finite value >= 0", drugs[j].name, c[i], t_h[i]);
                goto done;
            }
            if (c[i] < 0)
                c[i] = 0; /* solver round-off below zero */
        }
        /* The effect site from the samples (C linear between them); its
         * slope at each sample is exact given C there. */
        double *cej = malloc(n_t * sizeof *cej);
        if (!cej) {
            st = cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamics: out of memory");
            goto done;
        }
        cnsim_pd_effect_site(t_h, c, n_t, drugs[j].ke0_per_h, c[0], cej);
        for (size_t i = 0; i < n_t; i++) {
            ce[i * n_drugs + j] = cej[i];
            dce[i * n_drugs + j] = drugs[j].ke0_per_h * (c[i] - cej[i]);
        }
        free(cej);
    }
    for (size_t i = 0; i < n_t; i++)
        cnsim_pd_drivers_at(drugs, n_drugs, t_h[i], ce + i * n_drugs, dce + i * n_drugs, &ds[i]);
    st = integrate_at_times(s, ds, n_t, t_out, n_out, out);
done:
    free(c), free(ce), free(dce), free(ds);
    return st;
}

/* Peak, onset and time above the threshold of the index at byte offset
 * `off` of the states. */
static void summarize(const double *t_h, const cnsim_pd_state *st, size_t n, double threshold, size_t off,
                      cnsim_pd_withdrawal_summary *out)
{
#define IDX(i) (*(const double *)((const char *)&st[i] + off))
    out->peak = 0;
    out->peak_time_h = NAN;
    out->hours_above = 0;
    out->threshold = threshold;
    out->onset_time_h = NAN;
    for (size_t i = 0; i < n; i++) {
        double w = IDX(i);
        if (w > out->peak) {
            out->peak = w;
            out->peak_time_h = t_h[i];
        }
        if (w > threshold && isnan(out->onset_time_h))
            out->onset_time_h = t_h[i];
        if (i > 0) {
            /* Time above the threshold, with linear crossings. */
            double a = IDX(i - 1) - threshold, b = w - threshold, h = t_h[i] - t_h[i - 1];
            if (a > 0 && b > 0)
                out->hours_above += h;
            else if (a > 0 || b > 0)
                out->hours_above += h * (a > 0 ? a : b) / fabs(a - b);
        }
    }
#undef IDX
}

void cnsim_pd_withdrawal_summarize(const double *t_h, const cnsim_pd_state *st,
                                   size_t n, double threshold,
                                   cnsim_pd_withdrawal_summary *out)
{
    summarize(t_h, st, n, threshold, offsetof(cnsim_pd_state, withdrawal), out);
}

void cnsim_pd_discontinuation_summarize(const double *t_h, const cnsim_pd_state *st,
                                        size_t n, double threshold,
                                        cnsim_pd_withdrawal_summary *out)
{
    summarize(t_h, st, n, threshold, offsetof(cnsim_pd_state, ssri_discontinuation), out);
}
