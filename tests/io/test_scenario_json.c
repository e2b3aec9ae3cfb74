/* tests for src/io/scenario_json.c: JSON scenario files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnsim/io.h"

static cnsim_status read_str(const char *json, cnsim_scenario *s)
{
    return cnsim_scenario_read_mem(json, strlen(json), "/base", s);
}

/* Reads json, expects status `want` and a message containing every string
 * in the NULL-terminated list. */
static void expect_fail(const char *json, cnsim_status want, ...)
{
    cnsim_scenario s;
    cnsim_status st = read_str(json, &s);
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
    /* A failed read leaves an empty scenario that clear() accepts. */
    assert_null(s.drugs);
    assert_null(s.events_path);
    cnsim_scenario_free(&s);
}

static void test_full_scenario_parses_with_values(void **state)
{
    const char *json =
        "{ \"name\": \"adjunct\",\n"
        "  \"drugs\": [ {\"drug\": \"clonazepam\", \"regimen\": \"0.5 mg bid "
        "for 28 d\", \"formulation\": \"odt\"},\n"
        "             {\"name\": \"sertraline\", \"regimen\": \"50 mg qd\"} ],\n"
        "  \"until\": \"8w\", \"every\": 0.5, \"solver\": \"cvode\",\n"
        "  \"rtol\": 1e-8, \"atol\": 1e-12, \"seed\": 42 }";
    cnsim_scenario s;
    assert_int_equal(read_str(json, &s), CNSIM_OK);
    assert_string_equal(s.name, "adjunct");
    assert_int_equal(s.n_drugs, 2);
    assert_string_equal(s.drugs[0].name, "clonazepam");
    assert_string_equal(s.drugs[0].regimen, "0.5 mg bid for 28 d");
    assert_string_equal(s.drugs[0].form, "odt");
    assert_string_equal(s.drugs[1].name, "sertraline");
    assert_string_equal(s.drugs[1].form, "");
    assert_null(s.events_path);
    assert_true(s.until_h == 8 * 168);
    assert_true(s.every_h == 0.5);
    assert_string_equal(s.solver, "cvode");
    assert_true(s.rtol == 1e-8);
    assert_true(s.atol == 1e-12);
    assert_int_equal(s.seed, 42);
    cnsim_scenario_free(&s);
    assert_int_equal(s.n_drugs, 0);
    cnsim_scenario_free(&s); /* twice is fine */
}

static void test_optional_fields_default_to_not_given(void **state)
{
    cnsim_scenario s;
    assert_int_equal(read_str("{\"drugs\": [{\"drug\": \"diazepam\", "
                              "\"regimen\": \"5 mg once\"}]}", &s),
                     CNSIM_OK);
    assert_string_equal(s.name, "");
    assert_true(isnan(s.until_h) && isnan(s.every_h));
    assert_true(isnan(s.rtol) && isnan(s.atol));
    assert_string_equal(s.solver, "");
    assert_int_equal(s.seed, -1);
    cnsim_scenario_free(&s);
}

static void test_events_path_is_relative_to_the_scenario(void **state)
{
    cnsim_scenario s;
    assert_int_equal(read_str("{\"events\": \"data/doses.csv\"}", &s),
                     CNSIM_OK);
    assert_string_equal(s.events_path, "/base/data/doses.csv");
    assert_int_equal(s.n_drugs, 0);
    cnsim_scenario_free(&s);
    assert_int_equal(read_str("{\"events\": \"/abs/doses.csv\", \"drugs\": "
                              "[{\"drug\": \"clonazepam\"}]}", &s),
                     CNSIM_OK);
    assert_string_equal(s.events_path, "/abs/doses.csv");
    assert_null(s.drugs[0].regimen);
    cnsim_scenario_free(&s);
}

static void test_scenario_file_resolves_events_beside_it(void **state)
{
    char dir[] = "/tmp/cnsim_scn_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/run.json", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"events\": \"doses.csv\"}\n", fp);
    fclose(fp);
    cnsim_scenario s;
    assert_int_equal(cnsim_scenario_read(path, &s), CNSIM_OK);
    char want[300];
    snprintf(want, sizeof want, "%s/doses.csv", dir);
    assert_string_equal(s.events_path, want);
    cnsim_scenario_free(&s);

    fp = fopen(path, "w");
    fputs("{\"drugs\": [\n  {\"drug\": \"x\", \"regimen\": 5}\n]}\n", fp);
    fclose(fp);
    assert_int_equal(cnsim_scenario_read(path, &s), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), path));
    assert_non_null(strstr(cnsim_last_error(), "drugs[0].regimen"));
    unlink(path);
    rmdir(dir);
}

