/* The time loop of a network run and the seizure-like activity detector.
 *
 * Integration (as Brian2's exponential_euler, which the N1 peers use):
 * every state is advanced from the old values of all others; each gate
 * x in {m, h, n} exactly for frozen rates,
 *     x' = x_inf + (x - x_inf) exp(-dt (a + b)),  x_inf = a / (a + b),
 * the membrane potential exactly for frozen conductances (the equation is
 * linear in v),
 *     v' = v_inf + (v - v_inf) exp(-dt G / C),  v_inf = sum(g E) / G,
 * and the synaptic conductances by their exact decay exp(-dt / tau). Spikes
 * are detected on the new v and their increments are added after the
 * update, so they act from the next step (N1: no delay). */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core_impl.h"
#include "network_impl.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* exp(x) written so the compiler can vectorise it (libm's exp is a call
 * per element): x = k ln2 + r with |r| <= ln2/2, e^r by its Taylor series
 * to r^13 (truncation < 2e-17 relative), 2^k put into the exponent bits.
 * Relative error a few ulp for |x| < 708; beyond, the exponent is clamped
 * (only a diverging run gets there, and the run then fails its final check
 * on v). Selects below are integer or arithmetic blends: a double-valued
 * ?: keeps GCC (with -ftrapping-math) from vectorising the loop. */
static inline double fast_exp(double x)
{
    const double shifter = 0x1.8p52;
    union { double d; int64_t i; uint64_t u; } kd, sc;
    kd.d = x * 1.4426950408889634 + shifter;
    int64_t ki = kd.i;
    kd.d -= shifter;
    double r = x - kd.d * 0x1.62e42fefa39efp-1;
    r -= kd.d * 0x1.abc9e3b39803fp-56;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    /* The low 32 bits of ki hold k (two's complement) after the shift. */
    int64_t k = (int64_t)(int32_t)(uint32_t)ki;
    k = k < -1022 ? -1022 : k;
    k = k > 1023 ? 1023 : k;
    sc.u = (uint64_t)(k + 1023) << 52;
    return p * sc.d;
}

/* x / (exp(x / s) - 1) with its limit s at x = 0 (Traub-Miles am, bm, an). */
static inline double vtrap(double x, double e, double s)
{
    /* Both branches are computed (no division by zero on either), so the
     * compiler can turn the choice into a vector blend. */
    double is_small = (double)(fabs(x) < 1e-6);
    double q = x / (e - 1.0 + is_small);
    return q + is_small * (s - 0.5 * x - q);
}

typedef struct kern {
    double dt, c_pF, gl_nS, el, gna_nS, ena, gk_nS, ek, vt, ee, ei, i_pA;
    double dec_e, dec_i, thr, vshift;
    int32_t refr_steps;
} kern;

