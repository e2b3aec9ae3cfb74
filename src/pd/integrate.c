/* The slow pharmacodynamic states: tolerance per effect, GABA-A adaptation
 * (dependence) and 5-HT1A autoreceptor sensitivity, driven by receptor
 * occupancy. Equations: docs/models.md, sections 3-5.
 *
 * Every slow state relaxes toward a target set by the current drug effect,
 * x' = k (T(t) - x): the moderator form of Ekblad & Licko 1984 (Am J
 * Physiol 246:R114) and Porchet et al. 1988 (J Pharmacol Exp Ther 244:231),
 * with per-effect rates so sedation adapts faster than anxiolysis.
 *
 * Two integrators on the same equations and drivers:
 *  - exponential (default): over a step of length h the relaxation is
 *    solved exactly, x1 = e^{-kh} x0 + int_0^h k e^{-k(h-s)} T(s) ds, with
 *    T(s) the cubic Hermite polynomial through the target's values and
 *    time derivatives at both ends (both known exactly from the effect
 *    sites), whose integral against the exponential kernel has four
 *    weights computed once per (k, h). Local error O(k h^5 T''''), so the
 *    0.05 h grid is far below any other error in the chain, and the cost
 *    is a few multiplications per state and sample (no step-size control,
 *    no Newton iteration). The 5-HT1A target depends on the state itself:
 *    the same rule, made implicit by fixed-point passes (contraction
 *    factor k h ~ 2e-4).
 *  - CVODE: SUNDIALS BDF with the drivers themselves interpolated by cubic
 *    Hermite polynomials and the targets computed from them, under the
 *    caller's tolerances: the reference that checks the default.
 * Until 2026-12 the states were integrated by CVODE only, with drivers
 * interpolated linearly from 0.05 h samples; the exponential rule replaced
 * it for speed (a 12-week run: 75 M instructions -> under 10 M) and took
 * the exact driver derivatives for accuracy. */
#include <cvode/cvode.h>
#include <math.h>
#include <nvector/nvector_serial.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include "cnsim/pd.h"
#include "cnsim/pk.h"
#include "core_impl.h"

enum { Y_TOL_ANX, Y_TOL_SED, Y_TOL_CONV, Y_ADAPT, Y_AUTO, Y_DEP, Y_AD, Y_SERT_ADAPT, N_Y };

cnsim_pd_opts cnsim_pd_opts_default(void)
{
    cnsim_pd_opts o;
    o.kind = CNSIM_PD_SOLVER_EXPONENTIAL;
    o.step_h = CNSIM_FINE_STEP_H;
    o.max_step_h = 1;
    o.rtol = 1e-6;
    o.atol = 1e-10;
    o.max_steps = 1000000;
    return o;
}

const char *cnsim_pd_solver_name(cnsim_pd_solver_kind k)
{
    return k == CNSIM_PD_SOLVER_CVODE ? "cvode" : "exponential";
}

cnsim_status cnsim_pd_solver_parse(const char *name, const char *field, cnsim_pd_solver_kind *out)
{
    cnsim__clear_error();
    if (name && !strcmp(name, "exponential"))
        *out = CNSIM_PD_SOLVER_EXPONENTIAL;
    else if (name && !strcmp(name, "cvode"))
        *out = CNSIM_PD_SOLVER_CVODE;
    else
        return cnsim__fail(CNSIM_E_ARG, "%s: '%s' is not a PD solver; expected exponential or cvode", field,
                           name ? name : "");
    return CNSIM_OK;
}

cnsim_status cnsim_pd_opts_check(const cnsim_pd_opts *o)
{
    cnsim__clear_error();
    if (o->kind != CNSIM_PD_SOLVER_EXPONENTIAL && o->kind != CNSIM_PD_SOLVER_CVODE)
        return cnsim__fail(CNSIM_E_ARG, "PD solver %d; expected exponential or cvode", (int)o->kind);
    /* Past an hour the drivers of an oral dose are no longer a cubic
     * between samples, and the Hermite rule would say little. */
    if (!(o->step_h >= 1e-4 && o->step_h <= 1))
        return cnsim__fail(CNSIM_E_RANGE, "PD step %g h; expected 0.0001 to 1 h (default %g h)", o->step_h,
                           CNSIM_FINE_STEP_H);
    /* The slow states' fastest time constant is days; a day's step keeps
     * k h below 0.25, where the Gauss weights are exact to 1e-12. */
    if (!(o->max_step_h >= o->step_h && o->max_step_h <= 24))
        return cnsim__fail(CNSIM_E_RANGE, "PD max step %g h; expected the PD step (%g h) to 24 h (default 1 h)",
                           o->max_step_h, o->step_h);
    if (!(o->rtol > 0 && o->rtol < 1))
        return cnsim__fail(CNSIM_E_RANGE, "PD rtol %g; expected 0 < rtol < 1", o->rtol);
    if (!(o->atol > 0 && o->atol < 1))
        return cnsim__fail(CNSIM_E_RANGE, "PD atol %g; expected 0 < atol < 1 (the states are fractions)", o->atol);
    if (o->max_steps <= 0)
        return cnsim__fail(CNSIM_E_RANGE, "PD max_steps %ld; expected > 0", o->max_steps);
    return CNSIM_OK;
}

