/* Declarations shared inside the PK layer. */
#ifndef CNSIM_PK_IMPL_H
#define CNSIM_PK_IMPL_H

#include "cnsim/pk.h"

#define NS CNSIM_PK_STATES_PER_DRUG

/* The linear part of one drug's model as a 6x6 matrix (row-major), so that
 * x' = A x + r for every state when the drug has no Michaelis-Menten term.
 * Amounts in mg (metabolite in mg of metabolite). */
void cnsim__pk_linear_matrix(const cnsim_pk_params *p, double A[NS * NS]);

/* Michaelis-Menten elimination rate (mg/h) at central amount a1_mg, and its
 * derivative with respect to a1_mg. */
double cnsim__pk_mm_rate(const cnsim_pk_params *p, double a1_mg, double *d_da1);

/* Checks one drug's parameters; CNSIM_E_RANGE naming drug and field. */
cnsim_status cnsim__pk_params_check(const cnsim_pk_params *p);

#endif
