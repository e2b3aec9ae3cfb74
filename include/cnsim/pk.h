/* Pharmacokinetics: regimen events -> amounts and plasma concentrations.
 *
 * Per drug, six amount states (mg; metabolite amounts in mg of
 * metabolite): depot, central, peripheral 1, peripheral 2, metabolite
 * central, and the cumulative amount eliminated (parent-equivalent mg), so
 * mass balance can be checked exactly; and, when asked for, an effect
 * site for the parent and one for the metabolite (concentrations). Three
 * solvers (the third, for linear drugs acting on each other's clearance,
 * is described with cnsim_pk_ddi below):
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
#include "cnsim/regimen.h"

CNSIM_BEGIN_DECLS

/* Enzymes whose activity a patient's genotype sets (CYP2D6 and CYP2C19
 * phenotypes; CYP3A4 for completeness), named as in the interaction
 * engine (cnsim_pk_ddi.enzyme). */
typedef enum { CNSIM_PK_CYP3A4 = 0, CNSIM_PK_CYP2D6 = 1, CNSIM_PK_CYP2C19 = 2, CNSIM_PK_N_GENES = 3 } cnsim_pk_gene;
const char *cnsim_pk_gene_enzyme(cnsim_pk_gene g);   /* "CYP2D6"; NULL out of range */

/* Active metabolites modelled per drug, the first one included. */
#define CNSIM_PK_MAX_METABOLITES 3

/* A metabolite after the first (cnsim_pk_params.more): formed from its
 * precursor `from` (0: the parent, 1: the first metabolite, 2: the
 * second; below its own number) with fraction fm of the precursor's
 * clearance; one compartment. */
typedef struct cnsim_pk_metabolite {
    char name[CNSIM_NAME_MAX];
    int from;
    double fm;                     /* 0..1; the fractions formed from one
                                      precursor sum to at most 1 */
    double mw_g_per_mol;
    double cl_L_per_h;
    double v_L;
} cnsim_pk_metabolite;

/* Pharmacokinetic parameters of one drug for a 70 kg adult. Amounts mg,
 * volumes L, clearances L/h, rates 1/h, times h, concentrations ng/mL.
 * The registry fills them (cnsim_registry_pk_params); a model file or a
 * population subject may give its own. */
