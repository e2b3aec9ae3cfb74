/* libFuzzer target: the --patient profile text (cnsim_patient_parse), its
 * canonical text, and the covariate effects a profile has on clonazepam's
 * PK parameters (registry opened once). A profile that parses must format
 * to text that parses to the same profile, keep every value inside the
 * documented ranges, and give finite positive parameters; a refusal must
 * leave a one-line message. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/patient.h"
#include "cnsim/registry.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

static int same(const cnsim_patient *a, const cnsim_patient *b)
{
    return ((isnan(a->age_y) && isnan(b->age_y)) || a->age_y == b->age_y) &&
           ((isnan(a->weight_kg) && isnan(b->weight_kg)) || a->weight_kg == b->weight_kg) && a->sex == b->sex &&
           a->is_pregnant == b->is_pregnant && a->is_breastfeeding == b->is_breastfeeding &&
           a->has_copd == b->has_copd && a->has_sleep_apnea == b->has_sleep_apnea &&
           a->has_substance_use == b->has_substance_use && a->has_depression == b->has_depression &&
           a->hepatic == b->hepatic && a->renal == b->renal && a->cyp2c19 == b->cyp2c19 && a->cyp2d6 == b->cyp2d6;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cnsim_registry *reg;
    static cnsim_pk_params ref;
    static int tried, have_ref;
    if (!tried) {
        tried = 1;
        if (cnsim_registry_create(NULL, &reg) == CNSIM_OK)
            have_ref = cnsim_registry_pk_params(reg, "clonazepam", NULL, &ref) == CNSIM_OK;
    }
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    cnsim_patient p;
    cnsim_status st = cnsim_patient_parse(text, &p);
    if (st != CNSIM_OK) {
        check(st == CNSIM_E_PARSE || st == CNSIM_E_RANGE);
        check(cnsim_last_error()[0] && !strchr(cnsim_last_error(), '\n'));
        check(isnan(p.age_y) && isnan(p.weight_kg) && !p.is_pregnant);
        free(text);
        return 0;
    }
    check(isnan(p.age_y) || (p.age_y >= 0 && p.age_y <= CNSIM_PATIENT_AGE_MAX_Y));
    check(isnan(p.weight_kg) ||
          (p.weight_kg >= CNSIM_PATIENT_WEIGHT_MIN_KG && p.weight_kg <= CNSIM_PATIENT_WEIGHT_MAX_KG));
    if ((p.is_pregnant || p.is_breastfeeding) && !isnan(p.age_y))
        check(p.age_y >= CNSIM_PATIENT_MATERNAL_AGE_MIN_Y && p.age_y <= CNSIM_PATIENT_MATERNAL_AGE_MAX_Y);
    double med, lo, hi;
    if (!isnan(p.age_y)) {
        check(cnsim_patient_weight_for_age(p.age_y, p.sex, &med, &lo, &hi) == CNSIM_OK);
        check(lo > 0 && lo < hi && (isnan(med) || (med > lo && med < hi)));
        if (!isnan(p.weight_kg))
            check(p.weight_kg >= lo && p.weight_kg <= hi);
    }

    /* %g in the canonical text keeps 6 digits: compare after one round. */
    char canon[512], again[512];
    cnsim_patient_format(&p, canon, sizeof canon);
    cnsim_patient q, r;
    if (canon[0]) {
        check(cnsim_patient_parse(canon, &q) == CNSIM_OK);
        cnsim_patient_format(&q, again, sizeof again);
        check(!strcmp(canon, again));
        check(cnsim_patient_parse(again, &r) == CNSIM_OK && same(&q, &r));
    }

    if (have_ref) {
        cnsim_pk_params adj = ref;
        cnsim_patient_finding f[16];
        size_t n = 0;
        if (cnsim_patient_apply(reg, &p, &adj, f, 16, &n) == CNSIM_OK) {
            check(isfinite(adj.cl_L_per_h) && adj.cl_L_per_h > 0 && isfinite(adj.v1_L) && adj.v1_L > 0);
            check(isfinite(adj.v2_L) && adj.v2_L >= 0 && isfinite(adj.q2_L_per_h) && adj.q2_L_per_h >= 0);
        }
        if (cnsim_patient_check(reg, &p, "clonazepam", f, 16, &n) == CNSIM_OK && !isnan(p.age_y) &&
            p.age_y < CNSIM_PATIENT_CHILD_AGE_Y) {
            int warned = 0;
            for (size_t i = 0; i < n && i < 16; i++)
                warned |= !strcmp(f[i].code, "patient_pediatric");
            check(warned || n > 16);
        }
    }
    free(text);
    return 0;
}
