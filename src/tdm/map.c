/* MAP estimation of one subject's random effects (include/cnsim/tdm.h):
 * the objective through the PK run (its parameters replaced per
 * evaluation, the records sampled at the level times), minimised by
 * GSL's BFGS (vector_bfgs2) on central-difference gradients, and the
 * Laplace covariance from a central-difference Hessian at the mode. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "cnsim/tdm.h"
#include "core_impl.h"

static const char *const kind_names[CNSIM_TDM_N_KINDS] = {"CL", "V", "KA", "F"};

const char *cnsim_tdm_param_name(cnsim_tdm_param p)
{
    return (unsigned)p < CNSIM_TDM_N_KINDS ? kind_names[p] : "?";
}

cnsim_status cnsim_tdm_prior_from_model(const cnsim_pk_model *m, double sigma_prop, double sigma_add_ng_mL,
                                        cnsim_tdm_prior *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    out->pk = m->pk;
    static const char *const names[] = {"CL", "V", "KA", "F1"};
    for (int i = 0; i < m->n_omega; i++) {
        int k = 0;
        while (k < 4 && strcmp(m->omega_name[i], names[k]))
            k++;
        if (k == 4)
            return cnsim__fail(CNSIM_E_ARG, "tdm: the model's omega.%s is on a parameter the estimator has no random "
                               "effect for; expected CL, V, KA or F1", m->omega_name[i]);
        if (!(m->omega[i] > 0))
            continue;                     /* a zero variance: the parameter is fixed */
        if (out->n_eta == CNSIM_TDM_MAX_ETA)
            return cnsim__fail(CNSIM_E_ARG, "tdm: more than %d random effects", CNSIM_TDM_MAX_ETA);
        int e = out->n_eta++;
        out->eta[e] = (cnsim_tdm_param)k;
        out->omega[e] = m->omega[i];      /* filled diagonally below */
    }
    double w[CNSIM_TDM_MAX_ETA];
    for (int e = 0; e < out->n_eta; e++)
        w[e] = out->omega[e];
    memset(out->omega, 0, sizeof out->omega);
    for (int e = 0; e < out->n_eta; e++)
        out->omega[e * out->n_eta + e] = w[e];
    out->sigma_prop = out->sigma_add_ng_mL = NAN;
    for (int i = 0; i < m->n_sigma; i++) {
        if (!strcmp(m->sigma_name[i], "prop"))
            out->sigma_prop = sqrt(m->sigma[i]);
        else if (!strcmp(m->sigma_name[i], "add"))
            out->sigma_add_ng_mL = sqrt(m->sigma[i]);
    }
    if (sigma_prop >= 0)
        out->sigma_prop = sigma_prop;
    if (sigma_add_ng_mL >= 0)
        out->sigma_add_ng_mL = sigma_add_ng_mL;
    if (isnan(out->sigma_prop) && isnan(out->sigma_add_ng_mL))
        return cnsim__fail(CNSIM_E_ARG, "tdm: %s has no residual error (sigma); expected one from the model file or "
                           "given (proportional and/or additive)", m->pk.name);
    if (isnan(out->sigma_prop))
        out->sigma_prop = 0;
    if (isnan(out->sigma_add_ng_mL))
        out->sigma_add_ng_mL = 0;
    if (out->n_eta == 0)
        return cnsim__fail(CNSIM_E_ARG, "tdm: %s has no between-subject variability (omega); expected at least one "
                           "random effect", m->pk.name);
    return cnsim_tdm_prior_check(out);
}

/* OMEGA's Cholesky factor in m (n x n); 0 if not positive definite. */
static int omega_factor(const cnsim_tdm_prior *pr, gsl_matrix *m)
{
    int n = pr->n_eta;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            gsl_matrix_set(m, (size_t)i, (size_t)j, pr->omega[i * n + j]);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_linalg_cholesky_decomp1(m);
    gsl_set_error_handler(old);
    return rc == GSL_SUCCESS;
}

