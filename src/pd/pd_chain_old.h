/* Transitional: the old events-to-effects chain, until its callers move
 * to cnsim_model/cnsim_run. */
#ifndef CNSIM_PD_CHAIN_OLD_H
#define CNSIM_PD_CHAIN_OLD_H
#include "cnsim/registry.h"
#include "cnsim/regimen.h"
cnsim_status cnsim_pd_chain_run(cnsim_registry *reg, const cnsim_event_list *ev,
                                double fine_h, const double *t_out, size_t n_out,
                                cnsim_pd_state *out, double *conc, size_t conc_cap,
                                size_t *n_conc);
cnsim_status cnsim_pd_chain_run_pk(cnsim_registry *reg, const cnsim_event_list *ev,
                                   const cnsim_pk_params *pk, double fine_h,
                                   const double *t_out, size_t n_out, cnsim_pd_state *out,
                                   double *conc, size_t conc_cap, size_t *n_conc);
#endif
