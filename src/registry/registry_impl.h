/* Declarations shared inside the registry layer (not public). */
#ifndef CNSIM_REGISTRY_IMPL_H
#define CNSIM_REGISTRY_IMPL_H

#include <sqlite3.h>
#include "cnsim/registry.h"

struct cnsim_registry {
    sqlite3 *db;
    char location[4096];   /* file path, or "(built-in)" */
};

/* Prepares sql on reg's connection; on failure records the SQLite message
 * and returns cnsim__reg_error's status. */
cnsim_status cnsim__reg_prepare(cnsim_registry *reg, const char *sql,
                                sqlite3_stmt **st);

/* The status of a failed SQLite call that returned rc on db, with its
 * message: CNSIM_E_NOMEM for SQLITE_NOMEM ("out of memory reading the
 * registry"), so that a failed allocation is never taken for a missing
 * row, an unknown name or a damaged registry; CNSIM_E_DB otherwise. */
cnsim_status cnsim__reg_error(sqlite3 *db, int rc);

/* Binds text to parameter i (NULL binds NULL). SQLITE_STATIC: the text
 * must stay put until the statement is reset or finalized. */
cnsim_status cnsim__reg_bind(sqlite3_stmt *st, int i, const char *text);

/* Finalizes st (NULL is fine) and returns the status of its use since it
 * was prepared or last reset: a step that failed, or a column value
 * SQLite could not allocate (such a value reads as NULL or 0, and only
 * this call reports it). Every query ends here before its result is
 * trusted, "no row" included. cnsim__reg_reset does the same and keeps
 * the statement for another round. */
cnsim_status cnsim__reg_finalize(sqlite3_stmt *st);
cnsim_status cnsim__reg_reset(sqlite3_stmt *st);

/* cnsim_registry_classes with its status (CNSIM_E_NOMEM, CNSIM_E_DB, an
 * unknown drug) for callers inside the library; *n_out classes. */
cnsim_status cnsim__registry_classes(cnsim_registry *reg, const char *name,
                                     char names[][CNSIM_NAME_MAX], int n_max, int *n_out);

/* Text of column i, or "" for NULL. */
const char *cnsim__reg_text(sqlite3_stmt *st, int i);

#endif
