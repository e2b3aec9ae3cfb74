: Wang & Buzsaki (1996) J Neurosci 16:6402 interneuron, eqs. 1-5: transient
: Na with instantaneous activation m_inf, delayed-rectifier K, phi = 5 on h
: and n; gNa 35, gK 9 mS/cm2, ENa 55, EK -90 mV. Leak is NEURON's pas
: (0.1 mS/cm2, -65 mV). Gates start at steady state at v_init.
NEURON {
    SUFFIX cn_wb
    NONSPECIFIC_CURRENT i
    RANGE gnabar, gkbar, ena_wb, ek_wb, phi
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gnabar = 0.035 (S/cm2)
    gkbar = 0.009 (S/cm2)
    ena_wb = 55 (mV)
    ek_wb = -90 (mV)
    phi = 5
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    minf
    ah (/ms)
    bh (/ms)
    an (/ms)
    bn (/ms)
}

STATE { h n }

BREAKPOINT {
    SOLVE states METHOD cnexp
    rates(v)
    i = gnabar*minf*minf*minf*h*(v - ena_wb) + gkbar*n*n*n*n*(v - ek_wb)
}

INITIAL {
    rates(v)
    h = ah/(ah + bh)
    n = an/(an + bn)
}

DERIVATIVE states {
    rates(v)
    h' = phi*(ah*(1 - h) - bh*h)
    n' = phi*(an*(1 - n) - bn*n)
}

FUNCTION vtrap(x, k) {
    if (fabs(x/k) < 1e-6) {
        vtrap = k*(1 - x/k/2)
    } else {
        vtrap = x/(exp(x/k) - 1)
    }
}

PROCEDURE rates(v (mV)) {
    LOCAL am, bm
    UNITSOFF
    am = 0.1*vtrap(-(v + 35), 10)
    bm = 4*exp(-(v + 60)/18)
    minf = am/(am + bm)
    ah = 0.07*exp(-(v + 58)/20)
    bh = 1/(exp(-0.1*(v + 28)) + 1)
    an = 0.01*vtrap(-(v + 34), 10)
    bn = 0.125*exp(-(v + 44)/80)
    UNITSON
}
