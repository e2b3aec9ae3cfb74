/* PK model files: one drug's pharmacokinetic model in a small JSON file
 * with NONMEM's parameter names and fixed units, so a model from a paper
 * or from another tool can be used without editing the registry, and a
 * registry drug can be written out, changed and read back.
 *
 *   { "name": "mydrug",                          letters, digits, - and _
 *     "compartments": 2,                         1, 2 or 3
 *     "parameters": {"CL": 4.2, "V": 98.6, "KA": 1.73,
 *                    "Q": 55.2, "V2": 117.5, "F1": 0.9},
 *     "mw_g_mol": 315.71,                        optional without a metabolite
 *     "fu": 0.15,                                optional
 *     "metabolites": [{"name": "mymet", "fm": 0.7, "CL": 3.9,
 *                      "V": 120, "mw_g_mol": 285.73}],     at most one
 *     "omega": {"CL": 0.083, "V": 0.072},        optional
 *     "sigma": {"prop": 0.01, "add": 0.1},       optional
 *     "sources": ["..."] }                       optional
 *
 * Parameters (file key -> cnsim_pk_params field, unit, default):
 *   CL    -> cl_L_per_h     L/h   required (>= 0; > 0 unless VMAX > 0)
 *   V     -> v1_L           L     required (> 0), the central volume
 *   KA    -> ka_per_h       1/h   required (> 0): every dose into the
 *                                 depot is absorbed at this rate
 *   Q     -> q2_L_per_h     L/h   required for 2 and 3 compartments
 *   V2    -> v2_L           L     required for 2 and 3 compartments
 *   Q3    -> q3_L_per_h     L/h   required for 3 compartments
 *   V3    -> v3_L           L     required for 3 compartments
 *   F1    -> f              -     1 (0 < F1 <= 100; above 1 relative)
 *   F2    -> f2             -     1 (0 < F2 <= 100)
 *   ALAG1 -> tlag_h         h     0
 *   ALAG2 -> tlag2_h        h     0
 *   VMAX  -> vmax_mg_per_h  mg/h  0 (no Michaelis-Menten elimination)
 *   KM    -> km_ng_mL       mg/L  required when VMAX > 0; km_ng_mL is
 *                                 1000 * KM (1 mg/L = 1000 ng/mL), done
 *                                 by moving KM's decimal point, so
 *                                 0.0265 gives 26.5 exactly
 *   R1, R2 -> r1_mg_per_h, r2_mg_per_h  mg/h  0 (not modelled)
 *   D1, D2 -> d1_h, d2_h                h     0 (not modelled)
 * A parameter the compartment count does not use (Q3 with 2 compartments)
 * is refused. mw_g_mol -> mw_g_per_mol (g/mol; 0 = not given, required
 * with a metabolite), fu -> fu (0..1; 0 = not given). A metabolite sets
 * has_metabolite, metabolite (its name), fm (fraction of the parent's
 * clearance that forms it, 0..1), met_cl_L_per_h (CL, L/h),
 * met_v_L (V, L) and met_mw_g_per_mol (mw_g_mol); every key is required.
 * metabolites[1] and [2] fill more[0] and more[1] (n_more_metabolites),
 * with "from" naming the precursor (the drug or an earlier metabolite).
 * docs/models.md, section 12, has the whole format with an example. */
#ifndef CNSIM_PKMODEL_H
#define CNSIM_PKMODEL_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/pk.h"
#include "cnsim/registry.h"

CNSIM_BEGIN_DECLS

/* The parameter names of the format (CL ... D2), so the most OMEGA
 * entries a model can have. */
#define CNSIM_PK_MODEL_N_PARAMS 17
/* Longest OMEGA or SIGMA name, with the NUL ("ALAG1"). */
#define CNSIM_PK_MODEL_KEY_MAX 8
/* Sources a model carries, and the longest one with the NUL. */
#define CNSIM_PK_MODEL_MAX_SOURCES 32
#define CNSIM_PK_MODEL_SOURCE_MAX 1024
/* The largest model file read (bytes). */
#define CNSIM_PK_MODEL_MAX_BYTES ((size_t)1024 * 1024)

