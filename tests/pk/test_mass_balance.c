/* Mass balance, analytic solutions, superposition, and irregular, missed
 * and restarted doses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pk/pk_test_util.h"

/* Bateman function (Gibaldi & Perrier 1982, eq. 1.52) for the 1-cmt oral
 * model, against both solvers. */
static void test_one_compartment_oral_matches_bateman(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_one_cmt();
    cnsim_event ev = dose_at(0, 10, 0, CNSIM_CMT_DEPOT);
    double k = p.cl_L_per_h / p.v1_L;
    for (int s = 1; s <= 2; s++) {
        cnsim_pk_run *run = make_tight_run(&p, 1, (cnsim_solver_kind)s);
        double t[5] = {0.1, 1, 5, 24, 100}, c[5];
        assert_int_equal(cnsim_pk_run_simulate(run, &ev, 1, t, 5, c, NULL), CNSIM_OK);
        for (int i = 0; i < 5; i++) {
            double tt = t[i] - p.tlag_h;
            double expect = tt <= 0 ? 0 : 1000 * p.f * 10 * p.ka_per_h / (p.v1_L * (p.ka_per_h - k)) * (exp(-k * tt) - exp(-p.ka_per_h * tt));
            assert_true(fabs(c[i] - expect) <= 1e-7 * expect + 1e-12);
        }
        cnsim_pk_run_free(run);
    }
}

/* Dosed = unabsorbed + in the body + eliminated, to 1e-6 relative, for
 * every model and both solvers. */
static void check_mass_balance(const cnsim_pk_params *p, cnsim_solver_kind kind)
{
    cnsim_event ev[30];
    for (int i = 0; i < 28; i++)
        ev[i] = dose_at(i * 12.0 + (i % 3) * 0.7, 0.5 + 0.1 * (i % 4), 0, CNSIM_CMT_DEPOT);
    ev[28] = dose_at(100, 2, 0, CNSIM_CMT_CENTRAL);
    ev[28].rate_mg_per_h = 0.5;
    ev[29] = dose_at(101, 1, 0, CNSIM_CMT_CENTRAL);
    cnsim_pk_run *run = make_tight_run(p, 1, kind);
    size_t n_t = 400;
    double *t = malloc(n_t * sizeof *t), *c = malloc(n_t * 2 * sizeof *c), *a = malloc(n_t * 6 * sizeof *a);
    for (size_t i = 0; i < n_t; i++)
        t[i] = i * 2.0;
    assert_int_equal(cnsim_pk_run_simulate(run, ev, 30, t, n_t, c, a), CNSIM_OK);
    cnsim_pk_stats st;
    cnsim_pk_run_stats(run, &st);
    double r = p->has_metabolite ? p->met_mw_g_per_mol / p->mw_g_per_mol : 1;
    for (size_t i = 0; i < n_t; i++) {
        double given = 0, lost = 0;
        for (int k = 0; k < 30; k++) {
            double f = ev[k].cmt == CNSIM_CMT_DEPOT ? p->f : 1;
            double t0 = ev[k].time_h + (ev[k].cmt == CNSIM_CMT_DEPOT ? p->tlag_h : 0);
            double frac = 1;
            if (ev[k].rate_mg_per_h > 0)
                frac = fmin(fmax((t[i] - t0) * ev[k].rate_mg_per_h / ev[k].amt_mg, 0), 1);
            else if (t[i] < t0)
                frac = 0;
            given += f * ev[k].amt_mg * frac;
            lost += (1 - f) * ev[k].amt_mg * frac;
        }
        (void)lost;
        const double *x = a + i * 6;
        double body = x[0] + x[1] + x[2] + x[3] + x[4] / r + x[5];
        if (fabs(body - given) > 1e-6 * given + 1e-12)
            fail_msg("t %g h: in body + eliminated %.12g mg, absorbed-or-infused %.12g mg", t[i], body, given);
    }
    assert_true(st.dose_total_mg > 0);
    free(t), free(c), free(a);
    cnsim_pk_run_free(run);
}

static void test_mass_balance_holds_for_every_model(void **state)
{
    (void)state;
    cnsim_pk_params ps[3] = {fixture_one_cmt(), fixture_two_cmt(), fixture_three_cmt_met()};
    cnsim_pk_params mm = fixture_two_cmt();
    mm.vmax_mg_per_h = 0.2;
    mm.km_ng_mL = 5;
    for (int i = 0; i < 3; i++) {
        check_mass_balance(&ps[i], CNSIM_SOLVER_CLOSED);
        check_mass_balance(&ps[i], CNSIM_SOLVER_CVODE);
    }
    check_mass_balance(&mm, CNSIM_SOLVER_CVODE);
}

