/* tests for src/population/trial*.c: the Smith 1998 design shows the
 * published shape (clonazepam co-therapy ahead at weeks 1-4, no
 * difference at 6-8 weeks; Smith 1998, Furukawa 2001), the numbers do not
 * depend on the thread count, the Katz risk ratio matches its closed form,
 * and bad trial files fail naming the field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <omp.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static void load_scenario(const char *name, cnsim_trial_design *d)
{
    const char *src = getenv("CNSIM_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s", src ? src : ".", name);
    cnsim_status st = cnsim_trial_design_load(path, d);
    if (st != CNSIM_OK)
        fprintf(stderr, "%s: %s\n", path, cnsim_last_error());
    assert_int_equal(st, CNSIM_OK);
}

static const cnsim_trial_row *row_of(const cnsim_trial_design *d, const cnsim_trial_result *r, const char *ep,
                                     int week)
{
    for (size_t k = 0; k < r->n_rows; k++)
        if (!strcmp(d->endpoints[r->rows[k].endpoint].name, ep) && r->rows[k].week == week)
            return &r->rows[k];
    fail_msg("no row %s week %d", ep, week);
    return NULL;
}

/* Katz et al. 1978: SE(log RR) = sqrt(1/a - 1/n_a + 1/b - 1/n_b); a zero
 * cell adds 0.5 to each cell. */
static void test_risk_ratio_matches_the_katz_closed_form(void **state)
{
    (void)state;
    double rr, lo, hi;
    int sig = cnsim_trial_risk_ratio(10, 20, 5, 20, &rr, &lo, &hi);
    double se = sqrt(1.0 / 10 - 1.0 / 20 + 1.0 / 5 - 1.0 / 20);
    assert_true(fabs(rr - 2) < 1e-12);
    assert_true(fabs(lo - 2 * exp(-1.959963984540054 * se)) < 1e-12);
    assert_true(fabs(hi - 2 * exp(1.959963984540054 * se)) < 1e-12);
    assert_false(sig);   /* 0.83-4.81 */
    assert_true(cnsim_trial_risk_ratio(30, 40, 10, 40, &rr, &lo, &hi));
    assert_true(lo > 1);
    /* zero cell: (0.5 / 21) / (5.5 / 21) */
    cnsim_trial_risk_ratio(0, 20, 5, 20, &rr, &lo, &hi);
    assert_true(fabs(rr - 0.5 / 5.5) < 1e-12);
    assert_true(isfinite(lo) && isfinite(hi) && lo > 0);
    /* both zero: not significant; RR 1 for equal arms, (0.5 / 21) / (0.5 / 31) otherwise */
    assert_false(cnsim_trial_risk_ratio(0, 20, 0, 20, &rr, &lo, &hi));
    assert_true(fabs(rr - 1) < 1e-12);
    assert_false(cnsim_trial_risk_ratio(0, 20, 0, 30, &rr, &lo, &hi));
    assert_true(fabs(rr - 31.0 / 21.0) < 1e-12);
}

/* The Smith 1998 design (fluoxetine 20 mg with clonazepam for 3 weeks and
 * a 2-week taper, vs fluoxetine alone, 40 per arm): the median risk ratio
 * of response is above 1 at weeks 1-4 and close to 1 at weeks 6 and 8, and
 * the power is clearly higher at weeks 2-3 than at week 8. */
static void test_smith_design_shows_the_published_shape(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_trial_design d;
    load_scenario("trial-depression-smith1998.json", &d);
    d.replicates = 100;
    cnsim_trial_result r;
    cnsim_status st = cnsim_trial_run(reg, &d, &r);
    if (st != CNSIM_OK)
        fprintf(stderr, "%s\n", cnsim_last_error());
    assert_int_equal(st, CNSIM_OK);
    const int early[] = {1, 2, 3, 4}, late[] = {6, 8};
    for (size_t i = 0; i < 4; i++) {
        const cnsim_trial_row *x = row_of(&d, &r, "HAM-D response", early[i]);
        printf("week %d: RR %.3f power %.2f\n", early[i], x->rr_median, x->power);
        assert_true(x->rr_median > 1.1);
        assert_true(x->mean_pct[0] > x->mean_pct[1]);
    }
    for (size_t i = 0; i < 2; i++) {
        const cnsim_trial_row *x = row_of(&d, &r, "HAM-D response", late[i]);
        printf("week %d: RR %.3f power %.2f\n", late[i], x->rr_median, x->power);
        assert_true(x->rr_median >= 0.8 && x->rr_median <= 1.25);
    }
    double p2 = row_of(&d, &r, "HAM-D response", 2)->power, p3 = row_of(&d, &r, "HAM-D response", 3)->power;
    double p8 = row_of(&d, &r, "HAM-D response", 8)->power;
    assert_true(fmax(p2, p3) > 2 * p8 + 0.08);
    /* rebound only where clonazepam stops; sedation more often with it */
    const cnsim_trial_row *w = row_of(&d, &r, "rebound anxiety after the taper", 7);
    assert_true(w->mean_pct[0] > 5 && w->mean_pct[1] == 0);
    const cnsim_trial_row *ae = row_of(&d, &r, "sedation in week 1", 1);
    assert_true(ae->mean_pct[0] > ae->mean_pct[1] + 10);
    assert_true(fabs(ae->mean_pct[1] - 10) < 4);   /* the background rate only */
    cnsim_trial_result_free(&r);
    cnsim_registry_free(reg);
}

