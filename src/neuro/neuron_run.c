/* The single-neuron driver: parameters, Poisson inputs and the CVODE run.
 *
 * The right-hand side is smooth between input events; every event (a
 * transmitter pulse switching on or off, an excitatory conductance jump,
 * the edges of the current step) is a hard stop followed by CVodeReInit, so
 * the integrator never steps across a discontinuity it cannot see. Spikes
 * are CVODE roots of V - threshold with direction +1, located to the
 * integrator's own accuracy, which is what lets spike times agree with
 * NEURON's variable-step run to well under 0.1 ms over a second.
 *
 * The chloride charge and the time integral of V are carried as two extra
 * states (pure quadratures), so cl_charge_nC and mean_v_mV are integrals of
 * the solution itself rather than sums over the output grid. */
#include <cvode/cvode.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <nvector/nvector_serial.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include "neuron_impl.h"
#include "core_impl.h"

/* Faraday constant and gas constant (CODATA 2018). */
#define FARADAY_C_PER_MOL 96485.33212
#define GAS_J_PER_MOL_K 8.314462618

cnsim_neuron_params cnsim_neuron_params_default(void)
{
    cnsim_neuron_params p;
    memset(&p, 0, sizeof p);
    p.model = CNSIM_NEURON_TRAUB_MILES;
    p.area_um2 = 20000;
    p.duration_ms = 1000;
    p.v0_mV = -65;
    p.inject_stop_ms = INFINITY;
    p.gabaa_modulation = 1;
    p.alpha_per_mM_ms = 5;
    p.beta_per_ms = 0.18;
    p.pulse_mM = 1;
    p.pulse_ms = 1;
    p.ambient_gaba_uM = 1;
    /* Mature neurons keep [Cl-]i low (about 5-10 mM) against about 110-130
     * mM outside (Alvarez-Leefmans 1990; Hille, Ion Channels of Excitable
     * Membranes, 3rd ed., Table 1.1), which puts E_Cl near -78 mV at 37 C. */
    p.cl_in_mM = 7;
    p.cl_out_mM = 130;
    p.temperature_C = 37;
    p.e_cl_mV = NAN;
    p.exc_tau_ms = 5;
    p.e_exc_mV = 0;
    p.threshold_mV = -20;
    p.sample_ms = 0.1;
    p.rtol = 1e-8;
    p.seed = 1;
    return p;
}

/* Names and short forms. "hh" is Hodgkin & Huxley 1952 (it used to be an
 * alias of Traub-Miles, which surprised NEURON users, whose hh is HH). */
static const struct { const char *name, *alias; cnsim_neuron_model m; } models[] = {
    {"traub-miles", "tm", CNSIM_NEURON_TRAUB_MILES},
    {"wang-buzsaki", "wb", CNSIM_NEURON_WANG_BUZSAKI},
    {"hh", "hodgkin-huxley", CNSIM_NEURON_HH},
};

cnsim_status cnsim_neuron_model_parse(const char *name, cnsim_neuron_model *out)
{
    cnsim__clear_error();
    for (size_t i = 0; name && i < sizeof models / sizeof models[0]; i++)
        if (!strcmp(name, models[i].name) || !strcmp(name, models[i].alias)) {
            *out = models[i].m;
            return CNSIM_OK;
        }
    return cnsim__fail(CNSIM_E_ARG,
                       "--model: '%s' is not a neuron model; expected traub-miles (tm), wang-buzsaki (wb) or hh "
                       "(Hodgkin-Huxley 1952)", name ? name : "(null)");
}

const char *cnsim_neuron_model_name(cnsim_neuron_model m)
{
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        if (models[i].m == m)
            return models[i].name;
    return "unknown";
}

double cnsim_neuron_nernst_cl_mV(double cl_in_mM, double cl_out_mM, double temperature_C)
{
    double t_K = temperature_C + 273.15;
    if (!(cl_in_mM > 0) || !(cl_out_mM > 0) || !(t_K > 0))
        return NAN;
    /* z = -1: E = (RT/zF) ln(out/in). */
    return -1e3 * GAS_J_PER_MOL_K * t_K / FARADAY_C_PER_MOL * log(cl_out_mM / cl_in_mM);
}

