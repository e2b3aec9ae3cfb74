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

#endif
