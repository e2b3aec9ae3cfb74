/* tests for src/clinical/patient*.c: the --patient parser, the label
 * precautions a profile triggers and the covariate effects on PK. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>
#include <stdlib.h>

#include "cnsim/patient.h"

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

/* CPIC's abbreviations name the same phenotypes (issue 13: cyp2c19=pm). */
static void test_parse_phenotype_abbreviations(void **state)
{
    (void)state;
    cnsim_patient p, q;
    assert_int_equal(cnsim_patient_parse("cyp2c19=pm,cyp2d6=um", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_parse("cyp2c19=poor,cyp2d6=ultrarapid", &q), CNSIM_OK);
    assert_int_equal(p.cyp2c19, q.cyp2c19);
    assert_int_equal(p.cyp2d6, q.cyp2d6);
    assert_int_equal(cnsim_patient_parse("cyp2c19=im", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_parse("cyp2c19=intermediate", &q), CNSIM_OK);
    assert_int_equal(p.cyp2c19, q.cyp2c19);
    assert_int_equal(cnsim_patient_parse("cyp2c19=xm", &p), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "pm, im, nm, rm, um"));
}

static void test_parse_full_profile(void **state)
{
    (void)state;
    cnsim_patient p;
    assert_int_equal(cnsim_patient_parse("age=42, weight=60,sex=female,pregnant,breastfeeding,copd,sleep-apnea,"
                                         "substance-use,depression,hepatic=moderate,renal=mild,"
                                         "cyp2c19=poor,cyp2d6=ultrarapid", &p), CNSIM_OK);
    assert_float_equal(p.age_y, 42, 0);
    assert_float_equal(p.weight_kg, 60, 0);
    assert_int_equal(p.sex, CNSIM_SEX_FEMALE);
    assert_true(p.is_pregnant && p.is_breastfeeding && p.has_copd && p.has_sleep_apnea);
    assert_true(p.has_substance_use && p.has_depression);
    assert_int_equal(p.hepatic, CNSIM_ORGAN_MODERATE);
    assert_int_equal(p.renal, CNSIM_ORGAN_MILD);
    assert_int_equal(p.cyp2c19, CNSIM_MET_POOR);
    assert_int_equal(p.cyp2d6, CNSIM_MET_ULTRARAPID);
    char buf[256];
    cnsim_patient_format(&p, buf, sizeof buf);
    cnsim_patient q;
    assert_int_equal(cnsim_patient_parse(buf, &q), CNSIM_OK);
    assert_memory_equal(&p, &q, sizeof p);
    char tiny[8];
    cnsim_patient_format(&p, tiny, sizeof tiny);
    assert_true(strlen(tiny) < sizeof tiny);
}

static void test_parse_rejects_bad_input(void **state)
{
    (void)state;
    struct { const char *text; cnsim_status st; const char *needle; } bad[] = {
        {"height=180", CNSIM_E_PARSE, "unknown key 'height'"},
        {"age=abc", CNSIM_E_PARSE, "age='abc'"},
        {"age=-1", CNSIM_E_RANGE, "0-120"},
        {"age=121", CNSIM_E_RANGE, "0-120"},
        {"weight=0.4", CNSIM_E_RANGE, "0.5-300 kg"},
        {"weight=301", CNSIM_E_RANGE, "0.5-300 kg"},
        {"weight=0x40", CNSIM_E_PARSE, "weight='0x40'"},
        {"age=inf", CNSIM_E_PARSE, "age='inf'"},
        /* implausible combinations: weight for age (CDC 2000, modified
         * z -5..+8) and maternal age (NCHS: 9-64 years) */
        {"age=1,weight=300", CNSIM_E_RANGE, "weight=300 kg with age=1 is implausible; expected weight=4.97-20.7 kg"},
        {"age=1,weight=3", CNSIM_E_RANGE, "with age=1 is implausible"},
        {"weight=50,age=5,sex=female", CNSIM_E_RANGE, "age=5,sex=female is implausible"},
        {"age=30,weight=10", CNSIM_E_RANGE, "expected weight=23.8-300 kg"},
        {"pregnant,age=80", CNSIM_E_RANGE, "pregnant with age=80 is implausible; expected age=9-64 years"},
        {"age=6,pregnant", CNSIM_E_RANGE, "expected age=9-64 years"},
        {"breastfeeding,age=70", CNSIM_E_RANGE, "breastfeeding with age=70"},
        {"weight=nan", CNSIM_E_PARSE, "weight"},
        {"pregnant,sex=male", CNSIM_E_RANGE, "pregnant with sex=male"},
        {"sex=other", CNSIM_E_PARSE, "female or male"},
        {"hepatic=bad", CNSIM_E_PARSE, "mild, moderate or severe"},
        {"cyp2c19=slow", CNSIM_E_PARSE, "poor, intermediate"},
        {"pregnant=yes", CNSIM_E_PARSE, "takes no value"},
        {"age", CNSIM_E_PARSE, "needs a value"},
        {"age=30,age=40", CNSIM_E_RANGE, "given twice"},
        {"copd,,depression", CNSIM_E_PARSE, "empty item"},
        {"", CNSIM_E_PARSE, "empty item"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1", CNSIM_E_PARSE, "characters"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cnsim_patient p;
        cnsim_status st = cnsim_patient_parse(bad[i].text, &p);
        if (st != bad[i].st || !strstr(cnsim_last_error(), bad[i].needle))
            fail_msg("'%s': status %d, message '%s'; expected %d with '%s'", bad[i].text, st,
                     cnsim_last_error(), bad[i].st, bad[i].needle);
        assert_true(isnan(p.age_y) && !p.is_pregnant);
    }
}

static int has_code(const cnsim_patient_finding *f, size_t n, const char *code);

/* Plausible profiles at the edges are accepted: a newborn of 3.5 kg, a
 * heavy adolescent, pregnancy at 15 and 45, an adult of 200 kg. */
static void test_plausible_profiles_are_accepted(void **state)
{
    (void)state;
    const char *ok[] = {"age=0,weight=3.5", "age=15,weight=150", "age=15,pregnant", "age=45,pregnant,weight=90",
                        "age=40,weight=200", "age=10,weight=32,sex=male", "weight=1", "age=19.5,weight=60"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        cnsim_patient p;
        if (cnsim_patient_parse(ok[i], &p) != CNSIM_OK)
            fail_msg("'%s' refused: %s", ok[i], cnsim_last_error());
    }
    /* The reference (CDC 2000 medians): about 3.5 kg at birth, 18 kg at 5
     * years, 70.6 kg for boys at 20; no median for adults. */
    double med, lo, hi;
    assert_int_equal(cnsim_patient_weight_for_age(0, CNSIM_SEX_MALE, &med, &lo, &hi), CNSIM_OK);
    assert_float_equal(med, 3.5302, 1e-3);
    assert_true(lo >= 0.5 && lo < 2 && hi > 5 && hi < 8);
    assert_int_equal(cnsim_patient_weight_for_age(5, CNSIM_SEX_UNKNOWN, &med, NULL, NULL), CNSIM_OK);
    assert_true(med > 17.5 && med < 19);
    assert_int_equal(cnsim_patient_weight_for_age(19.999, CNSIM_SEX_MALE, &med, NULL, NULL), CNSIM_OK);
    assert_float_equal(med, 70.6, 0.1);
    assert_int_equal(cnsim_patient_weight_for_age(30, CNSIM_SEX_MALE, &med, &lo, &hi), CNSIM_OK);
    assert_true(isnan(med) && hi == 300);
    assert_int_equal(cnsim_patient_weight_for_age(-1, CNSIM_SEX_MALE, &med, &lo, &hi), CNSIM_E_RANGE);
}

/* A child is not a 70 kg adult: with no weight the median weight for the
 * age drives the allometry (and says so, with its source), clonazepam
 * warns that paediatric use is off-label for panic disorder (weight-based
 * dosing in seizures), infants get the maturation precaution; adults
 * without a weight are unchanged. */
static void test_children_get_a_reference_weight_and_the_paediatric_warning(void **state)
{
    cnsim_registry *reg = *state;
    cnsim_pk_params ref, adj;
    assert_int_equal(cnsim_registry_pk_params(reg, "clonazepam", NULL, &ref), CNSIM_OK);
    cnsim_patient p;
    cnsim_patient_finding f[16];
    size_t n;
    double med;
    assert_int_equal(cnsim_patient_parse("age=5", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_weight_for_age(5, CNSIM_SEX_UNKNOWN, &med, NULL, NULL), CNSIM_OK);
    adj = ref;
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 16, &n), CNSIM_OK);
    assert_int_equal(n, 4);   /* CL, Q, V and the reference-weight note */
    assert_float_equal(adj.cl_L_per_h, ref.cl_L_per_h * pow(med / 70, 0.75), 1e-12);
    assert_float_equal(adj.v1_L, ref.v1_L * med / 70, 1e-12);
    assert_true(has_code(f, n, "patient_reference_weight"));
    assert_string_equal(f[3].source, "cdc-growth-2000");
    assert_int_equal(cnsim_patient_check(reg, &p, "clonazepam", f, 16, &n), CNSIM_OK);
    assert_true(has_code(f, n, "patient_pediatric"));
    assert_false(has_code(f, n, "patient_infant_maturation"));
    for (size_t i = 0; i < n; i++)
        if (!strcmp(f[i].code, "patient_pediatric")) {
            assert_string_equal(f[i].source, "klonopin-label");
            assert_string_equal(f[i].severity, "warning");
            assert_non_null(strstr(f[i].message, "0.01-0.03 mg/kg/day"));
            assert_non_null(strstr(f[i].message, "below 18 years"));
        }
    /* the weight given wins over the reference */
    assert_int_equal(cnsim_patient_parse("age=5,weight=20", &p), CNSIM_OK);
    adj = ref;
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 16, &n), CNSIM_OK);
    assert_int_equal(n, 3);
    assert_float_equal(adj.cl_L_per_h, ref.cl_L_per_h * pow(20 / 70.0, 0.75), 1e-12);
    /* an infant: maturation precaution for every drug */
    assert_int_equal(cnsim_patient_parse("age=0.5", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_check(reg, &p, "sertraline", f, 16, &n), CNSIM_OK);
    assert_true(has_code(f, n, "patient_infant_maturation"));
    /* adults: no weight, no covariate, no paediatric flag */
    assert_int_equal(cnsim_patient_parse("age=18", &p), CNSIM_OK);
    adj = ref;
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 16, &n), CNSIM_OK);
    assert_int_equal(n, 0);
    assert_memory_equal(&adj, &ref, sizeof ref);
    assert_int_equal(cnsim_patient_check(reg, &p, "clonazepam", f, 16, &n), CNSIM_OK);
    assert_false(has_code(f, n, "patient_pediatric"));
}

