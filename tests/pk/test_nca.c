/* Non-compartmental analysis against closed forms. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pk/pk_test_util.h"

/* A mono-exponential decline: the log-down trapezoid is exact, so AUC and
 * the half-life come out to rounding error. */
static void test_log_down_auc_and_half_life_are_exact_for_an_exponential(void **state)
{
    (void)state;
    double t[25], c[25], k = log(2) / 7.0;
    for (int i = 0; i < 25; i++)
        t[i] = 2.0 * i, c[i] = 100 * exp(-k * t[i]);
    cnsim_nca n;
    assert_int_equal(cnsim_nca_compute(t, c, 25, 0, 48, &n), CNSIM_OK);
    assert_true(fabs(n.auc_ng_h_mL - 100 / k * (1 - exp(-k * 48))) < 1e-9);
    assert_true(fabs(n.half_life_h - 7.0) < 1e-9);
    assert_true(n.cmax_ng_mL == 100 && n.tmax_h == 0);
    assert_true(fabs(n.cmin_ng_mL - c[24]) < 1e-12);
    assert_int_equal(n.n_lambda_z, 24); /* every point after Cmax fits */
}

/* After an oral dose the terminal phase excludes the absorption phase: the
 * half-life is the elimination one, not a blend. */
static void test_terminal_phase_skips_absorption(void **state)
{
    (void)state;
    double ka = 1.5, k = log(2) / 10.0, t[200], c[200];
    for (int i = 0; i < 200; i++) {
        t[i] = 0.5 * i;
        c[i] = 50 * ka / (ka - k) * (exp(-k * t[i]) - exp(-ka * t[i]));
    }
    cnsim_nca n;
    assert_int_equal(cnsim_nca_compute(t, c, 200, 0, 1e9, &n), CNSIM_OK);
    /* The best-fit rule keeps points where absorption still adds ~1e-5:
     * a known small bias of the standard rule on noise-free data. */
    assert_true(fabs(n.half_life_h - 10.0) < 1e-3 * 10.0);
    double tmax = log(ka / k) / (ka - k);
    assert_true(fabs(n.tmax_h - tmax) <= 0.25);
    /* Linear-up/log-down AUC close to the analytic 0-99.5 h integral. */
    double auc = 50 * ka / (ka - k) * ((1 - exp(-k * 99.5)) / k - (1 - exp(-ka * 99.5)) / ka);
    assert_true(fabs(n.auc_ng_h_mL - auc) < 5e-3 * auc); /* 0.5 h sampling */
}

static void test_bad_series_are_refused(void **state)
{
    (void)state;
    double t[3] = {0, 2, 1}, c[3] = {1, 2, 3};
    cnsim_nca n;
    assert_int_equal(cnsim_nca_compute(t, c, 3, 0, 10, &n), CNSIM_E_ARG);
    double t2[2] = {0, 1}, c2[2] = {NAN, 1};
    assert_int_equal(cnsim_nca_compute(t2, c2, 2, 0, 10, &n), CNSIM_E_ARG);
    double t3[2] = {0, 1}, c3[2] = {1, 1};
    assert_int_equal(cnsim_nca_compute(t3, c3, 2, 5, 10, &n), CNSIM_E_ARG);
}

/* The model-based summary on a 1-cmt oral model: steady-state figures from
 * the closed forms for repeated dosing (Gibaldi & Perrier 1982, ch. 3). */
static void test_summary_matches_steady_state_closed_forms(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_one_cmt();
    p.tlag_h = 0;
    cnsim_event ev[60];
    for (int i = 0; i < 60; i++)
        ev[i] = dose_at(i * 24.0, 10, 0, CNSIM_CMT_DEPOT);
    cnsim_pk_summary s[2];
    assert_int_equal(cnsim_pk_summarize(&p, 1, ev, 60, NULL, s, 2), CNSIM_OK);
    double k = p.cl_L_per_h / p.v1_L, tau = 24;
    double auc_ss = 1000 * p.f * 10 / p.cl_L_per_h;            /* F D / CL */
    assert_true(fabs(s[0].auc_tau_ng_h_mL - auc_ss) < 1e-4 * auc_ss);
    assert_true(fabs(s[0].half_life_h - log(2) / k) < 1e-3 * log(2) / k);
    /* Accumulation: AUC over the first interval of an oral dose. */
    double ka = p.ka_per_h;
    double auc1 = 1000 * p.f * 10 / p.v1_L * ka / (ka - k) * ((1 - exp(-k * tau)) / k - (1 - exp(-ka * tau)) / ka);
    assert_true(fabs(s[0].accumulation_ratio - auc_ss / auc1) < 1e-3 * auc_ss / auc1);
    /* 90% of steady state: the trough after n doses is (1 - e^{-nk tau}) of
     * the steady-state trough, so n = ceil(ln 10 / (k tau)) intervals. */
    double n = ceil(log(10) / (k * tau) - 1e-9);
    assert_true(fabs(s[0].t90_ss_h - n * tau) < 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_down_auc_and_half_life_are_exact_for_an_exponential),
        cmocka_unit_test(test_terminal_phase_skips_absorption),
        cmocka_unit_test(test_bad_series_are_refused),
        cmocka_unit_test(test_summary_matches_steady_state_closed_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
