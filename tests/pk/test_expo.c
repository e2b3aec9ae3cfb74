/* The exponential integrator for linear drugs acting on each other
 * (src/pk/expo.c) against CVODE at a tight tolerance on the same system:
 * a victim with two compartments, a metabolite, effect sites and a first
 * pass, its parent and metabolite cleared through two enzymes; one
 * inhibitor dosed orally twice a day (competitive and mechanism-based) and
 * an inducer given once a day; oral doses, then an infusion of the victim.
 * The multipliers swing within each dosing interval and drift over days,
 * so every part of the scheme (the moving reference, the step control,
 * the enzymes' turnover) is exercised. Also: AUTO picks it, it refuses
 * what it cannot do, and mass balance holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "pk_test_util.h"

static cnsim_pk_params oral(const char *name, double ka, double cl, double v)
{
    cnsim_pk_params p = cnsim_pk_params_default();
    strcpy(p.name, name);
    p.n_cmt = 1;
    p.f = 0.9;
    p.ka_per_h = ka;
    p.cl_L_per_h = cl;
    p.v1_L = v;
    p.mw_g_per_mol = 500;
    return p;
}

enum { ND = 3, NOUT = 5 };   /* victim (+ two metabolites), inhibitor, inducer */

static void drugs(cnsim_pk_params *p)
{
    p[0] = fixture_three_cmt_met();   /* the victim, with a chain of two metabolites */
    p[0].n_cmt = 2;
    p[0].n_more_metabolites = 1;
    strcpy(p[0].more[0].name, "fixture3-met2");
    p[0].more[0].from = 1;
    p[0].more[0].fm = 0.5;
    p[0].more[0].mw_g_per_mol = 270;
    p[0].more[0].cl_L_per_h = 2;
    p[0].more[0].v_L = 50;
    p[1] = oral("inhibitor", 1.2, 40, 150);   /* t1/2 2.6 h: swings within 12 h */
    p[2] = oral("inducer", 0.8, 3, 120);      /* t1/2 28 h */
}

static cnsim_pk_ddi describe(cnsim_pk_pathway *w, cnsim_pk_modulator *q)
{
    w[0] = (cnsim_pk_pathway){.drug = 0, .enzyme = 0, .fm = 0.7};
    w[1] = (cnsim_pk_pathway){.drug = 0, .enzyme = 1, .fm = 0.2};
    w[2] = (cnsim_pk_pathway){.drug = 0, .enzyme = 0, .fm = 0.5, .of_metabolite = 1};
    w[3] = (cnsim_pk_pathway){.drug = 0, .enzyme = 0, .fm = 0.4, .is_first_pass = 1};
    q[0] = (cnsim_pk_modulator){.drug = 1, .enzyme = 0, .kind = CNSIM_MOD_COMPETITIVE, .k_ng_mL = 300};
    q[1] = (cnsim_pk_modulator){.drug = 1, .enzyme = 1, .kind = CNSIM_MOD_MECHANISM_BASED, .k_ng_mL = 800,
                                .kinact_per_h = 1.5};
    q[2] = (cnsim_pk_modulator){.drug = 2, .enzyme = 0, .kind = CNSIM_MOD_INDUCTION, .k_ng_mL = 400, .emax = 2};
    cnsim_pk_ddi d;
    memset(&d, 0, sizeof d);
    d.n_enzymes = 2;
    strcpy(d.enzyme[0], "CYP3A4");
    strcpy(d.enzyme[1], "CYP2C19");
    d.kdeg_per_h[0] = 0.0096;
    d.kdeg_per_h[1] = 0.026;
    d.pathway = w;
    d.n_pathways = 4;
    d.modulator = q;
    d.n_modulators = 3;
    return d;
}

/* 14 days: victim 5 mg tid orally for 10 days, then 2 mg/h for 12 h IV;
 * inhibitor 200 mg bid from day 2 to day 9; inducer 300 mg qd from day 0. */
static size_t regimen(cnsim_event *ev)
{
    size_t n = 0;
    for (int i = 0; i < 30; i++)
        ev[n++] = dose_at(8.0 * i, 5, 0, CNSIM_CMT_DEPOT);
    ev[n] = dose_at(240, 24, 0, CNSIM_CMT_CENTRAL);
    ev[n++].rate_mg_per_h = 2;
    for (int i = 0; i < 14; i++)
        ev[n++] = dose_at(48 + 12.0 * i, 200, 1, CNSIM_CMT_DEPOT);
    for (int i = 0; i < 14; i++)
        ev[n++] = dose_at(24.0 * i, 300, 2, CNSIM_CMT_DEPOT);
    return n;
}

