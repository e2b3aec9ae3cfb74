/* The excitability map: network behaviour (firing rate, synchrony,
 * seizure-like activity) as a function of the effective GABA-A modulation,
 * computed by the network simulator and looked up by the patient model.
 * This is the link from the cell time scale up to the patient (DESIGN.md
 * section 2). */
#ifndef CNSIM_EXCITABILITY_H
#define CNSIM_EXCITABILITY_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/network.h"

CNSIM_BEGIN_DECLS

/* One point of an excitability map. The registry holds the built-in map
 * (cnsim_registry_excitability_map). */
typedef struct cnsim_excitability_point {
    double modulation;         /* effective GABA-A modulation (1 = baseline) */
    double rate_hz, rate_exc_hz, rate_inh_hz;
    double synchrony;          /* Golomb chi, 0..1 */
    double burst_fraction;     /* fraction of 10 ms bins with population bursts */
    int seizure_like;
} cnsim_excitability_point;

/* Releases a map the library allocated (NULL is fine). */
void cnsim_excitability_map_free(cnsim_excitability_point *map);

/* Runs base (NULL: COBAHH) at each modulation mods[i] (no adaptation: a
 * reduced GABA-A function enters as a modulation below 1) and fills
 * out[i]. Points run one after another, each with all OpenMP threads.
 * base->progress, if set, sees the simulated time of all points together
 * (n x duration_ms). */
cnsim_status cnsim_excitability_map_compute(const cnsim_network_params *base,
                                            const double *mods, size_t n,
                                            cnsim_excitability_point *out);

/* Interpolates a map (points sorted by modulation; clamped at the ends):
 * the network rate (Hz) and the seizure susceptibility index, 0..1: how
 * far the rate has moved from the drug-free rate (modulation 1; index 0
 * there and above) toward the rate of the seizure-like point nearest
 * baseline (index 1 there and beyond). 0 if the map has no seizure-like
 * point below 1. */
void cnsim_excitability_lookup(const cnsim_excitability_point *map, size_t n,
                               double modulation, double *rate_hz,
                               double *susceptibility);

CNSIM_END_DECLS
#endif
