/* The "drug-chain" population model: one model of the scenario's drugs,
 * built once from the registry when the scenario is read; each thread runs
 * it (cnsim/model.h: PK with effect sites -> receptor occupancy ->
 * adaptation -> effects, withdrawal), each subject with individual PK
 * parameters:
 *   typical values from the registry, times the registry's published
 *   covariate effects for the subject's profile (applied in memory from
 *   the model: age, weight, hepatic function, CYP2C19/CYP2D6 phenotype),
 *   times the scenario's covariate effects, times exp(ETA) (CL, V =
 *   central volume, KA; F on the logit scale).
 * Default OMEGA: the published between-subject variability in
 * data/95_population.sql (population_iiv). With an SSRI the subject's HAM-D
 * course follows from the antidepressant index and the symptom model's
 * between-patient variability (cnsim_course_patient, the same stream
 * rule as `cnsim bridge --patients`). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "population/pop_impl.h"
#include "cnsim/pd.h"
#include "cnsim/pk.h"
#include "core_impl.h"
#include "registry/registry_impl.h"

enum { Q_CL, Q_V, Q_KA, Q_F, Q_N };
static const char *const q_names[Q_N] = {"CL", "V", "KA", "F"};
static const char *const pd_out[] = {"gabaa_bzd_occupancy_frac", "anxiolysis_index", "sedation_index",
                                     "withdrawal_index", "gabaa_effective_modulation", "sert_occupancy_frac",
                                     "antidepressant_index"};
#define N_PD_OUT (sizeof pd_out / sizeof pd_out[0])

/* A model file's OMEGA: the drug chain varies CL, V, KA and F (the file's
 * F1); another parameter's variance would be dropped without a word, so it
 * is refused. */
static cnsim_status file_omega(cnsim_pop_spec *s, size_t d)
{
    const cnsim_pk_model *m = s->file_model[d];
    for (int j = 0; j < m->n_omega; j++) {
        const char *nm = m->omega_name[j];
        int k = !strcmp(nm, "F1") ? Q_F : -1;
        for (int q = 0; q < Q_F && k < 0; q++)
            if (!strcmp(nm, q_names[q]))
                k = q;
        if (k < 0)
            return cnsim__fail(CNSIM_E_ARG, "%s: omega %s (%g); a drug-chain population varies CL, V, KA and F1; "
                               "expected OMEGA on those only", s->file_path[d], nm, m->omega[j]);
        size_t i = d * Q_N + (size_t)k;
        s->omega[i * POP_MAX_PARAMS + i] = m->omega[j];
        snprintf(s->omega_src[i], sizeof s->omega_src[i], "model file %.50s", s->file_path[d]);
    }
    return CNSIM_OK;
}

static cnsim_status published_omega(cnsim_pop_spec *s, cnsim_registry *reg)
{
    sqlite3_stmt *q = NULL;
    cnsim_status st = cnsim__reg_prepare(reg, "SELECT param, omega2, source FROM population_iiv WHERE drug = ?", &q);
    if (st != CNSIM_OK)
        return st;
    for (size_t d = 0; d < s->n_drugs && st == CNSIM_OK; d++) {
        if (s->file_model[d]) {   /* the file's OMEGA, not the registry's */
            st = file_omega(s, d);
            continue;
        }
        if ((st = cnsim__reg_bind(q, 1, s->pk[d].name)) != CNSIM_OK)
            break;
        while (sqlite3_step(q) == SQLITE_ROW) {
            const char *p = cnsim__reg_text(q, 0);
            for (int k = 0; k < Q_N; k++)
                if (!strcmp(p, q_names[k])) {
                    size_t i = d * Q_N + (size_t)k;
                    s->omega[i * POP_MAX_PARAMS + i] = sqlite3_column_double(q, 1);
                    cnsim__strlcpy(s->omega_src[i], cnsim__reg_text(q, 2), sizeof s->omega_src[i]);
                }
        }
        st = cnsim__reg_reset(q);
    }
    cnsim_status fs = cnsim__reg_finalize(q);
    return st ? st : fs;
}

