/* Validation of issue 13, item 7 (DESIGN.md C5, C7): dependence that
 * needs exposure, an antidepressant effect that outlasts the drug by
 * weeks, and an SSRI discontinuation index ranked by how fast each SSRI
 * leaves the transporter. Every figure comes out of the library's
 * model/run chain (PK -> occupancy -> slow states); the bounds and their
 * sources are beside each check (docs/models.md sections 5, 7, 7a).
 * Figures before item 7 are in the comments ("was"). */
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

typedef struct {
    cnsim_model *m;
    cnsim_run *r;
    double first_dose_h, last_dose_h;   /* qd and bid start at 08:00 of day 1 */
    cnsim_run_metrics mt;
} sim;

/* One drug on one regimen, to until_h (NAN: the automatic horizon) every
 * hour, with PD and findings. */
static sim run(const char *drug, const char *regimen, double until_h)
{
    sim s = {0};
    cnsim_model_drug md = {drug, NULL, NULL};
    if (cnsim_model_create(reg, &md, 1, NULL, &s.m) != CNSIM_OK || cnsim_run_create(s.m, &s.r) != CNSIM_OK ||
        cnsim_run_set_regimen(s.r, 0, regimen) != CNSIM_OK || cnsim_run_set_grid(s.r, until_h, 1) != CNSIM_OK ||
        cnsim_run_set_outputs(s.r, CNSIM_RUN_PD | CNSIM_RUN_FINDINGS) != CNSIM_OK ||
        cnsim_run_simulate(s.r) != CNSIM_OK)
        fail_msg("%s %s: %s", drug, regimen, cnsim_last_error());
    const cnsim_event_list *ev = cnsim_run_events(s.r);
    s.first_dose_h = INFINITY;
    s.last_dose_h = 0;
    for (size_t i = 0; i < ev->n; i++)
        if (ev->ev[i].evid == CNSIM_EVID_DOSE) {
            s.first_dose_h = fmin(s.first_dose_h, ev->ev[i].time_h);
            s.last_dose_h = fmax(s.last_dose_h, ev->ev[i].time_h);
        }
    cnsim_run_get_metrics(s.r, &s.mt);
    return s;
}

static void done(sim *s)
{
    cnsim_run_free(s->r);
    cnsim_model_free(s->m);
}

/* Column `name` at the output time nearest t_h. */
static double at(const sim *s, const char *name, double t_h)
{
    long c = cnsim_run_column_index(s->r, name);
    assert_true(c >= 0);
    size_t n = cnsim_run_n_times(s->r);
    const double *t = cnsim_run_times(s->r), *y = cnsim_run_column(s->r, (size_t)c);
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (fabs(t[i] - t_h) < fabs(t[best] - t_h))
            best = i;
    return y[best];
}

/* ---- benzodiazepines ------------------------------------------------- */

/* A single dose builds no dependence (ASAM 2025: physical dependence
 * develops with regular use over weeks). Was: peak 0.058, 4.4 days above
 * the 0.05 threshold. */
static void test_single_2mg_clonazepam_dose_stays_below_withdrawal_threshold(void **state)
{
    (void)state;
    sim s = run("clonazepam", "2 mg once", NAN);
    print_message("clonazepam 2 mg once: peak withdrawal %.3f, %.1f days above %.2f\n", s.mt.withdrawal.peak,
                  s.mt.withdrawal.hours_above / 24, s.mt.withdrawal.threshold);
    assert_true(s.mt.withdrawal.peak < s.mt.withdrawal.threshold);
    assert_true(s.mt.withdrawal.hours_above == 0);
    done(&s);
}

/* A week of regular use: at most a brief, mild rebound, here bounded by
 * twice the threshold and under a week above it (assumed reading of
 * "at most briefly/mildly"; ASAM 2025: dependence possible after weeks).
 * Was: peak 0.155, 16.3 days above. */
