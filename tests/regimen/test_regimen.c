/* The regimen-string parser and the expansion of event records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static cnsim_status parse(const char *text, cnsim_event_list *l)
{
    cnsim_event_list_init(l);
    return cnsim_regimen_parse(text, 1, 0, 24 * 84.0, l);
}

static void test_q12h_for_28_days_gives_56_doses_ending_at_660_h(void **state)
{
    (void)state;
    cnsim_event_list l;
    assert_int_equal(parse("0.5 mg q12h for 28 d", &l), CNSIM_OK);
    assert_int_equal(l.n, 56);
    assert_true(l.ev[0].time_h == 0 && l.ev[55].time_h == 660);
    assert_true(l.ev[3].amt_mg == 0.5 && l.ev[3].cmt == CNSIM_CMT_DEPOT);
    cnsim_event_list_free(&l);
}

static void test_frequency_words_and_units(void **state)
{
    (void)state;
    struct { const char *text; size_t n; double last_h; double amt; } cases[] = {
        {"1 mg bid for 2 d", 4, 44, 1},           /* 08:00, 20:00 */
        {"1 mg tid for 1 d", 3, 16, 1},           /* 00:00, 08:00, 16:00 */
        {"250 ug qid for 1 d", 4, 20, 0.25},      /* 02:00, 08:00, 14:00, 20:00 */
        {"20mg qd for 7d", 7, 152, 20},           /* 08:00 */
        {"0.5 mg every 8 h for 24 h", 3, 16, 0.5},
        {"2 mg once", 1, 0, 2},
        {"2 mg once start 3 d", 1, 72, 2},
        {"0.5 mg at 08:00,20:00 for 2 d", 4, 44, 0.5},
        {"0.5 mg at 08:00, 20:00 for 1 d", 2, 20, 0.5},
        {"1 g q24h for 2 w", 14, 312, 1000},
        {"0.5 mg bid for 1 d then 0.25 mg bid for 1 d", 4, 44, 0.25},
        {"0.5 mg bid for 1 d; 0.25 mg qd for 2 d", 4, 56, 0.25},
        {"1 mg bid start 7 d for 1 d", 2, 188, 1},
        /* the vocabulary of every option (cnsim/units.h) */
        {"1 mg qd for 3 wks", 21, 488, 1},
        {"1 mg every 90 mins for 6 h", 4, 4.5, 1},
        {"1 mg once start 2 days", 1, 48, 1},
        {"1 mg q1d for 2 weeks", 14, 312, 1},
        {"1 mg Q12H FOR 1 DAY", 2, 12, 1},
        {"500 ng once", 1, 0, 5e-4},
        {"0.5 mg at 8:00,20:00 for 1 d", 2, 20, 0.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cnsim_event_list l;
        cnsim_status st = parse(cases[i].text, &l);
        if (st != CNSIM_OK)
            fail_msg("'%s': %s", cases[i].text, cnsim_last_error());
        if (l.n != cases[i].n || fabs(l.ev[l.n - 1].time_h - cases[i].last_h) > 1e-9 ||
            fabs(l.ev[l.n - 1].amt_mg - cases[i].amt) > 1e-12)
            fail_msg("'%s': %zu doses, last at %g h of %g mg", cases[i].text, l.n, l.ev[l.n - 1].time_h, l.ev[l.n - 1].amt_mg);
        cnsim_event_list_free(&l);
    }
}

static void test_routes_and_infusions(void **state)
{
    (void)state;
    cnsim_event_list l;
    assert_int_equal(parse("2 mg iv over 30 min once", &l), CNSIM_OK);
    assert_int_equal(l.ev[0].cmt, CNSIM_CMT_CENTRAL);
    assert_true(fabs(l.ev[0].rate_mg_per_h - 4) < 1e-12);
    cnsim_event_list_free(&l);
    assert_int_equal(parse("0.5 mg odt bid for 1 d", &l), CNSIM_OK);
    assert_string_equal(l.ev[0].form, "odt");
    cnsim_event_list_free(&l);
}