/* Superposition: a multiple-dose profile equals the sum of single-dose
 * profiles shifted in time, including irregular, missed and restarted
 * doses. */
static void test_multiple_doses_are_the_sum_of_single_doses(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_three_cmt_met();
    double times[] = {0, 12, 24, /* missed 36 */ 48, 61.5 /* late */, 72, /* stop, restart: */ 240, 252};
    size_t nd = sizeof times / sizeof times[0];
    cnsim_event ev[8];
    for (size_t i = 0; i < nd; i++)
        ev[i] = dose_at(times[i], 0.5, 0, CNSIM_CMT_DEPOT);
    size_t n_t = 700;
    double *t = malloc(n_t * sizeof *t), *c = malloc(n_t * 2 * sizeof *c),
           *sum = calloc(n_t * 2, sizeof *sum), *c1 = malloc(n_t * 2 * sizeof *c1);
    for (size_t i = 0; i < n_t; i++)
        t[i] = i * 0.5;
    cnsim_pk_run *run = make_tight_run(&p, 1, CNSIM_SOLVER_CVODE);
    assert_int_equal(cnsim_pk_run_simulate(run, ev, nd, t, n_t, c, NULL), CNSIM_OK);
    for (size_t k = 0; k < nd; k++) {
        assert_int_equal(cnsim_pk_run_simulate(run, &ev[k], 1, t, n_t, c1, NULL), CNSIM_OK);
        for (size_t i = 0; i < 2 * n_t; i++)
            sum[i] += c1[i];
    }
    double mx = 0;
    for (size_t i = 0; i < 2 * n_t; i++)
        mx = fmax(mx, c[i]);
    for (size_t i = 0; i < 2 * n_t; i++)
        if (fabs(c[i] - sum[i]) > 1e-6 * fabs(sum[i]) + 1e-9 * mx)
            fail_msg("sample %zu: multiple %.12g vs sum of singles %.12g", i, c[i], sum[i]);
    /* The missed dose shows: the trough at 48 h is below the regular one. */
    double c48 = c[96 * 2], c24 = c[48 * 2];
    assert_true(c48 < c24 * 1.2);
    free(t), free(c), free(sum), free(c1);
    cnsim_pk_run_free(run);
}

static void test_reset_empties_the_body(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    cnsim_event ev[2] = {dose_at(0, 1, 0, CNSIM_CMT_DEPOT), dose_at(10, 0, -1, 0)};
    ev[1].evid = CNSIM_EVID_RESET;
    ev[1].amt_mg = 0;
    double t[2] = {9.9, 10}, c[4];
    cnsim_pk_run *run = make_tight_run(&p, 1, CNSIM_SOLVER_CLOSED);
    assert_int_equal(cnsim_pk_run_simulate(run, ev, 2, t, 2, c, NULL), CNSIM_OK);
    assert_true(c[0] > 0);
    assert_true(c[1] == 0);
    cnsim_pk_run_free(run);
}

static void test_closed_form_refuses_michaelis_menten(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    p.vmax_mg_per_h = 1;
    p.km_ng_mL = 10;
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = CNSIM_SOLVER_CLOSED;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create(&p, 1, &o, &run), CNSIM_E_ARG);
    assert_null(run);
    o.kind = CNSIM_SOLVER_AUTO;
    assert_int_equal(cnsim_pk_run_create(&p, 1, &o, &run), CNSIM_OK);
    assert_int_equal(cnsim_pk_run_solver(run), CNSIM_SOLVER_CVODE);
    cnsim_pk_run_free(run);
}

static void test_bad_parameters_are_named(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    p.v2_L = -3;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create(&p, 1, NULL, &run), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "v2_L"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_compartment_oral_matches_bateman),
        cmocka_unit_test(test_mass_balance_holds_for_every_model),
        cmocka_unit_test(test_multiple_doses_are_the_sum_of_single_doses),
        cmocka_unit_test(test_reset_empties_the_body),
        cmocka_unit_test(test_closed_form_refuses_michaelis_menten),
        cmocka_unit_test(test_bad_parameters_are_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
