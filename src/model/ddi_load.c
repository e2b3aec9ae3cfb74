/* The model's metabolic interactions from the registry (tables
 * clearance_pathways, first_pass_extraction, enzyme_modulators and
 * enzyme_turnover of data/72_enzyme_kinetics.sql): for the model's
 * species, the modulators acting on an enzyme that some species'
 * clearance or first pass runs through, and those pathways. Nothing else
 * is kept, so a model without such a pair (most single drugs) stays
 * linear and solved in closed form. */
#include <sqlite3.h>
#include <string.h>

#include "model_impl.h"
#include "core_impl.h"
#include "registry/registry_impl.h"

/* Rows of `sql` (bound to each species name) into rows: the species, the
 * enzyme name and up to three numbers. */
typedef struct { int k; char enzyme[16]; char kind[24]; double v[3]; } ddi_row;

static cnsim_status rows_of(const cnsim_model *m, cnsim_registry *reg, const char *sql, int has_kind, ddi_row *rows,
                            size_t cap, size_t *n)
{
    *n = 0;
    cnsim_status st = CNSIM_OK;
    for (size_t k = 0; st == CNSIM_OK && k < m->n_species; k++) {
        if (m->species_is_met[k] > 1)
            continue;   /* interactions act on parents and first metabolites only */
        sqlite3_stmt *s = NULL;
        if ((st = cnsim__reg_prepare(reg, sql, &s)) != CNSIM_OK)
            break;
        if ((st = cnsim__reg_bind(s, 1, m->species[k])) == CNSIM_OK) {
            /* A failed step is the finalize's to report (out of memory included). */
            while (sqlite3_step(s) == SQLITE_ROW && *n < cap) {
                ddi_row *r = &rows[(*n)++];
                memset(r, 0, sizeof *r);
                r->k = (int)k;
                cnsim__strlcpy(r->enzyme, cnsim__reg_text(s, 0), sizeof r->enzyme);
                int c = 1;
                if (has_kind)
                    cnsim__strlcpy(r->kind, cnsim__reg_text(s, c++), sizeof r->kind);
                for (int i = 0; i < 3 && c < sqlite3_column_count(s); i++, c++)
                    r->v[i] = sqlite3_column_type(s, c) == SQLITE_NULL ? 0 : sqlite3_column_double(s, c);
            }
        }
        cnsim_status fs = cnsim__reg_finalize(s);
        st = st ? st : fs;
    }
    return st;
}

/* The enzyme named `name`, belonging to drug `owner` (-1: shared by all
 * drugs); added when `add`. With interactions off each drug has its own
 * copy of an enzyme, so it still acts on its own clearance (fluoxetine's
 * autoinhibition, carbamazepine's autoinduction) but on no other drug's. */
static int enzyme_index(cnsim_model *m, const char *name, long owner, int add)
{
    for (size_t e = 0; e < m->ddi.n_enzymes; e++)
        if (!strcmp(m->ddi.enzyme[e], name) && m->ddi_enz_owner[e] == owner)
            return (int)e;
    if (!add || m->ddi.n_enzymes == CNSIM_PK_MAX_ENZYMES)
        return -1;
    cnsim__strlcpy(m->ddi.enzyme[m->ddi.n_enzymes], name, sizeof m->ddi.enzyme[0]);
    m->ddi_enz_owner[m->ddi.n_enzymes] = owner;
    return (int)m->ddi.n_enzymes++;
}