static int has_code(const cnsim_patient_finding *f, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(f[i].code, code))
            return (int)i + 1;
    return 0;
}

static void test_pregnant_clonazepam_is_flagged(void **state)
{
    cnsim_registry *reg = *state;
    cnsim_patient p;
    assert_int_equal(cnsim_patient_parse("pregnant", &p), CNSIM_OK);
    cnsim_patient_finding f[16];
    size_t n;
    assert_int_equal(cnsim_patient_check(reg, &p, "Klonopin", f, 16, &n), CNSIM_OK);
    int k = has_code(f, n, "patient_pregnancy");
    assert_true(k);
    assert_string_equal(f[k - 1].source, "klonopin-label");
    assert_non_null(strstr(f[k - 1].message, "neonatal"));
    assert_string_equal(f[k - 1].severity, "warning");
    /* the same profile and an SSRI: PPHN; paroxetine adds the cardiac signal */
    assert_int_equal(cnsim_patient_check(reg, &p, "paroxetine", f, 16, &n), CNSIM_OK);
    assert_true(has_code(f, n, "patient_pregnancy"));
    assert_true(has_code(f, n, "patient_pregnancy_cardiac"));
    assert_non_null(strstr(f[has_code(f, n, "patient_pregnancy") - 1].message, "PPHN"));
}