#define CHECK(cond, ...) do { if (!(cond)) return cnsim__fail(CNSIM_E_RANGE, __VA_ARGS__); } while (0)

cnsim_status cnsim_neuron_params_check(const cnsim_neuron_params *p)
{
    cnsim__clear_error();
    CHECK(p->model == CNSIM_NEURON_TRAUB_MILES || p->model == CNSIM_NEURON_WANG_BUZSAKI || p->model == CNSIM_NEURON_HH,
          "model: %d is not a neuron model; expected traub-miles, wang-buzsaki or hh", (int)p->model);
    CHECK(isfinite(p->area_um2) && p->area_um2 > 0, "area: %g um^2; expected a positive area", p->area_um2);
    CHECK(isfinite(p->duration_ms) && p->duration_ms > 0 && p->duration_ms <= 1e7,
          "duration: %g ms; expected more than 0 and at most 1e7 ms", p->duration_ms);
    CHECK(isfinite(p->v0_mV) && p->v0_mV > -150 && p->v0_mV < 100, "v0: %g mV; expected between -150 and 100 mV", p->v0_mV);
    CHECK(isfinite(p->inject_nA) && fabs(p->inject_nA) <= 1e3, "inject: %g nA; expected a finite current within +-1000 nA", p->inject_nA);
    CHECK(isfinite(p->inject_start_ms) && p->inject_start_ms >= 0, "inject start: %g ms; expected >= 0", p->inject_start_ms);
    CHECK(!isnan(p->inject_stop_ms) && p->inject_stop_ms >= p->inject_start_ms,
          "inject stop: %g ms; expected at or after the start (%g ms)", p->inject_stop_ms, p->inject_start_ms);
    CHECK(isfinite(p->g_gaba_nS) && p->g_gaba_nS >= 0, "g-gaba: %g nS; expected a conductance >= 0", p->g_gaba_nS);
    CHECK(isfinite(p->ipsp_rate_hz) && p->ipsp_rate_hz >= 0 && p->ipsp_rate_hz <= 1e5,
          "ipsp-rate: %g Hz; expected between 0 and 1e5 Hz", p->ipsp_rate_hz);
    CHECK(isfinite(p->gabaa_modulation) && p->gabaa_modulation > 0 && p->gabaa_modulation <= 100,
          "gabaa-modulation: %g; expected a factor above 0 and at most 100 (1 = no drug)", p->gabaa_modulation);
    CHECK(p->gabaa_adaptation >= 0 && p->gabaa_adaptation <= 1,
          "gabaa-adaptation: %g; expected a fraction of GABA-A function lost, 0 to 1", p->gabaa_adaptation);
    CHECK(isfinite(p->alpha_per_mM_ms) && p->alpha_per_mM_ms > 0, "alpha: %g /mM/ms; expected > 0", p->alpha_per_mM_ms);
    CHECK(isfinite(p->beta_per_ms) && p->beta_per_ms > 0, "beta: %g /ms; expected > 0", p->beta_per_ms);
    CHECK(isfinite(p->pulse_mM) && p->pulse_mM >= 0, "pulse: %g mM; expected >= 0", p->pulse_mM);
    CHECK(isfinite(p->pulse_ms) && p->pulse_ms > 0, "pulse width: %g ms; expected > 0", p->pulse_ms);
    CHECK(isfinite(p->g_tonic_nS) && p->g_tonic_nS >= 0, "g-tonic: %g nS; expected a conductance >= 0", p->g_tonic_nS);
    CHECK(isfinite(p->ambient_gaba_uM) && p->ambient_gaba_uM > 0,
          "gaba-ambient: %g uM; expected a positive concentration", p->ambient_gaba_uM);
    if (isnan(p->e_cl_mV)) {
        CHECK(isfinite(p->cl_in_mM) && p->cl_in_mM > 0, "cl-in: %g mM; expected a positive concentration", p->cl_in_mM);
        CHECK(isfinite(p->cl_out_mM) && p->cl_out_mM > 0, "cl-out: %g mM; expected a positive concentration", p->cl_out_mM);
        CHECK(isfinite(p->temperature_C) && p->temperature_C > -273.15 && p->temperature_C < 100,
              "temperature: %g C; expected above absolute zero and below 100 C", p->temperature_C);
    } else {
        CHECK(isfinite(p->e_cl_mV) && fabs(p->e_cl_mV) < 200, "e-cl: %g mV; expected within +-200 mV", p->e_cl_mV);
    }
    CHECK(isfinite(p->g_exc_nS) && p->g_exc_nS >= 0, "g-exc: %g nS; expected a conductance >= 0", p->g_exc_nS);
    CHECK(isfinite(p->exc_rate_hz) && p->exc_rate_hz >= 0 && p->exc_rate_hz <= 1e5,
          "exc-rate: %g Hz; expected between 0 and 1e5 Hz", p->exc_rate_hz);
    CHECK(isfinite(p->exc_tau_ms) && p->exc_tau_ms > 0, "exc-tau: %g ms; expected > 0", p->exc_tau_ms);
    CHECK(isfinite(p->e_exc_mV) && fabs(p->e_exc_mV) < 200, "e-exc: %g mV; expected within +-200 mV", p->e_exc_mV);
    CHECK(isfinite(p->threshold_mV), "threshold: %g mV; expected a finite voltage", p->threshold_mV);
    CHECK(isfinite(p->sample_ms) && p->sample_ms > 0 && p->sample_ms <= p->duration_ms,
          "dt: %g ms; expected an output step above 0 and at most the duration (%g ms)", p->sample_ms, p->duration_ms);
    CHECK(p->duration_ms / p->sample_ms <= 5e7,
          "dt: %g ms over %g ms is %.3g samples; expected at most 5e7 (use a larger --dt)",
          p->sample_ms, p->duration_ms, p->duration_ms / p->sample_ms);
    /* The trace is kept whole: six columns of doubles per sample (t, V,
     * I_Cl, g_GABA, I_exc, I_inj); refused when it would take more than
     * half the RAM, with the estimate. */
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double need = (p->duration_ms / p->sample_ms + 2) * 6 * sizeof(double),
           have = pages > 0 && page > 0 ? (double)pages * (double)page / 2 : 4e9;
    CHECK(need <= have,
          "dt: %g ms over %g ms keeps %.3g samples, about %.3g GB; the budget is %.3g GB (half the RAM): "
          "use a larger --dt or a shorter --duration", p->sample_ms, p->duration_ms,
          p->duration_ms / p->sample_ms, need / 1e9, have / 1e9);
    CHECK(p->rtol > 0 && p->rtol <= 1e-3,
          "rtol: %g; expected above 0 and at most 1e-3 (looser tolerances misplace spikes)", p->rtol);
    return CNSIM_OK;
}

