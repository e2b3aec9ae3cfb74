/* Validation of the pharmacodynamic claims (DESIGN.md C4, C5, C7, C9)
 * against published figures. Each check names its source and tolerance;
 * every number comes out of PK -> occupancy -> adaptation, none is typed in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
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

#define STEP_H 0.05

typedef struct {
    size_t n;
    double *t;
    cnsim_pd_state *s;
    double first_dose_h, last_dose_h;
} course;

/* Simulates drugs[i] on regimens[i] for until_h after the first dose; PD
 * on a 0.05 h grid from t = 0. Days in the checks count from the first
 * dose (at(), after()): qd and bid dose on the wall clock from 08:00
 * (cnsim_regimen_default_clock), so "day 10" is 10 d after it, as in the
 * studies, not 10 d after midnight of day 1. */
static course simulate(const char **drugs, const char **regimens, size_t nd, double until_h,
                       double ke0_override)
{
    cnsim_event_list raw, ev;
    cnsim_event_list_init(&raw);
    cnsim_event_list_init(&ev);
    cnsim_pk_params pk[4];
    for (size_t i = 0; i < nd; i++) {
        int d;
        cnsim_event_list_drug(&raw, drugs[i], &d);
        if (cnsim_regimen_parse(regimens[i], 1, d, until_h, &raw) != CNSIM_OK ||
            cnsim_registry_pk_params(reg, drugs[i], NULL, &pk[i]) != CNSIM_OK)
            fail_msg("%s: %s", drugs[i], cnsim_last_error());
    }
    assert_int_equal(cnsim_events_expand(&raw, &ev), CNSIM_OK);
    course c = {.first_dose_h = INFINITY};
    for (size_t i = 0; i < ev.n; i++) {
        c.first_dose_h = fmin(c.first_dose_h, ev.ev[i].time_h);
        c.last_dose_h = fmax(c.last_dose_h, ev.ev[i].time_h);
    }
    c.n = (size_t)llround((c.first_dose_h + until_h) / STEP_H) + 1;
    /* The drugs' interactions, their own included (paroxetine inactivates
     * the CYP2D6 that clears it), as the model layer loads them. */
    cnsim_model_drug md[4];
    for (size_t i = 0; i < nd; i++)
        md[i] = (cnsim_model_drug){.name = drugs[i]};
    cnsim_model *m;
    assert_int_equal(cnsim_model_create(reg, md, nd, NULL, &m), CNSIM_OK);
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create_ddi(pk, nd, cnsim_model_ddi(m), NULL, &run), CNSIM_OK);
    cnsim_model_free(m);
    size_t no = cnsim_pk_run_n_outputs(run);
    c.t = malloc(c.n * sizeof *c.t);
    double *conc = malloc(c.n * no * sizeof *conc);
    for (size_t i = 0; i < c.n; i++)
        c.t[i] = i * STEP_H;
    assert_int_equal(cnsim_pk_run_simulate(run, ev.ev, ev.n, c.t, c.n, conc, NULL), CNSIM_OK);
    cnsim_pd_drug_params pd[8];
    for (size_t j = 0; j < no; j++) {
        assert_int_equal(cnsim_registry_pd_params(reg, cnsim_pk_run_output_name(run, j), &pd[j]), CNSIM_OK);
        if (ke0_override > 0 && pd[j].target != CNSIM_PD_TARGET_NONE)
            pd[j].ke0_per_h = ke0_override;
    }
    cnsim_pd_system_params sys;
    assert_int_equal(cnsim_registry_pd_system(reg, &sys), CNSIM_OK);
    c.s = malloc(c.n * sizeof *c.s);
    if (cnsim_pd_run(&sys, pd, no, c.t, c.n, conc, c.t, c.n, c.s) != CNSIM_OK)
        fail_msg("pd: %s", cnsim_last_error());
    free(conc);
    cnsim_pk_run_free(run);
    cnsim_event_list_free(&raw);
    cnsim_event_list_free(&ev);
    return c;
}

static course one(const char *drug, const char *regimen, double until_h)
{
    return simulate(&drug, &regimen, 1, until_h, 0);
}

static void course_free(course *c)
{
    free(c->t);
    free(c->s);
}

