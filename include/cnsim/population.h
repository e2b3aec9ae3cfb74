/* Virtual populations: many subjects through one model, with
 * between-subject variability in the NONMEM vocabulary (THETA typical
 * values, ETA ~ N(0, OMEGA) with a full covariance matrix, individual
 * parameter P_i = THETA_P * covariate effects * exp(ETA_P)), covariates drawn
 * from stated distributions or read from a CSV, and optional residual error
 * (SIGMA: additive, proportional or combined).
 *
 * Two model types:
 *  - "effect-tolerance": one-compartment oral PK with an effect compartment
 *    and a tolerance moderator (workload P1 of bench/; closed form for the
 *    linear part, exponential-weighted quadrature for the tolerance state);
 *  - "drug-chain": registry drugs through the whole chain (PK with the
 *    registry's published covariate effects, receptor occupancy,
 *    adaptation, withdrawal, and for an SSRI the HAM-D symptom course).
 *
 * Reproducibility: subject i draws from its own random stream seeded from
 * (seed, i) alone, and the summaries are exact integer sums (bucket counts,
 * fixed-point sums), so results are bit-identical for any number of
 * threads, any order, and any split into parts (MPI ranks) merged with
 * cnsim_pop_result_merge.
 *
 * Summaries use bounded memory per output point, whatever N: the mean (a
 * fixed-point sum with 2^-40 resolution) and the 5th/50th/95th percentiles
 * from a log-linear histogram with 128 sub-buckets per power of two
 * (relative error at most 0.4%; |x| < 1e-12 counts as 0). Scenario format
 * and model equations: docs/population.md. */
#ifndef CNSIM_POPULATION_H
#define CNSIM_POPULATION_H

#include <stddef.h>
#include <stdint.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"

CNSIM_BEGIN_DECLS

typedef struct cnsim_pop_spec cnsim_pop_spec;       /* opaque: model + variability */
typedef struct cnsim_pop_result cnsim_pop_result;   /* opaque: summaries (+ subjects) */

/* Reads a population scenario (JSON; unknown keys are errors naming the
 * JSON path). Relative file names inside are resolved against the file's
 * folder. reg is used for "drug-chain" models and may be NULL otherwise. */
cnsim_status cnsim_pop_spec_read(const char *path, cnsim_registry *reg, cnsim_pop_spec **out);
cnsim_status cnsim_pop_spec_read_mem(const char *json, size_t n, const char *base_dir,
                                     cnsim_registry *reg, cnsim_pop_spec **out);
void cnsim_pop_spec_free(cnsim_pop_spec *s);   /* NULL is fine */

/* Subjects from a CSV (header row; optional `id` column): columns named
 * after a model parameter give that subject's individual value (its ETA is
 * then not used), columns named after a covariate (age, weight, sex,
 * hepatic, cyp2c19, cyp2d6) give the covariate. Rows are subjects 0, 1,
 * ...; a run needs n <= rows. Missing or out-of-range values: CNSIM_E_PARSE
 * / CNSIM_E_RANGE naming the row and column. */
cnsim_status cnsim_pop_spec_set_subjects_csv(cnsim_pop_spec *s, const char *path);
size_t cnsim_pop_spec_n_subject_rows(const cnsim_pop_spec *s);   /* 0: none given */
/* The same from memory: n_rows x n_cols values (row-major) under the
 * column names (parameters or covariates; categorical covariates as their
 * level code: sex 1 female 2 male; hepatic 1 none .. 4 severe; CYP 1 poor
 * .. 5 ultrarapid). */
cnsim_status cnsim_pop_spec_set_subjects(cnsim_pop_spec *s, const char *const *names, size_t n_cols,
                                         const double *values, size_t n_rows);

const char *cnsim_pop_spec_name(const cnsim_pop_spec *s);
const char *cnsim_pop_spec_model(const cnsim_pop_spec *s);  /* "effect-tolerance" | "drug-chain" */
long cnsim_pop_spec_default_n(const cnsim_pop_spec *s);     /* -1: not given */
long cnsim_pop_spec_default_seed(const cnsim_pop_spec *s);  /* -1: not given */

/* Model parameters (THETA), in the order of the OMEGA rows. */
size_t cnsim_pop_spec_n_params(const cnsim_pop_spec *s);
const char *cnsim_pop_spec_param_name(const cnsim_pop_spec *s, size_t k);
double cnsim_pop_spec_theta(const cnsim_pop_spec *s, size_t k);
double cnsim_pop_spec_omega(const cnsim_pop_spec *s, size_t i, size_t j);   /* variance/covariance */
const char *cnsim_pop_spec_omega_source(const cnsim_pop_spec *s, size_t k);  /* "" if user-given */

