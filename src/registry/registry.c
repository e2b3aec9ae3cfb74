/* The drug registry: opening, name resolution, PK parameters, dose limits
 * and class membership. All state lives in the cnsim_registry object; the
 * SQL text compiled into the library is read-only. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core_impl.h"
#include "registry_impl.h"

extern const char cnsim__registry_sql[];
extern const size_t cnsim__registry_sql_len;

cnsim_status cnsim__reg_error(sqlite3 *db, int rc)
{
    if ((rc & 0xff) == SQLITE_NOMEM)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory reading the registry");
    return cnsim__fail(CNSIM_E_DB, "registry query failed: %s",
                       db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

cnsim_status cnsim__reg_prepare(cnsim_registry *reg, const char *sql,
                                sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v2(reg->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*st);
        *st = NULL;
        return cnsim__reg_error(reg->db, rc);
    }
    return CNSIM_OK;
}

cnsim_status cnsim__reg_bind(sqlite3_stmt *st, int i, const char *text)
{
    int rc = text ? sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
    return rc == SQLITE_OK ? CNSIM_OK : cnsim__reg_error(sqlite3_db_handle(st), rc);
}

cnsim_status cnsim__reg_finalize(sqlite3_stmt *st)
{
    if (!st)
        return CNSIM_OK;
    sqlite3 *db = sqlite3_db_handle(st);
    int rc = sqlite3_finalize(st);
    return rc == SQLITE_OK ? CNSIM_OK : cnsim__reg_error(db, rc);
}

cnsim_status cnsim__reg_reset(sqlite3_stmt *st)
{
    int rc = sqlite3_reset(st);
    return rc == SQLITE_OK ? CNSIM_OK : cnsim__reg_error(sqlite3_db_handle(st), rc);
}

const char *cnsim__reg_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

/* The tables the library reads (data/00_schema.sql and the files after
 * it). A database without them is another program's, or an older cnsim's. */
static const char *const required_tables[] = {
    "atc_codes", "class_aliases", "class_parents", "classes", "course_params", "dose_limits", "drug_classes",
    "drugs", "enzymes", "excitability_map", "formulations", "indications", "metabolite_chain", "metabolite_pk", "onsets",
    "patient_covariates", "patient_rules", "pd_interaction_params", "pd_params", "pd_system", "pk_interactions",
    "pk_params", "population_iiv", "products", "sources", "synonyms", "targets", "warnings"};

/* How long a reader waits for another program's write lock. */
#define BUSY_TIMEOUT_MS 5000

/* Why a file cannot serve as the registry, from an SQLite result code:
 * damaged, locked, or not a database. */
