/* The one vocabulary for quantities in text (src/core/units.c). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cnsim/units.h"

static double dur(const char *text)
{
    double h = NAN;
    assert_int_equal(cnsim_parse_duration_h(text, "--until", &h), CNSIM_OK);
    return h;
}

static void test_every_duration_unit_has_its_long_and_short_forms(void **state)
{
    (void)state;
    assert_float_equal(dur("3 wks"), 504, 1e-12);
    assert_float_equal(dur("3wk"), 504, 1e-12);
    assert_float_equal(dur("2 weeks"), 336, 1e-12);
    assert_float_equal(dur("1w"), 168, 1e-12);
    assert_float_equal(dur("42d"), 1008, 1e-12);
    assert_float_equal(dur("2 days"), 48, 1e-12);
    assert_float_equal(dur("12 h"), 12, 1e-12);
    assert_float_equal(dur("3 hrs"), 3, 1e-12);
    assert_float_equal(dur("1 hour"), 1, 1e-12);
    assert_float_equal(dur("90min"), 1.5, 1e-12);
    assert_float_equal(dur("30 mins"), 0.5, 1e-12);
    assert_float_equal(dur("1 minute"), 1.0 / 60, 1e-15);
    assert_float_equal(dur("3600 s"), 1, 1e-12);
    assert_float_equal(dur("1800 sec"), 0.5, 1e-12);
    assert_float_equal(dur("500ms"), 500 / 3.6e6, 1e-18);
    assert_float_equal(dur("1.5E1 H"), 15, 1e-12);   /* case-insensitive */
    assert_float_equal(dur(" 2 d "), 48, 1e-12);
    assert_float_equal(dur("0h"), 0, 0);
}

static void test_a_bare_number_needs_a_default_unit(void **state)
{
    (void)state;
    double h;
    assert_int_equal(cnsim_parse_duration_h("42", "--until", &h), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "--until"));
    assert_int_equal(cnsim_parse_duration_unit_h("250", "--duration", "ms", &h), CNSIM_OK);
    assert_float_equal(h, 250 / 3.6e6, 1e-18);
}

