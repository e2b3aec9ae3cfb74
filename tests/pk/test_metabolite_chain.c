/* Metabolite chains (cnsim_pk_params.more): mass balance over every
 * species, the closed form against CVODE, a chain against the analytic
 * steady state, effect sites of the further metabolites, and bad chains
 * named. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pk/pk_test_util.h"

/* A chlordiazepoxide-like chain (the registry's values, written out so
 * the PK layer is tested alone): parent -> m1 -> m2 -> m3, with m3 also
 * taking a share of the parent's clearance directly (a tree). */
static cnsim_pk_params fixture_chain(int is_tree)
{
    cnsim_pk_params p = cnsim_pk_params_default();
    strcpy(p.name, "chain");
    p.n_cmt = 1;
    p.ka_per_h = 1.2;
    p.cl_L_per_h = 1.41;
    p.v1_L = 24.5;
    p.mw_g_per_mol = 299.8;
    p.has_metabolite = 1;
    strcpy(p.metabolite, "chain-m1");
    p.fm = is_tree ? 0.8 : 0.9;
    p.met_mw_g_per_mol = 285.7;
    p.met_cl_L_per_h = 1.21;
    p.met_v_L = 24.4;
    p.n_more_metabolites = 2;
    cnsim_pk_metabolite m2 = {"chain-m2", 1, 0.9, 286.7, 1.09, 70.8};
    cnsim_pk_metabolite m3 = {"chain-m3", is_tree ? 0 : 2, is_tree ? 0.1 : 0.3, 270.7, 0.61, 63};
    p.more[0] = m2;
    p.more[1] = m3;
    return p;
}

static void test_outputs_name_every_species_in_order(void **state)
{
    (void)state;
    cnsim_pk_params p[2] = {fixture_chain(0), fixture_three_cmt_met()};
    cnsim_pk_run *run = make_tight_run(p, 2, CNSIM_SOLVER_CLOSED);
    static const char *const want[] = {"chain", "fixture3", "chain-m1", "fixture3-met", "chain-m2", "chain-m3"};
    static const int species[] = {0, 0, 1, 1, 2, 3};
    assert_int_equal(cnsim_pk_run_n_outputs(run), 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(cnsim_pk_run_output_name(run, i), want[i]);
        assert_int_equal(cnsim_pk_run_output_species(run, i), species[i]);
        assert_int_equal(cnsim_pk_run_output_is_metabolite(run, i), species[i] != 0);
    }
    assert_int_equal(cnsim_pk_run_n_states(run), 2 * CNSIM_PK_STATES_PER_DRUG);
    cnsim_pk_run_free(run);
}

/* Absorbed = depot + central + every metabolite's amount over its molar
 * mass ratio + eliminated, to 1e-8 relative, with both solvers, for a
 * chain and a tree. The further metabolites' amounts come from their
 * concentrations (C V / 1000): the public amounts stay six per drug. */
static void check_mass_balance(const cnsim_pk_params *p, cnsim_solver_kind kind)
{
    cnsim_event ev[43];
    for (int i = 0; i < 42; i++)
        ev[i] = dose_at(i * 8.0, 25, 0, CNSIM_CMT_DEPOT);
    ev[42] = dose_at(30, 10, 0, CNSIM_CMT_CENTRAL);
    ev[42].rate_mg_per_h = 5;
    cnsim_pk_run *run = make_tight_run(p, 1, kind);
    size_t n_t = 300, n_out = cnsim_pk_run_n_outputs(run);
    double *t = malloc(n_t * sizeof *t), *c = malloc(n_t * n_out * sizeof *c), *a = malloc(n_t * 6 * sizeof *a);
    for (size_t i = 0; i < n_t; i++)
        t[i] = i * 2.5;
    assert_int_equal(cnsim_pk_run_simulate(run, ev, 43, t, n_t, c, a), CNSIM_OK);
    double absorbed = 0;
    for (size_t i = 0; i < n_t; i++) {
        double dosed = 0;
        for (int k = 0; k < 42; k++)
            dosed += t[i] >= k * 8.0 ? 25 * p->f : 0;
        dosed += fmin(fmax(t[i] - 30, 0) * 5, 10);
        const double *ai = a + i * 6, *ci = c + i * n_out;
        double body = ai[CNSIM_PK_S_DEPOT] + ai[CNSIM_PK_S_CENTRAL] +
                      ai[CNSIM_PK_S_METAB] * p->mw_g_per_mol / p->met_mw_g_per_mol + ai[CNSIM_PK_S_ELIM];
        for (int m = 0; m < p->n_more_metabolites; m++)
            body += ci[2 + m] * p->more[m].v_L / 1000 * p->mw_g_per_mol / p->more[m].mw_g_per_mol;
        assert_true(fabs(ci[1] * p->met_v_L / 1000 - ai[CNSIM_PK_S_METAB]) <= 1e-12 + 1e-12 * ai[CNSIM_PK_S_METAB]);
        if (fabs(body - dosed) > 1e-8 * dosed + 1e-10)
            fail_msg("%s: t %g h: in the body and eliminated %.12g mg, dosed %.12g mg", cnsim_solver_name(kind),
                     t[i], body, dosed);
        absorbed = dosed;
    }
    assert_true(absorbed > 1000);
    /* The last species accumulates: after two weeks it holds mass. */
    assert_true(c[(n_t - 1) * n_out + n_out - 1] > 1);
    free(t), free(c), free(a);
    cnsim_pk_run_free(run);
}

