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
 * and returns CNSIM_E_DB. */
cnsim_status cnsim__reg_prepare(cnsim_registry *reg, const char *sql,
                                sqlite3_stmt **st);

/* Text of column i, or "" for NULL. */
const char *cnsim__reg_text(sqlite3_stmt *st, int i);

#endif
