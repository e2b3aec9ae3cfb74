/* The regimen-string parser and the expansion of event records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
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
        {"1 mg bid for 2 d", 4, 36, 1},
        {"1 mg tid for 1 d", 3, 16, 1},
        {"250 ug qid for 1 d", 4, 18, 0.25},
        {"20mg qd for 7d", 7, 144, 20},
        {"0.5 mg every 8 h for 24 h", 3, 16, 0.5},
        {"2 mg once", 1, 0, 2},
        {"2 mg once start 3 d", 1, 72, 2},
        {"0.5 mg at 08:00,20:00 for 2 d", 4, 44, 0.5},
        {"0.5 mg at 08:00, 20:00 for 1 d", 2, 20, 0.5},
        {"1 g q24h for 2 w", 14, 312, 1000},
        {"0.5 mg bid for 1 d then 0.25 mg bid for 1 d", 4, 36, 0.25},
        {"0.5 mg bid for 1 d; 0.25 mg qd for 2 d", 4, 48, 0.25},
        {"1 mg bid start 7 d for 1 d", 2, 180, 1},
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
        cmocka_unit_test(test_addl_expands_and_equal_times_keep_input_order),
        cmocka_unit_test(test_expansion_sorts_records_by_time),
        cmocka_unit_test(test_split_id_blocks_and_clock_restarts_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