/* Advances blocks [b0, b1) one step; a cell that fires gets
 * last_spike_step = step. Same code for every cell whatever the thread split, so the
 * arithmetic (vector lanes, contractions) is identical for any thread
 * count. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static void update_blocks(const kern *restrict k, cnsim_network *restrict net,
                          size_t b0, size_t b1, int32_t step, int is_stat,
                          double *restrict blk_vsum, uint32_t *restrict spk, size_t *n_spk)
{
    size_t c = 0;
    double *restrict v = net->v_mV, *restrict m = net->m, *restrict h = net->h,
           *restrict nk = net->nk, *restrict ge = net->ge_nS, *restrict gi = net->gi_nS,
           *restrict sv = net->sum_v, *restrict sv2 = net->sum_v2;
    const double *restrict mask = net->mask;
    int32_t *restrict last = net->last_spike_step;
    const double dt = k->dt, e5m8 = exp(-8.0), em5 = exp(-5.0);
    const double stat_w = is_stat ? 1.0 : 0.0;
    for (size_t b = b0; b < b1; b++) {
        double bsum = 0;
        size_t i0 = b * CNSIM_NET_BLOCK;
#pragma omp simd
        for (size_t l = 0; l < CNSIM_NET_BLOCK; l++) {
            size_t i = i0 + l;
            double vo = v[i], mo = m[i], ho = h[i], no = nk[i];
            double u = vo - k->vt;
            /* exp((u - 40)/5) serves bm, bh and an:
             * exp((40 - u)/5) = 1/e5 and exp((15 - u)/5) = e^-5 / e5. */
            double e5 = fast_exp(u * 0.2) * e5m8;
            double xa = 13.0 - u, xb = u - 40.0, xn = 15.0 - u;
            double am = 0.32 * vtrap(xa, fast_exp(xa * 0.25), 4.0);
            double bm = 0.28 * vtrap(xb, e5, 5.0);
            double ah = 0.128 * fast_exp((17.0 - u) * (1.0 / 18.0));
            double bh = 4.0 * e5 / (e5 + 1.0);
            double is_small_n = (double)(fabs(xn) < 1e-6);
            double q_n = xn * e5 / (em5 - e5 + is_small_n);
            double an = 0.032 * (q_n + is_small_n * (5.0 - 0.5 * xn - q_n));
            double bn = 0.5 * fast_exp((10.0 - u) * (1.0 / 40.0));
            double sm = am + bm, sh = ah + bh, sn = an + bn;
            double mn = am / sm + (mo - am / sm) * fast_exp(-dt * sm);
            double hn = ah / sh + (ho - ah / sh) * fast_exp(-dt * sh);
            double nn = an / sn + (no - an / sn) * fast_exp(-dt * sn);
            double gna = k->gna_nS * mo * mo * mo * ho;
            double n2 = no * no, gkk = k->gk_nS * n2 * n2;
            double gtot = k->gl_nS + ge[i] + gi[i] + gna + gkk;
            double isum = k->gl_nS * k->el + ge[i] * k->ee + gi[i] * k->ei + gna * k->ena
                        + gkk * k->ek + k->i_pA;
            double vinf = isum / gtot;
            double vn = vinf + (vo - vinf) * fast_exp(-dt * gtot / k->c_pF);
            v[i] = vn;
            m[i] = mn;
            h[i] = hn;
            nk[i] = nn;
            ge[i] *= k->dec_e;
            gi[i] *= k->dec_i;
            int is_spike = (vo <= k->thr) & (vn > k->thr) & (step - last[i] >= k->refr_steps);
            last[i] = is_spike ? step : last[i];
            double vs = (vn + k->vshift) * mask[i];
            sv[i] += stat_w * vs;
            sv2[i] += stat_w * vs * vs;
        }
        /* In lane order, outside the vector loop: a fixed summation order. */
        for (size_t l = 0; l < CNSIM_NET_BLOCK; l++) {
            bsum += (v[i0 + l] + k->vshift) * mask[i0 + l];
            /* This step's spikes, ascending; padding cells never count. */
            if (last[i0 + l] == step && i0 + l < net->n)
                spk[c++] = (uint32_t)(i0 + l);
        }
        blk_vsum[b] = bsum;
    }
    *n_spk = c;
}

/* First index in [lo, hi) of the ascending a[] whose value is >= x. */
static inline size_t lower_bound_u32(const uint32_t *a, size_t lo, size_t hi, size_t x)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int record(cnsim_network *net, uint32_t i, double t_ms)
{
    if (net->n_sp == net->cap_sp) {
        size_t cap = net->cap_sp ? 2 * net->cap_sp : 4096;
        uint32_t *a = realloc(net->sp_neuron, cap * sizeof *a);
        if (!a)
            return -1;
        net->sp_neuron = a;
        double *b = realloc(net->sp_t_ms, cap * sizeof *b);
        if (!b)
            return -1;
        net->sp_t_ms = b;
        net->cap_sp = cap;
    }
    net->sp_neuron[net->n_sp] = i;
    net->sp_t_ms[net->n_sp] = t_ms;
    net->n_sp++;
    return 0;
}

