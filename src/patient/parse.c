/* The --patient profile text: "age=72,weight=60,pregnant,cyp2c19=poor". */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/patient.h"
#include "cnsim/units.h"
#include "core_impl.h"

#define ITEM_MAX 64

void cnsim_patient_init(cnsim_patient *p)
{
    memset(p, 0, sizeof *p);
    p->age_y = NAN;
    p->weight_kg = NAN;
    p->crcl_mL_per_min = NAN;
}

cnsim_organ_impairment cnsim_patient_renal_class(double crcl_mL_per_min)
{
    if (isnan(crcl_mL_per_min))
        return CNSIM_ORGAN_UNKNOWN;
    return crcl_mL_per_min >= 90 ? CNSIM_ORGAN_NONE
         : crcl_mL_per_min >= 60 ? CNSIM_ORGAN_MILD
         : crcl_mL_per_min >= 30 ? CNSIM_ORGAN_MODERATE : CNSIM_ORGAN_SEVERE;
}

static const char *const organ_names[] = {"", "none", "mild", "moderate", "severe"};
static const char *const met_names[] = {"", "poor", "intermediate", "normal", "rapid", "ultrarapid"};
/* CPIC's abbreviations of the same phenotypes (Caudle et al. 2017, Genet
 * Med 19:215, standardised terms): PM, IM, NM, RM, UM. */
static const char *const met_abbrev[] = {"", "pm", "im", "nm", "rm", "um"};
/* Child-Pugh classes as the FDA hepatic guidance grades them (source
 * fda-hepatic-2003): A mild, B moderate, C severe. */
static const char *const child_pugh[] = {"", "", "child-pugh-a", "child-pugh-b", "child-pugh-c"};

static int lookup(const char *const *names, int n, const char *v)
{
    for (int i = 1; i < n; i++)
        if (!strcmp(names[i], v))
            return i;
    return 0;
}

static cnsim_status number(const char *key, const char *v, double lo, double hi,
                           const char *unit, double *out)
{
    double x = NAN;
    const char *end = cnsim_scan_number(v, &x); /* decimal only: no hex, inf or nan */
    if (!end || *end || !isfinite(x))
        return cnsim__fail(CNSIM_E_PARSE, "%s='%s' is not a number; expected %s=<%g-%g %s>",
                           key, v, key, lo, hi, unit);
    if (x < lo || x > hi)
        return cnsim__fail(CNSIM_E_RANGE, "%s=%g %s is out of range; expected %g-%g %s",
                           key, x, unit, lo, hi, unit);
    *out = x;
    return CNSIM_OK;
}

