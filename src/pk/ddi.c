/* Drugs acting on each other's clearance through enzymes: competitive
 * inhibition, mechanism-based inactivation and induction with enzyme
 * turnover (include/cnsim/pk.h, "drugs acting on each other's clearance";
 * Fahmi et al. 2009, Drug Metab Dispos 37:1658, for the terms; Galetin et
 * al. 2006, Drug Metab Dispos 34:166, for the turnover written as an ODE).
 * The enzymes are states of the one coupled system CVODE solves, so an
 * inhibition starts, peaks and wears off with the inhibitor's own
 * concentrations, and an inducer's or an inactivator's effect follows the
 * enzyme's turnover. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run_impl.h"
#include "core_impl.h"

/* The concentrations the modulators act through, c[2d] parent and
 * c[2d + 1] first metabolite of drug d (total, ng/mL); a solver's
 * excursion below zero acts as none. */
static void concentrations(const cnsim_pk_run *run, const double *y, double *c)
{
    for (size_t d = 0; d < run->n_drugs; d++)
        for (int met = 0; met < 2; met++) {
            double v = met && !run->p[d].has_metabolite ? 0 : cnsim__pk_species_conc(&run->p[d], y + d * NS, met);
            c[2 * d + met] = v > 0 ? v : 0;
        }
}

/* The three sums per enzyme at concentrations conc(d, met) (the layout
 * of run->ddi_terms). */
typedef struct { double den, kin, ind; } enz_terms;
_Static_assert(sizeof(enz_terms) == 3 * sizeof(double), "run->ddi_terms holds enz_terms");

static void terms_at(const cnsim_pk_run *run, const double *conc_pm, enz_terms *t)
{
    for (size_t e = 0; e < run->n_enz; e++)
        t[e] = (enz_terms){1, 0, 0};
    for (size_t k = 0; k < run->n_mod; k++) {
        const cnsim_pk_modulator *q = &run->mod[k];
        double c = conc_pm[2 * q->drug + (q->of_metabolite ? 1 : 0)];
        enz_terms *x = &t[q->enzyme];
        switch (q->kind) {
        case CNSIM_MOD_COMPETITIVE: x->den += c / q->k_ng_mL; break;
        case CNSIM_MOD_MECHANISM_BASED: x->kin += q->kinact_per_h * c / (q->k_ng_mL + c); break;
        case CNSIM_MOD_INDUCTION: x->ind += q->emax * c / (q->k_ng_mL + c); break;
        }
    }
}

/* Multipliers m[2d + met] from the enzyme amounts rel[e] and terms, and
 * the first-pass factors g of each drug at m[2 n_drugs + d]. */
static void multipliers(const cnsim_pk_run *run, const enz_terms *t, const double *rel, double *m)
{
    size_t nd = run->n_drugs;
    for (size_t i = 0; i < 2 * nd; i++)
        m[i] = 1;
    for (size_t d = 0; d < nd; d++)
        m[2 * nd + d] = 0;   /* sum of eh (a - 1) first */
    for (size_t k = 0; k < run->n_path; k++) {
        const cnsim_pk_pathway *w = &run->path[k];
        double act = run->path_act[k] * (rel ? rel[w->enzyme] : 1.0) / t[w->enzyme].den;
        if (w->is_first_pass)
            m[2 * nd + w->drug] += w->fm * (act - 1);
        else
            m[2 * w->drug + (w->of_metabolite ? 1 : 0)] += w->fm * (act - 1);
    }
    /* g = (1 - sum eh a) / (1 - sum eh) = 1 - sum eh (a - 1) / (1 - sum eh).
     * An induced enzyme cannot extract more than everything: g stops at 0. */
    for (size_t d = 0; d < nd; d++) {
        double g = 1 - m[2 * nd + d] / (1 - run->fp_eh[d]);
        m[2 * nd + d] = g > 0 ? g : 0;
    }
}