static void test_profiles_trigger_label_rules(void **state)
{
    cnsim_registry *reg = *state;
    struct { const char *profile, *drug, *code, *severity, *source; } cases[] = {
        {"hepatic=severe", "clonazepam", "patient_liver_disease", "contraindication", "klonopin-label"},
        {"sleep-apnea", "clonazepam", "patient_respiratory", "warning", "klonopin-label"},
        {"substance-use", "clonazepam", "patient_substance_use", "warning", "klonopin-label"},
        {"depression", "clonazepam", "patient_depression", "warning", "klonopin-label"},
        {"age=80", "clonazepam", "patient_beers", "warning", "ags-beers-2023"},
        {"age=19", "sertraline", "patient_young_suicidality", "warning", "zoloft-label"},
        {"age=65", "citalopram", "patient_citalopram_max_20mg", "warning", "fda-citalopram-2012"},
        {"cyp2c19=poor", "citalopram", "patient_citalopram_max_20mg", "warning", "fda-citalopram-2012"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cnsim_patient p;
        assert_int_equal(cnsim_patient_parse(cases[i].profile, &p), CNSIM_OK);
        cnsim_patient_finding f[16];
        size_t n;
        assert_int_equal(cnsim_patient_check(reg, &p, cases[i].drug, f, 16, &n), CNSIM_OK);
        int k = has_code(f, n, cases[i].code);
        if (!k)
            fail_msg("%s + %s: no %s", cases[i].profile, cases[i].drug, cases[i].code);
        assert_string_equal(f[k - 1].severity, cases[i].severity);
        assert_string_equal(f[k - 1].source, cases[i].source);
    }
    /* a 30-year-old on sertraline with nothing else: no flags */
    cnsim_patient p;
    assert_int_equal(cnsim_patient_parse("age=30,weight=70", &p), CNSIM_OK);
    cnsim_patient_finding f[4];
    size_t n;
    assert_int_equal(cnsim_patient_check(reg, &p, "sertraline", f, 4, &n), CNSIM_OK);
    assert_int_equal(n, 0);
    /* n_max = 0 counts without writing */
    assert_int_equal(cnsim_patient_parse("pregnant,copd,depression", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_check(reg, &p, "clonazepam", NULL, 0, &n), CNSIM_OK);
    assert_true(n >= 4);
}

static void test_covariates_scale_parameters(void **state)
{
    cnsim_registry *reg = *state;
    cnsim_pk_params ref, adj;
    assert_int_equal(cnsim_registry_pk_params(reg, "clonazepam", NULL, &ref), CNSIM_OK);
    adj = ref;
    cnsim_patient p;
    assert_int_equal(cnsim_patient_parse("weight=50", &p), CNSIM_OK);
    cnsim_patient_finding f[8];
    size_t n;
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 8, &n), CNSIM_OK);
    assert_int_equal(n, 3);   /* CL, Q, V from the clonazepam rows */
    assert_float_equal(adj.cl_L_per_h, ref.cl_L_per_h * pow(50 / 70.0, 0.75), 1e-12);
    assert_float_equal(adj.v1_L, ref.v1_L * 50 / 70.0, 1e-12);
    assert_float_equal(adj.v2_L, ref.v2_L * 50 / 70.0, 1e-12);
    assert_float_equal(adj.q2_L_per_h, ref.q2_L_per_h * pow(50 / 70.0, 0.75), 1e-12);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(f[i].code, "covariate_applied");
        assert_string_equal(f[i].source, "kruizinga2022");
    }
    /* escitalopram in a CYP2C19 poor metaboliser: CL halved (CPIC) */
    assert_int_equal(cnsim_registry_pk_params(reg, "escitalopram", NULL, &ref), CNSIM_OK);
    adj = ref;
    assert_int_equal(cnsim_patient_parse("cyp2c19=poor", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 8, &n), CNSIM_OK);
    assert_int_equal(n, 1);
    assert_float_equal(adj.cl_L_per_h, ref.cl_L_per_h * 0.5, 1e-12);
    assert_float_equal(adj.v1_L, ref.v1_L, 0);
    assert_string_equal(f[0].source, "cpic-ssri-2015");
    /* paroxetine in a CYP2D6 poor metaboliser loses the saturable path
     * and, in the enzyme engine, CYP2D6 altogether (activity change -1) */
    assert_int_equal(cnsim_registry_pk_params(reg, "paroxetine", NULL, &ref), CNSIM_OK);
    adj = ref;
    assert_int_equal(cnsim_patient_parse("cyp2d6=poor", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 8, &n), CNSIM_OK);
    assert_int_equal(n, 2);
    assert_float_equal(adj.vmax_mg_per_h, 0, 0);
    assert_float_equal(adj.enzyme_activity_change[CNSIM_PK_CYP2D6], -1, 0);
    assert_float_equal(adj.enzyme_activity_change[CNSIM_PK_CYP3A4], 0, 0);
    assert_non_null(strstr(f[1].message, "CYP2D6 activity in its enzyme pathways x 0"));
    assert_float_equal(adj.cl_L_per_h, ref.cl_L_per_h, 0);
    /* other drugs get the default allometry; nothing given, nothing changes */
    assert_int_equal(cnsim_registry_pk_params(reg, "sertraline", NULL, &ref), CNSIM_OK);
    adj = ref;
    assert_int_equal(cnsim_patient_parse("age=40", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 8, &n), CNSIM_OK);
    assert_int_equal(n, 0);
    assert_memory_equal(&adj, &ref, sizeof ref);
    assert_int_equal(cnsim_patient_parse("weight=140", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 8, &n), CNSIM_OK);
    assert_int_equal(n, 2);   /* CL and V; Q skipped for one compartment */
    assert_float_equal(adj.v1_L, ref.v1_L * 2, 1e-9);
    assert_string_equal(f[0].source, "anderson-holford-2008");
}


