/* Issue 16: the C side of the Python overhead benchmark
 * (bench/run_python_bench.sh). 1000 calls of a one-day single-dose
 * simulation of clonazepam through the model/run API, the model built
 * once, each call setting the regimen and the grid, simulating and
 * reading every column (as cnsim.Run.simulate does); repeated R times
 * (default 5), the median of the repeats printed in ms.
 * Usage: bench_run_calls [CALLS] [REPEATS]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnsim/cnsim.h"
#include "bench_util.h"

int main(int argc, char **argv)
{
    int calls = argc > 1 ? atoi(argv[1]) : 1000, reps = argc > 2 ? atoi(argv[2]) : 5;
    if (calls < 1 || reps < 1 || reps > 100) {
        fprintf(stderr, "bench_run_calls: CALLS >= 1, REPEATS 1-100\n");
        return 2;
    }
    cnsim_registry *reg;
    cnsim_model *m;
    cnsim_run *r;
    cnsim_model_drug d = {"clonazepam", NULL, NULL};
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK || cnsim_model_create(reg, &d, 1, NULL, &m) != CNSIM_OK ||
        cnsim_run_create(m, &r) != CNSIM_OK) {
        fprintf(stderr, "bench_run_calls: %s\n", cnsim_last_error());
        return 1;
    }
    double ms[100], sink = 0;
    for (int k = 0; k < reps; k++) {
        double t0 = bench_now();
        for (int i = 0; i < calls; i++) {
            if (cnsim_run_set_regimen(r, 0, "1 mg once") != CNSIM_OK || cnsim_run_set_grid(r, 24, 1) != CNSIM_OK ||
                cnsim_run_simulate(r) != CNSIM_OK) {
                fprintf(stderr, "bench_run_calls: %s\n", cnsim_last_error());
                return 1;
            }
            size_t n = cnsim_run_n_times(r), nc = cnsim_run_n_columns(r);
            double *copy = malloc((nc + 1) * n * sizeof *copy);   /* what the Python side copies */
            if (!copy)
                return 1;
            memcpy(copy, cnsim_run_times(r), n * sizeof *copy);
            for (size_t c = 0; c < nc; c++)
                memcpy(copy + (c + 1) * n, cnsim_run_column(r, c), n * sizeof *copy);
            sink += copy[n + 1];
            free(copy);
        }
        ms[k] = (bench_now() - t0) * 1e3;
    }
    qsort(ms, (size_t)reps, sizeof *ms, bench_cmp_double);
    printf("c_api_calls,%d\nc_api_median_ms,%.2f\n", calls, ms[reps / 2]);
    cnsim_run_free(r);
    cnsim_model_free(m);
    cnsim_registry_free(reg);
    return sink < 0;
}
