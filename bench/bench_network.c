/* N1 (COBAHH, ../shared/bench/WORKLOADS.md): build and simulate the 4000-cell
 * network for 1 s and print one CSV line per run.
 *
 * usage: bench_network [--gaba F] [--threads N] [--runs R] [--seed S]
 *                      [--duration-ms T] [--dt-ms DT]
 * columns: name,n,seconds,us_per_item,build_s,neuron_steps_per_s,spikes,
 *          rate_hz,rate_exc_hz,rate_inh_hz,synchrony,seizure_like,threads,gaba
 * (seconds = simulation wall time; us_per_item = microseconds per
 * neuron-step). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/network.h"

int main(int argc, char **argv)
{
    cnsim_network_params p = cnsim_network_params_cobahh();
    p.is_recording_spikes = 0;
    p.n_threads = 1;
    p.seed = 20070101;
    int runs = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--gaba"))
            p.gabaa_modulation = atof(v);
        else if (!strcmp(a, "--threads"))
            p.n_threads = atoi(v);
        else if (!strcmp(a, "--runs"))
            runs = atoi(v);
        else if (!strcmp(a, "--seed"))
            p.seed = strtoul(v, NULL, 10);
        else if (!strcmp(a, "--duration-ms"))
            p.duration_ms = atof(v);
        else if (!strcmp(a, "--dt-ms"))
            p.dt_ms = atof(v);
        else {
            fprintf(stderr, "bench_network: unknown option %s\n", a);
            return 2;
        }
    }
    printf("name,n,seconds,us_per_item,build_s,neuron_steps_per_s,spikes,rate_hz,"
           "rate_exc_hz,rate_inh_hz,synchrony,seizure_like,threads,gaba\n");
    for (int r = 0; r < runs; r++) {
        cnsim_network *net = NULL;
        cnsim_network_result res;
        if (cnsim_network_create(&p, &net) != CNSIM_OK || cnsim_network_run(net, &res) != CNSIM_OK) {
            fprintf(stderr, "bench_network: %s\n", cnsim_last_error());
            cnsim_network_free(net);
            return 1;
        }
        double items = (double)res.n_neurons * (p.duration_ms / p.dt_ms);
        printf("network_n1,%zu,%.4f,%.5f,%.4f,%.4g,%zu,%.3f,%.3f,%.3f,%.4f,%d,%d,%g\n",
               res.n_neurons, res.wall_s, res.wall_s * 1e6 / items, res.build_s,
               res.neuron_steps_per_s, res.total_spikes, res.mean_rate_hz, res.rate_exc_hz,
               res.rate_inh_hz, res.synchrony, res.seizure_like, res.n_threads,
               p.gabaa_modulation);
        fflush(stdout);
        cnsim_network_free(net);
    }
    return 0;
}
