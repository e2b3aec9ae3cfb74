/* The slow pharmacodynamic states: tolerance per effect, GABA-A adaptation
 * (dependence) and 5-HT1A autoreceptor sensitivity, integrated with CVODE
 * and driven by occupancy series. Equations: docs/models.md, section 3-5.
 *
 * Every slow state relaxes toward a target set by the current drug effect,
 * x' = k (target - x): the moderator form of Ekblad & Licko 1984 (Am J
 * Physiol 246:R114) and Porchet et al. 1988 (J Pharmacol Exp Ther 244:231),
 * with per-effect rates so sedation adapts faster than anxiolysis. */
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
#include "core_impl.h"

enum { Y_TOL_ANX, Y_TOL_SED, Y_TOL_CONV, Y_ADAPT, Y_AUTO, N_Y };

cnsim_status cnsim_pd_system_check(const cnsim_pd_system_params *s)
{
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
#undef NEED
    return CNSIM_OK;
}

static double hill(double x, double ec50, double n)
{
    if (!(x > 0))
        return 0;
    double r = pow(x / ec50, n);
    return r / (1 + r);
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

typedef struct {
    const cnsim_pd_system_params *p;
    const double *t, *drive, *sert;
    size_t n, hint;
    char msg[400];
} adapt_ctx;

static void drivers_at(adapt_ctx *c, double t, double *phi, double *o)
{
    size_t n = c->n, i = c->hint;
    if (i >= n - 1 || t < c->t[i] || t > c->t[i + 1]) {
        size_t lo = 0, hi = n - 1;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (c->t[mid] <= t)
                lo = mid;
            else
                hi = mid;
        }
        i = lo;
        c->hint = i;
    }
    double w = c->t[i + 1] > c->t[i] ? (t - c->t[i]) / (c->t[i + 1] - c->t[i]) : 0;
    if (w < 0)
        w = 0;
    if (w > 1)
        w = 1;
    *phi = c->drive ? c->drive[i] + w * (c->drive[i + 1] - c->drive[i]) : 0;
    *o = c->sert ? c->sert[i] + w * (c->sert[i + 1] - c->sert[i]) : 0;
}

static int rhs(realtype t, N_Vector yv, N_Vector dv, void *ud)
{
    adapt_ctx *c = ud;
    const cnsim_pd_system_params *p = c->p;
    const double *y = N_VGetArrayPointer(yv);
    double *dy = N_VGetArrayPointer(dv);
    double phi, o;
    drivers_at(c, t, &phi, &o);
    const double ln2 = log(2.0);
    /* Tolerance: the receptor populations behind each effect uncouple in
     * proportion to the adaptive drive g = phi/(phi + EC50_drive), each at
     * its own published pace. */
    double g = phi > 0 ? phi / (phi + p->tol_drive_ec50_occ) : 0;
    dy[Y_TOL_ANX] = ln2 / p->tol_anx_t_half_h * (p->tol_anx_max * g - y[Y_TOL_ANX]);
    dy[Y_TOL_SED] = ln2 / p->tol_sed_t_half_h * (p->tol_sed_max * g - y[Y_TOL_SED]);
    dy[Y_TOL_CONV] = ln2 / p->tol_conv_t_half_h * (p->tol_conv_max * g - y[Y_TOL_CONV]);
    double target = p->dep_max * hill(phi, p->conv_ec50_occ, p->conv_hill);
    double th = target >= y[Y_ADAPT] ? p->dep_t_half_on_h : p->dep_t_half_off_h;
    dy[Y_ADAPT] = ln2 / th * (target - y[Y_ADAPT]);
    double a, f = firing(p, o, y[Y_AUTO], &a);
    double x = f * a - 1;
    if (x < 0)
        x = 0;
    double s_eq = 1 - (1 - p->auto_min) * x / (x + p->auto_e50);
    dy[Y_AUTO] = ln2 / p->auto_t_half_h * (s_eq - y[Y_AUTO]);
    return 0;
}

static void err_handler(int code, const char *module, const char *function,
                        char *msg, void *ud)
{
    adapt_ctx *c = ud;
    snprintf(c->msg, sizeof c->msg, "%s %s (code %d): %s", module, function, code, msg);
}

static void fill(const cnsim_pd_system_params *p, double phi, double o,
                 const double *y, cnsim_pd_state *s)
{
    s->bzd_drive = phi;
    s->modulation_factor = 1 + (p->gabaa_mmax - 1) * phi;
    s->tol_anx = y[Y_TOL_ANX];
    s->tol_sed = y[Y_TOL_SED];
    s->tol_conv = y[Y_TOL_CONV];
    s->anxiolysis = hill(phi, p->anx_ec50_occ, p->anx_hill) * (1 - y[Y_TOL_ANX]);
    s->sedation = hill(phi, p->sed_ec50_occ, p->sed_hill) * (1 - y[Y_TOL_SED]);
    double conv = hill(phi, p->conv_ec50_occ, p->conv_hill);
    s->anticonvulsant = conv * (1 - y[Y_TOL_CONV]);
    s->adaptation = y[Y_ADAPT];
    s->withdrawal = y[Y_ADAPT] > conv ? y[Y_ADAPT] - conv : 0;
    /* The network sees the receptor-reserve-amplified drug effect net of
     * adaptation, on the scale of the opening-frequency multiplier: 1 at
     * baseline, up to Mmax with full effect, below 1 when the adapted
     * state outweighs the drug (withdrawal). docs/models.md, section 3. */
    s->effective_modulation = 1 + (p->gabaa_mmax - 1) * (conv - y[Y_ADAPT]);
    s->sert_occupancy = o;
    s->autoreceptor_sensitivity = y[Y_AUTO];
    double a;
    s->firing = firing(p, o, y[Y_AUTO], &a);
    s->serotonin_tone = s->firing * a;
    s->antidepressant = hill(s->serotonin_tone - 1, p->ad_ec50, p->ad_hill);
}

