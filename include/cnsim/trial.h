/* Virtual clinical trials with replicates: a randomised trial of SSRI /
 * benzodiazepine arms (placebo, SSRI alone, SSRI with a benzodiazepine
 * bridge and taper) simulated many times, like NONMEM's NSUBPROBLEMS, with
 * statistics over the replicates (median risk ratio, its 2.5th/97.5th
 * percentiles, mean responder % per arm, power). Each arm's drug exposure
 * runs once through the PK/PD chain; patients differ only in the symptom
 * model (cnsim_course_patient) and in their dropout and adverse-event
 * draws. PK variability is not part of the trial (cnsim population).
 * Model, endpoints and statistics: docs/trial.md. */
#ifndef CNSIM_TRIAL_H
#define CNSIM_TRIAL_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"
#include "cnsim/model.h"

CNSIM_BEGIN_DECLS

#define CNSIM_TRIAL_MAX_ARMS 8
#define CNSIM_TRIAL_MAX_ENDPOINTS 16
#define CNSIM_TRIAL_MAX_WEEKS 52         /* follow-up and endpoint weeks */
#define CNSIM_TRIAL_MAX_REPLICATES 100000
#define CNSIM_TRIAL_MAX_PATIENTS 10000   /* per trial, all arms together */
/* Budget: replicates x patients per trial. An 8-week patient course takes
 * about 55-65 us on one core (measured: 2000 replicates x 80 patients in
 * 8.6 s), so 1e7 courses is about 10 CPU-minutes; memory is small (the
 * risk ratios, 8 bytes per replicate and endpoint-week). */
#define CNSIM_TRIAL_MAX_COURSES 10000000.0
#define CNSIM_TRIAL_NAME_MAX 128

typedef enum {
    CNSIM_TRIAL_RESPONSE,          /* score <= (1 - response_frac) x the patient's baseline */
    CNSIM_TRIAL_REMISSION,         /* HAM-D <= remission_hamd (7); HAM-A <= 7 */
    CNSIM_TRIAL_WITHDRAWAL_EVENT,  /* rise >= rise_points above the pre-taper score, taper start
                                      to 2 weeks after the benzodiazepine stops */
    CNSIM_TRIAL_ADVERSE_EVENT      /* sedation in week 1 (per-patient sensitivity) or background */
} cnsim_trial_endpoint_type;

typedef enum { CNSIM_TRIAL_HAMD, CNSIM_TRIAL_HAMA } cnsim_trial_scale;

typedef enum { CNSIM_TRIAL_DEPRESSION, CNSIM_TRIAL_PANIC } cnsim_trial_indication;

typedef struct cnsim_trial_arm {
    char name[CNSIM_TRIAL_NAME_MAX];
    char ssri[CNSIM_NAME_MAX];    /* "" for none; given qd at 08:00 for the whole follow-up */
    double ssri_mg;
    char bzd[CNSIM_NAME_MAX];     /* "" for none */
    double bzd_mg;                /* per administration */
    int bzd_n_per_day;            /* 1..4 */
    double bzd_weeks;             /* full dose for ceil(bzd_weeks) weeks, 0 < w <= 26 */
    int taper_weeks;              /* halving each week (0.125 mg steps), 0..12 */
    size_t n_patients;            /* randomised to this arm */
} cnsim_trial_arm;

typedef struct cnsim_trial_endpoint {
    char name[CNSIM_TRIAL_NAME_MAX];
    cnsim_trial_endpoint_type type;
    cnsim_trial_scale scale;
    size_t n_weeks;
    int weeks[CNSIM_TRIAL_MAX_WEEKS];   /* ascending, 1..design weeks */
    size_t compare[2];                  /* arm indices: risk ratio compare[0] / compare[1] */
    double rise_points;                 /* withdrawal_event (default 4, assumed) */
    double sedation_threshold;          /* adverse_event (default 0.5, calibrated) */
} cnsim_trial_endpoint;

