/* The compartment model of one drug: parameters checked, the linear
 * matrix, and the Michaelis-Menten term.
 *
 * Equations (amounts A in mg, C = 1000 A1/V1 in ng/mL; k10 = CL/V1,
 * k12 = Q2/V1, k21 = Q2/V2, k13 = Q3/V1, k31 = Q3/V3, km = CLm/Vm,
 * r = MW(metabolite)/MW(parent); Gibaldi & Perrier, Pharmacokinetics 2nd ed.
 * 1982, ch. 1-3 for the linear mammillary model, ch. 7 for Michaelis-Menten):
 *   Ad'   = -ka Ad
 *   A1'   =  ka Ad - (k10 + k12 + k13) A1 + k21 A2 + k31 A3 - MM
 *   A2'   =  k12 A1 - k21 A2
 *   A3'   =  k13 A1 - k31 A3
 *   Am'   =  r fm (k10 A1 + MM) - km Am
 *   Ael'  =  (1 - fm)(k10 A1 + MM) + km Am / r
 * with MM = Vmax C/(Km + C). Ael counts everything eliminated in parent
 * mg-equivalents, so Ad + A1 + A2 + A3 + Am/r + Ael is the absorbed dose.
 * Further metabolites j (a chain or tree, Gibaldi & Perrier ch. 4 on
 * metabolite kinetics, one compartment each), formed from precursor i
 * (the parent or an earlier metabolite) with fraction fm_j of i's
 * clearance, k_i = CL_i/V_i:
 *   Aj'   =  (MWj/MWi) fm_j k_i Ai - k_j Aj
 * and every species' elimination term above keeps only the share that
 * forms no further metabolite: (1 - fm - sum fm_j) for the parent,
 * (1 - sum fm_j) k_i Ai / r_i for metabolite i (r_i = MWi/MW(parent)), so
 * the sum of every metabolite's Ai/r_i stays in the balance.
 * Effect sites (Sheiner et al. 1979, Clin Pharmacol Ther 25:358), massless:
 *   Ce'   =  ke0 (1000 A1/V1 - Ce),    Cem' = ke0m (1000 Am/Vm - Cem),
 * one per metabolite. */
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <string.h>

#include "pk_impl.h"
#include "core_impl.h"

static int positive(double x) { return isfinite(x) && x > 0; }
static double formed_from(const cnsim_pk_params *p, int n, int is_first);

cnsim_pk_params cnsim_pk_params_default(void)
{
    cnsim_pk_params p;
    memset(&p, 0, sizeof p);
    p.f = 1;
    p.f2 = 1;
    return p;
}

const char *cnsim_pk_gene_enzyme(cnsim_pk_gene g)
{
    static const char *const name[CNSIM_PK_N_GENES] = {"CYP3A4", "CYP2D6", "CYP2C19"};
    return g >= 0 && g < CNSIM_PK_N_GENES ? name[g] : NULL;
}

