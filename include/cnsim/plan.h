/* Taper planning: schedules that bring a benzodiazepine or an SSRI to zero
 * by a published method, made of products a pharmacy can dispense and a
 * patient can measure (registry table products), and simulated through
 * PK -> occupancy -> adaptation to give the withdrawal index (GABA-A) or
 * the discontinuation index (SERT) of the taper against an abrupt stop.
 * Methods and their sources: docs/plan.md.
 *
 * A simulation starts with a pre-taper period on the starting dose
 * (default 12 weeks, so the adaptation is established), after which day 0
 * is the first day of the taper. */
#ifndef CNSIM_PLAN_H
#define CNSIM_PLAN_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"

CNSIM_BEGIN_DECLS

typedef enum {
    CNSIM_TAPER_LABEL = 0,          /* US Klonopin label: -0.125 mg bid / 3 d */
    CNSIM_TAPER_LINEAR,             /* equal absolute steps over max_weeks */
    CNSIM_TAPER_PROPORTIONAL,       /* ASAM 2025: x% of the current dose */
    CNSIM_TAPER_HYPERBOLIC,         /* equal steps of the model's effect */
    CNSIM_TAPER_DIAZEPAM_CROSSOVER, /* Ashton: switch to diazepam, reduce */
    CNSIM_TAPER_OPTIMIZED,          /* shortest schedule under a threshold */
    CNSIM_TAPER_N_METHODS
} cnsim_taper_method;

/* "label", "linear", ...: CNSIM_E_ARG listing the methods when unknown. */
cnsim_status cnsim_taper_method_parse(const char *name, cnsim_taper_method *out);
const char *cnsim_taper_method_name(cnsim_taper_method m);
/* One-sentence citation of the method (static text). */
const char *cnsim_taper_method_source(cnsim_taper_method m);

/* What a plan may be filled with. */
typedef enum {
    CNSIM_TAPER_FORM_AUTO = 0,      /* the fewest products that keep every
                                       step within pace (tried in the order
                                       below, tablets first) */
    CNSIM_TAPER_FORM_TABLETS,       /* tablets and capsules, halves where scored */
    CNSIM_TAPER_FORM_ODT,           /* orally disintegrating tablets */
    CNSIM_TAPER_FORM_LIQUID,        /* the oral liquid (solution, suspension,
                                       drops; compounded when none is
                                       marketed) that measures finest */
    CNSIM_TAPER_FORM_COMPOUNDED,    /* a compounded preparation */
    CNSIM_TAPER_FORM_STRIPS,        /* tapering strips: daily pouches */
    CNSIM_TAPER_FORM_N
} cnsim_taper_formulation;

cnsim_status cnsim_taper_formulation_parse(const char *name, cnsim_taper_formulation *out);
const char *cnsim_taper_formulation_name(cnsim_taper_formulation f);

typedef struct cnsim_taper_opts {
    const char *drug;          /* a benzodiazepine or SSRI with products in
                                  the registry (canonical name) */
    double from_dose_mg;       /* dose per administration at the start */
    int n_per_day;             /* administrations per day, 1..4 */
    cnsim_taper_method method;
    double max_weeks;          /* linear: length (default 8); others: an
                                  upper bound, CNSIM_E_RANGE if exceeded;
                                  NAN = none */
    double percent;            /* proportional: % of the current dose per
                                  step, default 10 */
    double interval_days;      /* days between steps; NAN = the method's
                                  (label 3, crossover stages 7, others 14) */
    double pre_days;           /* pre-taper steady state, default 84 */
    double follow_days;        /* simulated after the last dose, default 42 */
    double dzp_mg_per_clz_mg;  /* crossover equivalence, default 20
                                  (Ashton: 0.5 mg ~ 10 mg) */
    double threshold;          /* optimize: withdrawal index ceiling; NAN =
                                  the registry's withdrawal_threshold */
    double min_interval_days;  /* optimize: days between steps, default 14 */
    cnsim_taper_formulation formulation;   /* default AUTO */
    double effect_step;        /* hyperbolic: the equal effect step (the
                                  effect's own units, 0..1); NAN = the
                                  largest whose first dose step keeps the
                                  pace (benzodiazepines) or 0.05 of SERT
                                  occupancy (SSRIs) */
    double clock_h[4];         /* clock hour of each administration; NAN
                                  in [0] = the default clock of every
                                  command (08:00, then every 24/n h) */
    const struct cnsim_taper_curve *curve;  /* NULL: simulated; else the
                                  dose-effect relation of an earlier plan
                                  of the same drug, regimen and clock
                                  (plan->curve), reused */
} cnsim_taper_opts;