void cnsim__ddi_eval(const cnsim_pk_run *run, const double *y, double *m, double *dy)
{
    enz_terms t[CNSIM_PK_MAX_ENZYMES];
    double rel[CNSIM_PK_MAX_ENZYMES];
    double *c = run->ddi_m;   /* concentrations first, then overwritten */
    concentrations(run, y, c);
    terms_at(run, c, t);
    const double *ye = y + run->n_drugs * NS;
    for (size_t e = 0; e < run->n_enz; e++) {
        rel[e] = 1 + ye[e];
        if (rel[e] < 0)
            rel[e] = 0;
        if (dy)
            dy[run->n_drugs * NS + e] = run->kdeg[e] * (1 + t[e].ind) - (run->kdeg[e] + t[e].kin) * rel[e];
    }
    multipliers(run, t, rel, m);
}

void cnsim__ddi_enzyme_rates(cnsim_pk_run *run, const double *y, double *u, double *b)
{
    enz_terms *t = (enz_terms *)run->ddi_terms;
    double *c = run->ddi_m;
    concentrations(run, y, c);
    terms_at(run, c, t);
    for (size_t e = 0; e < run->n_enz; e++) {
        u[e] = run->kdeg[e] * t[e].ind - t[e].kin;
        b[e] = run->kdeg[e] + t[e].kin;
    }
}

void cnsim__ddi_multipliers_at(const cnsim_pk_run *run, const double *x_enz, double *m)
{
    double rel[CNSIM_PK_MAX_ENZYMES];
    for (size_t e = 0; e < run->n_enz; e++)
        rel[e] = 1 + x_enz[e] > 0 ? 1 + x_enz[e] : 0;
    multipliers(run, (const enz_terms *)run->ddi_terms, rel, m);
}

double cnsim_pk_run_cl_multiplier(const cnsim_pk_run *run, size_t d, int of_metabolite,
                                  const double *conc_ng_mL, const double *enzyme_rel)
{
    if (!run || d >= run->n_drugs || run->n_mod == 0)
        return 1;
    enz_terms t[CNSIM_PK_MAX_ENZYMES];
    double *c = calloc(2 * run->n_drugs, sizeof *c), *m = malloc(3 * run->n_drugs * sizeof *m);
    double r = NAN;
    if (c && m) {
        for (size_t k = 0; k < run->n_out; k++)   /* parents and first metabolites act */
            if (run->out_is_met[k] <= 1)
                c[2 * (size_t)run->out_drug[k] + (run->out_is_met[k] ? 1 : 0)] = conc_ng_mL[k] > 0 ? conc_ng_mL[k] : 0;
        terms_at(run, c, t);
        multipliers(run, t, enzyme_rel, m);
        r = m[2 * d + (of_metabolite ? 1 : 0)];
    }
    free(c), free(m);
    return r;
}

void cnsim__ddi_refresh(cnsim_pk_run *run, size_t d)
{
    const cnsim_pk_params *p = &run->p[d];
    for (size_t k = 0; k < run->n_path; k++) {
        if (run->path[k].drug != d)
            continue;
        run->path_act[k] = 1;
        for (int g = 0; g < CNSIM_PK_N_GENES; g++)
            if (!strcmp(run->enz_name[run->path[k].enzyme], cnsim_pk_gene_enzyme((cnsim_pk_gene)g)))
                run->path_act[k] = 1 + p->enzyme_activity_change[g];
    }
}

size_t cnsim_pk_run_n_enzymes(const cnsim_pk_run *run) { return run->n_enz; }

const char *cnsim_pk_run_enzyme_name(const cnsim_pk_run *run, size_t e)
{
    return e < run->n_enz ? run->enz_name[e] : NULL;
}

int cnsim_pk_run_drug_is_coupled(const cnsim_pk_run *run, size_t d)
{
    return d < run->n_drugs && run->coupled && run->coupled[d];
}

