/* Validation of the bridge claim of issue 5: sertraline 50 mg qd with
 * clonazepam 0.5 mg bid for 4 weeks, then a 2-week taper, reaches HAM-D
 * response (>= 50% reduction, frank1991) earlier than sertraline alone
 * (smith1998, londborg2000; Cochrane furukawa2001: early benefit), by about
 * 1-2 weeks, and the HAM-D difference at week 8 is small (no difference at
 * 6-8 weeks in the meta-analysis). Two simulations of 12 weeks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static void test_bridge_shape(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_bridge_opts o = cnsim_bridge_opts_default();
    cnsim_bridge_result r;
    if (cnsim_bridge_run(reg, &o, &r) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    cnsim_registry_free(reg);
    double w = r.weeks_to_response_with, wo = r.weeks_to_response_without;
    print_message("weeks to response: with %.2f without %.2f; HAM-D week 8 %.2f vs %.2f; taper peak W %.3f\n", w,
                  wo, r.hamd_with[56], r.hamd_without[56], r.taper_peak_withdrawal_index);
    assert_false(isnan(w) || isnan(wo));
    assert_true(w < wo);
    assert_true(wo - w >= 0.7 && wo - w <= 2.5);           /* about 1-2 weeks earlier */
    assert_true(wo >= 3.5 && wo <= 6.5);                   /* SSRI alone: 4-6 weeks */
    assert_true(fabs(r.hamd_with[56] - r.hamd_without[56]) < 2);  /* week 8 */
    assert_true(r.hamd_with[7] < r.hamd_without[7] - 1);   /* early benefit at week 1 */
    assert_true(r.taper_peak_withdrawal_index > 0);
    assert_true(r.max_cut_per_2_weeks > 0.25);             /* halving weekly is faster than ASAM */
    cnsim_bridge_result_free(&r);
}

/* The same shape in a virtual population (1000 patients, seed 1; only the
 * symptom model varies): more responders at week 2 with the bridge, a
 * small difference in responder % at week 8 (< 15 points; smith1998,
 * furukawa2001: early benefit only), and the mean-patient figures are
 * unchanged by the population. */
static void test_bridge_population(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_bridge_opts o = cnsim_bridge_opts_default();
    cnsim_bridge_result r0, r;
    if (cnsim_bridge_run(reg, &o, &r0) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    o.n_patients = 1000, o.seed = 1;
    if (cnsim_bridge_run(reg, &o, &r) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    cnsim_registry_free(reg);
    const cnsim_course_population *w = &r.pop_with, *wo = &r.pop_without;
    for (size_t k = 0; k < CNSIM_COURSE_N_REPORT_WEEKS; k++)
        print_message("week %d: responders %.1f%% vs %.1f%%, remitters %.1f%% vs %.1f%%\n",
                      cnsim_course_report_weeks[k], w->responder_pct[k], wo->responder_pct[k], w->remitter_pct[k],
                      wo->remitter_pct[k]);
    print_message("median weeks to response %.2f vs %.2f\n", w->median_weeks_to_response,
                  wo->median_weeks_to_response);
    assert_int_equal(w->n_patients, 1000);
    assert_true(w->responder_pct[1] > wo->responder_pct[1]);            /* week 2 */
    assert_true(w->responder_pct[2] > wo->responder_pct[2]);            /* week 4 */
    assert_true(fabs(w->responder_pct[4] - wo->responder_pct[4]) < 15); /* week 8 */
    assert_true(w->median_weeks_to_response < wo->median_weeks_to_response);
    assert_true(r.weeks_to_response_with == r0.weeks_to_response_with);
    assert_memory_equal(r.hamd_with, r0.hamd_with, (r.n_days + 1) * sizeof(double));
    assert_int_equal(r0.pop_with.n_patients, 0);
    cnsim_bridge_result_free(&r0);
    cnsim_bridge_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_bridge_shape), cmocka_unit_test(test_bridge_population)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
