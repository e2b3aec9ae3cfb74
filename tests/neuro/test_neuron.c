/* The single neuron (src/neuro/neuron_*.c): resting potential, chloride
 * reversal, modulation of firing by GABA-A, charge bookkeeping,
 * determinism and bad parameters. */
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

static cnsim_neuron_result *run(const cnsim_neuron_params *p)
{
    cnsim_neuron_result *r = NULL;
    cnsim_status st = cnsim_neuron_run(p, &r);
    if (st != CNSIM_OK)
        fprintf(stderr, "run failed: %s\n", cnsim_last_error());
    assert_int_equal(st, CNSIM_OK);
    assert_non_null(r);
    return r;
}

/* Without input the Wang-Buzsaki cell settles where the steady-state
 * ionic current is zero (found independently by bisection); atol 0.01 mV
 * after 3 s. The COBAHH Traub-Miles cell has no stable rest: its only
 * zero-current point lies near -33 mV and it fires on its own (about 14 Hz
 * here; NEURON's run of bench/peers/neuron_single.py shows the same first
 * spike at 37.87 ms before any current is injected). */
static void test_unstimulated_cells_rest_or_fire_as_their_equations_say(void **state)
{
    (void)state;
    double rest;
    assert_int_equal(cnsim_neuron_rest_mV(CNSIM_NEURON_WANG_BUZSAKI, &rest), CNSIM_OK);
    cnsim_neuron_params p = cnsim_neuron_params_default();
    p.model = CNSIM_NEURON_WANG_BUZSAKI;
    p.duration_ms = 3000;
    p.sample_ms = 1;
    cnsim_neuron_result *r = run(&p);
    double v_end = r->v_mV[r->n_samples - 1];
    printf("# wang-buzsaki: rest %.4f mV (bisection), %.4f mV (simulated)\n", rest, v_end);
    assert_true(fabs(v_end - rest) < 0.01);
    assert_true(rest > -70 && rest < -60);
    assert_int_equal(r->n_spikes, 0);
    cnsim_neuron_result_free(r);

    assert_int_equal(cnsim_neuron_rest_mV(CNSIM_NEURON_TRAUB_MILES, &rest), CNSIM_OK);
    p.model = CNSIM_NEURON_TRAUB_MILES;
    r = run(&p);
    printf("# traub-miles: zero-current point %.4f mV, %zu spikes in 3 s without input\n", rest, r->n_spikes);
    assert_true(rest > -40);
    assert_true(r->firing_rate_hz > 5 && r->firing_rate_hz < 30);
    cnsim_neuron_result_free(r);
}

/* Hodgkin & Huxley 1952 (model "hh", as NEURON's hh.mod at 6.3 degC): the
 * leak reversal -54.3 mV was chosen so that the axon rests at -65 mV; a
 * steady current gives repetitive firing only above about 6.2 uA/cm^2
 * (the onset of the HH model's periodic branch, e.g. Rinzel & Miller 1980,
 * Math Biosci 49:27; Koch 1999, Biophysics of Computation, ch. 6), and
 * the action potential overshoots 0 mV by some 40 mV (HH 1952, fig. 13:
 * propagated spike about 100 mV above rest). 20000 um^2: 1 nA = 5 uA/cm^2. */
static void test_hh_rests_at_minus_65_and_fires_repetitively_above_6_uA_per_cm2(void **state)
{
    (void)state;
    double rest;
    assert_int_equal(cnsim_neuron_rest_mV(CNSIM_NEURON_HH, &rest), CNSIM_OK);
    printf("# hh: rest %.4f mV\n", rest);
    assert_true(fabs(rest - (-65.0)) < 0.1);
    cnsim_neuron_model m;
    assert_int_equal(cnsim_neuron_model_parse("hh", &m), CNSIM_OK);
    assert_int_equal(m, CNSIM_NEURON_HH);
    assert_string_equal(cnsim_neuron_model_name(m), "hh");
    assert_int_equal(cnsim_neuron_model_parse("hodgkin-huxley", &m), CNSIM_OK);
    assert_int_equal(m, CNSIM_NEURON_HH);
    cnsim_neuron_params p = cnsim_neuron_params_default();
    p.model = CNSIM_NEURON_HH;
    p.duration_ms = 1100;
    p.inject_start_ms = 100;
    p.sample_ms = 0.025;
    struct { double uA_per_cm2; size_t min_spikes, max_spikes; } c[] = {
        {0, 0, 0}, {6.0, 1, 3}, {6.5, 40, 80}, {10, 50, 90}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        p.inject_nA = c[i].uA_per_cm2 / 5;
        cnsim_neuron_result *r = run(&p);
        double peak = -1e9;
        for (size_t k = 0; k < r->n_samples; k++)
            peak = fmax(peak, r->v_mV[k]);
        printf("# hh: %g uA/cm^2: %zu spikes in 1 s, peak %.1f mV\n", c[i].uA_per_cm2, r->n_spikes, peak);
        assert_true(r->n_spikes >= c[i].min_spikes && r->n_spikes <= c[i].max_spikes);
        if (c[i].uA_per_cm2 == 0)
            assert_true(fabs(r->v_mV[r->n_samples - 1] - rest) < 0.01);
        else
            assert_true(peak > 30 && peak < 50);
        cnsim_neuron_result_free(r);
    }
}