/* The state t_h after the first dose (the end of the course at most). */
static const cnsim_pd_state *at(const course *c, double t_h)
{
    size_t i = (size_t)llround((c->first_dose_h + t_h) / STEP_H);
    return &c->s[i < c->n ? i : c->n - 1];
}

/* Time of sample i after the first dose. */
static double after(const course *c, size_t i)
{
    return c->t[i] - c->first_dose_h;
}

#define FIELD(c, i, f) ((c).s[i].f)

#define IN_RANGE(what, x, lo, hi, source)                                               \
    do {                                                                                 \
        double v_ = (x);                                                                 \
        if (!(v_ >= (lo) && v_ <= (hi)))                                                 \
            fail_msg("%s = %g, expected %g..%g (%s)", what, v_, (double)(lo), (double)(hi), source); \
        printf("  %-52s %9.4g   [%g, %g]  %s\n", what, v_, (double)(lo), (double)(hi), source); \
    } while (0)

/* Time for anxiolysis to reach half of its first-dose peak (h). */
static double onset_h(const course *c)
{
    double peak = 0;
    for (size_t i = 0; i < c->n && c->t[i] <= 12; i++)
        peak = fmax(peak, c->s[i].anxiolysis);
    for (size_t i = 0; peak > 0 && i < c->n && c->t[i] <= 12; i++)
        if (c->s[i].anxiolysis >= 0.5 * peak)
            return c->t[i];
    return NAN;
}

/* C4: a first oral dose works within an hour (articles; Italian monograph:
 * onset 20-60 min), from absorption (ka, Greenblatt 2005) plus the
 * effect-site delay (ke0, EEG PK/PD of benzodiazepines, Buhrer 1990). */
static void test_c4_clonazepam_acts_within_an_hour(void **state)
{
    (void)state;
    course a = one("clonazepam", "0.5 mg once", 12), b = one("clonazepam", "1 mg once", 12);
    IN_RANGE("clonazepam 0.5 mg: h to 50% of peak anxiolysis", onset_h(&a), 0.2, 1.0, "onset 20-60 min (monograph)");
    IN_RANGE("clonazepam 1 mg: h to 50% of peak anxiolysis", onset_h(&b), 0.2, 1.0, "onset 20-60 min (monograph)");
    IN_RANGE("clonazepam 1 mg: anxiolysis index at 1 h", at(&b, 1)->anxiolysis, 0.2, 1, "a clear effect within the hour");
    /* The delay is mechanistic: an instantaneous effect site is earlier. */
    const char *d = "clonazepam", *r = "1 mg once";
    course fast = simulate(&d, &r, 1, 12, 1000);
    assert_true(onset_h(&fast) < onset_h(&b));
    course_free(&a), course_free(&b), course_free(&fast);
}

/* C5: SERT occupancy ~80% within days (Meyer 2004; Sorensen 2022), the
 * antidepressant index at half of its plateau only after a week or more
 * (autoreceptor desensitisation: Blier & de Montigny 1994; Czachura 2000),
 * with about a third of the 6-week effect in week 1 (Taylor 2006). */