cnsim_status cnsim_pk_params_check(const cnsim_pk_params *p)
{
    cnsim__clear_error();
    const char *d = p->name;
#define NEED(cond, field, val, what)                                                  \
    if (!(cond))                                                                      \
        return cnsim__fail(CNSIM_E_RANGE, "PK parameters of %s: %s = %g; expected %s", \
                           d, field, (double)(val), what)
    NEED(p->n_cmt >= 1 && p->n_cmt <= 3, "n_cmt", p->n_cmt, "1, 2 or 3");
    /* F may exceed 1 (a relative bioavailability, as NONMEM allows). */
    NEED(isfinite(p->f) && p->f > 0 && p->f <= 100, "f", p->f, "0 < F1 <= 100");
    NEED(positive(p->ka_per_h), "ka_per_h", p->ka_per_h, "> 0");
    NEED(isfinite(p->tlag_h) && p->tlag_h >= 0, "tlag_h", p->tlag_h, ">= 0");
    NEED(isfinite(p->f2) && p->f2 > 0 && p->f2 <= 100, "f2", p->f2,
         "0 < F2 <= 100 (cnsim_pk_params_default sets 1)");
    NEED(isfinite(p->tlag2_h) && p->tlag2_h >= 0, "tlag2_h", p->tlag2_h, ">= 0");
    NEED(isfinite(p->r1_mg_per_h) && p->r1_mg_per_h >= 0, "r1_mg_per_h", p->r1_mg_per_h, ">= 0 (0: not modelled)");
    NEED(isfinite(p->d1_h) && p->d1_h >= 0, "d1_h", p->d1_h, ">= 0 (0: not modelled)");
    NEED(isfinite(p->r2_mg_per_h) && p->r2_mg_per_h >= 0, "r2_mg_per_h", p->r2_mg_per_h, ">= 0 (0: not modelled)");
    NEED(isfinite(p->d2_h) && p->d2_h >= 0, "d2_h", p->d2_h, ">= 0 (0: not modelled)");
    NEED(isfinite(p->cl_L_per_h) && p->cl_L_per_h >= 0, "cl_L_per_h", p->cl_L_per_h, ">= 0");
    NEED(positive(p->v1_L), "v1_L", p->v1_L, "> 0");
    if (p->n_cmt >= 2) {
        NEED(positive(p->q2_L_per_h), "q2_L_per_h", p->q2_L_per_h, "> 0 for a 2- or 3-compartment model");
        NEED(positive(p->v2_L), "v2_L", p->v2_L, "> 0 for a 2- or 3-compartment model");
    }
    if (p->n_cmt == 3) {
        NEED(positive(p->q3_L_per_h), "q3_L_per_h", p->q3_L_per_h, "> 0 for a 3-compartment model");
        NEED(positive(p->v3_L), "v3_L", p->v3_L, "> 0 for a 3-compartment model");
    }
    NEED(isfinite(p->vmax_mg_per_h) && p->vmax_mg_per_h >= 0, "vmax_mg_per_h", p->vmax_mg_per_h, ">= 0");
    if (p->vmax_mg_per_h > 0)
        NEED(positive(p->km_ng_mL), "km_ng_mL", p->km_ng_mL, "> 0 with Michaelis-Menten elimination");
    NEED(p->cl_L_per_h > 0 || p->vmax_mg_per_h > 0, "cl_L_per_h", p->cl_L_per_h, "> 0 (or a Michaelis-Menten term)");
    if (p->has_metabolite) {
        NEED(isfinite(p->fm) && p->fm >= 0 && p->fm <= 1, "fm", p->fm, "0 <= fm <= 1");
        NEED(positive(p->met_cl_L_per_h), "met_cl_L_per_h", p->met_cl_L_per_h, "> 0");
        NEED(positive(p->met_v_L), "met_v_L", p->met_v_L, "> 0");
        NEED(positive(p->mw_g_per_mol), "mw_g_per_mol", p->mw_g_per_mol, "> 0");
        NEED(positive(p->met_mw_g_per_mol), "met_mw_g_per_mol", p->met_mw_g_per_mol, "> 0");
    }
    NEED(p->n_more_metabolites >= 0 && p->n_more_metabolites <= CNSIM_PK_MAX_METABOLITES - 1,
         "n_more_metabolites", p->n_more_metabolites, "0 .. CNSIM_PK_MAX_METABOLITES - 1");
    NEED(p->n_more_metabolites == 0 || p->has_metabolite, "n_more_metabolites", p->n_more_metabolites,
         "0 without a first metabolite (has_metabolite)");
    for (int i = 0; i < p->n_more_metabolites; i++) {
        const cnsim_pk_metabolite *q = &p->more[i];
        char field[48];
#define FIELD(f) (snprintf(field, sizeof field, "more[%d].%s", i, f), field)
        NEED(q->name[0] != '\0', FIELD("name"), 0, "a species name");
        NEED(q->from >= 0 && q->from <= i + 1, FIELD("from"), q->from,
             "the parent (0) or an earlier metabolite (1 .. its own number - 1)");
        NEED(isfinite(q->fm) && q->fm >= 0 && q->fm <= 1, FIELD("fm"), q->fm, "0 <= fm <= 1");
        NEED(positive(q->mw_g_per_mol), FIELD("mw_g_per_mol"), q->mw_g_per_mol, "> 0");
        NEED(positive(q->cl_L_per_h), FIELD("cl_L_per_h"), q->cl_L_per_h, "> 0");
        NEED(positive(q->v_L), FIELD("v_L"), q->v_L, "> 0");
#undef FIELD
    }
    for (int n = 0; n <= cnsim__pk_n_met(p); n++) {
        double sum = formed_from(p, n, 0);
        NEED(sum <= 1 + 1e-12, n == 0 ? "fm (formed from the parent, summed)" : "fm (formed from a metabolite, summed)",
             sum, "<= 1: a species' clearance cannot form more than all of it");
    }
    for (int g = 0; g < CNSIM_PK_N_GENES; g++)
        if (!(isfinite(p->enzyme_activity_change[g]) && p->enzyme_activity_change[g] >= -1))
            return cnsim__fail(CNSIM_E_RANGE, "%s: %s activity change = %g; expected a finite value >= -1 (-1: no activity, 0: normal)",
                               d, cnsim_pk_gene_enzyme((cnsim_pk_gene)g), p->enzyme_activity_change[g]);
#undef NEED
    return CNSIM_OK;
}

