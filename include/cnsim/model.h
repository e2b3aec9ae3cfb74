/* The patient-scale chain as two objects, the way mrgsolve separates
 * mread (build a model) from mrgsim (run it):
 *
 *   model  cnsim_model_create reads everything a set of drugs needs from
 *          the registry once: PK (with the patient's covariate effects),
 *          PD and system parameters, the excitability map, labelled
 *          maxima, interaction and patient findings. Immutable after
 *          creation; threads may share it. Nothing after creation touches
 *          the registry.
 *   run    cnsim_run_create(model) holds the inputs (regimens or event
 *          records, an output grid, individual parameters), simulates the
 *          whole chain once per cnsim_run_simulate call (PK with effect
 *          sites, receptor occupancy, adaptation, effects, the network
 *          rate through the excitability map, the PK summary, findings) and
 *          keeps the results until the next call. One run per thread;
 *          reuse it for many subjects.
 *
 * Every command (simulate, withdrawal, taper, bridge, interact, trial,
 * population) reaches the chain through these two objects. Equations:
 * docs/models.md; layers and objects: docs/architecture.md. */
#ifndef CNSIM_MODEL_H
#define CNSIM_MODEL_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"
#include "cnsim/regimen.h"
#include "cnsim/pk.h"
#include "cnsim/pd.h"
#include "cnsim/excitability.h"
#include "cnsim/patient.h"

CNSIM_BEGIN_DECLS

typedef struct cnsim_model cnsim_model;   /* opaque, immutable */
typedef struct cnsim_run cnsim_run;       /* opaque, one per thread */

/* A flag raised for a model or a run, with the source of its limit
 * (registry source ids, "; "-separated). Severity, strongest first:
 * contraindication, boxed-warning, major, warning, moderate, precaution,
 * minor, info. */
typedef struct cnsim_finding {
    char code[48];         /* e.g. "dose_above_label_max", "interaction_boxed_warning" */
    char severity[24];
    char message[512];
    char source[320];
} cnsim_finding;

/* True for the severities a user must see as a warning (all but minor
 * and info). */
int cnsim_finding_is_warning(const cnsim_finding *f);

/* The metabolic interactions among the model's drugs (enzymes, clearance
 * pathways, modulators; data/72_enzyme_kinetics.sql) that its runs
 * simulate as one coupled system, or NULL when there are none. */
const cnsim_pk_ddi *cnsim_model_ddi(const cnsim_model *m);

/* ---- the taper-pace rule ---------------------------------------------- */

/* The one rule for how fast a benzodiazepine may be reduced, used by
 * simulate, the taper planner, the bridge and trials (ASAM 2025 joint
 * guideline, J Gen Intern Med, PMID 40526204: reductions of 5-10% every
 * 2-4 weeks, typically not more than 25% every 2 weeks; patients on lower
 * doses for a short time, e.g. under 3 months, may taper faster; never
 * stop abruptly when physically dependent; Klonopin label boxed warning:
 * abrupt stops or rapid reductions can cause acute withdrawal, including
 * seizures). On a series of daily totals (day 0 first), a day is a cut
 * when its dose is below 75% of the largest dose of the 14 days before it,
 * after at least 14 days of daily use:
 *   - after 84 days (3 months) of daily use or more: a warning;
 *   - after 14 to 83 days: a warning if it is an abrupt stop (to zero from
 *     more than a quarter of the course's highest dose), else information
 *     (the guideline allows faster tapers after short use);
 *   - the last step of a taper, to zero from a quarter of the course's
 *     highest dose or less, is counted apart (final_steps): no reduction
 *     is small enough there without a liquid. */