static void test_c5_ssri_occupies_sert_at_once_but_acts_over_weeks(void **state)
{
    (void)state;
    course s = one("sertraline", "50 mg qd for 12 w", 84 * 24);
    IN_RANGE("sertraline 50 mg: SERT occupancy day 4", at(&s, 4 * 24)->sert_occupancy, 0.72, 0.88, "Meyer 2004: ~80% at minimum dose");
    double plateau = s.s[s.n - 1].antidepressant, t50 = NAN;
    for (size_t i = 0; i < s.n; i++)
        if (s.s[i].antidepressant >= 0.5 * plateau) {
            t50 = after(&s, i);
            break;
        }
    IN_RANGE("sertraline: days to 50% of antidepressant plateau", t50 / 24, 7, 28, "weeks (Blier 1994; Czachura 2000)");
    IN_RANGE("sertraline: week-1 / week-6 antidepressant index", at(&s, 7 * 24)->antidepressant / at(&s, 42 * 24)->antidepressant, 0.2, 0.6, "Taylor 2006: ~1/3 in week 1");
    IN_RANGE("sertraline: raphe firing day 1 (baseline 1)", at(&s, 24)->firing, 0.3, 0.7, "acute SSRI suppresses firing (Czachura 2000)");
    IN_RANGE("sertraline: raphe firing day 42 / day 3", at(&s, 42 * 24)->firing / at(&s, 3 * 24)->firing, 1.2, 3, "firing recovers with chronic SSRI (Czachura 2000)");
    IN_RANGE("sertraline: autoreceptor desensitised by day 21 (fraction)", (1 - at(&s, 21 * 24)->autoreceptor_sensitivity) / (1 - s.s[s.n - 1].autoreceptor_sensitivity), 0.6, 0.9, "Le Poul 1995: 60-80% at day 21");
    course f = one("fluoxetine", "20 mg qd for 4 w", 28 * 24);
    IN_RANGE("fluoxetine 20 mg: SERT occupancy day 28", at(&f, 27.9 * 24)->sert_occupancy, 0.72, 0.86, "Sorensen 2022: 79%");
    course_free(&f);
    course e = one("escitalopram", "10 mg qd for 2 w", 14 * 24);
    /* Until issue 13 (item 5) this expected 58-75% from Sorensen's thalamus
     * fit (65%); the thalamus has the lowest occupancies of the regions
     * (Baldinger 2014), and the direct steady-state measurement is 81.5%
     * 6 h after the day-10 dose (Klein 2007). Day 10 at 0 h after the
     * first dose's hour is a trough. */
    IN_RANGE("escitalopram 10 mg: SERT occupancy day 10 (trough)", at(&e, 10 * 24)->sert_occupancy, 0.70, 0.85, "Klein 2007: 81.5% 6 h after the dose");
    course c = one("citalopram", "20 mg qd for 2 w", 14 * 24);
    IN_RANGE("citalopram 20 mg: SERT occupancy day 10", at(&c, 10 * 24)->sert_occupancy, 0.70, 0.84, "Meyer 2001: 77%");
    course p = one("paroxetine", "20 mg qd for 3 w", 21 * 24);
    IN_RANGE("paroxetine 20 mg: SERT occupancy day 14", at(&p, 14 * 24)->sert_occupancy, 0.75, 0.92, "Meyer 2001: 83%");
    course_free(&s), course_free(&e), course_free(&c), course_free(&p);
}

/* Benzodiazepine-site PET anchor (Fujita 1999): alprazolam 2 mg/day ~16%. */
static void test_benzodiazepine_site_occupancy_matches_pet(void **state)
{
    (void)state;
    course a = one("alprazolam", "1 mg bid for 10 d", 10 * 24);
    double mean = 0;
    size_t k = 0;
    for (size_t i = 0; i < a.n; i++)
        if (after(&a, i) >= 8 * 24)
            mean += a.s[i].bzd_occupancy, k++;
    IN_RANGE("alprazolam 2 mg/day: mean BZD-site occupancy", mean / k, 0.12, 0.20, "Fujita 1999: 16%");
    course_free(&a);
}

/* C7: tolerance to sedation within 1-2 weeks, anxiolysis persists (File
 * 1985; Vinkers & Olivier 2012); abrupt stop after 4 weeks rebounds well
 * above a gradual taper (ASAM 2025 pace: <= 25% every 2 weeks), onset days
 * after the last dose for a long-acting drug, resolution over weeks
 * (Ashton 2002); alprazolam rebounds sooner and sharper; a diazepam switch
 * smooths it. */
