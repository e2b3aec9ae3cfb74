/* cnsim_pk_model_from_registry: a registry drug as a model file would
 * hold it, with the citations of the values and the published
 * between-subject variability. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/pkmodel.h"
#include "core_impl.h"
#include "registry/registry_impl.h"

/* The sources of one model, in order of first use, each with the file
 * keys it supports ("KA, ALAG1"). */
typedef struct src_list {
    char id[CNSIM_PK_MODEL_MAX_SOURCES][96];
    char tags[CNSIM_PK_MODEL_MAX_SOURCES][256];
    int n;
} src_list;

static cnsim_status use(src_list *s, const char *id, const char *tag)
{
    if (!id || !*id)
        return CNSIM_OK;
    int i = 0;
    while (i < s->n && strcmp(s->id[i], id))
        i++;
    if (i == s->n) {
        if (s->n == CNSIM_PK_MODEL_MAX_SOURCES)
            return cnsim__fail(CNSIM_E_DB, "registry: more than %d sources for one model",
                               CNSIM_PK_MODEL_MAX_SOURCES);
        cnsim__strlcpy(s->id[i], id, sizeof s->id[i]);
        s->tags[i][0] = '\0';
        s->n++;
    }
    char *t = s->tags[i];
    size_t room = sizeof s->tags[i] - strlen(t) - 1;
    if (t[0]) {
        strncat(t, ", ", room);
        room = sizeof s->tags[i] - strlen(t) - 1;
    }
    strncat(t, tag, room);
    return CNSIM_OK;
}

/* Which rows supplied the model's values: pk_params (a source column per
 * group of values), the formulation's absorption values where it has its
 * own, the molar masses and the metabolite's disposition. */
static cnsim_status pk_sources(cnsim_registry *reg, const char *formulation, const cnsim_pk_params *p,
                               src_list *s)
{
    sqlite3_stmt *q;
    cnsim_status st = cnsim__reg_prepare(reg,
        "SELECT k.cl_source, k.v1_source, k.ka_source, k.periph_source, k.f_source, k.mm_source,"
        " d.mw_source, k.fu_source, k.fm_source, m.cl_source, m.v_source, md.mw_source"
        " FROM pk_params k JOIN drugs d ON d.name = k.drug"
        " LEFT JOIN metabolite_pk m ON m.drug = k.metabolite"
        " LEFT JOIN drugs md ON md.name = k.metabolite WHERE k.drug = ?1", &q);
    if (st != CNSIM_OK)
        return st;
    sqlite3_stmt *f = NULL;
    if ((st = cnsim__reg_bind(q, 1, p->name)) != CNSIM_OK ||
        (st = cnsim__reg_prepare(reg,
            "SELECT ka_per_h IS NOT NULL, tlag_h IS NOT NULL, f_rel IS NOT NULL, pk_source FROM formulations"
            " WHERE drug = ?1 AND (CASE WHEN ?2 IS NULL THEN is_default = 1"
            " ELSE form = ?2 COLLATE NOCASE END)", &f)) != CNSIM_OK ||
        (st = cnsim__reg_bind(f, 1, p->name)) != CNSIM_OK ||
        (st = cnsim__reg_bind(f, 2, formulation && *formulation ? formulation : NULL)) != CNSIM_OK) {
        sqlite3_finalize(q);
        sqlite3_finalize(f);
        return st;
    }
    /* The same row cnsim_registry_pk_params applied (it has checked that
     * the formulation exists). */
    int form_ka = 0, form_lag = 0, form_f = 0;
    const char *form_src = "";
    if (sqlite3_step(f) == SQLITE_ROW) {
        form_ka = sqlite3_column_int(f, 0);
        form_lag = sqlite3_column_int(f, 1);
        form_f = sqlite3_column_int(f, 2);
        form_src = cnsim__reg_text(f, 3);
    }
    if (sqlite3_step(q) == SQLITE_ROW) {
        const char *ka_src = cnsim__reg_text(q, 2);
        st = use(s, cnsim__reg_text(q, 0), "CL");
        if (!st)
            st = use(s, cnsim__reg_text(q, 1), "V");
        if (!st)
            st = use(s, form_ka ? form_src : ka_src, "KA");
        if (!st && p->tlag_h != 0)
            st = use(s, form_lag ? form_src : ka_src, "ALAG1");
        if (!st && p->n_cmt >= 2)
            st = use(s, cnsim__reg_text(q, 3), p->n_cmt == 3 ? "Q, V2, Q3, V3" : "Q, V2");
        if (!st)
            st = use(s, cnsim__reg_text(q, 4), "F1");
        if (!st && form_f)
            st = use(s, form_src, "F1 (relative to the default form)");
        if (!st && p->vmax_mg_per_h > 0)
            st = use(s, cnsim__reg_text(q, 5), "VMAX, KM");
        if (!st)
            st = use(s, cnsim__reg_text(q, 6), "mw_g_mol");
        if (!st && p->fu != 0)
            st = use(s, cnsim__reg_text(q, 7), "fu");
        if (!st && p->has_metabolite) {
            st = use(s, cnsim__reg_text(q, 8), "metabolites.fm");
            if (!st)
                st = use(s, cnsim__reg_text(q, 9), "metabolites.CL");
            if (!st)
                st = use(s, cnsim__reg_text(q, 10), "metabolites.V");
            if (!st)
                st = use(s, cnsim__reg_text(q, 11), "metabolites.mw_g_mol");
        }
    }
    cnsim_status fs = cnsim__reg_finalize(f), qs = cnsim__reg_finalize(q);
    return st ? st : fs ? fs : qs;
}

