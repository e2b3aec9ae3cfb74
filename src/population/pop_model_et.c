/* The "effect-tolerance" population model (workload P1, bench/): one
 * compartment with first-order absorption, an effect compartment and a
 * tolerance moderator (Porchet, Benowitz & Sheiner 1988 for the moderator
 * form; Sheiner et al. 1979 for the effect compartment):
 *   A0' = -KA A0                       (depot, a dose adds F * amount)
 *   A1' =  KA A0 - (CL/V) A1           (central, C = 1000 A1 / V ng/mL)
 *   Ce' =  KE0 (C - Ce)                (effect site, ng/mL)
 *   M'  =  KT (E - M),  E = EMAX Ce^HILL / (EC50^HILL + Ce^HILL)
 * with the net effect E - M. The linear part (A0, A1, Ce) is propagated
 * exactly (the matrix exponential of the lower-triangular system, written
 * with divided differences of exp so that nearly equal rate constants stay
 * accurate); M, linear in itself, by its exact exponential integrator with
 * the integral of E over each step of at most MAX_SUBSTEP_H by Gauss-Lobatto
 * quadrature, every evaluation of E using the exact Ce. */
#include <math.h>
#include <string.h>

#include "population/pop_impl.h"
#include "core_impl.h"

enum { P_KA, P_CL, P_V, P_F, P_KE0, P_KT, P_EMAX, P_EC50, P_HILL, P_N };
static const char *const par_names[P_N] = {"KA", "CL", "V", "F", "KE0", "KT", "EMAX", "EC50", "HILL"};
static const char *const out_names[] = {"c_ng_mL", "ce_ng_mL", "effect", "tolerance", "net_effect"};
static const char *const metric_names[] = {"cmax_ng_mL", "tmax_h", "auc_ng_h_mL", "ce_max_ng_mL",
                                           "effect_max", "tolerance_max", "net_effect_min"};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_SUBSTEP_H 1.0   /* h: error below 2e-8 relative on the P1 check values */

void cnsim__pop_et_names(cnsim_pop_spec *s)
{
    s->n_par = P_N;
    for (size_t k = 0; k < P_N; k++)
        cnsim__strlcpy(s->par[k], par_names[k], POP_NAME);
    s->n_model_out = N_OF(out_names);
    for (size_t k = 0; k < N_OF(out_names); k++)
        cnsim__strlcpy(s->out[k], out_names[k], POP_NAME);
    s->n_metrics = N_OF(metric_names);
    for (size_t k = 0; k < N_OF(metric_names); k++)
        cnsim__strlcpy(s->metric[k], metric_names[k], POP_NAME);
}

/* (e^{-x h} - e^{-y h}) / (y - x), its limit h e^{-x h} when x = y. */
static double dd1(double x, double y, double h)
{
    double d = y - x;
    if (d == 0)
        return h * exp(-x * h);
    return exp(-y * h) * expm1(d * h) / d;
}

/* Second divided difference of r -> e^{-r h} at a, b, c (symmetric):
 * divided by the widest pair so nearly equal rates lose no accuracy. */
static double dd2(double a, double b, double c, double h)
{
    double lo = fmin(a, fmin(b, c)), hi = fmax(a, fmax(b, c)), mid = a + b + c - lo - hi;
    if (hi - lo <= 1e-9 * hi)
        return 0.5 * h * h * exp(-mid * h);
    return (dd1(lo, mid, h) - dd1(mid, hi, h)) / (hi - lo);
}

typedef struct prop {
    double p00, p10, p11, p20, p21, p22;
} prop;

static void propagator(double ka, double k, double ke0, double g, double h, prop *P)
{
    P->p00 = exp(-ka * h);
    P->p10 = ka * dd1(ka, k, h);
    P->p11 = exp(-k * h);
    P->p21 = g * dd1(k, ke0, h);
    P->p22 = exp(-ke0 * h);
    P->p20 = ka * g * dd2(ka, k, ke0, h);
}

typedef struct et_state {
    double a0, a1, ce, m, e;
} et_state;

typedef struct et_par {
    double emax, hill, ec50h, kt;
} et_par;

static inline double effect(const et_par *p, double ce)
{
    if (!(ce > 0))
        return 0;
    double x = exp(p->hill * log(ce));
    return p->emax * x / (p->ec50h + x);
}

static inline void lin(const prop *P, et_state *s)
{
    double a0 = s->a0, a1 = s->a1;
    s->a0 = P->p00 * a0;
    s->a1 = P->p10 * a0 + P->p11 * a1;
    s->ce = P->p20 * a0 + P->p21 * a1 + P->p22 * s->ce;
}

/* One step of length h: the linear state exactly, and M by the exact
 * exponential integrator of M' = KT (E - M),
 *   M(h) = e^{-KT h} M(0) + KT h sum_i w_i e^{-KT h (1 - x_i)} E(x_i h),
 * with the 5-point Gauss-Lobatto rule (nodes 0, x1, 1/2, 1 - x1, 1 with
 * x1 = (1 - sqrt(3/7))/2, weights 1/20, 49/180, 16/45, 49/180, 1/20; exact
 * for polynomials of degree 7). E at the step's start is carried over from
 * the previous step, so a step costs four evaluations of E. */
