/* The propagator for linear drugs that act on each other's clearance: an
 * exponential integrator. CVODE solves such a system too, but it treats the
 * whole of it as unknown; here most of it is exact:
 *  - a drug whose own clearance nothing modulates (the inhibitor, the
 *    inducer, a bystander) is linear and alone, so the closed form carries
 *    it exactly (closed_form.c);
 *  - an enzyme's amount follows x_e' = u - b x_e with u and b set by those
 *    drugs' concentrations: exact for the coefficients averaged over the
 *    step (trapezoidal);
 *  - a drug whose clearance is modulated (the victim) is linear with a
 *    matrix A(m(t)) that moves with its multipliers m(t). Written as
 *    x' = A_ref x + N(t, x) with A_ref = A(m_ref) at reference multipliers
 *    and N = (A(m) - A_ref) x + r, each step is the second-order
 *    exponential time differencing scheme (Cox & Matthews 2002, J Comput
 *    Phys 176:430, ETD2RK):
 *        x_p = e^{hA} x_0 + h phi1(hA) N_0,
 *        x_1 = x_p + h phi2(hA) (N(t + h, x_p) - N_0),
 *    with phi1(z) = (e^z - 1)/z, phi2(z) = (e^z - 1 - z)/z^2 from A_ref's
 *    modal form (the closed form's), cached per step length. The reference
 *    follows the multipliers (moved when they drift more than EX_REF_TOL
 *    from it), so N stays a small, slow perturbation.
 * The step is controlled on the size of the correction (the difference
 * between the first-order and the second-order result, an estimate of the
 * first-order error, so the result kept is more accurate than the
 * tolerance); steps within an interval between outputs are equal, so a
 * regular grid reuses its propagators.
 * Used when every drug is linear and no drug both modulates an enzyme and
 * depends on one that is modulated (then the modulators do not depend on
 * the victims, and nothing feeds back within a step); otherwise CVODE. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_impl.h"
#include "core_impl.h"
#include "core_gsl.h"

#define EX_CACHE 64       /* propagators kept per modulated drug */
#define EX_RTOL_FACTOR 1000.0   /* tolerance on the first-order error estimate,
                                   times the solver's rtol (see above) */
#define EX_REF_TOL 0.2   /* relative drift of a multiplier before the
                             reference matrix follows it */
#define EX_H_MIN 1e-9     /* h: a step this short means the step control
                             failed */

/* The propagators over one step length h: with a usable modal form
 * A = V diag(lambda) V^-1, the three functions at lambda h (f: e^z,
 * h phi1(z), h phi2(z), n each); else the matrices (P, Q1, Q2, n x n
 * each over the active states). */
typedef struct {
    double h;
    int valid, is_modal;
    double f[3 * NS * NS];
} ex_entry;

typedef struct {
    int is_victim;
    double m_ref[3];          /* parent, metabolite, first-pass factor */
    double A_ref[NS * NS];
    cf_modal modal;           /* of A_ref; ok -1: not built yet */
    int n;                    /* states propagated: the active ones, less
                                 the eliminated amount unless recorded */
    ex_entry cache[EX_CACHE];
    ex_entry *last;           /* the entry used last */
    unsigned char hint[256];  /* per hash of h: the entry made for it last */
    int next;                 /* the slot the next new entry takes */
} ex_drug;

typedef struct {
    ex_drug *drug;
    double *m0, *m1;          /* multipliers (cnsim__ddi_eval's layout) */
    double *save;             /* the state before a step */
    double u0[CNSIM_PK_MAX_ENZYMES], b0[CNSIM_PK_MAX_ENZYMES];
    int have_start;           /* m0, u0, b0 are those of the current state */
    double h_max, rtol;
} ex_work;

/* Drugs whose clearance runs through an enzyme that some drug modulates. */
static void find_victims(const cnsim_pk_run *run, unsigned char *victim)
{
    for (size_t k = 0; k < run->n_path; k++)
        for (size_t j = 0; j < run->n_mod; j++)
            if (run->path[k].enzyme == run->mod[j].enzyme && run->path[k].fm > 0)
                victim[run->path[k].drug] = 1;
}