void cnsim__ddi_free(cnsim_pk_run *run)
{
    free(run->path);
    free(run->mod);
    free(run->coupled);
    free(run->ddi_m);
    free(run->fp_eh);
    free(run->path_act);
    run->path = NULL, run->mod = NULL, run->coupled = NULL, run->ddi_m = NULL, run->fp_eh = NULL;
    run->path_act = NULL;
}

static int finite_pos(double x) { return isfinite(x) && x > 0; }

cnsim_status cnsim__ddi_init(cnsim_pk_run *run, const cnsim_pk_ddi *ddi)
{
    if (!ddi || ddi->n_modulators == 0)
        return CNSIM_OK;   /* pathways alone change nothing */
    size_t nd = run->n_drugs;
    if (ddi->n_enzymes == 0 || ddi->n_enzymes > CNSIM_PK_MAX_ENZYMES)
        return cnsim__fail(CNSIM_E_RANGE, "interactions: %zu enzymes; expected 1 to %d", ddi->n_enzymes,
                           CNSIM_PK_MAX_ENZYMES);
    for (size_t e = 0; e < ddi->n_enzymes; e++) {
        if (!ddi->enzyme[e][0] || !memchr(ddi->enzyme[e], 0, sizeof ddi->enzyme[e]))
            return cnsim__fail(CNSIM_E_RANGE, "interactions: enzyme %zu has no name (or one of 16 characters or more)", e);
        if (!finite_pos(ddi->kdeg_per_h[e]))
            return cnsim__fail(CNSIM_E_RANGE, "interactions: kdeg of %s = %g per h; expected a finite rate > 0",
                               ddi->enzyme[e], ddi->kdeg_per_h[e]);
    }
    double *sum = calloc(3 * nd, sizeof *sum);   /* fm per species, then eh per drug */
    if (!sum)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for the interactions");
    cnsim_status st = CNSIM_OK;
    for (size_t k = 0; k < ddi->n_pathways && st == CNSIM_OK; k++) {
        const cnsim_pk_pathway *w = &ddi->pathway[k];
        if (w->drug >= nd || w->enzyme < 0 || (size_t)w->enzyme >= ddi->n_enzymes)
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: pathway %zu: drug %zu, enzyme %d; expected drug < %zu, enzyme < %zu",
                             k, w->drug, w->enzyme, nd, ddi->n_enzymes);
        else if (w->of_metabolite && !run->p[w->drug].has_metabolite)
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: pathway %zu names the metabolite of %s, which has none modelled",
                             k, run->p[w->drug].name);
        else if (w->is_first_pass && w->of_metabolite)
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: pathway %zu: a first pass of the metabolite of %s; expected the parent (doses enter as the parent)",
                             k, run->p[w->drug].name);
        else if (w->is_first_pass && !(w->fm >= 0 && (sum[2 * nd + w->drug] += w->fm) < 1))
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: the first-pass extraction of %s through %s = %g (%g in all); expected 0 <= eh and a sum below 1",
                             run->p[w->drug].name, ddi->enzyme[w->enzyme], w->fm, sum[2 * nd + w->drug]);
        else if (w->is_first_pass)
            continue;
        else if (!(w->fm >= 0 && w->fm <= 1))
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: fm of %s%s through %s = %g; expected 0 <= fm <= 1",
                             w->of_metabolite ? "the metabolite of " : "", run->p[w->drug].name,
                             ddi->enzyme[w->enzyme], w->fm);
        else if ((sum[2 * w->drug + !!w->of_metabolite] += w->fm) > 1 + 1e-9)
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: the fractions of %s%s's clearance by enzyme sum to %g; expected at most 1",
                             w->of_metabolite ? "the metabolite of " : "", run->p[w->drug].name,
                             sum[2 * w->drug + !!w->of_metabolite]);
    }
    for (size_t k = 0; k < ddi->n_modulators && st == CNSIM_OK; k++) {
        const cnsim_pk_modulator *q = &ddi->modulator[k];
        if (q->drug >= nd || q->enzyme < 0 || (size_t)q->enzyme >= ddi->n_enzymes)
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: modulator %zu: drug %zu, enzyme %d; expected drug < %zu, enzyme < %zu",
                             k, q->drug, q->enzyme, nd, ddi->n_enzymes);
        else if (q->of_metabolite && !run->p[q->drug].has_metabolite)
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: modulator %zu names the metabolite of %s, which has none modelled",
                             k, run->p[q->drug].name);
        else if (q->kind < CNSIM_MOD_COMPETITIVE || q->kind > CNSIM_MOD_INDUCTION)
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: modulator %zu: kind %d; expected competitive (1), mechanism-based (2) or induction (3)",
                             k, (int)q->kind);
        else if (!finite_pos(q->k_ng_mL))
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: %s on %s: constant %g ng/mL; expected a finite value > 0",
                             run->p[q->drug].name, ddi->enzyme[q->enzyme], q->k_ng_mL);
        else if (q->kind == CNSIM_MOD_MECHANISM_BASED && !finite_pos(q->kinact_per_h))
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: %s on %s: kinact %g per h; expected a finite rate > 0",
                             run->p[q->drug].name, ddi->enzyme[q->enzyme], q->kinact_per_h);
        else if (q->kind == CNSIM_MOD_INDUCTION && !finite_pos(q->emax))
            st = cnsim__fail(CNSIM_E_RANGE, "interactions: %s on %s: Emax %g; expected a finite value > 0",
                             run->p[q->drug].name, ddi->enzyme[q->enzyme], q->emax);
    }
    if (st != CNSIM_OK) {
        free(sum);
        return st;
    }
    run->path = malloc((ddi->n_pathways ? ddi->n_pathways : 1) * sizeof *run->path);
    run->mod = malloc(ddi->n_modulators * sizeof *run->mod);
    run->coupled = calloc(nd, 1);
    run->ddi_m = malloc(3 * nd * sizeof *run->ddi_m);
    run->fp_eh = malloc(nd * sizeof *run->fp_eh);
    run->path_act = malloc((ddi->n_pathways ? ddi->n_pathways : 1) * sizeof *run->path_act);
    if (!run->path || !run->mod || !run->coupled || !run->ddi_m || !run->fp_eh || !run->path_act) {
        free(sum);
        cnsim__ddi_free(run);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for the interactions");
    }
    memcpy(run->fp_eh, sum + 2 * nd, nd * sizeof *run->fp_eh);
    free(sum);
    if (ddi->n_pathways)
        memcpy(run->path, ddi->pathway, ddi->n_pathways * sizeof *run->path);
    memcpy(run->mod, ddi->modulator, ddi->n_modulators * sizeof *run->mod);
    run->n_path = ddi->n_pathways;
    for (size_t k = 0; k < run->n_path; k++)
        run->path_act[k] = 1;   /* the drugs' own activities: cnsim__ddi_refresh */
    run->n_mod = ddi->n_modulators;
    run->n_enz = ddi->n_enzymes;
    for (size_t e = 0; e < run->n_enz; e++) {
        memcpy(run->enz_name[e], ddi->enzyme[e], sizeof run->enz_name[e]);
        run->kdeg[e] = ddi->kdeg_per_h[e];
    }
    /* A drug is coupled when its clearance runs through an enzyme another
     * drug modulates, or when it modulates one another drug depends on. */
    for (size_t k = 0; k < run->n_path; k++)
        for (size_t j = 0; j < run->n_mod; j++)
            if (run->path[k].enzyme == run->mod[j].enzyme && run->path[k].fm > 0 &&
                run->path[k].drug != run->mod[j].drug)
                run->coupled[run->path[k].drug] = run->coupled[run->mod[j].drug] = 1;
    return CNSIM_OK;
}
