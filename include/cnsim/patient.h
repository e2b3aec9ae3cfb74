/* Patient profiles: what is known about the person taking the drugs
 * (age, weight, pregnancy, conditions, organ function, genotype), the
 * label precautions and contraindications that profile triggers, and the
 * published covariate effects it has on the PK parameters. The rules and
 * effects live in the registry (data/80_patient.sql), each with a source. */
#ifndef CNSIM_PATIENT_H
#define CNSIM_PATIENT_H

#include <stddef.h>

#include "cnsim/status.h"
#include "cnsim/registry.h"

CNSIM_BEGIN_DECLS

typedef enum cnsim_organ_impairment {
    CNSIM_ORGAN_UNKNOWN = 0,   /* not given: no adjustment */
    CNSIM_ORGAN_NONE,
    CNSIM_ORGAN_MILD,
    CNSIM_ORGAN_MODERATE,
    CNSIM_ORGAN_SEVERE
} cnsim_organ_impairment;

typedef enum cnsim_metaboliser {
    CNSIM_MET_UNKNOWN = 0,     /* not given: treated as normal */
    CNSIM_MET_POOR,
    CNSIM_MET_INTERMEDIATE,
    CNSIM_MET_NORMAL,
    CNSIM_MET_RAPID,
    CNSIM_MET_ULTRARAPID
} cnsim_metaboliser;

typedef enum cnsim_sex {
    CNSIM_SEX_UNKNOWN = 0,
    CNSIM_SEX_FEMALE,
    CNSIM_SEX_MALE
} cnsim_sex;

typedef struct cnsim_patient {
    double age_y;                    /* NAN = not given */
    double weight_kg;                /* NAN = not given (70 kg reference) */
    cnsim_sex sex;
    int is_pregnant, is_breastfeeding;
    int has_copd, has_sleep_apnea, has_substance_use, has_depression;
    cnsim_organ_impairment hepatic, renal;
    cnsim_metaboliser cyp2c19, cyp2d6;
    double crcl_mL_per_min;          /* creatinine clearance; NAN = not given */
} cnsim_patient;

/* Limits of a profile. Ages and weights are those of the key ranges;
 * children are under CNSIM_PATIENT_CHILD_AGE_Y (the label's paediatric
 * limit); pregnancy and breastfeeding are plausible from 9 to 64 years
 * (the US birth statistics treat stated maternal ages of 8 and under or 65
 * and over as errors: NCHS, Health, United States, "Age"; source
 * nchs-maternal-age). */
#define CNSIM_PATIENT_AGE_MAX_Y 120.0
#define CNSIM_PATIENT_WEIGHT_MIN_KG 0.5
#define CNSIM_PATIENT_WEIGHT_MAX_KG 300.0
#define CNSIM_PATIENT_CHILD_AGE_Y 18.0
#define CNSIM_PATIENT_MATERNAL_AGE_MIN_Y 9.0
#define CNSIM_PATIENT_MATERNAL_AGE_MAX_Y 64.0
#define CNSIM_PATIENT_CRCL_MAX_ML_PER_MIN 250.0

/* The renal class of a creatinine clearance, by the FDA renal guidance's
 * bands (source fda-renal-2020): none >= 90, mild 60-89, moderate 30-59,
 * severe below 30 mL/min (kidney failure, below 15, counted as severe). */
cnsim_organ_impairment cnsim_patient_renal_class(double crcl_mL_per_min);

/* A profile with nothing given. */
void cnsim_patient_init(cnsim_patient *p);

/* Weight for age from the 2000 CDC growth charts (weight-for-age LMS by
 * sex, birth to 20 years; src/patient/growth.c): the median weight (NAN
 * from 20 years on: adults keep the 70 kg reference) and the plausible
 * range, a CDC modified z-score from -5 to +8 (the CDC's limits for
 * biologically implausible values), within 0.5-300 kg; from 20 years the
 * lower limit at 20 and 300 kg. CNSIM_SEX_UNKNOWN: the mean of the two
 * medians and the wider range. Any pointer may be NULL. CNSIM_E_RANGE for
 * an age outside 0-120 years. */
