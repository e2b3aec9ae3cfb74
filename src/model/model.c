/* The model: everything the chain needs for a set of drugs, read from the
 * registry once (include/cnsim/model.h). After cnsim_model_create returns
 * nothing here touches the registry again, and nothing changes: runs in
 * many threads read one model. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "core_impl.h"
#include "pk/pk_impl.h"
#include "registry/registry_impl.h"

cnsim_model_opts cnsim_model_opts_default(void)
{
    cnsim_model_opts o;
    memset(&o, 0, sizeof o);
    o.pk = cnsim_solver_opts_default();
    o.pd = cnsim_pd_opts_default();
    o.patient = NULL;
    return o;
}

int cnsim_finding_is_warning(const cnsim_finding *f)
{
    return strcmp(f->severity, "info") && strcmp(f->severity, "minor");
}

int cnsim__finding_add(cnsim_finding **arr, size_t *n, size_t *cap, const char *code, const char *severity,
                       const char *source, const char *fmt, ...)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        cnsim_finding *p = realloc(*arr, c * sizeof *p);
        if (!p)
            return -1;
        *arr = p, *cap = c;
    }
    cnsim_finding *f = &(*arr)[(*n)++];
    cnsim__strlcpy(f->code, code, sizeof f->code);
    cnsim__strlcpy(f->severity, severity, sizeof f->severity);
    cnsim__strlcpy(f->source, source ? source : "", sizeof f->source);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    return 0;
}

void cnsim_model_free(cnsim_model *m)
{
    if (!m)
        return;
    for (size_t d = 0; d < m->n_drugs; d++)
        free(m->cov[d]);
    cnsim_excitability_map_free(m->exmap);
    free(m->findings);
    free(m->interactions);
    free(m);
}

static cnsim_status oom(void) { return cnsim__fail(CNSIM_E_NOMEM, "out of memory building the model"); }

/* The half-lives that set the automatic horizon of drug d: after its last
 * dose, the slowest of the terminal half-lives of its active species and
 * the recovery of the adaptation they drive; towards steady state, the
 * slowest of those half-lives and of every slow state they drive. */
static cnsim_status horizon_of(cnsim_model *m, size_t d)
{
    horizon_info *h = &m->horizon[d];
    int any_target = m->has_bzd || m->has_sert, bzd = 0, sert = 0;
    h->off_h = h->on_h = 0;
    for (size_t k = 0; k < m->n_species; k++) {
        if (m->species_drug[k] != d || (any_target && m->pd[k].target == CNSIM_PD_TARGET_NONE))
            continue;
        bzd |= m->pd[k].target == CNSIM_PD_TARGET_BZD;
        sert |= m->pd[k].target == CNSIM_PD_TARGET_SERT;
        double t;
        cnsim_status st = cnsim__pk_terminal_half_life_h(&m->pk[d], m->species_is_met[k], &t);
        if (st != CNSIM_OK)
            return st;
        if (t > h->off_h) {
            h->off_h = h->on_h = t;
            snprintf(h->off_what, sizeof h->off_what, "the terminal half-life of %s", m->species[k]);
            snprintf(h->on_what, sizeof h->on_what, "the terminal half-life of %s", m->species[k]);
        }
    }
    const cnsim_pd_system_params *s = &m->sys;
    struct { int on; double t; const char *off, *onw; } pd[] = {
        {bzd, s->dep_t_half_off_h, "the recovery half-life of GABA-A adaptation", NULL},
        {bzd, s->dep_t_half_on_h, NULL, "the half-life of GABA-A adaptation"},
        {bzd, s->dep_slow_t_half_off_h, "the recovery half-life of GABA-A dependence", NULL},
        {bzd, s->dep_slow_t_half_on_h, NULL, "the half-life of GABA-A dependence"},
        {sert, s->ssri_adapt_t_half_off_h, "the recovery half-life of the adapted SERT occupancy", NULL},
        {sert, s->ssri_adapt_t_half_on_h, NULL, "the half-life of the adapted SERT occupancy"},
        /* The antidepressant effect's decay after a stop (ad_t_half_off_h,
         * 9 weeks) is left out on purpose: 5 of them would be 10 months of
         * relapse course after every stopped SSRI regimen; ask for it with
         * --until. */
        {bzd, s->tol_anx_t_half_h, NULL, "the half-life of anxiolytic tolerance"},
        {bzd, s->tol_sed_t_half_h, NULL, "the half-life of sedative tolerance"},
        {bzd, s->tol_conv_t_half_h, NULL, "the half-life of anticonvulsant tolerance"},
        {sert, s->auto_t_half_h, "the half-life of 5-HT1A autoreceptor recovery",
         "the half-life of 5-HT1A autoreceptor desensitisation"},
    };
    for (size_t i = 0; i < sizeof pd / sizeof pd[0]; i++) {
        if (!pd[i].on)
            continue;
        if (pd[i].off && pd[i].t > h->off_h) {
            h->off_h = pd[i].t;
            cnsim__strlcpy(h->off_what, pd[i].off, sizeof h->off_what);
        }
        if (pd[i].onw && pd[i].t > h->on_h) {
            h->on_h = pd[i].t;
            cnsim__strlcpy(h->on_what, pd[i].onw, sizeof h->on_what);
        }
    }
    return CNSIM_OK;
}

