/* tests for src/tdm/level.c: a measured level written as text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "cnsim/tdm.h"

static void test_levels_that_read(void **state)
{
    (void)state;
    static const struct { const char *text, *species; double t, v; int blq; } c[] = {
        {"167.9 h 12.3 ng/mL", "", 167.9, 12.3, 0},
        {"168 12.3", "", 168, 12.3, 0},
        {"7 d 0.015 mg/L", "", 168, 15, 0},
        {"90min 4ug/L", "", 1.5, 4, 0},
        {"  300 h <0.5", "", 300, 0.5, 1},
        {"300 h < 500 ng/L", "", 300, 0.5, 1},
        {"300h BLQ 1", "", 300, 1, 1},
        {"7-aminoclonazepam 240 h 5.1 ng/mL", "7-aminoclonazepam", 240, 5.1, 0},
        {"norfluoxetine 2 w 0.2 ug/mL", "norfluoxetine", 336, 200, 0},
        {"0 h 0", "", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char sp[CNSIM_TDM_SPECIES_MAX];
        cnsim_tdm_level lv;
        if (cnsim_tdm_parse_level(c[i].text, "--level", sp, &lv) != CNSIM_OK)
            fail_msg("'%s': %s", c[i].text, cnsim_last_error());
        assert_string_equal(sp, c[i].species);
        assert_true(fabs(lv.time_h - c[i].t) < 1e-9);
        assert_int_equal(lv.blq, c[i].blq);
        assert_true(fabs((c[i].blq ? lv.lloq_ng_mL : lv.value_ng_mL) - c[i].v) < 1e-9 * fmax(1, c[i].v));
    }
}

static void test_levels_that_do_not_read_say_why(void **state)
{
    (void)state;
    static const struct { const char *text; cnsim_status st; const char *says; } c[] = {
        {"", CNSIM_E_PARSE, "no time"},
        {"12.3", CNSIM_E_PARSE, "no concentration"},
        {"168 furlongs 12", CNSIM_E_PARSE, "'furlongs' is not a time unit"},
        {"168 h 12 mmol/L", CNSIM_E_PARSE, "'mmol/L' is not a concentration unit"},
        {"168 h 12 ng/mL extra", CNSIM_E_PARSE, "unexpected 'extra'"},
        {"-1 h 12", CNSIM_E_RANGE, "expected a finite time >= 0"},
        {"168 h -3", CNSIM_E_RANGE, "concentration -3"},
        {"168 h <0", CNSIM_E_RANGE, "a limit > 0"},
        {"1e999 h 3", CNSIM_E_RANGE, "time"},
        {"clon@zepam 168 h 3", CNSIM_E_PARSE, "neither a species name nor a time"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char sp[CNSIM_TDM_SPECIES_MAX];
        cnsim_tdm_level lv;
        cnsim_status st = cnsim_tdm_parse_level(c[i].text, "--level", sp, &lv);
        if (st != c[i].st || !strstr(cnsim_last_error(), c[i].says) || strncmp(cnsim_last_error(), "--level: ", 9))
            fail_msg("'%s': status %d, message '%s'; expected %d with '%s'", c[i].text, st, cnsim_last_error(), c[i].st,
                     c[i].says);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels_that_read),
        cmocka_unit_test(test_levels_that_do_not_read_say_why),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