static void test_mass_balance_holds_over_the_chain(void **state)
{
    (void)state;
    for (int tree = 0; tree <= 1; tree++) {
        cnsim_pk_params p = fixture_chain(tree);
        check_mass_balance(&p, CNSIM_SOLVER_CLOSED);
        check_mass_balance(&p, CNSIM_SOLVER_CVODE);
    }
}

/* The two solvers, with effect sites on every species, agree to 1e-6
 * (relative to each output's peak) over three weeks of tid dosing and a
 * washout; with Michaelis-Menten elimination added, CVODE alone still
 * keeps the balance (the nonlinear flux splits into the chain too). */
static void test_closed_form_and_cvode_agree_on_a_chain(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_chain(0);
    cnsim_event ev[63];
    for (int i = 0; i < 63; i++)
        ev[i] = dose_at(i * 8.0, 25, 0, CNSIM_CMT_DEPOT);
    size_t n_t = 400;
    double *t = malloc(n_t * sizeof *t);
    for (size_t i = 0; i < n_t; i++)
        t[i] = i * 2.0;
    double *c[2], *ce[2];
    double ke0[4] = {4.16, 2.0, 1.0, 0.5};
    for (int s = 0; s < 2; s++) {
        cnsim_pk_run *run = make_tight_run(&p, 1, s == 0 ? CNSIM_SOLVER_CLOSED : CNSIM_SOLVER_CVODE);
        assert_int_equal(cnsim_pk_run_set_effect_sites(run, ke0), CNSIM_OK);
        c[s] = malloc(n_t * 4 * sizeof *c[s]);
        ce[s] = malloc(n_t * 4 * sizeof *ce[s]);
        cnsim_pk_samples smp = {.t_h = t, .n = n_t, .conc_ng_mL = c[s], .ce_ng_mL = ce[s]};
        assert_int_equal(cnsim_pk_run_sample(run, ev, 63, &smp), CNSIM_OK);
        cnsim_pk_run_free(run);
    }
    for (int k = 0; k < 4; k++) {
        double peak = 0, worst = 0;
        for (size_t i = 0; i < n_t; i++)
            peak = fmax(peak, c[0][i * 4 + k]);
        for (size_t i = 0; i < n_t; i++) {
            worst = fmax(worst, fabs(c[0][i * 4 + k] - c[1][i * 4 + k]) / peak);
            worst = fmax(worst, fabs(ce[0][i * 4 + k] - ce[1][i * 4 + k]) / peak);
        }
        print_message("species %d: peak %.1f ng/mL, worst difference %.2g of it (cvode end %g, closed end %g)\n", k, peak, worst, c[1][(n_t - 1) * 4 + k], c[0][(n_t - 1) * 4 + k]);
        assert_true(peak > 100);
        assert_true(worst < 1e-6);
    }
    /* The effect site of the last species lags its plasma level (ke0
     * 0.5/h) but follows it: near equal at the end of the washout. */
    size_t last = (n_t - 1) * 4 + 3;
    assert_true(fabs(ce[0][last] - c[0][last]) < 0.05 * c[0][last]);
    for (int s = 0; s < 2; s++)
        free(c[s]), free(ce[s]);
    free(t);

    p.vmax_mg_per_h = 2;
    p.km_ng_mL = 500;
    check_mass_balance(&p, CNSIM_SOLVER_CVODE);
}

/* At steady state each species' average is its formation over its
 * clearance: Css,n = F D/tau prod(fm) (MWn/MWp) / CLn (Gibaldi & Perrier
 * ch. 4), the trough from the exact steady state matched by the AUC over
 * one interval after many doses. */
