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
#include "cnsim/registry.h"

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

/* The prior of registry drug `drug` (formulation NULL: the default):
 * its PK (cnsim_pk_model_from_registry), its published between-subject
 * variability (table population_iiv) and the residual error of its
 * population model (table residual_error; its source id into source),
 * unless sigma_prop or sigma_add_ng_mL is given (>= 0; the other is then
 * 0 when not given). CNSIM_E_ARG for a drug without either table's rows. */
cnsim_status cnsim_tdm_prior_from_registry(cnsim_registry *reg, const char *drug, const char *formulation,
                                           double sigma_prop, double sigma_add_ng_mL, cnsim_tdm_prior *out,
                                           char *source, size_t n_source);

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

/* A residual error as text: "prop SD" (0.1 or 10%), "add SD [UNIT]"
 * (ng/mL by default), or both ("prop 10% add 0.5 ng/mL"); the one not
 * given is NAN. */
cnsim_status cnsim_tdm_parse_error(const char *text, const char *field, double *sigma_prop, double *sigma_add_ng_mL);

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

/* The value of random effect i's parameter (CL, V, KA or F) at eta_i,
 * the others at 0. */
double cnsim_tdm_param_value(const cnsim_tdm_prior *pr, int i, double eta_i);

/* Posterior draws of eta for predictions and recommendations. */
typedef enum {
    CNSIM_TDM_LAPLACE = 0,      /* the normal at the mode with the Laplace covariance */
    CNSIM_TDM_SAMPLE = 1        /* exact: importance sampling (t proposal, weights) */
} cnsim_tdm_posterior;

typedef struct cnsim_tdm_draws {
    size_t n;
    int n_eta;
    cnsim_tdm_posterior kind;
    double *eta;                /* n x n_eta, row-major */
    double *w;                  /* n weights (all 1 for LAPLACE) */
    double ess;                 /* effective sample size (Kish) */
} cnsim_tdm_draws;

/* n draws (100 .. 1e7) with a fixed seed. Release with cnsim_tdm_draws_free. */
cnsim_status cnsim_tdm_draw(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                            const cnsim_tdm_level *lv, size_t n_lv, const cnsim_tdm_fit *fit,
                            cnsim_tdm_posterior kind, size_t n, unsigned long seed, cnsim_tdm_draws *out);
void cnsim_tdm_draws_free(cnsim_tdm_draws *d);

/* The weighted 5th and 95th percentiles of each parameter, the posterior
 * mean of eta and the effective sample size of draws d (what
 * cnsim_tdm_sample_posterior reports, without drawing again). */
cnsim_status cnsim_tdm_summarize(const cnsim_tdm_prior *pr, const cnsim_tdm_draws *d, cnsim_tdm_sample *out);

/* The subject's concentrations of every output at the n_t times t_h
 * (sorted): the typical subject's (pred, eta = 0), at the mode (ipred),
 * and the 5th and 95th weighted percentiles over the draws (lo, hi: the
 * 90% interval of the individual prediction, parameter uncertainty only,
 * no residual error). Arrays n_t x n_out, row-major. */
typedef struct cnsim_tdm_band {
    size_t n_t, n_out;
    double *t_h;
    double *pred, *ipred, *lo, *hi;
} cnsim_tdm_band;

cnsim_status cnsim_tdm_predict(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                               const cnsim_tdm_fit *fit, const cnsim_tdm_draws *d, const double *t_h, size_t n_t,
                               cnsim_tdm_band *out);
void cnsim_tdm_band_free(cnsim_tdm_band *b);

/* A target range at steady state:
 *   "trough LO-HI [UNIT]"            the parent's trough (ng/mL by default;
 *                                    units as for levels)
 *   "trough SPECIES LO-HI [UNIT]"    a metabolite's, or "SPECIES+SPECIES"
 *                                    for a sum (fluoxetine+norfluoxetine)
 *   "occupancy LO-HI%" or "occupancy LO-HI"   receptor occupancy at the
 *                                    trough (BZD site or SERT, the drug's
 *                                    target), percent or fraction
 * Errors name field, the text and what was expected. */
typedef enum { CNSIM_TDM_TARGET_TROUGH = 0, CNSIM_TDM_TARGET_OCCUPANCY = 1 } cnsim_tdm_target_kind;

typedef struct cnsim_tdm_target {
    cnsim_tdm_target_kind kind;
    char species[CNSIM_TDM_SPECIES_MAX];   /* trough: "" the parent, else names
                                              joined by '+' */
    double lo, hi;                          /* ng/mL, or a fraction 0..1 */
} cnsim_tdm_target;

