/* Input and output: NONMEM-style event data sets (CSV), JSON scenario
 * files, and atomic file writing. */
#ifndef CNSIM_IO_H
#define CNSIM_IO_H

#include <stddef.h>
#include <stdio.h>
#include "cnsim/status.h"
#include "cnsim/regimen.h"
#include "cnsim/registry.h"

CNSIM_BEGIN_DECLS

/* Reads a NONMEM-style event data set from a CSV file (path) or from a
 * memory buffer (data, n). Columns (either case, any order; extra columns
 * ignored): ID, TIME, AMT, EVID, CMT (number or name), RATE, II, ADDL, SS,
 * DV, MDV, and optionally DRUG (drug name per record) and FORM
 * (formulation). Required: ID, TIME; AMT for dose records. Missing
 * optional columns take NONMEM defaults (EVID 1 when AMT > 0, else 0).
 * Dose records take their drug from the DRUG column or, without it, from
 * default_drug (an error if neither). Drug names are resolved through reg
 * (reg may be NULL: names are then taken as given, lowercased).
 * Appends the records in file order to l. Errors name the line, column,
 * value and expectation: CNSIM_E_PARSE / CNSIM_E_RANGE / CNSIM_E_IO. */
cnsim_status cnsim_events_read_csv(const char *path, const char *default_drug,
                                   cnsim_registry *reg, cnsim_event_list *l);
cnsim_status cnsim_events_read_csv_mem(const char *data, size_t n,
                                       const char *default_drug,
                                       cnsim_registry *reg,
                                       cnsim_event_list *l);

/* One drug line of a scenario. */
typedef struct cnsim_scenario_drug {
    char name[CNSIM_NAME_MAX];
    char form[CNSIM_FORM_MAX];
    char *regimen;           /* owned; may be NULL when events are given */
} cnsim_scenario_drug;

/* A JSON scenario file:
 * { "name": "...", "drugs": [ {"drug": "clonazepam",
 *       "regimen": "0.5 mg bid for 28 d", "formulation": "tablet"} ],
 *   "events": "data.csv",            (optional; relative to the file)
 *   "until": "42d", "every": "1h",   (optional)
 *   "solver": "auto"|"cvode"|"closed", "rtol": 1e-8, "atol": 1e-12,
 *   "seed": 1 }                       (optional) */
typedef struct cnsim_scenario {
    char name[128];
    cnsim_scenario_drug *drugs;
    size_t n_drugs;
    char *events_path;       /* owned; NULL if none (resolved to a path) */
    double until_h;          /* NAN if not given */
    double every_h;          /* NAN if not given */
    char solver[16];         /* "" if not given */
    double rtol, atol;       /* NAN if not given */
    long seed;               /* -1 if not given */
} cnsim_scenario;

/* Parses a scenario; errors carry line and column from jansson, or the JSON
 * path of the bad field (e.g. "drugs[1].regimen"). */
cnsim_status cnsim_scenario_read(const char *path, cnsim_scenario *out);
cnsim_status cnsim_scenario_read_mem(const char *data, size_t n,
                                     const char *base_dir,
                                     cnsim_scenario *out);
void cnsim_scenario_free(cnsim_scenario *s); /* releases what the library allocated in s */

/* Atomic output: opens a temporary file next to `path`; commit renames it
 * over `path`, abort removes it. Nothing half-written is ever visible. */
typedef struct cnsim_atomic_file {
    FILE *fp;
    char *path, *tmp_path;
} cnsim_atomic_file;
cnsim_status cnsim_atomic_open(const char *path, cnsim_atomic_file *af);
cnsim_status cnsim_atomic_commit(cnsim_atomic_file *af);
void cnsim_atomic_abort(cnsim_atomic_file *af);

/* Writes v as printf's "%.10g" does (the same text for every finite v in
 * the default rounding mode, "-0" for -0.0) and "NA" for NaN and
 * infinities, as the CSV writers print them; NUL-terminated. Returns the
 * length. Several times faster than snprintf (bench/bench_numfmt.c). */
size_t cnsim_format_g10(double v, char buf[32]);

CNSIM_END_DECLS
#endif
