/* Pharmacodynamics: from concentration to receptor occupancy, effect,
 * adaptation (tolerance, dependence) and withdrawal, for benzodiazepines
 * (GABA-A) and SSRIs (SERT). Equations and parameters with their sources:
 * docs/models.md. Each layer is usable alone:
 *   effect site  cnsim_pd_effect_site      sampled concentrations -> Ce
 *   occupancy    cnsim_pd_bzd_occupancy, cnsim_pd_sert_occupancy
 *   drivers      cnsim_pd_drivers_at       Ce and dCe/dt -> occupancies
 *   adaptation   cnsim_pd_integrate        driver samples -> states
 *                cnsim_pd_adapt            the same from occupancy series
 *   all of it    cnsim_pd_run              sampled concentrations -> states
 * The patient-scale chain (cnsim/model.h) computes the effect sites with
 * the pharmacokinetics and calls cnsim_pd_drivers_at and
 * cnsim_pd_integrate. */
#ifndef CNSIM_PD_H
#define CNSIM_PD_H

#include <stddef.h>
#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

/* Pharmacodynamic parameters of one substance (drug or active
 * metabolite); the registry fills them (cnsim_registry_pd_params). */
typedef enum {
    CNSIM_PD_TARGET_NONE = 0,   /* no modelled CNS target */
    CNSIM_PD_TARGET_BZD = 1,    /* GABA-A receptor benzodiazepine site */
    CNSIM_PD_TARGET_SERT = 2    /* serotonin transporter */
} cnsim_pd_target;

typedef struct cnsim_pd_drug_params {
    char name[CNSIM_NAME_MAX];
    cnsim_pd_target target;
    double ke0_per_h;          /* effect-site equilibration rate */
    double ki_unbound_nM;      /* BZD: in vivo affinity, unbound conc. */
    double efficacy;           /* BZD: intrinsic efficacy, 0..1 */
    double fu;                 /* BZD: unbound fraction in plasma */
    double mw_g_per_mol;       /* to convert ng/mL to nM */
    double sert_ec50_ng_mL;    /* SERT: occupancy EC50, total plasma */
    double sert_emax_frac;     /* SERT: maximal occupancy, 0..1 */
} cnsim_pd_drug_params;

/* System-level pharmacodynamic parameters (registry table pd_system);
 * times in h. The meaning and source of each is in docs/models.md. */
typedef struct cnsim_pd_system_params {
    double gabaa_mmax;
    double anx_ec50_occ, anx_hill, sed_ec50_occ, sed_hill, conv_ec50_occ, conv_hill;
    double tol_drive_ec50_occ;
    double tol_sed_t_half_h, tol_sed_max, tol_anx_t_half_h, tol_anx_max;
    double tol_conv_t_half_h, tol_conv_max;
    double dep_t_half_on_h, dep_t_half_off_h, dep_max;
    double dep_slow_t_half_on_h, dep_slow_t_half_off_h; /* the dependence
                                    state that follows the fast adaptation
                                    over weeks and carries the withdrawal */
    double withdrawal_threshold;
    double sert_nonsert_clearance, auto_gain, auto_t_half_h, auto_min, auto_e50;
    double ad_ec50, ad_hill;
    double ad_t_half_on_h, ad_t_half_off_h;   /* the antidepressant effect
                                    follows its drive within days and
                                    outlasts it by weeks to months */
    double ssri_adapt_t_half_on_h, ssri_adapt_t_half_off_h; /* the level of
                                    SERT occupancy the system has adapted to */
    double ssri_disc_threshold;  /* discontinuation index counted as
                                    symptomatic */
} cnsim_pd_system_params;

/* Checks the system parameters against their physiological bounds
 * (CNSIM_E_RANGE naming the parameter, its value and the bound). */
cnsim_status cnsim_pd_system_check(const cnsim_pd_system_params *s);
cnsim_status cnsim_pd_drug_check(const cnsim_pd_drug_params *d);

