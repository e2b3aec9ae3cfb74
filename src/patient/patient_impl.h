/* Declarations shared inside the patient layer and with the model. */
#ifndef CNSIM_PATIENT_IMPL_H
#define CNSIM_PATIENT_IMPL_H

#include "cnsim/patient.h"

/* A drug's published covariate effects (table patient_covariates), read
 * once so that many profiles can be applied without the registry. */
#define CNSIM__MAX_COV_RULES 64
typedef struct cnsim__cov_rule {
    char cond[64], param[24], basis[16], source[64], note[208];
    double factor, exponent;
    int is_none;                /* effect 'none': said, not applied */
    int rank;                   /* 2 the drug, 1 a class above it, 0 '*' */
} cnsim__cov_rule;

typedef struct cnsim__cov_rules {
    char drug[CNSIM_NAME_MAX];
    size_t n;
    cnsim__cov_rule r[CNSIM__MAX_COV_RULES];
} cnsim__cov_rules;

/* Rows that concern `drug` (canonical), conditions checked. */
cnsim_status cnsim__cov_rules_load(cnsim_registry *reg, const char *drug, cnsim__cov_rules *out);
/* As cnsim_patient_apply, from loaded rules (no registry). */
cnsim_status cnsim__cov_rules_apply(const cnsim__cov_rules *rules, const cnsim_patient *p,
                                    cnsim_pk_params *params, cnsim_patient_finding *notes, size_t n_max,
                                    size_t *n_applied);

/* The weight that drives the weight covariates: the one given, else for a
 * child the median weight for the age (*is_reference = 1), else NAN. */
double cnsim__patient_pk_weight_kg(const cnsim_patient *p, int *is_reference);

#endif
