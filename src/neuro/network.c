/* COBAHH-type networks: Traub-Miles Hodgkin-Huxley cells with exponential
 * synaptic conductances (Brette et al. 2007, J Comput Neurosci 23:349,
 * Benchmark 3; Traub & Miles 1991 rate functions as given in
 * ../shared/bench/WORKLOADS.md N1).
 *
 * Units inside: mV, ms, nS, pF, pA (nS x mV = pA, pA / pF = mV/ms). */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core_impl.h"
#include "network_impl.h"

cnsim_network_params cnsim_network_params_cobahh(void)
{
    cnsim_network_params p = {
        .n_exc = 3200, .n_inh = 800, .p_connect = 0.02,
        .area_um2 = 20000, .cm_uF_per_cm2 = 1, .g_leak_mS_per_cm2 = 0.05,
        .e_leak_mV = -60, .g_na_mS_per_cm2 = 100, .g_k_mS_per_cm2 = 30,
        .e_na_mV = 50, .e_k_mV = -90, .vt_mV = -63,
        .tau_exc_ms = 5, .tau_inh_ms = 10, .e_exc_mV = 0, .e_inh_mV = -80,
        .w_exc_nS = 6, .w_inh_nS = 67, .gabaa_modulation = 1, .adaptation = 0,
        .drive_nA = 0, .delay_steps = 0, .dt_ms = 0.1, .duration_ms = 1000,
        .threshold_mV = -20, .refractory_ms = 3,
        .init_v_mean_mV = -65, .init_v_sd_mV = 5,
        .init_ge_mean_nS = 40, .init_ge_sd_nS = 15,
        .init_gi_mean_nS = 200, .init_gi_sd_nS = 120,
        .seed = 1, .n_threads = 0, .is_recording_spikes = 1,
        .transient_ms = 50, .max_bytes = 0,
    };
    return p;
}