cnsim_status cnsim_pd_system_check(const cnsim_pd_system_params *s)
{
    cnsim__clear_error();
#define NEED(cond, field, what)                                                     \
    if (!(cond))                                                                    \
        return cnsim__fail(CNSIM_E_RANGE, "PD system parameter %s = %g; expected %s", \
                           #field, s->field, what)
    NEED(s->gabaa_mmax >= 1 && s->gabaa_mmax <= 10, gabaa_mmax, "1 to 10 (fold change in opening frequency)");
    NEED(s->anx_ec50_occ > 0 && s->anx_ec50_occ < 1, anx_ec50_occ, "an occupancy between 0 and 1");
    NEED(s->sed_ec50_occ > 0 && s->sed_ec50_occ < 1, sed_ec50_occ, "an occupancy between 0 and 1");
    NEED(s->conv_ec50_occ > 0 && s->conv_ec50_occ < 1, conv_ec50_occ, "an occupancy between 0 and 1");
    NEED(s->anx_hill >= 0.5 && s->anx_hill <= 5, anx_hill, "a Hill coefficient between 0.5 and 5");
    NEED(s->sed_hill >= 0.5 && s->sed_hill <= 5, sed_hill, "a Hill coefficient between 0.5 and 5");
    NEED(s->conv_hill >= 0.5 && s->conv_hill <= 5, conv_hill, "a Hill coefficient between 0.5 and 5");
    NEED(s->ad_hill >= 0.5 && s->ad_hill <= 5, ad_hill, "a Hill coefficient between 0.5 and 5");
    NEED(s->tol_sed_t_half_h > 0, tol_sed_t_half_h, "> 0 h");
    NEED(s->tol_anx_t_half_h > 0, tol_anx_t_half_h, "> 0 h");
    NEED(s->tol_conv_t_half_h > 0, tol_conv_t_half_h, "> 0 h");
    NEED(s->dep_t_half_on_h > 0, dep_t_half_on_h, "> 0 h");
    NEED(s->dep_t_half_off_h > 0, dep_t_half_off_h, "> 0 h");
    NEED(s->auto_t_half_h > 0, auto_t_half_h, "> 0 h");
    NEED(s->tol_sed_max >= 0 && s->tol_sed_max < 1, tol_sed_max, "a fraction in [0, 1)");
    NEED(s->tol_anx_max >= 0 && s->tol_anx_max < 1, tol_anx_max, "a fraction in [0, 1)");
    NEED(s->tol_conv_max >= 0 && s->tol_conv_max < 1, tol_conv_max, "a fraction in [0, 1)");
    NEED(s->dep_max >= 0 && s->dep_max < 1, dep_max, "a fraction in [0, 1)");
    NEED(s->auto_min > 0 && s->auto_min <= 1, auto_min, "a fraction in (0, 1]");
    NEED(s->auto_gain >= 0 && s->auto_gain <= 100, auto_gain, "0 to 100");
    NEED(s->auto_e50 > 0, auto_e50, "> 0");
    NEED(s->sert_nonsert_clearance > 0 && s->sert_nonsert_clearance <= 10, sert_nonsert_clearance, "0 to 10");
    NEED(s->ad_ec50 > 0, ad_ec50, "> 0");
    NEED(s->tol_drive_ec50_occ > 0 && s->tol_drive_ec50_occ < 1, tol_drive_ec50_occ, "an occupancy between 0 and 1");
    NEED(s->withdrawal_threshold > 0 && s->withdrawal_threshold < 1, withdrawal_threshold, "between 0 and 1");
    NEED(s->dep_slow_t_half_on_h > 0, dep_slow_t_half_on_h, "> 0 h");
    NEED(s->dep_slow_t_half_off_h > 0, dep_slow_t_half_off_h, "> 0 h");
    NEED(s->ad_t_half_on_h > 0, ad_t_half_on_h, "> 0 h");
    NEED(s->ad_t_half_off_h > 0, ad_t_half_off_h, "> 0 h");
    NEED(s->ssri_adapt_t_half_on_h > 0, ssri_adapt_t_half_on_h, "> 0 h");
    NEED(s->ssri_adapt_t_half_off_h > 0, ssri_adapt_t_half_off_h, "> 0 h");
    NEED(s->ssri_disc_threshold > 0 && s->ssri_disc_threshold < 1, ssri_disc_threshold, "between 0 and 1");
#undef NEED
    return CNSIM_OK;
}

/* u^n for the Hill function: the coefficients the registry uses (1, 1.5,
 * 2, 3) by multiplications and a square root, others as exp(n log u);
 * this sits in the per-step loop. */
static double hill_pow(double u, double n)
{
    if (n == 1)
        return u;
    if (n == 1.5)
        return u * sqrt(u);
    if (n == 2)
        return u * u;
    if (n == 3)
        return u * u * u;
    return exp(n * log(u));
}

/* Hill function of x and its derivative d/dx. */
static double hill(double x, double ec50, double n, double *dh)
{
    if (!(x > 0)) {
        if (dh)
            *dh = 0;
        return 0;
    }
    double r = hill_pow(x / ec50, n), h = r / (1 + r);
    if (dh)
        *dh = n * h * (1 - h) / x;
    return h;
}

double cnsim_pd_hill(double x, double ec50, double n)
{
    return hill(x, ec50, n, NULL);
}

/* Raphe firing F under SERT occupancy o and autoreceptor sensitivity s.
 * 5-HT in the raphe is e = F a, a = (1 + k)/(1 - o + k) (uptake blocked,
 * non-SERT clearance k); firing is inhibited by autoreceptors,
 * F = 1/(1 + g s (e - 1)), which is the quadratic g s a F^2 + (1 - g s) F
 * - 1 = 0, solved in its cancellation-free form. Blier & de Montigny 1994. */
static double firing(const cnsim_pd_system_params *p, double o, double s, double *a_out)
{
    double k = p->sert_nonsert_clearance;
    double a = (1 + k) / (1 - o + k);
    double gs = p->auto_gain * s;
    double b = 1 - gs;
    if (a_out)
        *a_out = a;
    return 2 / (b + sqrt(b * b + 4 * gs * a));
}

/* Net 5-HT tone T = F a at occupancy o and sensitivity s. */
static double tone(const cnsim_pd_system_params *p, double o, double s)
{
    double a, f = firing(p, o, s, &a);
    return f * a;
}

/* The antidepressant drive H(T - 1) and its time derivative along
 * (o', s'), the latter by a central difference over 1e-4 h (the tone is
 * smooth in both; the error, ~1e-8 of the slope, is far below the
 * Hermite rule's). */
static double ad_drive(const cnsim_pd_system_params *p, double o, double s, double d_o, double d_s, double *dT)
{
    double h = hill(tone(p, o, s) - 1, p->ad_ec50, p->ad_hill, NULL);
    if (dT) {
        const double e = 1e-4;
        double op = fmin(fmax(o + e * d_o, 0), 1), om = fmin(fmax(o - e * d_o, 0), 1);
        double sp = fmax(s + e * d_s, 1e-9), sm = fmax(s - e * d_s, 1e-9);
        *dT = (hill(tone(p, op, sp) - 1, p->ad_ec50, p->ad_hill, NULL) -
               hill(tone(p, om, sm) - 1, p->ad_ec50, p->ad_hill, NULL)) / (2 * e);
    }
    return h;
}

/* Equilibrium autoreceptor sensitivity for occupancy o at sensitivity s
 * (the target of the 5-HT1A state), with its partial derivatives. */
static double auto_target(const cnsim_pd_system_params *p, double o, double s, double *d_do, double *d_ds)
{
    double kn = p->sert_nonsert_clearance, g = p->auto_gain;
    double a = (1 + kn) / (1 - o + kn), da_do = a / (1 - o + kn);
    double b = 1 - g * s, q = sqrt(b * b + 4 * g * s * a), D = b + q, F = 2 / D;
    double dD_ds = -g + (-b * g + 2 * g * a) / q, dD_da = 2 * g * s / q;
    double dF_ds = -2 / (D * D) * dD_ds, dF_da = -2 / (D * D) * dD_da;
    double x = F * a - 1;
    double dx_do = F * da_do + a * dF_da * da_do, dx_ds = a * dF_ds;
    if (x < 0)
        x = 0, dx_do = dx_ds = 0;
    double e = p->auto_e50, c = (1 - p->auto_min);
    double t = 1 - c * x / (x + e), dt_dx = -c * e / ((x + e) * (x + e));
    if (d_do)
        *d_do = dt_dx * dx_do;
    if (d_ds)
        *d_ds = dt_dx * dx_ds;
    return t;
}

/* Targets of the four states driven by the benzodiazepine site, and their
 * time derivatives: tolerance M_e g(phi) with g = phi/(phi + EC50_drive),
 * adaptation D hill(phi). */
static void bzd_targets(const cnsim_pd_system_params *p, double phi, double dphi, double T[4], double dT[4])
{
    double g = phi > 0 ? phi / (phi + p->tol_drive_ec50_occ) : 0;
    double dg = phi > 0 ? p->tol_drive_ec50_occ / ((phi + p->tol_drive_ec50_occ) * (phi + p->tol_drive_ec50_occ)) : 0;
    double dh, h = hill(phi, p->conv_ec50_occ, p->conv_hill, &dh);
    T[Y_TOL_ANX] = p->tol_anx_max * g, dT[Y_TOL_ANX] = p->tol_anx_max * dg * dphi;
    T[Y_TOL_SED] = p->tol_sed_max * g, dT[Y_TOL_SED] = p->tol_sed_max * dg * dphi;
    T[Y_TOL_CONV] = p->tol_conv_max * g, dT[Y_TOL_CONV] = p->tol_conv_max * dg * dphi;
    T[Y_ADAPT] = p->dep_max * h, dT[Y_ADAPT] = p->dep_max * dh * dphi;
}

static void fill(const cnsim_pd_system_params *p, const cnsim_pd_drivers *d, const double *y,
                 cnsim_pd_state *s)
{
    double phi = d->drive, o = d->sert;
    s->bzd_occupancy = d->bzd_occupancy;
    s->bzd_drive = phi;
    s->modulation_factor = 1 + (p->gabaa_mmax - 1) * phi;
    s->tol_anx = y[Y_TOL_ANX];
    s->tol_sed = y[Y_TOL_SED];
    s->tol_conv = y[Y_TOL_CONV];
    s->anxiolysis = hill(phi, p->anx_ec50_occ, p->anx_hill, NULL) * (1 - y[Y_TOL_ANX]);
    s->sedation = hill(phi, p->sed_ec50_occ, p->sed_hill, NULL) * (1 - y[Y_TOL_SED]);
    double conv = hill(phi, p->conv_ec50_occ, p->conv_hill, NULL);
    s->anticonvulsant = conv * (1 - y[Y_TOL_CONV]);
    s->adaptation = y[Y_DEP];
    s->adaptation_fast = y[Y_ADAPT];
    s->withdrawal = y[Y_DEP] > conv ? y[Y_DEP] - conv : 0;
    /* The network sees the receptor-reserve-amplified drug effect net of
     * adaptation, on the scale of the opening-frequency multiplier: 1 at
     * baseline, up to Mmax with full effect, below 1 when the adapted
     * state outweighs the drug (withdrawal). docs/models.md, section 3. */
    s->effective_modulation = 1 + (p->gabaa_mmax - 1) * (conv - y[Y_DEP]);
    s->sert_occupancy = o;
    s->autoreceptor_sensitivity = y[Y_AUTO];
    double a;
    s->firing = firing(p, o, y[Y_AUTO], &a);
    s->serotonin_tone = s->firing * a;
    s->antidepressant_drive = hill(s->serotonin_tone - 1, p->ad_ec50, p->ad_hill, NULL);
    s->antidepressant = y[Y_AD];
    s->sert_adapted = y[Y_SERT_ADAPT];
    s->ssri_discontinuation = y[Y_SERT_ADAPT] > o ? y[Y_SERT_ADAPT] - o : 0;
}

/* States must stay in their ranges; leaving them is a solver failure with
 * the time, never a NaN in the output. */
static cnsim_status check_state(const double *y, double t)
{
    static const char *names[N_Y] = {"anxiolytic tolerance", "sedative tolerance",
                                      "anticonvulsant tolerance", "GABA-A adaptation",
                                      "5-HT1A autoreceptor sensitivity", "GABA-A dependence",
                                      "antidepressant effect", "adapted SERT occupancy"};
    for (int i = 0; i < N_Y; i++)
        if (!isfinite(y[i]) || y[i] < -1e-9 || y[i] > 1 + 1e-9)
            return cnsim__fail(CNSIM_E_SOLVER, "pharmacodynamics: %s = %g at t = %g h left its range [0, 1]", names[i], y[i], t);
    return CNSIM_OK;
}

static cnsim_status check_drivers(const cnsim_pd_drivers *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(d[i].t_h) || (i > 0 && d[i].t_h < d[i - 1].t_h))
            return cnsim__fail(CNSIM_E_ARG, "pharmacodynamics: time %zu (%g h) is not finite or goes backwards", i, d[i].t_h);
        if (!(d[i].drive >= 0 && d[i].drive <= 1) || !(d[i].sert >= 0 && d[i].sert <= 1))
            return cnsim__fail(CNSIM_E_RANGE, "pharmacodynamics: occupancy at t = %g h is %g; expected 0..1", d[i].t_h,
                               !(d[i].drive >= 0 && d[i].drive <= 1) ? d[i].drive : d[i].sert);
        if (!isfinite(d[i].d_drive) || !isfinite(d[i].d_sert))
            return cnsim__fail(CNSIM_E_RANGE, "pharmacodynamics: occupancy slope at t = %g h is not finite", d[i].t_h);
    }
    return CNSIM_OK;
}

