/* How much faster is cnsim_format_g10 than snprintf("%.10g"), which
 * `cnsim simulate --format csv` spends about 40% of its time in? 10^6
 * values as a CSV of model outputs holds them: magnitudes 1e-12 .. 1e12,
 * zeros, negatives, whole numbers (times). Every value is formatted both
 * ways and the texts compared before timing. Prints name,n,seconds,
 * us_per_item (median of runs, argv[1], default 7) and the ratio. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnsim/io.h"
#include "bench_util.h"

#define N 1000000

static uint64_t rng = 42;

static uint64_t next_u64(void) /* splitmix64 */
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Sum of the lengths, so the compiler keeps the work. */
static size_t sink;

static double time_snprintf(const double *v)
{
    char buf[32];
    size_t total = 0;
    double t0 = bench_now();
    for (size_t i = 0; i < N; i++)
        total += (size_t)snprintf(buf, sizeof buf, "%.10g", v[i]);
    double dt = bench_now() - t0;
    sink += total;
    return dt;
}

static double time_g10(const double *v)
{
    char buf[32];
    size_t total = 0;
    double t0 = bench_now();
    for (size_t i = 0; i < N; i++)
        total += cnsim_format_g10(v[i], buf);
    double dt = bench_now() - t0;
    sink += total;
    return dt;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 7;
    if (runs < 1 || runs > 31)
        runs = 7;
    double *v = malloc(N * sizeof *v);
    if (!v)
        return 1;
    for (size_t i = 0; i < N; i++) {
        double u = (double)(next_u64() >> 11) * 0x1p-53;
        switch (i % 10) {
        case 0: v[i] = 0; break;                                   /* zeros */
        case 1: v[i] = (double)(i / 10);  break;                   /* times, whole hours */
        case 2: v[i] = -(1 + 9 * u) * pow(10, (int)(next_u64() % 25) - 12); break;
        default: v[i] = (1 + 9 * u) * pow(10, (int)(next_u64() % 25) - 12); break;
        }
    }
    for (size_t i = 0; i < N; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "%.10g", v[i]);
        cnsim_format_g10(v[i], b);
        if (strcmp(a, b))
            return fprintf(stderr, "bench_numfmt: %a: '%s' but printf gives '%s'\n", v[i], b, a), 1;
    }
    double ts[32], tg[32];
    for (int r = 0; r < runs; r++) {
        ts[r] = time_snprintf(v);
        tg[r] = time_g10(v);
    }
    qsort(ts, runs, sizeof ts[0], bench_cmp_double);
    qsort(tg, runs, sizeof tg[0], bench_cmp_double);
    double s = ts[runs / 2], g = tg[runs / 2];
    printf("# 10^6 values: magnitudes 1e-12..1e12, 10%% zeros, 10%% whole numbers, 10%% negative; median of %d runs\n",
           runs);
    printf("name,n,seconds,us_per_item\n");
    printf("snprintf_g10,%d,%.6f,%.4f\n", N, s, 1e6 * s / N);
    printf("cnsim_format_g10,%d,%.6f,%.4f\n", N, g, 1e6 * g / N);
    printf("# cnsim_format_g10 is %.1fx faster than snprintf (same text for all %d values; checksum %zu)\n", s / g,
           N, sink);
    free(v);
    return 0;
}
