/* tests for src/registry/products.c: the dispensable products a taper is
 * filled with (table products, data/62_products.sql). Runs against
 * $CNSIM_REGISTRY (build/cnsim.db under ctest). SQLite's allocator is
 * wrapped before first use so that the Nth allocation can be made to fail. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cnsim/registry.h"

/* --- a failing allocator for SQLite: the fail_at-th call fails --- */
static sqlite3_mem_methods real_mem;
static long n_calls, fail_at; /* fail_at 0: never fail */

static int should_fail(void) { return fail_at > 0 && ++n_calls == fail_at; }
static void *f_malloc(int n) { return should_fail() ? NULL : real_mem.xMalloc(n); }
static void *f_realloc(void *p, int n) { return should_fail() ? NULL : real_mem.xRealloc(p, n); }
static void f_free(void *p) { real_mem.xFree(p); }
static int f_size(void *p) { return real_mem.xSize(p); }
static int f_roundup(int n) { return real_mem.xRoundup(n); }
static int f_init(void *a) { return real_mem.xInit(a); }
static void f_shutdown(void *a) { real_mem.xShutdown(a); }

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

static size_t products(cnsim_registry *reg, const char *drug, cnsim_product *out, size_t n_max)
{
    size_t n = 0;
    cnsim_status st = cnsim_registry_products(reg, drug, out, n_max, &n);
    if (st != CNSIM_OK)
        fprintf(stderr, "%s: %s\n", drug, cnsim_last_error());
    assert_int_equal(st, CNSIM_OK);
    return n;
}

