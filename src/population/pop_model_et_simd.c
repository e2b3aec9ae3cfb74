/* The effect-tolerance model (pop_model_et.c) for POP_LANES subjects at
 * once: the subjects share the dosing and output times, so one time loop
 * advances all of them, each step a short loop over the lanes that the
 * compiler vectorises, with glibc's vector exp/log (libmvec). Built with
 * -O3 -ffast-math (CMakeLists.txt); parameters are validated before they
 * get here (pop_model_et.c). With GCC on x86-64 the kernel is compiled
 * for AVX-512, AVX2 and the baseline, chosen at run time by the CPU
 * (target_clones): bit-identical on one machine, whatever the threads or
 * ranks, but machines with other vector units may differ in the last
 * digits (libmvec's exp/log are within 4 ulp). Equations and the
 * quadrature: pop_model_et.c. */
#include <math.h>
#include <string.h>

#include "population/pop_impl.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif

enum { P_KA, P_CL, P_V, P_F, P_KE0, P_KT, P_EMAX, P_EC50, P_HILL };
#define L POP_LANES
#define X1 0.17267316464601142810   /* Gauss-Lobatto 5: (1 - sqrt(3/7)) / 2 */

static double dd1(double x, double y, double h)
{
    double d = y - x;
    if (d == 0)
        return h * exp(-x * h);
    return exp(-y * h) * expm1(d * h) / d;
}

static double dd2(double a, double b, double c, double h)
{
    double lo = fmin(a, fmin(b, c)), hi = fmax(a, fmax(b, c)), mid = a + b + c - lo - hi;
    if (hi - lo <= 1e-9 * hi)
        return 0.5 * h * h * exp(-mid * h);
    return (dd1(lo, mid, h) - dd1(mid, hi, h)) / (hi - lo);
}

typedef struct lanes_prop {
    double p00[L], p10[L], p11[L], p20[L], p21[L], p22[L];
} lanes_prop;

typedef struct lanes_step {
    lanes_prop a, b;
    double decay[L], w[5][L];
} lanes_step;

typedef struct lanes {
    double ka[L], k[L], ke0[L], g[L], kt[L], f[L], conv[L], emax[L], hill[L], ec50h[L];
    double a0[L], a1[L], ce[L], m[L], e[L];
} lanes;

static void prop_set(lanes_prop *P, int j, double ka, double k, double ke0, double g, double h)
{
    P->p00[j] = exp(-ka * h);
    P->p10[j] = ka * dd1(ka, k, h);
    P->p11[j] = exp(-k * h);
    P->p21[j] = g * dd1(k, ke0, h);
    P->p22[j] = exp(-ke0 * h);
    P->p20[j] = ka * g * dd2(ka, k, ke0, h);
}

static void step_set(lanes_step *S, const lanes *z, double h)
{
    static const double wn[5] = {1.0 / 20, 49.0 / 180, 16.0 / 45, 49.0 / 180, 1.0 / 20};
    static const double xn[5] = {0, X1, 0.5, 1 - X1, 1};
    for (int j = 0; j < L; j++) {
        prop_set(&S->a, j, z->ka[j], z->k[j], z->ke0[j], z->g[j], X1 * h);
        prop_set(&S->b, j, z->ka[j], z->k[j], z->ke0[j], z->g[j], (0.5 - X1) * h);
        S->decay[j] = exp(-z->kt[j] * h);
        for (int i = 0; i < 5; i++)
            S->w[i][j] = z->kt[j] * h * wn[i] * exp(-z->kt[j] * h * (1 - xn[i]));
    }
}

static inline __attribute__((always_inline)) void lin(const lanes_prop *restrict P, lanes *restrict z)
{
#pragma omp simd
    for (int j = 0; j < L; j++) {
        double a0 = z->a0[j], a1 = z->a1[j];
        z->a0[j] = P->p00[j] * a0;
        z->a1[j] = P->p10[j] * a0 + P->p11[j] * a1;
        z->ce[j] = P->p20[j] * a0 + P->p21[j] * a1 + P->p22[j] * z->ce[j];
    }
}

static inline __attribute__((always_inline)) void effect(const lanes *restrict z, double *restrict e)
{
#pragma omp simd
    for (int j = 0; j < L; j++) {
        double c = z->ce[j] > 1e-300 ? z->ce[j] : 1e-300;
        double x = exp(z->hill[j] * log(c));
        e[j] = z->ce[j] > 0 ? z->emax[j] * x / (z->ec50h[j] + x) : 0;
    }
}

static inline __attribute__((always_inline)) void advance(const lanes_step *restrict S, int n, lanes *restrict z)
{
    double e1[L], e2[L], e3[L], e4[L];
    for (int i = 0; i < n; i++) {
        lin(&S->a, z);
        effect(z, e1);
        lin(&S->b, z);
        effect(z, e2);
        lin(&S->b, z);
        effect(z, e3);
        lin(&S->a, z);
        effect(z, e4);
#pragma omp simd
        for (int j = 0; j < L; j++) {
            z->m[j] = S->decay[j] * z->m[j] + S->w[0][j] * z->e[j] + S->w[1][j] * e1[j] + S->w[2][j] * e2[j] +
                      S->w[3][j] * e3[j] + S->w[4][j] * e4[j];
            z->e[j] = e4[j];
        }
    }
}

CLONES
void cnsim__pop_et_lanes(const double *t_out, size_t nt, const cnsim_event *ev, size_t nd, double max_step_h,
                         const double *par, size_t n_par, double *out)
{
    lanes z;
    memset(&z, 0, sizeof z);
    for (int j = 0; j < L; j++) {
        const double *p = par + (size_t)j * n_par;
        z.ka[j] = p[P_KA], z.k[j] = p[P_CL] / p[P_V], z.ke0[j] = p[P_KE0];
        z.g[j] = 1000.0 * p[P_KE0] / p[P_V], z.conv[j] = 1000.0 / p[P_V], z.kt[j] = p[P_KT];
        z.f[j] = p[P_F], z.emax[j] = p[P_EMAX], z.hill[j] = p[P_HILL], z.ec50h[j] = pow(p[P_EC50], p[P_HILL]);
    }
    double step = nt > 1 ? t_out[1] - t_out[0] : 1.0;
    int n_std = (int)ceil(step / max_step_h - 1e-9);
    lanes_step S_std, S;
    step_set(&S_std, &z, step / n_std);
    size_t di = 0, oi = 0;
    double t = 0;
    while (oi < nt) {
        while (di < nd && ev[di].time_h <= t + 1e-9) {
            if (ev[di].evid == 1 || ev[di].evid == 4)
                for (int j = 0; j < L; j++)
                    z.a0[j] += z.f[j] * ev[di].amt_mg;
            di++;
        }
        if (fabs(t_out[oi] - t) <= 1e-9) {
            for (int j = 0; j < L; j++) {
                double *o = out + ((size_t)j * nt + oi) * 5;
                o[0] = z.a1[j] * z.conv[j], o[1] = z.ce[j], o[2] = z.e[j], o[3] = z.m[j], o[4] = z.e[j] - z.m[j];
            }
            if (++oi == nt)
                break;
        }
        double next = t_out[oi];
        if (di < nd && ev[di].time_h < next)
            next = ev[di].time_h;
        double dt = next - t;
        if (fabs(dt - step) <= 1e-9 * step)
            advance(&S_std, n_std, &z);
        else if (dt > 0) {
            int n = (int)ceil(dt / max_step_h - 1e-9);
            step_set(&S, &z, dt / n);
            advance(&S, n, &z);
        }
        t = next;
    }
}