const char *cnsim__ex_unsuitable(const cnsim_pk_run *run, char *buf, size_t n)
{
    for (size_t d = 0; d < run->n_drugs; d++)
        if (run->p[d].vmax_mg_per_h > 0) {
            snprintf(buf, n, "%s has Michaelis-Menten elimination", run->p[d].name);
            return buf;
        }
    if (run->n_mod == 0) {
        snprintf(buf, n, "no drug here acts on another's clearance");
        return buf;
    }
    unsigned char victim[64] = {0}, *v = run->n_drugs <= 64 ? victim : calloc(run->n_drugs, 1);
    if (!v) {
        snprintf(buf, n, "out of memory");
        return buf;
    }
    find_victims(run, v);
    const char *why = NULL;
    for (size_t k = 0; k < run->n_mod && !why; k++)
        if (v[run->mod[k].drug]) {
            snprintf(buf, n, "%s both acts on an enzyme and depends on one that is acted on (%s)",
                     run->p[run->mod[k].drug].name, run->enz_name[run->mod[k].enzyme]);
            why = buf;
        }
    if (v != victim)
        free(v);
    return why;
}

/* out += (A(m) - A(m')) x for drug d, where dm = m - m' per multiplier:
 * the parent's clearance (split to metabolite and elimination as the
 * parent's is), the metabolite's, and the first-pass factor on the
 * depot-to-central flux (the same terms as cvode.c's right-hand side,
 * further metabolites of a chain included). */
static void add_delta(const cnsim_pk_run *run, size_t d, const double *dm, const double *x, double *out)
{
    const cnsim_pk_params *p = &run->p[d];
    double fm = p->has_metabolite ? p->fm : 0;
    double r_mw = p->has_metabolite ? p->met_mw_g_per_mol / p->mw_g_per_mol : 1;
    double extra = dm[0] * p->cl_L_per_h / p->v1_L * x[CNSIM_PK_S_CENTRAL];
    out[CNSIM_PK_S_CENTRAL] -= extra;
    out[CNSIM_PK_S_METAB] += r_mw * fm * extra;
    out[CNSIM_PK_S_ELIM] += (1 - fm) * extra;
    if (p->n_more_metabolites > 0)   /* further metabolites made from the parent */
        cnsim__pk_chain_flux(p, 0, extra, out);
    double in = dm[2] * p->ka_per_h * x[CNSIM_PK_S_DEPOT];
    out[CNSIM_PK_S_CENTRAL] += in;
    out[CNSIM_PK_S_ELIM] -= in;
    if (p->has_metabolite) {
        double em = dm[1] * p->met_cl_L_per_h / p->met_v_L * x[CNSIM_PK_S_METAB];
        out[CNSIM_PK_S_METAB] -= em;
        out[CNSIM_PK_S_ELIM] += em / r_mw;
        if (p->n_more_metabolites > 0)
            cnsim__pk_chain_flux(p, 1, em, out);
    }
}

static void multipliers_of(const cnsim_pk_run *run, const double *m, size_t d, double *md)
{
    md[0] = m[2 * d];
    md[1] = m[2 * d + 1];
    md[2] = m[2 * run->n_drugs + d];
}

/* A_ref = A(m_ref): the baseline matrix plus the change of the three
 * columns the multipliers act on. */
static void set_reference(cnsim_pk_run *run, size_t d, ex_drug *xd, const double *m_ref)
{
    memcpy(xd->m_ref, m_ref, sizeof xd->m_ref);
    memcpy(xd->A_ref, run->A + d * NS * NS, sizeof xd->A_ref);
    double dm[3] = {m_ref[0] - 1, m_ref[1] - 1, m_ref[2] - 1};
    static const int cols[3] = {CNSIM_PK_S_DEPOT, CNSIM_PK_S_CENTRAL, CNSIM_PK_S_METAB};
    for (int c = 0; c < 3; c++) {
        double e[NS] = {0}, col[NS] = {0};
        e[cols[c]] = 1;
        add_delta(run, d, dm, e, col);
        for (int i = 0; i < NS; i++)
            xd->A_ref[i * NS + cols[c]] += col[i];
    }
    xd->modal.ok = -1;
    for (int k = 0; k < EX_CACHE; k++)
        xd->cache[k].valid = 0;
}

/* e^z, h phi1(z) and h phi2(z) at z = lambda h from one expm1 (the
 * series for phi2 near 0, where (e^z - 1 - z)/z^2 cancels). */
static void from_modal(const cf_modal *md, double h, ex_entry *e)
{
    int n = md->n;
    for (int k = 0; k < n; k++) {
        double z = md->lam[k] * h, em1 = expm1(z);
        e->f[k] = 1 + em1;
        e->f[n + k] = z != 0 ? em1 / md->lam[k] : h;
        e->f[2 * n + k] = h * (fabs(z) > 1e-4 ? (em1 - z) / (z * z) : 0.5 + z * (1.0 / 6 + z / 24));
    }
    e->is_modal = 1;
}

