/* The excitability map: the network simulator swept over the effective
 * GABA-A modulation, and its interpolation for the patient layer. */
#include <math.h>

#include "cnsim/excitability.h"
#include "core_impl.h"

/* The progress of point i of n, as a share of the whole map. */
typedef struct map_progress { cnsim_progress outer; size_t i, n; } map_progress;

static void point_progress(void *ctx, double done, double total)
{
    const map_progress *mp = ctx;
    mp->outer.fn(mp->outer.ctx, (double)mp->i * total + done, (double)mp->n * total);
}

cnsim_status cnsim_excitability_map_compute(const cnsim_network_params *base,
                                            const double *mods, size_t n,
                                            cnsim_excitability_point *out)
{
    cnsim__clear_error();
    cnsim_network_params p = base ? *base : cnsim_network_params_cobahh();
    map_progress mp = {p.progress, 0, n};
    if (p.progress.fn)
        p.progress = (cnsim_progress){point_progress, &mp};
    for (size_t i = 0; i < n; i++) {
        if (!(isfinite(mods[i]) && mods[i] >= 0 && mods[i] <= 10))
            return cnsim__fail(CNSIM_E_RANGE, "excitability map: modulation %g; expected 0 to 10", mods[i]);
        cnsim_network_result r;
        mp.i = i;
        cnsim_status st = cnsim_network_excitability(&p, mods[i], 0.0, &r);
        if (st != CNSIM_OK)
            return st;
        out[i] = (cnsim_excitability_point){.modulation = mods[i], .rate_hz = r.mean_rate_hz,
                                            .rate_exc_hz = r.rate_exc_hz, .rate_inh_hz = r.rate_inh_hz,
                                            .synchrony = r.synchrony, .burst_fraction = r.burst_fraction,
                                            .seizure_like = r.seizure_like};
    }
    return CNSIM_OK;
}