cnsim_status cnsim_model_create(cnsim_registry *reg, const cnsim_model_drug *drugs, size_t n_drugs,
                                const cnsim_model_opts *opts, cnsim_model **out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_model_create: out is NULL");
    *out = NULL;
    if (!reg || !drugs)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_model_create: NULL registry or drugs");
    if (n_drugs == 0 || n_drugs > MODEL_MAX_DRUGS)
        return cnsim__fail(CNSIM_E_ARG, "a model takes 1 to %d drugs (got %zu)", MODEL_MAX_DRUGS, n_drugs);
    cnsim_model *m = calloc(1, sizeof *m);
    if (!m)
        return oom();
    m->opts = opts ? *opts : cnsim_model_opts_default();
    cnsim_status st = cnsim_pd_opts_check(&m->opts.pd);
    if (m->opts.patient) {
        m->patient = *m->opts.patient;
        m->has_patient = 1;
    }
    m->opts.patient = m->has_patient ? &m->patient : NULL;
    cnsim__strlcpy(m->registry, cnsim_registry_location(reg), sizeof m->registry);
    int linear = 1;
    int known[MODEL_MAX_DRUGS];   /* the registry knows the drug */
    for (size_t d = 0; st == CNSIM_OK && d < n_drugs; d++) {
        const cnsim_model_drug *in = &drugs[d];
        char canon[CNSIM_NAME_MAX];
        st = cnsim_registry_resolve(reg, in->name ? in->name : "", canon);
        known[d] = st == CNSIM_OK;
        if (cnsim_status_is_input_error(st) && in->pk) {
            /* A drug from a model file that the registry does not know. */
            cnsim__strlcpy(canon, in->pk->name, sizeof canon);
            cnsim__clear_error();
            st = CNSIM_OK;
        }
        if (st != CNSIM_OK)
            break;
        for (size_t e = 0; e < d; e++)
            if (!strcmp(m->drug[e], canon)) {
                st = cnsim__fail(CNSIM_E_ARG, "%s is given twice; expected each drug once (join its regimens with 'then')",
                                 canon);
                break;
            }
        if (st != CNSIM_OK)
            break;
        cnsim__strlcpy(m->drug[d], canon, sizeof m->drug[d]);
        cnsim__strlcpy(m->form[d], in->formulation ? in->formulation : "", sizeof m->form[d]);
        if (in->pk) {
            m->pk_ref[d] = *in->pk;
            cnsim__strlcpy(m->pk_ref[d].name, canon, sizeof m->pk_ref[d].name);
        } else if ((st = cnsim_registry_pk_params(reg, canon, m->form[d], &m->pk_ref[d])) != CNSIM_OK) {
            break;
        }
        if ((st = cnsim_pk_params_check(&m->pk_ref[d])) != CNSIM_OK)
            break;
        linear &= !(m->pk_ref[d].vmax_mg_per_h > 0);
        m->pk[d] = m->pk_ref[d];
        m->n_drugs = d + 1;
        int nc = 0;
        st = cnsim__registry_classes(reg, canon, m->classes[d], MODEL_MAX_CLASSES, &nc);
        if (cnsim_status_is_input_error(st) && in->pk)
            st = CNSIM_OK;   /* a drug of a model file has no classes */
        if (st != CNSIM_OK)
            break;
        m->n_classes[d] = (size_t)nc;
        char ind[200] = "", src[300] = "";
        double mx = 0;
        /* No labelled maximum is an answer (CNSIM_E_ARG); a failed query is not. */
        cnsim_status ls = cnsim_registry_max_daily_dose(reg, canon, &mx, ind, sizeof ind, src, sizeof src);
        if (ls != CNSIM_OK && !cnsim_status_is_input_error(ls)) {
            st = ls;
            break;
        }
        if (ls == CNSIM_OK && mx > 0) {
            m->label_max[d] = mx;
            cnsim__strlcpy(m->label_ind[d], ind, sizeof m->label_ind[d]);
            cnsim__strlcpy(m->label_src[d], src, sizeof m->label_src[d]);
        }
        if (!(m->cov[d] = malloc(sizeof *m->cov[d]))) {
            st = oom();
            break;
        }
        if (!known[d]) {   /* a model file's drug: no covariate rules of its own */
            memset(m->cov[d], 0, sizeof *m->cov[d]);
            cnsim__strlcpy(m->cov[d]->drug, canon, sizeof m->cov[d]->drug);
        } else if ((st = cnsim__cov_rules_load(reg, canon, m->cov[d])) != CNSIM_OK)
            break;
    }
    if (st == CNSIM_OK && m->opts.pk.kind == CNSIM_SOLVER_CLOSED && !linear)
        st = cnsim__fail(CNSIM_E_ARG, "solver 'closed' needs linear models, but a drug here has Michaelis-Menten elimination; expected --solver cvode or auto");
    /* The patient: covariate effects on PK, then the label precautions. */
    for (size_t d = 0; st == CNSIM_OK && m->has_patient && d < m->n_drugs; d++) {
        cnsim_patient_finding f[32];
        size_t n = 0;
        if ((st = cnsim__cov_rules_apply(m->cov[d], &m->patient, &m->pk[d], f, 32, &n)) != CNSIM_OK)
            break;
        for (size_t i = 0; i < n && i < 32; i++)
            if (cnsim__finding_add(&m->findings, &m->n_findings, &m->cap_findings, f[i].code, f[i].severity,
                                   f[i].source, "%s", f[i].message))
                st = oom();
        n = 0;   /* a model file's drug has no label precautions in the registry */
        if (st == CNSIM_OK && known[d] && (st = cnsim_patient_check(reg, &m->patient, m->drug[d], f, 32, &n)) != CNSIM_OK)
            break;
        for (size_t i = 0; st == CNSIM_OK && i < n && i < 32; i++)
            if (cnsim__finding_add(&m->findings, &m->n_findings, &m->cap_findings, f[i].code, f[i].severity,
                                   f[i].source, "%s", f[i].message))
                st = oom();
        if (st == CNSIM_OK && known[d] &&
            (st = cnsim_patient_dose_limits(reg, &m->patient, m->drug[d], m->dose_lim[d], MODEL_MAX_DOSE_LIMITS,
                                            &n)) == CNSIM_OK)
            m->n_dose_lim[d] = n < MODEL_MAX_DOSE_LIMITS ? n : MODEL_MAX_DOSE_LIMITS;
        if (st == CNSIM_OK)
            st = cnsim_pk_params_check(&m->pk[d]);
    }
    /* Species: the drugs, then their metabolites (the PK run's order). */
    for (size_t d = 0; st == CNSIM_OK && d < m->n_drugs; d++) {
        cnsim__strlcpy(m->species[m->n_species], m->drug[d], CNSIM_NAME_MAX);
        m->species_drug[m->n_species++] = d;
    }
    for (size_t d = 0; st == CNSIM_OK && d < m->n_drugs; d++)
        if (m->pk[d].has_metabolite) {
            cnsim__strlcpy(m->species[m->n_species], m->pk[d].metabolite, CNSIM_NAME_MAX);
            m->species_is_met[m->n_species] = 1;
            m->species_drug[m->n_species++] = d;
        }
    /* species_is_met holds the metabolite's number (2, 3: further ones). */
    for (size_t d = 0; st == CNSIM_OK && d < m->n_drugs; d++)
        for (int i = 0; i < m->pk[d].n_more_metabolites; i++) {
            cnsim__strlcpy(m->species[m->n_species], m->pk[d].more[i].name, CNSIM_NAME_MAX);
            m->species_is_met[m->n_species] = i + 2;
            m->species_drug[m->n_species++] = d;
        }
    /* Output names: a species two drugs form (nordiazepam from diazepam
     * and from chlordiazepoxide) is named after each, so columns and keys
     * stay unique. */
    for (size_t k = 0; st == CNSIM_OK && k < m->n_species; k++) {
        int twice = 0;
        for (size_t k2 = 0; k2 < m->n_species; k2++)
            twice |= k2 != k && !strcmp(m->species[k2], m->species[k]);
        if (twice)
            snprintf(m->species_label[k], sizeof m->species_label[k], "%.28s_of_%.28s", m->species[k],
                     m->drug[m->species_drug[k]]);
        else
            cnsim__strlcpy(m->species_label[k], m->species[k], sizeof m->species_label[k]);
    }
    for (size_t k = 0; st == CNSIM_OK && k < m->n_species; k++) {
        char canon[CNSIM_NAME_MAX];
        cnsim_status rs = cnsim_registry_resolve(reg, m->species[k], canon);
        if (rs != CNSIM_OK && !cnsim_status_is_input_error(rs)) {
            st = rs;
            break;
        }
        if (rs != CNSIM_OK) {
            /* unknown to the registry (a model file): no CNS target */
            memset(&m->pd[k], 0, sizeof m->pd[k]);
            cnsim__strlcpy(m->pd[k].name, m->species[k], sizeof m->pd[k].name);
            continue;
        }
        if ((st = cnsim_registry_pd_params(reg, canon, &m->pd[k])) != CNSIM_OK ||
            (st = cnsim_pd_drug_check(&m->pd[k])) != CNSIM_OK)
            break;
        m->has_bzd |= m->pd[k].target == CNSIM_PD_TARGET_BZD;
        m->has_sert |= m->pd[k].target == CNSIM_PD_TARGET_SERT;
    }
    if (st == CNSIM_OK && (m->has_bzd || m->has_sert)) {
        if ((st = cnsim_registry_pd_system(reg, &m->sys)) == CNSIM_OK)
            st = cnsim_pd_system_check(&m->sys);
        /* The map is optional: without it the run has no network columns. */
        cnsim_status xs = st == CNSIM_OK ? cnsim_registry_excitability_map(reg, &m->exmap, &m->n_exmap) : st;
        if (xs == CNSIM_E_NOMEM)
            st = xs;
        else if (st == CNSIM_OK && xs != CNSIM_OK) {
            m->exmap = NULL;
            m->n_exmap = 0;
        }
    }
    if (st == CNSIM_OK)
        st = cnsim__model_ddi_load(m, reg);
    if (st == CNSIM_OK && m->opts.pk.kind == CNSIM_SOLVER_CLOSED && m->ddi.n_modulators)
        st = cnsim__fail(CNSIM_E_ARG, "solver 'closed' needs linear models, but drugs here act on each other's clearance through %s; expected --solver cvode or auto",
                         m->ddi.enzyme[0]);
    if (st == CNSIM_OK)
        st = cnsim__model_interactions(m, reg);
    for (size_t i = 0; st == CNSIM_OK && i < m->n_interactions; i++) {
        const cnsim_interaction *x = &m->interactions[i];
        char code[48];
        snprintf(code, sizeof code, "interaction_%s", x->severity);
        for (char *c = code; *c; c++)
            if (*c == '-')
                *c = '_';
        if (cnsim__finding_add(&m->findings, &m->n_findings, &m->cap_findings, code, x->severity, x->source,
                               "%s + %s: %s. %s", x->drugs[0], x->drugs[1], x->mechanism, x->advice))
            st = oom();
    }
    for (size_t d = 0; st == CNSIM_OK && d < m->n_drugs; d++)
        st = horizon_of(m, d);
    if (st != CNSIM_OK) {
        cnsim_model_free(m);
        return st;
    }
    *out = m;
    return cnsim__done(CNSIM_OK);
}