/* The same from one exponential of the block matrix
 * [[A h, I h, 0], [0, 0, I], [0, 0, 0]], whose first block row is
 * [e^{Ah}, h phi1(Ah), h phi2(Ah)] (Saad 1992, SIAM J Numer Anal 29:209,
 * Proposition 2.1): for a reference matrix whose modal form is ill
 * conditioned. */
static cnsim_status from_blocks(cnsim_pk_run *run, size_t d, const double *A, size_t n, double h, ex_entry *e)
{
    const int *a = run->act[d];
    size_t N = 3 * n;
    gsl_matrix *m = cnsim__matrix_calloc(N, N), *ex = cnsim__matrix_alloc(N, N);
    gsl_matrix *w1 = cnsim__matrix_alloc(N, N), *w2 = cnsim__matrix_alloc(N, N);
    cnsim_status st = CNSIM_OK;
    if (!m || !ex || !w1 || !w2)
        st = cnsim__fail(CNSIM_E_NOMEM, "out of memory for a propagator of %s", run->p[d].name);
    else {
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++)
                gsl_matrix_set(m, i, j, A[a[i] * NS + a[j]] * h);
            gsl_matrix_set(m, i, n + i, h);
            gsl_matrix_set(m, n + i, 2 * n + i, 1);
        }
        cnsim__expm(m, ex, w1, w2);
        run->stats.n_expm++;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                e->f[i * n + j] = gsl_matrix_get(ex, i, j);
                e->f[n * n + i * n + j] = gsl_matrix_get(ex, i, n + j);
                e->f[2 * n * n + i * n + j] = gsl_matrix_get(ex, i, 2 * n + j);
            }
        e->is_modal = 0;
    }
    gsl_matrix_free(m), gsl_matrix_free(ex), gsl_matrix_free(w1), gsl_matrix_free(w2);
    return st;
}

static const ex_entry *propagators(cnsim_pk_run *run, ex_work *w, size_t d, double h, cnsim_status *st)
{
    ex_drug *xd = &w->drug[d];
    /* The step of a regular grid comes again and again; the others are
     * found through a hint per hash of h (rounded to 2^-20 h). A miss
     * (a new step, or two steps on one hint) makes a new entry in the
     * next slot round the cache: making one costs about what a search
     * of the cache would. */
    if (xd->last && xd->last->valid && fabs(xd->last->h - h) <= 1e-13 * h)
        return xd->last;
    size_t hk = (size_t)(((uint64_t)llround(h * 1048576.0) * 0x9E3779B97F4A7C15ull) >> 56);
    ex_entry *e = &xd->cache[xd->hint[hk]];
    if (e->valid && fabs(e->h - h) <= 1e-13 * h)
        return xd->last = e;
    ex_entry *victim = &xd->cache[xd->next];
    xd->hint[hk] = (unsigned char)xd->next;
    xd->next = (xd->next + 1) % EX_CACHE;
    if (xd->modal.ok < 0 && (*st = cnsim__cf_modal_build(run, d, xd->A_ref, xd->n, &xd->modal)) != CNSIM_OK)
        return NULL;
    victim->valid = 0;
    if (xd->modal.ok) {
        from_modal(&xd->modal, h, victim);
        run->stats.n_modal++;
    } else if ((*st = from_blocks(run, d, xd->A_ref, (size_t)xd->n, h, victim)) != CNSIM_OK) {
        return NULL;
    }
    victim->h = h;
    victim->valid = 1;
    return xd->last = victim;
}

cnsim_status cnsim__ex_init(cnsim_pk_run *run)
{
    cnsim_status st = cnsim__cf_init(run);
    if (st != CNSIM_OK)
        return st;
    size_t nd = run->n_drugs;
    ex_work *w = calloc(1, sizeof *w);
    if (w) {
        w->drug = calloc(nd, sizeof *w->drug);
        w->m0 = malloc(3 * nd * sizeof *w->m0);
        w->m1 = malloc(3 * nd * sizeof *w->m1);
        w->save = malloc(run->n_states * sizeof *w->save);
    }
    unsigned char *v = calloc(nd, 1);
    run->ex_work = w;
    if (!w || !w->drug || !w->m0 || !w->m1 || !w->save || !v) {
        free(v);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for the coupled propagator");
    }
    find_victims(run, v);
    for (size_t d = 0; d < nd; d++)
        w->drug[d].is_victim = v[d];
    free(v);
    w->h_max = INFINITY;
    w->rtol = fmin(0.01, EX_RTOL_FACTOR * run->opts.rtol);
    return CNSIM_OK;
}

void cnsim__ex_free(cnsim_pk_run *run)
{
    ex_work *w = run->ex_work;
    if (w) {
        free(w->drug);
        free(w->m0);
        free(w->m1);
        free(w->save);
        free(w);
    }
    run->ex_work = NULL;
    cnsim__cf_free(run);
}