/* One drug's model. A plain value: no pointers, nothing to free. */
typedef struct cnsim_pk_model {
    cnsim_pk_params pk;          /* pk.name is the model's "name" */
    /* Between-subject variability (NONMEM's OMEGA, diagonal): the
     * variance of ETA for each named parameter, in file order. The names
     * are parameter names ("CL", "V", "KA", "F1", ...); a parameter varies
     * log-normally, P_i = P * exp(ETA), except F1 and F2, whose ETA acts
     * on the logit (as in cnsim population). CV = sqrt(exp(omega) - 1).
     * 0 <= omega <= 100. */
    int n_omega;
    char omega_name[CNSIM_PK_MODEL_N_PARAMS][CNSIM_PK_MODEL_KEY_MAX];
    double omega[CNSIM_PK_MODEL_N_PARAMS];
    /* Residual error of the plasma concentration (NONMEM's SIGMA):
     * "prop", the variance of the proportional error (dimensionless,
     * 0..10; 0.01 = a CV of 10%), and "add", the variance of the additive
     * error in (ng/mL)^2 (0..1e6); in file order. */
    int n_sigma;
    char sigma_name[2][CNSIM_PK_MODEL_KEY_MAX];
    double sigma[2];
    /* Where the values come from: free text, one citation each. */
    int n_sources;
    char sources[CNSIM_PK_MODEL_MAX_SOURCES][CNSIM_PK_MODEL_SOURCE_MAX];
} cnsim_pk_model;

/* Reads a model file from text (n bytes, not necessarily NUL-terminated;
 * at most CNSIM_PK_MODEL_MAX_BYTES). `what` names the text in messages
 * (a path; NULL: "model"). Every key is checked: an unknown key is refused
 * with the nearest valid one ("did you mean 'ALAG1'?"), and every message
 * names the key, the value and what was expected. Statuses:
 * CNSIM_E_PARSE for malformed JSON (with jansson's line and column),
 * CNSIM_E_ARG for a wrong type, an unknown, missing or unused key, or a
 * fourth metabolite, CNSIM_E_RANGE for a value out of range (the
 * parameters are checked by cnsim_pk_params_check at the end too),
 * CNSIM_E_NOMEM. On failure *out is zeroed. */
cnsim_status cnsim_pk_model_parse(const char *text, size_t n, const char *what,
                                  cnsim_pk_model *out);

/* The same from the file at path: CNSIM_E_READ naming the path when it
 * cannot be read, CNSIM_E_RANGE when it is larger than
 * CNSIM_PK_MODEL_MAX_BYTES. */
cnsim_status cnsim_pk_model_read(const char *path, cnsim_pk_model *out);

/* Writes m in the same format as new NUL-terminated JSON text in
 * *text_out (release it with cnsim_free). Numbers are written with the
 * fewest digits that read back as the same double, so a model read back
 * from the text has bit-identical parameters; KM is written as the number
 * whose reading gives km_ng_mL back exactly: always for a km_ng_mL of
 * up to 15 significant digits; about 3% of arbitrary doubles have no
 * such KM and read back one unit in the last place away. F1 is always
 * written; other parameters at their default (F2 = 1, the rest 0) only
 * where the reader requires them. m is checked as the
 * reader checks a file: CNSIM_E_ARG or CNSIM_E_RANGE, naming the field,
 * for a model the format cannot hold (q3_L_per_h set with 2
 * compartments, metabolite fields set without has_metabolite, a name
 * with other characters). CNSIM_E_NOMEM; *text_out is NULL on failure. */
cnsim_status cnsim_pk_model_write_json(const cnsim_pk_model *m, char **text_out);

/* The model of registry drug `name` (any resolvable name) in the
 * formulation given (NULL or "": the default one), as
 * cnsim_registry_pk_params gives it; the sources are the citations of the
 * values used ("greenblatt2005 (KA, ALAG1, CL): Greenblatt DJ ..."), and
 * omega the registry's published between-subject variability
 * (data/95_population.sql: CL, V, KA and F1, for the drugs that have it;
 * no sigma: the registry has no residual error). CNSIM_E_ARG for an
 * unknown drug or formulation or a metabolite; CNSIM_E_DB, CNSIM_E_NOMEM.
 * On failure *out is zeroed. */
cnsim_status cnsim_pk_model_from_registry(cnsim_registry *reg, const char *name,
                                          const char *formulation, cnsim_pk_model *out);

CNSIM_END_DECLS
#endif
