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

/* The doses of a plan as the products measure them: each dose of a solid
 * is whole or half units (half only of a scored tablet), a liquid's volume
 * is a whole number of graduations of the finest registry syringe that
 * measures it in at most 3 fills (the largest above), drops are whole,
 * and the doses add up to the step's daily dose. */
static void assert_measurable(const cnsim_taper_plan *p)
{
    cnsim_device dev[8];
    size_t nd = 0;
    assert_int_equal(cnsim_registry_devices(reg, dev, 8, &nd), CNSIM_OK);
    for (size_t i = 0; i < p->n_steps; i++) {
        const cnsim_taper_step *s = &p->steps[i];
        double sum = 0;
        for (int k = 0; k < s->n_doses; k++) {
            const cnsim_taper_dose *d = &s->doses[k];
            const cnsim_product *q = &p->products[d->product];
            /* a strip's pouch holds the day's dose; other units their strength */
            if (strcmp(q->unit, "strip"))
                assert_true(fabs(d->units * q->strength_mg - d->amount_mg) < 1e-9 * fmax(1, d->amount_mg));
            double step = q->measure_step;
            if (!strcmp(q->unit, "mL")) {
                /* the finest syringe that needs at most 3 fills, else the
                 * largest (devices come by volume, ascending) */
                const cnsim_device *use = NULL;
                for (size_t j = 0; j < nd; j++)
                    if (dev[j].volume_mL > 0 && (!use || d->units > 3 * use->volume_mL + 1e-9))
                        use = &dev[j];
                assert_non_null(use);
                assert_non_null(strstr(d->measure, use->device));
                step = fmax(step, use->graduation_mL);
            }
            double k_units = d->units / step;
            if (fabs(k_units - round(k_units)) > 1e-6)
                fail_msg("step %zu: %g %s of %s is not a whole number of %g %s steps (%s)", i, d->units, q->unit,
                         q->product, step, q->unit, d->measure);
            sum += d->amount_mg;
        }
        if (fabs(sum - s->daily_dose_mg) > 1e-9 * fmax(1, s->daily_dose_mg))
            fail_msg("step %zu: doses add to %g mg, daily dose %g mg", i, sum, s->daily_dose_mg);
    }
}

/* Daily dose of drug 0 on day t (the start before the first step). */
static double dose_on(const cnsim_taper_plan *p, double start, double t)
{
    double v = start;
    for (size_t i = 0; i < p->n_steps; i++)
        if (p->steps[i].drug == 0 && p->steps[i].day <= t + 1e-9)
            v = p->steps[i].daily_dose_mg;
    return v;
}

/* A taper starts from a dose that exists: at least the smallest amount
 * that can be dispensed and at most the labelled maximum daily dose
 * (20 mg/day, Klonopin label). "1e-300 mg bid" made a taper of 0 days. */
