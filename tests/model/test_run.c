/* The model/run objects (include/cnsim/model.h): horizons that say where
 * they come from, the output table, the accuracy of the pharmacodynamic
 * grid against a uniform grid and the CVODE reference, one summary from
 * the same pass, reuse of a run for many subjects, the taper-pace rule,
 * statistics of the run, and error messages that belong to their call. */
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

static int setup(void **state)
{
    (void)state;
    return cnsim_registry_create(NULL, &reg) == CNSIM_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cnsim_registry_free(reg);
    return 0;
}

static cnsim_model *model_of(const char *const *names, size_t n, const cnsim_model_opts *o)
{
    cnsim_model_drug d[CNSIM_MODEL_MAX_DRUGS] = {{0}};
    for (size_t i = 0; i < n; i++)
        d[i].name = names[i];
    cnsim_model *m = NULL;
    if (cnsim_model_create(reg, d, n, o, &m) != CNSIM_OK)
        fail_msg("model: %s", cnsim_last_error());
    return m;
}

static void simulate_or_fail(cnsim_run *r)
{
    if (cnsim_run_simulate(r) != CNSIM_OK)
        fail_msg("simulate: %s", cnsim_last_error());
}

/* Issue 10 acceptance: clonazepam 0.5 mg bid for 28 d without an end
 * time reports the withdrawal of a 90-day run within 1%, and says which
 * horizon it used. */
static void test_horizon_closed_regimen(void **state)
{
    (void)state;
    const char *names[] = {"clonazepam"};
    cnsim_model *m = model_of(names, 1, NULL);
    cnsim_run *r;
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "0.5 mg bid for 28 d"), CNSIM_OK);
    simulate_or_fail(r);
    cnsim_horizon h;
    cnsim_run_horizon(r, &h);
    cnsim_run_metrics a;
    cnsim_run_get_metrics(r, &a);
    assert_true(h.is_automatic);
    assert_false(h.is_open_ended);
    assert_true(strlen(h.reason) > 20);
    /* last dose (20:00 of day 28: 27 d + 20 h) + 5 x the GABA-A recovery
     * half-time (7 d) */
    assert_true(fabs(h.last_dose_h - (27 * 24 + 20)) < 1e-9);
    assert_true(fabs(h.until_h - (h.last_dose_h + 5 * 168)) < 1);
    assert_int_equal(cnsim_run_set_grid(r, 90 * 24, NAN), CNSIM_OK);
    simulate_or_fail(r);
    cnsim_run_metrics b;
    cnsim_run_get_metrics(r, &b);
    print_message("auto %.1f d: peak %.4f day %.2f, %.2f d above; 90 d: peak %.4f day %.2f, %.2f d above\n",
                  h.until_h / 24, a.withdrawal.peak, a.withdrawal.peak_time_h / 24,
                  a.withdrawal.hours_above / 24, b.withdrawal.peak, b.withdrawal.peak_time_h / 24,
                  b.withdrawal.hours_above / 24);
    /* Four weeks build 60% of the dependence (half-time 3 weeks, issue
     * 13 item 7): a peak about 0.16 (0.25 before, when it built in days). */
    assert_true(b.withdrawal.peak > 0.1);
    assert_true(fabs(a.withdrawal.peak - b.withdrawal.peak) <= 0.01 * b.withdrawal.peak);
    assert_true(fabs(a.withdrawal.hours_above - b.withdrawal.hours_above) <=
                0.01 * b.withdrawal.hours_above);
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* An open-ended regimen runs to its steady state and no stop is made up:
 * no pace finding, withdrawal index 0. */