cnsim_status cnsim_tdm_prior_check(const cnsim_tdm_prior *pr)
{
    if (!pr)
        return cnsim__fail(CNSIM_E_ARG, "tdm: no prior");
    if (pr->n_eta < 1 || pr->n_eta > CNSIM_TDM_MAX_ETA)
        return cnsim__fail(CNSIM_E_RANGE, "tdm: %d random effects; expected 1 to %d", pr->n_eta, CNSIM_TDM_MAX_ETA);
    for (int i = 0; i < pr->n_eta; i++) {
        if ((unsigned)pr->eta[i] >= CNSIM_TDM_N_KINDS)
            return cnsim__fail(CNSIM_E_RANGE, "tdm: random effect %d is of kind %d; expected CL, V, KA or F", i + 1,
                               (int)pr->eta[i]);
        for (int j = 0; j < i; j++)
            if (pr->eta[j] == pr->eta[i])
                return cnsim__fail(CNSIM_E_RANGE, "tdm: two random effects on %s; expected each parameter once",
                                   kind_names[pr->eta[i]]);
        if (pr->eta[i] == CNSIM_TDM_F && !(pr->pk.f > 0 && pr->pk.f < 1))
            return cnsim__fail(CNSIM_E_RANGE, "tdm: a random effect on F needs 0 < F < 1 (logit scale); F is %g", pr->pk.f);
        for (int j = 0; j < pr->n_eta; j++)
            if (!isfinite(pr->omega[i * pr->n_eta + j]) ||
                pr->omega[i * pr->n_eta + j] != pr->omega[j * pr->n_eta + i])
                return cnsim__fail(CNSIM_E_RANGE, "tdm: OMEGA(%d,%d) = %g is not finite or not symmetric", i + 1, j + 1,
                                   pr->omega[i * pr->n_eta + j]);
    }
    if (!(pr->sigma_add_ng_mL >= 0) || !(pr->sigma_prop >= 0) || !isfinite(pr->sigma_add_ng_mL) ||
        !isfinite(pr->sigma_prop) || (pr->sigma_add_ng_mL == 0 && pr->sigma_prop == 0))
        return cnsim__fail(CNSIM_E_RANGE, "tdm: residual error additive %g ng/mL, proportional %g; expected both >= 0 and "
                           "not both 0", pr->sigma_add_ng_mL, pr->sigma_prop);
    double buf[CNSIM_TDM_MAX_ETA * CNSIM_TDM_MAX_ETA];
    gsl_matrix_view m = gsl_matrix_view_array(buf, (size_t)pr->n_eta, (size_t)pr->n_eta);
    int pd = omega_factor(pr, &m.matrix);
    if (!pd)
        return cnsim__fail(CNSIM_E_RANGE, "tdm: OMEGA is not positive definite; expected variances > 0 and "
                           "correlations inside (-1, 1)");
    return cnsim_pk_params_check(&pr->pk);
}

cnsim_status cnsim_tdm_individual(const cnsim_tdm_prior *pr, const double *eta, cnsim_pk_params *out)
{
    *out = pr->pk;
    for (int i = 0; i < pr->n_eta; i++) {
        double e = exp(eta[i]);
        if (!isfinite(eta[i]) || !(e > 0) || !isfinite(e))
            return cnsim__fail(CNSIM_E_RANGE, "tdm: eta of %s is %g", kind_names[pr->eta[i]], eta[i]);
        switch (pr->eta[i]) {
        case CNSIM_TDM_CL:
            out->cl_L_per_h *= e;
            out->vmax_mg_per_h *= e;
            break;
        case CNSIM_TDM_V:
            out->v1_L *= e, out->v2_L *= e, out->v3_L *= e;
            break;
        case CNSIM_TDM_KA:
            out->ka_per_h *= e;
            break;
        case CNSIM_TDM_F: {
            double l = log(pr->pk.f / (1 - pr->pk.f)) + eta[i];
            out->f = 1 / (1 + exp(-l));
            break;
        }
        default:
            break;
        }
    }
    return CNSIM_OK;
}

/* What one objective needs: the run, the sorted sample times and where
 * each level reads. */
typedef struct tdm_ctx {
    const cnsim_tdm_prior *pr;
    const cnsim_event *ev;
    size_t n_ev;
    const cnsim_tdm_level *lv;
    size_t n_lv;
    cnsim_pk_run *run;
    size_t n_out;
    double *t;                 /* distinct level times, sorted */
    size_t n_t;
    size_t *at;                /* level j reads time index at[j] */
    double *conc;              /* n_t x n_out */
    long n_eval;
    cnsim_status failed;       /* first failure of a prediction */
} tdm_ctx;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void ctx_free(tdm_ctx *c)
{
    cnsim_pk_run_free(c->run);
    free(c->t), free(c->at), free(c->conc);
    memset(c, 0, sizeof *c);
}