static void test_open_ended_regimen_runs_to_the_horizon(void **state)
{
    (void)state;
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(cnsim_regimen_parse("50 mg qd", 1, 0, 240, &l), CNSIM_OK);
    assert_int_equal(l.n, 10);
    cnsim_event_list_free(&l);
}

/* Each malformed string is refused with the string and the column of the
 * offending word in the message. */
static void test_malformed_regimens_point_at_the_column(void **state)
{
    (void)state;
    struct { const char *text; cnsim_status st; const char *col; } cases[] = {
        {"1 mg q12q", CNSIM_E_PARSE, "column 6"},
        {"-1 mg once", CNSIM_E_RANGE, "column 1"},
        {"0 mg once", CNSIM_E_RANGE, "column 1"},
        {"1e9 mg once", CNSIM_E_RANGE, "column 1"},
        {"1 kg once", CNSIM_E_PARSE, "column 3"},
        {"1 mg bid for 28 years", CNSIM_E_PARSE, "column 17"},
        {"1 mg bid for", CNSIM_E_PARSE, "column 13"},
        {"mg bid", CNSIM_E_PARSE, "column 1"},
        {"", CNSIM_E_PARSE, "empty"},
        {"1 mg at 25:00 for 1 d", CNSIM_E_PARSE, "column 9"},
        {"1 mg bid bid", CNSIM_E_PARSE, "column 10"},
        {"1 mg bid then", CNSIM_E_PARSE, "column 14"},
        {"1 mg bid then 2 mg qd", CNSIM_E_PARSE, "column 15"},
        {"1 mg bid for 1 d banana", CNSIM_E_PARSE, "column 18"},
        {"1 mg every 0 h", CNSIM_E_RANGE, "column 6"},
        {"0.5 mg q12h for 333333333333333333333333333335 d", CNSIM_E_RANGE, "column 1"},
        /* 3 x 360 000 doses: each segment passes alone, the string does not */
        {"1 mg every 1 min for 6000 h then 1 mg every 1 min for 6000 h then 2 mg every 1 min for 6000 h",
         CNSIM_E_RANGE, "column 67"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cnsim_event_list l;
        cnsim_status st = parse(cases[i].text, &l);
        if (st != cases[i].st || !strstr(cnsim_last_error(), cases[i].col) ||
            (cases[i].text[0] && !strstr(cnsim_last_error(), cases[i].text)))
            fail_msg("'%s': status %d, message '%s'", cases[i].text, st, cnsim_last_error());
        assert_int_equal(l.n, 0);
        cnsim_event_list_free(&l);
    }
}

static cnsim_regimen_info describe(const char *text)
{
    cnsim_regimen_info info;
    cnsim_status st = cnsim_regimen_describe(text, &info);
    if (st != CNSIM_OK)
        fail_msg("'%s': %s", text, cnsim_last_error());
    return info;
}

/* NAN compares equal to NAN here: a field that does not apply is NAN. */
static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || fabs(a - b) <= 1e-9;
}

