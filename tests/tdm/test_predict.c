/* tests for src/tdm/predict.c and the target/error parsers: the band of
 * the individual prediction holds the truth and narrows with levels, a
 * steady-state outcome against its closed form, the recommendation of a
 * subject with half the typical clearance puts its trough in range (and
 * keeps a regimen already in range), the current regimen of a history,
 * and the texts of --target and --error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/cnsim.h"

/* One compartment, oral, linear: CL 3.5 L/h, V 200 L, ka 2/h, F 0.9. */
static cnsim_tdm_prior prior(void)
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

/* dose mg every 12 h at 08:00 and 20:00 for 10 days */
static void history(double dose, cnsim_event_list *out)
{
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    int d;
    assert_int_equal(cnsim_event_list_drug(&raw, "testdrug", &d), CNSIM_OK);
    cnsim_event e = cnsim_event_default();
    e.id = 1, e.drug = d, e.amt_mg = dose, e.ii_h = 12, e.addl = 19, e.time_h = 8;
    assert_int_equal(cnsim_event_list_push(&raw, &e), CNSIM_OK);
    assert_int_equal(cnsim_events_expand(&raw, out), CNSIM_OK);
    cnsim_event_list_free(&raw);
}

/* troughs of the subject at eta (exact) */
static void troughs(const cnsim_tdm_prior *pr, const cnsim_event_list *ev, const double *eta, const double *t, size_t n,
                    cnsim_tdm_level *lv)
{
    cnsim_pk_params p;
    assert_int_equal(cnsim_tdm_individual(pr, eta, &p), CNSIM_OK);
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create(&p, 1, NULL, &run), CNSIM_OK);
    double c[8];
    assert_int_equal(cnsim_pk_run_simulate(run, ev->ev, ev->n, t, n, c, NULL), CNSIM_OK);
    for (size_t j = 0; j < n; j++)
        lv[j] = (cnsim_tdm_level){.time_h = t[j], .value_ng_mL = c[j]};
    cnsim_pk_run_free(run);
}

static void test_band_holds_the_truth_and_the_recommendation_reaches_the_range(void **state)
{
    (void)state;
    cnsim_tdm_prior pr = prior();
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    history(1, &ev);
    double eta_true[2] = {log(0.5), 0}, t[3] = {151.99, 175.99, 247.99};
    cnsim_tdm_level lv[3];
    troughs(&pr, &ev, eta_true, t, 3, lv);
    cnsim_tdm_fit fit;
    assert_int_equal(cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 3, &fit), CNSIM_OK);
    assert_true(fabs(fit.param[0] / 1.75 - 1) < 0.25);
    cnsim_tdm_draws d;
    assert_int_equal(cnsim_tdm_draw(&pr, ev.ev, ev.n, lv, 3, &fit, CNSIM_TDM_LAPLACE, 1000, 3, &d), CNSIM_OK);
    /* the band at the level times holds the true concentration */
    cnsim_tdm_band b;
    assert_int_equal(cnsim_tdm_predict(&pr, ev.ev, ev.n, &fit, &d, t, 3, &b), CNSIM_OK);
    assert_int_equal(b.n_out, 1);
    for (size_t j = 0; j < 3; j++) {
        assert_true(b.lo[j] <= lv[j].value_ng_mL && lv[j].value_ng_mL <= b.hi[j]);
        assert_true(b.lo[j] <= b.ipred[j] && b.ipred[j] <= b.hi[j]);
        assert_true(b.pred[j] < b.ipred[j]);   /* half the clearance: higher than typical */
    }
    cnsim_tdm_band_free(&b);
    /* steady state at the mode against the closed form of a one-compartment oral trough */
    cnsim_tdm_regimen r = {.n_per_day = 2, .admin_mg = {1, 1}, .clock_h = {8, 20}, .daily_mg = 2};
    snprintf(r.text, sizeof r.text, "1 mg bid");
    cnsim_tdm_target tg;
    assert_int_equal(cnsim_tdm_parse_target("trough 10-40 ng/mL", "--target", &tg), CNSIM_OK);
    cnsim_tdm_outcome o;
    assert_int_equal(cnsim_tdm_evaluate(&pr, &fit, &d, &tg, NULL, &r, &o), CNSIM_OK);
    cnsim_pk_params p;
    assert_int_equal(cnsim_tdm_individual(&pr, fit.eta, &p), CNSIM_OK);
    double k = p.cl_L_per_h / p.v1_L, ka = p.ka_per_h, tau = 12;
    double exact = 1000 * p.f * 1 * ka / (p.v1_L * (ka - k)) *
                   (exp(-k * tau) / (1 - exp(-k * tau)) - exp(-ka * tau) / (1 - exp(-ka * tau)));
    assert_true(fabs(o.at_mode / exact - 1) < 1e-6);
    assert_true(o.lo <= o.median && o.median <= o.hi && o.evaluated);
    /* candidates 0.25 .. 4 mg bid: the recommendation's trough is in range */
    cnsim_tdm_regimen cand[16];
    for (int i = 0; i < 16; i++) {
        cand[i] = r;
        cand[i].admin_mg[0] = cand[i].admin_mg[1] = 0.25 * (i + 1);
        cand[i].daily_mg = 0.5 * (i + 1);
    }
    cnsim_tdm_outcome out[16];
    size_t best;
    assert_int_equal(cnsim_tdm_recommend(&pr, &fit, &d, &tg, NULL, cand, 16, NULL, &best, out, NULL), CNSIM_OK);
    assert_true(out[best].evaluated && out[best].median >= 10 && out[best].median <= 40);
    assert_true(out[best].probability_in_target >= 0.9);
    /* the regimen taken, when among the most likely, is kept */
    size_t keep_best;
    for (int i = 0; i < 16; i++)
        if (out[i].evaluated && out[i].probability_in_target >= out[best].probability_in_target - 0.02 && i != (int)best) {
            assert_int_equal(cnsim_tdm_recommend(&pr, &fit, &d, &tg, NULL, cand, 16, &cand[i], &keep_best, NULL, NULL), CNSIM_OK);
            assert_int_equal(keep_best, (size_t)i);
            break;
        }
    /* the current regimen of the history */
    cnsim_tdm_regimen cur;
    assert_int_equal(cnsim_tdm_current_regimen(ev.ev, ev.n, &cur), CNSIM_OK);
    assert_int_equal(cur.n_per_day, 2);
    assert_true(cur.clock_h[0] == 8 && cur.clock_h[1] == 20 && cur.daily_mg == 2);
    assert_string_equal(cur.text, "1 mg bid");
    cnsim_tdm_draws_free(&d);
    cnsim_event_list_free(&ev);
}

