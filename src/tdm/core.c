/* The shared estimator (src/tdm/tdm_impl.h): OFV, its mode by GSL's
 * BFGS (vector_bfgs2) on central-difference gradients, the Laplace
 * covariance from a central-difference Hessian, and posterior draws. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "tdm_impl.h"
#include "core_impl.h"

int tdm_positive_definite(const double *a, int n)
{
    double buf[TDM_MAX_ETA * TDM_MAX_ETA];
    if (n < 1 || n > TDM_MAX_ETA)
        return 0;
    memcpy(buf, a, (size_t)(n * n) * sizeof *buf);
    gsl_matrix_view m = gsl_matrix_view_array(buf, (size_t)n, (size_t)n);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_linalg_cholesky_decomp1(&m.matrix);
    gsl_set_error_handler(old);
    return rc == GSL_SUCCESS;
}

cnsim_status tdm_problem_init(tdm_problem *p)
{
    int n = p->n_eta;
    p->f = NULL, p->n_eval = 0, p->failed = CNSIM_OK;
    if (n < 1 || n > TDM_MAX_ETA)
        return cnsim__fail(CNSIM_E_RANGE, "tdm: %d random effects; expected 1 to %d", n, TDM_MAX_ETA);
    memcpy(p->chol, p->omega, (size_t)(n * n) * sizeof *p->chol);
    gsl_matrix_view m = gsl_matrix_view_array(p->chol, (size_t)n, (size_t)n);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_linalg_cholesky_decomp1(&m.matrix);
    gsl_set_error_handler(old);
    if (rc != GSL_SUCCESS)
        return cnsim__fail(CNSIM_E_RANGE, "tdm: OMEGA is not positive definite; expected variances > 0 and "
                           "correlations inside (-1, 1)");
    p->f = malloc((p->n_obs ? p->n_obs : 1) * sizeof *p->f);
    if (!p->f)
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    return CNSIM_OK;
}

void tdm_problem_free(tdm_problem *p)
{
    free(p->f);
    p->f = NULL;
}

/* Out of memory during a prediction is never a value the search can
 * step around (a solver that fails at an extreme eta is): it fails the
 * call. */
static cnsim_status nomem_seen(const tdm_problem *p)
{
    return p->failed == CNSIM_E_NOMEM ? cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory during a prediction")
                                      : CNSIM_OK;
}

/* -2 log of the standard normal CDF, accurate in the far tail. */
static double m2_log_phi(double z)
{
    if (z > -30)
        return -2 * log(gsl_cdf_ugaussian_P(z));
    /* Mills' ratio: Phi(z) ~ phi(z) / |z| */
    return z * z + log(2 * M_PI) + 2 * log(-z);
}

double tdm_ofv(tdm_problem *p, const double *eta)
{
    p->n_eval++;
    cnsim_status st = p->predict(p->user, eta, p->f);
    if (st != CNSIM_OK) {
        if (p->failed == CNSIM_OK || st == CNSIM_E_NOMEM)
            p->failed = st;
        return NAN;
    }
    double s = 0;
    for (size_t j = 0; j < p->n_obs; j++) {
        const tdm_obs *o = &p->obs[j];
        double f = p->f[j];
        if (!isfinite(f))
            return NAN;
        double v = o->var_add + o->var_prop * f * f;
        if (!(v > 0))
            v = 1e-300;
        if (o->blq)
            s += m2_log_phi((o->lloq - f) / sqrt(v));
        else {
            double r = o->value - f;
            s += r * r / v + log(v);
        }
    }
    /* eta' OMEGA^-1 eta through the Cholesky factor: |L^-1 eta|^2 */
    int n = p->n_eta;
    double z[TDM_MAX_ETA];
    for (int i = 0; i < n; i++) {
        double a = eta[i];
        for (int k = 0; k < i; k++)
            a -= p->chol[i * n + k] * z[k];
        z[i] = a / p->chol[i * n + i];
        s += z[i] * z[i];
    }
    return s;
}

#define GRAD_H 1e-5
static double gsl_f(const gsl_vector *x, void *u)
{
    double v = tdm_ofv(u, x->data);
    return isnan(v) ? GSL_POSINF : v;
}