/* Replicates are independent streams of (seed, replicate, patient): one
 * thread and two give the same numbers bit for bit, through the OpenMP
 * default and through n_threads; another seed gives other numbers. */
static void test_one_and_two_threads_give_identical_numbers(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_trial_design d;
    load_scenario("trial-panic.json", &d);
    d.replicates = 24;
    cnsim_trial_result r1, r2, r3, r4;
    omp_set_num_threads(1);
    assert_int_equal(cnsim_trial_run(reg, &d, &r1), CNSIM_OK);
    omp_set_num_threads(2);
    assert_int_equal(cnsim_trial_run(reg, &d, &r2), CNSIM_OK);
    d.n_threads = 3;
    assert_int_equal(cnsim_trial_run(reg, &d, &r3), CNSIM_OK);
    assert_int_equal(r1.n_rows, r2.n_rows);
    assert_memory_equal(r1.rows, r2.rows, r1.n_rows * sizeof *r1.rows);
    assert_memory_equal(r1.rows, r3.rows, r1.n_rows * sizeof *r1.rows);
    d.seed += 1;
    assert_int_equal(cnsim_trial_run(reg, &d, &r4), CNSIM_OK);
    assert_true(memcmp(r1.rows, r4.rows, r1.n_rows * sizeof *r1.rows) != 0);
    cnsim_trial_result_free(&r1), cnsim_trial_result_free(&r2);
    cnsim_trial_result_free(&r3), cnsim_trial_result_free(&r4);
    cnsim_registry_free(reg);
}

static const char *good_head =
    "{\"name\": \"t\", \"indication\": \"depression\", \"weeks\": 4, %s"
    " \"arms\": [{\"name\": \"A\", \"ssri\": \"sertraline:50mg\", \"bzd\": \"clonazepam:0.5mg-bid\", \"bzd_weeks\": 2,"
    " \"taper_weeks\": 1}, {\"name\": \"B\", \"ssri\": \"sertraline:50mg\"}],"
    " \"endpoints\": [{\"name\": \"r\", \"type\": \"%s\", \"scale\": \"HAM-D\", \"weeks\": [1, 2],"
    " \"compare\": [\"A\", \"%s\"]}]}";

static cnsim_status parse_variant(const char *size, const char *type, const char *arm, cnsim_trial_design *d)
{
    char buf[2048];
    snprintf(buf, sizeof buf, good_head, size, type, arm);
    return cnsim_trial_design_parse(buf, d);
}

static void expect_error(cnsim_status got, cnsim_status want, const char *a, const char *b)
{
    if (got != want || !strstr(cnsim_last_error(), a) || (b && !strstr(cnsim_last_error(), b)))
        fail_msg("status %d (want %d): '%s' should name '%s'%s%s", got, want, cnsim_last_error(), a, b ? " and " : "",
                 b ? b : "");
}