/* States must stay in their ranges; leaving them is a solver failure with
 * the time, never a NaN in the output. */
static cnsim_status check_state(const double *y, double t)
{
    static const char *names[N_Y] = {"anxiolytic tolerance", "sedative tolerance",
                                      "anticonvulsant tolerance", "GABA-A adaptation",
                                      "5-HT1A autoreceptor sensitivity"};
    for (int i = 0; i < N_Y; i++)
        if (!isfinite(y[i]) || y[i] < -1e-9 || y[i] > 1 + 1e-9)
            return cnsim__fail(CNSIM_E_SOLVER, "pharmacodynamics: %s = %g at t = %g h left its range [0, 1]", names[i], y[i], t);
    return CNSIM_OK;
}

cnsim_status cnsim_pd_adapt(const cnsim_pd_system_params *p, const double *t_h,
                            size_t n, const double *drive, const double *sert,
                            const double *t_out, size_t n_out,
                            cnsim_pd_state *out)
{
    cnsim_status st = cnsim_pd_system_check(p);
    if (st != CNSIM_OK || n == 0 || n_out == 0)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t_h[i]) || (i > 0 && t_h[i] < t_h[i - 1]))
            return cnsim__fail(CNSIM_E_ARG, "pharmacodynamics: time %zu (%g h) is not finite or goes backwards", i, t_h[i]);
        if ((drive && !(drive[i] >= 0 && drive[i] <= 1)) || (sert && !(sert[i] >= 0 && sert[i] <= 1)))
            return cnsim__fail(CNSIM_E_RANGE, "pharmacodynamics: occupancy at t = %g h is %g; expected 0..1", t_h[i], drive && !(drive[i] >= 0 && drive[i] <= 1) ? drive[i] : sert[i]);
    }
    for (size_t i = 0; i < n_out; i++)
        if (!(t_out[i] >= t_h[0] && t_out[i] <= t_h[n - 1]) || (i > 0 && t_out[i] < t_out[i - 1]))
            return cnsim__fail(CNSIM_E_ARG, "pharmacodynamics: output time %g h is outside the driver series [%g, %g] h or goes backwards", t_out[i], t_h[0], t_h[n - 1]);
    adapt_ctx c = {.p = p, .t = t_h, .drive = drive, .sert = sert, .n = n};
    double y0[N_Y] = {0, 0, 0, 0, 1};
    double phi, o;
    if (n == 1) {
        for (size_t i = 0; i < n_out; i++)
            fill(p, drive ? drive[0] : 0, sert ? sert[0] : 0, y0, &out[i]);
        return CNSIM_OK;
    }
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
    int rc = CVodeInit(mem, rhs, t_h[0], y);
    rc = rc ? rc : CVodeSetErrHandlerFn(mem, err_handler, &c);
    rc = rc ? rc : CVodeSetUserData(mem, &c);
    /* The slow states are reported to about four digits; rtol 1e-6 moves
     * them by under 1e-5 relative against 1e-8 and halves the cost
     * (12-week clonazepam + sertraline run: 40 ms -> 21 ms). */
    rc = rc ? rc : CVodeSStolerances(mem, 1e-6, 1e-10);
    rc = rc ? rc : CVodeSetLinearSolver(mem, LS, J);
    rc = rc ? rc : CVodeSetMaxNumSteps(mem, 1000000);
    /* The drivers are only defined up to the last sample. */
    rc = rc ? rc : CVodeSetStopTime(mem, t_h[n - 1]);
    if (rc) {
        st = cnsim__fail(CNSIM_E_SOLVER, "pharmacodynamics: solver set-up failed: %s", c.msg);
        goto done;
    }
    double t_now = t_h[0];
    for (size_t i = 0; i < n_out && st == CNSIM_OK; i++) {
        realtype tret;
        if (t_out[i] > t_now) {
            rc = CVode(mem, t_out[i], y, &tret, CV_NORMAL);
            if (rc < 0) {
                st = cnsim__fail(CNSIM_E_SOLVER, "pharmacodynamics: CVODE failed at t = %g h: %s", t_out[i], c.msg);
                break;
            }
            t_now = t_out[i];
        }
        const double *yy = t_now > t_h[0] ? N_VGetArrayPointer(y) : y0;
        if ((st = check_state(yy, t_out[i])) != CNSIM_OK)
            break;
        drivers_at(&c, t_out[i], &phi, &o);
        fill(p, phi, o, yy, &out[i]);
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