static double mw_ratio(const cnsim_pk_params *p)
{
    return p->has_metabolite ? p->met_mw_g_per_mol / p->mw_g_per_mol : 1.0;
}

/* Molar mass, clearance and volume of species n (0: the parent). */
static double mw_of(const cnsim_pk_params *p, int n)
{
    return n == 0 ? p->mw_g_per_mol : n == 1 ? p->met_mw_g_per_mol : p->more[n - 2].mw_g_per_mol;
}
static double cl_of(const cnsim_pk_params *p, int n)
{
    return n == 0 ? p->cl_L_per_h : n == 1 ? p->met_cl_L_per_h : p->more[n - 2].cl_L_per_h;
}

double cnsim__pk_met_v_L(const cnsim_pk_params *p, int n)
{
    return n <= 1 ? p->met_v_L : p->more[n - 2].v_L;
}

double cnsim__pk_species_conc(const cnsim_pk_params *p, const double *xd, int n)
{
    return n == 0 ? 1000.0 * xd[CNSIM_PK_S_CENTRAL] / p->v1_L
                  : 1000.0 * xd[cnsim__pk_met_state(n)] / cnsim__pk_met_v_L(p, n);
}

/* The fraction of species n's clearance that forms the further
 * metabolites (more[]) made from it; with is_first, the first
 * metabolite's share of the parent's too. */
static double formed_from(const cnsim_pk_params *p, int n, int is_first)
{
    double sum = 0;
    for (int i = 0; i < p->n_more_metabolites; i++)
        if (p->more[i].from == n)
            sum += p->more[i].fm;
    if (n == 0 && p->has_metabolite && !is_first)
        sum += p->fm;
    return sum;
}

void cnsim__pk_chain_flux(const cnsim_pk_params *p, int from, double flux, double *f)
{
    double r_from = mw_of(p, from) / p->mw_g_per_mol;
    for (int i = 0; i < p->n_more_metabolites; i++)
        if (p->more[i].from == from) {
            f[cnsim__pk_met_state(i + 2)] += p->more[i].mw_g_per_mol / mw_of(p, from) * p->more[i].fm * flux;
            f[CNSIM_PK_S_ELIM] -= p->more[i].fm * flux / r_from;
        }
}

