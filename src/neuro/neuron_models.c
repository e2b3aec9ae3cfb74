/* Membrane kinetics of the single-compartment models.
 *
 * Traub & Miles (1991), as written for the COBAHH benchmark (Brette et al.
 * 2007, Benchmark 3; WORKLOADS.md N1): I_Na = gNa m^3 h (v - ENa),
 * I_K = gK n^4 (v - EK), leak 0.05 mS/cm^2 at -60 mV, VT = -63 mV.
 *
 * Wang & Buzsaki (1996) J Neurosci 16:6402, eqs. 1-5: I_Na = gNa m_inf^3 h
 * (V - ENa) with m instantaneous, I_K = gK n^4 (V - EK), h and n scaled by
 * phi = 5; gNa 35, gK 9, gL 0.1 mS/cm^2, ENa 55, EK -90, EL -65 mV.
 *
 * Hodgkin & Huxley (1952) J Physiol 117:500-544, the squid giant axon at
 * 6.3 degC: I_Na = gNa m^3 h (V - ENa), I_K = gK n^4 (V - EK), leak;
 * gNa 120, gK 36, gL 0.3 mS/cm^2, ENa 50, EK -77, EL -54.3 mV, Cm 1 uF/cm^2.
 * The rate functions are HH 1952 eqs. 12-13 (n), 20-21 (m) and 23-24 (h),
 * written for the modern sign convention with rest at -65 mV exactly as in
 * NEURON's hh.mod (alpha_m = 0.1 (V+40)/(1 - exp(-(V+40)/10)), beta_m =
 * 4 exp(-(V+65)/18), alpha_h = 0.07 exp(-(V+65)/20), beta_h = 1/(1 +
 * exp(-(V+35)/10)), alpha_n = 0.01 (V+55)/(1 - exp(-(V+55)/10)), beta_n =
 * 0.125 exp(-(V+65)/80)). The kinetics run at the paper's 6.3 degC (hh.mod's
 * q10 of 3 gives 1 there); the temperature option sets only E_Cl. */
#include <math.h>

#include "neuron_impl.h"
#include "core_impl.h"

static const cnsim__neuron_chan tm_chan = {1.0, 100.0, 30.0, 0.05, 50.0, -90.0, -60.0, 3};
static const cnsim__neuron_chan wb_chan = {1.0, 35.0, 9.0, 0.1, 55.0, -90.0, -65.0, 2};
static const cnsim__neuron_chan hh_chan = {1.0, 120.0, 36.0, 0.3, 50.0, -77.0, -54.3, 3};

#define TM_VT_MV (-63.0)
#define WB_PHI 5.0

const cnsim__neuron_chan *cnsim__neuron_chan_of(cnsim_neuron_model m)
{
    return m == CNSIM_NEURON_WANG_BUZSAKI ? &wb_chan : m == CNSIM_NEURON_HH ? &hh_chan : &tm_chan;
}

/* x / (exp(x/k) - 1), the form every rate with a removable singularity
 * takes; the limit k (1 - x/(2k)) near 0 keeps the rate smooth where the
 * textbook formula divides zero by zero. */
static double vtrap(double x, double k)
{
    double u = x / k;
    if (fabs(u) < 1e-6)
        return k * (1 - u / 2);
    return x / expm1(u);
}

typedef struct rates { double am, bm, ah, bh, an, bn; } rates;

static rates tm_rates(double v)
{
    double vt = TM_VT_MV;
    rates r;
    r.am = 0.32 * vtrap(13 - v + vt, 4);
    r.bm = 0.28 * vtrap(v - vt - 40, 5);
    r.ah = 0.128 * exp((17 - v + vt) / 18);
    r.bh = 4 / (1 + exp((40 - v + vt) / 5));
    r.an = 0.032 * vtrap(15 - v + vt, 5);
    r.bn = 0.5 * exp((10 - v + vt) / 40);
    return r;
}

static rates wb_rates(double v)
{
    rates r;
    r.am = 0.1 * vtrap(-(v + 35), 10);
    r.bm = 4 * exp(-(v + 60) / 18);
    r.ah = 0.07 * exp(-(v + 58) / 20);
    r.bh = 1 / (exp(-0.1 * (v + 28)) + 1);
    r.an = 0.01 * vtrap(-(v + 34), 10);
    r.bn = 0.125 * exp(-(v + 44) / 80);
    return r;
}

