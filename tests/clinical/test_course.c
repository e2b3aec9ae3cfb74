/* tests for src/clinical/course*.c: the dose-spec parser, the symptom
 * model without drug (placebo course only), and bad bridge options. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static void test_parse_dose(void **state)
{
    (void)state;
    char name[CNSIM_NAME_MAX];
    double mg;
    int n;
    assert_int_equal(cnsim_bridge_parse_dose("clonazepam:0.5mg-bid", name, &mg, &n), CNSIM_OK);
    assert_string_equal(name, "clonazepam");
    assert_true(fabs(mg - 0.5) < 1e-12);
    assert_int_equal(n, 2);
    assert_int_equal(cnsim_bridge_parse_dose("clonazepam:1mg-qd", name, &mg, &n), CNSIM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cnsim_bridge_parse_dose("clonazepam:0.25mg-tid", name, &mg, &n), CNSIM_OK);
    assert_int_equal(n, 3);
    assert_int_equal(cnsim_bridge_parse_dose("sertraline:50mg", name, &mg, &n), CNSIM_OK);
    assert_int_equal(n, 1);
    assert_true(fabs(mg - 50) < 1e-12);
    const char *bad[] = {"clonazepam", "clonazepam:", ":1mg", "clonazepam:0.5", "clonazepam:-1mg",
                         "clonazepam:0.5mg-bd", "clonazepam:0.5mgbid", "clonazepam:xmg"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(cnsim_bridge_parse_dose(bad[i], name, &mg, &n), CNSIM_E_PARSE);
}

/* Without drug the course follows the placebo response: it falls
 * monotonically from baseline towards baseline (1 - placebo_max). */
static void test_placebo_course(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_course_params p;
    assert_int_equal(cnsim_course_params_load(reg, &p), CNSIM_OK);
    cnsim_registry_free(reg);
    enum { N = 24 * 7 * 30 + 1 };
    static double t[N], d[N], a[N];
    static cnsim_pd_state s[N];
    memset(s, 0, sizeof s);
    for (size_t i = 0; i < N; i++)
        t[i] = (double)i;
    cnsim_course_run(&p, t, s, N, d, a);
    assert_true(fabs(d[0] - p.hamd_baseline) < 1e-12);
    assert_true(fabs(a[0] - p.hama_baseline) < 1e-12);
    for (size_t i = 1; i < N; i++)
        assert_true(d[i] <= d[i - 1] + 1e-12);
    assert_true(fabs(d[N - 1] - p.hamd_baseline * (1 - p.placebo_max_frac)) < 0.1);
}

static void test_bad_options(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_bridge_result r;
    cnsim_bridge_opts o = cnsim_bridge_opts_default();
    o.weeks = 0;
    assert_int_equal(cnsim_bridge_run(reg, &o, &r), CNSIM_E_RANGE);
    o.weeks = 27;
    assert_int_equal(cnsim_bridge_run(reg, &o, &r), CNSIM_E_RANGE);
    o = cnsim_bridge_opts_default();
    strcpy(o.ssri, "nosuchdrug");
    assert_true(cnsim_status_is_input_error(cnsim_bridge_run(reg, &o, &r)));
    o = cnsim_bridge_opts_default();
    strcpy(o.ssri, "clonazepam");   /* not an SSRI */
    assert_int_equal(cnsim_bridge_run(reg, &o, &r), CNSIM_E_ARG);
    cnsim_registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_dose),
        cmocka_unit_test(test_placebo_course),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