static cnsim_status ctx_init(tdm_ctx *c, const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                             const cnsim_tdm_level *lv, size_t n_lv)
{
    memset(c, 0, sizeof *c);
    c->pr = pr, c->ev = ev, c->n_ev = n_ev, c->lv = lv, c->n_lv = n_lv;
    cnsim_status st = cnsim_tdm_prior_check(pr);
    if (st != CNSIM_OK)
        return st;
    if (n_lv == 0 || !lv)
        return cnsim__fail(CNSIM_E_ARG, "tdm: no measured level; expected at least one");
    if ((st = cnsim_pk_run_create(&pr->pk, 1, NULL, &c->run)) != CNSIM_OK)
        return st;
    c->n_out = cnsim_pk_run_n_outputs(c->run);
    for (size_t j = 0; j < n_lv; j++) {
        if (!isfinite(lv[j].time_h) || lv[j].time_h < 0)
            return cnsim__fail(CNSIM_E_ARG, "tdm: level %zu at time %g h; expected a time >= 0", j + 1, lv[j].time_h);
        if (lv[j].output >= c->n_out)
            return cnsim__fail(CNSIM_E_ARG, "tdm: level %zu of output %zu; %s has %zu output(s)", j + 1, lv[j].output,
                               pr->pk.name, c->n_out);
        if (lv[j].blq ? !(lv[j].lloq_ng_mL > 0 && isfinite(lv[j].lloq_ng_mL))
                      : !(lv[j].value_ng_mL >= 0 && isfinite(lv[j].value_ng_mL)))
            return cnsim__fail(CNSIM_E_ARG, "tdm: level %zu: %s %g ng/mL; expected a finite value >= 0 (a limit > 0 "
                               "below quantification)", j + 1, lv[j].blq ? "LLOQ" : "value",
                               lv[j].blq ? lv[j].lloq_ng_mL : lv[j].value_ng_mL);
    }
    c->t = malloc(n_lv * sizeof *c->t);
    c->at = malloc(n_lv * sizeof *c->at);
    if (!c->t || !c->at)
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    for (size_t j = 0; j < n_lv; j++)
        c->t[j] = lv[j].time_h;
    qsort(c->t, n_lv, sizeof *c->t, cmp_double);
    c->n_t = 0;
    for (size_t j = 0; j < n_lv; j++)
        if (c->n_t == 0 || c->t[j] != c->t[c->n_t - 1])
            c->t[c->n_t++] = c->t[j];
    for (size_t j = 0; j < n_lv; j++) {
        size_t lo = 0, hi = c->n_t - 1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (c->t[mid] < lv[j].time_h)
                lo = mid + 1;
            else
                hi = mid;
        }
        c->at[j] = lo;
    }
    c->conc = malloc(c->n_t * c->n_out * sizeof *c->conc);
    if (!c->conc)
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    return CNSIM_OK;
}

/* -2 log of the standard normal CDF, accurate in the far tail. */
static double m2_log_phi(double z)
{
    if (z > -30)
        return -2 * log(gsl_cdf_ugaussian_P(z));
    /* Mills' ratio: Phi(z) ~ phi(z) / |z| */
    return z * z + log(2 * M_PI) + 2 * log(-z);
}

static double ofv(tdm_ctx *c, const double *eta)
{
    const cnsim_tdm_prior *pr = c->pr;
    cnsim_pk_params p;
    c->n_eval++;
    cnsim_status st = cnsim_tdm_individual(pr, eta, &p);
    if (st == CNSIM_OK)
        st = cnsim_pk_run_set_params(c->run, 0, &p);
    if (st == CNSIM_OK)
        st = cnsim_pk_run_simulate(c->run, c->ev, c->n_ev, c->t, c->n_t, c->conc, NULL);
    if (st != CNSIM_OK) {
        if (c->failed == CNSIM_OK)
            c->failed = st;
        return NAN;
    }
    double s = 0;
    for (size_t j = 0; j < c->n_lv; j++) {
        double f = c->conc[c->at[j] * c->n_out + c->lv[j].output];
        double v = pr->sigma_add_ng_mL * pr->sigma_add_ng_mL + pr->sigma_prop * pr->sigma_prop * f * f;
        if (!(v > 0))
            v = 1e-300;
        if (c->lv[j].blq)
            s += m2_log_phi((c->lv[j].lloq_ng_mL - f) / sqrt(v));
        else {
            double r = c->lv[j].value_ng_mL - f;
            s += r * r / v + log(v);
        }
    }
    /* eta' OMEGA^-1 eta through the Cholesky factor: |L^-1 eta|^2 */
    int n = pr->n_eta;
    double z[CNSIM_TDM_MAX_ETA], L[CNSIM_TDM_MAX_ETA * CNSIM_TDM_MAX_ETA];
    gsl_matrix_view lv = gsl_matrix_view_array(L, (size_t)n, (size_t)n);
    omega_factor(pr, &lv.matrix);
    for (int i = 0; i < n; i++) {
        double a = eta[i];
        for (int k = 0; k < i; k++)
            a -= L[i * n + k] * z[k];
        z[i] = a / L[i * n + i];
        s += z[i] * z[i];
    }
    return s;
}