static void gsl_df(const gsl_vector *x, void *u, gsl_vector *g)
{
    double e[TDM_MAX_ETA];
    for (size_t i = 0; i < x->size; i++)
        e[i] = x->data[i];
    for (size_t i = 0; i < x->size; i++) {
        e[i] = x->data[i] + GRAD_H;
        double up = tdm_ofv(u, e);
        e[i] = x->data[i] - GRAD_H;
        double dn = tdm_ofv(u, e);
        e[i] = x->data[i];
        gsl_vector_set(g, i, (up - dn) / (2 * GRAD_H));
    }
}

static void gsl_fdf(const gsl_vector *x, void *u, double *f, gsl_vector *g)
{
    *f = gsl_f(x, u);
    gsl_df(x, u, g);
}

cnsim_status tdm_mode(tdm_problem *p, const double *start, double *eta, double *ofv, int *n_iter, int *converged)
{
    int n = p->n_eta;
    gsl_multimin_function_fdf fn = {.f = gsl_f, .df = gsl_df, .fdf = gsl_fdf, .n = (size_t)n, .params = p};
    /* GSL reports through return values here, never by aborting */
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_vector *x = gsl_vector_calloc((size_t)n);
    gsl_multimin_fdfminimizer *m = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, (size_t)n);
    if (!x || !m) {
        gsl_vector_free(x);
        if (m)
            gsl_multimin_fdfminimizer_free(m);
        gsl_set_error_handler(old);
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    }
    if (start)
        for (int i = 0; i < n; i++)
            gsl_vector_set(x, (size_t)i, start[i]);
    double f0 = gsl_f(x, p);
    int rc = isfinite(f0) ? gsl_multimin_fdfminimizer_set(m, &fn, x, 0.1, 0.1) : GSL_EDOM;
    int it = 0, status = GSL_CONTINUE;
    while (rc == GSL_SUCCESS && status == GSL_CONTINUE && it < 500) {
        it++;
        if (gsl_multimin_fdfminimizer_iterate(m) != GSL_SUCCESS)
            break;   /* no further progress along the line: judged below */
        status = gsl_multimin_test_gradient(m->gradient, 1e-4);
    }
    gsl_set_error_handler(old);
    for (int i = 0; i < n; i++)
        eta[i] = rc == GSL_SUCCESS ? gsl_vector_get(m->x, (size_t)i) : 0;
    *ofv = rc == GSL_SUCCESS ? m->f : NAN;
    double gnorm = rc == GSL_SUCCESS ? gsl_blas_dnrm2(m->gradient) : NAN;
    gsl_multimin_fdfminimizer_free(m);
    gsl_vector_free(x);
    *n_iter = it;
    /* the gradient scale: OFV units per unit eta */
    *converged = gnorm < 1e-2;
    if (nomem_seen(p) != CNSIM_OK)
        return CNSIM_E_NOMEM;
    if (!isfinite(*ofv)) {
        if (p->failed != CNSIM_OK)
            return p->failed;
        return cnsim__fail(CNSIM_E_SOLVER, "tdm: the objective is not finite at the start; expected observations "
                           "the model can predict");
    }
    return CNSIM_OK;
}

