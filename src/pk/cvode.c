/* The general propagator: SUNDIALS CVODE (BDF, dense direct solver with
 * the analytic Jacobian) on the whole patient system, every drug at once.
 * Each segment between events starts with CVodeReInit and ends at a hard
 * stop (CVodeSetStopTime), so the integrator never steps across a dose or
 * an infusion edge: a bolus is a jump in state, and hidden in f it would
 * make the solver shrink its step to chase a discontinuity it cannot see. */
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include "run_impl.h"
#include "core_impl.h"

/* CVODE integrates only the states the drugs have: per drug its first
 * eight (the six amounts and two effect sites) and two per further
 * metabolite, then the enzymes. The run keeps NS = 12 slots per drug;
 * the slots of metabolites a drug does not have stay out of CVODE's
 * vector, so its error norm (a root mean square over the vector) and
 * every step of a drug without a chain are what they were with 8 slots
 * (counting the padding loosened the tolerance: paroxetine's half-life
 * moved in the 4th digit). */
static size_t drug_n(const cnsim_pk_run *run, size_t d) { return 8 + 2 * (size_t)run->p[d].n_more_metabolites; }

static size_t cv_n(const cnsim_pk_run *run)
{
    size_t n = run->n_states - run->n_drugs * NS;
    for (size_t d = 0; d < run->n_drugs; d++)
        n += drug_n(run, d);
    return n;
}

/* The run's state x (NS per drug) into CVODE's vector c, and back (the
 * slots left out are untouched: they stay zero). */
static void pack(const cnsim_pk_run *run, const double *x, double *c)
{
    size_t o = 0;
    for (size_t d = 0; d < run->n_drugs; d++) {
        memcpy(c + o, x + d * NS, drug_n(run, d) * sizeof *c);
        o += drug_n(run, d);
    }
    memcpy(c + o, x + run->n_drugs * NS, run->n_enz * sizeof *c);
}

static void unpack(const cnsim_pk_run *run, const double *c, double *x)
{
    size_t o = 0;
    for (size_t d = 0; d < run->n_drugs; d++) {
        memcpy(x + d * NS, c + o, drug_n(run, d) * sizeof *c);
        o += drug_n(run, d);
    }
    memcpy(x + run->n_drugs * NS, c + o, run->n_enz * sizeof *c);
}

static int rhs(realtype t, N_Vector yv, N_Vector ydotv, void *ud)
{
    (void)t;
    cnsim_pk_run *run = ud;
    double *y = run->cv_full, *dy = run->cv_full + run->n_states;
    unpack(run, N_VGetArrayPointer(yv), y);
    /* With interactions, each species' clearance multiplier (1 without):
     * the linear part A x holds the baseline clearance, so the change is
     * added on top, with the same split to metabolite and elimination. */
    double mbuf[2] = {1, 1}, *m = mbuf;
    if (run->n_mod > 0) {
        m = run->ddi_m;   /* filled by the call, 3 per drug */
        cnsim__ddi_eval(run, y, m, dy);
    }
    for (size_t d = 0; d < run->n_drugs; d++) {
        const double *A = run->A + d * NS * NS, *x = y + d * NS, *r = run->rate + d * NS;
        double *f = dy + d * NS;
        for (int i = 0; i < NS; i++) {
            double s = r[i];
            for (int j = 0; j < NS; j++)
                s += A[i * NS + j] * x[j];
            f[i] = s;
        }
        const cnsim_pk_params *p = &run->p[d];
        double fm = p->has_metabolite ? p->fm : 0;
        double r_mw = p->has_metabolite ? p->met_mw_g_per_mol / p->mw_g_per_mol : 1;
        double mp = run->n_mod > 0 ? m[2 * d] : 1, mm_ = run->n_mod > 0 ? m[2 * d + 1] : 1;
        /* parent: extra elimination (mp - 1) (k10 A1 + MM) */
        double extra = (mp - 1) * p->cl_L_per_h / p->v1_L * x[CNSIM_PK_S_CENTRAL];
        if (p->vmax_mg_per_h > 0)
            extra += mp * cnsim__pk_mm_rate(p, x[CNSIM_PK_S_CENTRAL], NULL);
        f[CNSIM_PK_S_CENTRAL] -= extra;
        f[CNSIM_PK_S_METAB] += r_mw * fm * extra;
        f[CNSIM_PK_S_ELIM] += (1 - fm) * extra;
        if (p->n_more_metabolites > 0)   /* further metabolites made from the parent */
            cnsim__pk_chain_flux(p, 0, extra, f);
        /* first pass: the depot-to-central flux times g (include/cnsim/pk.h) */
        double g = run->n_mod > 0 ? m[2 * run->n_drugs + d] : 1;
        if (g != 1) {
            double in = (g - 1) * p->ka_per_h * x[CNSIM_PK_S_DEPOT];
            f[CNSIM_PK_S_CENTRAL] += in;
            f[CNSIM_PK_S_ELIM] -= in;
        }
        if (p->has_metabolite && mm_ != 1) {
            double em = (mm_ - 1) * p->met_cl_L_per_h / p->met_v_L * x[CNSIM_PK_S_METAB];
            f[CNSIM_PK_S_METAB] -= em;
            f[CNSIM_PK_S_ELIM] += em / r_mw;
            if (p->n_more_metabolites > 0)
                cnsim__pk_chain_flux(p, 1, em, f);
        }
        /* Interactions act on the parent and the first metabolite only:
         * the further metabolites' clearances stay at baseline. */
    }
    pack(run, dy, N_VGetArrayPointer(ydotv));
    return 0;
}