void cnsim_neuron_result_free(cnsim_neuron_result *r)
{
    if (!r)
        return;
    free(r->t_ms);
    free(r->v_mV);
    free(r->i_cl_nA);
    free(r->g_gaba_nS);
    free(r->i_exc_nA);
    free(r->i_inj_nA);
    free(r->spike_times_ms);
    free(r);
}

/* Poisson arrival times in [0, t_end) with the given rate; *out malloc'd. */
static cnsim_status poisson_train(gsl_rng *rng, double rate_hz, double t_end_ms, double **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (!(rate_hz > 0))
        return CNSIM_OK;
    size_t cap = (size_t)(rate_hz * t_end_ms / 1000 * 1.2) + 16, n = 0;
    double *t = malloc(cap * sizeof *t), mean_ms = 1000 / rate_hz;
    if (!t)
        return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory for the input train");
    for (double s = gsl_ran_exponential(rng, mean_ms); s < t_end_ms; s += gsl_ran_exponential(rng, mean_ms)) {
        if (n == cap) {
            cap *= 2;
            double *nt = realloc(t, cap * sizeof *t);
            if (!nt) {
                free(t);
                return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory for the input train");
            }
            t = nt;
        }
        t[n++] = s;
    }
    *out = t;
    *n_out = n;
    return CNSIM_OK;
}