static void run_with(cnsim_solver_kind kind, double rtol, const double *t, size_t n_t, double *c, double *e,
                     double *a, cnsim_solver_kind *used)
{
    cnsim_pk_params p[ND];
    drugs(p);
    cnsim_pk_pathway w[4];
    cnsim_pk_modulator q[3];
    cnsim_pk_ddi d = describe(w, q);
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = kind;
    o.rtol = rtol;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create_ddi(p, ND, &d, &o, &run), CNSIM_OK);
    double ke0[NOUT] = {0.5, 0, 0, 0.2, 0.1};   /* parent, inhibitor, inducer, metabolites */
    assert_int_equal(cnsim_pk_run_n_outputs(run), NOUT);
    assert_int_equal(cnsim_pk_run_set_effect_sites(run, ke0), CNSIM_OK);
    cnsim_event ev[64];
    size_t n_ev = regimen(ev);
    cnsim_pk_samples s = {.t_h = t, .n = n_t, .conc_ng_mL = c, .enzyme_rel = e, .amounts_mg = a};
    assert_int_equal(cnsim_pk_run_sample(run, ev, n_ev, &s), CNSIM_OK);
    *used = cnsim_pk_run_solver(run);
    cnsim_pk_run_free(run);
}

static void test_agrees_with_cvode(void **state)
{
    (void)state;
    enum { NT = 14 * 24 * 4 + 1 };   /* every 15 minutes */
    double *t = malloc(NT * sizeof *t);
    double *c1 = malloc(NT * NOUT * sizeof *c1), *c2 = malloc(NT * NOUT * sizeof *c2);
    double *e1 = malloc(NT * 2 * sizeof *e1), *e2 = malloc(NT * 2 * sizeof *e2);
    size_t na = (size_t)NT * ND * CNSIM_PK_STATES_PER_DRUG;
    double *a1 = malloc(na * sizeof *a1), *a2 = malloc(na * sizeof *a2);
    assert_true(t && c1 && c2 && e1 && e2 && a1 && a2);
    for (int i = 0; i < NT; i++)
        t[i] = 0.25 * i;
    cnsim_solver_kind used;
    run_with(CNSIM_SOLVER_AUTO, 1e-8, t, NT, c1, e1, a1, &used);
    assert_int_equal(used, CNSIM_SOLVER_EXPONENTIAL);
    run_with(CNSIM_SOLVER_CVODE, 1e-11, t, NT, c2, e2, a2, &used);
    assert_int_equal(used, CNSIM_SOLVER_CVODE);
    /* Each output within 1e-4 of its peak at every time and its AUC
     * within 2e-5; the enzymes within 5e-5 of their baseline amount. */
    for (int j = 0; j < NOUT; j++) {
        double peak = 0, auc1 = 0, auc2 = 0, worst = 0;
        for (int i = 0; i < NT; i++)
            peak = fmax(peak, c2[i * NOUT + j]);
        assert_true(peak > 0);
        for (int i = 0; i < NT; i++) {
            worst = fmax(worst, fabs(c1[i * NOUT + j] - c2[i * NOUT + j]) / peak);
            auc1 += c1[i * NOUT + j], auc2 += c2[i * NOUT + j];
        }
        print_message("output %d: worst %.2e of peak, AUC %.2e\n", j, worst, fabs(auc1 / auc2 - 1));
        assert_true(worst <= 1e-4);
        assert_true(fabs(auc1 / auc2 - 1) <= 2e-5);
    }
    double worst_e = 0, lowest = 1, highest = 1;
    for (int i = 0; i < NT * 2; i++) {
        worst_e = fmax(worst_e, fabs(e1[i] - e2[i]));
        lowest = fmin(lowest, e2[i]), highest = fmax(highest, e2[i]);
    }
    print_message("enzymes: worst %.2e (range %.3f..%.3f)\n", worst_e, lowest, highest);
    assert_true(worst_e <= 5e-5);
    assert_true(lowest < 0.5 && highest > 1.5);   /* the test exercises both */
    /* Mass balance of the victim: its amounts (the metabolites' in
     * parent-equivalents; the second's from its concentration) add up to
     * the doses less their unabsorbed part. */
    cnsim_pk_params p[ND];
    drugs(p);
    double r_mw = p[0].met_mw_g_per_mol / p[0].mw_g_per_mol, r_mw2 = p[0].more[0].mw_g_per_mol / p[0].mw_g_per_mol;
    for (int i = NT - 1; i < NT; i++) {
        const double *av = a1 + (size_t)i * ND * CNSIM_PK_STATES_PER_DRUG;
        double total = c1[i * NOUT + 4] * p[0].more[0].v_L / 1000 / r_mw2;
        for (int k = 0; k < CNSIM_PK_STATES_PER_DRUG; k++)
            total += k == CNSIM_PK_S_METAB ? av[k] / r_mw : av[k];
        double want = 30 * 5 * p[0].f + 24;
        assert_true(fabs(total - want) <= 1e-6 * want);
    }
    free(t), free(c1), free(c2), free(e1), free(e2), free(a1), free(a2);
}

/* A victim whose effect site equilibrates at exactly its elimination rate
 * (ke0 = CL/V): its matrix is defective, the modal form unusable, and the
 * propagators come from the block-matrix exponential until the
 * multipliers move the reference away. */