/* ---- exponential integrator ------------------------------------------ */

enum { R_ANX, R_SED, R_CONV, R_ON, R_OFF, R_AUTO, R_DEP_ON, R_DEP_OFF, R_AD_ON, R_AD_OFF, R_SA_ON, R_SA_OFF, N_R };

/* Weights of int_0^h k e^{-k(h-s)} P(s) ds for the cubic Hermite P with
 * values T0, T1 and slopes T0', T1': E = e^{-kh} and
 * I = w00 T0 + w01 T1 + h (w10 T0' + w11 T1'). */
typedef struct { double E, w00, w01, w10, w11; } hweights;
typedef struct { double h; hweights w[N_R]; } wset;

static void weights(double z, hweights *w)
{
    /* 8-point Gauss-Legendre on [0, 1]: exact for the polynomial factor,
     * and for z = k h <= 1 the exponential's Taylor tail beyond degree 7
     * is below 1e-12 of the result. */
    static const double x[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
    static const double g[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
    w->E = exp(-z);
    w->w00 = w->w01 = w->w10 = w->w11 = 0;
    /* A state faster than the step (the antidepressant effect's 6 h rise
     * under a long --pd-max-step) gets a composite rule, one panel per
     * unit of z, so each panel keeps z <= 1. */
    int m = z > 1 ? (int)ceil(z) : 1;
    for (int i = 0; i < 8 * m; i++) {
        int q = i / 8, r = i % 8;
        double u = (q + 0.5 * (1 + (r < 4 ? -x[r] : x[r - 4]))) / m, wt = 0.5 * g[r < 4 ? r : r - 4] / m;
        double k = wt * z * exp(-z * (1 - u));
        double u2 = u * u, u3 = u2 * u;
        w->w00 += k * (2 * u3 - 3 * u2 + 1);
        w->w10 += k * (u3 - 2 * u2 + u);
        w->w01 += k * (-2 * u3 + 3 * u2);
        w->w11 += k * (u3 - u2);
    }
}

static void weight_set(const double rate[N_R], double h, wset *ws)
{
    ws->h = h;
    for (int r = 0; r < N_R; r++)
        weights(rate[r] * h, &ws->w[r]);
}

static double advance(const hweights *w, double y, double h, double T0, double dT0, double T1, double dT1)
{
    /* Where the target rises or falls through the whole step, its slopes
     * are kept within the Fritsch-Carlson region (Fritsch & Carlson 1980,
     * SIAM J Numer Anal 17:238), so the cubic is monotone and cannot carry
     * the target past its end values (and a state past its range). Smooth,
     * well-sampled drivers have slopes near the secant and are untouched. */
    double sec = (T1 - T0) / h;
    if (sec != 0 && dT0 * sec >= 0 && dT1 * sec >= 0) {
        double a = dT0 / sec, b = dT1 / sec, r = a * a + b * b;
        if (r > 9) {
            double c = 3 / sqrt(r);
            dT0 *= c, dT1 *= c;
        }
    }
    return w->E * y + w->w00 * T0 + w->w01 * T1 + h * (w->w10 * dT0 + w->w11 * dT1);
}

/* One step of the 5-HT1A state, implicit in its target: s1 from s0 with
 * the target f0 (slope df0) at the start. The predictor extrapolates the
 * state with its own slope (error O(h^2 s'')); each corrector pass takes
 * the target at the predicted end and shrinks the error by k h (4e-3 at
 * 1 h): one pass on steps with k h below 1e-3, two above. Leaves the
 * target and slope at the end in *f1, *df1 for the next step. */
static double auto_step(const cnsim_pd_system_params *p, const hweights *w, double rate, double h, double s0,
                        double f0, double df0, const cnsim_pd_drivers *d1, double *f1, double *df1)
{
    double ds_do, ds_ds;
    double s1 = s0 + h * rate * (f0 - s0);
    for (int pass = rate * h > 1e-3 ? 2 : 1; pass > 0; pass--) {
        *f1 = auto_target(p, d1->sert, s1, &ds_do, &ds_ds);
        *df1 = ds_do * d1->d_sert + ds_ds * rate * (*f1 - s1);
        s1 = advance(w, s0, h, f0, df0, *f1, *df1);
    }
    return s1;
}

/* One step of the GABA-A adaptation, which builds at one rate and recovers
 * at another: the target's side at the start picks the rate; if the state
 * ends on the other side, the step is split where target and state meet
 * (linear in their difference), each part with its own rate and the
 * target's Hermite value and slope at the split. */
static double adapt_step(const hweights *w_on, const hweights *w_off, double r_on, double r_off, double h, double y0,
                         double T0, double dT0, double T1, double dT1)
{
    int on = T0 >= y0;
    double y1 = advance(on ? w_on : w_off, y0, h, T0, dT0, T1, dT1);
    if ((T1 >= y1) == on)
        return y1;
    double g0 = T0 - y0, g1 = T1 - y1, u = g0 / (g0 - g1);
    if (!(u > 1e-9 && u < 1 - 1e-9))
        return y1;
    double u2 = u * u, u3 = u2 * u;
    double Tm = (2 * u3 - 3 * u2 + 1) * T0 + h * (u3 - 2 * u2 + u) * dT0 + (-2 * u3 + 3 * u2) * T1 + h * (u3 - u2) * dT1;
    double dTm = (6 * u2 - 6 * u) / h * T0 + (3 * u2 - 4 * u + 1) * dT0 + (-6 * u2 + 6 * u) / h * T1 + (3 * u2 - 2 * u) * dT1;
    hweights a, b;
    weights((on ? r_on : r_off) * u * h, &a);
    weights((on ? r_off : r_on) * (1 - u) * h, &b);
    double ym = advance(&a, y0, u * h, T0, dT0, Tm, dTm);
    return advance(&b, ym, (1 - u) * h, Tm, dTm, T1, dT1);
}

static cnsim_status integrate_exp(const cnsim_pd_system_params *p, const cnsim_pd_opts *o,
                                  const cnsim_pd_drivers *d, size_t n, const size_t *at, size_t n_at,
                                  cnsim_pd_state *out, cnsim_pd_stats *stats)
{
    const double ln2 = log(2.0);
    double rate[N_R] = {ln2 / p->tol_anx_t_half_h, ln2 / p->tol_sed_t_half_h, ln2 / p->tol_conv_t_half_h,
                        ln2 / p->dep_t_half_on_h, ln2 / p->dep_t_half_off_h, ln2 / p->auto_t_half_h,
                        ln2 / p->dep_slow_t_half_on_h, ln2 / p->dep_slow_t_half_off_h,
                        ln2 / p->ad_t_half_on_h, ln2 / p->ad_t_half_off_h,
                        ln2 / p->ssri_adapt_t_half_on_h, ln2 / p->ssri_adapt_t_half_off_h};
    /* Weights per step length: the nodes lie on a lattice of the fine
     * step, so a run has a few distinct steps; kept round-robin. */
    enum { N_WCACHE = 32 };
    wset cache[N_WCACHE];
    size_t n_cache = 0, next_slot = 0, last = 0;
    /* States that nothing drives stay where they start (0; the 5-HT1A
     * sensitivity at 1 with its target 1 when SERT is free). */
    int any_bzd = 0, any_sert = 0;
    for (size_t i = 0; i < n; i++) {
        any_bzd |= d[i].drive != 0 || d[i].d_drive != 0;
        any_sert |= d[i].sert != 0 || d[i].d_sert != 0;
    }
    double y[N_Y] = {0, 0, 0, 0, 1, 0, 0, 0};
    double T0[4] = {0}, dT0[4] = {0}, T1[4] = {0}, dT1[4] = {0};
    /* The antidepressant effect's target (its drive) and slope at the
     * step's start. */
    double g0 = 0, dg0 = 0;
    if (any_bzd)
        bzd_targets(p, d[0].drive, d[0].d_drive, T0, dT0);
    double ds_do, ds_ds;
    double f0 = 1, df0 = 0;
    if (any_sert) {
        f0 = auto_target(p, d[0].sert, y[Y_AUTO], &ds_do, &ds_ds);
        df0 = ds_do * d[0].d_sert + ds_ds * rate[R_AUTO] * (f0 - y[Y_AUTO]);
    }
    if (any_sert)
        g0 = ad_drive(p, d[0].sert, y[Y_AUTO], d[0].d_sert, rate[R_AUTO] * (f0 - y[Y_AUTO]), &dg0);
    size_t j = 0;
    while (j < n_at && at[j] == 0)
        fill(p, &d[0], y, &out[j++]);
    long steps = 0;
    for (size_t i = 0; i + 1 < n && j < n_at; i++) {
        double h = d[i + 1].t_h - d[i].t_h;
        if (any_bzd)
            bzd_targets(p, d[i + 1].drive, d[i + 1].d_drive, T1, dT1);
        if (h > 0) {
            if (!n_cache || fabs(h - cache[last].h) > 1e-12 * h) {
                size_t k = 0;
                while (k < n_cache && fabs(h - cache[k].h) > 1e-12 * h)
                    k++;
                if (k == n_cache) {
                    k = next_slot;
                    next_slot = (next_slot + 1) % N_WCACHE;
                    if (n_cache < N_WCACHE)
                        n_cache++;
                    weight_set(rate, h, &cache[k]);
                }
                last = k;
            }
            const wset *ws = &cache[last];
            if (any_bzd) {
                for (int s = Y_TOL_ANX; s <= Y_TOL_CONV; s++)
                    y[s] = advance(&ws->w[s], y[s], h, T0[s], dT0[s], T1[s], dT1[s]);
                y[Y_ADAPT] = adapt_step(&ws->w[R_ON], &ws->w[R_OFF], rate[R_ON], rate[R_OFF], h, y[Y_ADAPT],
                                        T0[Y_ADAPT], dT0[Y_ADAPT], T1[Y_ADAPT], dT1[Y_ADAPT]);
                y[Y_DEP] = adapt_step(&ws->w[R_DEP_ON], &ws->w[R_DEP_OFF], rate[R_DEP_ON], rate[R_DEP_OFF], h,
                                      y[Y_DEP], T0[Y_ADAPT], dT0[Y_ADAPT], T1[Y_ADAPT], dT1[Y_ADAPT]);
            }
            if (any_sert) {
                y[Y_SERT_ADAPT] = adapt_step(&ws->w[R_SA_ON], &ws->w[R_SA_OFF], rate[R_SA_ON], rate[R_SA_OFF], h,
                                             y[Y_SERT_ADAPT], d[i].sert, d[i].d_sert, d[i + 1].sert, d[i + 1].d_sert);
                y[Y_AUTO] = auto_step(p, &ws->w[R_AUTO], rate[R_AUTO], h, y[Y_AUTO], f0, df0, &d[i + 1], &f0, &df0);
                double g1, dg1;
                g1 = ad_drive(p, d[i + 1].sert, y[Y_AUTO], d[i + 1].d_sert, rate[R_AUTO] * (f0 - y[Y_AUTO]), &dg1);
                y[Y_AD] = adapt_step(&ws->w[R_AD_ON], &ws->w[R_AD_OFF], rate[R_AD_ON], rate[R_AD_OFF], h, y[Y_AD],
                                     g0, dg0, g1, dg1);
                g0 = g1, dg0 = dg1;
            }
            steps++;
        } else if (any_sert) {
            /* Two samples at one time (before and after a dose): the
             * states are continuous, the slopes take the later ones. */
            f0 = auto_target(p, d[i + 1].sert, y[Y_AUTO], &ds_do, &ds_ds);
            df0 = ds_do * d[i + 1].d_sert + ds_ds * rate[R_AUTO] * (f0 - y[Y_AUTO]);
            g0 = ad_drive(p, d[i + 1].sert, y[Y_AUTO], d[i + 1].d_sert, rate[R_AUTO] * (f0 - y[Y_AUTO]), &dg0);
        }
        memcpy(T0, T1, sizeof T0);
        memcpy(dT0, dT1, sizeof dT0);
        /* The exact solution of each state stays within its target's
         * range; the check guards the arithmetic where it is reported. */
        if (j < n_at && at[j] == i + 1) {
            cnsim_status st = check_state(y, d[i + 1].t_h);
            if (st != CNSIM_OK)
                return st;
        }
        while (j < n_at && at[j] == i + 1)
            fill(p, &d[i + 1], y, &out[j++]);
    }
    if (stats)
        stats->n_steps = steps, stats->n_rhs = 0;
    return CNSIM_OK;
}

/* ---- CVODE reference ------------------------------------------------- */

typedef struct {
    const cnsim_pd_system_params *p;
    const cnsim_pd_drivers *d;
    size_t n, hint;
    char msg[400];
} cv_ctx;

/* Drivers at t by cubic Hermite interpolation of the samples. */
static void drivers_at(cv_ctx *c, double t, double *phi, double *o)
{
    size_t n = c->n, i = c->hint;
    if (i >= n - 1 || t < c->d[i].t_h || t > c->d[i + 1].t_h) {
        size_t lo = 0, hi = n - 1;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (c->d[mid].t_h <= t)
                lo = mid;
            else
                hi = mid;
        }
        i = lo;
        c->hint = i;
    }
    const cnsim_pd_drivers *a = &c->d[i], *b = &c->d[i + 1];
    double h = b->t_h - a->t_h;
    if (!(h > 0)) {
        *phi = b->drive, *o = b->sert;
        return;
    }
    double u = fmin(fmax((t - a->t_h) / h, 0), 1), u2 = u * u, u3 = u2 * u;
    double h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u, h01 = -2 * u3 + 3 * u2, h11 = u3 - u2;
    *phi = h00 * a->drive + h * h10 * a->d_drive + h01 * b->drive + h * h11 * b->d_drive;
    *o = h00 * a->sert + h * h10 * a->d_sert + h01 * b->sert + h * h11 * b->d_sert;
    *phi = fmin(fmax(*phi, 0), 1);
    *o = fmin(fmax(*o, 0), 1);
}

static int rhs(realtype t, N_Vector yv, N_Vector dv, void *ud)
{
    cv_ctx *c = ud;
    const cnsim_pd_system_params *p = c->p;
    const double *y = N_VGetArrayPointer(yv);
    double *dy = N_VGetArrayPointer(dv);
    double phi, o, T[4], dT[4];
    drivers_at(c, t, &phi, &o);
    bzd_targets(p, phi, 0, T, dT);
    const double ln2 = log(2.0);
    dy[Y_TOL_ANX] = ln2 / p->tol_anx_t_half_h * (T[Y_TOL_ANX] - y[Y_TOL_ANX]);
    dy[Y_TOL_SED] = ln2 / p->tol_sed_t_half_h * (T[Y_TOL_SED] - y[Y_TOL_SED]);
    dy[Y_TOL_CONV] = ln2 / p->tol_conv_t_half_h * (T[Y_TOL_CONV] - y[Y_TOL_CONV]);
    double th = T[Y_ADAPT] >= y[Y_ADAPT] ? p->dep_t_half_on_h : p->dep_t_half_off_h;
    dy[Y_ADAPT] = ln2 / th * (T[Y_ADAPT] - y[Y_ADAPT]);
    dy[Y_AUTO] = ln2 / p->auto_t_half_h * (auto_target(p, o, y[Y_AUTO], NULL, NULL) - y[Y_AUTO]);
    th = T[Y_ADAPT] >= y[Y_DEP] ? p->dep_slow_t_half_on_h : p->dep_slow_t_half_off_h;
    dy[Y_DEP] = ln2 / th * (T[Y_ADAPT] - y[Y_DEP]);
    double g = ad_drive(p, o, y[Y_AUTO], 0, 0, NULL);
    th = g >= y[Y_AD] ? p->ad_t_half_on_h : p->ad_t_half_off_h;
    dy[Y_AD] = ln2 / th * (g - y[Y_AD]);
    th = o >= y[Y_SERT_ADAPT] ? p->ssri_adapt_t_half_on_h : p->ssri_adapt_t_half_off_h;
    dy[Y_SERT_ADAPT] = ln2 / th * (o - y[Y_SERT_ADAPT]);
    return 0;
}

static void err_handler(int code, const char *module, const char *function, char *msg, void *ud)
{
    cv_ctx *c = ud;
    snprintf(c->msg, sizeof c->msg, "%s %s (code %d): %s", module, function, code, msg);
}

static cnsim_status integrate_cvode(const cnsim_pd_system_params *p, const cnsim_pd_opts *o,
                                    const cnsim_pd_drivers *d, size_t n, const size_t *at, size_t n_at,
                                    cnsim_pd_state *out, cnsim_pd_stats *stats)
{
    double y0[N_Y] = {0, 0, 0, 0, 1, 0, 0, 0};
    size_t j = 0;
    while (j < n_at && at[j] == 0)
        fill(p, &d[0], y0, &out[j++]);
    if (j == n_at || d[n - 1].t_h <= d[0].t_h) {
        for (; j < n_at; j++)
            fill(p, &d[at[j]], y0, &out[j]);
        return CNSIM_OK;
    }
    cv_ctx c = {.p = p, .d = d, .n = n};
    cnsim_status st = CNSIM_OK;
    SUNContext ctx;
    if (SUNContext_Create(NULL, &ctx) != 0)
        return cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamics: no SUNDIALS context");
    N_Vector y = N_VNew_Serial(N_Y, ctx);
    void *mem = CVodeCreate(CV_BDF, ctx);
    SUNMatrix J = SUNDenseMatrix(N_Y, N_Y, ctx);
    SUNLinearSolver LS = y && J ? SUNLinSol_Dense(y, J, ctx) : NULL;
    if (!y || !mem || !J || !LS) {
        st = cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamics: out of memory for the solver");
        goto done;
    }
    memcpy(N_VGetArrayPointer(y), y0, sizeof y0);
    int rc = CVodeInit(mem, rhs, d[0].t_h, y);
    rc = rc ? rc : CVodeSetErrHandlerFn(mem, err_handler, &c);
    rc = rc ? rc : CVodeSetUserData(mem, &c);
    rc = rc ? rc : CVodeSStolerances(mem, o->rtol, o->atol);
    rc = rc ? rc : CVodeSetLinearSolver(mem, LS, J);
    rc = rc ? rc : CVodeSetMaxNumSteps(mem, o->max_steps);
    /* The drivers are only defined up to the last sample. */
    rc = rc ? rc : CVodeSetStopTime(mem, d[n - 1].t_h);
    if (rc == CV_MEM_FAIL || rc == CVLS_MEM_FAIL) {
        st = cnsim__fail(CNSIM_E_NOMEM, "pharmacodynamics: out of memory setting up the solver");
        goto done;
    }
    if (rc) {
        st = cnsim__fail(CNSIM_E_SOLVER, "pharmacodynamics: solver set-up failed: %s", c.msg);
        goto done;
    }
    double t_now = d[0].t_h;
    for (; j < n_at && st == CNSIM_OK; j++) {
        double tj = d[at[j]].t_h;
        realtype tret;
        if (tj > t_now) {
            rc = CVode(mem, tj, y, &tret, CV_NORMAL);
            if (rc < 0) {
                st = cnsim__fail(CNSIM_E_SOLVER, "pharmacodynamics: CVODE failed at t = %g h: %s", tj, c.msg);
                break;
            }
            t_now = tj;
        }
        const double *yy = t_now > d[0].t_h ? N_VGetArrayPointer(y) : y0;
        if ((st = check_state(yy, tj)) != CNSIM_OK)
            break;
        fill(p, &d[at[j]], yy, &out[j]);
    }
    if (stats) {
        long nst = 0, nfe = 0;
        CVodeGetNumSteps(mem, &nst);
        CVodeGetNumRhsEvals(mem, &nfe);
        stats->n_steps = nst, stats->n_rhs = nfe;
    }
done:
    if (mem)
        CVodeFree(&mem);
    if (LS)
        SUNLinSolFree(LS);
    if (J)
        SUNMatDestroy(J);
    if (y)
        N_VDestroy(y);
    SUNContext_Free(&ctx);
    return st;
}

cnsim_status cnsim_pd_integrate(const cnsim_pd_system_params *s, const cnsim_pd_opts *o,
                                const cnsim_pd_drivers *d, size_t n, const size_t *at, size_t n_at,
                                cnsim_pd_state *out, cnsim_pd_stats *stats)
{
    cnsim__clear_error();
    cnsim_pd_opts def = cnsim_pd_opts_default();
    if (!o)
        o = &def;
    cnsim_status st;
    if (stats)
        memset(stats, 0, sizeof *stats);
    if ((st = cnsim_pd_system_check(s)) != CNSIM_OK || (st = cnsim_pd_opts_check(o)) != CNSIM_OK)
        return st;
    if (n_at == 0)
        return CNSIM_OK;
    if (n == 0)
        return cnsim__fail(CNSIM_E_ARG, "pharmacodynamics: no driver samples");
    for (size_t j = 0; j < n_at; j++)
        if (at[j] >= n || (j > 0 && at[j] < at[j - 1]))
            return cnsim__fail(CNSIM_E_ARG, "pharmacodynamics: output sample %zu is out of range or goes backwards", at[j]);
    if ((st = check_drivers(d, n)) != CNSIM_OK)
        return st;
    return o->kind == CNSIM_PD_SOLVER_CVODE ? integrate_cvode(s, o, d, n, at, n_at, out, stats)
                                            : integrate_exp(s, o, d, n, at, n_at, out, stats);
}