size_t cnsim_model_n_drugs(const cnsim_model *m) { return m->n_drugs; }
const char *cnsim_model_drug_name(const cnsim_model *m, size_t d) { return d < m->n_drugs ? m->drug[d] : NULL; }

long cnsim_model_drug_index(const cnsim_model *m, const char *name)
{
    for (size_t d = 0; name && d < m->n_drugs; d++)
        if (!strcmp(m->drug[d], name))
            return (long)d;
    return -1;
}

const cnsim_pk_params *cnsim_model_pk_params(const cnsim_model *m, size_t d)
{
    return d < m->n_drugs ? &m->pk[d] : NULL;
}

const cnsim_pk_params *cnsim_model_pk_params_reference(const cnsim_model *m, size_t d)
{
    return d < m->n_drugs ? &m->pk_ref[d] : NULL;
}

cnsim_status cnsim_model_pk_params_for(const cnsim_model *m, size_t d, const cnsim_patient *p,
                                       cnsim_pk_params *out, cnsim_patient_finding *notes, size_t n_max,
                                       size_t *n_notes)
{
    cnsim__clear_error();
    size_t n = 0;
    if (d >= m->n_drugs)
        return cnsim__fail(CNSIM_E_ARG, "model: drug %zu; expected 0..%zu", d, m->n_drugs - 1);
    *out = m->pk_ref[d];
    cnsim_status st = p ? cnsim__cov_rules_apply(m->cov[d], p, out, notes, notes ? n_max : 0, &n) : CNSIM_OK;
    if (n_notes)
        *n_notes = n;
    return st;
}