#define CNSIM_PACE_MAX_CUT 0.25
#define CNSIM_PACE_WINDOW_DAYS 14
#define CNSIM_PACE_LONG_TERM_DAYS 84
typedef enum {
    CNSIM_PACE_FAST = 1,          /* > 25% in 2 weeks after long-term use */
    CNSIM_PACE_FAST_SHORT_USE,    /* > 25% in 2 weeks after 14-83 days */
    CNSIM_PACE_ABRUPT_STOP,       /* to zero from a higher dose */
    CNSIM_PACE_FINAL_STEP         /* to zero from <= 25% of the course maximum */
} cnsim_pace_kind;
typedef struct cnsim_pace_cut {
    size_t day;
    double cut_frac;           /* 1 - dose / max of the 14 days before */
    double use_days;           /* days of daily use before it */
    cnsim_pace_kind kind;
} cnsim_pace_cut;
#define CNSIM_PACE_MAX_CUTS 64
typedef struct cnsim_pace_report {
    size_t n_cuts;             /* all cuts (the first CNSIM_PACE_MAX_CUTS kept) */
    cnsim_pace_cut cuts[CNSIM_PACE_MAX_CUTS];
    size_t n_fast, n_fast_short_use, n_abrupt, n_final_steps;
    size_t worst;              /* index in cuts of the largest non-final cut */
} cnsim_pace_report;
/* daily: n_days totals in any consistent unit (mg, diazepam mg-eq). */
void cnsim_pace_check(const double *daily, size_t n_days, cnsim_pace_report *out);
/* The finding for drug `drug` (code "taper_faster_than_guideline",
 * severity warning or info, sources asam2025 and the label); 0 if the
 * report has nothing to say (no cuts, or only final steps). */
int cnsim_pace_finding(const char *drug, const cnsim_pace_report *r, cnsim_finding *out);

/* ---- model ------------------------------------------------------------ */

/* One drug of a model. */
typedef struct cnsim_model_drug {
    const char *name;              /* any name the registry resolves */
    const char *formulation;       /* NULL or "": the default oral form */
    const cnsim_pk_params *pk;     /* NULL: from the registry; else these
                                      (a model file); PD parameters still
                                      come from the registry by name */
} cnsim_model_drug;

typedef struct cnsim_model_opts {
    cnsim_solver_opts pk;          /* PK solver (cnsim_solver_opts_default) */
    cnsim_pd_opts pd;              /* PD integration (cnsim_pd_opts_default) */
    const cnsim_patient *patient;  /* NULL: the 70 kg reference adult */
    int interactions_off;          /* 1: drugs do not act on each other's
                                      clearance (each drug keeps its own
                                      enzymes: autoinhibition and autoinduction
                                      stay): for comparisons and benchmarks */
} cnsim_model_opts;

cnsim_model_opts cnsim_model_opts_default(void);

/* Builds the model of n_drugs drugs (1..CNSIM_MODEL_MAX_DRUGS, no drug
 * twice). CNSIM_E_ARG for an unknown drug (with suggestions) or
 * formulation, CNSIM_E_RANGE for parameters out of bounds, CNSIM_E_DB for
 * registry problems. reg is only read during the call. */
#define CNSIM_MODEL_MAX_DRUGS 8
cnsim_status cnsim_model_create(cnsim_registry *reg, const cnsim_model_drug *drugs, size_t n_drugs,
                                const cnsim_model_opts *opts, cnsim_model **out);
void cnsim_model_free(cnsim_model *m);   /* NULL is fine */

/* Drugs, in the order given, by canonical name. */
size_t cnsim_model_n_drugs(const cnsim_model *m);
const char *cnsim_model_drug_name(const cnsim_model *m, size_t d);
/* Index of a drug by canonical name, or -1. */
long cnsim_model_drug_index(const cnsim_model *m, const char *name);
/* The drug's PK parameters (the patient's covariate effects applied). */
const cnsim_pk_params *cnsim_model_pk_params(const cnsim_model *m, size_t d);
/* The formulation the parameters were built for ("" = default). */
const char *cnsim_model_formulation(const cnsim_model *m, size_t d);
/* Labelled adult maximum (mg/day; 0 if none), its indication and source. */
double cnsim_model_label_max_mg_per_day(const cnsim_model *m, size_t d, const char **indication,
                                        const char **source);

/* Species: every drug, then every modelled metabolite (the columns
 * "<species>_ng_mL"), with the drug each belongs to and its PD. */
size_t cnsim_model_n_species(const cnsim_model *m);
const char *cnsim_model_species_name(const cnsim_model *m, size_t k);
/* The species' name in outputs (columns, JSON keys, the summary): its
 * name, or "<name>_of_<drug>" when two drugs of the model form a species
 * of that name (nordiazepam from diazepam and from chlordiazepoxide). */
