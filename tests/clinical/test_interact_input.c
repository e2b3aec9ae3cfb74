/* cnsim_interact_parse: amounts, default doses, bad input; and the CLI's
 * JSON contract fields and exit codes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static cnsim_registry *reg;

static void amounts(void **st)
{
    cnsim_interact_drug d;
    assert_int_equal(cnsim_interact_parse(reg, "Klonopin:500ug", &d), CNSIM_OK);
    assert_string_equal(d.name, "clonazepam");
    assert_float_equal(d.dose_mg, 0.5, 1e-12);
    assert_int_equal(cnsim_interact_parse(reg, "ethanol:2drinks", &d), CNSIM_OK);
    assert_float_equal(d.dose_mg, 28000, 1e-9);
    assert_int_equal(cnsim_interact_parse(reg, "ethanol:1g/L", &d), CNSIM_OK);
    assert_float_equal(d.bac_g_L, 1.0, 1e-12);
    assert_int_equal(cnsim_interact_parse(reg, "oxycodone", &d), CNSIM_OK);
    assert_true(d.is_default_dose && d.dose_mg > 0 && strstr(d.dose_note, "usual"));
}

static void bad_input(void **st)
{
    cnsim_interact_drug d[2];
    assert_int_equal(cnsim_interact_parse(reg, "clonazpam:1mg", &d[0]), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "clonazepam"));
    assert_int_equal(cnsim_interact_parse(reg, "clonazepam:abc", &d[0]), CNSIM_E_PARSE);
    assert_int_equal(cnsim_interact_parse(reg, "clonazepam:1g/L", &d[0]), CNSIM_E_PARSE);
    assert_int_equal(cnsim_interact_parse(reg, "clonazepam:-1mg", &d[0]), CNSIM_E_PARSE);
    static cnsim_interact_result r;
    assert_int_equal(cnsim_interact_parse(reg, "clonazepam:1mg", &d[0]), CNSIM_OK);
    assert_int_equal(cnsim_interact_analyze(reg, d, 1, &r), CNSIM_E_ARG);
}

/* Amounts have a plausible range: 10 x the labelled maximum daily dose at
 * most (clonazepam 20 mg/day -> 200 mg), ethanol up to 8 g/kg for 70 kg
 * (560 g = 40 drinks), 1/100 of the smallest labelled daily dose at least;
 * numbers are decimal only. */
static void amounts_have_a_plausible_range(void **st)
{
    (void)st;
    cnsim_interact_drug d;
    struct { const char *arg; cnsim_status want; const char *says; } c[] = {
        {"clonazepam:1e300mg", CNSIM_E_RANGE, "200 mg"},
        {"clonazepam:201mg", CNSIM_E_RANGE, "20 mg/day"},
        {"clonazepam:200mg", CNSIM_OK, NULL},
        {"clonazepam:1ug", CNSIM_E_RANGE, "0.005 mg"},
        {"clonazepam:5ug", CNSIM_OK, NULL},
        {"clonazepam:0x10mg", CNSIM_E_PARSE, "0x10mg"},
        {"clonazepam:infmg", CNSIM_E_PARSE, "infmg"},
        {"clonazepam:nanmg", CNSIM_E_PARSE, "nanmg"},
        {"clonazepam:1e400mg", CNSIM_E_PARSE, "1e400mg"},
        {"ethanol:100drinks", CNSIM_E_RANGE, "40 drinks"},
        {"ethanol:40drinks", CNSIM_OK, NULL},
        {"ethanol:600g", CNSIM_E_RANGE, "560 g"},
        {"ethanol:7g/L", CNSIM_E_RANGE, "6 g/L"},
        {"oxycodone:201mg", CNSIM_E_RANGE, "mg"},
        {"sertraline:2g", CNSIM_OK, NULL},
        {"sertraline:2.1g", CNSIM_E_RANGE, "200 mg/day"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        cnsim_status got = cnsim_interact_parse(reg, c[i].arg, &d);
        if (got != c[i].want)
            fail_msg("%s: status %d, expected %d (%s)", c[i].arg, got, c[i].want, cnsim_last_error());
        if (c[i].says && !strstr(cnsim_last_error(), c[i].says))
            fail_msg("%s: message '%s' does not say '%s'", c[i].arg, cnsim_last_error(), c[i].says);
        if (c[i].says)
            assert_null(strchr(cnsim_last_error(), '\n'));
    }
}

/* The same drug twice is refused by name; duplicate therapy is reserved
 * for two different drugs of one class. */
static void the_same_drug_twice_is_refused(void **st)
{
    (void)st;
    cnsim_interact_drug d[2];
    static cnsim_interact_result r;
    assert_int_equal(cnsim_interact_parse(reg, "clonazepam", &d[0]), CNSIM_OK);
    assert_int_equal(cnsim_interact_parse(reg, "Klonopin:1mg", &d[1]), CNSIM_OK);
    assert_int_equal(cnsim_interact_analyze(reg, d, 2, &r), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "clonazepam is given twice"));
    assert_null(strstr(cnsim_last_error(), "then"));
    assert_int_equal(cnsim_interact_parse(reg, "diazepam:5mg", &d[1]), CNSIM_OK);
    assert_int_equal(cnsim_interact_analyze(reg, d, 2, &r), CNSIM_OK);
    int dup = 0;
    for (size_t i = 0; i < r.n_findings; i++)
        dup |= strstr(r.findings[i].mechanism, "duplicate therapy") != NULL;
    assert_true(dup);
}

