/* Exact propagation of the linear model. Over an interval of length h with
 * constant infusion inputs r, x(t + h) = e^{Ah} x(t) + (int_0^h e^{As} ds) r.
 * Summed over doses this is exactly the superposition of single-dose
 * solutions. Two ways to the propagator, chosen per drug:
 *  - modal: A = V diag(lambda) V^-1 once per parameter set (GSL's
 *    nonsymmetric eigensolver; the mammillary, metabolite and effect-site
 *    structure has real eigenvalues), then for any h
 *    e^{Ah} = V diag(e^{lambda h}) V^-1 and the input term with
 *    (e^{lambda h} - 1)/lambda: a few exponentials and one small product
 *    per new step. Used when V is well conditioned (cond_1(V) <= 1e5, so
 *    the propagator is exact to about 1e-11 of its size).
 *  - Van Loan: one matrix exponential of the augmented matrix
 *    [[A, r], [0, 0]] (Van Loan 1978, IEEE Trans Autom Control 23:395) by
 *    scaling and squaring. Unlike sums of exponentials written with
 *    1/(ka - k) factors, it stays accurate when two rate constants nearly
 *    coincide, which is when V is ill conditioned; used then.
 * Propagators are cached per drug, keyed by the step length and the
 * inputs, so a grid of a few distinct steps costs one small
 * matrix-vector product per drug and step. */
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <float.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run_impl.h"
#include "core_impl.h"
#include "core_gsl.h"

#define NA (NS + 1)

typedef struct {
    gsl_matrix *m, *e, *w1, *w2;   /* Van Loan: argument, result, scratch */
    cf_modal *modal;   /* per drug */
} cf_work;

cnsim_status cnsim__cf_init(cnsim_pk_run *run)
{
    cnsim__gsl_init();
    run->cache = calloc(run->n_drugs * CF_CACHE, sizeof *run->cache);
    run->cf_last = calloc(run->n_drugs, sizeof *run->cf_last);
    run->cf_hint = calloc(run->n_drugs * CF_HINTS, 1);
    run->cf_last_epoch = calloc(run->n_drugs, sizeof *run->cf_last_epoch);
    cf_work *w = calloc(1, sizeof *w);
    if (w)
        w->modal = calloc(run->n_drugs, sizeof *w->modal);
    for (size_t d = 0; w && w->modal && d < run->n_drugs; d++)
        w->modal[d].ok = -1;
    if (!run->cache || !run->cf_last || !run->cf_last_epoch || !run->cf_hint || !w || !w->modal) {
        if (w)
            free(w->modal);
        free(w);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for the closed-form cache");
    }
    w->m = cnsim__matrix_alloc(NA, NA);
    w->e = cnsim__matrix_alloc(NA, NA);
    w->w1 = cnsim__matrix_alloc(NA, NA);
    w->w2 = cnsim__matrix_alloc(NA, NA);
    run->cf_work = w;
    if (!w->m || !w->e || !w->w1 || !w->w2)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for the closed-form work space");
    return CNSIM_OK;
}

void cnsim__cf_free(cnsim_pk_run *run)
{
    cf_work *w = run->cf_work;
    if (w) {
        gsl_matrix_free(w->m);
        gsl_matrix_free(w->e);
        gsl_matrix_free(w->w1);
        gsl_matrix_free(w->w2);
        free(w->modal);
        free(w);
    }
    free(run->cache);
    free(run->cf_last);
    free(run->cf_last_epoch);
    free(run->cf_hint);
    run->cf_hint = NULL;
    run->cache = NULL;
    run->cf_last = NULL;
    run->cf_last_epoch = NULL;
    run->cf_work = NULL;
}

void cnsim__cf_forget(cnsim_pk_run *run, size_t d)
{
    if (run->cache)
        for (int k = 0; k < CF_CACHE; k++)
            run->cache[d * CF_CACHE + k].valid = 0;
    if (run->cf_last)
        run->cf_last[d] = NULL;
    cf_work *w = run->cf_work;
    if (w && w->modal)
        w->modal[d].ok = -1;
}

/* The modal form of matrix A (NS x NS, drug d's layout) over the first n
 * of drug d's active states (all of them: the eliminated amount included,
 * eigenvalue 0; one fewer: without it, which feeds nothing).
 * CNSIM_E_NOMEM if GSL's work space cannot be allocated: falling back to
 * Van Loan then would change the numbers. */
