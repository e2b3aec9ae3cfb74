/* The closed form and CVODE agree to 1e-6 relative on every linear model:
 * 1, 2 and 3 compartments, oral with lag, IV bolus, infusion, metabolite,
 * several drugs at once, and nearly equal ka and k. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pk/pk_test_util.h"

static void simulate(const cnsim_pk_params *p, size_t n_drugs, cnsim_solver_kind kind,
                     const cnsim_event *ev, size_t n_ev, const double *t, size_t n_t,
                     double *conc, double *amounts)
{
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = kind;
    o.rtol = 1e-11;
    o.atol_mg = 1e-14;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create(p, n_drugs, &o, &run), CNSIM_OK);
    assert_int_equal(cnsim_pk_run_simulate(run, ev, n_ev, t, n_t, conc, amounts), CNSIM_OK);
    cnsim_pk_run_free(run);
}

/* |a - b| <= 1e-6 |b| wherever b is above 1e-9 of the series maximum. */
static void assert_agree(const double *a, const double *b, size_t n)
{
    double mx = 0;
    for (size_t i = 0; i < n; i++)
        mx = fmax(mx, fabs(b[i]));
    assert_true(mx > 0);
    for (size_t i = 0; i < n; i++) {
        double tol = 1e-6 * fabs(b[i]) + 1e-9 * mx;
        if (fabs(a[i] - b[i]) > tol)
            fail_msg("sample %zu: closed %.12g vs cvode %.12g (tol %.3g)", i, a[i], b[i], tol);
    }
}

static void check_model(const cnsim_pk_params *p, size_t n_drugs, const cnsim_event *ev,
                        size_t n_ev, double until_h, double every_h)
{
    size_t n_t = (size_t)(until_h / every_h) + 1;
    double *t = malloc(n_t * sizeof *t);
    for (size_t i = 0; i < n_t; i++)
        t[i] = i * every_h;
    size_t n_out = 2 * n_drugs;
    double *a = calloc(n_t * n_out, sizeof *a), *b = calloc(n_t * n_out, sizeof *b);
    simulate(p, n_drugs, CNSIM_SOLVER_CLOSED, ev, n_ev, t, n_t, a, NULL);
    simulate(p, n_drugs, CNSIM_SOLVER_CVODE, ev, n_ev, t, n_t, b, NULL);
    cnsim_pk_run *run;
    cnsim_pk_run_create(p, n_drugs, NULL, &run);
    size_t k = cnsim_pk_run_n_outputs(run);
    cnsim_pk_run_free(run);
    for (size_t j = 0; j < k; j++) {
        double *ca = malloc(n_t * sizeof *ca), *cb = malloc(n_t * sizeof *cb);
        for (size_t i = 0; i < n_t; i++)
            ca[i] = a[i * k + j], cb[i] = b[i * k + j];
        assert_agree(ca, cb, n_t);
        free(ca), free(cb);
    }
    free(a), free(b), free(t);
}

static void test_one_compartment_oral_with_lag_agrees(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_one_cmt();
    cnsim_event ev[20];
    for (int i = 0; i < 20; i++)
        ev[i] = dose_at(i * 12.0, 5, 0, CNSIM_CMT_DEPOT);
    check_model(&p, 1, ev, 20, 400, 0.5);
}

static void test_two_compartment_iv_bolus_and_oral_agree(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    cnsim_event ev[3] = {dose_at(0, 1, 0, CNSIM_CMT_CENTRAL), dose_at(30, 0.5, 0, CNSIM_CMT_DEPOT),
                         dose_at(30, 0.5, 0, CNSIM_CMT_DEPOT)};
    check_model(&p, 1, ev, 3, 300, 0.25);
}

static void test_three_compartment_infusion_and_metabolite_agree(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_three_cmt_met();
    cnsim_event ev[4] = {dose_at(0, 2, 0, CNSIM_CMT_CENTRAL), dose_at(24, 1, 0, CNSIM_CMT_DEPOT),
                         dose_at(48, 1, 0, CNSIM_CMT_DEPOT), dose_at(60, 3, 0, CNSIM_CMT_DEPOT)};
    ev[0].rate_mg_per_h = 0.5;  /* 4 h infusion */
    ev[3].rate_mg_per_h = 1.5;  /* zero-order input into the depot */
    check_model(&p, 1, ev, 4, 500, 0.5);
}

static void test_nearly_equal_ka_and_k_agree(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_one_cmt();
    p.tlag_h = 0;
    p.ka_per_h = p.cl_L_per_h / p.v1_L * (1 + 1e-7); /* |ka - k| ~ 3e-9 /h */
    cnsim_event ev[1] = {dose_at(0, 10, 0, CNSIM_CMT_DEPOT)};
    check_model(&p, 1, ev, 1, 600, 1);
}

static void test_two_drugs_in_one_system_agree(void **state)
{
    (void)state;
    cnsim_pk_params p[2] = {fixture_two_cmt(), fixture_three_cmt_met()};
    cnsim_event ev[40];
    for (int i = 0; i < 20; i++) {
        ev[2 * i] = dose_at(i * 12.0, 0.5, 0, CNSIM_CMT_DEPOT);
        ev[2 * i + 1] = dose_at(i * 12.0 + 3, 2, 1, CNSIM_CMT_DEPOT);
    }
    check_model(p, 2, ev, 40, 600, 1);
}

static void test_steady_state_dose_agrees_and_matches_long_dosing(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    cnsim_event ss = dose_at(0, 0.5, 0, CNSIM_CMT_DEPOT);
    ss.ss = 1;
    ss.ii_h = 12;
    check_model(&p, 1, &ss, 1, 24, 0.25);
    /* SS = 1 at t = 0 equals the state after 100 days of q12h dosing. */
    size_t n_long = 200;
    cnsim_event *ev = malloc((n_long + 1) * sizeof *ev);
    for (size_t i = 0; i <= n_long; i++)
        ev[i] = dose_at(i * 12.0, 0.5, 0, CNSIM_CMT_DEPOT);
    double t_long[2] = {n_long * 12.0 + 5, n_long * 12.0 + 11}, t_ss[2] = {5, 11};
    double c_long[2], c_ss[2];
    simulate(&p, 1, CNSIM_SOLVER_CLOSED, ev, n_long + 1, t_long, 2, c_long, NULL);
    simulate(&p, 1, CNSIM_SOLVER_CLOSED, &ss, 1, t_ss, 2, c_ss, NULL);
    for (int i = 0; i < 2; i++)
        assert_true(fabs(c_long[i] - c_ss[i]) <= 1e-8 * c_ss[i]);
    free(ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_compartment_oral_with_lag_agrees),
        cmocka_unit_test(test_two_compartment_iv_bolus_and_oral_agree),
        cmocka_unit_test(test_three_compartment_infusion_and_metabolite_agree),
        cmocka_unit_test(test_nearly_equal_ka_and_k_agree),
        cmocka_unit_test(test_two_drugs_in_one_system_agree),
        cmocka_unit_test(test_steady_state_dose_agrees_and_matches_long_dosing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