typedef struct cnsim_trial_design {
    char name[CNSIM_TRIAL_NAME_MAX];
    cnsim_trial_indication indication;
    size_t n_arms;
    cnsim_trial_arm arms[CNSIM_TRIAL_MAX_ARMS];
    size_t n_endpoints;
    cnsim_trial_endpoint endpoints[CNSIM_TRIAL_MAX_ENDPOINTS];
    int weeks;                    /* follow-up, 1..52 */
    double dropout_per_week;      /* probability of dropping out within a week, 0 <= p < 1 */
    size_t replicates;            /* default 100; 1..CNSIM_TRIAL_MAX_REPLICATES */
    unsigned long seed;           /* default 1 */
    int n_threads;                /* 0: the OpenMP default; not read from the file */
    cnsim_progress progress;      /* replicates done; not read from the file */
} cnsim_trial_design;

/* Parses a trial file's text (JSON) into d. Unknown keys, wrong types and
 * out-of-range values fail with CNSIM_E_PARSE or CNSIM_E_RANGE and a
 * message naming the field (e.g. "endpoints[1].compare[0]"), the value
 * and what was expected. Drugs are checked later, by cnsim_trial_run. */
cnsim_status cnsim_trial_design_parse(const char *json_text, cnsim_trial_design *d);

/* Reads the file at path and parses it (CNSIM_E_IO if unreadable). */
cnsim_status cnsim_trial_design_load(const char *path, cnsim_trial_design *d);

/* Statistics of one endpoint at one week over the replicates. */
typedef struct cnsim_trial_row {
    size_t endpoint;                          /* index in design endpoints */
    int week;
    double mean_pct[CNSIM_TRIAL_MAX_ARMS];    /* mean % of randomised patients with the
                                                 outcome, over replicates, per design arm */
    double rr_median, rr_p2_5, rr_p97_5;      /* risk ratio compare[0] / compare[1] */
    double power;                             /* fraction of replicates whose 95% CI excludes 1 */
} cnsim_trial_row;

/* What an arm was given, as simulated. */
typedef struct cnsim_trial_arm_info {
    char ssri[CNSIM_NAME_MAX], bzd[CNSIM_NAME_MAX];   /* canonical, "" for none */
    size_t n_steps;                                    /* bzd dose by week: full, then taper */
    double step_mg[32];                                /* per administration */
    double max_cut_per_2_weeks;                        /* largest fraction cut within 14 days */
    size_t n_findings;                                 /* the arm's run findings (interactions,
                                                          labelled maxima, taper pace) */
    cnsim_finding findings[16];
    double stop_week;                                  /* NAN: no bzd or not stopped in follow-up */
    double sedation_week1_max;                         /* PD sedation index, max over week 1 */
} cnsim_trial_arm_info;

typedef struct cnsim_trial_result {
    size_t replicates;
    unsigned long seed;
    size_t n_rows;
    cnsim_trial_row *rows;        /* endpoints in design order, weeks ascending */
    cnsim_trial_arm_info arms[CNSIM_TRIAL_MAX_ARMS];
} cnsim_trial_result;

/* Checks the drugs (an SSRI must have the SERT target, a benzodiazepine
 * the GABA-A site: CNSIM_E_ARG naming the arm), the budget (replicates x
 * patients <= CNSIM_TRIAL_MAX_COURSES, else CNSIM_E_RANGE with the
 * estimate), runs each arm's PK/PD once and the replicates in parallel
 * (d->n_threads threads, 0: OpenMP default; results are identical for any
 * number), and fills r (free with cnsim_trial_result_free). */
cnsim_status cnsim_trial_run(cnsim_registry *reg, const cnsim_trial_design *d,
                             cnsim_trial_result *r);
void cnsim_trial_result_free(cnsim_trial_result *r);

const char *cnsim_trial_endpoint_type_str(cnsim_trial_endpoint_type t);
const char *cnsim_trial_scale_str(cnsim_trial_scale s);

/* Risk ratio a/n_a over b/n_b with its 95% CI by the Katz log method;
 * when a or b is 0, 0.5 is added to each cell of the 2x2 table (n + 1).
 * Returns 1 if the CI excludes 1. */
int cnsim_trial_risk_ratio(size_t a, size_t n_a, size_t b, size_t n_b,
                           double *rr, double *lo, double *hi);

CNSIM_END_DECLS
#endif