const char *cnsim_model_formulation(const cnsim_model *m, size_t d) { return d < m->n_drugs ? m->form[d] : NULL; }

double cnsim_model_label_max_mg_per_day(const cnsim_model *m, size_t d, const char **indication,
                                        const char **source)
{
    if (d >= m->n_drugs)
        return 0;
    if (indication)
        *indication = m->label_ind[d];
    if (source)
        *source = m->label_src[d];
    return m->label_max[d];
}

size_t cnsim_model_drug_n_classes(const cnsim_model *m, size_t d) { return d < m->n_drugs ? m->n_classes[d] : 0; }

const char *cnsim_model_drug_class(const cnsim_model *m, size_t d, size_t i)
{
    return d < m->n_drugs && i < m->n_classes[d] ? m->classes[d][i] : NULL;
}

int cnsim_model_drug_is_a(const cnsim_model *m, size_t d, const char *cls)
{
    for (size_t i = 0; d < m->n_drugs && cls && i < m->n_classes[d]; i++)
        if (!strcmp(m->classes[d][i], cls))
            return 1;
    return 0;
}

size_t cnsim_model_n_species(const cnsim_model *m) { return m->n_species; }
const char *cnsim_model_species_name(const cnsim_model *m, size_t k) { return k < m->n_species ? m->species[k] : NULL; }
const char *cnsim_model_species_label(const cnsim_model *m, size_t k) { return k < m->n_species ? m->species_label[k] : NULL; }
size_t cnsim_model_species_drug(const cnsim_model *m, size_t k) { return k < m->n_species ? m->species_drug[k] : 0; }
int cnsim_model_species_is_metabolite(const cnsim_model *m, size_t k) { return k < m->n_species && m->species_is_met[k] != 0; }