static void test_horizon_open_ended(void **state)
{
    (void)state;
    const char *names[] = {"clonazepam"};
    cnsim_model *m = model_of(names, 1, NULL);
    cnsim_run *r;
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "0.5 mg bid"), CNSIM_OK);
    simulate_or_fail(r);
    cnsim_horizon h;
    cnsim_run_horizon(r, &h);
    assert_true(h.is_automatic && h.is_open_ended);
    assert_true(isnan(h.last_dose_h));
    /* 5 half-lives of the slowest process: anxiolytic tolerance, 6 weeks */
    assert_true(h.until_h >= 5 * 1008 - 1 && h.until_h <= 5 * 1008 + 24);
    for (size_t i = 0; i < cnsim_run_n_findings(r); i++)
        assert_string_not_equal(cnsim_run_finding(r, i)->code, "taper_faster_than_guideline");
    cnsim_run_metrics mt;
    cnsim_run_get_metrics(r, &mt);
    assert_true(mt.withdrawal.peak == 0);
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* The table's columns are the CSV contract and agree with the accessors. */
static void test_columns(void **state)
{
    (void)state;
    const char *names[] = {"clonazepam", "sertraline"};
    cnsim_model *m = model_of(names, 2, NULL);
    cnsim_run *r;
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "0.5 mg bid"), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 1, "50 mg qd"), CNSIM_OK);
    assert_int_equal(cnsim_run_set_grid(r, 72, 0.5), CNSIM_OK);
    simulate_or_fail(r);
    static const char *want[] = {"clonazepam_ng_mL", "sertraline_ng_mL", "7-aminoclonazepam_ng_mL",
                                 "clonazepam_ce_unbound_ng_mL", "gabaa_bzd_occupancy_frac", "anxiolysis_index",
                                 "sedation_index", "gabaa_adaptation_frac", "sert_occupancy_frac",
                                 "antidepressant_index", "withdrawal_index", "raphe_firing_index",
                                 "network_rate_hz", "seizure_susceptibility_index"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (cnsim_run_column_index(r, want[i]) < 0)
            fail_msg("column %s missing", want[i]);
    assert_int_equal(cnsim_run_n_times(r), 145);
    const double *t = cnsim_run_times(r), *conc = cnsim_run_conc(r);
    assert_true(t[144] == 72);
    long c = cnsim_run_column_index(r, "sertraline_ng_mL");
    const double *col = cnsim_run_column(r, (size_t)c);
    for (size_t i = 0; i < 145; i++)
        assert_true(col[i] == conc[i * cnsim_model_n_species(m) + 1]);
    const cnsim_pd_state *pd = cnsim_run_pd(r);
    const double *anx = cnsim_run_column(r, (size_t)cnsim_run_column_index(r, "anxiolysis_index"));
    for (size_t i = 0; i < 145; i++)
        assert_true(anx[i] == pd[i].anxiolysis);
    assert_null(cnsim_run_column_name(r, cnsim_run_n_columns(r)));
    /* Without PD: concentrations only. */
    assert_int_equal(cnsim_run_set_outputs(r, 0), CNSIM_OK);
    simulate_or_fail(r);
    assert_int_equal(cnsim_run_n_columns(r), 3);
    assert_null(cnsim_run_pd(r));
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* Largest difference of the PD columns of two runs, relative to each
 * column's largest magnitude. */
static double pd_diff(const cnsim_run *a, const cnsim_run *b, const char **worst)
{
    double d = 0;
    size_t n = cnsim_run_n_times(a);
    for (size_t c = 0; c < cnsim_run_n_columns(a); c++) {
        const char *name = cnsim_run_column_name(a, c);
        const double *x = cnsim_run_column(a, c), *y = cnsim_run_column(b, (size_t)cnsim_run_column_index(b, name));
        double scale = 0, e = 0;
        for (size_t i = 0; i < n; i++)
            scale = fmax(scale, fabs(x[i]));
        for (size_t i = 0; i < n; i++)
            e = fmax(e, fabs(x[i] - y[i]));
        if (scale > 0 && e / scale > d)
            d = e / scale, *worst = name;
    }
    return d;
}

static cnsim_run *bridge_run(cnsim_model *m)
{
    cnsim_run *r;
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "50 mg qd for 8 w"), CNSIM_OK);
    assert_int_equal(
        cnsim_run_set_regimen(r, 1, "0.5 mg bid for 4 w then 0.25 mg bid for 1 w then 0.125 mg bid for 2 w"),
        CNSIM_OK);
    assert_int_equal(cnsim_run_set_grid(r, 10 * 168, 1), CNSIM_OK);
    simulate_or_fail(r);
    return r;
}