/* With interactions the multipliers couple drugs and enzymes: the
 * Jacobian by forward differences in CVODE's own scratch vectors (CVODE's
 * built-in difference quotients allocate a vector header per call, and
 * SUNDIALS 6 dereferences it unchecked when that allocation fails). */
static int jac_ddi(realtype t, N_Vector yv, N_Vector fy, SUNMatrix J, cnsim_pk_run *run, N_Vector t1,
                   N_Vector t2)
{
    double *y = N_VGetArrayPointer(yv), *f0 = N_VGetArrayPointer(fy), *f1 = N_VGetArrayPointer(t2);
    double *ys = N_VGetArrayPointer(t1);
    size_t n = cv_n(run);
    memcpy(ys, y, n * sizeof *ys);
    double srur = sqrt(DBL_EPSILON);
    for (size_t j = 0; j < n; j++) {
        double h = srur * fmax(fabs(y[j]), run->opts.atol_mg / run->opts.rtol);
        ys[j] = y[j] + h;
        h = ys[j] - y[j];
        rhs(t, t1, t2, run);
        for (size_t i = 0; i < n; i++)
            SM_ELEMENT_D(J, i, j) = (f1[i] - f0[i]) / h;
        ys[j] = y[j];
    }
    return 0;
}

static int jac(realtype t, N_Vector yv, N_Vector fy, SUNMatrix J, void *ud,
               N_Vector t1, N_Vector t2, N_Vector t3)
{
    (void)t3;
    cnsim_pk_run *run = ud;
    if (run->n_mod > 0)
        return jac_ddi(t, yv, fy, J, run, t1, t2);
    (void)fy; (void)t1; (void)t2;
    const double *y = N_VGetArrayPointer(yv);
    SUNMatZero(J);
    /* A drug's states in CVODE's vector are the first drug_n of its NS
     * (pack), at offset o. */
    for (size_t d = 0, o = 0; d < run->n_drugs; o += drug_n(run, d), d++) {
        const double *A = run->A + d * NS * NS;
        int nd = (int)drug_n(run, d);
        for (int i = 0; i < nd; i++)
            for (int j = 0; j < nd; j++)
                SM_ELEMENT_D(J, o + i, o + j) = A[i * NS + j];
        const cnsim_pk_params *p = &run->p[d];
        if (p->vmax_mg_per_h > 0) {
            double dmm;
            cnsim__pk_mm_rate(p, y[o + CNSIM_PK_S_CENTRAL], &dmm);
            double fm = p->has_metabolite ? p->fm : 0;
            double r_mw = p->has_metabolite ? p->met_mw_g_per_mol / p->mw_g_per_mol : 1;
            SM_ELEMENT_D(J, o + CNSIM_PK_S_CENTRAL, o + CNSIM_PK_S_CENTRAL) -= dmm;
            SM_ELEMENT_D(J, o + CNSIM_PK_S_METAB, o + CNSIM_PK_S_CENTRAL) += r_mw * fm * dmm;
            SM_ELEMENT_D(J, o + CNSIM_PK_S_ELIM, o + CNSIM_PK_S_CENTRAL) += (1 - fm) * dmm;
            if (p->n_more_metabolites > 0) {
                double col[NS] = {0};
                cnsim__pk_chain_flux(p, 0, dmm, col);
                for (int i = 0; i < nd; i++)
                    SM_ELEMENT_D(J, o + i, o + CNSIM_PK_S_CENTRAL) += col[i];
            }
        }
    }
    return 0;
}

/* CVODE reports through this instead of printing; the message is kept for
 * the status detail of the failing call. */
static void err_handler(int code, const char *module, const char *function,
                        char *msg, void *ud)
{
    cnsim_pk_run *run = ud;
    snprintf(run->cv_msg, sizeof run->cv_msg, "%s %s (code %d): %s", module, function, code, msg);
}