double cnsim_tdm_objective(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                           const cnsim_tdm_level *lv, size_t n_lv, const double *eta)
{
    cnsim__clear_error();
    tdm_ctx c;
    double v = NAN;
    if (ctx_init(&c, pr, ev, n_ev, lv, n_lv) == CNSIM_OK)
        v = ofv(&c, eta);
    ctx_free(&c);
    return v;
}

/* GSL's interface: f, and its gradient by central differences. */
#define GRAD_H 1e-5
static double gsl_f(const gsl_vector *x, void *p)
{
    double v = ofv(p, x->data);
    return isnan(v) ? GSL_POSINF : v;
}

static void gsl_df(const gsl_vector *x, void *p, gsl_vector *g)
{
    tdm_ctx *c = p;
    double e[CNSIM_TDM_MAX_ETA];
    for (size_t i = 0; i < x->size; i++)
        e[i] = x->data[i];
    for (size_t i = 0; i < x->size; i++) {
        e[i] = x->data[i] + GRAD_H;
        double up = ofv(c, e);
        e[i] = x->data[i] - GRAD_H;
        double dn = ofv(c, e);
        e[i] = x->data[i];
        gsl_vector_set(g, i, (up - dn) / (2 * GRAD_H));
    }
}

static void gsl_fdf(const gsl_vector *x, void *p, double *f, gsl_vector *g)
{
    *f = gsl_f(x, p);
    gsl_df(x, p, g);
}

/* The Laplace covariance: (H / 2)^-1 with H the OFV's Hessian by central
 * differences. 0 if H is not positive definite (no mode). */
static int laplace(tdm_ctx *c, const double *eta, double f0, double *cov)
{
    int n = c->pr->n_eta;
    double h = 1e-3, H[CNSIM_TDM_MAX_ETA * CNSIM_TDM_MAX_ETA], e[CNSIM_TDM_MAX_ETA];
    memcpy(e, eta, (size_t)n * sizeof *e);
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            double v;
            if (i == j) {
                e[i] = eta[i] + h;
                double up = ofv(c, e);
                e[i] = eta[i] - h;
                double dn = ofv(c, e);
                e[i] = eta[i];
                v = (up - 2 * f0 + dn) / (h * h);
            } else {
                double s[4];
                for (int k = 0; k < 4; k++) {
                    e[i] = eta[i] + (k & 1 ? -h : h);
                    e[j] = eta[j] + (k & 2 ? -h : h);
                    s[k] = ofv(c, e);
                }
                e[i] = eta[i], e[j] = eta[j];
                v = (s[0] - s[1] - s[2] + s[3]) / (4 * h * h);
            }
            H[i * n + j] = H[j * n + i] = v / 2;
        }
    gsl_matrix_view hm = gsl_matrix_view_array(H, (size_t)n, (size_t)n);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int ok = gsl_linalg_cholesky_decomp1(&hm.matrix) == GSL_SUCCESS && gsl_linalg_cholesky_invert(&hm.matrix) == GSL_SUCCESS;
    gsl_set_error_handler(old);
    if (!ok)
        return 0;
    memcpy(cov, H, (size_t)(n * n) * sizeof *cov);
    for (int i = 0; i < n * n; i++)
        if (!isfinite(cov[i]))
            return 0;
    return 1;
}

