/* The GABA-A receptor scheme of Jones & Westbrook 1995 (Neuron 15:181):
 * its generator matrix, its analytic single-channel statistics and the
 * parsing of cell-scale inputs. The stochastic simulation is in
 * channel_sim.c. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "cnsim/channel.h"
#include "cnsim/units.h"
#include "core_impl.h"
#include "core_gsl.h"

#define N CNSIM_CHANNEL_N_STATES

/* Above 100 mM GABA the scheme is far outside anything measured (IPSC
 * peaks are 1-10 mM, Jones & Westbrook 1995); such a value is a typo. */
#define MAX_GABA_uM 1e5

static const char *const state_names[N] = {"R", "AR", "A2R", "AO", "A2O", "AD", "A2D"};
static const char *const mechanism_names[] = {"gating", "binding"};

const char *cnsim_channel_mechanism_name(int mechanism)
{
    return mechanism == CNSIM_CHANNEL_BZD_GATING || mechanism == CNSIM_CHANNEL_BZD_BINDING
               ? mechanism_names[mechanism]
               : "?";
}

cnsim_status cnsim_channel_parse_mechanism(const char *text, const char *field,
                                           cnsim_channel_mechanism *out)
{
    cnsim__clear_error();
    if (text && !strcmp(text, "gating"))
        *out = CNSIM_CHANNEL_BZD_GATING;
    else if (text && !strcmp(text, "binding"))
        *out = CNSIM_CHANNEL_BZD_BINDING;
    else
        return cnsim__fail(CNSIM_E_PARSE, "%s: unknown mechanism '%s'; expected gating or binding",
                           field, text ? text : "");
    return CNSIM_OK;
}

double cnsim_channel_bzd_factor(const cnsim_channel_params *p, double bzd_occupancy)
{
    double m = p->bzd_mechanism == CNSIM_CHANNEL_BZD_BINDING ? p->bzd_kon_factor : p->bzd_gating_factor;
    return 1 + (m - 1) * bzd_occupancy;
}

int cnsim_channel_state_is_open(int state)
{
    return state == CNSIM_CHANNEL_AO || state == CNSIM_CHANNEL_A2O;
}

const char *cnsim_channel_state_name(int state)
{
    return state >= 0 && state < N ? state_names[state] : "?";
}

cnsim_channel_params cnsim_channel_params_default(void)
{
    /* "JW1" rates (1/s) of the Jones & Westbrook 1995 scheme, as listed in
     * shared/reference/pharmacology-parameters.md section 5. */
    cnsim_channel_params p = {
        .kon_per_M_per_s = 3e6,
        .koff_per_s = 150,
        .open_mono_per_s = 200,
        .close_mono_per_s = 1111,
        .open_di_per_s = 2500,
        .close_di_per_s = 142,
        .desens_mono_per_s = 13,
        .resens_mono_per_s = 0.13,
        .desens_di_per_s = 875,
        .resens_di_per_s = 20,
        /* Default: benzodiazepine-site occupancy scales both opening rates
         * (see channel.h). At full occupancy they double, so the opening
         * frequency at low GABA doubles, as diazepam does in single-channel
         * recordings (Rogers, Twyman & Macdonald 1994) and within the
         * +103-135% maximal potentiation at EC20 GABA (Dawson et al. 2006). */
        .bzd_mechanism = CNSIM_CHANNEL_BZD_GATING,
        .bzd_gating_factor = 2,
        /* Diazepam 1 uM shifts the GABA EC50 about 2.5-fold to the left
         * (Neuroreport 1999;10:817); raising kon by the same factor at full
         * occupancy reproduces that shift at low GABA, within the "2-2.5 at
         * full occupancy" suggested by Lavoie & Twyman 1996. */
        .bzd_kon_factor = 2.5,
        /* Main conductance 27-30 pS (Macdonald, Rogers & Twyman 1989). */
        .unitary_conductance_pS = 27,
    };
    return p;
}

cnsim_channel_opts cnsim_channel_opts_default(void)
{
    cnsim_channel_opts o = {
        .gaba_uM = 1,
        .bzd_occupancy = 0,
        .duration_s = 3600,
        .t_crit_ms = 5,
        .seed = 1,
        .max_events = 1e8,
    };
    return o;
}