static void test_one_week_of_clonazepam_gives_at_most_a_brief_mild_rebound(void **state)
{
    (void)state;
    sim s = run("clonazepam", "0.5 mg bid for 7 d", NAN);
    print_message("clonazepam 0.5 mg bid 7 d: peak %.3f, %.1f days above\n", s.mt.withdrawal.peak,
                  s.mt.withdrawal.hours_above / 24);
    assert_true(s.mt.withdrawal.peak < 2 * s.mt.withdrawal.threshold);
    assert_true(s.mt.withdrawal.hours_above < 7 * 24);
    done(&s);
}

/* Withdrawal grows with the duration of use (Rickels 1983: 5% after under
 * 8 months, 43% after 8 months or more; ASAM 2025: possible after weeks,
 * common after months): 1 < 2 < 4 < 13 weeks, and after 3 months a clear
 * withdrawal, peak over 4 times the threshold. Was: 0.155, -, 0.253,
 * 0.260 (saturated within 2 weeks). */
static void test_withdrawal_grows_with_weeks_of_clonazepam(void **state)
{
    (void)state;
    const char *reg_text[] = {"0.5 mg bid for 7 d", "0.5 mg bid for 14 d", "0.5 mg bid for 28 d",
                              "0.5 mg bid for 91 d"};
    double peak[4];
    for (int i = 0; i < 4; i++) {
        sim s = run("clonazepam", reg_text[i], NAN);
        peak[i] = s.mt.withdrawal.peak;
        print_message("clonazepam %s: peak %.3f\n", reg_text[i], peak[i]);
        if (i == 3)
            assert_true(peak[i] > 4 * s.mt.withdrawal.threshold);
        done(&s);
    }
    for (int i = 0; i < 3; i++)
        assert_true(peak[i + 1] > peak[i] * 1.02);
    assert_true(peak[3] > 3 * peak[0]);
}

/* After 3 months of daily use the onset follows the half-life (Ashton
 * 2002: short-acting alprazolam and lorazepam within 24-48 h, i.e. 0-2 days
 * after the last dose as the validate checks read it; long-acting
 * clonazepam and diazepam later, 2-7 days). */
static void test_onset_after_three_months_follows_half_life(void **state)
{
    (void)state;
    static const struct { const char *drug, *regimen; double lo_d, hi_d; } c[] = {
        {"alprazolam", "0.5 mg bid for 91 d", 0, 2},
        {"lorazepam", "1 mg bid for 91 d", 0, 2},
        {"clonazepam", "0.5 mg bid for 91 d", 2, 7},
        {"diazepam", "5 mg bid for 91 d", 2, 7},
    };
    double onset[4];
    for (int i = 0; i < 4; i++) {
        sim s = run(c[i].drug, c[i].regimen, NAN);
        onset[i] = (s.mt.withdrawal.onset_time_h - s.last_dose_h) / 24;
        print_message("%s %s: onset %.2f days after the last dose, peak %.3f\n", c[i].drug, c[i].regimen, onset[i],
                      s.mt.withdrawal.peak);
        assert_true(onset[i] >= c[i].lo_d && onset[i] <= c[i].hi_d);
        done(&s);
    }
    assert_true(onset[2] > onset[0] && onset[3] > onset[1]);
}

/* ---- antidepressant course ------------------------------------------- */

/* After 8 weeks of sertraline the antidepressant effect fades over weeks
 * to months, not days: within 10% 4 days after the stop (was 0.90 ->
 * 0.05), above half at 4 weeks, and mostly gone by 6 months, when 86.5%
 * of the drug-placebo relapse difference has happened (Zhou 2020; Geddes
 * 2003: relapse 41% after discontinuation vs 18% on drug). */