const cnsim_pd_drug_params *cnsim_model_species_pd(const cnsim_model *m, size_t k)
{
    return k < m->n_species ? &m->pd[k] : NULL;
}

int cnsim_model_has_target(const cnsim_model *m, cnsim_pd_target t)
{
    switch (t) {
    case CNSIM_PD_TARGET_BZD: return m->has_bzd;
    case CNSIM_PD_TARGET_SERT: return m->has_sert;
    default: return m->has_bzd || m->has_sert;
    }
}

const cnsim_pd_system_params *cnsim_model_pd_system(const cnsim_model *m) { return &m->sys; }
const cnsim_model_opts *cnsim_model_opts_get(const cnsim_model *m) { return &m->opts; }

const cnsim_excitability_point *cnsim_model_excitability_map(const cnsim_model *m, size_t *n)
{
    if (n)
        *n = m->n_exmap;
    return m->exmap;
}

const char *cnsim_model_registry_location(const cnsim_model *m) { return m->registry; }
size_t cnsim_model_n_findings(const cnsim_model *m) { return m->n_findings; }
const cnsim_finding *cnsim_model_finding(const cnsim_model *m, size_t i) { return i < m->n_findings ? &m->findings[i] : NULL; }
size_t cnsim_model_n_interactions(const cnsim_model *m) { return m->n_interactions; }

const cnsim_interaction *cnsim_model_interaction(const cnsim_model *m, size_t i)
{
    return i < m->n_interactions ? &m->interactions[i] : NULL;
}