static void test_bad_durations_name_the_field_and_what_was_expected(void **state)
{
    (void)state;
    double h = 7;
    assert_int_equal(cnsim_parse_duration_h("3y", "--until", &h), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "--until"));
    assert_non_null(strstr(cnsim_last_error(), "'y'"));
    assert_int_equal(cnsim_parse_duration_h("-2d", "--until", &h), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "negative"));
    assert_int_equal(cnsim_parse_duration_h("", "--every", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_duration_h(NULL, "--every", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_duration_h("d", "--every", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_duration_h("inf h", "--every", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_duration_h("0x10h", "--every", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_duration_h("1e400 h", "--every", &h), CNSIM_E_RANGE);
    assert_float_equal(h, 7, 0); /* untouched on failure */
}

static void test_amounts_in_every_mass_unit(void **state)
{
    (void)state;
    double mg;
    assert_int_equal(cnsim_parse_amount_mg("0.5 mg", "x", &mg), CNSIM_OK);
    assert_float_equal(mg, 0.5, 0);
    assert_int_equal(cnsim_parse_amount_mg("500ug", "x", &mg), CNSIM_OK);
    assert_float_equal(mg, 0.5, 1e-15);
    assert_int_equal(cnsim_parse_amount_mg("250 mcg", "x", &mg), CNSIM_OK);
    assert_float_equal(mg, 0.25, 1e-15);
    assert_int_equal(cnsim_parse_amount_mg("1 g", "x", &mg), CNSIM_OK);
    assert_float_equal(mg, 1000, 0);
    assert_int_equal(cnsim_parse_amount_mg("100 ng", "x", &mg), CNSIM_OK);
    assert_float_equal(mg, 1e-4, 1e-18);
    assert_int_equal(cnsim_parse_amount_mg("1 kg", "--dose", &mg), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "'kg'"));
    assert_int_equal(cnsim_parse_amount_mg("0 mg", "--dose", &mg), CNSIM_E_RANGE);
    assert_int_equal(cnsim_parse_amount_mg("-1 mg", "--dose", &mg), CNSIM_E_RANGE);
    assert_int_equal(cnsim_parse_amount_mg("5", "--dose", &mg), CNSIM_E_PARSE);
}

static void test_doses_per_day_with_blank_or_dash(void **state)
{
    (void)state;
    double mg;
    int n;
    assert_int_equal(cnsim_parse_dose_per_day("1 mg bid", "--from", &mg, &n), CNSIM_OK);
    assert_float_equal(mg, 1, 0);
    assert_int_equal(n, 2);
    assert_int_equal(cnsim_parse_dose_per_day("0.5mg-tid", "--with", &mg, &n), CNSIM_OK);
    assert_float_equal(mg, 0.5, 0);
    assert_int_equal(n, 3);
    assert_int_equal(cnsim_parse_dose_per_day("20 mg", "--ssri", &mg, &n), CNSIM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cnsim_parse_dose_per_day("2 mg qid", "--from", &mg, &n), CNSIM_OK);
    assert_int_equal(n, 4);
    assert_int_equal(cnsim_parse_dose_per_day("1 mg weekly", "--from", &mg, &n), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "weekly"));
    assert_int_equal(cnsim_parse_dose_per_day("bid", "--from", &mg, &n), CNSIM_E_PARSE);
    /* One steady dose and nothing after it: trailing words and regimens
     * of several segments were cut before. */
    struct { const char *text, *says; } bad[] = {
        {"1 mg bid garbage trailing", "unexpected 'garbage trailing' after the dose"},
        {"1 mg bid for 28 d then 0.5 mg bid", "several segments"},
        {"1 mg bid then 0.5 mg bid", "several segments"},
        {"1 mg bid bid", "unexpected 'bid'"},
        {"1 mg-", "no frequency after '-'"},
        {"1 mg-garbage", "'garbage' in '1 mg-garbage' is not a frequency"},
        {"0x1 mg bid", "does not start with an amount"},
        {"1 bid", "unknown dose unit 'bid'"},
        {"1e400 mg", "not finite"},
        {"0 mg bid", "not positive"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_not_equal(cnsim_parse_dose_per_day(bad[i].text, "--from", &mg, &n), CNSIM_OK);
        if (!strstr(cnsim_last_error(), bad[i].says) || strncmp(cnsim_last_error(), "--from: ", 8))
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].text, cnsim_last_error(), bad[i].says);
    }
    assert_int_equal(cnsim_parse_dose_per_day("  0.25 MG  BID ", "--from", &mg, &n), CNSIM_OK);
    assert_float_equal(mg, 0.25, 0);
    assert_int_equal(n, 2);
    assert_int_equal(cnsim_parse_dose_per_day("500ug daily", "--from", &mg, &n), CNSIM_OK);
    assert_float_equal(mg, 0.5, 1e-15);
    assert_int_equal(n, 1);
}

static void test_frequencies_and_clock_times(void **state)
{
    (void)state;
    double tau, h;
    assert_true(cnsim_frequency_interval_h("bid", &tau));
    assert_float_equal(tau, 12, 0);
    assert_true(cnsim_frequency_interval_h("q8h", &tau));
    assert_float_equal(tau, 8, 0);
    assert_true(cnsim_frequency_interval_h("q2d", &tau));
    assert_float_equal(tau, 48, 0);
    assert_true(cnsim_frequency_interval_h("once", &tau));
    assert_float_equal(tau, 0, 0);
    assert_false(cnsim_frequency_interval_h("q0h", &tau));
    assert_false(cnsim_frequency_interval_h("weekly", &tau));
    assert_int_equal(cnsim_parse_clock_h("08:30", "at", &h), CNSIM_OK);
    assert_float_equal(h, 8.5, 0);
    assert_int_equal(cnsim_parse_clock_h("24:00", "at", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_clock_h("8:5x", "at", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_clock_h("8:05", "at", &h), CNSIM_OK);
    assert_float_equal(h, 8 + 5 / 60.0, 1e-15);
    assert_int_equal(cnsim_parse_clock_h("08: 30", "at", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_clock_h("08:+5", "at", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_clock_h("008:00", "at", &h), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_clock_h("23:59", "at", &h), CNSIM_OK);
    assert_false(cnsim_frequency_interval_h("q0x10h", &tau));
    assert_false(cnsim_frequency_interval_h("q1e400h", &tau));
}

static void test_a_number_is_decimal_without_hex_or_infinity(void **state)
{
    (void)state;
    double v = 7;
    const char *rest = cnsim_scan_number("28d", &v);
    assert_non_null(rest);
    assert_string_equal(rest, "d");
    assert_float_equal(v, 28, 0);
    assert_string_equal(cnsim_scan_number("-.5e1 mg", &v), " mg");
    assert_float_equal(v, -5, 0);
    assert_null(cnsim_scan_number("0x10", &v));
    assert_null(cnsim_scan_number("inf", &v));
    assert_null(cnsim_scan_number("nan", &v));
    assert_null(cnsim_scan_number(" 1", &v));
    assert_null(cnsim_scan_number("-", &v));
    assert_null(cnsim_scan_number(".", &v));
    assert_null(cnsim_scan_number(NULL, &v));
    assert_float_equal(v, -5, 0); /* untouched when there is no number */
    assert_int_equal(cnsim_parse_number("0x10", "--rtol", 0, 100, &v), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_number("1e-3", "--rtol", 0, 1, &v), CNSIM_OK);
    assert_float_equal(v, 1e-3, 0);
}

/* Only the grammar [+-] digits [. digits] [e [+-] digits] is a number; what
 * strtod reads beyond it (hex floats, infinity, nan(...)) is not, and an
 * exponent without digits stays with the unit. */
static void test_only_decimal_numbers_with_an_exponent_are_read(void **state)
{
    (void)state;
    double v = 0;
    const char *bad[] = {"0X10", "-0x1p3", "+0x.8", "INF", "Infinity", "-inf", "nan(0x1)", "NaN", "+.", "e5", ".e5",
                         "+-1", "\xef\xbc\x91"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_null(cnsim_scan_number(bad[i], &v));
    struct { const char *text, *rest; double v; } ok[] = {
        {"5.", "", 5}, {".25mg", "mg", 0.25}, {"1e3", "", 1e3}, {"1E+3h", "h", 1e3}, {"2.5e-1 d", " d", 0.25},
        {"1e", "e", 1}, {"1e+", "e+", 1}, {"3ex", "ex", 3}, {"00x10", "x10", 0}, {"1.e2", "", 100},
        {"007", "", 7}, {"-0", "", 0}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        const char *rest = cnsim_scan_number(ok[i].text, &v);
        assert_non_null(rest);
        assert_string_equal(rest, ok[i].rest);
        assert_float_equal(v, ok[i].v, 0);
    }
    double mg;
    assert_int_equal(cnsim_parse_amount_mg("0x10mg", "--dose", &mg), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_amount_mg("infmg", "--dose", &mg), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_number("1e", "--x", 0, 10, &v), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_number("1e400", "--x", 0, 10, &v), CNSIM_E_PARSE);
    /* A message quoting the text stays one line (found by fuzz_patient). */
    assert_int_equal(cnsim_parse_amount_mg("1\nmg\r\x1b[2J", "--dose", &mg), CNSIM_E_PARSE);
    assert_null(strpbrk(cnsim_last_error(), "\n\r\x1b"));
    assert_non_null(strstr(cnsim_last_error(), "1?mg"));
}

static void test_whole_numbers_take_the_full_seed_range(void **state)
{
    (void)state;
    unsigned long long v;
    assert_int_equal(cnsim_parse_whole("18446744073709551615", "--seed", 0, UINT64_MAX, &v), CNSIM_OK);
    assert_true(v == UINT64_MAX);
    assert_int_equal(cnsim_parse_whole("18446744073709551616", "--seed", 0, UINT64_MAX, &v), CNSIM_E_RANGE);
    assert_int_equal(cnsim_parse_whole("-1", "--seed", 0, UINT64_MAX, &v), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_whole("1e3", "--n", 1, 1000, &v), CNSIM_E_PARSE);
    assert_int_equal(cnsim_parse_whole("0", "--n", 1, 1000, &v), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "--n"));
    double x;
    assert_int_equal(cnsim_parse_number("1e-8", "--rtol", 0, 1, &x), CNSIM_OK);
    assert_float_equal(x, 1e-8, 0);
    assert_int_equal(cnsim_parse_number("2", "--rtol", 0, 1, &x), CNSIM_E_RANGE);
    assert_int_equal(cnsim_parse_number("nan", "--rtol", 0, 1, &x), CNSIM_E_PARSE);
}

static void test_success_clears_an_earlier_message(void **state)
{
    (void)state;
    double h;
    assert_int_equal(cnsim_parse_duration_h("3y", "--until", &h), CNSIM_E_PARSE);
    assert_true(cnsim_last_error()[0] != '\0');
    assert_int_equal(cnsim_parse_duration_h("3d", "--until", &h), CNSIM_OK);
    assert_string_equal(cnsim_last_error(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_duration_unit_has_its_long_and_short_forms),
        cmocka_unit_test(test_a_bare_number_needs_a_default_unit),
        cmocka_unit_test(test_bad_durations_name_the_field_and_what_was_expected),
        cmocka_unit_test(test_amounts_in_every_mass_unit),
        cmocka_unit_test(test_doses_per_day_with_blank_or_dash),
        cmocka_unit_test(test_frequencies_and_clock_times),
        cmocka_unit_test(test_a_number_is_decimal_without_hex_or_infinity),
        cmocka_unit_test(test_only_decimal_numbers_with_an_exponent_are_read),
        cmocka_unit_test(test_whole_numbers_take_the_full_seed_range),
        cmocka_unit_test(test_success_clears_an_earlier_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