/* How the slow states are integrated. The drivers (occupancies and their
 * time derivatives) are sampled on a grid and interpolated as cubic
 * Hermite polynomials between samples. The grid (cnsim_run_simulate) is
 * fine where the drivers change fast and coarse where they do not: after
 * each dose (or infusion edge) of a drug with rate constants r (absorption,
 * distribution, elimination, effect site), Delta hours later the step is
 *     h = min over r of step_h (R / r) e^{r Delta / 4},  at most max_step_h,
 * R the fastest rate of the model, so each exponential's interpolation
 * error (r h)^4 e^{-r Delta} stays at the level the fastest one has at the
 * dose with step_h; over the 12 h after the first dose (the onset) the step
 * is step_h throughout. max_step_h = step_h gives a uniform grid.
 *   EXPONENTIAL (default): each state's linear relaxation is solved
 *     exactly over a step and the drive term integrated against the
 *     exponential kernel with 4th-order Hermite weights; the 5-HT1A state,
 *     whose target depends on itself, by the same rule made implicit
 *     (fixed-point passes; the step is 100 times shorter than its time
 *     constant); where the GABA-A adaptation target crosses the state, the
 *     step is split at the crossing so that building and recovery each get
 *     their own rate. Accuracy is set by step_h.
 *   CVODE: SUNDIALS CVODE (BDF) on the same equations and drivers with
 *     the tolerances rtol and atol; the reference to check the default. */
typedef enum {
    CNSIM_PD_SOLVER_EXPONENTIAL = 0,
    CNSIM_PD_SOLVER_CVODE = 1
} cnsim_pd_solver_kind;

typedef struct cnsim_pd_opts {
    cnsim_pd_solver_kind kind; /* default CNSIM_PD_SOLVER_EXPONENTIAL */
    double step_h;             /* driver sampling at a dose, default
                                  CNSIM_FINE_STEP_H (cnsim/pk.h): 0.05 h */
    double max_step_h;         /* longest step of the grid, default 1 h */
    double rtol;               /* CVODE relative tolerance, default 1e-6 */
    double atol;               /* CVODE absolute tolerance on the states
                                  (fractions), default 1e-10 */
    long max_steps;            /* CVODE steps, default 1000000 */
} cnsim_pd_opts;

cnsim_pd_opts cnsim_pd_opts_default(void);
const char *cnsim_pd_solver_name(cnsim_pd_solver_kind k);
/* "exponential" or "cvode"; CNSIM_E_ARG naming field otherwise. */
cnsim_status cnsim_pd_solver_parse(const char *name, const char *field, cnsim_pd_solver_kind *out);
/* CNSIM_E_RANGE naming the option when out of range. */
cnsim_status cnsim_pd_opts_check(const cnsim_pd_opts *o);

/* Effect-site concentration: dCe/dt = ke0 (C - Ce), Ce(t0) = ce0, solved
 * exactly for C linear between the n samples (Sheiner et al. 1979, Clin
 * Pharmacol Ther 25:358). */
void cnsim_pd_effect_site(const double *t_h, const double *c, size_t n,
                          double ke0_per_h, double ce0, double *ce);

/* The Hill function H(x; ec50, n) = (x/ec50)^n / (1 + (x/ec50)^n), 0 for
 * x <= 0: the effect indices, the GABA-A drug effect the dependence adapts
 * to (H(phi; conv_ec50_occ, conv_hill)) and the antidepressant drive. */
double cnsim_pd_hill(double x, double ec50, double n);

/* Competitive occupancy of the benzodiazepine site by n ligands (Gaddum):
 * occ_i = x_i / (1 + sum x), x_i = fu_i Ce_i / Ki_i (nM). Writes occ (n,
 * may be NULL) and returns the efficacy-weighted occupancy sum e_i occ_i.
 * Substances with another target count as 0. */
double cnsim_pd_bzd_occupancy(const cnsim_pd_drug_params *d, size_t n,
                              const double *ce_ng_mL, double *occ);

/* SERT occupancy by n inhibitors: sum Emax_i x_i / (1 + sum x),
 * x_i = Ce_i / EC50_i (total plasma ng/mL; Sorensen 2022 hyperbolic fits). */
double cnsim_pd_sert_occupancy(const cnsim_pd_drug_params *d, size_t n,
                               const double *ce_ng_mL);

/* What drives the slow states at one time: the efficacy-weighted
 * benzodiazepine-site occupancy and the SERT occupancy, each with its
 * time derivative (per h), and the total benzodiazepine-site occupancy. */
typedef struct cnsim_pd_drivers {
    double t_h;
    double drive, d_drive;
    double sert, d_sert;
    double bzd_occupancy;
} cnsim_pd_drivers;

