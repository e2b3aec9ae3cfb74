/* Individual estimates from measured drug levels: the maximum a
 * posteriori (MAP) random effects of one subject under a drug's
 * population model, as NONMEM's POSTHOC step does, with the Laplace
 * approximation of their uncertainty (docs/tdm.md).
 *
 * Model. The subject's parameters are the typical ones times
 * exp(eta) (CL, V, KA; V scales every volume of distribution, so the
 * half-lives move with CL/V as a body-size change would), with F on the
 * logit scale, logit F_i = logit F + eta_F (F stays in (0, 1)); eta ~
 * N(0, OMEGA). A level y_j at time t_j of an output (the parent or a
 * metabolite) has the prediction f_j = C(t_j; eta) and the residual
 * variance s_j^2 = sigma_add^2 + (sigma_prop f_j)^2 (additive,
 * proportional or combined). The objective is -2 log of the posterior
 * up to a constant,
 *   OFV(eta) = sum_j [ (y_j - f_j)^2 / s_j^2 + ln s_j^2 ] + eta' OMEGA^-1 eta,
 * and a level below the limit of quantification (blq) counts with
 * Beal's M3 likelihood, -2 ln Phi((LLOQ - f_j) / s_j) (Beal 2001, J
 * Pharmacokinet Pharmacodyn 28:481). */
#ifndef CNSIM_TDM_H
#define CNSIM_TDM_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/pk.h"
#include "cnsim/regimen.h"
#include "cnsim/pkmodel.h"

CNSIM_BEGIN_DECLS

typedef enum {
    CNSIM_TDM_CL = 0,       /* clearance (and a metabolite's formation with it) */
    CNSIM_TDM_V,            /* every volume of distribution */
    CNSIM_TDM_KA,           /* absorption rate */
    CNSIM_TDM_F,            /* bioavailability, logit scale */
    CNSIM_TDM_N_KINDS
} cnsim_tdm_param;

const char *cnsim_tdm_param_name(cnsim_tdm_param p);   /* "CL", "V", "KA", "F" */

#define CNSIM_TDM_MAX_ETA 4

/* The population model of one drug: its typical parameters, which of
 * them vary between subjects and how (OMEGA), and the residual error. */
typedef struct cnsim_tdm_prior {
    cnsim_pk_params pk;                             /* the typical subject */
    int n_eta;
    cnsim_tdm_param eta[CNSIM_TDM_MAX_ETA];         /* distinct */
    double omega[CNSIM_TDM_MAX_ETA * CNSIM_TDM_MAX_ETA]; /* covariance, row-major, n_eta x n_eta */
    double sigma_add_ng_mL;                         /* additive SD (>= 0) */
    double sigma_prop;                              /* proportional SD (>= 0); not both 0 */
} cnsim_tdm_prior;

/* One measured level. */
typedef struct cnsim_tdm_level {
    double time_h;
    double value_ng_mL;         /* ignored when blq */
    size_t output;              /* PK output index: 0 the parent, then its metabolites
                                   (cnsim_pk_run_n_outputs order) */
    int blq;                    /* 1: below lloq_ng_mL (M3) */
    double lloq_ng_mL;
} cnsim_tdm_level;

typedef struct cnsim_tdm_fit {
    int n_eta;
    double eta[CNSIM_TDM_MAX_ETA];                  /* the mode */
    double cov[CNSIM_TDM_MAX_ETA * CNSIM_TDM_MAX_ETA]; /* Laplace: the inverse of half the
                                                       OFV's Hessian at the mode */
    double objective;                               /* OFV at the mode */
    double param[CNSIM_TDM_MAX_ETA];                /* the subject's CL (L/h), V (L, central),
                                                       KA (1/h) or F at the mode */
    double ci90_lo[CNSIM_TDM_MAX_ETA], ci90_hi[CNSIM_TDM_MAX_ETA]; /* 5th and 95th
                                                       percentiles of the Laplace posterior */
    double shrinkage[CNSIM_TDM_MAX_ETA];            /* posterior over prior variance: 0 the
                                                       levels fix it, 1 they say nothing
                                                       (over subjects, NONMEM's variance
                                                       ETA shrinkage 1 - var(ETA)/OMEGA) */
    int n_iter;
    int converged;
} cnsim_tdm_fit;

