/* Adaptive benzodiazepine taper: a patient's diary (the doses actually
 * taken and weekly withdrawal symptom scores, optionally trough levels)
 * updates the patient's sensitivity and the recovery rate of the
 * adaptation by the same MAP machinery as cnsim tdm (src/tdm/core.c), and
 * the planner proposes the next step: reduce (by how much), hold (for how
 * long) or increase back to the last tolerated dose, with the predicted
 * symptom course and its 90% band. docs/plan.md, "Adaptive taper".
 *
 * The link from the model to a score (registry tables symptom_scale and
 * withdrawal_link, data/96_tdm.sql, where each value says whether it is
 * published, derived or assumed):
 *   score = baseline + slope exp(eta_sens) W7
 * W7 the mean withdrawal index of the 7 days up to the rating (PK ->
 * occupancy -> GABA-A adaptation, the chain every command uses, on the
 * doses of the diary after 12 weeks on the first one), baseline the
 * patient's first rating (on the starting dose), slope the score of an
 * abrupt stop of the starting regimen (typical patient) over its peak
 * index. The patient's three parameters: the sensitivity (how strongly
 * the patient feels a given withdrawal index, exp(eta_sens) on the
 * slope), the depth of the dependence (pd_system dep_max, logit dep_max +
 * eta_dep: a deeper one gives withdrawal after smaller cuts) and the
 * adaptation, the recovery half-lives of the dependence (times
 * exp(eta_adapt)). */
#ifndef CNSIM_DIARY_H
#define CNSIM_DIARY_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"
#include "cnsim/plan.h"

CNSIM_BEGIN_DECLS

typedef struct cnsim_diary_entry {
    char date[11];              /* YYYY-MM-DD */
    long day;                   /* days after the first entry */
    double daily_dose_mg;       /* taken from this date to the next entry */
    double score;               /* NAN: no rating on this entry */
    double trough_ng_mL;        /* NAN: none (measured before the first dose of the day) */
    long line;                  /* line in the file */
} cnsim_diary_entry;

typedef struct cnsim_diary {
    char scale[16];             /* "ciwa_b" (0-80) or "bwsq" (0-40) */
    cnsim_diary_entry *e;       /* owned; cnsim_diary_free */
    size_t n;
} cnsim_diary;

/* A diary as CSV: a header naming the columns (any order, any case;
 * other columns are ignored), one row per entry:
 *   date           YYYY-MM-DD, strictly increasing
 *   daily_dose_mg  the dose actually taken per day from that date, >= 0
 *   ciwa_b | bwsq  the weekly symptom score (0-80 | 0-40), empty if none;
 *                  exactly one of the two columns; the first row needs one
 *   trough_ng_mL   optional, empty if none
 * Errors name the file, the line and the field with its value and what
 * was expected (CNSIM_E_PARSE, CNSIM_E_RANGE), CNSIM_E_READ. `what` names
 * the text in messages (NULL: "diary"). */
cnsim_status cnsim_diary_read_mem(const char *text, size_t n, const char *what, cnsim_diary *out);
cnsim_status cnsim_diary_read(const char *path, cnsim_diary *out);
void cnsim_diary_free(cnsim_diary *d);

typedef struct cnsim_diary_opts {
    const char *drug;           /* a benzodiazepine with products (canonical) */
    int n_per_day;              /* administrations a day, 1..4 */
    double clock_h[4];          /* NAN in [0]: the default clock */
    double percent;             /* the cut: % of the current dose, default 10 (ASAM 2025) */
    double interval_days;       /* days between steps and of a hold, default 14 */
    cnsim_taper_formulation formulation;   /* what the next dose is made of (AUTO) */
    double pre_days;            /* on the first dose before the diary, default 84 */
    size_t n_draws;             /* posterior draws for the bands, default 300 */
    unsigned long seed;         /* default 1 */
} cnsim_diary_opts;

cnsim_diary_opts cnsim_diary_opts_default(void);

typedef enum { CNSIM_STEP_REDUCE = 0, CNSIM_STEP_HOLD, CNSIM_STEP_INCREASE } cnsim_step_action;
const char *cnsim_step_action_name(cnsim_step_action a);   /* "reduce", "hold", "increase" */

/* One option for the next weeks and its predicted course (one value per
 * day from the day after the last entry; the score as it would be rated
 * that day, median and 90% band over the posterior). */
#define CNSIM_DIARY_MAX_OPTIONS 4
typedef struct cnsim_diary_option {
    cnsim_step_action action;
    char label[32];             /* "reduce 10%", "reduce 5%", "hold", "increase" */
    double daily_dose_mg;
    double p_tolerable;         /* probability the predicted score stays <= tolerable */
    double peak_median;         /* the course's peak score, median over draws */
    double *median, *lo, *hi;   /* n_days each (owned by the result) */
} cnsim_diary_option;

typedef struct cnsim_diary_result {
    /* the link */
    char scale[16];
    double baseline, slope, tolerable, severe, residual_sd;
    double abrupt_peak_index;   /* of the starting regimen, typical patient */
    int calibrated_on_means;    /* 1: slope from published mean scores; 0: the anchor */
    char link_source[400];
    /* the patient */
    double eta[3], cov[9];      /* sensitivity (log), dependence (logit of dep_max),
                                   adaptation (log) */
    double sensitivity;         /* the score per unit withdrawal index over the
                                   typical patient's (exp eta_sens) */
    double dependence;          /* the patient's dependence depth: pd_system
                                   dep_max, the largest fractional loss of GABA-A
                                   function the drug effect adapts to (a deeper
                                   one gives withdrawal after smaller cuts) */
    double dep_max_typical;     /* the registry's */
    double dep_ci90[2];
    double adaptation_half_life_factor;   /* the recovery half-lives over the typical ones */
    double sens_ci90[2], adapt_ci90[2];
    double objective;
    int n_ratings;              /* ratings fitted (the baseline excluded) */
    double cl_factor;           /* individual over typical clearance (troughs), 1 without */
    int n_troughs;
    double *fitted;             /* n entries: the score at the mode (NAN without a rating) */
    size_t n_entries;
    /* the next step */
    cnsim_step_action action;
    double daily_dose_mg;
    char from_date[11];
    double hold_days;           /* HOLD: for how long; else 0 */
    double cut_percent;         /* REDUCE: of the current dose; else 0 */
    double last_tolerated_mg;   /* the last dose whose ratings stayed tolerable */
    double rise_since_cut;      /* the latest rating minus the last one before the
                                   last cut (0 without both) */
    char take[400];             /* what to take, in words (products) */
    char reason[600];
    cnsim_diary_option options[CNSIM_DIARY_MAX_OPTIONS];
    size_t n_options;
    size_t chosen;              /* index into options */
    size_t n_days;              /* days in each course */
    char first_day[11];         /* the date of course day 0 */
} cnsim_diary_result;

/* Fits the diary and proposes the next step. CNSIM_E_ARG for a drug that
 * is not a benzodiazepine with products, CNSIM_E_RANGE for options out of
 * range or a dose above the labelled maximum. */
cnsim_status cnsim_diary_plan(cnsim_registry *reg, const cnsim_diary *d, const cnsim_diary_opts *o,
                              cnsim_diary_result *out);
void cnsim_diary_result_free(cnsim_diary_result *r);

/* The date `days` days after `date` (YYYY-MM-DD, 1900-2199) into out;
 * CNSIM_E_PARSE naming the date when it is not one. */
cnsim_status cnsim_date_add(const char *date, long days, char out[11]);

CNSIM_END_DECLS
#endif
