/* Bounded-memory summaries of one value slot (an output at a time point,
 * or a metric) over subjects, exact under any order of insertion and any
 * merge order, so threads and MPI ranks give bit-identical results:
 *  - the mean from a fixed-point sum: each value is rounded to a multiple
 *    of 2^-40 (about 1e-12) and summed as a 128-bit integer;
 *  - percentiles from a log-linear histogram (the bucket layout of
 *    HdrHistogram, Tene 2012): the bucket of x > 0 is its IEEE-754 exponent
 *    and top 7 mantissa bits, 128 buckets per power of two, so a bucket's
 *    midpoint is within 2^-8 (0.39%) of any value in it. Values with
 *    |x| < 1e-12 count as zero; +-inf are counted apart (ranked at the
 *    ends, left out of the mean); NAN is not counted at all.
 * Memory grows with the spread of the values (about 900 buckets for a
 * hundredfold range), not with the number of subjects. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "population/pop_impl.h"

#define SUB_BITS 7
#define ZERO_ABS 1e-12
#define FIX_SCALE 0x1p40

static int32_t bucket_of(double x)   /* x > 0, finite */
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return (int32_t)(b >> (52 - SUB_BITS));
}

static double bucket_mid(int32_t i)
{
    uint64_t lo = (uint64_t)i << (52 - SUB_BITS), hi = (uint64_t)(i + 1) << (52 - SUB_BITS);
    double a, b;
    memcpy(&a, &lo, sizeof a);
    memcpy(&b, &hi, sizeof b);
    return 0.5 * (a + b);
}

static int store_add(pop_store *s, int32_t i, uint32_t k)
{
    if (!s->c) {
        uint32_t cap = 64;
        s->c = calloc(cap, sizeof *s->c);
        if (!s->c)
            return -1;
        s->cap = cap, s->lo = i - 32;
    } else if (i < s->lo || i >= s->lo + (int32_t)s->cap) {
        /* grow towards i by at least the current size: amortised O(1) */
        int32_t pad = s->cap > 16 ? (int32_t)s->cap : 16;
        int32_t lo = i < s->lo ? i - pad : s->lo;
        int32_t hi = i >= s->lo + (int32_t)s->cap ? i + pad : s->lo + (int32_t)s->cap - 1;
        uint32_t cap = (uint32_t)(hi - lo + 1);
        uint32_t *c = calloc(cap, sizeof *c);
        if (!c)
            return -1;
        memcpy(c + (s->lo - lo), s->c, s->cap * sizeof *c);
        free(s->c);
        s->c = c, s->cap = cap, s->lo = lo;
    }
    s->c[i - s->lo] += k;
    return 0;
}

static __int128 fixed(double x)
{
    double y = x * FIX_SCALE;
    if (fabs(y) < 0x1p62)
        return (__int128)(int64_t)y;
    return (__int128)y;
}

int cnsim__pop_slot_add(pop_slot *s, double x)
{
    if (isnan(x))
        return 0;
    s->n++;
    if (isinf(x)) {
        if (x > 0)
            s->n_posinf++;
        else
            s->n_neginf++;
        return 0;
    }
    s->sum += fixed(x);
    if (fabs(x) < ZERO_ABS) {
        s->n_zero++;
        return 0;
    }
    return x > 0 ? store_add(&s->pos, bucket_of(x), 1) : store_add(&s->neg, bucket_of(-x), 1);
}

/* One value into slot s: the common case inline, the rest by slot_add. */
static inline int add_one(pop_slot *s, double v)
{
    if (!isfinite(v) || fabs(v) < ZERO_ABS)
        return cnsim__pop_slot_add(s, v);
    s->n++;
    s->sum += fixed(v);
    pop_store *st = v > 0 ? &s->pos : &s->neg;
    int32_t i = bucket_of(fabs(v));
    uint32_t off = (uint32_t)(i - st->lo);
    if (st->c && off < st->cap) {
        st->c[off]++;
        return 0;
    }
    return store_add(st, i, 1);
}

int cnsim__pop_slot_add_rows(pop_slot *slots, const double *rows, size_t stride, size_t n_rows, size_t n_slots)
{
    for (size_t b = 0; b < n_rows; b++) {
        const double *row = rows + b * stride;
        for (size_t k = 0; k < n_slots; k++)
            if (add_one(&slots[k], row[k]))
                return -1;
    }
    return 0;
}

static int store_merge(pop_store *into, const pop_store *from)
{
    uint32_t a = 0, b = from->cap;   /* the used range of from */
    while (a < b && !from->c[a])
        a++;
    while (b > a && !from->c[b - 1])
        b--;
    if (a == b)
        return 0;
    /* make room for both ends once, then add in a plain loop */
    if (store_add(into, from->lo + (int32_t)a, 0) || store_add(into, from->lo + (int32_t)b - 1, 0))
        return -1;
    uint32_t *dst = into->c + (from->lo + (int32_t)a - into->lo);
    for (uint32_t j = a; j < b; j++)
        dst[j - a] += from->c[j];
    return 0;
}

int cnsim__pop_slot_merge(pop_slot *into, const pop_slot *from)
{
    into->n += from->n, into->n_zero += from->n_zero;
    into->n_posinf += from->n_posinf, into->n_neginf += from->n_neginf;
    into->sum += from->sum;
    return store_merge(&into->pos, &from->pos) || store_merge(&into->neg, &from->neg) ? -1 : 0;
}

void cnsim__pop_slot_free(pop_slot *s)
{
    free(s->pos.c), free(s->neg.c);
    memset(s, 0, sizeof *s);
}

double cnsim__pop_slot_mean(const pop_slot *s)
{
    uint64_t n = s->n - s->n_posinf - s->n_neginf;
    if (n == 0)
        return s->n ? (s->n_posinf && !s->n_neginf ? INFINITY : s->n_neginf && !s->n_posinf ? -INFINITY : NAN) : NAN;
    return (double)s->sum / FIX_SCALE / (double)n;
}

/* Nearest-rank percentile: the value of rank ceil(q n) in ascending order. */
double cnsim__pop_slot_quantile(const pop_slot *s, double q)
{
    if (s->n == 0)
        return NAN;
    uint64_t rank = (uint64_t)ceil(q * (double)s->n - 1e-9);
    if (rank < 1)
        rank = 1;
    if (rank > s->n)
        rank = s->n;
    uint64_t seen = s->n_neginf;
    if (rank <= seen)
        return -INFINITY;
    for (uint32_t j = s->neg.cap; j-- > 0;) {   /* most negative first */
        seen += s->neg.c[j];
        if (rank <= seen)
            return -bucket_mid(s->neg.lo + (int32_t)j);
    }
    seen += s->n_zero;
    if (rank <= seen)
        return 0;
    for (uint32_t j = 0; j < s->pos.cap; j++) {
        seen += s->pos.c[j];
        if (rank <= seen)
            return bucket_mid(s->pos.lo + (int32_t)j);
    }
    return INFINITY;
}