cnsim_status cnsim__cf_modal_build(const cnsim_pk_run *run, size_t d, const double *A, int n, cf_modal *md)
{
    const int *a = run->act[d];
    md->ok = 0;
    md->n = n;
    double am[NS * NS];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            am[i * n + j] = A[a[i] * NS + a[j]];
    gsl_matrix_view mv = gsl_matrix_view_array(am, (size_t)n, (size_t)n);
    gsl_vector_complex *ev = gsl_vector_complex_alloc((size_t)n);
    gsl_matrix_complex *evec = cnsim__matrix_complex_alloc((size_t)n, (size_t)n);
    gsl_eigen_nonsymmv_workspace *ws = gsl_eigen_nonsymmv_alloc((size_t)n);
    gsl_matrix *V = cnsim__matrix_alloc((size_t)n, (size_t)n), *Vi = cnsim__matrix_alloc((size_t)n, (size_t)n);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
    gsl_matrix *inv = cnsim__matrix_alloc((size_t)n, (size_t)n);
    int sign;
    cnsim_status st = CNSIM_OK;
    if (!ev || !evec || !ws || !V || !Vi || !perm || !inv)
        st = cnsim__fail(CNSIM_E_NOMEM, "out of memory for the modal form of %s", run->p[d].name);
    else if (gsl_eigen_nonsymmv(&mv.matrix, ev, evec, ws) == GSL_SUCCESS) {
        int real = 1;
        for (int k = 0; k < n && real; k++) {
            gsl_complex l = gsl_vector_complex_get(ev, (size_t)k);
            real = fabs(GSL_IMAG(l)) <= 1e-12 * (fabs(GSL_REAL(l)) + 1e-300);
            md->lam[k] = GSL_REAL(l);
            for (int i = 0; i < n && real; i++) {
                gsl_complex v = gsl_matrix_complex_get(evec, (size_t)i, (size_t)k);
                real = fabs(GSL_IMAG(v)) <= 1e-12;
                gsl_matrix_set(V, (size_t)i, (size_t)k, GSL_REAL(v));
            }
        }
        double nv = 0, ni = 0;   /* 1-norms (GSL normalises the columns) */
        if (real) {
            for (int k = 0; k < n; k++) {
                double c = 0;
                for (int i = 0; i < n; i++)
                    c += fabs(gsl_matrix_get(V, (size_t)i, (size_t)k));
                nv = fmax(nv, c);
            }
            gsl_matrix_memcpy(Vi, V);
            gsl_matrix *lu = Vi;
            if (cnsim__lu_decomp(lu, perm, &sign) == GSL_SUCCESS &&
                gsl_linalg_LU_invert(lu, perm, inv) == GSL_SUCCESS) {
                for (int k = 0; k < n; k++) {
                    double c = 0;
                    for (int i = 0; i < n; i++)
                        c += fabs(gsl_matrix_get(inv, (size_t)i, (size_t)k));
                    ni = fmax(ni, c);
                }
                if (isfinite(nv * ni) && nv * ni <= 1e5) {
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++) {
                            md->V[i * n + j] = gsl_matrix_get(V, (size_t)i, (size_t)j);
                            md->Vi[i * n + j] = gsl_matrix_get(inv, (size_t)i, (size_t)j);
                        }
                    md->ok = 1;
                }
            }
        }
    }
    gsl_matrix_free(inv);
    gsl_vector_complex_free(ev);
    gsl_matrix_complex_free(evec);
    gsl_eigen_nonsymmv_free(ws);
    gsl_matrix_free(V);
    gsl_matrix_free(Vi);
    gsl_permutation_free(perm);
    if (st != CNSIM_OK)
        md->ok = -1;   /* not computed: asked again next time */
    return st;
}

/* The propagator over h from the modal form, into e (NA x NA; entries of
 * inactive states zero). */
static void modal_propagator(const cnsim_pk_run *run, size_t d, const cf_modal *md, double h, const double *r,
                             double *e)
{
    const int *a = run->act[d];
    int n = md->n;
    double ex[NS], ph[NS], w[NS];
    for (int k = 0; k < n; k++) {
        double z = md->lam[k] * h;
        ex[k] = exp(z);
        ph[k] = z != 0 ? expm1(z) / md->lam[k] : h;
        w[k] = 0;
        for (int j = 0; j < n; j++)
            w[k] += md->Vi[k * n + j] * r[a[j]];
    }
    memset(e, 0, NA * NA * sizeof *e);
    for (int i = 0; i < n; i++) {
        double *row = e + a[i] * NA;
        const double *v = md->V + i * n;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++)
                s += v[k] * ex[k] * md->Vi[k * n + j];
            row[a[j]] = s;
        }
        double s = 0;
        for (int k = 0; k < n; k++)
            s += v[k] * ph[k] * w[k];
        row[NS] = s;
    }
    e[NS * NA + NS] = 1;
}

