/* tests for src/registry/: opening, names, classes, sources, PK parameters
 * and labelled limits. Runs against $CNSIM_REGISTRY (build/cnsim.db under
 * ctest) and, for the fallback, the SQL compiled into the library. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/registry.h"

static int setup(void **state)
{
    cnsim_registry *reg = NULL;
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK) {
        fprintf(stderr, "cannot open registry: %s\n", cnsim_last_error());
        return -1;
    }
    *state = reg;
    return 0;
}

static int teardown(void **state)
{
    cnsim_registry_free(*state);
    return 0;
}

static void test_brand_names_resolve_case_insensitively(void **state)
{
    cnsim_registry *reg = *state;
    char canon[CNSIM_NAME_MAX];
    const char *pairs[][2] = {
        {"Klonopin", "clonazepam"}, {"KLONOPIN", "clonazepam"}, {"rivotril", "clonazepam"},
        {" Clonazepam ", "clonazepam"}, {"Zoloft", "sertraline"}, {"Lexapro", "escitalopram"},
        {"Valium", "diazepam"}, {"Xanax", "alprazolam"}, {"Ativan", "lorazepam"},
        {"Librium", "chlordiazepoxide"}, {"Prozac", "fluoxetine"}, {"Paxil", "paroxetine"},
        {"Celexa", "citalopram"}, {"Luvox", "fluvoxamine"}, {"nordazepam", "desmethyldiazepam"},
        {"alcohol", "ethanol"}, {"Tegretol", "carbamazepine"}, {"Biaxin", "clarithromycin"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_int_equal(cnsim_registry_resolve(reg, pairs[i][0], canon), CNSIM_OK);
        assert_string_equal(canon, pairs[i][1]);
    }
}

static void test_typo_gets_a_suggestion(void **state)
{
    cnsim_registry *reg = *state;
    char canon[CNSIM_NAME_MAX];
    assert_int_equal(cnsim_registry_resolve(reg, "clonazepan", canon), CNSIM_E_ARG);
    const char *msg = cnsim_last_error();
    assert_non_null(strstr(msg, "unknown drug 'clonazepan'"));
    assert_non_null(strstr(msg, "did you mean clonazepam"));
    assert_int_equal(cnsim_registry_resolve(reg, "Klonopen", canon), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "Klonopin"));
    assert_int_equal(cnsim_registry_resolve(reg, "", canon), CNSIM_E_ARG);
    assert_int_equal(cnsim_registry_resolve(reg, "qqqqqqqqqqqq", canon), CNSIM_E_ARG);
    assert_null(strstr(cnsim_last_error(), "did you mean"));
}

static void test_is_a_walks_the_class_hierarchy(void **state)
{
    cnsim_registry *reg = *state;
    assert_int_equal(cnsim_registry_is_a(reg, "clonazepam", "benzodiazepine"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "clonazepam", "GABA-A receptor positive allosteric modulator"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "clonazepam", "antiepileptic"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "clonazepam", "CNS depressant"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "clonazepam", "SSRI"), 0);
    assert_int_equal(cnsim_registry_is_a(reg, "clonazepam", "antidepressant"), 0);
    assert_int_equal(cnsim_registry_is_a(reg, "Klonopin", "selective serotonin reuptake inhibitor"), 0);
    assert_int_equal(cnsim_registry_is_a(reg, "sertraline", "SSRI"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "sertraline", "antidepressant"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "sertraline", "serotonin reuptake inhibitor"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "sertraline", "benzodiazepine"), 0);
    assert_int_equal(cnsim_registry_is_a(reg, "oxycodone", "CNS depressant"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "ethanol", "CNS depressant"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "clarithromycin", "strong CYP3A4 inhibitor"), 1);
    assert_int_equal(cnsim_registry_is_a(reg, "carbamazepine", "strong CYP3A4 inducer"), 1);
    for (const char *const *d = (const char *const[]){"fluoxetine", "sertraline", "paroxetine",
             "citalopram", "escitalopram", "fluvoxamine", NULL}; *d; d++)
        assert_int_equal(cnsim_registry_is_a(reg, *d, "SSRI"), 1);
    for (const char *const *d = (const char *const[]){"clonazepam", "diazepam", "alprazolam",
             "lorazepam", "oxazepam", "chlordiazepoxide", NULL}; *d; d++) {
        assert_int_equal(cnsim_registry_is_a(reg, *d, "benzodiazepine"), 1);
        assert_int_equal(cnsim_registry_is_a(reg, *d, "SSRI"), 0);
    }
    assert_true(cnsim_registry_is_a(reg, "clonazepam", "no such class") < 0);
}

static void test_classes_run_specific_to_general(void **state)
{
    cnsim_registry *reg = *state;
    char names[16][CNSIM_NAME_MAX];
    int n = cnsim_registry_classes(reg, "clonazepam", names, 16);
    assert_true(n >= 3);
    assert_string_equal(names[0], "benzodiazepine");
    assert_string_equal(names[1], "GABA-A receptor positive allosteric modulator");
    n = cnsim_registry_classes(reg, "sertraline", names, 16);
    assert_true(n >= 2);
    assert_string_equal(names[0], "SSRI");
    assert_string_equal(names[1], "antidepressant");
}

/* Every source column that belongs to a value is filled and points at a
 * row of `sources`. Nullable source columns are checked only where the
 * value they cite exists. */
