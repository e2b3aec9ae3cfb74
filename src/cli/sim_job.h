/* A simulation job as the CLI assembles it: drugs and regimens (from
 * options, a scenario file or an event data set), the output grid, the
 * results and the warnings. Shared by `simulate` and `demo`. */
#ifndef CNSIM_CLI_SIM_JOB_H
#define CNSIM_CLI_SIM_JOB_H

#include "cli.h"
#include "cnsim/patient.h"

#define JOB_MAX_DRUGS 16
#define JOB_MAX_WARNINGS 64

typedef struct job_warning {
    char code[48];
    char message[400];
    char source[300];
} job_warning;

typedef struct sim_job {
    cnsim_registry *reg;
    /* what the user asked for */
    size_t n_specs;
    char spec_drug[JOB_MAX_DRUGS][CNSIM_NAME_MAX];
    const char *spec_regimen[JOB_MAX_DRUGS];
    char spec_form[JOB_MAX_DRUGS][CNSIM_FORM_MAX];
    const char *events_path;
    const char *default_drug;     /* for event files without DRUG */
    double until_h, every_h;      /* NAN = default */
    cnsim_solver_opts opts;
    long seed;
    int skip_summary;             /* CSV output needs no summary */
    double default_tail_h;        /* --until default: last record + this */
    /* assembled */
    cnsim_event_list raw, ev;
    cnsim_pk_params params[JOB_MAX_DRUGS];
    size_t n_drugs;
    /* results */
    int *ids;
    size_t n_ids;
    double *t;
    size_t n_t, n_out;
    char (*out_names)[CNSIM_NAME_MAX];
    int *out_is_met;
    int *out_drug;
    double *conc;                 /* [id][t][out] */
    cnsim_pk_summary *summary;    /* per output, for the first id */
    job_warning warnings[JOB_MAX_WARNINGS];
    size_t n_warnings;
    cnsim_pk_stats stats;
    double wall_s;
    cnsim_solver_kind solver;
    /* pharmacodynamics (when any substance has a CNS target) */
    int pd_enabled;
    cnsim_pd_system_params pd_sys;
    cnsim_pd_drug_params *pd_drugs;   /* per output */
    cnsim_pd_state *pd;               /* [id][t] */
    double *ce_unbound;               /* [id][t][out], ng/mL, BZD only */
    cnsim_pd_withdrawal_summary withdrawal; /* first subject */
    double pd_onset_h;                /* first dose to 50% of first peak anxiolysis */
    double pd_ad_t50_h;               /* to 50% of the final antidepressant index */
    double pd_wall_s;
    /* excitability map (network layer), looked up along the course */
    cnsim_excitability_point *exmap;
    size_t n_exmap;
    double *net_rate, *seizure_index;   /* [id][t], when the map exists */
    /* --patient: label flags and covariate effects (job_prepare) */
    int has_patient;
    cnsim_patient patient;
} sim_job;

void job_init(sim_job *j);
void job_free(sim_job *j);

/* Adds "--drug NAME" (its regimen and formulation come with later calls). */
int job_add_drug(sim_job *j, const char *name);       /* exit code */

/* Builds the events, the parameters and the grid; exit code (0 ok). */
int job_prepare(sim_job *j);
/* Runs every subject and the summary; exit code. */
int job_run(sim_job *j);

void job_warn(sim_job *j, const char *code, const char *source, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Writers. */
void job_write_csv(const sim_job *j, FILE *fp);
void job_write_json(const sim_job *j, FILE *fp, int with_series);
void job_write_summary(const sim_job *j, FILE *fp);
void job_print_events(const sim_job *j, FILE *fp);
int job_plot(const sim_job *j, const char *path, const char *title); /* exit code */

extern const char job_disclaimer[];

#endif
