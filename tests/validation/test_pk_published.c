/* Validation: the registry's parameters, run through the PK engine,
 * reproduce published pharmacokinetic figures. Each check names its source
 * and tolerance. Metrics come from cnsim_pk_summarize (model-based NCA),
 * never from the parameter table directly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include <jansson.h>
#include "cnsim/cnsim.h"
#include "regimen/regimen_test_util.h"

static cnsim_registry *reg;

static int setup(void **state)
{
    (void)state;
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK) {
        fprintf(stderr, "registry: %s\n", cnsim_last_error());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cnsim_registry_free(reg);
    return 0;
}

static cnsim_pk_params params(const char *name)
{
    cnsim_pk_params p;
    if (cnsim_registry_pk_params(reg, name, NULL, &p) != CNSIM_OK)
        fail_msg("%s: %s", name, cnsim_last_error());
    return p;
}

/* Summary of `text` for one drug (output k: 0 parent, 1 metabolite). */
static cnsim_pk_summary summarize(const char *drug, const char *text, size_t k)
{
    cnsim_pk_params p = params(drug);
    cnsim_event_list raw, ev;
    cnsim_event_list_init(&raw);
    cnsim_event_list_init(&ev);
    int d;
    cnsim_event_list_drug(&raw, drug, &d);
    if (cnsim_regimen_parse(text, 1, d, 24 * 365.0, &raw) != CNSIM_OK ||
        cnsim_events_expand(&raw, &ev) != CNSIM_OK)
        fail_msg("%s '%s': %s", drug, text, cnsim_last_error());
    cnsim_pk_summary s[2];
    if (cnsim_pk_summarize(&p, 1, ev.ev, ev.n, NULL, s, 2) != CNSIM_OK)
        fail_msg("%s: %s", drug, cnsim_last_error());
    cnsim_event_list_free(&raw);
    cnsim_event_list_free(&ev);
    return s[k];
}

/* The same summary through the model/run API, which carries the drug's
 * interactions with its own clearance (data/72_enzyme_kinetics.sql:
 * paroxetine's CYP2D6 inactivation, fluoxetine's CYP2D6 inhibition):
 * species k of the model, and, when t_h is given, the concentrations of
 * every species at those n_t times into conc (n_t x species). */
static cnsim_pk_summary summarize_model(const char *drug, const char *text, size_t k, const double *t_h, size_t n_t,
                                        double *conc)
{
    cnsim_model_drug md = {.name = drug};
    cnsim_model *m = NULL;
    cnsim_run *r = NULL;
    double t0 = 0;
    cnsim_pk_summary s;
    if (cnsim_model_create(reg, &md, 1, NULL, &m) != CNSIM_OK || cnsim_run_create(m, &r) != CNSIM_OK ||
        cnsim_run_set_regimen(r, 0, text) != CNSIM_OK || cnsim_run_set_times(r, &t0, 1) != CNSIM_OK ||
        cnsim_run_set_outputs(r, CNSIM_RUN_SUMMARY) != CNSIM_OK || cnsim_run_simulate(r) != CNSIM_OK ||
        cnsim_run_summary(r, k, &s) != CNSIM_OK)
        fail_msg("%s '%s': %s", drug, text, cnsim_last_error());
    if (t_h) {
        size_t ns = cnsim_model_n_species(m);
        if (cnsim_run_set_times(r, t_h, n_t) != CNSIM_OK || cnsim_run_set_outputs(r, 0) != CNSIM_OK ||
            cnsim_run_simulate(r) != CNSIM_OK)
            fail_msg("%s '%s': %s", drug, text, cnsim_last_error());
        memcpy(conc, cnsim_run_conc(r), n_t * ns * sizeof *conc);
    }
    cnsim_run_free(r);
    cnsim_model_free(m);
    return s;
}

#define IN_RANGE(what, x, lo, hi, source)                                              \
    do {                                                                                \
        double v_ = (x);                                                                \
        if (!(v_ >= (lo) && v_ <= (hi)))                                                \
            fail_msg("%s = %g, expected %g..%g (%s)", what, v_, (double)(lo), (double)(hi), source); \
        printf("  %-44s %10.4g   [%g, %g]  %s\n", what, v_, (double)(lo), (double)(hi), source); \
    } while (0)