/* Nernst for chloride (z = -1) at 37 C: -(RT/F) ln(130/7) = -78.09 mV. */
static void test_chloride_reversal_follows_nernst(void **state)
{
    (void)state;
    double e = cnsim_neuron_nernst_cl_mV(7, 130, 37);
    double expected = -1e3 * 8.314462618 * 310.15 / 96485.33212 * log(130.0 / 7);
    assert_true(fabs(e - expected) < 1e-9);
    assert_true(fabs(e - (-78.09)) < 0.01);
    assert_true(isnan(cnsim_neuron_nernst_cl_mV(0, 130, 37)));
    /* Raised [Cl-]i (as in immature or injured neurons) makes GABA depolarising. */
    assert_true(cnsim_neuron_nernst_cl_mV(30, 130, 37) > -40);
}

static cnsim_neuron_params synaptic_protocol(cnsim_neuron_model m, double inject_nA)
{
    cnsim_neuron_params p = cnsim_neuron_params_default();
    p.model = m;
    p.inject_nA = inject_nA;
    p.ipsp_rate_hz = 50;
    p.g_gaba_nS = 5;
    p.g_tonic_nS = 2;
    p.seed = 1;
    return p;
}

/* Claim C2 at the cell: with tonic and phasic inhibition, a larger
 * opening-frequency multiplier M gives no more spikes at each step, fewer
 * overall, and a more negative mean V. */
static void test_more_modulation_means_fewer_spikes_and_lower_mean_v(void **state)
{
    (void)state;
    const double M[] = {1, 1.25, 1.5, 2, 3};
    struct { cnsim_neuron_model m; double inject_nA; int check_v; int check_spikes; } cases[] = {
        {CNSIM_NEURON_WANG_BUZSAKI, 0.5, 1, 1},    /* tonic firing, strongly driven */
        {CNSIM_NEURON_TRAUB_MILES, 0.5, 0, 1},     /* tonic firing: mean V is set by spike shape */
        {CNSIM_NEURON_TRAUB_MILES, 0.0, 1, 0},     /* below threshold */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t prev_n = SIZE_MAX, first_n = 0;
        double prev_v = INFINITY;
        for (size_t i = 0; i < sizeof M / sizeof M[0]; i++) {
            cnsim_neuron_params p = synaptic_protocol(cases[c].m, cases[c].inject_nA);
            p.gabaa_modulation = M[i];
            cnsim_neuron_result *r = run(&p);
            printf("# %s inject %.1f nA, M %.2f: %zu spikes (%.0f Hz), mean V %.3f mV, Cl charge %.4f nC\n",
                   cnsim_neuron_model_name(p.model), p.inject_nA, M[i], r->n_spikes, r->firing_rate_hz,
                   r->mean_v_mV, r->cl_charge_nC);
            if (cases[c].check_spikes)
                assert_true(r->n_spikes <= prev_n);
            if (cases[c].check_v)
                assert_true(r->mean_v_mV < prev_v);
            if (i == 0)
                first_n = r->n_spikes;
            if (cases[c].check_spikes && i + 1 == sizeof M / sizeof M[0])
                assert_true(r->n_spikes < first_n);
            prev_n = r->n_spikes;
            prev_v = r->mean_v_mV;
            cnsim_neuron_result_free(r);
        }
    }
}

/* Withdrawal-like loss of GABA-A function (A = 0.5) gives more spikes than
 * the intact synapse, and M = 2 with A = 0.5 sits between. */
static void test_adaptation_removes_inhibition(void **state)
{
    (void)state;
    cnsim_neuron_params p = synaptic_protocol(CNSIM_NEURON_WANG_BUZSAKI, 0.5);
    cnsim_neuron_result *intact = run(&p);
    p.gabaa_adaptation = 0.5;
    cnsim_neuron_result *adapted = run(&p);
    assert_true(adapted->n_spikes > intact->n_spikes);
    assert_true(adapted->cl_charge_nC < intact->cl_charge_nC);
    cnsim_neuron_result_free(intact);
    cnsim_neuron_result_free(adapted);
}

/* cl_charge_nC is integrated by CVODE as a state; the trapezoid rule over
 * a 0.01 ms output grid of i_cl_nA must agree to rtol 1e-3. */