static cnsim_status check_params(const cnsim_channel_params *p)
{
    static const char *const names[] = {
        "kon_per_M_per_s", "koff_per_s", "open_mono_per_s", "close_mono_per_s",
        "open_di_per_s", "close_di_per_s", "desens_mono_per_s", "resens_mono_per_s",
        "desens_di_per_s", "resens_di_per_s", "bzd_kon_factor", "unitary_conductance_pS",
        "bzd_gating_factor"};
    const double r[] = {
        p->kon_per_M_per_s, p->koff_per_s, p->open_mono_per_s, p->close_mono_per_s,
        p->open_di_per_s, p->close_di_per_s, p->desens_mono_per_s, p->resens_mono_per_s,
        p->desens_di_per_s, p->resens_di_per_s, p->bzd_kon_factor, p->unitary_conductance_pS,
        p->bzd_gating_factor};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (!isfinite(r[i]) || r[i] < 0)
            return cnsim__fail(CNSIM_E_RANGE, "channel %s %g: expected a finite value >= 0", names[i], r[i]);
    if (p->close_mono_per_s <= 0 || p->close_di_per_s <= 0)
        return cnsim__fail(CNSIM_E_RANGE, "channel closing rates %g and %g /s: expected both > 0 (an open state must close)",
                           p->close_mono_per_s, p->close_di_per_s);
    if (p->bzd_kon_factor <= 0)
        return cnsim__fail(CNSIM_E_RANGE, "bzd_kon_factor %g: expected a factor > 0", p->bzd_kon_factor);
    if (p->bzd_gating_factor <= 0)
        return cnsim__fail(CNSIM_E_RANGE, "bzd_gating_factor %g: expected a factor > 0", p->bzd_gating_factor);
    if (p->bzd_mechanism != CNSIM_CHANNEL_BZD_GATING && p->bzd_mechanism != CNSIM_CHANNEL_BZD_BINDING)
        return cnsim__fail(CNSIM_E_RANGE, "bzd_mechanism %d: expected gating (0) or binding (1)", (int)p->bzd_mechanism);
    return CNSIM_OK;
}

static cnsim_status check_conditions(double gaba_uM, double occ)
{
    if (!isfinite(gaba_uM) || gaba_uM < 0)
        return cnsim__fail(CNSIM_E_RANGE, "gaba %g uM: expected a concentration >= 0", gaba_uM);
    if (gaba_uM > MAX_GABA_uM)
        return cnsim__fail(CNSIM_E_RANGE, "gaba %g uM: expected at most 100 mM", gaba_uM);
    if (!isfinite(occ) || occ < 0 || occ > 1)
        return cnsim__fail(CNSIM_E_RANGE, "bzd-occupancy %g: expected a fraction from 0 to 1", occ);
    return CNSIM_OK;
}

cnsim_status cnsim_channel_generator(const cnsim_channel_params *p, double gaba_uM,
                                     double bzd_occupancy, double *q)
{
    cnsim__clear_error();
    cnsim_status st = check_params(p);
    if (st == CNSIM_OK)
        st = check_conditions(gaba_uM, bzd_occupancy);
    if (st != CNSIM_OK)
        return st;
    /* The benzodiazepine scales either both opening rates (gating) or the
     * binding rate (binding), never a closing rate (see channel.h);
     * occupancy weights the effect linearly between no drug and a
     * saturated site. */
    double f = cnsim_channel_bzd_factor(p, bzd_occupancy);
    int gating = p->bzd_mechanism == CNSIM_CHANNEL_BZD_GATING;
    double kon = p->kon_per_M_per_s * (gating ? 1 : f), fo = gating ? f : 1;
    double on = kon * gaba_uM * 1e-6, off = p->koff_per_s;
    memset(q, 0, N * N * sizeof *q);
#define RATE(i, j, r) q[CNSIM_CHANNEL_##i * N + CNSIM_CHANNEL_##j] = (r)
    RATE(R, AR, 2 * on);
    RATE(AR, R, off);
    RATE(AR, A2R, on);
    RATE(A2R, AR, 2 * off);
    RATE(AR, AO, fo * p->open_mono_per_s);
    RATE(AO, AR, p->close_mono_per_s);
    RATE(A2R, A2O, fo * p->open_di_per_s);
    RATE(A2O, A2R, p->close_di_per_s);
    RATE(AR, AD, p->desens_mono_per_s);
    RATE(AD, AR, p->resens_mono_per_s);
    RATE(A2R, A2D, p->desens_di_per_s);
    RATE(A2D, A2R, p->resens_di_per_s);
#undef RATE
    for (int i = 0; i < N; i++) {
        double out = 0;
        for (int j = 0; j < N; j++)
            out += q[i * N + j];
        q[i * N + i] = -out;
    }
    return CNSIM_OK;
}