/* The default grid (dense after doses, up to 1 h elsewhere) against the
 * uniform 0.05 h grid and against CVODE at tight tolerances on the
 * uniform grid: every PD column within 1e-6 of its range. */
static void test_pd_grid_accuracy(void **state)
{
    (void)state;
    const char *names[] = {"sertraline", "clonazepam"};
    cnsim_model_opts o = cnsim_model_opts_default();
    cnsim_model *m_def = model_of(names, 2, &o);
    o.pd.max_step_h = o.pd.step_h;
    cnsim_model *m_uni = model_of(names, 2, &o);
    o.pd.kind = CNSIM_PD_SOLVER_CVODE;
    o.pd.rtol = 1e-10;
    o.pd.atol = 1e-14;
    cnsim_model *m_cv = model_of(names, 2, &o);
    cnsim_run *a = bridge_run(m_def), *b = bridge_run(m_uni), *c = bridge_run(m_cv);
    const char *w1 = "", *w2 = "", *w3 = "";
    double d_ab = pd_diff(a, b, &w1), d_ac = pd_diff(a, c, &w2), d_bc = pd_diff(b, c, &w3);
    cnsim_run_stats sa, sb;
    cnsim_run_get_stats(a, &sa);
    cnsim_run_get_stats(b, &sb);
    print_message("default vs uniform %.2e (%s), vs CVODE %.2e (%s); uniform vs CVODE %.2e (%s); PD steps %ld vs %ld\n",
                  d_ab, w1, d_ac, w2, d_bc, w3, sa.pd.n_steps, sb.pd.n_steps);
    assert_true(d_ab < 1e-6);
    assert_true(d_ac < 1e-6);
    assert_true(d_bc < 1e-6);
    assert_true(sa.pd.n_steps * 3 < sb.pd.n_steps);   /* the point of the grid */
    /* The onset is sampled on the fine step in both. */
    cnsim_run_metrics ma, mb;
    cnsim_run_get_metrics(a, &ma);
    cnsim_run_get_metrics(b, &mb);
    assert_true(ma.onset_h == mb.onset_h);
    cnsim_run_free(a), cnsim_run_free(b), cnsim_run_free(c);
    cnsim_model_free(m_def), cnsim_model_free(m_uni), cnsim_model_free(m_cv);
}

/* Halving the steps shrinks the error against the CVODE reference: the
 * default is converged, not merely close. */
static void test_pd_self_convergence(void **state)
{
    (void)state;
    const char *names[] = {"sertraline", "clonazepam"};
    cnsim_model_opts o = cnsim_model_opts_default();
    o.pd.kind = CNSIM_PD_SOLVER_CVODE;
    o.pd.rtol = 1e-11;
    o.pd.atol = 1e-15;
    o.pd.step_h = 0.025;
    o.pd.max_step_h = 0.025;
    cnsim_model *mref = model_of(names, 2, &o);
    cnsim_run *ref = bridge_run(mref);
    double prev = INFINITY;
    for (int k = 0; k < 2; k++) {
        o = cnsim_model_opts_default();
        o.pd.step_h = k == 0 ? 0.2 : 0.1;
        o.pd.max_step_h = k == 0 ? 4 : 2;
        cnsim_model *m = model_of(names, 2, &o);
        cnsim_run *r = bridge_run(m);
        const char *w = "";
        double d = pd_diff(r, ref, &w);
        print_message("step %.2f h, max %.0f h: %.2e (%s)\n", o.pd.step_h, o.pd.max_step_h, d, w);
        assert_true(d < prev);
        prev = d;
        cnsim_run_free(r);
        cnsim_model_free(m);
    }
    cnsim_run_free(ref);
    cnsim_model_free(mref);
}

