/* Population benchmark, workload P1 (../shared/bench/WORKLOADS.md; issue 6):
 * the clonazepam-like effect-tolerance model of scenarios/bench-p1.json,
 * 0.5 mg q12h for 28 d, 42 d simulated, hourly output of C, Ce and
 * NET = E - M, for N subjects made by the workload's portable generator
 * (32-bit LCG + Box-Muller, implemented here from its description).
 *
 * Timed region, as for the peers: generating the subjects and simulating
 * them; the scenario file is read before. Two modes:
 *   keep     every subject's outputs kept in memory (N x 1009 x outputs
 *            doubles), like the peer scripts;
 *   summary  nothing per subject is kept: bands (mean, 5th/50th/95th
 *            percentile per output and hour) and metrics, the default of
 *            `cnsim population`.
 * Prints one `RESULT key=value ...` line per case (the peers' format) with
 * the median wall time of --runs runs, subjects/s, subject-days/s and, for
 * the keep mode, the check values of WORKLOADS.md (meanC, meanCe,
 * meanAbsNet, C0_672, net0_672, net0_1008) and their largest relative
 * difference from the published near-exact values.
 *
 * Usage: bench_population SCENARIO [--n N ...] [--threads T ...] [--runs R]
 *        [--mode keep|summary|both] [--dump FILE] */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnsim/population.h"
#include "cnsim/registry.h"
#include "bench_util.h"

/* WORKLOADS.md "Subjects": x = 12345; uniform: x = (1664525 x + 1013904223)
 * mod 2^32, (x + 0.5) / 2^32; per subject four uniforms, Box-Muller. */
static void p1_subjects(size_t n, double *v)
{
    const double w_cl = 0.293560379, w_v = 0.246220677, w_ka = 0.472380727;
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        double u[4];
        for (int k = 0; k < 4; k++) {
            x = 1664525u * x + 1013904223u;
            u[k] = (x + 0.5) / 4294967296.0;
        }
        double r1 = sqrt(-2 * log(u[0])), r3 = sqrt(-2 * log(u[2]));
        v[i * 3 + 0] = 5.6 * exp(w_cl * r1 * cos(2 * M_PI * u[1]));
        v[i * 3 + 1] = 200 * exp(w_v * r1 * sin(2 * M_PI * u[1]));
        v[i * 3 + 2] = 1.8 * exp(w_ka * r3 * cos(2 * M_PI * u[3]));
    }
}

typedef struct refs {
    size_t n;
    double meanC, meanCe, meanAbsNet;
} refs;
static const refs REF[] = {{1000, 4.67617464, 4.69482916, 0.0328501987},
                           {10000, 4.67275208, 4.69127400, 0.0328250894}};
static const double REF_C0_672 = 2.13884136, REF_NET0_672 = -0.0279439683, REF_NET0_1008 = -0.000165815745;

