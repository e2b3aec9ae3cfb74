/* GSL's error handler, set once for the process, and a matrix exponential
 * that works in memory the caller provides. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <pthread.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>

#include "core_impl.h"
#include "core_gsl.h"

/* GSL's default handler aborts the process on any error, a failed
 * allocation included. The handler is one global of the process, so
 * setting it around each call (as this library once did) races between
 * OpenMP threads; it is switched off once, before the library's first GSL
 * call, and every GSL result is checked instead. */
static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void handler_off(void) { gsl_set_error_handler_off(); }

void cnsim__gsl_init(void) { pthread_once(&gsl_once, handler_off); }

/* Moler & Van Loan 1978 (SIAM Rev 20:801), section 3, Table 1: for a
 * double-precision result, the Taylor order k and the number of squarings
 * j by the size of the matrix (here its largest entry in magnitude, in
 * decades from 0.01 to 1000), the same choice GSL's
 * gsl_linalg_exponential_ss makes; the arithmetic below is in the same
 * order too, so the two agree to the last bit. */
static const struct { int k, j; } mvl_double[6] = {
    {5, 1}, {5, 4}, {7, 5}, {9, 7}, {10, 10}, {8, 14},
};

void cnsim__expm(const gsl_matrix *a, gsl_matrix *e, gsl_matrix *w1, gsl_matrix *w2)
{
    double lo, hi;
    gsl_matrix_minmax(a, &lo, &hi);
    double norm = fmax(fabs(lo), fabs(hi));
    static const double bound[5] = {0.01, 0.1, 1.0, 10.0, 100.0};
    int row = 0;
    while (row < 5 && !(norm < bound[row]))
        row++;
    int k = mvl_double[row].k, j = mvl_double[row].j;
    if (row == 5 && norm >= 1000.0 && isfinite(norm))   /* beyond the table: more squarings */
        j += (int)(unsigned int)ceil(log(1.01 * norm / 1000.0) / M_LN2);

    /* w1 = A / 2^j; e = I + w1/k, then e = I + w1 e / c for c = k-1 .. 1
     * (Horner's form of the Taylor polynomial); then j squarings. */
    gsl_matrix_memcpy(w1, a);
    gsl_matrix_scale(w1, 1.0 / exp(M_LN2 * j));
    gsl_matrix_memcpy(e, w1);
    gsl_matrix_scale(e, 1.0 / k);
    gsl_matrix_add_diagonal(e, 1.0);
    for (int c = k - 1; c >= 1; c--) {
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, w1, e, 0.0, w2);
        gsl_matrix_scale(w2, 1.0 / c);
        gsl_matrix_add_diagonal(w2, 1.0);
        gsl_matrix_memcpy(e, w2);
    }
    for (int i = 0; i < j; i++) {
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, e, e, 0.0, w1);
        gsl_matrix_memcpy(e, w1);
    }
}

/* LU factorisation with partial pivoting (Golub & Van Loan 2013, Matrix
 * Computations 4th ed., Algorithm 3.4.1, row-oriented), in place, in the
 * layout gsl_linalg_LU_decomp gives (unit lower L and U in a, the row
 * swaps in p), so gsl_linalg_LU_invert and gsl_linalg_LU_svx take the
 * result. GSL 2.7's own gsl_linalg_LU_decomp allocates its pivot vector
 * and does not check the allocation; this one needs no memory. */
int cnsim__lu_decomp(gsl_matrix *a, gsl_permutation *p, int *signum)
{
    size_t n = a->size1;
    if (a->size2 != n || p->size != n)
        return GSL_EBADLEN;
    gsl_permutation_init(p);
    *signum = 1;
    for (size_t j = 0; j + 1 < n; j++) {
        size_t piv = j;
        double best = fabs(gsl_matrix_get(a, j, j));
        for (size_t i = j + 1; i < n; i++) {
            double v = fabs(gsl_matrix_get(a, i, j));
            if (v > best)
                best = v, piv = i;
        }
        if (piv != j) {
            gsl_matrix_swap_rows(a, j, piv);
            gsl_permutation_swap(p, j, piv);
            *signum = -*signum;
        }
        double d = gsl_matrix_get(a, j, j);
        if (d == 0.0)
            continue;   /* singular: U has a zero pivot, as in GSL */
        for (size_t i = j + 1; i < n; i++) {
            double l = gsl_matrix_get(a, i, j) / d;
            gsl_matrix_set(a, i, j, l);
            for (size_t k = j + 1; k < n; k++)
                gsl_matrix_set(a, i, k, gsl_matrix_get(a, i, k) - l * gsl_matrix_get(a, j, k));
        }
    }
    return GSL_SUCCESS;
}

/* A matrix and its elements in one allocation of ours: GSL 2.7's
 * gsl_matrix_alloc loses its header when the block after it cannot be
 * allocated. The matrix owns no block (owner 0), so gsl_matrix_free frees
 * the one allocation, as for any matrix. */
gsl_matrix *cnsim__matrix_alloc(size_t n1, size_t n2)
{
    if (n1 == 0 || n2 == 0 || n2 > (SIZE_MAX - sizeof(gsl_matrix)) / sizeof(double) / n1)
        return NULL;
    gsl_matrix *m = malloc(sizeof *m + n1 * n2 * sizeof(double));
    if (!m)
        return NULL;
    m->size1 = n1, m->size2 = n2, m->tda = n2;
    m->data = (double *)(m + 1);
    m->block = NULL, m->owner = 0;
    return m;
}

gsl_matrix *cnsim__matrix_calloc(size_t n1, size_t n2)
{
    gsl_matrix *m = cnsim__matrix_alloc(n1, n2);
    if (m)
        gsl_matrix_set_zero(m);
    return m;
}

gsl_matrix_complex *cnsim__matrix_complex_alloc(size_t n1, size_t n2)
{
    if (n1 == 0 || n2 == 0 || n2 > (SIZE_MAX - sizeof(gsl_matrix_complex)) / (2 * sizeof(double)) / n1)
        return NULL;
    gsl_matrix_complex *m = malloc(sizeof *m + n1 * n2 * 2 * sizeof(double));
    if (!m)
        return NULL;
    m->size1 = n1, m->size2 = n2, m->tda = n2;
    m->data = (double *)(m + 1);
    m->block = NULL, m->owner = 0;
    return m;
}
