/* tests for src/population/validate.c: a check passes or fails on its
 * stated tolerance (a deliberately wrong published value fails), the
 * ddi_auc_ratio kind is the victim's AUC over its last dosing interval
 * with the perpetrator over the same without it, computed independently
 * here through the model/run API, and bad checks say why. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

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

static cnsim_validate_check nca_check(double published, double tol, int is_relative)
{
    cnsim_validate_check c;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "sertraline: terminal half-life (test)");
    snprintf(c.kind, sizeof c.kind, "nca");
    snprintf(c.drug, sizeof c.drug, "sertraline");
    snprintf(c.species, sizeof c.species, "sertraline");
    snprintf(c.regimen, sizeof c.regimen, "50 mg qd for 28 d");
    snprintf(c.metric, sizeof c.metric, "t_half_h");
    snprintf(c.units, sizeof c.units, "h");
    snprintf(c.source, sizeof c.source, "zoloft-label");
    c.published = published, c.tolerance = tol, c.is_relative = is_relative, c.window_h = NAN;
    return c;
}

static void test_a_check_passes_within_its_tolerance_and_fails_outside(void **state)
{
    (void)state;
    cnsim_validate_result r;
    cnsim_validate_check c = nca_check(26, 0.25, 1);
    assert_int_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_OK);
    assert_true(r.pass);
    assert_true(fabs(r.lo - 19.5) < 1e-12 && fabs(r.hi - 32.5) < 1e-12);
    assert_non_null(strstr(r.citation, "ZOLOFT"));
    double sim = r.simulated;
    /* The same simulation against a wrong published value (three times the
     * label's) fails, and so does a tolerance just short of the distance. */
    c = nca_check(78, 0.25, 1);
    assert_int_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_OK);
    assert_false(r.pass);
    assert_true(r.simulated == sim);
    c = nca_check(26, 0.999 * fabs(sim - 26), 0);
    assert_int_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_OK);
    assert_false(r.pass);
    c = nca_check(26, 1.001 * fabs(sim - 26), 0);
    assert_int_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_OK);
    assert_true(r.pass);
}

/* AUC over the last dosing interval of drug 0 of a model of `drugs`. */
static double auc_tau(const char *const *drugs, const char *const *regimens, size_t n)
{
    cnsim_model_drug md[2] = {{drugs[0], NULL, NULL}, {n > 1 ? drugs[1] : NULL, NULL, NULL}};
    cnsim_model *m;
    cnsim_run *r;
    assert_int_equal(cnsim_model_create(reg, md, n, NULL, &m), CNSIM_OK);
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    for (size_t d = 0; d < n; d++)
        assert_int_equal(cnsim_run_set_regimen(r, d, regimens[d]), CNSIM_OK);
    double t0 = 0;
    assert_int_equal(cnsim_run_set_times(r, &t0, 1), CNSIM_OK);
    assert_int_equal(cnsim_run_set_outputs(r, CNSIM_RUN_SUMMARY), CNSIM_OK);
    assert_int_equal(cnsim_run_simulate(r), CNSIM_OK);
    cnsim_pk_summary s;
    assert_int_equal(cnsim_run_summary(r, 0, &s), CNSIM_OK);
    cnsim_run_free(r);
    cnsim_model_free(m);
    return s.auc_tau_ng_h_mL;
}

static void test_ddi_auc_ratio_is_the_victims_auc_with_over_without_the_perpetrator(void **state)
{
    (void)state;
    const char *drugs[2] = {"alprazolam", "fluvoxamine"};
    const char *regs[2] = {"0.5 mg tid for 10 d", "50 mg bid for 10 d"};
    double expected = auc_tau(drugs, regs, 2) / auc_tau(drugs, regs, 1);
    cnsim_validate_check c;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "alprazolam with fluvoxamine: AUC ratio (test)");
    snprintf(c.kind, sizeof c.kind, "ddi_auc_ratio");
    snprintf(c.drug, sizeof c.drug, "%s", drugs[0]);
    snprintf(c.regimen, sizeof c.regimen, "%s", regs[0]);
    snprintf(c.drug2, sizeof c.drug2, "%s", drugs[1]);
    snprintf(c.regimen2, sizeof c.regimen2, "%s", regs[1]);
    snprintf(c.metric, sizeof c.metric, "auc_ratio");
    snprintf(c.units, sizeof c.units, "ratio");
    snprintf(c.source, sizeof c.source, "xanax-label");
    c.published = expected, c.tolerance = 1e-6, c.is_relative = 1, c.window_h = NAN;
    cnsim_validate_result r;
    assert_int_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_OK);
    print_message("alprazolam AUC ratio with fluvoxamine: %.6f (expected %.6f)\n", r.simulated, expected);
    /* The two solvers (CVODE with the perpetrator, closed form alone) agree
     * to 1e-6 (tests/pk). */
    assert_true(fabs(r.simulated - expected) <= 1e-6 * expected);
    assert_true(r.pass);
    c.published = 2 * expected;
    assert_int_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_OK);
    assert_false(r.pass);
    /* Without a perpetrator the check cannot be computed. */
    c.drug2[0] = 0;
    assert_int_not_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_OK);
    assert_false(r.pass);
    assert_true(isnan(r.simulated));
    assert_non_null(strstr(r.error, "drug2"));
}

static void test_bad_checks_say_why(void **state)
{
    (void)state;
    cnsim_validate_result r;
    cnsim_validate_check c = nca_check(26, 0.25, 1);
    snprintf(c.kind, sizeof c.kind, "astrology");
    assert_int_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_E_ARG);
    assert_non_null(strstr(r.error, "astrology"));
    c = nca_check(26, 0.25, 1);
    snprintf(c.metric, sizeof c.metric, "colour");
    assert_int_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_E_ARG);
    assert_false(r.pass);
    c = nca_check(26, 0.25, 1);
    snprintf(c.drug, sizeof c.drug, "sertralinne");
    assert_int_not_equal(cnsim_validate_check_run(reg, &c, NULL, &r), CNSIM_OK);
    assert_false(r.pass);
}

static void test_the_registry_checks_load_and_filter(void **state)
{
    (void)state;
    cnsim_validate_check *c;
    size_t n;
    assert_int_equal(cnsim_validate_load(reg, &c, &n), CNSIM_OK);
    assert_true(n >= 60);
    size_t n_par = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(*c[i].source);
        n_par += cnsim_validate_matches(&c[i], "PAROX*");
    }
    assert_true(n_par >= 5);
    cnsim_free(c);
    cnsim_validate_opts o = cnsim_validate_opts_default();
    o.only = "escitalopram";
    cnsim_validate_report rep;
    assert_int_equal(cnsim_validate_run(reg, &o, &rep), CNSIM_OK);
    assert_int_equal(rep.n, 4);
    assert_int_equal(rep.n_pass, 4);
    cnsim_validate_report_free(&rep);
    o.only = "no such check";
    assert_int_equal(cnsim_validate_run(reg, &o, &rep), CNSIM_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_check_passes_within_its_tolerance_and_fails_outside),
        cmocka_unit_test(test_ddi_auc_ratio_is_the_victims_auc_with_over_without_the_perpetrator),
        cmocka_unit_test(test_bad_checks_say_why),
        cmocka_unit_test(test_the_registry_checks_load_and_filter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