cnsim_status cnsim__pop_chain_prepare(cnsim_pop_spec *s, cnsim_registry *reg)
{
    cnsim_status st;
    s->n_drugs = s->ev.n_drugs;
    if (s->n_drugs > POP_MAX_DRUGS)
        return cnsim__fail(CNSIM_E_RANGE, "%zu drugs; at most %d", s->n_drugs, POP_MAX_DRUGS);
    cnsim_model_drug md[POP_MAX_DRUGS];
    for (size_t d = 0; d < s->n_drugs; d++)
        md[d] = (cnsim_model_drug){s->ev.drugs[d], s->form[d], s->file_model[d] ? &s->file_model[d]->pk : NULL};
    cnsim_model_opts mo = cnsim_model_opts_default();
    mo.interactions_off = s->interactions_off;
    if ((st = cnsim_model_create(reg, md, s->n_drugs, &mo, &s->chain)) != CNSIM_OK)
        return st;
    s->has_ssri = cnsim_model_has_target(s->chain, CNSIM_PD_TARGET_SERT);
    for (size_t d = 0; d < s->n_drugs; d++) {
        s->pk[d] = *cnsim_model_pk_params_reference(s->chain, d);
        for (int k = 0; k < Q_N; k++) {
            size_t i = d * Q_N + (size_t)k;
            snprintf(s->par[i], POP_NAME, "%.30s.%s", s->pk[d].name, q_names[k]);
            s->eta_on_logit[i] = k == Q_F;
            s->theta[i] = k == Q_CL ? s->pk[d].cl_L_per_h : k == Q_V ? s->pk[d].v1_L
                        : k == Q_KA ? s->pk[d].ka_per_h : s->pk[d].f;
        }
    }
    s->n_par = s->n_drugs * Q_N;
    if ((st = published_omega(s, reg)) != CNSIM_OK)
        return st;
    /* outputs: concentrations of drugs and metabolites, then the PD */
    size_t n_k = cnsim_model_n_species(s->chain);
    s->n_model_out = 0, s->n_metrics = 0;
    for (size_t k = 0; k < n_k; k++) {
        const char *nm = cnsim_model_species_label(s->chain, k);
        snprintf(s->out[s->n_model_out++], POP_NAME, "%.36s_ng_mL", nm);
        snprintf(s->metric[s->n_metrics++], POP_NAME, "%.30s_cmax_ng_mL", nm);
        snprintf(s->metric[s->n_metrics++], POP_NAME, "%.30s_auc_ng_h_mL", nm);
    }
    for (size_t k = 0; k < N_PD_OUT; k++)
        cnsim__strlcpy(s->out[s->n_model_out++], pd_out[k], POP_NAME);
    static const char *const pd_metrics[] = {"bzd_occupancy_max", "sedation_index_max", "withdrawal_index_max",
                                             "withdrawal_hours_above_threshold"};
    for (size_t k = 0; k < 4; k++)
        cnsim__strlcpy(s->metric[s->n_metrics++], pd_metrics[k], POP_NAME);
    if (!(s->withdrawal_threshold > 0))
        s->withdrawal_threshold = cnsim_model_pd_system(s->chain)->withdrawal_threshold;
    if (s->has_ssri) {
        if ((st = cnsim_course_params_load(reg, &s->course)) != CNSIM_OK)
            return st;
        cnsim__strlcpy(s->out[s->n_model_out++], "hamd_score", POP_NAME);
        cnsim__strlcpy(s->metric[s->n_metrics++], "weeks_to_response", POP_NAME);
    }
    return CNSIM_OK;
}