/* Solves a x = b in place of b with LU; returns 0, -1 when a is
 * singular (checked on the diagonal of U, so GSL is never asked to
 * divide by zero), or -2 out of memory. a is destroyed. */
static int lu_solve(gsl_matrix *a, gsl_vector *b)
{
    cnsim__gsl_init();
    gsl_permutation *perm = gsl_permutation_alloc(a->size1);
    if (!perm)
        return -2;
    int sign, rc = 0;
    cnsim__lu_decomp(a, perm, &sign);
    for (size_t i = 0; i < a->size1; i++)
        if (gsl_matrix_get(a, i, i) == 0)
            rc = -1;
    if (!rc)
        gsl_linalg_LU_svx(a, perm, b);
    gsl_permutation_free(perm);
    return rc;
}

/* Equilibrium occupancies: p Q = 0 with sum p = 1, solved as Q^T p = 0
 * with the last equation replaced by the normalisation. The chain has one
 * recurrent class for every GABA >= 0, so the system is regular. */
static cnsim_status equilibrium(const double *q, double *p_eq)
{
    cnsim__gsl_init();
    gsl_matrix *a = cnsim__matrix_alloc(N, N);
    gsl_vector *b = gsl_vector_calloc(N);
    if (!a || !b) {
        gsl_matrix_free(a);
        gsl_vector_free(b);
        return cnsim__fail(CNSIM_E_NOMEM, "channel: no memory for the equilibrium");
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            gsl_matrix_set(a, i, j, i == N - 1 ? 1.0 : q[j * N + i]);
    gsl_vector_set(b, N - 1, 1.0);
    int rc = lu_solve(a, b);
    /* A state the chain never reaches (every liganded state without GABA)
     * comes out of the solve as 0 or a rounding residue such as -0 or
     * -1e-18; it is exactly 0, and a printed "-0" open probability would
     * read as a result. */
    for (int i = 0; i < N; i++) {
        double x = gsl_vector_get(b, i);
        p_eq[i] = x > 0 ? x : 0.0;
    }
    gsl_matrix_free(a);
    gsl_vector_free(b);
    if (rc == -2)
        return cnsim__fail(CNSIM_E_NOMEM, "channel: no memory for the equilibrium");
    if (rc)
        return cnsim__fail(CNSIM_E_SOLVER, "channel: the generator has no unique equilibrium");
    return CNSIM_OK;
}

/* Mean burst length and burst frequency for the t_crit definition.
 *
 * A closed gap starts in the closed state the open state fell into and
 * ends at the next opening. With F the closed states, A the open ones,
 * Q_FF and Q_FA the blocks of Q (Colquhoun & Hawkes 1982, section 3), a
 * gap from closed state i ends in open state j
 *     before t_crit with probability  [Q_FF^-1 (e^{Q_FF t} - I) Q_FA]_ij,
 *     at all with probability         [-Q_FF^-1 Q_FA]_ij,
 * and the gap duration summed over gaps shorter than t_crit has mean
 *     [(Q_FF^-1 t e^{Q_FF t} - Q_FF^-2 (e^{Q_FF t} - I)) Q_FA]_ij
 * (the integral of s e^{Q_FF s} from 0 to t). A burst is a chain of
 * openings joined by short gaps, so with G the short-gap transition
 * matrix between open states, tau their mean lifetimes and m the mean
 * short-gap time after each, the expected remaining burst length from an
 * opening to state j is L = (I - G)^-1 (tau + m). Bursts start at the
 * openings that follow a long gap. */
static cnsim_status burst_stats(const double *q, const double *entry_flux, double t_crit_s,
                                double *mean_burst_s, double *burst_freq_hz)
{
    static const int closed[] = {CNSIM_CHANNEL_R, CNSIM_CHANNEL_AR, CNSIM_CHANNEL_A2R,
                                 CNSIM_CHANNEL_AD, CNSIM_CHANNEL_A2D};
    static const int open[] = {CNSIM_CHANNEL_AO, CNSIM_CHANNEL_A2O};
    enum { NF = 5, NA = 2 };
    cnsim_status st = CNSIM_OK;
    cnsim__gsl_init();
    gsl_matrix *a = cnsim__matrix_alloc(NF, NF), *lu = cnsim__matrix_alloc(NF, NF);
    gsl_matrix *ainv = cnsim__matrix_alloc(NF, NF), *e = cnsim__matrix_alloc(NF, NF);
    gsl_matrix *w1 = cnsim__matrix_alloc(NF, NF), *w2 = cnsim__matrix_alloc(NF, NF);
    gsl_permutation *perm = gsl_permutation_alloc(NF);
    if (!a || !lu || !ainv || !e || !w1 || !w2 || !perm) {
        st = cnsim__fail(CNSIM_E_NOMEM, "channel: no memory for the burst statistics");
        goto done;
    }
    for (int i = 0; i < NF; i++)
        for (int j = 0; j < NF; j++)
            gsl_matrix_set(a, i, j, q[closed[i] * N + closed[j]]);
    gsl_matrix_memcpy(lu, a);
    int sign;
    cnsim__lu_decomp(lu, perm, &sign);
    for (int i = 0; i < NF; i++)
        if (gsl_matrix_get(lu, i, i) == 0) {
            st = cnsim__fail(CNSIM_E_SOLVER, "channel: some closed state never reopens; no burst statistics");
            goto done;
        }
    gsl_linalg_LU_invert(lu, perm, ainv);
    /* e = exp(A t_crit), with lu (free after the inversion) for A t_crit
     * and w1, w2 as scratch: GSL's own exponential allocates unchecked. */
    gsl_matrix_memcpy(lu, a);
    gsl_matrix_scale(lu, t_crit_s);
    cnsim__expm(lu, e, w1, w2);

    /* w1 = A^-1 (E - I): short-gap probability kernel.
     * w2 = A^-1 t E - A^-1 w1: short-gap time kernel. */
    gsl_matrix *em = lu; /* reuse: E - I */
    gsl_matrix_memcpy(em, e);
    for (int i = 0; i < NF; i++)
        gsl_matrix_set(em, i, i, gsl_matrix_get(em, i, i) - 1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, ainv, em, 0.0, w1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, t_crit_s, ainv, e, 0.0, w2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, -1.0, ainv, w1, 1.0, w2);

    double g[NA][NA] = {{0}}, h[NA][NA] = {{0}}, m[NA] = {0}, tau[NA];
    for (int o = 0; o < NA; o++) {
        double out = -q[open[o] * N + open[o]];
        tau[o] = 1 / out;
        for (int i = 0; i < NF; i++) {
            double phi = q[open[o] * N + closed[i]] / out; /* where the closing lands */
            if (phi == 0)
                continue;
            for (int k = 0; k < NF; k++)
                for (int j = 0; j < NA; j++) {
                    double b = q[closed[k] * N + open[j]];
                    g[o][j] += phi * gsl_matrix_get(w1, i, k) * b;
                    h[o][j] += phi * -gsl_matrix_get(ainv, i, k) * b;
                    m[o] += phi * gsl_matrix_get(w2, i, k) * b;
                }
        }
        for (int j = 0; j < NA; j++)
            h[o][j] -= g[o][j];
    }
    /* L = (I - G)^-1 (tau + m), a 2 x 2 system. */
    double r0 = tau[0] + m[0], r1 = tau[1] + m[1];
    double a00 = 1 - g[0][0], a01 = -g[0][1], a10 = -g[1][0], a11 = 1 - g[1][1];
    double det = a00 * a11 - a01 * a10;
    double len[NA] = {(r0 * a11 - a01 * r1) / det, (a00 * r1 - a10 * r0) / det};
    double f = entry_flux[0] + entry_flux[1], start[NA] = {0}, n_start = 0;
    for (int j = 0; j < NA; j++) {
        for (int o = 0; o < NA; o++)
            start[j] += entry_flux[o] / f * h[o][j];
        n_start += start[j];
    }
    *mean_burst_s = (start[0] * len[0] + start[1] * len[1]) / n_start;
    *burst_freq_hz = f * n_start;
done:
    gsl_matrix_free(a);
    gsl_matrix_free(lu);
    gsl_matrix_free(ainv);
    gsl_matrix_free(e);
    gsl_matrix_free(w1);
    gsl_matrix_free(w2);
    gsl_permutation_free(perm);
    return st;
}

static cnsim_status check_opts(const cnsim_channel_opts *o)
{
    cnsim_status st = check_conditions(o->gaba_uM, o->bzd_occupancy);
    if (st != CNSIM_OK)
        return st;
    if (!isfinite(o->t_crit_ms) || o->t_crit_ms <= 0)
        return cnsim__fail(CNSIM_E_RANGE, "t-crit %g ms: expected a critical gap > 0", o->t_crit_ms);
    return CNSIM_OK;
}

cnsim_status cnsim_channel_analytic(const cnsim_channel_params *p,
                                    const cnsim_channel_opts *opts,
                                    cnsim_channel_stats *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    cnsim_status st = check_opts(opts);
    if (st != CNSIM_OK)
        return st;
    double q[N * N];
    if ((st = cnsim_channel_generator(p, opts->gaba_uM, opts->bzd_occupancy, q)) != CNSIM_OK)
        return st;
    if ((st = equilibrium(q, out->occupancy)) != CNSIM_OK)
        return st;
    const double *pe = out->occupancy;
    out->mean_open_time_se_ms = NAN;
    out->di_opening_fraction = NAN;
    out->di_entries_per_s = pe[CNSIM_CHANNEL_AR] * q[CNSIM_CHANNEL_AR * N + CNSIM_CHANNEL_A2R];
    out->events_per_s = 0;
    for (int i = 0; i < N; i++)
        out->events_per_s += pe[i] * -q[i * N + i];
    /* Openings are the equilibrium flux from closed into open states. */
    double flux[2] = {0, 0};
    for (int i = 0; i < N; i++) {
        if (cnsim_channel_state_is_open(i))
            continue;
        flux[0] += pe[i] * q[i * N + CNSIM_CHANNEL_AO];
        flux[1] += pe[i] * q[i * N + CNSIM_CHANNEL_A2O];
    }
    double f = flux[0] + flux[1];
    out->opening_frequency_hz = f;
    out->open_probability = pe[CNSIM_CHANNEL_AO] + pe[CNSIM_CHANNEL_A2O];
    /* The open states do not connect to each other, so an opening is one
     * sojourn in AO or A2O: its mean is the entry-weighted mean lifetime
     * (Colquhoun & Hawkes 1982). */
    double tau_mono = 1 / -q[CNSIM_CHANNEL_AO * N + CNSIM_CHANNEL_AO];
    double tau_di = 1 / -q[CNSIM_CHANNEL_A2O * N + CNSIM_CHANNEL_A2O];
    /* Means over openings are undefined where there are none (no GABA):
     * NaN, never the state lifetime of a state nothing enters. */
    out->mean_open_time_mono_ms = flux[0] > 0 ? 1e3 * tau_mono : NAN;
    out->mean_open_time_di_ms = flux[1] > 0 ? 1e3 * tau_di : NAN;
    if (f <= 0) {
        out->mean_open_time_ms = out->mean_burst_ms = NAN;
        out->burst_frequency_hz = 0;
        return CNSIM_OK;
    }
    out->mean_open_time_ms = 1e3 * (flux[0] * tau_mono + flux[1] * tau_di) / f;
    out->di_opening_fraction = flux[1] / f;
    double burst_s = NAN;
    st = burst_stats(q, flux, opts->t_crit_ms * 1e-3, &burst_s, &out->burst_frequency_hz);
    out->mean_burst_ms = 1e3 * burst_s;
    return st;
}

/* NUMBER [blanks] UNIT: the number as every reader takes it
 * (cnsim/units.h) and the unit, blanks around it trimmed; 0 if the text
 * does not start with a finite number or the unit does not fit. */
static int number_then_unit(const char *text, double *v, char *unit, size_t n_unit)
{
    if (!text)
        return 0;
    while (isspace((unsigned char)*text))
        text++;
    const char *end = cnsim_scan_number(text, v);
    if (!end || !isfinite(*v))
        return 0;
    while (isspace((unsigned char)*end))
        end++;
    size_t k = strlen(end);
    while (k > 0 && isspace((unsigned char)end[k - 1]))
        k--;
    if (k >= n_unit)
        return 0;
    memcpy(unit, end, k);
    unit[k] = '\0';
    return 1;
}

cnsim_status cnsim_channel_parse_conc_uM(const char *text, const char *field, double *out_uM)
{
    double v;
    char unit[32];
    if (!number_then_unit(text, &v, unit, sizeof unit))
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' is not a concentration; expected a number with nM, uM or mM (e.g. 1uM)",
                           field, text ? text : "");
    double scale;
    if (!strcmp(unit, "nM"))
        scale = 1e-3;
    else if (!strcmp(unit, "uM") || !strcmp(unit, "\xc2\xb5M") || !strcmp(unit, "\xce\xbcM"))
        scale = 1;
    else if (!strcmp(unit, "mM"))
        scale = 1e3;
    else
        return cnsim__fail(CNSIM_E_PARSE, "%s: unknown unit '%s' in '%s'; expected nM, uM or mM", field, unit, text);
    if (v < 0)
        return cnsim__fail(CNSIM_E_RANGE, "%s: concentration '%s' is negative; expected a value >= 0", field, text);
    /* A number that reads as finite but overflows in uM (1e307mM). */
    if (!isfinite(v * scale))
        return cnsim__fail(CNSIM_E_RANGE, "%s: concentration '%s' is too large; expected a finite value in uM", field,
                           text);
    *out_uM = v * scale;
    return CNSIM_OK;
}

