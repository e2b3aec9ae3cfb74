/* Validation of the effect-tolerance population model on workload P1
 * (../shared/bench/WORKLOADS.md): with the workload's own subjects (its
 * portable LCG + Box-Muller generator) the outputs reproduce the published
 * near-exact check values (numpy closed form with 16 RK4 sub-steps, which
 * agrees with tight LSODA to about 1e-9) to 1e-6 relative; nearly equal
 * rate constants (ka ~ ke0, ka ~ CL/V) are continuous; the percentiles of
 * the bounded-memory summary agree with exact ones to the stated 0.4%. */
#define _GNU_SOURCE
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

static cnsim_pop_spec *p1_spec(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/bench-p1.json", getenv("CNSIM_SOURCE_DIR"));
    cnsim_pop_spec *s = NULL;
    if (cnsim_pop_spec_read(path, NULL, &s) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    return s;
}

/* WORKLOADS.md "Subjects". */
static void p1_subjects(size_t n, double *v)
{
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        double u[4];
        for (int k = 0; k < 4; k++) {
            x = 1664525u * x + 1013904223u;
            u[k] = (x + 0.5) / 4294967296.0;
        }
        double r1 = sqrt(-2 * log(u[0])), r3 = sqrt(-2 * log(u[2]));
        v[i * 3 + 0] = 5.6 * exp(0.293560379 * r1 * cos(2 * M_PI * u[1]));
        v[i * 3 + 1] = 200 * exp(0.246220677 * r1 * sin(2 * M_PI * u[1]));
        v[i * 3 + 2] = 1.8 * exp(0.472380727 * r3 * cos(2 * M_PI * u[3]));
    }
}

static const char *const cols[3] = {"CL", "V", "KA"};

static int out_index(const cnsim_pop_spec *s, const char *name)
{
    for (size_t k = 0; k < cnsim_pop_spec_n_outputs(s); k++)
        if (!strcmp(cnsim_pop_spec_output_name(s, k), name))
            return (int)k;
    fail_msg("no output %s", name);
    return -1;
}

static void assert_rel(double got, double want, double tol, const char *what)
{
    double r = fabs(got - want) / fabs(want);
    print_message("%-12s %.10g vs %.10g (rel %.1e)\n", what, got, want, r);
    if (!(r <= tol))
        fail_msg("%s: %.10g vs published %.10g: relative difference %.2e above %.0e", what, got, want, r, tol);
}

static void test_p1_check_values(void **state)
{
    (void)state;
    cnsim_pop_spec *s = p1_spec();
    size_t n = 1000;
    double *v = malloc(n * 3 * sizeof *v);
    p1_subjects(n, v);
    assert_true(fabs(v[0] - 12.6465069307) < 1e-8 && fabs(v[1] - 214.779964115) < 1e-6);
    assert_int_equal(cnsim_pop_spec_set_subjects(s, cols, 3, v, n), CNSIM_OK);
    cnsim_pop_opts o = cnsim_pop_opts_default();
    o.n = n, o.threads = 2, o.keep_subjects = 1;
    cnsim_pop_result *r;
    assert_int_equal(cnsim_pop_run(s, NULL, &o, &r), CNSIM_OK);
    assert_int_equal(cnsim_pop_result_n_done(r), n);
    size_t nt = cnsim_pop_spec_n_times(s), no = cnsim_pop_spec_n_outputs(s);
    int kc = out_index(s, "c_ng_mL"), kce = out_index(s, "ce_ng_mL"), kn = out_index(s, "net_effect");
    double sc = 0, sce = 0, sn = 0;
    for (size_t id = 0; id < n; id++) {
        const double *y = cnsim_pop_result_subject(r, id);
        assert_non_null(y);
        for (size_t i = 0; i < nt; i++)
            sc += y[i * no + kc], sce += y[i * no + kce], sn += fabs(y[i * no + kn]);
    }
    assert_rel(sc / (n * nt), 4.67617464, 1e-6, "meanC");
    assert_rel(sce / (n * nt), 4.69482916, 1e-6, "meanCe");
    assert_rel(sn / (n * nt), 0.0328501987, 1e-6, "meanAbsNet");
    const double *y0 = cnsim_pop_result_subject(r, 0);
    assert_rel(y0[672 * no + kc], 2.13884136, 1e-6, "C0_672");
    assert_rel(y0[672 * no + kn], -0.0279439683, 1e-6, "net0_672");
    assert_rel(y0[1008 * no + kn], -0.000165815745, 1e-6, "net0_1008");
    /* the bands' mean is the exact mean (fixed-point sum, 2^-40) */
    double sm = 0;
    for (size_t i = 0; i < nt; i++)
        sm += cnsim_pop_result_band(r, (size_t)kc, i).mean;
    assert_rel(sm / nt, sc / (n * nt), 1e-9, "band mean");
    cnsim_pop_result_free(r);
    free(v);
    cnsim_pop_spec_free(s);
}