static long count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_every_product_and_device_cites_a_known_source(void **state)
{
    sqlite3 *db = cnsim_registry_db(*state);
    assert_true(count(db, "SELECT count(*) FROM products") >= 39);
    assert_int_equal(count(db, "SELECT count(*) FROM products WHERE source IS NULL OR source = ''"
                               " OR source NOT IN (SELECT id FROM sources)"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM measuring_devices WHERE source IS NULL OR source = ''"
                               " OR source NOT IN (SELECT id FROM sources)"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM products WHERE drug NOT IN (SELECT name FROM drugs)"), 0);
    /* A liquid is measured with a known device. */
    assert_int_equal(count(db, "SELECT count(*) FROM products WHERE device IS NOT NULL"
                               " AND device NOT IN (SELECT device FROM measuring_devices)"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM products WHERE unit IN ('mL', 'drop')"
                               " AND (device IS NULL OR device = '')"), 0);
}

static void test_clonazepam_has_tablets_odt_drops_and_compounded(void **state)
{
    cnsim_product p[32];
    size_t n = products(*state, "Klonopin", p, 32);
    int n_tablet = 0, n_odt = 0, n_drops = 0, n_compounded = 0;
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(p[i].drug, "clonazepam");
        if (!strcmp(p[i].form, "tablet"))
            n_tablet++;
        if (!strcmp(p[i].form, "odt")) {
            n_odt++;
            assert_int_equal(p[i].is_scored, 0);
            assert_true(p[i].measure_step == 1);
        }
        if (!strcmp(p[i].form, "drops")) {
            n_drops++;
            /* Rivotril 2.5 mg/mL, 25 drops per mL: 0.1 mg a drop. */
            assert_string_equal(p[i].unit, "drop");
            assert_float_equal(p[i].strength_mg, 0.1, 1e-12);
            assert_true(p[i].measure_step == 1);
            assert_non_null(strstr(p[i].availability, "not US"));
        }
        if (!strcmp(p[i].form, "compounded")) {
            n_compounded++;
            assert_string_equal(p[i].unit, "mL");
            assert_float_equal(p[i].strength_mg, 0.1, 1e-12);
            assert_float_equal(p[i].beyond_use_days, 60, 0);
            assert_string_equal(p[i].device, "1 mL oral syringe");
        }
    }
    assert_int_equal(n_tablet, 3);
    assert_int_equal(n_odt, 5);
    assert_int_equal(n_drops, 1);
    assert_int_equal(n_compounded, 1);
    /* Tablets first, strongest first; only the Klonopin 0.5 mg is scored. */
    assert_string_equal(p[0].form, "tablet");
    assert_float_equal(p[0].strength_mg, 2, 0);
    assert_int_equal(p[0].is_scored, 0);
    assert_string_equal(p[2].product, "0.5 mg tablet");
    assert_int_equal(p[2].is_scored, 1);
    assert_float_equal(p[2].measure_step, 0.5, 0);
    assert_string_equal(p[n - 1].form, "compounded");
    assert_true(isnan(p[0].beyond_use_days));
}

static void test_each_ssri_named_in_the_issue_has_a_liquid(void **state)
{
    static const struct { const char *drug; double mg_per_mL; } want[] = {
        {"sertraline", 20}, {"escitalopram", 1}, {"citalopram", 2}, {"paroxetine", 2}, {"fluoxetine", 4},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        cnsim_product p[32];
        size_t n = products(*state, want[k].drug, p, 32);
        int n_liquid = 0, n_solid = 0;
        for (size_t i = 0; i < n; i++) {
            if (!strcmp(p[i].form, "liquid")) {
                n_liquid++;
                assert_string_equal(p[i].unit, "mL");
                assert_float_equal(p[i].strength_mg, want[k].mg_per_mL, 1e-12);
                assert_true(p[i].device[0] != '\0');
            }
            if (!strcmp(p[i].form, "tablet") || !strcmp(p[i].form, "capsule"))
                n_solid++;
        }
        assert_int_equal(n_liquid, 1);
        assert_true(n_solid >= 3);
    }
}

static void test_measure_steps_are_positive_and_halves_need_a_score(void **state)
{
    sqlite3 *db = cnsim_registry_db(*state);
    assert_int_equal(count(db, "SELECT count(*) FROM products WHERE NOT (strength_mg > 0)"
                               " OR NOT (measure_step > 0)"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM products WHERE unit = 'tablet'"
                               " AND measure_step <> CASE WHEN is_scored THEN 0.5 ELSE 1 END"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM products WHERE unit IN ('capsule', 'drop', 'strip')"
                               " AND (measure_step <> 1 OR is_scored)"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM products WHERE form IN ('odt', 'capsule') AND is_scored"), 0);
    /* Through the API as well, for every drug that has products. */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT DISTINCT drug FROM products", -1, &st, NULL), SQLITE_OK);
    int n_drugs = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char drug[CNSIM_NAME_MAX];
        snprintf(drug, sizeof drug, "%s", (const char *)sqlite3_column_text(st, 0));
        cnsim_product p[32];
        size_t n = products(*state, drug, p, 32);
        assert_true(n > 0 && n <= 32);
        for (size_t i = 0; i < n; i++) {
            assert_true(p[i].measure_step > 0 && isfinite(p[i].measure_step));
            assert_true(p[i].strength_mg > 0 && isfinite(p[i].strength_mg));
            assert_true(p[i].source[0] != '\0');
        }
        n_drugs++;
    }
    sqlite3_finalize(st);
    assert_int_equal(n_drugs, 12);   /* data/62_products.sql */
}

static void test_tapering_strips_are_a_product(void **state)
{
    cnsim_product p[32];
    size_t n = products(*state, "Paxil", p, 32);
    assert_string_equal(p[n - 1].form, "strips");
    assert_string_equal(p[n - 1].unit, "strip");
    assert_string_equal(p[n - 1].source, "cinderella2013");
    assert_true(p[n - 1].pouch_step_mg == 0.5);
    for (size_t i = 0; i + 1 < n; i++)
        assert_true(isnan(p[i].pouch_step_mg));
}

static cnsim_registry *damaged_copy(cnsim_registry *good, const char *sql, char *path, size_t n_path);

/* The devices: syringes by volume, each with its finest mark, then the
 * dropper (no volume, no graduation). A syringe without a graduation is a
 * registry error naming it. */
static void test_measuring_devices(void **state)
{
    cnsim_device d[8];
    size_t n = 0;
    assert_int_equal(cnsim_registry_devices(*state, d, 8, &n), CNSIM_OK);
    assert_true(n >= 3);
    assert_string_equal(d[0].device, "1 mL oral syringe");
    assert_true(d[0].volume_mL == 1 && d[0].graduation_mL == 0.01);
    assert_true(d[1].volume_mL == 3 && d[1].graduation_mL == 0.1);
    assert_true(isnan(d[n - 1].volume_mL) && isnan(d[n - 1].graduation_mL));
    size_t counted = 0;
    assert_int_equal(cnsim_registry_devices(*state, NULL, 0, &counted), CNSIM_OK);
    assert_int_equal(counted, n);
    char path[64];
    cnsim_registry *reg = damaged_copy(*state, "UPDATE measuring_devices SET graduation_mL = NULL WHERE device = '3 mL oral syringe'",
                                       path, sizeof path);
    assert_int_equal(cnsim_registry_devices(reg, d, 8, &n), CNSIM_E_DB);
    assert_non_null(strstr(cnsim_last_error(), "'3 mL oral syringe'"));
    cnsim_registry_free(reg);
    unlink(path);
}

static void test_unknown_drug_is_an_argument_error(void **state)
{
    cnsim_product p[4];
    size_t n = 99;
    assert_int_equal(cnsim_registry_products(*state, "clonazepan", p, 4, &n), CNSIM_E_ARG);
    assert_int_equal(n, 0);
    assert_non_null(strstr(cnsim_last_error(), "did you mean clonazepam"));
    assert_int_equal(cnsim_registry_products(*state, NULL, p, 4, &n), CNSIM_E_ARG);
    assert_int_equal(cnsim_registry_products(*state, "clonazepam", NULL, 4, &n), CNSIM_E_ARG);
    assert_int_equal(cnsim_registry_products(*state, "clonazepam", p, 4, NULL), CNSIM_E_ARG);
    /* A known drug without products is not an error. */
    assert_int_equal(cnsim_registry_products(*state, "ethanol", p, 4, &n), CNSIM_OK);
    assert_int_equal(n, 0);
}

static void test_n_max_zero_counts_and_a_short_buffer_gets_the_first_rows(void **state)
{
    size_t n_all = 0;
    assert_int_equal(cnsim_registry_products(*state, "clonazepam", NULL, 0, &n_all), CNSIM_OK);
    assert_int_equal(n_all, 10);
    cnsim_product all[16], two[2];
    assert_int_equal(products(*state, "clonazepam", all, 16), n_all);
    size_t n = 0;
    assert_int_equal(cnsim_registry_products(*state, "clonazepam", two, 2, &n), CNSIM_OK);
    assert_int_equal(n, n_all);
    assert_memory_equal(two, all, sizeof two);
}

/* A copy of the registry file with one products row damaged by sql. */
static cnsim_registry *damaged_copy(cnsim_registry *good, const char *sql, char *path, size_t n_path)
{
    snprintf(path, n_path, "/tmp/cnsim-products-%ld.db", (long)getpid());
    unlink(path);
    sqlite3 *dst;
    assert_int_equal(sqlite3_open(path, &dst), SQLITE_OK);
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", cnsim_registry_db(good), "main");
    assert_non_null(b);
    assert_int_equal(sqlite3_backup_step(b, -1), SQLITE_DONE);
    sqlite3_backup_finish(b);
    assert_int_equal(sqlite3_exec(dst, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(dst);
    cnsim_registry *reg = NULL;
    assert_int_equal(cnsim_registry_open(path, &reg), CNSIM_OK);
    return reg;
}

static void test_a_bad_row_is_a_registry_error_naming_it(void **state)
{
    static const struct { const char *sql, *want; } cases[] = {
        {"UPDATE products SET strength_mg = 0 WHERE product = '1 mg tablet' AND drug = 'clonazepam'",
         "products row '1 mg tablet' of clonazepam: strength_mg"},
        {"UPDATE products SET measure_step = -0.5 WHERE product = '2.5 mg/mL oral drops'",
         "products row '2.5 mg/mL oral drops' of clonazepam: measure_step '-0.5'"},
        {"UPDATE products SET strength_mg = 'half' WHERE product = '0.125 mg orally disintegrating tablet'",
         "strength_mg 'half' is not a positive number"},
        {"INSERT INTO products (drug, product, form, strength_mg, unit, measure_step, availability, source) "
         "VALUES ('clonazepam', 'a strip', 'strips', 1, 'strip', 1, 'NL', 'cinderella2013')",
         "a strip needs pouch_step_mg"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[64];
        cnsim_registry *reg = damaged_copy(*state, cases[k].sql, path, sizeof path);
        cnsim_product p[16];
        size_t n = 99;
        assert_int_equal(cnsim_registry_products(reg, "clonazepam", p, 16, &n), CNSIM_E_DB);
        assert_int_equal(n, 0);
        if (!strstr(cnsim_last_error(), cases[k].want))
            fprintf(stderr, "message: %s\n", cnsim_last_error());
        assert_non_null(strstr(cnsim_last_error(), cases[k].want));
        /* Counting meets the same row. */
        assert_int_equal(cnsim_registry_products(reg, "clonazepam", NULL, 0, &n), CNSIM_E_DB);
        /* Other drugs are unaffected. */
        assert_int_equal(cnsim_registry_products(reg, "diazepam", p, 16, &n), CNSIM_OK);
        cnsim_registry_free(reg);
        unlink(path);
    }
}

static void test_allocation_failures_are_out_of_memory(void **state)
{
    cnsim_product ref[16], got[16];
    size_t n_ref = products(*state, "Rivotril", ref, 16);
    int n_nomem = 0;
    for (long k = 1; k < 2000; k++) {
        size_t n = 0;
        memset(got, 0, sizeof got);
        n_calls = 0;
        fail_at = k;
        cnsim_status st = cnsim_registry_products(*state, "Rivotril", got, 16, &n);
        int reached = n_calls >= k;
        fail_at = 0;
        if (st == CNSIM_E_NOMEM) {
            assert_int_equal(n, 0);
            assert_non_null(strstr(cnsim_last_error(), "out of memory"));
            n_nomem++;
            continue;
        }
        if (st != CNSIM_OK)
            fprintf(stderr, "allocation %ld: status %d: %s\n", k, (int)st, cnsim_last_error());
        assert_int_equal(st, CNSIM_OK);
        /* SQLite recovered from the failure, or it never came: same rows. */
        assert_int_equal(n, n_ref);
        for (size_t i = 0; i < n; i++) {
            assert_string_equal(got[i].product, ref[i].product);
            assert_string_equal(got[i].note, ref[i].note);
            assert_true(got[i].strength_mg == ref[i].strength_mg);
        }
        if (!reached)
            break;
    }
    assert_true(n_nomem > 0);
}

int main(void)
{
    /* Must precede any other SQLite call: SQLite reads its allocator once. */
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
        return 1;
    static sqlite3_mem_methods failing;
    failing = (sqlite3_mem_methods){f_malloc, f_free, f_realloc, f_size, f_roundup, f_init, f_shutdown,
                                    real_mem.pAppData};
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &failing) != SQLITE_OK)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_product_and_device_cites_a_known_source),
        cmocka_unit_test(test_clonazepam_has_tablets_odt_drops_and_compounded),
        cmocka_unit_test(test_each_ssri_named_in_the_issue_has_a_liquid),
        cmocka_unit_test(test_measure_steps_are_positive_and_halves_need_a_score),
        cmocka_unit_test(test_tapering_strips_are_a_product),
        cmocka_unit_test(test_measuring_devices),
        cmocka_unit_test(test_unknown_drug_is_an_argument_error),
        cmocka_unit_test(test_n_max_zero_counts_and_a_short_buffer_gets_the_first_rows),
        cmocka_unit_test(test_a_bad_row_is_a_registry_error_naming_it),
        cmocka_unit_test(test_allocation_failures_are_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