static void test_chloride_charge_equals_the_integral_of_the_current(void **state)
{
    (void)state;
    cnsim_neuron_params p = synaptic_protocol(CNSIM_NEURON_TRAUB_MILES, 0.3);
    p.gabaa_modulation = 1.5;
    p.sample_ms = 0.01;
    p.g_exc_nS = 3;
    p.exc_rate_hz = 200;
    cnsim_neuron_result *r = run(&p);
    double q_nC = 0;
    for (size_t k = 1; k < r->n_samples; k++)
        q_nC += 0.5 * (r->i_cl_nA[k] + r->i_cl_nA[k - 1]) * (r->t_ms[k] - r->t_ms[k - 1]) * 1e-3;
    printf("# chloride charge %.6f nC (CVODE), %.6f nC (trapezoid)\n", r->cl_charge_nC, q_nC);
    assert_true(r->cl_charge_nC > 0);     /* V mostly above E_Cl: outward current, chloride influx */
    assert_true(fabs(q_nC - r->cl_charge_nC) <= 1e-3 * fabs(r->cl_charge_nC));
    double v_mean = 0;
    for (size_t k = 1; k < r->n_samples; k++)
        v_mean += 0.5 * (r->v_mV[k] + r->v_mV[k - 1]) * (r->t_ms[k] - r->t_ms[k - 1]);
    v_mean /= p.duration_ms;
    assert_true(fabs(v_mean - r->mean_v_mV) < 1e-2);
    cnsim_neuron_result_free(r);
}

/* The same seed gives bit-identical spike times; another seed another train. */
static void test_same_seed_same_spikes(void **state)
{
    (void)state;
    cnsim_neuron_params p = synaptic_protocol(CNSIM_NEURON_WANG_BUZSAKI, 0.2);
    p.g_exc_nS = 6;
    p.exc_rate_hz = 300;
    cnsim_neuron_result *a = run(&p), *b = run(&p);
    assert_int_equal(a->n_spikes, b->n_spikes);
    assert_true(a->n_spikes > 0);
    assert_memory_equal(a->spike_times_ms, b->spike_times_ms, a->n_spikes * sizeof(double));
    assert_true(a->cl_charge_nC == b->cl_charge_nC);
    p.seed = 2;
    cnsim_neuron_result *c = run(&p);
    assert_true(c->n_ipsp_events != a->n_ipsp_events || c->cl_charge_nC != a->cl_charge_nC);
    cnsim_neuron_result_free(a);
    cnsim_neuron_result_free(b);
    cnsim_neuron_result_free(c);
}

/* Spikes come at a regular interval under a constant current, every one
 * an upward crossing of the threshold. */
static void test_spike_times_are_upward_threshold_crossings(void **state)
{
    (void)state;
    cnsim_neuron_params p = cnsim_neuron_params_default();
    p.inject_nA = 0.5;
    p.duration_ms = 300;
    p.sample_ms = 0.01;
    cnsim_neuron_result *r = run(&p);
    assert_true(r->n_spikes > 10);
    for (size_t i = 0; i < r->n_spikes; i++) {
        size_t k = (size_t)floor(r->spike_times_ms[i] / p.sample_ms);
        assert_true(r->v_mV[k] <= p.threshold_mV + 1e-6);
        assert_true(r->v_mV[k + 1] >= p.threshold_mV - 1e-6);
    }
    cnsim_neuron_result_free(r);
}

static void test_bad_parameters_are_refused(void **state)
{
    (void)state;
    cnsim_neuron_result *r = (void *)1;
    cnsim_neuron_params p = cnsim_neuron_params_default();
    p.g_gaba_nS = -1;
    assert_int_equal(cnsim_neuron_run(&p, &r), CNSIM_E_RANGE);
    assert_null(r);
    assert_non_null(strstr(cnsim_last_error(), "g-gaba"));
    p = cnsim_neuron_params_default();
    p.gabaa_modulation = 0;
    assert_int_equal(cnsim_neuron_params_check(&p), CNSIM_E_RANGE);
    p = cnsim_neuron_params_default();
    p.g_tonic_nS = -2;
    assert_int_equal(cnsim_neuron_params_check(&p), CNSIM_E_RANGE);
    p = cnsim_neuron_params_default();
    p.sample_ms = NAN;
    assert_int_equal(cnsim_neuron_params_check(&p), CNSIM_E_RANGE);
    cnsim_neuron_model m;
    assert_int_equal(cnsim_neuron_model_parse("izhikevich", &m), CNSIM_E_ARG);
    assert_int_equal(cnsim_neuron_model_parse("wang-buzsaki", &m), CNSIM_OK);
    assert_int_equal(m, CNSIM_NEURON_WANG_BUZSAKI);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unstimulated_cells_rest_or_fire_as_their_equations_say),
        cmocka_unit_test(test_hh_rests_at_minus_65_and_fires_repetitively_above_6_uA_per_cm2),
        cmocka_unit_test(test_chloride_reversal_follows_nernst),
        cmocka_unit_test(test_more_modulation_means_fewer_spikes_and_lower_mean_v),
        cmocka_unit_test(test_adaptation_removes_inhibition),
        cmocka_unit_test(test_chloride_charge_equals_the_integral_of_the_current),
        cmocka_unit_test(test_same_seed_same_spikes),
        cmocka_unit_test(test_spike_times_are_upward_threshold_crossings),
        cmocka_unit_test(test_bad_parameters_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