/* Seizure-like activity detector, over the run after transient_ms.
 *
 * synchrony: Golomb's chi (Golomb & Rinzel 1993 Physica D 72:259; Golomb
 *   2007 Scholarpedia 2:1347), chi^2 = var_t(mean_i v_i) / mean_i var_t(v_i):
 *   about 1/sqrt(N) for asynchronous firing, 1 for identical voltages.
 * fano_factor: variance / mean of the population spike count in 1 ms bins
 *   (1 for independent Poisson cells, >> 1 for population bursts).
 * burst_fraction: share of 10 ms bins whose spike count exceeds the number
 *   of cells (population rate > 100 Hz: on average every cell fires in the
 *   window, the full recruitment of the disinhibited CA3 network of
 *   Traub & Wong 1982 Science 216:745; Miles & Wong 1983 Nature 306:371).
 * seizure_like: chi >= 0.5 (a strongly synchronised population potential;
 *   Golomb 2007 calls chi near 1 synchronous, near 1/sqrt(N) asynchronous),
 *   or burst_fraction >= 0.5 (recruitment sustained over at least half of
 *   the run, not a single volley). Thresholds are documented in
 *   docs/cells.md; COBAHH at x1 has chi ~0.05 and burst_fraction 0. */
static void detect(const cnsim_network *net, size_t s0, double sum_vb, double sum_vb2,
                   cnsim_network_result *res)
{
    const cnsim_network_params *p = &net->p;
    size_t n = net->n, n_st = net->n_steps > s0 ? net->n_steps - s0 : 0;
    res->synchrony = 0;
    res->fano_factor = 0;
    res->burst_fraction = 0;
    res->peak_rate_hz = 0;
    if (n_st < 2)
        return;
    double var_pop = sum_vb2 / n_st - (sum_vb / n_st) * (sum_vb / n_st);
    double var_mean = 0;
    for (size_t i = 0; i < n; i++) {
        double mu = net->sum_v[i] / n_st;
        var_mean += net->sum_v2[i] / n_st - mu * mu;
    }
    var_mean /= n;
    res->synchrony = var_mean > 0 ? sqrt(fmax(var_pop, 0) / var_mean) : 0;
    if (res->synchrony > 1)
        res->synchrony = 1;
    size_t w1 = (size_t)llround(1.0 / p->dt_ms), w10 = (size_t)llround(10.0 / p->dt_ms);
    if (w1 < 1)
        w1 = 1;
    if (w10 < 1)
        w10 = 1;
    double s = 0, s2 = 0;
    size_t nb = 0;
    for (size_t a = s0 + 1; a + w1 <= net->n_steps + 1; a += w1, nb++) {
        double c = 0;
        for (size_t j = a; j < a + w1; j++)
            c += net->step_count[j];
        s += c;
        s2 += c * c;
    }
    if (nb > 1 && s > 0) {
        double mu = s / nb;
        res->fano_factor = (s2 / nb - mu * mu) / mu;
    }
    size_t n_burst = 0, nb10 = 0;
    for (size_t a = s0 + 1; a + w10 <= net->n_steps + 1; a += w10, nb10++) {
        double c = 0;
        for (size_t j = a; j < a + w10; j++)
            c += net->step_count[j];
        double rate = c / n / (w10 * p->dt_ms) * 1000.0;
        res->peak_rate_hz = fmax(res->peak_rate_hz, rate);
        n_burst += c > (double)n;
    }
    res->burst_fraction = nb10 ? (double)n_burst / nb10 : 0;
    res->seizure_like = res->synchrony >= 0.5 || res->burst_fraction >= 0.5;
}

