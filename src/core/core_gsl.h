/* GSL helpers shared inside the library (not public): src/core/gsl_setup.c. */
#ifndef CNSIM_CORE_GSL_H
#define CNSIM_CORE_GSL_H

#include <gsl/gsl_matrix.h>

/* e = exp(a) for a square matrix a, by Taylor series with scaling and
 * squaring (Moler & Van Loan 1978), as gsl_linalg_exponential_ss computes
 * it in double precision but with no allocation (GSL's allocates scratch
 * and does not check it): w1 and w2 are scratch matrices of a's size,
 * e may not alias a. */
void cnsim__expm(const gsl_matrix *a, gsl_matrix *e, gsl_matrix *w1, gsl_matrix *w2);

#endif
