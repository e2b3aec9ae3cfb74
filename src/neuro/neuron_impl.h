/* Declarations shared by the single-neuron files (not public). */
#ifndef CNSIM_NEURON_IMPL_H
#define CNSIM_NEURON_IMPL_H

#include "cnsim/neuron.h"

/* Channel densities of one model, per cm^2 of membrane. */
typedef struct cnsim__neuron_chan {
    double cm_uF_per_cm2;
    double g_na_mS_per_cm2, g_k_mS_per_cm2, g_l_mS_per_cm2;
    double e_na_mV, e_k_mV, e_l_mV;
    int n_gates;   /* gate states integrated: 3 (m h n) or 2 (h n) */
} cnsim__neuron_chan;

const cnsim__neuron_chan *cnsim__neuron_chan_of(cnsim_neuron_model m);

/* Steady-state gate values at v (gates[0..n_gates-1]). */
void cnsim__neuron_gates_inf(cnsim_neuron_model m, double v_mV, double *gates);

/* Gate derivatives (1/ms) at v, and the ionic current density in uA/cm^2
 * (mS/cm^2 * mV), outward positive, including leak. */
void cnsim__neuron_gates_deriv(cnsim_neuron_model m, double v_mV, const double *gates, double *dgates);
double cnsim__neuron_i_ion_uA_per_cm2(cnsim_neuron_model m, double v_mV, const double *gates);

#endif
