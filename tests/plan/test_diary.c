/* tests for src/plan/diary.c: the diary reader (dates, columns, the line
 * and field of every refusal), calendar arithmetic, and the planner's
 * decisions through the registry: reduce on low scores, hold when they
 * rise after a cut, increase when they are severe. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/cnsim.h"

static void test_reads_a_diary(void **state)
{
    (void)state;
    const char *t = "Date,Daily_Dose_mg,CIWA_B,notes\n2027-01-04,2,6,start\n\n2027-02-28,1.5,,x\n2027-03-01,1.5,9,\n";
    cnsim_diary d;
    assert_int_equal(cnsim_diary_read_mem(t, strlen(t), "d.csv", &d), CNSIM_OK);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.scale, "ciwa_b");
    assert_int_equal(d.e[1].day, 55);
    assert_int_equal(d.e[2].day, 56);
    assert_true(isnan(d.e[1].score) && d.e[2].score == 9 && isnan(d.e[0].trough_ng_mL));
    assert_int_equal(d.e[2].line, 5);
    cnsim_diary_free(&d);
    char out[11];
    assert_int_equal(cnsim_date_add("2024-02-28", 1, out), CNSIM_OK);
    assert_string_equal(out, "2024-02-29");
    assert_int_equal(cnsim_date_add("2023-12-31", 366, out), CNSIM_OK);
    assert_string_equal(out, "2024-12-31");
    assert_int_equal(cnsim_date_add("2100-03-01", -1, out), CNSIM_OK);
    assert_string_equal(out, "2100-02-28");
    assert_int_not_equal(cnsim_date_add("2023-02-29", 1, out), CNSIM_OK);
}

static void test_refusals_name_the_line_and_the_field(void **state)
{
    (void)state;
    static const struct { const char *text, *says; } bad[] = {
        {"date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-13-01,2,6\n", "line 3: field date '2027-13-01'"},
        {"date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-01-05,-1,6\n", "line 3: field daily_dose_mg -1"},
        {"date,daily_dose_mg,bwsq\n2027-01-04,2,6\n2027-01-05,1,41\n", "line 3: field bwsq 41"},
        {"date,daily_dose_mg,ciwa_b\n2027-01-04,2,x\n2027-01-05,1,4\n", "line 2: field ciwa_b 'x'"},
        {"date,ciwa_b\n2027-01-04,2\n2027-01-05,1\n", "line 1: no daily_dose_mg column"},
        {"date,daily_dose_mg,ciwa_b,date\n", "line 1: column date appears twice"},
        {"date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-01-04,2,6\n", "line 3: field date 2027-01-04 is not after"},
        {"date,daily_dose_mg,ciwa_b\n\"2027-01-04,2,6\n", "malformed CSV"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cnsim_diary d;
        cnsim_status st = cnsim_diary_read_mem(bad[i].text, strlen(bad[i].text), "diary", &d);
        if (st == CNSIM_OK || !strstr(cnsim_last_error(), bad[i].says))
            fail_msg("case %zu: %d '%s'; expected '%s'", i, st, cnsim_last_error(), bad[i].says);
        assert_null(d.e);
    }
}

static cnsim_step_action plan(cnsim_registry *reg, const char *text, double *dose)
{
    cnsim_diary d;
    assert_int_equal(cnsim_diary_read_mem(text, strlen(text), "diary", &d), CNSIM_OK);
    cnsim_diary_opts o = cnsim_diary_opts_default();
    o.drug = "clonazepam";
    o.n_draws = 100;
    cnsim_diary_result r;
    if (cnsim_diary_plan(reg, &d, &o, &r) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    cnsim_step_action a = r.action;
    *dose = r.daily_dose_mg;
    assert_true(r.reason[0] && strlen(r.from_date) == 10 && r.n_options >= 2);
    cnsim_diary_result_free(&r);
    cnsim_diary_free(&d);
    return a;
}

static void test_decisions(void **state)
{
    cnsim_registry *reg = *state;
    double dose;
    assert_int_equal(plan(reg, "date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-01-18,1.75,6\n2027-02-01,1.5,7\n", &dose),
                     CNSIM_STEP_REDUCE);
    assert_true(dose < 1.5 && dose > 0);
    assert_int_equal(plan(reg, "date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-01-18,1.5,12\n2027-02-01,1.5,17\n", &dose),
                     CNSIM_STEP_HOLD);
    assert_true(dose == 1.5);
    assert_int_equal(plan(reg, "date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-01-18,1.5,8\n2027-02-01,1,45\n", &dose),
                     CNSIM_STEP_INCREASE);
    assert_true(dose == 1.5);
}

static int setup(void **state)
{
    cnsim_registry *reg;
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK)
        return -1;
    *state = reg;
    return 0;
}

static int teardown(void **state)
{
    cnsim_registry_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_a_diary),
        cmocka_unit_test(test_refusals_name_the_line_and_the_field),
        cmocka_unit_test_setup_teardown(test_decisions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