static double param_at(const cnsim_tdm_prior *pr, int i, double eta_i)
{
    double e[CNSIM_TDM_MAX_ETA] = {0};
    e[i] = eta_i;
    cnsim_pk_params p;
    if (cnsim_tdm_individual(pr, e, &p) != CNSIM_OK)
        return NAN;
    switch (pr->eta[i]) {
    case CNSIM_TDM_CL: return p.cl_L_per_h > 0 ? p.cl_L_per_h : p.vmax_mg_per_h;
    case CNSIM_TDM_V: return p.v1_L;
    case CNSIM_TDM_KA: return p.ka_per_h;
    case CNSIM_TDM_F: return p.f;
    default: return NAN;
    }
}

cnsim_status cnsim_tdm_map(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                           const cnsim_tdm_level *lv, size_t n_lv, cnsim_tdm_fit *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    tdm_ctx c;
    cnsim_status st = ctx_init(&c, pr, ev, n_ev, lv, n_lv);
    if (st != CNSIM_OK) {
        ctx_free(&c);
        return st;
    }
    int n = pr->n_eta;
    out->n_eta = n;
    gsl_multimin_function_fdf fn = {.f = gsl_f, .df = gsl_df, .fdf = gsl_fdf, .n = (size_t)n, .params = &c};
    /* GSL reports through return values here, never by aborting */
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_vector *x = gsl_vector_calloc((size_t)n);
    gsl_multimin_fdfminimizer *m = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, (size_t)n);
    if (!x || !m) {
        gsl_vector_free(x);
        if (m)
            gsl_multimin_fdfminimizer_free(m);
        gsl_set_error_handler(old);
        ctx_free(&c);
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    }
    double f0 = gsl_f(x, &c);
    int rc = isfinite(f0) ? gsl_multimin_fdfminimizer_set(m, &fn, x, 0.1, 0.1) : GSL_EDOM;
    int it = 0, status = GSL_CONTINUE;
    while (rc == GSL_SUCCESS && status == GSL_CONTINUE && it < 500) {
        it++;
        if (gsl_multimin_fdfminimizer_iterate(m) != GSL_SUCCESS)
            break;   /* no further progress along the line: judged below */
        status = gsl_multimin_test_gradient(m->gradient, 1e-4);
    }
    gsl_set_error_handler(old);
    if (rc == GSL_SUCCESS)
        for (int i = 0; i < n; i++)
            out->eta[i] = gsl_vector_get(m->x, (size_t)i);
    out->objective = rc == GSL_SUCCESS ? m->f : NAN;
    double gnorm = rc == GSL_SUCCESS ? gsl_blas_dnrm2(m->gradient) : NAN;
    gsl_multimin_fdfminimizer_free(m);
    gsl_vector_free(x);
    out->n_iter = it;
    if (c.failed != CNSIM_OK && !isfinite(out->objective)) {
        st = c.failed;
        ctx_free(&c);
        return st;
    }
    if (!isfinite(out->objective)) {
        ctx_free(&c);
        return cnsim__fail(CNSIM_E_SOLVER, "tdm: the objective is not finite at the typical subject; expected levels "
                           "and doses the model can predict");
    }
    /* the gradient scale: OFV units per unit eta */
    out->converged = gnorm < 1e-2;
    if (!laplace(&c, out->eta, out->objective, out->cov)) {
        ctx_free(&c);
        return cnsim__fail(CNSIM_E_SOLVER, "tdm: no mode: the objective's Hessian at eta = (%g, ...) after %d "
                           "iterations is not positive definite", out->eta[0], it);
    }
    for (int i = 0; i < n; i++) {
        double sd = sqrt(out->cov[i * n + i]);
        out->param[i] = param_at(pr, i, out->eta[i]);
        double a = param_at(pr, i, out->eta[i] - 1.6448536269514722 * sd),
               b = param_at(pr, i, out->eta[i] + 1.6448536269514722 * sd);
        out->ci90_lo[i] = fmin(a, b), out->ci90_hi[i] = fmax(a, b);
        out->shrinkage[i] = out->cov[i * n + i] / pr->omega[i * n + i];
    }
    ctx_free(&c);
    return CNSIM_OK;
}

/* Weighted quantile q of values v with weights w (n; sorted in place by
 * an index). */
typedef struct wv { double v, w; } wv;
static int cmp_wv(const void *a, const void *b)
{
    double x = ((const wv *)a)->v, y = ((const wv *)b)->v;
    return (x > y) - (x < y);
}

