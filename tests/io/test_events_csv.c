/* tests for src/io/events_csv.c: NONMEM-style event data sets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/io.h"
#include "cnsim/regimen.h"
#include "cnsim/registry.h"

static const char *data_path(const char *name, char *buf, size_t n)
{
    const char *root = getenv("CNSIM_SOURCE_DIR");
    snprintf(buf, n, "%s/tests/data/%s", root ? root : ".", name);
    return buf;
}

static cnsim_status read_str(const char *csv, const char *drug,
                             cnsim_event_list *l)
{
    return cnsim_events_read_csv_mem(csv, strlen(csv), drug, NULL, l);
}

/* Reads csv, expects status `want` and a message containing every string in
 * the NULL-terminated list; the list must stay empty. */
static void expect_fail(const char *csv, const char *drug, cnsim_status want,
                        ...)
{
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    cnsim_status st = read_str(csv, drug, &l);
    const char *msg = cnsim_last_error();
    if (st != want)
        print_error("status %d, expected %d; message: %s\n", st, want, msg);
    assert_int_equal(st, want);
    va_list ap;
    va_start(ap, want);
    const char *part;
    while ((part = va_arg(ap, const char *)) != NULL) {
        if (!strstr(msg, part))
            print_error("message '%s' lacks '%s'\n", msg, part);
        assert_non_null(strstr(msg, part));
    }
    va_end(ap);
    assert_int_equal(l.n, 0);
    cnsim_event_list_free(&l);
}

static void test_two_ids_file_parses_with_values(void **state)
{
    char path[1024];
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(cnsim_events_read_csv(data_path("events_two_ids.csv",
                                                     path, sizeof path),
                                           "clonazepam", NULL, &l),
                     CNSIM_OK);
    assert_int_equal(l.n, 6);
    assert_int_equal(l.n_drugs, 1);
    assert_string_equal(l.drugs[0], "clonazepam");

    const cnsim_event *e = &l.ev[0];
    assert_int_equal(e->id, 1);
    assert_true(e->time_h == 0);
    assert_int_equal(e->evid, CNSIM_EVID_DOSE);
    assert_int_equal(e->drug, 0);
    assert_int_equal(e->cmt, CNSIM_CMT_DEPOT);
    assert_true(e->amt_mg == 0.5);
    assert_true(e->ii_h == 12);
    assert_int_equal(e->addl, 13);
    assert_int_equal(e->ss, 0);
    assert_true(isnan(e->dv));
    assert_int_equal(e->mdv, 1);
    assert_int_equal(e->line, 2);

    e = &l.ev[1];
    assert_int_equal(e->evid, CNSIM_EVID_OBS);
    assert_int_equal(e->drug, -1);
    assert_int_equal(e->cmt, CNSIM_CMT_CENTRAL);
    assert_true(e->time_h == 2);
    assert_true(e->dv == 4.1);
    assert_int_equal(e->mdv, 0);
    assert_true(e->amt_mg == 0);

    assert_int_equal(l.ev[3].id, 2);
    assert_int_equal(l.ev[3].cmt, CNSIM_CMT_DEPOT);
    assert_int_equal(l.ev[4].cmt, CNSIM_CMT_CENTRAL);
    e = &l.ev[5];
    assert_true(e->rate_mg_per_h == 4);
    assert_true(e->amt_mg == 2);
    assert_int_equal(e->line, 7);
    cnsim_event_list_free(&l);
}

static void test_file_expands_to_single_doses(void **state)
{
    char path[1024];
    cnsim_event_list l, x;
    cnsim_event_list_init(&l);
    cnsim_event_list_init(&x);
    assert_int_equal(cnsim_events_read_csv(data_path("events_two_ids.csv",
                                                     path, sizeof path),
                                           "clonazepam", NULL, &l),
                     CNSIM_OK);
    assert_int_equal(cnsim_events_expand(&l, &x), CNSIM_OK);
    /* 14 + 7 + 1 doses and 3 observations. */
    assert_int_equal(x.n, 14 + 7 + 1 + 3);
    cnsim_event_list_free(&l);
    cnsim_event_list_free(&x);
}

