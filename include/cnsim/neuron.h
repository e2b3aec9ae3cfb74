/* A single-compartment conductance-based neuron with a kinetic GABA-A
 * synapse, the cell-scale link between benzodiazepine modulation and
 * firing.
 *
 * Models (equations and sources in docs/cells.md, section "Neuron"):
 *  - Traub & Miles (1991) Na/K spiking as in the COBAHH benchmark (Brette et
 *    al. 2007, Benchmark 3; ../shared/bench/WORKLOADS.md N1);
 *  - Wang & Buzsaki (1996) fast-spiking interneuron (J Neurosci 16:6402);
 *  - Hodgkin & Huxley (1952) squid giant axon at 6.3 degC (J Physiol
 *    117:500), as NEURON's built-in hh mechanism.
 * The GABA-A synapse is the two-state kinetic scheme of Destexhe, Mainen &
 * Sejnowski (1994): dr/dt = alpha M [T] (1 - r) - beta r, with [T] a 1 mM,
 * 1 ms transmitter pulse per presynaptic spike and I_Cl = g (1 - A) r
 * (V - E_Cl). M is the opening-frequency multiplier of the patient layer
 * (cnsim_pd_state.modulation_factor); A the fraction of GABA-A function lost
 * to adaptation. E_Cl follows Nernst from [Cl-]i, [Cl-]o and temperature.
 *
 * Integration: SUNDIALS CVODE (BDF) with root finding for spikes (V
 * crossing the threshold upward), hard stops at every input event.
 *
 * Units: time ms, voltage mV, conductance nS, current nA, charge nC,
 * concentration mM, rates Hz. Currents follow the membrane convention:
 * positive = outward, so a positive chloride current is chloride entering. */
#ifndef CNSIM_NEURON_H
#define CNSIM_NEURON_H

#include <stddef.h>
#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

typedef enum cnsim_neuron_model {
    CNSIM_NEURON_TRAUB_MILES = 0,   /* "traub-miles" */
    CNSIM_NEURON_WANG_BUZSAKI = 1,  /* "wang-buzsaki" */
    CNSIM_NEURON_HH = 2             /* "hh": Hodgkin & Huxley 1952 squid axon, 6.3 degC */
} cnsim_neuron_model;

typedef struct cnsim_neuron_params {
    cnsim_neuron_model model;   /* default CNSIM_NEURON_TRAUB_MILES */
    double area_um2;            /* membrane area; default 20000 (N1) */
    double duration_ms;         /* default 1000 */
    double v0_mV;               /* initial V, gates at steady state there; default -65 */

    double inject_nA;           /* current step amplitude; default 0 */
    double inject_start_ms;     /* default 0 */
    double inject_stop_ms;      /* default INFINITY (to the end) */

    /* GABA-A synapse driven by a Poisson presynaptic train. */
    double g_gaba_nS;           /* maximal conductance; default 0 (none) */
    double ipsp_rate_hz;        /* presynaptic rate; default 0 */
    double gabaa_modulation;    /* M, multiplies alpha; default 1, > 0 */
    double gabaa_adaptation;    /* A in [0, 1]: g_eff = g (1 - A); default 0 */
    double alpha_per_mM_ms;     /* binding rate; default 5 (Destexhe 1994) */
    double beta_per_ms;         /* unbinding rate; default 0.18 */
    double pulse_mM;            /* transmitter pulse height; default 1 */
    double pulse_ms;            /* transmitter pulse width; default 1 */

    /* Tonic (extrasynaptic) GABA-A conductance: the same kinetic scheme at
     * a constant ambient GABA, so it scales with M as r_inf(M) / r_inf(1).
     * g_tonic_nS is the conductance without drug (M = 1, A = 0). */
    double g_tonic_nS;          /* default 0 */
    double ambient_gaba_uM;     /* default 1 (Farrant & Nusser 2005: 0.2-2.5 uM) */

    /* Chloride reversal: Nernst unless e_cl_mV is finite. */
    double cl_in_mM;            /* default 7 */
    double cl_out_mM;           /* default 130 */
    double temperature_C;       /* default 37 */
    double e_cl_mV;             /* default NAN (use Nernst) */

    /* Optional excitatory Poisson input: exponential conductance. */
    double g_exc_nS;            /* increment per presynaptic spike; default 0 */
    double exc_rate_hz;         /* default 0 */
    double exc_tau_ms;          /* decay; default 5 (N1) */
    double e_exc_mV;            /* default 0 */

    double threshold_mV;        /* spike detection, upward crossing; default -20 */
    double sample_ms;           /* output grid step; default 0.1 */
    double rtol;                /* CVODE relative tolerance; default 1e-8, (0, 1e-3] */
    unsigned long seed;         /* Poisson trains; default 1 */
} cnsim_neuron_params;