const char *cnsim_model_species_label(const cnsim_model *m, size_t k);
size_t cnsim_model_species_drug(const cnsim_model *m, size_t k);
int cnsim_model_species_is_metabolite(const cnsim_model *m, size_t k);
const cnsim_pd_drug_params *cnsim_model_species_pd(const cnsim_model *m, size_t k);

/* 1 if any species acts on target t (CNSIM_PD_TARGET_NONE: any target). */
int cnsim_model_has_target(const cnsim_model *m, cnsim_pd_target t);
const cnsim_pd_system_params *cnsim_model_pd_system(const cnsim_model *m);
const cnsim_model_opts *cnsim_model_opts_get(const cnsim_model *m);
/* The excitability map (NULL, 0 if the registry has none). */
const cnsim_excitability_point *cnsim_model_excitability_map(const cnsim_model *m, size_t *n);
const char *cnsim_model_registry_location(const cnsim_model *m);

/* Classes of drug d, specific to general (as cnsim_registry_classes), and
 * whether it belongs to class `cls` anywhere up its hierarchy. */
size_t cnsim_model_drug_n_classes(const cnsim_model *m, size_t d);
const char *cnsim_model_drug_class(const cnsim_model *m, size_t d, size_t i);
int cnsim_model_drug_is_a(const cnsim_model *m, size_t d, const char *cls);

/* An interaction between two of the model's drugs, from the label rules
 * (CNS depressants, serotonergic and duplicate therapy) or the registry's
 * PK interactions (a clearance multiplier on the victim, drugs[1]). */
typedef struct cnsim_interaction {
    char severity[24];          /* boxed-warning | major | moderate | minor */
    char drugs[2][CNSIM_NAME_MAX];
    char mechanism[320];
    char advice[320];
    char source[CNSIM_NAME_MAX]; /* sources.id */
    int is_pk;                  /* drugs[0] changes drugs[1]'s clearance */
    double cl_multiplier;       /* PK: victim clearance x this */
    int is_assumed;             /* PK: the multiplier is an assumption */
    char basis[320];            /* PK: where the multiplier comes from */
} cnsim_interaction;
size_t cnsim_model_n_interactions(const cnsim_model *m);
const cnsim_interaction *cnsim_model_interaction(const cnsim_model *m, size_t i);

/* The drug's registry PK parameters (before any patient profile), and the
 * same with profile p's published covariate effects applied (in memory:
 * populations call it per subject). notes may be NULL. */
const cnsim_pk_params *cnsim_model_pk_params_reference(const cnsim_model *m, size_t d);
cnsim_status cnsim_model_pk_params_for(const cnsim_model *m, size_t d, const cnsim_patient *p,
                                       cnsim_pk_params *out, cnsim_patient_finding *notes, size_t n_max,
                                       size_t *n_notes);

/* Findings that hold whatever the doses: the patient's label precautions
 * and applied covariate effects, and the interactions between the drugs
 * (boxed warnings for CNS depressants, serotonergic and CYP
 * interactions), each with its source. */
size_t cnsim_model_n_findings(const cnsim_model *m);
const cnsim_finding *cnsim_model_finding(const cnsim_model *m, size_t i);

/* ---- run -------------------------------------------------------------- */

cnsim_status cnsim_run_create(const cnsim_model *m, cnsim_run **out);
void cnsim_run_free(cnsim_run *r);   /* NULL is fine */
const cnsim_model *cnsim_run_model(const cnsim_run *r);

/* Dosing. A regimen string for drug d (cnsim_regimen_parse; NULL clears
 * it), and event records: those of subject `id` in ev, whose drug names
 * must be the model's (copied; NULL clears them). Both may be given; they
 * add up. Errors name the regimen's column or the record's line. A data
 * set may hold several blocks of one ID (cnsim_event.block: the ID comes
 * back, or a reset restarts the clock): cnsim_run_set_events takes the
 * first, cnsim_run_set_subject_events the block asked for. */
