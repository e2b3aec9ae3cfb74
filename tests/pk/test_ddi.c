/* Drugs acting on each other's clearance (src/pk/ddi.c): each mechanism
 * checked against its analytic solution where the modulator's
 * concentration is held constant (a fast-cleared modulator infused at a
 * fixed rate), so the victim's clearance multiplier and the enzyme's
 * course are known exactly:
 *   competitive:      m = 1 - fm + fm / (1 + C/Ki)
 *   mechanism-based:  E(t) = Ess + (1 - Ess) e^-(kdeg + kobs) t,
 *                     Ess = kdeg / (kdeg + kobs), kobs = kinact C/(KI + C)
 *   induction:        E(t) = Ess + (1 - Ess) e^-kdeg t, Ess = 1 + Emax C/(EC50 + C)
 * (Fahmi et al. 2009, Drug Metab Dispos 37:1658; Galetin et al. 2006, Drug
 * Metab Dispos 34:166). Also: mass balance, the set-up errors, the
 * refused coupled steady state and an autoinducer's steady state against
 * its long history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "pk_test_util.h"

/* The victim: one compartment, IV; the modulator: cleared in minutes, so
 * an infusion holds it at rate/CL within a fraction of an hour. */
static cnsim_pk_params victim(void)
{
    cnsim_pk_params p = fixture_one_cmt();
    strcpy(p.name, "victim");
    p.tlag_h = 0;
    return p;
}

static cnsim_pk_params modulator(void)
{
    cnsim_pk_params p = cnsim_pk_params_default();
    strcpy(p.name, "modulator");
    p.n_cmt = 1;
    p.ka_per_h = 1;
    p.cl_L_per_h = 500;   /* k = 50 per h */
    p.v1_L = 10;
    p.mw_g_per_mol = 400;
    return p;
}

/* C (ng/mL) held by an infusion of rate mg/h: 1000 rate / CL. */
static double held_ng_mL(double rate) { return 1000.0 * rate / modulator().cl_L_per_h; }

static cnsim_pk_ddi ddi_one(cnsim_pk_pathway *w, cnsim_pk_modulator *q, double kdeg)
{
    cnsim_pk_ddi d;
    memset(&d, 0, sizeof d);
    d.n_enzymes = 1;
    strcpy(d.enzyme[0], "CYP3A4");
    d.kdeg_per_h[0] = kdeg;
    d.pathway = w;
    d.n_pathways = 1;
    d.modulator = q;
    d.n_modulators = 1;
    return d;
}

/* The solver the analytic tests run under: AUTO (for these linear pairs
 * the exponential integrator, src/pk/expo.c), then CVODE. */
static cnsim_solver_kind solver = CNSIM_SOLVER_AUTO;

static cnsim_pk_run *make(const cnsim_pk_ddi *ddi)
{
    cnsim_pk_params p[2] = {victim(), modulator()};
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = solver;
    o.rtol = 1e-9;
    o.atol_mg = 1e-12;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, ddi, &o, &run), CNSIM_OK);
    assert_int_equal(cnsim_pk_run_solver(run), solver == CNSIM_SOLVER_AUTO ? CNSIM_SOLVER_EXPONENTIAL : solver);
    return run;
}

/* Modulator infused from t = 0 to t_end at `rate`; victim 10 mg IV at t_v. */
static void events(double rate, double t_end, double t_v, cnsim_event *ev)
{
    ev[0] = dose_at(0, rate * t_end, 1, CNSIM_CMT_CENTRAL);
    ev[0].rate_mg_per_h = rate;
    ev[1] = dose_at(t_v, 10, 0, CNSIM_CMT_CENTRAL);
}

