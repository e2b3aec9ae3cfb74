: Traub & Miles (1991) Na/K kinetics as in the COBAHH benchmark (Brette et
: al. 2007, Benchmark 3): VT = -63 mV, gNa 100 mS/cm2, gK 30 mS/cm2, ENa 50 mV,
: EK -90 mV. Leak is NEURON's pas (5e-5 S/cm2, -60 mV). Gates start at their
: steady state at v_init, as in cnsim neuron (src/neuro/neuron_models.c).
NEURON {
    SUFFIX cn_tm
    NONSPECIFIC_CURRENT i
    RANGE gnabar, gkbar, ena_tm, ek_tm, vt
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gnabar = 0.1 (S/cm2)
    gkbar = 0.03 (S/cm2)
    ena_tm = 50 (mV)
    ek_tm = -90 (mV)
    vt = -63 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    am (/ms)
    bm (/ms)
    ah (/ms)
    bh (/ms)
    an (/ms)
    bn (/ms)
}

STATE { m h n }

BREAKPOINT {
    SOLVE states METHOD cnexp
    i = gnabar*m*m*m*h*(v - ena_tm) + gkbar*n*n*n*n*(v - ek_tm)
}

INITIAL {
    rates(v)
    m = am/(am + bm)
    h = ah/(ah + bh)
    n = an/(an + bn)
}

DERIVATIVE states {
    rates(v)
    m' = am*(1 - m) - bm*m
    h' = ah*(1 - h) - bh*h
    n' = an*(1 - n) - bn*n
}

FUNCTION vtrap(x, k) {
    if (fabs(x/k) < 1e-6) {
        vtrap = k*(1 - x/k/2)
    } else {
        vtrap = x/(exp(x/k) - 1)
    }
}

PROCEDURE rates(v (mV)) {
    UNITSOFF
    am = 0.32*vtrap(13 - v + vt, 4)
    bm = 0.28*vtrap(v - vt - 40, 5)
    ah = 0.128*exp((17 - v + vt)/18)
    bh = 4/(1 + exp((40 - v + vt)/5))
    an = 0.032*vtrap(15 - v + vt, 5)
    bn = 0.5*exp((10 - v + vt)/40)
    UNITSON
}