/* Issue 13, item 3: every parent drug of the registry has an elderly and a
 * hepatic-impairment entry in patient_covariates, an effect or an explicit
 * 'none', each citing a source that exists. */
static void test_every_parent_drug_has_elderly_and_hepatic_entries(void **state)
{
    (void)state;
    const char *path = getenv("CNSIM_REGISTRY");
    if (!path)
        skip();
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT d.name,"
        " (SELECT count(*) FROM patient_covariates c WHERE c.drug = d.name AND c.condition LIKE 'age>%'),"
        " (SELECT count(*) FROM patient_covariates c WHERE c.drug = d.name AND c.condition LIKE 'hepatic%')"
        " FROM drugs d WHERE d.kind = 'parent' ORDER BY d.name", -1, &st, NULL), SQLITE_OK);
    int n = 0, missing = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        if (sqlite3_column_int(st, 1) < 1 || sqlite3_column_int(st, 2) < 1) {
            print_error("%s: %d elderly, %d hepatic entries\n", (const char *)sqlite3_column_text(st, 0),
                        sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
            missing++;
        }
    }
    sqlite3_finalize(st);
    assert_true(n >= 16);
    assert_int_equal(missing, 0);
    /* every covariate and dose-limit row cites a source of the sources table */
    assert_int_equal(sqlite3_prepare_v2(db,
        "SELECT (SELECT count(*) FROM patient_covariates WHERE source NOT IN (SELECT id FROM sources))"
        " + (SELECT count(*) FROM patient_dose_limits WHERE source NOT IN (SELECT id FROM sources))"
        " + (SELECT count(*) FROM phenotype_frequencies WHERE source NOT IN (SELECT id FROM sources))",
        -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* crcl=N names its FDA renal class; Child-Pugh classes are hepatic
 * classes; a renal class contradicting crcl is refused. */
static void test_parse_crcl_and_child_pugh(void **state)
{
    (void)state;
    cnsim_patient p;
    assert_int_equal(cnsim_patient_parse("crcl=25", &p), CNSIM_OK);
    assert_int_equal(p.renal, CNSIM_ORGAN_SEVERE);
    assert_float_equal(p.crcl_mL_per_min, 25, 0);
    assert_int_equal(cnsim_patient_parse("crcl=45,renal=moderate", &p), CNSIM_OK);
    assert_int_equal(p.renal, CNSIM_ORGAN_MODERATE);
    assert_int_equal(cnsim_patient_parse("crcl=75", &p), CNSIM_OK);
    assert_int_equal(p.renal, CNSIM_ORGAN_MILD);
    assert_int_equal(cnsim_patient_parse("crcl=120", &p), CNSIM_OK);
    assert_int_equal(p.renal, CNSIM_ORGAN_NONE);
    assert_int_equal(cnsim_patient_parse("crcl=45,renal=severe", &p), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "fda-renal-2020"));
    assert_int_equal(cnsim_patient_parse("crcl=-1", &p), CNSIM_E_RANGE);
    assert_int_equal(cnsim_patient_parse("hepatic=child-pugh-b", &p), CNSIM_OK);
    assert_int_equal(p.hepatic, CNSIM_ORGAN_MODERATE);
    assert_int_equal(cnsim_patient_parse("renal=child-pugh-b", &p), CNSIM_E_PARSE);
    char buf[128];
    assert_int_equal(cnsim_patient_parse("crcl=25,sex=female", &p), CNSIM_OK);
    cnsim_patient_format(&p, buf, sizeof buf);
    assert_string_equal(buf, "sex=female,crcl=25");
}

/* The label's CrCl bands reach the drug through the class or the number:
 * paroxetine below 30 mL/min x 0.25, 30-60 x 0.5 (Paxil label). */
static void test_renal_bands_and_none_entries(void **state)
{
    cnsim_registry *reg = *state;
    cnsim_pk_params ref, adj;
    cnsim_patient p;
    cnsim_patient_finding f[16];
    size_t n;
    assert_int_equal(cnsim_registry_pk_params(reg, "paroxetine", NULL, &ref), CNSIM_OK);
    const char *prof[] = {"crcl=25", "renal=severe", "crcl=45", "crcl=75"};
    const double want[] = {0.25, 0.25, 0.5, 1};
    for (int i = 0; i < 4; i++) {
        adj = ref;
        assert_int_equal(cnsim_patient_parse(prof[i], &p), CNSIM_OK);
        assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 16, &n), CNSIM_OK);
        assert_float_equal(adj.cl_L_per_h, ref.cl_L_per_h * want[i], 1e-12);
        assert_float_equal(adj.vmax_mg_per_h, ref.vmax_mg_per_h * want[i], 1e-12);
    }
    /* a label that states no effect is said, not silently skipped */
    assert_int_equal(cnsim_registry_pk_params(reg, "sertraline", NULL, &ref), CNSIM_OK);
    adj = ref;
    assert_int_equal(cnsim_patient_parse("renal=severe", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 16, &n), CNSIM_OK);
    assert_int_equal(n, 1);
    assert_string_equal(f[0].code, "covariate_none");
    assert_string_equal(f[0].source, "zoloft-label");
    assert_memory_equal(&adj, &ref, sizeof ref);
    /* sex where labelled: oxycodone in women x 0.8 */
    assert_int_equal(cnsim_registry_pk_params(reg, "oxycodone", NULL, &ref), CNSIM_OK);
    adj = ref;
    assert_int_equal(cnsim_patient_parse("sex=female", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_apply(reg, &p, &adj, f, 16, &n), CNSIM_OK);
    assert_float_equal(adj.cl_L_per_h, ref.cl_L_per_h * 0.8, 1e-12);
    assert_string_equal(f[0].source, "roxicodone-label");
}