static void test_starting_dose_is_between_one_dispensable_unit_and_the_label_maximum(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    struct { double mg; int n; cnsim_taper_formulation f; cnsim_status want; const char *says; } c[] = {
        {1e-300, 2, CNSIM_TAPER_FORM_AUTO, CNSIM_E_RANGE, "below the smallest dose that can be dispensed, 0.001 mg"},
        {0.0625, 2, CNSIM_TAPER_FORM_ODT, CNSIM_E_RANGE, "0.125 mg orally disintegrating tablet"},
        {0.05, 2, CNSIM_TAPER_FORM_LIQUID, CNSIM_OK, NULL},
        {0.0625, 2, CNSIM_TAPER_FORM_LIQUID, CNSIM_E_RANGE, "0.625 mL"},
        {0.125, 1, CNSIM_TAPER_FORM_AUTO, CNSIM_OK, NULL},
        {10, 2, CNSIM_TAPER_FORM_AUTO, CNSIM_OK, NULL},
        {10.125, 2, CNSIM_TAPER_FORM_AUTO, CNSIM_E_RANGE, "above its labelled maximum, 20 mg/day"},
        {30, 2, CNSIM_TAPER_FORM_AUTO, CNSIM_E_RANGE, "60 mg/day"},
        {0.3, 2, CNSIM_TAPER_FORM_TABLETS, CNSIM_E_RANGE, "cannot be made of its tablets products"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        o.from_dose_mg = c[i].mg, o.n_per_day = c[i].n, o.formulation = c[i].f;
        cnsim_status st = cnsim_taper_build(reg, &o, &plan);
        if (st != c[i].want)
            fail_msg("%g mg x %d: status %d, expected %d (%s)", c[i].mg, c[i].n, st, c[i].want, cnsim_last_error());
        if (c[i].says && !strstr(cnsim_last_error(), c[i].says))
            fail_msg("%g mg x %d: message '%s' lacks '%s'", c[i].mg, c[i].n, cnsim_last_error(), c[i].says);
        if (st == CNSIM_OK)
            assert_true(plan.n_steps > 0);
    }
    o = cnsim_taper_opts_default();
    o.drug = "diazepam", o.from_dose_mg = 0.5, o.n_per_day = 1, o.formulation = CNSIM_TAPER_FORM_TABLETS;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "half of a scored 2 mg tablet"));
    o.from_dose_mg = 25, o.n_per_day = 2;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "40 mg/day"));
}

/* Every method with every formulation clonazepam has reaches zero in doses
 * the products measure. */
static void test_every_method_and_formulation_reaches_zero_in_measurable_doses(void **state)
{
    (void)state;
    static const cnsim_taper_formulation forms[] = {CNSIM_TAPER_FORM_AUTO, CNSIM_TAPER_FORM_TABLETS,
                                                    CNSIM_TAPER_FORM_ODT, CNSIM_TAPER_FORM_LIQUID,
                                                    CNSIM_TAPER_FORM_COMPOUNDED};
    for (int m = 0; m < CNSIM_TAPER_OPTIMIZED; m++)
        for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
            cnsim_taper_opts o = cnsim_taper_opts_default();
            o.method = (cnsim_taper_method)m, o.formulation = forms[f];
            cnsim_status st = cnsim_taper_build(reg, &o, &plan);
            if (st != CNSIM_OK)
                fail_msg("%s with %s: %s", cnsim_taper_method_name(o.method), cnsim_taper_formulation_name(forms[f]),
                         cnsim_last_error());
            assert_true(plan.n_steps > 1);
            assert_true(plan.formulation != CNSIM_TAPER_FORM_AUTO);
            assert_true(forms[f] == CNSIM_TAPER_FORM_AUTO || plan.formulation == forms[f]);
            assert_true(plan.steps[plan.n_steps - 1].daily_dose_mg == 0);
            assert_measurable(&plan);
            assert_true(plan.duration_days > 0);
            assert_true(plan.n_dispense > 0);
            assert_true(strlen(cnsim_taper_method_source(o.method)) > 20);
        }
}

/* Acceptance (issue 14): proportional with a liquid from 1 mg bid. Steps
 * are a percentage of the current dose, so absolute steps never grow; no
 * 14-day window removes more than 25% of the starting dose, the last step
 * included (the ASAM 2025 ceiling on the taper's dose; relative to the
 * current dose the end of the taper is governed by the final-dose rule);
 * the final dose is at most a tenth of the start; every dose measurable. */
