/* Pharmacodynamics: from plasma concentration to receptor occupancy,
 * effect, adaptation (tolerance, dependence) and withdrawal, for
 * benzodiazepines (GABA-A) and SSRIs (SERT). Equations and parameters with
 * their sources: docs/models.md. Each layer is usable alone:
 *   effect site  cnsim_pd_effect_site      concentration series -> Ce
 *   occupancy    cnsim_pd_bzd_occupancy, cnsim_pd_sert_occupancy
 *   adaptation   cnsim_pd_adapt            occupancy series -> states
 *   all of it    cnsim_pd_run              concentration series -> states */
#ifndef CNSIM_PD_H
#define CNSIM_PD_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"
#include "cnsim/regimen.h"
#include "cnsim/pk.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Checks the system parameters against their physiological bounds
 * (CNSIM_E_RANGE naming the parameter, its value and the bound). */
cnsim_status cnsim_pd_system_check(const cnsim_pd_system_params *s);
cnsim_status cnsim_pd_drug_check(const cnsim_pd_drug_params *d);

/* Effect-site concentration: dCe/dt = ke0 (C - Ce), Ce(t0) = ce0, solved
 * exactly for C linear between the n samples (Sheiner et al. 1979, Clin
 * Pharmacol Ther 25:358). */
void cnsim_pd_effect_site(const double *t_h, const double *c, size_t n,
                          double ke0_per_h, double ce0, double *ce);

/* Competitive occupancy of the benzodiazepine site by n ligands (Gaddum):
 * occ_i = x_i / (1 + sum x), x_i = fu_i Ce_i / Ki_i (nM). Writes occ (n,
 * may be NULL) and returns the efficacy-weighted occupancy sum e_i occ_i. */
double cnsim_pd_bzd_occupancy(const cnsim_pd_drug_params *d, size_t n,
                              const double *ce_ng_mL, double *occ);

/* SERT occupancy by n inhibitors: sum Emax_i x_i / (1 + sum x),
 * x_i = Ce_i / EC50_i (total plasma ng/mL; Sorensen 2022 hyperbolic fits). */
double cnsim_pd_sert_occupancy(const cnsim_pd_drug_params *d, size_t n,
                               const double *ce_ng_mL);

/* One time point of the pharmacodynamic state. Indices are 0..1 unless
 * said otherwise. */
typedef struct cnsim_pd_state {
    double bzd_occupancy;        /* total benzodiazepine-site occupancy */
    double bzd_drive;            /* efficacy-weighted occupancy */
    double modulation_factor;    /* GABA-A opening-frequency multiplier, >= 1 */
    double effective_modulation; /* functional GABA-A strength for the
                                    network layer: 1 + (Mmax - 1)(E - A),
                                    E the anticonvulsant drug effect, A the
                                    adapted state; < 1 in withdrawal */
    double anxiolysis, sedation, anticonvulsant;   /* net of tolerance */
    double tol_anx, tol_sed, tol_conv;             /* fraction of effect lost */
    double adaptation;           /* GABA-A adapted state (dependence) */
    double withdrawal;           /* adapted state minus current effect, >= 0 */
    double sert_occupancy;
    double firing;               /* raphe 5-HT neuron firing, baseline 1 */
    double serotonin_tone;       /* net forebrain 5-HT transmission, baseline 1 */
    double autoreceptor_sensitivity; /* 5-HT1A, baseline 1 */
    double antidepressant;
} cnsim_pd_state;

/* Adaptation layer: integrates the slow states (tolerance per effect, GABA-A
 * adaptation, 5-HT1A sensitivity) with CVODE, driven by the efficacy-
 * weighted benzodiazepine occupancy `drive` and the SERT occupancy `sert`
 * (n samples at t_h, linear between samples; either may be NULL for none),
 * from the drug-naive state at t_h[0]. Fills out[0..n_out-1] at the times
 * t_out (non-decreasing, within [t_h[0], t_h[n-1]]); the drivers can be
 * sampled much more finely than the outputs. */
cnsim_status cnsim_pd_adapt(const cnsim_pd_system_params *s, const double *t_h,
                            size_t n, const double *drive, const double *sert,
                            const double *t_out, size_t n_out,
                            cnsim_pd_state *out);

/* Whole chain from plasma concentrations: conc[i * n_drugs + j] (ng/mL,
 * total) of substance j at t_h[i] -> out[k] at t_out[k]. Substances
 * without a target are ignored. The concentration samples must be dense
 * enough for linear interpolation (0.05 h or finer around oral doses). */
cnsim_status cnsim_pd_run(const cnsim_pd_system_params *s,
                          const cnsim_pd_drug_params *drugs, size_t n_drugs,
                          const double *t_h, size_t n_t, const double *conc,
                          const double *t_out, size_t n_out,
                          cnsim_pd_state *out);

/* The whole chain for one subject, from dosing events to effects: PK and
 * PD parameters from reg for every drug named in ev (expanded, one
 * subject), PK on a grid of step fine_h (<= 0.05 h recommended: the effect
 * site and occupancy need it) from 0 to t_out[n_out - 1], PD at the n_out
 * times t_out (non-decreasing, >= 0). Writes out[n_out] and, if conc is
 * non-NULL, the plasma concentrations of each output (drugs, then
 * metabolites) at t_out, conc[i * conc_cap + k]; *n_conc is set to the
 * number of outputs (CNSIM_E_ARG if above conc_cap). */
cnsim_status cnsim_pd_chain_run(cnsim_registry *reg, const cnsim_event_list *ev,
                                double fine_h, const double *t_out, size_t n_out,
                                cnsim_pd_state *out, double *conc, size_t conc_cap,
                                size_t *n_conc);

/* The same with the PK parameters of each drug of ev given (pk[d] for
 * ev->drugs[d], e.g. an individual of a population) instead of read from
 * the registry; pk NULL reads them. */
cnsim_status cnsim_pd_chain_run_pk(cnsim_registry *reg, const cnsim_event_list *ev,
                                   const cnsim_pk_params *pk, double fine_h,
                                   const double *t_out, size_t n_out, cnsim_pd_state *out,
                                   double *conc, size_t conc_cap, size_t *n_conc);

/* Withdrawal summary of a series: peak index, its time, and the time spent
 * above the threshold (h). */
typedef struct cnsim_pd_withdrawal_summary {
    double peak, peak_time_h, hours_above, threshold;
    double onset_time_h;         /* first time above threshold, NAN if never */
} cnsim_pd_withdrawal_summary;
void cnsim_pd_withdrawal_summarize(const double *t_h, const cnsim_pd_state *st,
                                   size_t n, double threshold,
                                   cnsim_pd_withdrawal_summary *out);

#ifdef __cplusplus
}
#endif
#endif
