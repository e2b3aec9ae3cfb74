/* The PK run object, shared by the driver (run.c) and the two propagators
 * (closed_form.c, cvode.c). */
#ifndef CNSIM_PK_RUN_IMPL_H
#define CNSIM_PK_RUN_IMPL_H

#include "pk_impl.h"

/* Propagators kept per drug: the step lengths of a run's samples (the
 * pharmacodynamic nodes lie on a lattice of the fine step, so their steps
 * are a few multiples of it; outputs and the summary add a few more). */
#define CF_CACHE 48
#define CF_HINTS 64
#define CV_SPARES 32  /* cvode.c: more than CVODE clones at set-up */   /* lookup hints per drug (closed_form.c) */

/* A drug's modal form over its active states: ok 1 (usable), 0 (ill
 * conditioned or complex: Van Loan), -1 (not computed yet). */
typedef struct {
    int ok, n;
    double lam[NS], V[NS * NS], Vi[NS * NS];
} cf_modal;

/* One cached propagator exp(A_aug h) for a drug: key (h, rates). */
typedef struct {
    double h;
    double rate[NS];
    double E[(NS + 1) * (NS + 1)];
    double Ec[NS * (NS + 1)];   /* rows and columns of the active states
                                   (act), then the input column */
    int valid;
    unsigned long stamp;
} cf_entry;

struct cnsim_pk_run {
    size_t n_drugs, n_states, n_out;   /* n_states: NS per drug (internal) */
    cnsim_pk_params *p;
    double *ke0;               /* per output: effect-site rate, 0 = none */
    double *A;                 /* n_drugs x NS x NS, linear matrices */
    int linear;
    cnsim_solver_opts opts;
    cnsim_solver_kind solver;  /* resolved */
    char (*out_name)[CNSIM_NAME_MAX];
    int *out_drug, *out_is_met;
    int *met_out;              /* per drug: its metabolite's output, or -1 */
    /* Per drug, the states the model can make non-zero (compartments it
     * has, effect sites with a rate); the closed form propagates only
     * these. The eliminated amount is propagated only when amounts are
     * recorded (nothing else reads it). */
    int (*act)[NS];
    int *n_act;
    int want_elim;

    double *rate;              /* current infusion input, mg/h, per state */
    unsigned long rate_epoch;  /* changes whenever any input rate does */
    cnsim_pk_stats stats;

    /* closed form */
    cf_entry *cache;           /* n_drugs x CF_CACHE */
    cf_entry **cf_last;        /* per drug: the entry used last */
    unsigned long *cf_last_epoch;
    unsigned long cf_clock;
    unsigned char *cf_hint;    /* n_drugs x CF_HINTS cache indices */
    void *cf_work;             /* gsl matrices */

    /* interactions (ddi.c): enzyme e's state, its amount relative to
     * baseline minus 1, is x[n_drugs * NS + e] */
    size_t n_enz, n_path, n_mod;
    char enz_name[CNSIM_PK_MAX_ENZYMES][16];
    double kdeg[CNSIM_PK_MAX_ENZYMES];
    cnsim_pk_pathway *path;
    cnsim_pk_modulator *mod;
    unsigned char *coupled;    /* per drug: depends on another drug */
    double *ddi_m;             /* scratch: 3 per drug, the multipliers
                                  (2d, 2d + 1) and, from 2 n_drugs on,
                                  the first-pass factors g */
    double *fp_eh;             /* per drug: its summed first-pass
                                  extraction at baseline (0: none) */
    double *path_act;          /* per pathway: the patient's activity of its
                                  enzyme in its drug (1: normal) */
    double ddi_terms[CNSIM_PK_MAX_ENZYMES][3];   /* ddi.c's sums per enzyme,
                                  at the last concentrations asked for */

    /* the exponential integrator for coupled linear drugs (expo.c) */
    void *ex_work;

