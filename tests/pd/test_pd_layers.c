/* The pharmacodynamic layers alone: effect site, occupancy, adaptation,
 * bounds and bad parameters. */
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
static cnsim_pd_system_params sys;

static int setup(void **state)
{
    (void)state;
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK || cnsim_registry_pd_system(reg, &sys) != CNSIM_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cnsim_registry_free(reg);
    return 0;
}

/* A step in C: Ce = C (1 - e^{-ke0 t}) exactly, whatever the sampling. */
static void test_effect_site_is_exact_for_a_step_and_a_ramp(void **state)
{
    (void)state;
    double t[50], c[50], ce[50], k = 4.16;
    for (int i = 0; i < 50; i++)
        t[i] = 0.1 * i + (i % 3) * 0.01, c[i] = 10;
    cnsim_pd_effect_site(t, c, 50, k, 0, ce);
    for (int i = 0; i < 50; i++)
        assert_true(fabs(ce[i] - 10 * (1 - exp(-k * t[i]))) < 1e-12);
    /* Ramp C = m t: Ce = m (t - (1 - e^{-kt})/k). */
    for (int i = 0; i < 50; i++)
        c[i] = 2 * t[i];
    cnsim_pd_effect_site(t, c, 50, k, 0, ce);
    for (int i = 0; i < 50; i++)
        assert_true(fabs(ce[i] - 2 * (t[i] - (1 - exp(-k * t[i])) / k)) < 1e-12);
}

/* Competitive occupancy: one ligand at Ki occupies half; two ligands at
 * their Ki each occupy a third; total never exceeds 1. */
static void test_benzodiazepine_site_occupancy_is_competitive(void **state)
{
    (void)state;
    cnsim_pd_drug_params d[2];
    assert_int_equal(cnsim_registry_pd_params(reg, "clonazepam", &d[0]), CNSIM_OK);
    assert_int_equal(cnsim_registry_pd_params(reg, "diazepam", &d[1]), CNSIM_OK);
    double ce_at_ki[2], occ[2];
    for (int i = 0; i < 2; i++)
        ce_at_ki[i] = d[i].ki_unbound_nM * d[i].mw_g_per_mol / 1000 / d[i].fu;
    double one[2] = {ce_at_ki[0], 0};
    cnsim_pd_bzd_occupancy(d, 2, one, occ);
    assert_true(fabs(occ[0] - 0.5) < 1e-12 && occ[1] == 0);
    cnsim_pd_bzd_occupancy(d, 2, ce_at_ki, occ);
    assert_true(fabs(occ[0] - 1.0 / 3) < 1e-12 && fabs(occ[1] - 1.0 / 3) < 1e-12);
    double huge[2] = {1e9, 1e9};
    cnsim_pd_bzd_occupancy(d, 2, huge, occ);
    assert_true(occ[0] + occ[1] <= 1 + 1e-12);
}

/* SERT occupancy follows the Sorensen 2022 hyperbola. */
static void test_sert_occupancy_is_hyperbolic(void **state)
{
    (void)state;
    cnsim_pd_drug_params d;
    assert_int_equal(cnsim_registry_pd_params(reg, "sertraline", &d), CNSIM_OK);
    double c = d.sert_ec50_ng_mL;
    assert_true(fabs(cnsim_pd_sert_occupancy(&d, 1, &c) - d.sert_emax_frac / 2) < 1e-12);
    c = 1e9;
    assert_true(cnsim_pd_sert_occupancy(&d, 1, &c) <= d.sert_emax_frac);
}

