/* The drug registry: an SQLite database built from the cited plain-text
 * sources in data/. Every value in it carries a source id that resolves to a
 * full citation in the `sources` table.
 *
 * Life cycle: cnsim_registry_open() -> queries -> cnsim_registry_free().
 * A registry handle may be shared read-only by threads only if each thread
 * opens its own handle (SQLite connections are not shared here). */
#ifndef CNSIM_REGISTRY_H
#define CNSIM_REGISTRY_H

#include <stddef.h>
#include "cnsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cnsim_registry cnsim_registry;

#define CNSIM_NAME_MAX 64

/* Opens the registry. path NULL: $CNSIM_REGISTRY if set, else cnsim.db beside
 * the running executable, else ../share/cnsim/cnsim.db beside it, else an
 * in-memory database built from the SQL sources compiled into the library.
 * Returns CNSIM_E_DB (or CNSIM_E_IO for an unreadable explicit path). */
cnsim_status cnsim_registry_open(const char *path, cnsim_registry **out);
void cnsim_registry_free(cnsim_registry *reg); /* NULL is fine */

/* Where the data came from: a file path, or "(built-in)". Owned by reg. */
const char *cnsim_registry_location(const cnsim_registry *reg);

/* Raw SQLite handle (sqlite3 *) for advanced queries; owned by reg. */
void *cnsim_registry_db(cnsim_registry *reg);

/* Resolves a generic name, brand name or synonym (case-insensitive) to the
 * canonical lowercase drug name (e.g. "Klonopin" -> "clonazepam").
 * Unknown names: CNSIM_E_ARG with a message that suggests the nearest names. */
cnsim_status cnsim_registry_resolve(cnsim_registry *reg, const char *name,
                                    char canon[CNSIM_NAME_MAX]);

/* Pharmacokinetic parameters of one drug for a 70 kg adult. Amounts mg,
 * volumes L, clearances L/h, rates 1/h, times h, concentrations ng/mL. */
typedef struct cnsim_pk_params {
    char name[CNSIM_NAME_MAX];     /* canonical name */
    int n_cmt;                     /* 1, 2 or 3 disposition compartments */
    double f;                      /* oral bioavailability, 0..1 */
    double ka_per_h;               /* first-order absorption rate */
    double tlag_h;                 /* absorption lag time */
    double cl_L_per_h;             /* linear clearance from central */
    double v1_L;                   /* central volume */
    double q2_L_per_h, v2_L;       /* first peripheral (n_cmt >= 2) */
    double q3_L_per_h, v3_L;       /* second peripheral (n_cmt == 3) */
    double vmax_mg_per_h;          /* Michaelis-Menten elimination; 0 = none */
    double km_ng_mL;               /* Michaelis-Menten constant */
    double fu;                     /* unbound fraction in plasma (0 = unknown) */
    double mw_g_per_mol;           /* molar mass of the parent */
    int has_metabolite;            /* an active metabolite is modelled */
    char metabolite[CNSIM_NAME_MAX];
    double fm;                     /* fraction of parent clearance (linear
                                      and MM) that forms the metabolite */
    double met_mw_g_per_mol;       /* molar mass of the metabolite */
    double met_cl_L_per_h;         /* metabolite clearance (1 compartment) */
    double met_v_L;                /* metabolite volume */
} cnsim_pk_params;

/* Fills p for drug `name` (any resolvable name). `formulation` NULL or ""
 * means the drug's default oral form; otherwise e.g. "tablet", "odt",
 * "solution", whose absorption values (ka, lag, relative F) replace the
 * defaults where the registry has them. Unknown formulation: CNSIM_E_ARG. */
cnsim_status cnsim_registry_pk_params(cnsim_registry *reg, const char *name,
                                      const char *formulation,
                                      cnsim_pk_params *p);

/* Labelled maximum daily dose (adult, any indication: the largest labelled
 * maximum), with the indication it belongs to and its source citation.
 * Strings are written into caller buffers. Returns CNSIM_E_ARG if the drug
 * has no labelled maximum (then *max_mg_per_day is 0). */
cnsim_status cnsim_registry_max_daily_dose(cnsim_registry *reg,
                                           const char *name,
                                           double *max_mg_per_day,
                                           char *indication, size_t n_ind,
                                           char *source, size_t n_src);

/* 1 if drug `name` belongs to class `cls` anywhere up its class hierarchy
 * (e.g. sertraline is-a "antidepressant"), 0 if not; <0 on error. */
int cnsim_registry_is_a(cnsim_registry *reg, const char *name,
                        const char *cls);

/* --- additions: citations, per-indication limits, drug facts as JSON --- */

/* Formats the citation of source `id` ("Authors (year). Title. Journal.
 * PMID n. doi:x. url") into buf (size n, always NUL-terminated).
 * Unknown id: CNSIM_E_ARG. */
cnsim_status cnsim_registry_cite(cnsim_registry *reg, const char *id,
                                 char *buf, size_t n);

/* Labelled adult maximum daily dose for the first indication of drug
 * `name` whose text contains `indication` (case-insensitive, e.g. "panic"
 * or "seizure"). Writes the matched indication and the source citation
 * into the caller buffers (either may be NULL). CNSIM_E_ARG if no such
 * indication has a labelled maximum. */
