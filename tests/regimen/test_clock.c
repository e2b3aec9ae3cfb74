/* The wall clock of the frequency words (src/regimen/clock.c), the reader
 * of a list of clock times (cnsim_parse_clock_list, src/core/units.c), and
 * the regimen parser dosing qd..qid on that clock or on another one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static void test_default_clock_is_08_00_and_every_24_over_n_hours(void **state)
{
    (void)state;
    static const double want[4][4] = {{8}, {8, 20}, {8, 16, 0}, {8, 14, 20, 2}};
    for (int n = 1; n <= 4; n++) {
        double h[4] = {-1, -1, -1, -1};
        assert_int_equal(cnsim_regimen_default_clock(n, h), CNSIM_OK);
        for (int k = 0; k < 4; k++) {
            if (k < n && h[k] != want[n - 1][k])
                fail_msg("%d a day: hour %d is %g; expected %g", n, k, h[k], want[n - 1][k]);
            if (k >= n && h[k] != -1)
                fail_msg("%d a day: wrote hour %d (%g) beyond n", n, k, h[k]);
        }
    }
}

static void test_default_clock_refuses_counts_outside_1_to_4(void **state)
{
    (void)state;
    double h[8];
    const int bad[] = {0, -1, 5, 24};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cnsim_regimen_default_clock(bad[i], h), CNSIM_E_RANGE);
        char n[48];
        snprintf(n, sizeof n, "%d administrations", bad[i]);
        if (!strstr(cnsim_last_error(), n) || !strstr(cnsim_last_error(), "expected 1 (qd) to 4 (qid)"))
            fail_msg("%d: '%s'", bad[i], cnsim_last_error());
    }
    assert_int_equal(cnsim_regimen_default_clock(2, NULL), CNSIM_E_ARG);
}

static void test_clock_list_reads_times_in_the_order_written(void **state)
{
    (void)state;
    struct { const char *text; int n; double h[4]; } cases[] = {
        {"08:00,20:00", 2, {8, 20}},
        {"20:00,08:00", 2, {20, 8}},
        {"7:30", 1, {7.5}},
        {"00:00, 06:00 ,12:00,18:00", 4, {0, 6, 12, 18}},
        {" 23:59 ", 1, {23 + 59 / 60.0}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double h[4];
        int n = -1;
        if (cnsim_parse_clock_list(cases[i].text, "--times", h, 4, &n) != CNSIM_OK)
            fail_msg("'%s': %s", cases[i].text, cnsim_last_error());
        assert_int_equal(n, cases[i].n);
        for (int k = 0; k < n; k++)
            if (fabs(h[k] - cases[i].h[k]) > 1e-12)
                fail_msg("'%s': time %d is %g h; expected %g", cases[i].text, k, h[k], cases[i].h[k]);
    }
}

/* Each malformed list is refused with the field, the value and what was
 * expected, and *n_out is left alone. */
