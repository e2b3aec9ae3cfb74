/* tests for src/population: reproducibility (any number of threads, parts
 * merged like MPI ranks, packed and unpacked), OMEGA (full covariance,
 * not positive definite), covariates and their effects, residual error,
 * failing subjects, subjects files, and the drug chain with published
 * variability. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static const char *ET =
    "{\"name\": \"t\", \"model\": \"effect-tolerance\", \"regimen\": \"0.5 mg q12h for 7 d\", \"until\": \"10d\","
    " \"every\": \"2h\", \"theta\": {\"KA\": 1.8, \"CL\": 5.6, \"V\": 200, \"F\": 0.9, \"KE0\": 0.9, \"KT\": 0.02,"
    " \"EMAX\": 1, \"EC50\": 15, \"HILL\": 1.3}%s}";

static cnsim_pop_spec *spec_with(const char *extra, cnsim_status want)
{
    char json[8192];
    snprintf(json, sizeof json, ET, extra);
    cnsim_pop_spec *s = NULL;
    cnsim_status st = cnsim_pop_spec_read_mem(json, strlen(json), NULL, NULL, &s);
    if (st != want)
        fail_msg("status %d, expected %d: %s", st, want, cnsim_last_error());
    return s;
}

static cnsim_pop_result *run(const cnsim_pop_spec *s, size_t n, unsigned long seed, int threads, size_t first,
                             size_t count, int keep)
{
    cnsim_pop_opts o = cnsim_pop_opts_default();
    o.n = n, o.seed = seed, o.threads = threads, o.first = first, o.count = count, o.keep_metrics = keep;
    o.keep_subjects = keep;
    cnsim_pop_result *r = NULL;
    if (cnsim_pop_run(s, NULL, &o, &r) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    return r;
}

static void assert_same(const cnsim_pop_spec *s, const cnsim_pop_result *a, const cnsim_pop_result *b)
{
    assert_int_equal(cnsim_pop_result_n_done(a), cnsim_pop_result_n_done(b));
    for (size_t k = 0; k < cnsim_pop_spec_n_outputs(s); k++)
        for (size_t i = 0; i < cnsim_pop_spec_n_times(s); i++) {
            cnsim_pop_band x = cnsim_pop_result_band(a, k, i), y = cnsim_pop_result_band(b, k, i);
            assert_memory_equal(&x, &y, sizeof x);
        }
    for (size_t k = 0; k < cnsim_pop_spec_n_metrics(s); k++) {
        cnsim_pop_band x = cnsim_pop_result_metric(a, k), y = cnsim_pop_result_metric(b, k);
        assert_memory_equal(&x, &y, sizeof x);
    }
}

static const char *OMEGA3 = ", \"omega\": {\"names\": [\"CL\", \"V\", \"KA\"], \"matrix\": [[0.09, 0.04, 0], "
                            "[0.04, 0.06, 0], [0, 0, 0.2]]}";

static void test_bit_identical_threads_and_parts(void **state)
{
    (void)state;
    cnsim_pop_spec *s = spec_with(OMEGA3, CNSIM_OK);
    cnsim_pop_result *r1 = run(s, 300, 7, 1, 0, 0, 0), *r2 = run(s, 300, 7, 2, 0, 0, 0),
                     *r3 = run(s, 300, 7, 3, 0, 0, 0);
    assert_same(s, r1, r2);
    assert_same(s, r1, r3);
    /* two "ranks": subjects 0..122 and 123..299, merged in either order */
    cnsim_pop_result *a = run(s, 300, 7, 1, 0, 123, 0), *b = run(s, 300, 7, 2, 123, 177, 0);
    assert_int_equal(cnsim_pop_result_merge(a, b), CNSIM_OK);
    assert_same(s, r1, a);
    /* through the byte image MPI sends */
    unsigned char *buf;
    size_t nb;
    assert_int_equal(cnsim_pop_result_pack(r2, &buf, &nb), CNSIM_OK);
    cnsim_pop_result *u;
    assert_int_equal(cnsim_pop_result_unpack(s, buf, nb, &u), CNSIM_OK);
    assert_same(s, r1, u);
    cnsim_pop_result *u2 = NULL;
    assert_int_not_equal(cnsim_pop_result_unpack(s, buf, nb / 2, &u2), CNSIM_OK);   /* truncated */
    assert_null(u2);
    cnsim_free(buf);
    /* a different seed changes the population */
    cnsim_pop_result *r4 = run(s, 300, 8, 2, 0, 0, 0);
    assert_true(cnsim_pop_result_metric(r4, 0).mean != cnsim_pop_result_metric(r1, 0).mean);
    cnsim_pop_result_free(r1), cnsim_pop_result_free(r2), cnsim_pop_result_free(r3);
    cnsim_pop_result_free(a), cnsim_pop_result_free(b), cnsim_pop_result_free(u), cnsim_pop_result_free(r4);
    cnsim_pop_spec_free(s);
}