/* A set-up call that failed for want of memory (CVODE's and its linear
 * solver interface's codes): reported as such, not as a solver failure. */
static int is_mem_fail(int rc) { return rc == CV_MEM_FAIL || rc == CVLS_MEM_FAIL; }

/* SUNDIALS 6.4's N_VClone writes into the vector its implementation
 * returned without checking it, so a failed allocation while CVodeInit or
 * CVodeSetLinearSolver clone their work vectors crashes. During set-up the
 * template's clone is this one: on failure it hands out one of the spare
 * vectors allocated (and checked) beforehand and marks the set-up failed,
 * which then reports out of memory (CVodeFree destroys the spares handed
 * out like any other vector). */
static _Thread_local cnsim_pk_run *cloning_for;

/* The same defect in SUNMatClone, reached when CVODE's linear solver
 * first saves the Jacobian (cvLsInitialize, inside CVode): the matrix's
 * clone hands out the run's spare matrix if its own allocation fails. The
 * spare is a whole matrix of the same size, so the integration goes on
 * exactly as it would have; CVODE then owns and destroys it. */
static _Thread_local cnsim_pk_run *integrating;

static SUNMatrix safe_mat_clone(SUNMatrix A)
{
    SUNMatrix B = SUNMatClone_Dense(A);
    cnsim_pk_run *run = integrating;
    if (B || !run || !run->cv_spare_J)
        return B;
    B = run->cv_spare_J;
    run->cv_spare_J = NULL;
    return B;
}

/* SUNContexts are taken from a process-wide pool and given back, never
 * freed: SUNDIALS 6.4's SUNContext_Create can return success with a
 * logger whose allocation failed half way, and SUNContext_Free then
 * crashes on it (found by the allocation sweep). Reusing them also saves
 * a profiler and logger set-up per run. */
#define CTX_POOL 64
static pthread_mutex_t ctx_lock = PTHREAD_MUTEX_INITIALIZER;
static SUNContext ctx_pool[CTX_POOL];
static int n_ctx_pool;

static SUNContext ctx_get(void)
{
    SUNContext c = NULL;
    pthread_mutex_lock(&ctx_lock);
    if (n_ctx_pool > 0)
        c = ctx_pool[--n_ctx_pool];
    pthread_mutex_unlock(&ctx_lock);
    if (!c && SUNContext_Create(NULL, &c) != 0)
        c = NULL;
    return c;
}

static void ctx_put(SUNContext c)
{
    if (!c)
        return;
    pthread_mutex_lock(&ctx_lock);
    if (n_ctx_pool < CTX_POOL) {
        ctx_pool[n_ctx_pool++] = c;
        c = NULL;
    }
    pthread_mutex_unlock(&ctx_lock);
    if (c)
        SUNContext_Free(&c);
}

static N_Vector safe_clone(N_Vector w)
{
    N_Vector v = N_VClone_Serial(w);
    cnsim_pk_run *run = cloning_for;
    if (v || !run || run->n_spare == 0)
        return v;
    run->cv_clone_failed = 1;
    return run->cv_spare[--run->n_spare];
}

cnsim_status cnsim__cv_init(cnsim_pk_run *run)
{
    SUNContext ctx = ctx_get();
    if (!ctx)
        return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory creating a SUNDIALS context");
    run->cv_ctx = ctx;
    if (!(run->cv_full = calloc(2 * run->n_states, sizeof *run->cv_full)))
        return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory for %zu states", run->n_states);
    sunindextype n = (sunindextype)cv_n(run);
    N_Vector y = N_VNew_Serial(n, ctx);
    void *mem = CVodeCreate(CV_BDF, ctx);
    SUNMatrix J = SUNDenseMatrix(n, n, ctx);
    run->cv_y = y;
    run->cv_mem = mem;
    run->cv_J = J;
    if (!y || !mem || !J)
        return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory for %zu states", run->n_states);
    J->ops->clone = safe_mat_clone;
    if (!(run->cv_spare_J = SUNDenseMatrix(n, n, ctx)))
        return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory for %zu states", run->n_states);
    SUNLinearSolver LS = SUNLinSol_Dense(y, J, ctx);
    run->cv_LS = LS;
    if (!LS)
        return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory for the linear solver");
    for (run->n_spare = 0; run->n_spare < CV_SPARES; run->n_spare++)
        if (!(run->cv_spare[run->n_spare] = N_VNew_Serial(n, ctx)))
            return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory for %zu states", run->n_states);
    y->ops->nvclone = safe_clone;
    cloning_for = run;
    run->cv_clone_failed = 0;
    N_VConst(0.0, y);
    int rc = CVodeInit(mem, rhs, 0.0, y);
    if (rc == CV_MEM_FAIL) {
        /* SUNDIALS 6.4: a failed CVodeInit has already destroyed the work
         * vectors and the nonlinear solver it made, but leaves their
         * pointers behind, so CVodeFree would destroy them twice. Only the
         * block CVodeCreate allocated remains. */
        free(mem);
        run->cv_mem = NULL;
        cloning_for = NULL;
        y->ops->nvclone = N_VClone_Serial;
        return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory setting up the integrator");
    }
    rc = rc ? rc : CVodeSetErrHandlerFn(mem, err_handler, run);
    rc = rc ? rc : CVodeSetUserData(mem, run);
    rc = rc ? rc : CVodeSStolerances(mem, run->opts.rtol, run->opts.atol_mg);
    rc = rc ? rc : CVodeSetLinearSolver(mem, LS, J);
    rc = rc ? rc : CVodeSetJacFn(mem, jac);
    rc = rc ? rc : CVodeSetMaxNumSteps(mem, run->opts.max_steps);
    cloning_for = NULL;
    y->ops->nvclone = N_VClone_Serial;
    if (run->cv_clone_failed)
        return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory setting up the integrator");
    if (is_mem_fail(rc))
        return cnsim__fail(CNSIM_E_NOMEM, "CVODE: out of memory setting up the integrator");
    if (rc)
        return cnsim__fail(CNSIM_E_SOLVER, "CVODE set-up failed: %s", run->cv_msg);
    return CNSIM_OK;
}