/* Klonopin label (clinical pharmacology: F about 90%, Tmax 1-4 h,
 * half-life typically 30-40 h; Vd about 3 L/kg per the Rivotril SmPC). */
static void test_clonazepam_single_dose_matches_the_label(void **state)
{
    (void)state;
    cnsim_pk_params p = params("clonazepam");
    IN_RANGE("clonazepam F", p.f, 0.8, 1.0, "Klonopin label: about 90%");
    double vss_L_per_kg = (p.v1_L + (p.n_cmt >= 2 ? p.v2_L : 0) + (p.n_cmt == 3 ? p.v3_L : 0)) / 70.0;
    IN_RANGE("clonazepam Vss (L/kg)", vss_L_per_kg, 1.5, 4.4, "Berlin & Dahlstrom 1975: Vd 1.5-4.4 L/kg; SmPC ~3");
    cnsim_pk_summary s = summarize("clonazepam", "1 mg once", 0);
    IN_RANGE("clonazepam 1 mg Tmax (h)", s.tmax_h, 1, 4, "Klonopin label: 1-4 h");
    IN_RANGE("clonazepam terminal half-life (h)", s.half_life_h, 30, 40, "Klonopin label: typically 30-40 h");
    IN_RANGE("clonazepam 1 mg Cmax (ng/mL)", s.cmax_ng_mL, 3, 10, "Kaplan 1974 / Chauhan 2000: ~3-10 ng/mL per mg");
}

/* Steady state after about a week; accumulation about x5 on twice-daily
 * dosing (Rivotril SmPC: x3 once, x5 twice, x7 three times daily). */
static void test_clonazepam_reaches_steady_state_in_about_a_week(void **state)
{
    (void)state;
    cnsim_pk_summary s = summarize("clonazepam", "0.5 mg bid for 28 d", 0);
    IN_RANGE("clonazepam bid time to 90% SS (d)", s.t90_ss_h / 24, 4, 9, "label/SmPC: 4-8 days, ~5 half-lives");
    IN_RANGE("clonazepam bid accumulation (AUC ratio)", s.accumulation_ratio, 4, 6.5, "Rivotril SmPC: x5 twice daily");
    IN_RANGE("clonazepam 0.5 mg bid Cmin SS (ng/mL)", s.cmin_ng_mL, 5, 25, "therapeutic 20-70 ng/mL at anticonvulsant doses; 1 mg/d gives low teens");
    cnsim_pk_summary m = summarize("clonazepam", "0.5 mg bid for 28 d", 1);
    assert_true(m.is_metabolite);
    IN_RANGE("7-aminoclonazepam SS Cavg (ng/mL)", m.cavg_ng_mL, 1, 60, "7-amino metabolite present at concentrations of the parent's order");
}

static void test_ssri_half_lives_and_accumulation(void **state)
{
    (void)state;
    cnsim_pk_summary s = summarize("sertraline", "50 mg qd for 28 d", 0);
    IN_RANGE("sertraline half-life (h)", s.half_life_h, 22, 36, "Zoloft label: ~26 h (22-36)");
    IN_RANGE("sertraline accumulation", s.accumulation_ratio, 1.6, 2.6, "Zoloft label: ~2-fold");
    IN_RANGE("sertraline time to 90% SS (d)", s.t90_ss_h / 24, 3, 8, "Zoloft label: steady state in about one week");
    IN_RANGE("sertraline Tmax (h)", s.tmax_h, 4.5, 8.4, "Zoloft label: 4.5-8.4 h");
    s = summarize("citalopram", "20 mg qd for 28 d", 0);
    IN_RANGE("citalopram half-life (h)", s.half_life_h, 30, 40, "Celexa label: ~35 h");
    IN_RANGE("citalopram accumulation", s.accumulation_ratio, 2.0, 3.0, "Celexa label: 2.5-fold");
    s = summarize("escitalopram", "10 mg qd for 28 d", 0);
    IN_RANGE("escitalopram half-life (h)", s.half_life_h, 27, 32, "Lexapro label: 27-32 h");
    s = summarize("fluvoxamine", "100 mg qd for 28 d", 0);
    IN_RANGE("fluvoxamine half-life (h)", s.half_life_h, 13, 24, "Luvox label: ~15.6 h single dose, longer at steady state");
}