static void test_clock_list_refuses_malformed_lists_naming_field_and_value(void **state)
{
    (void)state;
    struct { const char *text; int max; cnsim_status st; const char *says; } cases[] = {
        {"", 4, CNSIM_E_PARSE, "--times: empty; expected clock times HH:MM separated by commas"},
        {"   ", 4, CNSIM_E_PARSE, "--times: empty"},
        {NULL, 4, CNSIM_E_PARSE, "--times: empty"},
        {"24:00", 4, CNSIM_E_PARSE, "--times: '24:00' is not a clock time; expected HH:MM between 00:00 and 23:59"},
        {"08:00,25:00", 4, CNSIM_E_PARSE, "--times: '25:00' in '08:00,25:00' is not a clock time"},
        {"08:00,8 pm", 4, CNSIM_E_PARSE, "'8 pm' in '08:00,8 pm' is not a clock time"},
        {"08:00;20:00", 4, CNSIM_E_PARSE, "'08:00;20:00' is not a clock time"},
        {"08:00,20:00,morning-and-evening", 4, CNSIM_E_PARSE, "'morning-and-evening' in"},
        {"08:00,", 4, CNSIM_E_PARSE, "'08:00,' has an empty item"},
        {",08:00", 4, CNSIM_E_PARSE, "has an empty item"},
        {"08:00,,20:00", 4, CNSIM_E_PARSE, "has an empty item"},
        {"08:00,8:00", 4, CNSIM_E_PARSE, "--times: 8:00 is given twice in '08:00,8:00'; expected each clock time once"},
        {"01:00,02:00,03:00,04:00,05:00", 4, CNSIM_E_RANGE,
         "--times: '01:00,02:00,03:00,04:00,05:00' has 5 clock times; expected at most 4"},
        {"08:00,20:00", 1, CNSIM_E_RANGE, "has 2 clock times; expected at most 1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double h[4];
        int n = -1;
        cnsim_status st = cnsim_parse_clock_list(cases[i].text, "--times", h, cases[i].max, &n);
        if (st != cases[i].st || !strstr(cnsim_last_error(), cases[i].says) || n != -1)
            fail_msg("'%s': status %d, n %d, message '%s'", cases[i].text ? cases[i].text : "(null)", st, n,
                     cnsim_last_error());
    }
    double h[4];
    int n;
    assert_int_equal(cnsim_parse_clock_list("08:00", "--times", NULL, 4, &n), CNSIM_E_ARG);
    assert_int_equal(cnsim_parse_clock_list("08:00", "--times", h, 4, NULL), CNSIM_E_ARG);
    assert_int_equal(cnsim_parse_clock_list("08:00", "--times", h, 0, &n), CNSIM_E_ARG);
}

/* The doses of a regimen under a clock (NULL: the default), as times. */
static size_t dose_times(const char *text, const double *clock_h, int n_clock, double *t, size_t max)
{
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    if (cnsim_regimen_parse_clock(text, clock_h, n_clock, 1, 0, 24 * 28.0, &l) != CNSIM_OK)
        fail_msg("'%s': %s", text, cnsim_last_error());
    size_t n = l.n;
    for (size_t i = 0; i < n && i < max; i++)
        t[i] = l.ev[i].time_h;
    cnsim_event_list_free(&l);
    return n;
}

static void test_frequency_words_dose_on_the_clock_from_midnight_of_day_1(void **state)
{
    (void)state;
    struct { const char *text; size_t n; double t[8]; } cases[] = {
        {"0.5 mg bid for 2 d", 4, {8, 20, 32, 44}},
        {"0.5 mg BID for 1 d", 2, {8, 20}},
        {"1 mg qd for 2 d", 2, {8, 32}},
        {"1 mg daily for 1 d", 1, {8}},
        {"1 mg od for 1 d", 1, {8}},
        {"1 mg tid for 1 d", 3, {0, 8, 16}},
        {"1 mg qid for 1 d", 4, {2, 8, 14, 20}},
        /* a later start: the doses of the clock that fall after it */
        {"1 mg bid for 1 d start 12 h", 2, {20, 32}},
        {"1 mg qd start 1 d for 2 d", 2, {32, 56}},
        /* q<N>h and every still start at the segment's start */
        {"0.5 mg q12h for 1 d then 0.5 mg bid for 1 d", 4, {0, 12, 32, 44}},
        {"1 mg every 8 h for 1 d", 3, {0, 8, 16}},
        {"1 mg q24h for 2 d start 3 h", 2, {3, 27}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double t[8];
        size_t n = dose_times(cases[i].text, NULL, 0, t, 8);
        if (n != cases[i].n)
            fail_msg("'%s': %zu doses; expected %zu", cases[i].text, n, cases[i].n);
        for (size_t k = 0; k < n; k++)
            if (fabs(t[k] - cases[i].t[k]) > 1e-9)
                fail_msg("'%s': dose %zu at %g h; expected %g h", cases[i].text, k, t[k], cases[i].t[k]);
    }
    /* A frequency word is its clock written with "at". */
    double a[64], b[64];
    size_t na = dose_times("0.5 mg bid for 28 d", NULL, 0, a, 64);
    size_t nb = dose_times("0.5 mg at 08:00,20:00 for 28 d", NULL, 0, b, 64);
    assert_int_equal(na, 56);
    assert_int_equal(nb, 56);
    assert_memory_equal(a, b, na * sizeof *a);
}

static void test_another_clock_moves_the_frequency_words_only(void **state)
{
    (void)state;
    const double two[] = {19, 7}, one[] = {22};
    double t[8];
    size_t n = dose_times("0.5 mg bid for 2 d", two, 2, t, 8);
    assert_int_equal(n, 4);
    assert_true(t[0] == 7 && t[1] == 19 && t[2] == 31 && t[3] == 43);
    n = dose_times("0.5 mg q12h for 1 d then 1 mg at 06:00 for 1 d then 1 mg daily for 1 d", one, 1, t, 8);
    assert_int_equal(n, 4);
    assert_true(t[0] == 0 && t[1] == 12 && t[2] == 30 && t[3] == 70);
    /* describe reads with the same clock */
    cnsim_regimen_info info;
    assert_int_equal(cnsim_regimen_describe_clock("0.5 mg bid for 2 d", two, 2, &info), CNSIM_OK);
    assert_true(info.last_dose_h == 43 && info.tau_h == 12 && info.clock_per_day == 2);
    const double uneven[] = {8, 22};
    assert_int_equal(cnsim_regimen_describe_clock("0.5 mg bid for 2 d", uneven, 2, &info), CNSIM_OK);
    assert_true(info.last_dose_h == 46 && info.tau_h == 24);
}

static void test_a_clock_of_another_count_is_refused_naming_the_word(void **state)
{
    (void)state;
    const double three[] = {7, 12, 19};
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(cnsim_regimen_parse_clock("0.5 mg bid for 2 d", three, 3, 1, 0, 100, &l), CNSIM_E_RANGE);
    assert_int_equal(l.n, 0);
    const char *msg = cnsim_last_error();
    if (!strstr(msg, "column 8") || !strstr(msg, "'bid' doses 2 times a day") ||
        !strstr(msg, "3 times (07:00,12:00,19:00)") || !strstr(msg, "expected 2 clock times"))
        fail_msg("'%s'", msg);
    /* every segment with a word must fit, not just the first */
    const double two[] = {8, 20};
    assert_int_equal(cnsim_regimen_parse_clock("1 mg bid for 1 d then 1 mg qd for 1 d", two, 2, 1, 0, 100, &l),
                     CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "'qd' doses 1 time a day"));
    /* segments without a word take any clock */
    assert_int_equal(cnsim_regimen_parse_clock("1 mg q8h for 1 d then 1 mg at 09:00 for 1 d", three, 3, 1, 0, 100, &l),
                     CNSIM_OK);
    assert_int_equal(l.n, 4);
    cnsim_event_list_free(&l);
    /* a clock that is not one */
    cnsim_regimen_info info;
    const double bad_h[] = {8, 24}, twice[] = {8, 8};
    assert_int_equal(cnsim_regimen_describe_clock("1 mg bid for 1 d", bad_h, 2, &info), CNSIM_E_RANGE);
    assert_int_equal(cnsim_regimen_describe_clock("1 mg bid for 1 d", twice, 2, &info), CNSIM_E_RANGE);
    assert_int_equal(cnsim_regimen_describe_clock("1 mg bid for 1 d", NULL, 2, &info), CNSIM_E_ARG);
    assert_int_equal(cnsim_regimen_describe_clock("1 mg bid for 1 d", two, 25, &info), CNSIM_E_ARG);
}

static void test_describe_says_which_clock_words_a_regimen_uses(void **state)
{
    (void)state;
    struct { const char *text; int per_day; } cases[] = {
        {"1 mg once", 0},
        {"1 mg q12h for 2 d", 0},
        {"1 mg at 08:00,20:00 for 2 d", 0},
        {"1 mg qhs for 2 d", 0},
        {"1 mg bid for 2 d", 2},
        {"1 mg q12h for 1 d then 1 mg tid for 1 d", 3},
        {"1 mg qid for 1 d then 1 mg qid for 1 d", 4},
        {"1 mg bid for 1 d then 1 mg qd for 1 d", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cnsim_regimen_info info;
        if (cnsim_regimen_describe(cases[i].text, &info) != CNSIM_OK)
            fail_msg("'%s': %s", cases[i].text, cnsim_last_error());
        if (info.clock_per_day != cases[i].per_day)
            fail_msg("'%s': clock_per_day %d; expected %d", cases[i].text, info.clock_per_day, cases[i].per_day);
    }
}

/* An infusion must end before the next dose on the clock, as it must
 * before the next q<N>h dose. */
static void test_an_infusion_longer_than_the_gap_between_clock_doses_is_refused(void **state)
{
    (void)state;
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(cnsim_regimen_parse("1 mg iv over 12 h bid for 1 d", 1, 0, 100, &l), CNSIM_OK);
    assert_int_equal(cnsim_regimen_parse("1 mg iv over 13 h bid for 1 d", 1, 0, 100, &l), CNSIM_E_RANGE);
    assert_int_equal(cnsim_regimen_parse("1 mg iv over 5 h at 08:00,12:00 for 1 d", 1, 0, 100, &l), CNSIM_E_RANGE);
    cnsim_event_list_free(&l);
}

/* cnsim_run_set_clock checks the regimens already set and refuses a
 * clock that does not fit them, keeping the one before. */
static void test_a_run_takes_the_clock_for_every_regimen(void **state)
{
    (void)state;
    cnsim_registry *reg;
    if (cnsim_registry_create(NULL, &reg) != CNSIM_OK)
        fail_msg("registry: %s", cnsim_last_error());
    cnsim_model_drug md[1] = {{"clonazepam", NULL, NULL}};
    cnsim_model *m;
    cnsim_run *r;
    assert_int_equal(cnsim_model_create(reg, md, 1, NULL, &m), CNSIM_OK);
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "0.5 mg bid for 2 d"), CNSIM_OK);
    const double three[] = {7, 12, 19}, two[] = {7, 19}, bad[] = {7, 30};
    assert_int_equal(cnsim_run_set_clock(r, three, 3), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "'bid' doses 2 times a day"));
    assert_int_equal(cnsim_run_set_clock(r, bad, 2), CNSIM_E_RANGE);
    assert_int_equal(cnsim_run_set_clock(r, NULL, 2), CNSIM_E_ARG);
    assert_int_equal(cnsim_run_set_grid(r, 48, 1), CNSIM_OK);
    assert_int_equal(cnsim_run_prepare(r), CNSIM_OK);
    const cnsim_event_list *ev = cnsim_run_events(r);
    assert_true(ev->n == 4 && ev->ev[0].time_h == 8);   /* the refused clocks left the default */
    assert_int_equal(cnsim_run_set_clock(r, two, 2), CNSIM_OK);
    assert_int_equal(cnsim_run_prepare(r), CNSIM_OK);
    ev = cnsim_run_events(r);
    assert_true(ev->n == 4 && ev->ev[0].time_h == 7 && ev->ev[3].time_h == 43);
    /* a later regimen is read with it */
    assert_int_equal(cnsim_run_set_regimen(r, 0, "0.5 mg qd for 2 d"), CNSIM_E_RANGE);
    assert_int_equal(cnsim_run_set_clock(r, NULL, 0), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "0.5 mg qd for 2 d"), CNSIM_OK);
    assert_int_equal(cnsim_run_prepare(r), CNSIM_OK);
    ev = cnsim_run_events(r);
    assert_true(ev->n == 2 && ev->ev[0].time_h == 8 && ev->ev[1].time_h == 32);
    cnsim_run_free(r);
    cnsim_model_free(m);
    cnsim_registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_clock_is_08_00_and_every_24_over_n_hours),
        cmocka_unit_test(test_default_clock_refuses_counts_outside_1_to_4),
        cmocka_unit_test(test_clock_list_reads_times_in_the_order_written),
        cmocka_unit_test(test_clock_list_refuses_malformed_lists_naming_field_and_value),
        cmocka_unit_test(test_frequency_words_dose_on_the_clock_from_midnight_of_day_1),
        cmocka_unit_test(test_another_clock_moves_the_frequency_words_only),
        cmocka_unit_test(test_a_clock_of_another_count_is_refused_naming_the_word),
        cmocka_unit_test(test_describe_says_which_clock_words_a_regimen_uses),
        cmocka_unit_test(test_an_infusion_longer_than_the_gap_between_clock_doses_is_refused),
        cmocka_unit_test(test_a_run_takes_the_clock_for_every_regimen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