static void test_unreadable_file_is_read_error(void **state)
{
    cnsim_scenario s;
    assert_int_equal(cnsim_scenario_read("/nonexistent/s.json", &s),
                     CNSIM_E_READ);
    assert_non_null(strstr(cnsim_last_error(), "/nonexistent/s.json"));
    assert_non_null(strstr(cnsim_last_error(), "No such file"));
    assert_null(s.drugs);
    cnsim_scenario_free(&s);
}

static void test_syntax_error_gives_line_and_column(void **state)
{
    expect_fail("{\n  \"drugs\": [\n    {\"drug\": \"x\",, }\n  ]\n}",
                CNSIM_E_PARSE, "scenario line 3 column", NULL);
    expect_fail("", CNSIM_E_PARSE, "scenario line", NULL);
    expect_fail("{\"until\": \"1d\", \"until\": \"2d\"}", CNSIM_E_PARSE,
                "duplicate", NULL);
}

static void test_wrong_types_name_the_json_path(void **state)
{
    expect_fail("[1, 2]", CNSIM_E_PARSE, "expected a JSON object", "got array",
                NULL);
    expect_fail("{\"drugs\": [{\"drug\": \"a\", \"regimen\": \"1 mg\"}, "
                "{\"drug\": \"b\", \"regimen\": 5}]}",
                CNSIM_E_PARSE,
                "scenario: drugs[1].regimen: expected a string, got number",
                NULL);
    expect_fail("{\"drugs\": {\"drug\": \"a\"}}", CNSIM_E_PARSE,
                "drugs: expected an array", "got object", NULL);
    expect_fail("{\"drugs\": [\"clonazepam\"]}", CNSIM_E_PARSE,
                "drugs[0]: expected an object", "got string", NULL);
    expect_fail("{\"drugs\": [{\"drug\": true, \"regimen\": \"1 mg\"}]}",
                CNSIM_E_PARSE, "drugs[0].drug: expected a string, got boolean",
                NULL);
    expect_fail("{\"name\": 3, \"events\": \"x.csv\"}", CNSIM_E_PARSE,
                "name: expected a string, got number", NULL);
    expect_fail("{\"events\": null}", CNSIM_E_PARSE,
                "events: expected a string, got null", NULL);
    expect_fail("{\"events\": \"x.csv\", \"seed\": 1.5}", CNSIM_E_PARSE,
                "seed: expected an integer", NULL);
    expect_fail("{\"events\": \"x.csv\", \"rtol\": \"1e-6\"}", CNSIM_E_PARSE,
                "rtol: expected a positive number, got string", NULL);
}

static void test_drugs_must_be_a_non_empty_list_of_named_drugs(void **state)
{
    expect_fail("{\"drugs\": []}", CNSIM_E_PARSE, "drugs: expected at least one",
                NULL);
    expect_fail("{\"drugs\": [{\"regimen\": \"1 mg\"}]}", CNSIM_E_PARSE,
                "drugs[0]: no drug name", NULL);
    expect_fail("{\"drugs\": [{\"drug\": \"\", \"regimen\": \"1 mg\"}]}",
                CNSIM_E_PARSE, "drugs[0].drug: expected a non-empty string",
                NULL);
    expect_fail("{\"drugs\": [{\"drug\": \"a\", \"name\": \"b\", \"regimen\": "
                "\"1 mg\"}]}",
                CNSIM_E_PARSE, "drugs[0]: both 'drug' and 'name'", NULL);
    expect_fail("{\"drugs\": [{\"drug\": \"a\", \"regimen\": \"1 mg\", "
                "\"formulation\": \"a-very-long-formulation-name\"}]}",
                CNSIM_E_RANGE, "drugs[0].formulation", "too long", NULL);
    expect_fail("{\"drugs\": [{\"drug\": \"a\", \"regimen\": \"1 mg\"}, "
                "{\"drug\": \"b\", \"regmen\": \"1 mg\"}]}",
                CNSIM_E_PARSE, "drugs[1]: unknown key 'regmen'",
                "did you mean 'regimen'", NULL);
}