/* The drawn ETAs have the OMEGA given: variances within 10% and the CL-V
 * correlation (0.04 / sqrt(0.09 * 0.06) = 0.544) within 0.05, N = 4000. */
static void test_omega_full_matrix(void **state)
{
    (void)state;
    cnsim_pop_spec *s = spec_with(OMEGA3, CNSIM_OK);
    size_t n = 4000;
    cnsim_pop_result *r = run(s, n, 11, 2, 0, 0, 1);
    double m[3] = {0}, c[3][3] = {{0}};
    const double th[3] = {5.6, 200, 1.8};
    const int idx[3] = {1, 2, 0};   /* CL, V, KA in the model's parameter order KA, CL, V, ... */
    static const char *const want[3] = {"CL", "V", "KA"};
    for (int k = 0; k < 3; k++)
        assert_string_equal(cnsim_pop_spec_param_name(s, (size_t)idx[k]), want[k]);
    for (size_t id = 0; id < n; id++) {
        const double *p = cnsim_pop_result_subject_params(r, id);
        double e[3];
        for (int k = 0; k < 3; k++)
            e[k] = log(p[idx[k]] / th[k]), m[k] += e[k] / n;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                c[i][j] += e[i] * e[j] / n;
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            c[i][j] -= m[i] * m[j];
    double rho = c[0][1] / sqrt(c[0][0] * c[1][1]);
    print_message("var CL %.4f V %.4f KA %.4f, corr CL-V %.3f, corr CL-KA %.3f\n", c[0][0], c[1][1], c[2][2], rho,
                  c[0][2] / sqrt(c[0][0] * c[2][2]));
    assert_true(fabs(c[0][0] / 0.09 - 1) < 0.1 && fabs(c[1][1] / 0.06 - 1) < 0.1 && fabs(c[2][2] / 0.2 - 1) < 0.1);
    assert_true(fabs(rho - 0.544) < 0.05);
    assert_true(fabs(c[0][2] / sqrt(c[0][0] * c[2][2])) < 0.05);
    /* F has no ETA here: every subject has THETA */
    assert_true(cnsim_pop_result_subject_params(r, 17)[3] == 0.9);
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
}

/* The ETA of a bioavailability acts on the logit: with a large variance
 * every F stays in (0, 1) and the median stays at THETA (0.9). */
static void test_bioavailability_on_logit(void **state)
{
    (void)state;
    cnsim_pop_spec *s = spec_with(", \"omega\": {\"F\": 1.0}", CNSIM_OK);
    size_t n = 1001, below = 0;
    cnsim_pop_result *r = run(s, n, 4, 2, 0, 0, 1);
    for (size_t id = 0; id < n; id++) {
        double f = cnsim_pop_result_subject_params(r, id)[3];
        assert_true(f > 0 && f < 1);
        below += f < 0.9;
    }
    print_message("F below THETA 0.9 in %zu of %zu subjects\n", below, n);
    assert_true(below > 450 && below < 550);
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
}

static void test_omega_not_positive_definite(void **state)
{
    (void)state;
    spec_with(", \"omega\": {\"names\": [\"CL\", \"V\"], \"matrix\": [[0.09, 0.2], [0.2, 0.06]]}", CNSIM_E_RANGE);
    const char *m = cnsim_last_error();
    print_message("%s\n", m);
    assert_non_null(strstr(m, "not positive definite"));
    assert_non_null(strstr(m, "nearest valid matrix"));
    assert_non_null(strstr(m, "CL, V"));
    spec_with(", \"omega\": {\"names\": [\"CL\", \"V\"], \"matrix\": [[0.09, 0.01], [0.02, 0.06]]}", CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "not symmetric"));
    spec_with(", \"omega\": {\"CLX\": 0.1}", CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "omega.CLX"));
    spec_with(", \"omega\": {\"CL\": -0.1}", CNSIM_E_RANGE);
    spec_with(", \"omegaa\": {\"CL\": 0.1}", CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "unknown key 'omegaa'"));
}