static void test_describe_tells_where_a_regimen_ends_and_how_often_it_doses(void **state)
{
    (void)state;
    struct { const char *text; int open; double open_start, end, last, tau; } cases[] = {
        {"0.5 mg q12h for 28 d", 0, NAN, 672, 660, 12},
        {"2 mg iv over 30 min once start 2 d", 0, NAN, 48, 48.5, NAN},
        {"1 mg once", 0, NAN, 0, 0, NAN},
        {"20 mg qd for 14 d then 10 mg qd", 1, 336, NAN, NAN, 24},
        {"1 mg bid", 1, 0, NAN, NAN, 12},
        {"0.5 mg at 08:00,20:00 for 7 d", 0, NAN, 168, 6 * 24 + 20, 12},
        {"0.5 mg at 08:00,12:00 for 1 d", 0, NAN, 24, 12, 24},
        {"0.5 mg at 06:00 for 2 d", 0, NAN, 48, 30, 24},
        {"1 mg at 00:00,06:00,12:00,18:00", 1, 0, NAN, NAN, 6},
        {"1 mg qd start 3 d", 1, 72, NAN, NAN, 24},
        {"0.5 mg bid for 28 d then 0.25 mg bid for 2 wks; 0.125 mg qd for 7 d", 0, NAN, 1176, 1176 - 16, 24},
        {"0.5 mg bid for 1 d then 1 mg once", 0, NAN, 24, 24, 12},
        {"1 mg once for 3 d", 0, NAN, 72, 0, NAN},
        {"1 mg iv over 1 h q12h for 1 d", 0, NAN, 24, 13, 12},
        {"1 mg bid then 2 mg qd start 7 d", 1, 168, NAN, NAN, 24},
        {"10 mg qd start 10 d for 5 d then 1 mg once start 1 d", 0, NAN, 360, 14 * 24 + 8, 24},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cnsim_regimen_info r = describe(cases[i].text);
        if (r.is_open_ended != cases[i].open || !same(r.open_start_h, cases[i].open_start) ||
            !same(r.end_h, cases[i].end) || !same(r.last_dose_h, cases[i].last) || !same(r.tau_h, cases[i].tau))
            fail_msg("'%s': open %d from %g, end %g, last dose %g, tau %g", cases[i].text, r.is_open_ended,
                     r.open_start_h, r.end_h, r.last_dose_h, r.tau_h);
    }
}

/* The description and the doses come from one reader: the last dose a
 * parse gives is the one describe reports, and a malformed string is
 * refused with the same message. */
static void test_describe_and_parse_agree(void **state)
{
    (void)state;
    const char *closed[] = {
        "0.5 mg q12h for 28 d", "1 mg every 7 h for 2 d", "0.5 mg at 09:00,21:30 for 3 d start 5 h",
        "2 mg tid for 1 d then 1 mg qid for 1 d", "1 mg q0.1h for 1 h", "50 mg qd for 3 d start 2 d",
    };
    for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
        cnsim_event_list l;
        assert_int_equal(parse(closed[i], &l), CNSIM_OK);
        cnsim_regimen_info r = describe(closed[i]);
        double last = -1;
        for (size_t k = 0; k < l.n; k++)
            last = fmax(last, l.ev[k].time_h);
        if (r.is_open_ended || !same(r.last_dose_h, last))
            fail_msg("'%s': parse's last dose %g, describe's %g", closed[i], last, r.last_dose_h);
        cnsim_event_list_free(&l);
    }
    const char *bad[] = {"1 mg q12q", "-1 mg once", "1e9 mg once", "1 kg once", "1 mg bid for 28 years",
                         "1 mg bid then 2 mg qd", "1 mg at 25:00 for 1 d", "",
                         "0.5 mg q12h for 333333333333333333333333333335 d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cnsim_event_list l;
        cnsim_status st = parse(bad[i], &l);
        char msg[512];
        snprintf(msg, sizeof msg, "%s", cnsim_last_error());
        cnsim_event_list_free(&l);
        cnsim_regimen_info r;
        if (cnsim_regimen_describe(bad[i], &r) != st || strcmp(cnsim_last_error(), msg))
            fail_msg("'%s': parse said '%s', describe '%s'", bad[i], msg, cnsim_last_error());
    }
    cnsim_regimen_info r;
    assert_int_equal(cnsim_regimen_describe(NULL, &r), CNSIM_E_ARG);
    assert_int_equal(cnsim_regimen_describe("1 mg once", NULL), CNSIM_E_ARG);
}

