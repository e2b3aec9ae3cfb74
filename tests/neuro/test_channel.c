/* The single GABA-A receptor: the exact simulation against the analytic
 * statistics of its scheme, the benzodiazepine effect (C2), determinism
 * and bad parameters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

#define N CNSIM_CHANNEL_N_STATES

static int within(double sim, double ref, double rtol)
{
    return isfinite(sim) && isfinite(ref) && fabs(sim - ref) <= rtol * fabs(ref);
}

static cnsim_channel_opts opts_at(double gaba_uM, double occ, double duration_s)
{
    cnsim_channel_opts o = cnsim_channel_opts_default();
    o.gaba_uM = gaba_uM;
    o.bzd_occupancy = occ;
    o.duration_s = duration_s;
    return o;
}

/* Q has zero row sums, and the analytic equilibrium p satisfies p Q = 0
 * and detailed balance (the scheme has no cycles). */
static void test_equilibrium_is_the_null_space_of_the_generator(void **state)
{
    (void)state;
    cnsim_channel_params p = cnsim_channel_params_default();
    cnsim_channel_opts o = opts_at(1, 0.5, 1);
    double q[N * N];
    cnsim_channel_stats a;
    assert_int_equal(cnsim_channel_generator(&p, o.gaba_uM, o.bzd_occupancy, q), CNSIM_OK);
    assert_int_equal(cnsim_channel_analytic(&p, &o, &a), CNSIM_OK);
    double sum_p = 0;
    for (int j = 0; j < N; j++) {
        double row = 0, flow = 0;
        for (int i = 0; i < N; i++)
            row += q[j * N + i], flow += a.occupancy[i] * q[i * N + j];
        assert_true(fabs(row) < 1e-9 * fabs(q[j * N + j]) + 1e-12);
        assert_true(fabs(flow) < 1e-12);
        sum_p += a.occupancy[j];
        for (int i = 0; i < N; i++)
            assert_true(fabs(a.occupancy[i] * q[i * N + j] - a.occupancy[j] * q[j * N + i]) < 1e-12);
    }
    assert_true(fabs(sum_p - 1) < 1e-12);
    /* Each opening is one sojourn in AO (1/1111 s) or A2O (1/142 s). */
    assert_true(fabs(a.mean_open_time_mono_ms - 1e3 / 1111) < 1e-12);
    assert_true(fabs(a.mean_open_time_di_ms - 1e3 / 142) < 1e-12);
}

/* 1 uM GABA, 10^6 s: about 2 x 10^6 openings per run, so the dwell-time
 * means and the counts land within 2% of the analytic values (observed
 * scatter over seeds is below 1%; the slow AD state makes the runs long). */
static void test_simulated_statistics_match_the_analytic_values_within_2_percent(void **state)
{
    (void)state;
    cnsim_channel_params p = cnsim_channel_params_default();
    const double occ[] = {0, 0.8};
    for (int k = 0; k < 2; k++) {
        cnsim_channel_opts o = opts_at(1, occ[k], 1e6);
        cnsim_channel_stats a, s;
        assert_int_equal(cnsim_channel_analytic(&p, &o, &a), CNSIM_OK);
        assert_int_equal(cnsim_channel_simulate(&p, &o, &s), CNSIM_OK);
        assert_true(s.n_openings > 10000);
        assert_true(within(s.opening_frequency_hz, a.opening_frequency_hz, 0.02));
        assert_true(within(s.mean_open_time_ms, a.mean_open_time_ms, 0.02));
        assert_true(within(s.mean_open_time_mono_ms, a.mean_open_time_mono_ms, 0.02));
        assert_true(within(s.mean_open_time_di_ms, a.mean_open_time_di_ms, 0.02));
        assert_true(within(s.mean_burst_ms, a.mean_burst_ms, 0.02));
        assert_true(within(s.open_probability, a.open_probability, 0.02));
    }
}

