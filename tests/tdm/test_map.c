/* tests for src/tdm/map.c: MAP estimates of one subject's random effects
 * (include/cnsim/tdm.h) against a brute-force grid posterior, recovery of
 * a subject with half the typical clearance, the M3 likelihood of a level
 * below the limit of quantification, and bad priors and levels. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cnsim/cnsim.h"

/* A one-compartment oral drug like clonazepam (CL 3.5 L/h, V 200 L, ka 2/h,
 * F 0.9; docs/pk.md), IIV on CL and V, proportional and additive error. */
static cnsim_tdm_prior prior_cl_v(void)
{
    cnsim_tdm_prior pr;
    memset(&pr, 0, sizeof pr);
    pr.pk = cnsim_pk_params_default();
    snprintf(pr.pk.name, sizeof pr.pk.name, "testdrug");
    pr.pk.n_cmt = 1, pr.pk.cl_L_per_h = 3.5, pr.pk.v1_L = 200, pr.pk.ka_per_h = 2, pr.pk.f = 0.9;
    pr.pk.mw_g_per_mol = 315.7;
    pr.n_eta = 2;
    pr.eta[0] = CNSIM_TDM_CL, pr.eta[1] = CNSIM_TDM_V;
    pr.omega[0] = 0.09, pr.omega[3] = 0.05;
    pr.sigma_add_ng_mL = 0.5, pr.sigma_prop = 0.1;
    return pr;
}

/* 1 mg every 12 h for 10 days (events expanded). */
static void regimen(cnsim_event_list *out)
{
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    int d;
    assert_int_equal(cnsim_event_list_drug(&raw, "testdrug", &d), CNSIM_OK);
    cnsim_event e = cnsim_event_default();
    e.id = 1, e.drug = d, e.amt_mg = 1, e.ii_h = 12, e.addl = 19, e.time_h = 0;
    assert_int_equal(cnsim_event_list_push(&raw, &e), CNSIM_OK);
    assert_int_equal(cnsim_events_expand(&raw, out), CNSIM_OK);
    cnsim_event_list_free(&raw);
}

/* Levels of the subject with eta_true, at the given times. */
static void levels_of(const cnsim_tdm_prior *pr, const cnsim_event_list *ev, const double *eta_true, const double *t,
                      size_t n, cnsim_tdm_level *lv)
{
    cnsim_pk_params p;
    assert_int_equal(cnsim_tdm_individual(pr, eta_true, &p), CNSIM_OK);
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create(&p, 1, NULL, &run), CNSIM_OK);
    double c[16];
    assert_int_equal(cnsim_pk_run_simulate(run, ev->ev, ev->n, t, n, c, NULL), CNSIM_OK);
    for (size_t j = 0; j < n; j++)
        lv[j] = (cnsim_tdm_level){.time_h = t[j], .value_ng_mL = c[j], .output = 0};
    cnsim_pk_run_free(run);
}

/* The MAP estimate is the mode of the posterior: the same as a
 * brute-force grid search over (eta_CL, eta_V), refined to 1e-4, to 1e-3. */
static void test_map_agrees_with_a_grid_posterior(void **state)
{
    (void)state;
    cnsim_tdm_prior pr = prior_cl_v();
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    regimen(&ev);
    double t[3] = {23.5, 119.5, 236}, eta_true[2] = {-0.5, 0.2};
    cnsim_tdm_level lv[3];
    levels_of(&pr, &ev, eta_true, t, 3, lv);
    lv[0].value_ng_mL *= 1.1, lv[2].value_ng_mL *= 0.93;   /* measured, not exact */
    cnsim_tdm_fit fit;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 3, &fit), CNSIM_OK);
    assert_true(fit.converged);
    double best[2] = {0, 0}, span = 2, fbest = INFINITY;
    for (int round = 0; round < 6; round++) {
        double c0 = best[0], c1 = best[1];
        for (int i = -20; i <= 20; i++)
            for (int j = -20; j <= 20; j++) {
                double e[2] = {c0 + span * i / 20, c1 + span * j / 20};
                double f = cnsim_tdm_objective(&pr, ev.ev, ev.n, lv, 3, e);
                if (f < fbest)
                    fbest = f, best[0] = e[0], best[1] = e[1];
            }
        span /= 8;
    }
    if (fabs(fit.eta[0] - best[0]) > 1e-3 || fabs(fit.eta[1] - best[1]) > 1e-3)
        fail_msg("MAP (%g, %g), grid (%g, %g)", fit.eta[0], fit.eta[1], best[0], best[1]);
    assert_true(fit.objective <= fbest + 1e-6);
    cnsim_event_list_free(&ev);
}