typedef struct cnsim_pk_params {
    char name[CNSIM_NAME_MAX];     /* canonical name */
    int n_cmt;                     /* 1, 2 or 3 disposition compartments */
    double f;                      /* oral bioavailability, 0..1: NONMEM's
                                      F1, the fraction of a dose into the
                                      depot that is absorbed */
    double ka_per_h;               /* first-order absorption rate */
    double tlag_h;                 /* absorption lag time (ALAG1) */
    double cl_L_per_h;             /* linear clearance from central */
    double v1_L;                   /* central volume */
    double q2_L_per_h, v2_L;       /* first peripheral (n_cmt >= 2) */
    double q3_L_per_h, v3_L;       /* second peripheral (n_cmt == 3) */
    double vmax_mg_per_h;          /* Michaelis-Menten elimination; 0 = none */
    double km_ng_mL;               /* Michaelis-Menten constant */
    double fu;                     /* unbound fraction in plasma (0 = unknown) */
    double mw_g_per_mol;           /* molar mass of the parent */
    int has_metabolite;            /* an active metabolite is modelled */
    char metabolite[CNSIM_NAME_MAX];
    double fm;                     /* fraction of parent clearance (linear
                                      and MM) that forms the metabolite */
    double met_mw_g_per_mol;       /* molar mass of the metabolite */
    double met_cl_L_per_h;         /* metabolite clearance (1 compartment) */
    double met_v_L;                /* metabolite volume */
    /* Further metabolites (a chain or a tree; metabolite 1 is the one
     * above): more[i] is metabolite i + 2, formed from the parent or an
     * earlier metabolite, one compartment each. Every species' clearance
     * splits into the fractions that form the metabolites made from it
     * and the rest, eliminated. */
    int n_more_metabolites;        /* 0 .. CNSIM_PK_MAX_METABOLITES - 1;
                                      needs has_metabolite */
    cnsim_pk_metabolite more[CNSIM_PK_MAX_METABOLITES - 1];
    /* Doses into the central compartment (NONMEM's F2 and ALAG2): the
     * fraction that enters (0 < F2 <= 100, above 1 a relative bioavailability
     * as NONMEM allows; 1 for an intravenous dose, which
     * is what cnsim_pk_params_default and the registry set) and its lag. */
    double f2;
    double tlag2_h;
    /* Infusions whose rate or duration the model gives (a record with
     * RATE = -1 or -2; NONMEM's R1/D1 for the depot, R2/D2 for the central
     * compartment): rate mg/h, duration h; 0 = not modelled (such a record
     * is refused then). */
    double r1_mg_per_h, d1_h;
    double r2_mg_per_h, d2_h;
    /* The patient's activity of each enzyme in this drug's own pathways of
     * the interaction engine (cnsim_pk_pathway: its clearance fractions
     * and first pass), as a change from a normal metaboliser: 0 = normal
     * (so a zeroed struct is one), -1 = no activity (a poor metaboliser),
     * 0.5 = 1.5-fold. A pathway's activity multiplies the enzyme's amount,
     * so fm = 0.4 through CYP2D6 at -1 leaves 0.6 of the clearance. Acts
     * only where the engine runs (a drug with a modulator); the phenotype
     * rules set it (data/80_patient.sql, param *_activity). */
    double enzyme_activity_change[CNSIM_PK_N_GENES];
} cnsim_pk_params;

/* Parameters with every field neutral: F1 = F2 = 1, no lag, no modelled
 * rate or duration, and the rest 0 (a caller fills the model's own). */
cnsim_pk_params cnsim_pk_params_default(void);

/* Amount states reported per drug (cnsim_pk_run_n_states). */
enum { CNSIM_PK_STATES_PER_DRUG = 6 };
enum {
    CNSIM_PK_S_DEPOT = 0, CNSIM_PK_S_CENTRAL = 1, CNSIM_PK_S_PERIPH = 2,
    CNSIM_PK_S_PERIPH2 = 3, CNSIM_PK_S_METAB = 4, CNSIM_PK_S_ELIM = 5
};

/* The grid on which the patient-scale chain samples its drivers: effect
 * sites, receptor occupancy and the slow pharmacodynamic states are
 * integrated between samples this far apart (h). Output times are added
 * to it. Used by every caller of the chain (cnsim_run_*, the taper and
 * bridge planners, populations). */
#define CNSIM_FINE_STEP_H 0.05