/* C2 at low (ambient) GABA, where openings come almost only from the
 * mono-liganded state and rebinding dominates: occupancy 0.8 (kon x2.2)
 * raises the opening frequency by close to the kon factor, while the mean
 * open time stays within 2%. 10 nM GABA, 4 x 10^6 s per run. */
static void test_occupancy_raises_opening_frequency_but_not_mean_open_time(void **state)
{
    (void)state;
    cnsim_channel_params p = cnsim_channel_params_default();
    cnsim_channel_opts o0 = opts_at(0.01, 0, 4e6), o8 = opts_at(0.01, 0.8, 4e6);
    cnsim_channel_stats a0, a8, s0, s8;
    assert_int_equal(cnsim_channel_analytic(&p, &o0, &a0), CNSIM_OK);
    assert_int_equal(cnsim_channel_analytic(&p, &o8, &a8), CNSIM_OK);
    assert_int_equal(cnsim_channel_simulate(&p, &o0, &s0), CNSIM_OK);
    assert_int_equal(cnsim_channel_simulate(&p, &o8, &s8), CNSIM_OK);
    assert_true(s0.n_openings > 10000 && s8.n_openings > 10000);
    double kon_factor = 1 + (p.bzd_kon_factor - 1) * 0.8;
    double ratio_a = a8.opening_frequency_hz / a0.opening_frequency_hz;
    double ratio_s = s8.opening_frequency_hz / s0.opening_frequency_hz;
    assert_true(ratio_a > 0.9 * kon_factor && ratio_a <= kon_factor);
    assert_true(within(ratio_s, ratio_a, 0.03));
    assert_true(within(s8.mean_open_time_ms, s0.mean_open_time_ms, 0.02));
    assert_true(within(a8.mean_open_time_ms, a0.mean_open_time_ms, 0.02));
}

/* At 1 uM the frequency still rises and every open state keeps its
 * lifetime; the overall mean open time rises with the share of doubly
 * liganded openings, and the simulation follows that shift too. */
static void test_occupancy_keeps_open_state_lifetimes_at_1_uM(void **state)
{
    (void)state;
    cnsim_channel_params p = cnsim_channel_params_default();
    cnsim_channel_opts o0 = opts_at(1, 0, 2e5), o8 = opts_at(1, 0.8, 2e5);
    cnsim_channel_stats a0, a8, s0, s8;
    assert_int_equal(cnsim_channel_analytic(&p, &o0, &a0), CNSIM_OK);
    assert_int_equal(cnsim_channel_analytic(&p, &o8, &a8), CNSIM_OK);
    assert_int_equal(cnsim_channel_simulate(&p, &o0, &s0), CNSIM_OK);
    assert_int_equal(cnsim_channel_simulate(&p, &o8, &s8), CNSIM_OK);
    assert_true(s8.opening_frequency_hz > 1.15 * s0.opening_frequency_hz);
    assert_true(within(s8.mean_open_time_mono_ms, s0.mean_open_time_mono_ms, 0.02));
    assert_true(within(s8.mean_open_time_di_ms, s0.mean_open_time_di_ms, 0.02));
    assert_true(within(s8.mean_open_time_ms / s0.mean_open_time_ms,
                       a8.mean_open_time_ms / a0.mean_open_time_ms, 0.03));
}

static void test_same_seed_gives_identical_results(void **state)
{
    (void)state;
    cnsim_channel_params p = cnsim_channel_params_default();
    cnsim_channel_opts o = opts_at(1, 0.5, 5000);
    cnsim_channel_stats a, b, c;
    assert_int_equal(cnsim_channel_simulate(&p, &o, &a), CNSIM_OK);
    assert_int_equal(cnsim_channel_simulate(&p, &o, &b), CNSIM_OK);
    assert_int_equal(a.n_openings, b.n_openings);
    assert_int_equal(a.n_events, b.n_events);
    assert_true(a.mean_open_time_ms == b.mean_open_time_ms);
    assert_true(a.mean_burst_ms == b.mean_burst_ms);
    assert_true(a.open_probability == b.open_probability);
    o.seed = 2;
    assert_int_equal(cnsim_channel_simulate(&p, &o, &c), CNSIM_OK);
    assert_true(c.n_events != a.n_events || c.open_probability != a.open_probability);
}

