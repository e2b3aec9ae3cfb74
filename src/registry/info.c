/* Drug facts as JSON (jansson): one object per drug for `cnsim drug show`
 * and `compare`, and the list for `cnsim drug list`. Every fact carries its
 * source id; the object ends with the full citations of those ids. */
#include <jansson.h>
#include <string.h>

#include "core_impl.h"
#include "registry_impl.h"

/* Collected source ids, in order of first use. */
typedef struct {
    json_t *seen;   /* object used as a set */
    json_t *order;  /* array of ids */
} source_set;

static void use_source(source_set *s, const char *id)
{
    if (!id || !*id || json_object_get(s->seen, id))
        return;
    json_object_set_new(s->seen, id, json_true());
    json_array_append_new(s->order, json_string(id));
}

/* Column i as a JSON value: number, string or null. */
static json_t *col_json(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        return json_integer(sqlite3_column_int64(st, i));
    case SQLITE_FLOAT:
        return json_real(sqlite3_column_double(st, i));
    case SQLITE_NULL:
        return json_null();
    default:
        return json_string(cnsim__reg_text(st, i));
    }
}

/* Runs sql with ?1 = drug and returns an array of objects keyed by the
 * column names (renamed with "AS" in the SQL). Columns whose name ends in
 * "source" are added to the source set. */
static json_t *rows_json(cnsim_registry *reg, const char *sql, const char *drug,
                         source_set *src, cnsim_status *status)
{
    sqlite3_stmt *st;
    json_t *arr = json_array();
    if (!arr) {
        *status = cnsim__fail(CNSIM_E_NOMEM, "out of memory building drug facts");
        return NULL;
    }
    if ((*status = cnsim__reg_prepare(reg, sql, &st)) != CNSIM_OK) {
        json_decref(arr);
        return NULL;
    }
    sqlite3_bind_text(st, 1, drug, -1, SQLITE_TRANSIENT);
    int nc = sqlite3_column_count(st);
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; i < nc; i++) {
            const char *cn = sqlite3_column_name(st, i);
            json_object_set_new(o, cn, col_json(st, i));
            size_t len = strlen(cn);
            if (len >= 6 && strcmp(cn + len - 6, "source") == 0 &&
                sqlite3_column_type(st, i) != SQLITE_NULL)
                use_source(src, cnsim__reg_text(st, i));
        }
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
    return arr;
}