static void test_defective_reference(void **state)
{
    (void)state;
    cnsim_pk_params p[2] = {oral("victim", 1.5, 10, 100), oral("inhibitor", 1.2, 40, 150)};
    cnsim_pk_pathway w = {.drug = 0, .enzyme = 0, .fm = 0.8};
    cnsim_pk_modulator q = {.drug = 1, .enzyme = 0, .kind = CNSIM_MOD_COMPETITIVE, .k_ng_mL = 300};
    cnsim_pk_ddi d;
    memset(&d, 0, sizeof d);
    d.n_enzymes = 1;
    strcpy(d.enzyme[0], "CYP3A4");
    d.kdeg_per_h[0] = 0.0096;
    d.pathway = &w;
    d.n_pathways = 1;
    d.modulator = &q;
    d.n_modulators = 1;
    cnsim_event ev[20];
    size_t n = 0;
    for (int i = 0; i < 10; i++)
        ev[n++] = dose_at(12.0 * i, 5, 0, CNSIM_CMT_DEPOT);
    for (int i = 0; i < 5; i++)
        ev[n++] = dose_at(30 + 12.0 * i, 200, 1, CNSIM_CMT_DEPOT);
    enum { NT = 481 };
    double t[NT], ce[2][NT * 2];
    for (int i = 0; i < NT; i++)
        t[i] = 0.25 * i;
    cnsim_pk_stats stats[2];
    for (int k = 0; k < 2; k++) {
        cnsim_solver_opts o = cnsim_solver_opts_default();
        o.kind = k ? CNSIM_SOLVER_CVODE : CNSIM_SOLVER_EXPONENTIAL;
        o.rtol = k ? 1e-11 : 1e-8;
        cnsim_pk_run *run;
        assert_int_equal(cnsim_pk_run_create_ddi(p, 2, &d, &o, &run), CNSIM_OK);
        double ke0[2] = {0.1, 0};   /* = CL/V of the victim */
        assert_int_equal(cnsim_pk_run_set_effect_sites(run, ke0), CNSIM_OK);
        double c[NT * 2];
        cnsim_pk_samples s = {.t_h = t, .n = NT, .conc_ng_mL = c, .ce_ng_mL = ce[k]};
        assert_int_equal(cnsim_pk_run_sample(run, ev, n, &s), CNSIM_OK);
        cnsim_pk_run_stats(run, &stats[k]);
        cnsim_pk_run_free(run);
    }
    assert_true(stats[0].n_expm > 0);   /* the block exponentials were used */
    double peak = 0, worst = 0;
    for (int i = 0; i < NT; i++)
        peak = fmax(peak, ce[1][i * 2]);
    for (int i = 0; i < NT; i++)
        worst = fmax(worst, fabs(ce[0][i * 2] - ce[1][i * 2]) / peak);
    print_message("defective reference: worst %.2e of peak (%ld block exponentials)\n", worst, stats[0].n_expm);
    assert_true(worst <= 1e-4);
}

/* It refuses what it cannot do, saying why; AUTO then takes CVODE. */
static void test_refusals(void **state)
{
    (void)state;
    cnsim_pk_params p[ND];
    drugs(p);
    cnsim_pk_pathway w[4];
    cnsim_pk_modulator q[3];
    cnsim_pk_ddi d = describe(w, q);
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = CNSIM_SOLVER_EXPONENTIAL;
    cnsim_pk_run *run = NULL;
    /* A modulator whose own clearance is modulated (feedback). */
    q[2].drug = 0;
    assert_int_equal(cnsim_pk_run_create_ddi(p, ND, &d, &o, &run), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "fixture3 both acts on an enzyme"));
    assert_null(run);
    o.kind = CNSIM_SOLVER_AUTO;
    assert_int_equal(cnsim_pk_run_create_ddi(p, ND, &d, &o, &run), CNSIM_OK);
    assert_int_equal(cnsim_pk_run_solver(run), CNSIM_SOLVER_CVODE);
    cnsim_pk_run_free(run);
    q[2].drug = 2;
    /* Michaelis-Menten elimination. */
    p[1].vmax_mg_per_h = 10;
    p[1].km_ng_mL = 100;
    o.kind = CNSIM_SOLVER_EXPONENTIAL;
    assert_int_equal(cnsim_pk_run_create_ddi(p, ND, &d, &o, &run), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "Michaelis-Menten"));
    /* No interactions at all: nothing for it to do. */
    drugs(p);
    assert_int_equal(cnsim_pk_run_create_ddi(p, ND, NULL, &o, &run), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "no drug here acts"));
    cnsim_solver_kind k;
    assert_int_equal(cnsim_solver_parse("exponential", "--solver", &k), CNSIM_OK);
    assert_int_equal(k, CNSIM_SOLVER_EXPONENTIAL);
    assert_string_equal(cnsim_solver_name(k), "exponential");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agrees_with_cvode),
        cmocka_unit_test(test_defective_reference),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