static void test_every_value_has_a_known_source(void **state)
{
    sqlite3 *db = cnsim_registry_db(*state);
    static const char *const refs[] = {
        "SELECT 'drugs.mw', name, mw_source FROM drugs",
        "SELECT 'drugs.mechanism', name, mechanism_source FROM drugs",
        "SELECT 'synonyms', name, source FROM synonyms",
        "SELECT 'atc_codes', drug, source FROM atc_codes",
        "SELECT 'classes', name, source FROM classes",
        "SELECT 'class_aliases', alias, source FROM class_aliases",
        "SELECT 'class_parents', class, source FROM class_parents",
        "SELECT 'drug_classes', drug, source FROM drug_classes",
        "SELECT 'targets', drug, source FROM targets",
        "SELECT 'indications', drug, source FROM indications",
        "SELECT 'formulations', drug, source FROM formulations",
        "SELECT 'formulations.pk', drug, pk_source FROM formulations"
        " WHERE ka_per_h IS NOT NULL OR tlag_h IS NOT NULL OR f_rel IS NOT NULL",
        "SELECT 'dose_limits', drug, source FROM dose_limits",
        "SELECT 'pk.f', drug, f_source FROM pk_params",
        "SELECT 'pk.ka', drug, ka_source FROM pk_params",
        "SELECT 'pk.cl', drug, cl_source FROM pk_params",
        "SELECT 'pk.v1', drug, v1_source FROM pk_params",
        "SELECT 'pk.fu', drug, fu_source FROM pk_params",
        "SELECT 'pk.tmax', drug, tmax_source FROM pk_params",
        "SELECT 'pk.periph', drug, periph_source FROM pk_params WHERE n_cmt > 1",
        "SELECT 'pk.mm', drug, mm_source FROM pk_params WHERE vmax_mg_per_h > 0",
        "SELECT 'pk.fm', drug, fm_source FROM pk_params WHERE metabolite IS NOT NULL",
        "SELECT 'pk.half_life', drug, half_life_source FROM pk_params WHERE half_life_label_min_h IS NOT NULL",
        "SELECT 'metabolite_pk.cl', drug, cl_source FROM metabolite_pk",
        "SELECT 'metabolite_pk.v', drug, v_source FROM metabolite_pk",
        "SELECT 'metabolite_pk.half_life', drug, half_life_source FROM metabolite_pk"
        " WHERE half_life_label_min_h IS NOT NULL",
        "SELECT 'metabolite_chain.fm', drug || ' ' || metabolite, fm_source FROM metabolite_chain",
        "SELECT 'enzymes', drug, source FROM enzymes",
        "SELECT 'onsets', drug, source FROM onsets",
        "SELECT 'warnings', drug, source FROM warnings",
    };
    int bad = 0, checked = 0;
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        char sql[1024];
        snprintf(sql, sizeof sql, "WITH r(t, k, s) AS (%s) SELECT t, k, s FROM r"
                 " WHERE s IS NULL OR s = '' OR s NOT IN (SELECT id FROM sources)", refs[i]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            fprintf(stderr, "missing or unknown source: %s %s -> '%s'\n",
                    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                    sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "(null)");
            bad++;
        }
        sqlite3_finalize(st);
        checked++;
    }
    assert_int_equal(bad, 0);
    assert_true(checked > 20);

    /* Every source has a citation: authors and a journal or label. */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT count(*) FROM sources WHERE authors = '' OR journal_or_label = ''", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
}

