/* Validation: metabolic interactions simulated through the model/run API
 * (both drugs in one coupled model, data/72_enzyme_kinetics.sql) against
 * the published clinical studies. The victim's AUC is integrated
 * (trapezoid on a 0.1 h grid) from its dose to the end of the run, with and
 * without the perpetrator, in the design of each study. Tolerances:
 * calibration points (the study a constant was fitted on) 15%; studies
 * not used in fitting 30% (the scatter between interaction studies of the
 * same pair is about that much). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "cnsim/cnsim.h"
#include "regimen/regimen_test_util.h"

static cnsim_registry *reg;

static int setup(void **state)
{
    (void)state;
    return cnsim_registry_open(NULL, &reg) == CNSIM_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cnsim_registry_free(reg);
    return 0;
}

/* AUC (ng h/mL) of drug 0's own concentration from t_from to until_h;
 * perp NULL: the victim alone. */
static double auc(const char *victim, const char *vreg, const char *perp, const char *preg, double t_from,
                  double until_h)
{
    cnsim_model_drug d[2] = {{.name = victim}, {.name = perp}};
    cnsim_model *m = NULL;
    cnsim_run *r = NULL;
    if (cnsim_model_create(reg, d, perp ? 2 : 1, NULL, &m) != CNSIM_OK ||
        cnsim_run_create(m, &r) != CNSIM_OK || cnsim_run_set_regimen(r, 0, vreg) != CNSIM_OK ||
        (perp && cnsim_run_set_regimen(r, 1, preg) != CNSIM_OK) || cnsim_run_set_grid(r, until_h, 0.1) != CNSIM_OK ||
        cnsim_run_set_outputs(r, 0) != CNSIM_OK || cnsim_run_simulate(r) != CNSIM_OK) {
        fprintf(stderr, "%s + %s: %s\n", victim, perp ? perp : "-", cnsim_last_error());
        fail();
    }
    size_t n = cnsim_run_n_times(r), ns = cnsim_model_n_species(m);
    const double *t = cnsim_run_times(r), *c = cnsim_run_conc(r);
    double a = 0;
    for (size_t i = 1; i < n; i++)
        if (t[i - 1] >= t_from - 1e-9)
            a += 0.5 * (c[(i - 1) * ns] + c[i * ns]) * (t[i] - t[i - 1]);
    cnsim_run_free(r);
    cnsim_model_free(m);
    return a;
}

static void check_ratio(const char *what, double ratio, double published, double tol, const char *source)
{
    printf("%-58s simulated %.2f  published %.2f  (+/-%.0f%%, %s)\n", what, ratio, published, 100 * tol, source);
    assert_true(fabs(ratio / published - 1) <= tol);
}

/* A single victim dose `day` days after the perpetrator's first dose
 * (with its dose of that day, as the studies gave them), followed for
 * `follow_h`. */
static double single_dose_ratio(const char *victim, const char *dose, double day, const char *perp,
                                const char *preg, double follow_h)
{
    char vreg[96];
    double t0 = first_dose_h(preg) + day * 24, until = t0 + follow_h;
    snprintf(vreg, sizeof vreg, "%s once start %.10g h", dose, t0);
    return auc(victim, vreg, perp, preg, t0, until) / auc(victim, vreg, NULL, NULL, t0, until);
}

static void test_calibration_points(void **state)
{
    (void)state;
    check_ratio("alprazolam 1 mg + ketoconazole 200 mg bid",
                single_dose_ratio("alprazolam", "1 mg", 3, "ketoconazole", "200 mg bid for 14 d", 240), 3.98, 0.15,
                "Greenblatt 1998");
    check_ratio("alprazolam 0.8 mg + itraconazole 200 mg qd (day 4)",
                single_dose_ratio("alprazolam", "0.8 mg", 3, "itraconazole", "200 mg qd for 14 d", 240), 2.7, 0.15,
                "Yasui 1998");
    check_ratio("alprazolam 0.8 mg + carbamazepine 300 mg/day (day 10)",
                single_dose_ratio("alprazolam", "0.8 mg", 9, "carbamazepine", "150 mg bid for 20 d", 200), 0.45, 0.15,
                "Furukori 1998");
    check_ratio("diazepam 10 mg + fluvoxamine 150 mg/day (CL -65%)",
                single_dose_ratio("diazepam", "10 mg", 10, "fluvoxamine", "150 mg qd for 40 d", 600), 1 / 0.35, 0.15,
                "Luvox label");
}

static void test_independent_studies(void **state)
{
    (void)state;
    /* Not used in fitting: the constants come from other studies. */
    check_ratio("oxycodone 10 mg + itraconazole 200 mg qd (day 4)",
                single_dose_ratio("oxycodone", "10 mg", 3, "itraconazole", "200 mg qd for 10 d", 48), 2.4, 0.30,
                "Saari 2010");
    check_ratio("oxycodone 10 mg + clarithromycin 500 mg bid (day 4)",
                single_dose_ratio("oxycodone", "10 mg", 3, "clarithromycin", "500 mg bid for 10 d", 48), 2.0, 0.30,
                "Liukas 2011 (in vitro KI, kinact)");
}

/* The acceptance: alprazolam 0.5 mg tid with fluvoxamine 100 mg
 * qd for 14 days: AUC over the last day about twice alprazolam alone
 * (Luvox label: "approximately twice"). */
