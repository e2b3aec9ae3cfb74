/* Pharmacokinetics: regimen events -> amounts and plasma concentrations.
 *
 * Per drug, six states (amounts in mg; metabolite amounts in mg of
 * metabolite): depot, central, peripheral 1, peripheral 2, metabolite
 * central, and the cumulative amount eliminated (parent-equivalent mg), so
 * mass balance can be checked exactly. Two solvers:
 *   - CVODE (SUNDIALS BDF) for every model, linear or not, with every dose,
 *     infusion start/stop and reset as a hard stop of the integrator;
 *   - an exact closed form for linear models: the system x' = A x + r is
 *     propagated with the matrix exponential over each interval between
 *     events, which by linearity is the superposition of the single-dose
 *     solutions (robust for nearly equal rate constants such as ka ~ k).
 * Doses at time t are applied before the output at t (outputs at a dose time
 * show the post-dose state); a dose with lag time tlag enters at t + tlag. */
#ifndef CNSIM_PK_H
#define CNSIM_PK_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"
#include "cnsim/regimen.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { CNSIM_PK_STATES_PER_DRUG = 6 };
enum {
    CNSIM_PK_S_DEPOT = 0, CNSIM_PK_S_CENTRAL = 1, CNSIM_PK_S_PERIPH = 2,
    CNSIM_PK_S_PERIPH2 = 3, CNSIM_PK_S_METAB = 4, CNSIM_PK_S_ELIM = 5
};

typedef enum {
    CNSIM_SOLVER_AUTO = 0,   /* closed form when every model is linear */
    CNSIM_SOLVER_CVODE = 1,
    CNSIM_SOLVER_CLOSED = 2
} cnsim_solver_kind;

typedef struct cnsim_solver_opts {
    cnsim_solver_kind kind;   /* default CNSIM_SOLVER_AUTO */
    double rtol;              /* CVODE relative tolerance, default 1e-8 */
    double atol_mg;           /* CVODE absolute tolerance on amounts (mg),
                                 default 1e-12 */
    long max_steps;           /* CVODE steps between outputs, default 100000 */
    int ss_max_intervals;     /* steady-state iterations, default 5000 */
    double ss_rtol;           /* steady-state convergence, default 1e-10 */
} cnsim_solver_opts;

cnsim_solver_opts cnsim_solver_opts_default(void);
const char *cnsim_solver_name(cnsim_solver_kind k);

typedef struct cnsim_pk_run cnsim_pk_run; /* opaque */

/* Creates a run for n_drugs drugs (parameters copied). Checks the
 * parameters (positive volumes and clearances, 0 < F <= 1, ...):
 * CNSIM_E_RANGE naming the drug and the field. */
cnsim_status cnsim_pk_run_create(const cnsim_pk_params *drugs, size_t n_drugs,
                                 const cnsim_solver_opts *opts,
                                 cnsim_pk_run **out);
void cnsim_pk_run_free(cnsim_pk_run *run); /* NULL is fine */

/* 1 if every drug's model is linear (no Michaelis-Menten term). */
int cnsim_pk_run_is_linear(const cnsim_pk_run *run);
/* The solver a simulate call will use (AUTO resolved). */
cnsim_solver_kind cnsim_pk_run_solver(const cnsim_pk_run *run);

/* Concentration outputs: one per drug, plus one per modelled metabolite,
 * named by the canonical drug name ("clonazepam", "7-aminoclonazepam"). */
size_t cnsim_pk_run_n_outputs(const cnsim_pk_run *run);
const char *cnsim_pk_run_output_name(const cnsim_pk_run *run, size_t i);
size_t cnsim_pk_run_n_states(const cnsim_pk_run *run); /* 6 per drug */