static int sh(const char *cmd)
{
    int rc = system(cmd);
    return WEXITSTATUS(rc);
}

static void cli(void **st)
{
    const char *bin = getenv("CNSIM_BINARY_DIR");
    if (!bin) skip();
    char c[2048];
    snprintf(c, sizeof c, "%s/cnsim interact clonazepam:1mg oxycodone:20mg --format json | "
             "python3 -c 'import json,sys; o=json.load(sys.stdin); "
             "assert all(k in f for f in o[\"findings\"] for k in (\"severity\",\"mechanism\",\"advice\",\"source\")); "
             "assert o[\"respiratory_drive_min_combined\"] < min(o[\"respiratory_drive_min_alone\"].values()); "
             "assert abs(o[\"hypoxemia_probability_max_combined\"] + o[\"respiratory_drive_min_combined\"] - 1) < 1e-6; "
             "v = o[\"minute_ventilation_frac_min_alone\"]; "
             "assert set(v) == {\"clonazepam\", \"oxycodone\"} and v[\"clonazepam\"] > 0.999 and 0.69 < v[\"oxycodone\"] < 0.75; "
             "assert o[\"minute_ventilation_frac_min_combined\"] < v[\"oxycodone\"]'", bin);
    assert_int_equal(sh(c), 0);
    snprintf(c, sizeof c, "%s/cnsim interact clonazepam:1mg carbamazepine:400mg --format json | "
             "python3 -c 'import json,sys; o=json.load(sys.stdin); assert 0.6 < o[\"auc_fold_change\"] < 0.8'", bin);
    assert_int_equal(sh(c), 0);
    snprintf(c, sizeof c, "%s/cnsim interact clonazepam:1mg oxycodone | head -1 | grep -q 'not medical advice'", bin);
    assert_int_equal(sh(c), 0);
    const char *bad[] = {"clonazpam oxycodone", "clonazepam:1xx oxycodone", "clonazepam",
                         "clonazepam:1e300mg oxycodone", "ethanol:100drinks clonazepam", "clonazepam:0x10mg oxycodone",
                         "clonazepam clonazepam"};
    for (int i = 0; i < 7; i++) {
        snprintf(c, sizeof c, "%s/cnsim interact %s 2>/dev/null >/dev/null", bin, bad[i]);
        assert_int_equal(sh(c), 2);
    }
}

int main(void)
{
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK) return 1;
    const struct CMUnitTest t[] = {
        cmocka_unit_test(amounts), cmocka_unit_test(bad_input), cmocka_unit_test(amounts_have_a_plausible_range),
        cmocka_unit_test(the_same_drug_twice_is_refused), cmocka_unit_test(cli),
    };
    int rc = cmocka_run_group_tests(t, NULL, NULL);
    cnsim_registry_free(reg);
    return rc;
}