static void test_competitive_matches_analytic(void **state)
{
    (void)state;
    const double ki = 50, fm = 0.8;
    cnsim_pk_pathway w = {.drug = 0, .enzyme = 0, .fm = fm};
    cnsim_pk_modulator q = {.drug = 1, .enzyme = 0, .kind = CNSIM_MOD_COMPETITIVE, .k_ng_mL = ki};
    cnsim_pk_ddi d = ddi_one(&w, &q, 0.01);
    cnsim_pk_run *run = make(&d);
    assert_true(cnsim_pk_run_drug_is_coupled(run, 0) && cnsim_pk_run_drug_is_coupled(run, 1));
    assert_false(cnsim_pk_run_is_linear(run));
    double rate = ki * modulator().cl_L_per_h / 1000.0;   /* holds C = Ki */
    assert_true(fabs(held_ng_mL(rate) - ki) < 1e-12);
    cnsim_event ev[2];
    events(rate, 200, 5, ev);
    double t[4] = {5, 10, 30, 60}, c[4 * 2];
    assert_int_equal(cnsim_pk_run_simulate(run, ev, 2, t, 4, c, NULL), CNSIM_OK);
    cnsim_pk_params v = victim();
    double m = 1 - fm + fm / 2, k = m * v.cl_L_per_h / v.v1_L;
    for (int i = 0; i < 4; i++) {
        double want = 1000.0 * 10 / v.v1_L * exp(-k * (t[i] - 5));
        assert_true(fabs(c[i * 2] - want) <= 1e-6 * want);
        assert_true(fabs(c[i * 2 + 1] - ki) <= 1e-6 * ki);
    }
    /* The multiplier the library reports at those concentrations. */
    double conc[2] = {c[2], ki}, rel = 1;
    assert_true(fabs(cnsim_pk_run_cl_multiplier(run, 0, 0, conc, &rel) - m) < 1e-12);
    cnsim_pk_run_free(run);
}

static void test_mechanism_based_enzyme_course(void **state)
{
    (void)state;
    const double KI = 100, kinact = 0.5, kdeg = 0.02;
    cnsim_pk_pathway w = {.drug = 0, .enzyme = 0, .fm = 0.9};
    cnsim_pk_modulator q = {.drug = 1, .enzyme = 0, .kind = CNSIM_MOD_MECHANISM_BASED, .k_ng_mL = KI,
                            .kinact_per_h = kinact};
    cnsim_pk_ddi d = ddi_one(&w, &q, kdeg);
    cnsim_pk_run *run = make(&d);
    assert_int_equal(cnsim_pk_run_n_enzymes(run), 1);
    assert_string_equal(cnsim_pk_run_enzyme_name(run, 0), "CYP3A4");
    double rate = KI * modulator().cl_L_per_h / 1000.0;   /* C = KI: kobs = kinact/2 */
    cnsim_event ev[2];
    events(rate, 96, 500, ev);
    enum { N = 6 };
    double t[N] = {12, 24, 48, 96, 120, 240}, c[N * 2], e[N];
    cnsim_pk_samples s = {.t_h = t, .n = N, .conc_ng_mL = c, .enzyme_rel = e};
    assert_int_equal(cnsim_pk_run_sample(run, ev, 2, &s), CNSIM_OK);
    double kobs = kinact / 2, ess = kdeg / (kdeg + kobs);
    for (int i = 0; i < 4; i++) {
        /* The modulator reaches C in minutes; the lag shifts E by far
         * less than the tolerance. */
        double want = ess + (1 - ess) * exp(-(kdeg + kobs) * t[i]);
        assert_true(fabs(e[i] - want) <= 2e-3 * want);
    }
    /* After the inhibitor is gone the enzyme is resynthesised at kdeg:
     * 1 - (1 - E(96)) e^-kdeg (t - 96). */
    for (int i = 4; i < N; i++) {
        double want = 1 - (1 - e[3]) * exp(-kdeg * (t[i] - 96));
        assert_true(fabs(e[i] - want) <= 2e-3);
    }
    cnsim_pk_run_free(run);
}