cnsim_status cnsim__pop_chain_simulate(const cnsim_pop_spec *s, pop_ws *ws, size_t id,
                                       unsigned long seed, const double *par, const pop_cov *cov,
                                       double *out, double *metrics)
{
    cnsim_status st;
    for (size_t d = 0; d < s->n_drugs; d++) {
        cnsim_pk_params pk;
        if ((st = cnsim_model_pk_params_for(s->chain, d, &cov->patient, &pk, NULL, 0, NULL)) != CNSIM_OK)
            return st;
        /* par holds THETA (registry value or the scenario's) * effects *
         * exp(ETA); applied as a factor on the registry value adjusted for
         * the profile's published covariate effects */
        const double *p = par + d * Q_N;
        double f_cl = p[Q_CL] / s->pk[d].cl_L_per_h, f_v = p[Q_V] / s->pk[d].v1_L, f_ka = p[Q_KA] / s->pk[d].ka_per_h;
        if (!(f_cl > 0) || !(f_v > 0) || !(f_ka > 0) || !isfinite(f_cl * f_v * f_ka))
            return cnsim__fail(CNSIM_E_RANGE, "%s: CL %g, V %g, KA %g; expected positive values", pk.name,
                               p[Q_CL], p[Q_V], p[Q_KA]);
        pk.cl_L_per_h *= f_cl;
        pk.vmax_mg_per_h *= f_cl;
        pk.v1_L *= f_v;
        pk.ka_per_h *= f_ka;
        if (!(p[Q_F] > 0 && p[Q_F] <= 1))
            return cnsim__fail(CNSIM_E_RANGE, "%s: F %g; expected 0 < F <= 1", pk.name, p[Q_F]);
        pk.f = p[Q_F];
        if ((st = cnsim_run_set_pk_params(ws->run, d, &pk)) != CNSIM_OK)
            return st;
    }
    size_t nt = s->n_times, no = s->n_model_out;
    if ((st = cnsim_run_simulate(ws->run)) != CNSIM_OK)
        return st;
    const cnsim_pd_state *ps = cnsim_run_pd(ws->run);
    const double *conc = cnsim_run_conc(ws->run);
    size_t n_k = cnsim_model_n_species(s->chain), cap = n_k;
    static const cnsim_pd_state zero;
    if (st == CNSIM_OK) {
        for (size_t i = 0; i < nt; i++) {
            double *o = out + i * no;
            size_t k = 0;
            for (; k < n_k; k++)
                o[k] = conc[i * cap + k];
            const cnsim_pd_state *q = ps ? &ps[i] : &zero;
            o[k++] = q->bzd_occupancy, o[k++] = q->anxiolysis, o[k++] = q->sedation, o[k++] = q->withdrawal;
            o[k++] = q->effective_modulation, o[k++] = q->sert_occupancy, o[k++] = q->antidepressant;
        }
        size_t m = 0;
        for (size_t k = 0; k < n_k; k++) {
            double cmax = 0, auc = 0;
            for (size_t i = 0; i < nt; i++) {
                cmax = fmax(cmax, out[i * no + k]);
                if (i)
                    auc += 0.5 * (out[i * no + k] + out[(i - 1) * no + k]) * (s->times[i] - s->times[i - 1]);
            }
            metrics[m++] = cmax, metrics[m++] = auc;
        }
        double occ = 0, sed = 0;
        for (size_t i = 0; ps && i < nt; i++)
            occ = fmax(occ, ps[i].bzd_occupancy), sed = fmax(sed, ps[i].sedation);
        cnsim_pd_withdrawal_summary wsum = {0};
        if (ps)
            cnsim_pd_withdrawal_summarize(s->times, ps, nt, s->withdrawal_threshold, &wsum);
        metrics[m++] = occ, metrics[m++] = sed, metrics[m++] = wsum.peak, metrics[m++] = wsum.hours_above;
        if (s->has_ssri) {
            cnsim_course_params cp;
            cnsim_course_patient(&s->course, seed, id, &cp);
            double *hd = malloc(nt * sizeof *hd), *ha = malloc(nt * sizeof *ha);
            if (!hd || !ha)
                st = cnsim__fail(CNSIM_E_NOMEM, "out of memory");
            else {
                cnsim_course_run(&cp, s->times, ps, nt, hd, ha);
                double ttr = INFINITY, lim = cp.hamd_baseline * (1 - cp.response_frac);
                for (size_t i = 0; i < nt; i++) {
                    out[i * no + no - 1] = hd[i];
                    if (isinf(ttr) && hd[i] <= lim)
                        ttr = s->times[i] / 168.0;
                }
                metrics[m++] = ttr;
            }
            free(hd), free(ha);
        }
    }
    return st;
}
