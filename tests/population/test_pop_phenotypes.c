/* tests for the ancestry phenotype frequencies of population scenarios
 * (src/population/pop_spec.c, data/85_phenotypes.sql): a population that
 * samples CYP2C19 and CYP2D6 phenotypes by ancestry reproduces the
 * registry's frequencies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

/* Each phenotype multiplies CL by its own factor and there is no ETA, so
 * a subject's CL names its phenotype. */
static const char *SPEC =
    "{\"name\": \"t\", \"model\": \"effect-tolerance\", \"regimen\": \"0.5 mg q12h for 1 d\", \"until\": \"1d\","
    " \"every\": \"6h\", \"theta\": {\"KA\": 1.8, \"CL\": 1, \"V\": 200, \"F\": 0.9, \"KE0\": 0.9, \"KT\": 0.02,"
    " \"EMAX\": 1, \"EC50\": 15, \"HILL\": 1.3},"
    " \"covariates\": {\"%s\": {\"ancestry\": \"%s\"}},"
    " \"covariate_effects\": ["
    "  {\"param\": \"CL\", \"covariate\": \"%s\", \"level\": \"poor\", \"factor\": 2},"
    "  {\"param\": \"CL\", \"covariate\": \"%s\", \"level\": \"intermediate\", \"factor\": 3},"
    "  {\"param\": \"CL\", \"covariate\": \"%s\", \"level\": \"normal\", \"factor\": 5},"
    "  {\"param\": \"CL\", \"covariate\": \"%s\", \"level\": \"rapid\", \"factor\": 7},"
    "  {\"param\": \"CL\", \"covariate\": \"%s\", \"level\": \"ultrarapid\", \"factor\": 11}]}";

static const char *const LEVEL[] = {"poor", "intermediate", "normal", "rapid", "ultrarapid"};
static const double FACTOR[] = {2, 3, 5, 7, 11};

static int setup(void **state)
{
    cnsim_registry *reg = NULL;
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK)
        return -1;
    *state = reg;
    return 0;
}

static int teardown(void **state)
{
    cnsim_registry_free(*state);
    return 0;
}

/* The frequencies of data/85_phenotypes.sql, written out here (reading
 * them back through the code under test would be circular), normalised
 * as the scenario reader does. */
static void registry_freq(const char *gene, const char *ancestry, double f[5])
{
    static const struct { const char *gene, *anc; double f[5]; } T[] = {
        {"cyp2c19", "european", {0.021, 0.248, 0.406, 0.276, 0.047}},
        {"cyp2c19", "japanese", {0.223, 0.44, 0.321, 0.016, 0}},
        {"cyp2d6", "european", {0.0676, 0.3857, 0.5467, 0, 0}},
        {"cyp2d6", "east-asian", {0.0081, 0.3319, 0.66, 0, 0}},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (!strcmp(T[i].gene, gene) && !strcmp(T[i].anc, ancestry)) {
            double t = 0;
            for (int k = 0; k < 5; k++)
                t += T[i].f[k];
            for (int k = 0; k < 5; k++)
                f[k] = T[i].f[k] / t;
            return;
        }
    fail_msg("no expected frequencies for %s %s", gene, ancestry);
}

/* n = 20000 subjects: each phenotype's share within 4 binomial standard
 * errors (plus 0.001) of the registry frequency. */
static void check_ancestry(cnsim_registry *reg, const char *gene, const char *ancestry)
{
    char json[4096];
    snprintf(json, sizeof json, SPEC, gene, ancestry, gene, gene, gene, gene, gene);
    cnsim_pop_spec *s = NULL;
    if (cnsim_pop_spec_read_mem(json, strlen(json), NULL, reg, &s) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    cnsim_pop_opts o = cnsim_pop_opts_default();
    size_t n = 20000;
    o.n = n, o.seed = 7, o.threads = 2, o.keep_metrics = 1;
    cnsim_pop_result *r = NULL;
    if (cnsim_pop_run(s, NULL, &o, &r) != CNSIM_OK)
        fail_msg("%s", cnsim_last_error());
    size_t count[5] = {0};
    for (size_t id = 0; id < n; id++) {
        double cl = cnsim_pop_result_subject_params(r, id)[1];
        int k;
        for (k = 0; k < 5 && fabs(cl - FACTOR[k]) > 1e-9; k++)
            ;
        assert_true(k < 5);
        count[k]++;
    }
    double want[5];
    registry_freq(gene, ancestry, want);
    for (int k = 0; k < 5; k++) {
        double got = (double)count[k] / n, tol = 4 * sqrt(want[k] * (1 - want[k]) / n) + 0.001;
        print_message("%s %s %-12s %.4f (registry %.4f, tolerance %.4f)\n", gene, ancestry, LEVEL[k], got, want[k],
                      tol);
        assert_true(fabs(got - want[k]) < tol);
    }
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(s);
}

static void test_cyp2c19_european_and_japanese_frequencies_are_reproduced(void **state)
{
    check_ancestry(*state, "cyp2c19", "european");
    check_ancestry(*state, "cyp2c19", "japanese");
}

static void test_cyp2d6_european_and_east_asian_frequencies_are_reproduced(void **state)
{
    check_ancestry(*state, "cyp2d6", "european");
    check_ancestry(*state, "cyp2d6", "east-asian");
}

static void test_unknown_ancestry_and_misuse_are_refused(void **state)
{
    cnsim_registry *reg = *state;
    char json[4096];
    cnsim_pop_spec *s = NULL;
    snprintf(json, sizeof json, SPEC, "cyp2c19", "martian", "cyp2c19", "cyp2c19", "cyp2c19", "cyp2c19", "cyp2c19");
    assert_int_equal(cnsim_pop_spec_read_mem(json, strlen(json), NULL, reg, &s), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "european"));
    snprintf(json, sizeof json, SPEC, "sex", "european", "cyp2c19", "cyp2c19", "cyp2c19", "cyp2c19", "cyp2c19");
    assert_int_equal(cnsim_pop_spec_read_mem(json, strlen(json), NULL, reg, &s), CNSIM_E_ARG);
    snprintf(json, sizeof json, SPEC, "cyp2d6", "european", "cyp2c19", "cyp2c19", "cyp2c19", "cyp2c19", "cyp2c19");
    assert_int_equal(cnsim_pop_spec_read_mem(json, strlen(json), NULL, NULL, &s), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "registry"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cyp2c19_european_and_japanese_frequencies_are_reproduced),
        cmocka_unit_test(test_cyp2d6_european_and_east_asian_frequencies_are_reproduced),
        cmocka_unit_test(test_unknown_ancestry_and_misuse_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
