/* Declarations shared inside the PK layer. */
#ifndef CNSIM_PK_IMPL_H
#define CNSIM_PK_IMPL_H

#include "cnsim/pk.h"

/* States per drug inside the layer: the six amounts of the public API
 * (CNSIM_PK_STATES_PER_DRUG, indices CNSIM_PK_S_*), then the effect-site
 * concentrations of the parent and of the metabolite (ng/mL). */
#define NS 8
enum { S_CE_PARENT = 6, S_CE_MET = 7 };

/* The linear part of one drug's model as an NS x NS matrix (row-major), so
 * that x' = A x + r for every state when the drug has no Michaelis-Menten
 * term. Amounts in mg (metabolite in mg of metabolite); ke0_parent and
 * ke0_met (1/h, 0 = none) couple the effect sites. */
void cnsim__pk_linear_matrix(const cnsim_pk_params *p, double ke0_parent, double ke0_met,
                             double A[NS * NS]);

/* Michaelis-Menten elimination rate (mg/h) at central amount a1_mg, and its
 * derivative with respect to a1_mg. */
double cnsim__pk_mm_rate(const cnsim_pk_params *p, double a1_mg, double *d_da1);

/* cnsim_pk_rates and cnsim_pk_terminal_half_life_h with a status for the
 * model layer: CNSIM_E_NOMEM when GSL's eigenvalue work space cannot be
 * allocated. (The public calls have no status and fall back to a bound
 * then, which would change a horizon or a step size without a word.) */
cnsim_status cnsim__pk_rates(const cnsim_pk_params *p, double *rates, size_t *n);
cnsim_status cnsim__pk_terminal_half_life_h(const cnsim_pk_params *p, int of_metabolite, double *t_h);

#endif