    /* CVODE */
    void *cv_ctx, *cv_mem, *cv_y, *cv_J, *cv_LS;
    double cv_t;               /* where the integrator stands */
    void *cv_spare[CV_SPARES]; /* vectors handed out when a clone fails */
    void *cv_spare_J;          /* the matrix handed out likewise (cvode.c) */
    int n_spare, cv_clone_failed;
    int cv_counted;            /* counters since the last ReInit taken */
    char cv_msg[512];
    double *cv_full;           /* cvode.c: state and derivative in the NS
                                  layout (2 n_states), for the right-hand side */
};

/* Rebuilds drug d's linear matrix (after its parameters or effect sites
 * changed) and forgets its cached propagators. */
void cnsim__pk_run_refresh(cnsim_pk_run *run, size_t d);

/* Propagator interface: begin a segment at t0 with state x (inputs fixed
 * in run->rate until the next begin), then advance to t1 >= current time,
 * leaving the state in x. */
cnsim_status cnsim__cf_begin(cnsim_pk_run *run, double t0, const double *x);
cnsim_status cnsim__cf_advance(cnsim_pk_run *run, double *t, double t1, double *x);
/* Drug d's states xd over h ending at t1 (closed form only): the drugs
 * are independent, so each can be brought forward on its own. */
cnsim_status cnsim__cf_step(cnsim_pk_run *run, size_t d, double h, double t1, double *xd);
cnsim_status cnsim__cf_init(cnsim_pk_run *run);
cnsim_status cnsim__cf_modal_build(const cnsim_pk_run *run, size_t d, const double *A, int n, cf_modal *md);
void cnsim__cf_free(cnsim_pk_run *run);
void cnsim__cf_forget(cnsim_pk_run *run, size_t d);

/* Interactions: copy and check the description; the multipliers of every
 * species (m[2d] parent, m[2d + 1] metabolite) at state y, and the enzyme
 * derivatives into dy (NULL: not wanted). */
cnsim_status cnsim__ddi_init(cnsim_pk_run *run, const cnsim_pk_ddi *ddi);
void cnsim__ddi_free(cnsim_pk_run *run);
/* Drug d's pathway activities from its parameters (after they changed). */
void cnsim__ddi_refresh(cnsim_pk_run *run, size_t d);
void cnsim__ddi_eval(const cnsim_pk_run *run, const double *y, double *m, double *dy);
/* The enzymes' equations at state y as x_e' = u[e] - b[e] x_e (x_e: the
 * amount relative to baseline minus 1), the concentrations frozen. */
void cnsim__ddi_enzyme_rates(cnsim_pk_run *run, const double *y, double *u, double *b);
/* The multipliers (cnsim__ddi_eval's layout) at the concentrations of the
 * last cnsim__ddi_enzyme_rates and the enzyme states x_enz. */
void cnsim__ddi_multipliers_at(const cnsim_pk_run *run, const double *x_enz, double *m);

/* The exponential integrator (expo.c): NULL if it suits this run, else
 * why not (written into buf). It propagates drugs whose own clearance
 * nothing modulates with the closed form (so it sets that up too). */
const char *cnsim__ex_unsuitable(const cnsim_pk_run *run, char *buf, size_t n);
cnsim_status cnsim__ex_init(cnsim_pk_run *run);
void cnsim__ex_free(cnsim_pk_run *run);
void cnsim__ex_forget(cnsim_pk_run *run, size_t d);
cnsim_status cnsim__ex_begin(cnsim_pk_run *run, double t0, const double *x);
cnsim_status cnsim__ex_advance(cnsim_pk_run *run, double *t, double t1, double *x);

cnsim_status cnsim__cv_init(cnsim_pk_run *run);
cnsim_status cnsim__cv_begin(cnsim_pk_run *run, double t0, const double *x, double t_stop);
cnsim_status cnsim__cv_advance(cnsim_pk_run *run, double *t, double t1, double *x);
void cnsim__cv_free(cnsim_pk_run *run);
/* Adds CVODE's step counters to run->stats (before a ReInit resets them). */
void cnsim__cv_collect(cnsim_pk_run *run);

#endif