static double rel(double a, double b)
{
    return fabs(a - b) / fmax(fabs(b), 1e-300);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_population SCENARIO [--n N ...] [--threads T ...] [--runs R] "
                        "[--mode keep|summary|both] [--dump FILE]\n");
        return 2;
    }
    size_t ns[8] = {1000, 10000}, nn = 0;
    int ts[8] = {1, 2}, nth = 0, runs = 3;
    const char *mode = "both", *dump = NULL;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--n") && nn < 8)
            ns[nn++] = (size_t)atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--threads") && nth < 8)
            ts[nth++] = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--runs"))
            runs = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--mode"))
            mode = argv[i + 1];
        else if (!strcmp(argv[i], "--dump"))
            dump = argv[i + 1];
    }
    if (!nn)
        nn = 2;
    if (!nth)
        nth = 2;
    cnsim_pop_spec *spec;
    if (cnsim_pop_spec_read(argv[1], NULL, &spec) != CNSIM_OK) {
        fprintf(stderr, "bench_population: %s\n", cnsim_last_error());
        return 1;
    }
    size_t nt = cnsim_pop_spec_n_times(spec), no = cnsim_pop_spec_n_outputs(spec);
    int kC = -1, kCe = -1, kNet = -1;
    for (size_t k = 0; k < no; k++) {
        const char *nm = cnsim_pop_spec_output_name(spec, k);
        kC = !strcmp(nm, "c_ng_mL") ? (int)k : kC;
        kCe = !strcmp(nm, "ce_ng_mL") ? (int)k : kCe;
        kNet = !strcmp(nm, "net_effect") ? (int)k : kNet;
    }
    if (kC < 0 || kCe < 0 || kNet < 0 || nt != 1009) {
        fprintf(stderr, "bench_population: %s is not workload P1 (outputs c_ng_mL, ce_ng_mL, net_effect; 1009 times)\n",
                argv[1]);
        return 1;
    }
    static const char *const cols[3] = {"CL", "V", "KA"};
    for (int mk = 0; mk < 2; mk++) {
        int keep = mk == 0;
        if (strcmp(mode, "both") && strcmp(mode, keep ? "keep" : "summary"))
            continue;
        for (size_t a = 0; a < nn; a++)
            for (int b = 0; b < nth; b++) {
                size_t n = ns[a];
                double *wall = malloc(runs * sizeof *wall), chk[6] = {0};
                for (int r = 0; r < runs; r++) {
                    double t0 = bench_now();
                    double *v = malloc(n * 3 * sizeof *v);
                    p1_subjects(n, v);
                    cnsim_pop_opts o = cnsim_pop_opts_default();
                    o.n = n, o.seed = 1, o.threads = ts[b], o.keep_subjects = keep, o.skip_summaries = keep;
                    cnsim_pop_result *res = NULL;
                    if (cnsim_pop_spec_set_subjects(spec, cols, 3, v, n) != CNSIM_OK ||
                        cnsim_pop_run(spec, NULL, &o, &res) != CNSIM_OK) {
                        fprintf(stderr, "bench_population: %s\n", cnsim_last_error());
                        return 1;
                    }
                    wall[r] = bench_now() - t0;
                    free(v);
                    if (keep && r == 0) {
                        double sC = 0, sCe = 0, sN = 0;
                        for (size_t id = 0; id < n; id++) {
                            const double *y = cnsim_pop_result_subject(res, id);
                            for (size_t i = 0; y && i < nt; i++)
                                sC += y[i * no + kC], sCe += y[i * no + kCe], sN += fabs(y[i * no + kNet]);
                        }
                        const double *y0 = cnsim_pop_result_subject(res, 0);
                        chk[0] = sC / (n * nt), chk[1] = sCe / (n * nt), chk[2] = sN / (n * nt);
                        chk[3] = y0[672 * no + kC], chk[4] = y0[672 * no + kNet], chk[5] = y0[1008 * no + kNet];
                        if (dump) {
                            FILE *f = fopen(dump, "w");
                            fprintf(f, "id,time,C,Ce,net\n");
                            for (size_t id = 0; id < 10 && id < n; id++) {
                                const double *y = cnsim_pop_result_subject(res, id);
                                for (size_t i = 0; i < nt; i++)
                                    fprintf(f, "%zu,%zu,%.12g,%.12g,%.12g\n", id, i, y[i * no + kC], y[i * no + kCe],
                                            y[i * no + kNet]);
                            }
                            fclose(f);
                        }
                    }
                    cnsim_pop_result_free(res);
                }
                qsort(wall, runs, sizeof *wall, bench_cmp_double);
                double med = wall[runs / 2];
                printf("RESULT tool=cnsim-%s workload=P1 N=%zu threads=%d runs=%d wall_s=%.4f subjects_per_s=%.1f "
                       "subject_days_per_s=%.0f",
                       keep ? "keep" : "summary", n, ts[b], runs, med, n / med, n * 42 / med);
                if (keep) {
                    double worst = fmax(rel(chk[3], REF_C0_672), fmax(rel(chk[4], REF_NET0_672), rel(chk[5], REF_NET0_1008)));
                    for (size_t k = 0; k < sizeof REF / sizeof REF[0]; k++)
                        if (REF[k].n == n)
                            worst = fmax(worst, fmax(rel(chk[0], REF[k].meanC),
                                                     fmax(rel(chk[1], REF[k].meanCe), rel(chk[2], REF[k].meanAbsNet))));
                    printf(" meanC=%.9g meanCe=%.9g meanAbsNet=%.9g C0_672=%.9g net0_672=%.9g net0_1008=%.9g "
                           "max_rel_diff_vs_reference=%.2e",
                           chk[0], chk[1], chk[2], chk[3], chk[4], chk[5], worst);
                }
                printf("\n");
                fflush(stdout);
                free(wall);
            }
    }
    cnsim_pop_spec_free(spec);
    return 0;
}