static void test_bad_trial_files_name_the_field(void **state)
{
    (void)state;
    cnsim_trial_design d;
    assert_int_equal(parse_variant("\"n_per_arm\": 10,", "response", "B", &d), CNSIM_OK);
    assert_int_equal(d.arms[0].n_patients, 10);
    assert_int_equal(d.endpoints[0].compare[1], 1);
    assert_int_equal(d.replicates, 100);
    /* unknown arm in compare */
    expect_error(parse_variant("\"n_per_arm\": 10,", "response", "C", &d), CNSIM_E_PARSE,
                 "endpoints[0].compare[1]", "\"C\"");
    /* unknown endpoint type */
    expect_error(parse_variant("\"n_per_arm\": 10,", "responders", "B", &d), CNSIM_E_PARSE, "endpoints[0].type",
                 "\"responders\"");
    /* negative n */
    expect_error(parse_variant("\"n_per_arm\": -5,", "response", "B", &d), CNSIM_E_RANGE, "n_per_arm", "-5");
    expect_error(parse_variant("\"sample_size\": -5,", "response", "B", &d), CNSIM_E_RANGE, "sample_size", "-5");
    expect_error(parse_variant("\"n_per_arm\": 10, \"sample_size\": 20,", "response", "B", &d), CNSIM_E_PARSE,
                 "n_per_arm", "both");
    expect_error(parse_variant("\"n_per_arm\": 10, \"colour\": 1,", "response", "B", &d), CNSIM_E_PARSE,
                 "unknown key 'colour'", NULL);
    expect_error(parse_variant("\"n_per_arm\": 10, \"dropout\": {\"per_week\": 1.5},", "response", "B", &d),
                 CNSIM_E_RANGE, "dropout.per_week", "1.5");
    /* randomisation 2:1 of 30 */
    assert_int_equal(parse_variant("\"sample_size\": 30, \"randomisation\": [2, 1],", "response", "B", &d), CNSIM_OK);
    assert_int_equal(d.arms[0].n_patients, 20);
    assert_int_equal(d.arms[1].n_patients, 10);
    /* doses and weeks in the shared vocabulary (cnsim/units.h) */
    const char *units_head =
        "{\"name\": \"t\", \"indication\": \"depression\", \"weeks\": \"8 wks\", \"n_per_arm\": 10,"
        " \"arms\": [{\"name\": \"A\", \"ssri\": \"sertraline:50 mg\", \"bzd\": \"clonazepam:%s\","
        " \"bzd_weeks\": %s, \"taper_weeks\": %s}, {\"name\": \"B\", \"ssri\": \"sertraline:0.05g\"}],"
        " \"endpoints\": [{\"name\": \"r\", \"type\": \"response\", \"weeks\": [1, 2], \"compare\": [\"A\", \"B\"]}]}";
    char buf[2048];
    snprintf(buf, sizeof buf, units_head, "500ug-bid", "\"21 d\"", "\"2 weeks\"");
    if (cnsim_trial_design_parse(buf, &d) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    assert_int_equal(d.weeks, 8);
    assert_true(fabs(d.arms[0].bzd_mg - 0.5) < 1e-15 && d.arms[0].bzd_n_per_day == 2);
    assert_true(d.arms[0].bzd_weeks == 3 && d.arms[0].taper_weeks == 2);
    assert_true(d.arms[1].ssri_mg == 50 && !strcmp(d.arms[1].ssri, "sertraline"));
    snprintf(buf, sizeof buf, units_head, "0.25 mg tid", "2.5", "1");
    assert_int_equal(cnsim_trial_design_parse(buf, &d), CNSIM_OK);
    assert_true(d.arms[0].bzd_mg == 0.25 && d.arms[0].bzd_n_per_day == 3 && d.arms[0].bzd_weeks == 2.5);
    snprintf(buf, sizeof buf, units_head, "0.5kg-bid", "3", "1");
    expect_error(cnsim_trial_design_parse(buf, &d), CNSIM_E_PARSE, "arms[0].bzd", "'kg'");
    snprintf(buf, sizeof buf, units_head, "0.5mg-weekly", "3", "1");
    expect_error(cnsim_trial_design_parse(buf, &d), CNSIM_E_PARSE, "arms[0].bzd", "weekly");
    snprintf(buf, sizeof buf, units_head, "0.5mg", "\"3 fortnights\"", "1");
    expect_error(cnsim_trial_design_parse(buf, &d), CNSIM_E_PARSE, "arms[0].bzd_weeks", "fortnights");
    snprintf(buf, sizeof buf, units_head, "0.5mg", "3", "\"10 d\"");
    expect_error(cnsim_trial_design_parse(buf, &d), CNSIM_E_RANGE, "arms[0].taper_weeks", "whole weeks");
    snprintf(buf, sizeof buf, units_head, "0.5mg", "\"27 w\"", "1");
    expect_error(cnsim_trial_design_parse(buf, &d), CNSIM_E_RANGE, "arms[0].bzd_weeks", "26");
    expect_error(cnsim_trial_design_parse("{\"name\": 1}", &d), CNSIM_E_PARSE, "name", NULL);
    expect_error(cnsim_trial_design_parse("{", &d), CNSIM_E_PARSE, "line", NULL);

    /* drugs are checked by the run: unknown drug, an SSRI that is not one;
     * the budget is refused with the estimate */
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_trial_result r;
    assert_int_equal(parse_variant("\"n_per_arm\": 10,", "response", "B", &d), CNSIM_OK);
    strcpy(d.arms[1].ssri, "notadrug");
    expect_error(cnsim_trial_run(reg, &d, &r), CNSIM_E_ARG, "arms[1].ssri", NULL);
    strcpy(d.arms[1].ssri, "clonazepam");
    expect_error(cnsim_trial_run(reg, &d, &r), CNSIM_E_ARG, "arms[1].ssri", "not an SSRI");
    assert_int_equal(parse_variant("\"n_per_arm\": 5000,", "response", "B", &d), CNSIM_OK);
    d.replicates = 5000;
    expect_error(cnsim_trial_run(reg, &d, &r), CNSIM_E_RANGE, "patient-courses", "CPU-seconds");
    cnsim_registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_risk_ratio_matches_the_katz_closed_form),
        cmocka_unit_test(test_smith_design_shows_the_published_shape),
        cmocka_unit_test(test_one_and_two_threads_give_identical_numbers),
        cmocka_unit_test(test_bad_trial_files_name_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