/* Acceptance (issue 15): a subject with half the typical clearance and
 * three troughs: CL within 25%, and the 90% interval contains the truth. */
static void test_half_clearance_is_recovered_from_three_troughs(void **state)
{
    (void)state;
    cnsim_tdm_prior pr = prior_cl_v();
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    regimen(&ev);
    double t[3] = {119.9, 179.9, 227.9}, eta_true[2] = {log(0.5), 0};
    cnsim_tdm_level lv[3];
    levels_of(&pr, &ev, eta_true, t, 3, lv);
    cnsim_tdm_fit fit;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 3, &fit), CNSIM_OK);
    double cl = fit.param[0], truth = 3.5 * 0.5;
    if (!(fabs(cl / truth - 1) < 0.25 && fit.ci90_lo[0] < truth && truth < fit.ci90_hi[0]))
        fail_msg("CL %g (90%%: %g-%g), truth %g", cl, fit.ci90_lo[0], fit.ci90_hi[0], truth);
    /* troughs inform CL far more than V: CL shrinks less */
    assert_true(fit.shrinkage[0] < fit.shrinkage[1]);
    assert_true(fit.shrinkage[0] > 0 && fit.shrinkage[0] < 1);
    cnsim_event_list_free(&ev);
}

/* M3: a level reported below the limit of quantification pulls the
 * estimate towards subjects whose prediction there is low. */
static void test_a_level_below_the_limit_counts_by_its_probability(void **state)
{
    (void)state;
    cnsim_tdm_prior pr = prior_cl_v();
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    regimen(&ev);
    double eta0[2] = {0, 0};
    cnsim_tdm_level lv[1] = {{.time_h = 300, .blq = 1, .lloq_ng_mL = 0.5}};   /* 60 h after the last dose */
    double f_typ = cnsim_tdm_objective(&pr, ev.ev, ev.n, lv, 1, eta0);
    double eta_fast[2] = {0.5, 0};
    double f_fast = cnsim_tdm_objective(&pr, ev.ev, ev.n, lv, 1, eta_fast);
    assert_true(isfinite(f_typ) && isfinite(f_fast));
    /* without the prior term, faster clearance makes BLQ more likely */
    assert_true(f_fast - 0.5 * 0.5 / 0.09 < f_typ);
    cnsim_tdm_fit fit;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 1, &fit), CNSIM_OK);
    assert_true(fit.eta[0] > 0);
    cnsim_event_list_free(&ev);
}

/* Where the posterior is near-normal (several informative levels), the
 * exact (importance-sampled) 90% intervals agree with the Laplace ones,
 * and a fixed seed gives the same draws. */