/* Weight lognormal (median 70, CV 20%) with CL ~ (WT/70)^0.75 and no ETA:
 * log CL is exactly 0.75 log(WT/70), so its SD is 0.75 * 0.198. */
static void test_covariates_and_effects(void **state)
{
    (void)state;
    cnsim_pop_spec *s = spec_with(
        ", \"covariates\": {\"weight\": {\"dist\": \"lognormal\", \"median\": 70, \"cv\": 0.2, \"min\": 30, \"max\": 200},"
        " \"cyp2c19\": {\"poor\": 0.3, \"normal\": 0.7}},"
        " \"covariate_effects\": [{\"param\": \"CL\", \"covariate\": \"weight\", \"power\": 0.75, \"ref\": 70},"
        " {\"param\": \"V\", \"covariate\": \"cyp2c19\", \"level\": \"poor\", \"factor\": 2}]",
        CNSIM_OK);
    size_t n = 3000;
    cnsim_pop_result *r = run(s, n, 5, 2, 0, 0, 1);
    double m = 0, v = 0;
    size_t n_poor = 0;
    for (size_t id = 0; id < n; id++) {
        const double *p = cnsim_pop_result_subject_params(r, id);
        double l = log(p[1] / 5.6);
        m += l / n, v += l * l / n;
        assert_true(p[2] == 200 || p[2] == 400);
        n_poor += p[2] == 400;
    }
    double sd = sqrt(v - m * m);
    print_message("SD of log CL %.4f (expected %.4f); poor metabolisers %.3f\n", sd, 0.75 * 0.198, (double)n_poor / n);
    assert_true(fabs(sd / (0.75 * 0.198) - 1) < 0.06);
    assert_true(fabs((double)n_poor / n - 0.3) < 0.03);
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
    spec_with(", \"covariates\": {\"height\": {\"dist\": \"normal\", \"mean\": 1, \"sd\": 1}}", CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "covariates.height"));
    spec_with(", \"covariates\": {\"sex\": {\"female\": 0.5, \"male\": 0.6}}", CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "add up to"));
    spec_with(", \"covariate_effects\": [{\"param\": \"CL\", \"covariate\": \"weight\", \"power\": 0.75}]", CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "ref"));
}

/* SIGMA: a proportional variance of 0.04 gives DV / IPRED with SD 0.2. */
static void test_residual_error(void **state)
{
    (void)state;
    cnsim_pop_spec *s = spec_with(", \"omega\": {\"CL\": 0.09}, \"sigma\": {\"c_ng_mL\": {\"proportional\": 0.04}}",
                                  CNSIM_OK);
    size_t no = cnsim_pop_spec_n_outputs(s), nt = cnsim_pop_spec_n_times(s);
    assert_string_equal(cnsim_pop_spec_output_name(s, no - 1), "c_ng_mL_dv");
    cnsim_pop_result *r = run(s, 200, 2, 2, 0, 0, 1);
    double m = 0, v = 0;
    size_t k = 0;
    for (size_t id = 0; id < 200; id++) {
        const double *y = cnsim_pop_result_subject(r, id);
        for (size_t i = 10; i < nt; i++) {
            double q = y[i * no + no - 1] / y[i * no + 0] - 1;
            m += q, v += q * q, k++;
        }
    }
    m /= k, v = v / k - m * m;
    print_message("residual: mean %.4f SD %.4f over %zu observations\n", m, sqrt(v), k);
    assert_true(fabs(m) < 0.01 && fabs(sqrt(v) - 0.2) < 0.01);
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
    spec_with(", \"sigma\": {\"conc\": {\"proportional\": 0.04}}", CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "sigma.conc"));
}