static void test_induction_and_mass_balance(void **state)
{
    (void)state;
    const double ec50 = 20, emax = 3, kdeg = 0.03, fm = 0.7;
    cnsim_pk_pathway w = {.drug = 0, .enzyme = 0, .fm = fm};
    cnsim_pk_modulator q = {.drug = 1, .enzyme = 0, .kind = CNSIM_MOD_INDUCTION, .k_ng_mL = ec50, .emax = emax};
    cnsim_pk_ddi d = ddi_one(&w, &q, kdeg);
    cnsim_pk_run *run = make(&d);
    double rate = ec50 * modulator().cl_L_per_h / 1000.0;   /* C = EC50 */
    cnsim_event ev[2];
    events(rate, 1000, 400, ev);
    enum { N = 4 };
    double t[N] = {24, 72, 400, 420}, c[N * 2], e[N], a[N * 2 * CNSIM_PK_STATES_PER_DRUG];
    cnsim_pk_samples s = {.t_h = t, .n = N, .conc_ng_mL = c, .enzyme_rel = e, .amounts_mg = a};
    assert_int_equal(cnsim_pk_run_sample(run, ev, 2, &s), CNSIM_OK);
    double ess = 1 + emax / 2;
    for (int i = 0; i < 2; i++) {
        double want = ess + (1 - ess) * exp(-kdeg * t[i]);
        assert_true(fabs(e[i] - want) <= 2e-3 * want);
    }
    /* Induced at steady state: the victim's rate constant is m k10. */
    cnsim_pk_params v = victim();
    double m = 1 - fm + fm * ess, k = m * v.cl_L_per_h / v.v1_L;
    double want = 1000.0 * 10 / v.v1_L * exp(-k * 20);
    assert_true(fabs(c[3 * 2] - want) <= 1e-4 * want);
    /* Every mg of the victim is somewhere: central + eliminated = dose. */
    const double *av = a + 3 * 2 * CNSIM_PK_STATES_PER_DRUG;
    double total = 0;
    for (int k2 = 0; k2 < CNSIM_PK_STATES_PER_DRUG; k2++)
        total += av[k2];
    assert_true(fabs(total - 10) < 1e-6);
    cnsim_pk_run_free(run);
}

static void test_bad_descriptions_are_refused(void **state)
{
    (void)state;
    cnsim_pk_params p[2] = {victim(), modulator()};
    cnsim_pk_pathway w[2] = {{.drug = 0, .enzyme = 0, .fm = 0.7}, {.drug = 0, .enzyme = 0, .fm = 0.5}};
    cnsim_pk_modulator q = {.drug = 1, .enzyme = 0, .kind = CNSIM_MOD_COMPETITIVE, .k_ng_mL = 10};
    cnsim_pk_ddi d = ddi_one(w, &q, 0.01);
    cnsim_pk_run *run = NULL;
    d.n_pathways = 2;   /* fm sums to 1.2 */
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, NULL, &run), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "sum to 1.2"));
    assert_null(run);
    d.n_pathways = 1;
    q.k_ng_mL = 0;
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, NULL, &run), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "constant 0 ng/mL"));
    q.k_ng_mL = 10;
    q.drug = 7;
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, NULL, &run), CNSIM_E_RANGE);
    q.drug = 1;
    d.kdeg_per_h[0] = -1;
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, NULL, &run), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "kdeg of CYP3A4"));
    d.kdeg_per_h[0] = 0.01;
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = CNSIM_SOLVER_CLOSED;
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, &o, &run), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "modulator on CYP3A4"));
    /* A coupled drug's steady-state record is refused, naming it. */
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, NULL, &run), CNSIM_OK);
    cnsim_event e = dose_at(0, 10, 0, CNSIM_CMT_CENTRAL);
    e.ss = 1;
    e.ii_h = 12;
    double t = 1, c[2];
    assert_int_equal(cnsim_pk_run_simulate(run, &e, 1, &t, 1, c, NULL), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "victim"));
    /* ...and its steady-state trough is "not computed". */
    c[0] = 0;
    assert_int_equal(cnsim_pk_run_ss_trough(run, &e, 12, c), CNSIM_OK);
    assert_true(isnan(c[0]));
    cnsim_pk_run_free(run);
}

/* A first-pass pathway: with the enzyme's activity halved (a competitive
 * inhibitor held at C = Ki) and baseline extraction eh, the flux from the
 * depot is multiplied by g = (1 - eh/2) / (1 - eh), so an oral dose gives
 * the one-compartment oral curve scaled by g; the clearance is not
 * touched (no systemic pathway), and the mass g adds comes out of the
 * eliminated amount, keeping the sum of the states at F dose. */