/* ka = ke0 exactly, and 1e-12 / 5.9e-6 away (the workload has a subject
 * with |ka - ke0| = 5.9e-6); ka = CL/V likewise: outputs continuous. */
static void test_nearly_equal_rates(void **state)
{
    (void)state;
    cnsim_pop_spec *s = p1_spec();
    double v[6][3] = {{5.6, 200, 0.9},          {5.6, 200, 0.9 + 1e-12}, {5.6, 200, 0.9 + 5.9e-6},
                      {5.6, 200, 5.6 / 200},    {5.6, 200, 0.028 + 1e-13}, {5.6, 200, 0.028 * (1 + 5.9e-6)}};
    assert_int_equal(cnsim_pop_spec_set_subjects(s, cols, 3, &v[0][0], 6), CNSIM_OK);
    cnsim_pop_opts o = cnsim_pop_opts_default();
    o.n = 6, o.threads = 1, o.keep_subjects = 1;
    cnsim_pop_result *r;
    assert_int_equal(cnsim_pop_run(s, NULL, &o, &r), CNSIM_OK);
    assert_int_equal(cnsim_pop_result_n_failed(r), 0);
    size_t nt = cnsim_pop_spec_n_times(s), no = cnsim_pop_spec_n_outputs(s);
    for (int g = 0; g < 2; g++) {
        const double *a = cnsim_pop_result_subject(r, (size_t)(3 * g));
        for (int k = 1; k < 3; k++) {
            const double *b = cnsim_pop_result_subject(r, (size_t)(3 * g + k));
            double worst = 0;
            for (size_t i = 0; i < nt * no; i++) {
                assert_true(isfinite(b[i]));
                worst = fmax(worst, fabs(a[i] - b[i]) / fmax(fabs(a[i]), 1e-3));
            }
            print_message("rates group %d, offset %d: largest relative difference %.2e\n", g, k, worst);
            assert_true(worst < 1e-4);
        }
    }
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Summary percentiles vs exact nearest-rank percentiles of the kept
 * outputs (random subjects from OMEGA): within 0.4% (the bucket width). */
static void test_percentiles_bounded_error(void **state)
{
    (void)state;
    cnsim_pop_spec *s = p1_spec();
    size_t n = 401;
    cnsim_pop_opts o = cnsim_pop_opts_default();
    o.n = n, o.seed = 3, o.threads = 2, o.keep_subjects = 1;
    cnsim_pop_result *r;
    assert_int_equal(cnsim_pop_run(s, NULL, &o, &r), CNSIM_OK);
    size_t nt = cnsim_pop_spec_n_times(s), no = cnsim_pop_spec_n_outputs(s);
    double *col = malloc(n * sizeof *col), worst = 0;
    const double q[3] = {5, 50, 95};
    for (size_t k = 0; k < no; k++)
        for (size_t i = 0; i < nt; i += 37) {
            for (size_t id = 0; id < n; id++)
                col[id] = cnsim_pop_result_subject(r, id)[i * no + k];
            qsort(col, n, sizeof *col, cmpd);
            for (int j = 0; j < 3; j++) {
                size_t rank = (size_t)ceil(q[j] / 100 * n);
                double exact = col[rank - 1], got = cnsim_pop_result_quantile(r, k, i, q[j]);
                if (fabs(exact) < 1e-12)
                    assert_true(fabs(got) < 1e-12);
                else
                    worst = fmax(worst, fabs(got - exact) / fabs(exact));
            }
        }
    print_message("largest relative error of a percentile: %.2e\n", worst);
    assert_true(worst <= 0.0040);
    free(col);
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_p1_check_values),
        cmocka_unit_test(test_nearly_equal_rates),
        cmocka_unit_test(test_percentiles_bounded_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
