/* Declarations shared inside the population layer. */
#ifndef CNSIM_POP_IMPL_H
#define CNSIM_POP_IMPL_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

#include "cnsim/population.h"
#include "cnsim/patient.h"
#include "cnsim/course.h"
#include "cnsim/regimen.h"
#include "cnsim/model.h"
#include "cnsim/pkmodel.h"

#define POP_MAX_PARAMS 32
#define POP_MAX_OUTPUTS 64
#define POP_MAX_METRICS 64
#define POP_MAX_DRUGS 4
#define POP_MAX_COV_EFFECTS 32
#define POP_NAME 48

enum { POP_MODEL_ET = 0, POP_MODEL_CHAIN = 1 };

/* Covariates of a subject: the clinical profile (drug chain) plus the two
 * continuous ones as numbers (NAN when not known). */
typedef struct pop_cov {
    cnsim_patient patient;
} pop_cov;

enum { COV_AGE, COV_WEIGHT, COV_SEX, COV_HEPATIC, COV_CYP2C19, COV_CYP2D6, COV_N };
extern const char *const cnsim__pop_cov_names[COV_N];

/* How one covariate is drawn: continuous (normal, lognormal, uniform, fixed)
 * truncated to [min, max], or categorical with level probabilities. */
typedef struct pop_cov_dist {
    int given;
    int kind;          /* 0 normal, 1 lognormal, 2 uniform, 3 fixed, 4 categorical */
    double a, b;       /* normal: mean, sd; lognormal: median, cv; uniform: min, max; fixed: value */
    double lo, hi;     /* truncation */
    double p[6];       /* categorical: probability of level code 1..5 (index = code) */
} pop_cov_dist;

/* P_i *= effect: power (cov/ref)^e, linear 1 + s (cov - ref), or a factor
 * when a categorical covariate has `level`. */
typedef struct pop_cov_effect {
    int param, cov, kind;   /* kind 0 power, 1 linear, 2 level factor */
    double ref, value;
    int level;
} pop_cov_effect;

struct cnsim_pop_spec {
    char name[128];
    int model;
    int interactions_off;   /* "interactions": false (drug-chain models) */
    long n_default, seed_default;
    /* THETA, OMEGA (row-major n_par x n_par) and its Cholesky factor */
    size_t n_par;
    char par[POP_MAX_PARAMS][POP_NAME];
    double theta[POP_MAX_PARAMS];
    double omega[POP_MAX_PARAMS * POP_MAX_PARAMS];
    double chol[POP_MAX_PARAMS * POP_MAX_PARAMS];
    char omega_src[POP_MAX_PARAMS][64];
    int eta_on_logit[POP_MAX_PARAMS];    /* bioavailabilities: ETA on the logit */
    /* the model's outputs (out, n_model_out) and the reported columns
     * (col, n_out): chosen model outputs (col_src), then one _dv column
     * per SIGMA entry (dv_of: the model output behind it) */
    size_t n_model_out, n_out;
    char out[POP_MAX_OUTPUTS][POP_NAME], col[POP_MAX_OUTPUTS][POP_NAME];
    int col_src[POP_MAX_OUTPUTS], dv_of[POP_MAX_OUTPUTS], is_identity;
    double sigma_prop[POP_MAX_OUTPUTS], sigma_add[POP_MAX_OUTPUTS];   /* variances */
    size_t n_metrics;
    char metric[POP_MAX_METRICS][POP_NAME];
    double *times;
    size_t n_times;
    double until_h, every_h;
    /* dosing: the expanded event list (drug indices into ev.drugs) */
    cnsim_event_list ev;
    /* covariates */
    pop_cov_dist cov[COV_N];
    size_t n_eff;
    pop_cov_effect eff[POP_MAX_COV_EFFECTS];
    /* subjects read from a CSV: rows x (n_par + COV_N), NAN = not given */
    size_t n_rows;
    double *rows;
    int row_has_par[POP_MAX_PARAMS], row_has_cov[COV_N];
    /* drug chain: the model of its drugs, built once from the registry;
     * every thread runs it, none opens the registry */
    size_t n_drugs;
    char form[POP_MAX_DRUGS][CNSIM_FORM_MAX];
    cnsim_model *chain;
    cnsim_pk_params pk[POP_MAX_DRUGS];   /* typical values (the registry's) */
    /* drugs given by a model file ("model_file"; NULL: the registry's),
     * by drug index, with the path as written */
    cnsim_pk_model *file_model[POP_MAX_DRUGS];
    char file_path[POP_MAX_DRUGS][256];
    int has_ssri;
    cnsim_course_params course;
    double withdrawal_threshold;
};