cnsim_status cnsim_run_set_regimen(cnsim_run *r, size_t d, const char *text);
/* The clock of the frequency words qd, od, daily, bid, tid and qid in
 * every regimen of the run (cnsim_regimen_parse_clock): n_clock hours
 * 0 <= h < 24 (copied); NULL with 0 restores the default clock
 * (cnsim_regimen_default_clock). The regimens set so far are read again
 * with it, and later ones are read with it: a regimen whose frequency word
 * doses another number of times a day is refused with
 * cnsim_regimen_parse_clock's error (CNSIM_E_RANGE), and a refused clock
 * leaves the one before in place. */
cnsim_status cnsim_run_set_clock(cnsim_run *r, const double *clock_h, size_t n_clock);
cnsim_status cnsim_run_set_events(cnsim_run *r, const cnsim_event_list *ev, int id);
cnsim_status cnsim_run_set_subject_events(cnsim_run *r, const cnsim_event_list *ev, int id, int block);

/* The output times: every every_h hours from 0 to until_h. until_h NAN
 * chooses the horizon (cnsim_run_horizon says which and why):
 *   - every regimen ends: the last dose plus 5 half-lives of the slowest
 *     process that has to settle after it: the terminal half-life of each
 *     active species (drug or metabolite with a CNS target; without any,
 *     every species) and the recovery half-life of the adaptation it
 *     drives (GABA-A adaptation for benzodiazepines, 5-HT1A
 *     autoreceptors for SSRIs), so a withdrawal is seen whole;
 *   - a regimen repeats without "for" (open-ended): it goes on to the end,
 *     which is its start plus 5 half-lives of the slowest process it
 *     drives (PK, tolerance, adaptation): its steady state. No stop is
 *     simulated.
 * every_h NAN: 1 h. Default: both NAN. */
cnsim_status cnsim_run_set_grid(cnsim_run *r, double until_h, double every_h);
/* Explicit output times instead (non-decreasing, >= 0; copied). */
cnsim_status cnsim_run_set_times(cnsim_run *r, const double *t_h, size_t n);
/* The same, where before[i] = 1 asks for the state just before the
 * records at t_h[i] act (a trough listed before a dose at its time, as
 * NONMEM orders records), 0 after them (before NULL: all after). Equal
 * times may repeat. */
cnsim_status cnsim_run_set_times_before(cnsim_run *r, const double *t_h, const unsigned char *before, size_t n);

/* Individual PK parameters for drug d (one subject of a population, a
 * clearance changed by an interaction); NULL restores the model's. Same
 * structure as the model's (compartments, metabolite), else CNSIM_E_ARG. */
cnsim_status cnsim_run_set_pk_params(cnsim_run *r, size_t d, const cnsim_pk_params *p);

/* What a simulate call computes beyond the concentrations: */
enum {
    CNSIM_RUN_PD = 1,          /* effect sites, occupancy, adaptation, effects, onset, withdrawal */
    CNSIM_RUN_NETWORK = 2,     /* network rate and seizure index (needs PD) */
    CNSIM_RUN_SUMMARY = 4,     /* PK summary per species (the regimen is sampled for it too) */
    CNSIM_RUN_FINDINGS = 8,    /* labelled maxima and taper pace */
    CNSIM_RUN_ALL = 15         /* the default */
};
cnsim_status cnsim_run_set_outputs(cnsim_run *r, unsigned what);

/* Builds the records and the output times (horizon chosen) without
 * simulating; cnsim_run_simulate does it first. CNSIM_E_ARG if there is
 * nothing to simulate (no dose), or for inconsistent records. */
cnsim_status cnsim_run_prepare(cnsim_run *r);
/* Simulates the chain once. Results stay valid until the next call that
 * changes the run. */
cnsim_status cnsim_run_simulate(cnsim_run *r);

/* Bytes a simulate call of the prepared run will hold at its peak (the
 * samples of the pass, the pharmacodynamic nodes, the outputs and the
 * table), from the output times and records; within a factor of about 1.5
 * either way, into *bytes (n_rows, n_columns may be NULL). Prepares the run
 * if needed and returns that status (CNSIM_E_NOMEM, an input error); for
 * callers that refuse a run that would not fit before starting it. */
cnsim_status cnsim_run_memory_estimate(cnsim_run *r, double *bytes, size_t *n_rows, size_t *n_columns);