cnsim_status cnsim__cf_begin(cnsim_pk_run *run, double t0, const double *x)
{
    (void)run;
    (void)t0;
    (void)x;
    return CNSIM_OK; /* the closed form keeps no integrator state */
}

/* Whether a cached step h0 serves for h. The steps of a regular grid,
 * t1 - t, differ by a few units in the last place of t, not of h: at
 * t = 2000 h that is 1e-12 of a 0.05 h step. Such a difference moves the
 * state by about 1e-12 of its change over the step, once (the clock itself
 * is not advanced by the cached step), far below any tolerance here. */
static int same_step(double h0, double h, double t1)
{
    return fabs(h0 - h) <= 1e-13 * h + 8 * DBL_EPSILON * fabs(t1);
}

/* The propagator over h by Van Loan's augmented exponential, into e. */
static cnsim_status van_loan(cnsim_pk_run *run, size_t d, double h, const double *r, double *e)
{
    cf_work *w = run->cf_work;
    const double *A = run->A + d * NS * NS;
    gsl_matrix_set_zero(w->m);
    for (int i = 0; i < NS; i++) {
        for (int j = 0; j < NS; j++)
            gsl_matrix_set(w->m, i, j, A[i * NS + j] * h);
        gsl_matrix_set(w->m, i, NS, r[i] * h);
    }
    cnsim__expm(w->m, w->e, w->w1, w->w2);
    run->stats.n_expm++;
    for (int i = 0; i < NA; i++)
        for (int j = 0; j < NA; j++)
            e[i * NA + j] = gsl_matrix_get(w->e, i, j);
    return CNSIM_OK;
}

static const cf_entry *propagator(cnsim_pk_run *run, size_t d, double h, double t1,
                                 cnsim_status *st)
{
    const double *r = run->rate + d * NS;
    /* A regular grid asks for the same step again and again, with inputs
     * unchanged since (the epoch moves with every input change). */
    cf_entry *last = run->cf_last[d];
    if (last && run->cf_last_epoch[d] == run->rate_epoch && same_step(last->h, h, t1))
        return last;
    run->cf_last_epoch[d] = run->rate_epoch;
    cf_entry *c = run->cache + d * CF_CACHE, *victim = c;
    /* A hint per hash of the step (rounded to 2^-20 h) points at the
     * entry last made for such a step: most lookups end there; the others
     * (a step on the edge of two roundings, a collision) scan the cache. */
    unsigned char *hint = run->cf_hint + d * CF_HINTS;
    size_t hk = (size_t)(((uint64_t)llround(h * 1048576.0) * 0x9E3779B97F4A7C15ull) >> 58) % CF_HINTS;
    cf_entry *e = &c[hint[hk]];
    if (e->valid && same_step(e->h, h, t1) && !memcmp(e->rate, r, sizeof e->rate)) {
        e->stamp = ++run->cf_clock;
        run->cf_last[d] = e;
        return e;
    }
    for (int k = 0; k < CF_CACHE; k++) {
        if (c[k].valid && same_step(c[k].h, h, t1) && !memcmp(c[k].rate, r, sizeof c[k].rate)) {
            c[k].stamp = ++run->cf_clock;
            run->cf_last[d] = &c[k];
            hint[hk] = (unsigned char)k;
            return &c[k];
        }
        if (!c[k].valid || c[k].stamp < victim->stamp)
            victim = &c[k];
    }
    hint[hk] = (unsigned char)(victim - c);
    cf_work *w = run->cf_work;
    if (w->modal[d].ok < 0 && (*st = cnsim__cf_modal_build(run, d, run->A + d * NS * NS, run->n_act[d], &w->modal[d])) != CNSIM_OK)
        return NULL;
    victim->valid = 0;
    if (w->modal[d].ok) {
        modal_propagator(run, d, &w->modal[d], h, r, victim->E);
        run->stats.n_modal++;
    } else if ((*st = van_loan(run, d, h, r, victim->E)) != CNSIM_OK) {
        return NULL;
    }
    victim->h = h;
    memcpy(victim->rate, r, sizeof victim->rate);
    /* The active block without the eliminated amount (last in act),
     * contiguous, rows of n + 1 with the input last: the propagation loop. */
    const int *a = run->act[d], n = run->n_act[d] - 1;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            victim->Ec[i * (n + 1) + j] = victim->E[a[i] * NA + a[j]];
        victim->Ec[i * (n + 1) + n] = victim->E[a[i] * NA + NS];
    }
    victim->valid = 1;
    victim->stamp = ++run->cf_clock;
    run->cf_last[d] = victim;
    return victim;
}