static void test_proportional_liquid_acceptance(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.formulation = CNSIM_TAPER_FORM_LIQUID;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    double start = 2;
    for (double t = 0; t <= plan.duration_days; t += 1) {
        double a = dose_on(&plan, start, t - 1), b = dose_on(&plan, start, t + 13);
        if (a - b > 0.25 * start + 1e-9)
            fail_msg("days %g-%g remove %g of %g mg/day", t, t + 13, a - b, start);
    }
    double prev = start, last_step = INFINITY, final = 0;
    for (size_t i = 0; i < plan.n_steps; i++) {
        double step = prev - plan.steps[i].daily_dose_mg;
        assert_true(step > 0);
        if (step > last_step * (1 + 1e-9))
            fail_msg("step %zu (day %g) of %g mg is larger than the one before, %g mg", i, plan.steps[i].day, step,
                     last_step);
        /* above the end range, each step is about 10% of the current dose */
        if (plan.steps[i].daily_dose_mg > 0.2)
            assert_true(step / prev > 0.05 && step / prev <= 0.15);
        last_step = step, prev = plan.steps[i].daily_dose_mg;
        if (prev > 0)
            final = prev;
    }
    assert_true(final > 0 && final <= start / 10);
    assert_true(fabs(final - plan.final_daily_mg) < 1e-12);
    assert_false(has_warning(&plan, "taper_faster_than_guideline"));
    assert_false(has_warning(&plan, "liquid_needed"));
    assert_measurable(&plan);
    /* a liquid dose in the words */
    int found = 0;
    for (size_t i = 0; i < plan.n_steps; i++)
        found |= strstr(plan.steps[i].tablets, " mL of 0.1 mg/mL oral suspension (compounded) (0.0") != NULL;
    assert_true(found);
}

/* Tablets cannot follow 10% steps: the plan says so instead of hiding it. */
static void test_proportional_tablets_says_a_liquid_is_needed(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.formulation = CNSIM_TAPER_FORM_TABLETS;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_true(has_warning(&plan, "liquid_needed"));
    assert_measurable(&plan);
    /* auto goes to the liquid for the same schedule */
    o.formulation = CNSIM_TAPER_FORM_AUTO;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_int_equal(plan.formulation, CNSIM_TAPER_FORM_LIQUID);
}

/* Acceptance (issue 14): hyperbolic steps are equal in the model's effect
 * and non-increasing in dose, for clonazepam (GABA-A drug effect) and
 * sertraline (SERT occupancy); max/min effect step <= 1.5 without the last. */
static void test_hyperbolic_equal_effect_steps(void **state)
{
    (void)state;
    /* (At lower benzodiazepine doses the last steps lie where the GABA-A
     * drug effect rises faster than dose, and are equal dose steps with
     * smaller effect steps: docs/plan.md.) */
    struct { const char *drug; double mg; int n; } c[] = {{"clonazepam", 1, 2}, {"sertraline", 100, 1},
                                                           {"escitalopram", 10, 1}, {"citalopram", 20, 1}};
    for (size_t k = 0; k < sizeof c / sizeof *c; k++) {
        cnsim_taper_opts o = cnsim_taper_opts_default();
        o.drug = c[k].drug, o.from_dose_mg = c[k].mg, o.n_per_day = c[k].n;
        o.method = CNSIM_TAPER_HYPERBOLIC, o.formulation = CNSIM_TAPER_FORM_LIQUID;
        if (cnsim_taper_build(reg, &o, &plan) != CNSIM_OK)
            fail_msg("%s: %s", c[k].drug, cnsim_last_error());
        assert_true(plan.effect_step > 0);
        assert_true(plan.curve.n > 10);
        double prev = c[k].mg * c[k].n, prev_e = cnsim_taper_effect_at(&plan, prev), last_step = INFINITY;
        double lo = INFINITY, hi = 0;
        for (size_t i = 0; i < plan.n_steps; i++) {
            double step = prev - plan.steps[i].daily_dose_mg, e = plan.steps[i].effect;
            if (step > last_step * (1 + 1e-9))
                fail_msg("%s: dose step %zu of %g mg/day grows over %g", c[k].drug, i, step, last_step);
            if (i + 1 < plan.n_steps) {
                lo = fmin(lo, prev_e - e);
                hi = fmax(hi, prev_e - e);
            }
            last_step = step, prev = plan.steps[i].daily_dose_mg, prev_e = e;
        }
        if (!(hi / lo <= 1.5))
            fail_msg("%s: effect steps from %g to %g (ratio %g)", c[k].drug, lo, hi, hi / lo);
        /* hyperbolic in dose: the first dose step is several times the last
         * non-final one */
        double first = c[k].mg * c[k].n - plan.steps[0].daily_dose_mg;
        double late = plan.steps[plan.n_steps - 3].daily_dose_mg - plan.steps[plan.n_steps - 2].daily_dose_mg;
        if (!(first > 3 * late))
            fail_msg("%s: first dose step %g, late %g: not hyperbolic", c[k].drug, first, late);
        assert_measurable(&plan);
    }
}
/* Every drug with every method that applies and every formulation it
 * has: a schedule to zero in measurable doses, steps that never grow for
 * the two methods built on that rule. The dose-effect curve of each drug
 * is simulated once and reused (opts.curve). */