/* The records simulated (expanded, sorted; drug indices are the model's). */
const cnsim_event_list *cnsim_run_events(const cnsim_run *r);

typedef struct cnsim_horizon {
    double until_h;
    int is_automatic;          /* chosen by cnsim_run_set_grid(NAN) */
    int is_open_ended;         /* a regimen repeats to the end */
    double last_dose_h;        /* NAN if none or open-ended */
    double half_life_h;        /* of the process that set it (automatic) */
    char reason[400];          /* one sentence */
} cnsim_horizon;
void cnsim_run_horizon(const cnsim_run *r, cnsim_horizon *out);

/* Output times. */
size_t cnsim_run_n_times(const cnsim_run *r);
const double *cnsim_run_times(const cnsim_run *r);

/* The output table: one column per quantity, n_times values each, named
 * exactly as the columns of `cnsim simulate --format csv` after id and
 * time_h: "<species>_ng_mL" for every species; with PD,
 * "<species>_ce_unbound_ng_mL" for benzodiazepine-site ligands, the PD
 * columns (gabaa_bzd_occupancy_frac ... raphe_firing_index) and, with
 * the excitability map, network_rate_hz and seizure_susceptibility_index.
 * The set of columns depends only on the model and the outputs asked for. */
size_t cnsim_run_n_columns(const cnsim_run *r);
const char *cnsim_run_column_name(const cnsim_run *r, size_t c);
long cnsim_run_column_index(const cnsim_run *r, const char *name);   /* -1 if absent */
const double *cnsim_run_column(const cnsim_run *r, size_t c);
/* The whole table, column after column: column c at c * n_times. */
const double *cnsim_run_table(const cnsim_run *r);

/* Plasma and effect-site (total) concentrations, n_times x n_species,
 * row-major; the effect sites are NULL without PD. */
const double *cnsim_run_conc(const cnsim_run *r);
const double *cnsim_run_ce(const cnsim_run *r);
/* PD states at the output times (NULL without PD). */
const cnsim_pd_state *cnsim_run_pd(const cnsim_run *r);

/* Metrics of the course (NAN where they do not apply). */
typedef struct cnsim_run_metrics {
    double onset_h;            /* first dose to 50% of the first 12 h's peak
                                  anxiolysis (sampled every CNSIM_FINE_STEP_H) */
    double antidepressant_t50_h; /* time to half the final antidepressant index
                                    (NAN when it ends near 0: an SSRI stopped) */
    double antidepressant_peak, antidepressant_peak_time_h;
    double antidepressant_t50_peak_h; /* time to half the peak index */
    double sert_occupancy_peak;
    double final_sert_occupancy, final_adaptation;
    cnsim_pd_withdrawal_summary withdrawal;   /* over the output times */
    cnsim_pd_withdrawal_summary ssri_discontinuation; /* the SSRI
                                  discontinuation index, likewise */
} cnsim_run_metrics;
void cnsim_run_get_metrics(const cnsim_run *r, cnsim_run_metrics *out);

/* PK summary of species k (CNSIM_RUN_SUMMARY): Cmax, AUC over the dosing
 * interval the regimen gave, terminal t1/2, time to 90% of steady state,
 * from the same simulation. CNSIM_E_ARG if not computed. */
cnsim_status cnsim_run_summary(const cnsim_run *r, size_t k, cnsim_pk_summary *out);

/* Findings: the model's, then the run's (labelled maxima, taper pace). */
size_t cnsim_run_n_findings(const cnsim_run *r);
const cnsim_finding *cnsim_run_finding(const cnsim_run *r, size_t i);

/* Counters and timings of the last simulate call. */
typedef struct cnsim_run_stats {
    cnsim_solver_kind pk_solver;
    cnsim_pk_stats pk;
    cnsim_pd_solver_kind pd_solver;
    cnsim_pd_stats pd;
    size_t n_samples;          /* times the chain was sampled at */
    double wall_s, pk_wall_s, pd_wall_s;
} cnsim_run_stats;
void cnsim_run_get_stats(const cnsim_run *r, cnsim_run_stats *out);

CNSIM_END_DECLS
#endif