void cnsim__pk_linear_matrix(const cnsim_pk_params *p, double ke0_parent, double ke0_met,
                             const double *ke0_more, double A[NS * NS])
{
    memset(A, 0, sizeof(double) * NS * NS);
#define M(i, j) A[(i) * NS + (j)]
    const int D = CNSIM_PK_S_DEPOT, C = CNSIM_PK_S_CENTRAL, P = CNSIM_PK_S_PERIPH,
              P2 = CNSIM_PK_S_PERIPH2, MT = CNSIM_PK_S_METAB, E = CNSIM_PK_S_ELIM;
    double k10 = p->cl_L_per_h / p->v1_L;
    double k12 = p->n_cmt >= 2 ? p->q2_L_per_h / p->v1_L : 0;
    double k21 = p->n_cmt >= 2 ? p->q2_L_per_h / p->v2_L : 0;
    double k13 = p->n_cmt == 3 ? p->q3_L_per_h / p->v1_L : 0;
    double k31 = p->n_cmt == 3 ? p->q3_L_per_h / p->v3_L : 0;
    double fm = p->has_metabolite ? p->fm : 0;
    double r = mw_ratio(p);
    M(D, D) = -p->ka_per_h;
    M(C, D) = p->ka_per_h;
    M(C, C) = -(k10 + k12 + k13);
    M(C, P) = k21;
    M(C, P2) = k31;
    M(P, C) = k12;
    M(P, P) = -k21;
    M(P2, C) = k13;
    M(P2, P2) = -k31;
    /* Further metabolites take their shares of their precursors'
     * clearance from what would be eliminated (formed_from is 0 without
     * them, which leaves these entries as they were before chains). */
    M(E, C) = (1 - fm - formed_from(p, 0, 1)) * k10;
    if (p->has_metabolite) {
        double km = p->met_cl_L_per_h / p->met_v_L;
        M(MT, C) = r * fm * k10;
        M(MT, MT) = -km;
        M(E, MT) = (1 - formed_from(p, 1, 1)) * km / r;
    }
    for (int i = 0; i < p->n_more_metabolites; i++) {
        const cnsim_pk_metabolite *q = &p->more[i];
        int n = i + 2, s = cnsim__pk_met_state(n), from = q->from;
        int fs = from == 0 ? C : cnsim__pk_met_state(from);
        double k_from = cl_of(p, from) / (from == 0 ? p->v1_L : cnsim__pk_met_v_L(p, from));
        double k = q->cl_L_per_h / q->v_L;
        M(s, fs) += q->mw_g_per_mol / mw_of(p, from) * q->fm * k_from;
        M(s, s) = -k;
        M(E, s) = (1 - formed_from(p, n, 1)) * k * p->mw_g_per_mol / q->mw_g_per_mol;
    }
    M(S_CE_PARENT, C) = ke0_parent * 1000.0 / p->v1_L;
    M(S_CE_PARENT, S_CE_PARENT) = -ke0_parent;
    if (p->has_metabolite) {
        M(S_CE_MET, MT) = ke0_met * 1000.0 / p->met_v_L;
        M(S_CE_MET, S_CE_MET) = -ke0_met;
    }
    for (int i = 0; ke0_more && i < p->n_more_metabolites; i++) {
        int s = cnsim__pk_met_state(i + 2), ce = cnsim__pk_ce_state(i + 2);
        M(ce, s) = ke0_more[i] * 1000.0 / p->more[i].v_L;
        M(ce, ce) = -ke0_more[i];
    }
#undef M
}

double cnsim__pk_mm_rate(const cnsim_pk_params *p, double a1_mg, double *d_da1)
{
    if (p->vmax_mg_per_h <= 0) {
        if (d_da1)
            *d_da1 = 0;
        return 0;
    }
    double c = 1000.0 * a1_mg / p->v1_L; /* ng/mL */
    double den = p->km_ng_mL + c;
    if (d_da1)
        *d_da1 = p->vmax_mg_per_h * p->km_ng_mL / (den * den) * 1000.0 / p->v1_L;
    return p->vmax_mg_per_h * c / den;
}

/* Decay rates of the mammillary disposition (central and peripherals)
 * with clearance cl, ascending in rates[0..n_cmt-1] (the terminal one
 * first); 1 if found, 0 if GSL's eigensolver fails, -1 if its work space
 * cannot be allocated. The matrix is similar to a symmetric one, so its
 * eigenvalues are real and negative. */
static int disposition_rates(const cnsim_pk_params *p, double cl, double *rates)
{
    cnsim__gsl_init();
    double k10 = cl / p->v1_L;
    if (p->n_cmt == 1) {
        rates[0] = k10;
        return 1;
    }
    double k12 = p->q2_L_per_h / p->v1_L, k21 = p->q2_L_per_h / p->v2_L;
    double k13 = p->n_cmt == 3 ? p->q3_L_per_h / p->v1_L : 0;
    double k31 = p->n_cmt == 3 ? p->q3_L_per_h / p->v3_L : 0;
    double m[9] = {-(k10 + k12 + k13), k21, k31, k12, -k21, 0, k13, 0, -k31};
    size_t n = (size_t)p->n_cmt;
    double a[9];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            a[i * n + j] = m[i * 3 + j];
    gsl_matrix_view mv = gsl_matrix_view_array(a, n, n);
    gsl_vector_complex *ev = gsl_vector_complex_alloc(n);
    gsl_eigen_nonsymm_workspace *w = gsl_eigen_nonsymm_alloc(n);
    int ok = ev && w ? 0 : -1;
    if (ev && w) {
        if (gsl_eigen_nonsymm(&mv.matrix, ev, w) == GSL_SUCCESS) {
            for (size_t i = 0; i < n; i++)
                rates[i] = fabs(GSL_REAL(gsl_vector_complex_get(ev, i)));
            for (size_t i = 1; i < n; i++)   /* ascending */
                for (size_t j = i; j > 0 && rates[j] < rates[j - 1]; j--) {
                    double x = rates[j];
                    rates[j] = rates[j - 1], rates[j - 1] = x;
                }
            ok = 1;
        }
    }
    gsl_vector_complex_free(ev);
    gsl_eigen_nonsymm_free(w);
    return ok;
}