static void test_chain_average_at_steady_state_is_formation_over_clearance(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_chain(0);
    size_t n_dose = 180;   /* 60 days tid: five half-lives of the slowest (72 h) three times over */
    cnsim_event *ev = malloc(n_dose * sizeof *ev);
    for (size_t i = 0; i < n_dose; i++)
        ev[i] = dose_at(i * 8.0, 25, 0, CNSIM_CMT_DEPOT);
    cnsim_pk_run *run = make_tight_run(&p, 1, CNSIM_SOLVER_CLOSED);
    size_t n_t = 801;
    double t0 = (n_dose - 1) * 8.0, *t = malloc(n_t * sizeof *t), *c = malloc(n_t * 4 * sizeof *c);
    for (size_t i = 0; i < n_t; i++)
        t[i] = t0 + 8.0 * (double)i / (double)(n_t - 1);
    assert_int_equal(cnsim_pk_run_simulate(run, ev, n_dose, t, n_t, c, NULL), CNSIM_OK);
    double rate = 25 / 8.0;
    double want[4] = {rate / p.cl_L_per_h, rate * p.fm * p.met_mw_g_per_mol / p.mw_g_per_mol / p.met_cl_L_per_h,
                      rate * p.fm * 0.9 * 286.7 / p.mw_g_per_mol / 1.09,
                      rate * p.fm * 0.9 * 0.3 * 270.7 / p.mw_g_per_mol / 0.61};
    for (int k = 0; k < 4; k++) {
        double auc = 0;
        for (size_t i = 1; i < n_t; i++)
            auc += 0.5 * (c[(i - 1) * 4 + k] + c[i * 4 + k]) * (t[i] - t[i - 1]);
        double avg = auc / 8.0 / 1000;   /* mg/L */
        print_message("species %d: Cavg %.4f mg/L, formation/clearance %.4f\n", k, avg, want[k]);
        assert_true(fabs(avg - want[k]) <= 2e-3 * want[k]);
    }
    free(t), free(c), free(ev);
    cnsim_pk_run_free(run);
}

static void test_bad_chains_are_named(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_chain(0);
    p.more[1].from = 3;   /* itself */
    assert_int_equal(cnsim_pk_params_check(&p), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "more[1].from"));
    p = fixture_chain(0);
    p.more[0].cl_L_per_h = 0;
    assert_int_equal(cnsim_pk_params_check(&p), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "more[0].cl_L_per_h"));
    p = fixture_chain(1);
    p.more[1].fm = 0.3;   /* 0.8 + 0.3 of the parent's clearance */
    assert_int_equal(cnsim_pk_params_check(&p), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "formed from the parent"));
    p = fixture_chain(0);
    p.has_metabolite = 0;
    assert_int_equal(cnsim_pk_params_check(&p), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "n_more_metabolites"));
    p = fixture_chain(0);
    p.n_more_metabolites = CNSIM_PK_MAX_METABOLITES;
    assert_int_equal(cnsim_pk_params_check(&p), CNSIM_E_RANGE);
    /* A run keeps its structure: another chain is refused by set_params. */
    p = fixture_chain(0);
    cnsim_pk_run *run = make_tight_run(&p, 1, CNSIM_SOLVER_CLOSED);
    cnsim_pk_params q = fixture_chain(1);
    assert_int_equal(cnsim_pk_run_set_params(run, 0, &q), CNSIM_E_ARG);
    q = fixture_chain(0);
    q.more[0].cl_L_per_h = 2;
    assert_int_equal(cnsim_pk_run_set_params(run, 0, &q), CNSIM_OK);
    cnsim_pk_run_free(run);
}

/* The terminal half-life of a metabolite is the slowest on its way from
 * the parent. */
static void test_terminal_half_life_follows_the_chain(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_chain(0);
    double l2 = log(2.0);
    assert_true(fabs(cnsim_pk_terminal_half_life_h(&p, 0) - l2 * 24.5 / 1.41) < 1e-9);
    assert_true(fabs(cnsim_pk_terminal_half_life_h(&p, 1) - l2 * 24.4 / 1.21) < 1e-9);   /* slower than the parent */
    assert_true(fabs(cnsim_pk_terminal_half_life_h(&p, 2) - l2 * 70.8 / 1.09) < 1e-9);
    assert_true(fabs(cnsim_pk_terminal_half_life_h(&p, 3) - l2 * 63 / 0.61) < 1e-9);
    double r[CNSIM_PK_MAX_RATES];
    assert_int_equal(cnsim_pk_rates(&p, r), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outputs_name_every_species_in_order),
        cmocka_unit_test(test_mass_balance_holds_over_the_chain),
        cmocka_unit_test(test_closed_form_and_cvode_agree_on_a_chain),
        cmocka_unit_test(test_chain_average_at_steady_state_is_formation_over_clearance),
        cmocka_unit_test(test_bad_chains_are_named),
        cmocka_unit_test(test_terminal_half_life_follows_the_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