static void test_sampled_intervals_agree_with_laplace(void **state)
{
    (void)state;
    cnsim_tdm_prior pr = prior_cl_v();
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    regimen(&ev);
    double t[5] = {2, 6, 119.9, 122, 227.9}, eta_true[2] = {-0.3, 0.15};
    cnsim_tdm_level lv[5];
    levels_of(&pr, &ev, eta_true, t, 5, lv);
    cnsim_tdm_fit fit;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 5, &fit), CNSIM_OK);
    cnsim_tdm_sample s1, s2;
    assert_int_equal(cnsim_tdm_sample_posterior(&pr, ev.ev, ev.n, lv, 5, &fit, 20000, 7, &s1), CNSIM_OK);
    assert_true(s1.ess > 2000);
    /* The exact posterior by brute force: exp(-OFV/2) on a grid of +-6
     * Laplace SDs, its CL marginal's 5th and 95th percentiles. The sampler
     * matches them to Monte Carlo error (1% of the interval in log CL). */
    enum { G = 161 };
    double sd0 = sqrt(fit.cov[0]), sd1 = sqrt(fit.cov[3]), marg[G], lmax = -INFINITY;
    static double lp[G][G];
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            double e[2] = {fit.eta[0] + sd0 * (12.0 * i / (G - 1) - 6), fit.eta[1] + sd1 * (12.0 * j / (G - 1) - 6)};
            lp[i][j] = -cnsim_tdm_objective(&pr, ev.ev, ev.n, lv, 5, e) / 2;
            lmax = fmax(lmax, lp[i][j]);
        }
    double tot = 0;
    for (int i = 0; i < G; i++) {
        marg[i] = 0;
        for (int j = 0; j < G; j++)
            marg[i] += exp(lp[i][j] - lmax);
        tot += marg[i];
    }
    double q[2] = {0.05, 0.95}, eq[2];
    for (int k = 0; k < 2; k++) {
        double acc = 0;
        for (int i = 0; i < G; i++) {
            double prev = acc;
            acc += marg[i] / tot;
            if (acc >= q[k]) {   /* linear within the cell (cell-centred mass) */
                double frac = (q[k] - prev) / (acc - prev);
                eq[k] = fit.eta[0] + sd0 * (12.0 * (i - 0.5 + frac) / (G - 1) - 6);
                break;
            }
        }
    }
    double width = eq[1] - eq[0];
    double s_lo = log(s1.ci90_lo[0] / 3.5), s_hi = log(s1.ci90_hi[0] / 3.5);
    if (fabs(s_lo - eq[0]) > 0.02 * width || fabs(s_hi - eq[1]) > 0.02 * width)
        fail_msg("CL: grid 90%% (%g, %g), sampled (%g, %g) in eta", eq[0], eq[1], s_lo, s_hi);
    /* Laplace: the same width to 10%, the same place to 20% of it */
    for (int i = 0; i < 2; i++) {
        double wl = log(fit.ci90_hi[i] / fit.ci90_lo[i]), ws = log(s1.ci90_hi[i] / s1.ci90_lo[i]);
        if (fabs(ws / wl - 1) > 0.1 || fabs(log(s1.ci90_lo[i] / fit.ci90_lo[i])) > 0.2 * wl)
            fail_msg("%s: Laplace %g-%g, sampled %g-%g", cnsim_tdm_param_name(pr.eta[i]), fit.ci90_lo[i],
                     fit.ci90_hi[i], s1.ci90_lo[i], s1.ci90_hi[i]);
    }
    assert_int_equal(cnsim_tdm_sample_posterior(&pr, ev.ev, ev.n, lv, 5, &fit, 20000, 7, &s2), CNSIM_OK);
    assert_memory_equal(&s1, &s2, sizeof s1);
    assert_int_equal(cnsim_tdm_sample_posterior(&pr, ev.ev, ev.n, lv, 5, &fit, 10, 7, &s2), CNSIM_E_RANGE);
    cnsim_event_list_free(&ev);
}

/* Acceptance (issue 15): over simulated subjects (random effects from
 * OMEGA, levels with SIGMA's error) the Laplace 90% intervals cover the
 * truth 85-95% of the time (300 subjects, a fixed seed; the full study is
 * bench/bench_tdm.c). */
static void test_interval_coverage_over_simulated_subjects(void **state)
{
    (void)state;
    cnsim_tdm_prior pr = prior_cl_v();
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    regimen(&ev);
    double t[4] = {1, 4, 119.9, 227.9};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 15);
    int n = 300, cover[2] = {0, 0};
    for (int i = 0; i < n; i++) {
        double eta[2] = {gsl_ran_gaussian(rng, 0.3), gsl_ran_gaussian(rng, sqrt(0.05))};
        cnsim_tdm_level lv[4];
        levels_of(&pr, &ev, eta, t, 4, lv);
        for (int j = 0; j < 4; j++) {
            double f = lv[j].value_ng_mL, sd = sqrt(0.25 + 0.01 * f * f);
            lv[j].value_ng_mL = fmax(0, f + gsl_ran_gaussian(rng, sd));
        }
        cnsim_tdm_fit fit;
        assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 4, &fit), CNSIM_OK);
        double truth[2] = {3.5 * exp(eta[0]), 200 * exp(eta[1])};
        for (int k = 0; k < 2; k++)
            cover[k] += fit.ci90_lo[k] <= truth[k] && truth[k] <= fit.ci90_hi[k];
    }
    gsl_rng_free(rng);
    for (int k = 0; k < 2; k++)
        if (cover[k] < 0.85 * n || cover[k] > 0.95 * n)
            fail_msg("%s: 90%% intervals cover %d of %d", cnsim_tdm_param_name(pr.eta[k]), cover[k], n);
    cnsim_event_list_free(&ev);
}

