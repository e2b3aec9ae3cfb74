/* Networks of conductance-based neurons: excitatory and inhibitory
 * Hodgkin-Huxley (Traub-Miles) cells, random sparse connectivity,
 * exponentially decaying synaptic conductances, optional delays, and a
 * seizure-like activity detector.
 *
 * The built-in model is COBAHH, Benchmark 3 of Brette et al. (2007)
 * J Comput Neurosci 23:349-398, exactly as ../shared/bench/WORKLOADS.md
 * (N1) defines it. GABA-A strength enters as a multiplier of the inhibitory
 * increment: a benzodiazepine-like modulation factor M (> 1 potentiates),
 * times (1 - A) for an adapted (withdrawal) state of reduced GABA-A
 * function. The model, integrator and detector are described in
 * docs/cells.md ("Network").
 *
 * Same seed, same spikes: connectivity and initial state come from one
 * random stream per neuron, and spikes are delivered in neuron order, so a
 * run gives bit-identical spikes for any number of threads. */
#ifndef CNSIM_NETWORK_H
#define CNSIM_NETWORK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

typedef struct cnsim_network_params {
    size_t n_exc;                /* excitatory cells, first in index order; 3200 */
    size_t n_inh;                /* inhibitory cells, last; 800 */
    double p_connect;            /* probability of each ordered pair (self
                                  * pairs included); 0.02 */
    double area_um2;             /* membrane area; 20000 um^2 */
    double cm_uF_per_cm2;        /* 1 */
    double g_leak_mS_per_cm2;    /* 0.05 (5e-5 S/cm^2) */
    double e_leak_mV;            /* -60 */
    double g_na_mS_per_cm2;      /* 100 */
    double g_k_mS_per_cm2;       /* 30 */
    double e_na_mV;              /* 50 */
    double e_k_mV;               /* -90 */
    double vt_mV;                /* Traub-Miles threshold shift; -63 */
    double tau_exc_ms;           /* excitatory conductance decay; 5 */
    double tau_inh_ms;           /* inhibitory conductance decay; 10 */
    double e_exc_mV;             /* 0 */
    double e_inh_mV;             /* GABA-A (chloride) reversal; -80 */
    double w_exc_nS;             /* increment per excitatory spike; 6 */
    double w_inh_nS;             /* increment per inhibitory spike, before
                                  * modulation; 67 */
    double gabaa_modulation;     /* M, multiplies w_inh_nS; 1 */
    double adaptation;           /* A in [0, 1): GABA-A function x (1 - A); 0 */
    double drive_nA;             /* constant current into every cell; 0 */
    unsigned delay_steps;        /* extra synaptic delay: an increment acts
                                  * from step n + 1 + delay_steps; 0 */
    double dt_ms;                /* fixed step; 0.1 (refused above 0.5) */
    double duration_ms;          /* 1000 */
    double threshold_mV;         /* spike = upward crossing; -20 */
    double refractory_ms;        /* detection only, no reset; 3 */
    double init_v_mean_mV;       /* v0 = mean + sd * N(0,1); -65 */
    double init_v_sd_mV;         /* 5 */
    double init_ge_mean_nS;      /* ge0 = mean + sd * N(0,1); 40 */
    double init_ge_sd_nS;        /* 15 */
    double init_gi_mean_nS;      /* gi0 = mean + sd * N(0,1); 200 */
    double init_gi_sd_nS;        /* 120 */
    unsigned long seed;          /* connectivity and initial state; 1 */
    int n_threads;               /* OpenMP threads; 0 = the OpenMP default */
    int is_recording_spikes;     /* keep (neuron, time) pairs; 1 */
    double transient_ms;         /* ignored by the seizure detector; 50 */
    size_t max_bytes;            /* memory budget; 0 = half the physical RAM */
    cnsim_progress progress;     /* simulated ms of duration_ms; none by default */
} cnsim_network_params;

/* COBAHH (N1) with GABA-A x1, seed 1, 1 s, dt 0.1 ms. */
cnsim_network_params cnsim_network_params_cobahh(void);

