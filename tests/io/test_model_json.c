/* tests for src/io/model_json.c and src/io/model_registry.c: PK model
 * files (include/cnsim/pkmodel.h). Runs against $CNSIM_REGISTRY
 * (build/cnsim.db under ctest) for the registry round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnsim/pkmodel.h"

static cnsim_pk_model model; /* 33 KB: kept off the stack */

static cnsim_status parse(const char *json, cnsim_pk_model *m)
{
    return cnsim_pk_model_parse(json, strlen(json), "m.json", m);
}

/* Parses json, expects status `want` and a message containing every
 * string of the NULL-terminated list; a failed parse leaves *out zeroed. */
static void expect_fail(const char *json, cnsim_status want, ...)
{
    cnsim_status st = parse(json, &model);
    const char *msg = cnsim_last_error();
    if (st != want)
        print_error("status %d, expected %d; message: %s\ninput: %s\n", st, want, msg, json);
    assert_int_equal(st, want);
    va_list ap;
    va_start(ap, want);
    const char *part;
    while ((part = va_arg(ap, const char *)) != NULL) {
        if (!strstr(msg, part))
            print_error("message '%s' lacks '%s'\n", msg, part);
        assert_non_null(strstr(msg, part));
    }
    va_end(ap);
    static const cnsim_pk_model zero;
    assert_memory_equal(&model, &zero, sizeof zero);
}

#define TWO_CMT                                                                                      \
    "{\"name\": \"mydrug\", \"compartments\": 2,\n"                                                   \
    " \"parameters\": {\"CL\": 4.2, \"V\": 98.6, \"KA\": 1.73, \"Q\": 55.2, \"V2\": 117.5, \"F1\": 0.9,\n" \
    "                \"ALAG1\": 0.25},\n"                                                            \
    " \"mw_g_mol\": 315.7, \"fu\": 0.15,\n"                                                           \
    " \"metabolites\": [{\"name\": \"my-met_1\", \"fm\": 0.7, \"CL\": 2.66, \"V\": 134, \"mw_g_mol\": 285.7}],\n" \
    " \"omega\": {\"CL\": 0.09, \"V\": 0.04},\n"                                                     \
    " \"sigma\": {\"prop\": 0.01, \"add\": 0.1},\n"                                                  \
    " \"sources\": [\"Greenblatt DJ et al. (2005)\", \"label\"]}"

static void test_two_compartment_file_with_metabolite_reads_every_value(void **state)
{
    assert_int_equal(parse(TWO_CMT, &model), CNSIM_OK);
    const cnsim_pk_params *p = &model.pk;
    assert_string_equal(p->name, "mydrug");
    assert_int_equal(p->n_cmt, 2);
    assert_true(p->cl_L_per_h == 4.2 && p->v1_L == 98.6 && p->ka_per_h == 1.73);
    assert_true(p->q2_L_per_h == 55.2 && p->v2_L == 117.5);
    assert_true(p->q3_L_per_h == 0 && p->v3_L == 0);
    assert_true(p->f == 0.9 && p->tlag_h == 0.25);
    assert_true(p->f2 == 1 && p->tlag2_h == 0); /* defaults */
    assert_true(p->vmax_mg_per_h == 0 && p->km_ng_mL == 0);
    assert_true(p->r1_mg_per_h == 0 && p->d1_h == 0 && p->r2_mg_per_h == 0 && p->d2_h == 0);
    assert_true(p->mw_g_per_mol == 315.7 && p->fu == 0.15);
    assert_int_equal(p->has_metabolite, 1);
    assert_string_equal(p->metabolite, "my-met_1");
    assert_true(p->fm == 0.7 && p->met_cl_L_per_h == 2.66 && p->met_v_L == 134 && p->met_mw_g_per_mol == 285.7);
    assert_int_equal(model.n_omega, 2);
    assert_string_equal(model.omega_name[0], "CL");
    assert_true(model.omega[0] == 0.09);
    assert_string_equal(model.omega_name[1], "V");
    assert_true(model.omega[1] == 0.04);
    assert_int_equal(model.n_sigma, 2);
    assert_string_equal(model.sigma_name[0], "prop");
    assert_true(model.sigma[0] == 0.01);
    assert_string_equal(model.sigma_name[1], "add");
    assert_true(model.sigma[1] == 0.1);
    assert_int_equal(model.n_sources, 2);
    assert_string_equal(model.sources[0], "Greenblatt DJ et al. (2005)");
    assert_int_equal(cnsim_pk_params_check(p), CNSIM_OK);
    assert_string_equal(cnsim_last_error(), "");
}