static void test_every_required_drug_is_present(void **state)
{
    cnsim_registry *reg = *state;
    static const char *const drugs[] = {
        "clonazepam", "7-aminoclonazepam", "diazepam", "desmethyldiazepam", "alprazolam",
        "lorazepam", "oxazepam", "chlordiazepoxide", "fluoxetine", "norfluoxetine", "sertraline",
        "paroxetine", "citalopram", "escitalopram", "fluvoxamine", "oxycodone", "ethanol",
        "clarithromycin", "carbamazepine"};
    for (size_t i = 0; i < sizeof drugs / sizeof drugs[0]; i++) {
        char canon[CNSIM_NAME_MAX];
        assert_int_equal(cnsim_registry_resolve(reg, drugs[i], canon), CNSIM_OK);
        assert_string_equal(canon, drugs[i]);
    }
}

/* Terminal half-life of a two-compartment model from its macro constants:
 * beta = (s - sqrt(s^2 - 4 k10 k21)) / 2, s = k10 + k12 + k21. */
static double terminal_half_life_h(const cnsim_pk_params *p)
{
    double k10 = p->cl_L_per_h / p->v1_L;
    if (p->n_cmt == 1)
        return log(2.0) / k10;
    double k12 = p->q2_L_per_h / p->v1_L, k21 = p->q2_L_per_h / p->v2_L;
    double s = k10 + k12 + k21;
    double beta = (s - sqrt(s * s - 4.0 * k10 * k21)) / 2.0;
    return log(2.0) / beta;
}

static void test_clonazepam_pk_reproduces_the_label(void **state)
{
    cnsim_registry *reg = *state;
    cnsim_pk_params p;
    assert_int_equal(cnsim_registry_pk_params(reg, "Klonopin", NULL, &p), CNSIM_OK);
    assert_string_equal(p.name, "clonazepam");
    assert_int_equal(p.n_cmt, 2);
    assert_float_equal(p.f, 0.9, 1e-12);
    double t_half = terminal_half_life_h(&p);
    assert_true(t_half >= 30.0 && t_half <= 40.0);
    double vss_L_per_kg = (p.v1_L + p.v2_L) / 70.0;
    assert_true(vss_L_per_kg > 2.5 && vss_L_per_kg < 3.5);
    /* Accumulation at q12h, R = 1 / (1 - exp(-beta tau)): label about x5. */
    double r = 1.0 / (1.0 - exp(-log(2.0) / t_half * 12.0));
    assert_true(r > 4.5 && r < 5.5);
    assert_true(p.has_metabolite);
    assert_string_equal(p.metabolite, "7-aminoclonazepam");
    assert_true(p.fm > 0 && p.fm <= 1);
    assert_true(p.met_cl_L_per_h > 0 && p.met_v_L > 0);
    assert_float_equal(p.mw_g_per_mol, 315.7, 1e-9);
    assert_float_equal(p.met_mw_g_per_mol, 285.7, 1e-9);
}

static void test_linear_half_lives_match_published_ranges(void **state)
{
    sqlite3 *db = cnsim_registry_db(*state);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT drug, half_life_label_min_h, half_life_label_max_h FROM pk_params"
        " WHERE vmax_mg_per_h = 0 AND half_life_label_min_h IS NOT NULL", -1, &st, NULL), SQLITE_OK);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *drug = (const char *)sqlite3_column_text(st, 0);
        cnsim_pk_params p;
        assert_int_equal(cnsim_registry_pk_params(*state, drug, NULL, &p), CNSIM_OK);
        double t = terminal_half_life_h(&p);
        if (t < sqlite3_column_double(st, 1) || t > sqlite3_column_double(st, 2))
            fail_msg("%s: half-life %.1f h outside %.1f-%.1f h", drug, t,
                     sqlite3_column_double(st, 1), sqlite3_column_double(st, 2));
        /* Tmax of the one-compartment oral model, ln(ka/k)/(ka-k). */
        if (p.n_cmt == 1) {
            double k = p.cl_L_per_h / p.v1_L, tmax = log(p.ka_per_h / k) / (p.ka_per_h - k);
            assert_true(tmax > 0.5 && tmax < 10.0);
        }
        n++;
    }
    sqlite3_finalize(st);
    assert_true(n >= 12);
}