static void test_each_drug_method_and_formulation(void **state)
{
    (void)state;
    struct { const char *drug; double mg; int n; } c[] = {{"clonazepam", 0.5, 2}, {"diazepam", 5, 2},
        {"sertraline", 50, 1}, {"escitalopram", 10, 1}, {"citalopram", 20, 1}, {"paroxetine", 20, 1},
        {"fluoxetine", 20, 1}};
    static const cnsim_taper_method methods[] = {CNSIM_TAPER_PROPORTIONAL, CNSIM_TAPER_HYPERBOLIC, CNSIM_TAPER_LINEAR};
    static cnsim_taper_curve curve;
    for (size_t k = 0; k < sizeof c / sizeof *c; k++) {
        cnsim_taper_opts o = cnsim_taper_opts_default();
        o.drug = c[k].drug, o.from_dose_mg = c[k].mg, o.n_per_day = c[k].n;
        o.curve = NULL;
        for (size_t m = 0; m < 3; m++)
            for (int f = CNSIM_TAPER_FORM_AUTO; f < CNSIM_TAPER_FORM_N; f++) {
                o.method = methods[m], o.formulation = (cnsim_taper_formulation)f;
                cnsim_status st = cnsim_taper_build(reg, &o, &plan);
                if (st == CNSIM_E_ARG && f == CNSIM_TAPER_FORM_STRIPS)
                    continue;            /* no strip for this drug, or not once a day */
                if (st == CNSIM_E_ARG && f == CNSIM_TAPER_FORM_ODT && strcmp(c[k].drug, "clonazepam"))
                    continue;            /* ODT: clonazepam only */
                if (st == CNSIM_E_ARG && f == CNSIM_TAPER_FORM_COMPOUNDED && strcmp(c[k].drug, "clonazepam"))
                    continue;            /* compounded: clonazepam only */
                if (st != CNSIM_OK)
                    fail_msg("%s %s %s: %s", c[k].drug, cnsim_taper_method_name(o.method),
                             cnsim_taper_formulation_name(o.formulation), cnsim_last_error());
                if (!o.curve) {
                    curve = plan.curve;
                    o.curve = &curve;
                }
                assert_true(plan.steps[plan.n_steps - 1].daily_dose_mg == 0);
                assert_true(plan.final_daily_mg > 0);
                assert_measurable(&plan);
                if (methods[m] != CNSIM_TAPER_LINEAR && plan.formulation != CNSIM_TAPER_FORM_STRIPS) {
                    double prev = c[k].mg * c[k].n, last = INFINITY;
                    for (size_t i = 0; i < plan.n_steps; i++) {
                        double step = prev - plan.steps[i].daily_dose_mg;
                        if (step > last * (1 + 1e-9) && !plan.steps[i].needs_liquid)
                            fail_msg("%s %s %s: step %zu of %g mg/day grows over %g", c[k].drug,
                                     cnsim_taper_method_name(o.method), cnsim_taper_formulation_name(plan.formulation),
                                     i, step, last);
                        last = step, prev = plan.steps[i].daily_dose_mg;
                    }
                }
            }
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

/* Acceptance (issue 14): sertraline 100 mg qd, hyperbolic, liquid: below
 * 5 mg/day before stopping, and the discontinuation index simulated per
 * day, lower than after an abrupt stop. Every SSRI tapers the same way, its
 * stop no larger than one effect step. */
static void test_ssri_hyperbolic_liquid_tapers(void **state)
{
    (void)state;
    struct { const char *drug; double mg; } c[] = {{"sertraline", 100}, {"escitalopram", 10}, {"citalopram", 20},
                                                   {"paroxetine", 20}, {"fluoxetine", 20}};
    for (size_t k = 0; k < sizeof c / sizeof *c; k++) {
        cnsim_taper_opts o = cnsim_taper_opts_default();
        o.drug = c[k].drug, o.from_dose_mg = c[k].mg, o.n_per_day = 1;
        o.method = CNSIM_TAPER_HYPERBOLIC, o.formulation = CNSIM_TAPER_FORM_LIQUID;
        if (cnsim_taper_build(reg, &o, &plan) != CNSIM_OK)
            fail_msg("%s: %s", c[k].drug, cnsim_last_error());
        assert_true(plan.is_ssri);
        assert_string_equal(plan.curve.effect, "sert_occupancy");
        assert_true(plan.final_daily_mg > 0 && plan.final_daily_mg < 5);
        /* the stop removes about one effect step (plus what rounding to the
         * product's measuring step adds: sertraline's is 0.2 mg) */
        assert_true(cnsim_taper_effect_at(&plan, plan.final_daily_mg) <= plan.effect_step * 1.3);
        assert_measurable(&plan);
        if (!strcmp(c[k].drug, "fluoxetine")) {
            /* its own long tail (norfluoxetine): steps further apart */
            assert_true(plan.steps[1].day - plan.steps[0].day > 14);
        }
        if (k > 1)
            continue;   /* two simulations suffice for the index */
        assert_int_equal(cnsim_taper_simulate(reg, &o, &plan), CNSIM_OK);
        assert_true(plan.n_days > plan.duration_days);
        double peak = 0;
        for (size_t d = 0; d < plan.n_days; d++)
            peak = fmax(peak, plan.days[d].discontinuation);
        assert_true(fabs(peak - plan.peak_discontinuation_index) < 1e-12);
        assert_true(plan.days[0].sert_occupancy > 0.5);
        double abrupt;
        assert_int_equal(cnsim_taper_abrupt_peak(reg, &o, &abrupt), CNSIM_OK);
        if (!(peak < abrupt / 2))
            fail_msg("%s: taper peak %g against abrupt %g", c[k].drug, peak, abrupt);
        cnsim_taper_plan_free(&plan);
    }
    /* benzodiazepine methods are refused for an SSRI */
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.drug = "sertraline", o.from_dose_mg = 50, o.n_per_day = 1, o.method = CNSIM_TAPER_LABEL;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_ARG);
}

/* Tapering strips: daily pouches that fall a little each day; only where
 * the registry has a strip (paroxetine), once a day. */
static void test_strips_are_daily_pouches(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.drug = "paroxetine", o.from_dose_mg = 20, o.n_per_day = 1, o.method = CNSIM_TAPER_HYPERBOLIC;
    o.formulation = CNSIM_TAPER_FORM_STRIPS;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_int_equal(plan.formulation, CNSIM_TAPER_FORM_STRIPS);
    assert_true(plan.n_steps > 30);
    int daily = 0;
    for (size_t i = 1; i < plan.n_steps; i++) {
        assert_true(plan.steps[i].daily_dose_mg < plan.steps[i - 1].daily_dose_mg);
        daily += plan.steps[i].day - plan.steps[i - 1].day == 1;
        assert_true(fabs(plan.steps[i].daily_dose_mg / 0.5 - round(plan.steps[i].daily_dose_mg / 0.5)) < 1e-9);
    }
    assert_true(daily > 5);
    assert_measurable(&plan);
    assert_int_equal(plan.n_dispense, 1);
    assert_string_equal(plan.products[plan.dispense[0].product].unit, "strip");
    o.n_per_day = 2, o.from_dose_mg = 10;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "one dose a day"));
    o.drug = "sertraline", o.from_dose_mg = 50, o.n_per_day = 1;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "it has: tablets, liquid"));
}