/* The registry's clonazepam model gives a prior: its OMEGA (CL, V, KA,
 * F1; data/95_population.sql) and a residual error given by the caller,
 * since the registry has none. */
static void test_prior_from_the_registry_model(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_pk_model m;
    assert_int_equal(cnsim_pk_model_from_registry(reg, "clonazepam", NULL, &m), CNSIM_OK);
    cnsim_tdm_prior pr;
    assert_int_equal(cnsim_tdm_prior_from_model(&m, NAN, NAN, &pr), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "no residual error"));
    assert_int_equal(cnsim_tdm_prior_from_model(&m, 0.076, 0.5, &pr), CNSIM_OK);
    assert_int_equal(pr.n_eta, 4);
    assert_int_equal(pr.eta[0], CNSIM_TDM_CL);
    assert_true(fabs(pr.omega[0] - 0.083) < 1e-12 && pr.omega[1] == 0);
    assert_true(pr.sigma_prop == 0.076 && pr.sigma_add_ng_mL == 0.5);
    /* a model file's own sigma (variances) becomes SDs */
    m.n_sigma = 1;
    snprintf(m.sigma_name[0], sizeof m.sigma_name[0], "prop");
    m.sigma[0] = 0.04;
    assert_int_equal(cnsim_tdm_prior_from_model(&m, NAN, NAN, &pr), CNSIM_OK);
    assert_true(fabs(pr.sigma_prop - 0.2) < 1e-12 && pr.sigma_add_ng_mL == 0);
    /* an OMEGA on a parameter without a random effect here */
    snprintf(m.omega_name[0], sizeof m.omega_name[0], "Q");
    assert_int_equal(cnsim_tdm_prior_from_model(&m, NAN, NAN, &pr), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "omega.Q"));
    cnsim_registry_free(reg);
}

static void test_bad_priors_and_levels_are_refused(void **state)
{
    (void)state;
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    regimen(&ev);
    cnsim_tdm_level lv[1] = {{.time_h = 100, .value_ng_mL = 3}};
    cnsim_tdm_fit fit;
    cnsim_tdm_prior pr = prior_cl_v();
    pr.omega[1] = pr.omega[2] = 0.5;                        /* correlation > 1 */
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 1, &fit), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "positive definite"));
    pr = prior_cl_v();
    pr.eta[1] = CNSIM_TDM_CL;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 1, &fit), CNSIM_E_RANGE);
    pr = prior_cl_v();
    pr.sigma_add_ng_mL = pr.sigma_prop = 0;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 1, &fit), CNSIM_E_RANGE);
    pr = prior_cl_v();
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 0, &fit), CNSIM_E_ARG);
    lv[0].output = 3;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 1, &fit), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "output 3"));
    lv[0].output = 0, lv[0].value_ng_mL = NAN;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 1, &fit), CNSIM_E_ARG);
    cnsim_event_list_free(&ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_agrees_with_a_grid_posterior),
        cmocka_unit_test(test_half_clearance_is_recovered_from_three_troughs),
        cmocka_unit_test(test_a_level_below_the_limit_counts_by_its_probability),
        cmocka_unit_test(test_sampled_intervals_agree_with_laplace),
        cmocka_unit_test(test_interval_coverage_over_simulated_subjects),
        cmocka_unit_test(test_prior_from_the_registry_model),
        cmocka_unit_test(test_bad_priors_and_levels_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