static void test_ssri_specifics(void **state)
{
    cnsim_registry *reg = *state;
    cnsim_pk_params p;
    assert_int_equal(cnsim_registry_pk_params(reg, "sertraline", NULL, &p), CNSIM_OK);
    double t = terminal_half_life_h(&p);
    assert_true(t > 24 && t < 28);
    /* Once-daily accumulation about 2 (label). */
    double r = 1.0 / (1.0 - exp(-log(2.0) / t * 24.0));
    assert_true(r > 1.8 && r < 2.4);

    assert_int_equal(cnsim_registry_pk_params(reg, "Prozac", NULL, &p), CNSIM_OK);
    assert_true(p.has_metabolite);
    assert_string_equal(p.metabolite, "norfluoxetine");
    double met_t = log(2.0) * p.met_v_L / p.met_cl_L_per_h;
    assert_true(met_t > 4 * 24 && met_t < 16 * 24);

    /* Paroxetine: saturable elimination, so the clearance at 85 ng/mL is
     * lower than at 30 ng/mL and exposure rises more than dose. */
    assert_int_equal(cnsim_registry_pk_params(reg, "paroxetine", NULL, &p), CNSIM_OK);
    assert_true(p.vmax_mg_per_h > 0 && p.km_ng_mL > 0);
    double cl30 = p.cl_L_per_h + p.vmax_mg_per_h * 1000.0 / (p.km_ng_mL + 30.0);
    double cl85 = p.cl_L_per_h + p.vmax_mg_per_h * 1000.0 / (p.km_ng_mL + 85.0);
    assert_true(cl85 < cl30);

    assert_int_equal(cnsim_registry_pk_params(reg, "ethanol", NULL, &p), CNSIM_OK);
    assert_true(p.vmax_mg_per_h > 5000 && p.vmax_mg_per_h < 12000);
    assert_true(p.km_ng_mL > 20000 && p.km_ng_mL < 150000);
}

static void test_formulations_override_absorption(void **state)
{
    cnsim_registry *reg = *state;
    cnsim_pk_params tab, odt, sol;
    assert_int_equal(cnsim_registry_pk_params(reg, "clonazepam", "tablet", &tab), CNSIM_OK);
    assert_int_equal(cnsim_registry_pk_params(reg, "clonazepam", "ODT", &odt), CNSIM_OK);
    assert_int_equal(cnsim_registry_pk_params(reg, "clonazepam", "solution", &sol), CNSIM_OK);
    assert_float_equal(tab.ka_per_h, odt.ka_per_h, 1e-12);
    assert_float_equal(sol.ka_per_h, 1.106, 1e-12);
    assert_int_equal(cnsim_registry_pk_params(reg, "clonazepam", "patch", &tab), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "odt"));
    assert_int_equal(cnsim_registry_pk_params(reg, "norfluoxetine", NULL, &tab), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "fluoxetine"));
}

static void test_labelled_maxima(void **state)
{
    cnsim_registry *reg = *state;
    double mx;
    char ind[128], src[1024];
    assert_int_equal(cnsim_registry_max_daily_dose(reg, "Klonopin", &mx, ind, sizeof ind, src, sizeof src),
                     CNSIM_OK);
    assert_float_equal(mx, 20.0, 1e-12);
    assert_non_null(strstr(ind, "seizure"));
    assert_non_null(strstr(src, "KLONOPIN"));
    assert_int_equal(cnsim_registry_indication_max_dose(reg, "clonazepam", "panic", &mx, ind, sizeof ind,
                                                        src, sizeof src), CNSIM_OK);
    assert_float_equal(mx, 4.0, 1e-12);
    assert_int_equal(cnsim_registry_max_daily_dose(reg, "sertraline", &mx, NULL, 0, NULL, 0), CNSIM_OK);
    assert_float_equal(mx, 200.0, 1e-12);
    assert_int_equal(cnsim_registry_max_daily_dose(reg, "citalopram", &mx, NULL, 0, NULL, 0), CNSIM_OK);
    assert_float_equal(mx, 40.0, 1e-12);
    assert_int_equal(cnsim_registry_max_daily_dose(reg, "ethanol", &mx, NULL, 0, NULL, 0), CNSIM_E_ARG);
    assert_float_equal(mx, 0.0, 0.0);
}