/* y = Ec x + the input column, for the n active states of one drug (rows
 * of `stride` entries). One function per size, so the compiler unrolls
 * and vectorises each: this is the innermost loop of every simulation. */
#define PROPAGATE_N(N)                                                                            \
    static void propagate_##N(const double *restrict E, const double *restrict x, double *restrict y) \
    {                                                                                             \
        _Pragma("GCC unroll 8")                                                                   \
        for (int i = 0; i < N; i++) {                                                             \
            const double *row = E + i * (N + 1);                                                  \
            double s = row[N];                                                                    \
            _Pragma("GCC unroll 8")                                                               \
            for (int j = 0; j < N; j++)                                                           \
                s += row[j] * x[j];                                                               \
            y[i] = s;                                                                             \
        }                                                                                         \
    }
PROPAGATE_N(2)
PROPAGATE_N(3)
PROPAGATE_N(4)
PROPAGATE_N(5)
PROPAGATE_N(6)
PROPAGATE_N(7)
PROPAGATE_N(8)
PROPAGATE_N(9)
PROPAGATE_N(10)
PROPAGATE_N(11)

/* n is at most NS - 1 (every state but the eliminated amount): 11 with
 * three compartments, three metabolites and every effect site. */
static void propagate(const double *E, int n, const double *x, double *y)
{
    switch (n) {
    case 2: propagate_2(E, x, y); return;
    case 3: propagate_3(E, x, y); return;
    case 4: propagate_4(E, x, y); return;
    case 5: propagate_5(E, x, y); return;
    case 6: propagate_6(E, x, y); return;
    case 7: propagate_7(E, x, y); return;
    case 8: propagate_8(E, x, y); return;
    case 9: propagate_9(E, x, y); return;
    case 10: propagate_10(E, x, y); return;
    default: propagate_11(E, x, y); return;
    }
}
_Static_assert(NS - 1 == 11, "propagate() has a case for every active-state count up to NS - 1");

cnsim_status cnsim__cf_step(cnsim_pk_run *run, size_t d, double h, double t1, double *xd)
{
    if (h <= 0)
        return CNSIM_OK;
    const double *r = run->rate + d * NS;
    const int *a = run->act[d];
    int n = run->n_act[d] - !run->want_elim;   /* the eliminated amount is last */
    /* A drug not given yet (or washed out to exact zeros) with no input
     * stays at zero: nothing to propagate. */
    int idle = 1;
    for (int i = 0; i < n && idle; i++)
        idle = xd[a[i]] == 0 && r[a[i]] == 0;
    if (idle)
        return CNSIM_OK;
    cnsim_status st = CNSIM_OK;
    const cf_entry *ce = propagator(run, d, h, t1, &st);
    if (!ce)
        return st;
    /* Only the states the model can fill: the others are exact zeros, so
     * the sums are the same as over all of them. The eliminated amount
     * (last in act) feeds nothing; it is kept only when the amounts are
     * recorded. */
    int m = run->n_act[d] - 1;
    double xc[NS], y[NS], el = 0;
    if (run->want_elim) {
        const double *row = ce->E + CNSIM_PK_S_ELIM * NA;
        el = row[NS];
        for (int j = 0; j < NS; j++)
            el += row[j] * xd[j];
    }
    for (int i = 0; i < m; i++)
        xc[i] = xd[a[i]];
    propagate(ce->Ec, m, xc, y);
    for (int i = 0; i < m; i++)
        xd[a[i]] = y[i];
    if (run->want_elim)
        xd[CNSIM_PK_S_ELIM] = el;
    run->stats.n_intervals++;
    return CNSIM_OK;
}

cnsim_status cnsim__cf_advance(cnsim_pk_run *run, double *t, double t1, double *x)
{
    double h = t1 - *t;
    if (h <= 0)
        return CNSIM_OK;
    for (size_t d = 0; d < run->n_drugs; d++) {
        cnsim_status st = cnsim__cf_step(run, d, h, t1, x + d * NS);
        if (st != CNSIM_OK)
            return st;
    }
    *t = t1;
    return CNSIM_OK;
}