/* cnsim_pk_rates; *is_oom set when GSL ran out of memory (the bound
 * stands in then). */
static size_t pk_rates(const cnsim_pk_params *p, double *rates, int *is_oom)
{
    double cl = p->cl_L_per_h + (p->vmax_mg_per_h > 0 ? 500.0 * p->vmax_mg_per_h / p->km_ng_mL : 0);
    size_t n = 0;
    rates[n++] = p->ka_per_h;
    double r[3];
    int ok = disposition_rates(p, cl, r);
    *is_oom = ok < 0;
    if (ok > 0)
        for (int i = 0; i < p->n_cmt; i++)
            rates[n++] = r[i];
    else   /* GSL failed: the fastest micro-constant bounds them */
        rates[n++] = (cl + p->q2_L_per_h + p->q3_L_per_h) / p->v1_L + (p->v2_L > 0 ? p->q2_L_per_h / p->v2_L : 0) +
                     (p->v3_L > 0 ? p->q3_L_per_h / p->v3_L : 0);
    if (p->has_metabolite)
        rates[n++] = p->met_cl_L_per_h / p->met_v_L;
    for (int i = 0; i < p->n_more_metabolites; i++)
        rates[n++] = p->more[i].cl_L_per_h / p->more[i].v_L;
    return n;
}

size_t cnsim_pk_rates(const cnsim_pk_params *p, double *rates)
{
    int is_oom;
    return pk_rates(p, rates, &is_oom);
}

cnsim_status cnsim__pk_rates(const cnsim_pk_params *p, double *rates, size_t *n)
{
    int is_oom;
    *n = pk_rates(p, rates, &is_oom);
    return is_oom ? cnsim__fail(CNSIM_E_NOMEM, "out of memory for the disposition rates of %s", p->name)
                  : CNSIM_OK;
}

/* Smallest decay rate of the mammillary disposition (central and
 * peripherals) with clearance cl: the terminal eigenvalue. */
static double disposition_rate(const cnsim_pk_params *p, double cl, int *is_oom)
{
    double r[3];
    int ok = disposition_rates(p, cl, r);
    *is_oom = ok < 0;
    if (ok > 0)
        return r[0];
    /* Fallback if GSL fails or runs out of memory: CL/Vss bounds the
     * terminal rate from above within a factor of the peripheral exchange,
     * which is what a horizon needs. */
    double vss = p->v1_L + (p->n_cmt >= 2 ? p->v2_L : 0) + (p->n_cmt == 3 ? p->v3_L : 0);
    return cl / vss;
}

static double terminal_half_life_h(const cnsim_pk_params *p, int of_metabolite, int *is_oom)
{
    /* Michaelis-Menten elimination counts with its clearance at C = Km:
     * rate Vmax/2 at 1000 A1/V1 = Km ng/mL, i.e. 500 Vmax/Km L/h. */
    double cl = p->cl_L_per_h + (p->vmax_mg_per_h > 0 ? 500.0 * p->vmax_mg_per_h / p->km_ng_mL : 0);
    double k = fmin(disposition_rate(p, cl, is_oom), p->ka_per_h);
    /* A metabolite falls no faster than any species on its way from the
     * parent (its precursors, back to metabolite 1 or the parent). */
    for (int n = of_metabolite; n >= 1 && n <= cnsim__pk_n_met(p);
         n = n == 1 ? 0 : p->more[n - 2].from)
        k = fmin(k, cl_of(p, n) / cnsim__pk_met_v_L(p, n));
    return log(2.0) / k;
}

double cnsim_pk_terminal_half_life_h(const cnsim_pk_params *p, int of_metabolite)
{
    int is_oom;
    return terminal_half_life_h(p, of_metabolite, &is_oom);
}

cnsim_status cnsim__pk_terminal_half_life_h(const cnsim_pk_params *p, int of_metabolite, double *t_h)
{
    int is_oom;
    *t_h = terminal_half_life_h(p, of_metabolite, &is_oom);
    return is_oom ? cnsim__fail(CNSIM_E_NOMEM, "out of memory for the terminal half-life of %s", p->name)
                  : CNSIM_OK;
}
