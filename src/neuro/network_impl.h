/* Declarations shared by the src/neuro/network*.c files (not public). */
#ifndef CNSIM_NETWORK_IMPL_H
#define CNSIM_NETWORK_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "cnsim/network.h"

/* Neurons are updated in blocks of this many lanes; state arrays are
 * padded to a multiple of it and aligned to 64 bytes, so every cell goes
 * through the same vector code whatever the thread count. */
#define CNSIM_NET_BLOCK 8

struct cnsim_network {
    cnsim_network_params p;
    size_t n, n_pad, n_blocks;          /* cells, padded cells, blocks */
    /* Structure of arrays, n_pad long, 64-byte aligned. */
    double *v_mV, *m, *h, *nk, *ge_nS, *gi_nS;
    double *sum_v, *sum_v2;             /* detector: per-cell sums of v + 60 */
    double *mask;                       /* 1 for real cells, 0 for padding */
    int32_t *last_spike_step;
    double *blk_vsum;                   /* 2 x n_blocks partial sums of v + 60
                                         * (by step parity) */
    /* This step's spikes, 2 buffers by step parity, n_pad each: the thread
     * owning cells [c0, c1) writes its spikes (ascending) from index c0 on,
     * so the lists of threads 0, 1, ... read in turn are in cell order. */
    uint32_t *spk;
    /* Connectivity, CSR by presynaptic cell. */
    size_t *row;                        /* n + 1 */
    uint32_t *post;                     /* row[n] */
    /* Delay ring: (delay_steps + 1) slots of n_pad increments per type. */
    double *ring_e, *ring_i;
    /* Population spike count per step, for the detector. */
    uint32_t *step_count;
    size_t n_steps;
    /* Recorded spikes. */
    uint32_t *sp_neuron;
    double *sp_t_ms;
    size_t n_sp, cap_sp;
    int has_run;
    double build_s;
};

#endif