static void test_onset_scale_separates_hours_from_weeks(void **state)
{
    char *tc = NULL, *ts = NULL;
    assert_int_equal(cnsim_registry_drug_json(*state, "clonazepam", &tc), CNSIM_OK);
    assert_int_equal(cnsim_registry_drug_json(*state, "sertraline", &ts), CNSIM_OK);
    json_t *c = json_loads(tc, 0, NULL), *s = json_loads(ts, 0, NULL);
    cnsim_free(tc);
    cnsim_free(ts);
    assert_non_null(c);
    assert_non_null(s);
    json_t *oc = json_array_get(json_object_get(c, "onset"), 0);
    json_t *os = json_array_get(json_object_get(s, "onset"), 0);
    assert_string_equal(json_string_value(json_object_get(oc, "scale")), "hours");
    assert_string_equal(json_string_value(json_object_get(os, "scale")), "weeks");
    assert_true(json_array_size(json_object_get(c, "sources")) > 3);
    assert_string_equal(json_string_value(json_array_get(json_object_get(c, "classes"), 0)), "benzodiazepine");
    json_decref(c);
    json_decref(s);
}

extern const char cnsim__registry_sql[];

static void test_builtin_copy_matches_the_file(void **state)
{
    /* The in-memory fallback executes the SQL compiled into the library;
     * it must hold the same data as the file built from the data/ SQL files. */
    sqlite3 *mem;
    assert_int_equal(sqlite3_open(":memory:", &mem), SQLITE_OK);
    assert_int_equal(sqlite3_exec(mem, cnsim__registry_sql, NULL, NULL, NULL), SQLITE_OK);
    const char *q = "SELECT (SELECT count(*) FROM drugs) + (SELECT count(*) FROM sources)"
                    " + (SELECT sum(length(note)) FROM pk_params)";
    sqlite3_stmt *a, *b;
    assert_int_equal(sqlite3_prepare_v2(cnsim_registry_db(*state), q, -1, &a, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(mem, q, -1, &b, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(a), SQLITE_ROW);
    assert_int_equal(sqlite3_step(b), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(a, 0), sqlite3_column_int64(b, 0));
    sqlite3_finalize(a);
    sqlite3_finalize(b);
    sqlite3_close(mem);
}

static void test_explicit_unreadable_path_is_an_io_error(void **state)
{
    cnsim_registry *reg = (cnsim_registry *)1;
    assert_int_equal(cnsim_registry_open("/nonexistent/cnsim.db", &reg), CNSIM_E_READ);
    assert_null(reg);
    assert_non_null(strstr(cnsim_last_error(), "/nonexistent/cnsim.db"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brand_names_resolve_case_insensitively),
        cmocka_unit_test(test_typo_gets_a_suggestion),
        cmocka_unit_test(test_is_a_walks_the_class_hierarchy),
        cmocka_unit_test(test_classes_run_specific_to_general),
        cmocka_unit_test(test_every_value_has_a_known_source),
        cmocka_unit_test(test_every_required_drug_is_present),
        cmocka_unit_test(test_clonazepam_pk_reproduces_the_label),
        cmocka_unit_test(test_linear_half_lives_match_published_ranges),
        cmocka_unit_test(test_ssri_specifics),
        cmocka_unit_test(test_formulations_override_absorption),
        cmocka_unit_test(test_labelled_maxima),
        cmocka_unit_test(test_onset_scale_separates_hours_from_weeks),
        cmocka_unit_test(test_builtin_copy_matches_the_file),
        cmocka_unit_test(test_explicit_unreadable_path_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