static void test_targets_and_errors_as_text(void **state)
{
    (void)state;
    cnsim_tdm_target t;
    assert_int_equal(cnsim_tdm_parse_target("trough 20-70 ng/mL", "--target", &t), CNSIM_OK);
    assert_true(t.kind == CNSIM_TDM_TARGET_TROUGH && t.lo == 20 && t.hi == 70 && !t.species[0]);
    assert_int_equal(cnsim_tdm_parse_target("trough fluoxetine+norfluoxetine 0.12-0.5 mg/L", "--target", &t), CNSIM_OK);
    assert_true(fabs(t.lo - 120) < 1e-9 && fabs(t.hi - 500) < 1e-9);
    assert_string_equal(t.species, "fluoxetine+norfluoxetine");
    assert_int_equal(cnsim_tdm_parse_target("occupancy 20-30%", "--target", &t), CNSIM_OK);
    assert_true(t.kind == CNSIM_TDM_TARGET_OCCUPANCY && fabs(t.lo - 0.2) < 1e-12 && fabs(t.hi - 0.3) < 1e-12);
    static const struct { const char *text, *says; } bad[] = {
        {"peak 20-70", "not a target kind"}, {"trough 70-20", "expected 0 < LO < HI"}, {"trough 20", "no '-'"},
        {"occupancy 20-130%", "0 <= LO < HI <= 1"}, {"trough 20-70 mmol/L", "not a concentration unit"},
        {"trough cl@z 1-2", "not a species name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cnsim_status st = cnsim_tdm_parse_target(bad[i].text, "--target", &t);
        if (st == CNSIM_OK || !strstr(cnsim_last_error(), bad[i].says) || strncmp(cnsim_last_error(), "--target: ", 10))
            fail_msg("'%s': %d '%s'; expected '%s'", bad[i].text, st, cnsim_last_error(), bad[i].says);
    }
    double p, a;
    assert_int_equal(cnsim_tdm_parse_error("prop 10% add 0.5 ng/mL", "--error", &p, &a), CNSIM_OK);
    assert_true(fabs(p - 0.1) < 1e-12 && a == 0.5);
    assert_int_equal(cnsim_tdm_parse_error("add 0.001 mg/L", "--error", &p, &a), CNSIM_OK);
    assert_true(isnan(p) && fabs(a - 1) < 1e-12);
    assert_int_not_equal(cnsim_tdm_parse_error("prop -1", "--error", &p, &a), CNSIM_OK);
    assert_int_not_equal(cnsim_tdm_parse_error("prop 0.1 prop 0.2", "--error", &p, &a), CNSIM_OK);
    assert_non_null(strstr(cnsim_last_error(), "given twice"));
    assert_int_not_equal(cnsim_tdm_parse_error("mult 0.1", "--error", &p, &a), CNSIM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_band_holds_the_truth_and_the_recommendation_reaches_the_range),
        cmocka_unit_test(test_targets_and_errors_as_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