static json_t *string_column(cnsim_registry *reg, const char *sql, const char *drug)
{
    sqlite3_stmt *st;
    json_t *arr = json_array();
    if (cnsim__reg_prepare(reg, sql, &st) != CNSIM_OK)
        return arr;
    sqlite3_bind_text(st, 1, drug, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(arr, json_string(cnsim__reg_text(st, 0)));
    sqlite3_finalize(st);
    return arr;
}

static void add_onset_scales(json_t *onsets)
{
    size_t i;
    json_t *o;
    json_array_foreach(onsets, i, o) {
        double mx = json_number_value(json_object_get(o, "max_h"));
        json_object_set_new(o, "scale", json_string(cnsim_registry_onset_scale(mx)));
    }
}

/* Classes specific -> general, plus a detail array with each class's
 * description, parents and whether the drug is linked to it directly. */
static cnsim_status classes_json(cnsim_registry *reg, const char *drug, json_t *obj,
                                 source_set *src)
{
    char names[32][CNSIM_NAME_MAX];
    int n = cnsim_registry_classes(reg, drug, names, 32);
    if (n < 0)
        return CNSIM_E_DB;
    json_t *list = json_array(), *details = json_array();
    sqlite3_stmt *cls, *par, *dir;
    if (cnsim__reg_prepare(reg, "SELECT description, source FROM classes WHERE name = ?1", &cls))
        return CNSIM_E_DB;
    if (cnsim__reg_prepare(reg, "SELECT parent, source FROM class_parents WHERE class = ?1 ORDER BY rowid", &par)) {
        sqlite3_finalize(cls);
        return CNSIM_E_DB;
    }
    if (cnsim__reg_prepare(reg, "SELECT source FROM drug_classes WHERE drug = ?1 AND class = ?2", &dir)) {
        sqlite3_finalize(cls);
        sqlite3_finalize(par);
        return CNSIM_E_DB;
    }
    for (int i = 0; i < n; i++) {
        json_array_append_new(list, json_string(names[i]));
        json_t *d = json_object();
        json_object_set_new(d, "name", json_string(names[i]));
        sqlite3_reset(cls);
        sqlite3_bind_text(cls, 1, names[i], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(cls) == SQLITE_ROW) {
            json_object_set_new(d, "description", json_string(cnsim__reg_text(cls, 0)));
            json_object_set_new(d, "source", json_string(cnsim__reg_text(cls, 1)));
            use_source(src, cnsim__reg_text(cls, 1));
        }
        json_t *parents = json_array();
        sqlite3_reset(par);
        sqlite3_bind_text(par, 1, names[i], -1, SQLITE_TRANSIENT);
        while (sqlite3_step(par) == SQLITE_ROW) {
            json_t *p = json_object();
            json_object_set_new(p, "name", json_string(cnsim__reg_text(par, 0)));
            json_object_set_new(p, "source", json_string(cnsim__reg_text(par, 1)));
            use_source(src, cnsim__reg_text(par, 1));
            json_array_append_new(parents, p);
        }
        json_object_set_new(d, "parents", parents);
        sqlite3_reset(dir);
        sqlite3_bind_text(dir, 1, drug, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(dir, 2, names[i], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(dir) == SQLITE_ROW) {
            json_object_set_new(d, "direct", json_true());
            json_object_set_new(d, "link_source", json_string(cnsim__reg_text(dir, 0)));
            use_source(src, cnsim__reg_text(dir, 0));
        } else {
            json_object_set_new(d, "direct", json_false());
        }
        json_array_append_new(details, d);
    }
    sqlite3_finalize(cls);
    sqlite3_finalize(par);
    sqlite3_finalize(dir);
    json_object_set_new(obj, "classes", list);
    json_object_set_new(obj, "class_details", details);
    return CNSIM_OK;
}

/* The first row of an array, detached from it, or JSON null. */
static json_t *first_or_null(json_t *arr)
{
    json_t *r = json_array_size(arr) ? json_incref(json_array_get(arr, 0)) : json_null();
    json_decref(arr);
    return r;
}

#define SET_ROWS(key, sql)                                                 \
    do {                                                                   \
        json_t *rows_ = rows_json(reg, sql, drug, &src, &st);              \
        if (!rows_)                                                        \
            goto fail;                                                     \
        json_object_set_new(o, key, rows_);                                \
    } while (0)

static cnsim_status drug_obj(cnsim_registry *reg, const char *name, json_t **out)
{
    if (!reg || !out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_drug_json: NULL argument");
    *out = NULL;
    char drug[CNSIM_NAME_MAX];
    cnsim_status st = cnsim_registry_resolve(reg, name, drug);
    if (st)
        return st;

    source_set src = {json_object(), json_array()};
    json_t *o = json_object();
    if (!o || !src.seen || !src.order) {
        st = cnsim__fail(CNSIM_E_NOMEM, "out of memory building drug facts");
        goto fail;
    }

    sqlite3_stmt *q;
    if ((st = cnsim__reg_prepare(reg,
             "SELECT name, display_name, kind, parent_drug, mw_g_per_mol, mw_source,"
             " mechanism, mechanism_source FROM drugs WHERE name = ?1", &q)))
        goto fail;
    sqlite3_bind_text(q, 1, drug, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        st = cnsim__fail(CNSIM_E_DB, "drug '%s' vanished from the registry", drug);
        goto fail;
    }
    json_object_set_new(o, "name", json_string(cnsim__reg_text(q, 0)));
    json_object_set_new(o, "display_name", json_string(cnsim__reg_text(q, 1)));
    json_object_set_new(o, "kind", json_string(cnsim__reg_text(q, 2)));
    json_object_set_new(o, "parent_drug", col_json(q, 3));
    json_object_set_new(o, "mw_g_per_mol",
                        json_pack("{s:f, s:s}", "value", sqlite3_column_double(q, 4),
                                  "source", cnsim__reg_text(q, 5)));
    json_object_set_new(o, "mechanism",
                        json_pack("{s:s, s:s}", "text", cnsim__reg_text(q, 6),
                                  "source", cnsim__reg_text(q, 7)));
    use_source(&src, cnsim__reg_text(q, 7));
    use_source(&src, cnsim__reg_text(q, 5));
    sqlite3_finalize(q);

    json_object_set_new(o, "metabolites",
                        string_column(reg, "SELECT name FROM drugs WHERE parent_drug = ?1 ORDER BY name", drug));
    json_object_set_new(o, "brand_names",
                        string_column(reg, "SELECT name FROM synonyms WHERE drug = ?1 AND kind = 'brand' ORDER BY rowid", drug));
    SET_ROWS("synonyms", "SELECT name, kind, source FROM synonyms WHERE drug = ?1 ORDER BY rowid");
    SET_ROWS("atc", "SELECT code, source FROM atc_codes WHERE drug = ?1 ORDER BY code");
    if ((st = classes_json(reg, drug, o, &src)))
        goto fail;
    SET_ROWS("targets", "SELECT target AS name, action, source FROM targets WHERE drug = ?1 ORDER BY rowid");
    SET_ROWS("indications",
             "SELECT indication AS name, status, population, note, source FROM indications"
             " WHERE drug = ?1 ORDER BY status = 'off-label', rowid");
    SET_ROWS("formulations",
             "SELECT form, route, strengths_mg, is_default, ka_per_h, tlag_h, f_rel, pk_source, note, source"
             " FROM formulations WHERE drug = ?1 ORDER BY is_default DESC, rowid");
    SET_ROWS("dose_limits",
             "SELECT indication, population, start_mg_per_day, usual_min_mg_per_day, usual_max_mg_per_day,"
             " max_mg_per_day, note, source FROM dose_limits WHERE drug = ?1 ORDER BY rowid");
    json_t *pk = rows_json(reg,
        "SELECT n_cmt, f, f_source, ka_per_h, tlag_h, ka_source, cl_L_per_h, cl_source, v1_L, v1_source,"
        " q2_L_per_h, v2_L, q3_L_per_h, v3_L, periph_source, vmax_mg_per_h, km_ng_mL, mm_source,"
        " fu, fu_source, metabolite, fm, fm_source, half_life_label_min_h, half_life_label_max_h,"
        " half_life_source, tmax_label_min_h, tmax_label_max_h, tmax_source, note"
        " FROM pk_params WHERE drug = ?1", drug, &src, &st);
    if (!pk)
        goto fail;
    json_object_set_new(o, "pk", first_or_null(pk));
    json_t *mpk = rows_json(reg,
        "SELECT parent, cl_L_per_h, cl_source, v_L, v_source, half_life_label_min_h,"
        " half_life_label_max_h, half_life_source, note FROM metabolite_pk WHERE drug = ?1",
        drug, &src, &st);
    if (!mpk)
        goto fail;
    json_object_set_new(o, "metabolite_pk", first_or_null(mpk));
    SET_ROWS("enzymes", "SELECT enzyme, role, strength, note, source FROM enzymes WHERE drug = ?1 ORDER BY rowid");
    SET_ROWS("onset",
             "SELECT effect, onset_min_h AS min_h, onset_max_h AS max_h, text, source FROM onsets"
             " WHERE drug = ?1 ORDER BY rowid");
    add_onset_scales(json_object_get(o, "onset"));
    SET_ROWS("warnings",
             "SELECT kind, title, text, source FROM warnings WHERE drug = ?1"
             " ORDER BY CASE kind WHEN 'boxed' THEN 0 WHEN 'contraindication' THEN 1 ELSE 2 END, rowid");

    /* Full citations of every source used above. */
    json_t *sources = json_array();
    sqlite3_stmt *sq;
    if ((st = cnsim__reg_prepare(reg,
             "SELECT id, authors, year, title, journal_or_label, pmid, doi, url, note"
             " FROM sources WHERE id = ?1", &sq))) {
        json_decref(sources);
        goto fail;
    }
    size_t i;
    json_t *idv;
    json_array_foreach(src.order, i, idv) {
        sqlite3_reset(sq);
        sqlite3_bind_text(sq, 1, json_string_value(idv), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(sq) != SQLITE_ROW)
            continue;
        char cite[1024];
        cnsim_registry_cite(reg, json_string_value(idv), cite, sizeof cite);
        json_t *s = json_object();
        json_object_set_new(s, "id", col_json(sq, 0));
        json_object_set_new(s, "citation", json_string(cite));
        json_object_set_new(s, "authors", col_json(sq, 1));
        json_object_set_new(s, "year", col_json(sq, 2));
        json_object_set_new(s, "title", col_json(sq, 3));
        json_object_set_new(s, "journal_or_label", col_json(sq, 4));
        json_object_set_new(s, "pmid", col_json(sq, 5));
        json_object_set_new(s, "doi", col_json(sq, 6));
        json_object_set_new(s, "url", col_json(sq, 7));
        json_object_set_new(s, "note", col_json(sq, 8));
        json_array_append_new(sources, s);
    }
    sqlite3_finalize(sq);
    json_object_set_new(o, "sources", sources);
    json_object_set_new(o, "registry", json_string(reg->location));

    json_decref(src.seen);
    json_decref(src.order);
    *out = o;
    return CNSIM_OK;
fail:
    json_decref(o);
    json_decref(src.seen);
    json_decref(src.order);
    return st ? st : CNSIM_E_DB;
}

static cnsim_status list_obj(cnsim_registry *reg, json_t **out)
{
    if (!reg || !out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_list_json: NULL argument");
    *out = NULL;
    sqlite3_stmt *st;
    cnsim_status s = cnsim__reg_prepare(reg,
        "SELECT d.name, d.display_name, d.kind, d.parent_drug,"
        " (SELECT group_concat(code, ', ') FROM atc_codes a WHERE a.drug = d.name)"
        " FROM drugs d ORDER BY d.kind = 'metabolite', d.name", &st);
    if (s)
        return s;
    json_t *arr = json_array();
    source_set dummy = {json_object(), json_array()};
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *drug = cnsim__reg_text(st, 0);
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(drug));
        json_object_set_new(o, "display_name", json_string(cnsim__reg_text(st, 1)));
        json_object_set_new(o, "kind", json_string(cnsim__reg_text(st, 2)));
        json_object_set_new(o, "parent_drug", col_json(st, 3));
        json_object_set_new(o, "atc", col_json(st, 4));
        char names[32][CNSIM_NAME_MAX];
        int n = cnsim_registry_classes(reg, drug, names, 32);
        json_t *cl = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(cl, json_string(names[i]));
        json_object_set_new(o, "class", n > 0 ? json_string(names[0]) : json_null());
        json_object_set_new(o, "classes", cl);
        json_object_set_new(o, "brand_names",
                            string_column(reg, "SELECT name FROM synonyms WHERE drug = ?1 AND kind = 'brand' ORDER BY rowid", drug));
        cnsim_status rs;
        json_t *on = rows_json(reg,
            "SELECT effect, onset_min_h AS min_h, onset_max_h AS max_h, text, source FROM onsets"
            " WHERE drug = ?1 ORDER BY rowid LIMIT 1", drug, &dummy, &rs);
        if (on)
            add_onset_scales(on);
        json_object_set_new(o, "onset", on ? first_or_null(on) : json_null());
        json_array_append_new(arr, o);
    }
    sqlite3_finalize(st);
    json_decref(dummy.seen);
    json_decref(dummy.order);
    *out = arr;
    return CNSIM_OK;
}

/* The public calls hand out text, so no jansson type crosses the API. */
static cnsim_status to_text(cnsim_status st, json_t *o, char **out)
{
    if (st != CNSIM_OK)
        return st;
    *out = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(o);
    if (!*out)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory writing drug facts as JSON");
    return cnsim__done(CNSIM_OK);
}

cnsim_status cnsim_registry_drug_json(cnsim_registry *reg, const char *name, char **out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_drug_json: NULL output");
    *out = NULL;
    json_t *o = NULL;
    cnsim_status st = drug_obj(reg, name, &o);
    return to_text(st, o, out);
}

cnsim_status cnsim_registry_list_json(cnsim_registry *reg, char **out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_registry_list_json: NULL output");
    *out = NULL;
    json_t *o = NULL;
    cnsim_status st = list_obj(reg, &o);
    return to_text(st, o, out);
}
