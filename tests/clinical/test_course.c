/* tests for src/clinical/course*.c: the dose-spec parser, the symptom
 * model without drug (placebo course only), virtual patients, and bad
 * bridge options. */
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
    /* malformed (CNSIM_E_PARSE) or out of range (a negative amount:
     * CNSIM_E_RANGE, as everywhere in cnsim/units.h): bad input either way */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cnsim_status st = cnsim_bridge_parse_dose(bad[i], name, &mg, &n);
        assert_true(st == CNSIM_E_PARSE || st == CNSIM_E_RANGE);
    }
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

/* Virtual patients: a patient depends only on (seed, index), the draws
 * stay in range, and a population run is reproducible. */
static void test_virtual_patients(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_course_params m, a, b, c;
    assert_int_equal(cnsim_course_params_load(reg, &m), CNSIM_OK);
    cnsim_registry_free(reg);
    assert_true(m.hamd_baseline_sd > 0 && m.kout_omega > 0);
    cnsim_course_patient(&m, 1, 7, &a);
    cnsim_course_patient(&m, 1, 3, &c);   /* another patient in between */
    cnsim_course_patient(&m, 1, 7, &b);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(memcmp(&a, &c, sizeof a) != 0);
    cnsim_course_patient(&m, 2, 7, &b);
    assert_true(memcmp(&a, &b, sizeof a) != 0);
    double sum = 0;
    for (size_t i = 0; i < 2000; i++) {
        cnsim_course_patient(&m, 5, i, &a);
        assert_true(a.hamd_baseline > m.remission_hamd);
        assert_true(a.placebo_max_frac > 0 && a.placebo_max_frac < 1);
        assert_true(a.ad_imax > 0 && a.ad_imax < 1 && a.anx_imax_hamd > 0 && a.anx_imax_hamd < 1);
        assert_true(a.kout_per_week > 0);
        sum += a.hamd_baseline;
    }
    assert_true(fabs(sum / 2000 - m.hamd_baseline) < 0.5);

    enum { N = 24 * 7 * 8 + 1 };
    static double t[N];
    static cnsim_pd_state s[N];
    memset(s, 0, sizeof s);
    for (size_t i = 0; i < N; i++)
        t[i] = (double)i, s[i].antidepressant = 1;
    cnsim_course_population p1, p2;
    assert_int_equal(cnsim_course_population_run(&m, 300, 42, t, s, N, &p1), CNSIM_OK);
    assert_int_equal(cnsim_course_population_run(&m, 300, 42, t, s, N, &p2), CNSIM_OK);
    assert_memory_equal(&p1, &p2, sizeof p1);
    assert_int_equal(p1.n_patients, 300);
    for (size_t k = 1; k < CNSIM_COURSE_N_REPORT_WEEKS; k++)
        assert_true(p1.responder_pct[k] >= 0 && p1.responder_pct[k] <= 100);
    assert_int_equal(cnsim_course_population_run(&m, 0, 42, t, s, N, &p1), CNSIM_E_RANGE);
    assert_int_equal(cnsim_course_population_run(&m, 10001, 42, t, s, N, &p1), CNSIM_E_RANGE);
}

/* The follow-up is exactly the weeks asked for: 2 weeks is 14 days (it was
 * stretched to the end of the taper plus two weeks), and with the taper
 * after the follow-up its peak is undefined; 52 weeks is 364 days. */
static void test_follow_up_is_the_weeks_asked_for(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_bridge_result r;
    cnsim_bridge_opts o = cnsim_bridge_opts_default();
    o.follow_weeks = 2;
    assert_int_equal(cnsim_bridge_run(reg, &o, &r), CNSIM_OK);
    assert_int_equal(r.n_days, 14);
    assert_true(isnan(r.taper_peak_withdrawal_index));
    cnsim_bridge_result_free(&r);
    o.follow_weeks = 52;
    assert_int_equal(cnsim_bridge_run(reg, &o, &r), CNSIM_OK);
    assert_int_equal(r.n_days, 364);
    assert_true(r.taper_peak_withdrawal_index > 0);
    assert_true(isfinite(r.hamd_with[364]) && isfinite(r.hamd_without[364]));
    cnsim_bridge_result_free(&r);
    cnsim_registry_free(reg);
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
    o.follow_weeks = 0.5;
    assert_int_equal(cnsim_bridge_run(reg, &o, &r), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "1 to 52"));
    o.follow_weeks = 53;
    assert_int_equal(cnsim_bridge_run(reg, &o, &r), CNSIM_E_RANGE);
    o.follow_weeks = 2.5;
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
        cmocka_unit_test(test_follow_up_is_the_weeks_asked_for),
        cmocka_unit_test(test_placebo_course),
        cmocka_unit_test(test_virtual_patients),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