/* The summary of a run is the standalone PK summary of the same records
 * (same samples, same numbers), with the dosing interval the regimen
 * gave. */
static void test_summary_same_pass(void **state)
{
    (void)state;
    const char *names[] = {"clonazepam", "sertraline"};
    cnsim_model *m = model_of(names, 2, NULL);
    cnsim_run *r;
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "0.5 mg bid for 20 d"), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 1, "50 mg qd"), CNSIM_OK);
    assert_int_equal(cnsim_run_set_grid(r, 30 * 24, 1), CNSIM_OK);
    simulate_or_fail(r);
    const cnsim_event_list *ev = cnsim_run_events(r);
    cnsim_pk_params p[2] = {*cnsim_model_pk_params(m, 0), *cnsim_model_pk_params(m, 1)};
    cnsim_solver_opts so = cnsim_solver_opts_default();
    cnsim_pk_summary alone[3];
    assert_int_equal(cnsim_pk_summarize(p, 2, ev->ev, ev->n, &so, alone, 3), CNSIM_OK);
    for (size_t k = 0; k < 3; k++) {
        cnsim_pk_summary s;
        assert_int_equal(cnsim_run_summary(r, k, &s), CNSIM_OK);
        assert_string_equal(s.name, alone[k].name);
        print_message("%s: Cmax %.3e AUC %.3e t1/2 %.3e relative apart\n", s.name,
                      fabs(s.cmax_ng_mL / alone[k].cmax_ng_mL - 1), fabs(s.auc_tau_ng_h_mL / alone[k].auc_tau_ng_h_mL - 1),
                      fabs(s.half_life_h / alone[k].half_life_h - 1));
        /* The same times; the steps between them differ (the run's pass
         * also stops at its outputs), so the last bits do, and the
         * log-down trapezoid of the nearly flat metabolite (C1/C2 - 1 ~
         * 1e-3 per point) amplifies them a thousandfold. */
        assert_true(fabs(s.cmax_ng_mL - alone[k].cmax_ng_mL) <= 1e-11 * s.cmax_ng_mL);
        assert_true(fabs(s.auc_tau_ng_h_mL - alone[k].auc_tau_ng_h_mL) <= 1e-9 * s.auc_tau_ng_h_mL);
        assert_true(fabs(s.half_life_h - alone[k].half_life_h) <= 1e-9 * s.half_life_h);
        assert_true(s.tmax_h == alone[k].tmax_h);
    }
    cnsim_pk_summary s;
    assert_int_equal(cnsim_run_summary(r, 0, &s), CNSIM_OK);
    assert_true(s.tau_h == 12);
    assert_true(s.half_life_h > 30 && s.half_life_h < 40);   /* label 30-40 h */
    assert_int_equal(cnsim_run_summary(r, 1, &s), CNSIM_OK);
    assert_true(s.tau_h == 24);
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* One run, many subjects: parameters per subject, the same answer as a
 * fresh run, and counters of the run itself. */
