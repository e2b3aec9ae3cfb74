/* No finding's text contradicts the numbers beside it (issue 13,
 * acceptance), over every pair of dosable registry drugs: a finding that
 * says there is no PK change stands beside no PK effect, and a clearance
 * change a finding quotes ("clearance x0.50") is the one the PK effect of
 * that pair applies. Before issue 13 the SSRI + benzodiazepine rule said
 * "no PK change is expected" next to fluvoxamine's x2.00 on alprazolam. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

static cnsim_registry *reg;

/* The clearance multiplier quoted in text after "clearance x", or 0. */
static double quoted_multiplier(const char *text)
{
    const char *p = strstr(text, "clearance x");
    return p ? strtod(p + strlen("clearance x"), NULL) : 0;
}

static void check_pair(const char *a, const char *b, int *n_pairs, int *n_pk)
{
    cnsim_interact_drug d[2];
    cnsim_interact_result r;
    assert_int_equal(cnsim_interact_parse(reg, a, &d[0]), CNSIM_OK);
    assert_int_equal(cnsim_interact_parse(reg, b, &d[1]), CNSIM_OK);
    if (cnsim_interact_analyze(reg, d, 2, &r) != CNSIM_OK)
        fail_msg("%s + %s: %s", a, b, cnsim_last_error());
    ++*n_pairs;
    int has_pk = 0;
    for (size_t k = 0; k < r.n_pk; k++)
        if (fabs(r.pk[k].auc_fold_change - 1) > 0.05)
            has_pk = 1;
    *n_pk += has_pk;
    for (size_t i = 0; i < r.n_findings; i++) {
        const cnsim_interact_finding *f = &r.findings[i];
        const char *texts[2] = {f->mechanism, f->advice};
        for (int t = 0; t < 2; t++) {
            if (has_pk && (strstr(texts[t], "no PK change") || strstr(texts[t], "no PK interaction")))
                fail_msg("%s + %s: the finding says \"%s\" beside a PK effect (AUC x%.2f)", a, b, texts[t],
                         r.pk[0].auc_fold_change);
            double q = quoted_multiplier(texts[t]);
            if (q > 0) {
                int match = 0;
                for (size_t k = 0; k < r.n_pk; k++)
                    match |= fabs(r.pk[k].cl_multiplier - q) < 0.006;
                if (!match)
                    fail_msg("%s + %s: the finding quotes clearance x%.2f, which no PK effect of the pair applies",
                             a, b, q);
            }
        }
    }
}

static void every_pair_is_consistent(void **st)
{
    (void)st;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(cnsim_registry_db(reg),
                                        "SELECT name FROM drugs WHERE kind = 'parent' ORDER BY name", -1, &s, NULL),
                     SQLITE_OK);
    char names[64][CNSIM_NAME_MAX];
    int n = 0;
    while (sqlite3_step(s) == SQLITE_ROW && n < 64)
        snprintf(names[n++], CNSIM_NAME_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    assert_true(n >= 16);
    int n_pairs = 0, n_pk = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            check_pair(names[i], names[j], &n_pairs, &n_pk);
    printf("finding consistency: %d pairs, %d with a PK effect\n", n_pairs, n_pk);
    assert_true(n_pk >= 10);
}

static int setup(void **st)
{
    (void)st;
    return cnsim_registry_open(NULL, &reg) != CNSIM_OK;
}

static int teardown(void **st)
{
    (void)st;
    cnsim_registry_free(reg);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_pair_is_consistent)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
