/* Validation of the taper claims of issue 5 (DESIGN.md C7): a taper at the
 * ASAM 2025 pace (10% every 2 weeks, asam2025) keeps the simulated
 * withdrawal index far below an abrupt stop after the same 12 weeks on
 * clonazepam 1 mg bid, and the label's 3-day steps (klonopin-label) give a
 * peak close to the abrupt one. Three simulations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static cnsim_registry *reg;

static int setup(void **state)
{
    (void)state;
    return cnsim_registry_open(NULL, &reg) == CNSIM_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cnsim_registry_free(reg);
    return 0;
}

static double peak_of(cnsim_taper_method m)
{
    static cnsim_taper_plan plan;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.method = m;
    if (cnsim_taper_build(reg, &o, &plan) != CNSIM_OK || cnsim_taper_simulate(reg, &o, &plan) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    double p = plan.peak_withdrawal_index;
    cnsim_taper_plan_free(&plan);
    return p;
}

static void test_asam_pace_keeps_withdrawal_far_below_abrupt_stop(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    double abrupt;
    assert_int_equal(cnsim_taper_abrupt_peak(reg, &o, &abrupt), CNSIM_OK);
    double prop = peak_of(CNSIM_TAPER_PROPORTIONAL), label = peak_of(CNSIM_TAPER_LABEL);
    print_message("abrupt %.3f, proportional %.3f, label %.3f\n", abrupt, prop, label);
    assert_true(abrupt > 0.1);
    assert_true(prop < 0.5 * abrupt);
    /* The label's 21-day taper is hardly gentler than stopping. */
    assert_true(label > 0.5 * abrupt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_asam_pace_keeps_withdrawal_far_below_abrupt_stop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
