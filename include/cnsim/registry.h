/* The drug registry: an SQLite database built from the cited plain-text
 * sources in data/. Every value in it carries a source id that resolves to a
 * full citation in the `sources` table.
 *
 * Life cycle: cnsim_registry_create() (or its older name
 * cnsim_registry_open()) -> queries -> cnsim_registry_free(). A handle is
 * one SQLite connection: use it from one thread at a time. Simulations
 * never query it: cnsim_model_create (cnsim/model.h) reads what a set of
 * drugs needs once, and the model is shared by threads.
 *
 * The parameter types belong to the layers that use them (cnsim_pk_params
 * in pk.h, cnsim_pd_drug_params and cnsim_pd_system_params in pd.h,
 * cnsim_excitability_point in excitability.h); the registry fills them. */
#ifndef CNSIM_REGISTRY_H
#define CNSIM_REGISTRY_H

#include <stddef.h>
#include "cnsim/status.h"
#include "cnsim/pk.h"
#include "cnsim/pd.h"
#include "cnsim/excitability.h"

CNSIM_BEGIN_DECLS

typedef struct cnsim_registry cnsim_registry;

/* Opens the registry. path NULL: $CNSIM_REGISTRY if set, else cnsim.db beside
 * the running executable, else ../share/cnsim/cnsim.db beside it, else an
 * in-memory database built from the SQL sources compiled into the library.
 * Returns CNSIM_E_DB (or CNSIM_E_READ for an unreadable explicit path). */
cnsim_status cnsim_registry_create(const char *path, cnsim_registry **out);
/* The same (the name of earlier versions). */
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
 * as JSON text in a new string *out (release it with cnsim_free): name,
 * display_name, kind, parent_drug, metabolites, brand_names, synonyms, atc,
 * classes (specific -> general), class_details, mechanism, mw_g_per_mol,
 * targets, indications ({name, status, population, note, source}),
 * formulations, dose_limits, pk (NULL for metabolites without a dosing
 * route), metabolite_pk, enzymes, onset, warnings and sources (every
 * source cited above, with its citation). Each fact carries its source id.
 * Unknown drug: CNSIM_E_ARG with suggestions. */
cnsim_status cnsim_registry_drug_json(cnsim_registry *reg, const char *name,
                                      char **out);

/* All drugs, as a new JSON array of {name, display_name, kind,
 * parent_drug, class (primary), classes, atc, onset ({effect, min_h,
 * max_h, scale, text, source} or null), brand_names}, sorted by kind then
 * name, as JSON text in a new string *out (release it with cnsim_free). */
cnsim_status cnsim_registry_list_json(cnsim_registry *reg, char **out);


/* Fills p for `name`; a substance without a pd_params row gets target
 * CNSIM_PD_TARGET_NONE and CNSIM_OK. */
cnsim_status cnsim_registry_pd_params(cnsim_registry *reg, const char *name,
                                      cnsim_pd_drug_params *p);

/* Fills every field of s from pd_system; CNSIM_E_DB naming a missing key. */
cnsim_status cnsim_registry_pd_system(cnsim_registry *reg,
                                      cnsim_pd_system_params *s);

/* The built-in excitability map (table excitability_map; COBAHH network),
 * sorted by modulation, in a new array *pts of *n points (release it with
 * cnsim_excitability_map_free); CNSIM_E_DB if the table is missing or
 * empty. */
cnsim_status cnsim_registry_excitability_map(cnsim_registry *reg,
                                             cnsim_excitability_point **pts,
                                             size_t *n);

/* --- dispensable products (table products, data/62_products.sql) --- */

/* One product a pharmacy can dispense: what a taper can be filled with. */
typedef struct cnsim_product {
    char drug[CNSIM_NAME_MAX];      /* canonical drug name */
    char product[96];               /* display name, e.g. "0.5 mg tablet" */
    char form[16];                  /* tablet | odt | capsule | liquid | drops | compounded | strips */
    double strength_mg;             /* mg of drug per unit (> 0) */
    char unit[12];                  /* tablet | capsule | mL | drop | strip (one daily pouch) */
    int is_scored;                  /* 1: the label says the tablet may be halved */
    char device[64];                /* measuring device, e.g. "1 mL oral syringe"; "" if none */
    double measure_step;            /* smallest measurable amount, in `unit` (> 0):
                                     * 0.5 tablet if scored else 1, 1 drop, 0.01 mL ... */
    double beyond_use_days;         /* compounded or after opening; NAN: label expiry applies */
    double pouch_step_mg;           /* strips: finest dose change between daily pouches; NAN otherwise */
    char availability[48];          /* e.g. "US", "compounded" */
    char source[CNSIM_NAME_MAX];    /* id in the sources table */
    char note[256];                 /* assumptions and handling; truncated to fit */
} cnsim_product;