static void test_regimen_or_events_is_required(void **state)
{
    expect_fail("{}", CNSIM_E_PARSE, "nothing to simulate", NULL);
    expect_fail("{\"name\": \"x\", \"until\": \"1d\"}", CNSIM_E_PARSE,
                "nothing to simulate", NULL);
    expect_fail("{\"drugs\": [{\"drug\": \"a\", \"regimen\": \"1 mg\"}, "
                "{\"drug\": \"b\"}]}",
                CNSIM_E_PARSE, "drugs[1]: no regimen for 'b'", NULL);
}

static void test_unknown_top_level_key_lists_expected_keys(void **state)
{
    expect_fail("{\"events\": \"x.csv\", \"untill\": \"2d\"}", CNSIM_E_PARSE,
                "unknown key 'untill'", "did you mean 'until'",
                "expected name, drugs, events, until, every, solver, rtol, "
                "atol, seed", NULL);
    expect_fail("{\"events\": \"x.csv\", \"colour\": 1}", CNSIM_E_PARSE,
                "unknown key 'colour'; expected name", NULL);
}

static void test_durations_solver_tolerances_and_seed_are_checked(void **state)
{
    expect_fail("{\"events\": \"x.csv\", \"until\": \"42 fortnights\"}",
                CNSIM_E_PARSE, "until", "fortnights", NULL);
    expect_fail("{\"events\": \"x.csv\", \"until\": \"0d\"}", CNSIM_E_RANGE,
                "until: 0 h; expected a duration > 0", NULL);
    expect_fail("{\"events\": \"x.csv\", \"every\": -1}", CNSIM_E_RANGE,
                "every: -1 h", NULL);
    expect_fail("{\"events\": \"x.csv\", \"until\": 1e12}", CNSIM_E_RANGE,
                "until", "at most 100 years", NULL);
    expect_fail("{\"events\": \"x.csv\", \"every\": [1]}", CNSIM_E_PARSE,
                "every: expected a duration", "got array", NULL);
    expect_fail("{\"events\": \"x.csv\", \"solver\": \"lsoda\"}", CNSIM_E_PARSE,
                "solver: \"lsoda\" is not a solver", "\"closed\"", NULL);
    expect_fail("{\"events\": \"x.csv\", \"rtol\": 0}", CNSIM_E_RANGE,
                "rtol: 0; expected a number > 0", NULL);
    expect_fail("{\"events\": \"x.csv\", \"atol\": -1e-9}", CNSIM_E_RANGE,
                "atol", NULL);
    expect_fail("{\"events\": \"x.csv\", \"seed\": -3}", CNSIM_E_RANGE,
                "seed: -3; expected an integer >= 0", NULL);

    cnsim_scenario s;
    assert_int_equal(read_str("{\"events\": \"x.csv\", \"until\": \"90 min\", "
                              "\"every\": \"2 h\", \"solver\": \"closed\"}",
                              &s),
                     CNSIM_OK);
    assert_true(s.until_h == 1.5);
    assert_true(s.every_h == 2);
    assert_string_equal(s.solver, "closed");
    cnsim_scenario_free(&s);
}

static void test_strings_with_nul_are_refused(void **state)
{
    static const char json[] = "{\"events\": \"a\\u0000b.csv\"}";
    cnsim_scenario s;
    assert_int_equal(cnsim_scenario_read_mem(json, sizeof json - 1, NULL, &s),
                     CNSIM_E_PARSE);
    /* jansson itself refuses a NUL escape without JSON_ALLOW_NUL. */
    assert_non_null(strstr(cnsim_last_error(), "scenario line 1"));
    cnsim_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_scenario_parses_with_values),
        cmocka_unit_test(test_optional_fields_default_to_not_given),
        cmocka_unit_test(test_events_path_is_relative_to_the_scenario),
        cmocka_unit_test(test_scenario_file_resolves_events_beside_it),
        cmocka_unit_test(test_unreadable_file_is_read_error),
        cmocka_unit_test(test_syntax_error_gives_line_and_column),
        cmocka_unit_test(test_wrong_types_name_the_json_path),
        cmocka_unit_test(test_drugs_must_be_a_non_empty_list_of_named_drugs),
        cmocka_unit_test(test_regimen_or_events_is_required),
        cmocka_unit_test(test_unknown_top_level_key_lists_expected_keys),
        cmocka_unit_test(test_durations_solver_tolerances_and_seed_are_checked),
        cmocka_unit_test(test_strings_with_nul_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