static void test_antidepressant_effect_fades_over_weeks_after_sertraline_stops(void **state)
{
    (void)state;
    sim s = run("sertraline", "50 mg qd for 8 w", 55 * 24 + 190 * 24);
    double t0 = s.last_dose_h + 24;   /* the first missed dose */
    double a0 = at(&s, "antidepressant_index", t0), a4 = at(&s, "antidepressant_index", t0 + 4 * 24);
    double a28 = at(&s, "antidepressant_index", t0 + 28 * 24), a182 = at(&s, "antidepressant_index", t0 + 182 * 24);
    print_message("sertraline stop: antidepressant index %.3f, +4 d %.3f, +4 w %.3f, +26 w %.3f\n", a0, a4, a28, a182);
    assert_true(a0 > 0.8);
    assert_true(a4 > 0.9 * a0);
    assert_true(a28 > 0.5 * a0);
    assert_true(a182 < 0.2 * a0);
    /* The onset is still the autoreceptors' (weeks): a third of the
     * week-6 effect in week 1 (Taylor 2006), here 20-45%; days from the
     * first dose. */
    double w1 = at(&s, "antidepressant_index", s.first_dose_h + 7 * 24);
    double w6 = at(&s, "antidepressant_index", s.first_dose_h + 42 * 24);
    print_message("onset: day 7 %.3f, week 6 %.3f (%.0f%%)\n", w1, w6, 100 * w1 / w6);
    assert_true(w1 > 0.2 * w6 && w1 < 0.45 * w6);
    done(&s);
}

/* ---- SSRI discontinuation index -------------------------------------- */

/* After 8 weeks at the usual dose and an abrupt stop: paroxetine highest,
 * sertraline next, fluoxetine lowest and below the threshold (Rosenbaum
 * 1998; Michelson 2000); citalopram and escitalopram between paroxetine
 * and fluoxetine (Fava 2015: more frequent with paroxetine). Onset (first
 * time above the threshold) within 3 days of the last paroxetine dose
 * (Michelson 2000: from the second missed dose), within 4 days for
 * sertraline and escitalopram and 5 for citalopram (its 35 h half-life)
 * (Black 2000: 1-3 days after discontinuation in most cases). */
static void test_discontinuation_index_ranks_paroxetine_highest_fluoxetine_lowest(void **state)
{
    (void)state;
    static const struct { const char *drug, *regimen; double onset_max_d; } c[] = {
        {"paroxetine", "20 mg qd for 8 w", 3},  {"sertraline", "50 mg qd for 8 w", 4},
        {"escitalopram", "10 mg qd for 8 w", 4}, {"citalopram", "20 mg qd for 8 w", 5},
        {"fluoxetine", "20 mg qd for 8 w", NAN},
    };
    double peak[5];
    for (int i = 0; i < 5; i++) {
        sim s = run(c[i].drug, c[i].regimen, 55 * 24 + 60 * 24);
        const cnsim_pd_withdrawal_summary *d = &s.mt.ssri_discontinuation;
        peak[i] = d->peak;
        double onset = (d->onset_time_h - s.last_dose_h) / 24;
        print_message("%-12s peak %.3f %.1f d after the last dose, onset %.2f d, %.1f d above %.2f\n", c[i].drug,
                      d->peak, (d->peak_time_h - s.last_dose_h) / 24, onset, d->hours_above / 24, d->threshold);
        if (isnan(c[i].onset_max_d)) {
            assert_true(d->peak < d->threshold);
        } else {
            assert_true(onset > 0 && onset <= c[i].onset_max_d);
            /* Symptoms last about 1-3 weeks (Black 2000: over a week in
             * half of the cases; Fava 2015: a few weeks). */
            assert_true(d->hours_above > 7 * 24 && d->hours_above < 28 * 24);
        }
        done(&s);
    }
    assert_true(peak[0] > peak[1] && peak[1] > peak[4]);
    for (int i = 1; i < 4; i++)
        assert_true(peak[i] < peak[0] && peak[i] > 2 * peak[4]);
}

/* Discontinuation needs exposure: 3 days of paroxetine stay at or below
 * the threshold, 8 weeks go far above (Hirsch & Birnbaum 2025: after a
 * sufficient length of treatment, e.g. four weeks). */
