/* GSL helpers shared inside the library (not public): src/core/gsl_setup.c. */
#ifndef CNSIM_CORE_GSL_H
#define CNSIM_CORE_GSL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_matrix_complex_double.h>
#include <gsl/gsl_permutation.h>

/* e = exp(a) for a square matrix a, by Taylor series with scaling and
 * squaring (Moler & Van Loan 1978), as gsl_linalg_exponential_ss computes
 * it in double precision but with no allocation (GSL's allocates scratch
 * and does not check it): w1 and w2 are scratch matrices of a's size,
 * e may not alias a. */
void cnsim__expm(const gsl_matrix *a, gsl_matrix *e, gsl_matrix *w1, gsl_matrix *w2);

/* a = P^T L U in place, as gsl_linalg_LU_decomp computes it but with no
 * allocation (GSL 2.7's allocates a pivot vector and does not check it);
 * gsl_linalg_LU_invert and gsl_linalg_LU_svx take the result. */
int cnsim__lu_decomp(gsl_matrix *a, gsl_permutation *p, int *signum);

/* Matrices in one allocation each, freed with gsl_matrix_free and
 * gsl_matrix_complex_free: GSL 2.7's gsl_matrix_alloc leaks its header
 * when the element block cannot be allocated. NULL when out of memory. */
gsl_matrix *cnsim__matrix_alloc(size_t n1, size_t n2);
gsl_matrix *cnsim__matrix_calloc(size_t n1, size_t n2);
gsl_matrix_complex *cnsim__matrix_complex_alloc(size_t n1, size_t n2);

#endif