typedef struct et_step {
    prop Pa, Pb;           /* propagators over x1 h and (1/2 - x1) h */
    double decay, w[5];    /* e^{-KT h} and the node weights */
} et_step;

#define LOBATTO_X1 0.17267316464601142810   /* (1 - sqrt(3/7)) / 2 */

static void step_init(et_step *S, double ka, double k, double ke0, double g, double kt, double h)
{
    propagator(ka, k, ke0, g, LOBATTO_X1 * h, &S->Pa);
    propagator(ka, k, ke0, g, (0.5 - LOBATTO_X1) * h, &S->Pb);
    static const double wn[5] = {1.0 / 20, 49.0 / 180, 16.0 / 45, 49.0 / 180, 1.0 / 20};
    const double xn[5] = {0, LOBATTO_X1, 0.5, 1 - LOBATTO_X1, 1};
    S->decay = exp(-kt * h);
    for (int i = 0; i < 5; i++)
        S->w[i] = kt * h * wn[i] * exp(-kt * h * (1 - xn[i]));
}

static void advance(const et_step *S, const et_par *p, int n, et_state *s)
{
    for (int i = 0; i < n; i++) {
        double e0 = s->e;
        lin(&S->Pa, s);
        double e1 = effect(p, s->ce);
        lin(&S->Pb, s);
        double e2 = effect(p, s->ce);
        lin(&S->Pb, s);
        double e3 = effect(p, s->ce);
        lin(&S->Pa, s);
        double e4 = effect(p, s->ce);
        s->m = S->decay * s->m + S->w[0] * e0 + S->w[1] * e1 + S->w[2] * e2 + S->w[3] * e3 + S->w[4] * e4;
        s->e = e4;
    }
}

cnsim_status cnsim__pop_et_simulate(const cnsim_pop_spec *s, const double *par, double *out, double *metrics)
{
    for (size_t k = 0; k < P_N; k++)
        if (!isfinite(par[k]) || (k != P_EMAX && !(par[k] > 0)) || (k == P_F && par[k] > 1))
            return cnsim__fail(CNSIM_E_RANGE, "%s = %g; expected %s", par_names[k], par[k],
                               k == P_F ? "0 < F <= 1" : k == P_EMAX ? "a finite number" : "a finite number > 0");
    double ka = par[P_KA], k = par[P_CL] / par[P_V], ke0 = par[P_KE0], f = par[P_F];
    double g = 1000.0 * ke0 / par[P_V], conv = 1000.0 / par[P_V];
    et_par p = {par[P_EMAX], par[P_HILL], pow(par[P_EC50], par[P_HILL]), par[P_KT]};
    size_t nt = s->n_times, no = s->n_model_out;
    const double *t_out = s->times;
    /* the usual interval (the output step) has a cached propagator */
    double step = nt > 1 ? t_out[1] - t_out[0] : 1.0;
    int n_std = (int)ceil(step / MAX_SUBSTEP_H - 1e-9);
    double h_std = step / n_std;
    et_step S_std;
    step_init(&S_std, ka, k, ke0, g, p.kt, h_std);

    et_state st = {0, 0, 0, 0, 0};
    const cnsim_event *ev = s->ev.ev;
    size_t nd = s->ev.n, di = 0, oi = 0;
    double t = 0;
    while (oi < nt) {
        while (di < nd && ev[di].time_h <= t + 1e-9) {
            if (ev[di].evid == 1 || ev[di].evid == 4)
                st.a0 += f * ev[di].amt_mg;
            di++;
        }
        if (fabs(t_out[oi] - t) <= 1e-9) {
            double *o = out + oi * no;
            o[0] = st.a1 * conv, o[1] = st.ce, o[2] = st.e, o[3] = st.m, o[4] = st.e - st.m;
            if (++oi == nt)
                break;
        }
        double next = t_out[oi];
        if (di < nd && ev[di].time_h < next)
            next = ev[di].time_h;
        double dt = next - t;
        if (fabs(dt - step) <= 1e-9 * step) {
            advance(&S_std, &p, n_std, &st);
        } else if (dt > 0) {
            int n = (int)ceil(dt / MAX_SUBSTEP_H - 1e-9);
            et_step S;
            step_init(&S, ka, k, ke0, g, p.kt, dt / n);
            advance(&S, &p, n, &st);
        }
        t = next;
    }
    /* metrics */
    double cmax = -INFINITY, tmax = NAN, auc = 0, cemax = -INFINITY, emax = -INFINITY, mmax = -INFINITY,
           netmin = INFINITY;
    for (size_t i = 0; i < nt; i++) {
        const double *o = out + i * no;
        if (o[0] > cmax)
            cmax = o[0], tmax = t_out[i];
        if (i > 0)
            auc += 0.5 * (o[0] + o[-(long)no]) * (t_out[i] - t_out[i - 1]);
        cemax = fmax(cemax, o[1]), emax = fmax(emax, o[2]), mmax = fmax(mmax, o[3]);
        netmin = fmin(netmin, o[4]);
    }
    metrics[0] = cmax, metrics[1] = tmax, metrics[2] = auc, metrics[3] = cemax;
    metrics[4] = emax, metrics[5] = mmax, metrics[6] = netmin;
    return CNSIM_OK;
}