typedef enum {
    CNSIM_SOLVER_AUTO = 0,   /* closed form when every model is linear */
    CNSIM_SOLVER_CVODE = 1,
    CNSIM_SOLVER_CLOSED = 2,
    /* linear drugs acting on each other's clearance (no feedback): the
     * closed form for the drugs nothing modulates, an exponential
     * integrator (ETD2RK) for the rest; what AUTO picks then */
    CNSIM_SOLVER_EXPONENTIAL = 3
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
/* "auto", "cvode", "closed" or "exponential"; CNSIM_E_ARG naming field
 * otherwise. */
cnsim_status cnsim_solver_parse(const char *name, const char *field, cnsim_solver_kind *out);

/* Checks one drug's parameters; CNSIM_E_RANGE naming the drug and field. */
cnsim_status cnsim_pk_params_check(const cnsim_pk_params *p);

/* The slowest rate at which output `of_metabolite` (0: the parent, 1: its
 * metabolite, n: its n-th metabolite) of drug p can fall once dosing
 * stops (h): ln 2 over the smallest eigenvalue of the linear system that
 * feeds it (its precursors back to the parent), absorption included
 * (flip-flop kinetics). Michaelis-Menten elimination counts with its
 * clearance at C = Km, half the maximal one. For horizons. */
double cnsim_pk_terminal_half_life_h(const cnsim_pk_params *p, int of_metabolite);

/* The rate constants (1/h) of the exponentials a dose of drug p puts into
 * its concentration curves: absorption, the disposition eigenvalues
 * (distribution and terminal; Michaelis-Menten elimination counted at
 * C = Km) and the metabolite's elimination. Fills rates (room for
 * CNSIM_PK_MAX_RATES) and returns how many. The chain sizes the steps of
 * its pharmacodynamic samples from them. */
#define CNSIM_PK_MAX_RATES (4 + CNSIM_PK_MAX_METABOLITES)
size_t cnsim_pk_rates(const cnsim_pk_params *p, double *rates);

typedef struct cnsim_pk_run cnsim_pk_run; /* opaque */

/* Creates a run for n_drugs drugs (parameters copied). Checks the
 * parameters (positive volumes and clearances, 0 < F <= 100, ...):
 * CNSIM_E_RANGE naming the drug and the field. */
cnsim_status cnsim_pk_run_create(const cnsim_pk_params *drugs, size_t n_drugs,
                                 const cnsim_solver_opts *opts,
                                 cnsim_pk_run **out);
void cnsim_pk_run_free(cnsim_pk_run *run); /* NULL is fine */

/* ---- drugs acting on each other's clearance ---------------------------
 *
 * Metabolic interactions as mechanisms inside one coupled system (the
 * "mechanistic static" equations of Fahmi et al. 2009, Drug Metab Dispos
 * 37:1658, made dynamic as in Galetin et al. 2006, Drug Metab Dispos
 * 34:166): each species' clearance (a drug's, or its metabolite's) is
 * split into fractions fm_e through enzymes e (the rest unaffected); each
 * enzyme has an amount E_e relative to its baseline, turned over at
 * kdeg_e,
 *   dE/dt = kdeg (1 + sum_ind Emax C/(EC50 + C)) - (kdeg + sum_mbi kinact C/(KI + C)) E,
 * and a species' clearance (linear CL and Vmax alike) is multiplied by
 *   m = 1 - sum_e fm_e + sum_e fm_e E_e / (1 + sum_comp C/Ki).
 * C are the modulators' plasma concentrations (total, ng/mL; the caller
 * converts unbound constants with fu). A first-pass pathway (is_first_pass)
 * makes an enzyme's activity act on the oral bioavailability too: fm is
 * then eh_e, the fraction of the absorbed dose the enzyme extracts on the
 * first pass through the liver at baseline, and the flux from depot to
 * central is multiplied by
 *   g = (1 - sum_e eh_e a_e) / (1 - sum_e eh_e),   a_e = E_e / (1 + sum_comp C/Ki)
 * (hepatic availability F_H = 1 - E_H, Rowland and Tozer, Clinical
 * Pharmacokinetics and Pharmacodynamics, 4th ed. 2011, with the
 * extraction E_H taken proportional to the enzyme's activity, which the
 * well-stirred model gives exactly only at low extraction): g is 1
 * at baseline, so F keeps its meaning of the baseline bioavailability,
 * and above 1 with the enzyme inhibited or inactivated. The amount g
 * adds to the central compartment is subtracted from the eliminated
 * amount (the doses' unabsorbed share is not a state). A run with any
 * modulator is nonlinear: solved by the exponential integrator when every
 * drug is linear and no modulator depends on a modulated enzyme
 * (CNSIM_SOLVER_EXPONENTIAL), else by CVODE; enzymes start at baseline
 * (E = 1) and return to it at a reset (EVID 3/4). */
#define CNSIM_PK_MAX_ENZYMES 8
typedef enum {
    CNSIM_MOD_COMPETITIVE = 1,      /* reversible: k_ng_mL = Ki */
    CNSIM_MOD_MECHANISM_BASED = 2,  /* k_ng_mL = KI, kinact_per_h */
    CNSIM_MOD_INDUCTION = 3         /* k_ng_mL = EC50, emax (fold increase - 1) */
} cnsim_modulation_kind;

typedef struct cnsim_pk_pathway {
    size_t drug;             /* index of the drug in the run */
    int of_metabolite;       /* 1: the drug's metabolite's clearance */
    int enzyme;              /* index into cnsim_pk_ddi.enzyme */
    double fm;               /* fraction of that clearance, 0..1; first
                                pass: the baseline extraction eh, < 1
                                summed over the drug's enzymes */
    int is_first_pass;       /* 1: the enzyme's first-pass extraction of
                                oral doses (parent only), not clearance */
} cnsim_pk_pathway;

typedef struct cnsim_pk_modulator {
    size_t drug;
    int of_metabolite;       /* 1: the drug's metabolite acts */
    int enzyme;
    cnsim_modulation_kind kind;
    double k_ng_mL;          /* Ki, KI or EC50 in total plasma ng/mL, > 0 */
    double kinact_per_h;     /* mechanism-based only, > 0 */
    double emax;             /* induction only, > 0 */
} cnsim_pk_modulator;

typedef struct cnsim_pk_ddi {
    size_t n_enzymes;
    char enzyme[CNSIM_PK_MAX_ENZYMES][16];   /* "CYP3A4" */
    double kdeg_per_h[CNSIM_PK_MAX_ENZYMES]; /* > 0 */
    const cnsim_pk_pathway *pathway;
    size_t n_pathways;
    const cnsim_pk_modulator *modulator;
    size_t n_modulators;
} cnsim_pk_ddi;

/* cnsim_pk_run_create with interactions (ddi copied; NULL or no
 * modulators: the same run as cnsim_pk_run_create). CNSIM_E_RANGE names
 * a bad field (fm outside 0..1 or summing above 1 for a species, first-
 * pass extractions summing to 1 or more or naming a metabolite, an
 * enzyme or drug index out of range, a constant <= 0); solver 'closed'
 * with a modulator: CNSIM_E_ARG. */
cnsim_status cnsim_pk_run_create_ddi(const cnsim_pk_params *drugs, size_t n_drugs,
                                     const cnsim_pk_ddi *ddi, const cnsim_solver_opts *opts,
                                     cnsim_pk_run **out);
/* Enzymes of the run (0 without modulators), their names, and whether
 * drug d's simulation depends on another drug through them (1) or not. */
size_t cnsim_pk_run_n_enzymes(const cnsim_pk_run *run);
const char *cnsim_pk_run_enzyme_name(const cnsim_pk_run *run, size_t e);
int cnsim_pk_run_drug_is_coupled(const cnsim_pk_run *run, size_t d);
/* The clearance multiplier m of drug d (of_metabolite: of its metabolite)
 * at the given concentrations of every output (n_outputs) and enzyme
 * amounts relative to baseline (n_enzymes; NULL: all at baseline). */
double cnsim_pk_run_cl_multiplier(const cnsim_pk_run *run, size_t d, int of_metabolite,
                                  const double *conc_ng_mL, const double *enzyme_rel);

/* Replaces drug d's parameters (one subject of a population, a changed
 * clearance) without rebuilding the run. The structure must stay: same
 * name, n_cmt, metabolite and linearity, else CNSIM_E_ARG. */
cnsim_status cnsim_pk_run_set_params(cnsim_pk_run *run, size_t d, const cnsim_pk_params *p);

/* When the inputs of the records change: the time each dose starts to
 * act (after its lag time) and, for an infusion, when it ends; in record
 * order, with the drug index. Fills up to cap entries of t_h and drug and
 * returns how many there are (call again with more room if that is more
 * than cap). Records the simulation would refuse are skipped here. */
size_t cnsim_pk_run_input_times(const cnsim_pk_run *run, const cnsim_event *ev, size_t n_ev, double *t_h, int *drug,
                                size_t cap);

/* Effect sites (Sheiner et al. 1979, Clin Pharmacol Ther 25:358): one
 * massless compartment per output k with dCe/dt = ke0[k] (C - Ce), Ce in
 * ng/mL (total), solved with the rest of the linear system (exactly, by
 * the closed form). ke0_per_h has n_outputs entries, >= 0 (0: none). */
cnsim_status cnsim_pk_run_set_effect_sites(cnsim_pk_run *run, const double *ke0_per_h);

/* 1 if every drug's model is linear (no Michaelis-Menten term). */
int cnsim_pk_run_is_linear(const cnsim_pk_run *run);
/* The solver a simulate call will use (AUTO resolved). */
cnsim_solver_kind cnsim_pk_run_solver(const cnsim_pk_run *run);

/* Concentration outputs: one per drug, then the first metabolite of each
 * drug that has one, then the further metabolites (cnsim_pk_params.more)
 * of each drug in turn; named by the species ("clonazepam",
 * "7-aminoclonazepam"). */
size_t cnsim_pk_run_n_outputs(const cnsim_pk_run *run);
const char *cnsim_pk_run_output_name(const cnsim_pk_run *run, size_t i);
/* The drug an output belongs to, and whether it is the metabolite. */
size_t cnsim_pk_run_output_drug(const cnsim_pk_run *run, size_t i);
int cnsim_pk_run_output_is_metabolite(const cnsim_pk_run *run, size_t i);
/* Which species of its drug output i is: 0 the parent, n its n-th
 * metabolite (1 .. CNSIM_PK_MAX_METABOLITES). */
int cnsim_pk_run_output_species(const cnsim_pk_run *run, size_t i);
size_t cnsim_pk_run_n_states(const cnsim_pk_run *run); /* 6 per drug */

/* Where and what to record in one simulation (all arrays caller-owned). */
typedef struct cnsim_pk_samples {
    const double *t_h;         /* n times, non-decreasing */
    size_t n;
    const unsigned char *before_events; /* NULL, or per time: 1 = record the
                                  state before the records at that time act
                                  (a pre-dose trough), 0 = after them */
    double *conc_ng_mL;        /* n x n_outputs plasma concentrations, or NULL */
    double *ce_ng_mL;          /* n x n_outputs effect-site concentrations, or NULL */
    double *amounts_mg;        /* n x n_states amounts, or NULL */
    double *enzyme_rel;        /* n x n_enzymes enzyme amounts relative to
                                  baseline (1 = none inhibited or induced), or NULL */
    const unsigned *need_drugs; /* NULL (every drug at every time), or per
                                  time a bit mask: bit d set = drug d's
                                  outputs are read there. The closed form
                                  brings each drug forward only to the
                                  times it is needed (drugs are independent)
                                  and records NAN for the others; other
                                  solvers record every drug. Ignored with
                                  more than 32 drugs. */
} cnsim_pk_samples;

/* Simulates one subject. ev: that subject's records, already expanded and
 * sorted (cnsim_events_expand), with ev[i].drug indexing the drugs given
 * at create. Records at time t act before a sample at t (samples at a dose
 * time show the post-dose state) unless the sample asks to come before
 * them. The subject starts empty at t = 0 (or at the first record or
 * sample if earlier). Returns CNSIM_E_SOLVER with CVODE's message, or
 * CNSIM_E_ARG for bad records or times. */
cnsim_status cnsim_pk_run_sample(cnsim_pk_run *run, const cnsim_event *ev, size_t n_ev,
                                 const cnsim_pk_samples *s);

/* The same with plasma concentrations conc_ng_mL[i * n_outputs + j] and,
 * if amounts_mg is non-NULL, amounts_mg[i * n_states + s] at t_h. */
cnsim_status cnsim_pk_run_simulate(cnsim_pk_run *run, const cnsim_event *ev,
                                   size_t n_ev, const double *t_h, size_t n_t,
                                   double *conc_ng_mL, double *amounts_mg);

/* Counters of the last simulate call (for the run manifest). */
typedef struct cnsim_pk_stats {
    long n_steps;          /* CVODE internal steps (0 for closed form) */
    long n_rhs;            /* right-hand-side evaluations */
    long n_intervals;      /* intervals between events propagated */
    long n_expm;           /* matrix exponentials computed (closed form,
                              Van Loan) */
    long n_modal;          /* propagators from the modal form (closed form) */
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

/* Model-based summary of one output (drug or metabolite) under a regimen.
 * Steady-state metrics come from the dosing interval after the last dose,
 * [t_last, t_last + tau]; the terminal half-life from a log-linear
 * regression on the washout after it; the time to 90% of steady state from
 * the pre-dose troughs compared with the exact steady-state trough.
 * Single-dose regimens report Cmax/Tmax after the dose and AUC to infinity
 * instead. */
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

/* How a summary samples a regimen: the times a simulation must record for
 * output k (cnsim_pk_summary_plan), and the summary from what it recorded
 * (cnsim_pk_summary_finish). Callers that already simulate the regimen
 * (cnsim_run_simulate) add these times to their own samples, so the
 * regimen is simulated once. */
typedef struct cnsim_pk_summary_plan {
    size_t output;                  /* the output summarised */
    double tau_h;                   /* dosing interval; NAN: single dose */
    double first_dose_h, last_dose_h, dose_mg;
    int n_doses;
    double *t_h;                    /* the times to record (owned): the first
                                       and last dosing intervals (481 points
                                       each), the pre-dose troughs and the
                                       washout (2000 points) */
    unsigned char *before_events;   /* per time (owned) */
    size_t n;
    size_t first0, n_first, trough0, n_trough, last0, n_last, wash0, n_wash;
    double wash_from_h, wash_to_h;  /* the washout window: from the end of the
                                       last interval over 10 half-lives of
                                       the slowest rate the model allows */
} cnsim_pk_summary_plan;

/* Plans the summary of output k of run under ev (one subject, expanded).
 * tau_h: the dosing interval the regimen gave (NAN: the median interval
 * between the drug's doses). A drug without doses gives n = 0. */
cnsim_status cnsim_pk_summary_plan_create(const cnsim_pk_run *run, size_t k, const cnsim_event *ev,
                                          size_t n_ev, double tau_h, cnsim_pk_summary_plan *plan);
/* conc: output k at plan->t_h (plan->n values); ss_trough: the exact
 * steady-state trough (cnsim_pk_run_ss_trough), NAN if unknown. */
cnsim_status cnsim_pk_summary_finish(const cnsim_pk_summary_plan *plan, const char *name, int is_metabolite,
                                     const double *conc, double ss_trough, cnsim_pk_summary *out);
void cnsim_pk_summary_plan_free(cnsim_pk_summary_plan *plan);

/* Exact steady-state trough of every output under record e repeated
 * every tau_h (conc_ng_mL: n_outputs values, just before the next dose).
 * NAN for every output when e's drug is coupled to another through an
 * enzyme (cnsim_pk_run_drug_is_coupled): its steady state depends on the
 * other drug's dosing. */
cnsim_status cnsim_pk_run_ss_trough(cnsim_pk_run *run, const cnsim_event *e, double tau_h,
                                    double *conc_ng_mL);

/* Fills out[0 .. n_outputs-1] in the order of cnsim_pk_run_output_name,
 * simulating the regimen once (tau from the median dosing interval). */
cnsim_status cnsim_pk_summarize(const cnsim_pk_params *drugs, size_t n_drugs,
                                const cnsim_event *ev, size_t n_ev,
                                const cnsim_solver_opts *opts,
                                cnsim_pk_summary *out, size_t n_out);

CNSIM_END_DECLS
#endif