cnsim_status cnsim_patient_weight_for_age(double age_y, cnsim_sex sex, double *median_kg,
                                          double *lo_kg, double *hi_kg);

/* Parses "age=72,weight=60,pregnant,copd,hepatic=moderate,cyp2c19=poor".
 * Keys: age (0-120 y), weight (0.5-300 kg, and with age within the
 * plausible weight for that age and sex above), sex=female|male, pregnant,
 * breastfeeding, copd, sleep-apnea, substance-use, depression,
 * hepatic|renal=none|mild|moderate|severe (hepatic also child-pugh-a|b|c,
 * the same as mild|moderate|severe: FDA hepatic guidance, source
 * fda-hepatic-2003), crcl (creatinine clearance, 0-250 mL/min; sets renal
 * to its class, cnsim_patient_renal_class, and a renal class given with it
 * must agree), cyp2c19|cyp2d6=poor|intermediate|normal|rapid|ultrarapid
 * (or pm|im|nm|rm|um). Unknown keys
 * and malformed values: CNSIM_E_PARSE; values out of range and
 * contradictions (pregnant with sex=male, pregnant or breastfeeding outside
 * 9-64 years, a weight implausible for the age, a key given twice):
 * CNSIM_E_RANGE.
 * The message names the key, the value and what was expected. On failure
 * *out is left as after cnsim_patient_init. */
cnsim_status cnsim_patient_parse(const char *text, cnsim_patient *out);

/* Back to the canonical "key=value,..." text (for manifests and output). */
void cnsim_patient_format(const cnsim_patient *p, char *buf, size_t n);

/* One flag raised for a drug by a profile, or one applied covariate
 * ("covariate_applied"), or a condition for which the source states no
 * effect or gives no factor ("covariate_none"). */
typedef struct cnsim_patient_finding {
    char code[48];        /* e.g. "patient_pregnancy", "covariate_applied" */
    char severity[20];    /* contraindication, warning, precaution, info */
    char message[480];
    char source[64];      /* sources.id */
} cnsim_patient_finding;

/* The label precautions and contraindications the profile triggers for
 * drug `name` (rules given for the drug itself or any class above it).
 * Writes up to n_max findings and sets *n_found to how many there were
 * (which may be more than n_max). */
cnsim_status cnsim_patient_check(cnsim_registry *reg, const cnsim_patient *p,
                                 const char *name,
                                 cnsim_patient_finding *out, size_t n_max,
                                 size_t *n_found);

/* Multiplies the fields of *params (cl_L_per_h, v1_L, v2_L, v3_L,
 * q2/q3, vmax_mg_per_h, met_cl_L_per_h) by the profile's covariate
 * effects for params->name; each applied effect is written as an
 * "covariate_applied" finding (up to n_max, *n_applied counts all). The
 * weight effects use the weight given or, for a child (under 18) whose
 * weight is not given, the median weight for the age and sex
 * (cnsim_patient_weight_for_age), said in a "patient_reference_weight"
 * finding; an adult without a weight keeps the 70 kg reference. */
cnsim_status cnsim_patient_apply(cnsim_registry *reg, const cnsim_patient *p,
                                 cnsim_pk_params *params,
                                 cnsim_patient_finding *notes, size_t n_max,
                                 size_t *n_applied);

/* The daily-dose limits the profile sets for drug `name` (table
 * patient_dose_limits: label maxima for a condition and pharmacogenetic
 * guideline ceilings), the lowest first. Writes up to n_max limits and
 * sets *n_found to how many hold. */
typedef struct cnsim_patient_dose_limit {
    double max_mg_per_day;
    char condition[64];
    char source[64];      /* sources.id */
    char note[200];
} cnsim_patient_dose_limit;

cnsim_status cnsim_patient_dose_limits(cnsim_registry *reg, const cnsim_patient *p, const char *name,
                                       cnsim_patient_dose_limit *out, size_t n_max, size_t *n_found);

CNSIM_END_DECLS
#endif