static void test_addl_expands_and_equal_times_keep_input_order(void **state)
{
    (void)state;
    cnsim_event_list in, out;
    cnsim_event_list_init(&in);
    cnsim_event_list_init(&out);
    int d;
    cnsim_event_list_drug(&in, "clonazepam", &d);
    cnsim_event e = cnsim_event_default();
    e.id = 2, e.drug = d, e.amt_mg = 1, e.ii_h = 12, e.addl = 3, e.line = 1;
    cnsim_event_list_push(&in, &e);
    cnsim_event o = cnsim_event_default();
    o.id = 1, o.evid = CNSIM_EVID_OBS, o.time_h = 5, o.line = 2;
    cnsim_event_list_push(&in, &o);
    assert_int_equal(cnsim_events_expand(&in, &out), CNSIM_OK);
    assert_int_equal(out.n, 5);
    assert_int_equal(out.ev[0].id, 1);
    assert_true(out.ev[4].time_h == 36 && out.ev[4].addl == 0);
    cnsim_event_list_free(&out);
    cnsim_event_list_init(&out);
    in.ev[0].ii_h = 0; /* ADDL without II */
    assert_int_equal(cnsim_events_expand(&in, &out), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "ADDL"));
    cnsim_event_list_free(&out);
    cnsim_event_list_free(&in);
}

static void test_expansion_sorts_records_by_time(void **state)
{
    (void)state;
    cnsim_event_list in, out;
    cnsim_event_list_init(&in);
    cnsim_event_list_init(&out);
    int d;
    cnsim_event_list_drug(&in, "clonazepam", &d);
    cnsim_event e = cnsim_event_default();
    e.id = 1, e.drug = d, e.amt_mg = 1, e.time_h = 10, e.line = 2;
    cnsim_event_list_push(&in, &e);
    e.time_h = 5, e.line = 3;
    cnsim_event_list_push(&in, &e);
    /* Regimens of two drugs for one subject need no order: expansion sorts. */
    assert_int_equal(cnsim_events_expand(&in, &out), CNSIM_OK);
    assert_true(out.ev[0].time_h == 5);
    cnsim_event_list_free(&out);
    cnsim_event_list_free(&in);
}

static void test_split_id_blocks_and_clock_restarts_are_refused(void **state)
{
    (void)state;
    cnsim_event_list in, out;
    cnsim_event_list_init(&in);
    cnsim_event_list_init(&out);
    int d;
    cnsim_event_list_drug(&in, "clonazepam", &d);
    cnsim_event e = cnsim_event_default();
    e.drug = d, e.amt_mg = 1;
    int ids[3] = {1, 2, 1};
    for (int i = 0; i < 3; i++) {
        e.id = ids[i], e.line = i + 2;
        cnsim_event_list_push(&in, &e);
    }
    assert_int_equal(cnsim_events_expand(&in, &out), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "ID 1"));
    cnsim_event_list_free(&out);
    cnsim_event_list_init(&out);
    in.n = 1;
    e.id = 1, e.time_h = -5, e.evid = CNSIM_EVID_RESET_DOSE; /* clock restart */
    in.ev[0].time_h = 10;
    cnsim_event_list_push(&in, &e);
    assert_int_equal(cnsim_events_expand(&in, &out), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "restarts the clock"));
    cnsim_event_list_free(&out);
    cnsim_event_list_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_q12h_for_28_days_gives_56_doses_ending_at_660_h),
        cmocka_unit_test(test_frequency_words_and_units),
        cmocka_unit_test(test_routes_and_infusions),
        cmocka_unit_test(test_open_ended_regimen_runs_to_the_horizon),
        cmocka_unit_test(test_malformed_regimens_point_at_the_column),
        cmocka_unit_test(test_describe_tells_where_a_regimen_ends_and_how_often_it_doses),
        cmocka_unit_test(test_describe_and_parse_agree),
        cmocka_unit_test(test_addl_expands_and_equal_times_keep_input_order),
        cmocka_unit_test(test_expansion_sorts_records_by_time),
        cmocka_unit_test(test_split_id_blocks_and_clock_restarts_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