double cnsim_network_modulation_from_occupancy(double occupancy, double mmax)
{
    return 1.0 + (mmax - 1.0) * occupancy;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static size_t budget_bytes(const cnsim_network_params *p)
{
    if (p->max_bytes)
        return p->max_bytes;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return (size_t)4 << 30;
    return (size_t)((double)pages * (double)page / 2);
}

static int n_threads_of(const cnsim_network_params *p)
{
    return p->n_threads > 0 ? p->n_threads : omp_get_max_threads();
}

size_t cnsim_network_estimate_bytes(const cnsim_network_params *p)
{
    double n = (double)p->n_exc + (double)p->n_inh;
    double n_pad = n + CNSIM_NET_BLOCK;
    double steps = p->dt_ms > 0 ? p->duration_ms / p->dt_ms + 1 : 0;
    double syn = n * n * p->p_connect;
    /* Mean plus six standard deviations of the binomial synapse count. */
    syn += 6 * sqrt(syn * (1 - p->p_connect)) + 64;
    /* Per padded cell: 9 double arrays, last spike step, 2 block sums per
     * 8 cells, 2 spike-list slots; per thread 2 cache lines of counts. */
    double bytes = n_pad * (9 * 8 + 4 + 2 + 2 * 4) + (n + 1) * 8 * 2 + syn * 4
                 + 2.0 * 64 * n_threads_of(p)
                 + 2.0 * (p->delay_steps + 1.0) * n_pad * 8 + steps * 4;
    if (p->is_recording_spikes)
        bytes += 100.0 * n * p->duration_ms / 1000 * 12;   /* 100 Hz allowance */
    return bytes > 1e18 ? (size_t)1e18 : (size_t)bytes;
}

#define CHECK(cond, ...)                                          \
    do {                                                          \
        if (!(cond))                                              \
            return cnsim__fail(CNSIM_E_RANGE, __VA_ARGS__);       \
    } while (0)

cnsim_status cnsim_network_params_check(const cnsim_network_params *p)
{
    cnsim__clear_error();
    if (!p)
        return cnsim__fail(CNSIM_E_ARG, "network: no parameters");
    struct { const char *name; double v; } pos[] = {
        {"area_um2", p->area_um2}, {"cm_uF_per_cm2", p->cm_uF_per_cm2},
        {"tau_exc_ms", p->tau_exc_ms}, {"tau_inh_ms", p->tau_inh_ms},
        {"dt_ms", p->dt_ms}, {"duration_ms", p->duration_ms},
    };
    for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
        CHECK(isfinite(pos[i].v) && pos[i].v > 0,
              "network: %s = %g; expected a finite value > 0", pos[i].name, pos[i].v);
    struct { const char *name; double v; } nonneg[] = {
        {"g_leak_mS_per_cm2", p->g_leak_mS_per_cm2}, {"g_na_mS_per_cm2", p->g_na_mS_per_cm2},
        {"g_k_mS_per_cm2", p->g_k_mS_per_cm2}, {"w_exc_nS", p->w_exc_nS},
        {"w_inh_nS", p->w_inh_nS}, {"gabaa_modulation", p->gabaa_modulation},
        {"refractory_ms", p->refractory_ms}, {"transient_ms", p->transient_ms},
        {"init_v_sd_mV", p->init_v_sd_mV}, {"init_ge_sd_nS", p->init_ge_sd_nS},
        {"init_gi_sd_nS", p->init_gi_sd_nS},
    };
    for (size_t i = 0; i < sizeof nonneg / sizeof nonneg[0]; i++)
        CHECK(isfinite(nonneg[i].v) && nonneg[i].v >= 0,
              "network: %s = %g is negative or not finite; conductances, strengths and "
              "times must be >= 0", nonneg[i].name, nonneg[i].v);
    struct { const char *name; double v; } fin[] = {
        {"e_leak_mV", p->e_leak_mV}, {"e_na_mV", p->e_na_mV}, {"e_k_mV", p->e_k_mV},
        {"vt_mV", p->vt_mV}, {"e_exc_mV", p->e_exc_mV}, {"e_inh_mV", p->e_inh_mV},
        {"drive_nA", p->drive_nA}, {"threshold_mV", p->threshold_mV},
        {"init_v_mean_mV", p->init_v_mean_mV}, {"init_ge_mean_nS", p->init_ge_mean_nS},
        {"init_gi_mean_nS", p->init_gi_mean_nS},
    };
    for (size_t i = 0; i < sizeof fin / sizeof fin[0]; i++)
        CHECK(isfinite(fin[i].v), "network: %s = %g; expected a finite value",
              fin[i].name, fin[i].v);
    CHECK(p->n_exc + p->n_inh >= 1, "network: n_exc + n_inh = 0; expected at least one cell");
    CHECK(p->n_exc + p->n_inh < 2000000000u,
          "network: %zu cells; expected fewer than 2e9", p->n_exc + p->n_inh);
    CHECK(isfinite(p->p_connect) && p->p_connect >= 0 && p->p_connect <= 1,
          "network: p_connect = %g; expected a probability in [0, 1]", p->p_connect);
    CHECK(isfinite(p->adaptation) && p->adaptation >= 0 && p->adaptation < 1,
          "network: adaptation = %g; expected a fraction of lost GABA-A function in [0, 1)",
          p->adaptation);
    /* The exponential Euler update is stable for any step, but above
     * 0.5 ms the gates jump across an action potential (which lasts about
     * 1 ms here) and spikes are missed or invented. */
    CHECK(p->dt_ms <= 0.5,
          "network: dt_ms = %g is too large for the Hodgkin-Huxley kinetics (spikes "
          "last ~1 ms); expected <= 0.5 ms, suggested 0.1 ms (0.05 ms for accuracy)",
          p->dt_ms);
    double steps = p->duration_ms / p->dt_ms;
    CHECK(steps <= 2e9, "network: duration_ms / dt_ms = %g steps; expected at most 2e9", steps);
    CHECK(p->delay_steps <= 100000, "network: delay_steps = %u; expected at most 100000",
          p->delay_steps);
    CHECK(p->n_threads >= 0 && p->n_threads <= 1024,
          "network: n_threads = %d; expected 0 (default) to 1024", p->n_threads);
    size_t need = cnsim_network_estimate_bytes(p), have = budget_bytes(p);
    CHECK(need <= have,
          "network: %zu cells with p_connect %g need about %.3g GB (%.3g million synapses); "
          "the budget is %.3g GB (max_bytes, default half the RAM): use fewer cells or sparser "
          "connectivity", p->n_exc + p->n_inh, p->p_connect, need / 1e9,
          (double)(p->n_exc + p->n_inh) * (double)(p->n_exc + p->n_inh) * p->p_connect / 1e6,
          have / 1e9);
    return CNSIM_OK;
}

/* One random stream per cell and purpose. GSL's mt19937 takes a 32-bit
 * seed and spreads nearby seeds apart in its initialisation, so distinct
 * consecutive seeds per cell are enough; the odd multiplier makes the base
 * differ between run seeds. */
static unsigned long stream_seed(unsigned long seed, size_t cell, unsigned purpose)
{
    uint32_t base = (uint32_t)(seed * 2654435761u);
    return (uint32_t)(base + 2u * (uint32_t)cell + purpose);
}

static void *alloc64(size_t n_bytes)
{
    void *p = NULL;
    size_t sz = (n_bytes + 63) / 64 * 64;
    if (posix_memalign(&p, 64, sz ? sz : 64))
        return NULL;
    memset(p, 0, sz ? sz : 64);
    return p;
}

void cnsim_network_free(cnsim_network *net)
{
    if (!net)
        return;
    free(net->v_mV); free(net->m); free(net->h); free(net->nk);
    free(net->ge_nS); free(net->gi_nS); free(net->sum_v); free(net->sum_v2);
    free(net->mask); free(net->last_spike_step); free(net->blk_vsum); free(net->spk);
    free(net->row); free(net->post); free(net->ring_e); free(net->ring_i);
    free(net->step_count); free(net->sp_neuron); free(net->sp_t_ms);
    free(net);
}

/* Targets of cell `pre`: geometric gaps between successive successes of
 * independent Bernoulli(p) trials over post = 0 .. n-1 (the same law as
 * one draw per pair, ~80 draws per cell instead of 4000). Writes them to
 * out when non-NULL; returns the count. */
static size_t draw_targets(gsl_rng *r, size_t n, double p, uint32_t *out)
{
    if (p <= 0)
        return 0;
    size_t k = 0;
    if (p >= 1) {
        for (size_t j = 0; j < n; j++)
            if (out)
                out[k++] = (uint32_t)j;
            else
                k++;
        return k;
    }
    double j = -1;
    for (;;) {
        j += gsl_ran_geometric(r, p);
        if (j >= (double)n)
            break;
        if (out)
            out[k] = (uint32_t)j;
        k++;
    }
    return k;
}

cnsim_status cnsim_network_create(const cnsim_network_params *p, cnsim_network **out)
{
    cnsim__clear_error();
    *out = NULL;
    cnsim_status st = cnsim_network_params_check(p);
    if (st != CNSIM_OK)
        return st;
    double t0 = now_s();
    cnsim_network *net = calloc(1, sizeof *net);
    if (!net)
        return cnsim__fail(CNSIM_E_NOMEM, "network: out of memory");
    net->p = *p;
    size_t n = p->n_exc + p->n_inh;
    net->n = n;
    net->n_blocks = (n + CNSIM_NET_BLOCK - 1) / CNSIM_NET_BLOCK;
    net->n_pad = net->n_blocks * CNSIM_NET_BLOCK;
    net->n_steps = (size_t)llround(p->duration_ms / p->dt_ms);
    size_t np = net->n_pad, d1 = (size_t)p->delay_steps + 1;
    double **dv[] = {&net->v_mV, &net->m, &net->h, &net->nk, &net->ge_nS, &net->gi_nS,
                     &net->sum_v, &net->sum_v2, &net->mask};
    int ok = 1;
    for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++)
        ok &= (*dv[i] = alloc64(np * sizeof(double))) != NULL;
    ok &= (net->last_spike_step = alloc64(np * sizeof(int32_t))) != NULL;
    ok &= (net->blk_vsum = alloc64(2 * net->n_blocks * sizeof(double))) != NULL;
    ok &= (net->spk = alloc64(2 * np * sizeof(uint32_t))) != NULL;
    ok &= (net->row = calloc(n + 1, sizeof(size_t))) != NULL;
    ok &= (net->step_count = calloc(net->n_steps + 1, sizeof(uint32_t))) != NULL;
    if (p->delay_steps) {
        ok &= (net->ring_e = alloc64(d1 * np * sizeof(double))) != NULL;
        ok &= (net->ring_i = alloc64(d1 * np * sizeof(double))) != NULL;
    }
    if (!ok) {
        cnsim_network_free(net);
        return cnsim__fail(CNSIM_E_NOMEM, "network: out of memory for %zu cells", n);
    }
    int nt = n_threads_of(p);
    int failed = 0;
    cnsim__gsl_init();
    /* Pass 1 counts each cell's targets, pass 2 regenerates the same draws
     * into the CSR arrays: no per-cell temporary lists. */
#pragma omp parallel num_threads(nt) reduction(| : failed)
    {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        if (!r)
            failed = 1;
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            if (!r)
                continue;
            gsl_rng_set(r, stream_seed(p->seed, i, 0));
            net->row[i + 1] = draw_targets(r, n, p->p_connect, NULL);
            /* Initial state, WORKLOADS.md N1: independent normals per cell. */
            gsl_rng_set(r, stream_seed(p->seed, i, 1));
            double g1 = gsl_ran_gaussian(r, 1.0), g2 = gsl_ran_gaussian(r, 1.0),
                   g3 = gsl_ran_gaussian(r, 1.0);
            net->v_mV[i] = p->init_v_mean_mV + p->init_v_sd_mV * g1;
            net->ge_nS[i] = p->init_ge_mean_nS + p->init_ge_sd_nS * g2;
            net->gi_nS[i] = p->init_gi_mean_nS + p->init_gi_sd_nS * g3;
        }
        if (r)
            gsl_rng_free(r);
    }
    if (failed) {
        cnsim_network_free(net);
        return cnsim__fail(CNSIM_E_NOMEM, "network: out of memory for random streams");
    }
    for (size_t i = 0; i < n; i++)
        net->row[i + 1] += net->row[i];
    net->post = malloc((net->row[n] ? net->row[n] : 1) * sizeof(uint32_t));
    if (!net->post) {
        size_t n_syn = net->row[n];
        cnsim_network_free(net);
        return cnsim__fail(CNSIM_E_NOMEM, "network: out of memory for %zu synapses", n_syn);
    }