static double wquantile(wv *a, size_t n, double q)
{
    qsort(a, n, sizeof *a, cmp_wv);
    double tot = 0, acc = 0;
    for (size_t i = 0; i < n; i++)
        tot += a[i].w;
    for (size_t i = 0; i < n; i++) {
        acc += a[i].w;
        if (acc >= q * tot)
            return a[i].v;
    }
    return a[n - 1].v;
}

cnsim_status cnsim_tdm_sample_posterior(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                                        const cnsim_tdm_level *lv, size_t n_lv, const cnsim_tdm_fit *fit,
                                        size_t n, unsigned long seed, cnsim_tdm_sample *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (!fit || fit->n_eta != pr->n_eta)
        return cnsim__fail(CNSIM_E_ARG, "tdm: the fit is not of this prior (%d random effects, the prior %d)",
                           fit ? fit->n_eta : 0, pr->n_eta);
    if (n < 100 || n > 10000000)
        return cnsim__fail(CNSIM_E_RANGE, "tdm: %zu posterior draws; expected 100 to 10000000", n);
    tdm_ctx c;
    cnsim_status st = ctx_init(&c, pr, ev, n_ev, lv, n_lv);
    int k = pr->n_eta;
    double *eta = malloc(n * (size_t)k * sizeof *eta), *lw = malloc(n * sizeof *lw);
    wv *a = malloc(n * sizeof *a);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double L[CNSIM_TDM_MAX_ETA * CNSIM_TDM_MAX_ETA];
    memcpy(L, fit->cov, (size_t)(k * k) * sizeof *L);
    gsl_matrix_view lm = gsl_matrix_view_array(L, (size_t)k, (size_t)k);
    int pd = gsl_linalg_cholesky_decomp1(&lm.matrix) == GSL_SUCCESS;
    gsl_set_error_handler(old);
    if (st == CNSIM_OK && (!eta || !lw || !a || !rng))
        st = cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory for %zu draws", n);
    if (st == CNSIM_OK && !pd)
        st = cnsim__fail(CNSIM_E_ARG, "tdm: the fit's covariance is not positive definite");
    const double nu = 4;
    double lmax = -INFINITY;
    if (st == CNSIM_OK) {
        gsl_rng_set(rng, seed);
        for (size_t i = 0; i < n; i++) {
            /* t draw: mode + L z / sqrt(w / nu), z ~ N(0, I), w ~ chi2(nu) */
            double z[CNSIM_TDM_MAX_ETA], w = gsl_ran_chisq(rng, nu), s = sqrt(nu / w), q = 0;
            for (int j = 0; j < k; j++)
                z[j] = gsl_ran_ugaussian(rng);
            double *e = eta + i * (size_t)k;
            for (int r = 0; r < k; r++) {
                double v = 0;
                for (int j = 0; j <= r; j++)
                    v += L[r * k + j] * z[j];
                e[r] = fit->eta[r] + s * v;
                q += z[r] * z[r];
            }
            /* log proposal density up to a constant: -(nu + k)/2 log(1 + d2/nu),
             * d2 the Mahalanobis distance = q s^2 */
            double lq = -(nu + k) / 2 * log1p(q * s * s / nu);
            double f = ofv(&c, e);
            lw[i] = isfinite(f) ? -f / 2 - lq : -INFINITY;
            lmax = fmax(lmax, lw[i]);
        }
        if (!isfinite(lmax))
            st = c.failed != CNSIM_OK ? c.failed
                                      : cnsim__fail(CNSIM_E_SOLVER, "tdm: no draw had a finite posterior density");
    }
    if (st == CNSIM_OK) {
        double sw = 0, sw2 = 0;
        for (size_t i = 0; i < n; i++) {
            lw[i] = exp(lw[i] - lmax);
            sw += lw[i], sw2 += lw[i] * lw[i];
        }
        out->n = n, out->ess = sw * sw / sw2;
        for (int j = 0; j < k; j++) {
            double m = 0;
            for (size_t i = 0; i < n; i++) {
                m += lw[i] * eta[i * (size_t)k + j];
                a[i] = (wv){param_at(pr, j, eta[i * (size_t)k + j]), lw[i]};
            }
            out->eta_mean[j] = m / sw;
            out->ci90_lo[j] = wquantile(a, n, 0.05);
            out->ci90_hi[j] = wquantile(a, n, 0.95);
        }
    }
    if (rng)
        gsl_rng_free(rng);
    free(eta), free(lw), free(a);
    ctx_free(&c);
    return st;
}