/* The vocabulary is the shared one (cnsim/units.h: ms, s, min, h, ... in
 * long and short forms). The value is not taken as hours * 3600, which
 * carries the rounding of 1/60 and 1/3600 ("2min" would be
 * 120.00000000000001 s), but as the number times the unit's whole seconds,
 * or over its parts of a second (ms), rounded once. */
cnsim_status cnsim_channel_parse_duration_s(const char *text, const char *field, double *out_s)
{
    cnsim__clear_error();
    double h, v;
    char unit[32];
    cnsim_status st = cnsim_parse_duration_unit_h(text, field, NULL, &h);
    if (st != CNSIM_OK)
        return st;
    if (!(h > 0))
        return cnsim__fail(CNSIM_E_RANGE, "%s: duration '%s' is not positive; expected a value > 0", field, text);
    if (!number_then_unit(text, &v, unit, sizeof unit)) { /* parsed above, so not reached */
        *out_s = h * 3600;
        return CNSIM_OK;
    }
    double unit_s = cnsim_time_unit_h(unit) * 3600;
    double sec = unit_s >= 1 ? v * nearbyint(unit_s) : v / nearbyint(1 / unit_s);
    /* A duration the reader accepts in hours can still overflow in seconds
     * (1e307 h); refused here, never handed back as inf or 0. */
    if (!isfinite(sec) || !(sec > 0))
        return cnsim__fail(CNSIM_E_RANGE, "%s: duration '%s' is %g s; expected a finite duration > 0", field, text, sec);
    *out_s = sec;
    return CNSIM_OK;
}