static void test_one_and_three_compartment_files_with_metabolite_read(void **state)
{
    const char *one = "{\"name\": \"a\", \"compartments\": 1, \"parameters\": {\"CL\": 1.24, \"V\": 77, \"KA\": 4},"
                      " \"mw_g_mol\": 284.7, \"metabolites\": [{\"name\": \"b\", \"fm\": 0.7, \"CL\": 0.6,"
                      " \"V\": 80, \"mw_g_mol\": 270.7}]}";
    assert_int_equal(parse(one, &model), CNSIM_OK);
    assert_int_equal(model.pk.n_cmt, 1);
    assert_true(model.pk.q2_L_per_h == 0 && model.pk.v2_L == 0);
    assert_true(model.pk.f == 1); /* F1 defaults to 1 */
    assert_int_equal(model.pk.has_metabolite, 1);
    assert_true(model.pk.met_cl_L_per_h == 0.6);

    const char *three = "{\"name\": \"c\", \"compartments\": 3, \"parameters\": {\"CL\": 10, \"V\": 20, \"KA\": 1,"
                        " \"Q\": 5, \"V2\": 30, \"Q3\": 0.5, \"V3\": 200}, \"mw_g_mol\": 300,"
                        " \"metabolites\": [{\"name\": \"d\", \"fm\": 0.2, \"CL\": 3, \"V\": 40, \"mw_g_mol\": 286}]}";
    assert_int_equal(parse(three, &model), CNSIM_OK);
    assert_int_equal(model.pk.n_cmt, 3);
    assert_true(model.pk.q2_L_per_h == 5 && model.pk.v2_L == 30);
    assert_true(model.pk.q3_L_per_h == 0.5 && model.pk.v3_L == 200);
    assert_true(model.pk.fm == 0.2);
    assert_int_equal(model.n_omega, 0);
    assert_int_equal(model.n_sigma, 0);
    assert_int_equal(model.n_sources, 0);

    /* "compartments" may be written 2.0 */
    assert_int_equal(parse("{\"name\": \"e\", \"compartments\": 2.0, \"parameters\": {\"CL\": 1, \"V\": 2,"
                           " \"KA\": 1, \"Q\": 1, \"V2\": 3}}", &model), CNSIM_OK);
    assert_int_equal(model.pk.n_cmt, 2);
    /* no metabolite: mw_g_mol may be left out; an empty list is none */
    assert_int_equal(parse("{\"name\": \"f\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2,"
                           " \"KA\": 1}, \"metabolites\": []}", &model), CNSIM_OK);
    assert_int_equal(model.pk.has_metabolite, 0);
    assert_true(model.pk.mw_g_per_mol == 0);
}

static void test_every_key_maps_to_its_field_in_its_unit(void **state)
{
    /* Distinct values, so a key sent to the wrong field shows. KM is in
     * mg/L and lands in ng/mL (x 1000). */
    const char *json = "{\"name\": \"all\", \"compartments\": 3, \"parameters\": {"
                       "\"CL\": 1.5, \"V\": 2.5, \"KA\": 3.5, \"Q\": 4.5, \"V2\": 5.5, \"Q3\": 6.5, \"V3\": 7.5,"
                       " \"F1\": 0.85, \"F2\": 0.95, \"ALAG1\": 0.125, \"ALAG2\": 0.375, \"VMAX\": 8.5,"
                       " \"KM\": 0.0265, \"R1\": 9.5, \"D1\": 10.5, \"R2\": 11.5, \"D2\": 12.5},"
                       " \"mw_g_mol\": 300.25, \"fu\": 0.05}";
    assert_int_equal(parse(json, &model), CNSIM_OK);
    const cnsim_pk_params *p = &model.pk;
    assert_true(p->cl_L_per_h == 1.5);
    assert_true(p->v1_L == 2.5);
    assert_true(p->ka_per_h == 3.5);
    assert_true(p->q2_L_per_h == 4.5);
    assert_true(p->v2_L == 5.5);
    assert_true(p->q3_L_per_h == 6.5);
    assert_true(p->v3_L == 7.5);
    assert_true(p->f == 0.85);
    assert_true(p->f2 == 0.95);
    assert_true(p->tlag_h == 0.125);
    assert_true(p->tlag2_h == 0.375);
    assert_true(p->vmax_mg_per_h == 8.5);
    assert_true(p->km_ng_mL == 26.5); /* 0.0265 mg/L = 26.5 ng/mL, exactly */
    assert_true(p->r1_mg_per_h == 9.5);
    assert_true(p->d1_h == 10.5);
    assert_true(p->r2_mg_per_h == 11.5);
    assert_true(p->d2_h == 12.5);
    assert_true(p->mw_g_per_mol == 300.25);
    assert_true(p->fu == 0.05);
    assert_int_equal(p->has_metabolite, 0);

    /* KM: 1 mg/L is 1000 ng/mL; the conversion moves the decimal point, so
     * the ng/mL value is the one a person would have typed. */
    static const struct { const char *km_mg_L; double km_ng_mL; } km[] = {
        {"1", 1000}, {"0.001", 1}, {"82.1", 82100}, {"3e-8", 3e-5}, {"6e-8", 6e-5}, {"1.5E2", 150000},
        {"0.000123456789012345", 0.123456789012345},
    };
    for (size_t i = 0; i < sizeof km / sizeof km[0]; i++) {
        char buf[256];
        snprintf(buf, sizeof buf, "{\"name\": \"k\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2,"
                 " \"KA\": 1, \"VMAX\": 1, \"KM\": %s}}", km[i].km_mg_L);
        assert_int_equal(parse(buf, &model), CNSIM_OK);
        if (model.pk.km_ng_mL != km[i].km_ng_mL)
            print_error("KM %s mg/L gave %.17g ng/mL\n", km[i].km_mg_L, model.pk.km_ng_mL);
        assert_true(model.pk.km_ng_mL == km[i].km_ng_mL);
    }
}

