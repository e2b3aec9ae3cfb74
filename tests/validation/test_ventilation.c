/* Resting minute ventilation against the studies that measured it (issue
 * 13, item 6): oxycodone 20 mg oral lowers it by 28% and with ethanol
 * 1 g/L by 47% (van der Schrier 2017); benzodiazepines alone leave it
 * unchanged (Forster 1983, Berggren 1987) but deepen an opioid's effect
 * (Gross 1996); ethanol alone at 1 g/L barely moves it. Run through
 * cnsim_interact_analyze, as `cnsim interact` reports it
 * (minute_ventilation_frac_min_*), with the tolerances stated below. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static cnsim_registry *reg;
static cnsim_interact_result r;

static void run2(const char *a, const char *b)
{
    cnsim_interact_drug d[2];
    assert_int_equal(cnsim_interact_parse(reg, a, &d[0]), CNSIM_OK);
    assert_int_equal(cnsim_interact_parse(reg, b, &d[1]), CNSIM_OK);
    assert_int_equal(cnsim_interact_analyze(reg, d, 2, &r), CNSIM_OK);
    assert_true(r.has_respiratory);
}

/* van der Schrier 2017: 28% alone, 47% with 1 g/L ethanol (means of 24
 * volunteers; tolerance 3 percentage points, about the spread of the two
 * age groups' means around the pooled one). */
static void oxycodone_with_and_without_ethanol(void **st)
{
    (void)st;
    run2("oxycodone:20mg", "ethanol:1g/L");
    if (!(r.vent_min_alone[0] > 0.69 && r.vent_min_alone[0] < 0.75))
        fail_msg("oxycodone 20 mg alone: VE %.3f of baseline; published 0.72", r.vent_min_alone[0]);
    if (!(r.vent_min_combined > 0.50 && r.vent_min_combined < 0.56))
        fail_msg("oxycodone 20 mg + ethanol 1 g/L: VE %.3f of baseline; published 0.53", r.vent_min_combined);
    /* ethanol alone at 1 g/L: no measurable change (within 2%) */
    assert_true(r.vent_min_alone[1] > 0.98);
    /* the minimum comes with the oxycodone peak, 1-2 h after the tablet */
    assert_true(r.vent_min_time_h > 0.5 && r.vent_min_time_h < 3);
}

/* Forster 1983, Berggren 1987: benzodiazepines alone leave resting minute
 * ventilation unchanged; with an opioid they deepen its effect (Gross 1996:
 * -25% to -41% hypercapnic), so the combination lies below the opioid
 * alone, and the text says which quantity is which. */
static void benzodiazepine_alone_and_with_an_opioid(void **st)
{
    (void)st;
    run2("clonazepam:2mg", "oxycodone:20mg");
    assert_true(r.vent_min_alone[0] > 0.999);
    assert_true(r.vent_min_combined < r.vent_min_alone[1] - 0.02);
    run2("diazepam:10mg", "ethanol:1g/L");
    assert_true(r.vent_min_alone[0] > 0.999);
}

/* The surface itself: monotone in every input, 1 without drugs. */
static void surface_is_monotone(void **st)
{
    (void)st;
    cnsim_vent_params p;
    assert_int_equal(cnsim_interact_vent_params(reg, &p), CNSIM_OK);
    assert_float_equal(cnsim_interact_ventilation(&p, 0, 0, 0), 1, 1e-12);
    double prev = 1;
    for (double c = 10; c <= 400; c += 10) {
        double v = cnsim_interact_ventilation(&p, c, 0.2, 0.5);
        assert_true(v < prev && v > 0);
        assert_true(cnsim_interact_ventilation(&p, c, 0.4, 0.5) < v);
        assert_true(cnsim_interact_ventilation(&p, c, 0.2, 1.0) < v);
        prev = v;
    }
}

static int setup(void **st)
{
    (void)st;
    return cnsim_registry_open(NULL, &reg) != CNSIM_OK;
}

static int teardown(void **st)
{
    (void)st;
    cnsim_registry_free(reg);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(oxycodone_with_and_without_ethanol),
        cmocka_unit_test(benzodiazepine_alone_and_with_an_opioid),
        cmocka_unit_test(surface_is_monotone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
