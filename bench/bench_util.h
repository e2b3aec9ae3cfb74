/* What every benchmark program of bench/ needs: a monotonic clock in
 * seconds and the comparison qsort sorts times with (for medians). */
#ifndef CNSIM_BENCH_UTIL_H
#define CNSIM_BENCH_UTIL_H

#include <time.h>

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
