/* MAP estimation of one subject's random effects from drug levels
 * (include/cnsim/tdm.h): the PK model of the shared estimator
 * (src/tdm/core.c), its predictions from the PK run (parameters replaced
 * per evaluation, the records sampled at the level times). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/tdm.h"
#include "core_impl.h"
#include "tdm_impl.h"

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
    if (!tdm_positive_definite(pr->omega, pr->n_eta))
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


/* The PK model of the shared estimator: the run, the sorted sample times
 * and where each level reads. */
typedef struct pk_ctx {
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
    tdm_obs *obs;
    tdm_problem prob;
} pk_ctx;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void ctx_free(pk_ctx *c)
{
    cnsim_pk_run_free(c->run);
    tdm_problem_free(&c->prob);
    free(c->t), free(c->at), free(c->conc), free(c->obs);
    memset(c, 0, sizeof *c);
}

static cnsim_status pk_predict(void *user, const double *eta, double *f)
{
    pk_ctx *c = user;
    cnsim_pk_params p;
    cnsim_status st = cnsim_tdm_individual(c->pr, eta, &p);
    if (st == CNSIM_OK)
        st = cnsim_pk_run_set_params(c->run, 0, &p);
    if (st == CNSIM_OK)
        st = cnsim_pk_run_simulate(c->run, c->ev, c->n_ev, c->t, c->n_t, c->conc, NULL);
    if (st != CNSIM_OK)
        return st;
    for (size_t j = 0; j < c->n_lv; j++)
        f[j] = c->conc[c->at[j] * c->n_out + c->lv[j].output];
    return CNSIM_OK;
}

static cnsim_status ctx_init(pk_ctx *c, const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
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
    c->obs = malloc(n_lv * sizeof *c->obs);
    if (!c->t || !c->at || !c->obs)
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    for (size_t j = 0; j < n_lv; j++) {
        c->t[j] = lv[j].time_h;
        c->obs[j] = (tdm_obs){.value = lv[j].value_ng_mL, .blq = lv[j].blq, .lloq = lv[j].lloq_ng_mL,
                              .var_add = pr->sigma_add_ng_mL * pr->sigma_add_ng_mL,
                              .var_prop = pr->sigma_prop * pr->sigma_prop};
    }
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
    c->prob = (tdm_problem){.n_eta = pr->n_eta, .obs = c->obs, .n_obs = n_lv, .predict = pk_predict, .user = c};
    memcpy(c->prob.omega, pr->omega, sizeof pr->omega);
    return tdm_problem_init(&c->prob);
}

double cnsim_tdm_objective(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                           const cnsim_tdm_level *lv, size_t n_lv, const double *eta)
{
    cnsim__clear_error();
    pk_ctx c;
    double v = NAN;
    if (ctx_init(&c, pr, ev, n_ev, lv, n_lv) == CNSIM_OK)
        v = tdm_ofv(&c.prob, eta);
    ctx_free(&c);
    return v;
}

double cnsim_tdm_param_value(const cnsim_tdm_prior *pr, int i, double eta_i)
{
    double e[CNSIM_TDM_MAX_ETA] = {0};
    if (i < 0 || i >= pr->n_eta)
        return NAN;
    e[i] = eta_i;
    cnsim_pk_params p;
    if (cnsim_tdm_individual(pr, e, &p) != CNSIM_OK) {
        cnsim__clear_error();
        return NAN;
    }
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
    pk_ctx c;
    cnsim_status st = ctx_init(&c, pr, ev, n_ev, lv, n_lv);
    int n = pr->n_eta;
    out->n_eta = n;
    if (st == CNSIM_OK)
        st = tdm_mode(&c.prob, NULL, out->eta, &out->objective, &out->n_iter, &out->converged);
    if (st == CNSIM_OK)
        st = tdm_laplace(&c.prob, out->eta, out->objective, out->cov);
    ctx_free(&c);
    if (st != CNSIM_OK)
        return st;
    for (int i = 0; i < n; i++) {
        double sd = sqrt(out->cov[i * n + i]);
        out->param[i] = cnsim_tdm_param_value(pr, i, out->eta[i]);
        double a = cnsim_tdm_param_value(pr, i, out->eta[i] - 1.6448536269514722 * sd),
               b = cnsim_tdm_param_value(pr, i, out->eta[i] + 1.6448536269514722 * sd);
        out->ci90_lo[i] = fmin(a, b), out->ci90_hi[i] = fmax(a, b);
        out->shrinkage[i] = out->cov[i * n + i] / pr->omega[i * n + i];
    }
    return CNSIM_OK;
}