typedef struct run_ctx {
    cnsim_neuron_model model;
    int ng;                  /* gate states */
    int iv, ir, ige, iq, ivi; /* indices into y */
    double cm, S;            /* uF/cm^2; pA per (uA/cm^2) = area in cm^2 * 1e6 */
    double g_gaba_nS, g_tonic_nS, alpha, beta, t_mM, e_cl, tau_e, e_e;
    double i_inj_pA;         /* current amplitude when on */
    int is_inj_on, is_pulse_on;
    double threshold;
    char cv_msg[256];
} run_ctx;

static int rhs(realtype t, N_Vector yv, N_Vector ydv, void *ud)
{
    (void)t;
    const run_ctx *c = ud;
    const double *y = N_VGetArrayPointer(yv);
    double *dy = N_VGetArrayPointer(ydv);
    double v = y[c->iv], r = y[c->ir], ge = y[c->ige];
    cnsim__neuron_gates_deriv(c->model, v, y + 1, dy + 1);
    double i_cl_pA = (c->g_gaba_nS * r + c->g_tonic_nS) * (v - c->e_cl);
    double i_e_pA = ge * (v - c->e_e);
    double i_inj_pA = c->is_inj_on ? c->i_inj_pA : 0;
    double i_ion = cnsim__neuron_i_ion_uA_per_cm2(c->model, v, y + 1);
    dy[c->iv] = ((i_inj_pA - i_cl_pA - i_e_pA) / c->S - i_ion) / c->cm;
    double tr = c->is_pulse_on ? c->t_mM : 0;
    dy[c->ir] = c->alpha * tr * (1 - r) - c->beta * r;
    dy[c->ige] = -ge / c->tau_e;
    dy[c->iq] = i_cl_pA;     /* fC = pA ms */
    dy[c->ivi] = v;
    return isfinite(dy[c->iv]) ? 0 : -1;
}

static int root_fn(realtype t, N_Vector yv, realtype *g, void *ud)
{
    (void)t;
    const run_ctx *c = ud;
    g[0] = N_VGetArrayPointer(yv)[c->iv] - c->threshold;
    return 0;
}

static void err_handler(int code, const char *module, const char *function, char *msg, void *ud)
{
    run_ctx *c = ud;
    snprintf(c->cv_msg, sizeof c->cv_msg, "%s %s (code %d): %s", module, function, code, msg);
}

/* Merges pulses [s, s + w) that overlap into one: a spike arriving while
 * transmitter is still present extends the pulse rather than doubling the
 * concentration, so [T] stays within 0..pulse_mM as in Destexhe et al.
 * (1994), where a pulse is the unit event of release. */
static size_t merge_pulses(const double *s, size_t n, double w, double *on, double *off)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && s[i] <= off[m - 1])
            off[m - 1] = s[i] + w;
        else {
            on[m] = s[i];
            off[m] = s[i] + w;
            m++;
        }
    }
    return m;
}

static void record(const run_ctx *c, const double *y, double t, size_t k, cnsim_neuron_result *res)
{
    double v = y[c->iv];
    res->t_ms[k] = t;
    res->v_mV[k] = v;
    res->g_gaba_nS[k] = c->g_gaba_nS * y[c->ir] + c->g_tonic_nS;
    res->i_cl_nA[k] = 1e-3 * res->g_gaba_nS[k] * (v - c->e_cl);
    res->i_exc_nA[k] = 1e-3 * y[c->ige] * (v - c->e_e);
    res->i_inj_nA[k] = c->is_inj_on ? 1e-3 * c->i_inj_pA : 0;
}

typedef struct work {
    SUNContext sunctx;
    void *mem;
    N_Vector y, atol;
    SUNMatrix A;
    SUNLinearSolver LS;
    gsl_rng *rng;
    double *ipsp, *epsp, *on, *off;
} work;