/* The prior of a model (a model file, or cnsim_pk_model_from_registry):
 * its PK as the typical subject, a random effect for each of its OMEGA
 * entries on CL, V, KA or F1 (diagonal), and its SIGMA (variances) as
 * residual SDs. A model without SIGMA needs one from the caller:
 * sigma_prop and sigma_add_ng_mL (SDs) replace the model's when >= 0 (NAN:
 * the model's). CNSIM_E_ARG naming an OMEGA entry on another parameter
 * (a random effect the estimator does not take) or a missing residual
 * error. */
cnsim_status cnsim_tdm_prior_from_model(const cnsim_pk_model *m, double sigma_prop, double sigma_add_ng_mL,
                                        cnsim_tdm_prior *out);

/* One measured level written as text (the command line's --level):
 *   [SPECIES] TIME VALUE
 * TIME a duration after t = 0 ("167.9 h", "7 d", "10080min"; a bare
 * number counts in hours), VALUE a concentration ("12.3", "12.3 ng/mL";
 * units ng/mL = ug/L = mcg/L, mg/L and ug/mL (x 1000), ng/L (x 0.001); a
 * bare number is ng/mL), or below the limit of quantification as "<0.5"
 * or "BLQ 0.5" (the limit, same units). SPECIES (optional, first) names
 * the output, e.g. "7-aminoclonazepam"; species_out gets it ("" if none).
 * Errors name field, the text and what was expected (CNSIM_E_PARSE,
 * CNSIM_E_RANGE for a negative time or value). */
#define CNSIM_TDM_SPECIES_MAX 64
cnsim_status cnsim_tdm_parse_level(const char *text, const char *field, char species_out[CNSIM_TDM_SPECIES_MAX],
                                   cnsim_tdm_level *out);

/* Checks a prior (distinct kinds, a positive definite OMEGA, a residual
 * error): CNSIM_E_RANGE naming what is wrong. */
cnsim_status cnsim_tdm_prior_check(const cnsim_tdm_prior *pr);

/* The subject's PK parameters at eta (n_eta values in pr's order). */
cnsim_status cnsim_tdm_individual(const cnsim_tdm_prior *pr, const double *eta, cnsim_pk_params *out);

/* OFV(eta) for the records ev (expanded and sorted, drug index 0) and the
 * levels lv; NAN with an error set if the prediction fails. */
double cnsim_tdm_objective(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                           const cnsim_tdm_level *lv, size_t n_lv, const double *eta);

/* The MAP estimate and its Laplace uncertainty. CNSIM_E_ARG for no level
 * or a level at a bad time or output, CNSIM_E_RANGE for a bad prior,
 * CNSIM_E_SOLVER if the search fails (the message says how far it got). */
cnsim_status cnsim_tdm_map(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                           const cnsim_tdm_level *lv, size_t n_lv, cnsim_tdm_fit *out);

/* The posterior sampled exactly (up to Monte Carlo error) by importance
 * sampling: n draws from a multivariate t (4 degrees of freedom) centred on
 * the mode with the Laplace covariance, each weighted by the posterior
 * over the proposal density; a fixed seed gives the same draws. Fills the
 * weighted 5th and 95th percentiles of each parameter (ci90_lo/hi), the
 * posterior mean of eta and its effective sample size (Kish). fit is a
 * cnsim_tdm_map result for the same data. */
typedef struct cnsim_tdm_sample {
    size_t n;                                       /* draws */
    double ess;                                     /* effective sample size */
    double eta_mean[CNSIM_TDM_MAX_ETA];
    double ci90_lo[CNSIM_TDM_MAX_ETA], ci90_hi[CNSIM_TDM_MAX_ETA];   /* of the parameters */
} cnsim_tdm_sample;

cnsim_status cnsim_tdm_sample_posterior(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                                        const cnsim_tdm_level *lv, size_t n_lv, const cnsim_tdm_fit *fit,
                                        size_t n, unsigned long seed, cnsim_tdm_sample *out);

CNSIM_END_DECLS
#endif