/* Output columns and times. */
size_t cnsim_pop_spec_n_outputs(const cnsim_pop_spec *s);
const char *cnsim_pop_spec_output_name(const cnsim_pop_spec *s, size_t k);
size_t cnsim_pop_spec_n_times(const cnsim_pop_spec *s);
const double *cnsim_pop_spec_times(const cnsim_pop_spec *s);

/* Per-subject summary metrics (Cmax, AUC, peak withdrawal index, ...). */
size_t cnsim_pop_spec_n_metrics(const cnsim_pop_spec *s);
const char *cnsim_pop_spec_metric_name(const cnsim_pop_spec *s, size_t k);

/* Called from one thread now and then while a run goes on. */
typedef void (*cnsim_pop_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct cnsim_pop_opts {
    size_t n;                  /* subjects in the whole population */
    size_t first, count;       /* this part: subjects first..first+count-1 (MPI ranks);
                                  count 0 = all of them */
    unsigned long seed;
    int threads;               /* 0: OpenMP default */
    int keep_subjects;         /* keep every subject's outputs (per-subject CSV) */
    int keep_metrics;          /* keep every subject's metrics */
    int skip_summaries;        /* with keep_subjects: no bands or metric summaries
                                  (per-subject output needs none) */
    cnsim_pop_progress_fn progress;
    void *progress_ctx;
} cnsim_pop_opts;

cnsim_pop_opts cnsim_pop_opts_default(void);

/* Bytes a run would need (summaries for each thread plus kept subjects),
 * for refusing runs beyond memory before they start. */
double cnsim_pop_memory_estimate(const cnsim_pop_spec *s, const cnsim_pop_opts *o);

/* Runs the subjects of o (a subject that fails is recorded with its id and
 * reason and left out of the summaries; the others complete). CNSIM_E_ARG /
 * CNSIM_E_RANGE for bad options, CNSIM_E_NOMEM. */
cnsim_status cnsim_pop_run(const cnsim_pop_spec *s, cnsim_registry *reg, const cnsim_pop_opts *o,
                           cnsim_pop_result **out);
void cnsim_pop_result_free(cnsim_pop_result *r);   /* NULL is fine */

/* Parts of one population (same spec, n and seed; disjoint subject ranges)
 * merge into a bit-identical whole: into += from. */
cnsim_status cnsim_pop_result_merge(cnsim_pop_result *into, const cnsim_pop_result *from);
/* Flat byte image of a result (for MPI): a new *buf of *n bytes, released
 * with cnsim_free. */
cnsim_status cnsim_pop_result_pack(const cnsim_pop_result *r, unsigned char **buf, size_t *n);
cnsim_status cnsim_pop_result_unpack(const cnsim_pop_spec *s, const unsigned char *buf, size_t n,
                                     cnsim_pop_result **out);

size_t cnsim_pop_result_n_done(const cnsim_pop_result *r);     /* subjects summarised */
size_t cnsim_pop_result_n_failed(const cnsim_pop_result *r);
/* Failure k (in subject order): id and reason. */
void cnsim_pop_result_failure(const cnsim_pop_result *r, size_t k, size_t *id, const char **reason);

/* Summary of output k at time index i over the subjects: mean and the
 * 5th, 50th and 95th percentiles (NAN if no subject). */
typedef struct cnsim_pop_band {
    double mean, p5, p50, p95;
} cnsim_pop_band;
cnsim_pop_band cnsim_pop_result_band(const cnsim_pop_result *r, size_t k, size_t i);
/* Any percentile q in (0, 100] of output k at time index i. */
double cnsim_pop_result_quantile(const cnsim_pop_result *r, size_t k, size_t i, double q);
/* The same for metric k over subjects. */
cnsim_pop_band cnsim_pop_result_metric(const cnsim_pop_result *r, size_t k);

/* Kept subject outputs (keep_subjects): values of subject `id` (in this
 * result's range) at n_times x n_outputs, time-major; NULL if not kept or
 * the subject failed. Kept metrics likewise (n_metrics values). */
const double *cnsim_pop_result_subject(const cnsim_pop_result *r, size_t id);
const double *cnsim_pop_result_subject_metrics(const cnsim_pop_result *r, size_t id);
/* Individual parameter values of subject id (n_params), when kept. */
const double *cnsim_pop_result_subject_params(const cnsim_pop_result *r, size_t id);

CNSIM_END_DECLS
#endif