static void test_c7_tolerance_dependence_and_withdrawal(void **state)
{
    (void)state;
    course c = one("clonazepam", "0.5 mg bid for 28 d", 70 * 24);
    IN_RANGE("clonazepam: sedative tolerance at day 14 (fraction lost)", at(&c, 14 * 24)->tol_sed, 0.25, 0.7, "File 1985: within 1-2 weeks");
    IN_RANGE("clonazepam: anxiolytic tolerance at day 14", at(&c, 14 * 24)->tol_anx, 0, 0.1, "Vinkers & Olivier 2012: slow, partial");
    cnsim_pd_withdrawal_summary wa, wt, wx, wd;
    cnsim_pd_withdrawal_summarize(c.t, c.s, c.n, 0.05, &wa);
    IN_RANGE("clonazepam abrupt: days from last dose to peak", (wa.peak_time_h - c.last_dose_h) / 24, 2, 10, "Ashton: delayed onset with long-acting drugs");
    IN_RANGE("clonazepam abrupt: days from last dose to onset", (wa.onset_time_h - c.last_dose_h) / 24, 0.5, 7, "rebound 1-4 days, later with long t1/2");
    IN_RANGE("clonazepam abrupt: days above threshold", wa.hours_above / 24, 7, 42, "Ashton: acute withdrawal 5-28 days");
    course t = one("clonazepam", "0.5 mg bid for 28 d then 0.375 mg bid for 14 d then 0.25 mg bid for 14 d then 0.125 mg bid for 14 d then 0.0625 mg bid for 14 d", 140 * 24);
    cnsim_pd_withdrawal_summarize(t.t, t.s, t.n, 0.05, &wt);
    IN_RANGE("clonazepam abrupt / taper peak withdrawal", wa.peak / wt.peak, 2, 100, "taper avoids withdrawal (articles; ASAM 2025)");
    course x = one("alprazolam", "0.5 mg bid for 28 d", 70 * 24);
    cnsim_pd_withdrawal_summarize(x.t, x.s, x.n, 0.05, &wx);
    assert_true(wx.peak > wa.peak);
    assert_true(wx.peak_time_h - x.last_dose_h < wa.peak_time_h - c.last_dose_h);
    IN_RANGE("alprazolam abrupt: days from last dose to peak", (wx.peak_time_h - x.last_dose_h) / 24, 0, 4, "short-acting: within 1-2 days");
    const char *drugs[2] = {"clonazepam", "diazepam"};
    const char *regs[2] = {"0.5 mg bid for 28 d", "10 mg qd for 14 d start 28 d then 5 mg qd for 14 d then 2 mg qd for 14 d"};
    course d = simulate(drugs, regs, 2, 126 * 24, 0);
    cnsim_pd_withdrawal_summarize(d.t, d.s, d.n, 0.05, &wd);
    IN_RANGE("diazepam switch / abrupt clonazepam peak", wd.peak / wa.peak, 0, 0.5, "NHS Scotland, Ashton: switching smooths withdrawal");
    course_free(&c), course_free(&t), course_free(&x), course_free(&d);
}

/* C9: sedation rises with dose and is greatest at the start and after a
 * dose increase (Klonopin label: drowsiness, dose-dependent, early). */
static void test_c9_sedation_with_dose_start_and_increase(void **state)
{
    (void)state;
    const char *doses[3] = {"0.5 mg once", "1 mg once", "2 mg once"};
    double prev = 0;
    for (int k = 0; k < 3; k++) {
        course c = one("clonazepam", doses[k], 12);
        double peak = 0;
        for (size_t i = 0; i < c.n; i++)
            peak = fmax(peak, c.s[i].sedation);
        assert_true(peak > prev);
        prev = peak;
        course_free(&c);
    }
    course c = one("clonazepam", "1 mg bid for 21 d then 2 mg bid for 21 d", 42 * 24);
    double early = 0, late = 0, increased = 0;
    for (size_t i = 0; i < c.n; i++) {
        double t = after(&c, i);
        if (t < 7 * 24)
            early = fmax(early, c.s[i].sedation);
        else if (t >= 14 * 24 && t < 21 * 24)
            late = fmax(late, c.s[i].sedation);
        else if (t >= 21 * 24 && t < 28 * 24)
            increased = fmax(increased, c.s[i].sedation);
    }
    IN_RANGE("sedation week 3 / week 1 peak at constant dose", late / early, 0, 0.95, "tolerance to sedation");
    IN_RANGE("sedation after the increase / before", increased / late, 1.05, 10, "worse after dose increases");
    double end = at(&c, 41.9 * 24)->sedation;
    assert_true(end < increased);
    course_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_c4_clonazepam_acts_within_an_hour),
        cmocka_unit_test(test_c5_ssri_occupies_sert_at_once_but_acts_over_weeks),
        cmocka_unit_test(test_benzodiazepine_site_occupancy_matches_pet),
        cmocka_unit_test(test_c7_tolerance_dependence_and_withdrawal),
        cmocka_unit_test(test_c9_sedation_with_dose_start_and_increase),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