/* Zero dose gives zero effect and zero adaptation. */
static void test_zero_drug_gives_zero_effect_and_adaptation(void **state)
{
    (void)state;
    double t[100], z[100];
    for (int i = 0; i < 100; i++)
        t[i] = i * 10.0, z[i] = 0;
    cnsim_pd_state s[100];
    assert_int_equal(cnsim_pd_adapt(&sys, t, 100, z, z, t, 100, s), CNSIM_OK);
    for (int i = 0; i < 100; i++) {
        assert_true(s[i].anxiolysis == 0 && s[i].sedation == 0 && s[i].anticonvulsant == 0);
        assert_true(s[i].adaptation == 0 && s[i].withdrawal == 0 && s[i].antidepressant == 0);
        assert_true(s[i].modulation_factor == 1 && s[i].effective_modulation == 1 && fabs(s[i].serotonin_tone - 1) < 1e-12);
        assert_true(fabs(s[i].autoreceptor_sensitivity - 1) < 1e-12);
    }
}

/* Property: for random valid drive series every index stays in [0, 1],
 * the modulation factor in [1, Mmax] and nothing is NaN. */
static void test_indices_stay_in_range_for_random_drives(void **state)
{
    (void)state;
    unsigned x = 12345;
    for (int trial = 0; trial < 20; trial++) {
        size_t n = 400;
        double *t = malloc(n * sizeof *t), *b = malloc(n * sizeof *b), *o = malloc(n * sizeof *o);
        cnsim_pd_state *s = malloc(n * sizeof *s);
        double level_b = 0, level_o = 0;
        for (size_t i = 0; i < n; i++) {
            x = 1664525u * x + 1013904223u;
            if (x % 17 == 0)
                level_b = (x >> 8) % 1000 / 1000.0;
            if (x % 23 == 0)
                level_o = (x >> 12) % 1000 / 1000.0 * 0.97;
            t[i] = i * 6.0;
            b[i] = level_b;
            o[i] = level_o;
        }
        assert_int_equal(cnsim_pd_adapt(&sys, t, n, b, o, t, n, s), CNSIM_OK);
        for (size_t i = 0; i < n; i++) {
            const double v[] = {s[i].anxiolysis, s[i].sedation, s[i].anticonvulsant, s[i].adaptation,
                                s[i].withdrawal, s[i].sert_occupancy, s[i].autoreceptor_sensitivity,
                                s[i].antidepressant, s[i].tol_anx, s[i].tol_sed, s[i].tol_conv};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
                if (!(v[k] >= 0 && v[k] <= 1))
                    fail_msg("trial %d sample %zu field %zu = %g", trial, i, k, v[k]);
            assert_true(s[i].modulation_factor >= 1 && s[i].modulation_factor <= sys.gabaa_mmax);
            assert_true(isfinite(s[i].serotonin_tone) && s[i].serotonin_tone >= 1 - 1e-12);
        }
        free(t), free(b), free(o), free(s);
    }
}

static void test_parameters_outside_bounds_are_refused(void **state)
{
    (void)state;
    cnsim_pd_system_params bad = sys;
    bad.anx_hill = 9;
    double t[2] = {0, 1}, z[2] = {0, 0};
    cnsim_pd_state s[2];
    assert_int_equal(cnsim_pd_adapt(&bad, t, 2, z, z, t, 2, s), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "anx_hill"));
    bad = sys;
    bad.tol_sed_t_half_h = -1;
    assert_int_equal(cnsim_pd_adapt(&bad, t, 2, z, z, t, 2, s), CNSIM_E_RANGE);
    double over[2] = {0.5, 1.5};
    assert_int_equal(cnsim_pd_adapt(&sys, t, 2, over, z, t, 2, s), CNSIM_E_RANGE);
    cnsim_pd_drug_params d;
    cnsim_registry_pd_params(reg, "sertraline", &d);
    d.sert_emax_frac = 1.2;
    assert_int_equal(cnsim_pd_drug_check(&d), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "sert_emax_frac"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_effect_site_is_exact_for_a_step_and_a_ramp),
        cmocka_unit_test(test_benzodiazepine_site_occupancy_is_competitive),
        cmocka_unit_test(test_sert_occupancy_is_hyperbolic),
        cmocka_unit_test(test_zero_drug_gives_zero_effect_and_adaptation),
        cmocka_unit_test(test_indices_stay_in_range_for_random_drives),
        cmocka_unit_test(test_parameters_outside_bounds_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