/* The strictest ceiling first: escitalopram in a CYP2C19 poor metaboliser
 * of 70 is capped at 5 mg/day (DPWG), below the 10 mg/day of the label
 * for the elderly and of DPWG for younger PMs. */
static void test_dose_limits_follow_the_profile(void **state)
{
    cnsim_registry *reg = *state;
    cnsim_patient p;
    cnsim_patient_dose_limit l[8];
    size_t n;
    assert_int_equal(cnsim_patient_parse("cyp2c19=pm,age=70", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_dose_limits(reg, &p, "escitalopram", l, 8, &n), CNSIM_OK);
    assert_int_equal(n, 3);
    assert_float_equal(l[0].max_mg_per_day, 5, 0);
    assert_string_equal(l[0].source, "dpwg-ssri-2022");
    assert_float_equal(l[1].max_mg_per_day, 10, 0);
    assert_int_equal(cnsim_patient_parse("cyp2c19=nm,age=40", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_dose_limits(reg, &p, "Lexapro", l, 8, &n), CNSIM_OK);
    assert_int_equal(n, 0);
    assert_int_equal(cnsim_patient_parse("cyp2c19=poor", &p), CNSIM_OK);
    assert_int_equal(cnsim_patient_dose_limits(reg, &p, "citalopram", l, 8, &n), CNSIM_OK);
    assert_int_equal(n, 2);
    assert_float_equal(l[0].max_mg_per_day, 20, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_full_profile),
        cmocka_unit_test(test_parse_phenotype_abbreviations),
        cmocka_unit_test(test_parse_rejects_bad_input),
        cmocka_unit_test(test_pregnant_clonazepam_is_flagged),
        cmocka_unit_test(test_profiles_trigger_label_rules),
        cmocka_unit_test(test_covariates_scale_parameters),
        cmocka_unit_test(test_plausible_profiles_are_accepted),
        cmocka_unit_test(test_children_get_a_reference_weight_and_the_paediatric_warning),
        cmocka_unit_test(test_every_parent_drug_has_elderly_and_hepatic_entries),
        cmocka_unit_test(test_parse_crcl_and_child_pugh),
        cmocka_unit_test(test_renal_bands_and_none_entries),
        cmocka_unit_test(test_dose_limits_follow_the_profile),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