static void test_fluvoxamine_doubles_alprazolam_at_steady_state(void **state)
{
    (void)state;
    double with = auc("alprazolam", "0.5 mg tid for 14 d", "fluvoxamine", "100 mg qd for 14 d", 13 * 24, 14 * 24);
    double alone = auc("alprazolam", "0.5 mg tid for 14 d", NULL, NULL, 13 * 24, 14 * 24);
    check_ratio("alprazolam 0.5 mg tid + fluvoxamine 100 mg qd, day 14", with / alone, 2.0, 0.15, "Luvox label");
}

/* Carbamazepine starts uninduced (single-dose t1/2 25-65 h, label) and
 * induces its own clearance over weeks: after 4 weeks of 400 mg bid its
 * terminal half-life after the last dose is 12-17 h (label). */
static void test_carbamazepine_autoinduction(void **state)
{
    (void)state;
    cnsim_model_drug d = {.name = "carbamazepine"};
    cnsim_model *m;
    cnsim_run *r;
    assert_int_equal(cnsim_model_create(reg, &d, 1, NULL, &m), CNSIM_OK);
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    /* The last dose is at 20:00 of day 28 (bid at 08:00 and 20:00). */
    cnsim_regimen_info info;
    assert_int_equal(cnsim_regimen_describe("400 mg bid for 28 d", &info), CNSIM_OK);
    double last = info.last_dose_h;
    assert_true(last == 27 * 24 + 20);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "400 mg bid for 28 d"), CNSIM_OK);
    assert_int_equal(cnsim_run_set_grid(r, last + 36, 1), CNSIM_OK);
    assert_int_equal(cnsim_run_set_outputs(r, 0), CNSIM_OK);
    assert_int_equal(cnsim_run_simulate(r), CNSIM_OK);
    const double *t = cnsim_run_times(r), *c = cnsim_run_conc(r);
    size_t n = cnsim_run_n_times(r), i1 = 0, i2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] <= last + 12 + 1e-9)
            i1 = i;   /* 12 h after the last dose */
        if (t[i] <= last + 36 + 1e-9)
            i2 = i;
    }
    double th = (t[i2] - t[i1]) * log(2) / log(c[i1] / c[i2]);
    printf("carbamazepine t1/2 after 4 weeks of 800 mg/day: %.1f h (label 12-17 h)\n", th);
    assert_true(th >= 12 && th <= 17);
    /* Average level in the therapeutic range (4-12 ug/mL, label), over
     * the day before the last dose. */
    double a = 0;
    for (size_t i = 1; i < n; i++)
        if (t[i - 1] >= last - 24 - 1e-9 && t[i] <= last + 1e-9)
            a += 0.5 * (c[i - 1] + c[i]) * (t[i] - t[i - 1]);
    printf("carbamazepine average on day 27: %.2f ug/mL\n", a / 24 / 1000);
    assert_true(a / 24 / 1000 >= 4 && a / 24 / 1000 <= 12);
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* Interactions off: each drug keeps its own enzymes, so carbamazepine
 * still induces its own clearance, but alprazolam beside it is as alone. */
static double auc_opts(const char *a, const char *ra, const char *b, const char *rb, int off, size_t species)
{
    cnsim_model_drug d[2] = {{.name = a}, {.name = b}};
    cnsim_model_opts o = cnsim_model_opts_default();
    o.interactions_off = off;
    cnsim_model *m;
    cnsim_run *r;
    cnsim_pk_summary s;
    assert_int_equal(cnsim_model_create(reg, d, 2, &o, &m), CNSIM_OK);
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, ra), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 1, rb), CNSIM_OK);
    assert_int_equal(cnsim_run_set_outputs(r, CNSIM_RUN_SUMMARY), CNSIM_OK);
    assert_int_equal(cnsim_run_simulate(r), CNSIM_OK);
    assert_int_equal(cnsim_run_summary(r, species, &s), CNSIM_OK);
    cnsim_run_free(r);
    cnsim_model_free(m);
    return s.auc_tau_ng_h_mL;
}

static void test_interactions_off_keeps_autoinduction(void **state)
{
    (void)state;
    const char *cbz = "400 mg bid for 28 d", *alp = "0.5 mg tid for 28 d";
    double cbz_on = auc_opts("carbamazepine", cbz, "alprazolam", alp, 0, 0);
    double cbz_off = auc_opts("carbamazepine", cbz, "alprazolam", alp, 1, 0);
    double alp_on = auc_opts("carbamazepine", cbz, "alprazolam", alp, 0, 1);
    double alp_off = auc_opts("carbamazepine", cbz, "alprazolam", alp, 1, 1);
    double alp_alone = auc("alprazolam", alp, NULL, NULL, 27 * 24, 28 * 24);
    printf("carbamazepine AUC on %.0f off %.0f; alprazolam on %.1f off %.1f alone %.1f (last day)\n", cbz_on,
           cbz_off, alp_on, alp_off, alp_alone);
    assert_true(fabs(cbz_on / cbz_off - 1) < 1e-6);           /* its own induction either way */
    assert_true(alp_on < 0.6 * alp_off);                        /* induced by it only when on */
    assert_true(fabs(3 * alp_off / alp_alone - 1) < 0.02);      /* tau 8 h vs a 24 h window */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calibration_points),
        cmocka_unit_test(test_independent_studies),
        cmocka_unit_test(test_fluvoxamine_doubles_alprazolam_at_steady_state),
        cmocka_unit_test(test_carbamazepine_autoinduction),
        cmocka_unit_test(test_interactions_off_keeps_autoinduction),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