static void test_discontinuation_index_needs_exposure(void **state)
{
    (void)state;
    sim a = run("paroxetine", "20 mg qd for 3 d", NAN), b = run("paroxetine", "20 mg qd for 8 w", NAN);
    print_message("paroxetine 3 d: peak %.3f; 8 w: %.3f\n", a.mt.ssri_discontinuation.peak,
                  b.mt.ssri_discontinuation.peak);
    assert_true(a.mt.ssri_discontinuation.peak <= a.mt.ssri_discontinuation.threshold);
    assert_true(b.mt.ssri_discontinuation.peak > 3 * b.mt.ssri_discontinuation.threshold);
    done(&a);
    done(&b);
}

/* The abrupt-stop finding: a warning for paroxetine that quotes the index
 * and Rosenbaum 1998, info for fluoxetine whose index stays below. */
static void test_abrupt_ssri_stop_finding_uses_the_index(void **state)
{
    (void)state;
    static const struct { const char *drug; const char *severity; } c[] = {{"paroxetine", "warning"},
                                                                           {"fluoxetine", "info"}};
    for (int i = 0; i < 2; i++) {
        sim s = run(c[i].drug, "20 mg qd for 8 w", NAN);
        const cnsim_finding *f = NULL;
        for (size_t k = 0; k < cnsim_run_n_findings(s.r); k++)
            if (!strcmp(cnsim_run_finding(s.r, k)->code, "ssri_abrupt_stop"))
                f = cnsim_run_finding(s.r, k);
        assert_non_null(f);
        print_message("%s: %s: %s\n", c[i].drug, f->severity, f->message);
        assert_string_equal(f->severity, c[i].severity);
        assert_non_null(strstr(f->source, "rosenbaum1998"));
        assert_non_null(strstr(f->message, "discontinuation index"));
        done(&s);
    }
}

/* Chlordiazepoxide acts through a chain of long-lived metabolites
 * (desmethylchlordiazepoxide, demoxepam, desmethyldiazepam; Greenblatt
 * 1978), so it withdraws like the long-acting class (Ashton 2002: 2-7
 * days after the last dose), clearly later than alprazolam (0-2 days),
 * although the parent's own half-life (12 h) is close to alprazolam's
 * (11 h). Before the chain was modelled its onset came 0.8 days after
 * the last dose, as alprazolam's. */
static void test_chlordiazepoxide_withdraws_later_than_alprazolam(void **state)
{
    (void)state;
    static const struct { const char *drug, *regimen; } c[] = {
        {"alprazolam", "0.5 mg bid for 91 d"},
        {"chlordiazepoxide", "12.5 mg bid for 91 d"},   /* 25 mg/day: Ashton's equivalent of alprazolam 0.5 mg */
        {"chlordiazepoxide", "25 mg tid for 28 d"},
    };
    double onset[3];
    for (int i = 0; i < 3; i++) {
        sim s = run(c[i].drug, c[i].regimen, NAN);
        onset[i] = (s.mt.withdrawal.onset_time_h - s.last_dose_h) / 24;
        print_message("%s %s: onset %.2f days after the last dose, peak %.3f\n", c[i].drug, c[i].regimen, onset[i],
                      s.mt.withdrawal.peak);
        done(&s);
    }
    assert_true(onset[0] >= 0 && onset[0] <= 2);
    assert_true(onset[1] >= 2 && onset[1] <= 7);
    assert_true(onset[1] > onset[0] + 1);
    assert_true(onset[2] > onset[0] + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_2mg_clonazepam_dose_stays_below_withdrawal_threshold),
        cmocka_unit_test(test_one_week_of_clonazepam_gives_at_most_a_brief_mild_rebound),
        cmocka_unit_test(test_withdrawal_grows_with_weeks_of_clonazepam),
        cmocka_unit_test(test_onset_after_three_months_follows_half_life),
        cmocka_unit_test(test_chlordiazepoxide_withdraws_later_than_alprazolam),
        cmocka_unit_test(test_antidepressant_effect_fades_over_weeks_after_sertraline_stops),
        cmocka_unit_test(test_discontinuation_index_ranks_paroxetine_highest_fluoxetine_lowest),
        cmocka_unit_test(test_discontinuation_index_needs_exposure),
        cmocka_unit_test(test_abrupt_ssri_stop_finding_uses_the_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