static void test_unknown_keys_are_refused_with_the_nearest_key(void **state)
{
    expect_fail("{\"name\": \"x\", \"compartment\": 1, \"parameters\": {}}", CNSIM_E_ARG,
                "m.json: unknown key 'compartment' (did you mean 'compartments'?)", "expected name, compartments", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1,"
                " \"ALAG\": 0.5}}", CNSIM_E_ARG,
                "m.json: parameters: unknown key 'ALAG' (did you mean 'ALAG1'?)", "expected CL, V, KA", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"cl\": 1, \"V\": 2, \"KA\": 1}}",
                CNSIM_E_ARG, "unknown key 'cl' (did you mean 'CL'?)", NULL);
    /* cnsim's own field names point to the file's */
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"ka_per_h\": 1, \"V\": 2, \"CL\": 1}}",
                CNSIM_E_ARG, "unknown key 'ka_per_h' (did you mean 'KA'? model files use NONMEM's names)", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"mw_g_per_mol\": 300, \"parameters\": {}}", CNSIM_E_ARG,
                "unknown key 'mw_g_per_mol' (did you mean 'mw_g_mol'?", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"mw_g_mol\": 300, \"metabolites\": [{\"name\": \"m\", \"fm\": 0.5, \"CL\": 1, \"V\": 1,"
                " \"mw\": 290}]}", CNSIM_E_ARG,
                "metabolites[0]: unknown key 'mw'", "expected name, fm, CL, V, mw_g_mol", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"omega\": {\"CLL\": 0.1}}", CNSIM_E_ARG, "omega: unknown key 'CLL' (did you mean 'CL'?)", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"sigma\": {\"proportional\": 0.1}}", CNSIM_E_ARG,
                "sigma: unknown key 'proportional' (did you mean 'prop'?", "expected prop, add", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"zzzzzz\": 1}", CNSIM_E_ARG, "unknown key 'zzzzzz'; expected name", NULL);
}

static void test_wrong_types_name_the_key_and_the_value(void **state)
{
    expect_fail("[1, 2]", CNSIM_E_ARG, "m.json: expected a JSON object at the top level, got an array", NULL);
    expect_fail("{\"name\": 5, \"compartments\": 1, \"parameters\": {}}", CNSIM_E_ARG,
                "m.json: name: expected a name of letters, digits, '-' and '_', got the number 5", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": \"two\", \"parameters\": {}}", CNSIM_E_ARG,
                "compartments: expected 1, 2 or 3, got the string \"two\"", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": [1]}", CNSIM_E_ARG,
                "parameters: expected an object such as", "got an array", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": \"4.2\", \"V\": 2, \"KA\": 1}}",
                CNSIM_E_ARG, "parameters.CL: expected a number (L/h), got the string \"4.2\"", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": null, \"KA\": 1}}",
                CNSIM_E_ARG, "parameters.V: expected a number (L), got null", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"fu\": true}", CNSIM_E_ARG, "fu: expected a number (the unbound fraction, 0..1), got true", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"metabolites\": {\"name\": \"m\"}}", CNSIM_E_ARG,
                "metabolites: expected an array of at most 3 metabolite objects, got an object", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"metabolites\": [\"m\"]}", CNSIM_E_ARG, "metabolites[0]: expected an object", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"omega\": [0.1]}", CNSIM_E_ARG, "omega: expected an object of variances", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"omega\": {\"CL\": \"0.1\"}}", CNSIM_E_ARG, "omega.CL: expected a variance", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"sigma\": 0.1}", CNSIM_E_ARG, "sigma: expected an object", "got the number 0.1", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"sources\": \"a paper\"}", CNSIM_E_ARG, "sources: expected an array of citations", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"sources\": [\"ok\", 3]}", CNSIM_E_ARG, "sources[1]: expected a citation, got the number 3", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1},"
                " \"sources\": [\"\"]}", CNSIM_E_ARG, "sources[0]: \"\"; expected a citation", NULL);
}