/* A subjects file with a unique name (parallel runs must not collide),
 * removed by remove_tmp. */
static char tmp_paths[4][512];
static size_t n_tmp;

static const char *write_tmp(const char *text)
{
    const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *path = tmp_paths[n_tmp++];
    snprintf(path, sizeof tmp_paths[0], "%s/cnsim_pop_subj_XXXXXX.csv", dir);
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void remove_tmp(void)
{
    for (size_t i = 0; i < n_tmp; i++)
        remove(tmp_paths[i]);
    n_tmp = 0;
}

/* A subject with an impossible parameter fails alone, with its id and
 * reason; a subjects file with a gap or a bad value is refused. */
static void test_failures_and_subject_files(void **state)
{
    (void)state;
    cnsim_pop_spec *s = spec_with("", CNSIM_OK);
    const char *p = write_tmp("id,CL,V,weight\n0,5,200,70\n1,6,210,80\n2,-1,200,70\n3,4,190,60\n");
    assert_int_equal(cnsim_pop_spec_set_subjects_csv(s, p), CNSIM_OK);
    assert_int_equal(cnsim_pop_spec_n_subject_rows(s), 4);
    cnsim_pop_result *r = run(s, 4, 1, 2, 0, 0, 1);
    assert_int_equal(cnsim_pop_result_n_done(r), 3);
    assert_int_equal(cnsim_pop_result_n_failed(r), 1);
    size_t id;
    const char *why;
    cnsim_pop_result_failure(r, 0, &id, &why);
    print_message("subject %zu failed: %s\n", id, why);
    assert_int_equal(id, 2);
    assert_non_null(strstr(why, "CL = -1"));
    assert_true(cnsim_pop_result_subject_params(r, 1)[1] == 6);
    assert_null(cnsim_pop_result_subject(r, 2));
    cnsim_pop_result_free(r);
    cnsim_pop_opts o = cnsim_pop_opts_default();
    o.n = 5;
    assert_int_equal(cnsim_pop_run(s, NULL, &o, &r), CNSIM_E_RANGE);   /* more subjects than rows */
    p = write_tmp("CL,V\n5,200\n6,\n");
    assert_int_equal(cnsim_pop_spec_set_subjects_csv(s, p), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "row 3, column V: missing value"));
    p = write_tmp("CL,age\n5,200\n");
    assert_int_equal(cnsim_pop_spec_set_subjects_csv(s, p), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "column age"));
    p = write_tmp("CL,clearance\n5,200\n");
    assert_int_equal(cnsim_pop_spec_set_subjects_csv(s, p), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "'clearance'"));
    cnsim_pop_spec_free(s);
    remove_tmp();
}

/* Drug chain: clonazepam with the published variability (KA from
 * Kruizinga 2022), occupancy and withdrawal per subject; 12 subjects. */
/* "until" and "every" take the vocabulary of every option (cnsim/units.h),
 * and a bad one is refused with the file, the JSON path and the unit. */
