/* Symptom course and the SSRI bridge: HAM-D and HAM-A over weeks from the
 * PD indices (indirect-response models, Dayneka, Garg & Jusko 1993), and an
 * SSRI start with benzodiazepine cover and its taper, simulated with and
 * without the cover. Parameters: data/90_course.sql (table course_params);
 * model and calibration: docs/clinical.md, "Symptom course and bridge". */
#ifndef CNSIM_COURSE_H
#define CNSIM_COURSE_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"
#include "cnsim/pd.h"
#include "cnsim/regimen.h"
#include "cnsim/model.h"

CNSIM_BEGIN_DECLS

typedef struct cnsim_course_params {
    double hamd_baseline, hamd_anx_insomnia_frac, hama_baseline;
    double placebo_max_frac, placebo_tau_weeks, kout_per_week;
    double ad_imax, anx_imax_hamd, anx_imax_hama, withdrawal_gain;
    double response_frac, remission_hamd;
    /* Between-patient variability (used by cnsim_course_patient only):
     * baseline HAM-D ~ normal(hamd_baseline, hamd_baseline_sd), at least
     * remission_hamd + 1; placebo_max_frac, ad_imax and the two anxiolytic
     * maxima logit-normal with SDs placebo_omega, ad_imax_omega and
     * anx_imax_omega on the logit scale (one draw for both anxiolytic
     * maxima); kout log-normal with SD kout_omega. */
    double hamd_baseline_sd, placebo_omega, ad_imax_omega, anx_imax_omega, kout_omega;
} cnsim_course_params;

/* Fills p from course_params; CNSIM_E_DB naming a missing key. */
cnsim_status cnsim_course_params_load(cnsim_registry *reg, cnsim_course_params *p);

/* Integrates the course over n PD states at t_h (hours from the SSRI
 * start, non-decreasing, t_h[0] = 0, inputs held constant over each
 * interval) into hamd[n] and hama[n]. Each component S with baseline S0
 * follows dS/dt = kout (S0 (1 - P(t)) (1 - Imax E) ... - S), S(0) = S0,
 * P(t) = placebo_max (1 - exp(-t / tau)). */
void cnsim_course_run(const cnsim_course_params *p, const double *t_h,
                      const cnsim_pd_state *pd, size_t n, double *hamd, double *hama);

/* Virtual patient `index` of the population with seed `seed`: mean with
 * the symptom-model parameters drawn as described above. The draws come
 * from a GSL gsl_rng_mt19937 seeded from (seed, index) alone, so a patient
 * does not depend on the order in which patients are simulated, and the
 * same patient is used in both arms of the bridge. hama_baseline is
 * scaled with the drawn HAM-D baseline. */
void cnsim_course_patient(const cnsim_course_params *mean, unsigned long seed, size_t index,
                          cnsim_course_params *out);

#define CNSIM_COURSE_N_REPORT_WEEKS 5
extern const int cnsim_course_report_weeks[CNSIM_COURSE_N_REPORT_WEEKS];   /* 1, 2, 4, 6, 8 */

/* Population figures of one arm; a week beyond the simulation is NAN. */
typedef struct cnsim_course_population {
    size_t n_patients;
    double responder_pct[CNSIM_COURSE_N_REPORT_WEEKS];   /* HAM-D <= (1 - response_frac) baseline */
    double remitter_pct[CNSIM_COURSE_N_REPORT_WEEKS];    /* HAM-D <= remission_hamd */
    double median_weeks_to_response;   /* first sample meeting the response criterion; NAN if the
                                          median patient does not respond within the samples */
    double responders_ever_pct;        /* respond at some sample */
} cnsim_course_population;

/* Runs cnsim_course_run for patients 0..n_patients-1 (1..10000) on the
 * same PD states (drug exposure identical for all: no PK variability) and
 * fills out. CNSIM_E_RANGE / CNSIM_E_NOMEM. */
cnsim_status cnsim_course_population_run(const cnsim_course_params *mean, size_t n_patients,
                                         unsigned long seed, const double *t_h,
                                         const cnsim_pd_state *pd, size_t n,
                                         cnsim_course_population *out);

/* Parses "DRUG:AMOUNTmg" or "DRUG:AMOUNTmg-FREQ" (FREQ qd, bid, tid, qid;
 * default qd) into the drug name as written, the amount per administration
 * and the administrations per day. CNSIM_E_PARSE with a message. */