/* Prozac label: fluoxetine 1-3 d acute, 4-6 d chronic; norfluoxetine
 * 4-16 d; both still present for weeks after stopping. */
static void test_fluoxetine_and_norfluoxetine_wash_out_over_weeks(void **state)
{
    (void)state;
    /* At the end of the 8 weeks (the steady-state trough, 24 h after the
     * last dose) and 3 weeks later, counted from the first dose. */
    double t0 = first_dose_h("20 mg qd for 8 w");
    double t[2] = {t0 + 56 * 24.0, t0 + (56 + 21) * 24.0}, c[4];
    cnsim_pk_summary f = summarize_model("fluoxetine", "20 mg qd for 8 w", 0, t, 2, c);
    cnsim_pk_summary n = summarize_model("fluoxetine", "20 mg qd for 8 w", 1, NULL, 0, NULL);
    IN_RANGE("fluoxetine half-life (d)", f.half_life_h / 24, 1, 6, "Prozac label: 1-3 d acute, 4-6 d chronic");
    IN_RANGE("norfluoxetine terminal half-life (d)", n.half_life_h / 24, 4, 16, "Prozac label: 4-16 d");
    /* Weeks-long washout: three weeks after the last dose norfluoxetine is
     * still above 10% of its steady-state trough. */
    IN_RANGE("norfluoxetine 3 weeks after stop / at stop", c[3] / c[1], 0.1, 0.6, "Prozac label: weeks-long washout (5-week MAOI interval)");
    IN_RANGE("norfluoxetine/fluoxetine at steady state", c[1] / c[0], 0.5, 2.0, "label: comparable plasma concentrations at steady state");
}

/* Paxil label: nonlinear kinetics; steady-state exposure rises more than
 * proportionally with dose (CYP2D6 inactivated by paroxetine, simulated
 * by the model layer's enzyme engine). */
static void test_paroxetine_exposure_rises_more_than_proportionally(void **state)
{
    (void)state;
    cnsim_pk_summary a = summarize_model("paroxetine", "20 mg qd for 6 w", 0, NULL, 0, NULL);
    cnsim_pk_summary b = summarize_model("paroxetine", "40 mg qd for 6 w", 0, NULL, 0, NULL);
    double ratio = b.auc_tau_ng_h_mL / a.auc_tau_ng_h_mL;
    IN_RANGE("paroxetine AUCss 40 mg / 20 mg", ratio, 2.2, 4.5, "Paxil label: more than dose-proportional; Sindrup 1992");
    IN_RANGE("paroxetine half-life at 20 mg/d (h)", a.half_life_h, 10, 40, "Paxil label: ~21 h, wide range");
}

/* Klonopin label: clonazepam is metabolised by CYP3A4 (nitro-reduction)
 * to 7-aminoclonazepam; the model's metabolite is that one. */
static void test_clonazepam_goes_to_7_aminoclonazepam_via_cyp3a4(void **state)
{
    (void)state;
    cnsim_pk_params p = params("clonazepam");
    assert_true(p.has_metabolite);
    assert_string_equal(p.metabolite, "7-aminoclonazepam");
    char *text = NULL;
    assert_int_equal(cnsim_registry_drug_json(reg, "clonazepam", &text), CNSIM_OK);
    json_t *d = json_loads(text, 0, NULL);
    cnsim_free(text);
    assert_non_null(d);
    json_t *enz = json_object_get(d, "enzymes"), *e;
    size_t i;
    int found = 0;
    json_array_foreach(enz, i, e)
        found |= !strcmp(json_string_value(json_object_get(e, "enzyme")), "CYP3A4") &&
                 !strcmp(json_string_value(json_object_get(e, "role")), "substrate");
    json_decref(d);
    assert_true(found);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clonazepam_single_dose_matches_the_label),
        cmocka_unit_test(test_clonazepam_reaches_steady_state_in_about_a_week),
        cmocka_unit_test(test_ssri_half_lives_and_accumulation),
        cmocka_unit_test(test_fluoxetine_and_norfluoxetine_wash_out_over_weeks),
        cmocka_unit_test(test_paroxetine_exposure_rises_more_than_proportionally),
        cmocka_unit_test(test_clonazepam_goes_to_7_aminoclonazepam_via_cyp3a4),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