/* Index of parameter `name` (case-insensitive; a single drug's parameters
 * also without the "drug." prefix), -1 if none. */
int cnsim__pop_param_index(const cnsim_pop_spec *s, const char *name);

/* Per-thread model workspace: for the drug chain, a run of s->chain. */
typedef struct pop_ws {
    cnsim_run *run;
} pop_ws;
cnsim_status cnsim__pop_ws_create(const cnsim_pop_spec *s, pop_ws **out);
void cnsim__pop_ws_free(pop_ws *w);


/* The effect-tolerance model (pop_model_et.c), POP_LANES subjects at a
 * time: nb <= POP_LANES subjects' parameters (nb x n_par) into out
 * (POP_LANES x n_times x 5, subject-major: room for every lane) and metrics
 * (nb x n_metrics); st[j] and why[j] say whether subject j's parameters
 * were usable. */
#define POP_LANES 8
cnsim_status cnsim__pop_et_simulate_lanes(const cnsim_pop_spec *s, size_t nb, const double *par, double *out,
                                          double *metrics, cnsim_status *st, char (*why)[256]);
void cnsim__pop_et_names(cnsim_pop_spec *s);
/* The vectorised kernel (pop_model_et_simd.c): POP_LANES validated subjects. */
void cnsim__pop_et_lanes(const double *t_out, size_t nt, const cnsim_event *ev, size_t nd, double max_step_h,
                         const double *par, size_t n_par, double *out);

/* The drug chain (pop_model_chain.c). */
cnsim_status cnsim__pop_chain_prepare(cnsim_pop_spec *s, cnsim_registry *reg);
cnsim_status cnsim__pop_chain_simulate(const cnsim_pop_spec *s, pop_ws *ws, size_t id,
                                       unsigned long seed, const double *par, const pop_cov *cov,
                                       double *out, double *metrics);

/* Summaries (pop_sketch.c): a log-linear histogram and a fixed-point sum
 * per value slot. */
typedef struct pop_store {
    int32_t lo;
    uint32_t cap;
    uint32_t *c;          /* counts (N is limited to 2^31 subjects) */
} pop_store;

typedef struct pop_slot {
    uint64_t n, n_zero, n_posinf, n_neginf;
    __int128 sum;
    pop_store pos, neg;
} pop_slot;

int cnsim__pop_slot_add(pop_slot *s, double x);   /* 0, or -1 out of memory */
/* n_rows rows of n_slots values (row b at rows + b * stride) into
 * slots[0..n_slots-1]. */
int cnsim__pop_slot_add_rows(pop_slot *slots, const double *rows, size_t stride, size_t n_rows, size_t n_slots);
int cnsim__pop_slot_merge(pop_slot *into, const pop_slot *from);
void cnsim__pop_slot_free(pop_slot *s);
double cnsim__pop_slot_quantile(const pop_slot *s, double q);   /* q in (0, 1] */
double cnsim__pop_slot_mean(const pop_slot *s);

/* A run's summaries and, when kept, its subjects. */
struct cnsim_pop_result {
    const cnsim_pop_spec *spec;
    size_t n_total, first, count;
    size_t n_slots;                 /* n_times * n_out + n_metrics */
    pop_slot *slots;
    size_t n_done;
    size_t n_fail, cap_fail;
    size_t *fail_id;
    char **fail_msg;
    /* kept per subject (index id - first) */
    double *subj, *subj_met, *subj_par;
    unsigned char *subj_ok;
};

/* Appends failure (id, msg); -1 out of memory. */
int cnsim__pop_add_failure(cnsim_pop_result *r, size_t id, const char *msg);

/* Seed of subject `id`'s stream (a splitmix64 hash of (seed, id)). */
unsigned long cnsim__pop_subject_seed(unsigned long seed, uint64_t id);

#endif