static void work_free(work *w)
{
    if (w->mem)
        CVodeFree(&w->mem);
    if (w->LS)
        SUNLinSolFree(w->LS);
    if (w->A)
        SUNMatDestroy(w->A);
    if (w->y)
        N_VDestroy(w->y);
    if (w->atol)
        N_VDestroy(w->atol);
    if (w->sunctx)
        SUNContext_Free(&w->sunctx);
    if (w->rng)
        gsl_rng_free(w->rng);
    free(w->ipsp);
    free(w->epsp);
    free(w->on);
    free(w->off);
}

static cnsim_status add_spike(cnsim_neuron_result *res, size_t *cap, double t)
{
    if (res->n_spikes == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        double *ns = realloc(res->spike_times_ms, nc * sizeof *ns);
        if (!ns)
            return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory for spike times");
        res->spike_times_ms = ns;
        *cap = nc;
    }
    res->spike_times_ms[res->n_spikes++] = t;
    return CNSIM_OK;
}

static cnsim_status simulate(const cnsim_neuron_params *p, work *w, cnsim_neuron_result *res)
{
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.model = p->model;
    const cnsim__neuron_chan *ch = cnsim__neuron_chan_of(p->model);
    c.ng = ch->n_gates;
    c.iv = 0;
    c.ir = 1 + c.ng;
    c.ige = c.ir + 1;
    c.iq = c.ige + 1;
    c.ivi = c.iq + 1;
    int n_y = c.ivi + 1;
    c.cm = ch->cm_uF_per_cm2;
    c.S = p->area_um2 * 1e-8 * 1e6;
    c.g_gaba_nS = p->g_gaba_nS * (1 - p->gabaa_adaptation);
    c.alpha = p->alpha_per_mM_ms * p->gabaa_modulation;
    c.beta = p->beta_per_ms;
    /* Ambient GABA is far below the receptors' half-activation (beta/alpha
     * = 36 uM here), so the tonic conductance grows almost in proportion to
     * M, unlike the near-saturating 1 mM synaptic pulse. */
    double a_amb = p->alpha_per_mM_ms * 1e-3 * p->ambient_gaba_uM;
    double rinf1 = a_amb / (a_amb + c.beta), rinf_m = c.alpha * 1e-3 * p->ambient_gaba_uM
                                                      / (c.alpha * 1e-3 * p->ambient_gaba_uM + c.beta);
    c.g_tonic_nS = p->g_tonic_nS * (1 - p->gabaa_adaptation) * rinf_m / rinf1;
    res->g_tonic_eff_nS = c.g_tonic_nS;
    c.t_mM = p->pulse_mM;
    c.e_cl = isnan(p->e_cl_mV) ? cnsim_neuron_nernst_cl_mV(p->cl_in_mM, p->cl_out_mM, p->temperature_C) : p->e_cl_mV;
    c.tau_e = p->exc_tau_ms;
    c.e_e = p->e_exc_mV;
    c.i_inj_pA = 1e3 * p->inject_nA;
    c.threshold = p->threshold_mV;
    res->e_cl_mV = c.e_cl;
    res->modulation = p->gabaa_modulation;

    double T = p->duration_ms;
    /* Independent streams for the inhibitory and excitatory trains, both
     * from the run seed, so adding excitation leaves the inhibitory spike
     * times unchanged and a modulation sweep sees the same inputs. */
    cnsim__gsl_init();
    w->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!w->rng)
        return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory");
    cnsim_status st;
    size_t n_ipsp = 0, n_epsp = 0, n_pulse = 0;
    gsl_rng_set(w->rng, p->seed);
    if (p->g_gaba_nS > 0 && (st = poisson_train(w->rng, p->ipsp_rate_hz, T, &w->ipsp, &n_ipsp)) != CNSIM_OK)
        return st;
    gsl_rng_set(w->rng, p->seed ^ 0x9e3779b97f4a7c15UL);
    if (p->g_exc_nS > 0 && (st = poisson_train(w->rng, p->exc_rate_hz, T, &w->epsp, &n_epsp)) != CNSIM_OK)
        return st;
    res->n_ipsp_events = n_ipsp;
    res->n_epsp_events = n_epsp;
    if (n_ipsp) {
        w->on = malloc(n_ipsp * sizeof *w->on);
        w->off = malloc(n_ipsp * sizeof *w->off);
        if (!w->on || !w->off)
            return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory");
        n_pulse = merge_pulses(w->ipsp, n_ipsp, p->pulse_ms, w->on, w->off);
    }

    size_t n_s = (size_t)floor(T / p->sample_ms + 1e-9) + 1;
    res->n_samples = n_s;
    double **arrs[] = {&res->t_ms, &res->v_mV, &res->i_cl_nA, &res->g_gaba_nS, &res->i_exc_nA, &res->i_inj_nA};
    for (size_t i = 0; i < sizeof arrs / sizeof arrs[0]; i++)
        if (!(*arrs[i] = malloc(n_s * sizeof(double))))
            return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory for %zu samples", n_s);

    if (SUNContext_Create(NULL, &w->sunctx) != 0 || !(w->y = N_VNew_Serial(n_y, w->sunctx))
        || !(w->atol = N_VNew_Serial(n_y, w->sunctx)))
        return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory for the solver");
    double *y = N_VGetArrayPointer(w->y), *at = N_VGetArrayPointer(w->atol);
    memset(y, 0, n_y * sizeof *y);
    y[c.iv] = p->v0_mV;
    cnsim__neuron_gates_inf(p->model, p->v0_mV, y + 1);
    /* Absolute tolerances scale with each state's size: mV, unit-free
     * gates, nS, and the two running integrals, which grow large and are
     * held mostly by rtol. */
    for (int i = 0; i < n_y; i++)
        at[i] = p->rtol;
    at[c.iv] = 1e2 * p->rtol;
    at[c.ige] = 1e2 * p->rtol;
    at[c.iq] = 1e2 * p->rtol;
    at[c.ivi] = 1e2 * p->rtol;

    w->mem = CVodeCreate(CV_BDF, w->sunctx);
    if (!w->mem)
        return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory for CVODE");
    w->A = SUNDenseMatrix(n_y, n_y, w->sunctx);
    w->LS = w->A ? SUNLinSol_Dense(w->y, w->A, w->sunctx) : NULL;
    if (!w->LS)
        return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory for the linear solver");
    int rc = CVodeInit(w->mem, rhs, 0.0, w->y);
    rc = rc ? rc : CVodeSetUserData(w->mem, &c);
    rc = rc ? rc : CVodeSVtolerances(w->mem, p->rtol, w->atol);
    rc = rc ? rc : CVodeSetLinearSolver(w->mem, w->LS, w->A);
    rc = rc ? rc : CVodeRootInit(w->mem, 1, root_fn);
    if (rc == CV_MEM_FAIL || rc == CVLS_MEM_FAIL)
        return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory setting up CVODE");
    if (rc)
        return cnsim__fail(CNSIM_E_SOLVER, "neuron: CVODE setup failed");
    int dir = 1;
    CVodeSetRootDirection(w->mem, &dir);
    CVodeSetErrHandlerFn(w->mem, err_handler, &c);
    CVodeSetMaxNumSteps(w->mem, 1000000);
    /* A bounded step keeps the root search from striding over a whole
     * action potential when the cell sits quietly for a long stretch. */
    CVodeSetMaxStep(w->mem, 1.0);

    double inj_on = p->inject_start_ms, inj_off = p->inject_stop_ms;
    c.is_inj_on = inj_on <= 0 && inj_off > 0 && p->inject_nA != 0;
    size_t ip = 0, ie = 0, spike_cap = 0;
    c.is_pulse_on = 0;
    /* Events at t = 0 act before the first step. */
    while (ip < n_pulse && !c.is_pulse_on && w->on[ip] <= 0)
        c.is_pulse_on = 1;
    record(&c, y, 0, 0, res);
    size_t k = 1;
    double t = 0;
    long steps_total = 0;
    while (t < T) {
        double tb = T;
        if (ip < n_pulse)
            tb = fmin(tb, c.is_pulse_on ? w->off[ip] : w->on[ip]);
        if (ie < n_epsp)
            tb = fmin(tb, w->epsp[ie]);
        if (inj_on > t)
            tb = fmin(tb, inj_on);
        else if (inj_off > t)
            tb = fmin(tb, inj_off);
        if (tb > t) {
            CVodeSetStopTime(w->mem, tb);
            while (t < tb) {
                double t_k = k < n_s ? (double)k * p->sample_ms : INFINITY;
                double tout = fmin(t_k, tb);
                realtype tr;
                int flag = CVode(w->mem, tout, w->y, &tr, CV_NORMAL);
                if (flag < 0)
                    return cnsim__fail(CNSIM_E_SOLVER,
                                       "neuron: integration failed at t = %.4f ms (%s); try a tighter --rtol such as 1e-10",
                                       (double)tr, c.cv_msg[0] ? c.cv_msg : "CVODE error");
                t = tr;
                if (!isfinite(y[c.iv]) || fabs(y[c.iv]) > 1e3)
                    return cnsim__fail(CNSIM_E_SOLVER,
                                       "neuron: V = %g mV at t = %.4f ms has left the physiological range; "
                                       "the inputs drive the cell out of the model's validity (try smaller conductances or currents)",
                                       y[c.iv], t);
                if (flag == CV_ROOT_RETURN) {
                    if ((st = add_spike(res, &spike_cap, t)) != CNSIM_OK)
                        return st;
                    continue;
                }
                if (k < n_s && t >= t_k - 1e-9 * fmax(1, t_k))
                    record(&c, y, t_k, k++, res);
            }
        }
        if (t >= T)
            break;
        /* Apply every event due at tb, then restart the integrator. */
        while (ip < n_pulse && (c.is_pulse_on ? w->off[ip] : w->on[ip]) <= t) {
            if (c.is_pulse_on) {
                c.is_pulse_on = 0;
                ip++;
            } else
                c.is_pulse_on = 1;
        }
        while (ie < n_epsp && w->epsp[ie] <= t)
            y[c.ige] += p->g_exc_nS, ie++;
        c.is_inj_on = p->inject_nA != 0 && t >= inj_on && t < inj_off;
        long ns = 0;
        CVodeGetNumSteps(w->mem, &ns);
        steps_total += ns;
        if (CVodeReInit(w->mem, t, w->y) != CV_SUCCESS)
            return cnsim__fail(CNSIM_E_SOLVER, "neuron: CVODE restart failed at t = %.4f ms", t);
    }
    long ns = 0;
    CVodeGetNumSteps(w->mem, &ns);
    res->n_steps = steps_total + ns;
    for (; k < n_s; k++)     /* only when T is itself a sample time lost to rounding */
        record(&c, y, (double)k * p->sample_ms, k, res);
    res->cl_charge_nC = y[c.iq] * 1e-6;
    res->mean_v_mV = y[c.ivi] / T;
    res->firing_rate_hz = res->n_spikes / (T / 1000);
    return CNSIM_OK;
}

cnsim_status cnsim_neuron_run(const cnsim_neuron_params *p, cnsim_neuron_result **out)
{
    cnsim__clear_error();
    *out = NULL;
    cnsim_status st = cnsim_neuron_params_check(p);
    if (st != CNSIM_OK)
        return st;
    cnsim_neuron_result *res = calloc(1, sizeof *res);
    if (!res)
        return cnsim__fail(CNSIM_E_NOMEM, "neuron: out of memory");
    work w;
    memset(&w, 0, sizeof w);
    st = simulate(p, &w, res);
    work_free(&w);
    if (st != CNSIM_OK) {
        cnsim_neuron_result_free(res);
        return st;
    }
    *out = res;
    return CNSIM_OK;
}
