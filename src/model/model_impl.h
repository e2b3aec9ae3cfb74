/* Declarations shared inside the model layer (model.c, run.c,
 * safety.c). */
#ifndef CNSIM_MODEL_IMPL_H
#define CNSIM_MODEL_IMPL_H

#include "cnsim/model.h"
#include "patient/patient_impl.h"

#define MODEL_MAX_DRUGS CNSIM_MODEL_MAX_DRUGS
#define MODEL_MAX_SPECIES ((1 + CNSIM_PK_MAX_METABOLITES) * CNSIM_MODEL_MAX_DRUGS)
#define MODEL_MAX_CLASSES 16
#define MODEL_DDI_MAX (MODEL_MAX_SPECIES * CNSIM_PK_MAX_ENZYMES)
#define MODEL_MAX_DOSE_LIMITS 8

/* How long a drug's effects take to settle (cnsim_run_set_grid's
 * automatic horizon): after the last dose, and towards steady state. */
typedef struct horizon_info {
    double off_h, on_h;             /* half-lives, h */
    char off_what[160], on_what[160];
} horizon_info;

struct cnsim_model {
    cnsim_model_opts opts;
    cnsim_patient patient;
    int has_patient;
    char registry[512];

    size_t n_drugs;
    char drug[MODEL_MAX_DRUGS][CNSIM_NAME_MAX];
    char form[MODEL_MAX_DRUGS][CNSIM_FORM_MAX];
    cnsim_pk_params pk_ref[MODEL_MAX_DRUGS];   /* registry or given */
    cnsim_pk_params pk[MODEL_MAX_DRUGS];       /* with the patient */
    cnsim__cov_rules *cov[MODEL_MAX_DRUGS];
    size_t n_classes[MODEL_MAX_DRUGS];
    char classes[MODEL_MAX_DRUGS][MODEL_MAX_CLASSES][CNSIM_NAME_MAX];
    double label_max[MODEL_MAX_DRUGS];
    /* The daily-dose limits the model's patient sets, lowest first
     * (cnsim_patient_dose_limits); checked per run in patient_limits.c. */
    cnsim_patient_dose_limit dose_lim[MODEL_MAX_DRUGS][MODEL_MAX_DOSE_LIMITS];
    size_t n_dose_lim[MODEL_MAX_DRUGS];
    char label_ind[MODEL_MAX_DRUGS][200], label_src[MODEL_MAX_DRUGS][300];
    horizon_info horizon[MODEL_MAX_DRUGS];

    size_t n_species;
    char species[MODEL_MAX_SPECIES][CNSIM_NAME_MAX];
    char species_label[MODEL_MAX_SPECIES][CNSIM_NAME_MAX];   /* in outputs (cnsim_model_species_label) */
    size_t species_drug[MODEL_MAX_SPECIES];
    int species_is_met[MODEL_MAX_SPECIES];
    cnsim_pd_drug_params pd[MODEL_MAX_SPECIES];
    int has_bzd, has_sert;
    cnsim_pd_system_params sys;

    cnsim_excitability_point *exmap;
    size_t n_exmap;

    size_t n_findings, cap_findings;
    cnsim_finding *findings;
    size_t n_interactions, cap_interactions;
    cnsim_interaction *interactions;

    /* Metabolic interactions among the species (ddi_load.c); ddi points
     * into the two arrays. */
    cnsim_pk_ddi ddi;
    cnsim_pk_pathway ddi_path[MODEL_DDI_MAX];
    cnsim_pk_modulator ddi_mod[MODEL_DDI_MAX];
    size_t n_ddi_path, n_ddi_mod;
    long ddi_enz_owner[CNSIM_PK_MAX_ENZYMES];   /* -1, or the drug owning its copy */
};

/* Appends a finding to a growing array; -1 when out of memory. */
int cnsim__finding_add(cnsim_finding **arr, size_t *n, size_t *cap, const char *code, const char *severity,
                       const char *source, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The interaction rules (safety.c): label-rule interactions between every
 * pair of the model's drugs and the registry's PK interactions among them,
 * appended to m->interactions. */
cnsim_status cnsim__model_interactions(cnsim_model *m, cnsim_registry *reg);

/* A dosing record (EVID 1 or 4). */
static inline int cnsim__is_dose(const cnsim_event *e)
{
    return e->evid == CNSIM_EVID_DOSE || e->evid == CNSIM_EVID_RESET_DOSE;
}

/* The largest amount of drug d given within any 24 h, mg (patient_limits.c;
 * the labelled-maximum and the patient's dose-limit checks). */
double cnsim__worst_24h_mg(const cnsim_event_list *ev, size_t d);

/* The metabolic interactions among the model's species (ddi_load.c),
 * into m->ddi. */
cnsim_status cnsim__model_ddi_load(cnsim_model *m, cnsim_registry *reg);

/* Findings of one subject's records (safety.c): any 24 h window above the
 * labelled maximum, and reductions faster than the taper-pace rule;
 * `until_h` is where the simulation ends (a stop after it is not seen);
 * `disc` the run's SSRI discontinuation index summary (NULL without PD),
 * quoted by the ssri_abrupt_stop finding. */
cnsim_status cnsim__dose_findings(const cnsim_model *m, const cnsim_event_list *ev, double until_h,
                                  const cnsim_pd_withdrawal_summary *disc, cnsim_finding **arr, size_t *n,
                                  size_t *cap);

/* Findings of one subject's records against the patient's dose limits
 * (patient_limits.c): the largest amount within any 24 h above the lowest
 * limit that holds, one patient_dose_above_limit warning per source of
 * that limit. */
cnsim_status cnsim__patient_dose_findings(const cnsim_model *m, const cnsim_event_list *ev, cnsim_finding **arr,
                                          size_t *n, size_t *cap);

#endif