static void test_out_of_range_values_name_the_key_value_and_expectation(void **state)
{
    static const struct { const char *params, *want; } bad[] = {
        {"\"CL\": -1, \"V\": 2, \"KA\": 1", "parameters.CL: -1 L/h; expected a number >= 0 (the clearance)"},
        {"\"CL\": 1, \"V\": 0, \"KA\": 1", "parameters.V: 0 L; expected a number > 0 (the central volume)"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 0", "parameters.KA: 0 1/h; expected a number > 0"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"F1\": 150", "parameters.F1: 150; expected 0 < F1 <= 100"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"F1\": 0", "parameters.F1: 0; expected 0 < F1 <= 100"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"F2\": 101", "parameters.F2: 101; expected 0 < F2 <= 100"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"ALAG1\": -0.5", "parameters.ALAG1: -0.5 h; expected a number >= 0"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"ALAG2\": -1e-9", "parameters.ALAG2: -1e-9 h"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"VMAX\": -2", "parameters.VMAX: -2 mg/h; expected a number >= 0"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"VMAX\": 2, \"KM\": 0", "parameters.KM: 0 mg/L; expected a number > 0"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"VMAX\": 2, \"KM\": 1e306",
         "parameters.KM: 1e+306 mg/L is inf ng/mL; expected a number the ng/mL of which is finite"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"VMAX\": 2", "parameters: VMAX = 2 mg/h without KM; expected KM"},
        {"\"CL\": 0, \"V\": 2, \"KA\": 1", "parameters.CL: 0 L/h; expected a number > 0 unless VMAX > 0"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"R1\": -3", "parameters.R1: -3 mg/h"},
        {"\"CL\": 1, \"V\": 2, \"KA\": 1, \"D2\": -3", "parameters.D2: -3 h"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char json[512];
        snprintf(json, sizeof json, "{\"name\": \"x\", \"compartments\": 1, \"parameters\": {%s}}", bad[i].params);
        cnsim_status want = strstr(bad[i].want, "without KM") ? CNSIM_E_ARG : CNSIM_E_RANGE;
        expect_fail(json, want, bad[i].want, NULL);
    }
    /* CL 0 is fine with Michaelis-Menten elimination */
    assert_int_equal(parse("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 0, \"V\": 42,"
                           " \"KA\": 3, \"VMAX\": 9744, \"KM\": 82.1}}", &model), CNSIM_OK);
    assert_true(model.pk.km_ng_mL == 82100);

#define BASE "{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1}, "
    expect_fail("{\"name\": \"x\", \"compartments\": 4, \"parameters\": {}}", CNSIM_E_RANGE,
                "compartments: 4; expected 1, 2 or 3", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1.5, \"parameters\": {}}", CNSIM_E_RANGE,
                "compartments: 1.5; expected 1, 2 or 3", NULL);
    expect_fail(BASE "\"mw_g_mol\": 0}", CNSIM_E_RANGE, "mw_g_mol: 0 g/mol; expected a number > 0", NULL);
    expect_fail(BASE "\"fu\": 1.2}", CNSIM_E_RANGE, "fu: 1.2; expected 0 <= x <= 1", NULL);
    expect_fail(BASE "\"omega\": {\"CL\": -0.1}}", CNSIM_E_RANGE, "omega.CL: -0.1; expected 0 <= x <= 100", NULL);
    expect_fail(BASE "\"omega\": {\"KA\": 101}}", CNSIM_E_RANGE, "omega.KA: 101; expected 0 <= x <= 100", NULL);
    expect_fail(BASE "\"sigma\": {\"prop\": 11}}", CNSIM_E_RANGE, "sigma.prop: 11; expected 0 <= x <= 10", NULL);
    expect_fail(BASE "\"sigma\": {\"add\": -1}}", CNSIM_E_RANGE, "sigma.add: -1 (ng/mL)^2; expected 0 <= x <= 1000000",
                NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": [{\"name\": \"m\", \"fm\": 1.5, \"CL\": 1, \"V\": 1,"
                " \"mw_g_mol\": 290}]}", CNSIM_E_RANGE, "metabolites[0].fm: 1.5; expected 0 <= x <= 1", NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": [{\"name\": \"m\", \"fm\": 0.5, \"CL\": 0, \"V\": 1,"
                " \"mw_g_mol\": 290}]}", CNSIM_E_RANGE, "metabolites[0].CL: 0 L/h; expected a number > 0", NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": [{\"name\": \"m\", \"fm\": 0.5, \"CL\": 1, \"V\": -1,"
                " \"mw_g_mol\": 290}]}", CNSIM_E_RANGE, "metabolites[0].V: -1 L; expected a number > 0", NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": [{\"name\": \"m\", \"fm\": 0.5, \"CL\": 1, \"V\": 1,"
                " \"mw_g_mol\": 0}]}", CNSIM_E_RANGE, "metabolites[0].mw_g_mol: 0 g/mol; expected a number > 0",
                NULL);
    /* numbers jansson cannot hold are malformed JSON */
    expect_fail(BASE "\"fu\": 1e999}", CNSIM_E_PARSE, "m.json line 1", "overflow", NULL);
}

static void test_parameters_the_compartment_count_does_not_use_are_refused(void **state)
{
    expect_fail("{\"name\": \"x\", \"compartments\": 2, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1, \"Q\": 1,"
                " \"V2\": 3, \"Q3\": 0.5}}", CNSIM_E_ARG,
                "parameters.Q3: Q3 = 0.5 L/h given for a 2-compartment model; expected no Q3 (it belongs to a model"
                " with 3 compartments", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1,"
                " \"V2\": 3}}", CNSIM_E_ARG, "parameters.V2: V2 = 3 L given for a 1-compartment model", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 2, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1, \"Q\": 1,"
                " \"V2\": 3}, \"omega\": {\"V3\": 0.1}}", CNSIM_E_ARG,
                "omega.V3: variability on V3 in a 2-compartment model; expected a parameter the model has", NULL);
}

static void test_missing_keys_say_what_is_required(void **state)
{
    expect_fail("{\"compartments\": 1, \"parameters\": {}}", CNSIM_E_ARG, "m.json: no 'name'", NULL);
    expect_fail("{\"name\": \"x\", \"parameters\": {}}", CNSIM_E_ARG, "no 'compartments'; expected", "1, 2 or 3", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1}", CNSIM_E_ARG, "no 'parameters'", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2}}", CNSIM_E_ARG,
                "parameters: no 'KA'; expected the first-order absorption rate constant, KA in 1/h (required even "
                "for a drug given only into the central compartment", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 1, \"parameters\": {\"V\": 2, \"KA\": 1}}", CNSIM_E_ARG,
                "parameters: no 'CL'", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 2, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1,"
                " \"Q\": 1}}", CNSIM_E_ARG, "parameters: no 'V2'", "required with 2 or 3 compartments", NULL);
    expect_fail("{\"name\": \"x\", \"compartments\": 3, \"parameters\": {\"CL\": 1, \"V\": 2, \"KA\": 1, \"Q\": 1,"
                " \"V2\": 2, \"V3\": 4}}", CNSIM_E_ARG, "parameters: no 'Q3'", "required with 3 compartments", NULL);
    expect_fail(BASE "\"metabolites\": [{\"name\": \"m\", \"fm\": 0.5, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 290}]}",
                CNSIM_E_ARG, "mw_g_mol: not given; expected the parent's molar mass", NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": [{\"name\": \"m\", \"CL\": 1, \"V\": 1,"
                " \"mw_g_mol\": 290}]}", CNSIM_E_ARG, "metabolites[0]: no 'fm'; expected the fraction", NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": [{\"fm\": 0.5, \"CL\": 1, \"V\": 1,"
                " \"mw_g_mol\": 290}]}", CNSIM_E_ARG, "metabolites[0]: no 'name'", NULL);
}