cnsim_status tdm_laplace(tdm_problem *p, const double *eta, double f0, double *cov)
{
    int n = p->n_eta;
    double h = 1e-3, H[TDM_MAX_ETA * TDM_MAX_ETA], e[TDM_MAX_ETA];
    memcpy(e, eta, (size_t)n * sizeof *e);
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            double v;
            if (i == j) {
                e[i] = eta[i] + h;
                double up = tdm_ofv(p, e);
                e[i] = eta[i] - h;
                double dn = tdm_ofv(p, e);
                e[i] = eta[i];
                v = (up - 2 * f0 + dn) / (h * h);
            } else {
                double s[4];
                for (int k = 0; k < 4; k++) {
                    e[i] = eta[i] + (k & 1 ? -h : h);
                    e[j] = eta[j] + (k & 2 ? -h : h);
                    s[k] = tdm_ofv(p, e);
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
    if (nomem_seen(p) != CNSIM_OK)
        return CNSIM_E_NOMEM;
    for (int i = 0; ok && i < n * n; i++)
        ok = isfinite(H[i]);
    if (!ok)
        return cnsim__fail(CNSIM_E_SOLVER, "tdm: no mode: the objective's Hessian at eta = (%g, ...) is not positive "
                           "definite", eta[0]);
    memcpy(cov, H, (size_t)(n * n) * sizeof *cov);
    return CNSIM_OK;
}

cnsim_status tdm_draws(tdm_problem *p, const double *mode, const double *cov, size_t n, unsigned long seed,
                       int exact, double *eta, double *w, double *ess)
{
    int k = p->n_eta;
    double L[TDM_MAX_ETA * TDM_MAX_ETA];
    memcpy(L, cov, (size_t)(k * k) * sizeof *L);
    gsl_matrix_view lm = gsl_matrix_view_array(L, (size_t)k, (size_t)k);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int pd = gsl_linalg_cholesky_decomp1(&lm.matrix) == GSL_SUCCESS;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_set_error_handler(old);
    if (!rng)
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    if (!pd) {
        gsl_rng_free(rng);
        return cnsim__fail(CNSIM_E_ARG, "tdm: the covariance of the draws is not positive definite");
    }
    gsl_rng_set(rng, seed);
    const double nu = 4;
    double lmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        /* normal: mode + L z; t: mode + L z sqrt(nu / c), c ~ chi2(nu) */
        double z[TDM_MAX_ETA], s = exact ? sqrt(nu / gsl_ran_chisq(rng, nu)) : 1, q = 0;
        for (int j = 0; j < k; j++)
            z[j] = gsl_ran_ugaussian(rng);
        double *e = eta + i * (size_t)k;
        for (int r = 0; r < k; r++) {
            double v = 0;
            for (int j = 0; j <= r; j++)
                v += L[r * k + j] * z[j];
            e[r] = mode[r] + s * v;
            q += z[r] * z[r];
        }
        if (!exact) {
            w[i] = 1;
            continue;
        }
        /* log proposal density up to a constant: -(nu + k)/2 log(1 + d2/nu),
         * d2 the Mahalanobis distance = q s^2 */
        double lq = -(nu + k) / 2 * log1p(q * s * s / nu);
        double f = tdm_ofv(p, e);
        w[i] = isfinite(f) ? -f / 2 - lq : -INFINITY;
        lmax = fmax(lmax, w[i]);
    }
    gsl_rng_free(rng);
    if (nomem_seen(p) != CNSIM_OK)
        return CNSIM_E_NOMEM;
    if (exact) {
        if (!isfinite(lmax))
            return p->failed != CNSIM_OK ? p->failed
                                         : cnsim__fail(CNSIM_E_SOLVER, "tdm: no draw had a finite posterior density");
        for (size_t i = 0; i < n; i++)
            w[i] = exp(w[i] - lmax);
    }
    double sw = 0, sw2 = 0;
    for (size_t i = 0; i < n; i++)
        sw += w[i], sw2 += w[i] * w[i];
    if (ess)
        *ess = sw * sw / sw2;
    return CNSIM_OK;
}

/* Heapsort of the pairs (v[i], w[i]) by v, in place: no allocation, so
 * a quantile cannot fail. */
static void sift(double *v, double *w, size_t root, size_t n)
{
    for (;;) {
        size_t c = 2 * root + 1;
        if (c >= n)
            return;
        if (c + 1 < n && v[c + 1] > v[c])
            c++;
        if (!(v[c] > v[root]))
            return;
        double t = v[c];
        v[c] = v[root], v[root] = t;
        t = w[c];
        w[c] = w[root], w[root] = t;
        root = c;
    }
}

double tdm_wquantile(double *v, double *w, size_t n, double q)
{
    if (n == 0)
        return NAN;
    for (size_t i = n / 2; i-- > 0;)
        sift(v, w, i, n);
    for (size_t end = n; end-- > 1;) {
        double t = v[0];
        v[0] = v[end], v[end] = t;
        t = w[0];
        w[0] = w[end], w[end] = t;
        sift(v, w, 0, end);
    }
    double tot = 0, acc = 0;
    for (size_t i = 0; i < n; i++)
        tot += w[i];
    for (size_t i = 0; i < n; i++) {
        acc += w[i];
        if (acc >= q * tot)
            return v[i];
    }
    return v[n - 1];
}