/* Simulates one subject. ev: that subject's records, already expanded and
 * sorted (cnsim_events_expand), with ev[i].drug indexing the drugs given
 * at create. t_h: n_t output times, non-decreasing, >= 0. Writes
 * conc_ng_mL[i * n_outputs + j] and, if amounts_mg is non-NULL,
 * amounts_mg[i * n_states + s]. The subject starts empty at t = 0 (or at
 * the first record if earlier). Returns CNSIM_E_SOLVER with CVODE's
 * message, or CNSIM_E_ARG for a closed-form request on a nonlinear model. */
cnsim_status cnsim_pk_run_simulate(cnsim_pk_run *run, const cnsim_event *ev,
                                   size_t n_ev, const double *t_h, size_t n_t,
                                   double *conc_ng_mL, double *amounts_mg);

/* Counters of the last simulate call (for the run manifest). */
typedef struct cnsim_pk_stats {
    long n_steps;          /* CVODE internal steps (0 for closed form) */
    long n_rhs;            /* right-hand-side evaluations */
    long n_intervals;      /* intervals between events propagated */
    double dose_total_mg;  /* sum of doses given (before F) */
    double unabsorbed_mg;  /* (1 - F) part of oral doses, never absorbed */
} cnsim_pk_stats;
void cnsim_pk_run_stats(const cnsim_pk_run *run, cnsim_pk_stats *out);

/* Non-compartmental summary of one concentration series (NCA). */
typedef struct cnsim_nca {
    double cmax_ng_mL, tmax_h;     /* within [t_from, t_to] */
    double cmin_ng_mL;             /* minimum within [t_from, t_to] */
    double auc_ng_h_mL;            /* linear-up / log-down trapezoid */
    double half_life_h;            /* terminal, log-linear regression; NAN
                                      if it cannot be estimated */
    double lambda_z_per_h;
    double r2_adj;                 /* of the terminal regression */
    int n_lambda_z;                /* points used for the regression */
} cnsim_nca;

/* NCA over the points with t_from <= t <= t_to. The terminal half-life uses
 * the last points from t_from on (at least 3, after the last Cmax, the set
 * with the best adjusted R^2, as in the usual NCA practice). */
cnsim_status cnsim_nca_compute(const double *t_h, const double *c, size_t n,
                               double t_from, double t_to, cnsim_nca *out);

/* Model-based summary of one output (drug or metabolite) under the
 * regimen in ev (one subject, expanded). The regular dosing interval tau is
 * the median interval between the drug's doses. Steady-state metrics come
 * from the interval after the last dose [t_last, t_last + tau], sampled
 * finely (480 points); the terminal half-life from a log-linear regression
 * on a simulated washout after the last dose; the time to 90% of steady
 * state from the pre-dose troughs compared with the exact steady-state
 * trough (a separate SS = 1 simulation). Single-dose regimens report
 * Cmax/Tmax after the dose and AUC to infinity instead. */
typedef struct cnsim_pk_summary {
    char name[CNSIM_NAME_MAX];
    int is_metabolite;
    int n_doses;
    double dose_mg, tau_h;          /* tau NAN for a single dose */
    double first_dose_h, last_dose_h;
    double cmax_ng_mL, tmax_h;      /* tmax after the dose */
    double cmin_ng_mL;              /* trough of the interval */
    double auc_tau_ng_h_mL;         /* over the last dosing interval */
    double cavg_ng_mL;
    double auc_inf_ng_h_mL;         /* single dose only, else NAN */
    double half_life_h, r2_adj;
    double ss_trough_ng_mL;         /* exact steady-state trough */
    double t90_ss_h;                /* from the first dose; NAN if the
                                       regimen never gets there */
    double accumulation_ratio;      /* AUC last interval / first interval */
} cnsim_pk_summary;

/* Fills out[0 .. n_outputs-1] in the order of cnsim_pk_run_output_name. */
cnsim_status cnsim_pk_summarize(const cnsim_pk_params *drugs, size_t n_drugs,
                                const cnsim_event *ev, size_t n_ev,
                                const cnsim_solver_opts *opts,
                                cnsim_pk_summary *out, size_t n_out);

#ifdef __cplusplus
}
#endif
#endif