static void test_a_fourth_metabolite_is_refused(void **state)
{
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": ["
                "{\"name\": \"m1\", \"fm\": 0.5, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 290},"
                "{\"name\": \"m2\", \"from\": \"m1\", \"fm\": 0.2, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 280},"
                "{\"name\": \"m3\", \"from\": \"m2\", \"fm\": 0.2, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 280},"
                "{\"name\": \"m4\", \"from\": \"m1\", \"fm\": 0.2, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 280}]}",
                CNSIM_E_ARG, "metabolites: 4 metabolites; expected at most 3 (a chain or tree of active metabolites)",
                NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": ["
                "{\"name\": \"m1\", \"fm\": 0.5, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 290},"
                "{\"name\": \"m2\", \"fm\": 0.2, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 280}]}", CNSIM_E_ARG,
                "metabolites[1]: no 'from'", NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": ["
                "{\"name\": \"m1\", \"fm\": 0.5, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 290},"
                "{\"name\": \"m2\", \"from\": \"m3\", \"fm\": 0.2, \"CL\": 1, \"V\": 1, \"mw_g_mol\": 280}]}",
                CNSIM_E_ARG, "metabolites[1].from: \"m3\"; expected the drug", NULL);
}

static void test_names_are_letters_digits_dash_and_underscore(void **state)
{
    expect_fail("{\"name\": \"my drug\", \"compartments\": 1, \"parameters\": {}}", CNSIM_E_ARG,
                "name: \"my drug\" has the character ' '; expected letters, digits, '-' and '_' only", NULL);
    expect_fail("{\"name\": \"\", \"compartments\": 1, \"parameters\": {}}", CNSIM_E_ARG, "name: \"\"; expected", NULL);
    /* jansson refuses a NUL inside a string (JSON_ALLOW_NUL is not set) */
    expect_fail("{\"name\": \"a\\u0000b\", \"compartments\": 1, \"parameters\": {}}", CNSIM_E_PARSE,
                "m.json line 1 column", "is not allowed", NULL);
    expect_fail("{\"name\": \"caf\\u00e9\", \"compartments\": 1, \"parameters\": {}}", CNSIM_E_ARG,
                "has the character 0xc3", NULL);
    char json[256];
    snprintf(json, sizeof json, "{\"name\": \"%s\", \"compartments\": 1, \"parameters\": {}}",
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); /* 64 */
    expect_fail(json, CNSIM_E_RANGE, "name: \"aaaa", "is 64 characters long; expected at most 63", NULL);
    expect_fail(BASE "\"mw_g_mol\": 300, \"metabolites\": [{\"name\": \"x\", \"fm\": 0.5, \"CL\": 1, \"V\": 1,"
                " \"mw_g_mol\": 290}]}", CNSIM_E_ARG, "metabolites[0].name: \"x\" is the drug's own name", NULL);
    /* 63 characters are fine */
    snprintf(json, sizeof json, "{\"name\": \"%s\", \"compartments\": 1, \"parameters\": {\"CL\": 1, \"V\": 2, "
             "\"KA\": 1}}", "A-_9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_int_equal(parse(json, &model), CNSIM_OK);
    assert_int_equal(strlen(model.pk.name), 63);
}

static void test_malformed_json_gives_line_and_column(void **state)
{
    expect_fail("{\"name\": \"x\",\n \"compartments\": 1,\n \"parameters\": {\"CL\": 1,}}", CNSIM_E_PARSE,
                "m.json line 3 column", NULL);
    expect_fail("", CNSIM_E_PARSE, "m.json line", NULL);
    expect_fail("{\"name\": \"x\", \"name\": \"y\"}", CNSIM_E_PARSE, "duplicate object key", NULL);
    expect_fail("{\"name\": \"x\"} trailing", CNSIM_E_PARSE, "m.json line 1", NULL);
    expect_fail("{\"name\": \"\xff\"}", CNSIM_E_PARSE, "m.json", NULL);
    assert_int_equal(cnsim_pk_model_parse(NULL, 3, "m", &model), CNSIM_E_ARG);
    assert_int_equal(cnsim_pk_model_parse("{}", 2, "m", NULL), CNSIM_E_ARG);
    /* what NULL: the messages say "model" */
    assert_int_equal(cnsim_pk_model_parse("{", 1, NULL, &model), CNSIM_E_PARSE);
    assert_non_null(strstr(cnsim_last_error(), "model line 1"));
    /* a text of more than 1 MB is refused before parsing */
    assert_int_equal(cnsim_pk_model_parse("{}", CNSIM_PK_MODEL_MAX_BYTES + 1, "big.json", &model), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "big.json: 1048577 bytes; the limit for a model file is 1 MB"));
}