/* The defaults listed above. */
cnsim_neuron_params cnsim_neuron_params_default(void);

/* Checks every field; CNSIM_E_RANGE naming the field, the value and what
 * was expected. */
cnsim_status cnsim_neuron_params_check(const cnsim_neuron_params *p);

/* "traub-miles" (tm) / "wang-buzsaki" (wb) / "hh" (hodgkin-huxley) <-> enum.
 * Parse returns CNSIM_E_ARG for an unknown name, listing the known ones. */
cnsim_status cnsim_neuron_model_parse(const char *name, cnsim_neuron_model *out);
const char *cnsim_neuron_model_name(cnsim_neuron_model m);

/* Nernst potential of chloride (z = -1) in mV:
 * -(R T / F) ln([Cl]o / [Cl]i). NAN for non-positive inputs. */
double cnsim_neuron_nernst_cl_mV(double cl_in_mM, double cl_out_mM, double temperature_C);

/* Zero-current potential of the unstimulated model with gates at steady
 * state: the first upward zero crossing of the steady-state current above
 * -100 mV, refined by bisection; mV. It is the resting potential when that
 * equilibrium is stable (Wang-Buzsaki, about -64 mV); the COBAHH
 * Traub-Miles cell has no stable rest and fires on its own. CNSIM_E_SOLVER
 * when there is no crossing below -30 mV. */
cnsim_status cnsim_neuron_rest_mV(cnsim_neuron_model m, double *out_mV);

typedef struct cnsim_neuron_result {
    size_t n_samples;           /* sample k at t_ms[k] = k * sample_ms */
    double *t_ms, *v_mV;
    double *i_cl_nA;            /* GABA-A (chloride) current, outward + */
    double *g_gaba_nS;          /* phasic g (1 - A) r plus the tonic conductance */
    double *i_exc_nA;           /* excitatory synaptic current, outward + */
    double *i_inj_nA;           /* injected current */
    size_t n_spikes;
    double *spike_times_ms;     /* threshold crossings (CVODE roots) */
    double firing_rate_hz;      /* n_spikes / duration */
    double mean_v_mV;           /* time average of V over the run (exact integral) */
    double cl_charge_nC;        /* integral of i_cl over the run (exact integral) */
    double e_cl_mV;             /* reversal used */
    double g_tonic_eff_nS;      /* tonic conductance after M and A */
    double modulation;          /* M used */
    size_t n_ipsp_events, n_epsp_events;
    long n_steps;               /* CVODE internal steps */
} cnsim_neuron_result;

/* Runs the protocol in p. On success *out owns every array; release with
 * cnsim_neuron_result_free. CNSIM_E_RANGE for bad parameters,
 * CNSIM_E_SOLVER when integration fails or V leaves finite values (the
 * message gives the time and a remedy), CNSIM_E_NOMEM. *out is NULL on
 * failure. */
cnsim_status cnsim_neuron_run(const cnsim_neuron_params *p, cnsim_neuron_result **out);
void cnsim_neuron_result_free(cnsim_neuron_result *r);   /* NULL is fine */

CNSIM_END_DECLS
#endif