void cnsim__cv_free(cnsim_pk_run *run)
{
    if (run->cv_mem) {
        void *mem = run->cv_mem;
        CVodeFree(&mem);
    }
    if (run->cv_LS)
        SUNLinSolFree(run->cv_LS);
    if (run->cv_J)
        SUNMatDestroy(run->cv_J);
    if (run->cv_y)
        N_VDestroy(run->cv_y);
    while (run->n_spare > 0)
        N_VDestroy(run->cv_spare[--run->n_spare]);
    if (run->cv_spare_J)
        SUNMatDestroy(run->cv_spare_J);
    run->cv_spare_J = NULL;
    ctx_put(run->cv_ctx);
    free(run->cv_full);
    run->cv_full = NULL;
    run->cv_mem = run->cv_LS = run->cv_J = run->cv_y = run->cv_ctx = NULL;
}

void cnsim__cv_collect(cnsim_pk_run *run)
{
    long nst = 0, nfe = 0;
    CVodeGetNumSteps(run->cv_mem, &nst);
    CVodeGetNumRhsEvals(run->cv_mem, &nfe);
    run->stats.n_steps += nst;
    run->stats.n_rhs += nfe;
}

cnsim_status cnsim__cv_begin(cnsim_pk_run *run, double t0, const double *x,
                             double t_stop)
{
    if (!run->cv_counted)
        cnsim__cv_collect(run); /* ReInit zeroes CVODE's own counters */
    run->cv_counted = 0;
    N_Vector y = run->cv_y;
    pack(run, x, N_VGetArrayPointer(y));
    if (CVodeReInit(run->cv_mem, t0, y) != CV_SUCCESS)
        return cnsim__fail(CNSIM_E_SOLVER, "CVODE re-initialisation at t = %g h failed: %s", t0, run->cv_msg);
    /* SUNDIALS 6.4 has no way to clear a stop time, so the driver always
     * passes a finite one: the next event or the last output. */
    CVodeSetStopTime(run->cv_mem, t_stop);
    run->cv_t = t0;
    return CNSIM_OK;
}

cnsim_status cnsim__cv_advance(cnsim_pk_run *run, double *t, double t1, double *x)
{
    if (t1 <= *t)
        return CNSIM_OK;
    /* Two events a rounding error apart (an infusion of F*AMT/RATE h ending
     * 2e-15 h after the next dose): CVODE refuses so short an interval
     * ("tout too close to t0"), and the state cannot change measurably
     * over it, so it is carried across unchanged. */
    if (t1 - *t <= 1e-12 * fmax(1.0, fabs(t1))) {
        *t = t1;
        return CNSIM_OK;
    }
    realtype tret;
    integrating = run;
    int rc = CVode(run->cv_mem, t1, run->cv_y, &tret, CV_NORMAL);
    integrating = NULL;
    if (rc < 0)
        return cnsim__fail(CNSIM_E_SOLVER, "CVODE failed between t = %g h and %g h: %s", *t, t1, run->cv_msg);
    unpack(run, N_VGetArrayPointer(run->cv_y), x);
    *t = t1;
    run->stats.n_intervals++;
    return CNSIM_OK;
}
