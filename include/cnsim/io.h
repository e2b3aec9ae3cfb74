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
 * DV, MDV, and optionally DRUG (drug name per record), FORM
 * (formulation), and BLQ (1: the observation is below the limit of
 * quantification) with LLOQ (that limit; without the column, DV's value). Required: ID, TIME; AMT for dose records. Missing
 * optional columns take NONMEM defaults (EVID 1 when AMT > 0, else 0).
 * Dose records take their drug from the DRUG column or, without it, from
 * default_drug (an error if neither). Drug names already in l->drugs
 * are taken as they are (any case: a model file's drug the registry does
 * not know, added by the caller with cnsim_event_list_drug); others are
 * resolved through reg (reg may be NULL: names are then taken as given,
 * lowercased). Fields are separated by commas, or by blanks (spaces,
 * tabs) when the first line that is not a comment has no comma. A new ID,
 * an ID that comes back and a reset that restarts the clock start a new
 * block (cnsim_event.block). Appends the records in file order to l.
 * Errors name the line, column, value and expectation: CNSIM_E_PARSE /
 * CNSIM_E_RANGE / CNSIM_E_IO. */
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

/* Output files, written so that nothing half-written is ever visible and
 * nothing that is not a file is ever replaced. cnsim_atomic_open looks at
 * what `path` is now:
 *
 *  - nothing, or a regular file: the output goes to a temporary file with
 *    an unpredictable name (mkstemp: O_EXCL, "<path>.tmp.XXXXXX") in the
 *    same directory, renamed over path by the commit. A reader sees the
 *    old file or the whole new one. The mode is the replaced file's, or
 *    0666 less the umask for a new file.
 *  - a symbolic link to a regular file (through any number of links), or
 *    a dangling one: the same for the file at the end of the links (the
 *    temporary file goes in that file's directory); the link stays a link.
 *  - anything else: a character or block device (/dev/null, /dev/full), a
 *    FIFO, and /dev/stdout, /dev/fd/N or /proc/PID/fd/N whatever they lead
 *    to: written in place, opened for writing without being created,
 *    truncated, replaced or removed (a regular file reached through /proc,
 *    such as standard output redirected to a file, is appended to).
 *    Opening a FIFO waits for its reader.
 *  - a directory, a socket: refused.
 *
 * fp is the stream to write. is_in_place tells which way was taken;
 * tmp_path is the temporary file (NULL in place), for a caller that must
 * remove it from a signal handler; target is the file the rename replaces.
 * open: CNSIM_E_ARG when path cannot be written (no such directory,
 * permission, a directory or a socket, too long, a loop of links), the
 * message naming path, the reason and what was expected; CNSIM_E_IO or
 * CNSIM_E_NOMEM otherwise. On failure nothing is left open or created.
 *
 * flush: writes the buffer and, for a regular file, fsyncs it, without
 * making anything visible: a caller with several outputs flushes them all
 * before committing any. CNSIM_E_IO on a write error (the file stays open:
 * abort it).
 * commit: flush, fsync (regular files), close and, for a temporary file,
 * rename, each step checked; CNSIM_E_IO "cannot write <path>: <reason>"
 * on failure, the temporary file removed. The struct is released either
 * way.
 * abort: discards the output: the temporary file is removed; in place,
 * the stream is closed without writing what is still buffered (a FIFO's
 * reader sees the end of the data). Harmless after a failed open, a
 * commit or another abort. */
typedef struct cnsim_atomic_file {
    FILE *fp;
    char *path;              /* as given, for messages */
    char *tmp_path;          /* the temporary file; NULL in place */
    char *target;            /* what the rename replaces; NULL in place */
    int is_in_place;
} cnsim_atomic_file;
cnsim_status cnsim_atomic_open(const char *path, cnsim_atomic_file *af);
cnsim_status cnsim_atomic_flush(cnsim_atomic_file *af);
cnsim_status cnsim_atomic_commit(cnsim_atomic_file *af);
void cnsim_atomic_abort(cnsim_atomic_file *af);

/* Writes v as printf's "%.10g" does (the same text for every finite v in
 * the default rounding mode, "-0" for -0.0) and "NA" for NaN and
 * infinities, as the CSV writers print them; NUL-terminated. Returns the
 * length. Several times faster than snprintf (bench/bench_numfmt.c). */
size_t cnsim_format_g10(double v, char buf[32]);

CNSIM_END_DECLS
#endif
