/* Validation against published figures: every check the registry lists
 * (table validation_checks, data/97_validation.sql) is simulated through
 * the model/run API and compared with its published value, with the
 * tolerance and source the table states. `cnsim validate` prints the
 * report; docs/validation.md is its Markdown form.
 *
 * Kinds of check (column `kind`) and their metrics (column `metric`):
 *   nca             drug or metabolite (`species`) under `regimen`, from
 *                   the run's PK summary (cnsim_run_summary): cmax_ng_mL,
 *                   tmax_h, cmin_ng_mL, cavg_ng_mL, auc_ng_h_mL (to infinity
 *                   after a single dose, over the last dosing interval
 *                   otherwise), t_half_h (terminal, from the washout after
 *                   the last dose), accumulation_ratio (AUC of the last
 *                   interval over the first), ratio_to_parent (the
 *                   species' Cavg over the parent's, in mass units),
 *                   elim_rate_mg_dL_h (the fall of a zero-order drug after
 *                   its peak: from 80% to 30% of Cmax, mg/dL per hour);
 *   ddi_auc_ratio   victim `drug` under `regimen` with perpetrator `drug2`
 *                   under `regimen2`, both in one model: AUC of the victim
 *                   over its last dosing interval with the perpetrator,
 *                   over the same without it (metric auc_ratio);
 *   occupancy       sert_occupancy_pct or bzd_occupancy_pct: the mean over
 *                   the last dosing interval of `regimen`;
 *   withdrawal      withdrawal_onset_day, withdrawal_peak_day: days from
 *                   the last dose of `regimen` to the first time the
 *                   withdrawal index crosses its threshold, or to its peak;
 *   trial_response  a virtual trial (include/cnsim/trial.h) of the SSRI
 *                   `drug` at the daily dose of `regimen` against placebo,
 *                   and, when `drug2` is a benzodiazepine given as
 *                   `regimen2` ("0.5 mg bid for 3 w"), the SSRI with it,
 *                   tapered over 2 weeks: metrics ssri_response_pct_wN,
 *                   placebo_response_pct_wN, rr_ssri_placebo_wN and
 *                   rr_bzd_ssri_wN (HAM-D response at week N).
 * A check passes when |simulated - published| <= tolerance (absolute) or
 * <= tolerance x |published| (relative). */
#ifndef CNSIM_VALIDATE_H
#define CNSIM_VALIDATE_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"

CNSIM_BEGIN_DECLS

#define CNSIM_VALIDATE_TEXT_MAX 512

typedef struct cnsim_validate_check {
    char name[160];                  /* unique, e.g. "paroxetine 20 mg single dose: Cmax" */
    char kind[24];                   /* nca | ddi_auc_ratio | occupancy | withdrawal | trial_response */
    char drug[CNSIM_NAME_MAX];       /* the dosed drug (the victim of a ddi) */
    char species[CNSIM_NAME_MAX];    /* nca: the drug or its metabolite */
    char regimen[160];               /* regimen string (include/cnsim/regimen.h) */
    char drug2[CNSIM_NAME_MAX];      /* perpetrator or bridge drug, "" if none */
    char regimen2[160];
    char metric[40];
    double published;
    int is_relative;                 /* tolerance relative to |published| */
    double tolerance;                /* >= 0: a fraction, or in `units` */
    char units[24];
    double window_h;                 /* t_half_h: sample the last dose to this
                                        many hours after it, as the study did
                                        (NAN: the washout over 10 half-lives) */
    char source[CNSIM_NAME_MAX];     /* sources.id */
    char note[CNSIM_VALIDATE_TEXT_MAX];
    char patient[64];                /* the studied patients as --patient
                                        reads them ("cyp2d6=poor"); "" for
                                        the reference adult */
} cnsim_validate_check;

typedef struct cnsim_validate_result {
    cnsim_validate_check check;
    double simulated;                /* NAN if it could not be computed */
    double lo, hi;                   /* the accepted interval */
    int pass;
    char citation[CNSIM_VALIDATE_TEXT_MAX];   /* the source, formatted */
    char error[256];                 /* why simulated is NAN, else "" */
} cnsim_validate_result;

typedef struct cnsim_validate_report {
    size_t n, n_pass;
    cnsim_validate_result *rows;     /* n, in the table's order (owned) */
    double wall_s;
} cnsim_validate_report;

typedef struct cnsim_validate_opts {
    const char *only;                /* NULL, or a pattern: checks whose name,
                                        drug, species, kind or metric match
                                        (fnmatch, case-insensitive; without
                                        wildcards a substring) */
    int n_threads;                   /* trials: 0 = the OpenMP default */
} cnsim_validate_opts;

cnsim_validate_opts cnsim_validate_opts_default(void);

/* The checks of the registry's validation_checks table, in its order
 * (*checks owned by the caller, free with cnsim_free). CNSIM_E_DB if the
 * table is missing, CNSIM_E_NOMEM. */
cnsim_status cnsim_validate_load(cnsim_registry *reg, cnsim_validate_check **checks, size_t *n);

/* Simulates one check and fills out (the check copied in, the simulated
 * value, the interval, pass/fail, the citation). A check the model cannot
 * compute (an unknown drug, a bad regimen, an unknown kind or metric)
 * returns its status with out->error set and out->pass = 0. */
cnsim_status cnsim_validate_check_run(cnsim_registry *reg, const cnsim_validate_check *c,
                                      const cnsim_validate_opts *opts, cnsim_validate_result *out);

/* 1 if the check matches pattern (see cnsim_validate_opts.only). */
int cnsim_validate_matches(const cnsim_validate_check *c, const char *pattern);

/* Loads and runs every check that matches opts->only (opts NULL: all).
 * A check that cannot be computed fails (its error says why) without
 * stopping the others; the status is CNSIM_OK then. CNSIM_E_ARG when the
 * pattern matches nothing. Free with cnsim_validate_report_free. */
cnsim_status cnsim_validate_run(cnsim_registry *reg, const cnsim_validate_opts *opts,
                                cnsim_validate_report *out);
void cnsim_validate_report_free(cnsim_validate_report *r);   /* NULL is fine */

CNSIM_END_DECLS
#endif