cnsim_taper_opts cnsim_taper_opts_default(void);

#define CNSIM_TAPER_MAX_STEPS 800
#define CNSIM_TAPER_MAX_WARNINGS 24
#define CNSIM_TAPER_MAX_ADMIN 4
#define CNSIM_TAPER_MAX_PRODUCTS 12
#define CNSIM_TAPER_MAX_DOSES 32       /* per step: up to 8 products in each of 4 administrations */
#define CNSIM_TAPER_CURVE_MAX 64

/* One product taken at one administration. */
typedef struct cnsim_taper_dose {
    double clock_h;                     /* 0 <= h < 24 */
    double amount_mg;                   /* of drug in this product */
    int product;                        /* index into plan products */
    double units;                       /* tablets, mL, drops or pouches */
    char measure[64];                   /* "0.35 mL (1 mL oral syringe)",
                                           "1/2 tablet", "3 drops" */
} cnsim_taper_dose;

/* One dose level of one drug from `day` until that drug's next step. */
typedef struct cnsim_taper_step {
    double day;                         /* days from the taper start */
    int drug;                           /* index into plan drugs */
    double daily_dose_mg;               /* after product rounding */
    double target_daily_mg;             /* what the method asked for */
    int n_per_day;
    double admin_mg[CNSIM_TAPER_MAX_ADMIN]; /* per administration, in
                                           order of the day */
    double clock_h[CNSIM_TAPER_MAX_ADMIN];
    int needs_liquid;                   /* the products could not follow
                                           the method here (a finer
                                           formulation would) */
    double effect;                      /* the model's steady-state effect
                                           at daily_dose_mg (plan effect) */
    double days;                        /* length of the step (until the
                                           drug's next step; the last: 0) */
    cnsim_taper_dose doses[CNSIM_TAPER_MAX_DOSES];
    int n_doses;
    char tablets[400];                  /* what to take, in words */
} cnsim_taper_step;

/* What to dispense of one product over the whole plan. */
typedef struct cnsim_taper_dispense {
    int product;                        /* index into plan products */
    double quantity;                    /* in the product's unit */
    double supply_days;                 /* days the product is taken */
} cnsim_taper_dispense;

/* The model's steady-state dose-effect relation the plan was built on:
 * effect (0..1) at each daily dose, from simulation to steady state. */
typedef struct cnsim_taper_curve cnsim_taper_curve;
struct cnsim_taper_curve {
    char effect[64];                    /* "gabaa_drug_effect" or "sert_occupancy" */
    char description[160];
    double dose_mg[CNSIM_TAPER_CURVE_MAX], effect_value[CNSIM_TAPER_CURVE_MAX];
    size_t n;
};

typedef struct cnsim_taper_warning {
    char code[48];
    char message[400];
    char source[64];                    /* registry source id */
} cnsim_taper_warning;

/* Simulated values of one taper day (from 00:00 to 24:00). */
typedef struct cnsim_taper_day {
    int day;
    double daily_dose_mg[2];    /* per plan drug */
    double conc_ng_mL;          /* mean plasma concentration, drug 0 */
    double occupancy;           /* mean total BZD-site occupancy */
    double withdrawal;          /* maximum withdrawal index of the day */
    double sert_occupancy;      /* mean SERT occupancy */
    double discontinuation;     /* maximum SSRI discontinuation index */
} cnsim_taper_day;