/* The dispensable products of drug `name` (any resolvable name), ordered
 * by form (tablet, odt, capsule, liquid, drops, compounded, strips), then
 * strength descending, then product name. Up to n_max rows are written to
 * out (which may be NULL when n_max is 0, to count); *n_found is the number
 * the registry holds, which may exceed n_max. A drug without products gives
 * CNSIM_OK and 0. Unknown drug: CNSIM_E_ARG with suggestions. A row with a
 * strength or measure step that is not a positive number: CNSIM_E_DB naming
 * the row. Out of memory inside SQLite: CNSIM_E_NOMEM. On failure *n_found
 * is 0. */
cnsim_status cnsim_registry_products(cnsim_registry *reg, const char *name,
                                     cnsim_product *out, size_t n_max,
                                     size_t *n_found);

/* A device that measures a liquid (table measuring_devices). */
typedef struct cnsim_device {
    char device[64];                /* e.g. "1 mL oral syringe" */
    double volume_mL;               /* capacity; NAN: no fixed volume (a dropper bottle) */
    double graduation_mL;           /* finest mark; NAN: doses counted in drops */
    char source[CNSIM_NAME_MAX];
} cnsim_device;

/* The measuring devices, syringes by capacity ascending first, then those
 * without a volume; same conventions as cnsim_registry_products. A
 * syringe whose volume or graduation is not a positive number:
 * CNSIM_E_DB naming the row. */
cnsim_status cnsim_registry_devices(cnsim_registry *reg, cnsim_device *out, size_t n_max,
                                    size_t *n_found);

/* --- individualisation (data/96_tdm.sql) --- */

/* The residual error of a drug's population model (NONMEM's SIGMA as
 * SDs) for the parent (species "" or NULL) or a metabolite. */
typedef struct cnsim_residual_error {
    double sigma_prop;              /* proportional SD (0.076 = 7.6%) */
    double sigma_add_ng_mL;         /* additive SD, ng/mL */
    char source[64];                /* registry source id */
    char note[512];
} cnsim_residual_error;

/* CNSIM_E_ARG when the drug has none (the message says to give one). */
cnsim_status cnsim_registry_residual_error(cnsim_registry *reg, const char *name, const char *species,
                                           cnsim_residual_error *out);

/* A therapeutic reference range of a TDM guideline or label. */
typedef struct cnsim_therapeutic_range {
    char drug[CNSIM_NAME_MAX];
    char species[64];               /* "" the parent, or e.g. "fluoxetine+norfluoxetine" */
    char kind[16];                  /* "trough" */
    double low_ng_mL, high_ng_mL;
    double alert_ng_mL;             /* laboratory alert level, NAN if none */
    char source[64];
    char note[512];
} cnsim_therapeutic_range;

/* The drug's ranges, the AGNP consensus (Hiemke 2018) first; same
 * conventions as cnsim_registry_products. */
cnsim_status cnsim_registry_therapeutic_ranges(cnsim_registry *reg, const char *name, cnsim_therapeutic_range *out,
                                               size_t n_max, size_t *n_found);

/* A withdrawal symptom scale and the published figures of benzodiazepine
 * discontinuation its link to the model is calibrated on (NAN: not
 * published). */
typedef struct cnsim_symptom_scale {
    char scale[16];                 /* "ciwa_b" or "bwsq" */
    double min_score, max_score;
    double baseline_mean;           /* stable on a benzodiazepine */
    double withdrawal_peak_mean, withdrawal_peak_sd;   /* after an abrupt stop */
    double taper_peak_mean;         /* during a gradual taper */
    double mild_max, moderate_max;  /* upper ends of the severity bands */
    double residual_sd;             /* measurement SD of one rating */
    char source[64];
    char note[1024];
} cnsim_symptom_scale;

cnsim_status cnsim_registry_symptom_scale(cnsim_registry *reg, const char *scale, cnsim_symptom_scale *out);

/* A value of the withdrawal-index-to-score link (table withdrawal_link:
 * abrupt_anchor, tolerable, residual_sd, omega_sensitivity,
 * omega_adaptation) for a scale, or the one for 'any' scale; its source id
 * into source (may be NULL). CNSIM_E_DB when there is none. */
cnsim_status cnsim_registry_withdrawal_link(cnsim_registry *reg, const char *scale, const char *param, double *value,
                                            char *source, size_t n_source);

CNSIM_END_DECLS
#endif
