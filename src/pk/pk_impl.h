/* Declarations shared inside the PK layer. */
#ifndef CNSIM_PK_IMPL_H
#define CNSIM_PK_IMPL_H

#include "cnsim/pk.h"

/* States per drug inside the layer: the six amounts of the public API
 * (CNSIM_PK_STATES_PER_DRUG, indices CNSIM_PK_S_*), then the effect-site
 * concentrations of the parent and of the first metabolite (ng/mL), then
 * per further metabolite (cnsim_pk_params.more) its amount (mg of that
 * metabolite) and its effect-site concentration. Appended, so the first
 * eight keep the places they had before metabolite chains. */
#define NS 12
enum { S_CE_PARENT = 6, S_CE_MET = 7, S_MORE = 8 };

/* Species n of a drug (0: the parent, 1..CNSIM_PK_MAX_METABOLITES: its
 * metabolites): the state of its amount (n >= 1) and of its effect site. */
static inline int cnsim__pk_met_state(int n)
{
    return n <= 1 ? CNSIM_PK_S_METAB : S_MORE + 2 * (n - 2);
}
static inline int cnsim__pk_ce_state(int n)
{
    return n == 0 ? S_CE_PARENT : n == 1 ? S_CE_MET : S_MORE + 2 * (n - 2) + 1;
}
/* How many metabolites drug p models (0 .. CNSIM_PK_MAX_METABOLITES). */
static inline int cnsim__pk_n_met(const cnsim_pk_params *p)
{
    return p->has_metabolite ? 1 + p->n_more_metabolites : 0;
}
/* Species n's (n >= 1) volume (L) and plasma concentration (ng/mL) from
 * the drug's states xd. */
double cnsim__pk_met_v_L(const cnsim_pk_params *p, int n);
double cnsim__pk_species_conc(const cnsim_pk_params *p, const double *xd, int n);

/* The linear part of one drug's model as an NS x NS matrix (row-major), so
 * that x' = A x + r for every state when the drug has no Michaelis-Menten
 * term. Amounts in mg (metabolite in mg of metabolite); ke0_parent and
 * ke0_met (1/h, 0 = none) couple the effect sites of the parent and the
 * first metabolite, ke0_more[i] (NULL: none) that of metabolite i + 2. */
void cnsim__pk_linear_matrix(const cnsim_pk_params *p, double ke0_parent, double ke0_met,
                             const double *ke0_more, double A[NS * NS]);

/* Adds to f (one drug's NS state derivatives) what a clearance flux of
 * species `from` (0: the parent, n: metabolite n; mg of that species per
 * h, beyond what the linear matrix holds) forms in the further
 * metabolites made from it, and takes those shares from the eliminated
 * amount. The caller books the flux itself (out of `from`, into the
 * first metabolite and the eliminated amount) as for a drug without
 * further metabolites; this adds the rest. The CVODE right-hand side
 * uses it for the Michaelis-Menten flux and the interaction changes. */
void cnsim__pk_chain_flux(const cnsim_pk_params *p, int from, double flux, double *f);

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