#pragma omp parallel num_threads(nt) reduction(| : failed)
    {
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        if (!r)
            failed = 1;
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            if (!r)
                continue;
            gsl_rng_set(r, stream_seed(p->seed, i, 0));
            draw_targets(r, n, p->p_connect, net->post + net->row[i]);
        }
        if (r)
            gsl_rng_free(r);
    }
    if (failed) {
        cnsim_network_free(net);
        return cnsim__fail(CNSIM_E_NOMEM, "network: out of memory for random streams");
    }
    for (size_t i = 0; i < np; i++) {
        net->mask[i] = i < n;
        if (i >= n)
            net->v_mV[i] = p->e_leak_mV;   /* padding: quiet cells, never reported */
        net->last_spike_step[i] = INT32_MIN / 2;
    }
    net->build_s = now_s() - t0;
    *out = net;
    return CNSIM_OK;
}

size_t cnsim_network_spikes(const cnsim_network *net, const uint32_t **neuron,
                            const double **t_ms)
{
    if (neuron)
        *neuron = net->sp_neuron;
    if (t_ms)
        *t_ms = net->sp_t_ms;
    return net->n_sp;
}

const cnsim_network_params *cnsim_network_get_params(const cnsim_network *net)
{
    return &net->p;
}

cnsim_status cnsim_network_excitability(const cnsim_network_params *base,
                                        double gabaa_modulation, double adaptation,
                                        cnsim_network_result *res)
{
    cnsim__clear_error();
    cnsim_network_params p = base ? *base : cnsim_network_params_cobahh();
    p.gabaa_modulation = gabaa_modulation;
    p.adaptation = adaptation;
    p.is_recording_spikes = 0;
    cnsim_network *net = NULL;
    cnsim_status st = cnsim_network_create(&p, &net);
    if (st != CNSIM_OK)
        return st;
    st = cnsim_network_run(net, res);
    cnsim_network_free(net);
    return st;
}