cnsim_status cnsim__model_ddi_load(cnsim_model *m, cnsim_registry *reg)
{
    memset(&m->ddi, 0, sizeof m->ddi);
    m->n_ddi_path = m->n_ddi_mod = 0;
    int own = m->opts.interactions_off;
    ddi_row paths[MODEL_DDI_MAX], mods[MODEL_DDI_MAX];
    size_t np, nq;
    /* Clearance pathways, then first-pass extractions (v[1] = 1). */
    cnsim_status st = rows_of(m, reg,
                              "SELECT enzyme, fm, 0 FROM clearance_pathways WHERE drug = ?1 "
                              "UNION ALL SELECT enzyme, eh, 1 FROM first_pass_extraction WHERE drug = ?1 "
                              "ORDER BY 3, 1", 0, paths, MODEL_DDI_MAX, &np);
    if (st == CNSIM_OK)
        st = rows_of(m, reg,
                     "SELECT enzyme, kind, k_total_ng_mL, kinact_per_h, emax FROM enzyme_modulators WHERE drug = ? "
                     "ORDER BY enzyme, kind", 1, mods, MODEL_DDI_MAX, &nq);
    if (st != CNSIM_OK)
        return st;
    /* A modulator counts only where some species' clearance runs through
     * its enzyme (with interactions off: a species of its own drug); a
     * pathway only where something modulates its enzyme. */
    for (size_t j = 0; j < nq; j++) {
        long dj = (long)m->species_drug[mods[j].k];
        int used = 0;
        for (size_t i = 0; i < np && !used; i++)
            used = !strcmp(paths[i].enzyme, mods[j].enzyme) && (!own || (long)m->species_drug[paths[i].k] == dj);
        if (!used)
            continue;
        int e = enzyme_index(m, mods[j].enzyme, own ? dj : -1, 1);
        if (e < 0)
            return cnsim__fail(CNSIM_E_RANGE, "interactions: more than %d enzymes in one model", CNSIM_PK_MAX_ENZYMES);
        cnsim_pk_modulator *q = &m->ddi_mod[m->n_ddi_mod++];
        memset(q, 0, sizeof *q);
        q->drug = m->species_drug[mods[j].k];
        q->of_metabolite = m->species_is_met[mods[j].k];
        q->enzyme = e;
        q->kind = !strcmp(mods[j].kind, "competitive")       ? CNSIM_MOD_COMPETITIVE
                  : !strcmp(mods[j].kind, "mechanism-based") ? CNSIM_MOD_MECHANISM_BASED
                                                             : CNSIM_MOD_INDUCTION;
        q->k_ng_mL = mods[j].v[0];
        q->kinact_per_h = mods[j].v[1];
        q->emax = mods[j].v[2];
    }
    for (size_t i = 0; i < np; i++) {
        int e = enzyme_index(m, paths[i].enzyme, own ? (long)m->species_drug[paths[i].k] : -1, 0);
        if (e < 0)
            continue;
        cnsim_pk_pathway *w = &m->ddi_path[m->n_ddi_path++];
        w->drug = m->species_drug[paths[i].k];
        w->of_metabolite = m->species_is_met[paths[i].k];
        w->enzyme = e;
        w->fm = paths[i].v[0];
        w->is_first_pass = paths[i].v[1] != 0;
    }
    for (size_t e = 0; e < m->ddi.n_enzymes; e++) {
        sqlite3_stmt *s = NULL;
        if ((st = cnsim__reg_prepare(reg, "SELECT kdeg_per_h FROM enzyme_turnover WHERE enzyme = ?", &s)) != CNSIM_OK)
            return st;
        int found = 0;
        if ((st = cnsim__reg_bind(s, 1, m->ddi.enzyme[e])) == CNSIM_OK && sqlite3_step(s) == SQLITE_ROW) {
            m->ddi.kdeg_per_h[e] = sqlite3_column_double(s, 0);
            found = 1;
        }
        /* A failed step (out of memory included) is the finalize's to
         * report; only a clean "no row" is a missing rate. */
        cnsim_status fs = cnsim__reg_finalize(s);
        if ((st = st ? st : fs) != CNSIM_OK)
            return st;
        if (!found)
            return cnsim__fail(CNSIM_E_DB, "registry: no turnover rate for %s (table enzyme_turnover)",
                               m->ddi.enzyme[e]);
    }
    m->ddi.pathway = m->ddi_path;
    m->ddi.n_pathways = m->n_ddi_path;
    m->ddi.modulator = m->ddi_mod;
    m->ddi.n_modulators = m->n_ddi_mod;
    return CNSIM_OK;
}

const cnsim_pk_ddi *cnsim_model_ddi(const cnsim_model *m)
{
    return m && m->ddi.n_modulators ? &m->ddi : NULL;
}