static void test_no_prefix_of_a_valid_file_crashes_or_leaves_state(void **state)
{
    size_t n = strlen(TWO_CMT);
    for (size_t k = 0; k < n; k++) {
        cnsim_status st = cnsim_pk_model_parse(TWO_CMT, k, "m.json", &model);
        assert_int_not_equal(st, CNSIM_OK);
        assert_true(cnsim_status_is_input_error(st));
        assert_true(model.pk.name[0] == '\0' && model.n_sources == 0);
    }
}

static void test_files_are_read_from_a_path(void **state)
{
    char path[] = "/tmp/cnsim_model_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(TWO_CMT, fp);
    fclose(fp);
    assert_int_equal(cnsim_pk_model_read(path, &model), CNSIM_OK);
    assert_string_equal(model.pk.name, "mydrug");
    unlink(path);
    assert_int_equal(cnsim_pk_model_read(path, &model), CNSIM_E_READ);
    assert_non_null(strstr(cnsim_last_error(), path));
    assert_non_null(strstr(cnsim_last_error(), "No such file"));
    /* errors in a file name the file */
    fp = fopen(path, "w");
    fputs("{\"name\": \"x\", \"compartments\": 7, \"parameters\": {}}", fp);
    fclose(fp);
    assert_int_equal(cnsim_pk_model_read(path, &model), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), path));
    assert_non_null(strstr(cnsim_last_error(), "compartments: 7"));
    /* larger than 1 MB */
    fp = fopen(path, "w");
    for (int i = 0; i < 1100; i++)
        fprintf(fp, "%1024s", " ");
    fclose(fp);
    assert_int_equal(cnsim_pk_model_read(path, &model), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "larger than the 1 MB limit for model files"));
    unlink(path);
    assert_int_equal(cnsim_pk_model_read(NULL, &model), CNSIM_E_ARG);
}

/* Writes m, reads it back and checks that every byte is the same. */
static void round_trip(const cnsim_pk_model *m, const char *label)
{
    static cnsim_pk_model back;
    char *text = NULL;
    cnsim_status st = cnsim_pk_model_write_json(m, &text);
    if (st != CNSIM_OK)
        print_error("%s: write: %s\n", label, cnsim_last_error());
    assert_int_equal(st, CNSIM_OK);
    st = cnsim_pk_model_parse(text, strlen(text), label, &back);
    if (st != CNSIM_OK)
        print_error("%s: read back: %s\n%s\n", label, cnsim_last_error(), text);
    assert_int_equal(st, CNSIM_OK);
    if (memcmp(&back.pk, &m->pk, sizeof m->pk))
        print_error("%s: the parameters differ after a round trip\n%s\n", label, text);
    assert_memory_equal(&back.pk, &m->pk, sizeof m->pk);
    assert_memory_equal(&back, m, sizeof *m);
    cnsim_free(text);
}

static void test_every_registry_drug_and_formulation_round_trips_bit_identically(void **state)
{
    cnsim_registry *reg = NULL;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    char *list_text = NULL;
    assert_int_equal(cnsim_registry_list_json(reg, &list_text), CNSIM_OK);
    json_t *list = json_loads(list_text, 0, NULL);
    cnsim_free(list_text);
    assert_non_null(list);
    size_t i, n_parents = 0, n_forms = 0;
    json_t *d;
    json_array_foreach(list, i, d) {
        const char *name = json_string_value(json_object_get(d, "name"));
        if (strcmp(json_string_value(json_object_get(d, "kind")), "parent"))
            continue;
        /* the registry's parameters, as a simulation would get them */
        cnsim_pk_params ref;
        memset(&ref, 0, sizeof ref);
        assert_int_equal(cnsim_registry_pk_params(reg, name, NULL, &ref), CNSIM_OK);
        assert_int_equal(cnsim_pk_model_from_registry(reg, name, NULL, &model), CNSIM_OK);
        assert_memory_equal(&model.pk, &ref, sizeof ref);
        assert_true(model.n_sources > 0);
        round_trip(&model, name);
        n_parents++;

        char *info_text = NULL;
        assert_int_equal(cnsim_registry_drug_json(reg, name, &info_text), CNSIM_OK);
        json_t *info = json_loads(info_text, 0, NULL);
        cnsim_free(info_text);
        size_t k;
        json_t *f;
        json_array_foreach(json_object_get(info, "formulations"), k, f) {
            const char *form = json_string_value(json_object_get(f, "form"));
            char label[128];
            snprintf(label, sizeof label, "%s (%s)", name, form);
            assert_int_equal(cnsim_registry_pk_params(reg, name, form, &ref), CNSIM_OK);
            assert_int_equal(cnsim_pk_model_from_registry(reg, name, form, &model), CNSIM_OK);
            assert_memory_equal(&model.pk, &ref, sizeof ref);
            round_trip(&model, label);
            n_forms++;
        }
        json_decref(info);
    }
    json_decref(list);
    assert_true(n_parents >= 16);
    assert_true(n_forms >= n_parents);
    cnsim_registry_free(reg);
}