cnsim_status cnsim_bridge_parse_dose(const char *spec, char name[CNSIM_NAME_MAX],
                                     double *mg, int *n_per_day);

typedef struct cnsim_bridge_opts {
    char ssri[CNSIM_NAME_MAX];   /* given qd for the whole follow-up */
    double ssri_mg;
    char bzd[CNSIM_NAME_MAX];    /* the bridge drug */
    double bzd_mg;               /* per administration */
    int bzd_n_per_day;
    double weeks;                /* full-dose bridge, 0 < weeks <= 26 */
    double taper_weeks;          /* halving each week, product-rounded */
    double follow_weeks;         /* from the SSRI start: a whole number 1..52;
                                    the run is exactly this long */
    size_t n_patients;           /* virtual patients (0: mean patient only, max 10000) */
    unsigned long seed;          /* of the virtual population */
    cnsim_progress progress;     /* patients done of 2 x n_patients; none by default */
} cnsim_bridge_opts;

cnsim_bridge_opts cnsim_bridge_opts_default(void);

/* Weekly benzodiazepine doses of a bridge (mg per administration): mg for
 * ceil(weeks) weeks, then halved each week over taper_weeks, rounded to
 * 0.125 mg (the smallest clonazepam step), then stopped. Writes at most
 * max_steps doses to step_mg and returns how many; *max_cut_per_2_weeks
 * (may be NULL) is the largest fraction of the dose cut within 14 days
 * (after the last step the dose is 0). */
/* The dosing events of a bridge arm for n_days (subject 1, expanded into
 * out, which must be initialised): the SSRI ssri_mg once daily at 08:00
 * (ssri NULL: none), the benzodiazepine step_mg[week] per administration
 * bzd_n_per_day (1-4) times a day at the default clock of the frequency
 * words (cnsim_regimen_default_clock: 08:00 / 08:00, 20:00 / 08:00, 16:00,
 * 00:00 / 08:00, 14:00, 20:00, 02:00 of each day) for the n_steps weeks
 * (bzd NULL: none). */
cnsim_status cnsim_bridge_events(const char *ssri, double ssri_mg, const char *bzd, int bzd_n_per_day,
                                 const double *step_mg, size_t n_steps, size_t n_days, cnsim_event_list *out);

size_t cnsim_bridge_schedule(double mg, double weeks, int taper_weeks, double *step_mg, size_t max_steps,
                             double *max_cut_per_2_weeks);

#define CNSIM_BRIDGE_MAX_STEPS 32
#define CNSIM_BRIDGE_MAX_FINDINGS 16
typedef struct cnsim_bridge_result {
    size_t n_days;               /* daily values 0..n_days (n_days + 1) */
    double *hamd_with, *hamd_without, *hama_with, *hama_without;
    double *withdrawal_with;     /* daily peak withdrawal index */
    double weeks_to_response_with, weeks_to_response_without;   /* NAN: none */
    double weeks_to_remission_with, weeks_to_remission_without;
    double taper_peak_withdrawal_index, taper_peak_week;  /* NAN: the taper does not
                                    start within the follow-up */
    size_t n_steps;              /* bridge dose by week: full, then taper */
    double step_mg[CNSIM_BRIDGE_MAX_STEPS];     /* per administration */
    double max_cut_per_2_weeks;  /* largest fraction cut within 14 days */
    /* The findings of the arm with the bridge (cnsim_run_finding): the
     * interaction, labelled maxima, the taper's pace, each with its source. */
    size_t n_findings;
    cnsim_finding findings[CNSIM_BRIDGE_MAX_FINDINGS];
    char ssri[CNSIM_NAME_MAX], bzd[CNSIM_NAME_MAX];              /* canonical */
    /* o->n_patients > 0: the virtual population on each arm's PD run */
    cnsim_course_population pop_with, pop_without;
} cnsim_bridge_result;

/* Checks the options (unknown drug, wrong target, ranges: CNSIM_E_ARG /
 * CNSIM_E_RANGE), simulates both arms and fills r (free with
 * cnsim_bridge_result_free). */
cnsim_status cnsim_bridge_run(cnsim_registry *reg, const cnsim_bridge_opts *o,
                              cnsim_bridge_result *r);
void cnsim_bridge_result_free(cnsim_bridge_result *r);

CNSIM_END_DECLS
#endif