static cnsim_status db_failure(const char *path, sqlite3 *db, int rc, const char *doing)
{
    int base = rc & 0xff;
    if (base == SQLITE_NOMEM)
        return cnsim__fail(CNSIM_E_NOMEM, "registry '%s': out of memory %s", path, doing);
    if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
        return cnsim__fail(CNSIM_E_DB, "registry '%s' is locked by another program (waited %d s %s); try again when it is done",
                           path, BUSY_TIMEOUT_MS / 1000, doing);
    if (base == SQLITE_NOTADB)
        return cnsim__fail(CNSIM_E_DB, "registry '%s' is not an SQLite database (damaged, or another kind of file); "
                                       "rebuild it with make build or remove it", path);
    if (base == SQLITE_CORRUPT)
        return cnsim__fail(CNSIM_E_DB, "registry '%s' is damaged (%s %s); rebuild it with make build", path,
                           db ? sqlite3_errmsg(db) : "corrupt", doing);
    return cnsim__fail(CNSIM_E_DB, "registry '%s' cannot be read %s: %s", path, doing,
                       db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* A usable registry is an intact SQLite database with every table of the
 * schema and at least one drug; anything else (an empty or truncated file,
 * damaged pages, another program's database, a lock held too long) is
 * refused with the reason rather than half-used. */
static cnsim_status check_registry(const char *path, sqlite3 *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_failure(path, db, rc, "checking it");
    rc = sqlite3_step(st);
    char verdict[200] = "";
    if (rc == SQLITE_ROW) {
        cnsim__strlcpy(verdict, cnsim__reg_text(st, 0), sizeof verdict);
        for (char *c = verdict; *c; c++)   /* one line */
            if (*c == '\n')
                *c = ' ';
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_failure(path, db, rc, "checking it");
    /* quick_check reports a page it could not load as a row, "unable to
     * get the page. error code=N"; code 7 is SQLITE_NOMEM, a failure of
     * this process, not of the file. */
    for (const char *e = verdict; (e = strstr(e, "error code=")) != NULL; e++)
        if (e[11] == '7' && !isdigit((unsigned char)e[12]))
            return cnsim__fail(CNSIM_E_NOMEM, "registry '%s': out of memory checking it", path);
    if (strcmp(verdict, "ok") != 0)
        return cnsim__fail(CNSIM_E_DB, "registry '%s' is damaged (%s); rebuild it with make build", path, verdict);
    size_t n_req = sizeof required_tables / sizeof *required_tables, found = 0;
    unsigned char have[sizeof required_tables / sizeof *required_tables] = {0};
    rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_failure(path, db, rc, "listing its tables");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        for (size_t i = 0; i < n_req; i++)
            if (!have[i] && !strcmp(cnsim__reg_text(st, 0), required_tables[i]))
                have[i] = 1, found++;
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_failure(path, db, rc, "listing its tables");
    if (found == 0)
        return cnsim__fail(CNSIM_E_DB, "'%s' is not a cnsim drug registry (none of its tables, e.g. 'drugs')", path);
    for (size_t i = 0; i < n_req; i++)
        if (!have[i])
            return cnsim__fail(CNSIM_E_DB, "'%s' is not a complete cnsim drug registry: no table '%s' (from an older "
                                           "cnsim, or edited); rebuild it with make build", path, required_tables[i]);
    rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM drugs", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return db_failure(path, db, rc, "counting its drugs");
    rc = sqlite3_step(st);
    int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_failure(path, db, rc, "counting its drugs");
    if (n <= 0)
        return cnsim__fail(CNSIM_E_DB, "registry '%s' has no drugs; rebuild it with make build", path);
    return CNSIM_OK;
}

static cnsim_status open_file(const char *path, cnsim_registry *reg)
{
    if (access(path, R_OK) != 0)
        return cnsim__fail(CNSIM_E_READ, "registry file '%s' cannot be read: %s", path, strerror(errno));
    /* Read-only: the registry is data built from the data/ SQL files; a user who
     * wants to extend it edits the sources or a copy. */
    int rc = sqlite3_open_v2(path, &reg->db, SQLITE_OPEN_READONLY, NULL);
    cnsim_status st = CNSIM_OK;
    if (rc != SQLITE_OK)
        st = db_failure(path, reg->db, rc, "opening it");
    else {
        sqlite3_busy_timeout(reg->db, BUSY_TIMEOUT_MS);
        st = check_registry(path, reg->db);
    }
    if (st != CNSIM_OK) {
        sqlite3_close(reg->db);
        reg->db = NULL;
        return st;
    }
    cnsim__strlcpy(reg->location, path, sizeof reg->location);
    return CNSIM_OK;
}

static cnsim_status open_builtin(cnsim_registry *reg)
{
    if (sqlite3_open_v2(":memory:", &reg->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        sqlite3_close(reg->db);
        reg->db = NULL;
        return cnsim__fail(CNSIM_E_NOMEM, "cannot create the in-memory registry");
    }
    char *err = NULL;
    int rc = sqlite3_exec(reg->db, cnsim__registry_sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        cnsim_status st = (rc & 0xff) == SQLITE_NOMEM
            ? cnsim__fail(CNSIM_E_NOMEM, "out of memory building the built-in registry")
            : cnsim__fail(CNSIM_E_DB, "built-in registry SQL failed: %s",
                          err ? err : "unknown error");
        sqlite3_free(err);
        sqlite3_close(reg->db);
        reg->db = NULL;
        return st;
    }
    cnsim__strlcpy(reg->location, "(built-in)", sizeof reg->location);
    return CNSIM_OK;
}

/* Directory of the running executable, from /proc/self/exe (Linux). */
static int exe_dir(char *buf, size_t n)
{
    ssize_t len = readlink("/proc/self/exe", buf, n - 1);
    if (len <= 0)
        return -1;
    buf[len] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return 0;
}

cnsim_status cnsim_registry_create(const char *path, cnsim_registry **out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_create: out is NULL");
    *out = NULL;
    cnsim_registry *reg = calloc(1, sizeof *reg);
    if (!reg)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory opening the registry");

    cnsim_status st;
    const char *env = getenv("CNSIM_REGISTRY");
    if (path && *path) {
        st = open_file(path, reg);
    } else if (env && *env) {
        st = open_file(env, reg);
    } else {
        /* Beside the program (a build tree), then where make install puts
         * it. A file that is there must be usable: a damaged or foreign
         * one is reported, never silently replaced; only when there is
         * none does the built-in copy serve. */
        char dir[4096], cand[4200];
        int found = 0;
        st = CNSIM_E_DB;
        if (exe_dir(dir, sizeof dir) == 0) {
            static const char *const where[] = {"%s/cnsim.db", "%s/../share/cnsim/cnsim.db"};
            for (size_t i = 0; i < 2 && !found; i++) {
                snprintf(cand, sizeof cand, where[i], dir);
                if (access(cand, F_OK) == 0)
                    found = 1, st = open_file(cand, reg);
            }
        }
        if (!found)
            st = open_builtin(reg);
    }
    if (st != CNSIM_OK) {
        free(reg);
        return st;
    }
    *out = reg;
    return CNSIM_OK;
}

void cnsim_registry_free(cnsim_registry *reg)
{
    if (!reg)
        return;
    sqlite3_close(reg->db);
    free(reg);
}

const char *cnsim_registry_location(const cnsim_registry *reg)
{
    return reg ? reg->location : "";
}

void *cnsim_registry_db(cnsim_registry *reg) { return reg ? reg->db : NULL; }

/* ---- names ---- */

typedef struct {
    char name[CNSIM_NAME_MAX];
    size_t dist;
} candidate;

/* Builds "unknown drug 'x'; did you mean a, b or c? (see cnsim drug list)".
 * Candidates are every drug name and synonym within an edit distance that
 * grows with the length of the input (a third of it, at least 2), plus any
 * name the input is a prefix of. */
static cnsim_status unknown_drug(cnsim_registry *reg, const char *name)
{
    candidate best[3];
    int n_best = 0;
    size_t len = strlen(name);
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    sqlite3_stmt *st;
    cnsim_status s = cnsim__reg_prepare(reg, "SELECT name FROM drugs UNION SELECT name FROM synonyms", &st);
    if (s)
        return s;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *cand = cnsim__reg_text(st, 0);
        size_t d = cnsim__edit_distance(name, cand);
        if (len >= 3 && strncasecmp(cand, name, len) == 0 && d > 1)
            d = 1;
        if (d > limit)
            continue;
        int dup = 0;
        for (int i = 0; i < n_best; i++)
            dup |= strcasecmp(best[i].name, cand) == 0;
        if (dup)
            continue;
        int pos = n_best < 3 ? n_best++ : 3;
        if (pos == 3) {
            if (d >= best[2].dist)
                continue;
            pos = 2;
        }
        while (pos > 0 && best[pos - 1].dist > d) {
            best[pos] = best[pos - 1];
            pos--;
        }
        cnsim__strlcpy(best[pos].name, cand, sizeof best[pos].name);
        best[pos].dist = d;
    }
    if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
        return s;
    if (n_best == 0)
        return cnsim__fail(CNSIM_E_ARG, "unknown drug '%s' (see cnsim drug list)", name);
    char list[256] = "";
    for (int i = 0; i < n_best; i++) {
        if (i > 0)
            strncat(list, i == n_best - 1 ? " or " : ", ", sizeof list - strlen(list) - 1);
        strncat(list, best[i].name, sizeof list - strlen(list) - 1);
    }
    return cnsim__fail(CNSIM_E_ARG, "unknown drug '%s'; did you mean %s? (see cnsim drug list)",
                       name, list);
}

cnsim_status cnsim_registry_resolve(cnsim_registry *reg, const char *name,
                                    char canon[CNSIM_NAME_MAX])
{
    cnsim__clear_error();
    if (!reg || !canon)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_resolve: NULL argument");
    canon[0] = '\0';
    if (!name || !*name)
        return cnsim__fail(CNSIM_E_ARG, "drug name is empty; expected a drug or brand name (see cnsim drug list)");
    /* Leading and trailing blanks are typing noise, not part of a name. */
    char clean[256];
    while (isspace((unsigned char)*name))
        name++;
    cnsim__strlcpy(clean, name, sizeof clean);
    for (size_t n = strlen(clean); n > 0 && isspace((unsigned char)clean[n - 1]); n--)
        clean[n - 1] = '\0';

    sqlite3_stmt *st;
    cnsim_status s = cnsim__reg_prepare(reg,
            "SELECT name FROM drugs WHERE name = ?1 COLLATE NOCASE"
            " OR display_name = ?1 COLLATE NOCASE"
            " UNION ALL SELECT drug FROM synonyms WHERE name = ?1 COLLATE NOCASE"
            " LIMIT 1", &st);
    if (s)
        return s;
    if ((s = cnsim__reg_bind(st, 1, clean)) != CNSIM_OK) {
        sqlite3_finalize(st);
        return s;
    }
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        cnsim__strlcpy(canon, cnsim__reg_text(st, 0), CNSIM_NAME_MAX);
    if ((s = cnsim__reg_finalize(st)) != CNSIM_OK) {
        canon[0] = '\0';
        return s;
    }
    if (found)
        return CNSIM_OK;
    return unknown_drug(reg, clean);
}

/* ---- PK parameters ---- */

static cnsim_status apply_formulation(cnsim_registry *reg, const char *drug,
                                      const char *form, cnsim_pk_params *p)
{
    int want_default = !form || !*form;
    sqlite3_stmt *st;
    cnsim_status s = cnsim__reg_prepare(reg,
            "SELECT form, ka_per_h, tlag_h, f_rel FROM formulations WHERE drug = ?1"
            " AND (CASE WHEN ?2 IS NULL THEN is_default = 1 ELSE form = ?2 COLLATE NOCASE END)",
            &st);
    if (s)
        return s;
    if ((s = cnsim__reg_bind(st, 1, drug)) != CNSIM_OK ||
        (s = cnsim__reg_bind(st, 2, want_default ? NULL : form)) != CNSIM_OK) {
        sqlite3_finalize(st);
        return s;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_type(st, 1) != SQLITE_NULL)
            p->ka_per_h = sqlite3_column_double(st, 1);
        if (sqlite3_column_type(st, 2) != SQLITE_NULL)
            p->tlag_h = sqlite3_column_double(st, 2);
        if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
            p->f *= sqlite3_column_double(st, 3);
            if (p->f > 1.0)
                p->f = 1.0;
        }
        return cnsim__reg_finalize(st);
    }
    if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
        return s;
    if (want_default)
        return CNSIM_OK; /* no formulation rows: pk_params values stand */

    char forms[256] = "";
    if ((s = cnsim__reg_prepare(reg, "SELECT form FROM formulations WHERE drug = ?1 ORDER BY is_default DESC, rowid", &st)))
        return s;
    if ((s = cnsim__reg_bind(st, 1, drug)) != CNSIM_OK) {
        sqlite3_finalize(st);
        return s;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (forms[0])
            strncat(forms, ", ", sizeof forms - strlen(forms) - 1);
        strncat(forms, cnsim__reg_text(st, 0), sizeof forms - strlen(forms) - 1);
    }
    if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
        return s;
    return cnsim__fail(CNSIM_E_ARG, "unknown formulation '%s' for %s; expected one of: %s",
                       form, drug, forms[0] ? forms : "(none listed)");
}

/* The further metabolites of p's drug (metabolite_chain, in order of
 * seq), after its first metabolite; each precursor must be the drug or
 * an earlier metabolite of it. */
static cnsim_status load_chain(cnsim_registry *reg, cnsim_pk_params *p)
{
    sqlite3_stmt *st;
    cnsim_status s = cnsim__reg_prepare(reg,
        "SELECT c.seq, c.metabolite, c.precursor, c.fm, m.cl_L_per_h, m.v_L, d.mw_g_per_mol"
        " FROM metabolite_chain c LEFT JOIN metabolite_pk m ON m.drug = c.metabolite"
        " LEFT JOIN drugs d ON d.name = c.metabolite WHERE c.drug = ?1 ORDER BY c.seq", &st);
    if (s != CNSIM_OK)
        return s;
    if ((s = cnsim__reg_bind(st, 1, p->name)) != CNSIM_OK) {
        sqlite3_finalize(st);
        return s;
    }
    while (s == CNSIM_OK && sqlite3_step(st) == SQLITE_ROW) {
        int n = 2 + p->n_more_metabolites, seq = sqlite3_column_int(st, 0);
        const char *name = cnsim__reg_text(st, 1), *pre = cnsim__reg_text(st, 2);
        if (!p->has_metabolite || seq != n || n > CNSIM_PK_MAX_METABOLITES) {
            s = cnsim__fail(CNSIM_E_DB, "registry: metabolite_chain row %d (%s) of %s; expected metabolite %d "
                            "of at most %d, after a first metabolite in pk_params",
                            seq, name, p->name, n, CNSIM_PK_MAX_METABOLITES);
            break;
        }
        if (sqlite3_column_type(st, 4) == SQLITE_NULL || sqlite3_column_type(st, 6) == SQLITE_NULL) {
            s = cnsim__fail(CNSIM_E_DB, "registry: metabolite %s of %s has no metabolite_pk or drugs row; "
                            "expected its disposition and molar mass", name, p->name);
            break;
        }
        cnsim_pk_metabolite *q = &p->more[n - 2];
        memset(q, 0, sizeof *q);
        q->from = -1;
        if (!strcmp(pre, p->name))
            q->from = 0;
        else if (!strcmp(pre, p->metabolite))
            q->from = 1;
        for (int i = 0; q->from < 0 && i < n - 2; i++)
            if (!strcmp(pre, p->more[i].name))
                q->from = i + 2;
        if (q->from < 0) {
            s = cnsim__fail(CNSIM_E_DB, "registry: metabolite %s of %s is formed from '%s'; expected %s or "
                            "one of its earlier metabolites", name, p->name, pre, p->name);
            break;
        }
        cnsim__strlcpy(q->name, name, sizeof q->name);
        q->fm = sqlite3_column_double(st, 3);
        q->cl_L_per_h = sqlite3_column_double(st, 4);
        q->v_L = sqlite3_column_double(st, 5);
        q->mw_g_per_mol = sqlite3_column_double(st, 6);
        p->n_more_metabolites++;
    }
    cnsim_status fs = cnsim__reg_finalize(st);
    return s ? s : fs;
}

cnsim_status cnsim_registry_pk_params(cnsim_registry *reg, const char *name,
                                      const char *formulation,
                                      cnsim_pk_params *p)
{
    cnsim__clear_error();
    if (!reg || !p)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_pk_params: NULL argument");
    *p = cnsim_pk_params_default();
    char canon[CNSIM_NAME_MAX];
    cnsim_status s = cnsim_registry_resolve(reg, name, canon);
    if (s)
        return s;

    sqlite3_stmt *st;
    if ((s = cnsim__reg_prepare(reg,
            "SELECT k.n_cmt, k.f, k.ka_per_h, k.tlag_h, k.cl_L_per_h, k.v1_L,"
            " k.q2_L_per_h, k.v2_L, k.q3_L_per_h, k.v3_L, k.vmax_mg_per_h, k.km_ng_mL,"
            " k.fu, d.mw_g_per_mol, k.metabolite, k.fm,"
            " m.cl_L_per_h, m.v_L, md.mw_g_per_mol"
            " FROM pk_params k JOIN drugs d ON d.name = k.drug"
            " LEFT JOIN metabolite_pk m ON m.drug = k.metabolite"
            " LEFT JOIN drugs md ON md.name = k.metabolite"
            " WHERE k.drug = ?1", &st)))
        return s;
    if ((s = cnsim__reg_bind(st, 1, canon)) != CNSIM_OK) {
        sqlite3_finalize(st);
        return s;
    }
    if (sqlite3_step(st) != SQLITE_ROW) {
        if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
            return s;
        char parent[CNSIM_NAME_MAX] = "";
        if ((s = cnsim__reg_prepare(reg, "SELECT parent_drug FROM drugs WHERE name = ?1", &st)))
            return s;
        if ((s = cnsim__reg_bind(st, 1, canon)) == CNSIM_OK && sqlite3_step(st) == SQLITE_ROW)
            cnsim__strlcpy(parent, cnsim__reg_text(st, 0), sizeof parent);
        cnsim_status fs = cnsim__reg_finalize(st);
        if (s || (s = fs))
            return s;
        if (parent[0])
            return cnsim__fail(CNSIM_E_ARG, "%s is a metabolite of %s and cannot be dosed; dose %s",
                               canon, parent, parent);
        return cnsim__fail(CNSIM_E_ARG, "drug '%s' has no PK parameters in the registry", canon);
    }
    cnsim__strlcpy(p->name, canon, sizeof p->name);
    p->n_cmt = sqlite3_column_int(st, 0);
    p->f = sqlite3_column_double(st, 1);
    p->ka_per_h = sqlite3_column_double(st, 2);
    p->tlag_h = sqlite3_column_double(st, 3);
    p->cl_L_per_h = sqlite3_column_double(st, 4);
    p->v1_L = sqlite3_column_double(st, 5);
    p->q2_L_per_h = sqlite3_column_double(st, 6);
    p->v2_L = sqlite3_column_double(st, 7);
    p->q3_L_per_h = sqlite3_column_double(st, 8);
    p->v3_L = sqlite3_column_double(st, 9);
    p->vmax_mg_per_h = sqlite3_column_double(st, 10);
    p->km_ng_mL = sqlite3_column_double(st, 11);
    p->fu = sqlite3_column_double(st, 12);
    p->mw_g_per_mol = sqlite3_column_double(st, 13);
    if (sqlite3_column_type(st, 14) != SQLITE_NULL && sqlite3_column_type(st, 16) != SQLITE_NULL) {
        p->has_metabolite = 1;
        cnsim__strlcpy(p->metabolite, cnsim__reg_text(st, 14), sizeof p->metabolite);
        p->fm = sqlite3_column_double(st, 15);
        p->met_cl_L_per_h = sqlite3_column_double(st, 16);
        p->met_v_L = sqlite3_column_double(st, 17);
        p->met_mw_g_per_mol = sqlite3_column_double(st, 18);
    }
    if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
        return s;
    if ((s = load_chain(reg, p)) != CNSIM_OK)
        return s;
    return apply_formulation(reg, canon, formulation, p);
}

/* ---- citations and dose limits ---- */

cnsim_status cnsim_registry_cite(cnsim_registry *reg, const char *id,
                                 char *buf, size_t n)
{
    cnsim__clear_error();
    if (!reg || !id || !buf || n == 0)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_cite: NULL argument");
    buf[0] = '\0';
    sqlite3_stmt *st;
    cnsim_status s = cnsim__reg_prepare(reg,
            "SELECT authors, year, title, journal_or_label, pmid, doi, url FROM sources WHERE id = ?1",
            &st);
    if (s)
        return s;
    if ((s = cnsim__reg_bind(st, 1, id)) != CNSIM_OK) {
        sqlite3_finalize(st);
        return s;
    }
    if (sqlite3_step(st) != SQLITE_ROW) {
        if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
            return s;
        return cnsim__fail(CNSIM_E_ARG, "unknown source id '%s'", id);
    }
    size_t k = 0;
    int w = snprintf(buf, n, "%s", cnsim__reg_text(st, 0));
    k = w < 0 ? 0 : (size_t)w;
    if (sqlite3_column_type(st, 1) != SQLITE_NULL && k < n)
        k += (size_t)snprintf(buf + k, n - k, " (%d)", sqlite3_column_int(st, 1));
    if (sqlite3_column_type(st, 2) != SQLITE_NULL && k < n)
        k += (size_t)snprintf(buf + k, n - k, ". %s", cnsim__reg_text(st, 2));
    if (k < n)
        k += (size_t)snprintf(buf + k, n - k, ". %s.", cnsim__reg_text(st, 3));
    if (sqlite3_column_type(st, 4) != SQLITE_NULL && k < n)
        k += (size_t)snprintf(buf + k, n - k, " PMID %s.", cnsim__reg_text(st, 4));
    if (sqlite3_column_type(st, 5) != SQLITE_NULL && k < n)
        k += (size_t)snprintf(buf + k, n - k, " doi:%s.", cnsim__reg_text(st, 5));
    if (sqlite3_column_type(st, 6) != SQLITE_NULL && k < n)
        snprintf(buf + k, n - k, " %s", cnsim__reg_text(st, 6));
    if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
        buf[0] = '\0';
    return s;
}

static cnsim_status max_dose_query(cnsim_registry *reg, const char *name,
                                   const char *indication, double *max_mg_per_day,
                                   char *matched, size_t n_matched,
                                   char *source, size_t n_src)
{
    if (max_mg_per_day)
        *max_mg_per_day = 0;
    if (matched && n_matched)
        matched[0] = '\0';
    if (source && n_src)
        source[0] = '\0';
    char canon[CNSIM_NAME_MAX];
    cnsim_status s = cnsim_registry_resolve(reg, name, canon);
    if (s)
        return s;
    /* Adult rows only: paediatric and elderly limits are lower and would
     * not be "the" labelled maximum; the largest adult maximum wins. */
    sqlite3_stmt *st;
    if ((s = cnsim__reg_prepare(reg,
            "SELECT max_mg_per_day, indication, source FROM dose_limits"
            " WHERE drug = ?1 AND max_mg_per_day IS NOT NULL AND population LIKE 'adult%'"
            " AND (?2 IS NULL OR instr(lower(indication), lower(?2)) > 0)"
            " ORDER BY max_mg_per_day DESC, rowid LIMIT 1", &st)))
        return s;
    if ((s = cnsim__reg_bind(st, 1, canon)) != CNSIM_OK || (s = cnsim__reg_bind(st, 2, indication)) != CNSIM_OK) {
        sqlite3_finalize(st);
        return s;
    }
    if (sqlite3_step(st) != SQLITE_ROW) {
        if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
            return s;
        if (indication)
            return cnsim__fail(CNSIM_E_ARG, "%s has no labelled adult maximum for an indication matching '%s'",
                               canon, indication);
        return cnsim__fail(CNSIM_E_ARG, "%s has no labelled maximum daily dose", canon);
    }
    if (max_mg_per_day)
        *max_mg_per_day = sqlite3_column_double(st, 0);
    if (matched && n_matched)
        cnsim__strlcpy(matched, cnsim__reg_text(st, 1), n_matched);
    char id[128];
    cnsim__strlcpy(id, cnsim__reg_text(st, 2), sizeof id);
    if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
        return s;
    if (source && n_src)
        return cnsim_registry_cite(reg, id, source, n_src);
    return CNSIM_OK;
}

cnsim_status cnsim_registry_max_daily_dose(cnsim_registry *reg,
                                           const char *name,
                                           double *max_mg_per_day,
                                           char *indication, size_t n_ind,
                                           char *source, size_t n_src)
{
    cnsim__clear_error();
    if (!reg)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_max_daily_dose: registry is NULL");
    return max_dose_query(reg, name, NULL, max_mg_per_day, indication, n_ind, source, n_src);
}

cnsim_status cnsim_registry_indication_max_dose(cnsim_registry *reg,
                                                const char *name,
                                                const char *indication,
                                                double *max_mg_per_day,
                                                char *matched, size_t n_matched,
                                                char *source, size_t n_src)
{
    cnsim__clear_error();
    if (!reg || !indication)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_indication_max_dose: NULL argument");
    return max_dose_query(reg, name, indication, max_mg_per_day, matched, n_matched,
                          source, n_src);
}

/* ---- classes ---- */

/* Canonical class name for a class name or alias (case-insensitive). */
static cnsim_status resolve_class(cnsim_registry *reg, const char *cls,
                                  char canon[CNSIM_NAME_MAX])
{
    sqlite3_stmt *st;
    cnsim_status s = cnsim__reg_prepare(reg,
            "SELECT name FROM classes WHERE name = ?1 COLLATE NOCASE"
            " UNION ALL SELECT class FROM class_aliases WHERE alias = ?1 COLLATE NOCASE LIMIT 1",
            &st);
    if (s)
        return s;
    int found = (s = cnsim__reg_bind(st, 1, cls)) == CNSIM_OK && sqlite3_step(st) == SQLITE_ROW;
    if (found)
        cnsim__strlcpy(canon, cnsim__reg_text(st, 0), CNSIM_NAME_MAX);
    cnsim_status fs = cnsim__reg_finalize(st);
    if (s || (s = fs))
        return s;
    if (found)
        return CNSIM_OK;

    char best[CNSIM_NAME_MAX] = "";
    size_t best_d = (size_t)-1;
    if ((s = cnsim__reg_prepare(reg, "SELECT name FROM classes UNION SELECT alias FROM class_aliases", &st)))
        return s;
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t d = cnsim__edit_distance(cls, cnsim__reg_text(st, 0));
        if (d < best_d) {
            best_d = d;
            cnsim__strlcpy(best, cnsim__reg_text(st, 0), sizeof best);
        }
    }
    if ((s = cnsim__reg_finalize(st)) != CNSIM_OK)
        return s;
    if (best[0] && best_d <= 3)
        return cnsim__fail(CNSIM_E_ARG, "unknown drug class '%s'; did you mean %s?", cls, best);
    return cnsim__fail(CNSIM_E_ARG, "unknown drug class '%s'", cls);
}

int cnsim_registry_is_a(cnsim_registry *reg, const char *name, const char *cls)
{
    if (!reg || !cls) {
        cnsim__fail(CNSIM_E_ARG, "cnsim_registry_is_a: NULL argument");
        return -1;
    }
    char drug[CNSIM_NAME_MAX], klass[CNSIM_NAME_MAX];
    if (cnsim_registry_resolve(reg, name, drug) || resolve_class(reg, cls, klass))
        return -1;
    sqlite3_stmt *st;
    if (cnsim__reg_prepare(reg,
            "WITH RECURSIVE up(c) AS ("
            "  SELECT class FROM drug_classes WHERE drug = ?1"
            "  UNION SELECT p.parent FROM class_parents p JOIN up ON p.class = up.c)"
            " SELECT 1 FROM up WHERE c = ?2 LIMIT 1", &st))
        return -1;
    if (cnsim__reg_bind(st, 1, drug) || cnsim__reg_bind(st, 2, klass)) {
        sqlite3_finalize(st);
        return -1;
    }
    int rc = sqlite3_step(st);
    if (cnsim__reg_finalize(st) != CNSIM_OK)
        return -1;
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    cnsim__fail(CNSIM_E_DB, "registry query failed: %s", sqlite3_errmsg(reg->db));
    return -1;
}

/* Depth-first walk up the DAG from `cls`, appending unseen classes;
 * returns the new count, or -1 if a query failed (*st says why). */
static int walk_up(cnsim_registry *reg, sqlite3_stmt *parents, const char *cls,
                   char names[][CNSIM_NAME_MAX], int n, int n_max, int depth, cnsim_status *st)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], cls) == 0)
            return n;
    if (n >= n_max || depth > 32)
        return n;
    cnsim__strlcpy(names[n++], cls, CNSIM_NAME_MAX);
    /* Collect the parents first: the statement is reused by the recursion. */
    char ps[16][CNSIM_NAME_MAX];
    int np = 0;
    if ((*st = cnsim__reg_bind(parents, 1, cls)) != CNSIM_OK)
        return -1;
    while (np < 16 && sqlite3_step(parents) == SQLITE_ROW)
        cnsim__strlcpy(ps[np++], cnsim__reg_text(parents, 0), CNSIM_NAME_MAX);
    if ((*st = cnsim__reg_reset(parents)) != CNSIM_OK)
        return -1;
    for (int i = 0; i < np && n >= 0; i++)
        n = walk_up(reg, parents, ps[i], names, n, n_max, depth + 1, st);
    return n;
}