static void test_registry_models_carry_citations_and_published_variability(void **state)
{
    cnsim_registry *reg = NULL;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    assert_int_equal(cnsim_pk_model_from_registry(reg, "Klonopin", NULL, &model), CNSIM_OK);
    assert_string_equal(model.pk.name, "clonazepam");
    /* data/95_population.sql: CL 0.083, V 0.072, KA 0.16, F 0.026 */
    assert_int_equal(model.n_omega, 4);
    const char *names[] = {"CL", "V", "KA", "F1"};
    const double w[] = {0.083, 0.072, 0.16, 0.026};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(model.omega_name[i], names[i]);
        assert_true(model.omega[i] == w[i]);
    }
    assert_int_equal(model.n_sigma, 0);
    int saw_ka = 0, saw_omega = 0, saw_met = 0;
    for (int i = 0; i < model.n_sources; i++) {
        const char *s = model.sources[i];
        if (!strncmp(s, "greenblatt2005 (", 16) && strstr(s, "KA") && strstr(s, "Clonazepam pharmacokinetics"))
            saw_ka = 1;
        if (!strncmp(s, "berlin1975 (omega.CL, omega.V): Berlin A", 40))
            saw_omega = 1;
        if (strstr(s, "(metabolites.CL, metabolites.V)"))
            saw_met = 1;
    }
    assert_true(saw_ka && saw_omega && saw_met);

    /* The solution's absorption values cite their own source. */
    assert_int_equal(cnsim_pk_model_from_registry(reg, "clonazepam", "solution", &model), CNSIM_OK);
    assert_true(model.pk.ka_per_h == 1.106);
    int saw_form = 0;
    for (int i = 0; i < model.n_sources; i++)
        if (!strncmp(model.sources[i], "kruizinga2022 (", 15) && strstr(model.sources[i], "KA") &&
            strstr(model.sources[i], "F1 (relative to the default form)"))
            saw_form = 1;
    assert_true(saw_form);

    /* diazepam's variability comes from data/96_tdm.sql (CL and V); a drug
     * without published variability has no omega */
    assert_int_equal(cnsim_pk_model_from_registry(reg, "diazepam", NULL, &model), CNSIM_OK);
    assert_int_equal(model.n_omega, 2);
    assert_int_equal(cnsim_pk_model_from_registry(reg, "oxycodone", NULL, &model), CNSIM_OK);
    assert_int_equal(model.n_omega, 0);
    /* Michaelis-Menten: KM comes out in mg/L */
    assert_int_equal(cnsim_pk_model_from_registry(reg, "paroxetine", NULL, &model), CNSIM_OK);
    char *text = NULL;
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_OK);
    assert_non_null(strstr(text, "\"KM\": 0.012"));   /* 12 ng/mL (data/20_ssris.sql) */
    assert_non_null(strstr(text, "\"VMAX\": 0.12"));
    cnsim_free(text);

    expect_fail("{", CNSIM_E_PARSE, NULL); /* (clears model for the checks below) */
    assert_int_equal(cnsim_pk_model_from_registry(reg, "clonazepan", NULL, &model), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "did you mean"));
    assert_int_equal(cnsim_pk_model_from_registry(reg, "7-aminoclonazepam", NULL, &model), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "metabolite of clonazepam"));
    assert_int_equal(cnsim_pk_model_from_registry(reg, "clonazepam", "gel", &model), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "unknown formulation 'gel'"));
    assert_true(model.pk.name[0] == '\0' && model.n_omega == 0);
    assert_int_equal(cnsim_pk_model_from_registry(NULL, "clonazepam", NULL, &model), CNSIM_E_ARG);
    cnsim_registry_free(reg);
}

static void test_written_numbers_are_short_and_files_read_back(void **state)
{
    assert_int_equal(parse(TWO_CMT, &model), CNSIM_OK);
    char *text = NULL;
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_OK);
    /* the fewest digits that read back: 0.9, not 0.90000000000000002 */
    assert_non_null(strstr(text, "\"F1\": 0.9,"));
    assert_non_null(strstr(text, "\"V\": 134,"));
    assert_non_null(strstr(text, "\"ALAG1\": 0.25"));
    assert_null(strstr(text, "F2")); /* defaults are left out */
    assert_null(strstr(text, "VMAX"));
    json_error_t err;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &err);
    assert_non_null(j);
    json_decref(j);
    cnsim_free(text);
    round_trip(&model, "TWO_CMT");

    /* Numbers of every size and awkward strings survive. */
    memset(&model, 0, sizeof model);
    model.pk = cnsim_pk_params_default();
    memset(model.pk.name, 0, sizeof model.pk.name);
    strcpy(model.pk.name, "odd");
    model.pk.n_cmt = 3;
    model.pk.cl_L_per_h = 0.1 + 0.2;          /* 0.30000000000000004 */
    model.pk.v1_L = 1e300;
    model.pk.ka_per_h = 5e-324;               /* the smallest double */
    model.pk.q2_L_per_h = 123456789012345678.0;
    model.pk.v2_L = 1e-7;
    model.pk.q3_L_per_h = 4503599627370497.0; /* 2^52 + 1 */
    model.pk.v3_L = 1.7976931348623157e308;
    model.pk.f = nextafter(1.0, 0);
    model.pk.tlag_h = -0.0;                   /* its sign is kept */
    model.pk.vmax_mg_per_h = 1;
    model.pk.km_ng_mL = 3e-5;                 /* no double x with x * 1000 == 3e-5 */
    model.pk.r2_mg_per_h = 1e22;
    model.n_sources = 1;
    strcpy(model.sources[0], "quote \" backslash \\ newline \n tab \t bell \a caf\xc3\xa9 \xe2\x82\xac");
    model.n_sigma = 1;
    strcpy(model.sigma_name[0], "add");
    model.sigma[0] = 0.25;
    round_trip(&model, "odd");
}