/* After drug d's parameters or effect sites changed: its baseline matrix
 * is new, so is every reference built on it. */
void cnsim__ex_forget(cnsim_pk_run *run, size_t d)
{
    cnsim__cf_forget(run, d);
    ex_work *w = run->ex_work;
    if (w && w->drug && w->drug[d].is_victim) {
        static const double one[3] = {1, 1, 1};
        set_reference(run, d, &w->drug[d], one);
    }
}

cnsim_status cnsim__ex_begin(cnsim_pk_run *run, double t0, const double *x)
{
    (void)t0, (void)x;
    ex_work *w = run->ex_work;
    w->have_start = 0;   /* doses changed the state */
    return CNSIM_OK;
}

static void matvec(const double *M, int n, const double *x, double *y)
{
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++)
            s += M[i * n + j] * x[j];
        y[i] = s;
    }
}

/* One modulated drug over h by ETD2RK; err: the correction's size against
 * the tolerance (the largest over its states). In modal coordinates
 * (y = V^-1 x) the propagators are diagonal: e^{hA} x = V (f0 .* V^-1 x). */
static cnsim_status victim_step(cnsim_pk_run *run, ex_work *w, size_t d, double h, double *xs, double *err)
{
    ex_drug *xd = &w->drug[d];
    const double *r = run->rate + d * NS;
    const int *a = run->act[d];
    int n = run->n_act[d] - !run->want_elim;   /* the eliminated amount is last */
    if (n != xd->n) {   /* recorded now and not before, or the reverse */
        double keep[3];
        memcpy(keep, xd->m_ref, sizeof keep);
        xd->n = n;
        set_reference(run, d, xd, keep);
    }
    int idle = 1;
    for (int i = 0; i < n && idle; i++)
        idle = xs[a[i]] == 0 && r[a[i]] == 0;
    if (idle)
        return CNSIM_OK;
    cnsim_status st = CNSIM_OK;
    const ex_entry *e = propagators(run, w, d, h, &st);
    if (!e)
        return st;
    double m0[3], m1[3], dm0[3], dm1[3];
    multipliers_of(run, w->m0, d, m0);
    multipliers_of(run, w->m1, d, m1);
    for (int k = 0; k < 3; k++)
        dm0[k] = m0[k] - xd->m_ref[k], dm1[k] = m1[k] - xd->m_ref[k];
    double N0[NS], N1[NS], xp[NS], x0[NS], n0[NS], dn[NS], xc[NS], c[NS], u[NS], v[NS];
    memcpy(N0, r, sizeof N0);
    add_delta(run, d, dm0, xs, N0);
    for (int i = 0; i < n; i++)
        x0[i] = xs[a[i]], n0[i] = N0[a[i]];
    const double *V = xd->modal.V, *Vi = xd->modal.Vi;
    if (e->is_modal) {
        const double *f0 = e->f, *f1 = e->f + n;
        matvec(Vi, n, x0, u);
        matvec(Vi, n, n0, v);
        for (int k = 0; k < n; k++)
            u[k] = f0[k] * u[k] + f1[k] * v[k];
        matvec(V, n, u, xc);
    } else {
        matvec(e->f, n, x0, xc);
        matvec(e->f + n * n, n, n0, u);
        for (int i = 0; i < n; i++)
            xc[i] += u[i];
    }
    memcpy(xp, xs, sizeof xp);
    for (int i = 0; i < n; i++)
        xp[a[i]] = xc[i];
    memcpy(N1, r, sizeof N1);
    add_delta(run, d, dm1, xp, N1);
    for (int j = 0; j < n; j++)
        dn[j] = N1[a[j]] - N0[a[j]];
    if (e->is_modal) {
        const double *f2 = e->f + 2 * n;
        matvec(Vi, n, dn, u);
        for (int k = 0; k < n; k++)
            u[k] *= f2[k];
        matvec(V, n, u, c);
    } else {
        matvec(e->f + 2 * n * n, n, dn, c);
    }
    double worst = 0;
    for (int i = 0; i < n; i++) {
        double x1 = xc[i] + c[i];
        double scale = w->rtol * fabs(x1) + run->opts.atol_mg;
        if (!(fabs(c[i]) <= worst * scale))
            worst = fabs(c[i]) / scale;
        xs[a[i]] = x1;
    }
    *err = fmax(*err, worst);
    return CNSIM_OK;
}

