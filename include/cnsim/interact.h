/* Drug interactions: pharmacokinetic (a clearance multiplier on the victim,
 * simulated to steady state to give the AUC fold change), respiratory
 * depression (a Minto-style response surface over opioid, benzodiazepine
 * and ethanol effects, driven by simulated concentrations) and rule-based
 * findings (boxed warnings, CYP effects, serotonergic combinations), each
 * with its source. Model and parameters: docs/clinical.md, "Interactions";
 * data: data/70_interactions.sql. Research and teaching use only. */
#ifndef CNSIM_INTERACT_H
#define CNSIM_INTERACT_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/registry.h"

CNSIM_BEGIN_DECLS

#define CNSIM_INTERACT_MAX_DRUGS 8
/* The drive and ventilation curves: 24 h every 15 min. */
#define CNSIM_INTERACT_CURVE_STEP_H 0.25
#define CNSIM_INTERACT_CURVE_MAX 97
#define CNSIM_INTERACT_MAX_FINDINGS 48
#define CNSIM_INTERACT_TEXT 320

/* One drug of the combination. */
typedef struct cnsim_interact_drug {
    char name[CNSIM_NAME_MAX];  /* canonical */
    double dose_mg;             /* single oral dose; 0 with bac_g_L set */
    double bac_g_L;             /* ethanol held at this blood level, or 0 */
    int is_default_dose;        /* dose taken from the registry */
    char dose_note[CNSIM_INTERACT_TEXT]; /* where the dose came from */
} cnsim_interact_drug;

/* Parses "NAME[:AMOUNT]": AMOUNT is a decimal number (no hex, inf or nan)
 * with g, mg, ug, mcg or ng, for ethanol also g/L, mg/dL (blood) or drinks
 * (14 g each, NIAAA). No amount: the usual adult dose from dose_limits
 * (ethanol: 2 drinks), said in dose_note. Unknown drug: CNSIM_E_ARG with
 * suggestions; malformed amount: CNSIM_E_PARSE; an amount outside its
 * plausible range (1/100 of the smallest to 10 x the largest labelled
 * adult daily dose, at most 10 g; ethanol up to 560 g = 40 drinks, blood
 * ethanol up to 6 g/L; docs/clinical.md): CNSIM_E_RANGE with the range. */
cnsim_status cnsim_interact_parse(cnsim_registry *reg, const char *arg,
                                  cnsim_interact_drug *out);

typedef struct cnsim_interact_finding {
    char severity[24];          /* boxed-warning | major | moderate | minor */
    char drugs[2][CNSIM_NAME_MAX];
    char mechanism[CNSIM_INTERACT_TEXT];
    char advice[CNSIM_INTERACT_TEXT];
    char source[CNSIM_NAME_MAX]; /* sources.id */
} cnsim_interact_finding;

typedef struct cnsim_interact_pk {
    char perpetrator[CNSIM_NAME_MAX], victim[CNSIM_NAME_MAX];
    double cl_multiplier;       /* the clearance change the simulation gives: 1 / auc_fold_change */
    double published_cl_multiplier; /* the published one it is checked against, 0 if none */
    double auc_tau_without_ng_h_mL, auc_tau_with_ng_h_mL;
    double auc_fold_change;     /* simulated steady state, with / without (coupled enzyme kinetics) */
    char regimens[200];         /* the regimens simulated */
    int is_assumed;
    char basis[CNSIM_INTERACT_TEXT];
    char source[CNSIM_NAME_MAX];
} cnsim_interact_pk;