/* GABA-A modulation factor from benzodiazepine-site occupancy:
 * M = 1 + (mmax - 1) * occupancy (mmax: registry pd_system gabaa_mmax). */
double cnsim_network_modulation_from_occupancy(double occupancy, double mmax);

/* Checks every field (ranges, dt stability, the memory estimate).
 * CNSIM_E_ARG / CNSIM_E_RANGE with a sentence naming field, value and
 * what is expected. */
cnsim_status cnsim_network_params_check(const cnsim_network_params *p);

/* Bytes the network and a run need (state, connectivity, delay buffers,
 * an allowance for recorded spikes at 100 Hz). */
size_t cnsim_network_estimate_bytes(const cnsim_network_params *p);

/* Reads a JSON network description into p, over the values already in p
 * (start from cnsim_network_params_cobahh()). Keys are the field names
 * above (e.g. {"n_exc": 800, "p_connect": 0.08, "w_inh_nS": 67}), plus
 * "model": "cobahh". CNSIM_E_IO, or CNSIM_E_PARSE naming the key, for an
 * unreadable, malformed or unknown entry. */
cnsim_status cnsim_network_config_load(const char *path, cnsim_network_params *p);

typedef struct cnsim_network_result {
    size_t n_neurons, n_synapses;
    size_t total_spikes, spikes_exc, spikes_inh;
    double mean_rate_hz, rate_exc_hz, rate_inh_hz;
    /* Seizure-like activity detector (docs/cells.md), after transient_ms. */
    double synchrony;            /* Golomb chi of the membrane potential, 0..1 */
    double fano_factor;          /* population spike count, 1 ms bins */
    double burst_fraction;       /* 10 ms bins with population rate > 100 Hz */
    double peak_rate_hz;         /* population rate, 10 ms bins, maximum */
    int seizure_like;            /* synchrony >= 0.5 or burst_fraction >= 0.5 */
    double build_s;              /* connectivity and initial state */
    double wall_s;               /* the simulation loop */
    double neuron_steps_per_s;
    int n_threads;
} cnsim_network_result;

typedef struct cnsim_network cnsim_network;

/* Builds connectivity and the initial state (checks p first).
 * CNSIM_E_ARG / CNSIM_E_RANGE for bad parameters (including a network
 * larger than max_bytes, with the estimate), CNSIM_E_NOMEM. */
cnsim_status cnsim_network_create(const cnsim_network_params *p, cnsim_network **out);

/* Simulates duration_ms from the initial state (a network runs once;
 * CNSIM_E_ARG on a second call) and fills res. */
cnsim_status cnsim_network_run(cnsim_network *net, cnsim_network_result *res);

/* Recorded spikes in time order, ties in neuron order: neuron[k] fired at
 * t_ms[k]. Valid until cnsim_network_free. */
size_t cnsim_network_spikes(const cnsim_network *net, const uint32_t **neuron,
                            const double **t_ms);

const cnsim_network_params *cnsim_network_get_params(const cnsim_network *net);

void cnsim_network_free(cnsim_network *net);  /* NULL is fine */

/* Creates, runs and frees a network with base's parameters except
 * gabaa_modulation and adaptation: one point of the excitability map.
 * base NULL means COBAHH; base->is_recording_spikes is ignored. */
cnsim_status cnsim_network_excitability(const cnsim_network_params *base,
                                        double gabaa_modulation, double adaptation,
                                        cnsim_network_result *res);

/* Raster (every cell up to 1000, otherwise an even subsample) above the
 * population rate in 1 ms bins; .png, .svg or .pdf (any case), written
 * through cnsim_atomic_open (include/cnsim/io.h): a file is complete or
 * absent, a device or FIFO is written in place. The _fp form draws into
 * a stream the caller opened and closes (and checks for write errors),
 * path choosing only the format. PLplot keeps global state: not
 * concurrently with other plots. */
cnsim_status cnsim_network_plot_write(const cnsim_network *net, const char *path,
                                      const char *title);
cnsim_status cnsim_network_plot_write_fp(const cnsim_network *net, FILE *fp, const char *path,
                                         const char *title);

CNSIM_END_DECLS
#endif