cnsim_status cnsim_registry_indication_max_dose(cnsim_registry *reg,
                                                const char *name,
                                                const char *indication,
                                                double *max_mg_per_day,
                                                char *matched, size_t n_matched,
                                                char *source, size_t n_src);

/* Classes of drug `name`, specific -> general (its direct classes in rank
 * order, each followed by its ancestors, without repeats), written as
 * canonical class names into names[n_max][CNSIM_NAME_MAX]. Returns the
 * number written (<= n_max), or -1 on error (message set). */
int cnsim_registry_classes(cnsim_registry *reg, const char *name,
                           char names[][CNSIM_NAME_MAX], int n_max);

/* Time scale of an onset given its upper bound in hours: "hours" (< 24 h),
 * "days" (< 168 h) or "weeks". Static string. */
const char *cnsim_registry_onset_scale(double onset_max_h);

/* Everything the registry knows about one drug, as a new JSON object
 * (jansson json_t, caller releases it with json_decref): name,
 * display_name, kind, parent_drug, metabolites, brand_names, synonyms, atc,
 * classes (specific -> general), class_details, mechanism, mw_g_per_mol,
 * targets, indications ({name, status, population, note, source}),
 * formulations, dose_limits, pk (NULL for metabolites without a dosing
 * route), metabolite_pk, enzymes, onset, warnings and sources (every
 * source cited above, with its citation). Each fact carries its source id.
 * Unknown drug: CNSIM_E_ARG with suggestions. */
struct json_t;
cnsim_status cnsim_registry_drug_json(cnsim_registry *reg, const char *name,
                                      struct json_t **out);

/* All drugs, as a new JSON array of {name, display_name, kind,
 * parent_drug, class (primary), classes, atc, onset ({effect, min_h,
 * max_h, scale, text, source} or null), brand_names}, sorted by kind then
 * name. Caller releases it with json_decref. */
cnsim_status cnsim_registry_list_json(cnsim_registry *reg,
                                      struct json_t **out);


/* Pharmacodynamic parameters of one substance (drug or active metabolite),
 * from the registry table pd_params. */
typedef enum {
    CNSIM_PD_TARGET_NONE = 0,   /* no modelled CNS target */
    CNSIM_PD_TARGET_BZD = 1,    /* GABA-A receptor benzodiazepine site */
    CNSIM_PD_TARGET_SERT = 2    /* serotonin transporter */
} cnsim_pd_target;

typedef struct cnsim_pd_drug_params {
    char name[CNSIM_NAME_MAX];
    cnsim_pd_target target;
    double ke0_per_h;          /* effect-site equilibration rate */
    double ki_unbound_nM;      /* BZD: in vivo affinity, unbound conc. */
    double efficacy;           /* BZD: intrinsic efficacy, 0..1 */
    double fu;                 /* BZD: unbound fraction in plasma */
    double mw_g_per_mol;       /* to convert ng/mL to nM */
    double sert_ec50_ng_mL;    /* SERT: occupancy EC50, total plasma */
    double sert_emax_frac;     /* SERT: maximal occupancy, 0..1 */
} cnsim_pd_drug_params;

/* System-level pharmacodynamic parameters (table pd_system); times in h.
 * The meaning and source of each is in docs/models.md. */
typedef struct cnsim_pd_system_params {
    double gabaa_mmax;
    double anx_ec50_occ, anx_hill, sed_ec50_occ, sed_hill, conv_ec50_occ, conv_hill;
    double tol_drive_ec50_occ;
    double tol_sed_t_half_h, tol_sed_max, tol_anx_t_half_h, tol_anx_max;
    double tol_conv_t_half_h, tol_conv_max;
    double dep_t_half_on_h, dep_t_half_off_h, dep_max;
    double withdrawal_threshold;
    double sert_nonsert_clearance, auto_gain, auto_t_half_h, auto_min, auto_e50;
    double ad_ec50, ad_hill;
} cnsim_pd_system_params;

/* Fills p for `name`; a substance without a pd_params row gets target
 * CNSIM_PD_TARGET_NONE and CNSIM_OK. */
cnsim_status cnsim_registry_pd_params(cnsim_registry *reg, const char *name,
                                      cnsim_pd_drug_params *p);

/* Fills every field of s from pd_system; CNSIM_E_DB naming a missing key. */
cnsim_status cnsim_registry_pd_system(cnsim_registry *reg,
                                      cnsim_pd_system_params *s);


/* One point of an excitability map (see cnsim/excitability.h). */
typedef struct cnsim_excitability_point {
    double modulation;         /* effective GABA-A modulation (1 = baseline) */
    double rate_hz, rate_exc_hz, rate_inh_hz;
    double synchrony;          /* Golomb chi, 0..1 */
    double burst_fraction;     /* fraction of 10 ms bins with population bursts */
    int seizure_like;
} cnsim_excitability_point;

/* The built-in excitability map (table excitability_map; COBAHH network),
 * sorted by modulation. *pts is malloc'ed (caller frees); CNSIM_E_DB if
 * the table is missing or empty. */
cnsim_status cnsim_registry_excitability_map(cnsim_registry *reg,
                                             cnsim_excitability_point **pts,
                                             size_t *n);

#ifdef __cplusplus
}
#endif
#endif