static cnsim_status item(cnsim_patient *p, char *it, unsigned *seen)
{
    static const char *const flags[] = {"pregnant", "breastfeeding", "copd", "sleep-apnea",
                                        "substance-use", "depression"};
    static const char *const valued[] = {"age", "weight", "sex", "hepatic", "renal",
                                         "cyp2c19", "cyp2d6", "crcl"};
    char *eq = strchr(it, '=');
    const char *v = NULL;
    if (eq) {
        *eq = '\0';
        v = eq + 1;
    }
    int slot = -1;
    for (int i = 0; i < 6; i++)
        if (!strcmp(it, flags[i]))
            slot = i;
    for (int i = 0; i < 8; i++)
        if (!strcmp(it, valued[i]))
            slot = 6 + i;
    if (slot < 0)
        return cnsim__fail(CNSIM_E_PARSE,
                           "unknown key '%s'; expected age, weight, sex, pregnant, breastfeeding, copd, "
                           "sleep-apnea, substance-use, depression, hepatic, renal, crcl, cyp2c19 or cyp2d6", it);
    if (*seen & (1u << slot))
        return cnsim__fail(CNSIM_E_RANGE, "'%s' given twice; expected each key once", it);
    *seen |= 1u << slot;
    if (slot < 6) {
        if (v)
            return cnsim__fail(CNSIM_E_PARSE, "'%s' takes no value (got '%s'); expected a bare '%s'", it, v, it);
        int *f[] = {&p->is_pregnant, &p->is_breastfeeding, &p->has_copd, &p->has_sleep_apnea,
                    &p->has_substance_use, &p->has_depression};
        *f[slot] = 1;
        return CNSIM_OK;
    }
    if (!v)
        return cnsim__fail(CNSIM_E_PARSE, "'%s' needs a value; expected %s=VALUE", it, it);
    if (!strcmp(it, "age"))
        return number("age", v, 0, CNSIM_PATIENT_AGE_MAX_Y, "years", &p->age_y);
    if (!strcmp(it, "weight"))
        return number("weight", v, CNSIM_PATIENT_WEIGHT_MIN_KG, CNSIM_PATIENT_WEIGHT_MAX_KG, "kg", &p->weight_kg);
    if (!strcmp(it, "crcl"))
        return number("crcl", v, 0, CNSIM_PATIENT_CRCL_MAX_ML_PER_MIN, "mL/min", &p->crcl_mL_per_min);
    if (!strcmp(it, "sex")) {
        if (!strcmp(v, "female"))
            p->sex = CNSIM_SEX_FEMALE;
        else if (!strcmp(v, "male"))
            p->sex = CNSIM_SEX_MALE;
        else
            return cnsim__fail(CNSIM_E_PARSE, "sex='%s'; expected female or male", v);
        return CNSIM_OK;
    }
    if (!strcmp(it, "hepatic") || !strcmp(it, "renal")) {
        int k = lookup(organ_names, 5, v);
        if (!k && it[0] == 'h')
            k = lookup(child_pugh, 5, v);
        if (!k)
            return cnsim__fail(CNSIM_E_PARSE, "%s='%s'; expected none, mild, moderate or severe%s", it, v,
                               it[0] == 'h' ? " (or child-pugh-a, child-pugh-b, child-pugh-c)" : "");
        *(it[0] == 'h' ? &p->hepatic : &p->renal) = (cnsim_organ_impairment)k;
        return CNSIM_OK;
    }
    int k = lookup(met_names, 6, v);
    if (!k)
        k = lookup(met_abbrev, 6, v);
    if (!k)
        return cnsim__fail(CNSIM_E_PARSE, "%s='%s'; expected poor, intermediate, normal, rapid or ultrarapid (or pm, im, nm, rm, um)", it, v);
    *(!strcmp(it, "cyp2c19") ? &p->cyp2c19 : &p->cyp2d6) = (cnsim_metaboliser)k;
    return CNSIM_OK;
}

