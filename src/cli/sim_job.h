/* A simulation as the CLI assembles it for `simulate` and `demo`: what the
 * user asked for (drugs, regimens, a scenario, an event data set, the
 * grid, solver options, a patient), turned into one model and one run per
 * subject through the library (include/cnsim/model.h), and the writers
 * that print the results. No simulation happens here. */
#ifndef CNSIM_CLI_SIM_JOB_H
#define CNSIM_CLI_SIM_JOB_H

#include <stdint.h>
#include "cli.h"

#define JOB_MAX_DRUGS CNSIM_MODEL_MAX_DRUGS

/* One subject's outputs: its times and the run's table. */
typedef struct job_subject {
    int id;
    size_t n_t;
    double *t;
    double *table;                /* n_cols x n_t */
    int borrowed;                 /* t and table are the run's (the last subject) */
    /* --at records|both: the subject's records of the data set, in file
     * order (indices into sim_job.file_ev), and the run's table there */
    size_t n_rec;
    size_t *rec;
    double *rec_table;            /* n_cols x n_rec */
} job_subject;

/* Where simulate reports (--at): on the --every grid, at the data set's
 * records (NONMEM's $TABLE), or both. */
typedef enum { JOB_AT_GRID = 0, JOB_AT_RECORDS = 1, JOB_AT_BOTH = 2 } job_at;

typedef struct sim_job {
    cnsim_registry *reg;
    /* what the user asked for */
    size_t n_specs;
    char spec_drug[JOB_MAX_DRUGS][CNSIM_NAME_MAX];
    const char *spec_regimen[JOB_MAX_DRUGS];
    char spec_form[JOB_MAX_DRUGS][CNSIM_FORM_MAX];
    cnsim_pk_model *spec_model[JOB_MAX_DRUGS];   /* --model FILE.json, or NULL */
    const char *spec_model_path[JOB_MAX_DRUGS];
    const char *events_path;
    const char *default_drug;     /* for event files without DRUG */
    const char *times;            /* --times as given, or NULL */
    double clock_h[CNSIM_REGIMEN_MAX_PER_DAY];   /* its clock hours */
    int n_clock;                  /* 0: the default clock of the frequency words */
    double until_h, every_h;      /* NAN = the library's choice */
    cnsim_model_opts opts;
    uint64_t seed;
    int has_seed;
    int has_patient;
    cnsim_patient patient;
    int skip_summary;             /* CSV output needs no summary */
    int digits;                   /* CSV significant digits: 0 or 10 the default, up to 17 */
    job_at at;
    /* assembled */
    cnsim_event_list file_ev;     /* records of --events, names resolved */
    cnsim_model *model;
    cnsim_run *run;
    size_t n_subj;
    job_subject *subj;
    size_t n_cols;
    char (*col)[CNSIM_NAME_MAX + 24];
    /* the first subject */
    cnsim_event_list first_ev;    /* its records, as simulated */
    cnsim_pk_summary *summary;    /* per species, or NULL */
    cnsim_run_metrics metrics;
    cnsim_horizon horizon;
    cnsim_finding *findings;
    size_t n_findings;
    cnsim_run_stats stats;
    double wall_s;                /* all subjects */
} sim_job;

void job_init(sim_job *j);
void job_free(sim_job *j);

/* Adds "--drug NAME" (its regimen and formulation come with later calls). */
int job_add_drug(sim_job *j, const char *name);       /* exit code */
/* Adds "--model FILE.json": a drug whose PK model comes from the file
 * (cnsim/pkmodel.h); its regimen comes with a later --regimen. */
int job_add_model(sim_job *j, const char *path);      /* exit code */

/* Reads the inputs and builds the model; exit code (0 ok). */
int job_prepare(sim_job *j);
/* Runs every subject; exit code. */
int job_run(sim_job *j);

/* Writers (0, or the exit code of a failure they report). */
int job_write_csv(const sim_job *j, FILE *fp);   /* 1 (reported) when out of memory */
int job_write_json(const sim_job *j, FILE *fp, int with_series);   /* 1 (reported) when out of memory */
void job_write_summary(const sim_job *j, FILE *fp);
int job_print_events(sim_job *j, FILE *fp);
/* The figure into fp (opened with cli_outs_open_plot); path gives the format. */
int job_plot(const sim_job *j, FILE *fp, const char *path, const char *title);
/* Findings to standard error (for machine formats on standard output). */
void job_warn_stderr(const sim_job *j);

extern const char job_disclaimer[];

#endif