static void test_lowercase_header_drug_column_and_cmt_names(void **state)
{
    char path[1024];
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    /* No default drug: every dose names its own. */
    assert_int_equal(cnsim_events_read_csv(data_path("events_two_drugs.csv",
                                                     path, sizeof path),
                                           NULL, NULL, &l),
                     CNSIM_OK);
    assert_int_equal(l.n, 5);
    assert_int_equal(l.n_drugs, 2);
    assert_string_equal(l.drugs[l.ev[0].drug], "clonazepam");
    assert_string_equal(l.drugs[l.ev[1].drug], "sertraline"); /* lowercased */
    assert_string_equal(l.ev[0].form, "tablet");
    assert_string_equal(l.ev[1].form, "");
    assert_int_equal(l.ev[0].cmt, CNSIM_CMT_DEPOT);
    assert_int_equal(l.ev[1].cmt, CNSIM_CMT_DEPOT);
    assert_true(l.ev[2].time_h == 8); /* quoted */
    assert_int_equal(l.ev[2].cmt, CNSIM_CMT_CENTRAL);
    assert_int_equal(l.ev[2].drug, l.ev[0].drug); /* observation with DRUG */
    assert_int_equal(l.ev[3].drug, l.ev[1].drug);
    assert_int_equal(l.ev[4].evid, CNSIM_EVID_OTHER);
    assert_int_equal(l.ev[4].drug, -1);
    assert_int_equal(l.ev[4].cmt, 0);
    cnsim_event_list_free(&l);
}