cnsim_status cnsim_patient_parse(const char *text, cnsim_patient *out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_patient_parse: NULL argument");
    cnsim_patient_init(out);
    if (!text)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_patient_parse: NULL argument");
    cnsim_patient p;
    cnsim_patient_init(&p);
    unsigned seen = 0;
    const char *s = text;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (len == 0)
            return cnsim__fail(CNSIM_E_PARSE, "empty item in '%.80s'; expected key or key=value items separated by commas", text);
        if (len >= ITEM_MAX)
            return cnsim__fail(CNSIM_E_PARSE, "item '%.20s...' is %zu characters; expected at most %d",
                               s, len, ITEM_MAX - 1);
        char it[ITEM_MAX];
        memcpy(it, s, len);
        it[len] = '\0';
        cnsim_status st = item(&p, it, &seen);
        if (st != CNSIM_OK)
            return st;
        if (!comma)
            break;
        s = comma + 1;
    }
    /* A creatinine clearance names its renal class; a class given beside
     * it must be the same one, or the profile contradicts itself. */
    if (!isnan(p.crcl_mL_per_min)) {
        cnsim_organ_impairment rc = cnsim_patient_renal_class(p.crcl_mL_per_min);
        if (p.renal != CNSIM_ORGAN_UNKNOWN && p.renal != rc)
            return cnsim__fail(CNSIM_E_RANGE,
                               "renal=%s with crcl=%g mL/min is contradictory; crcl=%g is renal=%s (FDA bands: none >= 90, "
                               "mild 60-89, moderate 30-59, severe < 30 mL/min, source fda-renal-2020)",
                               organ_names[p.renal], p.crcl_mL_per_min, p.crcl_mL_per_min, organ_names[rc]);
        p.renal = rc;
    }
    if (p.is_pregnant && p.sex == CNSIM_SEX_MALE)
        return cnsim__fail(CNSIM_E_RANGE, "pregnant with sex=male is contradictory; expected sex=female or no sex key");
    if (p.is_breastfeeding && p.sex == CNSIM_SEX_MALE)
        return cnsim__fail(CNSIM_E_RANGE, "breastfeeding with sex=male is contradictory; expected sex=female or no sex key");
    const char *mother = p.is_pregnant ? "pregnant" : p.is_breastfeeding ? "breastfeeding" : NULL;
    if (mother && !isnan(p.age_y) &&
        (p.age_y < CNSIM_PATIENT_MATERNAL_AGE_MIN_Y || p.age_y > CNSIM_PATIENT_MATERNAL_AGE_MAX_Y))
        return cnsim__fail(CNSIM_E_RANGE,
                           "%s with age=%g is implausible; expected age=%g-%g years (US birth statistics treat "
                           "other maternal ages as errors, source nchs-maternal-age)",
                           mother, p.age_y, CNSIM_PATIENT_MATERNAL_AGE_MIN_Y, CNSIM_PATIENT_MATERNAL_AGE_MAX_Y);
    if (!isnan(p.weight_kg) && !isnan(p.age_y)) {
        double lo, hi;
        cnsim_status st = cnsim_patient_weight_for_age(p.age_y, p.sex, NULL, &lo, &hi);
        if (st != CNSIM_OK)
            return st;
        if (p.weight_kg < lo || p.weight_kg > hi)
            return cnsim__fail(CNSIM_E_RANGE,
                               "weight=%g kg with age=%g%s is implausible; expected weight=%.3g-%.3g kg for that age "
                               "(CDC 2000 weight-for-age, modified z-score -5 to +8, source cdc-biv)",
                               p.weight_kg, p.age_y,
                               p.sex == CNSIM_SEX_MALE ? ",sex=male" : p.sex == CNSIM_SEX_FEMALE ? ",sex=female" : "",
                               lo, hi);
    }
    *out = p;
    return CNSIM_OK;
}

void cnsim_patient_format(const cnsim_patient *p, char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    buf[0] = '\0';
    size_t used = 0;
#define ADD(...)                                                             \
    do {                                                                     \
        if (used < n) {                                                      \
            int w_ = snprintf(buf + used, n - used, "%s", used ? "," : "");  \
            used += w_ > 0 ? (size_t)w_ : 0;                                 \
        }                                                                    \
        if (used < n) {                                                      \
            int w_ = snprintf(buf + used, n - used, __VA_ARGS__);            \
            used += w_ > 0 ? (size_t)w_ : 0;                                 \
        }                                                                    \
    } while (0)
    if (!isnan(p->age_y)) ADD("age=%g", p->age_y);
    if (!isnan(p->weight_kg)) ADD("weight=%g", p->weight_kg);
    if (p->sex) ADD("sex=%s", p->sex == CNSIM_SEX_FEMALE ? "female" : "male");
    if (p->is_pregnant) ADD("pregnant");
    if (p->is_breastfeeding) ADD("breastfeeding");
    if (p->has_copd) ADD("copd");
    if (p->has_sleep_apnea) ADD("sleep-apnea");
    if (p->has_substance_use) ADD("substance-use");
    if (p->has_depression) ADD("depression");
    if (p->hepatic) ADD("hepatic=%s", organ_names[p->hepatic]);
    if (!isnan(p->crcl_mL_per_min)) ADD("crcl=%g", p->crcl_mL_per_min);
    else if (p->renal) ADD("renal=%s", organ_names[p->renal]);
    if (p->cyp2c19) ADD("cyp2c19=%s", met_names[p->cyp2c19]);
    if (p->cyp2d6) ADD("cyp2d6=%s", met_names[p->cyp2d6]);
#undef ADD
}