/* What to dispense is the doses times the days of each step, per product;
 * the compounded suspension carries its beyond-use date. */
static void test_dispense_adds_up_the_doses(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.method = CNSIM_TAPER_HYPERBOLIC, o.formulation = CNSIM_TAPER_FORM_LIQUID;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_int_equal(plan.n_dispense, 1);
    double mL = 0, days = 0;
    for (size_t i = 0; i < plan.n_steps; i++) {
        for (int k = 0; k < plan.steps[i].n_doses; k++)
            mL += plan.steps[i].doses[k].units * plan.steps[i].days;
        days += plan.steps[i].days;
    }
    const cnsim_taper_dispense *d = &plan.dispense[0];
    assert_true(d->quantity >= mL - 1e-9 && d->quantity < mL + 0.1 + 1e-9);
    assert_true(fabs(d->supply_days - days) < 1e-9 && fabs(days - plan.duration_days) < 1e-9);
    assert_true(plan.products[d->product].beyond_use_days == 60);
    /* tablets: whole tablets, halves counted up */
    o.formulation = CNSIM_TAPER_FORM_TABLETS, o.method = CNSIM_TAPER_LINEAR;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    for (size_t j = 0; j < plan.n_dispense; j++)
        assert_true(plan.dispense[j].quantity == floor(plan.dispense[j].quantity));
}