static void test_km_round_trips_for_every_short_decimal(void **state)
{
    /* Every KM of up to 15 significant digits, in ng/mL, reads back
     * exactly; of arbitrary doubles about 3% have no KM that reads back
     * as them and come back one unit in the last place away (37 of these
     * 1500 when this was written). */
    memset(&model, 0, sizeof model);
    model.pk = cnsim_pk_params_default();
    memset(model.pk.name, 0, sizeof model.pk.name);
    strcpy(model.pk.name, "km");
    model.pk.n_cmt = 1;
    model.pk.cl_L_per_h = 1;
    model.pk.v1_L = 1;
    model.pk.ka_per_h = 1;
    model.pk.vmax_mg_per_h = 1;
    static cnsim_pk_model back;
    uint64_t x = 88172645463325252ull;
    int n_miss_random = 0;
    for (int i = 0; i < 3000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        char dec[64];
        snprintf(dec, sizeof dec, "%llue%d", (unsigned long long)(x % 1000000000000000ull) + 1,
                 (int)(x >> 58) - 40);
        double km = strtod(dec, NULL);
        int is_random = i % 2;
        if (is_random) { /* an arbitrary double in 1e-3 .. 1e7 */
            km = pow(10, -3 + 10 * (double)(x >> 11) / 9007199254740992.0);
        }
        model.pk.km_ng_mL = km;
        char *text = NULL;
        assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_OK);
        assert_int_equal(cnsim_pk_model_parse(text, strlen(text), "km", &back), CNSIM_OK);
        cnsim_free(text);
        if (back.pk.km_ng_mL != km) {
            assert_true(is_random);
            if (!(back.pk.km_ng_mL == nextafter(km, INFINITY) || back.pk.km_ng_mL == nextafter(km, 0)))
                print_error("km %.17g back %.17g\n", km, back.pk.km_ng_mL);
            assert_true(back.pk.km_ng_mL == nextafter(km, INFINITY) || back.pk.km_ng_mL == nextafter(km, 0));
            n_miss_random++;
        }
    }
    assert_true(n_miss_random < 1500 / 20);
}

static void test_writer_refuses_what_the_format_cannot_hold(void **state)
{
    assert_int_equal(parse(TWO_CMT, &model), CNSIM_OK);
    char *text = (char *)"not touched";
    model.pk.q3_L_per_h = 5;
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_E_ARG);
    assert_null(text);
    assert_non_null(strstr(cnsim_last_error(), "model 'mydrug': parameters.Q3: Q3 = 5 L/h given for a "
                                                "2-compartment model"));
    model.pk.q3_L_per_h = 0;
    model.pk.has_metabolite = 0;
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "metabolite fields set"));
    model.pk.has_metabolite = 1;
    strcpy(model.pk.name, "my drug");
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "has the character ' '"));
    strcpy(model.pk.name, "mydrug");
    model.pk.f = NAN;
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_E_RANGE);
    assert_non_null(strstr(cnsim_last_error(), "parameters.F1: nan; expected 0 < F1 <= 100"));
    model.pk.f = 1;
    strcpy(model.omega_name[0], "Q9");
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "omega: unknown key 'Q9'"));
    strcpy(model.omega_name[0], "V");
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "omega.V: given twice"));
    strcpy(model.omega_name[0], "CL");
    strcpy(model.sources[1], "bad \xc3");
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "sources[1]"));
    assert_non_null(strstr(cnsim_last_error(), "is not valid UTF-8"));
    strcpy(model.sources[1], "fine");
    model.n_sigma = 3;
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_E_RANGE);
    model.n_sigma = 0;
    assert_int_equal(cnsim_pk_model_write_json(&model, &text), CNSIM_OK);
    cnsim_free(text);
    assert_int_equal(cnsim_pk_model_write_json(NULL, &text), CNSIM_E_ARG);
    assert_int_equal(cnsim_pk_model_write_json(&model, NULL), CNSIM_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_compartment_file_with_metabolite_reads_every_value),
        cmocka_unit_test(test_one_and_three_compartment_files_with_metabolite_read),
        cmocka_unit_test(test_every_key_maps_to_its_field_in_its_unit),
        cmocka_unit_test(test_unknown_keys_are_refused_with_the_nearest_key),
        cmocka_unit_test(test_wrong_types_name_the_key_and_the_value),
        cmocka_unit_test(test_out_of_range_values_name_the_key_value_and_expectation),
        cmocka_unit_test(test_parameters_the_compartment_count_does_not_use_are_refused),
        cmocka_unit_test(test_missing_keys_say_what_is_required),
        cmocka_unit_test(test_a_fourth_metabolite_is_refused),
        cmocka_unit_test(test_names_are_letters_digits_dash_and_underscore),
        cmocka_unit_test(test_malformed_json_gives_line_and_column),
        cmocka_unit_test(test_no_prefix_of_a_valid_file_crashes_or_leaves_state),
        cmocka_unit_test(test_files_are_read_from_a_path),
        cmocka_unit_test(test_every_registry_drug_and_formulation_round_trips_bit_identically),
        cmocka_unit_test(test_registry_models_carry_citations_and_published_variability),
        cmocka_unit_test(test_written_numbers_are_short_and_files_read_back),
        cmocka_unit_test(test_km_round_trips_for_every_short_decimal),
        cmocka_unit_test(test_writer_refuses_what_the_format_cannot_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