/* population_iiv (data/95_population.sql), as cnsim population uses it:
 * the ETA of CL, V (the central volume) and KA log-normal, of F on the
 * logit, which is the file's F1. Written in the order CL, V, KA, F1. */
static cnsim_status omega(cnsim_registry *reg, cnsim_pk_model *m, src_list *s)
{
    static const char *const reg_name[] = {"CL", "V", "KA", "F"};
    static const char *const file_name[] = {"CL", "V", "KA", "F1"};
    double w[4];
    char src[4][96];
    int has[4] = {0, 0, 0, 0};
    sqlite3_stmt *q;
    cnsim_status st = cnsim__reg_prepare(reg, "SELECT param, omega2, source FROM population_iiv WHERE drug = ?1", &q);
    if (st != CNSIM_OK)
        return st;
    if ((st = cnsim__reg_bind(q, 1, m->pk.name)) != CNSIM_OK) {
        sqlite3_finalize(q);
        return st;
    }
    while (sqlite3_step(q) == SQLITE_ROW)
        for (int k = 0; k < 4; k++)
            if (!strcmp(cnsim__reg_text(q, 0), reg_name[k])) {
                has[k] = 1;
                w[k] = sqlite3_column_double(q, 1);
                cnsim__strlcpy(src[k], cnsim__reg_text(q, 2), sizeof src[k]);
            }
    if ((st = cnsim__reg_finalize(q)) != CNSIM_OK)
        return st;
    for (int k = 0; k < 4; k++) {
        if (!has[k])
            continue;
        cnsim__strlcpy(m->omega_name[m->n_omega], file_name[k], CNSIM_PK_MODEL_KEY_MAX);
        m->omega[m->n_omega++] = w[k];
        char tag[32];
        snprintf(tag, sizeof tag, "omega.%s", file_name[k]);
        if ((st = use(s, src[k], tag)) != CNSIM_OK)
            return st;
    }
    return CNSIM_OK;
}

/* "id (tags): citation", shortened with "..." in the unlikely case that
 * it does not fit. */
static cnsim_status cite(cnsim_registry *reg, const src_list *s, cnsim_pk_model *m)
{
    for (int i = 0; i < s->n; i++) {
        char c[CNSIM_PK_MODEL_SOURCE_MAX];
        cnsim_status st = cnsim_registry_cite(reg, s->id[i], c, sizeof c);
        if (st == CNSIM_E_ARG)
            return cnsim__fail(CNSIM_E_DB, "registry: source '%s' cited for %s of %s is not in the sources table",
                               s->id[i], s->tags[i], m->pk.name);
        if (st != CNSIM_OK)
            return st;
        char *out = m->sources[m->n_sources++];
        int n = snprintf(out, CNSIM_PK_MODEL_SOURCE_MAX, "%s (%s): %s", s->id[i], s->tags[i], c);
        if (n >= CNSIM_PK_MODEL_SOURCE_MAX)
            memcpy(out + CNSIM_PK_MODEL_SOURCE_MAX - 4, "...", 4);
    }
    return CNSIM_OK;
}

cnsim_status cnsim_pk_model_from_registry(cnsim_registry *reg, const char *name, const char *formulation,
                                          cnsim_pk_model *out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_pk_model_from_registry: NULL output");
    memset(out, 0, sizeof *out);
    if (!reg || !name)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_pk_model_from_registry: NULL registry or name");
    src_list s;
    s.n = 0;
    cnsim_status st = cnsim_registry_pk_params(reg, name, formulation, &out->pk);
    if (st == CNSIM_OK)
        st = pk_sources(reg, formulation, &out->pk, &s);
    if (st == CNSIM_OK)
        st = omega(reg, out, &s);
    if (st == CNSIM_OK)
        st = cite(reg, &s, out);
    if (st != CNSIM_OK) {
        memset(out, 0, sizeof *out);
        return st;
    }
    return cnsim__done(CNSIM_OK);
}