typedef struct cnsim_taper_plan {
    cnsim_taper_method method;
    char drugs[2][CNSIM_NAME_MAX];
    size_t n_drugs;
    int is_ssri;                /* drug 0 acts on SERT (else the BZD site) */
    cnsim_taper_formulation formulation;   /* the one used (never AUTO) */
    cnsim_product products[CNSIM_TAPER_MAX_PRODUCTS];
    size_t n_products;
    cnsim_taper_dispense dispense[CNSIM_TAPER_MAX_PRODUCTS];
    size_t n_dispense;
    cnsim_taper_curve curve;    /* drug 0 */
    double effect_step;         /* hyperbolic: the step asked for; else NAN */
    double pace_effect;         /* benzodiazepines: the effect a 25% cut of
                                   the starting dose removes (ASAM 2025's
                                   ceiling as effect); NAN for SSRIs */
    double final_daily_mg;      /* drug 0's last non-zero daily dose */
    cnsim_taper_step steps[CNSIM_TAPER_MAX_STEPS];
    size_t n_steps;
    cnsim_taper_warning warnings[CNSIM_TAPER_MAX_WARNINGS];
    size_t n_warnings;
    double duration_days;       /* day on which the last drug reaches 0 */
    /* Filled by cnsim_taper_simulate: */
    double peak_withdrawal_index, peak_day;
    double peak_discontinuation_index, peak_discontinuation_day;   /* SSRIs */
    cnsim_taper_day *days;      /* owned; cnsim_taper_plan_free */
    size_t n_days;
} cnsim_taper_plan;

/* Builds the schedule of opts->method (not OPTIMIZED) into *plan (which
 * it initialises), every dose made of opts->formulation's products, with
 * what to dispense and the guideline warnings. CNSIM_E_ARG for an
 * unsupported drug, method or formulation (the message lists what the
 * drug has), CNSIM_E_RANGE for a starting dose or an option out of range
 * (a starting dose the products cannot make, a daily dose above the
 * labelled maximum in dose_limits), or a max_weeks shorter than the method
 * allows (the message says what is possible). */
cnsim_status cnsim_taper_build(cnsim_registry *reg, const cnsim_taper_opts *opts,
                               cnsim_taper_plan *plan);

/* Simulates plan (pre-taper steady state on opts' starting dose, then the
 * steps) and fills days, n_days and the peaks; for an SSRI warns when the
 * discontinuation index crosses its threshold. */
cnsim_status cnsim_taper_simulate(cnsim_registry *reg, const cnsim_taper_opts *opts,
                                  cnsim_taper_plan *plan);

/* Peak withdrawal index (benzodiazepines) or discontinuation index
 * (SSRIs) of an abrupt stop at day 0 after the same pre-taper period. */
cnsim_status cnsim_taper_abrupt_peak(cnsim_registry *reg, const cnsim_taper_opts *opts,
                                     double *peak);

/* Greedy search for the shortest proportional-type schedule: at each step
 * (every opts->min_interval_days) the largest product-rounded reduction
 * whose simulated withdrawal index stays below opts->threshold. Fills and
 * simulates *plan. */
cnsim_status cnsim_taper_optimize(cnsim_registry *reg, const cnsim_taper_opts *opts,
                                  cnsim_taper_plan *plan);

void cnsim_taper_plan_free(cnsim_taper_plan *plan); /* frees days only */

/* The plan's steady-state effect (plan->curve) at a daily dose of drug 0,
 * interpolated between the simulated points; NAN without a curve. */
double cnsim_taper_effect_at(const cnsim_taper_plan *plan, double daily_mg);

/* Every daily dose the registry's products of `drug` make in formulation
 * f (AUTO: tablets, then ODT, a liquid, a compounded one) for n_per_day
 * administrations at clock_h (NULL: the default clock), ascending, from
 * the least to max_daily_mg (NAN: the labelled maximum; the lower of the
 * two otherwise), as the steps of *plan (each with its administrations,
 * doses and what to take; day 0). For dose recommendations. */
cnsim_status cnsim_taper_dose_ladder(cnsim_registry *reg, const char *drug, cnsim_taper_formulation f, int n_per_day,
                                     const double *clock_h, double max_daily_mg, cnsim_taper_plan *plan);

CNSIM_END_DECLS
#endif
