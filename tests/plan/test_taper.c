/* Taper schedules (src/plan/taper.c): methods, product rounding, the
 * guideline checks and bad input. One simulation per method at most. */
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
static cnsim_taper_plan plan;

static int setup(void **state)
{
    (void)state;
    return cnsim_registry_open(NULL, &reg) == CNSIM_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cnsim_taper_plan_free(&plan);
    cnsim_registry_free(reg);
    return 0;
}

static int has_warning(const cnsim_taper_plan *p, const char *code)
{
    for (size_t i = 0; i < p->n_warnings; i++)
        if (!strcmp(p->warnings[i].code, code))
            return 1;
    return 0;
}

/* A taper starts from a dose that exists: at least the smallest amount
 * that can be dispensed (clonazepam 0.125 mg ODT) and at most the labelled
 * maximum daily dose (20 mg/day, Klonopin label). "1e-300 mg bid" made a
 * taper of 0 days. */
static void test_starting_dose_is_between_one_dispensable_unit_and_the_label_maximum(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    struct { double mg; int n; cnsim_status want; const char *says; } c[] = {
        {1e-300, 2, CNSIM_E_RANGE, "below the smallest dose that can be dispensed, 0.125 mg"},
        {0.0625, 2, CNSIM_E_RANGE, "0.125 mg ODT"},
        {0.125, 1, CNSIM_OK, NULL},
        {10, 2, CNSIM_OK, NULL},
        {10.125, 2, CNSIM_E_RANGE, "above its labelled maximum, 20 mg/day"},
        {30, 2, CNSIM_E_RANGE, "60 mg/day"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        o.from_dose_mg = c[i].mg, o.n_per_day = c[i].n;
        cnsim_status st = cnsim_taper_build(reg, &o, &plan);
        if (st != c[i].want)
            fail_msg("%g mg x %d: status %d, expected %d (%s)", c[i].mg, c[i].n, st, c[i].want, cnsim_last_error());
        if (c[i].says && !strstr(cnsim_last_error(), c[i].says))
            fail_msg("%g mg x %d: message '%s' lacks '%s'", c[i].mg, c[i].n, cnsim_last_error(), c[i].says);
        if (st == CNSIM_OK)
            assert_true(plan.n_steps > 0);
    }
    o.drug = "diazepam", o.from_dose_mg = 0.5, o.n_per_day = 1;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "half of a 2 mg tablet"));
    o.from_dose_mg = 25, o.n_per_day = 2;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "40 mg/day"));
}

static void test_every_method_reaches_zero_in_whole_product_doses(void **state)
{
    (void)state;
    for (int m = 0; m < CNSIM_TAPER_OPTIMIZED; m++) {
        cnsim_taper_opts o = cnsim_taper_opts_default();
        o.method = (cnsim_taper_method)m;
        assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
        assert_true(plan.n_steps > 1);
        assert_true(plan.steps[plan.n_steps - 1].daily_dose_mg == 0);
        for (size_t i = 0; i < plan.n_steps; i++) {
            double unit = plan.steps[i].drug == 0 ? 0.125 : 1;
            double sum = 0;
            for (int a = 0; a < plan.steps[i].n_per_day; a++) {
                assert_true(fabs(plan.steps[i].admin_mg[a] / unit - round(plan.steps[i].admin_mg[a] / unit)) < 1e-9);
                sum += plan.steps[i].admin_mg[a];
            }
            assert_true(fabs(sum - plan.steps[i].daily_dose_mg) < 1e-9);
        }
        assert_true(plan.duration_days > 0);
        assert_true(strlen(cnsim_taper_method_source(o.method)) > 20);
    }
}

static void test_label_from_1_mg_bid_is_flagged_fast(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.method = CNSIM_TAPER_LABEL;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    /* 2 mg/day minus 0.25 mg/day every 3 days: zero on day 21. */
    assert_true(fabs(plan.duration_days - 21) < 1e-9);
    assert_true(has_warning(&plan, "label_fast_for_long_term_use"));
    assert_true(has_warning(&plan, "taper_faster_than_guideline"));
}