static void test_first_pass_extraction_scales_oral_input(void **state)
{
    (void)state;
    const double ki = 40, eh = 0.6;
    cnsim_pk_pathway w = {.drug = 0, .enzyme = 0, .fm = eh, .is_first_pass = 1};
    cnsim_pk_modulator q = {.drug = 1, .enzyme = 0, .kind = CNSIM_MOD_COMPETITIVE, .k_ng_mL = ki};
    cnsim_pk_ddi d = ddi_one(&w, &q, 0.01);
    cnsim_pk_run *run = make(&d);
    assert_true(cnsim_pk_run_drug_is_coupled(run, 0));
    double rate = ki * modulator().cl_L_per_h / 1000.0;
    cnsim_event ev[2];
    events(rate, 200, 5, ev);
    ev[1].cmt = CNSIM_CMT_DEPOT;
    enum { N = 4 };
    double t[N] = {6, 8, 20, 60}, c[N * 2], e[N], a[N * 2 * CNSIM_PK_STATES_PER_DRUG];
    cnsim_pk_samples s = {.t_h = t, .n = N, .conc_ng_mL = c, .enzyme_rel = e, .amounts_mg = a};
    assert_int_equal(cnsim_pk_run_sample(run, ev, 2, &s), CNSIM_OK);
    cnsim_pk_params v = victim();
    double g = (1 - eh / 2) / (1 - eh), k = v.cl_L_per_h / v.v1_L, ka = v.ka_per_h;
    for (int i = 0; i < N; i++) {
        double tt = t[i] - 5;
        double want = g * 1000.0 * v.f * 10 / v.v1_L * ka / (ka - k) * (exp(-k * tt) - exp(-ka * tt));
        assert_true(fabs(c[i * 2] - want) <= 1e-5 * want);
        const double *av = a + i * 2 * CNSIM_PK_STATES_PER_DRUG;
        double total = 0;
        for (int k2 = 0; k2 < CNSIM_PK_STATES_PER_DRUG; k2++)
            total += av[k2];
        assert_true(fabs(total - v.f * 10) < 1e-6);
    }
    cnsim_pk_run_free(run);
    /* Extractions summing to 1 or more, or a metabolite's first pass, are refused. */
    cnsim_pk_params p[2] = {victim(), modulator()};
    w.fm = 1;
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, NULL, &run), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "first-pass extraction"));
    assert_null(run);
}

/* An autoinducer (its own clearance through the enzyme it induces, like
 * carbamazepine): SS = 1 equals the last interval of a long history. */
static void test_autoinducer_steady_state(void **state)
{
    (void)state;
    cnsim_pk_params p = victim();
    p.cl_L_per_h = 20;
    p.v1_L = 100;   /* t1/2 3.5 h */
    cnsim_pk_pathway w = {.drug = 0, .enzyme = 0, .fm = 0.8};
    cnsim_pk_modulator q = {.drug = 0, .enzyme = 0, .kind = CNSIM_MOD_INDUCTION, .k_ng_mL = 50, .emax = 2};
    cnsim_pk_ddi d = ddi_one(&w, &q, 0.05);
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.rtol = 1e-9;
    o.atol_mg = 1e-12;
    o.ss_rtol = 1e-8;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create_ddi(&p, 1, &d, &o, &run), CNSIM_OK);
    assert_false(cnsim_pk_run_drug_is_coupled(run, 0));
    enum { ND = 200 };   /* 100 days: the enzyme has long settled */
    cnsim_event hist[ND];
    for (int i = 0; i < ND; i++)
        hist[i] = dose_at(12.0 * i, 200, 0, CNSIM_CMT_DEPOT);
    double th[2] = {(ND - 1) * 12 + 3, (ND - 1) * 12 + 11}, ch[2], eh[2];
    cnsim_pk_samples sh = {.t_h = th, .n = 2, .conc_ng_mL = ch, .enzyme_rel = eh};
    assert_int_equal(cnsim_pk_run_sample(run, hist, ND, &sh), CNSIM_OK);
    assert_true(eh[0] > 2);   /* induced: C mostly above EC50, E toward 1 + Emax */
    cnsim_event ss = dose_at(0, 200, 0, CNSIM_CMT_DEPOT);
    ss.ii_h = 12;
    ss.ss = 1;
    double ts[2] = {3, 11}, cs[2], es[2];
    cnsim_pk_samples s2 = {.t_h = ts, .n = 2, .conc_ng_mL = cs, .enzyme_rel = es};
    assert_int_equal(cnsim_pk_run_sample(run, &ss, 1, &s2), CNSIM_OK);
    for (int i = 0; i < 2; i++) {
        assert_true(fabs(cs[i] - ch[i]) <= 1e-4 * ch[i]);
        assert_true(fabs(es[i] - eh[i]) <= 1e-4 * eh[i]);
    }
    cnsim_pk_run_free(run);
}