static void test_every_cmt_name_and_number_maps(void **state)
{
    const char *csv = "ID,TIME,AMT,CMT\n"
                      "1,0,1,depot\n1,0,1,CENTRAL\n1,0,1,Periph\n"
                      "1,0,1,PERIPH1\n1,0,1,periph2\n1,0,1,METAB\n"
                      "1,0,1,0\n1,0,1,\n1,0,1,5\n1,0,1,3\n";
    const int want[] = {1, 2, 3, 3, 4, 5, 0, 0, 5, 3};
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str(csv, "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 10);
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(l.ev[i].cmt, want[i]);
    cnsim_event_list_free(&l);
}

static void test_dot_means_missing_and_takes_defaults(void **state)
{
    const char *csv = "ID,TIME,AMT,EVID,CMT,RATE,II,ADDL,SS,DV,MDV\n"
                      "1,0,2,.,.,.,.,.,.,.,.\n"
                      "1,1,.,.,.,.,.,.,.,.,.\n";
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str(csv, "diazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.ev[0].evid, CNSIM_EVID_DOSE); /* from AMT > 0 */
    assert_int_equal(l.ev[0].cmt, 0);
    assert_true(l.ev[0].rate_mg_per_h == 0 && l.ev[0].ii_h == 0);
    assert_int_equal(l.ev[0].addl, 0);
    assert_int_equal(l.ev[0].ss, 0);
    assert_int_equal(l.ev[0].mdv, 1);
    assert_int_equal(l.ev[1].evid, CNSIM_EVID_OBS);
    assert_true(isnan(l.ev[1].dv));
    assert_int_equal(l.ev[1].mdv, 1); /* no DV: missing */
    cnsim_event_list_free(&l);
}

static void test_evid_defaults_from_amt_without_evid_column(void **state)
{
    const char *csv = "TIME,ID,AMT,DV\n0,7,1,.\n1,7,0,2.5\n2,7,.,3\n";
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str(csv, "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.ev[0].id, 7);
    assert_int_equal(l.ev[0].evid, CNSIM_EVID_DOSE);
    assert_int_equal(l.ev[1].evid, CNSIM_EVID_OBS);
    assert_int_equal(l.ev[1].mdv, 0);
    assert_true(l.ev[1].dv == 2.5);
    assert_int_equal(l.ev[2].evid, CNSIM_EVID_OBS);
    cnsim_event_list_free(&l);
}

static void test_quoted_fields_crlf_bom_blank_lines_and_comments(void **state)
{
    const char *csv = "\xEF\xBB\xBF"
                      "\"ID\",\"TIME\",\"AMT\",\"Note\"\r\n"
                      "# a comment line\r\n"
                      "\r\n"
                      "\"1\", \" 0 \" ,\"0.5\",\"first, with a comma\"\r\n"
                      "   \r\n"
                      ",,,\r\n"
                      "1,12,0.5,\"two\nlines\"\r\n"
                      "1,24,0.5,\"say \"\"hi\"\"\"";
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str(csv, "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 3);
    assert_true(l.ev[0].time_h == 0 && l.ev[0].amt_mg == 0.5);
    assert_int_equal(l.ev[0].line, 4);
    assert_int_equal(l.ev[1].line, 7);
    assert_int_equal(l.ev[2].line, 9); /* after the quoted newline */
    assert_true(l.ev[2].time_h == 24);
    cnsim_event_list_free(&l);
}

static void test_header_with_hash_and_extra_columns(void **state)
{
    const char *csv = "#ID,C,TIME,WT,AMT,SEX\n1,.,0,70,1,F\n1,.,1,70,.,F\n";
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str(csv, "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 2);
    assert_true(l.ev[0].amt_mg == 1);
    assert_true(l.ev[1].time_h == 1);
    cnsim_event_list_free(&l);
}

static void test_old_mac_line_ends_count_lines(void **state)
{
    const char *csv = "ID,TIME,AMT\r1,0,1\r\r1,2,1";
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str(csv, "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.ev[0].line, 2);
    assert_int_equal(l.ev[1].line, 4);
    cnsim_event_list_free(&l);
}

static void test_missing_time_column_is_named(void **state)
{
    expect_fail("ID,AMT\n1,1\n", "clonazepam", CNSIM_E_PARSE,
                "missing column TIME",
                "expected a header with at least ID and TIME", NULL);
    expect_fail("TIME,AMT\n0,1\n", "clonazepam", CNSIM_E_PARSE,
                "missing column ID", NULL);
    expect_fail("1,0,1\n1,2,1\n", "clonazepam", CNSIM_E_PARSE,
                "missing column", "looks like data", NULL);
}

static void test_empty_input_and_header_only_fail(void **state)
{
    expect_fail("", "clonazepam", CNSIM_E_PARSE, "no header", NULL);
    expect_fail("\n\n  \n", "clonazepam", CNSIM_E_PARSE, "no header", NULL);
    expect_fail("ID,TIME\n", "clonazepam", CNSIM_E_PARSE, "no records", NULL);
}

static void test_duplicate_column_fails(void **state)
{
    expect_fail("ID,TIME,time\n1,0,0\n", "clonazepam", CNSIM_E_PARSE,
                "line 1", "TIME appears twice", NULL);
}

/* A row with a field lost or gained would put values under the wrong
 * columns: refused with its line and both counts. Comment lines and blank
 * lines are not records and may have any shape. */
static void test_ragged_rows_are_refused_with_line_and_counts(void **state)
{
    expect_fail("ID,TIME,AMT\n1,0,1\n1,24\n", "clonazepam", CNSIM_E_PARSE,
                "events line 3: 2 fields, but the header has 3", NULL);
    expect_fail("ID,TIME,AMT\n1,0,1,5\n", "clonazepam", CNSIM_E_PARSE,
                "events line 2: 4 fields, but the header has 3", NULL);
    expect_fail("ID,TIME,AMT\n1,0,1\n1,12,1,\n", "clonazepam", CNSIM_E_PARSE,
                "line 3: 4 fields", NULL);
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str("# a comment, with, commas\nID,TIME,AMT\n1,0,1\n#,x\n\n1,\"12\",\"1\"\n",
                              "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 2);
    cnsim_event_list_free(&l);
}

static void test_non_numeric_amt_names_line_column_value(void **state)
{
    expect_fail("ID,TIME,AMT\n1,0,1\n1,1,1\n1,2,abc\n", "clonazepam",
                CNSIM_E_PARSE, "events line 4, column AMT: 'abc' is not a number",
                NULL);
    expect_fail("ID,TIME\n1,zero\n", NULL, CNSIM_E_PARSE,
                "line 2, column TIME: 'zero'", NULL);
    expect_fail("ID,TIME\nx,0\n", NULL, CNSIM_E_PARSE,
                "column ID: 'x' is not a number", NULL);
    expect_fail("ID,TIME,DV\n1,0,nan\n", NULL, CNSIM_E_PARSE,
                "column DV: 'nan' is not a number", NULL);
    expect_fail("ID,TIME,AMT\n1,0,0x10\n", "clonazepam", CNSIM_E_PARSE,
                "'0x10' is not a number", NULL);
    expect_fail("ID,TIME\n1.5,0\n", NULL, CNSIM_E_RANGE,
                "'1.5' is not an integer subject ID", NULL);
}

static void test_time_must_be_finite_present_and_not_negative(void **state)
{
    expect_fail("ID,TIME\n1,1e999\n", NULL, CNSIM_E_RANGE,
                "column TIME: '1e999' is not a finite number", NULL);
    expect_fail("ID,TIME\n1,.\n", NULL, CNSIM_E_PARSE,
                "line 2: column TIME: value missing", NULL);
    expect_fail("ID,TIME\n,0\n", NULL, CNSIM_E_PARSE,
                "column ID: value missing", NULL);
    expect_fail("ID,TIME\n1,-1\n", NULL, CNSIM_E_RANGE,
                "column TIME: '-1' is negative", NULL);
}

static void test_unknown_cmt_names_line_and_value(void **state)
{
    const char *expect = "expected 1-5 or DEPOT, CENTRAL, PERIPH, PERIPH2, METAB";
    expect_fail("ID,TIME,AMT,CMT\n1,0,1,LIVER\n", "clonazepam", CNSIM_E_PARSE,
                "events line 2, column CMT: 'LIVER'", expect, NULL);
    expect_fail("ID,TIME,AMT,CMT\n1,0,1,1\n1,1,1,6\n", "clonazepam",
                CNSIM_E_PARSE, "line 3, column CMT: '6'", expect, NULL);
    expect_fail("ID,TIME,AMT,CMT\n1,0,1,-1\n", "clonazepam", CNSIM_E_PARSE,
                "'-1'", expect, NULL);
    expect_fail("ID,TIME,AMT,CMT\n1,0,1,1.5\n", "clonazepam", CNSIM_E_PARSE,
                "'1.5'", expect, NULL);
}

static void test_times_going_backwards_within_id_fail(void **state)
{
    expect_fail("ID,TIME,AMT\n1,0,1\n1,24,1\n1,12,1\n", "clonazepam",
                CNSIM_E_RANGE, "events line 4", "TIME 12", "ID 1",
                "TIME 24 on line 3", NULL);
}

static void test_reset_restarts_clock_and_ids_may_return(void **state)
{
    /* EVID 4 may go back in time; ID 1 returning after ID 2 starts a new
     * block, so its earlier time is allowed. */
    const char *csv = "ID,TIME,AMT,EVID\n1,0,1,1\n1,24,1,1\n1,0,1,4\n"
                      "1,5,.,3\n2,48,1,1\n1,1,1,1\n";
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str(csv, "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 6);
    assert_int_equal(l.ev[2].evid, CNSIM_EVID_RESET_DOSE);
    assert_int_equal(l.ev[3].evid, CNSIM_EVID_RESET);
    assert_int_equal(l.ev[3].drug, -1);
    cnsim_event_list_free(&l);
}

static void test_addl_and_ss_need_ii(void **state)
{
    expect_fail("ID,TIME,AMT,ADDL\n1,0,1,3\n", "clonazepam", CNSIM_E_RANGE,
                "events line 2: ADDL 3 needs II > 0", NULL);
    expect_fail("ID,TIME,AMT,II,ADDL\n1,0,1,0,3\n", "clonazepam", CNSIM_E_RANGE,
                "ADDL 3 needs II > 0", NULL);
    expect_fail("ID,TIME,AMT,SS\n1,0,1,1\n", "clonazepam", CNSIM_E_RANGE,
                "SS 1 needs II > 0", NULL);
    expect_fail("ID,TIME,AMT,EVID,II,ADDL\n1,0,0,0,12,3\n", "clonazepam",
                CNSIM_E_RANGE, "ADDL 3 on a record with EVID 0", NULL);
}

static void test_negative_amounts_rates_and_intervals_fail(void **state)
{
    expect_fail("ID,TIME,AMT\n1,0,-5\n", "clonazepam", CNSIM_E_RANGE,
                "column AMT: '-5' is negative", NULL);
    expect_fail("ID,TIME,AMT,RATE\n1,0,5,-3\n", "clonazepam", CNSIM_E_RANGE,
                "column RATE: '-3' is negative", NULL);
    expect_fail("ID,TIME,AMT,II\n1,0,5,-12\n", "clonazepam", CNSIM_E_RANGE,
                "column II: '-12' is negative", NULL);
}

static void test_dose_needs_positive_amount(void **state)
{
    expect_fail("ID,TIME,AMT,EVID\n1,0,0,1\n", "clonazepam", CNSIM_E_RANGE,
                "events line 2: dose record (EVID 1) has AMT 0", NULL);
    expect_fail("ID,TIME,AMT,EVID\n1,0,.,4\n", "clonazepam", CNSIM_E_RANGE,
                "(EVID 4) has AMT 0", NULL);
}

/* RATE -1/-2 (the model's rate or duration) are read; other negative
 * rates are refused. */
static void test_model_defined_rate_is_read(void **state)
{
    (void)state;
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str("ID,TIME,AMT,RATE\n1,0,5,-2\n1,1,5,-1\n", "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n, 2);
    assert_true(l.ev[0].rate_mg_per_h == -2 && l.ev[1].rate_mg_per_h == -1);
    cnsim_event_list_free(&l);
    expect_fail("ID,TIME,AMT,RATE\n1,0,5,-3\n", "clonazepam", CNSIM_E_RANGE,
                "column RATE: '-3'", "-1 (the model's rate R) or -2", NULL);
}

static void test_integer_fields_are_checked(void **state)
{
    expect_fail("ID,TIME,AMT,EVID\n1,0,1,5\n", "clonazepam", CNSIM_E_RANGE,
                "column EVID: '5' is out of range; expected 0-4", NULL);
    expect_fail("ID,TIME,AMT,EVID\n1,0,1,1.5\n", "clonazepam", CNSIM_E_RANGE,
                "column EVID: '1.5' is not an integer", NULL);
    expect_fail("ID,TIME,AMT,II,SS\n1,0,1,12,3\n", "clonazepam", CNSIM_E_RANGE,
                "column SS: '3' is out of range", NULL);
    expect_fail("ID,TIME,AMT,II,ADDL\n1,0,1,12,2.5\n", "clonazepam",
                CNSIM_E_RANGE, "column ADDL: '2.5' is not an integer", NULL);
    expect_fail("ID,TIME,AMT,II,ADDL\n1,0,1,12,-1\n", "clonazepam",
                CNSIM_E_RANGE, "column ADDL: '-1' is out of range", NULL);
    expect_fail("ID,TIME,DV,MDV\n1,0,1,2\n", NULL, CNSIM_E_RANGE,
                "column MDV: '2'", NULL);
}

static void test_dose_without_drug_fails_with_hint(void **state)
{
    expect_fail("ID,TIME,AMT\n1,0,.\n1,1,1\n", NULL, CNSIM_E_ARG,
                "events line 3: no drug for this dose; pass --drug or add a "
                "DRUG column", NULL);
    expect_fail("ID,TIME,AMT,DRUG\n1,0,1,clonazepam\n1,1,1,.\n", NULL,
                CNSIM_E_ARG, "events line 3: no drug for this dose", NULL);
}

static void test_empty_drug_falls_back_to_default(void **state)
{
    const char *csv = "ID,TIME,AMT,DRUG\n1,0,1,Sertraline\n1,1,1,\n1,2,.,\n";
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str(csv, "clonazepam", &l), CNSIM_OK);
    assert_int_equal(l.n_drugs, 2);
    assert_string_equal(l.drugs[l.ev[0].drug], "sertraline");
    assert_string_equal(l.drugs[l.ev[1].drug], "clonazepam");
    assert_int_equal(l.ev[2].drug, -1);
    cnsim_event_list_free(&l);
}

static void test_bad_drug_and_form_names_fail(void **state)
{
    expect_fail("ID,TIME,AMT,DRUG\n1,0,1,\"a,b\"\n", NULL, CNSIM_E_ARG,
                "line 2: column DRUG: 'a,b' is not a drug name", NULL);
    expect_fail("ID,TIME,AMT,FORM\n1,0,1,extended release tablet\n",
                "clonazepam", CNSIM_E_RANGE, "column FORM", "too long", NULL);
    expect_fail("ID,TIME,AMT\n1,0,1\n", "bad;name", CNSIM_E_ARG,
                "default drug: 'bad;name'", NULL);
}

static void test_malformed_and_unterminated_quotes_fail(void **state)
{
    expect_fail("ID,TIME,AMT\n1,0,1\n1,\"2\"x,1\n", "clonazepam",
                CNSIM_E_PARSE, "line 3", "malformed quoting", NULL);
    expect_fail("ID,TIME,AMT\n1,0,1\n1,\"2,1\n", "clonazepam", CNSIM_E_PARSE,
                "not closed", NULL);
}

static void test_huge_field_is_refused(void **state)
{
    size_t n = 3 * 1024 * 1024;
    char *csv = malloc(n + 32);
    assert_non_null(csv);
    strcpy(csv, "ID,TIME,AMT\n1,0,");
    size_t k = strlen(csv);
    memset(csv + k, '1', n);
    csv[k + n] = '\0';
    expect_fail(csv, "clonazepam", CNSIM_E_RANGE, "field is longer", NULL);
    free(csv);
}

static void test_addl_beyond_record_limit_is_refused(void **state)
{
    expect_fail("ID,TIME,AMT,II,ADDL\n1,0,1,1,6000000\n1,1,1,1,6000000\n",
                "clonazepam", CNSIM_E_RANGE, "line 3", "more than 10000000",
                NULL);
    expect_fail("ID,TIME,AMT,II,ADDL\n1,0,1,1,20000000\n", "clonazepam",
                CNSIM_E_RANGE, "column ADDL", NULL);
}

static void test_failed_read_keeps_existing_records(void **state)
{
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(read_str("ID,TIME,AMT\n1,0,1\n", "clonazepam", &l),
                     CNSIM_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(read_str("ID,TIME,AMT,DRUG\n1,0,1,diazepam\n1,1,x,\n",
                              "clonazepam", &l),
                     CNSIM_E_PARSE);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.n_drugs, 1);
    cnsim_event_list_free(&l);
}

static void test_unreadable_file_is_read_error_naming_path(void **state)
{
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    assert_int_equal(cnsim_events_read_csv("/nonexistent/dir/data.csv",
                                           "clonazepam", NULL, &l),
                     CNSIM_E_READ);
    assert_non_null(strstr(cnsim_last_error(), "/nonexistent/dir/data.csv"));
    assert_non_null(strstr(cnsim_last_error(), "No such file"));
    assert_int_equal(cnsim_events_read_csv("/", "clonazepam", NULL, &l),
                     CNSIM_E_READ);
    assert_int_equal(l.n, 0);
    cnsim_event_list_free(&l);
}

static void test_registry_resolves_brand_names_and_suggests(void **state)
{
    cnsim_registry *reg = NULL;
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK) {
        print_message("registry unavailable (%s); skipped\n",
                      cnsim_last_error());
        skip();
    }
    cnsim_event_list l;
    cnsim_event_list_init(&l);
    const char *ok = "ID,TIME,AMT,DRUG\n1,0,1,Klonopin\n1,0,50,SERTRALINE\n";
    assert_int_equal(cnsim_events_read_csv_mem(ok, strlen(ok), NULL, reg, &l),
                     CNSIM_OK);
    assert_string_equal(l.drugs[l.ev[0].drug], "clonazepam");
    assert_string_equal(l.drugs[l.ev[1].drug], "sertraline");
    const char *bad = "ID,TIME,AMT,DRUG\n1,0,1,clonazepan\n";
    cnsim_status st = cnsim_events_read_csv_mem(bad, strlen(bad), NULL, reg,
                                                &l);
    assert_int_not_equal(st, CNSIM_OK);
    assert_non_null(strstr(cnsim_last_error(), "events line 2"));
    assert_non_null(strstr(cnsim_last_error(), "clonazepam"));
    assert_int_equal(l.n, 2);
    cnsim_event_list_free(&l);
    cnsim_registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_ids_file_parses_with_values),
        cmocka_unit_test(test_file_expands_to_single_doses),
        cmocka_unit_test(test_lowercase_header_drug_column_and_cmt_names),
        cmocka_unit_test(test_every_cmt_name_and_number_maps),
        cmocka_unit_test(test_dot_means_missing_and_takes_defaults),
        cmocka_unit_test(test_evid_defaults_from_amt_without_evid_column),
        cmocka_unit_test(test_quoted_fields_crlf_bom_blank_lines_and_comments),
        cmocka_unit_test(test_header_with_hash_and_extra_columns),
        cmocka_unit_test(test_old_mac_line_ends_count_lines),
        cmocka_unit_test(test_missing_time_column_is_named),
        cmocka_unit_test(test_empty_input_and_header_only_fail),
        cmocka_unit_test(test_duplicate_column_fails),
        cmocka_unit_test(test_ragged_rows_are_refused_with_line_and_counts),
        cmocka_unit_test(test_non_numeric_amt_names_line_column_value),
        cmocka_unit_test(test_time_must_be_finite_present_and_not_negative),
        cmocka_unit_test(test_unknown_cmt_names_line_and_value),
        cmocka_unit_test(test_times_going_backwards_within_id_fail),
        cmocka_unit_test(test_reset_restarts_clock_and_ids_may_return),
        cmocka_unit_test(test_addl_and_ss_need_ii),
        cmocka_unit_test(test_negative_amounts_rates_and_intervals_fail),
        cmocka_unit_test(test_dose_needs_positive_amount),
        cmocka_unit_test(test_model_defined_rate_is_read),
        cmocka_unit_test(test_integer_fields_are_checked),
        cmocka_unit_test(test_dose_without_drug_fails_with_hint),
        cmocka_unit_test(test_empty_drug_falls_back_to_default),
        cmocka_unit_test(test_bad_drug_and_form_names_fail),
        cmocka_unit_test(test_malformed_and_unterminated_quotes_fail),
        cmocka_unit_test(test_huge_field_is_refused),
        cmocka_unit_test(test_addl_beyond_record_limit_is_refused),
        cmocka_unit_test(test_failed_read_keeps_existing_records),
        cmocka_unit_test(test_unreadable_file_is_read_error_naming_path),
        cmocka_unit_test(test_registry_resolves_brand_names_and_suggests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
