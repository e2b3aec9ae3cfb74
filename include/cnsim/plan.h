/* Taper planning: schedules that bring a benzodiazepine to zero by a
 * published method, rounded to real products, and simulated through
 * PK -> occupancy -> GABA-A adaptation to give the withdrawal index of the
 * taper against an abrupt stop. Methods and their sources: docs/plan.md.
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
    CNSIM_TAPER_HYPERBOLIC,         /* equal steps of BZD-site occupancy */
    CNSIM_TAPER_DIAZEPAM_CROSSOVER, /* Ashton: switch to diazepam, reduce */
    CNSIM_TAPER_OPTIMIZED,          /* shortest schedule under a threshold */
    CNSIM_TAPER_N_METHODS
} cnsim_taper_method;

/* "label", "linear", ...: CNSIM_E_ARG listing the methods when unknown. */
cnsim_status cnsim_taper_method_parse(const char *name, cnsim_taper_method *out);
const char *cnsim_taper_method_name(cnsim_taper_method m);
/* One-sentence citation of the method (static text). */
const char *cnsim_taper_method_source(cnsim_taper_method m);

typedef struct cnsim_taper_opts {
    const char *drug;          /* "clonazepam" or "diazepam" */
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
} cnsim_taper_opts;

cnsim_taper_opts cnsim_taper_opts_default(void);

#define CNSIM_TAPER_MAX_STEPS 400
#define CNSIM_TAPER_MAX_WARNINGS 16
#define CNSIM_TAPER_MAX_ADMIN 4

/* One dose level of one drug from `day` until that drug's next step. */
typedef struct cnsim_taper_step {
    double day;                         /* days from the taper start */
    int drug;                           /* index into plan drugs */
    double daily_dose_mg;               /* after product rounding */
    double target_daily_mg;             /* what the method asked for */
    int n_per_day;
    double admin_mg[CNSIM_TAPER_MAX_ADMIN]; /* per administration, in
                                           order of the day (8, 20 h ...) */
    int needs_liquid;                   /* not a multiple of the tablets */
    char tablets[200];                  /* what to take, in words */
} cnsim_taper_step;

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
} cnsim_taper_day;

typedef struct cnsim_taper_plan {
    cnsim_taper_method method;
    char drugs[2][CNSIM_NAME_MAX];
    size_t n_drugs;
    cnsim_taper_step steps[CNSIM_TAPER_MAX_STEPS];
    size_t n_steps;
    cnsim_taper_warning warnings[CNSIM_TAPER_MAX_WARNINGS];
    size_t n_warnings;
    double duration_days;       /* day on which the last drug reaches 0 */
    /* Filled by cnsim_taper_simulate: */
    double peak_withdrawal_index, peak_day;
    cnsim_taper_day *days;      /* owned; cnsim_taper_plan_free */
    size_t n_days;
} cnsim_taper_plan;

/* Builds the schedule of opts->method (not OPTIMIZED) into *plan (which
 * it initialises), with the guideline warnings. CNSIM_E_ARG for an
 * unsupported drug or method, CNSIM_E_RANGE for a starting dose or an
 * option out of range (a dose per administration below the smallest
 * dispensable amount, 0.125 mg clonazepam or 1 mg diazepam, or a daily
 * dose above the labelled maximum in dose_limits), or a max_weeks shorter
 * than the method allows (the message says what is possible). */
cnsim_status cnsim_taper_build(cnsim_registry *reg, const cnsim_taper_opts *opts,
                               cnsim_taper_plan *plan);

/* Simulates plan (pre-taper steady state on opts' starting dose, then the
 * steps) and fills days, n_days, peak_withdrawal_index and peak_day. */
cnsim_status cnsim_taper_simulate(cnsim_registry *reg, const cnsim_taper_opts *opts,
                                  cnsim_taper_plan *plan);

/* Peak withdrawal index of an abrupt stop at day 0 after the same
 * pre-taper period. */
cnsim_status cnsim_taper_abrupt_peak(cnsim_registry *reg, const cnsim_taper_opts *opts,
                                     double *peak);

/* Greedy search for the shortest proportional-type schedule: at each step
 * (every opts->min_interval_days) the largest product-rounded reduction
 * whose simulated withdrawal index stays below opts->threshold. Fills and
 * simulates *plan. */
cnsim_status cnsim_taper_optimize(cnsim_registry *reg, const cnsim_taper_opts *opts,
                                  cnsim_taper_plan *plan);

void cnsim_taper_plan_free(cnsim_taper_plan *plan); /* frees days only */

CNSIM_END_DECLS
#endif