/* --times: the clock of every administration, the default 08:00 and 20:00
 * for bid (as in every command). */
static void test_administration_clock(void **state)
{
    (void)state;
    cnsim_taper_opts o = cnsim_taper_opts_default();
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_true(plan.steps[0].clock_h[0] == 8 && plan.steps[0].clock_h[1] == 20);
    assert_true(plan.steps[0].doses[0].clock_h == 8);
    o.clock_h[0] = 7, o.clock_h[1] = 21.5;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_OK);
    assert_true(plan.steps[0].clock_h[0] == 7 && plan.steps[0].clock_h[1] == 21.5);
    assert_non_null(strstr(plan.steps[0].tablets, "21:30"));
    o.clock_h[1] = 24;
    assert_int_equal(cnsim_taper_build(reg, &o, &plan), CNSIM_E_RANGE);
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
    o.formulation = CNSIM_TAPER_FORM_TABLETS;
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
        cmocka_unit_test(test_every_method_and_formulation_reaches_zero_in_measurable_doses),
        cmocka_unit_test(test_proportional_liquid_acceptance),
        cmocka_unit_test(test_proportional_tablets_says_a_liquid_is_needed),
        cmocka_unit_test(test_hyperbolic_equal_effect_steps),
        cmocka_unit_test(test_each_drug_method_and_formulation),
        cmocka_unit_test(test_label_from_1_mg_bid_is_flagged_fast),
        cmocka_unit_test(test_ssri_hyperbolic_liquid_tapers),
        cmocka_unit_test(test_strips_are_daily_pouches),
        cmocka_unit_test(test_dispense_adds_up_the_doses),
        cmocka_unit_test(test_administration_clock),
        cmocka_unit_test(test_unknown_method_lists_the_methods),
        cmocka_unit_test(test_too_short_max_weeks_says_what_is_possible),
        cmocka_unit_test(test_crossover_keeps_the_equivalent_dose_while_switching),
        cmocka_unit_test(test_optimizer_stays_under_the_threshold_and_is_shorter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