static void test_reuse_and_stats(void **state)
{
    (void)state;
    const char *names[] = {"clonazepam"};
    cnsim_model *m = model_of(names, 1, NULL);
    cnsim_run *r, *fresh;
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_create(m, &fresh), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "1 mg qd for 10 d"), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(fresh, 0, "1 mg qd for 10 d"), CNSIM_OK);
    assert_int_equal(cnsim_run_set_grid(r, 20 * 24, 1), CNSIM_OK);
    assert_int_equal(cnsim_run_set_grid(fresh, 20 * 24, 1), CNSIM_OK);
    simulate_or_fail(r);
    size_t n = cnsim_run_n_times(r);
    double c_ref = cnsim_run_conc(r)[240];
    cnsim_pk_params p = *cnsim_model_pk_params(m, 0);
    p.cl_L_per_h *= 2;
    assert_int_equal(cnsim_run_set_pk_params(r, 0, &p), CNSIM_OK);
    assert_int_equal(cnsim_run_set_pk_params(fresh, 0, &p), CNSIM_OK);
    simulate_or_fail(r);
    simulate_or_fail(fresh);
    assert_true(cnsim_run_conc(r)[240] < 0.8 * c_ref);
    const char *w = "";
    assert_true(pd_diff(r, fresh, &w) == 0);
    for (size_t i = 0; i < n; i++)
        assert_true(cnsim_run_conc(r)[i] == cnsim_run_conc(fresh)[i]);
    cnsim_run_stats st;
    cnsim_run_get_stats(r, &st);
    assert_true(st.pk.n_intervals > 0);
    assert_true(st.pd.n_steps > 0);
    assert_true(st.n_samples >= n);
    assert_int_equal(cnsim_run_set_pk_params(r, 0, NULL), CNSIM_OK);
    simulate_or_fail(r);
    assert_true(cnsim_run_conc(r)[240] == c_ref);
    cnsim_run_free(r), cnsim_run_free(fresh);
    cnsim_model_free(m);
}

/* The taper-pace rule: 25% every 2 weeks passes, 50% in a week after
 * three months is a warning, an abrupt stop after a month is one too, the
 * last small step to zero is counted apart. */
static void test_pace_rule(void **state)
{
    (void)state;
    double d[200];
    cnsim_pace_report rep;
    cnsim_finding f;
    /* 100 days of 1 mg, then -25% every 14 days down to 0.25, then 0 */
    size_t n = 0;
    for (; n < 100; n++)
        d[n] = 1;
    double level = 1;
    while (level > 0.3) {
        level *= 0.75;
        for (int k = 0; k < 14; k++)
            d[n++] = level;
    }
    for (int k = 0; k < 7; k++)
        d[n++] = 0;
    cnsim_pace_check(d, n, &rep);
    assert_int_equal(rep.n_fast, 0);
    assert_int_equal(rep.n_abrupt, 0);
    assert_int_equal(rep.n_final_steps, 1);
    assert_int_equal(cnsim_pace_finding("clonazepam", &rep, &f), 0);
    /* halving after 100 days */
    for (size_t i = 100; i < 130; i++)
        d[i] = 0.5;
    cnsim_pace_check(d, 130, &rep);
    assert_true(rep.n_fast >= 1);
    assert_int_equal(cnsim_pace_finding("clonazepam", &rep, &f), 1);
    assert_string_equal(f.code, "taper_faster_than_guideline");
    assert_string_equal(f.severity, "warning");
    assert_non_null(strstr(f.source, "asam2025"));
    /* abrupt stop after 30 days: a warning; a 50% cut then: information */
    for (size_t i = 0; i < 30; i++)
        d[i] = 1;
    for (size_t i = 30; i < 40; i++)
        d[i] = 0;
    cnsim_pace_check(d, 40, &rep);
    assert_int_equal(rep.n_abrupt, 1);
    assert_int_equal(cnsim_pace_finding("clonazepam", &rep, &f), 1);
    assert_string_equal(f.severity, "warning");
    for (size_t i = 30; i < 40; i++)
        d[i] = 0.5;
    cnsim_pace_check(d, 40, &rep);
    assert_true(rep.n_fast_short_use >= 1);   /* every day of the window below 75% counts */
    assert_int_equal(rep.n_abrupt, 0);
    assert_int_equal(cnsim_pace_finding("clonazepam", &rep, &f), 1);
    assert_string_equal(f.severity, "info");
}

/* A simulated course that stops abruptly gets the pace finding from the
 * run; the message of a failed call is its own, and a later success
 * clears it. */