static void test_proportional_at_asam_pace_is_not_flagged_fast(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_false(has_warning(&plan, "taper_faster_than_guideline"));
    /* The end needs steps below the 0.125 mg ODT: said, not hidden. */
    assert_true(has_warning(&plan, "liquid_needed"));
}

static void test_hyperbolic_target_steps_shrink(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.method = CNSIM_TAPER_HYPERBOLIC;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    double prev = 2, prev_step = INFINITY;
    for (size_t i = 0; i + 1 < plan.n_steps; i++) {
        double step = prev - plan.steps[i].target_daily_mg;
        assert_true(step < prev_step + 1e-12);
        prev_step = step, prev = plan.steps[i].target_daily_mg;
    }
    double first = 2 - plan.steps[0].daily_dose_mg;
    double last = plan.steps[plan.n_steps - 3].daily_dose_mg - plan.steps[plan.n_steps - 2].daily_dose_mg;
    assert_true(first >= last);
}

static void test_unknown_method_lists_the_methods(void **state)
{
    (void)state;
    cnsim_taper_method m;
    assert_int_equal(cnsim_taper_method_parse("fast", &m), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "diazepam-crossover"));
    assert_int_equal(cnsim_taper_method_parse("hyperbolic", &m), CNSIM_OK);
    assert_int_equal(m, CNSIM_TAPER_HYPERBOLIC);
}

static void test_too_short_max_weeks_says_what_is_possible(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.max_weeks = 4;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "25% every 2 weeks"));
    o.method = CNSIM_TAPER_LINEAR, o.max_weeks = 1;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_RANGE);
    o.method = CNSIM_TAPER_PROPORTIONAL, o.max_weeks = NAN, o.from_dose_mg = 0.1;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_RANGE);
}

static void test_crossover_keeps_the_equivalent_dose_while_switching(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.method = CNSIM_TAPER_DIAZEPAM_CROSSOVER;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_int_equal(plan.n_drugs, 2);
    /* Stage k on day 7(k-1): clonazepam + diazepam/20 = 2 mg. */
    for (size_t i = 0; i + 1 < 8; i += 2)
        assert_true(fabs(plan.steps[i].daily_dose_mg + plan.steps[i + 1].daily_dose_mg / 20 - 2) < 1e-9);
    assert_true(fabs(plan.steps[7].daily_dose_mg - 40) < 1e-9);
}

/* The optimizer keeps the simulated withdrawal index under its threshold
 * and ends sooner than the ASAM-pace proportional taper (which it may
 * outpace: then the guideline flag says so). */
static void test_optimizer_stays_under_the_threshold_and_is_shorter(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.threshold = 0.05;
    assert_int_equal(cnsim_taper_optimize(reg, &o, &plan), CNSIM_OK);
    assert_true(plan.peak_withdrawal_index < 0.05);
    assert_true(plan.steps[plan.n_steps - 1].daily_dose_mg == 0);
    double optimized_days = plan.duration_days;
    cnsim_taper_plan_free(&plan);
    o.method = CNSIM_TAPER_PROPORTIONAL;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_true(optimized_days < plan.duration_days);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_starting_dose_is_between_one_dispensable_unit_and_the_label_maximum),
        cmocka_unit_test(test_every_method_reaches_zero_in_whole_product_doses),
        cmocka_unit_test(test_label_from_1_mg_bid_is_flagged_fast),
        cmocka_unit_test(test_proportional_at_asam_pace_is_not_flagged_fast),
        cmocka_unit_test(test_hyperbolic_target_steps_shrink),
        cmocka_unit_test(test_unknown_method_lists_the_methods),
        cmocka_unit_test(test_too_short_max_weeks_says_what_is_possible),
        cmocka_unit_test(test_crossover_keeps_the_equivalent_dose_while_switching),
        cmocka_unit_test(test_optimizer_stays_under_the_threshold_and_is_shorter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