cnsim_status cnsim__registry_classes(cnsim_registry *reg, const char *name,
                                     char names[][CNSIM_NAME_MAX], int n_max, int *n_out)
{
    *n_out = 0;
    if (!reg || !names || n_max <= 0)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_classes: bad argument");
    char drug[CNSIM_NAME_MAX];
    cnsim_status st = cnsim_registry_resolve(reg, name, drug);
    if (st)
        return st;
    sqlite3_stmt *direct, *parents;
    if ((st = cnsim__reg_prepare(reg, "SELECT class FROM drug_classes WHERE drug = ?1 ORDER BY rank, rowid", &direct)))
        return st;
    if ((st = cnsim__reg_prepare(reg, "SELECT parent FROM class_parents WHERE class = ?1 ORDER BY rowid", &parents))) {
        sqlite3_finalize(direct);
        return st;
    }
    char ds[16][CNSIM_NAME_MAX];
    int nd = 0;
    if ((st = cnsim__reg_bind(direct, 1, drug)) == CNSIM_OK)
        while (nd < 16 && sqlite3_step(direct) == SQLITE_ROW)
            cnsim__strlcpy(ds[nd++], cnsim__reg_text(direct, 0), CNSIM_NAME_MAX);
    cnsim_status fs = cnsim__reg_finalize(direct);
    st = st ? st : fs;
    int n = 0;
    for (int i = 0; st == CNSIM_OK && i < nd && n >= 0; i++)
        n = walk_up(reg, parents, ds[i], names, n, n_max, 0, &st);
    fs = cnsim__reg_finalize(parents);
    st = st ? st : fs;
    if (st == CNSIM_OK)
        *n_out = n;
    return st;
}

int cnsim_registry_classes(cnsim_registry *reg, const char *name,
                           char names[][CNSIM_NAME_MAX], int n_max)
{
    int n;
    return cnsim__registry_classes(reg, name, names, n_max, &n) == CNSIM_OK ? n : -1;
}

const char *cnsim_registry_onset_scale(double onset_max_h)
{
    if (onset_max_h < 24.0)
        return "hours";
    if (onset_max_h < 168.0)
        return "days";
    return "weeks";
}

cnsim_status cnsim_registry_open(const char *path, cnsim_registry **out)
{
    cnsim__clear_error();
    return cnsim_registry_create(path, out);
}