static rates hh_rates(double v)
{
    rates r;
    r.am = 0.1 * vtrap(-(v + 40), 10);
    r.bm = 4 * exp(-(v + 65) / 18);
    r.ah = 0.07 * exp(-(v + 65) / 20);
    r.bh = 1 / (exp(-(v + 35) / 10) + 1);
    r.an = 0.01 * vtrap(-(v + 55), 10);
    r.bn = 0.125 * exp(-(v + 65) / 80);
    return r;
}

/* The m h n rates of the models that integrate all three gates. */
static rates mhn_rates(cnsim_neuron_model m, double v)
{
    return m == CNSIM_NEURON_HH ? hh_rates(v) : tm_rates(v);
}

void cnsim__neuron_gates_inf(cnsim_neuron_model m, double v, double *g)
{
    if (m == CNSIM_NEURON_WANG_BUZSAKI) {
        rates r = wb_rates(v);
        g[0] = r.ah / (r.ah + r.bh);
        g[1] = r.an / (r.an + r.bn);
    } else {
        rates r = mhn_rates(m, v);
        g[0] = r.am / (r.am + r.bm);
        g[1] = r.ah / (r.ah + r.bh);
        g[2] = r.an / (r.an + r.bn);
    }
}

void cnsim__neuron_gates_deriv(cnsim_neuron_model m, double v, const double *g, double *dg)
{
    if (m == CNSIM_NEURON_WANG_BUZSAKI) {
        rates r = wb_rates(v);
        dg[0] = WB_PHI * (r.ah * (1 - g[0]) - r.bh * g[0]);
        dg[1] = WB_PHI * (r.an * (1 - g[1]) - r.bn * g[1]);
    } else {
        rates r = mhn_rates(m, v);
        dg[0] = r.am * (1 - g[0]) - r.bm * g[0];
        dg[1] = r.ah * (1 - g[1]) - r.bh * g[1];
        dg[2] = r.an * (1 - g[2]) - r.bn * g[2];
    }
}

double cnsim__neuron_i_ion_uA_per_cm2(cnsim_neuron_model m, double v, const double *g)
{
    const cnsim__neuron_chan *c = cnsim__neuron_chan_of(m);
    double mm, h, n;
    if (m == CNSIM_NEURON_WANG_BUZSAKI) {
        rates r = wb_rates(v);
        mm = r.am / (r.am + r.bm);
        h = g[0];
        n = g[1];
    } else {
        mm = g[0];
        h = g[1];
        n = g[2];
    }
    double n2 = n * n;
    return c->g_na_mS_per_cm2 * mm * mm * mm * h * (v - c->e_na_mV)
         + c->g_k_mS_per_cm2 * n2 * n2 * (v - c->e_k_mV)
         + c->g_l_mS_per_cm2 * (v - c->e_l_mV);
}

cnsim_status cnsim_neuron_rest_mV(cnsim_neuron_model m, double *out_mV)
{
    /* The resting state is the first voltage, scanning up from -100 mV,
     * where the steady-state current turns from inward to outward: that
     * crossing is a stable equilibrium. Further up (Traub-Miles near -50
     * mV) the Na window current makes other zeros that are not rests. */
    double g[3], lo = NAN, hi = NAN;
    cnsim__neuron_gates_inf(m, -100, g);
    double f_prev = cnsim__neuron_i_ion_uA_per_cm2(m, -100, g);
    for (double v = -99.9; v <= -30; v += 0.1) {
        cnsim__neuron_gates_inf(m, v, g);
        double f = cnsim__neuron_i_ion_uA_per_cm2(m, v, g);
        if (f_prev < 0 && f >= 0) {
            lo = v - 0.1;
            hi = v;
            break;
        }
        f_prev = f;
    }
    if (isnan(lo))
        return cnsim__fail(CNSIM_E_SOLVER, "neuron rest: no resting potential between -100 and -30 mV");
    for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
        double mid = 0.5 * (lo + hi);
        cnsim__neuron_gates_inf(m, mid, g);
        if (cnsim__neuron_i_ion_uA_per_cm2(m, mid, g) < 0)
            lo = mid;
        else
            hi = mid;
    }
    *out_mV = 0.5 * (lo + hi);
    return CNSIM_OK;
}