/* Drivers from the effect-site concentrations ce (n substances, total
 * ng/mL) and their time derivatives dce (ng/mL/h; NULL: 0). */
void cnsim_pd_drivers_at(const cnsim_pd_drug_params *d, size_t n, double t_h,
                         const double *ce_ng_mL, const double *dce_ng_mL_per_h,
                         cnsim_pd_drivers *out);

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
    double adaptation;           /* GABA-A dependence: the slow adapted
                                    state that carries the withdrawal */
    double adaptation_fast;      /* GABA-A receptor adaptation within days,
                                    which drives the dependence state */
    double withdrawal;           /* dependence minus current effect, >= 0 */
    double sert_occupancy;
    double firing;               /* raphe 5-HT neuron firing, baseline 1 */
    double serotonin_tone;       /* net forebrain 5-HT transmission, baseline 1 */
    double autoreceptor_sensitivity; /* 5-HT1A, baseline 1 */
    double antidepressant;       /* the antidepressant effect (slow state) */
    double antidepressant_drive; /* H(T - 1): what the effect tends to */
    double sert_adapted;         /* SERT occupancy the system adapted to */
    double ssri_discontinuation; /* adapted minus current SERT occupancy, >= 0 */
} cnsim_pd_state;

/* Counters of one integration. */
typedef struct cnsim_pd_stats {
    long n_steps;              /* steps taken (samples crossed, or CVODE's) */
    long n_rhs;                /* right-hand sides (CVODE) */
} cnsim_pd_stats;

/* Integrates the slow states (tolerance per effect, GABA-A adaptation,
 * 5-HT1A sensitivity) over n driver samples d (times non-decreasing),
 * from the drug-naive state at d[0], and fills out[j] with the state at
 * sample at[j] (n_at indices, non-decreasing, < n). stats may be NULL.
 * CNSIM_E_RANGE for drivers outside [0, 1] or parameters out of bounds,
 * CNSIM_E_SOLVER if a state leaves its range. */
cnsim_status cnsim_pd_integrate(const cnsim_pd_system_params *s, const cnsim_pd_opts *o,
                                const cnsim_pd_drivers *d, size_t n, const size_t *at, size_t n_at,
                                cnsim_pd_state *out, cnsim_pd_stats *stats);

/* The same from occupancy series: the efficacy-weighted benzodiazepine
 * occupancy `drive` and the SERT occupancy `sert` at the n times t_h
 * (either may be NULL for none), interpolated smoothly between samples;
 * out[k] at t_out[k] (non-decreasing, within [t_h[0], t_h[n-1]]). */
cnsim_status cnsim_pd_adapt(const cnsim_pd_system_params *s, const double *t_h,
                            size_t n, const double *drive, const double *sert,
                            const double *t_out, size_t n_out,
                            cnsim_pd_state *out);

/* Whole chain from plasma concentrations: conc[i * n_drugs + j] (ng/mL,
 * total) of substance j at t_h[i] -> out[k] at t_out[k]. Substances
 * without a target are ignored. The effect site treats C as linear
 * between samples, so samples should be dense (CNSIM_FINE_STEP_H or
 * finer around oral doses); cnsim/model.h computes effect sites exactly. */
cnsim_status cnsim_pd_run(const cnsim_pd_system_params *s,
                          const cnsim_pd_drug_params *drugs, size_t n_drugs,
                          const double *t_h, size_t n_t, const double *conc,
                          const double *t_out, size_t n_out,
                          cnsim_pd_state *out);

/* Withdrawal summary of a series: peak index, its time, and the time spent
 * above the threshold (h). */
typedef struct cnsim_pd_withdrawal_summary {
    double peak, peak_time_h, hours_above, threshold;
    double onset_time_h;         /* first time above threshold, NAN if never */
} cnsim_pd_withdrawal_summary;
void cnsim_pd_withdrawal_summarize(const double *t_h, const cnsim_pd_state *st,
                                   size_t n, double threshold,
                                   cnsim_pd_withdrawal_summary *out);
/* The same summary of the SSRI discontinuation index (issue 13, item 7). */
void cnsim_pd_discontinuation_summarize(const double *t_h, const cnsim_pd_state *st,
                                        size_t n, double threshold,
                                        cnsim_pd_withdrawal_summary *out);

CNSIM_END_DECLS
#endif