cnsim_status cnsim_tdm_draw(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                            const cnsim_tdm_level *lv, size_t n_lv, const cnsim_tdm_fit *fit,
                            cnsim_tdm_posterior kind, size_t n, unsigned long seed, cnsim_tdm_draws *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (!fit || fit->n_eta != pr->n_eta)
        return cnsim__fail(CNSIM_E_ARG, "tdm: the fit is not of this prior (%d random effects, the prior %d)",
                           fit ? fit->n_eta : 0, pr->n_eta);
    if (n < 100 || n > 10000000)
        return cnsim__fail(CNSIM_E_RANGE, "tdm: %zu posterior draws; expected 100 to 10000000", n);
    if (kind != CNSIM_TDM_LAPLACE && kind != CNSIM_TDM_SAMPLE)
        return cnsim__fail(CNSIM_E_ARG, "tdm: posterior kind %d; expected laplace or sample", (int)kind);
    pk_ctx c;
    cnsim_status st = ctx_init(&c, pr, ev, n_ev, lv, n_lv);
    out->eta = malloc(n * (size_t)pr->n_eta * sizeof *out->eta);
    out->w = malloc(n * sizeof *out->w);
    if (st == CNSIM_OK && (!out->eta || !out->w))
        st = cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory for %zu draws", n);
    if (st == CNSIM_OK)
        st = tdm_draws(&c.prob, fit->eta, fit->cov, n, seed, kind == CNSIM_TDM_SAMPLE, out->eta, out->w, &out->ess);
    ctx_free(&c);
    if (st != CNSIM_OK) {
        cnsim_tdm_draws_free(out);
        return st;
    }
    out->n = n, out->n_eta = pr->n_eta, out->kind = kind;
    return CNSIM_OK;
}

void cnsim_tdm_draws_free(cnsim_tdm_draws *d)
{
    if (!d)
        return;
    free(d->eta), free(d->w);
    memset(d, 0, sizeof *d);
}

cnsim_status cnsim_tdm_summarize(const cnsim_tdm_prior *pr, const cnsim_tdm_draws *d, cnsim_tdm_sample *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (!d || d->n_eta != pr->n_eta || d->n == 0 || !d->eta || !d->w)
        return cnsim__fail(CNSIM_E_ARG, "tdm: no posterior draws of this prior (cnsim_tdm_draw)");
    size_t n = d->n;
    int k = pr->n_eta;
    double *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
    if (!v || !w) {
        free(v), free(w);
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory for %zu draws", n);
    }
    double sw = 0;
    for (size_t i = 0; i < n; i++)
        sw += d->w[i];
    out->n = n, out->ess = d->ess;
    for (int j = 0; j < k; j++) {
        double m = 0;
        for (size_t i = 0; i < n; i++) {
            m += d->w[i] * d->eta[i * (size_t)k + j];
            v[i] = cnsim_tdm_param_value(pr, j, d->eta[i * (size_t)k + j]);
            w[i] = d->w[i];
        }
        out->eta_mean[j] = m / sw;
        out->ci90_lo[j] = tdm_wquantile(v, w, n, 0.05);
        out->ci90_hi[j] = tdm_wquantile(v, w, n, 0.95);
    }
    free(v), free(w);
    return CNSIM_OK;
}

cnsim_status cnsim_tdm_sample_posterior(const cnsim_tdm_prior *pr, const cnsim_event *ev, size_t n_ev,
                                        const cnsim_tdm_level *lv, size_t n_lv, const cnsim_tdm_fit *fit,
                                        size_t n, unsigned long seed, cnsim_tdm_sample *out)
{
    memset(out, 0, sizeof *out);
    cnsim_tdm_draws d;
    cnsim_status st = cnsim_tdm_draw(pr, ev, n_ev, lv, n_lv, fit, CNSIM_TDM_SAMPLE, n, seed, &d);
    if (st == CNSIM_OK)
        st = cnsim_tdm_summarize(pr, &d, out);
    cnsim_tdm_draws_free(&d);
    return st;
}

cnsim_status cnsim_tdm_prior_from_registry(cnsim_registry *reg, const char *drug, const char *formulation,
                                           double sigma_prop, double sigma_add_ng_mL, cnsim_tdm_prior *out,
                                           char *source, size_t n_source)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (source && n_source)
        source[0] = '\0';
    cnsim_pk_model *m = malloc(sizeof *m);
    if (!m)
        return cnsim__fail(CNSIM_E_NOMEM, "tdm: out of memory");
    cnsim_status st = cnsim_pk_model_from_registry(reg, drug, formulation, m);
    if (st == CNSIM_OK && !(sigma_prop >= 0 || sigma_add_ng_mL >= 0)) {
        cnsim_residual_error re;
        if ((st = cnsim_registry_residual_error(reg, drug, "", &re)) == CNSIM_OK) {
            sigma_prop = re.sigma_prop, sigma_add_ng_mL = re.sigma_add_ng_mL;
            if (source && n_source)
                cnsim__strlcpy(source, re.source, n_source);
        }
    }
    if (st == CNSIM_OK)
        st = cnsim_tdm_prior_from_model(m, sigma_prop >= 0 ? sigma_prop : 0, sigma_add_ng_mL >= 0 ? sigma_add_ng_mL : 0,
                                        out);
    free(m);
    return st;
}