cnsim_status cnsim_tdm_parse_target(const char *text, const char *field, cnsim_tdm_target *out);

/* A regimen at steady state: n_per_day administrations of admin_mg at
 * clock hours clock_h (ascending, within one day). take: what a patient
 * takes, in words ("1 1/2 x 0.5 mg tablet at 08:00 and 20:00"). */
#define CNSIM_TDM_MAX_ADMIN 4
typedef struct cnsim_tdm_regimen {
    int n_per_day;
    double admin_mg[CNSIM_TDM_MAX_ADMIN];
    double clock_h[CNSIM_TDM_MAX_ADMIN];
    double daily_mg;
    char text[96];                          /* "0.75 mg bid" */
    char take[400];
} cnsim_tdm_regimen;

/* The target quantity of one regimen at steady state over the draws. */
typedef struct cnsim_tdm_outcome {
    double probability_in_target;           /* weighted share of draws in range */
    double median, lo, hi;                  /* 50th, 5th, 95th percentiles */
    double at_mode;                         /* at the MAP estimate */
    double typical;                         /* for the typical subject */
    int evaluated;                          /* 0: screened at the mode only
                                               (probability and percentiles NAN) */
} cnsim_tdm_outcome;

/* Which outputs a target reads: output_weight[k] = 1 for each output the
 * target sums (trough), from the PK outputs' names (n_out, as
 * cnsim_pk_run_output_name gives them). CNSIM_E_ARG naming a species the
 * model has not, with the names it has. */
cnsim_status cnsim_tdm_target_outputs(const cnsim_tdm_target *t, const cnsim_tdm_prior *pr, double *output_weight,
                                      size_t n_out);

/* Steady-state outcome of regimen r (the trough: just before the first
 * administration of the day). pd (n_out entries, the PD parameters of
 * each output) is needed for an occupancy target, else may be NULL. */
cnsim_status cnsim_tdm_evaluate(const cnsim_tdm_prior *pr, const cnsim_tdm_fit *fit, const cnsim_tdm_draws *d,
                                const cnsim_tdm_target *t, const struct cnsim_pd_drug_params *pd,
                                const cnsim_tdm_regimen *r, cnsim_tdm_outcome *out);

/* The candidate most likely to be in the target range: the highest
 * probability; among those within 0.02 of it (equal administrations
 * first, when one of them is among these), the one whose median is
 * nearest the range's geometric centre, then the lower daily dose; but
 * a candidate with keep's doses (the regimen taken; may be NULL) when it
 * is among them: no change. Every candidate is screened at the mode; the
 * 8 whose value there is nearest the range's centre, and keep's, are
 * evaluated over the draws (the others' probability is nil in practice;
 * they stay NAN with evaluated 0). progress (may be NULL) is told the
 * work done (a nonlinear drug takes tens of seconds).
 * *best gets its index, outcome[n_cand] (may be NULL) every outcome. */
cnsim_status cnsim_tdm_recommend(const cnsim_tdm_prior *pr, const cnsim_tdm_fit *fit, const cnsim_tdm_draws *d,
                                 const cnsim_tdm_target *t, const struct cnsim_pd_drug_params *pd,
                                 const cnsim_tdm_regimen *cand, size_t n_cand, const cnsim_tdm_regimen *keep,
                                 size_t *best, cnsim_tdm_outcome *outcome, const cnsim_progress *progress);

/* One subject (id, block) of a data set (cnsim_events_read_csv): its dose
 * records, expanded, into doses (initialised by the caller), and its
 * observations as levels (EVID 0 with MDV 0, or BLQ 1 with its LLOQ; CMT
 * 5, the metabolite compartment, reads the first metabolite, any other
 * the parent) into *levels (free()). CNSIM_E_RANGE naming the line for a
 * DV that is not a concentration. */
cnsim_status cnsim_tdm_subject_data(const cnsim_event_list *l, int id, int block, cnsim_event_list *doses,
                                    cnsim_tdm_level **levels, size_t *n_levels);

/* The regimen a dosing history ends on: the doses of its last 24 h of
 * dosing by clock hour (t = 0 is 00:00), as a steady-state regimen to
 * evaluate and to recommend against. */
cnsim_status cnsim_tdm_current_regimen(const cnsim_event *ev, size_t n_ev, cnsim_tdm_regimen *out);

CNSIM_END_DECLS
#endif