static void test_durations_take_the_shared_vocabulary(void **state)
{
    (void)state;
    const char *ok = "{\"model\": \"effect-tolerance\", \"regimen\": \"0.5 mg q12h for 2 wks\", \"until\": \"3 wks\","
                     " \"every\": \"90 mins\", \"theta\": {\"KA\": 1.8, \"CL\": 5.6, \"V\": 200, \"F\": 0.9,"
                     " \"KE0\": 0.9, \"KT\": 0.02, \"EMAX\": 1, \"EC50\": 15, \"HILL\": 1.3}}";
    cnsim_pop_spec *s = NULL;
    if (cnsim_pop_spec_read_mem(ok, strlen(ok), NULL, NULL, &s) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    size_t n = cnsim_pop_spec_n_times(s);
    const double *t = cnsim_pop_spec_times(s);
    assert_int_equal(n, 337); /* 0 to 504 h every 1.5 h */
    assert_true(fabs(t[1] - 1.5) < 1e-12 && fabs(t[n - 1] - 504) < 1e-9);
    cnsim_pop_spec_free(s);

    char bad[1024];
    snprintf(bad, sizeof bad, "%s", ok);
    char *u = strstr(bad, "3 wks");
    memcpy(u, "3 yrs", 5);
    s = NULL;
    assert_int_equal(cnsim_pop_spec_read_mem(bad, strlen(bad), NULL, NULL, &s), CNSIM_E_PARSE);
    assert_null(s);
    if (!strstr(cnsim_last_error(), "until") || !strstr(cnsim_last_error(), "'yrs'"))
        fail_msg("%s", cnsim_last_error());
}

static void test_drug_chain(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    const char *json = "{\"name\": \"c\", \"model\": \"drug-chain\", \"drugs\": [{\"drug\": \"Klonopin\","
                       " \"regimen\": \"0.5 mg bid for 14 d\"}], \"until\": \"21d\", \"every\": \"1h\","
                       " \"covariates\": {\"age\": {\"dist\": \"uniform\", \"min\": 20, \"max\": 80}}}";
    cnsim_pop_spec *s;
    if (cnsim_pop_spec_read_mem(json, strlen(json), NULL, reg, &s) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    int ka = -1;
    for (size_t k = 0; k < cnsim_pop_spec_n_params(s); k++)
        if (!strcmp(cnsim_pop_spec_param_name(s, k), "clonazepam.KA"))
            ka = (int)k;
    assert_true(ka >= 0);
    assert_string_equal(cnsim_pop_spec_omega_source(s, (size_t)ka), "kruizinga2022");
    assert_true(fabs(cnsim_pop_spec_omega(s, (size_t)ka, (size_t)ka) - 0.16) < 1e-12);
    cnsim_pop_opts o = cnsim_pop_opts_default();
    o.n = 12, o.threads = 2, o.keep_metrics = 1;
    cnsim_pop_result *r;
    if (cnsim_pop_run(s, reg, &o, &r) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    assert_int_equal(cnsim_pop_result_n_done(r), 12);
    int wd = -1, cmax = -1;
    for (size_t k = 0; k < cnsim_pop_spec_n_metrics(s); k++) {
        if (!strcmp(cnsim_pop_spec_metric_name(s, k), "withdrawal_index_max"))
            wd = (int)k;
        if (!strcmp(cnsim_pop_spec_metric_name(s, k), "clonazepam_cmax_ng_mL"))
            cmax = (int)k;
    }
    assert_true(wd >= 0 && cmax >= 0);
    cnsim_pop_band w = cnsim_pop_result_metric(r, (size_t)wd), c = cnsim_pop_result_metric(r, (size_t)cmax);
    print_message("withdrawal index max: median %.3f [%.3f, %.3f]; Cmax median %.2f [%.2f, %.2f] ng/mL\n", w.p50,
                  w.p5, w.p95, c.p50, c.p5, c.p95);
    assert_true(w.p50 > 0 && c.p95 > c.p5 * 1.2 && c.p50 > 3 && c.p50 < 30);
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
    /* a THETA from the scenario replaces the registry's typical value:
     * doubling CL (no variability) lowers clonazepam exposure */
    double auc[2];
    for (int k = 0; k < 2; k++) {
        const char *js = k ? "{\"model\": \"drug-chain\", \"drugs\": [{\"drug\": \"clonazepam\", \"regimen\": \"0.5 mg bid for 7 d\"}],"
                             " \"until\": \"8d\", \"every\": \"2h\", \"theta\": {\"CL\": 8.4}, \"omega\": {\"CL\": 0}}"
                           : "{\"model\": \"drug-chain\", \"drugs\": [{\"drug\": \"clonazepam\", \"regimen\": \"0.5 mg bid for 7 d\"}],"
                             " \"until\": \"8d\", \"every\": \"2h\", \"omega\": {\"CL\": 0}}";
        if (cnsim_pop_spec_read_mem(js, strlen(js), NULL, reg, &s) != CNSIM_OK)
            fail_msg("%s", cnsim_last_error());
        o.n = 2;
        if (cnsim_pop_run(s, reg, &o, &r) != CNSIM_OK)
            fail_msg("%s", cnsim_last_error());
        for (size_t m = 0; m < cnsim_pop_spec_n_metrics(s); m++)
            if (!strcmp(cnsim_pop_spec_metric_name(s, m), "clonazepam_auc_ng_h_mL"))
                auc[k] = cnsim_pop_result_metric(r, m).mean;
        cnsim_pop_result_free(r);
        cnsim_pop_spec_free(s);
    }
    print_message("clonazepam AUC 0-8 d: %.0f with CL 4.2 L/h, %.0f with THETA CL 8.4 L/h\n", auc[0], auc[1]);
    assert_true(auc[1] < 0.65 * auc[0] && auc[1] > 0.4 * auc[0]);
    /* an SSRI adds the HAM-D course and the weeks to response */
    json = "{\"model\": \"drug-chain\", \"drugs\": [{\"drug\": \"sertraline\", \"regimen\": \"50 mg qd for 8 w\"}],"
           " \"until\": \"8w\", \"every\": \"4h\"}";
    if (cnsim_pop_spec_read_mem(json, strlen(json), NULL, reg, &s) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    size_t no = cnsim_pop_spec_n_outputs(s), nm = cnsim_pop_spec_n_metrics(s);
    assert_string_equal(cnsim_pop_spec_output_name(s, no - 1), "hamd_score");
    assert_string_equal(cnsim_pop_spec_metric_name(s, nm - 1), "weeks_to_response");
    o.n = 40;
    if (cnsim_pop_run(s, reg, &o, &r) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    cnsim_pop_band h0 = cnsim_pop_result_band(r, no - 1, 0);
    cnsim_pop_band h8 = cnsim_pop_result_band(r, no - 1, cnsim_pop_spec_n_times(s) - 1);
    cnsim_pop_band ttr = cnsim_pop_result_metric(r, nm - 1);
    print_message("HAM-D median %.1f at start, %.1f [%.1f, %.1f] at week 8; weeks to response median %.2f\n", h0.p50,
                  h8.p50, h8.p5, h8.p95, ttr.p50);
    assert_true(h0.p50 > 18 && h8.p50 < h0.p50 && h8.p95 > h8.p5 + 3);
    assert_true(ttr.p50 > 1 && ttr.p50 < 12);
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
    /* unknown drug: named */
    json = "{\"model\": \"drug-chain\", \"drugs\": [{\"drug\": \"clonazepan\", \"regimen\": \"1 mg qd\"}]}";
    assert_int_not_equal(cnsim_pop_spec_read_mem(json, strlen(json), NULL, reg, &s), CNSIM_OK);
    assert_non_null(strstr(cnsim_last_error(), "clonazepan"));
    cnsim_registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bit_identical_threads_and_parts),
        cmocka_unit_test(test_omega_full_matrix),
        cmocka_unit_test(test_bioavailability_on_logit),
        cmocka_unit_test(test_omega_not_positive_definite),
        cmocka_unit_test(test_covariates_and_effects),
        cmocka_unit_test(test_residual_error),
        cmocka_unit_test(test_failures_and_subject_files),
        cmocka_unit_test(test_durations_take_the_shared_vocabulary),
        cmocka_unit_test(test_drug_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