/* A patient's enzyme activity (a phenotype) scales the drug's own
 * pathways: without the enzyme (change -1) the pathway's share of
 * clearance is gone whatever the inhibitor does, m = 1 - fm, and a
 * first pass through it extracts nothing, g = 1 / (1 - eh); the same
 * parameters at 0 are a normal metaboliser. */
static void test_enzyme_activity_of_a_poor_metaboliser(void **state)
{
    (void)state;
    const double ki = 50, fm = 0.6, eh = 0.5;
    cnsim_pk_pathway w[2] = {{.drug = 0, .enzyme = 0, .fm = fm}, {.drug = 0, .enzyme = 0, .fm = eh, .is_first_pass = 1}};
    cnsim_pk_modulator q = {.drug = 1, .enzyme = 0, .kind = CNSIM_MOD_COMPETITIVE, .k_ng_mL = ki};
    cnsim_pk_ddi d = ddi_one(w, &q, 0.01);
    d.n_pathways = 2;
    cnsim_pk_params p[2] = {victim(), modulator()};
    p[0].enzyme_activity_change[CNSIM_PK_CYP3A4] = -1;
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = solver;
    o.rtol = 1e-9;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, &o, &run), CNSIM_OK);
    double conc[2] = {1, ki}, rel = 1;
    assert_true(fabs(cnsim_pk_run_cl_multiplier(run, 0, 0, conc, &rel) - (1 - fm)) < 1e-12);
    /* An oral dose with the inhibitor held at Ki: the one-compartment
     * curve at k (1 - fm), scaled by g = 1 / (1 - eh). */
    double rate = ki * modulator().cl_L_per_h / 1000.0;
    cnsim_event ev[2];
    events(rate, 200, 5, ev);
    ev[1].cmt = CNSIM_CMT_DEPOT;
    double t[3] = {6, 10, 40}, c[3 * 2];
    assert_int_equal(cnsim_pk_run_simulate(run, ev, 2, t, 3, c, NULL), CNSIM_OK);
    cnsim_pk_params v = victim();
    double g = 1 / (1 - eh), k = (1 - fm) * v.cl_L_per_h / v.v1_L, ka = v.ka_per_h;
    for (int i = 0; i < 3; i++) {
        double tt = t[i] - 5;
        double want = g * 1000.0 * v.f * 10 / v.v1_L * ka / (ka - k) * (exp(-k * tt) - exp(-ka * tt));
        assert_true(fabs(c[i * 2] - want) <= 1e-5 * want);
    }
    /* Back to a normal metaboliser through the parameters. */
    p[0].enzyme_activity_change[CNSIM_PK_CYP3A4] = 0;
    assert_int_equal(cnsim_pk_run_set_params(run, 0, &p[0]), CNSIM_OK);
    assert_true(fabs(cnsim_pk_run_cl_multiplier(run, 0, 0, conc, &rel) - (1 - fm + fm / 2)) < 1e-12);
    /* An activity below none is refused, naming the enzyme. */
    p[0].enzyme_activity_change[CNSIM_PK_CYP3A4] = -1.5;
    assert_int_equal(cnsim_pk_run_set_params(run, 0, &p[0]), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "CYP3A4 activity change = -1.5"));
    cnsim_pk_run_free(run);
}

static int with_cvode(void **state)
{
    (void)state;
    solver = CNSIM_SOLVER_CVODE;
    return 0;
}

int main(void)
{
    const struct CMUnitTest by_cvode[] = {
        cmocka_unit_test(test_competitive_matches_analytic),
        cmocka_unit_test(test_mechanism_based_enzyme_course),
        cmocka_unit_test(test_induction_and_mass_balance),
        cmocka_unit_test(test_first_pass_extraction_scales_oral_input),
        cmocka_unit_test(test_enzyme_activity_of_a_poor_metaboliser),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_competitive_matches_analytic),
        cmocka_unit_test(test_mechanism_based_enzyme_course),
        cmocka_unit_test(test_induction_and_mass_balance),
        cmocka_unit_test(test_bad_descriptions_are_refused),
        cmocka_unit_test(test_autoinducer_steady_state),
        cmocka_unit_test(test_first_pass_extraction_scales_oral_input),
        cmocka_unit_test(test_enzyme_activity_of_a_poor_metaboliser),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return failed + cmocka_run_group_tests_name("under CVODE", by_cvode, with_cvode, NULL);
}