static void test_findings_and_errors(void **state)
{
    (void)state;
    const char *names[] = {"clonazepam"};
    cnsim_model *m = model_of(names, 1, NULL);
    cnsim_run *r;
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 0, "2 mg bid for 120 d"), CNSIM_OK);
    simulate_or_fail(r);
    int pace = 0, label = 0;
    for (size_t i = 0; i < cnsim_run_n_findings(r); i++) {
        pace += !strcmp(cnsim_run_finding(r, i)->code, "taper_faster_than_guideline");
        label += !strcmp(cnsim_run_finding(r, i)->code, "dose_above_label_max");
    }
    assert_int_equal(pace, 1);
    assert_int_equal(label, 0);   /* 4 mg/day: the panic-disorder maximum */
    assert_int_equal(cnsim_run_set_regimen(r, 0, "2 mg every fortnight-ish"), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "fortnight"));
    assert_int_equal(cnsim_run_set_regimen(r, 0, "0.5 mg bid for 3 d"), CNSIM_OK);
    assert_string_equal(cnsim_last_error(), "");
    assert_int_equal(cnsim_run_set_grid(r, -5, NAN), CNSIM_E_RANGE);
    assert_true(strlen(cnsim_last_error()) > 0);
    simulate_or_fail(r);
    assert_string_equal(cnsim_last_error(), "");
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* A model drug without doses: its columns are zero, its summary empty
 * (a fuzzed input once passed its empty plan to memcmp). */
static void test_drug_without_doses(void **state)
{
    (void)state;
    const char *names[] = {"clonazepam", "sertraline"};
    cnsim_model *m = model_of(names, 2, NULL);
    cnsim_run *r;
    assert_int_equal(cnsim_run_create(m, &r), CNSIM_OK);
    assert_int_equal(cnsim_run_set_regimen(r, 1, "1 g"), CNSIM_OK);
    assert_int_equal(cnsim_run_set_grid(r, 48, 1), CNSIM_OK);
    simulate_or_fail(r);
    const double *c = cnsim_run_column(r, (size_t)cnsim_run_column_index(r, "clonazepam_ng_mL"));
    for (size_t i = 0; i < cnsim_run_n_times(r); i++)
        assert_true(c[i] == 0);
    cnsim_pk_summary s;
    assert_int_equal(cnsim_run_summary(r, 0, &s), CNSIM_OK);
    assert_int_equal(s.n_doses, 0);
    assert_int_equal(cnsim_run_summary(r, 1, &s), CNSIM_OK);
    assert_int_equal(s.n_doses, 1);
    int above = 0;
    for (size_t i = 0; i < cnsim_run_n_findings(r); i++)
        above += !strcmp(cnsim_run_finding(r, i)->code, "dose_above_label_max");
    assert_int_equal(above, 1);   /* 1 g of sertraline: 5 x the labelled 200 mg/day */
    cnsim_run_free(r);
    cnsim_model_free(m);
}

/* The default options keep the interactions on: a caller that passes NULL
 * or the defaults gets the coupled model (the field was once left
 * unset, so whatever the stack held decided). */
static void test_default_opts_keep_interactions_on(void **state)
{
    (void)state;
    cnsim_model_opts o;
    memset(&o, 0xA5, sizeof o);
    o = cnsim_model_opts_default();
    assert_int_equal(o.interactions_off, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_horizon_closed_regimen),
        cmocka_unit_test(test_horizon_open_ended),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_pd_grid_accuracy),
        cmocka_unit_test(test_pd_self_convergence),
        cmocka_unit_test(test_summary_same_pass),
        cmocka_unit_test(test_reuse_and_stats),
        cmocka_unit_test(test_pace_rule),
        cmocka_unit_test(test_findings_and_errors),
        cmocka_unit_test(test_drug_without_doses),
        cmocka_unit_test(test_default_opts_keep_interactions_on),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