/* One step of the whole system over h from the current state x. */
static cnsim_status step(cnsim_pk_run *run, ex_work *w, double h, double t1, double *x, double *err)
{
    size_t nd = run->n_drugs;
    if (!w->have_start) {
        cnsim__ddi_enzyme_rates(run, x, w->u0, w->b0);
        cnsim__ddi_multipliers_at(run, x + nd * NS, w->m0);
        w->have_start = 1;
    }
    /* The reference follows the multipliers. */
    for (size_t d = 0; d < nd; d++) {
        ex_drug *xd = &w->drug[d];
        if (!xd->is_victim)
            continue;
        double m[3];
        multipliers_of(run, w->m0, d, m);
        for (int k = 0; k < 3; k++)
            if (fabs(m[k] - xd->m_ref[k]) > EX_REF_TOL * fmax(xd->m_ref[k], 1e-3)) {
                set_reference(run, d, xd, m);
                break;
            }
    }
    cnsim_status st = CNSIM_OK;
    for (size_t d = 0; d < nd && st == CNSIM_OK; d++)
        if (!w->drug[d].is_victim)
            st = cnsim__cf_step(run, d, h, t1, x + d * NS);
    if (st != CNSIM_OK)
        return st;
    double u1[CNSIM_PK_MAX_ENZYMES], b1[CNSIM_PK_MAX_ENZYMES];
    cnsim__ddi_enzyme_rates(run, x, u1, b1);
    double *xe = x + nd * NS;
    for (size_t e = 0; e < run->n_enz; e++) {
        double u = 0.5 * (w->u0[e] + u1[e]), b = 0.5 * (w->b0[e] + b1[e]);
        double y0 = xe[e], c = u / b;
        double y1 = c + (y0 - c) * exp(-b * h);
        /* first-order error estimate: half the change of the slope */
        double c_err = 0.5 * h * fabs((u1[e] - b1[e] * y1) - (w->u0[e] - w->b0[e] * y0));
        double scale = w->rtol * fabs(1 + y1) + 1e-12;
        *err = fmax(*err, c_err / scale);
        xe[e] = y1;
    }
    /* at the end's concentrations (the victims' states do not enter) */
    cnsim__ddi_multipliers_at(run, xe, w->m1);
    for (size_t d = 0; d < nd && st == CNSIM_OK; d++)
        if (w->drug[d].is_victim)
            st = victim_step(run, w, d, h, x + d * NS, err);
    if (st == CNSIM_OK) {
        memcpy(w->u0, u1, run->n_enz * sizeof *u1);
        memcpy(w->b0, b1, run->n_enz * sizeof *b1);
    }
    return st;
}

cnsim_status cnsim__ex_advance(cnsim_pk_run *run, double *t, double t1, double *x)
{
    ex_work *w = run->ex_work;
    size_t ns = run->n_states;
    while (*t < t1) {
        double rem = t1 - *t;
        double k = ceil(rem / w->h_max * (1 - 1e-12));
        double h = k <= 1 ? rem : rem / k;
        double t_end = k <= 1 ? t1 : *t + h;
        memcpy(w->save, x, ns * sizeof *x);
        double err = 0;
        /* step() overwrites m1, u0 and b0 on the way: keep the start's */
        double u0[CNSIM_PK_MAX_ENZYMES], b0[CNSIM_PK_MAX_ENZYMES];
        memcpy(u0, w->u0, sizeof u0), memcpy(b0, w->b0, sizeof b0);
        int had_start = w->have_start;
        cnsim_status st = step(run, w, h, t_end, x, &err);
        if (st != CNSIM_OK)
            return st;
        if (!(err <= 1)) {   /* rejected (or not finite): shorter */
            memcpy(x, w->save, ns * sizeof *x);
            memcpy(w->u0, u0, sizeof u0), memcpy(w->b0, b0, sizeof b0);
            w->have_start = had_start;
            w->h_max = h * (isfinite(err) ? fmax(0.2, 0.9 / sqrt(err)) : 0.2);
            if (!(w->h_max >= EX_H_MIN))
                return cnsim__fail(CNSIM_E_SOLVER, "the coupled propagator's step fell below %g h at t = %g h (error estimate %g); expected a smooth solution (try --solver cvode)",
                                   EX_H_MIN, *t, err);
            continue;
        }
        double *tmp = w->m0;   /* the end of this step starts the next */
        w->m0 = w->m1, w->m1 = tmp;
        /* A step the output cut short says nothing against longer ones. */
        double grown = h * (err > 0 ? fmin(4, 0.9 / sqrt(err)) : 4);
        w->h_max = k <= 1 ? fmax(w->h_max, grown) : grown;
        *t = t_end;
        run->stats.n_intervals++;
    }
    return CNSIM_OK;
}
