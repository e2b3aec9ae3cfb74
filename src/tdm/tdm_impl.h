/* The estimator every individualisation shares (src/tdm/core.c): a
 * subject's random effects eta ~ N(0, OMEGA), observations y_j with
 * predictions f_j(eta) from a caller's model and residual variances
 * s_j^2 = add_j + prop_j f_j^2, the objective
 *   OFV(eta) = sum_j [ (y_j - f_j)^2 / s_j^2 + ln s_j^2 ] + eta' OMEGA^-1 eta
 * (a censored observation by Beal's M3, -2 ln Phi((LLOQ - f_j) / s_j)),
 * its mode by GSL's BFGS, the Laplace covariance, and posterior draws
 * (the Laplace normal, or exact by importance sampling). The drug-level
 * estimator (map.c, PK predictions) and the taper diary (diary.c,
 * symptom-score predictions) are two models of this one problem. */
#ifndef CNSIM_TDM_IMPL_H
#define CNSIM_TDM_IMPL_H

#include <stddef.h>
#include "cnsim/status.h"

#define TDM_MAX_ETA 4

typedef struct tdm_obs {
    double value;          /* ignored when blq */
    int blq;               /* 1: below lloq (M3) */
    double lloq;
    double var_add;        /* additive variance */
    double var_prop;       /* proportional variance (of f) */
} tdm_obs;

/* Fills f[0..n_obs) at eta; returns CNSIM_OK or a status (with the error
 * set). */
typedef cnsim_status (*tdm_predict_fn)(void *user, const double *eta, double *f);

typedef struct tdm_problem {
    int n_eta;
    double omega[TDM_MAX_ETA * TDM_MAX_ETA];   /* row-major n_eta x n_eta */
    const tdm_obs *obs;
    size_t n_obs;
    tdm_predict_fn predict;
    void *user;
    /* scratch and counters, set by tdm_problem_init */
    double *f;
    double chol[TDM_MAX_ETA * TDM_MAX_ETA];    /* OMEGA's Cholesky factor */
    long n_eval;
    cnsim_status failed;   /* first failure of a prediction */
} tdm_problem;

/* Factorises OMEGA and allocates the scratch: CNSIM_E_RANGE if OMEGA is
 * not positive definite, CNSIM_E_NOMEM. */
cnsim_status tdm_problem_init(tdm_problem *p);
void tdm_problem_free(tdm_problem *p);
/* 1 if the n x n matrix a is positive definite. */
int tdm_positive_definite(const double *a, int n);

/* OFV at eta; NAN when the prediction fails (p->failed says why). */
double tdm_ofv(tdm_problem *p, const double *eta);

/* The mode from eta = 0 (or start when not NULL): eta, its OFV, the
 * iterations and whether the gradient vanished. CNSIM_E_SOLVER if the
 * objective is not finite at the start, the prediction's status if it
 * failed there. */
cnsim_status tdm_mode(tdm_problem *p, const double *start, double *eta, double *ofv, int *n_iter, int *converged);

/* The Laplace covariance at the mode: the inverse of half the OFV's
 * Hessian (central differences). CNSIM_E_SOLVER if not positive definite. */
cnsim_status tdm_laplace(tdm_problem *p, const double *eta, double ofv, double *cov);

/* n posterior draws of eta (n x n_eta, row-major) with weights w (sum
 * not normalised). exact = 0: from the Laplace normal N(mode, cov), equal
 * weights; exact = 1: from a multivariate t (4 degrees of freedom) at the
 * mode with the Laplace covariance, each weighted by posterior over
 * proposal (importance sampling). A fixed seed gives the same draws.
 * ess gets the effective sample size (Kish). */
cnsim_status tdm_draws(tdm_problem *p, const double *mode, const double *cov, size_t n, unsigned long seed,
                       int exact, double *eta, double *w, double *ess);

/* The weighted q-quantile of n values (v, w): v and w are reordered. */
double tdm_wquantile(double *v, double *w, size_t n, double q);

#endif