typedef struct cnsim_interact_result {
    size_t n_findings;
    cnsim_interact_finding findings[CNSIM_INTERACT_MAX_FINDINGS];
    size_t n_pk;
    cnsim_interact_pk pk[CNSIM_INTERACT_MAX_DRUGS * 2];
    int has_respiratory;        /* >= 2 respiratory depressants given */
    double resp_min_combined, resp_min_time_h;
    double resp_min_alone[CNSIM_INTERACT_MAX_DRUGS];   /* per input drug;
                                   1 for drugs without respiratory effect */
    double resp_min_alone_time_h[CNSIM_INTERACT_MAX_DRUGS];
    /* Resting minute ventilation (fraction of baseline, 1 = normal):
     * the minimum over the window, combined (and when) and per drug
     * alone; see cnsim_interact_ventilation. */
    double vent_min_combined, vent_min_time_h;
    double vent_min_alone[CNSIM_INTERACT_MAX_DRUGS];
    double sedation_max_combined; /* benzodiazepine sedation index, 0..1 */
    double horizon_h;           /* simulated window after the single doses */
    /* The curves behind the minima, every CNSIM_INTERACT_CURVE_STEP_H
     * over the window (n_curve points, 0 without has_respiratory): the
     * respiratory drive and the minute ventilation of the combination
     * and of each drug alone. */
    size_t n_curve;
    double curve_time_h[CNSIM_INTERACT_CURVE_MAX];
    double drive_combined[CNSIM_INTERACT_CURVE_MAX], vent_combined[CNSIM_INTERACT_CURVE_MAX];
    double drive_alone[CNSIM_INTERACT_MAX_DRUGS][CNSIM_INTERACT_CURVE_MAX];
    double vent_alone[CNSIM_INTERACT_MAX_DRUGS][CNSIM_INTERACT_CURVE_MAX];
} cnsim_interact_result;

/* Analyses n drugs (2..CNSIM_INTERACT_MAX_DRUGS) given together at t = 0;
 * the same drug twice is CNSIM_E_ARG naming it. */
cnsim_status cnsim_interact_analyze(cnsim_registry *reg,
                                    const cnsim_interact_drug *drugs, size_t n,
                                    cnsim_interact_result *out);

/* The respiratory-drive surface alone: drive (0..1, 1 = normal) for an
 * oxycodone concentration (ng/mL), an efficacy-weighted benzodiazepine
 * occupancy and a blood ethanol (g/L), with parameters from the registry. */
typedef struct cnsim_resp_params {
    double gamma, c50_opioid_ng_mL, d50_bzd, c50_ethanol_g_L;
    double beta_opioid_bzd, beta_opioid_ethanol, beta_bzd_ethanol;
} cnsim_resp_params;
cnsim_status cnsim_interact_resp_params(cnsim_registry *reg,
                                        cnsim_resp_params *p);
double cnsim_interact_resp_drive(const cnsim_resp_params *p, double c_opioid,
                                 double bzd_drive, double bac_g_L);

/* Resting minute ventilation as a fraction of baseline (1 = normal), the
 * measured quantity of ventilation studies (docs/clinical.md):
 *   VE/VE0 = (1 - Eo) (1 - Ee),
 *   Eo = U^G / (1 + U^G), U = (C_opioid / C50) (1 + BAC / K_eth) (1 + b D_bzd),
 *   Ee = (BAC / C50_eth)^g / (1 + (BAC / C50_eth)^g).
 * The opioid depresses ventilation; ethanol and benzodiazepines (D_bzd,
 * efficacy-weighted occupancy) alone leave resting ventilation nearly
 * unchanged (Forster 1983, Berggren 1987) but deepen the opioid's effect
 * (van der Schrier 2017; the alfentanil-midazolam study of 1996); ethanol
 * alone depresses it only near lethal levels. Parameters from the
 * registry (pd_interaction_params, keys vent_*), each with its source. */
typedef struct cnsim_vent_params {
    double c50_opioid_ng_mL;     /* oxycodone, plasma */
    double gamma_opioid;         /* Eo = U^gamma / (1 + U^gamma) */
    double k_ethanol_g_L;        /* ethanol's potentiation of the opioid */
    double b_bzd;                /* benzodiazepine potentiation per unit D */
    double c50_ethanol_g_L, gamma_ethanol;   /* ethanol alone */
} cnsim_vent_params;
cnsim_status cnsim_interact_vent_params(cnsim_registry *reg, cnsim_vent_params *p);
double cnsim_interact_ventilation(const cnsim_vent_params *p, double c_opioid, double bzd_drive, double bac_g_L);

CNSIM_END_DECLS
#endif