cnsim_status cnsim_network_run(cnsim_network *net, cnsim_network_result *res)
{
    cnsim__clear_error();
    if (!net || !res)
        return cnsim__fail(CNSIM_E_ARG, "network run: no network or result");
    if (net->has_run)
        return cnsim__fail(CNSIM_E_ARG, "network run: this network has already run; create another");
    net->has_run = 1;
    memset(res, 0, sizeof *res);
    const cnsim_network_params *p = &net->p;
    double area_cm2 = p->area_um2 * 1e-8;
    kern k = {
        .dt = p->dt_ms,
        .c_pF = p->cm_uF_per_cm2 * area_cm2 * 1e6,
        .gl_nS = p->g_leak_mS_per_cm2 * area_cm2 * 1e6,
        .el = p->e_leak_mV,
        .gna_nS = p->g_na_mS_per_cm2 * area_cm2 * 1e6,
        .ena = p->e_na_mV,
        .gk_nS = p->g_k_mS_per_cm2 * area_cm2 * 1e6,
        .ek = p->e_k_mV, .vt = p->vt_mV, .ee = p->e_exc_mV, .ei = p->e_inh_mV,
        .i_pA = p->drive_nA * 1000.0,
        .dec_e = exp(-p->dt_ms / p->tau_exc_ms),
        .dec_i = exp(-p->dt_ms / p->tau_inh_ms),
        .thr = p->threshold_mV,
        .refr_steps = (int32_t)llround(p->refractory_ms / p->dt_ms),
        .vshift = 60.0,
    };
    const double w_e = p->w_exc_nS;
    const double w_i = p->w_inh_nS * p->gabaa_modulation * (1.0 - p->adaptation);
    const size_t n = net->n, n_exc = p->n_exc, np = net->n_pad, d1 = p->delay_steps + 1u;
    const size_t n_steps = net->n_steps;
    size_t s0 = (size_t)llround(p->transient_ms / p->dt_ms);
    if (s0 >= n_steps)
        s0 = 0;
    int nt = p->n_threads > 0 ? p->n_threads : omp_get_max_threads();
    double sum_vb = 0, sum_vb2 = 0;
    size_t spikes_exc = 0, spikes_inh = 0;
    int nomem = 0;
    /* Per-thread spike counts by step parity, one cache line each. */
    const size_t cl = 64 / sizeof(size_t);
    size_t *cnt = calloc(2 * (size_t)nt * cl, sizeof *cnt);
    if (!cnt)
        return cnsim__fail(CNSIM_E_NOMEM, "network run: out of memory");
    double t0 = now_s();
    /* One parallel region for the whole run and one barrier per step. Each
     * thread owns a contiguous range of blocks (a static schedule): it
     * updates those cells, lists their spikes, and after the barrier
     * receives the increments for targets in its range only, walking all
     * threads' lists in cell order and each spike's (ascending) targets. Every
     * target thus gets its increments in presynaptic order, as in a serial
     * run: the result is bit-identical for any thread count. The spike lists
     * and block sums are double-buffered by step parity, so a thread may
     * start the next step while others still read this step's lists (none
     * can reach the step after next before all have passed the next
     * barrier). */
#pragma omp parallel num_threads(nt)
    {
        const int tid = omp_get_thread_num(), nth = omp_get_num_threads();
        const size_t nb = net->n_blocks;
        const size_t b0 = nb * tid / nth, b1 = nb * (tid + 1) / nth;
        const size_t c0 = b0 * CNSIM_NET_BLOCK, c1 = b1 * CNSIM_NET_BLOCK;
        const int is_first = c0 == 0, is_last = c1 >= n;
        for (size_t s = 1; s <= n_steps; s++) {
            const size_t par = s & 1;
            double *blk = net->blk_vsum + par * nb;
            uint32_t *lst = net->spk + par * np;
            size_t *pcnt = cnt + par * (size_t)nt * cl;
            update_blocks(&k, net, b0, b1, (int32_t)s, s > s0, blk, lst + c0, pcnt + tid * cl);
#pragma omp barrier
            if (tid == 0) {
                /* Bookkeeping, in block and cell order. */
                double vb = 0;
                for (size_t b = 0; b < nb; b++)
                    vb += blk[b];
                vb /= n;
                if (s > s0) {
                    sum_vb += vb;
                    sum_vb2 += vb * vb;
                }
                uint32_t count = 0;
                double t_ms = s * p->dt_ms;
                for (int u = 0; u < nth; u++) {
                    const uint32_t *l = lst + nb * u / nth * CNSIM_NET_BLOCK;
                    size_t m = pcnt[u * cl];
                    count += (uint32_t)m;
                    for (size_t j = 0; j < m; j++) {
                        if (l[j] < n_exc)
                            spikes_exc++;
                        else
                            spikes_inh++;
                        if (p->is_recording_spikes && !nomem && record(net, l[j], t_ms))
                            nomem = 1;
                    }
                }
                net->step_count[s] = count;
                if (p->progress.fn && (s & 1023) == 0)
                    p->progress.fn(p->progress.ctx, s * p->dt_ms, n_steps * p->dt_ms);
            }
            double *ge = net->ge_nS, *gi = net->gi_nS;
            double *re = ge, *ri = gi;
            if (d1 > 1) {
                re = net->ring_e + ((s + p->delay_steps) % d1) * np;
                ri = net->ring_i + ((s + p->delay_steps) % d1) * np;
            }
            for (int u = 0; u < nth; u++) {
                const uint32_t *l = lst + nb * u / nth * CNSIM_NET_BLOCK;
                size_t m = pcnt[u * cl];
                for (size_t j = 0; j < m; j++) {
                    size_t i = l[j], a = net->row[i], e = net->row[i + 1];
                    if (!is_first)
                        a = lower_bound_u32(net->post, a, e, c0);
                    if (!is_last)
                        e = lower_bound_u32(net->post, a, e, c1);
                    const uint32_t *t = net->post + a, *te = net->post + e;
                    if (i < n_exc) {
                        for (; t < te; t++)
                            re[*t] += w_e;
                    } else {
                        for (; t < te; t++)
                            ri[*t] += w_i;
                    }
                }
            }
            if (d1 > 1) {
                double *ae = net->ring_e + (s % d1) * np, *ai = net->ring_i + (s % d1) * np;
                for (size_t i = c0; i < c1; i++) {
                    ge[i] += ae[i];
                    gi[i] += ai[i];
                    ae[i] = 0;
                    ai[i] = 0;
                }
            }
        }
    }
    free(cnt);
    res->wall_s = now_s() - t0;
    if (nomem)
        return cnsim__fail(CNSIM_E_NOMEM, "network run: out of memory recording spikes");
    for (size_t i = 0; i < n; i++)
        if (!(fabs(net->v_mV[i]) < 1e4))
            return cnsim__fail(CNSIM_E_SOLVER,
                               "network run: cell %zu's potential diverged (%g mV); try a smaller dt_ms",
                               i, net->v_mV[i]);
    double t_s = n_steps * p->dt_ms / 1000.0;
    res->n_neurons = n;
    res->n_synapses = net->row[n];
    res->spikes_exc = spikes_exc;
    res->spikes_inh = spikes_inh;
    res->total_spikes = spikes_exc + spikes_inh;
    res->mean_rate_hz = res->total_spikes / (double)n / t_s;
    res->rate_exc_hz = n_exc ? spikes_exc / (double)n_exc / t_s : 0;
    res->rate_inh_hz = p->n_inh ? spikes_inh / (double)p->n_inh / t_s : 0;
    res->build_s = net->build_s;
    res->neuron_steps_per_s = res->wall_s > 0 ? (double)n * n_steps / res->wall_s : 0;
    res->n_threads = nt;
    detect(net, s0, sum_vb, sum_vb2, res);
    return CNSIM_OK;
}