static void test_zero_gaba_never_opens(void **state)
{
    (void)state;
    cnsim_channel_params p = cnsim_channel_params_default();
    cnsim_channel_opts o = opts_at(0, 0.5, 10);
    cnsim_channel_stats a, s;
    assert_int_equal(cnsim_channel_analytic(&p, &o, &a), CNSIM_OK);
    assert_int_equal(cnsim_channel_simulate(&p, &o, &s), CNSIM_OK);
    assert_true(a.opening_frequency_hz == 0 && isnan(a.mean_open_time_ms));
    assert_int_equal(s.n_openings, 0);
    assert_true(s.occupancy[CNSIM_CHANNEL_R] == 1);
}

static void test_bad_parameters_are_refused(void **state)
{
    (void)state;
    cnsim_channel_params p = cnsim_channel_params_default();
    cnsim_channel_stats s;
    cnsim_channel_opts o = opts_at(-1, 0, 1);
    assert_int_equal(cnsim_channel_simulate(&p, &o, &s), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "gaba"));
    o = opts_at(1, 1.5, 1);
    assert_int_equal(cnsim_channel_simulate(&p, &o, &s), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "occupancy"));
    o = opts_at(1, NAN, 1);
    assert_int_equal(cnsim_channel_analytic(&p, &o, &s), CNSIM_E_RANGE);
    o = opts_at(1, 0, 0);
    assert_int_equal(cnsim_channel_simulate(&p, &o, &s), CNSIM_E_RANGE);
    o = opts_at(1, 0, 1e9); /* about 7 x 10^9 transitions */
    assert_int_equal(cnsim_channel_simulate(&p, &o, &s), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "transitions"));
    p.close_di_per_s = 0;
    o = opts_at(1, 0, 1);
    assert_int_equal(cnsim_channel_simulate(&p, &o, &s), CNSIM_E_RANGE);

    double v;
    assert_int_equal(cnsim_channel_parse_conc_uM("500nM", "--gaba", &v), CNSIM_OK);
    assert_true(fabs(v - 0.5) < 1e-15);
    assert_int_equal(cnsim_channel_parse_conc_uM("1 mM", "--gaba", &v), CNSIM_OK);
    assert_true(v == 1000);
    assert_int_equal(cnsim_channel_parse_conc_uM("1uG", "--gaba", &v), CNSIM_E_PARSE);
    assert_int_equal(cnsim_channel_parse_conc_uM("1", "--gaba", &v), CNSIM_E_PARSE);
    assert_int_equal(cnsim_channel_parse_conc_uM("-1uM", "--gaba", &v), CNSIM_E_RANGE);
    assert_int_equal(cnsim_channel_parse_duration_s("250ms", "--duration", &v), CNSIM_OK);
    assert_true(fabs(v - 0.25) < 1e-15);
    assert_int_equal(cnsim_channel_parse_duration_s("2min", "--duration", &v), CNSIM_OK);
    assert_true(v == 120);
    assert_int_equal(cnsim_channel_parse_duration_s("0s", "--duration", &v), CNSIM_E_RANGE);
    assert_int_equal(cnsim_channel_parse_duration_s("5 parsecs", "--duration", &v), CNSIM_E_PARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equilibrium_is_the_null_space_of_the_generator),
        cmocka_unit_test(test_simulated_statistics_match_the_analytic_values_within_2_percent),
        cmocka_unit_test(test_occupancy_raises_opening_frequency_but_not_mean_open_time),
        cmocka_unit_test(test_occupancy_keeps_open_state_lifetimes_at_1_uM),
        cmocka_unit_test(test_same_seed_gives_identical_results),
        cmocka_unit_test(test_zero_gaba_never_opens),
        cmocka_unit_test(test_bad_parameters_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
